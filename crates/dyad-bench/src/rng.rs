//! A tiny deterministic pseudo-random generator (SplitMix64), so that a
//! corpus is the same on every machine and every run for a given seed,
//! without a dependency on `rand`.

/// SplitMix64 (Steele, Lea and Flood 2014): one 64-bit state, full period,
/// good enough statistics for picking templates and names.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// A generator for item `index` of a stream seeded with `seed`: each
    /// document gets its own independent stream, so document `i` is the same
    /// whether it is generated alone, in order, or on another thread.
    pub fn for_item(seed: u64, index: u64) -> Self {
        let mut mix = SplitMix64(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        SplitMix64(mix.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). The modulo bias is below
    /// 2^-40 for the small `n` used here.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// An index in `0..n` skewed towards small values (roughly Zipf with
    /// exponent 1), as actor frequencies in news are: a few states appear in
    /// most stories.
    pub fn skewed(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Pick k uniformly, then an index below k: P(i) ~ H(n)-H(i), a
        // cheap heavy head with a long tail.
        let k = self.below(n) + 1;
        self.below(k)
    }

    /// One element of a non-empty slice (`None` when empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(
            SplitMix64::for_item(1, 2).next_u64(),
            SplitMix64::for_item(1, 3).next_u64()
        );
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = SplitMix64::new(1);
        for _ in 0..1000 {
            assert!(r.below(5) < 5);
            let x = r.range(8, 20);
            assert!((8..=20).contains(&x));
            assert!(r.skewed(10) < 10);
        }
        assert_eq!(r.below(0), 0);
        assert!(r.pick::<u8>(&[]).is_none());
    }
}
