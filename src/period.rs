//! Quarters and financial years of the UK reporting calendar; parsing every
//! spelling the contract accepts. Pure: knows nothing about files.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A UK financial-year quarter: Q1 Apr–Jun … Q4 Jan–Mar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// Calendar year in which the financial year starts (2014 for 2014-15).
    pub year: i32,
    pub q: Q,
}

/// Which quarter of its financial year: a type, so that no quarter 0 or 5
/// can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Q {
    Q1,
    Q2,
    Q3,
    Q4,
}

impl Q {
    /// 1 to 4, as printed after the `Q`.
    pub fn number(self) -> u8 {
        match self {
            Q::Q1 => 1,
            Q::Q2 => 2,
            Q::Q3 => 3,
            Q::Q4 => 4,
        }
    }

    /// The quarter numbered `n`, if 1 to 4.
    pub fn from_number(n: u8) -> Option<Q> {
        match n {
            1 => Some(Q::Q1),
            2 => Some(Q::Q2),
            3 => Some(Q::Q3),
            4 => Some(Q::Q4),
            _ => None,
        }
    }
}

/// A financial year, 1 April to 31 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinYear {
    /// Calendar year in which it starts.
    pub start: i32,
}

/// Why a text is not a quarter or a financial year; its message quotes the
/// text and shows the form expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("“{0}” is not a quarter; expected a quarter such as 2014-15 Q3")]
    NotAQuarter(String),
    #[error("“{text}” is not a quarter: {year}")]
    QuarterYear {
        text: String,
        year: Box<PeriodError>,
    },
    #[error("“{text}” names quarter Q{number}; a financial year has quarters Q1 to Q4")]
    QuarterNumber { text: String, number: String },
    #[error("“{0}” is not a financial year; expected one such as 2014-15")]
    NotAYear(String),
    #[error("“{text}” is not a financial year: its two years must be consecutive, as in {start}-{next:02}")]
    YearsNotConsecutive { text: String, start: i32, next: i32 },
}

impl Quarter {
    pub const fn new(year: i32, q: Q) -> Self {
        Quarter { year, q }
    }

    /// 1 to 4, as printed after the `Q`.
    pub fn number(self) -> u8 {
        self.q.number()
    }

    /// Parses `2014-15 Q3`, `2014-15-Q3`, `2014/15 Q3`, `Q3 2014-15`, `Q3 2014/15`,
    /// `2014-15Q3`, in any case and with any spacing.
    pub fn parse(text: &str) -> Result<Quarter, PeriodError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let shown = || text.trim().to_string();
        let (q_part, year_part) = if let Some(rest) = compact.strip_prefix('Q') {
            // The quarter is one digit; the year follows it directly once spaces are gone.
            let digit: String = rest.chars().take(1).collect();
            (
                digit.clone(),
                rest[digit.len()..].trim_start_matches('-').to_string(),
            )
        } else if let Some(pos) = compact.rfind('Q') {
            (
                compact[pos + 1..].to_string(),
                compact[..pos].trim_end_matches('-').to_string(),
            )
        } else {
            return Err(PeriodError::NotAQuarter(shown()));
        };
        let year = FinYear::parse(&year_part).map_err(|e| PeriodError::QuarterYear {
            text: shown(),
            year: Box::new(e),
        })?;
        match q_part.parse().ok().and_then(Q::from_number) {
            Some(q) => Ok(Quarter::new(year.start, q)),
            None => Err(PeriodError::QuarterNumber {
                text: shown(),
                number: q_part,
            }),
        }
    }

    pub fn fin_year(self) -> FinYear {
        FinYear { start: self.year }
    }

    /// First day of the quarter.
    pub fn start(self) -> NaiveDate {
        let (y, m) = self.first_month();
        NaiveDate::from_ymd_opt(y, m, 1).expect("first day of a month exists")
    }

    /// Last day of the quarter.
    pub fn end(self) -> NaiveDate {
        self.next()
            .start()
            .pred_opt()
            .expect("day before a quarter start exists")
    }

    fn first_month(self) -> (i32, u32) {
        match self.q {
            Q::Q1 => (self.year, 4),
            Q::Q2 => (self.year, 7),
            Q::Q3 => (self.year, 10),
            Q::Q4 => (self.year + 1, 1),
        }
    }

    pub fn next(self) -> Quarter {
        match self.q {
            Q::Q1 => Quarter::new(self.year, Q::Q2),
            Q::Q2 => Quarter::new(self.year, Q::Q3),
            Q::Q3 => Quarter::new(self.year, Q::Q4),
            Q::Q4 => Quarter::new(self.year + 1, Q::Q1),
        }
    }

    pub fn prev(self) -> Quarter {
        match self.q {
            Q::Q1 => Quarter::new(self.year - 1, Q::Q4),
            Q::Q2 => Quarter::new(self.year, Q::Q1),
            Q::Q3 => Quarter::new(self.year, Q::Q2),
            Q::Q4 => Quarter::new(self.year, Q::Q3),
        }
    }

    /// The quarter a date falls in.
    pub fn containing(date: NaiveDate) -> Quarter {
        let (y, m) = (date.year(), date.month());
        match m {
            1..=3 => Quarter::new(y - 1, Q::Q4),
            4..=6 => Quarter::new(y, Q::Q1),
            7..=9 => Quarter::new(y, Q::Q2),
            _ => Quarter::new(y, Q::Q3),
        }
    }

    /// The spelling used in folder names and on the command line: `2014-15-Q3`.
    pub fn folder_name(self) -> String {
        format!("{}-Q{}", self.fin_year(), self.number())
    }
}

impl fmt::Display for Quarter {
    /// The spelling used inside workbooks and reports: `2014-15 Q3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q{}", self.fin_year(), self.number())
    }
}

impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FinYear {
    /// Parses `2014-15` or `2014/15` (also `2014-2015`); the years must be consecutive.
    pub fn parse(text: &str) -> Result<FinYear, PeriodError> {
        let t = text.trim();
        let bad = || PeriodError::NotAYear(t.to_string());
        let (a, b) = t.split_once(['-', '/']).ok_or_else(bad)?;
        let (a, b) = (a.trim(), b.trim());
        if a.len() != 4 || !a.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let start: i32 = a.parse().map_err(|_| bad())?;
        let end_ok = match b.len() {
            2 => b.parse::<i32>().ok() == Some((start + 1) % 100),
            4 => b.parse::<i32>().ok() == Some(start + 1),
            _ => return Err(bad()),
        };
        if !b.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if !end_ok {
            return Err(PeriodError::YearsNotConsecutive {
                text: t.to_string(),
                start,
                next: (start + 1) % 100,
            });
        }
        Ok(FinYear { start })
    }

    pub fn quarters(self) -> [Quarter; 4] {
        [Q::Q1, Q::Q2, Q::Q3, Q::Q4].map(|q| Quarter::new(self.start, q))
    }

    pub fn start_date(self) -> NaiveDate {
        Quarter::new(self.start, Q::Q1).start()
    }

    pub fn end_date(self) -> NaiveDate {
        Quarter::new(self.start, Q::Q4).end()
    }
}

impl fmt::Display for FinYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start, (self.start + 1) % 100)
    }
}

impl Serialize for FinYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q3() -> Quarter {
        Quarter::new(2014, Q::Q3)
    }

    #[test]
    fn every_spelling_of_the_contract_parses() {
        for s in [
            "2014-15 Q3",
            "2014-15-Q3",
            "2014/15 Q3",
            "Q3 2014-15",
            "Q3 2014/15",
            "2014-15Q3",
            "2014-15 q3",
            "  q3   2014/15 ",
        ] {
            assert_eq!(Quarter::parse(s), Ok(q3()), "{s}");
        }
    }

    #[test]
    fn non_consecutive_years_and_q5_are_refused() {
        assert!(Quarter::parse("2014-16 Q1")
            .unwrap_err()
            .to_string()
            .contains("consecutive"));
        assert!(FinYear::parse("2014-16")
            .unwrap_err()
            .to_string()
            .contains("consecutive"));
        assert!(Quarter::parse("2014-15 Q5")
            .unwrap_err()
            .to_string()
            .contains("Q1 to Q4"));
        assert!(Quarter::parse("Q0 2014-15").is_err());
        assert!(Quarter::parse("2014-15 Q9").is_err());
        assert_eq!(Q::from_number(0), None);
        assert_eq!(Q::from_number(5), None);
        assert_eq!(Q::from_number(4).map(Q::number), Some(4));
        assert!(Quarter::parse("autumn").is_err());
        assert!(Quarter::parse("").is_err());
    }

    #[test]
    fn quarter_bounds_follow_the_financial_year() {
        assert_eq!(q3().start(), NaiveDate::from_ymd_opt(2014, 10, 1).unwrap());
        assert_eq!(q3().end(), NaiveDate::from_ymd_opt(2014, 12, 31).unwrap());
        let q4 = q3().next();
        assert_eq!(q4.to_string(), "2014-15 Q4");
        assert_eq!(q4.end(), NaiveDate::from_ymd_opt(2015, 3, 31).unwrap());
        assert_eq!(q4.next().to_string(), "2015-16 Q1");
        assert_eq!(q4.next().prev(), q4);
        let year = FinYear { start: 2014 };
        let walked: Vec<Quarter> =
            std::iter::successors(Some(year.quarters()[0]), |q| Some(q.next()))
                .take(5)
                .collect();
        assert_eq!(walked[..4], year.quarters());
        assert_eq!(walked[4].to_string(), "2015-16 Q1");
        assert!(walked
            .windows(2)
            .all(|w| w[0] < w[1] && w[1].prev() == w[0]));
        assert_eq!(
            Quarter::containing(NaiveDate::from_ymd_opt(2015, 3, 31).unwrap()),
            q4
        );
        assert_eq!(q3().folder_name(), "2014-15-Q3");
        assert_eq!(FinYear::parse("2014/2015").unwrap().to_string(), "2014-15");
        assert_eq!(FinYear::parse("1999-00").unwrap().start, 1999);
    }
}
