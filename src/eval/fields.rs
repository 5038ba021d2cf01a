//! Field by field: every gold row that matches an extracted obligation
//! (same paragraph, actor class and strength) is compared with it on each
//! field the annotation records, and a row is right when every one of its
//! fields is.
//!
//! The fields, and what "right" means for each (text is compared in lower
//! case, with curly quotes straightened, runs of white space as one space,
//! and trailing punctuation ignored):
//!
//! - `action start`: the action begins with the row's `action` words;
//! - `actor text`: the addressee's words are the row's `actor_text` (rows
//!   that give one; a "..." in it stands for words left out);
//! - `qualifier kinds`: the same set of kinds (a row without `qualifiers`
//!   expects none);
//! - `condition`: "that have not yet done so" (`not-yet-done`) is found
//!   exactly where the row says so (other restrictions are free text the
//!   annotations do not record);
//! - `deadline`: the session, days, year and date the row gives, and no
//!   deadline where it gives none;
//! - `steps`: as many steps as the row lists, each beginning with its
//!   words (rows that list steps, and rows whose obligation has steps).
//!
//! The annotations record no references, so they are not scored.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Gold, GoldObligation, actor_class};
use crate::model::{Document, Obligation, Strength};

/// The fields scored, in the order they are reported.
pub const FIELDS: [&str; 6] = [
    "action start",
    "actor text",
    "qualifier kinds",
    "condition",
    "deadline",
    "steps",
];

/// How often one field is right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScore {
    pub field: String,
    pub right: usize,
    pub scored: usize,
    pub accuracy: f64,
}

/// A field that is wrong on a matched row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMiss {
    pub para: u32,
    pub actor: String,
    pub field: String,
    pub gold: String,
    pub extracted: String,
}

/// Field figures of one document (or of several, summed). A disputed
/// field ([`super::Dispute`]) is counted as scored and wrong, as every other
/// wrong field; the figures "set aside" leave it out (neither right nor
/// scored).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Fields {
    /// (right, scored) per field, in the order of [`FIELDS`].
    pub counts: Vec<(usize, usize)>,
    /// Matched rows right in every field they record.
    pub rows_right: usize,
    pub rows: usize,
    /// Rows whose only wrong fields are disputed ones.
    pub rows_only_disputed: usize,
    /// Wrong fields, the disputed ones aside.
    pub misses: Vec<FieldMiss>,
    /// Wrong fields whose annotation the project disputes.
    pub disputed: Vec<FieldMiss>,
}

impl Fields {
    /// The figures per field.
    pub fn scores(&self) -> Vec<FieldScore> {
        self.field_scores(false)
    }

    /// The figures per field, the disputed fields set aside.
    pub fn scores_set_aside(&self) -> Vec<FieldScore> {
        self.field_scores(true)
    }

    fn field_scores(&self, set_aside: bool) -> Vec<FieldScore> {
        FIELDS
            .iter()
            .zip(&self.counts)
            .map(|(f, &(right, scored))| {
                let aside = if set_aside {
                    self.disputed.iter().filter(|m| m.field == *f).count()
                } else {
                    0
                };
                FieldScore {
                    field: f.to_string(),
                    right,
                    scored: scored - aside,
                    accuracy: super::ratio(right, scored - aside),
                }
            })
            .collect()
    }

    /// The share of matched rows right in every field.
    pub fn row_accuracy(&self) -> f64 {
        super::ratio(self.rows_right, self.rows)
    }

    /// Matched rows right in every field but the disputed ones.
    pub fn rows_right_set_aside(&self) -> usize {
        self.rows_right + self.rows_only_disputed
    }

    /// Adds another document's figures.
    pub fn add(&mut self, other: &Fields) {
        if self.counts.is_empty() {
            self.counts = vec![(0, 0); FIELDS.len()];
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            a.0 += b.0;
            a.1 += b.1;
        }
        self.rows_right += other.rows_right;
        self.rows += other.rows;
        self.rows_only_disputed += other.rows_only_disputed;
        self.disputed.extend(other.disputed.iter().cloned());
    }
}

/// Text as compared: lower case, straight quotes, one space, no trailing
/// punctuation.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ',', ';', ':'])
        .to_string()
}

fn starts(text: &str, words: &str) -> bool {
    norm(text).starts_with(&norm(words))
}

/// `text` is `words`, where a "..." of `words` stands for any words: "A,
/// ... or B" is any text that begins "A," and ends "or B".
fn same_words(text: &str, words: &str) -> bool {
    let text = norm(text);
    let words = norm(words);
    let mut parts = words.split("...").map(str::trim);
    let Some(first) = parts.next() else {
        return text.is_empty();
    };
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return text == first;
    }
    let Some(mut tail) = text.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().unwrap_or((&"", &[]));
    for part in middle {
        match tail.find(part) {
            Some(i) => tail = &tail[i + part.len()..],
            None => return false,
        }
    }
    tail.ends_with(last)
}

/// Pairs the gold rows and extracted obligations of each (paragraph, actor
/// class, strength): a row takes the first free obligation whose action
/// begins with its words, else the first free one.
fn pairs<'a>(gold: &'a Gold, doc: &'a Document) -> Vec<(&'a GoldObligation, &'a Obligation)> {
    type Key = (u32, String, Strength);
    let mut got: BTreeMap<Key, Vec<(&Obligation, bool)>> = BTreeMap::new();
    for o in &doc.obligations {
        got.entry((
            o.paragraph,
            actor_class(o.actor.as_str()).to_string(),
            o.strength,
        ))
        .or_default()
        .push((o, false));
    }
    let mut out = Vec::new();
    for g in &gold.obligations {
        let Some(cands) = got.get_mut(&(g.para, actor_class(&g.actor).to_string(), g.strength))
        else {
            continue;
        };
        let want = g.action.as_deref().unwrap_or("");
        let i = cands
            .iter()
            .position(|(o, used)| !used && starts(&o.action, want))
            .or_else(|| cands.iter().position(|(_, used)| !used));
        if let Some(i) = i {
            cands[i].1 = true;
            out.push((g, cands[i].0));
        }
    }
    out
}

/// Scores the fields of the matched rows of one document; a wrong field
/// that one of `disputes` names (its row, field, gold and extracted values)
/// is listed as disputed.
pub fn score(gold: &Gold, doc: &Document, disputes: &[&super::Dispute]) -> Fields {
    let mut f = Fields {
        counts: vec![(0, 0); FIELDS.len()],
        ..Fields::default()
    };
    for (g, o) in pairs(gold, doc) {
        let checks = check(g, o);
        let (mut wrong, mut undisputed) = (false, false);
        for (k, c) in checks.into_iter().enumerate() {
            let Some((right, want, have)) = c else {
                continue;
            };
            f.counts[k].1 += 1;
            if right {
                f.counts[k].0 += 1;
                continue;
            }
            wrong = true;
            let miss = FieldMiss {
                para: g.para,
                actor: g.actor.clone(),
                field: FIELDS[k].to_string(),
                gold: want,
                extracted: have,
            };
            if disputes.iter().any(|d| d.names(&miss)) {
                f.disputed.push(miss);
            } else {
                undisputed = true;
                f.misses.push(miss);
            }
        }
        f.rows += 1;
        if !wrong {
            f.rows_right += 1;
        } else if !undisputed {
            f.rows_only_disputed += 1;
        }
    }
    f
}

/// (right, gold, extracted) per field, `None` where the row records
/// nothing to compare.
type Check = Option<(bool, String, String)>;

fn check(g: &GoldObligation, o: &Obligation) -> [Check; 6] {
    let action = g.action.as_ref().map(|a| {
        let mut have = o.action.clone();
        if let Some((i, _)) = have.char_indices().nth(a.chars().count() + 20) {
            have.truncate(i);
        }
        (starts(&o.action, a), a.clone(), have)
    });
    let actor_text = g.actor_text.as_ref().map(|t| {
        (
            same_words(&o.actor_text, t),
            t.clone(),
            o.actor_text.clone(),
        )
    });
    let kinds = |mut v: Vec<String>| {
        v.sort();
        v.dedup();
        v.join(", ")
    };
    let want_q = kinds(g.qualifiers.clone());
    let have_q = kinds(o.qualifiers.iter().map(|q| q.kind.to_string()).collect());
    let qualifiers = Some((want_q == have_q, want_q, have_q));
    let nyd = |c: Option<&str>| c == Some("not-yet-done");
    let condition = Some((
        nyd(g.condition.as_deref()) == nyd(o.condition.as_deref()),
        g.condition.clone().unwrap_or_else(|| "-".into()),
        o.condition.clone().unwrap_or_else(|| "-".into()),
    ));
    let deadline = Some(deadline(g, o));
    let steps = (!g.steps.is_empty() || !o.steps.is_empty()).then(|| {
        let right = g.steps.len() == o.steps.len()
            && g.steps
                .iter()
                .zip(&o.steps)
                .all(|(w, s)| starts(&s.text, w));
        let have: Vec<&str> = o.steps.iter().map(|s| s.text.as_str()).collect();
        (right, g.steps.join(" | "), have.join(" | "))
    });
    [action, actor_text, qualifiers, condition, deadline, steps]
}

fn deadline(g: &GoldObligation, o: &Obligation) -> (bool, String, String) {
    let have = o
        .deadline
        .as_ref()
        .map_or("-".to_string(), |d| d.text.clone());
    match (&g.deadline, &o.deadline) {
        (None, None) => (true, "-".into(), have),
        (None, Some(_)) => (false, "-".into(), have),
        (Some(w), None) => (false, w.describe(), have),
        (Some(w), Some(d)) => {
            let right = w.session.is_none_or(|s| d.session == Some(s))
                && w.days.is_none_or(|n| d.days == Some(n))
                && w.year.is_none_or(|y| d.year == Some(y))
                && w.date.as_ref().is_none_or(|x| d.date.as_ref() == Some(x));
            (right, w.describe(), have)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(rows: &str) -> Gold {
        serde_saphyr::from_str(&format!("document: x.txt\nobligations:\n{rows}")).unwrap()
    }

    fn doc() -> Document {
        let src = crate::Source::from_text(
            "x.txt",
            "The General Assembly,\n\n1. Requests the United Nations Office on Drugs and Crime to continue to provide, upon request, technical assistance by 2030;\n\n2. Urges Member States that have not yet done so to consider ratifying the Convention;\n",
        );
        crate::extract(&src, crate::RuleSet::defaults(), &crate::Options::default()).unwrap()
    }

    #[test]
    fn a_row_is_right_when_every_field_it_records_is() {
        let g = gold(
            r#"  - {para: 1, strength: mandate, actor: unodc, actor_text: "the United Nations Office on Drugs and Crime", action: "continue to provide", qualifiers: [on-request], deadline: {year: 2030}}
  - {para: 2, strength: urge, actor: member-states, action: "consider ratifying", qualifiers: [consider], condition: not-yet-done}
"#,
        );
        let f = score(&g, &doc(), &[]);
        assert_eq!((f.rows_right, f.rows), (2, 2), "{:?}", f.misses);
        assert_eq!(f.counts[1], (1, 1), "actor text is scored where given");
        assert_eq!(f.counts[5], (0, 0), "no steps on either side");
    }

    #[test]
    fn each_wrong_field_is_counted_and_listed() {
        let g = gold(
            r#"  - {para: 1, strength: mandate, actor: unodc, actor_text: "the Office", action: "provide", deadline: {session: 73}}
  - {para: 2, strength: urge, actor: member-states, action: "consider ratifying", qualifiers: [consider]}
"#,
        );
        let f = score(&g, &doc(), &[]);
        assert_eq!((f.rows_right, f.rows), (0, 2));
        let wrong: Vec<(u32, &str)> = f
            .misses
            .iter()
            .map(|m| (m.para, m.field.as_str()))
            .collect();
        assert_eq!(
            wrong,
            [
                (1, "action start"),
                (1, "actor text"),
                (1, "qualifier kinds"),
                (1, "deadline"),
                (2, "condition")
            ]
        );
        let scores = f.scores();
        assert_eq!(scores[0].accuracy, 0.5);
        assert_eq!(scores[3].right, 1);
    }

    #[test]
    fn a_disputed_field_is_set_aside_not_counted() {
        let g = gold(
            r#"  - {para: 1, strength: mandate, actor: unodc, action: "continue to provide", qualifiers: [on-request], deadline: {session: 73}}
"#,
        );
        let d = |extracted: &str| super::super::Dispute {
            document: "x.txt".into(),
            para: 1,
            actor: "unodc".into(),
            field: "deadline".into(),
            gold: "session 73".into(),
            extracted: extracted.into(),
            reason: "r".into(),
        };
        let raw = score(&g, &doc(), &[]);
        assert_eq!(raw.misses.len(), 1, "{:?}", raw.misses);
        let have = raw.misses[0].extracted.clone();
        let right = d(&have);
        let f = score(&g, &doc(), &[&right]);
        assert_eq!((f.misses.len(), f.disputed.len()), (0, 1));
        let aside = f.scores_set_aside();
        assert_eq!(
            (aside[4].right, aside[4].scored),
            (0, 0),
            "the deadline is not scored"
        );
        assert_eq!((f.rows_right_set_aside(), f.rows), (1, 1));
        // Counted, it is wrong as before.
        assert_eq!(f.scores(), raw.scores());
        assert_eq!(f.rows_right, raw.rows_right);
        // A dispute of other values sets nothing aside.
        let other = d("2031");
        let f = score(&g, &doc(), &[&other]);
        assert_eq!((f.misses.len(), f.disputed.len()), (1, 0));
        assert_eq!(f.counts[4], (0, 1));
        assert_eq!(f.scores_set_aside(), f.scores());
    }

    #[test]
    fn text_is_compared_loosely() {
        assert_eq!(norm("  “Take”  note,\n of it; "), "\"take\" note, of it");
        assert!(starts(
            "Continue to provide technical assistance, upon request",
            "continue to provide"
        ));
        assert!(!starts("do so to contribute", "contribute"));
        assert!(same_words(
            "Governments that face X, Y or that act",
            "Governments that face X, ... or that act"
        ));
        assert!(same_words("the Office", "The Office."));
        assert!(!same_words(
            "Governments that face X",
            "Governments that face X, ... or that act"
        ));
        assert!(!same_words("the Office of X", "the Office"));
        assert!(same_words("A b C d E", "A ... C ... E"));
        assert!(!same_words("A b E d C", "A ... C ... E"));
    }
}
