//! Whatever lands in the data folder and the plan (issue 14): pipes, devices,
//! folders and links where a return should be, settings and values out of
//! their ranges, dates a writer cannot hold, a plan with no actions, and two
//! runs writing into one folder. Every case gets a clear error or correct
//! papers from the real binary, and never a hang: the runs that could wait
//! are killed by the harness after a timeout, which is then a failure.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what a check of one quarter takes, far below forever.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the binary in `dir`, killing it after `TIMEOUT`: a run that has to be
/// killed fails the test, naming what it waited on.
fn run_with_timeout(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("poll the run").is_some() {
            return child.wait_with_output().expect("the run's output");
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "boardpack {} was still running after {TIMEOUT:?}: it waited on something it must not open",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check_json(case: &Case) -> (i32, Vec<serde_json::Value>) {
    let out = run_with_timeout(case.dir.path(), &["check", "--json"]);
    let diags = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --json printed JSON ({e}): {}{}",
            stdout(&out),
            stderr(&out)
        )
    });
    (exit_code(&out), diags)
}

const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn assert_not_regular(diags: &[serde_json::Value], says: &str) {
    assert_diag(
        diags,
        "error",
        "file-not-regular",
        "police.xlsx",
        None,
        None,
    );
    let message = with_code(diags, "file-not-regular")[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains(says), "{message}");
}

#[test]
fn a_named_pipe_named_like_a_return_is_an_error_and_nothing_waits_on_it() {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::remove_file(case.path(POLICE)).expect("remove police");
    mkfifo(&case.path(POLICE));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    assert_not_regular(&diags, "a named pipe");
}

#[test]
fn a_link_to_dev_zero_named_like_a_return_is_an_error_and_nothing_is_read() {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::remove_file(case.path(POLICE)).expect("remove police");
    std::os::unix::fs::symlink("/dev/zero", case.path(POLICE)).expect("link");
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    assert_not_regular(&diags, "a link to a device");
}

#[test]
fn a_pipe_as_the_plan_stops_the_run_before_it_starts() {
    let case = Case::clean(&["2014-15-Q3"]);
    let plan = case.path("plan/delivery-plan.xlsx");
    std::fs::remove_file(&plan).expect("remove plan");
    mkfifo(&plan);
    let out = run_with_timeout(case.dir.path(), &["check"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("a named pipe"), "{}", stderr(&out));
}

#[test]
fn a_folder_named_like_a_return_is_an_error_and_a_sub_folder_a_warning() {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::remove_file(case.path(POLICE)).expect("remove police");
    std::fs::create_dir(case.path(POLICE)).expect("folder named like a return");
    let older = case.path("data/returns/2014-15-Q3/older versions");
    std::fs::create_dir(&older).expect("sub-folder");
    std::fs::copy(
        case.path("data/returns/2014-15-Q3/csc.xlsx"),
        older.join("csc.xlsx"),
    )
    .expect("a return in the sub-folder");
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    assert_not_regular(&diags, "a folder");
    assert_diag(
        &diags,
        "warning",
        "folder-ignored",
        "2014-15-Q3/older versions",
        None,
        None,
    );
    assert!(
        diags
            .iter()
            .all(|d| !d["file"].as_str().unwrap_or("").contains("older versions/")),
        "the sub-folder is not searched"
    );
}

#[test]
fn a_link_to_a_real_return_is_read_as_the_return() {
    let case = Case::clean(&["2014-15-Q3"]);
    let kept = case.path("police-original.xlsx");
    std::fs::rename(case.path(POLICE), &kept).expect("move police");
    std::os::unix::fs::symlink(&kept, case.path(POLICE)).expect("link");
    let (code, diags) = check_json(&case);
    assert_eq!(code, 0, "{diags:#?}");
}

// ---- Settings ranges ----

const PLAN: &str = "plan/delivery-plan.xlsx";

/// Settings' Value cells in the clean plan.
fn setting_rejected(cell: &str, value: Cell) {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Settings", cell, value.clone());
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1, "{value:?} at {cell}: {diags:#?}");
    assert_diag(
        &diags,
        "error",
        "setting-out-of-range",
        "delivery-plan.xlsx",
        Some("Settings"),
        Some(cell),
    );
}

#[test]
fn a_return_deadline_of_a_hundred_million_days_is_an_error_not_a_panic() {
    setting_rejected("B8", Cell::Number(100_000_000.0));
    setting_rejected("B8", Cell::Number(366.0));
}

#[test]
fn settings_outside_their_ranges_are_errors_at_their_cells() {
    setting_rejected("B6", Cell::Number(0.0));
    setting_rejected("B6", Cell::Number(101.0));
    setting_rejected("B7", Cell::Number(366.0));
    setting_rejected("B5", Cell::Number(0.0));
    setting_rejected("B5", Cell::Number(10_000_001.0));
}

#[test]
fn settings_at_the_ends_of_their_ranges_are_accepted() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Settings", "B5", Cell::Number(10_000_000.0));
    case.edit(PLAN, "Settings", "B6", Cell::Number(100.0));
    case.edit(PLAN, "Settings", "B7", Cell::Number(0.0));
    case.edit(PLAN, "Settings", "B8", Cell::Number(365.0));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn a_rag_tolerance_over_100_is_an_error_at_its_cell() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Settings", "A10", Cell::Text("RAG tolerance"));
    case.edit(PLAN, "Settings", "B10", Cell::Number(100.5));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "setting-out-of-range",
        "delivery-plan.xlsx",
        Some("Settings"),
        Some("B10"),
    );
}

// ---- Dates and counts ----

/// A real spreadsheet date holding the serial number `serial` (as a cell
/// formatted as a date, where a user typed a number).
fn date_serial(path: &Path, sheet: &str, cell: &str, serial: f64) {
    edit_sheets(path, |sheets| {
        let grid = &mut sheets
            .iter_mut()
            .find(|(n, _)| n == sheet)
            .expect("sheet")
            .1;
        let (r, c) = a1_to_rc(cell);
        put(
            grid,
            r as usize,
            c as usize,
            calamine::Data::DateTime(calamine::ExcelDateTime::new(
                serial,
                calamine::ExcelDateTimeType::DateTime,
                false,
            )),
        );
    });
}

#[test]
fn a_due_date_a_workbook_cannot_hold_is_an_error_at_its_cell() {
    for serial in [-5.0, 3_000_000.0] {
        let case = Case::clean(&["2014-15-Q3"]);
        date_serial(&case.path(PLAN), "Actions", "H2", serial);
        let (code, diags) = check_json(&case);
        assert_eq!(code, 1, "Due serial {serial}: {diags:#?}");
        assert_diag(
            &diags,
            "error",
            "date-invalid",
            "delivery-plan.xlsx",
            Some("Actions"),
            Some("H2"),
        );
    }
}

#[test]
fn dates_before_2000_or_far_ahead_are_warnings_and_the_papers_are_made() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Actions", "H2", Cell::Date(1999, 12, 31));
    // The latest quarter ends 31/12/2014: five years on is 31/12/2019.
    case.edit(PLAN, "Actions", "H3", Cell::Date(2020, 1, 1));
    case.edit(PLAN, "Actions", "H4", Cell::Date(2019, 12, 31));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 0, "{diags:#?}");
    for cell in ["H2", "H3"] {
        assert_diag(
            &diags,
            "warning",
            "date-implausible",
            "delivery-plan.xlsx",
            Some("Actions"),
            Some(cell),
        );
    }
    let implausible = with_code(&diags, "date-implausible");
    assert_eq!(implausible.len(), 2, "{implausible:#?}");
    let out = run_with_timeout(case.dir.path(), &["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
}

#[test]
fn a_count_past_a_million_is_an_error_at_its_cell() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(POLICE, "Measures", "C2", Cell::Text("18446744073709551615"));
    case.edit(POLICE, "Measures", "C3", Cell::Number(1_000_001.0));
    case.edit(POLICE, "Measures", "C6", Cell::Number(1_000_000.0));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    for cell in ["C2", "C3"] {
        assert_diag(
            &diags,
            "error",
            "count-too-large",
            "police.xlsx",
            Some("Measures"),
            Some(cell),
        );
    }
    assert_eq!(
        with_code(&diags, "count-too-large").len(),
        2,
        "1,000,000 itself is allowed"
    );
}

#[test]
fn a_numerator_larger_than_its_denominator_is_an_error_naming_both_cells() {
    let case = Case::clean(&["2014-15-Q3"]);
    // CHARGE_RATE = CHARGES (C5) ÷ ARRESTS (C4), both from the police alone.
    case.edit(POLICE, "Measures", "C5", Cell::Number(5.0));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "ratio-over-100",
        "police.xlsx",
        Some("Measures"),
        Some("C5"),
    );
    let message = with_code(&diags, "ratio-over-100")[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("CHARGE_RATE") && message.contains("› C4") && message.contains("› C5"),
        "{message}"
    );
}

// ---- A plan with no actions ----

#[test]
fn a_plan_with_no_action_rows_gives_every_paper() {
    let case = Case::clean(&["2014-15-Q3"]);
    edit_sheets(&case.path(PLAN), |sheets| {
        let actions = &mut sheets
            .iter_mut()
            .find(|(n, _)| n == "Actions")
            .expect("Actions")
            .1;
        actions.truncate(1);
    });
    // The returns' Actions rows now name Refs the plan does not have.
    for entry in std::fs::read_dir(case.path("data/returns/2014-15-Q3")).expect("returns") {
        edit_sheets(&entry.expect("entry").path(), |sheets| {
            if let Some((_, grid)) = sheets.iter_mut().find(|(n, _)| n == "Actions") {
                grid.truncate(1);
            }
        });
    }
    let (code, diags) = check_json(&case);
    assert_eq!(code, 0, "{diags:#?}");
    for args in [&["quarterly"][..], &["annual"], &["returns"]] {
        let out = run_with_timeout(case.dir.path(), args);
        assert_eq!(exit_code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    assert!(case
        .path("reports/2014-15-Q3/subgroup-report.pdf")
        .is_file());
}

// ---- Text the fonts cannot show ----

#[test]
fn text_the_fonts_cannot_show_is_a_warning_at_its_cell_and_the_papers_are_made() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        PLAN,
        "Actions",
        "D2",
        // 🧒 (U+1F9D2) has no face; 😀 is one of DejaVu's emoticons.
        Cell::Text("Brief staff at 巴斯 centre 😀 🧒"),
    );
    case.edit(
        PLAN,
        "Actions",
        "D3",
        Cell::Text("Agree a protocol with مركز باث"),
    );
    case.edit(PLAN, "Actions", "D4", Cell::Text("Ćwiczenia – Română: ș ț"));
    let (code, diags) = check_json(&case);
    assert_eq!(code, 0, "{diags:#?}");
    // Only the emoji: Chinese, Arabic (shaped, right to left), Polish and
    // Romanian all have a face (tests/other_scripts.rs reads them back).
    assert_diag(
        &diags,
        "warning",
        "text-not-shown",
        "delivery-plan.xlsx",
        Some("Actions"),
        Some("D2"),
    );
    assert_eq!(
        with_code(&diags, "text-not-shown").len(),
        1,
        "only the emoji cannot be shown"
    );
    let out = run_with_timeout(case.dir.path(), &["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
}
