//! Workbooks written by other programs (openpyxl, xlwt, odfpy): boardpack must
//! read them exactly as their manifests say.

mod common;

use common::*;
use serde_json::Value as Json;
use std::collections::BTreeSet;

fn check(variant: &str) -> (i32, Vec<Json>) {
    let dir = foreign().join(variant);
    let out = boardpack(
        &dir,
        &[
            "check",
            "--json",
            "--plan",
            "plan/delivery-plan.xlsx",
            "--data",
            "data/returns",
        ],
    );
    let diags = serde_json::from_slice(&out.stdout).expect("JSON diagnostics");
    (exit_code(&out), diags)
}

fn expected(variant: &str) -> Json {
    let text = std::fs::read_to_string(foreign().join(variant).join("expected.json"))
        .expect("expected.json");
    serde_json::from_str(&text).expect("expected.json parses")
}

fn code_of(kind: &str) -> &'static str {
    match kind {
        "unknown column" => "column-unknown",
        "under 13 assessed Low" => "under-13-assessed-low",
        "late return" => "return-late",
        other => panic!("unknown warning kind {other}"),
    }
}

/// Both variants hold the same valid data: exit 0, and exactly the deliberate warnings.
fn accepted_with_exactly_the_deliberate_warnings(variant: &str) {
    let (code, mut diags) = check(variant);
    assert_eq!(code, 0, "{variant}: {diags:#?}");
    assert_missing_returns_are_the_absent_files(variant, &diags);
    diags.retain(|d| d["code"] != "return-missing");
    let got: BTreeSet<(String, String, String, String)> = diags
        .iter()
        .map(|d| {
            assert_eq!(
                d["severity"], "warning",
                "{variant}: only warnings expected: {d}"
            );
            let file = d["file"].as_str().unwrap().to_string();
            (
                d["code"].as_str().unwrap().to_string(),
                file,
                d["sheet"].as_str().unwrap_or("").to_string(),
                d["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, String)> = expected(variant)["expected_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                code_of(w["kind"].as_str().unwrap()).to_string(),
                w["file"].as_str().unwrap().to_string(),
                w["canonical_sheet"].as_str().unwrap().to_string(),
                w["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want, "{variant}: warnings differ");
    assert_eq!(diags.len(), want.len(), "{variant}: one warning per defect");
}

/// The data sets were built before `check` reported missing returns: an
/// agency whose file is absent from a quarter's folder (while it sent one in
/// another quarter) gets exactly one `return-missing` warning there.
fn assert_missing_returns_are_the_absent_files(variant: &str, diags: &[Json]) {
    let returns = foreign().join(variant).join("data/returns");
    let mut by_quarter: Vec<(String, BTreeSet<String>)> = std::fs::read_dir(&returns)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|folder| {
            let stems = std::fs::read_dir(&folder)
                .unwrap()
                .filter_map(|f| {
                    let path = f.unwrap().path();
                    path.file_stem()
                        .map(|s| s.to_string_lossy().to_ascii_uppercase())
                })
                .collect();
            (
                folder.file_name().unwrap().to_string_lossy().to_string(),
                stems,
            )
        })
        .collect();
    by_quarter.sort();
    let everyone: BTreeSet<String> = by_quarter.iter().flat_map(|(_, s)| s.clone()).collect();
    let want: BTreeSet<(String, String)> = by_quarter
        .iter()
        .flat_map(|(q, stems)| {
            everyone
                .difference(stems)
                .map(move |agency| (format!("data/returns/{q}"), agency.clone()))
        })
        .collect();
    let got: BTreeSet<(String, String)> = diags
        .iter()
        .filter(|d| d["code"] == "return-missing")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["agency"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want, "{variant}: missing returns");
}

#[test]
fn clean_data_set_is_accepted_with_its_deliberate_warnings() {
    accepted_with_exactly_the_deliberate_warnings("clean");
}

#[test]
fn messy_data_set_is_accepted_with_its_deliberate_warnings() {
    accepted_with_exactly_the_deliberate_warnings("messy");
}

#[test]
fn every_bad_case_gives_what_its_manifest_says() {
    let manifest: Json = serde_json::from_str(
        &std::fs::read_to_string(foreign().join("bad/manifest.json")).unwrap(),
    )
    .unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let dir = foreign().join("bad").join(name);
        let out = boardpack(
            &dir,
            &[
                "check",
                "--json",
                "--plan",
                "plan/delivery-plan.xlsx",
                "--data",
                "data/returns",
            ],
        );
        let code = exit_code(&out);
        let allowed: Vec<i64> = case["expected_exit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert!(
            allowed.contains(&i64::from(code)),
            "{name}: exit {code}, expected {allowed:?}\n{}",
            stderr(&out)
        );
        let diags: Vec<Json> = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let file = case["file"].as_str().unwrap();
        let hit = diags.iter().any(|d| {
            d["severity"] == case["severity"]
                && d["file"].as_str().is_some_and(|f| f.ends_with(file))
                && (case["sheet"].is_null() || d["sheet"] == case["sheet"])
                && (case["cells"].is_null()
                    || case["cells"].as_array().unwrap().contains(&d["cell"]))
                && (case["mention"].is_null() || {
                    let m = case["mention"].as_str().unwrap();
                    d["message"].as_str().unwrap().contains(m) || d["sheet"].as_str() == Some(m)
                })
        });
        assert!(
            hit,
            "{name}: no {} at {file} {} {}; got {diags:#?}",
            case["severity"], case["sheet"], case["cells"]
        );
    }
}

#[test]
fn messy_reads_the_same_figures_as_clean() {
    // The two variants hold the same data; the tracker must not tell them apart.
    let run = |variant: &str| {
        let out = boardpack(
            &foreign().join(variant),
            &[
                "actions",
                "--json",
                "--as-of",
                "2015-09-30",
                "--plan",
                "plan/delivery-plan.xlsx",
                "--data",
                "data/returns",
            ],
        );
        assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(run("clean"), run("messy"));
}
