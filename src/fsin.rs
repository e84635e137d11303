//! The x87 `FSIN` instruction, as the worm's PRNG sees it.
//!
//! FSIN reduces its argument modulo a 66-bit approximation of pi, so for the large
//! integers the PRNG feeds it, its answer differs from the true sine (which any libm
//! returns) in the leading digits. We reduce exactly with 128-bit integers, take the
//! sine of the small remainder in double-double arithmetic (about 104 bits), and round
//! it as the x87 does: to a 64-bit significand, then to a double on the store.

/// pi to 66 bits, as the x87 holds it: `PI66 / 2^64`.
const PI66: u128 = 0x3_243F_6A88_85A3_08D3;

/// FSIN's operand limit: larger magnitudes are left unchanged (the x87 sets C2).
const OUT_OF_RANGE: f64 = 9_223_372_036_854_775_808.0; // 2^63

/// The double the worm stores after `FSIN` on `x`.
pub fn fsin(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        // x87 invalid operation: the default "indefinite" NaN.
        return f64::NAN;
    }
    if x.abs() >= OUT_OF_RANGE {
        return x;
    }
    if x.abs() < 1.5 {
        // Below PI66/2 there is nothing to reduce and x is itself the exact argument.
        return round_like_x87(sin_dd(DoubleDouble::from(x)));
    }
    let negative = x < 0.0;
    // |x| >= 1.5 has no bits below 2^-52, so |x| * 2^64 is an exact integer below 2^127.
    let scaled = fixed_point(x.abs());
    let k = (scaled + PI66 / 2) / PI66;
    let rest = scaled as i128 - (k * PI66) as i128;
    let sine = sin_dd(DoubleDouble::from_fixed_point(rest));
    let flip = negative ^ (k % 2 == 1);
    let s = round_like_x87(sine);
    if flip {
        -s
    } else {
        s
    }
}

/// `x * 2^64` as an integer, for 1.5 <= x < 2^63.
fn fixed_point(x: f64) -> u128 {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7FF) as i32 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    (mantissa as u128) << (exponent + 64)
}

/// An unevaluated sum `hi + lo` with `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug)]
struct DoubleDouble {
    hi: f64,
    lo: f64,
}

impl From<f64> for DoubleDouble {
    fn from(x: f64) -> Self {
        DoubleDouble { hi: x, lo: 0.0 }
    }
}

impl DoubleDouble {
    /// `value / 2^64`, exactly: |value| < 2^66 needs at most 66 bits, and a double-double
    /// holds 106.
    fn from_fixed_point(value: i128) -> Self {
        let scale = 2f64.powi(-64);
        let hi = value as f64;
        let lo = (value - hi as i128) as f64;
        DoubleDouble {
            hi: hi * scale,
            lo: lo * scale,
        }
    }

    fn add(self, other: DoubleDouble) -> DoubleDouble {
        let (s, e) = two_sum(self.hi, other.hi);
        let (t, f) = two_sum(self.lo, other.lo);
        let (s, e) = quick_two_sum(s, e + t);
        let (hi, lo) = quick_two_sum(s, e + f);
        DoubleDouble { hi, lo }
    }

    fn mul(self, other: DoubleDouble) -> DoubleDouble {
        let (p, e) = two_prod(self.hi, other.hi);
        let e = e + (self.hi * other.lo + self.lo * other.hi);
        let (hi, lo) = quick_two_sum(p, e);
        DoubleDouble { hi, lo }
    }

    fn div_f64(self, d: f64) -> DoubleDouble {
        let q1 = self.hi / d;
        let (p, e) = two_prod(q1, d);
        let (s, f) = two_sum(self.hi, -p);
        let q2 = (s + (f - e + self.lo)) / d;
        let (hi, lo) = quick_two_sum(q1, q2);
        DoubleDouble { hi, lo }
    }
}

fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// Dekker's split, so that products are exact without relying on a fused multiply-add
/// (which WebAssembly lacks).
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a; // 2^27 + 1
    let hi = t - (t - a);
    (hi, a - hi)
}

fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// sin(r) for |r| <= PI66/2 by its Taylor series in Horner form:
/// r (1 - r^2/(2*3) (1 - r^2/(4*5) (1 - ...))). Seventeen terms bring the truncation
/// error below 2^-104 of the result.
fn sin_dd(r: DoubleDouble) -> DoubleDouble {
    let r2 = r.mul(r);
    let one = DoubleDouble::from(1.0);
    let mut acc = one;
    for n in (2..=34).rev().step_by(2) {
        let term = r2.mul(acc).div_f64((n * (n + 1)) as f64);
        acc = one.add(DoubleDouble {
            hi: -term.hi,
            lo: -term.lo,
        });
    }
    r.mul(acc)
}

/// Rounds `v` to nearest-even at 64 significant bits (the x87 register), then again to
/// 53 bits (the double the worm stores). The double rounding is deliberate: it is what
/// the hardware does.
fn round_like_x87(v: DoubleDouble) -> f64 {
    if v.hi == 0.0 {
        return v.hi;
    }
    let negative = v.hi < 0.0;
    let (hi, lo) = if negative {
        (-v.hi, -v.lo)
    } else {
        (v.hi, v.lo)
    };
    // hi = m * 2^e with m a 53-bit integer; express |v| in units of 2^(e - 64).
    let bits = hi.to_bits();
    let e = ((bits >> 52) & 0x7FF) as i32 - 1075;
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    let low = lo * 2f64.powi(64 - e); // |low| <= 2^63, exact scaling
    let low_floor = low.floor();
    let sticky = low != low_floor;
    let units = ((m as i128) << 64) + low_floor as i128;
    let units = units as u128;

    let width = 128 - units.leading_zeros();
    let shift = width - 64;
    let (q64, shift) = round_half_even(units, shift, sticky);
    let (q53, shift2) = {
        let width = 128 - q64.leading_zeros();
        let s = width.saturating_sub(53);
        round_half_even(q64, s, false)
    };
    let magnitude = q53 as f64 * 2f64.powi(shift as i32 + shift2 as i32 + e - 64);
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// `value >> shift`, rounded to nearest, ties to even; `sticky` says there were more
/// nonzero bits below `value`.
fn round_half_even(value: u128, shift: u32, sticky: bool) -> (u128, u32) {
    if shift == 0 {
        return (value, 0);
    }
    let q = value >> shift;
    let rem = value & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let up = rem > half || (rem == half && (sticky || q & 1 == 1));
    (q + up as u128, shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_arguments_are_the_true_sine() {
        assert_eq!(fsin(0.0), 0.0);
        assert_eq!(fsin(0.5), 0.5f64.sin());
        assert_eq!(fsin(-1.0), (-1.0f64).sin());
    }

    #[test]
    fn the_documented_large_argument_differs_from_the_true_sine() {
        let x = 5_174_852_443_848_404_992.0;
        assert_eq!(fsin(x), 0.1602415798048218);
        assert_eq!(x.sin(), 0.15366198118965324);
    }

    #[test]
    fn odd_symmetry_holds_after_reduction() {
        let x = 5_174_852_443_848_404_992.0;
        assert_eq!(fsin(-x), -fsin(x));
    }

    #[test]
    fn out_of_range_operands_are_left_unchanged_like_the_x87() {
        assert_eq!(fsin(OUT_OF_RANGE), OUT_OF_RANGE);
        assert_eq!(fsin(-1e300), -1e300);
        assert!(fsin(f64::INFINITY).is_nan());
        assert!(fsin(f64::NAN).is_nan());
    }

    #[test]
    fn double_rounding_goes_through_64_bits() {
        // 1 + 2^-53 + 2^-70: to 64 bits it is 1 + 2^-53 exactly (a tie at 53 bits), which
        // then rounds to even, 1.0; a single rounding to 53 bits would give 1 + 2^-52.
        let v = DoubleDouble {
            hi: 1.0,
            lo: 2f64.powi(-53) + 2f64.powi(-70),
        };
        assert_eq!(round_like_x87(v), 1.0);
        let v = DoubleDouble {
            hi: 1.0,
            lo: 2f64.powi(-53) + 2f64.powi(-60),
        };
        assert_eq!(round_like_x87(v), 1.0 + 2f64.powi(-52));
    }
}
