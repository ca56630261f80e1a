//! Tests of the example data set: what a chair, an analyst or the integrator's
//! checks rely on — the plan's shape, the deliberate data-quality features, the
//! referral log's consistency, the workbook layout and byte-for-byte determinism.

use super::actions_table::ACTIONS;
use super::plan_tables::{AgencySpec, KindSpec, AGENCIES, FIGURES, MEASURES, QUARTERS};
use super::returns::{draw, reports};
use super::rng::SplitMix64;
use super::*;
use crate::model::ReferralCode;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

fn example() -> SampleSet {
    build(1)
}

fn agency_spec(code: &str) -> Option<&'static AgencySpec> {
    AGENCIES.iter().find(|a| a.code == code)
}

fn q(year: i32, q: u8) -> Quarter {
    Quarter::new(
        year,
        crate::period::Q::from_number(q).expect("a quarter 1 to 4"),
    )
}

/// An action's status, effective due date and number of revisions as of a
/// quarter, from the returns up to it (the contract's reading).
fn state_at(set: &SampleSet, reference: &str, as_of: Quarter) -> (Status, NaiveDate, usize) {
    let due = set
        .plan
        .actions
        .iter()
        .find(|a| a.reference == reference)
        .map(|a| a.due)
        .expect("the action is in the plan");
    let mut status = Status::NotStarted;
    let mut revised: Option<NaiveDate> = None;
    let mut revisions = 0;
    for book in set.returns.iter().filter(|b| b.quarter <= as_of) {
        for row in book
            .actions
            .iter()
            .flatten()
            .filter(|r| r.reference == reference)
        {
            status = row.status;
            if row.revised_due.is_some() && row.revised_due != revised {
                revised = row.revised_due;
                revisions += 1;
            }
        }
    }
    (status, revised.unwrap_or(due), revisions)
}

fn overdue_at(set: &SampleSet, as_of: Quarter) -> BTreeSet<String> {
    set.plan
        .actions
        .iter()
        .filter(|a| {
            let (status, due, _) = state_at(set, &a.reference, as_of);
            status.is_open() && due < as_of.end()
        })
        .map(|a| a.reference.clone())
        .collect()
}

fn set_of(refs: &[&str]) -> BTreeSet<String> {
    refs.iter().map(|r| r.to_string()).collect()
}

// ---- The plan ----------------------------------------------------------------

#[test]
fn the_plan_has_30_to_45_actions_in_all_four_strands() {
    let plan = example().plan;
    assert!(
        (30..=45).contains(&plan.actions.len()),
        "{} actions",
        plan.actions.len()
    );
    for strand in Strand::ALL {
        assert!(
            plan.actions.iter().any(|a| a.strand == strand),
            "{strand} missing"
        );
    }
    let prefix = |s: Strand| match s {
        Strand::Prevent => "PV-",
        Strand::ProtectSupport => "PS-",
        Strand::PursueProsecute => "PP-",
        Strand::Governance => "GV-",
    };
    for a in &plan.actions {
        assert!(a.reference.starts_with(prefix(a.strand)), "{}", a.reference);
        assert!(a.start <= a.due, "{} starts after it is due", a.reference);
        assert!(
            a.due >= q(2014, 1).start() && a.due <= q(2015, 4).end(),
            "{}",
            a.reference
        );
        assert!(a.source.starts_with("Strategy") || a.source.starts_with("Sub-group"));
    }
    let refs: BTreeSet<&str> = plan.actions.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs.len(), plan.actions.len(), "refs are unique");
}

#[test]
fn owners_are_roles_of_their_lead_agency_never_people() {
    // Surnames from the strategy's membership lists: none may reach the example.
    let people = [
        "Baldwin",
        "Allen-Ringham",
        "Coleman",
        "Swatton",
        "Stanway",
        "Hutchinson",
        "Lye-Forster",
        "Churchyard",
        "Beazley",
        "Pengelly",
        "Maguire",
        "McCluskey",
    ];
    let set = example();
    for a in &set.plan.actions {
        let agency = agency_spec(&a.agency).expect("lead agency is a member");
        assert!(
            agency.submits_return,
            "{} is led by an agency that sends no return",
            a.reference
        );
        assert!(
            agency.roles.contains(&a.owner.as_str()),
            "{}: {}",
            a.reference,
            a.owner
        );
    }
    for agency in &set.plan.agencies {
        let spec = agency_spec(&agency.code).expect("a table agency");
        assert!(spec.roles.contains(&agency.lead_role.as_str()));
        assert!(agency.email.ends_with(".example.org"), "{}", agency.email);
    }
    let texts = ACTIONS.iter().flat_map(|a| {
        a.updates
            .iter()
            .flatten()
            .flat_map(|u| [u.progress, u.evidence.unwrap_or("")])
            .chain([a.action, a.objective, a.owner])
    });
    for t in texts {
        for person in people {
            assert!(!t.contains(person), "“{t}” names {person}");
        }
    }
}

#[test]
fn settings_and_agencies_follow_the_brief() {
    let plan = example().plan;
    let setting = |name: &str| {
        plan.settings
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("setting {name}"))
    };
    assert_eq!(setting("Child population"), SettingValue::Number(36_400));
    assert_eq!(setting("Suppression threshold"), SettingValue::Number(5));
    assert_eq!(setting("Due soon days"), SettingValue::Number(42));
    assert_eq!(setting("Return deadline days"), SettingValue::Number(15));
    assert_eq!(setting("RAG tolerance"), SettingValue::Number(10));
    assert_eq!(
        setting("Referral log agency"),
        SettingValue::Text("CSC".into())
    );
    assert_eq!(
        setting("Area"),
        SettingValue::Text("Bath & North East Somerset".into())
    );
    assert_eq!(
        setting("Protective marking"),
        SettingValue::Text("OFFICIAL-SENSITIVE".into())
    );
    for code in [
        "POLICE",
        "CSC",
        "EDU",
        "RUH",
        "SIRONA",
        "AWP",
        "YOS",
        "BARNARDOS",
        "PROJ28",
    ] {
        assert!(
            plan.agencies
                .iter()
                .any(|a| a.code == code && a.submits_return),
            "{code}"
        );
    }
    assert!(plan.agencies.iter().any(|a| !a.submits_return));
}

#[test]
fn the_catalogue_covers_every_referral_code_and_the_required_themes() {
    let plan = example().plan;
    let measure = |code: &str| plan.measures.iter().find(|m| m.code == code);
    for code in ReferralCode::ALL.map(ReferralCode::code) {
        assert_eq!(measure(code).map(|m| m.kind), Some("referral"), "{code}");
    }
    assert_eq!(measure("REF_OPEN_END").map(|m| m.roll_up), Some("last"));
    for code in [
        "MISSING_EPISODES",
        "RHI_OFFERED",
        "RHI_WITHIN_72H",
        "RHI_72H_PCT",
        "CAWN_ISSUED",
        "CSE_ARRESTS",
        "CSE_CHARGES",
        "CSE_CONVICTIONS",
        "TRAINED_TIER1",
        "TRAINED_TIER2",
        "TRAINED_TIER3",
        "SCHOOL_SESSIONS",
    ] {
        assert!(measure(code).is_some(), "{code}");
    }
    let codes: BTreeSet<&str> = plan.measures.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes.len(), plan.measures.len(), "codes are unique");
    for m in &plan.measures {
        assert_eq!(m.code, m.code.to_ascii_uppercase());
        assert_eq!(
            m.target.is_some(),
            m.better.is_some(),
            "{}: target needs Better",
            m.code
        );
        match m.kind {
            "count" => assert!(m.reported_by.is_some()),
            "ratio" => {
                for part in [&m.numerator, &m.denominator] {
                    let part = part.as_deref().unwrap_or("");
                    assert!(codes.contains(part), "{}: {part}", m.code);
                }
            }
            _ => assert!(m.reported_by.is_none()),
        }
    }
    assert!(plan.measures.iter().any(|m| m.roll_up == "mean"));
    assert!(plan.measures.iter().any(|m| !m.publish));
    for a in &plan.actions {
        if let Some(code) = &a.outcome_measure {
            assert!(codes.contains(code.as_str()), "{}: {code}", a.reference);
        }
    }
}

#[test]
fn every_reporter_has_a_figure_every_quarter_and_no_one_else_does() {
    let draws = draw(&mut SplitMix64::new(FIGURES_SEED));
    for measure in MEASURES {
        for agency in AGENCIES {
            for quarter in 0..QUARTERS.len() {
                let has = draws
                    .figures
                    .contains_key(&(quarter, agency.code, measure.code));
                assert_eq!(
                    has,
                    reports(measure, agency),
                    "{} {} Q{quarter}",
                    measure.code,
                    agency.code
                );
            }
        }
    }
    for rule in FIGURES {
        let counted = MEASURES
            .iter()
            .any(|m| m.code == rule.code && matches!(m.kind, KindSpec::Count(_)));
        assert!(
            counted,
            "figure rule for {} which is not a count",
            rule.code
        );
    }
    let value = |q: usize, a: &'static str, c: &'static str| draws.figures[&(q, a, c)];
    for quarter in 0..QUARTERS.len() {
        for agency in ["CSC", "BARNARDOS"] {
            assert!(
                value(quarter, agency, "RHI_WITHIN_72H") <= value(quarter, agency, "RHI_OFFERED")
            );
        }
        assert!(value(quarter, "POLICE", "CSE_CHARGES") <= value(quarter, "POLICE", "CSE_ARRESTS"));
    }
}

// ---- Returns and deliberate features -------------------------------------------

#[test]
fn updates_run_until_an_action_closes_and_agree_with_the_dates() {
    let missing = super::plan_tables::DELIBERATE.missing_return;
    for action in ACTIONS {
        let mut closed = false;
        for (index, update) in action.updates.iter().enumerate() {
            let quarter = QUARTERS[index];
            let agency_silent = missing == (action.agency, index);
            match update {
                None => assert!(
                    closed || agency_silent,
                    "{} has no update in {quarter}",
                    action.reference
                ),
                Some(u) => {
                    assert!(!closed, "{} updated after it closed", action.reference);
                    assert!(!agency_silent);
                    if action.start > quarter.end() {
                        assert_eq!(
                            u.status,
                            Status::NotStarted,
                            "{} {quarter}",
                            action.reference
                        );
                    }
                    let due =
                        super::returns::revised_due_as_of(action, index).unwrap_or(action.due);
                    if u.status.is_open() && due < quarter.end() {
                        assert!(
                            matches!(u.status, Status::AtRisk | Status::OffTrack),
                            "{} is overdue in {quarter} but says {}",
                            action.reference,
                            u.status
                        );
                    }
                    closed = !u.status.is_open();
                }
            }
        }
    }
}

#[test]
fn one_return_is_late_sirona_in_2014_15_q4() {
    let set = example();
    let late: Vec<(&str, Quarter)> = set
        .returns
        .iter()
        .filter(|b| (b.date_completed - b.quarter.end()).num_days() > 15)
        .map(|b| (b.agency.as_str(), b.quarter))
        .collect();
    assert_eq!(late, vec![("SIRONA", q(2014, 4))]);
    assert!(set
        .returns
        .iter()
        .all(|b| b.date_completed > b.quarter.end()));
}

#[test]
fn one_return_is_missing_proj28_in_2015_16_q1() {
    let set = example();
    let mut missing = Vec::new();
    for quarter in QUARTERS {
        for agency in set.plan.agencies.iter().filter(|a| a.submits_return) {
            if !set
                .returns
                .iter()
                .any(|b| b.quarter == quarter && b.agency == agency.code)
            {
                missing.push((agency.code.clone(), quarter));
            }
        }
    }
    assert_eq!(missing, vec![("PROJ28".to_string(), q(2015, 1))]);
    assert!(set.returns.iter().all(|b| set
        .plan
        .agencies
        .iter()
        .any(|a| a.code == b.agency && a.submits_return)));
}

#[test]
fn one_value_is_blank_awp_screening_tools_in_2015_16_q2() {
    let set = example();
    let blanks: Vec<(&str, Quarter, &str)> = set
        .returns
        .iter()
        .flat_map(|b| {
            b.measures
                .iter()
                .flatten()
                .filter(|e| e.value.is_none())
                .map(move |e| (b.agency.as_str(), b.quarter, e.code.as_str()))
        })
        .collect();
    assert_eq!(blanks, vec![("AWP", q(2015, 2), "SCREENING_TOOLS")]);
}

#[test]
fn returns_list_only_their_own_actions_and_measures() {
    let set = example();
    for book in &set.returns {
        let spec = agency_spec(&book.agency).expect("member agency");
        for row in book.actions.iter().flatten() {
            let action = set
                .plan
                .actions
                .iter()
                .find(|a| a.reference == row.reference);
            assert_eq!(
                action.map(|a| a.agency.as_str()),
                Some(book.agency.as_str())
            );
            assert_eq!(action.map(|a| a.due), Some(row.due));
        }
        let listed: Vec<&str> = book
            .measures
            .iter()
            .flatten()
            .map(|e| e.code.as_str())
            .collect();
        let expected: Vec<&str> = MEASURES
            .iter()
            .filter(|m| reports(m, spec))
            .map(|m| m.code)
            .collect();
        assert_eq!(listed, expected, "{} {}", book.agency, book.quarter);
        let leads = set.plan.actions.iter().any(|a| a.agency == book.agency);
        assert_eq!(book.actions.is_some(), leads, "{}", book.agency);
        assert_eq!(book.referrals.is_some(), book.agency == "CSC");
    }
}

#[test]
fn action_histories_hold_the_deliberate_features() {
    let set = example();
    let end = q(2015, 2);
    assert_eq!(overdue_at(&set, end), set_of(&["PP-02", "PV-08", "PV-12"]));
    let revisions: BTreeMap<String, usize> = set
        .plan
        .actions
        .iter()
        .map(|a| (a.reference.clone(), state_at(&set, &a.reference, end).2))
        .filter(|(_, n)| *n > 0)
        .collect();
    let expected: BTreeMap<String, usize> = [("PS-05", 2), ("PV-04", 1), ("PV-08", 1)]
        .iter()
        .map(|(r, n)| (r.to_string(), *n))
        .collect();
    assert_eq!(revisions, expected);
    let with_status = |status: Status| -> BTreeSet<String> {
        set.plan
            .actions
            .iter()
            .filter(|a| state_at(&set, &a.reference, end).0 == status)
            .map(|a| a.reference.clone())
            .collect()
    };
    assert_eq!(with_status(Status::Cancelled), set_of(&["PS-10"]));
    assert!(with_status(Status::Complete).len() >= 5);
    let due_soon: BTreeSet<String> = set
        .plan
        .actions
        .iter()
        .filter(|a| {
            let (status, due, _) = state_at(&set, &a.reference, end);
            let days = (due - end.end()).num_days();
            status.is_open() && (0..=42).contains(&days)
        })
        .map(|a| a.reference.clone())
        .collect();
    assert_eq!(due_soon, set_of(&["PP-06", "PS-11", "PV-04"]));
    // Overdue earlier too: the late Emergency Department prompt.
    assert!(overdue_at(&set, q(2014, 4)).contains("PS-12"));
}

#[test]
fn the_referral_log_is_consistent_across_quarters() {
    let set = example();
    let mut seen: BTreeMap<(String, NaiveDate), ReferralRow> = BTreeMap::new();
    let mut new_per_quarter = BTreeMap::new();
    for book in set.returns.iter().filter(|b| b.referrals.is_some()) {
        let (first, last) = (book.quarter.start(), book.quarter.end());
        for row in book.referrals.iter().flatten() {
            assert!(
                row.received <= last,
                "{} received after the quarter",
                row.case_id
            );
            assert!(row
                .closed
                .is_none_or(|c| c >= first && c <= last && c >= row.received));
            assert_eq!(row.closed.is_some(), row.risk_at_closure.is_some());
            if row.age < 13 {
                assert_ne!(row.risk, Risk::Low, "{} under 13 assessed Low", row.case_id);
            }
            if row.received >= first {
                *new_per_quarter.entry(book.quarter).or_insert(0) += 1;
            }
            let key = (row.case_id.clone(), row.received);
            if let Some(before) = seen.get(&key) {
                let facts = |r: &ReferralRow| {
                    (
                        r.source.clone(),
                        r.age,
                        r.gender,
                        r.looked_after,
                        r.missing_episodes,
                        r.risk,
                        r.marac,
                    )
                };
                assert_eq!(facts(before), facts(row), "{} changed", row.case_id);
                assert!(
                    before.closed.is_none(),
                    "{} listed after it closed",
                    row.case_id
                );
            }
            seen.insert(key, row.clone());
        }
    }
    assert_eq!(new_per_quarter.len(), 4);
    for (quarter, n) in new_per_quarter {
        assert!((10..=15).contains(&n), "{quarter}: {n} new referrals");
    }
}

// ---- Workbooks -----------------------------------------------------------------

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a readable xlsx")
}

fn header(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<String> {
    let range = book.worksheet_range(sheet).expect("sheet exists");
    range
        .rows()
        .next()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

fn column(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, name: &str) -> Vec<Data> {
    let range = book.worksheet_range(sheet).expect("sheet exists");
    let mut rows = range.rows();
    let head: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    let at = head.iter().position(|h| h == name).expect("column exists");
    rows.map(|r| r.get(at).cloned().unwrap_or(Data::Empty))
        .collect()
}

#[test]
fn the_plan_workbook_has_the_contract_layout() {
    let set = example();
    let mut book = open(workbook::plan_workbook(&set.plan).expect("plan writes"));
    assert_eq!(
        book.sheet_names(),
        ["Settings", "Agencies", "Actions", "Measures"]
    );
    assert_eq!(header(&mut book, "Settings"), ["Setting", "Value"]);
    assert_eq!(
        header(&mut book, "Agencies"),
        ["Code", "Agency", "Lead role", "Email", "Submits return"]
    );
    assert_eq!(
        header(&mut book, "Actions"),
        [
            "Ref",
            "Strand",
            "Objective",
            "Action",
            "Agency",
            "Owner",
            "Start",
            "Due",
            "Outcome measure",
            "Source"
        ]
    );
    assert_eq!(
        header(&mut book, "Measures"),
        [
            "Code",
            "Measure",
            "Strand",
            "Kind",
            "Reported by",
            "Numerator",
            "Denominator",
            "Roll-up",
            "Target",
            "Better",
            "Publish"
        ]
    );
    let due = column(&mut book, "Actions", "Due");
    assert_eq!(due.len(), set.plan.actions.len());
    assert!(due
        .iter()
        .all(|d| matches!(d, Data::DateTime(dt) if dt.is_datetime())));
    let values = column(&mut book, "Settings", "Value");
    assert_eq!(
        values.get(3),
        Some(&Data::Float(36_400.0)),
        "child population is a number"
    );
}

#[test]
fn the_return_workbooks_have_the_contract_layout() {
    let set = example();
    let csc = set
        .returns
        .iter()
        .find(|b| b.agency == "CSC" && b.quarter == q(2014, 3))
        .expect("CSC's first return");
    let mut book = open(workbook::return_workbook(csc).expect("return writes"));
    assert_eq!(
        book.sheet_names(),
        ["Return", "Actions", "Measures", "Referrals"]
    );
    assert_eq!(header(&mut book, "Return"), ["Field", "Value"]);
    assert_eq!(
        header(&mut book, "Actions"),
        [
            "Ref",
            "Action",
            "Due",
            "Status",
            "Progress update",
            "Revised due",
            "Evidence"
        ]
    );
    assert_eq!(
        header(&mut book, "Measures"),
        ["Code", "Measure", "Value", "Note"]
    );
    assert_eq!(
        header(&mut book, "Referrals"),
        [
            "Case ID",
            "Date received",
            "Source",
            "Age",
            "Gender",
            "Looked after",
            "Missing episodes",
            "Risk at referral",
            "MARAC",
            "Date closed",
            "Risk at closure",
            "Closure reason"
        ]
    );
    let fields = column(&mut book, "Return", "Value");
    assert_eq!(fields[0], Data::String("CSC".into()));
    assert_eq!(fields[1], Data::String("2014-15 Q3".into()));
    assert!(matches!(fields[3], Data::DateTime(_)));
    assert!(column(&mut book, "Measures", "Value")
        .iter()
        .all(|v| matches!(v, Data::Float(_))));
    assert!(column(&mut book, "Referrals", "Date received")
        .iter()
        .all(|v| matches!(v, Data::DateTime(_))));
    assert!(column(&mut book, "Referrals", "Age")
        .iter()
        .all(|v| matches!(v, Data::Float(_))));

    let awp = set
        .returns
        .iter()
        .find(|b| b.agency == "AWP" && b.quarter == q(2015, 2))
        .expect("AWP's last return");
    let mut book = open(workbook::return_workbook(awp).expect("return writes"));
    let codes = column(&mut book, "Measures", "Code");
    let values = column(&mut book, "Measures", "Value");
    let at = codes
        .iter()
        .position(|c| *c == Data::String("SCREENING_TOOLS".into()))
        .expect("listed");
    assert_eq!(values[at], Data::Empty, "the deliberate blank stays blank");
    assert!(book.sheet_names().iter().all(|s| s != "Referrals"));
}

#[test]
fn the_same_scale_gives_byte_identical_workbooks() {
    let (a, b) = (example(), example());
    assert_eq!(a, b);
    assert_eq!(
        workbook::plan_workbook(&a.plan).expect("writes"),
        workbook::plan_workbook(&b.plan).expect("writes")
    );
    for (x, y) in a.returns.iter().zip(&b.returns) {
        assert_eq!(
            workbook::return_workbook(x).expect("writes"),
            workbook::return_workbook(y).expect("writes")
        );
    }
}

#[test]
fn write_sample_writes_every_file_atomically_and_repeatably() {
    let root = std::env::temp_dir().join(format!("boardpack-sample-test-{}", std::process::id()));
    let (first, second) = (root.join("one"), root.join("two"));
    let written = write_sample(&first, 1).expect("writes");
    let again = write_sample(&second, 1).expect("writes");
    let set = example();
    assert_eq!(written.len(), set.returns.len() + 1);
    let mut sorted = written.clone();
    sorted.sort();
    assert_eq!(written, sorted);
    assert!(written.contains(&first.join("plan/delivery-plan.xlsx")));
    assert!(written.contains(&first.join("data/returns/2014-15-Q3/csc.xlsx")));
    assert!(!written.contains(&first.join("data/returns/2015-16-Q1/proj28.xlsx")));
    for (x, y) in written.iter().zip(&again) {
        let bytes = std::fs::read(x).expect("written file");
        assert_eq!(
            bytes,
            std::fs::read(y).expect("written file"),
            "{}",
            x.display()
        );
    }
    let leftovers: Vec<_> = walk(&first)
        .into_iter()
        .filter(|p| !written.contains(p))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&root);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn scale_zero_is_refused() {
    let err = write_sample(&std::env::temp_dir().join("boardpack-never-written"), 0).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

// ---- Scale ---------------------------------------------------------------------

fn assert_consistent(set: &SampleSet) {
    let agencies: BTreeSet<&str> = set.plan.agencies.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(
        agencies.len(),
        set.plan.agencies.len(),
        "agency codes are unique"
    );
    let refs: BTreeSet<&str> = set
        .plan
        .actions
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(refs.len(), set.plan.actions.len(), "action refs are unique");
    let submitting: BTreeSet<&str> = set
        .plan
        .agencies
        .iter()
        .filter(|a| a.submits_return)
        .map(|a| a.code.as_str())
        .collect();
    for a in &set.plan.actions {
        assert!(
            submitting.contains(a.agency.as_str()),
            "{} led by {}",
            a.reference,
            a.agency
        );
    }
    for m in &set.plan.measures {
        for code in m
            .reported_by
            .iter()
            .flat_map(|r| r.split(", "))
            .filter(|c| *c != "all")
        {
            assert!(
                submitting.contains(code),
                "{} reported by unknown {code}",
                m.code
            );
        }
    }
    for book in &set.returns {
        assert!(submitting.contains(book.agency.as_str()));
        for row in book.actions.iter().flatten() {
            let lead = set
                .plan
                .actions
                .iter()
                .find(|a| a.reference == row.reference)
                .map(|a| a.agency.as_str());
            assert_eq!(
                lead,
                Some(book.agency.as_str()),
                "{} in {}'s return",
                row.reference,
                book.agency
            );
        }
        for row in book.referrals.iter().flatten() {
            assert!(row
                .case_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'));
            assert!(
                row.source == "Other" || agencies.contains(row.source.as_str()),
                "{}",
                row.source
            );
        }
    }
    let keepers: Vec<&ReturnBook> = set
        .returns
        .iter()
        .filter(|b| b.referrals.is_some())
        .collect();
    assert!(keepers.iter().all(|b| b.agency == "CSC"));
    for book in keepers {
        let ids: BTreeSet<(&str, NaiveDate)> = book
            .referrals
            .iter()
            .flatten()
            .map(|r| (r.case_id.as_str(), r.received))
            .collect();
        assert_eq!(
            ids.len(),
            book.referrals.as_ref().map_or(0, Vec::len),
            "one row per referral"
        );
    }
}

fn total(set: &SampleSet, quarter: Quarter, code: &str) -> u32 {
    set.returns
        .iter()
        .filter(|b| b.quarter == quarter)
        .flat_map(|b| b.measures.iter().flatten())
        .filter(|e| e.code == code)
        .filter_map(|e| e.value)
        .sum()
}

fn log_length(set: &SampleSet, quarter: Quarter) -> usize {
    set.returns
        .iter()
        .filter(|b| b.quarter == quarter)
        .filter_map(|b| b.referrals.as_ref())
        .map(Vec::len)
        .sum()
}

#[test]
fn scale_one_is_consistent_and_scale_n_multiplies_everything() {
    let one = example();
    assert_consistent(&one);
    let three = build(3);
    assert_consistent(&three);
    assert_eq!(three.plan.actions.len(), 3 * one.plan.actions.len());
    assert_eq!(three.returns.len(), 3 * one.returns.len());
    assert_eq!(three.plan.measures.len(), one.plan.measures.len());
    assert!(three.plan.agencies.iter().any(|a| a.code == "POLICE3"));
    assert!(three
        .plan
        .actions
        .iter()
        .any(|a| a.reference == "PV-01-3" && a.agency == "CSC3"));
    for quarter in QUARTERS {
        assert_eq!(log_length(&three, quarter), 3 * log_length(&one, quarter));
        for code in ["TRAINED_TIER1", "SCREENING_TOOLS", "MISSING_EPISODES"] {
            assert_eq!(
                total(&three, quarter, code),
                3 * total(&one, quarter, code),
                "{code} {quarter}"
            );
        }
    }
    let target = |set: &SampleSet, code: &str| {
        set.plan
            .measures
            .iter()
            .find(|m| m.code == code)
            .and_then(|m| m.target)
    };
    assert_eq!(
        target(&three, "TRAINED_TIER1"),
        target(&one, "TRAINED_TIER1").map(|t| 3 * t)
    );
    assert_eq!(target(&three, "RHI_72H_PCT"), target(&one, "RHI_72H_PCT"));
}

#[test]
fn scales_10_and_100_stay_consistent() {
    for scale in [10, 100] {
        let set = build(scale);
        assert_consistent(&set);
        assert!(set
            .plan
            .agencies
            .iter()
            .any(|a| a.code == format!("PROJ28{scale}")));
    }
}
