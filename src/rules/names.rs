//! Finding many known names in running text at once (one Aho-Corasick
//! automaton over all of them, longest name first), for the mentions that
//! anaphora point back to and for treaty names.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::lexicon::{WordMap, fold, with_folded};

/// A set of names, each with a value.
#[derive(Debug, Clone)]
pub struct NameMatcher<T> {
    /// Every form searched for (with ’ and ', and a capital first letter).
    forms: Vec<String>,
    /// Built on the first search: many runs never need some matchers.
    automaton: std::sync::OnceLock<Option<AhoCorasick>>,
    names: WordMap<T>,
}

impl<T> Default for NameMatcher<T> {
    fn default() -> Self {
        NameMatcher {
            forms: Vec::new(),
            automaton: std::sync::OnceLock::new(),
            names: WordMap::default(),
        }
    }
}

impl<T: Clone> NameMatcher<T> {
    /// Builds a matcher; the first value given for a name is kept. Names
    /// match as written (the case of their first letter aside), on word
    /// boundaries, with ’ and ' alike, in text as the cleaner leaves it:
    /// one space between words. The names are literals: an automaton finds
    /// them all in one pass, and builds in a fraction of the time a regular
    /// expression of thousands of alternatives takes to compile.
    pub fn new(pairs: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut names: WordMap<T> = WordMap::default();
        let mut written: Vec<String> = Vec::new();
        for (n, v) in pairs {
            let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
            let key = fold(&n);
            if names.contains_key(&key) {
                continue;
            }
            names.insert(key, v);
            written.push(n);
        }
        let mut forms: Vec<String> = Vec::new();
        for n in &written {
            let mut variants = vec![n.clone()];
            // "the Office" may open a sentence as "The Office".
            let mut chars = n.chars();
            if let Some(first) = chars.next()
                && first.is_lowercase()
            {
                variants.push(first.to_uppercase().chain(chars).collect());
            }
            for v in variants {
                if v.contains(['\'', '’']) {
                    forms.push(v.replace('’', "'"));
                    forms.push(v.replace('\'', "’"));
                } else {
                    forms.push(v);
                }
            }
        }
        forms.sort();
        forms.dedup();
        NameMatcher {
            forms,
            automaton: std::sync::OnceLock::new(),
            names,
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                (!self.forms.is_empty())
                    .then(|| {
                        // A contiguous NFA: several times cheaper to build
                        // than the DFA chosen for fewer names, and as fast
                        // on the short texts of one document.
                        AhoCorasick::builder()
                            .match_kind(MatchKind::Standard)
                            .kind(Some(AhoCorasickKind::ContiguousNFA))
                            .build(&self.forms)
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// Every name found in `text`: (start, end, value), in text order. Where
    /// names overlap, the leftmost wins, and the longest of those.
    pub fn find_all<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, &'t T)> + 't {
        let b = text.as_bytes();
        let word = |i: usize| {
            b.get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        // On ASCII word boundaries, as `(?-u:\b)` would have it.
        let bounded = |s: usize, e: usize| {
            (s == 0 || word(s - 1) != word(s)) && (e == b.len() || word(e - 1) != word(e))
        };
        let mut found: Vec<(usize, usize)> = self
            .automaton()
            .into_iter()
            .flat_map(|a| a.find_overlapping_iter(text))
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| bounded(s, e))
            .collect();
        found.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let mut end = 0;
        found.retain(|&(s, e)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        found.into_iter().filter_map(move |(s, e)| {
            with_folded(&text[s..e], |key| self.names.get(key)).map(|v| (s, e, v))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_name_first() {
        let m = NameMatcher::new([
            ("Congo".to_string(), 1),
            ("Democratic Republic of the Congo".to_string(), 2),
        ]);
        let found: Vec<_> = m
            .find_all("the Democratic Republic of the Congo and Congo")
            .map(|(_, _, v)| *v)
            .collect();
        assert_eq!(found, [2, 1]);
    }

    #[test]
    fn names_match_clean_text() {
        let m = NameMatcher::new([
            ("Côte d'Ivoire".to_string(), 1),
            ("the  United Nations\tOffice".to_string(), 2),
        ]);
        let text = "Côte d’Ivoire and The United Nations Office, not the United Nationsoffice";
        let found: Vec<_> = m
            .find_all(text)
            .map(|(s, e, v)| (&text[s..e], *v))
            .collect();
        assert_eq!(
            found,
            [("Côte d’Ivoire", 1), ("The United Nations Office", 2)]
        );
    }
}
