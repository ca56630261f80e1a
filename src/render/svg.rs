//! A chart for the web page as inline SVG: the PDF's own drawing of it (the
//! same scale, bars, incomplete marks and labels placed clear of everything),
//! written out item by item. It draws what it is given: no layout, no
//! figures; every text is escaped, and each text is held to the width it was
//! laid out at (`textLength`), so a browser's font cannot make a label grow
//! onto a bar.

use crate::document::{style, Chart, ChartKind};
use crate::render::layout::chart::{draw_parts, ChartPart};
use crate::render::layout::Item;
use crate::render::markup::{escape, hex};
use crate::render::text::{EmbeddedFonts, Face, Measure};
use std::fmt::Write as _;

/// How wide the chart is laid out, in points: the PDF's text column, so the
/// web page shows the very drawing the PDF prints (scaled to the page).
pub const CHART_WIDTH: f32 = style::BODY_WIDTH;

/// The chart drawn as an `<svg>` image labelled with `title`, or `None` when
/// the fonts it is measured with cannot be read (the PDF fails first; the
/// page's table of the chart's data still carries every figure).
pub fn chart(chart: &Chart, title: &str) -> Option<String> {
    let fonts = EmbeddedFonts::get().ok()?;
    Some(with_measure(chart, title, fonts))
}

/// The chart drawn with the text widths of `m`.
pub fn with_measure(chart: &Chart, title: &str, m: &dyn Measure) -> String {
    // The page gives the title (<figcaption>) and the note (a paragraph
    // after the chart's table) as text: the drawing does not repeat them.
    let bare = Chart {
        caption: None,
        note: None,
        ..chart.clone()
    };
    let drawn = draw_parts(&bare, CHART_WIDTH, m);
    let kind = match chart.kind {
        ChartKind::GroupedBars => "bar chart",
        ChartKind::StackedBars => "stacked bar chart",
        ChartKind::Line => "line chart",
    };
    let mut s = String::new();
    let _ =
        writeln!(
        s,
        "<svg class=\"chart-drawing\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {:.1} {:.1}\">",
        escape(&format!("{title}: {kind}; its data is in the table that follows")),
        CHART_WIDTH,
        drawn.drawing.height
    );
    for (item, part) in drawn.drawing.items.iter().zip(&drawn.parts) {
        item_svg(&mut s, item, *part, m);
    }
    s.push_str("</svg>\n");
    s
}

/// The class an item gets, for tests that read the page (none the page's
/// stylesheet sets: its rules would override the laid-out size).
fn class(part: ChartPart) -> &'static str {
    match part {
        ChartPart::Tick => "tick",
        ChartPart::Label => "label",
        ChartPart::Category => "category",
        ChartPart::Legend => "legend",
        ChartPart::AxisLabel => "axis",
        ChartPart::Note | ChartPart::Caption => "chart-note",
        ChartPart::Mark => "mark",
        ChartPart::Grid => "grid",
    }
}

fn item_svg(s: &mut String, item: &Item, part: ChartPart, m: &dyn Measure) {
    match item {
        Item::Rect(r) => {
            let _ = writeln!(
                s,
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{}\" class=\"{}\"/>",
                r.x,
                r.top,
                r.width,
                r.height,
                hex(r.fill),
                class(part)
            );
        }
        Item::Line(l) => {
            let points: Vec<String> = l
                .points
                .iter()
                .map(|(x, y)| format!("{x:.2},{y:.2}"))
                .collect();
            // The PDF's dash, `[4 3] 0 d`.
            let dash = if l.dashed {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{:.2}\"{dash} points=\"{}\" class=\"{}\"/>",
                hex(l.colour),
                l.width,
                points.join(" "),
                class(part)
            );
        }
        Item::Dot(d) => {
            let _ = writeln!(
                s,
                "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{:.2}\" fill=\"{}\" class=\"{}\"/>",
                d.x,
                d.y,
                d.radius,
                hex(d.fill),
                class(part)
            );
        }
        Item::Text(t) => {
            let width = m.width(t.face, &t.text, t.size);
            let weight = match t.face {
                Face::Bold => " font-weight=\"bold\"",
                Face::Regular => "",
            };
            let _ = writeln!(
                s,
                "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"{}\"{weight} fill=\"{}\" textLength=\"{width:.2}\" lengthAdjust=\"spacingAndGlyphs\" class=\"{}\">{}</text>",
                t.x,
                t.baseline,
                t.size,
                hex(t.colour),
                class(part),
                escape(&t.text)
            );
        }
    }
}
