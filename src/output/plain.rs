//! A check's answer for someone who is not an analyst: a short label for each verdict and one
//! sentence saying what it means for the name and the site behind it. The analyst's words
//! (`Verdict::words`: "impossible: suffix .de is used by no variant") stay the expert detail.
//!
//! The point of every sentence: the worm's names are random letters, so some coincide with
//! real, registered sites. Such a site is not malicious; what gives an infection away is a
//! machine looking up the worm's names of the day, many of them.

use serde::Serialize;

use crate::checker::{CheckState, LineResult, Verdict};
use crate::dates::DateRange;
use crate::variant::VariantSet;

/// A verdict in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plain {
    /// A few words in place of the verdict.
    pub label: String,
    /// What it means, in a sentence or two.
    pub sentence: String,
}

/// What `line`'s answer means, for a check of `asked` over `range` (`era` is the whole era,
/// when known) that stands in `state`.
pub fn plain(
    line: &LineResult<'_>,
    asked: VariantSet,
    range: DateRange,
    era: Option<DateRange>,
    state: CheckState,
) -> Plain {
    let name = line.name.unwrap_or(line.input);
    let whole = era.is_some_and(|era| range.from() <= era.from() && era.to() <= range.to());
    let (label, sentence) = match line.verdict {
        Verdict::Hit => (
            "Conficker name".to_string(),
            format!(
                "The worm made up {name} from random letters. Its names sometimes coincide with \
                 real, registered sites: if {name} is one, the site itself is not malicious and \
                 its visitors are not infected. What gives an infected machine away is looking \
                 up many of the worm's names of the same day."
            ),
        ),
        Verdict::NotGenerated if whole => (
            "Never a Conficker name".to_string(),
            format!(
                "No list of the worm's whole era holds {name}: a machine looking it up is not \
                 doing so because of Conficker. This says nothing else about the site."
            ),
        ),
        Verdict::NotGenerated => (
            "Not a Conficker name on these days".to_string(),
            format!(
                "The worm's lists from {} to {} do not hold {name}, so looking it up on those \
                 days is no sign of Conficker. This says nothing else about the site, and \
                 other days' lists might hold it: check the whole era to be sure.",
                range.from(),
                range.to()
            ),
        ),
        Verdict::NotFound => (
            if state == CheckState::Running {
                "Not found so far"
            } else {
                "Not found before the check stopped"
            }
            .to_string(),
            format!(
                "The worm's lists of the days checked do not hold {name}; the other days were \
                 not checked."
            ),
        ),
        Verdict::Impossible => (
            "Never a Conficker name".to_string(),
            format!(
                "{} a name like {name}, on any day: looking it up is no sign of {}. This says \
                 nothing else about the site.",
                never(asked),
                match asked.iter().count() {
                    1 => "it",
                    2 => "them",
                    _ => "the worm",
                }
            ),
        ),
    };
    Plain { label, sentence }
}

/// Who never makes up a name: the variants `asked`.
fn never(asked: VariantSet) -> String {
    let letters: Vec<String> = asked.iter().map(|v| v.to_string()).collect();
    match letters.as_slice() {
        [one] => format!("Conficker {one} never makes up"),
        [a, b] => format!("Neither Conficker {a} nor {b} ever makes up"),
        _ => "No variant of Conficker ever makes up".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::{CheckRun, Unmonitored};
    use crate::variant::Variant;

    fn range(from: &str, to: &str) -> DateRange {
        DateRange::parse(from, to).unwrap()
    }

    fn plains(run: &CheckRun, era: Option<DateRange>) -> Vec<Plain> {
        run.lines()
            .map(|l| plain(&l, run.variants(), run.range(), era, run.state()))
            .collect()
    }

    #[test]
    fn a_hit_says_real_sites_may_share_the_name_and_are_not_malicious() {
        let mut run = CheckRun::new(
            ["jogli.com", "abcdefg.com", "example.de"],
            VariantSet::ALL,
            range("2009-03-01", "2009-03-31"),
        );
        run.run(&mut Unmonitored);
        let got = plains(&run, Some(DateRange::era("2026-12-08".parse().unwrap())));
        assert_eq!(got[0].label, "Conficker name");
        assert!(
            got[0].sentence.contains(
                "Its names sometimes coincide with real, registered sites: if jogli.com is one, \
                 the site itself is not malicious"
            ),
            "{}",
            got[0].sentence
        );
        assert_eq!(got[1].label, "Not a Conficker name on these days");
        assert_eq!(
            got[1].sentence,
            "The worm's lists from 2009-03-01 to 2009-03-31 do not hold abcdefg.com, so looking \
             it up on those days is no sign of Conficker. This says nothing else about the site, \
             and other days' lists might hold it: check the whole era to be sure."
        );
        assert_eq!(got[2].label, "Never a Conficker name");
        assert_eq!(
            got[2].sentence,
            "No variant of Conficker ever makes up a name like example.de, on any day: looking it \
             up is no sign of the worm. This says nothing else about the site."
        );
    }

    #[test]
    fn over_the_whole_era_a_miss_is_never_a_conficker_name() {
        let era = DateRange::era("2026-12-08".parse().unwrap());
        let mut run = CheckRun::new(["abcdefg.com"], [Variant::A].into_iter().collect(), era);
        run.run(&mut Unmonitored);
        let got = plains(&run, Some(era));
        assert_eq!(got[0].label, "Never a Conficker name");
        assert!(got[0]
            .sentence
            .starts_with("No list of the worm's whole era holds abcdefg.com"));
    }

    #[test]
    fn an_impossible_name_names_the_variants_asked() {
        let asked: VariantSet = [Variant::A, Variant::B].into_iter().collect();
        let run = CheckRun::new(["abcdef.ru"], asked, range("2009-03-01", "2009-03-01"));
        assert_eq!(
            plains(&run, None)[0].sentence,
            "Neither Conficker A nor B ever makes up a name like abcdef.ru, on any day: looking \
             it up is no sign of them. This says nothing else about the site."
        );
    }
}
