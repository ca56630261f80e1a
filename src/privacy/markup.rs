//! The strings of rendered outputs that a reader can see: every string of
//! every XML part of an xlsx (zip), and the text and shown attributes of a
//! web page, read with quick-xml; what it cannot read is returned raw, never
//! skipped. Looks for nothing itself.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// Attributes whose values an xlsx shows a user: data-validation prompts and
/// error messages.
pub(super) const XLSX_SHOWN_ATTRIBUTES: &[&str] = &["prompt", "promptTitle", "error", "errorTitle"];
pub(super) const HTML_SHOWN_ATTRIBUTES: &[&str] = &["title", "alt", "content", "aria-label"];

/// Every string of every XML part of an xlsx that a user can see.
pub(super) fn xlsx_strings(bytes: &[u8]) -> Vec<String> {
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
/// `shown` attributes; text inside a `skipped` element is left out. Read with
/// quick-xml, leniently: HTML's void elements (`<br>`, `<meta>`) are never
/// closed. A document it cannot read to the end is not let off: the rest of
/// it, tags and all, is one more string to scan.
pub(super) fn markup_strings(doc: &str, shown: &[&str], skipped: &[&str]) -> Vec<String> {
    let mut reader = Reader::from_str(doc);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut strings = Strings::default();
    let mut skipping: Option<String> = None;
    loop {
        let read = reader.read_event();
        let event = match read {
            Ok(event) => event,
            Err(_) => {
                strings.end_run();
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                strings.out.push(doc.get(at..).unwrap_or(doc).to_string());
                break;
            }
        };
        let reading = skipping.is_none();
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Text(t) if reading => strings.text.push_str(&t.xml10_content()),
            Event::CData(c) if reading => strings.text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) if reading => push_reference(&mut strings.text, &r),
            Event::Start(e) | Event::Empty(e) if reading => {
                let name = e.local_name();
                let name = name.as_ref();
                strings.end_text();
                push_attributes(&mut strings.out, &e, shown);
                if !empty && matches!(name, "si" | "is") {
                    strings.rich = true;
                }
                if !empty && skipped.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    skipping = Some(name.to_ascii_lowercase());
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skipping
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(name))
                {
                    skipping = None;
                } else if reading && matches!(name, "si" | "is") {
                    strings.end_run();
                } else if reading {
                    strings.end_text();
                }
            }
            Event::Eof => {
                strings.end_run();
                break;
            }
            _ => {}
        }
    }
    strings.out
}

/// The strings of a document as they are read.
#[derive(Default)]
struct Strings {
    out: Vec<String>,
    /// The text read since the last tag (or, in a rich-text string, since it began).
    text: String,
    /// Inside `<si>` / `<is>`: its runs make one string.
    rich: bool,
}

impl Strings {
    /// At a tag: the text before it is one string, unless it is a run of a
    /// rich-text string, which goes on.
    fn end_text(&mut self) {
        if !self.rich {
            self.end_run();
        }
    }

    fn end_run(&mut self) {
        self.rich = false;
        let text = std::mem::take(&mut self.text);
        if !text.trim().is_empty() {
            self.out.push(text);
        }
    }
}

/// An entity or character reference as the reader sees it; one the guard
/// does not know is kept as written (still scanned, never dropped).
fn push_reference(text: &mut String, reference: &quick_xml::events::BytesRef) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        text.push(c);
        return;
    }
    match resolve_entity(reference) {
        Some(resolved) => text.push_str(resolved),
        None => {
            text.push('&');
            text.push_str(reference);
            text.push(';');
        }
    }
}

/// XML's five entities, and the non-breaking space HTML writes.
fn resolve_entity(name: &str) -> Option<&'static str> {
    match name {
        "nbsp" => Some("\u{a0}"),
        other => quick_xml::escape::resolve_predefined_entity(other),
    }
}

/// The unescaped values of the attributes named in `wanted` (prefix ignored).
fn push_attributes(out: &mut Vec<String>, tag: &quick_xml::events::BytesStart, wanted: &[&str]) {
    for attribute in tag.html_attributes().flatten() {
        let key = attribute.key.local_name();
        if !wanted.iter().any(|w| w.eq_ignore_ascii_case(key.as_ref())) {
            continue;
        }
        let value = attribute
            .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 8, resolve_entity)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| attribute.value.to_string());
        out.push(value);
    }
}
