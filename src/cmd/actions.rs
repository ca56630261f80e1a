//! `boardpack actions`: the action tracker in the terminal (or as JSON):
//! overdue, due soon, slipped, then the rest, by agency and owner.

use super::{load_checked, parse_date, Failure, Outcome};
use crate::cli::Common;
use crate::tracking::{self, view};
use std::io::IsTerminal;
use std::process::ExitCode;

pub fn run(common: &Common, as_of: Option<&str>, agency: Option<&str>, json: bool) -> Outcome {
    // The one place the clock is read: the user asked for "as of today".
    let as_of = match as_of {
        Some(text) => parse_date(text)?,
        None => chrono::Local::now().date_naive(),
    };
    let dataset = match load_checked(common, None)? {
        Ok(dataset) => dataset,
        Err(exit) => return Ok(exit),
    };
    let agency = agency.map(str::to_ascii_uppercase);
    if let Some(code) = &agency {
        if dataset.plan.agency(code).is_none() {
            return Err(Failure::Usage(format!(
                "--agency {code} is not an agency of the plan; expected one of {}",
                dataset
                    .plan
                    .agencies
                    .iter()
                    .map(|a| a.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let tracked = tracking::track(&dataset, as_of);
    eprint!("{}", super::check::grouped(&tracked.diagnostics));
    let out = if json {
        view::render_json(&tracked, &dataset.plan, agency.as_deref())
            .map_err(|e| Failure::Usage(format!("could not format the tracker as JSON: {e}")))?
    } else {
        view::render_text(
            &tracked,
            &dataset.plan,
            agency.as_deref(),
            std::io::stdout().is_terminal(),
        )
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
