//! How an export walks its names in sorted order without holding a whole window: the names
//! are cut into parts by how they begin, each part at most [`PART_DRAWS`] drawn names, and
//! each part is generated (every list of the window, keeping the names it holds), sorted and
//! walked in turn. Generating is cheap beside sorting, so a wide window costs a generation
//! per part and per walk, and its memory stays one part's.

use std::borrow::Cow;
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use crate::dates::DateRange;
use crate::domain::{Domain, MAX_DOMAIN_LEN};
use crate::generator::{generate_interleaved, Lists};
use crate::variant::{Variant, VariantSet};

use super::Name;

/// The most names drawn (each list's names, before deduplication) one part holds: 16 bytes
/// each, 96 MiB. A window of up to 124 days of all three variants is one part.
pub const PART_DRAWS: usize = 6 << 20;

/// The most letters a generated label has.
const MAX_LETTERS: u32 = 11;

/// One name of one list of the window, as two integers that sort as the names, then the
/// dates, variants and indexes do (the names' order, and the CSV table's rows'). The first
/// is the name: its letters as 5-bit digits (1 to 26) from the top, padded with zeros to
/// [`MAX_LETTERS`] (a padding digit sorts before every letter as the dot after a shorter
/// label does), then the rank of its suffix among all suffixes sorted. The second is the
/// day in the window (an export covers at most `MAX_DAYS`), the variant and the index in
/// the list (a list holds at most 50,000 names), 16 bits each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Drawn([u64; 2]);

impl Drawn {
    pub fn day(&self) -> u16 {
        (self.0[1] >> 32) as u16
    }

    pub fn variant(&self) -> Variant {
        Variant::ALL[usize::from((self.0[1] >> 16) as u16)]
    }

    pub fn index(&self) -> u16 {
        self.0[1] as u16
    }

    /// Whether the two are draws of one name.
    pub fn same_name(&self, other: &Drawn) -> bool {
        self.0[0] == other.0[0]
    }
}

/// Every suffix of the three variants, sorted, and each variant's suffixes' ranks there.
#[derive(Clone, Debug)]
struct Suffixes {
    sorted: Vec<&'static str>,
    ranks: [Vec<u8>; 3],
}

impl Suffixes {
    fn new() -> Suffixes {
        let mut sorted: Vec<&'static str> = Variant::ALL
            .iter()
            .flat_map(|v| v.suffixes().iter().copied())
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let ranks = Variant::ALL.map(|v| {
            v.suffixes()
                .iter()
                .map(|s| {
                    let rank = sorted
                        .binary_search(s)
                        .expect("every suffix is in the list");
                    u8::try_from(rank).expect("fewer than 256 suffixes")
                })
                .collect()
        });
        Suffixes { sorted, ranks }
    }

    /// The name's sort key: see [`Drawn`].
    fn key(&self, variant: Variant, domain: Domain) -> u64 {
        let letters = domain.packed() & ((1 << (5 * MAX_LETTERS)) - 1);
        let padding = 5 * (MAX_LETTERS - domain.letter_count() as u32);
        let rank = self.ranks[variant.index()][domain.suffix_index()];
        (letters << padding) << 8 | u64::from(rank)
    }

    fn name(&self, drawn: &Drawn) -> Name {
        let key = drawn.0[0];
        let mut bytes = [0; MAX_DOMAIN_LEN];
        let mut at = 0;
        for i in 0..MAX_LETTERS {
            let digit = (key >> (8 + 5 * (MAX_LETTERS - 1 - i))) & 31;
            if digit == 0 {
                break;
            }
            bytes[at] = b'a' + digit as u8 - 1;
            at += 1;
        }
        let suffix = self.sorted[(key & 0xff) as usize].as_bytes();
        bytes[at] = b'.';
        bytes[at + 1..at + 1 + suffix.len()].copy_from_slice(suffix);
        Name { bytes }
    }
}

/// The names whose sort key's top 16 bits lie in `prefixes`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    prefixes: RangeInclusive<u16>,
    draws: usize,
}

/// The part a key falls in: its top 16 bits, the first three letters and a bit.
fn prefix(key: u64) -> u16 {
    (key >> 48) as u16
}

/// The parts of a window, in the names' order; the only part kept generated when there is
/// one, since walking it again then costs nothing.
#[derive(Clone, Debug)]
pub(super) struct Parts {
    range: DateRange,
    variants: VariantSet,
    suffixes: Suffixes,
    parts: Vec<Part>,
    held: Option<Vec<Drawn>>,
}

impl Parts {
    /// Cuts the window's names into parts of at most `budget` draws (but never a prefix in
    /// two): one if they fit, otherwise after counting the names of each prefix (one more
    /// generation of the window).
    pub fn new(range: DateRange, variants: VariantSet, budget: usize) -> Parts {
        let per_day: u64 = variants
            .iter()
            .map(|v| u64::from(v.domains_per_day()))
            .sum();
        let draws = per_day * range.days();
        let mut parts = Parts {
            range,
            variants,
            suffixes: Suffixes::new(),
            parts: Vec::new(),
            held: None,
        };
        if draws <= budget as u64 {
            parts.parts.push(Part {
                prefixes: 0..=u16::MAX,
                draws: draws as usize,
            });
            parts.held = Some(parts.draw(&parts.parts[0]));
            return parts;
        }
        let mut counts = vec![0usize; 1 << 16];
        parts.each_domain(|key, _| counts[usize::from(prefix(key))] += 1);
        let mut start = 0;
        let mut draws = 0;
        for (at, &count) in counts.iter().enumerate() {
            if draws > 0 && draws + count > budget {
                parts.parts.push(Part {
                    prefixes: start..=(at - 1) as u16,
                    draws,
                });
                (start, draws) = (at as u16, 0);
            }
            draws += count;
        }
        parts.parts.push(Part {
            prefixes: start..=u16::MAX,
            draws,
        });
        parts
    }

    #[cfg(test)]
    pub fn count(&self) -> usize {
        self.parts.len()
    }

    /// Every name of every list of the window, sorted.
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            parts: self,
            next: 0,
            part: Cow::Borrowed(&[]),
            at: 0,
        }
    }

    /// The name of a draw.
    pub fn name(&self, drawn: &Drawn) -> Name {
        self.suffixes.name(drawn)
    }

    /// Calls `each` with the sort key of every name of the window's lists, and the second
    /// word of its [`Drawn`]; the lists are generated side by side, so their names interleave.
    fn each_domain(&self, each: impl FnMut(u64, u64)) {
        let mut lists = Window {
            from: self.range.from(),
            lists: self
                .range
                .iter()
                .flat_map(|date| self.variants.iter().map(move |v| (v, date))),
            suffixes: &self.suffixes,
            each,
        };
        generate_interleaved(&mut lists);
    }

    /// The names of `part`, sorted.
    fn draw(&self, part: &Part) -> Vec<Drawn> {
        let mut drawn = Vec::with_capacity(part.draws);
        self.each_domain(|key, list| {
            if part.prefixes.contains(&prefix(key)) {
                drawn.push(Drawn([key, list]));
            }
        });
        drawn.sort_unstable();
        drawn
    }
}

/// The lists of a window, for the generator.
struct Window<'s, L, F> {
    from: NaiveDate,
    lists: L,
    suffixes: &'s Suffixes,
    each: F,
}

impl<L, F> Lists for Window<'_, L, F>
where
    L: Iterator<Item = (Variant, NaiveDate)>,
    F: FnMut(u64, u64),
{
    fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
        self.lists.next()
    }

    fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
        let day = (date - self.from).num_days() as u64;
        let list = day << 32 | (variant.index() as u64) << 16 | u64::from(index);
        (self.each)(self.suffixes.key(variant, domain), list);
    }
}

/// The window's names in order, a part generated at a time.
pub(super) struct Walk<'p> {
    parts: &'p Parts,
    next: usize,
    part: Cow<'p, [Drawn]>,
    at: usize,
}

impl Iterator for Walk<'_> {
    type Item = Drawn;

    fn next(&mut self) -> Option<Drawn> {
        while self.at == self.part.len() {
            let part = self.parts.parts.get(self.next)?;
            // The part walked is freed before the next is generated.
            self.part = Cow::Borrowed(&[]);
            self.part = match &self.parts.held {
                Some(held) => Cow::Borrowed(held),
                None => Cow::Owned(self.parts.draw(part)),
            };
            self.next += 1;
            self.at = 0;
        }
        self.at += 1;
        Some(self.part[self.at - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn keys_sort_as_the_names_and_give_them_back() {
        let suffixes = Suffixes::new();
        let date = NaiveDate::from_ymd_opt(2009, 4, 1).unwrap();
        let mut names: Vec<(Variant, Domain)> = Variant::ALL
            .iter()
            .flat_map(|&v| crate::generator::DayDomains::new(v, date).map(move |d| (v, d)))
            .collect();
        // A label and a longer one it begins, a suffix and a longer one beginning alike.
        let parse = |v, label, suffix| (v, Domain::parse(v, label, suffix).unwrap());
        names.extend([
            parse(Variant::C, "abcd", "co.uk"),
            parse(Variant::C, "abcd", "com.ag"),
            parse(Variant::C, "abcd", "cn"),
            parse(Variant::B, "abcde", "cc"),
            parse(Variant::C, "abcde", "ac"),
            parse(Variant::B, "abcdefghijk", "ws"),
            parse(Variant::A, "abcdefghijk", "biz"),
        ]);
        let mut by_text: Vec<String> = names.iter().map(|(v, d)| d.to_string(*v)).collect();
        let mut by_key: Vec<u64> = names.iter().map(|(v, d)| suffixes.key(*v, *d)).collect();
        by_text.sort_unstable();
        by_key.sort_unstable();
        let back: Vec<String> = by_key
            .iter()
            .map(|key| suffixes.name(&Drawn([*key, 0])).to_string())
            .collect();
        assert!(back == by_text, "the keys sort otherwise than the names");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_window_walked_in_parts_gives_the_names_walked_at_once() {
        // C repeats names within a day and across days.
        let range = DateRange::parse("2009-04-01", "2009-04-03").unwrap();
        let whole = Parts::new(range, VariantSet::ALL, PART_DRAWS);
        assert!(whole.held.is_some());
        assert_eq!(whole.parts.len(), 1);
        let parts = Parts::new(range, VariantSet::ALL, 20_000);
        assert!(parts.held.is_none());
        let sizes: Vec<usize> = parts.parts.iter().map(|p| p.draws).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 3 * 50_500);
        assert!(
            sizes.len() >= 8 && sizes.iter().all(|s| *s <= 20_000),
            "{sizes:?}"
        );
        let at_once: Vec<Drawn> = whole.walk().collect();
        assert_eq!(at_once.len(), 3 * 50_500);
        assert!(at_once.windows(2).all(|w| w[0] < w[1]));
        assert!(parts.walk().eq(at_once.iter().copied()));
        // A walk starts afresh.
        assert!(parts.walk().eq(at_once.iter().copied()));
    }
}
