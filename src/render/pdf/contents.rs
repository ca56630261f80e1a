//! The PDF with its contents list: laid out until the page each section
//! starts on settles, then rendered. Finds page numbers; words nothing.

use super::{render, PdfError};
use crate::document::contents::{entries, with_contents, Entry};
use crate::document::{Block, DocumentSpec};
use crate::render::layout::{layout, PageLayout};

/// How many times the PDF is laid out, at most, before the page numbers in
/// its contents settle (they settle at once unless the list itself moves a
/// section, which a list of short page numbers never does in practice).
const MAX_PASSES: usize = 3;

/// The PDF of `blocks`, with a contents table inserted at `at` (if any) whose
/// page numbers are the pages the sections start on.
pub fn render_with_contents(
    spec: &DocumentSpec,
    blocks: &[Block],
    at: Option<usize>,
) -> Result<Vec<u8>, PdfError> {
    let Some(at) = at else {
        return render(spec, blocks);
    };
    let entries = entries(blocks);
    let mut pages: Vec<String> = vec![String::new(); entries.len()];
    for _ in 0..MAX_PASSES {
        let laid = layout(spec, &with_contents(blocks, at, &entries, &pages))?;
        let found = section_pages(&laid, &entries);
        if found == pages {
            break;
        }
        pages = found;
    }
    render(spec, &with_contents(blocks, at, &entries, &pages))
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
    use crate::document::contents::tests::document;
    use crate::document::test_spec as spec;

    #[test]
    fn the_contents_table_gives_the_page_each_section_starts_on() {
        let blocks = document();
        let entries = entries(&blocks);
        let laid = layout(
            &spec(),
            &with_contents(&blocks, 1, &entries, &["".into(), "".into()]),
        )
        .expect("lays out");
        assert_eq!(section_pages(&laid, &entries), ["2", "3"]);
        let bytes = render_with_contents(&spec(), &blocks, Some(1)).expect("renders");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        let first = doc.extract_text(&[1]).expect("text");
        let squeezed: String = first.split_whitespace().collect();
        assert!(squeezed.contains("1Foreword2"), "{first}");
        assert!(squeezed.contains("2Figures3"), "{first}");
    }
}
