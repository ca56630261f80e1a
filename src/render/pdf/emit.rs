//! PDF emission: turns laid-out pages into printpdf's low-level page
//! operations, embeds subset fonts, and finishes the file with lopdf — the
//! outline (bookmarks), the document information and a document ID taken
//! from the input's fingerprint. No clock and no random number reaches the
//! bytes, so the same input always gives the same file. Nothing here decides
//! where anything goes on the page.

use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem,
    TextMatrix, WindingOrder,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::fonts::{EmbeddedFonts, Face};
use super::layout::{Item, PageLayout};
use super::model::Rgb;
use super::style::{PAGE_HEIGHT, PAGE_WIDTH};
use super::{DocumentSpec, PdfError};

/// The PDF's fonts: each face under a six-letter tag derived from the
/// fingerprint (the tag also prefixes the subset font's name, `ABCDEF+DejaVuSans`).
struct FontIds {
    regular: FontId,
    bold: FontId,
}

impl FontIds {
    fn for_spec(spec: &DocumentSpec) -> FontIds {
        FontIds {
            regular: FontId(subset_tag(&spec.fingerprint, "regular")),
            bold: FontId(subset_tag(&spec.fingerprint, "bold")),
        }
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

pub fn emit(spec: &DocumentSpec, pages: &[PageLayout]) -> Result<Vec<u8>, PdfError> {
    let fonts = EmbeddedFonts::get()?;
    let ids = FontIds::for_spec(spec);
    let mut doc = PdfDocument::new(&spec.title);
    for (face, id) in [(Face::Regular, &ids.regular), (Face::Bold, &ids.bold)] {
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(fonts.face(face).clone()));
    }
    doc.pages = pages.par_iter().map(|page| pdf_page(page, &ids)).collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    finish(&mut pdf, spec, pages)?;
    compress_streams(&mut pdf);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// zlib's level for the PDF's streams. The best (9) searches far longer for
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
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 4),
        flate2::Compression::new(COMPRESSION_LEVEL),
    );
    let compressed = encoder
        .write_all(&stream.content)
        .and_then(|()| encoder.finish());
    // As lopdf does: keep the plain stream when compression does not pay for
    // the filter entry it needs.
    if let Ok(compressed) = compressed {
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

fn colour(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(rgb.r) / 255.0,
        g: f32::from(rgb.g) / 255.0,
        b: f32::from(rgb.b) / 255.0,
        icc_profile: None,
    })
}

/// A layout point (from the top) as a PDF point (from the bottom).
fn point(x: f32, y: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_HEIGHT - y),
    }
}

fn pdf_page(page: &PageLayout, ids: &FontIds) -> PdfPage {
    let mut ops = Vec::new();
    let mut state = ShapeState::default();
    // Shapes first, text last: text is never hidden under a fill.
    for item in &page.items {
        match item {
            Item::Rect(r) => {
                state.fill(&mut ops, r.fill);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r.x),
                        y: Pt(PAGE_HEIGHT - r.top - r.height),
                        width: Pt(r.width),
                        height: Pt(r.height),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
            Item::Line(l) => {
                state.stroke(&mut ops, l.colour, l.width, l.dashed);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: l
                            .points
                            .iter()
                            .map(|&(x, y)| LinePoint {
                                p: point(x, y),
                                bezier: false,
                            })
                            .collect(),
                        is_closed: false,
                    },
                });
            }
            Item::Dot(d) => {
                state.fill(&mut ops, d.fill);
                ops.push(Op::DrawPolygon {
                    polygon: circle(d.x, d.y, d.radius),
                });
            }
            Item::Text(_) => {}
        }
    }
    push_text_ops(&mut ops, page, ids);
    PdfPage::new(
        printpdf::Mm(PAGE_WIDTH * 25.4 / 72.0),
        printpdf::Mm(PAGE_HEIGHT * 25.4 / 72.0),
        ops,
    )
}

/// The fill and stroke settings in force while a page's shapes are drawn, so
/// that each is set only when it changes (a long table's rules all share one).
#[derive(Default)]
struct ShapeState {
    fill: Option<Rgb>,
    /// Colour, width (as bits, to compare exactly) and whether dashed.
    stroke: Option<(Rgb, u32, bool)>,
}

impl ShapeState {
    fn fill(&mut self, ops: &mut Vec<Op>, fill: Rgb) {
        if self.fill != Some(fill) {
            ops.push(Op::SetFillColor { col: colour(fill) });
            self.fill = Some(fill);
        }
    }

    fn stroke(&mut self, ops: &mut Vec<Op>, rgb: Rgb, width: f32, dashed: bool) {
        let wanted = (rgb, width.to_bits(), dashed);
        if self.stroke == Some(wanted) {
            return;
        }
        ops.push(Op::SetOutlineColor { col: colour(rgb) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let dash = if dashed {
            LineDashPattern::new(0.0, &[4.0, 3.0])
        } else {
            LineDashPattern::new(0.0, &[])
        };
        ops.push(Op::SetLineDashPattern { dash });
        self.stroke = Some(wanted);
    }
}

fn push_text_ops(ops: &mut Vec<Op>, page: &PageLayout, ids: &FontIds) {
    let mut current_font: Option<(Face, u32)> = None;
    let mut current_colour: Option<Rgb> = None;
    ops.push(Op::StartTextSection);
    for item in &page.items {
        let Item::Text(t) = item else { continue };
        if t.text.is_empty() {
            continue;
        }
        let font_key = (t.face, t.size.to_bits());
        if current_font != Some(font_key) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(ids.get(t.face).clone()),
                size: Pt(t.size),
            });
            current_font = Some(font_key);
        }
        if current_colour != Some(t.colour) {
            ops.push(Op::SetFillColor {
                col: colour(t.colour),
            });
            current_colour = Some(t.colour);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(t.x), Pt(PAGE_HEIGHT - t.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(t.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
}

/// A circle as four Bézier arcs.
fn circle(cx: f32, cy: f32, r: f32) -> Polygon {
    // The control-point distance that makes a quarter arc from a cubic Bézier.
    let k = 0.552_284_8 * r;
    let on = |x: f32, y: f32| LinePoint {
        p: point(x, y),
        bezier: false,
    };
    let ctrl = |x: f32, y: f32| LinePoint {
        p: point(x, y),
        bezier: true,
    };
    let points = vec![
        on(cx + r, cy),
        ctrl(cx + r, cy + k),
        ctrl(cx + k, cy + r),
        on(cx, cy + r),
        ctrl(cx - k, cy + r),
        ctrl(cx - r, cy + k),
        on(cx - r, cy),
        ctrl(cx - r, cy - k),
        ctrl(cx - k, cy - r),
        on(cx, cy - r),
        ctrl(cx + k, cy - r),
        ctrl(cx + r, cy - k),
        on(cx + r, cy),
    ];
    Polygon {
        rings: vec![PolygonRing { points }],
        mode: PaintMode::Fill,
        winding_order: WindingOrder::NonZero,
    }
}

/// Replaces what printpdf leaves random or generic: the document ID, the
/// information dictionary; and adds the outline and viewer preferences.
fn finish(
    pdf: &mut lopdf::Document,
    spec: &DocumentSpec,
    pages: &[PageLayout],
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

    let outline = super::outline::build(pdf, pages);
    let catalog = pdf
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("catalogue: {e}")))?;
    catalog.set("Lang", text_string("en-GB"));
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
    let producer = format!("boardpack {} (printpdf 0.12.8)", env!("CARGO_PKG_VERSION"));
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(&spec.title));
    info.set("Subject", text_string(&spec.subject));
    info.set("Creator", text_string("boardpack"));
    info.set("Producer", text_string(&producer));
    info.set("CreationDate", lopdf::Object::string_literal(date.clone()));
    info.set("ModDate", lopdf::Object::string_literal(date));
    info
}

/// A PDF text string: plain when ASCII, else UTF-16BE with its byte-order mark.
pub(crate) fn text_string(text: &str) -> lopdf::Object {
    if text.is_ascii() {
        return lopdf::Object::string_literal(text);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
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
    fn non_ascii_text_strings_are_utf16_with_a_mark() {
        let lopdf::Object::String(bytes, _) = text_string("£5") else {
            panic!("a string");
        };
        assert_eq!(bytes, [0xfe, 0xff, 0x00, 0xa3, 0x00, 0x35]);
    }
}
