//! `boardpack templates --out DIR`: write the built-in report templates (and
//! the list of the fields they can use) out for editing; never over a file
//! already there unless `--force` (the chair may have edited it).

use super::{Failure, Outcome};
use std::path::Path;
use std::process::ExitCode;

pub fn run(out: &Path, force: bool) -> Outcome {
    let existing: Vec<String> = crate::report::template::default_files()
        .map(|(name, _)| out.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Failure::Usage(format!(
            "{} already there and would be overwritten: {}. Nothing was written; \
             give another --out, or add --force to replace {}.",
            if existing.len() == 1 {
                "a template is"
            } else {
                "templates are"
            },
            existing.join(", "),
            if existing.len() == 1 { "it" } else { "them" }
        )));
    }
    let written = write_defaults(out).map_err(|source| Failure::Write {
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

/// Writes the built-in templates (and their field list) into `folder`, each
/// whole or not at all.
fn write_defaults(folder: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(folder)?;
    let mut written = Vec::new();
    for (name, text) in crate::report::template::default_files() {
        crate::render::write_atomically(&folder.join(name), text.as_bytes())?;
        written.push(name.to_string());
    }
    Ok(written)
}
