//! The quarterly report's context on the shipped example: the sentences read
//! naturally and say what the figures say; no Case ID reaches it.

use boardpack::period::Quarter;
use boardpack::report::quarterly::{Inputs, QuarterlyContext};
use boardpack::report::Source;
use std::path::Path;

fn context(quarter: &str) -> QuarterlyContext {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = boardpack::read::load(
        &root.join("plan/delivery-plan.xlsx"),
        &root.join("data/returns"),
        None,
    )
    .unwrap();
    let dataset = loaded.dataset.unwrap();
    let quarter = Quarter::parse(quarter).unwrap();
    let tracking = boardpack::tracking::track(&dataset, quarter.end());
    let sources = dataset
        .returns
        .iter()
        .map(|r| Source {
            file: r.file.clone(),
            agency: r.agency.clone(),
            agency_name: r.agency.clone(),
            date_completed: String::new(),
            sha256_short: r.sha256[..12].to_string(),
            sha256: r.sha256.clone(),
        })
        .collect();
    QuarterlyContext::build(Inputs {
        dataset: &dataset,
        quarter,
        as_of: quarter.end(),
        tracking: &tracking,
        diagnostics: &loaded.diagnostics,
        sources,
    })
}

#[test]
fn the_summary_reads_as_sentences_from_the_figures() {
    let c = context("2015-16-Q2");
    for s in &c.summary {
        println!("{s}");
    }
    assert!((5..=10).contains(&c.summary.len()), "{:#?}", c.summary);
    assert_eq!(
        c.summary[0],
        "13 new referrals were received, 3 more than last quarter; 4 were assessed as high risk."
    );
    assert!(
        c.summary
            .iter()
            .any(|s| s.starts_with("3 actions are overdue")),
        "{:#?}",
        c.summary
    );
    assert!(c
        .summary
        .iter()
        .all(|s| s.ends_with('.') && !s.contains("  ")));
}

#[test]
fn exceptions_and_data_quality_name_what_the_chair_must_chase() {
    let c = context("2015-16-Q2");
    let refs: Vec<&str> = c.overdue.iter().map(|a| a.ref_.as_str()).collect();
    assert_eq!(refs, ["PV-08", "PV-12", "PP-02"]);
    let ps05 = c.slipped.iter().find(|a| a.ref_ == "PS-05").unwrap();
    assert_eq!(ps05.slip, "revised twice, 275 days later");
    assert_eq!(ps05.due, "31/12/2015 (was 31/03/2015)");
    let q1 = context("2015-16-Q1");
    let proj28 = q1
        .data_quality
        .returns
        .iter()
        .find(|r| r.agency == "PROJ28")
        .unwrap();
    assert_eq!(proj28.status.text, "Missing");
    // The file the chair chases is the one the data contract names.
    assert_eq!(proj28.file, "proj28.xlsx");
    assert!(q1
        .data_quality
        .not_provided
        .iter()
        .any(|n| n.contains("Project 28 (young people's drug and alcohol service) (no return)")));
}

#[test]
fn no_case_id_reaches_the_context() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = boardpack::read::load(
        &root.join("plan/delivery-plan.xlsx"),
        &root.join("data/returns"),
        None,
    )
    .unwrap();
    let ids: Vec<String> = loaded
        .dataset
        .unwrap()
        .returns
        .iter()
        .flat_map(|r| r.referrals.iter().flatten().map(|x| x.case_id.clone()))
        .collect();
    assert!(ids.len() > 40, "the example has a referral log");
    for q in ["2014-15-Q3", "2015-16-Q2"] {
        let json = serde_json::to_string(&context(q)).unwrap();
        for id in &ids {
            assert!(
                !json.contains(id.as_str()),
                "a Case ID leaked into the report context"
            );
        }
    }
}

#[test]
fn the_default_template_renders_every_section() {
    let templates = boardpack::report::template::Templates::load(None).unwrap();
    let md = templates
        .render("quarterly", &context("2015-16-Q2"))
        .unwrap();
    for heading in [
        "# Summary",
        "# Action plan at a glance",
        "# Exceptions",
        "# Action plan progress by strand",
        "# Chase list",
        "# Referrals",
        "# Measures by strand",
        "# Data quality",
        "# Appendix — data sources",
    ] {
        assert!(md.contains(&format!("\n{heading}\n")), "missing {heading}");
    }
    assert!(md.contains("[[rag:red]]Off track"), "RAG cells are marked");
}

#[test]
fn a_misspelled_field_is_an_error_naming_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quarterly.md.hbs"),
        "# {{quarter}}\n\n{{quartr}}\n",
    )
    .unwrap();
    let templates = boardpack::report::template::Templates::load(Some(dir.path())).unwrap();
    assert_eq!(templates.overridden, ["quarterly.md.hbs"]);
    let err = templates
        .render("quarterly", &context("2015-16-Q2"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("quarterly.md.hbs") && err.contains("line 3") && err.contains("quartr"),
        "{err}"
    );
}

#[test]
fn every_field_of_the_context_is_documented() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/CONTEXT.md"),
    )
    .unwrap();
    let mut all = std::collections::BTreeSet::new();
    keys(
        &serde_json::to_value(context("2015-16-Q2")).unwrap(),
        &mut all,
    );
    let undocumented: Vec<&String> = all
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from CONTEXT.md: {undocumented:?}"
    );
}

fn annual_context(year: &str) -> boardpack::report::annual::AnnualContext {
    use boardpack::report::annual::{as_at, AnnualContext, Inputs};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = boardpack::read::load(
        &root.join("plan/delivery-plan.xlsx"),
        &root.join("data/returns"),
        None,
    )
    .unwrap();
    let dataset = loaded.dataset.unwrap();
    let year = boardpack::period::FinYear::parse(year).unwrap();
    let tracking = boardpack::tracking::track(&dataset, as_at(&dataset, year));
    AnnualContext::build(Inputs {
        dataset: &dataset,
        year,
        tracking: &tracking,
        sources: boardpack::report::sources(&dataset),
    })
    .expect("the example can be published safely")
}

#[test]
fn every_field_of_the_annual_context_is_documented() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/CONTEXT.md"),
    )
    .unwrap();
    let annual = &doc[doc.find("## `annual.md.hbs`").expect("an annual section")..];
    let mut all = std::collections::BTreeSet::new();
    for year in ["2014-15", "2015-16"] {
        keys(
            &serde_json::to_value(annual_context(year)).unwrap(),
            &mut all,
        );
    }
    let undocumented: Vec<&String> = all
        .iter()
        .filter(|k| !annual.contains(&format!("`{k}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "annual fields missing from CONTEXT.md: {undocumented:?}"
    );
}

#[test]
fn the_annual_context_says_which_quarters_a_part_year_covers() {
    let c = annual_context("2014-15");
    assert!(c.part_year);
    assert_eq!(c.covered, "Q3 and Q4");
    assert_eq!(c.covered_months, "October 2014 to March 2015");
    assert_eq!(c.as_at, "31 March 2015");
    let c = annual_context("2015-16");
    assert_eq!(c.covered, "Q1 and Q2");
    assert_eq!(c.as_at, "30 September 2015");
    assert!(c.has_previous, "2014-15 has figures to compare with");
    assert!(
        c.sources.iter().all(|s| !s.file.contains("2016-17")),
        "only files up to the year's end"
    );
}

/// Every object key anywhere in a JSON value (the fields a template can name).
fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}
