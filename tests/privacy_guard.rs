//! The privacy guard on a writing command (`returns`): identifiable values
//! planted in every free-text field of the inputs never reach an output where
//! they must not; a Case ID planted where an output does show the text stops
//! the run (exit 2, nothing written) with a message that names the cell to
//! fix and not the ID; text that looks like a formula stays text.

mod common;

use common::Cell::Text;
use common::*;
use std::io::Read;
use std::path::Path;

const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";
const CSC: &str = "data/returns/2014-15-Q3/csc.xlsx";
const NEXT: &str = "2014-15-Q4";

/// Every XML part of every template written, as text, by file name.
fn written_xml(case: &Case) -> Vec<(String, String)> {
    let folder = case.path("reports/templates").join(NEXT);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("templates written") {
        let path = entry.expect("entry").path();
        out.push((name_of(&path), all_xml(&path)));
    }
    out.sort();
    out
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().to_string()
}

fn all_xml(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        entry.read_to_string(&mut text).unwrap();
    }
    text
}

#[test]
fn planted_values_never_reach_a_template_where_they_must_not() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        POLICE,
        "Return",
        "B4",
        Text("Planted completer Zebra Quokka One"),
    );
    case.edit(
        POLICE,
        "Actions",
        "G2",
        Text("Planted evidence Zebra Quokka Two"),
    );
    case.edit(
        POLICE,
        "Measures",
        "D2",
        Text("Planted note Zebra Quokka Three"),
    );
    // Row 5 of the log is open at the quarter's end, so it is pre-filled.
    case.edit(
        CSC,
        "Referrals",
        "L5",
        Text("Planted closure Zebra Quokka Four"),
    );
    case.edit(
        CSC,
        "Referrals",
        "L2",
        Text("Planted closure Zebra Quokka Six"),
    );
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("Planted progress Zebra Quokka Five"),
    );
    let out = case.run(&["returns", "--quarter", NEXT]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let written = written_xml(&case);
    assert!(
        written.len() > 3,
        "{:?}",
        written.iter().map(|w| &w.0).collect::<Vec<_>>()
    );
    for (file, xml) in &written {
        for planted in ["One", "Two", "Three", "Four", "Six"] {
            let value = format!("Zebra Quokka {planted}");
            assert!(!xml.contains(&value), "{file} holds “{value}”");
        }
    }
    let police = &written.iter().find(|(f, _)| f == "police.xlsx").unwrap().1;
    assert!(
        police.contains("Planted progress Zebra Quokka Five"),
        "the last progress update of an open action is shown to its agency"
    );
    // Case IDs: only in the log keeper's own template.
    let ids = ["CSE-94339", "CSE-39151", "CSE-96149"];
    for (file, xml) in &written {
        if file != "csc.xlsx" {
            for id in ids {
                assert!(!xml.contains(id), "{file} holds a Case ID");
            }
        }
    }
}

#[test]
fn a_case_id_in_a_progress_update_stops_the_run_naming_the_cell() {
    let case = Case::clean(&["2014-15-Q3"]);
    // PV-05 is open, so its last progress update is pre-filled in the police template.
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("Saw CSE-39151 at the drop-in centre"),
    );
    let out = case.run(&["returns", "--quarter", NEXT]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("privacy guard"), "{err}");
    assert!(err.contains("a Case ID"), "{err}");
    assert!(err.contains("police.xlsx › Actions › E2"), "{err}");
    assert!(err.contains("Progress update"), "{err}");
    assert!(
        !err.contains("CSE-39151"),
        "the message must not quote the ID: {err}"
    );
    assert!(!stdout(&out).contains("CSE-39151"));
    assert!(!case.path("reports").exists(), "nothing written");
}

#[test]
fn a_case_id_in_the_keepers_own_progress_update_is_still_a_leak() {
    let case = Case::clean(&["2014-15-Q3"]);
    // CSC keeps the log; its template may list its Case IDs, but not inside other text.
    case.edit(CSC, "Actions", "E2", Text("Case cse-94339 escalated"));
    let out = case.run(&["returns", "--quarter", NEXT]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("csc.xlsx › Actions › E2"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).to_ascii_uppercase().contains("CSE-94339"));
}

#[test]
fn a_closure_reason_copied_into_a_progress_update_stops_the_run() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        CSC,
        "Referrals",
        "L2",
        Text("Moved to Leeds with her aunt in October"),
    );
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("Note: moved to Leeds with her aunt in October."),
    );
    let out = case.run(&["returns", "--quarter", NEXT]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Closure reason"), "{err}");
    assert!(err.contains("police.xlsx › Actions › E2"), "{err}");
    assert!(!err.contains("Leeds"), "{err}");
    assert!(!case.path("reports").exists());
}

#[test]
fn a_progress_update_that_looks_like_a_formula_is_written_as_text() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("=HYPERLINK(\"http://example.org\",\"x\")"),
    );
    case.edit(POLICE, "Actions", "E3", Text("+44 meeting booked"));
    case.edit(POLICE, "Actions", "E4", Text("@chair to confirm"));
    let out = case.run(&["returns", "--quarter", NEXT]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let police = case
        .path("reports/templates")
        .join(NEXT)
        .join("police.xlsx");
    let xml = all_xml(&police);
    assert!(!xml.contains("<f>"), "no formula in the police template");
    assert!(
        xml.contains("=HYPERLINK(&quot;http://example.org&quot;,&quot;x&quot;)")
            || xml.contains("=HYPERLINK(\"http://example.org\",\"x\")")
    );
    let sheets = read_all(&police);
    let actions = &sheets.iter().find(|(n, _)| n == "Actions").unwrap().1;
    let shown: Vec<String> = actions
        .iter()
        .flatten()
        .filter_map(|c| match c {
            calamine::Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for text in ["+44 meeting booked", "@chair to confirm"] {
        assert!(
            shown.iter().any(|s| s == text),
            "{text} kept as text: {shown:?}"
        );
    }
}
