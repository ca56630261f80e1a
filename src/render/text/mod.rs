//! Text as the layout measures it and a writer draws it: the fonts compiled
//! into boardpack (`fonts`, and `fallback` for the scripts DejaVu Sans lacks),
//! which face draws each character (`chars`), shaping and right-to-left
//! ordering (`script`), and measured widths (`measure`). Nothing here decides
//! where text goes or writes a file format.

mod chars;
mod fallback;
mod fonts;
mod measure;
mod script;

pub use fallback::Fallback;
pub use fonts::EmbeddedFonts;
pub use measure::{drawable_text, undrawable};
pub use script::{shape, Glyph, GlyphRun, Placed, Shaped, Source};

/// A font compiled into boardpack could not be parsed (a broken build).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the embedded font {name} could not be read")]
pub struct FontError {
    pub name: &'static str,
}

/// A weight of the document's one typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
}

/// Measures text as it will be drawn. Layout depends only on this, so wrapping
/// can be tested with a simple stand-in. Shared by the threads that wrap a
/// long table's rows.
pub trait Measure: Sync {
    /// The advance width of `text` at `size` points, in points.
    fn width(&self, face: Face, text: &str, size: f32) -> f32;
    /// Whether the face, or a fallback face, can draw `c` (others are
    /// replaced before layout).
    fn has_glyph(&self, face: Face, c: char) -> bool;
}
