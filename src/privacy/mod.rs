//! The privacy guard: after outputs are rendered and before any is put in
//! place, checks that none holds a Case ID or a piece of free text that no
//! output may show, and says which input cell to fix if one does. Pure: it
//! reads the dataset and the rendered bytes or text, and writes and prints
//! nothing. It must NOT echo what it found: a leak is reported by the kind of
//! value and the input cell it came from, never by the value.
//!
//! What it looks for (the needles, collected from the dataset):
//!
//! - **every Case ID** of every referral of every return that has a
//!   Referrals sheet — the log keeper's and any other agency's, whose rows are
//!   not counted but identify children all the same. Matched in canonical form
//!   (`crate::canonical`): fullwidth, Cyrillic or Greek look-alikes, zero-width
//!   characters, soft hyphens and right-to-left overrides do not hide an ID,
//!   nor do spaces, dots or dashes of any kind between its parts. An ID is
//!   found only as whole runs of letters and digits: `A1` is found in “(A1)”
//!   and “A 1” but not in “A12” or “BA1”; `CSE-0142` not in `XCSE-0142`.
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
//! at); in HTML, the text (as one, so an ID split across elements is still
//! found) and the `title`, `alt`, `content` and `aria-label` attributes; in a
//! PDF, the text the PDF writer hands to `scan_text`. Markup is read with
//! quick-xml; what it cannot read is scanned raw, never skipped.
//!
//! What it cannot do: know that free text is a name. A child's name typed
//! into a progress update is not a value of any input it knows to be secret,
//! so it passes; progress updates are the agencies' responsibility.
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

mod markup;
mod phrases;

use crate::canonical::{self, KeyIndex};
use crate::diagnostics::Place;
use crate::model::Dataset;
use markup::{markup_strings, xlsx_strings, HTML_SHOWN_ATTRIBUTES};
use phrases::{contains_phrase, fold_canonical_words, fold_words, long_enough, PhraseIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
            Kind::CaseId => "a Case ID from a Referrals sheet",
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

/// What put a leaked value into an output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blame {
    /// An input text the output shows carries it: fix that cell.
    Cell { at: Place, field: &'static str },
    /// A line of a chair's own report template carries it.
    Template { file: String, line: usize },
    /// Nothing the guard knows of carries it: `at` is where the value itself
    /// was read (named so the user can find the referral, not to blame it).
    Unexplained { at: Place, field: &'static str },
}

/// A leak found in an output: what kind of value, and what put it there.
#[derive(Clone, PartialEq, Eq)]
pub struct Leak {
    /// The output as the user will know it (its path).
    pub output: String,
    pub kind: Kind,
    pub blame: Blame,
    /// The canonical key or folded phrase that was found, to look for it in a
    /// template (`Guard::blame_templates`). Never printed.
    needle: String,
}

/// Written by hand so that a leak printed for debugging never shows the value.
impl std::fmt::Debug for Leak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leak")
            .field("output", &self.output)
            .field("kind", &self.kind)
            .field("blame", &self.blame)
            .finish_non_exhaustive()
    }
}

impl Leak {
    /// The message for the user: names the output, the kind of value and the
    /// cell or template line to fix, never the value.
    pub fn message(&self) -> String {
        let (output, kind) = (&self.output, self.kind.described());
        match &self.blame {
            Blame::Cell { at, field } => format!(
                "{output} would contain {kind}, written into the {field} at {at} — remove it from that cell and run again"
            ),
            Blame::Template { file, line } => format!(
                "{output} would contain {kind}, written into the report template {file} at line {line} — remove it from the template and run again"
            ),
            Blame::Unexplained { at, field } => format!(
                "{output} would contain {kind} (the {field} at {at}), though no input text or template shown there carries it: boardpack printed it by itself — this is a bug, please report it"
            ),
        }
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
    /// The Case ID keys it holds.
    keys: BTreeSet<String>,
    at: Place,
    field: &'static str,
}

/// The needles of one dataset, ready to scan outputs with.
#[derive(Debug, Default)]
pub struct Guard {
    /// Canonical Case ID key → where it was first read.
    case_ids: HashMap<String, Needle>,
    /// The keys of `case_ids`, indexed for scanning.
    id_index: KeyIndex,
    /// The log keeper's Case ID keys.
    keeper_keys: BTreeSet<String>,
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
        // Every agency's Referrals sheet: one kept by another agency is not
        // counted, but its Case IDs identify children all the same.
        for r in &dataset.returns {
            for referral in r.referrals.iter().flatten() {
                let key = canonical::case_key(&referral.case_id);
                if key.is_empty() {
                    continue;
                }
                if Some(r.agency.as_str()) == keeper {
                    guard.keeper_keys.insert(key.clone());
                }
                guard.id_index.insert(&key);
                guard.case_ids.entry(key).or_insert(Needle {
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
            for email in a.email.iter() {
                self.source(email, a.at.place("Email"), "Email");
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
        let canonical = canonical::text(text);
        let mut keys = BTreeSet::new();
        self.id_index.find(&canonical, |k| {
            keys.insert(k.to_string());
        });
        self.sources.push(Source {
            words: fold_canonical_words(&canonical),
            keys,
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

    /// Scans an HTML document's text and its shown attributes. The text is
    /// scanned as one, its pieces joined by line breaks, so that an ID split
    /// across elements (`CSE<b>-0142</b>`) is still one token.
    pub fn scan_html(&self, output: &str, html: &str) -> Vec<Leak> {
        let strings = markup_strings(html, HTML_SHOWN_ATTRIBUTES, &["style", "script"]);
        let joined = std::iter::once(strings.join("\n"));
        self.scan_strings(output, joined, Exempt::Nothing)
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
            let canonical = canonical::text(&s);
            if !self.is_exempt_whole(&s, exempt) {
                self.id_index.find(&canonical, |key| {
                    if let Some(needle) = self.case_ids.get(key) {
                        add(self.leak(output, needle, key, |src| src.keys.contains(key)));
                    }
                });
            }
            if self.phrases.is_empty() {
                continue;
            }
            let words = fold_canonical_words(&canonical);
            for phrase in self.phrase_index.found_in(&words) {
                if let Some(needle) = self.phrases.get(phrase) {
                    add(self.leak(output, needle, phrase, |src| {
                        contains_phrase(&src.words, phrase)
                    }));
                }
            }
        }
        leaks
    }

    /// Whether `s` is, as a whole, one of the keeper's Case IDs in an output
    /// exempt for them (a pre-filled Case ID cell of the keeper's template).
    fn is_exempt_whole(&self, s: &str, exempt: Exempt) -> bool {
        exempt == Exempt::LogKeeperTemplate
            && crate::read::vocab::is_case_id(s.trim())
            && self.keeper_keys.contains(&canonical::case_key(s))
    }

    /// The leak of `needle`, blamed on the first shown input text that carries
    /// it (per `carries`), else left unexplained.
    fn leak(
        &self,
        output: &str,
        needle: &Needle,
        found: &str,
        carries: impl Fn(&Source) -> bool,
    ) -> Leak {
        let blame = match self.sources.iter().find(|s| carries(s)) {
            Some(s) => Blame::Cell {
                at: s.at.clone(),
                field: s.field,
            },
            None => Blame::Unexplained {
                at: needle.at.clone(),
                field: needle.field,
            },
        };
        Leak {
            output: output.to_string(),
            kind: needle.kind,
            blame,
            needle: found.to_string(),
        }
    }

    /// Blames an unexplained leak on the first line of a chair's own report
    /// template (file name → text) that carries the value, when one does.
    pub fn blame_templates(&self, leaks: &mut [Leak], templates: &[(String, String)]) {
        for leak in leaks
            .iter_mut()
            .filter(|l| matches!(l.blame, Blame::Unexplained { .. }))
        {
            let (kind, needle) = (leak.kind, leak.needle.as_str());
            let carrier = templates.iter().find_map(|(file, text)| {
                text.lines()
                    .position(|line| self.line_carries(line, kind, needle))
                    .map(|i| (file, i + 1))
            });
            if let Some((file, line)) = carrier {
                leak.blame = Blame::Template {
                    file: file.clone(),
                    line,
                };
            }
        }
    }

    fn line_carries(&self, line: &str, kind: Kind, needle: &str) -> bool {
        let canonical = canonical::text(line);
        match kind {
            Kind::CaseId => {
                let mut found = false;
                self.id_index.find(&canonical, |k| found |= k == needle);
                found
            }
            _ => contains_phrase(&fold_canonical_words(&canonical), needle),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::{agency, dataset, date, log_return, plan, q, referral};
    use crate::model::{Action, ActionUpdate, Status, Strand};
    use markup::XLSX_SHOWN_ATTRIBUTES;

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
        for clean in ["see A12, BA1 and 1A", "XCSE-0142 and CSE-01423"] {
            assert!(guard.scan_text("out", clean).is_empty(), "{clean}");
        }
        for leaky in [
            "(A1)",
            "a1 at the end",
            "met cse-0142.",
            "CSE-0142",
            "A 1",
            "C.S.E. 0142",
        ] {
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
        assert!(matches!(alone[0].blame, Blame::Unexplained { .. }));
        // … unless a line of a chair's own template carries it.
        let mut leaks = alone;
        let template = "# Cases\n\nSee c s e 0999 for detail.\n".to_string();
        guard.blame_templates(&mut leaks, &[("quarterly.md.hbs".into(), template)]);
        let message = leaks[0].message();
        assert!(message.contains("quarterly.md.hbs at line 3"), "{message}");
        assert!(
            !message.contains("bug") && !message.contains("0999"),
            "{message}"
        );
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
    fn ampersands_before_any_script_are_read_without_a_panic() {
        let xml = "<sst><si><t>Q&amp;A — ‘Say Something’ sessions &‘x’ &amp;‘ &#x43;SE-1 &bogus;</t></si></sst>";
        let strings = markup_strings(xml, XLSX_SHOWN_ATTRIBUTES, &["v"]);
        assert_eq!(
            strings,
            vec!["Q&A — ‘Say Something’ sessions &‘x’ &‘ CSE-1 &bogus;"]
        );
        let guard = guard_with(&["CSE-1"], &[]);
        let html = "<p>Q&amp;A — ‘Say Something’ sessions</p><p>&#x43;SE<b>-1</b></p>";
        assert_eq!(guard.scan_html("annual-report.html", html).len(), 1);
    }

    #[test]
    fn markup_that_cannot_be_read_is_scanned_raw() {
        let guard = guard_with(&["CSE-1"], &[]);
        for broken in ["<p>ok</p><p a=\"CSE-1", "<p>ok</p><!-- CSE-1", "<<p>>CSE-1"] {
            assert_eq!(guard.scan_html("x.html", broken).len(), 1, "{broken}");
        }
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
