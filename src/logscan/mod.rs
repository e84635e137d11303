//! Finding infected hosts in DNS logs: each query's name is checked against the worm's
//! lists of the query's UTC date ± a slack, and the clients that looked up Conficker
//! names are reported.
//!
//! Streaming: bytes go in as they are read (plain or gzip, cut anywhere) and memory
//! grows with the days the logs touch and the clients found, not with the logs.
//!
//! ```
//! use conficker_dga::logscan::{ScanOptions, Scanner};
//!
//! let mut scanner = Scanner::new(ScanOptions::new(2009));
//! scanner.begin("example.log").unwrap();
//! scanner
//!     .push(b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\n")
//!     .unwrap();
//! scanner.end().unwrap();
//! let report = scanner.report();
//! assert_eq!(report.clients[0].client.as_deref(), Some("10.0.0.5"));
//! assert_eq!(report.clients[0].examples[0].index, 100);
//! ```

pub mod binary;
pub mod capture;
pub mod detect;
pub mod evtx;
pub mod formats;
pub mod lists;
pub mod names;
pub mod parts;
pub mod records;
pub mod report;
pub mod scan;
pub mod syslog;
pub mod sysmon;
pub mod time;

pub use formats::LogFormat;
pub use parts::{Part, ScanPart};
pub use records::{Record, RecordTime};
pub use report::{ClientReport, DayReport, ScanReport, SourceSummary};
pub use scan::{ScanError, ScanOptions, Scanner};
