//! The worm's pseudo-random generator: the seed of a UTC date and one step.

use chrono::NaiveDate;

use crate::fsin::fsin;
use crate::variant::Constants;

/// 100 ns intervals in a day, the unit of Windows' FILETIME.
const FILETIME_PER_DAY: u64 = 864_000_000_000;

/// The first and last dates whose FILETIME the seed arithmetic is defined for.
pub fn supported_dates() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(1601, 1, 1).expect("valid constant date"),
        NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid constant date"),
    )
}

/// The generator's state at the start of a UTC date. Dates outside
/// [`supported_dates`] have no FILETIME; callers check before asking.
pub fn seed(constants: &Constants, date: NaiveDate) -> u64 {
    let (first, _) = supported_dates();
    let days = (date - first).num_days().max(0) as u64;
    let filetime = days * FILETIME_PER_DAY;
    filetime.wrapping_mul(constants.con1) / constants.con2 + constants.con3
}

/// One step, always computing FSIN and ln: the definition, used to check the fast path.
#[inline]
pub fn step_exact(key: u64, constants: &Constants) -> u64 {
    let x = key as f64;
    let p = key.wrapping_mul(constants.con_rand) as f64;
    let r = ((p + fsin(x)) * x + constants.con_dbl) * x + x.ln();
    r.to_bits()
}

/// 2^54: from here on a double's spacing is 4, so adding |s| <= 1 rounds back to p
/// (at p = 2^54 itself, p - 1 is a tie that rounds to the even 2^54).
const SINE_IRRELEVANT: f64 = 18_014_398_509_481_984.0;

/// 2^63: FSIN returns larger operands unchanged, so |s| <= 1 holds only below it.
const FSIN_IN_RANGE: f64 = 9_223_372_036_854_775_808.0;

/// 2^60: from here on a double's spacing is 256, and ln(x) < 45 for any x below 2^64
/// is less than half of it, so adding it rounds back.
const LOG_IRRELEVANT: f64 = 1_152_921_504_606_846_976.0;

/// One step, identical to [`step_exact`] for every key: FSIN and ln are skipped only
/// when the operand they are added to is so large that they cannot change its rounding.
#[inline]
pub fn step(key: u64, constants: &Constants) -> u64 {
    let x = key as f64;
    let p = key.wrapping_mul(constants.con_rand) as f64;
    let sum = if p >= SINE_IRRELEVANT && x < FSIN_IN_RANGE {
        p
    } else {
        sum_with_sine(p, x)
    };
    let t = (sum * x + constants.con_dbl) * x;
    let r = if t >= LOG_IRRELEVANT { t } else { t + x.ln() };
    r.to_bits()
}

/// `p + FSIN(x)`, rounded. The emulated FSIN costs about a microsecond, so we first
/// bound FSIN(x) within [`SINE_BOUND`] by a libm sine of the exactly reduced argument;
/// when the sum rounds alike at both ends of the bound (rounding is monotonic), that is
/// the sum. Only when it does not (p below about 2^30) do we pay for the emulation.
#[cold]
#[inline(never)]
pub fn sum_with_sine(p: f64, x: f64) -> f64 {
    if (MIN_REDUCED..FSIN_IN_RANGE).contains(&x) {
        let s = approximate_fsin(x);
        let low = p + (s - SINE_BOUND);
        if low == p + (s + SINE_BOUND) {
            return low;
        }
    }
    p + fsin(x)
}

/// From here on [`approximate_fsin`]'s reduction is exact: x is an integer.
const MIN_REDUCED: f64 = 4.0;

/// Bounds |approximate_fsin(x) - FSIN(x)| with room to spare: see [`approximate_fsin`];
/// the room also covers rounding `s -+ bound` itself.
const SINE_BOUND: f64 = 1.0 / 1_099_511_627_776.0; // 2^-40

/// FSIN(x) to within 2^-50, for integers 4 <= x < 2^63.
///
/// FSIN(x) is (-1)^k sin(x - k PI66), k nearest to x / PI66. We reduce exactly in
/// 128-bit fixed point, with k found in two rounds (a double estimate of x / pi is off
/// by up to 2^10 for large x). Near a half-period the k found may be one off the
/// nearest, which moves the value by at most |PI66 - pi| < 2^-64. The remainder as a
/// double is off by 2^-53 of at most 2, libm's sine by an ulp (2^-53), and the x87's
/// rounding of FSIN by 2^-53.
fn approximate_fsin(x: f64) -> f64 {
    const PI66: i128 = 0x3_243F_6A88_85A3_08D3;
    let k_estimate = (x * std::f64::consts::FRAC_1_PI) as i128;
    let rest_estimate = ((x as i128) << 64) - k_estimate * PI66;
    let k_correction =
        (rest_estimate as f64 * TWO_POW_MINUS_64 * std::f64::consts::FRAC_1_PI).round() as i128;
    let rest = rest_estimate - k_correction * PI66;
    let sine = (rest as f64 * TWO_POW_MINUS_64).sin();
    if (k_estimate + k_correction) % 2 != 0 {
        -sine
    } else {
        sine
    }
}

const TWO_POW_MINUS_64: f64 = 1.0 / 18_446_744_073_709_551_616.0;

/// The 32 bits the domain drawing uses.
#[inline]
pub fn output(key: u64) -> i32 {
    key as u32 as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variant::Variant;

    #[test]
    fn fast_step_agrees_with_the_definition() {
        for variant in Variant::ALL {
            let c = variant.constants();
            let mut key = seed(&c, NaiveDate::from_ymd_opt(2009, 4, 1).unwrap());
            for _ in 0..200_000 {
                let exact = step_exact(key, &c);
                assert_eq!(step(key, &c), exact, "{variant} key {key:#x}");
                key = exact;
            }
        }
    }

    /// SplitMix64: test inputs spread over all 64 bits.
    fn spread(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (*state ^ (*state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn approximate_fsin_is_within_its_bound() {
        let mut state = 1;
        for i in 0..20_000 {
            let x = ((spread(&mut state) >> 1) >> (i % 60)).max(4) as f64;
            let error = (approximate_fsin(x) - fsin(x)).abs();
            assert!(error <= 2f64.powi(-50), "x = {x}: off by {error:e}");
        }
    }

    #[test]
    fn bounded_sine_sums_like_the_emulated_fsin() {
        let mut state = 2;
        for i in 0..20_000 {
            let x = ((spread(&mut state) >> 1) >> (i % 7)) as f64;
            // p over every binade, so that some sums depend on the sine's last bits.
            let p = (spread(&mut state) >> (i % 64)) as f64;
            assert_eq!(
                sum_with_sine(p, x).to_bits(),
                (p + fsin(x)).to_bits(),
                "p = {p}, x = {x}"
            );
        }
    }

    #[test]
    fn seed_of_a_known_day_is_stable() {
        let c = Variant::A.constants();
        let d = NaiveDate::from_ymd_opt(1601, 1, 1).unwrap();
        assert_eq!(seed(&c, d), c.con3);
    }
}
