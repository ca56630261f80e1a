//! Tagged PDF (PDF/UA-1): the structure tree a screen reader follows, built
//! from what layout says each drawn item is (its [`Role`]) and from the blocks
//! in reading order — Document, a Sect per numbered heading, H1–H4, P, lists,
//! tables with header cells and each chart as a Figure whose /Alt is written
//! from its data — plus the parent tree that maps each page's marked content
//! back to its element, and the XMP metadata that names the document PDF/UA.
//! It writes structure objects only: what goes where on a page is layout's,
//! and the content streams' marking is `content`'s.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::chart::format_value;
use super::emit::text_string;
use super::layout::{PageLayout, Part};
use super::model::{Block, Chart, ChartKind, ChartValue};
use super::style::{BODY_WIDTH, MARGIN_LEFT, PAGE_HEIGHT};
use super::{DocumentSpec, PdfError};

/// What a drawn item is to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Page furniture or decoration, skipped by assistive technology: running
    /// header and footer, marking, page numbers, rules, fills, repeated table
    /// headers.
    Artifact,
    /// Part `mark` of block `block` (an index into the blocks laid out).
    Content { block: usize, mark: Mark },
}

/// Which part of its block a tagged item shows; each becomes one structure
/// element (a paragraph's lines on two pages are one P).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Title,
    Heading(u8),
    Paragraph,
    /// The bullet of list item `i`.
    BulletLabel(usize),
    /// The text of list item `i`.
    BulletBody(usize),
    /// A table's caption (its first showing only).
    Caption,
    /// Column `c`'s header cell (its first showing only).
    HeaderCell(usize),
    Cell {
        row: usize,
        column: usize,
    },
    /// The note under a table.
    Note,
    /// Everything a chart draws.
    Figure,
}

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
    attributes: Option<Dictionary>,
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
/// content streams marked their sequences as `marks` says), adds it to
/// `pdf`, and returns the structure tree root. `page_ids` are the PDF's pages
/// in order.
pub fn build(
    pdf: &mut Document,
    blocks: &[Block],
    pages: &[PageLayout],
    marks: &[PageMarks],
    page_ids: &[ObjectId],
) -> Result<ObjectId, PdfError> {
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
        let mut scope = Dictionary::new();
        scope.set("O", Object::Name(b"Table".to_vec()));
        scope.set("Scope", Object::Name(b"Column".to_vec()));
        tree.elements[cell].attributes = Some(scope);
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
fn figure_box(pages: &[PageLayout], block: usize) -> Option<Dictionary> {
    let placement = pages
        .iter()
        .flat_map(|p| &p.placements)
        .find(|p| p.block == block && p.part == Part::Chart)?;
    let mut layout = Dictionary::new();
    layout.set("O", Object::Name(b"Layout".to_vec()));
    layout.set(
        "BBox",
        Object::Array(
            [
                MARGIN_LEFT,
                PAGE_HEIGHT - placement.bottom,
                MARGIN_LEFT + BODY_WIDTH,
                PAGE_HEIGHT - placement.top,
            ]
            .into_iter()
            .map(Object::Real)
            .collect(),
        ),
    );
    layout.set("Placement", Object::Name(b"Block".to_vec()));
    Some(layout)
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

/// Writes the tree's elements, the structure tree root and the parent tree.
fn write(pdf: &mut Document, tree: &Tree, page_ids: &[ObjectId]) -> ObjectId {
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = tree.elements.iter().map(|_| pdf.new_object_id()).collect();
    for (element, id) in tree.elements.iter().zip(&ids) {
        let dict = element_dict(element, &ids, root, page_ids);
        pdf.objects.insert(*id, Object::Dictionary(dict));
    }
    let nums: Vec<Object> = tree
        .owners
        .iter()
        .enumerate()
        .flat_map(|(page, owners)| {
            let refs = owners
                .iter()
                .map(|owner| owner.map_or(Object::Null, |e| Object::Reference(ids[e])))
                .collect();
            [Object::Integer(page as i64), Object::Array(refs)]
        })
        .collect();
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree = pdf.add_object(parent_tree);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    dict.set("K", Object::Reference(ids[0]));
    dict.set("ParentTree", Object::Reference(parent_tree));
    dict.set("ParentTreeNextKey", Object::Integer(page_ids.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(dict));
    root
}

fn element_dict(
    element: &Element,
    ids: &[ObjectId],
    root: ObjectId,
    page_ids: &[ObjectId],
) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"StructElem".to_vec()));
    dict.set("S", Object::Name(element.kind.as_bytes().to_vec()));
    dict.set(
        "P",
        Object::Reference(element.parent.map_or(root, |p| ids[p])),
    );
    // The element's page is its first content's; content on another page
    // (a paragraph or row carried over) names its own.
    let page = element.kids.iter().find_map(|kid| match kid {
        Kid::Content(mcr) => Some(mcr.page),
        Kid::Element(_) => None,
    });
    if let Some(page) = page {
        dict.set("Pg", Object::Reference(page_ids[page]));
    }
    let mut kids: Vec<Object> = element
        .kids
        .iter()
        .map(|kid| match kid {
            Kid::Element(e) => Object::Reference(ids[*e]),
            Kid::Content(mcr) if Some(mcr.page) == page => Object::Integer(mcr.mcid as i64),
            Kid::Content(mcr) => {
                let mut reference = Dictionary::new();
                reference.set("Type", Object::Name(b"MCR".to_vec()));
                reference.set("Pg", Object::Reference(page_ids[mcr.page]));
                reference.set("MCID", Object::Integer(mcr.mcid as i64));
                Object::Dictionary(reference)
            }
        })
        .collect();
    match kids.len() {
        0 => {}
        1 => dict.set("K", kids.remove(0)),
        _ => dict.set("K", Object::Array(kids)),
    }
    if let Some(alt) = &element.alt {
        dict.set("Alt", text_string(alt));
    }
    if let Some(attributes) = &element.attributes {
        dict.set("A", Object::Dictionary(attributes.clone()));
    }
    dict
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
    use crate::render::pdf::model::{Series, TargetLine};

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
            subject: "S".into(),
            header_left: String::new(),
            header_right: String::new(),
            marking: String::new(),
            fingerprint: "f".into(),
            date: chrono::NaiveDate::from_ymd_opt(2015, 3, 31).unwrap_or_default(),
        };
        let xmp = String::from_utf8(xmp(&spec, "p")).unwrap_or_default();
        assert!(
            xmp.contains("Annual report &lt;2014-15&gt; &amp; more"),
            "{xmp}"
        );
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xmp.contains("<xmp:CreateDate>2015-03-31T00:00:00Z"));
    }
}
