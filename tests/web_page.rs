//! The annual report's web page as a reader on a phone or a printer gets it,
//! run through the real binary: every table (chart data included) inside the
//! scrolling wrapper, short codes and dates kept on one line, count axes
//! ticked at whole numbers, chart colours at 3:1 against white, and an A4
//! `@page` rule for printing; charts drawn as the PDF draws them, their
//! labels clear of bars, lines and each other, scrolling in their own box.

mod common;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn page(case: &Case, year: &str) -> (String, Html) {
    let out = case.run(&["annual", "--year", year]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let html =
        std::fs::read_to_string(case.path(&format!("reports/{year}/annual-report.html"))).unwrap();
    let parsed = Html::parse_document(&html);
    (html, parsed)
}

fn luminance(hex: &str) -> f64 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    let channel = |shift: u32| {
        let c = f64::from((v >> shift) & 0xff) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

#[test]
fn every_table_scrolls_inside_its_wrapper_and_the_page_prints_on_a4() {
    let case = Case::shipped();
    for year in ["2014-15", "2015-16"] {
        let (_, html) = page(&case, year);
        let tables: Vec<ElementRef> = html.select(&sel("table")).collect();
        assert!(tables.len() > 15, "{year}: {} tables", tables.len());
        for t in &tables {
            let wrapper = t.parent().and_then(ElementRef::wrap);
            assert!(
                wrapper.is_some_and(
                    |w| w.value().name() == "div" && w.value().classes().any(|c| c == "table")
                ),
                "{year}: a table outside the scrolling wrapper: {:?}",
                t.select(&sel("caption")).next().map(|c| c.inner_html())
            );
        }
        assert!(
            html.select(&sel("table.chart-data")).count() >= 5,
            "{year}: chart data tables"
        );
        // A chart keeps a legible size: on a narrow screen it scrolls in its
        // own box, which a keyboard can reach.
        for svg in html.select(&sel("svg.chart-drawing")) {
            let wrapper = svg.parent().and_then(ElementRef::wrap).expect("a wrapper");
            assert!(
                wrapper.value().classes().any(|c| c == "chart-scroll"),
                "{year}"
            );
            assert_eq!(wrapper.value().attr("tabindex"), Some("0"), "{year}");
        }
        let style: String = html.select(&sel("style")).map(|s| s.inner_html()).collect();
        assert!(style.contains(".table { overflow-x: auto;"), "{year}");
        let at_page = style
            .split("@page")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .unwrap_or_else(|| panic!("{year}: no @page rule"));
        assert!(at_page.contains("size: A4"), "{at_page}");
        assert!(at_page.contains("margin:"), "{at_page}");
        assert!(style.contains(".nowrap") && style.contains("white-space: nowrap"));
    }
}

#[test]
fn codes_and_dates_do_not_wrap() {
    let case = Case::shipped();
    let (_, html) = page(&case, "2015-16");
    let mut seen = 0;
    for cell in html.select(&sel("tbody th, tbody td")) {
        let text: String = cell.text().collect();
        let text = text.trim();
        let code = text.len() <= 10
            && text.contains('-')
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let date = text.len() == 10 && text.matches('/').count() == 2;
        if code || date {
            seen += 1;
            assert!(
                cell.value().classes().any(|c| c == "nowrap"),
                "{text} may wrap: {}",
                cell.html()
            );
        }
    }
    assert!(seen > 5, "only {seen} codes and dates");
}

#[test]
fn count_axes_tick_at_whole_numbers_and_marks_keep_3_to_1_against_white() {
    let case = Case::shipped();
    for year in ["2014-15", "2015-16"] {
        let (raw, html) = page(&case, year);
        for figure in html.select(&sel("figure.chart")) {
            let counts = figure
                .select(&sel("table.chart-data caption"))
                .next()
                .is_some_and(|c| !c.inner_html().contains('%'))
                && !figure.select(&sel("td")).any(|td| {
                    let t: String = td.text().collect();
                    t.contains('%') || t.contains('.')
                });
            if !counts {
                continue;
            }
            for tick in figure.select(&sel("svg text.tick")) {
                let t: String = tick.text().collect();
                if let Ok(v) = t.replace(',', "").parse::<f64>() {
                    assert_eq!(v.fract(), 0.0, "{year}: a count axis ticks at {t}");
                }
            }
        }
        let mut fills = 0;
        for mark in html.select(&sel("svg rect, svg circle")) {
            let Some(fill) = mark.value().attr("fill") else {
                continue;
            };
            fills += 1;
            let ratio = 1.05 / (luminance(fill) + 0.05);
            assert!(ratio >= 3.0, "{year}: {fill} is {ratio:.2}:1 on white");
        }
        assert!(fills > 20, "{year}: {fills} marks");
        for old in ["#b1b4b6", "#6fa0cf", "#ffbf47"] {
            assert!(!raw.contains(&format!("fill=\"{old}\"")), "{year}: {old}");
        }
    }
}

/// A box on a chart drawing: left, top, right, bottom (y grows downwards).
#[derive(Clone, Copy, Debug)]
struct Box2 {
    l: f64,
    t: f64,
    r: f64,
    b: f64,
}

impl Box2 {
    fn overlaps(&self, o: &Box2) -> bool {
        self.l < o.r && o.l < self.r && self.t < o.b && o.t < self.b
    }

    fn inside(&self, o: &Box2) -> bool {
        self.l >= o.l && self.r <= o.r && self.t >= o.t && self.b <= o.b
    }

    /// Whether the segment a–b, `stroke` wide, passes through the box
    /// (sampled finely: a test needs no clipping algorithm).
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64), stroke: f64) -> bool {
        let h = stroke / 2.0;
        let grown = Box2 {
            l: self.l - h,
            t: self.t - h,
            r: self.r + h,
            b: self.b + h,
        };
        (0..=400).any(|i| {
            let k = f64::from(i) / 400.0;
            let (x, y) = (a.0 + (b.0 - a.0) * k, a.1 + (b.1 - a.1) * k);
            x > grown.l && x < grown.r && y > grown.t && y < grown.b
        })
    }
}

fn num(e: &ElementRef, name: &str) -> f64 {
    e.value()
        .attr(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} of {:?}", e.value()))
}

/// Issue 15, item 6, on the web page as drawn: in every chart of both years,
/// no value label (or symbol) overlaps a bar it is not set inside, a line
/// (the target, a trend, an outline), a point, or another label. Read from
/// the SVG itself: each label's box is its laid-out width (`textLength`, which
/// the browser is held to) from ascent to descent.
#[test]
fn no_chart_label_on_the_page_overlaps_a_bar_a_line_or_another_label() {
    let case = Case::shipped();
    let mut labels_checked = 0;
    for year in ["2014-15", "2015-16"] {
        let (_, html) = page(&case, year);
        for svg in html.select(&sel("svg.chart-drawing")) {
            let labels: Vec<(String, Box2)> = svg
                .select(&sel("text.label"))
                .map(|t| {
                    let (x, y, size) = (num(&t, "x"), num(&t, "y"), num(&t, "font-size"));
                    let b = Box2 {
                        l: x,
                        t: y - 0.78 * size,
                        r: x + num(&t, "textLength"),
                        b: y + 0.22 * size,
                    };
                    (t.text().collect(), b)
                })
                .collect();
            let bars: Vec<Box2> = svg
                .select(&sel("rect.mark"))
                .map(|r| {
                    let (x, y) = (num(&r, "x"), num(&r, "y"));
                    Box2 {
                        l: x,
                        t: y,
                        r: x + num(&r, "width"),
                        b: y + num(&r, "height"),
                    }
                })
                .collect();
            let lines: Vec<(Vec<(f64, f64)>, f64)> = svg
                .select(&sel("polyline.mark"))
                // The white gap between two stacked segments is part of the bars.
                .filter(|l| l.value().attr("stroke") != Some("#ffffff"))
                .map(|l| {
                    let points = l.value().attr("points").unwrap_or("");
                    let points = points
                        .split_whitespace()
                        .filter_map(|p| p.split_once(','))
                        .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
                        .collect();
                    (points, num(&l, "stroke-width"))
                })
                .collect();
            let dots: Vec<Box2> = svg
                .select(&sel("circle.mark"))
                .map(|c| {
                    let (x, y, r) = (num(&c, "cx"), num(&c, "cy"), num(&c, "r"));
                    Box2 {
                        l: x - r,
                        t: y - r,
                        r: x + r,
                        b: y + r,
                    }
                })
                .collect();
            for (i, (text, b)) in labels.iter().enumerate() {
                labels_checked += 1;
                for (other, c) in &labels[i + 1..] {
                    assert!(!b.overlaps(c), "{year}: label {text} on label {other}");
                }
                for bar in &bars {
                    assert!(
                        !b.overlaps(bar) || b.inside(bar),
                        "{year}: label {text} on a bar {bar:?}"
                    );
                }
                for (points, stroke) in &lines {
                    for w in points.windows(2) {
                        assert!(
                            !b.crossed_by(w[0], w[1], *stroke),
                            "{year}: label {text} {b:?} on a line {w:?}"
                        );
                    }
                }
                for dot in &dots {
                    assert!(!b.overlaps(dot), "{year}: label {text} on a point");
                }
            }
        }
    }
    assert!(labels_checked > 40, "{labels_checked} labels checked");
}
