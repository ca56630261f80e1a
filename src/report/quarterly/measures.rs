//! Section 2's headline table and section 8's measures by strand.

use crate::metrics::targets::unrated_incomplete;
use crate::metrics::{self, Figure, MeasureTrend};
use crate::model::{Dataset, Measure, MeasureKind, Strand};
use crate::period::Quarter;
use crate::report::{
    incomplete_note, is_percent, marked_figure, missing_who, rating_cell, target_text, words,
    ChartData, ChartPoint, RagCell, Series, INCOMPLETE_MARK, INCOMPLETE_TABLE_NOTE,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Referral measures that lead the headline table when the catalogue has them.
const HEADLINE_REFERRALS: [&str; 3] = ["REF_NEW", "REF_NEW_HIGH", "REF_OPEN_END"];
/// How many quarters a strand table and trend chart look back.
const QUARTERS_SHOWN: usize = 4;

/// One key measure in the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeadlineRow {
    pub code: String,
    pub label: String,
    pub this_quarter: String,
    pub previous: String,
    /// `+4`, `−3`, `+2.5 pts`, or empty when either value is missing.
    pub change: String,
    /// The target with its direction (`≥ 80.0%`, `≤ 60`), or empty.
    pub target: String,
    pub rag: RagCell,
    /// `Incomplete: Youth Offending Service (no return)` or empty.
    pub note: String,
}

/// One measure in a strand's table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureLine {
    pub code: String,
    pub label: String,
    /// One value per column of `StrandMeasures::quarters`.
    pub values: Vec<String>,
    pub target: String,
    /// RAG of this quarter's value against the target.
    pub rag: RagCell,
    pub note: String,
}

/// Section 8: one strand's measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrandMeasures {
    pub strand: String,
    /// Column headings, oldest first, ending with the report's quarter.
    pub quarters: Vec<String>,
    pub measures: Vec<MeasureLine>,
    /// A trend chart for each measure with a target.
    pub charts: Vec<ChartData>,
    /// What `[i]` means, when a value of the table carries it; else empty.
    pub note: String,
}

fn headline_row(dataset: &Dataset, m: &Measure, t: &MeasureTrend) -> HeadlineRow {
    let pct = is_percent(m);
    HeadlineRow {
        code: m.code.clone(),
        label: m.label.clone(),
        this_quarter: marked_figure(&t.current, pct),
        previous: marked_figure(&t.previous_quarter, pct),
        change: t
            .on_previous_quarter
            .as_ref()
            .map(|c| {
                let partial =
                    !t.current.missing.is_empty() || !t.previous_quarter.missing.is_empty();
                let shown = words::change(c.difference, pct);
                if partial {
                    format!("{shown} {INCOMPLETE_MARK}")
                } else {
                    shown
                }
            })
            .unwrap_or_default(),
        target: target_text(m, m.target),
        rag: rating_cell(t.rag, unrated_incomplete(m, &t.current)),
        note: incomplete_note(&t.current, dataset),
    }
}

/// The headline table and the strand tables for `quarter`.
pub fn sections(dataset: &Dataset, quarter: Quarter) -> (Vec<HeadlineRow>, Vec<StrandMeasures>) {
    let trends = metrics::trends(dataset, quarter);
    let plan = &dataset.plan;
    let mut headline: Vec<HeadlineRow> = HEADLINE_REFERRALS
        .iter()
        .filter_map(|code| {
            Some(headline_row(
                dataset,
                plan.measure(code)?,
                trends.get(*code)?,
            ))
        })
        .collect();
    headline.extend(
        plan.measures
            .iter()
            .filter(|m| m.target.is_some() && !HEADLINE_REFERRALS.contains(&m.code.as_str()))
            .filter_map(|m| Some(headline_row(dataset, m, trends.get(&m.code)?))),
    );
    let columns = shown_quarters(dataset, quarter);
    let values: BTreeMap<Quarter, BTreeMap<String, Figure>> = columns
        .iter()
        .map(|q| (*q, metrics::quarter_values(dataset, *q)))
        .collect();
    let strands = Strand::ALL
        .iter()
        .filter_map(|s| strand_section(dataset, *s, &columns, &values, &trends))
        .collect();
    (headline, strands)
}

/// `INCOMPLETE_TABLE_NOTE` when one of `values` carries the `[i]` marker.
pub(crate) fn table_note<'a>(mut values: impl Iterator<Item = &'a String>) -> String {
    if values.any(|v| v.ends_with(INCOMPLETE_MARK)) {
        INCOMPLETE_TABLE_NOTE.to_string()
    } else {
        String::new()
    }
}

/// A strand row's note over every quarter shown, newest first: `Incomplete
/// in 2015-16 Q2: AWP (blank); in 2015-16 Q1: Project 28 (no return)`.
fn columns_note<'a>(
    dataset: &Dataset,
    columns: &[Quarter],
    figure: impl Fn(&Quarter) -> Option<&'a Figure>,
) -> String {
    let each: Vec<String> = columns
        .iter()
        .rev()
        .filter_map(|q| figure(q).map(|f| (q, f)))
        .filter(|(_, f)| !f.missing.is_empty())
        .map(|(q, f)| format!("in {q}: {}", missing_who(dataset, &f.missing)))
        .collect();
    if each.is_empty() {
        String::new()
    } else {
        format!("Incomplete {}", each.join("; "))
    }
}

/// Up to `QUARTERS_SHOWN` quarters ending at `quarter`, none before the first with returns.
fn shown_quarters(dataset: &Dataset, quarter: Quarter) -> Vec<Quarter> {
    let first = dataset.quarters().first().copied().unwrap_or(quarter);
    let mut q = quarter;
    let mut out = vec![q];
    while out.len() < QUARTERS_SHOWN && q.prev() >= first {
        q = q.prev();
        out.push(q);
    }
    out.reverse();
    out
}

fn strand_section(
    dataset: &Dataset,
    strand: Strand,
    columns: &[Quarter],
    values: &BTreeMap<Quarter, BTreeMap<String, Figure>>,
    trends: &BTreeMap<String, MeasureTrend>,
) -> Option<StrandMeasures> {
    let measures: Vec<&Measure> = dataset
        .plan
        .measures
        .iter()
        .filter(|m| m.strand == strand && !matches!(m.kind, MeasureKind::Referral))
        .collect();
    if measures.is_empty() {
        return None;
    }
    let figure = |q: &Quarter, code: &str| values.get(q).and_then(|v| v.get(code));
    let cell = |q: &Quarter, code: &str| figure(q, code).map(|f| f.cell);
    let lines: Vec<MeasureLine> = measures
        .iter()
        .map(|m| MeasureLine {
            code: m.code.clone(),
            label: m.label.clone(),
            values: columns
                .iter()
                .map(|q| match figure(q, &m.code) {
                    Some(f) => marked_figure(f, is_percent(m)),
                    None => words::figure(metrics::Cell::NotAvailable, is_percent(m)),
                })
                .collect(),
            target: target_text(m, m.target),
            rag: trends
                .get(&m.code)
                .map(|t| rating_cell(t.rag, unrated_incomplete(m, &t.current)))
                .unwrap_or_else(|| rating_cell(None, false)),
            note: columns_note(dataset, columns, |q| figure(q, &m.code)),
        })
        .collect();
    let charts = measures
        .iter()
        .filter(|m| m.target.is_some())
        .map(|m| {
            let incomplete = columns
                .iter()
                .map(|q| {
                    figure(q, &m.code)
                        .is_some_and(|f| !f.missing.is_empty() && f.cell.number().is_some())
                })
                .collect();
            crate::report::with_incomplete_note(ChartData {
                kind: "line",
                title: m.label.clone(),
                categories: columns.iter().map(|q| q.to_string()).collect(),
                series: vec![Series {
                    name: m.label.clone(),
                    values: columns
                        .iter()
                        .map(|q| ChartPoint::from(cell(q, &m.code).and_then(|c| c.number())))
                        .collect(),
                    colour: "#1D70B8".to_string(),
                    incomplete,
                }],
                target: m.target,
                y_label: if is_percent(m) {
                    "%".to_string()
                } else {
                    "Count".to_string()
                },
                note: None,
            })
        })
        .collect();
    let note = table_note(lines.iter().flat_map(|l: &MeasureLine| &l.values));
    Some(StrandMeasures {
        note,
        strand: strand.label().to_string(),
        quarters: columns.iter().map(|q| q.to_string()).collect(),
        measures: lines,
        charts,
    })
}
