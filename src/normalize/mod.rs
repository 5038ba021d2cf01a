//! Stage 1: conversion damage -> clean text + offset map.
//!
//! Input: the decoded text of one resolution as converted from PDF, Word or
//! Markdown. Output: a [`Normalized`] text with one logical paragraph per
//! line, paragraphs separated by a blank line, and everything that is not
//! running text taken out and kept aside:
//!
//! - page furniture (running headers and footers, document symbols and job
//!   numbers at page breaks, page numbers, footnote separators) is dropped;
//! - footnote definitions in all their forms (superscript digits, `$^{23}$`,
//!   `[^n]:`, plain digits below a `_____` separator) become
//!   [`FootnoteDef`]s, and their markers in the text ([`FootnoteMarker`]) are
//!   removed from it;
//! - hard-wrapped lines are joined; a paragraph cut by a page break, with
//!   footnotes or furniture standing between its halves, is joined again;
//! - non-breaking and other odd spaces become plain spaces, runs of spaces
//!   collapse, soft hyphens and Markdown emphasis marks disappear.
//!
//! Invariants: every byte of the clean text maps back to a byte of the input
//! (see [`crate::offsets`]); normalizing the clean text again gives the same
//! clean text (idempotence); nothing here panics on any input.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::calendar::MONTHS;
use crate::offsets::{MappedText, OffsetMap};

mod lines;

/// A clean text with its way back to the input.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Paragraphs, one per line, separated by `"\n\n"`.
    pub text: String,
    /// Clean-text byte offsets -> input byte offsets.
    pub map: OffsetMap,
    /// Footnote definitions, in input order.
    pub footnotes: Vec<FootnoteDef>,
    /// Footnote markers removed from the text, in input order.
    pub markers: Vec<FootnoteMarker>,
    /// Input ranges left out of the clean text on purpose (not whitespace).
    pub dropped: Vec<Dropped>,
}

/// A footnote definition ("¹ United Nations, *Treaty Series*, vol. 2225 ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDef {
    pub number: u32,
    pub text: String,
    /// Input byte range of the whole definition, marker included.
    pub span: Range<usize>,
}

/// A footnote marker found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteMarker {
    pub number: u32,
    /// Clean-text offset where the marker stood.
    pub at: usize,
    /// Input byte range of the marker.
    pub span: Range<usize>,
}

/// Why an input range is not in the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// Page headers and footers, document symbols and job numbers at page
    /// breaks, page numbers.
    Furniture,
    /// A `_____` line opening a page's footnotes, or `---` before them.
    Separator,
    /// A footnote marker.
    Marker,
    /// Markdown emphasis marks.
    Emphasis,
    /// A footnote definition (kept in [`Normalized::footnotes`]).
    Footnote,
}

/// An input range left out of the clean text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub span: Range<usize>,
    pub reason: DropReason,
}

impl Normalized {
    /// Input byte range of clean-text range `r`.
    pub fn span(&self, r: Range<usize>, input: &str) -> Range<usize> {
        self.map.span(r, input)
    }
}

/// Characters that count as a space.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\u{0b}' | '\u{0c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Characters dropped without trace: soft hyphen, zero-width marks, BOM,
/// and control characters other than line breaks and tabs.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{e000}'..='\u{f8ff}')
        || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// The superscript digits, zero first.
const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// "¹" -> 1.
pub(crate) fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// '1' -> '¹'; any other character as it is.
pub(crate) fn superscript(c: char) -> char {
    c.to_digit(10).map_or(c, |d| SUPERSCRIPTS[d as usize])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Content,
    Furniture,
    Separator,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    /// Trimmed content range in the input.
    start: usize,
    end: usize,
    kind: LineKind,
    /// Starts a footnote definition with this number.
    footnote: Option<u32>,
    /// Inside a page's footnote area (continues the current definition).
    in_notes: bool,
}

/// Normalizes one document. See the module documentation.
pub fn normalize(input: &str) -> Normalized {
    let mut lines = scan_lines(input);
    mark_furniture(input, &mut lines);
    mark_footnotes(input, &mut lines);

    let mut dropped = Vec::new();
    for l in &lines {
        match l.kind {
            LineKind::Furniture => dropped.push(Dropped {
                span: l.start..l.end,
                reason: DropReason::Furniture,
            }),
            LineKind::Separator => dropped.push(Dropped {
                span: l.start..l.end,
                reason: DropReason::Separator,
            }),
            _ => {}
        }
    }

    let blocks = group_blocks(input, &lines);
    let footnotes = footnote_defs(input, &lines, &blocks);
    for f in &footnotes {
        dropped.push(Dropped {
            span: f.span.clone(),
            reason: DropReason::Footnote,
        });
    }
    let defined: BTreeSet<u32> = footnotes.iter().map(|f| f.number).collect();

    let body_from = blocks
        .iter()
        .position(|b| b.footnote.is_none() && is_body_line(&block_plain(input, &lines, b)));

    let mut cleaner = Cleaner {
        input,
        defined: &defined,
        markers: Vec::new(),
        dropped: &mut dropped,
    };
    // Each block is cleaned in one buffer, then joined to the paragraph
    // before it, or put after it as a paragraph of its own, in the output.
    let mut out = MappedText::with_capacity(input.len(), 0);
    let mut clean = MappedText::default();
    // Where the last paragraph starts in the output.
    let mut last: Option<usize> = None;
    let mut in_body = body_from.is_none();
    for (i, b) in blocks.iter().enumerate() {
        if b.footnote.is_some() {
            continue;
        }
        cleaner.clean(
            &lines[b.lines.clone()],
            in_body || Some(i) > body_from,
            &mut clean,
        );
        if clean.is_empty() {
            continue;
        }
        if let Some(start) = last {
            let join = should_join(&out.text[start..], &clean.text, in_body);
            let at = out.to_original(out.len().saturating_sub(1)) + 1;
            out.push_synthetic(if join { " " } else { "\n\n" }, at.min(input.len()));
            if !join {
                last = Some(out.len());
            }
        } else {
            last = Some(0);
        }
        out.append(&clean);
        if Some(i) == body_from {
            in_body = true;
        }
    }
    let mut markers = std::mem::take(&mut cleaner.markers);
    let (text, map) = out.into_parts();
    for m in &mut markers {
        m.at = map.to_derived(m.span.start).min(text.len());
    }
    dropped.sort_by_key(|d| (d.span.start, d.span.end));
    Normalized {
        text,
        map,
        footnotes,
        markers,
        dropped,
    }
}

/// Splits into lines and trims each.
fn scan_lines(input: &str) -> Vec<Line> {
    let mut lines = Vec::with_capacity(input.len() / 60 + 1);
    let mut pos = 0;
    let ends = memchr::memchr_iter(b'\n', input.as_bytes()).chain([input.len()]);
    for end in ends {
        let raw = &input[pos..end];
        let line_start = pos;
        pos = end + 1;
        // Most lines open and end with a printable ASCII byte: nothing to
        // trim, without decoding a character.
        let printable = |c: Option<&u8>| c.is_some_and(|&c| c > b' ' && c < 0x7f);
        let (lead, len) = if printable(raw.as_bytes().first()) && printable(raw.as_bytes().last()) {
            (0, raw.len())
        } else {
            let lead = raw.len()
                - raw
                    .trim_start_matches(|c| is_space(c) || is_invisible(c))
                    .len();
            let content = raw.trim_matches(|c| is_space(c) || is_invisible(c));
            (lead, content.len())
        };
        let start = line_start + lead;
        let end = start + len;
        lines.push(Line {
            start,
            end,
            kind: if len == 0 {
                LineKind::Blank
            } else {
                LineKind::Content
            },
            footnote: None,
            in_notes: false,
        });
    }
    lines
}

fn text_of<'a>(input: &'a str, l: &Line) -> &'a str {
    &input[l.start..l.end]
}

/// Words of `s` joined by single spaces.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| is_space(c) || c == '\n') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Marks page furniture: job numbers and bar codes anywhere, and around
/// each page number the running header or footer (document symbol, job
/// number, running title). A running title is recognised as part of the
/// document title, or as a short line standing right next to the symbol.
fn mark_furniture(input: &str, lines: &mut [Line]) {
    let title = title_hint(input, lines);
    for l in lines.iter_mut() {
        if l.kind != LineKind::Content {
            continue;
        }
        let t = text_of(input, l);
        // Each pattern starts with a known byte: test that first, the
        // regular expression only when it can match.
        let first = t.as_bytes().first().copied().unwrap_or(b' ');
        let job =
            |s: &str| s.as_bytes().first().is_some_and(|&b| opens_job(b)) && lines::job_number(s);
        // Job numbers are short; look at the cleaned form of short lines only
        // (see `key_may_open`).
        if job(t)
            || (first == b'*' && lines::barcode(t))
            || (t.len() < 60 && key_may_open(first, opens_job) && job(&line_key(t)))
        {
            l.kind = LineKind::Furniture;
        } else if (first == b'_' && lines::separator(t))
            || (matches!(first, b'-' | b'*') && lines::rule(t))
        {
            l.kind = LineKind::Separator;
        }
    }
    let in_title = |t: &str| -> bool {
        title.as_ref().is_some_and(|title| {
            let c = collapse(t);
            c.len() >= 12 && title.contains(c.as_str())
        })
    };
    for p in 0..lines.len() {
        let t = text_of(input, &lines[p]);
        let first = t.as_bytes().first().copied().unwrap_or(b' ');
        if lines[p].kind != LineKind::Content
            || !key_may_open(first, opens_page_number)
            || !is_page_number(&short_key(t))
        {
            continue;
        }
        // The window: up to 8 non-blank lines before the page number and 3
        // after it, stopping at the first line that is plainly text.
        let mut window = vec![p];
        let mut k = p;
        while k > 0 && window.len() < 9 {
            k -= 1;
            if lines[k].kind == LineKind::Blank {
                continue;
            }
            window.push(k);
        }
        let mut k = p + 1;
        let mut after = 0;
        while k < lines.len() && after < 3 {
            if lines[k].kind != LineKind::Blank {
                window.push(k);
                after += 1;
            }
            k += 1;
        }
        window.sort_unstable();
        let pos = window.iter().position(|&i| i == p).unwrap_or(0);
        // Walk outwards from the page number while lines are furniture.
        for dir in [-1i64, 1] {
            let mut j = pos as i64 + dir;
            let mut title_lines = 0;
            while j >= 0 && (j as usize) < window.len() {
                let i = window[j as usize];
                let t = text_of(input, &lines[i]);
                let furniture = match lines[i].kind {
                    LineKind::Furniture => true,
                    LineKind::Content => {
                        let k = short_key(t);
                        if lines::symbol(&k) || lines::page_number(&k) || lines::job_number(&k) {
                            true
                        } else if title_lines < 3
                            && (in_title(t) || next_to_symbol(input, lines, i) && !ends_closed(t))
                        {
                            title_lines += 1;
                            true
                        } else {
                            false
                        }
                    }
                    _ => false,
                };
                if !furniture {
                    break;
                }
                lines[i].kind = LineKind::Furniture;
                j += dir;
            }
        }
        lines[p].kind = LineKind::Furniture;
    }
}

/// A line as the cleaner will leave it (markers, emphasis and odd spaces
/// gone), so that a line is recognised the same before and after cleaning.
/// "12", "3/14", "Page 2 of 9": a page number line.
fn is_page_number(t: &str) -> bool {
    t.as_bytes().first().is_some_and(|&b| opens_page_number(b)) && lines::page_number(t)
}

/// A byte a job number opens with ("17-22977", "GE.17-22977").
fn opens_job(b: u8) -> bool {
    b.is_ascii_digit() || b == b'G'
}

/// A byte a page number opens with ("3/12", "Page 3").
fn opens_page_number(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'P' | b'p')
}

/// Whether the cleaned form ([`line_key`]) of a line that opens with byte
/// `first` may open with a byte `opens` accepts: a line that opens with a
/// letter keeps it there, so only its own letter can.
fn key_may_open(first: u8, opens: fn(u8) -> bool) -> bool {
    !first.is_ascii_alphabetic() || opens(first)
}

/// The cleaned form of a short line (furniture lines are short), the line
/// itself otherwise.
fn short_key(t: &str) -> std::borrow::Cow<'_, str> {
    if t.len() < 60 {
        line_key(t)
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

fn line_key(t: &str) -> std::borrow::Cow<'_, str> {
    if t.bytes()
        .all(|b| b < 0x80 && (ORDINARY[b as usize] || b == b' '))
    {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        let rest = &t[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let marker = match c {
            '$' => latex_marker(rest),
            '[' => md_marker(rest),
            _ => None,
        };
        if let Some((_, len)) = marker {
            i += len;
            continue;
        }
        i += c.len_utf8();
        if is_invisible(c) || superscript_digit(c).is_some() || c == '*' {
            continue;
        }
        if is_space(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(if c == '\u{2011}' { '-' } else { c });
    }
    std::borrow::Cow::Owned(out.trim_end().to_string())
}

/// Is line `i` directly above or below a document symbol line, or a line
/// that is (a running title of two lines)?
fn next_to_symbol(input: &str, lines: &[Line], i: usize) -> bool {
    let sym = |k: usize| {
        lines
            .get(k)
            .is_some_and(|l| l.kind != LineKind::Blank && lines::symbol(text_of(input, l)))
    };
    let content = |k: usize| lines.get(k).is_some_and(|l| l.kind != LineKind::Blank);
    sym(i + 1)
        || (i > 0 && sym(i - 1))
        || (content(i + 1) && sym(i + 2))
        || (i > 1 && content(i - 1) && sym(i - 2))
}

/// The document title as announced on the first page ("72/196. Strengthening
/// the United Nations ..."), collapsed, to recognise running titles.
fn title_hint(input: &str, lines: &[Line]) -> Option<String> {
    let limit = lines.len().min(80);
    for i in 0..limit {
        let l = &lines[i];
        if l.kind != LineKind::Content {
            continue;
        }
        if let Some(title) = lines::title_line(text_of(input, l)) {
            let mut title = title.to_string();
            for next in &lines[i + 1..] {
                if next.kind != LineKind::Content {
                    break;
                }
                title.push(' ');
                title.push_str(text_of(input, next));
            }
            let t = collapse(&title);
            return (t.len() >= 12).then_some(t);
        }
    }
    None
}

/// Marks the lines that start footnote definitions, and the footnote areas
/// written with plain numbers: below a `_____` separator up to the next
/// furniture (PDF text), and after the closing "Adopted at the ... meeting"
/// line (old Security Council texts).
fn mark_footnotes(input: &str, lines: &mut [Line]) {
    let mut last_def = 0u32;
    let tail_from = closing_line(input, lines);
    let mut i = 0;
    let mut prev_blank = true;
    while i < lines.len() {
        let kind = lines[i].kind;
        let opens_area = (kind == LineKind::Separator
            && lines::separator(text_of(input, &lines[i])))
            || Some(i) == tail_from;
        if opens_area {
            let (end, area) = footnote_area(input, lines, i + 1, last_def);
            if area.is_empty() {
                if kind == LineKind::Separator {
                    // Not a footnote area after all: keep the line as text.
                    lines[i].kind = LineKind::Content;
                }
                i += 1;
                prev_blank = false;
                continue;
            }
            for (k, n) in area {
                lines[k].footnote = n;
                lines[k].in_notes = true;
                if let Some(n) = n {
                    last_def = n;
                }
            }
            i = end;
            prev_blank = true;
            continue;
        }
        if kind == LineKind::Content && prev_blank && !lines[i].in_notes {
            let t = text_of(input, &lines[i]);
            let n = leading_superscript(t)
                .or_else(|| {
                    // A quick look at the first byte before each expression.
                    lines::latex_note(t).and_then(|(n, _)| n.parse().ok())
                })
                .or_else(|| lines::md_note(t).and_then(|(n, _)| n.parse().ok()));
            if let Some(n) = n {
                lines[i].footnote = Some(n);
                last_def = n;
            }
        }
        prev_blank = kind != LineKind::Content;
        i += 1;
    }
}

/// Reads a footnote area from line `from`: definitions "N  text" with
/// numbers rising by one, and their wrapped lines. Returns where the area
/// ends and the lines in it (with the number of each definition's first
/// line). An area must start with a definition.
fn footnote_area(
    input: &str,
    lines: &[Line],
    from: usize,
    last_def: u32,
) -> (usize, Vec<(usize, Option<u32>)>) {
    let mut j = from;
    let mut current: Option<u32> = None;
    let mut area = Vec::new();
    while j < lines.len() {
        match lines[j].kind {
            LineKind::Blank => {}
            LineKind::Content => {
                let t = text_of(input, &lines[j]);
                let number = lines::note_number(t)
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|&n| n > 0);
                let starts = match (number, current) {
                    (Some(n), Some(c)) => n == c + 1,
                    (Some(n), None) => n + 60 > last_def && n <= last_def + 40,
                    (None, _) => false,
                };
                match (starts, current) {
                    (true, _) => {
                        current = number;
                        area.push((j, number));
                    }
                    (false, Some(_)) => area.push((j, None)),
                    (false, None) => break,
                }
            }
            LineKind::Furniture | LineKind::Separator => break,
        }
        j += 1;
    }
    (j, area)
}

/// The last line of a closing "Adopted at the 476th meeting ..." formula in
/// the last part of the document (its wrapped lines included), if any.
fn closing_line(input: &str, lines: &[Line]) -> Option<usize> {
    let from = lines.len() * 2 / 3;
    let start = (from..lines.len()).rev().find(|&i| {
        lines[i].kind == LineKind::Content && text_of(input, &lines[i]).starts_with("Adopted")
    })?;
    // The formula runs to the end of its block.
    let mut end = start;
    while end + 1 < lines.len() && lines[end + 1].kind == LineKind::Content {
        end += 1;
    }
    let block: String = (start..=end)
        .map(|i| text_of(input, &lines[i]))
        .collect::<Vec<_>>()
        .join(" ");
    lines::adopted_formula(&block).then_some(end)
}

/// The number of a superscript run at the start of `t` followed by text.
fn leading_superscript(t: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut digits = 0;
    for c in t.chars() {
        match superscript_digit(c) {
            Some(d) if digits < 4 => {
                n = n * 10 + d;
                digits += 1;
            }
            _ => break,
        }
    }
    (digits > 0 && n > 0).then_some(n)
}

/// A run of lines that belong together: a paragraph (or part of one) or a
/// footnote definition.
#[derive(Debug, Clone)]
struct Block {
    lines: Range<usize>,
    footnote: Option<u32>,
}

fn group_blocks(input: &str, lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    for (i, l) in lines.iter().enumerate() {
        match l.kind {
            LineKind::Content => {
                let starts_new = l.footnote.is_some()
                    || !open
                    || starts_numbered_line(input, lines, i)
                    || (i > 0 && ends_block(text_of(input, &lines[i - 1])))
                    || blocks.last().is_some_and(|b| {
                        // Footnote areas and text never share a block.
                        let prev = &lines[b.lines.end - 1];
                        prev.in_notes != l.in_notes
                    });
                if starts_new {
                    blocks.push(Block {
                        lines: i..i + 1,
                        footnote: l.footnote,
                    });
                } else if let Some(b) = blocks.last_mut() {
                    b.lines.end = i + 1;
                }
                open = true;
            }
            LineKind::Blank => {
                // Inside a footnote area a definition continues across blank
                // lines only when the next line does not start a new one.
                let in_area = l.in_notes
                    || (i > 0
                        && lines[i - 1].in_notes
                        && lines.get(i + 1).is_some_and(|n| n.in_notes));
                if !in_area
                    || lines
                        .get(i + 1)
                        .is_none_or(|n| n.footnote.is_some() || !n.in_notes)
                {
                    open = false;
                }
            }
            LineKind::Furniture | LineKind::Separator => open = false,
        }
    }
    blocks
}

/// Does line `i` start a numbered paragraph or sub-paragraph inside a block
/// of hard-wrapped lines ("1. Decides ..." after a line ending in ";")?
fn starts_numbered_line(input: &str, lines: &[Line], i: usize) -> bool {
    if i == 0 || lines[i - 1].kind != LineKind::Content {
        return false;
    }
    let t = text_of(input, &lines[i]);
    // Most lines open with no number: the line before is not read.
    if !(starts_paragraph(t) || is_bare_number(t)) {
        return false;
    }
    let prev = text_of(input, &lines[i - 1]);
    let prev_closed = {
        // "...Development.2": a footnote marker after the closing mark.
        let p = prev.trim_end_matches(|c: char| c.is_ascii_digit());
        ends_closed(p) && !p.ends_with(',')
    };
    (prev_closed || is_heading(prev) && prev.len() < 40) && !is_bare_number(prev)
}

/// Lines that stand alone even without a blank line after them: an annex
/// heading, the adopting body's line, a part's letter.
fn ends_block(t: &str) -> bool {
    lines::annex_heading(t)
        || is_body_line(t)
        || (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
}

/// Plain text of a block (lines joined by spaces), for quick tests.
fn block_plain(input: &str, lines: &[Line], b: &Block) -> String {
    let mut s = String::new();
    for l in &lines[b.lines.clone()] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(text_of(input, l));
    }
    collapse(&s)
}

fn footnote_defs(input: &str, lines: &[Line], blocks: &[Block]) -> Vec<FootnoteDef> {
    let mut defs = Vec::new();
    for b in blocks {
        let Some(number) = b.footnote else { continue };
        let first = &lines[b.lines.start];
        let last = &lines[b.lines.end - 1];
        let raw = block_plain(input, lines, b);
        let body = strip_note_marker(&raw);
        let text: String = collapse(&body.replace('*', ""));
        defs.push(FootnoteDef {
            number,
            text,
            span: first.start..last.end,
        });
    }
    defs
}

fn strip_note_marker(s: &str) -> &str {
    if let Some((_, len)) = lines::latex_note(s).or_else(|| lines::md_note(s)) {
        return s[len..].trim_start();
    }
    let sup = s.trim_start_matches(|c| superscript_digit(c).is_some());
    if sup.len() != s.len() {
        return sup.trim_start();
    }
    s.trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start()
}

/// Is this block the adopting body's line ("The General Assembly,")?
fn is_body_line(t: &str) -> bool {
    if t.len() >= 90 {
        return false;
    }
    let t = t.trim_matches(|c| c == '*' || c == '_');
    let Some(rest) = t.strip_prefix("The ") else {
        return false;
    };
    // "The " and one to ten words, each a capitalized name ("Human",
    // "Rights") or a small joining word ("of", "and"), the first a name; a
    // comma may end the line.
    let rest = rest.strip_suffix(',').unwrap_or(rest);
    let name = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(|f| f.is_ascii_uppercase())
            && c.all(|x| x.is_alphanumeric() || matches!(x, '_' | '’' | '\'' | '-'))
    };
    let joining = |w: &str| matches!(w, "of" | "on" | "and" | "for" | "the" | "to" | "in");
    let words: Vec<&str> = rest.split(' ').collect();
    (1..=10).contains(&words.len())
        && name(words[0])
        && words[1..].iter().all(|w| name(w) || joining(w))
}

/// Words after which a line cannot end a paragraph.
const OPEN_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "the",
    "of",
    "on",
    "in",
    "to",
    "for",
    "with",
    "against",
    "by",
    "at",
    "from",
    "or",
    "its",
    "their",
    "his",
    "her",
    "as",
    "into",
    "that",
    "which",
    "between",
    "among",
    "under",
    "upon",
    "through",
    "within",
    "including",
    "such",
    "these",
    "those",
    "this",
    "all",
    "nor",
];

/// First words of preambular paragraphs that are not participles.
const LEAD_WORDS: &[&str] = &[
    "Deeply",
    "Gravely",
    "Seriously",
    "Mindful",
    "Aware",
    "Fully",
    "Conscious",
    "Convinced",
    "Concerned",
    "Alarmed",
    "Determined",
    "Desirous",
    "Cognizant",
    "Bearing",
    "Having",
    "Further",
    "Also",
    "Guided",
    "Keenly",
    "Profoundly",
    "Sharing",
    "Firmly",
    "Strongly",
    "Appreciative",
    "Grateful",
    "Confident",
    "Resolved",
    "Reaffirming",
    "Noting",
    "Recalling",
    "Taking",
];

/// Does `next` continue the paragraph `prev`, cut by a page break or by
/// footnotes standing between its halves?
fn should_join(prev: &str, next: &str, in_body: bool) -> bool {
    if is_bare_number(prev) {
        return !starts_paragraph(next);
    }
    if !in_body || starts_paragraph(next) || is_body_line(prev) {
        return false;
    }
    let first = next.chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return !is_heading(prev);
    }
    if ends_closed(prev) {
        return false;
    }
    let last_word = prev
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches(['”', '"', ')']);
    if OPEN_WORDS.contains(&last_word) {
        return true;
    }
    let next_word = next.split(' ').next().unwrap_or("");
    if (next_word.ends_with("ing") && next_word.len() > 4) || LEAD_WORDS.contains(&next_word) {
        return false;
    }
    if next.starts_with("The ") && is_body_line(next) {
        return false;
    }
    !is_heading(prev) && prev.split(' ').take(13).count() > 12
}

/// "1.", "12.", "(a)", "(iv)", "a)": a paragraph number alone.
fn is_bare_number(s: &str) -> bool {
    // A text longer than a number that opens and ends with a printable
    // ASCII byte has nothing to trim: told without decoding its ends.
    let printable = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    let b = s.as_bytes();
    if b.len() > 6 && printable(b.first()) && printable(b.last()) {
        return false;
    }
    let s = s.trim();
    if s.len() > 6 || s.is_empty() {
        return false;
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric());
    }
    if let Some(n) = s.strip_suffix('.').or_else(|| s.strip_suffix(')')) {
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// Does `s` start with a paragraph or sub-paragraph number?
fn starts_paragraph(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=6).contains(&digits) && b.get(digits) == Some(&b'.') {
        if b.get(digits + 1).is_none_or(|c| *c == b' ' || *c == b'\t') {
            return true;
        }
        // A numbered item of a list: "1.1 By 2030, ...", "16.2."
        let sub = b[digits + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let after = digits + 1 + sub;
        return (1..=2).contains(&sub)
            && (b.get(after) == Some(&b' ')
                || (b.get(after) == Some(&b'.') && b.get(after + 1) == Some(&b' ')));
    }
    if s.starts_with("• ") || s.starts_with("- ") || s.starts_with("– ") {
        return true;
    }
    if b.first() == Some(&b'(') {
        let inner = b[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        return (1..=4).contains(&inner) && b.get(1 + inner) == Some(&b')');
    }
    false
}

/// Ends with punctuation that closes a paragraph (quotes and brackets aside).
fn ends_closed(s: &str) -> bool {
    let t = s.trim_end_matches(['”', '"', '’', '\'', ')', ']', ' ']);
    matches!(t.chars().last(), Some('.' | ',' | ';' | ':' | '!' | '?'))
}

/// A heading: a short line without closing punctuation ("A", "I. General",
/// "Annex", "Section B").
fn is_heading(s: &str) -> bool {
    let words = s.split(' ').take(9).count();
    words <= 8
        && !ends_closed(s)
        && s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

struct Cleaner<'a> {
    input: &'a str,
    defined: &'a BTreeSet<u32>,
    /// Markers found; `at` is filled in once the whole text is built.
    markers: Vec<FootnoteMarker>,
    dropped: &'a mut Vec<Dropped>,
}

const NUMBER_NOUNS: &[&str] = &[
    "Article",
    "Articles",
    "Goal",
    "Goals",
    "Target",
    "Resolution",
    "Resolutions",
    "Chapter",
    "Annex",
    "Rule",
    "Rules",
    "Principle",
    "Principles",
    "Section",
    "Paragraph",
    "Paragraphs",
    "Protocol",
    "No.",
    "Vol.",
    "Phase",
    "Step",
    "Item",
    "Decision",
    "Recommendation",
    "Recommendations",
    "Agenda",
    "Table",
    "Figure",
    "Part",
    "Title",
    "Group",
    "Summit",
];

/// ASCII bytes the cleaner copies without a second look: letters, digits
/// and punctuation other than `*`, `$` and `[` (which may open emphasis or
/// a footnote marker).
const ORDINARY: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = !matches!(b as u8, b'*' | b'$' | b'[');
        b += 1;
    }
    t
};

/// How many bytes of `b` from `at`, at most sixteen, the copying loop
/// keeps as they are, one after the other: the [`ORDINARY`] bytes, and a
/// single space between words (`after_space` tells whether the byte before
/// `at` is a space); and whether the last of them is a space
/// (`after_space` when there is none). The test runs on the sixteen bytes
/// at once (the class `unordinary` of [`crate::scan`] is every byte but
/// the ordinary ones and the space).
fn kept(b: &[u8], at: usize, after_space: bool) -> (usize, bool) {
    let c = crate::scan::chunk_at(b, at);
    let spaces = crate::scan::spaces(&c);
    // A byte that is not ordinary, or a space after a space. (The zeros
    // after the end of `b` are not ordinary.)
    let stop = crate::scan::unordinary(&c) | (spaces & ((spaces << 1) | u32::from(after_space)));
    let n = (stop.trailing_zeros() as usize).min(16);
    match n {
        0 => (0, after_space),
        _ => (n, spaces >> (n - 1) & 1 == 1),
    }
}

impl Cleaner<'_> {
    /// Cleans the lines of one block into one line of text, in two stages:
    /// the first drops what is damage or a marker whatever its context
    /// (superscripts, `$^{n}$`, `[^n]`, emphasis, odd spaces, soft hyphens)
    /// and joins the lines; the second removes footnote markers written as
    /// plain digits, repeating until it finds none, so that cleaning the
    /// result again finds nothing new.
    /// The clean text is written into `out`, which is emptied first.
    fn clean(&mut self, lines: &[Line], plain_markers: bool, out: &mut MappedText) {
        self.first_pass(lines, out);
        if plain_markers {
            self.plain_pass(out);
        }
    }

    fn first_pass(&mut self, lines: &[Line], out: &mut MappedText) {
        let input = self.input;
        out.clear();
        for (li, l) in lines.iter().enumerate() {
            let line = &input[l.start..l.end];
            if li > 0 {
                let t = out.text.as_bytes();
                let hyphen_join = t.len() >= 2
                    && t[t.len() - 1] == b'-'
                    && out.text[..t.len() - 1]
                        .chars()
                        .last()
                        .is_some_and(char::is_alphabetic)
                    && line.chars().next().is_some_and(char::is_lowercase)
                    && !starts_with_word(line, &["and", "or", "to"]);
                if !hyphen_join && !out.is_empty() && !out.text.ends_with(' ') {
                    out.push_synthetic(" ", lines[li - 1].end);
                }
            }
            let bytes = line.as_bytes();
            let mut run = 0;
            let mut i = 0;
            // A space at the start of a run is not copied as it is.
            let mut after_space = true;
            while i < bytes.len() {
                // The bytes kept as they are, sixteen at a time; then the
                // byte after them, if any, one at a time.
                let (n, space) = kept(bytes, i, after_space);
                i += n;
                after_space = space;
                if n == 16 || i == bytes.len() {
                    continue;
                }
                let b = bytes[i];
                let c = line[i..].chars().next().unwrap_or(' ');
                let n = c.len_utf8();
                let special = b < 0x80
                    || is_space(c)
                    || is_invisible(c)
                    || superscript_digit(c).is_some()
                    || c == '\u{2011}';
                if !special {
                    after_space = false;
                    i += n;
                    continue;
                }
                // Write out the run before this character.
                if i > run {
                    out.push_copied(&line[run..i], l.start + run);
                }
                let at = l.start + i;
                let mut next = i + n;
                if is_space(c) || c == ' ' {
                    if !out.is_empty() && !out.text.ends_with(' ') {
                        if c == ' ' {
                            out.push_copied(" ", at);
                        } else {
                            out.push_synthetic(" ", at);
                        }
                    }
                } else if is_invisible(c) {
                } else if let Some(d) = superscript_digit(c) {
                    let mut num = d;
                    for c2 in line[next..].chars() {
                        match superscript_digit(c2) {
                            Some(d) => {
                                num = num.saturating_mul(10).saturating_add(d);
                                next += c2.len_utf8();
                            }
                            None => break,
                        }
                    }
                    self.marker(num, at, l.start + next);
                } else if c == '\u{2011}' {
                    out.push_synthetic("-", at);
                } else if c == '$'
                    && let Some((num, len)) = latex_marker(&line[i..])
                {
                    next = i + len;
                    self.marker(num, at, l.start + next);
                } else if c == '['
                    && let Some((num, len)) = md_marker(&line[i..])
                {
                    next = i + len;
                    self.marker(num, at, l.start + next);
                } else if c == '*' && !loose_star(line, i) {
                    self.dropped.push(Dropped {
                        span: at..at + 1,
                        reason: DropReason::Emphasis,
                    });
                } else {
                    out.push_copied(&line[i..next], at);
                }
                i = next;
                run = next;
                after_space = true;
            }
            if bytes.len() > run {
                out.push_copied(&line[run..], l.start + run);
            }
            out.trim_end_spaces();
        }
    }

    /// Removes footnote markers written as plain digits, until none is left.
    fn plain_pass(&mut self, cur: &mut MappedText) {
        for _ in 0..4 {
            let text = &cur.text;
            let b = text.as_bytes();
            let mut cuts: Vec<(u32, usize, usize, usize)> = Vec::new();
            let mut i = 0;
            while i < b.len() {
                match crate::scan::next_digit(&b[i..]) {
                    Some(k) => i += k,
                    None => break,
                }
                if i == 0 || !b[i - 1].is_ascii_digit() {
                    if let Some((num, m, e)) = self.plain_marker(text, i) {
                        // "Crime 10, and": the space before goes with it.
                        let after = b.get(e).copied();
                        let cut_start = if m > 0
                            && b[m - 1] == b' '
                            && after.is_some_and(|c| matches!(c, b',' | b';' | b'.' | b':' | b')'))
                        {
                            m - 1
                        } else {
                            m
                        };
                        // "thereto, 1 the": one of the two spaces goes.
                        let cut_end =
                            if after == Some(b' ') && cut_start > 0 && b[cut_start - 1] == b' ' {
                                e + 1
                            } else {
                                e
                            };
                        cuts.push((num, cut_start, cut_end, m));
                        i = e;
                        continue;
                    }
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    continue;
                }
                i += 1;
            }
            if cuts.is_empty() {
                break;
            }
            let mut next = MappedText::with_capacity(cur.len(), cur.runs() + 2 * cuts.len());
            let mut pos = 0;
            for &(num, s, e, m) in &cuts {
                next.append_slice(cur, pos..s);
                let digits_end = cur.text[m..e].trim_end().len() + m;
                let span = cur.map_span(m..digits_end.max(m + 1));
                self.marker(num, span.start, span.end);
                pos = e;
            }
            next.append_slice(cur, pos..cur.len());
            next.trim_end_spaces();
            *cur = next;
        }
    }

    fn marker(&mut self, number: u32, start: usize, end: usize) {
        self.dropped.push(Dropped {
            span: start..end,
            reason: DropReason::Marker,
        });
        self.markers.push(FootnoteMarker {
            number,
            at: 0,
            span: start..end,
        });
    }

    /// A footnote marker written as plain digits starting at byte `i` of
    /// `text`. Returns its number and where the marker starts and ends. The
    /// forms: glued to a word ("Corruption5", "thereto3"), to punctuation
    /// ("71/209;28", "2006,12"), spaced after punctuation ("thereto, 1") or
    /// after a capitalised name ("Organized Crime 10"), doubled ("1313"),
    /// glued to a year ("21 October 201629").
    fn plain_marker(&self, text: &str, i: usize) -> Option<(u32, usize, usize)> {
        let b = text.as_bytes();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() && j - i < 8 {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            return None;
        }
        let digits = &text[i..j];
        // What follows: end, space, or closing punctuation not inside a number.
        match b.get(j) {
            None | Some(b' ') => {}
            Some(b',' | b'.') => {
                if b.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            Some(b';' | b':' | b')') => {}
            _ => return None,
        }
        let next_word: &str = {
            let rest = text[j..].trim_start();
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            &rest[..end]
        };
        if MONTHS.contains(&next_word) || next_word.starts_with("per") {
            return None;
        }
        let resolve = |strict: bool| -> Option<u32> {
            let n: u32 = digits.parse().ok()?;
            if self.defined.contains(&n) {
                return Some(n);
            }
            // A doubled marker ("1313" for 13).
            if digits.len().is_multiple_of(2) {
                let (a, b) = digits.split_at(digits.len() / 2);
                if a == b
                    && let Ok(h) = a.parse::<u32>()
                    && self.defined.contains(&h)
                {
                    return Some(h);
                }
            }
            (!strict && (1..100).contains(&n) && digits.len() <= 2).then_some(n)
        };
        let left = &text[..i];
        let mut back = left.chars().rev();
        let prev = back.next()?;
        if (5..=7).contains(&digits.len())
            && (digits.starts_with("19") || digits.starts_with("20"))
            && prev == ' '
            && MONTHS.contains(&word_before(&left[..left.len() - 1]))
        {
            let n: u32 = digits[4..].parse().ok()?;
            return self.defined.contains(&n).then_some((n, i + 4, j));
        }
        if prev.is_alphabetic() {
            let word = word_before(left);
            if word.chars().count() < 4 || word.chars().all(|c| c.is_uppercase()) {
                return None;
            }
            return resolve(false).map(|n| (n, i, j));
        }
        if matches!(prev, ',' | ';' | '”' | '"' | ')') {
            let before = back.next();
            if prev == ',' && before.is_some_and(|c| c.is_ascii_digit()) && j - i == 3 {
                return None;
            }
            return resolve(prev == ')').map(|n| (n, i, j));
        }
        if prev == ' ' {
            let q = back.next()?;
            // "...Yugoslavia). 13" at the very end of a block.
            let at_end = b.get(j).is_none();
            if matches!(q, ',' | ';' | '”' | '"' | ')') || (q == '.' && at_end) {
                let before = back.next();
                let in_list = b.get(j) == Some(&b',') || matches!(next_word, "and" | "or" | "to");
                if before.is_some_and(|c| c.is_ascii_digit()) && in_list {
                    return None;
                }
                return resolve(true).map(|n| (n, i, j));
            }
            if q.is_alphabetic() {
                let w = word_before(&left[..left.len() - 1]);
                let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
                if !cap
                    || NUMBER_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
                    || MONTHS.contains(&w)
                {
                    return None;
                }
                return resolve(true).map(|n| (n, i, j));
            }
        }
        None
    }
}

/// A `*` with space (or nothing) on both sides is a character of its own,
/// not emphasis.
fn loose_star(line: &str, i: usize) -> bool {
    let before = line[..i].chars().last();
    let after = line[i + 1..].chars().next();
    before.is_none_or(is_space) && after.is_none_or(is_space)
}

fn starts_with_word(s: &str, words: &[&str]) -> bool {
    let w = s.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    words.contains(&w)
}

/// The word (letters and dots) that ends `left`.
fn word_before(left: &str) -> &str {
    let start = left
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(left.len(), |(k, _)| k);
    &left[start..]
}

/// `$^{23}$` or `$^{^{23}}$` at the start of `s`: the number and the length.
fn latex_marker(s: &str) -> Option<(u32, usize)> {
    let (n, len) = lines::latex_note(s)?;
    Some((n.parse().ok()?, len))
}

/// `[^12]` at the start of `s`: the number and the length.
fn md_marker(s: &str) -> Option<(u32, usize)> {
    let (n, len) = lines::md_marker(s)?;
    Some((n.parse().ok()?, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_lines() {
        for yes in [
            "The General Assembly,",
            "The Human Rights Council,",
            "The Conference of the States Parties to the Convention",
            "The Economic and Social Council",
        ] {
            assert!(is_body_line(yes), "{yes}");
        }
        for no in [
            "The General Assembly, recalling",
            "The Council  decides",
            "The general debate,",
            "The",
            "Recalling its resolution,",
            "The One Two Three Four Five Six Seven Eight Nine Ten Eleven",
        ] {
            assert!(!is_body_line(no), "{no}");
        }
    }
    use proptest::prelude::*;

    /// The bytes the cleaner keeps in the run it is copying, by whether the
    /// byte before is a space (or the run starts here): the ordinary bytes,
    /// and a single space between words (index `byte`, or `256 + byte` after
    /// a space).
    const KEEP: [bool; 512] = {
        let mut t = [false; 512];
        let mut b = 0;
        while b < 128 {
            t[b] = ORDINARY[b] || b == b' ' as usize;
            t[256 + b] = ORDINARY[b];
            b += 1;
        }
        t
    };

    /// [`kept`] read a byte at a time.
    fn kept_by_bytes(b: &[u8], at: usize, mut after_space: bool) -> (usize, bool) {
        let mut n = 0;
        for &c in b[at..].iter().take(16) {
            if !KEEP[(usize::from(after_space) << 8) | usize::from(c)] {
                break;
            }
            after_space = c == b' ';
            n += 1;
        }
        (n, after_space)
    }

    /// Page numbers and job numbers are dropped whatever they open with,
    /// also where only their cleaned form is one (a marker, an emphasis
    /// star); a line that opens with another letter is text.
    #[test]
    fn page_and_job_numbers_are_furniture() {
        for (line, furniture) in [
            ("Page 2*", true),
            ("¹17-22977 (E)", true),
            ("GE.17-22977 (E)*", true),
            ("Epilogue 2", false),
            ("Gazette 2", false),
        ] {
            let text = format!(
                "The General Assembly,\n\nNoting the report,\n\n{line}\n\n1. Decides to act.\n"
            );
            let n = normalize(&text);
            let dropped = n
                .dropped
                .iter()
                .any(|d| d.reason == DropReason::Furniture && &text[d.span.clone()] == line);
            assert_eq!(dropped, furniture, "{line}: {:?}", n.dropped);
        }
    }

    #[test]
    fn bare_numbers_of_six_bytes_and_more() {
        for (s, bare) in [
            ("12345.", true),
            ("(abcd)", true),
            ("99999)", true),
            ("123456.", false),
            ("(abcde)", false),
            ("\u{a0}12345.\u{3000}", true),
            (" (iv) ", true),
        ] {
            assert_eq!(is_bare_number(s), bare, "{s:?}");
        }
    }

    proptest! {
        /// A paragraph number alone is told as when the text is trimmed
        /// first, whatever its length and ends.
        #[test]
        fn bare_numbers_are_told_as_after_a_trim(
            before in "[ \t\u{a0}\u{3000}]{0,6}",
            number in "[0-9]{1,5}[.)]|\\([a-z0-9]{1,5}\\)|[1a.()é]{0,8}",
            after in "[ \t\u{a0}\u{3000}]{0,6}",
        ) {
            let s = format!("{before}{number}{after}");
            let t = s.trim();
            let want = !t.is_empty()
                && t.len() <= 6
                && match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                    Some(inner) => !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric()),
                    None => t
                        .strip_suffix('.')
                        .or_else(|| t.strip_suffix(')'))
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())),
                };
            prop_assert_eq!(is_bare_number(&s), want, "{:?}", s);
        }

        /// A line's cleaned form opens with the letter the line opens
        /// with: the furniture tests pass over lines whose letter opens no
        /// job or page number without making that form.
        #[test]
        fn a_key_keeps_the_first_letter(
            first in "[A-Za-z]",
            rest in "[a-z0-9 $*\\[\\]^{}\u{ad}\u{200b}¹²’]{0,12}",
        ) {
            let t = format!("{first}{rest}");
            prop_assert!(line_key(&t).starts_with(first.as_str()), "{:?}", line_key(&t));
        }

        /// The bytes kept sixteen at a time are those kept one at a
        /// time, at any place of a text (its end among the sixteen or not).
        #[test]
        fn bytes_kept_at_once_are_those_kept_one_by_one(
            b in proptest::collection::vec(
                prop_oneof![
                    4 => prop_oneof![Just(b' '), 0x21u8..0x7f],
                    1 => prop_oneof![Just(b'*'), Just(b'$'), Just(b'['), Just(0x7fu8), Just(0u8)],
                    1 => any::<u8>(),
                ],
                0..40,
            ),
            at in 0usize..40,
            after_space: bool,
        ) {
            let at = at.min(b.len());
            prop_assert_eq!(kept(&b, at, after_space), kept_by_bytes(&b, at, after_space));
        }

        /// Each line's content is what trimming its spaces and invisible
        /// characters leaves, whether its ends are printable ASCII or not.
        #[test]
        fn lines_are_trimmed_as_by_characters(
            input in "[a-z~!\\x00-\\x20\\x7f\\n\u{a0}\u{ad}\u{200b}\u{3000}\u{feff}é]{0,40}",
        ) {
            let mut want = Vec::new();
            let mut pos = 0;
            for raw in input.split('\n') {
                let trim = |c| is_space(c) || is_invisible(c);
                let start = pos + raw.len() - raw.trim_start_matches(trim).len();
                want.push((start, start + raw.trim_matches(trim).len()));
                pos += raw.len() + 1;
            }
            let got: Vec<(usize, usize)> = scan_lines(&input).iter().map(|l| (l.start, l.end)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
