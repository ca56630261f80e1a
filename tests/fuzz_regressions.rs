//! Inputs that made a fuzz target (fuzz/) fail, kept as they were found in
//! tests/fixtures/fuzz/: each, sent as a return, must give exit 1 with an
//! error naming the file, never a panic; and the reader must handle it
//! without the panic net of `read::guarded`.

mod common;

use boardpack::diagnostics::Diagnostics;
use common::*;

fn fuzz_inputs() -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixtures().join("fuzz"))
        .expect("tests/fixtures/fuzz")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&path).expect("read"))
        })
        .collect();
    found.sort();
    assert!(!found.is_empty());
    found
}

#[test]
fn every_fuzz_finding_is_read_without_a_panic() {
    for (name, bytes) in fuzz_inputs() {
        let read = std::panic::catch_unwind(|| {
            let mut diags = Diagnostics::new();
            if let Some(mut book) = boardpack::workbook::Book::from_bytes(bytes, &name, &mut diags)
            {
                for sheet in book.sheet_names().to_vec() {
                    let _ = book.sheet(&sheet, &mut diags);
                }
            }
        });
        assert!(read.is_ok(), "{name} panicked");
    }
}

#[test]
fn every_fuzz_finding_sent_as_a_return_is_an_error_of_that_file() {
    let police = "data/returns/2014-15-Q3/police.xlsx";
    for (name, bytes) in fuzz_inputs() {
        let case = Case::clean(&["2014-15-Q3"]);
        std::fs::write(case.path(police), bytes).unwrap();
        let out = case.run(&["check", "--json"]);
        assert_eq!(exit_code(&out), 1, "{name}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("panicked"),
            "{name}: {}",
            stderr(&out)
        );
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            diags.iter().any(|d| d["severity"] == "error"
                && d["file"].as_str().is_some_and(|f| f.ends_with(police))),
            "{name}: {diags:#?}"
        );
    }
}

/// Inputs that still make calamine panic (tests/fixtures/fuzz-net/), kept to
/// prove the last line of defence: `read::guarded` turns the panic into a
/// `file-damaged` error of that file, the panic's own text never reaches the
/// user, and the other files are still checked.
#[test]
fn the_panic_net_turns_a_panic_inside_calamine_into_file_damaged() {
    let police = "data/returns/2014-15-Q3/police.xlsx";
    for entry in std::fs::read_dir(fixtures().join("fuzz-net")).expect("fuzz-net") {
        let path = entry.expect("entry").path();
        let case = Case::clean(&["2014-15-Q3"]);
        std::fs::copy(&path, case.path(police)).unwrap();
        let out = case.run(&["check", "--json"]);
        let name = path.display();
        assert_eq!(exit_code(&out), 1, "{name}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{name}: {}", stderr(&out));
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_diag(&diags, "error", "file-damaged", police, None, None);
        assert!(
            diags.iter().filter(|d| d["severity"] == "error").count() == 1,
            "only the damaged file is in error: {diags:#?}"
        );
    }
}
