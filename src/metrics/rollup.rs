//! A financial year's figures: each measure's quarters rolled up as the
//! catalogue's Roll-up says, over the quarters of the year that have data.
//! Pure: derives everything from the dataset and the year asked for.
//!
//! Decisions where the contract leaves a choice:
//! - A count's year uses only the year's quarters that have at least one return;
//!   quarters without any return stay `[x]` in the quarter columns and are never
//!   counted as zero. A year with fewer than four such quarters is *partial*: it
//!   is incomplete and says which quarters it covers.
//! - `sum` adds the quarters that have a value; `last` takes the last quarter with
//!   a value; `mean` is the mean of the quarters with a value, one decimal.
//! - A referral code's year uses the quarters whose referral log came in (the log
//!   agency's return). Flows (`REF_NEW`, `REF_CLOSED`, …) roll up by the catalogue,
//!   so the year is the sum of the quarters shown beside it. Two codes are
//!   computed directly instead, because a roll-up of quarters would be wrong:
//!   `REF_MEDIAN_DAYS_OPEN` is the median over the whole year's closures (never a
//!   mean of quarterly medians), and `REF_OPEN_END`, a snapshot, is never summed
//!   (a `sum` Roll-up is read as `last`, which equals the caseload open on the
//!   last day of the last covered quarter).
//! - A ratio's year is the rolled-up numerator ÷ the rolled-up denominator.

use super::measures::{quarter_values, ratio_figure, resolve_ratios};
use super::referrals::{log_returned, LogState};
use super::{Breakdowns, Cell, DateRange, Figure, Missing, ReferralLog, ReferralMetrics};
use crate::model::{Dataset, Measure, MeasureKind, ReferralCode, RollUp};
use crate::period::{FinYear, Quarter};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a year figure was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum YearMethod {
    Sum,
    Last,
    Mean,
    /// Computed over the covered period directly (the median days open).
    Direct,
    Ratio,
}

/// A measure's value for a financial year, and the quarters it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearFigure {
    pub figure: Figure,
    /// The quarters whose data it uses, ascending.
    pub covers: Vec<Quarter>,
    /// Fewer than the year's four quarters.
    pub partial: bool,
    pub method: YearMethod,
    /// For `last`: the quarter the value was taken from.
    pub taken_from: Option<Quarter>,
}

impl YearFigure {
    /// For a part-year figure, the note a reader needs: `part year: Q3, Q4`
    /// (or `no data` when no quarter has any); `None` for a whole year.
    pub fn coverage_note(&self) -> Option<String> {
        if !self.partial {
            return None;
        }
        if self.covers.is_empty() {
            return Some("no data".to_string());
        }
        let quarters: Vec<String> = self
            .covers
            .iter()
            .map(|q| format!("Q{}", q.number()))
            .collect();
        Some(format!("part year: {}", quarters.join(", ")))
    }
}

/// Everything the annual report needs about one financial year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearRollup {
    pub year: FinYear,
    /// The year's four quarters.
    pub quarters: [Quarter; 4],
    /// Quarters with at least one return.
    pub quarters_with_data: Vec<Quarter>,
    /// Quarters whose referral log came in.
    pub referral_quarters: Vec<Quarter>,
    /// Each of the four quarters' figures, as its own paper showed them.
    pub quarter_values: BTreeMap<Quarter, BTreeMap<String, Figure>>,
    /// Each measure's year figure, by code.
    pub values: BTreeMap<String, YearFigure>,
    /// The referral codes computed directly over the referral quarters, from the
    /// log as known at the last of them; `None` without any.
    pub referral_metrics: Option<ReferralMetrics>,
    /// The year's new referrals broken down; `None` without any referral quarter.
    pub breakdowns: Option<Breakdowns>,
}

/// The figures of `year`, using the returns of its quarters and earlier only.
pub fn year_rollup(dataset: &Dataset, year: FinYear) -> YearRollup {
    let quarters = year.quarters();
    let quarters_with_data: Vec<Quarter> = quarters
        .iter()
        .copied()
        .filter(|q| dataset.returns_for(*q).next().is_some())
        .collect();
    let referral_quarters: Vec<Quarter> = quarters
        .iter()
        .copied()
        .filter(|q| log_returned(dataset, *q) == LogState::Returned)
        .collect();
    let by_quarter: BTreeMap<Quarter, BTreeMap<String, Figure>> = quarters
        .iter()
        .map(|q| (*q, quarter_values(dataset, *q)))
        .collect();
    let ranges: Vec<DateRange> = referral_quarters
        .iter()
        .map(|q| DateRange::quarter(*q))
        .collect();
    let (referral_metrics, breakdowns) = match referral_quarters.last() {
        Some(last) => {
            let log = ReferralLog::as_at(dataset, *last);
            (
                Some(log.metrics_over(&ranges)),
                Some(Breakdowns::of(&log, &ranges, &dataset.plan)),
            )
        }
        None => (None, None),
    };
    let context = YearContext {
        quarter_values: &by_quarter,
        quarters_with_data: &quarters_with_data,
        referral_quarters: &referral_quarters,
        referral_metrics: referral_metrics.as_ref(),
    };
    let mut values: BTreeMap<String, YearFigure> = dataset
        .plan
        .measures
        .iter()
        .filter_map(|m| context.year_figure(m).map(|y| (m.code.clone(), y)))
        .collect();
    resolve_ratios(&dataset.plan, &mut values, year_ratio, || YearFigure {
        figure: Figure::not_available(),
        covers: Vec::new(),
        partial: true,
        method: YearMethod::Ratio,
        taken_from: None,
    });
    YearRollup {
        year,
        quarters,
        quarters_with_data,
        referral_quarters,
        quarter_values: by_quarter,
        values,
        referral_metrics,
        breakdowns,
    }
}

struct YearContext<'a> {
    quarter_values: &'a BTreeMap<Quarter, BTreeMap<String, Figure>>,
    quarters_with_data: &'a [Quarter],
    referral_quarters: &'a [Quarter],
    referral_metrics: Option<&'a ReferralMetrics>,
}

impl YearContext<'_> {
    /// The year figure of a count or referral measure; `None` for a ratio.
    fn year_figure(&self, measure: &Measure) -> Option<YearFigure> {
        match &measure.kind {
            MeasureKind::Count { .. } => {
                Some(self.roll_up(measure, measure.roll_up, self.quarters_with_data))
            }
            MeasureKind::Referral => Some(self.referral_year(measure)),
            MeasureKind::Ratio { .. } => None,
        }
    }

    fn referral_year(&self, measure: &Measure) -> YearFigure {
        match (ReferralCode::from_code(&measure.code), measure.roll_up) {
            (Some(ReferralCode::MedianDaysOpen), _) => self.direct(measure),
            (Some(ReferralCode::OpenEnd), RollUp::Sum) => {
                self.roll_up(measure, RollUp::Last, self.referral_quarters)
            }
            (_, roll_up) => self.roll_up(measure, roll_up, self.referral_quarters),
        }
    }

    fn quarter_figures<'f>(
        &'f self,
        code: &str,
        covered: &[Quarter],
    ) -> Vec<(Quarter, &'f Figure)> {
        covered
            .iter()
            .filter_map(|q| self.quarter_values.get(q)?.get(code).map(|f| (*q, f)))
            .collect()
    }

    /// Missing agencies of the quarters that have data, even when the measure's
    /// own quarters (the referral log's) are fewer.
    fn missing_in_year(&self, code: &str) -> Vec<Missing> {
        let mut missing: Vec<Missing> = self
            .quarter_figures(code, self.quarters_with_data)
            .iter()
            .flat_map(|(_, f)| f.missing.iter().cloned())
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }

    fn direct(&self, measure: &Measure) -> YearFigure {
        let covers = self.referral_quarters.to_vec();
        let partial = covers.len() < 4;
        let cell = self
            .referral_metrics
            .and_then(|m| m.cell(&measure.code))
            .unwrap_or(Cell::NotAvailable);
        let missing = self.missing_in_year(&measure.code);
        YearFigure {
            figure: Figure {
                cell,
                incomplete: partial || !missing.is_empty(),
                missing,
            },
            covers,
            partial,
            method: YearMethod::Direct,
            taken_from: None,
        }
    }

    fn roll_up(&self, measure: &Measure, roll_up: RollUp, covered: &[Quarter]) -> YearFigure {
        let figures = self.quarter_figures(&measure.code, covered);
        let partial = covered.len() < 4;
        let mut year = match roll_up {
            RollUp::Sum => sum_of(&figures),
            RollUp::Last => last_of(&figures),
            RollUp::Mean => mean_of(&figures),
        };
        year.covers = covered.to_vec();
        year.partial = partial;
        year.figure.incomplete |= partial;
        if roll_up != RollUp::Last {
            year.figure.missing = self.missing_in_year(&measure.code);
            year.figure.incomplete |= !year.figure.missing.is_empty();
        }
        year
    }
}

fn year_figure(cell: Cell, incomplete: bool, method: YearMethod) -> YearFigure {
    YearFigure {
        figure: Figure {
            cell,
            incomplete,
            missing: Vec::new(),
        },
        covers: Vec::new(),
        partial: false,
        method,
        taken_from: None,
    }
}

/// The cell of a year in which no quarter has a value: `[z]` when every covered
/// quarter is not applicable, else `[x]`.
fn no_value(figures: &[(Quarter, &Figure)]) -> Cell {
    if !figures.is_empty() && figures.iter().all(|(_, f)| f.cell == Cell::NotApplicable) {
        Cell::NotApplicable
    } else {
        Cell::NotAvailable
    }
}

fn any_gap(figures: &[(Quarter, &Figure)]) -> bool {
    figures
        .iter()
        .any(|(_, f)| f.incomplete || f.cell == Cell::NotAvailable)
}

fn sum_of(figures: &[(Quarter, &Figure)]) -> YearFigure {
    let cells: Vec<Cell> = figures
        .iter()
        .map(|(_, f)| f.cell)
        .filter(|c| c.number().is_some())
        .collect();
    let cell = if cells.is_empty() {
        no_value(figures)
    } else if cells.iter().all(|c| matches!(c, Cell::Count(_))) {
        Cell::Count(
            cells
                .iter()
                .filter_map(|c| match c {
                    Cell::Count(n) => Some(*n),
                    _ => None,
                })
                .fold(0u64, u64::saturating_add),
        )
    } else {
        Cell::decimal(cells.iter().filter_map(|c| c.number()).sum())
    };
    year_figure(cell, any_gap(figures), YearMethod::Sum)
}

fn mean_of(figures: &[(Quarter, &Figure)]) -> YearFigure {
    let numbers: Vec<f64> = figures
        .iter()
        .filter_map(|(_, f)| f.cell.number())
        .collect();
    let cell = if numbers.is_empty() {
        no_value(figures)
    } else {
        Cell::decimal(numbers.iter().sum::<f64>() / numbers.len() as f64)
    };
    year_figure(cell, any_gap(figures), YearMethod::Mean)
}

/// The last quarter with a value. It is incomplete when that quarter was, or when
/// a later covered quarter has no value (the snapshot is then out of date).
fn last_of(figures: &[(Quarter, &Figure)]) -> YearFigure {
    let position = figures.iter().rposition(|(_, f)| f.cell.number().is_some());
    let Some(position) = position else {
        let mut year = year_figure(no_value(figures), any_gap(figures), YearMethod::Last);
        year.figure.missing = collect_missing(figures);
        return year;
    };
    let from_snapshot = &figures[position..];
    let (quarter, figure) = figures[position];
    let mut year = year_figure(figure.cell, any_gap(from_snapshot), YearMethod::Last);
    year.figure.missing = collect_missing(from_snapshot);
    year.taken_from = Some(quarter);
    year
}

fn collect_missing(figures: &[(Quarter, &Figure)]) -> Vec<Missing> {
    let mut missing: Vec<Missing> = figures
        .iter()
        .flat_map(|(_, f)| f.missing.iter().cloned())
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

fn year_ratio(numerator: &YearFigure, denominator: &YearFigure) -> YearFigure {
    let mut covers: Vec<Quarter> = numerator
        .covers
        .iter()
        .chain(&denominator.covers)
        .copied()
        .collect();
    covers.sort();
    covers.dedup();
    YearFigure {
        figure: ratio_figure(&numerator.figure, &denominator.figure),
        covers,
        partial: numerator.partial || denominator.partial,
        method: YearMethod::Ratio,
        taken_from: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;
    use crate::model::{Risk, Value};
    use proptest::prelude::*;

    fn year() -> FinYear {
        FinYear { start: 2014 }
    }

    fn police_plan(measures: Vec<Measure>) -> crate::model::Plan {
        plan(vec![agency("POLICE", true), agency("CSC", true)], measures)
    }

    fn police(quarter: Quarter, entries: &[(&str, Value)]) -> crate::model::Return {
        a_return(
            "POLICE",
            quarter,
            entries.iter().map(|(c, v)| entry(c, *v)).collect(),
        )
    }

    #[test]
    fn a_part_year_sums_the_quarters_with_returns_and_says_which() {
        let plan = police_plan(vec![count("ARRESTS", &["POLICE"], RollUp::Sum)]);
        let data = dataset(
            plan,
            vec![
                police(q(2014, 3), &[("ARRESTS", Value::Count(2))]),
                police(q(2014, 4), &[("ARRESTS", Value::Count(5))]),
                // A later year's return changes nothing here.
                police(q(2015, 1), &[("ARRESTS", Value::Count(100))]),
            ],
        );
        let r = year_rollup(&data, year());
        assert_eq!(r.quarters_with_data, [q(2014, 3), q(2014, 4)]);
        let y = &r.values["ARRESTS"];
        assert_eq!(y.figure.cell, Cell::Count(7));
        assert!(y.partial && y.figure.incomplete);
        assert_eq!(y.covers, [q(2014, 3), q(2014, 4)]);
        assert_eq!(y.coverage_note().as_deref(), Some("part year: Q3, Q4"));
        // Quarters without returns are shown as [x], never as zero.
        assert_eq!(
            r.quarter_values[&q(2014, 1)]["ARRESTS"].cell,
            Cell::NotAvailable
        );
        // ... and their absent returns are not listed as missing from the year.
        assert!(y.figure.missing.is_empty());
    }

    #[test]
    fn a_whole_year_with_every_value_is_complete() {
        let plan = police_plan(vec![count("ARRESTS", &["POLICE"], RollUp::Sum)]);
        let returns = (1..=4)
            .map(|n| police(q(2014, n), &[("ARRESTS", Value::Count(n as u64))]))
            .collect();
        let y = &year_rollup(&dataset(plan, returns), year()).values["ARRESTS"];
        assert_eq!(y.figure, Figure::complete(Cell::Count(10)));
        assert!(!y.partial);
        assert_eq!(y.coverage_note(), None);
    }

    #[test]
    fn last_takes_the_last_quarter_with_a_value_and_mean_averages() {
        let plan = police_plan(vec![
            count("YP_SUPPORTED", &["POLICE"], RollUp::Last),
            count("YP_WAITING", &["POLICE"], RollUp::Mean),
        ]);
        let data = dataset(
            plan,
            vec![
                police(
                    q(2014, 1),
                    &[
                        ("YP_SUPPORTED", Value::Count(24)),
                        ("YP_WAITING", Value::Count(3)),
                    ],
                ),
                police(
                    q(2014, 2),
                    &[
                        ("YP_SUPPORTED", Value::Count(15)),
                        ("YP_WAITING", Value::Count(2)),
                    ],
                ),
                police(
                    q(2014, 3),
                    &[("YP_SUPPORTED", Value::Blank), ("YP_WAITING", Value::Blank)],
                ),
            ],
        );
        let r = year_rollup(&data, year());
        let last = &r.values["YP_SUPPORTED"];
        assert_eq!(last.figure.cell, Cell::Count(15));
        assert_eq!(last.taken_from, Some(q(2014, 2)));
        assert!(
            last.figure.incomplete,
            "Q3 left it blank, so the snapshot is dated"
        );
        assert_eq!(last.figure.missing.len(), 1);
        let mean = &r.values["YP_WAITING"];
        assert_eq!(mean.figure.cell, Cell::Decimal(2.5));
        assert!(mean.figure.incomplete);
    }

    #[test]
    fn a_years_ratio_divides_the_rolled_up_parts() {
        let plan = police_plan(vec![
            ratio("CHARGE_RATE", "CHARGES", "ARRESTS"),
            count("ARRESTS", &["POLICE"], RollUp::Sum),
            count("CHARGES", &["POLICE"], RollUp::Sum),
        ]);
        let data = dataset(
            plan,
            vec![
                police(
                    q(2014, 1),
                    &[("ARRESTS", Value::Count(4)), ("CHARGES", Value::Count(1))],
                ),
                police(
                    q(2014, 2),
                    &[("ARRESTS", Value::Count(0)), ("CHARGES", Value::Count(0))],
                ),
                police(
                    q(2014, 3),
                    &[("ARRESTS", Value::Count(3)), ("CHARGES", Value::Count(3))],
                ),
                police(
                    q(2014, 4),
                    &[("ARRESTS", Value::Count(1)), ("CHARGES", Value::Count(0))],
                ),
            ],
        );
        let r = year_rollup(&data, year());
        // 4 / 8, not the mean of 25%, [z], 100%, 0%.
        assert_eq!(
            r.values["CHARGE_RATE"].figure,
            Figure::complete(Cell::Decimal(50.0))
        );
        assert_eq!(r.values["CHARGE_RATE"].method, YearMethod::Ratio);
        assert_eq!(
            r.quarter_values[&q(2014, 2)]["CHARGE_RATE"].cell,
            Cell::NotApplicable
        );
    }

    #[test]
    fn a_year_without_any_return_is_not_available() {
        let plan = police_plan(vec![count("ARRESTS", &["POLICE"], RollUp::Sum)]);
        let r = year_rollup(&dataset(plan, vec![]), year());
        let y = &r.values["ARRESTS"];
        assert_eq!(y.figure.cell, Cell::NotAvailable);
        assert_eq!(y.coverage_note().as_deref(), Some("no data"));
        assert_eq!(r.referral_metrics, None);
    }

    #[test]
    fn referral_flows_sum_the_quarters_the_median_spans_the_year_and_open_is_the_last_snapshot() {
        let mut measures = referral_measures();
        // A catalogue that (wrongly) sums a snapshot.
        if let Some(open) = measures.iter_mut().find(|m| m.code == "REF_OPEN_END") {
            open.roll_up = RollUp::Sum;
        }
        let plan = police_plan(measures);
        let q1_log = vec![
            closed(
                referral("A-1", date(2014, 4, 1)),
                date(2014, 4, 11),
                Risk::Low,
            ), // 10 days
            closed(
                referral("A-2", date(2014, 4, 1)),
                date(2014, 4, 21),
                Risk::Low,
            ), // 20 days
            closed(
                referral("A-3", date(2014, 4, 1)),
                date(2014, 5, 1),
                Risk::Low,
            ), // 30 days
            referral("A-4", date(2014, 6, 30)),
        ];
        let q2_log = vec![
            referral("A-4", date(2014, 6, 30)),
            closed(
                referral("A-5", date(2014, 7, 1)),
                date(2014, 8, 10),
                Risk::Low,
            ), // 40 days
            referral("A-6", date(2014, 9, 1)),
        ];
        let data = dataset(
            plan,
            vec![
                log_return("CSC", q(2014, 1), q1_log),
                log_return("CSC", q(2014, 2), q2_log),
            ],
        );
        let r = year_rollup(&data, year());
        assert_eq!(r.referral_quarters, [q(2014, 1), q(2014, 2)]);
        assert_eq!(r.values["REF_NEW"].figure.cell, Cell::Count(6));
        assert_eq!(r.values["REF_CLOSED"].figure.cell, Cell::Count(4));
        // Quarter medians are 20 and 40; the year's closures 10, 20, 30, 40 give 25.
        assert_eq!(
            r.quarter_values[&q(2014, 1)]["REF_MEDIAN_DAYS_OPEN"].cell,
            Cell::Decimal(20.0)
        );
        assert_eq!(
            r.values["REF_MEDIAN_DAYS_OPEN"].figure.cell,
            Cell::Decimal(25.0)
        );
        assert_eq!(r.values["REF_MEDIAN_DAYS_OPEN"].method, YearMethod::Direct);
        assert_eq!(r.values["REF_OPEN_END"].figure.cell, Cell::Count(2));
        assert_eq!(r.values["REF_OPEN_END"].taken_from, Some(q(2014, 2)));
        let direct = r.referral_metrics.as_ref().expect("two logs came in");
        assert_eq!((direct.new, direct.open_end), (6, 2));
        assert_eq!(r.breakdowns.as_ref().map(|b| b.total.count), Some(6));
        assert!(r.values["REF_NEW"].partial);
    }

    #[test]
    fn a_year_serialises_for_templates_without_case_ids() {
        let plan = police_plan(referral_measures());
        let data = dataset(
            plan,
            vec![log_return(
                "CSC",
                q(2014, 1),
                vec![referral("CSE-0142", date(2014, 5, 1))],
            )],
        );
        let json = serde_json::to_string(&year_rollup(&data, year())).expect("serialisable");
        assert!(json.contains("\"2014-15 Q1\""));
        assert!(!json.contains("CSE-0142"));
    }

    /// One quarter's ARRESTS: `None` = no return that quarter.
    fn quarters_strategy() -> impl Strategy<Value = [Option<u64>; 4]> {
        prop::array::uniform4(prop::option::of(0u64..1000))
    }

    proptest! {
        #[test]
        fn a_years_sum_is_the_sum_of_its_quarters(values in quarters_strategy()) {
            let plan = police_plan(vec![count("ARRESTS", &["POLICE"], RollUp::Sum)]);
            let returns = values
                .iter()
                .zip(year().quarters())
                .filter_map(|(v, quarter)| v.map(|n| police(quarter, &[("ARRESTS", Value::Count(n))])))
                .collect();
            let r = year_rollup(&dataset(plan, returns), year());
            let quarter_sum: u64 = r
                .quarter_values
                .values()
                .filter_map(|v| match v["ARRESTS"].cell {
                    Cell::Count(n) => Some(n),
                    _ => None,
                })
                .sum();
            let year_figure = &r.values["ARRESTS"];
            let with_data = values.iter().filter(|v| v.is_some()).count();
            if with_data == 0 {
                prop_assert_eq!(year_figure.figure.cell, Cell::NotAvailable);
            } else {
                prop_assert_eq!(year_figure.figure.cell, Cell::Count(quarter_sum));
            }
            prop_assert_eq!(year_figure.covers.len(), with_data);
            prop_assert_eq!(year_figure.partial, with_data < 4);
            for (v, quarter) in values.iter().zip(year().quarters()) {
                if v.is_none() {
                    prop_assert_eq!(r.quarter_values[&quarter]["ARRESTS"].cell, Cell::NotAvailable);
                }
            }
        }
    }
}
