//! Reads the delivery plan workbook (`plan/delivery-plan.xlsx`) into a `Plan`:
//! sheets Settings, Agencies, Actions and Measures. Checks each value's type
//! and vocabulary; relationships between rows are `validate`'s business.
//!
//! ```text
//!        A                         B
//!   1 │ Setting                 │ Value                                   │   Settings
//!   2 │ Board                   │ Bath & North East Somerset LSCB         │
//!   3 │ Suppression threshold   │ 5                                       │
//!
//!        A        B          C                D              E
//!   1 │ Code   │ Agency   │ Lead role      │ Email       │ Submits return │   Agencies
//!   2 │ POLICE │ Avon …   │ DI, PPU        │ …@….org     │ Yes            │
//!
//!        A       B          C           D         E        F        G      H      I            J
//!   1 │ Ref  │ Strand   │ Objective │ Action │ Agency │ Owner │ Start │ Due  │ Outcome … │ Source │   Actions
//!   2 │ PV-01│ Prevent  │ …         │ …      │ CSC    │ role  │ date  │ date │ CODE      │ …      │
//!
//!        A      B        C        D      E            F           G             H        I        J        K
//!   1 │ Code │ Measure │ Strand │ Kind │ Reported by │ Numerator │ Denominator │ Roll-up │ Target │ Better │ Publish │   Measures
//!   2 │ RHI_72H │ …    │ …      │ ratio│             │ RHI_WITHIN_72H │ RHI_OFFERED │ sum │ 80 │ higher │ Yes │
//! ```
//! Title rows may stand above each header; columns may come in any order.

use super::vocab::{self, Kind};
use crate::diagnostics::{Diagnostics, Place};
use crate::model::{Action, Agency, Measure, MeasureKind, Plan, ReportedBy, Settings};
use crate::numbers::thousands;
use crate::workbook::table::{opt, req};
use crate::workbook::{values, Book, Row, SheetSpec, Table, DEFAULT_ROW_LIMIT, MAX_ROW_LIMIT};
use std::path::Path;

pub static SETTINGS: SheetSpec = SheetSpec {
    name: "Settings",
    columns: &[req("Setting"), req("Value")],
    ignored: &["Meaning", "Notes", "Note"],
    key: "Setting",
};

pub static AGENCIES: SheetSpec = SheetSpec {
    name: "Agencies",
    columns: &[
        req("Code"),
        req("Agency"),
        opt("Lead role"),
        opt("Email"),
        req("Submits return"),
    ],
    ignored: &[],
    key: "Code",
};

pub static ACTIONS: SheetSpec = SheetSpec {
    name: "Actions",
    columns: &[
        req("Ref"),
        req("Strand"),
        opt("Objective"),
        req("Action"),
        req("Agency"),
        req("Owner"),
        opt("Start"),
        req("Due"),
        opt("Outcome measure"),
        opt("Source"),
    ],
    ignored: &[],
    key: "Ref",
};

pub static MEASURES: SheetSpec = SheetSpec {
    name: "Measures",
    columns: &[
        req("Code"),
        req("Measure"),
        req("Strand"),
        req("Kind"),
        opt("Reported by"),
        opt("Numerator"),
        opt("Denominator"),
        req("Roll-up"),
        opt("Target"),
        opt("Better"),
        req("Publish"),
    ],
    ignored: &[],
    key: "Code",
};

/// Reads the plan; `None` when the file or one of its sheets cannot be read at all.
/// A panic inside the reading becomes a diagnostic (see `super::guarded`).
pub fn read_plan(path: &Path, file: &str, diags: &mut Diagnostics) -> Option<Plan> {
    super::guarded(file, diags, |diags| {
        let mut book = Book::open(path, file, diags)?;
        plan_from_book(&mut book, diags)
    })
}

/// Reads the plan from an open workbook. The Settings sheet is read first, so
/// that its `Row limit` applies to the plan's other sheets.
pub fn plan_from_book(book: &mut Book, diags: &mut Diagnostics) -> Option<Plan> {
    let file = book.file.clone();
    let file = file.as_str();
    let settings =
        Table::find_required(book, &SETTINGS, diags).map(|t| read_settings(&t, file, diags));
    if let Some(Some(settings)) = &settings {
        book.set_row_limit(settings.row_limit);
    }
    let agencies =
        Table::find_required(book, &AGENCIES, diags).map(|t| read_rows(&t, diags, agency));
    let actions = Table::find_required(book, &ACTIONS, diags).map(|t| read_rows(&t, diags, action));
    let measures =
        Table::find_required(book, &MEASURES, diags).map(|t| read_rows(&t, diags, measure));
    let unreadable_refs = match &actions {
        Some(read) => read.rejected.clone(),
        None => Vec::new(),
    };
    Some(Plan {
        file: file.to_string(),
        settings: settings??,
        agencies: agencies?.rows,
        actions: actions?.rows,
        measures: measures?.rows,
        unreadable_refs,
        sha256: book.sha256.clone(),
    })
}

/// The rows read from a sheet, and the keys of those dropped for bad values.
struct ReadRows<T> {
    rows: Vec<T>,
    rejected: Vec<String>,
}

fn read_rows<T>(
    table: &Table,
    diags: &mut Diagnostics,
    read: fn(&Row, &mut Diagnostics) -> Option<T>,
) -> ReadRows<T> {
    let mut out = ReadRows {
        rows: Vec::new(),
        rejected: Vec::new(),
    };
    for row in table.rows(diags) {
        match read(&row, diags).filter(|_| row.ok()) {
            Some(value) => out.rows.push(value),
            None => out.rejected.extend(row.key_text()),
        }
    }
    out
}

fn agency(row: &Row, d: &mut Diagnostics) -> Option<Agency> {
    let code = row.required_text("Code", "a short agency code such as POLICE", d);
    let name = row.required_text("Agency", "the agency's name", d);
    let lead_role = row.text("Lead role", d);
    let email = row.text("Email", d);
    let submits_return = row.required_yes_no("Submits return", d);
    let code = code?.to_ascii_uppercase();
    if !vocab::is_agency_code(&code) {
        row.complain(
            "Code",
            "code-invalid",
            format!("Code: found “{code}”; expected letters, digits and “-” only, such as POLICE or CSC"),
            d,
        );
    }
    Some(Agency {
        code,
        name: name?,
        lead_role,
        email,
        submits_return: submits_return?,
        at: row.origin(),
    })
}

fn action(row: &Row, d: &mut Diagnostics) -> Option<Action> {
    let ref_ = row.required_text("Ref", "a reference such as PV-03", d);
    let strand = row.required_choice("Strand", vocab::STRANDS, d);
    let objective = row.text("Objective", d);
    let action = row.required_text("Action", "what will be done", d);
    let agency = row.required_text("Agency", "the lead agency's Code", d);
    let owner = row.required_text("Owner", "the lead role", d);
    let start = row.date("Start", d);
    let due = row.required_date("Due", d);
    let outcome_measure = row.text("Outcome measure", d);
    let source = row.text("Source", d);
    Some(Action {
        ref_: ref_?,
        strand: strand?,
        objective,
        action: action?,
        agency: agency?.to_ascii_uppercase(),
        owner: owner?,
        start,
        due: due?,
        outcome_measure,
        source,
        at: row.origin(),
    })
}

fn measure(row: &Row, d: &mut Diagnostics) -> Option<Measure> {
    let code = row.required_text("Code", "a measure code such as MISSING_EPISODES", d);
    let label = row.required_text("Measure", "the measure's name", d);
    let strand = row.required_choice("Strand", vocab::STRANDS, d);
    let kind = row.required_choice("Kind", vocab::KINDS, d);
    let roll_up = row.required_choice("Roll-up", vocab::ROLL_UPS, d);
    let target = row.number("Target", d);
    let better = row.choice("Better", vocab::BETTER, d);
    let publish = row.required_yes_no("Publish", d);
    let code = code?.to_ascii_uppercase();
    if !vocab::is_measure_code(&code) {
        row.complain(
            "Code",
            "code-invalid",
            format!("Code: found “{code}”; expected letters, digits and “_” only, such as MISSING_EPISODES"),
            d,
        );
    }
    if target.is_some() && better.is_none() && row.ok() {
        row.complain(
            "Better",
            "value-missing",
            "Better is empty but the measure has a Target; expected higher or lower".to_string(),
            d,
        );
    }
    Some(Measure {
        kind: measure_kind(row, kind?, &code, d)?,
        code,
        label: label?,
        strand: strand?,
        roll_up: roll_up?,
        target,
        better,
        publish: publish?,
        at: row.origin(),
    })
}

fn measure_kind(row: &Row, kind: Kind, code: &str, d: &mut Diagnostics) -> Option<MeasureKind> {
    match kind {
        Kind::Count => {
            let by =
                row.required_text("Reported by", "agency codes separated by commas, or all", d)?;
            Some(MeasureKind::Count {
                reported_by: reported_by(&by),
            })
        }
        Kind::Ratio => {
            let numerator =
                row.required_text("Numerator", "the Code of the measure counted on top", d);
            let denominator =
                row.required_text("Denominator", "the Code of the measure it is divided by", d);
            Some(MeasureKind::Ratio {
                numerator: numerator?.to_ascii_uppercase(),
                denominator: denominator?.to_ascii_uppercase(),
            })
        }
        Kind::Referral => {
            if crate::model::ReferralCode::from_code(code).is_none() {
                row.complain(
                    "Code",
                    "referral-code-unknown",
                    format!(
                        "Code: “{code}” has Kind referral but is not a referral measure; expected one of {}",
                        crate::model::ReferralCode::ALL.map(|c| c.code()).join(", ")
                    ),
                    d,
                );
                return None;
            }
            Some(MeasureKind::Referral)
        }
    }
}

fn reported_by(text: &str) -> ReportedBy {
    if values::fold(text) == "all" {
        return ReportedBy::All;
    }
    ReportedBy::Agencies(
        text.split([',', ';'])
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect(),
    )
}

/// The settings, with the contract's defaults for those left out.
fn read_settings(table: &Table, file: &str, d: &mut Diagnostics) -> Option<Settings> {
    let mut s = Settings::contract_defaults();
    let mut seen: Vec<String> = Vec::new();
    for row in table.rows(d) {
        let Some(name) = row.text("Setting", d) else {
            continue;
        };
        let key = values::fold(&name);
        if seen.contains(&key) {
            row.complain(
                "Setting",
                "key-duplicate",
                format!("Setting: “{name}” is given twice; keep one row"),
                d,
            );
            continue;
        }
        seen.push(key.clone());
        apply_setting(&mut s, &key, &name, &row, d);
    }
    for (field, label) in [
        (&s.board, "Board"),
        (&s.sub_group, "Sub-group"),
        (&s.area, "Area"),
    ] {
        if field.is_empty() && !seen.contains(&values::fold(label)) {
            d.error(
                Place::sheet(file, "Settings"),
                "setting-missing",
                format!("the setting “{label}” is missing; add a row with Setting “{label}” and its value"),
            );
        }
    }
    (!s.board.is_empty() && !s.sub_group.is_empty() && !s.area.is_empty()).then_some(s)
}

/// The ranges the contract gives the numeric settings (data-contract.md,
/// "Settings have ranges"): a value outside is an error at its cell, so that
/// no date or rate computed from a setting can overflow.
pub const SUPPRESSION_THRESHOLD: (u64, u64) = (1, 100);
pub const DUE_SOON_DAYS: (u64, u64) = (0, 365);
pub const RETURN_DEADLINE_DAYS: (u64, u64) = (0, 365);
pub const RAG_TOLERANCE: (f64, f64) = (0.0, 100.0);
pub const CHILD_POPULATION: (u64, u64) = (1, 10_000_000);

/// A whole-number setting within `lo..=hi`, or `None` after an error at its
/// cell (or when it is blank or not a number, already reported).
fn count_in_range(
    row: &Row,
    name: &str,
    (lo, hi): (u64, u64),
    example: u64,
    d: &mut Diagnostics,
) -> Option<u64> {
    let value = row.count("Value", d)?;
    if (lo..=hi).contains(&value) {
        return Some(value);
    }
    row.complain(
        "Value",
        "setting-out-of-range",
        format!(
            "“{name}”: found {value}; expected a whole number from {} to {}, such as {example}",
            thousands(lo),
            thousands(hi)
        ),
        d,
    );
    None
}

fn apply_setting(s: &mut Settings, key: &str, name: &str, row: &Row, d: &mut Diagnostics) {
    // Every range fits a u32, so the conversions below cannot fail.
    let days = |row: &Row, range, example, d: &mut Diagnostics| {
        count_in_range(row, name, range, example, d).and_then(|v| u32::try_from(v).ok())
    };
    match key {
        "board" => s.board = row.required_text("Value", "the board's name", d).unwrap_or_default(),
        "sub-group" | "subgroup" | "sub group" => {
            s.sub_group = row.required_text("Value", "the sub-group's name", d).unwrap_or_default()
        }
        "area" => s.area = row.required_text("Value", "the area's name", d).unwrap_or_default(),
        "child population" => s.child_population = count_in_range(row, name, CHILD_POPULATION, 36_400, d),
        "suppression threshold" => {
            s.suppression_threshold = count_in_range(row, name, SUPPRESSION_THRESHOLD, 5, d).unwrap_or(5)
        }
        "due soon days" => s.due_soon_days = days(row, DUE_SOON_DAYS, 42, d).unwrap_or(42),
        "return deadline days" => {
            s.return_deadline_days = days(row, RETURN_DEADLINE_DAYS, 15, d).unwrap_or(15)
        }
        "protective marking" => {
            s.protective_marking = row.text("Value", d).unwrap_or_else(|| "OFFICIAL-SENSITIVE".into())
        }
        "rag tolerance" => match row.number("Value", d) {
            Some(v) if !(RAG_TOLERANCE.0..=RAG_TOLERANCE.1).contains(&v) => row.complain(
                "Value",
                "setting-out-of-range",
                format!("“{name}”: found {v}; expected a percentage from 0 to 100, such as 10"),
                d,
            ),
            v => s.rag_tolerance = v.unwrap_or(10.0),
        },
        "referral log agency" => s.referral_log_agency = row.text("Value", d).map(|c| c.to_ascii_uppercase()),
        "row limit" => match row.count("Value", d) {
            Some(v) if v == 0 || v > u64::from(MAX_ROW_LIMIT) => row.complain(
                "Value",
                "number-invalid",
                format!("“{name}”: found {v}; expected a number of rows from 1 to {MAX_ROW_LIMIT}, such as {DEFAULT_ROW_LIMIT}"),
                d,
            ),
            Some(v) => s.row_limit = u32::try_from(v).unwrap_or(DEFAULT_ROW_LIMIT),
            None => {}
        },
        _ => d.warning(
            row.place("Setting"),
            "setting-unknown",
            format!(
                "Setting: “{name}” is not a setting boardpack knows and is ignored; known settings are Board, Sub-group, Area, Child population, Suppression threshold, Due soon days, Return deadline days, Protective marking, RAG tolerance, Referral log agency, Row limit"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RollUp, Strand};
    use crate::read::testkit::{workbook, V::*};

    fn plan_book(settings: Vec<Vec<crate::read::testkit::V>>) -> crate::read::testkit::Written {
        workbook(&[
            ("Settings", settings),
            (
                "  AGENCIES ",
                vec![
                    vec![S("Delivery plan — partner agencies")],
                    vec![],
                    vec![S("Submits return"), S("code"), S("Agency")],
                    vec![S("y"), S("police"), S("Avon and Somerset Police")],
                    vec![],
                    vec![S("No"), S("LSCB"), S("LSCB Business Unit")],
                ],
            ),
            (
                "Actions",
                vec![
                    vec![
                        S("Ref"),
                        S("Strand"),
                        S("Action"),
                        S("Agency"),
                        S("Owner"),
                        S("Due"),
                        S("Start"),
                    ],
                    vec![
                        S("PP-01"),
                        S("pursue"),
                        S("Agree a protocol"),
                        S("POLICE"),
                        S("DS, CSE Team"),
                        S("31/10/14"),
                        D(2014, 4, 1),
                    ],
                ],
            ),
            (
                "Measures",
                vec![
                    vec![
                        S("Code"),
                        S("Measure"),
                        S("Strand"),
                        S("Kind"),
                        S("Reported by"),
                        S("Numerator"),
                        S("Denominator"),
                        S("Roll-up"),
                        S("Target"),
                        S("Better"),
                        S("Publish"),
                    ],
                    vec![
                        S("arrests"),
                        S("Arrests"),
                        S("Pursue"),
                        S("count"),
                        S("police"),
                        E,
                        E,
                        S("sum"),
                        E,
                        E,
                        S("Yes"),
                    ],
                    vec![
                        S("CHARGES"),
                        S("Charges"),
                        S("Pursue"),
                        S("count"),
                        S("all"),
                        E,
                        E,
                        S("sum"),
                        E,
                        E,
                        S("No"),
                    ],
                    vec![
                        S("CHARGE_RATE"),
                        S("Charge rate"),
                        S("Pursue"),
                        S("Ratio"),
                        E,
                        S("charges"),
                        S("ARRESTS"),
                        S("sum"),
                        N(50.0),
                        S("Higher"),
                        S("TRUE"),
                    ],
                    vec![
                        S("REF_NEW"),
                        S("New referrals"),
                        S("Protect"),
                        S("referral"),
                        E,
                        E,
                        E,
                        S("SUM"),
                        E,
                        E,
                        S("n"),
                    ],
                ],
            ),
        ])
    }

    fn minimal_settings() -> Vec<Vec<crate::read::testkit::V>> {
        vec![
            vec![S("Setting"), S("Value")],
            vec![S("Board"), S("B&NES LSCB")],
            vec![S(" sub-group "), S("CSE sub-group")],
            vec![S("AREA"), S("B&NES")],
        ]
    }

    #[test]
    fn reads_a_plan_with_title_rows_any_column_order_and_aliases() {
        let book = plan_book(minimal_settings());
        let mut d = Diagnostics::new();
        let plan = read_plan(&book.path, "plan.xlsx", &mut d).expect("plan");
        assert!(d.is_empty(), "{:?}", d.sorted());
        assert_eq!(plan.agencies.len(), 2);
        assert_eq!(plan.agencies[0].code, "POLICE");
        assert!(plan.agencies[0].submits_return && !plan.agencies[1].submits_return);
        let a = &plan.actions[0];
        assert_eq!(a.strand, Strand::PursueProsecute);
        assert_eq!(
            a.due,
            chrono::NaiveDate::from_ymd_opt(2014, 10, 31).unwrap()
        );
        assert_eq!(a.at.cell("Due"), "F2");
        assert_eq!(plan.measures[0].code, "ARRESTS");
        assert_eq!(
            plan.reporters(&plan.measures[1]),
            vec!["POLICE"],
            "`all` = agencies that submit"
        );
        assert!(
            matches!(&plan.measures[2].kind, MeasureKind::Ratio { numerator, .. } if numerator == "CHARGES")
        );
        assert_eq!(plan.measures[3].roll_up, RollUp::Sum);
        assert!(!plan.measures[3].publish);
    }

    #[test]
    fn settings_left_out_take_the_contract_defaults() {
        let book = plan_book(minimal_settings());
        let plan = read_plan(&book.path, "plan.xlsx", &mut Diagnostics::new()).unwrap();
        let s = &plan.settings;
        assert_eq!(
            (
                s.suppression_threshold,
                s.due_soon_days,
                s.return_deadline_days
            ),
            (5, 42, 15)
        );
        assert_eq!(s.protective_marking, "OFFICIAL-SENSITIVE");
        assert_eq!(s.rag_tolerance, 10.0);
        assert_eq!(
            (s.child_population, s.referral_log_agency.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn settings_given_override_the_defaults() {
        let mut settings = minimal_settings();
        settings.push(vec![S("Child population"), S(" 36400 ")]);
        settings.push(vec![S("RAG tolerance"), S("12.5%")]);
        settings.push(vec![S("Referral log agency"), S("csc")]);
        let book = plan_book(settings);
        let plan = read_plan(&book.path, "plan.xlsx", &mut Diagnostics::new()).unwrap();
        assert_eq!(plan.settings.child_population, Some(36400));
        assert_eq!(plan.settings.rag_tolerance, 12.5);
        assert_eq!(plan.settings.referral_log_agency.as_deref(), Some("CSC"));
    }
}
