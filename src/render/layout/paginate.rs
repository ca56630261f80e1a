//! Pagination: blocks set down the pages in order, keeping a heading with
//! what follows it and starting a page when a chart or a table's start does
//! not fit; tables are set by `table`, lines by `flow`. Places measured
//! content; measures nothing itself.

use super::flow::{draw_line, place_lines, Flow, LineSpec};
use super::items::{rule, text, Drawing, Mark, Part, PlacedHeading, Role};
use super::prepare::{Prepared, PreparedHeading};
use super::table::place_table;
use super::wrap::Line;
use crate::document::style::*;
use crate::render::text::Face;

/// The space a block asks for before and after itself.
pub(super) fn spacing(prepared: &Prepared) -> (f32, f32) {
    match prepared {
        Prepared::Title(_) => (0.0, 14.0),
        Prepared::Heading(h) => (h.style.before, h.style.after),
        Prepared::Paragraph(_) | Prepared::Bullets(_) => (0.0, PARAGRAPH_AFTER),
        Prepared::Table(_) | Prepared::Chart(_) => (BLOCK_GAP, BLOCK_GAP),
        Prepared::PageBreak | Prepared::Spacer(_) => (0.0, 0.0),
    }
}

/// How many rows of what follows a heading keeps on its page: two lines of
/// text or two rows of a table (issue 15: never a heading with one row).
pub(super) const KEPT_ROWS: usize = 2;

/// A paragraph wholly in bold and at most two lines long is a heading in all
/// but name (the chase list's "Agency — Owner"): it keeps with what follows.
pub(super) fn is_run_in_heading(lines: &[Line]) -> bool {
    let mut words = lines
        .iter()
        .flat_map(|l| &l.fragments)
        .filter(|f| !f.text.trim().is_empty())
        .peekable();
    lines.len() <= 2 && words.peek().is_some() && words.all(|f| f.face == Face::Bold)
}

/// The height of a block that is shorter than `KEPT_ROWS` lines, and the lead
/// of what follows it (a heading's one-line sentence keeps with the chart or
/// table it introduces); a heading or page break ends the chain.
pub(super) fn short_lead(prepared: &[Prepared], index: usize, own: f32) -> f32 {
    match prepared.get(index + 1) {
        None | Some(Prepared::Heading(_) | Prepared::PageBreak) => own,
        Some(next) => own + PARAGRAPH_AFTER.max(spacing(next).0) + lead_height(prepared, index + 1),
    }
}

/// The least of block `index` that must share a page with a heading before
/// it: two lines of text (and, after a one-line sentence, the lead of what
/// follows), a table's caption, header and first two rows, a whole chart, or
/// a heading (or bold run-in heading) and what it in turn keeps.
pub(super) fn lead_height(prepared: &[Prepared], index: usize) -> f32 {
    let Some(block) = prepared.get(index) else {
        return 0.0;
    };
    match block {
        Prepared::Title(lines) => lines.len() as f32 * TITLE_LEADING,
        Prepared::Heading(h) => {
            let next_before = prepared.get(index + 1).map_or(0.0, |b| spacing(b).0);
            h.height() + h.style.after.max(next_before) + lead_height(prepared, index + 1)
        }
        Prepared::Paragraph(lines) if is_run_in_heading(lines) || lines.len() < KEPT_ROWS => {
            short_lead(prepared, index, lines.len() as f32 * BODY_LEADING)
        }
        Prepared::Paragraph(_) => KEPT_ROWS as f32 * BODY_LEADING,
        Prepared::Bullets(items) => {
            items.first().map_or(0, |lines| lines.len().min(2)) as f32 * BODY_LEADING
        }
        Prepared::Table(t) => {
            let rows: f32 = t.rows.iter().take(KEPT_ROWS).map(|r| r.height).sum();
            t.caption_h(false) + t.header_h + rows.min(t.fresh_room())
        }
        Prepared::Chart(d) => d.height,
        Prepared::Spacer(points) => points + lead_height(prepared, index + 1),
        Prepared::PageBreak => 0.0,
    }
}

pub(super) fn place_block(flow: &mut Flow, prepared: &[Prepared], index: usize) {
    let (before, after) = spacing(&prepared[index]);
    match &prepared[index] {
        Prepared::Title(lines) => {
            place_lines(flow, lines, &LineSpec::title(), before, index, Part::Title);
        }
        Prepared::Heading(h) => place_heading(flow, h, prepared, index),
        Prepared::Paragraph(lines) => {
            if is_run_in_heading(lines) {
                flow.ensure(before, lead_height(prepared, index));
            }
            place_lines(
                flow,
                lines,
                &LineSpec::body(0.0),
                before,
                index,
                Part::Lines,
            );
        }
        Prepared::Bullets(items) => place_bullets(flow, items, index),
        Prepared::Table(t) => place_table(flow, t, index),
        Prepared::Chart(drawing) => place_chart(flow, drawing, index),
        Prepared::PageBreak => {
            if !flow.at_top() {
                flow.new_page();
            }
            return;
        }
        Prepared::Spacer(points) => {
            // A spacer at a page top is kept (it places a cover's title) and
            // counts as content, so what follows still breaks to a new page
            // when it does not fit below it.
            if flow.fits(0.0, *points) {
                flow.take(0.0, *points);
            } else if !flow.at_top() {
                flow.new_page();
            }
            return;
        }
    }
    flow.gap_after = after;
}

pub(super) fn place_heading(
    flow: &mut Flow,
    h: &PreparedHeading,
    prepared: &[Prepared],
    index: usize,
) {
    flow.ensure(h.style.before, lead_height(prepared, index));
    let height = h.height();
    let top = flow.take(h.style.before, height);
    let baseline = top + baseline_in_line(h.style.leading, h.style.size);
    let role = Role::Content {
        block: index,
        mark: Mark::Heading(h.level),
    };
    // The trailing space falls inside the indent; it makes copied text read
    // "2.1 Referrals" rather than "2.1Referrals".
    flow.draw(
        text(
            MARGIN_LEFT,
            baseline,
            &format!("{} ", h.number),
            Face::Bold,
            h.style.size,
            h.style.colour,
        ),
        role,
    );
    for (i, line) in h.lines.iter().enumerate() {
        let baseline = baseline + i as f32 * h.style.leading;
        let at = (MARGIN_LEFT + h.indent, baseline);
        draw_line(flow, line, at, h.style.size, h.style.colour, role);
    }
    if h.style.rule {
        let y = top + height - 2.0;
        let line = rule(MARGIN_LEFT, MARGIN_LEFT + BODY_WIDTH, y, 0.8, HEADING_RULE);
        flow.draw(line, Role::Artifact);
    }
    flow.place(index, Part::Heading, top, top + height);
    flow.page().headings.push(PlacedHeading {
        level: h.level,
        number: h.number.clone(),
        text: h.text.clone(),
        top,
    });
}

pub(super) fn place_bullets(flow: &mut Flow, items: &[Vec<Line>], index: usize) {
    let spec = LineSpec::body(BULLET_INDENT);
    for (i, lines) in items.iter().enumerate() {
        let before = if i == 0 { 0.0 } else { BULLET_GAP };
        if let Some(first) = place_lines(flow, lines, &spec, before, index, Part::Bullet(i)) {
            // The marker goes with the item's first line, on whichever page it
            // landed, and before it in reading order so copied text reads "• item".
            let baseline = first.top + baseline_in_line(BODY_LEADING, BODY_SIZE);
            let marker = text(
                MARGIN_LEFT + 4.0,
                baseline,
                "• ",
                Face::Regular,
                BODY_SIZE,
                NAVY,
            );
            let role = Role::Content {
                block: index,
                mark: Mark::BulletLabel(i),
            };
            flow.pages[first.page].insert(first.item, marker, role);
        }
    }
}

pub(super) fn place_chart(flow: &mut Flow, drawing: &Drawing, index: usize) {
    flow.ensure(BLOCK_GAP, drawing.height);
    let top = flow.take(BLOCK_GAP, drawing.height);
    let role = Role::Content {
        block: index,
        mark: Mark::Figure,
    };
    for item in &drawing.items {
        flow.draw(item.shifted(MARGIN_LEFT, top), role);
    }
    flow.place(index, Part::Chart, top, top + drawing.height);
}
