//! Lays the example's rows out as the workbooks of data-contract.md §1–2 (header
//! in row 1 with the contract's column names, real dates with a date format,
//! counts as numbers) and writes them atomically. Must NOT decide content: every
//! value comes from the rows it is given; the creation time is fixed so the
//! bytes never depend on when they were written.

use super::{
    ActionRow, AgencyRow, EntryRow, MeasureRow, PlanBook, ReferralRow, ReturnBook, SettingValue,
    UpdateRow,
};
use crate::model::Strand;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::io;

/// One cell's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

/// A sheet: its name, its columns (header and width) and its rows.
pub struct Sheet {
    pub name: &'static str,
    pub columns: &'static [(&'static str, f64)],
    pub rows: Vec<Vec<Cell>>,
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn optional_text(value: Option<impl Into<String>>) -> Cell {
    value.map_or(Cell::Blank, text)
}

fn number(value: impl Into<f64>) -> Cell {
    Cell::Number(value.into())
}

fn optional_number(value: Option<impl Into<f64>>) -> Cell {
    value.map_or(Cell::Blank, number)
}

fn date(value: NaiveDate) -> Cell {
    Cell::Date(value)
}

fn optional_date(value: Option<NaiveDate>) -> Cell {
    value.map_or(Cell::Blank, Cell::Date)
}

fn yes_no(value: bool) -> Cell {
    text(if value { "Yes" } else { "No" })
}

fn strand(value: Strand) -> Cell {
    text(value.label())
}

// ---- The plan ------------------------------------------------------------------

const SETTINGS_COLUMNS: &[(&str, f64)] = &[("Setting", 24.0), ("Value", 62.0)];
const AGENCIES_COLUMNS: &[(&str, f64)] = &[
    ("Code", 12.0),
    ("Agency", 60.0),
    ("Lead role", 50.0),
    ("Email", 40.0),
    ("Submits return", 15.0),
];
const ACTIONS_COLUMNS: &[(&str, f64)] = &[
    ("Ref", 9.0),
    ("Strand", 18.0),
    ("Objective", 40.0),
    ("Action", 80.0),
    ("Agency", 12.0),
    ("Owner", 50.0),
    ("Start", 12.0),
    ("Due", 12.0),
    ("Outcome measure", 20.0),
    ("Source", 36.0),
];
const MEASURES_COLUMNS: &[(&str, f64)] = &[
    ("Code", 22.0),
    ("Measure", 62.0),
    ("Strand", 18.0),
    ("Kind", 9.0),
    ("Reported by", 40.0),
    ("Numerator", 20.0),
    ("Denominator", 20.0),
    ("Roll-up", 9.0),
    ("Target", 8.0),
    ("Better", 8.0),
    ("Publish", 8.0),
];

pub fn plan_sheets(plan: &PlanBook) -> Vec<Sheet> {
    vec![
        Sheet {
            name: "Settings",
            columns: SETTINGS_COLUMNS,
            rows: plan
                .settings
                .iter()
                .map(|(name, value)| setting_cells(name, value))
                .collect(),
        },
        Sheet {
            name: "Agencies",
            columns: AGENCIES_COLUMNS,
            rows: plan.agencies.iter().map(agency_cells).collect(),
        },
        Sheet {
            name: "Actions",
            columns: ACTIONS_COLUMNS,
            rows: plan.actions.iter().map(action_cells).collect(),
        },
        Sheet {
            name: "Measures",
            columns: MEASURES_COLUMNS,
            rows: plan.measures.iter().map(measure_cells).collect(),
        },
    ]
}

fn setting_cells(name: &str, value: &SettingValue) -> Vec<Cell> {
    let value = match value {
        SettingValue::Text(t) => text(t.as_str()),
        SettingValue::Number(n) => number(*n),
    };
    vec![text(name), value]
}

fn agency_cells(a: &AgencyRow) -> Vec<Cell> {
    vec![
        text(a.code.as_str()),
        text(a.name.as_str()),
        text(a.lead_role.as_str()),
        text(a.email.as_str()),
        yes_no(a.submits_return),
    ]
}

fn action_cells(a: &ActionRow) -> Vec<Cell> {
    vec![
        text(a.reference.as_str()),
        strand(a.strand),
        text(a.objective.as_str()),
        text(a.action.as_str()),
        text(a.agency.as_str()),
        text(a.owner.as_str()),
        date(a.start),
        date(a.due),
        optional_text(a.outcome_measure.as_deref()),
        text(a.source.as_str()),
    ]
}

fn measure_cells(m: &MeasureRow) -> Vec<Cell> {
    vec![
        text(m.code.as_str()),
        text(m.label.as_str()),
        strand(m.strand),
        text(m.kind),
        optional_text(m.reported_by.as_deref()),
        optional_text(m.numerator.as_deref()),
        optional_text(m.denominator.as_deref()),
        text(m.roll_up),
        optional_number(m.target),
        optional_text(m.better),
        yes_no(m.publish),
    ]
}

// ---- A return ------------------------------------------------------------------

const RETURN_COLUMNS: &[(&str, f64)] = &[("Field", 18.0), ("Value", 50.0)];
const UPDATE_COLUMNS: &[(&str, f64)] = &[
    ("Ref", 9.0),
    ("Action", 70.0),
    ("Due", 12.0),
    ("Status", 12.0),
    ("Progress update", 90.0),
    ("Revised due", 12.0),
    ("Evidence", 36.0),
];
const ENTRY_COLUMNS: &[(&str, f64)] = &[
    ("Code", 22.0),
    ("Measure", 62.0),
    ("Value", 8.0),
    ("Note", 60.0),
];
const REFERRAL_COLUMNS: &[(&str, f64)] = &[
    ("Case ID", 14.0),
    ("Date received", 14.0),
    ("Source", 12.0),
    ("Age", 6.0),
    ("Gender", 10.0),
    ("Looked after", 12.0),
    ("Missing episodes", 16.0),
    ("Risk at referral", 15.0),
    ("MARAC", 8.0),
    ("Date closed", 12.0),
    ("Risk at closure", 15.0),
    ("Closure reason", 64.0),
];

pub fn return_sheets(book: &ReturnBook) -> Vec<Sheet> {
    let mut sheets = vec![Sheet {
        name: "Return",
        columns: RETURN_COLUMNS,
        rows: vec![
            vec![text("Agency"), text(book.agency.as_str())],
            vec![text("Quarter"), text(book.quarter.to_string())],
            vec![text("Completed by"), text(book.completed_by.as_str())],
            vec![text("Date completed"), date(book.date_completed)],
        ],
    }];
    if let Some(updates) = &book.actions {
        sheets.push(Sheet {
            name: "Actions",
            columns: UPDATE_COLUMNS,
            rows: updates.iter().map(update_cells).collect(),
        });
    }
    if let Some(entries) = &book.measures {
        sheets.push(Sheet {
            name: "Measures",
            columns: ENTRY_COLUMNS,
            rows: entries.iter().map(entry_cells).collect(),
        });
    }
    if let Some(referrals) = &book.referrals {
        sheets.push(Sheet {
            name: "Referrals",
            columns: REFERRAL_COLUMNS,
            rows: referrals.iter().map(referral_cells).collect(),
        });
    }
    sheets
}

fn update_cells(u: &UpdateRow) -> Vec<Cell> {
    vec![
        text(u.reference.as_str()),
        text(u.action.as_str()),
        date(u.due),
        text(u.status.label()),
        text(u.progress.as_str()),
        optional_date(u.revised_due),
        optional_text(u.evidence.as_deref()),
    ]
}

fn entry_cells(e: &EntryRow) -> Vec<Cell> {
    vec![
        text(e.code.as_str()),
        text(e.label.as_str()),
        optional_number(e.value),
        optional_text(e.note.as_deref()),
    ]
}

fn referral_cells(r: &ReferralRow) -> Vec<Cell> {
    vec![
        text(r.case_id.as_str()),
        date(r.received),
        text(r.source.as_str()),
        number(r.age),
        text(r.gender.label()),
        yes_no(r.looked_after),
        optional_number(r.missing_episodes),
        text(r.risk.label()),
        yes_no(r.marac),
        optional_date(r.closed),
        optional_text(r.risk_at_closure.map(|risk| risk.label())),
        optional_text(r.closure_reason.as_deref()),
    ]
}

// ---- Writing -------------------------------------------------------------------

pub fn plan_workbook(plan: &PlanBook) -> io::Result<Vec<u8>> {
    xlsx_bytes(&plan_sheets(plan)).map_err(io::Error::other)
}

pub fn return_workbook(book: &ReturnBook) -> io::Result<Vec<u8>> {
    xlsx_bytes(&return_sheets(book)).map_err(io::Error::other)
}

/// The workbook's bytes. The creation time is fixed (the day after the last
/// quarter of the example ends) because rust_xlsxwriter otherwise stamps the
/// current time into docProps/core.xml.
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2015, 10, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_author("boardpack sample")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        write_sheet(worksheet, sheet, &header, &date_format)?;
    }
    workbook.save_to_buffer()
}

fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    header: &Format,
    date_format: &Format,
) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.name)?;
    for (col, (name, width)) in (0u16..).zip(sheet.columns) {
        worksheet.write_string_with_format(0, col, *name, header)?;
        worksheet.set_column_width(col, *width)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            write_cell(worksheet, row, col, cell, date_format)?;
        }
    }
    Ok(())
}

fn write_cell(
    worksheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    date_format: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(value) => {
            worksheet.write_string(row, col, value)?;
        }
        Cell::Number(value) => {
            worksheet.write_number(row, col, *value)?;
        }
        Cell::Date(value) => {
            worksheet.write_date_with_format(row, col, &excel_date(*value)?, date_format)?;
        }
        Cell::Blank => {}
    }
    Ok(())
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    // Month and day always fit in a u8.
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}
