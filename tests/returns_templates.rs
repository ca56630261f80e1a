//! `boardpack returns`: the pre-filled return workbooks, checked against the
//! foreign fixture's independently computed expectations, filled in as an
//! agency lead would and read back by `boardpack check`.

mod common;

use calamine::Data;
use common::{exit_code, read_all, stderr, stdout, write_all, Case};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const NEXT: &str = "2015-16-Q3";

type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn expected() -> Json {
    let path = common::foreign().join("clean/expected.json");
    serde_json::from_slice(&std::fs::read(path).expect("expected.json")).expect("json")
}

fn submitting(expected: &Json) -> Vec<String> {
    expected["submitting_agencies"]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c.as_str().expect("code").to_string())
        .collect()
}

fn template(case: &Case, quarter: &str, code: &str) -> PathBuf {
    case.path(&format!(
        "reports/templates/{quarter}/{}.xlsx",
        code.to_lowercase()
    ))
}

fn written(case: &Case, quarter: &str) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(case.path(&format!("reports/templates/{quarter}")))
            .expect("templates folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
    names.sort();
    names
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

fn sheet<'a>(sheets: &'a Sheets, name: &str) -> Option<&'a Vec<Vec<Data>>> {
    sheets.iter().find(|(n, _)| n == name).map(|(_, g)| g)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn col(grid: &[Vec<Data>], header: &str) -> usize {
    grid[0]
        .iter()
        .position(|c| text(c) == header)
        .unwrap_or_else(|| panic!("column {header}"))
}

/// The values of one column below the header, on rows whose first cell is filled.
fn column_values(grid: &[Vec<Data>], header: &str) -> Vec<Data> {
    let c = col(grid, header);
    grid.iter()
        .skip(1)
        .filter(|row| row.first().is_some_and(|k| !text(k).is_empty()))
        .map(|row| row.get(c).cloned().unwrap_or(Data::Empty))
        .collect()
}

fn iso(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_default(),
        other => panic!("expected a real date, found {other:?}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Data {
    let days = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
    Data::DateTime(calamine::ExcelDateTime::new(
        days.num_days() as f64,
        calamine::ExcelDateTimeType::DateTime,
        false,
    ))
}

/// The XML of every worksheet, by sheet name.
fn sheet_xml(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).expect("template");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let read = |zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut xml = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut xml)
            .expect("utf-8");
        xml
    };
    let workbook = read(&mut zip, "xl/workbook.xml");
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = read(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1));
            (name, xml)
        })
        .collect()
}

#[test]
fn templates_for_the_next_quarter_prefill_each_agencys_open_work() {
    let expected = expected();
    let case = Case::clean(&[]);
    let out = case.run(&["returns"]);
    assert_eq!(exit_code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("2015-16 Q3"), "{}", stdout(&out));

    let agencies = submitting(&expected);
    let mut files: Vec<String> = agencies
        .iter()
        .map(|c| format!("{}.xlsx", c.to_lowercase()))
        .collect();
    files.sort();
    assert_eq!(
        written(&case, NEXT),
        files,
        "one file per submitting agency"
    );

    let keeper = expected["log_keeper"].as_str().expect("log keeper");
    for code in &agencies {
        let sheets = read_all(&template(&case, NEXT, code));
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.first(), Some(&"Instructions"), "{code}: {names:?}");

        let ret = sheet(&sheets, "Return").expect("Return sheet");
        assert_eq!(text(&ret[1][1]), *code);
        assert_eq!(text(&ret[2][1]), "2015-16 Q3");
        assert_eq!(
            ret[3][1],
            Data::Empty,
            "{code}: Completed by left to fill in"
        );

        let open: Vec<String> = expected["open_actions_at_end"][code]
            .as_array()
            .expect("open actions")
            .iter()
            .map(|r| r.as_str().expect("ref").to_string())
            .collect();
        let listed: Vec<String> = sheet(&sheets, "Actions")
            .map(|g| column_values(g, "Ref").iter().map(text).collect())
            .unwrap_or_default();
        let (mut a, mut b) = (listed.clone(), open.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{code}: open actions at the end of 2015-16 Q2");

        if let Some(actions) = sheet(&sheets, "Actions") {
            let dues = column_values(actions, "Due");
            let statuses = column_values(actions, "Last status");
            for ((reference, due), status) in listed.iter().zip(&dues).zip(&statuses) {
                let at_end = &expected["actions"][reference]["quarters"]["2015-16 Q2"];
                assert_eq!(
                    iso(due),
                    at_end["effective_due"].as_str().expect("due"),
                    "{reference}"
                );
                assert_eq!(
                    text(status),
                    at_end["status"].as_str().expect("status"),
                    "{reference}"
                );
            }
            assert!(column_values(actions, "Status")
                .iter()
                .all(|c| *c == Data::Empty));
        }

        let reported: Vec<String> = expected["measures"]
            .as_array()
            .expect("measures")
            .iter()
            .filter(|m| m["kind"] == "count")
            .filter(|m| {
                m["reported_by"] == "all"
                    || m["reported_by"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|c| c == code.as_str()))
            })
            .map(|m| m["code"].as_str().expect("code").to_string())
            .collect();
        let codes: Vec<String> = sheet(&sheets, "Measures")
            .map(|g| column_values(g, "Code").iter().map(text).collect())
            .unwrap_or_default();
        assert_eq!(codes, reported, "{code}: the measures it reports");

        match sheet(&sheets, "Referrals") {
            Some(log) => {
                assert_eq!(code, keeper, "only the log keeper gets the log");
                let ids = column_values(log, "Case ID");
                let received = column_values(log, "Date received");
                let got: Vec<(String, String)> =
                    ids.iter().map(text).zip(received.iter().map(iso)).collect();
                let want: Vec<(String, String)> = expected["open_referrals_at_end"]
                    .as_array()
                    .expect("open referrals")
                    .iter()
                    .map(|r| {
                        (
                            r["case_id"].as_str().expect("id").to_string(),
                            r["date_received"].as_str().expect("date").to_string(),
                        )
                    })
                    .collect();
                assert_eq!(got, want, "cases open at the end of 2015-16 Q2");
                for outcome in ["Date closed", "Risk at closure", "Closure reason"] {
                    assert!(column_values(log, outcome)
                        .iter()
                        .all(|c| *c == Data::Empty));
                }
            }
            None => assert_ne!(code, keeper, "the log keeper's template has the log"),
        }
    }
}

#[test]
fn templates_carry_validation_and_protection_without_a_password() {
    let case = Case::clean(&[]);
    run_ok(&case, &["returns"]);
    for code in submitting(&expected()) {
        let xml = sheet_xml(&template(&case, NEXT, &code));
        for (name, sheet) in &xml {
            assert!(
                sheet.contains("<sheetProtection"),
                "{code} › {name} protected"
            );
            assert!(!sheet.contains("password"), "{code} › {name}: no password");
            if name != "Instructions" {
                assert!(sheet.contains("<pane "), "{code} › {name}: frozen header");
            }
        }
        let return_sheet = &xml["Return"];
        assert!(return_sheet.contains("<dataValidation type=\"date\""));
        if let Some(actions) = xml.get("Actions").filter(|s| s.contains("<row r=\"2\"")) {
            assert!(
                actions.contains("type=\"list\""),
                "{code}: Status drop-down"
            );
            assert!(
                actions.contains("type=\"date\""),
                "{code}: Revised due dates"
            );
        }
        if let Some(measures) = xml.get("Measures") {
            assert!(
                measures.contains("type=\"custom\""),
                "{code}: Value rule with N/A"
            );
        }
    }
    let log = &sheet_xml(&template(&case, NEXT, "CSC"))["Referrals"];
    let lists = log.matches("type=\"list\"").count();
    assert_eq!(
        lists, 6,
        "Source, Gender, Looked after, Risk at referral, MARAC, Risk at closure"
    );
    assert_eq!(log.matches("type=\"date\"").count(), 2);
    assert_eq!(log.matches("type=\"whole\"").count(), 2);
}

/// Fills in a template as an agency lead would and saves it as the return.
fn fill_in(sheets: &mut Sheets, keeper: bool) {
    for (name, grid) in sheets.iter_mut() {
        match name.as_str() {
            "Return" => {
                common::put(grid, 3, 1, Data::String("Safeguarding Lead".into()));
                common::put(grid, 4, 1, date(2016, 1, 8));
            }
            "Actions" => {
                let (status, progress, revised) = (
                    col(grid, "Status"),
                    col(grid, "Progress update"),
                    col(grid, "Revised due"),
                );
                let rows = rows_with_key(grid);
                for (i, r) in rows.into_iter().enumerate() {
                    let chosen = if i == 0 { "Complete" } else { "On track" };
                    common::put(grid, r, status, Data::String(chosen.into()));
                    common::put(grid, r, progress, Data::String("=Progress made +".into()));
                    if i == 1 {
                        common::put(grid, r, revised, date(2016, 6, 30));
                    }
                }
            }
            "Measures" => {
                let value = col(grid, "Value");
                for (i, r) in rows_with_key(grid).into_iter().enumerate() {
                    let given = if i == 1 {
                        Data::String("N/A".into())
                    } else {
                        Data::Float(3.0)
                    };
                    common::put(grid, r, value, given);
                }
            }
            "Referrals" if keeper => {
                let rows = rows_with_key(grid);
                let first = rows[0];
                common::put(grid, first, col(grid, "Date closed"), date(2015, 11, 20));
                common::put(
                    grid,
                    first,
                    col(grid, "Risk at closure"),
                    Data::String("Low".into()),
                );
                common::put(
                    grid,
                    first,
                    col(grid, "Closure reason"),
                    Data::String("Risk reduced".into()),
                );
                let new = rows.last().map_or(1, |r| r + 1);
                let fields: [(&str, Data); 9] = [
                    ("Case ID", Data::String("CSE-99001".into())),
                    ("Date received", date(2015, 11, 2)),
                    ("Source", Data::String("POLICE".into())),
                    ("Age", Data::Float(15.0)),
                    ("Gender", Data::String("Female".into())),
                    ("Looked after", Data::String("No".into())),
                    ("Missing episodes", Data::Float(0.0)),
                    ("Risk at referral", Data::String("Medium".into())),
                    ("MARAC", Data::String("No".into())),
                ];
                for (header, value) in fields {
                    let c = col(grid, header);
                    common::put(grid, new, c, value);
                }
            }
            _ => {}
        }
    }
}

fn rows_with_key(grid: &[Vec<Data>]) -> Vec<usize> {
    (1..grid.len())
        .filter(|&r| grid[r].first().is_some_and(|k| !text(k).is_empty()))
        .collect()
}

#[test]
fn a_filled_in_template_is_a_valid_return() {
    let expected = expected();
    let keeper = expected["log_keeper"].as_str().expect("keeper").to_string();
    let case = Case::clean(&[]);
    run_ok(&case, &["returns"]);
    let folder = case.path(&format!("data/returns/{NEXT}"));
    std::fs::create_dir_all(&folder).expect("quarter folder");
    for code in submitting(&expected) {
        let mut sheets = read_all(&template(&case, NEXT, &code));
        fill_in(&mut sheets, code == keeper);
        write_all(
            &folder.join(format!("{}.xlsx", code.to_lowercase())),
            &sheets,
        );
    }

    let (exit, diags) = case.check();
    let errors: Vec<&Json> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(exit, 0, "{errors:#?}");
    assert!(errors.is_empty(), "{errors:#?}");
    let new_quarter: Vec<&Json> = diags
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.contains(NEXT)))
        .filter(|d| d["code"] != "under-13-assessed-low")
        .collect();
    assert!(
        new_quarter.is_empty(),
        "warnings on the filled-in returns: {new_quarter:#?}"
    );

    // The returns are read as the agencies meant them: the next templates
    // follow on from them.
    run_ok(&case, &["returns"]);
    let following = "2015-16-Q4";
    let log = read_all(&template(&case, following, &keeper));
    let ids: Vec<String> = column_values(sheet(&log, "Referrals").expect("log"), "Case ID")
        .iter()
        .map(text)
        .collect();
    let first_open = expected["open_referrals_at_end"][0]["case_id"]
        .as_str()
        .expect("id");
    assert!(
        ids.contains(&"CSE-99001".to_string()),
        "the new referral is carried forward"
    );
    assert!(
        !ids.iter().any(|id| id == first_open),
        "the closed case is not"
    );
    let police = read_all(&template(&case, following, "POLICE"));
    let actions = sheet(&police, "Actions").expect("actions");
    let statuses: Vec<String> = column_values(actions, "Last status")
        .iter()
        .map(text)
        .collect();
    assert!(statuses.iter().all(|s| s == "On track"), "{statuses:?}");
    let progress: Vec<String> = column_values(actions, "Last progress update")
        .iter()
        .map(text)
        .collect();
    assert!(
        progress.iter().all(|p| p == "=Progress made +"),
        "{progress:?}"
    );
    let dues = column_values(actions, "Due");
    assert_eq!(iso(&dues[0]), "2016-06-30", "the revised due date stands");
}

#[test]
fn two_runs_write_identical_bytes() {
    let case = Case::clean(&[]);
    run_ok(&case, &["returns", "--out", "first"]);
    run_ok(&case, &["returns", "--out", "second"]);
    let folder = |out: &str| case.path(&format!("{out}/templates/{NEXT}"));
    let mut names: Vec<_> = std::fs::read_dir(folder("first"))
        .expect("first")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 9);
    for name in names {
        let a = std::fs::read(folder("first").join(&name)).expect("first file");
        let b = std::fs::read(folder("second").join(&name)).expect("second file");
        assert!(a == b, "{name:?} differs between runs");
    }
}

#[test]
fn the_default_quarter_follows_the_latest_with_returns() {
    let case = Case::clean(&["2014-15-Q3"]);
    run_ok(&case, &["returns"]);
    assert_eq!(written(&case, "2014-15-Q4").len(), 9);
    assert!(!case.path(&format!("reports/templates/{NEXT}")).exists());
}

#[test]
fn an_earlier_quarter_is_prefilled_from_the_returns_before_it() {
    let expected = expected();
    let case = Case::clean(&[]);
    run_ok(&case, &["returns", "--quarter", "2015/16 Q1"]);
    let sheets = read_all(&template(&case, "2015-16-Q1", "POLICE"));
    let listed: Vec<String> = column_values(sheet(&sheets, "Actions").expect("actions"), "Ref")
        .iter()
        .map(text)
        .collect();
    for reference in &listed {
        let at_q4 = &expected["actions"][reference]["quarters"]["2014-15 Q4"];
        let status = at_q4["status"].as_str().expect("status");
        assert!(
            status != "Complete" && status != "Cancelled",
            "{reference} open at Q4 end"
        );
    }
    let open_at_q4 = expected["actions"]
        .as_object()
        .expect("actions")
        .values()
        .filter(|a| a["agency"] == "POLICE")
        .filter(|a| {
            let s = &a["quarters"]["2014-15 Q4"]["status"];
            s != "Complete" && s != "Cancelled"
        })
        .count();
    assert_eq!(listed.len(), open_at_q4);
}

#[test]
fn nothing_is_written_when_the_inputs_have_errors() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        "data/returns/2014-15-Q3/police.xlsx",
        "Measures",
        "C2",
        common::Cell::Text("twelve"),
    );
    let out = case.run(&["returns"]);
    assert_eq!(exit_code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("count-invalid"), "{}", stderr(&out));
    assert!(!case.path("reports").exists(), "nothing written");
}

#[test]
fn an_output_among_the_inputs_is_refused() {
    let case = Case::clean(&["2014-15-Q3"]);
    for out_dir in [
        "data/returns/templates",
        "data/reports",
        "plan/out",
        "reports/../data",
    ] {
        let out = case.run(&["returns", "--out", out_dir]);
        assert_eq!(exit_code(&out), 2, "--out {out_dir}: {}", stderr(&out));
        assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
    }
    assert!(!case.path("data/returns/templates").exists());
    assert!(!case.path("data/reports").exists());
    assert!(!case.path("plan/out").exists());
    let quarters: Vec<_> = std::fs::read_dir(case.path("data/returns"))
        .expect("data")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(quarters, vec![std::ffi::OsString::from("2014-15-Q3")]);
}

#[test]
fn a_bad_quarter_is_a_usage_error() {
    let case = Case::clean(&["2014-15-Q3"]);
    let out = case.run(&["returns", "--quarter", "2014-16-Q1"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("--quarter"));
}

#[test]
fn every_template_of_the_shipped_example_round_trips() {
    let case = Case::shipped();
    run_ok(&case, &["returns"]);
    let written = written(&case, NEXT);
    assert_eq!(written.len(), 12, "one per submitting agency: {written:?}");
    let folder = case.path(&format!("data/returns/{NEXT}"));
    std::fs::create_dir_all(&folder).expect("quarter folder");
    for file in &written {
        let code = file.trim_end_matches(".xlsx").to_uppercase();
        let mut sheets = read_all(&template(&case, NEXT, &code));
        let keeper = sheet(&sheets, "Referrals").is_some();
        assert_eq!(
            keeper,
            code == "CSC",
            "only the log keeper gets the Referrals sheet"
        );
        fill_in(&mut sheets, keeper);
        write_all(&folder.join(file), &sheets);
    }
    let (exit, diags) = case.check();
    assert_eq!(exit, 0, "{diags:#?}");
    let on_new: Vec<&Json> = diags
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.contains(NEXT)))
        .collect();
    assert!(
        on_new.is_empty(),
        "the filled-in returns read cleanly: {on_new:#?}"
    );
}
