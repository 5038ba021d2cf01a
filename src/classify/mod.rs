//! Stage 3: AST + rules -> obligations (+ diagnostics).
//!
//! Input: a decoded [`Source`], normalized ([`crate::normalize`]) and parsed
//! ([`crate::parse`]), and a [`RuleSet`]. Output: the [`Document`] of the
//! JSON contract: header fields, preamble, operative paragraphs with their
//! clauses, one [`Obligation`] per (clause, addressee), footnotes, annexes
//! and diagnostics. Every span in the output is a byte range of the file as
//! given. The same input always gives the same output.

pub mod actors;
pub mod clauses;
pub mod details;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{
    ActorId, Annex, Clause, Diagnostic, Document, DocumentInfo, Explain, Footnote, Obligation,
    ObligationId, OperativeParagraph, PreambularParagraph, Reference, ReferenceKind,
    SCHEMA_VERSION, Severity, Step, Strength, SubParagraph,
};
use crate::normalize::{Normalized, normalize};
use crate::offsets::Span;
use crate::parse::{self, Ast, ClauseShape, Item};
use crate::rules::lexicon::tokenize;
use crate::rules::{ActorRef, RuleSet};
use crate::source::Source;
use actors::{Addressee, Context, MODALS};
use clauses::{VerbMatch, clause_starts, verb_at};

/// Options of an extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Record which rules produced each obligation.
    pub explain: bool,
}

/// Why a document gave no extraction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("{name}: no operative paragraphs found; this does not look like a resolution")]
    NotAResolution { name: String },
    #[error("{name}: {error}")]
    Parse {
        name: String,
        error: parse::ParseError,
    },
}

/// Extracts the obligations of one document.
pub fn extract(src: &Source, rules: &RuleSet, opts: &Options) -> Result<Document, ExtractError> {
    let norm = normalize(&src.text);
    let ast = parse::parse(&norm.text).map_err(|error| ExtractError::Parse {
        name: src.name.clone(),
        error,
    })?;
    Extractor::new(src, &norm, &ast, rules, *opts).run()
}

/// An operative paragraph being assembled.
#[derive(Debug, Clone)]
struct Para {
    number: u32,
    /// Label of the part ("A") in a resolution of several parts.
    part: Option<String>,
    section: Option<String>,
    line: Span,
    text: Span,
    subs: Vec<(String, Span, Span)>,
    extra: Vec<Span>,
}

struct Extractor<'a> {
    src: &'a Source,
    norm: &'a Normalized,
    ast: &'a Ast,
    rules: &'a RuleSet,
    opts: Options,
    mentions: actors::Mentions<'a>,
    /// Offsets of the line breaks of the input, for line numbers.
    line_breaks: Vec<usize>,
    /// Abbreviations the document declares ("the Central African Republic (CAR)").
    aliases: Vec<(String, crate::rules::ActorRef)>,
    body: Option<(ActorId, String)>,
    diagnostics: Vec<Diagnostic>,
    /// The treaties a paragraph names (by the span of its text), read once
    /// for all its obligations.
    paragraph_treaties: std::cell::RefCell<HashMap<Span, Vec<String>>>,
}

impl<'a> Extractor<'a> {
    fn new(
        src: &'a Source,
        norm: &'a Normalized,
        ast: &'a Ast,
        rules: &'a RuleSet,
        opts: Options,
    ) -> Self {
        let mentions = actors::scan(rules, &norm.text);
        let body = ast
            .body
            .map(|s| s.of(&norm.text).to_string())
            .or_else(|| ast.fields.adopted_by.clone())
            .map(|name| (body_actor(&name, rules), name));
        let line_breaks = memchr::memchr_iter(b'\n', src.text.as_bytes()).collect();
        Extractor {
            src,
            norm,
            ast,
            rules,
            opts,
            mentions,
            line_breaks,
            aliases: actors::declared_aliases(&norm.text, rules),
            body,
            diagnostics: Vec::new(),
            paragraph_treaties: Default::default(),
        }
    }

    fn clean(&self) -> &'a str {
        &self.norm.text
    }

    /// The file span of a clean-text span.
    fn file_span(&self, s: Span) -> Span {
        let r = self.norm.map.span(s.range(), &self.src.text);
        Span::new(self.src.file_offset(r.start), self.src.file_offset(r.end))
    }

    /// The 1-based line in the file of a clean-text offset.
    fn line_of(&self, pos: usize) -> usize {
        let at = self.norm.map.to_original(pos);
        self.line_breaks.partition_point(|&b| b < at) + 1
    }

    fn run(mut self) -> Result<Document, ExtractError> {
        let (preamble_items, paras, annexes) = self.structure();
        if paras.is_empty() {
            return Err(ExtractError::NotAResolution {
                name: self.src.name.clone(),
            });
        }
        self.check_numbering(&paras);
        self.check_coverage();
        let preamble = self.preamble(&preamble_items);
        let mut operative = Vec::new();
        let mut obligations = Vec::new();
        let multi_part = paras.iter().any(|p| p.part.is_some());
        for p in &paras {
            let (op, obs) = self.paragraph(p, multi_part);
            operative.push(op);
            obligations.extend(obs);
        }
        let footnotes = self.footnotes();
        let document = self.info();
        Ok(Document {
            schema_version: SCHEMA_VERSION,
            document,
            preamble,
            operative,
            obligations,
            footnotes,
            annexes,
            diagnostics: self.diagnostics,
        })
    }

    /// Preambular paragraphs, operative paragraphs and annexes of the AST,
    /// with unnumbered operative parts numbered in order.
    fn structure(&mut self) -> (Vec<Span>, Vec<Para>, Vec<Annex>) {
        let clean = self.clean();
        let mut preamble = Vec::new();
        let mut paras: Vec<Para> = Vec::new();
        let mut annexes = Vec::new();
        let several = self.ast.parts.len() > 1;
        // The first part's letter stands in the front matter ("A" just
        // before "The Security Council,").
        let first_label = self
            .ast
            .header
            .last()
            .map(|s| s.of(clean))
            .filter(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_string);
        for (pi, part) in self.ast.parts.iter().enumerate() {
            let label = match (several, pi) {
                (false, _) => None,
                (true, 0) => part.label.clone().or_else(|| first_label.clone()),
                (true, _) => part.label.clone(),
            };
            let numbered = part.operative.iter().any(|i| {
                matches!(
                    i,
                    Item::Paragraph {
                        number: Some(_),
                        ..
                    }
                )
            });
            let mut section: Option<String> = None;
            let mut items: Vec<&Item> = Vec::new();
            if numbered {
                for it in &part.preamble {
                    self.push_preamble(&mut preamble, it);
                }
                items.extend(&part.operative);
            } else {
                // No numbered paragraph: the operative part starts at the
                // first paragraph that opens with an operative verb.
                let all: Vec<&Item> = part.preamble.iter().chain(&part.operative).collect();
                let first_op = all.iter().position(|it| match it {
                    Item::Paragraph { text, .. } => self.is_operative_start(text.of(clean)),
                    _ => false,
                });
                let split = first_op.unwrap_or(all.len());
                for it in &all[..split] {
                    self.push_preamble(&mut preamble, it);
                }
                let mut n = 0;
                for it in &all[split..] {
                    match it {
                        Item::Paragraph { line, text, .. }
                            if self.is_operative_start(text.of(clean)) =>
                        {
                            n += 1;
                            paras.push(Para {
                                number: n,
                                part: label.clone(),
                                section: section.clone(),
                                line: *line,
                                text: *text,
                                subs: Vec::new(),
                                extra: Vec::new(),
                            });
                        }
                        Item::Paragraph { line, .. }
                            if paras.is_empty() || text_ends_preamble(line.of(clean)) =>
                        {
                            preamble.push(*line)
                        }
                        other => attach(&mut paras, other, &mut section),
                    }
                }
                if first_op.is_some() {
                    self.note(
                        Severity::Info,
                        "unnumbered",
                        "the operative paragraphs are not numbered; they are numbered 1, 2, ... in order".into(),
                        None,
                    );
                }
                continue;
            }
            let first_of_part = paras.len();
            // A numbered list inside a paragraph ("11. Approves the following
            // agenda:" then "1. Opening ...", "2. ..."): (parent, next item).
            let mut nested: Option<(u32, u32)> = None;
            for it in items {
                let numbered = match it {
                    Item::Paragraph {
                        number: Some(n),
                        line,
                        text,
                    } => Some((*n, *line, *text)),
                    other => {
                        self.ocr_number(other, paras[first_of_part..].last().map(|p| p.number))
                    }
                };
                let Some((n, line, text)) = numbered else {
                    attach(&mut paras, it, &mut section);
                    continue;
                };
                if let Some(last) = paras[first_of_part..].last_mut() {
                    let opens_list = n == 1 && last.number >= 1 && ends_with_colon(last, clean);
                    match nested {
                        Some((_, next)) if n == next => {}
                        Some((parent, _)) if n == parent + 1 => nested = None,
                        Some(_) => nested = None,
                        None if opens_list => nested = Some((last.number, 1)),
                        None => {}
                    }
                    if let Some((parent, next)) = nested.as_mut()
                        && n == *next
                    {
                        last.subs.push((n.to_string(), line, text));
                        *next += 1;
                        let _ = parent;
                        continue;
                    }
                }
                paras.push(Para {
                    number: n,
                    part: label.clone(),
                    section: section.clone(),
                    line,
                    text,
                    subs: Vec::new(),
                    extra: Vec::new(),
                });
            }
        }
        if let Some(a) = &self.ast.adoption {
            paras.push(Para {
                number: 1,
                part: None,
                section: None,
                line: a.paragraph,
                text: a.paragraph,
                subs: Vec::new(),
                extra: Vec::new(),
            });
            if let (Some(first), Some(last)) = (a.text.first(), a.text.last()) {
                annexes.push(Annex {
                    heading: "adopted text".into(),
                    paragraphs: a.text.len(),
                    span: self.file_span(Span::new(first.start, last.end)),
                });
            }
        }
        for a in &self.ast.annexes {
            let end = a.lines.last().map_or(a.heading.end, |l| l.end);
            annexes.push(Annex {
                heading: a.heading.of(clean).to_string(),
                paragraphs: a.lines.len(),
                span: self.file_span(Span::new(a.heading.start, end)),
            });
        }
        (preamble, paras, annexes)
    }

    /// A paragraph whose number was misread by OCR ("S." for 5, "l." for
    /// one) and that stands where that number is due, opening with an
    /// operative verb.
    fn ocr_number(&self, item: &Item, last: Option<u32>) -> Option<(u32, Span, Span)> {
        let line = match item {
            Item::Continuation(s) | Item::Heading { line: s, .. } => *s,
            _ => return None,
        };
        let t = line.of(self.clean());
        let (num, rest) = t.split_once(". ")?;
        if num.is_empty() || num.len() > 3 {
            return None;
        }
        let digits: String = num
            .chars()
            .map(|c| match c {
                'S' => '5',
                'l' | 'I' => '1',
                'O' => '0',
                c => c,
            })
            .collect();
        let n: u32 = digits.parse().ok()?;
        let due = last.map_or(1, |l| l + 1);
        let at = t.len() - rest.len();
        (n == due && num != digits && self.is_operative_start(rest))
            .then(|| (n, line, Span::new(line.start + at, line.end)))
    }

    /// Does a paragraph open with an operative verb (and not end like a
    /// preambular one)?
    fn is_operative_start(&self, text: &str) -> bool {
        let leads = &self.rules.leads;
        if leads.longest(&leads.head_tokens(text, 0), 0).is_some() && !text_ends_operative(text) {
            return false;
        }
        verb_at(text, 0, self.rules).is_some_and(|v| v.start == 0) && !text_ends_preamble(text)
    }

    fn note(&mut self, severity: Severity, code: &str, message: String, line: Option<usize>) {
        self.diagnostics.push(Diagnostic {
            severity,
            code: code.into(),
            message,
            line,
        });
    }

    /// Warns about input text that lands nowhere (see [`crate::coverage`]).
    fn check_coverage(&mut self) {
        for r in crate::coverage::lost_text(&self.src.text, self.norm, self.ast) {
            let text: String = self.src.text[r.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let shown: String = text.chars().take(80).collect();
            let line = self.src.text.as_bytes()[..r.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            self.note(
                Severity::Warning,
                "text-lost",
                format!("{} bytes of text land in no paragraph: {shown:?}", r.len()),
                Some(line),
            );
        }
    }

    /// Warns about gaps and duplicates in paragraph numbers (per part).
    fn check_numbering(&mut self, paras: &[Para]) {
        let mut by_part: BTreeMap<Option<String>, Vec<&Para>> = BTreeMap::new();
        for p in paras {
            by_part.entry(p.part.clone()).or_default().push(p);
        }
        for (part, ps) in by_part {
            let label = part.map(|p| format!(" in part {p}")).unwrap_or_default();
            let mut expected = 1;
            let mut seen = BTreeSet::new();
            for p in ps {
                let line = Some(self.line_of(p.line.start));
                if !seen.insert(p.number) {
                    self.note(
                        Severity::Warning,
                        "numbering-duplicate",
                        format!("paragraph {} appears twice{label}", p.number),
                        line,
                    );
                } else if p.number > expected {
                    let missing = if p.number == expected + 1 {
                        format!("paragraph {expected} is missing")
                    } else {
                        format!("paragraphs {expected} to {} are missing", p.number - 1)
                    };
                    self.note(
                        Severity::Warning,
                        "numbering-gap",
                        format!(
                            "{missing}{label} (the paragraph before {} has number {})",
                            p.number,
                            expected - 1
                        ),
                        line,
                    );
                } else if p.number < expected {
                    self.note(
                        Severity::Warning,
                        "numbering-order",
                        format!(
                            "paragraph {} comes after paragraph {}{label}",
                            p.number,
                            expected - 1
                        ),
                        line,
                    );
                }
                expected = expected.max(p.number + 1);
            }
        }
    }

    /// Adds a preamble line: a paragraph starts a new preambular
    /// paragraph; lettered items and continuations belong to the one before
    /// ("Reaffirming that the Plan was developed: (a) ..."); headings and
    /// page notes ("Participation", "* Reissued for technical reasons")
    /// are none.
    fn push_preamble(&self, preamble: &mut Vec<Span>, it: &Item) {
        match it {
            Item::Paragraph { line, .. } => {
                let text = line.of(self.clean()).trim_start();
                // "(1990) of 25 August 1990, ...": a paragraph cut at a line
                // that the conversion started with a bracket or in lower case.
                let cut = text.starts_with(char::is_lowercase)
                    || text.starts_with('(') && text[1..].starts_with(|c: char| c.is_ascii_digit());
                match preamble.last_mut() {
                    Some(last) if cut => last.end = last.end.max(line.end),
                    _ if self.preamble_heading(text) => {}
                    _ => preamble.push(*line),
                }
            }
            Item::Sub { line, .. } | Item::Continuation(line) => {
                if let Some(last) = preamble.last_mut() {
                    last.end = last.end.max(line.end);
                }
            }
            Item::Heading { .. } | Item::Closing(_) => {}
        }
    }

    /// A line of the preamble that is a heading or a note, not a paragraph:
    /// a note mark, or a short line that neither opens with a preambular
    /// lead nor ends like a paragraph.
    fn preamble_heading(&self, text: &str) -> bool {
        let t = text.trim();
        if t.starts_with('*') {
            return true;
        }
        let ends_like_paragraph = t.ends_with([',', ';', ':', '.']);
        if ends_like_paragraph || t.len() >= 200 {
            return false;
        }
        let leads = &self.rules.leads;
        leads.longest(&leads.head_tokens(t, 0), 0).is_none()
    }

    fn preamble(&self, items: &[Span]) -> Vec<PreambularParagraph> {
        let clean = self.clean();
        items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let text = s.of(clean);
                PreambularParagraph {
                    index: i as u32 + 1,
                    lead: lead_of(text, self.rules),
                    // Lettered items joined to their paragraph, one space
                    // between.
                    text: text.replace("\n\n", " "),
                    span: self.file_span(*s),
                }
            })
            .collect()
    }

    fn footnotes(&mut self) -> Vec<Footnote> {
        let defined: BTreeSet<u32> = self.norm.footnotes.iter().map(|f| f.number).collect();
        let cited: BTreeSet<u32> = self.norm.markers.iter().map(|m| m.number).collect();
        if !defined.is_empty() {
            let undefined: Vec<String> =
                cited.difference(&defined).map(|n| n.to_string()).collect();
            if !undefined.is_empty() {
                self.note(
                    Severity::Warning,
                    "footnote-undefined",
                    format!(
                        "footnote markers without a definition: {}",
                        undefined.join(", ")
                    ),
                    None,
                );
            }
            let unused: Vec<String> = defined.difference(&cited).map(|n| n.to_string()).collect();
            if !unused.is_empty() {
                self.note(
                    Severity::Info,
                    "footnote-uncited",
                    format!(
                        "footnotes defined but not cited in the text: {}",
                        unused.join(", ")
                    ),
                    None,
                );
            }
        }
        self.norm
            .footnotes
            .iter()
            .map(|f| Footnote {
                number: f.number,
                text: f.text.clone(),
                span: Span::new(
                    self.src.file_offset(f.span.start),
                    self.src.file_offset(f.span.end),
                ),
            })
            .collect()
    }

    fn info(&self) -> DocumentInfo {
        let f = &self.ast.fields;
        let clean = self.clean();
        let body = self.body.as_ref().map(|(_, n)| n.clone());
        let session = f.session.as_deref().and_then(|s| {
            s.parse::<u32>()
                .ok()
                .or_else(|| details::ordinal(s))
                .or_else(|| details::ordinal(&s.to_lowercase()))
        });
        let session = session.or_else(|| {
            f.resolution_number
                .as_deref()
                .and_then(|n| n.split('/').next())
                .and_then(|s| s.parse().ok())
        });
        // The adoption date: in the header, else in the closing lines
        // ("92nd plenary meeting" / "19 December 1994"); else the date of
        // distribution, else a date standing alone in the header.
        let closing = || {
            let items = self.ast.parts.iter().flat_map(|p| &p.operative);
            let closings = items.filter_map(|i| match i {
                Item::Closing(s) => Some(*s),
                _ => None,
            });
            let adoption = self
                .ast
                .adoption
                .iter()
                .flat_map(|a| a.closing.iter().copied());
            closings
                .chain(adoption)
                .chain(self.ast.trailing.iter().copied())
                .flat_map(|t| t.of(clean).lines())
                .find_map(|l| {
                    // "65th plenary meeting 19 December 2016" or the date alone
                    let l = l.trim();
                    let date = l.find(" meeting ").map_or(l, |at| l[at + 9..].trim());
                    (date.split_whitespace().count() == 3)
                        .then(|| details::iso_date(date))
                        .flatten()
                })
        };
        // A draft is not adopted yet: its date is its distribution date.
        let distributed = || f.distribution_date.as_deref().and_then(details::iso_date);
        let draft = f.kind.as_deref().is_some_and(|k| k.contains("draft"));
        let date = f
            .adoption_date
            .as_deref()
            .and_then(details::iso_date)
            .or_else(|| if draft { distributed() } else { None })
            .or_else(closing)
            .or_else(distributed)
            .or_else(|| f.line_date.as_deref().and_then(details::iso_date));
        let symbol = f
            .symbol
            .clone()
            .filter(|s| s.contains("/RES/") || s.contains("/L."))
            .or_else(|| {
                let body = body.as_deref()?;
                if let Some((n, y)) = &f.sc_resolution {
                    return Some(format!("S/RES/{n} ({y})"));
                }
                let number = f.resolution_number.as_deref()?;
                Some(match body {
                    "General Assembly" => format!("A/RES/{number}"),
                    "Human Rights Council" => format!("A/HRC/RES/{number}"),
                    "Economic and Social Council" => format!("E/RES/{number}"),
                    _ => return None,
                })
            });
        let kind = f.kind.clone().or_else(|| {
            (f.adoption_date.is_some()
                || f.resolution_number.is_some()
                || f.sc_resolution.is_some())
            .then(|| "resolution".to_string())
        });
        DocumentInfo {
            source: self.src.name.clone(),
            body,
            session,
            committee: f.committee.clone(),
            agenda_item: f.agenda_item.clone(),
            sponsors: f.sponsors.clone(),
            kind,
            date,
            symbol,
            title: f.title.map(|t| t.of(clean).trim().to_string()),
            body_actor: self.body.as_ref().map(|(a, _)| a.clone()),
            distribution: f.distribution.as_ref().map(|d| d.to_lowercase()),
        }
    }

    /// One operative paragraph: its clauses and obligations.
    fn paragraph(&mut self, p: &Para, multi_part: bool) -> (OperativeParagraph, Vec<Obligation>) {
        let clean = self.clean();
        // "58. (a) Requests ...": the paragraph's text is its first
        // sub-paragraph.
        let mut subs = p.subs.clone();
        let mut main = p.text;
        if let Some((label, rest)) = leading_label(main.of(clean)) {
            let start = main.end - rest.len();
            subs.insert(0, (label, main, Span::new(start, main.end)));
            main = Span::new(main.start, main.start);
        }
        let mut clauses: Vec<Clause> = Vec::new();
        let mut obligations: Vec<Obligation> = Vec::new();
        let mut previous: Vec<Addressee> = Vec::new();
        let prefix = match (&p.part, multi_part) {
            (Some(l), true) => format!("{l}."),
            _ => String::new(),
        };
        let mut segments: Vec<(Option<String>, Span)> = Vec::new();
        if !main.is_empty() {
            segments.push((None, main));
        }
        // Sub-paragraphs that open with their own verb are clauses; the
        // others are steps of the clause before them.
        let mut steps: Vec<Step> = Vec::new();
        for (label, _, text) in &subs {
            if verb_at(text.of(clean), 0, self.rules).is_some_and(|v| v.start == 0) {
                segments.push((Some(label.clone()), *text));
            } else if segments.len() <= 1 {
                steps.push(Step {
                    label: label.clone(),
                    text: trim_end_punct(text.of(clean)).to_string(),
                });
            }
        }
        // A line without a number after the paragraph (a number the
        // conversion lost): read with the paragraph, its clauses too when it
        // opens with an operative verb.
        for e in &p.extra {
            let t = e.of(clean);
            if self.is_operative_start(t) {
                segments.push((None, *e));
                let shown: String = t.chars().take(60).collect();
                let line = Some(self.line_of(e.start));
                self.note(
                    Severity::Warning,
                    "unnumbered-paragraph",
                    format!(
                        "a line opens with an operative verb but has no number; it is read as part of paragraph {}: {shown:?}",
                        p.number
                    ),
                    line,
                );
            }
        }
        segments.sort_by_key(|(_, s)| s.start);
        let mut step_target: Option<(usize, usize)> = None; // obligations range of the last main clause
        // Obligations still waiting for the action of the clause after them.
        let mut unfilled: Vec<usize> = Vec::new();
        for (si, (label, seg)) in segments.iter().enumerate() {
            let mut pending: Option<(usize, usize)> = None;
            let text = seg.of(clean);
            let starts = clause_starts(text, self.rules);
            for (k, v) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(text.len(), |n| n.start);
                let body = trim_clause_end(&text[v.start..end]);
                let cspan = Span::new(seg.start + v.start, seg.start + v.start + body.len());
                let verb = &self.rules.verbs[v.rule];
                let index = clauses.len() as u32 + 1;
                clauses.push(Clause {
                    index,
                    verb: v.verb.clone(),
                    strength: verb.strength,
                    rule: format!("verbs/{}", verb.id),
                    span: self.file_span(cspan),
                });
                if verb.strength == Strength::Declaratory {
                    continue;
                }
                let first = obligations.len();
                let at = ClauseAt {
                    p,
                    prefix: &prefix,
                    sub: label.as_deref(),
                    index,
                    v,
                    cspan,
                };
                let (found, awaits_action) = self.clause_obligations(&at, &previous);
                if !found.is_empty() {
                    previous = found.iter().map(|(a, _)| a.clone()).collect();
                }
                let has_action = found.iter().any(|(_, o)| !o.action.is_empty());
                obligations.extend(found.into_iter().map(|(_, o)| o));
                // "Requests the Office, and invites the Board, to assist ...":
                // the addressees of a clause without an action share the
                // action of the clause that follows it.
                if let Some((a, b)) = pending.take()
                    && has_action
                {
                    share_action(&mut obligations, a..b, first);
                    unfilled.retain(|i| !(a..b).contains(i));
                }
                if awaits_action && obligations.len() > first && k + 1 < starts.len() {
                    pending = Some((first, obligations.len()));
                }
                if awaits_action {
                    unfilled.extend(first..obligations.len());
                }
                if si == 0 && label.is_none() {
                    step_target = Some((first, obligations.len()));
                }
            }
        }
        if !steps.is_empty()
            && let Some((a, b)) = step_target
        {
            let steps_text: String = steps
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            for o in &mut obligations[a..b] {
                o.steps = steps.clone();
                if o.action.is_empty() {
                    o.action = steps
                        .iter()
                        .map(|s| format!("({}) {}", s.label, s.text))
                        .collect::<Vec<_>>()
                        .join(" ");
                }
                // Qualifiers, deadlines and references in the steps.
                let (qs, ids) = details::qualifiers(&steps_text, "", self.rules);
                for (q, id) in qs.into_iter().zip(ids) {
                    if !o.qualifiers.iter().any(|x| x.kind == q.kind) {
                        if let Some(e) = o.explain.as_mut() {
                            e.qualifiers.push(id);
                        }
                        o.qualifiers.push(q);
                    }
                }
                if o.deadline.is_none() {
                    o.deadline = details::deadline(&steps_text, self.rules).map(|(d, _)| d);
                }
                for r in details::references(&steps_text, self.rules, self.body_name()) {
                    if !o.references.iter().any(|x| x.text == r.text) {
                        o.references.push(r);
                    }
                }
            }
        }
        // An addressee whose clause found no action to share is no
        // obligation ("Calls upon the Office, and notes ...").
        let mut i = 0;
        obligations.retain(|_| {
            i += 1;
            !unfilled.contains(&(i - 1))
        });
        let last = subs
            .last()
            .map_or(p.line.end, |(_, l, _)| l.end)
            .max(p.extra.last().map_or(0, |e| e.end));
        let op = OperativeParagraph {
            number: p.number,
            part: if multi_part { p.part.clone() } else { None },
            section: p.section.clone(),
            text: std::iter::once(p.text)
                .chain(p.extra.iter().copied())
                .map(|s| s.of(clean))
                .filter(|t| !heading_like(t) || self.is_operative_start(t))
                .collect::<Vec<_>>()
                .join(" "),
            subparagraphs: subs
                .iter()
                .map(|(label, line, text)| SubParagraph {
                    label: label.clone(),
                    text: text.of(clean).to_string(),
                    span: self.file_span(*line),
                })
                .collect(),
            clauses,
            span: self.file_span(Span::new(p.line.start, last)),
        };
        (op, obligations)
    }

    fn body_name(&self) -> Option<&str> {
        self.body.as_ref().map(|(_, n)| n.as_str())
    }

    /// The obligations of one clause (clean span `cspan`), with the
    /// addressee of each.
    fn clause_obligations(
        &self,
        at: &ClauseAt<'_>,
        previous: &[Addressee],
    ) -> (Vec<(Addressee, Obligation)>, bool) {
        let &ClauseAt { v, cspan, .. } = at;
        let clean = self.clean();
        let verb = &self.rules.verbs[v.rule];
        let mut awaits_action = false;
        let verb_end = cspan.start + (v.end - v.start);
        let rest_span = Span::new(verb_end.min(cspan.end), cspan.end);
        let rest = rest_span.of(clean);
        let ctx = Context {
            rules: self.rules,
            clean,
            mentions: &self.mentions,
            aliases: &self.aliases,
        };
        let body_addressee = || {
            self.body.as_ref().map(|(id, name)| Addressee {
                actor: id.clone(),
                text: name.clone(),
                span: Span::new(cspan.start, cspan.start),
                how: format!(
                    "the adopting body acting itself (verbs/{} allows it)",
                    verb.id
                ),
                condition: None,
                instrument: None,
                antecedent: None,
            })
        };
        // The addressees and the start of the action stand near the verb;
        // a longer reach would only find what is not there.
        // "Reiterates its request that all States report ...": the verb
        // phrase holds the "that".
        if clean[..rest_span.start].ends_with(" that") {
            let targets = subjunctive(rest_span, &ctx);
            return (self.obligations_of(at, targets), false);
        }
        let head_reach = &rest[..floor(rest, 400)];
        let (who, action): (Vec<Addressee>, Span) = match parse::clause_shape(head_reach) {
            ClauseShape::SelfAction { action } if verb.self_action => (
                body_addressee().into_iter().collect(),
                Span::new(rest_span.start + action, rest_span.end),
            ),
            ClauseShape::Subjunctive { subject } => {
                let s = Span::new(rest_span.start + subject, rest_span.end);
                let targets = subjunctive(s, &ctx);
                return (self.obligations_of(at, targets), false);
            }
            ClauseShape::Infinitive { head, action } => {
                let head_text = &head_reach[..head.end];
                if verb.nominal && head_text.trim_start().starts_with("to ") {
                    self.nominal(rest_span, &ctx)
                } else {
                    let shift =
                        |s: &Span| Span::new(s.start + rest_span.start, s.end + rest_span.start);
                    let groups: Vec<Span> = head.groups.iter().map(shift).collect();
                    let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
                    let from = head.lead.map_or(0, |l| l.end);
                    let list = actors::addressees(
                        &head_text[from.min(head_text.len())..],
                        rest_span.start + from,
                        &groups,
                        &relatives,
                        &ctx,
                        previous,
                    );
                    let list = if list.is_empty() && verb.self_action && head.lead.is_some() {
                        body_addressee().into_iter().collect()
                    } else {
                        list
                    };
                    (list, Span::new(rest_span.start + action, rest_span.end))
                }
            }
            ClauseShape::Nominal { .. } if verb.nominal => self.nominal(rest_span, &ctx),
            // "Requests the Office, and invites the Board, to assist ...":
            // addressees whose action is the next clause's (empty here).
            ClauseShape::Nominal { head } if !verb.named_only => {
                let shift =
                    |s: &Span| Span::new(s.start + rest_span.start, s.end + rest_span.start);
                let groups: Vec<Span> = head.groups.iter().map(shift).collect();
                let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
                let list =
                    actors::addressees(rest, rest_span.start, &groups, &relatives, &ctx, previous);
                // Only names: "Calls for the cessation of ..., and urges"
                // names a thing, not an addressee.
                let list = list
                    .into_iter()
                    .filter(|a| actors::starts_with_name(&a.text, &ctx))
                    .collect();
                awaits_action = true;
                (list, Span::new(rest_span.end, rest_span.end))
            }
            _ => (Vec::new(), rest_span),
        };
        let mut targets: Vec<Target> = Vec::new();
        let mut action = vec![action];
        if !who.is_empty() {
            // "to consider ratifying ..., and for States parties to implement ...":
            // a second addressee with its own action.
            let (own, more) = gapped(action[0], &ctx, previous);
            action = own;
            targets.extend(who.into_iter().map(|a| Target {
                who: a,
                action: action.clone(),
                scope: rest_span,
            }));
            targets.extend(more);
        }
        (self.obligations_of(at, targets), awaits_action)
    }

    /// The obligations of `targets` (addressees and their actions) in one
    /// clause.
    fn obligations_of(
        &self,
        at: &ClauseAt<'_>,
        targets: Vec<Target>,
    ) -> Vec<(Addressee, Obligation)> {
        let v = at.v;
        let clean = self.clean();
        let verb = &self.rules.verbs[v.rule];
        // "Calls for the immediate release of ...": only known addressees.
        let targets: Vec<Target> = if verb.named_only {
            targets
                .into_iter()
                .filter(|t| !t.who.actor.is_other())
                .collect()
        } else {
            targets
        };
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        // Addressees of one clause mostly share their action: read its
        // qualifiers, deadline and references once.
        let mut cache: HashMap<(Span, String), Details> = HashMap::new();
        targets
            .into_iter()
            .map(|t| {
                let action_text = clean_action(
                    &t.action
                        .iter()
                        .map(|s| s.of(clean).trim())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                let details = cache
                    .entry((t.scope, action_text.clone()))
                    .or_insert_with(|| self.details(at.cspan, t.scope, &action_text))
                    .clone();
                let o = self.obligation(at, &t, action_text, details, &mut seen);
                (t.who, o)
            })
            .collect()
    }

    /// The qualifiers (read in `scope`), deadline and references of an
    /// action, with the footnotes marked in clause `cspan`.
    fn details(&self, cspan: Span, scope: Span, action_text: &str) -> Details {
        let (qualifiers, qids) =
            details::qualifiers(scope.of(self.clean()), action_text, self.rules);
        let deadline = details::deadline(action_text, self.rules);
        let mut references = details::references(action_text, self.rules, self.body_name());
        for m in &self.norm.markers {
            if m.at > cspan.start
                && m.at <= cspan.end
                && !references.iter().any(|r| {
                    r.kind == ReferenceKind::Footnote
                        && r.id.as_deref() == Some(&m.number.to_string())
                })
            {
                let text = self
                    .norm
                    .footnotes
                    .iter()
                    .find(|f| f.number == m.number)
                    .map_or_else(String::new, |f| f.text.clone());
                references.push(Reference {
                    kind: ReferenceKind::Footnote,
                    text,
                    id: Some(m.number.to_string()),
                    url: None,
                });
            }
        }
        Details {
            qualifiers,
            qids,
            deadline,
            references,
        }
    }

    /// One obligation: `t`'s addressee and action in clause `index`.
    fn obligation(
        &self,
        at: &ClauseAt<'_>,
        t: &Target,
        action_text: String,
        details: Details,
        seen: &mut BTreeMap<String, u32>,
    ) -> Obligation {
        let &ClauseAt {
            p,
            prefix,
            sub,
            index,
            v,
            cspan,
        } = at;
        let verb = &self.rules.verbs[v.rule];
        let a = &t.who;
        let Details {
            qualifiers,
            qids,
            deadline,
            references,
        } = details;
        let n = seen.entry(a.actor.0.clone()).or_insert(0);
        *n += 1;
        let suffix = if *n > 1 {
            format!("-{n}")
        } else {
            String::new()
        };
        let id = format!("{prefix}op{}.{index}.{}{suffix}", p.number, a.actor);
        let explain = self.opts.explain.then(|| Explain {
            verb: self.origin("verbs", &verb.id),
            actor: match (a.antecedent, a.how.rsplit_once(" @")) {
                (Some(at), Some((how, _))) => {
                    format!("{how} (last named on line {})", self.line_of(at))
                }
                _ => a.how.clone(),
            },
            qualifiers: qids.clone(),
            condition: a.condition.as_ref().map(|(_, r)| r.clone()),
            deadline: deadline.as_ref().map(|(_, r)| r.clone()),
        });
        let instruments = if a.actor.as_str() == "states-parties" {
            self.instruments_meant(a.instrument.as_deref(), &references, p)
        } else {
            Vec::new()
        };
        Obligation {
            id: ObligationId(id),
            paragraph: p.number,
            part: (!prefix.is_empty()).then(|| p.part.clone()).flatten(),
            subparagraph: sub.map(str::to_string),
            clause: index,
            verb: v.verb.clone(),
            strength: verb.strength,
            actor: a.actor.clone(),
            actor_text: a.text.clone(),
            action: action_text,
            qualifiers,
            condition: a.condition.as_ref().map(|(c, _)| c.clone()),
            deadline: deadline.as_ref().map(|(d, _)| d.clone()),
            references,
            steps: Vec::new(),
            instrument: a.instrument.clone(),
            instruments,
            span: self.file_span(cspan),
            explain,
        }
    }

    /// The treaties a `states-parties` addressee means: named with it, else
    /// named in the clause, else named in the paragraph.
    fn instruments_meant(&self, named: Option<&str>, refs: &[Reference], p: &Para) -> Vec<String> {
        let ids = |text: &str| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for (_, id, _) in details::treaties(text, self.rules) {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
            v
        };
        if let Some(n) = named {
            let v = ids(n);
            if !v.is_empty() {
                return v;
            }
        }
        let v: Vec<String> = refs
            .iter()
            .filter(|r| r.kind == ReferenceKind::Treaty)
            .filter_map(|r| r.id.clone())
            .collect();
        if !v.is_empty() {
            return v;
        }
        self.paragraph_treaties
            .borrow_mut()
            .entry(p.text)
            .or_insert_with(|| ids(p.text.of(self.clean())))
            .clone()
    }

    /// "Recommends to the General Assembly the adoption of ...": the
    /// addressee after "to", the action a noun phrase.
    fn nominal(&self, rest: Span, ctx: &Context<'_>) -> (Vec<Addressee>, Span) {
        let text = rest.of(ctx.clean);
        let Some(at) = text.find("to ") else {
            return (Vec::new(), rest);
        };
        let s = Span::new(rest.start + at + 3, rest.end);
        match actors::subject(s.of(ctx.clean), s.start, ctx) {
            Some((a, action)) => (vec![a], Span::new(s.start + action, s.end)),
            None => (Vec::new(), rest),
        }
    }

    fn origin(&self, group: &str, id: &str) -> String {
        match self.rules.origins.get(&format!("{group}/{id}")) {
            Some(o) => format!("{group}/{id} ({}:{})", o.file, o.line),
            None => format!("{group}/{id}"),
        }
    }
}

/// Where a clause stands: its paragraph, the part prefix of ids ("B."),
/// its sub-paragraph, its index in the paragraph, its verb and its
/// clean-text range.
#[derive(Clone, Copy)]
struct ClauseAt<'a> {
    p: &'a Para,
    prefix: &'a str,
    sub: Option<&'a str>,
    index: u32,
    v: &'a VerbMatch,
    cspan: Span,
}

/// What an action carries besides its words.
#[derive(Debug, Clone)]
struct Details {
    qualifiers: Vec<crate::model::Qualifier>,
    /// The qualifier rules that fired (for `--explain`).
    qids: Vec<String>,
    deadline: Option<(crate::model::Deadline, String)>,
    references: Vec<Reference>,
}

/// An addressee of a clause and its action (one or more clean-text
/// stretches, joined), with the text its qualifiers are read from.
#[derive(Debug, Clone)]
struct Target {
    who: Addressee,
    action: Vec<Span>,
    scope: Span,
}

/// Words that, right after a subject, make a statement rather than an ask:
/// "Decides that the mandate is designed ...".
const INDICATIVE: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "remains",
    "constitutes",
    "includes",
    "continues",
    "contains",
    "does",
];

/// Words that cannot open the action after a subject.
const NOT_ACTION: &[&str] = &[
    "and", "or", "nor", "of", "in", "on", "for", "to", "with", "by", "at", "from", "as", "the",
    "that", "which", "who",
];

/// Does `text` (what follows a subject) read as the action of a
/// subjunctive or modal clause ("shall cease", "respect", "will undertake")?
fn reads_as_action(text: &str) -> bool {
    let text = text.trim_start_matches([' ', ',']);
    // "shall: (a) ...": the steps are the action.
    if text.is_empty() || text.starts_with(':') {
        return true;
    }
    let word = text
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_lowercase)
        && !INDICATIVE.contains(&word)
        && !NOT_ACTION.contains(&word)
}

/// Where a pattern of `pats` first occurs in `text` outside brackets: its
/// offset and length.
fn find_top(text: &str, pats: &[&str]) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0i32;
    for i in 0..b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            // Every pattern starts with punctuation or a space.
            b' ' | b',' | b';' if depth <= 0 => {
                if let Some(p) = pats.iter().find(|p| b[i..].starts_with(p.as_bytes())) {
                    return Some((i, p.len()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The subjects of a subjunctive clause and their actions: "that Iraq and
/// Kuwait respect ...", "that, in furtherance of ..., Iraq shall extend
/// ...", "that the Jamahiriya shall cease ... and that all Member States
/// shall prohibit ...". `s` is the clean-text range after "that".
fn subjunctive(s: Span, ctx: &Context<'_>) -> Vec<Target> {
    let mut out = Vec::new();
    let mut rest = Some(s);
    // A second "and that" opens another subject with its own action (read
    // in a loop: a paragraph may chain thousands of them).
    while let Some(s) = rest {
        let text = s.of(ctx.clean);
        let first = match find_top(text, &[", and that ", "; and that ", " and that "]) {
            Some((at, len)) => {
                rest = Some(Span::new(s.start + at + len, s.end));
                Span::new(s.start, s.start + at)
            }
            None => {
                rest = None;
                s
            }
        };
        out.extend(subjects(first, ctx));
    }
    out
}

/// Words that open a leading phrase before the subject of a "that" clause:
/// "that, as soon as the IAEA has verified ..., the Director General
/// submit", "that at its sixty-ninth session, in 2025, the Commission will".
const LEADING: &[&str] = &[
    "in",
    "as",
    "at",
    "if",
    "upon",
    "on",
    "within",
    "following",
    "after",
    "once",
    "when",
    "whenever",
    "pending",
    "by",
    "from",
    "during",
    "before",
    "until",
    "with",
    "without",
    "for",
    "unless",
    "where",
    "while",
    "subject",
    "notwithstanding",
    "acting",
    "having",
    "bearing",
];

/// Prepositions that may follow a subject before its verb: "all States in
/// the region cooperate", "the parties to the conflict allow".
const PREPOSITIONS: &[&str] = &["in", "to", "of", "for", "within", "at", "from", "on"];

fn first_word(text: &str) -> &str {
    text.trim_start_matches([' ', ','])
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
}

/// The subject (or subjects joined by "and") of one "that" clause, at its
/// start or after a leading phrase set off by commas.
fn subjects(s: Span, ctx: &Context<'_>) -> Vec<Target> {
    let clean = ctx.clean;
    let text = s.of(clean);
    let reach = floor(text, 500);
    let mut starts = vec![0];
    // Later starts only after a leading phrase ("as soon as ..., the
    // Director General ...").
    if LEADING.contains(&first_word(text)) {
        let mut depth = 0i32;
        for (i, c) in text[..reach].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth <= 0 => starts.push(i + 1),
                _ => {}
            }
        }
    }
    for at in starts {
        let mut p = s.start + at;
        let lead = clean[p..s.end].len() - clean[p..s.end].trim_start().len();
        p += lead;
        if clean[p..s.end].starts_with("then ") {
            p += 5;
        }
        let Some((a, act)) = actors::subject(&clean[p..s.end], p, ctx) else {
            continue;
        };
        // "that MINUSCA's mandate is designed ...": a possessive names
        // something of the actor's, not the actor.
        if a.text.ends_with("'s") || a.text.ends_with("’s") {
            continue;
        }
        if let Some(t) = subject_targets(a, p + act, at == 0, s, ctx) {
            return t;
        }
    }
    Vec::new()
}

/// Decides whether subject `a`, whose action would start at `action_at`,
/// is the subject of an ask, and finds the other subjects joined to it and
/// where their action starts.
fn subject_targets(
    a: Addressee,
    action_at: usize,
    first: bool,
    s: Span,
    ctx: &Context<'_>,
) -> Option<Vec<Target>> {
    let clean = ctx.clean;
    let mut a = a;
    let mut action_at = action_at;
    let mut modal = clean[a.span.end..action_at]
        .split(|c: char| !c.is_alphabetic())
        .any(|w| MODALS.contains(&w));
    let base = a.span.end;
    let after = &clean[base..s.end];
    if !modal && let Some((end, action)) = name_to_modal(after) {
        if matches!(first_word(after), "of" | "for") && after[..end].contains(char::is_uppercase) {
            // "the secretariat of the Office of the Register of Damage
            // shall provide ...": a longer name names someone else.
            let span = Span::new(a.span.start, a.span.end + end);
            a = Addressee {
                actor: ActorId::other(),
                text: span.of(clean).to_string(),
                span,
                how: "other: a named addressee not in the rules".into(),
                condition: None,
                instrument: None,
                antecedent: None,
            };
        }
        // "all parties in Syria shall cooperate"
        action_at = (base + action).min(s.end);
        modal = true;
    } else if !modal
        && first
        && (after.trim_start().starts_with(',')
            || PREPOSITIONS.contains(&first_word(after))
            || matches!(first_word(after), "and" | "or")
            || is_participle(first_word(after)))
        && let Some(m) = modal_ahead(after)
    {
        // "Member States, in order to prevent ISIL ..., shall take ...",
        // "the Governments of all States, and the Government of Libya, shall"
        action_at = base + m;
        modal = true;
    }
    let mut list = vec![a];
    // "Iraq and Kuwait respect ...", "Iraq, Kuwait and Saudi Arabia shall
    // ...", "all States, relevant United Nations bodies and, as
    // appropriate, other organizations report ..."
    while let Some(skip) = list_separator(&clean[action_at..s.end]) {
        let from = action_at + skip;
        let Some((b, act2)) = actors::subject(&clean[from..s.end], from, ctx) else {
            break;
        };
        let after_b = &clean[from + act2..s.end];
        let more = list_separator(after_b).is_some();
        if !(more || reads_as_action(after_b)) {
            break;
        }
        modal |= clean[b.span.end..from + act2]
            .split(|c: char| !c.is_alphabetic())
            .any(|w| MODALS.contains(&w));
        list.push(b);
        action_at = from + act2;
    }
    // "all parties to armed conflict in the Central African Republic end
    // ...": a place after the subject belongs to it.
    if !modal
        && list.len() == 1
        && let Some(n) = place_phrase(&clean[action_at..s.end])
        && reads_as_action(&clean[action_at + n..s.end])
    {
        let a = &mut list[0];
        a.span = Span::new(a.span.start, action_at + n);
        a.text = a.span.of(clean).trim().to_string();
        action_at += n;
    }
    let after = &clean[action_at..s.end];
    // "the individuals and entities listed in Annex II shall be subject to
    // the asset freeze": a measure, not an ask.
    if after.trim_start().starts_with("be subject to") || passive(after) {
        return None;
    }
    let word = first_word(after);
    // "the Committee on the Rights of the Child and other relevant treaty
    // bodies give ...", "all States in the region cooperate ...": the
    // subject stands, though the rules cannot say where the verb is.
    let loose = first && (matches!(word, "and" | "or") || PREPOSITIONS.contains(&word));
    if !modal && !loose && !reads_as_action(after) {
        return None;
    }
    let action = Span::new(action_at, s.end);
    Some(
        list.into_iter()
            .map(|who| Target {
                who,
                action: vec![action],
                scope: s,
            })
            .collect(),
    )
}

/// "be reorganized", "be assisted by": a passive says what is to be done
/// to the subject, not what it is to do ("be empowered to", "be guided by"
/// still ask something of it).
fn passive(action: &str) -> bool {
    let mut words = action.trim_start().split(' ');
    words.next() == Some("be")
        && words.next().is_some_and(|w| {
            is_participle(w)
                && !w.ends_with("ing")
                && !matches!(
                    w,
                    "empowered" | "authorized" | "authorised" | "entitled" | "guided" | "prepared"
                )
        })
}

/// The length of a place at the start of `text`: " in the Central African
/// Republic", " in Syria", " of the region".
fn place_phrase(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let rest = ["in the ", "in ", "of the ", "from the ", "within "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let mut end = t.len() - rest.len();
    let mut words = rest.split(' ').peekable();
    let mut any = false;
    while let Some(w) = words.next() {
        // "of the Forum:": the name ends at punctuation.
        let bare = w.trim_end_matches([',', ':', ';', '.']);
        let name = bare.starts_with(|c: char| c.is_uppercase());
        let small = matches!(w, "of" | "and" | "the")
            && words
                .peek()
                .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
        if !(name || small) {
            break;
        }
        any |= name;
        end += bare.len() + 1;
        if bare.len() < w.len() {
            break;
        }
    }
    any.then(|| lead + end - 1)
}

/// "listed", "providing": a participle that starts a phrase describing
/// the subject ("the individuals listed in Annex II shall ...").
fn is_participle(word: &str) -> bool {
    word.len() > 4
        && word.starts_with(|c: char| c.is_lowercase())
        && (word.ends_with("ing") || word.ends_with("ed") && !word.ends_with("eed"))
}

/// The length of a separator between two subjects at the start of
/// `text`: ", ", " and ", ", and ", or ", and, as appropriate, " (with the
/// parenthetical).
fn list_separator(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(' ');
    let lead = text.len() - t.len();
    for p in [", and, ", ", or, ", "and, ", "or, "] {
        if let Some(rest) = t.strip_prefix(p) {
            let close = rest.find(", ")?;
            return Some(lead + p.len() + close + 2);
        }
    }
    [", and ", ", or ", "and ", "or ", ", "]
        .iter()
        .find(|p| t.starts_with(*p))
        .map(|p| lead + p.len())
}

/// The first modal verb of `text` within `reach` bytes, before any of
/// `stops`: where it starts and where the action after it starts.
fn find_modal(text: &str, reach: usize, stops: &[char]) -> Option<(usize, usize)> {
    let mut at: usize = 0;
    for w in text[..floor(text, reach)].split(' ') {
        if w.contains(stops) {
            return None;
        }
        if MODALS.contains(&w) {
            return Some((at, (at + w.len() + 1).min(text.len())));
        }
        at += w.len() + 1;
    }
    None
}

/// Where the action starts after the first modal of `text` ("..., shall
/// take"), when one comes within 600 bytes and before any ";" or ":".
fn modal_ahead(text: &str) -> Option<usize> {
    find_modal(text, 600, &[';', ':']).map(|(_, action)| action)
}

/// After a name, "of the Office of the Register of Damage shall provide":
/// where the longer phrase ends and where the action after the modal starts
/// (offsets of `text`), when it continues with a preposition and reaches a
/// modal with no punctuation between.
fn name_to_modal(text: &str) -> Option<(usize, usize)> {
    if !PREPOSITIONS.contains(&first_word(text)) || text.starts_with(',') {
        return None;
    }
    find_modal(text, 150, &[',', ';', ':', '('])
        .map(|(modal, action)| (modal.saturating_sub(1), action))
}

/// "to consider ratifying or acceding to, and for States parties to
/// effectively implement, the Protocol": a second addressee introduced by
/// "and for", "and upon" or "and on" with its own infinitive. Returns the
/// first addressee's action (without the insertion) and the others.
fn gapped(action: Span, ctx: &Context<'_>, previous: &[Addressee]) -> (Vec<Span>, Vec<Target>) {
    let clean = ctx.clean;
    let text = action.of(clean);
    let Some((at, len)) = find_top(
        text,
        &[
            ", and for ",
            ", and upon ",
            ", and on ",
            " and upon ",
            " and for ",
        ],
    ) else {
        return (vec![action], Vec::new());
    };
    let from = action.start + at + len;
    let rest = &clean[from..action.end];
    // "and for the prosecution of smugglers": no name, no addressee.
    if !actors::starts_with_name(&rest[..floor(rest, 80)], ctx) {
        return (vec![action], Vec::new());
    }
    let reach = &rest[..floor(rest, 400)];
    let ClauseShape::Infinitive { head, action: act } = parse::clause_shape(reach) else {
        return (vec![action], Vec::new());
    };
    let shift = |s: &Span| Span::new(s.start + from, s.end + from);
    let groups: Vec<Span> = head.groups.iter().map(shift).collect();
    let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
    let head_text = reach[..head.end].trim_end();
    // "for the Congress itself in a timely manner in order to enable":
    // an infinitive of purpose, not an action.
    if head_text.ends_with(" in order") || head_text.ends_with(" so as") {
        return (vec![action], Vec::new());
    }
    let who: Vec<Addressee> =
        actors::addressees(&reach[..head.end], from, &groups, &relatives, ctx, previous)
            .into_iter()
            .filter(|a| actors::starts_with_name(&a.text, ctx))
            .collect();
    if who.is_empty() {
        return (vec![action], Vec::new());
    }
    let second = Span::new(from + act, action.end);
    let before = Span::new(action.start, action.start + at);
    // "acceding to, and for X to implement, the Protocol": the insertion
    // ends at the next comma and both share what follows it.
    let dangling = before
        .of(clean)
        .rsplit(' ')
        .next()
        .is_some_and(|w| matches!(w, "to" | "of" | "with" | "on" | "for" | "into" | "in"));
    let second_text = second.of(clean);
    let (mine, theirs) = if !dangling {
        (vec![before], vec![second])
    } else if let Some((c, _)) = find_top(
        second_text,
        &[", the ", ", a ", ", an ", ", their ", ", its ", ", all "],
    ) {
        // "..., and for X to implement, the Protocol ...": the object
        // after the insertion is shared.
        let tail = Span::new(second.start + c + 2, action.end);
        (
            vec![before, tail],
            vec![Span::new(second.start, second.start + c), tail],
        )
    } else if let Some(c) = second_text.find(" the ") {
        // "... acceding to, and for X to implement the Protocol ...": the
        // first addressee's object is the second's.
        (
            vec![before, Span::new(second.start + c + 1, action.end)],
            vec![second],
        )
    } else {
        (vec![before], vec![second])
    };
    let scope = Span::new(action.start + at, action.end);
    let more = who
        .into_iter()
        .map(|who| Target {
            who,
            action: theirs.clone(),
            scope,
        })
        .collect();
    (mine, more)
}

/// Gives the obligations in `pending` the action, qualifiers, deadline and
/// references of the first obligation from `from` on that has an action.
fn share_action(obligations: &mut [Obligation], pending: std::ops::Range<usize>, from: usize) {
    let Some(src) = obligations[from..]
        .iter()
        .find(|o| !o.action.is_empty())
        .cloned()
    else {
        return;
    };
    for o in &mut obligations[pending] {
        o.action = src.action.clone();
        for q in &src.qualifiers {
            if !o.qualifiers.iter().any(|x| x.kind == q.kind) {
                o.qualifiers.push(q.clone());
            }
        }
        if o.deadline.is_none() {
            o.deadline = src.deadline.clone();
        }
        for r in &src.references {
            if !o.references.contains(r) {
                o.references.push(r.clone());
            }
        }
        if let (Some(e), Some(se)) = (o.explain.as_mut(), src.explain.as_ref()) {
            e.qualifiers.extend(se.qualifiers.iter().cloned());
            if e.deadline.is_none() {
                e.deadline = se.deadline.clone();
            }
        }
    }
}

/// Attaches a sub-paragraph, heading or continuation to the paragraph
/// before it.
fn attach(paras: &mut [Para], item: &Item, section: &mut Option<String>) {
    match item {
        Item::Sub { label, line, text } => {
            if let Some(p) = paras.last_mut() {
                p.subs.push((label.clone(), *line, *text));
            }
        }
        Item::Heading { label, .. } => *section = Some(label.clone()),
        Item::Continuation(s) | Item::Paragraph { line: s, .. } => {
            if let Some(p) = paras.last_mut() {
                p.extra.push(*s);
            }
        }
        Item::Closing(_) => {}
    }
}

/// A line after a paragraph that heads the paragraphs below it
/// ("Reporting", "Asset freeze", "Libya: UNSCR proposed designations"):
/// short, capitalized and without the punctuation that ends a paragraph.
fn heading_like(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 200
        && t.starts_with(|c: char| c.is_uppercase())
        && !t.ends_with([';', '.', ':', ','])
}

/// Does a paragraph (or its last sub-paragraph) end with a colon?
fn ends_with_colon(p: &Para, clean: &str) -> bool {
    let last = p.subs.last().map_or(p.text, |s| s.2);
    last.of(clean).trim_end().ends_with(':')
}

/// A paragraph that reads like a preambular one: ends with a comma.
fn text_ends_preamble(text: &str) -> bool {
    text.trim_end().ends_with(',')
}

/// Ends like an operative paragraph: ";" or ".".
fn text_ends_operative(text: &str) -> bool {
    matches!(text.trim_end().chars().last(), Some(';' | '.' | ':'))
}

/// "(a) Requests ..." -> ("a", "Requests ...").
fn leading_label(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('(')?;
    let close = rest.find(')')?;
    let label = &rest[..close];
    if label.is_empty() || label.len() > 5 || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    (!after.is_empty()).then(|| (label.to_string(), after))
}

/// The lead phrase of a preambular paragraph.
fn lead_of(text: &str, rules: &RuleSet) -> String {
    let toks = rules.leads.head_tokens(text, 0);
    if let Some((n, _)) = rules.leads.longest(&toks, 0) {
        return text[..toks[n - 1].end].to_string();
    }
    text.split([' ', ',']).next().unwrap_or("").to_string()
}

fn floor(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The actor id of the adopting body.
fn body_actor(name: &str, rules: &RuleSet) -> ActorId {
    let toks = tokenize(name, 0);
    match rules.actor_lexicon.longest(&toks, 0) {
        Some((n, r)) if n == toks.len() => ActorId::new(rules.actor_id(r)),
        _ => {
            let _ = ActorRef::Actor(0);
            ActorId::other()
        }
    }
}

/// A clause's text without the separator that ends it (", and", ";").
fn trim_clause_end(s: &str) -> &str {
    let mut t = s.trim_end();
    loop {
        let before = t;
        t = t.trim_end_matches([',', ';', ' ']);
        if let Some(x) = t.strip_suffix(" and") {
            t = x;
        }
        if t == before {
            return t;
        }
    }
}

fn trim_end_punct(s: &str) -> &str {
    let t = s.trim_end();
    let t = t
        .strip_suffix("; and")
        .or_else(|| t.strip_suffix("; or"))
        .unwrap_or(t);
    t.trim_end_matches([';', '.', ',', ' '])
}

/// An action as the checklist shows it: without its leading "to", and
/// without the paragraph's closing punctuation.
fn clean_action(s: &str) -> String {
    let t = s.trim();
    let t = t
        .strip_prefix("to ")
        .or_else(|| t.strip_prefix("To "))
        .unwrap_or(t);
    let t = t.strip_prefix(':').unwrap_or(t).trim_start();
    trim_end_punct(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_actions() {
        assert_eq!(
            leading_label("(a) Requests the Secretary-General"),
            Some(("a".into(), "Requests the Secretary-General"))
        );
        assert_eq!(leading_label("(the Palermo Convention) and"), None);
        assert_eq!(clean_action("to submit a report."), "submit a report");
        assert_eq!(trim_clause_end("to act, and "), "to act");
    }
}
