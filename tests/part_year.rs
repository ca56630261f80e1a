//! The shipped example's 2015-16 annual report covers Q1 and Q2 only: it
//! speaks as a part year ("as at 30 September 2015", nothing "carried
//! forward", no chart "at the end of 2015-16"), says in a sentence which
//! quarters each year's figures cover before setting them side by side,
//! words counts as numerals (README "Wording"), and names agencies, never by
//! code, in its published text (issue 15).

mod common;

use common::*;
use lopdf::Document;

fn annual(case: &Case, year: &str) -> (String, String) {
    let out = case.run(&["annual", "--year", year]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let doc = Document::load(case.path(&format!("reports/{year}/annual-report.pdf")))
        .expect("the PDF parses");
    let pages = doc.get_pages().len() as u32;
    let pdf = (1..=pages)
        .map(|p| doc.extract_text(&[p]).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let html = std::fs::read_to_string(case.path(&format!("reports/{year}/annual-report.html")))
        .expect("the web page");
    (pdf, html)
}

/// The web page's text without its tags, white space made single spaces.
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_part_year_speaks_as_a_part_year() {
    let case = Case::shipped();
    let (pdf, html) = annual(&case, "2015-16");
    let page = page_text(&html);
    for text in [&pdf, &page] {
        assert!(!text.contains("carried forward"), "the year has not ended");
        assert!(!text.contains("at the end of 2015-16"), "nor has it an end");
        assert!(text.contains("Actions by strand as at 30 September 2015"));
        assert!(text.contains("22 were still open as at 30 September 2015."));
        assert!(
            text.contains(
                "The figures for 2015-16 cover Q1 and Q2 and those for 2014-15 cover Q3 and Q4"
            ),
            "the comparison says what it sets side by side"
        );
        assert!(text.contains("Published measures, 2015-16 (Q1 and Q2) and 2014-15"));
    }
}

#[test]
fn a_whole_year_still_carries_forward() {
    let case = Case::shipped();
    let (pdf, _) = annual(&case, "2014-15");
    assert!(
        pdf.contains("carried forward into 2015-16"),
        "2014-15 has its Q4: its open actions carry forward"
    );
}

#[test]
fn counts_are_numerals_and_agencies_are_named() {
    let case = Case::shipped();
    let (pdf, html) = annual(&case, "2015-16");
    let page = page_text(&html);
    for text in [&pdf, &page] {
        assert!(
            text.contains("23 new referrals were received; 7 were assessed as high risk"),
            "numerals, not 'seven'"
        );
        assert!(text.contains("Of the delivery plan's 44 actions, 10 were completed"));
        for spelled in [" seven ", " ten ", " eleven ", " three "] {
            let summary = text
                .split("Summary")
                .nth(1)
                .and_then(|s| s.split("The year at a glance").next())
                .unwrap_or("");
            assert!(!summary.contains(spelled), "{spelled} in {summary}");
        }
        // The published tables and notes: names, not codes.
        let body = text.split("Appendix").next().unwrap_or(text);
        let body = body.split("Returns received,").next().unwrap_or(body);
        for code in ["PROJ28", "POLICE,", "AWP,", "CSC:", "CSC,"] {
            assert!(!body.contains(code), "{code} in the published text");
        }
        // Lines break without a space in the PDF's text: compare squeezed.
        let squeezed: String = text.split_whitespace().collect();
        assert!(
            squeezed.contains("—Incomplete:Project28(young"),
            "named in the note"
        );
    }
}

/// The shipped example with a 2016-17 Q1: 2015-16 Q1's returns again, filed
/// for the new quarter (the Return sheet says so, B3; completed in time, B5).
fn with_2016_17_q1() -> Case {
    let case = Case::shipped();
    let from = case.path("data/returns/2015-16-Q1");
    let to = case.path("data/returns/2016-17-Q1");
    copy_tree(&from, &to);
    for entry in std::fs::read_dir(&to).unwrap() {
        let path = entry.unwrap().path();
        edit_cell(&path, "Return", "B3", Cell::Text("2016-17 Q1"));
        edit_cell(&path, "Return", "B5", Cell::Date(2016, 7, 8));
    }
    case
}

#[test]
fn a_part_year_is_compared_with_the_same_quarters_of_last_year() {
    let case = with_2016_17_q1();
    let (pdf, html) = annual(&case, "2016-17");
    if let Some(dir) = std::env::var_os("BOARDPACK_LOOK") {
        // For looking at the pages (rendered with pdftoppm).
        let to = std::path::Path::new(&dir).join("part-year-2016-17.pdf");
        std::fs::copy(case.path("reports/2016-17/annual-report.pdf"), to).unwrap();
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    for text in [squeeze(&pdf), squeeze(&page_text(&html))] {
        for said in [
            "The figures for 2016-17 cover Q1 only, so each is set beside the same quarters of 2015-16 (Q1 of 2015-16, not its whole year)",
            "Published measures, 2016-17 (Q1) and 2015-16 (Q1)",
        ] {
            assert!(text.contains(&squeeze(said)), "{said}");
        }
    }
    // Tier 1 training: 204 in Q1 of both years (the same returns), so the
    // change is 0 — not [z], as Q1 beside Q1 and Q2 would have been.
    let page = page_text(&html);
    let compared = page
        .split("Published measures, 2016-17 (Q1) and 2015-16 (Q1)")
        .nth(1)
        .expect("the comparison table");
    let row = compared
        .split("Staff completing tier 1 CSE awareness training")
        .nth(1)
        .unwrap();
    // Project 28's Q1 value is missing, so this year's Q1 figure is marked.
    assert!(row.trim_start().starts_with("204 [i]"), "{row:.80}");
    let cells: Vec<&str> = row
        .split_whitespace()
        .filter(|c| *c != "[i]")
        .take(3)
        .collect();
    assert_eq!(cells, ["204", "204", "0"], "{row:.80}");
}

#[test]
fn an_incomplete_figure_is_marked_where_it_stands_in_the_annual_tables() {
    // Project 28 sent no Q1 return in the shipped 2015-16 data, so the Q1
    // and year figures of the measures it reports lack its value.
    let case = Case::shipped();
    let (pdf, html) = annual(&case, "2015-16");
    let page = page_text(&html);
    for (name, text) in [("PDF", &pdf), ("web page", &page)] {
        for want in ["204 [i] 145", "349 [i]", "34 [i] 41", "75 [i]"] {
            // The PDF's text runs cells together: compare without spaces.
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            assert!(
                squeeze(text).contains(&squeeze(want)),
                "the {name} shows {want}"
            );
        }
        assert!(
            text.contains("[i] incomplete: an agency's value is missing"),
            "the {name}'s table note says what [i] means"
        );
        assert!(!text.contains("[c] [i]") && !text.contains("[x] [i]"));
        assert!(!text.contains("[c][i]") && !text.contains("[x][i]"));
    }
}
