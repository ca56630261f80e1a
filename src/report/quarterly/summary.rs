//! Section 2's sentences: the quarter in words, generated from the figures
//! ("12 new referrals were received, 4 more than last quarter; 3 were
//! assessed as high risk."), worded by `report::phrasing` in its one number
//! style. It must not compute a figure the tables do not show.

use super::{DataQuality, HeadlineRow};
use crate::metrics::{DateRange, ReferralLog};
use crate::model::Dataset;
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::phrasing::{
    compared, counted, how_many, is_are, number, sentence_start, was_were,
};
use crate::report::words::listed;
use crate::tracking::Tracking;

pub struct Facts<'a> {
    pub dataset: &'a Dataset,
    pub quarter: Quarter,
    pub tracking: &'a Tracking,
    pub headline: &'a [HeadlineRow],
    pub quality: &'a DataQuality,
}

pub fn sentences(f: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    let all_in = f.quality.received == f.quality.expected;
    // With returns missing, that comes first: every figure after it is read
    // in its light.
    if !all_in {
        out.push(returns_sentence(f));
    }
    if let Some(keeper) = f.dataset.referral_log_agency.as_deref() {
        match log_missing(f, keeper) {
            Some(name) => out.push(no_referral_log(&name)),
            None => out.extend(referral_sentences(f)),
        }
    }
    out.extend(action_sentences(f));
    out.extend(target_sentence(f));
    if all_in {
        out.push(returns_sentence(f));
    }
    out
}

/// The name of the referral log's keeper when its return for the quarter is
/// missing (the log as last sent would tell an old quarter as this one).
fn log_missing(f: &Facts, keeper: &str) -> Option<String> {
    f.quality
        .returns
        .iter()
        .find(|r| r.agency == keeper && r.status.text == "Missing")
        .map(|r| r.name.clone())
}

/// "The referral log comes with the return from Children's Social Care, which
/// has not come in, so there are no referral figures for this quarter."
fn no_referral_log(keeper: &str) -> String {
    format!(
        "The referral log comes with the return from {keeper}, which has not come in, so there are no referral figures for this quarter."
    )
}

fn referral_sentences(f: &Facts) -> Vec<String> {
    let now = ReferralLog::as_at(f.dataset, f.quarter).metrics(DateRange::quarter(f.quarter));
    let first = f.dataset.quarters().first().copied().unwrap_or(f.quarter);
    let before = (f.quarter.prev() >= first).then(|| {
        ReferralLog::as_at(f.dataset, f.quarter.prev())
            .metrics(DateRange::quarter(f.quarter.prev()))
            .new
    });
    vec![
        new_referrals(now.new, now.new_high, before),
        open_and_closed(now.open_end, now.closed, now.closed_reduced),
    ]
}

/// "12 new referrals were received, 4 more than last quarter; 3 were
/// assessed as high risk." `before` is `None` when there is no last quarter.
fn new_referrals(new: u64, high: u64, before: Option<u64>) -> String {
    let comparison = before
        .map(|b| format!(", {}", compared(new, b, "last quarter")))
        .unwrap_or_default();
    let high = match (new, high) {
        (0, _) => String::new(),
        (1, 0) => "; it was not assessed as high risk".to_string(),
        (1, _) => "; it was assessed as high risk".to_string(),
        (_, h) => format!("; {} {} assessed as high risk", how_many(h), was_were(h)),
    };
    format!(
        "{} {} received{comparison}{high}.",
        sentence_start(&counted(new, "new referral", "new referrals")),
        was_were(new)
    )
}

/// "At the end of the quarter 25 referrals were open; 3 were closed during
/// it, 2 with risk reduced."
fn open_and_closed(open: u64, closed: u64, reduced: u64) -> String {
    let closed = match closed {
        0 => "none were closed during it".to_string(),
        n => format!(
            "{} {} closed during it, {} with risk reduced",
            number(n),
            was_were(n),
            how_many(reduced)
        ),
    };
    format!(
        "At the end of the quarter {} {} open; {closed}.",
        counted(open, "referral", "referrals"),
        was_were(open)
    )
}

fn action_sentences(f: &Facts) -> Vec<String> {
    let t = f.tracking;
    let c = t.counts(None);
    let completed_now = t
        .states
        .iter()
        .filter(|a| a.completed_in == Some(f.quarter))
        .count() as u64;
    let mut out = vec![
        plan_actions(
            c.actions as u64,
            c.complete as u64,
            c.open as u64,
            completed_now,
        ),
        overdue_actions(c.overdue as u64, c.due_soon as u64, t.due_soon_days),
    ];
    out.extend(slipped_actions(c.slipped as u64));
    out
}

/// "Of the plan's 43 actions, 17 are complete and 26 are open; 3 were
/// completed this quarter."
fn plan_actions(actions: u64, complete: u64, open: u64, completed_now: u64) -> String {
    if actions == 0 {
        return "The plan has no actions.".to_string();
    }
    format!(
        "Of the plan's {}, {} {} complete and {} {} open; {} {} completed this quarter.",
        counted(actions, "action", "actions"),
        how_many(complete),
        is_are(complete),
        how_many(open),
        is_are(open),
        how_many(completed_now),
        was_were(completed_now),
    )
}

/// "No actions are overdue; 2 are due in the next 30 days."
fn overdue_actions(overdue: u64, due_soon: u64, days: u32) -> String {
    format!(
        "{} {} overdue; {} {} due in the next {} days.",
        sentence_start(&counted(overdue, "action", "actions")),
        is_are(overdue),
        how_many(due_soon),
        is_are(due_soon),
        days
    )
}

/// "2 open actions have had their due date put back." (nothing when none has).
fn slipped_actions(slipped: u64) -> Option<String> {
    match slipped {
        0 => None,
        1 => Some("1 open action has had its due date put back.".to_string()),
        n => Some(format!(
            "{} open actions have had their due date put back.",
            number(n)
        )),
    }
}

fn target_sentence(f: &Facts) -> Option<String> {
    let rated: Vec<&HeadlineRow> = f.headline.iter().filter(|h| h.rag.is_rated()).collect();
    let met = rated
        .iter()
        .filter(|h| h.rag.rag == Some(Rag::Green))
        .count() as u64;
    let missed: Vec<&str> = rated
        .iter()
        .filter(|h| h.rag.rag == Some(Rag::Red))
        .map(|h| h.label.as_str())
        .collect();
    targets(
        met,
        rated.len() as u64,
        &missed,
        f.dataset.plan.settings.rag_tolerance,
    )
}

/// "3 of the 5 measures with a target met it this quarter; 1 missed it by
/// more than the 10% tolerance: Arrests." Nothing when no measure is rated.
fn targets(met: u64, rated: u64, missed: &[&str], tolerance: f64) -> Option<String> {
    if rated == 0 {
        return None;
    }
    let mut s = match (met, rated) {
        (_, 1) if met == 1 => "The 1 measure with a target met it this quarter".to_string(),
        (_, 1) => "The 1 measure with a target did not meet it this quarter".to_string(),
        (0, n) => format!(
            "None of the {} measures with a target met it this quarter",
            number(n)
        ),
        (m, n) => format!(
            "{} of the {} measures with a target met it this quarter",
            number(m),
            number(n)
        ),
    };
    if !missed.is_empty() {
        s.push_str(&format!(
            "; {} missed it by more than the {}% tolerance: {}",
            number(missed.len() as u64),
            tolerance,
            listed(missed)
        ));
    }
    s.push('.');
    Some(s)
}

fn returns_sentence(f: &Facts) -> String {
    let q = f.quality;
    let pick = |status: &str| -> Vec<&str> {
        q.returns
            .iter()
            .filter(|r| r.status.text == status)
            .map(|r| r.name.as_str())
            .collect()
    };
    let incomplete = crate::metrics::quarter_values(f.dataset, f.quarter)
        .values()
        .filter(|v| !v.missing.is_empty())
        .count() as u64;
    returns(
        q.received as u64,
        q.expected as u64,
        &pick("Missing"),
        &pick("Late"),
        incomplete,
    )
}

/// "10 of 12 returns received; missing: Project 28 and Sirona; late: AWP; 14
/// figures are incomplete (marked [i]) and not rated." Agencies by name.
fn returns(
    received: u64,
    expected: u64,
    missing: &[&str],
    late: &[&str],
    incomplete: u64,
) -> String {
    let mut s = match (received, expected) {
        (_, 0) => "No return was expected".to_string(),
        (1, 1) => "The 1 return expected was received".to_string(),
        (0, 1) => "The 1 return expected was not received".to_string(),
        (r, e) if r == e => format!("All {} returns received", number(e)),
        (0, e) => format!("None of the {} returns expected were received", number(e)),
        (r, e) => format!("{} of {} returns received", number(r), number(e)),
    };
    if !missing.is_empty() {
        s.push_str(&format!("; missing: {}", listed(missing)));
    }
    if !late.is_empty() {
        s.push_str(&format!("; late: {}", listed(late)));
    }
    if incomplete > 0 {
        s.push_str(&format!(
            "; {} {} incomplete (marked {}) and not rated",
            counted(incomplete, "figure", "figures"),
            is_are(incomplete),
            crate::report::INCOMPLETE_MARK
        ));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words a sentence of the old style could print; none may appear.
    fn reads_right(s: &str) {
        for wrong in [
            "no were",
            "no with",
            "No of",
            " 0 ",
            "1 warnings",
            "1 errors",
            ".0 ",
            "All 1 ",
        ] {
            assert!(!s.contains(wrong), "“{wrong}” in: {s}");
        }
        for spelled in [
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "twelve",
            "seventeen",
            "twenty",
        ] {
            assert!(
                !s.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(spelled)),
                "a spelled-out number in: {s}"
            );
        }
    }

    #[test]
    fn new_referrals_at_0_1_2_many_and_with_no_last_quarter() {
        let cases: [(u64, u64, Option<u64>, &str); 7] = [
            (
                0,
                0,
                Some(0),
                "No new referrals were received, the same as last quarter.",
            ),
            (
                0,
                0,
                Some(3),
                "No new referrals were received, 3 fewer than last quarter.",
            ),
            (
                1,
                0,
                Some(0),
                "1 new referral was received, 1 more than last quarter; it was not assessed as high risk.",
            ),
            (
                1,
                1,
                None,
                "1 new referral was received; it was assessed as high risk.",
            ),
            (
                2,
                0,
                Some(2),
                "2 new referrals were received, the same as last quarter; none were assessed as high risk.",
            ),
            (
                2,
                1,
                Some(1),
                "2 new referrals were received, 1 more than last quarter; 1 was assessed as high risk.",
            ),
            (
                1_204,
                17,
                Some(26),
                "1,204 new referrals were received, 1,178 more than last quarter; 17 were assessed as high risk.",
            ),
        ];
        for (new, high, before, text) in cases {
            let said = new_referrals(new, high, before);
            assert_eq!(said, text);
            reads_right(&said);
        }
    }

    #[test]
    fn open_and_closed_referrals_at_0_1_2_and_many() {
        let cases: [(u64, u64, u64, &str); 5] = [
            (
                0,
                0,
                0,
                "At the end of the quarter no referrals were open; none were closed during it.",
            ),
            (
                1,
                1,
                0,
                "At the end of the quarter 1 referral was open; 1 was closed during it, none with risk reduced.",
            ),
            (
                2,
                2,
                1,
                "At the end of the quarter 2 referrals were open; 2 were closed during it, 1 with risk reduced.",
            ),
            (
                25,
                0,
                0,
                "At the end of the quarter 25 referrals were open; none were closed during it.",
            ),
            (
                25,
                12,
                12,
                "At the end of the quarter 25 referrals were open; 12 were closed during it, 12 with risk reduced.",
            ),
        ];
        for (open, closed, reduced, text) in cases {
            let said = open_and_closed(open, closed, reduced);
            assert_eq!(said, text);
            reads_right(&said);
        }
    }

    #[test]
    fn actions_at_0_1_2_and_many() {
        let cases: [(u64, u64, u64, u64, &str); 5] = [
            (0, 0, 0, 0, "The plan has no actions."),
            (
                1,
                0,
                1,
                0,
                "Of the plan's 1 action, none are complete and 1 is open; none were completed this quarter.",
            ),
            (
                2,
                1,
                1,
                1,
                "Of the plan's 2 actions, 1 is complete and 1 is open; 1 was completed this quarter.",
            ),
            (
                43,
                17,
                26,
                2,
                "Of the plan's 43 actions, 17 are complete and 26 are open; 2 were completed this quarter.",
            ),
            (
                43,
                43,
                0,
                0,
                "Of the plan's 43 actions, 43 are complete and none are open; none were completed this quarter.",
            ),
        ];
        for (actions, complete, open, now, text) in cases {
            let said = plan_actions(actions, complete, open, now);
            assert_eq!(said, text);
            reads_right(&said);
        }
        let overdue: [(u64, u64, &str); 4] = [
            (
                0,
                0,
                "No actions are overdue; none are due in the next 30 days.",
            ),
            (1, 1, "1 action is overdue; 1 is due in the next 30 days."),
            (
                2,
                0,
                "2 actions are overdue; none are due in the next 30 days.",
            ),
            (
                26,
                14,
                "26 actions are overdue; 14 are due in the next 30 days.",
            ),
        ];
        for (late, soon, text) in overdue {
            let said = overdue_actions(late, soon, 30);
            assert_eq!(said, text);
            reads_right(&said);
        }
        assert_eq!(slipped_actions(0), None);
        assert_eq!(
            slipped_actions(1).as_deref(),
            Some("1 open action has had its due date put back.")
        );
        assert_eq!(
            slipped_actions(12).as_deref(),
            Some("12 open actions have had their due date put back.")
        );
    }

    #[test]
    fn targets_at_0_1_2_many_and_none_rated() {
        assert_eq!(
            targets(0, 0, &[], 10.0),
            None,
            "no rated measure: no sentence"
        );
        let cases: [(u64, u64, &[&str], &str); 5] = [
            (
                0,
                1,
                &["Arrests"],
                "The 1 measure with a target did not meet it this quarter; 1 missed it by more than the 10% tolerance: Arrests.",
            ),
            (1, 1, &[], "The 1 measure with a target met it this quarter."),
            (
                0,
                2,
                &[],
                "None of the 2 measures with a target met it this quarter.",
            ),
            (2, 2, &[], "2 of the 2 measures with a target met it this quarter."),
            (
                9,
                12,
                &["A & B", "C"],
                "9 of the 12 measures with a target met it this quarter; 2 missed it by more than the 10% tolerance: A & B and C.",
            ),
        ];
        for (met, rated, missed, text) in cases {
            let said = targets(met, rated, missed, 10.0).unwrap_or_default();
            assert_eq!(said, text);
            reads_right(&said);
        }
    }

    #[test]
    fn returns_at_0_1_2_many_and_none_expected() {
        let cases: [(u64, u64, &[&str], u64, &str); 8] = [
            (0, 0, &[], 0, "No return was expected."),
            (
                0,
                12,
                &["AWP", "Children's Social Care"],
                0,
                "None of the 12 returns expected were received; missing: AWP and Children's Social Care.",
            ),
            (
                1,
                1,
                &[],
                1,
                "The 1 return expected was received; 1 figure is incomplete (marked [i]) and not rated.",
            ),
            (
                0,
                1,
                &["Police"],
                0,
                "The 1 return expected was not received; missing: Police.",
            ),
            (2, 2, &[], 0, "All 2 returns received."),
            (
                2,
                12,
                &["AWP", "Barnardo's", "Sirona"],
                2,
                "2 of 12 returns received; missing: AWP, Barnardo's and Sirona; 2 figures are incomplete (marked [i]) and not rated.",
            ),
            (
                11,
                12,
                &["Project 28"],
                6,
                "11 of 12 returns received; missing: Project 28; 6 figures are incomplete (marked [i]) and not rated.",
            ),
            (12, 12, &[], 0, "All 12 returns received."),
        ];
        for (received, expected, missing, incomplete, text) in cases {
            let said = returns(received, expected, missing, &[], incomplete);
            assert_eq!(said, text);
            reads_right(&said);
        }
        assert_eq!(
            returns(12, 12, &[], &["AWP"], 0),
            "All 12 returns received; late: AWP."
        );
    }

    #[test]
    fn a_missing_referral_log_says_there_are_no_referral_figures() {
        let said = no_referral_log("Children's Social Care");
        assert_eq!(
            said,
            "The referral log comes with the return from Children's Social Care, which has not come in, so there are no referral figures for this quarter."
        );
        reads_right(&said);
    }
}
