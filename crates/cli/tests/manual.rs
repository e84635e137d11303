//! The manual in the binary: `--generate man` is a page `man -l -` renders without a warning,
//! with every subcommand and its options in it; each shell's completion script knows every
//! subcommand; `--version` answers after every subcommand. `man` and `bash` are skipped only
//! when missing and `CONFICKER_DGA_REQUIRE_TOOLS` is unset (`make test` sets it).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::env;
use std::io::Write;
use std::process::{Command, Stdio};

use common::run;

const SUBCOMMANDS: [&str; 6] = [
    "generate",
    "check",
    "export",
    "collisions",
    "scan-log",
    "report",
];

fn installed(program: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success());
    if !found {
        assert!(
            env::var_os("CONFICKER_DGA_REQUIRE_TOOLS").is_none(),
            "{program} is not installed: run scripts/install-tools test"
        );
        eprintln!("note: {program} is not installed, so its check is skipped");
    }
    found
}

/// Runs `program args` with `input` on its standard input: status, stdout, stderr.
fn pipe(program: &str, args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = Command::new(program)
        .args(args)
        .env("MANWIDTH", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_man_page_renders_with_every_subcommand() {
    let (status, page, err) = run(&["--generate", "man"]);
    assert_eq!((status, err.as_str()), (0, ""));
    assert!(page.contains(".TH conficker-dga 1"), "{page}");
    if !installed("man") {
        return;
    }
    // --warnings: groff's complaints about the roff go to standard error.
    let (ok, text, warnings) = pipe("man", &["--warnings", "-l", "-"], &page);
    assert!(ok, "{warnings}");
    assert_eq!(warnings, "", "man -l - warned");
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS"] {
        assert!(
            text.contains(&format!("\n{section}\n")),
            "no {section}:\n{text}"
        );
    }
    for sub in SUBCOMMANDS {
        let heading = format!("\nCONFICKER-DGA {}\n", sub.to_uppercase());
        assert!(text.contains(&heading), "no {heading:?}:\n{text}");
    }
    // Each subcommand's own options, under its heading.
    for (sub, option) in [
        ("check", "--around"),
        ("export", "--sinkhole"),
        ("scan-log", "--utc-offset"),
        ("report", "--networks"),
        ("generate", "--digest"),
    ] {
        let at = text
            .find(&format!("\nCONFICKER-DGA {}\n", sub.to_uppercase()))
            .unwrap();
        let next = text[at + 1..]
            .find("\nCONFICKER-DGA ")
            .map_or(text.len(), |n| at + 1 + n);
        assert!(text[at..next].contains(option), "{sub} lacks {option}");
    }
}

#[test]
fn every_shell_completes_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (status, script, err) = run(&["--generate", &format!("complete-{shell}")]);
        assert_eq!((status, err.as_str()), (0, ""), "{shell}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} does not complete {sub}");
        }
    }
    if installed("bash") {
        let (_, script, _) = run(&["--generate", "complete-bash"]);
        // The script loads, and completing `conficker-dga sc` offers scan-log.
        let test = format!(
            "{script}\nCOMP_WORDS=(conficker-dga sc); COMP_CWORD=1; COMP_LINE='conficker-dga sc'; \
             COMP_POINT=${{#COMP_LINE}}; _conficker__dga conficker-dga sc conficker-dga; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let (ok, out, err) = pipe("bash", &["-s"], &test);
        assert!(ok, "{err}");
        assert_eq!(out.trim(), "scan-log", "{err}");
    }
}

#[test]
fn every_subcommand_answers_version() {
    let (status, top, _) = run(&["--version"]);
    assert_eq!(status, 0);
    assert_eq!(
        top,
        format!("conficker-dga {}\n", env!("CARGO_PKG_VERSION"))
    );
    for sub in SUBCOMMANDS {
        let version = format!("conficker-dga-{sub} {}\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            run(&[sub, "--version"]),
            (0, version, String::new()),
            "{sub}"
        );
    }
}

#[test]
fn the_reference_page_lists_the_cores_formats() {
    let (status, page, err) = run(&["--generate", "reference"]);
    assert_eq!((status, err.as_str()), (0, ""));
    let facts = conficker_dga::facts::facts();
    for format in &facts.log_formats {
        assert!(page.contains(&format!("| `{}` | {} |", format.name, format.help)));
    }
    for format in &facts.export_formats {
        assert!(page.contains(&format!("| `{}` | {} |", format.name, format.title)));
    }
    for sub in SUBCOMMANDS {
        assert!(page.contains(&format!("## `conficker-dga {sub}`")), "{sub}");
    }
}

#[test]
fn generate_refuses_what_it_cannot_write() {
    let (status, out, err) = run(&["--generate", "complete-tcsh"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(
        err.starts_with("conficker-dga: invalid value 'complete-tcsh' for '--generate"),
        "{err}"
    );
    // --generate is the whole run: it does not combine with a subcommand.
    let (status, _, err) = run(&["--generate", "man", "check", "jogli.com"]);
    assert_eq!(status, 2, "{err}");
}
