//! The quarterly sub-group report on the shipped example, read back from the
//! PDF: every section, page furniture, the key figures, every overdue action,
//! no Case ID, fonts embedded, and the same bytes every time.

mod common;

use boardpack::period::Quarter;
use common::*;
use lopdf::{Document, Object};

const QUARTER: &str = "2015-16-Q2";

fn report(case: &Case, quarter: &str) -> (Vec<u8>, Document) {
    let out = case.run(&["quarterly", "--quarter", quarter]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let bytes =
        std::fs::read(case.path(&format!("reports/{quarter}/subgroup-report.pdf"))).unwrap();
    let doc = Document::load_mem(&bytes).expect("the PDF parses");
    (bytes, doc)
}

/// Each page's text, with runs of white space (line and cell breaks) made one space.
fn pages_text(doc: &Document) -> Vec<String> {
    let pages = doc.get_pages();
    (1..=pages.len() as u32)
        .map(|p| {
            doc.extract_text(&[p])
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn every_section_is_there_and_every_page_is_numbered_and_marked() {
    let case = Case::shipped();
    let (_, doc) = report(&case, QUARTER);
    let pages = pages_text(&doc);
    let all = pages.join("\n");
    for heading in [
        "1 Summary",
        "2 Action plan at a glance",
        "3 Exceptions",
        "4 Action plan progress by strand",
        "5 Chase list",
        "6 Referrals",
        "7 Measures by strand",
        "8 Data quality",
        "9 Appendix — data sources",
    ] {
        assert!(all.contains(heading), "missing heading {heading}");
    }
    let total = pages.len();
    assert!(total >= 10, "a full paper, {total} pages");
    for (i, text) in pages.iter().enumerate() {
        assert!(
            text.contains(&format!("Page {} of {total}", i + 1)),
            "page {}: no page number",
            i + 1
        );
        assert!(
            text.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {}: marking top and bottom",
            i + 1
        );
    }
}

#[test]
fn key_figures_match_the_metrics_and_every_overdue_action_is_listed() {
    let case = Case::shipped();
    let (_, doc) = report(&case, QUARTER);
    let all = pages_text(&doc).join("\n");
    // The figures as the metrics and tracking modules compute them.
    let dataset = case.dataset();
    let q = Quarter::parse(QUARTER).unwrap();
    let m = boardpack::metrics::ReferralLog::as_at(&dataset, q)
        .metrics(boardpack::metrics::DateRange::quarter(q));
    assert!(
        all.contains(&format!(
            "{} new referrals were received in 2015-16 Q2",
            m.new
        )),
        "new referrals"
    );
    for (label, value) in [
        ("Open at the end of the quarter", m.open_end),
        ("Referrals closed", m.closed),
        ("Closed with risk reduced", m.closed_reduced),
    ] {
        // Table cells extract without a space between them.
        let squeezed: String = all.split_whitespace().collect();
        let want: String = format!("{label}{value}").split_whitespace().collect();
        assert!(squeezed.contains(&want), "{label} {value}");
    }
    let values = boardpack::metrics::quarter_values(&dataset, q);
    let pct = values["RHI_72H_PCT"].cell.to_string();
    assert!(all.contains(&format!("{pct}%")), "RHI_72H_PCT {pct}%");
    let tracking = boardpack::tracking::track(&dataset, q.end());
    let overdue: Vec<&str> = tracking
        .states
        .iter()
        .filter(|a| a.overdue)
        .map(|a| a.ref_.as_str())
        .collect();
    assert_eq!(overdue.len(), 3);
    let exceptions = &all[all.find("3.1 Overdue actions").unwrap()..all.find("3.2").unwrap()];
    for r in overdue {
        assert!(
            exceptions.contains(r),
            "overdue {r} missing from the exceptions"
        );
    }
}

#[test]
fn no_case_id_appears_and_fonts_are_embedded() {
    let case = Case::shipped();
    let (bytes, doc) = report(&case, QUARTER);
    let all = pages_text(&doc).join("\n");
    for r in &case.dataset().returns {
        for referral in r.referrals.iter().flatten() {
            assert!(
                !all.contains(&referral.case_id),
                "a Case ID is in the report"
            );
            if let Some(reason) = &referral.closure_reason {
                assert!(
                    !all.contains(reason.as_str()),
                    "a closure reason is in the report"
                );
            }
        }
    }
    assert!(
        !String::from_utf8_lossy(&bytes).contains("CSE-0"),
        "not even in the raw bytes"
    );
    let fonts = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice()))
        .count();
    let programs = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2"))
        .count();
    assert_eq!((fonts, programs), (2, 2), "regular and bold, both embedded");
}

/// The example's report, pinned. After an intended change to the report,
/// refresh with: `BOARDPACK_BLESS=1 cargo test --test subgroup_report golden`.
#[test]
fn golden_example_report() {
    let case = Case::shipped();
    let (bytes, _) = report(&case, QUARTER);
    let (again, _) = report(&case, QUARTER);
    assert!(bytes == again, "two runs give identical bytes");
    assert_golden(&bytes, "subgroup-report-2015-16-Q2");
}

#[test]
fn a_template_override_changes_the_report_and_a_bad_one_stops_the_run() {
    let case = Case::shipped();
    let dir = case.path("my-templates");
    std::fs::create_dir_all(&dir).unwrap();
    let out = case.run(&["templates", "--out", "my-templates"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let path = dir.join("quarterly.md.hbs");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("# Summary", "# Summary for the chair");
    std::fs::write(&path, text).unwrap();
    let out = case.run(&["quarterly", "--templates", "my-templates"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let doc = Document::load(case.path("reports/2015-16-Q2/subgroup-report.pdf")).unwrap();
    assert!(pages_text(&doc)
        .join("\n")
        .contains("1 Summary for the chair"));

    let before = std::fs::read(case.path("reports/2015-16-Q2/subgroup-report.pdf")).unwrap();
    std::fs::write(&path, "# {{quarter}}\n\n{{board_name}}\n").unwrap();
    let out = case.run(&["quarterly", "--templates", "my-templates"]);
    assert_eq!(exit_code(&out), 2);
    assert!(
        stderr(&out).contains("quarterly.md.hbs, line 3") && stderr(&out).contains("board_name"),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read(case.path("reports/2015-16-Q2/subgroup-report.pdf")).unwrap();
    assert!(before == after, "the earlier report is left as it was");
}

#[test]
fn a_case_id_planted_in_a_progress_update_stops_the_papers() {
    let case = Case::shipped();
    let first = case.run(&["quarterly"]);
    assert_eq!(exit_code(&first), 0, "{}", stderr(&first));
    let before = std::fs::read(case.path("reports/2015-16-Q2/subgroup-report.pdf")).unwrap();
    let id = case
        .dataset()
        .returns
        .iter()
        .flat_map(|r| r.referrals.iter().flatten())
        .next()
        .unwrap()
        .case_id
        .clone();
    let planted: &'static str = Box::leak(format!("Discussed {id} at panel").into_boxed_str());
    // PV-02 is open (printed in the sub-group report), PV-10 complete (printed
    // in the annual report's account of what was delivered).
    case.edit(
        "data/returns/2015-16-Q2/csc.xlsx",
        "Actions",
        "E2",
        Cell::Text(planted),
    );
    case.edit(
        "data/returns/2015-16-Q2/csc.xlsx",
        "Actions",
        "E4",
        Cell::Text(planted),
    );
    for command in ["quarterly", "annual"] {
        let out = case.run(&[command]);
        assert_eq!(exit_code(&out), 2, "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("privacy guard"),
            "{command}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains(&id),
            "the message never repeats the Case ID"
        );
    }
    let after = std::fs::read(case.path("reports/2015-16-Q2/subgroup-report.pdf")).unwrap();
    assert!(before == after, "nothing was written");
}

/// The chair's paper names agencies as the plan does (the action tables' Lead,
/// the chase list, the data-quality table and notes, the appendix); a code is
/// kept only inside a return's file name, which is how the return is found
/// (README, "Wording").
#[test]
fn agencies_are_named_and_codes_stay_in_file_names() {
    let case = Case::shipped();
    let codes = codes_only_codes(&case.dataset());
    assert!(
        codes.len() >= 9,
        "the example's codes are checked: {codes:?}"
    );
    let (_, doc) = report(&case, QUARTER);
    let text = pages_text(&doc).join("\n");
    for code in &codes {
        assert_eq!(
            words_equal_to(&text, code),
            Vec::<String>::new(),
            "the paper shows {code}"
        );
    }
    // The data-quality table gives the return's file beside the name, and a
    // measure left blank is said of the agency by name.
    // (lopdf's text runs a row's cells together.)
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("BathCollegecollege.xlsxReceived06/10/2015"));
    assert!(flat.contains(
        "CSEscreeningtoolscompleted—AvonandWiltshireMentalHealthPartnershipNHSTrust(leftblank)"
    ));
}
