//! The annual report to the LSCB, run through the real binary and read back
//! from both files: disclosure control on every published figure (primary,
//! secondary, derived, in tables, charts and sentences), the web page's
//! accessible structure, part-year wording, privacy, determinism, and nothing
//! written on bad inputs.

mod common;

use common::*;
use lopdf::Document;
use scraper::{ElementRef, Html, Selector};

const PDF: &str = "annual-report.pdf";
const HTML: &str = "annual-report.html";

/// Runs `annual` for `year` and reads both files: (PDF text, HTML text).
fn annual(case: &Case, year: &str) -> (String, String) {
    let out = case.run(&["annual", "--year", year]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    read_outputs(case, year)
}

fn read_outputs(case: &Case, year: &str) -> (String, String) {
    let pdf = std::fs::read(case.path(&format!("reports/{year}/{PDF}"))).unwrap();
    let doc = Document::load_mem(&pdf).expect("the PDF parses");
    let pages = doc.get_pages().len() as u32;
    let text = (1..=pages)
        .map(|p| doc.extract_text(&[p]).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let html = std::fs::read_to_string(case.path(&format!("reports/{year}/{HTML}"))).unwrap();
    (text, html)
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text_of(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// A table of the page: the headings of its data columns (not the row
/// headers' column), and each row as (row header, data cells).
struct Grid {
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// The tables of the page whose caption starts with `caption`.
fn grids(html: &Html, caption: &str) -> Vec<Grid> {
    html.select(&sel("table"))
        .filter(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text_of(c).starts_with(caption))
        })
        .map(|t| {
            let corner_is_td = t.select(&sel("thead tr > td")).next().is_some();
            let headers: Vec<String> = t.select(&sel("thead th")).map(text_of).collect();
            let columns = if corner_is_td {
                headers
            } else {
                headers.into_iter().skip(1).collect()
            };
            let rows = t
                .select(&sel("tbody tr"))
                .map(|tr| {
                    let head = tr
                        .select(&sel("th"))
                        .next()
                        .map(text_of)
                        .unwrap_or_default();
                    let cells = tr.select(&sel("td")).map(text_of).collect();
                    (head, cells)
                })
                .collect();
            Grid { columns, rows }
        })
        .collect()
}

fn tables(html: &Html, caption: &str) -> Vec<Vec<(String, Vec<String>)>> {
    grids(html, caption).into_iter().map(|g| g.rows).collect()
}

fn row<'a>(table: &'a [(String, Vec<String>)], label: &str) -> &'a [String] {
    &table
        .iter()
        .find(|(h, _)| h.starts_with(label))
        .unwrap_or_else(|| panic!("no row {label} in {table:?}"))
        .1
}

/// The clean foreign set's 2014-15 (Q3 and Q4 only) with police's Q3
/// missing episodes cut to 3: a small count with one partner in its year.
fn small_counts_case() -> Case {
    let case = Case::clean(&["2014-15-Q3", "2014-15-Q4"]);
    case.edit(
        "data/returns/2014-15-Q3/police.xlsx",
        "Measures",
        "C2",
        Cell::Number(3.0),
    );
    case
}

#[test]
fn small_counts_and_the_counts_that_would_reveal_them_are_c_in_both_files() {
    let case = small_counts_case();
    let (pdf, html) = annual(&case, "2014-15");
    let page = Html::parse_document(&html);
    let glance = tables(&page, "Published measures by quarter");
    assert_eq!(glance.len(), 1, "one at-a-glance table");
    let glance = &glance[0];
    // 3 in Q3 is primary; Q4 (46) would give it away from the year (49): secondary.
    assert_eq!(
        row(glance, "Missing episodes reported to police")[..5],
        ["[x]", "[x]", "[c]", "[c]", "49"]
    );
    // Charges 1 and 0: the 1 and the year that equals it go; the zero stays.
    assert_eq!(
        row(glance, "Suspects charged")[..5],
        ["[x]", "[x]", "[c]", "0", "[c]"]
    );
    // A percentage from a suppressed count is suppressed too.
    assert_eq!(
        row(glance, "Arrests leading to a charge (%)")[2..5],
        ["[c]", "[z]", "[c]"]
    );
    let flat = squeezed(&pdf);
    for want in [
        "Missingepisodesreportedtopolice[x][x][c][c]49",
        "SuspectschargedwithCSE-relatedoffences[x][x][c]0[c]",
    ] {
        assert!(flat.contains(want), "the PDF shows {want}");
    }
    // The chart of missing episodes would draw no bar at all ([x], [x],
    // [c], [c]), so a sentence says why there is none, in both files.
    let chart = tables(
        &page,
        "The data of the chart: Missing episodes reported to police",
    );
    assert!(chart.is_empty(), "no chart of nothing: {chart:?}");
    let sentence = "No chart is drawn of missing episodes reported to police, by quarter: each of its figures is either withheld ([c]) to protect the children counted or not available.";
    assert!(html.contains(sentence), "the web page says why");
    assert!(flat.contains(&squeezed(sentence)), "the PDF says why");
}

/// The figures that gave small counts back before the audit, tried as a
/// reader would: differencing a percentage's parts, and a year's mean.
#[test]
fn a_percentages_parts_never_give_their_small_difference_away() {
    let (pdf, html) = annual(&Case::shipped(), "2015-16");
    let page = Html::parse_document(&html);
    let glance = &tables(&page, "Published measures by quarter")[0];
    // Q2: 12 closed, 10 of them with risk reduced, 83.3 %: 2 closed without.
    let closed = row(glance, "CSE referrals closed");
    let reduced = row(glance, "CSE referrals closed with risk reduced");
    let percent = row(glance, "Closed referrals with risk reduced (%)");
    for q in 0..2 {
        let (c, r) = (&closed[q], &reduced[q]);
        let shown = |t: &str| t.parse::<u64>().ok();
        if let (Some(c), Some(r)) = (shown(c), shown(r)) {
            assert!(c - r == 0 || c - r > 5, "Q{}: {c} − {r} is small", q + 1);
        }
    }
    assert_eq!(reduced[1], "[c]");
    assert_eq!(percent[1], "[c]");
    // The note says why a [c] that is not small is there.
    let note = "denominator less its numerator gives the children the numerator leaves out";
    assert!(html.contains(note), "the web page's note");
    assert!(squeezed(&pdf).contains(&squeezed(note)), "the PDF's note");
}

#[test]
fn a_years_mean_never_gives_a_hidden_quarter_back() {
    let case = Case::clean(&["2014-15-Q3", "2014-15-Q4"]);
    // Publish the mean of young people waiting, 20 and 2 in the two quarters:
    // before the audit the row read 20 [c] 11.0, and 2 × 11.0 − 20 = 2.
    case.edit(
        "plan/delivery-plan.xlsx",
        "Measures",
        "K15",
        Cell::Text("Yes"),
    );
    for (quarter, value) in [("2014-15-Q3", 20.0), ("2014-15-Q4", 2.0)] {
        case.edit(
            &format!("data/returns/{quarter}/barnardos.xlsx"),
            "Measures",
            "C7",
            Cell::Number(value),
        );
    }
    let (pdf, html) = annual(&case, "2014-15");
    let page = Html::parse_document(&html);
    let glance = &tables(&page, "Published measures by quarter")[0];
    let waiting = row(glance, "Young people waiting for specialist support");
    assert_eq!(waiting[..5], ["[x]", "[x]", "20", "[c]", "[c]"]);
    assert!(squeezed(&pdf).contains("specialistsupportatquarterend[x][x]20[c][c]"));
}

#[test]
fn a_threshold_of_zero_never_publishes_small_counts() {
    let case = Case::clean(&["2014-15-Q3", "2014-15-Q4"]);
    case.edit(
        "plan/delivery-plan.xlsx",
        "Settings",
        "B6",
        Cell::Number(0.0),
    );
    let out = case.run(&["annual", "--year", "2014-15"]);
    assert_ne!(exit_code(&out), 0, "refused: {}", stderr(&out));
    assert!(
        stderr(&out).contains("Suppression threshold"),
        "{}",
        stderr(&out)
    );
    assert!(!case.path("reports/2014-15").join(PDF).exists());
}

/// Every figure printed in a table of published figures, as (row, column,
/// text); targets, changes and rates are not counts and are left out.
fn published_cells(page: &Html) -> Vec<(String, String, String)> {
    // Tables of published figures: every one but the plan's actions (not
    // statistics about people) and the lists of returns and files.
    let captions: std::collections::BTreeSet<String> = page
        .select(&sel("caption"))
        .map(text_of)
        .filter(|c| {
            c.starts_with("Published measures")
                || c.starts_with("New referrals by")
                || c.contains("— published measures")
                || (c.starts_with("The data of the chart") && !c.contains("Actions"))
        })
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for caption in captions {
        for grid in grids(page, &caption) {
            for (head, cells) in &grid.rows {
                for (column, cell) in grid.columns.iter().zip(cells) {
                    if ["Target", "Change", "Per 10,000 children", "RAG"].contains(&column.as_str())
                    {
                        continue;
                    }
                    if seen.insert((caption.clone(), head.clone(), column.clone())) {
                        out.push((head.clone(), column.clone(), cell.clone()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn no_visible_published_count_lies_between_one_and_the_threshold() {
    for (case, year) in [
        (small_counts_case(), "2014-15"),
        (Case::clean(&[]), "2015-16"),
        (Case::shipped(), "2014-15"),
        (Case::shipped(), "2015-16"),
    ] {
        let (_, html) = annual(&case, year);
        let page = Html::parse_document(&html);
        let cells = published_cells(&page);
        assert!(cells.len() > 100, "{year}: {} cells read", cells.len());
        assert!(
            cells.iter().any(|(_, _, c)| c == "[c]"),
            "{year}: something is suppressed"
        );
        for (head, column, cell) in &cells {
            if let Ok(n) = cell.replace(',', "").parse::<u64>() {
                assert!(n == 0 || n > 5, "{year}: {head} › {column} shows {n}");
            }
        }
    }
}

#[test]
fn the_summary_never_prints_a_suppressed_figure() {
    let case = Case::clean(&["2014-15-Q3", "2014-15-Q4"]);
    // With a threshold of 6 the year's six high-risk referrals are suppressed.
    case.edit(
        "plan/delivery-plan.xlsx",
        "Settings",
        "B6",
        Cell::Number(6.0),
    );
    let (pdf, html) = annual(&case, "2014-15");
    let page = Html::parse_document(&html);
    let glance = &tables(&page, "Published measures by quarter")[0];
    assert_eq!(
        row(glance, "New CSE referrals assessed high risk")[4],
        "[c]"
    );
    let summary: Vec<String> = page
        .select(&sel("#section-1-2 ~ ul li"))
        .map(text_of)
        .collect();
    let referrals = summary
        .iter()
        .find(|s| s.contains("new referrals were received"))
        .unwrap_or_else(|| panic!("a referral sentence in {summary:?}"));
    assert!(
        referrals.contains("the number assessed as high risk is withheld ([c])"),
        "{referrals}"
    );
    assert!(!referrals.contains("six were"), "{referrals}");
    assert!(
        squeezed(&pdf).contains(&squeezed(referrals)),
        "the PDF says the same"
    );
    let risk = &tables(&page, "New referrals by risk at referral")[0];
    assert_eq!(row(risk, "High")[0], "[c]", "the breakdown hides it too");
}

#[test]
fn measures_not_published_never_appear() {
    let case = Case::clean(&["2014-15-Q3", "2014-15-Q4"]);
    let (pdf, html) = annual(&case, "2014-15");
    for label in [
        "Young people waiting for specialist support",
        "CSE MARAC meetings held",
        "discussed at the CSE MARAC (%)",
        "Median days open",
    ] {
        assert!(!pdf.contains(label), "{label} is in the PDF");
        assert!(!html.contains(label), "{label} is in the web page");
    }
}

#[test]
fn the_web_page_is_accessible_and_self_contained() {
    let case = Case::shipped();
    for year in ["2014-15", "2015-16"] {
        let (_, html) = annual(&case, year);
        let page = Html::parse_document(&html);
        let root = page.root_element();
        assert_eq!(
            page.select(&sel("html"))
                .next()
                .and_then(|h| h.value().attr("lang")),
            Some("en-GB")
        );
        assert_eq!(page.select(&sel("h1")).count(), 1, "{year}: one h1");
        let mut last = 0;
        for h in page.select(&sel("h1, h2, h3, h4, h5, h6")) {
            let level: u32 = h.value().name()[1..].parse().unwrap();
            assert!(
                level <= last + 1,
                "{year}: h{level} “{}” after h{last}",
                text_of(h)
            );
            last = level;
        }
        let tables: Vec<ElementRef> = page.select(&sel("table")).collect();
        assert!(tables.len() > 15, "{year}: {} tables", tables.len());
        for t in &tables {
            let caption = t.select(&sel("caption")).next().map(text_of);
            assert!(
                caption.as_deref().is_some_and(|c| !c.is_empty()),
                "a table without a caption"
            );
            assert!(
                t.select(&sel("thead th[scope=col]")).count() > 0,
                "{caption:?}: column headers"
            );
            assert!(
                t.select(&sel("tbody th[scope=row]")).count() > 0
                    || t.select(&sel("tbody tr")).count() == 0,
                "{caption:?}: row headers"
            );
        }
        assert_eq!(
            page.select(&sel("th:not([scope])")).count(),
            0,
            "{year}: every th has a scope"
        );
        for figure in page.select(&sel("figure")) {
            let svg = figure.select(&sel("svg")).next().expect("a drawing");
            assert_eq!(svg.value().attr("role"), Some("img"));
            assert!(svg
                .value()
                .attr("aria-label")
                .is_some_and(|l| !l.is_empty()));
            assert!(
                figure.select(&sel("table caption")).next().is_some(),
                "its data as a table"
            );
        }
        assert!(page.select(&sel("figure")).count() >= 5, "{year}: charts");
        for banned in ["script", "link", "img", "iframe", "object", "embed", "base"] {
            assert_eq!(page.select(&sel(banned)).count(), 0, "{year}: <{banned}>");
        }
        for e in root.descendants().filter_map(ElementRef::wrap) {
            for (name, value) in e.value().attrs() {
                let external = matches!(name, "src" | "href" | "srcset" | "action" | "xlink:href")
                    && !value.starts_with('#');
                assert!(!external, "{year}: {name}={value}");
                assert!(!name.starts_with("on"), "{year}: an event handler");
            }
        }
        let style: String = page.select(&sel("style")).map(|s| s.inner_html()).collect();
        assert!(style.contains("@media print"), "a print stylesheet");
        for banned in ["url(", "@import", "http:", "https:"] {
            assert!(!html.contains(banned), "{year}: {banned}");
        }
        // Status cells carry their word, not only a colour.
        for cell in page.select(&sel("td[style]")) {
            assert!(!text_of(cell).is_empty(), "a coloured cell without a word");
        }
    }
}

#[test]
fn a_part_year_says_which_quarters_it_covers_in_both_files() {
    let case = Case::shipped();
    let (pdf, html) = annual(&case, "2014-15");
    let flat = squeezed(&pdf);
    assert!(flat.contains(&squeezed(
        "Returns were collected for Q3 and Q4 of the year (October 2014 to March 2015)"
    )));
    assert!(flat.contains(&squeezed(
        "Published measures by quarter and for 2014-15 (the year covers Q3 and Q4)"
    )));
    assert!(
        html.contains("Published measures by quarter and for 2014-15 (the year covers Q3 and Q4)")
    );
    for heading in [
        "1 Foreword and summary",
        "2 The year at a glance",
        "3 The delivery plan",
        "4 The strands",
        "5 Data quality and definitions",
        "6 Appendix — data sources",
    ] {
        assert!(pdf.contains(heading), "PDF: {heading}");
        assert!(
            html.contains(&format!("{}</a>", heading)),
            "web page contents: {heading}"
        );
    }
    let (pdf, _) = annual(&case, "2015-16");
    assert!(squeezed(&pdf).contains(&squeezed(
        "Returns were collected for Q1 and Q2 of the year (April 2015 to September 2015)"
    )));
    assert!(squeezed(&pdf).contains("Comparedwith2014-15"));
}

#[test]
fn no_case_id_or_referral_free_text_reaches_either_file() {
    let case = Case::shipped();
    let loaded = boardpack::read::load(
        &case.path("plan/delivery-plan.xlsx"),
        &case.path("data/returns"),
        None,
    )
    .unwrap();
    let referrals: Vec<_> = loaded
        .dataset
        .unwrap()
        .returns
        .iter()
        .flat_map(|r| r.referrals.clone().into_iter().flatten())
        .collect();
    assert!(referrals.len() > 40, "the example has a referral log");
    for year in ["2014-15", "2015-16"] {
        let (pdf, html) = annual(&case, year);
        let raw = std::fs::read(case.path(&format!("reports/{year}/{PDF}"))).unwrap();
        for r in &referrals {
            assert!(!pdf.contains(&r.case_id), "a Case ID in the PDF");
            assert!(!html.contains(&r.case_id), "a Case ID in the web page");
            if let Some(reason) = r.closure_reason.as_deref().filter(|t| t.len() > 8) {
                assert!(!pdf.contains(reason), "a closure reason in the PDF");
                assert!(!html.contains(reason), "a closure reason in the web page");
            }
        }
        assert!(
            !String::from_utf8_lossy(&raw).contains("CSE-0"),
            "not in the raw bytes"
        );
        assert!(!html.contains("CSE-0"));
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_the_default_is_the_latest_year() {
    let case = Case::shipped();
    let out = case.run(&["annual"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let first = (
        std::fs::read(case.path("reports/2015-16/annual-report.pdf")).unwrap(),
        std::fs::read(case.path("reports/2015-16/annual-report.html")).unwrap(),
    );
    let out = case.run(&["annual", "--year", "2015/16"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let second = (
        std::fs::read(case.path("reports/2015-16/annual-report.pdf")).unwrap(),
        std::fs::read(case.path("reports/2015-16/annual-report.html")).unwrap(),
    );
    assert!(first == second, "two runs give identical bytes");
}

#[test]
fn nothing_is_written_on_input_errors_or_among_the_inputs() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(
        "data/returns/2014-15-Q3/police.xlsx",
        "Measures",
        "C2",
        Cell::Text("twelve"),
    );
    let out = case.run(&["annual", "--year", "2014-15"]);
    assert_eq!(exit_code(&out), 1, "{}", stderr(&out));
    assert!(!case.path("reports").exists(), "nothing written");

    let case = Case::clean(&["2014-15-Q3"]);
    let out = case.run(&["annual", "--out", "data/returns/reports"]);
    assert_eq!(exit_code(&out), 2);
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
    assert!(!case.path("data/returns/reports").exists());

    for (args, says) in [
        (vec!["annual", "--year", "2014-16"], "consecutive"),
        (
            vec!["annual", "--year", "2019-20"],
            "no returns for 2019-20",
        ),
    ] {
        let out = case.run(&args);
        assert_eq!(exit_code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert!(!case.path("reports").exists(), "nothing written");
}

/// A reader of the published report does not know what `PROJ28` is: agencies
/// are named as the plan names them in every table, note and list of both
/// files (the data-quality table and the appendix included). A code stays only
/// inside a return's file name (`data/returns/2015-16-Q1/proj28.xlsx`).
#[test]
fn no_agency_code_is_shown_to_a_reader() {
    let case = Case::shipped();
    let codes = codes_only_codes(&case.dataset());
    assert!(
        codes.len() >= 10,
        "the example's codes are checked: {codes:?}"
    );
    let (pdf, html) = annual(&case, "2015-16");
    for code in &codes {
        assert_eq!(
            words_equal_to(&pdf, code),
            Vec::<String>::new(),
            "the PDF shows {code}"
        );
        assert_eq!(
            words_equal_to(&html, code),
            Vec::<String>::new(),
            "the page shows {code}"
        );
    }
    // The names are there instead, in the data-quality table and the appendix.
    let page = Html::parse_document(&html);
    let returns = &tables(&page, "Returns received")[0];
    assert!(
        row(
            returns,
            "Project 28 (young people's drug and alcohol service)"
        )[0] == "Missing"
    );
    let files = &grids(&page, "Input files")[0];
    let proj28 = files
        .rows
        .iter()
        .find(|(file, _)| file == "data/returns/2015-16-Q2/proj28.xlsx")
        .expect("the appendix lists the file");
    assert_eq!(
        proj28.1[0],
        "Project 28 (young people's drug and alcohol service)"
    );
}

/// Every /Alt text of the PDF (the charts' descriptions), decoded.
fn alt_texts(case: &Case, year: &str) -> Vec<String> {
    let pdf = std::fs::read(case.path(&format!("reports/{year}/{PDF}"))).unwrap();
    let doc = Document::load_mem(&pdf).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok()?.get(b"Alt").ok())
        .filter_map(|alt| match alt {
            lopdf::Object::String(bytes, _) if bytes.starts_with(&[0xfe, 0xff]) => {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                Some(String::from_utf16_lossy(&units))
            }
            lopdf::Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
            _ => None,
        })
        .collect()
}

/// The 2015-16 part year lacks Project 28's Q1 return: tier 1 training's Q1
/// (204) is incomplete. Its chart marks it as the tables do, in both files:
/// a hatched bar labelled `204 [i]`, a legend entry, a note saying what it
/// means, the chart's data table `204 [i]`, and the PDF's /Alt "204
/// (incomplete) in Q1". Q2 (145) is whole and drawn as a solid bar.
#[test]
fn a_chart_marks_an_incomplete_figure_in_both_files() {
    let case = Case::shipped();
    let (pdf, html) = annual(&case, "2015-16");
    let page = Html::parse_document(&html);
    let title = "Staff completing tier 1 CSE awareness training, by quarter";
    let figure = page
        .select(&sel("figure.chart"))
        .find(|f| f.select(&sel("figcaption")).any(|c| text_of(c) == title))
        .expect("the chart is on the page");
    let svg = figure.select(&sel("svg")).next().expect("a drawing");
    let labels: Vec<String> = svg.select(&sel("text.label")).map(text_of).collect();
    assert!(labels.contains(&"204 [i]".to_string()), "{labels:?}");
    assert!(labels.contains(&"145".to_string()), "{labels:?}");
    let legend: Vec<String> = svg.select(&sel("text.legend")).map(text_of).collect();
    assert!(legend.contains(&"Incomplete [i]".to_string()), "{legend:?}");
    // One solid bar per whole figure shown (2014-15 Q3, Q4; 2015-16 Q2): the
    // incomplete Q1 is an outline with hatching, not a filled bar.
    assert_eq!(svg.select(&sel("rect.mark")).count(), 3);
    let data = &grids(&page, &format!("The data of the chart: {title}"))[0];
    assert_eq!(row(&data.rows, "Q1")[1], "204 [i]");
    assert_eq!(row(&data.rows, "Q2")[1], "145");
    let note: String = figure.select(&sel("p.note")).map(text_of).collect();
    assert!(note.starts_with("[i] incomplete"), "{note}");
    // The PDF: the label and the legend are drawn as text, the /Alt says it.
    assert!(squeezed(&pdf).contains("Incomplete[i]"));
    let alt = alt_texts(&case, "2015-16");
    let alt = alt
        .iter()
        .find(|a| a.starts_with(title))
        .expect("the chart's /Alt");
    assert!(alt.contains("204 (incomplete) in Q1"), "{alt}");
    assert!(alt.contains("145 in Q2"), "{alt}");
}
