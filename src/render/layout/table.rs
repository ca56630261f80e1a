//! A table set down the pages: its caption and header row, repeated with
//! "(continued)" on each page it runs onto, rows never split unless one is
//! taller than a page, status fills and rules, and the note under it.

use super::flow::{draw_line, place_lines, Flow, LineSpec};
use super::items::{rule, text, Item, Mark, Part, RectItem, Role};
use super::prepare::{row_height, PreparedRow, PreparedTable, NOTE_GAP};
use super::wrap::Line;
use super::EPSILON;
use crate::document::style::{self, *};
use crate::document::{Align, Rgb};
use crate::render::text::Face;

/// The inset of a status fill inside its cell, so neighbouring fills read as
/// separate cells.
pub(super) const FILL_INSET: f32 = 1.5;
pub(super) const SPLIT_NOTE: &str = "This row continues on the next page.";

/// How many rows a table starts with under its caption and header: a caption,
/// header and one row at a page foot read as a stray line.
pub(super) const ROWS_KEPT_WITH_HEADER: usize = 2;

pub(super) fn place_table(flow: &mut Flow, t: &PreparedTable, index: usize) {
    let first_rows: f32 = t
        .rows
        .iter()
        .take(ROWS_KEPT_WITH_HEADER)
        .map(|r| r.height)
        .sum();
    let start = t.caption_h(false) + t.header_h + first_rows.min(t.fresh_room());
    flow.ensure(BLOCK_GAP, start);
    draw_table_header(flow, t, false, index);
    let last = t.rows.len().saturating_sub(1);
    for (r, row) in t.rows.iter().enumerate() {
        let keep_note = r == last && row.height + t.note_h() <= t.fresh_room();
        let need = row.height + if keep_note { t.note_h() } else { 0.0 };
        if !flow.fits(0.0, need) {
            if row.height > t.fresh_room() + EPSILON {
                place_split_row(flow, t, row, r, index);
                continue;
            }
            flow.new_page();
            draw_table_header(flow, t, true, index);
        }
        let top = flow.take(0.0, row.height);
        let slices: Vec<&[Line]> = row.cells.iter().map(Vec::as_slice).collect();
        draw_row(flow, t, (index, r), &slices, &row.fills, (top, row.height));
        flow.place(
            index,
            Part::TableRow { row: r, piece: 0 },
            top,
            top + row.height,
        );
    }
    let bottom = flow.cursor;
    let line = rule(
        MARGIN_LEFT,
        MARGIN_LEFT + BODY_WIDTH,
        bottom,
        0.8,
        RULE_STRONG,
    );
    flow.draw(line, Role::Artifact);
    if !t.note.is_empty() {
        let spec = LineSpec {
            x: MARGIN_LEFT,
            size: NOTE_SIZE,
            leading: NOTE_LEADING,
            colour: MUTED,
        };
        place_lines(flow, &t.note, &spec, NOTE_GAP, index, Part::TableNote);
    }
}

pub(super) fn draw_table_header(flow: &mut Flow, t: &PreparedTable, continued: bool, index: usize) {
    let caption_h = t.caption_h(continued);
    let height = caption_h + t.header_h;
    let top = flow.take(if continued { 0.0 } else { BLOCK_GAP }, height);
    let caption = if continued {
        &t.caption_continued
    } else {
        &t.caption
    };
    // A table split across pages is one table to a reader: the header row
    // repeated on later pages is an artifact. The "(continued)" caption is
    // read, as more of the table's one Caption (an artifact would hide text
    // a sighted reader sees: ISO 14289-1 7.1).
    let role = |mark: Mark| {
        if continued {
            Role::Artifact
        } else {
            Role::Content { block: index, mark }
        }
    };
    let caption_role = Role::Content {
        block: index,
        mark: Mark::Caption,
    };
    for (i, line) in caption.iter().enumerate() {
        let baseline =
            top + i as f32 * CAPTION_LEADING + baseline_in_line(CAPTION_LEADING, CAPTION_SIZE);
        let at = (MARGIN_LEFT, baseline);
        draw_line(flow, line, at, CAPTION_SIZE, NAVY, caption_role);
    }
    let header_top = top + caption_h;
    let fill = Item::Rect(RectItem {
        x: MARGIN_LEFT,
        top: header_top,
        width: BODY_WIDTH,
        height: t.header_h,
        fill: TABLE_HEADER_FILL,
    });
    flow.draw(fill, Role::Artifact);
    for (c, lines) in t.header.iter().enumerate() {
        let role = role(Mark::HeaderCell(c));
        draw_cell_lines(flow, t, c, lines, header_top, TABLE_HEADER_TEXT, role);
    }
    flow.place(index, Part::TableHeader { continued }, top, top + height);
}

pub(super) fn draw_cell_lines(
    flow: &mut Flow,
    t: &PreparedTable,
    c: usize,
    lines: &[Line],
    top: f32,
    colour: Rgb,
    role: Role,
) {
    let x = MARGIN_LEFT + t.col_x[c];
    let w = t.col_w[c];
    for (j, line) in lines.iter().enumerate() {
        let baseline = top
            + CELL_PAD_Y
            + j as f32 * TABLE_LEADING
            + baseline_in_line(TABLE_LEADING, TABLE_SIZE);
        let left = match t.align[c] {
            Align::Left => x + CELL_PAD_X,
            Align::Right => x + w - CELL_PAD_X - line.width,
        };
        draw_line(flow, line, (left, baseline), TABLE_SIZE, colour, role);
    }
}

pub(super) fn draw_row(
    flow: &mut Flow,
    t: &PreparedTable,
    (block, row): (usize, usize),
    cells: &[&[Line]],
    fills: &[Option<Rgb>],
    (top, height): (f32, f32),
) {
    for (c, lines) in cells.iter().enumerate() {
        let fill = fills.get(c).copied().flatten();
        if let Some(fill) = fill {
            let rect = Item::Rect(RectItem {
                x: MARGIN_LEFT + t.col_x[c] + FILL_INSET,
                top: top + FILL_INSET,
                width: t.col_w[c] - 2.0 * FILL_INSET,
                height: height - 2.0 * FILL_INSET,
                fill,
            });
            flow.draw(rect, Role::Artifact);
        }
        let colour = fill.map_or(INK, style::text_on);
        let role = Role::Content {
            block,
            mark: Mark::Cell { row, column: c },
        };
        draw_cell_lines(flow, t, c, lines, top, colour, role);
    }
    let line = rule(
        MARGIN_LEFT,
        MARGIN_LEFT + BODY_WIDTH,
        top + height,
        0.5,
        RULE,
    );
    flow.draw(line, Role::Artifact);
}

/// Sets a row taller than a whole page in pieces, each cell's lines carried
/// on from where the last piece stopped, with the header repeated above each
/// piece and a note under each piece but the last.
pub(super) fn place_split_row(
    flow: &mut Flow,
    t: &PreparedTable,
    row: &PreparedRow,
    r: usize,
    index: usize,
) {
    let note_h = NOTE_LEADING + 2.0;
    if flow.remaining() < (BODY_BOTTOM - BODY_TOP) / 3.0 {
        flow.new_page();
        draw_table_header(flow, t, true, index);
    }
    let mut offsets = vec![0usize; row.cells.len()];
    let mut piece = 0;
    loop {
        let room = flow.remaining() - note_h - 2.0 * CELL_PAD_Y;
        let per_piece = ((room + EPSILON) / TABLE_LEADING).floor().max(1.0) as usize;
        let slices: Vec<&[Line]> = row
            .cells
            .iter()
            .zip(&offsets)
            .map(|(lines, &from)| {
                let from = from.min(lines.len());
                &lines[from..(from + per_piece).min(lines.len())]
            })
            .collect();
        let height = row_height(slices.iter().map(|s| s.len()).max().unwrap_or(1));
        let top = flow.take(0.0, height);
        draw_row(flow, t, (index, r), &slices, &row.fills, (top, height));
        flow.place(index, Part::TableRow { row: r, piece }, top, top + height);
        for (offset, lines) in offsets.iter_mut().zip(&row.cells) {
            *offset = (*offset + per_piece).min(lines.len());
        }
        let more = offsets
            .iter()
            .zip(&row.cells)
            .any(|(&o, lines)| o < lines.len());
        if !more {
            return;
        }
        let baseline = flow.cursor + 2.0 + baseline_in_line(NOTE_LEADING, NOTE_SIZE);
        // Pagination, like a running header: the row itself reads on whole.
        let note = text(
            MARGIN_LEFT,
            baseline,
            SPLIT_NOTE,
            Face::Regular,
            NOTE_SIZE,
            MUTED,
        );
        flow.draw(note, Role::Artifact);
        flow.new_page();
        draw_table_header(flow, t, true, index);
        piece += 1;
    }
}
