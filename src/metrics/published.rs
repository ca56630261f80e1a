//! The annual report's published figures as one disclosure-control [`Table`]:
//! the year's measures (four quarters and the year), the year's referral
//! breakdowns, and last year's figures with the change on them — every
//! figure a cell, and every relation between cells declared here once:
//!
//! - from the catalogue's Roll-up as the year was made: a `sum` year is the
//!   sum of its quarters, a `last` year equals its last quarter, a `mean` year
//!   times its quarters is their sum;
//! - from each ratio measure: percentage = numerator ÷ denominator, and
//!   numerator + (denominator − numerator) = denominator, the difference being
//!   an unprinted count (closed *without* risk reduced);
//! - from the referral codes' definitions ([`IDENTITIES`]) and the breakdowns:
//!   parts add up to totals, and a figure printed in both tables is one figure;
//! - from the child population: rate = count ÷ population;
//! - from last year's report: change = this year − last year.
//!
//! Pure: builds tables from [`YearRollup`]s; suppression itself is
//! [`super::suppress`].

use super::disclosure::{CellRule, Denominator, Published, Relation, Table, Why};
use super::rollup::{YearMethod, YearRollup};
use super::{Breakdowns, Category, Cell, Dimension, YearFigure, LOOKED_AFTER};
use crate::model::{MeasureKind, Plan, ReferralCode, Risk};
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
    /// What each cell is, for a message naming it (parallel to `table.cells`).
    pub names: Vec<String>,
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

    fn push(&mut self, value: Cell, rule: CellRule, printed: bool, name: String) -> usize {
        self.names.push(name);
        if printed {
            self.table.push(value, rule)
        } else {
            self.table.push_unprinted(value, rule)
        }
    }
}

/// Identities that hold by the definition of the referral codes
/// (data-contract.md): the total and the codes that split it. Where the parts
/// fall short of the total (a referral with no risk recorded), the rest is an
/// unprinted part.
pub const IDENTITIES: [(ReferralCode, &[ReferralCode]); 1] = [(
    ReferralCode::New,
    &[
        ReferralCode::NewHigh,
        ReferralCode::NewMedium,
        ReferralCode::NewLow,
    ],
)];

/// Referral measures printed again in the breakdowns table: (measure code,
/// the breakdown and category of its row, or `None` for the all-new-referrals row).
pub const PRINTED_TWICE: [(ReferralCode, Option<(Dimension, &str)>); 5] = [
    (ReferralCode::New, None),
    (
        ReferralCode::NewHigh,
        Some((Dimension::Risk, Risk::High.label())),
    ),
    (
        ReferralCode::NewMedium,
        Some((Dimension::Risk, Risk::Medium.label())),
    ),
    (
        ReferralCode::NewLow,
        Some((Dimension::Risk, Risk::Low.label())),
    ),
    (
        ReferralCode::Lac,
        Some((Dimension::LookedAfter, LOOKED_AFTER)),
    ),
];

/// How a cell of a measure takes part in disclosure control, from what the
/// measure is and how its year was made (never from its code).
fn rule_of(kind: &MeasureKind, year: Option<&YearFigure>) -> CellRule {
    match (kind, year.map(|y| y.method)) {
        // Filled in below, once every part has its cells.
        (MeasureKind::Ratio { .. }, _) => CellRule::Exempt,
        // Computed over the period directly (a median of days): not a count.
        (_, Some(YearMethod::Direct)) => CellRule::Exempt,
        _ => CellRule::Count,
    }
}

/// The published measures of `rollup` as one table, with every relation among
/// their cells.
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
        names: Vec::new(),
    };
    let included = rows_to_include(plan);
    for measure in plan
        .measures
        .iter()
        .filter(|m| included.contains(m.code.as_str()))
    {
        let rule = rule_of(&measure.kind, rollup.values.get(&measure.code));
        let cells = out
            .columns
            .clone()
            .into_iter()
            .map(|column| {
                let name = format!("“{}”, {}", measure.label, column_name(rollup, column));
                out.push(
                    value_in(rollup, &measure.code, column),
                    rule.clone(),
                    measure.publish,
                    name,
                )
            })
            .collect();
        out.rows.push(MeasureRow {
            code: measure.code.clone(),
            published: measure.publish,
            cells,
        });
    }
    add_year_relations(rollup, &mut out);
    add_ratio_relations(plan, &mut out);
    add_identities(&mut out);
    out
}

fn column_name(rollup: &YearRollup, column: Column) -> String {
    match column {
        Column::Quarter(q) => q.to_string(),
        Column::Year => format!("{} (year)", rollup.year),
    }
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

fn has_number(out: &MeasuresTable, cell: usize) -> bool {
    out.table.cells[cell].value.number().is_some()
}

/// A year and its quarters, as the year was made: sum, last or mean.
fn add_year_relations(rollup: &YearRollup, out: &mut MeasuresTable) {
    for row in out.rows.clone() {
        let (Some(year), Some(total)) = (
            rollup.values.get(&row.code),
            out.cell(&row.code, Column::Year),
        ) else {
            continue;
        };
        if !has_number(out, total) || matches!(out.table.cells[total].rule, CellRule::Exempt) {
            continue;
        }
        let covered: Vec<usize> = year
            .covers
            .iter()
            .filter_map(|q| out.cell(&row.code, Column::Quarter(*q)))
            .filter(|c| has_number(out, *c))
            .collect();
        match year.method {
            YearMethod::Sum => out.table.add_group(covered, total),
            YearMethod::Last => {
                if let Some(from) = year
                    .taken_from
                    .and_then(|q| out.cell(&row.code, Column::Quarter(q)))
                {
                    out.table.add_sum(vec![from], total, Why::Last);
                }
            }
            YearMethod::Mean => {
                out.table.cells[total].rule = CellRule::Derived(covered.clone());
                out.table.add_relation(Relation::Mean {
                    parts: covered,
                    mean: total,
                });
            }
            YearMethod::Direct | YearMethod::Ratio => {}
        }
    }
}

/// Each percentage: derived from its numerator and denominator, equal to
/// their ratio, and — when both are counts — the numerator and the rest of the
/// denominator add up to it.
fn add_ratio_relations(plan: &Plan, out: &mut MeasuresTable) {
    for measure in &plan.measures {
        let MeasureKind::Ratio {
            numerator,
            denominator,
        } = &measure.kind
        else {
            continue;
        };
        for column in out.columns.clone() {
            let (Some(cell), Some(num), Some(den)) = (
                out.cell(&measure.code, column),
                out.cell(numerator, column),
                out.cell(denominator, column),
            ) else {
                continue;
            };
            out.table.cells[cell].rule = CellRule::Derived(vec![num, den]);
            if !(has_number(out, cell) && has_number(out, num) && has_number(out, den)) {
                continue;
            }
            out.table.add_relation(Relation::Ratio {
                numerator: num,
                denominator: Denominator::Cell(den),
                ratio: cell,
                scale: 100.0,
            });
            let counts = |c: usize| matches!(out.table.cells[c].rule, CellRule::Count);
            if let (Cell::Count(n), Cell::Count(d), true) = (
                out.table.cells[num].value,
                out.table.cells[den].value,
                counts(num) && counts(den),
            ) {
                if n <= d {
                    let name = format!(
                        "the rest of “{}” beside “{}”, {}",
                        label_of(plan, denominator),
                        label_of(plan, numerator),
                        column_name_short(column)
                    );
                    let rest = out.push(Cell::Count(d - n), CellRule::Count, false, name);
                    out.table.add_sum(vec![num, rest], den, Why::Difference);
                }
            }
        }
    }
}

fn label_of<'p>(plan: &'p Plan, code: &'p str) -> &'p str {
    plan.measure(code).map_or(code, |m| m.label.as_str())
}

fn column_name_short(column: Column) -> String {
    match column {
        Column::Quarter(q) => q.to_string(),
        Column::Year => "the year".to_string(),
    }
}

/// The referral codes' identities, column by column, where all their cells
/// are in the table with numbers.
fn add_identities(out: &mut MeasuresTable) {
    for (total_code, part_codes) in IDENTITIES {
        for column in out.columns.clone() {
            let parts: Option<Vec<usize>> = part_codes
                .iter()
                .map(|code| out.cell(code.code(), column))
                .collect();
            let (Some(mut parts), Some(total)) = (parts, out.cell(total_code.code(), column))
            else {
                continue;
            };
            let counts: Option<Vec<u64>> = parts
                .iter()
                .chain([&total])
                .map(|c| match out.table.cells[*c].value {
                    Cell::Count(n) => Some(n),
                    _ => None,
                })
                .collect();
            let Some(counts) = counts else {
                continue;
            };
            let (sum, whole) = (
                counts[..parts.len()].iter().sum::<u64>(),
                counts[parts.len()],
            );
            if sum > whole {
                continue;
            }
            if sum < whole {
                let name = format!(
                    "the rest of {}, {}",
                    total_code.code(),
                    column_name_short(column)
                );
                parts.push(out.push(Cell::Count(whole - sum), CellRule::Count, false, name));
            }
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
    pub dimension: Dimension,
    pub rows: Vec<BreakdownRow>,
}

/// New referrals and their five breakdowns as one table: each breakdown is an
/// additive group whose total is the all-new-referrals cell; a rate is derived
/// from its count and equals it over the child population.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownTable {
    pub total: BreakdownRow,
    pub sections: Vec<BreakdownSection>,
    pub table: Table,
    pub names: Vec<String>,
}

pub fn breakdown_table(breakdowns: &Breakdowns, population: Option<u64>) -> BreakdownTable {
    let mut table = Table::new();
    let mut names = Vec::new();
    let mut push_row = |table: &mut Table, title: &str, category: &Category| {
        let count = table.push(Cell::Count(category.count), CellRule::Count);
        names.push(format!("new referrals, {title} “{}”", category.label));
        let rate = category.rate_per_10k.map(|r| {
            let rate = table.push(Cell::decimal(r), CellRule::Derived(vec![count]));
            names.push(format!(
                "the rate of new referrals, {title} “{}”",
                category.label
            ));
            if let Some(p) = population.filter(|p| *p > 0) {
                table.add_relation(Relation::Ratio {
                    numerator: count,
                    denominator: Denominator::Known(p as f64),
                    ratio: rate,
                    scale: 10_000.0,
                });
            }
            rate
        });
        BreakdownRow {
            label: category.label.clone(),
            count,
            rate,
        }
    };
    let total = push_row(&mut table, "all", &breakdowns.total);
    let mut sections = Vec::new();
    for (dimension, categories) in breakdowns.dimensions() {
        let rows: Vec<BreakdownRow> = categories
            .iter()
            .map(|c| push_row(&mut table, dimension.title(), c))
            .collect();
        table.add_group(rows.iter().map(|r| r.count).collect(), total.count);
        sections.push(BreakdownSection { dimension, rows });
    }
    BreakdownTable {
        total,
        sections,
        table,
        names,
    }
}

/// Last year's figure of a measure as this report prints it, and the change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub code: String,
    pub before: usize,
    pub change: usize,
}

/// Every published table of a year's annual report as one disclosure table:
/// the measures' cells, then the breakdowns', then last year's figures and
/// the changes (their indices here are all into `table`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearTables {
    pub measures: MeasuresTable,
    /// `None` without a referral quarter in the year.
    pub breakdowns: Option<BreakdownTable>,
    /// Last year's figure and the change, by published measure.
    pub comparisons: Vec<Comparison>,
    /// All cells and relations, suppressed together.
    pub table: Table,
    /// What each cell of `table` is, for a message naming it.
    pub names: Vec<String>,
}

impl YearTables {
    /// The table index of a breakdown row's count (by breakdown and
    /// category label); the all-new-referrals count for `None`.
    pub fn breakdown_count(&self, row: Option<(Dimension, &str)>) -> Option<usize> {
        let b = self.breakdowns.as_ref()?;
        let Some((dimension, label)) = row else {
            return Some(b.total.count);
        };
        b.sections
            .iter()
            .find(|s| s.dimension == dimension)?
            .rows
            .iter()
            .find(|r| r.label == label)
            .map(|r| r.count)
    }

    pub fn comparison(&self, code: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.code == code)
    }

    /// A cell's name, for a message.
    pub fn name(&self, cell: usize) -> String {
        self.names
            .get(cell)
            .cloned()
            .unwrap_or_else(|| format!("cell {cell}"))
    }
}

/// The year's published tables, joined for suppression (see [`YearTables`]).
pub fn year_tables(plan: &Plan, rollup: &YearRollup) -> YearTables {
    let measures = year_measures_table(plan, rollup);
    let mut table = measures.table.clone();
    let mut names = measures.names.clone();
    let breakdowns = rollup.breakdowns.as_ref().map(|b| {
        let mut t = breakdown_table(b, plan.settings.child_population);
        let offset = table.append(std::mem::take(&mut t.table));
        names.append(&mut t.names);
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
        comparisons: Vec::new(),
        table,
        names,
    };
    link_printed_twice(&mut out);
    out
}

fn link_printed_twice(t: &mut YearTables) {
    let pairs: Vec<(Option<usize>, Option<usize>)> = PRINTED_TWICE
        .iter()
        .map(|(code, row)| {
            (
                t.measures.cell(code.code(), Column::Year),
                t.breakdown_count(*row),
            )
        })
        .collect();
    for (a, b) in pairs {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        // Different numbers (a later return revised an earlier quarter's row)
        // are two figures, not one printed twice.
        if t.table.cells[a].value == t.table.cells[b].value {
            t.table.link_equal(a, b);
        }
    }
}

/// Two year figures can be compared unless they are sums over different
/// quarters of their years (a part year against a whole one, say).
pub fn comparable(now: Option<&YearFigure>, before: Option<&YearFigure>) -> bool {
    let (Some(now), Some(before)) = (now, before) else {
        return false;
    };
    let is_sum = |y: &YearFigure| y.method == YearMethod::Sum;
    let quarters = |y: &YearFigure| y.covers.iter().map(|q| q.number()).collect::<Vec<u8>>();
    !(is_sum(now) || is_sum(before)) || quarters(now) == quarters(before)
}

/// Adds last year's figure of every published measure, as last year's report
/// showed it (`before(code)`; hidden there, hidden here), and the change on
/// it: derived from both, and equal to this year's less last year's.
pub fn add_comparisons(
    tables: &mut YearTables,
    plan: &Plan,
    now: &YearRollup,
    before_rollup: &YearRollup,
    before: &dyn Fn(&str) -> Option<Published>,
) {
    for measure in plan.measures.iter().filter(|m| m.publish) {
        let Some(this) = tables.measures.cell(&measure.code, Column::Year) else {
            continue;
        };
        let last = before(&measure.code).unwrap_or(Published {
            value: Cell::NotAvailable,
            suppressed: None,
        });
        let before_cell = tables.table.push(
            last.value,
            CellRule::Given {
                hidden: last.suppressed.is_some(),
                count: matches!(last.value, Cell::Count(_))
                    && !matches!(measure.kind, MeasureKind::Ratio { .. }),
            },
        );
        tables.names.push(format!(
            "“{}”, {} (last year)",
            measure.label, before_rollup.year
        ));
        let this_value = tables.table.cells[this].value;
        let value = match (this_value.number(), last.value.number()) {
            (Some(to), Some(from)) => {
                if comparable(
                    now.values.get(&measure.code),
                    before_rollup.values.get(&measure.code),
                ) {
                    Cell::Decimal(super::round1(to - from))
                } else {
                    Cell::NotApplicable
                }
            }
            _ => Cell::NotAvailable,
        };
        let change = tables
            .table
            .push(value, CellRule::Derived(vec![this, before_cell]));
        tables
            .names
            .push(format!("the change in “{}” on last year", measure.label));
        if value.number().is_some() {
            tables.table.add_relation(Relation::Change {
                now: this,
                before: before_cell,
                change,
            });
        }
        tables.comparisons.push(Comparison {
            code: measure.code.clone(),
            before: before_cell,
            change,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::disclosure::audit;
    use crate::metrics::disclosure::Why;
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
        assert_eq!(t.table.cells[q1].value, Cell::NotAvailable);
        let year = t.cell("CHARGES", Column::Year).expect("a year cell");
        assert_eq!(t.table.cells[year].value, Cell::Count(15));
    }

    #[test]
    fn suppressing_the_year_table_hides_small_counts_their_partners_and_their_percentages() {
        let data = data();
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let t = year_measures_table(&data.plan, &rollup);
        let s = suppress(&t.table, 5).expect("protected");
        let at = |code: &str, column| s.cells[t.cell(code, column).expect("cell")];
        let q3 = Column::Quarter(q(2014, 3));
        let q4 = Column::Quarter(q(2014, 4));
        assert_eq!(at("CHARGES", q3).suppressed, Some(Suppression::Primary));
        assert_eq!(
            at("CHARGES", q4).suppressed,
            Some(Suppression::Secondary(Why::Total))
        );
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
            Some(Suppression::Secondary(Why::Total))
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
        let s = suppress(&t.table, 5).expect("protected");
        let year_high = t
            .measures
            .cell("REF_NEW_HIGH", Column::Year)
            .expect("a year cell");
        let row_high = t
            .breakdown_count(Some((Dimension::Risk, "High")))
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
        // Nothing hidden can be worked out from the rest.
        let hidden: Vec<bool> = s.cells.iter().map(|c| c.suppressed.is_some()).collect();
        assert!(audit(&t.table, &hidden, 5).unwrap().is_empty());
    }

    #[test]
    fn each_breakdown_adds_up_to_all_new_referrals_and_rates_follow_their_counts() {
        let mut data = data();
        data.plan.settings.child_population = Some(10_000);
        let rollup = year_rollup(&data, FinYear { start: 2014 });
        let b = rollup.breakdowns.as_ref().expect("logs came in");
        let t = breakdown_table(b, Some(10_000));
        assert_eq!(t.sections.len(), 5);
        let sums: Vec<&Relation> = t
            .table
            .relations
            .iter()
            .filter(|r| matches!(r, Relation::Sum { .. }))
            .collect();
        assert_eq!(sums.len(), 5);
        assert!(sums
            .iter()
            .all(|r| matches!(r, Relation::Sum { total, .. } if *total == t.total.count)));
        let rates = t.table.relations.len() - sums.len();
        assert_eq!(rates, t.table.cells.len() / 2, "a rate relation per count");
        let s = suppress(&t.table, 5).expect("protected");
        let risk = &t.sections[1];
        let high = &risk.rows[0];
        assert_eq!(high.label, "High");
        assert_eq!(s.cells[high.count].suppressed, Some(Suppression::Primary));
        let rate = high.rate.expect("population is set");
        assert_eq!(s.cells[rate].suppressed, Some(Suppression::Derived));
    }

    mod random_reports {
        //! Random plans and returns through the whole annual pipeline: the
        //! year's tables, last year's figures beside them, suppression, audit.
        use super::*;
        use crate::metrics::disclosure::{not_needed, SuppressedTable};
        use crate::model::{Dataset, Referral};
        use proptest::prelude::*;

        /// One quarter's police figures (None: no return) and referrals.
        #[derive(Clone, Debug)]
        struct QuarterData {
            police: Option<(u64, u64, u64, u64)>,
            referrals: Vec<(Risk, bool, Option<Risk>)>,
        }

        fn risk() -> impl Strategy<Value = Risk> {
            prop_oneof![Just(Risk::High), Just(Risk::Medium), Just(Risk::Low)]
        }

        fn quarter_data() -> impl Strategy<Value = QuarterData> {
            let small_or_large = || prop_oneof![0u64..8, 0u64..60];
            (
                prop::option::weighted(
                    0.8,
                    (
                        small_or_large(),
                        0u64..=100,
                        small_or_large(),
                        small_or_large(),
                    ),
                ),
                prop::collection::vec((risk(), any::<bool>(), prop::option::of(risk())), 0..25),
            )
                .prop_map(|(police, referrals)| QuarterData {
                    police: police.map(|(arrests, share, waiting, supported)| {
                        (arrests, arrests * share / 100, waiting, supported)
                    }),
                    referrals,
                })
        }

        fn random_plan(population: Option<u64>, threshold: u64) -> Plan {
            let mut measures = vec![
                ratio("CHARGE_RATE", "CHARGES", "ARRESTS"),
                count("ARRESTS", &["POLICE"], RollUp::Sum),
                count("CHARGES", &["POLICE"], RollUp::Sum),
                count("WAITING", &["POLICE"], RollUp::Mean),
                count("SUPPORTED", &["POLICE"], RollUp::Last),
                ratio("CLOSED_REDUCED_PCT", "REF_CLOSED_REDUCED", "REF_CLOSED"),
            ];
            measures[1].publish = false;
            measures.extend(referral_measures());
            let mut p = plan(vec![agency("POLICE", true), agency("CSC", true)], measures);
            p.settings.child_population = population;
            p.settings.suppression_threshold = threshold;
            p
        }

        fn returns_of(
            year: i32,
            quarters: &[QuarterData],
            serial: &mut u32,
        ) -> Vec<crate::model::Return> {
            let mut out = Vec::new();
            for (n, data) in quarters.iter().enumerate() {
                let quarter = q(year, n as u8 + 1);
                if let Some((arrests, charges, waiting, supported)) = data.police {
                    out.push(a_return(
                        "POLICE",
                        quarter,
                        vec![
                            entry("ARRESTS", Value::Count(arrests)),
                            entry("CHARGES", Value::Count(charges)),
                            entry("WAITING", Value::Count(waiting)),
                            entry("SUPPORTED", Value::Count(supported)),
                        ],
                    ));
                }
                let start = quarter.start();
                let log: Vec<Referral> = data
                    .referrals
                    .iter()
                    .map(|(at_referral, is_closed, at_close)| {
                        *serial += 1;
                        let mut r = referral(&format!("R-{serial}"), start);
                        r.risk_at_referral = *at_referral;
                        match (is_closed, at_close) {
                            (true, Some(at_close)) => {
                                closed(r, start + chrono::Days::new(20), *at_close)
                            }
                            _ => r,
                        }
                    })
                    .collect();
                out.push(log_return("CSC", quarter, log));
            }
            out
        }

        fn dataset_of(plan: Plan, last_year: &[QuarterData], this_year: &[QuarterData]) -> Dataset {
            let mut serial = 0;
            let mut returns = returns_of(2013, last_year, &mut serial);
            returns.extend(returns_of(2014, this_year, &mut serial));
            dataset(plan, returns)
        }

        /// Last year alone, then this year beside it, as the annual report does.
        fn publish(data: &Dataset) -> (YearTables, SuppressedTable) {
            let threshold = data.plan.settings.suppression_threshold;
            let before_rollup = year_rollup(data, FinYear { start: 2013 });
            let before_tables = year_tables(&data.plan, &before_rollup);
            let before = suppress(&before_tables.table, threshold).expect("last year is protected");
            let rollup = year_rollup(data, FinYear { start: 2014 });
            let mut tables = year_tables(&data.plan, &rollup);
            let last = |code: &str| {
                before_tables
                    .measures
                    .cell(code, Column::Year)
                    .map(|c| before.cells[c])
            };
            add_comparisons(&mut tables, &data.plan, &rollup, &before_rollup, &last);
            let shown = suppress(&tables.table, threshold).expect("this year is protected");
            (tables, shown)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn every_random_report_passes_the_audit_with_nothing_small_shown_and_nothing_hidden_for_nothing(
                last_year in prop::collection::vec(quarter_data(), 4),
                this_year in prop::collection::vec(quarter_data(), 4),
                threshold in 1u64..7,
                population in prop::option::of(prop_oneof![Just(10_000u64), 1_000u64..50_000]),
            ) {
                let data = dataset_of(random_plan(population, threshold), &last_year, &this_year);
                let (tables, shown) = publish(&data);
                let hidden: Vec<bool> = shown.cells.iter().map(|c| c.suppressed.is_some()).collect();
                let findings = audit(&tables.table, &hidden, threshold).expect("consistent");
                prop_assert!(findings.is_empty(), "{:?}", findings);
                for (spec, p) in tables.table.cells.iter().zip(&shown.cells) {
                    if !spec.printed || matches!(spec.rule, CellRule::Given { .. }) {
                        continue;
                    }
                    match (p.visible_value(), spec.value, &spec.rule) {
                        (Some(Cell::Count(n)), _, CellRule::Count) => {
                            prop_assert!(n == 0 || n > threshold, "{} shown", n)
                        }
                        (None, Cell::Count(0), _) => prop_assert!(false, "a zero is hidden"),
                        _ => {}
                    }
                }
                let spare = not_needed(&tables.table, &shown, threshold).expect("consistent");
                prop_assert!(spare.is_empty(), "hidden for nothing: {:?}", spare);
            }
        }
    }
}
