//! What the mandate registry knows of an obligation beyond the JSON
//! contract: the kind of mandate it gives, how often it falls due, and
//! whether its resolution sets a review, sunset or end date. All three come
//! from the rules of `rules/mandates.yaml`.

use crate::model::{Document, Obligation};
use crate::rules::RuleSet;

/// The kind of mandate `o` gives: the id of the first kind rule whose
/// patterns match its action (`report`, `meeting`, `body`, `information`,
/// `programme`), else `other`.
pub fn kind<'r>(o: &Obligation, rules: &'r RuleSet) -> &'r str {
    rules
        .mandate_kinds
        .iter()
        .find(|k| k.regex.is_match(&o.action))
        .map_or("other", |k| k.id.as_str())
}

/// How often `o` falls due: the id of the first recurrence rule that
/// matches its action or deadline (`annual`, `biennial`, `periodic`,
/// `each-session`), else `one-off` when it has a deadline and
/// `open-ended` when it has none.
pub fn recurrence<'r>(o: &Obligation, rules: &'r RuleSet) -> &'r str {
    let deadline = o.deadline.as_ref();
    let found = rules.recurrences.iter().find(|r| {
        r.regex.is_match(&o.action)
            || deadline.is_some_and(|d| {
                r.regex.is_match(&d.text)
                    || d.recurrence.as_deref().is_some_and(|x| r.regex.is_match(x))
            })
    });
    match (found, deadline) {
        (Some(r), _) => r.id.as_str(),
        (None, Some(_)) => "one-off",
        (None, None) => "open-ended",
    }
}

/// A review, sunset or end-date clause of a document's operative part:
/// the rule id, the paragraph number and the words found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub rule: String,
    pub paragraph: u32,
    pub text: String,
}

/// The first review, sunset or end-date clause of `doc`, if any.
pub fn review(doc: &Document, rules: &RuleSet) -> Option<Review> {
    doc.operative.iter().find_map(|p| {
        rules.reviews.iter().find_map(|r| {
            r.regex.find(&p.text).map(|m| Review {
                rule: r.id.clone(),
                paragraph: p.number,
                text: m.as_str().to_string(),
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source, extract};

    fn doc(text: &str) -> Document {
        let src = Source::from_text("t.txt", format!("The General Assembly,\n\n{text}\n"));
        extract(&src, RuleSet::defaults(), &Options::default()).unwrap()
    }

    #[test]
    fn kinds_recurrence_and_review() {
        let d = doc(
            "1. Requests the Secretary-General to submit a report on the implementation of the present resolution to the General Assembly at its eighty-first session;\n\n2. Decides to convene a high-level meeting at its eighty-second session;\n\n3. Requests the Office to continue to provide technical assistance to Member States;\n\n4. Requests the Secretary-General to report annually to the Assembly;\n\n5. Decides to remain seized of the matter.",
        );
        let rules = RuleSet::defaults();
        let kinds: Vec<&str> = d.obligations.iter().map(|o| kind(o, rules)).collect();
        assert_eq!(kinds, ["report", "meeting", "programme", "report", "other"]);
        let rec: Vec<&str> = d.obligations.iter().map(|o| recurrence(o, rules)).collect();
        assert_eq!(
            rec,
            ["one-off", "one-off", "open-ended", "annual", "open-ended"]
        );
        assert_eq!(review(&d, rules), None);
        let d = doc(
            "1. Decides to extend the mandate of the Special Rapporteur for a period of three years;",
        );
        let r = review(&d, rules).unwrap();
        assert_eq!((r.rule.as_str(), r.paragraph), ("sunset", 1));
        assert_eq!(r.text, "for a period of three years");
    }
}
