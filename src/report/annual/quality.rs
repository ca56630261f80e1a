//! Data quality and definitions: each agency's return for each quarter of the
//! year, the published figures that are incomplete, and what every published
//! measure counts and how its year is made.

use super::figures::PublishedYear;
use crate::metrics::rollup::YearMethod;
use crate::model::{Dataset, Measure, MeasureKind, ReportedBy};
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::{target_text, words, RagCell};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearQuality {
    /// Column headings: the year's four quarters, `Q1` to `Q4`.
    pub quarters: Vec<String>,
    /// One row per agency that submits returns (or sent one).
    pub returns: Vec<YearReturnRow>,
    /// Returns received and expected over the quarters with data.
    pub received: usize,
    pub expected: usize,
    /// Returns received after the deadline.
    pub late: usize,
    /// The same in words: "Agencies sent 23 of the 24 returns expected for the
    /// quarters with data; none came in after the deadline."
    pub sentence: String,
    /// Published figures for the year with values missing:
    /// `Measure — YOS (no return, Q1)`.
    pub incomplete: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearReturnRow {
    pub agency: String,
    pub name: String,
    /// One per quarter: `Received` (green), `Late` (amber), `Missing` (red), or
    /// `Not collected` (grey) for a quarter in which no agency sent a return.
    pub statuses: Vec<RagCell>,
}

/// What a published measure is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Definition {
    pub label: String,
    pub strand: String,
    /// What it counts and who reports it.
    pub definition: String,
    /// How the year's figure is made from the quarters.
    pub year_rule: String,
    /// The quarterly target with its direction, or empty.
    pub target: String,
}

pub fn section(dataset: &Dataset, now: &PublishedYear, published: &[&Measure]) -> YearQuality {
    let quarters = now.rollup.quarters;
    let with_data = &now.rollup.quarters_with_data;
    let records = crate::quality::returns_received(dataset, &quarters);
    let mut returns: Vec<YearReturnRow> = Vec::new();
    for r in &records {
        let status = status(r, with_data);
        match returns.iter_mut().find(|row| row.agency == r.agency) {
            Some(row) => row.statuses.push(status),
            None => returns.push(YearReturnRow {
                agency: r.agency.clone(),
                name: r.agency_name.clone(),
                statuses: vec![status],
            }),
        }
    }
    let counted = records.iter().filter(|r| with_data.contains(&r.quarter));
    let (received, expected, late) = counted.fold((0, 0, 0), |(rec, exp, late), r| {
        (
            rec + usize::from(r.received()),
            exp + usize::from(r.expected),
            late + usize::from(r.late == Some(true)),
        )
    });
    YearQuality {
        sentence: returns_sentence(received, expected, late),
        quarters: quarters
            .iter()
            .map(|q| format!("Q{}", q.number()))
            .collect(),
        returns: filled(returns, quarters.len()),
        received,
        expected,
        late,
        incomplete: published
            .iter()
            .filter_map(|m| {
                let y = now.year_figure(&m.code)?;
                (!y.figure.missing.is_empty()).then(|| {
                    format!(
                        "{} — {}",
                        m.label,
                        super::measures::missing_list(dataset, &y.figure.missing)
                    )
                })
            })
            .collect(),
    }
}

fn returns_sentence(received: usize, expected: usize, late: usize) -> String {
    use crate::report::phrasing::{counted, number};
    let sent = match (received, expected) {
        (_, 1) if received == 1 => "Agencies sent the 1 return expected".to_string(),
        (r, e) if r == e => format!("Agencies sent all {} returns expected", number(e as u64)),
        (0, e) => format!(
            "Agencies sent none of the {} returns expected",
            number(e as u64)
        ),
        (r, e) => format!(
            "Agencies sent {} of the {} returns expected",
            number(r as u64),
            number(e as u64)
        ),
    };
    let late = match late {
        0 => "none came in after the deadline".to_string(),
        n => format!(
            "{} came in after the deadline",
            counted(n as u64, "return", "returns")
        ),
    };
    format!("{sent} for the quarters with data; {late}.")
}

/// An agency that sent returns in some quarters only still has a cell for every quarter.
fn filled(rows: Vec<YearReturnRow>, quarters: usize) -> Vec<YearReturnRow> {
    rows.into_iter()
        .map(|mut row| {
            row.statuses.resize(
                quarters,
                RagCell {
                    text: "Not expected".to_string(),
                    rag: Some(Rag::Grey),
                },
            );
            row
        })
        .collect()
}

fn status(r: &crate::quality::ReturnRecord, with_data: &[Quarter]) -> RagCell {
    let (text, rag) = match (r.received(), r.late) {
        (true, Some(true)) => ("Late", Rag::Amber),
        (true, _) => ("Received", Rag::Green),
        (false, _) if !with_data.contains(&r.quarter) => ("Not collected", Rag::Grey),
        (false, _) if r.expected => ("Missing", Rag::Red),
        (false, _) => ("Not expected", Rag::Grey),
    };
    RagCell {
        text: text.to_string(),
        rag: Some(rag),
    }
}

/// What each `REF_*` code counts (the data contract's wording).
const REFERRAL_DEFINITIONS: [(&str, &str); 11] = [
    ("REF_NEW", "referrals received in the period"),
    (
        "REF_NEW_HIGH",
        "new referrals assessed as high risk at referral",
    ),
    (
        "REF_NEW_MEDIUM",
        "new referrals assessed as medium risk at referral",
    ),
    (
        "REF_NEW_LOW",
        "new referrals assessed as low risk at referral",
    ),
    (
        "REF_OPEN_END",
        "referrals open on the last day of the period",
    ),
    (
        "REF_REREFERRAL",
        "new referrals of a child whose earlier referral closed within the 12 months before",
    ),
    ("REF_MARAC", "new referrals discussed at the CSE MARAC"),
    ("REF_LAC", "new referrals of looked-after children"),
    ("REF_CLOSED", "referrals closed in the period"),
    (
        "REF_CLOSED_REDUCED",
        "referrals closed in the period with risk lower than at referral",
    ),
    (
        "REF_MEDIAN_DAYS_OPEN",
        "the median number of days from referral to closure, of the referrals closed in the period",
    ),
];

pub fn definitions(
    dataset: &Dataset,
    now: &PublishedYear,
    published: &[&Measure],
) -> Vec<Definition> {
    published
        .iter()
        .map(|m| Definition {
            label: m.label.clone(),
            strand: m.strand.label().to_string(),
            definition: definition(dataset, m),
            year_rule: now
                .year_figure(&m.code)
                .map(|y| year_rule(y.method))
                .unwrap_or_default()
                .to_string(),
            target: target_text(m, m.target)
                + match m.target {
                    Some(_) => " each quarter",
                    None => "",
                },
        })
        .collect()
}

fn definition(dataset: &Dataset, m: &Measure) -> String {
    let plan = &dataset.plan;
    let label = |code: &str| {
        plan.measure(code)
            .map_or_else(|| code.to_string(), |x| x.label.clone())
    };
    match &m.kind {
        MeasureKind::Count { reported_by } => match reported_by {
            ReportedBy::All => {
                "Count: the sum of the values reported by every agency that sends a return."
                    .to_string()
            }
            ReportedBy::Agencies(codes) => {
                let names: Vec<String> = codes
                    .iter()
                    .map(|c| crate::report::agency_name(dataset, c))
                    .collect();
                format!(
                    "Count: the sum of the values reported by {}.",
                    words::listed(&names)
                )
            }
        },
        MeasureKind::Ratio {
            numerator,
            denominator,
        } => format!(
            "Percentage: {} as a share of {}.",
            label(numerator),
            crate::report::phrasing::lower_first(&label(denominator))
        ),
        MeasureKind::Referral => {
            let meaning = REFERRAL_DEFINITIONS
                .iter()
                .find(|(code, _)| *code == m.code)
                .map_or("a figure", |(_, text)| text);
            format!(
                "From the referral log kept by {}: {meaning}.",
                dataset.referral_log_agency.as_deref().map_or_else(
                    || "the referral log agency".to_string(),
                    |k| crate::report::agency_name(dataset, k)
                )
            )
        }
    }
}

/// "Return home interviews offered" → "return home interviews offered", but
/// "CSE referrals" stays as it is.
fn year_rule(method: YearMethod) -> &'static str {
    match method {
        YearMethod::Sum => "Sum of the quarters",
        YearMethod::Last => "The last quarter's figure",
        YearMethod::Mean => "Mean of the quarters",
        YearMethod::Direct => "Over the whole year's closures",
        YearMethod::Ratio => "The year's numerator ÷ the year's denominator",
    }
}
