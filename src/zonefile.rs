//! DNS master files (RFC 1035 section 5, as registries and ICANN's CZDS publish them), read as
//! a stream: bytes go in as they are read (plain or gzip, cut anywhere) and each record's owner,
//! type and name server come out, so that memory stays bounded whatever the zone's size.
//!
//! NLnet Labs' `domain` crate parses the text (`$ORIGIN`, `$TTL`, `@`, relative and absolute
//! names, the owner carried over from the record before, parentheses, comments, escapes, any
//! class and type spelling). Its parser reads what it holds as the whole file, so it is handed
//! one entry at a time: [`EntryCutter`] finds where an entry ends (a line break outside
//! parentheses, quotes and comments), which is all of the syntax read here.

use std::fmt;
use std::io::Write as _;

use ::domain::base::iana::{Class, Rtype};
use ::domain::base::name::ToName;
use ::domain::rdata::ZoneRecordData;
use ::domain::zonefile::inplace::{Entry, Zonefile};
use flate2::write::MultiGzDecoder;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The longest entry read: a record's data is at most 65,535 bytes, four text bytes each at
/// worst (`\DDD`). A longer entry is an unclosed parenthesis or quote, refused rather than held.
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

/// One record of a zone, as the reader of the zone sees it.
pub struct ZoneRecord<'a> {
    /// The owner in lower case, without the final dot, escaped as in a master file where a
    /// byte is not a letter, digit, hyphen or underscore (`\.`, `\032`).
    pub owner: &'a str,
    /// The type's mnemonic, such as `NS` or `TYPE65534`.
    pub rtype: Rtype,
    /// An NS record's name server, written as the owner is.
    pub name_server: Option<&'a str>,
}

/// What went wrong reading a zone file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneError {
    /// A record the parser refused: the line it starts on, and why.
    Syntax {
        source: String,
        line: u64,
        detail: String,
    },
    /// `$INCLUDE` names another file: a zone read from a download or a browser cannot follow it.
    Include {
        source: String,
        line: u64,
        path: String,
    },
    /// An entry that runs past [`MAX_ENTRY_BYTES`].
    EntryTooLong {
        source: String,
        line: u64,
    },
    Gzip {
        source: String,
        detail: String,
    },
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneError::Syntax {
                source,
                line,
                detail,
            } => write!(
                f,
                "{source}: line {line}: not a master-file record: {detail}"
            ),
            ZoneError::Include { source, line, path } => write!(
                f,
                "{source}: line {line}: $INCLUDE {path} is not followed: give the included \
                 file as a zone of its own, or join the files first"
            ),
            ZoneError::EntryTooLong { source, line } => write!(
                f,
                "{source}: line {line}: the record starting here runs past {} MiB (an \
                 unclosed parenthesis or quote?)",
                MAX_ENTRY_BYTES >> 20
            ),
            ZoneError::Gzip { source, detail } => {
                write!(f, "{source}: not readable as gzip: {detail}")
            }
        }
    }
}

impl std::error::Error for ZoneError {}

/// How much of a zone was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneSummary {
    pub source: String,
    pub gzip: bool,
    pub lines: u64,
    pub records: u64,
}

/// Where an entry ends: the lexical states of RFC 1035 section 5.1 that decide it.
#[derive(Default)]
struct EntryCutter {
    parens: usize,
    quoted: bool,
    comment: bool,
    escaped: bool,
}

impl EntryCutter {
    /// The length of the first whole entry of `bytes` (up to and with its line break), if it
    /// ends within them; the state carries over to the next call otherwise.
    fn cut(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match b {
                b'\n' => {
                    self.comment = false;
                    if self.parens == 0 && !self.quoted {
                        return Some(i + 1);
                    }
                }
                _ if self.comment => {}
                b'\\' => self.escaped = true,
                b'"' => self.quoted = !self.quoted,
                _ if self.quoted => {}
                b';' => self.comment = true,
                b'(' => self.parens += 1,
                // An unmatched one is the parser's to refuse.
                b')' => self.parens = self.parens.saturating_sub(1),
                _ => {}
            }
        }
        None
    }
}

/// Reads one zone file pushed in pieces; call [`ZoneReader::end`] after the last.
pub struct ZoneReader {
    summary: ZoneSummary,
    parser: Zonefile,
    cutter: EntryCutter,
    /// The entry whose end has not arrived yet.
    entry: Vec<u8>,
    /// The line the entry in `entry` starts on.
    entry_line: u64,
    /// The first bytes, until there are enough to tell gzip.
    head: Vec<u8>,
    started: bool,
    gzip: Option<MultiGzDecoder<Vec<u8>>>,
    owner: String,
    name_server: String,
    failed: Option<ZoneError>,
}

impl ZoneReader {
    /// A reader of the zone called `source` in messages (its file name).
    pub fn new(source: &str) -> ZoneReader {
        let mut parser = Zonefile::new();
        // RFC 1035 gives no class to a file that never states one; every registry's is IN.
        parser.set_default_class(Class::IN);
        ZoneReader {
            summary: ZoneSummary {
                source: source.to_string(),
                ..ZoneSummary::default()
            },
            parser,
            cutter: EntryCutter::default(),
            entry: Vec::new(),
            entry_line: 1,
            head: Vec::new(),
            started: false,
            gzip: None,
            owner: String::new(),
            name_server: String::new(),
            failed: None,
        }
    }

    /// Reads the next bytes of the file, handing each whole record to `visit`.
    pub fn push(
        &mut self,
        bytes: &[u8],
        visit: &mut impl FnMut(&ZoneRecord),
    ) -> Result<(), ZoneError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = if self.started {
            self.decode(bytes, visit)
        } else {
            self.head.extend_from_slice(bytes);
            if self.head.len() >= GZIP_MAGIC.len() {
                self.start(visit)
            } else {
                Ok(())
            }
        };
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// Reads what is left: the last entry, even without a final line break.
    pub fn end(mut self, visit: &mut impl FnMut(&ZoneRecord)) -> Result<ZoneSummary, ZoneError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if !self.started {
            self.start(visit)?;
        }
        if let Some(mut decoder) = self.gzip.take() {
            let finished = decoder.try_finish().map_err(|e| self.gzip_error(e));
            let out = std::mem::take(decoder.get_mut());
            self.feed(&out, visit)?;
            finished?;
        }
        if !self.entry.is_empty() {
            // The parser needs a token's end after the last token: the line break the last
            // line lacks.
            let mut entry = std::mem::take(&mut self.entry);
            entry.push(b'\n');
            self.parse(&entry, visit)?;
        }
        Ok(self.summary)
    }

    fn start(&mut self, visit: &mut impl FnMut(&ZoneRecord)) -> Result<(), ZoneError> {
        self.started = true;
        if self.head.starts_with(&GZIP_MAGIC) {
            self.gzip = Some(MultiGzDecoder::new(Vec::new()));
            self.summary.gzip = true;
        }
        let head = std::mem::take(&mut self.head);
        self.decode(&head, visit)
    }

    fn decode(
        &mut self,
        bytes: &[u8],
        visit: &mut impl FnMut(&ZoneRecord),
    ) -> Result<(), ZoneError> {
        if self.gzip.is_none() {
            return self.feed(bytes, visit);
        }
        // One `write` at a time, each read before the next, so that a gzip bomb inflates at
        // most the decoder's buffer at once.
        let mut rest = bytes;
        while !rest.is_empty() {
            let Some(decoder) = &mut self.gzip else {
                break;
            };
            let read = match decoder.write(rest) {
                Ok(0) => Err(std::io::ErrorKind::WriteZero.into()),
                read => read,
            };
            let read = read.map_err(|e| self.gzip_error(e))?;
            rest = &rest[read..];
            let Some(decoder) = &mut self.gzip else {
                break;
            };
            let out = std::mem::take(decoder.get_mut());
            self.feed(&out, visit)?;
            if let Some(decoder) = &mut self.gzip {
                let mut out = out;
                out.clear();
                *decoder.get_mut() = out;
            }
        }
        Ok(())
    }

    fn gzip_error(&self, e: std::io::Error) -> ZoneError {
        ZoneError::Gzip {
            source: self.summary.source.clone(),
            detail: e.to_string(),
        }
    }

    /// Cuts the text into entries and parses each whole one.
    fn feed(
        &mut self,
        mut bytes: &[u8],
        visit: &mut impl FnMut(&ZoneRecord),
    ) -> Result<(), ZoneError> {
        while let Some(end) = self.cutter.cut(bytes) {
            let (whole, rest) = bytes.split_at(end);
            if self.entry.is_empty() {
                self.parse(whole, visit)?;
            } else {
                let mut entry = std::mem::take(&mut self.entry);
                entry.extend_from_slice(whole);
                self.parse(&entry, visit)?;
                entry.clear();
                self.entry = entry;
            }
            bytes = rest;
        }
        if self.entry.len() + bytes.len() > MAX_ENTRY_BYTES {
            return Err(ZoneError::EntryTooLong {
                source: self.summary.source.clone(),
                line: self.entry_line,
            });
        }
        self.entry.extend_from_slice(bytes);
        Ok(())
    }

    /// Parses one whole entry (one line, or several joined by parentheses or quotes).
    fn parse(
        &mut self,
        entry: &[u8],
        visit: &mut impl FnMut(&ZoneRecord),
    ) -> Result<(), ZoneError> {
        let line = self.entry_line;
        let lines = memchr::memchr_iter(b'\n', entry).count() as u64;
        self.summary.lines += lines;
        self.entry_line += lines;
        self.parser.extend_from_slice(entry);
        loop {
            match self.parser.next_entry() {
                Ok(None) => return Ok(()),
                Ok(Some(Entry::Include { path, .. })) => {
                    return Err(ZoneError::Include {
                        source: self.summary.source.clone(),
                        line,
                        path: path.to_string(),
                    })
                }
                Ok(Some(Entry::Record(record))) => {
                    self.summary.records += 1;
                    self.owner.clear();
                    name_text(record.owner(), &mut self.owner);
                    let name_server = match record.data() {
                        ZoneRecordData::Ns(ns) => {
                            self.name_server.clear();
                            name_text(ns.nsdname(), &mut self.name_server);
                            Some(self.name_server.as_str())
                        }
                        _ => None,
                    };
                    visit(&ZoneRecord {
                        owner: &self.owner,
                        rtype: record.rtype(),
                        name_server,
                    });
                }
                Err(e) => return Err(self.syntax_error(line, &e.to_string())),
            }
        }
    }

    /// The parser's message is `LINE:COLUMN: why`, where it noticed; the entry's first line is
    /// where the record starts, which is what a reader looks for.
    fn syntax_error(&self, line: u64, message: &str) -> ZoneError {
        let mut parts = message.splitn(3, ':');
        let detail = match (parts.next(), parts.next(), parts.next()) {
            (Some(l), Some(c), Some(detail))
                if l.parse::<u64>().is_ok() && c.parse::<u64>().is_ok() =>
            {
                detail.trim()
            }
            _ => message,
        };
        ZoneError::Syntax {
            source: self.summary.source.clone(),
            line,
            detail: detail.to_string(),
        }
    }
}

/// `name` in lower case, without the final dot, escaped as a master file would where a byte
/// is not a letter, digit, hyphen or underscore: the text of a name is then that name alone.
fn name_text(name: &impl ToName, out: &mut String) {
    for label in name.iter_labels() {
        if label.is_root() {
            break;
        }
        if !out.is_empty() {
            out.push('.');
        }
        for &b in label.as_slice() {
            match b.to_ascii_lowercase() {
                c @ (b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_') => out.push(c as char),
                b'*' if label.len() == 1 => out.push('*'),
                c @ (b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$') => {
                    out.push('\\');
                    out.push(c as char);
                }
                c => {
                    use std::fmt::Write as _;
                    let _ = write!(out, "\\{c:03}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pieces: &[&[u8]]) -> Result<(Vec<String>, ZoneSummary), ZoneError> {
        let mut seen = Vec::new();
        let mut visit = |r: &ZoneRecord| {
            seen.push(format!(
                "{} {} {}",
                r.owner,
                r.rtype,
                r.name_server.unwrap_or("-")
            ))
        };
        let mut reader = ZoneReader::new("t.zone");
        for piece in pieces {
            reader.push(piece, &mut visit)?;
        }
        let summary = reader.end(&mut visit)?;
        Ok((seen, summary))
    }

    const ZONE: &str = "$ORIGIN Example.\n$TTL 300\n@ IN SOA ns hostmaster ( 1 ; serial\n 2 3 4 5 )\n\
                        Abc\\068 NS ns.other.\n  in ds 1 8 2 ( AAAA )\nb\\.c a 192.0.2.1\n\"q\" 1 TXT \"a;(b\"\nlast NS ns";

    #[test]
    fn reads_the_same_records_however_the_bytes_are_cut() {
        let (whole, summary) = read(&[ZONE.as_bytes()]).unwrap();
        assert_eq!(
            whole,
            [
                "example SOA -",
                "abcd.example NS ns.other",
                "abcd.example DS -",
                "b\\.c.example A -",
                "q.example TXT -",
                "last.example NS ns.example",
            ]
        );
        assert_eq!(summary.lines, 9);
        assert_eq!(summary.records, 6);
        for size in 1..ZONE.len() {
            let pieces: Vec<&[u8]> = ZONE.as_bytes().chunks(size).collect();
            assert_eq!(read(&pieces).unwrap().0, whole, "pieces of {size}");
        }
    }

    #[test]
    fn reads_gzip_in_any_pieces() {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(ZONE.as_bytes()).unwrap();
        let gzip = gzip.finish().unwrap();
        let (plain, _) = read(&[ZONE.as_bytes()]).unwrap();
        for size in [1, 7, 4096] {
            let pieces: Vec<&[u8]> = gzip.chunks(size).collect();
            let (seen, summary) = read(&pieces).unwrap();
            assert_eq!(seen, plain);
            assert!(summary.gzip);
        }
    }

    #[test]
    fn names_the_line_of_a_bad_record() {
        let e = read(&[b"$ORIGIN x.\na NS b\n\nc IN A 300.1.2.3\n"]).unwrap_err();
        match e {
            ZoneError::Syntax { line, .. } => assert_eq!(line, 4, "{e}"),
            other => panic!("{other}"),
        }
        assert!(e.to_string().starts_with("t.zone: line 4"), "{e}");
    }

    #[test]
    fn refuses_include_and_runaway_entries() {
        let e = read(&[b"$ORIGIN x.\n\n$INCLUDE other.zone\n"]).unwrap_err();
        assert_eq!(
            e,
            ZoneError::Include {
                source: "t.zone".into(),
                line: 3,
                path: "other.zone".into()
            }
        );
        let mut long = b"$ORIGIN x.\na TXT ( \"x\"\n".to_vec();
        long.extend(std::iter::repeat_n(b' ', MAX_ENTRY_BYTES));
        let e = read(&[&long]).unwrap_err();
        assert_eq!(
            e,
            ZoneError::EntryTooLong {
                source: "t.zone".into(),
                line: 2
            }
        );
    }
}
