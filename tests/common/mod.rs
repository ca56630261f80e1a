//! Shared helpers for the CLI tests: run the real binary, copy a fixture data
//! set into a temporary folder, and edit one cell of a workbook the way a
//! user would (re-saving the whole workbook).
#![allow(dead_code)]

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value as Json;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn foreign() -> PathBuf {
    fixtures().join("foreign")
}

/// Runs the boardpack binary in `dir`.
pub fn boardpack(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

pub fn exit_code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// A data set in a temporary folder laid out as the shipped example is.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    /// A copy of the foreign `clean` data set, keeping only `quarters` (all if empty).
    pub fn clean(quarters: &[&str]) -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = foreign().join("clean");
        copy_tree(&src.join("plan"), &dir.path().join("plan"));
        for entry in std::fs::read_dir(src.join("data/returns")).expect("returns") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().to_string();
            if quarters.is_empty() || quarters.contains(&name.as_str()) {
                copy_tree(&entry.path(), &dir.path().join("data/returns").join(&name));
            }
        }
        Case { dir }
    }

    /// A copy of the shipped example (plan/ and data/ at the repository root).
    pub fn shipped() -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&root.join("plan"), &dir.path().join("plan"));
        copy_tree(&root.join("data"), &dir.path().join("data"));
        Case { dir }
    }

    /// The case's plan and returns, read and checked by the library.
    pub fn dataset(&self) -> boardpack::model::Dataset {
        boardpack::read::load(
            &self.path("plan/delivery-plan.xlsx"),
            &self.path("data/returns"),
            None,
        )
        .expect("the inputs load")
        .dataset
        .expect("the plan reads")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        boardpack(self.dir.path(), args)
    }

    /// `check --json`: the exit code and the diagnostics.
    pub fn check(&self) -> (i32, Vec<Json>) {
        let out = self.run(&["check", "--json"]);
        let diags: Vec<Json> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "check --json printed JSON ({e}): {}{}",
                stdout(&out),
                stderr(&out)
            )
        });
        (exit_code(&out), diags)
    }

    pub fn edit(&self, rel: &str, sheet: &str, cell: &str, value: Cell) {
        edit_cell(&self.path(rel), sheet, cell, value);
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A value to put in a cell.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(&'static str),
    Number(f64),
    /// A real date (year, month, day).
    Date(i32, u32, u32),
    Bool(bool),
    Blank,
}

/// (row, col), zero-based, of an A1 reference.
pub fn a1_to_rc(a1: &str) -> (u32, u16) {
    let split = a1.find(|c: char| c.is_ascii_digit()).expect("A1 has a row");
    let col = a1[..split]
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    (a1[split..].parse::<u32>().expect("row") - 1, col as u16)
}

/// Every sheet of a workbook as (name, grid of cells).
pub fn read_all(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(path).expect("open workbook");
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
}

/// Writes sheets back as an .xlsx (dates as real dates).
pub fn write_all(path: &Path, sheets: &[(String, Vec<Vec<Data>>)]) {
    let mut wb = Workbook::new();
    // A fixed creation date: the same edit gives the same bytes (and a paper
    // made from them the same fingerprint), run after run.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2015, 4, 1).expect("a date");
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("sheet name");
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => drop(ws.write_string(r, c, s)),
                    Data::Float(f) => drop(ws.write_number(r, c, *f)),
                    Data::Int(i) => drop(ws.write_number(r, c, *i as f64)),
                    Data::Bool(b) => drop(ws.write_boolean(r, c, *b)),
                    Data::DateTime(d) => {
                        let days = d.as_datetime().expect("date").date()
                            - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                        drop(ws.write_number_with_format(r, c, days.num_days() as f64, &date));
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save(path).expect("save workbook");
}

pub fn put(grid: &mut Vec<Vec<Data>>, r: usize, c: usize, value: Data) {
    while grid.len() <= r {
        grid.push(Vec::new());
    }
    while grid[r].len() <= c {
        grid[r].push(Data::Empty);
    }
    grid[r][c] = value;
}

/// Changes one cell, re-saving the workbook as .xlsx at the same path.
pub fn edit_cell(path: &Path, sheet: &str, cell: &str, value: Cell) {
    let mut sheets = read_all(path);
    let (r, c) = a1_to_rc(cell);
    let grid = &mut sheets
        .iter_mut()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(sheet))
        .expect("sheet exists")
        .1;
    let data = match value {
        Cell::Text(s) => Data::String(s.to_string()),
        Cell::Number(f) => Data::Float(f),
        Cell::Bool(b) => Data::Bool(b),
        Cell::Blank => Data::Empty,
        Cell::Date(y, m, d) => {
            let days = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
                - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            Data::DateTime(calamine::ExcelDateTime::new(
                days.num_days() as f64,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))
        }
    };
    put(grid, r as usize, c as usize, data);
    write_all(path, &sheets);
}

/// Applies `change` to every sheet's grid and re-saves.
pub fn edit_sheets(path: &Path, change: impl FnOnce(&mut Vec<(String, Vec<Vec<Data>>)>)) {
    let mut sheets = read_all(path);
    change(&mut sheets);
    write_all(path, &sheets);
}

/// The diagnostics with this code, as (file ending, sheet, cell, severity).
pub fn with_code<'a>(diags: &'a [Json], code: &str) -> Vec<&'a Json> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// Asserts a diagnostic with `code` at `file` (ending) › `sheet` › `cell`.
#[track_caller]
pub fn assert_diag(
    diags: &[Json],
    severity: &str,
    code: &str,
    file: &str,
    sheet: Option<&str>,
    cell: Option<&str>,
) {
    let hit = diags.iter().any(|d| {
        d["code"] == code
            && d["severity"] == severity
            && d["file"].as_str().is_some_and(|f| f.ends_with(file))
            && d["sheet"].as_str() == sheet
            && d["cell"].as_str() == cell
    });
    assert!(
        hit,
        "expected {severity} {code} at {file} › {sheet:?} › {cell:?}; got:\n{}",
        serde_json::to_string_pretty(diags).unwrap()
    );
}

/// Rewrites one entry of a zip (a workbook) with `change` applied to its text.
pub fn rezip(bytes: &[u8], entry: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == entry {
            content = change(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The agency codes a report could show only as codes: those that are not also
/// a word of the plan's own reader-facing text (an agency's name or lead role,
/// an action's text or owner) or of a progress update quoted from a return —
/// `LSCB` is in "B&NES LSCB Business Unit", `AWP` in "AWP have made…".
pub fn codes_only_codes(dataset: &boardpack::model::Dataset) -> Vec<String> {
    let plan = &dataset.plan;
    let prose: Vec<&str> = plan
        .agencies
        .iter()
        .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.lead_role.as_deref()))
        .chain(
            plan.actions
                .iter()
                .flat_map(|a| [a.action.as_str(), a.owner.as_str()]),
        )
        .chain(
            dataset
                .returns
                .iter()
                .flat_map(|r| r.actions.iter().filter_map(|u| u.progress.as_deref())),
        )
        .collect();
    plan.agencies
        .iter()
        .map(|a| a.code.clone())
        .filter(|code| !prose.iter().any(|p| !words_equal_to(p, code).is_empty()))
        .collect()
}

/// Each whole-word occurrence of `word` in `text` (case as written), with a
/// little of the text around it for the failure message.
pub fn words_equal_to(text: &str, word: &str) -> Vec<String> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .map(|(at, _)| {
            let from = text.floor_char_boundary(at.saturating_sub(40));
            let to = text.ceil_char_boundary((at + word.len() + 40).min(text.len()));
            text[from..to].replace('\n', " ")
        })
        .collect()
}

/// Checks `bytes` against the SHA-256 pinned in `tests/golden/<name>.sha256`.
/// After an intended change, run the test with `BOARDPACK_BLESS=1` to pin
/// the new digest (and say in the commit why the bytes changed).
pub fn assert_golden(bytes: &[u8], name: &str) {
    use sha2::{Digest, Sha256};
    let digest: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let pinned = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.sha256"));
    if std::env::var_os("BOARDPACK_BLESS").is_some() {
        std::fs::create_dir_all(pinned.parent().expect("a folder")).expect("tests/golden");
        std::fs::write(&pinned, format!("{digest}\n")).expect("the pinned digest");
    }
    let want = std::fs::read_to_string(&pinned).unwrap_or_else(|_| {
        panic!(
            "no pinned digest {}: run with BOARDPACK_BLESS=1",
            pinned.display()
        )
    });
    assert_eq!(
        digest,
        want.trim(),
        "{name} changed; if intended, refresh its golden digest (BOARDPACK_BLESS=1)"
    );
}
