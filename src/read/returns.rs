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
use crate::workbook::{values, Book, Row, SheetSpec, Table, DEFAULT_ROW_LIMIT};
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
    read_return_limited(path, file, expected, DEFAULT_ROW_LIMIT, diags)
}

/// Like `read_return`, reading sheets down to `row_limit` rows (the plan's
/// `Row limit`). A panic inside the reading becomes a diagnostic (see
/// `super::guarded`).
pub fn read_return_limited(
    path: &Path,
    file: &str,
    expected: &Expected,
    row_limit: u32,
    diags: &mut Diagnostics,
) -> Option<Return> {
    super::guarded(file, diags, |diags| {
        let mut book = Book::open(path, file, diags)?;
        book.set_row_limit(row_limit);
        return_from_book(&mut book, path, expected, diags)
    })
}

/// Reads a return from an open workbook; `path` is kept in the `Return`.
pub fn return_from_book(
    book: &mut Book,
    path: &Path,
    expected: &Expected,
    diags: &mut Diagnostics,
) -> Option<Return> {
    let file = book.file.clone();
    let header = read_header(book, expected, diags);
    let actions = sheet(book, &ACTIONS, expected.needs_actions, diags, action_update);
    let measures = sheet(
        book,
        &MEASURES,
        expected.needs_measures,
        diags,
        measure_entry,
    );
    let referrals = if book.has_sheet("Referrals") {
        Some(sheet(book, &REFERRALS, true, diags, referral))
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
    let agency = agency.to_ascii_uppercase();
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
        _ => row
            .bounded_count("Value", d)
            .map_or(Value::Blank, Value::Count),
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
    let missing_episodes = row.bounded_count("Missing episodes", d);
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
            "Case ID: the value is not a pseudonymous ID (letters, digits and “-” only, no spaces, with at least one letter and one digit); it may be a name, and names must never be entered — use the case's ID such as CSE-0142".to_string(),
            d,
        );
    } else if !crate::canonical::has_letter_and_digit(&case_id) {
        // The privacy guard looks for every Case ID in the papers: a bare
        // number or word would be found in ordinary figures and text.
        row.complain(
            "Case ID",
            "case-id-invalid",
            "Case ID: expected at least one letter and one digit, such as CSE-0142; a bare number could be a year or a count, and a bare word could be any word of the papers".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Gender, Risk, Status};
    use crate::period::Q;
    use crate::read::testkit::{workbook, V::*};

    fn expected() -> Expected<'static> {
        Expected {
            agency: "CSC",
            quarter: Quarter::new(2014, Q::Q3),
            needs_actions: true,
            needs_measures: true,
        }
    }

    fn book() -> crate::read::testkit::Written {
        workbook(&[
            (
                "Return",
                vec![
                    vec![S("Field"), S("Value")],
                    vec![S("agency"), S("csc")],
                    vec![S("Quarter"), S("Q3 2014/15")],
                    vec![S("Date completed"), S("2015-01-09")],
                ],
            ),
            (
                "Actions",
                vec![
                    vec![
                        S("Ref"),
                        S("Action"),
                        S("Due"),
                        S("Status"),
                        S("Revised due"),
                    ],
                    vec![
                        S("PS-01"),
                        S("Establish the MARAC"),
                        D(2015, 2, 20),
                        S("at RISK"),
                        D(2015, 6, 30),
                    ],
                ],
            ),
            (
                "Measures",
                vec![
                    vec![S("Code"), S("Value")],
                    vec![S("rhi_offered"), S(" 12 ")],
                    vec![S("RHI_WITHIN_72H"), S("N/A")],
                    vec![S("STAFF_TRAINED"), E],
                ],
            ),
            (
                "Referrals",
                vec![
                    vec![
                        S("Case ID"),
                        S("Date received"),
                        S("Source"),
                        S("Age"),
                        S("Gender"),
                        S("Looked after"),
                        S("Risk at referral"),
                        S("Date closed"),
                        S("Risk at closure"),
                    ],
                    vec![
                        S("CSE-0142"),
                        S("01/10/2014"),
                        S("police"),
                        N(15.0),
                        S("not known"),
                        S("Y"),
                        S("High"),
                        D(2014, 12, 1),
                        S("low"),
                    ],
                ],
            ),
        ])
    }

    #[test]
    fn reads_each_sheet_of_a_return() {
        let b = book();
        let mut d = Diagnostics::new();
        let r = read_return(&b.path, "csc.xlsx", &expected(), &mut d).expect("return");
        assert!(d.is_empty(), "{:?}", d.sorted());
        assert_eq!(
            r.date_completed,
            chrono::NaiveDate::from_ymd_opt(2015, 1, 9)
        );
        assert_eq!(r.date_completed_cell.as_deref(), Some("B4"));
        assert_eq!(r.actions[0].status, Status::AtRisk);
        assert_eq!(
            r.actions[0].revised_due,
            chrono::NaiveDate::from_ymd_opt(2015, 6, 30)
        );
        let values: Vec<(&str, Value)> = r
            .measures
            .iter()
            .map(|m| (m.code.as_str(), m.value))
            .collect();
        assert_eq!(
            values,
            vec![
                ("RHI_OFFERED", Value::Count(12)),
                ("RHI_WITHIN_72H", Value::NotApplicable),
                ("STAFF_TRAINED", Value::Blank)
            ]
        );
        let log = r.referrals.expect("log");
        assert_eq!(log[0].source, "POLICE");
        assert_eq!(
            (log[0].gender, log[0].looked_after, log[0].marac),
            (Gender::NotKnown, true, None)
        );
        assert_eq!(
            (log[0].risk_at_referral, log[0].risk_at_closure),
            (Risk::High, Some(Risk::Low))
        );
        assert_eq!(r.sha256.len(), 64);
    }

    #[test]
    fn a_return_for_another_agency_is_refused_at_its_cell() {
        let b = book();
        let mut d = Diagnostics::new();
        let other = Expected {
            agency: "POLICE",
            ..expected()
        };
        read_return(&b.path, "police.xlsx", &other, &mut d);
        let diag = d
            .iter()
            .find(|x| x.code == "return-agency-mismatch")
            .expect("mismatch");
        assert_eq!(diag.cell.as_deref(), Some("B2"));
        assert!(
            diag.message.contains("POLICE") && diag.message.contains("CSC"),
            "{}",
            diag.message
        );
    }
}
