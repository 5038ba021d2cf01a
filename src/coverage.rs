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
    let mut ok = vec![false; input.len()];
    let mut mark = |from: usize, to: usize| {
        let to = to.min(ok.len());
        if from < to {
            ok[from..to].fill(true);
        }
    };
    for (clean, orig) in norm.map.copied() {
        // Only clean text inside a placed span counts.
        for s in spans_within(&placed, clean.clone()) {
            let from = orig.start + (s.start - clean.start);
            let to = orig.start + (s.end - clean.start);
            mark(from, to);
        }
    }
    for (clean, at) in norm.map.replaced() {
        if spans_within(&placed, clean).next().is_some()
            && let Some(c) = input.get(at..).and_then(|s| s.chars().next())
        {
            mark(at, at + c.len_utf8());
        }
    }
    for d in &norm.dropped {
        mark(d.span.start, d.span.end);
    }
    // Report runs of unaccounted bytes that hold more than white space.
    let mut lost = Vec::new();
    let mut i = 0;
    while let Some(k) = ok[i..].iter().position(|&b| !b) {
        let start = i + k;
        i = start
            + ok[start..]
                .iter()
                .position(|&b| b)
                .unwrap_or(ok.len() - start);
        let text = input.get(start..i).unwrap_or("");
        if text.chars().any(|c| !c.is_whitespace() && !is_mark(c)) {
            lost.push(start..i);
        }
    }
    lost
}

/// Characters the normalizer drops as formatting: soft hyphens, zero-width
/// marks, byte-order marks, private-use symbols, control characters.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{e000}'..='\u{f8ff}')
        || c.is_control()
}

/// The parts of `r` covered by the sorted spans.
fn spans_within(spans: &[Span], r: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let first = spans.partition_point(|s| s.end <= r.start);
    spans[first..]
        .iter()
        .take_while(move |s| s.start < r.end)
        .map(move |s| s.start.max(r.start)..s.end.min(r.end))
        .filter(|x| x.start < x.end)
}
