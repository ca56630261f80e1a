//! `boardpack quarterly`: the quarter's papers for the sub-group, written to
//! `<out>/<quarter>/` — the tracker workbook (the sub-group report joins it as
//! one more entry of `OUTPUTS`). Every output is built before any is written,
//! each is put in place whole, and nothing is written when the inputs have errors.

use super::{
    build_beside_guard, ensure_out_allowed, guard_papers, load_checked, parse_date, write_papers,
    BuildError, Failure, Outcome,
};
use crate::cli::Common;
use crate::diagnostics::Diagnostics;
use crate::document::DocumentSpec;
use crate::model::Dataset;
use crate::period::Quarter;
use crate::render::{self, xlsx::tracker};
use crate::report::{
    self,
    quarterly::{Inputs, QuarterlyContext},
    template::Templates,
};
use crate::tracking::{self, Tracking};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What every output of the quarter is built from, computed once.
pub struct Paper<'a> {
    pub dataset: &'a Dataset,
    pub quarter: Quarter,
    pub as_of: NaiveDate,
    /// The actions as of `as_of`.
    pub tracking: Tracking,
    /// Every diagnostic of the run: the inputs' warnings, then tracking's.
    pub diagnostics: Diagnostics,
    /// The report templates (built in, or overridden by `--templates`).
    pub templates: Templates,
}

impl<'a> Paper<'a> {
    pub fn new(
        dataset: &'a Dataset,
        quarter: Quarter,
        as_of: NaiveDate,
        mut diagnostics: Diagnostics,
        templates: Templates,
    ) -> Paper<'a> {
        let tracking = tracking::track(dataset, as_of);
        diagnostics.extend(tracking.diagnostics.clone());
        Paper {
            dataset,
            quarter,
            as_of,
            tracking,
            diagnostics,
            templates,
        }
    }
}

/// One file of the quarter's papers: its name in the quarter's folder and how
/// its bytes are made.
struct Output {
    name: &'static str,
    build: fn(&Paper) -> Result<Built, BuildError>,
}

/// An output's bytes and, for a PDF, the text it prints (for the privacy guard).
struct Built {
    bytes: Vec<u8>,
    printed: Option<String>,
}

const OUTPUTS: [Output; 2] = [
    Output {
        name: crate::report::tracker::FILE_NAME,
        build: tracker_bytes,
    },
    Output {
        name: "subgroup-report.pdf",
        build: report_bytes,
    },
];

/// Builds every output of the quarter in memory, in `OUTPUTS`' order, as
/// (file name, bytes); the first failure is the one given. For the fuzz
/// targets, which build papers without writing them.
pub fn build_outputs(paper: &Paper) -> Result<Vec<(&'static str, Vec<u8>)>, BuildError> {
    OUTPUTS
        .iter()
        .map(|output| (output.build)(paper).map(|built| (output.name, built.bytes)))
        .collect()
}

/// The sub-group report: context → template (Markdown) → blocks → PDF.
fn report_bytes(paper: &Paper) -> Result<Built, BuildError> {
    let sources = report::sources(paper.dataset);
    let context = QuarterlyContext::build(Inputs {
        dataset: paper.dataset,
        quarter: paper.quarter,
        as_of: paper.as_of,
        tracking: &paper.tracking,
        diagnostics: &paper.diagnostics,
        sources,
    });
    let markdown = paper.templates.render("quarterly", &context)?;
    let blocks = render::markdown::to_blocks(&markdown).map_err(|source| BuildError::Markdown {
        template: "quarterly.md.hbs",
        source,
    })?;
    let spec = DocumentSpec {
        title: format!("{} — report for {}", context.sub_group, context.quarter),
        subject: format!("{}: quarterly report, {}", context.board, context.period),
        header_left: context.board.clone(),
        header_right: format!("{} · {}", context.sub_group, context.quarter),
        marking: context.marking.clone(),
        fingerprint: context.fingerprint.clone(),
        date: paper.as_of,
    };
    Ok(Built {
        bytes: render::pdf::render(&spec, &blocks)?,
        printed: Some(crate::document::text_of(&blocks)),
    })
}

fn tracker_bytes(paper: &Paper) -> Result<Built, BuildError> {
    let prepared = crate::report::tracker::prepare(
        paper.dataset,
        paper.quarter,
        &paper.tracking,
        &paper.diagnostics,
    );
    Ok(Built {
        bytes: tracker::render(&prepared)?,
        printed: None,
    })
}

pub fn run(common: &Common, quarter: Option<&str>, as_of: Option<&str>) -> Outcome {
    let asked_quarter = super::quarter_flag(quarter)?;
    let asked_as_of = as_of.map(parse_date).transpose()?;
    ensure_out_allowed(common)?;
    let templates = Templates::load(common.templates.as_deref())?;
    let (dataset, diagnostics) = load_checked(common, None)?;
    let quarter = match asked_quarter {
        Some(q) => q,
        None => latest_quarter(&dataset, &common.data)?,
    };
    ensure_quarter_has_returns(&dataset, quarter, &common.data)?;
    let as_of = as_of_in_or_after(quarter, asked_as_of)?;
    super::show_warnings(&diagnostics, &[quarter]);
    let paper = Paper::new(&dataset, quarter, as_of, diagnostics, templates);
    super::show_warnings(&paper.tracking.diagnostics, &[quarter]);
    let folder = common.out_dir().join(quarter.folder_name());
    // The outputs are independent, so they are built side by side; the first
    // failure in OUTPUTS' order is the one reported.
    let (guard, built) = build_beside_guard(&dataset, || {
        OUTPUTS
            .par_iter()
            .map(|output| {
                let path = folder.join(output.name);
                (output.build)(&paper)
                    .map(|built| (path.clone(), built))
                    .map_err(|source| Failure::Build {
                        path: path.display().to_string(),
                        source,
                    })
            })
            .collect::<Vec<Result<_, Failure>>>()
    });
    let built = built.into_iter().collect::<Result<Vec<_>, Failure>>()?;
    let printed: Vec<(String, String)> = built
        .iter()
        .filter_map(|(path, b)| Some((path.display().to_string(), b.printed.clone()?)))
        .collect();
    let files: Vec<(PathBuf, Vec<u8>)> =
        built.into_iter().map(|(path, b)| (path, b.bytes)).collect();
    guard_papers(&guard, &files, &printed, &paper.templates)?;
    write_papers(&files)?;
    println!(
        "{} papers as of {} written to {}",
        quarter,
        as_of.format("%d/%m/%Y"),
        folder.display()
    );
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The default quarter: the latest that has returns.
fn latest_quarter(dataset: &Dataset, data: &Path) -> Result<Quarter, Failure> {
    dataset.quarters().last().copied().ok_or_else(|| {
        Failure::Usage(format!(
            "there are no returns under {} to report on; say which quarter with --quarter, e.g. --quarter 2015-16-Q2",
            data.display()
        ))
    })
}

/// A quarter no return has come for gets no paper: every figure in it would
/// be "not available" and its sentences would speak of nothing. The message
/// names the latest quarter that has returns, to run instead.
fn ensure_quarter_has_returns(
    dataset: &Dataset,
    quarter: Quarter,
    data: &Path,
) -> Result<(), Failure> {
    if dataset.returns_for(quarter).next().is_some() {
        return Ok(());
    }
    let latest = dataset.quarters().into_iter().max();
    Err(Failure::Usage(format!(
        "there are no returns for {quarter} under {}, so there is nothing to report for it; {}",
        data.display(),
        match latest {
            Some(q) => format!(
                "the latest quarter with returns is {q} (--quarter {})",
                q.folder_name()
            ),
            None => "no quarter has returns yet".to_string(),
        }
    )))
}

/// The as-of date: as asked, else the quarter's last day. A date before the
/// quarter begins would leave its own returns out of the action tracking.
fn as_of_in_or_after(quarter: Quarter, asked: Option<NaiveDate>) -> Result<NaiveDate, Failure> {
    match asked {
        None => Ok(quarter.end()),
        Some(date) if date >= quarter.start() => Ok(date),
        Some(date) => Err(Failure::Usage(format!(
            "--as-of {} is before {} begins ({}); the papers of a quarter are as of a day in it or after it (by default its last day, {})",
            date.format("%d/%m/%Y"),
            quarter,
            quarter.start().format("%d/%m/%Y"),
            quarter.end().format("%d/%m/%Y")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Q;

    #[test]
    fn the_as_of_date_defaults_to_the_quarters_last_day_and_may_not_precede_it() {
        let q = Quarter::new(2015, Q::Q2);
        let day = |m, d| NaiveDate::from_ymd_opt(2015, m, d).expect("date");
        assert_eq!(as_of_in_or_after(q, None).ok(), Some(day(9, 30)));
        assert_eq!(as_of_in_or_after(q, Some(day(7, 1))).ok(), Some(day(7, 1)));
        assert_eq!(
            as_of_in_or_after(q, Some(day(10, 20))).ok(),
            Some(day(10, 20))
        );
        let refused = as_of_in_or_after(q, Some(day(6, 30)))
            .err()
            .map(|e| e.to_string());
        assert!(
            refused.is_some_and(|m| m.contains("before 2015-16 Q2 begins")),
            "a day before the quarter is refused"
        );
    }
}
