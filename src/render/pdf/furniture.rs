//! Page furniture drawn once the page count is known: the running header
//! (left and right text, the protective marking centred) and the footer (the
//! marking centred, `Page N of M` on the right). It adds to laid-out pages and
//! never moves body content.

use super::fonts::{drawable_text, Face, Measure};
use super::layout::{Item, LineItem, PageLayout, TextItem};
use super::model::Rgb;
use super::style::*;
use super::DocumentSpec;

/// The space kept between header texts so they never touch.
const SEPARATION: f32 = 12.0;

pub fn furnish(pages: &mut [PageLayout], spec: &DocumentSpec, m: &dyn Measure) {
    let total = pages.len();
    for page in pages.iter_mut() {
        let mut items = header(spec, m);
        items.extend(footer(spec, page.number, total, m));
        page.items.extend(items);
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
    let left = fitted(
        &spec.header_left,
        Face::Regular,
        FURNITURE_SIZE,
        left_room,
        m,
    );
    let right = fitted(
        &spec.header_right,
        Face::Regular,
        FURNITURE_SIZE,
        right_room,
        m,
    );
    let mut items = Vec::new();
    push_text(
        &mut items,
        MARGIN_LEFT,
        HEADER_BASELINE,
        &left,
        Face::Regular,
        FURNITURE_SIZE,
        MUTED,
    );
    let right_x = MARGIN_LEFT + BODY_WIDTH - m.width(Face::Regular, &right, FURNITURE_SIZE);
    push_text(
        &mut items,
        right_x,
        HEADER_BASELINE,
        &right,
        Face::Regular,
        FURNITURE_SIZE,
        MUTED,
    );
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
            title: "T".into(),
            subject: String::new(),
            header_left: left.into(),
            header_right: "2015-16 Q2".into(),
            marking: marking.into(),
            fingerprint: "f".into(),
            date: chrono::NaiveDate::default(),
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

    #[test]
    fn a_long_header_is_shortened_not_overlapping() {
        let long = "Bath and North East Somerset Local Safeguarding Children Board";
        let mut pages = blank_pages(1);
        furnish(&mut pages, &spec(long, "OFFICIAL"), &Mono);
        let left = pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text(t) if t.text.starts_with("Bath") => Some(t.clone()),
                _ => None,
            })
            .expect("the left header is drawn");
        assert!(left.text.ends_with('…'));
        let marking_x = pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text(t) if t.text == "OFFICIAL" => Some(t.x),
                _ => None,
            })
            .expect("the marking is drawn");
        let left_end = left.x + Mono.width(Face::Regular, &left.text, FURNITURE_SIZE);
        assert!(left_end < marking_x, "{left_end} < {marking_x}");
    }
}
