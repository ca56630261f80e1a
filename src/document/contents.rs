//! A document's contents list: its top-level sections, numbered as the
//! headings are, and the list as a table inserted among the blocks with the
//! page each section starts on (the PDF finds the pages by laying the
//! document out; the web page links to the sections instead). Arranges
//! headings only.

use super::{heading_numbers, Block, ColumnSpec, Table, TableCell};

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

/// The level-1 headings of `blocks`, in order, with their numbers.
pub fn entries(blocks: &[Block]) -> Vec<Entry> {
    blocks
        .iter()
        .zip(heading_numbers(blocks))
        .filter_map(|(block, number)| match (block, number) {
            (Block::Heading { level: 1, text }, Some(number)) => Some(Entry {
                number,
                text: text.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// `blocks` with the contents table inserted at `at`: each entry beside the
/// page it starts on (`pages`, one per entry; empty text where not known).
pub fn with_contents(
    blocks: &[Block],
    at: usize,
    entries: &[Entry],
    pages: &[String],
) -> Vec<Block> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn document() -> Vec<Block> {
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
    }
}
