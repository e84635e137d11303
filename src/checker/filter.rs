//! A bit per hash of the asked names, so that most generated names are dismissed by one
//! load from cache rather than a hash-table probe.

use crate::domain::Domain;

/// A one-sided test for membership: false means certainly not asked.
pub struct NameFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl NameFilter {
    /// About 32 bits per name keeps false positives near 3%; 2^12 to 2^25 bits.
    pub fn new<'a>(names: impl ExactSizeIterator<Item = &'a Domain>) -> NameFilter {
        let wanted = (names.len() * 32)
            .clamp(1 << 12, 1 << 25)
            .next_power_of_two();
        let shift = 64 - wanted.trailing_zeros();
        let mut filter = NameFilter {
            bits: vec![0; wanted / 64],
            shift,
        };
        for name in names {
            let h = filter.hash(*name);
            filter.bits[h / 64] |= 1 << (h % 64);
        }
        filter
    }

    #[inline]
    fn hash(&self, domain: Domain) -> usize {
        (domain.packed().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    pub fn may_contain(&self, domain: Domain) -> bool {
        let h = self.hash(domain);
        self.bits[h / 64] & (1 << (h % 64)) != 0
    }
}
