//! Scoring extraction against hand-made reference annotations (gold files,
//! `tests/gold/*.yaml`; the format is in the README, under Accuracy).
//!
//! An extracted obligation matches a gold one when paragraph, actor and
//! strength agree, as a multiset per paragraph; all `country:*` ids count as
//! one actor class, and so do all `other` actors. Obligations that match an
//! `optional` row are neither required nor penalised. The matched rows are
//! then scored field by field ([`fields`]).

pub mod fields;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Document, Strength};

/// A gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub document: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub session: Option<u32>,
    #[serde(default)]
    pub committee: Option<String>,
    #[serde(default)]
    pub agenda_item: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub symbol: Option<String>,
    #[serde(default)]
    pub preamble_paragraphs: Option<usize>,
    #[serde(default)]
    pub operative_paragraphs: Option<usize>,
    #[serde(default)]
    pub footnotes: Option<usize>,
    #[serde(default)]
    pub obligations: Vec<GoldObligation>,
    #[serde(default)]
    pub optional: Vec<GoldOptional>,
}

/// A gold obligation row (extra keys of the annotation are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldObligation {
    pub para: u32,
    #[serde(default)]
    pub verb: Option<String>,
    pub strength: Strength,
    pub actor: String,
    #[serde(default)]
    pub actor_text: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// Qualifier kinds (none when absent).
    #[serde(default)]
    pub qualifiers: Vec<String>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub deadline: Option<GoldDeadline>,
    /// The first words of each lettered step, in order.
    #[serde(default)]
    pub steps: Vec<String>,
}

/// A gold deadline: the values it gives.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDeadline {
    #[serde(default)]
    pub session: Option<u32>,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl GoldDeadline {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.session {
            parts.push(format!("session {s}"));
        }
        if let Some(d) = self.days {
            parts.push(format!("{d} days"));
        }
        if let Some(y) = self.year {
            parts.push(format!("year {y}"));
        }
        if let Some(d) = &self.date {
            parts.push(format!("date {d}"));
        }
        parts.join(", ")
    }
}

/// An addressee neither required nor penalised.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldOptional {
    pub para: u32,
    pub actor: String,
}

/// Problems reading a gold file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct GoldError {
    pub file: String,
    pub message: String,
}

impl Gold {
    pub fn read(path: &Path) -> Result<Gold, GoldError> {
        let text = std::fs::read_to_string(path).map_err(|e| GoldError {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        serde_saphyr::from_str(&text).map_err(|e| GoldError {
            file: path.display().to_string(),
            message: e.without_snippet().to_string(),
        })
    }
}

/// An annotation the project disagrees with: one field of one gold row,
/// with the value the annotation gives, the value extracted, and why the
/// extraction is kept. `eval --disputes FILE` sets such a field aside
/// (neither right nor scored) and prints the figures both ways.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// The gold file's `document`.
    pub document: String,
    pub para: u32,
    /// The row's actor id.
    pub actor: String,
    /// One of [`fields::FIELDS`].
    pub field: String,
    /// The two values, as `eval` prints them.
    pub gold: String,
    pub extracted: String,
    pub reason: String,
}

impl Dispute {
    /// Reads a YAML list of disputes; each must name a scored field and
    /// give a reason.
    pub fn read_all(path: &Path) -> Result<Vec<Dispute>, GoldError> {
        let err = |message: String| GoldError {
            file: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let all: Vec<Dispute> =
            serde_saphyr::from_str(&text).map_err(|e| err(e.without_snippet().to_string()))?;
        for (i, d) in all.iter().enumerate() {
            if !fields::FIELDS.contains(&d.field.as_str()) {
                return Err(err(format!(
                    "dispute {} ({} para. {}): unknown field {:?} (one of: {})",
                    i + 1,
                    d.document,
                    d.para,
                    d.field,
                    fields::FIELDS.join(", ")
                )));
            }
            if d.reason.trim().is_empty() {
                return Err(err(format!(
                    "dispute {} ({} para. {}): no reason given",
                    i + 1,
                    d.document,
                    d.para
                )));
            }
        }
        Ok(all)
    }

    /// This dispute is about that wrong field.
    pub fn names(&self, m: &fields::FieldMiss) -> bool {
        self.para == m.para
            && self.actor == m.actor
            && self.field == m.field
            && self.gold == m.gold
            && self.extracted == m.extracted
    }

    /// Disputes of `scores` that no wrong field matched: the extraction or
    /// the annotation changed, and the dispute no longer applies.
    pub fn stale<'a>(all: &'a [Dispute], scores: &[DocScore]) -> Vec<&'a Dispute> {
        all.iter()
            .filter(|d| {
                !scores
                    .iter()
                    .any(|s| s.document == d.document && s.disputed.iter().any(|m| d.names(m)))
            })
            .collect()
    }
}

/// The actor class used for matching.
pub fn actor_class(actor: &str) -> &str {
    if actor.starts_with("country:") {
        "country"
    } else {
        actor
    }
}

/// One row of a difference list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub para: u32,
    pub actor: String,
    pub strength: Strength,
    /// Verb and words, to recognise the row.
    pub text: String,
}

/// Scores of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocScore {
    pub document: String,
    pub gold: usize,
    pub extracted: usize,
    pub matched: usize,
    pub optional: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pairs that agree on paragraph and actor: how many also agree on
    /// strength.
    pub strength_agree: usize,
    pub strength_pairs: usize,
    pub missed: Vec<Row>,
    pub extra: Vec<Row>,
    /// (what, gold, extracted) for counts and header fields that differ.
    pub fields: Vec<(String, String, String)>,
    /// The matched rows, field by field.
    pub obligation_fields: Vec<fields::FieldScore>,
    /// Matched rows right in every field, and matched rows.
    pub rows_right: usize,
    pub rows: usize,
    pub field_misses: Vec<fields::FieldMiss>,
    /// Wrong fields whose annotation the project disputes (counted wrong
    /// in the figures above).
    pub disputed: Vec<fields::FieldMiss>,
    #[serde(skip)]
    field_counts: fields::Fields,
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Scores one extracted document against its gold file.
pub fn score(gold: &Gold, doc: &Document) -> DocScore {
    score_disputed(gold, doc, &[])
}

/// Scores one extracted document against its gold file; the wrong fields
/// that `disputes` (of any document) name are listed as disputed, for the
/// figures with them set aside ([`Summary`]).
pub fn score_disputed(gold: &Gold, doc: &Document, disputes: &[Dispute]) -> DocScore {
    type Key = (u32, String, Strength);
    let mut want: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for g in &gold.obligations {
        let text = format!(
            "{} {}",
            g.verb.clone().unwrap_or_default(),
            g.action.clone().unwrap_or_default()
        );
        want.entry((g.para, actor_class(&g.actor).to_string(), g.strength))
            .or_default()
            .push(text);
    }
    let mut got: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for o in &doc.obligations {
        let text = format!("{} {}", o.verb, truncate(&o.action, 70));
        got.entry((
            o.paragraph,
            actor_class(o.actor.as_str()).to_string(),
            o.strength,
        ))
        .or_default()
        .push(text);
    }
    let mut matched = 0;
    let mut missed = Vec::new();
    let mut extra = Vec::new();
    let mut optional = 0;
    let mut optional_left: Vec<(u32, String)> = gold
        .optional
        .iter()
        .map(|o| (o.para, actor_class(&o.actor).to_string()))
        .collect();
    let keys: std::collections::BTreeSet<&Key> = want.keys().chain(got.keys()).collect();
    for k in keys {
        let w = want.get(k).map_or(&[][..], |v| v.as_slice());
        let g = got.get(k).map_or(&[][..], |v| v.as_slice());
        let m = w.len().min(g.len());
        matched += m;
        for t in &w[m..] {
            missed.push(Row {
                para: k.0,
                actor: k.1.clone(),
                strength: k.2,
                text: t.clone(),
            });
        }
        for t in &g[m..] {
            if let Some(i) = optional_left
                .iter()
                .position(|(p, a)| *p == k.0 && *a == k.1)
            {
                optional_left.remove(i);
                optional += 1;
                continue;
            }
            extra.push(Row {
                para: k.0,
                actor: k.1.clone(),
                strength: k.2,
                text: t.clone(),
            });
        }
    }
    // Strength agreement over pairs that agree on paragraph and actor.
    let mut by_actor_want: BTreeMap<(u32, String), Vec<Strength>> = BTreeMap::new();
    for g in &gold.obligations {
        by_actor_want
            .entry((g.para, actor_class(&g.actor).to_string()))
            .or_default()
            .push(g.strength);
    }
    let mut by_actor_got: BTreeMap<(u32, String), Vec<Strength>> = BTreeMap::new();
    for o in &doc.obligations {
        by_actor_got
            .entry((o.paragraph, actor_class(o.actor.as_str()).to_string()))
            .or_default()
            .push(o.strength);
    }
    let (mut agree, mut pairs) = (0, 0);
    for (k, w) in &by_actor_want {
        if let Some(g) = by_actor_got.get(k) {
            let n = w.len().min(g.len());
            pairs += n;
            let mut g = g.clone();
            for s in w {
                if let Some(i) = g.iter().position(|x| x == s) {
                    g.remove(i);
                    agree += 1;
                }
            }
            agree = agree.min(pairs);
        }
    }
    let extracted = doc.obligations.len() - optional;
    let precision = ratio(matched, extracted);
    let recall = ratio(matched, gold.obligations.len());
    let mut fields = Vec::new();
    let mut cmp = |what: &str, g: Option<String>, e: Option<String>| {
        if let Some(g) = g
            && Some(&g) != e.as_ref()
        {
            fields.push((what.to_string(), g, e.unwrap_or_else(|| "-".into())));
        }
    };
    cmp(
        "preamble paragraphs",
        gold.preamble_paragraphs.map(|n| n.to_string()),
        Some(doc.preamble.len().to_string()),
    );
    cmp(
        "operative paragraphs",
        gold.operative_paragraphs.map(|n| n.to_string()),
        Some(doc.operative.len().to_string()),
    );
    cmp(
        "footnotes",
        gold.footnotes.map(|n| n.to_string()),
        Some(doc.footnotes.len().to_string()),
    );
    let d = &doc.document;
    cmp("body", gold.body.clone(), d.body.clone());
    cmp(
        "session",
        gold.session.map(|s| s.to_string()),
        d.session.map(|s| s.to_string()),
    );
    cmp("committee", gold.committee.clone(), d.committee.clone());
    cmp(
        "agenda item",
        gold.agenda_item.clone(),
        d.agenda_item.clone(),
    );
    cmp("date", gold.date.clone(), d.date.clone());
    cmp("symbol", gold.symbol.clone(), d.symbol.clone());
    let mine: Vec<&Dispute> = disputes
        .iter()
        .filter(|d| d.document == gold.document)
        .collect();
    let mut field_counts = fields::score(gold, doc, &mine);
    let field_misses = std::mem::take(&mut field_counts.misses);
    let disputed = field_counts.disputed.clone();
    DocScore {
        document: gold.document.clone(),
        gold: gold.obligations.len(),
        extracted,
        matched,
        optional,
        precision,
        recall,
        f1: f1(precision, recall),
        strength_agree: agree,
        strength_pairs: pairs,
        missed,
        extra,
        fields,
        obligation_fields: field_counts.scores(),
        rows_right: field_counts.rows_right,
        rows: field_counts.rows,
        field_misses,
        disputed,
        field_counts,
    }
}

fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// Totals over several documents (micro-averaged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub gold: usize,
    pub extracted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub strength_accuracy: f64,
    /// The matched rows of all documents, field by field.
    pub fields: Vec<fields::FieldScore>,
    /// The share of matched rows right in every field.
    pub row_accuracy: f64,
    pub rows_right: usize,
    pub rows: usize,
    /// Wrong fields whose annotation the project disputes, and the figures
    /// with them set aside (neither right nor scored; the same figures when
    /// there are none).
    pub disputed: usize,
    pub fields_set_aside: Vec<fields::FieldScore>,
    pub row_accuracy_set_aside: f64,
    pub rows_right_set_aside: usize,
}

pub fn summarize(scores: &[DocScore]) -> Summary {
    let gold: usize = scores.iter().map(|s| s.gold).sum();
    let extracted: usize = scores.iter().map(|s| s.extracted).sum();
    let matched: usize = scores.iter().map(|s| s.matched).sum();
    let agree: usize = scores.iter().map(|s| s.strength_agree).sum();
    let pairs: usize = scores.iter().map(|s| s.strength_pairs).sum();
    let precision = ratio(matched, extracted);
    let recall = ratio(matched, gold);
    let mut all = fields::Fields::default();
    for s in scores {
        all.add(&s.field_counts);
    }
    Summary {
        documents: scores.len(),
        gold,
        extracted,
        matched,
        precision,
        recall,
        f1: f1(precision, recall),
        strength_accuracy: ratio(agree, pairs),
        fields: all.scores(),
        row_accuracy: all.row_accuracy(),
        rows_right: all.rows_right,
        rows: all.rows,
        disputed: all.disputed.len(),
        fields_set_aside: all.scores_set_aside(),
        row_accuracy_set_aside: ratio(all.rows_right_set_aside(), all.rows),
        rows_right_set_aside: all.rows_right_set_aside(),
    }
}
