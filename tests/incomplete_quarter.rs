//! A quarter with most returns still to come (2 of 12, from the shipped
//! example): the sub-group report says so in its first sentence, naming the
//! missing agencies by name, marks every figure short of a reporter's value
//! `[i]`, and rates none of them — "Incomplete" in the PDF and the tracker,
//! never Red or Green on part of the figures (issue 15).

mod common;

use calamine::Data;
use common::*;
use lopdf::Document;

const QUARTER: &str = "2015-16-Q2";
const KEPT: [&str; 2] = ["csc.xlsx", "police.xlsx"];

fn two_of_twelve() -> Case {
    let case = Case::shipped();
    let folder = case.path(&format!("data/returns/{QUARTER}"));
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !KEPT.contains(&name.as_str()) {
            std::fs::remove_file(path).unwrap();
        }
    }
    let out = case.run(&["quarterly", "--quarter", QUARTER]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    case
}

/// The PDF's text, white space made single spaces.
fn pdf_text(case: &Case) -> String {
    let doc = Document::load(case.path(&format!("reports/{QUARTER}/subgroup-report.pdf")))
        .expect("the PDF parses");
    let pages = doc.get_pages().len() as u32;
    (1..=pages)
        .map(|p| doc.extract_text(&[p]).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_summary_opens_with_the_returns_received_and_names_the_missing_agencies() {
    let case = two_of_twelve();
    let text = pdf_text(&case);
    let summary = text
        .split("1 Summary")
        .nth(1)
        .expect("a summary section")
        .trim_start();
    assert!(
        summary.starts_with("2 of 12 returns received; missing: "),
        "{}",
        &summary[..200]
    );
    let first = &summary[..summary.find(". ").unwrap()];
    for name in [
        "Barnardo's South West",
        "Mentoring Plus",
        "Sirona Care & Health",
    ] {
        // Lines break without a space in the extracted text: compare squeezed.
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squeeze(first).contains(&squeeze(name)),
            "{name} named: {first}"
        );
    }
    assert!(
        !first.contains("PROJ28") && !first.contains("AWP,"),
        "names, not codes: {first}"
    );
    assert!(
        first.contains("figures are incomplete (marked [i]) and not rated"),
        "{first}"
    );
}

#[test]
fn incomplete_figures_are_marked_and_never_coloured() {
    let case = two_of_twelve();
    let text = pdf_text(&case);
    // Tier 1 training: 37 from 2 returns against a target of 150 was Red.
    let tier1 = text
        .split("Staff completing tier 1 CSE awareness training")
        .nth(1)
        .expect("the tier 1 row");
    let row = &tier1[..tier1.find("Practitioners").unwrap()];
    assert!(row.contains("37 [i]"), "{row}");
    assert!(row.contains("Incomplete"), "{row}");
    assert!(
        !row.contains("Red") && !row.contains("Green"),
        "no colour: {row}"
    );
    assert!(
        text.contains("[i] incomplete: an agency's value is missing"),
        "the note under the table says what [i] means"
    );
    // The measure every reporter sent (from the referral log) keeps its rating.
    let closed = text
        .split("Closed referrals with risk reduced (%)")
        .nth(1)
        .unwrap();
    assert!(closed[..80].contains("Green"), "{}", &closed[..80]);
}

#[test]
fn the_tracker_says_incomplete_where_it_said_a_colour() {
    let case = two_of_twelve();
    let path = case.path(&format!("reports/{QUARTER}/tracker.xlsx"));
    let measures = read_all(&path)
        .into_iter()
        .find(|(n, _)| n == "Measures")
        .expect("a Measures sheet")
        .1;
    let header = measures
        .iter()
        .position(|r| r.first() == Some(&Data::String("Code".into())))
        .unwrap();
    let rag_col = measures[header]
        .iter()
        .position(|c| c == &Data::String("RAG 2015-16 Q2".into()))
        .expect("a RAG column");
    let rag_of = |code: &str| {
        measures
            .iter()
            .find(|r| r.first() == Some(&Data::String(code.into())))
            .and_then(|r| r.get(rag_col).cloned())
            .unwrap_or(Data::Empty)
    };
    for code in [
        "TRAINED_TIER1",
        "TRAINED_TIER2",
        "SCREENING_TOOLS",
        "RHI_72H_PCT",
    ] {
        assert_eq!(rag_of(code), Data::String("Incomplete".into()), "{code}");
    }
    assert_eq!(rag_of("CLOSED_REDUCED_PCT"), Data::String("Green".into()));
}

/// The shipped example with 2015-16 Q2's referral log holding no referral
/// received in the quarter (the earlier ones stay, some closed in it).
fn no_new_referrals() -> Case {
    let case = Case::shipped();
    let log = case.path(&format!("data/returns/{QUARTER}/csc.xlsx"));
    let july_2015 = 42186.0; // 01/07/2015 as an Excel serial date
    edit_sheets(&log, |sheets| {
        let (_, grid) = sheets
            .iter_mut()
            .find(|(n, _)| n == "Referrals")
            .expect("a Referrals sheet");
        let header = grid
            .iter()
            .position(|r| r.iter().any(|c| c == &Data::String("Date received".into())))
            .expect("a header row");
        let col = grid[header]
            .iter()
            .position(|c| c == &Data::String("Date received".into()))
            .unwrap();
        grid.retain(|row| match row.get(col) {
            Some(Data::DateTime(d)) => d.as_f64() < july_2015,
            _ => true,
        });
    });
    let out = case.run(&["quarterly", "--quarter", QUARTER]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    if let Some(dir) = std::env::var_os("BOARDPACK_LOOK") {
        // For looking at the pages (README: rendered with pdftoppm).
        let to = std::path::Path::new(&dir).join("no-new-referrals.pdf");
        std::fs::copy(
            case.path(&format!("reports/{QUARTER}/subgroup-report.pdf")),
            to,
        )
        .unwrap();
    }
    case
}

#[test]
fn a_quarter_with_no_new_referrals_says_so_in_words() {
    let case = no_new_referrals();
    // Lines break without a space in the extracted text: compare squeezed.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&pdf_text(&case));
    for said in [
        // The summary, in words and numerals.
        "1 Summary No new referrals were received, 10 fewer than last quarter.",
        // Section 6 opens the same way, not with "0 new referrals".
        "No new referrals were received in 2015-16 Q2, so there is no breakdown",
    ] {
        assert!(text.contains(&squeeze(said)), "{said}");
    }
    assert!(!text.contains("0newreferrals"), "no '0 new referrals'");
    assert!(!text.contains("nowere"), "no 'no were'");
    assert!(
        !text.contains("NewreferralsbySource"),
        "no tables of zeros for a quarter with no new referrals"
    );
}

#[test]
fn without_the_referral_logs_return_there_are_no_referral_figures() {
    let case = Case::shipped();
    std::fs::remove_file(case.path(&format!("data/returns/{QUARTER}/csc.xlsx"))).unwrap();
    let out = case.run(&["quarterly", "--quarter", QUARTER]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&pdf_text(&case));
    assert!(text.contains(&squeeze(
        "The referral log comes with the return from Bath & North East Somerset Council, Children's Social Care, which has not come in, so there are no referral figures for this quarter."
    )));
    // Not last quarter's log passed off as this one's.
    assert!(
        !text.contains("newreferralswerereceived"),
        "no count of new referrals"
    );
    assert!(!text.contains("NewreferralsbySource"));
}
