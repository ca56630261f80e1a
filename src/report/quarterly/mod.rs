//! The quarterly sub-group report's context: sections 1–10 of reports.md as
//! typed rows and sentences. Every field is documented here, because this is
//! what a template author sees (`boardpack templates` writes the defaults out).

mod actions;
mod measures;
mod quality;
mod referrals;
mod summary;

/// One action as a table row (the annual report lists actions the same way).
pub(crate) use actions::line as action_line;
pub use actions::{ActionLine, ChaseGroup, StrandActions, StrandStatusRow};
pub use measures::{HeadlineRow, MeasureLine, StrandMeasures};
pub use quality::{DataQuality, ReturnRow};
pub use referrals::{BreakdownLine, BreakdownTable, Fact, ReferralSection};

use super::{words, ChartData, Source};
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use crate::period::Quarter;
use crate::tracking::Tracking;
use chrono::NaiveDate;
use serde::Serialize;

/// Everything the quarterly report shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuarterlyContext {
    /// The board's name (Settings › Board).
    pub board: String,
    /// The sub-group's name (Settings › Sub-group).
    pub sub_group: String,
    /// The area (Settings › Area).
    pub area: String,
    /// The quarter, `2015-16 Q2`.
    pub quarter: String,
    /// Its months, `July to September 2015`.
    pub period: String,
    /// The date deadlines are judged against, `30 September 2015`.
    pub as_of: String,
    /// Settings › Protective marking, printed on every page.
    pub marking: String,
    /// 12 hex digits identifying the exact inputs (see the appendix).
    pub fingerprint: String,
    /// Section 2: five to ten sentences on the quarter.
    pub summary: Vec<String>,
    /// Section 2: key measures — this quarter, previous quarter, change, target, RAG.
    pub headline: Vec<HeadlineRow>,
    /// What `[i]` means, when a figure of the headline table carries it; else empty.
    pub headline_note: String,
    /// Section 3: actions by status for each strand, and a total row.
    pub status_by_strand: Vec<StrandStatusRow>,
    /// Section 3: the same as a stacked bar chart.
    pub status_chart: ChartData,
    /// Section 4: open actions past their (revised) due date.
    pub overdue: Vec<ActionLine>,
    /// Section 4: open actions reported Off track or At risk.
    pub at_risk: Vec<ActionLine>,
    /// Section 4: open actions whose due date has been put back.
    pub slipped: Vec<ActionLine>,
    /// Section 5: every action, by strand, in plan order.
    pub strands: Vec<StrandActions>,
    /// Section 6: per agency and owner, their overdue and due-soon actions.
    pub chase: Vec<ChaseGroup>,
    /// Section 6: Settings › Due soon days.
    pub due_soon_days: u32,
    /// Section 7.
    pub referrals: ReferralSection,
    /// Section 8: one entry per strand that has measures.
    pub strand_measures: Vec<StrandMeasures>,
    /// Section 9.
    pub data_quality: DataQuality,
    /// Section 10: every input file.
    pub sources: Vec<Source>,
}

/// What the quarterly context is built from.
pub struct Inputs<'a> {
    pub dataset: &'a Dataset,
    pub quarter: Quarter,
    pub as_of: NaiveDate,
    pub tracking: &'a Tracking,
    pub diagnostics: &'a Diagnostics,
    pub sources: Vec<Source>,
}

impl QuarterlyContext {
    pub fn build(inputs: Inputs<'_>) -> QuarterlyContext {
        let Inputs {
            dataset,
            quarter,
            as_of,
            tracking,
            diagnostics,
            sources,
        } = inputs;
        let settings = &dataset.plan.settings;
        let referrals = referrals::section(dataset, quarter);
        let (headline, strand_measures) = measures::sections(dataset, quarter);
        let data_quality = quality::section(dataset, quarter, diagnostics);
        let summary = summary::sentences(&summary::Facts {
            dataset,
            quarter,
            tracking,
            headline: &headline,
            quality: &data_quality,
        });
        QuarterlyContext {
            board: settings.board.clone(),
            sub_group: settings.sub_group.clone(),
            area: settings.area.clone(),
            quarter: quarter.to_string(),
            period: words::quarter_months(quarter),
            as_of: words::date(as_of),
            marking: settings.protective_marking.clone(),
            fingerprint: super::fingerprint(&sources),
            summary,
            headline_note: measures::table_note(
                headline
                    .iter()
                    .flat_map(|h| [&h.this_quarter, &h.previous, &h.change]),
            ),
            headline,
            status_by_strand: actions::status_by_strand(tracking),
            status_chart: actions::status_chart(tracking),
            overdue: actions::lines(tracking, dataset, |a| a.overdue),
            at_risk: actions::lines(tracking, dataset, |a| {
                a.is_open()
                    && matches!(
                        a.status,
                        crate::model::Status::OffTrack | crate::model::Status::AtRisk
                    )
            }),
            slipped: actions::lines(tracking, dataset, |a| a.is_open() && a.slipped),
            strands: actions::by_strand(tracking, dataset),
            chase: actions::chase(tracking, dataset),
            due_soon_days: settings.due_soon_days,
            referrals,
            strand_measures,
            data_quality,
            sources,
        }
    }
}
