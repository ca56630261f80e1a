//! PDF documents from blocks: a page layout engine writing its own page
//! content streams, with printpdf (never its HTML or SVG path) subsetting and
//! embedding the fonts, lopdf holding the document's objects and `file`
//! writing them out. It lays out A4 pages with a
//! running header and footer, numbered and bookmarked headings, tables that
//! continue across pages, and vector charts, in fonts shipped with the tool.
//! It renders finished content and must not compute figures or read files.
//!
//! Two steps, so pagination can be tested without a PDF:
//!
//! ```text
//! blocks ──layout()──▶ Vec<PageLayout> (positioned text, rectangles, lines)
//!        ──render()──▶ PDF bytes (layout, then emission)
//! ```
//!
//! Pagination rules:
//! - a heading shares its page with the start of the next block (two lines of
//!   a paragraph, a table's caption, header and first row, a whole chart);
//! - a paragraph leaves neither a single first line at a page foot nor a
//!   single last line at a page top;
//! - a table repeats its caption (with "(continued)") and header row on each
//!   page, and never splits a row. A row taller than a whole page is the one
//!   exception: it is split at line boundaries, each piece under the repeated
//!   header, with "This row continues on the next page." under each piece but
//!   the last;
//! - a chart is never split;
//! - `Page N of M` is drawn after layout, when M is known.
//!
//! The PDF is tagged (PDF/UA-1): layout records what each drawn item is to a
//! reader (a [`Role`]: part of a block, or an artifact such as the running
//! header, a rule or a repeated table header), the content streams mark it,
//! and `tags` builds the structure tree from the blocks in reading order.
//! `file` writes the file itself: objects packed into compressed object
//! streams, in parallel, listed by a cross-reference stream.
//!
//! Output is deterministic: the document ID, subset-font tags and dates come
//! from [`DocumentSpec`] (its fingerprint and date), never from a clock or a
//! random source, so the same input gives byte-identical files.

mod chart;
mod chart_marks;
mod content;
mod emit;
mod fallback;
mod fallback_carrier;
mod file;
mod fonts;
mod furniture;
mod layout;
mod model;
mod outline;
mod script;
pub mod style;
mod tags;
mod wrap;

pub use chart::{
    axis_ticks, draw_parts as chart_drawing, format_value, series_colour, ChartDrawing, ChartPart,
};
pub use fonts::{undrawable, EmbeddedFonts, Face, Measure};
pub use layout::{
    heading_numbers, DotItem, Drawing, Item, LineItem, PageLayout, Part, PlacedHeading, Placement,
    RectItem, TextItem,
};
pub use model::{
    text_of, Align, Block, Chart, ChartKind, ChartValue, ColumnSpec, Rgb, Run, Series, Table,
    TableCell, TargetLine,
};
pub use tags::{alt_text, Mark, Role};

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

/// Why a document could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// A font compiled into boardpack could not be parsed (a broken build).
    #[error("the embedded font {name} could not be read")]
    Font { name: &'static str },
    /// A block breaks a rule of the model (see [`Block`] and its parts).
    #[error("block {block} cannot be laid out: {reason}")]
    InvalidBlock { block: usize, reason: String },
    /// The finished document could not be serialised.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Lays out `blocks` on pages, header and footer included, without making a PDF.
pub fn layout(spec: &DocumentSpec, blocks: &[Block]) -> Result<Vec<PageLayout>, PdfError> {
    model::check_blocks(blocks)?;
    let fonts = fonts::EmbeddedFonts::get()?;
    Ok(layout::layout_pages(spec, blocks, fonts))
}

/// Renders `blocks` as a PDF: laid out first, then drawn.
pub fn render(spec: &DocumentSpec, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let pages = layout(spec, blocks)?;
    emit::emit(spec, blocks, &pages)
}
