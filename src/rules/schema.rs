//! The YAML form of the rule files, as serde reads and writes it. Unknown
//! keys are rejected; every rule keeps its line through `Spanned`.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::model::{QualifierKind, Strength};

/// `examples` of a rule: inputs it must match and inputs it must not.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_match: Vec<String>,
}

impl Examples {
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty() && self.no_match.is_empty()
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `rules/verbs.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VerbsFile {
    #[serde(default)]
    pub adverbs: Vec<String>,
    #[serde(default)]
    pub connectives: Vec<String>,
    #[serde(default)]
    pub verbs: Vec<Spanned<VerbRule>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VerbRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// The same verb in the first person of a declaration ("request" of
    /// "We request the Secretary-General to ..."), read in the texts a
    /// resolution adopts or annexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first_person: Vec<String>,
    /// What follows a named subject in a declaration for the same ask
    /// ("are invited to" of "Governments are invited to ...", "should").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_subject: Vec<String>,
    /// Required unless the rule is switched off (`enabled: false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Strength>,
    #[serde(default, rename = "self", skip_serializing_if = "is_false")]
    pub self_action: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nominal: bool,
    /// Only addressees the rules know count ("Calls for the release of ..."
    /// names no addressee even when "to" follows).
    #[serde(default, skip_serializing_if = "is_false")]
    pub named_only: bool,
    /// The phrase is the adopting body's own act, in its base form
    /// ("establish" of "Establishes a commission ..."): the obligation is
    /// the body's, its action this word and what follows the phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

/// `rules/preamble.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreambleFile {
    #[serde(default)]
    pub leads: Vec<Spanned<LeadRule>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LeadRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

/// `rules/actors.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    #[serde(default)]
    pub determiners: Vec<String>,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub addressee_ends: Vec<String>,
    #[serde(default)]
    pub country_prefixes: Vec<String>,
    #[serde(default)]
    pub country_anaphora: Vec<String>,
    /// Nouns after a State's name or demonym that still name the State
    /// ("the Libyan authorities", "the Iraqi Government").
    #[serde(default)]
    pub country_nouns: Vec<String>,
    /// Head nouns of addressees that are States ("neighbouring States",
    /// "troop-contributing countries"): `member-states`.
    #[serde(default)]
    pub state_nouns: Vec<String>,
    /// Head nouns of other addressees written without a determiner
    /// ("international partners", "Conference members"): `other`.
    #[serde(default)]
    pub addressee_nouns: Vec<String>,
    #[serde(default)]
    pub actors: Vec<Spanned<ActorRule>>,
    /// Bodies addressed by name that have no id of their own (`other`);
    /// listed so that their names stay whole ("United Nations Educational,
    /// Scientific and Cultural Organization").
    #[serde(default)]
    pub named_bodies: Vec<Spanned<NamedBody>>,
}

/// A body addressed by name (actor id `other`, with an `entity` id of its
/// own).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamedBody {
    /// The entity id (`iaea`); by default the first alias in lower case
    /// when it is one word ("IAEA"), else the name's words joined by `-`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Short forms that refer back to the nearest earlier mention of a
    /// body that lists them ("the Committee", "the Agency").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anaphora: Vec<String>,
}

impl NamedBody {
    /// The id given, or the one made from the first alias or the name.
    pub fn entity_id(&self) -> String {
        if !self.id.is_empty() {
            return self.id.clone();
        }
        // The words in lower case, joined by hyphens, written in one
        // string.
        let slug = |s: &str| {
            let mut out = String::with_capacity(s.len());
            for w in s.split(|c: char| !c.is_alphanumeric()) {
                if w.is_empty() {
                    continue;
                }
                if !out.is_empty() {
                    out.push('-');
                }
                // Unicode's lower case of the whole word (a final sigma
                // stays final), not the lexicon's fold, for other words.
                if w.is_ascii() {
                    super::lexicon::push_folded(&mut out, w);
                } else {
                    out.push_str(&w.to_lowercase());
                }
            }
            out
        };
        match self.aliases.first() {
            Some(a) if !a.contains(' ') => slug(a),
            _ => slug(&self.name),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anaphora: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub instrument: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

/// `rules/countries.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountriesFile {
    #[serde(default)]
    pub countries: Vec<Spanned<CountryRule>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRule {
    pub id: String,
    /// Required unless the rule is switched off.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Adjectives that name the State before "Government", "authorities"
    /// ("Libyan", "Iraqi").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demonyms: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub historical: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

/// `rules/instruments.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentsFile {
    #[serde(default)]
    pub instruments: Vec<Spanned<InstrumentRule>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentRule {
    pub id: String,
    /// Required unless the rule is switched off.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

/// `rules/qualifiers.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QualifiersFile {
    #[serde(default)]
    pub qualifiers: Vec<Spanned<QualifierRule>>,
    #[serde(default)]
    pub conditions: Vec<Spanned<ConditionRule>>,
    #[serde(default)]
    pub elaborations: Vec<Spanned<ElaborationRule>>,
}

/// An elaboration rule (`elaborations:` in `rules/qualifiers.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElaborationRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub patterns: Vec<String>,
    /// A part of three words or fewer closed by a comma ends there
    /// ("including terrorist threats, through ...").
    #[serde(default, skip_serializing_if = "is_false")]
    pub short_aside: bool,
    /// Qualifiers of these kinds set off by commas after some words of the
    /// part end it and are the whole action's ("including through
    /// engagement with stakeholders, when requested by the State
    /// concerned, with a view to ...").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends_before: Vec<QualifierKind>,
    /// The words count only right after a name ("support the Office in
    /// providing"), not after the action's own words ("continue its
    /// efforts in providing").
    #[serde(default, skip_serializing_if = "is_false")]
    pub after_name: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// Required unless the rule is switched off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<QualifierKind>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub at_start: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

/// `rules/deadlines.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesFile {
    #[serde(default)]
    pub deadlines: Vec<Spanned<PatternRule>>,
}

/// `rules/references.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencesFile {
    #[serde(default)]
    pub references: Vec<Spanned<ReferenceRule>>,
}

/// `rules/mandates.yaml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MandatesFile {
    /// Kinds of mandate, by patterns on the action (first match wins).
    #[serde(default)]
    pub kinds: Vec<Spanned<PatternRule>>,
    /// How often an obligation falls due.
    #[serde(default)]
    pub recurrence: Vec<Spanned<PatternRule>>,
    /// Review, sunset and end-date clauses of a resolution.
    #[serde(default)]
    pub reviews: Vec<Spanned<PatternRule>>,
}

/// A rule made of regular expressions (deadlines).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

/// Kinds of reference a pattern finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferencePatternKind {
    Resolution,
    Document,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRule {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// Required unless the rule is switched off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReferencePatternKind>,
    #[serde(default)]
    pub patterns: Vec<String>,
    /// How to write the symbol for a link: `$0` is the match, `$name` a
    /// named group ("A/RES/$session/$number").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

#[cfg(test)]
mod tests {
    use super::NamedBody;

    fn body(id: &str, name: &str, aliases: &[&str]) -> NamedBody {
        NamedBody {
            id: id.to_string(),
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            anaphora: Vec::new(),
        }
    }

    #[test]
    fn an_entity_id_is_the_given_one_the_one_word_alias_or_the_name() {
        assert_eq!(body("unesco", "UNESCO", &["UN-ESCO"]).entity_id(), "unesco");
        assert_eq!(
            body("", "International Atomic Energy Agency", &["IAEA"]).entity_id(),
            "iaea"
        );
        // An alias of several words gives way to the name; words are runs
        // of letters and digits, in lower case, joined by one hyphen.
        assert_eq!(
            body("", "Group of 77 -- and  China", &["G 77"]).entity_id(),
            "group-of-77-and-china"
        );
        assert_eq!(
            body("", "Comité d’Études (Spéciales), ÎLE", &[]).entity_id(),
            "comité-d-études-spéciales-île"
        );
        assert_eq!(body("", "--Œuvre--", &[]).entity_id(), "œuvre");
        assert_eq!(body("", "", &[]).entity_id(), "");
    }
}
