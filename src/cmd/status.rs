//! `boardpack status`: the chair's chasing picture for one quarter — each
//! agency's return in or missing (with days late), then the overdue actions
//! per owner — as text or JSON. Writes nothing.

use super::{load_checked, Failure, Outcome};
use crate::chase;
use crate::cli::Common;
use serde::Serialize;
use std::process::ExitCode;

pub fn run(common: &Common, quarter: Option<&str>, as_of: Option<&str>, json: bool) -> Outcome {
    let (asked, as_of) = super::quarter_and_as_of(quarter, as_of)?;
    let folders = crate::read::quarter_folders(&common.data)?;
    let quarter = match asked.or_else(|| folders.last().copied()) {
        Some(q) => q,
        None => {
            return Err(Failure::Usage(format!(
                "{} has no quarter folders yet; name the quarter with --quarter, e.g. --quarter 2015-16-Q3",
                common.data.display()
            )))
        }
    };
    let (dataset, warnings) = load_checked(common, None)?;
    super::show_warnings(&warnings, &[quarter]);
    let returns = chase::returns_by_quarter(&dataset, &[quarter], &folders, as_of);
    let Some(returns) = returns.first() else {
        return Ok(ExitCode::SUCCESS);
    };
    let tracked = crate::tracking::track(&dataset, as_of);
    if json {
        let overdue = tracked.section(crate::tracking::Section::Overdue, None);
        let view = JsonStatus {
            returns,
            overdue_by_owner: crate::tracking::group_by_owner(overdue.iter().copied())
                .into_iter()
                .map(|g| JsonOwner {
                    agency: g.agency,
                    owner: g.owner,
                    actions: g
                        .actions
                        .iter()
                        .map(|s| JsonOverdue {
                            reference: &s.ref_,
                            action: &s.action,
                            effective_due: s.effective_due,
                            days_overdue: s.days_overdue,
                        })
                        .collect(),
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&view).map_err(|source| Failure::Json {
            what: "status",
            source,
        })?;
        println!("{text}");
    } else {
        print!(
            "{}",
            chase::render_status(returns, &tracked, &dataset, &common.data)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonStatus<'a> {
    returns: &'a chase::QuarterReturns,
    overdue_by_owner: Vec<JsonOwner<'a>>,
}

#[derive(Serialize)]
struct JsonOwner<'a> {
    agency: &'a str,
    owner: &'a str,
    actions: Vec<JsonOverdue<'a>>,
}

#[derive(Serialize)]
struct JsonOverdue<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    action: &'a str,
    effective_due: chrono::NaiveDate,
    days_overdue: i64,
}
