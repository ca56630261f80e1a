//! `boardpack check`: read and validate the inputs and print every diagnostic,
//! grouped by file (or as JSON). Writes nothing.

use super::{Failure, Outcome, INPUT_ERRORS};
use crate::cli::Common;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::period::Quarter;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(common: &Common, quarter: Option<&str>, json: bool) -> Outcome {
    let only = quarter
        .map(Quarter::parse)
        .transpose()
        .map_err(Failure::Usage)?;
    let loaded = crate::read::load(&common.plan, &common.data, only)?;
    let diags = &loaded.diagnostics;
    if json {
        println!("{}", to_json(diags));
    } else {
        print!("{}", grouped(diags));
        println!("{}", summary(diags, loaded.files));
    }
    Ok(if diags.has_errors() {
        ExitCode::from(INPUT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The diagnostics as a JSON array of {severity, file, sheet, cell, code, message}.
pub fn to_json(diags: &Diagnostics) -> String {
    serde_json::to_string_pretty(&diags.sorted()).unwrap_or_else(|_| "[]".to_string())
}

/// Every diagnostic under its file's name, in reading order.
pub fn grouped(diags: &Diagnostics) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in diags.sorted() {
        if current != Some(d.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", d.file);
            current = Some(d.file.as_str());
        }
        let _ = writeln!(out, "  {}", line(d));
    }
    if current.is_some() {
        out.push('\n');
    }
    out
}

fn line(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error  ",
        Severity::Warning => "warning",
    };
    let at = match (&d.sheet, &d.cell) {
        (Some(s), Some(c)) => format!("{s} › {c}"),
        (Some(s), None) => s.clone(),
        _ => "(file)".to_string(),
    };
    format!("{severity} {at}: {} [{}]", d.message, d.code)
}

pub fn summary(diags: &Diagnostics, files: usize) -> String {
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let verdict = if errors > 0 {
        "fix the errors, then run check again; no report can be written until then"
    } else {
        "the inputs can be used"
    };
    format!(
        "{} checked: {}, {} — {verdict}.",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
