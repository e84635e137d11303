//! Writes a synthetic DNS query log for measuring `scan-log`: ordinary lookups from many
//! clients (twenty thousand names, the popular ones far more often), and a few infected
//! hosts that look up their variant's names of the day, as the worm does.
//!
//! `cargo run --release --example make_dns_log -- LINES DAYS FIRST_DATE FORMAT > week.log`
//! (defaults: 10000000 7 2020-01-13 bind; FORMAT is bind, zeek, zeek-json, suricata or pcap:
//! a packet capture of the same queries, one Ethernet/IPv4/UDP packet each). The same
//! arguments always write the same log.

use std::io::{self, BufWriter, Write};

use chrono::{Days, NaiveDate};
use etherparse::PacketBuilder;
use pcap_parser::{LegacyPcapBlock, PcapHeader, ToVec};
use simple_dns::{Name, Packet, Question, CLASS, QCLASS, QTYPE, TYPE};

use conficker_dga::generator::DayDomains;
use conficker_dga::variant::Variant;

const CLIENTS: u64 = 2000;
const ORDINARY_NAMES: usize = 20_000;
/// Infected hosts: (client number, variant, names looked up per day).
const INFECTED: [(u64, Variant, usize); 4] = [
    (7, Variant::A, 250),
    (11, Variant::B, 250),
    (13, Variant::C, 500),
    (17, Variant::C, 500),
];

/// xorshift64*: enough randomness for test data, and the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn ordinary_names(rng: &mut Rng) -> Vec<String> {
    const PREFIXES: [&str; 8] = ["www.", "", "api.", "cdn.", "mail.", "static.", "", "login."];
    const SUFFIXES: [&str; 10] = [
        "com", "net", "org", "de", "io", "co.uk", "com.br", "ru", "cn", "info",
    ];
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";
    (0..ORDINARY_NAMES)
        .map(|_| {
            let len = 3 + rng.below(12) as usize;
            let label: String = (0..len)
                .map(|i| {
                    let pool = if i == 0 || i == len - 1 {
                        26
                    } else {
                        CHARS.len()
                    };
                    CHARS[rng.below(pool as u64) as usize] as char
                })
                .collect();
            format!(
                "{}{label}.{}",
                PREFIXES[rng.below(8) as usize],
                SUFFIXES[rng.below(10) as usize]
            )
        })
        .collect()
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines: u64 = args
        .first()
        .map_or(10_000_000, |s| s.parse().expect("LINES"));
    let days: u64 = args.get(1).map_or(7, |s| s.parse().expect("DAYS"));
    let first = args
        .get(2)
        .map_or(NaiveDate::from_ymd_opt(2020, 1, 13).unwrap(), |s| {
            s.parse().expect("FIRST_DATE as YYYY-MM-DD")
        });
    let format = args.get(3).map_or("bind", String::as_str);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let names = ordinary_names(&mut rng);
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let per_day = lines / days;
    if format == "pcap" {
        out.write_all(&PcapHeader::new().to_vec().expect("a pcap header"))?;
    }
    if format == "zeek" {
        writeln!(out, "#separator \\x09\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype_name\trcode_name")?;
    }
    for d in 0..days {
        let date = first + Days::new(d);
        // The infected hosts' lookups of the day, spread over the day's lines.
        let mut worm: Vec<(u64, String)> = Vec::new();
        for (client, variant, count) in INFECTED {
            let list: Vec<String> = DayDomains::new(variant, date)
                .map(|domain| domain.to_string(variant))
                .collect();
            for _ in 0..count {
                worm.push((client, list[rng.below(list.len() as u64) as usize].clone()));
            }
        }
        let every = (per_day / (worm.len() as u64 + 1)).max(1);
        let day_stamp = date.format("%d-%b-%Y").to_string();
        for i in 0..per_day {
            let ms = i * 86_400_000 / per_day;
            let (client, name) = match worm.get((i / every) as usize) {
                Some((client, name)) if i % every == 0 => (*client, name.as_str()),
                _ => {
                    let popular = (rng.unit().powi(3) * names.len() as f64) as usize;
                    (rng.below(CLIENTS), names[popular].as_str())
                }
            };
            let (h, m, sec, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
            let ip = format!(
                "10.{}.{}.{}",
                client >> 16 & 255,
                client >> 8 & 255,
                client & 255
            );
            let port = 1024 + rng.below(60_000);
            let seconds =
                date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() + (ms / 1000) as i64;
            match format {
                "pcap" => {
                    let ip = [10, (client >> 16) as u8, (client >> 8) as u8, client as u8];
                    let frame = query_packet(ip, port as u16, i as u16, name);
                    let mut record = LegacyPcapBlock {
                        ts_sec: seconds as u32,
                        ts_usec: (milli * 1000) as u32,
                        caplen: frame.len() as u32,
                        origlen: frame.len() as u32,
                        data: &frame,
                    };
                    out.write_all(&record.to_vec().expect("a pcap record"))?;
                }
                "zeek" => writeln!(
                    out,
                    "{}.{milli:03}000\tC{i:x}\t{ip}\t{port}\t10.0.0.1\t53\tudp\t{}\t{name}\tA\tNOERROR",
                    seconds,
                    port & 0xffff,
                )?,
                "zeek-json" => writeln!(
                    out,
                    r#"{{"ts":{}.{milli:03}000,"uid":"C{i:x}","id.orig_h":"{ip}","id.orig_p":{port},"id.resp_h":"10.0.0.1","id.resp_p":53,"proto":"udp","trans_id":{},"query":"{name}","qtype_name":"A","rcode_name":"NOERROR"}}"#,
                    seconds,
                    port & 0xffff,
                )?,
                "suricata" => writeln!(
                    out,
                    r#"{{"timestamp":"{}T{h:02}:{m:02}:{sec:02}.{milli:03}000+0000","flow_id":{i},"in_iface":"eth0","event_type":"dns","src_ip":"{ip}","src_port":{port},"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{{"type":"query","id":{},"rrname":"{name}","rrtype":"A","tx_id":0,"opcode":0}}}}"#,
                    date.format("%Y-%m-%d"),
                    port & 0xffff,
                )?,
                _ => writeln!(
                    out,
                    "{day_stamp} {h:02}:{m:02}:{sec:02}.{milli:03} queries: info: client @0x7f8e1c0a2b30 {ip}#{port} ({name}): query: {name} IN A +E(0)K (10.0.0.1)",
                )?,
            }
        }
    }
    out.flush()
}

/// An Ethernet frame with a DNS query for `name` from `ip` to 10.0.0.1, port 53.
fn query_packet(ip: [u8; 4], port: u16, id: u16, name: &str) -> Vec<u8> {
    let mut query = Packet::new_query(id);
    query.questions.push(Question::new(
        Name::new_unchecked(name),
        QTYPE::TYPE(TYPE::A),
        QCLASS::CLASS(CLASS::IN),
        false,
    ));
    let payload = query.build_bytes_vec().expect("a DNS query");
    let builder = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(ip, [10, 0, 0, 1], 64)
        .udp(port, 53);
    let mut frame = Vec::with_capacity(builder.size(payload.len()));
    builder.write(&mut frame, &payload).expect("a UDP packet");
    frame
}
