//! `boardpack check`: read and validate the inputs and print every diagnostic,
//! grouped by file (or as JSON), then each quarter's returns: how many came
//! and who is missing, judged as of a date. Writes nothing.

use super::{Outcome, INPUT_ERRORS};
use crate::chase::{self, QuarterReturns};
use crate::cli::Common;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::terminal::{escape, escape_lines};
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(common: &Common, quarter: Option<&str>, as_of: Option<&str>, json: bool) -> Outcome {
    let (only, as_of) = super::quarter_and_as_of(quarter, as_of)?;
    let loaded = crate::read::load(&common.plan, &common.data, only)?;
    let folders = crate::read::quarter_folders(&common.data)?;
    let quarters = chase::quarters_to_report(&folders, only);
    let returns = match &loaded.dataset {
        Some(dataset) => chase::returns_by_quarter(dataset, &quarters, &folders, as_of),
        None => Vec::new(),
    };
    let mut diags = loaded.diagnostics.clone();
    diags.extend(chase::missing_diagnostics(&returns, &common.data));
    if json {
        println!("{}", to_json(&diags, &returns));
    } else {
        print!("{}", grouped(&diags));
        print!("{}", returns_summary(&returns, &common.data));
        println!("{}", verdict(&diags, loaded.files, &returns));
    }
    Ok(if diags.has_errors() {
        ExitCode::from(INPUT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The diagnostics as a JSON array of {severity, file, sheet, cell, code,
/// message}; a `return-missing` object also carries `quarter`, `agency`,
/// `deadline` (ISO date), `days_late` (negative: not yet due), and its
/// quarter's `quarter_received` of `quarter_expected` returns (the summary
/// line's counts; a quarter with none missing has every return in).
pub fn to_json(diags: &Diagnostics, returns: &[QuarterReturns]) -> String {
    let missing: Vec<(&QuarterReturns, &chase::MissingReturn)> = returns
        .iter()
        .flat_map(|q| q.missing.iter().map(move |m| (q, m)))
        .collect();
    let values: Vec<serde_json::Value> = diags
        .sorted()
        .into_iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or_default();
            if d.code == "return-missing" {
                let found = missing
                    .iter()
                    .find(|(q, m)| chase::missing_message(m, q.as_of) == d.message);
                if let (Some((q, m)), Some(obj)) = (found, v.as_object_mut()) {
                    obj.insert("quarter".into(), serde_json::json!(m.quarter));
                    obj.insert("agency".into(), serde_json::json!(m.agency));
                    obj.insert("deadline".into(), serde_json::json!(m.deadline));
                    obj.insert("days_late".into(), serde_json::json!(m.days_late));
                    obj.insert("quarter_received".into(), serde_json::json!(q.received));
                    obj.insert("quarter_expected".into(), serde_json::json!(q.expected));
                }
            }
            v
        })
        .collect();
    serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".to_string())
}

/// Every diagnostic under its file's name, in reading order. File names and
/// messages (which may quote input values) are escaped for the terminal.
pub fn grouped(diags: &Diagnostics) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in diags.sorted() {
        if current != Some(d.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", escape(&d.file));
            current = Some(d.file.as_str());
        }
        let _ = writeln!(out, "  {}", line(d));
    }
    if current.is_some() {
        out.push('\n');
    }
    out
}

/// `warning: Return › B5: …` — the place inside the file, or the message alone
/// when the problem is the file (or folder) as a whole.
fn line(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let at = match (&d.sheet, &d.cell) {
        (Some(s), Some(c)) => format!(" {} › {}", escape(s), escape(c)),
        (Some(s), None) => format!(" {}", escape(s)),
        _ => String::new(),
    };
    format!(
        "{severity}{at}: {} [{}]",
        escape_lines(&d.message).replace('\n', " "),
        d.code
    )
}

/// One line per quarter: returns received of those expected, and who is missing.
fn returns_summary(returns: &[QuarterReturns], data: &std::path::Path) -> String {
    if returns.is_empty() {
        return String::new();
    }
    let mut out = format!("Returns, as of {}:\n", returns[0].as_of.format("%d/%m/%Y"));
    for q in returns {
        let _ = writeln!(out, "  {}", chase::summary_line(q, data));
    }
    out.push('\n');
    out
}

/// The closing line of `check`: the counts and what they mean for the chair.
fn verdict(diags: &Diagnostics, files: usize, returns: &[QuarterReturns]) -> String {
    let counts = counts_line(diags, files);
    if diags.has_errors() {
        return format!(
            "{counts} — fix the errors, then run check again; no report can be written until then."
        );
    }
    if returns.is_empty() {
        return format!(
            "{counts} — the plan can be used, but there are no quarter folders with returns to check yet."
        );
    }
    let empty: Vec<String> = returns
        .iter()
        .filter(|q| q.expected > 0 && q.received == 0)
        .map(|q| q.quarter.to_string())
        .collect();
    let missing: usize = returns.iter().map(|q| q.missing.len()).sum();
    if !empty.is_empty() {
        return format!(
            "{counts} — no returns have come for {} yet: there is nothing to report for {}; the returns listed above are missing.",
            empty.join(", "),
            if empty.len() == 1 { "it" } else { "them" }
        );
    }
    if missing > 0 {
        let (what, pronoun) = if missing == 1 {
            ("1 return is".to_string(), "it")
        } else {
            (format!("{missing} returns are"), "them")
        };
        return format!(
            "{counts} — the inputs can be used, but {what} missing (listed above): chase {pronoun}, or the report will show {pronoun} as missing."
        );
    }
    format!("{counts} — the inputs can be used.")
}

/// `13 files checked: 0 errors, 1 warning`.
fn counts_line(diags: &Diagnostics, files: usize) -> String {
    format!(
        "{} checked: {}, {}",
        chase::count(files as i64, "file"),
        chase::count(diags.count(Severity::Error) as i64, "error"),
        chase::count(diags.count(Severity::Warning) as i64, "warning")
    )
}

/// The closing line when the inputs have errors (printed by the other
/// commands as they stop).
pub fn summary(diags: &Diagnostics, files: usize) -> String {
    format!(
        "{} — fix the errors, then run check again; no report can be written until then.",
        counts_line(diags, files)
    )
}
