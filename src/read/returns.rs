//! Reads one agency's quarterly return (`data/returns/<quarter>/<code>.xlsx`)
//! into a `Return`: sheets Return, Actions, Measures and, for the agency that
//! keeps it, Referrals. Checks types, vocabularies and each row on its own;
//! checks against the plan are `validate`'s business.
//!
//! ```text
//!        A                B
//!   1 │ Field          │ Value        │   Return
//!   2 │ Agency         │ POLICE       │
//!   3 │ Quarter        │ 2014-15 Q3   │
//!   4 │ Completed by   │ DI, PPU      │
//!   5 │ Date completed │ 09/01/2015   │
//!
//!        A       B (ignored)  C (ignored)  D          E                  F             G
//!   1 │ Ref   │ Action      │ Due        │ Status   │ Progress update  │ Revised due │ Evidence │   Actions
//!   2 │ PV-05 │ …           │ 08/10/2015 │ On track │ …                │             │ …        │
//!
//!        A                  B (optional)   C       D (optional)
//!   1 │ Code             │ Measure      │ Value │ Note │   Measures      (Value: whole number, blank, or N/A)
//!   2 │ MISSING_EPISODES │ …            │ 46    │      │
//!
//!        A          B              C        D     E        F             G                  H                 I       J             K                 L
//!   1 │ Case ID  │ Date received │ Source │ Age │ Gender │ Looked after │ Missing episodes │ Risk at referral │ MARAC │ Date closed │ Risk at closure │ Closure reason │   Referrals
//!   2 │ CSE-0142 │ 18/05/2014    │ POLICE │ 16  │ Female │ No           │                  │ Medium           │ No    │             │                 │                │
//! ```

use super::vocab;
use crate::diagnostics::{Diagnostics, Place};
use crate::model::{ActionUpdate, MeasureEntry, Referral, Return, Value};
use crate::period::Quarter;
use crate::workbook::table::{opt, req};
use crate::workbook::{values, Book, Row, SheetSpec, Table};
use calamine::Data;
use std::path::Path;

pub static RETURN: SheetSpec = SheetSpec {
    name: "Return",
    columns: &[req("Field"), req("Value")],
    ignored: &["Notes", "Note"],
    key: "Field",
};

pub static ACTIONS: SheetSpec = SheetSpec {
    name: "Actions",
    columns: &[
        req("Ref"),
        req("Status"),
        opt("Progress update"),
        opt("Revised due"),
        opt("Evidence"),
    ],
    ignored: &[
        "Action",
        "Due",
        "Last status",
        "Last progress update",
        "Owner",
    ],
    key: "Ref",
};

pub static MEASURES: SheetSpec = SheetSpec {
    name: "Measures",
    columns: &[req("Code"), opt("Measure"), req("Value"), opt("Note")],
    ignored: &[],
    key: "Code",
};

pub static REFERRALS: SheetSpec = SheetSpec {
    name: "Referrals",
    columns: &[
        req("Case ID"),
        req("Date received"),
        req("Source"),
        req("Age"),
        req("Gender"),
        req("Looked after"),
        opt("Missing episodes"),
        req("Risk at referral"),
        opt("MARAC"),
        opt("Date closed"),
        opt("Risk at closure"),
        opt("Closure reason"),
    ],
    ignored: &[],
    key: "Case ID",
};

/// What the file's name and folder say the return is, and which sheets it must have.
pub struct Expected<'a> {
    pub agency: &'a str,
    pub quarter: Quarter,
    pub needs_actions: bool,
    pub needs_measures: bool,
}

/// Reads a return; `None` when the file cannot be read or its Return sheet is unusable.
pub fn read_return(
    path: &Path,
    file: &str,
    expected: &Expected,
    diags: &mut Diagnostics,
) -> Option<Return> {
    let mut book = Book::open(path, file, diags)?;
    let header = read_header(&mut book, expected, diags);
    let actions = sheet(
        &mut book,
        &ACTIONS,
        expected.needs_actions,
        diags,
        action_update,
    );
    let measures = sheet(
        &mut book,
        &MEASURES,
        expected.needs_measures,
        diags,
        measure_entry,
    );
    let referrals = if book.has_sheet("Referrals") {
        Some(sheet(&mut book, &REFERRALS, true, diags, referral))
    } else {
        None
    };
    let header = header?;
    Some(Return {
        file: file.to_string(),
        path: path.to_path_buf(),
        agency: expected.agency.to_string(),
        quarter: expected.quarter,
        completed_by: header.completed_by,
        date_completed: header.date_completed,
        date_completed_cell: header.date_completed_cell,
        actions,
        measures,
        referrals,
        sha256: book.sha256.clone(),
    })
}

fn sheet<T>(
    book: &mut Book,
    spec: &'static SheetSpec,
    required: bool,
    diags: &mut Diagnostics,
    read: fn(&Row, &mut Diagnostics) -> Option<T>,
) -> Vec<T> {
    let table = if required {
        Table::find_required(book, spec, diags)
    } else {
        Table::find(book, spec, diags)
    };
    let Some(table) = table else {
        return Vec::new();
    };
    table
        .rows(diags)
        .iter()
        .filter_map(|row| read(row, diags).filter(|_| row.ok()))
        .collect()
}

struct Header {
    completed_by: Option<String>,
    date_completed: Option<chrono::NaiveDate>,
    date_completed_cell: Option<String>,
}

fn read_header(book: &mut Book, expected: &Expected, d: &mut Diagnostics) -> Option<Header> {
    let table = Table::find_required(book, &RETURN, d)?;
    let mut header = Header {
        completed_by: None,
        date_completed: None,
        date_completed_cell: None,
    };
    let mut seen = Vec::new();
    for row in table.rows(d) {
        let Some(field) = row.text("Field", d) else {
            continue;
        };
        let key = values::fold(&field);
        match key.as_str() {
            "agency" => check_agency(&row, expected, d),
            "quarter" => check_quarter(&row, expected, d),
            "completed by" => header.completed_by = row.text("Value", d),
            "date completed" => {
                header.date_completed = row.date("Value", d);
                header.date_completed_cell = Some(row.origin().cell("Value"));
            }
            _ => d.warning(
                row.place("Field"),
                "field-unknown",
                format!("Field: “{field}” is not a field of a return and is ignored; the fields are Agency, Quarter, Completed by, Date completed"),
            ),
        }
        seen.push(key);
    }
    for (key, label, severity_error) in [
        ("agency", "Agency", true),
        ("quarter", "Quarter", true),
        ("date completed", "Date completed", false),
    ] {
        if !seen.iter().any(|s| s == key) {
            let message = format!(
                "the field “{label}” is missing; add a row with Field “{label}” and its value"
            );
            let place = Place::sheet(&book.file, "Return");
            if severity_error {
                d.error(place, "field-missing", message);
            } else {
                d.warning(place, "field-missing", message);
            }
        }
    }
    Some(header)
}

fn check_agency(row: &Row, expected: &Expected, d: &mut Diagnostics) {
    let Some(agency) = row.required_text("Value", "the agency's Code", d) else {
        return;
    };
    if !agency.eq_ignore_ascii_case(expected.agency) {
        row.complain(
            "Value",
            "return-agency-mismatch",
            format!(
                "Agency: the return says “{agency}” but its file name says {}; rename the file to {}.xlsx or correct the Agency",
                expected.agency,
                agency.to_ascii_lowercase()
            ),
            d,
        );
    }
}

fn check_quarter(row: &Row, expected: &Expected, d: &mut Diagnostics) {
    let Some(text) = row.required_text("Value", "the quarter, such as 2014-15 Q3", d) else {
        return;
    };
    match Quarter::parse(&text) {
        Ok(q) if q == expected.quarter => {}
        Ok(q) => row.complain(
            "Value",
            "return-quarter-mismatch",
            format!(
                "Quarter: the return says {q} but it is in the folder for {}; move it to the folder {} or correct the Quarter",
                expected.quarter,
                q.folder_name()
            ),
            d,
        ),
        Err(problem) => row.complain("Value", "quarter-invalid", format!("Quarter: {problem}"), d),
    }
}

fn action_update(row: &Row, d: &mut Diagnostics) -> Option<ActionUpdate> {
    let ref_ = row.required_text("Ref", "an action Ref of the plan", d);
    let status = row.required_choice("Status", vocab::STATUSES, d);
    let progress = row.text("Progress update", d);
    let revised_due = row.date("Revised due", d);
    let evidence = row.text("Evidence", d);
    Some(ActionUpdate {
        ref_: ref_?,
        status: status?,
        progress,
        revised_due,
        evidence,
        at: row.origin(),
    })
}

fn measure_entry(row: &Row, d: &mut Diagnostics) -> Option<MeasureEntry> {
    let code = row
        .required_text("Code", "a measure Code of the plan", d)?
        .to_ascii_uppercase();
    let value = match row.cell("Value") {
        Data::String(s) if matches!(values::fold(s).as_str(), "n/a" | "na" | "n.a.") => {
            Value::NotApplicable
        }
        _ => row.count("Value", d).map_or(Value::Blank, Value::Count),
    };
    Some(MeasureEntry {
        code,
        value,
        at: row.origin(),
    })
}

fn referral(row: &Row, d: &mut Diagnostics) -> Option<Referral> {
    let case_id = row.required_text("Case ID", "a pseudonymous ID such as CSE-0142", d);
    let received = row.required_date("Date received", d);
    let source = row.required_text("Source", "the referring agency's Code, or Other", d);
    let age = row.required_count("Age", d);
    let gender = row.required_choice("Gender", vocab::GENDERS, d);
    let looked_after = row.required_yes_no("Looked after", d);
    let missing_episodes = row.count("Missing episodes", d);
    let risk_at_referral = row.required_choice("Risk at referral", vocab::RISKS_AT_REFERRAL, d);
    let marac = row.yes_no("MARAC", d);
    let closed = row.date("Date closed", d);
    let risk_at_closure = row.choice("Risk at closure", vocab::RISKS_AT_CLOSURE, d);
    let closure_reason = row.text("Closure reason", d);
    let case_id = case_id?;
    if !vocab::is_case_id(&case_id) {
        // Never echo the value: it may be a child's name.
        row.complain(
            "Case ID",
            "case-id-invalid",
            "Case ID: the value is not a pseudonymous ID (only letters, digits and “-” are allowed, no spaces); it may be a name, and names must never be entered — use the case's ID such as CSE-0142".to_string(),
            d,
        );
    }
    if let Some(a) = age.filter(|a| *a > 24) {
        row.complain(
            "Age",
            "age-out-of-range",
            format!("Age: found {a}; expected whole years at referral from 0 to 24"),
            d,
        );
    }
    check_closure(row, received, closed, risk_at_closure.is_some(), d);
    Some(Referral {
        case_id,
        received: received?,
        source: source?.to_ascii_uppercase(),
        age: age? as u8,
        gender: gender?,
        looked_after: looked_after?,
        missing_episodes,
        risk_at_referral: risk_at_referral?,
        marac,
        closed,
        risk_at_closure,
        closure_reason,
        at: row.origin(),
    })
}

fn check_closure(
    row: &Row,
    received: Option<chrono::NaiveDate>,
    closed: Option<chrono::NaiveDate>,
    has_closure_risk: bool,
    d: &mut Diagnostics,
) {
    match (received, closed) {
        (Some(r), Some(c)) if c < r => row.complain(
            "Date closed",
            "closed-before-received",
            format!(
                "Date closed: {} is before the Date received {}; a referral closes on or after the day it is received",
                c.format("%d/%m/%Y"),
                r.format("%d/%m/%Y")
            ),
            d,
        ),
        (_, Some(_)) if !has_closure_risk && row.ok() => row.complain(
            "Risk at closure",
            "value-missing",
            "Risk at closure is empty but the referral has a Date closed; expected None, Low, Medium or High".to_string(),
            d,
        ),
        (_, None) if has_closure_risk => d.warning(
            row.place("Risk at closure"),
            "closure-risk-without-date",
            "Risk at closure is given but Date closed is empty; the referral is treated as still open",
        ),
        _ => {}
    }
}
