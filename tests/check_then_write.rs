//! The promise `check` makes: for any inputs it accepts (exit 0), `quarterly`,
//! `annual` and `returns` succeed. A property test edits a few cells of the
//! plan and of the returns at random — values at and past every range, dates
//! a workbook cannot hold, vocabulary, blanks, scripts the fonts may lack —
//! runs `check`, and when it accepts, runs every writer on the same inputs.
//! `check` itself may refuse (exit 1) but never fails to run or panics.
//!
//! The case count is modest (each case runs the real binary up to four
//! times); `PROPTEST_CASES` raises it for a longer hunt.

mod common;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use common::*;
use proptest::prelude::*;

const QUARTER: &str = "2014-15-Q3";

/// Workbooks and sheets a case may edit, with the rows and columns that hold
/// data in the clean set (so most edits land on a value that matters).
const TARGETS: &[(&str, &str, u32, u16)] = &[
    ("plan/delivery-plan.xlsx", "Settings", 9, 1),
    ("plan/delivery-plan.xlsx", "Agencies", 11, 4),
    ("plan/delivery-plan.xlsx", "Actions", 31, 9),
    ("plan/delivery-plan.xlsx", "Measures", 29, 10),
    ("data/returns/2014-15-Q3/police.xlsx", "Return", 5, 1),
    ("data/returns/2014-15-Q3/police.xlsx", "Actions", 7, 6),
    ("data/returns/2014-15-Q3/police.xlsx", "Measures", 7, 3),
    ("data/returns/2014-15-Q3/csc.xlsx", "Measures", 8, 3),
    ("data/returns/2014-15-Q3/csc.xlsx", "Referrals", 30, 11),
    ("data/returns/2014-15-Q3/barnardos.xlsx", "Measures", 8, 3),
];

#[derive(Clone, Debug)]
struct Edit {
    target: usize,
    row: u32,
    col: u16,
    value: Data,
}

fn date_serial(serial: f64) -> Data {
    Data::DateTime(ExcelDateTime::new(
        serial,
        ExcelDateTimeType::DateTime,
        false,
    ))
}

fn values() -> impl Strategy<Value = Data> {
    let numbers = prop::sample::select(vec![
        -5.0,
        0.0,
        1.0,
        5.0,
        100.0,
        101.0,
        365.0,
        366.0,
        1_000_000.0,
        1_000_001.0,
        10_000_001.0,
        3_000_000.0,
        1e15,
        -1e300,
        0.5,
        42017.0,
    ])
    .prop_map(Data::Float);
    let texts = prop::sample::select(vec![
        "",
        " ",
        "N/A",
        "twelve",
        "2014-15 Q3",
        "2015-16 Q1",
        "Yes",
        "No",
        "31/12/2099",
        "01/01/1900",
        "01/01/0001",
        "1899-12-30",
        "9999-12-31",
        "Complete",
        "Cancelled",
        "On track",
        "POLICE",
        "CSC",
        "OTHER",
        "all",
        "ratio",
        "count",
        "referral",
        "sum",
        "last",
        "mean",
        "higher",
        "lower",
        "High",
        "Low",
        "Female",
        "CSE-0999",
        "18446744073709551615",
        "巴斯市中心 😀",
        "مركز باث",
        "Ünïcödé & <tag> “quoted”",
        "#DIV/0!",
        "Due soon days",
        "Suppression threshold",
    ])
    .prop_map(|s| Data::String(s.to_string()));
    let dates = prop::sample::select(vec![
        -5.0,
        1.0,
        36525.0,
        36526.0,
        42017.0,
        44000.0,
        73051.0,
        2_958_465.0,
        3e6,
    ])
    .prop_map(date_serial);
    prop_oneof![
        3 => numbers,
        4 => texts,
        2 => dates,
        1 => Just(Data::Empty),
        1 => any::<bool>().prop_map(Data::Bool),
    ]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let one = (0..TARGETS.len())
        .prop_flat_map(|target| {
            let (_, _, rows, cols) = TARGETS[target];
            (Just(target), 1..=rows, 0..=cols, values())
        })
        .prop_map(|(target, row, col, value)| Edit {
            target,
            row,
            col,
            value,
        });
    prop::collection::vec(one, 1..4)
}

fn apply(case: &Case, edit: &Edit) {
    let (file, sheet, _, _) = TARGETS[edit.target];
    edit_sheets(&case.path(file), |sheets| {
        if let Some((_, grid)) = sheets.iter_mut().find(|(n, _)| n.trim() == sheet) {
            put(
                grid,
                edit.row as usize,
                edit.col as usize,
                edit.value.clone(),
            );
        }
    });
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn what_check_accepts_every_writer_takes(edits in edits()) {
        let case = Case::clean(&[QUARTER]);
        for edit in &edits {
            apply(&case, edit);
        }
        let checked = case.run(&["check"]);
        let code = exit_code(&checked);
        prop_assert!(code == 0 || code == 1, "check exited {code}: {}", stderr(&checked));
        if code == 0 {
            for args in [&["quarterly"][..], &["annual"], &["returns"]] {
                let out = case.run(args);
                prop_assert_eq!(
                    exit_code(&out),
                    0,
                    "check accepted, {:?} failed: {}",
                    args,
                    stderr(&out)
                );
            }
        }
    }
}
