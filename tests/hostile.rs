//! Hostile inputs: files built to cost far more to read than they are worth
//! (a zip whose directory lies, sheets past the row and column limits, a huge
//! cell, ods repeats that expand to millions of cells), and the promise that a
//! failed run writes nothing: every broken input leaves an earlier report
//! byte-identical.

mod common;

use common::*;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const POLICE: &str = "data/returns/2014-15-Q3/police.xlsx";
const PLAN: &str = "plan/delivery-plan.xlsx";

/// A ceiling far above what each case takes, far below what reading the
/// claimed size would take.
const QUICK: Duration = Duration::from_secs(20);

/// The police return re-saved by rust_xlsxwriter, so its parts are known:
/// sheets Return, Actions, Measures are `xl/worksheets/sheet1.xml` … `sheet3.xml`.
fn police_resaved(case: &Case) -> Vec<u8> {
    edit_sheets(&case.path(POLICE), |_| {});
    std::fs::read(case.path(POLICE)).unwrap()
}

/// Adds rows just before `</sheetData>`.
fn add_rows(xml: String, rows: &str) -> String {
    xml.replace("</sheetData>", &format!("{rows}</sheetData>"))
}

fn inline_cell(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// Runs `check` with the police return replaced by `bytes`: exit 1, quickly,
/// and the diagnostics.
fn check_police(case: &Case, bytes: &[u8]) -> Vec<serde_json::Value> {
    std::fs::write(case.path(POLICE), bytes).unwrap();
    let started = Instant::now();
    let out = case.run(&["check", "--json"]);
    let took = started.elapsed();
    assert_eq!(exit_code(&out), 1, "{}", stderr(&out));
    assert!(took < QUICK, "took {took:?}");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[track_caller]
fn assert_has(
    diags: &[serde_json::Value],
    code: &str,
    sheet: Option<&str>,
    cell: Option<&str>,
    says: &str,
) {
    let hit = diags.iter().find(|d| {
        d["code"] == code
            && d["severity"] == "error"
            && d["file"].as_str().is_some_and(|f| f.ends_with(POLICE))
            && d["sheet"].as_str() == sheet
            && d["cell"].as_str() == cell
    });
    let hit = hit.unwrap_or_else(|| panic!("no {code} at {sheet:?} {cell:?}: {diags:#?}"));
    assert!(hit["message"].as_str().unwrap().contains(says), "{hit}");
}

/// Sets the uncompressed size of `entry` to `size` in both its local header
/// and the central directory, leaving its data as it is.
fn understate(bytes: &mut [u8], entry: &str, size: u32) {
    let name = entry.as_bytes();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        let sig = &bytes[i..i + 4];
        if sig == [0x50, 0x4b, 0x03, 0x04] {
            let len = u16::from_le_bytes([bytes[i + 26], bytes[i + 27]]) as usize;
            if bytes.get(i + 30..i + 30 + len) == Some(name) {
                bytes[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        } else if sig == [0x50, 0x4b, 0x01, 0x02] {
            let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if bytes.get(i + 46..i + 46 + len) == Some(name) {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
}

/// A sheet that inflates to 20 MB from a few dozen kilobytes, whose zip
/// directory (central and local) says it is 2 kB: the directory check passes,
/// and inflating it stops one byte past what it declared (the zip library
/// reports the excess as an error; boardpack's own bound would stop it too).
fn lying_zip(case: &Case) -> Vec<u8> {
    let bytes = police_resaved(case);
    let padding = " ".repeat(20 * 1024 * 1024);
    let mut bomb = rezip(&bytes, "xl/worksheets/sheet3.xml", |xml| {
        xml.replacen("<sheetData>", &format!("<sheetData>{padding}"), 1)
    });
    understate(&mut bomb, "xl/worksheets/sheet3.xml", 2048);
    bomb
}

#[test]
fn a_zip_whose_directory_understates_an_entry_is_refused_without_inflating_it() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bomb = lying_zip(&case);
    assert!(
        bomb.len() < 1024 * 1024,
        "a small file: {} bytes",
        bomb.len()
    );
    let diags = check_police(&case, &bomb);
    assert_has(&diags, "file-damaged", None, None, "forged");
}

#[test]
fn calamine_alone_also_stops_at_the_declared_size() {
    // Without boardpack's check, calamine reads the sheet through the same zip
    // library, which refuses to inflate past the declared size: the sheet is an
    // error, not 20 MB of XML parsed.
    use calamine::Reader;
    let case = Case::clean(&["2014-15-Q3"]);
    let bomb = lying_zip(&case);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bomb)).expect("opens");
    let started = Instant::now();
    let err = book.worksheet_range("Measures").expect_err("refused");
    assert!(
        err.to_string().contains("larger than its declared"),
        "{err}"
    );
    assert!(started.elapsed() < QUICK);
}

#[test]
fn a_zip_bomb_built_here_is_refused_by_its_directory() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    // Honest about its size: 30 MB of spaces in a file of about 30 kB.
    let padding = " ".repeat(30 * 1024 * 1024);
    let bomb = rezip(&bytes, "xl/worksheets/sheet3.xml", |xml| {
        xml.replacen("<sheetData>", &format!("<sheetData>{padding}"), 1)
    });
    let diags = check_police(&case, &bomb);
    assert_has(&diags, "file-too-large", None, None, "expand");
}

#[test]
fn a_value_below_the_row_limit_is_refused_naming_the_sheet() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    let far = rezip(&bytes, "xl/worksheets/sheet3.xml", |xml| {
        add_rows(
            xml,
            &format!("<row r=\"200001\">{}</row>", inline_cell("A200001", "X")),
        )
    });
    let diags = check_police(&case, &far);
    assert_has(
        &diags,
        "sheet-too-large",
        Some("Measures"),
        None,
        "row 200001",
    );
}

#[test]
fn a_value_claiming_the_last_row_of_the_grid_costs_nothing() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    // One cell at A1 and one at the far corner: calamine's own range would
    // allocate 17 billion cells for this.
    let corner = rezip(&bytes, "xl/worksheets/sheet3.xml", |xml| {
        add_rows(
            xml,
            &format!(
                "<row r=\"1048576\">{}</row>",
                inline_cell("XFD1048576", "X")
            ),
        )
    });
    let diags = check_police(&case, &corner);
    assert_has(&diags, "sheet-too-large", Some("Measures"), None, "rows");
}

#[test]
fn a_value_past_column_200_is_refused_naming_the_sheet() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    let wide = rezip(&bytes, "xl/worksheets/sheet2.xml", |xml| {
        // Column 201 is GS.
        add_rows(
            xml,
            &format!("<row r=\"40\">{}</row>", inline_cell("GS40", "X")),
        )
    });
    let diags = check_police(&case, &wide);
    assert_has(
        &diags,
        "sheet-too-large",
        Some("Actions"),
        None,
        "column GS",
    );
}

#[test]
fn a_cell_over_32767_characters_is_refused_at_its_cell() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    let long = "x".repeat(40_000);
    let huge = rezip(&bytes, "xl/worksheets/sheet2.xml", |xml| {
        add_rows(
            xml,
            &format!("<row r=\"40\">{}</row>", inline_cell("E40", &long)),
        )
    });
    let diags = check_police(&case, &huge);
    assert_has(
        &diags,
        "cell-too-long",
        Some("Actions"),
        Some("E40"),
        "40000 characters",
    );
}

#[test]
fn the_plans_row_limit_setting_raises_the_limit() {
    let case = Case::clean(&["2014-15-Q3"]);
    let bytes = police_resaved(&case);
    let far = rezip(&bytes, "xl/worksheets/sheet3.xml", |xml| {
        add_rows(
            xml,
            &format!("<row r=\"200001\">{}</row>", inline_cell("A200001", "X")),
        )
    });
    std::fs::write(case.path(POLICE), far).unwrap();
    case.edit(PLAN, "Settings", "A10", Cell::Text("Row limit"));
    case.edit(PLAN, "Settings", "B10", Cell::Number(250_000.0));
    let (_, diags) = case.check();
    assert!(
        with_code(&diags, "sheet-too-large").is_empty(),
        "{diags:#?}"
    );
    // The far row was read: its unknown code is warned about at its cell.
    assert_diag(
        &diags,
        "warning",
        "measure-unknown",
        POLICE,
        Some("Measures"),
        Some("A200001"),
    );
}

#[test]
fn a_row_limit_setting_out_of_range_is_an_error_at_its_cell() {
    let case = Case::clean(&["2014-15-Q3"]);
    case.edit(PLAN, "Settings", "A10", Cell::Text("Row limit"));
    case.edit(PLAN, "Settings", "B10", Cell::Number(0.0));
    let (code, diags) = case.check();
    assert_eq!(code, 1);
    assert_diag(
        &diags,
        "error",
        "number-invalid",
        PLAN,
        Some("Settings"),
        Some("B10"),
    );
}

/// A minimal ods file holding one sheet, `Measures`, with the given rows.
fn ods_with_rows(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Measures">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

fn ods_check(rows: &str) -> Vec<serde_json::Value> {
    let case = Case::clean(&["2014-15-Q3"]);
    std::fs::remove_file(case.path(POLICE)).unwrap();
    let ods = "data/returns/2014-15-Q3/police.ods";
    std::fs::write(case.path(ods), ods_with_rows(rows)).unwrap();
    let started = Instant::now();
    let out = case.run(&["check", "--json"]);
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    assert_eq!(exit_code(&out), 1, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[track_caller]
fn assert_ods_sheet_refused(diags: &[serde_json::Value], says: &str) {
    let hit = diags
        .iter()
        .find(|d| {
            d["code"] == "sheet-too-large"
                && d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with("police.ods"))
                && d["sheet"] == "Measures"
        })
        .unwrap_or_else(|| panic!("no sheet-too-large: {diags:#?}"));
    assert!(hit["message"].as_str().unwrap().contains(says), "{hit}");
}

const ODS_VALUE: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

#[test]
fn ods_repeats_that_would_expand_to_millions_of_cells_are_refused_before_parsing() {
    // 30,000 rows of 150 columns: 4.5 million cells from a few hundred bytes.
    let row = r#"<table:table-row table:number-rows-repeated="30000"><table:table-cell table:number-columns-repeated="150" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    assert_ods_sheet_refused(&ods_check(row), "save the workbook as .xlsx");
}

#[test]
fn ods_values_past_column_200_are_refused_before_parsing() {
    let row = format!(
        r#"<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{ODS_VALUE}</table:table-row>"#
    );
    assert_ods_sheet_refused(&ods_check(&row), "column");
}

/// Every broken or hostile form of the police return that a user or an
/// attacker could send, by name.
fn broken_police_returns(case: &Case) -> Vec<(&'static str, Vec<u8>)> {
    let clean = std::fs::read(case.path(POLICE)).unwrap();
    let resaved = {
        let scratch = Case::clean(&["2014-15-Q3"]);
        police_resaved(&scratch)
    };
    let mut directory_bomb = clean.clone();
    let mut i = 0;
    while i + 46 <= directory_bomb.len() {
        if directory_bomb[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            directory_bomb[i + 24..i + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        i += 1;
    }
    let with_rows = |entry: &str, rows: String| rezip(&resaved, entry, |xml| add_rows(xml, &rows));
    vec![
        ("empty", Vec::new()),
        ("truncated", clean[..clean.len() / 2].to_vec()),
        ("pdf", b"%PDF-1.7\n%%EOF\n".to_vec()),
        ("csv", b"Code,Value\nMISSING_EPISODES,12\n".to_vec()),
        (
            "encrypted",
            std::fs::read(fixtures().join("hostile/encrypted-police.xlsx")).unwrap(),
        ),
        ("directory bomb", directory_bomb),
        ("lying directory", {
            let scratch = Case::clean(&["2014-15-Q3"]);
            lying_zip(&scratch)
        }),
        (
            "row past the limit",
            with_rows(
                "xl/worksheets/sheet3.xml",
                format!("<row r=\"200001\">{}</row>", inline_cell("A200001", "X")),
            ),
        ),
        (
            "column past the limit",
            with_rows(
                "xl/worksheets/sheet2.xml",
                format!("<row r=\"40\">{}</row>", inline_cell("GS40", "X")),
            ),
        ),
        (
            "cell too long",
            with_rows(
                "xl/worksheets/sheet2.xml",
                format!("<row r=\"40\">{}</row>", inline_cell("E40", &"y".repeat(33_000))),
            ),
        ),
        (
            "formula error",
            with_rows(
                "xl/worksheets/sheet3.xml",
                "<row r=\"40\"><c r=\"A40\" t=\"inlineStr\"><is><t>MISSING_EPISODES</t></is></c><c r=\"C40\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>".to_string(),
            ),
        ),
        ("damaged xml", rezip(&resaved, "xl/worksheets/sheet3.xml", |xml| xml.replace("</sheetData>", ""))),
    ]
}

/// Every file under `dir` with its bytes, by path relative to it.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_failed_run_leaves_an_earlier_report_byte_identical() {
    let case = Case::clean(&["2014-15-Q3"]);
    let out = case.run(&["returns", "--quarter", "2014-15-Q4"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let before = snapshot(&case.path("reports"));
    assert!(before.len() > 3, "templates written: {before:?}");
    let clean = std::fs::read(case.path(POLICE)).unwrap();
    let mut failures = Vec::new();
    for (name, bytes) in broken_police_returns(&case) {
        std::fs::write(case.path(POLICE), &bytes).unwrap();
        let out = case.run(&["returns", "--quarter", "2014-15-Q4"]);
        let code = exit_code(&out);
        if code != 1 || stderr(&out).contains("panicked") {
            failures.push(format!("{name}: exit {code}: {}", stderr(&out)));
        }
        if !stderr(&out).contains(POLICE) {
            failures.push(format!(
                "{name}: the message does not name the file: {}",
                stderr(&out)
            ));
        }
        if snapshot(&case.path("reports")) != before {
            failures.push(format!("{name}: the earlier templates changed"));
        }
    }
    std::fs::write(case.path(POLICE), clean).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
