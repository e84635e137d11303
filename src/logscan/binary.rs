//! Sources that are not lines of text: packet captures (pcap, pcapng) and Windows event logs
//! (`.evtx`), told by their first bytes (after gzip, so `capture.pcap.gz` is read too) and
//! read record by record as the bytes arrive, in any chunk size.

use crate::logscan::capture::CaptureReader;
use crate::logscan::evtx::EvtxReader;
use crate::logscan::formats::{LogFormat, Query};

/// Bytes needed to tell every binary format from text.
pub const SNIFF_BYTES: usize = 8;

/// The binary format the first bytes announce, if any; `head` may be shorter than
/// `SNIFF_BYTES` only at the end of a source.
pub fn sniff(head: &[u8]) -> Option<LogFormat> {
    const PCAP: [[u8; 4]; 6] = [
        [0xd4, 0xc3, 0xb2, 0xa1], // microseconds, little-endian
        [0xa1, 0xb2, 0xc3, 0xd4], // microseconds, big-endian
        [0x4d, 0x3c, 0xb2, 0xa1], // nanoseconds, little-endian
        [0xa1, 0xb2, 0x3c, 0x4d], // nanoseconds, big-endian
        [0x34, 0xcd, 0xb2, 0xa1], // Alexey Kuznetsov's modified pcap
        [0xa1, 0xb2, 0xcd, 0x34],
    ];
    let magic: [u8; 4] = head.get(..4)?.try_into().ok()?;
    if PCAP.contains(&magic) {
        Some(LogFormat::Pcap)
    } else if magic == [0x0a, 0x0d, 0x0d, 0x0a] {
        Some(LogFormat::Pcapng)
    } else if head.starts_with(b"ElfFile\0") {
        Some(LogFormat::Evtx)
    } else {
        None
    }
}

/// Where a binary reader's records go: the scanner counts and checks them.
pub trait Sink {
    /// A record (packet, event) starts; its number in the source, from 1.
    fn record(&mut self) -> u64;
    /// A DNS query the record holds (a record may hold several), with the program that
    /// asked when the source names it.
    fn query(&mut self, number: u64, query: Query<'_>, process: Option<&str>);
    /// The record holds no query and is not broken.
    fn other(&mut self);
    /// The record is truncated or corrupt; `quote` says where or shows its start.
    fn malformed(&mut self, number: u64, reason: &'static str, quote: &str);
}

/// A binary source being read.
pub enum BinaryReader {
    Capture(Box<CaptureReader>),
    Evtx(Box<EvtxReader>),
}

impl BinaryReader {
    /// The reader for a format `sniff` named.
    pub fn new(format: LogFormat) -> Option<BinaryReader> {
        match format {
            LogFormat::Pcap | LogFormat::Pcapng => {
                Some(BinaryReader::Capture(Box::new(CaptureReader::new(format))))
            }
            LogFormat::Evtx => Some(BinaryReader::Evtx(Box::default())),
            _ => None,
        }
    }

    pub fn push(&mut self, bytes: &[u8], sink: &mut dyn Sink) {
        match self {
            BinaryReader::Capture(r) => r.push(bytes, sink),
            BinaryReader::Evtx(r) => r.push(bytes, sink),
        }
    }

    /// The source ended: what is left is a truncated record.
    pub fn end(&mut self, sink: &mut dyn Sink) {
        match self {
            BinaryReader::Capture(r) => r.end(sink),
            BinaryReader::Evtx(r) => r.end(sink),
        }
    }
}

/// What a format's records are called, one and many.
pub fn record_unit(format: Option<LogFormat>) -> (&'static str, &'static str) {
    match format {
        Some(LogFormat::Pcap | LogFormat::Pcapng) => ("packet", "packets"),
        Some(LogFormat::Evtx) => ("event record", "event records"),
        _ => ("line", "lines"),
    }
}

/// The first bytes of a record, in hexadecimal, to quote a broken one.
pub fn hex_quote(bytes: &[u8]) -> String {
    const SHOWN: usize = 32;
    let mut s: String = bytes
        .iter()
        .take(SHOWN)
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ");
    if bytes.len() > SHOWN {
        s.push_str(" ...");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_name_the_format() {
        assert_eq!(
            sniff(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]),
            Some(LogFormat::Pcap)
        );
        assert_eq!(
            sniff(&[0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4]),
            Some(LogFormat::Pcap)
        );
        assert_eq!(
            sniff(&[0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0]),
            Some(LogFormat::Pcapng)
        );
        assert_eq!(sniff(b"ElfFile\0"), Some(LogFormat::Evtx));
        assert_eq!(sniff(b"ElfFile"), None);
        assert_eq!(sniff(b"Mar  8 17"), None);
        assert_eq!(sniff(b"{}"), None);
    }

    /// The real capture and event log of tests/data, read as the page reads files (4 MiB
    /// chunks), natively and in WebAssembly (`wasm-pack test --node`), where the event log's
    /// hashing takes its keys from the host's crypto.
    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn real_captures_and_event_logs_read_on_every_target() {
        use crate::logscan::{ScanOptions, Scanner};
        let pcapng: &[u8] = include_bytes!("../../tests/data/wireshark-samples-test.pcapng");
        let evtx: &[u8] = include_bytes!("../../tests/data/Security_short_selected.evtx");
        let mut scanner = Scanner::new(ScanOptions::new(2017));
        for (name, bytes) in [("capture.pcapng", pcapng), ("Security.evtx", evtx)] {
            scanner.begin(name).unwrap();
            for chunk in bytes.chunks(4 << 20) {
                scanner.push(chunk).unwrap();
            }
            scanner.end().unwrap();
        }
        let report = scanner.report();
        let counts: Vec<(Option<LogFormat>, u64, u64, u64, u64)> = report
            .sources
            .iter()
            .map(|s| (s.format, s.lines, s.queries, s.other, s.malformed))
            .collect();
        assert_eq!(
            counts,
            [
                (Some(LogFormat::Pcapng), 5898, 27, 5871, 0),
                (Some(LogFormat::Evtx), 7, 0, 7, 0)
            ]
        );
    }

    #[test]
    fn quotes_show_the_first_bytes() {
        assert_eq!(hex_quote(&[0, 0xab, 0x10]), "00 ab 10");
        assert!(hex_quote(&[0; 40]).ends_with("00 ..."));
    }
}
