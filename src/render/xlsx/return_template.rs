//! The pre-filled return workbook an agency lead fills in for a quarter
//! (`templates/<quarter>/<code>.xlsx`, data-contract.md §3): what goes in it,
//! chosen from the dataset as it stood at the end of the previous quarter, and
//! how it is laid out. Pure: no file I/O and no clock (the quarter is given, and
//! the document's creation date is the quarter's first day).
//!
//! Sheets, in the order an agency lead meets them:
//!
//! - `Instructions` (first, and the sheet the workbook opens on): what to fill in,
//!   the deadline (quarter end + `Return deadline days`), where it goes, and that
//!   names never enter the workbook. The reader ignores sheets it does not know.
//! - `Return`: Field / Value / Note; Agency and Quarter locked, Completed by and
//!   Date completed to fill in (Note is a column the reader ignores).
//! - `Actions` (when the agency leads an action): its open actions as tracked at
//!   the end of the previous quarter — Ref, Action, Owner, Due (the effective due),
//!   Last status, Last progress update locked; Status, Progress update, Revised
//!   due, Evidence to fill in. The pre-filled columns are the ones the reader
//!   ignores (`read::returns::ACTIONS`).
//! - `Measures` (when the agency reports a count): Code and Measure locked; Value
//!   and Note to fill in.
//! - `Referrals` (the referral log agency only): the cases open at the end of the
//!   previous quarter, then blank rows for the quarter's new referrals.
//!
//! Choices where the contract is silent:
//!
//! - **Value accepts `N/A`**: a whole-number validation would refuse the `N/A` the
//!   contract allows, so Value has a custom rule — a whole number 0 or more, or
//!   `N/A` — and a prompt saying so.
//! - **Referrals keep their keys**: Case ID and Date received of a pre-filled case
//!   are locked, since changing either would record a new referral rather than
//!   update the open one. Every other cell of the log is unlocked, including the
//!   columns below the prepared rows, so a busy quarter can run past them.
//! - **What a pre-filled referral carries**: Case ID, Date received, Source, Age,
//!   Gender, Looked after, Missing episodes, Risk at referral, MARAC — the facts
//!   the log keeper updates or closes. Date closed, Risk at closure and Closure
//!   reason are left empty for the quarter's outcome.
//!
//! Privacy: only the log agency's template holds referral data. Its Case IDs are
//! pseudonymous, and they go back to the agency that assigned them and keeps the
//! log; the Instructions say so. No template carries free text about a child: a
//! case's closure reason is never pre-filled.

use super::{
    blank, choice_list, column, custom_rule, date_between, date_on_or_after_cell, earliest_date,
    fit_row, fixed_properties, header_row, latest_date, mark_pages, print_text_on_a4, prompt_only,
    protect, to_bytes, validate_column, whole_at_least, whole_between, width_of, write_count,
    write_date, write_optional_text, write_text, Column, Prompt, Styles, XlsxResult,
};
use crate::diagnostics::Diagnostics;
use crate::model::{Agency, Dataset, Gender, Referral, Risk, Status};
use crate::period::Quarter;
use crate::tracking;
use chrono::NaiveDate;
use rust_xlsxwriter::{column_number_to_name, DataValidation, Workbook, Worksheet};
use std::collections::BTreeMap;

/// Blank rows left below the pre-filled cases of the referral log, with the
/// log's validations, for the quarter's new referrals.
pub const NEW_REFERRAL_ROWS: u32 = 200;

/// Everything one agency's template shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnTemplate {
    pub agency: Agency,
    /// The quarter the return is for.
    pub quarter: Quarter,
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
const CASE_ID_PROMPT: &str =
    "The pseudonymous ID, such as CSE-0142: letters, digits and - only, at least one letter and one digit. Never a name.";
const CASE_ID_ERROR: &str = "A Case ID has letters, digits and - only, with no spaces and at least one letter and one digit, such as CSE-0142. Never enter a name.";

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
    let log = dataset
        .referral_log_agency
        .as_deref()
        .map(|keeper| ReferralLog {
            open: open_referrals(dataset, keeper, as_of),
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

/// The log keeper's referrals open at `as_of`: from its logs of `as_of`'s quarter
/// and earlier, the latest row per (Case ID, Date received), received on or
/// before `as_of` and not closed on or before it.
pub fn open_referrals(dataset: &Dataset, keeper: &str, as_of: NaiveDate) -> Vec<Referral> {
    let last_quarter = Quarter::containing(as_of);
    let mut latest: BTreeMap<(NaiveDate, &str), &Referral> = BTreeMap::new();
    // Returns are sorted by quarter, so a later log's row replaces an earlier one.
    let logs = dataset
        .returns
        .iter()
        .filter(|r| r.agency == keeper && r.quarter <= last_quarter)
        .filter_map(|r| r.referrals.as_ref());
    for log in logs {
        for referral in log {
            latest.insert((referral.received, referral.case_id.as_str()), referral);
        }
    }
    latest
        .into_values()
        .filter(|r| r.received <= as_of && r.closed.is_none_or(|closed| closed > as_of))
        .cloned()
        .collect()
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

// ---------------------------------------------------------------- layout

/// The Instructions sheet's one column, in characters: a comfortable line.
const INSTRUCTIONS_WIDTH: f64 = 100.0;
/// Points, for the 14-point title.
const TITLE_HEIGHT: f64 = 21.0;

const RETURN_COLUMNS: [Column; 3] = [
    column("Field", 18.0),
    column("Value", 30.0),
    column("Note", 70.0),
];

const ACTION_COLUMNS: [Column; 10] = [
    column("Ref", 9.0),
    column("Action", 45.0),
    column("Owner", 22.0),
    column("Due", 11.5),
    column("Last status", 12.0),
    column("Last progress update", 40.0),
    column("Status", 13.0),
    column("Progress update", 45.0),
    column("Revised due", 12.0),
    column("Evidence", 32.0),
];
/// Positions in `ACTION_COLUMNS` (a test checks they agree).
mod action_col {
    pub const REF: u16 = 0;
    pub const ACTION: u16 = 1;
    pub const OWNER: u16 = 2;
    pub const DUE: u16 = 3;
    pub const LAST_STATUS: u16 = 4;
    pub const LAST_PROGRESS: u16 = 5;
    pub const STATUS: u16 = 6;
    pub const PROGRESS: u16 = 7;
    pub const REVISED_DUE: u16 = 8;
    pub const EVIDENCE: u16 = 9;
}

const MEASURE_COLUMNS: [Column; 4] = [
    column("Code", 24.0),
    column("Measure", 55.0),
    column("Value", 10.0),
    column("Note", 45.0),
];

/// Positions in `MEASURE_COLUMNS`.
mod measure_col {
    pub const CODE: u16 = 0;
    pub const LABEL: u16 = 1;
    pub const VALUE: u16 = 2;
    pub const NOTE: u16 = 3;
}

const REFERRAL_COLUMNS: [Column; 12] = [
    column("Case ID", 13.0),
    column("Date received", 12.0),
    column("Source", 12.0),
    column("Age", 6.0),
    column("Gender", 10.0),
    column("Looked after", 8.5),
    column("Missing episodes", 9.5),
    column("Risk at referral", 9.5),
    column("MARAC", 8.0),
    column("Date closed", 12.0),
    column("Risk at closure", 9.5),
    column("Closure reason", 40.0),
];

/// Positions in `REFERRAL_COLUMNS`.
mod referral_col {
    pub const CASE_ID: u16 = 0;
    pub const RECEIVED: u16 = 1;
    pub const SOURCE: u16 = 2;
    pub const AGE: u16 = 3;
    pub const GENDER: u16 = 4;
    pub const LOOKED_AFTER: u16 = 5;
    pub const MISSING_EPISODES: u16 = 6;
    pub const RISK_AT_REFERRAL: u16 = 7;
    pub const MARAC: u16 = 8;
    pub const CLOSED: u16 = 9;
    pub const RISK_AT_CLOSURE: u16 = 10;
    pub const CLOSURE_REASON: u16 = 11;
}

/// The Yes/No drop-down: Yes and No first, then the other spellings the
/// reader accepts (`workbook::values::yes_no_text`), so none is refused here
/// and accepted by `check`, or the other way round.
const YES_NO: [&str; 6] = ["Yes", "No", "Y", "N", "True", "False"];

/// The last row (zero-based) of a worksheet: the Referrals sheet's columns are
/// unlocked to the end, so they are validated to the end.
const LAST_SHEET_ROW: u32 = 1_048_575;

/// The Case ID rule of the data contract as a validation formula on `cell`
/// (the first row's cell; Excel shifts it down the column): at least one
/// digit, at least one letter, and no character other than letters, digits
/// and `-` (after trimming, as the reader trims). Array-evaluated through
/// SUMPRODUCT; no array constants, which Excel refuses in a validation. Only
/// positions up to the length are looked at: past it MID gives "", which
/// FIND finds in Excel but not in LibreOffice. 249 characters, under
/// Excel's limit of 255 for a validation formula.
pub fn case_id_formula(cell: &str) -> String {
    format!(
        "AND(SUMPRODUCT(--ISNUMBER(FIND(ROW($1:$10)-1,{cell})))>0,\
         SUMPRODUCT(--ISNUMBER(FIND(CHAR(ROW($65:$90)),UPPER({cell}))))>0,\
         SUMPRODUCT(ISERROR(FIND(MID(UPPER(TRIM({cell})),ROW($1:$999),1),\
         \"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\"))*(ROW($1:$999)<=LEN(TRIM({cell}))))=0)"
    )
}

/// The template as the bytes of an .xlsx file.
pub fn render(t: &ReturnTemplate) -> XlsxResult<Vec<u8>> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    let title = format!("{} return for {}", t.agency.name, t.quarter);
    wb.set_properties(&fixed_properties(
        t.quarter.start(),
        &title,
        &t.sub_group,
        &t.board,
    )?);
    instructions_sheet(sheet(&mut wb, "Instructions", t)?, t, &styles)?;
    return_sheet(sheet(&mut wb, "Return", t)?, t, &styles)?;
    if let Some(actions) = &t.actions {
        actions_sheet(sheet(&mut wb, "Actions", t)?, actions, &styles)?;
    }
    if !t.measures.is_empty() {
        measures_sheet(sheet(&mut wb, "Measures", t)?, &t.measures, &styles)?;
    }
    if let Some(log) = &t.referrals {
        referrals_sheet(sheet(&mut wb, "Referrals", t)?, log, t.quarter, &styles)?;
    }
    to_bytes(&mut wb)
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    t: &ReturnTemplate,
) -> XlsxResult<&'a mut Worksheet> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    mark_pages(ws, &t.protective_marking);
    Ok(ws)
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

fn instructions_sheet(ws: &mut Worksheet, t: &ReturnTemplate, styles: &Styles) -> XlsxResult<()> {
    ws.set_column_width(0, INSTRUCTIONS_WIDTH)?;
    print_text_on_a4(ws, INSTRUCTIONS_WIDTH);
    ws.set_screen_gridlines(false);
    for (row, line) in (0u32..).zip(instruction_lines(t)) {
        match line {
            Line::Title(text) => {
                write_text(ws, row, 0, &text, &styles.title)?;
                ws.set_row_height(row, TITLE_HEIGHT)?;
            }
            Line::Heading(text) => write_text(ws, row, 0, &text, &styles.prose_bold)?,
            Line::Text(text) => {
                write_text(ws, row, 0, &text, &styles.prose)?;
                fit_row(ws, row, &[(&text, INSTRUCTIONS_WIDTH)])?;
            }
            Line::Gap => {}
        }
    }
    ws.set_active(true);
    protect(ws, false);
    Ok(())
}

fn return_sheet(ws: &mut Worksheet, t: &ReturnTemplate, styles: &Styles) -> XlsxResult<()> {
    header_row(ws, 0, &RETURN_COLUMNS, styles)?;
    let fields = ["Agency", "Quarter", "Completed by", "Date completed"];
    for (row, field) in (1u32..).zip(fields) {
        write_text(ws, row, 0, field, &styles.label)?;
    }
    write_text(ws, 1, 1, &t.agency.code, &styles.label)?;
    write_text(ws, 1, 2, &t.agency.name, &styles.label)?;
    write_text(ws, 2, 1, &t.quarter.to_string(), &styles.label)?;
    write_text(
        ws,
        2,
        2,
        &format!(
            "{} to {}",
            long_date(t.quarter.start()),
            long_date(t.quarter.end())
        ),
        &styles.label,
    )?;
    blank(ws, 3, 1, &styles.input)?;
    let note_width = width_of(&RETURN_COLUMNS, 2);
    let role = match &t.agency.lead_role {
        Some(role) => format!("Your role, such as {role} — never a personal name"),
        None => "Your role — never a personal name".to_string(),
    };
    write_text(ws, 3, 2, &role, &styles.label)?;
    fit_row(ws, 3, &[(&role, note_width)])?;
    blank(ws, 4, 1, &styles.input_date)?;
    write_text(
        ws,
        4,
        2,
        &format!(
            "The date you completed the return (dd/mm/yyyy); due by {}",
            t.deadline.format("%d/%m/%Y")
        ),
        &styles.label,
    )?;
    let role_prompt = Prompt {
        title: "Completed by",
        message:
            "Your role (for example Named Nurse, Safeguarding Children). Never a personal name.",
    };
    validate_column(ws, 1, 3, 3, &prompt_only(role_prompt)?)?;
    let completed = date_between(
        t.quarter.start(),
        latest_date(),
        Prompt {
            title: "Date completed",
            message: "The date you completed this return, such as 08/01/2016.",
        },
    )?;
    validate_column(ws, 1, 4, 4, &completed)?;
    protect(ws, false);
    Ok(())
}

fn actions_sheet(ws: &mut Worksheet, actions: &[OpenAction], styles: &Styles) -> XlsxResult<()> {
    header_row(ws, 0, &ACTION_COLUMNS, styles)?;
    for (row, a) in (1u32..).zip(actions) {
        use action_col::*;
        write_text(ws, row, REF, &a.ref_, &styles.label)?;
        write_text(ws, row, ACTION, &a.action, &styles.label)?;
        write_text(ws, row, OWNER, &a.owner, &styles.label)?;
        write_date(ws, row, DUE, a.due, &styles.label_date)?;
        write_text(ws, row, LAST_STATUS, a.last_status.label(), &styles.label)?;
        let progress = a.last_progress.as_deref();
        write_optional_text(ws, row, LAST_PROGRESS, progress, &styles.label)?;
        blank(ws, row, STATUS, &styles.input)?;
        blank(ws, row, PROGRESS, &styles.input)?;
        blank(ws, row, REVISED_DUE, &styles.input_date)?;
        blank(ws, row, EVIDENCE, &styles.input)?;
        let width = |col| width_of(&ACTION_COLUMNS, col);
        fit_row(
            ws,
            row,
            &[
                (&a.action, width(ACTION)),
                (&a.owner, width(OWNER)),
                (progress.unwrap_or_default(), width(LAST_PROGRESS)),
            ],
        )?;
    }
    let last = u32::try_from(actions.len()).unwrap_or(u32::MAX);
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
    let status = Prompt {
        title: "Status",
        message: "Required for every action: its status at the end of the quarter.",
    };
    if let Some(list) = choice_list(&statuses, status)? {
        validate_column(ws, action_col::STATUS, 1, last, &list)?;
    }
    let progress = Prompt {
        title: "Progress update",
        message: "What was done this quarter. No names or details that identify a child.",
    };
    validate_column(ws, action_col::PROGRESS, 1, last, &prompt_only(progress)?)?;
    let revised = date_between(
        earliest_date(),
        latest_date(),
        Prompt {
            title: "Revised due",
            message: "Only when a new deadline has been agreed: the new due date, such as 31/03/2016. Otherwise leave blank.",
        },
    )?;
    validate_column(ws, action_col::REVISED_DUE, 1, last, &revised)?;
    let evidence = Prompt {
        title: "Evidence",
        message: "Where the evidence of progress can be found (a report, minutes, data). No names.",
    };
    validate_column(ws, action_col::EVIDENCE, 1, last, &prompt_only(evidence)?)?;
    protect(ws, false);
    Ok(())
}

fn measures_sheet(ws: &mut Worksheet, measures: &[MeasureLine], styles: &Styles) -> XlsxResult<()> {
    header_row(ws, 0, &MEASURE_COLUMNS, styles)?;
    for (row, m) in (1u32..).zip(measures) {
        write_text(ws, row, measure_col::CODE, &m.code, &styles.label)?;
        write_text(ws, row, measure_col::LABEL, &m.label, &styles.label)?;
        blank(ws, row, measure_col::VALUE, &styles.input)?;
        blank(ws, row, measure_col::NOTE, &styles.input)?;
        let label_width = width_of(&MEASURE_COLUMNS, measure_col::LABEL);
        fit_row(ws, row, &[(&m.label, label_width)])?;
    }
    let last = u32::try_from(measures.len()).unwrap_or(u32::MAX);
    validate_column(ws, measure_col::VALUE, 1, last, &value_rule()?)?;
    let note = Prompt {
        title: "Note",
        message: "Anything the reader of the figure should know. No names.",
    };
    validate_column(ws, measure_col::NOTE, 1, last, &prompt_only(note)?)?;
    protect(ws, false);
    Ok(())
}

/// A whole number 0 or more, or `N/A`. Written with IF so that text never
/// reaches the arithmetic (an error there would make Excel refuse `N/A` too).
fn value_rule() -> XlsxResult<DataValidation> {
    let cell = format!("{}2", column_number_to_name(measure_col::VALUE));
    custom_rule(
        &format!(
            "IF(ISNUMBER({cell}),AND({cell}>=0,{cell}=INT({cell})),UPPER(TRIM({cell}))=\"N/A\")"
        ),
        Prompt {
            title: "Value",
            message: "The quarter's figure: a whole number, 0 or more. Type N/A if the measure does not apply to your agency. Leave blank only if you cannot give it.",
        },
        "A whole number or N/A",
        "Enter a whole number (0 or more), or N/A if the measure does not apply to your agency.",
    )
}

fn referrals_sheet(
    ws: &mut Worksheet,
    log: &ReferralLog,
    quarter: Quarter,
    styles: &Styles,
) -> XlsxResult<()> {
    let id_column = styles.open_column.clone().set_num_format("@");
    let id_input = styles.input.clone().set_num_format("@");
    for (col, c) in (0u16..).zip(REFERRAL_COLUMNS.iter()) {
        let column_format = match c.header {
            "Case ID" => &id_column,
            "Date received" | "Date closed" => &styles.open_column_date,
            _ => &styles.open_column,
        };
        ws.set_column_format(col, column_format)?;
    }
    header_row(ws, 0, &REFERRAL_COLUMNS, styles)?;
    for (row, r) in (1u32..).zip(&log.open) {
        prefilled_referral(ws, row, r, styles)?;
    }
    let open = u32::try_from(log.open.len()).unwrap_or(u32::MAX);
    let last = open.saturating_add(NEW_REFERRAL_ROWS);
    for row in open.saturating_add(1)..=last {
        for (col, c) in (0u16..).zip(REFERRAL_COLUMNS.iter()) {
            let format = match c.header {
                "Case ID" => &id_input,
                "Date received" | "Date closed" => &styles.input_date,
                _ => &styles.input,
            };
            blank(ws, row, col, format)?;
        }
    }
    referral_validations(ws, log, quarter, last)?;
    protect(ws, true);
    Ok(())
}

fn prefilled_referral(
    ws: &mut Worksheet,
    row: u32,
    r: &Referral,
    styles: &Styles,
) -> XlsxResult<()> {
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    use referral_col::*;
    let input = &styles.input;
    write_text(ws, row, CASE_ID, &r.case_id, &styles.label)?;
    write_date(ws, row, RECEIVED, r.received, &styles.label_date)?;
    // The reader upper-cases Source; show `Other` as the drop-down spells it.
    let source = if r.source.eq_ignore_ascii_case("Other") {
        "Other"
    } else {
        &r.source
    };
    write_text(ws, row, SOURCE, source, input)?;
    write_count(ws, row, AGE, Some(u64::from(r.age)), input)?;
    write_text(ws, row, GENDER, r.gender.label(), input)?;
    write_text(ws, row, LOOKED_AFTER, yes_no(r.looked_after), input)?;
    write_count(ws, row, MISSING_EPISODES, r.missing_episodes, input)?;
    write_text(ws, row, RISK_AT_REFERRAL, r.risk_at_referral.label(), input)?;
    write_optional_text(ws, row, MARAC, r.marac.map(yes_no), input)?;
    blank(ws, row, CLOSED, &styles.input_date)?;
    blank(ws, row, RISK_AT_CLOSURE, input)?;
    blank(ws, row, CLOSURE_REASON, input)?;
    Ok(())
}

fn referral_validations(
    ws: &mut Worksheet,
    log: &ReferralLog,
    quarter: Quarter,
    last: u32,
) -> XlsxResult<()> {
    use referral_col::*;
    let first_id = format!("{}2", column_number_to_name(CASE_ID));
    // Every row: the columns are unlocked to the sheet's end (rows may be added).
    let last = last.max(LAST_SHEET_ROW);
    let case_id = custom_rule(
        &case_id_formula(&first_id),
        Prompt {
            title: "Case ID",
            message: CASE_ID_PROMPT,
        },
        "Not a Case ID",
        CASE_ID_ERROR,
    )?;
    validate_column(ws, CASE_ID, 1, last, &case_id)?;
    let received = date_between(
        earliest_date(),
        quarter.end(),
        Prompt {
            title: "Date received",
            message: "The date the referral was received, on or before the quarter's last day.",
        },
    )?;
    validate_column(ws, RECEIVED, 1, last, &received)?;
    let sources: Vec<&str> = log.sources.iter().map(String::as_str).collect();
    let source = Prompt {
        title: "Source",
        message: "The referring agency's code, or Other.",
    };
    let source_rule = match choice_list(&sources, source)? {
        Some(list) => list,
        None => prompt_only(source)?,
    };
    validate_column(ws, SOURCE, 1, last, &source_rule)?;
    let age = whole_between(
        0,
        24,
        Prompt {
            title: "Age",
            message: "Whole years at referral, 0 to 24.",
        },
    )?;
    validate_column(ws, AGE, 1, last, &age)?;
    let genders: Vec<&str> = Gender::ALL.iter().map(|g| g.label()).collect();
    let lists: [(u16, &[&str], Prompt); 5] = [
        (
            GENDER,
            &genders,
            Prompt {
                title: "Gender",
                message: "Female, Male, Other or Not known.",
            },
        ),
        (
            LOOKED_AFTER,
            &YES_NO,
            Prompt {
                title: "Looked after",
                message: "Was the child looked after when referred?",
            },
        ),
        (
            RISK_AT_REFERRAL,
            &[Risk::Low.label(), Risk::Medium.label(), Risk::High.label()],
            Prompt {
                title: "Risk at referral",
                message: "The CSE risk assessed at referral.",
            },
        ),
        (
            MARAC,
            &YES_NO,
            Prompt {
                title: "MARAC",
                message: "Was the case discussed at the CSE MARAC?",
            },
        ),
        (
            RISK_AT_CLOSURE,
            &[
                Risk::None.label(),
                Risk::Low.label(),
                Risk::Medium.label(),
                Risk::High.label(),
            ],
            Prompt {
                title: "Risk at closure",
                message: "The CSE risk at closure; give it with Date closed.",
            },
        ),
    ];
    for (col, choices, prompt) in lists {
        if let Some(list) = choice_list(choices, prompt)? {
            validate_column(ws, col, 1, last, &list)?;
        }
    }
    let missing = whole_at_least(
        0,
        Prompt {
            title: "Missing episodes",
            message: "Missing episodes in the 90 days before referral: a whole number, 0 or more.",
        },
    )?;
    validate_column(ws, MISSING_EPISODES, 1, last, &missing)?;
    let first_received = format!("${}2", column_number_to_name(RECEIVED));
    let closed = date_on_or_after_cell(
        &first_received,
        Prompt {
            title: "Date closed",
            message: "Only when the case closed: the date, on or after Date received.",
        },
        "Date closed must be a date on or after Date received, written like 31/12/2015.",
    )?;
    validate_column(ws, CLOSED, 1, last, &closed)?;
    let reason = Prompt {
        title: "Closure reason",
        message: "Why the case closed, in general terms. No names or identifying details.",
    };
    validate_column(ws, CLOSURE_REASON, 1, last, &prompt_only(reason)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{part, sheet_xml};
    use super::*;
    use crate::model::{ActionUpdate, Origin, Plan, Return, Settings, Strand};
    use crate::period::Q;
    use crate::read::returns::{ACTIONS, MEASURES, REFERRALS, RETURN};
    use crate::workbook::SheetSpec;
    use std::sync::Arc;

    fn at() -> Origin {
        Origin {
            file: Arc::from("test.xlsx"),
            sheet: "Test",
            row: 1,
            columns: Arc::new(BTreeMap::new()),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn agency(code: &str, submits: bool) -> Agency {
        Agency {
            code: code.into(),
            name: format!("{code} service"),
            lead_role: Some("Safeguarding Lead".into()),
            email: Some(format!("{}@example.org", code.to_lowercase())),
            submits_return: submits,
            at: at(),
        }
    }

    fn action(reference: &str, lead: &str, text: &str, due: NaiveDate) -> crate::model::Action {
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

    fn count(code: &str, reporters: crate::model::ReportedBy) -> crate::model::Measure {
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

    fn referral(id: &str, received: NaiveDate, closed: Option<NaiveDate>) -> Referral {
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

    fn a_return(agency: &str, quarter: Quarter) -> Return {
        Return {
            file: format!("{}/{}.xlsx", quarter.folder_name(), agency.to_lowercase()),
            path: std::path::PathBuf::new(),
            agency: agency.into(),
            quarter,
            completed_by: None,
            date_completed: None,
            date_completed_cell: None,
            actions: Vec::new(),
            measures: Vec::new(),
            referrals: None,
            sha256: String::new(),
        }
    }

    fn update(reference: &str, status: Status, progress: &str) -> ActionUpdate {
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
    fn dataset() -> Dataset {
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

    fn template_of<'a>(prepared: &'a Prepared, code: &str) -> &'a ReturnTemplate {
        prepared
            .templates
            .iter()
            .find(|t| t.agency.code == code)
            .expect("template")
    }

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

    fn canonical(spec: &SheetSpec) -> Vec<String> {
        spec.columns
            .iter()
            .map(|c| c.name)
            .chain(spec.ignored.iter().copied())
            .map(str::to_ascii_lowercase)
            .collect()
    }

    #[test]
    fn every_template_column_is_one_the_reader_reads_or_ignores() {
        let pairs: [(&[Column], &SheetSpec); 4] = [
            (&RETURN_COLUMNS, &RETURN),
            (&ACTION_COLUMNS, &ACTIONS),
            (&MEASURE_COLUMNS, &MEASURES),
            (&REFERRAL_COLUMNS, &REFERRALS),
        ];
        for (columns, spec) in pairs {
            let known = canonical(spec);
            for c in columns {
                assert!(
                    known.contains(&c.header.to_ascii_lowercase()),
                    "{} › {} is not read or ignored by the reader",
                    spec.name,
                    c.header
                );
            }
        }
        let referral_columns: Vec<&str> = REFERRAL_COLUMNS.iter().map(|c| c.header).collect();
        let contract: Vec<&str> = REFERRALS.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            referral_columns, contract,
            "every column of the log, in order"
        );
    }

    #[test]
    fn column_positions_name_the_right_headers() {
        let header = |columns: &[Column], at: u16| columns[usize::from(at)].header;
        use action_col::*;
        let actions = [
            (REF, "Ref"),
            (ACTION, "Action"),
            (OWNER, "Owner"),
            (DUE, "Due"),
            (LAST_STATUS, "Last status"),
            (LAST_PROGRESS, "Last progress update"),
            (STATUS, "Status"),
            (PROGRESS, "Progress update"),
            (REVISED_DUE, "Revised due"),
            (EVIDENCE, "Evidence"),
        ];
        for (at, name) in actions {
            assert_eq!(header(&ACTION_COLUMNS, at), name);
        }
        let measures = [
            (measure_col::CODE, "Code"),
            (measure_col::LABEL, "Measure"),
            (measure_col::VALUE, "Value"),
            (measure_col::NOTE, "Note"),
        ];
        for (at, name) in measures {
            assert_eq!(header(&MEASURE_COLUMNS, at), name);
        }
        use referral_col::*;
        let referrals = [
            (CASE_ID, "Case ID"),
            (RECEIVED, "Date received"),
            (SOURCE, "Source"),
            (AGE, "Age"),
            (GENDER, "Gender"),
            (LOOKED_AFTER, "Looked after"),
            (MISSING_EPISODES, "Missing episodes"),
            (RISK_AT_REFERRAL, "Risk at referral"),
            (MARAC, "MARAC"),
            (CLOSED, "Date closed"),
            (RISK_AT_CLOSURE, "Risk at closure"),
            (CLOSURE_REASON, "Closure reason"),
        ];
        for (at, name) in referrals {
            assert_eq!(header(&REFERRAL_COLUMNS, at), name);
        }
    }

    #[test]
    fn user_text_starting_like_a_formula_stays_text() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        for t in &prepared.templates {
            let bytes = render(t).expect("render");
            for (name, xml) in sheet_xml(&bytes) {
                assert!(
                    !xml.contains("<f>"),
                    "{name} of {} has a formula",
                    t.agency.code
                );
            }
        }
        let police = render(template_of(&prepared, "POLICE")).expect("render");
        let strings = part(&police, "xl/sharedStrings.xml");
        assert!(strings.contains(">=HYPERLINK(\"http://x\",\"click\")<"));
        assert!(strings.contains("+ train officers"));
        assert!(strings.contains("@Patrol parks"));
        let csc = render(template_of(&prepared, "CSC")).expect("render");
        let strings = part(&csc, "xl/sharedStrings.xml");
        assert!(strings.contains(">-CSE6<"));
        assert!(
            strings.contains(">Other<") && !strings.contains(">OTHER<"),
            "{strings}"
        );
    }

    #[test]
    fn closure_reasons_and_case_ids_stay_out_of_other_templates() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        for t in &prepared.templates {
            let bytes = render(t).expect("render");
            let strings = part(&bytes, "xl/sharedStrings.xml");
            assert!(!strings.contains("Closure details"), "{}", t.agency.code);
            if t.agency.code != "CSC" {
                for id in ["CSE-1", "CSE-2", "CSE-4", "-CSE6"] {
                    assert!(!strings.contains(&format!(">{id}<")), "{}", t.agency.code);
                }
            }
        }
    }

    #[test]
    fn rendering_twice_gives_the_same_bytes() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let t = template_of(&prepared, "CSC");
        assert_eq!(render(t).expect("first"), render(t).expect("second"));
        let core = part(&render(t).expect("render"), "docProps/core.xml");
        assert!(core.contains("2015-10-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn the_case_id_formula_fits_excels_limit() {
        assert!(case_id_formula("A2").chars().count() <= 255);
    }

    #[test]
    fn sheets_are_protected_without_a_password_and_validated() {
        let prepared = prepare(&dataset(), Quarter::new(2015, Q::Q3));
        let bytes = render(template_of(&prepared, "CSC")).expect("render");
        let workbook = part(&bytes, "xl/workbook.xml");
        let names: Vec<&str> = ["Instructions", "Return", "Actions", "Measures", "Referrals"]
            .into_iter()
            .filter(|n| workbook.contains(&format!("name=\"{n}\"")))
            .collect();
        assert_eq!(
            names,
            ["Instructions", "Return", "Actions", "Measures", "Referrals"]
        );
        for (name, xml) in sheet_xml(&bytes) {
            assert!(xml.contains("<sheetProtection"), "{name} protected");
            assert!(!xml.contains("password"), "{name} without a password");
        }
        let sheets = sheet_xml(&bytes);
        let referrals = &sheets[4].1;
        assert!(
            referrals.contains("insertRows=\"0\""),
            "rows may be inserted in the log"
        );
        assert!(
            referrals.contains("sqref=\"J2:J1048576\""),
            "Date closed validated on every row: the column is unlocked to the end"
        );
        assert!(referrals.contains("type=\"list\""));
        let measures = &sheets[3].1;
        assert!(measures.contains("type=\"custom\""), "Value allows N/A");
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
