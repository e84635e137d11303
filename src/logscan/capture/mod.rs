//! Packet captures, pcap and pcapng, read with the `pcap-parser` crate's streaming parsers as
//! the bytes arrive: a record cut by a chunk's end waits for the next chunk, and memory is one
//! record (at most `MAX_RECORD_BYTES`) besides the TCP connections being reassembled.
//!
//! A capture whose framing breaks (an impossible record length, a bad block) cannot be read
//! further, as pcap has no marks to find the next record by: the rest is counted as one
//! malformed record and skipped; what came before stays in the report.

mod packet;
mod tcp;

use pcap_parser::nom::{Err as NomErr, Needed};
use pcap_parser::pcapng::Block;
use pcap_parser::{
    parse_block_be, parse_block_le, parse_pcap_frame, parse_pcap_frame_be,
    parse_pcap_frame_modified, parse_pcap_header, parse_sectionheaderblock, Linktype,
};

use crate::logscan::binary::{hex_quote, Sink};
use crate::logscan::formats::LogFormat;
use crate::logscan::time::{Micros, MICROS_PER_SECOND};

pub use packet::Packets;
pub use tcp::{MAX_CONNECTIONS, MAX_TCP_MESSAGE};

/// A longer record (packet or pcapng block) is taken for a corrupt length.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// What the capture's header said.
#[derive(Clone, Debug)]
enum State {
    /// The file header has not arrived whole.
    Header,
    Pcap {
        link: Linktype,
        big_endian: bool,
        nanoseconds: bool,
        modified: bool,
    },
    Pcapng {
        big_endian: bool,
        interfaces: Vec<Interface>,
    },
    /// The framing broke; the rest is skipped.
    Broken,
}

/// A pcapng interface: its link type and how its packets' times are written.
#[derive(Clone, Copy, Debug)]
struct Interface {
    link: Linktype,
    /// Time units per second.
    resolution: u64,
    /// Seconds added to every time.
    offset: i64,
}

pub struct CaptureReader {
    format: LogFormat,
    state: State,
    /// The start of a record whose end has not arrived.
    held: Vec<u8>,
    packets: Packets,
}

/// Why the framing broke, if it did.
enum Step {
    /// A record was read; this many bytes.
    Read(usize),
    /// More bytes are needed.
    Wait,
    Broken(&'static str),
}

impl CaptureReader {
    pub fn new(format: LogFormat) -> CaptureReader {
        CaptureReader {
            format,
            state: State::Header,
            held: Vec::new(),
            packets: Packets::default(),
        }
    }

    pub fn push(&mut self, bytes: &[u8], sink: &mut dyn Sink) {
        if matches!(self.state, State::Broken) {
            return;
        }
        if self.held.is_empty() {
            let used = self.read(bytes, sink);
            if !matches!(self.state, State::Broken) {
                self.held.extend_from_slice(&bytes[used..]);
            }
        } else {
            let mut held = std::mem::take(&mut self.held);
            held.extend_from_slice(bytes);
            let used = self.read(&held, sink);
            held.drain(..used);
            if !matches!(self.state, State::Broken) {
                self.held = held;
            }
        }
    }

    pub fn end(&mut self, sink: &mut dyn Sink) {
        if !self.held.is_empty() && !matches!(self.state, State::Broken) {
            let number = sink.record();
            let reason = if matches!(self.state, State::Header) {
                "the capture ends inside its file header"
            } else {
                "the capture ends inside a packet record"
            };
            sink.malformed(number, reason, &hex_quote(&self.held));
        }
        self.held = Vec::new();
    }

    /// Reads the records `input` holds whole; the bytes used.
    fn read(&mut self, input: &[u8], sink: &mut dyn Sink) -> usize {
        let mut used = 0;
        loop {
            let rest = &input[used..];
            if rest.is_empty() {
                return used;
            }
            match self.step(rest, sink) {
                Step::Read(n) => used += n,
                Step::Wait => return used,
                Step::Broken(reason) => {
                    self.state = State::Broken;
                    let number = sink.record();
                    sink.malformed(number, reason, &hex_quote(rest));
                    return input.len();
                }
            }
        }
    }

    fn step(&mut self, input: &[u8], sink: &mut dyn Sink) -> Step {
        match &mut self.state {
            State::Header if self.format == LogFormat::Pcap => match parse_pcap_header(input) {
                Ok((rest, header)) => {
                    let modified = header.is_modified_format();
                    if modified && header.is_bigendian() {
                        return Step::Broken("a big-endian modified pcap, which is not read");
                    }
                    self.state = State::Pcap {
                        link: header.network,
                        big_endian: header.is_bigendian(),
                        nanoseconds: header.is_nanosecond_precision(),
                        modified,
                    };
                    Step::Read(input.len() - rest.len())
                }
                Err(e) => wait_or_break(e, input.len(), "a corrupt pcap file header"),
            },
            State::Header => match parse_sectionheaderblock(input) {
                Ok((rest, shb)) => {
                    self.state = State::Pcapng {
                        big_endian: shb.big_endian(),
                        interfaces: Vec::new(),
                    };
                    Step::Read(input.len() - rest.len())
                }
                Err(e) => wait_or_break(e, input.len(), "a corrupt pcapng section header"),
            },
            State::Pcap {
                link,
                big_endian,
                nanoseconds,
                modified,
            } => {
                let parsed = if *modified {
                    parse_pcap_frame_modified(input)
                } else if *big_endian {
                    parse_pcap_frame_be(input)
                } else {
                    parse_pcap_frame(input)
                };
                match parsed {
                    Ok((rest, frame)) => {
                        let fraction = if *nanoseconds {
                            i64::from(frame.ts_usec) / 1000
                        } else {
                            i64::from(frame.ts_usec)
                        };
                        let time = i64::from(frame.ts_sec) * MICROS_PER_SECOND + fraction;
                        self.packets.packet(*link, Some(time), frame.data, sink);
                        Step::Read(input.len() - rest.len())
                    }
                    Err(e) => wait_or_break(e, input.len(), "a corrupt pcap packet record"),
                }
            }
            State::Pcapng {
                big_endian,
                interfaces,
            } => {
                let parsed = if *big_endian {
                    parse_block_be(input)
                } else {
                    parse_block_le(input)
                };
                let (rest, block) = match parsed {
                    Ok(read) => read,
                    Err(e) => return wait_or_break(e, input.len(), "a corrupt pcapng block"),
                };
                match block {
                    Block::SectionHeader(shb) => {
                        *big_endian = shb.big_endian();
                        interfaces.clear();
                    }
                    Block::InterfaceDescription(idb) => interfaces.push(Interface {
                        link: idb.linktype,
                        resolution: idb.ts_resolution().unwrap_or(1_000_000),
                        offset: idb.ts_offset(),
                    }),
                    Block::EnhancedPacket(epb) => match interfaces.get(epb.if_id as usize) {
                        Some(interface) => {
                            let time = interface.time(epb.ts_high, epb.ts_low);
                            self.packets.packet(interface.link, time, epb.data, sink);
                        }
                        None => {
                            let number = sink.record();
                            sink.malformed(
                                number,
                                "a packet on an interface the capture did not describe",
                                &hex_quote(epb.data),
                            );
                        }
                    },
                    // Simple packet blocks belong to the first interface and have no time.
                    Block::SimplePacket(spb) => match interfaces.first() {
                        Some(interface) => {
                            self.packets.packet(interface.link, None, spb.data, sink)
                        }
                        None => {
                            let number = sink.record();
                            sink.malformed(
                                number,
                                "a packet on an interface the capture did not describe",
                                &hex_quote(spb.data),
                            );
                        }
                    },
                    // Statistics, name resolution, secrets, comments: not packets.
                    _ => {}
                }
                Step::Read(input.len() - rest.len())
            }
            State::Broken => Step::Read(input.len()),
        }
    }
}

impl Interface {
    /// The packet's time, UTC microseconds; `None` if it cannot be expressed.
    fn time(&self, high: u32, low: u32) -> Option<Micros> {
        let units = (u128::from(high) << 32) | u128::from(low);
        let micros = units * 1_000_000 / u128::from(self.resolution.max(1));
        let micros = i64::try_from(micros).ok()?;
        self.offset
            .checked_mul(MICROS_PER_SECOND)?
            .checked_add(micros)
    }
}

/// A parser's answer short of a record: wait for more bytes, or the framing is broken.
fn wait_or_break<E>(e: NomErr<E>, available: usize, reason: &'static str) -> Step {
    match e {
        NomErr::Incomplete(needed) => {
            let more = match needed {
                Needed::Size(n) => n.get(),
                Needed::Unknown => 1,
            };
            if available.saturating_add(more) > MAX_RECORD_BYTES {
                Step::Broken("a record longer than 16 MiB: a corrupt length")
            } else {
                Step::Wait
            }
        }
        NomErr::Error(_) | NomErr::Failure(_) => Step::Broken(reason),
    }
}
