//! Phrase lexicons matched word by word (verbs, actor names, adverbs), and
//! the tokenizer they work on.
//!
//! Matching ignores case and treats ’ and ' alike; the longest phrase wins.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use memchr::memmem;

/// A word or punctuation mark of a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn is_punct(&self) -> bool {
        self.text.len() <= 3 && self.text.chars().all(is_punct)
    }

    /// Starts with an uppercase letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Starts with a digit ("1267", "2(a)").
    pub fn is_number(&self) -> bool {
        self.text.starts_with(|c: char| c.is_ascii_digit())
    }
}

const fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '“' | '”' | '"' | '.' | '!' | '?'
    )
}

/// The bytes a word's letters are read up to: the ASCII bytes that end a
/// word (a space, and punctuation other than the dot, which a word may
/// hold: "E/CN.15"), and every byte of a character beyond ASCII, which is
/// decoded to tell.
const ENDS_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c >= 0x80 || c == b' ' as usize || (c != b'.' as usize && is_punct(c as u8 as char));
        c += 1;
    }
    t
};

/// A hash map keyed by rule words. The keys come from the rules, so the
/// hash need not resist chosen collisions; a multiply-rotate hash over
/// words of a few bytes is several times cheaper than the default.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// A set of rule words (see [`WordMap`]).
pub type WordSet = std::collections::HashSet<String, BuildHasherDefault<WordHasher>>;

/// Folded words mapped to values, with a table that rules out most other
/// ASCII words at one lookup, without folding or hashing them: one bit for
/// the first and last bytes and the length of each ASCII word (most words
/// asked about are none of them). An ASCII word folds to ASCII: only the
/// ASCII words of the map can be it.
#[derive(Debug, Clone)]
pub struct Screened<V> {
    words: WordMap<V>,
    /// The bits of the ASCII words (see [`screen_bit`]).
    seen: Vec<u64>,
}

/// The bits of [`Screened`]'s table: five bits of the first byte, five of
/// the last, four of the length.
const SCREEN_BITS: usize = 1 << 14;

/// The bit of an ASCII word in [`Screened`]'s table: the five low bits of
/// its first and last bytes (the same for a letter in either case) and its
/// length.
fn screen_bit(b: &[u8]) -> usize {
    let low = |c: u8| usize::from(c & 31);
    low(b[0]) << 9 | low(b[b.len() - 1]) << 4 | b.len().min(15)
}

impl<V> Screened<V> {
    /// The value of `word`, folded.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        let b = word.as_bytes();
        if b.is_empty() {
            return None;
        }
        if b.is_ascii() {
            let bit = screen_bit(b);
            if self.seen[bit / 64] & (1 << (bit % 64)) == 0 {
                return None;
            }
        }
        self.lookup(word)
    }

    /// [`Screened::get`] past the table: the map's answer.
    fn lookup(&self, word: &str) -> Option<&V> {
        with_folded(word, |w| self.words.get(w))
    }
}

impl<V> From<WordMap<V>> for Screened<V> {
    fn from(words: WordMap<V>) -> Self {
        let mut seen = vec![0u64; SCREEN_BITS / 64];
        for w in words.keys() {
            let b = w.as_bytes();
            if !b.is_empty() && b.is_ascii() {
                let bit = screen_bit(b);
                seen[bit / 64] |= 1 << (bit % 64);
            }
        }
        Screened { words, seen }
    }
}

impl<V> Default for Screened<V> {
    fn default() -> Self {
        WordMap::default().into()
    }
}

impl<V> std::ops::Deref for Screened<V> {
    type Target = WordMap<V>;

    fn deref(&self) -> &WordMap<V> {
        &self.words
    }
}

/// The hasher of [`WordMap`] (the multiply-rotate scheme of rustc's
/// FxHasher).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Splits `text` into words and punctuation marks; `base` is added to all
/// offsets. A word keeps inner hyphens, apostrophes, slashes and dots
/// ("Secretary-General", "70/1", "E/CN.15"); a trailing dot is its own token.
pub fn tokenize(text: &str, base: usize) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    out.extend(tokens(text, base));
    out
}

/// The first `n` tokens of [`tokenize`] at most, in a list made once at
/// its size (collecting from [`tokens`] grows it four or five times).
pub fn first_tokens(text: &str, base: usize, n: usize) -> Vec<Token<'_>> {
    // Each token takes a byte at least.
    let mut out = Vec::with_capacity(n.min(text.len()));
    out.extend(tokens(text, base).take(n));
    out
}

/// The tokens of [`tokenize`], one at a time: for a look at the first few
/// without splitting the whole text.
pub fn tokens(text: &str, base: usize) -> Tokens<'_> {
    Tokens {
        text,
        base,
        i: 0,
        dot: None,
    }
}

/// See [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    base: usize,
    i: usize,
    /// The dot that ends the word given last, given next.
    dot: Option<Token<'a>>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(t) = self.dot.take() {
            return Some(t);
        }
        let (text, base) = (self.text, self.base);
        let b = text.as_bytes();
        let mut i = self.i;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if i >= b.len() {
            self.i = i;
            return None;
        }
        // An ASCII byte that ends a word, here where no space is, is a
        // punctuation mark: told by the table, without decoding.
        let c = b[i];
        let punct = if c < 0x80 {
            ENDS_WORD[usize::from(c)]
        } else {
            text[i..].chars().next().is_some_and(is_punct)
        };
        if punct {
            let n = text[i..].chars().next().map_or(1, char::len_utf8);
            self.i = i + n;
            return Some(Token {
                text: &text[i..i + n],
                start: base + i,
                end: base + i + n,
            });
        }
        let start = i;
        loop {
            // ASCII letters and marks: no decoding needed.
            while i < b.len() && !ENDS_WORD[usize::from(b[i])] {
                i += 1;
            }
            if i >= b.len() || b[i] < 0x80 {
                break;
            }
            let ch = text[i..].chars().next().unwrap_or(' ');
            if is_punct(ch) {
                break;
            }
            i += ch.len_utf8();
        }
        self.i = i;
        // A dot that ends the word is punctuation ("session."), unless the
        // word is an abbreviation with inner dots ("E/CN.15", "No.").
        let mut end = i;
        if end > start + 1 && b[end - 1] == b'.' && !text[start..end - 1].contains('.') {
            let w = &text[start..end - 1];
            if !matches!(
                w,
                "No" | "Nos"
                    | "vol"
                    | "vols"
                    | "para"
                    | "paras"
                    | "Corr"
                    | "Rev"
                    | "Add"
                    | "Mr"
                    | "Ms"
                    | "Dr"
                    | "St"
            ) {
                end -= 1;
            }
        }
        if end < i {
            self.dot = Some(Token {
                text: &text[end..i],
                start: base + end,
                end: base + i,
            });
        }
        Some(Token {
            text: &text[start..end],
            start: base + start,
            end: base + end,
        })
    }
}

/// Lowercases and folds ’ to ' for comparison.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.chars()
        .flat_map(|c| {
            let c = if matches!(c, '’' | 'ʼ' | '‘') {
                '\''
            } else {
                c
            };
            c.to_lowercase()
        })
        .collect()
}

/// Writes the folded form of `word` at the end of `out`: an ASCII word
/// copied and put in lower case in place, without a string of its own.
pub fn push_folded(out: &mut String, word: &str) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&fold(word));
    }
}

/// Calls `f` with the folded form of `word`, without allocating for the
/// short ASCII words that make up nearly all text.
pub fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = word.as_bytes();
    // Most words are ASCII in lower case already: folded as they are.
    if b.iter().all(|c| c.is_ascii() && !c.is_ascii_uppercase()) {
        return f(word);
    }
    if b.len() <= 48 && b.is_ascii() {
        let mut buf = [0u8; 48];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII in, ASCII out: always valid.
        match std::str::from_utf8(&buf[..b.len()]) {
            Ok(s) => f(s),
            Err(_) => f(&fold(word)),
        }
    } else {
        f(&fold(word))
    }
}

/// An ASCII word of one to eight bytes in lower case, packed in a number:
/// its bytes in order, zeros after them, and the high bit (which no ASCII
/// byte sets) of its last byte set, so that no two words share a key
/// ("a" and "a" then a zero byte). None for any other word.
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let x = crate::scan::short_word(b);
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if x & HIGH != 0 {
        return None;
    }
    // The bytes from "A" to "Z" (each below 0x80): 0x20 added to each.
    let from_a = x + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = x + 0x2525_2525_2525_2525;
    let upper = from_a & !past_z & HIGH;
    Some(x | (upper >> 2) | 0x80 << ((b.len() - 1) * 8))
}

/// Does `token` equal the folded word `folded`?
#[inline]
pub fn same_word(token: &str, folded: &str) -> bool {
    // Most words differ at their first byte, told without a call.
    if folded
        .as_bytes()
        .first()
        .is_some_and(|&f| starts_otherwise(token, f))
    {
        return false;
    }
    folds_to(token, folded)
}

/// Does `token`, whose first character is ASCII, fold to a word that does
/// not start with byte `f`? An ASCII character folds to itself in lower
/// case; a token opening otherwise is left to the full comparison (false).
#[inline]
fn starts_otherwise(token: &str, f: u8) -> bool {
    token
        .as_bytes()
        .first()
        .is_some_and(|&t| t.is_ascii() && t.to_ascii_lowercase() != f)
}

/// [`same_word`] past its first byte.
fn folds_to(token: &str, folded: &str) -> bool {
    if token.len() == folded.len() && token.eq_ignore_ascii_case(folded) {
        return true;
    }
    // An ASCII token folds to ASCII of its length, compared just above.
    if token.is_ascii() {
        return false;
    }
    let mut a = token.chars().flat_map(|c| {
        let c = if matches!(c, '’' | 'ʼ' | '‘') {
            '\''
        } else {
            c
        };
        c.to_lowercase()
    });
    let mut b = folded.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// A phrase of a [`Lexicon`]: its folded words, one space apart, in one
/// string (a phrase's words hold no space: a space ends a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    text: Box<str>,
    /// The number of words.
    count: usize,
    /// Where the first word ends in `text`.
    first_end: usize,
    /// Where the last word starts in `text`.
    last: usize,
}

impl Phrase {
    /// The folded tokens of `phrase`; none when it has no token. Two
    /// phrases are the same phrase when their [`Phrase::text`] is.
    pub fn new(phrase: &str) -> Option<Phrase> {
        Phrase::of_plain_words(phrase).or_else(|| Phrase::of_tokens(phrase))
    }

    /// `phrase` read token by token.
    fn of_tokens(phrase: &str) -> Option<Phrase> {
        let mut text = String::with_capacity(phrase.len());
        let mut count = 0;
        let mut first_end = 0;
        let mut last = 0;
        for t in tokens(phrase, 0) {
            if count > 0 {
                text.push(' ');
            }
            last = text.len();
            push_folded(&mut text, t.text);
            if count == 0 {
                first_end = text.len();
            }
            count += 1;
        }
        (count > 0).then(|| Phrase {
            text: text.into_boxed_str(),
            count,
            first_end,
            last,
        })
    }

    /// `phrase` read without the tokenizer when it is plain ASCII words
    /// one space apart (as most are): words of letters, digits, hyphens,
    /// apostrophes and the like, with no punctuation that ends a word and
    /// no dot (which may or may not end one). Each word is then a token,
    /// and its folded form its lower case. None otherwise.
    fn of_plain_words(phrase: &str) -> Option<Phrase> {
        let b = phrase.as_bytes();
        let (mut count, mut first_end, mut last) = (1, b.len(), 0);
        // A space must follow a word byte, and a word byte end the phrase.
        let mut in_word = false;
        for (i, &c) in b.iter().enumerate() {
            if c != b'.' && !ENDS_WORD[usize::from(c)] {
                in_word = true;
            } else if c == b' ' && in_word {
                in_word = false;
                if count == 1 {
                    first_end = i;
                }
                count += 1;
                last = i + 1;
            } else {
                return None;
            }
        }
        in_word.then(|| Phrase {
            text: phrase.to_ascii_lowercase().into_boxed_str(),
            count,
            first_end,
            last,
        })
    }

    /// The folded words, one space apart.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of words (tokens), one at least.
    pub fn word_count(&self) -> usize {
        self.count
    }

    /// The folded words.
    pub fn words(&self) -> std::str::Split<'_, char> {
        self.text.split(' ')
    }

    /// The first word.
    pub fn first(&self) -> &str {
        &self.text[..self.first_end]
    }

    /// The last word.
    pub fn last(&self) -> &str {
        &self.text[self.last..]
    }

    /// Are the words between the first and the last those of `tokens`
    /// (folded), one for each? An ASCII token folds to a word of its own
    /// length: its word is read without looking for the space after it.
    #[inline]
    fn middle_is(&self, tokens: &[Token<'_>]) -> bool {
        if self.count <= 2 {
            return true;
        }
        // The first middle word told at its first byte, without a call:
        // phrases that share their first and last words ("in cooperation
        // with", "in consultation with") mostly differ there.
        if let (Some(t), Some(&w)) = (tokens.first(), self.text.as_bytes().get(self.first_end + 1))
            && starts_otherwise(t.text, w)
        {
            return false;
        }
        self.middle_words_are(tokens)
    }

    /// [`Phrase::middle_is`] word by word.
    fn middle_words_are(&self, tokens: &[Token<'_>]) -> bool {
        let inner = &self.text[..self.last - 1];
        let b = inner.as_bytes();
        let mut at = self.first_end + 1;
        for t in tokens {
            // More tokens than words.
            if at > b.len() {
                return false;
            }
            let end = if t.text.is_ascii() {
                at + t.text.len()
            } else {
                memchr::memchr(b' ', &b[at..]).map_or(b.len(), |k| at + k)
            };
            // The word ends at a space or at the end of the middle words.
            if end > b.len() || (end < b.len() && b[end] != b' ') {
                return false;
            }
            if !same_word(t.text, &inner[at..end]) {
                return false;
            }
            at = end + 1;
        }
        true
    }
}

/// Phrases mapped to values, matched at a position of a token list.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    /// The phrases by their first (folded) word, longest first: those whose
    /// first word is ASCII of eight bytes at most by that word packed in a
    /// number ([`packed`]), found without folding a word into a string or
    /// hashing one (most words asked about); the others by the word.
    by_short_first: HashMap<u64, Vec<(Phrase, T)>, BuildHasherDefault<WordHasher>>,
    by_first: WordMap<Vec<(Phrase, T)>>,
    len: usize,
    /// Tokens in the longest phrase.
    max_words: usize,
    /// For each ASCII first letter (lower case), the lengths of the ASCII
    /// first words of phrases (bit `n`: `n` bytes; bit 63: 63 or more): an
    /// ASCII word whose letter and length are not there opens no phrase,
    /// found without folding and hashing it (most words of a text).
    /// Boxed, like the screen: a rule set holds some twenty lexicons, and
    /// is built and moved whole at start-up.
    heads: Box<[u64; 128]>,
    /// The longest run of ASCII words of each phrase (one space apart),
    /// looked for in a whole text at once ([`Lexicon::may_occur_from`]);
    /// made on the first search. None when some phrase has no ASCII word
    /// (then any text may hold a phrase).
    screen: std::sync::OnceLock<Option<Box<Screen>>>,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            by_short_first: HashMap::default(),
            by_first: WordMap::default(),
            len: 0,
            max_words: 0,
            heads: Box::new([0; 128]),
            screen: std::sync::OnceLock::new(),
        }
    }
}

/// Runs of ASCII words (lower case, one space apart) looked for in a text
/// in any case, each from the start of a word of the text: see
/// [`Lexicon::may_occur_from`].
#[derive(Debug, Clone)]
struct Screen {
    /// By the first letter of their first word: the needles, in groups
    /// by the length of that word.
    by_letter: Vec<Vec<Needles>>,
    /// The first letters and lengths of the needles' first words, as in
    /// [`Lexicon::heads`]: most words of a text are none of them.
    heads: [u64; 128],
    /// The bytes a needle can start with, in either case: a run of the
    /// text that opens with another is passed over at one lookup.
    starts: [bool; 256],
    /// For each first letter (lower case), the second bytes (ASCII, lower
    /// case) of the needles: a run that opens with a needle's letter but
    /// not its first two bytes ("and", "it", "states") is passed over
    /// without its length. Every byte, for a letter that is a needle by
    /// itself.
    seconds: Box<[u128; 128]>,
    /// Whether each needle is the first words of its phrase: then no
    /// phrase starts before the first place a needle is found.
    opens_phrases: bool,
}

impl Screen {
    /// A screen of `needles`; `opens_phrases` when each is the first words
    /// of its phrase.
    fn of_needles(needles: Vec<String>, opens_phrases: bool) -> Self {
        let mut by_letter: Vec<Vec<Needles>> = vec![Vec::new(); 128];
        let mut heads = [0; 128];
        let mut starts = [false; 256];
        let mut seconds = Box::new([0u128; 128]);
        for n in needles {
            let first = n.split(' ').next().unwrap_or(&n).len();
            let letter = usize::from(n.as_bytes()[0]);
            heads[letter] |= length_bit(first);
            seconds[letter] |= match n.as_bytes().get(1) {
                Some(&c) if c < 128 => 1 << c,
                _ => !0,
            };
            starts[usize::from(n.as_bytes()[0].to_ascii_lowercase())] = true;
            starts[usize::from(n.as_bytes()[0].to_ascii_uppercase())] = true;
            let groups = &mut by_letter[letter];
            let k = match groups.iter().position(|g| g.first == first) {
                Some(k) => k,
                None => {
                    groups.push(Needles {
                        first,
                        alone: false,
                        after_space: 0,
                        needles: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[k];
            match n.as_bytes().get(first + 1) {
                Some(&c) if c < 128 => g.after_space |= 1 << c,
                // The word alone, or a byte beyond ASCII after the space:
                // any byte may follow the word.
                _ => g.alone = true,
            }
            if !g.needles.contains(&n) {
                g.needles.push(n);
            }
        }
        Screen {
            by_letter,
            heads,
            starts,
            seconds,
            opens_phrases,
        }
    }

    /// The first place where a needle starts, in any case, where a run of
    /// ASCII letters and digits of `b` starts. The starts of runs are found
    /// sixteen bytes at a time (a letter or digit after none); only those
    /// whose byte a needle opens with are looked at.
    fn first_in(&self, b: &[u8]) -> Option<usize> {
        // Bit 0 set when the byte before the chunk is a letter or digit.
        let mut before = 0;
        let mut at = 0;
        while at < b.len() {
            // The last bytes are followed by zeros: no letter or digit.
            let w = crate::scan::chunk_at(b, at);
            let alnum = crate::scan::alphanumerics(&w);
            // The bit of the byte before each byte is the one below it.
            let mut starts = alnum & !((alnum << 1) | before);
            before = alnum >> 15;
            // The bits of the bytes that end a run.
            let ends = !alnum & 0xffff;
            while starts != 0 {
                let k = starts.trailing_zeros();
                let first = w[k as usize];
                if self.starts[usize::from(first)] && self.second_fits(first, b, at + k as usize) {
                    let rest = &b[at + k as usize..];
                    // The run's length from the chunk's bytes when it ends
                    // in the chunk; else read on.
                    let end = ends & (!0 << k);
                    let run = if end != 0 {
                        (end.trailing_zeros() - k) as usize
                    } else {
                        crate::scan::alphanumeric_run(rest)
                    };
                    let letter = usize::from(first.to_ascii_lowercase());
                    if self.heads[letter] & length_bit(run) != 0 && self.opens_at(rest, run) {
                        return Some(at + k as usize);
                    }
                }
                starts &= starts - 1;
            }
            at += 16;
        }
        None
    }

    /// Can a needle open with the byte after `first`, at `at` of `b`? Only
    /// an ASCII byte (in any case) rules it out; none at all reads as a
    /// zero byte.
    #[inline]
    fn second_fits(&self, first: u8, b: &[u8], at: usize) -> bool {
        let second = b.get(at + 1).map_or(0, u8::to_ascii_lowercase);
        second >= 128 || self.seconds[usize::from(first.to_ascii_lowercase())] >> second & 1 == 1
    }

    /// Does a needle start, in any case, at the start of `rest`, whose
    /// first run of ASCII letters and digits is `run` bytes long?
    fn opens_at(&self, rest: &[u8], run: usize) -> bool {
        let letter = usize::from(rest[0].to_ascii_lowercase());
        let Some(g) = self.by_letter[letter].iter().find(|g| g.first == run) else {
            return false;
        };
        // The byte after the first word's space, mostly the one that
        // differs ("in cooperation", "in the"), told at one test for all
        // the needles of the word.
        let second = rest.get(run + 1).map_or(128, u8::to_ascii_lowercase);
        (g.alone || second < 128 && g.after_space >> second & 1 == 1)
            && g.needles.iter().any(|n| {
                rest.get(..n.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(n.as_bytes()))
            })
    }
}

/// The needles of a [`Screen`] whose first words open with one letter
/// and have one length.
#[derive(Debug, Clone)]
struct Needles {
    /// The length of the first word.
    first: usize,
    /// Whether a needle is the first word alone, or goes on with a byte
    /// beyond ASCII: then any byte may follow the word.
    alone: bool,
    /// The bytes (ASCII, lower case) after the first word's space.
    after_space: u128,
    needles: Vec<String>,
}

/// The bit of a word's length in [`Lexicon::heads`].
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl<T: Clone> Lexicon<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a phrase; returns false if the phrase was already there (the
    /// first value is kept).
    pub fn insert(&mut self, phrase: &str, value: T) -> bool {
        // The folded words in one string: no string of its own for each.
        Phrase::new(phrase).is_some_and(|p| self.insert_phrase(p, value))
    }

    /// Adds a phrase already read; returns false if it was already there.
    pub fn insert_phrase(&mut self, phrase: Phrase, value: T) -> bool {
        let first = phrase.first();
        if let Some(&c) = first.as_bytes().first()
            && first.is_ascii()
        {
            self.heads[usize::from(c)] |= length_bit(first.len());
        }
        // Most first words are there already: no copy of the key for them.
        let entries = match packed(first) {
            Some(k) => self.by_short_first.entry(k).or_default(),
            None => match self.by_first.get_mut(first) {
                Some(entries) => entries,
                None => self.by_first.entry(first.to_string()).or_default(),
            },
        };
        // Longest first; among phrases of one length, the first inserted
        // first. Only those of the same length can be the same phrase.
        let n = phrase.word_count();
        let same_len = entries.partition_point(|e| e.0.word_count() > n);
        let at = entries.partition_point(|e| e.0.word_count() >= n);
        if entries[same_len..at].iter().any(|(p, _)| *p == phrase) {
            return false;
        }
        self.max_words = self.max_words.max(n);
        entries.insert(at, (phrase, value));
        self.len += 1;
        self.screen = std::sync::OnceLock::new();
        true
    }

    /// Where in `text` the first phrase can start (as tokens of it): none
    /// only when no phrase can occur; else the start of a token of `text`
    /// (so that its tokens from there are those of the whole text) before
    /// which no phrase's tokens start, 0 when the screen cannot tell (a
    /// needle that does not open its phrase, words more than one space
    /// apart, the Kelvin sign). Cheaper than tokenizing `text` to learn
    /// that no phrase is there: the tokens of a phrase are words of `text`
    /// with spaces between them, so where words are one space apart, the
    /// longest run of ASCII words of each phrase is in `text` as written,
    /// in some case, from the start of a word.
    pub fn may_occur_from(&self, text: &str) -> Option<usize> {
        // The Kelvin sign folds to an ASCII "k": a word written with it
        // holds no ASCII copy of its folded form.
        const KELVIN: &str = "\u{212A}";
        let screen = self.screen.get_or_init(|| {
            // Each phrase's longest run of ASCII words, and whether it is
            // the phrase's first.
            let needles: Option<Vec<(String, bool)>> = self
                .phrases()
                .map(|(phrase, _)| {
                    let words: Vec<&str> = phrase.words().collect();
                    let runs = words.split(|w| !w.bytes().all(|b| b.is_ascii_alphanumeric()));
                    runs.enumerate()
                        .max_by_key(|(_, run)| run.iter().map(|w| w.len() + 1).sum::<usize>())
                        .filter(|(_, run)| !run.is_empty())
                        .map(|(k, run)| (run.join(" "), k == 0))
                })
                .collect();
            needles.map(|n| {
                let opens = n.iter().all(|(_, first)| *first);
                Box::new(Screen::of_needles(
                    n.into_iter().map(|(n, _)| n).collect(),
                    opens,
                ))
            })
        });
        let Some(screen) = screen else {
            return (!self.is_empty()).then_some(0);
        };
        let b = text.as_bytes();
        // Each search made once, not at every call.
        static TWO_SPACES: LazyLock<memmem::Finder<'static>> =
            LazyLock::new(|| memmem::Finder::new(b"  "));
        static KELVIN_SIGN: LazyLock<memmem::Finder<'static>> =
            LazyLock::new(|| memmem::Finder::new(KELVIN));
        let unscreened = || TWO_SPACES.find(b).is_some() || KELVIN_SIGN.find(b).is_some();
        match screen.first_in(b) {
            // A needle opens a run of letters and digits, not always a
            // token ("x.in"): the token from the space before it.
            Some(at) if screen.opens_phrases && !unscreened() => Some(
                b[..at]
                    .iter()
                    .rposition(|&c| c == b' ')
                    .map_or(0, |k| k + 1),
            ),
            Some(_) => Some(0),
            None => unscreened().then_some(0),
        }
    }

    /// The first tokens of `text` (offsets from `base`), as many as the
    /// longest phrase has: enough for [`Lexicon::longest`] at 0.
    pub fn head_tokens<'t>(&self, text: &'t str, base: usize) -> Vec<Token<'t>> {
        first_tokens(text, base, self.max_words)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The number of tokens of the longest phrase.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The longest phrase that starts at `tokens[at]`: its length in tokens
    /// and its value.
    #[inline]
    pub fn longest(&self, tokens: &[Token<'_>], at: usize) -> Option<(usize, &T)> {
        let first = tokens.get(at)?;
        // Most words open no phrase, told by the table without a call.
        if self.opens_none(first.text) {
            return None;
        }
        self.longest_from(tokens, at, first)
    }

    /// [`Lexicon::longest`] past the table of first words: `first` is
    /// `tokens[at]`.
    fn longest_from(
        &self,
        tokens: &[Token<'_>],
        at: usize,
        first: &Token<'_>,
    ) -> Option<(usize, &T)> {
        let entries = self.entries(first.text)?;
        // The first word is the key the entries were found by; the last
        // word is compared before the others, as phrases that share their
        // first words (the many "United Nations ...") mostly differ there.
        entries.iter().find_map(|(phrase, v)| {
            let n = phrase.word_count();
            (at + n <= tokens.len()
                && same_word(tokens[at + n - 1].text, phrase.last())
                && phrase.middle_is(tokens.get(at + 1..at + n - 1).unwrap_or_default()))
            .then_some((n, v))
        })
    }

    /// The phrases whose first word `word` (any case) is.
    fn entries(&self, word: &str) -> Option<&Vec<(Phrase, T)>> {
        // An ASCII word folds to its lower case, as the packing does.
        if let Some(k) = packed(word) {
            return self.by_short_first.get(&k);
        }
        with_folded(word, |w| self.folded_entries(w))
    }

    /// The phrases whose first word is `folded`.
    fn folded_entries(&self, folded: &str) -> Option<&Vec<(Phrase, T)>> {
        match packed(folded) {
            Some(k) => self.by_short_first.get(&k),
            None => self.by_first.get(folded),
        }
    }

    /// Does some phrase start with this (folded) word?
    pub fn starts_with_word(&self, folded: &str) -> bool {
        self.folded_entries(folded).is_some()
    }

    /// Does some phrase start with this word (any case)?
    pub fn starts_with(&self, word: &str) -> bool {
        !self.opens_none(word) && self.entries(word).is_some()
    }

    /// Is `word` an ASCII word no phrase can start with, by its first
    /// letter and length ([`Lexicon::heads`])? An ASCII word folds to
    /// itself in lower case, of the same length.
    fn opens_none(&self, word: &str) -> bool {
        let b = word.as_bytes();
        b.first().is_some_and(|&c| {
            c.is_ascii()
                && self.heads[usize::from(c.to_ascii_lowercase())] & length_bit(b.len()) == 0
                && b.is_ascii()
        })
    }

    /// All phrases, in no set order (for fuzzy comparison, the screen of
    /// [`Lexicon::may_occur_from`], the clause openers).
    pub fn phrases(&self) -> impl Iterator<Item = (&Phrase, &T)> {
        self.by_short_first
            .values()
            .chain(self.by_first.values())
            .flatten()
            .map(|(p, v)| (p, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words of the phrases and texts of
    /// `the_longest_phrase_has_the_tokens_for_words`.
    const VOCABULARY: &[&str] = &["a", "A", "b’c", "B'C", "é", "É", "k", "K", "\u{212A}"];

    proptest! {
        /// A screened map answers as its map of folded words: its table
        /// rules out no word that is there, in any case, with ’ or ', or
        /// with the Kelvin sign (which folds to "k").
        #[test]
        fn a_screened_map_answers_as_its_map(
            keys in prop::collection::vec("[a-dkA-DK’']{1,10}", 0..12),
            words in prop::collection::vec("[a-dkA-DK’'\u{212A}]{0,10}", 1..12),
            foreign in any::<bool>(),
        ) {
            let mut map: WordMap<usize> = WordMap::default();
            for (i, k) in keys.iter().enumerate() {
                map.entry(fold(k)).or_insert(i);
            }
            // A key that is not ASCII, which the table leaves out.
            if foreign {
                map.insert("é".to_string(), usize::MAX);
            }
            let screened = Screened::from(map.clone());
            let asked = words
                .iter()
                .cloned()
                .chain(keys.iter().map(|k| k.to_uppercase()))
                .chain(keys.iter().cloned())
                .chain(["é".to_string(), "É".to_string()]);
            for w in asked {
                prop_assert_eq!(screened.get(&w), with_folded(&w, |f| map.get(f)), "{:?}", w);
            }
        }

        /// An empty screened map (the default) finds nothing.
        #[test]
        fn an_empty_screened_map_finds_nothing(word in "[a-dK’'\u{212A}]{0,10}") {
            let empty = Screened::<usize>::default();
            prop_assert_eq!(empty.get(&word), None);
        }

        /// A word folded in place is the word folded.
        #[test]
        fn a_word_folded_in_place_is_the_word_folded(
            word in "[a-cA-Cé’'İ]{0,60}",
        ) {
            prop_assert_eq!(with_folded(&word, str::to_string), fold(&word));
        }

        /// The first tokens are the tokens of the whole text, as many as
        /// asked for or as the text has.
        #[test]
        fn the_first_tokens_open_the_tokens_of_the_text(
            text in "[a-c .,’'/-]{0,60}",
            base in 0usize..100,
            n in 0usize..30,
        ) {
            let all = tokenize(&text, base);
            prop_assert_eq!(first_tokens(&text, base, n), all[..n.min(all.len())].to_vec());
        }

        /// A short ASCII word is packed as its lower-case bytes, each in
        /// place (the letters put in lower case eight at a time), its last
        /// marked; any other word is not packed.
        #[test]
        fn a_short_ascii_word_is_packed_as_its_lower_case_bytes(
            w in "[\\x00-\\x7f]{0,10}|[A-Za-z@\\[`{é]{0,10}",
        ) {
            let want = (w.is_ascii() && (1..=8).contains(&w.len())).then(|| {
                let mut b = [0u8; 8];
                for (d, c) in b.iter_mut().zip(w.bytes()) {
                    *d = c.to_ascii_lowercase();
                }
                b[w.len() - 1] |= 0x80;
                u64::from_le_bytes(b)
            });
            prop_assert_eq!(packed(&w), want, "{:?}", w);
        }

        /// The table of first letters and lengths rules out no word that
        /// opens a phrase: the lexicon answers as its map of first words.
        #[test]
        fn the_head_table_rules_out_only_words_that_open_nothing(
            phrases in prop::collection::vec("[a-cA-CéÉ’' ]{1,70}", 0..12),
            words in prop::collection::vec("[a-cA-CéÉ’']{1,70}", 1..12),
        ) {
            let l = lexicon_of(&phrases);
            for w in words.iter().chain(&phrases) {
                let first = tokens(w, 0).next().map_or("", |t| t.text);
                let known = l.folded_entries(&fold(first)).is_some();
                prop_assert_eq!(l.starts_with(first), known, "{:?}", first);
                let toks = tokenize(w, 0);
                let slow = l.folded_entries(&fold(first)).and_then(|entries| {
                    entries.iter().find_map(|(phrase, v)| {
                        (phrase.word_count() <= toks.len()
                            && phrase.words().zip(&toks).all(|(x, t)| same_word(t.text, x)))
                        .then_some((phrase.word_count(), v))
                    })
                });
                prop_assert_eq!(l.longest(&toks, 0), slow);
            }
        }

        /// At each token, the lexicon finds the longest phrase whose words,
        /// folded, are the folded tokens there (of one length, there is one
        /// such phrase at most: two would be the same words). Phrases and
        /// texts are made of a few words, so that phrases share their first
        /// and last words and differ in between: in both cases, with ’ and
        /// ', with the Kelvin sign (three bytes that fold to "k").
        #[test]
        fn the_longest_phrase_has_the_tokens_for_words(
            phrases in prop::collection::vec(
                prop::collection::vec(prop::sample::select(VOCABULARY), 1..6),
                0..12,
            ),
            text in prop::collection::vec(prop::sample::select(VOCABULARY), 0..10),
        ) {
            let mut l: Lexicon<usize> = Lexicon::new();
            let mut model: Vec<Vec<String>> = Vec::new();
            for (i, p) in phrases.iter().enumerate() {
                let p = p.join(" ");
                if l.insert(&p, i) {
                    model.push(tokenize(&p, 0).iter().map(|t| fold(t.text)).collect());
                }
            }
            let text = text.join(" ");
            let toks = tokenize(&text, 0);
            for at in 0..toks.len() {
                let want = model
                    .iter()
                    .filter(|w| {
                        w.len() <= toks.len() - at
                            && w.iter().zip(&toks[at..]).all(|(w, t)| fold(t.text) == *w)
                    })
                    .map(Vec::len)
                    .max();
                prop_assert_eq!(l.longest(&toks, at).map(|(n, _)| n), want, "{:?} at {}", text, at);
            }
        }

        /// Where the screen says no phrase can occur, none starts at any
        /// token. The phrases and texts share a few letters in both cases,
        /// the Kelvin sign (which folds to "k"), ’ and ', digits and dots.
        #[test]
        fn the_screen_rules_out_only_texts_without_a_phrase(
            phrases in prop::collection::vec("[akAK\u{212A}’'1. ]{1,12}", 0..6),
            texts in prop::collection::vec("[akAK\u{212A}’'1., ]{0,40}", 1..8),
        ) {
            let l = lexicon_of(&phrases);
            // Each phrase as written, with its spaces doubled, in capitals.
            let variants = phrases
                .iter()
                .flat_map(|p| [p.clone(), p.replace(' ', "  "), p.to_uppercase()]);
            for text in texts.iter().cloned().chain(variants) {
                screened_from(&l, &text)?;
            }
        }
    }

    proptest! {
        /// Of phrases of ASCII words, each its own needle: the first phrase
        /// starts at the place the screen gives or after it, and the tokens
        /// from there are the whole text's.
        #[test]
        fn no_phrase_starts_before_the_screen_says(
            phrases in prop::collection::vec("[ab]{1,3}( [ab]{1,3}){0,2}", 1..5),
            texts in prop::collection::vec("[abAB ,.]{0,40}", 1..6),
        ) {
            let l = lexicon_of(&phrases);
            // Each text with each phrase in its middle, as written and in
            // capitals.
            let variants = texts.iter().flat_map(|t| {
                let mid = t.len() / 2;
                phrases.iter().flat_map(move |p| {
                    [p.clone(), p.to_uppercase()].map(|p| format!("{} {p} {}", &t[..mid], &t[mid..]))
                })
            });
            for text in texts.iter().cloned().chain(variants) {
                screened_from(&l, &text)?;
            }
        }
    }

    #[test]
    fn the_screen_says_where_a_phrase_can_start() {
        let mut l: Lexicon<()> = Lexicon::new();
        l.insert("in cooperation with", ());
        let text = "the Office, in cooperation with UNDP";
        assert_eq!(l.may_occur_from(text), text.find("in "));
        // Words two spaces apart: the screen cannot tell.
        assert_eq!(
            l.may_occur_from("the Office, in  cooperation with UNDP"),
            Some(0)
        );
        assert_eq!(l.may_occur_from("the Office"), None);
        // A needle that is not its phrase's first words.
        l.insert("’s cooperation with", ());
        assert_eq!(l.may_occur_from(text), Some(0));
    }

    /// A lexicon of `phrases`, each with its index.
    fn lexicon_of(phrases: &[String]) -> Lexicon<usize> {
        let mut l = Lexicon::new();
        for (i, p) in phrases.iter().enumerate() {
            l.insert(p, i);
        }
        l
    }

    /// Where the screen says no phrase of `l` can occur in `text`, none
    /// starts at any token; where it gives a place, none starts before it,
    /// and the tokens from there are those of the whole text.
    fn screened_from(l: &Lexicon<usize>, text: &str) -> Result<(), TestCaseError> {
        let toks = tokenize(text, 0);
        let first = (0..toks.len()).find(|&i| l.longest(&toks, i).is_some());
        let from = l.may_occur_from(text);
        prop_assert!(first.is_none() || from.is_some(), "{:?}", text);
        if let (Some(i), Some(from)) = (first, from) {
            prop_assert!(toks[i].start >= from, "{:?} from {}", text, from);
            let k = toks
                .iter()
                .position(|t| t.start >= from)
                .unwrap_or(toks.len());
            prop_assert_eq!(tokenize(&text[from..], from), toks[k..].to_vec());
        }
        Ok(())
    }

    /// [`Screen::first_in`] read word by word: every run of ASCII
    /// letters and digits is tried against every needle.
    fn first_by_words(needles: &[String], b: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let run = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let opens = needles.iter().any(|n| {
                n.split(' ').next().map(str::len) == Some(run)
                    && b[i..].len() >= n.len()
                    && b[i..i + n.len()].eq_ignore_ascii_case(n.as_bytes())
            });
            if opens {
                return Some(i);
            }
            i += run;
        }
        None
    }

    proptest! {
        /// Going from one byte a needle can open with to the next finds
        /// what trying every word finds, at the same first place.
        #[test]
        fn the_screen_finds_what_every_word_finds(
            needles in prop::collection::vec("[abAB1]{1,3}( [ab]{1,2}){0,2}", 1..6),
            text in "[abAB1é, ]{0,60}",
        ) {
            let needles: Vec<String> = needles.iter().map(|n| n.to_ascii_lowercase()).collect();
            let screen = Screen::of_needles(needles.clone(), false);
            prop_assert_eq!(
                screen.first_in(text.as_bytes()),
                first_by_words(&needles, text.as_bytes())
            );
        }
    }

    proptest! {
        /// A phrase read as plain words is the phrase read token by token;
        /// and plain words one space apart are always read as such.
        #[test]
        fn a_phrase_of_plain_words_is_its_tokens(
            phrase in prop_oneof![
                3 => "[aB7'. -]{0,8}",
                1 => "[aBz .é'(,;:!?\"\t/\u{7f}-]{0,12}",
            ],
        ) {
            let plain_read = Phrase::of_plain_words(&phrase);
            if plain_read.is_some() {
                prop_assert_eq!(&plain_read, &Phrase::of_tokens(&phrase));
            }
            let word_byte = |c: u8| c.is_ascii() && !" .,;:()[]\"!?".contains(char::from(c));
            let plain = !phrase.is_empty()
                && !phrase.starts_with(' ')
                && !phrase.ends_with(' ')
                && !phrase.contains("  ")
                && phrase.bytes().all(|c| word_byte(c) || c == b' ');
            prop_assert_eq!(plain_read.is_some(), plain);
        }
    }

    proptest! {
        /// A token is the same word as a folded word exactly when it folds
        /// to it: ASCII or not, in any case, with ’ for '.
        #[test]
        fn same_word_is_equal_folding(
            token in "[aAkK\u{212A}éÉ’']{0,4}",
            word in "[aAkK\u{212A}éÉ’']{0,4}",
        ) {
            let folded = fold(&word);
            prop_assert_eq!(same_word(&token, &folded), fold(&token) == folded);
        }
    }

    #[test]
    fn the_screen_is_rebuilt_when_a_phrase_is_added() {
        let mut l: Lexicon<u8> = Lexicon::new();
        assert_eq!(l.may_occur_from("in cooperation with UNDP"), None);
        l.insert("in cooperation with", 1);
        assert!(l.may_occur_from("IN COOPERATION WITH UNDP").is_some());
        assert_eq!(l.may_occur_from("in consultation with UNDP"), None);
        l.insert("in consultation with", 2);
        assert!(l.may_occur_from("in consultation with UNDP").is_some());
        // A phrase without an ASCII word: any text may hold it.
        l.insert("’", 3);
        assert!(l.may_occur_from("nothing").is_some());
    }

    #[test]
    fn head_tokens_are_enough_for_the_longest_phrase() {
        let mut l: Lexicon<u8> = Lexicon::new();
        l.insert("Bearing in mind", 1);
        l.insert("Noting", 2);
        let text = "Bearing in mind, its resolution 72/196.";
        let head = l.head_tokens(text, 10);
        assert_eq!(
            head.iter().map(|t| t.text).collect::<Vec<_>>(),
            ["Bearing", "in", "mind"]
        );
        assert_eq!(head[2].end, 10 + 15);
        assert_eq!(l.longest(&head, 0), Some((3, &1)));
        assert_eq!(head, tokenize(text, 10)[..3]);
    }

    #[test]
    fn tokens_keep_symbols_and_split_punctuation() {
        let t: Vec<&str> = tokenize("Requests the Secretary-General, (see A/71/114) to act.", 0)
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            [
                "Requests",
                "the",
                "Secretary-General",
                ",",
                "(",
                "see",
                "A/71/114",
                ")",
                "to",
                "act",
                "."
            ]
        );
    }

    /// Curly quotes end a word as straight ones do; other characters
    /// beyond ASCII are letters of it, wherever they stand.
    #[test]
    fn curly_quotes_split_words_and_other_characters_do_not() {
        let t: Vec<(&str, usize)> = tokenize("the “Café” of Côte d’Ivoire”, é x“y", 4)
            .iter()
            .map(|t| (t.text, t.start))
            .collect();
        assert_eq!(
            t,
            [
                ("the", 4),
                ("“", 8),
                ("Café", 11),
                ("”", 16),
                ("of", 20),
                ("Côte", 23),
                ("d’Ivoire", 29),
                ("”", 39),
                (",", 42),
                ("é", 44),
                ("x", 47),
                ("“", 48),
                ("y", 51)
            ]
        );
    }

    #[test]
    fn longest_phrase_wins() {
        let mut lx = Lexicon::new();
        lx.insert("States", 1);
        lx.insert("States parties", 2);
        let toks = tokenize("States Parties to the Convention", 0);
        assert_eq!(lx.longest(&toks, 0), Some((2, &2)));
        let toks = tokenize("states that", 0);
        assert_eq!(lx.longest(&toks, 0), Some((1, &1)));
    }

    /// A word and the same word with a zero byte after it are two words.
    #[test]
    fn a_zero_byte_makes_another_short_word() {
        let mut lx = Lexicon::new();
        assert!(lx.insert("a b", 1));
        // A first word of two bytes too: "a" and a zero byte is not ruled
        // out by its length.
        assert!(lx.insert("ab", 2));
        let toks = |s: &[&'static str]| {
            s.iter()
                .map(|t| Token {
                    text: t,
                    start: 0,
                    end: t.len(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(lx.longest(&toks(&["A", "b"]), 0), Some((2, &1)));
        assert_eq!(lx.longest(&toks(&["a\0", "b"]), 0), None);
    }

    #[test]
    fn the_first_of_two_same_phrases_is_kept_and_longer_ones_come_first() {
        let mut lx = Lexicon::new();
        assert!(lx.insert("States", 1));
        assert!(lx.insert("States members", 2));
        assert!(lx.insert("States parties", 3));
        assert!(!lx.insert("STATES  Parties", 4), "the same words");
        assert!(lx.insert("States parties to", 5));
        let firsts: Vec<i32> = lx
            .entries("states")
            .unwrap()
            .iter()
            .map(|(_, v)| *v)
            .collect();
        assert_eq!(firsts, [5, 2, 3, 1]);
        assert_eq!(lx.len(), 4);
    }

    #[test]
    fn words_fold_to_lower_case_with_one_apostrophe() {
        assert_eq!(fold("UNODC"), "unodc");
        assert_eq!(fold("States’"), "states'");
        assert_eq!(fold("ÉTATS"), "états");
    }
}
