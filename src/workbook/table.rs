//! A sheet read as a table: the header row found among the first ten rows,
//! columns matched by name in any order, data rows with typed accessors that
//! record a diagnostic at the exact cell when a value is wrong.
//! Knows the shape of a sheet (its `SheetSpec`), not what the values mean.

use super::values;
use super::Book;
use super::Grid;
use crate::diagnostics::Origin;
use crate::diagnostics::{a1, Diagnostics, Place};
use calamine::Data;
use chrono::NaiveDate;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many rows from the top may hold title rows before the header.
const HEADER_SEARCH_ROWS: u32 = 10;

#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

pub const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

pub const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// The expected shape of a sheet.
#[derive(Debug)]
pub struct SheetSpec {
    /// Canonical sheet name.
    pub name: &'static str,
    pub columns: &'static [Column],
    /// Columns that may be present and are read by nobody (no warning).
    pub ignored: &'static [&'static str],
    /// The column that identifies a row; a row with data but no key is an error.
    pub key: &'static str,
}

pub struct Table {
    file: Arc<str>,
    spec: &'static SheetSpec,
    range: Grid,
    header_row: u32,
    columns: Arc<BTreeMap<&'static str, u32>>,
}

impl Table {
    /// Reads the sheet if the workbook has it. `None` when it is absent (no
    /// diagnostic: whether that matters is the caller's business) or when its
    /// header row cannot be found (diagnosed).
    pub fn find(
        book: &mut Book,
        spec: &'static SheetSpec,
        diags: &mut Diagnostics,
    ) -> Option<Table> {
        let range = book.sheet(spec.name, diags)?;
        let file: Arc<str> = Arc::from(book.file.as_str());
        let (header_row, columns) = locate_header(&range, spec, &file, diags)?;
        Some(Table {
            file,
            spec,
            range,
            header_row,
            columns: Arc::new(columns),
        })
    }

    /// Like `find`, but a missing sheet is an error.
    pub fn find_required(
        book: &mut Book,
        spec: &'static SheetSpec,
        diags: &mut Diagnostics,
    ) -> Option<Table> {
        if !book.has_sheet(spec.name) {
            diags.error(
                Place::sheet(&book.file, spec.name),
                "sheet-missing",
                format!(
                    "the workbook has no sheet named “{}”; expected one, with columns {}",
                    spec.name,
                    required_names(spec)
                ),
            );
            return None;
        }
        Table::find(book, spec, diags)
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }

    /// Data rows below the header: blank rows skipped, keyless rows reported.
    pub fn rows(&self, diags: &mut Diagnostics) -> Vec<Row<'_>> {
        let Some((last, _)) = self.range.end() else {
            return Vec::new();
        };
        let width = self.columns.values().copied().max().unwrap_or(0);
        let mut rows = Vec::new();
        for r in self.header_row + 1..=last.max(self.header_row) {
            let row = Row {
                table: self,
                row: r,
                bad: Cell::new(false),
            };
            if row.is_blank(width) {
                continue;
            }
            if values::is_blank(row.cell(self.spec.key)) {
                diags.error(
                    row.place(self.spec.key),
                    "key-missing",
                    format!(
                        "this row has data but no {}; every row needs one (delete the row if it is not wanted)",
                        self.spec.key
                    ),
                );
                continue;
            }
            rows.push(row);
        }
        rows
    }
}

fn required_names(spec: &SheetSpec) -> String {
    spec.columns
        .iter()
        .filter(|c| c.required)
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the first of the top rows that holds every required column.
fn locate_header(
    range: &Grid,
    spec: &'static SheetSpec,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<(u32, BTreeMap<&'static str, u32>)> {
    let last_col = range.end().map(|(_, c)| c).unwrap_or(0);
    let mut best: Option<(u32, BTreeMap<&'static str, u32>)> = None;
    for r in 0..HEADER_SEARCH_ROWS {
        let found = match_header(range, spec, r, last_col);
        let complete = spec
            .columns
            .iter()
            .filter(|c| c.required)
            .all(|c| found.contains_key(c.name));
        if complete {
            warn_unknown_columns(range, spec, r, last_col, file, diags);
            return Some((r, found));
        }
        if best.as_ref().is_none_or(|(_, b)| found.len() > b.len()) {
            best = Some((r, found));
        }
    }
    report_missing_columns(spec, best, file, diags);
    None
}

fn match_header(
    range: &Grid,
    spec: &SheetSpec,
    r: u32,
    last_col: u32,
) -> BTreeMap<&'static str, u32> {
    let mut found = BTreeMap::new();
    for c in 0..=last_col {
        let Some(Data::String(s)) = range.get_value((r, c)) else {
            continue;
        };
        let folded = values::fold(s);
        if let Some(col) = spec
            .columns
            .iter()
            .find(|col| values::fold(col.name) == folded)
        {
            found.entry(col.name).or_insert(c);
        }
    }
    found
}

fn warn_unknown_columns(
    range: &Grid,
    spec: &SheetSpec,
    r: u32,
    last_col: u32,
    file: &str,
    diags: &mut Diagnostics,
) {
    let known = |s: &str| {
        let f = values::fold(s);
        spec.columns.iter().any(|c| values::fold(c.name) == f)
            || spec.ignored.iter().any(|n| values::fold(n) == f)
    };
    let unknown: Vec<(u32, String)> = (0..=last_col)
        .filter_map(|c| match range.get_value((r, c)) {
            Some(cell) if !values::is_blank(cell) => {
                let name = values::text(cell).ok().flatten().unwrap_or_default();
                (!known(&name)).then_some((c, name))
            }
            _ => None,
        })
        .collect();
    if let Some((first, _)) = unknown.first() {
        let names: Vec<String> = unknown.iter().map(|(_, n)| format!("“{n}”")).collect();
        diags.warning(
            Place::cell(file, spec.name, a1(r, *first)),
            "column-unknown",
            format!(
                "the column{} {} {} not part of this sheet and will be ignored",
                if names.len() > 1 { "s" } else { "" },
                names.join(", "),
                if names.len() > 1 { "are" } else { "is" }
            ),
        );
    }
}

fn report_missing_columns(
    spec: &SheetSpec,
    best: Option<(u32, BTreeMap<&'static str, u32>)>,
    file: &str,
    diags: &mut Diagnostics,
) {
    let (found, row) = match &best {
        Some((r, f)) if !f.is_empty() => (f.clone(), Some(*r)),
        _ => (BTreeMap::new(), None),
    };
    let missing: Vec<String> = spec
        .columns
        .iter()
        .filter(|c| c.required && !found.contains_key(c.name))
        .map(|c| format!("“{}”", c.name))
        .collect();
    let at = match row {
        Some(r) => format!(" (the header looks to be row {})", r + 1),
        None => format!(" in its first {HEADER_SEARCH_ROWS} rows"),
    };
    diags.error(
        Place::sheet(file, spec.name),
        "column-missing",
        format!(
            "the sheet has no column {}{at}; expected a header row with {}",
            missing.join(", "),
            required_names(spec)
        ),
    );
}

/// The largest count a return may give.
pub const MAX_COUNT: u64 = 1_000_000;

/// One data row. Accessors record a diagnostic at the cell when a value is
/// wrong and return `None`; `ok()` then tells the caller to drop the row.
pub struct Row<'a> {
    table: &'a Table,
    /// Zero-based row in the sheet.
    pub row: u32,
    bad: Cell<bool>,
}

impl Row<'_> {
    pub fn origin(&self) -> Origin {
        Origin {
            file: self.table.file.clone(),
            sheet: self.table.spec.name,
            row: self.row,
            columns: self.table.columns.clone(),
        }
    }

    pub fn place(&self, column: &str) -> Place {
        self.origin().place(column)
    }

    /// The row's key as typed (trimmed), if it is readable text.
    pub fn key_text(&self) -> Option<String> {
        values::text(self.cell(self.table.spec.key)).ok().flatten()
    }

    /// False once any value of this row was reported as wrong.
    pub fn ok(&self) -> bool {
        !self.bad.get()
    }

    pub fn cell(&self, column: &str) -> &Data {
        const EMPTY: Data = Data::Empty;
        self.table
            .columns
            .get(column)
            .and_then(|c| self.table.range.get_value((self.row, *c)))
            .unwrap_or(&EMPTY)
    }

    fn is_blank(&self, width: u32) -> bool {
        (0..=width).all(|c| {
            self.table
                .range
                .get_value((self.row, c))
                .is_none_or(values::is_blank)
        })
    }

    /// Records a problem with this row's `column` and marks the row bad.
    pub fn complain(
        &self,
        column: &str,
        code: &'static str,
        message: String,
        diags: &mut Diagnostics,
    ) {
        self.bad.set(true);
        diags.error(self.place(column), code, message);
    }

    fn convert<T>(
        &self,
        column: &str,
        code: &'static str,
        parse: fn(&Data) -> Result<Option<T>, values::Complaint>,
        diags: &mut Diagnostics,
    ) -> Option<T> {
        let cell = self.cell(column);
        match parse(cell) {
            Ok(v) => v,
            Err(complaint) => {
                let code = if values::is_error(cell) {
                    "formula-error"
                } else {
                    code
                };
                self.complain(column, code, format!("{column}: {complaint}"), diags);
                None
            }
        }
    }

    fn require<T>(
        &self,
        column: &str,
        value: Option<T>,
        what: &str,
        diags: &mut Diagnostics,
    ) -> Option<T> {
        if value.is_none() && self.ok_at(column) {
            self.complain(
                column,
                "value-missing",
                format!("{column} is empty; expected {what}"),
                diags,
            );
        }
        value
    }

    /// True unless this very cell already drew a complaint (so a bad value is
    /// not also reported as missing).
    fn ok_at(&self, column: &str) -> bool {
        values::is_blank(self.cell(column))
    }

    pub fn text(&self, column: &str, diags: &mut Diagnostics) -> Option<String> {
        self.convert(column, "formula-error", values::text, diags)
    }

    pub fn required_text(
        &self,
        column: &str,
        what: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let v = self.text(column, diags);
        self.require(column, v, what, diags)
    }

    pub fn date(&self, column: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
        self.convert(column, "date-invalid", values::date, diags)
    }

    pub fn required_date(&self, column: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
        let v = self.date(column, diags);
        self.require(column, v, "a date such as 31/10/2014", diags)
    }

    pub fn count(&self, column: &str, diags: &mut Diagnostics) -> Option<u64> {
        self.convert(column, "count-invalid", values::count, diags)
    }

    /// A count no larger than `MAX_COUNT` (data contract: counts are whole
    /// numbers from 0 to 1,000,000); a larger one is an error at its cell, so
    /// that no sum of counts can overflow.
    pub fn bounded_count(&self, column: &str, diags: &mut Diagnostics) -> Option<u64> {
        let value = self.count(column, diags)?;
        if value <= MAX_COUNT {
            return Some(value);
        }
        self.complain(
            column,
            "count-too-large",
            format!("{column}: found {value}; expected a whole number from 0 to 1,000,000"),
            diags,
        );
        None
    }

    pub fn required_count(&self, column: &str, diags: &mut Diagnostics) -> Option<u64> {
        let v = self.count(column, diags);
        self.require(column, v, "a whole number", diags)
    }

    pub fn yes_no(&self, column: &str, diags: &mut Diagnostics) -> Option<bool> {
        self.convert(column, "yes-no-invalid", values::yes_no, diags)
    }

    pub fn required_yes_no(&self, column: &str, diags: &mut Diagnostics) -> Option<bool> {
        let v = self.yes_no(column, diags);
        self.require(column, v, "Yes or No", diags)
    }

    pub fn number(&self, column: &str, diags: &mut Diagnostics) -> Option<f64> {
        self.convert(column, "number-invalid", values::number, diags)
    }

    /// A value from a fixed vocabulary, matched case-insensitively and trimmed.
    pub fn choice<T: Copy>(
        &self,
        column: &str,
        vocabulary: &[(&str, T)],
        diags: &mut Diagnostics,
    ) -> Option<T> {
        let text = self.text(column, diags)?;
        let folded = values::fold(&text);
        if let Some((_, v)) = vocabulary
            .iter()
            .find(|(name, _)| values::fold(name) == folded)
        {
            return Some(*v);
        }
        self.complain(
            column,
            "value-invalid",
            format!(
                "{column}: found “{text}”; expected one of {}",
                allowed(vocabulary)
            ),
            diags,
        );
        None
    }

    pub fn required_choice<T: Copy>(
        &self,
        column: &str,
        vocabulary: &[(&str, T)],
        diags: &mut Diagnostics,
    ) -> Option<T> {
        let v = self.choice(column, vocabulary, diags);
        let what = format!("one of {}", allowed(vocabulary));
        self.require(column, v, &what, diags)
    }
}

/// The distinct names of a vocabulary, in order, for messages.
fn allowed<T>(vocabulary: &[(&str, T)]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in vocabulary {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names.join(", ")
}
