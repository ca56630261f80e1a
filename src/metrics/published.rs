//! The annual report's published tables as disclosure-control [`Table`]s: the
//! year's measures (four quarters and the year) and the year's referral
//! breakdowns, with every additive group they contain, and [`year_tables`]
//! joining both so a figure printed in each is hidden in both or neither.
//! Pure: builds tables from a [`YearRollup`]; suppression itself is
//! [`super::suppress`].

use super::disclosure::{CellRule, Table};
use super::rollup::{YearMethod, YearRollup};
use super::{Breakdowns, Cell};
use crate::model::{MeasureKind, Plan};
use crate::period::Quarter;
use serde::Serialize;
use std::collections::BTreeSet;

/// A column of the year table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Column {
    Quarter(Quarter),
    Year,
}

/// One measure's cells, one per column of the table, as indices into `table`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureRow {
    pub code: String,
    /// False for a row kept only because a published percentage is computed
    /// from it: it takes part in suppression but is not printed.
    pub published: bool,
    pub cells: Vec<usize>,
}

/// The year at a glance: published measures by the year's four quarters and the
/// year. Quarters without data hold `[x]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasuresTable {
    pub columns: Vec<Column>,
    pub rows: Vec<MeasureRow>,
    pub table: Table,
}

impl MeasuresTable {
    /// The table index of a measure's cell in a column.
    pub fn cell(&self, code: &str, column: Column) -> Option<usize> {
        let position = self.columns.iter().position(|c| *c == column)?;
        self.rows
            .iter()
            .find(|r| r.code == code)?
            .cells
            .get(position)
            .copied()
    }
}

const RISK_PARTS: [&str; 3] = ["REF_NEW_HIGH", "REF_NEW_MEDIUM", "REF_NEW_LOW"];

/// The published measures of `rollup` as one table. Additive groups: each summed
/// row's covered quarters add up to its year; each column's new referrals by risk
/// add up to all new referrals (when all four rows are in the table).
pub fn year_measures_table(plan: &Plan, rollup: &YearRollup) -> MeasuresTable {
    let mut columns: Vec<Column> = rollup
        .quarters
        .iter()
        .map(|q| Column::Quarter(*q))
        .collect();
    columns.push(Column::Year);
    let mut out = MeasuresTable {
        columns,
        rows: Vec::new(),
        table: Table::new(),
    };
    let included = rows_to_include(plan);
    for measure in plan
        .measures
        .iter()
        .filter(|m| included.contains(m.code.as_str()))
    {
        let rule = match (&measure.kind, measure.code.as_str()) {
            (MeasureKind::Referral, "REF_MEDIAN_DAYS_OPEN") => CellRule::Exempt,
            // Filled in below, once every part has its cells.
            (MeasureKind::Ratio { .. }, _) => CellRule::Exempt,
            _ => CellRule::Count,
        };
        let cells = out
            .columns
            .iter()
            .map(|column| {
                out.table
                    .push(value_in(rollup, &measure.code, *column), rule.clone())
            })
            .collect();
        out.rows.push(MeasureRow {
            code: measure.code.clone(),
            published: measure.publish,
            cells,
        });
    }
    link_percentages(plan, &mut out);
    add_quarter_groups(plan, rollup, &mut out);
    add_risk_groups(&mut out);
    out
}

/// Published measures, and every measure a published percentage is computed
/// from (however deep), since the percentage would give it away.
fn rows_to_include(plan: &Plan) -> BTreeSet<&str> {
    let mut included: BTreeSet<&str> = BTreeSet::new();
    let mut pending: Vec<&str> = plan
        .measures
        .iter()
        .filter(|m| m.publish)
        .map(|m| m.code.as_str())
        .collect();
    while let Some(code) = pending.pop() {
        if !included.insert(code) {
            continue;
        }
        if let Some(MeasureKind::Ratio {
            numerator,
            denominator,
        }) = plan.measure(code).map(|m| &m.kind)
        {
            pending.push(numerator);
            pending.push(denominator);
        }
    }
    included
}

fn value_in(rollup: &YearRollup, code: &str, column: Column) -> Cell {
    let figure = match column {
        Column::Quarter(q) => rollup.quarter_values.get(&q).and_then(|v| v.get(code)),
        Column::Year => rollup.values.get(code).map(|y| &y.figure),
    };
    figure.map_or(Cell::NotAvailable, |f| f.cell)
}

fn link_percentages(plan: &Plan, out: &mut MeasuresTable) {
    for measure in &plan.measures {
        let MeasureKind::Ratio {
            numerator,
            denominator,
        } = &measure.kind
        else {
            continue;
        };
        for column in out.columns.clone() {
            let Some(cell) = out.cell(&measure.code, column) else {
                continue;
            };
            let sources = [numerator, denominator]
                .iter()
                .filter_map(|code| out.cell(code, column))
                .collect();
            out.table.cells[cell].1 = CellRule::Derived(sources);
        }
    }
}

fn add_quarter_groups(plan: &Plan, rollup: &YearRollup, out: &mut MeasuresTable) {
    for row in &out.rows {
        let summed = rollup
            .values
            .get(&row.code)
            .filter(|y| y.method == YearMethod::Sum && y.figure.cell.number().is_some());
        let counted = plan
            .measure(&row.code)
            .is_some_and(|m| !matches!(m.kind, MeasureKind::Ratio { .. }));
        let (Some(year), true) = (summed, counted) else {
            continue;
        };
        let parts: Vec<usize> = year
            .covers
            .iter()
            .filter_map(|q| out.cell(&row.code, Column::Quarter(*q)))
            .collect();
        if let Some(total) = out.cell(&row.code, Column::Year) {
            out.table.add_group(parts, total);
        }
    }
}

fn add_risk_groups(out: &mut MeasuresTable) {
    for column in out.columns.clone() {
        let parts: Option<Vec<usize>> = RISK_PARTS
            .iter()
            .map(|code| out.cell(code, column))
            .collect();
        let (Some(parts), Some(total)) = (parts, out.cell("REF_NEW", column)) else {
            continue;
        };
        if out.table.cells[total].0.number().is_some() {
            out.table.add_group(parts, total);
        }
    }
}

/// One category of a breakdown: its count's and rate's cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownRow {
    pub label: String,
    pub count: usize,
    pub rate: Option<usize>,
}

/// One breakdown (source, risk, ...) of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownSection {
    pub title: &'static str,
    pub rows: Vec<BreakdownRow>,
}

/// New referrals and their five breakdowns as one table: each breakdown is an
/// additive group whose total is the all-new-referrals cell; a rate is derived
/// from its count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownTable {
    pub total: BreakdownRow,
    pub sections: Vec<BreakdownSection>,
    pub table: Table,
}

pub fn breakdown_table(breakdowns: &Breakdowns) -> BreakdownTable {
    let mut table = Table::new();
    let push_row = |table: &mut Table, category: &super::Category| {
        let count = table.push(Cell::Count(category.count), CellRule::Count);
        let rate = category
            .rate_per_10k
            .map(|r| table.push(Cell::decimal(r), CellRule::Derived(vec![count])));
        BreakdownRow {
            label: category.label.clone(),
            count,
            rate,
        }
    };
    let total = push_row(&mut table, &breakdowns.total);
    let mut sections = Vec::new();
    for (title, categories) in breakdowns.dimensions() {
        let rows: Vec<BreakdownRow> = categories.iter().map(|c| push_row(&mut table, c)).collect();
        table.add_group(rows.iter().map(|r| r.count).collect(), total.count);
        sections.push(BreakdownSection { title, rows });
    }
    BreakdownTable {
        total,
        sections,
        table,
    }
}

/// Referral measures printed again as a row of a breakdown: (measure code,
/// breakdown title, category label).
const PRINTED_TWICE: [(&str, &str, &str); 4] = [
    ("REF_NEW_HIGH", "Risk at referral", "High"),
    ("REF_NEW_MEDIUM", "Risk at referral", "Medium"),
    ("REF_NEW_LOW", "Risk at referral", "Low"),
    ("REF_LAC", "Looked after", "Yes"),
];

/// Every published table of a year's annual report as one disclosure table:
/// the measures' cells, then the breakdowns' (their indices here are already
/// offset into `table`). A figure printed in both — all new referrals, by
/// risk, of looked-after children — is linked so it is hidden in both places
/// or in neither.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearTables {
    pub measures: MeasuresTable,
    /// `None` without a referral quarter in the year.
    pub breakdowns: Option<BreakdownTable>,
    /// All cells and groups, suppressed together.
    pub table: Table,
}

impl YearTables {
    /// The table index of a breakdown row's count (by title and label).
    pub fn breakdown_count(&self, title: &str, label: &str) -> Option<usize> {
        let b = self.breakdowns.as_ref()?;
        b.sections
            .iter()
            .find(|s| s.title == title)?
            .rows
            .iter()
            .find(|r| r.label == label)
            .map(|r| r.count)
    }
}

/// The year's published tables, joined for suppression (see [`YearTables`]).
pub fn year_tables(plan: &Plan, rollup: &YearRollup) -> YearTables {
    let measures = year_measures_table(plan, rollup);
    let mut table = measures.table.clone();
    let breakdowns = rollup.breakdowns.as_ref().map(|b| {
        let mut t = breakdown_table(b);
        let offset = table.append(std::mem::take(&mut t.table));
        let shift = |row: &mut BreakdownRow| {
            row.count += offset;
            row.rate = row.rate.map(|r| r + offset);
        };
        shift(&mut t.total);
        t.sections
            .iter_mut()
            .flat_map(|s| s.rows.iter_mut())
            .for_each(shift);
        t
    });
    let mut out = YearTables {
        measures,
        breakdowns,
        table,
    };
    link_printed_twice(&mut out);
    out
}

fn link_printed_twice(t: &mut YearTables) {
    let Some(total) = t.breakdowns.as_ref().map(|b| b.total.count) else {
        return;
    };
    let pairs: Vec<(Option<usize>, Option<usize>)> =
        std::iter::once((t.measures.cell("REF_NEW", Column::Year), Some(total)))
            .chain(PRINTED_TWICE.iter().map(|(code, title, label)| {
                (
                    t.measures.cell(code, Column::Year),
                    t.breakdown_count(title, label),
                )
            }))
            .collect();
    for (a, b) in pairs {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        // Different numbers (a later return revised an earlier quarter's row)
        // are two figures, not one printed twice.
        if t.table.cells[a].0 == t.table.cells[b].0 {
            t.table.link_equal(a, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testdata::*;
    use crate::metrics::{suppress, year_rollup, Suppression};
    use crate::model::{Risk, RollUp, Value};
    use crate::period::FinYear;

    fn data() -> crate::model::Dataset {
        let mut measures = vec![
            ratio("CHARGE_RATE", "CHARGES", "ARRESTS"),
            count("ARRESTS", &["POLICE"], RollUp::Sum),
            count("CHARGES", &["POLICE"], RollUp::Sum),
            count("STAFF_TRAINED", &["POLICE"], RollUp::Sum),
        ];
        // Published only through the percentage.
        measures[1].publish = false;
        measures[3].publish = false;
        measures.extend(referral_measures());
        let plan = plan(vec![agency("POLICE", true), agency("CSC", true)], measures);
        let police = |quarter, arrests, charges| {
            a_return(
                "POLICE",
                quarter,
                vec![
                    entry("ARRESTS", Value::Count(arrests)),
                    entry("CHARGES", Value::Count(charges)),
                ],
            )
        };
        let mut high = referral("A-1", date(2014, 10, 2));
        high.risk_at_referral = Risk::High;
        let log: Vec<_> = (0..12)
            .map(|n| referral(&format!("B-{n}"), date(2014, 11, 1)))
            .chain([high])
            .collect();
        dataset(
            plan,
            vec![
                police(q(2014, 3), 20, 3),
                police(q(2014, 4), 30, 12),
                log_return("CSC", q(2014, 3), log),
                log_return("CSC", q(2014, 4), vec![]),
            ],
        )
    }

    #[test]
    fn the_year_table_holds_published_rows_and_the_parts_of_published_percentages() {
        let data = data();
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let t = year_measures_table(&data.plan, &rollup);
        let codes: Vec<(&str, bool)> = t
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.published))
            .collect();
        assert!(codes.contains(&("ARRESTS", false)));
        assert!(!codes.iter().any(|(c, _)| *c == "STAFF_TRAINED"));
        assert_eq!(t.columns.len(), 5);
        let q1 = t
            .cell("ARRESTS", Column::Quarter(q(2014, 1)))
            .expect("a Q1 cell");
        assert_eq!(t.table.cells[q1].0, Cell::NotAvailable);
        let year = t.cell("CHARGES", Column::Year).expect("a year cell");
        assert_eq!(t.table.cells[year].0, Cell::Count(15));
    }

    #[test]
    fn suppressing_the_year_table_hides_small_counts_their_partners_and_their_percentages() {
        let data = data();
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let t = year_measures_table(&data.plan, &rollup);
        let s = suppress(&t.table, 5);
        let at = |code: &str, column| s.cells[t.cell(code, column).expect("cell")];
        let q3 = Column::Quarter(q(2014, 3));
        let q4 = Column::Quarter(q(2014, 4));
        assert_eq!(at("CHARGES", q3).suppressed, Some(Suppression::Primary));
        assert_eq!(at("CHARGES", q4).suppressed, Some(Suppression::Secondary));
        assert_eq!(at("CHARGES", Column::Year).suppressed, None);
        assert_eq!(at("CHARGE_RATE", q3).suppressed, Some(Suppression::Derived));
        assert_eq!(at("CHARGE_RATE", Column::Year).suppressed, None);
        // One High referral among 13 new ones: High is primary, the smallest other
        // risk (Low, 0) cannot be taken, so Medium (12) goes.
        assert_eq!(
            at("REF_NEW_HIGH", q3).suppressed,
            Some(Suppression::Primary)
        );
        assert_eq!(at("REF_NEW_LOW", q3).suppressed, None);
        assert_eq!(
            at("REF_NEW_MEDIUM", q3).suppressed,
            Some(Suppression::Secondary)
        );
        assert_eq!(at("REF_MEDIAN_DAYS_OPEN", q3).suppressed, None);
        assert_eq!(
            at("REF_NEW", Column::Quarter(q(2014, 1))).symbol(),
            Some("[x]")
        );
    }

    #[test]
    fn a_figure_in_both_tables_is_hidden_in_both() {
        let data = data();
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let t = year_tables(&data.plan, &rollup);
        let s = suppress(&t.table, 5);
        let year_high = t
            .measures
            .cell("REF_NEW_HIGH", Column::Year)
            .expect("a year cell");
        let row_high = t
            .breakdown_count("Risk at referral", "High")
            .expect("a High row");
        assert_eq!(s.cells[year_high].symbol(), Some("[c]"));
        assert_eq!(s.cells[row_high].symbol(), Some("[c]"));
        let year_new = t.measures.cell("REF_NEW", Column::Year).expect("cell");
        let total = t.breakdowns.as_ref().expect("breakdowns").total.count;
        assert_eq!(s.cells[year_new].value, s.cells[total].value);
        assert_eq!(
            s.cells[year_new].suppressed.is_some(),
            s.cells[total].suppressed.is_some()
        );
        // Every breakdown still hides at least two cells or none.
        for g in &t.table.groups {
            let hidden = g
                .parts
                .iter()
                .chain([&g.total])
                .filter(|i| s.cells[**i].suppressed.is_some())
                .count();
            assert_ne!(hidden, 1, "{g:?}");
        }
    }

    #[test]
    fn each_breakdown_adds_up_to_all_new_referrals_and_rates_follow_their_counts() {
        let mut data = data();
        data.plan.settings.child_population = Some(10_000);
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let b = rollup.breakdowns.as_ref().expect("logs came in");
        let t = breakdown_table(b);
        assert_eq!(t.sections.len(), 5);
        assert_eq!(t.table.groups.len(), 5);
        assert!(t.table.groups.iter().all(|g| g.total == t.total.count));
        let s = suppress(&t.table, 5);
        let risk = &t.sections[1];
        let high = &risk.rows[0];
        assert_eq!(high.label, "High");
        assert_eq!(s.cells[high.count].suppressed, Some(Suppression::Primary));
        let rate = high.rate.expect("population is set");
        assert_eq!(s.cells[rate].suppressed, Some(Suppression::Derived));
    }
}
