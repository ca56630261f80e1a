//! Files that are not usable workbooks at all: each gives exit 1 or 2 with a
//! message naming the file, never a panic, and the other files are still checked.

mod common;

use common::*;

const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";

/// Replaces the police return with `bytes` and checks the run.
fn check_with_police_bytes(bytes: &[u8]) -> (i32, Vec<serde_json::Value>) {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::write(case.path(POLICE), bytes).unwrap();
    let (code, diags) = case.check();
    assert!(code == 1 || code == 2, "exit {code}");
    (code, diags)
}

fn police_bytes() -> Vec<u8> {
    std::fs::read(foreign().join("clean").join(POLICE)).unwrap()
}

#[track_caller]
fn assert_file_error(diags: &[serde_json::Value], code: &str, says: &str) {
    let hit = diags
        .iter()
        .find(|d| d["code"] == code && d["file"].as_str().unwrap().ends_with(POLICE))
        .unwrap_or_else(|| panic!("no {code} for police.xlsx: {diags:#?}"));
    assert_eq!(hit["severity"], "error");
    assert!(hit["message"].as_str().unwrap().contains(says), "{hit}");
}

#[test]
fn truncated_zip() {
    let bytes = police_bytes();
    let (_, diags) = check_with_police_bytes(&bytes[..bytes.len() / 2]);
    assert_file_error(&diags, "file-damaged", "damaged");
}

#[test]
fn pdf_renamed_xlsx() {
    let (_, diags) =
        check_with_police_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
    assert_file_error(&diags, "file-not-spreadsheet", "PDF");
}

#[test]
fn empty_file() {
    let (_, diags) = check_with_police_bytes(b"");
    assert_file_error(&diags, "file-empty", "empty");
}

#[test]
fn csv_saved_as_xlsx() {
    let (_, diags) = check_with_police_bytes(b"Code,Value\nMISSING_EPISODES,12\n");
    assert_file_error(&diags, "file-not-spreadsheet", "CSV");
}

#[test]
fn password_protected_workbook() {
    // Made with msoffcrypto-tool from the clean police return (password "boardpack").
    let bytes = std::fs::read(fixtures().join("hostile/encrypted-police.xlsx")).unwrap();
    let (_, diags) = check_with_police_bytes(&bytes);
    assert_file_error(&diags, "file-encrypted", "password");
}

#[test]
fn other_files_are_still_checked_when_one_is_unreadable() {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::write(case.path(POLICE), b"").unwrap();
    case.edit(
        "data/returns/2014-15-Q3/csc.xlsx",
        "Measures",
        "C2",
        Cell::Text("lots"),
    );
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(&diags, "error", "file-empty", POLICE, None, None);
    assert_diag(
        &diags,
        "error",
        "count-invalid",
        "csc.xlsx",
        Some("Measures"),
        Some("C2"),
    );
}

/// The zip entry of the sheet named `sheet` in an xlsx written by rust_xlsxwriter.
fn sheet_entry(sheet_index: usize) -> String {
    format!("xl/worksheets/sheet{sheet_index}.xml")
}

#[test]
fn sheet_claiming_a_million_rows_is_read_quickly_for_what_it_holds() {
    let case = Case::clean(&["2014-15-Q3"]);
    // Re-save so the layout is known (Return, Actions, Measures: sheets 1..3).
    edit_sheets(&case.path(POLICE), |_| {});
    let bytes = std::fs::read(case.path(POLICE)).unwrap();
    let patched = rezip(&bytes, &sheet_entry(3), |xml| {
        let start = xml.find("<dimension ref=\"").unwrap() + 16;
        let end = start + xml[start..].find('"').unwrap();
        format!("{}A1:L1048576{}", &xml[..start], &xml[end..])
    });
    std::fs::write(case.path(POLICE), patched).unwrap();
    let started = std::time::Instant::now();
    let (code, diags) = case.check();
    assert_eq!(code, 0, "{diags:#?}");
    // Not a timing assertion on speed, a guard against allocating for the claim:
    // a million-row grid of twelve columns would take many seconds and gigabytes.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn zip_whose_entries_claim_to_inflate_enormously_is_refused_before_reading() {
    let bytes = police_bytes();
    // Patch the central directory's uncompressed size of every entry to 4 GB - 1.
    let mut patched = bytes.clone();
    let mut i = 0;
    while i + 46 <= patched.len() {
        if patched[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            patched[i + 24..i + 28].copy_from_slice(&u32::MAX.to_le_bytes());
            i += 46;
        } else {
            i += 1;
        }
    }
    let (_, diags) = check_with_police_bytes(&patched);
    assert_file_error(&diags, "file-too-large", "expand");
}

#[test]
fn a_file_over_50_mb_is_refused_unread() {
    let case = Case::clean(&["2014-15-Q3"]);
    let f = std::fs::File::create(case.path(POLICE)).unwrap();
    f.set_len(51 * 1024 * 1024).unwrap();
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_file_error(&diags, "file-too-large", "MB");
}
