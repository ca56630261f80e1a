//! What layout produces: pages of positioned items (text on a baseline,
//! filled rectangles, lines, dots), each with the role it plays for a reader
//! (part of a block, or an artifact), and a record of where each part of each
//! block went. Plain geometry in points from the page's top-left corner, `y`
//! growing downwards, for any writer to draw; nothing here places anything.

use crate::document::Rgb;
use crate::render::text::Face;

/// What a drawn item is to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Page furniture or decoration, skipped by assistive technology: running
    /// header and footer, marking, page numbers, rules, fills, repeated table
    /// headers.
    Artifact,
    /// Part `mark` of block `block` (an index into the blocks laid out).
    Content { block: usize, mark: Mark },
}

/// Which part of its block a tagged item shows; each becomes one structure
/// element (a paragraph's lines on two pages are one P).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Title,
    Heading(u8),
    Paragraph,
    /// The bullet of list item `i`.
    BulletLabel(usize),
    /// The text of list item `i`.
    BulletBody(usize),
    /// A table's caption (its first showing only).
    Caption,
    /// Column `c`'s header cell (its first showing only).
    HeaderCell(usize),
    Cell {
        row: usize,
        column: usize,
    },
    /// The note under a table.
    Note,
    /// Everything a chart draws.
    Figure,
}

/// One laid-out page: what to draw, and a record of where each part of each
/// block went (for bookmarks and for tests of the pagination rules).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageLayout {
    /// 1-based.
    pub number: usize,
    pub items: Vec<Item>,
    /// What each item is to a reader, one per item (the PDF's tags come from
    /// these): the part of a block it shows, or an artifact.
    pub roles: Vec<Role>,
    pub headings: Vec<PlacedHeading>,
    pub placements: Vec<Placement>,
}

impl PageLayout {
    /// Draws `item` as `role`.
    pub fn push(&mut self, item: Item, role: Role) {
        self.items.push(item);
        self.roles.push(role);
    }

    /// Draws `item` as `role` before the item at `index`.
    pub(super) fn insert(&mut self, index: usize, item: Item, role: Role) {
        self.items.insert(index, item);
        self.roles.insert(index, role);
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextItem),
    Rect(RectItem),
    Line(LineItem),
    Dot(DotItem),
}

/// Text on one baseline in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    pub x: f32,
    pub baseline: f32,
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub colour: Rgb,
}

/// A filled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    pub x: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    pub fill: Rgb,
}

/// A straight line or polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub points: Vec<(f32, f32)>,
    pub width: f32,
    pub colour: Rgb,
    pub dashed: bool,
}

/// A filled circle (a chart marker).
#[derive(Debug, Clone, PartialEq)]
pub struct DotItem {
    pub x: f32,
    pub y: f32,
    pub radius: f32,
    pub fill: Rgb,
}

impl Item {
    /// The same item moved by (`dx`, `dy`).
    pub fn shifted(&self, dx: f32, dy: f32) -> Item {
        match self {
            Item::Text(t) => Item::Text(TextItem {
                x: t.x + dx,
                baseline: t.baseline + dy,
                ..t.clone()
            }),
            Item::Rect(r) => Item::Rect(RectItem {
                x: r.x + dx,
                top: r.top + dy,
                ..r.clone()
            }),
            Item::Line(l) => Item::Line(LineItem {
                points: l.points.iter().map(|(x, y)| (x + dx, y + dy)).collect(),
                ..l.clone()
            }),
            Item::Dot(d) => Item::Dot(DotItem {
                x: d.x + dx,
                y: d.y + dy,
                ..d.clone()
            }),
        }
    }
}

/// A heading as placed, for the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedHeading {
    pub level: u8,
    /// "2.1"
    pub number: String,
    pub text: String,
    pub top: f32,
}

impl PlacedHeading {
    /// The heading as a reader sees it: "2.1 Referrals".
    pub fn title(&self) -> String {
        format!("{} {}", self.number, self.text)
    }
}

/// The vertical extent a part of a block took on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Index into the blocks given to `layout`.
    pub block: usize,
    pub part: Part,
    pub top: f32,
    pub bottom: f32,
}

/// Which part of a block a placement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Heading,
    /// Lines of a paragraph (one placement per page it runs over).
    Lines,
    /// Lines of one bullet item.
    Bullet(usize),
    /// A table's caption and header row (repeated on each page).
    TableHeader {
        continued: bool,
    },
    /// A table row; `piece` is 0 unless a row taller than a page was split.
    TableRow {
        row: usize,
        piece: usize,
    },
    TableNote,
    Chart,
}

/// Items drawn relative to a block's top-left corner, and their height.
pub struct Drawing {
    pub items: Vec<Item>,
    pub height: f32,
}

pub(crate) fn text(x: f32, baseline: f32, text: &str, face: Face, size: f32, colour: Rgb) -> Item {
    Item::Text(TextItem {
        x,
        baseline,
        text: text.to_string(),
        face,
        size,
        colour,
    })
}

pub(crate) fn rule(x1: f32, x2: f32, y: f32, width: f32, colour: Rgb) -> Item {
    Item::Line(LineItem {
        points: vec![(x1, y), (x2, y)],
        width,
        colour,
        dashed: false,
    })
}
