//! The typed inputs: the delivery plan and the agencies' returns, as read and
//! checked. Plain data with no I/O; every row remembers the cells it came from.

use crate::period::Quarter;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

pub use crate::diagnostics::Origin;

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

impl Settings {
    /// The data contract's defaults, for the settings a plan leaves out; the
    /// names (board, sub-group, area) are required and start empty.
    pub fn contract_defaults() -> Settings {
        Settings {
            board: String::new(),
            sub_group: String::new(),
            area: String::new(),
            child_population: None,
            suppression_threshold: 5,
            due_soon_days: 42,
            return_deadline_days: 15,
            protective_marking: "OFFICIAL-SENSITIVE".to_string(),
            rag_tolerance: 10.0,
            referral_log_agency: None,
            row_limit: crate::workbook::DEFAULT_ROW_LIMIT,
        }
    }
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

/// The referral codes of data-contract.md, computed from the referral log:
/// a type, so that the logic that depends on one code matches it by name
/// and every code is handled wherever all of them must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferralCode {
    New,
    NewHigh,
    NewMedium,
    NewLow,
    OpenEnd,
    Rereferral,
    Marac,
    Lac,
    Closed,
    ClosedReduced,
    /// Not a count of children, so never suppressed.
    MedianDaysOpen,
}

impl ReferralCode {
    /// Every code, in the contract's order.
    pub const ALL: [ReferralCode; 11] = [
        ReferralCode::New,
        ReferralCode::NewHigh,
        ReferralCode::NewMedium,
        ReferralCode::NewLow,
        ReferralCode::OpenEnd,
        ReferralCode::Rereferral,
        ReferralCode::Marac,
        ReferralCode::Lac,
        ReferralCode::Closed,
        ReferralCode::ClosedReduced,
        ReferralCode::MedianDaysOpen,
    ];

    /// The code as the plan's Measures sheet spells it.
    pub fn code(self) -> &'static str {
        match self {
            ReferralCode::New => "REF_NEW",
            ReferralCode::NewHigh => "REF_NEW_HIGH",
            ReferralCode::NewMedium => "REF_NEW_MEDIUM",
            ReferralCode::NewLow => "REF_NEW_LOW",
            ReferralCode::OpenEnd => "REF_OPEN_END",
            ReferralCode::Rereferral => "REF_REREFERRAL",
            ReferralCode::Marac => "REF_MARAC",
            ReferralCode::Lac => "REF_LAC",
            ReferralCode::Closed => "REF_CLOSED",
            ReferralCode::ClosedReduced => "REF_CLOSED_REDUCED",
            ReferralCode::MedianDaysOpen => "REF_MEDIAN_DAYS_OPEN",
        }
    }

    /// The referral code spelt `code`, if it is one.
    pub fn from_code(code: &str) -> Option<ReferralCode> {
        ReferralCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

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

    /// Lookups by key, for code that makes one per row of the returns (the
    /// lookups above scan the plan, which is quadratic at scale).
    pub fn index(&self) -> PlanIndex<'_> {
        PlanIndex::new(self)
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

/// A plan's agencies, actions and measures by key, and who reports what,
/// answering exactly as `Plan::agency`, `Plan::action`, `Plan::measure` and
/// `Plan::reporters` do (the first row of a key that is used twice). It
/// borrows the plan, so the plan cannot change under it. Only answers
/// questions; never iterated, so hash order cannot reach any output.
#[derive(Debug)]
pub struct PlanIndex<'a> {
    pub plan: &'a Plan,
    agencies: HashMap<&'a str, &'a Agency>,
    actions: HashMap<&'a str, &'a Action>,
    measures: HashMap<&'a str, &'a Measure>,
    /// (measure code, agency code) of every agency that reports a count measure.
    reports: HashSet<(&'a str, &'a str)>,
    /// Agencies among the reporters of any measure.
    reporters: HashSet<&'a str>,
    /// Agencies that lead at least one action.
    leaders: HashSet<&'a str>,
}

impl<'a> PlanIndex<'a> {
    fn new(plan: &'a Plan) -> PlanIndex<'a> {
        fn first_of_each<'a, T>(
            rows: &'a [T],
            key: impl Fn(&'a T) -> &'a str,
        ) -> HashMap<&'a str, &'a T> {
            let mut map = HashMap::with_capacity(rows.len());
            for row in rows {
                map.entry(key(row)).or_insert(row);
            }
            map
        }
        let measures = first_of_each(&plan.measures, |m| m.code.as_str());
        let reporting = |m: &'a Measure| {
            plan.reporters(m)
                .into_iter()
                .map(move |agency| (m.code.as_str(), agency))
        };
        // Per code, the reporters of the measure `Plan::measure` finds.
        let reports = plan
            .measures
            .iter()
            .filter(|m| {
                measures
                    .get(m.code.as_str())
                    .is_some_and(|first| std::ptr::eq(*first, *m))
            })
            .flat_map(reporting)
            .collect();
        let reporters = plan
            .measures
            .iter()
            .flat_map(reporting)
            .map(|(_, agency)| agency)
            .collect();
        PlanIndex {
            plan,
            agencies: first_of_each(&plan.agencies, |a| a.code.as_str()),
            actions: first_of_each(&plan.actions, |a| a.ref_.as_str()),
            measures,
            reports,
            reporters,
            leaders: plan.actions.iter().map(|a| a.agency.as_str()).collect(),
        }
    }

    pub fn agency(&self, code: &str) -> Option<&'a Agency> {
        self.agencies.get(code).copied()
    }

    pub fn action(&self, reference: &str) -> Option<&'a Action> {
        self.actions.get(reference).copied()
    }

    pub fn measure(&self, code: &str) -> Option<&'a Measure> {
        self.measures.get(code).copied()
    }

    /// Whether `agency` is among `Plan::reporters` of the measure `measure_code`.
    pub fn reports(&self, measure_code: &str, agency: &str) -> bool {
        self.reports.contains(&(measure_code, agency))
    }

    /// Whether `agency` should report any measure at all.
    pub fn reports_any(&self, agency: &str) -> bool {
        self.reporters.contains(agency)
    }

    /// Whether `agency` leads at least one action.
    pub fn leads_any(&self, agency: &str) -> bool {
        self.leaders.contains(agency)
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
    /// The RAG a status shows on its own, without a deadline or start date to
    /// judge it by: the colour of a cell of an action's status history.
    pub fn rag(self) -> crate::rag::Rag {
        use crate::rag::Rag;
        match self {
            Status::Complete => Rag::Blue,
            Status::OnTrack => Rag::Green,
            Status::AtRisk => Rag::Amber,
            Status::OffTrack => Rag::Red,
            Status::NotStarted | Status::Cancelled => Rag::Grey,
        }
    }

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
    pub const fn label(self) -> &'static str {
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
    /// The files read: the plan, then every return.
    pub fn files_read(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.plan.file.as_str()).chain(self.returns.iter().map(|r| r.file.as_str()))
    }

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
        let is_it = |r: &&Return| r.quarter == quarter && r.agency == agency;
        // The returns are sorted by quarter then agency, so the first match is
        // found by bisection; a scan stays the answer for a dataset put
        // together out of order.
        let first = self
            .returns
            .partition_point(|r| (r.quarter, r.agency.as_str()) < (quarter, agency));
        self.returns
            .get(first)
            .filter(is_it)
            .or_else(|| self.returns.iter().find(is_it))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::{agency, count, plan, ratio};
    use crate::period::Q;
    use crate::tracking::fixtures;

    /// A plan with a key used twice in each sheet, so "the first row wins" is tested.
    fn plan_with_duplicates() -> Plan {
        let mut p = plan(
            vec![
                agency("POLICE", true),
                agency("CSC", false),
                agency("POLICE", false),
                agency("YOT", false),
            ],
            vec![
                count("ARRESTS", &["POLICE"], RollUp::Sum),
                count("ARRESTS", &["CSC"], RollUp::Sum),
                count("TRAINED", &["all"], RollUp::Sum),
                ratio("RATE", "ARRESTS", "TRAINED"),
            ],
        );
        let due = chrono::NaiveDate::from_ymd_opt(2015, 3, 31).expect("date");
        p.actions = vec![
            fixtures::action("PV-01", "POLICE", "DI", None, due),
            fixtures::action("PV-02", "CSC", "Head", None, due),
            fixtures::action("PV-01", "CSC", "Head", None, due),
        ];
        p
    }

    #[test]
    fn the_index_answers_as_the_plans_own_lookups_do() {
        let p = plan_with_duplicates();
        let index = p.index();
        for code in ["POLICE", "CSC", "YOT", "NOBODY", "police"] {
            assert_eq!(
                index.agency(code).map(std::ptr::from_ref),
                p.agency(code).map(std::ptr::from_ref),
                "agency {code}"
            );
        }
        for reference in ["PV-01", "PV-02", "PV-03"] {
            assert_eq!(
                index.action(reference).map(std::ptr::from_ref),
                p.action(reference).map(std::ptr::from_ref),
                "action {reference}"
            );
        }
        for code in ["ARRESTS", "TRAINED", "RATE", "NONE"] {
            assert_eq!(
                index.measure(code).map(std::ptr::from_ref),
                p.measure(code).map(std::ptr::from_ref),
                "measure {code}"
            );
            for agency in ["POLICE", "CSC", "YOT", "NOBODY"] {
                let linear = p
                    .measure(code)
                    .is_some_and(|m| p.reporters(m).contains(&agency));
                assert_eq!(
                    index.reports(code, agency),
                    linear,
                    "{agency} reports {code}"
                );
            }
        }
    }

    #[test]
    fn the_index_knows_who_leads_actions_and_who_reports_measures() {
        let p = plan_with_duplicates();
        let index = p.index();
        assert!(index.leads_any("POLICE") && index.leads_any("CSC"));
        assert!(!index.leads_any("YOT"));
        // CSC submits no return, so is not among "all" who report TRAINED:
        // it reports a measure only through the second (duplicate) ARRESTS row.
        assert!(index.reports_any("CSC") && index.reports_any("POLICE"));
        assert!(!index.reports_any("YOT"));
        assert!(
            !index.reports("ARRESTS", "CSC"),
            "the first ARRESTS row decides"
        );
    }

    #[test]
    fn a_return_is_found_in_sorted_and_unsorted_datasets() {
        use crate::metrics::testdata::{a_return, dataset};
        let (q3, q4) = (Quarter::new(2014, Q::Q3), Quarter::new(2014, Q::Q4));
        let mut d = dataset(
            plan(Vec::new(), Vec::new()),
            vec![
                a_return("POLICE", q4, Vec::new()),
                a_return("CSC", q3, Vec::new()),
                a_return("POLICE", q3, Vec::new()),
                a_return("CSC", q4, Vec::new()),
            ],
        );
        let found = |d: &Dataset, agency: &str, q: Quarter| {
            d.return_of(agency, q)
                .map(|r| (r.agency.clone(), r.quarter))
        };
        for _ in 0..2 {
            assert_eq!(found(&d, "POLICE", q3), Some(("POLICE".into(), q3)));
            assert_eq!(found(&d, "CSC", q4), Some(("CSC".into(), q4)));
            assert_eq!(found(&d, "YOT", q4), None);
            assert_eq!(found(&d, "POLICE", Quarter::new(2015, Q::Q1)), None);
            d.returns.reverse();
        }
    }
}
