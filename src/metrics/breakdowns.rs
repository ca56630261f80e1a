//! New referrals of a period broken down by source agency, risk at referral, age
//! band, gender and looked-after status, with rates per 10,000 children.
//! Pure: counts rows of the merged log; never exposes a Case ID.

use super::{round1, DateRange, ReferralLog};
use crate::model::{Gender, Plan, Referral, Risk};
use serde::Serialize;
use std::collections::BTreeMap;

/// The contract's age bands. Ages above 24 cannot pass validation; should one
/// reach here it falls in the oldest band so every referral is counted once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AgeBand {
    Under13,
    From13To15,
    From16To17,
    From18To24,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under13,
        AgeBand::From13To15,
        AgeBand::From16To17,
        AgeBand::From18To24,
    ];

    /// Ages in whole years at referral: 0–12, 13–15, 16–17, 18 and over.
    pub fn of_age(age: u8) -> AgeBand {
        match age {
            0..=12 => AgeBand::Under13,
            13..=15 => AgeBand::From13To15,
            16..=17 => AgeBand::From16To17,
            _ => AgeBand::From18To24,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under13 => "Under 13",
            AgeBand::From13To15 => "13–15",
            AgeBand::From16To17 => "16–17",
            AgeBand::From18To24 => "18–24",
        }
    }
}

/// A way new referrals are broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Source,
    Risk,
    AgeBand,
    Gender,
    LookedAfter,
}

impl Dimension {
    /// The breakdown's title in tables.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Source => "Source",
            Dimension::Risk => "Risk at referral",
            Dimension::AgeBand => "Age band",
            Dimension::Gender => "Gender",
            Dimension::LookedAfter => "Looked after",
        }
    }
}

impl Serialize for Dimension {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.title())
    }
}

/// The looked-after breakdown's category of children looked after.
pub const LOOKED_AFTER: &str = "Yes";

/// One row of a breakdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Category {
    pub label: String,
    pub count: u64,
    /// Per 10,000 children aged 0–17, one decimal; `None` without a population.
    pub rate_per_10k: Option<f64>,
}

/// New referrals of a period, and the same referrals five ways. Every breakdown's
/// counts add up to `total.count`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breakdowns {
    pub total: Category,
    /// Every agency of the plan in the plan's order, then any other code found,
    /// alphabetically, then `Other`.
    pub by_source: Vec<Category>,
    /// High, Medium, Low (and `None`, only if some row has it).
    pub by_risk: Vec<Category>,
    pub by_age_band: Vec<Category>,
    /// Female, Male, Other, Not known.
    pub by_gender: Vec<Category>,
    /// Yes, No.
    pub by_looked_after: Vec<Category>,
}

impl Breakdowns {
    /// New referrals received in `ranges`, counted from `log`.
    pub fn of(log: &ReferralLog<'_>, ranges: &[DateRange], plan: &Plan) -> Breakdowns {
        let rows = log.new_referrals(ranges);
        let population = plan.settings.child_population;
        let category = |label: &str, count: usize| Category {
            label: label.to_string(),
            count: count as u64,
            rate_per_10k: rate_per_10k(count as u64, population),
        };
        let tally =
            |matches: &dyn Fn(&Referral) -> bool| rows.iter().filter(|r| matches(r)).count();
        let by_risk = [Risk::High, Risk::Medium, Risk::Low, Risk::None]
            .into_iter()
            .map(|risk| (risk, tally(&|r| r.risk_at_referral == risk)))
            .filter(|(risk, n)| *risk != Risk::None || *n > 0)
            .map(|(risk, n)| category(risk.label(), n))
            .collect();
        Breakdowns {
            total: category("All new referrals", rows.len()),
            by_source: by_source(plan, &rows)
                .into_iter()
                .map(|(label, n)| category(&label, n))
                .collect(),
            by_risk,
            by_age_band: AgeBand::ALL
                .iter()
                .map(|band| category(band.label(), tally(&|r| AgeBand::of_age(r.age) == *band)))
                .collect(),
            by_gender: Gender::ALL
                .iter()
                .map(|g| category(g.label(), tally(&|r| r.gender == *g)))
                .collect(),
            by_looked_after: [(LOOKED_AFTER, true), ("No", false)]
                .iter()
                .map(|(label, lac)| category(label, tally(&|r| r.looked_after == *lac)))
                .collect(),
        }
    }

    /// The five breakdowns, in report order.
    pub fn dimensions(&self) -> [(Dimension, &[Category]); 5] {
        [
            (Dimension::Source, &self.by_source),
            (Dimension::Risk, &self.by_risk),
            (Dimension::AgeBand, &self.by_age_band),
            (Dimension::Gender, &self.by_gender),
            (Dimension::LookedAfter, &self.by_looked_after),
        ]
    }
}

/// `count` per 10,000 of `population`, one decimal; `None` without a population.
pub fn rate_per_10k(count: u64, population: Option<u64>) -> Option<f64> {
    population
        .filter(|p| *p > 0)
        .map(|p| round1(count as f64 / p as f64 * 10_000.0))
}

const OTHER: &str = "Other";

/// How a source code is shown: the plan's agency code, `Other`, or the code itself.
fn source_label(plan: &Plan, source: &str) -> String {
    let trimmed = source.trim();
    if trimmed.eq_ignore_ascii_case(OTHER) {
        return OTHER.to_string();
    }
    plan.agencies
        .iter()
        .find(|a| a.code.eq_ignore_ascii_case(trimmed))
        .map_or_else(|| trimmed.to_uppercase(), |a| a.code.clone())
}

/// Counts by source: every agency of the plan in the plan's order (zeros
/// included), then any other code found, alphabetically, then `Other`.
fn by_source(plan: &Plan, rows: &[&Referral]) -> Vec<(String, usize)> {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        *found.entry(source_label(plan, &row.source)).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = plan
        .agencies
        .iter()
        .map(|a| (a.code.clone(), found.remove(&a.code).unwrap_or(0)))
        .collect();
    let other = found.remove(OTHER).unwrap_or(0);
    counts.extend(found);
    counts.push((OTHER.to_string(), other));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;

    fn row(case: &str, source: &str, age: u8, gender: Gender, lac: bool, risk: Risk) -> Referral {
        let mut r = referral(case, date(2014, 11, 1));
        r.source = source.into();
        r.age = age;
        r.gender = gender;
        r.looked_after = lac;
        r.risk_at_referral = risk;
        r
    }

    fn counts(categories: &[Category]) -> Vec<(&str, u64)> {
        categories
            .iter()
            .map(|c| (c.label.as_str(), c.count))
            .collect()
    }

    #[test]
    fn age_band_edges_fall_where_the_contract_says() {
        assert_eq!(AgeBand::of_age(0), AgeBand::Under13);
        assert_eq!(AgeBand::of_age(12), AgeBand::Under13);
        assert_eq!(AgeBand::of_age(13), AgeBand::From13To15);
        assert_eq!(AgeBand::of_age(15), AgeBand::From13To15);
        assert_eq!(AgeBand::of_age(16), AgeBand::From16To17);
        assert_eq!(AgeBand::of_age(17), AgeBand::From16To17);
        assert_eq!(AgeBand::of_age(18), AgeBand::From18To24);
        assert_eq!(AgeBand::of_age(24), AgeBand::From18To24);
    }

    #[test]
    fn new_referrals_break_down_five_ways_and_each_adds_up_to_the_total() {
        let mut plan = plan(
            vec![
                agency("POLICE", true),
                agency("CSC", true),
                agency("LSCB", false),
            ],
            vec![],
        );
        plan.settings.child_population = Some(40_000);
        let rows = vec![
            row("A-1", "POLICE", 12, Gender::Female, true, Risk::High),
            row("A-2", "police", 13, Gender::Female, false, Risk::Medium),
            row("A-3", "other", 17, Gender::Male, false, Risk::Medium),
            row("A-4", "SCHOOL9", 18, Gender::NotKnown, true, Risk::Low),
        ];
        let mut old = referral("A-5", date(2014, 9, 30));
        old.source = "CSC".into();
        let mut all = rows.clone();
        all.push(old);
        let log = ReferralLog::merge([all.as_slice()]);
        let b = Breakdowns::of(&log, &[DateRange::quarter(q(2014, 3))], &plan);
        assert_eq!(b.total.count, 4);
        assert_eq!(b.total.rate_per_10k, Some(1.0));
        assert_eq!(
            counts(&b.by_source),
            [
                ("POLICE", 2),
                ("CSC", 0),
                ("LSCB", 0),
                ("SCHOOL9", 1),
                ("Other", 1)
            ]
        );
        assert_eq!(counts(&b.by_risk), [("High", 1), ("Medium", 2), ("Low", 1)]);
        assert_eq!(
            counts(&b.by_age_band),
            [("Under 13", 1), ("13–15", 1), ("16–17", 1), ("18–24", 1)]
        );
        assert_eq!(
            counts(&b.by_gender),
            [("Female", 2), ("Male", 1), ("Other", 0), ("Not known", 1)]
        );
        assert_eq!(counts(&b.by_looked_after), [("Yes", 2), ("No", 2)]);
        for (name, categories) in b.dimensions() {
            let sum: u64 = categories.iter().map(|c| c.count).sum();
            assert_eq!(sum, b.total.count, "{name:?}");
        }
        assert_eq!(b.by_source[0].rate_per_10k, Some(0.5));
    }

    #[test]
    fn without_a_population_there_are_no_rates() {
        assert_eq!(rate_per_10k(7, None), None);
        assert_eq!(rate_per_10k(7, Some(0)), None);
        assert_eq!(rate_per_10k(28, Some(36_400)), Some(7.7));
    }
}
