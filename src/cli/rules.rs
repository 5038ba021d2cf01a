//! `resolute rules check|dump`: validate a rules folder and run the rules'
//! examples, or write the built-in rules out.

use anyhow::Result;

use resolute::rules;

use super::args::RulesCommand;
use super::input::load_rules;
use super::output::{exit, print_stdout, report_written};

pub fn run(c: RulesCommand) -> Result<u8> {
    match c {
        RulesCommand::Check { dir } => {
            let rules = load_rules(dir.as_deref())?;
            let (failures, count) = resolute::classify::examples::check(rules);
            for f in &failures {
                eprintln!("example failed: {f}");
            }
            let where_ =
                dir.map_or_else(|| "built-in rules".to_string(), |d| d.display().to_string());
            if failures.is_empty() {
                print_stdout(&format!(
                    "{where_}: {} verb, {} actor, {} State, {} instrument, {} qualifier, {} condition, {} elaboration, {} deadline, {} reference, {} mandate kind, {} recurrence and {} review rules are valid; {count} examples pass\n",
                    rules.verbs.len(),
                    rules.actors.len(),
                    rules.countries.len(),
                    rules.instruments.len(),
                    rules.qualifiers.len(),
                    rules.conditions.len(),
                    rules.elaborations.len(),
                    rules.deadlines.len(),
                    rules.references.len(),
                    rules.mandate_kinds.len(),
                    rules.recurrences.len(),
                    rules.reviews.len()
                ))?;
                Ok(exit::OK)
            } else {
                eprintln!("{where_}: {} of {count} examples fail", failures.len());
                Ok(exit::CONFIG)
            }
        }
        RulesCommand::Dump { dir, force } => report_written(&dir, rules::dump(&dir, force)),
    }
}
