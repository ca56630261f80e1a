//! How a chart draws an incomplete value (README, "Incomplete figures"): a
//! bar as an outline filled with diagonal hatching, a point as a hollow ring
//! that the line stops short of, all in the series colour and made of lines, so the PDF and the web
//! page draw them with what they already draw. Geometry only: which value is
//! incomplete, and its `[i]` label, are the chart's business.

use crate::document::Rgb;
use crate::render::layout::{Item, LineItem};

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

/// The polylines of a line through `points` (x, y, incomplete), each cut
/// `gap` short of an incomplete point, so its ring is not struck through.
/// A run of one point draws nothing.
pub fn line_runs(points: &[(f32, f32, bool)], gap: f32) -> Vec<Vec<(f32, f32)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(f32, f32)> = Vec::new();
    for (i, &(x, y, incomplete)) in points.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| points.get(p));
        let next = points.get(i + 1);
        if !incomplete {
            run.push((x, y));
            continue;
        }
        if let Some(&(px, py, _)) = previous {
            run.push(short_of((x, y), (px, py), gap));
        }
        if run.len() >= 2 {
            runs.push(std::mem::take(&mut run));
        }
        run.clear();
        if let Some(&(nx, ny, _)) = next {
            run.push(short_of((x, y), (nx, ny), gap));
        }
    }
    if run.len() >= 2 {
        runs.push(run);
    }
    runs
}

/// The point `gap` from `p` towards `towards` (`p` itself when they are closer).
fn short_of(p: (f32, f32), towards: (f32, f32), gap: f32) -> (f32, f32) {
    let (dx, dy) = (towards.0 - p.0, towards.1 - p.1);
    let length = (dx * dx + dy * dy).sqrt();
    if length <= gap * 2.0 {
        return p;
    }
    (p.0 + dx / length * gap, p.1 + dy / length * gap)
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
    fn a_line_stops_short_of_an_incomplete_point() {
        let points = [
            (0.0, 0.0, false),
            (10.0, 0.0, true),
            (20.0, 0.0, false),
            (30.0, 0.0, false),
        ];
        let runs = line_runs(&points, 3.0);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 0.0), (7.0, 0.0)],
                vec![(13.0, 0.0), (20.0, 0.0), (30.0, 0.0)]
            ]
        );
        let whole = [(0.0, 0.0, false), (10.0, 5.0, false)];
        assert_eq!(line_runs(&whole, 3.0), vec![vec![(0.0, 0.0), (10.0, 5.0)]]);
        // Incomplete at both ends, and alone.
        let ends = [(0.0, 0.0, true), (10.0, 0.0, true)];
        assert_eq!(line_runs(&ends, 3.0), vec![vec![(3.0, 0.0), (7.0, 0.0)]]);
        assert!(line_runs(&[(0.0, 0.0, true)], 3.0).is_empty());
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
