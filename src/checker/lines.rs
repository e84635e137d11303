//! A check's input lines as it keeps them: a million names must fit in a few dozen MB, in
//! the page's 32-bit module too. Each chunk of lines holds one buffer of text; a line is four
//! spans into it (the input, the name, the note, the reason) and its target, with no string
//! of its own. The name is the input itself, or a piece of it, whenever it can be.

use crate::domain::Domain;
use crate::input::{parse_name, ParsedName};
use crate::variant::{Variant, VariantSet};

/// Bytes `start..start + len` of a chunk's text; `start == u32::MAX` is no text.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    const NONE: Span = Span {
        start: u32::MAX,
        len: 0,
    };
}

/// A target number no line has: the line's name is impossible.
pub(crate) const NO_TARGET: u32 = u32::MAX;

/// One input line: 36 bytes, its text in the chunk's buffer.
#[derive(Clone, Copy, Debug)]
struct Line {
    input: Span,
    name: Span,
    note: Span,
    reason: Span,
    target: u32,
}

/// One input line as parsed, borrowed from its chunk.
#[derive(Clone, Copy, Debug)]
pub struct LineView<'a> {
    pub input: &'a str,
    pub name: Option<&'a str>,
    pub note: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// The target its name is, if some asked variant could generate it.
    pub target: Option<u32>,
}

/// A name some variant could generate: line `line` of its chunk, as `variant` packs it.
/// Kept only until the targets are indexed.
pub(crate) struct Candidate {
    pub line: u32,
    pub variant: Variant,
    pub domain: Domain,
}

/// Consecutive lines and their text. A chunk's text stays far below 4 GiB (lines of at most
/// a few KiB when read from text; see `CHUNK`), so spans are 32-bit.
pub(crate) struct LineChunk {
    text: String,
    lines: Vec<Line>,
}

/// Lines per chunk: small enough that a chunk's text fits 32-bit offsets whatever the lines,
/// big enough that the chunks are few.
pub(crate) const CHUNK: usize = 1 << 15;

impl LineChunk {
    /// Parses `inputs` (at most [`CHUNK`] of them) and returns the lines and the candidates
    /// of each, in line order.
    pub(crate) fn parse(
        inputs: &[impl AsRef<str>],
        asked: VariantSet,
    ) -> (LineChunk, Vec<Candidate>) {
        let mut chunk = LineChunk {
            text: String::new(),
            lines: Vec::with_capacity(inputs.len()),
        };
        let mut candidates = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let ParsedName {
                input,
                name,
                note,
                candidates: found,
                reason,
            } = parse_name(input.as_ref(), asked);
            let input_span = chunk.push(&input);
            let name = match name {
                None => Span::NONE,
                // Most names are their line, or a piece of it (a URL's host).
                Some(name) => match input.find(name.as_str()) {
                    Some(at) => Span {
                        start: input_span.start + at as u32,
                        len: name.len() as u32,
                    },
                    None => chunk.push(&name),
                },
            };
            let line = Line {
                input: input_span,
                name,
                note: note.map_or(Span::NONE, |n| chunk.push(&n)),
                reason: reason.map_or(Span::NONE, |r| chunk.push(&r)),
                target: NO_TARGET,
            };
            chunk.lines.push(line);
            candidates.extend(found.into_iter().map(|(variant, domain)| Candidate {
                line: i as u32,
                variant,
                domain,
            }));
        }
        chunk.text.shrink_to_fit();
        (chunk, candidates)
    }

    fn push(&mut self, text: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Span {
            start,
            len: text.len() as u32,
        }
    }

    fn text(&self, span: Span) -> Option<&str> {
        (span.start != u32::MAX)
            .then(|| &self.text[span.start as usize..(span.start + span.len) as usize])
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    pub(crate) fn set_target(&mut self, line: usize, target: u32) {
        self.lines[line].target = target;
    }

    pub(crate) fn target(&self, line: usize) -> Option<u32> {
        Some(self.lines[line].target).filter(|&t| t != NO_TARGET)
    }

    pub(crate) fn view(&self, line: usize) -> LineView<'_> {
        let l = self.lines[line];
        LineView {
            input: self.text(l.input).unwrap_or(""),
            name: self.text(l.name),
            note: self.text(l.note),
            reason: self.text(l.reason),
            target: self.target(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_gives_back_what_parse_name_said() {
        let inputs = [
            "jogli.com",
            "http://www.praat.org/index.php",
            "hxxp://www.praat[.]org/index.php",
            "WWW.JOGLI.COM",
            "example.de",
            "www.ab1cd.com",
            "   ",
        ];
        let (chunk, candidates) = LineChunk::parse(&inputs, VariantSet::ALL);
        assert_eq!(chunk.len(), inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let parsed = parse_name(input, VariantSet::ALL);
            let view = chunk.view(i);
            assert_eq!(view.input, parsed.input);
            assert_eq!(view.name, parsed.name.as_deref());
            assert_eq!(view.note, parsed.note.as_deref());
            assert_eq!(view.reason, parsed.reason.as_deref());
            let mine: Vec<(Variant, Domain)> = candidates
                .iter()
                .filter(|c| c.line == i as u32)
                .map(|c| (c.variant, c.domain))
                .collect();
            assert_eq!(mine, parsed.candidates, "{input}");
        }
        // The name is the line, or a piece of it, not a copy, where it can be.
        assert_eq!(chunk.lines[0].name.start, chunk.lines[0].input.start);
        assert_eq!(chunk.lines[1].name.start, chunk.lines[1].input.start + 11);
    }
}
