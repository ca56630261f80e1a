//! The privacy guard on arbitrary text planted in a progress update: the
//! update goes through the papers' paths (Markdown → blocks → PDF text and
//! web page; the tracker workbook) and every output is scanned; the text is
//! also scanned raw, as markup. Nothing may panic, whatever the text.
#![no_main]

use boardpack::model::Dataset;
use boardpack::privacy::{Exempt, Guard};
use boardpack::document::text_of;
use boardpack::render::{html, markdown, xlsx::tracker};
use boardpack::report::template::escape_markdown;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// The clean set's 2014-15 Q3, read once.
fn clean() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/foreign/clean");
        let quarter = boardpack::period::Quarter::parse("2014-15 Q3").expect("quarter");
        boardpack::read::load(
            &root.join("plan/delivery-plan.xlsx"),
            &root.join("data/returns"),
            Some(quarter),
        )
        .expect("the clean set loads")
        .dataset
        .expect("the clean plan reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = boardpack::canonical::text(text);
    let _ = boardpack::canonical::case_key(text);
    let mut dataset = clean().clone();
    let Some(update) = dataset
        .returns
        .iter_mut()
        .flat_map(|r| r.actions.iter_mut())
        .next()
    else {
        return;
    };
    update.progress = Some(text.to_string());
    let guard = Guard::new(&dataset);
    // Raw, as if the text were a whole output.
    let _ = guard.scan_text("raw", text);
    let _ = guard.scan_html("raw.html", text);
    // Through the papers' paths.
    let md = format!("# Actions\n\n- **PV-05**: {}\n", escape_markdown(text));
    if let Ok(document) = markdown::to_document(&md) {
        let _ = guard.scan_text("report.pdf", &text_of(&document.blocks));
        let page = html::Page {
            title: "t".into(),
            description: "d".into(),
        };
        let web = html::render(&page, &document.blocks, document.contents_at);
        let _ = guard.scan_html("report.html", &web);
    }
    let quarter = dataset.quarters()[0];
    let tracking = boardpack::tracking::track(&dataset, quarter.end());
    let prepared = boardpack::report::tracker::prepare(
        &dataset,
        quarter,
        &tracking,
        &boardpack::diagnostics::Diagnostics::new(),
    );
    if let Ok(bytes) = tracker::render(&prepared) {
        let _ = guard.scan_xlsx("tracker.xlsx", &bytes, Exempt::Nothing);
    }
});
