//! How a chart draws an incomplete value (README, "Incomplete figures"): a
//! bar as an outline filled with diagonal hatching, a point as a hollow ring,
//! both in the series colour and made only of lines, so the PDF and the web
//! page draw them with what they already draw. Geometry only: which value is
//! incomplete, and its `[i]` label, are the chart's business.

use super::layout::{Item, LineItem};
use super::model::Rgb;

/// Space between two hatching lines, measured along the bar's width. Less
/// than a label's height, so no label fits between two lines unnoticed.
const HATCH_STEP: f32 = 4.0;
const HATCH_WIDTH: f32 = 0.75;
const OUTLINE_WIDTH: f32 = 1.0;
const RING_WIDTH: f32 = 1.2;
/// Sides of the polygon a ring is drawn as.
const RING_SIDES: usize = 16;

/// A hatched, outlined bar: its outline, then 45° lines rising to the right.
pub fn hatched_bar(x: f32, top: f32, width: f32, height: f32, colour: Rgb) -> Vec<Item> {
    let (right, bottom) = (x + width, top + height);
    let line = |points: Vec<(f32, f32)>, width: f32| {
        Item::Line(LineItem {
            points,
            width,
            colour,
            dashed: false,
        })
    };
    // Inset by half the stroke, so the outline stays inside the bar's box.
    let h = OUTLINE_WIDTH / 2.0;
    let mut items = vec![line(
        vec![
            (x + h, top + h),
            (right - h, top + h),
            (right - h, bottom - h),
            (x + h, bottom - h),
            (x + h, top + h),
        ],
        OUTLINE_WIDTH,
    )];
    // The line X = c + (bottom − Y), clipped to the box.
    let mut c = x - height + HATCH_STEP;
    while c < right {
        let (x0, y0) = if c >= x {
            (c, bottom)
        } else {
            (x, bottom - (x - c))
        };
        let (x1, y1) = if c + height <= right {
            (c + height, top)
        } else {
            (right, bottom - (right - c))
        };
        if x1 - x0 > 0.5 {
            items.push(line(vec![(x0, y0), (x1, y1)], HATCH_WIDTH));
        }
        c += HATCH_STEP;
    }
    items
}

/// A hollow point: a ring of `radius` (its outer edge) centred on (`x`, `y`).
pub fn ring(x: f32, y: f32, radius: f32, colour: Rgb) -> Item {
    let r = radius - RING_WIDTH / 2.0;
    let points = (0..=RING_SIDES)
        .map(|k| {
            let a = std::f32::consts::TAU * k as f32 / RING_SIDES as f32;
            (x + r * a.cos(), y + r * a.sin())
        })
        .collect();
    Item::Line(LineItem {
        points,
        width: RING_WIDTH,
        colour,
        dashed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[Item]) -> Vec<&LineItem> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn hatching_stays_inside_its_bar_and_covers_it() {
        let colour = Rgb::hex(0x1d70b8);
        for (w, h) in [(30.0, 100.0), (30.0, 5.0), (8.0, 40.0), (60.0, 60.0)] {
            let items = hatched_bar(10.0, 20.0, w, h, colour);
            let all = lines(&items);
            for l in &all {
                for (x, y) in &l.points {
                    assert!(*x >= 10.0 - 0.01 && *x <= 10.0 + w + 0.01, "{w}x{h}: x {x}");
                    assert!(*y >= 20.0 - 0.01 && *y <= 20.0 + h + 0.01, "{w}x{h}: y {y}");
                }
            }
            // Every bar gets more than its outline once it is a few steps wide.
            let hatches = all.len() - 1;
            let expected = ((w + h) / HATCH_STEP) as usize;
            assert!(hatches + 2 >= expected, "{w}x{h}: {hatches} lines");
        }
    }

    #[test]
    fn a_ring_is_closed_and_within_its_radius() {
        let Item::Line(l) = ring(50.0, 50.0, 3.0, Rgb::hex(0)) else {
            panic!("a line");
        };
        let (first, last) = (l.points[0], l.points[l.points.len() - 1]);
        assert!((first.0 - last.0).abs() < 0.01 && (first.1 - last.1).abs() < 0.01);
        for (x, y) in &l.points {
            let from_centre = ((x - 50.0).powi(2) + (y - 50.0).powi(2)).sqrt();
            assert!(from_centre + l.width / 2.0 <= 3.0 + 0.01, "{from_centre}");
        }
    }
}
