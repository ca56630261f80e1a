//! The fonts' carrier page. printpdf subsets and embeds a font only for text
//! it draws itself, and says nowhere which code it gave each glyph; so one
//! page shows every character each DejaVu face needs (`<hex> Tj`) and every
//! glyph a shaped line takes from a fallback face, by glyph ID with the text
//! it stands for (`[<hex> …] TJ`); printpdf embeds the subsets from it, and
//! the code of each character and glyph is read back from that page's
//! content stream. [`embed_fonts`] is the one way in. Nothing here draws the
//! real pages (`content` does, with these codes, and `emit` puts them in the
//! carrier page's place).
//!
//! Why not printpdf's API instead (issue 18): printpdf 0.12.8 makes public
//! `subset_font` (the subset's bytes and old → new glyph IDs) but not the
//! step that writes the font objects (`add_subset_font_to_pdf`, Type0,
//! CIDFontType2, descriptor, widths and ToUnicode, is `pub(crate)` in its
//! serialize.rs), so using it means writing those objects ourselves: a change
//! of every PDF's bytes, left for a round of its own (README, "Fonts").

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};

use super::content::{FaceCodes, GlyphCodes, IdCodes};
use super::file::digest;
use super::PdfError;
use crate::document::style::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::document::DocumentSpec;
use crate::render::layout::{Item, PageLayout};
use crate::render::text::{shape, EmbeddedFonts, Face, Fallback, Glyph, Source};

/// The document as printpdf made it, its one page the carrier, and the code
/// each character and glyph was given in the embedded subset fonts.
pub struct Carrier {
    pub pdf: lopdf::Document,
    pub codes: GlyphCodes,
}

/// Embeds, as subsets, the fonts `pages` draw with: the carrier document and
/// the codes its fonts give each character (DejaVu) and glyph (fallbacks).
pub fn embed_fonts(spec: &DocumentSpec, pages: &[PageLayout]) -> Result<Carrier, PdfError> {
    let ids = FontIds::for_spec(spec);
    let (used, fallbacks) = used_characters(pages)?;
    let pdf = font_carrier(spec, &ids, &used, &fallbacks)?;
    let codes = glyph_codes(&pdf, &ids, &used, &fallbacks)?;
    Ok(Carrier { pdf, codes })
}

/// The PDF's fonts: each face under a six-letter tag derived from the
/// fingerprint (the tag also prefixes the subset font's name, `ABCDEF+DejaVuSans`).
struct FontIds {
    regular: FontId,
    bold: FontId,
    fingerprint: String,
}

impl FontIds {
    fn for_spec(spec: &DocumentSpec) -> FontIds {
        FontIds {
            regular: FontId(subset_tag(&spec.fingerprint, "regular")),
            bold: FontId(subset_tag(&spec.fingerprint, "bold")),
            fingerprint: spec.fingerprint.clone(),
        }
    }

    fn fallback(&self, f: Fallback) -> FontId {
        FontId(subset_tag(&self.fingerprint, f.file_name()))
    }

    fn get(&self, face: Face) -> &FontId {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

/// Six upper-case letters, as the PDF standard asks of a subset tag.
fn subset_tag(fingerprint: &str, face: &str) -> String {
    digest(&["boardpack-font", face, fingerprint])
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The fallback glyphs a document uses: per face, glyph ID → its text.
pub type Used = BTreeMap<Fallback, BTreeMap<u16, String>>;

/// Every character each face shows, in order, and the fallback faces'
/// glyphs that lines not drawn letter by letter use (`collect_shaped`).
#[allow(clippy::type_complexity)]
fn used_characters(pages: &[PageLayout]) -> Result<([(Face, Vec<char>); 2], Used), PdfError> {
    let fonts = EmbeddedFonts::get()?;
    let mut regular = BTreeSet::new();
    let mut bold = BTreeSet::new();
    let mut fallbacks = Used::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                let set = match t.face {
                    Face::Regular => &mut regular,
                    Face::Bold => &mut bold,
                };
                if fonts.is_plain_text(t.face, &t.text) {
                    set.extend(t.text.chars());
                } else {
                    collect_shaped(fonts, t.face, &t.text, set, &mut fallbacks);
                }
            }
        }
    }
    let used = [
        (Face::Regular, regular.into_iter().collect()),
        (Face::Bold, bold.into_iter().collect()),
    ];
    Ok((used, fallbacks))
}

/// The document as printpdf makes it, with one page that shows every
/// character each face needs, once: printpdf subsets and embeds the fonts
/// from it (glyph widths, ToUnicode maps for copying text). The real pages'
/// content streams are then written here (`content`), side by side: printpdf
/// translates its operations one page after another, which at a thousand
/// pages was the slowest step of a report.
fn font_carrier(
    spec: &DocumentSpec,
    ids: &FontIds,
    used: &[(Face, Vec<char>)],
    fallbacks: &Used,
) -> Result<lopdf::Document, PdfError> {
    let fonts = EmbeddedFonts::get()?;
    let mut doc = PdfDocument::new(&spec.title);
    let mut ops = vec![Op::StartTextSection];
    for (face, chars) in used {
        let id = ids.get(*face);
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(fonts.face(*face).clone()));
        if chars.is_empty() {
            continue;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    show_fallbacks(&mut doc, &mut ops, fallbacks, |f| ids.fallback(f))?;
    ops.push(Op::EndTextSection);
    doc.pages = vec![PdfPage::new(
        printpdf::Mm(PAGE_WIDTH * 25.4 / 72.0),
        printpdf::Mm(PAGE_HEIGHT * 25.4 / 72.0),
        ops,
    )];
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(doc.to_lopdf_document(&options, &mut warnings))
}

fn carrier_broken(what: impl std::fmt::Display) -> PdfError {
    PdfError::Write(format!("the fonts' carrier page: {what}"))
}

/// The carrier document's one page and its content stream.
pub fn carrier_page(pdf: &lopdf::Document) -> Result<(lopdf::ObjectId, lopdf::ObjectId), PdfError> {
    let page = *pdf
        .get_pages()
        .get(&1)
        .ok_or_else(|| carrier_broken("no page"))?;
    let contents = pdf
        .get_dictionary(page)
        .and_then(|d| d.get(b"Contents"))
        .and_then(lopdf::Object::as_reference)
        .map_err(carrier_broken)?;
    Ok((page, contents))
}

/// Reads back, from the carrier page, the code printpdf gave each character
/// in each face's subset font: the page shows each face's characters in
/// order, as one `<hex> Tj` per face, four hex digits a character.
fn glyph_codes(
    pdf: &lopdf::Document,
    ids: &FontIds,
    used: &[(Face, Vec<char>)],
    fallbacks: &Used,
) -> Result<GlyphCodes, PdfError> {
    let (_, contents) = carrier_page(pdf)?;
    let stream = pdf
        .get_object(contents)
        .and_then(lopdf::Object::as_stream)
        .map_err(carrier_broken)?;
    let text = String::from_utf8_lossy(&stream.content);
    let mut shown = text.lines().filter(|line| line.ends_with(" Tj"));
    let mut codes = GlyphCodes {
        regular: FaceCodes::default(),
        bold: FaceCodes::default(),
        fallback: read_fallbacks(&text, fallbacks, |f| ids.fallback(f))?,
    };
    for (face, chars) in used {
        let face_codes = match face {
            Face::Regular => &mut codes.regular,
            Face::Bold => &mut codes.bold,
        };
        face_codes.resource = ids.get(*face).0.clone();
        if chars.is_empty() {
            continue;
        }
        let line = shown
            .next()
            .ok_or_else(|| carrier_broken("a face's text is missing"))?;
        let glyphs = shown_codes(line).ok_or_else(|| carrier_broken("unreadable glyph codes"))?;
        if glyphs.len() != chars.len() {
            return Err(carrier_broken("a glyph code per character was expected"));
        }
        face_codes.codes = chars.iter().copied().zip(glyphs).collect();
    }
    Ok(codes)
}

/// Adds what a line not drawn letter by letter uses: DejaVu's characters to
/// `primary` (the face's set), fallback glyphs to `used`.
fn collect_shaped(
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
fn show_fallbacks(
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
/// the order `show_fallbacks` gave them.
fn read_fallbacks(
    stream: &str,
    used: &Used,
    id: impl Fn(Fallback) -> FontId,
) -> Result<BTreeMap<Fallback, IdCodes>, PdfError> {
    let mut shown = stream.lines().filter(|line| line.ends_with("TJ"));
    let mut codes = BTreeMap::new();
    for (f, glyphs) in used {
        let line = shown
            .next()
            .ok_or_else(|| carrier_broken(format!("{}'s glyphs are missing", f.file_name())))?;
        let found = shown_codes(line).ok_or_else(|| carrier_broken("unreadable glyph codes"))?;
        if found.len() != glyphs.len() {
            return Err(carrier_broken(format!(
                "{} glyph codes for {} glyphs of {}",
                found.len(),
                glyphs.len(),
                f.file_name()
            )));
        }
        let face_codes = IdCodes {
            resource: id(*f).0,
            codes: glyphs.keys().copied().zip(found).collect(),
        };
        codes.insert(*f, face_codes);
    }
    Ok(codes)
}

/// `0001001F` → [1, 31].
fn hex_codes(hex: &str) -> Option<Vec<u16>> {
    if !hex.len().is_multiple_of(4) || !hex.is_ascii() {
        return None;
    }
    (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).ok())
        .collect()
}

/// The glyph codes a carrier line shows: `<00010002> Tj` or
/// `[<0001> <0002>] TJ` → [1, 2], four hex digits a code.
fn shown_codes(line: &str) -> Option<Vec<u16>> {
    let mut codes = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>')? + open;
        codes.extend(hex_codes(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    Some(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_tj_and_tj_arrays() {
        assert_eq!(shown_codes("[<0001> <001F>] TJ"), Some(vec![1, 31]));
        assert_eq!(shown_codes("[<0001><0002>]TJ"), Some(vec![1, 2]));
        assert_eq!(shown_codes("<0001001F> Tj"), Some(vec![1, 31]));
        assert_eq!(shown_codes("[<01>] TJ"), None, "not a two-byte code");
        assert_eq!(shown_codes("<00G1> Tj"), None, "not hex");
    }

    #[test]
    fn shaped_lines_give_their_fallback_glyphs_and_dejavu_characters() {
        let fonts = EmbeddedFonts::get().expect("fonts");
        let mut primary = BTreeSet::new();
        let mut used = Used::new();
        collect_shaped(
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

    #[test]
    fn subset_tags_are_six_capitals_and_differ_by_face() {
        let regular = subset_tag("abc", "regular");
        let bold = subset_tag("abc", "bold");
        assert_eq!(regular.len(), 6);
        assert!(regular.chars().all(|c| c.is_ascii_uppercase()));
        assert_ne!(regular, bold);
        assert_eq!(regular, subset_tag("abc", "regular"), "stable");
    }

    #[test]
    fn glyph_codes_are_read_four_hex_digits_at_a_time() {
        assert_eq!(hex_codes("0001001F"), Some(vec![1, 31]));
        assert_eq!(hex_codes(""), Some(vec![]));
        assert_eq!(hex_codes("001"), None, "not whole codes");
        assert_eq!(hex_codes("00G1"), None, "not hex");
    }
    use crate::document::{Block, Run};
    use crate::render::layout::layout;
    use std::collections::HashMap;

    use crate::document::test_spec as spec;

    /// Each font's ToUnicode map, by the name the carrier page's resources give it.
    fn to_unicode_maps(pdf: &lopdf::Document) -> HashMap<String, HashMap<u16, String>> {
        let (page, _) = carrier_page(pdf).expect("a carrier page");
        let resources = pdf.get_page_resources(page).expect("resources");
        let fonts = resources
            .0
            .and_then(|r| r.get(b"Font").ok())
            .or_else(|| {
                resources
                    .1
                    .first()
                    .and_then(|id| pdf.get_dictionary(*id).ok()?.get(b"Font").ok())
            })
            .expect("a font dictionary");
        let fonts = match fonts {
            lopdf::Object::Reference(id) => pdf.get_dictionary(*id).expect("fonts"),
            other => other.as_dict().expect("fonts"),
        };
        fonts
            .iter()
            .map(|(name, font)| {
                let font = pdf
                    .get_dictionary(font.as_reference().expect("a reference"))
                    .expect("a font");
                let cmap = font.get(b"ToUnicode").and_then(lopdf::Object::as_reference);
                let stream = pdf
                    .get_object(cmap.expect("ToUnicode"))
                    .and_then(lopdf::Object::as_stream);
                let stream = stream.expect("a stream");
                let text = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                (
                    String::from_utf8_lossy(name).into_owned(),
                    bf_chars(&String::from_utf8_lossy(&text)),
                )
            })
            .collect()
    }

    /// `<0003> <0041>` lines of a CMap: code → the text it stands for.
    fn bf_chars(cmap: &str) -> HashMap<u16, String> {
        cmap.lines()
            .filter_map(|line| {
                let codes = shown_codes(line)?;
                let (&code, units) = codes.split_first()?;
                let text = String::from_utf16(units).ok()?;
                (!text.is_empty()).then_some((code, text))
            })
            .collect()
    }

    #[test]
    fn every_code_read_back_stands_for_its_character_in_the_embedded_font() {
        let blocks = [
            Block::Title("Sub-group £ “report”".into()),
            Block::Paragraph(vec![Run::plain("Łódź & Iași, "), Run::bold("bold text")]),
            Block::paragraph("Bath مركز 巴斯 বাংলা"),
        ];
        let pages = layout(&spec(), &blocks).expect("layout");
        let Carrier { pdf, codes } = embed_fonts(&spec(), &pages).expect("embedded");
        let maps = to_unicode_maps(&pdf);
        for face_codes in [&codes.regular, &codes.bold] {
            let map = &maps[&face_codes.resource];
            for (c, code) in &face_codes.codes {
                assert_eq!(map.get(code), Some(&c.to_string()), "{c:?} → {code}");
            }
        }
        assert!(codes.regular.codes.contains_key(&'Ł') && codes.regular.codes.contains_key(&'ș'));
        assert!(codes.bold.codes.contains_key(&'x') && codes.bold.codes.contains_key(&'“'));
        let (_, used) = used_characters(&pages).expect("used");
        assert_eq!(
            used.keys().copied().collect::<Vec<_>>(),
            [
                Fallback::ArabicRegular,
                Fallback::BengaliRegular,
                Fallback::Cjk
            ]
        );
        for (f, glyphs) in &used {
            let id_codes = &codes.fallback[f];
            let map = &maps[&id_codes.resource];
            for (gid, text) in glyphs {
                let code = id_codes.codes[gid];
                assert_eq!(map.get(&code), Some(text), "{f:?} glyph {gid}");
            }
        }
    }
}
