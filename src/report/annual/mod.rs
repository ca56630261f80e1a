//! The annual report's context: the sections of reports.md for a financial
//! year, as typed rows and sentences, with disclosure control applied to every
//! published figure (see `figures`). Every field is documented here and in
//! `report-templates/CONTEXT.md`, because this is what a template author sees.
//! Measures with `Publish = No` never reach it, nor does a Case ID or any
//! referral free text.

mod delivery;
mod figures;
mod measures;
mod quality;
mod summary;

pub use delivery::{Delivered, Delivery, DeliveryRow};
pub use measures::{BreakdownYear, BreakdownYearRow, MeasureYearRow, ReferralYear};
pub use quality::{Definition, YearQuality, YearReturnRow};

use super::{words, ChartData, Source};
use crate::metrics::disclosure::SYMBOLS_NOTE;
use crate::model::{Dataset, Strand};
use crate::period::{FinYear, Quarter, Q};
use crate::tracking::Tracking;
use chrono::NaiveDate;
pub use figures::PublishError;
use figures::PublishedYear;
use serde::Serialize;

/// Everything the annual report shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnualContext {
    /// The board's name (Settings › Board).
    pub board: String,
    /// The sub-group's name (Settings › Sub-group).
    pub sub_group: String,
    /// The area (Settings › Area).
    pub area: String,
    /// The financial year, `2014-15`.
    pub year: String,
    /// `1 April 2014 to 31 March 2015`.
    pub period: String,
    /// The year before, `2013-14`, and the year after, `2015-16`.
    pub previous_year: String,
    pub next_year: String,
    /// True when returns came in for fewer than four quarters of the year.
    pub part_year: bool,
    /// True when the year's last quarter (Q4) has returns: only then are open
    /// actions "carried forward" into the next year.
    pub year_ended: bool,
    /// Which quarters each year's figures cover, and so what is compared:
    /// "Both years cover Q1 to Q4." or, for part years, which quarters each
    /// covers and that sums over different quarters are not compared.
    pub compared_sentence: String,
    /// The quarters last year's figures are taken over when they are fewer
    /// than its whole (the same quarters as this part year's), else empty.
    pub previous_covered: String,
    /// The quarters with returns, `Q3 and Q4` (`Q1 to Q4` for a whole year).
    pub covered: String,
    /// Their months, `October 2014 to March 2015`.
    pub covered_months: String,
    /// The date actions are reported at: the last day of the last quarter
    /// with returns, `31 March 2015`.
    pub as_at: String,
    /// 12 hex digits identifying the exact inputs (see the appendix).
    pub fingerprint: String,
    /// Settings › Suppression threshold.
    pub threshold: u64,
    /// The note printed under every table of published figures.
    pub symbols_note: String,
    /// Five to ten sentences on the year.
    pub summary: Vec<String>,
    /// Column headings of the quarters, `Q1` to `Q4`.
    pub quarters: Vec<String>,
    /// Every published measure, by strand.
    pub measures: Vec<MeasureYearRow>,
    /// Why some `[c]` of the at-a-glance table protect another figure, or empty.
    pub measures_note: String,
    /// The same for the table compared with last year.
    pub compared_note: String,
    /// True when last year has figures to compare with.
    pub has_previous: bool,
    /// New referrals and their breakdowns, or null when none are published.
    pub referrals: Option<ReferralYear>,
    /// The delivery plan's year.
    pub delivery: Delivery,
    /// One entry per strand with actions or published measures.
    pub strands: Vec<StrandYear>,
    pub data_quality: YearQuality,
    /// What each published measure counts and how its year is made.
    pub definitions: Vec<Definition>,
    /// Every input file the report uses (the plan and the returns up to the year's end).
    pub sources: Vec<Source>,
}

/// The sentence opening "Compared with last year": the quarters each year's
/// figures cover, said in words rather than left to a footnote.
fn compared_sentence(now: &PublishedYear, before: &PublishedYear, same_quarters: bool) -> String {
    let (this, last) = (now.rollup.year, before.rollup.year);
    let (q_now, q_before) = (
        &now.rollup.quarters_with_data,
        &before.rollup.quarters_with_data,
    );
    let numbers = |qs: &[Quarter]| qs.iter().map(|q| q.number()).collect::<Vec<u8>>();
    if q_before.is_empty() {
        return String::new();
    }
    if same_quarters {
        return format!(
            "The figures for {this} cover {} only, so each is set beside the same quarters of {last} ({} of {last}, not its whole year): like is compared with like.",
            words::quarters_covered(q_now),
            words::quarters_covered(q_now)
        );
    }
    if numbers(q_now) == numbers(q_before) {
        return if q_now.len() == 4 {
            format!("Both years cover Q1 to Q4, so each figure for {this} is set beside the same figure for {last}.")
        } else {
            format!(
                "Both years' figures cover {} only, so like is compared with like.",
                words::quarters_covered(q_now)
            )
        };
    }
    format!(
        "The figures for {this} cover {} and those for {last} cover {}: the quarters each year has returns for. A total over different quarters is not compared (its change is [z]); a percentage, average or end-of-quarter figure is set beside last year's as it stands, for a reader to weigh.",
        words::quarters_covered(q_now),
        words::quarters_covered(q_before)
    )
}

/// One strand's year: what it delivered and its measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrandYear {
    pub strand: String,
    /// "Three of its 11 actions were completed in 2014-15; …"
    pub sentence: String,
    /// Its actions completed in the year.
    pub delivered: Vec<Delivered>,
    /// Its published measures (rows as in `measures`).
    pub measures: Vec<MeasureYearRow>,
    /// A trend chart for each of its published measures with a target.
    pub charts: Vec<ChartData>,
    /// In place of a chart whose every figure is withheld or missing: why
    /// there is none.
    pub chart_sentences: Vec<String>,
    /// Why some `[c]` of its table protect another figure, or empty.
    pub note: String,
}

/// What the annual context is built from.
pub struct Inputs<'a> {
    pub dataset: &'a Dataset,
    pub year: FinYear,
    /// Tracked as of [`as_at`] for `year`.
    pub tracking: &'a Tracking,
    /// Every input file; those after the year's end are left out.
    pub sources: Vec<Source>,
}

/// The day the year's actions are reported at: the end of its last quarter
/// with returns (the year's end when none has any, so nothing is in the future).
pub fn as_at(dataset: &Dataset, year: FinYear) -> NaiveDate {
    year.quarters()
        .into_iter()
        .rfind(|q| dataset.returns_for(*q).next().is_some())
        .map_or(year.end_date(), Quarter::end)
}

impl AnnualContext {
    /// The context, or why disclosure control cannot make the year safe to
    /// publish (naming the figure).
    pub fn build(inputs: Inputs<'_>) -> Result<AnnualContext, PublishError> {
        let Inputs {
            dataset,
            year,
            tracking,
            sources,
        } = inputs;
        let settings = &dataset.plan.settings;
        let previous = FinYear {
            start: year.start - 1,
        };
        let before = PublishedYear::of(dataset, previous)?;
        // A part year is compared with the same quarters of last year.
        let covered_q: Vec<u8> = crate::metrics::year_rollup(dataset, year)
            .quarters_with_data
            .iter()
            .map(|q| q.number())
            .collect();
        let like = PublishedYear::same_quarters(dataset, previous, &covered_q, &before)?;
        let compared_with = like.as_ref().unwrap_or(&before);
        let now = PublishedYear::compared(dataset, year, compared_with)?;
        let with_data = &now.rollup.quarters_with_data;
        let covered = words::quarters_covered(with_data);
        let covered_months = match (with_data.first(), with_data.last()) {
            (Some(first), Some(last)) => words::months_between(*first, *last),
            _ => String::new(),
        };
        let as_at = words::date(tracking.as_of);
        let published = measures::published_measures(dataset);
        let rows = measures::rows(dataset, &now);
        let codes: Vec<&str> = published.iter().map(|m| m.code.as_str()).collect();
        let measures_note = with_incomplete_note(
            now.protection_note(&now.measure_cells(&codes))
                .unwrap_or_default(),
            &rows,
        );
        let compared_note = now
            .protection_note(&now.comparison_cells(&codes))
            .unwrap_or_default();
        let delivery = delivery::section(tracking, dataset, year, &as_at);
        let year_ended = with_data.last().is_some_and(|q| q.q == Q::Q4);
        let compared_sentence = compared_sentence(&now, &before, like.is_some());
        let previous_covered = if like.is_some() {
            covered.clone()
        } else {
            String::new()
        };
        let data_quality = quality::section(dataset, &now, &published);
        let summary = summary::sentences(&summary::Facts {
            dataset,
            now: &now,
            before: compared_with,
            rows: &rows,
            delivery: &delivery,
            quality: &data_quality,
            as_at: &as_at,
            covered: &covered,
            year_ended,
        });
        let strands = strand_sections(dataset, tracking, &delivery, &rows, &now, &before, &as_at);
        let last_day = year.end_date();
        let sources: Vec<Source> = sources
            .into_iter()
            .filter(|s| {
                dataset
                    .returns
                    .iter()
                    .find(|r| r.file == s.file)
                    .is_none_or(|r| r.quarter.end() <= last_day)
            })
            .collect();
        Ok(AnnualContext {
            board: settings.board.clone(),
            sub_group: settings.sub_group.clone(),
            area: settings.area.clone(),
            year: year.to_string(),
            period: format!(
                "{} to {}",
                words::date(year.start_date()),
                words::date(year.end_date())
            ),
            previous_year: previous.to_string(),
            next_year: FinYear {
                start: year.start + 1,
            }
            .to_string(),
            part_year: with_data.len() < 4,
            year_ended,
            compared_sentence,
            previous_covered,
            covered,
            covered_months,
            as_at,
            fingerprint: super::fingerprint(&sources),
            threshold: settings.suppression_threshold,
            symbols_note: SYMBOLS_NOTE.to_string(),
            summary,
            quarters: now
                .rollup
                .quarters
                .iter()
                .map(|q| format!("Q{}", q.number()))
                .collect(),
            measures: rows,
            measures_note,
            compared_note,
            has_previous: before.has_data(),
            referrals: measures::referrals(dataset, &now, &before),
            delivery,
            strands,
            data_quality,
            definitions: quality::definitions(dataset, &now, &published),
            sources,
        })
    }
}

fn strand_sections(
    dataset: &Dataset,
    tracking: &Tracking,
    delivery: &Delivery,
    rows: &[MeasureYearRow],
    now: &PublishedYear,
    before: &PublishedYear,
    as_at: &str,
) -> Vec<StrandYear> {
    let year = now.rollup.year;
    Strand::ALL
        .iter()
        .filter_map(|s| {
            let strand_rows: Vec<MeasureYearRow> = rows
                .iter()
                .filter(|r| r.strand == s.label())
                .cloned()
                .collect();
            let actions = delivery.by_strand.iter().find(|r| r.strand == s.label());
            if actions.is_none() && strand_rows.is_empty() {
                return None;
            }
            let codes: Vec<&str> = strand_rows.iter().map(|r| r.code.as_str()).collect();
            let note = with_incomplete_note(
                now.protection_note(&now.comparison_cells(&codes))
                    .unwrap_or_default(),
                &strand_rows,
            );
            let (charts, chart_sentences) = measures::charts(dataset, *s, now, before);
            Some(StrandYear {
                strand: s.label().to_string(),
                sentence: actions
                    .map(|r| delivery::strand_sentence(r, year, as_at))
                    .unwrap_or_else(|| {
                        "The delivery plan has no actions in this strand.".to_string()
                    }),
                delivered: delivery::delivered(tracking, dataset, *s, year),
                measures: strand_rows,
                charts,
                chart_sentences,
                note,
            })
        })
        .collect()
}

/// A table's note, with what `[i]` means when one of its rows carries it.
fn with_incomplete_note(note: String, rows: &[MeasureYearRow]) -> String {
    if !measures::any_incomplete(rows) {
        return note;
    }
    let meaning = crate::report::INCOMPLETE_TABLE_NOTE;
    if note.is_empty() {
        meaning.to_string()
    } else {
        format!("{note} {meaning}")
    }
}
