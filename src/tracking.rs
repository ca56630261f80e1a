//! Action tracking: each plan action's state as of a date — status, effective due
//! date, overdue / due soon, slippage, status history and RAG — from the plan and the
//! returns up to that date's quarter. Pure: no file I/O, no clock, no formatting
//! (the terminal and JSON views live in `view`).
//!
//! Readings (data-contract.md, "Action state as of a date"), and the choices made
//! where it is silent:
//!
//! - Only returns whose quarter is on or before the as-of date's quarter count, so a
//!   paper once issued never changes when later returns arrive.
//! - Only the lead agency's return speaks for an action: a row for a `Ref` led by
//!   another agency, and a `Ref` not in the plan, are ignored here (the checks that
//!   read the returns report them).
//! - Status = the Status in the latest return that lists the `Ref`, else `Not started`.
//! - Effective due = the latest `Revised due` given, else the plan's `Due`; a later
//!   blank does not clear it.
//! - Revisions = how many times the effective due date changed value. Agencies repeat
//!   the agreed revised date in every later return, and a repeat is not a new
//!   revision; a revised date equal to the date already in force is not one either.
//!   An earlier date counts as a revision but never as a slip: days slipped =
//!   effective due − plan due, never negative.
//! - Overdue = open and effective due before the as-of date; due soon = open and
//!   effective due from the as-of date to `Due soon days` after it (due today is due
//!   soon, not overdue).
//! - Reopened: an action reported `Complete` and later reported open again keeps the
//!   later status (the latest return is the agency's current word), and the change
//!   is raised as an `action-reopened` warning at the later return's `Ref` cell so the
//!   chair can query it. `Complete` then `Cancelled` is not a reopening.
//! - Completed in = the quarter of the `Complete` report the current status goes back
//!   to: for an action completed once, the quarter it was first reported Complete;
//!   none while the action is not Complete (so a reopened action is not counted as
//!   delivered), and the later quarter if it is completed again after reopening.
//! - RAG: Complete blue, On track green, At risk amber, Off track red, Cancelled grey,
//!   Not started grey (amber once its start date is before the as-of date); overdue
//!   is red whatever the status says.

pub mod view;

use crate::diagnostics::Diagnostics;
use crate::model::{Action, ActionUpdate, Dataset, Status, Strand};
use crate::period::Quarter;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

pub use crate::rag::Rag;

/// An action's status as of the end of one quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuarterStatus {
    pub quarter: Quarter,
    pub status: Status,
}

/// Where an action belongs in an exceptions list; each action is in exactly one,
/// the first that applies in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Overdue,
    DueSoon,
    /// Open, neither overdue nor due soon, but its due date has slipped.
    Slipped,
    Other,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Overdue,
        Section::DueSoon,
        Section::Slipped,
        Section::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue",
            Section::DueSoon => "Due soon",
            Section::Slipped => "Slipped",
            Section::Other => "Other actions",
        }
    }
}

/// One plan action as of the tracking date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionState {
    #[serde(rename = "ref")]
    pub ref_: String,
    pub strand: Strand,
    pub action: String,
    /// Lead agency code.
    pub agency: String,
    /// Lead role.
    pub owner: String,
    pub start: Option<NaiveDate>,
    pub plan_due: NaiveDate,
    pub effective_due: NaiveDate,
    pub status: Status,
    /// The progress text of the latest return that lists the action (none if that
    /// return left it blank: an older update is not passed off as the latest).
    pub last_progress: Option<String>,
    pub last_update_quarter: Option<Quarter>,
    pub overdue: bool,
    /// As-of date − effective due when overdue, else 0.
    pub days_overdue: i64,
    pub due_soon: bool,
    /// Effective due − as-of date (negative once past).
    pub days_until_due: i64,
    /// Effective due later than the plan's Due.
    pub slipped: bool,
    /// How many times the effective due date changed value.
    pub revisions: u32,
    /// Effective due − plan due, never negative.
    pub days_slipped: i64,
    pub completed_in: Option<Quarter>,
    /// Status at the end of every quarter from the dataset's first return quarter
    /// through the as-of quarter.
    pub history: Vec<QuarterStatus>,
    pub rag: Rag,
    /// Reported Complete in one return and open again in a later one.
    pub reopened: bool,
}

impl ActionState {
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    pub fn section(&self) -> Section {
        if self.overdue {
            Section::Overdue
        } else if self.due_soon {
            Section::DueSoon
        } else if self.slipped && self.is_open() {
            Section::Slipped
        } else {
            Section::Other
        }
    }

    /// Led by `agency` (a code, any case).
    pub fn is_led_by(&self, agency: &str) -> bool {
        self.agency.eq_ignore_ascii_case(agency.trim())
    }
}

/// Every plan action's state as of one date.
#[derive(Clone, Debug)]
pub struct Tracking {
    pub as_of: NaiveDate,
    /// The as-of date's quarter: the last whose returns were used.
    pub quarter: Quarter,
    pub due_soon_days: u32,
    /// In plan order.
    pub states: Vec<ActionState>,
    /// `action-reopened` warnings.
    pub diagnostics: Diagnostics,
}

/// How many actions are in each condition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub actions: usize,
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Open actions whose due date has slipped.
    pub slipped: usize,
    pub complete: usize,
    pub cancelled: usize,
}

/// The actions one owner of one agency answers for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerGroup<'a> {
    pub agency: &'a str,
    pub owner: &'a str,
    pub actions: Vec<&'a ActionState>,
}

impl Tracking {
    /// The states led by `agency` (all when none), in plan order.
    pub fn led_by<'a>(&'a self, agency: Option<&'a str>) -> impl Iterator<Item = &'a ActionState> {
        self.states
            .iter()
            .filter(move |s| agency.is_none_or(|code| s.is_led_by(code)))
    }

    pub fn counts(&self, agency: Option<&str>) -> Counts {
        self.led_by(agency).fold(Counts::default(), |mut c, s| {
            c.actions += 1;
            c.open += usize::from(s.is_open());
            c.overdue += usize::from(s.overdue);
            c.due_soon += usize::from(s.due_soon);
            c.slipped += usize::from(s.slipped && s.is_open());
            c.complete += usize::from(s.status == Status::Complete);
            c.cancelled += usize::from(s.status == Status::Cancelled);
            c
        })
    }

    /// The states of one section, most pressing first: overdue by most days
    /// overdue, due soon by soonest, slipped by most days slipped, the rest in plan
    /// order (ties keep plan order).
    pub fn section<'a>(
        &'a self,
        section: Section,
        agency: Option<&'a str>,
    ) -> Vec<&'a ActionState> {
        let mut states: Vec<&ActionState> = self
            .led_by(agency)
            .filter(|s| s.section() == section)
            .collect();
        match section {
            Section::Overdue => states.sort_by_key(|s| std::cmp::Reverse(s.days_overdue)),
            Section::DueSoon => states.sort_by_key(|s| s.days_until_due),
            Section::Slipped => states.sort_by_key(|s| std::cmp::Reverse(s.days_slipped)),
            Section::Other => {}
        }
        states
    }

    /// The chase list: per agency and owner, their overdue actions (most overdue
    /// first) then their due-soon actions (soonest first).
    pub fn chase_list<'a>(&'a self, agency: Option<&'a str>) -> Vec<OwnerGroup<'a>> {
        let mut pressing = self.section(Section::Overdue, agency);
        pressing.extend(self.section(Section::DueSoon, agency));
        group_by_owner(pressing)
    }
}

/// Groups states by agency code, then owner (both in sorted order), keeping the
/// given order of states within a group.
pub fn group_by_owner<'a>(
    states: impl IntoIterator<Item = &'a ActionState>,
) -> Vec<OwnerGroup<'a>> {
    let mut groups: std::collections::BTreeMap<(&str, &str), Vec<&ActionState>> =
        std::collections::BTreeMap::new();
    for s in states {
        groups
            .entry((s.agency.as_str(), s.owner.as_str()))
            .or_default()
            .push(s);
    }
    groups
        .into_iter()
        .map(|((agency, owner), actions)| OwnerGroup {
            agency,
            owner,
            actions,
        })
        .collect()
}

/// Every plan action's state as of `as_of`, from the returns of its quarter and earlier.
pub fn track(dataset: &Dataset, as_of: NaiveDate) -> Tracking {
    let quarter = Quarter::containing(as_of);
    let due_soon_days = dataset.plan.settings.due_soon_days;
    let quarters = quarters_tracked(dataset, quarter);
    let mut diagnostics = Diagnostics::new();
    let rows = RowsByAction::of(dataset, quarter);
    let states = dataset
        .plan
        .actions
        .iter()
        .map(|action| {
            let updates = rows.lead_agency_updates(action);
            let timeline = Timeline::replay(action, &updates, &quarters, &mut diagnostics);
            state_as_of(action, timeline, as_of, due_soon_days)
        })
        .collect();
    Tracking {
        as_of,
        quarter,
        due_soon_days,
        states,
        diagnostics,
    }
}

/// Every quarter from the dataset's first return quarter through `last` (none
/// when there are no returns or `last` comes before the first).
pub fn quarters_tracked(dataset: &Dataset, last: Quarter) -> Vec<Quarter> {
    let Some(first) = dataset.returns.iter().map(|r| r.quarter).min() else {
        return Vec::new();
    };
    let mut quarters = Vec::new();
    let mut q = first;
    while q <= last {
        quarters.push(q);
        q = q.next();
    }
    quarters
}

/// The action rows of the returns up to a quarter, by the agency whose return
/// lists them and the Ref they name, both compared as a lead agency's rows are
/// matched: case ignored, the Ref trimmed. Built once, so finding an action's
/// rows does not scan every return.
struct RowsByAction<'a> {
    rows: HashMap<(String, String), Vec<(Quarter, &'a ActionUpdate)>>,
}

impl<'a> RowsByAction<'a> {
    fn of(dataset: &'a Dataset, last: Quarter) -> RowsByAction<'a> {
        let mut rows: HashMap<(String, String), Vec<(Quarter, &ActionUpdate)>> = HashMap::new();
        for r in dataset.returns.iter().filter(|r| r.quarter <= last) {
            for u in &r.actions {
                rows.entry(Self::key(&r.agency, &u.ref_))
                    .or_default()
                    .push((r.quarter, u));
            }
        }
        RowsByAction { rows }
    }

    fn key(agency: &str, reference: &str) -> (String, String) {
        (
            agency.to_ascii_uppercase(),
            reference.trim().to_ascii_uppercase(),
        )
    }

    /// The rows of the action's lead agency's returns, by quarter; rows of one
    /// quarter in the order they were read.
    fn lead_agency_updates(&self, action: &Action) -> Vec<(Quarter, &'a ActionUpdate)> {
        let mut updates = self
            .rows
            .get(&Self::key(&action.agency, &action.ref_))
            .cloned()
            .unwrap_or_default();
        updates.sort_by_key(|(q, _)| *q);
        updates
    }
}

/// What the returns said about one action, replayed in quarter order.
struct Timeline {
    status: Status,
    effective_due: NaiveDate,
    revisions: u32,
    last_progress: Option<String>,
    last_update_quarter: Option<Quarter>,
    completed_in: Option<Quarter>,
    reopened: bool,
    history: Vec<QuarterStatus>,
}

impl Timeline {
    fn replay(
        action: &Action,
        updates: &[(Quarter, &ActionUpdate)],
        quarters: &[Quarter],
        diagnostics: &mut Diagnostics,
    ) -> Timeline {
        let mut t = Timeline {
            status: Status::NotStarted,
            effective_due: action.due,
            revisions: 0,
            last_progress: None,
            last_update_quarter: None,
            completed_in: None,
            reopened: false,
            history: Vec::with_capacity(quarters.len()),
        };
        let mut pending = updates.iter().peekable();
        for &quarter in quarters {
            while let Some((reported_in, update)) = pending.next_if(|(q, _)| *q <= quarter) {
                t.apply(action, *reported_in, update, diagnostics);
            }
            t.history.push(QuarterStatus {
                quarter,
                status: t.status,
            });
        }
        t
    }

    fn apply(
        &mut self,
        action: &Action,
        quarter: Quarter,
        update: &ActionUpdate,
        diagnostics: &mut Diagnostics,
    ) {
        let before = self.status;
        if before == Status::Complete && update.status.is_open() {
            self.reopened = true;
            diagnostics.warning(
                update.at.place("Ref"),
                "action-reopened",
                format!(
                    "{} was reported Complete in an earlier return and is now reported “{}”; \
                     it is tracked as {} — please confirm whether it was reopened",
                    action.ref_, update.status, update.status
                ),
            );
        }
        if update.status == Status::Complete && before != Status::Complete {
            self.completed_in = Some(quarter);
        } else if update.status != Status::Complete {
            self.completed_in = None;
        }
        self.status = update.status;
        if let Some(revised) = update.revised_due {
            if revised != self.effective_due {
                self.effective_due = revised;
                self.revisions += 1;
            }
        }
        self.last_progress = update.progress.clone();
        self.last_update_quarter = Some(quarter);
    }
}

fn state_as_of(action: &Action, t: Timeline, as_of: NaiveDate, due_soon_days: u32) -> ActionState {
    let open = t.status.is_open();
    let days_until_due = (t.effective_due - as_of).num_days();
    let overdue = open && days_until_due < 0;
    let due_soon = open && (0..=i64::from(due_soon_days)).contains(&days_until_due);
    let days_slipped = (t.effective_due - action.due).num_days().max(0);
    let start_passed = action.start.is_some_and(|start| start < as_of);
    ActionState {
        ref_: action.ref_.clone(),
        strand: action.strand,
        action: action.action.clone(),
        agency: action.agency.clone(),
        owner: action.owner.clone(),
        start: action.start,
        plan_due: action.due,
        effective_due: t.effective_due,
        status: t.status,
        last_progress: t.last_progress,
        last_update_quarter: t.last_update_quarter,
        overdue,
        days_overdue: if overdue { -days_until_due } else { 0 },
        due_soon,
        days_until_due,
        slipped: days_slipped > 0,
        revisions: t.revisions,
        days_slipped,
        completed_in: t.completed_in,
        history: t.history,
        rag: rag(t.status, overdue, start_passed),
        reopened: t.reopened,
    }
}

fn rag(status: Status, overdue: bool, start_passed: bool) -> Rag {
    if overdue {
        return Rag::Red;
    }
    match status {
        Status::NotStarted if start_passed => Rag::Amber,
        other => other.rag(),
    }
}

/// Hand-made datasets for the unit tests of this module and its view.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::*;
    use crate::period::Quarter;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    pub fn origin(file: &str, sheet: &'static str, row: u32) -> Origin {
        let columns: BTreeMap<&'static str, u32> =
            [("Ref", 0), ("Status", 1)].into_iter().collect();
        Origin {
            file: Arc::from(file),
            sheet,
            row,
            columns: Arc::new(columns),
        }
    }

    pub fn action(
        ref_: &str,
        agency: &str,
        owner: &str,
        start: Option<NaiveDate>,
        due: NaiveDate,
    ) -> Action {
        Action {
            ref_: ref_.into(),
            strand: Strand::Prevent,
            objective: None,
            action: format!("Deliver {ref_}"),
            agency: agency.into(),
            owner: owner.into(),
            start,
            due,
            outcome_measure: None,
            source: None,
            at: origin("test.xlsx", "Actions", 1),
        }
    }

    pub fn update(ref_: &str, status: Status, revised_due: Option<NaiveDate>) -> ActionUpdate {
        ActionUpdate {
            ref_: ref_.into(),
            status,
            progress: Some(format!("{ref_} is {status}")),
            revised_due,
            evidence: None,
            at: origin("test.xlsx", "Actions", 1),
        }
    }

    pub fn agency(code: &str, name: &str) -> Agency {
        Agency {
            code: code.into(),
            name: name.into(),
            lead_role: None,
            email: None,
            submits_return: true,
            at: origin("test.xlsx", "Agencies", 1),
        }
    }

    pub fn plan(actions: Vec<Action>) -> Plan {
        Plan {
            file: "plan/delivery-plan.xlsx".into(),
            settings: Settings {
                board: "Test Board".into(),
                sub_group: "Test Sub-Group".into(),
                area: "Test Area".into(),
                ..Settings::contract_defaults()
            },
            agencies: vec![
                agency("CSC", "Children's Social Care"),
                agency("POLICE", "Avon and Somerset Constabulary"),
            ],
            actions,
            measures: Vec::new(),
            unreadable_refs: Vec::new(),
            sha256: String::new(),
        }
    }

    /// A return whose rows sit on consecutive sheet rows, so each has its own cell.
    pub fn ret(agency: &str, quarter: Quarter, updates: Vec<ActionUpdate>) -> Return {
        let file = format!(
            "data/returns/{}/{}.xlsx",
            quarter.folder_name(),
            agency.to_ascii_lowercase()
        );
        let actions = updates
            .into_iter()
            .enumerate()
            .map(|(i, mut u)| {
                u.at = origin(&file, "Actions", i as u32 + 1);
                u
            })
            .collect();
        Return {
            file: file.clone(),
            path: file.clone().into(),
            agency: agency.into(),
            quarter,
            completed_by: None,
            date_completed: None,
            date_completed_cell: None,
            actions,
            measures: Vec::new(),
            referrals: None,
            sha256: String::new(),
        }
    }

    pub fn dataset(actions: Vec<Action>, mut returns: Vec<Return>) -> Dataset {
        returns.sort_by(|a, b| (a.quarter, &a.agency).cmp(&(b.quarter, &b.agency)));
        Dataset {
            plan: plan(actions),
            returns,
            referral_log_agency: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::diagnostics::Severity;
    use crate::period::Q;

    const Q3: Quarter = Quarter {
        year: 2014,
        q: Q::Q3,
    };
    const Q4: Quarter = Quarter {
        year: 2014,
        q: Q::Q4,
    };
    const Q1: Quarter = Quarter {
        year: 2015,
        q: Q::Q1,
    };

    /// One CSC action due `due`, with one On track return in 2014-15 Q3.
    fn one_open_action_due(due: NaiveDate) -> Dataset {
        dataset(
            vec![action("PV-01", "CSC", "Principal Social Worker", None, due)],
            vec![ret("CSC", Q3, vec![update("PV-01", Status::OnTrack, None)])],
        )
    }

    fn only(t: &Tracking) -> &ActionState {
        assert_eq!(t.states.len(), 1);
        &t.states[0]
    }

    #[test]
    fn due_today_is_due_soon_not_overdue() {
        let t = track(&one_open_action_due(date(2014, 12, 31)), date(2014, 12, 31));
        let s = only(&t);
        assert!(!s.overdue);
        assert!(s.due_soon);
        assert_eq!(s.days_until_due, 0);
        assert_eq!(s.section(), Section::DueSoon);
        assert_eq!(s.rag, Rag::Green);
    }

    #[test]
    fn due_yesterday_is_one_day_overdue_and_red() {
        let t = track(&one_open_action_due(date(2014, 12, 30)), date(2014, 12, 31));
        let s = only(&t);
        assert!(s.overdue);
        assert!(!s.due_soon);
        assert_eq!(s.days_overdue, 1);
        assert_eq!(s.rag, Rag::Red, "overdue is red although reported On track");
    }

    #[test]
    fn due_soon_ends_exactly_due_soon_days_ahead() {
        let as_of = date(2014, 12, 31);
        let on_edge = track(&one_open_action_due(date(2015, 2, 11)), as_of);
        assert_eq!(only(&on_edge).days_until_due, 42);
        assert!(only(&on_edge).due_soon);
        let beyond = track(&one_open_action_due(date(2015, 2, 12)), as_of);
        assert!(!only(&beyond).due_soon);
        assert!(!only(&beyond).overdue);
        assert_eq!(only(&beyond).section(), Section::Other);
    }

    #[test]
    fn due_soon_window_follows_the_setting() {
        let mut d = one_open_action_due(date(2015, 1, 10));
        d.plan.settings.due_soon_days = 7;
        assert!(!only(&track(&d, date(2014, 12, 31))).due_soon);
        d.plan.settings.due_soon_days = 10;
        assert!(only(&track(&d, date(2014, 12, 31))).due_soon);
    }

    #[test]
    fn revised_later_then_earlier_counts_two_revisions_and_slips_only_forward() {
        let d = dataset(
            vec![action(
                "PS-08",
                "CSC",
                "Head of Service",
                None,
                date(2015, 3, 28),
            )],
            vec![
                ret("CSC", Q3, vec![update("PS-08", Status::OnTrack, None)]),
                ret(
                    "CSC",
                    Q4,
                    vec![update("PS-08", Status::OnTrack, Some(date(2015, 8, 10)))],
                ),
                // Repeating the agreed date is not a new revision.
                ret(
                    "CSC",
                    Q1,
                    vec![update("PS-08", Status::AtRisk, Some(date(2015, 8, 10)))],
                ),
            ],
        );
        let after_first = track(&d, date(2015, 6, 30));
        let s = only(&after_first);
        assert_eq!(s.effective_due, date(2015, 8, 10));
        assert_eq!(s.revisions, 1);
        assert_eq!(s.days_slipped, 135);
        assert!(s.slipped);

        let mut d = d;
        d.returns.push(ret(
            "CSC",
            Q1.next(),
            vec![update("PS-08", Status::AtRisk, Some(date(2015, 2, 1)))],
        ));
        let t = track(&d, date(2015, 9, 30));
        let s = only(&t);
        assert_eq!(s.effective_due, date(2015, 2, 1));
        assert_eq!(s.revisions, 2);
        assert_eq!(s.days_slipped, 0, "an earlier revised date is not a slip");
        assert!(!s.slipped);
        assert!(s.overdue);
    }

    #[test]
    fn a_later_blank_revised_due_does_not_clear_it() {
        let d = dataset(
            vec![action("PV-01", "CSC", "Owner", None, date(2015, 1, 8))],
            vec![
                ret(
                    "CSC",
                    Q4,
                    vec![update("PV-01", Status::OnTrack, Some(date(2015, 4, 10)))],
                ),
                ret("CSC", Q1, vec![update("PV-01", Status::OffTrack, None)]),
            ],
        );
        let s = only(&track(&d, date(2015, 6, 30))).clone();
        assert_eq!(s.effective_due, date(2015, 4, 10));
        assert_eq!(s.revisions, 1);
        assert_eq!(s.days_slipped, 92);
        assert_eq!(s.days_overdue, 81);
    }

    #[test]
    fn completed_then_reopened_keeps_the_later_status_and_warns_at_its_ref_cell() {
        let d = dataset(
            vec![action("PP-02", "POLICE", "DCI", None, date(2015, 9, 1))],
            vec![
                ret("POLICE", Q3, vec![update("PP-02", Status::Complete, None)]),
                ret(
                    "POLICE",
                    Q4,
                    vec![
                        update("PP-09", Status::OnTrack, None),
                        update("PP-02", Status::AtRisk, None),
                    ],
                ),
            ],
        );
        let before = track(&d, date(2014, 12, 31));
        assert_eq!(only(&before).completed_in, Some(Q3));
        assert!(!only(&before).reopened);
        assert!(before.diagnostics.is_empty());

        let t = track(&d, date(2015, 3, 31));
        let s = only(&t);
        assert_eq!(s.status, Status::AtRisk);
        assert!(s.reopened);
        assert_eq!(s.completed_in, None, "a reopened action is not delivered");
        assert_eq!(s.rag, Rag::Amber);
        let warnings: Vec<_> = t.diagnostics.iter().collect();
        assert_eq!(warnings.len(), 1);
        let w = warnings[0];
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.code, "action-reopened");
        assert_eq!(w.file, "data/returns/2014-15-Q4/police.xlsx");
        assert_eq!(w.cell.as_deref(), Some("A3"));
        assert!(w.message.contains("PP-02"), "{}", w.message);
    }

    #[test]
    fn completed_in_is_the_first_complete_report() {
        let d = dataset(
            vec![action("GV-06", "CSC", "Owner", None, date(2015, 2, 28))],
            vec![
                ret("CSC", Q3, vec![update("GV-06", Status::OnTrack, None)]),
                ret("CSC", Q4, vec![update("GV-06", Status::Complete, None)]),
                ret("CSC", Q1, vec![update("GV-06", Status::Complete, None)]),
            ],
        );
        let t = track(&d, date(2015, 6, 30));
        let s = only(&t);
        assert_eq!(s.completed_in, Some(Q4));
        assert_eq!(s.rag, Rag::Blue);
        assert!(!s.overdue, "complete is never overdue");
        assert!(t.diagnostics.is_empty());
    }

    #[test]
    fn cancelled_is_never_overdue_nor_due_soon() {
        let d = dataset(
            vec![action("PV-06", "CSC", "Owner", None, date(2014, 11, 1))],
            vec![ret(
                "CSC",
                Q3,
                vec![update("PV-06", Status::Cancelled, None)],
            )],
        );
        let t = track(&d, date(2015, 3, 31));
        let s = only(&t);
        assert!(!s.overdue);
        assert!(!s.due_soon);
        assert_eq!(s.days_overdue, 0);
        assert_eq!(s.rag, Rag::Grey);
        assert_eq!(s.section(), Section::Other);
        assert_eq!(t.counts(None).cancelled, 1);
        assert_eq!(t.counts(None).open, 0);
    }

    #[test]
    fn an_action_no_return_mentions_is_not_started_with_plan_due() {
        let d = dataset(
            vec![
                action("PV-01", "CSC", "Owner", None, date(2015, 9, 1)),
                action("PV-02", "CSC", "Owner", None, date(2015, 10, 1)),
            ],
            vec![ret("CSC", Q3, vec![update("PV-01", Status::OnTrack, None)])],
        );
        let t = track(&d, date(2014, 12, 31));
        let s = &t.states[1];
        assert_eq!(s.ref_, "PV-02");
        assert_eq!(s.status, Status::NotStarted);
        assert_eq!(s.effective_due, date(2015, 10, 1));
        assert_eq!(s.revisions, 0);
        assert_eq!(s.last_progress, None);
        assert_eq!(s.last_update_quarter, None);
        assert_eq!(s.rag, Rag::Grey, "no start date: grey");
        assert_eq!(
            s.history,
            vec![QuarterStatus {
                quarter: Q3,
                status: Status::NotStarted
            }]
        );
    }

    #[test]
    fn not_started_turns_amber_once_the_start_date_has_passed() {
        let d = dataset(
            vec![action(
                "PV-04",
                "CSC",
                "Owner",
                Some(date(2015, 3, 1)),
                date(2015, 11, 1),
            )],
            vec![ret("CSC", Q3, vec![])],
        );
        assert_eq!(
            only(&track(&d, date(2015, 3, 1))).rag,
            Rag::Grey,
            "starts today"
        );
        assert_eq!(only(&track(&d, date(2015, 3, 2))).rag, Rag::Amber);
        assert_eq!(
            only(&track(&d, date(2015, 3, 2))).status,
            Status::NotStarted
        );
    }

    #[test]
    fn a_later_quarters_return_does_not_leak_into_an_earlier_as_of() {
        let d = dataset(
            vec![action("PS-04", "CSC", "Owner", None, date(2015, 3, 8))],
            vec![
                ret("CSC", Q3, vec![update("PS-04", Status::OnTrack, None)]),
                ret(
                    "CSC",
                    Q4,
                    vec![update("PS-04", Status::Complete, Some(date(2015, 7, 11)))],
                ),
            ],
        );
        let t = track(&d, date(2014, 12, 31));
        let s = only(&t);
        assert_eq!(s.status, Status::OnTrack);
        assert_eq!(s.effective_due, date(2015, 3, 8));
        assert_eq!(s.revisions, 0);
        assert_eq!(s.completed_in, None);
        assert_eq!(s.history.len(), 1);
        assert_eq!(t.quarter, Q3);

        // Mid-quarter as-of: that quarter's returns count.
        let later = track(&d, date(2015, 2, 1));
        assert_eq!(only(&later).status, Status::Complete);
        assert_eq!(only(&later).completed_in, Some(Q4));
    }

    #[test]
    fn history_covers_every_quarter_and_carries_status_over_gaps() {
        let d = dataset(
            vec![
                action("PS-09", "POLICE", "Owner", None, date(2015, 1, 20)),
                action("PV-01", "CSC", "Owner", None, date(2015, 9, 1)),
            ],
            vec![
                ret("POLICE", Q3, vec![update("PS-09", Status::AtRisk, None)]),
                ret("CSC", Q3, vec![update("PV-01", Status::OnTrack, None)]),
                ret("CSC", Q4, vec![update("PV-01", Status::OnTrack, None)]),
                // POLICE sent no return in Q4.
                ret("POLICE", Q1, vec![update("PS-09", Status::OffTrack, None)]),
            ],
        );
        let t = track(&d, date(2015, 6, 30));
        let history: Vec<(String, Status)> = t.states[0]
            .history
            .iter()
            .map(|h| (h.quarter.to_string(), h.status))
            .collect();
        assert_eq!(
            history,
            vec![
                ("2014-15 Q3".to_string(), Status::AtRisk),
                ("2014-15 Q4".to_string(), Status::AtRisk),
                ("2015-16 Q1".to_string(), Status::OffTrack),
            ]
        );
        assert_eq!(t.states[0].last_update_quarter, Some(Q1));
    }

    #[test]
    fn rows_from_another_agency_are_ignored() {
        let d = dataset(
            vec![action("PV-01", "CSC", "Owner", None, date(2015, 9, 1))],
            vec![
                ret("CSC", Q3, vec![update("PV-01", Status::OnTrack, None)]),
                ret(
                    "POLICE",
                    Q3,
                    vec![update("PV-01", Status::Complete, Some(date(2016, 1, 1)))],
                ),
            ],
        );
        let t = track(&d, date(2014, 12, 31));
        let s = only(&t);
        assert_eq!(s.status, Status::OnTrack);
        assert_eq!(s.effective_due, date(2015, 9, 1));
    }

    #[test]
    fn rows_match_their_action_whatever_the_case_of_agency_and_ref() {
        let d = dataset(
            vec![
                action("PV-01", "CSC", "Owner", None, date(2015, 9, 1)),
                action("PV-02", "CSC", "Owner", None, date(2015, 9, 1)),
            ],
            vec![
                ret("csc", Q3, vec![update(" pv-01 ", Status::AtRisk, None)]),
                ret(
                    "Csc",
                    Q4,
                    vec![
                        update("PV-02", Status::Complete, None),
                        update("pv-01", Status::OnTrack, Some(date(2015, 12, 1))),
                    ],
                ),
            ],
        );
        let t = track(&d, date(2015, 3, 31));
        let pv01 = &t.states[0];
        assert_eq!(
            pv01.history.iter().map(|h| h.status).collect::<Vec<_>>(),
            vec![Status::AtRisk, Status::OnTrack]
        );
        assert_eq!(pv01.effective_due, date(2015, 12, 1));
        assert_eq!(t.states[1].status, Status::Complete);
        assert_eq!(t.states[1].completed_in, Some(Q4));
    }

    #[test]
    fn no_returns_at_all_gives_plan_state_and_empty_history() {
        let d = dataset(
            vec![action("PV-01", "CSC", "Owner", None, date(2015, 1, 1))],
            vec![],
        );
        let t = track(&d, date(2015, 1, 2));
        let s = only(&t);
        assert_eq!(s.status, Status::NotStarted);
        assert!(s.overdue);
        assert!(s.history.is_empty());
    }

    #[test]
    fn chase_list_groups_pressing_actions_by_agency_and_owner() {
        let d = dataset(
            vec![
                action("A-1", "POLICE", "DCI", None, date(2015, 1, 20)),
                action("A-2", "CSC", "Head of Service", None, date(2014, 12, 1)),
                action("A-3", "CSC", "Head of Service", None, date(2014, 11, 1)),
                action("A-4", "CSC", "Head of Service", None, date(2015, 1, 5)),
                action(
                    "A-5",
                    "CSC",
                    "Principal Social Worker",
                    None,
                    date(2016, 1, 1),
                ),
                action("A-6", "CSC", "Admin", None, date(2014, 10, 1)),
            ],
            vec![ret("CSC", Q3, vec![update("A-6", Status::Complete, None)])],
        );
        let t = track(&d, date(2014, 12, 31));
        let chase = t.chase_list(None);
        let shape: Vec<(&str, &str, Vec<&str>)> = chase
            .iter()
            .map(|g| {
                (
                    g.agency,
                    g.owner,
                    g.actions.iter().map(|s| s.ref_.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("CSC", "Head of Service", vec!["A-3", "A-2", "A-4"]),
                ("POLICE", "DCI", vec!["A-1"]),
            ]
        );
        let police_only = t.chase_list(Some("police"));
        assert_eq!(police_only.len(), 1);
        assert_eq!(police_only[0].agency, "POLICE");
    }

    #[test]
    fn counts_add_up_by_condition() {
        let d = dataset(
            vec![
                action("A-1", "CSC", "O", None, date(2014, 12, 1)),
                action("A-2", "CSC", "O", None, date(2015, 1, 1)),
                action("A-3", "CSC", "O", None, date(2015, 1, 1)),
                action("A-4", "CSC", "O", None, date(2015, 1, 1)),
            ],
            vec![ret(
                "CSC",
                Q3,
                vec![
                    update("A-3", Status::OnTrack, Some(date(2016, 1, 1))),
                    update("A-4", Status::Complete, None),
                ],
            )],
        );
        let c = track(&d, date(2014, 12, 31)).counts(None);
        assert_eq!(
            c,
            Counts {
                actions: 4,
                open: 3,
                overdue: 1,
                due_soon: 1,
                slipped: 1,
                complete: 1,
                cancelled: 0
            }
        );
    }

    #[test]
    fn rag_colours_are_hex() {
        for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
            let c = rag.colour();
            assert!(c.len() == 7 && c.starts_with('#'), "{c}");
            assert_eq!(format!("#{:06X}", rag.rgb()), c);
        }
    }
}
