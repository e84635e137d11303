//! DNS over TCP: each message is preceded by its length in two bytes (RFC 1035 4.2.2), and a
//! message can span segments or share one. Each client's connection to port 53 is followed
//! only as far as its queries need: bytes in order from the first segment seen (or the
//! handshake), retransmissions skipped, a gap ending the connection's reading until a new
//! handshake. Memory is bounded: at most `MAX_CONNECTIONS` connections (the oldest is
//! dropped for a new one), each holding at most one unfinished message of `MAX_TCP_MESSAGE`
//! bytes.

use std::collections::VecDeque;
use std::net::IpAddr;

use rustc_hash::FxHashMap;

/// Connections followed at once.
pub const MAX_CONNECTIONS: usize = 4096;
/// A longer message is not a query (a name is at most 255 bytes): the stream is not DNS.
pub const MAX_TCP_MESSAGE: usize = 4096;

/// The client's side of a connection to a DNS server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Connection {
    pub client: IpAddr,
    pub server: IpAddr,
    pub client_port: u16,
}

#[derive(Default)]
struct Stream {
    /// The sequence number of the next byte expected.
    next: Option<u32>,
    /// The start of a message whose end has not arrived.
    held: Vec<u8>,
    /// A segment was missed: the stream cannot be followed until a new handshake.
    lost: bool,
}

#[derive(Default)]
pub struct Connections {
    streams: FxHashMap<Connection, Stream>,
    /// Connections in the order they were opened, to drop the oldest.
    opened: VecDeque<Connection>,
}

impl Connections {
    /// A segment from the client; each message it completes goes to `message`. An error names
    /// what could not be followed.
    pub fn segment(
        &mut self,
        connection: Connection,
        sequence: u32,
        (syn, fin, rst): (bool, bool, bool),
        payload: &[u8],
        mut message: impl FnMut(&[u8]),
    ) -> Result<(), &'static str> {
        if rst {
            self.streams.remove(&connection);
            return Ok(());
        }
        if payload.is_empty() && !syn {
            if fin {
                self.streams.remove(&connection);
            }
            return Ok(());
        }
        let stream = self.stream(connection);
        if syn {
            *stream = Stream {
                next: Some(sequence.wrapping_add(1)),
                ..Stream::default()
            };
        }
        let result = stream.take(sequence, payload, &mut message);
        if fin {
            self.streams.remove(&connection);
        }
        result
    }

    fn stream(&mut self, connection: Connection) -> &mut Stream {
        if !self.streams.contains_key(&connection) {
            if self.streams.len() >= MAX_CONNECTIONS {
                while let Some(oldest) = self.opened.pop_front() {
                    if self.streams.remove(&oldest).is_some() {
                        break;
                    }
                }
            }
            if self.opened.len() >= 2 * MAX_CONNECTIONS {
                let streams = &self.streams;
                self.opened.retain(|c| streams.contains_key(c));
            }
            self.opened.push_back(connection);
        }
        self.streams.entry(connection).or_default()
    }
}

impl Stream {
    fn take(
        &mut self,
        sequence: u32,
        payload: &[u8],
        message: &mut impl FnMut(&[u8]),
    ) -> Result<(), &'static str> {
        if payload.is_empty() {
            return Ok(());
        }
        // A capture that starts mid-connection: take the first segment as a message's start.
        let next = *self.next.get_or_insert(sequence);
        let ahead = sequence.wrapping_sub(next) as i32;
        let end = sequence.wrapping_add(payload.len() as u32);
        if ahead > 0 {
            self.next = Some(end);
            self.held.clear();
            if self.lost {
                return Ok(());
            }
            self.lost = true;
            return Err("a DNS over TCP stream with a missing segment");
        }
        if self.lost {
            if end.wrapping_sub(next) as i32 > 0 {
                self.next = Some(end);
            }
            return Ok(());
        }
        let seen = ahead.unsigned_abs() as usize;
        let Some(new) = payload.get(seen..).filter(|n| !n.is_empty()) else {
            // A retransmission of what was read.
            return Ok(());
        };
        self.next = Some(end);
        self.held.extend_from_slice(new);
        let mut start = 0;
        let result = loop {
            let rest = &self.held[start..];
            let Some(length) = rest
                .get(..2)
                .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            else {
                break Ok(());
            };
            if length > MAX_TCP_MESSAGE {
                self.lost = true;
                start = self.held.len();
                break Err("a DNS over TCP message longer than 4 KiB: not a query");
            }
            let Some(body) = rest.get(2..2 + length) else {
                break Ok(());
            };
            message(body);
            start += 2 + length;
        };
        self.held.drain(..start);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(port: u16) -> Connection {
        Connection {
            client: "10.0.0.5".parse().unwrap(),
            server: "10.0.0.1".parse().unwrap(),
            client_port: port,
        }
    }

    /// Client port, sequence number, SYN/FIN/RST, payload.
    type Segment<'a> = (u16, u32, (bool, bool, bool), &'a [u8]);

    fn messages(segments: &[Segment<'_>]) -> (Vec<Vec<u8>>, Vec<&'static str>) {
        let mut connections = Connections::default();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for &(port, seq, flags, payload) in segments {
            if let Err(e) =
                connections.segment(conn(port), seq, flags, payload, |m| out.push(m.to_vec()))
            {
                errors.push(e);
            }
        }
        (out, errors)
    }

    const NONE: (bool, bool, bool) = (false, false, false);
    const SYN: (bool, bool, bool) = (true, false, false);

    #[test]
    fn messages_split_and_shared_across_segments() {
        let (out, errors) = messages(&[
            (1, 99, SYN, b""),
            (1, 100, NONE, b"\x00\x03ab"),
            (1, 104, NONE, b"c\x00\x01x\x00"),
            (1, 104, NONE, b"c\x00\x01x\x00"), // retransmitted
            (1, 109, NONE, b"\x02yz"),
        ]);
        assert_eq!(out, [b"abc".to_vec(), b"x".to_vec(), b"yz".to_vec()]);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_gap_stops_the_stream_until_a_new_handshake() {
        let (out, errors) = messages(&[
            (1, 100, NONE, b"\x00\x03a"),
            (1, 110, NONE, b"\x00\x01x"),
            (1, 113, NONE, b"\x00\x01y"),
            (1, 199, SYN, b""),
            (1, 200, NONE, b"\x00\x01z"),
        ]);
        assert_eq!(out, [b"z".to_vec()]);
        assert_eq!(errors, ["a DNS over TCP stream with a missing segment"]);
    }

    #[test]
    fn connections_are_bounded() {
        let mut connections = Connections::default();
        for port in 0..(MAX_CONNECTIONS as u16 + 10) {
            connections
                .segment(conn(port), 1, NONE, b"\x00\x05a", |_| {})
                .unwrap();
        }
        assert_eq!(connections.streams.len(), MAX_CONNECTIONS);
        assert!(!connections.streams.contains_key(&conn(0)));
        assert!(connections
            .streams
            .contains_key(&conn(MAX_CONNECTIONS as u16 + 9)));
    }

    #[test]
    fn an_overlong_length_is_not_dns() {
        let (out, errors) = messages(&[(1, 1, NONE, b"\xff\xffabc"), (1, 6, NONE, b"\x00\x01a")]);
        assert!(out.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
