//! Opening spreadsheet files (xlsx, xlsm, xls, ods) safely, finding sheets and
//! header rows, and reading cells with their A1 place. Reports problems as
//! diagnostics; knows nothing about plans or returns.

pub mod table;
pub mod values;

use crate::diagnostics::{Diagnostics, Place};
use calamine::{Data, Range, Reader, Sheets};
use std::io::{Cursor, Read};
use std::path::Path;

pub use table::{Column, Row, SheetSpec, Table};

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// A zip whose entries would inflate to more than this in total is refused.
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;
/// … or to more than this many times its own size.
pub const MAX_INFLATE_RATIO: u64 = 100;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";

/// An open workbook: its sheets, by the names the file gives them.
pub struct Book {
    /// The file as the user named it, for messages.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    sheets: Sheets<Cursor<Vec<u8>>>,
    names: Vec<String>,
}

impl Book {
    /// Opens a workbook, or records why it cannot be read and returns `None`.
    pub fn open(path: &Path, file: &str, diags: &mut Diagnostics) -> Option<Book> {
        let opened = open_bytes(path).and_then(|bytes| {
            let sha256 = sha256_hex(&bytes);
            open_sheets(bytes).map(|sheets| (sha256, sheets))
        });
        match opened {
            Ok((sha256, sheets)) => {
                let names = sheets.sheet_names();
                Some(Book {
                    file: file.to_string(),
                    sha256,
                    sheets,
                    names,
                })
            }
            Err(problem) => {
                diags.error(Place::file(file), problem.code, problem.message);
                None
            }
        }
    }

    /// The sheet whose name matches `canonical` (case and spacing ignored).
    pub fn sheet(&mut self, canonical: &str, diags: &mut Diagnostics) -> Option<Range<Data>> {
        let wanted = values::fold(canonical);
        let name = self
            .names
            .iter()
            .find(|n| values::fold(n) == wanted)?
            .clone();
        match self.sheets.worksheet_range(&name) {
            Ok(range) => Some(range),
            Err(e) => {
                diags.error(
                    Place::sheet(&self.file, canonical),
                    "sheet-unreadable",
                    format!("the sheet “{name}” could not be read ({e}); the file may be damaged — save it again from Excel"),
                );
                None
            }
        }
    }

    pub fn has_sheet(&self, canonical: &str) -> bool {
        let wanted = values::fold(canonical);
        self.names.iter().any(|n| values::fold(n) == wanted)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct FileProblem {
    code: &'static str,
    message: String,
}

fn problem(code: &'static str, message: impl Into<String>) -> FileProblem {
    FileProblem {
        code,
        message: message.into(),
    }
}

fn open_bytes(path: &Path) -> Result<Vec<u8>, FileProblem> {
    let meta = std::fs::metadata(path).map_err(|e| {
        problem(
            "file-unreadable",
            format!("the file could not be opened: {e}"),
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(problem(
            "file-too-large",
            format!(
                "the file is {:.1} MB; returns are expected to be under {} MB — remove pictures or unused sheets",
                meta.len() as f64 / 1e6,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| {
            problem(
                "file-unreadable",
                format!("the file could not be read: {e}"),
            )
        })?;
    if bytes.is_empty() {
        return Err(problem(
            "file-empty",
            "the file is empty (0 bytes); expected a spreadsheet",
        ));
    }
    Ok(bytes)
}

fn open_sheets(bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, FileProblem> {
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
        return calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes))
            .map(Sheets::Xls)
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
    check_zip_inflation(&bytes)?;
    let cursor = Cursor::new(bytes);
    if is_ods_zip(cursor.get_ref()) {
        return calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(|e| damaged(&e));
    }
    calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor)
        .map(Sheets::Xlsx)
        .map_err(|e| damaged(&e))
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

/// Refuses a zip whose entries claim to inflate far beyond its size, reading only
/// the central directory (never inflating anything).
fn check_zip_inflation(bytes: &[u8]) -> Result<(), FileProblem> {
    let broken = |e: zip::result::ZipError| {
        problem(
            "file-damaged",
            format!("the file is damaged (its zip structure is broken: {e}); open it in Excel and save it again"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut inflated: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(broken)?;
        inflated = inflated.saturating_add(entry.size());
    }
    let ratio_limit = (bytes.len() as u64).saturating_mul(MAX_INFLATE_RATIO);
    if inflated > MAX_INFLATED_BYTES || inflated > ratio_limit.max(1024 * 1024) {
        return Err(problem(
            "file-too-large",
            format!(
                "the file would expand to {:.0} MB when opened ({}× its size); refused as unsafe — a return is expected to expand to under {} MB",
                inflated as f64 / 1e6,
                inflated / (bytes.len() as u64).max(1),
                MAX_INFLATED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}
