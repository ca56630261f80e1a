//! One case per rule of data-contract.md §1–2: each starts from a valid quarter
//! (2014-15 Q3 of the foreign clean set), breaks one thing the way a user
//! might, and asserts the diagnostic's severity, code and place — and that the
//! binary never panics. For every error, a writing command (`returns`) on the
//! same inputs exits 1 and writes nothing.

mod common;

use common::Cell::{Blank, Date, Number, Text};
use common::*;

const PLAN: &str = "plan/delivery-plan.xlsx";
const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";
const CSC: &str = "data/returns/2014-15-Q3/csc.xlsx";

/// (file, sheet, cell, new value)
type Edit = (&'static str, &'static str, &'static str, Cell);

struct Rule {
    name: &'static str,
    edits: Vec<Edit>,
    severity: &'static str,
    code: &'static str,
    file: &'static str,
    sheet: Option<&'static str>,
    cell: Option<&'static str>,
}

fn rule(
    severity: &'static str,
    name: &'static str,
    edits: Vec<Edit>,
    code: &'static str,
    file: &'static str,
    sheet: &'static str,
    cell: &'static str,
) -> Rule {
    Rule {
        name,
        edits,
        severity,
        code,
        file,
        sheet: Some(sheet),
        cell: Some(cell),
    }
}

fn err(
    name: &'static str,
    edits: Vec<Edit>,
    code: &'static str,
    file: &'static str,
    sheet: &'static str,
    cell: &'static str,
) -> Rule {
    rule("error", name, edits, code, file, sheet, cell)
}

fn warn(
    name: &'static str,
    edits: Vec<Edit>,
    code: &'static str,
    file: &'static str,
    sheet: &'static str,
    cell: &'static str,
) -> Rule {
    rule("warning", name, edits, code, file, sheet, cell)
}

fn cell_rules() -> Vec<Rule> {
    vec![
        // Plan › Settings
        warn(
            "unknown setting",
            vec![(PLAN, "Settings", "A9", Text("Colour scheme"))],
            "setting-unknown",
            PLAN,
            "Settings",
            "A9",
        ),
        err(
            "setting not a number",
            vec![(PLAN, "Settings", "B6", Text("five"))],
            "count-invalid",
            PLAN,
            "Settings",
            "B6",
        ),
        err(
            "setting given twice",
            vec![(PLAN, "Settings", "A9", Text("board"))],
            "key-duplicate",
            PLAN,
            "Settings",
            "A9",
        ),
        // Plan › Agencies
        err(
            "agency code twice",
            vec![(PLAN, "Agencies", "A3", Text("POLICE"))],
            "key-duplicate",
            PLAN,
            "Agencies",
            "A3",
        ),
        err(
            "agency code with a space",
            vec![(PLAN, "Agencies", "A11", Text("LSCB UNIT"))],
            "code-invalid",
            PLAN,
            "Agencies",
            "A11",
        ),
        err(
            "submits return not yes/no",
            vec![(PLAN, "Agencies", "E11", Text("Sometimes"))],
            "yes-no-invalid",
            PLAN,
            "Agencies",
            "E11",
        ),
        err(
            "agency name blank",
            vec![(PLAN, "Agencies", "B4", Blank)],
            "value-missing",
            PLAN,
            "Agencies",
            "B4",
        ),
        // Plan › Actions
        err(
            "action Ref twice",
            vec![(PLAN, "Actions", "A3", Text("PV-01"))],
            "key-duplicate",
            PLAN,
            "Actions",
            "A3",
        ),
        err(
            "row without Ref",
            vec![(PLAN, "Actions", "A2", Blank)],
            "key-missing",
            PLAN,
            "Actions",
            "A2",
        ),
        err(
            "unknown strand",
            vec![(PLAN, "Actions", "B2", Text("Prevail"))],
            "value-invalid",
            PLAN,
            "Actions",
            "B2",
        ),
        err(
            "lead agency not in Agencies",
            vec![(PLAN, "Actions", "E2", Text("NHS"))],
            "agency-unknown",
            PLAN,
            "Actions",
            "E2",
        ),
        err(
            "due date blank",
            vec![(PLAN, "Actions", "H2", Blank)],
            "value-missing",
            PLAN,
            "Actions",
            "H2",
        ),
        err(
            "due date US order",
            vec![(PLAN, "Actions", "H2", Text("12/31/2014"))],
            "date-invalid",
            PLAN,
            "Actions",
            "H2",
        ),
        err(
            "due date in words",
            vec![(PLAN, "Actions", "H2", Text("end of March"))],
            "date-invalid",
            PLAN,
            "Actions",
            "H2",
        ),
        err(
            "due date impossible",
            vec![(PLAN, "Actions", "H2", Text("31/02/2015"))],
            "date-invalid",
            PLAN,
            "Actions",
            "H2",
        ),
        err(
            "owner blank",
            vec![(PLAN, "Actions", "F2", Blank)],
            "value-missing",
            PLAN,
            "Actions",
            "F2",
        ),
        warn(
            "start after due",
            vec![(PLAN, "Actions", "G2", Date(2016, 1, 1))],
            "start-after-due",
            PLAN,
            "Actions",
            "G2",
        ),
        // Plan › Measures
        err(
            "measure code twice",
            vec![(PLAN, "Measures", "A3", Text("MISSING_EPISODES"))],
            "key-duplicate",
            PLAN,
            "Measures",
            "A3",
        ),
        err(
            "unknown kind",
            vec![(PLAN, "Measures", "D2", Text("tally"))],
            "value-invalid",
            PLAN,
            "Measures",
            "D2",
        ),
        err(
            "ratio numerator not in catalogue",
            vec![(PLAN, "Measures", "F5", Text("RHI_WITHIN_48H"))],
            "measure-unknown",
            PLAN,
            "Measures",
            "F5",
        ),
        err(
            "ratio without denominator",
            vec![(PLAN, "Measures", "G5", Blank)],
            "value-missing",
            PLAN,
            "Measures",
            "G5",
        ),
        err(
            "count without Reported by",
            vec![(PLAN, "Measures", "E2", Blank)],
            "value-missing",
            PLAN,
            "Measures",
            "E2",
        ),
        err(
            "reported by unknown agency",
            vec![(PLAN, "Measures", "E2", Text("POLICE, FIRE"))],
            "agency-unknown",
            PLAN,
            "Measures",
            "E2",
        ),
        err(
            "referral kind with a non-referral code",
            vec![(PLAN, "Measures", "D2", Text("referral"))],
            "referral-code-unknown",
            PLAN,
            "Measures",
            "A2",
        ),
        err(
            "target without Better",
            vec![(PLAN, "Measures", "J2", Blank)],
            "value-missing",
            PLAN,
            "Measures",
            "J2",
        ),
        err(
            "target not a number",
            vec![(PLAN, "Measures", "I2", Text("sixty"))],
            "number-invalid",
            PLAN,
            "Measures",
            "I2",
        ),
        err(
            "unknown roll-up",
            vec![(PLAN, "Measures", "H2", Text("total"))],
            "value-invalid",
            PLAN,
            "Measures",
            "H2",
        ),
        err(
            "publish not yes/no",
            vec![(PLAN, "Measures", "K2", Text("maybe"))],
            "yes-no-invalid",
            PLAN,
            "Measures",
            "K2",
        ),
        err(
            "measure code with spaces",
            vec![(PLAN, "Measures", "A2", Text("MISSING EPISODES"))],
            "code-invalid",
            PLAN,
            "Measures",
            "A2",
        ),
        // Return › Return
        err(
            "agency field disagrees with file name",
            vec![(POLICE, "Return", "B2", Text("EDU"))],
            "return-agency-mismatch",
            POLICE,
            "Return",
            "B2",
        ),
        err(
            "quarter field disagrees with folder",
            vec![(POLICE, "Return", "B3", Text("2014-15 Q4"))],
            "return-quarter-mismatch",
            POLICE,
            "Return",
            "B3",
        ),
        err(
            "quarter with non-consecutive years",
            vec![(POLICE, "Return", "B3", Text("2014-16 Q3"))],
            "quarter-invalid",
            POLICE,
            "Return",
            "B3",
        ),
        err(
            "quarter Q5",
            vec![(POLICE, "Return", "B3", Text("2014-15 Q5"))],
            "quarter-invalid",
            POLICE,
            "Return",
            "B3",
        ),
        warn(
            "late return",
            vec![(POLICE, "Return", "B5", Date(2015, 2, 1))],
            "return-late",
            POLICE,
            "Return",
            "B5",
        ),
        err(
            "date completed not a date",
            vec![(POLICE, "Return", "B5", Text("last Tuesday"))],
            "date-invalid",
            POLICE,
            "Return",
            "B5",
        ),
        warn(
            "unknown return field",
            vec![
                (POLICE, "Return", "A6", Text("Signed off")),
                (POLICE, "Return", "B6", Text("Yes")),
            ],
            "field-unknown",
            POLICE,
            "Return",
            "A6",
        ),
        // Return › Actions
        err(
            "Ref not in the plan",
            vec![(POLICE, "Actions", "A2", Text("PV-99"))],
            "action-ref-unknown",
            POLICE,
            "Actions",
            "A2",
        ),
        warn(
            "Ref led by another agency",
            vec![(POLICE, "Actions", "A2", Text("PV-01"))],
            "action-ref-other-agency",
            POLICE,
            "Actions",
            "A2",
        ),
        err(
            "same Ref twice",
            vec![(POLICE, "Actions", "A3", Text("PV-05"))],
            "action-ref-duplicate",
            POLICE,
            "Actions",
            "A3",
        ),
        err(
            "unknown status",
            vec![(POLICE, "Actions", "D2", Text("Done"))],
            "value-invalid",
            POLICE,
            "Actions",
            "D2",
        ),
        err(
            "status blank",
            vec![(POLICE, "Actions", "D2", Blank)],
            "value-missing",
            POLICE,
            "Actions",
            "D2",
        ),
        err(
            "revised due not a date",
            vec![(POLICE, "Actions", "F2", Text("soon"))],
            "date-invalid",
            POLICE,
            "Actions",
            "F2",
        ),
        warn(
            "unknown column",
            vec![(POLICE, "Actions", "H1", Text("RAG (local)"))],
            "column-unknown",
            POLICE,
            "Actions",
            "H1",
        ),
        // Return › Measures
        err(
            "count as a word",
            vec![(POLICE, "Measures", "C2", Text("twelve"))],
            "count-invalid",
            POLICE,
            "Measures",
            "C2",
        ),
        err(
            "count with a fraction",
            vec![(POLICE, "Measures", "C2", Text("12.5"))],
            "count-invalid",
            POLICE,
            "Measures",
            "C2",
        ),
        err(
            "negative count",
            vec![(POLICE, "Measures", "C2", Number(-3.0))],
            "count-invalid",
            POLICE,
            "Measures",
            "C2",
        ),
        err(
            "formula error value",
            vec![(POLICE, "Measures", "C2", Text("#DIV/0!"))],
            "formula-error",
            POLICE,
            "Measures",
            "C2",
        ),
        warn(
            "code not in catalogue",
            vec![(POLICE, "Measures", "A2", Text("MISSING_KIDS"))],
            "measure-unknown",
            POLICE,
            "Measures",
            "A2",
        ),
        warn(
            "code the agency does not report",
            vec![(POLICE, "Measures", "A2", Text("SCHOOL_SESSIONS"))],
            "measure-not-reported-by-agency",
            POLICE,
            "Measures",
            "A2",
        ),
        err(
            "same code twice",
            vec![(POLICE, "Measures", "A3", Text("MISSING_EPISODES"))],
            "measure-code-duplicate",
            POLICE,
            "Measures",
            "A3",
        ),
        err(
            "value without code",
            vec![(POLICE, "Measures", "A2", Blank)],
            "key-missing",
            POLICE,
            "Measures",
            "A2",
        ),
        // Return › Referrals
        err(
            "case ID that looks like a name",
            vec![(CSC, "Referrals", "A2", Text("Jane Smith"))],
            "case-id-invalid",
            CSC,
            "Referrals",
            "A2",
        ),
        err(
            "age over 24",
            vec![(CSC, "Referrals", "D2", Number(25.0))],
            "age-out-of-range",
            CSC,
            "Referrals",
            "D2",
        ),
        err(
            "age as a word",
            vec![(CSC, "Referrals", "D2", Text("twelve"))],
            "count-invalid",
            CSC,
            "Referrals",
            "D2",
        ),
        err(
            "unknown gender",
            vec![(CSC, "Referrals", "E2", Text("F"))],
            "value-invalid",
            CSC,
            "Referrals",
            "E2",
        ),
        err(
            "looked after blank",
            vec![(CSC, "Referrals", "F2", Blank)],
            "value-missing",
            CSC,
            "Referrals",
            "F2",
        ),
        err(
            "unknown risk",
            vec![(CSC, "Referrals", "H2", Text("Severe"))],
            "value-invalid",
            CSC,
            "Referrals",
            "H2",
        ),
        err(
            "MARAC not yes/no",
            vec![(CSC, "Referrals", "I2", Text("perhaps"))],
            "yes-no-invalid",
            CSC,
            "Referrals",
            "I2",
        ),
        err(
            "closed before received",
            vec![(CSC, "Referrals", "J2", Date(2014, 4, 1))],
            "closed-before-received",
            CSC,
            "Referrals",
            "J2",
        ),
        err(
            "closed without risk at closure",
            vec![(CSC, "Referrals", "K2", Blank)],
            "value-missing",
            CSC,
            "Referrals",
            "K2",
        ),
        err(
            "risk at closure not a risk",
            vec![(CSC, "Referrals", "K2", Text("Gone"))],
            "value-invalid",
            CSC,
            "Referrals",
            "K2",
        ),
        err(
            "received after the quarter's end",
            vec![
                (CSC, "Referrals", "B4", Date(2015, 1, 5)),
                (CSC, "Referrals", "J4", Blank),
                (CSC, "Referrals", "K4", Blank),
            ],
            "received-after-quarter",
            CSC,
            "Referrals",
            "B4",
        ),
        err(
            "source not an agency",
            vec![(CSC, "Referrals", "C2", Text("FIRE"))],
            "source-unknown",
            CSC,
            "Referrals",
            "C2",
        ),
        err(
            "missing episodes negative",
            vec![(CSC, "Referrals", "G2", Number(-1.0))],
            "count-invalid",
            CSC,
            "Referrals",
            "G2",
        ),
        err(
            "same referral twice",
            vec![
                (CSC, "Referrals", "A3", Text("CSE-94339")),
                (CSC, "Referrals", "B3", Date(2014, 4, 12)),
            ],
            "referral-duplicate",
            CSC,
            "Referrals",
            "A3",
        ),
        warn(
            "under 13 assessed Low",
            vec![
                (CSC, "Referrals", "D3", Number(12.0)),
                (CSC, "Referrals", "H3", Text("Low")),
            ],
            "under-13-assessed-low",
            CSC,
            "Referrals",
            "H3",
        ),
        warn(
            "risk at closure without closure date",
            vec![(CSC, "Referrals", "J2", Blank)],
            "closure-risk-without-date",
            CSC,
            "Referrals",
            "K2",
        ),
    ]
}

#[test]
fn every_cell_rule_is_diagnosed_at_its_cell() {
    let mut failures = Vec::new();
    for rule in cell_rules() {
        let case = Case::clean(&["2014-15-Q3"]);
        for (file, sheet, cell, value) in &rule.edits {
            case.edit(file, sheet, cell, value.clone());
        }
        let (code, diags) = case.check();
        let want_exit = if rule.severity == "error" { 1 } else { 0 };
        let found = diags.iter().any(|d| {
            d["code"] == rule.code
                && d["severity"] == rule.severity
                && d["file"].as_str().is_some_and(|f| f.ends_with(rule.file))
                && d["sheet"].as_str() == rule.sheet
                && d["cell"].as_str() == rule.cell
        });
        if rule.severity == "error" {
            // A writing command on the same inputs: exit 1, nothing written.
            let out = case.run(&["returns", "--quarter", "2014-15-Q4"]);
            if exit_code(&out) != 1 || case.path("reports").exists() {
                failures.push(format!(
                    "{}: returns gave exit {} and {} reports/",
                    rule.name,
                    exit_code(&out),
                    if case.path("reports").exists() {
                        "wrote"
                    } else {
                        "did not write"
                    }
                ));
            }
        }
        if !found || code != want_exit {
            failures.push(format!(
                "{}: want {} {} at {:?} {:?}, exit {want_exit}; got exit {code}: {}",
                rule.name,
                rule.severity,
                rule.code,
                rule.sheet,
                rule.cell,
                serde_json::to_string(&diags).unwrap()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rules failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn remove_sheet(path: &std::path::Path, sheet: &str) {
    edit_sheets(path, |s| s.retain(|(n, _)| n != sheet));
}

fn add_setting(case: &Case, name: &'static str, value: &'static str) {
    case.edit(PLAN, "Settings", "A10", Text(name));
    case.edit(PLAN, "Settings", "B10", Text(value));
}

#[test]
fn missing_required_setting_is_an_error_of_the_settings_sheet() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Settings", "A2", Text("Board name"));
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "setting-missing",
        PLAN,
        Some("Settings"),
        None,
    );
    assert!(with_code(&diags, "setting-missing")[0]["message"]
        .as_str()
        .unwrap()
        .contains("Board"));
}

#[test]
fn header_further_down_than_row_ten_is_not_found() {
    let case = Case::clean(&["2014-15-Q3"]);
    edit_sheets(&case.path(PLAN), |sheets| {
        let grid = &mut sheets.iter_mut().find(|(n, _)| n == "Agencies").unwrap().1;
        for _ in 0..10 {
            grid.insert(0, vec![calamine::Data::String("Partner agencies".into())]);
        }
    });
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "column-missing",
        PLAN,
        Some("Agencies"),
        None,
    );
}

#[test]
fn title_rows_above_the_header_are_skipped() {
    let case = Case::clean(&["2014-15-Q3"]);
    edit_sheets(&case.path(PLAN), |sheets| {
        let grid = &mut sheets.iter_mut().find(|(n, _)| n == "Agencies").unwrap().1;
        for title in ["Partner agencies", ""] {
            grid.insert(0, vec![calamine::Data::String(title.into())]);
        }
    });
    let (code, diags) = case.check();
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn missing_sheets_are_named() {
    for (file, sheet) in [
        (PLAN, "Measures"),
        (POLICE, "Return"),
        (POLICE, "Actions"),
        (POLICE, "Measures"),
    ] {
        let case = Case::clean(&["2014-15-Q3"]);
        remove_sheet(&case.path(file), sheet);
        let (code, diags) = case.check();
        assert_eq!(code, 1, "{file} {sheet}");
        assert_diag(&diags, "error", "sheet-missing", file, Some(sheet), None);
    }
}

#[test]
fn referral_log_agency_must_send_its_log() {
    let case = Case::clean(&["2014-15-Q3"]);
    add_setting(&case, "Referral log agency", "CSC");
    remove_sheet(&case.path(CSC), "Referrals");
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "sheet-missing",
        CSC,
        Some("Referrals"),
        None,
    );
}

#[test]
fn referral_log_agency_must_be_an_agency() {
    let case = Case::clean(&["2014-15-Q3"]);
    add_setting(&case, "Referral log agency", "FIRE");
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "agency-unknown",
        PLAN,
        Some("Settings"),
        None,
    );
}

#[test]
fn two_agencies_with_referral_logs_need_the_setting() {
    let case = Case::clean(&["2014-15-Q3"]);
    let log = read_all(&case.path(CSC))
        .into_iter()
        .find(|(n, _)| n == "Referrals")
        .unwrap();
    edit_sheets(&case.path(POLICE), |s| s.push(log));
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "referral-log-ambiguous",
        PLAN,
        Some("Settings"),
        None,
    );

    add_setting(&case, "Referral log agency", "CSC");
    let (code, diags) = case.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert_diag(
        &diags,
        "warning",
        "referrals-ignored",
        POLICE,
        Some("Referrals"),
        None,
    );
}

#[test]
fn files_in_the_wrong_place_are_reported() {
    let case = Case::clean(&["2014-15-Q3"]);
    let q3 = case.path("data/returns/2014-15-Q3");
    std::fs::rename(q3.join("police.xlsx"), q3.join("fire.xlsx")).unwrap();
    std::fs::write(q3.join("notes.txt"), "minutes").unwrap();
    std::fs::write(q3.join("~$csc.xlsx"), "lock file").unwrap();
    std::fs::create_dir_all(case.path("data/returns/autumn")).unwrap();
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "return-agency-unknown",
        "2014-15-Q3/fire.xlsx",
        None,
        None,
    );
    assert_diag(
        &diags,
        "warning",
        "file-ignored",
        "2014-15-Q3/notes.txt",
        None,
        None,
    );
    assert_diag(
        &diags,
        "error",
        "folder-name-invalid",
        "data/returns/autumn",
        None,
        None,
    );
    assert!(
        !diags
            .iter()
            .any(|d| d["file"].as_str().unwrap().contains("~$")),
        "Excel lock files are not returns"
    );
}

#[test]
fn two_returns_from_one_agency_in_a_quarter() {
    let case = Case::clean(&["2014-15-Q3"]);
    let q3 = case.path("data/returns/2014-15-Q3");
    std::fs::copy(q3.join("police.xlsx"), q3.join("police.xlsm")).unwrap();
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "return-duplicate",
        "2014-15-Q3/police.xlsx",
        None,
        None,
    );
}

#[test]
fn a_return_from_an_agency_that_does_not_submit_is_read_with_a_warning() {
    let case = Case::clean(&["2014-15-Q3"]);
    let q3 = case.path("data/returns/2014-15-Q3");
    std::fs::copy(q3.join("edu.xlsx"), q3.join("lscb.xlsx")).unwrap();
    case.edit(
        "data/returns/2014-15-Q3/lscb.xlsx",
        "Return",
        "B2",
        Text("LSCB"),
    );
    let (_, diags) = case.check();
    assert_diag(
        &diags,
        "warning",
        "return-not-expected",
        "2014-15-Q3/lscb.xlsx",
        None,
        None,
    );
}

#[test]
fn check_one_quarter_reads_only_that_quarter() {
    let case = Case::clean(&[]);
    case.edit(
        "data/returns/2014-15-Q4/police.xlsx",
        "Measures",
        "C2",
        Text("twelve"),
    );
    let out = case.run(&["check", "--quarter", "2014-15-Q3"]);
    assert_eq!(exit_code(&out), 0, "{}", stdout(&out));
    let out = case.run(&["check", "--quarter", "Q4 2014/15"]);
    assert_eq!(exit_code(&out), 1);
    assert!(stdout(&out).contains("data/returns/2014-15-Q4/police.xlsx"));
    assert!(stdout(&out).contains("Measures › C2"));
}

#[test]
fn all_problems_of_a_run_are_shown_together_grouped_by_file() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(POLICE, "Measures", "C2", Text("twelve"));
    case.edit(POLICE, "Measures", "C3", Text("-1"));
    case.edit(CSC, "Referrals", "E2", Text("F"));
    case.edit(PLAN, "Actions", "H3", Text("12/31/2014"));
    let out = case.run(&["check"]);
    assert_eq!(exit_code(&out), 1);
    let text = stdout(&out);
    for needle in [
        "data/returns/2014-15-Q3/police.xlsx\n",
        "Measures › C2",
        "Measures › C3",
        "data/returns/2014-15-Q3/csc.xlsx\n",
        "Referrals › E2",
        "plan/delivery-plan.xlsx\n",
        "Actions › H3",
        "4 errors",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // Grouped: the two police problems sit together under one heading.
    assert_eq!(
        text.matches("data/returns/2014-15-Q3/police.xlsx\n")
            .count(),
        1
    );
}

#[test]
fn a_case_id_never_reaches_the_messages() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(CSC, "Referrals", "A2", Text("Jane Smith"));
    case.edit(CSC, "Referrals", "D3", Number(12.0));
    case.edit(CSC, "Referrals", "H3", Text("Low"));
    let out = case.run(&["check"]);
    let text = stdout(&out) + &stderr(&out);
    assert!(!text.contains("Jane"), "{text}");
    assert!(!text.contains("CSE-39151"), "{text}");
}

#[test]
fn bad_arguments_and_missing_inputs_exit_2() {
    let case = Case::clean(&["2014-15-Q3"]);
    for args in [
        vec!["check", "--quarter", "2014-16-Q1"],
        vec!["check", "--plan", "nowhere.xlsx"],
        vec!["check", "--data", "nowhere"],
        vec!["check", "--bogus"],
        vec!["actions", "--as-of", "12/31/2015"],
    ] {
        let out = case.run(&args);
        assert_eq!(exit_code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).len() > 10, "{args:?} explains itself");
    }
}
