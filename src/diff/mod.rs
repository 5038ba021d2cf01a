//! Versions of a resolution compared paragraph by paragraph: what changed
//! in what is asked of whom.
//!
//! Input: two extracted [`Document`]s (a draft and the adopted text, or a
//! resolution and its renewal a year or two later), from any input the
//! library reads. Output: a [`Diff`]: every operative paragraph of both
//! versions, aligned by content ([`align`]) and marked same, changed,
//! moved, new or dropped, with a word-level [`redline`] of the changed
//! ones and the changes of their obligations ([`obligations`]: strength
//! drift, addressees, deadlines, qualifiers, conditions); the preamble the
//! same way, without obligations; and counts of all of it. Three or more
//! versions give a [`series::Series`]: the history of each paragraph.
//!
//! Invariants: every paragraph of each version appears exactly once; the
//! list follows the new version's order, each dropped paragraph placed
//! after the counterpart of the old paragraph before it; the same inputs
//! give the same diff.

pub mod align;
pub mod obligations;
pub mod redline;
pub mod series;

use serde::Serialize;

use crate::model::{Document, DocumentInfo, Obligation, OperativeParagraph, Strength};
use align::{Alignment, Shingles};
use obligations::{Change, Direction};
use redline::Edit;

/// Version of the diff JSON.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// What became of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The same words (white space and the final punctuation aside).
    Same,
    /// Its counterpart in the same place in the order, with other words.
    Changed,
    /// Its counterpart is elsewhere in the order (the words may differ too).
    Moved,
    /// Only in the new version.
    New,
    /// Only in the old version.
    Dropped,
}

/// Which document a version is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub source: String,
    pub symbol: Option<String>,
    pub kind: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
}

impl Version {
    pub fn of(d: &DocumentInfo) -> Version {
        Version {
            source: d.source.clone(),
            symbol: d.symbol.clone(),
            kind: d.kind.clone(),
            date: d.date.clone(),
            title: d.title.clone(),
            body: d.body.clone(),
        }
    }

    /// The symbol, else the file name.
    pub fn name(&self) -> &str {
        self.symbol.as_deref().unwrap_or(&self.source)
    }
}

/// One side of a paragraph's comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// 0-based position in its version's list of paragraphs.
    #[serde(skip)]
    pub index: usize,
    /// Operative number, or position in the preamble.
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// "OP 13", "B, OP 2", "PP 4".
    pub label: String,
    /// The whole text, sub-paragraphs included ("(a) ...").
    pub text: String,
    /// Strengths of its clauses, in order (operative paragraphs only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strengths: Vec<Strength>,
}

/// One paragraph across the two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphDiff {
    pub status: Status,
    pub old: Option<Side>,
    pub new: Option<Side>,
    /// Dice similarity of the two texts (see [`align`]), when both exist.
    pub similarity: Option<f64>,
    /// Whether the paragraph's number changed (both sides exist).
    pub renumbered: bool,
    /// Word-level redline, when the words changed.
    pub redline: Vec<Edit>,
    /// (deleted, inserted) word counts of the redline.
    pub words: (usize, usize),
    /// The strongest clause of the paragraph went up or down (both sides
    /// exist). This catches what pairing obligations by addressee cannot:
    /// "Notes with concern ..." become "Invites Member States ...", or a
    /// request moved from one addressee to another.
    pub drift: Option<ParagraphDrift>,
    /// Changes of the obligations (operative paragraphs only).
    pub changes: Vec<Change>,
}

/// The strongest clause of a paragraph, before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParagraphDrift {
    pub from: Strength,
    pub to: Strength,
    pub direction: Direction,
}

/// The strongest strength of a list (the enum lists the strongest first).
fn strongest(s: &[Strength]) -> Option<Strength> {
    s.iter().min().copied()
}

/// How many paragraphs ended up in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Paragraphs in the old and the new version.
    pub old_total: usize,
    pub new_total: usize,
    pub same: usize,
    pub changed: usize,
    pub moved: usize,
    pub new: usize,
    pub dropped: usize,
    pub renumbered: usize,
}

/// The obligation changes, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    pub strength_up: usize,
    pub strength_down: usize,
    pub verb_reworded: usize,
    pub addressees_added: usize,
    pub addressees_removed: usize,
    /// Obligations more or fewer for addressees named on both sides.
    pub obligations_added: usize,
    pub obligations_removed: usize,
    pub deadlines_added: usize,
    pub deadlines_changed: usize,
    pub deadlines_removed: usize,
    pub qualifiers_added: usize,
    pub qualifiers_removed: usize,
    pub conditions_added: usize,
    pub conditions_removed: usize,
    /// Paragraphs whose strongest clause went up or down.
    pub paragraphs_up: usize,
    pub paragraphs_down: usize,
}

/// The totals of a diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub operative: Counts,
    pub preamble: Counts,
    pub obligations: ChangeCounts,
}

/// Two versions compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub old: Version,
    pub new: Version,
    pub summary: Summary,
    pub operative: Vec<ParagraphDiff>,
    pub preamble: Vec<ParagraphDiff>,
    pub generator: String,
}

/// "OP 13", "B, OP 2".
fn op_label(p: &OperativeParagraph) -> String {
    match &p.part {
        Some(part) => format!("{part}, OP {}", p.number),
        None => format!("OP {}", p.number),
    }
}

/// The whole text of an operative paragraph: its lead and its lettered
/// sub-paragraphs.
pub fn full_text(p: &OperativeParagraph) -> String {
    let mut s = p.text.clone();
    for sub in &p.subparagraphs {
        s.push_str(&format!(" ({}) {}", sub.label, sub.text));
    }
    s
}

/// The paragraphs of one version, ready to align.
struct Sides {
    sides: Vec<Side>,
    shingles: Vec<Shingles>,
}

impl Sides {
    fn new(sides: Vec<Side>) -> Sides {
        let shingles = sides.iter().map(|s| Shingles::of(&s.text)).collect();
        Sides { sides, shingles }
    }
}

fn operative_sides(doc: &Document) -> Sides {
    Sides::new(
        doc.operative
            .iter()
            .enumerate()
            .map(|(index, p)| Side {
                index,
                number: p.number,
                part: p.part.clone(),
                label: op_label(p),
                text: full_text(p),
                strengths: p.clauses.iter().map(|c| c.strength).collect(),
            })
            .collect(),
    )
}

fn preamble_sides(doc: &Document) -> Sides {
    Sides::new(
        doc.preamble
            .iter()
            .enumerate()
            .map(|(index, p)| Side {
                index,
                number: p.index,
                part: None,
                label: format!("PP {}", p.index),
                text: p.text.clone(),
                strengths: Vec::new(),
            })
            .collect(),
    )
}

/// The text as compared for "same": words and punctuation, single spaces,
/// curly quotes as straight ones, without the final punctuation (the last
/// paragraph ends with a full stop, the others with a semicolon, so a
/// paragraph that becomes the last is not changed by that).
fn comparable(s: &str) -> String {
    let words = redline::fold_quotes(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    words
        .trim_end_matches(|c: char| matches!(c, ';' | '.' | ',' | ':') || c.is_whitespace())
        .to_string()
}

/// The obligations of one operative paragraph.
fn obligations_of<'a>(doc: &'a Document, side: &Side) -> Vec<&'a Obligation> {
    doc.obligations
        .iter()
        .filter(|o| o.annex.is_none() && o.paragraph == side.number && o.part == side.part)
        .collect()
}

/// Compares two versions.
pub fn compare(old: &Document, new: &Document) -> Diff {
    let (o_ops, n_ops) = (operative_sides(old), operative_sides(new));
    let operative = paragraphs(&o_ops, &n_ops, Some((old, new)));
    let (o_pre, n_pre) = (preamble_sides(old), preamble_sides(new));
    let preamble = paragraphs(&o_pre, &n_pre, None);
    let summary = Summary {
        operative: counts(&operative, o_ops.sides.len(), n_ops.sides.len()),
        preamble: counts(&preamble, o_pre.sides.len(), n_pre.sides.len()),
        obligations: change_counts(&operative),
    };
    Diff {
        schema_version: DIFF_SCHEMA_VERSION,
        old: Version::of(&old.document),
        new: Version::of(&new.document),
        summary,
        operative,
        preamble,
        generator: format!("resolute {}", env!("CARGO_PKG_VERSION")),
    }
}

/// The alignment of two versions' paragraphs, one entry per paragraph.
fn paragraphs(
    old: &Sides,
    new: &Sides,
    docs: Option<(&Document, &Document)>,
) -> Vec<ParagraphDiff> {
    let a = align::align(&old.shingles, &new.shingles);
    let mut keyed: Vec<((i64, u8, usize), ParagraphDiff)> = Vec::new();
    for &(i, j, sim) in &a.pairs {
        let d = pair(&old.sides[i], &new.sides[j], sim, false, docs);
        keyed.push(((j as i64, 0, 0), d));
    }
    for &(i, j, sim) in &a.moves {
        let d = pair(&old.sides[i], &new.sides[j], sim, true, docs);
        keyed.push(((j as i64, 0, 0), d));
    }
    for &j in &a.added {
        let s = &new.sides[j];
        let changes = docs.map_or_else(Vec::new, |(_, nd)| {
            obligations::changes(&[], &obligations_of(nd, s))
        });
        keyed.push((
            (j as i64, 0, 0),
            ParagraphDiff {
                status: Status::New,
                old: None,
                new: Some(s.clone()),
                similarity: None,
                renumbered: false,
                redline: Vec::new(),
                words: (0, redline::changed_words(&redline::redline("", &s.text)).1),
                drift: None,
                changes,
            },
        ));
    }
    for &i in &a.dropped {
        let s = &old.sides[i];
        let changes = docs.map_or_else(Vec::new, |(od, _)| {
            obligations::changes(&obligations_of(od, s), &[])
        });
        keyed.push((
            (after_counterpart(&a, i), 1, i),
            ParagraphDiff {
                status: Status::Dropped,
                old: Some(s.clone()),
                new: None,
                similarity: None,
                renumbered: false,
                redline: Vec::new(),
                words: (redline::changed_words(&redline::redline(&s.text, "")).0, 0),
                drift: None,
                changes,
            },
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, d)| d).collect()
}

/// Where a dropped old paragraph goes in the new order: right after the
/// new counterpart of the nearest old paragraph before it that has one
/// (-1: before everything).
fn after_counterpart(a: &Alignment, i: usize) -> i64 {
    a.pairs
        .iter()
        .chain(&a.moves)
        .filter(|p| p.0 < i)
        .max_by_key(|p| p.0)
        .map_or(-1, |p| p.1 as i64)
}

/// A paragraph found in both versions.
fn pair(
    o: &Side,
    n: &Side,
    sim: f64,
    moved: bool,
    docs: Option<(&Document, &Document)>,
) -> ParagraphDiff {
    let same_words = comparable(&o.text) == comparable(&n.text);
    let status = match (moved, same_words) {
        (true, _) => Status::Moved,
        (false, true) => Status::Same,
        (false, false) => Status::Changed,
    };
    let redline = if same_words {
        Vec::new()
    } else {
        redline::redline(&o.text, &n.text)
    };
    let changes = docs.map_or_else(Vec::new, |(od, nd)| {
        obligations::changes(&obligations_of(od, o), &obligations_of(nd, n))
    });
    ParagraphDiff {
        status,
        old: Some(o.clone()),
        new: Some(n.clone()),
        // Three decimals: enough to read, stable to print.
        similarity: Some((sim * 1000.0).round() / 1000.0),
        renumbered: o.number != n.number || o.part != n.part,
        words: redline::changed_words(&redline),
        redline,
        drift: match (strongest(&o.strengths), strongest(&n.strengths)) {
            (Some(from), Some(to)) => {
                obligations::direction(from, to).map(|direction| ParagraphDrift {
                    from,
                    to,
                    direction,
                })
            }
            _ => None,
        },
        changes,
    }
}

fn counts(ps: &[ParagraphDiff], old: usize, new: usize) -> Counts {
    let n = |s: Status| ps.iter().filter(|p| p.status == s).count();
    Counts {
        old_total: old,
        new_total: new,
        same: n(Status::Same),
        changed: n(Status::Changed),
        moved: n(Status::Moved),
        new: n(Status::New),
        dropped: n(Status::Dropped),
        renumbered: ps.iter().filter(|p| p.renumbered).count(),
    }
}

fn change_counts(ps: &[ParagraphDiff]) -> ChangeCounts {
    let mut c = ChangeCounts::default();
    for d in ps.iter().filter_map(|p| p.drift) {
        match d.direction {
            Direction::Up => c.paragraphs_up += 1,
            Direction::Down => c.paragraphs_down += 1,
        }
    }
    // Obligations of new and dropped paragraphs are counted as addressees
    // added and removed too: what matters to an addressee is that it is
    // asked something new, wherever that stands.
    for ch in ps.iter().flat_map(|p| &p.changes) {
        match ch {
            Change::Strength {
                direction: Direction::Up,
                ..
            } => c.strength_up += 1,
            Change::Strength {
                direction: Direction::Down,
                ..
            } => c.strength_down += 1,
            Change::Verb { .. } => c.verb_reworded += 1,
            Change::AddresseeAdded(_) => c.addressees_added += 1,
            Change::AddresseeRemoved(_) => c.addressees_removed += 1,
            Change::ObligationAdded(_) => c.obligations_added += 1,
            Change::ObligationRemoved(_) => c.obligations_removed += 1,
            Change::DeadlineAdded { .. } => c.deadlines_added += 1,
            Change::DeadlineChanged { .. } => c.deadlines_changed += 1,
            Change::DeadlineRemoved { .. } => c.deadlines_removed += 1,
            Change::QualifierAdded { .. } => c.qualifiers_added += 1,
            Change::QualifierRemoved { .. } => c.qualifiers_removed += 1,
            Change::ConditionAdded { .. } => c.conditions_added += 1,
            Change::ConditionRemoved { .. } => c.conditions_removed += 1,
        }
    }
    c
}

impl Diff {
    /// The strength drifts, in paragraph order: (paragraph diff, change).
    pub fn drifts(&self) -> impl Iterator<Item = (&ParagraphDiff, &Change)> {
        self.operative
            .iter()
            .flat_map(|p| p.changes.iter().map(move |c| (p, c)))
            .filter(|(_, c)| c.drift().is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparable_text_ignores_spacing_and_final_punctuation() {
        assert_eq!(
            comparable("Requests  the\nSecretary-General to report;"),
            comparable("Requests the Secretary-General to report.")
        );
        assert_ne!(
            comparable("Requests the Secretary-General to report;"),
            comparable("Also requests the Secretary-General to report;")
        );
    }
}
