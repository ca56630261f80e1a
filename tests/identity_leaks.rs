//! Nothing identifying gets out (issue 13), on the real binary and real
//! workbooks: a progress update full of curly quotes and ampersands renders
//! intact; a Case ID typed any way a careless or malicious agency might (run
//! together, spaced, dotted, with look-alike letters, invisible characters or
//! a right-to-left override) stops every writer, naming the cell and not the
//! ID; so does the ID of a Referrals sheet kept by an agency that does not
//! keep the log; headers, field names and file names never reach a paper;
//! settings cannot add sections; IDs the writers would refuse are errors in
//! `check`; and a template line that prints an ID is blamed as such.

mod common;

use calamine::Data;
use common::Cell::Text;
use common::*;
use std::io::Read;

const PLAN: &str = "plan/delivery-plan.xlsx";
const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";
const CSC: &str = "data/returns/2014-15-Q3/csc.xlsx";
const Q3: &str = "2014-15-Q3";
/// A Case ID of the clean set's 2014-15 Q3 log (csc.xlsx › Referrals › A3).
const ID: &str = "CSE-39151";

/// Every text a user can read in the quarter's papers: the PDF's text, and
/// every string of every part of the tracker (cells, headers, properties).
fn quarterly_outputs(case: &Case) -> String {
    let folder = case.path("reports").join(Q3);
    let mut text = pdf_text(&folder.join("subgroup-report.pdf"));
    text.push('\n');
    text.push_str(&xlsx_text(&folder.join("tracker.xlsx")));
    text
}

fn pdf_text(path: &std::path::Path) -> String {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let pages = doc.get_pages().len() as u32;
    (1..=pages)
        .map(|p| doc.extract_text(&[p]).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every cell of every sheet, and the raw XML of every part.
fn xlsx_text(path: &std::path::Path) -> String {
    let mut out = String::new();
    for (_, grid) in read_all(path) {
        for cell in grid.iter().flatten() {
            if let Data::String(s) = cell {
                out.push_str(s);
                out.push('\n');
            }
        }
    }
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        entry.read_to_string(&mut out).unwrap();
    }
    out
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn a_progress_update_with_curly_quotes_and_an_ampersand_renders_intact() {
    let case = Case::clean(&[Q3]);
    let update = "Q&A — ‘Say Something’ sessions";
    case.edit(POLICE, "Actions", "E2", Text(update));
    let out = case.run(&["quarterly", "--quarter", Q3]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let folder = case.path("reports").join(Q3);
    let pdf = pdf_text(&folder.join("subgroup-report.pdf"));
    assert!(
        squeezed(&pdf).contains(&squeezed(update)),
        "the PDF shows the update whole"
    );
    let tracker = read_all(&folder.join("tracker.xlsx"));
    let cells: Vec<&Data> = tracker
        .iter()
        .flat_map(|(_, g)| g.iter().flatten())
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| matches!(c, Data::String(s) if s.contains(update))),
        "the tracker shows the update whole"
    );
    let out = case.run(&["returns", "--quarter", "2014-15-Q4"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
}

#[test]
fn the_curly_quote_update_reaches_the_annual_web_page_intact() {
    let case = Case::clean(&[Q3]);
    // The annual report shows the progress update of an action completed in
    // the year: mark PV-05 complete with the update.
    let update = "Q&A — ‘Say Something’ sessions";
    case.edit(POLICE, "Actions", "D2", Text("Complete"));
    case.edit(POLICE, "Actions", "E2", Text(update));
    let out = case.run(&["annual", "--year", "2014-15"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let folder = case.path("reports/2014-15");
    let html = std::fs::read_to_string(folder.join("annual-report.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let text: String = page.root_element().text().collect();
    assert!(text.contains(update), "the web page shows the update whole");
    let pdf = pdf_text(&folder.join("annual-report.pdf"));
    assert!(squeezed(&pdf).contains(&squeezed(update)));
}

/// Every way of typing `CSE-39151` that a reader still reads as it.
const VARIANTS: [&str; 12] = [
    "Met CSE 39151 at the centre",
    "Met CSE39151 at the centre",
    "Met C.S.E.-39151 at the centre",
    "Met CSE\u{2011}39151 at the centre",
    "Met CSE\u{2013}39151 at the centre",
    "Met CSE-\u{200B}39151 at the centre",
    "Met CS\u{00AD}E-39151 at the centre",
    "Met \u{0421}SE-39151 at the centre",
    "Met CSE-\u{FF13}\u{FF19}\u{FF11}\u{FF15}\u{FF11} at the centre",
    "Met \u{202E}15193-ESC\u{202C} at the centre",
    "Met cse-39151 at the centre",
    "Met \u{0421}\u{0405}\u{0395} 39151 at the centre",
];

#[test]
fn every_variant_of_a_case_id_in_a_progress_update_stops_the_papers() {
    for variant in VARIANTS {
        let case = Case::clean(&[Q3]);
        case.edit(POLICE, "Actions", "E2", Text(variant));
        let out = case.run(&["quarterly", "--quarter", Q3]);
        let err = stderr(&out);
        assert_eq!(exit_code(&out), 2, "{variant:?} got through: {err}");
        assert!(err.contains("privacy guard"), "{variant:?}: {err}");
        assert!(
            err.contains("police.xlsx › Actions › E2"),
            "{variant:?}: {err}"
        );
        assert!(!err.contains("bug"), "{variant:?}: {err}");
        assert!(
            !err.contains("39151"),
            "{variant:?}: the ID is quoted: {err}"
        );
        assert!(
            !case.path("reports").exists(),
            "{variant:?}: nothing written"
        );
    }
}

#[test]
fn a_variant_stops_the_annual_report_and_the_templates_too() {
    let case = Case::clean(&[Q3]);
    case.edit(POLICE, "Actions", "D2", Text("Complete"));
    case.edit(POLICE, "Actions", "E2", Text(VARIANTS[7]));
    let out = case.run(&["annual", "--year", "2014-15"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("police.xlsx › Actions › E2"));
    let case = Case::clean(&[Q3]);
    case.edit(POLICE, "Actions", "E2", Text(VARIANTS[5]));
    let out = case.run(&["returns", "--quarter", "2014-15-Q4"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("police.xlsx › Actions › E2"));
    assert!(!case.path("reports").exists());
}

#[test]
fn ordinary_text_with_letters_and_figures_is_not_taken_for_an_id() {
    let case = Case::clean(&[Q3]);
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("CSE training for 39 staff; 151 pupils; session CSE-3915 planned; ref 39151 in the minutes"),
    );
    let out = case.run(&["quarterly", "--quarter", Q3]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
}

/// Gives police's return a Referrals sheet of its own (a copy of the log's,
/// with `id` in its first row).
fn police_keeps_a_referrals_sheet(case: &Case, id: &'static str) {
    let log = read_all(&case.path(CSC))
        .into_iter()
        .find(|(name, _)| name == "Referrals")
        .expect("the log has a Referrals sheet");
    edit_sheets(&case.path(POLICE), |sheets| {
        let mut log = log.clone();
        put(&mut log.1, 1, 0, Data::String(id.to_string()));
        log.1.truncate(2);
        sheets.push(log);
    });
}

#[test]
fn a_case_id_of_another_agencys_referrals_sheet_is_guarded_too() {
    let case = Case::clean(&[Q3]);
    case.edit(PLAN, "Settings", "A12", Text("Referral log agency"));
    case.edit(PLAN, "Settings", "B12", Text("CSC"));
    police_keeps_a_referrals_sheet(&case, "POL-7781");
    case.edit(
        POLICE,
        "Actions",
        "E2",
        Text("Linked to POL 7781 by the team"),
    );
    let (code, diags) = case.check();
    assert_eq!(code, 0, "{diags:?}");
    assert_diag(
        &diags,
        "warning",
        "referrals-ignored",
        "police.xlsx",
        Some("Referrals"),
        None,
    );
    let out = case.run(&["quarterly", "--quarter", Q3]);
    let err = stderr(&out);
    assert_eq!(exit_code(&out), 2, "{err}");
    assert!(err.contains("police.xlsx › Actions › E2"), "{err}");
    assert!(!err.contains("7781"), "{err}");
    assert!(!case.path("reports").exists());
}

#[test]
fn headers_field_names_codes_and_stray_file_names_never_reach_a_paper() {
    let case = Case::clean(&[Q3]);
    // An extra Referrals column whose header is a name and a date of birth.
    case.edit(
        CSC,
        "Referrals",
        "P1",
        Text("Amber Kettleworth DOB 01/05/2003"),
    );
    // An unknown Return field, and an unknown measure code.
    case.edit(POLICE, "Return", "A9", Text("Zebra Quokka Field"));
    case.edit(POLICE, "Return", "B9", Text("x"));
    case.edit(POLICE, "Measures", "A20", Text("ZEBRA_QUOKKA_CODE"));
    case.edit(POLICE, "Measures", "B20", common::Cell::Number(1.0));
    // A stray file named after a child.
    let stray = case
        .path("data/returns")
        .join(Q3)
        .join("Referral for Nadia Blackwood 07700900555.csv");
    std::fs::write(&stray, "name,phone\n").unwrap();
    let out = case.run(&["quarterly", "--quarter", Q3]);
    let err = stderr(&out);
    assert_eq!(exit_code(&out), 0, "{err}");
    assert!(
        err.contains("Nadia Blackwood"),
        "the terminal names the stray file: {err}"
    );
    assert!(
        !err.contains("Kettleworth"),
        "a Referrals header is never quoted, even on the terminal: {err}"
    );
    let papers = quarterly_outputs(&case);
    for secret in [
        "Kettleworth",
        "Zebra Quokka",
        "ZEBRA_QUOKKA",
        "Blackwood",
        "07700900555",
    ] {
        assert!(!papers.contains(secret), "{secret} reached a paper");
    }
    assert!(
        papers.contains("a file that is not a return"),
        "the stray file is counted, not named"
    );
    // `check --json` quotes the Return field (not from a Referrals sheet) but
    // never the Referrals header.
    let out = case.run(&["check", "--json"]);
    let json = stdout(&out);
    assert!(json.contains("Zebra Quokka Field"), "{json}");
    assert!(!json.contains("Kettleworth"), "{json}");
}

#[test]
fn a_settings_value_cannot_add_a_section_to_any_paper() {
    let case = Case::clean(&[Q3]);
    case.edit(
        PLAN,
        "Settings",
        "B3",
        Text("CSE sub-group\n```\n# INJECTED\n```title\nx"),
    );
    let out = case.run(&["quarterly", "--quarter", Q3]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let pdf = pdf_text(&case.path("reports").join(Q3).join("subgroup-report.pdf"));
    assert_no_injected_section(&pdf);
    let out = case.run(&["annual", "--year", "2014-15"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let folder = case.path("reports/2014-15");
    assert_no_injected_section(&pdf_text(&folder.join("annual-report.pdf")));
    let html = std::fs::read_to_string(folder.join("annual-report.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let headings = scraper::Selector::parse("h2, h3").unwrap();
    for h in page.select(&headings) {
        let text: String = h.text().collect();
        assert!(!text.contains("INJECTED"), "a heading {text:?}");
    }
}

/// No line of the text is a numbered section called INJECTED.
fn assert_no_injected_section(text: &str) {
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let numbered = words.len() == 2 && words[0].trim_end_matches('.').parse::<u32>().is_ok();
        assert!(
            !(words == ["INJECTED"] || numbered && words[1] == "INJECTED"),
            "an injected section: {line:?}"
        );
    }
}

#[test]
fn case_ids_the_writers_would_refuse_are_errors_in_check_at_their_cell() {
    for (id, code) in [
        ("A", "case-id-invalid"),
        ("12", "case-id-invalid"),
        ("2015", "case-id-invalid"),
        ("PV-05", "case-id-reads-as-plan-text"),
        ("Q3", "case-id-reads-as-plan-text"),
        ("police", "case-id-invalid"),
    ] {
        let case = Case::clean(&[Q3]);
        case.edit(CSC, "Referrals", "A3", Text(id));
        let (exit, diags) = case.check();
        assert_eq!(exit, 1, "{id}: {diags:?}");
        assert_diag(
            &diags,
            "error",
            code,
            "csc.xlsx",
            Some("Referrals"),
            Some("A3"),
        );
        let printed = serde_json::to_string(&diags).unwrap();
        assert!(
            !printed.contains(&format!("“{id}”")),
            "{id} quoted: {printed}"
        );
        let out = case.run(&["quarterly", "--quarter", Q3]);
        assert_eq!(exit_code(&out), 1, "{id}: {}", stderr(&out));
        assert!(!stderr(&out).contains("bug"));
    }
}

#[test]
fn two_spellings_of_one_id_in_a_log_are_one_child_and_a_warning() {
    let case = Case::clean(&[Q3]);
    case.edit(CSC, "Referrals", "A2", Text("cse-39151"));
    let (exit, diags) = case.check();
    assert_eq!(exit, 0, "{diags:?}");
    assert_diag(
        &diags,
        "warning",
        "case-id-spellings",
        "csc.xlsx",
        Some("Referrals"),
        Some("A3"),
    );
    let out = case.run(&["quarterly", "--quarter", Q3]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    assert!(!quarterly_outputs(&case).to_ascii_uppercase().contains(ID));
}

#[test]
fn a_case_id_that_a_chairs_template_prints_is_blamed_on_its_line() {
    let case = Case::clean(&[Q3]);
    let out = case.run(&["templates", "--out", "my-templates"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let path = case.path("my-templates/quarterly.md.hbs");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().count() + 2;
    text.push_str("\nDiscussed: C S E 39151.\n");
    std::fs::write(&path, text).unwrap();
    let out = case.run(&["quarterly", "--quarter", Q3, "--templates", "my-templates"]);
    let err = stderr(&out);
    assert_eq!(exit_code(&out), 2, "{err}");
    assert!(
        err.contains(&format!("quarterly.md.hbs at line {line}")),
        "{err}"
    );
    assert!(!err.contains("bug") && !err.contains("39151"), "{err}");
}
