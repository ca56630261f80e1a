//! The reading floor for the benchmarks (`benches/run.sh`): opens the plan and
//! every return under a data folder with calamine and reads every cell of every
//! sheet, nothing more. It reads the files as boardpack does — the plan first,
//! then the returns in parallel on rayon's global pool, each file's bytes read
//! whole and opened from memory — so that a command's time divided by this one
//! is the cost of everything boardpack does beyond reading.
//! It must NOT check, compute or write anything.
//! It uses the same memory allocator as boardpack (mimalloc), so that the
//! ratio measures boardpack's work, not the allocators' difference.
//!
//! Run: `cargo run --release --example bare_read -- PLAN DATA_DIR`.

use calamine::{Data, Reader};
use rayon::prelude::*;
use std::io::Cursor;
use std::path::{Path, PathBuf};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What was read, so the work cannot be optimised away and the run can be
/// compared with the tool's (files and cells).
#[derive(Default, Clone, Copy)]
struct Tally {
    files: usize,
    sheets: usize,
    cells: usize,
    text_bytes: usize,
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, o: Tally) -> Tally {
        Tally {
            files: self.files + o.files,
            sheets: self.sheets + o.sheets,
            cells: self.cells + o.cells,
            text_bytes: self.text_bytes + o.text_bytes,
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (plan, data) = match args.as_slice() {
        [plan, data] => (PathBuf::from(plan), PathBuf::from(data)),
        _ => {
            eprintln!("usage: bare_read PLAN DATA_DIR");
            std::process::exit(2);
        }
    };
    let plan_tally = match read_every_cell(&plan) {
        Ok(t) => t,
        Err(e) => fail(&plan, &e),
    };
    let files = spreadsheets_under(&data);
    let returns_tally = files
        .par_iter()
        .map(|path| read_every_cell(path).unwrap_or_else(|e| fail(path, &e)))
        .reduce(Tally::default, |a, b| a + b);
    let total = plan_tally + returns_tally;
    println!(
        "{} files, {} sheets, {} cells, {} bytes of text read",
        total.files, total.sheets, total.cells, total.text_bytes
    );
}

fn fail(path: &Path, e: &str) -> ! {
    eprintln!("{}: {e}", path.display());
    std::process::exit(2);
}

/// Every .xlsx/.xlsm/.xls/.ods file in the data folder's quarter folders, sorted.
fn spreadsheets_under(data: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in sorted_entries(data).into_iter().filter(|p| p.is_dir()) {
        files.extend(sorted_entries(&folder).into_iter().filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e))
        }));
    }
    files
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

fn read_every_cell(path: &Path) -> Result<Tally, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut tally = Tally {
        files: 1,
        ..Tally::default()
    };
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        tally.sheets += 1;
        for (_, _, cell) in range.used_cells() {
            tally.cells += 1;
            if let Data::String(s) = cell {
                tally.text_bytes += s.len();
            }
        }
    }
    Ok(std::hint::black_box(tally))
}
