//! A day's list: each name takes one step for its length, one per letter and one for
//! its suffix, in that order.

use chrono::NaiveDate;

use crate::domain::Domain;
use crate::prng::{output, seed, step, step_exact};
use crate::variant::{Constants, Variant};

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
    step: fn(u64, &Constants) -> u64,
}

impl DayDomains {
    pub fn new(variant: Variant, date: NaiveDate) -> DayDomains {
        Self::with_step(variant, date, step)
    }

    /// The same list computed by the definition, evaluating FSIN and ln at every step.
    pub fn exact(variant: Variant, date: NaiveDate) -> DayDomains {
        Self::with_step(variant, date, step_exact)
    }

    fn with_step(variant: Variant, date: NaiveDate, step: fn(u64, &Constants) -> u64) -> Self {
        let constants = variant.constants();
        DayDomains {
            variant,
            constants,
            key: seed(&constants, date),
            remaining: variant.domains_per_day(),
            step,
        }
    }

    #[inline]
    fn next_out(&mut self) -> i32 {
        self.key = (self.step)(self.key, &self.constants);
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
    fn suffix_indexes_follow_each_variant() {
        assert_eq!(suffix_index(Variant::A, -1), (u32::MAX % 5) as usize);
        assert_eq!(suffix_index(Variant::B, -1), 7);
        assert_eq!(suffix_index(Variant::C, -117), 1);
        assert_eq!(suffix_index(Variant::C, i32::MIN), 8);
    }

    #[test]
    fn a_day_has_the_variants_count() {
        let d = NaiveDate::from_ymd_opt(2009, 4, 1).unwrap();
        assert_eq!(DayDomains::new(Variant::A, d).count(), 250);
        assert_eq!(DayDomains::new(Variant::C, d).count(), 50_000);
    }
}
