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
