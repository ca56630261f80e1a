//! One module per subcommand: each turns parsed arguments into a run of the
//! library and an exit status. No figures are computed here.

pub mod check;
pub mod sample;

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
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

pub type Outcome = Result<ExitCode, Failure>;
