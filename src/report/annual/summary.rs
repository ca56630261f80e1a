//! The annual summary: the year in a few sentences generated from the
//! published figures. A figure that disclosure control hides in the tables is
//! never printed, nor worked back from a difference, in a sentence.

use super::delivery::Delivery;
use super::figures::{self, PublishedYear};
use super::measures::MeasureYearRow;
use super::quality::YearQuality;
use crate::model::Dataset;
use crate::rag::Rag;
use crate::report::phrasing::{counted, how_many, is_are, number, sentence_start, was_were};
use crate::report::words::{listed, quarters_covered};

pub struct Facts<'a> {
    pub dataset: &'a Dataset,
    pub now: &'a PublishedYear,
    pub before: &'a PublishedYear,
    pub rows: &'a [MeasureYearRow],
    pub delivery: &'a Delivery,
    pub quality: &'a YearQuality,
    /// `31 March 2015`
    pub as_at: &'a str,
    /// `Q3 and Q4`
    pub covered: &'a str,
    /// Q4 has returns: the year is over and open actions carry forward.
    pub year_ended: bool,
}

pub fn sentences(f: &Facts) -> Vec<String> {
    let mut out = vec![coverage_sentence(f)];
    out.extend(referral_sentence(f));
    out.extend(action_sentences(f));
    out.extend(target_sentence(f));
    out.push(returns_sentence(f.quality));
    out
}

fn coverage_sentence(f: &Facts) -> String {
    let year = f.now.rollup.year;
    if f.now.rollup.quarters_with_data.len() == 4 {
        format!("This report covers the whole of {year}: returns came in for all four quarters.")
    } else {
        format!(
            "Returns for {year} cover {} only, so every figure for the year is for those quarters.",
            f.covered
        )
    }
}

fn published(f: &Facts, code: &str) -> bool {
    f.dataset.plan.measure(code).is_some_and(|m| m.publish)
}

/// New referrals in the year, with high risk and the change on last year
/// when every figure involved is shown.
fn referral_sentence(f: &Facts) -> Option<String> {
    if !published(f, "REF_NEW") || f.now.rollup.referral_quarters.is_empty() {
        return None;
    }
    let new = f.now.year("REF_NEW");
    let Some(n) = f.now.visible_count("REF_NEW") else {
        return Some(if figures::is_suppressed(new) {
            "The number of new referrals in the year is withheld ([c]) to protect the children counted.".to_string()
        } else {
            "There is no figure for new referrals in the year ([x]).".to_string()
        });
    };
    let when = if f.now.rollup.referral_quarters.len() == 4 {
        format!("In {}", f.now.rollup.year)
    } else {
        format!(
            "In {} of {}",
            quarters_covered(&f.now.rollup.referral_quarters),
            f.now.rollup.year
        )
    };
    let mut s = format!(
        "{when}, {} {} received",
        counted(n, "new referral", "new referrals"),
        was_were(n),
    );
    if let Some(change) = change_on_last_year(f, "REF_NEW") {
        s.push_str(&change);
    }
    if n > 0 && published(f, "REF_NEW_HIGH") {
        match f.now.visible_count("REF_NEW_HIGH") {
            Some(high) => s.push_str(&format!(
                "; {} {} assessed as high risk",
                how_many(high),
                was_were(high)
            )),
            None if figures::is_suppressed(f.now.year("REF_NEW_HIGH")) => {
                s.push_str("; the number assessed as high risk is withheld ([c])")
            }
            None => {}
        }
    }
    s.push('.');
    Some(s)
}

/// `, four more than in 2013-14` when both years and the change are shown
/// (the change is withheld wherever it would give a figure away).
fn change_on_last_year(f: &Facts, code: &str) -> Option<String> {
    let before = f.before.visible_count(code)?;
    let now = f.now.visible_count(code)?;
    f.now.change(code)?.visible_value()?.number()?;
    let last = if f.before.rollup.quarters_with_data.len() < 4 {
        format!(
            "{} of {}",
            quarters_covered(&f.before.rollup.quarters_with_data),
            f.before.rollup.year
        )
    } else {
        f.before.rollup.year.to_string()
    };
    Some(match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!(", {} more than in {last}", number(now - before)),
        std::cmp::Ordering::Less => format!(", {} fewer than in {last}", number(before - now)),
        std::cmp::Ordering::Equal => format!(", the same as in {last}"),
    })
}

fn action_sentences(f: &Facts) -> Vec<String> {
    let Some(all) = f.delivery.by_strand.last() else {
        return Vec::new();
    };
    let year = f.now.rollup.year;
    let mut first = format!(
        "Of the delivery plan's {}, {} {} completed in {year}",
        counted(all.actions as u64, "action", "actions"),
        how_many(all.completed_in_year as u64),
        was_were(all.completed_in_year as u64),
    );
    if all.completed_before > 0 {
        first.push_str(&format!(
            " ({} earlier)",
            number(all.completed_before as u64)
        ));
    }
    if all.cancelled > 0 {
        first.push_str(&format!(
            ", {} {} cancelled",
            number(all.cancelled as u64),
            was_were(all.cancelled as u64)
        ));
    }
    let carried = if f.year_ended {
        format!(
            ", to be carried forward into {}",
            crate::period::FinYear {
                start: year.start + 1
            }
        )
    } else {
        String::new()
    };
    first.push_str(&format!(
        " and {} {} still open as at {}{carried}.",
        how_many(all.open as u64),
        was_were(all.open as u64),
        f.as_at
    ));
    let second = match all.overdue {
        0 => format!("No open action was overdue as at {}.", f.as_at),
        n => format!(
            "{} {} overdue as at {}.",
            sentence_start(&counted(n as u64, "open action", "open actions")),
            was_were(n as u64),
            f.as_at
        ),
    };
    vec![first, second]
}

/// Measures rated against their target for the year (a suppressed figure is
/// not rated, since its rating would say something about it).
fn target_sentence(f: &Facts) -> Option<String> {
    let rated: Vec<&MeasureYearRow> = f.rows.iter().filter(|r| r.rag.is_rated()).collect();
    if rated.is_empty() {
        return None;
    }
    let with = |rag: Rag| -> Vec<&str> {
        rated
            .iter()
            .filter(|r| r.rag.rag == Some(rag))
            .map(|r| r.label.as_str())
            .collect()
    };
    let (met, near, missed) = (with(Rag::Green), with(Rag::Amber), with(Rag::Red));
    let of_them = counted(
        rated.len() as u64,
        "published measure",
        "published measures",
    );
    let mut s = match met.len() {
        0 => format!("None of the {of_them} with a target met it for the year"),
        n => format!(
            "{} of the {of_them} with a target met it for the year",
            number(n as u64)
        ),
    };
    if !near.is_empty() {
        s.push_str(&format!(
            "; {} missed it by no more than the {}% tolerance",
            number(near.len() as u64),
            f.dataset.plan.settings.rag_tolerance
        ));
    }
    if !missed.is_empty() {
        s.push_str(&format!(
            "; {} missed it by more: {}",
            number(missed.len() as u64),
            listed(&missed)
        ));
    }
    s.push('.');
    Some(s)
}

fn returns_sentence(q: &YearQuality) -> String {
    let mut s = if q.received == q.expected {
        format!(
            "Agencies sent all {} returns expected for the quarters with data",
            number(q.expected as u64)
        )
    } else {
        format!(
            "Agencies sent {} of the {} returns expected for the quarters with data",
            number(q.received as u64),
            number(q.expected as u64)
        )
    };
    if q.late > 0 {
        s.push_str(&format!(
            "; {} {} late",
            number(q.late as u64),
            was_were(q.late as u64)
        ));
    }
    if !q.incomplete.is_empty() {
        s.push_str(&format!(
            "; {} for the year {} incomplete (see Data quality)",
            counted(
                q.incomplete.len() as u64,
                "published figure",
                "published figures"
            ),
            is_are(q.incomplete.len() as u64)
        ));
    }
    s.push('.');
    s
}
