//! PDF emission: the document's skeleton with the fonts embedded as subsets
//! (`skeleton`), the laid-out pages' content streams written with their
//! codes (`content`), and the document finished on lopdf's
//! objects — the outline (bookmarks), the document information and XMP
//! metadata, and a document ID taken from the input's fingerprint — beside
//! the structure tree (`tags`), which comes already written as bytes; `file`
//! writes the file. No clock and no random number reaches the bytes, so the
//! same input always gives the same file. Nothing here decides where
//! anything goes on the page.

use rayon::prelude::*;

use super::content;
use super::file::{digest, text_string};
use super::skeleton::{skeleton, Skeleton};
use super::tags::{self, PageMarks, Structure};
use super::{outline, PdfError};
use crate::document::{Block, DocumentSpec};
use crate::render::layout::PageLayout;

/// The PDF of `blocks` laid out as `pages`.
pub fn emit(
    spec: &DocumentSpec,
    blocks: &[Block],
    pages: &[PageLayout],
) -> Result<Vec<u8>, PdfError> {
    let Skeleton {
        mut pdf,
        page,
        codes,
    } = skeleton(spec, pages)?;
    let (streams, marks): (Vec<Vec<u8>>, Vec<PageMarks>) = pages
        .par_iter()
        .map(|page| content::page_stream(page, &codes))
        .unzip();
    let page_ids = install_pages(&mut pdf, page, streams)?;
    let Structure { root, objects } = tags::build(&mut pdf, blocks, pages, &marks, &page_ids)?;
    finish(&mut pdf, spec, pages, root)?;
    compress_streams(&mut pdf);
    Ok(super::file::write(&pdf, objects, COMPRESSION_LEVEL))
}

/// Puts the real pages in the page tree: the first is the skeleton's page
/// `template`, the others copies of its dictionary (size, resources,
/// parent), each with its own content stream, in order, the key of its
/// marked content in the parent tree, and tabbing in structure order.
/// Returns the pages in order.
fn install_pages(
    pdf: &mut lopdf::Document,
    first: lopdf::ObjectId,
    streams: Vec<Vec<u8>>,
) -> Result<Vec<lopdf::ObjectId>, PdfError> {
    use lopdf::Object;
    let broken = |e: lopdf::Error| PdfError::Write(format!("the pages: {e}"));
    let template = pdf.get_dictionary(first).map_err(broken)?.clone();
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
            pdf.objects.insert(first, Object::Dictionary(page));
            first
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

/// Sets the document ID and the information dictionary; and adds the outline, viewer preferences, the
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

/// What made the file: boardpack alone (it names no library since printpdf
/// was left out).
fn producer() -> String {
    format!("boardpack {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_text_strings_are_utf16_with_a_mark() {
        let lopdf::Object::String(bytes, _) = text_string("£5") else {
            panic!("a string");
        };
        assert_eq!(bytes, [0xfe, 0xff, 0x00, 0xa3, 0x00, 0x35]);
    }
}
