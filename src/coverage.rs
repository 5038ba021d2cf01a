//! No text lost: every byte of the input that is not white space must land
//! somewhere the extraction accounts for: in the clean text (and there in a
//! header line, a paragraph, a heading, a closing line or an annex), or in
//! what the normalizer set aside on purpose (page furniture, footnote
//! definitions, footnote markers, emphasis marks).

use std::ops::Range;

use crate::normalize::Normalized;
use crate::offsets::Span;
use crate::parse::{Ast, Item};

/// Input ranges of non-space text the extraction does not account for.
pub fn lost_text(input: &str, norm: &Normalized, ast: &Ast) -> Vec<Range<usize>> {
    // Clean-text ranges the AST places.
    let mut placed: Vec<Span> = Vec::new();
    placed.extend(&ast.header);
    placed.extend(ast.body_line);
    for part in &ast.parts {
        placed.extend(&part.titles);
        placed.extend(part.body_line);
        placed.extend(part.label_line);
        for it in part.preamble.iter().chain(&part.operative) {
            placed.push(match it {
                Item::Paragraph { line, .. }
                | Item::Sub { line, .. }
                | Item::Heading { line, .. } => *line,
                Item::Continuation(s) | Item::Closing(s) => *s,
            });
        }
    }
    if let Some(a) = &ast.adoption {
        placed.push(a.paragraph);
        placed.extend(&a.text);
        placed.extend(&a.closing);
    }
    for a in &ast.annexes {
        placed.push(a.heading);
        placed.extend(&a.lines);
    }
    placed.extend(&ast.trailing);
    placed.sort();
    // Which input bytes are accounted for.
    let mut ok: Vec<Range<usize>> = Vec::with_capacity(norm.map.runs() + norm.dropped.len());
    let mut within = Within::new(&placed);
    for (clean, orig) in norm.map.copied() {
        // Only clean text inside a placed span counts.
        for s in within.parts(clean.clone()) {
            let from = orig.start + (s.start - clean.start);
            let to = orig.start + (s.end - clean.start);
            ok.push(from..to);
        }
    }
    let mut within = Within::new(&placed);
    for (clean, at) in norm.map.replaced() {
        if within.parts(clean).next().is_some()
            && let Some(c) = input.get(at..).and_then(|s| s.chars().next())
        {
            ok.push(at..at + c.len_utf8());
        }
    }
    for d in &norm.dropped {
        ok.push(d.span.start..d.span.end);
    }
    // Report runs of unaccounted bytes that hold more than white space.
    gaps(input.len(), ok)
        .filter(|r| {
            input
                .get(r.clone())
                .unwrap_or("")
                .chars()
                .any(|c| !c.is_whitespace() && !is_mark(c))
        })
        .collect()
}

/// The runs of `0..len` that none of `covered` covers, in order.
fn gaps(len: usize, mut covered: Vec<Range<usize>>) -> impl Iterator<Item = Range<usize>> {
    covered.retain(|r| r.start < r.end.min(len));
    // Mostly in order already: sorting them is about linear.
    covered.sort_by_key(|r| r.start);
    let mut at = 0;
    let mut covered = covered.into_iter().peekable();
    std::iter::from_fn(move || {
        // Skip what is covered from `at` on.
        while let Some(r) = covered.next_if(|r| r.start <= at) {
            at = at.max(r.end.min(len));
        }
        if at >= len {
            return None;
        }
        // The next range starts after `at` and before `len` (kept above).
        let end = covered.peek().map_or(len, |r| r.start);
        let gap = at..end;
        at = end;
        Some(gap)
    })
}

/// Characters the normalizer drops as formatting: soft hyphens, zero-width
/// marks, byte-order marks, private-use symbols, control characters.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{e000}'..='\u{f8ff}')
        || c.is_control()
}

/// The parts of ranges that spans sorted by their start cover, for ranges
/// asked for in rising order of their start: the spans that end before a
/// range are passed once, for it and every range after it.
struct Within<'a> {
    spans: &'a [Span],
    /// The first span that may still cover a range.
    first: usize,
}

impl<'a> Within<'a> {
    fn new(spans: &'a [Span]) -> Self {
        Within { spans, first: 0 }
    }

    /// The parts of `r` the spans cover, in their order.
    fn parts(&mut self, r: Range<usize>) -> impl Iterator<Item = Range<usize>> + 'a {
        while self.spans.get(self.first).is_some_and(|s| s.end <= r.start) {
            self.first += 1;
        }
        self.spans[self.first..]
            .iter()
            .take_while(move |s| s.start < r.end)
            .map(move |s| s.start.max(r.start)..s.end.min(r.end))
            .filter(|x| x.start < x.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The gaps as a byte map finds them.
    fn slow_gaps(len: usize, covered: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut ok = vec![false; len];
        for r in covered {
            let to = r.end.min(len);
            if r.start < to {
                ok[r.start..to].fill(true);
            }
        }
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(k) = ok[i..].iter().position(|&b| !b) {
            let start = i + k;
            i = start + ok[start..].iter().position(|&b| b).unwrap_or(len - start);
            out.push(start..i);
        }
        out
    }

    #[test]
    fn gaps_of_a_few_ranges() {
        let g = |len, r: Vec<Range<usize>>| gaps(len, r).collect::<Vec<_>>();
        let whole: Range<usize> = 0..10;
        assert_eq!(g(10, vec![]), [whole]);
        assert_eq!(g(10, vec![2..4, 3..5, 7..12]), [0..2, 5..7]);
        assert!(g(10, vec![5..5, 0..10]).is_empty());
        assert!(g(0, vec![0..3, 5..6]).is_empty());
    }

    proptest! {
        /// The parts of rising ranges are their overlaps with each span,
        /// spans that overlap each other and empty ones among them.
        #[test]
        fn the_parts_within_are_the_overlaps_with_each_span(
            spans in prop::collection::vec((0usize..100, 0usize..30), 0..12),
            ranges in prop::collection::vec((0usize..120, 0usize..30), 0..12),
        ) {
            let mut spans: Vec<Span> = spans.into_iter().map(|(s, n)| Span::new(s, s + n)).collect();
            spans.sort();
            let mut ranges: Vec<Range<usize>> = ranges.into_iter().map(|(s, n)| s..s + n).collect();
            ranges.sort_by_key(|r| r.start);
            let mut within = Within::new(&spans);
            for r in ranges {
                let overlaps: Vec<Range<usize>> = spans
                    .iter()
                    .map(|s| s.start.max(r.start)..s.end.min(r.end))
                    .filter(|x| x.start < x.end)
                    .collect();
                prop_assert_eq!(within.parts(r.clone()).collect::<Vec<_>>(), overlaps, "{:?}", r);
            }
        }

        #[test]
        fn gaps_are_what_a_byte_map_leaves(
            len in 0usize..200,
            covered in prop::collection::vec((0usize..220, 0usize..40), 0..30),
        ) {
            let covered: Vec<Range<usize>> = covered.into_iter().map(|(s, n)| s..s + n).collect();
            prop_assert_eq!(gaps(len, covered.clone()).collect::<Vec<_>>(), slow_gaps(len, &covered));
        }
    }
}
