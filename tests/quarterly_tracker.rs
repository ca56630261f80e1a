//! `boardpack quarterly`: the tracker workbook of every quarter of the shipped
//! example, read back with calamine and checked against figures worked out here
//! by hand from the example's own plan and return workbooks (never through the
//! metrics module), and its promises: no Case ID anywhere, the same bytes on
//! every run, nothing written on input errors, no output among the inputs.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use common::{exit_code, read_all, stderr, stdout, Case, Cell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const QUARTERS: [&str; 4] = ["2014-15-Q3", "2014-15-Q4", "2015-16-Q1", "2015-16-Q2"];

type Grid = Vec<Vec<Data>>;

fn label(folder: &str) -> String {
    // 2014-15-Q3 → 2014-15 Q3
    folder.replacen("-Q", " Q", 1)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn date_of(cell: &Data) -> Option<NaiveDate> {
    match cell {
        Data::DateTime(d) => d.as_datetime().map(|t| t.date()),
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok(),
        _ => None,
    }
}

fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn sheet(path: &Path, name: &str) -> Grid {
    read_all(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{} has a sheet {name}", path.display()))
        .1
}

/// The rows of the table whose header row starts with `first`, as maps from
/// header to cell, up to the first row whose first cell is empty.
fn table(grid: &Grid, first: &str) -> Vec<BTreeMap<String, Data>> {
    let header_at = grid
        .iter()
        .position(|row| row.first().map(text).as_deref() == Some(first))
        .unwrap_or_else(|| panic!("a header row starting with {first}"));
    let headers: Vec<String> = grid[header_at].iter().map(text).collect();
    grid[header_at + 1..]
        .iter()
        .take_while(|row| row.first().is_some_and(|c| !text(c).is_empty()))
        .map(|row| {
            headers
                .iter()
                .zip(row.iter().chain(std::iter::repeat(&Data::Empty)))
                .filter(|(h, _)| !h.is_empty())
                .map(|(h, c)| (h.clone(), c.clone()))
                .collect()
        })
        .collect()
}

fn headers(grid: &Grid, first: &str) -> Vec<String> {
    grid.iter()
        .find(|row| row.first().map(text).as_deref() == Some(first))
        .map(|row| row.iter().map(text).filter(|h| !h.is_empty()).collect())
        .unwrap_or_default()
}

fn run_ok(case: &Case, args: &[&str]) {
    let out = case.run(args);
    assert_eq!(
        exit_code(&out),
        0,
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
}

fn tracker(case: &Case, quarter: &str) -> PathBuf {
    case.path(&format!("reports/{quarter}/tracker.xlsx"))
}

// ---------------------------------------------------------------------------
// The example's figures, worked out by hand from its workbooks.

/// What the plan says, read straight from its sheets.
struct PlanByHand {
    submitting: Vec<String>,
    /// Measure code → the agencies that report it (`all` expanded).
    reporters: BTreeMap<String, Vec<String>>,
    /// Measure code → (target, better).
    targets: BTreeMap<String, (f64, String)>,
    tolerance: f64,
}

fn plan_by_hand(case: &Case) -> PlanByHand {
    let path = case.path("plan/delivery-plan.xlsx");
    let agencies = table(&sheet(&path, "Agencies"), "Code");
    let submitting: Vec<String> = agencies
        .iter()
        .filter(|a| text(&a["Submits return"]) == "Yes")
        .map(|a| text(&a["Code"]))
        .collect();
    let mut reporters = BTreeMap::new();
    let mut targets = BTreeMap::new();
    for m in table(&sheet(&path, "Measures"), "Code") {
        let code = text(&m["Code"]);
        let by = text(&m["Reported by"]);
        let list: Vec<String> = if by == "all" {
            submitting.clone()
        } else {
            by.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        reporters.insert(code.clone(), list);
        if let Some(target) = number(&m["Target"]) {
            targets.insert(code, (target, text(&m["Better"])));
        }
    }
    let settings = table(&sheet(&path, "Settings"), "Setting");
    let tolerance = settings
        .iter()
        .find(|s| text(&s["Setting"]) == "RAG tolerance")
        .and_then(|s| number(&s["Value"]))
        .expect("RAG tolerance");
    PlanByHand {
        submitting,
        reporters,
        targets,
        tolerance,
    }
}

/// Each return of a quarter: agency code (from the file name) → its Measures
/// sheet as code → value (`None` for a blank).
fn measures_by_hand(case: &Case, quarter: &str) -> BTreeMap<String, BTreeMap<String, Option<f64>>> {
    let folder = case.path(&format!("data/returns/{quarter}"));
    let mut by_agency = BTreeMap::new();
    for entry in std::fs::read_dir(folder).expect("quarter folder") {
        let path = entry.expect("entry").path();
        let agency = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_uppercase();
        let mut wb = open_workbook_auto(&path).expect("return opens");
        let mut values = BTreeMap::new();
        if let Ok(range) = wb.worksheet_range("Measures") {
            let grid: Grid = range.rows().map(|r| r.to_vec()).collect();
            for row in table(&grid, "Code") {
                values.insert(text(&row["Code"]), number(&row["Value"]));
            }
        }
        by_agency.insert(agency, values);
    }
    by_agency
}

/// One referral of a CSC log, as the test needs it.
struct LogRow {
    case_id: String,
    received: NaiveDate,
    closed: Option<NaiveDate>,
}

fn csc_log(case: &Case, quarter: &str) -> Vec<LogRow> {
    let path = case.path(&format!("data/returns/{quarter}/csc.xlsx"));
    let mut wb = open_workbook_auto(&path).expect("csc return opens");
    let range = wb.worksheet_range("Referrals").expect("Referrals sheet");
    let grid: Grid = range.rows().map(|r| r.to_vec()).collect();
    table(&grid, "Case ID")
        .into_iter()
        .map(|row| LogRow {
            case_id: text(&row["Case ID"]),
            received: date_of(&row["Date received"]).expect("Date received is a date"),
            closed: date_of(&row["Date closed"]),
        })
        .collect()
}

fn quarter_bounds(folder: &str) -> (NaiveDate, NaiveDate) {
    let start_year: i32 = folder[..4].parse().expect("year");
    let (year, month) = match &folder[folder.len() - 1..] {
        "1" => (start_year, 4),
        "2" => (start_year, 7),
        "3" => (start_year, 10),
        _ => (start_year + 1, 1),
    };
    let start = NaiveDate::from_ymd_opt(year, month, 1).expect("start");
    let end = start
        .checked_add_months(chrono::Months::new(3))
        .and_then(|d| d.pred_opt())
        .expect("end");
    (start, end)
}

/// The figures of one quarter worked out by hand.
struct Expected {
    counts: BTreeMap<&'static str, f64>,
    /// RHI_72H_PCT: within 72 hours ÷ offered × 100, one decimal.
    rhi_pct: f64,
    /// Within 72 hours ÷ offered, unrounded: what the tracker stores (its `%`
    /// format shows it to one decimal, as `rhi_pct`).
    rhi_exact: f64,
    ref_new: f64,
    ref_open_end: f64,
    /// Code → every reporter's value is in (a return and a value in it).
    complete: BTreeMap<&'static str, bool>,
}

const HAND_COUNTS: [&str; 5] = [
    "MISSING_EPISODES",
    "RHI_OFFERED",
    "RHI_WITHIN_72H",
    "TRAINED_TIER1",
    "SCREENING_TOOLS",
];

fn expected_for(case: &Case, plan: &PlanByHand, quarter: &str) -> Expected {
    let returns = measures_by_hand(case, quarter);
    let sum = |code: &str| -> f64 {
        plan.reporters[code]
            .iter()
            .filter_map(|agency| returns.get(agency))
            .filter_map(|values| values.get(code).copied().flatten())
            .sum()
    };
    let counts: BTreeMap<&'static str, f64> = HAND_COUNTS.iter().map(|c| (*c, sum(c))).collect();
    let all_in = |code: &str| {
        plan.reporters[code].iter().all(|agency| {
            returns
                .get(agency)
                .and_then(|values| values.get(code).copied().flatten())
                .is_some()
        })
    };
    let mut complete: BTreeMap<&'static str, bool> =
        HAND_COUNTS.iter().map(|c| (*c, all_in(c))).collect();
    complete.insert(
        "RHI_72H_PCT",
        complete["RHI_OFFERED"] && complete["RHI_WITHIN_72H"],
    );
    let rhi_exact = counts["RHI_WITHIN_72H"] / counts["RHI_OFFERED"];
    let rhi_pct = (rhi_exact * 1000.0).round() / 10.0;
    let (start, end) = quarter_bounds(quarter);
    let log = csc_log(case, quarter);
    let ref_new = log
        .iter()
        .filter(|r| r.received >= start && r.received <= end)
        .count() as f64;
    let ref_open_end = log
        .iter()
        .filter(|r| r.received <= end && r.closed.is_none_or(|c| c > end))
        .count() as f64;
    Expected {
        counts,
        rhi_pct,
        rhi_exact,
        ref_new,
        ref_open_end,
        complete,
    }
}

fn rag_by_hand(value: f64, target: f64, better: &str, tolerance: f64) -> &'static str {
    let met = if better == "higher" {
        value >= target
    } else {
        value <= target
    };
    if met {
        "Green"
    } else if (value - target).abs() <= target.abs() * tolerance / 100.0 {
        "Amber"
    } else {
        "Red"
    }
}

fn measure_rows(path: &Path) -> BTreeMap<String, BTreeMap<String, Data>> {
    table(&sheet(path, "Measures"), "Code")
        .into_iter()
        .map(|row| (text(&row["Code"]), row))
        .collect()
}

#[track_caller]
fn assert_value(row: &BTreeMap<String, Data>, column: &str, expected: f64, what: &str) {
    let cell = &row[column];
    let got =
        number(cell).unwrap_or_else(|| panic!("{what} in {column} is a number, got {cell:?}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "{what} in {column}: expected {expected}, the tracker shows {got}"
    );
}

#[test]
fn every_quarters_measures_match_the_figures_worked_out_by_hand() {
    let case = Case::shipped();
    let plan = plan_by_hand(&case);
    assert_eq!(
        plan.submitting.len(),
        12,
        "the example's submitting agencies"
    );
    let by_hand: BTreeMap<&str, Expected> = QUARTERS
        .iter()
        .map(|q| (*q, expected_for(&case, &plan, q)))
        .collect();
    for (i, quarter) in QUARTERS.iter().enumerate() {
        run_ok(&case, &["quarterly", "--quarter", quarter]);
        let path = tracker(&case, quarter);
        let grid = sheet(&path, "Measures");
        let wanted_columns: Vec<String> = QUARTERS[..=i].iter().map(|q| label(q)).collect();
        let shown: Vec<String> = headers(&grid, "Code")
            .into_iter()
            .filter(|h| h.starts_with("20"))
            .collect();
        assert_eq!(
            shown, wanted_columns,
            "{quarter}: one column per quarter up to it"
        );
        let rows = measure_rows(&path);
        // Every earlier column shows what that quarter's own paper showed.
        for shown_quarter in &QUARTERS[..=i] {
            let e = &by_hand[shown_quarter];
            let column = label(shown_quarter);
            for code in HAND_COUNTS {
                assert_value(&rows[code], &column, e.counts[code], code);
            }
            // The exact fraction is stored; the cell's format rounds it.
            assert_value(&rows["RHI_72H_PCT"], &column, e.rhi_exact, "RHI_72H_PCT");
            let stored = number(&rows["RHI_72H_PCT"][&column]).unwrap_or_default();
            assert_eq!(
                (stored * 1000.0).round() / 10.0,
                e.rhi_pct,
                "shown to one decimal"
            );
            assert_value(&rows["REF_NEW"], &column, e.ref_new, "REF_NEW");
            assert_value(
                &rows["REF_OPEN_END"],
                &column,
                e.ref_open_end,
                "REF_OPEN_END",
            );
        }
        let e = &by_hand[quarter];
        let rag_column = format!("RAG {}", label(quarter));
        for (code, value) in [
            ("TRAINED_TIER1", e.counts["TRAINED_TIER1"]),
            ("SCREENING_TOOLS", e.counts["SCREENING_TOOLS"]),
            ("RHI_72H_PCT", e.rhi_pct),
        ] {
            let (target, better) = &plan.targets[code];
            // A figure missing a reporter's value is not coloured (issue 15).
            let expected = if e.complete[code] {
                rag_by_hand(value, *target, better, plan.tolerance)
            } else {
                "Incomplete"
            };
            assert_eq!(
                text(&rows[code][&rag_column]),
                expected,
                "{quarter} {code}: {value} against {target} ({better})"
            );
        }
        assert_value(
            &rows["RHI_72H_PCT"],
            "Target",
            plan.targets["RHI_72H_PCT"].0 / 100.0,
            "target",
        );
        assert_eq!(
            text(&rows["MISSING_EPISODES"][&rag_column]),
            "",
            "no target, no RAG"
        );
    }
}

#[test]
fn the_example_is_not_a_trivial_case_for_the_hand_figures() {
    // Guards the test above: the quarters differ and the missing values matter.
    let case = Case::shipped();
    let plan = plan_by_hand(&case);
    let q1 = expected_for(&case, &plan, "2015-16-Q1");
    let q2 = expected_for(&case, &plan, "2015-16-Q2");
    assert_ne!(q1.counts["SCREENING_TOOLS"], q2.counts["SCREENING_TOOLS"]);
    assert!(q1.ref_new > 0.0 && q2.ref_open_end > 0.0);
    assert!(q2.rhi_pct > 0.0 && q2.rhi_pct < 100.0);
}

fn incomplete(path: &Path, quarter: &str) -> BTreeMap<String, String> {
    let column = format!("Incomplete {}", label(quarter));
    measure_rows(path)
        .into_iter()
        .map(|(code, row)| (code, text(&row[&column])))
        .filter(|(_, note)| !note.is_empty())
        .collect()
}

#[test]
fn the_missing_return_and_the_blank_value_are_named_where_they_leave_figures_incomplete() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly", "--quarter", "2015-16-Q1"]);
    let q1 = incomplete(&tracker(&case, "2015-16-Q1"), "2015-16-Q1");
    let proj28: BTreeMap<String, String> = ["SCREENING_TOOLS", "TRAINED_TIER1", "TRAINED_TIER2"]
        .iter()
        .map(|c| (c.to_string(), "PROJ28 (no return)".to_string()))
        .collect();
    assert_eq!(q1, proj28);

    run_ok(&case, &["quarterly", "--quarter", "2015-16-Q2"]);
    let q2 = incomplete(&tracker(&case, "2015-16-Q2"), "2015-16-Q2");
    let awp: BTreeMap<String, String> =
        [("SCREENING_TOOLS".to_string(), "AWP (blank)".to_string())].into();
    assert_eq!(q2, awp);
}

#[test]
fn the_actions_sheet_tracks_the_example_as_of_the_quarters_last_day() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly"]);
    let path = tracker(&case, "2015-16-Q2");
    let grid = sheet(&path, "Actions");
    let rows = table(&grid, "Ref");
    assert_eq!(rows.len(), 44, "every action of the plan");
    let overdue: BTreeSet<String> = rows
        .iter()
        .filter(|r| text(&r["Overdue"]) == "Yes")
        .map(|r| text(&r["Ref"]))
        .collect();
    let wanted: BTreeSet<String> = ["PP-02", "PV-08", "PV-12"].map(String::from).into();
    assert_eq!(overdue, wanted);
    for r in &rows {
        let days = number(&r["Days overdue"]);
        assert_eq!(
            days.is_some(),
            text(&r["Overdue"]) == "Yes",
            "{}",
            text(&r["Ref"])
        );
        assert!(date_of(&r["Due (plan)"]).is_some(), "Due is a real date");
        assert!(
            date_of(&r["Effective due"]).is_some(),
            "Effective due is a real date"
        );
    }
    let ps05 = rows
        .iter()
        .find(|r| text(&r["Ref"]) == "PS-05")
        .expect("PS-05");
    assert_eq!(number(&ps05["Times revised"]), Some(2.0));
    assert_eq!(number(&ps05["Days slipped"]), Some(275.0));
    assert_eq!(
        date_of(&ps05["Due (plan)"]),
        NaiveDate::from_ymd_opt(2015, 3, 31)
    );
    assert_eq!(
        date_of(&ps05["Effective due"]),
        NaiveDate::from_ymd_opt(2015, 12, 31)
    );
    let history: Vec<String> = headers(&grid, "Ref")
        .into_iter()
        .filter(|h| h.starts_with("20"))
        .collect();
    let all: Vec<String> = QUARTERS.iter().map(|q| label(q)).collect();
    assert_eq!(
        history, all,
        "a status column per quarter up to the as-of date"
    );
    let statuses = [
        "Not started",
        "On track",
        "At risk",
        "Off track",
        "Complete",
        "Cancelled",
    ];
    for r in &rows {
        for q in &all {
            assert!(statuses.contains(&text(&r[q]).as_str()), "{q}: {:?}", r[q]);
        }
    }
    let complete = rows
        .iter()
        .filter(|r| text(&r["Status"]) == "Complete")
        .count();
    assert_eq!(complete, 21, "the example's completed actions");
}

#[test]
fn a_later_as_of_date_moves_the_actions_but_not_the_quarters_figures() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly", "--quarter", "2015-16-Q1"]);
    let measures_before = sheet(&tracker(&case, "2015-16-Q1"), "Measures");
    run_ok(
        &case,
        &[
            "quarterly",
            "--quarter",
            "2015-16-Q1",
            "--as-of",
            "30/09/2015",
        ],
    );
    let path = tracker(&case, "2015-16-Q1");
    let measures_after = sheet(&path, "Measures");
    assert_eq!(
        measures_before, measures_after,
        "the quarter's figures stand"
    );
    let overdue: BTreeSet<String> = table(&sheet(&path, "Actions"), "Ref")
        .iter()
        .filter(|r| text(&r["Overdue"]) == "Yes")
        .map(|r| text(&r["Ref"]))
        .collect();
    assert_eq!(
        overdue,
        ["PP-02", "PV-08", "PV-12"].map(String::from).into()
    );
}

#[test]
fn data_quality_shows_the_late_and_the_missing_return_and_the_diagnostics() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly"]);
    let grid = sheet(&tracker(&case, "2015-16-Q2"), "Data quality");
    let returns = table(&grid, "Quarter");
    assert_eq!(
        returns.len(),
        4 * 12,
        "12 agencies a quarter; PROJ28's absence is a row too"
    );
    let flagged = |column: &str| -> Vec<(String, String)> {
        returns
            .iter()
            .filter(|r| text(&r[column]) == "Yes")
            .map(|r| (text(&r["Quarter"]), text(&r["Agency"])))
            .collect()
    };
    assert_eq!(
        flagged("Late"),
        vec![("2014-15 Q4".into(), "SIRONA".into())]
    );
    assert_eq!(
        flagged("Missing"),
        vec![("2015-16 Q1".into(), "PROJ28".into())]
    );
    let proj28 = returns
        .iter()
        .find(|r| text(&r["Quarter"]) == "2015-16 Q1" && text(&r["Agency"]) == "PROJ28")
        .expect("PROJ28's row");
    assert_eq!(text(&proj28["Received"]), "No");
    assert_eq!(text(&proj28["File"]), "");
    assert_eq!(
        date_of(&proj28["Deadline"]),
        NaiveDate::from_ymd_opt(2015, 7, 15)
    );
    let sirona = returns
        .iter()
        .find(|r| text(&r["Quarter"]) == "2014-15 Q4" && text(&r["Agency"]) == "SIRONA")
        .expect("Sirona's row");
    assert_eq!(
        date_of(&sirona["Date completed"]),
        NaiveDate::from_ymd_opt(2015, 4, 24)
    );
    assert!(text(&sirona["File"]).ends_with("2014-15-Q4/sirona.xlsx"));
    assert_eq!(
        text(&returns[0]["Quarter"]),
        "2015-16 Q2",
        "latest quarter first"
    );

    let diagnostics = table(&grid, "Severity");
    assert_eq!(diagnostics.len(), 1, "the example's one warning");
    let d = &diagnostics[0];
    assert_eq!(text(&d["Severity"]), "Warning");
    assert_eq!(text(&d["Code"]), "return-late");
    assert_eq!(text(&d["Sheet"]), "Return");
    assert_eq!(text(&d["Cell"]), "B5");
    assert!(text(&d["File"]).ends_with("2014-15-Q4/sirona.xlsx"));
    // The paper's wording: what was expected, quoting no input value (the
    // date completed is in the returns table above).
    assert_eq!(
        text(&d["Message"]),
        "the return was completed after its deadline"
    );
}

fn all_case_ids(case: &Case) -> BTreeSet<String> {
    QUARTERS
        .iter()
        .flat_map(|q| csc_log(case, q))
        .map(|r| r.case_id)
        .collect()
}

fn every_text(path: &Path) -> Vec<(String, String)> {
    read_all(path)
        .into_iter()
        .flat_map(|(name, grid)| {
            grid.into_iter()
                .flatten()
                .map(move |cell| (name.clone(), text(&cell)))
        })
        .collect()
}

#[test]
fn no_case_id_reaches_the_tracker_even_from_warnings_about_referrals() {
    let case = Case::shipped();
    // A child under 13 assessed Low raises a warning about that very referral.
    let log = "data/returns/2015-16-Q2/csc.xlsx";
    case.edit(log, "Referrals", "D2", Cell::Number(12.0));
    case.edit(log, "Referrals", "H2", Cell::Text("Low"));
    let case_ids = all_case_ids(&case);
    assert!(case_ids.len() > 40, "the example's logs hold many Case IDs");
    for quarter in QUARTERS {
        run_ok(&case, &["quarterly", "--quarter", quarter]);
        let path = tracker(&case, quarter);
        for (sheet_name, cell) in every_text(&path) {
            for id in &case_ids {
                assert!(
                    !cell.contains(id.as_str()),
                    "{quarter} › {sheet_name}: “{cell}” contains a Case ID"
                );
            }
        }
    }
    let grid = sheet(&tracker(&case, "2015-16-Q2"), "Data quality");
    let codes: Vec<String> = table(&grid, "Severity")
        .iter()
        .map(|d| text(&d["Code"]))
        .collect();
    assert!(
        codes.contains(&"under-13-assessed-low".to_string()),
        "the referral warning is listed: {codes:?}"
    );
}

#[test]
fn two_runs_write_identical_bytes() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly", "--out", "first"]);
    run_ok(&case, &["quarterly", "--out", "second"]);
    let first = std::fs::read(case.path("first/2015-16-Q2/tracker.xlsx")).expect("first");
    let second = std::fs::read(case.path("second/2015-16-Q2/tracker.xlsx")).expect("second");
    assert!(first == second, "the same inputs give the same bytes");
}

#[test]
fn nothing_is_written_when_the_inputs_have_errors() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly"]);
    let path = tracker(&case, "2015-16-Q2");
    let before = std::fs::read(&path).expect("tracker");
    case.edit(
        "data/returns/2015-16-Q2/police.xlsx",
        "Measures",
        "C2",
        Cell::Text("twelve"),
    );
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("count-invalid"), "{}", stderr(&out));
    assert!(
        std::fs::read(&path).expect("tracker") == before,
        "the earlier tracker is untouched"
    );
    let out = case.run(&["quarterly", "--out", "fresh"]);
    assert_eq!(exit_code(&out), 1);
    assert!(!case.path("fresh").exists(), "no folder made either");
}

#[test]
fn an_output_among_the_inputs_and_bad_arguments_are_refused() {
    let case = Case::shipped();
    let out = case.run(&["quarterly", "--out", "data/returns/reports"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(!case.path("data/returns/reports").exists());
    for args in [
        ["quarterly", "--quarter", "2015-16-Q5"],
        ["quarterly", "--as-of", "31/31/2015"],
    ] {
        let out = case.run(&args);
        assert_eq!(exit_code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    let out = case.run(&[
        "quarterly",
        "--quarter",
        "2015-16-Q2",
        "--as-of",
        "2015-06-30",
    ]);
    assert_eq!(exit_code(&out), 2);
    assert!(
        stderr(&out).contains("before 2015-16 Q2 begins"),
        "{}",
        stderr(&out)
    );
    assert!(
        !case.path("reports").exists(),
        "nothing written by a refused run"
    );
}

#[test]
fn the_workbook_is_set_up_for_reading_filtering_and_printing() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly"]);
    let bytes = std::fs::read(tracker(&case, "2015-16-Q2")).expect("tracker");
    let names: Vec<String> = read_all(&tracker(&case, "2015-16-Q2"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["Actions", "Measures", "Data quality"]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut part = |name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut xml).expect("xml");
        xml
    };
    for n in 1..=3 {
        let xml = part(&format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            xml.contains("<pane ySplit=\"3\""),
            "sheet {n}: header rows frozen"
        );
        assert!(xml.contains("<autoFilter"), "sheet {n}: filter buttons");
        assert!(
            xml.contains("orientation=\"landscape\""),
            "sheet {n}: landscape"
        );
        assert!(xml.contains("OFFICIAL-SENSITIVE"), "sheet {n}: marked");
        assert!(!xml.contains("<f>"), "sheet {n}: no formulas");
    }
    let styles = part("xl/styles.xml");
    for colour in ["D4351C", "FFBF47", "00703C", "1D70B8", "B1B4B6"] {
        assert!(styles.contains(colour), "RAG fill {colour}");
    }
    for format in ["dd/mm/yyyy", "0.0%"] {
        assert!(styles.contains(format), "number format {format}");
    }
    assert!(
        part("docProps/core.xml").contains("2015-09-30T00:00:00Z"),
        "created as of the as-of date"
    );
    assert!(
        part("xl/tables/table1.xml").contains("Severity"),
        "diagnostics as a table"
    );
}

/// Printed (LibreOffice, A4 landscape), a sheet wider than a page runs on
/// to continued pages with its first column repeated. A title or note
/// written in that column and left to overflow was cut at its edge on each
/// of them ("Measures, 2014-1"), and the note's overflow printed over the
/// continued columns. So the first column of the title rows holds at most
/// the sheet's name, where it fits; the title and note are merged across the
/// next columns (those of the first page) and wrap there.
#[test]
fn printed_titles_are_never_cut_on_a_continued_page() {
    let case = Case::shipped();
    run_ok(&case, &["quarterly"]);
    let path = tracker(&case, "2015-16-Q2");
    let bytes = std::fs::read(&path).expect("tracker");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut part = |name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut xml).expect("xml");
        xml
    };
    let workbook = part("xl/workbook.xml");
    for (n, (name, grid)) in read_all(&path).into_iter().enumerate() {
        let xml = part(&format!("xl/worksheets/sheet{}.xml", n + 1));
        let cell = |r: usize, c: usize| grid.get(r).and_then(|row| row.get(c)).map(text);
        let a1 = cell(0, 0).unwrap_or_default();
        assert!(a1.is_empty() || a1 == name, "{name}: A1 is {a1:?}");
        if a1 == name {
            // Its longest word at 14 points bold, in a font up to 1.25 times
            // wider than Calibri, within the first column's width.
            let width: f64 = xml
                .split("<col min=\"1\" max=\"1\" width=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|w| w.parse().ok())
                .expect("the first column's width");
            for word in name.split_whitespace() {
                let needed = word.chars().count() as f64 * 14.0 / 11.0 * 1.25;
                assert!(needed <= width, "{name}: {word} in a column {width} wide");
            }
        }
        assert_eq!(
            cell(1, 0).unwrap_or_default(),
            "",
            "{name}: A2 holds no note"
        );
        let title = cell(0, 1).unwrap_or_default();
        assert!(
            title.contains("CSE / Missing Children"),
            "{name}: B1 {title:?}"
        );
        assert!(
            cell(1, 1)
                .unwrap_or_default()
                .contains("OFFICIAL-SENSITIVE"),
            "{name}: the note in B2"
        );
        for row in [1, 2] {
            assert!(
                xml.contains(&format!("<mergeCell ref=\"B{row}:")),
                "{name}: row {row} merged from B"
            );
        }
        // The first column is the one repeated on continued pages.
        let titles = format!("localSheetId=\"{n}\">'{name}'!$A:$A");
        let titles_plain = format!("localSheetId=\"{n}\">{name}!$A:$A");
        assert!(
            workbook.contains(&titles) || workbook.contains(&titles_plain),
            "{name}: column A repeated: {workbook}"
        );
    }
}
