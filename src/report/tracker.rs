//! What the quarter's tracker workbook holds (`tracker.xlsx`, data-contract.md
//! §3): every action with its status history, every catalogue measure across
//! the quarters as each quarter's paper showed it, the returns received and
//! the run's diagnostics, chosen from the computed figures and tracking. Pure;
//! the workbook is drawn by `render::xlsx::tracker`, which chooses nothing.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::metrics::{quarter_values, Cell, Figure, Missing};
use crate::model::{Better, Dataset, MeasureKind, Strand};
use crate::period::Quarter;
use crate::quality::{returns_received, ReturnRecord};
use crate::rag::Rag;
use crate::tracking::{quarters_tracked, ActionState, Tracking};
use chrono::NaiveDate;

/// The tracker's file name in the quarter's folder.
pub const FILE_NAME: &str = "tracker.xlsx";

/// Everything the tracker shows, chosen from the computed figures.
#[derive(Clone, Debug)]
pub struct Tracker {
    pub quarter: Quarter,
    pub as_of: NaiveDate,
    pub board: String,
    pub sub_group: String,
    pub protective_marking: String,
    pub return_deadline_days: u32,
    /// The measure columns: every quarter from the first with returns through
    /// `quarter` (just `quarter` when no return comes before it).
    pub quarters: Vec<Quarter>,
    /// In the catalogue's order.
    pub measures: Vec<MeasureRow>,
    /// The status history columns: every quarter from the first with returns
    /// through the as-of date's quarter.
    pub history_quarters: Vec<Quarter>,
    /// In the plan's order.
    pub actions: Vec<ActionState>,
    /// Latest quarter first, agencies in the plan's order.
    pub returns: Vec<ReturnRecord>,
    /// Every diagnostic of the run, by file, sheet and cell.
    pub diagnostics: Vec<Diagnostic>,
}

/// One catalogue measure across the quarters.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    pub code: String,
    pub label: String,
    pub strand: Strand,
    /// `count`, `ratio` or `referral`, as the catalogue says.
    pub kind: &'static str,
    /// A ratio: its values and target are percentages.
    pub percentage: bool,
    /// One per `Tracker::quarters`, each as that quarter's paper showed it.
    pub values: Vec<Figure>,
    /// One per `Tracker::quarters`: a ratio's exact fraction (numerator ÷
    /// denominator, unrounded) where both parts are counts, stored in the cell
    /// so the number format does the rounding; `None` elsewhere.
    pub exact: Vec<Option<f64>>,
    pub target: Option<f64>,
    pub better: Option<Better>,
    /// The tracker's quarter against the target; `None` when it has no
    /// target or is `unrated` for want of a reporter's value.
    pub rag: Option<Rag>,
    /// Held to a target but not rated, because an agency's value is missing:
    /// the RAG cell says "Incomplete" on a neutral fill.
    pub unrated: bool,
    /// The tracker's quarter: which agencies' values are missing and why, e.g.
    /// `YOS (no return), AWP (blank)`; `None` when the figure is complete.
    pub incomplete: Option<String>,
}

/// Chooses the tracker's rows for `quarter`. `tracking` is the actions' state as
/// of the tracker's as-of date; `diagnostics` every diagnostic of the run.
pub fn prepare(
    dataset: &Dataset,
    quarter: Quarter,
    tracking: &Tracking,
    diagnostics: &Diagnostics,
) -> Tracker {
    let settings = &dataset.plan.settings;
    let mut quarters = quarters_tracked(dataset, quarter);
    if quarters.is_empty() {
        quarters.push(quarter);
    }
    let mut returns = returns_received(dataset, &quarters);
    // Stable: agencies keep the plan's order within each quarter.
    returns.sort_by_key(|r| std::cmp::Reverse(r.quarter));
    Tracker {
        quarter,
        as_of: tracking.as_of,
        board: settings.board.clone(),
        sub_group: settings.sub_group.clone(),
        protective_marking: settings.protective_marking.clone(),
        return_deadline_days: settings.return_deadline_days,
        measures: measure_rows(dataset, &quarters),
        quarters,
        history_quarters: quarters_tracked(dataset, tracking.quarter),
        actions: tracking.states.clone(),
        returns,
        // As a paper shows them: no input text quoted, no stray file named.
        diagnostics: crate::diagnostics::for_papers(diagnostics, dataset.files_read()),
    }
}

/// A ratio's unrounded fraction from its parts' counts, when the figure shown
/// is a number and both parts are counts (`None` otherwise: the rounded
/// figure is then stored, without float noise).
fn exact_ratio(
    kind: &MeasureKind,
    all: &std::collections::BTreeMap<String, Figure>,
    figure: &Figure,
) -> Option<f64> {
    let MeasureKind::Ratio {
        numerator,
        denominator,
    } = kind
    else {
        return None;
    };
    let count = |code: &String| match all.get(code).map(|f| f.cell) {
        Some(Cell::Count(n)) => Some(n),
        _ => None,
    };
    match (figure.cell, count(numerator), count(denominator)) {
        // Counts are at most 1,000,000: exact in f64, and the quotient is the
        // nearest double to the true fraction.
        (Cell::Decimal(_), Some(n), Some(d)) if d > 0 => Some(n as f64 / d as f64),
        _ => None,
    }
}

fn measure_rows(dataset: &Dataset, quarters: &[Quarter]) -> Vec<MeasureRow> {
    let by_quarter: Vec<_> = quarters
        .iter()
        .map(|&q| quarter_values(dataset, q))
        .collect();
    dataset
        .plan
        .measures
        .iter()
        .map(|measure| {
            let values: Vec<Figure> = by_quarter
                .iter()
                .map(|values| {
                    values
                        .get(&measure.code)
                        .cloned()
                        .unwrap_or_else(Figure::not_available)
                })
                .collect();
            let current = values.last().cloned().unwrap_or_else(Figure::not_available);
            let exact = by_quarter
                .iter()
                .zip(&values)
                .map(|(all, figure)| exact_ratio(&measure.kind, all, figure))
                .collect();
            MeasureRow {
                code: measure.code.clone(),
                label: measure.label.clone(),
                strand: measure.strand,
                kind: match measure.kind {
                    MeasureKind::Count { .. } => "count",
                    MeasureKind::Ratio { .. } => "ratio",
                    MeasureKind::Referral => "referral",
                },
                percentage: matches!(measure.kind, MeasureKind::Ratio { .. }),
                rag: crate::metrics::targets::quarter_rag(
                    measure,
                    &current,
                    &dataset.plan.settings,
                ),
                unrated: crate::metrics::targets::unrated_incomplete(measure, &current),
                incomplete: incomplete_note(&current),
                values,
                exact,
                target: measure.target,
                better: measure.better,
            }
        })
        .collect()
}

/// `YOS (no return), AWP (blank)`: whose value the figure lacks, and why.
fn incomplete_note(figure: &Figure) -> Option<String> {
    if !figure.incomplete {
        return None;
    }
    if figure.missing.is_empty() {
        return Some("incomplete".into());
    }
    let named: Vec<String> = figure
        .missing
        .iter()
        .map(|Missing { agency, reason, .. }| format!("{agency} ({})", reason.label()))
        .collect();
    Some(named.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::q;

    #[test]
    fn several_missing_agencies_are_listed_in_order() {
        let figure = Figure {
            cell: Cell::Count(4),
            incomplete: true,
            missing: vec![
                Missing {
                    quarter: q(2015, 1),
                    agency: "YOS".into(),
                    reason: crate::metrics::MissingReason::NoReturn,
                },
                Missing {
                    quarter: q(2015, 1),
                    agency: "AWP".into(),
                    reason: crate::metrics::MissingReason::Blank,
                },
            ],
        };
        assert_eq!(
            incomplete_note(&figure).as_deref(),
            Some("YOS (no return), AWP (blank)")
        );
        assert_eq!(incomplete_note(&Figure::complete(Cell::Count(4))), None);
    }
}
