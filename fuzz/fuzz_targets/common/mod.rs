//! Shared by the plan and settings targets: the clean example plan as a grid,
//! edits decoded from the fuzzer's bytes, the plan re-written as an xlsx in
//! memory, and the promise checked: no panic while reading and checking, and
//! every paper built when the check finds no error.

// Each target uses some of these helpers, not all.
#![allow(dead_code)]

use boardpack::diagnostics::Diagnostics;
use boardpack::model::Return;
use boardpack::period::{FinYear, Quarter, Q};
use boardpack::read::{plan, returns};
use boardpack::report::template::Templates;
use boardpack::workbook::Book;
use calamine::{open_workbook_auto, Data, ExcelDateTime, ExcelDateTimeType, Reader};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The plan's sheets, with the last row and column an edit may reach (a
/// little past the clean plan's data).
pub const PLAN_SHEETS: &[(&str, u32, u16)] = &[
    ("Settings", 12, 2),
    ("Agencies", 12, 5),
    ("Actions", 32, 10),
    ("Measures", 30, 11),
];

const QUARTER: Quarter = Quarter { year: 2014, q: Q::Q3 };

/// One cell rewritten: sheet (index into the grid), zero-based row and column.
pub struct Edit {
    pub sheet: usize,
    pub row: u32,
    pub col: u16,
    pub value: Data,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/foreign/clean")
}

type Grid = Vec<(String, Vec<Vec<Data>>)>;

fn base_plan() -> &'static Grid {
    static BASE: OnceLock<Grid> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut wb = open_workbook_auto(root().join("plan/delivery-plan.xlsx")).expect("clean plan");
        wb.sheet_names()
            .into_iter()
            .map(|name| {
                let range = wb.worksheet_range(&name).expect("sheet");
                let (h, w) = range
                    .end()
                    .map(|(r, c)| (r as usize + 1, c as usize + 1))
                    .unwrap_or((0, 0));
                let grid = (0..h)
                    .map(|r| {
                        (0..w)
                            .map(|c| {
                                range
                                    .get_value((r as u32, c as u32))
                                    .cloned()
                                    .unwrap_or(Data::Empty)
                            })
                            .collect()
                    })
                    .collect();
                (name, grid)
            })
            .collect()
    })
}

/// The clean returns of 2014-15 Q3, read once.
fn base_returns() -> &'static Vec<Return> {
    static RETURNS: OnceLock<Vec<Return>> = OnceLock::new();
    RETURNS.get_or_init(|| {
        let folder = root().join("data/returns/2014-15-Q3");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("returns")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|path| {
                let agency = path.file_stem()?.to_string_lossy().to_ascii_uppercase();
                let expected = returns::Expected {
                    agency: &agency,
                    quarter: QUARTER,
                    needs_actions: true,
                    needs_measures: true,
                };
                let file = path.display().to_string();
                returns::read_return(path, &file, &expected, &mut Diagnostics::new())
            })
            .collect()
    })
}

/// Reads bytes off the front of the fuzzer's input.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let bytes: [u8; N] = self.0.get(..N)?.try_into().ok()?;
        self.0 = &self.0[N..];
        Some(bytes)
    }

    /// A cell value of any kind the readers meet.
    pub fn value(&mut self) -> Option<Data> {
        Some(match self.byte()? % 7 {
            0 => Data::Float(f64::from_le_bytes(self.take::<8>()?)),
            1 => Data::Float(f64::from(i16::from_le_bytes(self.take::<2>()?))),
            2 => {
                let len = usize::from(self.byte()? % 24).min(self.0.len());
                let text = String::from_utf8_lossy(&self.0[..len]).into_owned();
                self.0 = &self.0[len..];
                Data::String(text)
            }
            3 => Data::DateTime(ExcelDateTime::new(
                f64::from(i32::from_le_bytes(self.take::<4>()?)),
                ExcelDateTimeType::DateTime,
                false,
            )),
            4 => Data::Empty,
            5 => Data::Bool(self.byte()? % 2 == 0),
            _ => Data::String(i64::from_le_bytes(self.take::<8>()?).to_string()),
        })
    }
}

/// Edits anywhere in `sheets` (indices into the plan's grid, same order).
pub fn edits_from(data: &[u8], sheets: &[(&str, u32, u16)]) -> Vec<Edit> {
    let mut bytes = Bytes(data);
    let mut edits = Vec::new();
    while let (Some(s), Some(r), Some(c)) = (bytes.byte(), bytes.byte(), bytes.byte()) {
        let (name, rows, cols) = sheets[usize::from(s) % sheets.len()];
        let Some(sheet) = base_plan().iter().position(|(n, _)| n == name) else {
            break;
        };
        let Some(value) = bytes.value() else {
            break;
        };
        edits.push(Edit {
            sheet,
            row: u32::from(r) % (rows + 1),
            col: u16::from(c) % (cols + 1),
            value,
        });
    }
    edits
}

/// Settings boardpack knows, for rows added below the clean plan's.
const SETTING_NAMES: &[&str] = &[
    "Child population",
    "Suppression threshold",
    "Due soon days",
    "Return deadline days",
    "RAG tolerance",
    "Referral log agency",
    "Row limit",
    "Protective marking",
];

/// Values for the Settings sheet: an existing setting's value, or a new row
/// naming a known setting.
pub fn settings_edits_from(data: &[u8]) -> Vec<Edit> {
    let mut bytes = Bytes(data);
    let Some(sheet) = base_plan().iter().position(|(n, _)| n == "Settings") else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    while let Some(r) = bytes.byte() {
        let row = 1 + u32::from(r) % 12;
        if row > 8 {
            let Some(n) = bytes.byte() else { break };
            let name = SETTING_NAMES[usize::from(n) % SETTING_NAMES.len()];
            edits.push(Edit {
                sheet,
                row,
                col: 0,
                value: Data::String(name.to_string()),
            });
        }
        let Some(value) = bytes.value() else { break };
        edits.push(Edit {
            sheet,
            row,
            col: 1,
            value,
        });
    }
    edits
}

/// The plan with `edits` applied, as xlsx bytes (dates as real dates).
fn plan_bytes(edits: &[Edit]) -> Vec<u8> {
    let mut sheets = base_plan().clone();
    for e in edits {
        let grid = &mut sheets[e.sheet].1;
        let (r, c) = (e.row as usize, usize::from(e.col));
        while grid.len() <= r {
            grid.push(Vec::new());
        }
        while grid[r].len() <= c {
            grid[r].push(Data::Empty);
        }
        grid[r][c] = e.value.clone();
    }
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, grid) in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("sheet name");
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                // A value the writer refuses (a NaN, a string too long) is
                // simply left out: the cell stays blank.
                let _ = match cell {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Data::DateTime(d) => ws.write_number_with_format(r, c, d.as_f64(), &date).map(|_| ()),
                    _ => Ok(()),
                };
            }
        }
    }
    wb.save_to_buffer().expect("an xlsx in memory")
}

/// Reads and checks the edited plan with the clean returns; when the check
/// finds no error, builds every paper and panics (a crash) if one fails.
pub fn check_then_build(edits: &[Edit]) {
    let bytes = plan_bytes(edits);
    let mut diags = Diagnostics::new();
    let Some(mut book) = Book::from_bytes(bytes, "plan.xlsx", &mut diags) else {
        return;
    };
    let Some(plan) = plan::plan_from_book(&mut book, &mut diags) else {
        return;
    };
    let dataset = boardpack::validate::assemble(plan, base_returns().clone(), &mut diags);
    if diags.has_errors() {
        return;
    }
    let templates = Templates::load(None).expect("built-in templates");
    let paper = boardpack::cmd::quarterly::Paper::new(
        &dataset,
        QUARTER,
        QUARTER.end(),
        diags,
        templates,
    );
    if let Err(e) = boardpack::cmd::quarterly::build_outputs(&paper) {
        panic!("check accepted the plan, the quarter's papers failed: {e}");
    }
    let templates = Templates::load(None).expect("built-in templates");
    if let Err(e) = boardpack::cmd::annual::build(&dataset, FinYear { start: 2014 }, &templates) {
        panic!("check accepted the plan, the year's papers failed: {e}");
    }
    let prepared = boardpack::report::return_template::prepare(&dataset, QUARTER.next());
    for t in &prepared.templates {
        if let Err(e) = boardpack::render::xlsx::return_template::render(t) {
            panic!("check accepted the plan, a return template failed: {e}");
        }
    }
}
