//! The serialisable types of the output: a [`Document`] with its preamble,
//! operative paragraphs, [`Obligation`]s and footnotes (the JSON contract of
//! `docs/json.md`), and the closed vocabularies they use.
//!
//! Everything that reaches output is ordered (`Vec`, `BTreeMap`), so the
//! same input always gives byte-identical output.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::offsets::Span;

/// Version of the JSON output contract.
pub const SCHEMA_VERSION: u32 = 1;

/// How strongly a clause binds its addressee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    Binding,
    Mandate,
    Urge,
    Encourage,
    Permission,
    /// The adopting States' own undertaking in a declaration they adopt
    /// ("We commit to ...", "We will ...").
    Commitment,
    Declaratory,
}

impl Strength {
    pub const ALL: [Strength; 7] = [
        Strength::Binding,
        Strength::Mandate,
        Strength::Urge,
        Strength::Encourage,
        Strength::Permission,
        Strength::Commitment,
        Strength::Declaratory,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Binding => "binding",
            Strength::Mandate => "mandate",
            Strength::Urge => "urge",
            Strength::Encourage => "encourage",
            Strength::Permission => "permission",
            Strength::Commitment => "commitment",
            Strength::Declaratory => "declaratory",
        }
    }

    /// Parses the kebab-case name.
    pub fn parse(s: &str) -> Option<Strength> {
        Strength::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kinds of qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QualifierKind {
    Discretion,
    OnRequest,
    Resources,
    LegalFramework,
    Consider,
}

impl QualifierKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QualifierKind::Discretion => "discretion",
            QualifierKind::OnRequest => "on-request",
            QualifierKind::Resources => "resources",
            QualifierKind::LegalFramework => "legal-framework",
            QualifierKind::Consider => "consider",
        }
    }
}

impl fmt::Display for QualifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An actor id: `member-states`, `unodc`, `country:iraq`, `other`, ...
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub String);

impl ActorId {
    pub fn new(s: impl Into<String>) -> ActorId {
        ActorId(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn other() -> ActorId {
        ActorId::new("other")
    }

    pub fn is_country(&self) -> bool {
        self.0.starts_with("country:")
    }

    pub fn is_other(&self) -> bool {
        self.0 == "other"
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stable obligation id: `op13.1.unodc` (paragraph, clause, actor), with
/// a suffix when one clause names two addressees of the same id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ObligationId(pub String);

impl fmt::Display for ObligationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One document's extraction: the JSON object of `extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema_version: u32,
    pub document: DocumentInfo,
    pub preamble: Vec<PreambularParagraph>,
    pub operative: Vec<OperativeParagraph>,
    pub obligations: Vec<Obligation>,
    pub footnotes: Vec<Footnote>,
    pub annexes: Vec<Annex>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the document is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The file name as given.
    pub source: String,
    /// "General Assembly"
    pub body: Option<String>,
    /// The session number (72), or the year of an ECOSOC session (2019).
    pub session: Option<u32>,
    pub committee: Option<String>,
    pub agenda_item: Option<String>,
    pub sponsors: Vec<String>,
    /// "draft resolution" or "resolution".
    pub kind: Option<String>,
    /// ISO date: adoption date when given, else distribution date.
    pub date: Option<String>,
    pub symbol: Option<String>,
    pub title: Option<String>,
    /// The adopting body's actor id (`general-assembly`, ...).
    pub body_actor: Option<ActorId>,
    /// Distribution ("limited", "general").
    pub distribution: Option<String>,
}

/// A preambular paragraph ("Reaffirming its resolutions ...,").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreambularParagraph {
    /// 1-based position in the preamble.
    pub index: u32,
    /// "Reaffirming", "Deeply concerned", "Bearing in mind"
    pub lead: String,
    pub text: String,
    pub span: Span,
}

/// An operative paragraph with its clauses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperativeParagraph {
    pub number: u32,
    /// The part ("A", "B") of a resolution in several parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Section heading or part letter it stands under ("A", "II").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub text: String,
    pub subparagraphs: Vec<SubParagraph>,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// "(a) Prevent and suppress the financing of terrorist acts;"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubParagraph {
    pub label: String,
    pub text: String,
    pub span: Span,
}

/// A clause of an operative paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// 1-based within the paragraph.
    pub index: u32,
    /// "also urges", "reiterates its request"
    pub verb: String,
    pub strength: Strength,
    /// The verb rule (`verbs/requests`).
    pub rule: String,
    pub span: Span,
}

/// A qualifier of an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualifier {
    pub kind: QualifierKind,
    pub text: String,
}

/// A body the action is done with ("in cooperation with the United Nations
/// Development Programme"): named, but not asked anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// The actor id, as for addressees (`other` for a body the rules do not
    /// know).
    pub actor: ActorId,
    /// The words that name it.
    pub text: String,
}

/// A qualifier of a part of an action, not of the whole obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedQualifier {
    pub kind: QualifierKind,
    pub text: String,
    /// Where it applies: `part` (inside an example, a means, a purpose or
    /// another party's share of the action: "including, where appropriate,
    /// ...", "so as to enable it to ..., within its mandates").
    pub scope: QualifierScope,
    /// The words that open that part ("including", "so as to").
    pub within: String,
}

/// Where a scoped qualifier applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QualifierScope {
    Part,
}

/// When an obligation is due.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Deadline {
    /// The source words.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// "annually", "biennially", "every two years"
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    /// The period counts working days ("within twenty working days").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub working_days: bool,
    /// A period in months ("within six months"; `days` counts 30 a month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// What the deadline counts from or falls in: `adoption`, `event`
    /// (another event: "of the notification"), `session`, `date`, `year`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<DeadlineAnchor>,
    /// When it is due, as an ISO date, where the text and the adoption
    /// date make it computable; for a session, the day it opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// For a session: its last day (the deadline falls from `due` to
    /// `due_to`); for a year, its last day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_to: Option<String>,
    /// The body whose session it is ("General Assembly").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_of: Option<String>,
}

/// What a deadline counts from or falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineAnchor {
    Adoption,
    Event,
    Session,
    Date,
    Year,
}

/// Kinds of reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    Resolution,
    Document,
    Treaty,
    Footnote,
}

/// A resolution, document, treaty or footnote an obligation cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub text: String,
    /// Instrument id for treaties, footnote number for footnotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `https://undocs.org/<symbol>` for documents and resolutions when the
    /// symbol is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A lettered step of an obligation ("(a) Prevent ...").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub label: String,
    pub text: String,
}

/// One obligation: (clause, addressee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    pub id: ObligationId,
    pub paragraph: u32,
    /// The text the paragraph stands in when it is not the operative part:
    /// an adopted text ("adopted text") or an annex ("Annex I"), as
    /// `annexes[].heading` names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex: Option<String>,
    /// The part ("A", "B") of a resolution in several parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Sub-paragraph label when the clause stands in one ("58. (a) Requests").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subparagraph: Option<String>,
    pub clause: u32,
    pub verb: String,
    pub strength: Strength,
    pub actor: ActorId,
    pub actor_text: String,
    /// For actor `other`: the body's own id from the rules
    /// (rules/actors.yaml `named_bodies`: `iaea`, `ctc`, `minusca`), when
    /// the text names it or refers back to it ("the Committee").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub action: String,
    /// Hedges on the whole action.
    pub qualifiers: Vec<Qualifier>,
    /// Hedges inside a part of the action only ("including, where
    /// appropriate, ..."), not on the whole obligation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scoped_qualifiers: Vec<ScopedQualifier>,
    /// Bodies the action is done with ("in cooperation with X", "with the
    /// support of Y"): named in the clause, not addressees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    /// `not-yet-done`, or the words restricting the addressee.
    pub condition: Option<String>,
    pub deadline: Option<Deadline>,
    pub references: Vec<Reference>,
    pub steps: Vec<Step>,
    /// Instrument named with `states-parties` ("the United Nations
    /// Convention against Corruption").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// For `states-parties`: ids (rules/instruments.yaml) of the treaties
    /// meant: those named with the addressee, else those the clause names,
    /// else those its paragraph names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<String>,
    /// Byte range of the clause in the input file (for a PDF, in the text
    /// read from it: `resolute text`).
    pub span: Span,
    /// For a PDF: the 1-based page the clause starts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Which rules produced this obligation (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// Why an obligation was found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Explain {
    /// `verbs/requests`
    pub verb: String,
    /// `actors/unodc`, `anaphora: the Office -> unodc (the United Nations
    /// Office on Drugs and Crime, paragraph 12)`, `fuzzy: ...`
    pub actor: String,
    /// How the clause named the addressee and where its action starts,
    /// with the lists of `rules/language.yaml` that decided: `that-clause:
    /// subject, then the modal "shall" (language/modals)`.
    pub form: String,
    /// `qualifiers/upon-request`, ...
    pub qualifiers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
    pub span: Span,
}

/// An annex, or a text the resolution adopts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annex {
    /// "Annex I", or "adopted text".
    pub heading: String,
    pub paragraphs: usize,
    pub span: Span,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Info,
}

/// Something worth telling about a document: numbering gaps, footnote
/// markers without definitions, text that could not be placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code: `numbering-gap`, `numbering-duplicate`,
    /// `footnote-undefined`, `footnote-unused`, `no-operative`, ...
    pub code: String,
    pub message: String,
    /// 1-based line in the input file, when the diagnostic has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}
