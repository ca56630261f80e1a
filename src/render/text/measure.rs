//! Text measurement as it will be drawn: from DejaVu's advance widths, or
//! from the shaped glyphs of `script` for text DejaVu cannot draw letter by
//! letter; and text made drawable (control characters out, a visible `�`
//! for a character no face has). Widths only: nothing here breaks lines.

use super::fonts::EmbeddedFonts;
use super::{script, Face, Measure};

impl Measure for EmbeddedFonts {
    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let mut milli_em = 0.0;
        for c in text.chars() {
            let glyph = self.glyph(face, c);
            if !glyph.plain {
                return script::shape(self, face, text).width * size / 1000.0;
            }
            milli_em += glyph.advance;
        }
        milli_em * size / 1000.0
    }

    fn has_glyph(&self, face: Face, c: char) -> bool {
        self.glyph(face, c).present || script::source_of(self, face, c, None).is_some()
    }
}

/// Makes text drawable: tabs become spaces, other control characters go, and
/// a character the font lacks becomes the replacement character `�` (a
/// visible sign that something is missing, unlike `?` or a blank box; `check`
/// warns at the input cell, see `undrawable`).
pub fn drawable_text(measure: &dyn Measure, face: Face, text: &str) -> String {
    let replacement = replacement(measure, face);
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_presentation_selector(c) => None,
            c if measure.has_glyph(face, c) => Some(c),
            _ => Some(replacement),
        })
        .collect()
}

/// A variation selector (as after an emoji typed as `❤️`): it only asks for
/// a colour or text presentation of the character before it, which the PDF
/// draws in its one face; leaving it out loses nothing a reader sees.
fn is_presentation_selector(c: char) -> bool {
    matches!(u32::from(c), 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// The sign drawn for a character the face lacks: `�`, else `□`, else `?`.
fn replacement(measure: &dyn Measure, face: Face) -> char {
    ['\u{FFFD}', '\u{25A1}']
        .into_iter()
        .find(|c| measure.has_glyph(face, *c))
        .unwrap_or('?')
}

/// The distinct characters of `text` that either embedded face cannot draw
/// (control characters aside), in order of first appearance. Empty when the
/// fonts cannot be read (the render reports that itself).
pub fn undrawable(text: &str) -> Vec<char> {
    let Ok(fonts) = EmbeddedFonts::get() else {
        return Vec::new();
    };
    let mut missing: Vec<char> = Vec::new();
    for c in text
        .chars()
        .filter(|c| !c.is_control() && !is_presentation_selector(*c))
    {
        let lacking = !fonts.has_glyph(Face::Regular, c) || !fonts.has_glyph(Face::Bold, c);
        if lacking && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
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
        let text = drawable_text(fonts, Face::Regular, "a\tb\u{7}c\u{10ffff}🧒❤\u{FE0F}");
        assert_eq!(text, "a bc\u{FFFD}\u{FFFD}❤");
        assert_eq!(
            undrawable("a £ 巴斯 مركز বাংলা \u{10ffff} 🧒 ❤\u{FE0F} 巴"),
            vec!['\u{10ffff}', '🧒'],
            "the fallback faces draw Chinese, Arabic and Bengali"
        );
    }
}
