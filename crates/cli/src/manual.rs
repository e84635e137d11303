//! The manual in the binary: `--generate man` (a roff page with every subcommand),
//! `--generate complete-SHELL` (clap_complete's scripts) and `--generate reference` (the
//! guide's reference page in Markdown). All three are written from the clap definition and
//! the core's `facts()`, so that no list of options, formats or ranges is kept by hand.

use std::io::{self, Write};

use clap::{Command, ValueEnum};
use clap_complete::Shell;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;
use conficker_dga::facts::facts;
use conficker_dga::options::Limit;

/// What `--generate` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Generate {
    /// The manual page, roff (`man -l -` reads it)
    Man,
    /// Completion for bash
    CompleteBash,
    /// Completion for zsh
    CompleteZsh,
    /// Completion for fish
    CompleteFish,
    /// Completion for PowerShell
    CompletePowershell,
    /// The guide's reference page, Markdown (make docs)
    Reference,
}

/// Help is wrapped at this width in the reference page, whatever the terminal's.
const REFERENCE_WIDTH: usize = 100;

pub fn write(what: Generate, mut command: Command, out: &mut impl Write) -> io::Result<()> {
    let name = command.get_name().to_string();
    let shell = match what {
        Generate::Man => return man(command, out),
        Generate::Reference => return reference(command, out),
        Generate::CompleteBash => Shell::Bash,
        Generate::CompleteZsh => Shell::Zsh,
        Generate::CompleteFish => Shell::Fish,
        Generate::CompletePowershell => Shell::PowerShell,
    };
    clap_complete::generate(shell, &mut command, name, out);
    Ok(())
}

/// One page: the command's own sections, then each subcommand's synopsis, description and
/// options under a heading of its own, then the exit statuses every subcommand shares.
fn man(mut command: Command, out: &mut impl Write) -> io::Result<()> {
    command.build();
    let page = Man::new(command.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    page.render_subcommands_section(out)?;
    for sub in command.get_subcommands() {
        let mut heading = Roff::new();
        heading.control(
            "SH",
            [format!("{} {}", command.get_name(), sub.get_name())
                .to_uppercase()
                .as_str()],
        );
        out.write_all(heading.render().as_bytes())?;
        let mut sections = Vec::new();
        let page = Man::new(sub.clone());
        page.render_synopsis_section(&mut sections)?;
        page.render_description_section(&mut sections)?;
        page.render_options_section(&mut sections)?;
        // The subcommand's sections become subsections of its heading.
        let sections = String::from_utf8_lossy(&sections).replace("\n.SH ", "\n.SS ");
        let sections = sections
            .strip_prefix(".SH ")
            .map_or(sections.clone(), |rest| format!(".SS {rest}"));
        out.write_all(sections.as_bytes())?;
    }
    let mut status = Roff::new();
    status.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUSES {
        status.control("TP", []);
        status.text([roman(code.to_string())]);
        status.text([roman(meaning)]);
    }
    out.write_all(status.render().as_bytes())?;
    page.render_version_section(out)
}

/// As grep: what every subcommand's status means.
const EXIT_STATUSES: [(u8, &str); 3] = [
    (0, "Something was found: a Conficker name, a client that looked one up, a host reported; or a list was written."),
    (1, "Nothing was found."),
    (2, "An error: a value, a file or a log the tool cannot use, said in one line on standard error."),
];

/// The guide's reference page: the facts the core states (variants, formats, option ranges),
/// then every command's full help as the terminal shows it.
fn reference(command: Command, out: &mut impl Write) -> io::Result<()> {
    let mut command = command
        .term_width(REFERENCE_WIDTH)
        .max_term_width(REFERENCE_WIDTH);
    command.build();
    let facts = facts();
    writeln!(out, "# Reference\n")?;
    writeln!(
        out,
        "<!-- Written by `conficker-dga --generate reference` (make docs): change the code, not this page. -->\n"
    )?;
    writeln!(
        out,
        "What the core states about the worm and every option and format, then each command's \
         help. Dates are UTC, from {} to {}; the Conficker era starts on {}.\n",
        facts.first_date, facts.last_date, facts.era_start
    )?;
    writeln!(out, "## Variants\n")?;
    writeln!(
        out,
        "| variant | also called | names a day | letters | first day (UTC) | suffixes |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for v in &facts.variants {
        writeln!(
            out,
            "| {} | {} | {} | {} to {} | {} | {} |",
            v.letter,
            v.aliases,
            v.per_day,
            v.letters.0,
            v.letters.1,
            v.first_seen,
            v.suffixes
                .iter()
                .map(|s| format!("`.{s}`"))
                .collect::<Vec<_>>()
                .join(" ")
        )?;
    }
    writeln!(out, "\nHow each was validated:\n")?;
    for v in &facts.variants {
        writeln!(out, "- **{}**: {}", v.letter, v.validation)?;
    }
    writeln!(
        out,
        "\n## Log formats (`scan-log --format`, `report --format`)\n"
    )?;
    writeln!(out, "| format | what it reads |\n|---|---|")?;
    for f in &facts.log_formats {
        writeln!(out, "| `{}` | {} |", f.name, f.help)?;
    }
    writeln!(out, "\n## Export formats (`export --format`)\n")?;
    writeln!(out, "| format | file | takes `--sinkhole` |\n|---|---|---|")?;
    for f in &facts.export_formats {
        writeln!(
            out,
            "| `{}` | {} | {} |",
            f.name,
            f.title,
            if f.answers { "yes" } else { "no" }
        )?;
    }
    writeln!(out, "\n## Option ranges\n")?;
    writeln!(
        out,
        "| option | least | most | default |\n|---|---|---|---|"
    )?;
    let l = &facts.limits;
    for (option, limit, default) in [
        ("`--slack` (days)", l.slack, None),
        ("`--window` (days either side of today)", l.window, None),
        ("`--year` (of syslog times)", l.year, Some("this year")),
        ("`--min-names`", l.min_names, None),
        ("`--sid-base`", l.sid_base, None),
    ] {
        writeln!(
            out,
            "| {option} | {} | {} | {} |",
            limit.min,
            limit.max,
            default_of(limit, default)
        )?;
    }
    writeln!(
        out,
        "| `--utc-offset` | -{h:02}:00 | +{h:02}:00 | +00:00 |",
        h = l.utc_offset_hours
    )?;
    writeln!(out, "\n## Exit status\n")?;
    for (code, meaning) in EXIT_STATUSES {
        writeln!(out, "- **{code}**: {meaning}")?;
    }
    let name = command.get_name().to_string();
    writeln!(
        out,
        "\n## `{name}`\n\n```text\n{}```",
        command.render_long_help()
    )?;
    for sub in command.get_subcommands_mut() {
        let title = format!("{name} {}", sub.get_name());
        writeln!(
            out,
            "\n## `{title}`\n\n```text\n{}```",
            sub.render_long_help()
        )?;
    }
    Ok(())
}

fn default_of(limit: Limit, named: Option<&str>) -> String {
    named.map_or_else(|| limit.default.to_string(), str::to_string)
}
