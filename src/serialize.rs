//! How dates and variants appear in JSON: `"2009-03-08"` and `"B"`.

use chrono::NaiveDate;
use serde::Serializer;

use crate::variant::{Variant, VariantSet};

pub fn date<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

pub fn variant<S: Serializer>(variant: &Variant, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(variant)
}

/// A set of variants as the list of its letters: `["A", "C"]`.
pub fn variants<S: Serializer>(variants: &VariantSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(variants.iter().map(|v| v.letter()))
}
