//! PDF documents from a document's blocks: laid out by `render::layout` into
//! pages of positioned items, which this module writes as its own page content
//! streams, with the fonts embedded as subsets (`skeleton`, `fonts`: allsorts
//! subsets them), lopdf holding the document's objects and `file` writing
//! them out: A4 pages with a running header and footer, numbered and
//! bookmarked headings, tables that continue across pages, and vector charts,
//! in fonts shipped with the tool. It renders finished content and must not
//! compute figures, read files, or decide where anything goes on a page.
//!
//! ```text
//! blocks ──layout::layout()──▶ Vec<PageLayout> (positioned text, rectangles, lines)
//!        ──pdf::render()────▶ PDF bytes (layout, then emission)
//! ```
//!
//! The PDF is tagged (PDF/UA-1): layout records what each drawn item is to a
//! reader (a [`Role`](crate::render::layout::Role): part of a block, or an
//! artifact such as the running header, a rule or a repeated table header),
//! the content streams mark it,
//! and `tags` builds the structure tree from the blocks in reading order.
//! `file` writes the file itself: objects packed into compressed object
//! streams, in parallel, listed by a cross-reference stream.
//!
//! Output is deterministic: the document ID, subset-font tags and dates come
//! from [`DocumentSpec`] (its fingerprint and date), never from a clock or a
//! random source, so the same input gives byte-identical files.

mod content;
mod contents;
mod emit;
mod file;
mod fonts;
mod outline;
mod skeleton;
mod tags;

pub use contents::render_with_contents;
pub use tags::alt_text;

use crate::document::{Block, DocumentSpec, InvalidBlock};
use crate::render::layout::{self, LayoutError};
use crate::render::text::FontError;

/// Why a document could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// A font compiled into boardpack could not be parsed (a broken build).
    #[error(transparent)]
    Font(#[from] FontError),
    /// A block breaks a rule of the model (see [`Block`] and its parts).
    #[error(transparent)]
    InvalidBlock(#[from] InvalidBlock),
    /// The finished document could not be serialised.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

impl From<LayoutError> for PdfError {
    fn from(e: LayoutError) -> PdfError {
        match e {
            LayoutError::Font(e) => PdfError::Font(e),
            LayoutError::InvalidBlock(e) => PdfError::InvalidBlock(e),
        }
    }
}

/// Renders `blocks` as a PDF: laid out first, then drawn.
pub fn render(spec: &DocumentSpec, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let pages = layout::layout(spec, blocks)?;
    emit::emit(spec, blocks, &pages)
}
