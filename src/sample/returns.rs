//! Builds every agency's quarterly return of the example: the `Return` fields,
//! the updates on the actions it leads, its figures and, for the log keeper, the
//! referral log. Figures and completion dates are drawn once from the seeded
//! generator; everything else comes from the tables. No I/O here.

use super::actions_table::{PlanAction, ACTIONS};
use super::plan::lead_role;
use super::plan_tables::{
    AgencySpec, KindSpec, MeasureSpec, Reporters, Rule, Size, AGENCIES, ALL, DELIBERATE, FIGURES,
    MEASURES, NOTES, QUARTERS, REFERRAL_LOG_AGENCY, RETURN_DEADLINE_DAYS,
};
use super::referrals::{log_for_quarter, Case, LogRow};
use super::rng::SplitMix64;
use super::{EntryRow, ReferralRow, Replica, ReturnBook, UpdateRow};
use crate::period::Quarter;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// Everything the example draws at random for the returns.
pub struct Draws {
    /// (quarter index, agency, measure) → value.
    pub figures: BTreeMap<(usize, &'static str, &'static str), u32>,
    /// (quarter index, agency) → days after the quarter's end the return was completed.
    pub completion_days: BTreeMap<(usize, &'static str), u32>,
}

pub fn draw(rng: &mut SplitMix64) -> Draws {
    let mut draws = Draws {
        figures: BTreeMap::new(),
        completion_days: BTreeMap::new(),
    };
    for quarter in 0..QUARTERS.len() {
        for spec in FIGURES {
            for agency in AGENCIES.iter().filter(|a| applies_to(spec.agency, a)) {
                let value = draw_figure(rng, &draws, quarter, agency, spec.rule);
                draws
                    .figures
                    .insert((quarter, agency.code, spec.code), value);
            }
        }
        for agency in submitting() {
            // Well inside the deadline: only the deliberate late return is late.
            let days = rng.between(3, RETURN_DEADLINE_DAYS.saturating_sub(2));
            draws.completion_days.insert((quarter, agency.code), days);
        }
    }
    draws
}

fn applies_to(rule_agency: &str, agency: &AgencySpec) -> bool {
    agency.submits_return && (rule_agency == ALL || rule_agency == agency.code)
}

fn submitting() -> impl Iterator<Item = &'static AgencySpec> {
    AGENCIES.iter().filter(|a| a.submits_return)
}

fn draw_figure(
    rng: &mut SplitMix64,
    draws: &Draws,
    quarter: usize,
    agency: &AgencySpec,
    rule: Rule,
) -> u32 {
    let range = |ranges: &[(u32, u32); 4]| ranges.get(quarter).copied().unwrap_or((0, 0));
    let other = |code: &str| {
        draws
            .figures
            .get(&(quarter, agency.code, code))
            .copied()
            .unwrap_or(0)
    };
    match rule {
        Rule::Between(ranges) => {
            let (lo, hi) = range(&ranges);
            rng.between(lo, hi)
        }
        Rule::BySize { large, small } => {
            let (lo, hi) = match agency.size {
                Size::Large => range(&large),
                Size::Small => range(&small),
            };
            rng.between(lo, hi)
        }
        Rule::PercentOf(code, lo, hi) => other(code).saturating_mul(rng.between(lo, hi)) / 100,
        Rule::MultipleOf(code, lo, hi) => other(code).saturating_mul(rng.between(lo, hi)),
        Rule::Fixed(values) => values.get(quarter).copied().unwrap_or(0),
    }
}

/// Every return of the example, sorted by quarter then agency code.
pub fn return_books(copies: &[Replica], draws: &Draws, cases: &[Case]) -> Vec<ReturnBook> {
    let mut books = Vec::new();
    for (index, &quarter) in QUARTERS.iter().enumerate() {
        for agency in submitting() {
            if DELIBERATE.missing_return == (agency.code, index) {
                continue;
            }
            for &copy in copies {
                books.push(return_book(
                    agency, copy, index, quarter, draws, cases, copies,
                ));
            }
        }
    }
    books.sort_by(|a, b| (a.quarter, &a.agency).cmp(&(b.quarter, &b.agency)));
    books
}

fn return_book(
    agency: &AgencySpec,
    copy: Replica,
    index: usize,
    quarter: Quarter,
    draws: &Draws,
    cases: &[Case],
    copies: &[Replica],
) -> ReturnBook {
    let keeps_log = agency.code == REFERRAL_LOG_AGENCY && copy.is_first();
    ReturnBook {
        agency: copy.code(agency.code),
        quarter,
        completed_by: lead_role(agency).to_string(),
        date_completed: date_completed(agency, index, quarter, draws),
        actions: action_updates(agency, copy, index),
        measures: measure_entries(agency, index, draws),
        referrals: keeps_log.then(|| referral_rows(cases, quarter, copies)),
    }
}

fn date_completed(agency: &AgencySpec, index: usize, quarter: Quarter, draws: &Draws) -> NaiveDate {
    let (late_agency, late_quarter, days_late) = DELIBERATE.late_return;
    let days = if (late_agency, late_quarter) == (agency.code, index) {
        RETURN_DEADLINE_DAYS + days_late
    } else {
        draws
            .completion_days
            .get(&(index, agency.code))
            .copied()
            .unwrap_or(RETURN_DEADLINE_DAYS)
    };
    let end = quarter.end();
    end.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(end)
}

/// The updates on the actions the agency leads; `None` when it leads none (the
/// return then has no `Actions` sheet). Closed actions drop out of later returns,
/// as they drop out of the pre-filled templates.
fn action_updates(agency: &AgencySpec, copy: Replica, index: usize) -> Option<Vec<UpdateRow>> {
    let led: Vec<&PlanAction> = ACTIONS.iter().filter(|a| a.agency == agency.code).collect();
    if led.is_empty() {
        return None;
    }
    Some(
        led.into_iter()
            .filter_map(|a| update_row(a, copy, index))
            .collect(),
    )
}

fn update_row(action: &PlanAction, copy: Replica, index: usize) -> Option<UpdateRow> {
    let update = action.updates.get(index)?.as_ref()?;
    Some(UpdateRow {
        reference: copy.reference(action.reference),
        action: action.action.to_string(),
        due: action.due,
        status: update.status,
        progress: update.progress.to_string(),
        revised_due: revised_due_as_of(action, index),
        evidence: update.evidence.map(str::to_string),
    })
}

/// The latest revised due date agreed up to this quarter: an agency repeats it
/// in every later return until it agrees another.
pub fn revised_due_as_of(action: &PlanAction, index: usize) -> Option<NaiveDate> {
    action
        .updates
        .iter()
        .take(index + 1)
        .rev()
        .flatten()
        .find_map(|u| u.revised_due)
}

pub fn reports(measure: &MeasureSpec, agency: &AgencySpec) -> bool {
    match measure.kind {
        KindSpec::Count(Reporters::All) => agency.submits_return,
        KindSpec::Count(Reporters::Only(codes)) => codes.contains(&agency.code),
        _ => false,
    }
}

fn measure_entries(agency: &AgencySpec, index: usize, draws: &Draws) -> Option<Vec<EntryRow>> {
    let rows: Vec<EntryRow> = MEASURES
        .iter()
        .filter(|m| reports(m, agency))
        .map(|m| entry_row(m, agency, index, draws))
        .collect();
    (!rows.is_empty()).then_some(rows)
}

fn entry_row(measure: &MeasureSpec, agency: &AgencySpec, index: usize, draws: &Draws) -> EntryRow {
    let (blank_agency, blank_quarter, blank_code, blank_note) = DELIBERATE.blank_value;
    let is_blank = (blank_agency, blank_quarter, blank_code) == (agency.code, index, measure.code);
    let note = if is_blank {
        Some(blank_note)
    } else {
        NOTES
            .iter()
            .find(|(a, q, c, _)| (*a, *q, *c) == (agency.code, index, measure.code))
            .map(|(_, _, _, note)| *note)
    };
    EntryRow {
        code: measure.code.to_string(),
        label: measure.label.to_string(),
        value: if is_blank {
            None
        } else {
            draws
                .figures
                .get(&(index, agency.code, measure.code))
                .copied()
        },
        note: note.map(str::to_string),
    }
}

/// The quarter's referral log: every copy's cases, sorted by date received
/// then Case ID.
fn referral_rows(cases: &[Case], quarter: Quarter, copies: &[Replica]) -> Vec<ReferralRow> {
    let log = log_for_quarter(cases, quarter);
    let mut rows: Vec<ReferralRow> = copies
        .iter()
        .flat_map(|&copy| log.iter().map(move |row| referral_row(row, copy)))
        .collect();
    rows.sort_by(|a, b| {
        a.received
            .cmp(&b.received)
            .then_with(|| a.case_id.cmp(&b.case_id))
    });
    rows
}

fn referral_row(row: &LogRow<'_>, copy: Replica) -> ReferralRow {
    let case = row.case;
    ReferralRow {
        case_id: copy.case_id(&case.case_id),
        received: case.received,
        source: copy.code(&case.source),
        age: case.age,
        gender: case.gender,
        looked_after: case.looked_after,
        missing_episodes: case.missing_episodes,
        risk: case.risk,
        marac: case.marac,
        closed: row.closure.map(|c| c.date),
        risk_at_closure: row.closure.map(|c| c.risk),
        closure_reason: row.closure.map(|c| c.reason.to_string()),
    }
}
