//! The document before its pages: the catalogue, the page tree, one page
//! dictionary that every page copies (size, shared resources), and the fonts
//! the pages draw with, embedded as subsets (`fonts`), with the code each
//! character (DejaVu) and glyph (fallback faces) is given. Objects are
//! numbered and ordered as printpdf 0.12.8 made them, so the files stay
//! byte-identical to those it wrote. [`skeleton`] is the one way in. Nothing
//! here draws a page (`content` does, with these codes, and `emit` installs
//! the pages and finishes the document).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId};

use super::content::{FaceCodes, GlyphCodes, IdCodes};
use super::file::digest;
use super::{fonts, PdfError};
use crate::document::style::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::document::DocumentSpec;
use crate::render::layout::{Item, PageLayout};
use crate::render::text::{shape, EmbeddedFonts, Face, Fallback, Glyph, Source};

/// The document without its pages' contents, the page dictionary they copy,
/// and the code each character and glyph has in the embedded subset fonts.
pub struct Skeleton {
    pub pdf: lopdf::Document,
    pub page: ObjectId,
    pub codes: GlyphCodes,
}

/// The document the pages will go in, with the fonts `pages` draw with.
pub fn skeleton(spec: &DocumentSpec, pages: &[PageLayout]) -> Result<Skeleton, PdfError> {
    let (chars, used) = used_glyphs(pages)?;
    let mut pdf = lopdf::Document::with_version("1.3");
    let page_tree = pdf.new_object_id();
    let (fonts, codes) = embed_fonts(&mut pdf, spec, &chars, &used)?;
    let fonts = pdf.add_object(fonts);
    // printpdf's empty XObject, ExtGState and Shading dictionaries keep their numbers.
    let shared =
        ["XObject", "ExtGState", "Shading"].map(|key| (key, pdf.add_object(Dictionary::new())));
    let page = pdf.new_object_id();
    let resources = pdf.add_object(Dictionary::from_iter(
        std::iter::once(("Font", Object::Reference(fonts)))
            .chain(shared.map(|(key, id)| (key, Object::Reference(id)))),
    ));
    // The number printpdf gave the one page's contents, left free.
    let contents = pdf.new_object_id();
    pdf.objects.insert(
        page,
        Object::Dictionary(page_dictionary(page_tree, resources, contents)),
    );
    pdf.objects.insert(
        page_tree,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(1)),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
        ])),
    );
    let catalog = pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("PageLayout", Object::Name(b"OneColumn".to_vec())),
        ("PageMode", Object::Name(b"UseNone".to_vec())),
        ("Pages", Object::Reference(page_tree)),
    ]));
    // The document information, written by `emit`.
    let info = pdf.new_object_id();
    pdf.trailer.set("Root", Object::Reference(catalog));
    pdf.trailer.set("Info", Object::Reference(info));
    Ok(Skeleton { pdf, page, codes })
}

/// An A4 page: its boxes as printpdf gave them (from millimetres, hence
/// the arithmetic), its parent, resources and contents.
fn page_dictionary(parent: ObjectId, resources: ObjectId, contents: ObjectId) -> Dictionary {
    let pt = |size: f32| Object::Real(size * 25.4 / 72.0 * 2.834_646);
    let rect = || {
        Object::Array(vec![
            Object::Real(0.0),
            Object::Real(0.0),
            pt(PAGE_WIDTH),
            pt(PAGE_HEIGHT),
        ])
    };
    Dictionary::from_iter([
        ("Type", Object::Name(b"Page".to_vec())),
        ("MediaBox", rect()),
        ("TrimBox", rect()),
        ("CropBox", rect()),
        ("Parent", Object::Reference(parent)),
        ("Resources", Object::Reference(resources)),
        ("Contents", Object::Reference(contents)),
        ("Annots", Object::Array(Vec::new())),
    ])
}

/// A face to embed: the glyphs it draws (original ID → the text it stands for).
struct ToEmbed {
    file: &'static str,
    bytes: &'static [u8],
    glyphs: BTreeMap<u16, String>,
}

/// Embeds each face with glyphs to draw, in the order of their subset tags
/// (as printpdf did), and returns the font resources and the codes.
fn embed_fonts(
    pdf: &mut lopdf::Document,
    spec: &DocumentSpec,
    chars: &[(Face, BTreeSet<char>); 2],
    used: &Used,
) -> Result<(Dictionary, GlyphCodes), PdfError> {
    let fonts = EmbeddedFonts::get()?;
    let mut faces = BTreeMap::new();
    for (face, chars) in chars {
        let (file, bytes) = EmbeddedFonts::file(*face);
        let mut glyphs = BTreeMap::new();
        for c in chars {
            // Two characters drawn by one glyph: the last stands for it.
            if let Some(gid) = fonts.glyph_id(*face, *c) {
                glyphs.insert(gid, c.to_string());
            }
        }
        let tag = subset_tag(&spec.fingerprint, face_name(*face));
        faces.insert(
            tag,
            ToEmbed {
                file,
                bytes,
                glyphs,
            },
        );
    }
    for (f, glyphs) in used {
        let tag = subset_tag(&spec.fingerprint, f.file_name());
        let glyphs = glyphs.clone();
        faces.insert(
            tag,
            ToEmbed {
                file: f.file_name(),
                bytes: f.bytes(),
                glyphs,
            },
        );
    }
    let mut resources = Dictionary::new();
    let mut codes_of = BTreeMap::new();
    for (tag, face) in faces.iter().filter(|(_, face)| !face.glyphs.is_empty()) {
        let embedded = fonts::embed(pdf, tag, face.file, face.bytes, &face.glyphs)?;
        resources.set(tag.as_str(), Object::Reference(embedded.font));
        codes_of.insert(tag.clone(), embedded.codes);
    }
    let face_codes = |face: Face| {
        let resource = subset_tag(&spec.fingerprint, face_name(face));
        let gids = codes_of.get(&resource);
        let shown = chars.iter().filter(|(f, _)| *f == face);
        let codes = shown.flat_map(|(_, chars)| chars).map(|c| {
            let gid = fonts.glyph_id(face, *c);
            let code = gid.and_then(|gid| gids?.get(&gid).copied());
            // A character the face lacks is drawn as .notdef.
            (*c, code.unwrap_or(0))
        });
        FaceCodes {
            codes: codes.collect(),
            resource,
        }
    };
    let fallback = used
        .keys()
        .map(|f| {
            let resource = subset_tag(&spec.fingerprint, f.file_name());
            let codes = codes_of.get(&resource).cloned().unwrap_or_default();
            (*f, IdCodes { resource, codes })
        })
        .collect();
    let codes = GlyphCodes {
        regular: face_codes(Face::Regular),
        bold: face_codes(Face::Bold),
        fallback,
    };
    Ok((resources, codes))
}

/// What a DejaVu face's subset tag is derived from.
fn face_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "regular",
        Face::Bold => "bold",
    }
}

/// Six upper-case letters, as the PDF standard asks of a subset tag, derived
/// from the fingerprint (the tag also prefixes the font's name, `ABCDEF+DejaVuSans`,
/// and names it among the page's resources).
fn subset_tag(fingerprint: &str, face: &str) -> String {
    digest(&["boardpack-font", face, fingerprint])
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The fallback glyphs a document uses: per face, glyph ID → its text.
pub type Used = BTreeMap<Fallback, BTreeMap<u16, String>>;

/// Every character each DejaVu face shows, and the fallback faces' glyphs
/// that lines not drawn letter by letter use.
#[allow(clippy::type_complexity)]
fn used_glyphs(pages: &[PageLayout]) -> Result<([(Face, BTreeSet<char>); 2], Used), PdfError> {
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
    Ok(([(Face::Regular, regular), (Face::Bold, bold)], fallbacks))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Run};
    use crate::render::layout::layout;
    use std::collections::HashMap;

    use crate::document::test_spec as spec;

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

    /// Each font's ToUnicode map, by the name the page's resources give it.
    fn to_unicode_maps(skeleton: &Skeleton) -> HashMap<String, HashMap<u16, String>> {
        let pdf = &skeleton.pdf;
        let page = pdf.get_dictionary(skeleton.page).expect("the page");
        let resources = page.get(b"Resources").and_then(Object::as_reference);
        let resources = pdf
            .get_dictionary(resources.expect("resources"))
            .expect("resources");
        let fonts = resources.get(b"Font").and_then(Object::as_reference);
        let fonts = pdf.get_dictionary(fonts.expect("fonts")).expect("fonts");
        fonts
            .iter()
            .map(|(name, font)| {
                let font = pdf
                    .get_dictionary(font.as_reference().expect("a reference"))
                    .expect("a font");
                let cmap = font.get(b"ToUnicode").and_then(Object::as_reference);
                let stream = pdf
                    .get_object(cmap.expect("ToUnicode"))
                    .and_then(Object::as_stream)
                    .expect("a stream");
                (
                    String::from_utf8_lossy(name).into_owned(),
                    bf_chars(&String::from_utf8_lossy(&stream.content)),
                )
            })
            .collect()
    }

    /// `<0003> <0041>` lines of a CMap: code → the text it stands for.
    fn bf_chars(cmap: &str) -> HashMap<u16, String> {
        let hex = |s: &str| u16::from_str_radix(s, 16).ok();
        cmap.lines()
            .filter_map(|line| {
                let (code, text) = line.strip_prefix('<')?.split_once("> <")?;
                let text = text.strip_suffix('>')?;
                let units = (0..text.len())
                    .step_by(4)
                    .map(|i| hex(text.get(i..i + 4)?))
                    .collect::<Option<Vec<u16>>>()?;
                Some((hex(code)?, String::from_utf16(&units).ok()?))
            })
            .collect()
    }

    #[test]
    fn every_code_stands_for_its_character_in_the_embedded_font() {
        let blocks = [
            Block::Title("Sub-group £ “report”".into()),
            Block::Paragraph(vec![Run::plain("Łódź & Iași, "), Run::bold("bold text")]),
            Block::paragraph("Bath مركز 巴斯 বাংলা"),
        ];
        let pages = layout(&spec(), &blocks).expect("layout");
        let skeleton = skeleton(&spec(), &pages).expect("embedded");
        let maps = to_unicode_maps(&skeleton);
        let codes = &skeleton.codes;
        for face_codes in [&codes.regular, &codes.bold] {
            let map = &maps[&face_codes.resource];
            for (c, code) in &face_codes.codes {
                assert_eq!(map.get(code), Some(&c.to_string()), "{c:?} → {code}");
            }
        }
        assert!(codes.regular.codes.contains_key(&'Ł') && codes.regular.codes.contains_key(&'ș'));
        assert!(codes.bold.codes.contains_key(&'x') && codes.bold.codes.contains_key(&'“'));
        let (_, used) = used_glyphs(&pages).expect("used");
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
