//! What the command line's test files share: running the binary Cargo built for them and
//! reading what it wrote, and the repository's test data. Each file has `mod common;`.
#![allow(dead_code, reason = "each test file uses only the helpers it needs")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `conficker-dga` binary of this build, to be given arguments.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_conficker-dga"))
}

/// Runs the command line with `args` and `stdin` on its standard input, to its end: its exit
/// status, standard output and standard error.
pub fn run_with_input(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = binary()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status
            .code()
            .expect("the command line ended by a signal"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs the command line with `args` and nothing on its standard input.
pub fn run(args: &[&str]) -> (i32, String, String) {
    run_with_input(args, "")
}

/// A file of the repository's test data (tests/data).
pub fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(file)
}

/// The text of a file of the repository's test data.
pub fn data_text(file: &str) -> String {
    std::fs::read_to_string(data(file)).unwrap()
}
