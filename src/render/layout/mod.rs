//! The page layout engine: places a document's blocks on A4 pages as
//! positioned text, rectangles and lines, numbering headings and keeping each
//! with what follows, repeating table headers and never splitting a table
//! row; and draws a chart as such items for any writer (`chart`). It is pure
//! (no file format is written here), so pagination can be tested directly.
//!
//! One job per file: `prepare` measures and wraps blocks, `columns` fits a
//! table's columns, `paginate` places blocks down the pages, `flow` sets
//! lines, `table` sets tables, `furniture` adds
//! the running header and footer once the page count is known; `items` is
//! what they produce. All positions are in points from the page's top-left
//! corner; `y` grows downwards.

pub mod chart;
mod columns;
mod flow;
mod furniture;
mod items;
mod paginate;
mod prepare;
mod table;
mod wrap;

pub use items::{
    DotItem, Drawing, Item, LineItem, Mark, PageLayout, Part, PlacedHeading, Placement, RectItem,
    Role, TextItem,
};

use crate::document::{check_blocks, Block, DocumentSpec, InvalidBlock};
use crate::render::text::{EmbeddedFonts, FontError, Measure};

/// Slack for float comparisons of heights, well below a visible distance.
const EPSILON: f32 = 0.01;

/// Why blocks could not be laid out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayoutError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error(transparent)]
    InvalidBlock(#[from] InvalidBlock),
}

/// Lays out `blocks` on pages, header and footer included, in the fonts
/// compiled into boardpack, after checking them (`check_blocks`).
pub fn layout(spec: &DocumentSpec, blocks: &[Block]) -> Result<Vec<PageLayout>, LayoutError> {
    check_blocks(blocks)?;
    Ok(layout_pages(spec, blocks, EmbeddedFonts::get()?))
}

/// Lays out `blocks` on numbered pages with the running header and footer.
pub fn layout_pages(spec: &DocumentSpec, blocks: &[Block], m: &dyn Measure) -> Vec<PageLayout> {
    let prepared = prepare::prepare_all(blocks, m);
    let mut flow = flow::Flow::new();
    for index in 0..prepared.len() {
        paginate::place_block(&mut flow, &prepared, index);
    }
    let mut pages = flow.finish();
    furniture::furnish(&mut pages, spec, m);
    pages
}

#[cfg(test)]
mod tests;
