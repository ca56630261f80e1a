//! The tracker workbook, `<out>/<quarter>/tracker.xlsx`, for the chair and the
//! analysts: sheets `Actions` (every action as of the as-of date, with its status
//! history), `Measures` (every catalogue measure quarter by quarter, its target
//! and the quarter's RAG) and `Data quality` (returns received, late and missing;
//! every diagnostic of the run). Real figures, never suppressed; never a Case ID
//! or any referral text (none is in what it is given).
//!
//! `report::tracker::prepare` picks the rows from what `metrics`, `tracking`
//! and `quality` compute; `render` here lays them out. It computes nothing and
//! touches no file.
//!
//! ```text
//!  Measures (row 3 is the header; rows 1–2 say what the sheet is)
//!  +--------+----------+---------+-------+------------+-----+------------+--------+--------+-----------+-----------------------+
//!  | Code   | Measure  | Strand  | Kind  | 2014-15 Q3 | ... | 2015-16 Q2 | Target | Better | RAG       | Incomplete 2015-16 Q2 |
//!  | REF_NEW| New CSE… | Protect…| referr|         12 | ... |         11 |        |        |           |                       |
//!  | RHI_72…| Return h…| Protect…| ratio |      66.7% | ... |      61.9% |  80.0% | higher | [Red]     |                       |
//!  | SCREEN…| CSE scre…| Prevent | count |         55 | ... |         48 | 60     | higher | [Red]     | AWP (blank)           |
//!  +--------+----------+---------+-------+------------+-----+------------+--------+--------+-----------+-----------------------+
//! ```

use super::{
    blank, filter_table, fit_row, fixed_properties, header_cells, mark_pages, number_pages,
    rag_format, to_bytes, wrapped_lines, write_count, write_date, write_number,
    write_optional_date, write_optional_text, write_text, yes_no, Styles, XlsxResult,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::metrics::{Cell, Figure};
use crate::model::Better;
use crate::quality::ReturnRecord;
use crate::rag::Rag;
use crate::report::tracker::{MeasureRow, Tracker};
use crate::tracking::ActionState;
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, Table, TableColumn, TableStyle, Workbook, Worksheet};

/// The cell formats of the tracker, built on the shared styles.
struct Formats {
    styles: Styles,
    /// Title rows' second line: plain, not wrapped, so it runs across the row.
    note: Format,
    /// The sheet's name in the title row's first cell: the title's face, wrapped.
    title_name: Format,
    /// A table's title inside a sheet: bold, not wrapped.
    heading: Format,
    text: Format,
    /// Short words and codes, centred.
    centre: Format,
    date: Format,
    whole: Format,
    figures: FigureFormats,
    incomplete_figures: FigureFormats,
}

struct FigureFormats {
    count: Format,
    decimal: Format,
    percent: Format,
    symbol: Format,
}

impl FigureFormats {
    fn new(base: &Format) -> FigureFormats {
        FigureFormats {
            count: base.clone().set_num_format("#,##0"),
            decimal: base.clone().set_num_format("0.0"),
            percent: base.clone().set_num_format("0.0%"),
            symbol: base.clone().set_align(FormatAlign::Right),
        }
    }
}

impl Formats {
    fn new() -> Formats {
        let styles = Styles::new();
        let text = styles.label.clone();
        let figures = FigureFormats::new(&text);
        let incomplete_figures = FigureFormats::new(&text.clone().set_italic());
        Formats {
            note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            title_name: styles
                .title
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            heading: Format::new().set_bold(),
            centre: text.clone().set_align(FormatAlign::Center),
            date: styles.label_date.clone(),
            whole: text.clone().set_num_format("0"),
            text,
            figures,
            incomplete_figures,
            styles,
        }
    }

    fn rag(&self, rag: Rag) -> Format {
        rag_format(&self.centre, rag)
    }
}

/// Rows above each sheet's header: a title and a line on how to read it.
const HEADER_ROW: u32 = 2;

/// The tracker as the bytes of an .xlsx file.
pub fn render(t: &Tracker) -> XlsxResult<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(
        t.as_of,
        &format!("Tracker for {}, as of {}", t.quarter, uk(t.as_of)),
        &t.sub_group,
        &t.board,
    )?);
    actions_sheet(sheet(&mut wb, "Actions", t)?, t, &f)?;
    measures_sheet(sheet(&mut wb, "Measures", t)?, t, &f)?;
    data_quality_sheet(sheet(&mut wb, "Data quality", t)?, t, &f)?;
    to_bytes(&mut wb)
}

fn sheet<'a>(wb: &'a mut Workbook, name: &str, t: &Tracker) -> XlsxResult<&'a mut Worksheet> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    mark_pages(ws, &t.protective_marking);
    number_pages(ws);
    Ok(ws)
}

fn uk(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The sheet's title and note. Printed across several pages, the first
/// column (the row's key) is repeated on each, and anything in it that
/// reached past it was cut at its edge on every continued page (the title
/// read "Measures, 2014-1"). So the first column holds at most the sheet's
/// `name`, when its words fit it, to head each continued page; the title
/// (`name`, `join`, `rest`, less the name when it stands alone) and the note
/// are each merged across the table's other leading `columns` — those that
/// print on the first page — and wrapped there.
fn title_rows(
    ws: &mut Worksheet,
    (name, join, rest): (&str, &str, &str),
    note: &str,
    columns: &[(&str, f64)],
    f: &Formats,
) -> XlsxResult<()> {
    let last = u16::try_from(columns.len().max(2) - 1).unwrap_or(1);
    let first = columns.first().map_or(10.0, |(_, w)| *w);
    let width: f64 = columns.iter().skip(1).map(|(_, w)| w).sum();
    // Title text is bold 14 points, not 11: a column holds fewer of its
    // letters, and fewer still in a wider fallback font.
    let at_title_size = |width: f64| width * 11.0 / 14.0 / 1.25;
    let name_fits = name
        .split_whitespace()
        .all(|word| word.chars().count() as f64 <= at_title_size(first) - 1.0);
    let title = if name_fits {
        ws.write_with_format(0, 0, name, &f.title_name)?;
        rest.to_string()
    } else {
        format!("{name}{join}{rest}")
    };
    ws.merge_range(0, 1, 0, last, &title, &f.title_name)?;
    let lines = wrapped_lines(&title, at_title_size(width));
    let lines = if name_fits {
        lines.max(wrapped_lines(name, at_title_size(first)))
    } else {
        lines
    };
    ws.set_row_height(0, 20.0 * f64::from(lines))?;
    ws.merge_range(1, 1, 1, last, note, &f.note)?;
    fit_row(ws, 1, &[(note, width)])?;
    Ok(())
}

fn owned_headers(headers: &[(String, f64)]) -> Vec<(&str, f64)> {
    headers.iter().map(|(h, w)| (h.as_str(), *w)).collect()
}

fn fixed(columns: &[(&str, f64)]) -> Vec<(String, f64)> {
    columns.iter().map(|(h, w)| (h.to_string(), *w)).collect()
}

const QUARTER_WIDTH: f64 = 11.0;

const ACTION_COLUMNS: [(&str, f64); 16] = [
    ("Ref", 7.5),
    ("Strand", 11.0),
    ("Action", 38.0),
    ("Agency", 11.5),
    ("Owner", 20.0),
    ("Start", 11.0),
    ("Due (plan)", 11.0),
    ("Effective due", 11.0),
    ("Times revised", 8.5),
    ("Days slipped", 8.5),
    ("Status", 11.0),
    ("Overdue", 8.5),
    ("Days overdue", 8.5),
    ("Due soon", 8.5),
    ("Completed in", 11.0),
    ("Last progress update", 42.0),
];

fn actions_sheet(ws: &mut Worksheet, t: &Tracker, f: &Formats) -> XlsxResult<()> {
    title_rows(
        ws,
        (
            "Actions",
            " ",
            &format!("as of {} — {}", uk(t.as_of), t.sub_group),
        ),
        &format!(
            "{}. {}. Status is the latest return's up to the as-of date, filled with its RAG rating (an overdue action is red). The last columns give each action's status at the end of each quarter.",
            t.board, t.protective_marking
        ),
        &ACTION_COLUMNS[..5],
        f,
    )?;
    let mut headers = fixed(&ACTION_COLUMNS);
    headers.extend(
        t.history_quarters
            .iter()
            .map(|q| (q.to_string(), QUARTER_WIDTH)),
    );
    header_cells(ws, HEADER_ROW, &owned_headers(&headers), &f.styles)?;
    // 16 columns and one more each quarter cannot fit A4 at 8 pt or more, and
    // A3 would not either within two years of quarters: `header_cells` prints
    // the sheet at full size, two pages across with Ref on each, rather than
    // leave out a column (the status history is in this workbook only; the
    // PDF is the paper for the meeting).
    let mut row = HEADER_ROW;
    for state in &t.actions {
        row += 1;
        action_row(ws, row, state, t, f)?;
    }
    filter_table(ws, HEADER_ROW, row, headers.len())
}

fn action_row(
    ws: &mut Worksheet,
    row: u32,
    s: &ActionState,
    t: &Tracker,
    f: &Formats,
) -> XlsxResult<()> {
    write_text(ws, row, 0, &s.ref_, &f.text)?;
    write_text(ws, row, 1, s.strand.label(), &f.text)?;
    write_text(ws, row, 2, &s.action, &f.text)?;
    write_text(ws, row, 3, &s.agency, &f.text)?;
    write_text(ws, row, 4, &s.owner, &f.text)?;
    write_optional_date(ws, row, 5, s.start, &f.date)?;
    write_date(ws, row, 6, s.plan_due, &f.date)?;
    write_date(ws, row, 7, s.effective_due, &f.date)?;
    write_count(ws, row, 8, Some(u64::from(s.revisions)), &f.whole)?;
    write_number(ws, row, 9, s.days_slipped as f64, &f.whole)?;
    write_text(ws, row, 10, s.status.label(), &f.rag(s.rag))?;
    write_text(ws, row, 11, yes_no(s.overdue), &f.centre)?;
    if s.overdue {
        write_number(ws, row, 12, s.days_overdue as f64, &f.whole)?;
    } else {
        blank(ws, row, 12, &f.whole)?;
    }
    write_text(ws, row, 13, yes_no(s.due_soon), &f.centre)?;
    let completed = s.completed_in.map(|q| q.to_string());
    write_optional_text(ws, row, 14, completed.as_deref(), &f.centre)?;
    write_optional_text(ws, row, 15, s.last_progress.as_deref(), &f.text)?;
    for (col, quarter) in (16u16..).zip(&t.history_quarters) {
        match s.history.iter().find(|h| h.quarter == *quarter) {
            Some(h) => write_text(ws, row, col, h.status.label(), &f.rag(h.status.rag()))?,
            None => blank(ws, row, col, &f.centre)?,
        }
    }
    let width = |col: usize| ACTION_COLUMNS[col].1;
    fit_row(
        ws,
        row,
        &[
            (s.strand.label(), width(1)),
            (&s.action, width(2)),
            (&s.owner, width(4)),
            (s.last_progress.as_deref().unwrap_or(""), width(15)),
        ],
    )
}

const MEASURE_COLUMNS: [(&str, f64); 4] = [
    ("Code", 20.0),
    ("Measure", 46.0),
    ("Strand", 18.0),
    ("Kind", 8.5),
];

fn measures_sheet(ws: &mut Worksheet, t: &Tracker, f: &Formats) -> XlsxResult<()> {
    let span = match (t.quarters.first(), t.quarters.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        _ => t.quarter.to_string(),
    };
    title_rows(
        ws,
        ("Measures", ", ", &format!("{span} — {}", t.sub_group)),
        &format!(
            "{}. Real figures, not for publication. Each quarter as its own paper showed it. [x] not available, [z] not applicable; figures in italics are incomplete (an agency's value is missing). RAG: {} against the quarterly target.",
            t.protective_marking, t.quarter
        ),
        &MEASURE_COLUMNS,
        f,
    )?;
    let mut headers = fixed(&MEASURE_COLUMNS);
    headers.extend(t.quarters.iter().map(|q| (q.to_string(), QUARTER_WIDTH)));
    headers.extend([
        ("Target".to_string(), 9.0),
        ("Better".to_string(), 8.0),
        (format!("RAG {}", t.quarter), 10.0),
        (format!("Incomplete {}", t.quarter), 26.0),
    ]);
    header_cells(ws, HEADER_ROW, &owned_headers(&headers), &f.styles)?;
    let mut row = HEADER_ROW;
    for m in &t.measures {
        row += 1;
        measure_row(ws, row, m, f)?;
    }
    filter_table(ws, HEADER_ROW, row, headers.len())
}

fn measure_row(ws: &mut Worksheet, row: u32, m: &MeasureRow, f: &Formats) -> XlsxResult<()> {
    write_text(ws, row, 0, &m.code, &f.text)?;
    write_text(ws, row, 1, &m.label, &f.text)?;
    write_text(ws, row, 2, m.strand.label(), &f.text)?;
    write_text(ws, row, 3, m.kind, &f.text)?;
    let mut col = 4u16;
    for (i, figure) in m.values.iter().enumerate() {
        let exact = m.exact.get(i).copied().flatten();
        write_figure(ws, row, col, figure, exact, m.percentage, f)?;
        col += 1;
    }
    match m.target {
        Some(target) if m.percentage => write_number(
            ws,
            row,
            col,
            percent_as_fraction(target),
            &f.figures.percent,
        )?,
        Some(target) => write_number(ws, row, col, target, &f.text)?,
        None => blank(ws, row, col, &f.text)?,
    }
    let better = m.better.map(|b| match b {
        Better::Higher => "higher",
        Better::Lower => "lower",
    });
    write_optional_text(ws, row, col + 1, better, &f.centre)?;
    match m.rag {
        Some(rag) => write_text(ws, row, col + 2, rag.label(), &f.rag(rag))?,
        None if m.unrated => write_text(
            ws,
            row,
            col + 2,
            crate::report::INCOMPLETE_RATING,
            &f.rag(Rag::Grey),
        )?,
        None => blank(ws, row, col + 2, &f.centre)?,
    }
    write_optional_text(ws, row, col + 3, m.incomplete.as_deref(), &f.text)?;
    fit_row(
        ws,
        row,
        &[
            (&m.label, MEASURE_COLUMNS[1].1),
            (m.incomplete.as_deref().unwrap_or(""), 26.0),
        ],
    )
}

/// A percentage (to one decimal place) as the fraction a `%` format shows:
/// counted in tenths of a percent, so 69.2 is stored as 0.692 and not as
/// 69.2 ÷ 100 = 0.6920000000000001.
fn percent_as_fraction(percent: f64) -> f64 {
    (percent * 10.0).round() / 1000.0
}

/// A figure as a number with its format (a percentage as a fraction shown with
/// `%`, so that it sums and charts as a number), or its symbol as text.
fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    figure: &Figure,
    exact: Option<f64>,
    percentage: bool,
    f: &Formats,
) -> XlsxResult<()> {
    let formats = if figure.incomplete {
        &f.incomplete_figures
    } else {
        &f.figures
    };
    match figure.cell {
        Cell::Count(n) => write_count(ws, row, col, Some(n), &formats.count),
        Cell::Decimal(_) if percentage && exact.is_some() => {
            write_number(ws, row, col, exact.unwrap_or_default(), &formats.percent)
        }
        Cell::Decimal(x) if percentage => {
            write_number(ws, row, col, percent_as_fraction(x), &formats.percent)
        }
        Cell::Decimal(x) => write_number(ws, row, col, x, &formats.decimal),
        Cell::NotAvailable | Cell::NotApplicable => {
            write_text(ws, row, col, &figure.cell.to_string(), &formats.symbol)
        }
    }
}

/// Columns shared by the two tables of the Data quality sheet, so that each
/// column's width suits both: the returns, then the diagnostics beneath.
const RETURN_COLUMNS: [(&str, f64); 10] = [
    ("Quarter", 11.0),
    ("Agency", 17.0),
    ("Agency name", 46.0),
    ("Received", 9.5),
    ("Missing", 8.5),
    ("File", 40.0),
    ("Date completed", 11.0),
    ("Deadline", 11.0),
    ("Late", 7.0),
    ("Expected", 9.0),
];

const DIAGNOSTIC_COLUMNS: [&str; 6] = ["Severity", "Code", "Message", "Sheet", "Cell", "File"];

fn data_quality_sheet(ws: &mut Worksheet, t: &Tracker, f: &Formats) -> XlsxResult<()> {
    title_rows(
        ws,
        (
            "Data quality",
            ", ",
            &format!("returns up to {} — {}", t.quarter, t.sub_group),
        ),
        &format!(
            "{}. Returns are due {} days after their quarter ends; latest quarter first. Every diagnostic of this run is listed below the returns.",
            t.protective_marking, t.return_deadline_days
        ),
        &RETURN_COLUMNS[..5],
        f,
    )?;
    header_cells(ws, HEADER_ROW, &RETURN_COLUMNS, &f.styles)?;
    let mut row = HEADER_ROW;
    for r in &t.returns {
        row += 1;
        return_row(ws, row, r, f)?;
    }
    filter_table(ws, HEADER_ROW, row, RETURN_COLUMNS.len())?;
    diagnostics_table(ws, row + 3, &t.diagnostics, f)
}

fn return_row(ws: &mut Worksheet, row: u32, r: &ReturnRecord, f: &Formats) -> XlsxResult<()> {
    write_text(ws, row, 0, &r.quarter.to_string(), &f.text)?;
    write_text(ws, row, 1, &r.agency, &f.text)?;
    write_text(ws, row, 2, &r.agency_name, &f.text)?;
    write_text(ws, row, 3, yes_no(r.received()), &f.centre)?;
    let missing = if r.missing() {
        f.rag(Rag::Red)
    } else {
        f.centre.clone()
    };
    write_text(ws, row, 4, yes_no(r.missing()), &missing)?;
    write_optional_text(ws, row, 5, r.file.as_deref(), &f.text)?;
    write_optional_date(ws, row, 6, r.date_completed, &f.date)?;
    write_date(ws, row, 7, r.deadline, &f.date)?;
    match r.late {
        Some(true) => write_text(ws, row, 8, "Yes", &f.rag(Rag::Amber))?,
        Some(false) => write_text(ws, row, 8, "No", &f.centre)?,
        None if r.received() => write_text(ws, row, 8, "Not known", &f.centre)?,
        None => blank(ws, row, 8, &f.centre)?,
    }
    write_text(ws, row, 9, yes_no(r.expected), &f.centre)?;
    fit_row(
        ws,
        row,
        &[
            (&r.agency_name, RETURN_COLUMNS[2].1),
            (r.file.as_deref().unwrap_or(""), RETURN_COLUMNS[5].1),
        ],
    )
}

/// The diagnostics as a table of their own (with its own filter buttons), its
/// title at `title_row`.
fn diagnostics_table(
    ws: &mut Worksheet,
    title_row: u32,
    diagnostics: &[Diagnostic],
    f: &Formats,
) -> XlsxResult<()> {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    write_text(
        ws,
        title_row,
        0,
        &format!(
            "Diagnostics of this run: {}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ),
        &f.heading,
    )?;
    let header = title_row + 1;
    let mut row = header;
    for d in diagnostics {
        row += 1;
        diagnostic_row(ws, row, d, f)?;
    }
    if diagnostics.is_empty() {
        row += 1;
        write_text(ws, row, 0, "None", &f.text)?;
        write_text(ws, row, 2, "No problems were found in the inputs.", &f.text)?;
    }
    let columns: Vec<TableColumn> = DIAGNOSTIC_COLUMNS
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(&f.styles.header)
        })
        .collect();
    let table = Table::new()
        .set_name("Diagnostics")
        .set_style(TableStyle::None)
        .set_columns(&columns);
    let last_col = u16::try_from(DIAGNOSTIC_COLUMNS.len() - 1).unwrap_or(0);
    ws.add_table(header, 0, row, last_col, &table)?;
    Ok(())
}

fn diagnostic_row(ws: &mut Worksheet, row: u32, d: &Diagnostic, f: &Formats) -> XlsxResult<()> {
    let severity = match d.severity {
        Severity::Error => ("Error", f.rag(Rag::Red)),
        Severity::Warning => ("Warning", f.rag(Rag::Amber)),
    };
    write_text(ws, row, 0, severity.0, &severity.1)?;
    write_text(ws, row, 1, d.code, &f.text)?;
    write_text(ws, row, 2, &d.message, &f.text)?;
    write_optional_text(ws, row, 3, d.sheet.as_deref(), &f.text)?;
    write_optional_text(ws, row, 4, d.cell.as_deref(), &f.text)?;
    write_text(ws, row, 5, &d.file, &f.text)?;
    fit_row(
        ws,
        row,
        &[
            (d.code, RETURN_COLUMNS[1].1),
            (&d.message, RETURN_COLUMNS[2].1),
            (&d.file, RETURN_COLUMNS[5].1),
        ],
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::{a_return, agency, count, dataset, entry, plan, q, ratio};
    use crate::model::{RollUp, Status, Value};
    use crate::render::xlsx::tests::{part, sheet_xml};
    use crate::report::tracker::prepare;
    use crate::tracking::fixtures::{action, update};

    /// One quarter: POLICE gives its values, CSC leaves its blank or says N/A.
    fn small_tracker() -> Tracker {
        let quarter = q(2015, 2);
        let measures = vec![
            count("SEEN", &["POLICE", "CSC"], RollUp::Sum),
            count("OFFERED", &["POLICE"], RollUp::Sum),
            ratio("SEEN_PCT", "SEEN", "OFFERED"),
            count("NOT_APPLICABLE", &["POLICE"], RollUp::Sum),
            count("NOBODY", &["CSC"], RollUp::Sum),
        ];
        let mut p = plan(vec![agency("POLICE", true), agency("CSC", true)], measures);
        let due = quarter.end();
        p.actions = vec![action("PV-01", "POLICE", "Inspector", None, due)];
        let mut police = a_return(
            "POLICE",
            quarter,
            vec![
                entry("SEEN", Value::Count(3)),
                entry("OFFERED", Value::Count(4)),
                entry("NOT_APPLICABLE", Value::NotApplicable),
            ],
        );
        let mut hostile = update("PV-01", Status::AtRisk, None);
        hostile.progress = Some("=1+1 waiting for the panel".into());
        police.actions = vec![hostile];
        let csc = a_return(
            "CSC",
            quarter,
            vec![entry("SEEN", Value::Blank), entry("NOBODY", Value::Blank)],
        );
        let ds = dataset(p, vec![police, csc]);
        let tracking = crate::tracking::track(&ds, quarter.end());
        prepare(
            &ds,
            quarter,
            &tracking,
            &crate::diagnostics::Diagnostics::new(),
        )
    }

    fn row<'a>(t: &'a Tracker, code: &str) -> &'a MeasureRow {
        t.measures
            .iter()
            .find(|m| m.code == code)
            .expect("measure row")
    }

    #[test]
    fn a_rounded_percentage_is_stored_without_float_noise() {
        // 69.2 / 100 is 0.6920000000000001 in floating point.
        assert_eq!(percent_as_fraction(69.2).to_string(), "0.692");
        assert_eq!(percent_as_fraction(100.0).to_string(), "1");
        assert_eq!(percent_as_fraction(0.1).to_string(), "0.001");
        assert_eq!(percent_as_fraction(33.3).to_string(), "0.333");
    }

    #[test]
    fn incomplete_figures_name_the_agencies_missing_and_why() {
        let t = small_tracker();
        assert_eq!(row(&t, "SEEN").incomplete.as_deref(), Some("CSC (blank)"));
        assert_eq!(row(&t, "SEEN").values[0].cell, Cell::Count(3));
        assert_eq!(
            row(&t, "SEEN_PCT").incomplete.as_deref(),
            Some("CSC (blank)")
        );
        assert_eq!(row(&t, "SEEN_PCT").values[0].cell, Cell::Decimal(75.0));
        assert!(row(&t, "SEEN_PCT").percentage);
        assert_eq!(row(&t, "OFFERED").incomplete, None);
        assert_eq!(row(&t, "NOBODY").values[0].cell, Cell::NotAvailable);
        assert_eq!(
            row(&t, "NOT_APPLICABLE").values[0].cell,
            Cell::NotApplicable
        );
    }

    #[test]
    fn figures_are_numbers_symbols_are_text_and_user_text_is_never_a_formula() {
        let bytes = render(&small_tracker()).expect("renders");
        let sheets = sheet_xml(&bytes);
        assert!(sheets.iter().all(|(_, xml)| !xml.contains("<f>")));
        let measures = &sheets[1].1;
        assert!(measures.contains("<v>0.75</v>"), "75% as the number 0.75");
        assert!(measures.contains("<v>3</v>"));
        let strings = part(&bytes, "xl/sharedStrings.xml");
        for text in ["[x]", "[z]", "CSC (blank)", "=1+1 waiting for the panel"] {
            assert!(strings.contains(&format!(">{text}<")), "{text} as text");
        }
    }

    #[test]
    fn with_no_diagnostics_the_table_says_so() {
        let bytes = render(&small_tracker()).expect("renders");
        let strings = part(&bytes, "xl/sharedStrings.xml");
        assert!(strings.contains("0 errors, 0 warnings"));
        assert!(strings.contains("No problems were found in the inputs."));
    }
}
