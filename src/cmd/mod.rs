//! One module per subcommand: each turns parsed arguments into a run of the
//! library and an exit status. No figures are computed here.

pub mod actions;
pub mod annual;
pub mod check;
pub mod quarterly;
pub mod returns;
pub mod sample;
pub mod status;
pub mod templates;

use std::process::ExitCode;

/// Exit 1: the inputs have errors (nothing was written).
pub const INPUT_ERRORS: u8 = 1;
/// Exit 2: the command could not run.
pub const CANNOT_RUN: u8 = 2;

/// Why a command could not run (exit 2), said in the user's terms.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Run(#[from] crate::read::RunError),
    #[error("{0}")]
    Usage(String),
    /// A `--quarter` or `--year` that is not one.
    #[error("{flag}: {source}")]
    Period {
        flag: &'static str,
        source: crate::period::PeriodError,
    },
    /// The chair's `--templates` folder cannot be used.
    #[error("{0}")]
    Templates(#[from] crate::report::template::TemplateError),
    /// `--json` output could not be made.
    #[error("could not format the {what} as JSON: {source}")]
    Json {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("could not make {path}: {source}")]
    Build { path: String, source: BuildError },
    /// The privacy guard found identifying input text in an output: a bug or a
    /// value planted in an input, so the run stops with nothing written.
    #[error("privacy guard: nothing was written, because\n{0}")]
    Privacy(String),
    /// Another run is writing into the same output folder (exit 2).
    #[error("{0}")]
    Busy(String),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// The inputs have errors, already listed on stderr (exit 1).
    #[error("the inputs have errors; nothing was written")]
    InputErrors,
}

impl Failure {
    /// The exit status the failure ends the run with.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::InputErrors => INPUT_ERRORS,
            _ => CANNOT_RUN,
        }
    }
}

pub type Outcome = Result<ExitCode, Failure>;

/// Why a paper could not be made from inputs that passed the checks: the
/// chair's template, or what a writer cannot draw.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Template(#[from] crate::report::template::TemplateError),
    /// The template's Markdown is not a document.
    #[error("template {template}: {source}")]
    Markdown {
        template: &'static str,
        source: crate::render::markdown::MarkdownError,
    },
    /// The report's figures cannot be published safely.
    #[error("{0}")]
    Report(#[from] crate::report::annual::PublishError),
    #[error("{0}")]
    Pdf(#[from] crate::render::pdf::PdfError),
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Loads and checks the inputs, giving back the warnings of the run too (for
/// a report that lists them, and for `show_warnings`). On input errors,
/// prints every diagnostic to stderr and fails with `Failure::InputErrors`.
/// Warnings are not printed here: the command prints those about the
/// quarters it is about (`show_warnings`), once it knows them.
pub fn load_checked(
    common: &crate::cli::Common,
    only: Option<crate::period::Quarter>,
) -> Result<(crate::model::Dataset, crate::diagnostics::Diagnostics), Failure> {
    let loaded = crate::read::load(&common.plan, &common.data, only)?;
    let diags = loaded.diagnostics;
    match loaded.dataset {
        Some(dataset) if !diags.has_errors() => Ok((dataset, diags)),
        _ => {
            eprint!("{}", check::grouped(&diags));
            eprintln!("{}", check::summary(&diags, loaded.files));
            Err(Failure::InputErrors)
        }
    }
}

/// Prints to stderr the warnings about the plan, about files outside any
/// quarter's folder, and about the `current` quarters' returns; the warnings
/// about other quarters' returns are counted in one line, not repeated (the
/// chair sees them with `boardpack check`).
pub fn show_warnings(diags: &crate::diagnostics::Diagnostics, current: &[crate::period::Quarter]) {
    let mut shown = crate::diagnostics::Diagnostics::new();
    let mut other = 0;
    for d in diags.iter() {
        match quarter_of_file(&d.file) {
            Some(q) if !current.contains(&q) => other += 1,
            _ => shown.push(d.severity, d.place(), d.code, d.message.clone()),
        }
    }
    eprint!("{}", check::grouped(&shown));
    if other > 0 {
        eprintln!(
            "({} about other quarters' returns not shown; `boardpack check` lists every one.)\n",
            crate::chase::count(other as i64, "warning")
        );
    }
}

/// The quarter whose folder holds `file`, if it is in one.
fn quarter_of_file(file: &str) -> Option<crate::period::Quarter> {
    let folder = std::path::Path::new(file).parent()?.file_name()?;
    crate::period::Quarter::parse(&folder.to_string_lossy()).ok()
}

/// Refuses an `--out` inside the plan's folder or the data folder (exit 2).
pub fn ensure_out_allowed(common: &crate::cli::Common) -> Result<(), Failure> {
    match crate::render::out_dir_problem(&common.out_dir(), &common.plan, &common.data) {
        Some(problem) => Err(Failure::Usage(problem)),
        None => Ok(()),
    }
}

/// Runs the privacy guard over rendered xlsx outputs (path, bytes) before any
/// is written. `own_texts` are the renderer's fixed texts; `exempt` says which
/// output, if any, is the referral-log keeper's own return template (see
/// `crate::privacy`).
pub fn guard_outputs(
    dataset: &crate::model::Dataset,
    own_texts: &[&str],
    files: &[(std::path::PathBuf, Vec<u8>)],
    exempt: impl Fn(&std::path::Path) -> crate::privacy::Exempt,
) -> Result<(), Failure> {
    let guard = crate::privacy::Guard::new(dataset).allow_own_text(own_texts);
    let leaks: Vec<crate::privacy::Leak> = files
        .iter()
        .flat_map(|(path, bytes)| guard.scan_xlsx(&path.display().to_string(), bytes, exempt(path)))
        .collect();
    refuse_leaks(&leaks)
}

/// Builds a run's papers while the privacy guard gathers what it looks for
/// from the dataset — both only read it, so they run side by side.
pub fn build_beside_guard<T: Send>(
    dataset: &crate::model::Dataset,
    build: impl FnOnce() -> T + Send,
) -> (crate::privacy::Guard, T) {
    rayon::join(|| crate::privacy::Guard::new(dataset), build)
}

/// Runs the privacy guard over a run's papers before any is written: workbooks
/// and web pages by their contents, PDFs by the text of the blocks they were
/// drawn from (`printed`: output name → text). The papers are scanned side by
/// side; the leaks are reported in the papers' order, a value that no input
/// carries blamed on the line of the chair's own template that does.
pub fn guard_papers(
    guard: &crate::privacy::Guard,
    files: &[(std::path::PathBuf, Vec<u8>)],
    printed: &[(String, String)],
    templates: &crate::report::template::Templates,
) -> Result<(), Failure> {
    use rayon::prelude::*;
    let scanned_files = files.par_iter().map(|(path, bytes)| {
        let name = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("xlsx") => guard.scan_xlsx(&name, bytes, crate::privacy::Exempt::Nothing),
            Some("html") => guard.scan_html(&name, &String::from_utf8_lossy(bytes)),
            _ => Vec::new(),
        }
    });
    let scanned_text = printed
        .par_iter()
        .map(|(name, text)| guard.scan_text(name, text));
    let leaks: Vec<Vec<crate::privacy::Leak>> = scanned_files.chain(scanned_text).collect();
    let mut leaks = leaks.concat();
    guard.blame_templates(&mut leaks, &templates.overriding_texts);
    refuse_leaks(&leaks)
}

fn refuse_leaks(leaks: &[crate::privacy::Leak]) -> Result<(), Failure> {
    if leaks.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = leaks.iter().map(|l| format!("  {}", l.message())).collect();
    Err(Failure::Privacy(lines.join("\n")))
}

/// Writes a run's papers, all or none (see `render::write_all_atomically`).
pub fn write_papers(files: &[(std::path::PathBuf, Vec<u8>)]) -> Result<(), Failure> {
    crate::render::write_all_atomically(files)
        .map_err(|(path, source)| write_failure(&path, source))
}

/// A failed write as a `Failure`: a folder in use by another run says so.
pub fn write_failure(path: &std::path::Path, source: std::io::Error) -> Failure {
    if crate::render::is_folder_in_use(&source) {
        return Failure::Busy(source.to_string());
    }
    Failure::Write {
        path: path.display().to_string(),
        source,
    }
}

/// A date given on the command line: `2015-01-31` or `31/01/2015`.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, Failure> {
    crate::workbook::values::date_text(text).map_err(|e| Failure::Usage(format!("--as-of: {e}")))
}

/// The quarter `--quarter` names, if given.
pub fn quarter_flag(text: Option<&str>) -> Result<Option<crate::period::Quarter>, Failure> {
    text.map(crate::period::Quarter::parse)
        .transpose()
        .map_err(|source| Failure::Period {
            flag: "--quarter",
            source,
        })
}

/// `--quarter` and `--as-of` of `check` and `status`: the quarter asked for,
/// if any, and the date days late are counted to. The one place the clock is
/// read: without `--as-of` the chair asks "as of today".
pub fn quarter_and_as_of(
    quarter: Option<&str>,
    as_of: Option<&str>,
) -> Result<(Option<crate::period::Quarter>, chrono::NaiveDate), Failure> {
    let quarter = quarter_flag(quarter)?;
    let as_of = match as_of {
        Some(text) => parse_date(text)?,
        None => chrono::Local::now().date_naive(),
    };
    Ok((quarter, as_of))
}
