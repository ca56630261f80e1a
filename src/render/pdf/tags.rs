//! Tagged PDF (PDF/UA-1): the structure tree a screen reader follows, built
//! from what layout says each drawn item is (its [`Role`]) and from the blocks
//! in reading order — Document, a Sect per numbered heading, H1–H4, P, lists,
//! tables with header cells and each chart as a Figure whose /Alt is written
//! from its data — plus the parent tree that maps each page's marked content
//! back to its element, and the XMP metadata that names the document PDF/UA.
//! The elements (about 40,000 at a thousand pages) are kept lean and written
//! straight to PDF bytes, in parallel, for `file` to pack into object
//! streams: never as lopdf dictionaries.
//! It writes structure objects only: what goes where on a page is layout's,
//! and the content streams' marking is `content`'s.

use std::collections::HashMap;
use std::io::Write;

use lopdf::{Document, ObjectId};
use rayon::prelude::*;

use super::file::{self, text_string, Packed};
use super::PdfError;
use crate::document::style::{BODY_WIDTH, MARGIN_LEFT, PAGE_HEIGHT};
use crate::document::{format_value, Block, Chart, ChartKind, ChartValue, DocumentSpec};
use crate::render::layout::{Mark, PageLayout, Part};

impl Mark {
    /// The standard structure type of the element this mark belongs to,
    /// also used as the marked-content tag in the page's stream.
    pub fn structure_type(self) -> &'static str {
        match self {
            Mark::Title | Mark::Paragraph | Mark::Note => "P",
            Mark::Heading(level) => heading_type(level),
            Mark::BulletLabel(_) => "Lbl",
            Mark::BulletBody(_) => "LBody",
            Mark::Caption => "Caption",
            Mark::HeaderCell(_) => "TH",
            Mark::Cell { .. } => "TD",
            Mark::Figure => "Figure",
        }
    }
}

fn heading_type(level: u8) -> &'static str {
    match level {
        1 => "H1",
        2 => "H2",
        3 => "H3",
        _ => "H4",
    }
}

/// The owner of each marked-content sequence of one page, by MCID.
pub type PageMarks = Vec<(usize, Mark)>;

/// A marked-content reference: sequence `mcid` of page `page` (0-based).
#[derive(Debug, Clone, Copy)]
struct Mcr {
    page: usize,
    mcid: usize,
}

enum Kid {
    Element(usize),
    Content(Mcr),
}

struct Element {
    kind: &'static str,
    parent: Option<usize>,
    kids: Vec<Kid>,
    alt: Option<String>,
    attributes: Option<Attributes>,
}

/// An element's attributes (/A).
enum Attributes {
    /// A table header cell that heads its column.
    ColumnHeader,
    /// A block-level box on its page: left, bottom, right, top in PDF points.
    Layout([f32; 4]),
}

/// The structure tree as written: its root, and every structure object's bytes.
pub struct Structure {
    pub root: ObjectId,
    pub objects: Vec<Packed>,
}

/// The tree being built, as an arena in reading order.
struct Tree {
    elements: Vec<Element>,
    /// Each page's sequences' content, by (block, mark), in page then MCID order.
    content: HashMap<(usize, Mark), Vec<Mcr>>,
    /// The element that took each page's each MCID.
    owners: Vec<Vec<Option<usize>>>,
}

impl Tree {
    fn new(marks: &[PageMarks]) -> Tree {
        let mut content: HashMap<(usize, Mark), Vec<Mcr>> = HashMap::new();
        for (page, page_marks) in marks.iter().enumerate() {
            for (mcid, key) in page_marks.iter().enumerate() {
                content.entry(*key).or_default().push(Mcr { page, mcid });
            }
        }
        Tree {
            elements: Vec::new(),
            content,
            owners: marks.iter().map(|m| vec![None; m.len()]).collect(),
        }
    }

    fn add(&mut self, kind: &'static str, parent: Option<usize>) -> usize {
        let index = self.elements.len();
        self.elements.push(Element {
            kind,
            parent,
            kids: Vec::new(),
            alt: None,
            attributes: None,
        });
        if let Some(p) = parent {
            self.elements[p].kids.push(Kid::Element(index));
        }
        index
    }

    /// Hands the content of (`block`, `mark`) to `element`.
    fn claim(&mut self, element: usize, block: usize, mark: Mark) {
        for mcr in self.content.remove(&(block, mark)).unwrap_or_default() {
            self.owners[mcr.page][mcr.mcid] = Some(element);
            self.elements[element].kids.push(Kid::Content(mcr));
        }
    }

    fn has(&self, block: usize, mark: Mark) -> bool {
        self.content.contains_key(&(block, mark))
    }

    /// An element holding the content of (`block`, `mark`), if it has any.
    fn leaf(&mut self, parent: usize, block: usize, mark: Mark) -> Option<usize> {
        if !self.has(block, mark) {
            return None;
        }
        let element = self.add(mark.structure_type(), Some(parent));
        self.claim(element, block, mark);
        Some(element)
    }
}

/// Builds the structure tree of `blocks` as laid out on `pages` (whose
/// content streams marked their sequences as `marks` says), numbers its
/// objects in `pdf`, and returns them written. `page_ids` are the PDF's
/// pages in order.
pub fn build(
    pdf: &mut Document,
    blocks: &[Block],
    pages: &[PageLayout],
    marks: &[PageMarks],
    page_ids: &[ObjectId],
) -> Result<Structure, PdfError> {
    let mut tree = Tree::new(marks);
    let document = tree.add("Document", None);
    let mut sections: Vec<(u8, usize)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if let Block::Heading { level, .. } = block {
            while sections.last().is_some_and(|&(l, _)| l >= *level) {
                sections.pop();
            }
            let parent = sections.last().map_or(document, |&(_, s)| s);
            let section = tree.add("Sect", Some(parent));
            sections.push((*level, section));
        }
        let parent = sections.last().map_or(document, |&(_, s)| s);
        add_block(&mut tree, parent, index, block, pages);
    }
    if let Some(((block, mark), _)) = tree.content.iter().min_by_key(|(key, _)| key.0) {
        return Err(PdfError::Write(format!(
            "tagging: block {block}'s {mark:?} has no place in the structure tree"
        )));
    }
    if tree.owners.iter().flatten().any(Option::is_none) {
        return Err(PdfError::Write("tagging: unclaimed marked content".into()));
    }
    Ok(write(pdf, &tree, page_ids))
}

fn add_block(tree: &mut Tree, parent: usize, index: usize, block: &Block, pages: &[PageLayout]) {
    match block {
        Block::Title(_) => {
            tree.leaf(parent, index, Mark::Title);
        }
        Block::Heading { level, .. } => {
            tree.leaf(parent, index, Mark::Heading(*level));
        }
        Block::Paragraph(_) => {
            tree.leaf(parent, index, Mark::Paragraph);
        }
        Block::Bullets(items) => add_list(tree, parent, index, items.len()),
        Block::Table(table) => {
            add_table(tree, parent, index, table.columns.len(), table.rows.len());
            tree.leaf(parent, index, Mark::Note);
        }
        Block::Chart(chart) => {
            let figure = tree.add("Figure", Some(parent));
            tree.claim(figure, index, Mark::Figure);
            tree.elements[figure].alt = Some(alt_text(chart));
            tree.elements[figure].attributes = figure_box(pages, index);
        }
        Block::PageBreak | Block::Spacer(_) => {}
    }
}

fn add_list(tree: &mut Tree, parent: usize, index: usize, items: usize) {
    // Items that wrap to nothing are not drawn, so their numbers are skipped.
    let drawn: Vec<usize> = (0..items)
        .filter(|&i| tree.has(index, Mark::BulletBody(i)))
        .collect();
    if drawn.is_empty() {
        return;
    }
    let list = tree.add("L", Some(parent));
    for i in drawn {
        let item = tree.add("LI", Some(list));
        tree.leaf(item, index, Mark::BulletLabel(i));
        tree.leaf(item, index, Mark::BulletBody(i));
    }
}

/// A table element: caption, a header row of TH (each scoping its column)
/// and a body row of TD per row, every row with a cell per column even when
/// a cell is empty, so the table stays regular.
fn add_table(tree: &mut Tree, parent: usize, index: usize, columns: usize, rows: usize) {
    let table = tree.add("Table", Some(parent));
    tree.leaf(table, index, Mark::Caption);
    let head = tree.add("THead", Some(table));
    let row = tree.add("TR", Some(head));
    for c in 0..columns {
        let cell = tree.add("TH", Some(row));
        tree.claim(cell, index, Mark::HeaderCell(c));
        tree.elements[cell].attributes = Some(Attributes::ColumnHeader);
    }
    if rows == 0 {
        return;
    }
    let body = tree.add("TBody", Some(table));
    for r in 0..rows {
        let row = tree.add("TR", Some(body));
        for column in 0..columns {
            let cell = tree.add("TD", Some(row));
            tree.claim(cell, index, Mark::Cell { row: r, column });
        }
    }
}

/// The chart's box on its page (a Layout attribute), from its placement.
fn figure_box(pages: &[PageLayout], block: usize) -> Option<Attributes> {
    let placement = pages
        .iter()
        .flat_map(|p| &p.placements)
        .find(|p| p.block == block && p.part == Part::Chart)?;
    Some(Attributes::Layout([
        MARGIN_LEFT,
        PAGE_HEIGHT - placement.bottom,
        MARGIN_LEFT + BODY_WIDTH,
        PAGE_HEIGHT - placement.top,
    ]))
}

/// What a chart shows, in words, from its data: the caption, then each
/// series' value in each category (a suppressed value by its symbol), the
/// target and the note, as sentences a listener can follow: "New referrals
/// by quarter (bar chart, Children). New referrals: 11 in Q1, withheld in
/// Q2 and 10 in Q3. The target is 12."
pub fn alt_text(chart: &Chart) -> String {
    let kind = match chart.kind {
        ChartKind::GroupedBars => "bar chart",
        ChartKind::StackedBars => "stacked bar chart",
        ChartKind::Line => "line chart",
    };
    let caption = chart.caption.as_deref().filter(|c| !c.is_empty());
    let mut out = format!("{} ({kind}", caption.unwrap_or("Chart"));
    if let Some(label) = chart.y_label.as_deref().filter(|l| !l.is_empty()) {
        out.push_str(", ");
        out.push_str(label);
    }
    out.push_str(").");
    for series in &chart.series {
        let values: Vec<String> = chart
            .categories
            .iter()
            .zip(&series.values)
            .enumerate()
            .map(|(i, (category, value))| {
                let value = match value {
                    // Said, as the chart's hatching and `[i]` show it.
                    ChartValue::Number(n) if series.is_incomplete(i) => {
                        format!("{} (incomplete)", format_value(*n))
                    }
                    ChartValue::Number(n) => format_value(*n),
                    ChartValue::Missing(label) => spoken(label).to_string(),
                };
                format!("{value} in {category}")
            })
            .collect();
        out.push_str(&format!(" {}: {}.", series.name, spoken_list(&values)));
    }
    if let Some(target) = &chart.target {
        let value = format_value(target.value);
        if target.label.contains(&value) {
            out.push_str(&format!(" {}.", target.label));
        } else if target.label == "Target" {
            out.push_str(&format!(" The target is {value}."));
        } else {
            out.push_str(&format!(" {}: {value}.", target.label));
        }
    }
    if let Some(note) = chart.note.as_deref().filter(|n| !n.is_empty()) {
        out.push(' ');
        out.push_str(note);
    }
    out
}

/// "a, b and c", as a sentence lists things.
fn spoken_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A table symbol as words: a screen reader says `[c]` as "left bracket c
/// right bracket", which tells a listener nothing.
fn spoken(symbol: &str) -> &str {
    match symbol {
        "[c]" => "withheld",
        "[x]" => "not available",
        "[z]" => "not applicable",
        other => other,
    }
}

/// Writes the tree's elements (in parallel: each on its own, so the bytes
/// do not depend on the threads), the structure tree root and the parent
/// tree. The elements are numbered in reading order, after the root.
fn write(pdf: &mut Document, tree: &Tree, page_ids: &[ObjectId]) -> Structure {
    let root = pdf.new_object_id();
    let first = pdf.max_id + 1;
    pdf.max_id += u32::try_from(tree.elements.len()).unwrap_or(u32::MAX);
    let parent_tree = pdf.new_object_id();
    let refs = Refs {
        first,
        root: root.0,
        pages: page_ids,
    };
    let mut objects: Vec<Packed> = tree
        .elements
        .par_iter()
        .enumerate()
        .map(|(i, element)| (refs.element(i), element_bytes(element, &refs)))
        .collect();

    let mut nums = Vec::with_capacity(16 * tree.elements.len());
    nums.extend_from_slice(b"<</Nums[");
    for (page, owners) in tree.owners.iter().enumerate() {
        write!(nums, "{page}[").ok();
        for (i, owner) in owners.iter().enumerate() {
            if i > 0 {
                nums.push(b' ');
            }
            match owner {
                Some(e) => write!(nums, "{} 0 R", refs.element(*e)).ok(),
                None => write!(nums, "null").ok(),
            };
        }
        nums.extend_from_slice(b"] ");
    }
    nums.extend_from_slice(b"]>>");
    objects.push((parent_tree.0, nums));

    let root_bytes = format!(
        "<</Type/StructTreeRoot/K {} 0 R/ParentTree {} 0 R/ParentTreeNextKey {}>>",
        refs.element(0),
        parent_tree.0,
        page_ids.len()
    );
    objects.push((root.0, root_bytes.into_bytes()));
    Structure { root, objects }
}

/// The object numbers an element refers to.
struct Refs<'a> {
    /// Element 0's; the others follow in order.
    first: u32,
    root: u32,
    pages: &'a [ObjectId],
}

impl Refs<'_> {
    fn element(&self, index: usize) -> u32 {
        self.first + index as u32
    }

    fn page(&self, out: &mut Vec<u8>, page: usize) {
        let (id, generation) = self.pages[page];
        write!(out, "{id} {generation} R").ok();
    }
}

/// `<</Type/StructElem/S/TD/P 12 0 R/Pg 5 0 R/K 3>>`.
fn element_bytes(element: &Element, refs: &Refs) -> Vec<u8> {
    let mut out = Vec::with_capacity(96);
    let parent = element.parent.map_or(refs.root, |p| refs.element(p));
    write!(out, "<</Type/StructElem/S/{}/P {parent} 0 R", element.kind).ok();
    // The element's page is its first content's; content on another page
    // (a paragraph or row carried over) names its own.
    let page = element.kids.iter().find_map(|kid| match kid {
        Kid::Content(mcr) => Some(mcr.page),
        Kid::Element(_) => None,
    });
    if let Some(page) = page {
        out.extend_from_slice(b"/Pg ");
        refs.page(&mut out, page);
    }
    if !element.kids.is_empty() {
        let many = element.kids.len() > 1;
        out.extend_from_slice(if many { b"/K[" } else { b"/K " });
        for (i, kid) in element.kids.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            match kid {
                Kid::Element(e) => write!(out, "{} 0 R", refs.element(*e)).ok(),
                Kid::Content(mcr) if Some(mcr.page) == page => write!(out, "{}", mcr.mcid).ok(),
                Kid::Content(mcr) => {
                    out.extend_from_slice(b"<</Type/MCR/Pg ");
                    refs.page(&mut out, mcr.page);
                    write!(out, "/MCID {}>>", mcr.mcid).ok()
                }
            };
        }
        if many {
            out.push(b']');
        }
    }
    if let Some(alt) = &element.alt {
        out.extend_from_slice(b"/Alt");
        file::write_object(&mut out, &text_string(alt));
    }
    match &element.attributes {
        Some(Attributes::ColumnHeader) => out.extend_from_slice(b"/A<</O/Table/Scope/Column>>"),
        Some(Attributes::Layout(bbox)) => {
            out.extend_from_slice(b"/A<</O/Layout/BBox[");
            for (i, x) in bbox.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                file::write_real(&mut out, *x);
            }
            out.extend_from_slice(b"]/Placement/Block>>");
        }
        None => {}
    }
    out.extend_from_slice(b">>");
    out
}

/// The XMP metadata packet: title, subject, dates and producer as in the
/// document information, and the PDF/UA-1 identification.
pub fn xmp(spec: &DocumentSpec, producer: &str) -> Vec<u8> {
    let date = format!("{}T00:00:00Z", spec.date.format("%Y-%m-%d"));
    let title = escape_xml(&spec.title);
    let subject = escape_xml(&spec.subject);
    let producer = escape_xml(producer);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>boardpack</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}'
    )
    .into_bytes()
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Series, TargetLine};

    #[test]
    fn a_charts_alt_text_reads_its_values_target_and_suppressed_values() {
        let chart = Chart {
            kind: ChartKind::GroupedBars,
            caption: Some("New referrals by quarter".into()),
            categories: vec!["Q1".into(), "Q2".into(), "Q3".into()],
            series: vec![Series {
                name: "New referrals".into(),
                values: vec![11.0.into(), ChartValue::Missing("[c]".into()), 10.0.into()],
                colour: None,
                incomplete: Vec::new(),
            }],
            y_label: Some("Children".into()),
            target: Some(TargetLine {
                value: 12.0,
                label: "Target".into(),
            }),
            note: None,
        };
        assert_eq!(
            alt_text(&chart),
            "New referrals by quarter (bar chart, Children). \
             New referrals: 11 in Q1, withheld in Q2 and 10 in Q3. The target is 12."
        );
        let mut incomplete = chart.clone();
        incomplete.series[0].incomplete = vec![false, true, true];
        assert!(
            alt_text(&incomplete).contains("11 in Q1, withheld in Q2 and 10 (incomplete) in Q3.")
        );
    }

    #[test]
    fn xmp_names_the_title_escaped_and_pdf_ua_part_1() {
        let spec = DocumentSpec {
            title: "Annual report <2014-15> & more".into(),
            ..crate::document::test_spec()
        };
        let xmp = String::from_utf8(xmp(&spec, "p")).unwrap_or_default();
        assert!(
            xmp.contains("Annual report &lt;2014-15&gt; &amp; more"),
            "{xmp}"
        );
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xmp.contains("<xmp:CreateDate>2015-09-30T00:00:00Z"));
    }
}
