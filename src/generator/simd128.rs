//! The interleaved block in WebAssembly SIMD128, two chains to a vector.
//!
//! WebAssembly has no vector conversion of 64-bit integers to doubles, and needs none: a
//! 64-bit integer is two 32-bit halves, and those convert exactly.

use core::arch::wasm32::*;

use super::{Chains, BLOCK, LANES, LOG_FREE_BITS, MAX_FAST_KEY, SINE_FREE_PRODUCT};

/// Vectors advanced together: enough independent chains to fill a step's latency, few
/// enough that an engine keeps them in registers.
const GROUP: usize = 4;

/// `v as f64` in each lane, rounded to nearest even like the scalar conversion. Each
/// 32-bit half is put in the mantissa of a double whose exponent scales it: `2^52 + lo` and
/// `2^84 + hi * 2^32`, both exact. Subtracting `2^84 + 2^52` from the second is exact too
/// (a multiple of 2^32 below 2^64), and adding the first is one correctly rounded addition
/// of two exact doubles whose sum is `v`. The product's double is thus the one native code
/// computes, and the native guard (2^54) holds unchanged. (The same sequence compilers
/// emit for a scalar unsigned conversion on x86-64 without AVX-512.)
#[inline(always)]
pub fn u64x2_to_f64x2(v: v128) -> v128 {
    const TWO_52: u64 = 0x4330_0000_0000_0000;
    const TWO_84: u64 = 0x4530_0000_0000_0000;
    let lo = v128_or(v128_and(v, u64x2_splat(0xFFFF_FFFF)), u64x2_splat(TWO_52));
    let hi = v128_or(u64x2_shr(v, 32), u64x2_splat(TWO_84));
    let hi = f64x2_sub(
        hi,
        f64x2_splat(f64::from_bits(TWO_84) + f64::from_bits(TWO_52)),
    );
    f64x2_add(hi, lo)
}

/// `a < b` as unsigned 64-bit integers: SIMD128 compares 64-bit lanes signed only, and
/// flipping the sign bit of both maps unsigned order onto signed order.
#[inline(always)]
fn u64x2_lt(a: v128, b: v128) -> v128 {
    let sign = u64x2_splat(1 << 63);
    i64x2_lt(v128_xor(a, sign), v128_xor(b, sign))
}

/// `ceil(2^36 / 26)`: for `a <= 2^31`, `(a * MAGIC) >> 36 == a / 26`. MAGIC is
/// `(2^36 + 12) / 26`, so `a * MAGIC / 2^36 = a / 26 + 12 a / (26 * 2^36)`; the second term
/// is below 12 / (26 * 32) < 1/26, and the fraction of `a / 26` is at most 25/26, so the
/// floor does not change.
const BY_26: u32 = 2_643_056_798;

/// [`super::digit`] of four outputs (32-bit lanes); SIMD128 has no integer division.
#[inline(always)]
fn digits(out: v128) -> v128 {
    // i32::MIN stays itself, 2^31 as an unsigned magnitude, as `wrapping_abs` leaves it.
    let magnitude = i32x4_abs(out);
    let by = u32x4_splat(BY_26);
    let quotient = i32x4_shuffle::<0, 2, 4, 6>(
        u64x2_shr(u64x2_extmul_low_u32x4(magnitude, by), 36),
        u64x2_shr(u64x2_extmul_high_u32x4(magnitude, by), 36),
    );
    let rest = i32x4_sub(magnitude, i32x4_mul(quotient, i32x4_splat(26)));
    // For i32::MIN, `digit` sees the remainder negative (-24) and adds 32.
    let negative = i32x4_shr(magnitude, 31);
    let rest = i32x4_sub(v128_xor(rest, negative), negative);
    i32x4_add(
        i32x4_add(rest, i32x4_splat(1)),
        v128_and(negative, i32x4_splat(32)),
    )
}

#[inline(always)]
fn load<T>(from: &[T]) -> v128 {
    assert!(std::mem::size_of_val(from) >= 16);
    // SAFETY: at least 16 bytes, checked above; WebAssembly loads need no alignment.
    unsafe { v128_load(from.as_ptr() as *const v128) }
}

#[inline(always)]
fn store<T>(to: &mut [T], v: v128) {
    assert!(std::mem::size_of_val(to) >= 16);
    // SAFETY: as in `load`.
    unsafe { v128_store(to.as_mut_ptr() as *mut v128, v) }
}

/// [`super::advance_block`] in vectors: the same arithmetic and guards, bit for bit.
pub(super) fn advance_block(c: &mut Chains) {
    let no_sine = u64x2_splat(SINE_FREE_PRODUCT);
    let fast_key = u64x2_splat(MAX_FAST_KEY);
    let log_free = i64x2_splat(LOG_FREE_BITS);
    for first in (0..LANES).step_by(2 * GROUP) {
        let lanes = |v: usize| first + 2 * v..first + 2 * v + 2;
        let mut keys: [v128; GROUP] = std::array::from_fn(|v| load(&c.keys[lanes(v)]));
        let con_rand: [v128; GROUP] = std::array::from_fn(|v| load(&c.con_rand[lanes(v)]));
        let con_dbl: [v128; GROUP] = std::array::from_fn(|v| load(&c.con_dbl[lanes(v)]));
        // All ones while every step so far was guarded; `exact` counts those steps.
        let mut guarded = [u64x2_splat(u64::MAX); GROUP];
        let mut exact = [u64x2_splat(0); GROUP];
        for s in 0..BLOCK {
            for v in 0..GROUP {
                let key = keys[v];
                let product = i64x2_mul(key, con_rand[v]);
                let x = u64x2_to_f64x2(key);
                let next = f64x2_mul(
                    f64x2_add(f64x2_mul(u64x2_to_f64x2(product), x), con_dbl[v]),
                    x,
                );
                let unguarded = v128_or(
                    v128_or(
                        u64x2_lt(product, no_sine),
                        v128_not(u64x2_lt(key, fast_key)),
                    ),
                    i64x2_lt(next, log_free),
                );
                guarded[v] = v128_andnot(guarded[v], unguarded);
                exact[v] = i64x2_sub(exact[v], guarded[v]);
                store(&mut c.after[s][lanes(v)], next);
                keys[v] = next;
            }
        }
        for v in 0..GROUP {
            store(&mut c.keys[lanes(v)], keys[v]);
            let [l0, l1] = [lanes(v).start, lanes(v).start + 1];
            c.exact[l0] = u64x2_extract_lane::<0>(exact[v]) as u32;
            c.exact[l1] = u64x2_extract_lane::<1>(exact[v]) as u32;
        }
    }
    c.letters[0] = c.letters[BLOCK];
    for s in 0..BLOCK {
        let (before, rest) = c.letters.split_at_mut(s + 1);
        for l in (0..LANES).step_by(4) {
            let outs = i32x4_shuffle::<0, 2, 4, 6>(
                load(&c.after[s][l..l + 2]),
                load(&c.after[s][l + 2..l + 4]),
            );
            let digits = digits(outs);
            let low = v128_or(
                i64x2_shl(load(&before[s][l..l + 2]), 5),
                u64x2_extend_low_u32x4(digits),
            );
            let high = v128_or(
                i64x2_shl(load(&before[s][l + 2..l + 4]), 5),
                u64x2_extend_high_u32x4(digits),
            );
            store(&mut rest[0][l..l + 2], low);
            store(&mut rest[0][l + 2..l + 4], high);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn halves_convert_like_the_scalar_conversion() {
        let mut state = 5u64;
        for i in 0..1_000_000u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Every width, with the low bits that decide rounding.
            let a = state >> (i % 64);
            let b = (state >> (i % 61)) ^ (i & 3);
            let got = u64x2_to_f64x2(u64x2(a, b));
            assert_eq!(f64x2_extract_lane::<0>(got).to_bits(), (a as f64).to_bits());
            assert_eq!(f64x2_extract_lane::<1>(got).to_bits(), (b as f64).to_bits());
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn digits_equal_the_scalar_digit() {
        let edges = [
            i32::MIN,
            i32::MIN + 1,
            -27,
            -26,
            -25,
            -1,
            0,
            1,
            25,
            26,
            i32::MAX,
        ];
        let mut values: Vec<i32> = edges.to_vec();
        // Every multiple of 26 near the top of the range, and its neighbours.
        for q in (i32::MAX / 26 - 100_000)..=(i32::MAX / 26) {
            for d in [-1, 0, 1] {
                values.push((q * 26).wrapping_add(d));
                values.push((q * -26).wrapping_add(d));
            }
        }
        let mut state = 7u32;
        for _ in 0..1_000_000 {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            values.push(state as i32);
        }
        for four in values.chunks_exact(4) {
            let got = digits(i32x4(four[0], four[1], four[2], four[3]));
            let got = [
                i32x4_extract_lane::<0>(got),
                i32x4_extract_lane::<1>(got),
                i32x4_extract_lane::<2>(got),
                i32x4_extract_lane::<3>(got),
            ];
            for (&out, got) in four.iter().zip(got) {
                assert_eq!(got as u64, super::super::digit(out), "{out}");
            }
        }
    }
}
