//! Numbers, dates and periods as a board paper prints them ("1,204", "30
//! September 2015", "July to September 2015"). Pure formatting; counts in
//! sentences are worded by `report::phrasing`.

use crate::metrics::Cell;
use crate::period::Quarter;
use chrono::NaiveDate;

pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

pub use crate::numbers::thousands;

/// "A", "A and B", "A, B and C".
pub fn listed<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// The quarters a part-year figure covers: "Q3 and Q4", "Q1, Q2 and Q4",
/// "Q1 to Q4" (every quarter of the year).
pub fn quarters_covered(quarters: &[Quarter]) -> String {
    if quarters.len() == 4 {
        return "Q1 to Q4".to_string();
    }
    let names: Vec<String> = quarters
        .iter()
        .map(|q| format!("Q{}", q.number()))
        .collect();
    listed(&names)
}

/// The months from the start of `first` to the end of `last`:
/// "October 2014 to March 2015".
pub fn months_between(first: Quarter, last: Quarter) -> String {
    format!(
        "{} to {}",
        first.start().format("%B %Y"),
        last.end().format("%B %Y")
    )
}

/// "30 September 2015".
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "30/09/2015", for tables.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "July to September 2015".
pub fn quarter_months(q: Quarter) -> String {
    format!("{} to {}", q.start().format("%B"), q.end().format("%B %Y"))
}

/// A figure for a table: counts with thousands separators, percentages with one
/// decimal and `%` when `percent`, `[x]`/`[z]` as they are.
pub fn figure(cell: Cell, percent: bool) -> String {
    match cell {
        Cell::Count(n) => thousands(n),
        Cell::Decimal(v) if percent => format!("{v:.1}%"),
        Cell::Decimal(v) => format!("{v:.1}"),
        other => other.to_string(),
    }
}

/// A signed change for a table: "+4", "−3", "0", "+2.5 pts".
pub fn change(difference: f64, percent: bool) -> String {
    let unit = if percent { " pts" } else { "" };
    let magnitude = if difference.fract() == 0.0 && !percent {
        thousands(difference.abs() as u64)
    } else {
        format!("{:.1}", difference.abs())
    };
    match difference {
        d if d > 0.0 => format!("+{magnitude}{unit}"),
        d if d < 0.0 => format!("−{magnitude}{unit}"),
        _ => format!("0{unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Q;

    #[test]
    fn dates_and_periods() {
        let d = NaiveDate::from_ymd_opt(2015, 9, 30).unwrap();
        assert_eq!(date(d), "30 September 2015");
        assert_eq!(short_date(d), "30/09/2015");
        assert_eq!(
            quarter_months(Quarter::new(2014, Q::Q4)),
            "January to March 2015"
        );
    }

    #[test]
    fn lists_and_quarters_covered() {
        assert_eq!(listed(&["A"]), "A");
        assert_eq!(listed(&["A", "B", "C"]), "A, B and C");
        let q = |n| Quarter::new(2014, Q::from_number(n).expect("a quarter 1 to 4"));
        assert_eq!(quarters_covered(&[q(3), q(4)]), "Q3 and Q4");
        assert_eq!(quarters_covered(&[q(1), q(2), q(3), q(4)]), "Q1 to Q4");
        assert_eq!(months_between(q(3), q(4)), "October 2014 to March 2015");
    }

    #[test]
    fn figures_and_changes() {
        assert_eq!(figure(Cell::Decimal(84.4), true), "84.4%");
        assert_eq!(figure(Cell::Count(1200), false), "1,200");
        assert_eq!(figure(Cell::NotAvailable, true), "[x]");
        assert_eq!(change(4.0, false), "+4");
        assert_eq!(change(-3.0, false), "−3");
        assert_eq!(change(2.5, true), "+2.5 pts");
        assert_eq!(change(0.0, false), "0");
    }
}
