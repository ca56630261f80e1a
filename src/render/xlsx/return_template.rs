//! The pre-filled return workbook an agency lead fills in for a quarter
//! (`templates/<quarter>/<code>.xlsx`, data-contract.md §3), drawn from what
//! `report::return_template` prepared: how it is laid out, validated and
//! protected. Pure: no file I/O and no clock (the document's creation date is
//! the quarter's first day); it chooses no content.
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

use super::{
    blank, choice_list, column, custom_rule, date_between, date_on_or_after_cell, earliest_date,
    fit_row, fixed_properties, header_row, latest_date, mark_pages, print_text_on_a4, prompt_only,
    protect, to_bytes, validate_column, whole_at_least, whole_between, width_of, write_count,
    write_date, write_optional_text, write_text, Column, Prompt, Styles, XlsxResult,
};
use crate::model::{Gender, Referral, Risk, Status};
use crate::period::Quarter;
use crate::report::return_template::{
    instruction_lines, Line, MeasureLine, OpenAction, ReferralLog, ReturnTemplate, CASE_ID_ERROR,
    CASE_ID_PROMPT,
};
use rust_xlsxwriter::{column_number_to_name, DataValidation, Workbook, Worksheet};

/// Blank rows left below the pre-filled cases of the referral log, with the
/// log's validations, for the quarter's new referrals.
pub const NEW_REFERRAL_ROWS: u32 = 200;

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
    write_text(ws, 2, 2, &t.period, &styles.label)?;
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
    use crate::period::Q;
    use crate::read::returns::{ACTIONS, MEASURES, REFERRALS, RETURN};
    use crate::report::return_template::fixture::*;
    use crate::report::return_template::prepare;
    use crate::workbook::SheetSpec;

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
}
