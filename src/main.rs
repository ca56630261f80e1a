//! The `boardpack` binary: parse the command line, run the subcommand, map
//! the outcome to an exit status (0 done, 1 input errors, 2 could not run).

use boardpack::cli::{Cli, Command};
use boardpack::cmd;
use clap::Parser;
use std::process::ExitCode;

/// Reading thousands of workbooks and laying out a thousand-page report make
/// millions of small allocations; see Cargo.toml for the measured difference.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Check { quarter, json } => cmd::check::run(&cli.common, quarter.as_deref(), *json),
        Command::Actions {
            as_of,
            agency,
            json,
        } => cmd::actions::run(&cli.common, as_of.as_deref(), agency.as_deref(), *json),
        Command::Quarterly { quarter, as_of } => {
            cmd::quarterly::run(&cli.common, quarter.as_deref(), as_of.as_deref())
        }
        Command::Annual { year } => cmd::annual::run(&cli.common, year.as_deref()),
        Command::Returns { quarter } => cmd::returns::run(&cli.common, quarter.as_deref()),
        Command::Templates => cmd::templates::run(&cli.common),
        Command::Sample { scale } => cmd::sample::run(&cli.common, *scale),
    };
    outcome.unwrap_or_else(|failure| {
        eprintln!("boardpack: {failure}");
        ExitCode::from(cmd::CANNOT_RUN)
    })
}
