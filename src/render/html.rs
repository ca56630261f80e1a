//! Blocks → one self-contained, accessible web page: the same blocks the PDF
//! is laid out from, as `lang="en-GB"` HTML with one `h1` and headings that
//! never skip a level, real tables (caption, `th scope`), every chart given
//! its data as a table (and drawn as inline SVG), an inline stylesheet with a
//! print section, and nothing else — no scripts, no links to other files.
//! Renders finished content: it must not compute figures or read files, and
//! every piece of text it is given is escaped.

use crate::document::contents::{self, Entry};
use crate::document::{
    format_value, heading_numbers, style, Align, Block, Chart, ChartValue, Run, Table, TableCell,
};
use crate::render::markup::{escape, hex};
use std::fmt::Write as _;

/// The id of a numbered heading in a web page: "2.1" → `section-2-1`.
pub fn anchor(number: &str) -> String {
    format!("section-{}", number.replace('.', "-"))
}

/// What the page is, for its `<head>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The `<title>`; also the `h1` when the blocks have no title block.
    pub title: String,
    /// The `<meta name="description">`.
    pub description: String,
}

/// The page for `blocks`, with the contents list (linked to the sections) at
/// `contents_at` when given.
pub fn render(page: &Page, blocks: &[Block], contents_at: Option<usize>) -> String {
    let mut w = Writer::default();
    let numbers = heading_numbers(blocks);
    let has_title = blocks.iter().any(|b| matches!(b, Block::Title(_)));
    if !has_title {
        w.title(&page.title);
    }
    let entries = contents::entries(blocks);
    for (index, block) in blocks.iter().enumerate() {
        if contents_at == Some(index) {
            w.contents(&entries);
        }
        w.block(block, numbers.get(index).cloned().flatten());
    }
    if contents_at.is_some_and(|at| at >= blocks.len()) {
        w.contents(&entries);
    }
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&page.title));
    let _ = writeln!(
        out,
        "<meta name=\"description\" content=\"{}\">",
        escape(&page.description)
    );
    out.push_str("<style>\n");
    out.push_str(STYLESHEET);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    out.push_str(&w.out);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The page's body as it is written, and what the heading order needs.
#[derive(Default)]
struct Writer {
    out: String,
    /// The HTML level of the last heading written (1 once the `h1` is out).
    last_level: u8,
    /// The last heading's text, the caption of a table that has none.
    last_heading: String,
    h1_written: bool,
}

impl Writer {
    fn title(&mut self, text: &str) {
        if self.h1_written {
            let _ = writeln!(self.out, "<p class=\"subtitle\">{}</p>", escape(text));
            return;
        }
        let _ = writeln!(self.out, "<h1>{}</h1>", escape(text));
        self.h1_written = true;
        self.last_level = 1;
        self.last_heading = text.to_string();
    }

    fn block(&mut self, block: &Block, number: Option<String>) {
        match block {
            Block::Title(text) => self.title(text),
            Block::Heading { level, text } => self.heading(*level, text, number),
            Block::Paragraph(runs) => {
                let _ = writeln!(self.out, "<p>{}</p>", runs_html(runs));
            }
            Block::Bullets(items) => {
                self.out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(self.out, "<li>{}</li>", runs_html(item));
                }
                self.out.push_str("</ul>\n");
            }
            Block::Table(table) => self.table(table),
            Block::Chart(chart) => self.chart(chart),
            Block::PageBreak | Block::Spacer(_) => {}
        }
    }

    /// A document heading of level 1–4 is `h2`–`h5` (the `h1` is the title),
    /// never more than one level below the heading before it.
    fn heading(&mut self, level: u8, text: &str, number: Option<String>) {
        let wanted = level.saturating_add(1).clamp(2, 6);
        let html_level = wanted.min(self.last_level.max(1) + 1);
        let id = number
            .as_deref()
            .map(|n| format!(" id=\"{}\"", escape(&anchor(n))))
            .unwrap_or_default();
        let shown = match &number {
            Some(n) => format!(
                "<span class=\"number\">{}</span> {}",
                escape(n),
                escape(text)
            ),
            None => escape(text),
        };
        let _ = writeln!(self.out, "<h{html_level}{id}>{shown}</h{html_level}>");
        self.last_level = html_level;
        self.last_heading = text.to_string();
    }

    fn contents(&mut self, entries: &[Entry]) {
        if entries.is_empty() {
            return;
        }
        let level = (self.last_level.max(1) + 1).min(6);
        self.out
            .push_str("<nav class=\"contents\" aria-labelledby=\"contents-heading\">\n");
        let _ = writeln!(
            self.out,
            "<h{level} id=\"contents-heading\">Contents</h{level}>\n<ol>"
        );
        for e in entries {
            let _ = writeln!(
                self.out,
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&anchor(&e.number)),
                escape(&e.title())
            );
        }
        self.out.push_str("</ol>\n</nav>\n");
        self.last_level = level;
    }

    fn table(&mut self, table: &Table) {
        let caption = table
            .caption
            .clone()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| self.last_heading.clone());
        self.out.push_str("<div class=\"table\">\n<table>\n");
        let _ = writeln!(self.out, "<caption>{}</caption>", escape(&caption));
        self.out.push_str("<thead>\n<tr>");
        for column in &table.columns {
            let _ = write!(
                self.out,
                "<th scope=\"col\"{}>{}</th>",
                cell_class(column.align, is_short_token(&column.header)),
                escape(&column.header)
            );
        }
        self.out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &table.rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let align = table.columns.get(i).map_or(Align::Left, |c| c.align);
                self.cell(cell, i == 0, align);
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
        if let Some(note) = table.note.as_deref().filter(|n| !n.is_empty()) {
            let _ = writeln!(self.out, "<p class=\"note\">{}</p>", escape(note));
        }
        self.out.push_str("</div>\n");
    }

    /// The first cell of a row heads it; a filled (status) cell keeps its
    /// word and gets its colour inline, so the page reads without the stylesheet.
    fn cell(&mut self, cell: &TableCell, row_header: bool, align: Align) {
        let (open, close) = if row_header {
            ("<th scope=\"row\"", "</th>")
        } else {
            ("<td", "</td>")
        };
        let fill = cell
            .fill
            .map(|f| {
                format!(
                    " style=\"background-color:{};color:{}\"",
                    hex(f),
                    hex(style::text_on(f))
                )
            })
            .unwrap_or_default();
        let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
        let _ = write!(
            self.out,
            "{open}{}{fill}>{}{close}",
            cell_class(align, is_short_token(&text)),
            runs_html(&cell.runs)
        );
    }

    fn chart(&mut self, chart: &Chart) {
        let title = chart.caption.clone().unwrap_or_default();
        self.out.push_str("<figure class=\"chart\">\n");
        let _ = writeln!(self.out, "<figcaption>{}</figcaption>", escape(&title));
        if let Some(svg) = crate::render::svg::chart(chart, &title) {
            // Never drawn so narrow that its labels cannot be read: on a
            // phone the drawing scrolls sideways in its own box (reachable
            // by keyboard), never the page; its table follows as text.
            let _ = writeln!(
                self.out,
                "<div class=\"chart-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                escape(&format!("Chart: {title}"))
            );
            self.out.push_str(&svg);
            self.out.push_str("</div>\n");
        }
        self.chart_table(chart, &title);
        if let Some(note) = chart.note.as_deref().filter(|n| !n.is_empty()) {
            let _ = writeln!(self.out, "<p class=\"note\">{}</p>", escape(note));
        }
        self.out.push_str("</figure>\n");
    }

    /// The chart's text alternative: its data, one row per category.
    fn chart_table(&mut self, chart: &Chart, title: &str) {
        let unit = chart.y_label.as_deref().unwrap_or("");
        // In the scrolling wrapper like every table, so a narrow screen
        // scrolls the table, never the page.
        self.out
            .push_str("<div class=\"table\">\n<table class=\"chart-data\">\n");
        let _ = writeln!(
            self.out,
            "<caption>The data of the chart: {}{}</caption>",
            escape(title),
            if unit.is_empty() || unit == "%" {
                String::new()
            } else {
                format!(" ({})", escape(&unit.to_lowercase()))
            }
        );
        self.out.push_str("<thead>\n<tr><td></td>");
        for series in &chart.series {
            let _ = write!(
                self.out,
                "<th scope=\"col\" class=\"num\">{}</th>",
                escape(&series.name)
            );
        }
        if let Some(target) = &chart.target {
            let _ = write!(
                self.out,
                "<th scope=\"col\" class=\"num\">{}</th>",
                escape(&target.label)
            );
        }
        self.out.push_str("</tr>\n</thead>\n<tbody>\n");
        for (i, category) in chart.categories.iter().enumerate() {
            let _ = write!(self.out, "<tr><th scope=\"row\">{}</th>", escape(category));
            for series in &chart.series {
                let mut shown = series
                    .values
                    .get(i)
                    .map(|v| value_text(v, unit))
                    .unwrap_or_default();
                // As the tables mark it: the drawing hatches it.
                if series.is_incomplete(i) {
                    shown.push_str(" [i]");
                }
                let _ = write!(self.out, "<td class=\"num\">{}</td>", escape(&shown));
            }
            if let Some(target) = &chart.target {
                let shown = value_text(&ChartValue::Number(target.value), unit);
                let _ = write!(self.out, "<td class=\"num\">{}</td>", escape(&shown));
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }
}

/// A code or date such as `PV-02` or `30/09/2015`: one short word with a
/// digit in it, that a browser would otherwise break at its hyphen or slash.
fn is_short_token(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() <= SHORT_TOKEN
        && text.contains(|c: char| c.is_ascii_digit())
        && !text.contains(char::is_whitespace)
}

/// The longest word kept on one line (a date is 10, a quarter `2015-16 Q2` has a space).
const SHORT_TOKEN: usize = 16;

fn cell_class(align: Align, nowrap: bool) -> &'static str {
    match (align, nowrap) {
        (Align::Right, true) => " class=\"num nowrap\"",
        (Align::Left, true) => " class=\"nowrap\"",
        (align, false) => align_class(align),
    }
}

fn align_class(align: Align) -> &'static str {
    match align {
        Align::Right => " class=\"num\"",
        Align::Left => "",
    }
}

fn runs_html(runs: &[Run]) -> String {
    let mut out = String::new();
    for run in runs {
        let text = escape(&run.text).replace('\n', "<br>");
        if run.bold {
            let _ = write!(out, "<strong>{text}</strong>");
        } else {
            out.push_str(&text);
        }
    }
    out
}

fn value_text(value: &ChartValue, unit: &str) -> String {
    match value {
        ChartValue::Number(n) if unit == "%" => format!("{}%", format_value(*n)),
        ChartValue::Number(n) => format_value(*n),
        ChartValue::Missing(label) => label.clone(),
    }
}

/// The page's only stylesheet, inline. The page reads without it: tables,
/// headings and status words carry the meaning; this only makes it pleasant.
const STYLESHEET: &str = r#"body { margin: 0; color: #1b1f24; background: #fff;
  font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 1rem; line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 2rem; color: #1f3a5f; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.5rem; color: #1f3a5f; border-bottom: 1px solid #9fb0c4; margin-top: 2.5rem; }
h3 { font-size: 1.25rem; color: #1f3a5f; margin-top: 2rem; }
h4, h5, h6 { font-size: 1.05rem; color: #1f3a5f; }
.number { color: #5b6673; margin-right: 0.3em; }
.subtitle { font-size: 1.25rem; }
.contents ol { list-style: none; padding-left: 0; }
.contents li { margin: 0.2rem 0; }
a { color: #1d4f91; }
a:focus { outline: 3px solid #ffbf47; }
.table { overflow-x: auto; margin: 1rem 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; color: #1f3a5f; padding-bottom: 0.4rem; }
th, td { border: 1px solid #d3d9e0; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
thead th { background: #1f3a5f; color: #fff; }
tbody th { font-weight: normal; }
.num { text-align: right; }
.nowrap, .chart-data td { white-space: nowrap; }
.note { font-size: 0.85rem; color: #5b6673; margin-top: 0.4rem; }
figure.chart { margin: 1.5rem 0; }
figcaption { font-weight: bold; color: #1f3a5f; }
.chart-scroll { overflow-x: auto; }
svg.chart-drawing { width: 100%; min-width: 34rem; max-width: 40rem; height: auto; display: block; margin: 0.5rem 0; }
svg text { font-family: "DejaVu Sans", Verdana, sans-serif; }
table.chart-data { width: auto; min-width: 50%; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-before: page; break-after: avoid; }
  h3, h4, caption, figcaption { break-after: avoid; }
  tr, figure, svg { break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: #fff; color: #000; border-bottom: 2px solid #000; }
  a { color: inherit; text-decoration: none; }
  .table, .chart-scroll { overflow: visible; }
  svg.chart-drawing { min-width: 0; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        axis_ticks, series_colour, ChartKind, ColumnSpec, Rgb, Series, TargetLine,
    };

    fn page() -> Page {
        Page {
            title: "Annual report".into(),
            description: "A test".into(),
        }
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let html = render(
            &page(),
            &[
                Block::Title("A <b> & \"c\"".into()),
                Block::paragraph("<script>alert(1)</script>"),
            ],
            None,
        );
        assert!(html.contains("<h1>A &lt;b&gt; &amp; &quot;c&quot;</h1>"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn headings_never_skip_a_level_and_there_is_one_h1() {
        let html = render(
            &page(),
            &[
                Block::heading(1, "One"),
                Block::heading(3, "Deep"),
                Block::heading(1, "Two"),
            ],
            Some(0),
        );
        assert_eq!(html.matches("<h1").count(), 1, "{html}");
        assert!(html.contains("<h1>Annual report</h1>"));
        assert!(html.contains("<h2 id=\"contents-heading\">Contents</h2>"));
        assert!(html.contains("<h2 id=\"section-1\"><span class=\"number\">1</span> One</h2>"));
        assert!(html.contains("<h3 id=\"section-1-0-1\">"), "{html}");
        assert!(html.contains("<a href=\"#section-2\">2 Two</a>"));
    }

    #[test]
    fn tables_have_captions_column_and_row_headers_and_status_words() {
        let table = Table {
            columns: vec![
                ColumnSpec::left("Measure", 3.0),
                ColumnSpec::right("Year", 1.0),
            ],
            rows: vec![vec![
                TableCell::text("Arrests"),
                TableCell::text("Green").with_fill(Rgb::hex(0x00703c)),
            ]],
            caption: None,
            note: Some("[c] confidential".into()),
        };
        let html = render(
            &page(),
            &[Block::heading(1, "Figures"), Block::Table(table)],
            None,
        );
        assert!(html.contains("<caption>Figures</caption>"), "{html}");
        assert!(html
            .contains("<th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Year</th>"));
        assert!(html.contains("<th scope=\"row\">Arrests</th>"));
        assert!(html.contains("style=\"background-color:#00703c;color:#ffffff\">Green</td>"));
        assert!(html.contains("<p class=\"note\">[c] confidential</p>"));
    }

    #[test]
    fn a_chart_is_an_labelled_image_and_a_table_of_its_data() {
        let chart = Chart {
            kind: ChartKind::GroupedBars,
            caption: Some("Arrests".into()),
            categories: vec!["Q1".into(), "Q2".into()],
            series: vec![Series {
                name: "2014-15".into(),
                values: vec![ChartValue::Number(12.0), ChartValue::Missing("[c]".into())],
                colour: None,
                incomplete: Vec::new(),
            }],
            y_label: Some("Count".into()),
            target: Some(TargetLine {
                value: 10.0,
                label: "Target".into(),
            }),
            note: None,
        };
        let html = render(&page(), &[Block::Chart(chart)], None);
        assert!(html.contains("role=\"img\" aria-label=\"Arrests: bar chart"));
        assert!(html.contains("<tr><th scope=\"row\">Q2</th><td class=\"num\">[c]</td><td class=\"num\">10</td></tr>"), "{html}");
        assert_eq!(
            html.matches("<rect").count(),
            2,
            "one bar and one legend swatch"
        );
    }

    fn count_chart(values: &[f64]) -> Chart {
        Chart {
            kind: ChartKind::GroupedBars,
            caption: Some("Referrals".into()),
            categories: (1..=values.len()).map(|q| format!("Q{q}")).collect(),
            series: vec![Series {
                name: "2015-16".into(),
                values: values.iter().map(|v| ChartValue::Number(*v)).collect(),
                colour: Some(Rgb::hex(0xb1b4b6)),
                incomplete: Vec::new(),
            }],
            y_label: Some("Count".into()),
            target: None,
            note: None,
        }
    }

    fn tick_labels(html: &str) -> Vec<String> {
        html.split("class=\"tick\">")
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_count_axis_ticks_only_at_whole_numbers_as_in_the_pdf() {
        for values in [
            [0.0, 0.0],
            [1.0, 2.0],
            [3.0, 7.0],
            [48.0, 50.0],
            [980.0, 4.0],
        ] {
            let chart = count_chart(&values);
            let html = render(&page(), &[Block::Chart(chart.clone())], None);
            let labels = tick_labels(&html);
            let expected: Vec<String> = axis_ticks(&chart).into_iter().map(|t| t.1).collect();
            assert!(labels.starts_with(&expected), "{values:?}: {labels:?}");
            for label in &expected {
                assert!(!label.contains('.'), "{values:?}: a tick at {label}");
            }
        }
    }

    #[test]
    fn a_pale_series_is_drawn_darkened_to_3_to_1_and_stacks_are_split_by_white() {
        let mut chart = count_chart(&[3.0, 4.0]);
        let html = render(&page(), &[Block::Chart(chart.clone())], None);
        assert!(!html.contains("#b1b4b6"), "the pale grey is not drawn");
        assert!(html.contains(&format!("fill=\"{}\"", hex(series_colour(&chart, 0)))));
        chart.kind = ChartKind::StackedBars;
        let mut second = chart.series[0].clone();
        second.name = "2016-17".into();
        chart.series.push(second);
        let html = render(&page(), &[Block::Chart(chart)], None);
        // The PDF's white gap where two segments meet, one per stack.
        assert_eq!(html.matches("stroke=\"#ffffff\"").count(), 2, "{html}");
    }

    #[test]
    fn every_table_is_in_the_scrolling_wrapper_and_codes_do_not_wrap() {
        let table = Table {
            columns: vec![
                ColumnSpec::left("Ref", 1.0),
                ColumnSpec::left("Action", 4.0),
                ColumnSpec::left("Due", 1.0),
            ],
            rows: vec![vec![
                TableCell::text("PV-02"),
                TableCell::text("Train every front-line worker"),
                TableCell::text("30/09/2015"),
            ]],
            caption: None,
            note: None,
        };
        let html = render(
            &page(),
            &[Block::Table(table), Block::Chart(count_chart(&[1.0]))],
            None,
        );
        assert_eq!(
            html.matches("<div class=\"table\">\n<table").count(),
            html.matches("<table").count(),
            "{html}"
        );
        assert!(html.contains("<th scope=\"row\" class=\"nowrap\">PV-02</th>"));
        assert!(html.contains("<td class=\"nowrap\">30/09/2015</td>"));
        assert!(html.contains("<td>Train every front-line worker</td>"));
        let years = Table {
            columns: vec![ColumnSpec::right("2015-16", 1.0)],
            rows: vec![],
            caption: None,
            note: None,
        };
        let html = render(&page(), &[Block::Table(years)], None);
        assert!(html.contains("<th scope=\"col\" class=\"num nowrap\">2015-16</th>"));
        assert!(html.contains("@page { size: A4; margin:"));
    }

    #[test]
    fn the_page_is_self_contained_with_a_print_stylesheet() {
        let html = render(&page(), &[Block::paragraph("x")], None);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
        assert!(html.contains("@media print"));
        for banned in [
            "<script", "<link", "src=", "http:", "https:", "@import", "url(",
        ] {
            assert!(!html.contains(banned), "{banned}");
        }
    }
}
