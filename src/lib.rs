//! Conficker's domain generation algorithm, bit for bit, and a checker built on it.
//!
//! The generator knows nothing of the web: the WebAssembly bindings in `wasm` are a
//! thin layer over this library.

pub mod checker;
pub mod dates;
pub mod domain;
pub mod export;
pub mod fsin;
pub mod generator;
pub mod input;
pub mod lists;
pub mod logscan;
pub mod prng;
mod serialize;
pub mod variant;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
