//! Shared pieces of the workbooks boardpack writes (return templates, the
//! tracker): cell formats, formula-safe text, real dates and numbers, header
//! rows and filters, RAG fills, data validation, protection without a password,
//! page marking and numbering, and fixed document properties. Lays out what it
//! is given; it computes no figures and touches no files (callers put the bytes
//! in place with `render::write_atomically`).
//!
//! Text is only ever written with `write_string_*`: a value that begins with `=`,
//! `+`, `-` or `@` (a progress update, an action, a Case ID) stays text and can
//! never become a formula when the workbook is opened.

pub mod return_template;
pub mod tracker;

use crate::rag::Rag;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

pub type XlsxResult<T> = Result<T, XlsxError>;

/// The date format of every date cell: UK order, as the users write dates.
pub const DATE_FORMAT: &str = "dd/mm/yyyy";

/// Fill of the cells a user is asked to fill in (a pale yellow that prints light).
const INPUT_FILL: u32 = 0xFFF4CC;
/// Fill of header cells.
const HEADER_FILL: u32 = 0xDEE0E2;

/// The span of dates that date validation accepts where nothing narrower
/// applies: the span in which the readers take a plain number in a date column
/// for a date (workbook::values::date), so both sides agree on what a date is.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()
}

pub fn latest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default()
}

/// The cell formats of a workbook. Locked is Excel's default, so every format
/// here is locked unless its name says `input`.
pub struct Styles {
    pub title: Format,
    pub header: Format,
    /// Pre-filled text a user reads but does not change.
    pub label: Format,
    pub label_date: Format,
    /// A cell for the user to fill in.
    pub input: Format,
    pub input_date: Format,
    /// Unlocked without the input fill: the column default of an open-ended
    /// table, so rows added past the prepared ones can be typed in too.
    pub open_column: Format,
    pub open_column_date: Format,
    /// Running text (instructions).
    pub prose: Format,
    pub prose_bold: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let input = cell
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xB1B4B6));
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin),
            label: cell.clone(),
            label_date: cell.clone().set_num_format(DATE_FORMAT),
            input_date: input.clone().set_num_format(DATE_FORMAT),
            input,
            open_column: cell.clone().set_unlocked(),
            open_column_date: cell.clone().set_unlocked().set_num_format(DATE_FORMAT),
            prose_bold: cell.clone().set_bold(),
            prose: cell,
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// A column of a table: its header and its width in characters.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

pub const fn column(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// The width of column `col` of `columns` (0 when there is no such column).
pub fn width_of(columns: &[Column], col: u16) -> f64 {
    columns.get(usize::from(col)).map_or(0.0, |c| c.width)
}

/// Writes `columns` as the header row at `row`, sets their widths, freezes the
/// rows down to the header so it stays in view and repeats it on every printed page.
pub fn header_row(
    ws: &mut Worksheet,
    row: u32,
    columns: &[Column],
    styles: &Styles,
) -> XlsxResult<()> {
    let cells: Vec<(&str, f64)> = columns.iter().map(|c| (c.header, c.width)).collect();
    header_cells(ws, row, &cells, styles)
}

/// `header_row` for headers made at run time (one column per quarter), given
/// as (header, width).
pub fn header_cells(
    ws: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
    styles: &Styles,
) -> XlsxResult<()> {
    for (col, (header, width)) in (0u16..).zip(cells) {
        ws.set_column_width(col, *width)?;
        write_text(ws, row, col, header, &styles.header)?;
    }
    fit_row(ws, row, cells)?;
    ws.set_freeze_panes(row + 1, 0)?;
    let widths: Vec<f64> = cells.iter().map(|(_, w)| *w).collect();
    print_on_a4(ws, row, &widths)?;
    Ok(())
}

/// Filter buttons on a table's header row, over its rows and `columns` columns.
pub fn filter_table(
    ws: &mut Worksheet,
    header: u32,
    last_row: u32,
    columns: usize,
) -> XlsxResult<()> {
    let last_col = u16::try_from(columns.saturating_sub(1))
        .map_err(|_| XlsxError::ParameterError(format!("{columns} columns cannot be filtered")))?;
    ws.autofilter(header, 0, last_row.max(header), last_col)?;
    Ok(())
}

/// Points per line of the default 11-point font.
const LINE_HEIGHT: f64 = 15.0;

/// How many lines `text` takes wrapped in a column `width` wide (Excel's
/// unit: the width of a digit of the default font). Words wrap whole, as the
/// spreadsheet wraps them, and each character counts its own width — prose
/// is narrower than digits, so counting every character as a digit made
/// rows of one line twice as tall as they needed.
pub fn wrapped_lines(text: &str, width: f64) -> u32 {
    // Less the cell's padding, and a little over for fonts that set wider.
    let room = ((width - 0.8) * 0.97).max(1.0);
    text.split('\n')
        .map(|paragraph| paragraph_lines(paragraph, room))
        .sum::<u32>()
        .max(1)
}

fn paragraph_lines(paragraph: &str, room: f64) -> u32 {
    let space = char_width(' ');
    let mut lines = 1u32;
    let mut used = 0.0;
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        let mut word_width: f64 = word.chars().map(char_width).sum();
        let needed = if used > 0.0 {
            used + space + word_width
        } else {
            word_width
        };
        if needed <= room {
            used = needed;
            continue;
        }
        if used > 0.0 {
            lines = lines.saturating_add(1);
        }
        // A word wider than the column is broken across lines.
        while word_width > room {
            lines = lines.saturating_add(1);
            word_width -= room;
        }
        used = word_width;
    }
    lines
}

/// A character's width in digit widths of the default font (Calibri 11, or
/// Carlito, its metric twin in LibreOffice), to the nearest tenth or so.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '!' | '.' | ',' | ':' | ';' => 0.45,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' | 'I' => 0.6,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' => 1.35,
        'A'..='Z' => 0.95,
        c if c.is_ascii() => 0.85,
        // East Asian scripts are set about two digits wide.
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ff60}' => 2.1,
        _ => 1.0,
    }
}

/// Makes `row` tall enough for its wrapped cells, given as (text, column width).
/// Neither Excel nor LibreOffice grows a row to fit text written by a program,
/// so without this a long action or progress update shows one line and hides
/// the rest.
pub fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> XlsxResult<()> {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1)
        // Excel's tallest row is 409 points.
        .min(27);
    if lines > 1 {
        ws.set_row_height(row, f64::from(lines) * LINE_HEIGHT)?;
    }
    Ok(())
}

/// OOXML's paper size number for A4 (without it LibreOffice prints Letter).
const A4: u8 = 9;
/// The width an A4 landscape page leaves for columns, in points: 297 mm less
/// two side margins of `SIDE_MARGIN` inches.
const A4_LANDSCAPE_WIDTH_PT: f64 = 841.9 - 2.0 * SIDE_MARGIN * 72.0;
const SIDE_MARGIN: f64 = 0.4;
/// Default margins (inches) above and below, and for the marking and page number.
const TOP_MARGIN: f64 = 0.75;
const HEADER_MARGIN: f64 = 0.3;
/// The smallest scale that keeps the default 11-point text at 8 points or more.
pub const SMALLEST_READABLE_SCALE: f64 = 8.0 / 11.0;

/// The printed width, in points, of columns `widths` wide (in Excel's unit,
/// the width of a digit of the default font: 7 pixels, plus 5 of padding, at
/// 0.75 points a pixel).
pub fn printed_width_pt(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (w * 7.0 + 5.0) * 0.75).sum()
}

/// How much wider than Calibri's metrics a sheet may be set where Calibri
/// (and its metric twin Carlito) is missing: LibreOffice then falls back to
/// DejaVu Sans, measured at 1.33–1.39 times as wide when this tracker and
/// these templates were printed through it.
const WIDEST_FALLBACK: f64 = 1.4;

/// The fewest A4 landscape pages across that a sheet of columns `widths` wide
/// fits at 8 points or more, whichever font sets it.
pub fn a4_pages_across(widths: &[f64]) -> u16 {
    let widest = printed_width_pt(widths) * WIDEST_FALLBACK;
    let pages = (widest * SMALLEST_READABLE_SCALE / A4_LANDSCAPE_WIDTH_PT).ceil();
    // A sheet is a few dozen columns; the cast cannot overflow.
    pages.clamp(1.0, 100.0) as u16
}

/// Page setup of a table sheet: A4 landscape, narrow side margins, the
/// header row `header_row` repeated on every page, fitted to the width of
/// `a4_pages_across` pages — so the text never prints below 8 points, and
/// prints at full size when that fits. Across more than one page, pages run
/// across then down (a row's continuation is the next page) with the first
/// column, the row's key (Ref, Code, Case ID), repeated on each. Repeating
/// more (the action's text) would cost a page across for every two.
pub fn print_on_a4(ws: &mut Worksheet, header_row: u32, widths: &[f64]) -> XlsxResult<()> {
    a4_landscape(ws);
    ws.set_repeat_rows(header_row, header_row)?;
    let across = a4_pages_across(widths);
    ws.set_print_fit_to_pages(across, 0);
    if across > 1 {
        ws.set_page_order(false);
        ws.set_repeat_columns(0, 0)?;
    }
    Ok(())
}

/// Page setup of a sheet of running text in one column `width` wide: as a
/// table's, with no header row to repeat (A4 landscape, so the column stays
/// at full size even in a wider fallback font).
pub fn print_text_on_a4(ws: &mut Worksheet, width: f64) {
    a4_landscape(ws);
    ws.set_print_fit_to_pages(a4_pages_across(&[width]), 0);
}

/// A4 landscape with the papers' margins.
fn a4_landscape(ws: &mut Worksheet) {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_margins(
        SIDE_MARGIN,
        SIDE_MARGIN,
        TOP_MARGIN,
        TOP_MARGIN,
        HEADER_MARGIN,
        HEADER_MARGIN,
    );
}

/// Prints `Page N of M` at the foot of every page.
pub fn number_pages(ws: &mut Worksheet) {
    ws.set_footer("&CPage &P of &N");
}

/// `format` filled with a RAG colour, its text in the colour legible on it.
pub fn rag_format(format: &Format, rag: Rag) -> Format {
    format
        .clone()
        .set_background_color(Color::RGB(rag.rgb()))
        .set_font_color(Color::RGB(rag_text_rgb(rag)))
}

fn rag_text_rgb(rag: Rag) -> u32 {
    u32::from_str_radix(rag.text_colour().trim_start_matches('#'), 16).unwrap_or(0)
}

/// Writes text as text, never as a formula, whatever it begins with.
pub fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> XlsxResult<()> {
    ws.write_string_with_format(row, col, text, format)?;
    Ok(())
}

/// Writes text, or an empty cell that keeps `format` (locking, fill) when there is none.
pub fn write_optional_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: Option<&str>,
    format: &Format,
) -> XlsxResult<()> {
    match text {
        Some(text) => write_text(ws, row, col, text, format),
        None => blank(ws, row, col, format),
    }
}

/// An empty cell carrying `format` (an input cell must exist to be unlocked).
pub fn blank(ws: &mut Worksheet, row: u32, col: u16, format: &Format) -> XlsxResult<()> {
    ws.write_blank(row, col, format)?;
    Ok(())
}

/// A real spreadsheet date (not text), shown as `format` says.
pub fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    date: NaiveDate,
    format: &Format,
) -> XlsxResult<()> {
    ws.write_date_with_format(row, col, &excel_date(date)?, format)?;
    Ok(())
}

pub fn write_optional_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    date: Option<NaiveDate>,
    format: &Format,
) -> XlsxResult<()> {
    match date {
        Some(date) => write_date(ws, row, col, date, format),
        None => blank(ws, row, col, format),
    }
}

pub fn write_count(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    count: Option<u64>,
    format: &Format,
) -> XlsxResult<()> {
    match count {
        // Counts in these workbooks are small; f64 holds every integer below 2^53.
        Some(n) => {
            ws.write_number_with_format(row, col, n as f64, format)?;
            Ok(())
        }
        None => blank(ws, row, col, format),
    }
}

/// A number (a figure, a target) shown as `format` says.
pub fn write_number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    number: f64,
    format: &Format,
) -> XlsxResult<()> {
    ws.write_number_with_format(row, col, number, format)?;
    Ok(())
}

/// `Yes` or `No`, as the inputs write a Yes/No field.
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

pub fn excel_date(date: NaiveDate) -> XlsxResult<ExcelDateTime> {
    let year = u16::try_from(date.year())
        .map_err(|_| XlsxError::ParameterError(format!("the year of {date} cannot be written")))?;
    // Month and day always fit: chrono keeps them in 1..=12 and 1..=31.
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The help a validated cell shows when selected (title up to 32 characters,
/// message up to 255, as Excel allows).
#[derive(Clone, Copy, Debug)]
pub struct Prompt<'a> {
    pub title: &'a str,
    pub message: &'a str,
}

fn with_prompt(validation: DataValidation, prompt: Prompt) -> XlsxResult<DataValidation> {
    validation
        .set_input_title(prompt.title)?
        .set_input_message(prompt.message)
}

fn with_error(
    validation: DataValidation,
    title: &str,
    message: &str,
) -> XlsxResult<DataValidation> {
    Ok(validation
        .set_error_title(title)?
        .set_error_message(message)?
        .set_error_style(DataValidationErrorStyle::Stop))
}

/// A drop-down of `choices`, refusing anything else. `None` when the choices do
/// not fit Excel's 255-character limit for an inline list; the caller then
/// falls back to `prompt_only`, since a list kept on another sheet would put a
/// hidden sheet in front of users for a case only load tests reach.
pub fn choice_list(choices: &[&str], prompt: Prompt) -> XlsxResult<Option<DataValidation>> {
    let listed = match DataValidation::new().allow_list_strings(choices) {
        Ok(v) => v,
        Err(XlsxError::DataValidationError(_)) => return Ok(None),
        Err(other) => return Err(other),
    };
    let allowed = choices.join(", ");
    let error = truncate(&format!("Choose one of: {allowed}."), 255);
    with_error(with_prompt(listed, prompt)?, "Choose from the list", &error).map(Some)
}

/// A date between `from` and `to` (inclusive).
pub fn date_between(from: NaiveDate, to: NaiveDate, prompt: Prompt) -> XlsxResult<DataValidation> {
    let rule = DataValidationRule::Between(excel_date(from)?, excel_date(to)?);
    let error = format!(
        "Enter a date from {} to {}, written like 31/12/2015.",
        from.format("%d/%m/%Y"),
        to.format("%d/%m/%Y"),
    );
    with_error(
        with_prompt(DataValidation::new().allow_date(rule), prompt)?,
        "A date is expected",
        &error,
    )
}

/// A date on or after the date in another cell of the same row (`first_cell`
/// names that cell for the range's first row, e.g. `$B2`), up to `latest_date`.
pub fn date_on_or_after_cell(
    first_cell: &str,
    prompt: Prompt,
    error: &str,
) -> XlsxResult<DataValidation> {
    let latest = latest_date();
    let rule = DataValidationRule::Between(
        Formula::new(first_cell),
        Formula::new(format!(
            "DATE({},{},{})",
            latest.year(),
            latest.month(),
            latest.day()
        )),
    );
    with_error(
        with_prompt(DataValidation::new().allow_date_formula(rule), prompt)?,
        "A date is expected",
        error,
    )
}

/// A whole number `min` or more.
pub fn whole_at_least(min: i32, prompt: Prompt) -> XlsxResult<DataValidation> {
    let validation =
        DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(min));
    with_error(
        with_prompt(validation, prompt)?,
        "A whole number is expected",
        &format!("Enter a whole number, {min} or more."),
    )
}

/// A whole number from `min` to `max`.
pub fn whole_between(min: i32, max: i32, prompt: Prompt) -> XlsxResult<DataValidation> {
    let validation =
        DataValidation::new().allow_whole_number(DataValidationRule::Between(min, max));
    with_error(
        with_prompt(validation, prompt)?,
        "A whole number is expected",
        &format!("Enter a whole number from {min} to {max}."),
    )
}

/// A rule given as an Excel formula, written relative to the first cell of the
/// range it is added to (Excel shifts it for the other cells).
pub fn custom_rule(
    formula: &str,
    prompt: Prompt,
    error_title: &str,
    error: &str,
) -> XlsxResult<DataValidation> {
    let validation = DataValidation::new().allow_custom(Formula::new(formula));
    with_error(with_prompt(validation, prompt)?, error_title, error)
}

/// Any value, with help shown when the cell is selected.
pub fn prompt_only(prompt: Prompt) -> XlsxResult<DataValidation> {
    with_prompt(DataValidation::new().allow_any_value(), prompt)
}

/// Adds `validation` to the cells of one column from `first_row` to `last_row`.
pub fn validate_column(
    ws: &mut Worksheet,
    col: u16,
    first_row: u32,
    last_row: u32,
    validation: &DataValidation,
) -> XlsxResult<()> {
    if last_row >= first_row {
        ws.add_data_validation(first_row, col, last_row, col, validation)?;
    }
    Ok(())
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Protects the sheet without a password, so that pre-filled labels cannot be
/// typed over by accident while anyone who must can still lift it (Review ›
/// Unprotect Sheet). Columns and rows may be resized; `rows_may_be_added`
/// also lets users insert rows (an open-ended table such as a log).
pub fn protect(ws: &mut Worksheet, rows_may_be_added: bool) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: rows_may_be_added,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// Prints the protective marking at the top of every page of the sheet.
pub fn mark_pages(ws: &mut Worksheet, marking: &str) {
    // `&` starts a control code in Excel headers; `&&` is a literal ampersand.
    ws.set_header(format!("&C{}", marking.replace('&', "&&")));
}

/// Document properties with a creation date taken from the data, never the
/// clock, so the same inputs give the same bytes.
pub fn fixed_properties(
    created: NaiveDate,
    title: &str,
    author: &str,
    company: &str,
) -> XlsxResult<DocProperties> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company(company)
        .set_creation_datetime(&excel_date(created)?))
}

/// The workbook as the bytes of an .xlsx file.
pub fn to_bytes(workbook: &mut Workbook) -> XlsxResult<Vec<u8>> {
    workbook.save_to_buffer()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Read;

    /// Every worksheet's XML in an .xlsx, in the zip's order.
    pub(crate) fn sheet_xml(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
            .collect();
        names
            .into_iter()
            .map(|name| {
                let mut xml = String::new();
                zip.by_name(&name)
                    .expect("entry")
                    .read_to_string(&mut xml)
                    .expect("utf-8 xml");
                (name, xml)
            })
            .collect()
    }

    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        zip.by_name(name)
            .expect("entry")
            .read_to_string(&mut xml)
            .expect("utf-8 xml");
        xml
    }

    #[test]
    fn text_that_looks_like_a_formula_is_written_as_text() {
        let hostile = ["=1+1", "+44 1225", "-2", "@SUM(A1:A2)", "=HYPERLINK(\"x\")"];
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let styles = Styles::new();
        for (row, text) in (0u32..).zip(hostile) {
            write_text(ws, row, 0, text, &styles.label).expect("write");
        }
        let bytes = to_bytes(&mut wb).expect("save");
        let sheets = sheet_xml(&bytes);
        assert!(sheets.iter().all(|(_, xml)| !xml.contains("<f>")));
        let strings = part(&bytes, "xl/sharedStrings.xml");
        for text in hostile {
            assert!(
                strings.contains(&format!(">{text}<")),
                "{text} kept as text"
            );
        }
    }

    #[test]
    fn wrapped_text_is_given_the_lines_it_needs() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("short", 10.0), 1);
        assert_eq!(wrapped_lines(&"W".repeat(10), 10.0), 2, "wide letters");
        assert_eq!(
            wrapped_lines(&"x".repeat(10), 10.0),
            1,
            "prose is narrower than digits"
        );
        assert_eq!(wrapped_lines("one\ntwo", 40.0), 2);
        assert_eq!(
            wrapped_lines(&"x".repeat(50), 10.0),
            5,
            "a long word breaks"
        );
        assert_eq!(
            wrapped_lines("警察".repeat(10).as_str(), 21.0),
            3,
            "CJK is wide"
        );
        // A 44-character action in a 38-wide column: one line, as it shows.
        assert_eq!(
            wrapped_lines("Deliver the awareness campaign to all schools", 38.0),
            1
        );
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        fit_row(ws, 0, &[("short", 20.0), (&"word ".repeat(12), 20.0)]).expect("fit");
        let bytes = to_bytes(&mut wb).expect("save");
        let (_, xml) = &sheet_xml(&bytes)[0];
        assert!(xml.contains("ht=\"45\""), "three lines of 15 points: {xml}");
    }

    #[test]
    fn a_sheet_prints_across_as_few_pages_as_keep_its_text_at_8_points() {
        let across = |chars: f64| a4_pages_across(&[chars]);
        assert_eq!(across(100.0), 1, "a narrow sheet fits one page");
        assert_eq!(
            across(190.0),
            2,
            "75 % in Calibri, but not in a wider fallback"
        );
        assert_eq!(across(420.0), 3);
        for chars in [10.0, 100.0, 150.0, 190.0, 272.0, 420.0, 1000.0] {
            let pages = f64::from(across(chars));
            let widest = printed_width_pt(&[chars]) * WIDEST_FALLBACK;
            let scale = (pages * A4_LANDSCAPE_WIDTH_PT / widest).min(1.0);
            assert!(scale >= SMALLEST_READABLE_SCALE, "{chars}: {scale}");
            if pages > 1.0 {
                let fewer = (pages - 1.0) * A4_LANDSCAPE_WIDTH_PT / widest;
                assert!(
                    fewer < SMALLEST_READABLE_SCALE,
                    "{chars}: one page fewer would do"
                );
            }
        }
    }

    #[test]
    fn dates_are_real_dates_in_uk_format() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let day = NaiveDate::from_ymd_opt(2015, 12, 31).expect("date");
        write_date(ws, 0, 0, day, &Styles::new().label_date).expect("write");
        let bytes = to_bytes(&mut wb).expect("save");
        let (_, xml) = &sheet_xml(&bytes)[0];
        // 42369 is 31 Dec 2015 in the 1900 date system.
        assert!(xml.contains("<v>42369</v>"), "{xml}");
        assert!(part(&bytes, "xl/styles.xml").contains("dd/mm/yyyy"));
    }

    #[test]
    fn a_choice_list_too_long_for_excel_is_left_to_a_prompt() {
        let prompt = Prompt {
            title: "Source",
            message: "An agency code",
        };
        let short = choice_list(&["Yes", "No"], prompt).expect("valid");
        assert!(short.is_some());
        let many: Vec<String> = (0..100).map(|i| format!("AGENCY{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(choice_list(&many, prompt).expect("valid").is_none());
    }

    #[test]
    fn a_marking_with_an_ampersand_prints_as_written() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        mark_pages(ws, "OFFICIAL & SENSITIVE");
        let bytes = to_bytes(&mut wb).expect("save");
        let (_, xml) = &sheet_xml(&bytes)[0];
        assert!(xml.contains("&amp;COFFICIAL &amp;&amp; SENSITIVE"), "{xml}");
    }

    #[test]
    fn properties_carry_the_given_date_not_the_clock() {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        let day = NaiveDate::from_ymd_opt(2015, 10, 1).expect("date");
        wb.set_properties(&fixed_properties(day, "t", "a", "c").expect("props"));
        let bytes = to_bytes(&mut wb).expect("save");
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("2015-10-01T00:00:00Z"), "{core}");
    }
}
