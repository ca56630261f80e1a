//! Data quality of the returns: for each agency and quarter, whether a return
//! came, when it was completed, its deadline, and whether it was late or is
//! missing. Pure: reads the model only, no file I/O, no clock; it does not
//! judge the returns' contents (the readers and `validate` do that).
//!
//! Readings:
//!
//! - An agency whose `Submits return` is Yes is expected every quarter; a
//!   missing return is one such agency's absent file.
//! - An agency set not to submit (`Submits return` = No) appears only in the
//!   quarters it sent a return anyway, never as missing.
//! - Late = `Date completed` after the deadline (the quarter's last day plus
//!   `Return deadline days`), as the `return-late` warning judges it; not known
//!   when the return gives no `Date completed`.

use crate::model::Dataset;
use crate::period::Quarter;
use chrono::NaiveDate;
use serde::Serialize;

/// One agency's return for one quarter, or its absence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnRecord {
    pub quarter: Quarter,
    /// Agency code.
    pub agency: String,
    pub agency_name: String,
    /// The agency's `Submits return` is Yes.
    pub expected: bool,
    /// The return's file as found under the data folder; `None` when no return came.
    pub file: Option<String>,
    pub date_completed: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// `None` when no return came or it gives no `Date completed`.
    pub late: Option<bool>,
}

impl ReturnRecord {
    pub fn received(&self) -> bool {
        self.file.is_some()
    }

    /// Expected and not received.
    pub fn missing(&self) -> bool {
        self.expected && !self.received()
    }
}

/// The day a quarter's returns are due: its last day plus `deadline_days`.
pub fn return_deadline(quarter: Quarter, deadline_days: u32) -> NaiveDate {
    let end = quarter.end();
    end.checked_add_days(chrono::Days::new(u64::from(deadline_days)))
        .unwrap_or(end)
}

/// Every expected or received return of `quarters`, quarter by quarter (in the
/// order given), agencies in the plan's order.
pub fn returns_received(dataset: &Dataset, quarters: &[Quarter]) -> Vec<ReturnRecord> {
    let deadline_days = dataset.plan.settings.return_deadline_days;
    quarters
        .iter()
        .flat_map(|&quarter| {
            let deadline = return_deadline(quarter, deadline_days);
            dataset.plan.agencies.iter().filter_map(move |agency| {
                let sent = dataset.return_of(&agency.code, quarter);
                if !agency.submits_return && sent.is_none() {
                    return None;
                }
                let date_completed = sent.and_then(|r| r.date_completed);
                Some(ReturnRecord {
                    quarter,
                    agency: agency.code.clone(),
                    agency_name: agency.name.clone(),
                    expected: agency.submits_return,
                    file: sent.map(|r| r.file.clone()),
                    date_completed,
                    deadline,
                    late: date_completed.map(|done| done > deadline),
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Return;
    use crate::period::Q;
    use crate::tracking::fixtures::{agency, dataset, date};

    fn sent(code: &str, quarter: Quarter, completed: Option<NaiveDate>) -> Return {
        Return {
            file: format!("data/returns/{}/{}.xlsx", quarter.folder_name(), code),
            path: Default::default(),
            agency: code.into(),
            quarter,
            completed_by: None,
            date_completed: completed,
            date_completed_cell: None,
            actions: Vec::new(),
            measures: Vec::new(),
            referrals: None,
            sha256: String::new(),
        }
    }

    fn records() -> Vec<ReturnRecord> {
        let q3 = Quarter::new(2014, Q::Q3);
        let q4 = Quarter::new(2014, Q::Q4);
        let mut lscb = agency("LSCB", "LSCB business unit");
        lscb.submits_return = false;
        let mut ds = dataset(
            Vec::new(),
            vec![
                sent("POLICE", q3, Some(date(2015, 1, 15))),
                sent("CSC", q3, Some(date(2015, 1, 16))),
                sent("LSCB", q3, None),
                sent("POLICE", q4, None),
            ],
        );
        ds.plan.agencies = vec![agency("POLICE", "Police"), agency("CSC", "CSC"), lscb];
        returns_received(&ds, &[q3, q4])
    }

    #[test]
    fn a_return_on_the_deadline_is_on_time_and_a_day_after_is_late() {
        let r = records();
        assert_eq!(r[0].deadline, date(2015, 1, 15));
        assert_eq!((r[0].agency.as_str(), r[0].late), ("POLICE", Some(false)));
        assert_eq!((r[1].agency.as_str(), r[1].late), ("CSC", Some(true)));
    }

    #[test]
    fn an_absent_expected_return_is_missing_and_lateness_needs_a_date() {
        let r = records();
        let q4: Vec<&ReturnRecord> = r.iter().filter(|x| x.quarter.q == Q::Q4).collect();
        assert_eq!(q4.len(), 2, "LSCB sent nothing in Q4 and is not expected");
        assert_eq!(q4[0].agency, "POLICE");
        assert!(q4[0].received() && !q4[0].missing());
        assert_eq!(q4[0].late, None, "no Date completed: lateness not known");
        assert_eq!(q4[1].agency, "CSC");
        assert!(q4[1].missing() && q4[1].file.is_none() && q4[1].late.is_none());
    }

    #[test]
    fn a_non_submitter_appears_only_where_it_sent_a_return_and_is_never_missing() {
        let r = records();
        let lscb: Vec<&ReturnRecord> = r.iter().filter(|x| x.agency == "LSCB").collect();
        assert_eq!(lscb.len(), 1);
        assert!(lscb[0].received() && !lscb[0].expected && !lscb[0].missing());
    }

    #[test]
    fn the_deadline_counts_days_from_the_quarters_last_day() {
        assert_eq!(
            return_deadline(Quarter::new(2015, Q::Q2), 15),
            date(2015, 10, 15)
        );
        assert_eq!(
            return_deadline(Quarter::new(2014, Q::Q4), 0),
            date(2015, 3, 31)
        );
    }
}
