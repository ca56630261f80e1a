//! The disclosure audit: what a reader holding the whole report could work
//! out about each hidden figure. Pure: takes the cells, their relations and
//! which cells are hidden, and gives the hidden counts whose bounds are too
//! tight; it never decides what to hide (that is the parent module, `disclosure`).
//!
//! Interval propagation: every cell starts with what the report says of it —
//! a shown count exactly, a shown decimal to ±0.05 (it is rounded to one
//! place), a hidden count at least 1 (zero is never hidden), anything unknown
//! from 0 up (a change from −∞) — and every relation narrows its members'
//! intervals from the others' until nothing changes. Counts are whole numbers,
//! so their bounds are rounded inwards. A hidden count pinned to one value,
//! or to a range inside 1..threshold, is a finding.

use super::table::{CellRule, DisclosureError, Relation, Table};
use crate::metrics::Cell;
use serde::Serialize;
use std::collections::VecDeque;

/// A hidden count a reader could narrow down too far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub cell: usize,
    pub low: f64,
    pub high: f64,
}

/// Half the step of a figure shown to one decimal place, and a little slack
/// for floating point.
const ROUNDING: f64 = 0.05 + 1e-9;
const SLACK: f64 = 1e-7;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    fn exact(x: f64) -> Interval {
        Interval { low: x, high: x }
    }
    fn around(x: f64, by: f64) -> Interval {
        Interval {
            low: x - by,
            high: x + by,
        }
    }
    fn at_least(low: f64) -> Interval {
        Interval {
            low,
            high: f64::INFINITY,
        }
    }
    fn any() -> Interval {
        Interval {
            low: f64::NEG_INFINITY,
            high: f64::INFINITY,
        }
    }
    fn scale(self, by: f64) -> Interval {
        if by >= 0.0 {
            Interval {
                low: mul(self.low, by),
                high: mul(self.high, by),
            }
        } else {
            Interval {
                low: mul(self.high, by),
                high: mul(self.low, by),
            }
        }
    }
}

/// `x × by` with 0 × ∞ = 0 (a zero coefficient says nothing).
fn mul(x: f64, by: f64) -> f64 {
    if by == 0.0 {
        0.0
    } else {
        x * by
    }
}

/// The hidden counts of `table` that a reader can pin down or know to be
/// small, given which cells are `hidden`; empty when the report is safe.
pub fn audit(
    table: &Table,
    hidden: &[bool],
    threshold: u64,
) -> Result<Vec<Finding>, DisclosureError> {
    let bounds = bounds(table, hidden)?;
    let t = threshold as f64;
    Ok(table
        .cells
        .iter()
        .enumerate()
        .filter(|(i, spec)| {
            let whole = is_whole(&spec.rule);
            let protected = hidden.get(*i).copied().unwrap_or(false);
            whole && protected
        })
        .filter_map(|(i, _)| {
            let b = bounds[i];
            let pinned = b.high - b.low < 0.5;
            let small = b.low >= 1.0 && b.high <= t;
            (pinned || small).then_some(Finding {
                cell: i,
                low: b.low,
                high: b.high,
            })
        })
        .collect())
}

/// A cell that holds a whole number of people or events.
fn is_whole(rule: &CellRule) -> bool {
    matches!(rule, CellRule::Count | CellRule::Given { count: true, .. })
}

/// The tightest bounds of every cell that propagation over the relations
/// finds, given which cells a reader cannot see.
pub fn bounds(table: &Table, hidden: &[bool]) -> Result<Vec<Interval>, DisclosureError> {
    let signed = signed_cells(table);
    let mut bounds: Vec<Interval> = table
        .cells
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let is_hidden = hidden.get(i).copied().unwrap_or(false);
            let visible = spec.printed && !is_hidden;
            match (visible, spec.value) {
                (true, Cell::Count(n)) => Interval::exact(n as f64),
                (true, Cell::Decimal(x)) => Interval::around(x, ROUNDING),
                _ if signed[i] => Interval::any(),
                // A hidden printed count is never zero: zero is always shown.
                _ if is_hidden && spec.printed && is_whole(&spec.rule) => Interval::at_least(1.0),
                _ => Interval::at_least(0.0),
            }
        })
        .collect();
    let relations_of = table.relations_of();
    let mut queue: VecDeque<usize> = (0..table.relations.len()).collect();
    let mut queued = vec![true; table.relations.len()];
    // Each evaluation narrows some bound or drops a relation from the queue;
    // the budget only guards against a creeping real-valued cycle.
    let mut budget = 1_000 + 200 * table.relations.len();
    while let Some(r) = queue.pop_front() {
        queued[r] = false;
        budget = budget.checked_sub(1).ok_or(DisclosureError::Unsettled)?;
        let changed = narrow(&table.relations[r], table, &mut bounds)
            .ok_or(DisclosureError::Inconsistent { relation: r })?;
        for cell in changed {
            for other in &relations_of[cell] {
                if !queued[*other] {
                    queued[*other] = true;
                    queue.push_back(*other);
                }
            }
        }
    }
    Ok(bounds)
}

/// Cells that may be negative: the changes on last year.
fn signed_cells(table: &Table) -> Vec<bool> {
    let mut signed = vec![false; table.cells.len()];
    for r in &table.relations {
        if let Relation::Change { change, .. } = r {
            if let Some(s) = signed.get_mut(*change) {
                *s = true;
            }
        }
    }
    signed
}

/// Narrows the members of one relation; gives the cells whose bounds moved,
/// or `None` when the relation cannot hold (an empty interval).
fn narrow(relation: &Relation, table: &Table, bounds: &mut [Interval]) -> Option<Vec<usize>> {
    let mut changed = Vec::new();
    match relation {
        Relation::Sum { parts, total, .. } => {
            let terms: Vec<(usize, f64)> = parts
                .iter()
                .map(|p| (*p, 1.0))
                .chain([(*total, -1.0)])
                .collect();
            linear(&terms, 0.0, table, bounds, &mut changed)?;
        }
        Relation::Mean { parts, mean } => {
            let n = parts.len() as f64;
            let terms: Vec<(usize, f64)> = parts
                .iter()
                .map(|p| (*p, 1.0))
                .chain([(*mean, -n)])
                .collect();
            linear(&terms, 0.0, table, bounds, &mut changed)?;
        }
        Relation::Change {
            now,
            before,
            change,
        } => {
            // A change of decimals is worked out from the rounded figures.
            let decimal = [now, before, change]
                .iter()
                .any(|c| matches!(table.cells[**c].value, Cell::Decimal(_)));
            let tolerance = if decimal { 2.0 * ROUNDING } else { 0.0 };
            let terms = [(*now, 1.0), (*before, -1.0), (*change, -1.0)];
            linear(&terms, tolerance, table, bounds, &mut changed)?;
        }
        Relation::Ratio {
            numerator,
            denominator,
            ratio,
            scale,
        } => {
            ratio_narrow(
                *numerator,
                *denominator,
                *ratio,
                *scale,
                table,
                bounds,
                &mut changed,
            )?;
        }
    }
    Some(changed)
}

/// Σ coefficient × cell ∈ [−tolerance, tolerance]: each term is bounded by
/// the tolerance less the others.
fn linear(
    terms: &[(usize, f64)],
    tolerance: f64,
    table: &Table,
    bounds: &mut [Interval],
    changed: &mut Vec<usize>,
) -> Option<()> {
    // Sums of the terms' lows and highs, with infinite ones counted apart so
    // that each term can take its own out in constant time.
    let mut low = (0.0, 0usize);
    let mut high = (0.0, 0usize);
    let scaled: Vec<Interval> = terms.iter().map(|(c, a)| bounds[*c].scale(*a)).collect();
    for s in &scaled {
        add_bound(&mut low, s.low);
        add_bound(&mut high, s.high);
    }
    for ((cell, a), s) in terms.iter().zip(&scaled) {
        let others_low = without(low, s.low);
        let others_high = without(high, s.high);
        // a·x ∈ [−tol − others_high, tol − others_low]
        let term = Interval {
            low: -tolerance - others_high,
            high: tolerance - others_low,
        };
        let x = term.scale(1.0 / a);
        tighten(*cell, x, table, bounds, changed)?;
    }
    Some(())
}

fn add_bound(sum: &mut (f64, usize), x: f64) {
    if x.is_infinite() {
        sum.1 += 1;
    } else {
        sum.0 += x;
    }
}

/// The sum less one of its terms; ±∞ when another term is infinite.
fn without(sum: (f64, usize), x: f64) -> f64 {
    let infinite = sum.1 - usize::from(x.is_infinite());
    if infinite > 0 {
        // Every infinite low is −∞ and every infinite high is +∞; the sign
        // of the sum follows the sign of the term that made it.
        return f64::NAN;
    }
    sum.0 - if x.is_infinite() { 0.0 } else { x }
}

/// `ratio` = scale × numerator ÷ denominator, all at least 0.
fn ratio_narrow(
    numerator: usize,
    denominator: super::table::Denominator,
    ratio: usize,
    scale: f64,
    table: &Table,
    bounds: &mut [Interval],
    changed: &mut Vec<usize>,
) -> Option<()> {
    use super::table::Denominator;
    let n = bounds[numerator];
    let r = bounds[ratio];
    let d = match denominator {
        Denominator::Cell(c) => bounds[c],
        Denominator::Known(x) => Interval::exact(x),
    };
    let div = |a: f64, b: f64| if b <= 0.0 { f64::INFINITY } else { a / b };
    let r_new = Interval {
        low: scale * n.low.max(0.0) / d.high,
        high: scale * div(n.high, d.low),
    };
    tighten(ratio, r_new, table, bounds, changed)?;
    let r = bounds[ratio].low.max(0.0).max(r.low);
    let r_high = bounds[ratio].high;
    let n_new = Interval {
        low: r * d.low.max(0.0) / scale,
        high: mul(r_high, d.high) / scale,
    };
    tighten(numerator, n_new, table, bounds, changed)?;
    if let Denominator::Cell(c) = denominator {
        let n = bounds[numerator];
        let d_new = Interval {
            low: if r_high.is_finite() && r_high > 0.0 {
                scale * n.low.max(0.0) / r_high
            } else {
                0.0
            },
            high: scale * div(n.high, r),
        };
        tighten(c, d_new, table, bounds, changed)?;
    }
    Some(())
}

/// Narrows a cell to `to` where that is tighter; a whole number's bounds are
/// rounded inwards. `None` when the result is empty.
fn tighten(
    cell: usize,
    to: Interval,
    table: &Table,
    bounds: &mut [Interval],
    changed: &mut Vec<usize>,
) -> Option<()> {
    let whole = is_whole(&table.cells[cell].rule);
    let mut low = if to.low.is_nan() {
        f64::NEG_INFINITY
    } else {
        to.low
    };
    let mut high = if to.high.is_nan() {
        f64::INFINITY
    } else {
        to.high
    };
    if whole {
        low = (low - SLACK).ceil().max(0.0);
        high = (high + SLACK).floor();
    }
    let current = bounds[cell];
    let step = |x: f64| 1e-6 * x.abs().max(1.0);
    let mut moved = false;
    let mut next = current;
    if low > current.low + step(low) {
        next.low = low;
        moved = true;
    }
    if high < current.high - step(high) {
        next.high = high;
        moved = true;
    }
    if next.low > next.high + 1e-6 {
        return None;
    }
    if moved {
        bounds[cell] = next;
        changed.push(cell);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::disclosure::{Denominator, Relation, Why};

    fn count(t: &mut Table, n: u64) -> usize {
        t.push(Cell::Count(n), CellRule::Count)
    }

    fn hidden(t: &Table, cells: &[usize]) -> Vec<bool> {
        (0..t.cells.len()).map(|i| cells.contains(&i)).collect()
    }

    fn found(t: &Table, hide: &[usize]) -> Vec<usize> {
        audit(t, &hidden(t, hide), 5)
            .expect("consistent")
            .into_iter()
            .map(|f| f.cell)
            .collect()
    }

    /// 2015-16 Q2 of the example: closed 12, closed with risk reduced 10,
    /// 83.3 %. Closed without risk reduced (2) is a part no one prints.
    fn closed_and_reduced() -> (Table, [usize; 4]) {
        let mut t = Table::new();
        let closed = count(&mut t, 12);
        let reduced = count(&mut t, 10);
        let without = t.push_unprinted(Cell::Count(2), CellRule::Count);
        let pct = t.push(
            Cell::Decimal(83.3),
            CellRule::Derived(vec![reduced, closed]),
        );
        t.add_sum(vec![reduced, without], closed, Why::Difference);
        t.add_relation(Relation::Ratio {
            numerator: reduced,
            denominator: Denominator::Cell(closed),
            ratio: pct,
            scale: 100.0,
        });
        (t, [closed, reduced, without, pct])
    }

    #[test]
    fn closed_beside_closed_with_risk_reduced_gives_the_difference_back() {
        let (t, [closed, reduced, without, pct]) = closed_and_reduced();
        assert_eq!(found(&t, &[without]), [without], "12 − 10 = 2");
        // Hiding the numerator alone is no help: 83.3 % of 12 is 10 exactly.
        assert_eq!(found(&t, &[without, reduced]), [reduced, without]);
        assert!(found(&t, &[without, reduced, pct]).is_empty());
        assert!(found(&t, &[without, closed, pct]).is_empty());
    }

    #[test]
    fn a_percentage_with_its_denominator_gives_the_numerator_back() {
        let mut t = Table::new();
        let num = count(&mut t, 3);
        let den = count(&mut t, 40);
        let pct = t.push(Cell::Decimal(7.5), CellRule::Derived(vec![num, den]));
        t.add_relation(Relation::Ratio {
            numerator: num,
            denominator: Denominator::Cell(den),
            ratio: pct,
            scale: 100.0,
        });
        assert_eq!(found(&t, &[num]), [num], "7.5 % of 40 is 3");
        assert!(found(&t, &[num, pct]).is_empty());
        // With the denominator hidden instead, 7.5 % only says num = 3k, den = 40k.
        let b = bounds(&t, &hidden(&t, &[num, den])).expect("consistent");
        assert!(b[num].high.is_infinite());
    }

    #[test]
    fn a_year_mean_gives_a_hidden_quarter_back() {
        // Waiting for specialist support: 20 and 2 in two quarters, mean 11.0.
        let mut t = Table::new();
        let q1 = count(&mut t, 20);
        let q2 = count(&mut t, 2);
        let mean = t.push(Cell::Decimal(11.0), CellRule::Derived(vec![q1, q2]));
        t.add_relation(Relation::Mean {
            parts: vec![q1, q2],
            mean,
        });
        assert_eq!(found(&t, &[q2]), [q2], "2 × 11.0 − 20 = 2");
        assert!(found(&t, &[q2, mean]).is_empty());
    }

    #[test]
    fn a_chain_across_groups_gives_a_cell_back() {
        // Two breakdowns of the same total: A = a1 + a2, B = b1 + b2, and a1 = b1
        // printed twice. Hiding a1 with a2 but showing b1 is no protection.
        let mut t = Table::new();
        let a1 = count(&mut t, 3);
        let a2 = count(&mut t, 30);
        let total = count(&mut t, 33);
        let b1 = count(&mut t, 3);
        let b2 = count(&mut t, 30);
        t.add_group(vec![a1, a2], total);
        t.add_group(vec![b1, b2], total);
        t.link_equal(a1, b1);
        // b2 shown: total − b2 = b1 = a1.
        assert_eq!(found(&t, &[a1, a2, b1]), [a1, a2, b1]);
        assert!(found(&t, &[a1, a2, b1, b2]).is_empty());
        // Across three groups: x + y = s, y + z = u, with s, u, z shown.
        let mut t = Table::new();
        let x = count(&mut t, 4);
        let y = count(&mut t, 50);
        let z = count(&mut t, 10);
        let s = count(&mut t, 54);
        let u = count(&mut t, 60);
        t.add_group(vec![x, y], s);
        t.add_group(vec![y, z], u);
        assert_eq!(found(&t, &[x, y]), [x, y], "y = 60 − 10, x = 54 − y");
    }

    #[test]
    fn a_change_with_last_years_figure_gives_this_year_back() {
        let mut t = Table::new();
        let now = count(&mut t, 4);
        let before = t.push(
            Cell::Count(10),
            CellRule::Given {
                hidden: false,
                count: true,
            },
        );
        let change = t.push(Cell::Decimal(-6.0), CellRule::Derived(vec![now, before]));
        t.add_relation(Relation::Change {
            now,
            before,
            change,
        });
        assert_eq!(found(&t, &[now]), [now], "10 − 6 = 4");
        assert!(found(&t, &[now, change]).is_empty());
    }

    #[test]
    fn hidden_parts_whose_sum_is_small_are_known_to_be_small() {
        let mut t = Table::new();
        let a = count(&mut t, 2);
        let b = count(&mut t, 3);
        let c = count(&mut t, 40);
        let total = count(&mut t, 45);
        t.add_group(vec![a, b, c], total);
        // Each of a, b is at least 1 and together 5: both lie in 1..5.
        assert_eq!(found(&t, &[a, b]), [a, b]);
        assert!(found(&t, &[a, b, c]).is_empty());
    }

    #[test]
    fn a_rate_with_a_known_population_gives_its_count_back() {
        let mut t = Table::new();
        let n = count(&mut t, 3);
        let rate = t.push(Cell::Decimal(3.0), CellRule::Derived(vec![n]));
        t.add_relation(Relation::Ratio {
            numerator: n,
            denominator: Denominator::Known(10_000.0),
            ratio: rate,
            scale: 10_000.0,
        });
        assert_eq!(found(&t, &[n]), [n]);
        assert!(found(&t, &[n, rate]).is_empty());
    }

    #[test]
    fn relations_that_do_not_hold_are_reported_not_trusted() {
        let mut t = Table::new();
        let a = count(&mut t, 3);
        let b = count(&mut t, 4);
        let total = count(&mut t, 100);
        t.add_group(vec![a, b], total);
        assert_eq!(
            audit(&t, &hidden(&t, &[]), 5),
            Err(DisclosureError::Inconsistent { relation: 0 })
        );
    }
}
