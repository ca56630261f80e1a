//! The typed contexts handed to the report templates: every figure, sentence
//! and table row a report shows, taken from the metrics and tracking modules
//! and formatted for reading. Arranges and words; computes no figure and
//! never carries a Case ID or referral free text.

pub mod annual;
pub mod phrasing;
pub mod quarterly;
pub mod return_template;
pub mod template;
pub mod tracker;
pub mod words;

use serde::Serialize;

/// One input file, for the data-sources appendix and the cover's fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    /// As the user named it, e.g. `data/returns/2015-16-Q2/police.xlsx`.
    pub file: String,
    /// Agency code, or `Plan` for the delivery plan.
    pub agency: String,
    /// The agency's name as the plan gives it (what a reader sees), or `Plan`.
    pub agency_name: String,
    /// Date completed (returns), `dd/mm/yyyy`, or empty.
    pub date_completed: String,
    /// First 12 hex digits of the file's SHA-256.
    pub sha256_short: String,
    #[serde(skip)]
    pub sha256: String,
}

/// A short fingerprint of all the inputs: the first 12 hex digits of the
/// SHA-256 of their contents' SHA-256s in order, so two copies of a paper can be
/// told apart. Content only: the same files give the same fingerprint wherever
/// they are kept.
pub fn fingerprint(sources: &[Source]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for s in sources {
        h.update(s.sha256.as_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A table cell with an optional RAG fill: the word is always printed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RagCell {
    pub text: String,
    /// `red`, `amber`, `green`, `blue`, `grey`.
    pub rag: Option<crate::rag::Rag>,
}

/// A chart's data, ready to draw: one value per category per series; a value
/// with no number (not available, suppressed) is a label drawn in place of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChartData {
    /// `stacked`, `grouped` or `line`.
    pub kind: &'static str,
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// A horizontal target line (line charts).
    pub target: Option<f64>,
    pub y_label: String,
    /// Printed under the chart (what its symbols mean), or none.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<ChartPoint>,
    /// `#RRGGBB`.
    pub colour: String,
    /// Per value, whether it lacks a reporter's value (README, "Incomplete
    /// figures"): drawn hatched or hollow and labelled `[i]`. Empty when none is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<bool>,
}

impl Series {
    /// Whether any value of the series is incomplete.
    pub fn any_incomplete(&self) -> bool {
        self.incomplete.iter().any(|i| *i)
    }
}

/// The note under a chart with an incomplete value.
pub const INCOMPLETE_CHART_NOTE: &str = "[i] incomplete: an agency's value is missing (no return, or left blank), so the figure counts only what came in; its bar is hatched, its point hollow. The measures table says whose value is missing.";

/// Adds the incomplete note to a chart that has an incomplete value.
pub(crate) fn with_incomplete_note(mut chart: ChartData) -> ChartData {
    if chart.series.iter().any(Series::any_incomplete) {
        chart.note = Some(match chart.note.take() {
            Some(note) if !note.is_empty() => format!("{INCOMPLETE_CHART_NOTE} {note}"),
            _ => INCOMPLETE_CHART_NOTE.to_string(),
        });
    }
    chart
}

/// One value of a chart: a number, or the symbol printed where its bar or
/// point would be (`[x]` not available, `[c]` suppressed). In the chart's
/// JSON a number or a string.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ChartPoint {
    Number(f64),
    Label(String),
}

impl From<Option<f64>> for ChartPoint {
    /// A number, or `[x]` (not available) when there is none.
    fn from(value: Option<f64>) -> ChartPoint {
        match value {
            Some(n) => ChartPoint::Number(n),
            None => ChartPoint::Label(crate::metrics::Cell::NotAvailable.to_string()),
        }
    }
}

/// A ratio's figures are percentages.
pub(crate) fn is_percent(m: &crate::model::Measure) -> bool {
    matches!(m.kind, crate::model::MeasureKind::Ratio { .. })
}

/// A target with its direction (`≥ 80.0%`, `≤ 60`), or empty without one.
pub(crate) fn target_text(m: &crate::model::Measure, target: Option<f64>) -> String {
    let Some(t) = target else {
        return String::new();
    };
    let sign = match m.better {
        Some(crate::model::Better::Higher) => "≥ ",
        Some(crate::model::Better::Lower) => "≤ ",
        None => "",
    };
    if is_percent(m) {
        format!("{sign}{t:.1}%")
    } else {
        let shown = if t.fract() == 0.0 && t >= 0.0 {
            words::thousands(t as u64)
        } else {
            format!("{t:.1}")
        };
        format!("{sign}{shown}")
    }
}

/// The marker after a figure in a table that lacks a reporter's value: `6 [i]`
/// (README, "Incomplete figures"); the row's note says whose.
pub const INCOMPLETE_MARK: &str = "[i]";

/// The note under a table that holds an `[i]`.
pub const INCOMPLETE_TABLE_NOTE: &str = "[i] incomplete: an agency's value is missing (no return, or left blank), so the figure counts only what came in and is not rated against its target; the row's note says whose value is missing.";

/// A figure for a table: its value, with `[i]` when a reporter's value is
/// missing (not after `[x]`: nothing is shown to be partial).
pub(crate) fn marked_figure(f: &crate::metrics::Figure, percent: bool) -> String {
    let shown = words::figure(f.cell, percent);
    if f.missing.is_empty() || f.cell.number().is_none() {
        shown
    } else {
        format!("{shown} {INCOMPLETE_MARK}")
    }
}

/// An agency's name for a reader (the plan's Name), its code when it has none.
pub(crate) fn agency_name(dataset: &crate::model::Dataset, code: &str) -> String {
    dataset
        .plan
        .agency(code)
        .map(|a| a.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| code.to_string())
}

/// `Incomplete: Youth Offending Service (no return), Royal United Hospital
/// (blank)`, or empty when nothing is missing.
pub(crate) fn incomplete_note(
    f: &crate::metrics::Figure,
    dataset: &crate::model::Dataset,
) -> String {
    if !f.incomplete || f.missing.is_empty() {
        return String::new();
    }
    format!("Incomplete: {}", missing_who(dataset, &f.missing))
}

/// How many agencies a note names before it says only how many are missing:
/// a list of ten names under one figure would bury the table.
const NAMED_IN_A_NOTE: usize = 3;

/// `Youth Offending Service (no return), AWP (blank)`, or past
/// `NAMED_IN_A_NOTE` agencies, `values from 10 agencies missing (see Data
/// quality)`.
pub(crate) fn missing_who(
    dataset: &crate::model::Dataset,
    missing: &[crate::metrics::Missing],
) -> String {
    if missing.len() > NAMED_IN_A_NOTE {
        return format!(
            "values from {} agencies missing (see Data quality)",
            phrasing::number(missing.len() as u64)
        );
    }
    let who: Vec<String> = missing
        .iter()
        .map(|m| format!("{} ({})", agency_name(dataset, &m.agency), m.reason.label()))
        .collect();
    who.join(", ")
}

pub(crate) fn rag_cell(rag: Option<crate::rag::Rag>) -> RagCell {
    RagCell {
        text: rag.map(|r| r.label().to_string()).unwrap_or_default(),
        rag,
    }
}

/// The word for a figure held to a target that is not rated because a
/// reporter's value is missing.
pub const INCOMPLETE_RATING: &str = "Incomplete";

/// A RAG cell, or — when the figure could not be rated for want of a
/// reporter's value — "Incomplete" on a neutral (grey) fill, never a colour.
pub(crate) fn rating_cell(rag: Option<crate::rag::Rag>, unrated_incomplete: bool) -> RagCell {
    match rag {
        None if unrated_incomplete => RagCell {
            text: INCOMPLETE_RATING.to_string(),
            rag: Some(crate::rag::Rag::Grey),
        },
        _ => rag_cell(rag),
    }
}

impl RagCell {
    /// A red, amber or green rating (not "Incomplete", not a blank).
    pub fn is_rated(&self) -> bool {
        use crate::rag::Rag;
        matches!(self.rag, Some(Rag::Red | Rag::Amber | Rag::Green))
    }

    pub fn is_incomplete(&self) -> bool {
        self.text == INCOMPLETE_RATING
    }
}

/// Every input file of a dataset: the plan, then the returns in order.
pub fn sources(dataset: &crate::model::Dataset) -> Vec<Source> {
    let plan = &dataset.plan;
    let short = |sha: &str| sha.get(..12).unwrap_or(sha).to_string();
    std::iter::once(Source {
        file: plan.file.clone(),
        agency: "Plan".to_string(),
        agency_name: "Plan".to_string(),
        date_completed: String::new(),
        sha256_short: short(&plan.sha256),
        sha256: plan.sha256.clone(),
    })
    .chain(dataset.returns.iter().map(|r| Source {
        file: r.file.clone(),
        agency: r.agency.clone(),
        agency_name: agency_name(dataset, &r.agency),
        date_completed: r.date_completed.map(words::short_date).unwrap_or_default(),
        sha256_short: short(&r.sha256),
        sha256: r.sha256.clone(),
    }))
    .collect()
}
