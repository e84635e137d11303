//! Which lists a check generates, in which order.

use chrono::NaiveDate;

use crate::dates::DateRange;
use crate::variant::Variant;

/// The lists a check generates: every needed variant of every day of its part.
pub struct Days {
    pub range: DateRange,
    pub part: u64,
    pub parts: u64,
    pub variants: Vec<Variant>,
}

impl Days {
    /// Days in the part.
    pub fn count(&self) -> u64 {
        (self.range.days() + self.parts - 1 - self.part) / self.parts
    }

    pub fn lists(&self) -> u64 {
        self.count() * self.variants.len() as u64
    }

    /// The `i`-th list, days in order and each day's variants together.
    pub fn list(&self, i: u64) -> Option<(Variant, NaiveDate)> {
        if i >= self.lists() {
            return None;
        }
        let n = self.variants.len() as u64;
        let day = (i / n) * self.parts + self.part;
        Some((self.variants[(i % n) as usize], self.range.nth(day)))
    }

    /// Days counted as done when `lists` lists are (lists finish about in order).
    pub fn done(&self, lists: u64) -> u64 {
        lists / self.variants.len() as u64
    }
}
