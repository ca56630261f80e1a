//! `boardpack annual`: the year's report to the LSCB, written to `<out>/<year>/`
//! as `annual-report.pdf` and `annual-report.html` — one template rendered
//! once to Markdown, its blocks laid out as the PDF and written as the web
//! page. Both are built before either is written, each is put in place whole,
//! and nothing is written when the inputs have errors.

use super::{ensure_out_allowed, load_checked, BuildError, Failure, Outcome};
use crate::cli::Common;
use crate::document::DocumentSpec;
use crate::model::Dataset;
use crate::period::FinYear;
use crate::render::{html, markdown, pdf};
use crate::report::annual::{self, AnnualContext, Inputs};
use crate::report::{self, template::Templates};
use std::path::Path;
use std::process::ExitCode;

pub const PDF_NAME: &str = "annual-report.pdf";
pub const HTML_NAME: &str = "annual-report.html";

pub fn run(common: &Common, year: Option<&str>) -> Outcome {
    let asked = year
        .map(FinYear::parse)
        .transpose()
        .map_err(|source| Failure::Period {
            flag: "--year",
            source,
        })?;
    ensure_out_allowed(common)?;
    let templates = Templates::load(common.templates.as_deref())?;
    let (dataset, warnings) = load_checked(common, None)?;
    let year = match asked {
        Some(y) => y,
        None => latest_year(&dataset, &common.data)?,
    };
    ensure_year_has_returns(&dataset, year, &common.data)?;
    super::show_warnings(&warnings, &year.quarters());
    let folder = common.out_dir().join(year.to_string());
    let (guard, report) = super::build_beside_guard(&dataset, || build(&dataset, year, &templates));
    let report = report.map_err(|source| Failure::Build {
        path: folder.display().to_string(),
        source,
    })?;
    let pdf_path = folder.join(PDF_NAME);
    let printed = [(pdf_path.display().to_string(), report.printed)];
    let files = [
        (pdf_path, report.pdf),
        (folder.join(HTML_NAME), report.html.into_bytes()),
    ];
    super::guard_papers(&guard, &files, &printed, &templates)?;
    super::write_papers(&files)?;
    println!("Annual report for {year} written to {}", folder.display());
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Context → template (Markdown, once) → blocks → the PDF and the web page.
/// The annual report's two files, and the text the PDF prints (for the privacy guard).
pub struct Built {
    pub pdf: Vec<u8>,
    pub html: String,
    pub printed: String,
}

pub fn build(dataset: &Dataset, year: FinYear, templates: &Templates) -> Result<Built, BuildError> {
    let as_at = annual::as_at(dataset, year);
    let tracking = crate::tracking::track(dataset, as_at);
    super::show_warnings(&tracking.diagnostics, &year.quarters());
    let context = AnnualContext::build(Inputs {
        dataset,
        year,
        tracking: &tracking,
        sources: report::sources(dataset),
    })?;
    let markdown = templates.render("annual", &context)?;
    let document = markdown::to_document(&markdown).map_err(|source| BuildError::Markdown {
        template: "annual.md.hbs",
        source,
    })?;
    let title = format!("{} — annual report {}", context.sub_group, context.year);
    let spec = DocumentSpec {
        title: title.clone(),
        subject: format!("{}: annual report, {}", context.board, context.period),
        header_left: context.board.clone(),
        header_right: format!("Annual report {}", context.year),
        marking: String::new(),
        fingerprint: context.fingerprint.clone(),
        date: as_at,
    };
    let pdf = pdf::render_with_contents(&spec, &document.blocks, document.contents_at)?;
    let page = html::Page {
        title,
        description: format!(
            "The annual report of the {} to the {}, {}.",
            context.sub_group, context.board, context.period
        ),
    };
    let web = html::render(&page, &document.blocks, document.contents_at);
    Ok(Built {
        pdf,
        html: web,
        printed: crate::document::text_of(&document.blocks),
    })
}

/// The default year: the financial year of the latest quarter with returns.
fn latest_year(dataset: &Dataset, data: &Path) -> Result<FinYear, Failure> {
    dataset
        .quarters()
        .last()
        .map(|q| q.fin_year())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "there are no returns under {} to report on; say which year with --year, e.g. --year 2014-15",
                data.display()
            ))
        })
}

fn ensure_year_has_returns(dataset: &Dataset, year: FinYear, data: &Path) -> Result<(), Failure> {
    let has = year
        .quarters()
        .iter()
        .any(|q| dataset.returns_for(*q).next().is_some());
    if has {
        return Ok(());
    }
    let years: Vec<String> = {
        let mut y: Vec<String> = dataset
            .quarters()
            .iter()
            .map(|q| q.fin_year().to_string())
            .collect();
        y.dedup();
        y
    };
    Err(Failure::Usage(format!(
        "there are no returns for {year} under {}; years with returns: {}",
        data.display(),
        if years.is_empty() {
            "none".to_string()
        } else {
            years.join(", ")
        }
    )))
}
