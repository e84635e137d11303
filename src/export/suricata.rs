//! Suricata: a rule per name, or one rule and the dataset of names it loads.
//!
//! Both alert on a DNS query for an exported name or any name below it, whatever its case.
//! The per-name rules say so with `dotprefix; content:".NAME"; nocase; endswith`. The dataset
//! rule lowers the query (`to_lowercase`, Suricata 7.0.3 and later), keeps the name it lies
//! below with `pcrexform` (the label before the longest suffix of the exported variants'
//! tables that ends it, as `suffix::name_below` finds it), and looks that up in the dataset
//! (`dataset:isset`). The two match the same queries because no generated label is the first
//! label of a two-label suffix (`co`, `com`): a test holds the tables to that.
//!
//! Suricata's documentation ("Datasets", File formats) gives a `type string` dataset file as
//! one value a line, each in base64; its loader decodes every line and takes nothing else,
//! so the dataset file has no comments: the header is in the rule file.

use std::io::{self, Write};

use crate::error::InputError;
use crate::variant::VariantSet;

use super::{lists_phrase, Export};

/// The file extension of the dataset file, which replaces the rule file's `.rules`.
const DATASET_EXTENSION: &str = "lst";
/// Suricata's longest dataset name (`DATASET_NAME_MAX_LEN`).
const MAX_DATASET_NAME: usize = 63;
/// The largest hash table Suricata 8 allows a dataset by default
/// (`datasets.limits.single-hashsize`); Suricata 7 allows 262144.
const MAX_HASHSIZE: usize = 65_536;
const MIN_HASHSIZE: usize = 1024;

/// One rule per name, matching the name and every name below it: `dotprefix` makes
/// `.name` match at a label boundary, so `xname` does not match.
pub(super) fn rules(export: &Export, sid_base: u32, out: &mut impl Write) -> io::Result<()> {
    for (i, n) in export.names().enumerate() {
        writeln!(
            out,
            "alert dns any any -> any any (msg:\"Conficker {} domain {} ({})\"; \
             dns.query; dotprefix; content:\".{}\"; nocase; endswith; \
             classtype:trojan-activity; sid:{}; rev:1;)",
            n.variants,
            n.name,
            lists_phrase(n.first, n.last),
            n.name,
            u64::from(sid_base) + i as u64
        )?;
    }
    Ok(())
}

/// The dataset file written beside the rule file `rule_file`: `.rules` becomes `.lst`
/// (`conficker.rules` loads `conficker.lst`); another name gets `.lst` added.
pub fn dataset_file_name(rule_file: &str) -> Result<String, InputError> {
    let stem = rule_file.strip_suffix(".rules").unwrap_or(rule_file);
    let name = format!("{stem}.{DATASET_EXTENSION}");
    let loadable = !stem.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if !loadable {
        return Err(InputError::DatasetFileName { value: name });
    }
    Ok(name)
}

/// The dataset's name in Suricata: the dataset file's name without `.lst`, as long as
/// Suricata allows.
fn dataset_name(dataset_file: &str) -> &str {
    let stem = dataset_file
        .strip_suffix(&format!(".{DATASET_EXTENSION}"))
        .unwrap_or(dataset_file);
    &stem[..stem.len().min(MAX_DATASET_NAME)]
}

/// The regular expression whose one capture is the name a lower-case query lies below: a
/// label, a dot and the longest suffix of `variants`' tables that ends the query. It uses
/// `[.]` for a dot, so that the rule needs no escapes.
pub fn name_pattern(variants: VariantSet) -> String {
    let mut suffixes: Vec<&str> = variants
        .iter()
        .flat_map(|v| v.suffixes().iter().copied())
        .collect();
    suffixes.sort_unstable();
    suffixes.dedup();
    let alternatives: Vec<String> = suffixes.iter().map(|s| s.replace('.', "[.]")).collect();
    format!("([^.]+[.](?:{}))$", alternatives.join("|"))
}

/// Comment lines after the header: what the rule loads.
pub(super) fn dataset_note(
    export: &Export,
    dataset_file: &str,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "# the rule loads dataset {} from {dataset_file}, beside this file: the {} names in base64, one a line",
        dataset_name(dataset_file),
        export.len()
    )?;
    writeln!(
        out,
        "# (Suricata 7.0.3 or later; the per-name rules of the suricata format match the same queries)"
    )
}

/// The one rule that loads the dataset file `dataset_file`.
pub(super) fn dataset_rule(
    export: &Export,
    dataset_file: &str,
    sid: u32,
    out: &mut impl Write,
) -> io::Result<()> {
    let hashsize = export
        .len()
        .next_power_of_two()
        .clamp(MIN_HASHSIZE, MAX_HASHSIZE);
    writeln!(
        out,
        "alert dns any any -> any any (msg:\"Conficker {} domain ({})\"; \
         dns.query; to_lowercase; pcrexform:\"{}\"; \
         dataset:isset,{}, type string, load {dataset_file}, hashsize {hashsize}; \
         classtype:trojan-activity; sid:{sid}; rev:1;)",
        export.variants,
        lists_phrase(export.range.from(), export.range.to()),
        name_pattern(export.variants),
        dataset_name(dataset_file),
    )
}

/// The dataset file: each name in base64, one a line.
pub(super) fn dataset(export: &Export, out: &mut impl Write) -> io::Result<()> {
    let mut line = String::new();
    for n in export.names() {
        line.clear();
        base64(n.name.as_str().as_bytes(), &mut line);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Standard base64 (RFC 4648, section 4) with padding, as Suricata decodes it.
pub fn base64(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variant::Variant;

    fn encoded(text: &str) -> String {
        let mut out = String::new();
        base64(text.as_bytes(), &mut out);
        out
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base64_as_rfc_4648_gives_it() {
        // RFC 4648, section 10, and Suricata's own example (google.com).
        for (text, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("google.com", "Z29vZ2xlLmNvbQ=="),
        ] {
            assert_eq!(encoded(text), expected, "{text:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn dataset_file_sits_beside_the_rules() {
        assert_eq!(
            dataset_file_name("conficker.rules").unwrap(),
            "conficker.lst"
        );
        assert_eq!(dataset_file_name("conficker").unwrap(), "conficker.lst");
        assert_eq!(dataset_file_name("a.lst").unwrap(), "a.lst.lst");
        for bad in [".rules", "my rules.rules", "a,b.rules", "a;b", ""] {
            assert!(
                matches!(
                    dataset_file_name(bad),
                    Err(InputError::DatasetFileName { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(dataset_name("conficker.lst"), "conficker");
        let long = format!("{}.lst", "x".repeat(80));
        assert_eq!(dataset_name(&long).len(), MAX_DATASET_NAME);
    }

    /// The dataset rule and the per-name rules match the same queries only if the name a
    /// query lies below is never cut at a two-label suffix's first label: so no variant may
    /// draw a label as short as `co` or `com`.
    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_generated_label_is_the_first_label_of_a_two_label_suffix() {
        let shortest = Variant::ALL
            .iter()
            .map(|v| v.length_range().0)
            .min()
            .unwrap();
        for variant in Variant::ALL {
            for suffix in variant.suffixes() {
                if let Some((first, _)) = suffix.split_once('.') {
                    assert!(first.len() < shortest, "{suffix}");
                    assert!(
                        !first.contains('.'),
                        "{suffix}: tables hold one or two labels"
                    );
                }
            }
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_pattern_lists_each_suffix_once() {
        let ab = VariantSet::EMPTY.with(Variant::A).with(Variant::B);
        assert_eq!(
            name_pattern(ab),
            "([^.]+[.](?:biz|cc|cn|com|info|net|org|ws))$"
        );
        let all = name_pattern(VariantSet::ALL);
        assert!(all.contains("|co[.]uk|") && all.contains("|com[.]br|"));
        assert_eq!(all.matches('(').count(), 2, "one capture and one group");
    }
}
