//! Byte offsets back into the file as given.
//!
//! Every stage after decoding works on derived text (the clean text of
//! [`crate::normalize`]); an [`OffsetMap`] remembers, for each byte of the
//! derived text, which byte of the original it came from, so that every span
//! in the output points into the input file. Invariant: mapped offsets lie in
//! `0..=original_len` and on character boundaries of the original.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A byte range: in the clean text inside the library, in the input file in
/// the output.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The part of `text` this span covers (empty when out of bounds).
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// One run of derived text: bytes `norm..` of the derived text come from
/// bytes `orig..` of the original, one for one (`copied`) or all from the
/// single position `orig` (`!copied`, text the normalizer wrote itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    norm: u32,
    orig: u32,
    copied: bool,
}

/// Maps byte offsets of derived text to byte offsets of its original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    runs: Vec<Run>,
    norm_len: u32,
}

impl OffsetMap {
    /// The original offset of derived byte `pos` (`pos == len` maps past the
    /// last mapped byte).
    pub fn to_original(&self, pos: usize) -> usize {
        if self.runs.is_empty() {
            return 0;
        }
        let pos = pos as u32;
        self.original_in(self.run_of(pos), pos)
    }

    /// The run that holds derived byte `pos` (the first when it is before
    /// every run, 0 when there is none).
    fn run_of(&self, pos: u32) -> usize {
        match self.runs.binary_search_by(|r| r.norm.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// The original offset of derived byte `pos` in run `i`.
    fn original_in(&self, i: usize, pos: u32) -> usize {
        let run = self.runs[i];
        if run.copied {
            (run.orig + (pos - run.norm)) as usize
        } else {
            run.orig as usize
        }
    }

    /// The original byte range of derived range `r`, widened to whole
    /// characters of `original`.
    pub fn span(&self, r: Range<usize>, original: &str) -> Range<usize> {
        if r.start >= r.end {
            let p = floor_boundary(original, self.to_original(r.start));
            return p..p;
        }
        let (first, last) = self.first_and_last(r.start, r.end - 1);
        let start = floor_boundary(original, first);
        let end = ceil_boundary(original, last + 1).max(start);
        start..end
    }

    /// The original offsets of derived bytes `first` and `last` (`first <=
    /// last`), as [`OffsetMap::to_original`] gives them. The last byte is
    /// mostly in the first one's run: when that run starts before it and
    /// the next after it, the search would find that run, and is not made.
    fn first_and_last(&self, first: usize, last: usize) -> (usize, usize) {
        if self.runs.is_empty() {
            return (0, 0);
        }
        let (first, last) = (first as u32, last as u32);
        let i = self.run_of(first);
        let j = if self.runs[i].norm < last && self.runs.get(i + 1).is_none_or(|n| n.norm > last) {
            i
        } else {
            self.run_of(last)
        };
        (self.original_in(i, first), self.original_in(j, last))
    }

    /// The first derived offset whose original offset is at or after `orig`
    /// (runs are in input order).
    pub fn to_derived(&self, orig: usize) -> usize {
        let orig = orig as u32;
        let i = self.runs.partition_point(|r| r.orig < orig);
        if i > 0 {
            let prev = self.runs[i - 1];
            let len = self.runs.get(i).map_or(self.norm_len, |r| r.norm) - prev.norm;
            if prev.copied && orig < prev.orig + len {
                return (prev.norm + (orig - prev.orig)) as usize;
            }
        }
        self.runs.get(i).map_or(self.norm_len, |r| r.norm) as usize
    }

    /// Number of runs (for tests and diagnostics).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Derived text the normalizer wrote in place of an original character
    /// (a space for a non-breaking space, a hyphen for a non-breaking
    /// hyphen): (derived range, original offset).
    pub fn replaced(&self) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
        self.runs
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.copied)
            .map(|(i, r)| {
                let end = self.runs.get(i + 1).map_or(self.norm_len, |n| n.norm);
                (r.norm as usize..end as usize, r.orig as usize)
            })
    }

    /// The original ranges that derived text copies one for one, with the
    /// derived range each became: (derived, original).
    pub fn copied(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.runs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.copied)
            .map(|(i, r)| {
                let end = self.runs.get(i + 1).map_or(self.norm_len, |n| n.norm);
                let len = (end - r.norm) as usize;
                (
                    r.norm as usize..end as usize,
                    r.orig as usize..r.orig as usize + len,
                )
            })
    }
}

/// Builds derived text and its [`OffsetMap`] together.
#[derive(Debug, Default)]
pub struct MappedText {
    pub text: String,
    map: OffsetMap,
}

impl MappedText {
    /// Room for `n` bytes of text in `runs` runs (a run is a stretch
    /// copied from one place, or one piece written in place of another).
    pub fn with_capacity(n: usize, runs: usize) -> Self {
        MappedText {
            text: String::with_capacity(n),
            map: OffsetMap {
                runs: Vec::with_capacity(runs),
                ..OffsetMap::default()
            },
        }
    }

    /// Appends `s`, copied from original offset `orig`.
    pub fn push_copied(&mut self, s: &str, orig: usize) {
        if s.is_empty() {
            return;
        }
        let norm = self.text.len() as u32;
        let orig = orig as u32;
        match self.map.runs.last() {
            Some(last) if last.copied && last.orig + (norm - last.norm) == orig => {}
            _ => self.map.runs.push(Run {
                norm,
                orig,
                copied: true,
            }),
        }
        self.text.push_str(s);
        self.map.norm_len = self.text.len() as u32;
    }

    /// Appends `s`, written by the normalizer in place of original offset `orig`.
    pub fn push_synthetic(&mut self, s: &str, orig: usize) {
        if s.is_empty() {
            return;
        }
        let norm = self.text.len() as u32;
        self.map.runs.push(Run {
            norm,
            orig: orig as u32,
            copied: false,
        });
        self.text.push_str(s);
        self.map.norm_len = self.text.len() as u32;
    }

    /// Appends another mapped text.
    pub fn append(&mut self, other: &MappedText) {
        let shift = self.text.len() as u32;
        for (i, r) in other.map.runs.iter().enumerate() {
            // Merge a copied run that continues the previous one.
            if i == 0
                && let Some(last) = self.map.runs.last()
                && last.copied
                && r.copied
                && last.orig + (shift - last.norm) == r.orig
            {
                continue;
            }
            self.map.runs.push(Run {
                norm: r.norm + shift,
                ..*r
            });
        }
        self.text.push_str(&other.text);
        self.map.norm_len = self.text.len() as u32;
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Number of runs of its map.
    pub fn runs(&self) -> usize {
        self.map.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.map.runs.clear();
        self.map.norm_len = 0;
    }

    /// Appends bytes `r` of `other`, keeping their map to the original.
    pub fn append_slice(&mut self, other: &MappedText, r: Range<usize>) {
        if r.start >= r.end {
            return;
        }
        let runs = &other.map.runs;
        let mut k = other.map.run_of(r.start as u32);
        let mut pos = r.start;
        while pos < r.end && k < runs.len() {
            let run = runs[k];
            let run_end = runs
                .get(k + 1)
                .map_or(other.text.len(), |n| n.norm as usize);
            let end = run_end.min(r.end);
            if end > pos {
                let piece = &other.text[pos..end];
                if run.copied {
                    self.push_copied(piece, run.orig as usize + (pos - run.norm as usize));
                } else {
                    self.push_synthetic(piece, run.orig as usize);
                }
                pos = end;
            }
            k += 1;
        }
    }

    /// The original range of derived range `r` (no widening to characters).
    pub fn map_span(&self, r: Range<usize>) -> Range<usize> {
        if r.end <= r.start {
            let start = self.map.to_original(r.start);
            return start..start;
        }
        let (start, last) = self.map.first_and_last(r.start, r.end - 1);
        start..(last + 1).max(start)
    }

    /// Removes trailing ASCII spaces.
    pub fn trim_end_spaces(&mut self) {
        let keep = self.text.trim_end_matches(' ').len();
        self.truncate(keep);
    }

    /// Shortens the text to `len` bytes (a char boundary).
    pub fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        while let Some(last) = self.map.runs.last() {
            if last.norm as usize >= len {
                self.map.runs.pop();
            } else {
                break;
            }
        }
        self.map.norm_len = len as u32;
    }

    /// Original offset of derived byte `pos`.
    pub fn to_original(&self, pos: usize) -> usize {
        self.map.to_original(pos)
    }

    pub fn into_parts(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn ceil_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_and_synthetic_runs_map_back() {
        let original = "ab\ncd  ef";
        let mut m = MappedText::default();
        m.push_copied("ab", 0);
        m.push_synthetic(" ", 2);
        m.push_copied("cd", 3);
        m.push_synthetic(" ", 5);
        m.push_copied("ef", 7);
        assert_eq!(m.text, "ab cd ef");
        let (_, map) = m.into_parts();
        assert_eq!(map.to_original(0), 0);
        assert_eq!(map.to_original(2), 2);
        assert_eq!(map.to_original(3), 3);
        assert_eq!(map.to_original(6), 7);
        assert_eq!(map.span(3..8, original), 3..9);
        assert_eq!(&original[map.span(0..2, original)], "ab");
    }

    #[test]
    fn contiguous_copies_share_one_run() {
        let mut m = MappedText::default();
        m.push_copied("ab", 0);
        m.push_copied("cd", 2);
        assert_eq!(m.map.runs(), 1);
    }

    proptest::proptest! {
        /// A span is the range from its first byte's original to its last
        /// byte's, widened to characters (or not, in the mapped text),
        /// however the runs lie.
        #[test]
        fn a_span_maps_its_first_and_last_bytes(
            pieces in proptest::collection::vec((0usize..5, proptest::bool::ANY, 0usize..3), 0..12),
            from in 0usize..40,
            len in 0usize..40,
        ) {
            let mut original = String::new();
            let mut m = MappedText::default();
            for (n, copied, gap) in pieces {
                original.push_str(&" ".repeat(gap));
                let text = "abcé".chars().take(n).collect::<String>();
                let at = original.len();
                original.push_str(&text);
                if copied {
                    m.push_copied(&text, at);
                } else {
                    m.push_synthetic(&text, at);
                }
            }
            let from = from.min(m.len());
            let end = (from + len).min(m.len());
            let mapped = m.map_span(from..end);
            let (_, map) = m.into_parts();
            let first = map.to_original(from);
            let last = if from >= end { first } else { map.to_original(end - 1) + 1 };
            proptest::prop_assert_eq!(mapped, first..last.max(first));
            let want = if from >= end {
                let p = floor_boundary(&original, map.to_original(from));
                p..p
            } else {
                let start = floor_boundary(&original, map.to_original(from));
                start..ceil_boundary(&original, map.to_original(end - 1) + 1).max(start)
            };
            proptest::prop_assert_eq!(map.span(from..end, &original), want);
        }
    }

    #[test]
    fn spans_widen_to_char_boundaries() {
        let original = "x\u{a0}é";
        let mut m = MappedText::default();
        m.push_copied("x", 0);
        m.push_synthetic(" ", 1);
        m.push_copied("é", 3);
        let (text, map) = m.into_parts();
        assert_eq!(text, "x é");
        let s = map.span(0..text.len(), original);
        assert_eq!(s, 0..original.len());
    }
}
