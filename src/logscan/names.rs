//! From a queried name to the packed name each variant could have generated.
//!
//! `input::parse_name` is the definition, but it allocates several strings per call:
//! too slow for a million log lines a second. Names in DNS logs are plain host names,
//! so for those this module takes the same decisions without allocating (a test holds
//! the two to the same answers); anything else goes to `parse_name` itself. One
//! difference is deliberate: `parse_name` reads a leading `hxxp` as a defanged `http`,
//! but a DNS log's `hxxpabc.com` is the name that was queried.

use crate::domain::Domain;
use crate::input::parse_name;
use crate::suffix::name_below;
use crate::variant::VariantSet;

/// Longer names are not DNS names; `parse_name` answers them.
const MAX_FAST_LEN: usize = 253;

/// Per variant, the packed name it could have generated.
pub type Candidates = [Option<Domain>; 3];

/// Queried names to the packed names the asked variants could have generated.
pub struct NameIndex {
    asked: VariantSet,
}

impl NameIndex {
    pub fn new(asked: VariantSet) -> NameIndex {
        NameIndex { asked }
    }

    pub fn candidates(&self, name: &str) -> Candidates {
        let bytes = name.as_bytes();
        let plain = bytes.len() <= MAX_FAST_LEN
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if plain {
            self.plain_candidates(bytes)
        } else {
            let mut found = [None; 3];
            for (variant, domain) in parse_name(name, self.asked).candidates {
                found[variant.index()] = Some(domain);
            }
            found
        }
    }

    /// `parse_name`'s decisions for a name of letters, digits, `.`, `-` and `_`.
    fn plain_candidates(&self, name: &[u8]) -> Candidates {
        let none = [None; 3];
        let mut buf = [0u8; MAX_FAST_LEN];
        let mut len = name.len();
        while len > 0 && name[len - 1] == b'.' {
            len -= 1;
        }
        let host = &mut buf[..len];
        for (out, b) in host.iter_mut().zip(name) {
            *out = b.to_ascii_lowercase();
        }
        let empty_label = host.is_empty()
            || host[0] == b'.'
            || host.windows(2).any(|w| w == b"..")
            || host.split(|&b| b == b'.').any(|l| l.starts_with(b"xn--"));
        // Only ASCII reaches here (`candidates` checked), so the bytes are text.
        let Some(below) = std::str::from_utf8(host)
            .ok()
            .filter(|_| !empty_label)
            .and_then(|host| name_below(host, self.asked))
        else {
            return none;
        };
        let label = below.label.as_bytes();
        if !label.iter().all(u8::is_ascii_lowercase) {
            return none;
        }
        let mut out = none;
        for variant in below.matched.iter() {
            let (min, max) = variant.length_range();
            if label.len() < min || label.len() > max {
                continue;
            }
            if let Some(index) = below.indexes[variant.index()] {
                out[variant.index()] =
                    Some(Domain::new(label.iter().map(|b| b - b'a'), index.into()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variant::Variant;

    fn by_parse_name(name: &str, asked: VariantSet) -> Candidates {
        let mut found = [None; 3];
        for (variant, domain) in parse_name(name, asked).candidates {
            found[variant.index()] = Some(domain);
        }
        found
    }

    fn agree(name: &str, asked: VariantSet) {
        assert_eq!(
            NameIndex::new(asked).plain_candidates(name.as_bytes()),
            by_parse_name(name, asked),
            "{name:?} asked {asked}"
        );
    }

    #[test]
    fn agrees_with_parse_name_on_typical_log_names() {
        let a_b = VariantSet::EMPTY.with(Variant::A).with(Variant::B);
        for name in [
            "jogli.com",
            "JOGLI.COM.",
            "www.jogli.com",
            "praat.org",
            "abcd.com.br",
            "mail.abcd.com.br",
            "abcdef.co.uk",
            "abcdef.ru",
            "co.uk",
            "com",
            "abc.com",
            "abcdefghijkl.com",
            "abc1def.com",
            "abc-def.com",
            "abc_def.com",
            "xn--bcher-kva.com",
            "www.xn--bcher-kva.jogli.com",
            "a..com",
            ".jogli.com",
            "jogli..",
            "",
            "1.2.3.4.in-addr.arpa",
            "example.de",
            "abcdefghi.cn",
            "abcdefghij.cn",
            "abcd.cn",
            "abcde.com.cn",
        ] {
            agree(name, VariantSet::ALL);
            agree(name, a_b);
            agree(name, VariantSet::EMPTY.with(Variant::C));
        }
    }

    #[test]
    fn a_queried_name_starting_with_hxxp_is_taken_as_it_is() {
        let index = NameIndex::new(VariantSet::ALL);
        let literal = Domain::parse(Variant::A, "hxxpabc", "com");
        assert_eq!(index.candidates("hxxpabc.com")[Variant::A.index()], literal);
    }

    #[test]
    fn other_inputs_are_answered_by_parse_name() {
        let index = NameIndex::new(VariantSet::ALL);
        let c = index.candidates("hxxp://jogli[.]com/x");
        assert_eq!(c, by_parse_name("jogli.com", VariantSet::ALL));
        assert!(c[Variant::B.index()].is_some());
    }

    // proptest does not build for wasm32, where `cargo test --tests` compiles this too.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn agrees_with_parse_name_on_any_host_like_name(
                name in "([a-zA-Z0-9_-]{0,12}\\.){0,3}(com|net|org|info|biz|cc|cn|ws|ru|co\\.uk|com\\.br|uk|br|de|x){0,1}\\.{0,2}"
            ) {
                prop_assume!(!name.to_ascii_lowercase().starts_with("hxxp"));
                agree(&name, VariantSet::ALL);
                agree(&name, VariantSet::EMPTY.with(Variant::B).with(Variant::C));
            }
        }
    }
}
