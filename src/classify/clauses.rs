//! Finding clauses in an operative paragraph: where each starts (an
//! operative verb phrase at the paragraph's start or after a separator) and
//! which verb rule it carries.

use crate::rules::lexicon::{Lexicon, Token, Tokens, push_folded, tokenize, tokens, with_folded};
use crate::rules::{RuleSet, Voice};

/// An operative verb phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbMatch {
    /// Index into `RuleSet::verbs`.
    pub rule: usize,
    /// Where the clause starts (the first adverb or the verb), a byte
    /// offset of the paragraph text.
    pub start: usize,
    /// Where the verb itself starts (after adverbs and connectives).
    pub verb_start: usize,
    /// Where the verb phrase ends.
    pub end: usize,
    /// "also urges", "reiterates its request to" (connectives left out).
    pub verb: String,
}

/// The verb phrase of `voice` starting at `pos` of `text` (after spaces),
/// with adverbs and connectives before it and adverbs after it.
// Long on purpose: adverbs and connectives before the verb, the verb phrase,
// adverbs after it and the noun tests are one scan of a short window.
pub fn verb_at(text: &str, pos: usize, rules: &RuleSet, voice: Voice) -> Option<VerbMatch> {
    let rest = text.get(pos..)?;
    let lead = rest.len() - trim_start(rest).len();
    let start = pos + lead;
    // A window of the next words is enough for any verb phrase.
    let mut end = (start + 110).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = &text[start..end];
    // The first word: up to a space or a comma (ASCII, so a byte search
    // ends it on a character boundary), without what opens or closes it.
    let first = &window[..memchr::memchr2(b' ', b',', window.as_bytes()).unwrap_or(window.len())];
    let first = match first.as_bytes() {
        [a, .., z] if a.is_ascii_alphanumeric() && z.is_ascii_alphanumeric() => first,
        [a] if a.is_ascii_alphanumeric() => first,
        _ => first.trim_matches(|c: char| !c.is_alphanumeric()),
    };
    // Nothing to read: the text ends here (";" at a paragraph's end).
    if first.is_empty() {
        return None;
    }
    // The clause openers are the first words of the verb phrases, adverbs
    // and connectives: most words after a separator open none of them, as
    // their first and last letters and length tell without a lookup.
    let opens = match rules.opening_words(voice).get(first) {
        None => Some(false),
        Some(None) => Some(true),
        // "in" opens a clause only as "in this regard", "in particular", ...
        Some(Some(next)) => {
            let mut t = tokens(window, start);
            let same_first = t.next().is_some_and(|t| t.text == first);
            same_first.then(|| {
                t.next()
                    .is_some_and(|t| with_folded(t.text, |s| next.contains(s)))
            })
        }
    };
    // When the first token is not the first word ("(in"), the full reading
    // below decides.
    if opens == Some(false) {
        return None;
    }
    // The window's tokens are read as far as the lexicons look: each
    // `upto` below asks for all a lookup can read.
    let mut toks = Lazy::new(window, start);
    let lead_reach = rules
        .connectives
        .max_words()
        .max(rules.adverbs.max_words())
        .max(1);
    let adverb_reach = rules.adverbs.max_words() + 1;
    let verb = rules.verb_phrases(voice);
    let verb_reach = verb.max_words().max(adverb_reach + 1);
    let mut i = 0;
    let mut words = VerbText::default();
    let mut clause_start = None;
    // Adverbs and connectives before the verb ("Also", "in this regard",
    // "Once again"), possibly set off by commas.
    loop {
        let tokens = toks.upto(i + lead_reach);
        if let Some((n, _)) = rules.connectives.longest(tokens, i) {
            clause_start.get_or_insert(tokens[i].start);
            i += n;
        } else if let Some((n, _)) = rules.adverbs.longest(tokens, i) {
            clause_start.get_or_insert(tokens[i].start);
            tokens[i..i + n].iter().for_each(|t| words.push(t.text));
            i += n;
        } else if tokens.get(i).is_some_and(|t| t.text == ",") && i > 0 {
            i += 1;
        } else {
            break;
        }
    }
    let tokens = toks.upto(i + verb_reach);
    let (rule, consumed) = match_verb(tokens, i, verb, rules)?;
    let verb_start = tokens[i].start;
    clause_start.get_or_insert(tokens[i].start);
    tokens[i..i + consumed]
        .iter()
        .for_each(|t| words.push(t.text));
    let mut j = i + consumed;
    // Adverbs after the verb ("Decides also", "Requests further").
    loop {
        let tokens = toks.upto(j + adverb_reach);
        let Some((n, _)) = rules.adverbs.longest(tokens, j) else {
            break;
        };
        // "further" before a noun is an adjective ("further measures"):
        // keep it as an adverb only when what follows still reads as a
        // clause (a determiner, a name, "that", "to").
        let after = tokens.get(j + n).map(|t| t.text).unwrap_or("");
        if after.chars().next().is_some_and(char::is_lowercase)
            && !matches!(
                after,
                "that" | "to" | "the" | "all" | "its" | "their" | "upon" | "on"
            )
        {
            break;
        }
        tokens[j..j + n].iter().for_each(|t| words.push(t.text));
        j += n;
    }
    let tokens = toks.upto(j.max(i + 2));
    let last = tokens.get(j.saturating_sub(1))?;
    if consumed == 1
        && let Some(next) = tokens.get(i + 1)
        && rules.language.noun_followers.contains(next.text)
    {
        return None;
    }
    Some(VerbMatch {
        rule,
        start: clause_start.unwrap_or(start),
        verb_start,
        end: last.end,
        verb: words.finish(),
    })
}

/// `s` without the white space that opens it, as [`str::trim_start`]:
/// the spaces of a clean text read as bytes, other characters decoded only
/// where one opens what is left (vertical tab is the one ASCII white space
/// [`str::trim_ascii_start`] keeps).
fn trim_start(s: &str) -> &str {
    let t = s.trim_ascii_start();
    match t.as_bytes().first() {
        Some(&b) if b >= 0x80 || b == 0x0b => t.trim_start(),
        _ => t,
    }
}

/// The tokens of a text, split as far as they are asked for.
struct Lazy<'a> {
    read: Vec<Token<'a>>,
    rest: Tokens<'a>,
}

impl<'a> Lazy<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        Lazy {
            read: Vec::with_capacity(16),
            rest: tokens(text, base),
        }
    }

    /// The tokens read so far, at least the first `n` (all of them where
    /// there are fewer): enough for any lookup that reads no token from `n`
    /// on.
    fn upto(&mut self, n: usize) -> &[Token<'a>] {
        while self.read.len() < n {
            let Some(t) = self.rest.next() else { break };
            self.read.push(t);
        }
        &self.read
    }
}

/// The verb as output shows it, written word by word: lowercase, without
/// the "to" or "that" that ends a phrase of three words or more
/// ("reiterates its request to" -> "reiterates its request").
#[derive(Default)]
struct VerbText {
    out: String,
    words: usize,
    /// Where the last word starts in `out`.
    last: usize,
}

impl VerbText {
    fn push(&mut self, word: &str) {
        if self.words == 0 {
            self.out.reserve(32);
        } else {
            self.out.push(' ');
        }
        self.last = self.out.len();
        push_folded(&mut self.out, word);
        self.words += 1;
    }

    fn finish(mut self) -> String {
        if self.words >= 3 && matches!(&self.out[self.last..], "to" | "that") {
            self.out.truncate(self.last - 1);
        }
        self.out
    }
}

/// Matches a verb phrase at token `i`, allowing one adverb between its
/// words ("calls once again upon"). Returns the rule and the number of
/// tokens used (the phrase, with the adverb between its words).
fn match_verb(
    tokens: &[Token<'_>],
    i: usize,
    verbs: &Lexicon<usize>,
    rules: &RuleSet,
) -> Option<(usize, usize)> {
    if let Some((n, &rule)) = verbs.longest(tokens, i) {
        return Some((rule, n));
    }
    let first = *tokens.get(i)?;
    let (n, _) = rules.adverbs.longest(tokens, i + 1)?;
    let last = *tokens.get(i + 1 + n)?;
    let probe = [first, last];
    let (m, &rule) = verbs.longest(&probe, 0)?;
    if m != 2 {
        return None;
    }
    Some((rule, n + 2))
}

/// Byte ranges of balanced brackets and quotations in `text`: separators
/// inside them do not divide clauses. An opening mark without its closing
/// one opens nothing.
pub fn groups(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut straight_open: Option<usize> = None;
    let b = text.as_bytes();
    // From one byte that may open or close a group to the next.
    let mut marks = crate::parse::Marks::new(b);
    let mut from = 0;
    while let Some(i) = marks.next_from(from) {
        from = i + 1;
        // “ and ” are E2 80 9C and E2 80 9D in UTF-8.
        let c = match b[i] {
            byte @ (b'(' | b'[' | b')' | b']' | b'"') => char::from(byte),
            0xe2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x9c) => '“',
                Some(0x9d) => '”',
                _ => continue,
            },
            _ => continue,
        };
        match c {
            '(' | '[' | '“' => stack.push((c, i)),
            ')' | ']' | '”' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '“',
                };
                if let Some(k) = stack.iter().rposition(|&(o, _)| o == open) {
                    let (_, start) = stack[k];
                    stack.truncate(k);
                    out.push((start, i + c.len_utf8()));
                }
            }
            _ => match straight_open.take() {
                Some(s) => out.push((s, i + 1)),
                None => straight_open = Some(i),
            },
        }
    }
    out.sort_unstable();
    out
}

fn inside(groups: &[(usize, usize)], pos: usize) -> bool {
    groups.iter().any(|&(s, e)| s < pos && pos < e)
}

/// "The Security Council requests ...": old resolutions name the body
/// before the verb. The clause starts at the paragraph's start.
fn named_subject_verb(text: &str, rules: &RuleSet, voice: Voice) -> Option<VerbMatch> {
    let rest = text.strip_prefix("The ")?;
    let toks = tokenize(&rest[..crate::offsets::floor_boundary(rest, 80)], 4);
    let (n, _) = rules.actor_lexicon.longest(&toks, 0)?;
    let v = verb_at(text, toks.get(n)?.start, rules, voice)?;
    Some(VerbMatch { start: 0, ..v })
}

/// The search for a word opening with "a" (see [`clause_starts`]).
static SPACE_A: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" a"));

/// Every clause start in `text`: at its start (when it opens with an
/// operative verb of `voice`) and after ",", ";" or "and" outside brackets.
pub fn clause_starts(text: &str, rules: &RuleSet, voice: Voice) -> Vec<VerbMatch> {
    let b = text.as_bytes();
    // The next comma or semicolon, and the next "a" that opens a word
    // ("and", "as well as"), from a place on: each is searched again only
    // once the search has gone past it (most "a"s are inside words).
    let punct = |from: usize| memchr::memchr2(b',', b';', &b[from..]).map_or(b.len(), |k| from + k);
    let word_a = |from: usize| {
        let space = from.saturating_sub(1);
        SPACE_A.find(&b[space..]).map_or(b.len(), |k| space + k + 1)
    };
    let (mut next_punct, mut next_a) = (punct(0), word_a(0));
    starts_at_marks(text, rules, voice, |i| {
        if next_punct < i {
            next_punct = punct(i);
        }
        if next_a < i {
            next_a = word_a(i);
        }
        next_punct.min(next_a)
    })
}

/// The clause starts of `text`, where `next(i)` gives the first comma,
/// semicolon or "a" opening a word at `i` or after (or the text's length),
/// in a rising `i`: an "a" inside a word may be given too, and opens
/// nothing.
fn starts_at_marks(
    text: &str,
    rules: &RuleSet,
    voice: Voice,
    mut next: impl FnMut(usize) -> usize,
) -> Vec<VerbMatch> {
    let mut out = Vec::new();
    if let Some(v) =
        verb_at(text, 0, rules, voice).or_else(|| named_subject_verb(text, rules, voice))
    {
        out.push(v);
    }
    let mut g: Option<Vec<(usize, usize)>> = None;
    let b = text.as_bytes();
    let mut i = 0;
    // Where the search last went on after a clause: a space before it is
    // not read again.
    let mut floor = 0;
    loop {
        let j = next(i);
        if j >= b.len() {
            break;
        }
        let c = b[j];
        let after_space = j > floor && b[j - 1] == b' ';
        let candidate = match c {
            b',' | b';' => Some(j + 1),
            b'a' if after_space && b[j..].starts_with(b"and ") => Some(j + 4),
            // "..., as well as encourages all States to ..."
            b'a' if after_space && b[j..].starts_with(b"as well as ") => Some(j + 11),
            _ => None,
        };
        i = j + 1;
        let Some(pos) = candidate else { continue };
        if out.last().is_some_and(|v: &VerbMatch| pos < v.end) {
            continue;
        }
        // Skip ", and" so that the clause starts at the verb.
        let mut p = pos;
        let rest = &text[p..];
        let trimmed = trim_start(rest);
        p += rest.len() - trimmed.len();
        if c != b' ' && trimmed.starts_with("and ") {
            p += 4;
        }
        if let Some(v) = verb_at(text, p, rules, voice) {
            // Mid-paragraph verbs are in lower case; a capitalised word
            // here is a name or a title ("Calls ..." inside a quotation).
            let first = text[v.verb_start..].chars().next().unwrap_or('a');
            if first.is_lowercase() && !inside(g.get_or_insert_with(|| groups(text)), pos) {
                i = v.end;
                floor = v.end;
                out.push(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The clause reader's trim is `str::trim_start`, on every kind of
        /// white space, ASCII or not.
        #[test]
        fn trim_start_is_the_standard_one(s in "[ \t\n\u{b}\u{c}\r\u{a0}\u{2003}\u{3000}a,é]{0,12}") {
            prop_assert_eq!(trim_start(&s), s.trim_start());
        }
    }

    proptest! {
        /// Tokens split as far as asked are those of the whole text, in
        /// whatever order and amounts they are asked for.
        #[test]
        fn lazy_tokens_are_the_first_of_all(
            text in "[a-c .,;’(]{0,40}",
            asks in prop::collection::vec(0usize..30, 1..6),
        ) {
            let all = tokenize(&text, 7);
            let mut lazy = Lazy::new(&text, 7);
            for n in asks {
                let read = lazy.upto(n);
                prop_assert!(read.len() >= n.min(all.len()));
                prop_assert_eq!(read, &all[..read.len()]);
            }
        }
    }

    /// The verb as output shows it: folded, with the adverbs around it,
    /// without the "to" that ends a phrase of three words or more; a phrase
    /// of two keeps it.
    #[test]
    fn the_verb_text_drops_a_closing_to_of_a_long_phrase_only() {
        let rules = RuleSet::defaults();
        let verb = |t: &str| verb_at(t, 0, rules, Voice::Body).map(|v| v.verb);
        for (text, shown) in [
            (
                "Reiterates its invitation to Member States to report;",
                "reiterates its invitation",
            ),
            ("Appeals to all States to contribute;", "appeals to"),
            ("Also URGES Member States to act;", "also urges"),
            ("Requests further the Office to assist;", "requests further"),
            ("Commits itself to review the matter;", "commits itself"),
        ] {
            assert_eq!(verb(text).as_deref(), Some(shown), "{text}");
        }
    }

    /// `groups` read byte by byte.
    fn groups_by_bytes(text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut stack: Vec<(u8, usize)> = Vec::new();
        let mut straight_open: Option<usize> = None;
        for i in 0..b.len() {
            let (mark, len) = match &b[i..] {
                [0xe2, 0x80, 0x9c, ..] => (b'<', 3),
                [0xe2, 0x80, 0x9d, ..] => (b'>', 3),
                [m @ (b'(' | b'[' | b')' | b']' | b'"'), ..] => (*m, 1),
                _ => continue,
            };
            let open = match mark {
                b'(' | b'[' | b'<' => {
                    stack.push((mark, i));
                    continue;
                }
                b')' => b'(',
                b']' => b'[',
                b'>' => b'<',
                _ => {
                    match straight_open.take() {
                        Some(s) => out.push((s, i + 1)),
                        None => straight_open = Some(i),
                    }
                    continue;
                }
            };
            if let Some(k) = stack.iter().rposition(|&(o, _)| o == open) {
                out.push((stack[k].1, i + len));
                stack.truncate(k);
            }
        }
        out.sort_unstable();
        out
    }

    proptest! {
        /// Going from mark to mark finds the groups a reading of every
        /// byte finds, with characters that share a first byte with “ and
        /// ” (’, –, …).
        #[test]
        fn groups_are_found_as_byte_by_byte(text in "[()\\[\\]\"“”’–…a ]{0,40}") {
            prop_assert_eq!(groups(&text), groups_by_bytes(&text));
        }
    }

    proptest! {
        /// Going from one comma, semicolon or word opening with "a" to the
        /// next finds the clauses that stopping at every comma, semicolon
        /// and "a" finds.
        #[test]
        fn clause_starts_are_found_as_at_every_a(
            words in prop::collection::vec(
                "and|as well as|also|requests|urges|a|an|banana|States|to|report|,|;|(|)",
                0..30,
            ),
        ) {
            let text = words.join(" ");
            let b = text.as_bytes();
            let every_a = |i: usize| {
                (i..b.len())
                    .find(|&j| matches!(b[j], b',' | b';' | b'a'))
                    .unwrap_or(b.len())
            };
            prop_assert_eq!(
                clause_starts(&text, RuleSet::defaults(), Voice::Body),
                starts_at_marks(&text, RuleSet::defaults(), Voice::Body, every_a)
            );
        }
    }

    fn verbs(text: &str) -> Vec<String> {
        clause_starts(text, RuleSet::defaults(), Voice::Body)
            .into_iter()
            .map(|v| v.verb)
            .collect()
    }

    #[test]
    fn finds_clauses_after_separators() {
        assert_eq!(
            verbs(
                "Invites the President, to hold a debate, and also invites the President to prepare a summary;"
            ),
            ["invites", "also invites"]
        );
        assert_eq!(
            verbs(
                "Welcomes the report, and in this regard calls upon the Office to continue its work;"
            ),
            ["welcomes", "calls upon"]
        );
        assert_eq!(
            verbs(
                "Invites Member States to develop plans, requests the Office to continue, and strongly encourages Member States to share data;"
            ),
            ["invites", "requests", "strongly encourages"]
        );
        // A connective opens a clause, the same first word in other
        // phrases does not.
        assert_eq!(
            verbs(
                "Requests the Office, in consultation with States, to assist, and in particular encourages States, to this end, to share data;"
            ),
            ["requests", "encourages"]
        );
    }

    #[test]
    fn groups_are_balanced_brackets_and_quotations() {
        let t = "a (b [c] d) “e (f” g) \"h\" ( i “j”";
        let spans: Vec<&str> = groups(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(spans, ["(b [c] d)", "[c]", "“e (f”", "\"h\"", "“j”"]);
        // Other characters that start with the same byte as “ are no marks.
        assert!(groups("a – b … c").is_empty());
    }

    #[test]
    fn nouns_and_brackets_are_not_clauses() {
        assert_eq!(
            verbs(
                "Urges Member States to establish authorities for mutual legal assistance (requests, in order to address crime;"
            ),
            ["urges"]
        );
        assert_eq!(
            verbs("Decides also that all States shall: (a) Prevent;"),
            ["decides also"]
        );
        assert_eq!(
            verbs("Reaffirms “the world we want, and urges all”;"),
            ["reaffirms"]
        );
    }

    #[test]
    fn adverb_inside_verb_phrase() {
        assert_eq!(
            verbs("Calls once again upon all States to act;"),
            ["calls once again upon"]
        );
    }
}
