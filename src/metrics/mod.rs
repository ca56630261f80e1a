//! Measures, referral metrics, breakdowns, year roll-ups, targets and disclosure
//! control, computed from the typed model. Pure: no file I/O, no clock (every date
//! comes from the data or an argument), no formatting beyond symbols.
//!
//! - [`measures`]: a quarter's value of every catalogue measure ([`quarter_values`]).
//! - [`referrals`]: the merged referral log and the `REF_*` metrics of any period.
//! - [`breakdowns`]: new referrals by source, risk, age band, gender, looked-after.
//! - [`rollup`]: a financial year's figures ([`year_rollup`]).
//! - [`targets`]: RAG against target and change on earlier periods.
//! - [`disclosure`]: primary, derived and secondary suppression of a report's
//!   figures, checked by its audit (the bounds a reader could derive for each
//!   hidden figure).
//! - [`published`]: the annual report's tables, ready for [`disclosure::suppress`].
//!
//! Every figure is a [`Figure`]: a [`Cell`] (a number, `[x]` or `[z]`), whether it
//! is incomplete, and which agencies' values are missing and why.

pub mod breakdowns;
pub mod disclosure;
pub mod measures;
pub mod published;
pub mod referrals;
pub mod rollup;
pub mod targets;

pub use breakdowns::{AgeBand, Breakdowns, Category, Dimension, LOOKED_AFTER};
pub use disclosure::{
    suppress, CellRule, DisclosureError, Published, Relation, SuppressedTable, Suppression, Table,
    Why,
};
pub use measures::quarter_values;
pub use referrals::{DateRange, ReferralLog, ReferralMetrics};
pub use rollup::{year_rollup, YearFigure, YearRollup};
pub use targets::{rag, trends, Change, MeasureTrend, Rag};

use crate::period::Quarter;
use serde::Serialize;
use std::fmt;

/// One published number, or the reason there is none.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Cell {
    /// A whole number of things (a count, or a sum of counts).
    Count(u64),
    /// A percentage, a median, a mean: already rounded to one decimal place.
    Decimal(f64),
    /// `[x]`: no data was given for it.
    NotAvailable,
    /// `[z]`: it does not apply (every reporter said N/A, or a denominator is 0).
    NotApplicable,
}

impl Cell {
    /// The number, if there is one.
    pub fn number(self) -> Option<f64> {
        match self {
            Cell::Count(n) => Some(n as f64),
            Cell::Decimal(x) => Some(x),
            Cell::NotAvailable | Cell::NotApplicable => None,
        }
    }

    /// The GSS symbol shown instead of a number, if any.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            Cell::Count(_) | Cell::Decimal(_) => None,
            Cell::NotAvailable => Some("[x]"),
            Cell::NotApplicable => Some("[z]"),
        }
    }

    /// A decimal cell rounded to one place, or `[z]` when it is not a finite number
    /// (a ratio cannot yield NaN here, but nothing downstream should ever see one).
    pub(crate) fn decimal(x: f64) -> Cell {
        if x.is_finite() {
            Cell::Decimal(round1(x))
        } else {
            Cell::NotApplicable
        }
    }
}

impl fmt::Display for Cell {
    /// Counts as whole numbers, decimals to one place, symbols as `[x]` / `[z]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Decimal(x) => write!(f, "{x:.1}"),
            Cell::NotAvailable => f.write_str("[x]"),
            Cell::NotApplicable => f.write_str("[z]"),
        }
    }
}

/// Why an agency's value is missing from a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MissingReason {
    /// The agency sent no return for the quarter.
    #[serde(rename = "no return")]
    NoReturn,
    /// The return left the value blank (or did not list the measure at all, or,
    /// for the referral log agency, had no `Referrals` sheet).
    #[serde(rename = "blank")]
    Blank,
}

impl MissingReason {
    pub fn label(self) -> &'static str {
        match self {
            MissingReason::NoReturn => "no return",
            MissingReason::Blank => "blank",
        }
    }
}

/// An agency whose value a figure lacks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Missing {
    pub quarter: Quarter,
    pub agency: String,
    pub reason: MissingReason,
}

/// A measure's value for a period, with what a reader must know about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub cell: Cell,
    /// Some value that should be in it is missing (see `missing`), or — for a
    /// year — it covers fewer than four quarters.
    pub incomplete: bool,
    /// Agencies whose value is missing, in the catalogue's order of reporters.
    pub missing: Vec<Missing>,
}

impl Figure {
    pub fn complete(cell: Cell) -> Figure {
        Figure {
            cell,
            incomplete: false,
            missing: Vec::new(),
        }
    }

    pub fn not_available() -> Figure {
        Figure::complete(Cell::NotAvailable)
    }
}

/// Rounds half away from zero to one decimal place, as a reader rounding by hand
/// would (84.375 → 84.4).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `part ÷ whole × 100` to one decimal; `[z]` when `whole` is 0.
pub(crate) fn percentage(part: f64, whole: f64) -> Cell {
    if whole == 0.0 {
        Cell::NotApplicable
    } else {
        Cell::decimal(part / whole * 100.0)
    }
}

#[cfg(test)]
pub(crate) mod testdata;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_print_as_a_reader_expects() {
        assert_eq!(Cell::Count(12).to_string(), "12");
        assert_eq!(Cell::Decimal(84.4).to_string(), "84.4");
        assert_eq!(Cell::Decimal(50.0).to_string(), "50.0");
        assert_eq!(Cell::NotAvailable.to_string(), "[x]");
        assert_eq!(Cell::NotApplicable.to_string(), "[z]");
    }

    #[test]
    fn percentages_round_to_one_place_and_zero_denominators_are_not_applicable() {
        assert_eq!(percentage(27.0, 32.0), Cell::Decimal(84.4));
        assert_eq!(percentage(10.0, 13.0), Cell::Decimal(76.9));
        assert_eq!(percentage(0.0, 0.0), Cell::NotApplicable);
        assert_eq!(percentage(3.0, 0.0), Cell::NotApplicable);
    }
}
