//! The three generators: their constants, name shapes and suffix tables.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// A Conficker generator. Microsoft's "Conficker.C" (B++) reuses B's generator, and
/// Microsoft's "Conficker.D" is the variant everyone else calls C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Variant {
    A,
    B,
    C,
}

const SUFFIXES_A: &[&str] = &["com", "net", "org", "info", "biz"];
const SUFFIXES_B: &[&str] = &["cc", "cn", "ws", "com", "net", "org", "info", "biz"];
/// In the order the index selects them, as published.
const SUFFIXES_C: &[&str] = &[
    "ac", "ae", "ag", "am", "as", "at", "be", "bo", "bz", "ca", "cd", "ch", "cl", "cn", "co.cr",
    "co.id", "co.il", "co.ke", "co.kr", "co.nz", "co.ug", "co.uk", "co.vi", "co.za", "com.ag",
    "com.ai", "com.ar", "com.bo", "com.br", "com.bs", "com.co", "com.do", "com.fj", "com.gh",
    "com.gl", "com.gt", "com.hn", "com.jm", "com.ki", "com.lc", "com.mt", "com.mx", "com.ng",
    "com.ni", "com.pa", "com.pe", "com.pr", "com.pt", "com.py", "com.sv", "com.tr", "com.tt",
    "com.tw", "com.ua", "com.uy", "com.ve", "cx", "cz", "dj", "dk", "dm", "ec", "es", "fm", "fr",
    "gd", "gr", "gs", "gy", "hk", "hn", "ht", "hu", "ie", "im", "in", "ir", "is", "kn", "kz", "la",
    "lc", "li", "lu", "lv", "ly", "md", "me", "mn", "ms", "mu", "mw", "my", "nf", "nl", "no", "pe",
    "pk", "pl", "ps", "ro", "ru", "sc", "sg", "sh", "sk", "su", "tc", "tj", "tl", "tn", "to", "tw",
    "us", "vc", "vn",
];

/// The constants of one generator, named as in the published description.
#[derive(Clone, Copy, Debug)]
pub struct Constants {
    pub con1: u64,
    pub con2: u64,
    pub con3: u64,
    pub con_rand: u64,
    pub con_dbl: f64,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::A, Variant::B, Variant::C];

    pub const fn constants(self) -> Constants {
        match self {
            Variant::A => Constants {
                con1: 0x4_63DA_5676,
                con2: 0x580_28E4_4000,
                con3: 0xB46A_7637,
                con_rand: 0x6423_6735,
                con_dbl: 0.737565675,
            },
            Variant::B => Constants {
                con1: 0x3_52C9_4565,
                con2: 0x580_28E4_4000,
                con3: 0xA359_6526,
                con_rand: 0x5312_5624,
                con_dbl: 0.626454564,
            },
            Variant::C => Constants {
                con1: 0x2_682D_10B7,
                con2: 0x192_54D3_8000,
                con3: 0xF1E3_4A09,
                con_rand: 0x4F3D_859E,
                con_dbl: 0.946270391,
            },
        }
    }

    /// The suffix table, in the order the generator's index selects from it.
    pub const fn suffixes(self) -> &'static [&'static str] {
        match self {
            Variant::A => SUFFIXES_A,
            Variant::B => SUFFIXES_B,
            Variant::C => SUFFIXES_C,
        }
    }

    pub const fn domains_per_day(self) -> u32 {
        match self {
            Variant::A | Variant::B => 250,
            Variant::C => 50_000,
        }
    }

    /// How many of the day's names one infected host looks up: all of A's and B's; C picks
    /// 500 of its 50,000 at random, a different 500 on each host.
    pub const fn names_tried_per_day(self) -> u32 {
        match self {
            Variant::A | Variant::B => self.domains_per_day(),
            Variant::C => 500,
        }
    }

    /// Shortest and longest name, in letters, before the suffix.
    pub const fn length_range(self) -> (usize, usize) {
        match self {
            Variant::A | Variant::B => (5, 11),
            Variant::C => (4, 9),
        }
    }

    /// A name of this variant's shape (its lengths, letters and suffixes), each choice made
    /// by `below(n)`, a number below `n`: the length, each letter, then the suffix. Test and
    /// benchmark inputs that look like the worm's names without being on its lists.
    pub fn shaped_name(self, mut below: impl FnMut(usize) -> usize) -> String {
        let (min, max) = self.length_range();
        let mut name: String = (0..min + below(max - min + 1))
            .map(|_| (b'a' + below(26) as u8) as char)
            .collect();
        name.push('.');
        name.push_str(self.suffixes()[below(self.suffixes().len())]);
        name
    }

    /// The first date whose list infected hosts queried (C's from its activation date).
    pub fn first_seen(self) -> NaiveDate {
        let (y, m, d) = match self {
            Variant::A => (2008, 11, 21),
            Variant::B => (2008, 12, 29),
            Variant::C => (2009, 4, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).expect("valid constant date")
    }

    /// Other names the security industry uses for the same generator.
    pub const fn aliases(self) -> &'static str {
        match self {
            Variant::A => "Downadup.A, Kido.A",
            Variant::B => "Downadup.B, Kido.B; Microsoft's Conficker.C (B++) uses B's generator",
            Variant::C => {
                "Microsoft's Conficker.D, Symantec W32.Downadup.C, Trend Micro WORM_DOWNAD.KK, Kido.ip/.iq"
            }
        }
    }

    /// What the variant's lists have been compared with, as the tests check it.
    pub const fn validation(self) -> &'static str {
        match self {
            Variant::A => "matches lists made by the worm's own algorithm, byte for byte",
            Variant::B => "matches lists made by the worm's own algorithm, byte for byte, the names seen in 2009 press reports and 37 names an infected host looked up in 2015",
            Variant::C => "matches all 99 names of Netlab 360's independent C feed (November 2014) at their dates and indexes; no list made by a C-infected host is public",
        }
    }

    pub const fn letter(self) -> char {
        match self {
            Variant::A => 'A',
            Variant::B => 'B',
            Variant::C => 'C',
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl FromStr for Variant {
    type Err = InputError;

    /// Accepts A, B, C and the industry's aliases. Microsoft's "Conficker.C" is ambiguous
    /// (Microsoft means B++, which uses B's generator; others mean our C), so it is refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '_' | '-'))
            .collect();
        let key = key
            .strip_prefix("w32")
            .unwrap_or(&key)
            .trim_start_matches("conficker")
            .trim_start_matches("downadup")
            .trim_start_matches("kido")
            .trim_start_matches("wormdownad");
        match key {
            "a" => Ok(Variant::A),
            "b" | "bpp" | "b++" => Ok(Variant::B),
            "d" | "kk" | "ip" | "iq" => Ok(Variant::C),
            "c" if is_plain_letter(s) || s.to_ascii_lowercase().contains("downadup") => {
                Ok(Variant::C)
            }
            "c" => Err(InputError::AmbiguousVariant {
                value: s.trim().to_string(),
            }),
            _ => Err(InputError::UnknownVariant {
                value: s.trim().to_string(),
            }),
        }
    }
}

fn is_plain_letter(s: &str) -> bool {
    s.trim().len() == 1
}

/// A small set of variants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VariantSet(u8);

impl VariantSet {
    pub const EMPTY: VariantSet = VariantSet(0);
    pub const ALL: VariantSet = VariantSet(0b111);

    pub const fn with(self, v: Variant) -> VariantSet {
        VariantSet(self.0 | (1 << v as u8))
    }

    pub const fn contains(self, v: Variant) -> bool {
        self.0 & (1 << v as u8) != 0
    }

    pub const fn intersect(self, other: VariantSet) -> VariantSet {
        VariantSet(self.0 & other.0)
    }

    pub const fn union(self, other: VariantSet) -> VariantSet {
        VariantSet(self.0 | other.0)
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Variant> {
        Variant::ALL.into_iter().filter(move |v| self.contains(*v))
    }

    /// Parses a comma-separated list such as `A,B,C` or `B,Conficker.D`.
    pub fn parse_list(s: &str) -> Result<VariantSet, InputError> {
        let mut set = VariantSet::EMPTY;
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            set = set.with(part.parse()?);
        }
        if set.is_empty() {
            return Err(InputError::NoVariants);
        }
        Ok(set)
    }
}

impl FromIterator<Variant> for VariantSet {
    fn from_iter<I: IntoIterator<Item = Variant>>(iter: I) -> Self {
        iter.into_iter().fold(VariantSet::EMPTY, VariantSet::with)
    }
}

impl fmt::Display for VariantSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letters: Vec<String> = self.iter().map(|v| v.to_string()).collect();
        write!(f, "{}", letters.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shaped_name_is_possible_for_its_variant_and_follows_the_choices() {
        // The shortest length, the letter 'a' throughout, the first suffix.
        assert_eq!(Variant::C.shaped_name(|_| 0), "aaaa.ac");
        let mut state = 1u64;
        for variant in Variant::ALL {
            for _ in 0..1000 {
                let name = variant.shaped_name(|n| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    ((state >> 33) % n as u64) as usize
                });
                let parsed = crate::input::parse_name(&name, VariantSet::ALL);
                assert!(
                    parsed.candidates.iter().any(|(v, _)| *v == variant),
                    "{name} is not a possible {variant} name"
                );
            }
        }
    }

    #[test]
    fn c_table_has_116_suffixes_in_110_top_level_domains() {
        let c = Variant::C.suffixes();
        assert_eq!(c.len(), 116);
        let mut tlds: Vec<&str> = c.iter().map(|s| s.rsplit('.').next().unwrap()).collect();
        tlds.sort();
        tlds.dedup();
        assert_eq!(tlds.len(), 110);
    }

    #[test]
    fn aliases_parse_to_our_variants() {
        assert_eq!("A".parse(), Ok(Variant::A));
        assert_eq!("kido.b".parse(), Ok(Variant::B));
        assert_eq!("Conficker.D".parse(), Ok(Variant::C));
        assert_eq!("W32.Downadup.C".parse(), Ok(Variant::C));
        assert_eq!("WORM_DOWNAD.KK".parse(), Ok(Variant::C));
        assert_eq!("c".parse(), Ok(Variant::C));
        assert_eq!(
            "Conficker.C".parse::<Variant>(),
            Err(InputError::AmbiguousVariant {
                value: "Conficker.C".into()
            })
        );
        assert!("E".parse::<Variant>().is_err());
    }

    #[test]
    fn variant_lists_parse_and_reject_garbage() {
        let set = VariantSet::parse_list("A, Conficker.D").unwrap();
        assert!(set.contains(Variant::A) && set.contains(Variant::C) && !set.contains(Variant::B));
        assert_eq!(set.to_string(), "A,C");
        assert!(VariantSet::parse_list("A,Z").is_err());
        assert!(VariantSet::parse_list(",").is_err());
    }
}
