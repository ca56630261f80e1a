//! Cell values → typed values (dates, whole numbers, Yes/No, text), with a
//! plain-English complaint when a value is not what the contract allows.
//! Pure: no sheets, no files, no policy about which column is required.

use calamine::Data;
use chrono::{Datelike, NaiveDate};

/// What was wrong with a value: shown to the user after the cell's place.
pub type Complaint = String;

/// The value as the user would see it in the cell, for messages.
pub fn shown(cell: &Data) -> String {
    match cell {
        Data::Empty => "an empty cell".to_string(),
        Data::String(s) => format!("“{s}”"),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => dt.date().format("%d/%m/%Y").to_string(),
            None => format!("{}", d.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => format!("“{s}”"),
        Data::Error(e) => e.to_string(),
    }
}

/// True for a cell with nothing in it (or only spaces).
pub fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Excel's error values; some programs store them as text rather than as errors.
const ERROR_LITERALS: [&str; 8] = [
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
];

/// True for a formula error value, stored as an error or as its text.
pub fn is_error(cell: &Data) -> bool {
    match cell {
        Data::Error(_) => true,
        Data::String(s) => ERROR_LITERALS.contains(&s.trim().to_ascii_uppercase().as_str()),
        _ => false,
    }
}

/// A formula error value (`#DIV/0!`, `#REF!`) is never a usable value.
fn reject_error(cell: &Data) -> Result<(), Complaint> {
    if is_error(cell) {
        let shown = match cell {
            Data::String(s) => s.trim().to_string(),
            other => shown(other),
        };
        return Err(format!(
            "the cell holds the formula error {shown}; expected a value (fix the formula or type the value)"
        ));
    }
    Ok(())
}

/// Trimmed text with inner runs of spaces kept; numbers are shown as Excel shows them.
pub fn text(cell: &Data) -> Result<Option<String>, Complaint> {
    reject_error(cell)?;
    if is_blank(cell) {
        return Ok(None);
    }
    Ok(Some(match cell {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => match date(cell) {
            Ok(Some(d)) => d.format("%Y-%m-%d").to_string(),
            _ => shown(cell),
        },
        Data::Empty | Data::Error(_) => return Ok(None),
    }))
}

const DATE_EXPECTED: &str = "expected a date such as 31/10/2014 or 2014-10-31";

/// Dates: real spreadsheet dates (either date system), ISO text `2014-10-31`,
/// UK text `31/10/2014` or `31/10/14`. A plain number in a date column is read
/// as a 1900-system serial when it lands between 1990 and 2100 — that is what
/// Excel shows once the column is formatted as a date.
pub fn date(cell: &Data) -> Result<Option<NaiveDate>, Complaint> {
    reject_error(cell)?;
    if is_blank(cell) {
        return Ok(None);
    }
    let found = parsed_date(cell)?;
    within_workbook_range(found).map(Some)
}

/// The first and last days a workbook can hold (Excel's 1900 date system
/// starts on 1 January 1900 and ends on 31 December 9999): a date outside
/// could not be written back into the tracker or a template.
pub fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn within_workbook_range(date: NaiveDate) -> Result<NaiveDate, Complaint> {
    if (first_date()..=last_date()).contains(&date) {
        return Ok(date);
    }
    Err(format!(
        "found a date in the year {}; expected a date between 1900 and 9999 — {DATE_EXPECTED}",
        date.year()
    ))
}

/// The serial numbers of 1 January 1900 and 31 December 9999, with room for
/// the 1904 date system's offset: a spreadsheet date outside is refused
/// before it is converted (a huge serial overflows the conversion).
const SERIAL_BOUNDS: std::ops::RangeInclusive<f64> = -2000.0..=2_958_466.0;

fn parsed_date(cell: &Data) -> Result<NaiveDate, Complaint> {
    match cell {
        Data::DateTime(d) if !SERIAL_BOUNDS.contains(&d.as_f64()) => Err(format!(
            "found a date far outside the years 1900 to 9999 (serial number {}); {DATE_EXPECTED}",
            d.as_f64()
        )),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date())
            .ok_or_else(|| format!("found {}; {DATE_EXPECTED}", shown(cell))),
        Data::DateTimeIso(s) => date_text(s.get(..10).unwrap_or(s)),
        Data::String(s) => date_text(s),
        Data::Float(_) | Data::Int(_) => serial_date(cell)
            .ok_or_else(|| format!("found the number {}; {DATE_EXPECTED}", shown(cell))),
        _ => Err(format!("found {}; {DATE_EXPECTED}", shown(cell))),
    }
}

fn serial_date(cell: &Data) -> Option<NaiveDate> {
    let serial = match cell {
        Data::Float(f) if f.fract() == 0.0 => *f,
        Data::Int(i) => *i as f64,
        _ => return None,
    };
    // 32874 = 1 Jan 1990, 73051 = 1 Jan 2100 in the 1900 system.
    if !(32874.0..73051.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::Duration::days(serial as i64))
}

/// Parses a date written as text. Public for fuzzing.
pub fn date_text(raw: &str) -> Result<NaiveDate, Complaint> {
    let s = raw.trim();
    let found = || format!("found “{s}”; {DATE_EXPECTED}");
    if let Some(iso) = iso_date(s) {
        return iso.ok_or_else(found);
    }
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(found());
    }
    let num = |p: &str| p.parse::<u32>().ok();
    let (Some(day), Some(month), Some(year)) = (num(parts[0]), num(parts[1]), num(parts[2])) else {
        return Err(found());
    };
    let year = match parts[2].len() {
        2 => 2000 + year as i32,
        4 => year as i32,
        _ => return Err(found()),
    };
    if month > 12 && day <= 12 {
        return Err(format!(
            "found “{s}”, which reads as month/day/year (US order); write the day first, as {:02}/{:02}/{year} or {year}-{:02}-{:02}",
            month, day, day, month
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!(
            "found “{s}”, which is not a real date (day {day} of month {month}); {DATE_EXPECTED}"
        )
    })
}

/// `Some(result)` when the text has the ISO shape `yyyy-mm-dd`.
fn iso_date(s: &str) -> Option<Option<NaiveDate>> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    Some(
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|d| d.year() > 1900),
    )
}

const COUNT_EXPECTED: &str = "expected a whole number 0 or more, such as 12";

/// A whole number ≥ 0, stored as a number or as text (`" 12 "`, `12.0`).
pub fn count(cell: &Data) -> Result<Option<u64>, Complaint> {
    reject_error(cell)?;
    if is_blank(cell) {
        return Ok(None);
    }
    match cell {
        Data::Int(i) => u64::try_from(*i)
            .map(Some)
            .map_err(|_| format!("found {i}; {COUNT_EXPECTED}")),
        Data::Float(f) => float_count(*f)
            .map(Some)
            .ok_or_else(|| format!("found {f}; {COUNT_EXPECTED}")),
        Data::String(s) => count_text(s).map(Some),
        _ => Err(format!("found {}; {COUNT_EXPECTED}", shown(cell))),
    }
}

fn float_count(f: f64) -> Option<u64> {
    (f.is_finite() && f.fract() == 0.0 && (0.0..9.0e15).contains(&f)).then_some(f as u64)
}

/// Parses a whole number written as text. Public for fuzzing.
pub fn count_text(raw: &str) -> Result<u64, Complaint> {
    let s = raw.trim();
    let found = format!("found “{s}”; {COUNT_EXPECTED}");
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| found);
    }
    // "12.0" is what some programs write for a whole number.
    match s.strip_suffix(".0").or_else(|| s.strip_suffix(".00")) {
        Some(int) if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) => {
            int.parse().map_err(|_| found)
        }
        _ => Err(found),
    }
}

/// Yes, No, Y, N, True, False (any case) and real booleans.
pub fn yes_no(cell: &Data) -> Result<Option<bool>, Complaint> {
    reject_error(cell)?;
    if is_blank(cell) {
        return Ok(None);
    }
    match cell {
        Data::Bool(b) => Ok(Some(*b)),
        Data::String(s) => yes_no_text(s).map(Some),
        _ => Err(format!("found {}; expected Yes or No", shown(cell))),
    }
}

/// Parses Yes/No written as text. Public for fuzzing.
pub fn yes_no_text(raw: &str) -> Result<bool, Complaint> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!("found “{}”; expected Yes or No", raw.trim())),
    }
}

/// A number (for targets and settings): numbers, or text holding one.
pub fn number(cell: &Data) -> Result<Option<f64>, Complaint> {
    reject_error(cell)?;
    if is_blank(cell) {
        return Ok(None);
    }
    let found = || format!("found {}; expected a number such as 80", shown(cell));
    match cell {
        Data::Int(i) => Ok(Some(*i as f64)),
        Data::Float(f) if f.is_finite() => Ok(Some(*f)),
        Data::String(s) => s
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(found),
        _ => Err(found()),
    }
}

/// Folds a name for matching: trimmed, inner runs of white space made one
/// space, lower case. Used for sheet names, headers and vocabulary.
pub fn fold(s: &str) -> String {
    // One pass and one allocation: it runs for every header and vocabulary
    // cell. Lower-casing word by word is the same as lower-casing the whole,
    // since a space ends a word for the final-sigma rule too.
    let mut folded = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        if word.is_ascii() {
            folded.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            folded.push_str(&word.to_lowercase());
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn s(v: &str) -> Data {
        Data::String(v.to_string())
    }

    #[test]
    fn dates_in_every_accepted_form() {
        assert_eq!(date(&s("2014-10-31")), Ok(Some(d(2014, 10, 31))));
        assert_eq!(date(&s("31/10/2014")), Ok(Some(d(2014, 10, 31))));
        assert_eq!(date(&s(" 31/10/14 ")), Ok(Some(d(2014, 10, 31))));
        assert_eq!(date(&s("1/4/2015")), Ok(Some(d(2015, 4, 1))));
        assert_eq!(date(&Data::Empty), Ok(None));
        assert_eq!(date(&s("   ")), Ok(None));
        assert_eq!(
            date(&Data::DateTimeIso("2015-01-31T00:00:00".into())),
            Ok(Some(d(2015, 1, 31)))
        );
    }

    #[test]
    fn real_dates_in_both_date_systems() {
        // 41943 is 31 Oct 2014 in the 1900 system; the 1904 system counts 1462 days fewer.
        let d1900 = Data::DateTime(ExcelDateTime::new(
            41943.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        let d1904 = Data::DateTime(ExcelDateTime::new(
            41943.0 - 1462.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        assert_eq!(date(&d1900), Ok(Some(d(2014, 10, 31))));
        assert_eq!(date(&d1904), Ok(Some(d(2014, 10, 31))));
        assert_eq!(date(&Data::Float(41943.0)), Ok(Some(d(2014, 10, 31))));
    }

    #[test]
    fn us_order_and_nonsense_dates_are_refused() {
        let us = date(&s("12/31/2014")).unwrap_err();
        assert!(us.contains("US order") && us.contains("31/12/2014"), "{us}");
        assert!(date(&s("31/02/2015"))
            .unwrap_err()
            .contains("not a real date"));
        assert!(date(&s("next week")).is_err());
        assert!(date(&s("2014-13-01")).is_err());
        assert!(date(&s("31/10/214")).is_err());
        assert!(date(&Data::Float(12.5)).is_err());
        assert!(date(&Data::Bool(true)).is_err());
    }

    #[test]
    fn counts_as_numbers_or_text() {
        assert_eq!(count(&s(" 12 ")), Ok(Some(12)));
        assert_eq!(count(&s("12.0")), Ok(Some(12)));
        assert_eq!(count(&Data::Float(12.0)), Ok(Some(12)));
        assert_eq!(count(&Data::Int(0)), Ok(Some(0)));
        assert_eq!(count(&Data::Empty), Ok(None));
        for bad in [
            s("12.5"),
            s("-3"),
            s("twelve"),
            Data::Float(12.5),
            Data::Int(-3),
            Data::Float(-1.0),
        ] {
            assert!(count(&bad).unwrap_err().contains("whole number"), "{bad:?}");
        }
    }

    #[test]
    fn yes_no_variants() {
        for (v, want) in [
            ("Yes", true),
            ("y", true),
            ("TRUE", true),
            ("no", false),
            (" N ", false),
            ("False", false),
        ] {
            assert_eq!(yes_no(&s(v)), Ok(Some(want)), "{v}");
        }
        assert_eq!(yes_no(&Data::Bool(false)), Ok(Some(false)));
        assert!(yes_no(&s("maybe")).unwrap_err().contains("Yes or No"));
        assert!(yes_no(&Data::Int(1)).is_err());
    }

    #[test]
    fn formula_errors_are_named() {
        let e = count(&Data::Error(CellErrorType::Div0)).unwrap_err();
        assert!(e.contains("#DIV/0!"), "{e}");
        assert!(date(&Data::Error(CellErrorType::Ref))
            .unwrap_err()
            .contains("#REF!"));
        assert!(text(&Data::Error(CellErrorType::Value)).is_err());
        assert!(count(&s("#REF!")).unwrap_err().contains("#REF!"));
    }

    #[test]
    fn text_and_folding() {
        assert_eq!(text(&s("  PV-01 ")), Ok(Some("PV-01".into())));
        assert_eq!(text(&Data::Float(36400.0)), Ok(Some("36400".into())));
        assert_eq!(fold("  progress   UPDATE "), "progress update");
        assert_eq!(fold("\tDate\u{a0}\n Received"), "date received");
        assert_eq!(fold("ÉTAT  ΟΔΟΣ"), "état οδος", "non-ASCII, final sigma");
        assert_eq!(fold("   "), "");
    }
}
