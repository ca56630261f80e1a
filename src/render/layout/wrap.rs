//! Word wrapping of mixed regular/bold text into lines of a given width, with
//! measured glyph widths. Lines break at spaces only (no hyphens are added); a
//! word wider than the whole line is broken between characters. Nothing here
//! decides where a line goes on the page.

use crate::document::Run;
use crate::render::text::{drawable_text, Face, Measure};
use std::borrow::Cow;

/// Text in one face within a line, `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub face: Face,
    pub text: String,
    pub x: f32,
    pub width: f32,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub fragments: Vec<Fragment>,
    pub width: f32,
    /// The text went on after a space or line break where this line ends:
    /// the space is not drawn, but a reader of the tagged PDF is given it, so
    /// the last word of one line and the first of the next stay two words.
    pub space_after: bool,
}

impl Line {
    /// The line's text, as a reader copying it would get it.
    pub fn text(&self) -> String {
        self.fragments.iter().map(|f| f.text.as_str()).collect()
    }

    fn push(&mut self, face: Face, text: &str, width: f32) {
        match self.fragments.last_mut() {
            Some(last) if last.face == face => {
                last.text.push_str(text);
                last.width += width;
            }
            _ => self.fragments.push(Fragment {
                face,
                text: text.to_string(),
                x: self.width,
                width,
            }),
        }
        self.width += width;
    }

    fn is_empty(&self) -> bool {
        self.fragments.is_empty()
    }
}

/// A word: consecutive non-space characters, possibly changing face mid-word
/// (`**bold**,` keeps its comma attached). Its pieces borrow the runs' text;
/// only two runs of one face meeting inside a word are joined into a copy.
type Word<'a> = Vec<(Face, Cow<'a, str>)>;

enum Token<'a> {
    Word(Word<'a>),
    Space(Face),
    Break,
}

fn face_of(run: &Run) -> Face {
    if run.bold {
        Face::Bold
    } else {
        Face::Regular
    }
}

fn tokenize(runs: &[Run]) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut word: Word = Vec::new();
    for run in runs {
        let face = face_of(run);
        let text = run.text.as_str();
        // Where the word being read began in this run.
        let mut begun: Option<usize> = None;
        for (at, c) in text.char_indices() {
            if !is_break_space(c) {
                begun.get_or_insert(at);
                continue;
            }
            if let Some(from) = begun.take() {
                push_piece(&mut word, face, &text[from..at]);
            }
            end_word(&mut word, &mut tokens);
            tokens.push(if c == '\n' {
                Token::Break
            } else {
                Token::Space(face)
            });
        }
        if let Some(from) = begun {
            push_piece(&mut word, face, &text[from..]);
        }
    }
    end_word(&mut word, &mut tokens);
    tokens
}

/// A word that is only a relation sign (`≥ 80.0%`): it starts the next line
/// rather than end this one without its figure, when the two fit a line (and
/// a table's column is made wide enough for the two: `columns`).
pub(super) fn is_relation_sign(word: &str) -> bool {
    matches!(word, "≥" | "≤" | "<" | ">" | "=" | "±")
}

/// The width each relation sign needs on its line: its own, the space and
/// the word after it (by token index).
fn kept_widths(tokens: &[Token], size: f32, m: &dyn Measure) -> Vec<Option<f32>> {
    tokens
        .iter()
        .enumerate()
        .map(
            |(i, token)| match (token, tokens.get(i + 1), tokens.get(i + 2)) {
                (Token::Word(sign), Some(Token::Space(face)), Some(Token::Word(next)))
                    if matches!(sign.as_slice(), [(_, text)] if is_relation_sign(text)) =>
                {
                    Some(
                        word_width(sign, size, m)
                            + m.width(*face, " ", size)
                            + word_width(next, size, m),
                    )
                }
                _ => None,
            },
        )
        .collect()
}

/// Whitespace a line may break at: every kind but the no-break spaces
/// (U+00A0, U+2007, U+202F), which hold a figure and its mark together.
pub(crate) fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

fn end_word<'a>(word: &mut Word<'a>, tokens: &mut Vec<Token<'a>>) {
    if !word.is_empty() {
        tokens.push(Token::Word(std::mem::take(word)));
    }
}

/// Adds a piece of one run to the word: borrowed, unless it continues a
/// piece of the same face from the run before (then the two are joined).
fn push_piece<'a>(word: &mut Word<'a>, face: Face, piece: &'a str) {
    match word.last_mut() {
        Some((f, text)) if *f == face => text.to_mut().push_str(piece),
        _ => word.push((face, Cow::Borrowed(piece))),
    }
}

fn word_width(word: &Word, size: f32, m: &dyn Measure) -> f32 {
    word.iter()
        .map(|(face, text)| m.width(*face, text, size))
        .sum()
}

/// Splits a word wider than `max_width` into pieces that each fit (a piece is
/// at least one character, so a very narrow column still makes progress).
fn break_long_word<'a>(
    word: &Word<'a>,
    size: f32,
    max_width: f32,
    m: &dyn Measure,
) -> Vec<Word<'a>> {
    let mut pieces = Vec::new();
    let mut piece: Word = Vec::new();
    let mut width = 0.0;
    for (face, text) in word {
        for c in text.chars() {
            let mut buf = [0u8; 4];
            let w = m.width(*face, c.encode_utf8(&mut buf), size);
            if !piece.is_empty() && width + w > max_width + FIT_TOLERANCE {
                pieces.push(std::mem::take(&mut piece));
                width = 0.0;
            }
            match piece.last_mut() {
                Some((f, t)) if f == face => t.to_mut().push(c),
                _ => piece.push((*face, Cow::Owned(c.to_string()))),
            }
            width += w;
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// Widths are sums of floats: a word measured to exactly the room it was given
/// (a column fitted to its widest word) must still fit, not lose its last
/// character to the next line ("PS-0" / "1").
const FIT_TOLERANCE: f32 = 0.01;

/// Wraps `runs` at `size` points into lines no wider than `max_width` (a word
/// broken between characters is the only way a line can need that).
pub fn wrap(runs: &[Run], size: f32, max_width: f32, m: &dyn Measure) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut pending_space: Option<Face> = None;
    let mut ended_with_break = false;
    let tokens = tokenize(runs);
    let kept = kept_widths(&tokens, size, m);
    for (token, kept) in tokens.into_iter().zip(kept) {
        ended_with_break = false;
        match token {
            Token::Space(face) => {
                if !line.is_empty() {
                    pending_space = Some(face);
                }
            }
            Token::Break => {
                line.space_after = true;
                lines.push(std::mem::take(&mut line));
                pending_space = None;
                ended_with_break = true;
            }
            Token::Word(word) => {
                let width = word_width(&word, size, m);
                let space = pending_space.take();
                let space_width = space.map_or(0.0, |f| m.width(f, " ", size));
                // A sign goes down with its figure, unless the two fit no line.
                let needed = kept
                    .filter(|k| *k <= max_width + FIT_TOLERANCE)
                    .unwrap_or(width);
                if !line.is_empty()
                    && line.width + space_width + needed <= max_width + FIT_TOLERANCE
                {
                    if let Some(face) = space {
                        line.push(face, " ", space_width);
                    }
                    push_word(&mut line, &word, size, m);
                    continue;
                }
                if !line.is_empty() {
                    line.space_after = space.is_some();
                    lines.push(std::mem::take(&mut line));
                }
                if width <= max_width + FIT_TOLERANCE {
                    push_word(&mut line, &word, size, m);
                } else {
                    let mut pieces = break_long_word(&word, size, max_width, m);
                    let last = pieces.pop().unwrap_or_default();
                    for piece in pieces {
                        let mut full = Line::default();
                        push_word(&mut full, &piece, size, m);
                        lines.push(full);
                    }
                    push_word(&mut line, &last, size, m);
                }
            }
        }
    }
    if !line.is_empty() || ended_with_break {
        lines.push(line);
    }
    lines
}

/// Runs made drawable (`drawable_text`) in their own face.
pub(super) fn drawable_runs(runs: &[Run], m: &dyn Measure) -> Vec<Run> {
    runs.iter()
        .map(|run| {
            let face = if run.bold { Face::Bold } else { Face::Regular };
            Run {
                text: drawable_text(m, face, &run.text),
                bold: run.bold,
            }
        })
        .collect()
}

/// One text in one face, made drawable and wrapped.
pub(super) fn wrap_text(
    text: &str,
    face: Face,
    size: f32,
    width: f32,
    m: &dyn Measure,
) -> Vec<Line> {
    let run = Run {
        text: text.to_string(),
        bold: face == Face::Bold,
    };
    wrap(&drawable_runs(&[run], m), size, width, m)
}

fn push_word(line: &mut Line, word: &Word, size: f32, m: &dyn Measure) {
    for (face, text) in word {
        line.push(*face, text, m.width(*face, text, size));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every character one unit per point of size wide; bold a quarter wider.
    pub(crate) struct Mono;

    impl Measure for Mono {
        fn width(&self, face: Face, text: &str, size: f32) -> f32 {
            let per_char = match face {
                Face::Regular => size,
                Face::Bold => size * 1.25,
            };
            text.chars().count() as f32 * per_char
        }

        fn has_glyph(&self, _face: Face, _c: char) -> bool {
            true
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn words_fill_a_line_and_wrap_at_spaces() {
        let lines = wrap(&[Run::plain("aa bb cc dd")], 1.0, 5.0, &Mono);
        assert_eq!(texts(&lines), ["aa bb", "cc dd"]);
        assert!(lines.iter().all(|l| l.width <= 5.0));
    }

    #[test]
    fn a_no_break_space_holds_a_figure_and_its_mark_together() {
        let lines = wrap(&[Run::plain("aa 204\u{a0}[i]")], 1.0, 8.0, &Mono);
        assert_eq!(texts(&lines), ["aa", "204\u{a0}[i]"]);
    }

    #[test]
    fn a_relation_sign_stays_with_the_figure_after_it() {
        // "≥" alone fits the first line; it goes down with "80.0%" instead.
        let lines = wrap(&[Run::plain("aa ≥ 80.0%")], 1.0, 7.0, &Mono);
        assert_eq!(texts(&lines), ["aa", "≥ 80.0%"]);
        // A sign inside a sentence is a sign too; other short words are not.
        let lines = wrap(&[Run::plain("a = b is ok")], 1.0, 3.0, &Mono);
        assert_eq!(texts(&lines), ["a", "= b", "is", "ok"]);
        // In a column too narrow for both, the figure is not broken to keep them.
        let lines = wrap(&[Run::plain("≥ 80.0% each")], 1.0, 5.0, &Mono);
        assert_eq!(texts(&lines), ["≥", "80.0%", "each"]);
    }

    #[test]
    fn runs_of_spaces_collapse_and_no_line_ends_with_a_space() {
        let lines = wrap(&[Run::plain("  aa    bb   cc  ")], 1.0, 5.0, &Mono);
        assert_eq!(texts(&lines), ["aa bb", "cc"]);
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_between_characters() {
        let lines = wrap(&[Run::plain("x abcdefghij y")], 1.0, 4.0, &Mono);
        assert_eq!(texts(&lines), ["x", "abcd", "efgh", "ij y"]);
        assert!(lines.iter().all(|l| l.width <= 4.0));
    }

    #[test]
    fn bold_and_regular_share_a_line_with_their_own_widths() {
        let runs = [Run::bold("Red:"), Run::plain(" 3 actions")];
        let lines = wrap(&runs, 1.0, 100.0, &Mono);
        assert_eq!(lines.len(), 1);
        let frags = &lines[0].fragments;
        assert_eq!(frags[0].face, Face::Bold);
        assert_eq!(frags[0].text, "Red:");
        assert_eq!(frags[1].x, 5.0, "after four bold characters");
        assert_eq!(frags[1].text, " 3 actions");
        assert_eq!(lines[0].width, 5.0 + 10.0);
    }

    #[test]
    fn punctuation_stays_with_a_bold_word() {
        let runs = [Run::bold("overdue"), Run::plain(", then")];
        let lines = wrap(&runs, 1.0, 10.0, &Mono);
        // "overdue," is one word (8.75 wide): the comma never starts a line.
        assert_eq!(texts(&lines), ["overdue,", "then"]);
    }

    #[test]
    fn runs_of_one_face_meeting_inside_a_word_make_one_word() {
        let runs = [Run::plain("ab"), Run::plain("cd ef"), Run::plain("gh")];
        let lines = wrap(&runs, 1.0, 4.0, &Mono);
        assert_eq!(texts(&lines), ["abcd", "efgh"]);
        assert_eq!(lines[0].fragments.len(), 1, "one piece of text");
        let broken = wrap(&[Run::plain("abc"), Run::plain("def")], 1.0, 4.0, &Mono);
        assert_eq!(texts(&broken), ["abcd", "ef"]);
    }

    #[test]
    fn newlines_start_new_lines_and_blank_lines_are_kept() {
        let lines = wrap(&[Run::plain("one\n\ntwo")], 1.0, 50.0, &Mono);
        assert_eq!(texts(&lines), ["one", "", "two"]);
    }

    #[test]
    fn empty_text_makes_no_lines() {
        assert!(wrap(&[Run::plain("   ")], 1.0, 50.0, &Mono).is_empty());
        assert!(wrap(&[], 1.0, 50.0, &Mono).is_empty());
    }

    #[test]
    fn a_zero_width_column_still_terminates() {
        let lines = wrap(&[Run::plain("abc")], 1.0, 0.0, &Mono);
        assert_eq!(texts(&lines), ["a", "b", "c"]);
    }
}
