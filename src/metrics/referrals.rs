//! The referral log merged across returns, and the `REF_*` metrics of any period.
//! Pure: reads the model only; Case IDs are used to join rows and never leave here.
//!
//! A quarter's log is built from the referral log agency's returns of that quarter
//! and earlier (a paper once issued never changes when later returns arrive);
//! within them the latest return's row for a (Case ID, Date received) pair wins.

use super::{round1, Cell};
use crate::model::{Dataset, Referral, ReferralCode, Risk};
use crate::period::Quarter;
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> DateRange {
        DateRange { start, end }
    }

    pub fn quarter(quarter: Quarter) -> DateRange {
        DateRange::new(quarter.start(), quarter.end())
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A period made of one or more date ranges (a year whose middle quarter has no
/// data is two ranges). Sorted, disjoint and non-adjacent once built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    ranges: Vec<DateRange>,
}

impl Period {
    pub(crate) fn new(ranges: &[DateRange]) -> Period {
        let mut sorted: Vec<DateRange> = ranges
            .iter()
            .copied()
            .filter(|r| r.start <= r.end)
            .collect();
        sorted.sort();
        let mut merged: Vec<DateRange> = Vec::with_capacity(sorted.len());
        for range in sorted {
            match merged.last_mut() {
                Some(last) if range.start <= last.end.succ_opt().unwrap_or(last.end) => {
                    last.end = last.end.max(range.end);
                }
                _ => merged.push(range),
            }
        }
        Period { ranges: merged }
    }

    fn contains(&self, date: NaiveDate) -> bool {
        self.ranges.iter().any(|r| r.contains(date))
    }

    fn contains_opt(&self, date: Option<NaiveDate>) -> bool {
        date.is_some_and(|d| self.contains(d))
    }

    fn last_day(&self) -> Option<NaiveDate> {
        self.ranges.last().map(|r| r.end)
    }
}

/// The referral log as known at the end of some quarter: one row per
/// (Case ID, Date received), sorted by Case ID then Date received. Case IDs
/// are compared in canonical form (`crate::canonical::case_key`).
#[derive(Clone, Debug, Default)]
pub struct ReferralLog<'a> {
    rows: Vec<&'a Referral>,
    /// The canonical Case ID of each row (`crate::canonical::case_key`).
    keys: Vec<String>,
}

impl<'a> ReferralLog<'a> {
    /// Merges logs given oldest first: a later row for the same (Case ID, Date
    /// received) replaces an earlier one.
    pub fn merge<I>(logs: I) -> ReferralLog<'a>
    where
        I: IntoIterator<Item = &'a [Referral]>,
    {
        // Keyed by the canonical Case ID: `cse-0164` and `CSE-0164` are one child.
        let mut latest: BTreeMap<(String, NaiveDate), &'a Referral> = BTreeMap::new();
        for log in logs {
            for row in log {
                latest.insert(
                    (crate::canonical::case_key(&row.case_id), row.received),
                    row,
                );
            }
        }
        let (keys, rows) = latest.into_iter().map(|((key, _), row)| (key, row)).unzip();
        ReferralLog { rows, keys }
    }

    /// The log as known at the end of `quarter`: the referral log agency's returns
    /// of that quarter and earlier. Empty when no agency keeps the log.
    pub fn as_at(dataset: &'a Dataset, quarter: Quarter) -> ReferralLog<'a> {
        let Some(keeper) = dataset.referral_log_agency.as_deref() else {
            return ReferralLog::default();
        };
        let mut returns: Vec<_> = dataset
            .returns
            .iter()
            .filter(|r| r.agency == keeper && r.quarter <= quarter)
            .collect();
        // Already sorted by quarter in a Dataset; sorting again keeps "latest wins"
        // true for a Dataset built by hand.
        returns.sort_by_key(|r| r.quarter);
        ReferralLog::merge(returns.into_iter().filter_map(|r| r.referrals.as_deref()))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows in Case ID, Date received order.
    /// The rows open at the end of `day`: received on or before it and not
    /// closed by it.
    pub fn open_on(&self, day: NaiveDate) -> impl Iterator<Item = &'a Referral> + '_ {
        self.rows
            .iter()
            .copied()
            .filter(move |row| is_open_at(row, day))
    }

    pub fn rows(&self) -> &[&'a Referral] {
        &self.rows
    }

    /// The `REF_*` metrics of one inclusive date range.
    pub fn metrics(&self, range: DateRange) -> ReferralMetrics {
        self.metrics_over(&[range])
    }

    /// The `REF_*` metrics of a period made of several ranges: flows count what
    /// falls in any range, `REF_OPEN_END` is taken on the last day of the last
    /// range, the median is over every closure in the ranges.
    pub fn metrics_over(&self, ranges: &[DateRange]) -> ReferralMetrics {
        let period = Period::new(ranges);
        let mut m = ReferralMetrics::default();
        let mut days_open: Vec<i64> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            if period.contains(row.received) {
                m.count_new(row);
                if self.is_rereferral(i) {
                    m.rereferral += 1;
                }
            }
            if period.last_day().is_some_and(|end| is_open_at(row, end)) {
                m.open_end += 1;
            }
            if period.contains_opt(row.closed) {
                m.closed += 1;
                if closed_with_risk_reduced(row) {
                    m.closed_reduced += 1;
                }
                if let Some(closed) = row.closed {
                    days_open.push((closed - row.received).num_days());
                }
            }
        }
        m.median_days_open = median(&mut days_open).map(round1);
        m
    }

    /// The new referrals received in the ranges.
    pub(crate) fn new_referrals(&self, ranges: &[DateRange]) -> Vec<&'a Referral> {
        let period = Period::new(ranges);
        self.rows
            .iter()
            .copied()
            .filter(|r| period.contains(r.received))
            .collect()
    }

    /// Rows of the same Case ID sit next to each other, ordered by Date received,
    /// so the earlier referrals of row `i` are the rows just before it with the
    /// same Case ID: no join over the whole log.
    fn is_rereferral(&self, i: usize) -> bool {
        let Some(row) = self.rows.get(i) else {
            return false;
        };
        let window_start = row.received.checked_sub_months(Months::new(12));
        let key = &self.keys[i];
        self.rows[..i]
            .iter()
            .zip(&self.keys[..i])
            .rev()
            .take_while(|(_, earlier_key)| *earlier_key == key)
            .map(|(earlier, _)| earlier)
            .any(|earlier| {
                earlier.closed.is_some_and(|closed| {
                    closed <= row.received && window_start.is_none_or(|start| closed >= start)
                })
            })
    }
}

fn is_open_at(row: &Referral, day: NaiveDate) -> bool {
    row.received <= day && row.closed.is_none_or(|closed| closed > day)
}

fn closed_with_risk_reduced(row: &Referral) -> bool {
    row.risk_at_closure
        .is_some_and(|at_close| at_close < row.risk_at_referral)
}

/// The middle value, or the mean of the two middle values; `None` when empty.
fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0),
    }
}

/// The contract's referral codes for one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReferralMetrics {
    pub new: u64,
    pub new_high: u64,
    pub new_medium: u64,
    pub new_low: u64,
    pub open_end: u64,
    pub rereferral: u64,
    pub marac: u64,
    pub lac: u64,
    pub closed: u64,
    pub closed_reduced: u64,
    /// One decimal place; `None` when nothing closed in the period.
    pub median_days_open: Option<f64>,
}

impl ReferralMetrics {
    fn count_new(&mut self, row: &Referral) {
        self.new += 1;
        match row.risk_at_referral {
            Risk::High => self.new_high += 1,
            Risk::Medium => self.new_medium += 1,
            Risk::Low => self.new_low += 1,
            // Not a risk the contract allows at referral; still a new referral.
            Risk::None => {}
        }
        if row.marac == Some(true) {
            self.marac += 1;
        }
        if row.looked_after {
            self.lac += 1;
        }
    }

    /// The value of a `REF_*` code; `None` for a code that is not one.
    /// A median over no closures is not applicable (`[z]`).
    pub fn cell(&self, code: &str) -> Option<Cell> {
        let count = match ReferralCode::from_code(code)? {
            ReferralCode::New => self.new,
            ReferralCode::NewHigh => self.new_high,
            ReferralCode::NewMedium => self.new_medium,
            ReferralCode::NewLow => self.new_low,
            ReferralCode::OpenEnd => self.open_end,
            ReferralCode::Rereferral => self.rereferral,
            ReferralCode::Marac => self.marac,
            ReferralCode::Lac => self.lac,
            ReferralCode::Closed => self.closed,
            ReferralCode::ClosedReduced => self.closed_reduced,
            ReferralCode::MedianDaysOpen => {
                return Some(
                    self.median_days_open
                        .map_or(Cell::NotApplicable, Cell::Decimal),
                )
            }
        };
        Some(Cell::Count(count))
    }
}

/// Whether the referral log agency's return for `quarter` is in, with its log.
/// Without it the quarter's referral figures are not available: an older log
/// knows nothing of the quarter's new referrals.
pub(crate) fn log_returned(dataset: &Dataset, quarter: Quarter) -> LogState {
    let Some(keeper) = dataset.referral_log_agency.as_deref() else {
        return LogState::NoKeeper;
    };
    match dataset.return_of(keeper, quarter) {
        None => LogState::NoReturn,
        Some(r) if r.referrals.is_none() => LogState::NoSheet,
        Some(_) => LogState::Returned,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LogState {
    Returned,
    NoKeeper,
    NoReturn,
    NoSheet,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;
    use crate::model::Risk;

    fn q3() -> Quarter {
        q(2014, 3)
    }

    fn metrics_of(rows: &[Referral], range: DateRange) -> ReferralMetrics {
        ReferralLog::merge([rows]).metrics(range)
    }

    #[test]
    fn new_referrals_count_the_quarters_first_and_last_day_and_not_the_day_after() {
        let rows = vec![
            referral("A-1", date(2014, 10, 1)),
            referral("A-2", date(2014, 12, 31)),
            referral("A-3", date(2015, 1, 1)),
            referral("A-4", date(2014, 9, 30)),
        ];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!(m.new, 2);
    }

    #[test]
    fn new_referrals_split_by_risk_marac_and_looked_after() {
        let mut high = referral("A-1", date(2014, 10, 5));
        high.risk_at_referral = Risk::High;
        high.marac = Some(true);
        let mut low = referral("A-2", date(2014, 11, 5));
        low.risk_at_referral = Risk::Low;
        low.looked_after = true;
        low.marac = Some(false);
        let medium = referral("A-3", date(2014, 12, 5));
        let m = metrics_of(&[high, low, medium], DateRange::quarter(q3()));
        assert_eq!((m.new, m.new_high, m.new_medium, m.new_low), (3, 1, 1, 1));
        assert_eq!((m.marac, m.lac), (1, 1));
    }

    #[test]
    fn received_on_the_last_day_is_open_at_the_end() {
        let rows = vec![referral("A-1", date(2014, 12, 31))];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!((m.new, m.open_end), (1, 1));
    }

    #[test]
    fn closed_on_the_last_day_is_not_open_at_the_end_but_closed_the_day_after_is() {
        let rows = vec![
            closed(
                referral("A-1", date(2014, 8, 1)),
                date(2014, 12, 31),
                Risk::Low,
            ),
            closed(
                referral("A-2", date(2014, 8, 1)),
                date(2015, 1, 1),
                Risk::Low,
            ),
        ];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!(m.open_end, 1);
        assert_eq!(m.closed, 1);
        assert_eq!(m.new, 0);
    }

    #[test]
    fn closed_the_day_it_was_received_counts_as_new_and_closed_and_zero_days_open() {
        let rows = vec![closed(
            referral("A-1", date(2014, 11, 3)),
            date(2014, 11, 3),
            Risk::None,
        )];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!((m.new, m.closed, m.open_end), (1, 1, 0));
        assert_eq!(m.closed_reduced, 1);
        assert_eq!(m.median_days_open, Some(0.0));
    }

    #[test]
    fn risk_is_reduced_only_when_lower_at_closure() {
        let rows = vec![
            closed(
                referral("A-1", date(2014, 8, 1)),
                date(2014, 10, 10),
                Risk::Low,
            ),
            closed(
                referral("A-2", date(2014, 8, 1)),
                date(2014, 10, 11),
                Risk::Medium,
            ),
            closed(
                referral("A-3", date(2014, 8, 1)),
                date(2014, 10, 12),
                Risk::High,
            ),
        ];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!((m.closed, m.closed_reduced), (3, 1));
    }

    #[test]
    fn median_days_open_is_the_middle_or_mean_of_the_two_middle_closures() {
        let start = date(2014, 7, 1);
        let odd = vec![
            closed(referral("A-1", start), date(2014, 10, 1), Risk::Low), // 92
            closed(referral("A-2", start), date(2014, 10, 11), Risk::Low), // 102
            closed(referral("A-3", start), date(2014, 12, 1), Risk::Low), // 153
        ];
        assert_eq!(
            metrics_of(&odd, DateRange::quarter(q3())).median_days_open,
            Some(102.0)
        );
        let even = &odd[..2];
        assert_eq!(
            metrics_of(even, DateRange::quarter(q3())).median_days_open,
            Some(97.0)
        );
        let one_apart = vec![
            closed(referral("A-1", start), date(2014, 10, 1), Risk::Low), // 92
            closed(referral("A-2", start), date(2014, 10, 2), Risk::Low), // 93
        ];
        assert_eq!(
            metrics_of(&one_apart, DateRange::quarter(q3())).median_days_open,
            Some(92.5)
        );
        let none = metrics_of(&[], DateRange::quarter(q3()));
        assert_eq!(none.median_days_open, None);
        assert_eq!(none.cell("REF_MEDIAN_DAYS_OPEN"), Some(Cell::NotApplicable));
    }

    #[test]
    fn rereferred_364_days_after_closure_counts_and_366_days_after_does_not() {
        // 2014-01-15 + 364 days = 2015-01-14; + 366 days = 2015-01-16.
        let rows = vec![
            closed(
                referral("A-1", date(2013, 6, 1)),
                date(2014, 1, 15),
                Risk::Low,
            ),
            referral("A-1", date(2015, 1, 14)),
            closed(
                referral("B-1", date(2013, 6, 1)),
                date(2014, 1, 15),
                Risk::Low,
            ),
            referral("B-1", date(2015, 1, 16)),
        ];
        let q4 = DateRange::quarter(q(2014, 4));
        let m = metrics_of(&rows, q4);
        assert_eq!((m.new, m.rereferral), (2, 1));
        let only_364: Vec<_> = rows[..2].to_vec();
        assert_eq!(metrics_of(&only_364, q4).rereferral, 1);
        let only_366: Vec<_> = rows[2..].to_vec();
        assert_eq!(metrics_of(&only_366, q4).rereferral, 0);
    }

    #[test]
    fn one_case_id_typed_two_ways_is_one_child() {
        // The same referral in two logs, typed differently: one row.
        let first = vec![referral("cse-0164", date(2014, 10, 2))];
        let second = vec![referral("CSE-0164", date(2014, 10, 2))];
        let log = ReferralLog::merge([first.as_slice(), second.as_slice()]);
        assert_eq!(log.len(), 1);
        assert_eq!(log.rows()[0].case_id, "CSE-0164", "the later row wins");
        // An earlier referral typed differently makes the later a re-referral.
        let rows = vec![
            closed(
                referral("cse0164", date(2014, 5, 1)),
                date(2014, 6, 1),
                Risk::Low,
            ),
            referral("CSE-0164", date(2014, 11, 1)),
        ];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!((m.new, m.rereferral), (1, 1));
    }

    #[test]
    fn rereferral_window_is_twelve_calendar_months_inclusive() {
        let closure = closed(
            referral("A-1", date(2013, 6, 1)),
            date(2014, 1, 15),
            Risk::Low,
        );
        let exactly_a_year = vec![closure.clone(), referral("A-1", date(2015, 1, 15))];
        let q4 = DateRange::quarter(q(2014, 4));
        assert_eq!(metrics_of(&exactly_a_year, q4).rereferral, 1);
        let other_case = vec![closure, referral("B-9", date(2015, 1, 15))];
        assert_eq!(metrics_of(&other_case, q4).rereferral, 0);
    }

    #[test]
    fn an_earlier_referral_still_open_or_closed_after_the_new_one_is_not_a_rereferral() {
        let rows = vec![
            referral("A-1", date(2014, 5, 1)),
            referral("A-1", date(2014, 11, 1)),
            closed(
                referral("B-1", date(2014, 5, 1)),
                date(2014, 12, 1),
                Risk::Low,
            ),
            referral("B-1", date(2014, 11, 1)),
        ];
        let m = metrics_of(&rows, DateRange::quarter(q3()));
        assert_eq!((m.new, m.rereferral), (2, 0));
    }

    #[test]
    fn a_later_returns_row_for_the_same_case_and_date_overrides_the_earlier_one() {
        let first = vec![referral("A-1", date(2014, 10, 3))];
        let second = vec![closed(
            referral("A-1", date(2014, 10, 3)),
            date(2015, 2, 1),
            Risk::Low,
        )];
        let log = ReferralLog::merge([first.as_slice(), second.as_slice()]);
        assert_eq!(log.len(), 1);
        let m = log.metrics(DateRange::quarter(q(2014, 4)));
        assert_eq!((m.closed, m.closed_reduced, m.open_end), (1, 1, 0));
    }

    #[test]
    fn a_later_quarters_return_does_not_change_an_earlier_quarters_figure() {
        let q3_log = vec![referral("A-1", date(2014, 10, 3))];
        let mut revised = referral("A-1", date(2014, 10, 3));
        revised.risk_at_referral = Risk::High;
        let q4_log = vec![
            closed(revised, date(2014, 12, 20), Risk::Low),
            referral("A-2", date(2014, 11, 1)),
        ];
        let plan = plan(vec![agency("CSC", true)], referral_measures());
        let data = dataset(
            plan,
            vec![
                log_return("CSC", q3(), q3_log),
                log_return("CSC", q(2014, 4), q4_log),
            ],
        );
        let q3_metrics = ReferralLog::as_at(&data, q3()).metrics(DateRange::quarter(q3()));
        assert_eq!(q3_metrics.new, 1);
        assert_eq!(q3_metrics.new_medium, 1);
        assert_eq!(q3_metrics.open_end, 1);
        assert_eq!(q3_metrics.closed, 0);
        let known_later = ReferralLog::as_at(&data, q(2014, 4)).metrics(DateRange::quarter(q3()));
        assert_eq!(
            (known_later.new, known_later.new_high, known_later.closed),
            (2, 1, 1)
        );
    }

    #[test]
    fn a_period_of_two_ranges_counts_each_and_takes_open_at_the_last_day() {
        let rows = vec![
            referral("A-1", date(2014, 5, 1)), // Q1
            closed(
                referral("A-2", date(2014, 8, 1)),
                date(2014, 8, 20),
                Risk::Low,
            ), // Q2
            referral("A-3", date(2014, 11, 1)), // Q3
        ];
        let log = ReferralLog::merge([rows.as_slice()]);
        let m = log.metrics_over(&[
            DateRange::quarter(q(2014, 3)),
            DateRange::quarter(q(2014, 1)),
        ]);
        assert_eq!((m.new, m.closed, m.open_end), (2, 0, 2));
        let overlapping = log.metrics_over(&[
            DateRange::quarter(q(2014, 1)),
            DateRange::new(date(2014, 4, 1), date(2014, 12, 31)),
        ]);
        assert_eq!((overlapping.new, overlapping.closed), (3, 1));
    }

    #[test]
    fn every_contract_code_has_a_value() {
        let m = ReferralMetrics::default();
        for code in ReferralCode::ALL.map(ReferralCode::code) {
            assert!(m.cell(code).is_some(), "{code}");
        }
        assert_eq!(m.cell("MISSING_EPISODES"), None);
    }
}
