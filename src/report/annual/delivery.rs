//! The delivery plan's year: actions completed in the year, completed
//! earlier, cancelled, still open (carried forward) and overdue, by strand;
//! and what each strand delivered, from the progress updates of the actions
//! it completed in the year. Actions are not statistics about people, so
//! their counts are not suppressed.

use crate::model::{Dataset, Status, Strand};
use crate::period::{FinYear, Quarter};
use crate::rag::Rag;
use crate::report::quarterly::{action_line, ActionLine};
use crate::report::{ChartData, ChartPoint, Series};
use crate::tracking::{ActionState, Tracking};
use serde::Serialize;

/// Actions by where they stood at the end of the year, for one strand (or all).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryRow {
    pub strand: String,
    pub actions: usize,
    pub completed_in_year: usize,
    pub completed_before: usize,
    pub cancelled: usize,
    /// Open at the end of the year: carried forward.
    pub open: usize,
    /// Of the open ones, past their (revised) due date.
    pub overdue: usize,
}

/// Section 3: the delivery plan's year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delivery {
    /// One row per strand with actions, then `All strands`.
    pub by_strand: Vec<DeliveryRow>,
    /// The same as stacked bars.
    pub chart: ChartData,
    /// Open actions past their due date at the end of the year.
    pub overdue: Vec<ActionLine>,
    /// Every action still open at the end of the year, in plan order.
    pub open: Vec<ActionLine>,
}

/// An action completed in the year, as a strand section tells it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delivered {
    #[serde(rename = "ref")]
    pub ref_: String,
    pub action: String,
    /// The lead agency's full name.
    pub agency_name: String,
    /// The quarter it was reported complete, `2014-15 Q4`.
    pub completed: String,
    /// The progress update of its latest return (what was delivered), or a
    /// sentence saying there was none.
    pub progress: String,
}

fn completed_in(a: &ActionState, year: FinYear) -> bool {
    a.status == Status::Complete && a.completed_in.is_some_and(|q| q.fin_year() == year)
}

fn completed_before(a: &ActionState, year: FinYear) -> bool {
    a.status == Status::Complete && a.completed_in.is_some_and(|q| q.fin_year() < year)
}

fn tally<'a>(
    label: &str,
    year: FinYear,
    states: impl Iterator<Item = &'a ActionState>,
) -> DeliveryRow {
    let mut row = DeliveryRow {
        strand: label.to_string(),
        actions: 0,
        completed_in_year: 0,
        completed_before: 0,
        cancelled: 0,
        open: 0,
        overdue: 0,
    };
    for a in states {
        row.actions += 1;
        row.completed_in_year += usize::from(completed_in(a, year));
        row.completed_before += usize::from(completed_before(a, year));
        row.cancelled += usize::from(a.status == Status::Cancelled);
        row.open += usize::from(a.is_open());
        row.overdue += usize::from(a.overdue);
    }
    row
}

/// `as_at` is the date the actions stood at (`30 September 2015`): the
/// chart says that date, not "the end of" a year that has not ended.
pub fn section(t: &Tracking, dataset: &Dataset, year: FinYear, as_at: &str) -> Delivery {
    let strands: Vec<Strand> = Strand::ALL
        .into_iter()
        .filter(|s| t.states.iter().any(|a| a.strand == *s))
        .collect();
    let mut by_strand: Vec<DeliveryRow> = strands
        .iter()
        .map(|s| tally(s.label(), year, t.states.iter().filter(|a| a.strand == *s)))
        .collect();
    let chart = chart(&by_strand, year, as_at);
    by_strand.push(tally("All strands", year, t.states.iter()));
    Delivery {
        by_strand,
        chart,
        overdue: lines(t, dataset, |a| a.overdue),
        open: lines(t, dataset, ActionState::is_open),
    }
}

fn lines(t: &Tracking, dataset: &Dataset, keep: impl Fn(&ActionState) -> bool) -> Vec<ActionLine> {
    t.states
        .iter()
        .filter(|a| keep(a))
        .map(|a| action_line(a, dataset))
        .collect()
}

fn chart(rows: &[DeliveryRow], year: FinYear, as_at: &str) -> ChartData {
    let series = |name: &str, colour: &str, pick: fn(&DeliveryRow) -> usize| Series {
        name: name.to_string(),
        values: rows
            .iter()
            .map(|r| ChartPoint::Number(pick(r) as f64))
            .collect(),
        colour: colour.to_string(),
        // Counts of the plan's actions: nothing an agency's return leaves out.
        incomplete: Vec::new(),
    };
    ChartData {
        kind: "stacked",
        title: format!("Actions by strand as at {as_at}"),
        categories: rows.iter().map(|r| r.strand.clone()).collect(),
        series: vec![
            series(&format!("Completed in {year}"), Rag::Blue.colour(), |r| {
                r.completed_in_year
            }),
            series("Completed earlier", "#6FA0CF", |r| r.completed_before),
            series("Open, not overdue", Rag::Green.colour(), |r| {
                r.open - r.overdue
            }),
            series("Open and overdue", Rag::Red.colour(), |r| r.overdue),
            series("Cancelled", Rag::Grey.colour(), |r| r.cancelled),
        ],
        target: None,
        y_label: "Actions".to_string(),
        note: None,
    }
}

/// The actions of `strand` completed in the year, in plan order.
pub fn delivered(t: &Tracking, dataset: &Dataset, strand: Strand, year: FinYear) -> Vec<Delivered> {
    t.states
        .iter()
        .filter(|a| a.strand == strand && completed_in(a, year))
        .map(|a| Delivered {
            ref_: a.ref_.clone(),
            action: a.action.clone(),
            agency_name: dataset
                .plan
                .agency(&a.agency)
                .map_or_else(|| a.agency.clone(), |g| g.name.clone()),
            completed: a
                .completed_in
                .map(|q: Quarter| q.to_string())
                .unwrap_or_default(),
            progress: a
                .last_progress
                .clone()
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| {
                    "The return that reported it complete gave no progress update.".to_string()
                }),
        })
        .collect()
}

/// One sentence on a strand's year: "Three of its eleven actions were completed
/// in 2014-15; six remain open, one of them overdue."
pub fn strand_sentence(row: &DeliveryRow, year: FinYear, as_at: &str) -> String {
    use crate::report::phrasing::{counted, number, was_were};
    let actions = counted(row.actions as u64, "action", "actions");
    let mut s = match (row.completed_in_year, row.actions) {
        (_, 0) => format!("It has no actions in {year}"),
        (0, 1) => format!("Its 1 action was not completed in {year}"),
        (1, 1) => format!("Its 1 action was completed in {year}"),
        (0, _) => format!("None of its {actions} were completed in {year}"),
        (n, _) => format!(
            "{} of its {actions} {} completed in {year}",
            number(n as u64),
            was_were(n as u64)
        ),
    };
    match (row.open, row.overdue) {
        (0, _) if row.actions > 0 => s.push_str(&format!("; none were open as at {as_at}")),
        (0, _) => {}
        (1, 0) => s.push_str(&format!("; 1 was open as at {as_at}, not overdue")),
        (open, 0) => s.push_str(&format!(
            "; {} {} open as at {as_at}, none of them overdue",
            number(open as u64),
            was_were(open as u64)
        )),
        (open, overdue) => s.push_str(&format!(
            "; {} {} open as at {as_at}, {} overdue",
            number(open as u64),
            was_were(open as u64),
            number(overdue as u64)
        )),
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(completed: usize, open: usize, overdue: usize) -> DeliveryRow {
        DeliveryRow {
            strand: "Prevent".into(),
            actions: 11,
            completed_in_year: completed,
            completed_before: 0,
            cancelled: 0,
            open,
            overdue,
        }
    }

    #[test]
    fn a_strand_sentence_at_0_1_2_and_many_in_numerals() {
        let y = FinYear { start: 2014 };
        let cases: [(usize, usize, usize, usize, &str); 6] = [
            (0, 0, 0, 0, "It has no actions in 2014-15."),
            (1, 0, 1, 0, "Its 1 action was not completed in 2014-15; 1 was open as at 31 March 2015, not overdue."),
            (1, 1, 0, 0, "Its 1 action was completed in 2014-15; none were open as at 31 March 2015."),
            (11, 0, 2, 0, "None of its 11 actions were completed in 2014-15; 2 were open as at 31 March 2015, none of them overdue."),
            (11, 1, 0, 0, "1 of its 11 actions was completed in 2014-15; none were open as at 31 March 2015."),
            (11, 3, 6, 1, "3 of its 11 actions were completed in 2014-15; 6 were open as at 31 March 2015, 1 overdue."),
        ];
        for (actions, done, open, overdue, text) in cases {
            let mut r = row(done, open, overdue);
            r.actions = actions;
            assert_eq!(strand_sentence(&r, y, "31 March 2015"), text);
        }
    }
}
