//! Stage 3: AST + rules -> obligations (+ diagnostics).
//!
//! Input: a decoded [`Source`], normalized ([`crate::normalize`]) and parsed
//! ([`crate::parse`]), and a [`RuleSet`]. Output: the [`Document`] of the
//! JSON contract: header fields, preamble, operative paragraphs with their
//! clauses, one [`Obligation`] per (clause, addressee), footnotes, annexes
//! and diagnostics. Every span in the output is a byte range of the file as
//! given. The same input always gives the same output.
//!
//! The stages, in the order a document and then each clause is read:
//!
//! 1. `document`: parts, preamble, operative paragraphs, sections, annexes;
//!    numbering and coverage checks. `header`: the header fields and
//!    footnotes.
//! 2. `paragraph`: one operative paragraph into clause segments, and their
//!    obligations in order (steps, shared actions).
//! 3. [`clauses`]: where each clause starts and which verb rule it carries
//!    (the verb phrase and its strength).
//! 4. `targets`: the addressees of a clause and the stretches of their
//!    action (infinitive form, noun actions, gapped addressees), with
//!    `subjects` for the subjects of "that" clauses and [`actors`] for the
//!    actor rules (names, aliases, anaphora, States, misspellings).
//! 5. [`details`]: qualifiers, condition, deadline and references of an
//!    action.
//! 6. `obligation`: one obligation per (clause, addressee), with its id;
//!    `due`: deadlines as dates, once the adoption date is known.

pub mod actors;
pub mod clauses;
mod declaration;
pub mod details;
mod document;
mod due;
pub mod examples;
mod header;
mod obligation;
mod paragraph;
mod subjects;
mod targets;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{
    ActorId, Annex, Clause, Diagnostic, Document, DocumentInfo, Explain, Footnote, Obligation,
    ObligationId, OperativeParagraph, Partner, PreambularParagraph, Reference, ReferenceKind,
    SCHEMA_VERSION, Severity, Step, Strength, SubParagraph,
};
use crate::normalize::{Normalized, normalize};
use crate::offsets::Span;
use crate::parse::{self, Ast, ClauseShape, Item};
use crate::rules::lexicon::tokenize;
use crate::rules::{ActorRef, RuleSet, Voice};
use crate::source::Source;
use actors::{Addressee, Context};
use clauses::{VerbMatch, clause_starts, verb_at};
use document::*;
use header::*;
use paragraph::*;
use subjects::*;
use targets::*;

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
    /// For a paragraph of a text the resolution adopts or annexes: which.
    annex: Option<AnnexAt>,
    /// In a declaration, the verb of the line that leads a list of numbered
    /// paragraphs ("we hereby pledge to:" then "11. Promote ...").
    lead: Option<Lead>,
}

/// A verb that stands outside a declaration's clause segment ("we hereby
/// pledge to:" before "11. Promote ..."), or after the subject that opens
/// it ("Landlocked developing countries should ...", "Governments are
/// invited to ...").
#[derive(Debug, Clone)]
struct Lead {
    /// Index into `RuleSet::verbs`.
    rule: usize,
    /// The phrase as written ("hereby pledge to", "are invited to").
    verb: String,
    /// For a subject-first segment: where the phrase starts and ends in it.
    subject: Option<(usize, usize)>,
}

/// The adopted text or annex a paragraph stands in: its heading as the
/// output names it ("Annex I", "adopted text") and the id prefix
/// ("annex-i", "adopted").
#[derive(Debug, Clone)]
struct AnnexAt {
    heading: String,
    key: String,
}

impl Para {
    fn new(
        number: u32,
        part: Option<String>,
        section: Option<String>,
        line: Span,
        text: Span,
    ) -> Para {
        Para {
            number,
            part,
            section,
            line,
            text,
            subs: Vec::new(),
            extra: Vec::new(),
            annex: None,
            lead: None,
        }
    }
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
    /// Whose verb phrases open clauses: the body's, or the first person's
    /// in the texts the resolution adopts.
    voice: Voice,
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
            voice: Voice::Body,
        }
    }

    /// The entity id of an addressee of actor `other` (see
    /// [`actors::entity_of`]).
    fn entity_of(&self, text: &str, pos: usize) -> Option<String> {
        actors::entity_of(text, pos, self.rules, &self.mentions)
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
        for (code, message) in &self.src.notes {
            self.note(Severity::Info, code, message.clone(), None);
        }
        let preamble = self.preamble(&preamble_items);
        let mut operative = Vec::with_capacity(paras.len());
        // Each paragraph's obligations, then gathered into a list made at
        // their number: an obligation is large, and a list grown as they
        // come would copy each one again at every doubling.
        let mut parts = Vec::with_capacity(paras.len() + 1);
        let multi_part = paras.iter().any(|p| p.part.is_some());
        for p in &paras {
            let (op, obs) = self.paragraph(p, multi_part);
            operative.push(op);
            parts.push(obs);
        }
        parts.push(self.declarations());
        let mut obligations = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for obs in parts {
            obligations.extend(obs);
        }
        if obligations.is_empty() {
            self.explain_no_obligations(&operative, &annexes);
        }
        let footnotes = self.footnotes();
        let document = self.info();
        due::fill(
            &mut obligations,
            document.date.as_deref(),
            document.body.as_deref(),
        );
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

    /// Says why a document gave no obligation: its operative part asks
    /// nothing itself, and the text it adopts or annexes has no sentence
    /// the declaration reader takes for an ask ("We request ...", "We
    /// commit to ...").
    fn explain_no_obligations(&mut self, operative: &[OperativeParagraph], annexes: &[Annex]) {
        let clauses: usize = operative.iter().map(|p| p.clauses.len()).sum();
        let own = if clauses == 0 {
            "no operative verb opens its paragraphs".to_string()
        } else if clauses == 1 {
            "its one operative clause asks nothing of anyone (it notes, welcomes, endorses or adopts)"
                .to_string()
        } else {
            format!(
                "its {clauses} operative clauses ask nothing of anyone (they note, welcome, endorse or adopt)"
            )
        };
        let annexed: usize = annexes.iter().map(|a| a.paragraphs).sum();
        let message = if annexed > 0 {
            format!(
                "no obligation found: {own}; the {annexed} lines of the text it adopts or annexes have no numbered paragraph in which \"we\" request, call upon, invite or commit (a programme of action written as \"X should ...\" is not read)"
            )
        } else {
            format!("no obligation found: {own}")
        };
        self.note(Severity::Warning, "no-obligations", message, None);
    }

    fn note(&mut self, severity: Severity, code: &str, message: String, line: Option<usize>) {
        self.diagnostics.push(Diagnostic {
            severity,
            code: code.into(),
            message,
            line,
        });
    }

    fn body_name(&self) -> Option<&str> {
        self.body.as_ref().map(|(_, n)| n.as_str())
    }

    fn origin(&self, group: &str, id: &str) -> String {
        match self.rules.origins.get(&format!("{group}/{id}")) {
            Some(o) => format!("{group}/{id} ({}:{})", o.file, o.line),
            None => format!("{group}/{id}"),
        }
    }
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
