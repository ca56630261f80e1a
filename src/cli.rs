//! The command line (clap derive): one variant per subcommand; the doc
//! comments are the help text. Parses only; never runs anything.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Delivery-plan tracking and board reports for an LSCB's CSE / Missing
/// Children sub-group.
#[derive(Debug, Parser)]
#[command(name = "boardpack", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The delivery plan workbook.
    #[arg(
        long,
        global = true,
        default_value = "plan/delivery-plan.xlsx",
        value_name = "FILE"
    )]
    pub plan: PathBuf,
    /// The folder of returns, one sub-folder per quarter (2014-15-Q3).
    #[arg(
        long,
        global = true,
        default_value = "data/returns",
        value_name = "DIR"
    )]
    pub data: PathBuf,
    /// Where outputs are written (default: reports; for `sample`, the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A folder of report templates overriding the built-in ones file by file.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

impl Common {
    /// The output folder: `--out`, else `reports`.
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from("reports"))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate the plan and the returns; print every problem, grouped by file.
    Check {
        /// Check one quarter's returns only (e.g. 2014-15-Q3); default: all.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
        /// Print the diagnostics as a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// The action tracker: overdue, due soon and slipped actions by agency and owner.
    Actions {
        /// The date to judge deadlines against (2015-01-31 or 31/01/2015); default: today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Show one agency's actions only (its Code, e.g. POLICE).
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// Print the tracker as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Write the quarter's papers to <out>/<Q>/: the tracker workbook (actions,
    /// measures by quarter, data quality).
    Quarterly {
        /// The quarter (e.g. 2015-16-Q2); default: the latest with returns.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
        /// The date actions are tracked as of (2015-09-30 or 30/09/2015); default: the quarter's last day.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write the year's report to the LSCB to <out>/<Y>/: annual-report.pdf and
    /// annual-report.html (one template; published figures disclosure-controlled).
    Annual {
        /// The financial year (e.g. 2014-15); default: the latest with returns.
        #[arg(long, value_name = "Y")]
        year: Option<String>,
    },
    /// Write next quarter's pre-filled return workbook for every agency that submits one.
    Returns {
        /// The quarter the returns are for (e.g. 2015-16-Q3); default: the one after the latest with returns.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
    },
    /// Write the built-in report templates into --out for editing (use them with --templates).
    Templates,
    /// Write the example data set (plan/ and data/returns/) into --out (default: the
    /// current folder); refuses to overwrite a plan or returns already there.
    Sample {
        /// Multiply agencies, actions, reporters and referrals by N (for load tests).
        #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
        scale: u32,
    },
}
