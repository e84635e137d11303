//! Every way a result is written: check results, scan-log reports, and the cells a shell lays
//! out. The command line prints these bytes and the page downloads the same bytes.

pub mod check;
pub mod scan;

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `n` and the noun, singular for one.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A file a shell offers: its bytes, its usual name and its media type.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    pub text: String,
    pub file_name: String,
    #[serde(rename = "type")]
    pub media_type: &'static str,
}
