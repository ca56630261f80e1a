//! The PDF layout engine read back: the text a reader can extract, the page
//! furniture on every page, the pagination rules, embedded subset fonts,
//! bookmarks, metadata and byte-identical output for the same input.

use boardpack::document::{
    Block, Chart, ChartKind, ChartValue, ColumnSpec, DocumentSpec, InvalidBlock, Run, Series,
    Table, TableCell, TargetLine,
};
use boardpack::render::layout::{layout, Part};
use boardpack::render::pdf::{render, PdfError};
use lopdf::{Document, Object};

fn spec(fingerprint: &str) -> DocumentSpec {
    DocumentSpec {
        title: "Sub-group report — 2015-16 Q2".into(),
        subject: "CSE and Missing Children sub-group".into(),
        header_left: "Bath & North East Somerset LSCB".into(),
        header_right: "2015-16 Q2".into(),
        marking: "OFFICIAL-SENSITIVE".into(),
        fingerprint: fingerprint.into(),
        date: chrono::NaiveDate::from_ymd_opt(2015, 9, 30).expect("a date"),
    }
}

const TYPOGRAPHY: &str = "The budget is £12,500 – the board’s “Say Something” campaign";

fn long_table(rows: usize) -> Table {
    Table {
        columns: vec![
            ColumnSpec::left("Ref", 1.0),
            ColumnSpec::left("Action", 4.0),
            ColumnSpec::right("Days overdue", 1.2),
            ColumnSpec::left("Status", 1.2),
        ],
        rows: (0..rows)
            .map(|i| {
                vec![
                    TableCell::bold(format!("PV-{i:02}")),
                    TableCell::text(
                        "Review the missing children protocol with the police and social care "
                            .repeat(1 + i % 3),
                    ),
                    TableCell::text(format!("{}", i * 3)),
                    TableCell::text("Overdue").with_fill(boardpack::document::style::status::RED),
                ]
            })
            .collect(),
        caption: Some("Table 2: Actions".into()),
        note: Some("Days overdue as of 30 September 2015.".into()),
    }
}

fn chart(kind: ChartKind) -> Chart {
    Chart {
        kind,
        caption: Some("New referrals by risk".into()),
        categories: vec!["Q1".into(), "Q2".into(), "Q3".into()],
        series: vec![
            Series {
                name: "High".into(),
                values: vec![3.0.into(), ChartValue::Missing("[c]".into()), 5.0.into()],
                colour: None,
                incomplete: Vec::new(),
            },
            Series {
                name: "Medium".into(),
                values: vec![6.0.into(), 7.0.into(), 8.0.into()],
                colour: None,
                incomplete: Vec::new(),
            },
        ],
        y_label: Some("Children".into()),
        target: Some(TargetLine {
            value: 10.0,
            label: "Target 10".into(),
        }),
        note: None,
    }
}

fn document() -> Vec<Block> {
    let mut blocks = vec![
        Block::Title("CSE sub-group".into()),
        Block::PageBreak,
        Block::heading(1, "Summary"),
        Block::Paragraph(vec![Run::bold("Headline: "), Run::plain(TYPOGRAPHY)]),
        Block::Bullets(vec![
            vec![Run::plain("First point")],
            vec![Run::plain("Second point")],
        ]),
        Block::heading(2, "Actions"),
        Block::Table(long_table(70)),
        Block::heading(1, "Referrals"),
        Block::Chart(chart(ChartKind::GroupedBars)),
        Block::Chart(chart(ChartKind::StackedBars)),
        Block::Chart(chart(ChartKind::Line)),
    ];
    for i in 0..12 {
        blocks.push(Block::heading(2, format!("Strand {i}")));
        blocks.push(Block::paragraph(
            "Measures for the strand. ".repeat(10 + i * 7),
        ));
    }
    blocks
}

fn rendered() -> (Vec<u8>, Document) {
    let bytes = render(&spec("f1"), &document()).expect("the document renders");
    let doc = Document::load_mem(&bytes).expect("the PDF parses");
    (bytes, doc)
}

fn page_text(doc: &Document, page: u32) -> String {
    doc.extract_text(&[page]).expect("text extracts")
}

#[test]
fn text_is_extractable_including_pound_quotes_and_dashes() {
    let (_, doc) = rendered();
    let text = page_text(&doc, 2);
    for needle in [
        "£12,500",
        "board’s",
        "“Say Something”",
        "–",
        "Headline:",
        "1 Summary",
        "• First point",
    ] {
        assert!(text.contains(needle), "{needle:?} not in page 2:\n{text}");
    }
}

#[test]
fn every_page_says_page_n_of_m_and_carries_the_marking() {
    let (_, doc) = rendered();
    let pages = doc.get_pages();
    let total = pages.len();
    assert!(total >= 5, "{total} pages");
    for &number in pages.keys() {
        let text = page_text(&doc, number);
        assert!(
            text.contains(&format!("Page {number} of {total}")),
            "page {number}:\n{text}"
        );
        assert_eq!(
            text.matches("OFFICIAL-SENSITIVE").count(),
            2,
            "marking at top and bottom of page {number}"
        );
        assert!(text.contains("Bath & North East Somerset LSCB"));
        assert!(text.contains("2015-16 Q2"));
    }
}

#[test]
fn a_long_table_repeats_its_header_on_each_page_and_keeps_rows_whole() {
    let pages = layout(&spec("f1"), &document()).expect("layout");
    let table_block = 6;
    let with_rows: Vec<_> = pages
        .iter()
        .filter(|p| {
            p.placements
                .iter()
                .any(|pl| pl.block == table_block && matches!(pl.part, Part::TableRow { .. }))
        })
        .collect();
    assert!(
        with_rows.len() >= 3,
        "the table spans {} pages",
        with_rows.len()
    );
    for page in &with_rows {
        let header = page
            .placements
            .iter()
            .find(|pl| pl.block == table_block && matches!(pl.part, Part::TableHeader { .. }))
            .expect("a header on every page of the table");
        for row in page
            .placements
            .iter()
            .filter(|pl| pl.block == table_block && matches!(pl.part, Part::TableRow { .. }))
        {
            assert!(row.top >= header.bottom - 0.01, "rows sit under the header");
            assert!(row.bottom <= 841.89 - 66.0 + 0.01, "row inside the body");
        }
    }
    let mut rows: Vec<usize> = pages
        .iter()
        .flat_map(|p| &p.placements)
        .filter_map(|pl| match pl.part {
            Part::TableRow { row, piece } if pl.block == table_block => {
                assert_eq!(piece, 0, "no row of this table is split");
                Some(row)
            }
            _ => None,
        })
        .collect();
    let placed = rows.len();
    rows.dedup();
    assert_eq!(placed, 70, "each row placed once");
    assert_eq!(rows, (0..70).collect::<Vec<_>>());
    // The continuation pages say so in the caption and repeat the header text.
    let (_, doc) = rendered();
    let continued = doc
        .get_pages()
        .keys()
        .filter(|&&n| page_text(&doc, n).contains("Table 2: Actions (continued)"))
        .count();
    assert_eq!(continued, with_rows.len() - 1);
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    let pages = layout(&spec("f1"), &document()).expect("layout");
    for page in &pages {
        let last = page.placements.last().map(|p| p.part);
        assert_ne!(
            last,
            Some(Part::Heading),
            "page {} ends with a heading",
            page.number
        );
    }
}

#[test]
fn subset_fonts_are_embedded_with_unicode_maps() {
    let (_, doc) = rendered();
    let mut embedded = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).to_string())
            .expect("a base font name");
        let (tag, family) = name.split_once('+').expect("a subset tag");
        assert_eq!(tag.len(), 6);
        assert!(family.starts_with("DejaVuSans"), "{name}");
        assert!(dict.has(b"ToUnicode"), "{name} maps to Unicode");
        embedded += 1;
    }
    assert_eq!(embedded, 2, "regular and bold");
    let font_files = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2"))
        .count();
    assert_eq!(font_files, 2, "both font programs embedded");
}

fn outline_titles(doc: &Document) -> Vec<String> {
    let catalog = doc.catalog().expect("a catalogue");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("an outline");
    let mut titles = Vec::new();
    let mut stack = vec![outlines.get(b"First").and_then(Object::as_reference).ok()];
    while let Some(next) = stack.pop() {
        let Some(id) = next else { continue };
        let item = doc.get_dictionary(id).expect("an outline item");
        titles.push(decode_text(item.get(b"Title").expect("a title")));
        stack.push(item.get(b"Next").and_then(Object::as_reference).ok());
        stack.push(item.get(b"First").and_then(Object::as_reference).ok());
    }
    titles
}

fn decode_text(object: &Object) -> String {
    let Object::String(bytes, _) = object else {
        panic!("a string");
    };
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).to_string()
    }
}

#[test]
fn headings_are_bookmarked_in_order_and_nested() {
    let (_, doc) = rendered();
    let titles = outline_titles(&doc);
    assert_eq!(
        titles[..4],
        ["1 Summary", "1.1 Actions", "2 Referrals", "2.1 Strand 0"]
    );
    assert_eq!(titles.len(), 3 + 12);
    let catalog = doc.catalog().expect("a catalogue");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("an outline");
    let first = outlines
        .get(b"First")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("a first entry");
    assert_eq!(
        first.get(b"Count").and_then(Object::as_i64).ok(),
        Some(1),
        "Summary holds Actions"
    );
}

#[test]
fn title_and_subject_are_in_the_metadata() {
    let (_, doc) = rendered();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("document information");
    assert_eq!(
        decode_text(info.get(b"Title").expect("a title")),
        "Sub-group report — 2015-16 Q2"
    );
    assert_eq!(
        decode_text(info.get(b"Subject").expect("a subject")),
        "CSE and Missing Children sub-group"
    );
    assert_eq!(
        decode_text(info.get(b"CreationDate").expect("a date")),
        "D:20150930000000Z"
    );
    // What made the file, and nothing that did not (printpdf wrote none of it
    // since issue 18), in the information dictionary and the XMP alike.
    let producer = format!("boardpack {}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        decode_text(info.get(b"Producer").expect("a producer")),
        producer
    );
    let catalog = doc.catalog().expect("a catalogue");
    let xmp = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("XMP metadata");
    let xmp = String::from_utf8_lossy(
        &xmp.decompressed_content()
            .unwrap_or_else(|_| xmp.content.clone()),
    )
    .into_owned();
    assert!(
        xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")),
        "{xmp}"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let first = render(&spec("f1"), &document()).expect("renders");
    let second = render(&spec("f1"), &document()).expect("renders");
    assert!(first == second, "two renders differ");
    let other = render(&spec("f2"), &document()).expect("renders");
    assert!(first != other, "the fingerprint identifies the document");
}

#[test]
fn a_malformed_block_is_an_error_naming_it() {
    let bad = Block::Table(Table {
        columns: vec![ColumnSpec::left("A", 1.0)],
        rows: vec![vec![TableCell::text("a"), TableCell::text("b")]],
        caption: None,
        note: None,
    });
    let err = render(&spec("f1"), &[Block::paragraph("x"), bad]).unwrap_err();
    assert!(
        matches!(err, PdfError::InvalidBlock(InvalidBlock { block: 1, .. })),
        "{err}"
    );
}

#[test]
fn awkward_content_still_renders() {
    let blocks = vec![
        Block::Paragraph(vec![]),
        Block::paragraph("x".repeat(5000)),
        Block::paragraph("\u{7}\t\u{10ffff} control characters and a missing glyph"),
        Block::Bullets(vec![]),
        Block::Table(Table {
            columns: vec![ColumnSpec::left("Only", 1.0)],
            rows: vec![],
            caption: Some(String::new()),
            note: None,
        }),
        Block::Spacer(5000.0),
        Block::heading(4, "Deep"),
    ];
    let bytes = render(&spec("f1"), &blocks).expect("renders");
    let doc = Document::load_mem(&bytes).expect("parses");
    assert!(!doc.get_pages().is_empty());
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn runs() -> impl Strategy<Value = Vec<Run>> {
        prop::collection::vec(
            (any::<String>(), any::<bool>()).prop_map(|(text, bold)| Run { text, bold }),
            0..4,
        )
    }

    fn value() -> impl Strategy<Value = ChartValue> {
        prop_oneof![
            (-1.0e6f64..1.0e6).prop_map(ChartValue::Number),
            "\\[[a-z]\\]".prop_map(ChartValue::Missing),
        ]
    }

    fn chart() -> impl Strategy<Value = Block> {
        (1usize..9, 1usize..5, 0usize..3, any::<Option<f64>>()).prop_flat_map(
            |(categories, series, kind, target)| {
                let kind = [
                    ChartKind::GroupedBars,
                    ChartKind::StackedBars,
                    ChartKind::Line,
                ][kind];
                (
                    prop::collection::vec(".{0,30}", categories),
                    prop::collection::vec(
                        (".{0,20}", prop::collection::vec(value(), categories)),
                        series,
                    ),
                )
                    .prop_map(move |(categories, series)| {
                        Block::Chart(Chart {
                            kind,
                            caption: Some("Chart".into()),
                            categories,
                            series: series
                                .into_iter()
                                .map(|(name, values)| Series {
                                    name,
                                    values,
                                    colour: None,
                                    incomplete: Vec::new(),
                                })
                                .collect(),
                            y_label: Some("Count".into()),
                            target: target.filter(|t| t.is_finite()).map(|value| TargetLine {
                                value,
                                label: "Target".into(),
                            }),
                            note: None,
                        })
                    })
            },
        )
    }

    fn table() -> impl Strategy<Value = Block> {
        (1usize..6, 0usize..25).prop_flat_map(|(columns, rows)| {
            (
                prop::collection::vec((".{0,15}", 0.1f32..10.0, any::<bool>()), columns),
                prop::collection::vec(prop::collection::vec(runs(), columns), rows),
            )
                .prop_map(|(columns, rows)| {
                    Block::Table(Table {
                        columns: columns
                            .into_iter()
                            .map(|(header, weight, right)| {
                                if right {
                                    ColumnSpec::right(header, weight)
                                } else {
                                    ColumnSpec::left(header, weight)
                                }
                            })
                            .collect(),
                        rows: rows
                            .into_iter()
                            .map(|cells| {
                                cells
                                    .into_iter()
                                    .map(|runs| TableCell { runs, fill: None })
                                    .collect()
                            })
                            .collect(),
                        caption: Some("Table".into()),
                        note: Some("Note".into()),
                    })
                })
        })
    }

    fn block() -> impl Strategy<Value = Block> {
        prop_oneof![
            runs().prop_map(Block::Paragraph),
            (1u8..=4, any::<String>()).prop_map(|(level, text)| Block::heading(level, text)),
            prop::collection::vec(runs(), 0..4).prop_map(Block::Bullets),
            any::<String>().prop_map(Block::Title),
            table(),
            chart(),
            Just(Block::PageBreak),
            (0.0f32..1500.0).prop_map(Block::Spacer),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn any_valid_document_renders_to_numbered_pages(blocks in prop::collection::vec(block(), 0..12)) {
            let bytes = render(&spec("p"), &blocks).expect("valid blocks render");
            let doc = Document::load_mem(&bytes).expect("the PDF parses");
            let pages = layout(&spec("p"), &blocks).expect("layout");
            prop_assert_eq!(doc.get_pages().len(), pages.len());
            for (i, page) in pages.iter().enumerate() {
                prop_assert_eq!(page.number, i + 1);
            }
        }
    }
}
