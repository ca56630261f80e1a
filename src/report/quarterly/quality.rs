//! Section 9: data quality — each agency's return for the quarter, measures
//! not provided, and the run's diagnostics.

use crate::diagnostics::{Diagnostics, Severity};
use crate::metrics::{self, MissingReason};
use crate::model::Dataset;
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::{words, RagCell};
use serde::Serialize;

/// How many diagnostics the report lists before pointing to the tracker.
const FIRST_DIAGNOSTICS: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataQuality {
    /// One row per agency that submits returns (and any other that sent one).
    pub returns: Vec<ReturnRow>,
    /// How many returns came in, and how many were expected.
    pub received: usize,
    pub expected: usize,
    /// The quarter's deadline for returns, `15/10/2015`.
    pub deadline: String,
    /// `Measure label — AGENCY (no return)`, one per measure and agency.
    pub not_provided: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    /// The first diagnostics of the run, `file › sheet › cell: message`.
    pub first_diagnostics: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReturnRow {
    pub agency: String,
    pub name: String,
    /// `Received` (green), `Late` (amber) or `Missing` (red).
    pub status: RagCell,
    /// `dd/mm/yyyy`, or empty.
    pub date_completed: String,
}

pub fn section(dataset: &Dataset, quarter: Quarter, diags: &Diagnostics) -> DataQuality {
    let settings = &dataset.plan.settings;
    let deadline = quarter.end() + chrono::Duration::days(i64::from(settings.return_deadline_days));
    let returns: Vec<ReturnRow> = dataset
        .plan
        .agencies
        .iter()
        .filter(|a| a.submits_return || dataset.return_of(&a.code, quarter).is_some())
        .map(|a| {
            let r = dataset.return_of(&a.code, quarter);
            let (text, rag) = match r {
                None => ("Missing", Rag::Red),
                Some(r) if r.date_completed.is_some_and(|d| d > deadline) => ("Late", Rag::Amber),
                Some(_) => ("Received", Rag::Green),
            };
            ReturnRow {
                agency: a.code.clone(),
                name: a.name.clone(),
                status: RagCell {
                    text: text.to_string(),
                    rag: Some(rag),
                },
                date_completed: r
                    .and_then(|r| r.date_completed)
                    .map(words::short_date)
                    .unwrap_or_default(),
            }
        })
        .collect();
    DataQuality {
        received: returns
            .iter()
            .filter(|r| r.status.text != "Missing")
            .count(),
        expected: returns.len(),
        returns,
        deadline: words::short_date(deadline),
        not_provided: not_provided(dataset, quarter),
        errors: diags.count(Severity::Error),
        warnings: diags.count(Severity::Warning),
        first_diagnostics: diags
            .sorted()
            .iter()
            .take(FIRST_DIAGNOSTICS)
            .map(|d| format!("{}: {}", d.place(), d.message))
            .collect(),
    }
}

fn not_provided(dataset: &Dataset, quarter: Quarter) -> Vec<String> {
    let values = metrics::quarter_values(dataset, quarter);
    dataset
        .plan
        .measures
        .iter()
        .flat_map(|m| {
            values.get(&m.code).into_iter().flat_map(move |f| {
                f.missing.iter().map(move |miss| {
                    let why = match miss.reason {
                        MissingReason::NoReturn => "no return",
                        MissingReason::Blank => "left blank",
                    };
                    format!("{} — {} ({why})", m.label, miss.agency)
                })
            })
        })
        .collect()
}
