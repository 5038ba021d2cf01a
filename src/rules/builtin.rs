//! The built-in rules as JSON. The YAML files of `rules/` are the source;
//! `builtin.json` holds what they parse to, with the line of every rule, so
//! that a run without a user's folder reads JSON (several times faster than
//! YAML) and never parses YAML at all. The test suite checks that the JSON
//! is what the YAML files give; `cargo run --example builtin_rules` writes
//! it again after a rule file changes.

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use super::language::LanguageFile;
use super::schema::*;
use super::{FILES, RulesError, Source, read};

/// The JSON of the built-in rules (generated; see the module's text).
pub const JSON: &str = include_str!("builtin.json");

/// Every rule file, parsed.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Builtin {
    pub verbs: VerbsFile,
    pub preamble: PreambleFile,
    pub actors: ActorsFile,
    pub countries: CountriesFile,
    pub instruments: InstrumentsFile,
    pub qualifiers: QualifiersFile,
    pub deadlines: DeadlinesFile,
    pub references: ReferencesFile,
    pub language: LanguageFile,
    pub mandates: MandatesFile,
}

/// The line and column of each rule, by list ("verbs.verbs"), in order.
type Places = BTreeMap<String, Vec<(u64, u64)>>;

/// What `builtin.json` holds: the rules (a listed rule as its value alone)
/// and their places in the YAML files.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    rules: Builtin,
    places: Places,
}

fn bad_json(e: impl std::fmt::Display, line: usize, column: usize) -> RulesError {
    RulesError {
        file: "rules/builtin.json".into(),
        line: Some(line as u64),
        column: Some(column as u64),
        rule: None,
        message: format!("the built-in rules do not read: {e}"),
    }
}

/// The built-in rules, read from [`JSON`], each listed rule with its line.
pub fn read_builtin() -> Result<Builtin, RulesError> {
    let stored: Stored =
        serde_json::from_str(JSON).map_err(|e| bad_json(&e, e.line(), e.column()))?;
    let mut rules = stored.rules;
    places(&mut rules, Some(&stored.places))?;
    Ok(rules)
}

/// The places of the rules of each list of `b`; with `set`, gives each
/// rule the place `set` has for it instead (and returns no places).
fn places(b: &mut Builtin, set: Option<&Places>) -> Result<Places, RulesError> {
    fn list<T>(
        out: &mut Places,
        set: Option<&Places>,
        name: &str,
        rules: &mut [Spanned<T>],
    ) -> Result<(), RulesError> {
        if let Some(set) = set {
            let given = set.get(name).map_or(&[][..], Vec::as_slice);
            if given.len() != rules.len() {
                return Err(bad_json(
                    format!(
                        "`places.{name}` has {} places for {} rules",
                        given.len(),
                        rules.len()
                    ),
                    0,
                    0,
                ));
            }
            for (r, &(line, column)) in rules.iter_mut().zip(given) {
                r.referenced = location(line, column)?;
            }
            return Ok(());
        }
        out.insert(
            name.to_string(),
            rules
                .iter()
                .map(|r| (r.referenced.line(), r.referenced.column()))
                .collect(),
        );
        Ok(())
    }
    let mut out = Places::new();
    list(&mut out, set, "verbs.verbs", &mut b.verbs.verbs)?;
    list(&mut out, set, "preamble.leads", &mut b.preamble.leads)?;
    list(&mut out, set, "actors.actors", &mut b.actors.actors)?;
    list(
        &mut out,
        set,
        "actors.named_bodies",
        &mut b.actors.named_bodies,
    )?;
    list(
        &mut out,
        set,
        "countries.countries",
        &mut b.countries.countries,
    )?;
    list(
        &mut out,
        set,
        "instruments.instruments",
        &mut b.instruments.instruments,
    )?;
    list(
        &mut out,
        set,
        "qualifiers.qualifiers",
        &mut b.qualifiers.qualifiers,
    )?;
    list(
        &mut out,
        set,
        "qualifiers.conditions",
        &mut b.qualifiers.conditions,
    )?;
    list(
        &mut out,
        set,
        "qualifiers.elaborations",
        &mut b.qualifiers.elaborations,
    )?;
    list(
        &mut out,
        set,
        "deadlines.deadlines",
        &mut b.deadlines.deadlines,
    )?;
    list(
        &mut out,
        set,
        "references.references",
        &mut b.references.references,
    )?;
    list(&mut out, set, "mandates.kinds", &mut b.mandates.kinds)?;
    list(
        &mut out,
        set,
        "mandates.recurrence",
        &mut b.mandates.recurrence,
    )?;
    list(&mut out, set, "mandates.reviews", &mut b.mandates.reviews)?;
    Ok(out)
}

/// A place in a rule file. The YAML reader's type has no public
/// constructor: it is read from the two numbers as a map, as it would be
/// from JSON, without building a JSON value for each rule.
fn location(line: u64, column: u64) -> Result<Location, RulesError> {
    use serde::de::value::{Error, MapDeserializer};
    let fields = [("line", line), ("column", column)].into_iter();
    Location::deserialize(MapDeserializer::<_, Error>::new(fields)).map_err(|e| bad_json(e, 0, 0))
}

/// One rule file parsed from its YAML.
fn parse<T: DeserializeOwned>(name: &str) -> Result<T, RulesError> {
    let text = FILES
        .iter()
        .find(|(f, _)| *f == name)
        .map_or("", |(_, t)| *t);
    read(&Source {
        name: format!("rules/{name}"),
        text: text.to_string(),
    })
}

/// What [`JSON`] must hold: the YAML files of `rules/`, parsed and
/// written as JSON.
pub fn generate() -> Result<String, RulesError> {
    let b = Builtin {
        verbs: parse("verbs.yaml")?,
        preamble: parse("preamble.yaml")?,
        actors: parse("actors.yaml")?,
        countries: parse("countries.yaml")?,
        instruments: parse("instruments.yaml")?,
        qualifiers: parse("qualifiers.yaml")?,
        deadlines: parse("deadlines.yaml")?,
        references: parse("references.yaml")?,
        language: parse("language.yaml")?,
        mandates: parse("mandates.yaml")?,
    };
    json_of(b)
}

/// The rules as the text of `builtin.json`.
fn json_of(mut rules: Builtin) -> Result<String, RulesError> {
    let places = places(&mut rules, None)?;
    let mut text =
        serde_json::to_string(&Stored { rules, places }).map_err(|e| bad_json(e, 0, 0))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_json_is_what_the_yaml_files_give() {
        let expected = generate().expect("the rule files parse");
        assert!(
            JSON == expected,
            "src/rules/builtin.json is not what the YAML files of rules/ give; \
             write it again with `cargo run --example builtin_rules > src/rules/builtin.json`"
        );
    }

    #[test]
    fn builtin_json_reads_back_whole() {
        // Read and written again, the JSON is unchanged: no field and no
        // rule's line is lost on the way.
        let b = read_builtin().expect("the built-in JSON reads");
        let lines: Vec<u64> = b.verbs.verbs.iter().map(|r| r.referenced.line()).collect();
        assert!(!lines.is_empty() && lines.iter().all(|l| *l > 0));
        assert!(json_of(b).expect("the rules write") == JSON);
    }
}
