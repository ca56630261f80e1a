//! `boardpack actions`: the action tracker in the terminal (or as JSON):
//! overdue, due soon, slipped, then the rest, by agency and owner.

use super::{load_checked, parse_date, Failure, Outcome};
use crate::cli::Common;
use crate::period::Quarter;
use crate::tracking::{self, view};
use std::io::IsTerminal;
use std::process::ExitCode;

pub fn run(common: &Common, as_of: Option<&str>, agency: Option<&str>, json: bool) -> Outcome {
    // The one place the clock is read: the user asked for "as of today".
    let as_of = match as_of {
        Some(text) => parse_date(text)?,
        None => chrono::Local::now().date_naive(),
    };
    let (dataset, warnings) = load_checked(common, None)?;
    let agency = agency.map(str::to_ascii_uppercase);
    if let Some(code) = &agency {
        if dataset.plan.agency(code).is_none() {
            return Err(Failure::Usage(format!(
                "--agency {}: not an agency of the plan; expected one of {}",
                crate::terminal::escape(code),
                dataset
                    .plan
                    .agencies
                    .iter()
                    .map(|a| crate::terminal::escape(&a.code).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let tracked = tracking::track(&dataset, as_of);
    let current = latest_quarter_by(&dataset, as_of);
    super::show_warnings(&warnings, &current);
    super::show_warnings(&tracked.diagnostics, &current);
    let out = if json {
        view::render_json(&tracked, &dataset.plan, agency.as_deref()).map_err(|source| {
            Failure::Json {
                what: "tracker",
                source,
            }
        })?
    } else {
        // COLUMNS, else the terminal's width; piped, the text is printed in full.
        let width = crate::terminal::width_of_stdout();
        view::render_text(
            &tracked,
            &dataset.plan,
            agency.as_deref(),
            view::Style {
                colour: std::io::stdout().is_terminal(),
                width,
            },
        )
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The latest quarter with returns on or before the as-of date's quarter
/// (none when there is none): the one whose warnings the tracker shows.
fn latest_quarter_by(dataset: &crate::model::Dataset, as_of: chrono::NaiveDate) -> Vec<Quarter> {
    let by = Quarter::containing(as_of);
    dataset
        .quarters()
        .into_iter()
        .filter(|&q| q <= by)
        .max()
        .into_iter()
        .collect()
}
