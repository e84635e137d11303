//! From a captured frame to the DNS queries it carries: the link layer, IP and UDP or TCP
//! with the `etherparse` crate, DNS messages with the `simple-dns` crate.

use std::borrow::Cow;
use std::net::IpAddr;

use etherparse::{
    EtherType, LaxNetSlice, LaxSlicedPacket, LinuxSllProtocolType, LinuxSllSlice, TransportSlice,
};
use pcap_parser::Linktype;
use simple_dns::{Packet, PacketFlag, OPCODE};

use crate::logscan::binary::{hex_quote, Sink};
use crate::logscan::capture::tcp::{Connection, Connections};
use crate::logscan::formats::Query;
use crate::logscan::time::{LogTime, Micros};

/// DNS's port, for UDP and TCP.
const DNS_PORT: u16 = 53;

/// LINKTYPE_RAW's numbers on OpenBSD and elsewhere (DLT_RAW), which some pcap writers keep.
const DLT_RAW: [i32; 2] = [12, 14];
/// A Linux cooked (v2) header's length; the protocol type is its first two bytes.
const SLL2_HEADER_BYTES: usize = 20;
/// A BSD loopback header's length (the address family, which the IP version repeats).
const NULL_HEADER_BYTES: usize = 4;

/// The packets of one capture, and its TCP connections to port 53.
#[derive(Default)]
pub struct Packets {
    connections: Connections,
}

/// How one packet read.
#[derive(Default)]
struct Outcome {
    queries: u32,
    malformed: bool,
}

impl Packets {
    /// One frame of link type `link`, captured at `time`.
    pub fn packet(
        &mut self,
        link: Linktype,
        time: Option<Micros>,
        data: &[u8],
        sink: &mut dyn Sink,
    ) {
        let number = sink.record();
        let outcome = self.read(link, time, data, number, sink);
        if !outcome.malformed && outcome.queries == 0 {
            sink.other();
        }
    }

    fn read(
        &mut self,
        link: Linktype,
        time: Option<Micros>,
        data: &[u8],
        number: u64,
        sink: &mut dyn Sink,
    ) -> Outcome {
        let mut outcome = Outcome::default();
        let malformed = |reason: &'static str, sink: &mut dyn Sink| {
            sink.malformed(number, reason, &hex_quote(data));
            Outcome {
                queries: 0,
                malformed: true,
            }
        };
        let sliced = match link {
            Linktype::ETHERNET => match LaxSlicedPacket::from_ethernet(data) {
                Ok(p) => p,
                Err(_) => return malformed("a truncated Ethernet header", sink),
            },
            Linktype::NULL | Linktype::LOOP => {
                match data.get(NULL_HEADER_BYTES..).map(LaxSlicedPacket::from_ip) {
                    Some(Ok(p)) => p,
                    _ => return malformed("a loopback packet that is not IP", sink),
                }
            }
            Linktype::RAW | Linktype::IPV4 | Linktype::IPV6 => match LaxSlicedPacket::from_ip(data)
            {
                Ok(p) => p,
                Err(_) => return malformed("a raw packet that is not IP", sink),
            },
            Linktype(n) if DLT_RAW.contains(&n) => match LaxSlicedPacket::from_ip(data) {
                Ok(p) => p,
                Err(_) => return malformed("a raw packet that is not IP", sink),
            },
            Linktype::LINUX_SLL => match LinuxSllSlice::from_slice(data) {
                Ok(sll) => match sll.protocol_type() {
                    LinuxSllProtocolType::EtherType(ether_type) => {
                        LaxSlicedPacket::from_ether_type(ether_type, sll.payload_slice())
                    }
                    _ => return outcome,
                },
                Err(_) => return malformed("a truncated Linux cooked header", sink),
            },
            Linktype::LINUX_SLL2 => match data.get(..SLL2_HEADER_BYTES) {
                Some(header) => LaxSlicedPacket::from_ether_type(
                    EtherType(u16::from_be_bytes([header[0], header[1]])),
                    &data[SLL2_HEADER_BYTES..],
                ),
                None => return malformed("a truncated Linux cooked (v2) header", sink),
            },
            _ => {
                return malformed(
                    "a link type not read (Ethernet, Linux cooked, raw IP and loopback are)",
                    sink,
                )
            }
        };
        if sliced.stop_err.is_some() {
            return malformed("a truncated or corrupt packet", sink);
        }
        let client = match &sliced.net {
            Some(LaxNetSlice::Ipv4(ip)) => IpAddr::V4(ip.header().source_addr()),
            Some(LaxNetSlice::Ipv6(ip)) => IpAddr::V6(ip.header().source_addr()),
            _ => return outcome,
        };
        match &sliced.transport {
            Some(TransportSlice::Udp(udp))
                if udp.destination_port() == DNS_PORT || udp.source_port() == DNS_PORT =>
            {
                dns(udp.payload(), client, time, number, sink, &mut outcome);
            }
            Some(TransportSlice::Tcp(tcp)) if tcp.destination_port() == DNS_PORT => {
                let server = match &sliced.net {
                    Some(LaxNetSlice::Ipv4(ip)) => IpAddr::V4(ip.header().destination_addr()),
                    Some(LaxNetSlice::Ipv6(ip)) => IpAddr::V6(ip.header().destination_addr()),
                    _ => return outcome,
                };
                let connection = Connection {
                    client,
                    server,
                    client_port: tcp.source_port(),
                };
                let segment = self.connections.segment(
                    connection,
                    tcp.sequence_number(),
                    (tcp.syn(), tcp.fin(), tcp.rst()),
                    tcp.payload(),
                    |message| dns(message, client, time, number, sink, &mut outcome),
                );
                if let Err(reason) = segment {
                    if !outcome.malformed {
                        sink.malformed(number, reason, &hex_quote(data));
                        outcome.malformed = true;
                    }
                }
            }
            _ => {}
        }
        outcome
    }
}

/// One DNS message from `client`: each question of a query is a query; a reply or another
/// opcode is not.
fn dns(
    message: &[u8],
    client: IpAddr,
    time: Option<Micros>,
    number: u64,
    sink: &mut dyn Sink,
    outcome: &mut Outcome,
) {
    // A reply (the header's QR bit, RFC 1035 4.1.1) is not decoded: half the traffic, and
    // its answers cost more than its question.
    if message.get(2).is_some_and(|flags| flags & 0x80 != 0) {
        return;
    }
    let packet = match Packet::parse(message) {
        Ok(packet) => packet,
        Err(_) => {
            if !outcome.malformed {
                sink.malformed(
                    number,
                    "a DNS message that cannot be decoded",
                    &hex_quote(message),
                );
                outcome.malformed = true;
            }
            return;
        }
    };
    if packet.has_flags(PacketFlag::RESPONSE) || packet.opcode() != OPCODE::StandardQuery {
        return;
    }
    let client = client.to_string();
    for question in &packet.questions {
        let name = name_text(&question.qname);
        sink.query(
            number,
            Query {
                time: time.map(LogTime::Utc),
                client: Some(Cow::Borrowed(&client)),
                name: Cow::Owned(name),
                host: None,
            },
            None,
        );
        outcome.queries += 1;
    }
}

/// The name as text: its labels joined by dots, as the crate writes it but without its
/// formatting machinery for the common case of printable ASCII labels.
fn name_text(name: &simple_dns::Name<'_>) -> String {
    let mut out = String::with_capacity(64);
    for label in name.as_bytes() {
        if !label
            .iter()
            .all(|b| b.is_ascii_graphic() && *b != b'.' && *b != b'\\')
        {
            return name.to_string();
        }
        if !out.is_empty() {
            out.push('.');
        }
        // Printable ASCII, checked above.
        out.extend(label.iter().map(|&b| char::from(b)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use simple_dns::{Name, CLASS, TYPE};

    fn round_trip(name: &str) -> (String, String) {
        let mut query = Packet::new_query(1);
        query.questions.push(simple_dns::Question::new(
            Name::new_unchecked(name),
            TYPE::A.into(),
            CLASS::IN.into(),
            false,
        ));
        let bytes = query.build_bytes_vec().unwrap();
        let parsed = Packet::parse(&bytes).unwrap();
        let qname = &parsed.questions[0].qname;
        (name_text(qname), qname.to_string())
    }

    #[test]
    fn names_read_as_the_crate_writes_them() {
        for name in ["jogli.com", "WWW.Example.org", "_ldap._tcp.dc", "a-b.c_d.e"] {
            let (fast, crate_text) = round_trip(name);
            assert_eq!(fast, crate_text);
            assert_eq!(fast, name);
        }
    }
}
