//! scan-log's binary sources and Sysmon events: real captures and event logs from other
//! projects' test data (tests/data/PROVENANCE.md), scanned as they are and with some of their
//! queries turned into the worm's names of their own dates; captures written here for the link
//! types, IPv6 and DNS over TCP; truncated and corrupt files, which are counted, never fatal.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;

use chrono::{DateTime, NaiveDate};
use etherparse::{PacketBuilder, SlicedPacket, TransportSlice, VlanId};
use flate2::write::GzEncoder;
use flate2::Compression;
use pcap_parser::parse_pcapng;
use pcap_parser::pcapng::Block;
use proptest::prelude::*;
use simple_dns::{Name, Packet, Question, CLASS, TYPE};

use conficker_dga::generator::day_list;
use conficker_dga::logscan::binary::Sink;
use conficker_dga::logscan::evtx::EvtxReader;
use conficker_dga::logscan::formats::Query;
use conficker_dga::logscan::time::LogTime;
use conficker_dga::logscan::{ClientReport, LogFormat, ScanOptions, ScanReport, Scanner};
use conficker_dga::output::scan::{file, ScanFormat};
use conficker_dga::variant::Variant;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn scan_with(sources: &[(&str, &[u8])], chunk: usize, options: ScanOptions) -> ScanReport {
    let mut scanner = Scanner::new(options);
    for (name, bytes) in sources {
        scanner.begin(name).unwrap();
        for piece in bytes.chunks(chunk.max(1)) {
            scanner.push(piece).unwrap();
        }
        scanner.end().unwrap();
    }
    scanner.report()
}

fn scan(name: &str, bytes: &[u8]) -> ScanReport {
    let report = scan_with(&[(name, bytes)], 1 << 20, ScanOptions::new(2009));
    // The page reads 4 MiB chunks, the command line 1 MiB: any cut gives the same report.
    for chunk in [4 << 20, 4093, 61] {
        assert_eq!(
            scan_with(&[(name, bytes)], chunk, ScanOptions::new(2009)),
            report,
            "{name} in chunks of {chunk}"
        );
    }
    report
}

fn utc(micros: i64) -> String {
    DateTime::from_timestamp_micros(micros)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The client's lookups, distinct names, first and last time, and example names.
fn summary(c: &ClientReport) -> (u64, u64, String, String, Vec<String>) {
    (
        c.lookups,
        c.distinct_names,
        c.first.clone().unwrap_or_default(),
        c.last.clone().unwrap_or_default(),
        c.examples.iter().map(|e| e.name.clone()).collect(),
    )
}

fn client<'r>(report: &'r ScanReport, name: &str) -> &'r ClientReport {
    report
        .clients
        .iter()
        .find(|c| c.client.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("{name} not reported: {:?}", report.clients))
}

/// Lines (records), queries, other, malformed, undated of the first source.
fn counts(report: &ScanReport) -> (u64, u64, u64, u64, u64) {
    let s = &report.sources[0];
    (s.lines, s.queries, s.other, s.malformed, s.undated)
}

// ---- DNS messages and packets, built with the crates the scan reads them with ----

fn dns_query(id: u16, name: &str) -> Vec<u8> {
    let mut packet = Packet::new_query(id);
    packet.questions.push(Question::new(
        Name::new_unchecked(name),
        TYPE::A.into(),
        CLASS::IN.into(),
        false,
    ));
    packet.build_bytes_vec().unwrap()
}

fn dns_reply(id: u16, name: &str) -> Vec<u8> {
    let mut packet = Packet::new_reply(id);
    packet.questions.push(Question::new(
        Name::new_unchecked(name),
        TYPE::A.into(),
        CLASS::IN.into(),
        false,
    ));
    packet.build_bytes_vec().unwrap()
}

/// A message as DNS over TCP frames it: its length in two bytes first.
fn framed(message: &[u8]) -> Vec<u8> {
    let mut out = (message.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(message);
    out
}

const MAC_A: [u8; 6] = [2, 0, 0, 0, 0, 5];
const MAC_B: [u8; 6] = [2, 0, 0, 0, 0, 1];

fn v6(last: u16) -> [u8; 16] {
    let mut a = [0u8; 16];
    a[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
    a[14..].copy_from_slice(&last.to_be_bytes());
    a
}

fn build(builder: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    builder(&mut out);
    out
}

// ---- capture files, written by hand: the formats' headers are a few fixed fields ----

/// A classic pcap of one link type; times in microseconds since 1970.
fn pcap(link: u32, nanoseconds: bool, big_endian: bool, packets: &[(i64, Vec<u8>)]) -> Vec<u8> {
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut out = Vec::new();
    out.extend(u32b(if nanoseconds {
        0xa1b2_3c4d
    } else {
        0xa1b2_c3d4
    }));
    out.extend(u16b(2));
    out.extend(u16b(4));
    out.extend(u32b(0));
    out.extend(u32b(0));
    out.extend(u32b(65535));
    out.extend(u32b(link));
    for (time, data) in packets {
        let fraction = (time % 1_000_000) as u32 * if nanoseconds { 1000 } else { 1 };
        out.extend(u32b((time / 1_000_000) as u32));
        out.extend(u32b(fraction));
        out.extend(u32b(data.len() as u32));
        out.extend(u32b(data.len() as u32));
        out.extend_from_slice(data);
    }
    out
}

fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let padded = body.len().div_ceil(4) * 4;
    let total = (12 + padded) as u32;
    let mut out = Vec::new();
    out.extend(kind.to_le_bytes());
    out.extend(total.to_le_bytes());
    out.extend_from_slice(body);
    out.resize(8 + padded, 0);
    out.extend(total.to_le_bytes());
    out
}

/// A little-endian pcapng: interfaces (link type, if_tsresol), then packets on them with
/// times in each interface's units.
fn pcapng(interfaces: &[(u16, u8)], packets: &[(u32, u64, Vec<u8>)]) -> Vec<u8> {
    let mut shb = Vec::new();
    shb.extend(0x1a2b_3c4du32.to_le_bytes());
    shb.extend(1u16.to_le_bytes());
    shb.extend(0u16.to_le_bytes());
    shb.extend((-1i64).to_le_bytes());
    let mut out = block(0x0a0d_0d0a, &shb);
    for &(link, tsresol) in interfaces {
        let mut idb = Vec::new();
        idb.extend(link.to_le_bytes());
        idb.extend(0u16.to_le_bytes());
        idb.extend(0u32.to_le_bytes());
        // if_tsresol (code 9, one byte), then the end of options.
        idb.extend(9u16.to_le_bytes());
        idb.extend(1u16.to_le_bytes());
        idb.extend([tsresol, 0, 0, 0]);
        idb.extend([0u8; 4]);
        out.extend(block(1, &idb));
    }
    for (interface, units, data) in packets {
        let mut epb = Vec::new();
        epb.extend(interface.to_le_bytes());
        epb.extend(((units >> 32) as u32).to_le_bytes());
        epb.extend((*units as u32).to_le_bytes());
        epb.extend((data.len() as u32).to_le_bytes());
        epb.extend((data.len() as u32).to_le_bytes());
        epb.extend_from_slice(data);
        epb.resize(20 + data.len().div_ceil(4) * 4, 0);
        out.extend(block(6, &epb));
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

// ---- a real capture: pcap-parser's copy of a Wireshark sample (2017-10-01) ----

const WIRESHARK: &str = "wireshark-samples-test.pcapng";
/// Its resolver's client, which asks every query in it.
const WIRESHARK_CLIENT: &str = "192.168.152.101";

#[test]
fn a_real_pcapng_is_read_as_it_is() {
    let report = scan(WIRESHARK, &data(WIRESHARK));
    // tshark -r wireshark-samples-test.pcapng -Y 'dns && udp.dstport == 53' | wc -l: 27 queries,
    // all PTR lookups by 192.168.152.101 (27 replies; mDNS on 5353 is not DNS on 53).
    assert_eq!(counts(&report), (5898, 27, 5871, 0, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Pcapng));
    assert!(report.clients.is_empty());
    let days: Vec<(&str, u64, u64)> = report
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.queries, d.lookups))
        .collect();
    assert_eq!(days, [("2017-10-01", 27, 0)]);
    assert!(file(&report, ScanFormat::Table)
        .text
        .contains("wireshark-samples-test.pcapng (pcapng): 5898 packets, 27 queries, 5871 other, 0 malformed, 0 undated"));
}

/// The real capture's packets, as (time in microseconds, Ethernet frame), with its first
/// `rewrite` DNS queries asking for `names` instead (same addresses, ports and IDs).
fn wireshark_rewritten(names: &[String]) -> (Vec<(i64, Vec<u8>)>, Vec<i64>) {
    let bytes = data(WIRESHARK);
    let (_, capture) = parse_pcapng(&bytes).unwrap();
    let mut packets = Vec::new();
    let mut rewritten = Vec::new();
    let mut resolution = 1_000_000u64;
    for section in &capture.sections {
        for block in &section.blocks {
            match block {
                Block::InterfaceDescription(idb) => resolution = idb.ts_resolution().unwrap(),
                Block::EnhancedPacket(epb) => {
                    let units = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                    let time = (u128::from(units) * 1_000_000 / u128::from(resolution)) as i64;
                    let original = &epb.data[..epb.caplen as usize];
                    let mut frame = original.to_vec();
                    let sliced = SlicedPacket::from_ethernet(original).unwrap();
                    if let (Some(TransportSlice::Udp(udp)), Some(next)) =
                        (&sliced.transport, names.get(rewritten.len()))
                    {
                        let query = Packet::parse(udp.payload()).ok().filter(|p| {
                            udp.destination_port() == 53
                                && !p.has_flags(simple_dns::PacketFlag::RESPONSE)
                        });
                        if let Some(query) = query {
                            let Some(etherparse::NetSlice::Ipv4(ip)) = &sliced.net else {
                                panic!("the sample's DNS is IPv4")
                            };
                            let eth = sliced.link.as_ref().unwrap().to_header().unwrap();
                            let (eth, ip) = match eth {
                                etherparse::LinkHeader::Ethernet2(e) => {
                                    (e, ip.header().to_header())
                                }
                                _ => unreachable!(),
                            };
                            let (sport, dport) = (udp.source_port(), udp.destination_port());
                            frame = build(|out| {
                                PacketBuilder::ethernet2(eth.source, eth.destination)
                                    .ipv4(ip.source, ip.destination, ip.time_to_live)
                                    .udp(sport, dport)
                                    .write(out, &dns_query(query.id(), next))
                                    .unwrap()
                            });
                            rewritten.push(time);
                        }
                    }
                    packets.push((time, frame));
                }
                _ => {}
            }
        }
    }
    (packets, rewritten)
}

#[test]
fn a_real_capture_with_the_worms_names_of_its_day_names_the_client() {
    let names = day_list(Variant::B, date("2017-10-01"));
    let planted: Vec<String> = [17, 40, 99, 180, 249].map(|i| names[i].clone()).to_vec();
    let (packets, times) = wireshark_rewritten(&planted);
    assert_eq!((packets.len(), times.len()), (5898, 5));
    let capture = pcap(1, false, false, &packets);
    let report = scan("rewritten.pcap", &capture);
    assert_eq!(counts(&report), (5898, 27, 5871, 0, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Pcap));
    assert_eq!(report.clients.len(), 1);
    let c = client(&report, WIRESHARK_CLIENT);
    assert_eq!(
        summary(c),
        (5, 5, utc(times[0]), utc(times[4]), planted[..3].to_vec())
    );
    assert_eq!(c.variants, "B");
    assert_eq!(
        c.examples
            .iter()
            .map(|e| (e.date.as_str(), e.index))
            .collect::<Vec<_>>(),
        [("2017-10-01", 17), ("2017-10-01", 40), ("2017-10-01", 99)]
    );
    assert!(c.processes.is_empty());
    assert_eq!(report.days[0].lookups, 5);
    // The same capture compressed, and in nanoseconds, big-endian: the same findings.
    let gz = scan("rewritten.pcap.gz", &gzip(&capture));
    assert!(gz.sources[0].gzip);
    assert_eq!((&gz.clients, &gz.days), (&report.clients, &report.days));
    let nanos = scan("nanos.pcap", &pcap(1, true, true, &packets));
    assert_eq!(
        (&nanos.clients, &nanos.days),
        (&report.clients, &report.days)
    );
}

// ---- captures written here: VLAN, IPv6, TCP, cooked, raw and loopback link types ----

/// The 2009-03-08 B names the mixed captures plant (jogli.com is #100).
fn b_names() -> Vec<String> {
    day_list(Variant::B, date("2009-03-08"))
}

/// 2009-03-08T17:11:28Z.
const T0: i64 = 1_236_532_288 * 1_000_000;

/// Ethernet frames: VLAN-tagged IPv4 UDP, IPv6 UDP, IPv4 TCP split over two segments, IPv6 TCP
/// with two queries in one segment, a reply, an ordinary name, a truncated frame and a
/// message that is not DNS. Times one second apart.
fn ethernet_packets(names: &[String]) -> Vec<(i64, Vec<u8>)> {
    let tcp4 = framed(&dns_query(3, &names[3]));
    let mut tcp6 = framed(&dns_query(4, &names[4]));
    tcp6.extend(framed(&dns_query(5, &names[5])));
    let frames = vec![
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .single_vlan(VlanId::try_new(100).unwrap())
                .ipv4([10, 0, 0, 5], [10, 0, 0, 1], 64)
                .udp(50001, 53)
                .write(o, &dns_query(1, &names[1]))
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_B, MAC_A)
                .single_vlan(VlanId::try_new(100).unwrap())
                .ipv4([10, 0, 0, 1], [10, 0, 0, 5], 64)
                .udp(53, 50001)
                .write(o, &dns_reply(1, &names[1]))
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv6(v6(5), v6(1), 64)
                .udp(50002, 53)
                .write(o, &dns_query(2, &names[2]))
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv4([10, 0, 0, 6], [10, 0, 0, 1], 64)
                .tcp(40000, 53, 1000, 64240)
                .syn()
                .write(o, &[])
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv4([10, 0, 0, 6], [10, 0, 0, 1], 64)
                .tcp(40000, 53, 1001, 64240)
                .psh()
                .write(o, &tcp4[..9])
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv4([10, 0, 0, 6], [10, 0, 0, 1], 64)
                .tcp(40000, 53, 1010, 64240)
                .psh()
                .write(o, &tcp4[9..])
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv6(v6(6), v6(1), 64)
                .tcp(40001, 53, 77, 64240)
                .psh()
                .write(o, &tcp6)
                .unwrap()
        }),
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv4([10, 0, 0, 5], [10, 0, 0, 1], 64)
                .udp(50003, 53)
                .write(o, &dns_query(6, "www.example.com"))
                .unwrap()
        }),
        vec![2, 0, 0, 0, 0, 1, 2, 0, 0, 0],
        build(|o| {
            PacketBuilder::ethernet2(MAC_A, MAC_B)
                .ipv4([10, 0, 0, 5], [10, 0, 0, 1], 64)
                .udp(50004, 53)
                .write(o, b"\x00\x07\x00\x00\x00\x05not dns")
                .unwrap()
        }),
    ];
    frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| (T0 + i as i64 * 1_000_000, f))
        .collect()
}

/// What the Ethernet frames hold: per client, (lookups, distinct names, first, last, examples).
fn check_ethernet(report: &ScanReport, names: &[String]) {
    let at = |i: i64| utc(T0 + i * 1_000_000);
    let one = |i: usize, t: i64| (1, 1, at(t), at(t), vec![names[i].clone()]);
    assert_eq!(summary(client(report, "10.0.0.5")), one(1, 0));
    assert_eq!(summary(client(report, "2001:db8::5")), one(2, 2));
    // The TCP query is complete with its second segment (frame 5).
    assert_eq!(summary(client(report, "10.0.0.6")), one(3, 5));
    assert_eq!(
        summary(client(report, "2001:db8::6")),
        (2, 2, at(6), at(6), vec![names[4].clone(), names[5].clone()])
    );
}

#[test]
fn pcap_with_vlan_ipv6_and_tcp_queries() {
    let names = b_names();
    let packets = ethernet_packets(&names);
    for (big_endian, nanoseconds) in [(false, false), (true, false), (false, true), (true, true)] {
        let report = scan("mixed.pcap", &pcap(1, nanoseconds, big_endian, &packets));
        // 10 frames: 6 queries (one packet holds two), 2 malformed, the rest other.
        assert_eq!(
            counts(&report),
            (10, 6, 3, 2, 0),
            "{big_endian} {nanoseconds}"
        );
        assert_eq!(report.clients.len(), 4);
        check_ethernet(&report, &names);
        let reasons: Vec<(u64, &str)> = report.sources[0]
            .malformed_examples
            .iter()
            .map(|m| (m.line, m.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (9, "a truncated Ethernet header"),
                (10, "a DNS message that cannot be decoded")
            ]
        );
    }
}

#[test]
fn pcapng_with_ipv6_tcp_and_every_link_type() {
    let names = b_names();
    let mut packets: Vec<(u32, u64, Vec<u8>)> = ethernet_packets(&names)
        .into_iter()
        .map(|(t, f)| (0, t as u64, f))
        .collect();
    let ip4 = |src: [u8; 4], name: &str| {
        build(|o| {
            PacketBuilder::ipv4(src, [10, 0, 0, 1], 64)
                .udp(50010, 53)
                .write(o, &dns_query(9, name))
                .unwrap()
        })
    };
    let ip6 = |src: u16, name: &str| {
        build(|o| {
            PacketBuilder::ipv6(v6(src), v6(1), 64)
                .udp(50011, 53)
                .write(o, &dns_query(9, name))
                .unwrap()
        })
    };
    let sll = build(|o| {
        PacketBuilder::linux_sll(
            etherparse::LinuxSllPacketType::OUTGOING,
            6,
            [2, 0, 0, 0, 0, 7, 0, 0],
        )
        .ipv4([10, 0, 0, 7], [10, 0, 0, 1], 64)
        .udp(50012, 53)
        .write(o, &dns_query(7, &names[6]))
        .unwrap()
    });
    // SLL2: protocol, reserved, interface index, ARPHRD_ETHER, outgoing, address length, address.
    let mut sll2 = vec![
        0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 2, 0, 0, 0, 0, 7, 0, 0,
    ];
    sll2.extend(ip6(7, &names[7]));
    // BSD loopback: the address family in the writer's byte order (30: AF_INET6 on macOS).
    let mut null = 30u32.to_le_bytes().to_vec();
    null.extend(ip6(9, &names[9]));
    // Interface 4 counts nanoseconds (if_tsresol 9).
    let at = |i: i64| (T0 + 20_000_000 + i * 1_000_000) as u64;
    packets.push((1, at(0), sll));
    packets.push((2, at(1), sll2));
    packets.push((3, at(2), ip4([10, 0, 0, 8], &names[8])));
    packets.push((4, at(3) * 1000, null));
    let capture = pcapng(&[(1, 6), (113, 6), (276, 6), (101, 6), (0, 9)], &packets);
    let report = scan("mixed.pcapng", &capture);
    assert_eq!(counts(&report), (14, 10, 3, 2, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Pcapng));
    check_ethernet(&report, &names);
    let t = |i: i64| utc(T0 + 20_000_000 + i * 1_000_000);
    let one = |i: usize, at: i64| (1, 1, t(at), t(at), vec![names[i].clone()]);
    assert_eq!(summary(client(&report, "10.0.0.7")), one(6, 0));
    assert_eq!(summary(client(&report, "2001:db8::7")), one(7, 1));
    assert_eq!(summary(client(&report, "10.0.0.8")), one(8, 2));
    assert_eq!(summary(client(&report, "2001:db8::9")), one(9, 3));
    assert_eq!(report.clients.len(), 8);
    let day = &report.days[0];
    assert_eq!(
        (
            day.date.as_str(),
            day.queries,
            day.lookups,
            day.b,
            day.clients
        ),
        ("2009-03-08", 10, 9, 9, 8)
    );
}

// ---- truncated and corrupt captures and event logs: counted, never fatal ----

#[test]
fn truncated_captures_count_the_cut_record_and_keep_the_rest() {
    let names = b_names();
    let packets = ethernet_packets(&names);
    let whole_pcap = pcap(1, false, false, &packets);
    let whole_ng = pcapng(
        &[(1, 6)],
        &packets
            .iter()
            .map(|(t, f)| (0, *t as u64, f.clone()))
            .collect::<Vec<_>>(),
    );
    for whole in [whole_pcap, whole_ng] {
        let full = scan_with(&[("c", &whole)], 1 << 20, ScanOptions::new(2009));
        for cut in 8..whole.len() {
            let report = scan_with(&[("c", &whole[..cut])], 97, ScanOptions::new(2009));
            let s = &report.sources[0];
            assert!(s.lines <= full.sources[0].lines, "cut at {cut}");
            assert!(s.malformed <= full.sources[0].malformed + 1, "cut at {cut}");
            assert!(s.other + s.malformed <= s.lines, "cut at {cut}");
        }
        // Cut inside the last record (the message that is not DNS): all before it are read,
        // and the cut one is counted as malformed.
        let report = scan_with(
            &[("c", &whole[..whole.len() - 3])],
            1 << 20,
            ScanOptions::new(2009),
        );
        assert_eq!(
            counts(&report),
            (10, 6, 3, 2, 0),
            "{:?}",
            report.sources[0].malformed_examples
        );
        assert_eq!(
            report.sources[0].malformed_examples[1].reason,
            "the capture ends inside a packet record"
        );
    }
}

#[test]
fn a_corrupt_record_length_stops_the_capture_not_the_scan() {
    let names = b_names();
    let packets = ethernet_packets(&names);
    let mut capture = pcap(1, false, false, &packets);
    // The third record's captured length: 2^31.
    let third = 24
        + packets[..2]
            .iter()
            .map(|(_, f)| 16 + f.len())
            .sum::<usize>();
    capture[third + 8..third + 12].copy_from_slice(&0x8000_0000u32.to_le_bytes());
    let mut scanner = Scanner::new(ScanOptions::new(2009));
    scanner.begin("corrupt.pcap").unwrap();
    scanner.push(&capture).unwrap();
    scanner.end().unwrap();
    scanner.begin("next.pcap").unwrap();
    scanner.push(&pcap(1, false, false, &packets)).unwrap();
    scanner.end().unwrap();
    let report = scanner.report();
    assert_eq!(counts(&report), (3, 1, 1, 1, 0));
    assert_eq!(
        report.sources[0].malformed_examples[0].reason,
        "a record longer than 16 MiB: a corrupt length"
    );
    assert_eq!(report.sources[1].queries, 6);
}

#[test]
fn a_real_event_log_is_read_and_truncations_are_counted() {
    let evtx = data("Security_short_selected.evtx");
    // Seven Security events (4624, 4688 and the like), no DNS events.
    let report = scan("Security_short_selected.evtx", &evtx);
    assert_eq!(counts(&report), (7, 0, 7, 0, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Evtx));
    // Cut inside the chunk after its records: the cut is counted, the records are read.
    let cut = scan("cut.evtx", &evtx[..4096 + 30_000]);
    assert_eq!(counts(&cut), (8, 0, 7, 1, 0));
    assert_eq!(
        cut.sources[0].malformed_examples[0].reason,
        "the event log ends inside a chunk"
    );
    // Cut inside the records: those before the cut are read, the cut ones are malformed.
    for at in [600, 1500, 3000, 6000] {
        let cut = scan("cut.evtx", &evtx[..4096 + at]);
        let s = &cut.sources[0];
        assert!(s.malformed >= 1 && s.other < 7, "cut at {at}: {s:?}");
        assert_eq!(s.lines, s.other + s.malformed, "cut at {at}");
    }
    let header_only = scan("header.evtx", &evtx[..1000]);
    assert_eq!(counts(&header_only), (1, 0, 0, 1, 0));
    // A chunk whose magic is gone.
    let mut bad = evtx.clone();
    bad[4096] = b'X';
    let report = scan("bad.evtx", &bad);
    assert_eq!(counts(&report), (1, 0, 0, 1, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn corrupt_captures_and_event_logs_never_panic(
        which in 0usize..4,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..12),
        cut in any::<usize>(),
        chunk in 1usize..5000,
    ) {
        let names = b_names();
        let packets = ethernet_packets(&names);
        let mut bytes = match which {
            0 => pcap(1, false, false, &packets),
            1 => pcapng(&[(1, 6)], &packets.iter().map(|(t, f)| (0, *t as u64, f.clone())).collect::<Vec<_>>()),
            2 => data("Security_short_selected.evtx"),
            _ => gzip(&pcap(1, true, true, &packets)),
        };
        // Keep the magic bytes, so that the file is still taken for what it was.
        for (at, value) in flips {
            let len = bytes.len();
            bytes[8 + at % (len - 8)] = value;
        }
        bytes.truncate(8 + cut % (bytes.len() - 7));
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        scanner.begin("corrupt").unwrap();
        let mut result = Ok(());
        for piece in bytes.chunks(chunk) {
            result = result.and(scanner.push(piece));
        }
        result = result.and(scanner.end());
        // Only a damaged gzip stream may refuse the file.
        prop_assert!(result.is_ok() || which == 3, "{result:?}");
        // A refused gzip stream leaves no source behind.
        if let Some(s) = scanner.report().sources.first() {
            prop_assert!(s.other + s.malformed <= s.lines);
        }
    }
}

// ---- Sysmon DNS events as Winlogbeat writes them (2019-07-18) ----

const WINLOGBEAT: &str = "winlogbeat-sysmon-10.2-dns.ndjson";
const IE32: &str = r"C:\Program Files (x86)\Internet Explorer\iexplore.exe";
const IE64: &str = r"C:\Program Files\Internet Explorer\iexplore.exe";

#[test]
fn winlogbeat_sysmon_events_are_read_as_they_are() {
    let report = scan(WINLOGBEAT, &data(WINLOGBEAT));
    assert_eq!(counts(&report), (10, 10, 0, 0, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Sysmon));
    assert!(report.clients.is_empty());
    assert_eq!(report.days[0].date, "2019-07-18");
}

#[test]
fn winlogbeat_sysmon_events_with_the_worms_names_name_the_computer_and_programs() {
    let names = day_list(Variant::B, date("2019-07-18"));
    let text = String::from_utf8(data(WINLOGBEAT)).unwrap();
    // Events 1 (64-bit Internet Explorer), 3, 5 and 9 (32-bit) ask for the worm's names.
    let planted = [(0, 5), (2, 66), (4, 123), (8, 200)];
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| match planted.iter().find(|(n, _)| *n == i) {
            Some((_, index)) => {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                let old = value["dns"]["question"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string();
                line.replace(
                    &format!("\"name\":\"{old}\""),
                    &format!("\"name\":\"{}\"", names[*index]),
                )
            }
            None => line.to_string(),
        })
        .collect();
    let log = lines.join("\n") + "\n";
    let report = scan("winlogbeat.ndjson", log.as_bytes());
    assert_eq!(counts(&report), (10, 10, 0, 0, 0));
    assert_eq!(report.clients.len(), 1);
    let c = client(&report, "vagrant-2016");
    assert_eq!(
        summary(c),
        (
            4,
            4,
            "2019-07-18T03:34:01.239Z".to_string(),
            "2019-07-18T03:34:02.085Z".to_string(),
            vec![names[5].clone(), names[66].clone(), names[123].clone()]
        )
    );
    assert_eq!(c.processes, [IE32, IE64]);
    let csv = file(&report, ScanFormat::ClientsCsv).text;
    assert!(csv.ends_with(&format!(",{IE32};{IE64}\n")), "{csv}");
    let table = file(&report, ScanFormat::Table).text;
    assert!(table.contains("PROCESSES"), "{table}");
    assert!(table.contains(&format!("{IE32}, {IE64}")), "{table}");
    let json = file(&report, ScanFormat::Json).text;
    let back: ScanReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
}

// ---- an event log with Sysmon DNS events, written here (BinXML without templates) ----

/// An XML element of an event: name, attributes, text, children.
struct Element(
    &'static str,
    Vec<(&'static str, String)>,
    Option<String>,
    Vec<Element>,
);

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Appends a name reference at chunk offset `out.len()`, with the name stored right after it
/// (next-name link, hash, length, UTF-16, NUL), as event logs store names the first time.
fn name_ref(out: &mut Vec<u8>, name: &str) {
    let at = out.len() as u32 + 4;
    out.extend(at.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend((name.encode_utf16().count() as u16).to_le_bytes());
    out.extend(utf16(name));
    out.extend([0, 0]);
}

fn text_value(out: &mut Vec<u8>, text: &str) {
    out.push(0x05);
    out.push(0x01); // a UTF-16 string
    out.extend((text.encode_utf16().count() as u16).to_le_bytes());
    out.extend(utf16(text));
}

fn element(out: &mut Vec<u8>, e: &Element) {
    let Element(name, attributes, text, children) = e;
    out.push(if attributes.is_empty() { 0x01 } else { 0x41 });
    out.extend(0u32.to_le_bytes()); // data size, which readers skip
    name_ref(out, name);
    if !attributes.is_empty() {
        out.extend(0u32.to_le_bytes()); // attribute list size
        for (i, (attribute, value)) in attributes.iter().enumerate() {
            out.push(if i + 1 < attributes.len() { 0x46 } else { 0x06 });
            name_ref(out, attribute);
            text_value(out, value);
        }
    }
    if text.is_none() && children.is_empty() {
        out.push(0x03);
        return;
    }
    out.push(0x02);
    if let Some(text) = text {
        text_value(out, text);
    }
    for child in children {
        element(out, child);
    }
    out.push(0x04);
}

/// A Sysmon event: ID, computer, and its data fields.
fn sysmon_event(id: u32, computer: &str, data: &[(&'static str, &str)]) -> Element {
    let leaf = |name, text: String| Element(name, vec![], Some(text), vec![]);
    Element(
        "Event",
        vec![(
            "xmlns",
            "http://schemas.microsoft.com/win/2004/08/events/event".into(),
        )],
        None,
        vec![
            Element(
                "System",
                vec![],
                None,
                vec![
                    Element(
                        "Provider",
                        vec![
                            ("Name", "Microsoft-Windows-Sysmon".into()),
                            ("Guid", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}".into()),
                        ],
                        None,
                        vec![],
                    ),
                    leaf("EventID", id.to_string()),
                    leaf("Channel", "Microsoft-Windows-Sysmon/Operational".into()),
                    leaf("Computer", computer.into()),
                ],
            ),
            Element(
                "EventData",
                vec![],
                None,
                data.iter()
                    .map(|(name, value)| {
                        Element(
                            "Data",
                            vec![("Name", name.to_string())],
                            Some(value.to_string()),
                            vec![],
                        )
                    })
                    .collect(),
            ),
        ],
    )
}

/// An event log of one chunk holding `events`: the 4 KiB file header, then the chunk's
/// 512-byte header and its records (checksums left zero: the scan does not check them).
fn evtx_file(events: &[Element]) -> Vec<u8> {
    let mut file = vec![0u8; 4096];
    file[..8].copy_from_slice(b"ElfFile\0");
    file[32..36].copy_from_slice(&128u32.to_le_bytes());
    file[36..38].copy_from_slice(&1u16.to_le_bytes());
    file[38..40].copy_from_slice(&3u16.to_le_bytes());
    file[40..42].copy_from_slice(&4096u16.to_le_bytes());
    file[42..44].copy_from_slice(&1u16.to_le_bytes());
    let mut chunk = vec![0u8; 512];
    let mut last_record = 512u32;
    for (i, event) in events.iter().enumerate() {
        let start = chunk.len();
        last_record = start as u32;
        chunk.extend([0x2a, 0x2a, 0, 0]);
        chunk.extend(0u32.to_le_bytes()); // size, below
        chunk.extend((i as u64 + 1).to_le_bytes());
        chunk.extend(132_000_000_000_000_000u64.to_le_bytes()); // FILETIME, 2019
        chunk.extend([0x0f, 0x01, 0x01, 0x00]);
        element(&mut chunk, event);
        chunk.push(0x00);
        let size = (chunk.len() - start + 4) as u32;
        chunk.extend(size.to_le_bytes());
        chunk[start + 4..start + 8].copy_from_slice(&size.to_le_bytes());
    }
    let free = chunk.len() as u32;
    chunk.resize(65536, 0);
    chunk[..8].copy_from_slice(b"ElfChnk\0");
    let count = events.len() as u64;
    for (at, value) in [(8, 1), (16, count), (24, 1), (32, count)] {
        chunk[at..at + 8].copy_from_slice(&value.to_le_bytes());
    }
    chunk[40..44].copy_from_slice(&128u32.to_le_bytes());
    chunk[44..48].copy_from_slice(&last_record.to_le_bytes());
    chunk[48..52].copy_from_slice(&free.to_le_bytes());
    file.extend(chunk);
    file
}

#[test]
fn an_event_log_with_sysmon_dns_events_names_the_computer_and_programs() {
    let names = day_list(Variant::B, date("2019-07-18"));
    let svchost = r"C:\Windows\System32\svchost.exe";
    let dns = |time: &str, name: &str, image: &str| {
        sysmon_event(
            22,
            "WIN-7JKQ3V4K2T9",
            &[
                ("RuleName", "-"),
                ("UtcTime", time),
                ("ProcessGuid", "{fa4a0de6-e8a8-5d2f-0000-001094619900}"),
                ("ProcessId", "1044"),
                ("QueryName", name),
                ("QueryStatus", "9003"),
                ("QueryResults", "-"),
                ("Image", image),
            ],
        )
    };
    let events = [
        sysmon_event(
            1,
            "WIN-7JKQ3V4K2T9",
            &[("UtcTime", "2019-07-18 03:30:00.000"), ("Image", svchost)],
        ),
        dns("2019-07-18 03:34:01.239", &names[5], svchost),
        dns(
            "2019-07-18 03:34:01.261",
            "www.msn.com",
            r"C:\Program Files\Internet Explorer\iexplore.exe",
        ),
        dns("2019-07-18 03:35:12.500", &names[66], svchost),
        dns("2019-07-18 03:36:40.007", &names[5], svchost),
        sysmon_event(
            3,
            "WIN-7JKQ3V4K2T9",
            &[
                ("UtcTime", "2019-07-18 03:36:41.000"),
                ("DestinationPort", "53"),
            ],
        ),
    ];
    let log = evtx_file(&events);
    let report = scan("Sysmon.evtx", &log);
    assert_eq!(counts(&report), (6, 4, 2, 0, 0), "{:?}", report.sources[0]);
    assert_eq!(report.sources[0].format, Some(LogFormat::Evtx));
    assert_eq!(report.clients.len(), 1);
    let c = client(&report, "WIN-7JKQ3V4K2T9");
    assert_eq!(
        summary(c),
        (
            3,
            2,
            "2019-07-18T03:34:01.239Z".to_string(),
            "2019-07-18T03:36:40.007Z".to_string(),
            vec![names[5].clone(), names[66].clone()]
        )
    );
    assert_eq!(c.processes, [svchost]);
    // Gzip-compressed, and cut in the chunk: counted, not fatal.
    let gz = scan("Sysmon.evtx.gz", &gzip(&log));
    assert_eq!(gz.clients, report.clients);
    let cut = scan("cut.evtx", &log[..log.len() - 100]);
    assert_eq!(counts(&cut), (7, 4, 2, 1, 0));
    assert_eq!(cut.clients, report.clients);
}

// ---- a real Sysmon event log with a DNS event (EVTX-to-MITRE-Attack, 2021-12-04) ----

const PSEXEC: &str = "sysmon-psexec-as-system-execution.evtx";
const PSEXEC_COMPUTER: &str = "fs03vuln.offsec.lan";
const PSEXEC_IMAGE: &str = r"C:\TOOLS\PsExec64.exe";
/// The DNS event's query name and time (`UtcTime`, 2021-12-04 21:19:10.604).
const PSEXEC_QUERY: &str = "fs03vuln";
const PSEXEC_TIME: &str = "2021-12-04T21:19:10.604Z";
/// The chunk's offset in the file and the DNS event's record (the chunk's last) in the chunk.
const CHUNK: usize = 4096;
const PSEXEC_RECORD: usize = 14944;

/// A query's record, time, client, name and process.
type Found = (u64, String, Option<String>, String, Option<String>);

/// The queries and other records an event log holds, as the core's evtx reader gives them.
#[derive(Default)]
struct Collected {
    records: u64,
    queries: Vec<Found>,
    other: u64,
    malformed: u64,
}

impl Sink for Collected {
    fn record(&mut self) -> u64 {
        self.records += 1;
        self.records
    }
    fn query(&mut self, number: u64, query: Query<'_>, process: Option<&str>) {
        let time = match query.time {
            Some(LogTime::Utc(t)) => utc(t),
            other => panic!("record {number}: {other:?}"),
        };
        self.queries.push((
            number,
            time,
            query.client.map(|c| c.into_owned()),
            query.name.into_owned(),
            process.map(str::to_string),
        ));
    }
    fn other(&mut self) {
        self.other += 1;
    }
    fn malformed(&mut self, _: u64, _: &'static str, _: &str) {
        self.malformed += 1;
    }
}

/// CRC-32 (IEEE), as event logs checksum their headers and records.
fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = !0u32;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

/// The chunk's header and records checksums: as stored, and as computed.
fn chunk_checksums(chunk: &[u8]) -> [(usize, usize); 2] {
    let free = u32_at(chunk, 48);
    [
        (
            u32_at(chunk, 124),
            crc32(&[&chunk[..120], &chunk[128..512]]) as usize,
        ),
        (u32_at(chunk, 52), crc32(&[&chunk[512..free]]) as usize),
    ]
}

/// The substitution values of the BinXML fragment at chunk offset `at` (a template instance,
/// its template defined there or earlier in the chunk): where each value's descriptor and
/// data are, its size and type.
fn substitutions(chunk: &[u8], at: usize) -> Vec<(usize, usize, usize, u8)> {
    // Fragment header, then the template instance token.
    assert_eq!(&chunk[at..at + 5], b"\x0f\x01\x01\x00\x0c", "at {at}");
    let mut p = at + 6;
    let definition = u32_at(chunk, p + 4);
    p += 8;
    if definition == p {
        // Defined here: next template, GUID, size, then the definition.
        p += 24 + u32_at(chunk, p + 20);
    }
    let count = u32_at(chunk, p);
    p += 4;
    let mut data = p + 4 * count;
    (0..count)
        .map(|i| {
            let descriptor = p + 4 * i;
            let size = u16_at(chunk, descriptor);
            let value = (descriptor, data, size, chunk[descriptor + 2]);
            data += size;
            value
        })
        .collect()
}

/// The event log with the DNS event's QueryName `name` instead of its own, the sizes that
/// hold it and the chunk's checksums made to match: the event's data (a nested BinXML
/// value, type 0x21) is its record's last substitution and the record is the chunk's last.
fn psexec_with_query(name: &str) -> Vec<u8> {
    let evtx = data(PSEXEC);
    let mut chunk = evtx[CHUNK..CHUNK + 65536].to_vec();
    let record = PSEXEC_RECORD;
    let size = u32_at(&chunk, record + 4);
    let free = u32_at(&chunk, 48);
    assert_eq!(
        record + size,
        free,
        "the DNS event is the chunk's last record"
    );
    let outer = substitutions(&chunk, record + 24);
    let &(event_descriptor, event_data, event_size, event_type) = outer.last().unwrap();
    assert_eq!(event_type, 0x21);
    let old = utf16(PSEXEC_QUERY);
    let query: Vec<_> = substitutions(&chunk, event_data)
        .into_iter()
        .filter(|&(_, at, size, kind)| kind == 0x01 && chunk[at..at + size] == old[..])
        .collect();
    assert_eq!(query.len(), 1, "one QueryName {PSEXEC_QUERY}");
    let (query_descriptor, query_data, query_size, _) = query[0];
    let new = utf16(name);
    // Records stay 8-byte aligned.
    assert_eq!((new.len() - old.len()) % 8, 0, "{name}");
    let grow = new.len() - old.len();
    let mut out = chunk[..query_data].to_vec();
    out.extend_from_slice(&new);
    out.extend_from_slice(&chunk[query_data + query_size..free]);
    // The slack after the records keeps what it held.
    out.extend_from_slice(&chunk[free + grow..]);
    let set16 = |b: &mut Vec<u8>, at: usize, v: usize| {
        b[at..at + 2].copy_from_slice(&u16::try_from(v).unwrap().to_le_bytes())
    };
    let set32 = |b: &mut Vec<u8>, at: usize, v: usize| {
        b[at..at + 4].copy_from_slice(&u32::try_from(v).unwrap().to_le_bytes())
    };
    set16(&mut out, query_descriptor, new.len());
    set16(&mut out, event_descriptor, event_size + grow);
    set32(&mut out, record + 4, size + grow);
    set32(&mut out, record + size + grow - 4, size + grow);
    assert_eq!(out.len(), chunk.len());
    chunk = out;
    set32(&mut chunk, 48, free + grow);
    // The records' checksum first: the header's covers it.
    let [_, (_, records)] = chunk_checksums(&chunk);
    set32(&mut chunk, 52, records);
    let [(_, header), _] = chunk_checksums(&chunk);
    set32(&mut chunk, 124, header);
    let mut file = evtx[..CHUNK].to_vec();
    file.extend(chunk);
    file
}

/// The records of an event log whose checksums all hold, as the `evtx` crate reads them.
fn checked_records(evtx: &[u8]) -> usize {
    let settings = evtx::ParserSettings::new().validate_checksums(true);
    let mut parser = evtx::EvtxParser::from_buffer(evtx.to_vec())
        .unwrap()
        .with_configuration(settings);
    let records = parser.records_json_value().collect::<Vec<_>>();
    assert!(records.iter().all(Result::is_ok), "{records:?}");
    records.len()
}

fn psexec_queries(evtx: &[u8]) -> Collected {
    let mut collected = Collected::default();
    let mut reader = EvtxReader::default();
    reader.push(evtx, &mut collected);
    reader.end(&mut collected);
    collected
}

#[test]
fn a_real_sysmon_event_log_is_read_as_it_is() {
    let evtx = data(PSEXEC);
    // 15 Sysmon events in one chunk (1, 11, 13, 17 and 18 of PsExec run as SYSTEM), the last
    // a DNS query (22) by PsExec64 for the computer's own name.
    let report = scan(PSEXEC, &evtx);
    assert_eq!(counts(&report), (15, 1, 14, 0, 0));
    assert_eq!(report.sources[0].format, Some(LogFormat::Evtx));
    assert!(report.clients.is_empty());
    assert_eq!(report.days.len(), 1);
    let day = &report.days[0];
    assert_eq!(
        (day.date.as_str(), day.queries, day.lookups),
        ("2021-12-04", 1, 0)
    );
    let collected = psexec_queries(&evtx);
    assert_eq!(
        (collected.records, collected.other, collected.malformed),
        (15, 14, 0)
    );
    assert_eq!(
        collected.queries,
        [(
            15,
            PSEXEC_TIME.to_string(),
            Some(PSEXEC_COMPUTER.to_string()),
            PSEXEC_QUERY.to_string(),
            Some(PSEXEC_IMAGE.to_string())
        )]
    );
    // The checksums the copies below recompute are the file's own.
    for (stored, computed) in chunk_checksums(&evtx[CHUNK..CHUNK + 65536]) {
        assert_eq!(stored, computed);
    }
    // Rewriting the query with its own name gives the file back.
    assert!(psexec_with_query(PSEXEC_QUERY) == evtx);
    assert_eq!(checked_records(&evtx), 15);
    // A checksum that does not hold is noticed.
    let mut bad = evtx.clone();
    bad[CHUNK + 52] ^= 1;
    let settings = evtx::ParserSettings::new().validate_checksums(true);
    let mut parser = evtx::EvtxParser::from_buffer(bad)
        .unwrap()
        .with_configuration(settings);
    assert!(parser.records_json_value().any(|r| r.is_err()));
}

#[test]
fn a_real_sysmon_event_log_with_the_worms_names_of_its_day_names_the_computer() {
    let day = date("2021-12-04");
    // Names of the event's own day, 12 and 16 characters long: 4 and 8 longer than fs03vuln.
    for variant in [Variant::A, Variant::B, Variant::C] {
        let names = day_list(variant, day);
        let (index, name) = names
            .iter()
            .enumerate()
            .find(|(_, n)| n.len() == 12 || n.len() == 16)
            .unwrap();
        let evtx = psexec_with_query(name);
        // A valid event log: its chunk's checksums hold.
        assert_eq!(checked_records(&evtx), 15);
        let collected = psexec_queries(&evtx);
        assert_eq!(collected.queries[0].3, *name);
        assert_eq!(
            (collected.records, collected.other, collected.malformed),
            (15, 14, 0)
        );
        let report = scan("planted.evtx", &evtx);
        assert_eq!(counts(&report), (15, 1, 14, 0, 0), "{variant:?} {name}");
        assert_eq!(report.clients.len(), 1);
        let c = client(&report, PSEXEC_COMPUTER);
        assert_eq!(
            summary(c),
            (
                1,
                1,
                PSEXEC_TIME.to_string(),
                PSEXEC_TIME.to_string(),
                vec![name.clone()]
            ),
            "{variant:?}"
        );
        let example = &c.examples[0];
        assert_eq!(
            (example.variant.as_str(), example.date.as_str()),
            (variant.to_string().as_str(), "2021-12-04")
        );
        assert_eq!(example.index as usize, index);
        assert_eq!(c.processes, [PSEXEC_IMAGE]);
        let d = &report.days[0];
        assert_eq!(
            (
                d.date.as_str(),
                d.queries,
                d.lookups,
                d.a + d.b + d.c,
                d.clients
            ),
            ("2021-12-04", 1, 1, 1, 1)
        );
    }
}
