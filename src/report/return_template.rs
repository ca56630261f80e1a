//! What an agency's pre-filled return template holds for a quarter
//! (`templates/<quarter>/<code>.xlsx`, data-contract.md §3), chosen from the
//! dataset as it stood at the end of the previous quarter, and the words of
//! its Instructions sheet. Pure: no file I/O and no clock (the quarter is
//! given). The workbook is drawn by `render::xlsx::return_template`, which
//! chooses nothing.
//!
//! - **What a pre-filled referral carries**: Case ID, Date received, Source, Age,
//!   Gender, Looked after, Missing episodes, Risk at referral, MARAC — the facts
//!   the log keeper updates or closes. Date closed, Risk at closure and Closure
//!   reason are left empty for the quarter's outcome.
//! - **Which cases**: those open at the end of the previous quarter in the log
//!   as the referral figures read it (`metrics::referrals::ReferralLog`), so the
//!   template lists the cases the papers count as open.
//!
//! Privacy: only the log agency's template holds referral data. Its Case IDs are
//! pseudonymous, and they go back to the agency that assigned them and keeps the
//! log; the Instructions say so. No template carries free text about a child: a
//! case's closure reason is never pre-filled.

use crate::diagnostics::Diagnostics;
use crate::metrics::referrals;
use crate::model::{Agency, Dataset, Referral, Status};
use crate::period::Quarter;
use crate::tracking;
use chrono::NaiveDate;

/// Everything one agency's template shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnTemplate {
    pub agency: Agency,
    /// The quarter the return is for.
    pub quarter: Quarter,
    /// The quarter's days, as the Return sheet says them.
    pub period: String,
    /// The day the pre-filled facts are as of: the previous quarter's last day.
    pub as_of: NaiveDate,
    pub deadline: NaiveDate,
    pub board: String,
    pub sub_group: String,
    pub protective_marking: String,
    /// `None` when the agency leads no action (no Actions sheet); empty when it
    /// leads some but none is open (the sheet is still required, header only).
    pub actions: Option<Vec<OpenAction>>,
    /// The count measures the agency reports, in catalogue order.
    pub measures: Vec<MeasureLine>,
    /// For the agency that keeps the referral log.
    pub referrals: Option<ReferralLog>,
}

/// An open action the agency leads, as tracked at `as_of`.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenAction {
    pub ref_: String,
    pub action: String,
    pub owner: String,
    /// The effective due date (the latest agreed revision, else the plan's).
    pub due: NaiveDate,
    pub last_status: Status,
    pub last_progress: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeasureLine {
    pub code: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReferralLog {
    /// Open at `as_of`, by Date received then Case ID.
    pub open: Vec<Referral>,
    /// The accepted Source values: every agency code of the plan, then `Other`.
    pub sources: Vec<String>,
}

/// The fixed texts of a template that give an example Case ID. They are the
/// same whatever the inputs, so they carry nothing from them; the privacy guard
/// is told so (`OWN_TEXTS`), since a real case may happen to have the example's ID.
const NEVER_NAMES: &str = "Never enter a child's name, or any detail that identifies a child or a family, anywhere in this workbook — not in progress updates, evidence, notes or the referral log. Children are identified only by their pseudonymous Case ID (letters, digits and -, such as CSE-0142); a Case ID that could be a name is refused. Progress updates are printed in the sub-group's papers: boardpack stops a Case ID it finds there, but it cannot tell that other text is a name, so keeping them free of anything that identifies a child is your agency's responsibility.";
pub const CASE_ID_PROMPT: &str =
    "The pseudonymous ID, such as CSE-0142: letters, digits and - only, at least one letter and one digit. Never a name.";
pub const CASE_ID_ERROR: &str = "A Case ID has letters, digits and - only, with no spaces and at least one letter and one digit, such as CSE-0142. Never enter a name.";

/// Every fixed text of a template that could look like input to the privacy
/// guard (see `crate::privacy::Guard::allow_own_text`).
pub const OWN_TEXTS: [&str; 3] = [NEVER_NAMES, CASE_ID_PROMPT, CASE_ID_ERROR];

/// The templates of one quarter, with the warnings that tracking the actions raised.
#[derive(Debug)]
pub struct Prepared {
    pub quarter: Quarter,
    pub as_of: NaiveDate,
    /// One per agency whose `Submits return` is Yes, in the plan's order.
    pub templates: Vec<ReturnTemplate>,
    pub diagnostics: Diagnostics,
}

/// The day a quarter's template is pre-filled as of: the last day of the
/// quarter before it, the end of the last period agencies have reported on.
pub fn as_of_for(quarter: Quarter) -> NaiveDate {
    quarter.prev().end()
}

/// The quarter's deadline: its last day plus the plan's `Return deadline days`.
pub fn deadline_for(quarter: Quarter, deadline_days: u32) -> NaiveDate {
    crate::quality::return_deadline(quarter, deadline_days)
}

/// The template file's name: the agency code in lower case.
pub fn file_name(agency_code: &str) -> String {
    format!("{}.xlsx", agency_code.to_ascii_lowercase())
}

/// Chooses the contents of every submitting agency's template for `quarter`.
pub fn prepare(dataset: &Dataset, quarter: Quarter) -> Prepared {
    let as_of = as_of_for(quarter);
    let tracked = tracking::track(dataset, as_of);
    let settings = &dataset.plan.settings;
    let log = dataset.referral_log_agency.as_deref().map(|_| ReferralLog {
        open: open_referrals(dataset, as_of),
        sources: sources(dataset),
    });
    let templates = dataset
        .plan
        .agencies
        .iter()
        .filter(|a| a.submits_return)
        .map(|agency| ReturnTemplate {
            agency: agency.clone(),
            quarter,
            period: format!(
                "{} to {}",
                long_date(quarter.start()),
                long_date(quarter.end())
            ),
            as_of,
            deadline: deadline_for(quarter, settings.return_deadline_days),
            board: settings.board.clone(),
            sub_group: settings.sub_group.clone(),
            protective_marking: settings.protective_marking.clone(),
            actions: open_actions(&tracked, &agency.code),
            measures: measures_reported_by(dataset, &agency.code),
            referrals: if keeps_log(dataset, agency) {
                log.clone()
            } else {
                None
            },
        })
        .collect();
    Prepared {
        quarter,
        as_of,
        templates,
        diagnostics: tracked.diagnostics,
    }
}

fn keeps_log(dataset: &Dataset, agency: &Agency) -> bool {
    dataset.referral_log_agency.as_deref() == Some(agency.code.as_str())
}

fn open_actions(tracked: &tracking::Tracking, agency: &str) -> Option<Vec<OpenAction>> {
    let led: Vec<&tracking::ActionState> = tracked.led_by(Some(agency)).collect();
    if led.is_empty() {
        return None;
    }
    Some(
        led.into_iter()
            .filter(|s| s.is_open())
            .map(|s| OpenAction {
                ref_: s.ref_.clone(),
                action: s.action.clone(),
                owner: s.owner.clone(),
                due: s.effective_due,
                last_status: s.status,
                last_progress: s.last_progress.clone(),
            })
            .collect(),
    )
}

fn measures_reported_by(dataset: &Dataset, agency: &str) -> Vec<MeasureLine> {
    let plan = &dataset.plan;
    plan.measures
        .iter()
        .filter(|m| {
            plan.reporters(m)
                .iter()
                .any(|r| r.eq_ignore_ascii_case(agency))
        })
        .map(|m| MeasureLine {
            code: m.code.clone(),
            label: m.label.clone(),
        })
        .collect()
}

/// The log keeper's referrals open at `as_of`, by Date received then Case
/// ID: the log as the referral metrics merge it (the latest row per child and
/// Date received, Case IDs compared in canonical form), from the keeper's
/// returns of `as_of`'s quarter and earlier.
fn open_referrals(dataset: &Dataset, as_of: NaiveDate) -> Vec<Referral> {
    let log = referrals::ReferralLog::as_at(dataset, Quarter::containing(as_of));
    let mut open: Vec<Referral> = log.open_on(as_of).cloned().collect();
    open.sort_by(|a, b| (a.received, &a.case_id).cmp(&(b.received, &b.case_id)));
    open
}

fn sources(dataset: &Dataset) -> Vec<String> {
    dataset
        .plan
        .agencies
        .iter()
        .map(|a| a.code.clone())
        .chain(std::iter::once("Other".to_string()))
        .collect()
}

/// A line of the Instructions sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    Title(String),
    Heading(String),
    Text(String),
    Gap,
}

fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the Instructions sheet says, line by line.
pub fn instruction_lines(t: &ReturnTemplate) -> Vec<Line> {
    let mut lines = vec![
        Line::Text(t.protective_marking.clone()),
        Line::Title(format!("{} — quarterly return for {}", t.agency.name, t.quarter)),
        Line::Text(format!("{}, {}", t.sub_group, t.board)),
        Line::Gap,
        Line::Heading("When and where".into()),
        Line::Text(format!(
            "This return covers {} to {}. Please send it back by {}.",
            long_date(t.quarter.start()),
            long_date(t.quarter.end()),
            long_date(t.deadline)
        )),
        Line::Text(send_to(t)),
        Line::Text(format!(
            "Keep the file name {} and the .xlsx format. What is pre-filled is as it stood on {}, from the returns up to {}.",
            file_name(&t.agency.code),
            long_date(t.as_of),
            t.quarter.prev()
        )),
        Line::Gap,
        Line::Heading("What to fill in".into()),
        Line::Text("Yellow cells are yours to fill in; the other cells are locked so that they are not changed by accident. Selecting a cell shows what it expects, and drop-down lists offer the accepted answers.".into()),
        Line::Text("Return sheet: your role in Completed by (a role such as the one shown, never a personal name) and the date you completed the return.".into()),
    ];
    if let Some(actions) = &t.actions {
        lines.push(Line::Text(actions_instruction(actions.len())));
    }
    if !t.measures.is_empty() {
        lines.push(Line::Text(format!(
            "Measures sheet: for each of the {}, the figure for the quarter — a whole number (0 if there were none), or N/A if the measure does not apply to your agency. Leave a value blank only if you cannot give it: the report then shows it as missing.",
            plural(t.measures.len(), "measure you report", "measures you report")
        )));
    }
    if let Some(log) = &t.referrals {
        lines.push(Line::Text(referrals_instruction(log.open.len(), t.as_of)));
    }
    lines.extend([
        Line::Text(
            "Please do not rename the sheets or the column headings: the return is read by them."
                .into(),
        ),
        Line::Gap,
        Line::Heading("Never enter names".into()),
        Line::Text(NEVER_NAMES.into()),
    ]);
    if t.referrals.is_some() {
        lines.push(Line::Text(format!(
            "This workbook holds the Case IDs of the referrals still open: it is prepared only for {}, which keeps the referral log and assigned them. Keep it within your organisation and send it back by secure email only.",
            t.agency.name
        )));
    }
    lines
}

fn send_to(t: &ReturnTemplate) -> String {
    let back = "Send the completed workbook back to the sub-group chair by replying to the email it came with";
    match &t.agency.email {
        Some(email) => format!(
            "{back} (it was sent to {email}, the address the delivery plan holds for {}; tell the chair if that should change).",
            t.agency.name
        ),
        None => format!("{back}."),
    }
}

fn actions_instruction(open: usize) -> String {
    if open == 0 {
        return "Actions sheet: none of the actions your agency leads is open, so there is nothing to update.".into();
    }
    format!(
        "Actions sheet: for each of the {} your agency leads, choose a Status, say what progress was made, give a Revised due date only when a new deadline has been agreed, and note the evidence. Due is the deadline now in force; Last status and Last progress update are from your previous return.",
        plural(open, "open action", "open actions")
    )
}

fn referrals_instruction(open: usize, as_of: NaiveDate) -> String {
    format!(
        "Referrals sheet: the referral log. The {} on {} are listed: for any closed in the quarter fill in Date closed, Risk at closure and Closure reason, and correct any detail that has changed. Then add every referral received in the quarter in the rows below, one row per referral. The Case ID and Date received of a listed case are locked, as changing them would record a different referral.",
        plural(open, "case open", "cases open"),
        long_date(as_of)
    )
}

/// The dataset the template tests of `report` and `render` share.
#[cfg(test)]
pub(crate) mod fixture {
    use super::*;
    use crate::model::{ActionUpdate, Gender, Origin, Plan, Return, Risk, Settings, Strand};
    use crate::period::Q;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    pub(crate) fn at() -> Origin {
        Origin {
            file: Arc::from("test.xlsx"),
            sheet: "Test",
            row: 1,
            columns: Arc::new(BTreeMap::new()),
        }
    }

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    pub(crate) fn agency(code: &str, submits: bool) -> Agency {
        Agency {
            code: code.into(),
            name: format!("{code} service"),
            lead_role: Some("Safeguarding Lead".into()),
            email: Some(format!("{}@example.org", code.to_lowercase())),
            submits_return: submits,
            at: at(),
        }
    }

    pub(crate) fn action(
        reference: &str,
        lead: &str,
        text: &str,
        due: NaiveDate,
    ) -> crate::model::Action {
        crate::model::Action {
            ref_: reference.into(),
            strand: Strand::Prevent,
            objective: None,
            action: text.into(),
            agency: lead.into(),
            owner: "Safeguarding Lead".into(),
            start: None,
            due,
            outcome_measure: None,
            source: None,
            at: at(),
        }
    }

    pub(crate) fn count(code: &str, reporters: crate::model::ReportedBy) -> crate::model::Measure {
        crate::model::Measure {
            code: code.into(),
            label: format!("{code} label"),
            strand: Strand::ProtectSupport,
            kind: crate::model::MeasureKind::Count {
                reported_by: reporters,
            },
            roll_up: crate::model::RollUp::Sum,
            target: None,
            better: None,
            publish: true,
            at: at(),
        }
    }

    pub(crate) fn referral(id: &str, received: NaiveDate, closed: Option<NaiveDate>) -> Referral {
        Referral {
            case_id: id.into(),
            received,
            source: "POLICE".into(),
            age: 14,
            gender: Gender::Female,
            looked_after: false,
            missing_episodes: Some(2),
            risk_at_referral: Risk::Medium,
            marac: None,
            closed,
            risk_at_closure: closed.map(|_| Risk::Low),
            closure_reason: closed.map(|_| "Closure details".to_string()),
            at: at(),
        }
    }

    /// An empty return, as the metrics tests make one.
    pub(crate) fn a_return(agency: &str, quarter: Quarter) -> Return {
        crate::metrics::testdata::a_return(agency, quarter, Vec::new())
    }

    pub(crate) fn update(reference: &str, status: Status, progress: &str) -> ActionUpdate {
        ActionUpdate {
            ref_: reference.into(),
            status,
            progress: Some(progress.into()),
            revised_due: None,
            evidence: None,
            at: at(),
        }
    }

    /// Two quarters of returns (2015-16 Q1, Q2): POLICE leads three actions (one
    /// completed), CSC keeps the log, YOS submits nothing relevant, LSCB does
    /// not submit.
    pub(crate) fn dataset() -> Dataset {
        let q1 = Quarter::new(2015, Q::Q1);
        let q2 = Quarter::new(2015, Q::Q2);
        let mut police_q1 = a_return("POLICE", q1);
        police_q1.actions = vec![update("PV-01", Status::OnTrack, "old news")];
        let mut police_q2 = a_return("POLICE", q2);
        police_q2.actions = vec![
            update(
                "PV-01",
                Status::AtRisk,
                "=HYPERLINK(\"http://x\",\"click\")",
            ),
            update("PV-02", Status::Complete, "done"),
        ];
        let mut csc_q1 = a_return("CSC", q1);
        csc_q1.referrals = Some(vec![
            referral("CSE-1", day(2015, 4, 10), None),
            referral("CSE-2", day(2015, 5, 1), None),
            referral("CSE-3", day(2015, 5, 2), Some(day(2015, 6, 1))),
        ]);
        let mut csc_q2 = a_return("CSC", q2);
        csc_q2.referrals = Some(vec![
            // Closed in Q2: the later row wins and the case is not open at the end.
            referral("CSE-2", day(2015, 5, 1), Some(day(2015, 8, 1))),
            Referral {
                source: "OTHER".into(),
                ..referral("CSE-4", day(2015, 9, 30), None)
            },
            // Closed on the last day: not open at the end.
            referral("CSE-5", day(2015, 7, 1), Some(day(2015, 9, 30))),
            referral("-CSE6", day(2015, 7, 2), Some(day(2015, 10, 15))),
        ]);
        let settings = Settings {
            board: "Test LSCB".into(),
            sub_group: "CSE sub-group".into(),
            area: "Test".into(),
            referral_log_agency: Some("CSC".into()),
            ..Settings::contract_defaults()
        };
        let plan = Plan {
            file: "plan.xlsx".into(),
            settings,
            agencies: vec![
                agency("POLICE", true),
                agency("CSC", true),
                agency("YOS", true),
                agency("LSCB", false),
            ],
            actions: vec![
                action("PV-01", "POLICE", "+ train officers", day(2015, 12, 31)),
                action("PV-02", "POLICE", "Map hotspots", day(2015, 9, 30)),
                action("PV-03", "POLICE", "@Patrol parks", day(2016, 3, 31)),
                action("PS-01", "CSC", "Audit cases", day(2016, 3, 31)),
            ],
            measures: vec![
                count(
                    "MISSING",
                    crate::model::ReportedBy::Agencies(vec!["POLICE".into()]),
                ),
                count("TRAINED", crate::model::ReportedBy::All),
            ],
            unreadable_refs: Vec::new(),
            sha256: String::new(),
        };
        Dataset {
            plan,
            returns: vec![csc_q1, police_q1, csc_q2, police_q2],
            referral_log_agency: Some("CSC".into()),
        }
    }

    pub(crate) fn template_of<'a>(prepared: &'a Prepared, code: &str) -> &'a ReturnTemplate {
        prepared
            .templates
            .iter()
            .find(|t| t.agency.code == code)
            .expect("template")
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;
    use crate::period::Q;

    #[test]
    fn every_submitting_agency_gets_a_template_as_of_the_previous_quarter_end() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let codes: Vec<&str> = prepared
            .templates
            .iter()
            .map(|t| t.agency.code.as_str())
            .collect();
        assert_eq!(codes, ["POLICE", "CSC", "YOS"]);
        assert_eq!(prepared.as_of, day(2015, 9, 30));
        let police = template_of(&prepared, "POLICE");
        assert_eq!(police.deadline, day(2016, 1, 15));
        assert_eq!(file_name("POLICE"), "police.xlsx");
    }

    #[test]
    fn only_open_actions_are_listed_with_their_last_status_and_progress() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let police = template_of(&prepared, "POLICE");
        let actions = police.actions.as_ref().expect("POLICE leads actions");
        let refs: Vec<&str> = actions.iter().map(|a| a.ref_.as_str()).collect();
        assert_eq!(refs, ["PV-01", "PV-03"]);
        assert_eq!(actions[0].last_status, Status::AtRisk);
        assert_eq!(actions[1].last_status, Status::NotStarted);
        assert_eq!(actions[1].last_progress, None);
        assert!(template_of(&prepared, "YOS").actions.is_none());
    }

    #[test]
    fn measures_are_those_the_agency_reports() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let codes = |code: &str| -> Vec<String> {
            template_of(&prepared, code)
                .measures
                .iter()
                .map(|m| m.code.clone())
                .collect()
        };
        assert_eq!(codes("POLICE"), ["MISSING", "TRAINED"]);
        assert_eq!(codes("YOS"), ["TRAINED"]);
    }

    #[test]
    fn the_log_keeper_gets_the_cases_open_at_the_previous_quarter_end() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let log = template_of(&prepared, "CSC")
            .referrals
            .as_ref()
            .expect("CSC keeps the log");
        let ids: Vec<&str> = log.open.iter().map(|r| r.case_id.as_str()).collect();
        assert_eq!(ids, ["CSE-1", "-CSE6", "CSE-4"]);
        assert_eq!(log.sources.last().map(String::as_str), Some("Other"));
        assert!(template_of(&prepared, "POLICE").referrals.is_none());
    }

    #[test]
    fn a_template_for_an_earlier_quarter_ignores_later_returns() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q2));
        let log = template_of(&prepared, "CSC")
            .referrals
            .clone()
            .expect("log");
        let ids: Vec<&str> = log.open.iter().map(|r| r.case_id.as_str()).collect();
        // As of 30 June 2015, from the Q1 log only: CSE-2 was still open then.
        assert_eq!(ids, ["CSE-1", "CSE-2"]);
        let police = template_of(&prepared, "POLICE");
        let actions = police.actions.as_ref().expect("actions");
        assert_eq!(actions[0].last_status, Status::OnTrack);
        assert_eq!(actions.len(), 3);
    }

    #[test]
    fn a_case_closed_under_a_differently_written_case_id_is_not_listed_as_open() {
        let mut data = dataset();
        // The Q2 log closes CSE-2 as `cse 2`, spaced and in lower case: the
        // referral figures read it as the same child, and so must the template.
        let q2_log = data
            .returns
            .iter_mut()
            .find(|r| r.agency == "CSC" && r.quarter == Quarter::new(2015, Q::Q2))
            .and_then(|r| r.referrals.as_mut())
            .expect("the Q2 log");
        q2_log[0].case_id = "cse 2".into();
        let prepared = prepare(&data, Quarter::new(2015, Q::Q3));
        let log = template_of(&prepared, "CSC")
            .referrals
            .clone()
            .expect("log");
        let ids: Vec<&str> = log.open.iter().map(|r| r.case_id.as_str()).collect();
        assert_eq!(ids, ["CSE-1", "-CSE6", "CSE-4"]);
    }

    #[test]
    fn instructions_give_the_deadline_the_address_and_the_privacy_rule() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let text = |code: &str| -> String {
            instruction_lines(template_of(&prepared, code))
                .into_iter()
                .filter_map(|l| match l {
                    Line::Title(t) | Line::Heading(t) | Line::Text(t) => Some(t),
                    Line::Gap => None,
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let police = text("POLICE");
        assert!(police.contains("15 January 2016"), "{police}");
        assert!(police.contains("police@example.org"));
        assert!(police.contains("Never enter a child's name"));
        assert!(police.contains("2 open actions"));
        assert!(!police.contains("Referrals sheet"));
        let csc = text("CSC");
        assert!(csc.contains("3 cases open on 30 September 2015"), "{csc}");
        assert!(csc.contains("holds the Case IDs"));
        assert!(text("YOS").contains("Measures sheet"));
    }
}
