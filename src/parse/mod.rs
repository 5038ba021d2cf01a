//! Stage 2: clean text -> typed AST that keeps spans.
//!
//! Input: the clean text of [`crate::normalize`] (one paragraph per line,
//! paragraphs separated by a blank line). Output: an [`Ast`]: header lines
//! and their fields, the adopting body, the parts of the resolution (each a
//! preamble and an operative part), an adopted text if the resolution adopts
//! one, annexes and closing lines. All spans are byte ranges of the clean
//! text. This is the one module that touches pest's `Pairs`; it also reads
//! the shape of a single clause ([`clause_shape`]) for the classifier.
//! Parsing never fails on clean text: the grammar accepts any sequence of
//! lines; an unexpected failure is reported as [`ParseError`].

pub mod grammar;
mod header;
mod skeleton;

use pest::Parser;
use pest::iterators::Pair;

pub use header::HeaderFields;

use crate::offsets::Span;
use crate::rules::language::Language;
use std::borrow::Cow;

use grammar::clause::{ClauseParser, Rule as CRule};
use grammar::structure::{Rule, StructureParser};
use skeleton::Skeleton;

/// The structure of one resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ast {
    /// Front-matter lines, before the adopting body's line.
    pub header: Vec<Span>,
    /// Fields read from the header lines.
    pub fields: HeaderFields,
    /// The adopting body's name ("General Assembly"), if a line names it,
    /// and that whole line.
    pub body: Option<Span>,
    pub body_line: Option<Span>,
    pub parts: Vec<Part>,
    /// "Adopts the following Declaration:" and the text it adopts.
    pub adoption: Option<Adoption>,
    pub annexes: Vec<Annex>,
    /// Lines after the annexes that belong to none.
    pub trailing: Vec<Span>,
}

/// A preamble and its operative part; a resolution in several parts ("A",
/// "B") has one per part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// The part's letter ("A"), when it has one, and its line.
    pub label: Option<String>,
    pub label_line: Option<Span>,
    /// The part's own adopting body (its name, and the whole line).
    pub body: Option<Span>,
    pub body_line: Option<Span>,
    /// Title lines between the letter and the body line.
    pub titles: Vec<Span>,
    pub preamble: Vec<Item>,
    pub operative: Vec<Item>,
}

/// One line of a preamble or an operative part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// "12. Encourages ..." (in an operative part) or a preambular paragraph
    /// (`number` is `None`).
    Paragraph {
        number: Option<u32>,
        /// The whole line.
        line: Span,
        /// The text after the number.
        text: Span,
    },
    /// "(a) Prevent and suppress ..."
    Sub {
        label: String,
        line: Span,
        text: Span,
    },
    /// "I. General provisions", "A", "A.Targeted sanctions"
    Heading {
        label: String,
        line: Span,
        title: Option<Span>,
    },
    /// A line that continues the paragraph before it.
    Continuation(Span),
    /// "65th plenary meeting", "[Adopted without a vote.]"
    Closing(Span),
}

/// A text adopted (or recommended) by the resolution's single operative
/// paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adoption {
    /// "Adopts the following Declaration:"
    pub paragraph: Span,
    /// The adopted text, line by line.
    pub text: Vec<Span>,
    pub closing: Vec<Span>,
}

/// "Annex I" and what follows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annex {
    pub heading: Span,
    pub label: Option<String>,
    pub lines: Vec<Span>,
}

/// A failure of the structure grammar (a bug, reported rather than hidden).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the structure grammar rejected the text at line {line}, column {column}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn span(p: &Pair<'_, Rule>, sk: &Skeleton<'_>) -> Span {
    let s = p.as_span();
    sk.span(s.start(), s.end())
}

/// Parses the clean text of a document.
pub fn parse(text: &str) -> Result<Ast, ParseError> {
    parse_skeleton(text, &Skeleton::of(text))
}

/// Parses the clean text `text` as the grammar reads it in `sk`.
fn parse_skeleton(text: &str, sk: &Skeleton<'_>) -> Result<Ast, ParseError> {
    let mut pairs = StructureParser::parse(Rule::document, sk.text()).map_err(|e| {
        let at = match e.location {
            pest::error::InputLocation::Pos(p) | pest::error::InputLocation::Span((p, _)) => p,
        };
        let (line, column) = line_col(text, sk.offset(at));
        ParseError {
            line,
            column,
            message: e.variant.message().into_owned(),
        }
    })?;
    let mut ast = Ast::default();
    let Some(document) = pairs.next() else {
        return Ok(ast);
    };
    for p in document.into_inner() {
        match p.as_rule() {
            Rule::front | Rule::adoption_front => read_front(p, &mut ast, sk),
            Rule::part | Rule::section_part => ast.parts.push(read_part(p, sk)),
            Rule::adoption => ast.adoption = Some(read_adoption(p, sk)),
            Rule::annexes => {
                for a in p.into_inner() {
                    ast.annexes.push(read_annex(a, sk));
                }
            }
            Rule::trailing => ast.trailing = p.into_inner().map(|q| span(&q, sk)).collect(),
            _ => {}
        }
    }
    ast.fields = header::read(text, &ast.header);
    Ok(ast)
}

/// The line and column (from 1, the column in characters) of byte `at` of
/// `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..crate::offsets::floor_boundary(text, at)];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.bytes().filter(|&c| c == b'\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn read_front(p: Pair<'_, Rule>, ast: &mut Ast, sk: &Skeleton<'_>) {
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::header_line => ast.header.push(span(&q, sk)),
            Rule::adopting_body | Rule::adopting_body_bare => {
                ast.body_line = Some(span(&q, sk));
                ast.body = body_name(q, sk);
            }
            _ => {}
        }
    }
}

fn body_name(p: Pair<'_, Rule>, sk: &Skeleton<'_>) -> Option<Span> {
    p.into_inner()
        .find(|q| q.as_rule() == Rule::body_name)
        .map(|q| span(&q, sk))
}

fn read_part(p: Pair<'_, Rule>, sk: &Skeleton<'_>) -> Part {
    let mut part = Part::default();
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::section_start => {
                for r in q.into_inner() {
                    match r.as_rule() {
                        Rule::section_letter => {
                            part.label = Some(r.as_str().to_string());
                            part.label_line = Some(span(&r, sk));
                        }
                        Rule::header_line => part.titles.push(span(&r, sk)),
                        Rule::adopting_body => {
                            part.body_line = Some(span(&r, sk));
                            part.body = body_name(r, sk);
                        }
                        _ => {}
                    }
                }
            }
            Rule::preamble => {
                part.preamble = q.into_inner().filter_map(|q| read_item(q, sk)).collect()
            }
            Rule::operative => {
                part.operative = q.into_inner().filter_map(|q| read_item(q, sk)).collect()
            }
            _ => {}
        }
    }
    part
}

fn read_item(p: Pair<'_, Rule>, sk: &Skeleton<'_>) -> Option<Item> {
    let line = span(&p, sk);
    Some(match p.as_rule() {
        Rule::preamble_paragraph => Item::Paragraph {
            number: None,
            line,
            text: line,
        },
        Rule::operative_paragraph => {
            let mut number = None;
            let mut text = line;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::paragraph_number => number = q.as_str().parse().ok(),
                    Rule::text => text = span(&q, sk),
                    _ => {}
                }
            }
            Item::Paragraph { number, line, text }
        }
        Rule::subparagraph => {
            let mut label = String::new();
            let mut text = line;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::sub_label => label = q.as_str().to_string(),
                    Rule::text => text = span(&q, sk),
                    _ => {}
                }
            }
            Item::Sub { label, line, text }
        }
        Rule::section_heading => {
            let mut label = String::new();
            let mut title = None;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::section_label => label = q.as_str().to_string(),
                    Rule::heading_text => title = Some(span(&q, sk)),
                    _ => {}
                }
            }
            Item::Heading { label, line, title }
        }
        Rule::continuation => Item::Continuation(line),
        Rule::closing => Item::Closing(line),
        _ => return None,
    })
}

fn read_adoption(p: Pair<'_, Rule>, sk: &Skeleton<'_>) -> Adoption {
    let mut a = Adoption::default();
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::adoption_paragraph => a.paragraph = span(&q, sk),
            Rule::adopted_text => {
                for r in q.into_inner() {
                    match r.as_rule() {
                        Rule::adopted_line => a.text.push(span(&r, sk)),
                        Rule::closing => a.closing.push(span(&r, sk)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    a
}

fn read_annex(p: Pair<'_, Rule>, sk: &Skeleton<'_>) -> Annex {
    let mut a = Annex::default();
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::annex_heading => {
                a.heading = span(&q, sk);
                a.label = q
                    .into_inner()
                    .find(|r| r.as_rule() == Rule::annex_label)
                    .map(|r| r.as_str().to_string());
            }
            Rule::annex_line => a.lines.push(span(&q, sk)),
            _ => {}
        }
    }
    a
}

/// The shape of what follows a clause's verb phrase (see
/// `grammar/clause.pest`). Offsets are relative to the text given to
/// [`clause_shape`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseShape {
    /// "to remain seized of the matter": the adopting body acts itself.
    SelfAction { action: usize },
    /// "that Member States adopt ...": the subject starts at `subject`.
    Subjunctive { subject: usize },
    /// Addressees, then the action at `action` ("to ..." or ":").
    Infinitive { head: Head, action: usize },
    /// Addressees and a noun phrase, no infinitive.
    Nominal { head: Head },
    /// Nothing follows the verb.
    Empty,
}

/// Landmarks in the addressee part of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Head {
    /// Where the addressee part ends.
    pub end: usize,
    /// Separators (", ", " and ", ...) at top level.
    pub separators: Vec<Span>,
    /// Bracketed or quoted stretches.
    pub groups: Vec<Span>,
    /// Relative clauses ("that have not yet done so").
    pub relatives: Vec<Span>,
    /// A leading parenthetical (", in accordance with ..., ") before "that"
    /// or the action.
    pub lead: Option<Span>,
}

/// Reads the shape of a clause from the text after its verb phrase. The
/// grammar takes every "to" before a lower-case word for the start of an
/// action; `lang` says where it is a preposition instead (see
/// [`mask_prepositional_to`]).
pub fn clause_shape(text: &str, lang: &Language) -> ClauseShape {
    if text.trim_start_matches([' ', ',']).is_empty() {
        return ClauseShape::Empty;
    }
    opening_shape(text, lang)
        .or_else(|| plain_infinitive(text, lang))
        .unwrap_or_else(|| parsed_shape(text, lang))
}

/// The shape of a clause whose addressees are plain words before the
/// action ("Member States to ...", "the United Nations Office on Drugs
/// and Crime to ...", "States parties to the Convention to ...", "States,
/// the Office and UNDP to ..."), told without a parse: up to the first
/// "to" (in any case) before a space and a lower-case letter that is no
/// preposition's, or a colon, only ASCII letters and digits, spaces,
/// hyphens, apostrophes, points, slashes, commas and semicolons (each a
/// separator) and characters beyond ASCII other than an opening quotation
/// mark, and no word that opens with "that" or "wh" (in any case). The
/// grammar reads such addressees with no group, relative clause or
/// leading phrase, to the action.
fn plain_infinitive(text: &str, lang: &Language) -> Option<ClauseShape> {
    let b = text.as_bytes();
    let start = text.len() - text.trim_start_matches(' ').len();
    let mut separators = Vec::new();
    let mut i = start;
    let action = loop {
        let c = *b.get(i)?;
        if c.is_ascii_alphanumeric() {
            let end = i + crate::scan::alphanumeric_run(&b[i..]);
            let word = &b[i..end];
            let opens = |p: &[u8]| {
                word.get(..p.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(p))
            };
            // Only a word of two letters can be the "to" (told first).
            if word.len() == 2 && opens_action(text, i, lang) {
                break i;
            }
            if opens(b"that") || opens(b"wh") {
                return None;
            }
            i = end;
        } else if c == b':' {
            break i;
        } else if matches!(c, b',' | b';') {
            separators.push(Span::new(i, i + 1));
            i += 1;
        } else if matches!(c, b' ' | b'-' | b'\'' | b'.' | b'/')
            || c >= 0x80 && !b[i..].starts_with("“".as_bytes())
        {
            i += 1;
        } else {
            return None;
        }
    };
    // An action right at the start is the adopting body's own, and a
    // comma there opens a leading phrase: the grammar reads those.
    (action > start && b[start] != b',').then(|| ClauseShape::Infinitive {
        head: Head {
            end: action,
            separators,
            ..Head::default()
        },
        action,
    })
}

/// Does an action open at `i` of `text`, as the grammar's `infinitive`
/// reads one once the masks are on: "to" (in any case), one space and a
/// lower-case letter, the "to" no preposition's.
fn opens_action(text: &str, i: usize, lang: &Language) -> bool {
    let b = &text.as_bytes()[i..];
    b.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(b"to "))
        && b.get(3).is_some_and(u8::is_ascii_lowercase)
        && prepositional_at(text, i, lang).is_none()
}

/// The shape of a clause that is not empty, as the grammar reads it.
fn parsed_shape(text: &str, lang: &Language) -> ClauseShape {
    let masked = mask_prepositional_to(mask_unpaired(text), lang);
    clause_shape_of(text, &Skeleton::of_clause(&masked))
}

/// The shapes the grammar gives a clause by its first word, told without a
/// parse: after the spaces that open it, "to" (in any case), a space and a
/// lower-case letter, a "to" no mask hides, opens the action of the
/// adopting body itself (`self_action`); "that" (in any case), a comma or
/// not, and spaces open a subject (`subjunctive`). Neither opens with the
/// comma a leading phrase (`lead`) needs, and the grammar tries these
/// shapes before the others.
fn opening_shape(text: &str, lang: &Language) -> Option<ClauseShape> {
    let at = text.len() - text.trim_start_matches(' ').len();
    let b = &text.as_bytes()[at..];
    if b.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(b"to ")) {
        // A preposition's "to", or one before no verb: the grammar reads
        // no action there, and the addressees read at `plain_infinitive`
        // may open with it.
        return opens_action(text, at, lang).then_some(ClauseShape::SelfAction { action: at });
    }
    if b.get(..4).is_some_and(|w| w.eq_ignore_ascii_case(b"that")) {
        let comma = usize::from(b.get(4) == Some(&b','));
        let spaces = b[4 + comma..].iter().take_while(|&&c| c == b' ').count();
        return (spaces > 0).then_some(ClauseShape::Subjunctive {
            subject: at + 4 + comma + spaces,
        });
    }
    None
}

/// The shape of the clause `text` as the grammar reads it in `sk`.
fn clause_shape_of(text: &str, sk: &Skeleton<'_>) -> ClauseShape {
    let Ok(mut pairs) = ClauseParser::parse(CRule::clause, sk.text()) else {
        return ClauseShape::Empty;
    };
    let Some(clause) = pairs.next() else {
        return ClauseShape::Empty;
    };
    let mut lead = None;
    for p in clause.into_inner() {
        match p.as_rule() {
            CRule::lead => lead = Some(sk.span(p.as_span().start(), p.as_span().end())),
            CRule::self_action => {
                return ClauseShape::SelfAction {
                    action: sk.offset(p.as_span().start()),
                };
            }
            CRule::subjunctive => {
                let subject = p
                    .into_inner()
                    .find(|q| q.as_rule() == CRule::subject)
                    .map_or(text.len(), |q| sk.offset(q.as_span().start()));
                return ClauseShape::Subjunctive { subject };
            }
            CRule::infinitive_form => {
                let mut head = Head {
                    lead,
                    ..Head::default()
                };
                let mut action = text.len();
                for q in p.into_inner() {
                    match q.as_rule() {
                        CRule::addressees => read_head(q, &mut head, sk),
                        CRule::action_start => action = sk.offset(q.as_span().start()),
                        _ => {}
                    }
                }
                return ClauseShape::Infinitive { head, action };
            }
            CRule::nominal => {
                // No infinitive ends the addressee part: it runs on to
                // the end of the text.
                let head = Head {
                    lead,
                    end: text.len(),
                    ..Head::default()
                };
                return ClauseShape::Nominal { head };
            }
            _ => {}
        }
    }
    ClauseShape::Empty
}

/// The clause text with every bracket or quotation mark that opens no
/// group (see `group` in `grammar/clause.pest`) replaced by bytes the
/// grammar reads as plain characters, offsets unchanged. The grammar then
/// tries a group only where one closes, so an unclosed "(" can no longer
/// make it scan to the end again and again (which took exponential time).
///
/// Pairs are found the way the grammar reads them: "[...]", "“...”" and
/// "\"...\"" run to their first closing mark and are read whole; "(" pairs
/// with its ")" around nested groups.
///
/// Brackets nested more than [`MAX_NESTING`] deep are masked as well, with
/// their closing ones: `group` is the grammars' one recursive rule, and the
/// depth of its recursion, which takes the stack, is bounded here.
pub fn mask_unpaired(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut marks = Marks::new(b);
    let mut masked: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // Brackets open beyond the nesting allowed, masked with their pairs
    // (the innermost ones: the next ")" closes one of them first).
    let mut too_deep = 0usize;
    let mut i = 0;
    while let Some(at) = marks.next_from(i) {
        i = at;
        let rest = &text[i..];
        let closer = if rest.starts_with('[') {
            Some("]")
        } else if rest.starts_with('“') {
            Some("”")
        } else if rest.starts_with('"') {
            Some("\"")
        } else {
            None
        };
        if let Some(close) = closer {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            match rest[len..].find(close) {
                Some(k) => i += len + k + close.len(),
                None => {
                    masked.push((i, len));
                    i += len;
                }
            }
            continue;
        }
        match b[i] {
            b'(' if open.len() >= MAX_NESTING => {
                too_deep += 1;
                masked.push((i, 1));
            }
            b'(' => open.push(i),
            b')' if too_deep > 0 => {
                too_deep -= 1;
                masked.push((i, 1));
            }
            b')' if open.is_empty() => masked.push((i, 1)),
            b')' => {
                open.pop();
            }
            b']' => masked.push((i, 1)),
            0xE2 if rest.starts_with('”') => masked.push((i, '”'.len_utf8())),
            _ => {}
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    masked.extend(open.into_iter().map(|i| (i, 1)));
    if masked.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = b.to_vec();
    for (at, len) in masked {
        out[at..at + len].fill(MASK);
    }
    // Only whole characters were replaced, each by ASCII bytes.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// The bytes that can open or close a pair: ASCII marks, and the first
/// byte of “ and ” (each is the start of a character, so the scan may go
/// from one to the next). Found by two searches of three bytes each, whose
/// last answers are kept until the scan passes them: each part of the text
/// is searched once by each.
pub(crate) struct Marks<'a> {
    b: &'a [u8],
    /// Per search: where it last looked from, and what it found there.
    last: [(usize, Option<usize>); 2],
}

impl<'a> Marks<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Marks {
            b,
            last: [(usize::MAX, None); 2],
        }
    }

    /// The first mark at or after `from` (which never goes back from one
    /// call to the next).
    pub(crate) fn next_from(&mut self, from: usize) -> Option<usize> {
        let b = self.b;
        let rest = b.get(from..)?;
        let mut first = None;
        for (k, last) in self.last.iter_mut().enumerate() {
            // An answer still holds if it lies ahead, or if there was none
            // beyond a place before `from`.
            let holds = last.0 <= from && last.1.is_none_or(|at| at >= from);
            if !holds {
                let found = if k == 0 {
                    memchr::memchr3(b'(', b')', b'[', rest)
                } else {
                    memchr::memchr3(b']', b'"', 0xE2, rest)
                };
                *last = (from, found.map(|n| from + n));
            }
            first = match (first, last.1) {
                (Some(a), Some(c)) => Some(usize::min(a, c)),
                (a, c) => a.or(c),
            };
        }
        first
    }
}

/// The clause text with the "o" of every "to" that opens no action masked
/// (offsets unchanged), so that the grammar reads it as a plain word. "to"
/// is a preposition before a word of `to_prepositions` ("to the Office",
/// "referred to in paragraph 3") and before an -ing or -ed form that is no
/// verb of `verbs_ending_ing_ed` ("committed to reporting", "parties to
/// armed conflict", but "to proceed"); after a word of `inner_to_after` it
/// belongs to the addressee's description ("States that have yet to sign").
pub fn mask_prepositional_to<'a>(text: Cow<'a, str>, lang: &Language) -> Cow<'a, str> {
    let at: Vec<usize> = prepositional_to_at(&text, lang)
        .into_iter()
        .map(|(i, ..)| i)
        .collect();
    if at.is_empty() {
        return text;
    }
    let mut out = text.into_owned().into_bytes();
    for i in at {
        out[i + 1] = MASK;
    }
    // Only ASCII letters were replaced, each by an ASCII byte.
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Each "to" of `text` that is a preposition: the word after it and the
/// list of `rules/language.yaml` that says so.
pub fn prepositional_to<'t>(text: &'t str, lang: &Language) -> Vec<(&'t str, &'static str)> {
    prepositional_to_at(text, lang)
        .into_iter()
        .map(|(_, word, list)| (word, list))
        .collect()
}

fn prepositional_to_at<'t>(text: &'t str, lang: &Language) -> Vec<(usize, &'t str, &'static str)> {
    to_positions(text.as_bytes())
        .filter_map(|i| prepositional_at(text, i, lang).map(|(word, list)| (i, word, list)))
        .collect()
}

/// Whether the "to " (in any case) at `i` of `text` is a preposition: the
/// word after it and the list of `rules/language.yaml` that says so.
fn prepositional_at<'t>(
    text: &'t str,
    i: usize,
    lang: &Language,
) -> Option<(&'t str, &'static str)> {
    let b = text.as_bytes();
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let rest = &text[i + 3..];
    let word = &rest[..rest
        .bytes()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len())];
    if !word.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    if lang.to_prepositions.contains(word) {
        Some((word, "to_prepositions"))
    } else if lang.inner_to_after.contains(last_word(&text[..i])) {
        Some((word, "inner_to_after"))
    } else if participle(word, lang) {
        Some((word, "verbs_ending_ing_ed"))
    } else {
        None
    }
}

/// The last word of `s` after the white space that ends it: what follows
/// its last space, as `s.trim_end().rsplit(' ').next()`, found byte by byte
/// from the end (a word is a few bytes back).
pub(crate) fn last_word(s: &str) -> &str {
    let t = s.trim_end();
    let b = t.as_bytes();
    &t[b.iter().rposition(|&c| c == b' ').map_or(0, |k| k + 1)..]
}

/// The searches for the "o " and "O " that end each "to " (see
/// [`to_positions`]).
static O_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("o "));
static CAPITAL_O_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("O "));

/// Where each "to " (in any case) of `b` starts, in order: found by its "o
/// " (most "o"s are inside words, with no space after them), then its
/// "t" before. Two "to "s never overlap.
fn to_positions(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut small = O_SPACE.find_iter(b).peekable();
    let mut capital = CAPITAL_O_SPACE.find_iter(b).peekable();
    std::iter::from_fn(move || {
        loop {
            // The next "o " or "O ", the two searches merged in order.
            let o = match (small.peek(), capital.peek()) {
                (Some(s), Some(c)) if c < s => capital.next(),
                (Some(_), _) => small.next(),
                (None, _) => capital.next(),
            }?;
            if o > 0 && b[o - 1].eq_ignore_ascii_case(&b't') {
                return Some(o - 1);
            }
        }
    })
}

/// A lower-case word ending in -ing or -ed after at least one letter, other
/// than a verb that ends so.
pub fn participle(word: &str, lang: &Language) -> bool {
    let stem = word
        .strip_suffix("ing")
        .or_else(|| word.strip_suffix("ed"))
        .unwrap_or("");
    !stem.is_empty()
        && word.bytes().all(|c| c.is_ascii_lowercase())
        && !lang.verbs_ending_ing_ed.contains(word)
}

/// How deep brackets may nest and still be read as groups by the clause
/// grammar (its recursion takes the stack: pest runs without a guard of
/// its own, see Cargo.toml). Real clauses nest two or three deep.
pub const MAX_NESTING: usize = 32;

/// What an unpaired bracket becomes: a control character the grammar reads
/// as any other character, never found in cleaned text.
const MASK: u8 = 0x1A;

fn read_head(p: Pair<'_, CRule>, head: &mut Head, sk: &Skeleton<'_>) {
    head.end = sk.offset(p.as_span().end());
    for q in p.into_inner() {
        let s = sk.span(q.as_span().start(), q.as_span().end());
        match q.as_rule() {
            CRule::separator => head.separators.push(s),
            CRule::group => head.groups.push(s),
            CRule::relative => head.relatives.push(s),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `to_positions` read byte by byte.
    fn to_by_windows(b: &[u8]) -> Vec<usize> {
        b.windows(3)
            .enumerate()
            .filter(|(_, w)| {
                w[0].eq_ignore_ascii_case(&b't') && w[1].eq_ignore_ascii_case(&b'o') && w[2] == b' '
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// `mask_unpaired` read character by character.
    fn masked_by_chars(text: &str) -> String {
        let mut out = text.as_bytes().to_vec();
        let mut open = Vec::new();
        let mut skip_to = 0;
        for (i, c) in text.char_indices() {
            if i < skip_to {
                continue;
            }
            let after = i + c.len_utf8();
            let unpaired = match c {
                '[' | '“' | '"' => {
                    let close = [('[', ']'), ('“', '”'), ('"', '"')]
                        .into_iter()
                        .find_map(|(o, e)| (o == c).then_some(e))
                        .unwrap_or(c);
                    match text[after..].find(close) {
                        Some(k) => {
                            skip_to = after + k + close.len_utf8();
                            false
                        }
                        None => true,
                    }
                }
                // Each "(" with whether it is nested too deep; a ")" shares
                // the fate of the "(" it closes.
                '(' => {
                    open.push((i, open.len() >= MAX_NESTING));
                    false
                }
                ')' => match open.pop() {
                    Some((at, true)) => {
                        out[at] = MASK;
                        true
                    }
                    Some((_, false)) => false,
                    None => true,
                },
                ']' | '”' => true,
                _ => false,
            };
            if unpaired {
                out[i..after].fill(MASK);
            }
        }
        for (i, _) in open {
            out[i] = MASK;
        }
        String::from_utf8(out).unwrap()
    }

    proptest! {
        /// The last word before a place is what follows the last space
        /// once the white space is trimmed, as splitting gives it.
        #[test]
        fn the_last_word_is_that_of_a_split(s in "[ab \t\u{a0}\u{3000}é]{0,16}") {
            prop_assert_eq!(last_word(&s), s.trim_end().rsplit(' ').next().unwrap_or(""));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// A clause whose shape is told without a parse has the shape the
        /// grammar gives it, whatever follows: "to" before a verb or a
        /// preposition's word, "that" with a comma or not, in any case;
        /// plain addressees before the action, with the words and marks
        /// that make a group, a separator or a relative clause about them.
        #[test]
        fn the_shape_told_at_once_is_the_parsed_one(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    " ", "  ", "to ", "To ", "TO ", "to", "that", "That ", "THAT,", "that, ",
                    "that1", ",", ":", ";", "the ", "adopt ", "reporting ", "armed ", "yet ",
                    "proceed", "States ", "Togo ", "(", ")", "[", "]", "“", "”", "\"", "x", "é",
                    "’", "'", "-", ".", "/", "\u{a0}", "\u{1a}", "which ", "who", "whose ",
                    "in whose ", "do so", "1540 ",
                ]),
                1..14,
            ),
        ) {
            let lang = &crate::rules::RuleSet::defaults().language;
            let text = pieces.concat();
            if !text.trim_start_matches([' ', ',']).is_empty() {
                let opening = opening_shape(&text, lang);
                if let Some(shape) = &opening {
                    prop_assert_eq!(shape, &parsed_shape(&text, lang), "{:?}", text);
                }
                if let Some(shape) = plain_infinitive(&text, lang) {
                    prop_assert_eq!(&shape, &parsed_shape(&text, lang), "{:?}", text);
                }
                let t = text.trim_start_matches(' ');
                let told = t.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("that"))
                    || t.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("to "));
                if !told {
                    prop_assert!(opening.is_none(), "{:?}", text);
                }
            }
        }
    }

    #[test]
    fn plain_addressees_are_told_only_without_groups_separators_or_relatives() {
        // (text, told without a parse): a group or a relative clause
        // before the action, a leading phrase, an action of the body
        // itself are read by the grammar.
        let cases = [
            (" Member States to adopt", true),
            (" States parties to the Convention to adopt", true),
            (" the Secretary-General’s Envoy to report", true),
            (" the Office of the High Commissioner/UNHCR to report", true),
            (" all States, the Office; and UNDP to adopt", true),
            (" States: to adopt", true),
            (" to the Office, to adopt", true),
            (" , States, to adopt", false),
            (" States (parties) to adopt", false),
            (" States (to adopt) to report", false),
            (" States “to adopt” to report", false),
            (" States [parties] to adopt", false),
            (" the “Office” to adopt", false),
            (" the \"Office\" to adopt", false),
            (" States which have not yet done so to adopt", false),
            (" States whose laws allow it to adopt", false),
            (" States that are parties to adopt", false),
            (" States in whose territory to adopt", false),
        ];
        let lang = &crate::rules::RuleSet::defaults().language;
        for (text, told) in cases {
            let want = told.then(|| parsed_shape(text, lang));
            assert_eq!(plain_infinitive(text, lang), want, "{text:?}");
        }
    }

    proptest! {
        /// The search by "o " and "O " finds each "to " the byte-by-byte
        /// one does, in order.
        #[test]
        fn to_is_found_as_byte_by_byte(text in "[tToO ’a]{0,40}") {
            let b = text.as_bytes();
            for from in 0..=b.len() {
                prop_assert_eq!(
                    to_positions(&b[from..]).collect::<Vec<_>>(),
                    to_by_windows(&b[from..])
                );
            }
        }

        /// Going from mark to mark masks what a reading of every character
        /// masks, with text of other characters sharing a first byte with
        /// “ and ” (’, –, …).
        #[test]
        fn unpaired_marks_are_masked_as_character_by_character(
            text in "[()\\[\\]\"“”’–…a ]{0,40}"
        ) {
            prop_assert_eq!(mask_unpaired(&text).into_owned(), masked_by_chars(&text));
        }

        /// The same about the nesting allowed: brackets nested deeper are
        /// masked with their closing ones, those around them kept.
        #[test]
        fn brackets_nested_too_deep_are_masked_as_character_by_character(
            depth in (MAX_NESTING - 3)..(MAX_NESTING + 6),
            text in "[()\\[\\]a ]{0,40}",
        ) {
            let text = format!("a {}{text}", "(".repeat(depth));
            prop_assert_eq!(mask_unpaired(&text).into_owned(), masked_by_chars(&text));
        }
    }

    /// The clause grammar's recursion, in brackets nested far deeper than
    /// any text does, stays within the stack, and what the brackets hold
    /// is still read: the addressee, then the action.
    #[test]
    fn deep_brackets_in_the_addressees_are_read() {
        let lang = &crate::rules::RuleSet::defaults().language;
        let depth = 200_000;
        let t = format!(
            " the Secretary-General {}x{} to act",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let masked = mask_unpaired(&t);
        assert_eq!(masked.matches('(').count(), MAX_NESTING);
        assert_eq!(masked.matches(')').count(), MAX_NESTING);
        match clause_shape(&t, lang) {
            ClauseShape::Infinitive { head, action } => {
                assert_eq!(head.groups.len(), 1);
                assert_eq!(&t[action..], "to act");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Every way an annex heading or a closing line opens ends the part
    /// before it: the grammar looks for them only at lines that open so.
    #[test]
    fn annex_headings_and_closing_lines_end_the_part_before_them() {
        for (last, heading) in [
            ("1. Decides to remain seized of the matter.", "Annex I"),
            ("1. Decides to remain seized of the matter.", "ANNEX"),
            ("1. Decides to remain seized of the matter.", "appendix"),
            ("1. Decides to remain seized of the matter.", "Attachment"),
            (
                "1. Decides to remain seized of the matter.",
                "JCPOA Annex I – Nuclear-related measures",
            ),
            ("Recalling its resolutions,", "Annex"),
            ("Recalling its resolutions,", "JCPOA Annex II – Sanctions"),
        ] {
            let text = format!(
                "The General Assembly,\n\nNoting the report,\n\n{last}\n\n{heading}\n\nText of the annex."
            );
            let ast = parse(&text).expect("parses");
            assert_eq!(ast.annexes.len(), 1, "{heading}");
            assert_eq!(ast.annexes[0].heading.of(&text), heading);
        }
        for closing in [
            "[Adopted without a vote]",
            "[adopted by consensus]",
            "Adopted at the 8th plenary meeting",
            "72nd plenary meeting",
            "19 December 2017",
        ] {
            let text = format!(
                "The General Assembly,\n\nNoting the report,\n\n{closing}\n\n1. Decides to remain seized of the matter."
            );
            let ast = parse(&text).expect("parses");
            let part = &ast.parts[0];
            assert_eq!(part.preamble.len(), 1, "{closing}");
            assert!(
                matches!(part.operative.first(), Some(Item::Closing(_))),
                "{closing}: {:?}",
                part.operative.first()
            );
        }
    }

    #[test]
    fn clause_shapes() {
        let lang = &crate::rules::RuleSet::defaults().language;
        let t = " the Secretary-General to submit a report";
        match clause_shape(t, lang) {
            ClauseShape::Infinitive { head, action } => {
                assert_eq!(&t[..head.end].trim(), &"the Secretary-General");
                assert_eq!(&t[action..action + 9], "to submit");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            clause_shape(" to remain seized of the matter.", lang),
            ClauseShape::SelfAction { .. }
        ));
        assert!(matches!(
            clause_shape(
                " that Member States, as appropriate, adopt a comprehensive approach",
                lang
            ),
            ClauseShape::Subjunctive { .. }
        ));
        let t = " Member States that have not yet done so to consider ratifying";
        match clause_shape(t, lang) {
            ClauseShape::Infinitive { head, action } => {
                assert_eq!(head.relatives.len(), 1);
                assert!(t[action..].starts_with("to consider"));
            }
            other => panic!("{other:?}"),
        }
        let t = " Governments that face difficulties in guaranteeing it, or that are determined to take measures to implement these principles further, to consult";
        match clause_shape(t, lang) {
            ClauseShape::Infinitive { action, .. } => {
                assert!(t[action..].starts_with("to consult"))
            }
            other => panic!("{other:?}"),
        }
        // "to" before a determiner is a preposition, also where a shorter
        // determiner is a prefix of the word ("the" of "their", "a" of "all").
        for t in [
            " the Office to all Member States to provide",
            " the Office to their Governments to provide",
            " the Office to any State to provide",
            " the Office to these States to provide",
            " the Office, within its mandate and within paragraphs 3 and 4, to provide",
        ] {
            match clause_shape(t, lang) {
                ClauseShape::Infinitive { action, .. } => {
                    assert!(t[action..].starts_with("to provide"), "{t}")
                }
                other => panic!("{t}: {other:?}"),
            }
        }
        // "to" before an -ing or -ed form is a preposition, unless the word
        // is a verb that ends so ("proceed", "bring").
        for (t, action) in [
            (
                " States committed to reporting annually to consider",
                "to consider",
            ),
            (
                " States parties to interested organizations to share",
                "to share",
            ),
            (" the Office to proceed with the review", "to proceed"),
            (" the Office to bring its work to an end", "to bring"),
            (" the Office to need no further request", "to need"),
            (" the Office to seeding projects and to fund", "to fund"),
            (" the Office to Mr. Ed Smith to read", "to read"),
        ] {
            match clause_shape(t, lang) {
                ClauseShape::Infinitive { action: at, .. } => {
                    assert!(t[at..].starts_with(action), "{t}: {}", &t[at..])
                }
                other => panic!("{t}: {other:?}"),
            }
        }
        let t = " States whose nationals are affected to cooperate";
        match clause_shape(t, lang) {
            ClauseShape::Infinitive { head, .. } => assert_eq!(head.relatives.len(), 1),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            clause_shape(
                " to the General Assembly the adoption of the following draft resolution:",
                lang
            ),
            ClauseShape::Nominal { .. } | ClauseShape::Infinitive { .. }
        ));
    }
}
