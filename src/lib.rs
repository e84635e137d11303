//! Conficker's domain generation algorithm, bit for bit, and everything built on it: the
//! checker, the lists, the resolver exports, the DNS log scan, every output format and every
//! check of user input.
//!
//! This crate knows nothing of terminals or browsers: the command line (`crates/cli`) and the
//! WebAssembly module (`crates/wasm`) parse their arguments, call it and show what it renders.

pub mod checker;
pub mod collisions;
pub mod dates;
pub mod domain;
pub mod error;
pub mod export;
pub mod facts;
pub mod fsin;
pub mod generator;
pub mod input;
pub mod lists;
pub mod logscan;
pub mod networks;
pub mod options;
pub mod output;
pub mod prng;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod seed;
mod serialize;
pub mod suffix;
pub mod variant;
pub mod zonefile;
