//! The running position down the pages, and wrapped lines set down them:
//! all a page takes, but never a lone first line at a page foot nor a lone
//! last line at a page top. Which block goes where is `paginate`'s.

use super::items::{text, Item, Mark, PageLayout, Part, Placement, Role};
use super::wrap::Line;
use super::EPSILON;
use crate::document::style::*;
use crate::document::Rgb;

/// The running position down the pages.
pub(super) struct Flow {
    pub(super) pages: Vec<PageLayout>,
    pub(super) cursor: f32,
    /// The space the previous block asked for after it; collapsed with the
    /// next block's space before (the larger wins), and dropped at a page top.
    pub(super) gap_after: f32,
    pub(super) page_has_content: bool,
}

impl Flow {
    pub(super) fn new() -> Flow {
        Flow {
            pages: vec![PageLayout {
                number: 1,
                ..PageLayout::default()
            }],
            cursor: BODY_TOP,
            gap_after: 0.0,
            page_has_content: false,
        }
    }

    pub(super) fn at_top(&self) -> bool {
        !self.page_has_content
    }

    pub(super) fn gap(&self, before: f32) -> f32 {
        if self.at_top() {
            0.0
        } else {
            before.max(self.gap_after)
        }
    }

    pub(super) fn remaining(&self) -> f32 {
        BODY_BOTTOM - self.cursor
    }

    pub(super) fn fits(&self, before: f32, height: f32) -> bool {
        self.gap(before) + height <= self.remaining() + EPSILON
    }

    pub(super) fn new_page(&mut self) {
        let number = self.pages.len() + 1;
        self.pages.push(PageLayout {
            number,
            ..PageLayout::default()
        });
        self.cursor = BODY_TOP;
        self.gap_after = 0.0;
        self.page_has_content = false;
    }

    /// Starts a new page unless `height` (after its gap) fits on this one or
    /// this page is still empty.
    pub(super) fn ensure(&mut self, before: f32, height: f32) {
        if !self.fits(before, height) && !self.at_top() {
            self.new_page();
        }
    }

    /// Claims `height` below the gap and returns its top.
    pub(super) fn take(&mut self, before: f32, height: f32) -> f32 {
        let top = self.cursor + self.gap(before);
        self.cursor = top + height;
        self.page_has_content = true;
        self.gap_after = 0.0;
        top
    }

    pub(super) fn page(&mut self) -> &mut PageLayout {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn place(&mut self, block: usize, part: Part, top: f32, bottom: f32) {
        self.page().placements.push(Placement {
            block,
            part,
            top,
            bottom,
        });
    }

    pub(super) fn draw(&mut self, item: Item, role: Role) {
        self.page().push(item, role);
    }

    pub(super) fn finish(self) -> Vec<PageLayout> {
        self.pages
    }
}

/// Draws a wrapped line's fragments with its left edge at `x`.
pub(super) fn draw_line(
    flow: &mut Flow,
    line: &Line,
    (x, baseline): (f32, f32),
    size: f32,
    colour: Rgb,
    role: Role,
) {
    let last = line.fragments.len().saturating_sub(1);
    for (i, fragment) in line.fragments.iter().enumerate() {
        let mut item = text(
            x + fragment.x,
            baseline,
            &fragment.text,
            fragment.face,
            size,
            colour,
        );
        // The space where the line broke, drawn after the last word (it shows
        // nothing): the tagged text reads "two words", not "twowords".
        if let (true, Item::Text(t)) = (i == last && line.space_after, &mut item) {
            t.text.push(' ');
        }
        flow.draw(item, role);
    }
}

/// How a run of wrapped lines is set.
pub(super) struct LineSpec {
    pub(super) x: f32,
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) colour: Rgb,
}

impl LineSpec {
    pub(super) fn body(indent: f32) -> LineSpec {
        LineSpec {
            x: MARGIN_LEFT + indent,
            size: BODY_SIZE,
            leading: BODY_LEADING,
            colour: INK,
        }
    }

    pub(super) fn title() -> LineSpec {
        LineSpec {
            x: MARGIN_LEFT,
            size: TITLE_SIZE,
            leading: TITLE_LEADING,
            colour: NAVY,
        }
    }
}

/// How many of `left` lines to set on this page: all that fit, but never a
/// lone first line at a page foot (an orphan) nor a lone last line carried
/// to the next page (a widow). Zero means "start a new page first".
pub(super) fn lines_for_page(fit: usize, left: usize, at_top: bool) -> usize {
    let mut take = fit.min(left);
    if take == 1 && left > 1 && !at_top {
        take = 0;
    }
    if take < left && left - take == 1 && take >= 3 {
        take -= 1;
    }
    if take == 0 && at_top {
        // A page too short for even one line: set one anyway to make progress.
        take = 1;
    }
    take
}

/// Where the first of a run of lines went: its page, its top, and the index
/// of its first drawn item on that page.
pub(super) struct FirstLine {
    pub(super) page: usize,
    pub(super) top: f32,
    pub(super) item: usize,
}

/// Sets lines down the pages.
pub(super) fn place_lines(
    flow: &mut Flow,
    lines: &[Line],
    spec: &LineSpec,
    before: f32,
    block: usize,
    part: Part,
) -> Option<FirstLine> {
    let mark = match part {
        Part::Title => Mark::Title,
        Part::Bullet(i) => Mark::BulletBody(i),
        Part::TableNote => Mark::Note,
        _ => Mark::Paragraph,
    };
    let role = Role::Content { block, mark };
    let mut first_top = None;
    let mut done = 0;
    while done < lines.len() {
        let gap = if done == 0 { flow.gap(before) } else { 0.0 };
        let fit = ((flow.remaining() - gap + EPSILON) / spec.leading)
            .floor()
            .max(0.0) as usize;
        let take = lines_for_page(fit, lines.len() - done, flow.at_top());
        if take == 0 {
            flow.new_page();
            continue;
        }
        let top = flow.take(
            if done == 0 { before } else { 0.0 },
            take as f32 * spec.leading,
        );
        let page = flow.pages.len() - 1;
        let item = flow.pages[page].items.len();
        first_top.get_or_insert(FirstLine { page, top, item });
        for (i, line) in lines[done..done + take].iter().enumerate() {
            let baseline =
                top + i as f32 * spec.leading + baseline_in_line(spec.leading, spec.size);
            draw_line(flow, line, (spec.x, baseline), spec.size, spec.colour, role);
        }
        flow.place(block, part, top, top + take as f32 * spec.leading);
        done += take;
        if done < lines.len() {
            flow.new_page();
        }
    }
    first_top
}
