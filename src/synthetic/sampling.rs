//! Seeded randomness: independent ChaCha streams per purpose and item (so work
//! can run in parallel and still be byte-identical), a Zipf sampler over a
//! ranked vocabulary and a lognormal count.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a random stream is used for; each purpose gets its own streams.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    Plan = 1,
    Contract = 2,
    Team = 3,
    Lineage = 4,
}

/// A generator for one (purpose, item): the same inputs give the same stream,
/// whatever order or thread asks for it.
pub fn stream(seed: u64, purpose: Purpose, item: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(((purpose as u64) << 48) ^ item);
    rng
}

/// Samples ranks `0..n` with probability proportional to `1 / (rank + 1)^s`.
#[derive(Debug, Clone)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, exponent: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(exponent);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn sample(&self, rng: &mut impl Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = rng.random::<f64>() * total;
        let rank = self.cumulative.partition_point(|&c| c <= target);
        rank.min(self.cumulative.len() - 1)
    }

    /// Picks an item of `words` by its Zipf rank.
    pub fn pick<'a, T>(&self, rng: &mut impl Rng, words: &'a [T]) -> &'a T {
        &words[self.sample(rng) % words.len()]
    }
}

/// A standard normal variate (Box-Muller).
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A lognormal count with the given median, clamped to `min..=max`.
pub fn lognormal_count(
    rng: &mut impl Rng,
    median: f64,
    sigma: f64,
    min: usize,
    max: usize,
) -> usize {
    let value = (median.ln() + sigma * standard_normal(rng)).exp().round();
    (value as usize).clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_head_is_much_more_common_than_tail() {
        let zipf = Zipf::new(50, 1.1);
        let mut rng = stream(7, Purpose::Plan, 0);
        let mut counts = [0usize; 50];
        for _ in 0..20_000 {
            counts[zipf.sample(&mut rng)] += 1;
        }
        assert!(counts[0] > 10 * counts[30], "{counts:?}");
        assert!(counts.iter().all(|&c| c < 20_000));
    }

    #[test]
    fn streams_are_independent_of_call_order() {
        let a: u64 = stream(1, Purpose::Contract, 5).random();
        let _ = stream(1, Purpose::Contract, 4).random::<u64>();
        let b: u64 = stream(1, Purpose::Contract, 5).random();
        let c: u64 = stream(1, Purpose::Contract, 6).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn lognormal_counts_have_the_requested_median_and_bounds() {
        let mut rng = stream(3, Purpose::Plan, 1);
        let mut counts: Vec<usize> = (0..5001)
            .map(|_| lognormal_count(&mut rng, 10.0, 0.6, 3, 60))
            .collect();
        counts.sort_unstable();
        assert!((9..=11).contains(&counts[2500]), "median {}", counts[2500]);
        assert_eq!(counts[0], 3);
        assert!(counts[5000] <= 60);
    }
}
