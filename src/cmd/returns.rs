//! `boardpack returns`: write next quarter's pre-filled return workbook for every
//! agency that submits one, to `<out>/templates/<quarter>/<code>.xlsx`. Nothing is
//! written when the inputs have errors or the privacy guard finds a leak; the
//! files are put in place together, each whole.

use super::{load_checked, Failure, Outcome};
use crate::cli::Common;
use crate::model::Dataset;
use crate::period::Quarter;
use crate::privacy::Exempt;
use crate::render::{self, xlsx::return_template};
use crate::report::return_template::{file_name, prepare, OWN_TEXTS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(common: &Common, quarter: Option<&str>) -> Outcome {
    let asked = super::quarter_flag(quarter)?;
    super::ensure_out_allowed(common)?;
    let (dataset, warnings) = load_checked(common, None)?;
    let quarter = match asked {
        Some(q) => q,
        None => quarter_after_latest(&dataset, &common.data)?,
    };
    let prepared = prepare(&dataset, quarter);
    super::show_warnings(&warnings, &[quarter.prev()]);
    super::show_warnings(&prepared.diagnostics, &[quarter.prev()]);
    let folder = common
        .out_dir()
        .join("templates")
        .join(quarter.folder_name());
    // Every workbook is built and checked by the privacy guard before any is
    // written, so a failure leaves the folder as it was.
    let files = prepared
        .templates
        .iter()
        .map(|t| {
            let path = folder.join(file_name(&t.agency.code));
            return_template::render(t)
                .map(|bytes| (path.clone(), bytes))
                .map_err(|e| write_failure(&path, std::io::Error::other(e)))
        })
        .collect::<Result<Vec<(PathBuf, Vec<u8>)>, Failure>>()?;
    let keeper_file = dataset
        .referral_log_agency
        .as_deref()
        .map(|code| folder.join(file_name(code)));
    super::guard_outputs(&dataset, &OWN_TEXTS, &files, |path| {
        if Some(path) == keeper_file.as_deref() {
            Exempt::LogKeeperTemplate
        } else {
            Exempt::Nothing
        }
    })?;
    render::write_all_atomically(&files).map_err(|(path, e)| write_failure(&path, e))?;
    println!(
        "{} return template{} for {} (pre-filled as of {}) written to {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        quarter,
        prepared.as_of.format("%d/%m/%Y"),
        folder.display()
    );
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The default quarter: the one after the latest that has returns.
fn quarter_after_latest(dataset: &Dataset, data: &Path) -> Result<Quarter, Failure> {
    dataset
        .quarters()
        .last()
        .map(|q| q.next())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "there are no returns under {} to follow on from; say which quarter the templates are for with --quarter, e.g. --quarter 2015-16-Q3",
                data.display()
            ))
        })
}

fn write_failure(path: &Path, source: std::io::Error) -> Failure {
    super::write_failure(path, source)
}
