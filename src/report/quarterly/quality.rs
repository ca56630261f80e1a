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
    /// `Measure label — Agency name (no return)`, one per measure and agency.
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
    /// The return's file name, `proj28.xlsx`: the one received, or the one
    /// the data contract expects (the code in lower case) when it is missing.
    /// The only place the chair's paper shows a code: it finds the file.
    pub file: String,
    /// `Received` (green), `Late` (amber) or `Missing` (red).
    pub status: RagCell,
    /// `dd/mm/yyyy`, or empty.
    pub date_completed: String,
}

pub fn section(dataset: &Dataset, quarter: Quarter, diags: &Diagnostics) -> DataQuality {
    let records = crate::quality::returns_received(dataset, &[quarter]);
    let returns: Vec<ReturnRow> = records
        .iter()
        .map(|r| {
            let (text, rag) = match (r.received(), r.late) {
                (false, _) => ("Missing", Rag::Red),
                (true, Some(true)) => ("Late", Rag::Amber),
                (true, _) => ("Received", Rag::Green),
            };
            ReturnRow {
                agency: r.agency.clone(),
                name: crate::report::agency_name(dataset, &r.agency),
                file: return_file(r),
                status: RagCell {
                    text: text.to_string(),
                    rag: Some(rag),
                },
                date_completed: r.date_completed.map(words::short_date).unwrap_or_default(),
            }
        })
        .collect();
    let deadline =
        crate::quality::return_deadline(quarter, dataset.plan.settings.return_deadline_days);
    DataQuality {
        received: records.iter().filter(|r| r.received()).count(),
        expected: records.len(),
        returns,
        deadline: words::short_date(deadline),
        not_provided: not_provided(dataset, quarter),
        errors: diags.count(Severity::Error),
        warnings: diags.count(Severity::Warning),
        first_diagnostics: crate::diagnostics::for_papers(diags, dataset.files_read())
            .iter()
            .take(FIRST_DIAGNOSTICS)
            .map(|d| format!("{}: {}", d.place(), d.message))
            .collect(),
    }
}

/// The file name of a return, as received or as expected.
fn return_file(r: &crate::quality::ReturnRecord) -> String {
    match &r.file {
        Some(path) => path.rsplit(['/', '\\']).next().unwrap_or(path).to_string(),
        None => crate::report::return_template::file_name(&r.agency),
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
                    let who = crate::report::agency_name(dataset, &miss.agency);
                    format!("{} — {who} ({why})", m.label)
                })
            })
        })
        .collect()
}
