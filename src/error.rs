//! Every mistake in what a user gives the tool, one variant per kind. Each message names the
//! field and the value; `field()` tells a shell where to show it (the command line exits with
//! status 2, the page writes it beside the input).

use std::fmt;
use std::net::IpAddr;

use chrono::NaiveDate;

/// Where a shell takes the names to check from, for the message saying none were given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamesFrom {
    /// Arguments, standard input or `--input FILE`.
    CommandLine,
    /// The page's box or a file chosen beside it.
    Page,
    /// A function's argument (the Python package): a list, or a string of lines.
    Argument,
}

/// The inputs a user fills in, by the key the page and the npm module use for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Names,
    From,
    To,
    Date,
    Slack,
    Window,
    Variants,
    Suffixes,
    UtcOffset,
    Year,
    MinNames,
    /// Readers at once (`scan-log --threads`).
    Threads,
    Sinkhole,
    Format,
    LogFormat,
    SidBase,
    Allow,
    /// A zone file searched for registered names (`collisions`).
    Zone,
    /// Scan reports read back (`scan-log -o json`).
    Reports,
    /// Network tables: IP-to-ASN ranges, CAIDA prefixes, MaxMind databases.
    Networks,
    /// Abuse contacts per AS or prefix.
    Contacts,
    /// DHCP leases and logs.
    Dhcp,
    /// Where an export is written.
    Output,
}

impl Field {
    /// The key of the option in JavaScript (`utcOffset`) and of the page's error slot.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Names => "names",
            Field::From => "from",
            Field::To => "to",
            Field::Date => "date",
            Field::Slack => "slack",
            Field::Window => "window",
            Field::Variants => "variants",
            Field::Suffixes => "suffixes",
            Field::UtcOffset => "utcOffset",
            Field::Year => "year",
            Field::MinNames => "minNames",
            Field::Threads => "threads",
            Field::Sinkhole => "sinkhole",
            Field::Format => "format",
            Field::LogFormat => "logFormat",
            Field::SidBase => "sidBase",
            Field::Allow => "allow",
            Field::Zone => "zone",
            Field::Reports => "reports",
            Field::Networks => "networks",
            Field::Contacts => "contacts",
            Field::Dhcp => "dhcp",
            Field::Output => "output",
        }
    }

    /// How a message names the field.
    pub const fn label(self) -> &'static str {
        match self {
            Field::Names => "names",
            Field::From => "from date",
            Field::To => "to date",
            Field::Date => "date",
            Field::Slack => "slack",
            Field::Window => "window",
            Field::Variants => "variants",
            Field::Suffixes => "suffix",
            Field::UtcOffset => "UTC offset",
            Field::Year => "year",
            Field::MinNames => "minimum of distinct names",
            Field::Threads => "threads",
            Field::Sinkhole => "sinkhole",
            Field::Format => "format",
            Field::LogFormat => "log format",
            Field::SidBase => "first sid",
            Field::Allow => "allowlist",
            Field::Zone => "zone file",
            Field::Reports => "scan report",
            Field::Networks => "network table",
            Field::Contacts => "contacts",
            Field::Dhcp => "DHCP file",
            Field::Output => "output file",
        }
    }
}

/// A value the tool cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    NotADate {
        field: Field,
        value: String,
    },
    NoSuchDate {
        field: Field,
        value: String,
    },
    /// Outside 1601-01-01 to 9999-12-31, the dates FILETIME and the generator express.
    DateOutsideClock {
        field: Field,
        value: String,
        first: NaiveDate,
        last: NaiveDate,
    },
    RangeBackwards {
        from: NaiveDate,
        to: NaiveDate,
    },
    NotANumber {
        field: Field,
        value: String,
    },
    OutOfRange {
        field: Field,
        value: String,
        min: i64,
        max: i64,
    },
    UnknownVariant {
        value: String,
    },
    /// Microsoft's Conficker.C is B's generator; everyone else's is our C.
    AmbiguousVariant {
        value: String,
    },
    NoVariants,
    SuffixOfNoVariant {
        value: String,
    },
    SuffixOfOtherVariants {
        value: String,
        /// The variants that use the suffix, and those asked, as letters (`A,B`).
        users: String,
        asked: String,
    },
    UtcOffset {
        value: String,
    },
    NotAnAddress {
        value: String,
    },
    TwoSinkholesOfOneFamily {
        first: IpAddr,
        second: IpAddr,
    },
    /// A sinkhole given for a format that answers no queries.
    SinkholeUnused {
        format: &'static str,
    },
    UnknownFormat {
        field: Field,
        value: String,
        known: String,
    },
    /// More Suricata rules than sids from the first one to the largest.
    SidsPastLargest {
        rules: u64,
        sid_base: u32,
    },
    /// A format of two files asked for as one stream (standard output).
    TwoFiles {
        format: &'static str,
    },
    /// An export that leaves registered names out writes them to a second file, which needs a
    /// name.
    CollisionsFile,
    /// A file name a Suricata rule cannot name in its `load` option.
    DatasetFileName {
        value: String,
    },
    /// No names given where `NamesFrom` says they are given.
    NoNames(NamesFrom),
    /// More names than one check holds at once.
    TooManyNames {
        max: usize,
    },
    /// A file read whole that passes its size bound.
    TooLarge {
        field: Field,
        source: String,
        limit: u64,
    },
    /// A line far longer than any name: most likely a binary file.
    NotAName {
        source: String,
        line: u64,
        length: usize,
    },
    /// An export longer than the days whose names fit in memory at once.
    ExportTooLong {
        days: u64,
        max: u64,
    },
    /// A collision search over more days than its index of names holds at once.
    CollisionsTooLong {
        days: u64,
        max: u64,
    },
    /// A line of a table (networks, contacts, DHCP) that is not what its format holds.
    TableLine {
        field: Field,
        source: String,
        line: u64,
        /// What the line should hold, e.g. `range_start range_end AS_number country AS_name`.
        expected: &'static str,
        value: String,
    },
    /// A file whose format cannot be told, or whose header lacks a column.
    TableFormat {
        field: Field,
        source: String,
        expected: &'static str,
    },
    /// `report` given neither scan reports nor logs.
    NoReports,
    /// Lookups of the scan reports that, added up for one client or network, pass `u64`.
    CountPastLargest {
        whose: String,
    },
    /// A file that the parser of its format refused as a whole (a broken `.mmdb`, a scan
    /// report that is not `scan-log -o json`).
    Unreadable {
        field: Field,
        source: String,
        reason: String,
    },
}

impl InputError {
    /// The input the mistake is in.
    pub fn field(&self) -> Field {
        match self {
            InputError::NotADate { field, .. }
            | InputError::NoSuchDate { field, .. }
            | InputError::DateOutsideClock { field, .. }
            | InputError::NotANumber { field, .. }
            | InputError::OutOfRange { field, .. }
            | InputError::UnknownFormat { field, .. }
            | InputError::TooLarge { field, .. }
            | InputError::TableLine { field, .. }
            | InputError::TableFormat { field, .. }
            | InputError::Unreadable { field, .. } => *field,
            InputError::SidsPastLargest { .. } => Field::SidBase,
            InputError::TwoFiles { .. }
            | InputError::CollisionsFile
            | InputError::DatasetFileName { .. } => Field::Output,
            InputError::RangeBackwards { .. }
            | InputError::ExportTooLong { .. }
            | InputError::CollisionsTooLong { .. } => Field::To,
            InputError::UnknownVariant { .. }
            | InputError::AmbiguousVariant { .. }
            | InputError::NoVariants => Field::Variants,
            InputError::SuffixOfNoVariant { .. } | InputError::SuffixOfOtherVariants { .. } => {
                Field::Suffixes
            }
            InputError::UtcOffset { .. } => Field::UtcOffset,
            InputError::NotAnAddress { .. }
            | InputError::TwoSinkholesOfOneFamily { .. }
            | InputError::SinkholeUnused { .. } => Field::Sinkhole,
            InputError::NoNames(_)
            | InputError::TooManyNames { .. }
            | InputError::NotAName { .. } => Field::Names,
            InputError::NoReports | InputError::CountPastLargest { .. } => Field::Reports,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.field().label();
        match self {
            InputError::NotADate { value, .. } => {
                write!(f, "{label} '{value}' is not a date: use YYYY-MM-DD")
            }
            InputError::NoSuchDate { value, .. } => {
                write!(f, "{label} {value} does not exist in the calendar")
            }
            InputError::DateOutsideClock {
                value, first, last, ..
            } => write!(
                f,
                "{label} {value} is outside {first} to {last}, the dates the worm's clock can express"
            ),
            InputError::RangeBackwards { from, to } => {
                write!(f, "the range starts ({from}) after it ends ({to})")
            }
            InputError::NotANumber { value, .. } => {
                write!(f, "{label} '{value}' is not a whole number")
            }
            InputError::OutOfRange {
                value, min, max, ..
            } => write!(f, "{label} {value} is out of range: use {min} to {max}"),
            InputError::UnknownVariant { value } => write!(
                f,
                "unknown variant '{value}': use A, B or C (aliases: Downadup.A/Kido.A, Downadup.B/Kido.B, Conficker.D/Downadup.C/Kido.ip)"
            ),
            InputError::AmbiguousVariant { value } => write!(
                f,
                "variant '{value}' is ambiguous: Microsoft's Conficker.C uses B's generator (say B); others' Conficker.C, such as Symantec's Downadup.C, is our C (say C)"
            ),
            InputError::NoVariants => f.write_str("no variant chosen: choose at least one of A, B and C"),
            InputError::SuffixOfNoVariant { value } => {
                write!(f, "suffix .{value} is used by no variant")
            }
            InputError::SuffixOfOtherVariants {
                value,
                users,
                asked,
            } => write!(
                f,
                "suffix .{value} is used only by {users}, which is not among the variants {asked}"
            ),
            InputError::UtcOffset { value } => write!(
                f,
                "UTC offset '{value}' is not one: use +HH:MM or -HH:MM (e.g. +01:00), at most 14 hours"
            ),
            InputError::NotAnAddress { value } => {
                write!(f, "sinkhole '{value}' is not an IPv4 or IPv6 address")
            }
            InputError::TwoSinkholesOfOneFamily { first, second } => write!(
                f,
                "two sinkhole addresses of one family ({first} and {second}): give at most one IPv4 and one IPv6"
            ),
            InputError::SinkholeUnused { format } => write!(
                f,
                "a sinkhole address means nothing in the {format} format, which answers no queries"
            ),
            InputError::UnknownFormat { value, known, .. } => {
                write!(f, "unknown {label} '{value}': use one of {known}")
            }
            InputError::SidsPastLargest { rules, sid_base } => write!(
                f,
                "{rules} rules from sid {sid_base} would pass the largest sid, {}",
                u32::MAX
            ),
            InputError::TwoFiles { format } => write!(
                f,
                "the {format} format is two files, the rules and the dataset they load, which \
                 one stream cannot hold: name a file for the rules (on the command line: -o FILE); \
                 the dataset is written beside it"
            ),
            InputError::CollisionsFile => write!(
                f,
                "an export with zone files writes the names registered in them to a second \
                 file, which one stream cannot hold: name the export's file (-o FILE; the \
                 second is written beside it) or the second file (--collisions FILE)"
            ),
            InputError::DatasetFileName { value } => write!(
                f,
                "a Suricata rule cannot load a dataset file named '{value}': use a name of \
                 letters, digits, '.', '-' and '_'"
            ),
            InputError::TooManyNames { max } => write!(
                f,
                "more than {max} names: a check holds them all at once; \
                 check fewer at a time, or scan a log of them with scan-log"
            ),
            InputError::NoNames(NamesFrom::CommandLine) => f.write_str(
                "no names to check: give names, one per line (on the command line: arguments, `-` for standard input, or --input FILE)",
            ),
            InputError::NoNames(NamesFrom::Argument) => f.write_str(
                "no names to check: give names, as a list or a string of lines",
            ),
            InputError::NoNames(NamesFrom::Page) => f.write_str(
                "no names to check: type or paste names in the box, one per line, or choose a file of them",
            ),
            InputError::TooLarge {
                source, limit, ..
            } => write!(
                f,
                "{label} {source} is larger than {} MiB, the most read at once",
                limit >> 20
            ),
            InputError::ExportTooLong { days, max } => write!(
                f,
                "an export covers at most {max} days; {days} asked: export fewer days at a time"
            ),
            InputError::CollisionsTooLong { days, max } => write!(
                f,
                "a zone is searched for the names of at most {max} days; {days} asked: \
                 search fewer days at a time"
            ),
            InputError::NotAName {
                source,
                line,
                length,
            } => write!(
                f,
                "{source} line {line}: {length} characters, not a name (is this a binary file?)"
            ),
            InputError::TableLine {
                source,
                line,
                expected,
                value,
                ..
            } => write!(
                f,
                "{label} {source} line {line}: '{value}' is not {expected}"
            ),
            InputError::TableFormat {
                source, expected, ..
            } => write!(f, "{label} {source} is not {expected}"),
            InputError::NoReports => f.write_str(
                "nothing to report: give scan reports (written by scan-log -o json) or logs (on the command line: --log FILE)",
            ),
            InputError::Unreadable { source, reason, .. } => {
                write!(f, "{label} {source} cannot be read: {reason}")
            }
            InputError::CountPastLargest { whose } => write!(
                f,
                "the lookups of {whose} in the scan reports add up past {}, the largest count",
                u64::MAX
            ),
        }
    }
}

impl std::error::Error for InputError {}
