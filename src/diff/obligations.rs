//! What changed in what is asked of whom, between two versions of one
//! operative paragraph.
//!
//! Input: the obligations of the old paragraph and of the new one (either
//! side may be empty: a new or a dropped paragraph). Output: a list of
//! [`Change`]s, in the order of the new paragraph's addressees and then
//! the old one's: an addressee added or removed (or, for an addressee
//! named on both sides, one obligation more or fewer: two clauses merged
//! into one, say), a strength that went up
//! or down (by the order binding > mandate > urge > encourage > permission),
//! a verb reworded at the same strength, a deadline added, changed or
//! removed, a qualifier or a condition added or removed.
//!
//! Obligations are paired by addressee: the k-th obligation of an actor in
//! the old paragraph with its k-th in the new one. An actor named by
//! different words (`other`) is paired by those words.

use serde::Serialize;

use crate::model::{Deadline, Obligation, Strength};

/// Which way a strength moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Stronger: encourage -> urge.
    Up,
    /// Weaker: urge -> encourage.
    Down,
}

/// Which way a strength moved from `from` to `to`, if it did. The enum
/// lists strengths from the strongest, so a smaller value is stronger.
pub fn direction(from: Strength, to: Strength) -> Option<Direction> {
    match to.cmp(&from) {
        std::cmp::Ordering::Less => Some(Direction::Up),
        std::cmp::Ordering::Greater => Some(Direction::Down),
        std::cmp::Ordering::Equal => None,
    }
}

/// An obligation asked or no longer asked: who, by which words, how
/// strongly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asked {
    pub actor: String,
    pub actor_text: String,
    pub id: String,
    pub strength: Strength,
    pub verb: String,
}

impl Asked {
    fn of(o: &Obligation) -> Asked {
        Asked {
            actor: o.actor.to_string(),
            actor_text: o.actor_text.clone(),
            id: o.id.to_string(),
            strength: o.strength,
            verb: o.verb.clone(),
        }
    }
}

/// One change to an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// The new version asks something of an addressee the old did not.
    AddresseeAdded(Asked),
    /// The old version asked something of an addressee the new does not.
    AddresseeRemoved(Asked),
    /// One obligation more for an addressee the old paragraph already
    /// asked something of.
    ObligationAdded(Asked),
    /// One obligation fewer for an addressee the new paragraph still asks
    /// something of (two clauses merged into one, say).
    ObligationRemoved(Asked),
    /// "encourages" -> "urges".
    Strength {
        actor: String,
        old_id: String,
        new_id: String,
        from: Strength,
        to: Strength,
        direction: Direction,
        old_verb: String,
        new_verb: String,
    },
    /// "encourages" -> "strongly encourages": same strength, other words.
    Verb {
        actor: String,
        old_id: String,
        new_id: String,
        strength: Strength,
        old_verb: String,
        new_verb: String,
    },
    DeadlineAdded {
        actor: String,
        id: String,
        deadline: String,
    },
    DeadlineChanged {
        actor: String,
        old_id: String,
        new_id: String,
        from: String,
        to: String,
    },
    DeadlineRemoved {
        actor: String,
        id: String,
        deadline: String,
    },
    /// "within existing resources" appeared.
    QualifierAdded {
        actor: String,
        id: String,
        kind: String,
        text: String,
    },
    QualifierRemoved {
        actor: String,
        id: String,
        kind: String,
        text: String,
    },
    /// A restriction of the addressee appeared ("that have not yet done so").
    ConditionAdded {
        actor: String,
        id: String,
        condition: String,
    },
    ConditionRemoved {
        actor: String,
        id: String,
        condition: String,
    },
}

impl Change {
    /// The strength drift, if this change is one.
    pub fn drift(&self) -> Option<Direction> {
        match self {
            Change::Strength { direction, .. } => Some(*direction),
            _ => None,
        }
    }
}

/// The key obligations are paired by: the actor id, or for `other` the
/// words that name it.
fn key(o: &Obligation) -> String {
    if o.actor.is_other() {
        format!("other:{}", o.actor_text.to_lowercase())
    } else {
        o.actor.to_string()
    }
}

/// Pairs the obligations of two paragraphs by addressee: (old, new), with
/// `None` on the side that lacks one; in the order of the new paragraph,
/// then the old one's leftovers.
fn pair<'a>(
    old: &[&'a Obligation],
    new: &[&'a Obligation],
) -> Vec<(Option<&'a Obligation>, Option<&'a Obligation>)> {
    let mut used = vec![false; old.len()];
    let mut out = Vec::new();
    for n in new {
        let k = key(n);
        let found = (0..old.len()).find(|&i| !used[i] && key(old[i]) == k);
        if let Some(i) = found {
            used[i] = true;
        }
        out.push((found.map(|i| old[i]), Some(*n)));
    }
    for (i, o) in old.iter().enumerate() {
        if !used[i] {
            out.push((Some(*o), None));
        }
    }
    out
}

/// A deadline in words, with what it was read as.
fn deadline_text(d: &Deadline) -> String {
    d.text.clone()
}

/// The changes between the obligations of an old and a new paragraph.
pub fn changes(old: &[&Obligation], new: &[&Obligation]) -> Vec<Change> {
    let mut out = Vec::new();
    let names = |side: &[&Obligation], k: &str| side.iter().any(|x| key(x) == k);
    for (o, n) in pair(old, new) {
        match (o, n) {
            (None, Some(n)) => out.push(if names(old, &key(n)) {
                Change::ObligationAdded(Asked::of(n))
            } else {
                Change::AddresseeAdded(Asked::of(n))
            }),
            (Some(o), None) => out.push(if names(new, &key(o)) {
                Change::ObligationRemoved(Asked::of(o))
            } else {
                Change::AddresseeRemoved(Asked::of(o))
            }),
            (Some(o), Some(n)) => both(o, n, &mut out),
            (None, None) => {}
        }
    }
    out
}

/// The changes between two obligations of the same addressee.
fn both(o: &Obligation, n: &Obligation, out: &mut Vec<Change>) {
    let actor = n.actor.to_string();
    let (old_id, new_id) = (o.id.to_string(), n.id.to_string());
    if let Some(direction) = direction(o.strength, n.strength) {
        out.push(Change::Strength {
            actor: actor.clone(),
            old_id: old_id.clone(),
            new_id: new_id.clone(),
            from: o.strength,
            to: n.strength,
            direction,
            old_verb: o.verb.clone(),
            new_verb: n.verb.clone(),
        });
    } else if !o.verb.eq_ignore_ascii_case(&n.verb) {
        out.push(Change::Verb {
            actor: actor.clone(),
            old_id: old_id.clone(),
            new_id: new_id.clone(),
            strength: n.strength,
            old_verb: o.verb.clone(),
            new_verb: n.verb.clone(),
        });
    }
    match (&o.deadline, &n.deadline) {
        (None, Some(d)) => out.push(Change::DeadlineAdded {
            actor: actor.clone(),
            id: new_id.clone(),
            deadline: deadline_text(d),
        }),
        (Some(d), None) => out.push(Change::DeadlineRemoved {
            actor: actor.clone(),
            id: old_id.clone(),
            deadline: deadline_text(d),
        }),
        (Some(a), Some(b)) if a.text != b.text => out.push(Change::DeadlineChanged {
            actor: actor.clone(),
            old_id: old_id.clone(),
            new_id: new_id.clone(),
            from: deadline_text(a),
            to: deadline_text(b),
        }),
        _ => {}
    }
    let same_qualifier = |a: &crate::model::Qualifier, b: &crate::model::Qualifier| {
        a.kind == b.kind && a.text.eq_ignore_ascii_case(&b.text)
    };
    for q in &n.qualifiers {
        if !o.qualifiers.iter().any(|x| same_qualifier(x, q)) {
            out.push(Change::QualifierAdded {
                actor: actor.clone(),
                id: new_id.clone(),
                kind: q.kind.to_string(),
                text: q.text.clone(),
            });
        }
    }
    for q in &o.qualifiers {
        if !n.qualifiers.iter().any(|x| same_qualifier(x, q)) {
            out.push(Change::QualifierRemoved {
                actor: actor.clone(),
                id: old_id.clone(),
                kind: q.kind.to_string(),
                text: q.text.clone(),
            });
        }
    }
    match (&o.condition, &n.condition) {
        (None, Some(c)) => out.push(Change::ConditionAdded {
            actor,
            id: new_id,
            condition: c.clone(),
        }),
        (Some(c), None) => out.push(Change::ConditionRemoved {
            actor,
            id: old_id,
            condition: c.clone(),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorId, ObligationId, Qualifier, QualifierKind};
    use crate::offsets::Span;

    fn ob(id: &str, actor: &str, strength: Strength, verb: &str) -> Obligation {
        Obligation {
            id: ObligationId(id.into()),
            paragraph: 1,
            annex: None,
            part: None,
            subparagraph: None,
            clause: 1,
            verb: verb.into(),
            strength,
            actor: ActorId::new(actor),
            actor_text: actor.into(),
            entity: None,
            action: "act".into(),
            qualifiers: vec![],
            scoped_qualifiers: vec![],
            partners: vec![],
            condition: None,
            deadline: None,
            references: vec![],
            steps: vec![],
            instrument: None,
            instruments: vec![],
            span: Span::new(0, 0),
            page: None,
            explain: None,
        }
    }

    #[test]
    fn strength_order() {
        assert_eq!(
            direction(Strength::Encourage, Strength::Urge),
            Some(Direction::Up)
        );
        assert_eq!(
            direction(Strength::Mandate, Strength::Encourage),
            Some(Direction::Down)
        );
        assert_eq!(direction(Strength::Urge, Strength::Urge), None);
    }

    #[test]
    fn drift_addressees_deadline_and_qualifiers() {
        let o1 = ob(
            "op1.1.member-states",
            "member-states",
            Strength::Encourage,
            "encourages",
        );
        let mut n1 = ob(
            "op2.1.member-states",
            "member-states",
            Strength::Urge,
            "urges",
        );
        n1.qualifiers.push(Qualifier {
            kind: QualifierKind::Resources,
            text: "within existing resources".into(),
        });
        n1.deadline = Some(Deadline {
            text: "at its seventy-third session".into(),
            session: Some(73),
            ..Deadline::default()
        });
        let o2 = ob("op1.1.unodc", "unodc", Strength::Encourage, "encourages");
        let n2 = ob(
            "op2.1.civil-society",
            "civil-society",
            Strength::Urge,
            "urges",
        );
        let c = changes(&[&o1, &o2], &[&n1, &n2]);
        let kinds: Vec<String> = c
            .iter()
            .map(|c| {
                serde_json::to_value(c).unwrap()["change"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "strength",
                "deadline-added",
                "qualifier-added",
                "addressee-added",
                "addressee-removed"
            ]
        );
        assert_eq!(c[0].drift(), Some(Direction::Up));
    }

    #[test]
    fn reworded_verb_at_the_same_strength() {
        let o = ob("op1.1.unodc", "unodc", Strength::Encourage, "encourages");
        let n = ob(
            "op1.1.unodc",
            "unodc",
            Strength::Encourage,
            "strongly encourages",
        );
        assert!(matches!(changes(&[&o], &[&n])[..], [Change::Verb { .. }]));
        assert!(changes(&[&o], &[&o]).is_empty());
    }
}
