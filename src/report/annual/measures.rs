//! The year at a glance (published measures by quarter and for the year,
//! against target and the previous year), new referrals and their
//! breakdowns, and each strand's measures with trend charts — all from the
//! suppressed figures of [`PublishedYear`].

use super::figures::{self, PublishedYear};
use crate::metrics::targets::{year_rag, year_target};
use crate::metrics::{Missing, YearFigure};
use crate::model::{Dataset, Measure, Strand};
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::{is_percent, rag_cell, target_text, words, ChartData, RagCell, Series};
use serde::Serialize;

/// One published measure for the year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureYearRow {
    pub code: String,
    pub label: String,
    pub strand: String,
    /// One figure per quarter of the year, Q1 to Q4 (`[x]` without data).
    pub quarters: Vec<String>,
    /// The year's figure, rolled up as the catalogue says.
    pub year: String,
    /// The target for the year with its direction, or empty.
    pub target: String,
    /// RAG of the year against its target; `[c]` when the figure is suppressed.
    pub rag: RagCell,
    /// Last year's published figure (`[x]` without data).
    pub previous: String,
    /// Change on last year: `+4`, `−2.5 pts`, `[c]`, `[x]`, `[z]` (not comparable).
    pub change: String,
    /// What a reader must know: which quarters a part-year figure covers when
    /// it differs from the table's, and whose values are missing.
    pub note: String,
}

/// The year's new referrals: by risk each quarter, and five breakdowns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferralYear {
    /// New referrals by risk at referral, Q1 to Q4 (stacked bars).
    pub risk_chart: ChartData,
    /// Source, risk at referral, age band, gender, looked after.
    pub breakdowns: Vec<BreakdownYear>,
    /// True when Settings gives the child population (rates are shown).
    pub rates: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownYear {
    pub title: String,
    /// The categories, then `All new referrals`.
    pub rows: Vec<BreakdownYearRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownYearRow {
    pub label: String,
    pub count: String,
    /// Per 10,000 children aged 0–17, or empty.
    pub rate: String,
}

/// The published measures of the catalogue, by strand, in catalogue order.
pub fn published_measures(dataset: &Dataset) -> Vec<&Measure> {
    Strand::ALL
        .iter()
        .flat_map(|s| {
            dataset
                .plan
                .measures
                .iter()
                .filter(move |m| m.publish && m.strand == *s)
        })
        .collect()
}

/// A row for every published measure.
pub fn rows(dataset: &Dataset, now: &PublishedYear, before: &PublishedYear) -> Vec<MeasureYearRow> {
    published_measures(dataset)
        .into_iter()
        .map(|m| row(dataset, m, now, before))
        .collect()
}

fn row(
    dataset: &Dataset,
    m: &Measure,
    now: &PublishedYear,
    before: &PublishedYear,
) -> MeasureYearRow {
    let pct = is_percent(m);
    let year_cell = now.year(&m.code);
    let year_figure = now.year_figure(&m.code);
    let rag = if figures::is_suppressed(year_cell) {
        RagCell {
            text: "[c]".to_string(),
            rag: None,
        }
    } else {
        rag_cell(year_figure.and_then(|y| year_rag(m, y, &dataset.plan.settings)))
    };
    MeasureYearRow {
        code: m.code.clone(),
        label: m.label.clone(),
        strand: m.strand.label().to_string(),
        quarters: now
            .rollup
            .quarters
            .iter()
            .map(|q| figures::text(now.quarter(&m.code, *q), pct))
            .collect(),
        year: figures::text(year_cell, pct),
        target: year_figure
            .map(|y| target_text(m, year_target(m, y)))
            .unwrap_or_default(),
        rag,
        previous: figures::text(before.year(&m.code), pct),
        change: figures::change_text(
            m,
            (year_cell, year_figure),
            (before.year(&m.code), before.year_figure(&m.code)),
        ),
        note: year_figure
            .map(|y| year_note(y, &now.rollup.quarters_with_data))
            .unwrap_or_default(),
    }
}

/// `part year: Q4` when a figure covers other quarters than the year's data,
/// and `incomplete: YOS (no return, Q1)` when values are missing.
fn year_note(y: &YearFigure, quarters_with_data: &[Quarter]) -> String {
    let mut parts = Vec::new();
    if y.covers != quarters_with_data {
        parts.extend(y.coverage_note());
    }
    if !y.figure.missing.is_empty() {
        parts.push(format!("incomplete: {}", missing_list(&y.figure.missing)));
    }
    words::capitalise(&parts.join("; "))
}

fn missing_list(missing: &[Missing]) -> String {
    let each: Vec<String> = missing
        .iter()
        .map(|m| format!("{} ({}, Q{})", m.agency, m.reason.label(), m.quarter.q))
        .collect();
    each.join(", ")
}

const RISKS: [(&str, &str, Rag); 3] = [
    ("REF_NEW_HIGH", "High", Rag::Red),
    ("REF_NEW_MEDIUM", "Medium", Rag::Amber),
    ("REF_NEW_LOW", "Low", Rag::Green),
];

/// New referrals of the year, when the catalogue publishes them and a
/// referral log came in.
pub fn referrals(
    dataset: &Dataset,
    now: &PublishedYear,
    symbols_note: &str,
) -> Option<ReferralYear> {
    let published = |code: &str| dataset.plan.measure(code).is_some_and(|m| m.publish);
    if !published("REF_NEW") || now.rollup.referral_quarters.is_empty() {
        return None;
    }
    let quarters = now.rollup.quarters;
    let risk_chart = ChartData {
        kind: "stacked",
        title: format!("New referrals by risk at referral, {}", now.rollup.year),
        categories: quarters.iter().map(|q| format!("Q{}", q.q)).collect(),
        series: RISKS
            .iter()
            .filter(|(code, _, _)| published(code))
            .map(|(code, name, rag)| Series {
                name: name.to_string(),
                values: quarters
                    .iter()
                    .map(|q| figures::point(now.quarter(code, *q)))
                    .collect(),
                colour: rag.colour().to_string(),
            })
            .collect(),
        target: None,
        y_label: "Referrals".to_string(),
        note: Some(symbols_note.to_string()),
    };
    let breakdowns = now
        .tables
        .breakdowns
        .as_ref()
        .map(|b| {
            let line = |row: &crate::metrics::published::BreakdownRow| BreakdownYearRow {
                label: row.label.clone(),
                count: figures::text(now.at(row.count), false),
                rate: row
                    .rate
                    .map(|r| figures::text(now.at(r), false))
                    .unwrap_or_default(),
            };
            b.sections
                .iter()
                .map(|s| BreakdownYear {
                    title: s.title.to_string(),
                    rows: s.rows.iter().chain([&b.total]).map(line).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(ReferralYear {
        risk_chart: if risk_chart.series.is_empty() {
            return None;
        } else {
            risk_chart
        },
        breakdowns,
        rates: dataset.plan.settings.child_population.is_some(),
    })
}

/// Trend charts of a strand's published measures that have a target: each
/// quarter of this year beside the same quarter of last year (when last year
/// has data), with the quarterly target.
pub fn charts(
    dataset: &Dataset,
    strand: Strand,
    now: &PublishedYear,
    before: &PublishedYear,
    symbols_note: &str,
) -> Vec<ChartData> {
    published_measures(dataset)
        .into_iter()
        .filter(|m| m.strand == strand && m.target.is_some())
        .map(|m| {
            let series = |year: &PublishedYear, colour: &str| Series {
                name: year.rollup.year.to_string(),
                values: year
                    .rollup
                    .quarters
                    .iter()
                    .map(|q| figures::point(year.quarter(&m.code, *q)))
                    .collect(),
                colour: colour.to_string(),
            };
            let mut all = Vec::new();
            if before.has_data() {
                all.push(series(before, Rag::Grey.colour()));
            }
            all.push(series(now, Rag::Blue.colour()));
            ChartData {
                kind: "grouped",
                title: format!("{}, by quarter", m.label),
                categories: now
                    .rollup
                    .quarters
                    .iter()
                    .map(|q| format!("Q{}", q.q))
                    .collect(),
                series: all,
                target: m.target,
                y_label: if is_percent(m) { "%" } else { "Count" }.to_string(),
                note: Some(symbols_note.to_string()),
            }
        })
        .collect()
}
