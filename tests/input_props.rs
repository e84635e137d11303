//! Whatever an analyst pastes, the input parser answers and never panics.
#![cfg(not(target_arch = "wasm32"))]

use conficker_dga::input::parse_name;
use conficker_dga::variant::VariantSet;
use proptest::prelude::*;

fn assert_verdict(input: &str) {
    let parsed = parse_name(input, VariantSet::ALL);
    // Exactly one of: possible (with candidates), or impossible with a reason.
    assert_eq!(
        parsed.possible(),
        parsed.reason.is_none(),
        "{input:?}: {parsed:?}"
    );
    if let Some(reason) = &parsed.reason {
        assert!(!reason.is_empty());
    }
}

proptest! {
    #[test]
    fn any_string_gets_a_verdict(s in ".*") {
        assert_verdict(&s);
    }

    #[test]
    fn any_bytes_get_a_verdict(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        assert_verdict(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn name_like_strings_get_a_verdict(s in "(hxxps?://)?([a-z0-9-]{0,12}(\\.|\\[\\.\\]|\\(\\.\\)|\\[dot\\])){1,4}[a-z]{0,4}(:[0-9]{1,5})?(/[a-z]*)?\\.?") {
        assert_verdict(&s);
    }
}
