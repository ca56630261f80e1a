//! The fallback faces on the fonts' carrier page (`emit`): which of their
//! glyphs the document's shaped lines use, shown once each by glyph ID (with
//! the text each stands for, printpdf's ToUnicode entry) so printpdf subsets
//! and embeds only the faces used; and the code each glyph was given, read
//! back from the carrier. A Latin-only document uses no fallback face and its
//! carrier is unchanged. Nothing here draws the real pages.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{Codepoint, FontId, Op, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem};

use super::content::IdCodes;
use super::PdfError;
use crate::render::text::{shape, EmbeddedFonts, Face, Fallback, Glyph, Source};

/// The fallback glyphs a document uses: per face, glyph ID → its text.
pub type Used = BTreeMap<Fallback, BTreeMap<u16, String>>;

/// Adds what a line not drawn letter by letter uses: DejaVu's characters to
/// `primary` (the face's set), fallback glyphs to `used`.
pub fn collect(
    fonts: &EmbeddedFonts,
    face: Face,
    text: &str,
    primary: &mut BTreeSet<char>,
    used: &mut Used,
) {
    for run in shape(fonts, face, text).runs {
        for placed in run.glyphs {
            match (placed.glyph, run.source) {
                (Glyph::Char(c), _) => {
                    primary.insert(c);
                }
                (Glyph::Id { gid, text }, Source::Fallback(f)) => {
                    used.entry(f).or_default().entry(gid).or_insert(text);
                }
                (Glyph::Id { .. }, Source::Primary(_)) => {}
            }
        }
    }
}

/// Registers each used fallback face with the carrier document and shows
/// its glyphs, in `used`'s order, one `TJ` per face.
pub fn show(
    doc: &mut PdfDocument,
    ops: &mut Vec<Op>,
    used: &Used,
    id: impl Fn(Fallback) -> FontId,
) -> Result<(), PdfError> {
    for (f, glyphs) in used {
        let font = id(*f);
        doc.resources
            .fonts
            .map
            .insert(font.clone(), PdfFont::new(f.parsed()?.clone()));
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font),
            size: Pt(10.0),
        });
        let ids = glyphs
            .iter()
            .map(|(gid, text)| Codepoint::with_cid(*gid, 0.0, text.clone()))
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(ids)],
        });
    }
    Ok(())
}

/// Reads back the code of each fallback glyph from the carrier's content
/// stream: printpdf writes a face's glyph IDs as `[<code> <code> …] TJ`, in
/// the order `show` gave them.
pub fn read(
    stream: &str,
    used: &Used,
    id: impl Fn(Fallback) -> FontId,
) -> Result<BTreeMap<Fallback, IdCodes>, String> {
    let mut shown = stream.lines().filter(|line| line.ends_with("TJ"));
    let mut codes = BTreeMap::new();
    for (f, glyphs) in used {
        let line = shown
            .next()
            .ok_or_else(|| format!("{}'s glyphs are missing", f.file_name()))?;
        let found = hex_strings(line).ok_or("unreadable glyph codes")?;
        if found.len() != glyphs.len() {
            return Err(format!(
                "{} glyph codes for {} glyphs of {}",
                found.len(),
                glyphs.len(),
                f.file_name()
            ));
        }
        let face_codes = IdCodes {
            resource: id(*f).0,
            codes: glyphs.keys().copied().zip(found).collect(),
        };
        codes.insert(*f, face_codes);
    }
    Ok(codes)
}

/// `[<0001> <001F>] TJ` → [1, 31]: each `<…>` one four-digit code.
fn hex_strings(line: &str) -> Option<Vec<u16>> {
    let mut codes = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>')? + open;
        let hex = &rest[open + 1..close];
        if hex.len() != 4 {
            return None;
        }
        codes.push(u16::from_str_radix(hex, 16).ok()?);
        rest = &rest[close + 1..];
    }
    Some(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_a_tj_array() {
        assert_eq!(hex_strings("[<0001> <001F>] TJ"), Some(vec![1, 31]));
        assert_eq!(hex_strings("[<0001><0002>]TJ"), Some(vec![1, 2]));
        assert_eq!(hex_strings("[<01>] TJ"), None, "not a two-byte code");
    }

    #[test]
    fn shaped_lines_give_their_fallback_glyphs_and_dejavu_characters() {
        let fonts = EmbeddedFonts::get().expect("fonts");
        let mut primary = BTreeSet::new();
        let mut used = Used::new();
        collect(
            fonts,
            Face::Regular,
            "Bath مركز 巴斯",
            &mut primary,
            &mut used,
        );
        assert!(primary.contains(&'B') && primary.contains(&' '));
        assert_eq!(
            used.keys().copied().collect::<Vec<_>>(),
            [Fallback::ArabicRegular, Fallback::Cjk]
        );
        assert_eq!(used[&Fallback::Cjk].len(), 2);
        assert!(used[&Fallback::Cjk].values().any(|t| t == "巴"));
    }
}
