//! Text beyond Latin in the real binary's PDF papers: Polish, Romanian,
//! Arabic, Urdu, Bengali and Chinese typed into plan cells reach the
//! sub-group report drawn by the embedded faces. Read back through the
//! fonts' ToUnicode maps and `/ActualText` spans, left-to-right text reads
//! as typed and right-to-left text is drawn right to left (its characters
//! in drawing order are the typed ones reversed, which readers reverse
//! back: poppler does, checked where it is installed). An emoji no face has
//! is a visible replacement and a warning naming its cell.

mod common;

use common::*;
use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use std::collections::HashMap;
use std::process::Command;

const PLAN: &str = "plan/delivery-plan.xlsx";
const PDF: &str = "reports/2014-15-Q3/subgroup-report.pdf";

/// What each script's cell holds: the action texts of the plan's first rows.
const CELLS: [(&str, &str); 6] = [
    ("D2", "Ćwiczenia z policją w Łodzi"),
    ("D3", "Întâlnire la Școala Română"),
    ("D4", "Agree a protocol with مركز باث للأطفال"),
    ("D5", "Leaflets in Urdu: بچوں کی حفاظت"),
    ("D6", "Outreach at বাংলা কেন্দ্র ক্ষমা"),
    ("D7", "Visit 巴斯市中心 centre 🧒"),
];

fn case() -> Case {
    let case = Case::clean(&["2014-15-Q3"]);
    for (cell, text) in CELLS {
        case.edit(PLAN, "Actions", cell, Cell::Text(text));
    }
    case
}

fn decode_utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .strip_prefix(&[0xfe, 0xff])
        .unwrap_or(bytes)
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// The text of every page in drawing order: a marked-content span's
/// `/ActualText` stands for what is drawn inside it; other text is decoded
/// through its font's ToUnicode map. With no white space: glyphs placed one
/// by one are not separated, so words are compared without theirs.
fn reader_text(doc: &Document) -> String {
    let mut out = String::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).expect("the page's fonts");
        let encodings: HashMap<Vec<u8>, Encoding> = fonts
            .iter()
            .map(|(name, font)| (name.clone(), font.get_font_encoding(doc).expect("encoding")))
            .collect();
        let content = Content::decode(&doc.get_page_content(page)).expect("the content parses");
        // Each open sequence: whether it carries ActualText.
        let mut stack: Vec<bool> = Vec::new();
        let mut font = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let actual = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|t| t.as_str().ok());
                    if let Some(text) = actual {
                        out.push_str(&decode_utf16(text));
                    }
                    stack.push(actual.is_some());
                }
                "EMC" => {
                    stack.pop();
                }
                "Tf" => font = op.operands[0].as_name().expect("a name").to_vec(),
                "Tj" if !stack.contains(&true) => {
                    let bytes = op.operands[0].as_str().expect("a string");
                    let text = Document::decode_text(&encodings[&font], bytes).expect("decodes");
                    out.push_str(&text);
                }
                "TJ" | "'" | "\"" => panic!("the report draws text with Tj only"),
                _ => {}
            }
        }
    }
    squeeze(&out)
}

/// The text a reader gets back from `words` typed right to left, for every
/// way of wrapping them into lines: each line's words drawn reversed.
fn drawn_on_lines(words: &str) -> Vec<String> {
    let words: Vec<&str> = words.split(' ').collect();
    let breaks = words.len().saturating_sub(1);
    (0..1u32 << breaks)
        .map(|mask| {
            let mut lines: Vec<Vec<&str>> = vec![vec![words[0]]];
            for (i, word) in words.iter().enumerate().skip(1) {
                if mask & (1 << (i - 1)) != 0 {
                    lines.push(Vec::new());
                }
                lines.last_mut().expect("a line").push(word);
            }
            lines
                .iter()
                .map(|line| squeeze(&line.join(" ").chars().rev().collect::<String>()))
                .collect()
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The base names of the PDF's Type0 fonts, and whether each has a font
/// program and a ToUnicode map.
fn fonts(doc: &Document) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .expect("a name");
        let descendant = dict
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| match o {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                other => other.as_dict().ok(),
            })
            .expect("a descendant font");
        let embedded = descendant
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .is_ok_and(|d| d.has(b"FontFile2"));
        names.push((
            String::from_utf8_lossy(name).to_string(),
            embedded && dict.has(b"ToUnicode"),
        ));
    }
    names.sort();
    names
}

#[test]
fn other_scripts_reach_the_paper_in_their_faces_and_in_logical_order() {
    let case = case();
    let (code, diags) = case.check();
    assert_eq!(code, 0, "{diags:#?}");
    let not_shown = with_code(&diags, "text-not-shown");
    assert_eq!(not_shown.len(), 1, "only the emoji's cell: {not_shown:#?}");
    assert_diag(
        &diags,
        "warning",
        "text-not-shown",
        "delivery-plan.xlsx",
        Some("Actions"),
        Some("D7"),
    );
    let message = not_shown[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("U+1F9D2"), "{message}");

    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    if let Some(dir) = std::env::var_os("BOARDPACK_LOOK") {
        // For looking at the pages (README: rendered with pdftoppm).
        let dir = std::path::Path::new(&dir);
        std::fs::copy(case.path(PDF), dir.join("other-scripts.pdf")).expect("a copy");
        std::fs::copy(case.path(PLAN), dir.join("other-scripts-plan.xlsx")).expect("a copy");
    }
    let doc = Document::load(case.path(PDF)).expect("the PDF parses");
    let text = reader_text(&doc);
    for expected in [
        squeeze(CELLS[0].1),
        squeeze(CELLS[1].1),
        squeeze(CELLS[4].1),
        squeeze("Visit 巴斯市中心 centre \u{FFFD}"),
    ] {
        assert!(text.contains(&expected), "{expected:?} in:\n{text}");
    }
    // Right-to-left words as drawn: on each line the run is reversed, so the
    // word typed first is the one on the right. Where the table's column
    // wraps a cell depends on its width, so any split into lines will do.
    for (before, right_to_left) in [
        ("Agree a protocol with", "مركز باث للأطفال"),
        ("Leaflets in Urdu:", "بچوں کی حفاظت"),
    ] {
        let drawn = drawn_on_lines(right_to_left);
        assert!(
            drawn
                .iter()
                .any(|d| text.contains(&format!("{}{d}", squeeze(before)))),
            "{right_to_left} drawn right to left after {before:?}, as one of {drawn:?}, in:\n{text}"
        );
    }
    let families: Vec<String> = fonts(&doc)
        .into_iter()
        .map(|(name, complete)| {
            assert!(complete, "{name} is embedded with a ToUnicode map");
            let (tag, family) = name.split_once('+').expect("a subset tag");
            assert_eq!(tag.len(), 6, "{name}");
            family.to_string()
        })
        .collect();
    for family in [
        "DejaVuSans",
        "DejaVuSans-Bold",
        "NotoSansArabic-Regular",
        "NotoSansBengali-Regular",
        "DroidSansFallback",
    ] {
        assert!(
            families.iter().any(|f| f == family),
            "{family} in {families:?}"
        );
    }
}

/// poppler's own reading of the same paper, where poppler is installed (the
/// README's tools): the fonts are embedded subsets, and the Arabic and
/// Bengali text comes back in logical order.
/// The paper in six scripts, pinned: the fallback faces' subset fonts are
/// written by boardpack itself (src/render/pdf/fonts.rs), and this holds
/// their bytes still as the example's golden digest holds DejaVu's. After an
/// intended change: `BOARDPACK_BLESS=1 cargo test --test other_scripts golden`.
#[test]
fn golden_other_scripts_report() {
    let case = case();
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(case.path(PDF)).expect("the PDF");
    assert_golden(&bytes, "subgroup-report-other-scripts");
}

#[test]
fn poppler_reads_the_shaped_text_back() {
    let Ok(fonts) = Command::new("pdffonts").arg("-v").output() else {
        eprintln!("poppler-utils not installed: skipped");
        return;
    };
    drop(fonts);
    let case = case();
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let pdffonts = Command::new("pdffonts")
        .arg(case.path(PDF))
        .output()
        .expect("pdffonts runs");
    let listing = String::from_utf8_lossy(&pdffonts.stdout);
    for family in ["NotoSansArabic", "NotoSansBengali", "DroidSansFallback"] {
        let line = listing
            .lines()
            .find(|l| l.contains(family))
            .unwrap_or_else(|| panic!("{family} in:\n{listing}"));
        // emb, sub and uni columns.
        assert!(line.contains(" yes yes yes "), "{line}");
    }
    let pdftotext = Command::new("pdftotext")
        .args([case.path(PDF).as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs");
    // Without white space (the cells wrap) and the directional marks poppler
    // puts around a right-to-left run.
    let text: String = String::from_utf8_lossy(&pdftotext.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let text = squeeze(&text);
    for typed in [
        "مركز باث للأطفال",
        "بچوں کی حفاظت",
        "বাংলা কেন্দ্র ক্ষমা",
        "巴斯市中心",
        "Școala Română",
    ] {
        assert!(text.contains(&squeeze(typed)), "{typed:?} in:\n{text}");
    }
}
