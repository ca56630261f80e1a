//! Checks on a zip package (xlsx, xlsm, ods) made before any spreadsheet parser
//! reads it, so that a small hostile file cannot make boardpack inflate, parse
//! or allocate far more than a real return needs. Never keeps what it inflates.
//!
//! - **Inflation**: the sizes the central directory declares are summed and
//!   refused over the limits before anything is inflated. A forged directory
//!   can understate an entry, but zip 9 stops every read one byte past the
//!   declared size with an error, and calamine reads through the same library,
//!   so what calamine inflates is bounded by what was checked here. Inflating
//!   every entry beforehand as well would double the cost of reading every
//!   good file, so it is done only when a read fails: `check_entries` then
//!   tells a forged package (an entry holding more than it declares) from a
//!   merely damaged one, for the message.
//! - **ods content**: calamine builds every sheet of an ods file when it opens
//!   it, expanding `number-rows-repeated` and `number-columns-repeated` into
//!   real cells (a few bytes can ask for millions). The content is scanned first
//!   for each sheet's used rows and columns, repeats counted, and a sheet whose
//!   used area is over `ODS_MAX_CELLS` or whose values reach past `MAX_COLUMNS`
//!   is refused.

use super::{problem, FileProblem, MAX_COLUMNS, MAX_INFLATED_BYTES, MAX_INFLATE_RATIO};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// The most cells an ods sheet's used area may cover (rows × columns): about
/// 250 MB once calamine has built it. A real return's largest sheet, the
/// referral log, is a few thousand rows of twelve columns.
pub const ODS_MAX_CELLS: u64 = 4_000_000;

/// A zip smaller than this may inflate to this much whatever the ratio.
const SMALL_INFLATION: u64 = 1024 * 1024;

fn broken(e: impl std::fmt::Display) -> FileProblem {
    problem(
        "file-damaged",
        format!("the file is damaged (its zip structure is broken: {e}); open it in Excel and save it again"),
    )
}

/// Refuses a zip whose entries declare that they inflate past the limits.
pub(super) fn check_declared_sizes(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(broken)?;
        declared = declared.saturating_add(entry.size());
    }
    let size = bytes.len() as u64;
    let ratio_limit = size.saturating_mul(MAX_INFLATE_RATIO).max(SMALL_INFLATION);
    if declared > MAX_INFLATED_BYTES || declared > ratio_limit {
        return Err(problem(
            "file-too-large",
            format!(
                "the file would expand to {:.0} MB when opened ({}× its size); refused as unsafe — a return is expected to expand to under {} MB",
                declared as f64 / 1e6,
                declared / size.max(1),
                MAX_INFLATED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// Refuses a zip with an entry that holds more than it declares (or cannot
/// be inflated), inflating each into nothing, at most one byte past its
/// declared size.
pub(super) fn check_entries(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(broken)?;
        let claimed = entry.size();
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        // The zip library itself stops an entry one byte past its declared
        // size with an error (zip 9: "File is larger than its declared
        // uncompressed size"); the `take` keeps the bound whatever it does.
        let held = std::io::copy(
            &mut (&mut entry).take(claimed.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            problem(
                "file-damaged",
                format!("the file is damaged or forged: its part “{name}” could not be inflated as its zip directory declares ({e}); refused as unsafe — open it in Excel and save it again"),
            )
        })?;
        if held > claimed {
            return Err(problem(
                "file-damaged",
                format!(
                    "the file is damaged or forged: its part “{name}” holds more than the zip's directory declares ({claimed} bytes); refused as unsafe — open it in Excel and save it again"
                ),
            ));
        }
    }
    Ok(())
}

/// One sheet's extent as the scan counts it.
#[derive(Default)]
struct Extent {
    name: String,
    /// Rows so far, repeats counted.
    rows: u64,
    /// One past the last row, and the last column, holding a value.
    used_rows: u64,
    used_cols: u64,
}

impl Extent {
    fn check(&self) -> Result<(), FileProblem> {
        let sheet_problem = |message: String| FileProblem {
            code: "sheet-too-large",
            message,
            sheet: Some(self.name.clone()),
        };
        if self.used_cols > u64::from(MAX_COLUMNS) {
            return Err(sheet_problem(format!(
                "the sheet “{}” holds values out to column {} or further; at most {MAX_COLUMNS} columns are read — delete the columns right of the data",
                self.name,
                super::column_name(u32::try_from(self.used_cols - 1).unwrap_or(u32::MAX))
            )));
        }
        let area = self.used_rows.saturating_mul(self.used_cols);
        if area > ODS_MAX_CELLS {
            return Err(sheet_problem(format!(
                "the sheet “{}” spans {} rows by {} columns, more than an .ods sheet can be read safely ({ODS_MAX_CELLS} cells); delete the rows and columns outside the data, or save the workbook as .xlsx",
                self.name, self.used_rows, self.used_cols
            )));
        }
        Ok(())
    }
}

/// Scans an ods file's `content.xml` for each sheet's used area.
pub(super) fn check_ods_content(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let content = match archive.by_name("content.xml") {
        Ok(content) => content,
        // calamine reports the missing part itself, as a damaged file.
        Err(_) => return Ok(()),
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheet: Option<Extent> = None;
    let mut row = RowScan::default();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // Bad XML: calamine refuses it when it opens the file.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                sheet = Some(Extent {
                    name: attribute(&e, "table:name").unwrap_or_default(),
                    ..Extent::default()
                });
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some(done) = sheet.take() {
                    done.check()?;
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row = RowScan {
                    repeats: repeats(&e, "table:number-rows-repeated"),
                    ..RowScan::default()
                };
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    s.rows = s
                        .rows
                        .saturating_add(repeats(&e, "table:number-rows-repeated"));
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    row.end_row(s);
                    s.check()?;
                }
            }
            Event::Start(e) if is_cell(&e) => row.start_cell(&e, false),
            Event::Empty(e) if is_cell(&e) => {
                row.start_cell(&e, true);
                row.end_cell();
            }
            Event::End(e)
                if e.name().as_ref() == "table:table-cell"
                    || e.name().as_ref() == "table:covered-table-cell" =>
            {
                row.end_cell()
            }
            Event::Text(t) if row.in_cell && !t.trim().is_empty() => row.cell_has_value = true,
            Event::CData(_) | Event::GeneralRef(_) if row.in_cell => row.cell_has_value = true,
            _ => {}
        }
        buf.clear();
    }
}

/// The row being scanned: its repeats, the next column, the last used column.
#[derive(Default)]
struct RowScan {
    repeats: u64,
    col: u64,
    used_cols: u64,
    in_cell: bool,
    cell_repeats: u64,
    cell_has_value: bool,
}

impl RowScan {
    fn start_cell(&mut self, e: &BytesStart, _self_closing: bool) {
        self.in_cell = true;
        self.cell_repeats = repeats(e, "table:number-columns-repeated");
        // A typed value or a formula is a value even with no text shown.
        self.cell_has_value =
            attribute(e, "office:value-type").is_some() || attribute(e, "table:formula").is_some();
    }

    fn end_cell(&mut self) {
        if !self.in_cell {
            return;
        }
        self.col = self.col.saturating_add(self.cell_repeats);
        if self.cell_has_value {
            self.used_cols = self.used_cols.max(self.col);
        }
        self.in_cell = false;
    }

    fn end_row(&mut self, sheet: &mut Extent) {
        sheet.rows = sheet.rows.saturating_add(self.repeats.max(1));
        if self.used_cols > 0 {
            sheet.used_rows = sheet.rows;
            sheet.used_cols = sheet.used_cols.max(self.used_cols);
        }
        *self = RowScan::default();
    }
}

fn is_cell(e: &BytesStart) -> bool {
    e.name().as_ref() == "table:table-cell" || e.name().as_ref() == "table:covered-table-cell"
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    let found = e.try_get_attribute(name).ok()??;
    Some(found.value.to_string())
}

/// A repeat count; 1 when absent or unreadable (calamine refuses the latter).
fn repeats(e: &BytesStart, name: &str) -> u64 {
    attribute(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}
