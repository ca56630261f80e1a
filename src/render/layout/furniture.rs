//! Page furniture drawn once the page count is known: the running header
//! (left and right text, the protective marking centred) and the footer (the
//! marking centred, `Page N of M` on the right). A header text too long for
//! its side wraps onto a second line above the first rather than being cut.
//! It adds to laid-out pages and never moves body content.

use super::items::{Item, LineItem, PageLayout, Role, TextItem};
use crate::document::style::*;
use crate::document::{DocumentSpec, Rgb};
use crate::render::text::{drawable_text, Face, Measure};

/// The space kept between header texts so they never touch.
const SEPARATION: f32 = 12.0;

/// The distance between the two lines of a wrapped header text.
const HEADER_LEADING: f32 = 10.0;

pub fn furnish(pages: &mut [PageLayout], spec: &DocumentSpec, m: &dyn Measure) {
    let total = pages.len();
    for page in pages.iter_mut() {
        let mut items = header(spec, m);
        items.extend(footer(spec, page.number, total, m));
        // Running headers, footers, the marking and page numbers are
        // pagination artifacts: a screen reader skips them.
        for item in items {
            page.push(item, Role::Artifact);
        }
    }
}

/// "Page 3 of 12".
pub fn page_label(number: usize, total: usize) -> String {
    format!("Page {number} of {total}")
}

fn header(spec: &DocumentSpec, m: &dyn Measure) -> Vec<Item> {
    let marking = fitted(&spec.marking, Face::Bold, MARKING_SIZE, BODY_WIDTH * 0.4, m);
    let marking_w = m.width(Face::Bold, &marking, MARKING_SIZE);
    let (left_room, right_room) = if marking.is_empty() {
        (BODY_WIDTH * 0.58, BODY_WIDTH * 0.42 - SEPARATION)
    } else {
        let side = (BODY_WIDTH - marking_w) / 2.0 - SEPARATION;
        (side, side)
    };
    let left = two_lines(
        &spec.header_left,
        Face::Regular,
        FURNITURE_SIZE,
        left_room,
        m,
    );
    let right = two_lines(
        &spec.header_right,
        Face::Regular,
        FURNITURE_SIZE,
        right_room,
        m,
    );
    let mut items = Vec::new();
    // The last line sits on the header's baseline; a first line goes above it.
    for (lines, flush_right) in [(&left, false), (&right, true)] {
        for (i, line) in lines.iter().enumerate() {
            let baseline = HEADER_BASELINE - HEADER_LEADING * (lines.len() - 1 - i) as f32;
            let x = if flush_right {
                MARGIN_LEFT + BODY_WIDTH - m.width(Face::Regular, line, FURNITURE_SIZE)
            } else {
                MARGIN_LEFT
            };
            push_text(
                &mut items,
                x,
                baseline,
                line,
                Face::Regular,
                FURNITURE_SIZE,
                MUTED,
            );
        }
    }
    let marking_x = MARGIN_LEFT + (BODY_WIDTH - marking_w) / 2.0;
    push_text(
        &mut items,
        marking_x,
        HEADER_BASELINE,
        &marking,
        Face::Bold,
        MARKING_SIZE,
        INK,
    );
    items.push(rule(HEADER_RULE));
    items
}

fn footer(spec: &DocumentSpec, number: usize, total: usize, m: &dyn Measure) -> Vec<Item> {
    let label = page_label(number, total);
    let label_w = m.width(Face::Regular, &label, FURNITURE_SIZE);
    let room = BODY_WIDTH - 2.0 * (label_w + SEPARATION);
    let marking = fitted(&spec.marking, Face::Bold, MARKING_SIZE, room, m);
    let marking_w = m.width(Face::Bold, &marking, MARKING_SIZE);
    let mut items = vec![rule(FOOTER_RULE)];
    let marking_x = MARGIN_LEFT + (BODY_WIDTH - marking_w) / 2.0;
    push_text(
        &mut items,
        marking_x,
        FOOTER_BASELINE,
        &marking,
        Face::Bold,
        MARKING_SIZE,
        INK,
    );
    let label_x = MARGIN_LEFT + BODY_WIDTH - label_w;
    push_text(
        &mut items,
        label_x,
        FOOTER_BASELINE,
        &label,
        Face::Regular,
        FURNITURE_SIZE,
        MUTED,
    );
    items
}

fn rule(y: f32) -> Item {
    Item::Line(LineItem {
        points: vec![(MARGIN_LEFT, y), (MARGIN_LEFT + BODY_WIDTH, y)],
        width: 0.5,
        colour: RULE_STRONG,
        dashed: false,
    })
}

fn push_text(
    items: &mut Vec<Item>,
    x: f32,
    baseline: f32,
    text: &str,
    face: Face,
    size: f32,
    colour: Rgb,
) {
    if text.is_empty() {
        return;
    }
    items.push(Item::Text(TextItem {
        x,
        baseline,
        text: text.to_string(),
        face,
        size,
        colour,
    }));
}

/// `text` in `room`: one line when it fits, else two, broken between words
/// (the first line as full as it can be). Only a text too long even for two
/// lines — or a single word wider than `room` — is shortened with an ellipsis.
fn two_lines(text: &str, face: Face, size: f32, room: f32, m: &dyn Measure) -> Vec<String> {
    let text = drawable_text(m, face, text).replace('\n', " ");
    let text = text.trim();
    if m.width(face, text, size) <= room {
        return vec![text.to_string()];
    }
    // "Sub-group · 2015-16 Q2" breaks at its separator, the period on a line
    // of its own, when both halves fit.
    if let Some((name, period)) = text.rsplit_once(" · ") {
        if m.width(face, name, size) <= room && m.width(face, period, size) <= room {
            return vec![name.to_string(), period.to_string()];
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let fits = |n: usize| m.width(face, &words[..n].join(" "), size) <= room;
    let first = (1..words.len()).rev().find(|&n| fits(n));
    match first {
        Some(n) => vec![
            words[..n].join(" "),
            fitted(&words[n..].join(" "), face, size, room, m),
        ],
        None => vec![fitted(text, face, size, room, m)],
    }
}

/// `text` on one line, shortened with an ellipsis if wider than `room`.
fn fitted(text: &str, face: Face, size: f32, room: f32, m: &dyn Measure) -> String {
    let text = drawable_text(m, face, text).replace('\n', " ");
    let text = text.trim();
    if m.width(face, text, size) <= room {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if m.width(face, &candidate, size) <= room {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::super::wrap::tests::Mono;
    use super::*;

    fn spec(left: &str, marking: &str) -> DocumentSpec {
        DocumentSpec {
            header_left: left.into(),
            marking: marking.into(),
            ..crate::document::test_spec()
        }
    }

    fn texts(pages: &[PageLayout], page: usize) -> Vec<String> {
        pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    fn blank_pages(n: usize) -> Vec<PageLayout> {
        (1..=n)
            .map(|number| PageLayout {
                number,
                ..PageLayout::default()
            })
            .collect()
    }

    #[test]
    fn every_page_carries_its_number_of_the_total_and_the_marking_twice() {
        let mut pages = blank_pages(3);
        furnish(&mut pages, &spec("Board", "OFFICIAL"), &Mono);
        for (i, _) in pages.iter().enumerate() {
            let t = texts(&pages, i);
            assert!(t.contains(&format!("Page {} of 3", i + 1)), "{t:?}");
            assert_eq!(t.iter().filter(|s| *s == "OFFICIAL").count(), 2);
        }
    }

    #[test]
    fn an_empty_marking_draws_nothing() {
        let mut pages = blank_pages(1);
        furnish(&mut pages, &spec("Board", ""), &Mono);
        assert!(!texts(&pages, 0).iter().any(String::is_empty));
    }

    fn header_texts(pages: &[PageLayout]) -> Vec<TextItem> {
        pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.baseline < HEADER_RULE => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_header_wraps_onto_two_lines_never_cut_nor_overlapping() {
        // Mono is about twice as wide as the real face: these take two lines
        // of it as the example's board and sub-group names do of the real one.
        let long = "Bath & NE Somerset Safeguarding Board";
        let mut pages = blank_pages(1);
        let mut s = spec(long, "OFFICIAL");
        s.header_right = "CSE Sub-Group · 2015-16 Q2".into();
        furnish(&mut pages, &s, &Mono);
        let texts = header_texts(&pages);
        assert!(texts.iter().all(|t| !t.text.contains('…')), "{texts:?}");
        let marking = texts
            .iter()
            .find(|t| t.text == "OFFICIAL")
            .expect("the marking is drawn");
        let marking_end = marking.x + Mono.width(Face::Bold, &marking.text, MARKING_SIZE);
        let left: Vec<&TextItem> = texts.iter().filter(|t| t.x == MARGIN_LEFT).collect();
        let right: Vec<&TextItem> = texts.iter().filter(|t| t.x > marking_end).collect();
        let joined = |lines: &[&TextItem]| {
            lines
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(joined(&left), long, "the whole board name, in order");
        assert_eq!(left.len(), 2, "{left:?}");
        for t in &left {
            let end = t.x + Mono.width(Face::Regular, &t.text, FURNITURE_SIZE);
            assert!(
                end < marking.x,
                "{} ends at {end}, over the marking",
                t.text
            );
            assert!(t.baseline <= HEADER_BASELINE && t.baseline > FURNITURE_SIZE);
        }
        for t in &right {
            let end = t.x + Mono.width(Face::Regular, &t.text, FURNITURE_SIZE);
            assert!(end <= MARGIN_LEFT + BODY_WIDTH + 0.01, "{end}");
        }
        assert_eq!(
            right.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["CSE Sub-Group", "2015-16 Q2"],
            "broken at the separator, the period on its own line"
        );
        let mut baselines: Vec<f32> = left.iter().map(|t| t.baseline).collect();
        baselines.dedup();
        assert_eq!(baselines.len(), 2, "two lines, one above the other");
    }

    #[test]
    fn a_short_header_stays_on_one_line_on_the_baseline() {
        let mut pages = blank_pages(1);
        furnish(&mut pages, &spec("Board", "OFFICIAL"), &Mono);
        let texts = header_texts(&pages);
        assert!(
            texts.iter().all(|t| t.baseline == HEADER_BASELINE),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.text == "Board"));
        assert!(texts.iter().any(|t| t.text == "2015-16 Q2"));
    }

    #[test]
    fn only_a_text_too_long_for_two_lines_is_shortened() {
        let endless = "word ".repeat(200);
        let mut pages = blank_pages(1);
        furnish(&mut pages, &spec(&endless, "OFFICIAL"), &Mono);
        let left: Vec<TextItem> = header_texts(&pages)
            .into_iter()
            .filter(|t| t.x == MARGIN_LEFT)
            .collect();
        assert_eq!(left.len(), 2);
        assert!(left[1].text.ends_with('…'), "{left:?}");
    }
}
