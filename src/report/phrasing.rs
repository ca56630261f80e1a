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

/// `text` as it reads mid-sentence: its first letter lower-cased, unless its
/// first word is an acronym (“CSE screening tools”) or a single capital.
pub fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// The sentence that stands in for a chart whose every value is a symbol
/// (`[c]`, `[x]`, `[z]`): axes, symbols and a target line would say nothing.
pub fn no_chart_drawn(title: &str, symbols: &[&str]) -> String {
    let withheld = symbols.contains(&"[c]");
    let only_not_in = symbols.iter().all(|s| *s == "[x]");
    let why = match (withheld, symbols.iter().any(|s| *s != "[c]")) {
        (true, false) => "every figure in it is withheld ([c]) to protect the children counted",
        (true, true) => {
            "each of its figures is either withheld ([c]) to protect the children counted or not available"
        }
        _ if only_not_in => {
            "none of its figures is available ([x]): no return that carries them has come in"
        }
        _ => "there is no figure to draw (not available)",
    };
    format!(
        "No chart is drawn of {}: {why}.",
        lower_first(title.trim_end_matches('.'))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_of_symbols_only_is_said_in_one_wording() {
        let said = |symbols: &[&str]| no_chart_drawn("Missing episodes, by quarter.", symbols);
        assert_eq!(
            said(&["[c]", "[c]"]),
            "No chart is drawn of missing episodes, by quarter: every figure in it is withheld ([c]) to protect the children counted."
        );
        assert!(said(&["[c]", "[x]"]).contains("either withheld ([c])"));
        assert!(said(&["[x]", "[x]"]).contains("is available ([x]): no return"));
        assert!(said(&["[z]", "[x]"]).ends_with("there is no figure to draw (not available)."));
        assert!(no_chart_drawn("CSE screening tools", &["[x]"])
            .starts_with("No chart is drawn of CSE screening"));
        assert_eq!(lower_first("A&E attendances"), "A&E attendances");
        assert_eq!(lower_first(""), "");
    }

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
