//! The chair's chasing picture: for each quarter, whose return is in and
//! whose is missing (with its deadline and the days past it, judged as of a
//! date the caller gives), the `return-missing` warnings `check` prints, and
//! the `boardpack status` view with the overdue actions per owner. Pure: reads
//! the model, no file and no clock (the as-of date comes from the command
//! line); input text is escaped for the terminal where it is printed.

use crate::diagnostics::{Diagnostics, Place};
use crate::model::Dataset;
use crate::period::Quarter;
use crate::quality::{return_deadline, returns_received, ReturnRecord};
use crate::terminal::escape;
use crate::tracking::{group_by_owner, Section, Tracking};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// One quarter's returns as of a date.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterReturns {
    pub quarter: Quarter,
    pub deadline: NaiveDate,
    pub as_of: NaiveDate,
    /// The quarter's folder under the data folder exists.
    pub folder_exists: bool,
    /// Agencies whose `Submits return` is Yes.
    pub expected: usize,
    /// Of those, how many sent a return.
    pub received: usize,
    pub returns: Vec<ReturnRecord>,
    /// The expected returns that have not come, in the plan's order.
    pub missing: Vec<MissingReturn>,
}

/// An expected return that has not come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingReturn {
    pub quarter: Quarter,
    pub agency: String,
    pub agency_name: String,
    pub deadline: NaiveDate,
    /// The as-of date minus the deadline: positive when late, 0 on the day,
    /// negative while it is not yet due.
    pub days_late: i64,
}

/// The quarters `check` reports returns for: `only` when given (a quarter
/// with no folder included), else every quarter from the first folder to the
/// last (a quarter between them with no folder has all its returns missing).
pub fn quarters_to_report(folders: &[Quarter], only: Option<Quarter>) -> Vec<Quarter> {
    if let Some(q) = only {
        return vec![q];
    }
    let (Some(&first), Some(&last)) = (folders.iter().min(), folders.iter().max()) else {
        return Vec::new();
    };
    let mut quarters = vec![first];
    while let Some(&q) = quarters.last().filter(|&&q| q < last) {
        quarters.push(q.next());
    }
    quarters
}

/// Each quarter's returns as of `as_of`; `folders` are the quarters whose
/// folder exists.
pub fn returns_by_quarter(
    dataset: &Dataset,
    quarters: &[Quarter],
    folders: &[Quarter],
    as_of: NaiveDate,
) -> Vec<QuarterReturns> {
    let deadline_days = dataset.plan.settings.return_deadline_days;
    quarters
        .iter()
        .map(|&quarter| {
            let returns = returns_received(dataset, &[quarter]);
            let deadline = return_deadline(quarter, deadline_days);
            let missing = returns
                .iter()
                .filter(|r| r.missing())
                .map(|r| MissingReturn {
                    quarter,
                    agency: r.agency.clone(),
                    agency_name: r.agency_name.clone(),
                    deadline,
                    days_late: (as_of - deadline).num_days(),
                })
                .collect();
            QuarterReturns {
                quarter,
                deadline,
                as_of,
                folder_exists: folders.contains(&quarter),
                expected: returns.iter().filter(|r| r.expected).count(),
                received: returns
                    .iter()
                    .filter(|r| r.expected && r.received())
                    .count(),
                returns,
                missing,
            }
        })
        .collect()
}

/// `5 days late`, `due today`, `due in 3 days`.
pub fn lateness(days_late: i64) -> String {
    match days_late {
        0 => "due today".to_string(),
        d if d > 0 => format!("{} late", count(d, "day")),
        d => format!("due in {}", count(-d, "day")),
    }
}

/// `1 day`, `2 days`.
pub fn count(n: impl Into<i64>, word: &str) -> String {
    let n = n.into();
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The folder a quarter's returns go in, as the user names it.
pub fn quarter_folder(data: &Path, quarter: Quarter) -> String {
    data.join(quarter.folder_name()).display().to_string()
}

/// One `return-missing` warning per missing return, placed at the quarter's
/// folder (the file that should be there is named in the message).
pub fn missing_diagnostics(quarters: &[QuarterReturns], data: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for q in quarters {
        for m in &q.missing {
            diags.warning(
                Place::file(quarter_folder(data, q.quarter)),
                "return-missing",
                missing_message(m, q.as_of),
            );
        }
    }
    diags
}

/// The `return-missing` message: who, which quarter, the deadline and how far past it.
pub fn missing_message(m: &MissingReturn, as_of: NaiveDate) -> String {
    format!(
        "{}, {}, has sent no return for {}: due {}, {} as of {}; it goes in this folder as {}.xlsx",
        m.agency,
        m.agency_name,
        m.quarter,
        date(m.deadline),
        lateness(m.days_late),
        date(as_of),
        m.agency.to_ascii_lowercase()
    )
}

/// `2015-16 Q3: 10 of 12 returns received; missing: Project 28 (due 15/01/2016, 5 days late), …`
/// Input text (agency names) is escaped.
pub fn summary_line(q: &QuarterReturns, data: &Path) -> String {
    let head = if q.folder_exists {
        format!("{}", q.quarter)
    } else {
        format!(
            "{} (no folder {})",
            q.quarter,
            escape(&quarter_folder(data, q.quarter))
        )
    };
    if q.expected == 0 {
        return format!("{head}: no agency is set to submit returns (Submits return = Yes).");
    }
    if q.missing.is_empty() {
        return format!(
            "{head}: {} of {} received, none missing (due {}).",
            q.received,
            count(q.expected as i64, "return"),
            date(q.deadline)
        );
    }
    let missing: Vec<String> = q
        .missing
        .iter()
        .map(|m| {
            format!(
                "{} (due {}, {})",
                escape(&m.agency_name),
                date(m.deadline),
                lateness(m.days_late)
            )
        })
        .collect();
    format!(
        "{head}: {} of {} received; missing: {}.",
        q.received,
        count(q.expected as i64, "return"),
        missing.join(", ")
    )
}

/// The `status` view: the quarter's returns agency by agency, then the
/// overdue actions per agency and owner. Input text is escaped. Ends with a newline.
pub fn render_status(
    q: &QuarterReturns,
    tracked: &Tracking,
    dataset: &Dataset,
    data: &Path,
) -> String {
    let folder = if q.folder_exists {
        String::new()
    } else {
        format!(
            " — no folder {} yet",
            escape(&quarter_folder(data, q.quarter))
        )
    };
    let mut out = format!(
        "Returns for {}, as of {} (due {}){folder}: {} of {} received, {} missing.\n",
        q.quarter,
        date(q.as_of),
        date(q.deadline),
        q.received,
        count(q.expected as i64, "return"),
        q.missing.len()
    );
    let code_width = q
        .returns
        .iter()
        .map(|r| r.agency.chars().count())
        .max()
        .unwrap_or(0);
    for r in &q.returns {
        let state = if r.received() {
            match (r.date_completed, r.late) {
                (Some(done), Some(true)) => format!(
                    "received, completed {} ({} after the deadline)",
                    date(done),
                    count((done - q.deadline).num_days(), "day")
                ),
                (Some(done), _) => format!("received, completed {}", date(done)),
                (None, _) => "received (no Date completed)".to_string(),
            }
        } else {
            let days = (q.as_of - q.deadline).num_days();
            format!("MISSING, {}", lateness(days))
        };
        let expected = if r.expected {
            ""
        } else {
            " (not expected: Submits return = No)"
        };
        out.push_str(&format!(
            "  {:<code_width$}  {}: {state}{expected}\n",
            escape(&r.agency),
            escape(&one_line(&r.agency_name)),
        ));
    }
    out.push('\n');
    out.push_str(&render_overdue(tracked, dataset));
    out
}

/// Overdue actions as of the tracking date, per agency and owner, most overdue first.
fn render_overdue(tracked: &Tracking, dataset: &Dataset) -> String {
    let overdue = tracked.section(Section::Overdue, None);
    let groups = group_by_owner(overdue.iter().copied());
    let mut out = format!(
        "Overdue actions as of {}: {}",
        date(tracked.as_of),
        count(overdue.len() as i64, "action")
    );
    if overdue.is_empty() {
        out.push_str(".\n");
        return out;
    }
    out.push_str(&format!(
        ", {} to chase.\n",
        count(groups.len() as i64, "owner")
    ));
    let mut current_agency = None;
    for group in groups {
        if current_agency != Some(group.agency) {
            let name = dataset
                .plan
                .agency(group.agency)
                .map(|a| one_line(&a.name))
                .unwrap_or_default();
            out.push_str(&format!("  {}  {}\n", escape(group.agency), escape(&name)));
            current_agency = Some(group.agency);
        }
        let refs: Vec<String> = group
            .actions
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    escape(&one_line(&s.ref_)),
                    count(s.days_overdue, "day")
                )
            })
            .collect();
        out.push_str(&format!(
            "    {}: {} overdue — {}\n",
            escape(&one_line(group.owner)),
            group.actions.len(),
            refs.join(", ")
        ));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Return;
    use crate::period::Q;
    use crate::tracking::fixtures::{agency, dataset, date as day};

    fn sent(code: &str, quarter: Quarter) -> Return {
        let mut r = crate::tracking::fixtures::ret(code, quarter, Vec::new());
        r.date_completed = Some(quarter.end());
        r
    }

    fn example() -> Dataset {
        let q = Quarter::new(2015, Q::Q3);
        let mut ds = dataset(Vec::new(), vec![sent("POLICE", q)]);
        let mut lscb = agency("LSCB", "LSCB business unit");
        lscb.submits_return = false;
        ds.plan.agencies = vec![
            agency("POLICE", "Police"),
            agency("PROJ28", "Project 28"),
            agency("CSC", "Children's Social Care"),
            lscb,
        ];
        ds.plan.settings.return_deadline_days = 15;
        ds
    }

    #[test]
    fn quarters_run_from_the_first_folder_to_the_last_or_are_the_one_asked() {
        let q = |y, n| Quarter::new(y, Q::from_number(n).expect("a quarter 1 to 4"));
        assert_eq!(
            quarters_to_report(&[q(2014, 3), q(2015, 1)], None),
            vec![q(2014, 3), q(2014, 4), q(2015, 1)]
        );
        assert_eq!(quarters_to_report(&[], None), Vec::<Quarter>::new());
        assert_eq!(
            quarters_to_report(&[q(2014, 3)], Some(q(2013, 1))),
            vec![q(2013, 1)]
        );
    }

    #[test]
    fn missing_returns_are_counted_as_of_the_given_date_not_the_clock() {
        let ds = example();
        let q3 = Quarter::new(2015, Q::Q3);
        let late = &returns_by_quarter(&ds, &[q3], &[q3], day(2016, 1, 20))[0];
        assert_eq!((late.expected, late.received), (3, 1));
        assert_eq!(late.deadline, day(2016, 1, 15));
        assert_eq!(
            late.missing
                .iter()
                .map(|m| (m.agency.as_str(), m.days_late))
                .collect::<Vec<_>>(),
            vec![("PROJ28", 5), ("CSC", 5)]
        );
        assert_eq!(
            summary_line(late, Path::new("data/returns")),
            "2015-16 Q3: 1 of 3 returns received; missing: Project 28 (due 15/01/2016, 5 days late), \
             Children's Social Care (due 15/01/2016, 5 days late)."
        );
        let on_the_day = &returns_by_quarter(&ds, &[q3], &[q3], day(2016, 1, 15))[0];
        assert_eq!(on_the_day.missing[0].days_late, 0);
        assert!(summary_line(on_the_day, Path::new("d")).contains("due today"));
        let early = &returns_by_quarter(&ds, &[q3], &[q3], day(2016, 1, 14))[0];
        assert!(summary_line(early, Path::new("d")).contains("(due 15/01/2016, due in 1 day)"));
    }

    #[test]
    fn a_quarter_with_no_folder_says_so_and_misses_every_return() {
        let ds = example();
        let q1 = Quarter::new(2013, Q::Q1);
        let q = &returns_by_quarter(&ds, &[q1], &[], day(2016, 1, 20))[0];
        assert_eq!((q.expected, q.received, q.missing.len()), (3, 0, 3));
        let line = summary_line(q, Path::new("data/returns"));
        assert!(
            line.starts_with("2013-14 Q1 (no folder data/returns/2013-14-Q1): 0 of 3 returns received; missing: Police"),
            "{line}"
        );
        let diags = missing_diagnostics(std::slice::from_ref(q), Path::new("data/returns"));
        let all: Vec<_> = diags.iter().collect();
        assert_eq!(all.len(), 3);
        assert!(all
            .iter()
            .all(|d| d.code == "return-missing" && d.file == "data/returns/2013-14-Q1"));
        assert!(all[0]
            .message
            .starts_with("POLICE, Police, has sent no return for 2013-14 Q1: due 15/07/2013"));
    }

    #[test]
    fn a_quarter_with_every_return_in_says_all_received() {
        let mut ds = example();
        let q3 = Quarter::new(2015, Q::Q3);
        ds.plan.agencies.truncate(1);
        let q = &returns_by_quarter(&ds, &[q3], &[q3], day(2016, 1, 20))[0];
        assert_eq!(
            summary_line(q, Path::new("d")),
            "2015-16 Q3: 1 of 1 return received, none missing (due 15/01/2016)."
        );
    }

    #[test]
    fn agency_names_with_control_characters_are_escaped_in_the_summary() {
        let mut ds = example();
        ds.plan.agencies[1].name = "Project\u{1b}]0;pwned\u{7} 28".into();
        let q3 = Quarter::new(2015, Q::Q3);
        let q = &returns_by_quarter(&ds, &[q3], &[q3], day(2016, 1, 20))[0];
        let line = summary_line(q, Path::new("d"));
        assert!(
            !line.contains('\u{1b}') && line.contains("Project\\x1b]0;pwned\\x07 28"),
            "{line}"
        );
    }
}
