//! The privacy guard: after outputs are rendered and before any is put in
//! place, checks that none holds a Case ID or a piece of free text that no
//! output may show, and says which input cell to fix if one does. Pure: it
//! reads the dataset and the rendered bytes or text, and writes and prints
//! nothing. It must NOT echo what it found: a leak is reported by the kind of
//! value and the input cell it came from, never by the value.
//!
//! What it looks for (the needles, collected from the dataset):
//!
//! - **every Case ID** of every referral (of every return that has a Referrals
//!   sheet), matched as a whole token: a run of letters, digits and `-` (the
//!   Case ID alphabet) equal to the ID, ignoring case, with no such character
//!   either side. So the ID `A1` matches “A1” and “(A1)” but not “A12”, “BA1”
//!   or “A1-2”; `CSE-0142` does not match inside `CSE-0142-2`.
//! - **referral free text** (every Closure reason), and the return's own notes
//!   that no output shows (every Evidence and Completed by), matched as a
//!   phrase: the same words in the same order, ignoring case, spacing and
//!   punctuation. A phrase of fewer than `MIN_PHRASE_WORDS` words or
//!   `MIN_PHRASE_CHARS` characters (“Risk reduced”, “Moved away”) is not
//!   looked for: it identifies nobody and would match ordinary report text.
//!   An Evidence or Completed by text that is also part of a text the outputs
//!   may show (an action, an owner, a progress update …) is not looked for
//!   either, since its appearance proves nothing.
//!
//! Where it looks: in an xlsx, every string a user can see — shared strings,
//! inline strings, headers and footers, data-validation lists, prompts and
//! error messages, document properties — unescaped (numbers are not looked
//! at); in HTML, the text and the `title`, `alt`, `content` and `aria-label`
//! attributes; in a PDF, the text the PDF writer hands to `scan_text`.
//!
//! boardpack's own fixed texts (`Guard::allow_own_text`), such as a template's
//! “such as CSE-0142”, are not scanned when a string equals one as a whole:
//! they read the same whatever the inputs, so they carry nothing of them.
//!
//! One exemption: the pre-filled return template of the agency that keeps the
//! referral log lists that agency's own open cases, and goes back to it only.
//! In that file alone, a string that *is* one of the keeper's Case IDs (the
//! pre-filled Case ID cells) is allowed; a Case ID inside any other text there
//! (a progress update) is still a leak, and free text is never exempt.

use crate::diagnostics::Place;
use crate::model::Dataset;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

/// Phrases shorter than this, in words or in characters, are not looked for.
pub const MIN_PHRASE_WORDS: usize = 3;
pub const MIN_PHRASE_CHARS: usize = 20;

/// What kind of input value leaked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    CaseId,
    ClosureReason,
    Evidence,
    CompletedBy,
}

impl Kind {
    fn described(self) -> &'static str {
        match self {
            Kind::CaseId => "a Case ID from the referral log",
            Kind::ClosureReason => "the text of a referral's Closure reason",
            Kind::Evidence => "the text of an action's Evidence",
            Kind::CompletedBy => "the Completed by of a return",
        }
    }
}

/// Which exemption applies to an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exempt {
    Nothing,
    /// The referral-log keeper's own return template (see the module note).
    LogKeeperTemplate,
}

/// A leak found in an output: what kind of value, and the input cell to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    /// The output as the user will know it (its path).
    pub output: String,
    pub kind: Kind,
    /// The input cell the value came into the output through.
    pub fix_at: Place,
    /// The column of `fix_at` (“Progress update”), for the message.
    pub field: &'static str,
    /// True when the value reached the output by itself, not inside another
    /// text: then no input is at fault, boardpack is.
    pub by_itself: bool,
}

impl Leak {
    /// The message for the user: names the output, the kind of value and the
    /// cell to fix, never the value.
    pub fn message(&self) -> String {
        if self.by_itself {
            return format!(
                "{} would contain {} ({}: {}); boardpack should never put it there — this is a bug, please report it",
                self.output,
                self.kind.described(),
                self.field,
                self.fix_at
            );
        }
        format!(
            "{} would contain {}, written into the {} at {} — remove it from that cell and run again",
            self.output,
            self.kind.described(),
            self.field,
            self.fix_at
        )
    }
}

/// A value no output may show, and where it was read.
#[derive(Debug)]
struct Needle {
    kind: Kind,
    at: Place,
    field: &'static str,
}

/// An input text an output may carry, and where it was read.
#[derive(Debug)]
struct Source {
    /// Folded (see `fold_words`).
    words: String,
    /// Upper-cased tokens over the Case ID alphabet.
    tokens: BTreeSet<String>,
    at: Place,
    field: &'static str,
}

/// The needles of one dataset, ready to scan outputs with.
#[derive(Debug, Default)]
pub struct Guard {
    /// Upper-cased Case ID → where it was first read.
    case_ids: BTreeMap<String, Needle>,
    /// The log keeper's Case IDs, upper-cased.
    keeper_ids: BTreeSet<String>,
    /// Folded phrase → where it was first read.
    phrases: BTreeMap<String, Needle>,
    /// The keys of `phrases`, indexed for scanning.
    phrase_index: PhraseIndex,
    /// Every input text an output may show, for naming the cell a leak came
    /// through.
    sources: Vec<Source>,
    /// boardpack's own fixed texts, trimmed: a string of an output equal to one
    /// of them is the same whatever the inputs, so it carries nothing of them.
    own_texts: BTreeSet<String>,
}

impl Guard {
    pub fn new(dataset: &Dataset) -> Guard {
        let mut guard = Guard::default();
        let keeper = dataset.referral_log_agency.as_deref();
        for r in &dataset.returns {
            for referral in r.referrals.iter().flatten() {
                let id = referral.case_id.to_ascii_uppercase();
                if Some(r.agency.as_str()) == keeper {
                    guard.keeper_ids.insert(id.clone());
                }
                guard.case_ids.entry(id).or_insert(Needle {
                    kind: Kind::CaseId,
                    at: referral.at.place("Case ID"),
                    field: "Case ID",
                });
            }
        }
        guard.collect_sources(dataset);
        guard.collect_phrases(dataset);
        guard
    }

    /// Tells the guard the fixed texts an output carries whatever the inputs (a
    /// template's example Case ID, “such as CSE-0142”): a string equal to one
    /// of them, as a whole, is not scanned. A string that merely contains one
    /// is scanned as usual.
    pub fn allow_own_text(mut self, texts: &[&str]) -> Guard {
        self.own_texts
            .extend(texts.iter().map(|t| t.trim().to_string()));
        self
    }

    /// Every input text an output may show, in reading order.
    fn collect_sources(&mut self, dataset: &Dataset) {
        let plan = &dataset.plan;
        let settings = Place::sheet(&plan.file, "Settings");
        let s = &plan.settings;
        for text in [&s.board, &s.sub_group, &s.area, &s.protective_marking] {
            self.source(text, settings.clone(), "Settings");
        }
        for a in &plan.agencies {
            self.source(&a.name, a.at.place("Agency"), "Agency");
            for role in a.lead_role.iter() {
                self.source(role, a.at.place("Lead role"), "Lead role");
            }
        }
        for a in &plan.actions {
            self.source(&a.action, a.at.place("Action"), "Action");
            self.source(&a.owner, a.at.place("Owner"), "Owner");
            for (text, column) in [
                (&a.objective, "Objective"),
                (&a.outcome_measure, "Outcome measure"),
                (&a.source, "Source"),
            ] {
                for t in text.iter() {
                    self.source(t, a.at.place(column), column);
                }
            }
        }
        for m in &plan.measures {
            self.source(&m.label, m.at.place("Measure"), "Measure");
        }
        for r in &dataset.returns {
            for u in &r.actions {
                for p in u.progress.iter() {
                    self.source(p, u.at.place("Progress update"), "Progress update");
                }
            }
        }
    }

    fn source(&mut self, text: &str, at: Place, field: &'static str) {
        self.sources.push(Source {
            words: fold_words(text),
            tokens: tokens(text).map(|t| t.to_ascii_uppercase()).collect(),
            at,
            field,
        });
    }

    fn collect_phrases(&mut self, dataset: &Dataset) {
        let mut wanted: Vec<(String, Needle)> = Vec::new();
        for r in &dataset.returns {
            for referral in r.referrals.iter().flatten() {
                for reason in referral.closure_reason.iter() {
                    wanted.push((
                        fold_words(reason),
                        Needle {
                            kind: Kind::ClosureReason,
                            at: referral.at.place("Closure reason"),
                            field: "Closure reason",
                        },
                    ));
                }
            }
            for u in &r.actions {
                for e in u.evidence.iter() {
                    wanted.push((
                        fold_words(e),
                        Needle {
                            kind: Kind::Evidence,
                            at: u.at.place("Evidence"),
                            field: "Evidence",
                        },
                    ));
                }
            }
            for c in r.completed_by.iter() {
                wanted.push((
                    fold_words(c),
                    Needle {
                        kind: Kind::CompletedBy,
                        at: Place::sheet(&r.file, "Return"),
                        field: "Completed by",
                    },
                ));
            }
        }
        wanted.retain(|(phrase, _)| long_enough(phrase));
        let shown = self.shown_elsewhere(&wanted);
        for (phrase, needle) in wanted {
            let may_be_shown = needle.kind != Kind::ClosureReason && shown.contains(&phrase);
            if may_be_shown || self.phrases.contains_key(&phrase) {
                continue;
            }
            self.phrase_index.insert(&phrase);
            self.phrases.insert(phrase, needle);
        }
    }

    /// The wanted phrases that some input text an output may show also holds
    /// (one pass over the sources' words, however many phrases).
    fn shown_elsewhere(&self, wanted: &[(String, Needle)]) -> BTreeSet<String> {
        let mut index = PhraseIndex::default();
        for (phrase, needle) in wanted {
            if needle.kind != Kind::ClosureReason {
                index.insert(phrase);
            }
        }
        let mut shown = BTreeSet::new();
        for source in &self.sources {
            shown.extend(index.found_in(&source.words).into_iter().cloned());
        }
        shown
    }

    /// Scans text an output shows (a PDF writer calls this with each block of
    /// text it lays out).
    pub fn scan_text(&self, output: &str, text: &str) -> Vec<Leak> {
        self.scan_strings(output, std::iter::once(text.to_string()), Exempt::Nothing)
    }

    /// Scans an HTML document's text and its shown attributes.
    pub fn scan_html(&self, output: &str, html: &str) -> Vec<Leak> {
        let strings = markup_strings(html, HTML_SHOWN_ATTRIBUTES, &["style", "script"]);
        self.scan_strings(output, strings.into_iter(), Exempt::Nothing)
    }

    /// Scans an xlsx workbook's strings. A workbook that cannot be unzipped is
    /// scanned as nothing: it is boardpack's own output, built just before.
    pub fn scan_xlsx(&self, output: &str, bytes: &[u8], exempt: Exempt) -> Vec<Leak> {
        self.scan_strings(output, xlsx_strings(bytes).into_iter(), exempt)
    }

    fn scan_strings(
        &self,
        output: &str,
        strings: impl Iterator<Item = String>,
        exempt: Exempt,
    ) -> Vec<Leak> {
        let mut leaks: Vec<Leak> = Vec::new();
        let mut add = |leak: Leak| {
            if !leaks.contains(&leak) {
                leaks.push(leak);
            }
        };
        for s in strings {
            if self.own_texts.contains(s.trim()) {
                continue;
            }
            let whole = s.trim().to_ascii_uppercase();
            let exempt_whole =
                exempt == Exempt::LogKeeperTemplate && self.keeper_ids.contains(&whole);
            if !exempt_whole {
                for token in tokens(&s) {
                    let token = token.to_ascii_uppercase();
                    if let Some(needle) = self.case_ids.get(&token) {
                        add(self.leak(output, needle, |src| src.tokens.contains(&token)));
                    }
                }
            }
            if self.phrases.is_empty() {
                continue;
            }
            let words = fold_words(&s);
            for phrase in self.phrase_index.found_in(&words) {
                if let Some(needle) = self.phrases.get(phrase) {
                    add(self.leak(output, needle, |src| contains_phrase(&src.words, phrase)));
                }
            }
        }
        leaks
    }

    /// The leak of `needle`, blamed on the first shown input text that carries
    /// it (per `carries`), else on the needle's own cell.
    fn leak(&self, output: &str, needle: &Needle, carries: impl Fn(&Source) -> bool) -> Leak {
        let carrier = self.sources.iter().find(|s| carries(s));
        match carrier {
            Some(s) => Leak {
                output: output.to_string(),
                kind: needle.kind,
                fix_at: s.at.clone(),
                field: s.field,
                by_itself: false,
            },
            None => Leak {
                output: output.to_string(),
                kind: needle.kind,
                fix_at: needle.at.clone(),
                field: needle.field,
                by_itself: true,
            },
        }
    }
}

/// Folded phrases by their first word, so that a text is searched for all of
/// them in one pass over its words.
#[derive(Debug, Default)]
struct PhraseIndex {
    by_first_word: BTreeMap<String, BTreeSet<String>>,
}

impl PhraseIndex {
    fn insert(&mut self, phrase: &str) {
        let first = phrase.split(' ').next().unwrap_or_default();
        self.by_first_word
            .entry(first.to_string())
            .or_default()
            .insert(phrase.to_string());
    }

    /// The phrases found in `words` (folded), comparing word by word from each
    /// word that starts a phrase (linear in the text, however long).
    fn found_in(&self, words: &str) -> Vec<&String> {
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

/// Runs of the Case ID alphabet (ASCII letters, digits, `-`).
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|t| !t.is_empty())
}

/// Lower-case words (runs of letters and digits, any script) joined by one space.
fn fold_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn long_enough(phrase: &str) -> bool {
    phrase.split(' ').count() >= MIN_PHRASE_WORDS && phrase.chars().count() >= MIN_PHRASE_CHARS
}

/// Whether folded `words` hold folded `phrase` as whole words.
fn contains_phrase(words: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {words} ").contains(&format!(" {phrase} "))
}

/// Attributes whose values an xlsx shows a user: data-validation prompts and
/// error messages.
const XLSX_SHOWN_ATTRIBUTES: &[&str] = &["prompt", "promptTitle", "error", "errorTitle"];
const HTML_SHOWN_ATTRIBUTES: &[&str] = &["title", "alt", "content", "aria-label"];

/// Every string of every XML part of an xlsx that a user can see.
fn xlsx_strings(bytes: &[u8]) -> Vec<String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut strings = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".vml")) {
            continue;
        }
        let mut xml = String::new();
        if entry.read_to_string(&mut xml).is_err() {
            continue;
        }
        // `<v>` holds numbers and shared-string indexes, never shown text.
        strings.extend(markup_strings(&xml, XLSX_SHOWN_ATTRIBUTES, &["v"]));
    }
    strings
}

/// The text of an XML or HTML document, one string per text run (the runs of
/// an xlsx rich-text string, `<si>` / `<is>`, joined), plus the values of the
/// `shown` attributes; text inside a `skipped` element is left out.
fn markup_strings(doc: &str, shown: &[&str], skipped: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rich: Option<String> = None;
    let mut skipping: Option<String> = None;
    let mut rest = doc;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut out, &mut rich, skipping.is_some(), rest);
            break;
        };
        push_text(&mut out, &mut rich, skipping.is_some(), &rest[..open]);
        rest = &rest[open..];
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            if skipping.is_none() {
                push_raw(&mut out, &mut rich, &body[..end]);
            }
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |end| &body[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name = tag_name(tag.trim_start_matches('/'));
        if closing {
            if skipping.as_deref() == Some(name) {
                skipping = None;
            }
            if matches!(name, "si" | "is") {
                if let Some(text) = rich.take() {
                    out.push(text);
                }
            }
            continue;
        }
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        for value in attribute_values(tag, shown) {
            out.push(value);
        }
        let self_closing = tag.ends_with('/');
        if self_closing {
            continue;
        }
        if matches!(name, "si" | "is") {
            rich = Some(String::new());
        }
        if skipping.is_none() && skipped.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            skipping = Some(name.to_string());
        }
    }
    out
}

fn push_text(out: &mut Vec<String>, rich: &mut Option<String>, skipping: bool, raw: &str) {
    if !skipping && !raw.trim().is_empty() {
        push_raw(out, rich, &unescape(raw));
    }
}

fn push_raw(out: &mut Vec<String>, rich: &mut Option<String>, text: &str) {
    match rich {
        Some(run) => run.push_str(text),
        None => out.push(text.to_string()),
    }
}

/// One past the `>` that ends the tag starting at `s[0] == '<'`, quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The element name without its namespace prefix.
fn tag_name(tag: &str) -> &str {
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or_default();
    name.rsplit(':').next().unwrap_or(name)
}

/// The unescaped values of the attributes named in `wanted` (prefix ignored).
fn attribute_values(tag: &str, wanted: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].split_whitespace().last().unwrap_or_default();
        let key = key.rsplit(':').next().unwrap_or(key);
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            rest = &rest[eq + 1..];
            continue;
        };
        let body = &after[1..];
        let end = body.find(quote).unwrap_or(body.len());
        if wanted.iter().any(|w| w.eq_ignore_ascii_case(key)) {
            values.push(unescape(&body[..end]));
        }
        rest = body.get(end + 1..).unwrap_or("");
    }
    values
}

/// XML's five entities and numeric character references; anything else is kept.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => numeric_reference(entity),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn numeric_reference(entity: &str) -> Option<char> {
    let number = entity.strip_prefix('#')?;
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::{agency, dataset, date, log_return, plan, q, referral};
    use crate::model::{Action, ActionUpdate, Status, Strand};

    fn guard_with(ids: &[&str], reasons: &[&str]) -> Guard {
        let mut rows = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let mut r = referral(id, date(2014, 10, 1));
            r.closure_reason = reasons.get(i).map(|s| s.to_string());
            rows.push(r);
        }
        let mut p = plan(
            vec![agency("CSC", true), agency("POLICE", true)],
            Vec::new(),
        );
        p.settings.referral_log_agency = Some("CSC".into());
        Guard::new(&dataset(p, vec![log_return("CSC", q(2014, 3), rows)]))
    }

    fn xlsx(cells: &[&str]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (row, text) in (0u32..).zip(cells) {
            ws.write_string(row, 0, *text).expect("write");
        }
        wb.save_to_buffer().expect("save")
    }

    #[test]
    fn case_ids_match_as_whole_tokens_only() {
        let guard = guard_with(&["A1", "CSE-0142"], &[]);
        for clean in ["see A12, BA1 and A1-2", "CSE-0142-2 and XCSE-0142", "A 1"] {
            assert!(guard.scan_text("out", clean).is_empty(), "{clean}");
        }
        for leaky in ["(A1)", "a1 at the end", "met cse-0142.", "CSE-0142"] {
            assert_eq!(guard.scan_text("out", leaky).len(), 1, "{leaky}");
        }
    }

    #[test]
    fn the_keepers_template_may_hold_its_case_ids_only_as_whole_cells() {
        let guard = guard_with(&["CSE-0142"], &[]);
        let listed = xlsx(&["Case ID", "CSE-0142"]);
        assert!(guard
            .scan_xlsx("csc.xlsx", &listed, Exempt::LogKeeperTemplate)
            .is_empty());
        assert_eq!(
            guard
                .scan_xlsx("police.xlsx", &listed, Exempt::Nothing)
                .len(),
            1
        );
        let inside = xlsx(&["Met CSE-0142 at the centre"]);
        assert_eq!(
            guard
                .scan_xlsx("csc.xlsx", &inside, Exempt::LogKeeperTemplate)
                .len(),
            1
        );
    }

    #[test]
    fn free_text_matches_as_a_phrase_and_short_phrases_are_not_sought() {
        let guard = guard_with(
            &["CSE-1", "CSE-2"],
            &["Moved to Leeds with her aunt", "Risk reduced"],
        );
        let found = guard.scan_text("report.pdf", "… she MOVED to Leeds, with her aunt!");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::ClosureReason);
        assert!(guard
            .scan_text("report.pdf", "moved to leeds with her")
            .is_empty());
        assert!(guard
            .scan_text("report.pdf", "closures with risk reduced")
            .is_empty());
    }

    #[test]
    fn a_leak_is_blamed_on_the_shown_cell_and_never_quoted() {
        let mut p = plan(
            vec![agency("CSC", true), agency("POLICE", true)],
            Vec::new(),
        );
        p.settings.referral_log_agency = Some("CSC".into());
        let mut update_origin = crate::metrics::testdata::origin();
        update_origin.file = std::sync::Arc::from("data/returns/2014-15-Q3/police.xlsx");
        update_origin.sheet = "Actions";
        update_origin.row = 4;
        update_origin.columns =
            std::sync::Arc::new([("Progress update", 4u32)].into_iter().collect());
        let mut police = crate::metrics::testdata::a_return("POLICE", q(2014, 3), Vec::new());
        police.actions.push(ActionUpdate {
            ref_: "PV-01".into(),
            status: Status::OnTrack,
            progress: Some("Visited CSE-0142 twice".into()),
            revised_due: None,
            evidence: None,
            at: update_origin,
        });
        let log = log_return(
            "CSC",
            q(2014, 3),
            vec![
                referral("CSE-0142", date(2014, 10, 1)),
                referral("CSE-0999", date(2014, 10, 2)),
            ],
        );
        let guard = Guard::new(&dataset(p, vec![police, log]));
        let leaks = guard.scan_xlsx(
            "police.xlsx",
            &xlsx(&["Visited CSE-0142 twice"]),
            Exempt::Nothing,
        );
        assert_eq!(leaks.len(), 1);
        let message = leaks[0].message();
        assert!(message.contains("police.xlsx › Actions › E5"), "{message}");
        assert!(message.contains("Progress update"), "{message}");
        assert!(!message.contains("CSE-0142"), "{message}");
        // A Case ID that no shown text carries reached the output by itself.
        let alone = guard.scan_text("report.pdf", "CSE-0999");
        assert!(alone[0].by_itself && alone[0].message().contains("bug"));
    }

    #[test]
    fn evidence_that_is_also_shown_text_is_not_sought() {
        let mut p = plan(vec![agency("POLICE", true)], Vec::new());
        p.actions.push(Action {
            ref_: "PV-01".into(),
            strand: Strand::Prevent,
            objective: None,
            action: "Train every taxi driver in the city".into(),
            agency: "POLICE".into(),
            owner: "Detective Inspector, Public Protection Unit".into(),
            start: None,
            due: date(2015, 3, 31),
            outcome_measure: None,
            source: None,
            at: crate::metrics::testdata::origin(),
        });
        let mut police = crate::metrics::testdata::a_return("POLICE", q(2014, 3), Vec::new());
        police.completed_by = Some("Detective Inspector, Public Protection Unit".into());
        police.actions.push(ActionUpdate {
            ref_: "PV-01".into(),
            status: Status::OnTrack,
            progress: None,
            revised_due: None,
            evidence: Some("Signed register of the taxi driver sessions".into()),
            at: crate::metrics::testdata::origin(),
        });
        let guard = Guard::new(&dataset(p, vec![police]));
        let owner = guard.scan_text("t", "Owner: Detective Inspector, Public Protection Unit");
        assert!(owner.is_empty(), "{owner:?}");
        let evidence = guard.scan_text("t", "signed register of the taxi driver sessions");
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].kind, Kind::Evidence);
    }

    #[test]
    fn the_tools_own_fixed_text_is_not_evidence_of_a_leak() {
        let own = "Case IDs look like CSE-0142.";
        let guard = guard_with(&["CSE-0142"], &[]).allow_own_text(&[own]);
        assert!(guard.scan_text("t", own).is_empty());
        assert_eq!(
            guard
                .scan_text("t", "Case IDs look like CSE-0142. Met CSE-0142")
                .len(),
            1
        );
    }

    #[test]
    fn markup_is_read_as_a_user_sees_it() {
        let xml = r#"<?xml version="1.0"?><sst><si><t>Met CSE</t><r><t>-0142</t></r></si><si><t>A &amp; B &#x41;1</t></si></sst><c><v>42</v></c><dataValidation prompt="Not CSE-7"/>"#;
        let strings = markup_strings(xml, XLSX_SHOWN_ATTRIBUTES, &["v"]);
        assert_eq!(strings, vec!["Met CSE-0142", "A & B A1", "Not CSE-7"]);
        let html = r#"<html><style>@page { size: A4 }</style><p title="CSE-9">Hello <b>world</b></p></html>"#;
        let strings = markup_strings(html, HTML_SHOWN_ATTRIBUTES, &["style", "script"]);
        assert_eq!(strings, vec!["CSE-9", "Hello ", "world"]);
        let guard = guard_with(&["A4", "CSE-9"], &[]);
        assert_eq!(guard.scan_html("annual-report.html", html).len(), 1);
    }
}
