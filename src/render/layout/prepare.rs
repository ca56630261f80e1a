//! Measuring: each block wrapped to the text column at its type size and
//! turned into lines, a numbered heading, a table with its column widths and
//! wrapped cells, or a chart's drawing, ready to paginate. Decides sizes,
//! never pages.

use super::chart;
use super::columns::{fit_columns, widest_word, MAX_WORD_SHARE};
use super::items::Drawing;
use super::wrap::{drawable_runs, wrap, wrap_text, Line};
use crate::document::style::*;
use crate::document::{heading_numbers, Align, Block, Rgb, Run, Table};
use crate::render::text::{drawable_text, Face, Measure};
use rayon::prelude::*;

/// A block measured and wrapped for the column, ready to paginate.
pub(super) enum Prepared {
    Title(Vec<Line>),
    Heading(PreparedHeading),
    Paragraph(Vec<Line>),
    Bullets(Vec<Vec<Line>>),
    Table(PreparedTable),
    Chart(Drawing),
    PageBreak,
    Spacer(f32),
}

pub(super) struct PreparedHeading {
    pub(super) level: u8,
    pub(super) number: String,
    pub(super) text: String,
    pub(super) lines: Vec<Line>,
    pub(super) indent: f32,
    pub(super) style: HeadingStyle,
}

impl PreparedHeading {
    pub(super) fn height(&self) -> f32 {
        self.lines.len().max(1) as f32 * self.style.leading
            + if self.style.rule { 5.0 } else { 0.0 }
    }
}

pub(super) struct PreparedTable {
    pub(super) col_x: Vec<f32>,
    pub(super) col_w: Vec<f32>,
    pub(super) align: Vec<Align>,
    pub(super) header: Vec<Vec<Line>>,
    pub(super) header_h: f32,
    pub(super) rows: Vec<PreparedRow>,
    pub(super) caption: Vec<Line>,
    pub(super) caption_continued: Vec<Line>,
    pub(super) note: Vec<Line>,
}

pub(super) struct PreparedRow {
    pub(super) cells: Vec<Vec<Line>>,
    pub(super) fills: Vec<Option<Rgb>>,
    pub(super) height: f32,
}

pub(super) const CAPTION_GAP: f32 = 5.0;
pub(super) const NOTE_GAP: f32 = 5.0;
impl PreparedTable {
    pub(super) fn caption_h(&self, continued: bool) -> f32 {
        let lines = if continued {
            &self.caption_continued
        } else {
            &self.caption
        };
        if lines.is_empty() {
            0.0
        } else {
            lines.len() as f32 * CAPTION_LEADING + CAPTION_GAP
        }
    }

    pub(super) fn note_h(&self) -> f32 {
        if self.note.is_empty() {
            0.0
        } else {
            NOTE_GAP + self.note.len() as f32 * NOTE_LEADING
        }
    }

    /// The room a row has on a page that starts with the repeated header.
    pub(super) fn fresh_room(&self) -> f32 {
        BODY_BOTTOM - BODY_TOP - self.caption_h(true) - self.header_h
    }
}

pub(super) fn row_height(lines: usize) -> f32 {
    2.0 * CELL_PAD_Y + lines.max(1) as f32 * TABLE_LEADING
}

pub(super) fn prepare_all(blocks: &[Block], m: &dyn Measure) -> Vec<Prepared> {
    blocks
        .iter()
        .zip(heading_numbers(blocks))
        .map(|(block, number)| prepare(block, number, m))
        .collect()
}

/// Measures one block; `number` is its heading number when it is a heading.
pub(super) fn prepare(block: &Block, number: Option<String>, m: &dyn Measure) -> Prepared {
    match block {
        Block::Title(text) => {
            Prepared::Title(wrap_text(text, Face::Bold, TITLE_SIZE, BODY_WIDTH, m))
        }
        Block::Heading { level, text } => {
            Prepared::Heading(prepare_heading(*level, text, number.unwrap_or_default(), m))
        }
        Block::Paragraph(runs) => {
            Prepared::Paragraph(wrap(&drawable_runs(runs, m), BODY_SIZE, BODY_WIDTH, m))
        }
        Block::Bullets(items) => Prepared::Bullets(
            items
                .iter()
                .map(|runs| {
                    wrap(
                        &drawable_runs(runs, m),
                        BODY_SIZE,
                        BODY_WIDTH - BULLET_INDENT,
                        m,
                    )
                })
                .filter(|lines| !lines.is_empty())
                .collect(),
        ),
        Block::Table(table) => Prepared::Table(prepare_table(table, m)),
        Block::Chart(c) => Prepared::Chart(chart::draw(c, BODY_WIDTH, m)),
        Block::PageBreak => Prepared::PageBreak,
        Block::Spacer(points) => Prepared::Spacer(*points),
    }
}

pub(super) fn prepare_heading(
    level: u8,
    text: &str,
    number: String,
    m: &dyn Measure,
) -> PreparedHeading {
    let style = heading_style(level);
    let indent = m.width(Face::Bold, &number, style.size) + 0.7 * style.size;
    let text = drawable_text(m, Face::Bold, text).replace('\n', " ");
    let lines = wrap_text(&text, Face::Bold, style.size, BODY_WIDTH - indent, m);
    PreparedHeading {
        level,
        number,
        text,
        lines,
        indent,
        style,
    }
}

pub(super) fn prepare_table(table: &Table, m: &dyn Measure) -> PreparedTable {
    let widest_words: Vec<f32> = (0..table.columns.len())
        .map(|c| {
            let header = widest_word(&[Run::bold(table.columns[c].header.clone())], m);
            table
                .rows
                .iter()
                .filter_map(|cells| cells.get(c))
                .map(|cell| widest_word(&cell.runs, m))
                .fold(header, f32::max)
        })
        .collect();
    let weights: Vec<f32> = table.columns.iter().map(|c| c.weight).collect();
    let minimums: Vec<f32> = widest_words
        .iter()
        .map(|w| (w + 2.0 * CELL_PAD_X).min(BODY_WIDTH * MAX_WORD_SHARE))
        .collect();
    let col_w = fit_columns(&weights, &minimums, BODY_WIDTH);
    let col_x: Vec<f32> = col_w
        .iter()
        .scan(0.0, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    let inner = |c: usize| (col_w[c] - 2.0 * CELL_PAD_X).max(1.0);
    let header: Vec<Vec<Line>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| wrap_text(&column.header, Face::Bold, TABLE_SIZE, inner(c), m))
        .collect();
    let header_h = row_height(header.iter().map(Vec::len).max().unwrap_or(1));
    // Rows wrap independently of each other: a long table is wrapped in parallel.
    let rows = table
        .rows
        .par_iter()
        .map(|cells| {
            let wrapped: Vec<Vec<Line>> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| wrap(&drawable_runs(&cell.runs, m), TABLE_SIZE, inner(c), m))
                .collect();
            let height = row_height(wrapped.iter().map(Vec::len).max().unwrap_or(1));
            PreparedRow {
                cells: wrapped,
                fills: cells.iter().map(|cell| cell.fill).collect(),
                height,
            }
        })
        .collect();
    let caption = table.caption.as_deref().unwrap_or("");
    let continued = if caption.is_empty() {
        String::new()
    } else {
        format!("{caption} (continued)")
    };
    PreparedTable {
        col_x,
        col_w,
        align: table.columns.iter().map(|c| c.align).collect(),
        header,
        header_h,
        rows,
        caption: wrap_text(caption, Face::Bold, CAPTION_SIZE, BODY_WIDTH, m),
        caption_continued: wrap_text(&continued, Face::Bold, CAPTION_SIZE, BODY_WIDTH, m),
        note: wrap_text(
            table.note.as_deref().unwrap_or(""),
            Face::Regular,
            NOTE_SIZE,
            BODY_WIDTH,
            m,
        ),
    }
}
