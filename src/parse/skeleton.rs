//! The texts the grammars read: for the structure, the clean text with the
//! long lines whose shape their first bytes decide cut short; for a
//! clause, its text with each run of plain words written as one word
//! ([`Skeleton::of_clause`]). Spans are taken back to the text given.
//!
//! pest builds an index of the lines of the text it parses, up to the
//! parse's last pair, at every parse, one character at a time, with no way
//! to turn it off; for the structure, that is the whole document: a third
//! of the structure's parse, a twentieth of a batch's instructions. Yet
//! the structure grammar (`grammar/resolution.pest`) reads most lines only
//! for their first bytes: a numbered paragraph is a number, a
//! point, a space and any text; a sub-paragraph a bracketed label, a space
//! and any text; a preambular paragraph any text. Such a line is read as
//! its first [`HEAD`] bytes and one byte for the rest, and the spans of the
//! pairs are taken back to the clean text.
//!
//! A line is cut only when its first bytes say that no rule of the grammar
//! reads past them: it opens with
//!
//! - a number of at most six digits, a point, one space and a character
//!   other than a space ("12. Requests ..."): a numbered paragraph (no
//!   ordinal, date or heading opens so);
//! - "(", a label and ")" within its first nine bytes, then one space and a
//!   character other than a space ("(a) Prevent ..."): a sub-paragraph;
//! - an ASCII letter then a lower-case ASCII letter ("Recalling ..."),
//!   unless the first is an "a" (an annex heading opens with "annex",
//!   "appendix" or "attachment", in any case) or the line opens with "The "
//!   (the adopting body's line): no section heading, part letter, annex
//!   heading or body line opens so.
//!
//! Every other line (headings, body lines, closing formulas, annex
//! headings, short lines) is read whole. The one search that runs from a
//! line into the next ones, for the "]" that ends "[Adopted ...", finds it
//! in a cut line too: the byte that stands for the rest is "]" when the
//! rest holds one. The tests read the corpus and generated lines of every
//! shape both ways, and compare.

use std::borrow::Cow;
use std::cell::Cell;

use crate::offsets::Span;

/// The bytes of a cut line the grammar reads.
const HEAD: usize = 16;

/// The text a grammar reads, and where it was cut.
pub(super) struct Skeleton<'t> {
    text: Cow<'t, str>,
    /// For each cut, in order: where it ends in the skeleton (just after
    /// the byte that stands for what was left out: the rest of a line, a
    /// run of words), and how many bytes the text given holds more than
    /// the skeleton from there on.
    cuts: Vec<(usize, usize)>,
    /// The number of cuts before the offset last asked for: spans are
    /// mostly asked for in the text's order.
    last: Cell<usize>,
}

impl<'t> Skeleton<'t> {
    /// The skeleton of the clean text `text`: the text itself when no line
    /// is cut.
    pub(super) fn of(text: &'t str) -> Self {
        let b = text.as_bytes();
        let mut out = String::new();
        let mut cuts = Vec::new();
        // Bytes of `text` copied to `out`, and its bytes left out so far.
        let mut copied = 0;
        let mut shift = 0;
        let mut start = 0;
        // The last "]" seen: the lines' ends and the "]"s found in one pass.
        let mut bracket = None;
        for end in memchr::memchr2_iter(b'\n', b']', b).chain([b.len()]) {
            if end < b.len() && b[end] == b']' {
                bracket = Some(end);
                continue;
            }
            let line = &b[start..end];
            if line.len() > HEAD + 1 && read_by_its_head(line) {
                let head = crate::offsets::floor_boundary(text, start + HEAD);
                if out.is_empty() {
                    out.reserve(text.len() / 3);
                    cuts.reserve(text.len() / 256);
                }
                out.push_str(&text[copied..head]);
                out.push(if bracket.is_some_and(|at| at >= head) {
                    ']'
                } else {
                    'x'
                });
                shift += end - head - 1;
                cuts.push((out.len(), shift));
                copied = end;
            }
            start = end + 1;
        }
        Self::with_cuts(text, out, copied, cuts)
    }

    /// The text the clause grammar (`grammar/clause.pest`) reads of the
    /// clause text `text` (its unpaired brackets and prepositional "to"s
    /// masked): each run of plain words written as one word, "x". The
    /// grammar reads a plain word, and what joins two of them (spaces,
    /// hyphens, masked bytes), as items with no pair and nothing to tell
    /// them apart, one item at a time; a run is one item. A word is plain
    /// unless it is "to" (in any case) or one of the two words after one
    /// (the case of the first makes an infinitive, the two make "to do
    /// so"), opens with "that" or "wh" (in any case), or is the "in" of
    /// "in whose": those are read as written, and so is everything else
    /// (punctuation, brackets, quotation marks, colons, other characters).
    /// A run opens and ends with a word, so that "x" stands between the
    /// same bytes as the run. Runs are looked for up to the first "to"
    /// before a word in lower case, where the addressees mostly end.
    pub(super) fn of_clause(text: &'t str) -> Self {
        let b = text.as_bytes();
        let joins = |c: u8| matches!(c, b' ' | b'-' | super::MASK);
        let mut out = String::new();
        let mut cuts = Vec::new();
        let mut copied = 0;
        let mut shift = 0;
        // The run being read (its start, and the end of its last word), and
        // how many words after a "to" are still read as written.
        let mut run: Option<(usize, usize)> = None;
        let mut after_to = 0u8;
        let mut close = |run: (usize, usize), out: &mut String, copied: &mut usize| {
            let (start, end) = run;
            if end - start > 1 {
                if out.is_empty() {
                    out.reserve(text.len());
                }
                out.push_str(&text[*copied..start]);
                out.push('x');
                shift += end - start - 1;
                cuts.push((out.len(), shift));
                *copied = end;
            }
        };
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                // Only what joins words goes on with a run.
                if !joins(b[i])
                    && let Some(r) = run.take()
                {
                    close(r, &mut out, &mut copied);
                }
                i += 1;
                continue;
            }
            let start = i;
            i += crate::scan::alphanumeric_run(&b[i..]);
            let word = &b[start..i];
            let opens = |p: &[u8]| {
                word.get(..p.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(p))
            };
            let to = word.eq_ignore_ascii_case(b"to");
            // The first infinitive ends what the grammar reads of the
            // addressees, mostly: the rest is left as it is.
            if to && b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
                break;
            }
            let plain = after_to == 0
                && !to
                && !opens(b"that")
                && !opens(b"wh")
                && (word != b"in" || !b[i..].starts_with(b" whose"));
            after_to = if to { 2 } else { after_to.saturating_sub(1) };
            run = match run {
                // Joined to the run by what lies between.
                Some((s, _)) if plain => Some((s, i)),
                Some(r) => {
                    close(r, &mut out, &mut copied);
                    None
                }
                None => plain.then_some((start, i)),
            };
        }
        if let Some(r) = run {
            close(r, &mut out, &mut copied);
        }
        Self::with_cuts(text, out, copied, cuts)
    }

    /// The text itself, no line cut: what the grammar would read without
    /// a skeleton.
    #[cfg(test)]
    pub(super) fn whole(text: &'t str) -> Self {
        Self::with_cuts(text, String::new(), 0, Vec::new())
    }

    /// The skeleton whose text is `out` (the text before `copied`, with
    /// the `cuts` made) and the rest of `text`; `text` itself when nothing
    /// was cut.
    fn with_cuts(text: &'t str, mut out: String, copied: usize, cuts: Vec<(usize, usize)>) -> Self {
        let text = if cuts.is_empty() {
            Cow::Borrowed(text)
        } else {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        };
        Skeleton {
            text,
            cuts,
            last: Cell::new(0),
        }
    }

    /// The text the grammar reads.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The offset in the text given of offset `at` of the skeleton (that of
    /// a stand-in is that of the first byte it stands for).
    pub(super) fn offset(&self, at: usize) -> usize {
        let before = |k: usize| k == 0 || self.cuts[k - 1].0 <= at;
        let after = |k: usize| self.cuts.get(k).is_none_or(|c| at < c.0);
        let mut k = self.last.get();
        if !(before(k) && after(k)) {
            k = if before(k) && after(k + 1) {
                k + 1
            } else {
                self.cuts.partition_point(|&(end, _)| end <= at)
            };
            self.last.set(k);
        }
        at + k.checked_sub(1).map_or(0, |k| self.cuts[k].1)
    }

    /// The span in the text given of a span of the skeleton.
    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.offset(start), self.offset(end))
    }
}

/// Does the line's shape (see the module's documentation) rest on its
/// first bytes alone?
fn read_by_its_head(line: &[u8]) -> bool {
    // A space, then a character other than a space, at `i`.
    let spaced =
        |i: usize| line.get(i) == Some(&b' ') && line.get(i + 1).is_some_and(|&c| c != b' ');
    match line {
        [b'0'..=b'9', ..] => {
            let digits = line.iter().take_while(|c| c.is_ascii_digit()).count();
            digits <= 6 && line.get(digits) == Some(&b'.') && spaced(digits + 1)
        }
        [b'(', ..] => line
            .iter()
            .take(9)
            .position(|&c| c == b')')
            .is_some_and(|close| spaced(close + 1)),
        [first, second, ..] => {
            first.is_ascii_alphabetic()
                && !first.eq_ignore_ascii_case(&b'a')
                && second.is_ascii_lowercase()
                && !line.starts_with(b"The ")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Read = Result<super::super::Ast, super::super::ParseError>;

    /// The structure read from the skeleton of `text` and from `text` whole
    /// (or the error of each, at its line and column of `text`).
    fn both(text: &str) -> (Read, Read) {
        (
            super::super::parse_skeleton(text, &Skeleton::of(text)),
            super::super::parse_skeleton(text, &Skeleton::whole(text)),
        )
    }

    /// The openings of lines of every shape the structure grammar knows,
    /// and of lines near them.
    const OPENINGS: &[&str] = &[
        "12. Requests ",
        "1. ",
        "1234567. Requests ",
        "12.  Requests ",
        "12.Requests ",
        "(a) Prevent ",
        "(iv) ",
        "(abcdefgh) ",
        "(a)  ",
        "Recalling ",
        "recalling ",
        "Acknowledging ",
        "Annex ",
        "ANNEX I",
        "annex ",
        "Appendix II: ",
        "JCPOA Annex",
        "The General Assembly",
        "The General Assembly,",
        "The ",
        "Adopts the following Declaration:",
        "A",
        "B",
        "I. General provisions",
        "IV ",
        "A. ",
        "[Adopted ",
        "[Adopted without a vote.]",
        "65th plenary meeting ",
        "65th (resumed) plenary meeting",
        "19 December 2017",
        "Adopted by the Security Council ",
        "“",
        "é",
        "",
    ];

    proptest! {
        /// The skeleton's structure is the whole text's, span for span,
        /// whatever the lines: short or long, opening as the grammar's
        /// shapes do or nearly, holding "]", ";", ":" or not.
        #[test]
        fn the_skeleton_reads_as_the_whole_text(
            lines in prop::collection::vec(
                (0..OPENINGS.len(), "[a-z ;:,.\\]\\[éA1]{0,50}", prop::bool::weighted(0.02)),
                1..24,
            ),
        ) {
            let mut text = String::new();
            for (k, (opening, rest, single)) in lines.iter().enumerate() {
                if k > 0 {
                    text.push_str(if *single { "\n" } else { "\n\n" });
                }
                text.push_str(OPENINGS[*opening]);
                text.push_str(rest);
            }
            let (cut, whole) = both(&text);
            prop_assert_eq!(&cut, &whole, "{:?}", text);
            // An error is where pest itself places it in the whole text.
            if let Err(e) = whole {
                use pest::Parser;
                use super::super::grammar::structure::{Rule, StructureParser};
                let Err(pest) = StructureParser::parse(Rule::document, &text) else {
                    panic!("pest reads {text:?}");
                };
                let (pest::error::LineColLocation::Pos(at) | pest::error::LineColLocation::Span(at, _)) =
                    pest.line_col;
                prop_assert_eq!((e.line, e.column), at);
            }
        }
    }

    proptest! {
        /// Offsets asked for in any order are those of a reading of the
        /// cuts from the start.
        #[test]
        fn offsets_in_any_order(
            lines in prop::collection::vec((0..OPENINGS.len(), "[a-z \\]]{0,40}"), 1..12),
            asks in prop::collection::vec(0usize..1000, 1..40),
        ) {
            let text = lines
                .iter()
                .map(|(opening, rest)| [OPENINGS[*opening], rest].concat())
                .collect::<Vec<_>>()
                .join("\n\n");
            let sk = Skeleton::of(&text);
            for at in asks.into_iter().map(|a| a % (sk.text().len() + 1)) {
                let shift = sk.cuts.iter().take_while(|c| c.0 <= at).last().map_or(0, |c| c.1);
                prop_assert_eq!(sk.offset(at), at + shift);
            }
        }
    }

    /// Words and marks of clauses: plain words and those read as written
    /// ("to", "that", relative words, "in whose", "to do so"), the words
    /// that make a "to" a preposition, punctuation, brackets, quotation
    /// marks, hyphens and characters that are not ASCII.
    const CLAUSE_WORDS: &[&str] = &[
        "Member",
        "States",
        "the",
        "Office",
        "to",
        "To",
        "TO",
        "that",
        "That",
        "thatch",
        "which",
        "whose",
        "who",
        "where",
        "whole",
        "in",
        "in whose",
        "to do so",
        "do",
        "so",
        "yet",
        "able",
        "committed",
        "reporting",
        "consider",
        "submit",
        "Secretary-General",
        "1267",
        "(1999)",
        "(a",
        ")",
        "[",
        "]",
        "“",
        "”",
        "\"",
        ",",
        ";",
        ":",
        "-",
        "’",
        "é",
        "Côte",
        "  ",
    ];

    proptest! {
        /// The clause's shape read from its runs of plain words written
        /// as one word each is the shape read from the whole clause, span
        /// for span.
        #[test]
        fn the_clause_reads_as_the_whole_clause(
            words in prop::collection::vec((0..CLAUSE_WORDS.len(), prop::bool::weighted(0.8)), 0..30),
        ) {
            let lang = &crate::rules::RuleSet::defaults().language;
            let mut text = String::from(" ");
            for (w, spaced) in words {
                text.push_str(CLAUSE_WORDS[w]);
                if spaced {
                    text.push(' ');
                }
            }
            let masked =
                super::super::mask_prepositional_to(super::super::mask_unpaired(&text), lang);
            let cut = super::super::clause_shape_of(&text, &Skeleton::of_clause(&masked));
            let whole = super::super::clause_shape_of(&text, &Skeleton::whole(&masked));
            prop_assert_eq!(cut, whole, "{:?}", text);
        }
    }

    /// Clauses whose shape rests on the words kept as written: "to do so"
    /// ending a relative clause, "in whose", a lead before "that", a "to"
    /// before a capital.
    #[test]
    fn clauses_read_as_written_where_it_matters() {
        let lang = &crate::rules::RuleSet::defaults().language;
        for text in [
            " States that so decide to do so, to consider acceding",
            " States that have not yet done so to consider ratifying the Convention",
            " all States that have yet to sign the Treaty to do so in all expediency, and to refrain",
            " the Office, in whose mandate it falls, to assist Member States",
            ", in accordance with its resolution 1267 (1999), that all States shall",
            " Member States to United Nations bodies and to the Office to report",
            " Governments that face difficulties, or that are determined to take measures, to consult",
        ] {
            let masked =
                super::super::mask_prepositional_to(super::super::mask_unpaired(text), lang);
            let sk = Skeleton::of_clause(&masked);
            assert!(!sk.cuts.is_empty(), "{text}");
            assert_eq!(
                super::super::clause_shape_of(text, &sk),
                super::super::clause_shape_of(text, &Skeleton::whole(&masked)),
                "{text}"
            );
        }
    }

    /// Every document of the corpus has the same structure read from its
    /// skeleton as from its whole clean text.
    #[test]
    fn the_corpus_reads_as_its_whole_texts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut read = 0;
        let mut cut = 0;
        for entry in std::fs::read_dir(&dir).expect("tests/corpus") {
            let path = entry.expect("a corpus entry").path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let raw = std::fs::read_to_string(&path).expect("a corpus document");
            let clean = crate::normalize::normalize(&raw);
            let text = clean.text.as_str();
            cut += usize::from(!Skeleton::of(text).cuts.is_empty());
            let (from_skeleton, from_whole) = both(text);
            assert!(from_whole.is_ok(), "{}", path.display());
            assert_eq!(from_skeleton, from_whole, "{}", path.display());
            read += 1;
        }
        assert!(read > 150, "{read} documents");
        assert!(cut * 10 > read * 9, "{cut} of {read} documents cut");
    }

    #[test]
    fn cuts_the_lines_read_by_their_head() {
        let long = "x".repeat(60);
        for line in [
            format!("12. Requests {long}"),
            format!("(a) Prevent {long}"),
            format!("(iv) Prevent {long}"),
            format!("Recalling {long}"),
            format!("recalling {long}"),
        ] {
            assert!(read_by_its_head(line.as_bytes()), "{line}");
        }
        for line in [
            format!("1234567. Requests {long}"),
            format!("12.  Requests {long}"),
            format!("12.Requests {long}"),
            format!("12th plenary meeting {long}"),
            format!("(a)  Prevent {long}"),
            format!("(abcdefgh) Prevent {long}"),
            format!("Annex {long}"),
            format!("appendix {long}"),
            format!("Acknowledging {long}"),
            format!("The General Assembly {long}"),
            format!("IV. Heading {long}"),
            format!("A. Heading {long}"),
            format!("[Adopted {long}"),
            format!("JCPOA Annex {long}"),
        ] {
            assert!(!read_by_its_head(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn offsets_go_back_to_the_clean_text() {
        let long = format!("Recalling {}", "word ".repeat(20));
        let text = format!("{long}\n\n1. Short;\n\n{long}]");
        let sk = Skeleton::of(&text);
        assert_eq!(sk.text().len(), 2 * (HEAD + 1) + 2 + 9 + 2);
        assert!(sk.text().ends_with(']'));
        // Each line's start and end, in the skeleton and in the text.
        let lines = |s: &str| {
            let mut at = 0;
            s.split('\n')
                .map(|l| {
                    let r = (at, at + l.len());
                    at += l.len() + 1;
                    r
                })
                .collect::<Vec<_>>()
        };
        for ((s, e), (ts, te)) in lines(sk.text()).into_iter().zip(lines(&text)) {
            assert_eq!(sk.span(s, e), Span::new(ts, te));
        }
    }
}
