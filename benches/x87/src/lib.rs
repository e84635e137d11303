//! A straightforward C implementation of the Conficker generator that calls the x87 `FSIN`
//! instruction itself (src/conficker.c), the way the Windows reference tools compute the
//! worm's lists: the benchmarks time the project's generator against it, and the core's
//! tests check it against the reference vectors. x86-64 only.
#![cfg(target_arch = "x86_64")]

use std::ffi::c_int;

/// The x87's precision control: the width its additions and multiplications round to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// 53-bit significands, doubles: Windows' default, which the worm ran under.
    Double = 0x200,
    /// 64-bit significands: Linux's default.
    Extended = 0x300,
}

/// The most bytes a list takes (`CONFICKER_LIST_CAPACITY` in src/conficker.h).
const CAPACITY: usize = 50_000 * 19;

extern "C" {
    fn conficker_list(variant: c_int, days_since_1601: u64, precision: u16, out: *mut u8) -> usize;
    fn conficker_fsin(x: f64) -> f64;
}

/// This CPU's `FSIN` of `x`, stored as a double.
pub fn fsin(x: f64) -> f64 {
    // SAFETY: a pure function of its argument.
    unsafe { conficker_fsin(x) }
}

/// Which generator: A, B or C.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    A = 0,
    B = 1,
    C = 2,
}

/// Writes lists into one reused buffer.
pub struct Generator {
    buffer: Vec<u8>,
}

impl Default for Generator {
    fn default() -> Self {
        Generator {
            buffer: vec![0; CAPACITY],
        }
    }
}

impl Generator {
    /// The list of `variant` for the UTC date `days_since_1601` days after 1601-01-01, one
    /// name a line, each ended by a newline, computed at the x87 `precision` control.
    pub fn list(&mut self, variant: Variant, days_since_1601: u32, precision: Precision) -> &str {
        // SAFETY: the buffer holds CAPACITY bytes, the most a list writes, and the C code
        // writes only there.
        let n = unsafe {
            conficker_list(
                variant as c_int,
                days_since_1601.into(),
                precision as u16,
                self.buffer.as_mut_ptr(),
            )
        };
        std::str::from_utf8(&self.buffer[..n]).expect("the C code writes ASCII names")
    }
}
