//! A generated name packed into one integer, so that generating and matching allocate
//! nothing: letters in 5-bit digits (1 to 26, most significant first), the suffix's
//! index into its variant's table above them.

use serde::{Deserialize, Serialize};

use crate::variant::Variant;

const SUFFIX_SHIFT: u32 = 56;
const LETTERS_MASK: u64 = (1 << SUFFIX_SHIFT) - 1;
/// Enough for the longest name (11 letters) and the longest suffix (6 bytes) and a dot.
pub const MAX_DOMAIN_LEN: usize = 18;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Domain(u64);

impl Domain {
    /// `letters` are 0 for 'a' up to 25 for 'z'; at most 11 of them.
    pub fn new(letters: impl IntoIterator<Item = u8>, suffix_index: usize) -> Domain {
        let packed = letters
            .into_iter()
            .fold(0u64, |acc, l| (acc << 5) | (l as u64 + 1));
        Domain(packed | ((suffix_index as u64) << SUFFIX_SHIFT))
    }

    /// Starts a name letter by letter, as the generator draws it.
    #[inline]
    pub const fn push_letter(letters: u64, letter: u8) -> u64 {
        (letters << 5) | (letter as u64 + 1)
    }

    #[inline]
    pub const fn from_parts(letters: u64, suffix_index: usize) -> Domain {
        Domain(letters | ((suffix_index as u64) << SUFFIX_SHIFT))
    }

    /// The packed form: letters in 5-bit digits, the suffix index above bit 56.
    pub const fn packed(self) -> u64 {
        self.0
    }

    pub const fn suffix_index(self) -> usize {
        (self.0 >> SUFFIX_SHIFT) as usize
    }

    pub fn letter_count(self) -> usize {
        let letters = self.0 & LETTERS_MASK;
        (64 - letters.leading_zeros() as usize).div_ceil(5)
    }

    /// Appends the name (letters, dot, suffix) to `out`.
    pub fn write(self, variant: Variant, out: &mut String) {
        let n = self.letter_count();
        for i in (0..n).rev() {
            let digit = ((self.0 >> (5 * i)) & 31) as u8;
            out.push((b'a' + digit - 1) as char);
        }
        out.push('.');
        out.push_str(variant.suffixes()[self.suffix_index()]);
    }

    pub fn to_string(self, variant: Variant) -> String {
        let mut s = String::with_capacity(MAX_DOMAIN_LEN);
        self.write(variant, &mut s);
        s
    }

    /// Packs `label.suffix` if `variant` could have generated that exact name.
    pub fn parse(variant: Variant, label: &str, suffix: &str) -> Option<Domain> {
        let (min, max) = variant.length_range();
        if label.len() < min || label.len() > max || !label.bytes().all(|b| b.is_ascii_lowercase())
        {
            return None;
        }
        let index = variant.suffixes().iter().position(|s| *s == suffix)?;
        Some(Domain::new(label.bytes().map(|b| b - b'a'), index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_unpacks_names() {
        let d = Domain::parse(Variant::B, "jogli", "com").unwrap();
        assert_eq!(d.letter_count(), 5);
        assert_eq!(d.to_string(Variant::B), "jogli.com");
        let z = Domain::parse(Variant::A, "zzzzzzzzzzz", "biz").unwrap();
        assert_eq!(z.to_string(Variant::A), "zzzzzzzzzzz.biz");
        let c = Domain::parse(Variant::C, "abcd", "com.br").unwrap();
        assert_eq!(c.to_string(Variant::C), "abcd.com.br");
    }

    #[test]
    fn names_of_different_lengths_never_collide() {
        let four = Domain::parse(Variant::C, "aaaa", "ru").unwrap();
        let five = Domain::parse(Variant::C, "aaaaa", "ru").unwrap();
        assert_ne!(four, five);
    }

    #[test]
    fn refuses_names_the_variant_cannot_make() {
        assert!(Domain::parse(Variant::A, "abcd", "com").is_none());
        assert!(Domain::parse(Variant::A, "abcde", "cn").is_none());
        assert!(Domain::parse(Variant::C, "abc1e", "ru").is_none());
    }
}
