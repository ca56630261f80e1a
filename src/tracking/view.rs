//! The action tracker for the terminal (`boardpack actions`): aligned plain text,
//! optionally ANSI-coloured, or pretty JSON. Formats a `Tracking`; computes no
//! figure, reads no file or clock, and decides nothing about colour by itself (the
//! caller says whether stdout is a terminal and how wide it is). Input text is
//! escaped for the terminal (`crate::terminal::escape`) before it is laid out.
//!
//! Text layout — a header line with the as-of date and the count of each
//! section (the same counts the sections' headings give), then one block per
//! section that has actions (overdue, due soon, slipped, the rest), each grouped
//! by agency and owner. Given a width, the action text wraps under its column
//! (or on lines of its own when the columns leave too little room); without
//! one (piped), every line is printed in full:
//!
//! ```text
//! Actions as of 31/03/2015 (2014-15 Q4), all agencies: 4 actions, 3 open — 1 overdue, ...
//!
//! OVERDUE (1)
//!   CSC  Children's Social Care
//!     Principal Social Worker
//!       PV-01  Off track  08/01/2015  82 days overdue  Deliver the awareness campaign
//! ```

use super::{group_by_owner, ActionState, Counts, Rag, Section, Tracking};
use crate::model::{Plan, Status};
use crate::period::Quarter;
use crate::terminal::escape;
use chrono::NaiveDate;
use serde::Serialize;

/// Below this many columns left for the action text beside the others, the
/// text goes on lines of its own under the row.
const ACTION_TEXT_MIN: usize = 24;
/// The indent of a row, and of action text on lines of its own.
const ROW_INDENT: usize = 6;
const OWN_LINE_INDENT: usize = 8;

/// How the text is shown: `colour` adds ANSI colour (RAG on the status, bold
/// headings); `width` is the terminal's width to fit (`None`: print in full).
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub colour: bool,
    pub width: Option<usize>,
}

/// The tracker as text. Ends with a newline.
pub fn render_text(t: &Tracking, plan: &Plan, agency: Option<&str>, style: Style) -> String {
    let paint = Paint { on: style.colour };
    let counts = t.counts(agency);
    let mut out = header(t, plan, agency, &counts);
    if let Some(width) = style.width {
        out = wrap(out.trim_end(), width).join("\n") + "\n";
    }
    if counts.actions == 0 {
        out.push_str(&match agency {
            Some(code) => format!(
                "No actions in the plan are led by {}.\n",
                escape(&code.trim().to_ascii_uppercase())
            ),
            None => "The plan has no actions.\n".to_string(),
        });
        return out;
    }
    for section in Section::ALL {
        let states = t.section(section, agency);
        if !states.is_empty() {
            out.push('\n');
            out.push_str(&render_section(section, &states, plan, paint, style.width));
        }
    }
    out
}

/// The tracker as pretty JSON: the as-of date, counts, and every action's state
/// (plan order) with its section and agency name. Ends with a newline.
pub fn render_json(
    t: &Tracking,
    plan: &Plan,
    agency: Option<&str>,
) -> Result<String, serde_json::Error> {
    let view = JsonView {
        as_of: t.as_of,
        quarter: t.quarter,
        agency: agency.map(|code| code.trim().to_ascii_uppercase()),
        due_soon_days: t.due_soon_days,
        counts: t.counts(agency),
        actions: t
            .led_by(agency)
            .map(|state| JsonAction {
                state,
                agency_name: plan.agency(&state.agency).map(|a| a.name.as_str()),
                section: state.section(),
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&view)?;
    json.push('\n');
    Ok(json)
}

#[derive(Serialize)]
struct JsonView<'a> {
    as_of: NaiveDate,
    quarter: Quarter,
    agency: Option<String>,
    due_soon_days: u32,
    counts: Counts,
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    #[serde(flatten)]
    state: &'a ActionState,
    agency_name: Option<&'a str>,
    section: Section,
}

/// The header: each section's count as its heading gives it; the slipped
/// actions that are also overdue or due soon are counted once more, apart.
fn header(t: &Tracking, plan: &Plan, agency: Option<&str>, c: &Counts) -> String {
    let whose = match agency {
        Some(code) => agency_title(plan, &code.trim().to_ascii_uppercase()),
        None => "all agencies".to_string(),
    };
    let slipped_section = t.section(Section::Slipped, agency).len();
    let slipped_elsewhere = c.slipped - slipped_section.min(c.slipped);
    let also = if slipped_elsewhere > 0 {
        format!(
            " ({} of the overdue or due soon {} slipped too)",
            slipped_elsewhere,
            if slipped_elsewhere == 1 {
                "has"
            } else {
                "have"
            }
        )
    } else {
        String::new()
    };
    format!(
        "Actions as of {} ({}), {whose}: {}, {} open — {} overdue, {} due soon (within {}), \
         {} slipped{also}; {} complete, {} cancelled.\n",
        day(t.as_of),
        t.quarter,
        plural(c.actions as i64, "action", "actions"),
        c.open,
        c.overdue,
        c.due_soon,
        plural(t.due_soon_days, "day", "days"),
        slipped_section,
        c.complete,
        c.cancelled,
    )
}

/// Dates as people read them everywhere else in boardpack: 31/01/2015.
fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `CSC  Children's Social Care`, or the code alone when the plan does not name it.
fn agency_title(plan: &Plan, code: &str) -> String {
    match plan.agency(code) {
        Some(a) => format!("{}  {}", escape(code), one_line(&a.name)),
        None => escape(code).into_owned(),
    }
}

fn render_section(
    section: Section,
    states: &[&ActionState],
    plan: &Plan,
    paint: Paint,
    width: Option<usize>,
) -> String {
    let rows: Vec<Row> = states.iter().map(|s| Row::of(s, section)).collect();
    let widths = Row::widths(&rows);
    let fit = |text: String| match width {
        Some(w) => truncate(&text, w),
        None => text,
    };
    let mut out = paint.heading(
        section,
        &format!("{} ({})", section.label().to_uppercase(), states.len()),
    );
    out.push('\n');
    let mut current_agency = None;
    for group in group_by_owner(states.iter().copied()) {
        if current_agency != Some(group.agency) {
            out.push_str(&fit(format!("  {}", agency_title(plan, group.agency))));
            out.push('\n');
            current_agency = Some(group.agency);
        }
        out.push_str(&fit(format!("    {}", one_line(group.owner))));
        out.push('\n');
        for state in group.actions {
            let row = Row::of(state, section);
            out.push_str(&row.lines(&widths, state.rag, paint, width));
        }
    }
    out
}

/// One action's cells, before padding.
struct Row {
    reference: String,
    status: String,
    due: String,
    note: String,
    action: String,
}

impl Row {
    fn of(s: &ActionState, section: Section) -> Row {
        let due = if s.effective_due == s.plan_due {
            day(s.effective_due)
        } else {
            format!("{} (plan {})", day(s.effective_due), day(s.plan_due))
        };
        Row {
            reference: one_line(&s.ref_),
            status: s.status.label().to_string(),
            due,
            note: note(s, section),
            action: one_line(&s.action),
        }
    }

    /// Widths of the padded columns (all but the last, the action text).
    fn widths(rows: &[Row]) -> [usize; 4] {
        rows.iter().fold([0; 4], |w, r| {
            [
                w[0].max(width(&r.reference)),
                w[1].max(width(&r.status)),
                w[2].max(width(&r.due)),
                w[3].max(width(&r.note)),
            ]
        })
    }

    /// The row's line(s), each ending with a newline: in full without a
    /// width; with one, the action text wrapped under its column, or on lines
    /// of its own when the other columns leave it too little room.
    fn lines(&self, widths: &[usize; 4], rag: Rag, paint: Paint, width: Option<usize>) -> String {
        let indent = " ".repeat(ROW_INDENT);
        let cells = [
            pad(&self.reference, widths[0]),
            paint.rag(rag, &self.status) + &padding(&self.status, widths[1]),
            pad(&self.due, widths[2]),
            pad(&self.note, widths[3]),
        ];
        let columns = cells.join("  ");
        let Some(width) = width else {
            return format!("{indent}{columns}  {}\n", self.action)
                .trim_end()
                .to_string()
                + "\n";
        };
        let before_action = ROW_INDENT + widths.iter().sum::<usize>() + 2 * widths.len();
        let room = width.saturating_sub(before_action);
        let own = width.saturating_sub(OWN_LINE_INDENT).max(ACTION_TEXT_MIN);
        let own_lines = |text: &str| -> String {
            wrap(text, own)
                .into_iter()
                .map(|line| format!("{}{line}\n", " ".repeat(OWN_LINE_INDENT)))
                .collect()
        };
        if room >= ACTION_TEXT_MIN {
            let mut wrapped = wrap(&self.action, room).into_iter();
            let first = wrapped.next().unwrap_or_default();
            let mut out = format!("{indent}{columns}  {first}").trim_end().to_string() + "\n";
            for more in wrapped {
                out.push_str(&format!("{}{more}\n", " ".repeat(before_action)));
            }
            out
        } else if before_action.saturating_sub(2) <= width {
            // The columns fit, the text goes under them.
            format!("{indent}{columns}").trim_end().to_string() + "\n" + &own_lines(&self.action)
        } else {
            // Too narrow for the columns too: the note joins the text underneath.
            let short = cells[..3].join("  ");
            format!("{indent}{short}").trim_end().to_string()
                + "\n"
                + &own_lines(&self.note)
                + &own_lines(&self.action)
        }
    }
}

/// What matters about the action's deadline, then any slip or reopening.
fn note(s: &ActionState, section: Section) -> String {
    let deadline = match (section, s.status) {
        (Section::Overdue, _) => format!("{} overdue", plural(s.days_overdue, "day", "days")),
        (_, Status::Complete) => match s.completed_in {
            Some(q) => format!("completed {q}"),
            None => "completed".to_string(),
        },
        (_, Status::Cancelled) => "cancelled".to_string(),
        _ if s.days_until_due == 0 => "due today".to_string(),
        _ => format!("due in {}", plural(s.days_until_due, "day", "days")),
    };
    let mut parts = vec![deadline];
    if s.slipped {
        parts.push(format!(
            "slipped {}, revised {}",
            plural(s.days_slipped, "day", "days"),
            times(s.revisions)
        ));
    } else if s.revisions > 0 {
        parts.push(format!("revised {}", times(s.revisions)));
    }
    if s.reopened {
        parts.push("reopened after Complete".to_string());
    }
    parts.join(", ")
}

fn times(n: u32) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Cells from spreadsheets may hold line breaks; a row must stay one line.
/// Control characters are escaped (`crate::terminal::escape`).
fn one_line(text: &str) -> String {
    escape(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// Words into lines of at most `max` characters; a word longer than a line
/// is cut across lines.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        if !line.is_empty() && width(&line) + 1 + word.len() <= max {
            line.push(' ');
            line.extend(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > max {
            lines.push(word.drain(..max).collect());
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn pad(text: &str, to: usize) -> String {
    format!("{text}{}", padding(text, to))
}

fn padding(text: &str, to: usize) -> String {
    " ".repeat(to.saturating_sub(width(text)))
}

/// ANSI colour, or nothing when output is not a terminal.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    const RESET: &'static str = "\x1b[0m";

    fn wrap(self, code: &str, text: &str) -> String {
        if self.on {
            format!("{code}{text}{}", Self::RESET)
        } else {
            text.to_string()
        }
    }

    fn rag(self, rag: Rag, text: &str) -> String {
        let code = match rag {
            Rag::Red => "\x1b[31m",
            Rag::Amber => "\x1b[33m",
            Rag::Green => "\x1b[32m",
            Rag::Blue => "\x1b[34m",
            Rag::Grey => "\x1b[90m",
        };
        self.wrap(code, text)
    }

    fn heading(self, section: Section, text: &str) -> String {
        let code = match section {
            Section::Overdue => "\x1b[1;31m",
            Section::DueSoon => "\x1b[1;33m",
            Section::Slipped | Section::Other => "\x1b[1m",
        };
        self.wrap(code, text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::track;
    use super::*;
    use crate::model::{Dataset, Status};
    use crate::period::Quarter;
    use crate::period::Q;

    const Q3: Quarter = Quarter {
        year: 2014,
        q: Q::Q3,
    };

    /// As of 2014-12-31: one of each section, across two agencies and owners.
    fn sample() -> Dataset {
        dataset(
            vec![
                action(
                    "PV-01",
                    "CSC",
                    "Principal Social Worker",
                    None,
                    date(2015, 3, 1),
                ),
                action(
                    "PV-02",
                    "POLICE",
                    "DCI Public Protection",
                    None,
                    date(2014, 12, 15),
                ),
                action("PV-03", "CSC", "Head of Service", None, date(2014, 12, 31)),
                action(
                    "PV-04",
                    "CSC",
                    "Principal Social Worker",
                    None,
                    date(2014, 11, 1),
                ),
                action(
                    "PV-05",
                    "POLICE",
                    "DCI Public Protection",
                    None,
                    date(2014, 11, 30),
                ),
                action("PV-06", "CSC", "Head of Service", None, date(2015, 1, 8)),
            ],
            vec![
                ret(
                    "CSC",
                    Q3,
                    vec![
                        update("PV-01", Status::OnTrack, Some(date(2015, 6, 1))),
                        update("PV-03", Status::AtRisk, None),
                        update("PV-04", Status::OffTrack, None),
                        update("PV-06", Status::Complete, None),
                    ],
                ),
                ret("POLICE", Q3, vec![update("PV-02", Status::OnTrack, None)]),
            ],
        )
    }

    fn text(agency: Option<&str>, colour: bool) -> String {
        let d = sample();
        let t = track(&d, date(2014, 12, 31));
        render_text(
            &t,
            &d.plan,
            agency,
            Style {
                colour,
                width: None,
            },
        )
    }

    fn position(haystack: &str, needle: &str) -> usize {
        haystack
            .find(needle)
            .unwrap_or_else(|| panic!("“{needle}” not in:\n{haystack}"))
    }

    #[test]
    fn header_gives_the_as_of_date_and_counts() {
        let out = text(None, false);
        let first = out.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "Actions as of 31/12/2014 (2014-15 Q3), all agencies: 6 actions, 5 open — \
             3 overdue, 1 due soon (within 42 days), 1 slipped; 1 complete, 0 cancelled."
        );
    }

    #[test]
    fn sections_come_overdue_then_due_soon_then_slipped_then_the_rest() {
        let out = text(None, false);
        let overdue = position(&out, "OVERDUE (3)");
        let due_soon = position(&out, "DUE SOON (1)");
        let slipped = position(&out, "SLIPPED (1)");
        let other = position(&out, "OTHER ACTIONS (1)");
        assert!(
            overdue < due_soon && due_soon < slipped && slipped < other,
            "{out}"
        );
        assert!(position(&out, "PV-04") < due_soon);
        assert!(position(&out, "PV-03") > due_soon && position(&out, "PV-03") < slipped);
        assert!(position(&out, "PV-01") > slipped && position(&out, "PV-01") < other);
        assert!(position(&out, "PV-06") > other);
    }

    #[test]
    fn overdue_is_grouped_by_agency_then_owner_most_overdue_first() {
        let out = text(None, false);
        let block = &out[position(&out, "OVERDUE")..position(&out, "DUE SOON")];
        let lines: Vec<&str> = block.lines().map(str::trim_end).collect();
        assert_eq!(lines[1], "  CSC  Children's Social Care");
        assert_eq!(lines[2], "    Principal Social Worker");
        assert!(
            lines[3].starts_with("      PV-04  Off track    01/11/2014  60 days overdue"),
            "{block}"
        );
        assert_eq!(lines[4], "  POLICE  Avon and Somerset Constabulary");
        assert_eq!(lines[5], "    DCI Public Protection");
        assert!(
            lines[6].contains("PV-05") && lines[6].contains("31 days overdue"),
            "{block}"
        );
        assert!(
            lines[7].contains("PV-02") && lines[7].contains("16 days overdue"),
            "{block}"
        );
    }

    #[test]
    fn rows_say_days_until_due_and_days_slipped() {
        let out = text(None, false);
        let pv03 = out
            .lines()
            .find(|l| l.contains("PV-03"))
            .unwrap_or_default();
        assert!(pv03.contains("due today"), "{pv03}");
        let pv01 = out
            .lines()
            .find(|l| l.contains("PV-01"))
            .unwrap_or_default();
        assert!(pv01.contains("01/06/2015 (plan 01/03/2015)"), "{pv01}");
        assert!(
            pv01.contains("due in 152 days, slipped 92 days, revised once"),
            "{pv01}"
        );
        let pv06 = out
            .lines()
            .find(|l| l.contains("PV-06"))
            .unwrap_or_default();
        assert!(pv06.contains("completed 2014-15 Q3"), "{pv06}");
    }

    #[test]
    fn columns_line_up_within_a_section() {
        let out = text(None, false);
        let block = &out[position(&out, "OVERDUE")..position(&out, "DUE SOON")];
        let rows: Vec<&str> = block
            .lines()
            .filter(|l| l.trim_start().starts_with("PV-"))
            .collect();
        assert_eq!(rows.len(), 3);
        let action_column: Vec<usize> = rows.iter().map(|r| position(r, "Deliver")).collect();
        assert!(action_column.windows(2).all(|w| w[0] == w[1]), "{block}");
    }

    #[test]
    fn plain_text_has_no_escape_codes_and_colour_text_does() {
        let plain = text(None, false);
        assert!(!plain.contains('\x1b'));
        assert!(
            plain.lines().all(|l| l == l.trim_end()),
            "no trailing spaces"
        );
        let coloured = text(None, true);
        assert!(
            coloured.contains("\x1b[31mOn track"),
            "overdue On track is red"
        );
        assert!(coloured.contains("\x1b[34mComplete"), "complete is blue");
    }

    #[test]
    fn agency_filter_keeps_only_its_actions() {
        let out = text(Some("police"), false);
        assert!(out.starts_with("Actions as of 31/12/2014 (2014-15 Q3), POLICE  Avon and Somerset Constabulary: 2 actions"));
        assert!(out.contains("PV-02") && out.contains("PV-05"));
        assert!(!out.contains("PV-01") && !out.contains("CSC"));
        let none = text(Some("ruh"), false);
        assert!(
            none.ends_with("No actions in the plan are led by RUH.\n"),
            "{none}"
        );
    }

    fn fitted(d: &Dataset, width: Option<usize>) -> String {
        let t = track(d, date(2014, 12, 31));
        render_text(
            &t,
            &d.plan,
            None,
            Style {
                colour: false,
                width,
            },
        )
    }

    #[test]
    fn long_action_text_is_whole_when_piped_and_wrapped_to_the_width_given() {
        let mut d = sample();
        let long = format!("Line one\nline two {}", "word ".repeat(30));
        d.plan.actions[0].action = long.clone();
        let flat = long.split_whitespace().collect::<Vec<_>>().join(" ");
        let piped = fitted(&d, None);
        let pv01 = piped
            .lines()
            .find(|l| l.contains("PV-01"))
            .unwrap_or_default();
        assert!(pv01.ends_with(&flat), "the whole text on one line: {pv01}");
        for width in [60, 80, 120] {
            let out = fitted(&d, Some(width));
            assert!(
                out.lines().all(|l| l.chars().count() <= width),
                "every line fits {width}:\n{out}"
            );
            let words: usize = out.matches("word").count();
            assert_eq!(words, 30, "no word lost at width {width}:\n{out}");
        }
        let narrow = fitted(&d, Some(60));
        let row = position(&narrow, "PV-01");
        assert!(
            narrow[row..]
                .lines()
                .take(3)
                .any(|l| l.starts_with("        Line one")),
            "at 60 columns the text goes under the row:\n{narrow}"
        );
    }

    #[test]
    fn control_characters_in_an_action_title_are_escaped() {
        let mut d = sample();
        d.plan.actions[0].action = "Title\u{1b}[2J\u{1b}]0;owned\u{7} \u{9b}31m end".into();
        d.plan.actions[0].owner = "Owner\u{1b}[8m".into();
        let out = fitted(&d, None);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{7}'),
            "{out}"
        );
        assert!(
            out.contains("Title\\x1b[2J\\x1b]0;owned\\x07 \\u{9b}31m end"),
            "{out}"
        );
        assert!(out.contains("Owner\\x1b[8m"), "{out}");
    }

    #[test]
    fn header_counts_are_the_sections_counts() {
        let mut d = sample();
        // PV-04 slips as well as being overdue: counted once in OVERDUE, named apart.
        d.returns[0].actions[2].revised_due = Some(date(2014, 12, 1));
        let out = fitted(&d, None);
        let first = out.lines().next().unwrap_or_default();
        assert!(first.contains("3 overdue, 1 due soon (within 42 days), 1 slipped (1 of the overdue or due soon has slipped too)"), "{first}");
        assert!(
            out.contains("OVERDUE (3)") && out.contains("SLIPPED (1)"),
            "{out}"
        );
    }

    #[test]
    fn json_lists_states_with_section_and_counts() {
        let d = sample();
        let t = track(&d, date(2014, 12, 31));
        let json = render_json(&t, &d.plan, Some("CSC")).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(v["as_of"], "2014-12-31");
        assert_eq!(v["quarter"], "2014-15 Q3");
        assert_eq!(v["agency"], "CSC");
        assert_eq!(v["counts"]["overdue"], 1);
        let refs: Vec<&str> = v["actions"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["ref"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(refs, vec!["PV-01", "PV-03", "PV-04", "PV-06"]);
        let pv01 = &v["actions"][0];
        assert_eq!(pv01["section"], "slipped");
        assert_eq!(pv01["effective_due"], "2015-06-01");
        assert_eq!(pv01["days_slipped"], 92);
        assert_eq!(pv01["rag"], "green");
        assert_eq!(pv01["agency_name"], "Children's Social Care");
        assert_eq!(pv01["history"][0]["status"], "On track");
        assert_eq!(
            render_json(&t, &d.plan, Some("CSC")).unwrap_or_default(),
            json,
            "deterministic"
        );
    }
}
