//! Sections 3–6: the action plan at a glance, exceptions, progress by strand
//! and the chase list, as rows.

use crate::model::{Dataset, Status, Strand};
use crate::rag::Rag;
use crate::report::{phrasing, words, ChartData, ChartPoint, RagCell, Series};
use crate::tracking::{ActionState, Tracking};
use serde::Serialize;

/// One action as a table row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionLine {
    #[serde(rename = "ref")]
    pub ref_: String,
    pub action: String,
    /// Lead agency code.
    pub agency: String,
    /// Lead agency's full name.
    pub agency_name: String,
    /// Lead role.
    pub owner: String,
    /// Effective due date, with the plan's date when it was revised:
    /// `31/12/2015 (was 31/03/2015)`.
    pub due: String,
    /// The status, filled with its RAG colour (overdue is red whatever it says).
    pub status: RagCell,
    /// The latest progress update, or empty.
    pub progress: String,
    /// `61 days overdue`, `due in 31 days`, `due today`, or empty.
    pub timing: String,
    /// `revised twice, 275 days later` for slipped actions, else empty.
    pub slip: String,
}

/// Actions by status for one strand (or the total row).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrandStatusRow {
    pub strand: String,
    pub not_started: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub complete: usize,
    pub cancelled: usize,
    pub total: usize,
    /// Open actions past their due date.
    pub overdue: usize,
}

/// Section 5: one strand's actions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrandActions {
    pub strand: String,
    pub actions: Vec<ActionLine>,
}

/// Section 6: one owner's overdue and due-soon actions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChaseGroup {
    pub agency: String,
    pub agency_name: String,
    pub owner: String,
    pub actions: Vec<ActionLine>,
}

pub fn line(a: &ActionState, dataset: &Dataset) -> ActionLine {
    let due = if a.effective_due != a.plan_due {
        format!(
            "{} (was {})",
            words::short_date(a.effective_due),
            words::short_date(a.plan_due)
        )
    } else {
        words::short_date(a.effective_due)
    };
    let timing = match () {
        _ if a.overdue => format!(
            "{} overdue",
            phrasing::counted(a.days_overdue as u64, "day", "days")
        ),
        _ if a.due_soon && a.days_until_due == 0 => "due today".to_string(),
        _ if a.due_soon => format!(
            "due in {}",
            phrasing::counted(a.days_until_due as u64, "day", "days")
        ),
        _ => String::new(),
    };
    let slip = if a.slipped {
        let times = match a.revisions {
            1 => "once".to_string(),
            2 => "twice".to_string(),
            n => format!("{} times", phrasing::number(u64::from(n))),
        };
        format!(
            "revised {times}, {} later",
            phrasing::counted(a.days_slipped as u64, "day", "days")
        )
    } else {
        String::new()
    };
    ActionLine {
        ref_: a.ref_.clone(),
        action: a.action.clone(),
        agency: a.agency.clone(),
        agency_name: dataset
            .plan
            .agency(&a.agency)
            .map(|g| g.name.clone())
            .unwrap_or_default(),
        owner: a.owner.clone(),
        due,
        status: RagCell {
            text: if a.overdue {
                format!("{} (overdue)", a.status)
            } else {
                a.status.to_string()
            },
            rag: Some(a.rag),
        },
        progress: a.last_progress.clone().unwrap_or_default(),
        timing,
        slip,
    }
}

/// The actions that pass `keep`, in plan order.
pub fn lines(
    t: &Tracking,
    dataset: &Dataset,
    keep: impl Fn(&ActionState) -> bool,
) -> Vec<ActionLine> {
    t.states
        .iter()
        .filter(|a| keep(a))
        .map(|a| line(a, dataset))
        .collect()
}

pub fn by_strand(t: &Tracking, dataset: &Dataset) -> Vec<StrandActions> {
    Strand::ALL
        .iter()
        .map(|s| StrandActions {
            strand: s.label().to_string(),
            actions: lines(t, dataset, |a| a.strand == *s),
        })
        .filter(|s| !s.actions.is_empty())
        .collect()
}

pub fn chase(t: &Tracking, dataset: &Dataset) -> Vec<ChaseGroup> {
    t.chase_list(None)
        .into_iter()
        .map(|g| ChaseGroup {
            agency: g.agency.to_string(),
            agency_name: dataset
                .plan
                .agency(g.agency)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            owner: g.owner.to_string(),
            actions: g.actions.iter().map(|a| line(a, dataset)).collect(),
        })
        .collect()
}

fn tally<'a>(label: &str, states: impl Iterator<Item = &'a ActionState>) -> StrandStatusRow {
    let mut row = StrandStatusRow {
        strand: label.to_string(),
        not_started: 0,
        on_track: 0,
        at_risk: 0,
        off_track: 0,
        complete: 0,
        cancelled: 0,
        total: 0,
        overdue: 0,
    };
    for a in states {
        *match a.status {
            Status::NotStarted => &mut row.not_started,
            Status::OnTrack => &mut row.on_track,
            Status::AtRisk => &mut row.at_risk,
            Status::OffTrack => &mut row.off_track,
            Status::Complete => &mut row.complete,
            Status::Cancelled => &mut row.cancelled,
        } += 1;
        row.total += 1;
        row.overdue += usize::from(a.overdue);
    }
    row
}

/// One row per strand with actions, then the total.
pub fn status_by_strand(t: &Tracking) -> Vec<StrandStatusRow> {
    let mut rows: Vec<StrandStatusRow> = Strand::ALL
        .iter()
        .map(|s| tally(s.label(), t.states.iter().filter(|a| a.strand == *s)))
        .filter(|r| r.total > 0)
        .collect();
    rows.push(tally("All strands", t.states.iter()));
    rows
}

/// Status colours follow the RAG scale of the tables.
const STATUS_COLOURS: [(Status, Rag); 6] = [
    (Status::Complete, Rag::Blue),
    (Status::OnTrack, Rag::Green),
    (Status::AtRisk, Rag::Amber),
    (Status::OffTrack, Rag::Red),
    (Status::NotStarted, Rag::Grey),
    (Status::Cancelled, Rag::Grey),
];

pub fn status_chart(t: &Tracking) -> ChartData {
    let strands: Vec<Strand> = Strand::ALL
        .into_iter()
        .filter(|s| t.states.iter().any(|a| a.strand == *s))
        .collect();
    let series = STATUS_COLOURS
        .iter()
        .filter(|(status, _)| t.states.iter().any(|a| a.status == *status))
        .map(|(status, rag)| Series {
            name: status.label().to_string(),
            values: strands
                .iter()
                .map(|s| {
                    ChartPoint::Number(
                        t.states
                            .iter()
                            .filter(|a| a.strand == *s && a.status == *status)
                            .count() as f64,
                    )
                })
                .collect(),
            colour: if *status == Status::Cancelled {
                "#505A5F".into()
            } else {
                rag.colour().to_string()
            },
            // Counts of the plan's actions: nothing a return leaves out.
            incomplete: Vec::new(),
        })
        .collect();
    ChartData {
        kind: "stacked",
        title: "Actions by status and strand".to_string(),
        categories: strands.iter().map(|s| s.label().to_string()).collect(),
        series,
        target: None,
        y_label: "Actions".to_string(),
        note: None,
    }
}
