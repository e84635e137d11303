//! The bytes getrandom hands to the evtx crate's hash tables in WebAssembly, where the core has
//! no source of randomness of its own (it binds to no JavaScript). Those tables key the records
//! of an event log the analyst chose to open: their seeds guard against hash flooding by a
//! hostile file, so they are drawn from the address of a fresh allocation and a counter,
//! mixed by SplitMix64; nothing secret depends on them.

use std::sync::atomic::{AtomicU64, Ordering};

static CALLS: AtomicU64 = AtomicU64::new(0);

/// getrandom's custom source (see `getrandom_backend = "custom"` in .cargo/config.toml).
///
/// # Safety
/// getrandom calls it with `dest` valid for `len` bytes.
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    let here = Box::new(0u8);
    let mut state = (&*here as *const u8 as u64)
        ^ CALLS
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for i in 0..len {
        if i % 8 == 0 {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        }
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // SAFETY: i < len, and getrandom gives a `dest` valid for `len` bytes.
        unsafe { *dest.add(i) = (z >> ((i % 8) * 8)) as u8 };
    }
    Ok(())
}
