//! One face's subset font as PDF objects: the face cut down to the glyphs a
//! document uses (allsorts' subsetter), written as a Type0 font with its
//! CIDFontType2, descriptor, font program (`FontFile2`), widths (`/W`) and
//! ToUnicode map, and the code the content streams give each glyph. The
//! objects, their order, keys and numbers are those printpdf 0.12.8 wrote
//! (serialize.rs, `add_subset_font_to_pdf`), so reports stay byte-identical
//! to those it made. Nothing here chooses glyphs or draws text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::os2::Os2;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, MaxpTable, NameTable};
use allsorts::tag;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::PdfError;
use crate::render::text::FontError;

/// A face embedded as a subset: its Type0 font object and the code of each
/// glyph it was given (original glyph ID → code).
pub struct Embedded {
    pub font: ObjectId,
    pub codes: BTreeMap<u16, u16>,
}

/// Embeds the glyphs `used` (original glyph ID → the text it stands for) of
/// the font file `bytes` (`file` names it in errors) under the six-letter
/// subset `tag`. A glyph's code is its place in the subset: .notdef first,
/// then the used glyphs in ascending order.
pub fn embed(
    pdf: &mut lopdf::Document,
    tag: &str,
    file: &'static str,
    bytes: &[u8],
    used: &BTreeMap<u16, String>,
) -> Result<Embedded, PdfError> {
    let broken = || PdfError::Font(FontError { name: file });
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|_| broken())?;
    let original = data.table_provider(0).map_err(|_| broken())?;
    // allsorts needs .notdef first and no glyph twice.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.keys().copied().filter(|gid| *gid != 0))
        .collect();
    let program =
        subset(&original, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|_| broken())?;
    // Code, and the text it stands for, in ascending code order.
    let coded: Vec<(u16, &str)> = ids
        .iter()
        .enumerate()
        .filter_map(|(code, gid)| Some((code as u16, used.get(gid)?.as_str())))
        .collect();
    let codes = ids
        .iter()
        .enumerate()
        .filter(|(_, gid)| used.contains_key(gid))
        .map(|(code, gid)| (*gid, code as u16))
        .collect();
    let face = Metrics::read(&original, &program).ok_or(FontError { name: file })?;
    let font = write_objects(pdf, tag, &face, program, &coded);
    Ok(Embedded { font, codes })
}

/// What the font objects say of a face: from the original font, its name,
/// units per em, bounding box, slant and weight; from the subset, its
/// ascent, descent and each code's advance (in the subset's units).
struct Metrics {
    name: Option<String>,
    units_per_em: u16,
    bbox: [i16; 4],
    caret: (i16, i16),
    weight: u16,
    ascent: i16,
    descent: i16,
    widths: Vec<i64>,
}

impl Metrics {
    fn read(original: &impl FontTableProvider, program: &[u8]) -> Option<Metrics> {
        let head = read_table::<HeadTable>(original, tag::HEAD)?;
        let hhea = read_table::<HheaTable>(original, tag::HHEA)?;
        let weight = table(original, tag::OS_2).and_then(|data| {
            let os2 = ReadScope::new(&data).read_dep::<Os2>(data.len()).ok()?;
            Some(os2.us_weight_class)
        });
        let name = table(original, tag::NAME).and_then(|data| {
            let names = ReadScope::new(&data).read::<NameTable<'_>>().ok()?;
            names.string_for_id(NameTable::POSTSCRIPT_NAME)
        });
        let subset = ReadScope::new(program).read::<FontData<'_>>().ok()?;
        let subset = subset.table_provider(0).ok()?;
        let sub_head = read_table::<HeadTable>(&subset, tag::HEAD)?;
        let sub_hhea = read_table::<HheaTable>(&subset, tag::HHEA)?;
        let maxp = read_table::<MaxpTable>(&subset, tag::MAXP)?;
        let hmtx = table(&subset, tag::HMTX)?;
        // As printpdf scaled /W: the factor first, then truncated.
        let scale = 1000.0 / f32::from(sub_head.units_per_em);
        let widths = (0..maxp.num_glyphs)
            .map(|gid| {
                let advance = allsorts::glyph_info::advance(&maxp, &sub_hhea, &hmtx, gid);
                (f32::from(advance.unwrap_or_default()) * scale) as i64
            })
            .collect();
        Some(Metrics {
            name,
            units_per_em: head.units_per_em,
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            caret: (hhea.caret_slope_rise, hhea.caret_slope_run),
            weight: weight.unwrap_or(0),
            ascent: sub_hhea.ascender,
            descent: sub_hhea.descender,
            widths,
        })
    }
}

fn table<'a>(provider: &'a impl FontTableProvider, tag: u32) -> Option<Cow<'a, [u8]>> {
    provider.table_data(tag).ok().flatten()
}

fn read_table<T>(provider: &impl FontTableProvider, tag: u32) -> Option<T>
where
    T: for<'a> allsorts::binary::read::ReadBinaryDep<Args<'a> = (), HostType<'a> = T>,
{
    let data = table(provider, tag)?;
    ReadScope::new(&data).read::<T>().ok()
}

/// The font program, ToUnicode map and descriptor, then the Type0 font, in
/// the order printpdf added them; returns the Type0 font's number.
fn write_objects(
    pdf: &mut lopdf::Document,
    tag: &str,
    face: &Metrics,
    program: Vec<u8>,
    coded: &[(u16, &str)],
) -> ObjectId {
    let name = format!("{tag}+{}", face.name.as_deref().unwrap_or(tag)).into_bytes();
    let mut file = Dictionary::new();
    // /Length1 is the program's size before /FlateDecode.
    file.set("Length1", Object::Integer(program.len() as i64));
    let file = pdf.add_object(Stream::new(file, program).with_compression(true));
    let to_unicode = pdf.add_object(Stream::new(
        Dictionary::new(),
        to_unicode(tag, coded).into_bytes(),
    ));
    let descriptor = pdf.add_object(descriptor(face, &name, file));
    let system = Dictionary::from_iter([
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]);
    let cid_font = Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("BaseFont", Object::Name(name.clone())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("CIDSystemInfo", Object::Dictionary(system)),
        ("W", Object::Array(widths(face, coded))),
        ("DW", Object::Integer(1000)),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]);
    pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name)),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("ToUnicode", Object::Reference(to_unicode)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
    ]))
}

/// The font descriptor, its metrics scaled to thousandths of an em and
/// rounded; the cap height is the ascent (printpdf never read OS/2's).
fn descriptor(face: &Metrics, name: &[u8], file: ObjectId) -> Dictionary {
    let scale = 1000.0 / f32::from(face.units_per_em);
    let scaled = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    let (rise, run) = face.caret;
    // Degrees counter-clockwise from upright: an italic leans right, so is negative.
    let italic_angle = if rise == 0 {
        0
    } else {
        (-f32::from(run).atan2(f32::from(rise)).to_degrees()).round() as i64
    };
    // Non-symbolic (32), italic (64).
    let flags = 32 | if italic_angle != 0 { 64 } else { 0 };
    // The conventional estimate from the weight class, 80 without OS/2.
    let stem_v = if face.weight == 0 {
        80
    } else {
        50 + (f32::from(face.weight) / 65.0).powi(2).round() as i64
    };
    Dictionary::from_iter([
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.to_vec())),
        ("Ascent", scaled(face.ascent)),
        ("Descent", scaled(face.descent)),
        ("CapHeight", scaled(face.ascent)),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Flags", Object::Integer(flags)),
        ("StemV", Object::Integer(stem_v)),
        (
            "FontBBox",
            Object::Array(face.bbox.iter().map(|v| scaled(*v)).collect()),
        ),
        ("FontFile2", Object::Reference(file)),
    ])
}

/// `/W`: each run of consecutive codes as `first [w w …]`.
fn widths(face: &Metrics, coded: &[(u16, &str)]) -> Vec<Object> {
    let mut runs: Vec<(u16, Vec<Object>)> = Vec::new();
    for (code, _) in coded {
        let width = face.widths.get(usize::from(*code)).copied().unwrap_or(0);
        match runs.last_mut() {
            Some((first, ws)) if usize::from(*first) + ws.len() == usize::from(*code) => {
                ws.push(Object::Integer(width));
            }
            _ => runs.push((*code, vec![Object::Integer(width)])),
        }
    }
    runs.into_iter()
        .flat_map(|(first, ws)| [Object::Integer(i64::from(first)), Object::Array(ws)])
        .collect()
}

/// The ToUnicode CMap, word for word as printpdf wrote it: `bfchar` blocks of
/// at most 100 codes, a block never spanning two high bytes.
pub fn to_unicode(tag: &str, coded: &[(u16, &str)]) -> String {
    let mut out = format!(
        "/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n%!PS-Adobe-3.0 \
         Resource-CMap\n%%DocumentNeededResources: procset CIDInit\n%%IncludeResource: \
         procset CIDInit\n\n/CIDSystemInfo 3 dict dup begin\n/Registry (FontSpecific) \
         def\n/Ordering ({tag}) def\n/Supplement 0 def\nend def\n\n/CMapName /FontSpecific-{tag} \
         def\n/CMapVersion 1 def\n/CMapType 2 def\n/WMode 0 def\n\n1 \
         begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    let mapped: Vec<&(u16, &str)> = coded.iter().filter(|(_, text)| !text.is_empty()).collect();
    for group in mapped.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
        for block in group.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", block.len()));
            for (code, text) in block {
                let units: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                out.push_str(&format!("<{code:04X}> <{units}>\n"));
            }
            out.push_str("endbfchar\n");
        }
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::{EmbeddedFonts, Face, Fallback};

    fn embedded(file: &'static str, bytes: &[u8], gids: &[u16]) -> (lopdf::Document, Embedded) {
        let mut pdf = lopdf::Document::with_version("1.7");
        let used = gids.iter().map(|g| (*g, format!("g{g}"))).collect();
        let font = embed(&mut pdf, "ABCDEF", file, bytes, &used).expect("embedded");
        (pdf, font)
    }

    #[test]
    fn every_face_embeds_as_a_subset_with_codes_in_glyph_order() {
        let faces = [Face::Regular, Face::Bold].map(EmbeddedFonts::file);
        let fallbacks = Fallback::ALL.map(|f| (f.file_name(), f.bytes()));
        for (file, bytes) in faces.into_iter().chain(fallbacks) {
            let (pdf, font) = embedded(file, bytes, &[40, 7, 12]);
            assert_eq!(
                font.codes,
                BTreeMap::from([(7, 1), (12, 2), (40, 3)]),
                "{file}"
            );
            let type0 = pdf.get_dictionary(font.font).expect("the font");
            let name = type0
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .expect("a name");
            assert!(name.starts_with(b"ABCDEF+"), "{file}");
            let program = pdf.objects.values().find_map(|o| {
                let stream = o.as_stream().ok()?;
                stream.dict.has(b"Length1").then_some(stream)
            });
            let program = program.expect("a font program");
            assert!(program.content.len() < bytes.len() / 2, "{file} is subset");
        }
    }

    #[test]
    fn widths_run_over_consecutive_codes() {
        let face = Metrics {
            name: None,
            units_per_em: 1000,
            bbox: [0; 4],
            caret: (1, 0),
            weight: 400,
            ascent: 0,
            descent: 0,
            widths: vec![500, 600, 700, 800],
        };
        let w = widths(&face, &[(1, "a"), (2, "b"), (3, "c")]);
        assert_eq!(
            format!("{w:?}"),
            format!(
                "{:?}",
                [
                    Object::Integer(1),
                    Object::Array(vec![600.into(), 700.into(), 800.into()])
                ]
            )
        );
        let w = widths(&face, &[(0, ""), (2, "b")]);
        assert_eq!(w.len(), 4, "two runs: {w:?}");
    }

    #[test]
    fn to_unicode_leaves_out_textless_codes_and_splits_at_high_bytes() {
        let cmap = to_unicode("ABCDEF", &[(0, ""), (1, "fi"), (0x100, "😀")]);
        assert!(
            cmap.contains("1 beginbfchar\n<0001> <00660069>\nendbfchar\n"),
            "{cmap}"
        );
        assert!(
            cmap.contains("1 beginbfchar\n<0100> <D83DDE00>\nendbfchar\n"),
            "{cmap}"
        );
        let (_, mappings) = cmap.split_once("endcodespacerange").expect("a code space");
        assert!(!mappings.contains("<0000>"), "{cmap}");
    }
}
