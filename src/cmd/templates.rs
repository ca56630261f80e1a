//! `boardpack templates --out DIR`: write the built-in report templates (and
//! the list of the fields they can use) out for editing.

use super::{Failure, Outcome};
use crate::cli::Common;
use std::process::ExitCode;

pub fn run(common: &Common) -> Outcome {
    let Some(out) = &common.out else {
        return Err(Failure::Usage(
            "say where to write the templates with --out, e.g. boardpack templates --out my-templates".into(),
        ));
    };
    let written =
        crate::report::template::write_defaults(out).map_err(|source| Failure::Write {
            path: out.display().to_string(),
            source,
        })?;
    println!("Wrote the built-in templates to {}:", out.display());
    for name in written {
        println!("  {name}");
    }
    println!(
        "Edit them, then run a report with --templates {}.",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
