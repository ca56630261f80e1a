//! Targets and trends: RAG against a measure's target, change on the previous
//! quarter and on the same quarter a year before. Pure arithmetic on figures.

use super::rollup::{YearFigure, YearMethod};
use super::{quarter_values, round1, Cell, Figure};
use crate::model::{Better, Dataset, Measure, Settings};
use crate::period::Quarter;
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::rag::Rag;

/// Green when the target is met (at or above it for `higher`, at or below it for
/// `lower`); amber when missed by no more than `tolerance_pct` per cent of the
/// target; red beyond. `None` when there is no target, no `better`, or no value.
pub fn rag(
    value: Cell,
    target: Option<f64>,
    better: Option<Better>,
    tolerance_pct: f64,
) -> Option<Rag> {
    let (value, target, better) = (value.number()?, target?, better?);
    let met = match better {
        Better::Higher => value >= target,
        Better::Lower => value <= target,
    };
    if met {
        return Some(Rag::Green);
    }
    let allowed = target.abs() * tolerance_pct.max(0.0) / 100.0;
    if (value - target).abs() <= allowed {
        Some(Rag::Amber)
    } else {
        Some(Rag::Red)
    }
}

/// RAG of a quarter's figure against the measure's (quarterly) target; `None`
/// when an agency's value is missing (see `unrated_incomplete`): a colour on
/// part of the figures is what a reader takes in, so it is not given.
pub fn quarter_rag(measure: &Measure, figure: &Figure, settings: &Settings) -> Option<Rag> {
    if !figure.missing.is_empty() {
        return None;
    }
    rag(
        figure.cell,
        measure.target,
        measure.better,
        settings.rag_tolerance,
    )
}

/// The target a year figure is held to. Targets are per quarter, so a summed
/// figure's target is the quarterly target times the quarters it covers; a
/// snapshot, mean, median or percentage keeps the quarterly target.
pub fn year_target(measure: &Measure, year: &YearFigure) -> Option<f64> {
    let target = measure.target?;
    match year.method {
        YearMethod::Sum => Some(target * year.covers.len() as f64),
        YearMethod::Last | YearMethod::Mean | YearMethod::Direct | YearMethod::Ratio => {
            Some(target)
        }
    }
}

/// RAG of a year figure against `year_target`; `None` when an agency's value
/// is missing in a quarter it covers (a part year whose quarters are all in is
/// rated against the target for the quarters it covers).
pub fn year_rag(measure: &Measure, year: &YearFigure, settings: &Settings) -> Option<Rag> {
    if !year.figure.missing.is_empty() {
        return None;
    }
    rag(
        year.figure.cell,
        year_target(measure, year),
        measure.better,
        settings.rag_tolerance,
    )
}

/// A figure that would be held to a target but is not rated because a
/// reporter's value is missing: shown as "Incomplete", never as a colour.
pub fn unrated_incomplete(measure: &Measure, figure: &Figure) -> bool {
    measure.target.is_some() && measure.better.is_some() && !figure.missing.is_empty()
}

/// How a value moved from an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    pub from: f64,
    pub to: f64,
    /// `to − from`, one decimal (percentage points for a percentage).
    pub difference: f64,
    /// The difference as a per cent of `from`, one decimal; `None` when `from` is 0.
    pub percent: Option<f64>,
}

impl Change {
    /// Whether the move is for the better, given the measure's direction; `None`
    /// without a direction or without a move.
    pub fn improved(&self, better: Option<Better>) -> Option<bool> {
        if self.difference == 0.0 {
            return None;
        }
        match better? {
            Better::Higher => Some(self.difference > 0.0),
            Better::Lower => Some(self.difference < 0.0),
        }
    }
}

/// The change from `earlier` to `now`; `None` when either has no value.
pub fn change(now: Cell, earlier: Cell) -> Option<Change> {
    let (to, from) = (now.number()?, earlier.number()?);
    let difference = to - from;
    Some(Change {
        from,
        to,
        difference: round1(difference),
        percent: (from != 0.0).then(|| round1(difference / from * 100.0)),
    })
}

/// A measure this quarter, against its target and its past.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureTrend {
    pub quarter: Quarter,
    pub current: Figure,
    pub previous_quarter: Figure,
    pub year_before: Figure,
    pub on_previous_quarter: Option<Change>,
    pub on_year_before: Option<Change>,
    pub target: Option<f64>,
    pub rag: Option<Rag>,
}

/// Every measure's trend for `quarter`: each earlier quarter's figure is the one
/// its own paper showed (only returns up to that quarter).
pub fn trends(dataset: &Dataset, quarter: Quarter) -> BTreeMap<String, MeasureTrend> {
    let year_before_quarter = Quarter::new(quarter.year - 1, quarter.q);
    let current = quarter_values(dataset, quarter);
    let previous = quarter_values(dataset, quarter.prev());
    let year_before = quarter_values(dataset, year_before_quarter);
    let figure_in = |values: &BTreeMap<String, Figure>, code: &str| {
        values
            .get(code)
            .cloned()
            .unwrap_or_else(Figure::not_available)
    };
    dataset
        .plan
        .measures
        .iter()
        .map(|measure| {
            let now = figure_in(&current, &measure.code);
            let prev = figure_in(&previous, &measure.code);
            let before = figure_in(&year_before, &measure.code);
            let trend = MeasureTrend {
                quarter,
                on_previous_quarter: change(now.cell, prev.cell),
                on_year_before: change(now.cell, before.cell),
                target: measure.target,
                rag: quarter_rag(measure, &now, &dataset.plan.settings),
                current: now,
                previous_quarter: prev,
                year_before: before,
            };
            (measure.code.clone(), trend)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;
    use crate::model::{RollUp, Value};

    #[test]
    fn higher_is_better_green_at_target_amber_within_tolerance_red_beyond() {
        let r = |v: f64| rag(Cell::Decimal(v), Some(80.0), Some(Better::Higher), 10.0);
        assert_eq!(r(80.0), Some(Rag::Green));
        assert_eq!(r(95.0), Some(Rag::Green));
        assert_eq!(r(79.9), Some(Rag::Amber));
        assert_eq!(r(72.0), Some(Rag::Amber));
        assert_eq!(r(71.9), Some(Rag::Red));
    }

    #[test]
    fn lower_is_better_mirrors_it() {
        let r = |v: u64| rag(Cell::Count(v), Some(60.0), Some(Better::Lower), 10.0);
        assert_eq!(r(60), Some(Rag::Green));
        assert_eq!(r(12), Some(Rag::Green));
        assert_eq!(r(66), Some(Rag::Amber));
        assert_eq!(r(67), Some(Rag::Red));
    }

    #[test]
    fn no_target_no_direction_or_no_value_has_no_rag() {
        assert_eq!(rag(Cell::Count(5), None, Some(Better::Higher), 10.0), None);
        assert_eq!(rag(Cell::Count(5), Some(4.0), None, 10.0), None);
        assert_eq!(
            rag(Cell::NotAvailable, Some(4.0), Some(Better::Higher), 10.0),
            None
        );
        assert_eq!(
            rag(Cell::NotApplicable, Some(4.0), Some(Better::Higher), 10.0),
            None
        );
    }

    #[test]
    fn a_zero_tolerance_has_no_amber() {
        assert_eq!(
            rag(Cell::Count(39), Some(40.0), Some(Better::Higher), 0.0),
            Some(Rag::Red)
        );
    }

    #[test]
    fn change_gives_difference_and_per_cent_of_the_earlier_value() {
        let c = change(Cell::Count(27), Cell::Count(28)).expect("both have values");
        assert_eq!(c.difference, -1.0);
        assert_eq!(c.percent, Some(-3.6));
        assert_eq!(c.improved(Some(Better::Lower)), Some(true));
        assert_eq!(c.improved(None), None);
        let from_zero = change(Cell::Count(3), Cell::Count(0)).expect("both have values");
        assert_eq!(from_zero.percent, None);
        assert_eq!(change(Cell::Count(3), Cell::NotAvailable), None);
    }

    #[test]
    fn a_summed_years_target_scales_with_the_quarters_it_covers() {
        let mut m = count("SCHOOL_SESSIONS", &["EDU"], RollUp::Sum);
        m.target = Some(12.0);
        let year = YearFigure {
            figure: Figure::complete(Cell::Count(26)),
            covers: vec![q(2014, 3), q(2014, 4)],
            partial: true,
            method: YearMethod::Sum,
            taken_from: None,
        };
        assert_eq!(year_target(&m, &year), Some(24.0));
        let mean = YearFigure {
            method: YearMethod::Mean,
            ..year
        };
        assert_eq!(year_target(&m, &mean), Some(12.0));
    }

    #[test]
    fn trends_compare_with_the_previous_quarter_and_a_year_before() {
        let mut m = count("MISSING_EPISODES", &["POLICE"], RollUp::Sum);
        m.target = Some(60.0);
        m.better = Some(Better::Lower);
        let plan = plan(vec![agency("POLICE", true)], vec![m]);
        let ret = |quarter, n| {
            a_return(
                "POLICE",
                quarter,
                vec![entry("MISSING_EPISODES", Value::Count(n))],
            )
        };
        let data = dataset(
            plan,
            vec![
                ret(q(2014, 3), 70),
                ret(q(2015, 2), 50),
                ret(q(2015, 3), 63),
            ],
        );
        let t = &trends(&data, q(2015, 3))["MISSING_EPISODES"];
        assert_eq!(t.current.cell, Cell::Count(63));
        assert_eq!(t.on_previous_quarter.map(|c| c.difference), Some(13.0));
        assert_eq!(t.on_year_before.map(|c| c.difference), Some(-7.0));
        assert_eq!(t.rag, Some(Rag::Amber));
        let first = &trends(&data, q(2014, 3))["MISSING_EPISODES"];
        assert_eq!(first.previous_quarter.cell, Cell::NotAvailable);
        assert_eq!(first.on_previous_quarter, None);
        assert_eq!(first.rag, Some(Rag::Red));
    }

    #[test]
    fn a_figure_missing_a_reporters_value_gets_no_colour_and_is_incomplete() {
        let mut m = count("TRAINING_T1", &["POLICE", "CSC"], RollUp::Sum);
        m.target = Some(40.0);
        m.better = Some(Better::Higher);
        let plan = plan(vec![agency("POLICE", true), agency("CSC", true)], vec![m]);
        let one_in = dataset(
            plan.clone(),
            vec![a_return(
                "POLICE",
                q(2015, 2),
                vec![entry("TRAINING_T1", Value::Count(6))],
            )],
        );
        let t = &trends(&one_in, q(2015, 2))["TRAINING_T1"];
        assert_eq!(t.current.cell, Cell::Count(6), "the value is still shown");
        assert_eq!(t.rag, None, "6 of 40 from one of two reporters is not Red");
        assert!(unrated_incomplete(&plan.measures[0], &t.current));
        let both_in = dataset(
            plan.clone(),
            vec![
                a_return(
                    "POLICE",
                    q(2015, 2),
                    vec![entry("TRAINING_T1", Value::Count(6))],
                ),
                a_return(
                    "CSC",
                    q(2015, 2),
                    vec![entry("TRAINING_T1", Value::Count(1))],
                ),
            ],
        );
        let t = &trends(&both_in, q(2015, 2))["TRAINING_T1"];
        assert_eq!(t.rag, Some(Rag::Red), "every value in: rated");
        assert!(!unrated_incomplete(&plan.measures[0], &t.current));
    }
}
