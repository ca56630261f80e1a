//! Opening spreadsheet files (xlsx, xlsm, xls, ods) safely, finding sheets and
//! header rows, and reading cells with their A1 place. Reports problems as
//! diagnostics; knows nothing about plans or returns.

pub mod grid;
mod ole;
mod package;
pub mod table;
pub mod values;

use crate::diagnostics::{a1, Diagnostics, Place};
use calamine::{Data, Reader, Sheets, Xlsx};
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

pub use grid::Grid;
pub use table::{Column, Row, SheetSpec, Table};

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// A zip whose entries would inflate to more than this in total is refused.
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;
/// … or to more than this many times its own size.
pub const MAX_INFLATE_RATIO: u64 = 100;
/// A sheet holding values below this row is refused, unless the plan's
/// `Row limit` setting raises it.
pub const DEFAULT_ROW_LIMIT: u32 = 200_000;
/// The most a `Row limit` setting may ask for: Excel's own number of rows.
pub const MAX_ROW_LIMIT: u32 = 1_048_576;
/// A sheet holding values right of this many columns is refused.
pub const MAX_COLUMNS: u32 = 200;
/// A cell holding more characters than this is refused (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";

/// An open workbook: its sheets, by the names the file gives them.
pub struct Book {
    /// The file as the user named it, for messages.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    sheets: Sheets<Cursor<Package>>,
    /// The file's bytes, shared with `sheets`: a sheet that cannot be read is
    /// looked at again to tell a forged package from a damaged one.
    package: Package,
    /// Set once the package is found forged: it is reported once, and no
    /// further sheet is read from it.
    forged: bool,
    names: Vec<String>,
    row_limit: u32,
}

/// A workbook's bytes, shared between calamine and the checks.
type Package = Arc<[u8]>;

impl Book {
    /// Opens a workbook, or records why it cannot be read and returns `None`.
    pub fn open(path: &Path, file: &str, diags: &mut Diagnostics) -> Option<Book> {
        match open_bytes(path) {
            Ok(bytes) => Book::from_bytes(bytes, file, diags),
            Err(problem) => {
                problem.report(file, diags);
                None
            }
        }
    }

    /// Opens a workbook held in memory (`file` names it in messages), or
    /// records why it cannot be read and returns `None`. Every check of `open`
    /// but the file's size on disk is made here, before any parser sees a byte.
    pub fn from_bytes(bytes: Vec<u8>, file: &str, diags: &mut Diagnostics) -> Option<Book> {
        let sha256 = sha256_hex(&bytes);
        match open_sheets(bytes) {
            Ok((sheets, package)) => {
                let names = sheets.sheet_names();
                Some(Book {
                    file: file.to_string(),
                    sha256,
                    sheets,
                    package,
                    forged: false,
                    names,
                    row_limit: DEFAULT_ROW_LIMIT,
                })
            }
            Err(problem) => {
                problem.report(file, diags);
                None
            }
        }
    }

    /// Reads sheets holding values down to `rows` rows (the plan's `Row limit`).
    pub fn set_row_limit(&mut self, rows: u32) {
        self.row_limit = rows;
    }

    /// The sheet whose name matches `canonical` (case and spacing ignored).
    /// `None` when there is none (no diagnostic) or when it cannot be read or
    /// is over a limit (diagnosed, naming the sheet and, for a cell, the cell).
    pub fn sheet(&mut self, canonical: &str, diags: &mut Diagnostics) -> Option<Grid> {
        if self.forged {
            return None;
        }
        let wanted = values::fold(canonical);
        let name = self
            .names
            .iter()
            .find(|n| values::fold(n) == wanted)?
            .clone();
        let limits = Limits {
            rows: self.row_limit,
        };
        let read = match &mut self.sheets {
            // Streamed cell by cell, so a limit stops the reading at the first
            // cell past it and nothing is allocated for the sheet's claimed size.
            Sheets::Xlsx(xlsx) => xlsx_grid(xlsx, &name, limits),
            other => other
                .worksheet_range(&name)
                .map_err(|e| SheetProblem::Unreadable(e.to_string()))
                .and_then(|range| range_grid(&range, limits)),
        };
        match read {
            Ok(grid) => Some(grid),
            Err(problem @ SheetProblem::Unreadable(_)) => {
                match self.forgery() {
                    Some(forged) => {
                        self.forged = true;
                        forged.report(&self.file, diags);
                    }
                    None => problem.report(&self.file, canonical, &name, limits, diags),
                }
                None
            }
            Err(problem) => {
                problem.report(&self.file, canonical, &name, limits, diags);
                None
            }
        }
    }

    /// Why the package is forged, when it is a zip with an entry holding more
    /// than it declares.
    fn forgery(&self) -> Option<FileProblem> {
        if !self.package.starts_with(&ZIP_MAGIC) {
            return None;
        }
        package::check_entries(&self.package).err()
    }

    /// The sheets' names as the file gives them, in the file's order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    pub fn has_sheet(&self, canonical: &str) -> bool {
        let wanted = values::fold(canonical);
        self.names.iter().any(|n| values::fold(n) == wanted)
    }
}

#[derive(Clone, Copy, Debug)]
struct Limits {
    rows: u32,
}

/// Why a sheet cannot be used.
#[derive(Debug)]
enum SheetProblem {
    Unreadable(String),
    /// A value at this zero-based row, at or past the row limit.
    TooManyRows(u32),
    /// A value at this zero-based column, at or past the column limit.
    TooManyColumns(u32),
    /// A cell (row, column) holding this many characters.
    CellTooLong((u32, u32), usize),
}

impl SheetProblem {
    fn report(
        &self,
        file: &str,
        canonical: &str,
        name: &str,
        limits: Limits,
        diags: &mut Diagnostics,
    ) {
        let sheet = Place::sheet(file, canonical);
        match self {
            SheetProblem::Unreadable(e) => diags.error(
                sheet,
                "sheet-unreadable",
                format!("the sheet “{name}” could not be read ({e}); the file may be damaged — save it again from Excel"),
            ),
            SheetProblem::TooManyRows(row) => diags.error(
                sheet,
                "sheet-too-large",
                format!(
                    "the sheet “{name}” holds values down to row {} or further; at most {} rows are read — delete the rows below the data, or raise the plan's Row limit setting if they are real",
                    u64::from(*row) + 1,
                    limits.rows
                ),
            ),
            SheetProblem::TooManyColumns(col) => diags.error(
                sheet,
                "sheet-too-large",
                format!(
                    "the sheet “{name}” holds values out to column {} or further; at most {MAX_COLUMNS} columns are read — delete the columns right of the data",
                    column_name(*col)
                ),
            ),
            SheetProblem::CellTooLong((row, col), chars) => diags.error(
                Place::cell(file, canonical, a1(*row, *col)),
                "cell-too-long",
                format!(
                    "the cell holds {chars} characters; a cell may hold at most {MAX_CELL_CHARS} (Excel's own limit) — shorten it"
                ),
            ),
        }
    }
}

/// `A`, `Z`, `AA` … for a zero-based column.
fn column_name(col: u32) -> String {
    a1(0, col).trim_end_matches('1').to_string()
}

/// Refuses a value past a limit. Empty cells are never checked: only values
/// count towards a sheet's size.
fn check_cell(at: (u32, u32), value: &Data, limits: Limits) -> Result<(), SheetProblem> {
    if at.0 >= limits.rows {
        return Err(SheetProblem::TooManyRows(at.0));
    }
    if at.1 >= MAX_COLUMNS {
        return Err(SheetProblem::TooManyColumns(at.1));
    }
    if let Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) = value {
        // Bytes bound characters from above, so most cells skip the count.
        if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
            return Err(SheetProblem::CellTooLong(at, s.chars().count()));
        }
    }
    Ok(())
}

fn xlsx_grid(
    xlsx: &mut Xlsx<Cursor<Package>>,
    name: &str,
    limits: Limits,
) -> Result<Grid, SheetProblem> {
    let unreadable = |e: calamine::XlsxError| SheetProblem::Unreadable(e.to_string());
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells, as calamine's own reading has it.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Grid::default()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let at = cell.get_position();
        check_cell(at, &value, limits)?;
        cells.push((at, value));
    }
    Ok(Grid::from_cells(cells))
}

/// xls and ods sheets come from calamine whole; their size was bounded before
/// (xls by its format, ods by `package::check_ods_content`).
fn range_grid(range: &calamine::Range<Data>, limits: Limits) -> Result<Grid, SheetProblem> {
    let Some((top, left)) = range.start() else {
        return Ok(Grid::default());
    };
    let mut cells = Vec::new();
    for (r, c, value) in range.used_cells() {
        let at = (
            top.saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            left.saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
        );
        check_cell(at, value, limits)?;
        cells.push((at, value.clone()));
    }
    Ok(Grid::from_cells(cells))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a file cannot be opened: a diagnostic of the file, or of one of its
/// sheets when a check before parsing found the sheet at fault.
struct FileProblem {
    code: &'static str,
    message: String,
    sheet: Option<String>,
}

fn problem(code: &'static str, message: impl Into<String>) -> FileProblem {
    FileProblem {
        code,
        message: message.into(),
        sheet: None,
    }
}

impl FileProblem {
    fn report(self, file: &str, diags: &mut Diagnostics) {
        let place = match &self.sheet {
            Some(sheet) => Place::sheet(file, sheet),
            None => Place::file(file),
        };
        diags.error(place, self.code, self.message);
    }
}

fn open_bytes(path: &Path) -> Result<Vec<u8>, FileProblem> {
    let irregular = not_a_regular_file(path).map_err(|e| {
        problem(
            "file-unreadable",
            format!("the file could not be opened: {e}"),
        )
    })?;
    if let Some(kind) = irregular {
        return Err(problem(
            "file-not-regular",
            format!("this is {kind}, not a spreadsheet file; only regular files are read — put the workbook itself here"),
        ));
    }
    let mut file = open_without_waiting(path).map_err(|e| {
        problem(
            "file-unreadable",
            format!("the file could not be opened: {e}"),
        )
    })?;
    // Looked at again through the open handle: the path may have been
    // swapped for something else between the first look and the opening.
    let meta = file.metadata().map_err(|e| {
        problem(
            "file-unreadable",
            format!("the file could not be opened: {e}"),
        )
    })?;
    if !meta.is_file() {
        return Err(problem(
            "file-not-regular",
            format!(
                "this is {}, not a spreadsheet file; only regular files are read — put the workbook itself here",
                kind_of(&meta.file_type())
            ),
        ));
    }
    let too_large = |len: u64| {
        problem(
            "file-too-large",
            format!(
                "the file is {:.1} MB; returns are expected to be under {} MB — remove pictures or unused sheets",
                len as f64 / 1e6,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // Read through the limit, not up to the size found: a file that grows
    // while it is read stops one byte past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            problem(
                "file-unreadable",
                format!("the file could not be read: {e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(problem(
            "file-empty",
            "the file is empty (0 bytes); expected a spreadsheet",
        ));
    }
    Ok(bytes)
}

/// What `path` is when it is not a regular file (or a link to one), in words
/// for a message: `Some("a folder")`, `Some("a link to a device")`. Looks at
/// the entry itself first, so that a link is never followed to a pipe or a
/// device before it is known to lead to a file.
pub fn not_a_regular_file(path: &Path) -> std::io::Result<Option<String>> {
    let own = std::fs::symlink_metadata(path)?;
    if own.is_file() {
        return Ok(None);
    }
    if !own.file_type().is_symlink() {
        return Ok(Some(kind_of(&own.file_type()).to_string()));
    }
    match std::fs::metadata(path) {
        Ok(target) if target.is_file() => Ok(None),
        Ok(target) => Ok(Some(format!("a link to {}", kind_of(&target.file_type())))),
        Err(_) => Ok(Some(
            "a link to nothing (its target does not exist)".to_string(),
        )),
    }
}

/// A file type in words, for messages.
pub fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a link"
    } else if kind.is_file() {
        "a file"
    } else {
        "something other than a file"
    }
}

/// Opens for reading without ever waiting: a named pipe put in the file's
/// place after it was looked at would otherwise block the open until a
/// writer comes (O_NONBLOCK changes nothing for a regular file).
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn open_sheets(bytes: Vec<u8>) -> Result<(Sheets<Cursor<Package>>, Package), FileProblem> {
    let damaged = |e: &dyn std::fmt::Display| {
        problem(
            "file-damaged",
            format!("the file could not be read as a spreadsheet ({e}); it may be damaged — open it in Excel and save it again"),
        )
    };
    if bytes.starts_with(&OLE_MAGIC) {
        if is_encrypted_ole(&bytes) {
            return Err(problem(
                "file-encrypted",
                "the workbook is password-protected (encrypted); save it again without a password",
            ));
        }
        let package: Package = pad_to_whole_sectors(bytes).into();
        ole::check_chains(&package)?;
        return calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(
            package.clone(),
        ))
        .map(|xls| (Sheets::Xls(xls), package))
        .map_err(|e| damaged(&e));
    }
    if !bytes.starts_with(&ZIP_MAGIC) {
        return Err(problem(
            "file-not-spreadsheet",
            format!(
                "the file is not a spreadsheet (its contents are not xlsx, xlsm, xls or ods{}); save it from Excel as .xlsx",
                sniff_kind(&bytes)
            ),
        ));
    }
    package::check_declared_sizes(&bytes)?;
    let package: Package = bytes.into();
    let cursor = Cursor::new(package.clone());
    let opened = if is_ods_zip(&package) {
        package::check_ods_content(&package)?;
        calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string())
    } else {
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string())
    };
    match opened {
        Ok(sheets) => Ok((sheets, package)),
        Err(e) => {
            package::check_entries(&package)?;
            Err(damaged(&e))
        }
    }
}

/// Pads an OLE (compound) file whose last sector is cut short with zeros up to
/// a whole sector. calamine 0.38 asserts (panics) on a short sector read from
/// the sector tables (found by fuzzing, tests/fixtures/fuzz/); a whole last
/// sector gives it an error to report instead. The sector size is in the
/// header (a power of two: 512 or 4,096 bytes); any other is left to calamine.
fn pad_to_whole_sectors(mut bytes: Vec<u8>) -> Vec<u8> {
    let shift = bytes
        .get(30..32)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .unwrap_or(0);
    if shift == 9 || shift == 12 {
        let sector = 1usize << shift;
        let short = bytes.len() % sector;
        if short != 0 {
            bytes.resize(bytes.len() + (sector - short), 0);
        }
    }
    bytes
}

/// An encrypted OOXML file is an OLE container holding an `EncryptedPackage` stream;
/// an encrypted .xls has a `FILEPASS` record, which calamine reports itself.
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn sniff_kind(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"%PDF") {
        ": it is a PDF"
    } else if bytes.iter().take(512).all(|b| b.is_ascii()) {
        ": it looks like plain text or CSV"
    } else {
        ""
    }
}

fn is_ods_zip(bytes: &[u8]) -> bool {
    // An ODF package starts with a stored `mimetype` entry naming its type.
    bytes.len() > 80
        && bytes[30..38] == *b"mimetype"
        && bytes[38..80].windows(11).any(|w| w == b"opendocumen")
}
