//! The language layer: `rules/language.yaml` (the function words, number
//! words and months the classifier consults) -> a checked [`Language`]. A
//! user's file replaces the built-in lists it names and keeps the others.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::lexicon::WordSet;

/// `rules/language.yaml`: every list optional, so that a user's file can
/// name only the lists it changes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    pub modals: Option<Vec<String>>,
    pub statement_verbs: Option<Vec<String>>,
    pub not_action_starts: Option<Vec<String>>,
    pub leading_words: Option<Vec<String>>,
    pub subject_prepositions: Option<Vec<String>>,
    pub active_participles: Option<Vec<String>>,
    pub addressee_boundaries: Option<Vec<String>>,
    pub not_addressee_starts: Option<Vec<String>>,
    pub noun_followers: Option<Vec<String>>,
    pub action_nouns: Option<Vec<String>>,
    pub to_prepositions: Option<Vec<String>>,
    pub inner_to_after: Option<Vec<String>>,
    pub verbs_ending_ing_ed: Option<Vec<String>>,
    pub base_forms: Option<BTreeMap<String, String>>,
    pub participle_endings: Option<Vec<(String, String)>>,
    pub cardinals: Option<BTreeMap<String, u32>>,
    pub ordinals: Option<BTreeMap<String, u32>>,
    pub months: Option<Vec<String>>,
}

/// A word of lower-case letters (a hyphen allowed).
fn is_lower_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-')
}

/// A list of words, matched whole: kept in the order given, and hashed
/// for the lookups (some lists hold sixty words, looked up at every "to").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    list: Vec<String>,
    set: WordSet,
}

impl Words {
    fn new(list: Vec<String>) -> Self {
        let set = list.iter().cloned().collect();
        Words { list, set }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// Matched in any (ASCII) case.
    pub fn contains_any_case(&self, word: &str) -> bool {
        self.list.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(String::as_str)
    }
}

/// The language of the resolutions, as the classifier consults it (each
/// field is documented in `rules/language.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Language {
    pub modals: Words,
    pub statement_verbs: Words,
    pub not_action_starts: Words,
    pub leading_words: Words,
    pub subject_prepositions: Words,
    pub active_participles: Words,
    pub addressee_boundaries: Words,
    pub not_addressee_starts: Words,
    pub noun_followers: Words,
    pub action_nouns: Words,
    pub to_prepositions: Words,
    pub inner_to_after: Words,
    pub verbs_ending_ing_ed: Words,
    pub base_forms: HashMap<String, String>,
    /// `(ending, replacement)`, longest ending first.
    pub participle_endings: Vec<(String, String)>,
    pub cardinals: HashMap<String, u32>,
    pub ordinals: HashMap<String, u32>,
    /// Lower case, January first.
    pub months: Vec<String>,
}

impl Language {
    /// The built-in lists (`base`, complete) with those of `user` in their
    /// place; an error names the list at fault.
    pub fn merge(base: LanguageFile, user: LanguageFile) -> Result<Language, String> {
        fn words(
            name: &str,
            b: Option<Vec<String>>,
            u: Option<Vec<String>>,
        ) -> Result<Words, String> {
            let list = u.or(b).ok_or_else(|| format!("`{name}` is missing"))?;
            if list.is_empty() {
                return Err(format!("`{name}` needs at least one word"));
            }
            if let Some(w) = list
                .iter()
                .find(|w| w.trim().is_empty() || w.trim() != w.as_str())
            {
                return Err(format!("`{name}`: {w:?} is not a word"));
            }
            Ok(Words::new(list))
        }
        fn numbers(
            name: &str,
            b: Option<BTreeMap<String, u32>>,
            u: Option<BTreeMap<String, u32>>,
        ) -> Result<HashMap<String, u32>, String> {
            let map = u.or(b).ok_or_else(|| format!("`{name}` is missing"))?;
            match map
                .keys()
                .find(|w| w.is_empty() || w.chars().any(|c| c.is_uppercase() || c == ' '))
            {
                Some(w) => Err(format!("`{name}`: {w:?} is not a lower-case word")),
                None => Ok(map.into_iter().collect()),
            }
        }
        let base_forms = user.base_forms.or(base.base_forms).unwrap_or_default();
        if let Some((w, b)) = base_forms
            .iter()
            .find(|(w, b)| !is_lower_word(w) || !is_lower_word(b))
        {
            return Err(format!(
                "`base_forms`: {w:?}: {b:?} is not a pair of lower-case words"
            ));
        }
        let mut participle_endings = user
            .participle_endings
            .or(base.participle_endings)
            .unwrap_or_default();
        if let Some((e, r)) = participle_endings
            .iter()
            .find(|(e, r)| !is_lower_word(e) || !(r.is_empty() || is_lower_word(r)))
        {
            return Err(format!(
                "`participle_endings`: [{e:?}, {r:?}] is not an ending and its replacement in lower case"
            ));
        }
        participle_endings.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let months = user.months.or(base.months).unwrap_or_default();
        if months.len() != 12 {
            return Err(format!(
                "`months` needs the 12 months, not {}",
                months.len()
            ));
        }
        Ok(Language {
            modals: words("modals", base.modals, user.modals)?,
            statement_verbs: words(
                "statement_verbs",
                base.statement_verbs,
                user.statement_verbs,
            )?,
            not_action_starts: words(
                "not_action_starts",
                base.not_action_starts,
                user.not_action_starts,
            )?,
            leading_words: words("leading_words", base.leading_words, user.leading_words)?,
            subject_prepositions: words(
                "subject_prepositions",
                base.subject_prepositions,
                user.subject_prepositions,
            )?,
            active_participles: words(
                "active_participles",
                base.active_participles,
                user.active_participles,
            )?,
            addressee_boundaries: words(
                "addressee_boundaries",
                base.addressee_boundaries,
                user.addressee_boundaries,
            )?,
            not_addressee_starts: words(
                "not_addressee_starts",
                base.not_addressee_starts,
                user.not_addressee_starts,
            )?,
            noun_followers: words("noun_followers", base.noun_followers, user.noun_followers)?,
            action_nouns: words("action_nouns", base.action_nouns, user.action_nouns)?,
            inner_to_after: words("inner_to_after", base.inner_to_after, user.inner_to_after)?,
            to_prepositions: words(
                "to_prepositions",
                base.to_prepositions,
                user.to_prepositions,
            )?,
            verbs_ending_ing_ed: words(
                "verbs_ending_ing_ed",
                base.verbs_ending_ing_ed,
                user.verbs_ending_ing_ed,
            )?,
            base_forms: base_forms.into_iter().collect(),
            participle_endings,
            cardinals: numbers("cardinals", base.cardinals, user.cardinals)?,
            ordinals: numbers("ordinals", base.ordinals, user.ordinals)?,
            months: months.iter().map(|m| m.to_lowercase()).collect(),
        })
    }

    /// "ninety" -> 90, "30" -> 30, "thirty-one" -> 31.
    pub fn cardinal(&self, word: &str) -> Option<u32> {
        let w = crate::rules::lexicon::fold(word);
        if let Ok(n) = w.parse() {
            return Some(n);
        }
        if let Some(&n) = self.cardinals.get(&w) {
            return Some(n);
        }
        let (tens, unit) = w.split_once('-')?;
        let u = self.cardinals.get(unit).filter(|u| (1..10).contains(*u))?;
        Some(self.tens(tens)? + u)
    }

    /// "seventy-third" -> 73, "73rd" -> 73, "eightieth" -> 80.
    pub fn ordinal(&self, word: &str) -> Option<u32> {
        let w = crate::rules::lexicon::fold(word);
        let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            return digits.parse().ok();
        }
        if let Some(&n) = self.ordinals.get(&w) {
            return Some(n);
        }
        let (tens, unit) = w.split_once('-')?;
        let u = self.ordinals.get(unit).filter(|u| (1..10).contains(*u))?;
        Some(self.tens(tens)? + u)
    }

    /// A cardinal that is a whole ten from twenty to ninety.
    fn tens(&self, word: &str) -> Option<u32> {
        self.cardinals
            .get(word)
            .copied()
            .filter(|t| (20..100).contains(t) && t % 10 == 0)
    }

    /// The base form of a past participle: "established" -> "establish",
    /// "ratified" -> "ratify", "taken" -> "take" (`base_forms`, then the
    /// longest of `participle_endings`); other words as written.
    pub fn base_form(&self, word: &str) -> String {
        let w = word.to_lowercase();
        if let Some(b) = self.base_forms.get(&w) {
            return b.clone();
        }
        for (ending, replacement) in &self.participle_endings {
            if let Some(stem) = w.strip_suffix(ending.as_str())
                && !stem.is_empty()
            {
                return format!("{stem}{replacement}");
            }
        }
        word.to_string()
    }

    /// "october" -> 10.
    pub fn month(&self, word: &str) -> Option<u32> {
        let w = crate::rules::lexicon::fold(word);
        self.months
            .iter()
            .position(|m| *m == w)
            .map(|i| i as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(endings: Vec<(&str, &str)>) -> Result<Language, String> {
        let base: LanguageFile =
            serde_saphyr::from_str(include_str!("../../rules/language.yaml")).unwrap();
        let user = LanguageFile {
            participle_endings: Some(
                endings
                    .into_iter()
                    .map(|(e, r)| (e.to_string(), r.to_string()))
                    .collect(),
            ),
            ..LanguageFile::default()
        };
        Language::merge(base, user)
    }

    #[test]
    fn participles_take_their_base_form() {
        let lang = crate::rules::RuleSet::defaults().language.clone();
        for (participle, base) in [
            ("established", "establish"),
            ("ratified", "ratify"),
            ("integrated", "integrate"),
            ("treated", "treat"),
            ("acceded", "accede"),
            ("needed", "need"),
            ("committed", "commit"),
            ("added", "add"),
            ("maintained", "maintain"),
            ("determined", "determine"),
            ("addressed", "address"),
            ("used", "use"),
            ("enabled", "enable"),
            ("taken", "take"),
            ("done", "do"),
            ("signed", "sign"),
        ] {
            assert_eq!(lang.base_form(participle), base, "{participle}");
        }
        // Not a participle: as written.
        assert_eq!(lang.base_form("Convention"), "Convention");
    }

    #[test]
    fn the_longest_ending_wins_and_bad_endings_are_named() {
        let lang = language(vec![("ed", ""), ("ated", "ate")]).unwrap();
        assert_eq!(lang.base_form("created"), "create");
        assert_eq!(lang.base_form("signed"), "sign");
        let err = language(vec![("ED", "")]).unwrap_err();
        assert!(err.contains("participle_endings"), "{err}");
    }
}
