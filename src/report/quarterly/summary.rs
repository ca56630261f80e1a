//! Section 2's sentences: the quarter in words, generated from the figures
//! ("Twelve new referrals were received, four more than last quarter; three
//! were assessed as high risk.").

use super::{DataQuality, HeadlineRow};
use crate::metrics::{DateRange, ReferralLog};
use crate::model::Dataset;
use crate::period::Quarter;
use crate::rag::Rag;
use crate::report::words::{capitalise, count, count_capitalised, counted, listed};
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
    if f.dataset.referral_log_agency.is_some() {
        out.extend(referral_sentences(f));
    }
    out.extend(action_sentences(f));
    out.extend(target_sentence(f));
    out.push(returns_sentence(f.quality));
    out
}

fn were(n: u64) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

fn referral_sentences(f: &Facts) -> Vec<String> {
    let now = ReferralLog::as_at(f.dataset, f.quarter).metrics(DateRange::quarter(f.quarter));
    let first = f.dataset.quarters().first().copied().unwrap_or(f.quarter);
    let comparison = if f.quarter.prev() >= first {
        let before = ReferralLog::as_at(f.dataset, f.quarter.prev())
            .metrics(DateRange::quarter(f.quarter.prev()));
        match now.new.cmp(&before.new) {
            std::cmp::Ordering::Greater => {
                format!(", {} more than last quarter", count(now.new - before.new))
            }
            std::cmp::Ordering::Less => {
                format!(", {} fewer than last quarter", count(before.new - now.new))
            }
            std::cmp::Ordering::Equal => ", the same as last quarter".to_string(),
        }
    } else {
        String::new()
    };
    let noun = if now.new == 1 {
        "new referral"
    } else {
        "new referrals"
    };
    let high = if now.new > 0 {
        format!(
            "; {} {} assessed as high risk",
            count(now.new_high),
            were(now.new_high)
        )
    } else {
        String::new()
    };
    vec![
        format!(
            "{} {noun} {} received{comparison}{high}.",
            count_capitalised(now.new),
            were(now.new)
        ),
        format!(
            "At the end of the quarter {} {} open; {} {} closed during it, {} with risk reduced.",
            counted(now.open_end, "referral", "referrals"),
            were(now.open_end),
            count(now.closed),
            were(now.closed),
            count(now.closed_reduced),
        ),
    ]
}

fn action_sentences(f: &Facts) -> Vec<String> {
    let t = f.tracking;
    let c = t.counts(None);
    let completed_now = t
        .states
        .iter()
        .filter(|a| a.completed_in == Some(f.quarter))
        .count() as u64;
    let mut out = vec![format!(
        "Of the plan's {}, {} {} complete and {} {} open; {} {} completed this quarter.",
        counted(c.actions as u64, "action", "actions"),
        count(c.complete as u64),
        if c.complete == 1 { "is" } else { "are" },
        count(c.open as u64),
        if c.open == 1 { "is" } else { "are" },
        count(completed_now),
        were(completed_now),
    )];
    out.push(if c.overdue == 0 {
        format!(
            "No actions are overdue; {} due in the next {} days.",
            counted(c.due_soon as u64, "is", "are"),
            t.due_soon_days
        )
    } else {
        format!(
            "{} overdue and {} due in the next {} days.",
            capitalise(&counted(c.overdue as u64, "action is", "actions are")),
            counted(c.due_soon as u64, "is", "are"),
            t.due_soon_days
        )
    });
    if c.slipped > 0 {
        out.push(format!(
            "{} had {} due date put back.",
            capitalise(&counted(
                c.slipped as u64,
                "open action has",
                "open actions have"
            )),
            if c.slipped == 1 { "its" } else { "their" }
        ));
    }
    out
}

fn target_sentence(f: &Facts) -> Option<String> {
    let rated: Vec<&HeadlineRow> = f.headline.iter().filter(|h| h.rag.rag.is_some()).collect();
    if rated.is_empty() {
        return None;
    }
    let met = rated
        .iter()
        .filter(|h| h.rag.rag == Some(Rag::Green))
        .count() as u64;
    let missed: Vec<&str> = rated
        .iter()
        .filter(|h| h.rag.rag == Some(Rag::Red))
        .map(|h| h.label.as_str())
        .collect();
    let mut s = format!(
        "{} of the {} with a target met it this quarter",
        count_capitalised(met),
        counted(rated.len() as u64, "measure", "measures")
    );
    if !missed.is_empty() {
        s.push_str(&format!(
            "; {} missed it by more than the {}% tolerance: {}",
            count(missed.len() as u64),
            f.dataset.plan.settings.rag_tolerance,
            listed(&missed)
        ));
    }
    s.push('.');
    Some(s)
}

fn returns_sentence(q: &DataQuality) -> String {
    let missing: Vec<&str> = q
        .returns
        .iter()
        .filter(|r| r.status.text == "Missing")
        .map(|r| r.agency.as_str())
        .collect();
    let late: Vec<&str> = q
        .returns
        .iter()
        .filter(|r| r.status.text == "Late")
        .map(|r| r.agency.as_str())
        .collect();
    let mut s = if q.received == q.expected {
        format!(
            "All {} agencies sent their return",
            count(q.expected as u64)
        )
    } else {
        format!(
            "{} of {} agencies sent their return",
            count_capitalised(q.received as u64),
            count(q.expected as u64)
        )
    };
    if !missing.is_empty() {
        s.push_str(&format!("; no return from {}", missing.join(", ")));
    }
    if !late.is_empty() {
        s.push_str(&format!("; late: {}", late.join(", ")));
    }
    if !q.not_provided.is_empty() {
        s.push_str(&format!(
            "; {} incomplete",
            counted(q.not_provided.len() as u64, "figure is", "figures are")
        ));
    }
    s.push('.');
    s
}
