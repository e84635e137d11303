//! A check reads and parses its lines in bounded batches and keeps them in chunks: where the
//! batches and chunks end must not show in any output byte. A long sample (many batches, with
//! hits of every variant, repeated names far apart, junk and impossible lines) is checked
//! whole and in small pieces, each a single batch; the pieces' rows, joined, are the whole's.

use conficker_dga::checker::{CheckRun, Unmonitored};
use conficker_dga::dates::DateRange;
use conficker_dga::generator::DayDomains;
use conficker_dga::output::check::{self, CheckFormat};
use conficker_dga::variant::{Variant, VariantSet};

const LINES: usize = 150_000;
const PIECE: usize = 10_000;

fn sample(range: DateRange) -> Vec<String> {
    let mut real: Vec<String> = Variant::ALL
        .into_iter()
        .flat_map(|v| {
            DayDomains::new(v, range.from())
                .step_by(97)
                .take(150)
                .map(move |d| d.to_string(v))
        })
        .collect();
    real.sort();
    let junk = [
        "example.de",
        "abc.com",
        "   ",
        "a..com",
        "bücher.com",
        "two words.com",
        "=1+2",
        "abc1def.com",
        "www.ab-cd.org",
        "localhost",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..LINES)
        .map(|i| match i % 7 {
            // Every real name many times, far apart (in other batches).
            0 | 1 => real[next(real.len())].clone(),
            2 => format!("hxxp://www.{}/x.php", real[next(real.len())]).replace('.', "[.]"),
            3 => junk[next(junk.len())].to_string(),
            4 => real[next(real.len())].to_uppercase(),
            _ => {
                let v = Variant::ALL[next(3)];
                let (min, max) = v.length_range();
                let len = min + next(max - min + 1);
                let label: String = (0..len).map(|_| (b'a' + next(26) as u8) as char).collect();
                format!("{label}.{}", v.suffixes()[next(v.suffixes().len())])
            }
        })
        .collect()
}

fn checked(lines: &[String], range: DateRange) -> CheckRun {
    let mut run = CheckRun::new(lines.iter(), VariantSet::ALL, range);
    run.run(&mut Unmonitored);
    run
}

fn text(run: &CheckRun, format: CheckFormat) -> String {
    check::file(run, format).text
}

#[test]
fn batches_and_chunks_do_not_show_in_the_output() {
    let range = DateRange::parse("2009-04-01", "2009-04-02").unwrap();
    let lines = sample(range);
    let whole = checked(&lines, range);
    assert_eq!(whole.line_count(), LINES);
    let (hits, misses, impossible) = whole.counts();
    assert!(hits > LINES / 3 && misses > 0 && impossible > 0);
    for variant in Variant::ALL {
        assert!(whole
            .lines()
            .any(|l| l.hits.iter().any(|h| h.variant == variant)));
    }

    let csv = text(&whole, CheckFormat::Csv);
    let json: serde_json::Value = serde_json::from_str(&text(&whole, CheckFormat::Json)).unwrap();
    let mut csv_pieces = String::new();
    let mut json_pieces = Vec::new();
    for piece in lines.chunks(PIECE) {
        let run = checked(piece, range);
        let piece_csv = text(&run, CheckFormat::Csv);
        let header_end = piece_csv.find('\n').unwrap() + 1;
        if csv_pieces.is_empty() {
            csv_pieces.push_str(&piece_csv[..header_end]);
        }
        csv_pieces.push_str(&piece_csv[header_end..]);
        let piece_json: serde_json::Value =
            serde_json::from_str(&text(&run, CheckFormat::Json)).unwrap();
        json_pieces.extend(piece_json["results"].as_array().unwrap().iter().cloned());
    }
    assert!(
        csv == csv_pieces,
        "the CSV of the whole differs from its pieces'"
    );
    assert!(
        json["results"].as_array().unwrap() == &json_pieces,
        "the JSON of the whole differs from its pieces'"
    );
}
