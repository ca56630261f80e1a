//! `boardpack sample`: writes the example data set — the delivery plan for the
//! B&NES CSE Strategy 2014 and four quarters of agencies' returns (2014-15 Q3 to
//! 2015-16 Q2) — laid out exactly as data-contract.md §1–2 says. Everything is
//! drawn from fixed tables and a seeded generator, so the same scale always gives
//! byte-identical files. It must NOT read a clock, real data or the user's files,
//! and never writes anything but the plan and the returns under the given folder.
//!
//! ```text
//! <out>/plan/delivery-plan.xlsx                  Settings, Agencies, Actions, Measures
//! <out>/data/returns/2014-15-Q3/police.xlsx      Return, Actions, Measures
//! <out>/data/returns/2014-15-Q3/csc.xlsx         … and Referrals (the referral log)
//! ```
//!
//! `--scale N` makes N copies of every submitting agency (`POLICE`, `POLICE2` …
//! `POLICEN`), each leading its own copy of every action (`PV-01`, `PV-01-2` …)
//! and reporting the same figures, and N copies of every referral (`CSE-0101`,
//! `CSE-0101-2` …) in the one referral log. Every count is then exactly N times
//! the example's; the child population and count targets scale with it so rates
//! and RAG ratings stay as in the example. Scale 1 is the example itself.

mod actions_table;
mod plan;
mod plan_tables;
mod referrals;
mod returns;
mod rng;
mod workbook;

use crate::model::{Gender, Risk, Status, Strand};
use crate::period::Quarter;
use chrono::NaiveDate;
use std::io;
use std::path::{Path, PathBuf};

/// Seeds of the generator, one stream per kind of content, so that changing
/// how one is drawn leaves the others as they were. The referrals' seed was
/// chosen among those whose every quarter looks typical (see the referral tests).
const FIGURES_SEED: u64 = 0x2014_0930_B4E5_0001;
const REFERRALS_SEED: u64 = 0x2014_0930_B4E5_0018;

/// Writes the example data set under `out` at the given scale and returns the
/// files written, sorted. Every workbook is built first, then all are written
/// beside their destinations under temporary names and renamed into place
/// (`render::write_all_atomically`), so a reader never sees half a workbook
/// and a failed write leaves nothing behind.
/// Files already in `out` that this scale does not write are left alone.
pub fn write_sample(out: &Path, scale: u32) -> io::Result<Vec<PathBuf>> {
    if scale == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the scale must be a whole number from 1 upwards",
        ));
    }
    let set = build(scale);
    let mut files = Vec::with_capacity(set.returns.len() + 1);
    files.push((out.join(plan_file()), workbook::plan_workbook(&set.plan)?));
    for book in &set.returns {
        let path = out.join(return_file(&book.agency, book.quarter));
        files.push((path, workbook::return_workbook(book)?));
    }
    crate::render::write_all_atomically(&files).map_err(|(_, e)| e)?;
    let mut written: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    written.sort();
    Ok(written)
}

/// The plan's path relative to the output folder.
pub fn plan_file() -> PathBuf {
    Path::new("plan").join("delivery-plan.xlsx")
}

/// A return's path relative to the output folder: `data/returns/2014-15-Q3/police.xlsx`.
pub fn return_file(agency: &str, quarter: Quarter) -> PathBuf {
    Path::new("data")
        .join("returns")
        .join(quarter.folder_name())
        .join(format!("{}.xlsx", agency.to_ascii_lowercase()))
}

/// The whole example data set in memory, before it becomes workbooks.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleSet {
    pub plan: PlanBook,
    /// Sorted by quarter, then agency code.
    pub returns: Vec<ReturnBook>,
}

/// The example at `scale` (1 = the normal example).
pub fn build(scale: u32) -> SampleSet {
    let copies: Vec<Replica> = (1..=scale.max(1)).map(Replica).collect();
    let draws = returns::draw(&mut rng::SplitMix64::new(FIGURES_SEED));
    let cases = referrals::referral_history(&mut rng::SplitMix64::new(REFERRALS_SEED));
    SampleSet {
        plan: plan::plan_book(&copies),
        returns: returns::return_books(&copies, &draws, &cases),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanBook {
    /// `Settings` rows: setting name and value.
    pub settings: Vec<(&'static str, SettingValue)>,
    pub agencies: Vec<AgencyRow>,
    pub actions: Vec<ActionRow>,
    pub measures: Vec<MeasureRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SettingValue {
    Text(String),
    Number(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgencyRow {
    pub code: String,
    pub name: String,
    pub lead_role: String,
    pub email: String,
    pub submits_return: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionRow {
    pub reference: String,
    pub strand: Strand,
    pub objective: String,
    pub action: String,
    pub agency: String,
    pub owner: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub outcome_measure: Option<String>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    pub code: String,
    pub label: String,
    pub strand: Strand,
    /// `count`, `ratio` or `referral`.
    pub kind: &'static str,
    /// Agency codes joined by ", ", or `all` (counts only).
    pub reported_by: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    /// `sum`, `last` or `mean`.
    pub roll_up: &'static str,
    pub target: Option<u32>,
    /// `higher` or `lower`.
    pub better: Option<&'static str>,
    pub publish: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReturnBook {
    pub agency: String,
    pub quarter: Quarter,
    pub completed_by: String,
    pub date_completed: NaiveDate,
    /// Present when the agency leads any action (possibly with no rows).
    pub actions: Option<Vec<UpdateRow>>,
    /// Present when the agency reports any measure.
    pub measures: Option<Vec<EntryRow>>,
    /// Present in the referral log agency's return.
    pub referrals: Option<Vec<ReferralRow>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UpdateRow {
    pub reference: String,
    /// Pre-filled from the plan, as in a template.
    pub action: String,
    /// The plan's due date, pre-filled.
    pub due: NaiveDate,
    pub status: Status,
    pub progress: String,
    pub revised_due: Option<NaiveDate>,
    pub evidence: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntryRow {
    pub code: String,
    pub label: String,
    /// `None` = left blank.
    pub value: Option<u32>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReferralRow {
    pub case_id: String,
    pub received: NaiveDate,
    pub source: String,
    pub age: u8,
    pub gender: Gender,
    pub looked_after: bool,
    pub missing_episodes: Option<u32>,
    pub risk: Risk,
    pub marac: bool,
    pub closed: Option<NaiveDate>,
    pub risk_at_closure: Option<Risk>,
    pub closure_reason: Option<String>,
}

/// One copy of the example at a scale: copy 1 keeps the example's names, copy k
/// suffixes agency codes with k and action refs and Case IDs with `-k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Replica(u32);

impl Replica {
    fn is_first(self) -> bool {
        self.0 == 1
    }

    fn code(self, code: &str) -> String {
        if self.is_first() || code == "Other" {
            code.to_string()
        } else {
            format!("{code}{}", self.0)
        }
    }

    fn reference(self, reference: &str) -> String {
        self.hyphenated(reference)
    }

    fn case_id(self, case_id: &str) -> String {
        self.hyphenated(case_id)
    }

    fn hyphenated(self, text: &str) -> String {
        if self.is_first() {
            text.to_string()
        } else {
            format!("{text}-{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests;
