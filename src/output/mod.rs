//! Every way a result is written: check results, scan-log reports, and the cells a shell lays
//! out. The command line prints these bytes and the page downloads the same bytes.

pub mod check;
pub mod collisions;
pub mod meaning;
pub mod plain;
pub mod scan;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// A CSV field, quoted when it holds a separator or a quote. Control and bidirectional
/// formatting characters are escaped as on the terminal ([`terminal_safe`]), so that a file
/// opened in a viewer or a terminal shows what was read. A field that a spreadsheet would run
/// as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a name or a
/// client from a log may) is quoted with a `'` first, as OWASP recommends against CSV
/// injection, so that it stays text.
pub fn csv_field(s: &str) -> String {
    let s = terminal_safe(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text for a terminal: control characters (ESC, BEL, a carriage return... from a log line or
/// an input) shown as escapes such as `\x1b`, so that they cannot retitle, clear or rewrite
/// the analyst's terminal; bidirectional formatting characters (U+202E...) as `\u{202e}`, so
/// that they cannot reorder what is shown (CVE-2021-42574's "Trojan Source"). Line breaks are
/// control characters too: text for one line.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if (c as u32) < 0x100 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A control character, or a bidirectional formatting one.
fn unsafe_char(c: char) -> bool {
    c.is_control() || bidi_control(c)
}

/// A bidirectional formatting character (Unicode's Bidi_Control property: U+202E...).
pub fn bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A writer of text for a terminal: each line goes on made safe by [`terminal_safe`].
struct TerminalWriter<'a, W: io::Write> {
    out: &'a mut W,
    line: Vec<u8>,
}

impl<'a, W: io::Write> TerminalWriter<'a, W> {
    fn new(out: &'a mut W) -> Self {
        TerminalWriter {
            out,
            line: Vec::new(),
        }
    }

    fn end_line(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.out.write_all(terminal_safe(&text).as_bytes())?;
        self.line.clear();
        Ok(())
    }

    /// Writes what is left of the last line.
    fn finish(mut self) -> io::Result<()> {
        self.end_line()
    }
}

impl<W: io::Write> io::Write for TerminalWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for piece in buf.split_inclusive(|&b| b == b'\n') {
            match piece.split_last() {
                Some((b'\n', text)) => {
                    self.line.extend_from_slice(text);
                    self.end_line()?;
                    self.out.write_all(b"\n")?;
                }
                _ => self.line.extend_from_slice(piece),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `n` and the noun, singular for one.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` with its thousands grouped, as people read counts: 353,460.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        let got: Vec<String> = [0, 999, 1000, 50_000, 353_460, 1_000_000]
            .into_iter()
            .map(grouped)
            .collect();
        assert_eq!(got, ["0", "999", "1,000", "50,000", "353,460", "1,000,000"]);
    }

    #[test]
    fn csv_cells_that_would_be_formulas_stay_text() {
        assert_eq!(csv_field("=1+2"), "\"'=1+2\"");
        assert_eq!(
            csv_field("@SUM(1+9)*cmd|' /C calc'!A0"),
            "\"'@SUM(1+9)*cmd|' /C calc'!A0\""
        );
        assert_eq!(csv_field("-x,\"y\""), "\"'-x,\"\"y\"\"\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("jogli.com"), "jogli.com");
    }

    #[test]
    fn csv_cells_carry_no_raw_control_or_bidi_characters() {
        assert_eq!(csv_field("AS\x1b[2Jx\x07"), "AS\\x1b[2Jx\\x07");
        assert_eq!(csv_field("evil\u{202e}moc.x"), "evil\\u{202e}moc.x");
        assert_eq!(csv_field("a\nb,c"), "\"a\\x0ab,c\"");
    }

    #[test]
    fn a_terminal_writer_escapes_line_by_line() {
        let mut out = Vec::new();
        let mut w = TerminalWriter::new(&mut out);
        io::Write::write_all(&mut w, b"a\x1bb\nc").unwrap();
        io::Write::write_all(&mut w, b"\x07d\n").unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\\x1bb\nc\\x07d\n");
    }

    #[test]
    fn control_characters_reach_no_terminal() {
        assert_eq!(terminal_safe("\x1b]0;owned\x07x"), "\\x1b]0;owned\\x07x");
        assert_eq!(terminal_safe("a\u{9b}2J"), "a\\x9b2J");
        assert_eq!(terminal_safe("a\u{2028}b"), "a\u{2028}b");
        assert_eq!(terminal_safe("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert!(matches!(terminal_safe("plain"), Cow::Borrowed("plain")));
    }
}
