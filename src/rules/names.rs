//! Finding many known names in running text at once (the mentions that
//! anaphora point back to, and treaty names): each word of the text whose
//! first byte some name opens with is looked up among the first words of
//! the names, longest name first.

use super::lexicon::{WordMap, fold, with_folded};

/// A set of names, each with a value.
#[derive(Debug, Clone)]
pub struct NameMatcher<T> {
    /// The names and their values, as given.
    given: Vec<(String, T)>,
    /// Built on the first search: many runs never need some matchers.
    index: std::sync::OnceLock<Index<T>>,
}

impl<T> Default for NameMatcher<T> {
    fn default() -> Self {
        NameMatcher {
            given: Vec::new(),
            index: std::sync::OnceLock::new(),
        }
    }
}

/// What a [`NameMatcher`] searches with.
#[derive(Debug, Clone)]
struct Index<T> {
    /// Every form searched for (with ’ and ', and a capital first letter),
    /// by its leading run of ASCII word characters, longest first.
    by_head: WordMap<Vec<Box<str>>>,
    /// For each first byte of a key of `by_head`, the lengths of those keys
    /// (bit n - 1 for n bytes, the last bit for 64 and more): most words
    /// of a text are no key, and this tells so without hashing them.
    head_lengths: [u64; 128],
    /// The first bytes of the keys of `by_head`: where there are no
    /// `others`, the scan goes from one such byte to the next. What
    /// `head_lengths` tells, as one lookup per byte of the text.
    starts: [bool; 256],
    /// Whether every byte of `starts` is a capital or a digit (as the
    /// first bytes of names mostly are): the scan then finds the next such
    /// byte sixteen bytes at a time, and looks up only those.
    capitals_and_digits: bool,
    /// The forms that do not start with an ASCII word character, longest
    /// first: tried wherever a word ends or at the start.
    others: Vec<Box<str>>,
    names: WordMap<T>,
}

/// The ASCII word characters, as `(?-u:\b)` has them, by byte.
const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric() || c == b'_' as usize;
        c += 1;
    }
    t
};

/// An ASCII word character.
fn is_word(c: u8) -> bool {
    WORD[usize::from(c)]
}

/// The length of the run of ASCII word characters that opens `b`.
fn word_run(b: &[u8]) -> usize {
    b.iter().position(|&c| !is_word(c)).unwrap_or(b.len())
}

/// `s` with its words one space apart and no space around them.
fn single_spaced(s: &str) -> String {
    // Most names are so already: printable ASCII (no white space but the
    // space), no two spaces in a row. (Checked byte by byte without
    // stopping early, which the compiler does many bytes at a time.)
    let b = s.as_bytes();
    let printable = b.iter().fold(true, |ok, c| ok & (0x20..0x7f).contains(c));
    if printable
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && memchr::memmem::find(b, b"  ").is_none()
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The bit of [`Index::head_lengths`] for a key of `n` bytes.
fn length_bit(n: usize) -> u64 {
    1 << (n.clamp(1, 64) - 1)
}

impl<T: Clone> NameMatcher<T> {
    /// Builds a matcher; the first value given for a name is kept. Names
    /// match as written (the case of their first letter aside), on ASCII
    /// word boundaries, with ’ and ' alike, in text as the cleaner leaves
    /// it: one space between words. Its index (the names grouped by their
    /// first word) is built on the first search.
    pub fn new(pairs: impl IntoIterator<Item = (String, T)>) -> Self {
        NameMatcher {
            given: pairs.into_iter().collect(),
            index: std::sync::OnceLock::new(),
        }
    }

    fn index(&self) -> &Index<T> {
        self.index.get_or_init(|| Index::new(&self.given))
    }

    /// Every name found in `text`: (start, end, value), in text order. Where
    /// names overlap, the leftmost wins, and the longest of those.
    pub fn find_all<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, &'t T)> + 't {
        self.find_between(text, 0, text.len()).0
    }

    /// The part of [`NameMatcher::find_all`]'s scan of `text` that starts at
    /// byte `from` (0, or where an earlier part stopped) and stops at the
    /// first place it reaches at or after `upto`: the names found, which
    /// are those of the whole scan that start before that place, and the
    /// place, from which the next part goes on.
    pub fn find_between<'t>(
        &'t self,
        text: &'t str,
        from: usize,
        upto: usize,
    ) -> (impl Iterator<Item = (usize, usize, &'t T)> + 't, usize) {
        let index = self.index();
        let b = text.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|&c| is_word(c));
        // The longest of `forms` at `s` that ends on a word boundary.
        let longest = |forms: &[Box<str>], s: usize| {
            forms.iter().find_map(|f| {
                let e = s + f.len();
                (b[s..].starts_with(f.as_bytes()) && (e == b.len() || word(e - 1) != word(e)))
                    .then_some(e)
            })
        };
        // The end of the name that opens with the `run` bytes of the word
        // at `s` (a run of ASCII bytes is always a whole `str`).
        let name_at = |s: usize, run: usize| {
            if index.head_lengths[usize::from(b[s])] & length_bit(run) != 0 {
                index
                    .by_head
                    .get(&text[s..s + run])
                    .and_then(|forms| longest(forms, s))
            } else {
                None
            }
        };
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut i = from;
        if index.others.is_empty() {
            // A name starts only where a word does, with a byte of
            // `starts`: the scan goes from one such byte to the next,
            // passing over those inside a word, and reads no other word.
            while i < b.len() && i < upto {
                let Some(k) = index.next_start(&b[i..]) else {
                    i = b.len();
                    break;
                };
                let s = i + k;
                if s >= upto {
                    i = s;
                    break;
                }
                if s > 0 && is_word(b[s - 1]) {
                    i = s + 1;
                    continue;
                }
                let run = word_run(&b[s..]);
                if let Some(e) = name_at(s, run) {
                    found.push((s, e));
                    i = e;
                } else {
                    i = s + run;
                }
            }
        }
        while !index.others.is_empty() && i < b.len() && i < upto {
            if word(i) {
                // The start of a word (the scan never stops inside one).
                let run = word_run(&b[i..]);
                if let Some(e) = name_at(i, run) {
                    found.push((i, e));
                    i = e;
                } else {
                    i += run;
                }
            } else {
                // A boundary here only at the start or where a word ends.
                if (i == 0 || word(i - 1))
                    && let Some(e) = longest(&index.others, i)
                {
                    found.push((i, e));
                    i = e;
                    continue;
                }
                i += 1;
            }
        }
        let names = found.into_iter().filter_map(move |(s, e)| {
            with_folded(&text[s..e], |key| index.names.get(key)).map(|v| (s, e, v))
        });
        (names, i)
    }
}

impl<T: Clone> Index<T> {
    /// Where the first byte of `starts` is in `b`.
    fn next_start(&self, b: &[u8]) -> Option<usize> {
        let start = |c: u8| self.starts[usize::from(c)];
        if self.capitals_and_digits {
            crate::scan::find_by(b, crate::scan::capitals_or_digits, start)
        } else {
            b.iter().position(|&c| start(c))
        }
    }

    fn new(given: &[(String, T)]) -> Self {
        let mut names: WordMap<T> = WordMap::default();
        let mut forms: Vec<String> = Vec::new();
        let mut add = |v: String| {
            if v.contains(['\'', '’']) {
                forms.push(v.replace('’', "'"));
                forms.push(v.replace('\'', "’"));
            } else {
                forms.push(v);
            }
        };
        for (n, v) in given {
            let n = single_spaced(n);
            let key = fold(&n);
            if n.is_empty() || names.contains_key(&key) {
                continue;
            }
            names.insert(key, v.clone());
            // "the Office" may open a sentence as "The Office".
            let mut chars = n.chars();
            if let Some(first) = chars.next()
                && first.is_lowercase()
            {
                add(first.to_uppercase().chain(chars).collect());
            }
            add(n);
        }
        // Longest first: the first form that matches at a place is the
        // longest there.
        forms.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        let mut by_head: WordMap<Vec<Box<str>>> = WordMap::default();
        let mut head_lengths = [0; 128];
        let mut starts = [false; 256];
        let mut others = Vec::new();
        for f in forms {
            let head = word_run(f.as_bytes());
            if head == 0 {
                others.push(f.into_boxed_str());
            } else {
                head_lengths[usize::from(f.as_bytes()[0])] |= length_bit(head);
                starts[usize::from(f.as_bytes()[0])] = true;
                by_head
                    .entry(f[..head].to_string())
                    .or_default()
                    .push(f.into_boxed_str());
            }
        }
        let capitals_and_digits = (0..=255u8)
            .all(|c| !starts[usize::from(c)] || c.is_ascii_uppercase() || c.is_ascii_digit());
        Index {
            by_head,
            head_lengths,
            starts,
            capitals_and_digits,
            others,
            names,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`NameMatcher::find_all`] is to find, the slow way: every
    /// place every form occurs, those on ASCII word boundaries, then the
    /// leftmost and longest of those that overlap.
    fn every_occurrence(names: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let m = NameMatcher::new(names.iter().enumerate().map(|(i, n)| (n.to_string(), i)));
        let index = m.index();
        let forms: Vec<&str> = index
            .by_head
            .values()
            .flatten()
            .chain(&index.others)
            .map(|f| &**f)
            .collect();
        let b = text.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|&c| is_word(c));
        let bounded = |s: usize, e: usize| {
            (s == 0 || word(s - 1) != word(s)) && (e == b.len() || word(e - 1) != word(e))
        };
        let mut found: Vec<(usize, usize)> = Vec::new();
        for f in forms {
            for s in 0..b.len() {
                if b[s..].starts_with(f.as_bytes()) && bounded(s, s + f.len()) {
                    found.push((s, s + f.len()));
                }
            }
        }
        found.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let mut end = 0;
        found.retain(|&(s, e)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        found
            .into_iter()
            .filter_map(|(s, e)| {
                with_folded(&text[s..e], |k| index.names.get(k)).map(|v| (s, e, *v))
            })
            .collect()
    }

    proptest! {
        /// A name's words one space apart, as splitting it at white space
        /// (any of Unicode's) and joining the words with spaces gives.
        #[test]
        fn single_spacing_is_splitting_and_joining(
            // Mostly printable ASCII, which the quick check passes or
            // fails on its spaces alone.
            parts in prop::collection::vec(
                prop_oneof![
                    4 => prop::sample::select(vec!["a", "Bc", " ", "  ", "-"]),
                    1 => prop::sample::select(vec![
                        "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{7f}", "\u{a0}", "\u{85}",
                        "\u{3000}", "é", "\u{1}",
                    ]),
                ],
                0..12,
            ),
        ) {
            let s = parts.concat();
            let model = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(single_spaced(&s), model);
        }

        #[test]
        fn finds_what_every_occurrence_gives(
            names in prop::collection::vec(
                prop::sample::select(vec![
                    "Congo", "Democratic Republic of the Congo", "the Office", "Office",
                    "Côte d'Ivoire", "(the Fund)", "’s Fund", "UN", "UN-Women", "Protocol",
                    "Protocol to the Convention", "Convention", "convention", "É-2", "_x",
                ]),
                0..8,
            ),
            words in prop::collection::vec(
                prop::sample::select(vec![
                    "Congo", "Democratic", "Republic", "of", "the", "The", "Office", "Côte",
                    "d’Ivoire", "d'Ivoire", "(the", "Fund)", "’s", "UN", "UN-Women", "UNODC",
                    "Protocol", "to", "Convention", "convention", "É-2", "x", "_x", ",", "(",
                    "é", "2", "",
                ]),
                0..24,
            ),
            glue in prop::sample::select(vec![" ", "", "-", "’"]),
        ) {
            let text = words.join(glue);
            let m = NameMatcher::new(names.iter().enumerate().map(|(i, n)| (n.to_string(), i)));
            let got: Vec<_> = m.find_all(&text).map(|(s, e, v)| (s, e, *v)).collect();
            prop_assert_eq!(got, every_occurrence(&names, &text), "text {:?}", text);
        }

        /// The next byte a name may open with is found, eight bytes at a
        /// time where names open with capitals and digits only, as a look
        /// at each byte finds it.
        #[test]
        fn the_next_start_is_the_first(
            b in prop::collection::vec(
                prop_oneof![
                    Just(b'C'), Just(b'U'), Just(b'1'), Just(b'@'), Just(b'['),
                    Just(b'/'), Just(b':'), Just(b'c'), Just(0xc3u8), any::<u8>(),
                ],
                0..40,
            ),
            lower in any::<bool>(),
        ) {
            let names = if lower { &["Congo", "UN", "1267 Committee", "convention"][..] } else { &["Congo", "UN", "1267 Committee"][..] };
            let m = NameMatcher::new(names.iter().map(|n| (n.to_string(), ())));
            let index = m.index();
            prop_assert_eq!(index.capitals_and_digits, !lower);
            for from in 0..=b.len() {
                let rest = &b[from..];
                prop_assert_eq!(
                    index.next_start(rest),
                    rest.iter().position(|&c| index.starts[usize::from(c)])
                );
            }
        }

        /// The scan read in parts, each stopping where asked, finds what
        /// one scan of the whole text finds; each part every name that
        /// starts before its stop.
        #[test]
        fn a_scan_in_parts_is_the_whole_scan(
            words in prop::collection::vec(
                prop::sample::select(vec![
                    "Democratic Republic of the Congo", "Democratic", "the Office", "of",
                    "the", "Congo", "Office", "Côte d’Ivoire", "(the Fund)", "Fund)", "é",
                    ",", "",
                ]),
                0..24,
            ),
            stops in prop::collection::vec(0usize..200, 0..6),
            other in any::<bool>(),
        ) {
            // With a name that opens with no word character, or without
            // (the scan from one possible start to the next).
            let names = ["Congo", "Democratic Republic of the Congo", "the Office", "Côte d'Ivoire", "(the Fund)"];
            let names = if other { &names[..] } else { &names[..4] };
            let text = words.join(" ");
            let m = NameMatcher::new(names.iter().enumerate().map(|(i, n)| (n.to_string(), i)));
            let whole: Vec<_> = m.find_all(&text).map(|(s, e, v)| (s, e, *v)).collect();
            let mut stops = stops;
            stops.sort_unstable();
            stops.push(text.len());
            let mut parts = Vec::new();
            let mut at = 0;
            for upto in stops {
                let (found, stop) = m.find_between(&text, at, upto);
                parts.extend(found.map(|(s, e, v)| (s, e, *v)));
                prop_assert!(stop >= at && (stop >= upto || stop >= text.len()));
                prop_assert!(whole.iter().filter(|n| n.0 < stop).eq(parts.iter()));
                at = stop;
            }
            prop_assert_eq!(parts, whole);
        }
    }

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
