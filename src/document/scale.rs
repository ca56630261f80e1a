//! A chart's value axis, for every writer alike: its round limits and step
//! (whole numbers only for counts), its ticks and their labels, and how a
//! value is printed on a chart ("1,234", "12.3"). Numbers in, numbers and
//! labels out: nothing here draws.

use super::blocks::{Chart, ChartKind, ChartValue};

/// How far past the data the axis runs, as a factor.
const LABEL_ROOM: f64 = 1.06;

/// The value axis: from `lo` to `hi` in steps of `step`, always including zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// The axis `chart` is drawn on.
    pub fn for_chart(chart: &Chart) -> Scale {
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        let mut include = |v: f64| {
            lo = lo.min(v);
            hi = hi.max(v);
        };
        match chart.kind {
            ChartKind::StackedBars => {
                for i in 0..chart.categories.len() {
                    let (up, down) = stack_extent(chart, i);
                    include(up);
                    include(down);
                }
            }
            ChartKind::GroupedBars | ChartKind::Line => {
                for series in &chart.series {
                    for value in &series.values {
                        if let ChartValue::Number(v) = value {
                            include(*v);
                        }
                    }
                }
            }
        }
        if let Some(target) = &chart.target {
            include(target.value);
        }
        // A little room past the largest value, so its label clears the plot edge.
        Scale::nice(lo * LABEL_ROOM, hi * LABEL_ROOM, whole_numbers_only(chart))
    }

    /// Round limits and a step of 1, 2, 2.5 or 5 times a power of ten, giving
    /// about five intervals; whole-number data never gets fractional ticks.
    fn nice(lo: f64, hi: f64, whole: bool) -> Scale {
        let (lo, hi) = if hi - lo > f64::EPSILON {
            (lo, hi)
        } else {
            (lo, lo + 1.0)
        };
        let raw = (hi - lo) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let norm = raw / magnitude;
        let nice = if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
        // Whole-number data (counts) never gets fractional ticks.
        let step = nice * magnitude;
        let step = if whole && step.fract() != 0.0 {
            step.floor().max(1.0)
        } else {
            step
        };
        Scale {
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
        }
    }

    /// Every tick from bottom to top, with its label.
    pub fn labelled_ticks(&self) -> Vec<(f64, String)> {
        self.ticks()
            .map(|t| (t, format_tick(t, self.step)))
            .collect()
    }

    /// Every tick from bottom to top.
    pub fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let count = ((self.hi - self.lo) / self.step).round().clamp(1.0, 50.0) as usize;
        (0..=count).map(move |i| self.lo + i as f64 * self.step)
    }
}

fn whole_numbers_only(chart: &Chart) -> bool {
    let whole = |v: f64| (v - v.round()).abs() < 1e-9;
    let values = chart
        .series
        .iter()
        .flat_map(|s| &s.values)
        .all(|v| match v {
            ChartValue::Number(n) => whole(*n),
            ChartValue::Missing(_) => true,
        });
    values && chart.target.as_ref().is_none_or(|t| whole(t.value))
}

/// The top and bottom of a category's stack: positives stack up from zero,
/// negatives down.
fn stack_extent(chart: &Chart, category: usize) -> (f64, f64) {
    let mut up = 0.0;
    let mut down = 0.0;
    for series in &chart.series {
        if let Some(ChartValue::Number(v)) = series.values.get(category) {
            if *v >= 0.0 {
                up += v;
            } else {
                down += v;
            }
        }
    }
    (up, down)
}

/// The value axis every renderer draws for `chart` — its ticks from bottom
/// to top, each with its label — so the web page ticks where the PDF does
/// (counts only at whole numbers).
pub fn axis_ticks(chart: &Chart) -> Vec<(f64, String)> {
    Scale::for_chart(chart).labelled_ticks()
}

/// A tick label with as many decimals as the step needs.
fn format_tick(value: f64, step: f64) -> String {
    let decimals = (0..3)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(3);
    group_thousands(value, decimals as usize)
}

/// A data label: whole numbers as they are, others to one decimal place (two
/// below one).
pub fn format_value(value: f64) -> String {
    let decimals = if (value - value.round()).abs() < 1e-9 {
        0
    } else if value.abs() < 1.0 {
        2
    } else {
        1
    };
    group_thousands(value, decimals)
}

/// `1234.5` → `1,234.5`.
fn group_thousands(value: f64, decimals: usize) -> String {
    let formatted = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match formatted.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (formatted, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && grouped.chars().any(|c| c != '0' && c != ',');
    let sign = if negative { "-" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_scales_cover_the_data_in_round_steps() {
        assert_eq!(
            Scale::nice(0.0, 3.0, true),
            Scale {
                lo: 0.0,
                hi: 3.0,
                step: 1.0
            }
        );
        assert_eq!(
            Scale::nice(0.0, 47.0, true),
            Scale {
                lo: 0.0,
                hi: 50.0,
                step: 10.0
            }
        );
        assert_eq!(
            Scale::nice(0.0, 0.0, false),
            Scale {
                lo: 0.0,
                hi: 1.0,
                step: 0.2
            }
        );
        // Counts of 0 and 1 tick in whole numbers.
        assert_eq!(
            Scale::nice(0.0, 1.0, true),
            Scale {
                lo: 0.0,
                hi: 1.0,
                step: 1.0
            }
        );
        // 2.5 is no step for counts.
        assert_eq!(
            Scale::nice(0.0, 11.0, true),
            Scale {
                lo: 0.0,
                hi: 12.0,
                step: 2.0
            }
        );
        let s = Scale::nice(-12.0, 30.0, true);
        assert!(s.lo <= -12.0 && s.hi >= 30.0);
        assert_eq!(s.step, 10.0);
    }

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(format_value(1234.0), "1,234");
        assert_eq!(format_value(-1234567.0), "-1,234,567");
        assert_eq!(format_value(12.345), "12.3");
        assert_eq!(format_value(0.755), "0.76");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_tick(2.5, 2.5), "2.5");
        assert_eq!(format_tick(0.4, 0.2), "0.4");
        assert_eq!(format_tick(250.0, 50.0), "250");
    }
}
