//! Section 7: referrals — new referrals by risk over recent quarters, the
//! quarter's breakdowns, caseload, MARAC, re-referrals and closures.

use crate::metrics::{Breakdowns, DateRange, Dimension, ReferralLog, ReferralMetrics};
use crate::model::Dataset;
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::{words, ChartData, ChartPoint, Series};
use serde::Serialize;

/// How many quarters the risk chart looks back, at most.
const TREND_QUARTERS: usize = 8;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferralSection {
    /// False when no agency keeps a referral log, or when its keeper's return
    /// for the quarter has not come in (the section then says so in `said`).
    pub has_log: bool,
    /// The section's opening sentence: "12 new referrals were received in
    /// 2015-16 Q2.", "No new referrals were received in …", or why there are
    /// no referral figures.
    pub said: String,
    /// New referrals in the quarter, as a figure.
    pub new: String,
    /// New referrals by risk at referral over up to eight quarters (stacked bars).
    pub risk_chart: ChartData,
    /// Labelled figures: open caseload at quarter end, MARAC, re-referrals,
    /// closures, closures with risk reduced, median days open, rate per 10,000.
    pub facts: Vec<Fact>,
    /// New referrals by source, risk, age band, gender and looked-after status.
    pub breakdowns: Vec<BreakdownTable>,
    /// True when Settings gives the child population (rates are shown).
    pub rates: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownTable {
    /// `Source`, `Risk at referral`, `Age band`, `Gender`, `Looked after`.
    pub title: String,
    pub rows: Vec<BreakdownLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownLine {
    pub label: String,
    pub count: String,
    /// Per 10,000 children aged 0–17, or empty.
    pub rate: String,
}

/// The section's first sentence, in the phrasing module's number style.
fn opening(
    dataset: &Dataset,
    keeper: Option<&str>,
    log_in: bool,
    new: u64,
    quarter: Quarter,
) -> String {
    use crate::report::phrasing::{counted, sentence_start, was_were};
    match keeper {
        None => "No agency keeps a referral log in these returns, so there are no referral figures.".to_string(),
        Some(k) if !log_in => format!(
            "The referral log comes with the return from {}, which has not come in for {quarter}, so there are no referral figures for it.",
            crate::report::agency_name(dataset, k)
        ),
        Some(_) if new == 0 => format!(
            "No new referrals were received in {quarter}, so there is no breakdown of new referrals by source, risk, age, gender or looked-after status."
        ),
        Some(_) => format!(
            "{} {} received in {quarter}.",
            sentence_start(&counted(new, "new referral", "new referrals")),
            was_were(new)
        ),
    }
}

fn metrics_for(dataset: &Dataset, q: Quarter) -> ReferralMetrics {
    ReferralLog::as_at(dataset, q).metrics(DateRange::quarter(q))
}

pub fn section(dataset: &Dataset, quarter: Quarter) -> ReferralSection {
    let log = ReferralLog::as_at(dataset, quarter);
    let m = log.metrics(DateRange::quarter(quarter));
    let breakdowns = Breakdowns::of(&log, &[DateRange::quarter(quarter)], &dataset.plan);
    let population = dataset.plan.settings.child_population;
    let keeper = dataset.referral_log_agency.as_deref();
    let log_in = keeper.is_some_and(|k| {
        dataset
            .returns
            .iter()
            .any(|r| r.agency == k && r.quarter == quarter)
    });
    ReferralSection {
        has_log: log_in,
        said: opening(dataset, keeper, log_in, m.new, quarter),
        new: words::thousands(m.new),
        risk_chart: risk_chart(dataset, quarter),
        facts: facts(&m, population),
        // With no new referrals, five tables of zeros would say nothing
        // that the opening sentence has not said.
        breakdowns: breakdowns
            .dimensions()
            .iter()
            .filter(|_| m.new > 0)
            .map(|(dimension, cats)| BreakdownTable {
                title: dimension.title().to_string(),
                rows: cats
                    .iter()
                    .map(|c| BreakdownLine {
                        // A source is an agency code (or Other): named for a reader.
                        label: if *dimension == Dimension::Source {
                            crate::report::agency_name(dataset, &c.label)
                        } else {
                            c.label.clone()
                        },
                        count: words::thousands(c.count),
                        rate: c
                            .rate_per_10k
                            .map(|r| format!("{r:.1}"))
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
        rates: population.is_some(),
    }
}

fn facts(m: &ReferralMetrics, population: Option<u64>) -> Vec<Fact> {
    let fact = |label: &str, value: String| Fact {
        label: label.to_string(),
        value,
    };
    let mut out = vec![
        fact("New referrals", words::thousands(m.new)),
        fact(
            "Open at the end of the quarter",
            words::thousands(m.open_end),
        ),
        fact(
            "New referrals discussed at the CSE MARAC",
            words::thousands(m.marac),
        ),
        fact(
            "New referrals of looked-after children",
            words::thousands(m.lac),
        ),
        fact(
            "Re-referrals within 12 months of closure",
            words::thousands(m.rereferral),
        ),
        fact("Referrals closed", words::thousands(m.closed)),
        fact(
            "Closed with risk reduced",
            words::thousands(m.closed_reduced),
        ),
        fact(
            "Median days open, of those closed",
            // Whole days: a median of an even count may fall on a half day,
            // which a reader takes for a measured fraction.
            m.median_days_open
                .map(|d| words::thousands(d.round().max(0.0) as u64))
                .unwrap_or_else(|| "[z]".into()),
        ),
    ];
    if let Some(rate) = crate::metrics::breakdowns::rate_per_10k(m.new, population) {
        out.push(fact(
            "New referrals per 10,000 children",
            format!("{rate:.1}"),
        ));
    }
    out
}

fn risk_chart(dataset: &Dataset, quarter: Quarter) -> ChartData {
    let first = dataset.quarters().first().copied().unwrap_or(quarter);
    let mut quarters = vec![quarter];
    while quarters.len() < TREND_QUARTERS && quarters[quarters.len() - 1].prev() >= first {
        let earlier = quarters[quarters.len() - 1].prev();
        quarters.push(earlier);
    }
    quarters.reverse();
    let per_quarter: Vec<ReferralMetrics> =
        quarters.iter().map(|q| metrics_for(dataset, *q)).collect();
    let series = |name: &str, rag: Rag, pick: fn(&ReferralMetrics) -> u64| Series {
        name: name.to_string(),
        values: per_quarter
            .iter()
            .map(|m| ChartPoint::Number(pick(m) as f64))
            .collect(),
        colour: rag.colour().to_string(),
        // From the referral log, whole or not there at all (README).
        incomplete: Vec::new(),
    };
    ChartData {
        kind: "stacked",
        title: "New referrals by risk at referral".to_string(),
        categories: quarters.iter().map(|q| q.to_string()).collect(),
        series: vec![
            series("High", Rag::Red, |m| m.new_high),
            series("Medium", Rag::Amber, |m| m.new_medium),
            series("Low", Rag::Green, |m| m.new_low),
        ],
        target: None,
        y_label: "Referrals".to_string(),
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn median_shown(days: Option<f64>) -> String {
        let m = ReferralMetrics {
            median_days_open: days,
            ..ReferralMetrics::default()
        };
        facts(&m, None)
            .into_iter()
            .find(|f| f.label.starts_with("Median days open"))
            .map(|f| f.value)
            .unwrap_or_default()
    }

    #[test]
    fn the_median_days_open_is_whole_days() {
        let cases: [(Option<f64>, &str); 6] = [
            (Some(0.0), "0"),
            (Some(1.0), "1"),
            (Some(2.5), "3"),
            (Some(155.0), "155"),
            (Some(1_204.0), "1,204"),
            (None, "[z]"),
        ];
        for (days, shown) in cases {
            assert_eq!(median_shown(days), shown, "{days:?}");
        }
    }
}
