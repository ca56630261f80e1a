//! Finds and reads the inputs of a run: the plan file and every return under
//! the data folder (`<data>/<quarter>/<code>.xlsx`). Reports each unreadable or
//! misplaced file as a diagnostic and keeps going; only a run that cannot
//! start at all (no plan file, no data folder) is a `RunError`.

pub mod plan;
pub mod returns;
pub mod vocab;

#[cfg(test)]
mod testkit;

use crate::diagnostics::{Diagnostics, Place};
use crate::model::{Plan, PlanIndex, Return};
use crate::period::Quarter;
use std::path::{Path, PathBuf};

pub use plan::read_plan;
pub use returns::read_return;

/// A run that cannot start: exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the plan file {0} does not exist; give its place with --plan")]
    NoPlan(String),
    #[error(
        "--plan {0} is a folder; give the plan workbook itself, e.g. --plan {0}/delivery-plan.xlsx"
    )]
    PlanIsFolder(String),
    #[error("--data {0} is a file; give the folder that holds the quarters' folders, e.g. --data data/returns")]
    DataIsFile(String),
    #[error("the plan file {path} is {kind}, not a spreadsheet file; give the workbook's place with --plan")]
    PlanNotAFile { path: String, kind: String },
    #[error("the data folder {0} does not exist; give its place with --data")]
    NoData(String),
    #[error("the data folder {path} could not be listed: {source}")]
    Unlistable {
        path: String,
        source: std::io::Error,
    },
}

const SPREADSHEET_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// A return file found under the data folder, not yet opened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub quarter: Quarter,
    pub agency: String,
    pub path: PathBuf,
    /// As shown to the user: the data folder joined with the file's place in it.
    pub file: String,
}

/// Lists the return files, in quarter then agency order. `only` keeps one quarter.
pub fn find_returns(
    data: &Path,
    only: Option<Quarter>,
    diags: &mut Diagnostics,
) -> Result<Vec<Found>, RunError> {
    check_data_folder(data)?;
    let mut found = Vec::new();
    for folder in sorted_entries(data)? {
        let shown = folder.display().to_string();
        if !folder.is_dir() {
            if !is_hidden(&folder) {
                diags.warning(
                    Place::file(&shown),
                    "file-ignored",
                    "this file is not in a quarter's folder and is ignored; returns go in folders such as 2014-15-Q3",
                );
            }
            continue;
        }
        let name = file_name(&folder);
        let quarter = match Quarter::parse(&name) {
            // Its dates must be ones a workbook can hold (1900 to 9999).
            Ok(q) if !(1900..=9998).contains(&q.year) => {
                diags.error(
                    Place::file(&shown),
                    "folder-name-invalid",
                    format!("the folder name is the quarter {q}, outside the years a workbook can hold; name it like 2014-15-Q3"),
                );
                continue;
            }
            Ok(q) => q,
            Err(problem) => {
                if !is_hidden(&folder) {
                    diags.error(
                        Place::file(&shown),
                        "folder-name-invalid",
                        format!(
                            "the folder name is not a quarter ({problem}); name it like 2014-15-Q3"
                        ),
                    );
                }
                continue;
            }
        };
        if only.is_some_and(|q| q != quarter) {
            continue;
        }
        found.extend(files_of_quarter(&folder, quarter, diags)?);
    }
    found.sort();
    report_duplicates(&found, diags);
    Ok(found)
}

fn files_of_quarter(
    folder: &Path,
    quarter: Quarter,
    diags: &mut Diagnostics,
) -> Result<Vec<Found>, RunError> {
    let mut found = Vec::new();
    for path in sorted_entries(folder)? {
        let shown = path.display().to_string();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if is_hidden(&path) {
            continue;
        }
        let looks_like_a_return = SPREADSHEET_EXTENSIONS.contains(&ext.as_str());
        if reported_irregular(&path, looks_like_a_return, &shown, diags) {
            continue;
        }
        if !looks_like_a_return {
            diags.warning(
                Place::file(&shown),
                "file-ignored",
                "this file is not a spreadsheet (.xlsx, .xlsm, .xls or .ods) and is ignored",
            );
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        found.push(Found {
            quarter,
            agency: stem.trim().to_ascii_uppercase(),
            path,
            file: shown,
        });
    }
    Ok(found)
}

/// Reports an entry of a quarter's folder that is not a regular file (nor a
/// link to one), and says whether it was one (and is to be skipped). Nothing is opened here, so a
/// named pipe or a device never makes the run wait. A folder named like a
/// return, or a pipe, device or dangling link so named, is an error (the
/// agency's return would otherwise look missing); any other sub-folder is a
/// warning, since sub-folders are not searched.
fn reported_irregular(
    path: &Path,
    looks_like_a_return: bool,
    shown: &str,
    diags: &mut Diagnostics,
) -> bool {
    let kind = match crate::workbook::not_a_regular_file(path) {
        Ok(None) => return false,
        Ok(Some(kind)) => kind,
        Err(e) => format!("an entry that cannot be looked at ({e})"),
    };
    let is_folder = path.is_dir();
    if looks_like_a_return {
        diags.error(
            Place::file(shown),
            "file-not-regular",
            format!("this is {kind}, not a spreadsheet file; only regular files are read as returns — put the agency's workbook itself here"),
        );
    } else if is_folder {
        diags.warning(
            Place::file(shown),
            "folder-ignored",
            "this folder inside a quarter's folder is not searched; put each return directly in the quarter's folder, such as 2014-15-Q3/police.xlsx",
        );
    } else {
        diags.warning(
            Place::file(shown),
            "file-ignored",
            format!("this is {kind}, not a spreadsheet file, and is ignored"),
        );
    }
    true
}

fn report_duplicates(found: &[Found], diags: &mut Diagnostics) {
    for pair in found.windows(2) {
        if pair[0].quarter == pair[1].quarter && pair[0].agency == pair[1].agency {
            diags.error(
                Place::file(&pair[1].file),
                "return-duplicate",
                format!(
                    "{} has two returns for {}: this file and {}; keep one",
                    pair[1].agency, pair[1].quarter, pair[0].file
                ),
            );
        }
    }
}

/// The quarters that have a folder under the data folder, in order (an
/// empty folder counts: its quarter's returns are all missing).
pub fn quarter_folders(data: &Path) -> Result<Vec<Quarter>, RunError> {
    check_data_folder(data)?;
    let mut quarters: Vec<Quarter> = sorted_entries(data)?
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| Quarter::parse(&file_name(p)).ok())
        .collect();
    quarters.sort();
    quarters.dedup();
    Ok(quarters)
}

fn check_data_folder(data: &Path) -> Result<(), RunError> {
    match () {
        _ if data.is_dir() => Ok(()),
        _ if data.exists() => Err(RunError::DataIsFile(data.display().to_string())),
        _ => Err(RunError::NoData(data.display().to_string())),
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, RunError> {
    let unlistable = |source| RunError::Unlistable {
        path: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unlistable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Hidden files and Excel's lock files (`~$police.xlsx`) are never returns.
fn is_hidden(path: &Path) -> bool {
    let name = file_name(path);
    name.starts_with('.') || name.starts_with("~$")
}

/// Reads every found return that names a known agency, checking the plan's
/// expectations of it. Files of unknown agencies are reported and skipped.
/// Files are read in parallel; results and diagnostics keep the files' order.
pub fn read_returns(found: &[Found], plan: Option<&Plan>, diags: &mut Diagnostics) -> Vec<Return> {
    use rayon::prelude::*;
    let index = plan.map(Plan::index);
    let results: Vec<(Option<Return>, Diagnostics)> = found
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::new();
            let r = read_one(f, index.as_ref(), &mut d);
            (r, d)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (r, d) in results {
        diags.extend(d);
        out.extend(r);
    }
    out
}

fn read_one(f: &Found, plan: Option<&PlanIndex>, diags: &mut Diagnostics) -> Option<Return> {
    if let Some(index) = plan {
        match index.agency(&f.agency) {
            None => {
                diags.error(
                    Place::file(&f.file),
                    "return-agency-unknown",
                    format!(
                        "the file name “{}” is not an agency Code of the plan; name each return after its agency's Code, such as police.xlsx (codes: {})",
                        file_name(&f.path),
                        index.plan.agencies.iter().map(|a| a.code.to_ascii_lowercase()).collect::<Vec<_>>().join(", ")
                    ),
                );
                return None;
            }
            Some(a) if !a.submits_return => diags.warning(
                Place::file(&f.file),
                "return-not-expected",
                format!("{} is set not to submit returns (Submits return = No) but sent one; it is read all the same", a.code),
            ),
            Some(_) => {}
        }
    }
    let expected = returns::Expected {
        agency: &f.agency,
        quarter: f.quarter,
        needs_actions: plan.is_some_and(|p| p.leads_any(&f.agency)),
        needs_measures: plan.is_some_and(|p| p.reports_any(&f.agency)),
    };
    let row_limit = plan.map_or(crate::workbook::DEFAULT_ROW_LIMIT, |p| {
        p.plan.settings.row_limit
    });
    returns::read_return_limited(&f.path, &f.file, &expected, row_limit, diags)
}

thread_local! {
    /// True while this thread runs a guarded read, so that the panic hook
    /// stays quiet about a panic the guard turns into a diagnostic.
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the reading of one file, turning a panic inside it into a
/// `file-damaged` diagnostic of that file; the diagnostics of a read that
/// panicked are dropped, since it stopped half way.
///
/// This is a safety net, not a check: every limit and every malformed value
/// has its own check and message before a parser sees it. The net is for a
/// panic inside a dependency (calamine, zip) on a file nobody foresaw, so that
/// the user gets a message naming the file and the other files are still read.
/// It relies on panics unwinding, which is the profile's default.
pub fn guarded<T>(
    file: &str,
    diags: &mut Diagnostics,
    read: impl FnOnce(&mut Diagnostics) -> Option<T>,
) -> Option<T> {
    install_quiet_hook();
    let mut local = Diagnostics::new();
    let was = IN_GUARD.with(|g| g.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&mut local)));
    IN_GUARD.with(|g| g.set(was));
    match outcome {
        Ok(value) => {
            diags.extend(local);
            value
        }
        Err(_) => {
            diags.error(
                Place::file(file),
                "file-damaged",
                "the file could not be read: something in it made the spreadsheet reader fail; it may be damaged — open it in Excel and save it again",
            );
            None
        }
    }
}

/// Wraps the panic hook once: silent inside a guarded read, as before elsewhere.
fn install_quiet_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
}

/// Everything a run read, and every problem found on the way.
pub struct Loaded {
    /// `None` when the plan could not be read (the diagnostics say why).
    pub dataset: Option<crate::model::Dataset>,
    pub diagnostics: Diagnostics,
    /// How many files were opened (the plan and the returns).
    pub files: usize,
}

/// Reads and checks the plan and the returns (of one quarter, or all).
pub fn load(plan_path: &Path, data: &Path, only: Option<Quarter>) -> Result<Loaded, RunError> {
    if plan_path.is_dir() {
        return Err(RunError::PlanIsFolder(plan_path.display().to_string()));
    }
    if !plan_path.exists() {
        return Err(RunError::NoPlan(plan_path.display().to_string()));
    }
    if let Ok(Some(kind)) = crate::workbook::not_a_regular_file(plan_path) {
        return Err(RunError::PlanNotAFile {
            path: plan_path.display().to_string(),
            kind,
        });
    }
    // The plan is read while the data folder is listed.
    let ((plan, mut diags), (found, listing)) = rayon::join(
        || {
            let mut d = Diagnostics::new();
            let plan = read_plan(plan_path, &plan_path.display().to_string(), &mut d);
            (plan, d)
        },
        || {
            let mut d = Diagnostics::new();
            (find_returns(data, only, &mut d), d)
        },
    );
    let found = found?;
    diags.extend(listing);
    let returns = read_returns(&found, plan.as_ref(), &mut diags);
    let dataset = plan.map(|plan| crate::validate::assemble(plan, returns, &mut diags));
    Ok(Loaded {
        dataset,
        diagnostics: diags,
        files: found.len() + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_guarded_read_becomes_a_diagnostic_of_the_file() {
        let mut diags = Diagnostics::new();
        diags.warning(Place::file("other.xlsx"), "file-ignored", "kept");
        let read: Option<u32> = guarded("data/returns/2014-15-Q3/police.xlsx", &mut diags, |d| {
            d.warning(
                Place::file("police.xlsx"),
                "return-late",
                "dropped: the read stopped",
            );
            panic!("a dependency failed on a file nobody foresaw")
        });
        assert_eq!(read, None);
        let all = diags.sorted();
        assert_eq!(all.len(), 2, "{all:?}");
        let damaged = all
            .iter()
            .find(|d| d.code == "file-damaged")
            .expect("file-damaged");
        assert_eq!(damaged.file, "data/returns/2014-15-Q3/police.xlsx");
        assert!(all.iter().all(|d| d.code != "return-late"));
    }

    #[test]
    fn a_guarded_read_that_does_not_panic_keeps_its_value_and_diagnostics() {
        let mut diags = Diagnostics::new();
        let read = guarded("plan.xlsx", &mut diags, |d| {
            d.warning(Place::file("plan.xlsx"), "start-after-due", "kept");
            Some(7)
        });
        assert_eq!(read, Some(7));
        assert_eq!(diags.sorted().len(), 1);
    }
}
