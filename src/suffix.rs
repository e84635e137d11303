//! Which Conficker-shaped name a host lies below: the label before the longest suffix of an
//! asked variant's table that ends the host (tables hold suffixes of one or two labels). The
//! checker's input parser, the log scan and the allowlist all ask here.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::variant::{Variant, VariantSet};

/// The name `host` lies below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Below<'a> {
    /// `label.suffix`.
    pub name: &'a str,
    pub label: &'a str,
    pub suffix: &'a str,
    /// Asked variants one of whose suffixes ends the host.
    pub matched: VariantSet,
    /// Per variant: the index of `suffix` in its table, for the matched variants whose table
    /// holds it (a variant matched by a shorter suffix has none).
    pub indexes: [Option<u8>; 3],
}

/// Every variant's suffixes, with each one's index in each table.
fn table() -> &'static FxHashMap<&'static str, [Option<u8>; 3]> {
    static TABLE: OnceLock<FxHashMap<&'static str, [Option<u8>; 3]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: FxHashMap<&'static str, [Option<u8>; 3]> = FxHashMap::default();
        for variant in Variant::ALL {
            for (i, s) in variant.suffixes().iter().enumerate() {
                table.entry(s).or_default()[variant.index()] = Some(i as u8);
            }
        }
        table
    })
}

/// The name below which `host` (lower case, no trailing dot) lies for the `asked` variants,
/// or `None` when no asked variant's suffix ends it with a label before the suffix.
pub fn name_below(host: &str, asked: VariantSet) -> Option<Below<'_>> {
    // The starts of the last three labels, from the right.
    let mut starts = [0usize; 3];
    let mut found = 0;
    for (i, b) in host.bytes().enumerate().rev() {
        if b == b'.' {
            if found < 3 {
                starts[found] = i + 1;
            }
            found += 1;
            if found == 3 {
                break;
            }
        }
    }
    let labels = found + 1;
    let tail = |n: usize| &host[starts[n - 1]..];
    let lookup = |n: usize| {
        (n < labels)
            .then(|| table().get(tail(n)).copied())
            .flatten()
    };
    let (one, two) = (lookup(1), lookup(2));
    let mut matched = VariantSet::EMPTY;
    let mut suffix_labels = 0;
    for variant in asked.iter() {
        let v = variant.index();
        let n = if two.is_some_and(|t| t[v].is_some()) {
            2
        } else if one.is_some_and(|t| t[v].is_some()) {
            1
        } else {
            continue;
        };
        matched = matched.with(variant);
        suffix_labels = suffix_labels.max(n);
    }
    if suffix_labels == 0 {
        return None;
    }
    let suffix = tail(suffix_labels);
    let name_start = if labels > suffix_labels + 1 {
        starts[suffix_labels]
    } else {
        0
    };
    let all = if suffix_labels == 2 { two } else { one }.unwrap_or_default();
    let mut indexes = [None; 3];
    for variant in matched.iter() {
        indexes[variant.index()] = all[variant.index()];
    }
    Some(Below {
        name: &host[name_start..],
        label: &host[name_start..starts[suffix_labels - 1] - 1],
        suffix,
        matched,
        indexes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_asked_suffix_wins() {
        let b = name_below("mail.abcd.com.br", VariantSet::ALL).unwrap();
        assert_eq!(
            (b.name, b.label, b.suffix),
            ("abcd.com.br", "abcd", "com.br")
        );
        assert_eq!(b.matched, VariantSet::EMPTY.with(Variant::C));
        assert_eq!(b.indexes[Variant::C.index()], Some(28));
        assert_eq!(b.indexes[Variant::A.index()], None);
        // .com.br and .br are no suffixes of A or B.
        let ab = VariantSet::EMPTY.with(Variant::A).with(Variant::B);
        assert_eq!(name_below("mail.abcd.com.br", ab), None);
        let www = name_below("www.jogli.com", ab).unwrap();
        assert_eq!(
            (www.name, www.indexes),
            ("jogli.com", [Some(0), Some(3), None])
        );
    }

    #[test]
    fn a_bare_suffix_has_no_name() {
        assert_eq!(name_below("com", VariantSet::ALL), None);
        assert_eq!(name_below("co.uk", VariantSet::ALL), None);
        assert_eq!(
            name_below("abc.co.uk", VariantSet::ALL).unwrap().label,
            "abc"
        );
        assert_eq!(name_below("example.de", VariantSet::ALL), None);
    }
}
