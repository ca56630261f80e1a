//! A document's contents list: its top-level sections, numbered as the PDF
//! numbers them, with the page each starts on in the PDF (found by laying the
//! document out) or a link to it in the HTML page. Arranges headings only.

use crate::render::pdf::{
    self, Block, ColumnSpec, DocumentSpec, PageLayout, PdfError, Table, TableCell,
};

/// One section in the contents list.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// "2", as the heading is numbered.
    pub number: String,
    pub text: String,
}

impl Entry {
    /// The section as a reader sees it: "2 The year at a glance".
    pub fn title(&self) -> String {
        format!("{} {}", self.number, self.text)
    }
}

/// The id of a numbered heading in a web page: "2.1" → `section-2-1`.
pub fn anchor(number: &str) -> String {
    format!("section-{}", number.replace('.', "-"))
}

/// The level-1 headings of `blocks`, in order, with their numbers.
pub fn entries(blocks: &[Block]) -> Vec<Entry> {
    blocks
        .iter()
        .zip(pdf::heading_numbers(blocks))
        .filter_map(|(block, number)| match (block, number) {
            (Block::Heading { level: 1, text }, Some(number)) => Some(Entry {
                number,
                text: text.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// How many times the PDF is laid out, at most, before the page numbers in
/// its contents settle (they settle at once unless the list itself moves a
/// section, which a list of short page numbers never does in practice).
const MAX_PASSES: usize = 3;

/// The PDF of `blocks`, with a contents table inserted at `at` (if any) whose
/// page numbers are the pages the sections start on.
pub fn render_pdf(
    spec: &DocumentSpec,
    blocks: &[Block],
    at: Option<usize>,
) -> Result<Vec<u8>, PdfError> {
    let Some(at) = at else {
        return pdf::render(spec, blocks);
    };
    let entries = entries(blocks);
    let mut pages: Vec<String> = vec![String::new(); entries.len()];
    for _ in 0..MAX_PASSES {
        let laid = pdf::layout(spec, &with_table(blocks, at, &entries, &pages))?;
        let found = section_pages(&laid, &entries);
        if found == pages {
            break;
        }
        pages = found;
    }
    pdf::render(spec, &with_table(blocks, at, &entries, &pages))
}

fn with_table(blocks: &[Block], at: usize, entries: &[Entry], pages: &[String]) -> Vec<Block> {
    let table = Block::Table(Table {
        columns: vec![
            ColumnSpec::left("Section", 12.0),
            ColumnSpec::right("Page", 1.0),
        ],
        rows: entries
            .iter()
            .zip(pages)
            .map(|(e, page)| vec![TableCell::text(e.title()), TableCell::text(page.clone())])
            .collect(),
        caption: Some("Contents".to_string()),
        note: None,
    });
    let at = at.min(blocks.len());
    let mut out = Vec::with_capacity(blocks.len() + 1);
    out.extend_from_slice(&blocks[..at]);
    out.push(table);
    out.extend_from_slice(&blocks[at..]);
    out
}

/// The page each entry's heading is placed on, as text ("" if not found).
fn section_pages(pages: &[PageLayout], entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| {
            pages
                .iter()
                .find(|p| {
                    p.headings
                        .iter()
                        .any(|h| h.level == 1 && h.number == e.number)
                })
                .map(|p| p.number.to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn spec() -> DocumentSpec {
        DocumentSpec {
            title: "Report".into(),
            subject: "Test".into(),
            header_left: "Board".into(),
            header_right: "2014-15".into(),
            marking: String::new(),
            fingerprint: "abc".into(),
            date: NaiveDate::from_ymd_opt(2015, 3, 31).expect("date"),
        }
    }

    fn document() -> Vec<Block> {
        vec![
            Block::Title("Report".into()),
            Block::PageBreak,
            Block::heading(1, "Foreword"),
            Block::paragraph("Words."),
            Block::heading(2, "Detail"),
            Block::PageBreak,
            Block::heading(1, "Figures"),
            Block::paragraph("More words."),
        ]
    }

    #[test]
    fn entries_are_the_top_level_sections_numbered_as_printed() {
        let e = entries(&document());
        let titles: Vec<String> = e.iter().map(Entry::title).collect();
        assert_eq!(titles, ["1 Foreword", "2 Figures"]);
        assert_eq!(anchor("2.1"), "section-2-1");
    }

    #[test]
    fn the_contents_table_gives_the_page_each_section_starts_on() {
        let blocks = document();
        let entries = entries(&blocks);
        let laid = pdf::layout(
            &spec(),
            &with_table(&blocks, 1, &entries, &["".into(), "".into()]),
        )
        .expect("lays out");
        assert_eq!(section_pages(&laid, &entries), ["2", "3"]);
        let bytes = render_pdf(&spec(), &blocks, Some(1)).expect("renders");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        let first = doc.extract_text(&[1]).expect("text");
        let squeezed: String = first.split_whitespace().collect();
        assert!(squeezed.contains("1Foreword2"), "{first}");
        assert!(squeezed.contains("2Figures3"), "{first}");
    }
}
