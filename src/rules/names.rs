//! Finding many known names in running text at once (one regular
//! expression over all of them, longest name first), for the mentions that
//! anaphora point back to and for treaty names.

use regex::Regex;

use super::lexicon::{WordMap, fold, with_folded};

/// A set of names, each with a value.
#[derive(Debug, Clone)]
pub struct NameMatcher<T> {
    regex: Option<Regex>,
    names: WordMap<T>,
}

impl<T> Default for NameMatcher<T> {
    fn default() -> Self {
        NameMatcher {
            regex: None,
            names: WordMap::default(),
        }
    }
}

impl<T: Clone> NameMatcher<T> {
    /// Builds a matcher; the first value given for a name is kept. Names
    /// match as written (the case of their first letter aside), on word
    /// boundaries, with ’ and ' alike, in text as the cleaner leaves it:
    /// one space between words. Matching case-sensitively and space for
    /// space keeps the search fast: the names are literals the regex engine
    /// finds with a vectorized search.
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
        let mut alts: Vec<String> = Vec::new();
        for n in &written {
            let escaped = regex::escape(n).replace('\'', "['’]");
            alts.push(escaped.clone());
            // "the Office" may open a sentence as "The Office".
            let mut chars = n.chars();
            if let Some(first) = chars.next()
                && first.is_lowercase()
            {
                let upper: String = first.to_uppercase().chain(chars).collect();
                alts.push(regex::escape(&upper).replace('\'', "['’]"));
            }
        }
        alts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        alts.dedup();
        let regex = (!alts.is_empty())
            .then(|| Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).ok())
            .flatten();
        NameMatcher { regex, names }
    }

    /// Every name found in `text`: (start, end, value), in text order.
    pub fn find_all<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, &'t T)> + 't {
        self.regex.iter().flat_map(move |re| {
            re.find_iter(text).filter_map(move |m| {
                with_folded(m.as_str(), |key| self.names.get(key)).map(|v| (m.start(), m.end(), v))
            })
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
