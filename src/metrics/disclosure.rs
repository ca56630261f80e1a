//! Disclosure control for published tables, as the Government Statistical Service
//! does it. Pure: takes a table and a threshold, returns what may be shown; it
//! knows nothing of measures or reports.
//!
//! - Primary: a count from 1 to the threshold is suppressed (`[c]`). Zero never is.
//! - Secondary: an additive group is parts that add up to a total. If exactly one
//!   of its cells (the total counts as one) is suppressed, it could be worked out
//!   from the others, so the smallest visible non-zero part is suppressed too (the
//!   total only when no part qualifies). Repeated over every group until none has
//!   exactly one suppressed cell.
//! - Derived: a percentage or rate is suppressed when any cell it is computed
//!   from is suppressed.
//! - `[x]` not available and `[z]` not applicable are shown as they are.

use super::Cell;
use serde::Serialize;

/// How a cell takes part in disclosure control.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CellRule {
    /// A count of people or events: primary suppression applies.
    Count,
    /// Computed from other cells of the table (by index), e.g. a percentage from
    /// its numerator and denominator: suppressed with any of them.
    Derived(Vec<usize>),
    /// Not a count of anyone (a median of days): never suppressed.
    Exempt,
}

/// Cells (by index) that add up: `parts` sum to `total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub parts: Vec<usize>,
    pub total: usize,
}

/// A table to publish: its cells in any order the caller likes, and the additive
/// groups among them. A cell may belong to several groups (a year total of a row
/// and a part of a column).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    pub cells: Vec<(Cell, CellRule)>,
    pub groups: Vec<Group>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a cell and returns its index.
    pub fn push(&mut self, value: Cell, rule: CellRule) -> usize {
        self.cells.push((value, rule));
        self.cells.len() - 1
    }

    pub fn add_group(&mut self, parts: Vec<usize>, total: usize) {
        self.groups.push(Group { parts, total });
    }

    /// Records that cells `a` and `b` hold the same figure (printed twice):
    /// one hidden and the other shown would give it away, so suppression
    /// treats them as a group of one part and its total.
    pub fn link_equal(&mut self, a: usize, b: usize) {
        self.add_group(vec![a], b);
    }

    /// Appends `other`'s cells and groups after this table's, so both are
    /// suppressed together; returns the offset added to `other`'s indices.
    pub fn append(&mut self, other: Table) -> usize {
        let offset = self.cells.len();
        self.cells
            .extend(other.cells.into_iter().map(|(value, rule)| {
                let rule = match rule {
                    CellRule::Derived(sources) => {
                        CellRule::Derived(sources.into_iter().map(|s| s + offset).collect())
                    }
                    other => other,
                };
                (value, rule)
            }));
        self.groups.extend(other.groups.into_iter().map(|g| Group {
            parts: g.parts.into_iter().map(|p| p + offset).collect(),
            total: g.total + offset,
        }));
        offset
    }
}

/// Why a cell is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Suppression {
    /// A count from 1 to the threshold.
    Primary,
    /// Hidden so that another suppressed cell cannot be worked out.
    Secondary,
    /// Computed from a suppressed cell.
    Derived,
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
}

/// The note printed under every published table.
pub const SYMBOLS_NOTE: &str =
    "[c] confidential: a small number, or one from which a small number could \
be worked out, is suppressed to protect the people counted. [x] not available. [z] not applicable.";

/// Applies primary, secondary and derived suppression to `table`.
pub fn suppress(table: &Table, threshold: u64) -> SuppressedTable {
    let mut hidden: Vec<Option<Suppression>> = table
        .cells
        .iter()
        .map(|(value, rule)| is_primary(*value, rule, threshold).then_some(Suppression::Primary))
        .collect();
    // Each pass hides at least one more cell or stops, so this ends.
    loop {
        let derived = hide_derived(table, &mut hidden);
        let secondary = hide_one_secondary(table, &mut hidden);
        if !derived && !secondary {
            break;
        }
    }
    SuppressedTable {
        cells: table
            .cells
            .iter()
            .zip(hidden)
            .map(|((value, _), suppressed)| Published {
                value: *value,
                suppressed,
            })
            .collect(),
    }
}

fn is_primary(value: Cell, rule: &CellRule, threshold: u64) -> bool {
    matches!(rule, CellRule::Count)
        && value
            .number()
            .is_some_and(|n| n > 0.0 && n <= threshold as f64)
}

fn is_hidden(hidden: &[Option<Suppression>], index: usize) -> bool {
    hidden.get(index).is_some_and(Option::is_some)
}

/// Hides every visible derived cell one of whose sources is hidden.
fn hide_derived(table: &Table, hidden: &mut [Option<Suppression>]) -> bool {
    let mut changed = false;
    for (index, (_, rule)) in table.cells.iter().enumerate() {
        if let CellRule::Derived(sources) = rule {
            if !is_hidden(hidden, index) && sources.iter().any(|s| is_hidden(hidden, *s)) {
                hidden[index] = Some(Suppression::Derived);
                changed = true;
            }
        }
    }
    changed
}

/// Finds the first group with exactly one hidden cell and hides one more of its
/// cells; returns whether it did.
fn hide_one_secondary(table: &Table, hidden: &mut [Option<Suppression>]) -> bool {
    for group in &table.groups {
        let members = members(group, table.cells.len());
        let hidden_count = members.iter().filter(|m| is_hidden(hidden, **m)).count();
        if hidden_count != 1 {
            continue;
        }
        if let Some(next) = next_to_hide(table, group, hidden) {
            hidden[next] = Some(Suppression::Secondary);
            return true;
        }
    }
    false
}

/// The group's valid cell indices: parts, then the total, without repeats.
fn members(group: &Group, len: usize) -> Vec<usize> {
    let mut members: Vec<usize> = Vec::with_capacity(group.parts.len() + 1);
    for index in group.parts.iter().chain(std::iter::once(&group.total)) {
        if *index < len && !members.contains(index) {
            members.push(*index);
        }
    }
    members
}

/// The smallest visible non-zero part that may be suppressed (the earliest on a
/// tie, so the result never depends on anything but the table); the total when
/// no part qualifies.
fn next_to_hide(table: &Table, group: &Group, hidden: &[Option<Suppression>]) -> Option<usize> {
    let can_hide = |index: usize| {
        !is_hidden(hidden, index)
            && table.cells.get(index).is_some_and(|(value, rule)| {
                !matches!(rule, CellRule::Exempt) && value.number().is_some_and(|n| n > 0.0)
            })
    };
    let smallest_part = group
        .parts
        .iter()
        .copied()
        .filter(|p| *p != group.total && can_hide(*p))
        .min_by(|a, b| {
            let value = |i: usize| table.cells[i].0.number().unwrap_or(0.0);
            value(*a).total_cmp(&value(*b)).then(a.cmp(b))
        });
    smallest_part.or_else(|| can_hide(group.total).then_some(group.total))
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

    fn shown(s: &SuppressedTable) -> Vec<String> {
        s.cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn counts_from_one_to_the_threshold_are_c_and_zero_is_shown() {
        let (t, _) = counts(&[0, 1, 5, 6, 40]);
        assert_eq!(shown(&suppress(&t, 5)), ["0", "[c]", "[c]", "6", "40"]);
    }

    #[test]
    fn a_lone_suppressed_part_takes_the_next_smallest_part_with_it() {
        // Parts 3, 9, 12, 20 add up to 44.
        let (mut t, i) = counts(&[3, 12, 9, 20, 44]);
        t.add_group(vec![i[0], i[1], i[2], i[3]], i[4]);
        let s = suppress(&t, 5);
        assert_eq!(shown(&s), ["[c]", "12", "[c]", "20", "44"]);
        assert_eq!(s.cells[2].suppressed, Some(Suppression::Secondary));
    }

    #[test]
    fn zero_parts_are_never_taken_as_secondary_the_total_is_when_nothing_else_is_left() {
        let (mut t, i) = counts(&[2, 0, 0, 2]);
        t.add_group(vec![i[0], i[1], i[2]], i[3]);
        assert_eq!(shown(&suppress(&t, 5)), ["[c]", "0", "0", "[c]"]);
        let (mut t, i) = counts(&[4, 0, 9]);
        t.add_group(vec![i[0], i[1]], i[2]);
        // 4 hidden, 0 cannot be, so the total goes: 9 − 0 would give the 4 away.
        assert_eq!(shown(&suppress(&t, 5)), ["[c]", "0", "[c]"]);
    }

    #[test]
    fn a_small_part_beside_a_zero_takes_the_other_part_and_keeps_the_zero() {
        let (mut t, i) = counts(&[3, 2, 0, 5]);
        t.add_group(vec![i[0], i[1], i[2]], i[3]);
        assert_eq!(shown(&suppress(&t, 2)), ["[c]", "[c]", "0", "5"]);
    }

    #[test]
    fn a_total_hidden_alone_takes_its_smallest_part_with_it() {
        // The total was hidden through another group it belongs to.
        let (mut t, i) = counts(&[10, 20, 30]);
        t.add_group(vec![i[0], i[1]], i[2]);
        let mut hidden = vec![None, None, Some(Suppression::Secondary)];
        assert!(hide_one_secondary(&t, &mut hidden));
        assert_eq!(
            hidden,
            [
                Some(Suppression::Secondary),
                None,
                Some(Suppression::Secondary)
            ]
        );
        assert!(!hide_one_secondary(&t, &mut hidden));
    }

    #[test]
    fn secondary_suppression_cascades_across_groups_that_share_cells() {
        // Two rows of quarters with year totals, and a column group over them.
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
        let s = suppress(&t, 5);
        for g in &t.groups {
            let hidden = members(g, t.cells.len())
                .iter()
                .filter(|m| s.cells[**m].suppressed.is_some())
                .count();
            assert_ne!(hidden, 1, "{g:?}");
        }
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
        let s = suppress(&t, 5);
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
        let s = suppress(&a, 5);
        assert_eq!(
            shown(&s),
            ["[c]", "[c]", "43", "[c]", "[c]", "20"],
            "40 goes with the 3, so its copy and a part of it go too"
        );
    }

    #[test]
    fn appended_derived_cells_follow_their_sources() {
        let (mut a, _) = counts(&[50]);
        let mut b = Table::new();
        let count = b.push(Cell::Count(2), CellRule::Count);
        b.push(Cell::Decimal(0.5), CellRule::Derived(vec![count]));
        let offset = a.append(b);
        assert_eq!(offset, 1);
        assert_eq!(a.cells[2].1, CellRule::Derived(vec![1]));
        assert_eq!(shown(&suppress(&a, 5)), ["50", "[c]", "[c]"]);
    }

    #[test]
    fn not_available_and_not_applicable_keep_their_symbols() {
        let (mut t, _) = counts(&[]);
        let x = t.push(Cell::NotAvailable, CellRule::Count);
        let z = t.push(Cell::NotApplicable, CellRule::Count);
        let s = suppress(&t, 5);
        assert_eq!(s.cells[x].symbol(), Some("[x]"));
        assert_eq!(s.cells[z].symbol(), Some("[z]"));
        assert_eq!(s.cells[x].suppressed, None);
    }

    #[test]
    fn bad_indices_never_panic() {
        let (mut t, _) = counts(&[2, 9]);
        t.add_group(vec![0, 7], 99);
        t.push(Cell::Decimal(1.0), CellRule::Derived(vec![42, 0]));
        let s = suppress(&t, 5);
        assert_eq!(shown(&s), ["[c]", "9", "[c]"]);
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
        fn no_group_is_left_with_exactly_one_suppressed_cell(rows in grid(), threshold in 0u64..8) {
            let table = grid_table(&rows);
            let s = suppress(&table, threshold);
            for g in &table.groups {
                let hidden = members(g, table.cells.len())
                    .iter()
                    .filter(|m| s.cells[**m].suppressed.is_some())
                    .count();
                prop_assert_ne!(hidden, 1, "group {:?} of {:?}", g, rows);
            }
        }

        #[test]
        fn no_visible_count_lies_in_one_to_the_threshold_and_zero_is_never_hidden(
            rows in grid(),
            threshold in 0u64..8,
        ) {
            let table = grid_table(&rows);
            let s = suppress(&table, threshold);
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
