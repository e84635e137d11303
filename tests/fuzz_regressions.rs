//! Every input kept in `fuzz/regressions/<target>/` (crashes the fuzz targets found, and the
//! hostile inputs of issue 16), replayed through the same code as the fuzz targets.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::fs;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = fs::read_dir(&folder) else {
        return 0;
    };
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        run(&fs::read(&path).expect("a kept input"));
        count += 1;
    }
    count
}

#[test]
fn kept_inputs_run_without_a_panic() {
    let kept = [
        replay("input_name", targets::input_name),
        replay("log_scan", targets::log_scan),
        replay("allowlist", targets::allowlist),
        replay("sinkhole", targets::sinkhole),
        replay("dates", targets::dates),
    ];
    assert!(
        kept[1] >= 2,
        "the issue's hostile log lines are kept: {kept:?}"
    );
}
