//! How dates and variants appear in JSON: `"2009-03-08"` and `"B"`.

use chrono::NaiveDate;
use serde::Serializer;

use crate::variant::Variant;

pub fn date<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

pub fn variant<S: Serializer>(variant: &Variant, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(variant)
}
