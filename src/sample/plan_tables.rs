//! The example's fixed content as data: reporting quarters, settings, the
//! sub-group's member agencies and their roles, the measures catalogue, the rules
//! that draw each agency's quarterly figures, and the deliberate data-quality
//! features. Tables only: no generation logic and no I/O here.
//!
//! Long by nature: one entry per member agency, measure and figure rule.

use crate::model::{Better, RollUp, Strand};
use crate::period::{Quarter, Q};
use chrono::NaiveDate;
use Strand::{Governance, Prevent, ProtectSupport, PursueProsecute};

/// A date written in a table. Evaluated at compile time, so an impossible date
/// fails the build instead of a run.
pub const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("impossible date in the sample tables"),
    }
}

/// The four quarters the example's returns cover: 2014-15 Q3 to 2015-16 Q2.
pub const QUARTERS: [Quarter; 4] = [
    Quarter {
        year: 2014,
        q: Q::Q3,
    },
    Quarter {
        year: 2014,
        q: Q::Q4,
    },
    Quarter {
        year: 2015,
        q: Q::Q1,
    },
    Quarter {
        year: 2015,
        q: Q::Q2,
    },
];

pub const BOARD: &str = "Bath & North East Somerset Local Safeguarding Children Board";
pub const SUB_GROUP: &str = "CSE / Missing Children Strategic Sub-Group";
pub const AREA: &str = "Bath & North East Somerset";
/// Children aged 0–17 in the area (mid-2013 estimate, rounded).
pub const CHILD_POPULATION: u32 = 36_400;
pub const SUPPRESSION_THRESHOLD: u32 = 5;
pub const DUE_SOON_DAYS: u32 = 42;
pub const RETURN_DEADLINE_DAYS: u32 = 15;
pub const PROTECTIVE_MARKING: &str = "OFFICIAL-SENSITIVE";
pub const RAG_TOLERANCE: u32 = 10;
/// The agency whose return carries the referral log.
pub const REFERRAL_LOG_AGENCY: &str = "CSC";

/// How big an agency is, which sets the size of its training figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Large,
    Small,
}

pub struct AgencySpec {
    pub code: &'static str,
    pub name: &'static str,
    /// The roles that may own actions; the first is the lead role that completes
    /// the return. Roles only: a shipped example never names a person.
    pub roles: &'static [&'static str],
    pub submits_return: bool,
    pub size: Size,
}

/// Membership of the sub-group (strategy, Appendix 2 and its terms of reference).
pub const AGENCIES: &[AgencySpec] = &[
    AgencySpec {
        code: "POLICE",
        name: "Avon and Somerset Constabulary",
        roles: &[
            "Detective Inspector, Public Protection",
            "Detective Sergeant, CSE Team",
            "Licensing and Partnerships Sergeant",
        ],
        submits_return: true,
        size: Size::Large,
    },
    AgencySpec {
        code: "CSC",
        name: "Bath & North East Somerset Council, Children's Social Care",
        roles: &[
            "Service Manager, Safeguarding and Quality Assurance",
            "Divisional Director, Targeted and Specialist Services",
            "Team Manager, Missing Children and CSE",
            "Principal Social Worker",
            "Early Help Service Manager",
            "Performance and Information Manager",
        ],
        submits_return: true,
        size: Size::Large,
    },
    AgencySpec {
        code: "EDU",
        name: "Bath & North East Somerset Council, Education Inclusion Service",
        roles: &["Education Safeguarding Lead", "PSHE Adviser"],
        submits_return: true,
        size: Size::Large,
    },
    AgencySpec {
        code: "COLLEGE",
        name: "Bath College",
        roles: &["Designated Safeguarding Lead"],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "RUH",
        name: "Royal United Hospitals Bath NHS Foundation Trust",
        roles: &[
            "Named Nurse, Safeguarding Children",
            "Designated Doctor, Safeguarding Children",
        ],
        submits_return: true,
        size: Size::Large,
    },
    AgencySpec {
        code: "SIRONA",
        name: "Sirona Care & Health",
        roles: &[
            "Designated Nurse, Safeguarding Children",
            "School Nursing Service Lead",
        ],
        submits_return: true,
        size: Size::Large,
    },
    AgencySpec {
        code: "AWP",
        name: "Avon and Wiltshire Mental Health Partnership NHS Trust",
        roles: &["Safeguarding Lead, Adult and CAMHS Services"],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "YOS",
        name: "Bath & North East Somerset Youth Offending Service",
        roles: &["YOS Operations Manager"],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "YOUTH",
        name: "Bath & North East Somerset Youth Connect (targeted youth services)",
        roles: &["Youth Services Manager"],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "BARNARDOS",
        name: "Barnardo's South West",
        roles: &[
            "Assistant Director, Children's Services",
            "CSE Service Manager",
        ],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "MENTORING",
        name: "Mentoring Plus",
        roles: &["Operations Manager"],
        submits_return: true,
        size: Size::Small,
    },
    AgencySpec {
        code: "PROJ28",
        name: "Project 28 (young people's drug and alcohol service)",
        roles: &["Service Manager"],
        submits_return: true,
        size: Size::Small,
    },
    // Sits on the sub-group as its secretariat but leads no action and reports
    // no figure, so it sends no return.
    AgencySpec {
        code: "LSCB",
        name: "B&NES LSCB Business Unit",
        roles: &["LSCB Business Manager"],
        submits_return: false,
        size: Size::Small,
    },
];

/// Who reports a count measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reporters {
    /// Every agency that submits a return.
    All,
    Only(&'static [&'static str]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindSpec {
    Count(Reporters),
    Ratio {
        numerator: &'static str,
        denominator: &'static str,
    },
    Referral,
}

pub struct MeasureSpec {
    pub code: &'static str,
    pub label: &'static str,
    pub strand: Strand,
    pub kind: KindSpec,
    pub roll_up: RollUp,
    /// Per quarter; a percentage for ratios.
    pub target: Option<u32>,
    pub better: Option<Better>,
    pub publish: bool,
}

const fn count(
    code: &'static str,
    label: &'static str,
    strand: Strand,
    reporters: Reporters,
    roll_up: RollUp,
    publish: bool,
) -> MeasureSpec {
    MeasureSpec {
        code,
        label,
        strand,
        kind: KindSpec::Count(reporters),
        roll_up,
        target: None,
        better: None,
        publish,
    }
}

const fn referral(
    code: &'static str,
    label: &'static str,
    strand: Strand,
    roll_up: RollUp,
) -> MeasureSpec {
    MeasureSpec {
        code,
        label,
        strand,
        kind: KindSpec::Referral,
        roll_up,
        target: None,
        better: None,
        publish: true,
    }
}

const fn ratio(
    code: &'static str,
    label: &'static str,
    strand: Strand,
    numerator: &'static str,
    denominator: &'static str,
    publish: bool,
) -> MeasureSpec {
    MeasureSpec {
        code,
        label,
        strand,
        kind: KindSpec::Ratio {
            numerator,
            denominator,
        },
        // A ratio's year is its rolled-up parts; `sum` says the parts are flows.
        roll_up: RollUp::Sum,
        target: None,
        better: None,
        publish,
    }
}

const fn with_target(spec: MeasureSpec, target: u32, better: Better) -> MeasureSpec {
    MeasureSpec {
        target: Some(target),
        better: Some(better),
        ..spec
    }
}

const RHI_AGENCIES: &[&str] = &["CSC", "BARNARDOS"];
const AWARENESS_AGENCIES: &[&str] = &["EDU", "COLLEGE", "BARNARDOS", "YOUTH"];
const SCREENING_AGENCIES: &[&str] = &[
    "CSC", "EDU", "RUH", "SIRONA", "AWP", "YOS", "YOUTH", "PROJ28",
];

/// The measures catalogue, in the order the plan lists it.
pub const MEASURES: &[MeasureSpec] = &[
    // Missing children and return home interviews.
    count(
        "MISSING_EPISODES",
        "Missing from home or care episodes reported to the police",
        ProtectSupport,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        true,
    ),
    count(
        "RHI_OFFERED",
        "Return home interviews offered",
        ProtectSupport,
        Reporters::Only(RHI_AGENCIES),
        RollUp::Sum,
        true,
    ),
    count(
        "RHI_WITHIN_72H",
        "Return home interviews completed within 72 hours",
        ProtectSupport,
        Reporters::Only(RHI_AGENCIES),
        RollUp::Sum,
        true,
    ),
    with_target(
        ratio(
            "RHI_72H_PCT",
            "Return home interviews completed within 72 hours (%)",
            ProtectSupport,
            "RHI_WITHIN_72H",
            "RHI_OFFERED",
            true,
        ),
        80,
        Better::Higher,
    ),
    // Disruption and prosecution.
    count(
        "CAWN_ISSUED",
        "Child Abduction Warning Notices issued",
        PursueProsecute,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        true,
    ),
    count(
        "CSE_ARRESTS",
        "Arrests for CSE-related offences",
        PursueProsecute,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        true,
    ),
    count(
        "CSE_CHARGES",
        "People charged with CSE-related offences",
        PursueProsecute,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        true,
    ),
    count(
        "CSE_CONVICTIONS",
        "Convictions for CSE-related offences",
        PursueProsecute,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        true,
    ),
    count(
        "LICENSING_VISITS",
        "Licensed premises, hotels and taxi operators briefed on CSE",
        PursueProsecute,
        Reporters::Only(&["POLICE"]),
        RollUp::Sum,
        false,
    ),
    // Tiered training.
    with_target(
        count(
            "TRAINED_TIER1",
            "Staff completing tier 1 CSE awareness training",
            Prevent,
            Reporters::All,
            RollUp::Sum,
            true,
        ),
        150,
        Better::Higher,
    ),
    with_target(
        count(
            "TRAINED_TIER2",
            "Practitioners completing tier 2 targeted CSE training",
            Prevent,
            Reporters::All,
            RollUp::Sum,
            true,
        ),
        40,
        Better::Higher,
    ),
    count(
        "TRAINED_TIER3",
        "Specialists completing tier 3 CSE training (virtual team)",
        Prevent,
        Reporters::Only(&["CSC", "POLICE", "BARNARDOS", "MENTORING"]),
        RollUp::Sum,
        true,
    ),
    // Awareness raising.
    with_target(
        count(
            "SCHOOL_SESSIONS",
            "CSE awareness sessions delivered in schools and college",
            Prevent,
            Reporters::Only(AWARENESS_AGENCIES),
            RollUp::Sum,
            true,
        ),
        15,
        Better::Higher,
    ),
    count(
        "YP_AWARENESS",
        "Pupils and students attending CSE awareness sessions",
        Prevent,
        Reporters::Only(AWARENESS_AGENCIES),
        RollUp::Sum,
        true,
    ),
    count(
        "PARENT_SESSIONS",
        "CSE awareness sessions for parents, carers and community groups",
        Prevent,
        Reporters::Only(&["BARNARDOS", "YOUTH"]),
        RollUp::Sum,
        false,
    ),
    with_target(
        count(
            "SCREENING_TOOLS",
            "CSE screening tools completed",
            Prevent,
            Reporters::Only(SCREENING_AGENCIES),
            RollUp::Sum,
            true,
        ),
        60,
        Better::Higher,
    ),
    // Specialist support.
    count(
        "VT_CASELOAD",
        "Young people supported by the virtual CSE team at quarter end",
        ProtectSupport,
        Reporters::Only(&["BARNARDOS", "MENTORING"]),
        RollUp::Last,
        true,
    ),
    with_target(
        count(
            "VT_WAITING",
            "Young people waiting for specialist support at quarter end",
            ProtectSupport,
            Reporters::Only(&["BARNARDOS"]),
            RollUp::Mean,
            false,
        ),
        2,
        Better::Lower,
    ),
    count(
        "MARAC_MEETINGS",
        "CSE MARAC meetings held",
        Governance,
        Reporters::Only(&["CSC"]),
        RollUp::Sum,
        false,
    ),
    // Computed from the referral log.
    referral("REF_NEW", "New CSE referrals", ProtectSupport, RollUp::Sum),
    referral(
        "REF_NEW_HIGH",
        "New CSE referrals assessed high risk",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_NEW_MEDIUM",
        "New CSE referrals assessed medium risk",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_NEW_LOW",
        "New CSE referrals assessed low risk",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_OPEN_END",
        "CSE referrals open at the end of the period",
        ProtectSupport,
        RollUp::Last,
    ),
    referral(
        "REF_REREFERRAL",
        "Re-referrals within 12 months of an earlier closure",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_MARAC",
        "New referrals discussed at the CSE MARAC",
        Governance,
        RollUp::Sum,
    ),
    referral(
        "REF_LAC",
        "New referrals of looked-after children",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_CLOSED",
        "CSE referrals closed",
        ProtectSupport,
        RollUp::Sum,
    ),
    referral(
        "REF_CLOSED_REDUCED",
        "CSE referrals closed with risk reduced",
        ProtectSupport,
        RollUp::Sum,
    ),
    MeasureSpec {
        // A duration, not a count of children: never suppressed, not published.
        publish: false,
        ..referral(
            "REF_MEDIAN_DAYS_OPEN",
            "Median days open of referrals closed",
            ProtectSupport,
            RollUp::Mean,
        )
    },
    with_target(
        ratio(
            "CLOSED_REDUCED_PCT",
            "Closed referrals with risk reduced (%)",
            ProtectSupport,
            "REF_CLOSED_REDUCED",
            "REF_CLOSED",
            true,
        ),
        70,
        Better::Higher,
    ),
    ratio(
        "MARAC_SHARE",
        "New referrals discussed at the CSE MARAC (%)",
        Governance,
        "REF_MARAC",
        "REF_NEW",
        false,
    ),
];

/// A (low, high) range of a figure for each of the four quarters.
pub type Ranges = [(u32, u32); 4];

/// How one agency's quarterly value of a count measure is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    Between(Ranges),
    /// Draws by the agency's size (for measures every agency reports).
    BySize {
        large: Ranges,
        small: Ranges,
    },
    /// A share (per cent, low to high) of the same agency's value of another
    /// measure this quarter, rounded down: interviews in time of those offered.
    PercentOf(&'static str, u32, u32),
    /// The other measure's value times a whole number from low to high:
    /// pupils attending, from sessions held.
    MultipleOf(&'static str, u32, u32),
    Fixed([u32; 4]),
}

pub struct FigureSpec {
    pub code: &'static str,
    /// An agency code, or `ALL` for every agency that submits a return.
    pub agency: &'static str,
    pub rule: Rule,
}

pub const ALL: &str = "ALL";

const fn fig(code: &'static str, agency: &'static str, rule: Rule) -> FigureSpec {
    FigureSpec { code, agency, rule }
}

/// The rules behind every agency's figures. A rule that refers to another
/// measure comes after it. The ranges tell the story of the delivery plan:
/// training starts in 2014-15 Q4, Barnardo's take on return interviews for
/// children missing from home from January, school sessions dip over summer.
pub const FIGURES: &[FigureSpec] = &[
    fig(
        "MISSING_EPISODES",
        "POLICE",
        Rule::Between([(48, 72), (40, 66), (44, 70), (50, 78)]),
    ),
    fig("RHI_OFFERED", "CSC", Rule::Between([(14, 22); 4])),
    fig(
        "RHI_OFFERED",
        "BARNARDOS",
        Rule::Between([(0, 0), (18, 28), (20, 30), (20, 32)]),
    ),
    fig(
        "RHI_WITHIN_72H",
        "CSC",
        Rule::PercentOf("RHI_OFFERED", 70, 95),
    ),
    fig(
        "RHI_WITHIN_72H",
        "BARNARDOS",
        Rule::PercentOf("RHI_OFFERED", 60, 90),
    ),
    fig(
        "CAWN_ISSUED",
        "POLICE",
        Rule::Between([(0, 2), (1, 3), (0, 3), (1, 4)]),
    ),
    fig(
        "CSE_ARRESTS",
        "POLICE",
        Rule::Between([(1, 4), (2, 5), (1, 5), (2, 6)]),
    ),
    fig(
        "CSE_CHARGES",
        "POLICE",
        Rule::PercentOf("CSE_ARRESTS", 0, 75),
    ),
    fig(
        "CSE_CONVICTIONS",
        "POLICE",
        Rule::Between([(0, 1), (0, 1), (0, 2), (0, 2)]),
    ),
    fig(
        "LICENSING_VISITS",
        "POLICE",
        Rule::Between([(0, 0), (4, 10), (12, 24), (15, 30)]),
    ),
    fig(
        "TRAINED_TIER1",
        ALL,
        Rule::BySize {
            large: [(2, 8), (25, 45), (20, 40), (15, 35)],
            small: [(0, 2), (3, 10), (2, 9), (2, 8)],
        },
    ),
    fig(
        "TRAINED_TIER2",
        ALL,
        Rule::BySize {
            large: [(0, 0), (3, 8), (2, 7), (4, 9)],
            small: [(0, 0), (0, 3), (0, 2), (1, 3)],
        },
    ),
    fig(
        "TRAINED_TIER3",
        "CSC",
        Rule::Between([(0, 0), (3, 5), (0, 2), (1, 2)]),
    ),
    fig(
        "TRAINED_TIER3",
        "POLICE",
        Rule::Between([(0, 0), (1, 3), (0, 1), (0, 2)]),
    ),
    fig(
        "TRAINED_TIER3",
        "BARNARDOS",
        Rule::Between([(0, 0), (2, 4), (1, 2), (0, 2)]),
    ),
    fig(
        "TRAINED_TIER3",
        "MENTORING",
        Rule::Between([(0, 0), (1, 2), (0, 1), (0, 1)]),
    ),
    fig(
        "SCHOOL_SESSIONS",
        "EDU",
        Rule::Between([(3, 6), (5, 9), (6, 10), (1, 4)]),
    ),
    fig(
        "SCHOOL_SESSIONS",
        "COLLEGE",
        Rule::Between([(2, 4), (1, 3), (0, 2), (1, 3)]),
    ),
    fig("SCHOOL_SESSIONS", "BARNARDOS", Rule::Between([(1, 3); 4])),
    fig("SCHOOL_SESSIONS", "YOUTH", Rule::Between([(0, 2); 4])),
    fig(
        "YP_AWARENESS",
        "EDU",
        Rule::MultipleOf("SCHOOL_SESSIONS", 22, 30),
    ),
    fig(
        "YP_AWARENESS",
        "COLLEGE",
        Rule::MultipleOf("SCHOOL_SESSIONS", 15, 24),
    ),
    fig(
        "YP_AWARENESS",
        "BARNARDOS",
        Rule::MultipleOf("SCHOOL_SESSIONS", 18, 28),
    ),
    fig(
        "YP_AWARENESS",
        "YOUTH",
        Rule::MultipleOf("SCHOOL_SESSIONS", 8, 15),
    ),
    fig(
        "PARENT_SESSIONS",
        "BARNARDOS",
        Rule::Between([(0, 0), (1, 3), (2, 5), (2, 4)]),
    ),
    fig(
        "PARENT_SESSIONS",
        "YOUTH",
        Rule::Between([(0, 1), (0, 2), (0, 2), (0, 1)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "CSC",
        Rule::Between([(10, 18), (12, 20), (14, 22), (14, 22)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "EDU",
        Rule::Between([(2, 6), (4, 9), (5, 10), (2, 5)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "RUH",
        Rule::Between([(1, 3), (2, 5), (3, 7), (4, 8)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "SIRONA",
        Rule::Between([(2, 5), (3, 7), (4, 8), (4, 8)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "AWP",
        Rule::Between([(0, 2), (1, 3), (1, 4), (1, 4)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "YOS",
        Rule::Between([(2, 5), (3, 6), (3, 6), (2, 5)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "YOUTH",
        Rule::Between([(1, 3), (1, 4), (2, 5), (2, 5)]),
    ),
    fig(
        "SCREENING_TOOLS",
        "PROJ28",
        Rule::Between([(1, 3), (2, 4), (2, 4), (2, 4)]),
    ),
    fig(
        "VT_CASELOAD",
        "BARNARDOS",
        Rule::Between([(3, 5), (5, 8), (9, 13), (10, 14)]),
    ),
    fig(
        "VT_CASELOAD",
        "MENTORING",
        Rule::Between([(2, 4), (3, 6), (4, 7), (4, 7)]),
    ),
    fig(
        "VT_WAITING",
        "BARNARDOS",
        Rule::Between([(0, 2), (1, 4), (0, 3), (0, 2)]),
    ),
    // The first CSE MARAC met in December 2014; monthly since.
    fig("MARAC_MEETINGS", "CSC", Rule::Fixed([1, 3, 3, 3])),
];

/// A note an agency lead wrote beside a figure: (agency, quarter index, code, note).
pub const NOTES: &[(&str, usize, &str, &str)] = &[
    (
        "EDU",
        3,
        "SCHOOL_SESSIONS",
        "Summer holidays: sessions resume in September",
    ),
    (
        "BARNARDOS",
        0,
        "RHI_OFFERED",
        "Interviews for children missing from home start in January",
    ),
    (
        "POLICE",
        2,
        "CSE_ARRESTS",
        "Includes arrests from one operation shared with a neighbouring force",
    ),
];

/// Deliberate data-quality features, so the example exercises every warning path.
pub struct Deliberate {
    /// (agency, quarter index, days after the deadline): a late return.
    pub late_return: (&'static str, usize, u32),
    /// (agency, quarter index): no return sent.
    pub missing_return: (&'static str, usize),
    /// (agency, quarter index, measure, note): a value left blank.
    pub blank_value: (&'static str, usize, &'static str, &'static str),
}

pub const DELIBERATE: Deliberate = Deliberate {
    late_return: ("SIRONA", 1, 9),
    missing_return: ("PROJ28", 2),
    blank_value: (
        "AWP",
        3,
        "SCREENING_TOOLS",
        "Figure not available: electronic record change under way",
    ),
};
