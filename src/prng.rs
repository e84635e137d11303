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
        p + fsin(x)
    };
    let t = (sum * x + constants.con_dbl) * x;
    let r = if t >= LOG_IRRELEVANT { t } else { t + x.ln() };
    r.to_bits()
}

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

    #[test]
    fn seed_of_a_known_day_is_stable() {
        let c = Variant::A.constants();
        let d = NaiveDate::from_ymd_opt(1601, 1, 1).unwrap();
        assert_eq!(seed(&c, d), c.con3);
    }
}
