//! The look of every document: page geometry, type sizes, spacing and colours,
//! in PDF points (1/72 inch). Layout reads these; nothing here draws.

use super::blocks::{Chart, Rgb};

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

/// Series colours in order, for a chart whose report names no colour: every
/// one at least 3:1 against white, and alternately mid and dark so that each
/// is at least 3:1 against the next (and the last against the first) — WCAG
/// 1.4.11 for graphics, on screen and in print.
pub const SERIES_PALETTE: [Rgb; 6] = [
    Rgb::hex(0x003078),
    Rgb::hex(0x5694ca),
    Rgb::hex(0x3d2375),
    Rgb::hex(0xb58840),
    Rgb::hex(0x00402a),
    Rgb::hex(0x28a197),
];

/// The least contrast a chart's marks keep against the white page and
/// between neighbouring marks (WCAG 1.4.11, non-text contrast).
pub const MIN_GRAPHIC_CONTRAST: f32 = 3.0;

/// The WCAG contrast ratio of two colours, 1 (same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour a chart draws for a series the report asked to show in
/// `requested`: the same colour when it keeps 3:1 against white, else the same
/// hue darkened just enough (a RAG grey or amber is too pale to see as a bar
/// on its own). The one rule for the PDF and the web page, so both agree.
/// Neighbouring marks of such colours are kept apart by a white gap, which
/// then carries the 3:1 between them.
pub fn chart_colour(requested: Rgb) -> Rgb {
    // A hair above 3:1 so that rounding in a checker never reads 2.99.
    let wanted = MIN_GRAPHIC_CONTRAST + 0.05;
    let mut factor = 1.0f32;
    let mut colour = requested;
    while contrast(colour, WHITE) < wanted && factor > 0.0 {
        factor -= 0.01;
        let scale = |c: u8| (f32::from(c) * factor).round().clamp(0.0, 255.0) as u8;
        colour = Rgb {
            r: scale(requested.r),
            g: scale(requested.g),
            b: scale(requested.b),
        };
    }
    colour
}

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

/// The colour drawn for a series: the report's, held to 3:1 against white.
pub fn series_colour(chart: &Chart, index: usize) -> Rgb {
    chart_colour(
        chart
            .series
            .get(index)
            .and_then(|s| s.colour)
            .unwrap_or(SERIES_PALETTE[index % SERIES_PALETTE.len()]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rag::Rag;

    fn rgb(hex: &str) -> Rgb {
        Rgb::hex(u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap())
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Rgb::hex(0), WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-6);
        // The figures quoted in issue 15 for the old chart colours.
        assert!((contrast(rgb("#b1b4b6"), WHITE) - 2.08).abs() < 0.01);
        assert!((contrast(rgb("#6fa0cf"), WHITE) - 2.76).abs() < 0.01);
        assert!((contrast(rgb("#6fa0cf"), rgb("#1d70b8")) - 1.87).abs() < 0.01);
    }

    #[test]
    fn the_default_palette_keeps_3_to_1_against_white_and_its_neighbours() {
        let n = SERIES_PALETTE.len();
        for (i, colour) in SERIES_PALETTE.iter().enumerate() {
            let on_white = contrast(*colour, WHITE);
            assert!(
                on_white >= MIN_GRAPHIC_CONTRAST,
                "{colour:?}: {on_white:.2}"
            );
            let next = SERIES_PALETTE[(i + 1) % n];
            let between = contrast(*colour, next);
            assert!(
                between >= MIN_GRAPHIC_CONTRAST,
                "{colour:?} next to {next:?}: {between:.2}"
            );
        }
    }

    #[test]
    fn every_colour_a_report_asks_for_is_drawn_at_3_to_1_against_white() {
        let asked = [
            Rag::Red.colour(),
            Rag::Amber.colour(),
            Rag::Green.colour(),
            Rag::Blue.colour(),
            Rag::Grey.colour(),
            "#6FA0CF",
            "#505A5F",
            "#FFFFFF",
            "#FFFF00",
        ];
        for hex in asked {
            let drawn = chart_colour(rgb(hex));
            let ratio = contrast(drawn, WHITE);
            assert!(
                ratio >= MIN_GRAPHIC_CONTRAST,
                "{hex} → {drawn:?}: {ratio:.2}"
            );
        }
        // Colours that already pass are drawn as asked.
        for hex in [Rag::Red.colour(), Rag::Green.colour(), Rag::Blue.colour()] {
            assert_eq!(chart_colour(rgb(hex)), rgb(hex), "{hex}");
        }
        // A pale one keeps its hue: the grey stays grey, the amber stays warm.
        let grey = chart_colour(rgb(Rag::Grey.colour()));
        assert!(grey.r.abs_diff(grey.b) <= 5 && grey.r < 0xb1, "{grey:?}");
        let amber = chart_colour(rgb(Rag::Amber.colour()));
        assert!(amber.r > amber.g && amber.g > amber.b, "{amber:?}");
        for colour in SERIES_PALETTE {
            assert_eq!(chart_colour(colour), colour);
        }
    }
}
