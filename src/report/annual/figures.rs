//! The year's published figures after disclosure control, as text and chart
//! points. Every figure of a measure or breakdown that the annual report
//! prints — in a table, a chart or a sentence — is read through
//! [`PublishedYear`], so a suppressed count is `[c]` wherever it appears.

use crate::metrics::disclosure::{suppress, Published, SuppressedTable};
use crate::metrics::published::{year_tables, Column, YearTables};
use crate::metrics::{year_rollup, Cell, YearFigure, YearRollup};
use crate::model::{Dataset, Measure};
use crate::period::{FinYear, Quarter};
use crate::report::{words, ChartPoint};

/// One financial year's figures as they may be published.
pub struct PublishedYear {
    pub rollup: YearRollup,
    pub tables: YearTables,
    pub shown: SuppressedTable,
}

impl PublishedYear {
    pub fn of(dataset: &Dataset, year: FinYear) -> PublishedYear {
        let rollup = year_rollup(dataset, year);
        let tables = year_tables(&dataset.plan, &rollup);
        let shown = suppress(&tables.table, dataset.plan.settings.suppression_threshold);
        PublishedYear {
            rollup,
            tables,
            shown,
        }
    }

    pub fn has_data(&self) -> bool {
        !self.rollup.quarters_with_data.is_empty()
    }

    /// The published cell at a table index.
    pub fn at(&self, index: usize) -> Option<Published> {
        self.shown.cells.get(index).copied()
    }

    pub fn year(&self, code: &str) -> Option<Published> {
        self.at(self.tables.measures.cell(code, Column::Year)?)
    }

    pub fn quarter(&self, code: &str, quarter: Quarter) -> Option<Published> {
        self.at(self.tables.measures.cell(code, Column::Quarter(quarter))?)
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

/// The change from last year's published figure to this year's, as a table
/// prints it: `[c]` when either is suppressed (the change would give it
/// away), `[x]` when either has no number, `[z]` when the two are not
/// comparable (sums over different quarters of the year).
pub fn change_text(
    measure: &Measure,
    now: (Option<Published>, Option<&YearFigure>),
    before: (Option<Published>, Option<&YearFigure>),
) -> String {
    if is_suppressed(now.0) || is_suppressed(before.0) {
        return "[c]".to_string();
    }
    let number = |c: Option<Published>| c.and_then(|p| p.visible_value()).and_then(Cell::number);
    let (Some(to), Some(from)) = (number(now.0), number(before.0)) else {
        return Cell::NotAvailable.to_string();
    };
    if !comparable(now.1, before.1) {
        return Cell::NotApplicable.to_string();
    }
    words::change(
        crate::metrics::round1(to - from),
        crate::report::is_percent(measure),
    )
}

/// Two year figures can be compared unless they are sums over different
/// quarters of their years (a part year against a whole one, say).
pub fn comparable(now: Option<&YearFigure>, before: Option<&YearFigure>) -> bool {
    let (Some(now), Some(before)) = (now, before) else {
        return false;
    };
    let is_sum = |y: &YearFigure| y.method == crate::metrics::rollup::YearMethod::Sum;
    let quarters = |y: &YearFigure| y.covers.iter().map(|q| q.q).collect::<Vec<u8>>();
    !(is_sum(now) || is_sum(before)) || quarters(now) == quarters(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::disclosure::Suppression;

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
}
