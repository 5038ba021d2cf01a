//! Stage 5: obligations -> the checklist one actor works through.
//!
//! Input: an extracted [`Document`], the file's text (for the verbatim
//! source of each item), an actor id, the rules (for names of actors and
//! treaties) and optionally a country [`Profile`]. Output: a [`Checklist`]:
//! the document, a summary, and the actor's items grouped by strength
//! (binding and mandate first, then urge, encourage, permission), each item
//! with its paragraph, imperative action, steps, qualifiers, condition,
//! deadline, references and source text. This is the context the
//! templates of `templates/` receive (documented in the README).
//!
//! For `member-states`, obligations of `states-parties` are included and
//! marked as applying to parties of the instrument named; with a profile,
//! obligations addressed to the profile's country are included too, and
//! items are marked as applicable or not, or as already met ("consider
//! ratifying X" when the country is party to X).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::details::treaties;
use crate::model::{
    ActorId, Document, DocumentInfo, Obligation, QualifierKind, ReferenceKind, Strength,
};
use crate::rules::RuleSet;
use crate::rules::lexicon::fold;

/// Version of the checklist JSON.
pub const CHECKLIST_SCHEMA_VERSION: u32 = 1;

/// A country profile: who the checklist is for.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The country, by name or id ("Italy", "country:italy"); none for a
    /// profile that only carries statuses (an agency's work plan).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// Treaties the country is party to: ids of rules/instruments.yaml
    /// ("uncac") or their names.
    #[serde(default)]
    pub party_to: Vec<String>,
    /// Status and notes carried over from an earlier checklist, by item id.
    #[serde(default)]
    pub items: BTreeMap<String, ItemState>,
}

/// The state of an item in a profile.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemState {
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Progress on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Todo,
    InProgress,
    Done,
    NotApplicable,
}

/// A profile that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ProfileError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl Profile {
    /// Reads a profile file; a file that cannot be read is a
    /// [`ProfileError`] too.
    pub fn read(path: &std::path::Path, rules: &RuleSet) -> Result<Profile, ProfileError> {
        let file = path.display().to_string();
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        match std::fs::read_to_string(path) {
            Ok(text) if csv => Profile::parse_csv(&text, &file),
            Ok(text) => Profile::parse(&text, &file, rules),
            Err(e) => Err(ProfileError {
                file,
                line: None,
                message: format!("cannot read the profile: {e}"),
            }),
        }
    }

    /// Reads a profile from YAML text; `file` names it in errors.
    pub fn parse(text: &str, file: &str, rules: &RuleSet) -> Result<Profile, ProfileError> {
        let p: Profile = serde_saphyr::from_str(text).map_err(|e| ProfileError {
            file: file.to_string(),
            line: e.location().map(|l| l.line()),
            message: e.without_snippet().to_string(),
        })?;
        // The line that holds a value, for the messages below.
        let line_of = |key: &str, value: &str| {
            text.lines()
                .position(|l| {
                    let t = l.trim_start();
                    (t.starts_with(key) || t.starts_with('-')) && l.contains(value)
                })
                .map(|i| i as u64 + 1)
        };
        if !p.country.is_empty() && p.country_id(rules).is_none() {
            return Err(ProfileError {
                file: file.to_string(),
                line: line_of("country", &p.country),
                message: format!(
                    "unknown country {:?} (see rules/countries.yaml for names and ids)",
                    p.country
                ),
            });
        }
        for t in &p.party_to {
            if instrument_id(t, rules).is_none() {
                return Err(ProfileError {
                    file: file.to_string(),
                    line: line_of("party_to", t),
                    message: format!(
                        "unknown instrument {t:?} (see rules/instruments.yaml for names and ids)"
                    ),
                });
            }
        }
        Ok(p)
    }

    /// Reads the CSV a checklist page exports (a header, then rows with
    /// at least the columns `id`, `status` and `notes`): statuses and notes
    /// only, no country.
    pub fn parse_csv(text: &str, file: &str) -> Result<Profile, ProfileError> {
        let fail = |line: usize, message: String| ProfileError {
            file: file.to_string(),
            line: Some(line as u64),
            message,
        };
        let rows = parse_csv_rows(text).map_err(|(line, m)| fail(line, m))?;
        let Some((_, header)) = rows.first() else {
            return Err(fail(
                1,
                "empty CSV: expected a header with id, status, notes".into(),
            ));
        };
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let (Some(id), Some(status)) = (col("id"), col("status")) else {
            return Err(fail(
                1,
                "the header needs the columns `id` and `status`".into(),
            ));
        };
        let notes = col("notes");
        let mut items = BTreeMap::new();
        for (line, row) in &rows[1..] {
            let cell = |i: usize| row.get(i).map(|c| c.trim()).unwrap_or("");
            if cell(id).is_empty() {
                continue;
            }
            let st = match cell(status) {
                "" => None,
                s => Some(
                    serde_json::from_value::<Status>(serde_json::Value::String(s.into())).map_err(
                        |_| {
                            fail(
                                *line,
                                format!(
                                    "unknown status {s:?} (todo, in-progress, done, not-applicable)"
                                ),
                            )
                        },
                    )?,
                ),
            };
            let n = notes
                .map(cell)
                .filter(|n| !n.is_empty())
                .map(str::to_string);
            items.insert(
                cell(id).to_string(),
                ItemState {
                    status: st,
                    notes: n,
                },
            );
        }
        Ok(Profile {
            country: String::new(),
            party_to: Vec::new(),
            items,
        })
    }

    /// The state of item `id` of document `document` (its key): under
    /// "document#id", as a page of several documents saves it, else under
    /// the id alone.
    pub fn item(&self, document: &str, id: &str) -> Option<&ItemState> {
        self.items
            .get(&format!("{document}#{id}"))
            .or_else(|| self.items.get(id))
    }

    /// The actor id of the profile's country (`country:italy`).
    pub fn country_id(&self, rules: &RuleSet) -> Option<String> {
        if self.country.is_empty() {
            return None;
        }
        let want = self
            .country
            .strip_prefix("country:")
            .unwrap_or(&self.country);
        let f = fold(want);
        rules
            .countries
            .iter()
            .find(|c| c.id == f || fold(&c.name) == f || c.aliases.iter().any(|a| fold(a) == f))
            .map(|c| format!("country:{}", c.id))
    }

    fn party_ids(&self, rules: &RuleSet) -> Vec<String> {
        self.party_to
            .iter()
            .filter_map(|t| instrument_id(t, rules))
            .collect()
    }
}

/// A CSV row: the line it starts on, and its cells.
type CsvRow = (usize, Vec<String>);

/// The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes
/// doubled and line breaks), each with the line it starts on; a formula
/// guard (a leading `'` before `=`, `+`, `-`, `@`) is taken off.
fn parse_csv_rows(text: &str) -> Result<Vec<CsvRow>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text.chars().peekable();
    let unguard = |c: String| match c.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => c,
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(unguard(std::mem::take(&mut cell))),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(unguard(std::mem::take(&mut cell)));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err((row_line, "a quoted field is not closed".into()));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(unguard(cell));
        rows.push((row_line, row));
    }
    Ok(rows)
}

/// A document's key: its symbol, else its file name as given.
pub fn document_key(doc: &Document) -> String {
    doc.document
        .symbol
        .clone()
        .unwrap_or_else(|| doc.document.source.clone())
}

/// An instrument id from an id or a name.
fn instrument_id(t: &str, rules: &RuleSet) -> Option<String> {
    let f = fold(t);
    rules
        .instruments
        .iter()
        .find(|i| i.id == f || fold(&i.name) == f || i.aliases.iter().any(|a| fold(a) == f))
        .map(|i| i.id.clone())
}

/// One actor's checklist for one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    pub schema_version: u32,
    pub actor: ActorInfo,
    pub document: DocumentInfo,
    /// A key for this document in the reader's browser storage.
    pub document_key: String,
    /// The key of this checklist's progress in the reader's browser
    /// storage: the document, the actor and the profile's country, so that
    /// two countries' checklists of one document keep their own ticks.
    pub storage_key: String,
    pub profile: Option<ProfileInfo>,
    pub summary: Summary,
    pub groups: Vec<Group>,
    /// All items, in paragraph order (the groups hold the same items).
    pub items: Vec<Item>,
    pub generator: String,
}

/// Whom the checklist is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorInfo {
    pub id: String,
    /// "Member States", "United Nations Office on Drugs and Crime"
    pub name: String,
}

/// The profile a national checklist was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileInfo {
    pub country: String,
    pub country_id: String,
    pub party_to: Vec<NamedInstrument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedInstrument {
    pub id: String,
    pub name: String,
}

/// Counts for the top of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub by_strength: Vec<StrengthCount>,
    pub with_deadline: usize,
    /// Items with a condition or a qualifier.
    pub conditional: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub already_met: usize,
    /// The addressees the items name, when they are several (the `other`
    /// checklist): each as the text names it, with its entity id and count.
    pub addressees: Vec<AddresseeCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddresseeCount {
    pub text: String,
    pub entity: Option<String>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrengthCount {
    pub strength: Strength,
    pub label: String,
    pub count: usize,
}

/// Items of one strength.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub strength: Strength,
    /// "Mandates", "Urged", ...
    pub label: String,
    /// What the strength means for the reader.
    pub meaning: String,
    pub items: Vec<Item>,
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Stable id (the obligation's id).
    pub id: String,
    pub paragraph: u32,
    pub subparagraph: Option<String>,
    pub part: Option<String>,
    /// The adopted text or annex the paragraph stands in ("Annex I").
    pub annex: Option<String>,
    /// "OP 13", "OP 58 (a)", "Annex I, para. 63"
    pub reference: String,
    pub strength: Strength,
    pub strength_label: String,
    /// "requests", "strongly encourages"
    pub verb: String,
    /// The addressee as the text names it.
    pub actor: String,
    pub actor_text: String,
    /// For actor `other`: the body's entity id (`iaea`), when known.
    pub entity: Option<String>,
    /// Whom the item asks, when the checklist is not one addressee's
    /// alone: the text's words ("the Director General of the IAEA") on the
    /// `other` checklist, and "States parties to ..." or a State named on
    /// the Member States one.
    pub addressee: Option<String>,
    /// The action as an imperative sentence.
    pub action: String,
    pub steps: Vec<ItemStep>,
    pub qualifiers: Vec<ItemQualifier>,
    /// `not-yet-done` or the words restricting the addressee.
    pub condition: Option<String>,
    /// The condition for a person ("if not yet done").
    pub condition_label: Option<String>,
    /// Bodies the action is done with, as the text names them ("in
    /// cooperation with UNDP").
    pub partners: Vec<String>,
    pub deadline: Option<ItemDeadline>,
    pub references: Vec<ItemReference>,
    /// The clause as the document has it.
    pub source: String,
    pub span_start: usize,
    pub span_end: usize,
    pub applicability: Option<Applicability>,
    pub status: Option<Status>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemStep {
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemQualifier {
    pub kind: QualifierKind,
    /// "upon request"
    pub text: String,
    /// "On request", "Discretion"
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDeadline {
    /// The source words ("at its seventy-third session").
    pub text: String,
    /// When, as a person reads it ("seventy-third session of the General
    /// Assembly (2018-2019)", "within 90 days", "by 2025-12-31").
    pub when: String,
    pub session: Option<u32>,
    pub date: Option<String>,
    pub days: Option<u32>,
    pub year: Option<u32>,
    pub recurrence: Option<String>,
    /// When it falls due (ISO date), and the end of its window (a session,
    /// a year), where computable.
    pub due: Option<String>,
    pub due_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemReference {
    pub kind: ReferenceKind,
    pub text: String,
    pub url: Option<String>,
}

/// Whether an item applies to the country of the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicability {
    /// `applies`, `if-party`, `not-applicable`, `met`
    pub status: String,
    /// "Applies if party to the United Nations Convention against Corruption"
    pub note: String,
    /// True for the plain "Applies to all Member States", which the
    /// templates say once rather than on every item.
    pub general: bool,
}

fn strength_label(s: Strength) -> (&'static str, &'static str) {
    match s {
        Strength::Binding => (
            "Binding decisions",
            "The body decides; binding within its remit.",
        ),
        Strength::Mandate => ("Mandates", "Formal requests that create a mandate."),
        Strength::Urge => ("Urged", "Strong exhortations: urges, calls upon, demands."),
        Strength::Encourage => ("Encouraged", "Recommendations and invitations."),
        Strength::Permission => ("Permitted", "Allowed, not required."),
        Strength::Commitment => (
            "Commitments",
            "What the adopting States undertake themselves in a declaration.",
        ),
        Strength::Declaratory => ("Declaratory", "Positions; nothing is asked."),
    }
}

fn qualifier_label(k: QualifierKind) -> &'static str {
    match k {
        QualifierKind::Discretion => "At discretion",
        QualifierKind::OnRequest => "On request",
        QualifierKind::Resources => "Within resources",
        QualifierKind::LegalFramework => "Within national law",
        QualifierKind::Consider => "To consider",
    }
}

/// The order of groups: binding and mandates first.
const ORDER: [Strength; 6] = [
    Strength::Binding,
    Strength::Mandate,
    Strength::Urge,
    Strength::Encourage,
    Strength::Permission,
    Strength::Commitment,
];

/// The display name of an actor id.
pub fn actor_name(id: &str, rules: &RuleSet) -> String {
    if let Some(c) = id.strip_prefix("country:") {
        return rules
            .countries
            .iter()
            .find(|x| x.id == c)
            .map_or_else(|| c.to_string(), |x| x.name.clone());
    }
    if id == "other" {
        return "Other addressees".into();
    }
    if let Some(b) = rules.named_bodies.iter().find(|b| b.id == id) {
        return b.name.clone();
    }
    rules
        .actors
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.rule.names.first().cloned())
        .unwrap_or_else(|| id.to_string())
}

/// The actors a document addresses, with their obligation counts, in a
/// fixed order (most obligations first, then by id).
pub fn actors(doc: &Document) -> Vec<(ActorId, usize)> {
    let mut counts: BTreeMap<ActorId, usize> = BTreeMap::new();
    for o in &doc.obligations {
        *counts.entry(o.actor.clone()).or_default() += 1;
    }
    let mut v: Vec<(ActorId, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Builds the checklist of `actor` for `doc`; `input` is the text of the
/// file the document was extracted from (for verbatim sources).
/// Actions by which the adopting body only keeps a matter on its agenda
/// ("Decides to remain seized of the matter"): obligations in the JSON,
/// but nothing for that body to work through.
const AGENDA_KEEPING: &[&str] = &[
    "remain seized",
    "remain actively seized",
    "continue its consideration",
    "continue consideration",
    "continue to consider the matter",
    "continue to consider this matter",
    "continue to consider the question",
    "continue to consider this question",
    "continue to consider the issue",
    "continue to consider this issue",
];

/// Is `o` the adopting body keeping a matter on its agenda (and asking
/// nothing more)?
fn keeps_its_agenda(o: &Obligation, doc: &Document) -> bool {
    let own = doc.document.body_actor.as_ref() == Some(&o.actor);
    let action = o.action.to_lowercase();
    own && AGENDA_KEEPING.iter().any(|a| {
        action
            .strip_prefix(a)
            .is_some_and(|rest| !rest.contains(" and to ") && !rest.contains("; "))
    })
}

pub fn build(
    doc: &Document,
    input: &str,
    actor: &str,
    rules: &RuleSet,
    profile: Option<&Profile>,
) -> Checklist {
    let country = profile.and_then(|p| p.country_id(rules));
    let party = profile.map(|p| p.party_ids(rules)).unwrap_or_default();
    let selected: Vec<&Obligation> = doc
        .obligations
        .iter()
        .filter(|o| {
            let id = o.actor.as_str();
            id == actor
                || o.entity.as_deref() == Some(actor)
                || (actor == "member-states" && id == "states-parties")
                || (actor == "member-states" && country.as_deref() == Some(id))
        })
        .filter(|o| !keeps_its_agenda(o, doc))
        .collect();
    let mut items: Vec<Item> = selected
        .iter()
        .map(|o| item(o, doc, input, actor, rules, profile, &party))
        .collect();
    // Operative paragraphs by number, then the adopted text and annexes in
    // the order they stand.
    let order = |i: &Item| {
        let para = if i.annex.is_some() { 0 } else { i.paragraph };
        (i.part.clone(), i.annex.is_some(), para, i.span_start)
    };
    items.sort_by_key(order);
    // A clause read twice the same way (one addressee named twice in a
    // paragraph) is one thing to do.
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| {
        seen.insert((
            i.part.clone(),
            i.annex.clone(),
            i.paragraph,
            i.subparagraph.clone(),
            i.actor_text.clone(),
            i.action.clone(),
        ))
    });
    let groups: Vec<Group> = ORDER
        .iter()
        .filter_map(|&s| {
            let its: Vec<Item> = items.iter().filter(|i| i.strength == s).cloned().collect();
            (!its.is_empty()).then(|| {
                let (label, meaning) = strength_label(s);
                Group {
                    strength: s,
                    label: label.into(),
                    meaning: meaning.into(),
                    items: its,
                }
            })
        })
        .collect();
    let summary = summarize(items.iter(), actor);
    let profile_info = profile
        .filter(|p| !p.country.is_empty())
        .map(|p| ProfileInfo {
            country: country
                .as_deref()
                .map_or_else(|| p.country.clone(), |c| actor_name(c, rules)),
            country_id: country.clone().unwrap_or_default(),
            party_to: party
                .iter()
                .map(|id| NamedInstrument {
                    id: id.clone(),
                    name: instrument_name(id, rules),
                })
                .collect(),
        });
    let document_key = document_key(doc);
    let storage_key = format!(
        "{document_key}|{actor}|{}",
        country.as_deref().unwrap_or("")
    );
    Checklist {
        schema_version: CHECKLIST_SCHEMA_VERSION,
        storage_key,
        actor: ActorInfo {
            id: actor.to_string(),
            name: match &profile_info {
                Some(p) if actor == "member-states" => p.country.clone(),
                _ => actor_name(actor, rules),
            },
        },
        document: doc.document.clone(),
        document_key,
        profile: profile_info,
        summary,
        groups,
        items,
        generator: format!("resolute {}", env!("CARGO_PKG_VERSION")),
    }
}

/// One actor's checklist over several documents: each document's
/// checklist (those that ask something of the actor), in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Combined {
    pub schema_version: u32,
    pub actor: ActorInfo,
    pub profile: Option<ProfileInfo>,
    /// The key of this page's progress in the reader's browser storage.
    pub storage_key: String,
    /// Counts over every document (`addressees` over them all too).
    pub summary: Summary,
    /// The checklists of the documents that ask something of the actor.
    pub documents: Vec<Checklist>,
    /// The documents that ask nothing of it: their symbol or file.
    pub asking_nothing: Vec<String>,
    pub generator: String,
}

/// The counts of a checklist's items (of one document or several).
fn summarize<'a>(items: impl Iterator<Item = &'a Item> + Clone, actor: &str) -> Summary {
    let count = |f: &dyn Fn(&Item) -> bool| items.clone().filter(|i| f(i)).count();
    let status = |s: &str| count(&|i| i.applicability.as_ref().is_some_and(|a| a.status == s));
    let by_strength = ORDER
        .iter()
        .filter_map(|&s| {
            let n = count(&|i| i.strength == s);
            (n > 0).then(|| StrengthCount {
                strength: s,
                label: strength_label(s).0.into(),
                count: n,
            })
        })
        .collect();
    let mut addressees: Vec<AddresseeCount> = Vec::new();
    if actor == "other" {
        for i in items.clone() {
            match addressees.iter_mut().find(|a| a.text == i.actor_text) {
                Some(a) => a.count += 1,
                None => addressees.push(AddresseeCount {
                    text: i.actor_text.clone(),
                    entity: i.entity.clone(),
                    count: 1,
                }),
            }
        }
    }
    Summary {
        total: count(&|_| true),
        by_strength,
        with_deadline: count(&|i| i.deadline.is_some()),
        conditional: count(&|i| i.condition.is_some() || !i.qualifiers.is_empty()),
        applicable: status("applies"),
        not_applicable: status("not-applicable"),
        already_met: status("met"),
        addressees,
    }
}

/// Puts the checklists of one actor for several documents together.
pub fn combine(lists: Vec<Checklist>) -> Option<Combined> {
    let first = lists.first()?;
    let actor = first.actor.clone();
    let profile = first.profile.clone();
    let storage_key = format!(
        "combined|{}|{}",
        actor.id,
        profile.as_ref().map_or("", |p| p.country_id.as_str())
    );
    let generator = first.generator.clone();
    let (mut documents, empty): (Vec<Checklist>, Vec<Checklist>) =
        lists.into_iter().partition(|c| !c.items.is_empty());
    // One resolution in two files (a converted text and an original): the
    // second keeps its items under a key of its own, with its file name, so
    // that no two items of the page share an id.
    let mut seen = std::collections::HashSet::new();
    for c in &mut documents {
        if !seen.insert(c.document_key.clone()) {
            c.document_key = format!("{} ({})", c.document_key, c.document.source);
            seen.insert(c.document_key.clone());
        }
    }
    let summary = summarize(documents.iter().flat_map(|c| &c.items), &actor.id);
    Some(Combined {
        schema_version: CHECKLIST_SCHEMA_VERSION,
        actor,
        profile,
        storage_key,
        summary,
        documents,
        asking_nothing: empty
            .into_iter()
            .map(|c| c.document.symbol.unwrap_or(c.document.source))
            .collect(),
        generator,
    })
}

fn instrument_name(id: &str, rules: &RuleSet) -> String {
    rules
        .instruments
        .iter()
        .find(|i| i.id == id)
        .map_or_else(|| id.to_string(), |i| i.name.clone())
}

fn item(
    o: &Obligation,
    doc: &Document,
    input: &str,
    actor: &str,
    rules: &RuleSet,
    profile: Option<&Profile>,
    party: &[String],
) -> Item {
    let source = quotation(o, doc, input);
    let sub = o
        .subparagraph
        .as_ref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    let reference = match (&o.annex, &o.part) {
        (Some(a), _) => format!("{}, para. {}{sub}", capitalized(a), o.paragraph),
        (None, Some(p)) => format!("{p}, OP {}{sub}", o.paragraph),
        (None, None) => format!("OP {}{sub}", o.paragraph),
    };
    let national = profile.filter(|p| !p.country.is_empty());
    let applicability = applicability(o, actor, rules, national, party);
    let state = profile.and_then(|p| p.item(&document_key(doc), &o.id.0));
    Item {
        id: o.id.0.clone(),
        paragraph: o.paragraph,
        annex: o.annex.clone(),
        subparagraph: o.subparagraph.clone(),
        part: o.part.clone(),
        reference,
        strength: o.strength,
        strength_label: strength_label(o.strength).0.into(),
        verb: o.verb.clone(),
        actor: o.actor.0.clone(),
        actor_text: o.actor_text.clone(),
        entity: o.entity.clone(),
        addressee: (o.actor.as_str() != actor || o.actor.is_other()).then(|| o.actor_text.clone()),
        action: imperative(&o.action),
        steps: o
            .steps
            .iter()
            .map(|s| ItemStep {
                label: s.label.clone(),
                text: imperative(&s.text),
            })
            .collect(),
        qualifiers: o
            .qualifiers
            .iter()
            .map(|q| ItemQualifier {
                kind: q.kind,
                text: q.text.clone(),
                label: qualifier_label(q.kind).into(),
            })
            .collect(),
        condition: o.condition.clone(),
        condition_label: o.condition.as_deref().map(|c| match c {
            "not-yet-done" => "If not yet done".to_string(),
            other => format!("Only: {other}"),
        }),
        partners: o.partners.iter().map(|p| p.text.clone()).collect(),
        deadline: o.deadline.as_ref().map(|d| ItemDeadline {
            text: d.text.clone(),
            when: when(d, doc),
            session: d.session,
            date: d.date.clone(),
            days: d.days,
            year: d.year,
            recurrence: d.recurrence.clone(),
            due: d.due.clone(),
            due_to: d.due_to.clone(),
        }),
        references: o
            .references
            .iter()
            .filter(|r| !(r.kind == ReferenceKind::Footnote && r.text.is_empty()))
            .map(|r| ItemReference {
                kind: r.kind,
                text: if r.kind == ReferenceKind::Footnote {
                    format!("Footnote {}: {}", r.id.as_deref().unwrap_or("?"), r.text)
                } else {
                    r.text.clone()
                },
                url: r.url.clone(),
            })
            .collect(),
        source,
        span_start: o.span.start,
        span_end: o.span.end,
        applicability,
        status: state.and_then(|s| s.status),
        notes: state.and_then(|s| s.notes.clone()),
    }
}

/// The clause as the document has it, on one line: the footnotes that a
/// page break set inside it ("27 Resolution 65/229, annex.") left out.
fn quotation(o: &Obligation, doc: &Document, input: &str) -> String {
    let (start, end) = (o.span.start, o.span.end);
    let mut text = String::new();
    let mut at = start;
    let mut notes: Vec<&crate::offsets::Span> = doc
        .footnotes
        .iter()
        .map(|f| &f.span)
        .filter(|f| f.start < end && f.end > start)
        .collect();
    notes.sort_by_key(|f| f.start);
    for f in notes {
        if f.start > at {
            text.push_str(input.get(at..f.start).unwrap_or(""));
            text.push(' ');
        }
        at = at.max(f.end);
    }
    if at < end {
        text.push_str(input.get(at..end).unwrap_or(""));
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('*', "")
}

/// "continue to provide technical assistance" -> "Continue to provide
/// technical assistance."
pub fn imperative(action: &str) -> String {
    let t = action.trim().trim_end_matches([';', ',', ':', ' ']);
    let mut c = t.chars();
    let Some(first) = c.next() else {
        return String::new();
    };
    let mut s: String = first.to_uppercase().chain(c).collect();
    if !s.ends_with(['.', '!', '?', '”', '"']) {
        s.push('.');
    }
    s
}

/// A deadline as a person reads it: with its date where the text and the
/// adoption date give one (`anchor`, `due` of the JSON).
fn when(d: &crate::model::Deadline, doc: &Document) -> String {
    use crate::model::DeadlineAnchor;
    let adopted = doc.document.date.as_deref().unwrap_or("adoption");
    let period = || match (d.months, d.days) {
        (Some(m), _) => format!("{m} months"),
        (None, Some(n)) if d.working_days => format!("{n} working days"),
        (None, Some(n)) => format!("{n} days"),
        (None, None) => d.text.clone(),
    };
    match (d.anchor, &d.due) {
        (Some(DeadlineAnchor::Session), _) => {
            let n = d.session.unwrap_or_default();
            let session = match &d.session_of {
                Some(b) => format!("{} session of the {b}", ordinal(n)),
                None => format!("{} session", ordinal(n)),
            };
            match (&d.due, &d.due_to) {
                (Some(from), Some(to)) => format!("{session} ({from} to {to})"),
                _ => session,
            }
        }
        (Some(DeadlineAnchor::Adoption), Some(due)) => {
            format!("by {due} ({} from adoption on {adopted})", period())
        }
        (Some(DeadlineAnchor::Adoption), None) => format!("{} from adoption", period()),
        (Some(DeadlineAnchor::Event), _) => format!("{} (from the event the text names)", d.text),
        (Some(DeadlineAnchor::Date), Some(due)) => format!("by {due}"),
        (Some(DeadlineAnchor::Year), _) => match (&d.due_to, d.year) {
            (Some(end), _) => format!("by {end}"),
            (None, Some(y)) => format!("by {y}"),
            (None, None) => d.text.clone(),
        },
        _ => d.recurrence.clone().unwrap_or_else(|| d.text.clone()),
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Whether an item applies to the country of the profile (or, without a
/// profile, to whom among Member States).
fn applicability(
    o: &Obligation,
    actor: &str,
    rules: &RuleSet,
    profile: Option<&Profile>,
    party: &[String],
) -> Option<Applicability> {
    if actor != "member-states" {
        return None;
    }
    let names = |ids: &[String]| -> String {
        if ids.is_empty() {
            return "the instrument it names".into();
        }
        let names: Vec<String> = ids
            .iter()
            .map(|i| format!("the {}", instrument_name(i, rules)))
            .collect();
        join_names(&names)
    };
    if o.actor.as_str() == "states-parties" {
        let named = names(&o.instruments);
        return Some(match profile {
            None => Applicability {
                status: "if-party".into(),
                note: format!("Applies if party to {named}"),
                general: false,
            },
            Some(_) if o.instruments.iter().any(|i| party.contains(i)) => Applicability {
                status: "applies".into(),
                note: format!("Applies: party to {named}"),
                general: false,
            },
            Some(_) if o.instruments.is_empty() => Applicability {
                status: "if-party".into(),
                note: "Applies if party to the instrument the paragraph names".into(),
                general: false,
            },
            Some(_) => Applicability {
                status: "not-applicable".into(),
                note: format!("Does not apply: not party to {named}"),
                general: false,
            },
        });
    }
    let profile = profile?;
    if o.actor.is_country() {
        return Some(Applicability {
            status: "applies".into(),
            note: format!(
                "Addressed to {} by name",
                actor_name(o.actor.as_str(), rules)
            ),
            general: false,
        });
    }
    // "Urges Member States that have not yet done so to consider ratifying
    // X": met when the country is party to every treaty named.
    let ratify = {
        let a = o.action.to_lowercase();
        a.contains("ratif")
            || a.contains("accede")
            || a.contains("accession")
            || a.contains("become part")
    };
    if ratify {
        let named: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for (_, id, _) in treaties(&o.action, rules) {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
            v
        };
        if !named.is_empty() {
            let (have, missing): (Vec<String>, Vec<String>) =
                named.iter().cloned().partition(|i| party.contains(i));
            // Instruments named only by description ("the international
            // conventions and protocols related to terrorism") cannot be
            // checked against the profile.
            let described = undescribed_instruments(&o.action, rules);
            let more = asks_more_than_ratifying(o);
            let _ = &profile.country;
            return Some(if missing.is_empty() && more {
                Applicability {
                    status: "applies".into(),
                    note: format!(
                        "Partly met: party to {}; the other actions of the paragraph remain",
                        names(&have)
                    ),
                    general: false,
                }
            } else if missing.is_empty() && described {
                Applicability {
                    status: "applies".into(),
                    note: format!(
                        "Partly met: party to {}; the text also names instruments by description, to check",
                        names(&have)
                    ),
                    general: false,
                }
            } else if missing.is_empty() {
                Applicability {
                    status: "met".into(),
                    note: format!("Already met: party to {}", names(&have)),
                    general: false,
                }
            } else if have.is_empty() {
                Applicability {
                    status: "applies".into(),
                    note: format!("Applies: not yet party to {}", names(&missing)),
                    general: false,
                }
            } else {
                Applicability {
                    status: "applies".into(),
                    note: format!(
                        "Partly met: party to {}; not yet to {}",
                        names(&have),
                        names(&missing)
                    ),
                    general: false,
                }
            });
        }
    }
    Some(Applicability {
        status: "applies".into(),
        note: "Applies to all Member States".into(),
        general: true,
    })
}

/// Does `o` ask for something besides ratifying ("consider ratifying X,
/// as well as to strengthen national efforts to protect victims")? An
/// infinitive of purpose ("ratify X to reinforce cooperation") is part of
/// the ratification; a coordinated infinitive or a step is a further ask.
fn asks_more_than_ratifying(o: &Obligation) -> bool {
    let a = o.action.to_lowercase();
    o.steps.len() > 1
        || a.contains("; ")
        || [
            " as well as to ",
            " and to ",
            " and also to ",
            ", and to ",
            " and further to ",
        ]
        .iter()
        .any(|c| a.contains(c))
}

/// Does `action` name instruments by description rather than by title
/// ("the international conventions and protocols related to terrorism")?
fn undescribed_instruments(action: &str, rules: &RuleSet) -> bool {
    let mut rest = action.to_string();
    for (_, _, name) in treaties(action, rules) {
        rest = rest.replace(&name, "");
    }
    let rest = rest
        .replace("Protocols thereto", "")
        .replace("protocols thereto", "");
    ["conventions", "protocols", "instruments", "treaties"]
        .iter()
        .any(|w| rest.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "adopted text" -> "Adopted text", "civil society" -> "Civil society".
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imperative_sentences() {
        assert_eq!(
            imperative("continue to provide technical assistance"),
            "Continue to provide technical assistance."
        );
        assert_eq!(imperative("submit a report;"), "Submit a report.");
        assert_eq!(imperative(""), "");
        assert_eq!(ordinal(73), "73rd");
        assert_eq!(ordinal(11), "11th");
    }

    #[test]
    fn profile_errors_name_the_place() {
        let r = RuleSet::defaults();
        let e = Profile::parse("country: Atlantis\n", "p.yaml", r).unwrap_err();
        assert!(e.to_string().contains("Atlantis"));
        let e = Profile::parse(
            "country: Italy\nparty_to: [uncac]\ncolour: red\n",
            "p.yaml",
            r,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        let p = Profile::parse("country: Italy\nparty_to: [uncac, United Nations Convention against Transnational Organized Crime]\n", "p.yaml", r)
            .unwrap();
        assert_eq!(p.country_id(r).as_deref(), Some("country:italy"));
        assert_eq!(p.party_ids(r), ["uncac", "untoc"]);
    }
}
