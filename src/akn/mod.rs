//! Akoma Ntoso 3.0 export: one resolution as an OASIS LegalDocML document
//! following the AKN4UN guidelines for resolutions.
//!
//! Input: an extracted [`Document`], the [`Source`] it was read from (the
//! footnote markers and closing lines are found again in its text) and the
//! rules (names of addressees, references). Output: the XML text of
//! `<akomaNtoso><statement name="resolution">` with `meta` (FRBR
//! identification whose URIs are built from the adopting body, the date and
//! the symbol; the obligations in `analysis`, in this project's namespace
//! [`NS`]; `references` with a `TLCOrganization` or `TLCRole` per
//! addressee and a `TLCConcept` per strength), `preface` (symbol, title,
//! date), `preamble` (the adopting body's formula and one `container` per
//! preambular paragraph), `mainBody` (one `paragraph` per operative
//! paragraph, sub-paragraphs as `list`/`point`, parts and sections as
//! `part`/`section`) and `conclusions` (the closing lines). Inline: the
//! operative verbs (`inline name="operativeVerb"` referring to their
//! strength), the addressees (`organization`/`role`), the cited documents
//! (`ref`) and the footnotes (`authorialNote`).
//!
//! Invariants: the output is valid against the Akoma Ntoso 3.0 schema
//! (tests/akn/akomantoso30.xsd); eIds are unique; every `#id` reference
//! names an element of the document; the paragraph text is written whole.
//! Annexes are not exported.

mod inline;
mod xml;

use std::collections::{BTreeMap, BTreeSet};

use crate::checklist::actor_name;
use crate::model::{ActorId, Document, Strength};
use crate::normalize::{Normalized, normalize};
use crate::rules::RuleSet;
use crate::source::Source;
use xml::Xml;

/// The Akoma Ntoso 3.0 namespace.
pub const AKN_NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/// This project's namespace, for the obligations in `analysis`.
pub const NS: &str = "urn:x-resolute:akn:1";

/// Why a document could not be exported.
#[derive(Debug, thiserror::Error)]
#[error("{name}: cannot write the Akoma Ntoso document: {source}")]
pub struct AknError {
    pub name: String,
    #[source]
    pub source: std::io::Error,
}

/// Actors that are persons holding an office (`TLCRole`); the others are
/// organizations or groups of them (`TLCOrganization`).
const ROLES: &[&str] = &["secretary-general", "president-of-the-general-assembly"];

/// The short name of an adopting body in AKN4UN URIs.
fn body_token(doc: &Document) -> String {
    match doc.document.body_actor.as_ref().map(ActorId::as_str) {
        Some("general-assembly") => "unga".into(),
        Some("security-council") => "unsc".into(),
        Some("ecosoc") => "ecosoc".into(),
        Some("human-rights-council") => "unhrc".into(),
        _ => doc
            .document
            .body
            .as_deref()
            .map(slug)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "un".into()),
    }
}

/// Lower-case letters, digits and `-`; anything else becomes one `-`.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// An eId-safe form of an actor id (`country:iraq` -> `country-iraq`).
fn actor_eid(id: &str) -> String {
    id.replace(':', "-")
}

/// The number of the resolution in its URI: the symbol without the body's
/// prefix (`A/RES/72/196` -> `72-196`), else the file's name.
fn number(doc: &Document) -> String {
    let d = &doc.document;
    if let Some(sym) = &d.symbol {
        let rest = ["A/HRC/RES/", "A/RES/", "S/RES/", "E/RES/"]
            .iter()
            .find_map(|p| sym.strip_prefix(p))
            .unwrap_or(sym);
        let s = slug(rest);
        if !s.is_empty() {
            return s;
        }
    }
    let stem = d.source.rsplit('/').next().unwrap_or(&d.source);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let s = slug(stem);
    if s.is_empty() { "resolution".into() } else { s }
}

/// The addressees of the document: id -> (eId, TLC element, inline
/// element, name). Actors named `other` get one entry per distinct text.
struct Actors {
    by_key: BTreeMap<String, (String, &'static str, &'static str, String)>,
}

impl Actors {
    fn key(id: &ActorId, text: &str) -> String {
        if id.is_other() {
            format!("other:{}", text.to_lowercase())
        } else {
            id.to_string()
        }
    }

    fn new(doc: &Document, rules: &RuleSet) -> Actors {
        let mut by_key = BTreeMap::new();
        let mut others = 0;
        for o in &doc.obligations {
            let key = Actors::key(&o.actor, &o.actor_text);
            if by_key.contains_key(&key) {
                continue;
            }
            let (eid, name) = if o.actor.is_other() {
                others += 1;
                (format!("other-{others}"), o.actor_text.clone())
            } else {
                (
                    actor_eid(o.actor.as_str()),
                    actor_name(o.actor.as_str(), rules),
                )
            };
            let (tlc, el) = if ROLES.contains(&o.actor.as_str()) {
                ("TLCRole", "role")
            } else {
                ("TLCOrganization", "organization")
            };
            by_key.insert(key, (eid, tlc, el, name));
        }
        Actors { by_key }
    }

    fn get(
        &self,
        id: &ActorId,
        text: &str,
    ) -> Option<&(String, &'static str, &'static str, String)> {
        self.by_key.get(&Actors::key(id, text))
    }
}

/// Unique eIds: a second use of one gets `_2`, and so on.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn take(&mut self, want: String) -> String {
        let mut id = want.clone();
        let mut n = 1;
        while self.0.contains(&id) {
            n += 1;
            id = format!("{want}_{n}");
        }
        self.0.insert(id.clone());
        id
    }
}

/// The concept eId of a strength.
fn strength_eid(s: Strength) -> String {
    format!("strength-{s}")
}

/// Exports one document.
pub fn export(doc: &Document, src: &Source, rules: &RuleSet) -> Result<String, AknError> {
    let norm = normalize(&src.text);
    let closing: Vec<String> = crate::parse::parse(&norm.text)
        .map(|ast| {
            ast.trailing
                .iter()
                .map(|s| {
                    s.of(&norm.text)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let actors = Actors::new(doc, rules);
    let mut ids = Ids::default();
    let plan = body::plan(doc, &mut ids);
    let mut x = Xml::new();
    x.open_inline("akomaNtoso", &[("xmlns", AKN_NS), ("xmlns:res", NS)]);
    x.open(
        "statement",
        &[("name", "resolution"), ("contains", "originalVersion")],
    );
    meta::write(&mut x, doc, &actors, &plan);
    let ctx = body::Context {
        doc,
        norm: &norm,
        rules,
        actors: &actors,
    };
    body::preface(&mut x, doc);
    body::preamble(&mut x, &ctx, &mut ids);
    body::main(&mut x, &ctx, &plan, &mut ids);
    if !closing.is_empty() {
        x.open("conclusions", &[]);
        for line in &closing {
            x.leaf("p", &[], line);
        }
        x.close("conclusions");
    }
    x.close("statement");
    x.nl();
    x.close_inline("akomaNtoso");
    x.finish().map_err(|source| AknError {
        name: doc.document.source.clone(),
        source,
    })
}

mod body;
mod meta;

/// Where the footnote markers of a run of text stand in it: (offset in
/// `text`, footnote number). `hint` is a clean-text offset near the run's
/// start; the run is looked for from there. Runs whose line breaks were
/// joined with a space (lettered items of a preambular paragraph) count
/// each `"\n\n"` of the clean text as that one space.
fn markers_in(norm: &Normalized, hint: usize, text: &str) -> Vec<(usize, u32)> {
    let clean = &norm.text;
    let hint = (0..=hint.min(clean.len()))
        .rev()
        .find(|&i| clean.is_char_boundary(i))
        .unwrap_or(0);
    // The run's first words, short enough to stand before any joined line.
    let start = [60, 20].iter().find_map(|&n| {
        let mut end = n.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let probe = &text[..end];
        if probe.is_empty() {
            return None;
        }
        clean[hint..]
            .find(probe)
            .map(|i| hint + i)
            .or_else(|| clean.find(probe))
    });
    let Some(cs) = start else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &norm.markers {
        if m.at < cs || m.at > cs + 2 * text.len() + 2 || !clean.is_char_boundary(m.at) {
            continue;
        }
        // Each joined "\n\n" is one space in the run; the break after the
        // run puts every later marker past its end.
        let off = m.at - cs - clean[cs..m.at].matches("\n\n").count();
        if off <= text.len() {
            out.push((off, m.number));
        }
    }
    out
}
