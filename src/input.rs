//! From what an analyst pastes (a URL, a defanged indicator, a host from a DNS log) to
//! the name to check, and whether each variant could have generated it at all.

use crate::domain::Domain;
use crate::error::InputError;
use crate::suffix::name_below;
use crate::variant::{Variant, VariantSet};

/// What the structure of one input line says, before any list is generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedName {
    /// The line as given.
    pub input: String,
    /// The name that is checked, once cleaned up; `None` when nothing name-like was found.
    pub name: Option<String>,
    /// How `name` was derived from `input`, when that is not obvious.
    pub note: Option<String>,
    /// The variants that could have generated `name`, each with the packed name.
    pub candidates: Vec<(Variant, Domain)>,
    /// Why no asked variant could have generated it; `None` when one could.
    pub reason: Option<String>,
}

impl ParsedName {
    pub fn possible(&self) -> bool {
        !self.candidates.is_empty()
    }

    pub fn variants(&self) -> VariantSet {
        self.candidates.iter().map(|(v, _)| *v).collect()
    }
}

/// Longer lines are no names: most likely a binary file was given.
pub const MAX_LINE: usize = 4096;

/// The name in line `number` (from 1) of a list of names from `source`: `None` for blank
/// lines and `#` comments.
pub fn name_line<'a>(
    text: &'a str,
    source: &str,
    number: u64,
) -> Result<Option<&'a str>, InputError> {
    let text = text.trim();
    if text.is_empty() || text.starts_with('#') {
        return Ok(None);
    }
    if text.len() > MAX_LINE {
        return Err(InputError::NotAName {
            source: source.to_string(),
            line: number,
            length: text.len(),
        });
    }
    Ok(Some(text))
}

/// Turns one input line into the name to check and a verdict for each of `asked`.
pub fn parse_name(input: &str, asked: VariantSet) -> ParsedName {
    let mut parsed = ParsedName {
        input: input.to_string(),
        name: None,
        note: None,
        candidates: Vec::new(),
        reason: None,
    };
    let host = match host_of(input) {
        Ok(host) => host,
        Err(reason) => {
            parsed.reason = Some(reason);
            return parsed;
        }
    };
    parsed.name = Some(host.clone());
    if let Err(reason) = plain_ascii(&host) {
        parsed.reason = Some(reason);
        return parsed;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        parsed.reason = Some(format!(
            "'{host}' has no suffix: a Conficker name is letters, a dot and a suffix such as .com"
        ));
        return parsed;
    }

    let Some(below) = name_below(&host, asked) else {
        parsed.reason = Some(unused_suffix_reason(&labels, asked));
        return parsed;
    };
    if below.name != host {
        parsed.note = Some(format!(
            "{host} is checked as {}, the name it lies below",
            below.name
        ));
    }
    parsed.name = Some(below.name.to_string());

    if let Err(reason) = letters_only(below.label) {
        parsed.reason = Some(reason);
        return parsed;
    }
    let mut too_short_or_long = Vec::new();
    for variant in below.matched.iter() {
        match Domain::parse(variant, below.label, below.suffix) {
            Some(d) => parsed.candidates.push((variant, d)),
            None => too_short_or_long.push(variant),
        }
    }
    if parsed.candidates.is_empty() {
        parsed.reason = Some(length_reason(below.label.len(), &too_short_or_long));
    }
    parsed
}

/// Strips what surrounds a host in URLs, defanged indicators and log lines.
fn host_of(input: &str) -> Result<String, String> {
    let mut s = input
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>' | '`'))
        .to_lowercase();
    for (defanged, plain) in [
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("(dot)", "."),
        ("[:]", ":"),
        ("[://]", "://"),
    ] {
        if s.contains(defanged) {
            s = s.replace(defanged, plain);
        }
    }
    if let Some(rest) = s.strip_prefix("hxxp") {
        s = format!("http{rest}");
    }
    let mut host = s.as_str();
    if let Some(at) = host.find("://") {
        host = &host[at + 3..];
    }
    if let Some(end) = host.find(['/', '?', '#']) {
        host = &host[..end];
    }
    if let Some(at) = host.rfind('@') {
        host = &host[at + 1..];
    }
    if let Some(colon) = host.rfind(':') {
        if host[colon + 1..].bytes().all(|b| b.is_ascii_digit()) {
            host = &host[..colon];
        }
    }
    let host = host.trim_end_matches('.');
    if host.is_empty() {
        return Err("no name in this line".to_string());
    }
    if host.contains(char::is_whitespace) {
        return Err(format!("'{host}' contains spaces: give one name per line"));
    }
    if host.split('.').any(str::is_empty) {
        return Err(format!("'{host}' has an empty label (two dots in a row)"));
    }
    Ok(host.to_string())
}

fn plain_ascii(host: &str) -> Result<(), String> {
    if !host.is_ascii() {
        return Err(format!(
            "'{host}' is an internationalised (IDN) name: Conficker names use the letters a-z only"
        ));
    }
    if host.split('.').any(|l| l.starts_with("xn--")) {
        return Err(format!(
            "'{host}' is a punycode (IDN) name: Conficker names use the letters a-z only"
        ));
    }
    Ok(())
}

fn letters_only(label: &str) -> Result<(), String> {
    if label.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!(
            "'{label}' contains digits: digits are never generated"
        ));
    }
    if label.contains('-') {
        return Err(format!(
            "'{label}' contains a hyphen: hyphens are never generated"
        ));
    }
    match label.chars().find(|c| !c.is_ascii_lowercase()) {
        Some(c) => Err(format!(
            "'{label}' contains '{c}': names are the letters a-z only"
        )),
        None => Ok(()),
    }
}

fn unused_suffix_reason(labels: &[&str], asked: VariantSet) -> String {
    let tld = labels[labels.len() - 1];
    let two = labels[labels.len() - 2..].join(".");
    let users: VariantSet = Variant::ALL
        .into_iter()
        .filter(|v| v.suffixes().iter().any(|s| *s == tld || *s == two))
        .collect();
    let shown = if Variant::C.suffixes().contains(&two.as_str()) {
        two
    } else {
        tld.to_string()
    };
    if users.is_empty() {
        format!("suffix .{shown} is used by no variant")
    } else {
        format!(
            "suffix .{shown} is used only by {users}, which {} not asked (asked: {asked})",
            if users.iter().count() == 1 {
                "was"
            } else {
                "were"
            }
        )
    }
}

fn length_reason(length: usize, variants: &[Variant]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let ab: Vec<&Variant> = variants.iter().filter(|v| **v != Variant::C).collect();
    if !ab.is_empty() {
        let (min, max) = Variant::A.length_range();
        let who = ab
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" and ");
        let verb = if ab.len() > 1 { "use" } else { "uses" };
        parts.push(format!("{who} {verb} {min}-{max} letters"));
    }
    if variants.contains(&Variant::C) {
        let (min, max) = Variant::C.length_range();
        parts.push(if parts.is_empty() {
            format!("C uses {min}-{max} letters")
        } else {
            format!("C {min}-{max}")
        });
    }
    format!("length {length}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> ParsedName {
        parse_name(s, VariantSet::ALL)
    }

    #[test]
    fn suffixes_have_one_or_two_labels() {
        for variant in Variant::ALL {
            assert!(variant
                .suffixes()
                .iter()
                .all(|s| (1..=2).contains(&s.split('.').count())));
        }
    }

    #[test]
    fn trims_and_lowercases() {
        let p = all("  JoGLi.COM \t");
        assert_eq!(p.name.as_deref(), Some("jogli.com"));
        assert!(p.possible());
        assert_eq!(
            p.variants(),
            VariantSet::EMPTY.with(Variant::A).with(Variant::B)
        );
    }

    #[test]
    fn strips_url_scheme_user_port_path_and_query() {
        let p = all("http://user:pw@jogli.com:8080/path/x.php?q=1#frag");
        assert_eq!(p.name.as_deref(), Some("jogli.com"));
        assert!(p.note.is_none());
    }

    #[test]
    fn strips_trailing_dot() {
        assert_eq!(all("jogli.com.").name.as_deref(), Some("jogli.com"));
    }

    #[test]
    fn undoes_defanging() {
        for s in [
            "hxxp://jogli[.]com/",
            "jogli(.)com",
            "jogli[dot]com",
            "hxxps[://]jogli[.]com",
        ] {
            let p = all(s);
            assert_eq!(p.name.as_deref(), Some("jogli.com"), "{s}");
            assert!(p.possible(), "{s}");
        }
    }

    #[test]
    fn checks_the_name_below_a_host() {
        let p = all("www.jogli.com");
        assert_eq!(p.name.as_deref(), Some("jogli.com"));
        assert_eq!(
            p.note.as_deref(),
            Some("www.jogli.com is checked as jogli.com, the name it lies below")
        );
    }

    #[test]
    fn two_label_suffixes_belong_to_c() {
        let p = all("abcdef.co.uk");
        assert_eq!(p.variants(), VariantSet::EMPTY.with(Variant::C));
        assert_eq!(p.candidates[0].1.to_string(Variant::C), "abcdef.co.uk");
        let p = all("mail.abcd.com.br");
        assert_eq!(p.name.as_deref(), Some("abcd.com.br"));
        assert!(p.possible());
    }

    #[test]
    fn unknown_suffix_is_named() {
        assert_eq!(
            all("example.de").reason.as_deref(),
            Some("suffix .de is used by no variant")
        );
    }

    #[test]
    fn suffix_of_an_unasked_variant_is_explained() {
        let p = parse_name(
            "abcdef.ru",
            VariantSet::EMPTY.with(Variant::A).with(Variant::B),
        );
        assert_eq!(
            p.reason.as_deref(),
            Some("suffix .ru is used only by C, which was not asked (asked: A,B)")
        );
    }

    #[test]
    fn length_outside_every_range_is_explained() {
        assert_eq!(
            all("abc.com").reason.as_deref(),
            Some("length 3: A and B use 5-11 letters")
        );
        assert_eq!(
            all("abc.cn").reason.as_deref(),
            Some("length 3: B uses 5-11 letters, C 4-9")
        );
        assert_eq!(
            all("abc.ru").reason.as_deref(),
            Some("length 3: C uses 4-9 letters")
        );
    }

    #[test]
    fn digits_hyphens_and_other_characters_are_never_generated() {
        assert_eq!(
            all("abc1def.com").reason.as_deref(),
            Some("'abc1def' contains digits: digits are never generated")
        );
        assert_eq!(
            all("abc-def.com").reason.as_deref(),
            Some("'abc-def' contains a hyphen: hyphens are never generated")
        );
        assert!(all("abc_def.com").reason.unwrap().contains("'_'"));
    }

    #[test]
    fn internationalised_names_are_refused_in_both_forms() {
        assert!(all("bücher.com").reason.unwrap().contains("IDN"));
        assert!(all("xn--bcher-kva.com")
            .reason
            .unwrap()
            .contains("punycode"));
    }

    #[test]
    fn lines_without_a_name_say_so() {
        assert_eq!(all("   ").reason.as_deref(), Some("no name in this line"));
        assert!(all("localhost").reason.unwrap().contains("no suffix"));
        assert!(all("a..com").reason.unwrap().contains("empty label"));
        assert!(all("two words.com").reason.unwrap().contains("spaces"));
    }
}
