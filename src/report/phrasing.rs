//! Counts in generated sentences, in one number style (see README, "Wording"):
//! numerals for every count ("0" is said as "no" or "none", never "0"), whole
//! days, and the verb agreeing with the count. Pure wording: it must not
//! compute a figure, and must not be used for figures in tables.

use crate::report::words::{capitalise, thousands};

/// A count as a numeral, grouped in thousands: 0 → "0", 1234 → "1,234".
pub fn number(n: u64) -> String {
    thousands(n)
}

/// A count with its noun, for the subject or object of a sentence:
/// "no referrals", "1 referral", "12 referrals".
pub fn counted(n: u64, singular: &str, plural: &str) -> String {
    match n {
        0 => format!("no {plural}"),
        1 => format!("1 {singular}"),
        _ => format!("{} {plural}", number(n)),
    }
}

/// A count standing alone for things already named: "none", "1", "12".
pub fn how_many(n: u64) -> String {
    if n == 0 {
        "none".to_string()
    } else {
        number(n)
    }
}

/// `was` or `were` after a count (and "none were", as plain English has it).
pub fn was_were(n: u64) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// `is` or `are` after a count.
pub fn is_are(n: u64) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

/// `s` capitalised for the start of a sentence.
pub fn sentence_start(s: &str) -> String {
    capitalise(s)
}

/// A number of days as whole days: 155.0 → "155 days", 0.6 → "1 day";
/// `None` (no case to measure) → "not available".
pub fn whole_days(days: Option<f64>) -> String {
    match days.filter(|d| d.is_finite() && *d >= 0.0) {
        None => "not available".to_string(),
        Some(d) => {
            let n = d.round() as u64;
            format!("{} {}", number(n), if n == 1 { "day" } else { "days" })
        }
    }
}

/// "x more than", "x fewer than" or "the same as" last time.
pub fn compared(now: u64, before: u64, what: &str) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("{} more than {what}", number(now - before)),
        std::cmp::Ordering::Less => format!("{} fewer than {what}", number(before - now)),
        std::cmp::Ordering::Equal => format!("the same as {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_numerals_and_zero_is_no_or_none() {
        let cases: [(u64, &str, &str, &str, &str); 5] = [
            (0, "no referrals", "none", "were", "are"),
            (1, "1 referral", "1", "was", "is"),
            (2, "2 referrals", "2", "were", "are"),
            (17, "17 referrals", "17", "were", "are"),
            (12_345, "12,345 referrals", "12,345", "were", "are"),
        ];
        for (n, noun, alone, past, present) in cases {
            assert_eq!(counted(n, "referral", "referrals"), noun, "{n}");
            assert_eq!(how_many(n), alone, "{n}");
            assert_eq!(was_were(n), past, "{n}");
            assert_eq!(is_are(n), present, "{n}");
        }
    }

    #[test]
    fn days_are_whole_and_a_missing_median_says_so() {
        let cases: [(Option<f64>, &str); 7] = [
            (Some(0.0), "0 days"),
            (Some(1.0), "1 day"),
            (Some(0.6), "1 day"),
            (Some(2.0), "2 days"),
            (Some(155.0), "155 days"),
            (Some(1_234.5), "1,235 days"),
            (None, "not available"),
        ];
        for (days, text) in cases {
            assert_eq!(whole_days(days), text, "{days:?}");
        }
        assert_eq!(whole_days(Some(f64::NAN)), "not available");
    }

    #[test]
    fn a_change_is_said_in_numerals() {
        assert_eq!(compared(0, 0, "last quarter"), "the same as last quarter");
        assert_eq!(compared(1, 0, "last quarter"), "1 more than last quarter");
        assert_eq!(compared(2, 4, "last quarter"), "2 fewer than last quarter");
        assert_eq!(
            compared(120, 3, "last quarter"),
            "117 more than last quarter"
        );
    }
}
