//! Fitting a table's columns to the text column: widths in proportion to the
//! columns' weights, widened where a column's widest word would not fit.
//! Widths only; wraps and places nothing.

use super::wrap::{is_break_space, is_relation_sign};
use super::EPSILON;
use crate::document::style::TABLE_SIZE;
use crate::document::Run;
use crate::render::text::{Face, Measure};

/// No column widens beyond this share of the page to keep one long word
/// (a web address) whole; such a word is broken instead.
pub(super) const MAX_WORD_SHARE: f32 = 0.35;

/// The widest single word of a cell at table size; a relation sign and the
/// figure after it (`≥ 80.0%`) count as one, so they can share a line.
pub(super) fn widest_word(runs: &[Run], m: &dyn Measure) -> f32 {
    runs.iter()
        .flat_map(|run| {
            let face = if run.bold { Face::Bold } else { Face::Regular };
            let words: Vec<&str> = run
                .text
                .split(is_break_space)
                .filter(|word| !word.is_empty())
                .collect();
            (0..words.len())
                .map(|i| match words.get(i + 1) {
                    Some(next) if is_relation_sign(words[i]) => {
                        m.width(face, &format!("{} {next}", words[i]), TABLE_SIZE)
                    }
                    _ => m.width(face, words[i], TABLE_SIZE),
                })
                .collect::<Vec<f32>>()
        })
        .fold(0.0, f32::max)
}

/// Column widths in proportion to their weights, except that a column too
/// narrow for its widest word is widened to fit it, the others giving up
/// width in proportion to their weights. When even the widest words cannot
/// all fit, every column gets a share in proportion to its widest word.
pub(super) fn fit_columns(weights: &[f32], minimums: &[f32], total: f32) -> Vec<f32> {
    let needed: f32 = minimums.iter().sum();
    if needed > total {
        return minimums
            .iter()
            .map(|m| total * m / needed.max(EPSILON))
            .collect();
    }
    let mut fixed = vec![false; weights.len()];
    loop {
        let fixed_width: f32 = minimums
            .iter()
            .zip(&fixed)
            .filter(|(_, &f)| f)
            .map(|(m, _)| m)
            .sum();
        let free_weight: f32 = weights
            .iter()
            .zip(&fixed)
            .filter(|(_, &f)| !f)
            .map(|(w, _)| w)
            .sum();
        let share = (total - fixed_width) / free_weight.max(EPSILON);
        let widths: Vec<f32> = weights
            .iter()
            .zip(minimums)
            .zip(&fixed)
            .map(|((w, m), &f)| if f { *m } else { w * share })
            .collect();
        let newly_fixed: Vec<usize> = (0..widths.len())
            .filter(|&c| !fixed[c] && widths[c] < minimums[c])
            .collect();
        if newly_fixed.is_empty() {
            return widths;
        }
        for c in newly_fixed {
            fixed[c] = true;
        }
    }
}
