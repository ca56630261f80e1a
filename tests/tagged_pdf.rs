//! Tagged PDF (PDF/UA-1) read back with lopdf, on both example reports (the
//! real binary on the shipped example and on `sample --scale 10`) and on a
//! synthetic document with a table split over pages: every text and every
//! painted shape lies inside tagged content or an artifact; every MCID is
//! referenced from the structure tree exactly once and the parent tree
//! agrees; headings never skip a level and are the bookmarks; every table has
//! a header row of TH; every Figure has /Alt; the running header, marking and
//! `Page N of M` are artifacts; the catalogue carries the marks of PDF/UA-1.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use boardpack::document::{
    Block, Chart, ChartKind, ChartValue, ColumnSpec, DocumentSpec, Run, Series, Table, TableCell,
    TargetLine,
};
use boardpack::render::pdf::render;
use common::{exit_code, stderr, Case};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// A4's height in points: text above the header rule or below the footer
/// rule is page furniture.
const PAGE_HEIGHT: f32 = 841.89;
const HEADER_RULE: f32 = 48.0;
const FOOTER_RULE: f32 = PAGE_HEIGHT - 50.0;

/// One marked-content sequence at the outermost level of a page's stream.
struct Sequence {
    /// `None` for an artifact.
    mcid: Option<i64>,
    text: String,
}

/// A page's content as a reader of its marks sees it.
#[derive(Default)]
struct PageContent {
    sequences: Vec<Sequence>,
    /// Text shown outside any marked content.
    unmarked_text: Vec<String>,
    /// Painting operators outside any marked content.
    unmarked_paint: usize,
    /// Text shown in the header or footer band inside tagged (not artifact) content.
    tagged_furniture: Vec<String>,
}

fn name(object: &Object) -> String {
    String::from_utf8_lossy(object.as_name().unwrap_or(b"")).into_owned()
}

fn decode_text(object: &Object) -> String {
    let Object::String(bytes, _) = object else {
        return String::new();
    };
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

fn read_page(doc: &Document, page: ObjectId) -> PageContent {
    let fonts = doc.get_page_fonts(page).expect("the page's fonts");
    let encodings: HashMap<Vec<u8>, Encoding> = fonts
        .iter()
        .map(|(name, font)| {
            let encoding = font.get_font_encoding(doc).expect("a font encoding");
            (name.clone(), encoding)
        })
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).expect("the content parses");
    let mut out = PageContent::default();
    // Each open sequence: whether it is an artifact, its MCID.
    let mut stack: Vec<(bool, Option<i64>)> = Vec::new();
    let mut current: Option<Sequence> = None;
    let mut font: Vec<u8> = Vec::new();
    let mut y = 0.0f32;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = name(&op.operands[0]);
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                if stack.is_empty() {
                    current = Some(Sequence {
                        mcid: if tag == "Artifact" { None } else { mcid },
                        text: String::new(),
                    });
                }
                stack.push((tag == "Artifact", mcid));
            }
            "EMC" => {
                stack.pop().expect("EMC closes an open sequence");
                if stack.is_empty() {
                    out.sequences.push(current.take().expect("a sequence"));
                }
            }
            "Tf" => font = op.operands[0].as_name().expect("a font name").to_vec(),
            "Tm" => y = op.operands[5].as_float().expect("a number"),
            "Tj" | "TJ" | "'" | "\"" => {
                let encoding = encodings.get(&font).expect("a known font");
                let bytes = op
                    .operands
                    .last()
                    .and_then(|o| o.as_str().ok())
                    .expect("a string");
                let text = Document::decode_text(encoding, bytes).expect("text decodes");
                let furniture =
                    !(PAGE_HEIGHT - FOOTER_RULE..=PAGE_HEIGHT - HEADER_RULE).contains(&y);
                match current.as_mut() {
                    None => out.unmarked_text.push(text),
                    Some(seq) => {
                        if furniture && seq.mcid.is_some() {
                            out.tagged_furniture.push(text.clone());
                        }
                        seq.text.push_str(&text);
                    }
                }
            }
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "Do" | "sh"
                if stack.is_empty() =>
            {
                out.unmarked_paint += 1;
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "every sequence is closed");
    out
}

/// A structure element as read back.
struct Element {
    kind: String,
    /// Its marked content, (page, MCID), in order.
    content: Vec<(ObjectId, i64)>,
    children: Vec<usize>,
    alt: Option<String>,
    attributes: Option<Dictionary>,
}

struct Tagged {
    doc: Document,
    pages: Vec<ObjectId>,
    contents: HashMap<ObjectId, PageContent>,
    elements: Vec<Element>,
}

impl Tagged {
    fn read(bytes: &[u8]) -> Tagged {
        let doc = Document::load_mem(bytes).expect("the PDF parses");
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let contents = pages.iter().map(|&p| (p, read_page(&doc, p))).collect();
        let mut tagged = Tagged {
            doc,
            pages,
            contents,
            elements: Vec::new(),
        };
        let root = tagged
            .catalog()
            .get(b"StructTreeRoot")
            .expect("a structure tree");
        let root = tagged.deref(root).as_dict().expect("a dictionary").clone();
        assert_eq!(name(root.get(b"Type").expect("Type")), "StructTreeRoot");
        let kid = root.get(b"K").expect("the root's child").clone();
        tagged.element(&kid, None);
        tagged
    }

    fn catalog(&self) -> &Dictionary {
        self.doc.catalog().expect("a catalogue")
    }

    fn deref<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).expect("the object exists"),
            other => other,
        }
    }

    /// Reads element `object` (and its descendants) into `elements`.
    fn element(&mut self, object: &Object, page: Option<ObjectId>) -> usize {
        let dict = self.deref(object).as_dict().expect("an element").clone();
        let page = dict.get(b"Pg").and_then(Object::as_reference).ok().or(page);
        let index = self.elements.len();
        self.elements.push(Element {
            kind: name(dict.get(b"S").expect("S")),
            content: Vec::new(),
            children: Vec::new(),
            alt: dict.get(b"Alt").ok().map(decode_text),
            attributes: dict
                .get(b"A")
                .ok()
                .map(|a| self.deref(a).as_dict().expect("attributes").clone()),
        });
        let kids = match dict.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(kid) => vec![kid.clone()],
            Err(_) => Vec::new(),
        };
        for kid in kids {
            match &kid {
                Object::Integer(mcid) => {
                    let page = page.expect("an integer MCID's element names its page");
                    self.elements[index].content.push((page, *mcid));
                }
                Object::Dictionary(mcr) => {
                    assert_eq!(name(mcr.get(b"Type").expect("Type")), "MCR");
                    let page = mcr
                        .get(b"Pg")
                        .and_then(Object::as_reference)
                        .ok()
                        .or(page)
                        .expect("a page");
                    let mcid = mcr.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                    self.elements[index].content.push((page, mcid));
                }
                Object::Reference(_) => {
                    let child = self.element(&kid, page);
                    self.elements[index].children.push(child);
                }
                other => panic!("an unexpected kid {other:?}"),
            }
        }
        index
    }

    /// The text of an element and its descendants, in order.
    fn text(&self, element: usize) -> String {
        let own: String = self.elements[element]
            .content
            .iter()
            .map(|(page, mcid)| self.sequence_text(*page, *mcid))
            .collect();
        let kids: String = self.elements[element]
            .children
            .iter()
            .map(|&c| self.text(c))
            .collect();
        own + &kids
    }

    fn sequence_text(&self, page: ObjectId, mcid: i64) -> String {
        self.contents[&page]
            .sequences
            .iter()
            .filter(|s| s.mcid == Some(mcid))
            .map(|s| s.text.as_str())
            .collect()
    }

    fn of_kind(&self, kind: &str) -> Vec<usize> {
        (0..self.elements.len())
            .filter(|&i| self.elements[i].kind == kind)
            .collect()
    }

    fn outline_titles(&self) -> Vec<(usize, String)> {
        fn walk(t: &Tagged, first: Option<&Object>, depth: usize, out: &mut Vec<(usize, String)>) {
            let mut next = first.and_then(|o| o.as_reference().ok());
            while let Some(id) = next {
                let item = t.doc.get_dictionary(id).expect("an outline item");
                out.push((depth, decode_text(item.get(b"Title").expect("Title"))));
                walk(t, item.get(b"First").ok(), depth + 1, out);
                next = item.get(b"Next").and_then(Object::as_reference).ok();
            }
        }
        let mut out = Vec::new();
        if let Ok(outlines) = self.catalog().get(b"Outlines") {
            let outlines = self.deref(outlines).as_dict().expect("outlines");
            walk(self, outlines.get(b"First").ok(), 1, &mut out);
        }
        out
    }
}

/// Every check of the issue, on one PDF.
fn assert_tagged(bytes: &[u8], what: &str) {
    let t = Tagged::read(bytes);
    assert_catalogue(&t, what);
    assert_content_marked(&t, what);
    assert_mcids_once(&t, what);
    assert_headings_are_bookmarks(&t, what);
    assert_tables_have_headers(&t, what);
    for figure in t.of_kind("Figure") {
        let alt = t.elements[figure].alt.clone().unwrap_or_default();
        assert!(
            alt.len() > 20,
            "{what}: a Figure's /Alt says little: {alt:?}"
        );
    }
    assert_eq!(t.elements[0].kind, "Document", "{what}");
}

fn assert_catalogue(t: &Tagged, what: &str) {
    let catalog = t.catalog();
    let mark_info = t.deref(catalog.get(b"MarkInfo").expect("MarkInfo"));
    let marked = mark_info.as_dict().and_then(|d| d.get(b"Marked"));
    assert_eq!(marked.ok(), Some(&Object::Boolean(true)), "{what}");
    assert_eq!(decode_text(catalog.get(b"Lang").expect("Lang")), "en-GB");
    let preferences = t.deref(catalog.get(b"ViewerPreferences").expect("preferences"));
    let show_title = preferences
        .as_dict()
        .and_then(|d| d.get(b"DisplayDocTitle"));
    assert_eq!(show_title.ok(), Some(&Object::Boolean(true)), "{what}");
    let metadata = t.deref(catalog.get(b"Metadata").expect("XMP metadata"));
    let xmp =
        String::from_utf8_lossy(&metadata.as_stream().expect("a stream").content).into_owned();
    let info = t.doc.trailer.get(b"Info").expect("Info");
    let title = decode_text(
        t.deref(info)
            .as_dict()
            .expect("Info")
            .get(b"Title")
            .expect("Title"),
    );
    assert!(!title.is_empty(), "{what}");
    let escaped = title.replace('&', "&amp;");
    assert!(
        xmp.contains(&format!(
            "<rdf:li xml:lang=\"x-default\">{escaped}</rdf:li>"
        )),
        "{what}: dc:title is the document's title {title:?}: {xmp}"
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{what}");
    for (i, &page) in t.pages.iter().enumerate() {
        let dict = t.doc.get_dictionary(page).expect("a page");
        assert_eq!(
            name(dict.get(b"Tabs").expect("Tabs")),
            "S",
            "{what} page {i}"
        );
        assert!(dict.get(b"StructParents").is_ok(), "{what} page {i}");
    }
}

fn assert_content_marked(t: &Tagged, what: &str) {
    let total = t.pages.len();
    for (i, page) in t.pages.iter().enumerate() {
        let content = &t.contents[page];
        assert!(
            content.unmarked_text.is_empty(),
            "{what} page {}: text outside tagged content or an artifact: {:?}",
            i + 1,
            content.unmarked_text
        );
        assert_eq!(
            content.unmarked_paint,
            0,
            "{what} page {}: unmarked paint",
            i + 1
        );
        assert!(
            content.tagged_furniture.is_empty(),
            "{what} page {}: running header or footer tagged as content: {:?}",
            i + 1,
            content.tagged_furniture
        );
        let label = format!("Page {} of {total}", i + 1);
        let artifacts: String = content
            .sequences
            .iter()
            .filter(|s| s.mcid.is_none())
            .map(|s| s.text.as_str())
            .collect();
        assert!(artifacts.contains(&label), "{what}: {label} is an artifact");
        assert!(
            content
                .sequences
                .iter()
                .all(|s| s.mcid.is_none() || !s.text.contains(&label)),
            "{what}: {label} is never tagged content"
        );
    }
}

fn assert_mcids_once(t: &Tagged, what: &str) {
    let mut referenced: BTreeMap<(ObjectId, i64), usize> = BTreeMap::new();
    for (index, element) in t.elements.iter().enumerate() {
        for &key in &element.content {
            let earlier = referenced.insert(key, index);
            assert!(earlier.is_none(), "{what}: MCID {key:?} referenced twice");
        }
    }
    let parent_tree = {
        let root = t.deref(t.catalog().get(b"StructTreeRoot").expect("root"));
        let tree = root
            .as_dict()
            .expect("root")
            .get(b"ParentTree")
            .expect("ParentTree");
        let nums = t
            .deref(tree)
            .as_dict()
            .expect("a number tree")
            .get(b"Nums")
            .expect("Nums");
        nums.as_array().expect("an array").clone()
    };
    let by_key: HashMap<i64, Vec<Object>> = parent_tree
        .chunks(2)
        .map(|pair| {
            let key = pair[0].as_i64().expect("a key");
            (key, t.deref(&pair[1]).as_array().expect("an array").clone())
        })
        .collect();
    for (i, page) in t.pages.iter().enumerate() {
        let key = t
            .doc
            .get_dictionary(*page)
            .expect("page")
            .get(b"StructParents");
        let key = key.and_then(Object::as_i64).expect("StructParents");
        let owners = &by_key[&key];
        let mcids: Vec<i64> = t.contents[page]
            .sequences
            .iter()
            .filter_map(|s| s.mcid)
            .collect();
        let expected: Vec<i64> = (0..mcids.len() as i64).collect();
        assert_eq!(mcids, expected, "{what} page {}: MCIDs 0, 1, 2, …", i + 1);
        assert_eq!(owners.len(), mcids.len(), "{what} page {}", i + 1);
        for &mcid in &mcids {
            assert!(
                referenced.contains_key(&(*page, mcid)),
                "{what} page {}: MCID {mcid} is in no element",
                i + 1
            );
        }
    }
    let all: usize = t
        .pages
        .iter()
        .map(|p| {
            t.contents[p]
                .sequences
                .iter()
                .filter(|s| s.mcid.is_some())
                .count()
        })
        .sum();
    assert_eq!(
        referenced.len(),
        all,
        "{what}: the tree references only MCIDs on the pages"
    );
}

fn assert_headings_are_bookmarks(t: &Tagged, what: &str) {
    let headings: Vec<(usize, String)> = (0..t.elements.len())
        .filter_map(|i| {
            let level = t.elements[i]
                .kind
                .strip_prefix('H')?
                .parse::<usize>()
                .ok()?;
            Some((level, t.text(i).trim().to_string()))
        })
        .collect();
    assert!(!headings.is_empty(), "{what}: headings are tagged");
    let mut previous = 0;
    for (level, text) in &headings {
        assert!(
            *level <= previous + 1,
            "{what}: heading {text:?} at level {level} skips after level {previous}"
        );
        previous = *level;
    }
    assert_eq!(
        headings,
        t.outline_titles(),
        "{what}: headings are the bookmarks"
    );
}

fn assert_tables_have_headers(t: &Tagged, what: &str) {
    for table in t.of_kind("Table") {
        let kids: Vec<&str> = t.elements[table]
            .children
            .iter()
            .map(|&c| t.elements[c].kind.as_str())
            .collect();
        let head = t.elements[table]
            .children
            .iter()
            .copied()
            .find(|&c| t.elements[c].kind == "THead")
            .unwrap_or_else(|| panic!("{what}: a table without THead: {kids:?}"));
        let row = t.elements[head].children[0];
        let cells = &t.elements[row].children;
        assert!(!cells.is_empty(), "{what}: an empty header row");
        for &cell in cells {
            assert_eq!(t.elements[cell].kind, "TH", "{what}");
            let scope = t.elements[cell]
                .attributes
                .as_ref()
                .and_then(|a| a.get(b"Scope").ok())
                .map(name);
            assert_eq!(scope.as_deref(), Some("Column"), "{what}");
        }
        for &part in &t.elements[table].children {
            for &tr in &t.elements[part].children {
                if t.elements[tr].kind == "TR" {
                    assert_eq!(
                        t.elements[tr].children.len(),
                        cells.len(),
                        "{what}: every row has a cell per column"
                    );
                }
            }
        }
    }
}

fn written(dir: &Path, name: &str) -> PathBuf {
    for entry in std::fs::read_dir(dir.join("reports")).expect("reports") {
        let path = entry.expect("entry").path().join(name);
        if path.exists() {
            return path;
        }
    }
    panic!("no {name} was written");
}

fn both_reports(case: &Case, what: &str) {
    for (command, file) in [
        ("quarterly", "subgroup-report.pdf"),
        ("annual", "annual-report.pdf"),
    ] {
        let out = case.run(&[command]);
        assert_eq!(exit_code(&out), 0, "{command}: {}", stderr(&out));
        let bytes = std::fs::read(written(case.dir.path(), file)).expect("the PDF");
        assert_tagged(&bytes, &format!("{what} {file}"));
    }
}

#[test]
fn both_example_reports_are_tagged() {
    both_reports(&Case::shipped(), "example");
}

#[test]
fn both_reports_at_ten_times_the_example_are_tagged() {
    let case = Case {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let out = case.run(&["sample", "--scale", "10"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    both_reports(&case, "×10");
}

fn spec() -> DocumentSpec {
    DocumentSpec {
        title: "Tagging & structure".into(),
        subject: "S".into(),
        header_left: "Board".into(),
        header_right: "2015-16 Q2".into(),
        marking: "OFFICIAL".into(),
        fingerprint: "tags".into(),
        date: chrono::NaiveDate::from_ymd_opt(2015, 9, 30).expect("a date"),
    }
}

fn chart() -> Chart {
    Chart {
        kind: ChartKind::GroupedBars,
        caption: Some("New referrals by quarter".into()),
        categories: vec!["Q1".into(), "Q2".into(), "Q3".into(), "Q4".into()],
        series: vec![Series {
            name: "New referrals".into(),
            values: vec![
                11.0.into(),
                15.0.into(),
                ChartValue::Missing("[c]".into()),
                13.0.into(),
            ],
            colour: None,
            incomplete: Vec::new(),
        }],
        y_label: None,
        target: Some(TargetLine {
            value: 12.0,
            label: "Target".into(),
        }),
        note: None,
    }
}

fn long_table() -> Table {
    Table {
        columns: vec![
            ColumnSpec::left("Ref", 1.0),
            ColumnSpec::left("Action", 5.0),
        ],
        rows: (0..80)
            .map(|i| {
                vec![
                    TableCell::text(format!("PV-{i:02}")),
                    TableCell::text("Review the protocol ".repeat(1 + i % 4)),
                ]
            })
            .collect(),
        caption: Some("Table 1: Actions".into()),
        note: Some("As of 30 September 2015.".into()),
    }
}

fn synthetic() -> Vec<Block> {
    vec![
        Block::Title("Tagging".into()),
        Block::heading(1, "Summary"),
        Block::Paragraph(vec![
            Run::bold("Headline: "),
            Run::plain("text ".repeat(300)),
        ]),
        Block::Bullets(vec![vec![Run::plain("One")], vec![Run::plain("Two")]]),
        Block::heading(2, "Actions"),
        Block::heading(3, "In detail"),
        Block::heading(4, "Deeper"),
        Block::Table(long_table()),
        Block::heading(1, "Referrals"),
        Block::Chart(chart()),
    ]
}

#[test]
fn a_synthetic_document_with_a_table_over_pages_is_tagged() {
    let bytes = render(&spec(), &synthetic()).expect("renders");
    assert_tagged(&bytes, "synthetic");
}

#[test]
fn a_table_over_pages_is_one_table_its_repeated_header_an_artifact() {
    let bytes = render(&spec(), &synthetic()).expect("renders");
    let t = Tagged::read(&bytes);
    assert!(t.pages.len() >= 3, "the table runs over pages");
    let tables = t.of_kind("Table");
    assert_eq!(tables.len(), 1);
    let ths = t.of_kind("TH");
    assert_eq!(ths.len(), 2, "one header row, however many pages");
    assert_eq!(t.text(ths[0]).trim(), "Ref");
    assert_eq!(t.of_kind("TR").len(), 81);
    let captions = t.of_kind("Caption");
    assert_eq!(captions.len(), 1);
    // The caption is read on every page it is seen: a "(continued)" caption
    // is more of the one Caption, never hidden as an artifact.
    assert!(
        t.text(captions[0]).matches("Table 1: Actions").count() >= 3,
        "{}",
        t.text(captions[0])
    );
    assert!(t.text(captions[0]).contains("Table 1: Actions (continued)"));
    let artifacts: String = t
        .pages
        .iter()
        .flat_map(|p| &t.contents[p].sequences)
        .filter(|s| s.mcid.is_none())
        .map(|s| s.text.as_str())
        .collect();
    assert!(!artifacts.contains("Table 1: Actions"));
    assert!(artifacts.contains("RefAction"), "the repeated header row");
    let row = t.of_kind("TD");
    assert_eq!(t.text(row[0]), "PV-00");
}

#[test]
fn a_chart_is_a_figure_described_from_its_data() {
    let bytes = render(&spec(), &synthetic()).expect("renders");
    let t = Tagged::read(&bytes);
    let figures = t.of_kind("Figure");
    assert_eq!(figures.len(), 1);
    assert_eq!(
        t.elements[figures[0]].alt.as_deref(),
        Some(
            "New referrals by quarter (bar chart). New referrals: 11 in Q1, 15 in Q2, withheld in Q3 \
             and 13 in Q4. The target is 12."
        )
    );
    let bbox = t.elements[figures[0]]
        .attributes
        .as_ref()
        .and_then(|a| a.get(b"BBox").ok())
        .and_then(|b| b.as_array().ok())
        .map(Vec::len);
    assert_eq!(bbox, Some(4), "the figure's box on its page");
}

#[test]
fn sections_nest_by_heading_level_and_lists_have_labels_and_bodies() {
    let bytes = render(&spec(), &synthetic()).expect("renders");
    let t = Tagged::read(&bytes);
    let document = &t.elements[0];
    let top: Vec<&str> = document
        .children
        .iter()
        .map(|&c| t.elements[c].kind.as_str())
        .collect();
    assert_eq!(
        top,
        ["P", "Sect", "Sect"],
        "the title, then one Sect per H1"
    );
    let first = &t.elements[document.children[1]];
    let inside: Vec<&str> = first
        .children
        .iter()
        .map(|&c| t.elements[c].kind.as_str())
        .collect();
    assert_eq!(inside, ["H1", "P", "L", "Sect"]);
    let items = t.of_kind("LI");
    assert_eq!(items.len(), 2);
    let parts: Vec<&str> = t.elements[items[1]]
        .children
        .iter()
        .map(|&c| t.elements[c].kind.as_str())
        .collect();
    assert_eq!(parts, ["Lbl", "LBody"]);
    assert_eq!(t.text(items[1]), "• Two");
    let long = t.of_kind("P")[1];
    let pages: std::collections::BTreeSet<_> =
        t.elements[long].content.iter().map(|(p, _)| *p).collect();
    assert_eq!(pages.len(), 1, "this paragraph fits its page");
}

#[test]
fn tagged_output_is_byte_identical_on_a_rerun() {
    let a = render(&spec(), &synthetic()).expect("renders");
    let b = render(&spec(), &synthetic()).expect("renders");
    assert!(a == b, "same input, same bytes");
}
