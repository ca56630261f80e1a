//! The year's published figures after disclosure control, as text and chart
//! points. Every figure of a measure or breakdown that the annual report
//! prints — in a table, a chart or a sentence — is read through
//! [`PublishedYear`], so a suppressed count is `[c]` wherever it appears, and
//! every table's note says when a `[c]` protects another figure.

use crate::metrics::disclosure::{
    suppress, DisclosureError, Published, SuppressedTable, Suppression, Why,
};
use crate::metrics::published::{add_comparisons, year_tables, Column, YearTables};
use crate::metrics::{year_rollup, Cell, YearFigure, YearRollup};
use crate::model::{Dataset, Measure};
use crate::period::{FinYear, Quarter};
use crate::report::{words, ChartPoint};
use std::collections::BTreeSet;

/// One financial year's figures as they may be published.
pub struct PublishedYear {
    pub rollup: YearRollup,
    pub tables: YearTables,
    pub shown: SuppressedTable,
    /// Measures whose year figure is withheld as `Given`: last year over
    /// some quarters only, where last year's own report hid one of them.
    pub withheld: BTreeSet<String>,
}

impl PublishedYear {
    /// A year on its own, as its own report publishes it (last year's figures
    /// for this year's comparisons).
    pub fn of(dataset: &Dataset, year: FinYear) -> Result<PublishedYear, PublishError> {
        PublishedYear::build(dataset, year, None)
    }

    /// A year with last year's figures and the change on them, suppressed
    /// together; last year's figures stay as `before` published them.
    pub fn compared(
        dataset: &Dataset,
        year: FinYear,
        before: &PublishedYear,
    ) -> Result<PublishedYear, PublishError> {
        PublishedYear::build(dataset, year, Some(before))
    }

    fn build(
        dataset: &Dataset,
        year: FinYear,
        before: Option<&PublishedYear>,
    ) -> Result<PublishedYear, PublishError> {
        let rollup = year_rollup(dataset, year);
        let mut tables = year_tables(&dataset.plan, &rollup);
        if let Some(before) = before {
            add_comparisons(
                &mut tables,
                &dataset.plan,
                &rollup,
                &before.rollup,
                &|code: &str| before.year(code),
            );
        }
        let threshold = dataset.plan.settings.suppression_threshold;
        let shown = suppress(&tables.table, threshold)
            .map_err(|e| disclosure_message(&e, &tables, year))?;
        Ok(PublishedYear {
            rollup,
            tables,
            shown,
            withheld: BTreeSet::new(),
        })
    }

    /// Last year over the quarters `this` year has returns for (Q1 and Q2 of
    /// 2014-15 beside Q1 and Q2 of 2015-16), when this year is a part year and
    /// last year has returns for each of those quarters; `None` otherwise
    /// (the whole of last year is then compared, as its own report showed it).
    ///
    /// Its figures were never published as such, so a figure is withheld
    /// (`Given`) wherever last year's report (`as_published`) hid one of the
    /// quarters it is made of: a sum of quarters all shown there gives a
    /// reader nothing new, one that includes a hidden quarter would give it
    /// back.
    pub fn same_quarters(
        dataset: &Dataset,
        previous: FinYear,
        quarters: &[u8],
        as_published: &PublishedYear,
    ) -> Result<Option<PublishedYear>, PublishError> {
        let had: Vec<u8> = as_published
            .rollup
            .quarters_with_data
            .iter()
            .map(|q| q.number())
            .collect();
        if quarters.is_empty() || had == quarters || !quarters.iter().all(|q| had.contains(q)) {
            return Ok(None);
        }
        let mut restricted = dataset.clone();
        restricted
            .returns
            .retain(|r| r.quarter.fin_year() != previous || quarters.contains(&r.quarter.number()));
        let mut like = PublishedYear::of(&restricted, previous)?;
        let kept: Vec<Quarter> = as_published
            .rollup
            .quarters
            .iter()
            .copied()
            .filter(|q| quarters.contains(&q.number()))
            .collect();
        like.withheld = dataset
            .plan
            .measures
            .iter()
            .filter(|m| {
                kept.iter().any(|q| {
                    as_published
                        .quarter(&m.code, *q)
                        .is_some_and(|p| p.suppressed.is_some())
                })
            })
            .map(|m| m.code.clone())
            .collect();
        Ok(Some(like))
    }

    pub fn has_data(&self) -> bool {
        !self.rollup.quarters_with_data.is_empty()
    }

    /// The published cell at a table index.
    pub fn at(&self, index: usize) -> Option<Published> {
        self.shown.cells.get(index).copied()
    }

    pub fn year(&self, code: &str) -> Option<Published> {
        let shown = self.at(self.tables.measures.cell(code, Column::Year)?)?;
        if self.withheld.contains(code) && shown.suppressed.is_none() {
            return Some(Published {
                value: shown.value,
                suppressed: Some(Suppression::Given),
            });
        }
        Some(shown)
    }

    pub fn quarter(&self, code: &str, quarter: Quarter) -> Option<Published> {
        self.at(self.tables.measures.cell(code, Column::Quarter(quarter))?)
    }

    /// Last year's figure as this report prints it.
    pub fn previous(&self, code: &str) -> Option<Published> {
        self.at(self.tables.comparison(code)?.before)
    }

    /// The change on last year as this report prints it.
    pub fn change(&self, code: &str) -> Option<Published> {
        self.at(self.tables.comparison(code)?.change)
    }

    /// The year figure behind a published cell (coverage, method, missing values).
    pub fn year_figure(&self, code: &str) -> Option<&YearFigure> {
        self.rollup.values.get(code)
    }

    /// The year's visible count of `code`, if it is shown and a count.
    pub fn visible_count(&self, code: &str) -> Option<u64> {
        match self.year(code)?.visible_value()? {
            Cell::Count(n) => Some(n),
            _ => None,
        }
    }

    /// The change on last year as a table prints it: `+4`, `−2.5 pts`, `[c]`
    /// when it would give a hidden figure away, `[x]` when either year has no
    /// number, `[z]` when the two are not comparable.
    pub fn change_text(&self, measure: &Measure) -> String {
        match self.change(&measure.code) {
            Some(p) if p.suppressed.is_some() => "[c]".to_string(),
            Some(Published {
                value: Cell::Decimal(d),
                ..
            }) => words::change(d, crate::report::is_percent(measure)),
            Some(p) => p.value.to_string(),
            None => Cell::NotAvailable.to_string(),
        }
    }

    /// The note a table adds when some of its `[c]` protect another figure:
    /// which relations they are hidden for (never which cell is which).
    pub fn protection_note(&self, cells: &[usize]) -> Option<String> {
        let reasons: BTreeSet<&'static str> = cells
            .iter()
            .filter_map(|c| self.at(*c))
            .filter_map(|p| match p.suppressed {
                Some(Suppression::Secondary(why)) => Some(reason(why)),
                Some(Suppression::Derived) => Some(DERIVED_REASON),
                _ => None,
            })
            .collect();
        if reasons.is_empty() {
            return None;
        }
        let reasons: Vec<&str> = reasons.into_iter().collect();
        Some(format!(
            "Some [c] here are not small numbers themselves: they are withheld because, if shown, they would let a small number be worked out ({}).",
            reasons.join("; ")
        ))
    }

    /// Every cell of the measures table printed for `codes` (quarters and year).
    pub fn measure_cells(&self, codes: &[&str]) -> Vec<usize> {
        self.tables
            .measures
            .rows
            .iter()
            .filter(|r| codes.contains(&r.code.as_str()))
            .flat_map(|r| r.cells.iter().copied())
            .collect()
    }

    /// The year, last-year and change cells printed for `codes`.
    pub fn comparison_cells(&self, codes: &[&str]) -> Vec<usize> {
        codes
            .iter()
            .flat_map(|code| {
                let year = self.tables.measures.cell(code, Column::Year);
                let c = self.tables.comparison(code);
                year.into_iter()
                    .chain(c.map(|c| c.before))
                    .chain(c.map(|c| c.change))
            })
            .collect()
    }
}

const DERIVED_REASON: &str =
    "a percentage, rate, mean or change gives back the figures it is worked out from";

/// Why a cell hidden for this relation protects another, in a reader's words.
fn reason(why: Why) -> &'static str {
    match why {
        Why::Total => "a total less its other parts gives the last part",
        Why::Difference => {
            "a percentage's denominator less its numerator gives the children the numerator leaves out"
        }
        Why::Mean => "a year's mean times its quarters, less the other quarters, gives the last quarter",
        Why::Last => "a year figure is its last quarter's figure",
        Why::SameFigure => "the same figure is printed in another table",
        Why::Change => "last year's figure and the change give this year's",
        Why::Ratio => DERIVED_REASON,
    }
}

/// What `annual` says when disclosure control cannot make the year safe.
fn disclosure_message(e: &DisclosureError, tables: &YearTables, year: FinYear) -> PublishError {
    match e {
        DisclosureError::Unprotectable { cell, low, high } => PublishError::Unprotectable {
            year,
            figure: tables.name(*cell),
            range: if high - low < 0.5 {
                format!("exactly {low}")
            } else {
                format!("between {low} and {high}")
            },
        },
        DisclosureError::ThresholdZero => PublishError::ThresholdZero,
        other => PublishError::Control {
            year,
            source: other.clone(),
        },
    }
}

/// Why a year's figures cannot be published: disclosure control cannot make
/// them safe. Each message names the year and the figure, and says that no
/// report was written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PublishError {
    #[error("disclosure control for {year}: {figure} could still be worked out from the other published figures ({range}) and no figure beside it can be withheld; no report was written")]
    Unprotectable {
        year: FinYear,
        figure: String,
        range: String,
    },
    #[error("Settings › Suppression threshold is 0, which would publish every small count; it must be at least 1, and no report was written")]
    ThresholdZero,
    #[error("disclosure control for {year}: {source}; no report was written")]
    Control {
        year: FinYear,
        source: DisclosureError,
    },
}

/// A published cell as a table prints it: `[c]` when suppressed, `[x]`/`[z]`
/// when there is no number (or no cell), else the figure.
pub fn text(cell: Option<Published>, percent: bool) -> String {
    match cell {
        Some(p) if p.suppressed.is_some() => "[c]".to_string(),
        Some(p) => words::figure(p.value, percent),
        None => Cell::NotAvailable.to_string(),
    }
}

/// A published cell as a chart point: its number, or its symbol in its place.
pub fn point(cell: Option<Published>) -> ChartPoint {
    match cell {
        Some(p) => match (p.symbol(), p.value.number()) {
            (None, Some(n)) => ChartPoint::Number(n),
            (symbol, _) => ChartPoint::Label(symbol.unwrap_or("[x]").to_string()),
        },
        None => ChartPoint::Label(Cell::NotAvailable.to_string()),
    }
}

/// Whether a published cell holds a suppressed value.
pub fn is_suppressed(cell: Option<Published>) -> bool {
    cell.is_some_and(|p| p.suppressed.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::disclosure::Suppression;
    use crate::period::Q;

    fn shown(value: Cell, suppressed: Option<Suppression>) -> Option<Published> {
        Some(Published { value, suppressed })
    }

    #[test]
    fn a_suppressed_cell_prints_and_plots_as_c() {
        let hidden = shown(Cell::Count(3), Some(Suppression::Primary));
        assert_eq!(text(hidden, false), "[c]");
        assert_eq!(point(hidden), ChartPoint::Label("[c]".into()));
        let visible = shown(Cell::Count(1200), None);
        assert_eq!(text(visible, false), "1,200");
        assert_eq!(point(visible), ChartPoint::Number(1200.0));
        assert_eq!(text(shown(Cell::Decimal(84.4), None), true), "84.4%");
        assert_eq!(
            point(shown(Cell::NotApplicable, None)),
            ChartPoint::Label("[z]".into())
        );
        assert_eq!(text(None, false), "[x]");
    }

    fn sessions(last_year: [u64; 4], this_year: [u64; 2]) -> Dataset {
        use crate::metrics::testdata::*;
        use crate::model::{RollUp, Value};
        let plan = plan(
            vec![agency("EDU", true)],
            vec![count("SESSIONS", &["EDU"], RollUp::Sum)],
        );
        let ret = |quarter, n| a_return("EDU", quarter, vec![entry("SESSIONS", Value::Count(n))]);
        let mut returns: Vec<_> = (1..=4)
            .map(|i| ret(q(2014, i), last_year[usize::from(i) - 1]))
            .collect();
        returns.extend((1..=2).map(|i| ret(q(2015, i), this_year[usize::from(i) - 1])));
        dataset(plan, returns)
    }

    #[test]
    fn a_part_year_is_compared_with_the_same_quarters_of_last_year() {
        let data = sessions([10, 13, 12, 14], [11, 9]);
        let (last, this) = (FinYear { start: 2014 }, FinYear { start: 2015 });
        let before = PublishedYear::of(&data, last).unwrap();
        let like = PublishedYear::same_quarters(&data, last, &[1, 2], &before)
            .unwrap()
            .expect("last year has Q1 and Q2");
        assert_eq!(
            like.year("SESSIONS").unwrap().value,
            Cell::Count(23),
            "10 + 13"
        );
        assert!(like.year("SESSIONS").unwrap().suppressed.is_none());
        let now = PublishedYear::compared(&data, this, &like).unwrap();
        assert_eq!(now.year("SESSIONS").unwrap().value, Cell::Count(20));
        assert_eq!(
            now.change("SESSIONS").unwrap().value,
            Cell::Decimal(-3.0),
            "Q1–Q2 with Q1–Q2: a change, not [z]"
        );
        // The whole of last year would not be comparable.
        let whole = PublishedYear::compared(&data, this, &before).unwrap();
        assert_eq!(whole.change("SESSIONS").unwrap().value, Cell::NotApplicable);
    }

    #[test]
    fn last_years_part_is_withheld_where_its_own_report_hid_a_quarter() {
        // Q2 of last year was 3: [c] in last year's report. Its Q1 + Q2 would
        // give it back (with Q1 shown there), so it is withheld here too.
        let data = sessions([10, 3, 12, 14], [11, 9]);
        let last = FinYear { start: 2014 };
        let before = PublishedYear::of(&data, last).unwrap();
        let like = PublishedYear::same_quarters(&data, last, &[1, 2], &before)
            .unwrap()
            .unwrap();
        assert_eq!(
            like.year("SESSIONS").unwrap().suppressed,
            Some(Suppression::Given)
        );
        let now = PublishedYear::compared(&data, FinYear { start: 2015 }, &like).unwrap();
        assert_eq!(text(now.previous("SESSIONS"), false), "[c]");
        assert_eq!(now.change_text(&data.plan.measures[0]), "[c]");
    }

    #[test]
    fn no_same_quarter_comparison_without_those_quarters_last_year() {
        let data = sessions([10, 13, 12, 14], [11, 9]);
        let last = FinYear { start: 2014 };
        let before = PublishedYear::of(&data, last).unwrap();
        let mut only_q3_q4 = data.clone();
        only_q3_q4
            .returns
            .retain(|r| !(r.quarter.fin_year() == last && r.quarter.q < Q::Q3));
        let before_part = PublishedYear::of(&only_q3_q4, last).unwrap();
        assert!(
            PublishedYear::same_quarters(&only_q3_q4, last, &[1, 2], &before_part)
                .unwrap()
                .is_none()
        );
        assert!(
            PublishedYear::same_quarters(&data, last, &[1, 2, 3, 4], &before)
                .unwrap()
                .is_none(),
            "a whole year is compared with the whole of last year"
        );
    }
}
