//! Phrases as the privacy guard compares them: words folded to canonical
//! form, and an index that finds every phrase in a text in one pass. Knows
//! nothing of where the text came from.

use super::{MIN_PHRASE_CHARS, MIN_PHRASE_WORDS};
use crate::canonical;
use std::collections::{BTreeMap, BTreeSet};

/// Folded phrases by their first word, so that a text is searched for all of
/// them in one pass over its words.
#[derive(Debug, Default)]
pub(super) struct PhraseIndex {
    by_first_word: BTreeMap<String, BTreeSet<String>>,
}

impl PhraseIndex {
    pub(super) fn insert(&mut self, phrase: &str) {
        let first = phrase.split(' ').next().unwrap_or_default();
        self.by_first_word
            .entry(first.to_string())
            .or_default()
            .insert(phrase.to_string());
    }

    /// The phrases found in `words` (folded), comparing word by word from each
    /// word that starts a phrase (linear in the text, however long).
    pub(super) fn found_in(&self, words: &str) -> Vec<&String> {
        let list: Vec<&str> = words.split(' ').collect();
        let mut found = Vec::new();
        for (i, word) in list.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(*word) else {
                continue;
            };
            for phrase in candidates {
                let mut parts = phrase.split(' ');
                let mut rest = list[i..].iter();
                if parts.all(|p| rest.next() == Some(&p)) {
                    found.push(phrase);
                }
            }
        }
        found
    }
}

/// The words of `text` (runs of letters and digits, any script) in canonical
/// form (see `crate::canonical`), joined by one space.
pub(super) fn fold_words(text: &str) -> String {
    fold_canonical_words(&canonical::text(text))
}

/// `fold_words` of text already in canonical form.
pub(super) fn fold_canonical_words(canonical: &str) -> String {
    canonical
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn long_enough(phrase: &str) -> bool {
    phrase.split(' ').count() >= MIN_PHRASE_WORDS && phrase.chars().count() >= MIN_PHRASE_CHARS
}

/// Whether folded `words` hold folded `phrase` as whole words.
pub(super) fn contains_phrase(words: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {words} ").contains(&format!(" {phrase} "))
}
