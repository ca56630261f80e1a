//! What disclosure control works on: a report's cells (counts, derived
//! figures, figures that are not counts), the linear relations among them,
//! and why control can fail. The table model only: nothing here suppresses
//! or audits.

use crate::metrics::Cell;
use serde::Serialize;

/// How a cell takes part in disclosure control.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CellRule {
    /// A count of people or events (a whole number ≥ 0): primary suppression applies.
    Count,
    /// Computed from other cells (by index), e.g. a percentage from its
    /// numerator and denominator: suppressed with any of them.
    Derived(Vec<usize>),
    /// Not a count of anyone (a median of days): never suppressed.
    Exempt,
    /// A figure another report already published (last year's): shown or
    /// hidden as it was there, and never changed here. `count` is true for a
    /// whole number of people or events.
    Given { hidden: bool, count: bool },
}

/// Why a relation holds; it names the protection in a table's note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Why {
    /// Parts of a breakdown or a year's quarters add up to a total.
    Total,
    /// A percentage's numerator and the rest of its denominator add up to it.
    Difference,
    /// A year's mean times its quarters is their sum.
    Mean,
    /// A year's figure is its last quarter's.
    Last,
    /// The same figure is printed in two places.
    SameFigure,
    /// A change is this year's figure minus last year's.
    Change,
    /// A percentage or rate is its numerator over its denominator.
    Ratio,
}

/// A ratio's denominator: another cell, or a known number (the child population).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Denominator {
    Cell(usize),
    Known(f64),
}

/// An equation between cells that holds on the true values, which a reader
/// of the report could use.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Relation {
    /// `parts` add up to `total`.
    Sum {
        parts: Vec<usize>,
        total: usize,
        why: Why,
    },
    /// `mean` (one decimal) is the mean of `parts`: parts.len() × mean = Σ parts.
    Mean { parts: Vec<usize>, mean: usize },
    /// `change` = `now` − `before`, each as shown (to one decimal when not whole).
    Change {
        now: usize,
        before: usize,
        change: usize,
    },
    /// `ratio` = `scale` × numerator ÷ denominator, to one decimal.
    Ratio {
        numerator: usize,
        denominator: Denominator,
        ratio: usize,
        scale: f64,
    },
}

impl Relation {
    /// Every cell the relation mentions.
    pub fn cells(&self) -> Vec<usize> {
        match self {
            Relation::Sum { parts, total, .. } => parts.iter().copied().chain([*total]).collect(),
            Relation::Mean { parts, mean } => parts.iter().copied().chain([*mean]).collect(),
            Relation::Change {
                now,
                before,
                change,
            } => vec![*now, *before, *change],
            Relation::Ratio {
                numerator,
                denominator,
                ratio,
                ..
            } => {
                let mut cells = vec![*numerator, *ratio];
                if let Denominator::Cell(d) = denominator {
                    cells.push(*d);
                }
                cells
            }
        }
    }

    pub fn why(&self) -> Why {
        match self {
            Relation::Sum { why, .. } => *why,
            Relation::Mean { .. } => Why::Mean,
            Relation::Change { .. } => Why::Change,
            Relation::Ratio { .. } => Why::Ratio,
        }
    }

    /// For a linear relation, its parts (cells that may be taken first) and
    /// its total (taken only when no part can be).
    pub(super) fn parts_and_total(&self) -> Option<(&[usize], usize)> {
        match self {
            Relation::Sum { parts, total, .. } => Some((parts.as_slice(), *total)),
            Relation::Mean { parts, mean } => Some((parts.as_slice(), *mean)),
            Relation::Change { .. } | Relation::Ratio { .. } => None,
        }
    }
}

/// One published (or unpublished but related) figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spec {
    pub value: Cell,
    pub rule: CellRule,
    /// False for a figure the report never prints (a percentage's part that is
    /// not published, the difference of a numerator to its denominator): it
    /// takes part in the relations, and a reader does not see it.
    pub printed: bool,
}

/// A report's figures and the relations among them. A figure printed in two
/// tables is one cell, or two cells linked by a [`Why::SameFigure`] sum.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    pub cells: Vec<Spec>,
    pub relations: Vec<Relation>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a printed cell and returns its index.
    pub fn push(&mut self, value: Cell, rule: CellRule) -> usize {
        self.push_spec(Spec {
            value,
            rule,
            printed: true,
        })
    }

    /// Adds a cell the report does not print and returns its index.
    pub fn push_unprinted(&mut self, value: Cell, rule: CellRule) -> usize {
        self.push_spec(Spec {
            value,
            rule,
            printed: false,
        })
    }

    fn push_spec(&mut self, spec: Spec) -> usize {
        self.cells.push(spec);
        self.cells.len() - 1
    }

    /// `parts` add up to `total`.
    pub fn add_group(&mut self, parts: Vec<usize>, total: usize) {
        self.add_sum(parts, total, Why::Total);
    }

    pub fn add_sum(&mut self, parts: Vec<usize>, total: usize, why: Why) {
        self.relations.push(Relation::Sum { parts, total, why });
    }

    pub fn add_relation(&mut self, relation: Relation) {
        self.relations.push(relation);
    }

    /// Records that cells `a` and `b` hold the same figure (printed twice):
    /// one hidden and the other shown would give it away.
    pub fn link_equal(&mut self, a: usize, b: usize) {
        self.add_sum(vec![a], b, Why::SameFigure);
    }

    /// Appends `other`'s cells and relations after this table's, so both are
    /// suppressed together; returns the offset added to `other`'s indices.
    pub fn append(&mut self, other: Table) -> usize {
        let offset = self.cells.len();
        let shift = |i: usize| i + offset;
        self.cells.extend(other.cells.into_iter().map(|mut spec| {
            if let CellRule::Derived(sources) = &mut spec.rule {
                sources.iter_mut().for_each(|s| *s = shift(*s));
            }
            spec
        }));
        self.relations
            .extend(other.relations.into_iter().map(|r| match r {
                Relation::Sum { parts, total, why } => Relation::Sum {
                    parts: parts.into_iter().map(shift).collect(),
                    total: shift(total),
                    why,
                },
                Relation::Mean { parts, mean } => Relation::Mean {
                    parts: parts.into_iter().map(shift).collect(),
                    mean: shift(mean),
                },
                Relation::Change {
                    now,
                    before,
                    change,
                } => Relation::Change {
                    now: shift(now),
                    before: shift(before),
                    change: shift(change),
                },
                Relation::Ratio {
                    numerator,
                    denominator,
                    ratio,
                    scale,
                } => Relation::Ratio {
                    numerator: shift(numerator),
                    denominator: match denominator {
                        Denominator::Cell(d) => Denominator::Cell(shift(d)),
                        known => known,
                    },
                    ratio: shift(ratio),
                    scale,
                },
            }));
        offset
    }

    /// For each cell, the relations (by index) that mention it.
    pub(crate) fn relations_of(&self) -> Vec<Vec<usize>> {
        let mut of = vec![Vec::new(); self.cells.len()];
        for (r, relation) in self.relations.iter().enumerate() {
            for cell in relation.cells() {
                if let Some(list) = of.get_mut(cell) {
                    if list.last() != Some(&r) {
                        list.push(r);
                    }
                }
            }
        }
        of
    }

    /// Whether every index a relation or rule names is a cell of the table.
    pub(super) fn indices_valid(&self) -> bool {
        let len = self.cells.len();
        self.relations
            .iter()
            .all(|r| r.cells().iter().all(|c| *c < len))
            && self.cells.iter().all(|s| match &s.rule {
                CellRule::Derived(sources) => sources.iter().all(|c| *c < len),
                _ => true,
            })
    }
}

/// Why disclosure control could not make a safe report.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DisclosureError {
    #[error(
        "the suppression threshold is 0, which would switch disclosure control off; it must be at least 1"
    )]
    ThresholdZero,
    #[error("the report's disclosure table names a cell it does not have (a bug)")]
    BadIndex,
    /// The audit still pins a hidden cell and no visible cell near it can be hidden.
    #[error("cell {cell} can still be worked out ({low}..{high}) and nothing more can be hidden to protect it")]
    Unprotectable { cell: usize, low: f64, high: f64 },
    #[error("the audit could not settle the bounds of the hidden figures")]
    Unsettled,
    #[error("the relations do not hold on the figures (a bug): relation {relation}")]
    Inconsistent { relation: usize },
}
