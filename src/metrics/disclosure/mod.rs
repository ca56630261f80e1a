//! Disclosure control for published figures, as the Government Statistical
//! Service does it, over a whole report at once. Pure: takes the report's cells,
//! the relations between them and a threshold, returns what may be shown; it
//! knows nothing of measures, codes or reports (those build the [`Table`]).
//!
//! - Primary: a count from 1 to the threshold is suppressed (`[c]`). Zero never is.
//! - Derived: a figure computed from others (a percentage, a rate, a mean, a
//!   change) is suppressed when any of them is.
//! - Secondary: a linear relation (a total and its parts, a numerator and its
//!   difference to the denominator, a mean and its quarters, a change) with
//!   exactly one unknown member that is suppressed would give it back, so the
//!   smallest visible non-zero part is suppressed too (the total only when no
//!   part qualifies). Repeated until no relation has exactly one.
//! - The audit (`audit`) then derives every hidden count's bounds from
//!   everything shown; while it finds one pinned or known to be small, one more
//!   cell next to it is suppressed. When nothing more can be hidden, it is an
//!   error naming the figure: a report the audit rejects is never made.
//! - `[x]` not available and `[z]` not applicable are shown as they are.

mod audit;
mod table;

pub use audit::{audit, bounds, Finding, Interval};
pub use table::{CellRule, Denominator, DisclosureError, Relation, Spec, Table, Why};

use super::Cell;
use serde::Serialize;
use std::collections::VecDeque;

/// Why a cell is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Suppression {
    /// A count from 1 to the threshold.
    Primary,
    /// Hidden so that another suppressed cell cannot be worked out through a
    /// relation of this kind.
    Secondary(Why),
    /// Computed from a suppressed cell.
    Derived,
    /// Hidden in the report that published it first (last year's).
    Given,
}

/// A cell as it may be published.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Published {
    pub value: Cell,
    pub suppressed: Option<Suppression>,
}

impl Published {
    /// `[c]` when suppressed, `[x]` / `[z]` when there is no number, else `None`
    /// (show the value).
    pub fn symbol(&self) -> Option<&'static str> {
        match self.suppressed {
            Some(_) => Some("[c]"),
            None => self.value.symbol(),
        }
    }

    /// The value a published table may show, if any.
    pub fn visible_value(&self) -> Option<Cell> {
        self.suppressed.is_none().then_some(self.value)
    }

    /// Hidden to protect another figure rather than for being small itself.
    pub fn protects_another(&self) -> bool {
        matches!(
            self.suppressed,
            Some(Suppression::Secondary(_) | Suppression::Derived)
        )
    }
}

impl std::fmt::Display for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.suppressed {
            Some(_) => f.write_str("[c]"),
            None => self.value.fmt(f),
        }
    }
}

/// The table after disclosure control, cell for cell in the same order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuppressedTable {
    pub cells: Vec<Published>,
    /// Cells hidden by the rules (primary, derived, secondary) before the audit.
    pub hidden_by_rules: usize,
    /// Cells hidden in the end beyond those: what the audit needed on top of
    /// the rules, less any of the rules' it found were not needed (0 when
    /// those are more).
    pub hidden_by_audit: usize,
}

impl SuppressedTable {
    /// Cells hidden in all (printed or not).
    pub fn hidden(&self) -> usize {
        self.cells.iter().filter(|c| c.suppressed.is_some()).count()
    }
}

/// The note printed under every published table.
pub const SYMBOLS_NOTE: &str =
    "[c] confidential: a small number, or one from which a small number could \
be worked out, is suppressed to protect the people counted. [x] not available. [z] not applicable.";

/// Applies primary, derived and secondary suppression to `table`, then hides
/// more until the audit passes.
pub fn suppress(table: &Table, threshold: u64) -> Result<SuppressedTable, DisclosureError> {
    if threshold == 0 {
        return Err(DisclosureError::ThresholdZero);
    }
    if !table.indices_valid() {
        return Err(DisclosureError::BadIndex);
    }
    let mut state = State::new(table, threshold);
    state.apply_rules();
    let hidden_by_rules = state.hidden_count();
    // Each round hides at least one more cell or stops, so this ends.
    loop {
        let findings = audit(table, &state.hidden_flags(), threshold)?;
        let Some(first) = findings.first() else {
            break;
        };
        let Some(next) = state.cell_to_protect(first) else {
            return Err(DisclosureError::Unprotectable {
                cell: first.cell,
                low: first.low,
                high: first.high,
            });
        };
        let why = state.why_between(first.cell, next);
        state.hide(next, Suppression::Secondary(why));
        state.apply_rules();
    }
    state.show_what_is_not_needed(threshold)?;
    let hidden_by_audit = state.hidden_count().saturating_sub(hidden_by_rules);
    Ok(SuppressedTable {
        cells: table
            .cells
            .iter()
            .zip(state.hidden)
            .map(|(spec, suppressed)| Published {
                value: spec.value,
                suppressed,
            })
            .collect(),
        hidden_by_rules,
        hidden_by_audit,
    })
}

/// The cells hidden to protect another that could be shown again with the
/// audit still passing (none, after [`suppress`]): a check for tests and
/// for the benchmark's counts.
pub fn not_needed(
    table: &Table,
    shown: &SuppressedTable,
    threshold: u64,
) -> Result<Vec<usize>, DisclosureError> {
    let mut state = State::new(table, threshold);
    state.hidden = shown.cells.iter().map(|c| c.suppressed).collect();
    let mut out = Vec::new();
    for cell in 0..state.hidden.len() {
        if !matches!(state.hidden[cell], Some(Suppression::Secondary(_))) {
            continue;
        }
        let before = state.hidden.clone();
        state.hidden[cell] = None;
        state.rederive();
        if audit(table, &state.hidden_flags(), threshold)?.is_empty() {
            out.push(cell);
        }
        state.hidden = before;
    }
    Ok(out)
}

/// Suppression in progress: which cells are hidden, and a queue of the
/// relations and derived cells to look at again.
struct State<'t> {
    table: &'t Table,
    hidden: Vec<Option<Suppression>>,
    relations_of: Vec<Vec<usize>>,
    /// For each cell, the derived cells computed from it.
    dependents: Vec<Vec<usize>>,
    pending_relations: VecDeque<usize>,
    pending_cells: VecDeque<usize>,
}

impl<'t> State<'t> {
    fn new(table: &'t Table, threshold: u64) -> State<'t> {
        let mut dependents = vec![Vec::new(); table.cells.len()];
        for (index, spec) in table.cells.iter().enumerate() {
            if let CellRule::Derived(sources) = &spec.rule {
                for s in sources {
                    dependents[*s].push(index);
                }
            }
        }
        let hidden = table
            .cells
            .iter()
            .map(|spec| initial_state(spec, threshold))
            .collect();
        State {
            table,
            hidden,
            relations_of: table.relations_of(),
            dependents,
            pending_relations: (0..table.relations.len()).collect(),
            pending_cells: (0..table.cells.len()).collect(),
        }
    }

    fn hidden_count(&self) -> usize {
        self.hidden.iter().filter(|h| h.is_some()).count()
    }

    fn hidden_flags(&self) -> Vec<bool> {
        self.hidden.iter().map(Option::is_some).collect()
    }

    fn is_hidden(&self, cell: usize) -> bool {
        self.hidden[cell].is_some()
    }

    /// Not seen by a reader: hidden, or never printed.
    fn is_unknown(&self, cell: usize) -> bool {
        self.is_hidden(cell) || !self.table.cells[cell].printed
    }

    fn hide(&mut self, cell: usize, why: Suppression) {
        if self.hidden[cell].is_some() {
            return;
        }
        self.hidden[cell] = Some(why);
        self.pending_relations
            .extend(self.relations_of[cell].iter().copied());
        self.pending_cells
            .extend(self.dependents[cell].iter().copied());
    }

    /// Derived and secondary suppression until nothing changes.
    fn apply_rules(&mut self) {
        loop {
            if let Some(cell) = self.pending_cells.pop_front() {
                self.hide_if_derived_from_hidden(cell);
            } else if let Some(relation) = self.pending_relations.pop_front() {
                self.protect_lone_hidden(relation);
            } else {
                break;
            }
        }
    }

    fn hide_if_derived_from_hidden(&mut self, cell: usize) {
        let table = self.table;
        let spec = &table.cells[cell];
        // `[x]` and `[z]` say nothing about any number, so they stay.
        if spec.value.number().is_none() {
            return;
        }
        if let CellRule::Derived(sources) = &spec.rule {
            if sources.iter().any(|s| self.is_hidden(*s)) {
                self.hide(cell, Suppression::Derived);
            }
        }
    }

    /// A linear relation whose only unknown member is hidden gives it back:
    /// hide one more of its members.
    fn protect_lone_hidden(&mut self, relation: usize) {
        let table = self.table;
        let relation = &table.relations[relation];
        let Some((parts, total)) = relation.parts_and_total() else {
            return;
        };
        let mut unknown = parts
            .iter()
            .chain([&total])
            .copied()
            .filter(|c| self.is_unknown(*c));
        let (Some(only), None) = (unknown.next(), unknown.next()) else {
            return;
        };
        if !self.is_hidden(only) {
            // An unprinted figure that is not small needs no protection.
            return;
        }
        if let Some(next) = self.next_to_hide(parts, total) {
            self.hide(next, Suppression::Secondary(relation.why()));
        }
    }

    /// A visible, printed cell with a non-zero number that this report may hide.
    fn can_hide(&self, cell: usize) -> bool {
        let spec = &self.table.cells[cell];
        spec.printed
            && !self.is_hidden(cell)
            && !matches!(spec.rule, CellRule::Exempt | CellRule::Given { .. })
            && spec.value.number().is_some_and(|n| n != 0.0)
    }

    /// The smallest part that can be hidden (the earliest on a tie, so the
    /// result depends on nothing but the table); the total when none can.
    fn next_to_hide(&self, parts: &[usize], total: usize) -> Option<usize> {
        let value = |i: usize| self.table.cells[i].value.number().unwrap_or(0.0).abs();
        parts
            .iter()
            .copied()
            .filter(|p| *p != total && self.can_hide(*p))
            .min_by(|a, b| value(*a).total_cmp(&value(*b)).then(a.cmp(b)))
            .or_else(|| self.can_hide(total).then_some(total))
    }

    /// The cell to hide so the audit's finding goes away: the smallest
    /// hideable cell of the relations it is in, else of the relations of the
    /// unknown cells around it (breadth first, so the nearest).
    fn cell_to_protect(&self, finding: &Finding) -> Option<usize> {
        let mut seen = vec![false; self.table.cells.len()];
        let mut frontier = vec![finding.cell];
        seen[finding.cell] = true;
        while !frontier.is_empty() {
            let mut candidates = Vec::new();
            let mut next_frontier = Vec::new();
            for cell in &frontier {
                for r in &self.relations_of[*cell] {
                    for member in self.table.relations[*r].cells() {
                        if seen[member] {
                            continue;
                        }
                        seen[member] = true;
                        if self.can_hide(member) {
                            candidates.push(member);
                        } else if self.is_unknown(member) {
                            next_frontier.push(member);
                        }
                    }
                }
            }
            let value = |i: usize| self.table.cells[i].value.number().unwrap_or(0.0).abs();
            let is_count = |i: usize| matches!(self.table.cells[i].rule, CellRule::Count);
            // Counts first (hiding them removes information at its source),
            // then the smallest, then the earliest.
            if let Some(best) = candidates.into_iter().min_by(|a, b| {
                is_count(*b)
                    .cmp(&is_count(*a))
                    .then(value(*a).total_cmp(&value(*b)))
                    .then(a.cmp(b))
            }) {
                return Some(best);
            }
            frontier = next_frontier;
        }
        None
    }

    /// Shows again every cell hidden to protect another that the audit finds
    /// is not needed (the rules and the audit's own additions can overlap),
    /// latest first, until none can be shown.
    fn show_what_is_not_needed(&mut self, threshold: u64) -> Result<(), DisclosureError> {
        loop {
            let mut shown_any = false;
            for cell in (0..self.hidden.len()).rev() {
                if !matches!(self.hidden[cell], Some(Suppression::Secondary(_))) {
                    continue;
                }
                let before = self.hidden.clone();
                self.hidden[cell] = None;
                self.rederive();
                if audit(self.table, &self.hidden_flags(), threshold)?.is_empty() {
                    shown_any = true;
                } else {
                    self.hidden = before;
                }
            }
            if !shown_any {
                return Ok(());
            }
        }
    }

    /// Derived cells hidden exactly when one of their sources is.
    fn rederive(&mut self) {
        for h in self.hidden.iter_mut() {
            if *h == Some(Suppression::Derived) {
                *h = None;
            }
        }
        self.pending_cells.extend(0..self.table.cells.len());
        while let Some(cell) = self.pending_cells.pop_front() {
            self.hide_if_derived_from_hidden(cell);
        }
        self.pending_relations.clear();
    }

    /// The kind of relation that joins two cells (for the note), if one does.
    fn why_between(&self, protected: usize, hidden: usize) -> Why {
        self.relations_of[hidden]
            .iter()
            .map(|r| &self.table.relations[*r])
            .find(|r| r.cells().contains(&protected))
            .or_else(|| {
                self.relations_of[hidden]
                    .first()
                    .map(|r| &self.table.relations[*r])
            })
            .map_or(Why::Total, Relation::why)
    }
}

fn initial_state(spec: &Spec, threshold: u64) -> Option<Suppression> {
    match spec.rule {
        CellRule::Given { hidden: true, .. } => Some(Suppression::Given),
        CellRule::Count
            if spec
                .value
                .number()
                .is_some_and(|n| n > 0.0 && n <= threshold as f64) =>
        {
            Some(Suppression::Primary)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn counts(values: &[u64]) -> (Table, Vec<usize>) {
        let mut t = Table::new();
        let idx = values
            .iter()
            .map(|v| t.push(Cell::Count(*v), CellRule::Count))
            .collect();
        (t, idx)
    }

    fn run(t: &Table, threshold: u64) -> SuppressedTable {
        suppress(t, threshold).expect("the table can be protected")
    }

    fn shown(s: &SuppressedTable) -> Vec<String> {
        s.cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn counts_from_one_to_the_threshold_are_c_and_zero_is_shown() {
        let (t, _) = counts(&[0, 1, 5, 6, 40]);
        assert_eq!(shown(&run(&t, 5)), ["0", "[c]", "[c]", "6", "40"]);
    }

    #[test]
    fn a_threshold_of_zero_is_an_error_not_control_switched_off() {
        let (t, _) = counts(&[1, 2]);
        assert_eq!(suppress(&t, 0), Err(DisclosureError::ThresholdZero));
    }

    #[test]
    fn a_lone_suppressed_part_takes_the_next_smallest_part_with_it() {
        // Parts 3, 9, 12, 20 add up to 44.
        let (mut t, i) = counts(&[3, 12, 9, 20, 44]);
        t.add_group(vec![i[0], i[1], i[2], i[3]], i[4]);
        let s = run(&t, 5);
        assert_eq!(shown(&s), ["[c]", "12", "[c]", "20", "44"]);
        assert_eq!(
            s.cells[2].suppressed,
            Some(Suppression::Secondary(Why::Total))
        );
    }

    #[test]
    fn zero_parts_are_never_taken_as_secondary_the_total_is_when_nothing_else_is_left() {
        let (mut t, i) = counts(&[2, 0, 0, 2]);
        t.add_group(vec![i[0], i[1], i[2]], i[3]);
        assert_eq!(shown(&run(&t, 5)), ["[c]", "0", "0", "[c]"]);
        let (mut t, i) = counts(&[4, 0, 9]);
        t.add_group(vec![i[0], i[1]], i[2]);
        // 4 hidden, 0 cannot be, so the total goes: 9 − 0 would give the 4 away.
        assert_eq!(shown(&run(&t, 5)), ["[c]", "0", "[c]"]);
    }

    #[test]
    fn two_small_parts_of_a_shown_total_are_known_to_be_small_so_the_audit_hides_more() {
        // 3 + 3 + 30 = 36: the rules hide both 3s, but 36 − 30 = 6 leaves each
        // from 1 to 5. The audit takes the 30 as well.
        let (mut t, i) = counts(&[3, 3, 30, 36]);
        t.add_group(vec![i[0], i[1], i[2]], i[3]);
        let s = run(&t, 5);
        assert_eq!(shown(&s), ["[c]", "[c]", "[c]", "36"]);
        assert_eq!(s.hidden_by_audit, 1);
    }

    #[test]
    fn a_total_hidden_alone_takes_its_smallest_part_with_it() {
        // Row A: 10 + 20 = 30; column: 30 + 2 = 32 hides the 30 with the 2.
        let (mut t, i) = counts(&[10, 20, 30, 2, 32]);
        t.add_group(vec![i[0], i[1]], i[2]);
        t.add_group(vec![i[2], i[3]], i[4]);
        let s = run(&t, 5);
        assert_eq!(s.cells[2].symbol(), Some("[c]"));
        assert_eq!(
            s.cells[0].suppressed,
            Some(Suppression::Secondary(Why::Total))
        );
    }

    #[test]
    fn secondary_suppression_cascades_across_groups_that_share_cells() {
        //        Q1  Q2  year
        // A       3  10   13
        // B       8  12   20
        // total  11  22   33
        let (mut t, i) = counts(&[3, 10, 13, 8, 12, 20, 11, 22, 33]);
        t.add_group(vec![i[0], i[1]], i[2]);
        t.add_group(vec![i[3], i[4]], i[5]);
        t.add_group(vec![i[0], i[3]], i[6]);
        t.add_group(vec![i[1], i[4]], i[7]);
        t.add_group(vec![i[2], i[5]], i[8]);
        t.add_group(vec![i[6], i[7]], i[8]);
        let s = run(&t, 5);
        assert!(audit(&t, &flags(&s), 5).unwrap().is_empty());
        assert_eq!(s.cells[0].suppressed, Some(Suppression::Primary));
    }

    #[test]
    fn a_percentage_goes_with_its_numerator_or_denominator() {
        let mut t = Table::new();
        let charges = t.push(Cell::Count(1), CellRule::Count);
        let arrests = t.push(Cell::Count(20), CellRule::Count);
        let rate = t.push(
            Cell::Decimal(5.0),
            CellRule::Derived(vec![charges, arrests]),
        );
        let median = t.push(Cell::Decimal(3.0), CellRule::Exempt);
        let s = run(&t, 5);
        assert_eq!(shown(&s), ["[c]", "20", "[c]", "3.0"]);
        assert_eq!(s.cells[rate].suppressed, Some(Suppression::Derived));
        assert_eq!(s.cells[median].suppressed, None);
    }

    #[test]
    fn a_figure_printed_twice_is_hidden_in_both_places_or_neither() {
        // Table A: parts 3 and 40 of 43. Table B: the same 40 split 20 + 20.
        let (mut a, i) = counts(&[3, 40, 43]);
        a.add_group(vec![i[0], i[1]], i[2]);
        let (mut b, j) = counts(&[40, 20, 20]);
        b.add_group(vec![j[1], j[2]], j[0]);
        let offset = a.append(b);
        a.link_equal(i[1], j[0] + offset);
        let s = run(&a, 5);
        assert_eq!(
            shown(&s),
            ["[c]", "[c]", "43", "[c]", "[c]", "20"],
            "40 goes with the 3, so its copy and a part of it go too"
        );
    }

    #[test]
    fn appended_cells_and_relations_keep_pointing_at_their_own() {
        let (mut a, _) = counts(&[50]);
        let mut b = Table::new();
        let count = b.push(Cell::Count(2), CellRule::Count);
        let rate = b.push(Cell::Decimal(0.5), CellRule::Derived(vec![count]));
        b.add_relation(Relation::Ratio {
            numerator: count,
            denominator: Denominator::Known(40_000.0),
            ratio: rate,
            scale: 10_000.0,
        });
        let offset = a.append(b);
        assert_eq!(offset, 1);
        assert_eq!(a.cells[2].rule, CellRule::Derived(vec![1]));
        assert_eq!(a.relations[0].cells(), [1, 2]);
        assert_eq!(shown(&run(&a, 5)), ["50", "[c]", "[c]"]);
    }

    #[test]
    fn not_available_and_not_applicable_keep_their_symbols() {
        let (mut t, _) = counts(&[]);
        let x = t.push(Cell::NotAvailable, CellRule::Count);
        let z = t.push(Cell::NotApplicable, CellRule::Count);
        let s = run(&t, 5);
        assert_eq!(s.cells[x].symbol(), Some("[x]"));
        assert_eq!(s.cells[z].symbol(), Some("[z]"));
        assert_eq!(s.cells[x].suppressed, None);
    }

    #[test]
    fn bad_indices_are_an_error_not_a_panic() {
        let (mut t, _) = counts(&[2, 9]);
        t.add_group(vec![0, 7], 99);
        assert_eq!(suppress(&t, 5), Err(DisclosureError::BadIndex));
        let (mut t, _) = counts(&[2]);
        t.push(Cell::Decimal(1.0), CellRule::Derived(vec![42]));
        assert_eq!(suppress(&t, 5), Err(DisclosureError::BadIndex));
    }

    #[test]
    fn a_cell_nothing_can_protect_is_named() {
        // 3 + 40 = 43 where 40 and 43 were already published elsewhere
        // (given): nothing here can be hidden to protect the 3.
        let mut t = Table::new();
        let part = t.push(Cell::Count(3), CellRule::Count);
        let other = t.push(
            Cell::Count(40),
            CellRule::Given {
                hidden: false,
                count: true,
            },
        );
        let total = t.push(
            Cell::Count(43),
            CellRule::Given {
                hidden: false,
                count: true,
            },
        );
        t.add_group(vec![part, other], total);
        assert!(matches!(
            suppress(&t, 5),
            Err(DisclosureError::Unprotectable { cell: 0, .. })
        ));
    }

    pub(crate) fn flags(s: &SuppressedTable) -> Vec<bool> {
        s.cells.iter().map(|c| c.suppressed.is_some()).collect()
    }

    /// A grid of counts with row totals, column totals and a grand total: the
    /// shape of a breakdown by quarter.
    fn grid_table(rows: &[Vec<u64>]) -> Table {
        let mut t = Table::new();
        let width = rows.first().map_or(0, Vec::len);
        let mut row_totals = Vec::new();
        let mut index = Vec::new();
        for row in rows {
            let cells: Vec<usize> = row
                .iter()
                .map(|v| t.push(Cell::Count(*v), CellRule::Count))
                .collect();
            let total = t.push(Cell::Count(row.iter().sum()), CellRule::Count);
            t.add_group(cells.clone(), total);
            row_totals.push(total);
            index.push(cells);
        }
        let mut column_totals = Vec::new();
        for c in 0..width {
            let sum = rows.iter().map(|r| r[c]).sum();
            let total = t.push(Cell::Count(sum), CellRule::Count);
            t.add_group(index.iter().map(|r| r[c]).collect(), total);
            column_totals.push(total);
        }
        let grand_sum = rows.iter().flatten().sum();
        let grand = t.push(Cell::Count(grand_sum), CellRule::Count);
        t.add_group(row_totals, grand);
        t.add_group(column_totals, grand);
        t
    }

    fn grid() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (1usize..5, 1usize..6).prop_flat_map(|(rows, cols)| {
            prop::collection::vec(
                prop::collection::vec(prop_oneof![0u64..=8, 0u64..60], cols),
                rows,
            )
        })
    }

    proptest! {
        #[test]
        fn after_suppression_the_audit_passes_and_no_small_count_shows(
            rows in grid(),
            threshold in 1u64..8,
        ) {
            let table = grid_table(&rows);
            let s = suppress(&table, threshold);
            // A grid's grand total can always be hidden, so it never fails.
            let s = s.expect("a grid can be protected");
            prop_assert!(audit(&table, &flags(&s), threshold).unwrap().is_empty());
            for p in &s.cells {
                match (p.visible_value(), p.value) {
                    (Some(Cell::Count(n)), _) => prop_assert!(n == 0 || n > threshold, "{} shown", n),
                    (None, Cell::Count(n)) => prop_assert!(n > 0, "zero suppressed"),
                    _ => {}
                }
            }
        }
    }
}
