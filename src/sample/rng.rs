//! A small seeded pseudo-random generator (SplitMix64) for the example data set.
//! It exists so the example is the same on every machine and every run; it must
//! NOT be used for anything that needs real randomness, and never reads a clock.

/// SplitMix64 (Steele, Lea & Flood, 2014): tiny, fast and well mixed, which is all
/// plausible-looking example figures need.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number from `lo` to `hi` inclusive (`lo` when the range is empty).
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        let span = u64::from(hi - lo) + 1;
        // The modulo bias over a 64-bit draw is far below anything visible here.
        lo + (self.next_u64() % span) as u32
    }

    /// True with the given chance in per cent.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.between(0, 99) < percent
    }

    /// One of the choices, drawn in proportion to its weight; `None` when every
    /// weight is zero or there are no choices.
    pub fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> Option<T> {
        let total: u32 = choices.iter().map(|(_, w)| *w).sum();
        if total == 0 {
            return None;
        }
        let mut ticket = self.between(0, total - 1);
        for (choice, weight) in choices {
            if ticket < *weight {
                return Some(*choice);
            }
            ticket -= weight;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = SplitMix64::new(42);
        let mut b = SplitMix64::new(42);
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        assert_ne!(SplitMix64::new(43).next_u64(), first[0]);
    }

    #[test]
    fn between_stays_in_range_and_reaches_both_ends() {
        let mut rng = SplitMix64::new(7);
        let draws: Vec<u32> = (0..500).map(|_| rng.between(3, 6)).collect();
        assert!(draws.iter().all(|v| (3..=6).contains(v)));
        assert!(draws.contains(&3) && draws.contains(&6));
        assert_eq!(rng.between(9, 2), 9);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = SplitMix64::new(11);
        for _ in 0..300 {
            assert_ne!(
                rng.weighted(&[("never", 0), ("a", 3), ("b", 1)]),
                Some("never")
            );
        }
        assert_eq!(rng.weighted::<u8>(&[]), None);
        assert_eq!(rng.weighted(&[(1, 0)]), None);
    }
}
