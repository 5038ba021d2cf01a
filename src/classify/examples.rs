//! Runs the examples that rules carry (`examples: {match, no_match}`), so
//! that a rule and its documentation cannot drift apart. Used by the test
//! suite and by `resolute rules check`.

use crate::classify::actors::{Context, addressees, scan};
use crate::classify::{Options, extract};
use crate::rules::RuleSet;
use crate::source::Source;

/// An example that does not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// `verbs/requests`
    pub rule: String,
    pub example: String,
    /// What happened instead.
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}: {}", self.rule, self.example, self.problem)
    }
}

/// Checks every example of every rule; returns the failures and the number
/// of examples run.
// Long on purpose: one block of the same shape per rule file, run in file
// order.
pub fn check(rules: &RuleSet) -> (Vec<ExampleFailure>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut fail = |rule: String, example: &str, problem: String| {
        failures.push(ExampleFailure {
            rule,
            example: example.to_string(),
            problem,
        })
    };
    // Every pattern compiles (they are compiled when first used).
    let lazy = rules
        .qualifiers
        .iter()
        .map(|q| (format!("qualifiers/{}", q.id), &q.regex))
        .chain(
            rules
                .conditions
                .iter()
                .map(|c| (format!("conditions/{}", c.id), &c.regex)),
        )
        .chain(
            rules
                .elaborations
                .iter()
                .map(|e| (format!("elaborations/{}", e.id), &e.regex)),
        )
        .chain(rules.deadlines.iter().flat_map(|d| {
            d.regexes
                .iter()
                .map(move |r| (format!("deadlines/{}", d.id), r))
        }))
        .chain(
            rules
                .mandate_kinds
                .iter()
                .chain(&rules.recurrences)
                .chain(&rules.reviews)
                .map(|c| (format!("mandates/{}", c.id), &c.regex)),
        );
    for (id, r) in lazy {
        if let Err(e) = r.try_get() {
            fail(id, "", format!("does not compile: {e}"));
        }
    }
    for v in &rules.verbs {
        let id = format!("verbs/{}", v.id);
        for ex in &v.rule.examples.matches {
            count += 1;
            let rules_fired = clause_rules(ex, rules);
            if rules_fired.first() != Some(&id) {
                fail(
                    id.clone(),
                    ex,
                    match rules_fired.first() {
                        Some(first) => format!("the first clause is read by `{first}`"),
                        None => "no clause is found".to_string(),
                    },
                );
            }
        }
        for ex in &v.rule.examples.no_match {
            count += 1;
            if clause_rules(ex, rules).contains(&id) {
                fail(id.clone(), ex, "the rule starts a clause here".into());
            }
        }
    }
    for a in &rules.actors {
        let id = format!("actors/{}", a.id);
        for (ex, want) in a
            .rule
            .examples
            .matches
            .iter()
            .map(|e| (e, true))
            .chain(a.rule.examples.no_match.iter().map(|e| (e, false)))
        {
            count += 1;
            let mentions = scan(rules, ex);
            let ctx = Context {
                rules,
                clean: ex,
                mentions: &mentions,
                aliases: &[],
            };
            let found = addressees(ex, 0, &[], &[], &ctx, &[]);
            let got = found.first().map(|f| f.actor.0.clone());
            if (got.as_deref() == Some(a.id.as_str())) != want {
                let problem = match got {
                    Some(got) => format!("resolves to `{got}`"),
                    None => "resolves to no actor".to_string(),
                };
                fail(id.clone(), ex, problem);
            }
        }
    }
    let patterns = rules
        .qualifiers
        .iter()
        .map(|q| (format!("qualifiers/{}", q.id), &q.regex, &q.rule.examples))
        .chain(
            rules
                .conditions
                .iter()
                .map(|c| (format!("conditions/{}", c.id), &c.regex, &c.rule.examples)),
        )
        .chain(
            rules
                .elaborations
                .iter()
                .map(|e| (format!("elaborations/{}", e.id), &e.regex, &e.rule.examples)),
        );
    for (id, regex, examples) in patterns {
        for ex in &examples.matches {
            count += 1;
            if !regex.is_match(ex) {
                fail(id.clone(), ex, "no match".into());
            }
        }
        for ex in &examples.no_match {
            count += 1;
            if regex.is_match(ex) {
                fail(id.clone(), ex, "matches".into());
            }
        }
    }
    let classed = rules
        .mandate_kinds
        .iter()
        .map(|c| ("kinds", c))
        .chain(rules.recurrences.iter().map(|c| ("recurrence", c)))
        .chain(rules.reviews.iter().map(|c| ("reviews", c)));
    for (group, c) in classed {
        let id = format!("mandates/{group}/{}", c.id);
        for ex in &c.rule.examples.matches {
            count += 1;
            if !c.regex.is_match(ex) {
                fail(id.clone(), ex, "no match".into());
            }
        }
        for ex in &c.rule.examples.no_match {
            count += 1;
            if c.regex.is_match(ex) {
                fail(id.clone(), ex, "matches".into());
            }
        }
    }
    for d in &rules.deadlines {
        let id = format!("deadlines/{}", d.id);
        for ex in &d.rule.examples.matches {
            count += 1;
            if !d.regexes.iter().any(|r| r.is_match(ex)) {
                fail(id.clone(), ex, "no match".into());
            }
        }
        for ex in &d.rule.examples.no_match {
            count += 1;
            let found = crate::classify::details::deadline(ex, rules);
            if found.as_ref().is_some_and(|(_, r)| *r == id) {
                fail(id.clone(), ex, "matches".into());
            }
        }
    }
    for r in &rules.references {
        let id = format!("references/{}", r.id);
        for ex in &r.rule.examples.matches {
            count += 1;
            if !r.regexes.iter().any(|re| re.is_match(ex)) {
                fail(id.clone(), ex, "no match".into());
            }
        }
        for ex in &r.rule.examples.no_match {
            count += 1;
            if r.regexes.iter().any(|re| re.is_match(ex)) {
                fail(id.clone(), ex, "matches".into());
            }
        }
    }
    (failures, count)
}

/// The verb rules of the clauses of a one-paragraph resolution.
fn clause_rules(paragraph: &str, rules: &RuleSet) -> Vec<String> {
    let text = format!("The General Assembly,\n\n1. {paragraph}\n");
    let src = Source::from_text("example", text);
    match extract(&src, rules, &Options::default()) {
        Ok(doc) => doc
            .operative
            .iter()
            .flat_map(|p| p.clauses.iter().map(|c| c.rule.clone()))
            .collect(),
        Err(_) => Vec::new(),
    }
}
