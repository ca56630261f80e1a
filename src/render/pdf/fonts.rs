//! The fonts shipped with boardpack (DejaVu Sans regular and bold, compiled in)
//! and text measurement from their advance widths. Output never depends on the
//! machine's fonts; nothing here lays out or draws.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::PdfError;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A weight of the document's one typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
}

/// Measures text as it will be drawn. Layout depends only on this, so wrapping
/// can be tested with a simple stand-in.
pub trait Measure {
    /// The advance width of `text` at `size` points, in points.
    fn width(&self, face: Face, text: &str, size: f32) -> f32;
    /// Whether the face can draw `c` (others are replaced before layout).
    fn has_glyph(&self, face: Face, c: char) -> bool;
}

/// The two embedded faces, parsed once per process.
pub struct EmbeddedFonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl EmbeddedFonts {
    pub fn get() -> Result<&'static EmbeddedFonts, PdfError> {
        static FONTS: OnceLock<Result<EmbeddedFonts, PdfError>> = OnceLock::new();
        FONTS
            .get_or_init(EmbeddedFonts::parse)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse() -> Result<EmbeddedFonts, PdfError> {
        Ok(EmbeddedFonts {
            regular: parse_face(REGULAR_TTF, "DejaVuSans.ttf")?,
            bold: parse_face(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
        })
    }

    pub fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The glyph's advance in thousandths of an em, truncated exactly as the
    /// PDF's `/W` widths are, so measured and drawn positions agree.
    fn advance_milli_em(&self, face: Face, c: char) -> f32 {
        let font = self.face(face);
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let glyph = font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        (f32::from(font.get_horizontal_advance(glyph)) * 1000.0 / units_per_em).trunc()
    }
}

fn parse_face(bytes: &[u8], name: &'static str) -> Result<ParsedFont, PdfError> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(PdfError::Font { name })
}

impl Measure for EmbeddedFonts {
    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let milli_em: f32 = text.chars().map(|c| self.advance_milli_em(face, c)).sum();
        milli_em * size / 1000.0
    }

    fn has_glyph(&self, face: Face, c: char) -> bool {
        self.face(face).lookup_glyph_index(u32::from(c)).is_some()
    }
}

/// Makes text drawable: tabs become spaces, other control characters go, and
/// a character the font lacks becomes `?` (a visible sign, never a blank box).
pub fn drawable_text(measure: &dyn Measure, face: Face, text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c if measure.has_glyph(face, c) => Some(c),
            _ => Some('?'),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_parse_and_measure() {
        let fonts = EmbeddedFonts::get().expect("embedded fonts parse");
        let regular = fonts.width(Face::Regular, "Board", 10.0);
        let bold = fonts.width(Face::Bold, "Board", 10.0);
        assert!(regular > 20.0 && regular < 40.0, "{regular}");
        assert!(bold > regular, "bold is wider: {bold} vs {regular}");
        // Twice the size, twice the width.
        let double = fonts.width(Face::Regular, "Board", 20.0);
        assert!((double - 2.0 * regular).abs() < 0.01);
    }

    #[test]
    fn typographic_characters_are_in_the_font() {
        let fonts = EmbeddedFonts::get().expect("embedded fonts parse");
        for c in ['£', '’', '“', '”', '–', '•', '…'] {
            assert!(fonts.has_glyph(Face::Regular, c), "{c} in regular");
            assert!(fonts.has_glyph(Face::Bold, c), "{c} in bold");
        }
    }

    #[test]
    fn undrawable_characters_are_replaced_visibly() {
        let fonts = EmbeddedFonts::get().expect("embedded fonts parse");
        let text = drawable_text(fonts, Face::Regular, "a\tb\u{7}c\u{10ffff}");
        assert_eq!(text, "a bc?");
    }
}
