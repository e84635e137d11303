//! Windows event logs (`.evtx`) read as they arrive: the file is a 4 KiB header and then
//! 64 KiB chunks, each of which carries its own string and template tables, so the `evtx`
//! crate decodes one chunk at a time. Memory is one chunk whatever the file's size; no
//! seeking and no buffering of the file are needed.
//!
//! Records come in file order, which for a log that has wrapped around is not time order:
//! the scan does not depend on order.

use std::sync::Arc;

use evtx::{EvtxChunkData, ParserSettings};
use serde_json::Value;

use crate::logscan::binary::{hex_quote, Sink};
use crate::logscan::formats::Line;
use crate::logscan::sysmon;

/// The file header's size, before the first chunk.
pub const FILE_HEADER_BYTES: usize = 4096;
/// Each chunk's size.
pub const CHUNK_BYTES: usize = 65536;

pub struct EvtxReader {
    settings: Arc<ParserSettings>,
    /// The header's bytes still to skip.
    header_left: usize,
    /// The chunk being gathered.
    chunk: Vec<u8>,
    chunks: u64,
}

impl Default for EvtxReader {
    fn default() -> EvtxReader {
        EvtxReader {
            settings: Arc::new(ParserSettings::new().indent(false)),
            header_left: FILE_HEADER_BYTES,
            chunk: Vec::with_capacity(CHUNK_BYTES),
            chunks: 0,
        }
    }
}

impl EvtxReader {
    pub fn push(&mut self, mut bytes: &[u8], sink: &mut dyn Sink) {
        let skip = self.header_left.min(bytes.len());
        self.header_left -= skip;
        bytes = &bytes[skip..];
        while !bytes.is_empty() {
            let take = (CHUNK_BYTES - self.chunk.len()).min(bytes.len());
            self.chunk.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.chunk.len() == CHUNK_BYTES {
                let chunk = std::mem::take(&mut self.chunk);
                self.chunk = self.read_chunk(chunk, sink);
                self.chunk.clear();
            }
        }
    }

    pub fn end(&mut self, sink: &mut dyn Sink) {
        if self.header_left > 0 && self.header_left < FILE_HEADER_BYTES {
            let number = sink.record();
            sink.malformed(number, "the event log ends inside its file header", "");
        } else if self.chunk.iter().any(|&b| b != 0) {
            let number = sink.record();
            let quote = format!(
                "chunk {}: {} of {CHUNK_BYTES} bytes",
                self.chunks,
                self.chunk.len()
            );
            sink.malformed(number, "the event log ends inside a chunk", &quote);
            // The records before the cut can still be read; those it cut are malformed.
            let mut chunk = std::mem::take(&mut self.chunk);
            chunk.resize(CHUNK_BYTES, 0);
            self.read_chunk(chunk, sink);
        }
        self.chunk.clear();
    }

    /// Reads one chunk's records; gives back the buffer to gather the next chunk in.
    fn read_chunk(&mut self, data: Vec<u8>, sink: &mut dyn Sink) -> Vec<u8> {
        let index = self.chunks;
        self.chunks += 1;
        // Chunks a log has not used yet are zeros.
        if data.iter().all(|&b| b == 0) {
            return data;
        }
        let mut chunk = match EvtxChunkData::new(data, false) {
            Ok(chunk) => chunk,
            Err(e) => {
                let number = sink.record();
                sink.malformed(
                    number,
                    "an event log chunk that cannot be read",
                    &format!("chunk {index}: {e}"),
                );
                return Vec::with_capacity(CHUNK_BYTES);
            }
        };
        match chunk.parse(Arc::clone(&self.settings)) {
            Ok(mut parsed) => {
                for record in parsed.iter() {
                    let number = sink.record();
                    let json = record.and_then(|r| r.into_json_bytes());
                    match json {
                        Ok(json) => match serde_json::from_slice::<Value>(&json.data) {
                            Ok(value) => {
                                emit(number, sysmon::event(&value), sink, &json.data);
                            }
                            Err(_) => sink.malformed(
                                number,
                                "an event record that cannot be read",
                                &hex_quote(&json.data),
                            ),
                        },
                        Err(e) => sink.malformed(
                            number,
                            "an event record that cannot be read",
                            &format!("chunk {index}: {e}"),
                        ),
                    }
                }
            }
            Err(e) => {
                let number = sink.record();
                sink.malformed(
                    number,
                    "an event log chunk that cannot be read",
                    &format!("chunk {index}: {e}"),
                );
            }
        }
        chunk.data
    }
}

/// Hands a Sysmon event (or any other) to the sink.
pub fn emit(number: u64, event: sysmon::Event<'_>, sink: &mut dyn Sink, raw: &[u8]) {
    match event.line {
        Line::Query(query) => sink.query(number, query, event.process.as_deref()),
        Line::Other => sink.other(),
        Line::Malformed(reason) => {
            let text = String::from_utf8_lossy(&raw[..raw.len().min(200)]).into_owned();
            sink.malformed(number, reason, &text);
        }
    }
}
