//! The benchmark workloads, shared by the native harness (`benches/bench.rs`) and the
//! WebAssembly one (`benches/wasm`). Each returns a checksum of its output, so that no
//! work can be optimised away and runs can be compared.

use chrono::{Datelike, NaiveDate};
use conficker_dga::checker::{CheckRun, Unmonitored};
use conficker_dga::dates::DateRange;
use conficker_dga::domain::Domain;
use conficker_dga::generator::{generate_interleaved, DayDomains, Lists};
use conficker_dga::input::parse_name;
use conficker_dga::variant::{Variant, VariantSet};
use rustc_hash::FxHashMap;

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a valid date")
}

/// The year of C the targets speak of: its 365 days from C's first day.
pub fn year_of_c() -> DateRange {
    DateRange::parse("2009-04-01", "2010-03-31").expect("a valid range")
}

/// The steps that draw `domain`: its length, its letters, its suffix.
fn steps(domain: Domain) -> u64 {
    domain.letter_count() as u64 + 2
}

/// The cheapest exact conversion of large products on this target, as the generator
/// uses: a signed conversion of the halved product in WebAssembly (where the unsigned
/// one branches), the unsigned conversion elsewhere.
#[inline(always)]
fn product_to_f64(product: u64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        (((product >> 1) | (product & 1)) as i64 as f64) * 2.0
    } else {
        product as f64
    }
}

/// The floor: the arithmetic of a step (a 64-bit multiply, two conversions to double,
/// two multiplies and an add) and nothing else, in `N` independent chains.
#[inline(always)]
fn floor_chains<const N: usize>(total_steps: u64) -> u64 {
    let constants = Variant::C.constants();
    let mut keys = [0u64; N];
    for (i, key) in keys.iter_mut().enumerate() {
        *key = 0x43D0_0000_0000_0000 + 7919 * i as u64;
    }
    for _ in 0..total_steps / N as u64 {
        for key in keys.iter_mut() {
            let x = *key as i64 as f64;
            let p = product_to_f64(key.wrapping_mul(constants.con_rand));
            *key = ((p * x + constants.con_dbl) * x).to_bits();
        }
    }
    keys.iter().fold(0, |a, k| a ^ k)
}

/// The floor in WebAssembly SIMD128 vectors (two chains to a vector, `V` vectors), with
/// the generator's conversion: what a step costs there at best.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn floor_simd128_vectors<const V: usize>(total_steps: u64) -> u64 {
    use conficker_dga::generator::simd128::u64x2_to_f64x2;
    use core::arch::wasm32::*;
    let constants = Variant::C.constants();
    let con_rand = u64x2_splat(constants.con_rand);
    let con_dbl = f64x2_splat(constants.con_dbl);
    let start = |i: usize| 0x43D0_0000_0000_0000 + 7919 * i as u64;
    let mut keys: [v128; V] = std::array::from_fn(|v| u64x2(start(2 * v), start(2 * v + 1)));
    for _ in 0..total_steps / (2 * V) as u64 {
        for key in keys.iter_mut() {
            let x = u64x2_to_f64x2(*key);
            let p = u64x2_to_f64x2(i64x2_mul(*key, con_rand));
            *key = f64x2_mul(f64x2_add(f64x2_mul(p, x), con_dbl), x);
        }
    }
    keys.iter().fold(0, |a, k| {
        a ^ u64x2_extract_lane::<0>(*k) ^ u64x2_extract_lane::<1>(*k)
    })
}

/// The SIMD128 floor with `chains` chains (4 to 64).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn floor_simd128(total_steps: u64, chains: usize) -> u64 {
    match chains {
        4 => floor_simd128_vectors::<2>(total_steps),
        8 => floor_simd128_vectors::<4>(total_steps),
        16 => floor_simd128_vectors::<8>(total_steps),
        32 => floor_simd128_vectors::<16>(total_steps),
        _ => floor_simd128_vectors::<32>(total_steps),
    }
}

/// The floor as plain scalar code, at the chain count that runs fastest here.
pub fn floor_scalar(total_steps: u64, chains: usize) -> u64 {
    match chains {
        1 => floor_chains::<1>(total_steps),
        4 => floor_chains::<4>(total_steps),
        8 => floor_chains::<8>(total_steps),
        16 => floor_chains::<16>(total_steps),
        32 => floor_chains::<32>(total_steps),
        _ => floor_chains::<64>(total_steps),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn floor_avx512_chains<const N: usize>(total_steps: u64) -> u64 {
    floor_chains::<N>(total_steps)
}

/// The floor in AVX-512 vectors, where the CPU has them.
#[cfg(target_arch = "x86_64")]
pub fn floor_avx512(total_steps: u64, chains: usize) -> Option<u64> {
    if !std::is_x86_feature_detected!("avx512dq") || !std::is_x86_feature_detected!("avx512vl") {
        return None;
    }
    // SAFETY: the features were just detected.
    Some(unsafe {
        match chains {
            8 => floor_avx512_chains::<8>(total_steps),
            16 => floor_avx512_chains::<16>(total_steps),
            32 => floor_avx512_chains::<32>(total_steps),
            _ => floor_avx512_chains::<64>(total_steps),
        }
    })
}

/// The straightforward version: the one-day-at-a-time generator the project started
/// with (commit 7acb268), kept here unchanged so that it stays a fixed reference.
pub mod straightforward {
    use chrono::NaiveDate;
    use conficker_dga::domain::Domain;
    use conficker_dga::fsin::fsin;
    use conficker_dga::generator::{length, letter, suffix_index};
    use conficker_dga::prng::{output, seed};
    use conficker_dga::variant::{Constants, Variant};
    use rustc_hash::FxHashMap;

    const SINE_IRRELEVANT: f64 = 18_014_398_509_481_984.0;
    const FSIN_IN_RANGE: f64 = 9_223_372_036_854_775_808.0;
    const LOG_IRRELEVANT: f64 = 1_152_921_504_606_846_976.0;

    #[inline]
    pub fn step(key: u64, constants: &Constants) -> u64 {
        let x = key as f64;
        let p = key.wrapping_mul(constants.con_rand) as f64;
        let sum = if p >= SINE_IRRELEVANT && x < FSIN_IN_RANGE {
            p
        } else {
            p + fsin(x)
        };
        let t = (sum * x + constants.con_dbl) * x;
        let r = if t >= LOG_IRRELEVANT { t } else { t + x.ln() };
        r.to_bits()
    }

    pub struct DayDomains {
        variant: Variant,
        constants: Constants,
        key: u64,
        remaining: u32,
    }

    impl DayDomains {
        pub fn new(variant: Variant, date: NaiveDate) -> DayDomains {
            let constants = variant.constants();
            DayDomains {
                variant,
                constants,
                key: seed(&constants, date),
                remaining: variant.domains_per_day(),
            }
        }

        fn next_out(&mut self) -> i32 {
            self.key = step(self.key, &self.constants);
            output(self.key)
        }
    }

    impl Iterator for DayDomains {
        type Item = Domain;

        fn next(&mut self) -> Option<Domain> {
            if self.remaining == 0 {
                return None;
            }
            self.remaining -= 1;
            let n = length(self.variant, self.next_out());
            let mut letters = 0u64;
            for _ in 0..n {
                letters = Domain::push_letter(letters, letter(self.next_out()));
            }
            let suffix = suffix_index(self.variant, self.next_out());
            Some(Domain::from_parts(letters, suffix))
        }
    }

    /// The project's first checker loop: each day generated, each name looked up.
    pub fn scan_day(
        targets: &FxHashMap<Domain, u32>,
        variant: Variant,
        date: NaiveDate,
        found: &mut Vec<(u32, u32)>,
    ) {
        for (index, domain) in DayDomains::new(variant, date).enumerate() {
            if let Some(&target) = targets.get(&domain) {
                found.push((target, index as u32));
            }
        }
    }
}

/// Runs `work(i)` for `i` in `0..count` on `threads` threads taking the next `i` from a
/// common counter (natively; one thread in WebAssembly), and sums the results.
pub fn on_threads(threads: usize, count: u64, work: impl Fn(u64) -> u64 + Sync) -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        let next = AtomicU64::new(0);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut sum = 0u64;
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= count {
                                return sum;
                            }
                            sum = sum.wrapping_add(work(i));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .fold(0u64, |a, h| a.wrapping_add(h.join().expect("worker")))
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = threads;
        (0..count).fold(0, |a, i| a.wrapping_add(work(i)))
    }
}

/// Steps of the C lists of `range` whose position is `part` modulo `parts`, generated
/// one day at a time by the straightforward version on `threads` threads.
pub fn straightforward_steps(range: DateRange, part: u64, parts: u64, threads: usize) -> u64 {
    let days = part_days(range, part, parts);
    on_threads(threads, days.len() as u64, |i| {
        straightforward::DayDomains::new(Variant::C, days[i as usize])
            .map(steps)
            .sum()
    })
}

/// The days of `range` whose position is `part` modulo `parts`.
pub fn part_days(range: DateRange, part: u64, parts: u64) -> Vec<NaiveDate> {
    range
        .iter()
        .enumerate()
        .filter(|(i, _)| *i as u64 % parts == part)
        .map(|(_, d)| d)
        .collect()
}

/// Sums the steps of every name of the lists it is given.
struct StepCount<'a> {
    next: &'a dyn Fn() -> Option<(Variant, NaiveDate)>,
    steps: u64,
}

impl Lists for StepCount<'_> {
    fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
        (self.next)()
    }
    #[inline]
    fn name(&mut self, _: Variant, _: NaiveDate, _: u32, domain: Domain) {
        self.steps += steps(domain);
    }
}

/// Generates the `lists` interleaved on `threads` threads and returns the steps taken.
pub fn interleaved_steps(lists: &[(Variant, NaiveDate)], threads: usize) -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let take = || lists.get(next.fetch_add(1, Ordering::Relaxed)).copied();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut count = StepCount {
                            next: &take,
                            steps: 0,
                        };
                        generate_interleaved(&mut count);
                        count.steps
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("worker")).sum()
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = threads;
        let next = std::cell::Cell::new(0);
        let take = || {
            let i = next.get();
            next.set(i + 1);
            lists.get(i).copied()
        };
        let mut count = StepCount {
            next: &take,
            steps: 0,
        };
        generate_interleaved(&mut count);
        count.steps
    }
}

/// The C lists of `range` whose position is `part` modulo `parts`.
pub fn c_lists(range: DateRange, part: u64, parts: u64) -> Vec<(Variant, NaiveDate)> {
    part_days(range, part, parts)
        .into_iter()
        .map(|d| (Variant::C, d))
        .collect()
}

/// One day's list through the public iterator: the latency of one chain.
pub fn one_day(variant: Variant, date: NaiveDate) -> u64 {
    DayDomains::new(variant, date).map(steps).sum()
}

/// A deterministic spread of 64-bit values (SplitMix64).
pub struct Spread(u64);

impl Spread {
    pub fn new(seed: u64) -> Spread {
        Spread(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `count` names a variant could have made, of lengths and suffixes drawn from all
/// three; every hundredth is a real name of `real_from` (so that matches are found).
pub fn names(count: usize, variants: &[Variant], real_from: (Variant, NaiveDate)) -> Vec<String> {
    let mut spread = Spread::new(count as u64);
    let mut real = DayDomains::new(real_from.0, real_from.1);
    (0..count)
        .map(|i| {
            if i % 100 == 0 {
                if let Some(d) = real.next() {
                    return d.to_string(real_from.0);
                }
            }
            let variant = variants[spread.below(variants.len())];
            variant.shaped_name(|n| spread.below(n))
        })
        .collect()
}

/// A digest of a check: hits and where they are.
pub fn run_sum(run: &CheckRun) -> u64 {
    run.lines()
        .flat_map(|r| r.hits)
        .fold(run.days_done(), |a, h| {
            a.wrapping_mul(31)
                .wrapping_add(h.index as u64 + h.date.num_days_from_ce() as u64)
        })
}

/// The fast checker over `range`, parsing included: on all cores when `parts` is 1, else
/// as one of the page's `parts` workers, its run of days interleaved.
pub fn check(names: &[String], range: DateRange, part: u64, parts: u64) -> u64 {
    let mut run = CheckRun::new(names.iter().map(String::as_str), VariantSet::ALL, range);
    if parts == 1 {
        run.run(&mut Unmonitored);
        return run_sum(&run);
    }
    // The page gives each worker a run of days.
    let Some(&days) = range.split(parts).get(part as usize) else {
        return run_sum(&run);
    };
    let mut found = Vec::new();
    run.checker().scan(days, &mut found);
    for (target, hit) in found {
        run.record(target, hit);
    }
    run.add_days(days.days());
    run_sum(&run)
}

/// The straightforward checker: the same parsed names in a hash map, each day of each
/// needed variant generated and each name looked up, days spread over threads.
pub fn straightforward_check(
    names: &[String],
    range: DateRange,
    part: u64,
    parts: u64,
    threads: usize,
) -> u64 {
    let mut targets: [FxHashMap<Domain, u32>; 3] = Default::default();
    for (i, name) in names.iter().enumerate() {
        for (variant, domain) in parse_name(name, VariantSet::ALL).candidates {
            targets[variant.index()].insert(domain, i as u32);
        }
    }
    let needed: Vec<Variant> = Variant::ALL
        .into_iter()
        .filter(|v| !targets[v.index()].is_empty())
        .collect();
    let days = part_days(range, part, parts);
    on_threads(threads, days.len() as u64, |i| {
        let mut found = Vec::new();
        for &variant in &needed {
            let targets = &targets[variant.index()];
            straightforward::scan_day(targets, variant, days[i as usize], &mut found);
        }
        found.iter().fold(0u64, |a, &(t, index)| {
            a.wrapping_add(((t as u64) << 32) + index as u64)
        })
    })
}
