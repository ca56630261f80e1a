//! The year at a glance (published measures by quarter and for the year,
//! against target and the previous year), new referrals and their
//! breakdowns, and each strand's measures with trend charts — all from the
//! suppressed figures of [`PublishedYear`].

use super::figures::{self, PublishedYear};
use crate::metrics::disclosure::SYMBOLS_NOTE;
use crate::metrics::targets::{unrated_incomplete, year_rag, year_target};
use crate::metrics::{Dimension, Missing, YearFigure};
use crate::model::{Dataset, Measure, Strand};
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::{
    agency_name, is_percent, rating_cell, target_text, words, ChartData, ChartPoint, RagCell,
    Series,
};
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
    /// New referrals in each quarter of the year, beside last year's when
    /// there are any (grouped bars); null when every figure of it is
    /// withheld or missing (see `by_quarter_sentence`).
    pub by_quarter: Option<ChartData>,
    /// Instead of a chart with nothing to draw: why there is none.
    pub by_quarter_sentence: Option<String>,
    /// Source, risk at referral, age band, gender, looked after.
    pub breakdowns: Vec<BreakdownYear>,
    /// True when Settings gives the child population (rates are shown).
    pub rates: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownYear {
    /// `Source`, `Risk at referral`, `Age band`, `Gender`, `Looked after`.
    pub title: String,
    /// The same for a caption: `source agency`, `risk at referral`, `age band`,
    /// `gender`, `looked-after status`.
    pub by: String,
    /// The categories, then `All new referrals`.
    pub rows: Vec<BreakdownYearRow>,
    /// Why some of its `[c]` protect another figure, or empty.
    pub note: String,
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
pub fn rows(dataset: &Dataset, now: &PublishedYear) -> Vec<MeasureYearRow> {
    published_measures(dataset)
        .into_iter()
        .map(|m| row(dataset, m, now))
        .collect()
}

fn row(dataset: &Dataset, m: &Measure, now: &PublishedYear) -> MeasureYearRow {
    let pct = is_percent(m);
    let year_cell = now.year(&m.code);
    let year_figure = now.year_figure(&m.code);
    let rag = if figures::is_suppressed(year_cell) && m.target.is_some() {
        RagCell {
            text: "[c]".to_string(),
            rag: None,
        }
    } else {
        let rag = year_figure.and_then(|y| year_rag(m, y, &dataset.plan.settings));
        rating_cell(
            rag,
            year_figure.is_some_and(|y| unrated_incomplete(m, &y.figure)),
        )
    };
    MeasureYearRow {
        code: m.code.clone(),
        label: m.label.clone(),
        strand: m.strand.label().to_string(),
        quarters: now
            .rollup
            .quarters
            .iter()
            .map(|q| {
                let shown = figures::text(now.quarter(&m.code, *q), pct);
                marked(shown, year_figure.is_some_and(|y| lacks(y, Some(*q))))
            })
            .collect(),
        year: marked(
            figures::text(year_cell, pct),
            year_figure.is_some_and(|y| lacks(y, None)),
        ),
        target: year_figure
            .map(|y| target_text(m, year_target(m, y)))
            .unwrap_or_default(),
        rag,
        previous: figures::text(now.previous(&m.code), pct),
        change: now.change_text(m),
        note: year_figure
            .map(|y| year_note(dataset, y, &now.rollup.quarters_with_data))
            .unwrap_or_default(),
    }
}

/// Whether a reporter's value is missing from the year's figure (`None`) or
/// from one quarter of it.
fn lacks(y: &YearFigure, quarter: Option<Quarter>) -> bool {
    y.figure
        .missing
        .iter()
        .any(|m| quarter.is_none_or(|q| m.quarter == q))
}

/// A shown figure with `[i]` after it when it is incomplete; a symbol
/// (`[c]`, `[x]`) stays as it is, since nothing of it is shown to be partial.
fn marked(shown: String, incomplete: bool) -> String {
    if incomplete && !shown.starts_with('[') {
        // A no-break space: the mark never wraps away from its figure in a
        // narrow quarter column.
        format!("{shown}\u{a0}{}", crate::report::INCOMPLETE_MARK)
    } else {
        shown
    }
}

/// Whether any figure of `rows` carries the `[i]` mark.
pub fn any_incomplete(rows: &[MeasureYearRow]) -> bool {
    let mark = crate::report::INCOMPLETE_MARK;
    rows.iter()
        .any(|r| r.year.ends_with(mark) || r.quarters.iter().any(|q| q.ends_with(mark)))
}

/// `part year: Q4` when a figure covers other quarters than the year's data,
/// and `incomplete: YOS (no return, Q1)` when values are missing.
fn year_note(dataset: &Dataset, y: &YearFigure, quarters_with_data: &[Quarter]) -> String {
    let mut parts = Vec::new();
    if y.covers != quarters_with_data {
        parts.extend(y.coverage_note());
    }
    if !y.figure.missing.is_empty() {
        parts.push(format!(
            "incomplete: {}",
            missing_list(dataset, &y.figure.missing)
        ));
    }
    words::capitalise(&parts.join("; "))
}

/// Agencies by name, as a reader of the published report knows them.
pub(crate) fn missing_list(dataset: &Dataset, missing: &[Missing]) -> String {
    let each: Vec<String> = missing
        .iter()
        .map(|m| {
            format!(
                "{} ({}, Q{})",
                agency_name(dataset, &m.agency),
                m.reason.label(),
                m.quarter.number()
            )
        })
        .collect();
    each.join(", ")
}

/// New referrals of the year, when the catalogue publishes them and a
/// referral log came in.
pub fn referrals(
    dataset: &Dataset,
    now: &PublishedYear,
    before: &PublishedYear,
) -> Option<ReferralYear> {
    let published = |code: &str| dataset.plan.measure(code).is_some_and(|m| m.publish);
    if !published("REF_NEW") || now.rollup.referral_quarters.is_empty() {
        return None;
    }
    let mut series = Vec::new();
    if !before.rollup.referral_quarters.is_empty() {
        series.push(quarter_series(before, "REF_NEW", Rag::Grey));
    }
    series.push(quarter_series(now, "REF_NEW", Rag::Blue));
    let (by_quarter, by_quarter_sentence) = drawn_or_said(with_symbols_note(ChartData {
        kind: "grouped",
        title: format!("New referrals by quarter, {}", now.rollup.year),
        categories: quarter_names(now),
        series,
        target: None,
        y_label: "Referrals".to_string(),
        note: None,
    }));
    let breakdowns = now
        .tables
        .breakdowns
        .as_ref()
        .map(|b| {
            let line = |row: &crate::metrics::published::BreakdownRow| BreakdownYearRow {
                label: dataset
                    .plan
                    .agency(&row.label)
                    .map_or_else(|| row.label.clone(), |a| a.name.clone()),
                count: figures::text(now.at(row.count), false),
                rate: row
                    .rate
                    .map(|r| figures::text(now.at(r), false))
                    .unwrap_or_default(),
            };
            b.sections
                .iter()
                .map(|s| {
                    let cells: Vec<usize> = s
                        .rows
                        .iter()
                        .chain([&b.total])
                        .flat_map(|r| std::iter::once(r.count).chain(r.rate))
                        .collect();
                    BreakdownYear {
                        title: s.dimension.title().to_string(),
                        by: caption_words(s.dimension),
                        rows: s.rows.iter().chain([&b.total]).map(line).collect(),
                        note: now.protection_note(&cells).unwrap_or_default(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some(ReferralYear {
        by_quarter,
        by_quarter_sentence,
        breakdowns,
        rates: dataset.plan.settings.child_population.is_some(),
    })
}

/// Trend charts of a strand's published measures that have a target: each
/// quarter of this year beside the same quarter of last year (when last year
/// has data), with the quarterly target. A chart with nothing to draw is a
/// sentence instead (the second list).
pub fn charts(
    dataset: &Dataset,
    strand: Strand,
    now: &PublishedYear,
    before: &PublishedYear,
) -> (Vec<ChartData>, Vec<String>) {
    let mut charts = Vec::new();
    let mut sentences = Vec::new();
    for m in published_measures(dataset)
        .into_iter()
        .filter(|m| m.strand == strand && m.target.is_some())
    {
        let mut series = Vec::new();
        if before.has_data() {
            series.push(quarter_series(before, &m.code, Rag::Grey));
        }
        series.push(quarter_series(now, &m.code, Rag::Blue));
        let chart = with_symbols_note(ChartData {
            kind: "grouped",
            title: format!("{}, by quarter", m.label),
            categories: quarter_names(now),
            series,
            target: m.target,
            y_label: if is_percent(m) { "%" } else { "Count" }.to_string(),
            note: None,
        });
        let mut chart = crate::report::with_incomplete_note(chart);
        let cells = now.measure_cells(&[m.code.as_str()]);
        if let (Some(note), Some(protection)) = (&mut chart.note, now.protection_note(&cells)) {
            note.push(' ');
            note.push_str(&protection);
        }
        let (drawn, said) = drawn_or_said(chart);
        charts.extend(drawn);
        sentences.extend(said);
    }
    (charts, sentences)
}

fn quarter_names(year: &PublishedYear) -> Vec<String> {
    year.rollup
        .quarters
        .iter()
        .map(|q| format!("Q{}", q.number()))
        .collect()
}

/// A year's published figures of `code`, Q1 to Q4, named by the year.
fn quarter_series(year: &PublishedYear, code: &str, rag: Rag) -> Series {
    Series {
        name: year.rollup.year.to_string(),
        values: year
            .rollup
            .quarters
            .iter()
            .map(|q| figures::point(year.quarter(code, *q)))
            .collect(),
        colour: rag.colour().to_string(),
        incomplete: year
            .rollup
            .quarters
            .iter()
            .map(|q| {
                let shown = matches!(
                    figures::point(year.quarter(code, *q)),
                    ChartPoint::Number(_)
                );
                shown && year.year_figure(code).is_some_and(|y| lacks(y, Some(*q)))
            })
            .collect(),
    }
}

/// A chart with at least one number to draw, or else the sentence that
/// replaces it: a chart of nothing but symbols would say nothing.
pub fn drawn_or_said(chart: ChartData) -> (Option<ChartData>, Option<String>) {
    let labels: Vec<&str> = chart
        .series
        .iter()
        .flat_map(|s| &s.values)
        .map(|v| match v {
            ChartPoint::Label(l) => Some(l.as_str()),
            ChartPoint::Number(_) => None,
        })
        .collect::<Option<Vec<&str>>>()
        .unwrap_or_default();
    if labels.is_empty() {
        return (Some(chart), None);
    }
    (
        None,
        Some(crate::report::phrasing::no_chart_drawn(
            &chart.title,
            &labels,
        )),
    )
}

/// A chart that prints a symbol in place of a bar says what the symbols mean.
fn with_symbols_note(mut chart: ChartData) -> ChartData {
    let has_symbol = chart
        .series
        .iter()
        .flat_map(|s| &s.values)
        .any(|v| matches!(v, ChartPoint::Label(_)));
    if has_symbol {
        chart.note = Some(SYMBOLS_NOTE.to_string());
    }
    chart
}

fn caption_words(dimension: Dimension) -> String {
    match dimension {
        Dimension::Source => "source agency".to_string(),
        Dimension::LookedAfter => "looked-after status".to_string(),
        other => other.title().to_lowercase(),
    }
}
