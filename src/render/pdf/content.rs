//! A laid-out page as a PDF content stream: the operators a viewer draws it
//! with, written straight into bytes. Text is written as glyph codes of the
//! embedded subset fonts (`GlyphCodes`, given by `skeleton` as it embeds
//! them); a line DejaVu cannot draw letter by letter is drawn as the
//! glyphs `script` shaped and ordered, a run whose glyphs do not read as
//! typed inside a span whose `/ActualText` gives its text. Every item is drawn inside marked content: an `/Artifact`
//! sequence, or a sequence tagged with its structure type and an MCID whose
//! owner is returned for the structure tree (`tags`). Decides nothing about
//! where anything goes, and holds no state beyond one page.

use std::collections::BTreeMap;
use std::io::Write;

use super::tags::PageMarks;
use crate::document::style::PAGE_HEIGHT;
use crate::document::Rgb;
use crate::render::layout::{Item, PageLayout, Role, TextItem};
use crate::render::text::{shape, EmbeddedFonts, Face, Fallback, Glyph, Source};

/// For each face, the code that shows each character, and the face's
/// resource name in the page resources.
pub struct GlyphCodes {
    pub regular: FaceCodes,
    pub bold: FaceCodes,
    /// The fallback faces the document uses: the code of each glyph ID.
    pub fallback: BTreeMap<Fallback, IdCodes>,
}

#[derive(Default)]
pub struct FaceCodes {
    pub resource: String,
    pub codes: BTreeMap<char, u16>,
}

#[derive(Default)]
pub struct IdCodes {
    pub resource: String,
    pub codes: BTreeMap<u16, u16>,
}

impl GlyphCodes {
    fn face(&self, face: Face) -> &FaceCodes {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn resource(&self, source: Source) -> Option<&str> {
        match source {
            Source::Primary(face) => Some(&self.face(face).resource),
            Source::Fallback(f) => self.fallback.get(&f).map(|c| c.resource.as_str()),
        }
    }
}

/// The page's content stream, and the owner of each of its marked-content
/// sequences by MCID. Shapes first, text last: text is never hidden under a
/// fill.
pub fn page_stream(page: &PageLayout, codes: &GlyphCodes) -> (Vec<u8>, PageMarks) {
    debug_assert_eq!(page.items.len(), page.roles.len(), "a role per item");
    let mut out = Stream::default();
    for (item, role) in page.items.iter().zip(&page.roles) {
        if !matches!(item, Item::Text(_)) {
            out.mark(*role);
        }
        match item {
            Item::Rect(r) => {
                out.fill(r.fill);
                out.numbers(&[r.x, PAGE_HEIGHT - r.top - r.height, r.width, r.height]);
                out.op("re");
                out.op("f");
            }
            Item::Line(l) => {
                out.stroke(l.colour, l.width, l.dashed);
                for (i, &(x, y)) in l.points.iter().enumerate() {
                    out.numbers(&[x, PAGE_HEIGHT - y]);
                    out.op(if i == 0 { "m" } else { "l" });
                }
                out.op("S");
            }
            Item::Dot(d) => {
                out.fill(d.fill);
                out.circle(d.x, PAGE_HEIGHT - d.y, d.radius);
            }
            Item::Text(_) => {}
        }
    }
    out.end_mark();
    out.text(page, codes);
    (out.bytes, out.marks)
}

/// A content stream being written, and the graphics state set so far (each
/// setting is written only when it changes: a long table's rules share one).
#[derive(Default)]
struct Stream {
    bytes: Vec<u8>,
    fill: Option<Rgb>,
    /// Colour, width (as bits, to compare exactly) and whether dashed.
    stroke: Option<(Rgb, u32, bool)>,
    /// The marked-content sequence open now: consecutive items of one role
    /// share one.
    open: Option<Role>,
    marks: PageMarks,
}

impl Stream {
    /// Puts what is drawn next in a sequence for `role`, opening one unless
    /// the open one is for it.
    fn mark(&mut self, role: Role) {
        if self.open == Some(role) {
            return;
        }
        self.end_mark();
        match role {
            Role::Artifact => self.op("/Artifact BMC"),
            Role::Content { block, mark } => {
                let mcid = self.marks.len();
                let _ = writeln!(
                    self.bytes,
                    "/{} <</MCID {mcid}>> BDC",
                    mark.structure_type()
                );
                self.marks.push((block, mark));
            }
        }
        self.open = Some(role);
    }

    fn end_mark(&mut self) {
        if self.open.take().is_some() {
            self.op("EMC");
        }
    }

    fn op(&mut self, operator: &str) {
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
    }

    /// Operands, each followed by a space. `f32`'s `Display` never uses an
    /// exponent, which PDF numbers may not have.
    fn numbers(&mut self, values: &[f32]) {
        for v in values {
            // Writing to a Vec cannot fail.
            let _ = write!(self.bytes, "{v} ");
        }
    }

    fn colour(&mut self, rgb: Rgb, operator: &str) {
        let part = |c: u8| f32::from(c) / 255.0;
        self.numbers(&[part(rgb.r), part(rgb.g), part(rgb.b)]);
        self.op(operator);
    }

    fn fill(&mut self, rgb: Rgb) {
        if self.fill != Some(rgb) {
            self.colour(rgb, "rg");
            self.fill = Some(rgb);
        }
    }

    fn stroke(&mut self, rgb: Rgb, width: f32, dashed: bool) {
        let wanted = (rgb, width.to_bits(), dashed);
        if self.stroke == Some(wanted) {
            return;
        }
        self.colour(rgb, "RG");
        self.numbers(&[width]);
        self.op("w");
        self.op(if dashed { "[4 3] 0 d" } else { "[] 0 d" });
        self.stroke = Some(wanted);
    }

    /// A filled circle as four Bézier arcs, centred at (x, y) from the bottom.
    fn circle(&mut self, x: f32, y: f32, r: f32) {
        // The control-point distance that makes a quarter arc from a cubic Bézier.
        let k = 0.552_284_8 * r;
        self.numbers(&[x + r, y]);
        self.op("m");
        for arc in [
            [x + r, y - k, x + k, y - r, x, y - r],
            [x - k, y - r, x - r, y - k, x - r, y],
            [x - r, y + k, x - k, y + r, x, y + r],
            [x + k, y + r, x + r, y + k, x + r, y],
        ] {
            self.numbers(&arc);
            self.op("c");
        }
        self.op("h");
        self.op("f");
    }

    fn text(&mut self, page: &PageLayout, codes: &GlyphCodes) {
        self.op("BT");
        let fonts = EmbeddedFonts::get().ok();
        let mut font: Option<(Source, u32)> = None;
        // Text colour is the fill colour: shapes may have changed it.
        for (item, role) in page.items.iter().zip(&page.roles) {
            let Item::Text(t) = item else { continue };
            if t.text.is_empty() {
                continue;
            }
            self.mark(*role);
            if let Some(fonts) = fonts.filter(|f| !f.is_plain_text(t.face, &t.text)) {
                self.fill(t.colour);
                self.show_shaped(t, fonts, codes, &mut font);
                continue;
            }
            let face = codes.face(t.face);
            self.set_font(Source::Primary(t.face), &face.resource, t.size, &mut font);
            self.fill(t.colour);
            self.numbers(&[1.0, 0.0, 0.0, 1.0, t.x, PAGE_HEIGHT - t.baseline]);
            self.op("Tm");
            self.show(t, face);
        }
        self.end_mark();
        self.op("ET");
    }

    /// `/resource size Tf`, unless that font at that size is set already.
    fn set_font(
        &mut self,
        source: Source,
        resource: &str,
        size: f32,
        font: &mut Option<(Source, u32)>,
    ) {
        if *font != Some((source, size.to_bits())) {
            self.bytes.push(b'/');
            self.bytes.extend_from_slice(resource.as_bytes());
            self.bytes.push(b' ');
            self.numbers(&[size]);
            self.op("Tf");
            *font = Some((source, size.to_bits()));
        }
    }

    /// A line of shaped glyphs, left to right; a run whose glyphs do not
    /// read as typed is a span giving its text (`/ActualText`). DejaVu's runs are one `Tj` each (their glyphs
    /// advance by the font's widths); a fallback face's glyph is placed on
    /// its own, where the shaper put it.
    fn show_shaped(
        &mut self,
        t: &TextItem,
        fonts: &EmbeddedFonts,
        codes: &GlyphCodes,
        font: &mut Option<(Source, u32)>,
    ) {
        let shaped = shape(fonts, t.face, &t.text);
        let scale = t.size / 1000.0;
        for run in &shaped.runs {
            let Some(resource) = codes.resource(run.source) else {
                continue;
            };
            self.set_font(run.source, resource, t.size, font);
            if let Some(text) = &run.actual_text {
                self.bytes.extend_from_slice(b"/Span <</ActualText <FEFF");
                for unit in text.encode_utf16() {
                    let _ = write!(self.bytes, "{unit:04X}");
                }
                self.op(">>> BDC");
            }
            let mut start = 0;
            while start < run.glyphs.len() {
                // DejaVu's glyphs go together; a fallback face's one by one.
                let end = match run.source {
                    Source::Primary(_) => run.glyphs.len(),
                    Source::Fallback(_) => start + 1,
                };
                let first = &run.glyphs[start];
                let x = t.x + first.x * scale;
                let y = PAGE_HEIGHT - t.baseline + first.y * scale;
                self.numbers(&[1.0, 0.0, 0.0, 1.0, x, y]);
                self.op("Tm");
                let glyph_codes = run.glyphs[start..end]
                    .iter()
                    .map(|p| code_of(&p.glyph, run.source, codes));
                self.hex_codes(glyph_codes);
                start = end;
            }
            if run.actual_text.is_some() {
                self.op("EMC");
            }
        }
    }

    /// `<codes> Tj`, four hex digits a code.
    fn hex_codes(&mut self, codes: impl Iterator<Item = u16>) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.bytes.push(b'<');
        for code in codes {
            for shift in [12, 8, 4, 0] {
                self.bytes.push(HEX[usize::from((code >> shift) & 0xF)]);
            }
        }
        self.op("> Tj");
    }

    /// `<codes> Tj`: each character as its four-hex-digit glyph code (a
    /// character the fonts lack shows as code 0, `.notdef`).
    fn show(&mut self, t: &TextItem, face: &FaceCodes) {
        self.hex_codes(
            t.text
                .chars()
                .map(|c| face.codes.get(&c).copied().unwrap_or(0)),
        );
    }
}

/// The code that shows a shaped glyph (0, `.notdef`, when none was embedded).
fn code_of(glyph: &Glyph, source: Source, codes: &GlyphCodes) -> u16 {
    let code = match (glyph, source) {
        (Glyph::Char(c), Source::Primary(face)) => codes.face(face).codes.get(c),
        (Glyph::Id { gid, .. }, Source::Fallback(f)) => {
            codes.fallback.get(&f).and_then(|c| c.codes.get(gid))
        }
        _ => None,
    };
    code.copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::Mark;
    use crate::render::layout::RectItem;

    fn codes() -> GlyphCodes {
        GlyphCodes {
            regular: FaceCodes {
                resource: "REGULR".into(),
                codes: [('A', 1), ('£', 0x1F)].into_iter().collect(),
            },
            bold: FaceCodes {
                resource: "BOLDXX".into(),
                codes: [('A', 2)].into_iter().collect(),
            },
            fallback: BTreeMap::new(),
        }
    }

    fn page(items: Vec<(Item, Role)>) -> PageLayout {
        let (items, roles) = items.into_iter().unzip();
        PageLayout {
            number: 1,
            items,
            roles,
            headings: Vec::new(),
            placements: Vec::new(),
        }
    }

    fn tagged(block: usize, mark: Mark) -> Role {
        Role::Content { block, mark }
    }

    fn text(text: &str, face: Face) -> Item {
        Item::Text(TextItem {
            x: 10.0,
            baseline: 20.0,
            text: text.into(),
            face,
            size: 9.0,
            colour: Rgb { r: 0, g: 0, b: 0 },
        })
    }

    #[test]
    fn text_is_written_as_glyph_codes_in_its_face_after_the_shapes() {
        let rect = Item::Rect(RectItem {
            x: 1.0,
            top: 2.0,
            width: 3.5,
            height: 4.0,
            fill: Rgb { r: 255, g: 0, b: 0 },
        });
        let (stream, marks) = page_stream(
            &page(vec![
                (text("A£?", Face::Regular), tagged(0, Mark::Paragraph)),
                (rect, Role::Artifact),
                (text("A", Face::Bold), tagged(1, Mark::Heading(2))),
            ]),
            &codes(),
        );
        let stream = String::from_utf8(stream).expect("ASCII");
        let y = PAGE_HEIGHT - 20.0;
        assert_eq!(
            stream,
            format!(
                "/Artifact BMC\n1 0 0 rg\n1 {} 3.5 4 re\nf\nEMC\nBT\n\
                 /P <</MCID 0>> BDC\n/REGULR 9 Tf\n0 0 0 rg\n1 0 0 1 10 {y} Tm\n<0001001F0000> Tj\nEMC\n\
                 /H2 <</MCID 1>> BDC\n/BOLDXX 9 Tf\n1 0 0 1 10 {y} Tm\n<0002> Tj\nEMC\nET\n",
                PAGE_HEIGHT - 2.0 - 4.0
            )
        );
        assert_eq!(marks, [(0, Mark::Paragraph), (1, Mark::Heading(2))]);
    }

    #[test]
    fn consecutive_items_of_one_role_share_one_sequence() {
        let (stream, marks) = page_stream(
            &page(vec![
                (text("A", Face::Regular), tagged(3, Mark::Figure)),
                (text("A", Face::Regular), tagged(3, Mark::Figure)),
                (text("A", Face::Regular), Role::Artifact),
                (text("A", Face::Regular), Role::Artifact),
            ]),
            &codes(),
        );
        let stream = String::from_utf8(stream).expect("ASCII");
        assert_eq!(stream.matches("BDC").count(), 1, "{stream}");
        assert_eq!(stream.matches("/Artifact BMC").count(), 1, "{stream}");
        assert_eq!(stream.matches("EMC").count(), 2, "{stream}");
        assert_eq!(marks, [(3, Mark::Figure)]);
    }
}
