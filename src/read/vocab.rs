//! The fixed vocabularies users may type, with the aliases the contract
//! accepts. Matching is case-insensitive and trimmed (see `Row::choice`).

use crate::model::{Better, Gender, Risk, RollUp, Status, Strand};

pub const STRANDS: &[(&str, Strand)] = &[
    ("Prevent", Strand::Prevent),
    ("Protect & Support", Strand::ProtectSupport),
    ("Pursue & Prosecute", Strand::PursueProsecute),
    ("Governance", Strand::Governance),
    ("Prevention", Strand::Prevent),
    ("Protect", Strand::ProtectSupport),
    ("Protection & Support", Strand::ProtectSupport),
    ("Pursue", Strand::PursueProsecute),
];

pub const STATUSES: &[(&str, Status)] = &[
    ("Not started", Status::NotStarted),
    ("On track", Status::OnTrack),
    ("At risk", Status::AtRisk),
    ("Off track", Status::OffTrack),
    ("Complete", Status::Complete),
    ("Cancelled", Status::Cancelled),
    ("Completed", Status::Complete),
    ("Canceled", Status::Cancelled),
];

pub const RISKS_AT_REFERRAL: &[(&str, Risk)] = &[
    ("Low", Risk::Low),
    ("Medium", Risk::Medium),
    ("High", Risk::High),
];

pub const RISKS_AT_CLOSURE: &[(&str, Risk)] = &[
    ("None", Risk::None),
    ("Low", Risk::Low),
    ("Medium", Risk::Medium),
    ("High", Risk::High),
];

pub const GENDERS: &[(&str, Gender)] = &[
    ("Female", Gender::Female),
    ("Male", Gender::Male),
    ("Other", Gender::Other),
    ("Not known", Gender::NotKnown),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Count,
    Ratio,
    Referral,
}

pub const KINDS: &[(&str, Kind)] = &[
    ("count", Kind::Count),
    ("ratio", Kind::Ratio),
    ("referral", Kind::Referral),
];

pub const ROLL_UPS: &[(&str, RollUp)] = &[
    ("sum", RollUp::Sum),
    ("last", RollUp::Last),
    ("mean", RollUp::Mean),
];

pub const BETTER: &[(&str, Better)] = &[("higher", Better::Higher), ("lower", Better::Lower)];

/// Agency codes: letters, digits and `-`.
pub fn is_agency_code(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Measure codes: letters, digits and `_` (upper-cased on reading).
pub fn is_measure_code(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Case IDs are pseudonymous: letters, digits and `-` only, so no name can
/// enter, with at least one letter and one digit (a bare number such as
/// `2015` could be a year or a count). The return template's validation
/// (`render::xlsx::return_template`) applies the same rule.
pub fn is_case_id(id: &str) -> bool {
    is_agency_code(id)
        && id.bytes().any(|b| b.is_ascii_alphabetic())
        && id.bytes().any(|b| b.is_ascii_digit())
}
