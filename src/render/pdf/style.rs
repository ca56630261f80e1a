//! The look of every document: page geometry, type sizes, spacing and colours,
//! in PDF points (1/72 inch). Layout reads these; nothing here draws.

use super::model::Rgb;

/// A4 portrait.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;

pub const MARGIN_LEFT: f32 = 62.0;
pub const MARGIN_RIGHT: f32 = 62.0;
/// Where the body starts and ends, measured from the top of the page; the
/// running header and footer sit in the margins outside this band.
pub const BODY_TOP: f32 = 74.0;
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 66.0;
pub const BODY_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

pub const HEADER_BASELINE: f32 = 40.0;
pub const HEADER_RULE: f32 = 48.0;
pub const FOOTER_RULE: f32 = PAGE_HEIGHT - 50.0;
pub const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 36.0;
pub const FURNITURE_SIZE: f32 = 8.0;
pub const MARKING_SIZE: f32 = 8.5;

pub const BODY_SIZE: f32 = 10.0;
pub const BODY_LEADING: f32 = 14.2;
pub const PARAGRAPH_AFTER: f32 = 8.0;

pub const TITLE_SIZE: f32 = 24.0;
pub const TITLE_LEADING: f32 = 30.0;

pub const BULLET_INDENT: f32 = 16.0;
pub const BULLET_GAP: f32 = 3.0;

pub const TABLE_SIZE: f32 = 8.5;
pub const TABLE_LEADING: f32 = 11.5;
pub const CELL_PAD_X: f32 = 5.0;
pub const CELL_PAD_Y: f32 = 4.0;
pub const CAPTION_SIZE: f32 = 9.5;
pub const CAPTION_LEADING: f32 = 13.0;
pub const NOTE_SIZE: f32 = 8.0;
pub const NOTE_LEADING: f32 = 10.5;
/// Space between a block and what comes before and after it.
pub const BLOCK_GAP: f32 = 12.0;

/// Where a baseline sits in a line box: half the leading down, then a third
/// of an em, which centres capitals and lower case between the box edges.
pub fn baseline_in_line(leading: f32, size: f32) -> f32 {
    leading / 2.0 + 0.36 * size
}

/// A heading's type by level (1 is the largest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingStyle {
    pub size: f32,
    pub leading: f32,
    pub before: f32,
    pub after: f32,
    pub colour: Rgb,
    /// A rule under the heading across the column.
    pub rule: bool,
}

pub fn heading_style(level: u8) -> HeadingStyle {
    match level {
        1 => HeadingStyle {
            size: 15.0,
            leading: 19.0,
            before: 22.0,
            after: 10.0,
            colour: NAVY,
            rule: true,
        },
        2 => HeadingStyle {
            size: 12.0,
            leading: 16.0,
            before: 16.0,
            after: 6.0,
            colour: NAVY,
            rule: false,
        },
        _ => HeadingStyle {
            size: 10.5,
            leading: 14.0,
            before: 12.0,
            after: 4.0,
            colour: INK,
            rule: false,
        },
    }
}

pub const INK: Rgb = Rgb::hex(0x1b1f24);
pub const MUTED: Rgb = Rgb::hex(0x5b6673);
pub const NAVY: Rgb = Rgb::hex(0x1f3a5f);
pub const HEADING_RULE: Rgb = Rgb::hex(0x9fb0c4);
pub const RULE: Rgb = Rgb::hex(0xd3d9e0);
pub const RULE_STRONG: Rgb = Rgb::hex(0x8c98a6);
pub const TABLE_HEADER_FILL: Rgb = Rgb::hex(0x1f3a5f);
pub const TABLE_HEADER_TEXT: Rgb = Rgb::hex(0xffffff);
pub const GRID: Rgb = Rgb::hex(0xe3e7ec);
pub const TARGET: Rgb = Rgb::hex(0xa33b3b);
pub const WHITE: Rgb = Rgb::hex(0xffffff);

/// Series colours in order: distinguishable, printable in greyscale, calm.
pub const SERIES_PALETTE: [Rgb; 6] = [
    Rgb::hex(0x1f4e79),
    Rgb::hex(0x6fa0cf),
    Rgb::hex(0xc9a227),
    Rgb::hex(0x7f8c99),
    Rgb::hex(0x4f7f5a),
    Rgb::hex(0x8a5a83),
];

/// Soft status fills for table cells (the status word is printed on them).
pub mod status {
    use super::Rgb;

    pub const RED: Rgb = Rgb::hex(0xf2c4c0);
    pub const AMBER: Rgb = Rgb::hex(0xfbe3a6);
    pub const GREEN: Rgb = Rgb::hex(0xc3e3c9);
    pub const BLUE: Rgb = Rgb::hex(0xcfdcf0);
    pub const GREY: Rgb = Rgb::hex(0xe3e5e8);
}

/// The colour for text drawn on `fill`: ink on light fills, white on dark.
pub fn text_on(fill: Rgb) -> Rgb {
    if fill.luminance() < 0.28 {
        WHITE
    } else {
        INK
    }
}
