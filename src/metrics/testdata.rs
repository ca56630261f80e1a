//! Small hand-made plans, returns and referral logs for the metrics tests.

use crate::model::*;
use crate::period::Quarter;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn origin() -> Origin {
    Origin {
        file: Arc::from("test.xlsx"),
        sheet: "Test",
        row: 0,
        columns: Arc::new(BTreeMap::new()),
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real test date")
}

pub fn settings() -> Settings {
    Settings {
        board: "Test Board".into(),
        sub_group: "Test Sub-group".into(),
        area: "Testshire".into(),
        referral_log_agency: Some("CSC".into()),
        ..Settings::contract_defaults()
    }
}

pub fn agency(code: &str, submits: bool) -> Agency {
    Agency {
        code: code.into(),
        name: format!("{code} agency"),
        lead_role: None,
        email: None,
        submits_return: submits,
        at: origin(),
    }
}

pub fn measure(code: &str, kind: MeasureKind, roll_up: RollUp) -> Measure {
    Measure {
        code: code.into(),
        label: format!("{code} label"),
        strand: Strand::ProtectSupport,
        kind,
        roll_up,
        target: None,
        better: None,
        publish: true,
        at: origin(),
    }
}

pub fn count(code: &str, reporters: &[&str], roll_up: RollUp) -> Measure {
    let reported_by = if reporters == ["all"] {
        ReportedBy::All
    } else {
        ReportedBy::Agencies(reporters.iter().map(|s| s.to_string()).collect())
    };
    measure(code, MeasureKind::Count { reported_by }, roll_up)
}

pub fn ratio(code: &str, numerator: &str, denominator: &str) -> Measure {
    measure(
        code,
        MeasureKind::Ratio {
            numerator: numerator.into(),
            denominator: denominator.into(),
        },
        RollUp::Sum,
    )
}

pub fn referral_measure(code: &str, roll_up: RollUp) -> Measure {
    measure(code, MeasureKind::Referral, roll_up)
}

/// Every referral code with the roll-up a sensible catalogue gives it.
pub fn referral_measures() -> Vec<Measure> {
    ReferralCode::ALL
        .iter()
        .map(|code| {
            let roll_up = match code {
                ReferralCode::OpenEnd => RollUp::Last,
                ReferralCode::MedianDaysOpen => RollUp::Mean,
                _ => RollUp::Sum,
            };
            referral_measure(code.code(), roll_up)
        })
        .collect()
}

pub fn plan(agencies: Vec<Agency>, measures: Vec<Measure>) -> Plan {
    Plan {
        file: "plan/delivery-plan.xlsx".into(),
        settings: settings(),
        agencies,
        actions: Vec::new(),
        measures,
        unreadable_refs: Vec::new(),
        sha256: String::new(),
    }
}

pub fn entry(code: &str, value: Value) -> MeasureEntry {
    MeasureEntry {
        code: code.into(),
        value,
        at: origin(),
    }
}

pub fn a_return(agency: &str, quarter: Quarter, measures: Vec<MeasureEntry>) -> Return {
    Return {
        file: format!(
            "data/returns/{}/{}.xlsx",
            quarter.folder_name(),
            agency.to_lowercase()
        ),
        path: Default::default(),
        agency: agency.into(),
        quarter,
        completed_by: None,
        date_completed: None,
        date_completed_cell: None,
        actions: Vec::new(),
        measures,
        referrals: None,
        sha256: String::new(),
    }
}

pub fn log_return(agency: &str, quarter: Quarter, rows: Vec<Referral>) -> Return {
    Return {
        referrals: Some(rows),
        ..a_return(agency, quarter, Vec::new())
    }
}

/// A referral received on `received`, Medium risk, female, 14, not looked after.
pub fn referral(case_id: &str, received: NaiveDate) -> Referral {
    Referral {
        case_id: case_id.into(),
        received,
        source: "POLICE".into(),
        age: 14,
        gender: Gender::Female,
        looked_after: false,
        missing_episodes: None,
        risk_at_referral: Risk::Medium,
        marac: None,
        closed: None,
        risk_at_closure: None,
        closure_reason: None,
        at: origin(),
    }
}

pub fn closed(mut r: Referral, on: NaiveDate, risk: Risk) -> Referral {
    r.closed = Some(on);
    r.risk_at_closure = Some(risk);
    r
}

pub fn dataset(plan: Plan, mut returns: Vec<Return>) -> Dataset {
    returns.sort_by(|a, b| (a.quarter, &a.agency).cmp(&(b.quarter, &b.agency)));
    let referral_log_agency = plan.settings.referral_log_agency.clone();
    Dataset {
        plan,
        returns,
        referral_log_agency,
    }
}

pub fn q(year: i32, q: u8) -> Quarter {
    Quarter::new(
        year,
        crate::period::Q::from_number(q).expect("a quarter 1 to 4"),
    )
}
