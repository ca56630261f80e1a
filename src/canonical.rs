//! One canonical form for comparing Case IDs, and for the text a Case ID may
//! hide in: compatibility-normalised (NFKC: fullwidth and styled letters and
//! digits, non-breaking hyphens), combining marks and format characters
//! (zero-width space, soft hyphen, bidi controls) removed, text inside a
//! right-to-left override read in the order it is shown, Latin look-alikes
//! from Cyrillic and Greek folded to Latin, and lower case. A Case ID's key
//! is its canonical letters and digits only, so `CSE-0133`, `cse 0133` and
//! `C.S.E.-0133` are one key. Pure; it must NOT change what is stored or
//! shown — it is only for comparing.

use std::borrow::Cow;
use std::collections::HashSet;
use unicode_general_category::{get_general_category, GeneralCategory};

/// Right-to-left override: the text up to the matching pop is shown reversed.
const RLO: char = '\u{202E}';
/// Pop directional formatting.
const PDF: char = '\u{202C}';
/// The embeddings and overrides that `PDF` closes.
const PUSHES: [char; 4] = ['\u{202A}', '\u{202B}', '\u{202D}', RLO];

/// The canonical form of `text` (see the module note).
pub fn text(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let shown = display_order(text);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        push_canonical(c, &mut out);
    }
    out
}

/// A Case ID's key: its canonical letters and digits, without separators.
pub fn case_key(id: &str) -> String {
    text(id).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a Case ID holds at least one letter and one digit, as the data
/// contract asks: a bare number (`2015`) could be a year or a count, a bare
/// word could be anything the reports print.
pub fn has_letter_and_digit(id: &str) -> bool {
    let key = case_key(id);
    key.chars().any(char::is_alphabetic) && key.chars().any(|c| c.is_numeric())
}

fn push_canonical(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    unicode_normalization::char::decompose_compatible(c, |d| {
        if is_dropped(d) {
            return;
        }
        match latin_look_alike(d) {
            Some(latin) => out.push(latin),
            None if d.is_ascii() => out.push(d.to_ascii_lowercase()),
            // Folded again once lower case: a capital whose small form is a
            // look-alike (`П`, `п`).
            None => out.extend(d.to_lowercase().map(|l| latin_look_alike(l).unwrap_or(l))),
        }
    });
}

/// Format characters (zero-width, soft hyphen, bidi controls) and combining
/// marks: invisible, or drawn over the letter before them.
fn is_dropped(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::Format | GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
    )
}

/// `text` with every right-to-left override's content in the order a reader
/// sees it. An override runs to its matching pop, the end of the line or the
/// end of the text; embeddings and overrides inside it are counted so that
/// their pops do not end it early.
fn display_order(text: &str) -> Cow<'_, str> {
    if !text.contains(RLO) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != RLO {
            out.push(c);
            continue;
        }
        let mut depth = 1usize;
        let mut inside = Vec::new();
        while let Some(&next) = chars.peek() {
            if matches!(next, '\n' | '\r' | '\u{2029}') {
                break;
            }
            chars.next();
            if PUSHES.contains(&next) {
                depth += 1;
            } else if next == PDF {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else {
                inside.push(next);
            }
        }
        out.extend(inside.into_iter().rev());
    }
    Cow::Owned(out)
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, lower case.
fn latin_look_alike(c: char) -> Option<char> {
    let latin = match c {
        'А' | 'а' | 'Α' | 'α' => 'a',
        'В' | 'в' | 'Β' | 'Ь' | 'ь' | 'β' => 'b',
        'С' | 'с' | 'Ϲ' | 'ϲ' => 'c',
        'ԁ' | 'Ԁ' => 'd',
        'Е' | 'е' | 'Ε' | 'ε' | 'Ѐ' | 'ѐ' | 'Ё' | 'ё' => 'e',
        'Һ' | 'һ' | 'Н' | 'н' | 'Η' => 'h',
        'І' | 'і' | 'Ї' | 'ї' | 'Ι' | 'ι' | 'Ӏ' | 'ӏ' => 'i',
        'Ј' | 'ј' | 'ϳ' => 'j',
        'К' | 'к' | 'Κ' | 'κ' => 'k',
        'М' | 'м' | 'Μ' => 'm',
        'Ν' | 'п' => 'n',
        'О' | 'о' | 'Ο' | 'ο' | 'σ' => 'o',
        'Р' | 'р' | 'Ρ' | 'ρ' => 'p',
        'Ԛ' | 'ԛ' => 'q',
        'Ѕ' | 'ѕ' => 's',
        'Т' | 'т' | 'Τ' | 'τ' => 't',
        'υ' | 'ц' => 'u',
        'ν' | 'Ѵ' | 'ѵ' => 'v',
        'Ԝ' | 'ԝ' | 'ш' | 'ω' => 'w',
        'Х' | 'х' | 'Χ' | 'χ' => 'x',
        'У' | 'у' | 'Υ' | 'Ү' | 'ү' | 'γ' => 'y',
        'Ζ' => 'z',
        _ => return None,
    };
    Some(latin)
}

/// Whether a character between two runs of letters and digits leaves them
/// one token when read as a Case ID: spaces, dashes of every kind, and the
/// `.`, `_`, `/`, `:`, `#` people put between the parts of an ID.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '_' | '/' | '\\' | ':' | '#' | '·' | '•' | '~' | '\u{2212}' | '\u{2043}'
        )
        || get_general_category(c) == GeneralCategory::DashPunctuation
}

/// Case ID keys, ready to be found in canonical text (see `KeyIndex::find`).
#[derive(Debug, Default)]
pub struct KeyIndex {
    keys: HashSet<String>,
    /// Every non-empty prefix of every key, so a search stops as soon as the
    /// text read so far can no longer become a key.
    prefixes: HashSet<String>,
    longest: usize,
}

impl KeyIndex {
    pub fn insert(&mut self, key: &str) {
        if key.is_empty() || !self.keys.insert(key.to_string()) {
            return;
        }
        for (i, c) in key.char_indices() {
            self.prefixes.insert(key[..i + c.len_utf8()].to_string());
        }
        self.longest = self.longest.max(key.len());
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Every key that `canonical` (text in canonical form) holds: a sequence of
    /// whole runs of letters and digits, joined only by separators, whose
    /// letters and digits are the key. `cse-0142` is found in “met cse 0142.”
    /// and “c.s.e.-0142”, not in “xcse-0142” or “cse-01421”.
    pub fn find<'a>(&'a self, canonical: &str, mut found: impl FnMut(&'a str)) {
        if self.keys.is_empty() {
            return;
        }
        let runs = runs(canonical);
        let mut joined = String::with_capacity(self.longest);
        for start in 0..runs.len() {
            joined.clear();
            for (i, (run, joins_previous)) in runs[start..].iter().enumerate() {
                if i > 0 && !joins_previous {
                    break;
                }
                joined.push_str(run);
                if joined.len() > self.longest || !self.prefixes.contains(joined.as_str()) {
                    break;
                }
                if let Some(key) = self.keys.get(joined.as_str()) {
                    found(key);
                }
            }
        }
    }
}

/// The runs of letters and digits of `canonical`, each with whether only
/// separators stand between it and the run before.
fn runs(canonical: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap_is_separator = false;
    for (i, c) in canonical.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push((&canonical[s..i], gap_is_separator));
            gap_is_separator = true;
        }
        gap_is_separator &= is_separator(c);
    }
    if let Some(s) = start {
        out.push((&canonical[s..], gap_is_separator));
    }
    if let Some(first) = out.first_mut() {
        first.1 = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(index: &KeyIndex, raw: &str) -> Vec<String> {
        let mut out = Vec::new();
        index.find(&text(raw), |k| out.push(k.to_string()));
        out
    }

    fn index(ids: &[&str]) -> KeyIndex {
        let mut index = KeyIndex::default();
        for id in ids {
            index.insert(&case_key(id));
        }
        index
    }

    #[test]
    fn every_variant_of_a_case_id_has_the_same_key() {
        let variants = [
            "CSE-0133",
            "cse-0133",
            "CSE 0133",
            "CSE0133",
            "C.S.E.-0133",
            "CSE\u{2011}0133",
            "CSE\u{2013}0133",
            "CSE-\u{200B}0133",
            "CS\u{00AD}E-0133",
            "\u{0421}SE-0133",
            "CSE-\u{FF10}\u{FF11}\u{FF13}\u{FF13}",
            "\u{FF23}\u{FF33}\u{FF25}-0133",
            "\u{202E}3310-ESC\u{202C}",
            "C\u{0336}SE-0133",
        ];
        let index = index(&["CSE-0133"]);
        for v in variants {
            assert_eq!(found(&index, v), vec!["cse0133"], "{v:?}");
            assert_eq!(
                found(&index, &format!("Met {v} today.")),
                vec!["cse0133"],
                "{v:?}"
            );
        }
    }

    #[test]
    fn a_key_is_found_only_as_whole_runs() {
        let index = index(&["A1", "CSE-0142"]);
        for clean in [
            "see A12 and BA1",
            "XCSE-0142",
            "CSE-01421",
            "cse, 0142",
            "(CSE)(0142)",
        ] {
            assert!(found(&index, clean).is_empty(), "{clean}");
        }
        for leaky in ["(A1)", "a1 at the end", "met cse-0142.", "A 1", "cse_0142"] {
            assert_eq!(found(&index, leaky).len(), 1, "{leaky}");
        }
    }

    #[test]
    fn ordinary_words_and_figures_are_not_case_ids() {
        for not_id in ["A", "12", "2015", "CSE-", "-", "", "ABC-DEF"] {
            assert!(!has_letter_and_digit(not_id), "{not_id}");
        }
        for id in ["A1", "CSE-0142", "1a"] {
            assert!(has_letter_and_digit(id), "{id}");
        }
        // Folding keeps ordinary text readable as itself.
        assert_eq!(
            text("Q&A — ‘Say Something’ sessions"),
            "q&a — ‘say something’ sessions"
        );
        assert_eq!(text("Ωmega ПЕТЯ Жук"), "wmega netя жyk");
    }

    #[test]
    fn an_unclosed_override_runs_to_the_end_of_its_line() {
        assert_eq!(text("a\u{202E}cba\nxyz"), "aabc\nxyz");
        assert_eq!(text("\u{202E}\u{202E}ba\u{202C}c\u{202C}d"), "cabd");
    }
}
