//! A quarter's value of every catalogue measure: counts summed over their
//! reporters, referral codes from the merged log, ratios from their parts.
//! Pure: uses only the returns of the quarter and earlier.

use super::referrals::{log_returned, LogState};
use super::{percentage, Cell, DateRange, Figure, Missing, MissingReason, ReferralLog};
use crate::model::{Dataset, Measure, MeasureKind, Plan, Return, Value};
use crate::period::Quarter;
use std::collections::{BTreeMap, BTreeSet};

/// The value of every measure of the catalogue for `quarter`, by measure code.
///
/// - `count`: the sum of the values the reporters gave; incomplete when a
///   reporter sent no return or left the value blank; `[x]` when nobody gave a
///   value; `[z]` when every reporter said `N/A`.
/// - `referral`: from the referral log as known at the quarter's end; `[x]` when
///   the referral log agency sent no log for the quarter.
/// - `ratio`: numerator ÷ denominator × 100 to one decimal.
pub fn quarter_values(dataset: &Dataset, quarter: Quarter) -> BTreeMap<String, Figure> {
    let returns: BTreeMap<&str, &Return> = dataset
        .returns_for(quarter)
        .map(|r| (r.agency.as_str(), r))
        .collect();
    let referral = referral_figures(dataset, quarter);
    let mut values: BTreeMap<String, Figure> = BTreeMap::new();
    for measure in &dataset.plan.measures {
        let figure = match &measure.kind {
            MeasureKind::Count { .. } => count_figure(&dataset.plan, measure, quarter, &returns),
            MeasureKind::Referral => referral(&measure.code),
            MeasureKind::Ratio { .. } => continue,
        };
        values.insert(measure.code.clone(), figure);
    }
    resolve_ratios(
        &dataset.plan,
        &mut values,
        ratio_figure,
        Figure::not_available,
    );
    values
}

/// What one reporter said about a count.
enum Given {
    Count(u64),
    NotApplicable,
    Missing(MissingReason),
}

fn given_by(code: &str, agency: &str, returns: &BTreeMap<&str, &Return>) -> Given {
    let Some(ret) = returns.get(agency) else {
        return Given::Missing(MissingReason::NoReturn);
    };
    // A measure the return does not list at all is treated like a blank value.
    match ret
        .measures
        .iter()
        .find(|e| e.code == code)
        .map(|e| e.value)
    {
        Some(Value::Count(n)) => Given::Count(n),
        Some(Value::NotApplicable) => Given::NotApplicable,
        Some(Value::Blank) | None => Given::Missing(MissingReason::Blank),
    }
}

fn count_figure(
    plan: &Plan,
    measure: &Measure,
    quarter: Quarter,
    returns: &BTreeMap<&str, &Return>,
) -> Figure {
    let mut seen = BTreeSet::new();
    let reporters: Vec<&str> = plan
        .reporters(measure)
        .into_iter()
        .filter(|a| seen.insert(*a))
        .collect();
    let mut sum: Option<u64> = None;
    let mut not_applicable = 0;
    let mut missing = Vec::new();
    for agency in &reporters {
        match given_by(&measure.code, agency, returns) {
            Given::Count(n) => sum = Some(sum.unwrap_or(0).saturating_add(n)),
            Given::NotApplicable => not_applicable += 1,
            Given::Missing(reason) => missing.push(Missing {
                quarter,
                agency: agency.to_string(),
                reason,
            }),
        }
    }
    let cell = match sum {
        Some(total) => Cell::Count(total),
        None if !reporters.is_empty() && not_applicable == reporters.len() => Cell::NotApplicable,
        None => Cell::NotAvailable,
    };
    Figure {
        cell,
        incomplete: !missing.is_empty(),
        missing,
    }
}

/// A closure giving each referral code's figure for the quarter.
fn referral_figures(dataset: &Dataset, quarter: Quarter) -> impl Fn(&str) -> Figure {
    let state = log_returned(dataset, quarter);
    let metrics = (state == LogState::Returned)
        .then(|| ReferralLog::as_at(dataset, quarter).metrics(DateRange::quarter(quarter)));
    let missing: Vec<Missing> = match (state, dataset.referral_log_agency.as_deref()) {
        (LogState::NoReturn, Some(keeper)) => vec![Missing {
            quarter,
            agency: keeper.to_string(),
            reason: MissingReason::NoReturn,
        }],
        (LogState::NoSheet, Some(keeper)) => vec![Missing {
            quarter,
            agency: keeper.to_string(),
            reason: MissingReason::Blank,
        }],
        _ => Vec::new(),
    };
    move |code: &str| match metrics.as_ref().and_then(|m| m.cell(code)) {
        Some(cell) => Figure::complete(cell),
        None => Figure {
            cell: Cell::NotAvailable,
            incomplete: !missing.is_empty(),
            missing: missing.clone(),
        },
    }
}

/// A ratio of two figures as a percentage: `[x]` when a part is not available,
/// `[z]` when a part is not applicable or the denominator is 0; incomplete and
/// missing agencies carried from both parts.
pub(crate) fn ratio_figure(numerator: &Figure, denominator: &Figure) -> Figure {
    let cell = match (numerator.cell, denominator.cell) {
        (Cell::NotAvailable, _) | (_, Cell::NotAvailable) => Cell::NotAvailable,
        (n, d) => match (n.number(), d.number()) {
            (Some(n), Some(d)) => percentage(n, d),
            _ => Cell::NotApplicable,
        },
    };
    let mut missing: Vec<Missing> = numerator
        .missing
        .iter()
        .chain(&denominator.missing)
        .cloned()
        .collect();
    missing.sort();
    missing.dedup();
    Figure {
        cell,
        incomplete: numerator.incomplete || denominator.incomplete,
        missing,
    }
}

/// Fills in every ratio measure of the plan from the values already present,
/// whatever the order of the catalogue and even when a ratio's part is itself a
/// ratio. A part that is not in the catalogue, or a cycle of ratios, gives
/// `unavailable()`.
pub(crate) fn resolve_ratios<T: Clone>(
    plan: &Plan,
    values: &mut BTreeMap<String, T>,
    ratio: impl Fn(&T, &T) -> T,
    unavailable: impl Fn() -> T,
) {
    fn resolve<T: Clone>(
        code: &str,
        plan: &Plan,
        values: &mut BTreeMap<String, T>,
        visiting: &mut BTreeSet<String>,
        ratio: &dyn Fn(&T, &T) -> T,
        unavailable: &dyn Fn() -> T,
    ) -> T {
        if let Some(known) = values.get(code) {
            return known.clone();
        }
        let parts = plan.measure(code).and_then(|m| match &m.kind {
            MeasureKind::Ratio {
                numerator,
                denominator,
            } => Some((numerator.clone(), denominator.clone())),
            _ => None,
        });
        let Some((numerator, denominator)) = parts else {
            return unavailable();
        };
        if !visiting.insert(code.to_string()) {
            return unavailable();
        }
        let n = resolve(&numerator, plan, values, visiting, ratio, unavailable);
        let d = resolve(&denominator, plan, values, visiting, ratio, unavailable);
        visiting.remove(code);
        let value = ratio(&n, &d);
        values.insert(code.to_string(), value.clone());
        value
    }
    for measure in &plan.measures {
        if matches!(measure.kind, MeasureKind::Ratio { .. }) {
            let mut visiting = BTreeSet::new();
            resolve(
                &measure.code,
                plan,
                values,
                &mut visiting,
                &ratio,
                &unavailable,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;
    use crate::model::{Risk, RollUp};

    fn three_agencies() -> Vec<crate::model::Agency> {
        vec![
            agency("POLICE", true),
            agency("CSC", true),
            agency("LSCB", false),
        ]
    }

    fn q3() -> Quarter {
        q(2014, 3)
    }

    #[test]
    fn a_count_sums_its_reporters_values() {
        let plan = plan(
            three_agencies(),
            vec![count("DISRUPTIONS", &["POLICE", "CSC"], RollUp::Sum)],
        );
        let data = dataset(
            plan,
            vec![
                a_return("POLICE", q3(), vec![entry("DISRUPTIONS", Value::Count(7))]),
                a_return("CSC", q3(), vec![entry("DISRUPTIONS", Value::Count(3))]),
            ],
        );
        let v = &quarter_values(&data, q3())["DISRUPTIONS"];
        assert_eq!(v, &Figure::complete(Cell::Count(10)));
    }

    #[test]
    fn a_missing_return_or_a_blank_makes_a_count_incomplete_and_names_the_agency() {
        let plan = plan(
            vec![
                agency("POLICE", true),
                agency("CSC", true),
                agency("YOS", true),
            ],
            vec![count("DISRUPTIONS", &["POLICE", "CSC", "YOS"], RollUp::Sum)],
        );
        let data = dataset(
            plan,
            vec![
                a_return("POLICE", q3(), vec![entry("DISRUPTIONS", Value::Count(7))]),
                a_return("CSC", q3(), vec![entry("DISRUPTIONS", Value::Blank)]),
            ],
        );
        let v = &quarter_values(&data, q3())["DISRUPTIONS"];
        assert_eq!(v.cell, Cell::Count(7));
        assert!(v.incomplete);
        let missing: Vec<(&str, MissingReason)> = v
            .missing
            .iter()
            .map(|m| (m.agency.as_str(), m.reason))
            .collect();
        assert_eq!(
            missing,
            [
                ("CSC", MissingReason::Blank),
                ("YOS", MissingReason::NoReturn)
            ]
        );
    }

    #[test]
    fn a_measure_absent_from_a_return_counts_as_blank() {
        let plan = plan(
            three_agencies(),
            vec![count("ARRESTS", &["POLICE"], RollUp::Sum)],
        );
        let data = dataset(plan, vec![a_return("POLICE", q3(), vec![])]);
        let v = &quarter_values(&data, q3())["ARRESTS"];
        assert_eq!(v.cell, Cell::NotAvailable);
        assert_eq!(v.missing[0].reason, MissingReason::Blank);
    }

    #[test]
    fn not_applicable_adds_nothing_and_is_not_missing() {
        let plan = plan(
            three_agencies(),
            vec![count("STAFF_TRAINED", &["all"], RollUp::Sum)],
        );
        let data = dataset(
            plan,
            vec![
                a_return(
                    "POLICE",
                    q3(),
                    vec![entry("STAFF_TRAINED", Value::Count(40))],
                ),
                a_return(
                    "CSC",
                    q3(),
                    vec![entry("STAFF_TRAINED", Value::NotApplicable)],
                ),
            ],
        );
        // `all` = POLICE and CSC; LSCB does not submit returns.
        let v = &quarter_values(&data, q3())["STAFF_TRAINED"];
        assert_eq!(v, &Figure::complete(Cell::Count(40)));
    }

    #[test]
    fn every_reporter_not_applicable_is_z_and_nobody_giving_a_value_is_x() {
        let plan = plan(
            three_agencies(),
            vec![
                count("A", &["POLICE", "CSC"], RollUp::Sum),
                count("B", &["POLICE", "CSC"], RollUp::Sum),
                count("C", &["POLICE", "CSC"], RollUp::Sum),
            ],
        );
        let data = dataset(
            plan,
            vec![
                a_return(
                    "POLICE",
                    q3(),
                    vec![
                        entry("A", Value::NotApplicable),
                        entry("B", Value::NotApplicable),
                        entry("C", Value::Count(0)),
                    ],
                ),
                a_return(
                    "CSC",
                    q3(),
                    vec![
                        entry("A", Value::NotApplicable),
                        entry("B", Value::Blank),
                        entry("C", Value::Blank),
                    ],
                ),
            ],
        );
        let values = quarter_values(&data, q3());
        assert_eq!(values["A"], Figure::complete(Cell::NotApplicable));
        assert_eq!(values["B"].cell, Cell::NotAvailable);
        assert!(values["B"].incomplete);
        assert_eq!(values["C"].cell, Cell::Count(0));
        assert!(values["C"].incomplete);
    }

    #[test]
    fn a_quarter_without_returns_shows_every_count_as_not_available() {
        let plan = plan(
            three_agencies(),
            vec![count("ARRESTS", &["POLICE"], RollUp::Sum)],
        );
        let data = dataset(plan, vec![]);
        let v = &quarter_values(&data, q3())["ARRESTS"];
        assert_eq!(v.cell, Cell::NotAvailable);
        assert_eq!(v.missing[0].reason, MissingReason::NoReturn);
    }

    fn ratio_plan() -> crate::model::Plan {
        plan(
            three_agencies(),
            vec![
                // Listed before its parts on purpose.
                ratio("CHARGE_RATE", "CHARGES", "ARRESTS"),
                count("ARRESTS", &["POLICE"], RollUp::Sum),
                count("CHARGES", &["POLICE", "CSC"], RollUp::Sum),
            ],
        )
    }

    fn ratio_of(arrests: Value, charges_police: Value, csc_returned: bool) -> Figure {
        let mut returns = vec![a_return(
            "POLICE",
            q3(),
            vec![entry("ARRESTS", arrests), entry("CHARGES", charges_police)],
        )];
        if csc_returned {
            returns.push(a_return(
                "CSC",
                q3(),
                vec![entry("CHARGES", Value::Count(0))],
            ));
        }
        quarter_values(&dataset(ratio_plan(), returns), q3())["CHARGE_RATE"].clone()
    }

    #[test]
    fn a_ratio_is_a_percentage_to_one_decimal() {
        let v = ratio_of(Value::Count(3), Value::Count(1), true);
        assert_eq!(v, Figure::complete(Cell::Decimal(33.3)));
    }

    #[test]
    fn a_ratio_over_zero_is_z_and_over_nothing_is_x() {
        assert_eq!(
            ratio_of(Value::Count(0), Value::Count(0), true).cell,
            Cell::NotApplicable
        );
        assert_eq!(
            ratio_of(Value::Blank, Value::Count(1), true).cell,
            Cell::NotAvailable
        );
        assert_eq!(
            ratio_of(Value::NotApplicable, Value::Count(1), true).cell,
            Cell::NotApplicable
        );
    }

    #[test]
    fn a_ratio_with_an_incomplete_part_is_incomplete() {
        let v = ratio_of(Value::Count(4), Value::Count(2), false);
        assert_eq!(v.cell, Cell::Decimal(50.0));
        assert!(v.incomplete);
        assert_eq!(v.missing[0].agency, "CSC");
    }

    #[test]
    fn a_ratio_of_ratios_and_a_cycle_do_not_loop() {
        let plan = plan(
            three_agencies(),
            vec![
                ratio("R1", "R2", "ARRESTS"),
                ratio("R2", "ARRESTS", "ARRESTS"),
                ratio("LOOP_A", "LOOP_B", "ARRESTS"),
                ratio("LOOP_B", "LOOP_A", "ARRESTS"),
                ratio("ORPHAN", "NOT_A_MEASURE", "ARRESTS"),
                count("ARRESTS", &["POLICE"], RollUp::Sum),
            ],
        );
        let data = dataset(
            plan,
            vec![a_return(
                "POLICE",
                q3(),
                vec![entry("ARRESTS", Value::Count(50))],
            )],
        );
        let values = quarter_values(&data, q3());
        assert_eq!(values["R2"].cell, Cell::Decimal(100.0));
        assert_eq!(values["R1"].cell, Cell::Decimal(200.0));
        assert_eq!(values["LOOP_A"].cell, Cell::NotAvailable);
        assert_eq!(values["ORPHAN"].cell, Cell::NotAvailable);
    }

    #[test]
    fn referral_codes_come_from_the_log_as_known_at_the_quarters_end() {
        let mut measures = referral_measures();
        measures.push(ratio(
            "CLOSED_REDUCED_PCT",
            "REF_CLOSED_REDUCED",
            "REF_CLOSED",
        ));
        let plan = plan(three_agencies(), measures);
        let q3_log = vec![
            referral("A-1", date(2014, 10, 1)),
            closed(
                referral("A-2", date(2014, 9, 1)),
                date(2014, 11, 1),
                Risk::Low,
            ),
            closed(
                referral("A-3", date(2014, 9, 1)),
                date(2014, 11, 2),
                Risk::High,
            ),
        ];
        let q4_log = vec![closed(
            referral("A-1", date(2014, 10, 1)),
            date(2014, 12, 5),
            Risk::Low,
        )];
        let data = dataset(
            plan,
            vec![
                log_return("CSC", q3(), q3_log),
                log_return("CSC", q(2014, 4), q4_log),
            ],
        );
        let values = quarter_values(&data, q3());
        assert_eq!(values["REF_NEW"].cell, Cell::Count(1));
        assert_eq!(values["REF_CLOSED"].cell, Cell::Count(2));
        assert_eq!(values["REF_OPEN_END"].cell, Cell::Count(1));
        assert_eq!(values["CLOSED_REDUCED_PCT"].cell, Cell::Decimal(50.0));
        assert_eq!(values["REF_MEDIAN_DAYS_OPEN"].cell, Cell::Decimal(61.5));
    }

    #[test]
    fn referral_codes_are_not_available_when_the_log_agency_sent_no_return() {
        let plan = plan(three_agencies(), referral_measures());
        let data = dataset(
            plan,
            vec![
                a_return("POLICE", q3(), vec![]),
                log_return("CSC", q(2014, 2), vec![]),
            ],
        );
        let v = &quarter_values(&data, q3())["REF_NEW"];
        assert_eq!(v.cell, Cell::NotAvailable);
        assert_eq!(v.missing[0].agency, "CSC");
        assert_eq!(v.missing[0].reason, MissingReason::NoReturn);
    }
}
