//! Checks that need more than one row: unique keys, references between the
//! plan's sheets, returns against the plan (Refs, codes, sources, dates), late
//! returns, and which agency keeps the referral log. Drops the rows the
//! contract says to ignore; never reads files and never computes figures.

use crate::diagnostics::{Diagnostics, Place};
use crate::model::{Dataset, MeasureKind, Plan, PlanIndex, ReportedBy, Return, Risk};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Checks the plan on its own.
pub fn check_plan(plan: &Plan, d: &mut Diagnostics) {
    check_plan_indexed(&plan.index(), d);
}

fn check_plan_indexed(index: &PlanIndex, d: &mut Diagnostics) {
    let plan = index.plan;
    unique(
        plan.agencies.iter().map(|a| (&a.code, &a.at)),
        "Code",
        "agency",
        d,
    );
    unique(
        plan.actions.iter().map(|a| (&a.ref_, &a.at)),
        "Ref",
        "action",
        d,
    );
    unique(
        plan.measures.iter().map(|m| (&m.code, &m.at)),
        "Code",
        "measure",
        d,
    );
    for action in &plan.actions {
        if index.agency(&action.agency).is_none() {
            d.error(
                action.at.place("Agency"),
                "agency-unknown",
                format!(
                    "Agency: “{}” is not a Code on the Agencies sheet; expected one of {}",
                    action.agency,
                    codes(plan)
                ),
            );
        }
        if let Some(start) = action.start.filter(|s| *s > action.due) {
            d.warning(
                action.at.place("Start"),
                "start-after-due",
                format!(
                    "Start {} is after Due {}; check the dates",
                    start.format("%d/%m/%Y"),
                    action.due.format("%d/%m/%Y")
                ),
            );
        }
    }
    for m in &plan.measures {
        check_measure_refs(index, m, d);
    }
    if let Some(code) = &plan.settings.referral_log_agency {
        if index.agency(code).is_none() {
            d.error(
                Place::sheet(&plan.file, "Settings"),
                "agency-unknown",
                format!("Referral log agency: “{code}” is not a Code on the Agencies sheet; expected one of {}", codes(plan)),
            );
        }
    }
}

fn codes(plan: &Plan) -> String {
    plan.agencies
        .iter()
        .map(|a| a.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn unique<'a>(
    keys: impl Iterator<Item = (&'a String, &'a crate::model::Origin)>,
    column: &str,
    what: &str,
    d: &mut Diagnostics,
) {
    let mut first: BTreeMap<&str, &crate::model::Origin> = BTreeMap::new();
    for (key, at) in keys {
        match first.get(key.as_str()) {
            Some(earlier) => d.error(
                at.place(column),
                "key-duplicate",
                format!(
                    "{column}: “{key}” is used for another {what} already (row {}); each {what} needs its own {column}",
                    earlier.row + 1
                ),
            ),
            None => {
                first.insert(key, at);
            }
        }
    }
}

fn check_measure_refs(index: &PlanIndex, m: &crate::model::Measure, d: &mut Diagnostics) {
    let plan = index.plan;
    match &m.kind {
        MeasureKind::Count {
            reported_by: ReportedBy::Agencies(list),
        } => {
            for code in list.iter().filter(|c| index.agency(c).is_none()) {
                d.error(
                    m.at.place("Reported by"),
                    "agency-unknown",
                    format!("Reported by: “{code}” is not a Code on the Agencies sheet; expected codes from {} separated by commas, or all", codes(plan)),
                );
            }
        }
        MeasureKind::Ratio {
            numerator,
            denominator,
        } => {
            for (column, code) in [("Numerator", numerator), ("Denominator", denominator)] {
                match index.measure(code) {
                    None => d.error(
                        m.at.place(column),
                        "measure-unknown",
                        format!("{column}: “{code}” is not a measure Code on this sheet; a ratio divides two measures of the catalogue"),
                    ),
                    Some(part) if matches!(part.kind, MeasureKind::Ratio { .. }) => d.error(
                        m.at.place(column),
                        "measure-unknown",
                        format!("{column}: “{code}” is itself a ratio; expected a count or referral measure"),
                    ),
                    Some(_) => {}
                }
            }
        }
        _ => {}
    }
}

/// Checks one return against the plan and drops the rows the contract ignores.
pub fn check_return(ret: Return, plan: &Plan, keeps_log: bool, d: &mut Diagnostics) -> Return {
    check_return_indexed(ret, &plan.index(), keeps_log, d)
}

fn check_return_indexed(
    mut ret: Return,
    index: &PlanIndex,
    keeps_log: bool,
    d: &mut Diagnostics,
) -> Return {
    let plan = index.plan;
    check_late(&ret, plan, d);
    ret.actions = checked_actions(std::mem::take(&mut ret.actions), &ret, index, d);
    check_measures(&ret, index, d);
    if let Some(log) = &ret.referrals {
        if keeps_log {
            check_referrals(log, &ret, index, d);
        } else {
            d.warning(
                Place::sheet(&ret.file, "Referrals"),
                "referrals-ignored",
                format!(
                    "{} does not keep the referral log, so this Referrals sheet is ignored (set “Referral log agency” in the plan's Settings to change that)",
                    ret.agency
                ),
            );
            // Kept, though no figure counts it (only the keeper's log is
            // read for figures): the privacy guard looks for its Case IDs.
            check_case_ids(log, index, d);
        }
    } else if keeps_log {
        d.error(
            Place::sheet(&ret.file, "Referrals"),
            "sheet-missing",
            format!(
                "{} keeps the referral log, but this return has no sheet named “Referrals”; add it",
                ret.agency
            ),
        );
    }
    ret
}

fn check_late(ret: &Return, plan: &Plan, d: &mut Diagnostics) {
    let Some(done) = ret.date_completed else {
        return;
    };
    // Checked: the setting's range keeps it small, and the sum never panics.
    let deadline = crate::quality::return_deadline(ret.quarter, plan.settings.return_deadline_days);
    if done > deadline {
        let place = match &ret.date_completed_cell {
            Some(cell) => Place::cell(&ret.file, "Return", cell),
            None => Place::sheet(&ret.file, "Return"),
        };
        d.warning(
            place,
            "return-late",
            format!(
                "the return was completed on {}, {} days after its deadline of {} ({} days after the quarter's end)",
                done.format("%d/%m/%Y"),
                (done - deadline).num_days(),
                deadline.format("%d/%m/%Y"),
                plan.settings.return_deadline_days
            ),
        );
    }
}

fn checked_actions(
    updates: Vec<crate::model::ActionUpdate>,
    ret: &Return,
    index: &PlanIndex,
    d: &mut Diagnostics,
) -> Vec<crate::model::ActionUpdate> {
    let plan = index.plan;
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut kept = Vec::new();
    for u in updates {
        if let Some(first_row) = seen.get(&u.ref_) {
            d.error(
                u.at.place("Ref"),
                "action-ref-duplicate",
                format!("Ref: “{}” is listed twice in this return (also row {}); give one row per action", u.ref_, first_row + 1),
            );
            continue;
        }
        seen.insert(u.ref_.clone(), u.at.row);
        match index.action(&u.ref_) {
            None if plan.unreadable_refs.contains(&u.ref_) => {}
            None => d.error(
                u.at.place("Ref"),
                "action-ref-unknown",
                format!("Ref: “{}” is not an action of the delivery plan; check the Ref against the plan", u.ref_),
            ),
            Some(a) if a.agency != ret.agency => d.warning(
                u.at.place("Ref"),
                "action-ref-other-agency",
                format!("Ref: “{}” is led by {}, not {}; this row is ignored (the lead agency reports on it)", u.ref_, a.agency, ret.agency),
            ),
            Some(_) => kept.push(u),
        }
    }
    kept
}

fn check_measures(ret: &Return, index: &PlanIndex, d: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for e in &ret.measures {
        if !seen.insert(&e.code) {
            d.error(
                e.at.place("Code"),
                "measure-code-duplicate",
                format!(
                    "Code: “{}” is listed twice in this return; give one row per measure",
                    e.code
                ),
            );
            continue;
        }
        match index.measure(&e.code) {
            None => d.warning(
                e.at.place("Code"),
                "measure-unknown",
                format!("Code: “{}” is not a measure of the plan's catalogue; this row is ignored", e.code),
            ),
            Some(_) if !index.reports(&e.code, &ret.agency) => d.warning(
                e.at.place("Code"),
                "measure-not-reported-by-agency",
                format!("Code: {} is not one of the measures {} reports (see Reported by in the plan); this row is ignored", e.code, ret.agency),
            ),
            Some(_) => {}
        }
    }
}

fn check_referrals(
    log: &[crate::model::Referral],
    ret: &Return,
    index: &PlanIndex,
    d: &mut Diagnostics,
) {
    check_case_ids(log, index, d);
    let mut seen: BTreeMap<(String, chrono::NaiveDate), u32> = BTreeMap::new();
    for r in log {
        // Messages here never quote the Case ID: diagnostics reach the tracker.
        // One child however the ID is typed: compared by its canonical key.
        let key = crate::canonical::case_key(&r.case_id);
        if let Some(first_row) = seen.insert((key, r.received), r.at.row) {
            d.error(
                r.at.place("Case ID"),
                "referral-duplicate",
                format!(
                    "this referral (same Case ID and Date received) is already listed at row {}; give one row per referral",
                    first_row + 1
                ),
            );
        }
        if r.received > ret.quarter.end() {
            d.error(
                r.at.place("Date received"),
                "received-after-quarter",
                format!(
                    "Date received: {} is after the end of {} ({}); the log lists referrals as known at the quarter's end",
                    r.received.format("%d/%m/%Y"),
                    ret.quarter,
                    ret.quarter.end().format("%d/%m/%Y")
                ),
            );
        }
        if r.source != "OTHER" && index.agency(&r.source).is_none() {
            d.error(
                r.at.place("Source"),
                "source-unknown",
                format!(
                    "Source: “{}” is not an agency Code of the plan; expected one of {}, or Other",
                    r.source,
                    codes(index.plan)
                ),
            );
        }
        if r.age < 13 && r.risk_at_referral == Risk::Low {
            d.warning(
                r.at.place("Risk at referral"),
                "under-13-assessed-low",
                format!(
                    "a child aged {} is assessed Low at referral (see Age); local risk guidance says children under 13 are not assessed as low risk — please review",
                    r.age
                ),
            );
        }
    }
}

/// Checks a log's Case IDs against each other and against the plan: two
/// spellings of one ID (`cse-0164`, `CSE-0164`) are one child, which is
/// worth a warning; an ID that reads the same as an action Ref, an agency or
/// measure Code or a quarter would be found by the privacy guard in every
/// paper, so it is an error here, where the cell can be named.
fn check_case_ids(log: &[crate::model::Referral], index: &PlanIndex, d: &mut Diagnostics) {
    let plan_keys = plan_text_keys(index.plan);
    let mut spelling: BTreeMap<String, (&str, u32)> = BTreeMap::new();
    for r in log {
        let key = crate::canonical::case_key(&r.case_id);
        if key.is_empty() {
            continue;
        }
        if let Some(what) = plan_keys.get(&key).copied().or_else(|| quarter_like(&key)) {
            d.error(
                r.at.place("Case ID"),
                "case-id-reads-as-plan-text",
                format!(
                    "Case ID: this ID reads the same as {what}, which the papers print, so no paper could be written; give the referral an ID of its own, such as CSE-0142"
                ),
            );
        }
        match spelling.get(&key) {
            Some((first, row)) if *first != r.case_id.trim() => d.warning(
                r.at.place("Case ID"),
                "case-id-spellings",
                format!(
                    "Case ID: the same ID is written differently at row {}; it is counted as one child, but write it the same way each time",
                    row + 1
                ),
            ),
            Some(_) => {}
            None => {
                spelling.insert(key, (r.case_id.trim(), r.at.row));
            }
        }
    }
}

/// The keys of the plan's codes and Refs, which the papers print as they are.
fn plan_text_keys(plan: &Plan) -> BTreeMap<String, &'static str> {
    let refs = plan
        .actions
        .iter()
        .map(|a| (&a.ref_, "an action Ref of the plan"));
    let agencies = plan
        .agencies
        .iter()
        .map(|a| (&a.code, "an agency Code of the plan"));
    let measures = plan
        .measures
        .iter()
        .map(|m| (&m.code, "a measure Code of the plan"));
    refs.chain(agencies)
        .chain(measures)
        .map(|(text, what)| (crate::canonical::case_key(text), what))
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// Whether a key reads as a quarter the papers name (`Q3`, `2014-15 Q3`).
fn quarter_like(key: &str) -> Option<&'static str> {
    let digits = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let quarter = key.len() - digits.len() == 1
        && digits.ends_with('q')
        && matches!(key.chars().last(), Some('1'..='4'))
        && digits[..digits.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    quarter.then_some("a quarter")
}

/// The agency whose return carries the referral log: the plan's setting, else
/// the one agency whose returns have a Referrals sheet.
pub fn referral_log_agency(plan: &Plan, returns: &[Return], d: &mut Diagnostics) -> Option<String> {
    if let Some(code) = &plan.settings.referral_log_agency {
        return Some(code.clone());
    }
    let keepers: BTreeSet<&str> = returns
        .iter()
        .filter(|r| r.referrals.is_some())
        .map(|r| r.agency.as_str())
        .collect();
    if keepers.len() > 1 {
        d.error(
            Place::sheet(&plan.file, "Settings"),
            "referral-log-ambiguous",
            format!(
                "the returns of {} all have a Referrals sheet; set “Referral log agency” in Settings to say which agency keeps the log",
                keepers.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        );
        return None;
    }
    keepers.first().map(|c| c.to_string())
}

/// Checks the returns against the plan and assembles the dataset.
pub fn assemble(plan: Plan, returns: Vec<Return>, d: &mut Diagnostics) -> Dataset {
    let index = plan.index();
    check_plan_indexed(&index, d);
    let log_agency = referral_log_agency(&plan, &returns, d);
    // Each return is checked on its own; the diagnostics keep the returns' order.
    let checked: Vec<(Return, Diagnostics)> = returns
        .into_par_iter()
        .map(|r| {
            let keeps_log = log_agency.as_deref() == Some(r.agency.as_str());
            let mut found = Diagnostics::new();
            let r = check_return_indexed(r, &index, keeps_log, &mut found);
            (r, found)
        })
        .collect();
    let mut returns = Vec::with_capacity(checked.len());
    for (r, found) in checked {
        d.extend(found);
        returns.push(r);
    }
    returns.sort_by(|a, b| (a.quarter, &a.agency).cmp(&(b.quarter, &b.agency)));
    crate::limits::check(&index, &returns, d);
    Dataset {
        plan,
        returns,
        referral_log_agency: log_agency,
    }
}
