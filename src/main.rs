//! The `boardpack` binary: parse the command line, run the subcommand, map
//! the outcome to an exit status (0 done, 1 input errors, 2 could not run).

use boardpack::cli::{Cli, Command, Common};
use boardpack::cmd;
use clap::Parser;
use std::process::ExitCode;

/// Reading thousands of workbooks and laying out a thousand-page report make
/// millions of small allocations; see Cargo.toml for the measured difference.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check {
            inputs,
            quarter,
            as_of,
            json,
        } => cmd::check::run(
            &Common::new(Some(&inputs), None, None),
            quarter.as_deref(),
            as_of.as_deref(),
            json,
        ),
        Command::Status {
            inputs,
            quarter,
            as_of,
            json,
        } => cmd::status::run(
            &Common::new(Some(&inputs), None, None),
            quarter.as_deref(),
            as_of.as_deref(),
            json,
        ),
        Command::Actions {
            inputs,
            as_of,
            agency,
            json,
        } => cmd::actions::run(
            &Common::new(Some(&inputs), None, None),
            as_of.as_deref(),
            agency.as_deref(),
            json,
        ),
        Command::Quarterly {
            inputs,
            output,
            templates,
            quarter,
            as_of,
        } => cmd::quarterly::run(
            &Common::new(Some(&inputs), Some(output.out), templates.templates),
            quarter.as_deref(),
            as_of.as_deref(),
        ),
        Command::Annual {
            inputs,
            output,
            templates,
            year,
        } => cmd::annual::run(
            &Common::new(Some(&inputs), Some(output.out), templates.templates),
            year.as_deref(),
        ),
        Command::Returns {
            inputs,
            output,
            quarter,
        } => cmd::returns::run(
            &Common::new(Some(&inputs), Some(output.out), None),
            quarter.as_deref(),
        ),
        Command::Templates { out, force } => cmd::templates::run(&out, force),
        Command::Sample { out, scale } => {
            cmd::sample::run(&Common::new(None, Some(out), None), scale)
        }
    };
    outcome.unwrap_or_else(|failure| {
        // Input errors are listed already, each at its cell.
        if !matches!(failure, cmd::Failure::InputErrors) {
            // A failure may name a path or a value from the inputs.
            eprintln!(
                "boardpack: {}",
                boardpack::terminal::escape_lines(&failure.to_string())
            );
        }
        ExitCode::from(failure.exit_code())
    })
}
