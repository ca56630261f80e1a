//! Problems found in the inputs, each with its place (`file › sheet › A1`), a
//! stable code and a plain-English message. Collects; never prints or decides exit codes.
//!
//! Two wordings: `message` is for the terminal and `--json` and may quote the
//! value found — except on a `Referrals` sheet, where it is replaced on
//! arrival by the paper wording, so no referral value is ever quoted;
//! `paper_message` is for the papers (the tracker's Data quality sheet, a
//! report's data-quality section): the code's own words, what was expected,
//! quoting no input text at all.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

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
    /// What a paper says of this problem: what was expected, in boardpack's
    /// own words, quoting no header, value or file name.
    pub fn paper_message(&self) -> &'static str {
        paper_wording(self.code)
    }

    /// This diagnostic as a paper shows it: the paper wording, and the place
    /// only when `may_name_file` (the plan or an agency's return) — any other
    /// file's name is input text, and a stray file can be named after a child.
    pub fn for_paper(&self, may_name_file: bool) -> Diagnostic {
        let (file, sheet, cell) = if may_name_file {
            (self.file.clone(), self.sheet.clone(), self.cell.clone())
        } else {
            (UNNAMED_FILE.to_string(), None, None)
        };
        Diagnostic {
            severity: self.severity,
            file,
            sheet,
            cell,
            code: self.code,
            message: self.paper_message().to_string(),
        }
    }

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
        // A Referrals sheet's values are never quoted, not even on the
        // terminal: only messages known to hold boardpack's own words pass.
        let quotes_nothing = QUOTE_NO_VALUE.contains(&code);
        let message = if at.sheet.as_deref() == Some(REFERRALS) && !quotes_nothing {
            format!(
                "{} (values of the Referrals sheet are never quoted)",
                paper_wording(code)
            )
        } else {
            message.into()
        };
        self.items.push(Diagnostic {
            severity,
            file: at.file,
            sheet: at.sheet,
            cell: at.cell,
            code,
            message,
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

/// The row a record was read from, and where each of its columns was, so that a
/// later check can name the exact cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    /// Canonical sheet name (`Actions`), whatever the workbook spelt.
    pub sheet: &'static str,
    /// Zero-based row.
    pub row: u32,
    /// Canonical column name → zero-based column.
    pub columns: Arc<BTreeMap<&'static str, u32>>,
}

impl Origin {
    /// The A1 cell of `column` on this row (the row's first column if that
    /// column is absent from the sheet).
    pub fn cell(&self, column: &str) -> String {
        let col = self.columns.get(column).copied().unwrap_or(0);
        a1(self.row, col)
    }

    pub fn place(&self, column: &str) -> Place {
        Place::cell(&*self.file, self.sheet, self.cell(column))
    }
}

/// What a paper says in place of a file it may not name.
pub const UNNAMED_FILE: &str = "a file that is not a return (named only on the terminal)";

/// The diagnostics of a run as the papers show them (see
/// `Diagnostic::for_paper`), in display order: files other than `named` (the
/// plan and the returns read) are counted, not named.
pub fn for_papers<'a>(
    diagnostics: &Diagnostics,
    named: impl IntoIterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let named: std::collections::HashSet<&str> = named.into_iter().collect();
    diagnostics
        .sorted()
        .into_iter()
        .map(|d| d.for_paper(named.contains(d.file.as_str())))
        .collect()
}

/// The sheet whose values no message quotes.
const REFERRALS: &str = "Referrals";

/// Codes whose messages are made of boardpack's own words (column names, row
/// numbers, what was expected) and never of a value read.
const QUOTE_NO_VALUE: &[&str] = &[
    "column-missing",
    "key-missing",
    "value-missing",
    "sheet-missing",
    "closure-risk-without-date",
    "referral-duplicate",
    "case-id-invalid",
    "case-id-spellings",
    "case-id-reads-as-plan-text",
    "referrals-ignored",
];

/// What a paper says of a code with no wording of its own.
const FALLBACK_WORDING: &str =
    "a problem in the inputs (see the terminal output of boardpack check)";

/// What each code means, said as what was expected: the wording of a paper.
pub fn paper_wording(code: &str) -> &'static str {
    match code {
        "file-empty" => "the file is empty; expected a workbook",
        "file-not-spreadsheet" => "the file is not a spreadsheet; expected an .xlsx, .xlsm, .xls or .ods workbook",
        "file-encrypted" => "the workbook is password-protected; expected it saved without a password",
        "file-damaged" | "file-unreadable" => "the file could not be read; expected an undamaged workbook",
        "file-too-large" => "the file is over boardpack's size limits",
        "sheet-missing" => "a required sheet is missing",
        "sheet-unreadable" => "the sheet could not be read",
        "sheet-too-large" => "the sheet holds values beyond boardpack's row or column limit",
        "cell-too-long" => "the cell holds more than 32,767 characters",
        "column-missing" => "no row among the first ten holds every required column",
        "column-unknown" => "the sheet has columns boardpack does not use (they are ignored)",
        "key-missing" => "the row has data but no key (Ref, Code, Case ID, Setting or Field)",
        "key-duplicate" => "this key is used twice; expected each once",
        "value-missing" => "a required value is empty",
        "value-invalid" => "the value is not one of the column's choices",
        "date-invalid" => "expected a date such as 31/10/2014",
        "count-invalid" => "expected a whole number from 0 to 1,000,000",
        "yes-no-invalid" => "expected Yes or No",
        "number-invalid" => "expected a number in the setting's range",
        "formula-error" => "the cell holds a formula error; expected a value",
        "code-invalid" => "expected a Code of letters, digits and - or _ only",
        "setting-missing" => "a required setting (Board, Sub-group or Area) is missing",
        "setting-unknown" => "a setting boardpack does not know (it is ignored)",
        "agency-unknown" => "expected an agency Code from the Agencies sheet",
        "measure-unknown" => "expected a measure Code from the plan's catalogue",
        "referral-code-unknown" => "expected one of the REF_ codes for a referral measure",
        "start-after-due" => "the action starts after it is due",
        "folder-name-invalid" => "a folder that is not a quarter; expected a name such as 2014-15-Q3",
        "file-ignored" => "a file that is not a return was ignored",
        "return-agency-unknown" => "a return whose file name is not an agency Code",
        "return-duplicate" => "two files for one agency in one quarter; expected one",
        "return-not-expected" => "a return from an agency that does not submit returns (it was read)",
        "return-agency-mismatch" => "the Agency field disagrees with the file's name",
        "return-quarter-mismatch" => "the Quarter field disagrees with the file's folder",
        "quarter-invalid" => "expected a quarter such as 2014-15 Q3",
        "field-missing" => "a field of the Return sheet is missing",
        "field-unknown" => "a field of the Return sheet that boardpack does not know (it is ignored)",
        "return-late" => "the return was completed after its deadline",
        "action-ref-unknown" => "expected an action Ref of the plan",
        "action-ref-other-agency" => "an action led by another agency (the row is ignored)",
        "action-ref-duplicate" => "the same Ref twice in one return; expected it once",
        "measure-not-reported-by-agency" => "a measure this agency does not report (the row is ignored)",
        "measure-code-duplicate" => "the same measure Code twice in one return; expected it once",
        "case-id-invalid" => "expected a pseudonymous Case ID of letters, digits and -, with at least one letter and one digit, such as CSE-0142",
        "case-id-reads-as-plan-text" => "a Case ID that reads the same as text the papers print (an action Ref, a Code or a quarter); expected an ID of its own",
        "case-id-spellings" => "a Case ID written two ways in one log (counted as one child); expected one spelling",
        "age-out-of-range" => "expected an age in whole years from 0 to 24",
        "closed-before-received" => "Date closed is before Date received; expected on or after it",
        "closure-risk-without-date" => "Risk at closure is given without a Date closed (treated as open)",
        "received-after-quarter" => "Date received is after the quarter's end; expected within or before the quarter",
        "source-unknown" => "expected a referring agency Code of the plan, or Other",
        "referral-duplicate" => "the same referral (Case ID and Date received) twice in one log; expected one row",
        "under-13-assessed-low" => "a child under 13 assessed Low at referral; local guidance says review",
        "referral-log-ambiguous" => "several agencies send a Referrals sheet; expected Settings to say which keeps the log",
        "referrals-ignored" => "a Referrals sheet from an agency that does not keep the log (not counted)",
        "setting-out-of-range" => "a setting outside its range; expected a value in the range README gives",
        "count-too-large" => "expected a whole number from 0 to 1,000,000",
        "ratio-over-100" => "a ratio's numerator is larger than its denominator this quarter; expected no larger",
        "date-implausible" => "a date before 2000 or more than five years after the latest quarter; please check it",
        "file-not-regular" => "something named like a return that is not a regular file (a folder, link, pipe or device); expected a workbook",
        "folder-ignored" => "a sub-folder of a quarter's folder (sub-folders are not searched)",
        "return-missing" => "no return from this agency for the quarter",
        "text-not-shown" => "text with characters the PDF's fonts cannot show, such as emoji (each printed as �)",
        "action-reopened" => "an action reported Complete and later open again (the later status stands)",
        _ => FALLBACK_WORDING,
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

    /// The codes README's "Diagnostic codes" table documents: a row's first
    /// cell holds one or more codes in backticks.
    fn documented_codes() -> Vec<String> {
        let readme = include_str!("../README.md");
        let table = readme
            .split("### Diagnostic codes")
            .nth(1)
            .and_then(|rest| rest.split("\n#").next())
            .expect("README has a Diagnostic codes section");
        table
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .flat_map(|row| {
                let first_cell = row.split(" | ").next().unwrap_or_default();
                first_cell
                    .split('`')
                    .filter(|part| part.contains('-') && !part.contains(' '))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn every_documented_code_has_a_paper_wording_of_its_own() {
        let codes = documented_codes();
        assert!(codes.len() > 40, "{codes:?}");
        let unworded: Vec<&String> = codes
            .iter()
            .filter(|c| paper_wording(c) == FALLBACK_WORDING)
            .collect();
        assert!(unworded.is_empty(), "no paper wording for {unworded:?}");
    }

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
    fn a_referrals_value_is_never_quoted_but_own_words_are_kept() {
        let mut d = Diagnostics::new();
        let cell = Place::cell("csc.xlsx", "Referrals", "D2");
        d.error(
            cell.clone(),
            "age-out-of-range",
            "Age: found 31; expected 0 to 24",
        );
        d.warning(
            cell,
            "column-unknown",
            "the column “Amber Kettleworth” is not part",
        );
        d.error(
            Place::sheet("csc.xlsx", "Referrals"),
            "column-missing",
            "the sheet has no column “Age”",
        );
        d.error(
            Place::cell("police.xlsx", "Measures", "B2"),
            "count-invalid",
            "Value: found “twelve”",
        );
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(messages[0].starts_with("expected an age") && !messages[0].contains("31"));
        assert!(!messages[1].contains("Kettleworth"));
        assert!(messages[2].contains("“Age”"));
        assert!(
            messages[3].contains("twelve"),
            "other sheets may quote the value"
        );
        assert!(d.iter().all(|d| !d.paper_message().contains("twelve")));
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
