//! Vector charts — grouped bars, stacked bars and lines with an optional target
//! line — drawn as rectangles, lines and real text (axis labels, tick labels,
//! a legend) into a block-sized drawing. Values arrive finished: nothing here
//! computes a figure beyond stacking what it is given.
//!
//! A missing or suppressed value (`ChartValue::Missing`) is never drawn as a
//! bar or point: its label (such as `[c]`) is printed where it would be. A
//! stacked bar with a missing part shows that label above the stack in place
//! of the total, since the total is not known.

mod bounds;
mod marks;

pub use self::bounds::Bounds;
use self::bounds::{text_bounds, touches};
use self::marks::{hatched_bar, line_runs, ring};
use super::items::{DotItem, Drawing, Item, LineItem, RectItem, TextItem};
use super::wrap::{wrap_text, Line};
use crate::document::style::*;
use crate::document::{format_value, series_colour, Chart, ChartKind, ChartValue, Rgb, Scale};
use crate::render::text::{Face, Measure};

const PLOT_HEIGHT: f32 = 150.0;
const LABEL_SIZE: f32 = 7.5;
const AXIS_SIZE: f32 = 8.0;
const AXIS_LEADING: f32 = 10.0;
const LEGEND_SIZE: f32 = 8.0;
const LEGEND_LEADING: f32 = 13.0;
const SWATCH: f32 = 8.0;
const LINE_SWATCH: f32 = 16.0;
/// Room above the plot for value labels on the tallest bar.
const HEADROOM: f32 = 12.0;
/// The white line between two segments of a stacked bar.
const STACK_GAP: f32 = 1.0;

/// What a drawn item of a chart is, so another renderer (the web page's
/// SVG) can name it without working it out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartPart {
    Caption,
    /// The value axis's label (`Count`) and tick labels.
    AxisLabel,
    Tick,
    /// Grid lines, the zero axis.
    Grid,
    /// Bars, lines, points, the target line, the incomplete hatching.
    Mark,
    /// A value label or a symbol set where a bar or point would be.
    Label,
    Category,
    Legend,
    Note,
}

/// A chart's drawing with what each of its items is (`parts[i]` of `items[i]`).
pub struct ChartDrawing {
    pub drawing: Drawing,
    pub parts: Vec<ChartPart>,
}

/// The chart as a drawing `width` points wide.
pub fn draw(chart: &Chart, width: f32, m: &dyn Measure) -> Drawing {
    draw_parts(chart, width, m).drawing
}

/// The chart as a drawing `width` points wide, each item with its part: the
/// one layout of a chart — scale, bars, labels placed clear of everything —
/// that both the PDF and the web page draw.
pub fn draw_parts(chart: &Chart, width: f32, m: &dyn Measure) -> ChartDrawing {
    let mut canvas = Canvas {
        items: Vec::new(),
        parts: Vec::new(),
        part: ChartPart::Caption,
        pending: Vec::new(),
        m,
    };
    let mut y = 0.0;
    if let Some(caption) = chart.caption.as_deref().filter(|c| !c.is_empty()) {
        let lines = wrap_text(caption, Face::Bold, CAPTION_SIZE, width, m);
        y = canvas.lines(&lines, 0.0, y, CAPTION_SIZE, CAPTION_LEADING, NAVY) + 4.0;
    }
    let scale = Scale::for_chart(chart);
    let tick_labels: Vec<String> = scale.labelled_ticks().into_iter().map(|t| t.1).collect();
    let tick_width = tick_labels
        .iter()
        .map(|t| m.width(Face::Regular, t, AXIS_SIZE))
        .fold(0.0, f32::max);
    canvas.part = ChartPart::AxisLabel;
    if let Some(label) = chart.y_label.as_deref().filter(|l| !l.is_empty()) {
        let lines = wrap_text(label, Face::Regular, AXIS_SIZE, width, m);
        y = canvas.lines(&lines, 0.0, y, AXIS_SIZE, AXIS_LEADING, MUTED) + 2.0;
    }
    let plot = Plot {
        left: tick_width + 6.0,
        right: width - 4.0,
        top: y + HEADROOM,
        bottom: y + HEADROOM + PLOT_HEIGHT,
        scale,
        bands: chart.categories.len().max(1),
    };
    draw_grid(&mut canvas, &plot, &tick_labels, m);
    canvas.part = ChartPart::Mark;
    match chart.kind {
        ChartKind::GroupedBars => draw_grouped_bars(&mut canvas, chart, &plot, m),
        ChartKind::StackedBars => draw_stacked_bars(&mut canvas, chart, &plot, m),
        ChartKind::Line => draw_lines(&mut canvas, chart, &plot),
    }
    canvas.part = ChartPart::Grid;
    draw_axis(&mut canvas, &plot);
    canvas.part = ChartPart::Mark;
    if let Some(target) = &chart.target {
        draw_target(&mut canvas, &plot, target.value);
    }
    // Labels last, once every bar and line they must keep clear of is down.
    canvas.part = ChartPart::Label;
    canvas.place_labels(&plot);
    canvas.part = ChartPart::Category;
    y = draw_category_labels(&mut canvas, chart, &plot, m);
    canvas.part = ChartPart::Legend;
    y = draw_legend(&mut canvas, chart, &plot, y + 8.0, width, m);
    canvas.part = ChartPart::Note;
    if let Some(note) = chart.note.as_deref().filter(|n| !n.is_empty()) {
        let lines = wrap_text(note, Face::Regular, NOTE_SIZE, width, m);
        y = canvas.lines(&lines, 0.0, y + 2.0, NOTE_SIZE, NOTE_LEADING, MUTED);
    }
    ChartDrawing {
        drawing: Drawing {
            items: canvas.items,
            height: y + 2.0,
        },
        parts: canvas.parts,
    }
}

struct Canvas<'m> {
    items: Vec<Item>,
    /// What each item is, in step with `items`.
    parts: Vec<ChartPart>,
    /// The part being drawn.
    part: ChartPart,
    /// Data labels waiting to be placed clear of the bars, lines and other
    /// labels (see `place_labels`), each with the segment it must stay inside
    /// when it is set in a stacked bar.
    pending: Vec<(TextItem, Option<Bounds>)>,
    m: &'m dyn Measure,
}

/// How far a label may be moved from where it belongs, in label lines.
const LABEL_SHIFTS: [f32; 9] = [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0];

impl Canvas<'_> {
    /// A data label centred on `cx` at `baseline`, placed later clear of
    /// everything else in the plot.
    fn label(&mut self, cx: f32, baseline: f32, text: &str, face: Face, colour: Rgb) {
        self.label_within(cx, baseline, text, face, colour, None);
    }

    /// A label that must stay inside `within` (a stacked segment).
    fn label_within(
        &mut self,
        cx: f32,
        baseline: f32,
        text: &str,
        face: Face,
        colour: Rgb,
        within: Option<Bounds>,
    ) {
        let w = self.m.width(face, text, LABEL_SIZE);
        let item = TextItem {
            x: cx - w / 2.0,
            baseline,
            text: text.to_string(),
            face,
            size: LABEL_SIZE,
            colour,
        };
        self.pending.push((item, within));
    }

    /// Puts each pending label where it belongs or, when that spot touches a
    /// bar, a line, a marker or a label already placed, at the nearest spot
    /// above or below it (then beside it) that touches none and stays in the
    /// plot's band; a label with no such spot is left out rather than drawn
    /// over something (the tables beside every chart carry its figure).
    fn place_labels(&mut self, plot: &Plot) {
        let mut placed: Vec<Bounds> = Vec::new();
        for (label, within) in std::mem::take(&mut self.pending) {
            let w = self.m.width(label.face, &label.text, label.size);
            // Outside a bar a label moves by whole label lines, then beside
            // its place; inside a segment it moves in small steps.
            let step = if within.is_some() {
                2.0
            } else {
                label.size + 1.5
            };
            let sideways: &[f32] = if within.is_some() {
                &[0.0]
            } else {
                &[0.0, -(w / 2.0 + 3.0), w / 2.0 + 3.0]
            };
            let spots = sideways
                .iter()
                .flat_map(|dx| LABEL_SHIFTS.iter().map(move |k| (*dx, k * step)));
            let free = spots
                .map(|(dx, dy)| TextItem {
                    x: label.x + dx,
                    baseline: label.baseline + dy,
                    ..label.clone()
                })
                .find(|t| {
                    let b = text_bounds(t, w);
                    let in_place = match &within {
                        Some(seg) => {
                            b.top >= seg.top
                                && b.bottom <= seg.bottom
                                && b.left >= seg.left
                                && b.right <= seg.right
                        }
                        None => {
                            b.top >= plot.top - HEADROOM
                                && b.bottom <= plot.bottom
                                && b.left >= plot.left
                                && b.right <= plot.right + 4.0
                        }
                    };
                    in_place
                        && !placed.iter().any(|p| p.overlaps(&b))
                        && !self.items.iter().any(|item| match item {
                            // Inside its segment a label is on a bar by design.
                            Item::Rect(_) if within.is_some() => false,
                            _ => touches(item, &b),
                        })
                });
            if let Some(t) = free {
                placed.push(text_bounds(&t, w));
                self.push(Item::Text(t));
            }
        }
    }

    fn push(&mut self, item: Item) {
        self.items.push(item);
        self.parts.push(self.part);
    }

    fn text(&mut self, x: f32, baseline: f32, text: &str, face: Face, size: f32, colour: Rgb) {
        self.push(Item::Text(TextItem {
            x,
            baseline,
            text: text.to_string(),
            face,
            size,
            colour,
        }));
    }

    fn centred(&mut self, cx: f32, baseline: f32, text: &str, face: Face, size: f32, colour: Rgb) {
        let w = self.m.width(face, text, size);
        self.text(cx - w / 2.0, baseline, text, face, size, colour);
    }

    /// A bar: filled, or hatched and outlined when its value is incomplete.
    fn bar(&mut self, x: f32, top: f32, width: f32, height: f32, fill: Rgb, incomplete: bool) {
        if incomplete {
            for item in hatched_bar(x, top, width, height, fill) {
                self.push(item);
            }
        } else {
            self.rect(x, top, width, height, fill);
        }
    }

    fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, fill: Rgb) {
        self.push(Item::Rect(RectItem {
            x,
            top,
            width,
            height,
            fill,
        }));
    }

    fn line(&mut self, points: Vec<(f32, f32)>, width: f32, colour: Rgb, dashed: bool) {
        self.push(Item::Line(LineItem {
            points,
            width,
            colour,
            dashed,
        }));
    }

    fn dot(&mut self, x: f32, y: f32, radius: f32, fill: Rgb) {
        self.push(Item::Dot(DotItem { x, y, radius, fill }));
    }

    /// Sets wrapped lines from `top`, returning the y below them.
    fn lines(
        &mut self,
        lines: &[Line],
        x: f32,
        top: f32,
        size: f32,
        leading: f32,
        colour: Rgb,
    ) -> f32 {
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + i as f32 * leading + baseline_in_line(leading, size);
            for f in &line.fragments {
                self.text(x + f.x, baseline, &f.text, f.face, size, colour);
            }
        }
        top + lines.len() as f32 * leading
    }
}

struct Plot {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    scale: Scale,
    bands: usize,
}

impl Plot {
    fn y(&self, value: f64) -> f32 {
        let span = (self.scale.hi - self.scale.lo).max(f64::EPSILON);
        let share = ((value - self.scale.lo) / span) as f32;
        self.bottom - share * (self.bottom - self.top)
    }

    fn band(&self) -> f32 {
        (self.right - self.left) / self.bands as f32
    }

    fn centre(&self, category: usize) -> f32 {
        self.left + self.band() * (category as f32 + 0.5)
    }

    /// The baseline bars grow from: zero, or the nearest axis end.
    fn zero(&self) -> f32 {
        self.y(0.0f64.clamp(self.scale.lo, self.scale.hi))
    }
}

fn draw_grid(canvas: &mut Canvas, plot: &Plot, labels: &[String], m: &dyn Measure) {
    for (tick, label) in plot.scale.ticks().zip(labels) {
        let y = plot.y(tick);
        canvas.part = ChartPart::Grid;
        canvas.line(vec![(plot.left, y), (plot.right, y)], 0.5, GRID, false);
        let w = m.width(Face::Regular, label, AXIS_SIZE);
        canvas.part = ChartPart::Tick;
        canvas.text(
            plot.left - 5.0 - w,
            y + 0.36 * AXIS_SIZE,
            label,
            Face::Regular,
            AXIS_SIZE,
            MUTED,
        );
    }
}

fn draw_axis(canvas: &mut Canvas, plot: &Plot) {
    let zero = plot.zero();
    canvas.line(
        vec![(plot.left, zero), (plot.right, zero)],
        0.8,
        RULE_STRONG,
        false,
    );
}

fn draw_grouped_bars(canvas: &mut Canvas, chart: &Chart, plot: &Plot, m: &dyn Measure) {
    let group = plot.band() * 0.72;
    let count = chart.series.len().max(1) as f32;
    let slot = group / count;
    let gap = (slot * 0.12).min(2.0);
    for category in 0..chart.categories.len() {
        let start = plot.centre(category) - group / 2.0;
        for (s, series) in chart.series.iter().enumerate() {
            let x = start + s as f32 * slot + gap / 2.0;
            let w = slot - gap;
            match series.values.get(category) {
                Some(ChartValue::Number(v)) => {
                    let (top, bottom) = ordered(plot.y(*v), plot.zero());
                    let incomplete = series.is_incomplete(category);
                    canvas.bar(x, top, w, bottom - top, series_colour(chart, s), incomplete);
                    let label = value_label(*v, incomplete, slot + 2.0, m);
                    if m.width(Face::Regular, &label, LABEL_SIZE) <= slot + 2.0 {
                        let baseline = if *v >= 0.0 {
                            top - 3.0
                        } else {
                            bottom + LABEL_SIZE + 1.0
                        };
                        canvas.label(x + w / 2.0, baseline, &label, Face::Regular, INK);
                    }
                }
                Some(ChartValue::Missing(label)) => {
                    let baseline = plot.zero() - 3.0;
                    canvas.label(x + w / 2.0, baseline, label, Face::Regular, MUTED);
                }
                None => {}
            }
        }
    }
}

fn ordered(a: f32, b: f32) -> (f32, f32) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

fn draw_stacked_bars(canvas: &mut Canvas, chart: &Chart, plot: &Plot, m: &dyn Measure) {
    let w = plot.band() * 0.5;
    for category in 0..chart.categories.len() {
        let x = plot.centre(category) - w / 2.0;
        let mut up = 0.0;
        let mut down = 0.0;
        let mut missing: Vec<&str> = Vec::new();
        let mut joins: Vec<f64> = Vec::new();
        let mut incomplete = false;
        for (s, series) in chart.series.iter().enumerate() {
            match series.values.get(category) {
                Some(ChartValue::Number(v)) => {
                    if *v != 0.0 && (if *v > 0.0 { up } else { down }) != 0.0 {
                        joins.push(if *v > 0.0 { up } else { down });
                    }
                    let (from, to) = if *v >= 0.0 {
                        up += v;
                        (up - v, up)
                    } else {
                        down += v;
                        (down - v, down)
                    };
                    let (top, bottom) = ordered(plot.y(to), plot.y(from));
                    let colour = series_colour(chart, s);
                    let hatched = series.is_incomplete(category);
                    incomplete |= hatched;
                    canvas.bar(x, top, w, bottom - top, colour, hatched);
                    let label = format_value(*v);
                    // A hatched segment keeps its figure above the stack.
                    let fits = !hatched
                        && bottom - top >= LABEL_SIZE + 3.0
                        && m.width(Face::Regular, &label, LABEL_SIZE) <= w - 4.0;
                    if fits && *v != 0.0 {
                        let baseline = (top + bottom) / 2.0 + 0.36 * LABEL_SIZE;
                        let segment = Bounds {
                            left: x,
                            top,
                            right: x + w,
                            bottom,
                        };
                        canvas.label_within(
                            x + w / 2.0,
                            baseline,
                            &label,
                            Face::Regular,
                            text_on(colour),
                            Some(segment),
                        );
                    }
                }
                Some(ChartValue::Missing(label)) if !missing.contains(&label.as_str()) => {
                    missing.push(label);
                }
                Some(ChartValue::Missing(_)) => {}
                None => {}
            }
        }
        // A white gap where two segments meet: neighbouring series colours
        // need not contrast with each other, each does with white (WCAG 1.4.11).
        for join in joins {
            let y = plot.y(join);
            canvas.line(vec![(x, y), (x + w, y)], STACK_GAP, WHITE, false);
        }
        let above = plot.y(up) - 3.0;
        if missing.is_empty() {
            let total = value_label(up + down, incomplete, f32::INFINITY, m);
            canvas.label(x + w / 2.0, above, &total, Face::Bold, INK);
        } else {
            canvas.label(x + w / 2.0, above, &missing.join(" "), Face::Regular, MUTED);
        }
    }
}

fn draw_lines(canvas: &mut Canvas, chart: &Chart, plot: &Plot) {
    let label_points = chart.series.len() == 1;
    let mut missing_at = vec![0usize; chart.categories.len()];
    for (s, series) in chart.series.iter().enumerate() {
        let colour = series_colour(chart, s);
        let mut segment: Vec<(f32, f32, bool)> = Vec::new();
        let mut points = Vec::new();
        for (category, value) in series.values.iter().enumerate() {
            let x = plot.centre(category);
            match value {
                ChartValue::Number(v) => {
                    let y = plot.y(*v);
                    let incomplete = series.is_incomplete(category);
                    segment.push((x, y, incomplete));
                    points.push((x, y, *v, incomplete));
                }
                ChartValue::Missing(label) => {
                    flush_segment(canvas, &mut segment, colour);
                    let stacked = missing_at.get(category).copied().unwrap_or(0);
                    let baseline = plot.zero() - 4.0 - stacked as f32 * (LABEL_SIZE + 2.0);
                    canvas.label(x, baseline, label, Face::Regular, colour);
                    if let Some(n) = missing_at.get_mut(category) {
                        *n += 1;
                    }
                }
            }
        }
        flush_segment(canvas, &mut segment, colour);
        for (x, y, v, incomplete) in points {
            if incomplete {
                // Hollow, and said in its label: several series' points
                // carry no figure, but an incomplete one still says `[i]`.
                canvas.push(ring(x, y, RING_RADIUS, colour));
                let label = if label_points {
                    value_label(v, true, f32::INFINITY, canvas.m)
                } else {
                    INCOMPLETE_MARK.to_string()
                };
                canvas.label(x, y - 6.0, &label, Face::Regular, INK);
            } else {
                canvas.dot(x, y, POINT_RADIUS, colour);
                if label_points {
                    canvas.label(x, y - 6.0, &format_value(v), Face::Regular, INK);
                }
            }
        }
    }
}

/// The mark after an incomplete figure, as in the tables.
const INCOMPLETE_MARK: &str = "[i]";
/// What the legend calls a hatched bar or hollow point.
const INCOMPLETE_LEGEND: &str = "Incomplete [i]";
const POINT_RADIUS: f32 = 2.6;
/// An incomplete point's ring, larger than a point so its hollow shows.
const RING_RADIUS: f32 = 3.6;

/// A value's label: `204`, or `204 [i]` when incomplete — just `[i]` when
/// that is too wide for `room`, since the mark matters more than the figure
/// (the table has it).
fn value_label(v: f64, incomplete: bool, room: f32, m: &dyn Measure) -> String {
    if !incomplete {
        return format_value(v);
    }
    let full = format!("{} {INCOMPLETE_MARK}", format_value(v));
    if m.width(Face::Regular, &full, LABEL_SIZE) <= room {
        full
    } else {
        INCOMPLETE_MARK.to_string()
    }
}

/// Draws the line through `segment`'s points, stopping short of each
/// incomplete point's ring so that it stays hollow.
fn flush_segment(canvas: &mut Canvas, segment: &mut Vec<(f32, f32, bool)>, colour: Rgb) {
    for run in line_runs(segment, RING_RADIUS) {
        canvas.line(run, 1.6, colour, false);
    }
    segment.clear();
}

/// The target as a dashed line across the plot. It is named in the legend,
/// not on the line: a name at the line's end sat on the last bar.
fn draw_target(canvas: &mut Canvas, plot: &Plot, value: f64) {
    let y = plot.y(value);
    canvas.line(vec![(plot.left, y), (plot.right, y)], 1.0, TARGET, true);
}

/// Category names under the axis, wrapped to their band; returns the y below.
fn draw_category_labels(canvas: &mut Canvas, chart: &Chart, plot: &Plot, m: &dyn Measure) -> f32 {
    let band = plot.band();
    let top = plot.bottom.max(plot.zero()) + 4.0;
    let mut bottom = top;
    for (i, name) in chart.categories.iter().enumerate() {
        let lines = wrap_text(name, Face::Regular, AXIS_SIZE, band - 4.0, m);
        for (j, line) in lines.iter().enumerate() {
            let baseline =
                top + j as f32 * AXIS_LEADING + baseline_in_line(AXIS_LEADING, AXIS_SIZE);
            canvas.centred(
                plot.centre(i),
                baseline,
                &line.text(),
                Face::Regular,
                AXIS_SIZE,
                INK,
            );
        }
        bottom = bottom.max(top + lines.len() as f32 * AXIS_LEADING);
    }
    bottom
}

enum Swatch {
    Bar(Rgb),
    Line(Rgb),
    Target,
    /// A hatched bar or a hollow point, in the ink colour.
    Incomplete(ChartKind),
}

/// The legend under the plot, entries flowing left to right; returns the y below.
fn draw_legend(
    canvas: &mut Canvas,
    chart: &Chart,
    plot: &Plot,
    top: f32,
    width: f32,
    m: &dyn Measure,
) -> f32 {
    let mut entries: Vec<(Swatch, &str)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let colour = series_colour(chart, s);
            let swatch = match chart.kind {
                ChartKind::Line => Swatch::Line(colour),
                _ => Swatch::Bar(colour),
            };
            (swatch, series.name.as_str())
        })
        .collect();
    if let Some(target) = &chart.target {
        entries.push((Swatch::Target, target.label.as_str()));
    }
    if chart.any_incomplete() {
        entries.push((Swatch::Incomplete(chart.kind), INCOMPLETE_LEGEND));
    }
    let mut x = plot.left;
    let mut row = 0;
    for (swatch, name) in entries {
        let swatch_w = match swatch {
            Swatch::Bar(_) | Swatch::Incomplete(_) => SWATCH,
            Swatch::Line(_) | Swatch::Target => LINE_SWATCH,
        };
        let entry_w = swatch_w + 4.0 + m.width(Face::Regular, name, LEGEND_SIZE);
        if x > plot.left && x + entry_w > width {
            x = plot.left;
            row += 1;
        }
        let mid = top + row as f32 * LEGEND_LEADING + LEGEND_LEADING / 2.0;
        match swatch {
            Swatch::Bar(colour) => canvas.rect(x, mid - SWATCH / 2.0, SWATCH, SWATCH, colour),
            Swatch::Line(colour) => {
                canvas.line(vec![(x, mid), (x + LINE_SWATCH, mid)], 1.6, colour, false);
                canvas.dot(x + LINE_SWATCH / 2.0, mid, 2.6, colour);
            }
            Swatch::Target => {
                canvas.line(vec![(x, mid), (x + LINE_SWATCH, mid)], 1.0, TARGET, true)
            }
            Swatch::Incomplete(ChartKind::Line) => {
                canvas.push(ring(x + SWATCH / 2.0, mid, RING_RADIUS, INK));
            }
            Swatch::Incomplete(_) => {
                canvas.bar(x, mid - SWATCH / 2.0, SWATCH, SWATCH, INK, true);
            }
        }
        canvas.text(
            x + swatch_w + 4.0,
            mid + 0.36 * LEGEND_SIZE,
            name,
            Face::Regular,
            LEGEND_SIZE,
            INK,
        );
        x += entry_w + 14.0;
    }
    top + (row + 1) as f32 * LEGEND_LEADING
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Series, TargetLine};
    use crate::render::layout::wrap::tests::Mono;

    fn chart(kind: ChartKind, values: Vec<ChartValue>) -> Chart {
        Chart {
            kind,
            caption: Some("Referrals".into()),
            categories: (1..=values.len()).map(|q| format!("Q{q}")).collect(),
            series: vec![Series {
                name: "High risk".into(),
                values,
                colour: None,
                incomplete: Vec::new(),
            }],
            y_label: Some("Children".into()),
            target: None,
            note: None,
        }
    }

    /// Every data label (text at the label size) that overlaps a bar it is
    /// not set inside, a drawn line other than the grid, a marker or another
    /// label: each as "label: what it overlaps".
    fn label_collisions(d: &Drawing) -> Vec<String> {
        let m = Mono;
        let labels: Vec<(&TextItem, Bounds)> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.size == LABEL_SIZE => {
                    Some((t, text_bounds(t, m.width(t.face, &t.text, t.size))))
                }
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        for (i, (t, b)) in labels.iter().enumerate() {
            for (u, c) in &labels[i + 1..] {
                if b.overlaps(c) {
                    out.push(format!("{}: label {}", t.text, u.text));
                }
            }
            for item in &d.items {
                let hit = match item {
                    Item::Rect(r) => {
                        let bar = Bounds {
                            left: r.x,
                            top: r.top,
                            right: r.x + r.width,
                            bottom: r.top + r.height,
                        };
                        let inside = b.left >= bar.left
                            && b.right <= bar.right
                            && b.top >= bar.top
                            && b.bottom <= bar.bottom;
                        b.overlaps(&bar) && !inside
                    }
                    Item::Line(l) if l.colour == GRID || l.colour == WHITE => false,
                    Item::Line(l) => l
                        .points
                        .windows(2)
                        .any(|w| b.crossed_by(w[0], w[1], l.width)),
                    Item::Dot(_) => touches(item, b),
                    Item::Text(_) => false,
                };
                if hit {
                    out.push(format!("{}: {item:?}", t.text));
                }
            }
        }
        out
    }

    #[test]
    fn no_label_overlaps_a_bar_a_line_or_another_label() {
        // Targets at, just above and just below the values put the target
        // line through the labels' first places; several series crowd them.
        let values = [
            vec![12.0, 15.0, 15.0, 14.0],
            vec![2.0, 40.0, 38.0, 41.0],
            vec![150.0, 204.0, 37.0, 145.0],
            vec![0.0, 0.0, 1.0, 0.0],
            vec![82.9, 67.5, 75.9, 80.0],
        ];
        let mut checked = 0;
        for kind in [
            ChartKind::GroupedBars,
            ChartKind::StackedBars,
            ChartKind::Line,
        ] {
            for v in &values {
                for target in v.iter().copied().chain([v[1] + 0.5, v[1] * 1.04]) {
                    // Incomplete values (hatched bars, hollow points, longer
                    // labels) here and there, or none.
                    for series in (1..=3i32).chain(-3..=-1) {
                        let hatched = series < 0;
                        let series = series.abs();
                        let mut c = chart(kind, v.iter().map(|x| ChartValue::from(*x)).collect());
                        c.series = (0..series)
                            .map(|s| Series {
                                name: format!("S{s}"),
                                values: v
                                    .iter()
                                    .map(|x| ChartValue::from(x + s as f64 * 3.0))
                                    .chain([ChartValue::Missing("[c]".into())])
                                    .collect(),
                                colour: None,
                                incomplete: (0..v.len())
                                    .map(|i| hatched && (i + s as usize).is_multiple_of(2))
                                    .collect(),
                            })
                            .collect();
                        c.categories.push("Q5".into());
                        c.target = Some(TargetLine {
                            value: target,
                            label: "Target".into(),
                        });
                        let d = draw(&c, 400.0, &Mono);
                        let hits = label_collisions(&d);
                        assert!(hits.is_empty(), "{kind:?} {v:?} target {target}: {hits:#?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 180);
    }

    #[test]
    fn an_incomplete_bar_is_hatched_its_label_and_the_legend_say_so() {
        let mut c = chart(ChartKind::GroupedBars, vec![204.0.into(), 145.0.into()]);
        c.series[0].incomplete = vec![true, false];
        let d = draw(&c, 400.0, &Mono);
        assert_eq!(rects(&d), 2, "the whole bar and the legend's swatch only");
        let t = texts(&d);
        for said in ["204 [i]", "145", "Incomplete [i]"] {
            assert!(t.contains(&said.to_string()), "{said}: {t:?}");
        }
        // The hatching and the outline are lines in the series colour.
        let colour = series_colour(&c, 0);
        let hatch = d
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line(l) if l.colour == colour))
            .count();
        assert!(hatch > 10, "{hatch} lines");
        // A line chart's incomplete point is a ring, not a dot.
        c.kind = ChartKind::Line;
        let d = draw(&c, 400.0, &Mono);
        let dots = d.items.iter().filter(|i| matches!(i, Item::Dot(_))).count();
        assert_eq!(dots, 2, "the whole point and the legend's line swatch");
        assert!(texts(&d).contains(&"204 [i]".to_string()));
    }

    #[test]
    fn the_target_is_named_in_the_legend_not_on_a_bar() {
        let mut c = chart(ChartKind::GroupedBars, vec![10.0.into(), 20.0.into()]);
        c.target = Some(TargetLine {
            value: 20.0,
            label: "Target".into(),
        });
        let d = draw(&c, 400.0, &Mono);
        let named: Vec<&TextItem> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.text == "Target" => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(named.len(), 1, "once, in the legend");
        assert_eq!(named[0].size, LEGEND_SIZE);
        // Both value labels are still shown, moved clear of the line.
        let t = texts(&d);
        assert!(
            t.contains(&"10".to_string()) && t.contains(&"20".to_string()),
            "{t:?}"
        );
    }

    fn texts(d: &Drawing) -> Vec<String> {
        d.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    fn rects(d: &Drawing) -> usize {
        d.items
            .iter()
            .filter(|i| matches!(i, Item::Rect(_)))
            .count()
    }

    #[test]
    fn stacked_segments_are_parted_by_a_white_gap() {
        let mut c = chart(ChartKind::StackedBars, vec![ChartValue::Number(3.0)]);
        c.series.push(Series {
            name: "B".into(),
            values: vec![ChartValue::Number(4.0)],
            colour: None,
            incomplete: Vec::new(),
        });
        c.series.push(Series {
            name: "C".into(),
            values: vec![ChartValue::Number(0.0)],
            colour: None,
            incomplete: Vec::new(),
        });
        let d = draw(&c, 400.0, &Mono);
        let gaps: Vec<&LineItem> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if l.colour == WHITE => Some(l),
                _ => None,
            })
            .collect();
        assert_eq!(gaps.len(), 1, "one join between two drawn segments");
    }

    #[test]
    fn a_missing_bar_is_not_drawn_and_its_label_is_shown() {
        let values = vec![4.0.into(), ChartValue::Missing("[c]".into()), 7.0.into()];
        let d = draw(&chart(ChartKind::GroupedBars, values), 400.0, &Mono);
        // Two bars plus one legend swatch.
        assert_eq!(rects(&d), 3);
        let t = texts(&d);
        assert!(t.contains(&"[c]".to_string()));
        assert!(t.contains(&"Q2".to_string()), "category labels: {t:?}");
        assert!(t.contains(&"Children".to_string()), "axis label");
        assert!(t.contains(&"High risk".to_string()), "legend");
    }

    #[test]
    fn a_stack_with_a_missing_part_shows_the_label_not_a_total() {
        let mut c = chart(ChartKind::StackedBars, vec![3.0.into(), 5.0.into()]);
        c.series.push(Series {
            name: "Medium".into(),
            values: vec![2.0.into(), ChartValue::Missing("[c]".into())],
            colour: None,
            incomplete: Vec::new(),
        });
        let d = draw(&c, 400.0, &Mono);
        let t = texts(&d);
        assert!(
            t.contains(&"5".to_string()),
            "total of the complete stack: {t:?}"
        );
        assert!(t.contains(&"[c]".to_string()));
    }

    #[test]
    fn a_line_breaks_at_a_missing_point_and_the_target_is_labelled() {
        let values = vec![
            1.0.into(),
            2.0.into(),
            ChartValue::Missing("[x]".into()),
            4.0.into(),
            5.0.into(),
        ];
        let mut c = chart(ChartKind::Line, values);
        c.target = Some(TargetLine {
            value: 6.0,
            label: "Target 6".into(),
        });
        let d = draw(&c, 400.0, &Mono);
        let polylines: Vec<usize> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l)
                    if !l.dashed
                        && l.width > 1.5
                        && l.points.len() >= 2
                        && l.points[0].0 != l.points[1].0 - LINE_SWATCH =>
                {
                    Some(l.points.len())
                }
                _ => None,
            })
            .collect();
        assert!(
            polylines.contains(&2),
            "two two-point segments: {polylines:?}"
        );
        assert!(d
            .items
            .iter()
            .any(|i| matches!(i, Item::Line(l) if l.dashed)));
        let t = texts(&d);
        assert!(t.contains(&"Target 6".to_string()));
        assert!(t.contains(&"[x]".to_string()));
        let dots = d.items.iter().filter(|i| matches!(i, Item::Dot(_))).count();
        assert_eq!(dots, 4 + 1, "four points and the legend marker");
    }

    #[test]
    fn everything_drawn_stays_inside_the_drawing() {
        let values = vec![
            120.0.into(),
            3400.0.into(),
            ChartValue::Missing("[c]".into()),
        ];
        let d = draw(&chart(ChartKind::GroupedBars, values), 400.0, &Mono);
        for item in &d.items {
            if let Item::Rect(r) = item {
                assert!(
                    r.x >= 0.0
                        && r.x + r.width <= 400.0
                        && r.top >= 0.0
                        && r.top + r.height <= d.height
                );
            }
            if let Item::Text(t) = item {
                assert!(t.baseline > 0.0 && t.baseline <= d.height, "{t:?}");
            }
        }
    }
}
