//! The example's CSE referral history and the referral log each quarter's return
//! carries. Generates plausible, internally consistent cases from a seeded
//! generator; must NOT use real data, a clock, or anything that could identify a
//! child (Case IDs are sequence numbers, closure reasons are fixed phrases).

use super::plan_tables::{ymd, QUARTERS};
use super::rng::SplitMix64;
use crate::model::{Gender, Risk};
use crate::period::Quarter;
use chrono::{Days, NaiveDate};

/// One referral as the log keeper knows it at the end of the example period.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub case_id: String,
    pub received: NaiveDate,
    /// Referring agency code, or `Other`.
    pub source: String,
    pub age: u8,
    pub gender: Gender,
    pub looked_after: bool,
    pub missing_episodes: Option<u32>,
    pub risk: Risk,
    pub marac: bool,
    pub closure: Option<Closure>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Closure {
    pub date: NaiveDate,
    pub risk: Risk,
    pub reason: &'static str,
}

/// When fresh referrals arrived: (first day, last day, fewest, most). The
/// strategy counts about 30 referrals to the risk panel from February to
/// September 2014; from then on 10 to 15 new referrals a quarter, re-referrals
/// included.
const INTAKE: &[(NaiveDate, NaiveDate, u32, u32)] = &[
    (ymd(2014, 2, 3), ymd(2014, 9, 30), 30, 30),
    (ymd(2014, 10, 1), ymd(2014, 12, 31), 10, 12),
    (ymd(2015, 1, 1), ymd(2015, 3, 31), 10, 12),
    (ymd(2015, 4, 1), ymd(2015, 6, 30), 9, 11),
    (ymd(2015, 7, 1), ymd(2015, 9, 30), 10, 12),
];

/// The last day the example knows about: cases closing later are still open.
const LAST_DAY: NaiveDate = ymd(2015, 9, 30);

/// First Case ID number (earlier numbers belong to cases closed before the
/// strategy period).
const FIRST_CASE_NUMBER: u32 = 101;

/// Re-referrals drawn: a closed case referred again within 12 months.
const RE_REFERRALS: usize = 4;

const AGES: &[(u8, u32)] = &[
    (10, 1),
    (11, 2),
    (12, 4),
    (13, 10),
    (14, 16),
    (15, 20),
    (16, 18),
    (17, 12),
    // Care leavers, whom the strategy covers up to 24.
    (18, 3),
    (19, 2),
    (20, 1),
    (22, 1),
];

const GENDERS: &[(Gender, u32)] = &[
    (Gender::Female, 76),
    (Gender::Male, 20),
    (Gender::NotKnown, 3),
    (Gender::Other, 1),
];

const SOURCES: &[(&str, u32)] = &[
    ("POLICE", 24),
    ("CSC", 15),
    ("EDU", 15),
    ("SIRONA", 8),
    ("RUH", 6),
    ("YOS", 6),
    ("BARNARDOS", 6),
    ("YOUTH", 5),
    ("AWP", 4),
    ("COLLEGE", 3),
    ("PROJ28", 3),
    ("MENTORING", 2),
    ("Other", 3),
];

const RISKS: &[(Risk, u32)] = &[(Risk::Low, 30), (Risk::Medium, 45), (Risk::High, 25)];

#[derive(Clone, Copy)]
enum Outcome {
    Reduced,
    Same,
    Raised,
}

const OUTCOMES: &[(Outcome, u32)] = &[
    (Outcome::Reduced, 70),
    (Outcome::Same, 20),
    (Outcome::Raised, 10),
];

const NO_CONCERNS: &[&str] = &[
    "Support plan goals met; no further CSE concerns",
    "No further CSE concerns after assessment",
];
const STEPPED_DOWN: &[&str] = &[
    "Risk reduced; stepped down to early help",
    "Engaged with the virtual team; risk reduced and stepped down",
];
const MOVED: &str = "Moved out of area; case transferred to the new local authority";
const DECLINED: &str = "Declined further support; safety plan shared with family and school";
const ESCALATED: &str = "Concerns escalated; now managed under a child protection plan";

/// Every referral of the example period, fresh ones and re-referrals, sorted by
/// date received then Case ID.
pub fn referral_history(rng: &mut SplitMix64) -> Vec<Case> {
    let mut cases = fresh_referrals(rng);
    let re_referrals = draw_re_referrals(rng, &cases);
    cases.extend(re_referrals);
    cases.sort_by(|a, b| (a.received, &a.case_id).cmp(&(b.received, &b.case_id)));
    cases
}

fn fresh_referrals(rng: &mut SplitMix64) -> Vec<Case> {
    let mut dates: Vec<NaiveDate> = INTAKE
        .iter()
        .flat_map(|&(first, last, fewest, most)| {
            let count = rng.between(fewest, most);
            (0..count)
                .map(|_| random_day(rng, first, last))
                .collect::<Vec<_>>()
        })
        .collect();
    dates.sort();
    dates
        .into_iter()
        .zip(FIRST_CASE_NUMBER..)
        .map(|(received, number)| {
            let age = rng.weighted(AGES).unwrap_or(15);
            let looked_after = age >= 18 || rng.chance(22);
            let gender = rng.weighted(GENDERS).unwrap_or(Gender::Female);
            new_referral(
                rng,
                format!("CSE-{number:04}"),
                received,
                age,
                gender,
                looked_after,
            )
        })
        .collect()
}

/// A referral's facts drawn for a known child (Case ID, age, gender, care status).
fn new_referral(
    rng: &mut SplitMix64,
    case_id: String,
    received: NaiveDate,
    age: u8,
    gender: Gender,
    looked_after: bool,
) -> Case {
    let risk = risk_for_age(rng.weighted(RISKS).unwrap_or(Risk::Medium), age);
    let marac = match risk {
        Risk::High => rng.chance(85),
        Risk::Medium => rng.chance(30),
        _ => false,
    };
    let missing_episodes = if rng.chance(15) {
        None
    } else if looked_after {
        Some(rng.between(0, 9))
    } else {
        Some(rng.between(0, 4))
    };
    let source = source_for_age(rng.weighted(SOURCES).unwrap_or("CSC"), age);
    let closure = draw_closure(rng, received, risk, age);
    Case {
        case_id,
        received,
        source: source.to_string(),
        age,
        gender,
        looked_after,
        missing_episodes,
        risk,
        marac,
        closure,
    }
}

/// Local risk guidance: a child under 13 is never assessed as low risk.
fn risk_for_age(risk: Risk, age: u8) -> Risk {
    if age < 13 && risk <= Risk::Low {
        Risk::Medium
    } else {
        risk
    }
}

/// The college only refers its own students (16 and over); schools refer younger ones.
fn source_for_age(source: &'static str, age: u8) -> &'static str {
    match source {
        "COLLEGE" if age < 16 => "EDU",
        "EDU" if age >= 17 => "COLLEGE",
        other => other,
    }
}

fn draw_closure(rng: &mut SplitMix64, received: NaiveDate, risk: Risk, age: u8) -> Option<Closure> {
    let date = received.checked_add_days(Days::new(u64::from(rng.between(40, 330))))?;
    let date = off_quarter_end(date);
    if date > LAST_DAY {
        return None;
    }
    let outcome = rng.weighted(OUTCOMES).unwrap_or(Outcome::Same);
    let (closure_risk, reason) = match outcome {
        Outcome::Reduced => {
            let lowered = lower_risk(risk, rng.between(1, 2));
            // Under-13s are never assessed low: they step down to no risk.
            let lowered = if age < 13 && lowered == Risk::Low {
                Risk::None
            } else {
                lowered
            };
            let phrases = if lowered == Risk::None {
                NO_CONCERNS
            } else {
                STEPPED_DOWN
            };
            (lowered, pick(rng, phrases))
        }
        Outcome::Same => (risk, if rng.chance(50) { MOVED } else { DECLINED }),
        Outcome::Raised => (raise_risk(risk), ESCALATED),
    };
    Some(Closure {
        date,
        risk: closure_risk,
        reason,
    })
}

/// Closures never fall on a quarter's last day, so "open at the end" never
/// hinges on how a reader treats that day.
fn off_quarter_end(date: NaiveDate) -> NaiveDate {
    if Quarter::containing(date).end() == date {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    }
}

fn lower_risk(risk: Risk, steps: u32) -> Risk {
    let order = [Risk::None, Risk::Low, Risk::Medium, Risk::High];
    let at = order.iter().position(|r| *r == risk).unwrap_or(0);
    order[at.saturating_sub(steps as usize)]
}

fn raise_risk(risk: Risk) -> Risk {
    match risk {
        Risk::None | Risk::Low => Risk::Medium,
        Risk::Medium | Risk::High => Risk::High,
    }
}

fn pick(rng: &mut SplitMix64, phrases: &[&'static str]) -> &'static str {
    let last = u32::try_from(phrases.len()).unwrap_or(1).saturating_sub(1);
    phrases
        .get(rng.between(0, last) as usize)
        .copied()
        .unwrap_or("Case closed")
}

fn random_day(rng: &mut SplitMix64, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    let span = u32::try_from((last - first).num_days()).unwrap_or(0);
    first
        .checked_add_days(Days::new(u64::from(rng.between(0, span))))
        .unwrap_or(first)
}

/// Children referred again within 12 months of an earlier closure. Only cases
/// closed inside the example period qualify, so that the earlier referral is in
/// a log and the re-referral can be recognised; children who moved away or
/// were escalated to child protection are not re-referred here.
fn draw_re_referrals(rng: &mut SplitMix64, cases: &[Case]) -> Vec<Case> {
    let window_start = QUARTERS[0].start();
    let mut re_referrals = Vec::new();
    for case in cases {
        if re_referrals.len() == RE_REFERRALS {
            break;
        }
        let Some(closure) = &case.closure else {
            continue;
        };
        let eligible = closure.date >= window_start
            && closure.reason != MOVED
            && closure.reason != ESCALATED
            && (case.age <= 16 || case.looked_after);
        if !eligible || !rng.chance(45) {
            continue;
        }
        let Some(received) = closure
            .date
            .checked_add_days(Days::new(u64::from(rng.between(21, 150))))
        else {
            continue;
        };
        if received > LAST_DAY {
            continue;
        }
        let older = (received - case.received).num_days() > 300;
        let age = case.age + u8::from(older);
        re_referrals.push(new_referral(
            rng,
            case.case_id.clone(),
            received,
            age,
            case.gender,
            case.looked_after,
        ));
    }
    re_referrals
}

/// One row of a quarter's referral log, as known at the quarter's end.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow<'a> {
    pub case: &'a Case,
    /// The closure if it had happened by the quarter's end.
    pub closure: Option<&'a Closure>,
}

/// Every referral open at any time in the quarter, as known at its end:
/// received by the last day and not closed before the first.
pub fn log_for_quarter(cases: &[Case], quarter: Quarter) -> Vec<LogRow<'_>> {
    let (first, last) = (quarter.start(), quarter.end());
    cases
        .iter()
        .filter(|case| case.received <= last)
        .filter(|case| case.closure.as_ref().is_none_or(|c| c.date >= first))
        .map(|case| LogRow {
            case,
            closure: case.closure.as_ref().filter(|c| c.date <= last),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> Vec<Case> {
        referral_history(&mut SplitMix64::new(super::super::REFERRALS_SEED))
    }

    fn new_in(cases: &[Case], quarter: Quarter) -> Vec<&Case> {
        cases
            .iter()
            .filter(|c| Quarter::containing(c.received) == quarter)
            .collect()
    }

    #[test]
    fn ten_to_fifteen_new_referrals_each_quarter() {
        let cases = history();
        for quarter in QUARTERS {
            let n = new_in(&cases, quarter).len();
            assert!((10..=15).contains(&n), "{quarter}: {n} new referrals");
        }
    }

    #[test]
    fn every_quarter_looks_like_a_typical_quarter() {
        let cases = history();
        for quarter in QUARTERS {
            let new = new_in(&cases, quarter);
            let n = new.len();
            let teens = new.iter().filter(|c| (13..=17).contains(&c.age)).count();
            let adults = new.iter().filter(|c| c.age >= 18).count();
            let low = new.iter().filter(|c| c.risk == Risk::Low).count();
            let high = new.iter().filter(|c| c.risk == Risk::High).count();
            assert!(teens * 10 >= n * 7, "{quarter}: {teens} of {n} aged 13-17");
            assert!(adults <= 2, "{quarter}: {adults} care leavers");
            assert!(
                low * 2 <= n && high >= 2,
                "{quarter}: {low} low, {high} high of {n}"
            );
            assert!(
                new.iter().any(|c| c.looked_after),
                "{quarter}: no looked-after child"
            );
        }
    }

    #[test]
    fn about_thirty_referrals_before_the_strategy() {
        let before = history()
            .iter()
            .filter(|c| c.received < QUARTERS[0].start())
            .count();
        assert_eq!(before, 30);
    }

    #[test]
    fn no_child_under_13_is_assessed_low() {
        for case in history() {
            if case.age < 13 {
                assert_ne!(case.risk, Risk::Low, "{}", case.case_id);
                assert_ne!(case.closure.map(|c| c.risk), Some(Risk::Low));
            }
        }
    }

    #[test]
    fn ages_run_10_to_24_and_most_are_13_to_17() {
        let cases = history();
        assert!(cases.iter().all(|c| (10..=24).contains(&c.age)));
        let teens = cases.iter().filter(|c| (13..=17).contains(&c.age)).count();
        assert!(teens * 10 >= cases.len() * 7, "{teens} of {}", cases.len());
        assert!(cases.iter().filter(|c| c.age >= 18).all(|c| c.looked_after));
    }

    #[test]
    fn closures_follow_receipt_and_avoid_quarter_ends() {
        for case in history() {
            if let Some(c) = &case.closure {
                assert!(c.date >= case.received, "{}", case.case_id);
                assert_ne!(Quarter::containing(c.date).end(), c.date);
                assert!(c.date <= LAST_DAY);
            }
        }
    }

    #[test]
    fn some_children_are_re_referred_within_twelve_months() {
        let cases = history();
        let re_referred = cases
            .iter()
            .filter(|later| {
                cases.iter().any(|earlier| {
                    earlier.case_id == later.case_id
                        && earlier.received < later.received
                        && earlier.closure.as_ref().is_some_and(|c| {
                            c.date >= QUARTERS[0].start()
                                && c.date < later.received
                                && later.received
                                    <= c.date
                                        .checked_add_months(chrono::Months::new(12))
                                        .unwrap_or(c.date)
                        })
                })
            })
            .count();
        assert!(re_referred >= 2, "{re_referred} re-referrals");
    }

    #[test]
    fn the_log_holds_every_referral_open_in_the_quarter() {
        let cases = history();
        let q = QUARTERS[1];
        let log = log_for_quarter(&cases, q);
        assert!(log.iter().all(|row| row.case.received <= q.end()));
        for row in &log {
            if let Some(c) = row.closure {
                assert!(c.date >= q.start() && c.date <= q.end());
            }
        }
        let open_at_start = cases
            .iter()
            .filter(|c| {
                c.received < q.start() && c.closure.as_ref().is_none_or(|x| x.date >= q.start())
            })
            .count();
        assert_eq!(log.len(), open_at_start + new_in(&cases, q).len());
    }

    #[test]
    fn the_log_shows_closures_risk_reduction_marac_and_care() {
        let cases = history();
        let all_rows: Vec<LogRow> = QUARTERS
            .iter()
            .flat_map(|q| log_for_quarter(&cases, *q))
            .collect();
        assert!(all_rows
            .iter()
            .any(|r| r.closure.is_some_and(|c| c.risk < r.case.risk)));
        assert!(all_rows.iter().any(|r| r.case.marac));
        assert!(all_rows.iter().any(|r| r.case.looked_after));
        assert!(all_rows.iter().any(|r| r.closure.is_none()));
    }

    #[test]
    fn case_ids_are_letters_digits_and_hyphens() {
        for case in history() {
            assert!(case
                .case_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'));
        }
    }
}
