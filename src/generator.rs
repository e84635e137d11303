//! A day's list: each name takes one step for its length, one per letter and one for
//! its suffix, in that order.

use chrono::NaiveDate;

use crate::domain::Domain;
use crate::prng::{output, seed, step, step_exact};
use crate::variant::{Constants, Variant};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod simd128;

/// The letter the worm computes as `'a' + abs(out) % 26`, as an index from 'a'.
/// For `out == i32::MIN`, C's `abs` leaves it negative, the remainder is -24 and the
/// worm writes 'I' ('a' - 24); DNS names are case-insensitive, so we list it as 'i'.
#[inline]
pub fn letter(out: i32) -> u8 {
    let r = out.wrapping_abs() % 26;
    if r < 0 {
        (r + 32) as u8
    } else {
        r as u8
    }
}

/// The number of letters of the next name.
#[inline]
pub fn length(variant: Variant, out: i32) -> u32 {
    match variant {
        Variant::A | Variant::B => (out % 4 + 8) as u32,
        Variant::C => (out % 6).unsigned_abs() + 4,
    }
}

/// The index into the variant's suffix table. For C and `out == i32::MIN` the worm
/// reads eight entries before its table, memory we cannot know; we take the magnitude,
/// 2^31 mod 116 = 8.
#[inline]
pub fn suffix_index(variant: Variant, out: i32) -> usize {
    match variant {
        Variant::A => (out as u32 % 5) as usize,
        Variant::B => (out & 7) as usize,
        Variant::C => (out.unsigned_abs() % 116) as usize,
    }
}

/// The names of one (variant, UTC date), in generation order, without allocating.
#[derive(Clone, Debug)]
pub struct DayDomains {
    variant: Variant,
    constants: Constants,
    key: u64,
    remaining: u32,
    /// Evaluate FSIN and ln at every step. A flag rather than a function pointer, so
    /// that the usual step is inlined (an indirect call per step costs a fifth of the
    /// step in WebAssembly).
    exact: bool,
}

impl DayDomains {
    pub fn new(variant: Variant, date: NaiveDate) -> DayDomains {
        Self::with_step(variant, date, false)
    }

    /// The same list computed by the definition, evaluating FSIN and ln at every step.
    pub fn exact(variant: Variant, date: NaiveDate) -> DayDomains {
        Self::with_step(variant, date, true)
    }

    fn with_step(variant: Variant, date: NaiveDate, exact: bool) -> Self {
        let constants = variant.constants();
        DayDomains {
            variant,
            constants,
            key: seed(&constants, date),
            remaining: variant.domains_per_day(),
            exact,
        }
    }

    #[inline]
    fn next_out(&mut self) -> i32 {
        self.key = if self.exact {
            step_exact(self.key, &self.constants)
        } else {
            step(self.key, &self.constants)
        };
        output(self.key)
    }
}

impl Iterator for DayDomains {
    type Item = Domain;

    #[inline]
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

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining as usize, Some(self.remaining as usize))
    }
}

/// A day's names as strings, in generation order.
pub fn day_list(variant: Variant, date: NaiveDate) -> Vec<String> {
    DayDomains::new(variant, date)
        .map(|d| d.to_string(variant))
        .collect()
}

/// The consumer of lists generated side by side by [`generate_interleaved`].
pub trait Lists {
    /// The next list to generate, or `None` when there are no more.
    fn next_list(&mut self) -> Option<(Variant, NaiveDate)>;
    /// Every name of every list; within a list, in generation order.
    fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain);
    /// All names of the list have been passed to [`Lists::name`].
    fn finished(&mut self, _variant: Variant, _date: NaiveDate) {}
    /// Polled after every few thousand steps; `true` abandons the lists under way.
    fn stop(&mut self) -> bool {
        false
    }
}

/// Lists generated at once by one thread. A step waits about 25 cycles for the one
/// before it; independent chains fill that wait, and with AVX-512 a vector holds eight.
pub const LANES: usize = 32;
/// Steps each chain takes between two rounds of name drawing.
const BLOCK: usize = 32;

/// The guards under which a step is `((p * x + CON_DBL) * x)` alone, exactly as
/// [`step`] computes it (see there): p = key * CON_RAND at least 2^54, the key below
/// 2^63 - 1024 (so that x, even rounded, stays below 2^63 and the signed conversion
/// equals the unsigned one), and the result at least 2^60, compared as the integer of
/// its bits (negative results compare below). The product's guard holds for any
/// conversion that rounds as `product as f64` does: natively, and in SIMD128 (see
/// `simd128::u64x2_to_f64x2`).
#[cfg(not(all(target_arch = "wasm32", not(target_feature = "simd128"))))]
const SINE_FREE_PRODUCT: u64 = 1 << 54;
/// Two bits more, so that [`round_to_odd_f64`] converts exactly.
#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
const SINE_FREE_PRODUCT: u64 = 1 << 55;
const MAX_FAST_KEY: u64 = (1 << 63) - 1024;
const LOG_FREE_BITS: i64 = 0x43B0_0000_0000_0000; // 2^60
/// A key parked in an idle chain: it is stepped but never read.
const IDLE_KEY: u64 = 0x4700_0000_0000_0000;

/// The step chains of one round, side by side (lane-minor, for vector registers).
struct Chains {
    keys: [u64; LANES],
    con_rand: [u64; LANES],
    con_dbl: [f64; LANES],
    /// The key after each step of the block.
    after: [[u64; LANES]; BLOCK],
    /// Before step `s` of the block (row `s`) and after the last (row `BLOCK`): the
    /// letters of all steps so far, packed as in [`Domain`], oldest shifted out. A
    /// name's letters are the low 5n bits of the row of its suffix step.
    letters: [[u64; LANES]; BLOCK + 1],
    /// How many steps of the block each chain took exactly.
    exact: [u32; LANES],
    /// Whether each chain draws C's names (else A's or B's, which share their lengths).
    is_c: [bool; LANES],
    /// The length a name would have if it started at each step of the block: computed in
    /// the vector pass, so that the drawing walk's chain from one name's start to the next
    /// is a load and an add. Not in WebAssembly, where filling it took longer than the walk
    /// it saves (2.3 times the time of a whole year of C in Node, SIMD128 build).
    #[cfg(not(target_arch = "wasm32"))]
    lengths: [[u8; LANES]; BLOCK],
}

impl Chains {
    /// The length of a name whose first step is step `at` of chain `l`.
    #[inline(always)]
    fn length_at(&self, at: usize, l: usize) -> u32 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.lengths[at][l] as u32;
        #[cfg(target_arch = "wasm32")]
        return name_length(self.is_c[l], output(self.after[at][l])) as u32;
    }
}

/// The 1-based letter of an output: [`letter`] without branches, so that it vectorizes.
#[inline(always)]
fn digit(out: i32) -> u64 {
    let r = out.wrapping_abs() % 26;
    (r + 1 + ((r >> 31) & 32)) as u64
}

/// [`length`] without branches on the variant, so that it vectorizes.
#[inline(always)]
fn name_length(is_c: bool, out: i32) -> u8 {
    // C's |out % 6| is |out| mod 6: one unsigned remainder, cheaper in vectors.
    let a_or_b = (out % 4 + 8) as u32;
    let c = out.unsigned_abs() % 6 + 4;
    (if is_c { c } else { a_or_b }) as u8
}

/// `v as f64` for `v >= 2^55`, through a signed conversion: halving keeps the lost bit
/// as a sticky bit (round to odd), which with two bits to spare rounds as the direct
/// conversion does. WebAssembly engines convert unsigned integers with a branch on the
/// top bit, which random products mispredict half the time; this has none.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn round_to_odd_f64(v: u64) -> f64 {
    (((v >> 1) | (v & 1)) as i64 as f64) * 2.0
}

/// The product as a double; exact whenever the product passes the guard.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn product_to_f64(product: u64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        round_to_odd_f64(product)
    } else {
        product as f64
    }
}

/// Advances every chain [`BLOCK`] steps without FSIN and ln, noting for each chain
/// how many steps came before the first that the guards do not cover.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn advance_block(c: &mut Chains) {
    let mut exact = [BLOCK as u32; LANES];
    let mut keys = c.keys;
    for s in 0..BLOCK {
        for (l, (first, after)) in exact.iter_mut().zip(&mut c.after[s]).enumerate() {
            let key = keys[l];
            let product = key.wrapping_mul(c.con_rand[l]);
            let x = key as i64 as f64;
            let next = ((product_to_f64(product) * x + c.con_dbl[l]) * x).to_bits();
            let unguarded = (product < SINE_FREE_PRODUCT)
                | (key >= MAX_FAST_KEY)
                | ((next as i64) < LOG_FREE_BITS);
            *first = (*first).min(if unguarded { s as u32 } else { BLOCK as u32 });
            *after = next;
            keys[l] = next;
        }
    }
    c.keys = keys;
    c.letters[0] = c.letters[BLOCK];
    for s in 0..BLOCK {
        let (before, rest) = c.letters.split_at_mut(s + 1);
        for ((next, &prev), &key) in rest[0].iter_mut().zip(&before[s]).zip(&c.after[s]) {
            *next = (prev << 5) | digit(output(key));
        }
    }
    c.exact = exact;
    #[cfg(not(target_arch = "wasm32"))]
    name_lengths(c);
}

/// Fills [`Chains::lengths`] from the keys of the block.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn name_lengths(c: &mut Chains) {
    for (lengths, after) in c.lengths.iter_mut().zip(&c.after) {
        for ((length, &key), &is_c) in lengths.iter_mut().zip(after).zip(&c.is_c) {
            *length = name_length(is_c, output(key));
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn advance_block_avx512(c: &mut Chains) {
    advance_block(c)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn advance_block_avx2(c: &mut Chains) {
    advance_block(c)
}

/// The vector units this CPU offers, asked once per [`generate_interleaved`].
#[derive(Clone, Copy, Debug)]
struct Isa {
    #[cfg(target_arch = "x86_64")]
    avx512: bool,
    #[cfg(target_arch = "x86_64")]
    avx2: bool,
}

impl Isa {
    /// Every code path this CPU can run: plain scalar code (as in WebAssembly without
    /// SIMD128), then each vector extension it has.
    #[cfg(test)]
    fn all_available() -> Vec<Isa> {
        let best = Isa::detect();
        #[cfg(target_arch = "x86_64")]
        {
            let mut isas = vec![Isa {
                avx512: false,
                avx2: false,
            }];
            if best.avx2 {
                isas.push(Isa {
                    avx512: false,
                    avx2: true,
                });
            }
            if best.avx512 {
                isas.push(best);
            }
            isas
        }
        #[cfg(not(target_arch = "x86_64"))]
        vec![best]
    }

    fn detect() -> Isa {
        Isa {
            #[cfg(target_arch = "x86_64")]
            avx512: std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512dq")
                && std::is_x86_feature_detected!("avx512vl"),
            #[cfg(target_arch = "x86_64")]
            avx2: std::is_x86_feature_detected!("avx2"),
        }
    }

    fn advance_block(self, c: &mut Chains) {
        #[cfg(target_arch = "x86_64")]
        if self.avx512 {
            // SAFETY: the CPU has the features, checked in `detect`.
            return unsafe { advance_block_avx512(c) };
        }
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: as above.
            return unsafe { advance_block_avx2(c) };
        }
        // A WebAssembly module built with SIMD128 runs only where the engine has it.
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return simd128::advance_block(c);
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        advance_block(c)
    }
}

/// One chain's list, and where its next name stands relative to the block.
struct Lane {
    list: Option<(Variant, NaiveDate)>,
    constants: Constants,
    next_index: u32,
    /// The next name's length, once drawn; 0 before.
    length: u32,
    /// The step of the next name's length (while `length` is 0) or suffix, counted
    /// from the block's first step.
    at: usize,
}

impl Lane {
    /// Draws every name the block completes; returns whether the list is complete.
    #[inline]
    fn draw(&mut self, chains: &Chains, l: usize, taken: usize, lists: &mut impl Lists) -> bool {
        let Some((variant, date)) = self.list else {
            return false;
        };
        let total = variant.domains_per_day();
        loop {
            if self.length == 0 {
                if self.at >= taken {
                    break;
                }
                self.length = chains.length_at(self.at, l);
                self.at += self.length as usize + 1;
            }
            if self.at >= taken {
                break;
            }
            let letters = chains.letters[self.at][l] & ((1 << (5 * self.length)) - 1);
            let suffix = suffix_index(variant, output(chains.after[self.at][l]));
            lists.name(
                variant,
                date,
                self.next_index,
                Domain::from_parts(letters, suffix),
            );
            self.next_index += 1;
            if self.next_index == total {
                return true;
            }
            self.length = 0;
            self.at += 1;
        }
        self.at -= taken;
        false
    }
}

/// Generates the lists `lists` asks for, many at once, exactly as [`DayDomains`] does.
/// Each list's names reach [`Lists::name`] in order; lists interleave.
pub fn generate_interleaved(lists: &mut impl Lists) {
    generate_with(lists, Isa::detect());
}

fn generate_with(lists: &mut impl Lists, isa: Isa) {
    let mut chains = Box::new(Chains {
        keys: [IDLE_KEY; LANES],
        con_rand: [0; LANES],
        con_dbl: [0.0; LANES],
        after: [[0; LANES]; BLOCK],
        letters: [[0; LANES]; BLOCK + 1],
        exact: [0; LANES],
        is_c: [false; LANES],
        #[cfg(not(target_arch = "wasm32"))]
        lengths: [[0; LANES]; BLOCK],
    });
    let mut lanes: Vec<Lane> = (0..LANES)
        .map(|_| Lane {
            list: None,
            constants: Variant::A.constants(),
            next_index: 0,
            length: 0,
            at: 0,
        })
        .collect();
    let mut active = 0;
    for (l, lane) in lanes.iter_mut().enumerate() {
        active += start(lane, &mut chains, l, lists) as usize;
    }
    while active > 0 {
        if lists.stop() {
            return;
        }
        let before = chains.keys;
        isa.advance_block(&mut chains);
        for (l, lane) in lanes.iter_mut().enumerate() {
            if lane.list.is_none() {
                chains.keys[l] = IDLE_KEY;
                continue;
            }
            let exact = chains.exact[l] as usize;
            let taken = if exact < BLOCK {
                let key = if exact == 0 {
                    before[l]
                } else {
                    chains.after[exact - 1][l]
                };
                let next = step(key, &lane.constants);
                chains.after[exact][l] = next;
                chains.letters[exact + 1][l] =
                    (chains.letters[exact][l] << 5) | digit(output(next));
                chains.letters[BLOCK][l] = chains.letters[exact + 1][l];
                #[cfg(not(target_arch = "wasm32"))]
                {
                    chains.lengths[exact][l] = name_length(chains.is_c[l], output(next));
                }
                chains.keys[l] = next;
                exact + 1
            } else {
                BLOCK
            };
            if lane.draw(&chains, l, taken, lists) {
                let (variant, date) = lane.list.take().expect("an active lane has a list");
                lists.finished(variant, date);
                if !start(lane, &mut chains, l, lists) {
                    active -= 1;
                }
            }
        }
    }
}

/// Gives the lane the next list, if there is one.
fn start(lane: &mut Lane, chains: &mut Chains, l: usize, lists: &mut impl Lists) -> bool {
    let Some((variant, date)) = lists.next_list() else {
        lane.list = None;
        chains.keys[l] = IDLE_KEY;
        return false;
    };
    let constants = variant.constants();
    lane.list = Some((variant, date));
    lane.constants = constants;
    lane.next_index = 0;
    lane.length = 0;
    lane.at = 0;
    chains.keys[l] = seed(&constants, date);
    chains.con_rand[l] = constants.con_rand;
    chains.con_dbl[l] = constants.con_dbl;
    chains.is_c[l] = variant == Variant::C;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_c_semantics_including_abs_of_int_min() {
        assert_eq!(letter(0), 0);
        assert_eq!(letter(27), 1);
        assert_eq!(letter(-27), 1);
        assert_eq!(letter(i32::MAX), (i32::MAX % 26) as u8);
        assert_eq!(b'a' + letter(i32::MIN), b'i');
    }

    #[test]
    fn lengths_span_the_published_ranges() {
        assert_eq!(length(Variant::A, -3), 5);
        assert_eq!(length(Variant::A, 3), 11);
        assert_eq!(length(Variant::A, 4), 8);
        assert_eq!(length(Variant::A, -4), 8);
        assert_eq!(length(Variant::C, -5), 9);
        assert_eq!(length(Variant::C, 6), 4);
        assert_eq!(length(Variant::C, i32::MIN), 6);
    }

    #[test]
    fn vector_lengths_equal_the_definition() {
        let mut out = 0i32;
        for i in 0..1_000_000 {
            out = out.wrapping_mul(1_103_515_245).wrapping_add(12_345 + i);
            for v in [out, i32::MIN, i32::MAX, -1, 0, 1] {
                for variant in Variant::ALL {
                    let want = length(variant, v);
                    assert_eq!(name_length(variant == Variant::C, v) as u32, want, "{v}");
                }
            }
        }
    }

    #[test]
    fn suffix_indexes_follow_each_variant() {
        assert_eq!(suffix_index(Variant::A, -1), (u32::MAX % 5) as usize);
        assert_eq!(suffix_index(Variant::B, -1), 7);
        assert_eq!(suffix_index(Variant::C, -117), 1);
        assert_eq!(suffix_index(Variant::C, i32::MIN), 8);
    }

    /// Collects interleaved lists by (variant, date).
    struct Collect {
        todo: Vec<(Variant, NaiveDate)>,
        lists: std::collections::HashMap<(Variant, NaiveDate), Vec<Domain>>,
        finished: usize,
    }

    impl Lists for Collect {
        fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
            self.todo.pop()
        }
        fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
            let list = self.lists.entry((variant, date)).or_default();
            assert_eq!(list.len(), index as usize);
            list.push(domain);
        }
        fn finished(&mut self, _: Variant, _: NaiveDate) {
            self.finished += 1;
        }
    }

    fn days(variant: Variant, from: NaiveDate, count: u64) -> Vec<(Variant, NaiveDate)> {
        (0..count)
            .map(|i| (variant, from + chrono::Days::new(i)))
            .collect()
    }

    /// Generates `todo` interleaved with each code path and compares every list
    /// with `reference`; returns the steps compared.
    fn compare_interleaved(
        todo: Vec<(Variant, NaiveDate)>,
        reference: fn(Variant, NaiveDate) -> DayDomains,
    ) -> u64 {
        let isas = Isa::all_available();
        let generated: Vec<_> = isas
            .iter()
            .map(|&isa| {
                let mut collect = Collect {
                    todo: todo.clone(),
                    lists: Default::default(),
                    finished: 0,
                };
                generate_with(&mut collect, isa);
                assert_eq!(collect.finished, todo.len());
                collect.lists
            })
            .collect();
        let mut steps = 0;
        for &(variant, date) in &todo {
            let want: Vec<Domain> = reference(variant, date).collect();
            steps += want
                .iter()
                .map(|d| d.letter_count() as u64 + 2)
                .sum::<u64>();
            for (isa, lists) in isas.iter().zip(&generated) {
                assert!(
                    lists[&(variant, date)] == want,
                    "{variant} {date} with {isa:?}"
                );
            }
        }
        steps
    }

    #[test]
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn round_to_odd_converts_large_integers_exactly() {
        let mut state = 3u64;
        for i in 0..1_000_000u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Every width from 56 to 64 bits, with the low bits that decide rounding.
            let v = (state | (1 << 63)) >> (i % 9);
            let v = v ^ (i & 3);
            assert_eq!(round_to_odd_f64(v), v as f64, "{v:#x}");
        }
        for v in [
            1 << 55,
            (1 << 55) + 3,
            (1 << 56) - 1,
            u64::MAX,
            (1 << 63) + 0x3FF,
        ] {
            assert_eq!(round_to_odd_f64(v), v as f64, "{v:#x}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn interleaved_lists_equal_the_sequential_ones() {
        let from = NaiveDate::from_ymd_opt(2009, 1, 1).unwrap();
        let mut todo = days(Variant::A, from, 150);
        todo.extend(days(Variant::C, from, 12));
        todo.extend(days(Variant::B, from, 150));
        compare_interleaved(todo, DayDomains::new);
    }

    /// The fast paths (guarded vector blocks, the bounded sine, the scalar [`step`]) against
    /// the definition, which evaluates FSIN and ln at every step: at least 10^8 steps of
    /// each variant. Minutes of work in release mode; `make test` runs it natively and,
    /// built for SIMD128, in Node and in headless Chromium.
    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[ignore]
    fn fast_paths_equal_the_definition_over_a_hundred_million_steps_per_variant() {
        const STEPS: u64 = 100_000_000;
        let run = |variant: Variant| {
            let steps_per_day = match variant {
                Variant::C => 425_000,
                _ => 2_375,
            };
            let count = STEPS / steps_per_day + STEPS / steps_per_day / 50;
            compare_interleaved(
                days(variant, variant.first_seen(), count),
                DayDomains::exact,
            )
        };
        // A thread per variant natively; WebAssembly has one.
        #[cfg(not(target_arch = "wasm32"))]
        let steps: Vec<u64> = std::thread::scope(|scope| {
            let runs: Vec<_> = Variant::ALL
                .into_iter()
                .map(|variant| scope.spawn(move || run(variant)))
                .collect();
            runs.into_iter().map(|run| run.join().unwrap()).collect()
        });
        #[cfg(target_arch = "wasm32")]
        let steps: Vec<u64> = Variant::ALL.into_iter().map(run).collect();
        for (variant, steps) in Variant::ALL.into_iter().zip(steps) {
            assert!(steps >= STEPS, "{variant}: only {steps} steps");
            #[cfg(not(target_arch = "wasm32"))]
            eprintln!("{variant}: {steps} steps equal");
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_test::console_log!("{variant}: {steps} steps equal");
        }
    }

    #[test]
    fn a_day_has_the_variants_count() {
        let d = NaiveDate::from_ymd_opt(2009, 4, 1).unwrap();
        assert_eq!(DayDomains::new(Variant::A, d).count(), 250);
        assert_eq!(DayDomains::new(Variant::C, d).count(), 50_000);
    }
}
