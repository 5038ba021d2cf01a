//! Rules: the data that classifies clauses. Load and validate the YAML
//! files of `rules/`, merge a user's folder over the embedded defaults, and
//! compile everything into a [`RuleSet`] of lexicons and regular
//! expressions.
//!
//! Every rule has a stable id; unknown keys, bad patterns, duplicate ids and
//! duplicate phrases fail at load time with the file, the line and the rule
//! id. A user folder overrides rules by id (a rule with `enabled: false`
//! removes the default of that id) and adds to the word lists.

pub mod builtin;
pub mod language;
pub mod lexicon;
pub mod names;
pub mod prebuilt;
pub mod schema;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use serde_saphyr::Spanned;

use crate::model::{QualifierKind, Strength};
use lexicon::{Lexicon, fold, tokenize};
use names::NameMatcher;
use schema::*;

/// The rule files, in load order, with their embedded default text.
pub const FILES: &[(&str, &str)] = &[
    ("verbs.yaml", include_str!("../../rules/verbs.yaml")),
    ("preamble.yaml", include_str!("../../rules/preamble.yaml")),
    ("actors.yaml", include_str!("../../rules/actors.yaml")),
    ("countries.yaml", include_str!("../../rules/countries.yaml")),
    (
        "instruments.yaml",
        include_str!("../../rules/instruments.yaml"),
    ),
    (
        "qualifiers.yaml",
        include_str!("../../rules/qualifiers.yaml"),
    ),
    ("deadlines.yaml", include_str!("../../rules/deadlines.yaml")),
    (
        "references.yaml",
        include_str!("../../rules/references.yaml"),
    ),
    ("language.yaml", include_str!("../../rules/language.yaml")),
    ("mandates.yaml", include_str!("../../rules/mandates.yaml")),
];

/// What a set of rules is, as one line: the version of resolute and a hash
/// of the default rule files and of the files of `dir`. The registry
/// re-reads every document when it changes.
pub fn fingerprint(dir: Option<&Path>) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    for (name, text) in FILES {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    if let Some(dir) = dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p) {
                bytes.extend_from_slice(p.to_string_lossy().as_bytes());
                bytes.extend_from_slice(&b);
            }
        }
    }
    format!(
        "resolute {}; rules {}",
        env!("CARGO_PKG_VERSION"),
        crate::registry::content_hash(&bytes)
    )
}

/// A problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RulesError {
    /// The file ("verbs.yaml" for a default, the path for a user's file).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The rule concerned.
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(r) = &self.rule {
            write!(f, ": rule `{r}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Where a rule came from, for error messages and `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

/// A compiled verb rule.
#[derive(Debug, Clone)]
pub struct Verb {
    pub id: String,
    pub strength: Strength,
    pub self_action: bool,
    pub nominal: bool,
    pub named_only: bool,
    pub rule: VerbRule,
}

/// A rule's regular expression, compiled the first time it is used. Most
/// runs need only the combined searches ([`RuleSearch`]), not each rule
/// alone; a rule's syntax is checked when the rules are loaded, and a rule
/// too large to compile is named then too (see `named_failure`).
#[derive(Debug, Clone)]
pub struct LazyRegex {
    expr: String,
    cell: OnceLock<Result<Regex, regex::Error>>,
    lean: OnceLock<Option<regex_automata::meta::Regex>>,
    groups: OnceLock<Option<regex_automata::meta::Regex>>,
}

impl LazyRegex {
    fn new(expr: String) -> LazyRegex {
        LazyRegex {
            expr,
            cell: OnceLock::new(),
            lean: OnceLock::new(),
            groups: OnceLock::new(),
        }
    }

    /// The expression compiled for the short texts of one clause: the same
    /// matches, without the literal prefilter that speeds up long searches
    /// and costs more to build than such a search. None when it does not
    /// compile (which loading the rules reports).
    pub fn lean(&self) -> Option<&regex_automata::meta::Regex> {
        self.lean
            .get_or_init(|| lean_regex(&[self.expr.as_str()]).ok())
            .as_ref()
    }

    /// The expression compiled as [`LazyRegex::lean`] is, with its groups:
    /// to read what the groups of a rule found in a short text, at a third
    /// of the cost of compiling it with the prefilter. Without the full
    /// DFA the engine would build for a small expression: the lazy one
    /// finds the match as fast in a clause, and building the full one was
    /// a third of the expression's cost (700,000 instructions each, paid
    /// by a first document).
    pub fn with_groups(&self) -> Option<&regex_automata::meta::Regex> {
        self.groups
            .get_or_init(|| {
                lean_builder(regex_automata::nfa::thompson::WhichCaptures::All)
                    .configure(regex_automata::meta::Config::new().dfa(false))
                    .build(&self.expr)
                    .ok()
            })
            .as_ref()
    }

    /// The expression.
    pub fn as_str(&self) -> &str {
        &self.expr
    }

    /// The compiled expression, or why it does not compile.
    pub fn try_get(&self) -> Result<&Regex, &regex::Error> {
        self.cell
            .get_or_init(|| {
                regex::RegexBuilder::new(&self.expr)
                    .size_limit(1 << 22)
                    .build()
            })
            .as_ref()
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    /// The compiled expression; one that cannot compile (which loading
    /// the rules reports) matches nothing.
    fn deref(&self) -> &Regex {
        static NOTHING: OnceLock<Regex> = OnceLock::new();
        self.try_get().unwrap_or_else(|_| {
            NOTHING.get_or_init(|| Regex::new(r"[^\s\S]").expect("a valid expression"))
        })
    }
}

/// Several rule expressions searched at once: pattern `i` is the
/// expression `rules[i]` names. Where several match at the same place, the
/// first of them wins, as if they were tried one after the other.
#[derive(Debug, Clone)]
pub struct RuleSearch<K> {
    engine: SearchEngine,
    pub rules: Vec<K>,
}

/// The search of the built-in rules compiled ahead of time, or one
/// compiled as the rules load.
#[derive(Debug, Clone)]
enum SearchEngine {
    Prebuilt(Box<prebuilt::DfaSearch>),
    Compiled(regex_automata::meta::Regex),
}

impl<K> RuleSearch<K> {
    /// A search of `exprs` (key, expression); none when there are none.
    fn new<'a>(
        exprs: impl IntoIterator<Item = (K, &'a LazyRegex)>,
        file: &str,
        what: &str,
    ) -> Result<Option<Self>, RulesError> {
        let (rules, patterns): (Vec<K>, Vec<&str>) =
            exprs.into_iter().map(|(k, r)| (k, r.as_str())).unzip();
        if rules.is_empty() {
            return Ok(None);
        }
        let engine =
            match prebuilt::find(what, &patterns) {
                Some(dfa) => SearchEngine::Prebuilt(Box::new(dfa)),
                None => SearchEngine::Compiled(lean_regex(&patterns).map_err(|e| {
                    err(file, 0, what, format!("the {what} patterns together: {e}"))
                })?),
            };
        Ok(Some(RuleSearch { engine, rules }))
    }

    /// The search of `exprs` compiled ahead of time, if there is one for
    /// them (see [`prebuilt`]): for a search that only spares the rules'
    /// own expressions, and is not worth compiling.
    fn prebuilt<'a>(
        exprs: impl IntoIterator<Item = (K, &'a LazyRegex)>,
        what: &str,
    ) -> Option<Self> {
        let (rules, patterns): (Vec<K>, Vec<&str>) =
            exprs.into_iter().map(|(k, r)| (k, r.as_str())).unzip();
        let dfa = prebuilt::find(what, &patterns)?;
        Some(RuleSearch {
            engine: SearchEngine::Prebuilt(Box::new(dfa)),
            rules,
        })
    }

    /// The first match in `input`.
    pub fn search(&self, input: &regex_automata::Input<'_>) -> Option<regex_automata::Match> {
        match &self.engine {
            // A DFA of these patterns has no byte it gives up on: no error.
            SearchEngine::Prebuilt(re) => re.try_search(input).ok().flatten(),
            SearchEngine::Compiled(re) => re.search(input),
        }
    }

    /// The first match in `text`.
    pub fn find(&self, text: &str) -> Option<regex_automata::Match> {
        self.search(&regex_automata::Input::new(text))
    }

    /// The first match in `text`: the rule of the first expression that
    /// matches at the leftmost place where any does, and where that
    /// expression matches. That rule's own expression finds the same: it
    /// matches nowhere before, and at that place the expressions before
    /// it do not match.
    pub fn first(&self, text: &str) -> Option<(&K, std::ops::Range<usize>)> {
        self.find(text)
            .map(|m| (&self.rules[m.pattern().as_usize()], m.range()))
    }

    /// Every match in `text`, left to right, none overlapping.
    pub fn find_iter<'h>(
        &'h self,
        text: &'h str,
    ) -> impl Iterator<Item = regex_automata::Match> + 'h {
        let searcher = regex_automata::util::iter::Searcher::new(regex_automata::Input::new(text));
        searcher
            .into_matches_iter(move |input| Ok(self.search(input)))
            .map_while(Result::ok)
    }

    /// Compiled ahead of time (see [`prebuilt`]).
    pub fn is_prebuilt(&self) -> bool {
        matches!(self.engine, SearchEngine::Prebuilt(_))
    }
}

/// Expressions compiled as one search without a literal prefilter: for the
/// texts of a clause or a paragraph, building the prefilter of
/// case-insensitive phrases costs more than it saves. The search says where
/// each match is and which expression found it; its groups are not kept
/// (the rule's own expression reads them).
pub(crate) fn lean_regex(
    patterns: &[&str],
) -> Result<regex_automata::meta::Regex, Box<regex_automata::meta::BuildError>> {
    lean_builder(regex_automata::nfa::thompson::WhichCaptures::Implicit)
        .build_many(patterns)
        .map_err(Box::new)
}

/// A builder of expressions without a literal prefilter, keeping `groups`.
fn lean_builder(
    groups: regex_automata::nfa::thompson::WhichCaptures,
) -> regex_automata::meta::Builder {
    let mut b = regex_automata::meta::Builder::new();
    b.configure(
        regex_automata::meta::Config::new()
            .auto_prefilter(false)
            .which_captures(groups),
    );
    b
}

/// An actor's or a country's name as its folded words, and what it
/// resolves to.
pub type NamedActor = (Vec<String>, ActorRef);

/// What an actor name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRef {
    /// Index into [`RuleSet::actors`].
    Actor(usize),
    /// Index into [`RuleSet::countries`].
    Country(usize),
    /// Index into [`RuleSet::named_bodies`] (id `other`).
    Named(usize),
}

/// A compiled actor rule.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub instrument: bool,
    pub rule: ActorRule,
}

/// A compiled qualifier rule.
#[derive(Debug, Clone)]
pub struct Qualifier {
    pub id: String,
    pub kind: QualifierKind,
    pub at_start: bool,
    pub regex: LazyRegex,
    pub rule: QualifierRule,
}

/// A compiled condition rule.
#[derive(Debug, Clone)]
pub struct Condition {
    pub id: String,
    pub kind: Option<String>,
    pub regex: LazyRegex,
    pub rule: ConditionRule,
}

/// A compiled elaboration rule: a phrase that opens a part of an action
/// (an example, a means, a purpose, another party's share) whose
/// qualifiers are not the whole obligation's.
#[derive(Debug, Clone)]
pub struct Elaboration {
    pub id: String,
    pub regex: LazyRegex,
    pub rule: ElaborationRule,
}

/// A compiled deadline rule.
#[derive(Debug, Clone)]
pub struct DeadlinePattern {
    pub id: String,
    pub regexes: Vec<LazyRegex>,
    pub rule: PatternRule,
}

/// A compiled reference rule.
#[derive(Debug, Clone)]
pub struct ReferencePattern {
    pub id: String,
    pub kind: ReferencePatternKind,
    /// Compiled on first use: a document without a digit needs none.
    pub regexes: Vec<LazyRegex>,
    pub rule: ReferenceRule,
}

/// A compiled rule of `rules/mandates.yaml`: an id and its patterns as
/// one expression.
#[derive(Debug, Clone)]
pub struct Classed {
    pub id: String,
    pub regex: LazyRegex,
    pub rule: PatternRule,
}

/// All rules, compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// What loading a rules folder skipped or left to the defaults (files
    /// that are not YAML, files without rules), for the user to see.
    pub notes: Vec<String>,
    /// The function words, number words and months the classifier
    /// consults (`rules/language.yaml`).
    pub language: language::Language,
    pub verbs: Vec<Verb>,
    /// Verb phrases -> index into `verbs`.
    pub verb_lexicon: Lexicon<usize>,
    /// First-person verb phrases of declarations ("request", "commit to")
    /// -> index into `verbs`.
    pub first_person_lexicon: Lexicon<usize>,
    /// Phrases after a declaration's named subject ("are invited to",
    /// "should") -> index into `verbs`.
    pub after_subject_lexicon: Lexicon<usize>,
    /// The words that open a clause in the first person, as
    /// `clause_openers` (built on first use).
    first_person_openers: OnceLock<lexicon::Screened<Option<lexicon::WordSet>>>,
    pub adverbs: Lexicon<()>,
    pub connectives: Lexicon<()>,
    /// Preambular lead phrases -> lead rule id.
    pub leads: Lexicon<String>,
    pub actors: Vec<Actor>,
    /// Actor names and country names -> what they name.
    pub actor_lexicon: Lexicon<ActorRef>,
    /// Anaphora -> the actors that may be meant, by index.
    pub anaphora: Lexicon<Vec<usize>>,
    pub determiners: Lexicon<()>,
    pub partners: Lexicon<()>,
    pub addressee_ends: Lexicon<()>,
    pub country_prefixes: Lexicon<()>,
    pub country_anaphora: Lexicon<()>,
    pub country_nouns: Lexicon<()>,
    pub state_nouns: Lexicon<()>,
    pub addressee_nouns: Lexicon<()>,
    /// Demonyms -> index into `countries`.
    pub demonyms: Lexicon<usize>,
    pub named_bodies: Vec<NamedBody>,
    /// Kinds of mandate, in order (`rules/mandates.yaml`).
    pub mandate_kinds: Vec<Classed>,
    /// Recurrence rules, in order.
    pub recurrences: Vec<Classed>,
    /// Review, sunset and end-date rules.
    pub reviews: Vec<Classed>,
    /// Anaphora of named bodies ("the Committee") -> the bodies that may
    /// be meant, by index.
    pub entity_anaphora: Lexicon<Vec<usize>>,
    /// The names of the named bodies that anaphora point back to.
    pub entity_mentions: NameMatcher<usize>,
    pub countries: Vec<CountryRule>,
    pub instruments: Vec<InstrumentRule>,
    pub instrument_lexicon: Lexicon<usize>,
    pub qualifiers: Vec<Qualifier>,
    pub conditions: Vec<Condition>,
    pub deadlines: Vec<DeadlinePattern>,
    pub references: Vec<ReferencePattern>,
    /// Every pattern of the reference rules searched together (compiled
    /// ahead of time for the built-in rules, else on first use): a text
    /// where none matches needs no search of each.
    reference_screen: OnceLock<Option<RuleSearch<usize>>>,
    /// Where each rule id came from ("verbs/requests" -> file and line).
    pub origins: BTreeMap<String, Origin>,
    /// Names of the actors that anaphora point back to.
    pub actor_mentions: NameMatcher<ActorRef>,
    /// State names, for "the Government" and the like.
    pub country_mentions: NameMatcher<ActorRef>,
    /// Treaty names and aliases -> index into `instruments`.
    pub instrument_names: NameMatcher<usize>,
    /// The qualifier rules that are not `at_start` (by index), searched
    /// together to find the qualifiers of a text in one pass.
    pub qualifier_search: Option<RuleSearch<usize>>,
    pub elaborations: Vec<Elaboration>,
    /// The elaboration rules (by index) searched together (built on first
    /// use: one search costs less to build than one per rule).
    elaboration_search: OnceLock<Option<RuleSearch<usize>>>,
    /// First words of verb phrases, adverbs and connectives: a clause can
    /// only start with one of these. A word that only opens phrases of
    /// several words ("in" of "in this regard") has the words that may
    /// follow it; the others (`None`) may open a clause whatever follows.
    pub clause_openers: lexicon::Screened<Option<lexicon::WordSet>>,
    /// The names of actors and countries by their number of words, for
    /// the search of misspelt names (built on first use: few documents
    /// misspell a name).
    names_by_length: OnceLock<Vec<Vec<NamedActor>>>,
    /// All deadline patterns (rule index, pattern index), searched
    /// together: most texts have no deadline.
    pub deadline_search: Option<RuleSearch<(usize, usize)>>,
    /// The `at_start` qualifier rules searched together, when compiled
    /// ahead of time: where it finds nothing, none of them matches; where
    /// it does, it says which first and where ([`RuleSearch::first`]), and
    /// only the others' expressions need to be compiled.
    pub at_start_screen: Option<RuleSearch<usize>>,
    /// The condition rules searched together, likewise.
    pub condition_screen: Option<RuleSearch<usize>>,
}

/// Whose verb phrases open the clauses of a text: the adopting body's
/// ("Requests the Secretary-General ...") or, in the texts a resolution
/// adopts, the first person's ("We request ...", "We commit to ...").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Voice {
    #[default]
    Body,
    FirstPerson,
}

impl RuleSet {
    /// The embedded default rules (compiled once).
    pub fn defaults() -> &'static RuleSet {
        static DEFAULTS: OnceLock<RuleSet> = OnceLock::new();
        DEFAULTS.get_or_init(|| {
            // The embedded rules are checked by the test suite; failing here
            // would be a build defect, so fall back to an empty set rather
            // than panic.
            load(None).unwrap_or_default()
        })
    }

    /// The expressions of the combined search `what` ("qualifiers": the
    /// qualifier rules not `at_start`; "at-start": those that are;
    /// "elaborations"; "conditions"), with the index of the rule of each.
    fn search_exprs(&self, what: &str) -> Vec<(usize, &LazyRegex)> {
        match what {
            "qualifiers" | "at-start" => self
                .qualifiers
                .iter()
                .enumerate()
                .filter(|(_, q)| q.at_start == (what == "at-start"))
                .map(|(k, q)| (k, &q.regex))
                .collect(),
            "conditions" => self
                .conditions
                .iter()
                .enumerate()
                .map(|(k, c)| (k, &c.regex))
                .collect(),
            "elaborations" => self
                .elaborations
                .iter()
                .enumerate()
                .map(|(k, e)| (k, &e.regex))
                .collect(),
            "references" => self
                .references
                .iter()
                .enumerate()
                .flat_map(|(k, r)| r.regexes.iter().map(move |x| (k, x)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The patterns of the combined search `what`, as it compiles them.
    pub fn search_patterns(&self, what: &str) -> Vec<&str> {
        let exprs: Vec<&LazyRegex> = match what {
            "deadlines" => self.deadline_exprs().into_iter().map(|(_, r)| r).collect(),
            _ => self
                .search_exprs(what)
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
        };
        exprs.into_iter().map(LazyRegex::as_str).collect()
    }

    /// Every pattern of every deadline rule, with (rule, pattern) indexes.
    fn deadline_exprs(&self) -> Vec<((usize, usize), &LazyRegex)> {
        self.deadlines
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.regexes.iter().enumerate().map(move |(j, r)| ((i, j), r)))
            .collect()
    }

    /// The search of every reference pattern at once (see the field
    /// `reference_screen`).
    pub fn reference_screen(&self) -> Option<&RuleSearch<usize>> {
        self.reference_screen
            .get_or_init(|| {
                RuleSearch::new(
                    self.search_exprs("references"),
                    "references.yaml",
                    "references",
                )
                .ok()
                .flatten()
            })
            .as_ref()
    }

    /// The names of actors and countries (not of named bodies) by their
    /// number of words: `[n]` holds those of `n` words, each as its folded
    /// words.
    pub fn names_by_length(&self) -> &[Vec<NamedActor>] {
        self.names_by_length.get_or_init(|| {
            let mut by_length: Vec<Vec<NamedActor>> = Vec::new();
            for (name, r) in self.actor_lexicon.phrases() {
                if matches!(r, ActorRef::Named(_)) {
                    continue;
                }
                let n = name.word_count();
                if by_length.len() <= n {
                    by_length.resize_with(n + 1, Vec::new);
                }
                by_length[n].push((name.words().map(str::to_string).collect(), *r));
            }
            by_length
        })
    }

    /// The elaboration rules searched together (none when there are none
    /// or their patterns do not compile together, which loading reports).
    pub fn elaboration_search(&self) -> Option<&RuleSearch<usize>> {
        self.elaboration_search
            .get_or_init(|| {
                RuleSearch::new(
                    self.search_exprs("elaborations"),
                    "qualifiers.yaml",
                    "elaborations",
                )
                .ok()
                .flatten()
            })
            .as_ref()
    }

    /// The verb phrases of clauses in `voice` -> index into `verbs`.
    pub fn verb_phrases(&self, voice: Voice) -> &Lexicon<usize> {
        match voice {
            Voice::Body => &self.verb_lexicon,
            Voice::FirstPerson => &self.first_person_lexicon,
        }
    }

    /// The words that open a clause in `voice` (see `clause_openers`).
    pub fn opening_words(&self, voice: Voice) -> &lexicon::Screened<Option<lexicon::WordSet>> {
        match voice {
            Voice::Body => &self.clause_openers,
            Voice::FirstPerson => self
                .first_person_openers
                .get_or_init(|| openers(&self.first_person_lexicon, self)),
        }
    }

    /// Actor id of an actor reference.
    pub fn actor_id(&self, r: &ActorRef) -> String {
        match r {
            ActorRef::Actor(i) => self.actors[*i].id.clone(),
            ActorRef::Country(i) => format!("country:{}", self.countries[*i].id),
            ActorRef::Named(_) => "other".to_string(),
        }
    }

    /// The index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }
}

/// The first words of verb phrases, adverbs and connectives: a clause can
/// only start with one of these. A verb phrase may take an adverb after its
/// first word ("calls once again upon"): its first word opens a clause
/// alone.
fn openers(verbs: &Lexicon<usize>, set: &RuleSet) -> lexicon::Screened<Option<lexicon::WordSet>> {
    let mut openers: lexicon::WordMap<Option<lexicon::WordSet>> = verbs
        .phrases()
        .map(|(p, _)| (p.first().to_string(), None))
        .collect();
    for (p, _) in set.adverbs.phrases().chain(set.connectives.phrases()) {
        let entry = openers
            .entry(p.first().to_string())
            .or_insert_with(|| Some(lexicon::WordSet::default()));
        match (entry, p.words().nth(1)) {
            (Some(next), Some(second)) => {
                next.insert(second.to_string());
            }
            (entry, _) => *entry = None,
        }
    }
    openers.into()
}

/// The source of one rule file.
struct Source {
    name: String,
    text: String,
}

/// Loads the rules: the embedded defaults, overridden by the files of `dir`
/// when given.
pub fn load(dir: Option<&Path>) -> Result<RuleSet, RulesError> {
    let mut user: BTreeMap<&str, Source> = BTreeMap::new();
    let mut notes = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| RulesError {
            file: dir.display().to_string(),
            line: None,
            column: None,
            rule: None,
            message: format!("cannot read the rules folder: {e}"),
        })?;
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
                if !name.starts_with('.') {
                    notes.push(format!(
                        "{}: not a rule file (*.yaml); skipped",
                        path.display()
                    ));
                }
                continue;
            }
            let canonical = name.replace(".yml", ".yaml");
            let Some(&(known, _)) = FILES.iter().find(|(f, _)| *f == canonical) else {
                return Err(RulesError {
                    file: path.display().to_string(),
                    line: None,
                    column: None,
                    rule: None,
                    message: format!(
                        "unknown rule file; expected one of {}",
                        FILES.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
                    ),
                });
            };
            let text = std::fs::read_to_string(&path).map_err(|e| RulesError {
                file: path.display().to_string(),
                line: None,
                column: None,
                rule: None,
                message: format!("cannot read: {e}"),
            })?;
            if text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            {
                notes.push(format!(
                    "{}: holds no rules; the built-in {known} is used",
                    path.display()
                ));
            }
            user.insert(
                known,
                Source {
                    name: path.display().to_string(),
                    text,
                },
            );
        }
    }
    let default_name = |f: &str| format!("rules/{f}");
    let builtin = builtin::read_builtin()?;
    let mut b = Builder {
        set: RuleSet::default(),
        check_syntax: dir.is_some(),
    };

    let mut verbs = builtin.verbs;
    if let Some(u) = user.get("verbs.yaml") {
        let over: VerbsFile = read(u)?;
        verbs.adverbs.extend(over.adverbs);
        verbs.connectives.extend(over.connectives);
        merge(&mut verbs.verbs, over.verbs, u, |r| (&r.id, r.enabled))?;
    }
    let verbs_src = user
        .get("verbs.yaml")
        .map_or_else(|| default_name("verbs.yaml"), |u| u.name.clone());
    b.verbs(verbs, &verbs_src)?;

    let mut pre = builtin.preamble;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("preamble.yaml") {
        let over: PreambleFile = read(u)?;
        ids = merge(&mut pre.leads, over.leads, u, |r| (&r.id, r.enabled))?;
    }
    b.leads(pre, "preamble.yaml")
        .map_err(|e| blame(e, user.get("preamble.yaml"), &ids))?;

    let mut countries = builtin.countries;
    let mut country_ids = HashSet::new();
    if let Some(u) = user.get("countries.yaml") {
        let over: CountriesFile = read(u)?;
        country_ids = merge(&mut countries.countries, over.countries, u, |r| {
            (&r.id, r.enabled)
        })?;
    }
    let mut actors = builtin.actors;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("actors.yaml") {
        let over: ActorsFile = read(u)?;
        actors.determiners.extend(over.determiners);
        actors.partners.extend(over.partners);
        actors.addressee_ends.extend(over.addressee_ends);
        actors.country_prefixes.extend(over.country_prefixes);
        actors.country_anaphora.extend(over.country_anaphora);
        actors.country_nouns.extend(over.country_nouns);
        actors.state_nouns.extend(over.state_nouns);
        actors.addressee_nouns.extend(over.addressee_nouns);
        // A body listed again (a copy of the defaults, or a changed alias
        // list) replaces the default entry of the same name.
        for b in over.named_bodies {
            match actors
                .named_bodies
                .iter_mut()
                .find(|d| d.value.name == b.value.name)
            {
                Some(d) => *d = b,
                None => actors.named_bodies.push(b),
            }
        }
        ids = merge(&mut actors.actors, over.actors, u, |r| (&r.id, r.enabled))?;
    }
    b.actors(actors, countries, "actors.yaml").map_err(|e| {
        if e.file.ends_with("countries.yaml") {
            blame(e, user.get("countries.yaml"), &country_ids)
        } else {
            blame(e, user.get("actors.yaml"), &ids)
        }
    })?;

    let mut instruments = builtin.instruments;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("instruments.yaml") {
        let over: InstrumentsFile = read(u)?;
        ids = merge(&mut instruments.instruments, over.instruments, u, |r| {
            (&r.id, r.enabled)
        })?;
    }
    b.instruments(instruments, "instruments.yaml")
        .map_err(|e| blame(e, user.get("instruments.yaml"), &ids))?;

    let mut quals = builtin.qualifiers;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("qualifiers.yaml") {
        let over: QualifiersFile = read(u)?;
        ids = merge(&mut quals.qualifiers, over.qualifiers, u, |r| {
            (&r.id, r.enabled)
        })?;
        ids.extend(merge(&mut quals.conditions, over.conditions, u, |r| {
            (&r.id, r.enabled)
        })?);
        ids.extend(merge(&mut quals.elaborations, over.elaborations, u, |r| {
            (&r.id, r.enabled)
        })?);
    }
    b.qualifiers(quals, "qualifiers.yaml")
        .map_err(|e| blame(e, user.get("qualifiers.yaml"), &ids))?;

    let mut deadlines = builtin.deadlines;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("deadlines.yaml") {
        let over: DeadlinesFile = read(u)?;
        ids = merge(&mut deadlines.deadlines, over.deadlines, u, |r| {
            (&r.id, r.enabled)
        })?;
    }
    b.deadlines(deadlines, "deadlines.yaml")
        .map_err(|e| blame(e, user.get("deadlines.yaml"), &ids))?;

    let mut refs = builtin.references;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("references.yaml") {
        let over: ReferencesFile = read(u)?;
        ids = merge(&mut refs.references, over.references, u, |r| {
            (&r.id, r.enabled)
        })?;
    }
    b.references(refs, "references.yaml")
        .map_err(|e| blame(e, user.get("references.yaml"), &ids))?;
    let mut mandates = builtin.mandates;
    let mut ids = HashSet::new();
    if let Some(u) = user.get("mandates.yaml") {
        let over: MandatesFile = read(u)?;
        ids = merge(&mut mandates.kinds, over.kinds, u, |r| (&r.id, r.enabled))?;
        ids.extend(merge(&mut mandates.recurrence, over.recurrence, u, |r| {
            (&r.id, r.enabled)
        })?);
        ids.extend(merge(&mut mandates.reviews, over.reviews, u, |r| {
            (&r.id, r.enabled)
        })?);
    }
    b.mandates(mandates, "mandates.yaml")
        .map_err(|e| blame(e, user.get("mandates.yaml"), &ids))?;
    b.mentions();
    b.set.notes = notes;

    let base = builtin.language;
    let over = match user.get("language.yaml") {
        Some(u) => read(u)?,
        None => language::LanguageFile::default(),
    };
    b.set.language = language::Language::merge(base, over).map_err(|message| RulesError {
        file: user
            .get("language.yaml")
            .map_or_else(|| "rules/language.yaml".to_string(), |u| u.name.clone()),
        line: None,
        column: None,
        rule: None,
        message,
    })?;
    Ok(b.set)
}

/// Parses one file, turning serde errors into [`RulesError`]s with line and
/// column.
fn read<T: serde::de::DeserializeOwned>(src: &Source) -> Result<T, RulesError> {
    serde_saphyr::from_str(&src.text).map_err(|e| {
        let loc = e.location();
        let message = e.without_snippet().to_string();
        // The location goes in its own fields; the parser also ends some
        // messages with it.
        let message = match message.rfind(" at line ") {
            Some(at)
                if loc.is_some()
                    && message[at + 9..]
                        .split(", column ")
                        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
            {
                message[..at].to_string()
            }
            _ => message,
        };
        RulesError {
            file: src.name.clone(),
            line: loc.map(|l| l.line()),
            column: loc.map(|l| l.column()),
            rule: None,
            message,
        }
    })
}

/// Merges a user's rules into the defaults by id: same id replaces, new id
/// adds, `enabled: false` removes. Ids must be unique within each file.
fn merge<T>(
    base: &mut Vec<Spanned<T>>,
    over: Vec<Spanned<T>>,
    src: &Source,
    key: impl Fn(&T) -> (&String, bool),
) -> Result<HashSet<String>, RulesError> {
    let mut seen = HashSet::new();
    for r in over {
        let (id, enabled) = key(&r.value);
        let id = id.clone();
        if !seen.insert(id.clone()) {
            return Err(RulesError {
                file: src.name.clone(),
                line: Some(r.referenced.line()),
                column: Some(r.referenced.column()),
                rule: Some(id),
                message: "duplicate rule id".into(),
            });
        }
        let pos = base.iter().position(|b| *key(&b.value).0 == id);
        match (pos, enabled) {
            (Some(i), true) => base[i] = r,
            (Some(i), false) => {
                base.remove(i);
            }
            (None, true) => base.push(r),
            (None, false) => {}
        }
    }
    Ok(seen)
}

/// An error about a rule of a file the user's folder overrides names the
/// user's file when the rule came from it (or when it is about the rules of
/// the file together).
fn blame(mut e: RulesError, user: Option<&Source>, ids: &HashSet<String>) -> RulesError {
    if let Some(u) = user
        && (e.line.is_none() || e.rule.as_ref().is_some_and(|r| ids.contains(r)))
    {
        e.file = u.name.clone();
    }
    e
}

struct Builder {
    set: RuleSet,
    /// Check the syntax of each pattern as it is read. The built-in rules
    /// are checked by the test suite (every pattern compiles), so a run
    /// without a user's folder skips this.
    check_syntax: bool,
}

fn err(file: &str, line: u64, rule: &str, message: impl Into<String>) -> RulesError {
    RulesError {
        file: if file.contains('/') {
            file.to_string()
        } else {
            format!("rules/{file}")
        },
        line: (line > 0).then_some(line),
        column: None,
        rule: Some(rule.to_string()),
        message: message.into(),
    }
}

/// Rule ids: lowercase words joined by `-`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Word boundaries of rule patterns are ASCII word boundaries: a Unicode
/// boundary would keep the fast regex engines off any text that is not pure
/// ASCII (curly quotes, accents), and the rules mean words of English.
pub fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// The message for a pattern that does not compile: the pattern cut to its
/// first 80 characters, and the error (a syntax error shows the expression
/// with a mark under the fault: only for patterns short enough to read).
fn bad_pattern(pattern: &str, e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => format!(
            "pattern {:?} is too large to compile (over {limit} bytes once compiled); split it into several rules",
            cut(pattern, 80)
        ),
        e => bad_syntax(pattern, e),
    }
}

fn bad_syntax(pattern: &str, e: &dyn std::fmt::Display) -> String {
    let shown = cut(pattern, 80);
    if pattern.chars().count() <= 200 {
        format!("bad pattern {shown:?}: {e}")
    } else {
        let first = e.to_string();
        let last = first.lines().last().unwrap_or_default().trim().to_string();
        format!("bad pattern {shown:?}: {last}")
    }
}

/// At most `max` characters of `s`, with "…" when cut.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Compiles a pattern as a case-insensitive, word-bounded regular expression.
/// The first of `rules` (line, id, expression) that does not compile, as
/// an error naming it: when a combined search fails (too large), which rule
/// made it fail.
fn named_failure<'a>(
    file: &str,
    rules: impl IntoIterator<Item = (u64, &'a str, &'a LazyRegex)>,
) -> Option<RulesError> {
    rules.into_iter().find_map(|(line, id, r)| {
        r.try_get()
            .err()
            .map(|e| err(file, line, id, bad_pattern(r.as_str(), e)))
    })
}

/// The expression a rule pattern stands for: case-insensitive, with ASCII
/// word boundaries, and (`bounded`) starting at a word.
fn expression(pattern: &str, bounded: bool) -> String {
    let flags = case_flags(pattern);
    let pattern = ascii_boundaries(pattern);
    if bounded {
        format!(r"{flags}(?-u:\b)(?:{pattern})")
    } else {
        format!("{flags}{pattern}")
    }
}

/// The case-insensitive flag of a pattern. A pattern of ASCII characters
/// with no class whose meaning depends on Unicode (`.`, a negated class,
/// `\w`, `\s`, `\d`, `\p`, `\B`, a character by its code) folds ASCII
/// letters only: it finds the same matches in any text without the Kelvin
/// sign or the long s (the only characters Unicode folds to ASCII letters),
/// and costs several times less to compile. Any other pattern folds all of
/// Unicode.
fn case_flags(pattern: &str) -> &'static str {
    const UNICODE: &[&str] = &[
        ".", "[^", "\\w", "\\W", "\\s", "\\S", "\\d", "\\D", "\\p", "\\P", "\\B", "\\x", "\\u",
        "\\U",
    ];
    if pattern.is_ascii() && !UNICODE.iter().any(|c| pattern.contains(c)) {
        "(?i-u)"
    } else {
        "(?i)"
    }
}

impl Builder {
    fn check_ids<'a>(
        &mut self,
        file: &str,
        group: &str,
        items: impl Iterator<Item = (&'a String, u64)>,
    ) -> Result<(), RulesError> {
        let mut seen: HashSet<&str> = HashSet::new();
        let short = file.rsplit('/').next().unwrap_or(file);
        for (id, line) in items {
            if !valid_id(id) {
                return Err(err(
                    file,
                    line,
                    id,
                    "rule ids are lowercase words joined by '-'",
                ));
            }
            if !seen.insert(id) {
                return Err(err(file, line, id, "duplicate rule id"));
            }
            self.set.origins.insert(
                format!("{group}/{id}"),
                Origin {
                    file: short.to_string(),
                    line,
                },
            );
        }
        Ok(())
    }

    fn verbs(&mut self, f: VerbsFile, file: &str) -> Result<(), RulesError> {
        self.check_ids(
            file,
            "verbs",
            f.verbs.iter().map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for a in &f.adverbs {
            self.set.adverbs.insert(a, ());
        }
        for c in &f.connectives {
            self.set.connectives.insert(c, ());
        }
        // Each phrase's folded words (one space apart), and the rule that
        // has it.
        let mut owner: BTreeMap<Box<str>, String> = BTreeMap::new();
        let mut first_owner: BTreeMap<Box<str>, String> = BTreeMap::new();
        let mut subject_owner: BTreeMap<Box<str>, String> = BTreeMap::new();
        for r in f.verbs {
            let line = r.referenced.line();
            let v = r.value;
            if v.phrases.is_empty() {
                return Err(err(
                    file,
                    line,
                    &v.id,
                    "a verb rule needs at least one phrase",
                ));
            }
            let idx = self.set.verbs.len();
            for (field, phrases, owners, lexicon) in [
                (
                    "phrases",
                    &v.phrases,
                    &mut owner,
                    &mut self.set.verb_lexicon,
                ),
                (
                    "first_person",
                    &v.first_person,
                    &mut first_owner,
                    &mut self.set.first_person_lexicon,
                ),
                (
                    "after_subject",
                    &v.after_subject,
                    &mut subject_owner,
                    &mut self.set.after_subject_lexicon,
                ),
            ] {
                for p in phrases {
                    let Some(phrase) = lexicon::Phrase::new(p) else {
                        return Err(err(file, line, &v.id, format!("empty phrase in `{field}`")));
                    };
                    if let Some(other) = owners.insert(phrase.text().into(), v.id.clone()) {
                        return Err(err(
                            file,
                            line,
                            &v.id,
                            format!("phrase {p:?} of `{field}` is also in rule `{other}`"),
                        ));
                    }
                    lexicon.insert_phrase(phrase, idx);
                }
            }
            let strength = v
                .strength
                .ok_or_else(|| err(file, line, &v.id, "missing field `strength`"))?;
            if v.act.is_some() && !v.self_action {
                return Err(err(file, line, &v.id, "`act` needs `self: true`"));
            }
            if let Some(a) = v.act.as_deref().filter(|a| {
                a.is_empty() || !a.chars().all(|c| c.is_lowercase() || c == ' ' || c == '-')
            }) {
                return Err(err(
                    file,
                    line,
                    &v.id,
                    format!("`act` {a:?} is not a verb in lower case"),
                ));
            }
            self.set.verbs.push(Verb {
                id: v.id.clone(),
                strength,
                self_action: v.self_action,
                nominal: v.nominal,
                named_only: v.named_only,
                rule: v,
            });
        }
        Ok(())
    }

    fn leads(&mut self, f: PreambleFile, file: &str) -> Result<(), RulesError> {
        self.check_ids(
            file,
            "preamble",
            f.leads.iter().map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for r in f.leads {
            for p in &r.value.phrases {
                self.set.leads.insert(p, r.value.id.clone());
            }
        }
        Ok(())
    }

    fn actors(
        &mut self,
        f: ActorsFile,
        countries: CountriesFile,
        file: &str,
    ) -> Result<(), RulesError> {
        self.check_ids(
            file,
            "actors",
            f.actors.iter().map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for (list, lex) in [
            (&f.determiners, &mut self.set.determiners),
            (&f.partners, &mut self.set.partners),
            (&f.addressee_ends, &mut self.set.addressee_ends),
            (&f.country_prefixes, &mut self.set.country_prefixes),
            (&f.country_anaphora, &mut self.set.country_anaphora),
            (&f.country_nouns, &mut self.set.country_nouns),
            (&f.state_nouns, &mut self.set.state_nouns),
            (&f.addressee_nouns, &mut self.set.addressee_nouns),
        ] {
            for w in list {
                lex.insert(w, ());
            }
        }
        let mut anaphora: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for r in f.actors {
            let line = r.referenced.line();
            let a = r.value;
            if a.names.is_empty() {
                return Err(err(file, line, &a.id, "an actor needs at least one name"));
            }
            if a.id == "other" || a.id.starts_with("country") {
                return Err(err(
                    file,
                    line,
                    &a.id,
                    "ids `other` and `country:*` are given by the classifier",
                ));
            }
            let idx = self.set.actors.len();
            for n in &a.names {
                if !self.set.actor_lexicon.insert(n, ActorRef::Actor(idx))
                    && self
                        .set
                        .actor_lexicon
                        .longest(&tokenize(n, 0), 0)
                        .map(|(_, r)| r)
                        != Some(&ActorRef::Actor(idx))
                {
                    return Err(err(
                        file,
                        line,
                        &a.id,
                        format!("name {n:?} is also given to another actor"),
                    ));
                }
            }
            for p in &a.anaphora {
                anaphora
                    .entry(fold(p))
                    .or_insert_with(|| (p.clone(), Vec::new()))
                    .1
                    .push(idx);
            }
            self.set.actors.push(Actor {
                id: a.id.clone(),
                instrument: a.instrument,
                rule: a,
            });
        }
        for (_, (phrase, idxs)) in anaphora {
            self.set.anaphora.insert(&phrase, idxs);
        }
        let mut entity_anaphora: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for r in f.named_bodies {
            let line = r.referenced.line();
            let mut b = r.value;
            b.id = b.entity_id();
            if b.id.is_empty()
                || self.set.actor_index(&b.id).is_some()
                || self.set.named_bodies.iter().any(|x| x.id == b.id)
            {
                return Err(err(
                    file,
                    line,
                    &b.name,
                    format!(
                        "entity id {:?} is empty or already taken (give the body an `id`)",
                        b.id
                    ),
                ));
            }
            let idx = self.set.named_bodies.len();
            for p in &b.anaphora {
                entity_anaphora
                    .entry(fold(p))
                    .or_insert_with(|| (p.clone(), Vec::new()))
                    .1
                    .push(idx);
            }
            for n in std::iter::once(&b.name).chain(&b.aliases) {
                if !self.set.actor_lexicon.insert(n, ActorRef::Named(idx)) {
                    return Err(err(
                        file,
                        line,
                        &b.name,
                        format!("name {n:?} is already taken"),
                    ));
                }
            }
            self.set.named_bodies.push(b);
        }
        for (_, (phrase, idxs)) in entity_anaphora {
            self.set.entity_anaphora.insert(&phrase, idxs);
        }
        let cfile = "countries.yaml";
        self.check_ids(
            cfile,
            "countries",
            countries
                .countries
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for r in countries.countries {
            let line = r.referenced.line();
            let c = r.value;
            if c.name.is_empty() {
                return Err(err(cfile, line, &c.id, "missing field `name`"));
            }
            let idx = self.set.countries.len();
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                if !self.set.actor_lexicon.insert(n, ActorRef::Country(idx)) {
                    return Err(err(
                        cfile,
                        line,
                        &c.id,
                        format!("name {n:?} is already taken"),
                    ));
                }
            }
            for d in &c.demonyms {
                if !self.set.demonyms.insert(d, idx) {
                    return Err(err(
                        cfile,
                        line,
                        &c.id,
                        format!("demonym {d:?} is already taken"),
                    ));
                }
            }
            self.set.countries.push(c);
        }
        Ok(())
    }

    /// The matchers that work on whole texts: names anaphora point back
    /// to, treaty names, and the combined qualifier and deadline patterns.
    fn mentions(&mut self) {
        let set = &mut self.set;
        set.actor_mentions = NameMatcher::new(set.actors.iter().enumerate().flat_map(|(i, a)| {
            let names = if a.rule.anaphora.is_empty() {
                &[][..]
            } else {
                &a.rule.names[..]
            };
            names.iter().map(move |n| (n.clone(), ActorRef::Actor(i)))
        }));
        set.country_mentions =
            NameMatcher::new(set.countries.iter().enumerate().flat_map(|(i, c)| {
                std::iter::once(&c.name)
                    .chain(&c.aliases)
                    .map(move |n| (n.clone(), ActorRef::Country(i)))
            }));
        set.entity_mentions = NameMatcher::new(
            set.named_bodies
                .iter()
                .enumerate()
                .filter(|(_, b)| !b.anaphora.is_empty())
                .flat_map(|(i, b)| {
                    std::iter::once(&b.name)
                        .chain(&b.aliases)
                        .map(move |n| (n.clone(), i))
                }),
        );
        set.instrument_names =
            NameMatcher::new(set.instruments.iter().enumerate().flat_map(|(i, x)| {
                std::iter::once(&x.name)
                    .chain(&x.aliases)
                    .map(move |n| (n.clone(), i))
            }));
        set.clause_openers = openers(&set.verb_lexicon, set);
    }

    fn instruments(&mut self, f: InstrumentsFile, file: &str) -> Result<(), RulesError> {
        self.check_ids(
            file,
            "instruments",
            f.instruments
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for r in f.instruments {
            let line = r.referenced.line();
            let i = r.value;
            if i.name.is_empty() {
                return Err(err(file, line, &i.id, "missing field `name`"));
            }
            let idx = self.set.instruments.len();
            for n in std::iter::once(&i.name).chain(&i.aliases) {
                if !self.set.instrument_lexicon.insert(n, idx) {
                    return Err(err(
                        file,
                        line,
                        &i.id,
                        format!("name {n:?} is already taken"),
                    ));
                }
            }
            self.set.instruments.push(i);
        }
        Ok(())
    }

    fn qualifiers(&mut self, f: QualifiersFile, file: &str) -> Result<(), RulesError> {
        let check = self.check_syntax;
        self.check_ids(
            file,
            "qualifiers",
            f.qualifiers
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        self.check_ids(
            file,
            "conditions",
            f.conditions
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        self.check_ids(
            file,
            "elaborations",
            f.elaborations
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for r in f.elaborations {
            let line = r.referenced.line();
            let e = r.value;
            let regex = alternation(file, line, &e.id, &e.patterns, false, check)?;
            self.set.elaborations.push(Elaboration {
                id: e.id.clone(),
                regex,
                rule: e,
            });
        }
        let mut lines = Vec::new();
        for r in f.qualifiers {
            let line = r.referenced.line();
            lines.push(line);
            let q = r.value;
            let kind = q
                .kind
                .ok_or_else(|| err(file, line, &q.id, "missing field `kind`"))?;
            let regex = alternation(file, line, &q.id, &q.patterns, q.at_start, check)?;
            self.set.qualifiers.push(Qualifier {
                id: q.id.clone(),
                kind,
                at_start: q.at_start,
                regex,
                rule: q,
            });
        }
        let qualifiers = &self.set.qualifiers;
        self.set.qualifier_search =
            RuleSearch::new(self.set.search_exprs("qualifiers"), file, "qualifiers").map_err(
                |e| {
                    let each = lines
                        .iter()
                        .zip(qualifiers)
                        .map(|(&l, q)| (l, q.id.as_str(), &q.regex));
                    named_failure(file, each).unwrap_or(e)
                },
            )?;
        for r in f.conditions {
            let line = r.referenced.line();
            let c = r.value;
            let regex = alternation(file, line, &c.id, &c.patterns, false, check)?;
            self.set.conditions.push(Condition {
                id: c.id.clone(),
                kind: c.kind.clone(),
                regex,
                rule: c,
            });
        }
        let set = &mut self.set;
        set.at_start_screen = RuleSearch::prebuilt(set.search_exprs("at-start"), "at-start");
        set.condition_screen = RuleSearch::prebuilt(set.search_exprs("conditions"), "conditions");
        Ok(())
    }

    fn deadlines(&mut self, f: DeadlinesFile, file: &str) -> Result<(), RulesError> {
        let check = self.check_syntax;
        self.check_ids(
            file,
            "deadlines",
            f.deadlines
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        let mut lines = Vec::new();
        for r in f.deadlines {
            let line = r.referenced.line();
            lines.push(line);
            let d = r.value;
            if d.patterns.is_empty() {
                return Err(err(
                    file,
                    line,
                    &d.id,
                    "a deadline rule needs at least one pattern",
                ));
            }
            let regexes = d
                .patterns
                .iter()
                .map(|p| lazy(file, line, &d.id, p, true, check))
                .collect::<Result<Vec<_>, _>>()?;
            self.set.deadlines.push(DeadlinePattern {
                id: d.id.clone(),
                regexes,
                rule: d,
            });
        }
        let deadlines = &self.set.deadlines;
        self.set.deadline_search = RuleSearch::new(self.set.deadline_exprs(), file, "deadlines")
            .map_err(|e| {
                let each = lines
                    .iter()
                    .zip(deadlines)
                    .flat_map(|(&l, d)| d.regexes.iter().map(move |r| (l, d.id.as_str(), r)));
                named_failure(file, each).unwrap_or(e)
            })?;
        Ok(())
    }

    fn mandates(&mut self, f: MandatesFile, file: &str) -> Result<(), RulesError> {
        let check = self.check_syntax;
        for (group, rules) in [
            ("kinds", &f.kinds),
            ("recurrence", &f.recurrence),
            ("reviews", &f.reviews),
        ] {
            self.check_ids(
                file,
                group,
                rules.iter().map(|r| (&r.value.id, r.referenced.line())),
            )?;
        }
        let compile_all = |rules: Vec<Spanned<PatternRule>>| {
            rules
                .into_iter()
                .map(|r| {
                    let line = r.referenced.line();
                    let rule = r.value;
                    let regex = alternation(file, line, &rule.id, &rule.patterns, false, check)?;
                    Ok(Classed {
                        id: rule.id.clone(),
                        regex,
                        rule,
                    })
                })
                .collect::<Result<Vec<_>, RulesError>>()
        };
        if f.kinds.iter().any(|k| k.value.id == "other") {
            let k = f.kinds.iter().find(|k| k.value.id == "other");
            return Err(err(
                file,
                k.map_or(0, |k| k.referenced.line()),
                "other",
                "the kind `other` is what no kind matches; it takes no patterns",
            ));
        }
        self.set.mandate_kinds = compile_all(f.kinds)?;
        self.set.recurrences = compile_all(f.recurrence)?;
        self.set.reviews = compile_all(f.reviews)?;
        Ok(())
    }

    fn references(&mut self, f: ReferencesFile, file: &str) -> Result<(), RulesError> {
        self.check_ids(
            file,
            "references",
            f.references
                .iter()
                .map(|r| (&r.value.id, r.referenced.line())),
        )?;
        for r in f.references {
            let line = r.referenced.line();
            let d = r.value;
            if d.patterns.is_empty() {
                return Err(err(
                    file,
                    line,
                    &d.id,
                    "a reference rule needs at least one pattern",
                ));
            }
            let check = self.check_syntax;
            let regexes = d
                .patterns
                .iter()
                .map(|p| {
                    let r = LazyRegex::new(ascii_boundaries(p));
                    // A user's pattern is compiled now, to be named if bad;
                    // the built-in ones are compiled by the test suite.
                    if check && let Err(e) = r.try_get() {
                        return Err(err(file, line, &d.id, bad_pattern(p, e)));
                    }
                    Ok(r)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let kind = d
                .kind
                .ok_or_else(|| err(file, line, &d.id, "missing field `kind`"))?;
            self.set.references.push(ReferencePattern {
                id: d.id.clone(),
                kind,
                regexes,
                rule: d,
            });
        }
        Ok(())
    }
}

/// One regular expression for all the patterns of a rule.
fn alternation(
    file: &str,
    line: u64,
    id: &str,
    patterns: &[String],
    anchored: bool,
    check: bool,
) -> Result<LazyRegex, RulesError> {
    if patterns.is_empty() {
        return Err(err(file, line, id, "the rule needs at least one pattern"));
    }
    // Check each pattern alone first, so the error names the bad one.
    if check {
        for p in patterns {
            syntax(&expression(p, true)).map_err(|e| err(file, line, id, bad_syntax(p, &e)))?;
        }
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    let full = if anchored {
        format!("^(?:{joined})")
    } else {
        joined
    };
    lazy(file, line, id, &full, !anchored, check)
}

/// Checks the syntax of an expression without translating it (which
/// expands every case-insensitive letter and Unicode class, and costs
/// nearly what compiling does). What only compiling finds (an unknown
/// Unicode class name, a size over the limit) `rules check` reports, as it
/// compiles every pattern.
fn syntax(expr: &str) -> Result<(), Box<regex_syntax::ast::Error>> {
    regex_syntax::ast::parse::Parser::new()
        .parse(expr)
        .map(drop)
        .map_err(Box::new)
}

/// A pattern's expression, its syntax checked, to be compiled when used.
fn lazy(
    file: &str,
    line: u64,
    rule: &str,
    pattern: &str,
    bounded: bool,
    check: bool,
) -> Result<LazyRegex, RulesError> {
    let expr = expression(pattern, bounded);
    if check {
        syntax(&expr).map_err(|e| err(file, line, rule, bad_syntax(pattern, &e)))?;
    }
    let r = LazyRegex::new(expr);
    // A long pattern (a user's list of thousands of words) is compiled now,
    // so that one too large to compile is named with its place at load.
    if r.as_str().len() > LONG_PATTERN
        && let Err(e) = r.try_get()
    {
        return Err(err(file, line, rule, bad_pattern(pattern, e)));
    }
    Ok(r)
}

/// Patterns longer than this (in bytes) are compiled when loaded.
const LONG_PATTERN: usize = 4096;

/// Writes the default rule files into `dir`: a new or empty folder, or
/// any folder with `replace` (see [`crate::io::write_files`]).
pub fn dump(dir: &Path, replace: bool) -> std::io::Result<Vec<PathBuf>> {
    crate::io::write_files(dir, FILES, replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_patterns_fold_ascii_letters_only() {
        assert_eq!(case_flags("upon (?:their )?request"), "(?i-u)");
        assert_eq!(case_flags("by [a-z]+ing"), "(?i-u)");
        // Anything whose meaning depends on Unicode keeps Unicode folding.
        for p in [
            "consider(?:,[^;]{1,250}?,)?",
            "a.b",
            r"\w+",
            r"\s",
            "côte",
            r"\x{e9}",
        ] {
            assert_eq!(case_flags(p), "(?i)", "{p}");
        }
        // Either way the expression matches in any case.
        let plain = Regex::new(&expression("upon request", true)).expect("compiles");
        assert!(plain.is_match("UPON Request of the State"));
        let accented = Regex::new(&expression("côte d'ivoire", true)).expect("compiles");
        assert!(accented.is_match("CÔTE D'IVOIRE"));
    }

    #[test]
    fn defaults_load() {
        let r = load(None).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.verbs.len() > 10);
        assert!(r.countries.len() >= 193);
        assert!(r.actor_index("unodc").is_some());
    }

    #[test]
    fn clause_openers_know_what_follows_a_connective() {
        let o = &RuleSet::defaults().clause_openers;
        let next = |w: &str| {
            let mut v: Vec<String> = o[w]
                .as_ref()
                .map_or(Vec::new(), |s| s.iter().cloned().collect());
            v.sort();
            v
        };
        // Verbs and one-word adverbs open a clause whatever follows.
        assert_eq!(o["decides"], None);
        assert_eq!(o["calls"], None);
        assert_eq!(o["also"], None);
        // Words that only open longer phrases need their second word.
        assert_eq!(next("in"), ["addition", "particular", "that", "this"]);
        assert_eq!(next("once"), ["again", "more"]);
        assert_eq!(next("to"), ["that", "this"]);
        assert!(!o.contains_key("the"));
    }

    /// Every clause opener is the first word of a phrase of the three
    /// lexicons, in either voice, in any case.
    #[test]
    fn every_clause_opener_starts_a_phrase_of_the_three_lexicons() {
        let r = RuleSet::defaults();
        for voice in [Voice::Body, Voice::FirstPerson] {
            assert!(!r.opening_words(voice).is_empty());
            for w in r.opening_words(voice).keys() {
                for form in [w.clone(), w.to_uppercase()] {
                    assert!(
                        r.verb_phrases(voice).starts_with(&form)
                            || r.adverbs.starts_with(&form)
                            || r.connectives.starts_with(&form),
                        "{form}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_prebuilt_searches_are_those_the_rules_give() {
        let rules = RuleSet::defaults();
        for what in prebuilt::names() {
            let patterns = rules.search_patterns(what);
            let (text, forward, reverse) = prebuilt::compile(&patterns).unwrap();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/prebuilt");
            let stored = |ext: &str| std::fs::read(dir.join(format!("{what}.{ext}"))).unwrap();
            assert!(
                stored("patterns") == text.as_bytes()
                    && stored("forward.dfa") == forward
                    && stored("reverse.dfa") == reverse,
                "src/rules/prebuilt/{what}.* are not what the rules give; \
                 write them again with `cargo run --example prebuilt_searches`"
            );
        }
        assert!(rules.qualifier_search.as_ref().unwrap().is_prebuilt());
        assert!(rules.elaboration_search().unwrap().is_prebuilt());
        assert!(rules.deadline_search.as_ref().unwrap().is_prebuilt());
        assert!(rules.at_start_screen.as_ref().unwrap().is_prebuilt());
        assert!(rules.condition_screen.as_ref().unwrap().is_prebuilt());
        assert!(rules.reference_screen().unwrap().is_prebuilt());
    }

    /// The search of all reference patterns finds a match exactly where
    /// one of the patterns does (it only spares searching with each).
    #[test]
    fn the_reference_screen_matches_where_a_pattern_does() {
        let rules = RuleSet::defaults();
        let screen = rules.reference_screen().unwrap();
        for text in [
            "Security Council resolution 2347 (2017)",
            "its resolution 70/1, entitled",
            "resolution S-30/1 and ES-10/17",
            "see A/71/114 and E/CN.15/2015/16",
            "report (S/2015/544)",
            "A/71/114",
            "1 December 2025",
            "by 2030, in paragraph 5",
            "the 2030 Agenda (2015",
            "12/ 3",
            "“70/1”",
            "",
        ] {
            let each = rules.references.iter().any(|r| {
                r.regexes
                    .iter()
                    .any(|x| x.with_groups().unwrap().is_match(text))
            });
            let all = screen.search(&regex_automata::Input::new(text)).is_some();
            assert_eq!(all, each, "{text}");
        }
    }

    #[test]
    fn user_rules_get_no_screen_and_compile_their_searches() {
        let dir = tempfile::tempdir().unwrap();
        let text = FILES
            .iter()
            .find(|(name, _)| *name == "qualifiers.yaml")
            .unwrap()
            .1
            .replace("'consider:'", "'consider:'\n      - 'weigh whether'")
            .replace(
                "'not yet parties'",
                "'not yet parties'\n      - 'not yet members'",
            );
        std::fs::write(dir.path().join("qualifiers.yaml"), text).unwrap();
        let rules = load(Some(dir.path())).unwrap();
        assert!(rules.at_start_screen.is_none());
        assert!(rules.condition_screen.is_none());
        assert!(rules.qualifier_search.as_ref().unwrap().is_prebuilt());
        assert!(rules.deadline_search.as_ref().unwrap().is_prebuilt());
        let (_, ids) = crate::classify::details::qualifiers(
            "to weigh whether to act",
            "weigh whether to act",
            &rules,
        );
        assert_eq!(ids, ["qualifiers/consider"]);
    }

    /// The searches compiled ahead of time find what the same patterns
    /// compiled at run time find, in every corpus document: every match,
    /// and the anchored match after every comma.
    #[test]
    fn prebuilt_and_compiled_searches_agree_on_the_corpus() {
        use regex_automata::{Anchored, Input};
        let rules = RuleSet::defaults();
        let searches: Vec<_> = prebuilt::names()
            .map(|what| {
                let patterns = rules.search_patterns(what);
                let search = |engine| RuleSearch::<()> {
                    engine,
                    rules: Vec::new(),
                };
                let dfa = prebuilt::find(what, &patterns).expect(what);
                (
                    what,
                    search(SearchEngine::Prebuilt(Box::new(dfa))),
                    search(SearchEngine::Compiled(lean_regex(&patterns).unwrap())),
                )
            })
            .collect();
        assert_eq!(searches.len(), 6);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut docs = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            docs += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for (what, prebuilt, compiled) in &searches {
                let all = |s: &RuleSearch<()>| {
                    s.find_iter(&text)
                        .map(|m| (m.pattern(), m.range()))
                        .collect::<Vec<_>>()
                };
                let found = all(prebuilt);
                assert_eq!(found, all(compiled), "{what} in {}", path.display());
                for (c, _) in text.match_indices(", ") {
                    let input = Input::new(&text[c + 2..]).anchored(Anchored::Yes);
                    assert_eq!(
                        prebuilt.search(&input),
                        compiled.search(&input),
                        "{what} at {c} in {}",
                        path.display()
                    );
                }
            }
        }
        assert!(docs > 100, "{docs} corpus documents");
    }

    /// Where a screen finds a rule first, that rule's own expression finds
    /// the same match: in every line and every clause (from each comma) of
    /// the corpus, and in made-up texts.
    #[test]
    fn a_screen_finds_what_the_rule_it_names_finds() {
        let rules = RuleSet::defaults();
        let screens = [
            (rules.at_start_screen.as_ref().unwrap(), "at-start"),
            (rules.condition_screen.as_ref().unwrap(), "conditions"),
        ];
        let expr = |what: &str, k: usize| match what {
            "at-start" => &rules.qualifiers[k].regex,
            _ => &rules.conditions[k].regex,
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut texts = vec![
            "consider ratifying the Convention".to_string(),
            "States that have not yet done so and those in a position to do so".to_string(),
            "States in a position to do so, and those that have yet to ratify".to_string(),
        ];
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines() {
                    texts.push(line.to_string());
                    // Clauses, and actions (after "to").
                    for (c, sep) in line.match_indices(", ").chain(line.match_indices(" to ")) {
                        texts.push(line[c + sep.len()..].to_string());
                    }
                }
            }
        }
        let mut hits = [0; 2];
        for text in &texts {
            for (n, (screen, what)) in screens.iter().enumerate() {
                let Some((&k, at)) = screen.first(text) else {
                    continue;
                };
                hits[n] += 1;
                let own = expr(what, k).lean().unwrap().find(text.as_str());
                assert_eq!(own.map(|m| m.range()), Some(at), "{what} in {text:?}");
            }
        }
        assert!(hits.iter().all(|&h| h > 20), "{hits:?}");
    }

    /// Why the rules do not load from a folder holding this one file.
    fn load_error(name: &str, text: &str) -> RulesError {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        load(Some(dir.path())).unwrap_err()
    }

    #[test]
    fn bad_override_names_file_line_and_rule() {
        let e = load_error(
            "verbs.yaml",
            "verbs:\n  - id: requests\n    strength: mandate\n    phrases: [requests]\n  - id: requests\n    strength: urge\n    phrases: [urges]\n",
        );
        assert_eq!(e.rule.as_deref(), Some("requests"));
        assert_eq!(e.line, Some(5));
        assert!(e.to_string().contains("verbs.yaml:5"), "{e}");
    }

    #[test]
    fn unknown_key_is_rejected_with_its_place() {
        let e = load_error(
            "qualifiers.yaml",
            "qualifiers:\n  - id: x\n    kind: discretion\n    patterns: [a]\n    colour: red\n",
        );
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("colour"), "{e}");
    }

    #[test]
    fn bad_pattern_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("qualifiers.yaml"),
            "qualifiers:\n  - id: broken\n    kind: discretion\n    patterns: ['as (appropriate']\n",
        )
        .unwrap();
        let e = load(Some(dir.path())).unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("broken"));
        assert!(e.message.contains("bad pattern"), "{e}");
        // The user's file, not the default of the same name.
        let user_file = dir.path().join("qualifiers.yaml");
        assert_eq!(e.file, user_file.display().to_string());
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn a_bad_reference_pattern_is_named_at_load() {
        // Reference expressions are compiled on first use, except a
        // user's, which are compiled as they are read.
        let e = load_error(
            "references.yaml",
            "references:\n  - id: broken-ref\n    kind: document\n    patterns: ['(?P<ref>A/[0-9]+']\n",
        );
        assert_eq!(e.rule.as_deref(), Some("broken-ref"));
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("A/[0-9]+"), "{e}");
    }

    #[test]
    fn override_replaces_adds_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("verbs.yaml"),
            "verbs:\n  - id: suggests\n    enabled: false\n    strength: encourage\n  - id: beseeches\n    strength: urge\n    phrases: [beseeches]\n",
        )
        .unwrap();
        let r = load(Some(dir.path())).unwrap();
        assert!(r.verbs.iter().any(|v| v.id == "beseeches"));
        assert!(!r.verbs.iter().any(|v| v.id == "suggests"));
        assert!(r.verbs.iter().any(|v| v.id == "requests"));
    }

    #[test]
    fn unknown_file_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("verb.yaml"), "verbs: []\n").unwrap();
        let e = load(Some(dir.path())).unwrap_err();
        assert!(e.message.contains("unknown rule file"), "{e}");
    }
}
