//! Text beyond what DejaVu Sans draws letter by letter: which face draws each
//! character (DejaVu first; Arabic and Bengali letters in their Noto face,
//! Chinese, Japanese and Korean in Droid Sans Fallback), shaping of the
//! fallback faces' runs by rustybuzz (Arabic letters join, Bengali conjuncts
//! form and vowel signs move), and the visual order of right-to-left runs in
//! a left-to-right line by unicode-bidi. Gives glyphs and their positions in
//! one line; decides no line breaks and writes no PDF operators.

use unicode_bidi::{BidiInfo, Level};

use super::chars::script_face;
use super::fallback::Fallback;
use super::fonts::EmbeddedFonts;
use super::Face;

/// Which face draws a run: DejaVu in the item's weight, or a fallback face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Primary(Face),
    Fallback(Fallback),
}

/// One glyph, placed from the item's start in thousandths of an em (`y`
/// upwards, for a mark set above or below its letter).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub glyph: Glyph,
    pub x: f32,
    pub y: f32,
}

/// A DejaVu glyph is named by its character (the PDF's skeleton gives each
/// character its code); a fallback glyph by its glyph ID, with
/// the text it stands for (its ToUnicode entry).
#[derive(Debug, Clone, PartialEq)]
pub enum Glyph {
    Char(char),
    Id { gid: u16, text: String },
}

/// Consecutive glyphs of one face, in visual order.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub source: Source,
    pub glyphs: Vec<Placed>,
    /// The run's text as typed, where its glyphs' texts in drawing order do
    /// not read as typed (a Bengali vowel sign drawn before its consonant):
    /// the PDF gives it as `/ActualText`.
    pub actual_text: Option<String>,
}

/// A line shaped and ordered for drawing, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub runs: Vec<GlyphRun>,
    /// The advance of the whole line, in thousandths of an em.
    pub width: f32,
}

/// A mark or joiner belongs with the letter before it, in that letter's face.
fn clings(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
        || matches!(
            get_general_category(c),
            G::NonspacingMark | G::SpacingMark | G::EnclosingMark
        )
}

/// The face that draws `c` after a character drawn by `previous`, or `None`
/// when no embedded face has it.
pub fn source_of(
    fonts: &EmbeddedFonts,
    face: Face,
    c: char,
    previous: Option<Source>,
) -> Option<Source> {
    if let Some(f) = script_face(c, face).filter(|f| f.covers(c)) {
        return Some(Source::Fallback(f));
    }
    if clings(c) {
        match previous {
            Some(Source::Fallback(f)) if f.covers(c) => return previous,
            _ => {}
        }
    }
    if fonts.has_own_glyph(face, c) {
        return Some(Source::Primary(face));
    }
    [
        Fallback::Cjk,
        Fallback::arabic(face),
        Fallback::bengali(face),
    ]
    .into_iter()
    .find(|f| f.covers(c))
    .map(Source::Fallback)
}

/// Shapes and orders one line of text (already made drawable: every
/// character has a face). A character no face has is drawn by DejaVu as
/// its missing-glyph box.
pub fn shape(fonts: &EmbeddedFonts, face: Face, text: &str) -> Shaped {
    let mut shaped = Shaped {
        runs: Vec::new(),
        width: 0.0,
    };
    // The report is English: a line is left to right, whatever it starts with.
    let bidi = BidiInfo::new(text, Some(Level::ltr()));
    for paragraph in &bidi.paragraphs {
        let (_, level_runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for range in level_runs {
            let rtl = bidi.levels[range.start].is_rtl();
            let mut pieces = face_runs(fonts, face, &text[range.clone()]);
            if rtl {
                pieces.reverse();
            }
            for (source, piece) in pieces {
                let run = match source {
                    Source::Primary(face) => primary_run(fonts, face, piece, rtl, shaped.width),
                    Source::Fallback(f) => fallback_run(f, piece, rtl, shaped.width),
                };
                shaped.width = run.1;
                shaped.runs.push(run.0);
            }
        }
    }
    shaped
}

/// `text` split where the face that draws it changes, in logical order.
fn face_runs<'a>(fonts: &EmbeddedFonts, face: Face, text: &'a str) -> Vec<(Source, &'a str)> {
    let mut runs: Vec<(Source, &str)> = Vec::new();
    let mut start = 0;
    let mut current: Option<Source> = None;
    for (i, c) in text.char_indices() {
        let source = source_of(fonts, face, c, current).unwrap_or(Source::Primary(face));
        if current != Some(source) {
            if let Some(previous) = current {
                runs.push((previous, &text[start..i]));
            }
            start = i;
            current = Some(source);
        }
    }
    if let Some(last) = current {
        runs.push((last, &text[start..]));
    }
    runs
}

/// DejaVu's characters at their advances (as the PDF's `/W` widths give
/// them), reversed and their brackets mirrored in a right-to-left run.
/// Returns the run and the pen position after it.
fn primary_run(
    fonts: &EmbeddedFonts,
    face: Face,
    text: &str,
    rtl: bool,
    mut pen: f32,
) -> (GlyphRun, f32) {
    let chars: Vec<char> = if rtl {
        text.chars().rev().map(mirrored).collect()
    } else {
        text.chars().collect()
    };
    let mut glyphs = Vec::with_capacity(chars.len());
    for c in chars {
        glyphs.push(Placed {
            glyph: Glyph::Char(c),
            x: pen,
            y: 0.0,
        });
        pen += fonts.advance(face, c);
    }
    let run = GlyphRun {
        source: Source::Primary(face),
        glyphs,
        actual_text: None,
    };
    (run, pen)
}

/// A bracket as drawn in right-to-left text (Unicode's Bidi_Mirroring_Glyph
/// for the brackets DejaVu draws; the fallback faces' runs are mirrored by
/// the shaper).
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

/// A fallback face's run shaped by rustybuzz: glyphs in visual order, each
/// with the text of its cluster (a glyph that is one of the cluster's
/// characters stands for that character alone).
///
/// Right-to-left text is left to the readers' own ordering, as every PDF
/// maker does it: poppler, pdf.js and Acrobat reverse a right-to-left run's
/// characters, in drawing order, into the order typed. So a glyph standing
/// for several characters there (the lam-alef ligature) gives them
/// reversed, and such a run has no `/ActualText` (poppler would reverse that
/// too). A left-to-right run whose glyphs' texts in drawing order differ from
/// the text typed gets one.
fn fallback_run(f: Fallback, text: &str, rtl: bool, mut pen: f32) -> (GlyphRun, f32) {
    let mut run = GlyphRun {
        source: Source::Fallback(f),
        glyphs: Vec::new(),
        actual_text: None,
    };
    let Some(shaper) = f.shaper() else {
        return (run, pen);
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let output = rustybuzz::shape(shaper, &[], buffer);
    let scale = 1000.0 / f32::from(shaper.units_per_em().max(1) as u16);
    let mut starts: Vec<usize> = output
        .glyph_infos()
        .iter()
        .map(|g| g.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for (info, position) in output.glyph_infos().iter().zip(output.glyph_positions()) {
        let start = info.cluster as usize;
        let end = starts
            .iter()
            .find(|s| **s > start)
            .copied()
            .unwrap_or(text.len());
        let gid = u16::try_from(info.glyph_id).unwrap_or(0);
        let mut glyph_text = glyph_text(shaper, gid, text.get(start..end).unwrap_or(""));
        if rtl {
            glyph_text = glyph_text.chars().rev().collect();
        }
        run.glyphs.push(Placed {
            glyph: Glyph::Id {
                gid,
                text: glyph_text,
            },
            x: pen + position.x_offset as f32 * scale,
            y: position.y_offset as f32 * scale,
        });
        pen += position.x_advance as f32 * scale;
    }
    if !rtl && drawn_text(&run) != text {
        run.actual_text = Some(text.to_string());
    }
    (run, pen)
}

/// The run's glyphs' texts in drawing order.
fn drawn_text(run: &GlyphRun) -> String {
    run.glyphs
        .iter()
        .map(|p| match &p.glyph {
            Glyph::Id { text, .. } => text.as_str(),
            Glyph::Char(_) => "",
        })
        .collect()
}

fn glyph_text(shaper: &rustybuzz::Face, gid: u16, cluster: &str) -> String {
    cluster
        .chars()
        .find(|c| shaper.glyph_index(*c).is_some_and(|g| g.0 == gid))
        .map_or_else(|| cluster.to_string(), String::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::chars::is_plain;

    fn fonts() -> &'static EmbeddedFonts {
        EmbeddedFonts::get().expect("embedded fonts parse")
    }

    fn sources(shaped: &Shaped) -> Vec<Source> {
        shaped.runs.iter().map(|r| r.source).collect()
    }

    #[test]
    fn latin_polish_and_romanian_are_plain() {
        for c in "Bath Łódź ąęś Română ș ț £–".chars() {
            assert!(is_plain(fonts(), Face::Regular, c), "{c}");
        }
        for c in "مباষ巴".chars() {
            assert!(!is_plain(fonts(), Face::Regular, c), "{c}");
        }
    }

    #[test]
    fn arabic_joins_and_is_drawn_right_to_left_after_english() {
        let shaped = shape(fonts(), Face::Regular, "Agree مركز");
        assert_eq!(
            sources(&shaped),
            [
                Source::Primary(Face::Regular),
                Source::Fallback(Fallback::ArabicRegular)
            ]
        );
        let arabic = &shaped.runs[1].glyphs;
        // Visual order: the last letter (ز) is leftmost, the first (م) rightmost.
        let texts: Vec<&str> = arabic
            .iter()
            .map(|p| match &p.glyph {
                Glyph::Id { text, .. } => text.as_str(),
                Glyph::Char(_) => "",
            })
            .collect();
        assert_eq!(texts, ["ز", "ك", "ر", "م"]);
        assert_eq!(shaped.runs[1].actual_text, None, "readers reverse it");
        // Joined: the initial form of م is not its isolated form.
        let isolated = Fallback::ArabicRegular
            .shaper()
            .and_then(|f| f.glyph_index('م'))
            .map(|g| g.0);
        let Glyph::Id { gid, .. } = &arabic[3].glyph else {
            panic!("a glyph id")
        };
        assert_ne!(Some(*gid), isolated, "م takes its initial form");
        assert!(arabic.windows(2).all(|w| w[0].x < w[1].x), "left to right");
        assert!(shaped.width > 0.0);
    }

    #[test]
    fn an_english_word_inside_arabic_keeps_its_order() {
        let shaped = shape(fonts(), Face::Regular, "مركز Bath باث");
        // Left to right: the line starts with the first Arabic word (LTR base),
        // then Bath, then the last Arabic word.
        let text: Vec<Source> = sources(&shaped);
        assert_eq!(text[0], Source::Fallback(Fallback::ArabicRegular));
        let bath: String = shaped
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .filter_map(|p| match p.glyph {
                Glyph::Char(c) => Some(c),
                Glyph::Id { .. } => None,
            })
            .collect();
        assert_eq!(bath.trim(), "Bath");
    }

    #[test]
    fn bengali_vowel_sign_i_is_drawn_before_its_consonant() {
        // কি: the vowel sign ি is typed after ক but drawn to its left.
        let shaped = shape(fonts(), Face::Regular, "কি");
        assert_eq!(
            sources(&shaped),
            [Source::Fallback(Fallback::BengaliRegular)]
        );
        let glyphs = &shaped.runs[0].glyphs;
        assert_eq!(glyphs.len(), 2);
        let Glyph::Id { text, .. } = &glyphs[0].glyph else {
            panic!("a glyph id")
        };
        assert_eq!(text, "ি");
        assert_eq!(shaped.runs[0].actual_text.as_deref(), Some("কি"));
    }

    #[test]
    fn a_ligature_in_right_to_left_text_stands_for_its_letters_reversed() {
        // لا is one glyph; readers reverse the run, so it maps to "ال".
        let shaped = shape(fonts(), Face::Regular, "لا");
        let texts: Vec<String> = shaped.runs[0]
            .glyphs
            .iter()
            .filter_map(|p| match &p.glyph {
                Glyph::Id { text, .. } => Some(text.clone()),
                Glyph::Char(_) => None,
            })
            .collect();
        assert_eq!(texts.concat(), "ال");
    }

    #[test]
    fn chinese_needs_no_actual_text() {
        let shaped = shape(fonts(), Face::Regular, "巴斯");
        assert_eq!(shaped.runs[0].actual_text, None);
    }

    #[test]
    fn chinese_is_drawn_by_the_cjk_face_and_emoji_by_none() {
        let shaped = shape(fonts(), Face::Bold, "巴斯 centre");
        assert_eq!(
            sources(&shaped),
            [Source::Fallback(Fallback::Cjk), Source::Primary(Face::Bold)]
        );
        assert_eq!(source_of(fonts(), Face::Regular, '🧒', None), None);
    }
}
