//! Turns the plan tables into the rows of the example's `plan/delivery-plan.xlsx`,
//! once per copy at a scale. No drawing and no I/O: the plan is all tables.

use super::actions_table::{PlanAction, ACTIONS};
use super::plan_tables::{
    AgencySpec, KindSpec, MeasureSpec, Reporters, AGENCIES, AREA, BOARD, CHILD_POPULATION,
    DUE_SOON_DAYS, MEASURES, PROTECTIVE_MARKING, RAG_TOLERANCE, REFERRAL_LOG_AGENCY,
    RETURN_DEADLINE_DAYS, SUB_GROUP, SUPPRESSION_THRESHOLD,
};
use super::{ActionRow, AgencyRow, MeasureRow, PlanBook, Replica, SettingValue};
use crate::model::{Better, RollUp};

pub fn plan_book(copies: &[Replica]) -> PlanBook {
    PlanBook {
        settings: settings(copies.len()),
        agencies: agencies(copies),
        actions: copies
            .iter()
            .flat_map(|&copy| ACTIONS.iter().map(move |a| action_row(a, copy)))
            .collect(),
        measures: MEASURES.iter().map(|m| measure_row(m, copies)).collect(),
    }
}

fn settings(scale: usize) -> Vec<(&'static str, SettingValue)> {
    let text = |s: &str| SettingValue::Text(s.to_string());
    let scale = u32::try_from(scale).unwrap_or(u32::MAX);
    vec![
        ("Board", text(BOARD)),
        ("Sub-group", text(SUB_GROUP)),
        ("Area", text(AREA)),
        // Scaled with the referrals so that rates per 10,000 stay realistic.
        (
            "Child population",
            SettingValue::Number(CHILD_POPULATION.saturating_mul(scale)),
        ),
        (
            "Suppression threshold",
            SettingValue::Number(SUPPRESSION_THRESHOLD),
        ),
        ("Due soon days", SettingValue::Number(DUE_SOON_DAYS)),
        (
            "Return deadline days",
            SettingValue::Number(RETURN_DEADLINE_DAYS),
        ),
        ("Protective marking", text(PROTECTIVE_MARKING)),
        ("RAG tolerance", SettingValue::Number(RAG_TOLERANCE)),
        ("Referral log agency", text(REFERRAL_LOG_AGENCY)),
    ]
}

/// Every copy of each submitting agency, in table order; agencies that send no
/// return appear once.
fn agencies(copies: &[Replica]) -> Vec<AgencyRow> {
    AGENCIES
        .iter()
        .flat_map(|spec| {
            copies
                .iter()
                .filter(move |copy| spec.submits_return || copy.is_first())
                .map(move |&copy| agency_row(spec, copy))
        })
        .collect()
}

fn agency_row(spec: &AgencySpec, copy: Replica) -> AgencyRow {
    let code = copy.code(spec.code);
    AgencyRow {
        email: format!("cse-returns@{}.example.org", code.to_ascii_lowercase()),
        name: if copy.is_first() {
            spec.name.to_string()
        } else {
            format!("{} (copy {})", spec.name, copy.0)
        },
        lead_role: lead_role(spec).to_string(),
        submits_return: spec.submits_return,
        code,
    }
}

/// The role that completes the agency's return: the first of its roles.
pub fn lead_role(spec: &AgencySpec) -> &'static str {
    spec.roles.first().copied().unwrap_or("Safeguarding Lead")
}

fn action_row(action: &PlanAction, copy: Replica) -> ActionRow {
    ActionRow {
        reference: copy.reference(action.reference),
        strand: action.strand,
        objective: action.objective.to_string(),
        action: action.action.to_string(),
        agency: copy.code(action.agency),
        owner: action.owner.to_string(),
        start: action.start,
        due: action.due,
        outcome_measure: action.outcome_measure.map(str::to_string),
        source: action.source.to_string(),
    }
}

fn measure_row(spec: &MeasureSpec, copies: &[Replica]) -> MeasureRow {
    let scale = u32::try_from(copies.len()).unwrap_or(u32::MAX);
    let (kind, reported_by, numerator, denominator) = match spec.kind {
        KindSpec::Count(reporters) => ("count", Some(reported_by(reporters, copies)), None, None),
        KindSpec::Ratio {
            numerator,
            denominator,
        } => (
            "ratio",
            None,
            Some(numerator.to_string()),
            Some(denominator.to_string()),
        ),
        KindSpec::Referral => ("referral", None, None, None),
    };
    // A count's target is for the sum over its reporters, so it grows with them;
    // a ratio's target is a percentage and does not.
    let target = match spec.kind {
        KindSpec::Count(_) => spec.target.map(|t| t.saturating_mul(scale)),
        _ => spec.target,
    };
    MeasureRow {
        code: spec.code.to_string(),
        label: spec.label.to_string(),
        strand: spec.strand,
        kind,
        reported_by,
        numerator,
        denominator,
        roll_up: roll_up_label(spec.roll_up),
        target,
        better: spec.better.map(better_label),
        publish: spec.publish,
    }
}

fn reported_by(reporters: Reporters, copies: &[Replica]) -> String {
    match reporters {
        Reporters::All => "all".to_string(),
        Reporters::Only(codes) => codes
            .iter()
            .flat_map(|code| copies.iter().map(move |copy| copy.code(code)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn roll_up_label(roll_up: RollUp) -> &'static str {
    match roll_up {
        RollUp::Sum => "sum",
        RollUp::Last => "last",
        RollUp::Mean => "mean",
    }
}

fn better_label(better: Better) -> &'static str {
    match better {
        Better::Higher => "higher",
        Better::Lower => "lower",
    }
}
