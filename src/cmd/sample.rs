//! `boardpack sample`: write the example data set (plan and returns).

use super::{Failure, Outcome};
use crate::cli::Common;

pub fn run(_common: &Common, _scale: u32) -> Outcome {
    Err(Failure::Usage("sample is not built yet".into()))
}
