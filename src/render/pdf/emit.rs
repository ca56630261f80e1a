//! PDF emission: printpdf subsets and embeds the fonts (from one carrier page
//! showing every character used), the laid-out pages' content streams are
//! written beside it (`content`), and the document is finished on lopdf's
//! objects — the outline (bookmarks), the document information and XMP
//! metadata, and a document ID taken from the input's fingerprint — beside
//! the structure tree (`tags`), which comes already written as bytes; `file`
//! writes the file. No clock and no random number reaches the bytes, so the
//! same input always gives the same file. Nothing here decides where
//! anything goes on the page.

use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

use super::content::{self, FaceCodes, GlyphCodes};
use super::fallback_carrier::{self, Used};
use super::file::text_string;
use super::tags::{self, PageMarks, Structure};
use super::{outline, PdfError};
use crate::document::style::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::document::{Block, DocumentSpec};
use crate::render::layout::{Item, PageLayout};
use crate::render::text::{EmbeddedFonts, Face, Fallback};

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

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher.finalize().into()
}

/// Six upper-case letters, as the PDF standard asks of a subset tag.
fn subset_tag(fingerprint: &str, face: &str) -> String {
    digest(&["boardpack-font", face, fingerprint])
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The PDF of `blocks` laid out as `pages`.
pub fn emit(
    spec: &DocumentSpec,
    blocks: &[Block],
    pages: &[PageLayout],
) -> Result<Vec<u8>, PdfError> {
    let ids = FontIds::for_spec(spec);
    let (used, fallbacks) = used_characters(pages)?;
    let mut pdf = font_carrier(spec, &ids, &used, &fallbacks)?;
    let codes = glyph_codes(&pdf, &ids, &used, &fallbacks)?;
    let (streams, marks): (Vec<Vec<u8>>, Vec<PageMarks>) = pages
        .par_iter()
        .map(|page| content::page_stream(page, &codes))
        .unzip();
    let page_ids = install_pages(&mut pdf, streams)?;
    let Structure { root, objects } = tags::build(&mut pdf, blocks, pages, &marks, &page_ids)?;
    finish(&mut pdf, spec, pages, root)?;
    compress_streams(&mut pdf);
    Ok(super::file::write(&pdf, objects, COMPRESSION_LEVEL))
}

/// Every character each face shows, in order, and the fallback faces'
/// glyphs that lines not drawn letter by letter use (`fallback_carrier`).
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
                    fallback_carrier::collect(fonts, t.face, &t.text, set, &mut fallbacks);
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
    fallback_carrier::show(&mut doc, &mut ops, fallbacks, |f| ids.fallback(f))?;
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
fn carrier_page(pdf: &lopdf::Document) -> Result<(lopdf::ObjectId, lopdf::ObjectId), PdfError> {
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
    let mut shown = text.lines().filter_map(|line| {
        line.strip_suffix(" Tj")?
            .strip_prefix('<')?
            .strip_suffix('>')
    });
    let mut codes = GlyphCodes {
        regular: FaceCodes::default(),
        bold: FaceCodes::default(),
        fallback: fallback_carrier::read(&text, fallbacks, |f| ids.fallback(f))
            .map_err(carrier_broken)?,
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
        let hex = shown
            .next()
            .ok_or_else(|| carrier_broken("a face's text is missing"))?;
        let glyphs = hex_codes(hex).ok_or_else(|| carrier_broken("unreadable glyph codes"))?;
        if glyphs.len() != chars.len() {
            return Err(carrier_broken("a glyph code per character was expected"));
        }
        face_codes.codes = chars.iter().copied().zip(glyphs).collect();
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

/// Replaces the carrier page by the real pages: the first takes its place,
/// the others are copies of its dictionary (size, resources, parent) with
/// their own content streams, in order, each the key of its marked content
/// in the parent tree, and tabbing in structure order. The carrier's own
/// stream is dropped. Returns the pages in order.
fn install_pages(
    pdf: &mut lopdf::Document,
    streams: Vec<Vec<u8>>,
) -> Result<Vec<lopdf::ObjectId>, PdfError> {
    use lopdf::Object;
    let broken = |e: lopdf::Error| PdfError::Write(format!("the pages: {e}"));
    let (carrier, carrier_stream) = carrier_page(pdf)?;
    pdf.objects.remove(&carrier_stream);
    let template = pdf.get_dictionary(carrier).map_err(broken)?.clone();
    let parent = template
        .get(b"Parent")
        .and_then(Object::as_reference)
        .map_err(broken)?;
    let mut kids = Vec::with_capacity(streams.len());
    for (i, stream) in streams.into_iter().enumerate() {
        let contents = pdf.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), stream));
        let mut page = template.clone();
        page.set("Contents", Object::Reference(contents));
        page.set("StructParents", Object::Integer(i as i64));
        page.set("Tabs", Object::Name(b"S".to_vec()));
        let id = if i == 0 {
            pdf.objects.insert(carrier, Object::Dictionary(page));
            carrier
        } else {
            pdf.add_object(page)
        };
        kids.push(id);
    }
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    let pages = pdf.get_dictionary_mut(parent).map_err(broken)?;
    pages.set(
        "Kids",
        Object::Array(kids.iter().copied().map(Object::Reference).collect()),
    );
    pages.set("Count", Object::Integer(count));
    Ok(kids)
}

/// zlib's level for the PDF's streams, object streams and cross-reference
/// stream included. The best (9) searches far longer for
/// a few per cent less: at 1,000 pages it was a third of the report's time.
const COMPRESSION_LEVEL: u32 = 6;

/// Compresses every stream that allows it and is not compressed yet, as
/// lopdf's `compress` does, but in parallel: each stream is compressed on its
/// own, so the bytes do not depend on which thread did it.
fn compress_streams(pdf: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|s| compress_stream(s));
}

fn compress_stream(stream: &mut lopdf::Stream) {
    let compressed = super::file::compress(&stream.content, COMPRESSION_LEVEL);
    // As lopdf does: keep the plain stream when compression does not pay for
    // the filter entry it needs.
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// Replaces what printpdf leaves random or generic: the document ID, the
/// information dictionary; and adds the outline, viewer preferences, the
/// structure tree and the marks of a tagged PDF/UA-1 document.
fn finish(
    pdf: &mut lopdf::Document,
    spec: &DocumentSpec,
    pages: &[PageLayout],
    structure: lopdf::ObjectId,
) -> Result<(), PdfError> {
    use lopdf::Object;

    pdf.version = "1.7".to_string();
    let id = digest(&["boardpack-document", &spec.fingerprint, &spec.title]);
    let id_string = Object::String(id[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    pdf.trailer
        .set("ID", Object::Array(vec![id_string.clone(), id_string]));

    let info_id = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Write(format!("document information: {e}")))?;
    pdf.objects.insert(info_id, Object::Dictionary(info(spec)));

    let outline = outline::build(pdf, pages);
    let mut metadata = lopdf::Stream::new(
        lopdf::Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        tags::xmp(spec, &producer()),
    );
    // Left plain, so tools that look for the packet without a PDF parser find it.
    metadata.allows_compression = false;
    let metadata = pdf.add_object(metadata);
    let catalog = pdf
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("catalogue: {e}")))?;
    catalog.set("Lang", text_string("en-GB"));
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set("StructTreeRoot", Object::Reference(structure));
    catalog.set(
        "MarkInfo",
        lopdf::Dictionary::from_iter([("Marked", Object::Boolean(true))]),
    );
    let mut preferences = lopdf::Dictionary::new();
    preferences.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", preferences);
    match outline {
        Some(outlines_id) => {
            catalog.set("Outlines", Object::Reference(outlines_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    Ok(())
}

fn info(spec: &DocumentSpec) -> lopdf::Dictionary {
    let date = format!("D:{}000000Z", spec.date.format("%Y%m%d"));
    let producer = producer();
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(&spec.title));
    info.set("Subject", text_string(&spec.subject));
    info.set("Creator", text_string("boardpack"));
    info.set("Producer", text_string(&producer));
    info.set("CreationDate", lopdf::Object::string_literal(date.clone()));
    info.set("ModDate", lopdf::Object::string_literal(date));
    info
}

fn producer() -> String {
    format!("boardpack {} (printpdf 0.12.8)", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn non_ascii_text_strings_are_utf16_with_a_mark() {
        let lopdf::Object::String(bytes, _) = text_string("£5") else {
            panic!("a string");
        };
        assert_eq!(bytes, [0xfe, 0xff, 0x00, 0xa3, 0x00, 0x35]);
    }
}
