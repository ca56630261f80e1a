//! Checks of what a run's values may be once every file is read: a ratio's
//! numerator no larger than its denominator in a quarter, and dates in a
//! plausible span. Reports diagnostics at the input cells; never reads files
//! and never computes published figures.
//!
//! The span of plausible dates is taken from the data, not the clock (the
//! same inputs give the same diagnostics any day): from 1 January 2000 to
//! five years after the end of the latest quarter that has a return.
//!
//! Also warns at the cell of any text the PDF papers cannot show as typed:
//! characters no embedded face has, such as emoji (printed as `�`).

use crate::diagnostics::{Diagnostics, Place};
use crate::model::{MeasureKind, PlanIndex, Return, Value};
use crate::period::Quarter;
use chrono::{Months, NaiveDate};

/// Dates before this are reported as implausible.
pub fn earliest_plausible() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// How far past the latest quarter a date may lie before it is reported.
const YEARS_AHEAD: u32 = 5;

/// Runs every check of this module.
pub fn check(index: &PlanIndex, returns: &[Return], d: &mut Diagnostics) {
    check_ratio_parts(index, returns, d);
    check_dates(index, returns, d);
    check_printed_text(index, returns, d);
}

/// One part's value in a quarter: the sum of the counts given, and the cells
/// that gave them.
#[derive(Default)]
struct Part {
    sum: u64,
    cells: Vec<Place>,
}

/// A quarter in which a ratio's numerator is larger than its denominator is an
/// error naming the return cells of both (data contract, "Ratios cannot exceed
/// 100 %"). Only parts collected in returns (Kind `count`) have cells to name;
/// referral measures are counted from one log, where a subset cannot outgrow
/// its whole.
fn check_ratio_parts(index: &PlanIndex, returns: &[Return], d: &mut Diagnostics) {
    let quarters: Vec<Quarter> = {
        let mut q: Vec<Quarter> = returns.iter().map(|r| r.quarter).collect();
        q.sort();
        q.dedup();
        q
    };
    for m in &index.plan.measures {
        let MeasureKind::Ratio {
            numerator,
            denominator,
        } = &m.kind
        else {
            continue;
        };
        let is_count = |code: &str| {
            index
                .measure(code)
                .is_some_and(|p| matches!(p.kind, MeasureKind::Count { .. }))
        };
        if !is_count(numerator) || !is_count(denominator) {
            continue;
        }
        for &quarter in &quarters {
            let of_quarter = returns.iter().filter(|r| r.quarter == quarter);
            let top = part(index, of_quarter.clone(), numerator);
            let bottom = part(index, of_quarter, denominator);
            if top.cells.is_empty() || bottom.cells.is_empty() || top.sum <= bottom.sum {
                continue;
            }
            let Some(first) = top.cells.first().cloned() else {
                continue;
            };
            d.error(
                first,
                "ratio-over-100",
                format!(
                    "{}: in {quarter} the numerator {numerator} adds up to {} but the denominator {denominator} to only {}, which would make more than 100 %; check the values at {} (numerator) and {} (denominator)",
                    m.code,
                    top.sum,
                    bottom.sum,
                    places(&top.cells),
                    places(&bottom.cells)
                ),
            );
        }
    }
}

fn part<'a>(index: &PlanIndex, returns: impl Iterator<Item = &'a Return>, code: &str) -> Part {
    let mut found = Part::default();
    for r in returns.filter(|r| index.reports(code, &r.agency)) {
        for e in r.measures.iter().filter(|e| e.code == code) {
            if let Value::Count(n) = e.value {
                // Counts are at most 1,000,000 each; saturating all the same.
                found.sum = found.sum.saturating_add(n);
                found.cells.push(e.at.place("Value"));
            }
        }
    }
    found
}

fn places(cells: &[Place]) -> String {
    cells
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The span of plausible dates: from 2000 to five years after the end of the
/// latest quarter with a return (no upper end when there are no returns).
#[derive(Clone, Copy)]
struct Span {
    latest: Option<(Quarter, NaiveDate)>,
}

impl Span {
    fn of(returns: &[Return]) -> Span {
        let latest = returns.iter().map(|r| r.quarter).max().map(|q| {
            let end = q.end();
            let ahead = end
                .checked_add_months(Months::new(12 * YEARS_AHEAD))
                .unwrap_or(NaiveDate::MAX);
            (q, ahead)
        });
        Span { latest }
    }

    /// Why `date` is implausible, in words, or `None`. `quote` says whether
    /// the date itself may be shown (never for a Referrals sheet).
    fn problem(self, date: NaiveDate, quote: bool) -> Option<String> {
        let shown = if quote {
            format!("{} ", date.format("%d/%m/%Y"))
        } else {
            "the date ".to_string()
        };
        if date < earliest_plausible() {
            return Some(format!(
                "{shown}is before 2000; check the year (a date typed as a number, or a two-digit year read wrongly)"
            ));
        }
        let (quarter, ahead) = self.latest?;
        (date > ahead).then(|| {
            format!(
                "{shown}is more than {YEARS_AHEAD} years after the end of {quarter}, the latest quarter with returns ({}); check the year",
                quarter.end().format("%d/%m/%Y")
            )
        })
    }
}

/// A warning for each date outside the plausible span, at its cell.
fn check_dates(index: &PlanIndex, returns: &[Return], d: &mut Diagnostics) {
    let span = Span::of(returns);
    let mut warn = |place: Place, column: &str, date: NaiveDate, quote: bool| {
        if let Some(problem) = span.problem(date, quote) {
            d.warning(place, "date-implausible", format!("{column}: {problem}"));
        }
    };
    for a in &index.plan.actions {
        if let Some(start) = a.start {
            warn(a.at.place("Start"), "Start", start, true);
        }
        warn(a.at.place("Due"), "Due", a.due, true);
    }
    for r in returns {
        if let (Some(done), Some(cell)) = (r.date_completed, &r.date_completed_cell) {
            warn(
                Place::cell(&r.file, "Return", cell),
                "Date completed",
                done,
                true,
            );
        }
        for u in &r.actions {
            if let Some(revised) = u.revised_due {
                warn(u.at.place("Revised due"), "Revised due", revised, true);
            }
        }
        for referral in r.referrals.iter().flatten() {
            warn(
                referral.at.place("Date received"),
                "Date received",
                referral.received,
                false,
            );
            if let Some(closed) = referral.closed {
                warn(
                    referral.at.place("Date closed"),
                    "Date closed",
                    closed,
                    false,
                );
            }
        }
    }
}

/// A warning at each cell whose text reaches the PDF papers but cannot be
/// shown there as typed. Text from a Referrals sheet never reaches a paper.
fn check_printed_text(index: &PlanIndex, returns: &[Return], d: &mut Diagnostics) {
    let mut warn = |place: Place, column: &str, text: &str| {
        if let Some(problem) = printing_problem(text) {
            d.warning(place, "text-not-shown", format!("{column}: {problem}"));
        }
    };
    let plan = index.plan;
    for a in &plan.agencies {
        warn(a.at.place("Agency"), "Agency", &a.name);
        if let Some(role) = &a.lead_role {
            warn(a.at.place("Lead role"), "Lead role", role);
        }
    }
    for a in &plan.actions {
        warn(a.at.place("Action"), "Action", &a.action);
        warn(a.at.place("Owner"), "Owner", &a.owner);
        for (column, text) in [
            ("Objective", &a.objective),
            ("Outcome measure", &a.outcome_measure),
            ("Source", &a.source),
        ] {
            if let Some(text) = text {
                warn(a.at.place(column), column, text);
            }
        }
    }
    for m in &plan.measures {
        warn(m.at.place("Measure"), "Measure", &m.label);
    }
    for r in returns {
        for u in &r.actions {
            for (column, text) in [("Progress update", &u.progress), ("Evidence", &u.evidence)] {
                if let Some(text) = text {
                    warn(u.at.place(column), column, text);
                }
            }
        }
    }
}

/// What the PDF papers will do to `text`, in words, or `None` when they show
/// it as typed.
fn printing_problem(text: &str) -> Option<String> {
    let missing = crate::render::text::undrawable(text);
    if !missing.is_empty() {
        // Code points, not the characters: this message may be printed in a
        // paper, which quotes no input text (and could not show them anyway).
        let shown: Vec<String> = missing
            .iter()
            .take(5)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        let more = if missing.len() > 5 {
            format!(" and {} more", missing.len() - 5)
        } else {
            String::new()
        };
        let count = missing.len();
        let plural = if count == 1 { "" } else { "s" };
        return Some(format!(
            "the PDF papers' fonts cannot show {count} character{plural} of this text ({}{more}); each is printed as � — emoji and scripts other than Latin, Greek, Cyrillic, Hebrew, Arabic (with Urdu), Bengali and Chinese, Japanese or Korean have no font: write the text without them, or give a transliteration beside it",
            shown.join(", ")
        ));
    }
    None
}
