//! Problems found in the inputs, each with its place (`file › sheet › A1`), a
//! stable code and a plain-English message. Collects; never prints or decides exit codes.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file, optionally a sheet (its canonical name) and a cell.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Place {
    pub fn file(file: impl Into<String>) -> Place {
        Place {
            file: file.into(),
            sheet: None,
            cell: None,
        }
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Place {
        Place {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: None,
        }
    }

    pub fn cell(
        file: impl Into<String>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
    ) -> Place {
        Place {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " › {sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, " › {cell}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// Stable, kebab-case; documented in README.md. Scripts may match on it.
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    pub fn place(&self) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
        }
    }
}

/// Every diagnostic of a run, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(
        &mut self,
        severity: Severity,
        at: Place,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: at.file,
            sheet: at.sheet,
            cell: at.cell,
            code,
            message: message.into(),
        });
    }

    pub fn error(&mut self, at: Place, code: &'static str, message: impl Into<String>) {
        self.push(Severity::Error, at, code, message);
    }

    pub fn warning(&mut self, at: Place, code: &'static str, message: impl Into<String>) {
        self.push(Severity::Warning, at, code, message);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Stable order for display: by file, then sheet, then cell in reading order,
    /// keeping the order found among equals.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, &a.sheet, cell_order(a.cell.as_deref())).cmp(&(
                &b.file,
                &b.sheet,
                cell_order(b.cell.as_deref()),
            ))
        });
        v
    }
}

/// Orders A1 cells by row, then column (`B2` before `A10`).
fn cell_order(cell: Option<&str>) -> (u32, u32) {
    let Some(cell) = cell else { return (0, 0) };
    let split = cell
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(cell.len());
    let col = cell[..split].bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.saturating_sub(b'A') + 1)
    });
    let row = cell[split..].parse().unwrap_or(0);
    (row, col)
}

/// `A1`-style name of a zero-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names_cells_as_excel_does() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(9, 26), "AA10");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn sorted_puts_cells_in_reading_order() {
        let mut d = Diagnostics::new();
        d.error(Place::cell("f", "S", "A10"), "x", "");
        d.error(Place::cell("f", "S", "B2"), "x", "");
        d.error(Place::file("e"), "x", "");
        let cells: Vec<_> = d.sorted().iter().map(|d| d.cell.clone()).collect();
        assert_eq!(cells, vec![None, Some("B2".into()), Some("A10".into())]);
    }

    #[test]
    fn place_prints_with_chevrons() {
        let p = Place::cell("data/returns/2014-15-Q3/police.xlsx", "Measures", "C7");
        assert_eq!(
            p.to_string(),
            "data/returns/2014-15-Q3/police.xlsx › Measures › C7"
        );
    }
}
