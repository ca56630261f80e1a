//! The command line (clap derive): one variant per subcommand, each taking
//! only the options it uses; the doc comments are the help text, and say
//! what each command writes. Parses only; never runs anything.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Delivery-plan tracking and board reports for an LSCB's CSE / Missing
/// Children sub-group.
#[derive(Debug, Parser)]
#[command(name = "boardpack", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the inputs are: every command that reads them takes these.
#[derive(Debug, Args)]
pub struct Inputs {
    /// The delivery plan workbook (a file, not its folder).
    #[arg(long, default_value = "plan/delivery-plan.xlsx", value_name = "FILE")]
    pub plan: PathBuf,
    /// The folder of returns, one sub-folder per quarter (2014-15-Q3).
    #[arg(long, default_value = "data/returns", value_name = "DIR")]
    pub data: PathBuf,
}

/// Where a command that writes papers writes them.
#[derive(Debug, Args)]
pub struct Output {
    /// The folder outputs are written under.
    #[arg(long, default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
}

/// The report templates a command that writes a PDF uses.
#[derive(Debug, Args)]
pub struct TemplatesDir {
    /// A folder of report templates overriding the built-in ones file by file
    /// (write them out with `boardpack templates`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// What a command runs with: the places every command module reads. Options a
/// command does not take keep their defaults here and are never looked at.
#[derive(Debug, Clone)]
pub struct Common {
    pub plan: PathBuf,
    pub data: PathBuf,
    pub out: Option<PathBuf>,
    pub templates: Option<PathBuf>,
}

impl Common {
    /// The default places: the shipped example's plan and returns, outputs under `reports`.
    pub fn new(
        inputs: Option<&Inputs>,
        out: Option<PathBuf>,
        templates: Option<PathBuf>,
    ) -> Common {
        Common {
            plan: inputs.map_or_else(|| "plan/delivery-plan.xlsx".into(), |i| i.plan.clone()),
            data: inputs.map_or_else(|| "data/returns".into(), |i| i.data.clone()),
            out,
            templates,
        }
    }

    /// The output folder: `--out`, else `reports`.
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from("reports"))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate the plan and the returns; print every problem grouped by
    /// file, then each quarter's returns received and missing. Writes nothing.
    Check {
        #[command(flatten)]
        inputs: Inputs,
        /// Check one quarter's returns only (e.g. 2014-15-Q3), even one with no
        /// folder yet; default: every quarter with a folder.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
        /// The date days late are counted to (31/01/2016 or 2016-01-31); default: today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Print the diagnostics as a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// The chasing picture for one quarter: each agency's return in or missing
    /// (with days late), then the overdue actions per owner. Writes nothing.
    Status {
        #[command(flatten)]
        inputs: Inputs,
        /// The quarter whose returns to show (e.g. 2015-16-Q3); default: the
        /// latest with a folder.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
        /// The date days late and overdue actions are judged on (31/01/2016 or
        /// 2016-01-31); default: today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Print the picture as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// The action tracker in the terminal: overdue, due soon and slipped actions
    /// by agency and owner. Writes nothing.
    Actions {
        #[command(flatten)]
        inputs: Inputs,
        /// The date to judge deadlines against (31/01/2015 or 2015-01-31); default: today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Show one agency's actions only (its Code, e.g. POLICE).
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// Print the tracker as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Write the quarter's papers to <out>/<Q>/: the sub-group report
    /// (subgroup-report.pdf) and the tracker workbook (tracker.xlsx: actions,
    /// measures by quarter, data quality).
    Quarterly {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        templates: TemplatesDir,
        /// The quarter (e.g. 2015-16-Q2); default: the latest with returns.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
        /// The date actions are tracked as of (30/09/2015 or 2015-09-30); default: the quarter's last day.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write the year's report to the LSCB to <out>/<Y>/: annual-report.pdf and
    /// annual-report.html (one template; published figures disclosure-controlled).
    Annual {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        templates: TemplatesDir,
        /// The financial year (e.g. 2014-15); default: the latest with returns.
        #[arg(long, value_name = "Y")]
        year: Option<String>,
    },
    /// Write next quarter's pre-filled return workbook for every agency that
    /// submits one to <out>/templates/<Q>/<code>.xlsx.
    Returns {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        output: Output,
        /// The quarter the returns are for (e.g. 2015-16-Q3); default: the one after the latest with returns.
        #[arg(long, value_name = "Q")]
        quarter: Option<String>,
    },
    /// Write the built-in report templates and their field list (CONTEXT.md) into
    /// DIR for editing (use them with --templates DIR). Never overwrites a file
    /// already there unless --force.
    Templates {
        /// The folder to write the templates into.
        #[arg(long, value_name = "DIR", required = true)]
        out: PathBuf,
        /// Replace template files already in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Write the example data set (plan/delivery-plan.xlsx and data/returns/) into
    /// DIR; refuses to overwrite a plan or returns already there.
    Sample {
        /// The folder to write the example into.
        #[arg(long, default_value = ".", value_name = "DIR")]
        out: PathBuf,
        /// Multiply agencies, actions, reporters and referrals by N (for load tests).
        #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
        scale: u32,
    },
}
