//! The typed inputs: the delivery plan and the agencies' returns, as read and
//! checked. Plain data with no I/O; every row remembers the cells it came from.

use crate::period::Quarter;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The row a record was read from, and where each of its columns was, so that a
/// later check can name the exact cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    /// Canonical sheet name (`Actions`), whatever the workbook spelt.
    pub sheet: &'static str,
    /// Zero-based row.
    pub row: u32,
    /// Canonical column name → zero-based column.
    pub columns: Arc<BTreeMap<&'static str, u32>>,
}

impl Origin {
    /// The A1 cell of `column` on this row (the row's first column if that
    /// column is absent from the sheet).
    pub fn cell(&self, column: &str) -> String {
        let col = self.columns.get(column).copied().unwrap_or(0);
        crate::diagnostics::a1(self.row, col)
    }

    pub fn place(&self, column: &str) -> crate::diagnostics::Place {
        crate::diagnostics::Place::cell(&*self.file, self.sheet, self.cell(column))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    pub board: String,
    pub sub_group: String,
    pub area: String,
    pub child_population: Option<u64>,
    pub suppression_threshold: u64,
    pub due_soon_days: u32,
    pub return_deadline_days: u32,
    pub protective_marking: String,
    /// Per cent.
    pub rag_tolerance: f64,
    /// As given in the plan; see `Dataset::referral_log_agency` for the resolved one.
    pub referral_log_agency: Option<String>,
    /// The most rows a sheet may hold values in (`Row limit`, default 200,000).
    pub row_limit: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub lead_role: Option<String>,
    pub email: Option<String>,
    pub submits_return: bool,
    #[serde(skip)]
    pub at: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Strand {
    Prevent,
    #[serde(rename = "Protect & Support")]
    ProtectSupport,
    #[serde(rename = "Pursue & Prosecute")]
    PursueProsecute,
    Governance,
}

impl Strand {
    pub const ALL: [Strand; 4] = [
        Strand::Prevent,
        Strand::ProtectSupport,
        Strand::PursueProsecute,
        Strand::Governance,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Strand::Prevent => "Prevent",
            Strand::ProtectSupport => "Protect & Support",
            Strand::PursueProsecute => "Pursue & Prosecute",
            Strand::Governance => "Governance",
        }
    }
}

impl fmt::Display for Strand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    #[serde(rename = "ref")]
    pub ref_: String,
    pub strand: Strand,
    pub objective: Option<String>,
    pub action: String,
    /// Lead agency code.
    pub agency: String,
    /// Lead role.
    pub owner: String,
    pub start: Option<NaiveDate>,
    pub due: NaiveDate,
    pub outcome_measure: Option<String>,
    pub source: Option<String>,
    #[serde(skip)]
    pub at: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportedBy {
    /// Every agency whose `Submits return` is Yes.
    All,
    Agencies(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum MeasureKind {
    Count {
        reported_by: ReportedBy,
    },
    Ratio {
        numerator: String,
        denominator: String,
    },
    Referral,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RollUp {
    Sum,
    Last,
    Mean,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measure {
    pub code: String,
    pub label: String,
    pub strand: Strand,
    #[serde(flatten)]
    pub kind: MeasureKind,
    pub roll_up: RollUp,
    pub target: Option<f64>,
    pub better: Option<Better>,
    pub publish: bool,
    #[serde(skip)]
    pub at: Origin,
}

/// The referral codes of data-contract.md, computed from the referral log.
pub const REFERRAL_CODES: [&str; 11] = [
    "REF_NEW",
    "REF_NEW_HIGH",
    "REF_NEW_MEDIUM",
    "REF_NEW_LOW",
    "REF_OPEN_END",
    "REF_REREFERRAL",
    "REF_MARAC",
    "REF_LAC",
    "REF_CLOSED",
    "REF_CLOSED_REDUCED",
    // Not a count of children, so never suppressed.
    "REF_MEDIAN_DAYS_OPEN",
];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    /// The plan file as the user named it.
    pub file: String,
    pub settings: Settings,
    pub agencies: Vec<Agency>,
    pub actions: Vec<Action>,
    pub measures: Vec<Measure>,
    /// Refs of action rows that were reported and dropped, so that returns
    /// naming them are not also told the Ref is unknown.
    #[serde(skip)]
    pub unreadable_refs: Vec<String>,
    /// Lower-case hex SHA-256 of the plan file, for the data-sources appendix.
    #[serde(skip)]
    pub sha256: String,
}

impl Plan {
    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    pub fn action(&self, reference: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.ref_ == reference)
    }

    pub fn measure(&self, code: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.code == code)
    }

    /// The agencies that should report a count measure (empty for other kinds).
    pub fn reporters<'a>(&'a self, measure: &'a Measure) -> Vec<&'a str> {
        match &measure.kind {
            MeasureKind::Count {
                reported_by: ReportedBy::All,
            } => self
                .agencies
                .iter()
                .filter(|a| a.submits_return)
                .map(|a| a.code.as_str())
                .collect(),
            MeasureKind::Count {
                reported_by: ReportedBy::Agencies(codes),
            } => codes.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    #[serde(rename = "Not started")]
    NotStarted,
    #[serde(rename = "On track")]
    OnTrack,
    #[serde(rename = "At risk")]
    AtRisk,
    #[serde(rename = "Off track")]
    OffTrack,
    Complete,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::Complete,
        Status::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::Complete => "Complete",
            Status::Cancelled => "Cancelled",
        }
    }

    /// Open = still to be delivered (not Complete or Cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Complete | Status::Cancelled)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionUpdate {
    #[serde(rename = "ref")]
    pub ref_: String,
    pub status: Status,
    pub progress: Option<String>,
    pub revised_due: Option<NaiveDate>,
    pub evidence: Option<String>,
    #[serde(skip)]
    pub at: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Value {
    Count(u64),
    /// `N/A`: not applicable to this agency this quarter (not missing).
    NotApplicable,
    /// Left blank: not provided (missing).
    Blank,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureEntry {
    pub code: String,
    pub value: Value,
    #[serde(skip)]
    pub at: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Gender {
    Female,
    Male,
    Other,
    #[serde(rename = "Not known")]
    NotKnown,
}

impl Gender {
    pub const ALL: [Gender; 4] = [
        Gender::Female,
        Gender::Male,
        Gender::Other,
        Gender::NotKnown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Female",
            Gender::Male => "Male",
            Gender::Other => "Other",
            Gender::NotKnown => "Not known",
        }
    }
}

/// Risk, in the contract's order None < Low < Medium < High.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Risk {
    None,
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::None => "None",
            Risk::Low => "Low",
            Risk::Medium => "Medium",
            Risk::High => "High",
        }
    }
}

/// One row of the referral log. Case ID is pseudonymous but still identifying
/// in combination: it must never reach a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Referral {
    pub case_id: String,
    pub received: NaiveDate,
    /// Referring agency code, or `Other`.
    pub source: String,
    pub age: u8,
    pub gender: Gender,
    pub looked_after: bool,
    pub missing_episodes: Option<u64>,
    pub risk_at_referral: Risk,
    pub marac: Option<bool>,
    pub closed: Option<NaiveDate>,
    pub risk_at_closure: Option<Risk>,
    pub closure_reason: Option<String>,
    #[serde(skip)]
    pub at: Origin,
}

/// One agency's return for one quarter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Return {
    /// The file as found under the data folder, e.g. `data/returns/2014-15-Q3/police.xlsx`.
    pub file: String,
    #[serde(skip)]
    pub path: PathBuf,
    /// Agency code (from the file name; the `Agency` field must agree).
    pub agency: String,
    pub quarter: Quarter,
    pub completed_by: Option<String>,
    pub date_completed: Option<NaiveDate>,
    /// Cell of `Date completed`, for the late-return warning.
    #[serde(skip)]
    pub date_completed_cell: Option<String>,
    pub actions: Vec<ActionUpdate>,
    pub measures: Vec<MeasureEntry>,
    /// Present when the return has a `Referrals` sheet.
    pub referrals: Option<Vec<Referral>>,
    /// Lower-case hex SHA-256 of the file's bytes, for the data-sources appendix.
    pub sha256: String,
}

/// Everything read for a run: the plan and the returns (sorted by quarter, then agency).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dataset {
    pub plan: Plan,
    pub returns: Vec<Return>,
    /// The agency whose return carries the referral log, if one could be resolved.
    pub referral_log_agency: Option<String>,
}

impl Dataset {
    /// Quarters that have at least one return, ascending.
    pub fn quarters(&self) -> Vec<Quarter> {
        let mut q: Vec<Quarter> = self.returns.iter().map(|r| r.quarter).collect();
        q.dedup();
        q
    }

    pub fn returns_for(&self, quarter: Quarter) -> impl Iterator<Item = &Return> {
        self.returns.iter().filter(move |r| r.quarter == quarter)
    }

    pub fn return_of(&self, agency: &str, quarter: Quarter) -> Option<&Return> {
        self.returns
            .iter()
            .find(|r| r.quarter == quarter && r.agency == agency)
    }
}
