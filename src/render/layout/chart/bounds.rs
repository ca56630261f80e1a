//! Where a chart's label may go: the box a text, bar or dot covers, and
//! whether a box overlaps another or is crossed by a line. Geometry only.

use crate::document::style::GRID;
use crate::render::layout::{Item, TextItem};

/// A box on the drawing: left, top, right, bottom (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Bounds {
    /// Whether two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &Bounds) -> bool {
        self.left < o.right && o.left < self.right && self.top < o.bottom && o.top < self.bottom
    }

    fn contains(&self, (x, y): (f32, f32)) -> bool {
        x > self.left && x < self.right && y > self.top && y < self.bottom
    }

    /// Whether the segment from `a` to `b` (of the given stroke width) passes
    /// through the box: the box is grown by half the stroke, then the segment
    /// is clipped to it (Liang–Barsky).
    pub fn crossed_by(&self, a: (f32, f32), b: (f32, f32), stroke: f32) -> bool {
        let h = stroke / 2.0;
        let grown = Bounds {
            left: self.left - h,
            top: self.top - h,
            right: self.right + h,
            bottom: self.bottom + h,
        };
        if grown.contains(a) || grown.contains(b) {
            return true;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f32, 1.0f32);
        for (p, q) in [
            (-dx, a.0 - grown.left),
            (dx, grown.right - a.0),
            (-dy, a.1 - grown.top),
            (dy, grown.bottom - a.1),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 >= t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// The box a text item's glyphs take: its width, from the ascent above the
/// baseline to the descent below it.
pub fn text_bounds(t: &TextItem, width: f32) -> Bounds {
    Bounds {
        left: t.x,
        top: t.baseline - 0.78 * t.size,
        right: t.x + width,
        bottom: t.baseline + 0.22 * t.size,
    }
}

/// Whether a drawn item covers any of `b`: a bar, a line (not a grid line)
/// or a marker.
/// Text is left to the caller (labels keep clear of labels as they are
/// placed), and a label set inside its own stacked segment is part of it.
pub fn touches(item: &Item, b: &Bounds) -> bool {
    match item {
        Item::Rect(r) => b.overlaps(&Bounds {
            left: r.x,
            top: r.top,
            right: r.x + r.width,
            bottom: r.top + r.height,
        }),
        // Grid lines are a faint background a label may sit across.
        Item::Line(l) if l.colour == GRID => false,
        Item::Line(l) => l
            .points
            .windows(2)
            .any(|w| b.crossed_by(w[0], w[1], l.width)),
        Item::Dot(d) => b.overlaps(&Bounds {
            left: d.x - d.radius,
            top: d.y - d.radius,
            right: d.x + d.radius,
            bottom: d.y + d.radius,
        }),
        Item::Text(_) => false,
    }
}
