//! Every `console` example of README.md and the guide (docs/src) run as written: each
//! `$ conficker-dga ...` line against this build, its output (standard output and standard
//! error together) and exit status compared with the lines below it (CONTRIBUTING.md, "The
//! guide and its examples"). A change in what the tool prints fails here until the page says it.

use std::path::Path;

#[test]
fn every_console_example_in_the_docs() {
    // The examples name files from the repository's top folder, as a reader runs them. The
    // test's one function is the only thing in this process that depends on the folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::set_current_dir(&root).expect("the repository's top folder");
    let cases = trycmd::TestCases::new();
    cases
        .register_bin(
            "conficker-dga",
            Path::new(env!("CARGO_BIN_EXE_conficker-dga")),
        )
        // No progress bar and no terminal colours: the output a pipe gets.
        .env("NO_COLOR", "1")
        .case("README.md")
        .case("docs/src/*.md");
}
