//! The document's typeface, DejaVu Sans regular and bold, compiled in: what
//! it says of each character (whether it has it, whether it draws it as it
//! stands, its advance), looked up once per process. The fallback faces for
//! the scripts it lacks are `fallback`'s. Output never depends on the
//! machine's fonts; nothing here measures a line, lays out or draws.

use std::sync::OnceLock;

use rustybuzz::ttf_parser;

use super::chars;
use super::{Face, FontError};

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two embedded faces, parsed once per process.
pub struct EmbeddedFonts {
    faces: [ttf_parser::Face<'static>; 2],
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
pub(super) struct Glyph {
    pub(super) present: bool,
    pub(super) plain: bool,
    pub(super) advance: f32,
}

impl EmbeddedFonts {
    pub fn get() -> Result<&'static EmbeddedFonts, FontError> {
        static FONTS: OnceLock<Result<EmbeddedFonts, FontError>> = OnceLock::new();
        FONTS
            .get_or_init(EmbeddedFonts::parse)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse() -> Result<EmbeddedFonts, FontError> {
        let faces = [
            parse_ttf(REGULAR_TTF, "DejaVuSans.ttf")?,
            parse_ttf(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
        ];
        let tables = [
            tabulate(&faces[0], Face::Regular),
            tabulate(&faces[1], Face::Bold),
        ];
        Ok(EmbeddedFonts { faces, tables })
    }

    fn ttf(&self, face: Face) -> &ttf_parser::Face<'static> {
        match face {
            Face::Regular => &self.faces[0],
            Face::Bold => &self.faces[1],
        }
    }

    /// The face's font file, as compiled in.
    pub fn file(face: Face) -> (&'static str, &'static [u8]) {
        match face {
            Face::Regular => ("DejaVuSans.ttf", REGULAR_TTF),
            Face::Bold => ("DejaVuSans-Bold.ttf", BOLD_TTF),
        }
    }

    /// DejaVu's glyph for `c`, if it has one.
    pub fn glyph_id(&self, face: Face, c: char) -> Option<u16> {
        glyph_index(self.ttf(face), u32::from(c))
    }

    pub(super) fn glyph(&self, face: Face, c: char) -> Glyph {
        let table = match face {
            Face::Regular => &self.tables[0],
            Face::Bold => &self.tables[1],
        };
        match table.get(u32::from(c) as usize) {
            Some(glyph) => *glyph,
            None => look_up(self.ttf(face), face, u32::from(c)),
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

fn tabulate(font: &ttf_parser::Face<'_>, face: Face) -> Vec<Glyph> {
    (0..TABULATED)
        .map(|code| look_up(font, face, code))
        .collect()
}

/// The glyph's advance in thousandths of an em, truncated exactly as the
/// PDF's `/W` widths are, so measured and drawn positions agree. A code point
/// the font lacks measures as its missing-glyph box.
fn look_up(font: &ttf_parser::Face<'_>, face: Face, code: u32) -> Glyph {
    let units_per_em = f32::from(font.units_per_em().max(1));
    let index = glyph_index(font, code);
    let gid = ttf_parser::GlyphId(index.unwrap_or(0));
    let advance = f32::from(font.glyph_hor_advance(gid).unwrap_or(0));
    let present = index.is_some();
    Glyph {
        present,
        plain: present && char::from_u32(code).is_some_and(|c| chars::is_plain_in(face, c)),
        advance: (advance * 1000.0 / units_per_em).trunc(),
    }
}

/// The face's glyph for a code point. Glyph 0 is the missing glyph: some
/// cmap subtables map U+0000 and U+FFFF to it, which is not having one.
fn glyph_index(font: &ttf_parser::Face<'_>, code: u32) -> Option<u16> {
    let gid = font.glyph_index(char::from_u32(code)?)?;
    (gid.0 != 0).then_some(gid.0)
}

fn parse_ttf(
    bytes: &'static [u8],
    name: &'static str,
) -> Result<ttf_parser::Face<'static>, FontError> {
    ttf_parser::Face::parse(bytes, 0).map_err(|_| FontError { name })
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let direct = look_up(fonts.ttf(face), face, u32::from(c));
                let asked = fonts.glyph(face, c);
                assert_eq!(direct.present, asked.present, "{c:?} {face:?}");
                assert_eq!(direct.plain, asked.plain, "{c:?} {face:?}");
                assert_eq!(direct.advance, asked.advance, "{c:?} {face:?}");
            }
            // Either side of the table's edge.
            for code in [TABULATED - 1, TABULATED] {
                let c = char::from_u32(code).expect("a character");
                let asked = fonts.glyph(face, c);
                assert_eq!(asked.present, fonts.glyph_id(face, c).is_some());
            }
        }
    }
}
