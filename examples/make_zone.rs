//! Writes a synthetic TLD zone file for measuring `collisions`: DELEGATIONS delegations as
//! ICANN's CZDS publishes gTLD zones (absolute lower-case owners, TTL and class on every line,
//! two NS records each and a DS for one in eight), with the glue of the zone's own name
//! servers, and one in ten thousand of the delegations a name of C's list of DATE.
//!
//! `cargo run --release --example make_zone -- DELEGATIONS SUFFIX DATE > tld.zone`
//! (defaults: 2000000 fr 2024-11-04). The same arguments always write the same zone.

use std::io::{self, BufWriter, Write};

use chrono::NaiveDate;

use conficker_dga::generator::DayDomains;
use conficker_dga::variant::Variant;

/// xorshift64*: enough randomness for test data, and the same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let delegations: u64 = args.first().map_or(2_000_000, |a| a.parse().expect("a count"));
    let suffix = args.get(1).map_or("fr", String::as_str);
    let date: NaiveDate = args
        .get(2)
        .map_or("2024-11-04", String::as_str)
        .parse()
        .expect("a YYYY-MM-DD date");
    let worm: Vec<String> = DayDomains::new(Variant::C, date)
        .map(|d| d.to_string(Variant::C))
        .filter(|n| n.strip_suffix(suffix).is_some_and(|l| l.ends_with('.')))
        .collect();
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    writeln!(out, "{suffix}.\t172800\tin\tsoa\tns1.nic.{suffix}. hostmaster.nic.{suffix}. 2024110401 3600 600 3600000 3600")?;
    writeln!(out, "{suffix}.\t172800\tin\tns\tns1.nic.{suffix}.")?;
    writeln!(out, "{suffix}.\t172800\tin\tns\tns2.nic.{suffix}.")?;
    writeln!(out, "ns1.nic.{suffix}.\t172800\tin\ta\t192.0.2.1")?;
    writeln!(out, "ns2.nic.{suffix}.\t172800\tin\taaaa\t2001:db8::1")?;
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut label = String::new();
    for i in 0..delegations {
        label.clear();
        if i % 10_000 == 0 && !worm.is_empty() {
            let name = &worm[(i / 10_000) as usize % worm.len()];
            label.push_str(name.strip_suffix(suffix).unwrap().trim_end_matches('.'));
        } else {
            let length = 3 + random.below(12);
            for _ in 0..length {
                let c = random.below(37);
                label.push(match c {
                    0..=25 => (b'a' + c as u8) as char,
                    26..=35 => (b'0' + (c - 26) as u8) as char,
                    _ => '-',
                });
            }
            // A hyphen cannot start or end a label; a number keeps labels apart.
            label = format!("x{}{i}", label.trim_matches('-'));
        }
        let host = random.below(5000);
        writeln!(out, "{label}.{suffix}.\t86400\tin\tns\tns1.host{host}.example.")?;
        writeln!(out, "{label}.{suffix}.\t86400\tin\tns\tns2.host{host}.example.")?;
        if i % 8 == 0 {
            writeln!(
                out,
                "{label}.{suffix}.\t86400\tin\tds\t{} 13 2 {:016x}{:016x}{:016x}{:016x}",
                random.below(65536),
                random.next(),
                random.next(),
                random.next(),
                random.next()
            )?;
        }
    }
    out.flush()
}
