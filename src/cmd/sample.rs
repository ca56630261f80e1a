//! `boardpack sample`: write the example data set (plan and returns), never
//! over an existing plan or returns folder.

use super::{Failure, Outcome};
use crate::cli::Common;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(common: &Common, scale: u32) -> Outcome {
    let out = common.out.clone().unwrap_or_else(|| PathBuf::from("."));
    for existing in [
        out.join("plan/delivery-plan.xlsx"),
        out.join("data/returns"),
    ] {
        if existing.exists() {
            return Err(Failure::Usage(format!(
                "{} already exists; sample never overwrites a plan or returns — remove it first or give another --out",
                existing.display()
            )));
        }
    }
    let written = crate::sample::write_sample(&out, scale).map_err(|source| Failure::Write {
        path: out.display().to_string(),
        source,
    })?;
    println!(
        "Wrote the example data set at scale {scale}: {} under {}.",
        crate::chase::count(written.len() as i64, "file"),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
