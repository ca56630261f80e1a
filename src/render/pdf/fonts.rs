//! The fonts shipped with boardpack (DejaVu Sans regular and bold, compiled in,
//! with the fallback faces of `fallback` for the scripts it lacks) and text
//! measurement: from DejaVu's advance widths, or from the shaped glyphs of
//! `script` for text it cannot draw letter by letter. Output never depends on
//! the machine's fonts; nothing here lays out or draws.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::script;
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
/// can be tested with a simple stand-in. Shared by the threads that wrap a
/// long table's rows.
pub trait Measure: Sync {
    /// The advance width of `text` at `size` points, in points.
    fn width(&self, face: Face, text: &str, size: f32) -> f32;
    /// Whether the face, or a fallback face, can draw `c` (others are
    /// replaced before layout).
    fn has_glyph(&self, face: Face, c: char) -> bool;
}

/// The two embedded faces, parsed once per process.
pub struct EmbeddedFonts {
    regular: ParsedFont,
    bold: ParsedFont,
    /// Per face, what the font says of each of the first `TABULATED` code
    /// points, looked up once: measuring a 1,000-page report asks millions of times.
    tables: [Vec<Glyph>; 2],
}

/// Code points below this (Latin, punctuation, currency, arrows, box
/// drawing: all a report's text in practice) are measured from `tables`;
/// others are looked up in the font each time.
const TABULATED: u32 = 0x2600;

/// A code point in one face: whether the face draws it, whether it draws it
/// as it stands (`script::is_plain`), and its advance in thousandths of an em.
#[derive(Clone, Copy)]
struct Glyph {
    present: bool,
    plain: bool,
    advance: f32,
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
        let regular = parse_face(REGULAR_TTF, "DejaVuSans.ttf")?;
        let bold = parse_face(BOLD_TTF, "DejaVuSans-Bold.ttf")?;
        let tables = [
            tabulate(&regular, Face::Regular),
            tabulate(&bold, Face::Bold),
        ];
        Ok(EmbeddedFonts {
            regular,
            bold,
            tables,
        })
    }

    pub fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn glyph(&self, face: Face, c: char) -> Glyph {
        let table = match face {
            Face::Regular => &self.tables[0],
            Face::Bold => &self.tables[1],
        };
        match table.get(u32::from(c) as usize) {
            Some(glyph) => *glyph,
            None => look_up(self.face(face), face, u32::from(c)),
        }
    }

    /// Whether DejaVu itself (not a fallback) has a glyph for `c`.
    pub fn has_own_glyph(&self, face: Face, c: char) -> bool {
        self.glyph(face, c).present
    }

    /// Whether DejaVu draws all of `text` letter by letter, as it stands.
    pub fn is_plain_text(&self, face: Face, text: &str) -> bool {
        text.chars().all(|c| self.glyph(face, c).plain)
    }

    /// DejaVu's advance for `c`, in thousandths of an em.
    pub fn advance(&self, face: Face, c: char) -> f32 {
        self.glyph(face, c).advance
    }
}

fn tabulate(font: &ParsedFont, face: Face) -> Vec<Glyph> {
    (0..TABULATED)
        .map(|code| look_up(font, face, code))
        .collect()
}

/// The glyph's advance in thousandths of an em, truncated exactly as the
/// PDF's `/W` widths are, so measured and drawn positions agree. A code point
/// the font lacks measures as its missing-glyph box.
fn look_up(font: &ParsedFont, face: Face, code: u32) -> Glyph {
    let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let index = font.lookup_glyph_index(code);
    let advance = f32::from(font.get_horizontal_advance(index.unwrap_or(0)));
    let present = index.is_some();
    Glyph {
        present,
        plain: present && char::from_u32(code).is_some_and(|c| script::is_plain_in(face, c)),
        advance: (advance * 1000.0 / units_per_em).trunc(),
    }
}

fn parse_face(bytes: &[u8], name: &'static str) -> Result<ParsedFont, PdfError> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(PdfError::Font { name })
}

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
    fn tabulated_and_looked_up_measures_agree() {
        let fonts = EmbeddedFonts::get().expect("embedded fonts parse");
        for face in [Face::Regular, Face::Bold] {
            for c in [
                'a',
                'W',
                ' ',
                '£',
                '’',
                '…',
                '\u{2603}',
                '\u{1F600}',
                '\u{10ffff}',
            ] {
                let direct = look_up(fonts.face(face), face, u32::from(c));
                let asked = fonts.glyph(face, c);
                assert_eq!(direct.present, asked.present, "{c:?} {face:?}");
                assert_eq!(direct.plain, asked.plain, "{c:?} {face:?}");
                assert_eq!(direct.advance, asked.advance, "{c:?} {face:?}");
            }
            // Either side of the table's edge.
            for code in [TABULATED - 1, TABULATED] {
                let c = char::from_u32(code).expect("a character");
                let asked = fonts.glyph(face, c);
                assert_eq!(
                    asked.present,
                    fonts.face(face).lookup_glyph_index(code).is_some()
                );
            }
        }
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
