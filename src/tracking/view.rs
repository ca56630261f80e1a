//! The action tracker for the terminal (`boardpack actions`): aligned plain text,
//! optionally ANSI-coloured, or pretty JSON. Formats a `Tracking`; computes no
//! figure, reads no file or clock, and decides nothing about colour by itself (the
//! caller says whether stdout is a terminal).
//!
//! Text layout — a header line with the as-of date and counts, then one block per
//! section that has actions (overdue, due soon, slipped, the rest), each grouped by
//! agency and owner:
//!
//! ```text
//! Actions as of 2015-03-31 (2014-15 Q4), all agencies: 4 actions, 3 open — 1 overdue, ...
//!
//! OVERDUE (1)
//!   CSC  Children's Social Care
//!     Principal Social Worker
//!       PV-01  Off track  2015-01-08  82 days overdue  Deliver the awareness campaign
//! ```

use super::{group_by_owner, ActionState, Counts, Rag, Section, Tracking};
use crate::model::{Plan, Status};
use crate::period::Quarter;
use chrono::NaiveDate;
use serde::Serialize;

/// Action text longer than this is cut (with `…`) so a row fits a terminal line.
const ACTION_TEXT_WIDTH: usize = 60;

/// The tracker as text: `colour` adds ANSI colour (RAG on the status, bold
/// headings). Ends with a newline.
pub fn render_text(t: &Tracking, plan: &Plan, agency: Option<&str>, colour: bool) -> String {
    let paint = Paint { on: colour };
    let counts = t.counts(agency);
    let mut out = header(t, plan, agency, &counts);
    if counts.actions == 0 {
        out.push_str(&match agency {
            Some(code) => format!(
                "No actions in the plan are led by {}.\n",
                code.trim().to_ascii_uppercase()
            ),
            None => "The plan has no actions.\n".to_string(),
        });
        return out;
    }
    for section in Section::ALL {
        let states = t.section(section, agency);
        if !states.is_empty() {
            out.push('\n');
            out.push_str(&render_section(section, &states, plan, paint));
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

fn header(t: &Tracking, plan: &Plan, agency: Option<&str>, c: &Counts) -> String {
    let whose = match agency {
        Some(code) => agency_title(plan, &code.trim().to_ascii_uppercase()),
        None => "all agencies".to_string(),
    };
    format!(
        "Actions as of {} ({}), {whose}: {}, {} open — {} overdue, {} due soon (within {} days), \
         {} slipped; {} complete, {} cancelled.\n",
        t.as_of.format("%Y-%m-%d"),
        t.quarter,
        plural(c.actions as i64, "action", "actions"),
        c.open,
        c.overdue,
        c.due_soon,
        t.due_soon_days,
        c.slipped,
        c.complete,
        c.cancelled,
    )
}

/// `CSC  Children's Social Care`, or the code alone when the plan does not name it.
fn agency_title(plan: &Plan, code: &str) -> String {
    match plan.agency(code) {
        Some(a) => format!("{code}  {}", one_line(&a.name)),
        None => code.to_string(),
    }
}

fn render_section(section: Section, states: &[&ActionState], plan: &Plan, paint: Paint) -> String {
    let rows: Vec<Row> = states.iter().map(|s| Row::of(s, section)).collect();
    let widths = Row::widths(&rows);
    let mut out = paint.heading(
        section,
        &format!("{} ({})", section.label().to_uppercase(), states.len()),
    );
    out.push('\n');
    let mut current_agency = None;
    for group in group_by_owner(states.iter().copied()) {
        if current_agency != Some(group.agency) {
            out.push_str(&format!("  {}\n", agency_title(plan, group.agency)));
            current_agency = Some(group.agency);
        }
        out.push_str(&format!("    {}\n", one_line(group.owner)));
        for state in group.actions {
            let row = Row::of(state, section);
            out.push_str(&format!("      {}\n", row.line(&widths, state.rag, paint)));
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
            s.effective_due.format("%Y-%m-%d").to_string()
        } else {
            format!(
                "{} (plan {})",
                s.effective_due.format("%Y-%m-%d"),
                s.plan_due.format("%Y-%m-%d")
            )
        };
        Row {
            reference: one_line(&s.ref_),
            status: s.status.label().to_string(),
            due,
            note: note(s, section),
            action: truncate(&one_line(&s.action), ACTION_TEXT_WIDTH),
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

    fn line(&self, widths: &[usize; 4], rag: Rag, paint: Paint) -> String {
        let cells = [
            pad(&self.reference, widths[0]),
            paint.rag(rag, &self.status) + &padding(&self.status, widths[1]),
            pad(&self.due, widths[2]),
            pad(&self.note, widths[3]),
            self.action.clone(),
        ];
        cells.join("  ").trim_end().to_string()
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
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

    const Q3: Quarter = Quarter { year: 2014, q: 3 };

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
        render_text(&t, &d.plan, agency, colour)
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
            "Actions as of 2014-12-31 (2014-15 Q3), all agencies: 6 actions, 5 open — \
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
            lines[3].starts_with("      PV-04  Off track    2014-11-01  60 days overdue"),
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
        assert!(pv01.contains("2015-06-01 (plan 2015-03-01)"), "{pv01}");
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
        assert!(out.starts_with("Actions as of 2014-12-31 (2014-15 Q3), POLICE  Avon and Somerset Constabulary: 2 actions"));
        assert!(out.contains("PV-02") && out.contains("PV-05"));
        assert!(!out.contains("PV-01") && !out.contains("CSC"));
        let none = text(Some("ruh"), false);
        assert!(
            none.ends_with("No actions in the plan are led by RUH.\n"),
            "{none}"
        );
    }

    #[test]
    fn long_action_text_is_cut_to_one_line() {
        let mut d = sample();
        d.plan.actions[0].action = format!("Line one\nline two {}", "x".repeat(100));
        let t = track(&d, date(2014, 12, 31));
        let out = render_text(&t, &d.plan, None, false);
        let pv01 = out
            .lines()
            .find(|l| l.contains("PV-01"))
            .unwrap_or_default();
        assert!(pv01.contains("Line one line two xx"), "{pv01}");
        assert!(pv01.ends_with('…'), "{pv01}");
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
