//! The format-neutral document every paper is written as: blocks of text,
//! tables and charts in reading order (`blocks`), how it looks (`style`), how
//! its headings are numbered (`headings`) and how a chart's value axis is
//! scaled and labelled (`scale`). The PDF and the web page are both drawn from
//! it, so they say the same thing the same way. It holds finished content:
//! nothing here computes a figure, reads a file or knows an output format.

mod blocks;
pub mod contents;
mod headings;
mod scale;
pub mod style;

pub use blocks::{
    check_blocks, text_of, Align, Block, BlockFault, Chart, ChartKind, ChartValue, ColumnSpec,
    InvalidBlock, Rgb, Run, Series, Table, TableCell, TargetLine,
};
pub use headings::heading_numbers;
pub use scale::{axis_ticks, format_value, Scale};
pub use style::series_colour;

use chrono::NaiveDate;

/// What the document is and what goes in its margins.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSpec {
    /// The document title (PDF metadata; shown by viewers in the title bar).
    pub title: String,
    /// The PDF subject metadata.
    pub subject: String,
    /// The running header's left text (the board's name).
    pub header_left: String,
    /// The running header's right text (the period).
    pub header_right: String,
    /// The protective marking, centred in the header and footer of every page;
    /// empty for none.
    pub marking: String,
    /// Identifies the inputs (a hash of them): the document ID and font tags
    /// are derived from it, so equal inputs give equal bytes.
    pub fingerprint: String,
    /// The document's creation and modification date (the as-of date, not today).
    pub date: NaiveDate,
}

/// A document's margins and identity for unit tests: a quarterly paper.
#[cfg(test)]
pub(crate) fn test_spec() -> DocumentSpec {
    DocumentSpec {
        title: "T".into(),
        subject: "S".into(),
        header_left: "Board".into(),
        header_right: "2015-16 Q2".into(),
        marking: "OFFICIAL".into(),
        fingerprint: "abc".into(),
        date: NaiveDate::from_ymd_opt(2015, 9, 30).expect("a date"),
    }
}
