//! The shapes of line the cleaner looks for (job numbers, document symbols,
//! page numbers, separators, footnote numbers, the title line, annex
//! headings, the closing "Adopted at ... meeting" formula), read by hand.
//!
//! Each function reads what the regular expression in its documentation
//! matches, `\s` being a Unicode space ([`char::is_whitespace`]) and `\b` a
//! Unicode word boundary as in the `regex` crate. Read so, nothing is
//! compiled when a document is read: compiling these expressions (their
//! Unicode classes above all) cost more instructions and fresh memory than
//! cleaning a short document. The tests hold each function to its
//! expression.

/// A position in a line, read forward.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, at: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn done(&self) -> bool {
        self.at == self.s.len()
    }

    /// Reads `lit` if the line goes on with it.
    fn lit(&mut self, lit: &str) -> bool {
        let found = self.rest().starts_with(lit);
        if found {
            self.at += lit.len();
        }
        found
    }

    /// Reads `c` if it comes next.
    fn char_if(&mut self, f: impl Fn(char) -> bool) -> Option<char> {
        let c = self.peek().filter(|&c| f(c))?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Reads the ASCII digits that come next, at least `min` of them; a
    /// longer run than `max` reads nothing. (In every expression here the
    /// digits are followed by something other than a digit, so a run
    /// longer than `max` cannot match.)
    fn digits(&mut self, min: usize, max: usize) -> Option<&'a str> {
        let rest = self.rest();
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n < min || n > max {
            return None;
        }
        self.at += n;
        Some(&rest[..n])
    }

    /// Reads the spaces that come next; how many chars.
    fn spaces(&mut self) -> usize {
        let mut n = 0;
        while self.char_if(char::is_whitespace).is_some() {
            n += 1;
        }
        n
    }
}

/// `^(?:GE\.)?[0-9]{2}-[0-9]{5}\s*(?:\([A-Z]\))?(?:\s+[0-9]{6}){0,2}\s*(?:\*[0-9]+\*)?$`:
/// a job number ("17-22977 (E)  201217", "GE.17-22977*1722977*").
pub(super) fn job_number(t: &str) -> bool {
    let mut c = Cursor::new(t);
    c.lit("GE.");
    if c.digits(2, 2).is_none() || !c.lit("-") || c.digits(5, 5).is_none() {
        return false;
    }
    let mut gap = c.spaces();
    let at = c.at;
    if c.lit("(") && c.char_if(|x| x.is_ascii_uppercase()).is_some() && c.lit(")") {
        gap = c.spaces();
    } else {
        c.at = at;
    }
    // Up to two groups of six digits, each after at least one space.
    for _ in 0..2 {
        if gap == 0 || c.digits(6, 6).is_none() {
            break;
        }
        gap = c.spaces();
    }
    let at = c.at;
    if !(c.lit("*") && c.digits(1, usize::MAX).is_some() && c.lit("*")) {
        c.at = at;
    }
    c.done()
}

/// `^\*[0-9]{6,}\*$`: a bar code's digits ("*1722977*").
pub(super) fn barcode(t: &str) -> bool {
    let mut c = Cursor::new(t);
    c.lit("*") && c.digits(6, usize::MAX).is_some() && c.lit("*") && c.done()
}

/// `^(?:[0-9]{1,3}/[0-9]{1,3}|[Pp]age [0-9]{1,3}(?: of [0-9]{1,3})?)$`:
/// "3/12", "Page 3", "page 3 of 12".
pub(super) fn page_number(t: &str) -> bool {
    let mut c = Cursor::new(t);
    if c.digits(1, 3).is_some() {
        return c.lit("/") && c.digits(1, 3).is_some() && c.done();
    }
    if !((c.lit("P") || c.lit("p")) && c.lit("age ") && c.digits(1, 3).is_some()) {
        return false;
    }
    if c.done() {
        return true;
    }
    c.lit(" of ") && c.digits(1, 3).is_some() && c.done()
}

/// `^(?:A|S|E|A/HRC|E/CN\.[0-9]+)(?:/[A-Za-z0-9.\-]+)+(?:\s*\([0-9]{4}\))?\*?$`:
/// a document symbol ("A/RES/72/196", "E/CN.7/2018/L.3 (2018)*"). The
/// alternatives after "A" and "E" are read by the segments that follow.
pub(super) fn symbol(t: &str) -> bool {
    let mut c = Cursor::new(t);
    if c.char_if(|x| matches!(x, 'A' | 'S' | 'E')).is_none() {
        return false;
    }
    let segment = |x: char| x.is_ascii_alphanumeric() || x == '.' || x == '-';
    let mut segments = 0;
    while c.lit("/") {
        let from = c.at;
        while c.char_if(segment).is_some() {}
        if c.at == from {
            return false;
        }
        segments += 1;
    }
    if segments == 0 {
        return false;
    }
    let at = c.at;
    c.spaces();
    if !(c.lit("(") && c.digits(4, 4).is_some() && c.lit(")")) {
        c.at = at;
    }
    c.lit("*");
    c.done()
}

/// `^_{5,}$`: a footnote separator.
pub(super) fn separator(t: &str) -> bool {
    t.len() >= 5 && t.bytes().all(|b| b == b'_')
}

/// `^(?:-{3,}|\*(?:\s*\*){2,})$`: a rule that is not a footnote separator
/// ("---", "*  *  *").
pub(super) fn rule(t: &str) -> bool {
    if t.len() >= 3 && t.bytes().all(|b| b == b'-') {
        return true;
    }
    t.starts_with('*')
        && t.ends_with('*')
        && t.chars().all(|x| x == '*' || x.is_whitespace())
        && t.bytes().filter(|&b| b == b'*').count() >= 3
}

/// `^([0-9]{1,3})(?:\s+|\s*$)`: the number of a footnote written in plain
/// digits ("12  See ..."), as written.
pub(super) fn note_number(t: &str) -> Option<&str> {
    let mut c = Cursor::new(t);
    let n = c.digits(1, 3)?;
    (c.done() || c.spaces() > 0).then_some(n)
}

/// `^\$\^\{(?:\^\{)?([0-9]{1,3})\}\}?\$`: a LaTeX footnote marker
/// ("$^{23}$", "$^{^{23}}$"): its number as written and its length.
pub(super) fn latex_note(t: &str) -> Option<(&str, usize)> {
    let mut c = Cursor::new(t);
    if !c.lit("$^{") {
        return None;
    }
    c.lit("^{");
    let n = c.digits(1, 3)?;
    if !c.lit("}") {
        return None;
    }
    // "}$" or "}}$".
    if c.lit("$") || (c.lit("}") && c.lit("$")) {
        Some((n, c.at))
    } else {
        None
    }
}

/// `^\[\^([0-9]{1,3})\]`: a Markdown footnote marker (`[^12]`): its
/// number as written and its length.
pub(super) fn md_marker(t: &str) -> Option<(&str, usize)> {
    let mut c = Cursor::new(t);
    if !c.lit("[^") {
        return None;
    }
    let n = c.digits(1, 3)?;
    c.lit("]").then_some((n, c.at))
}

/// `^\[\^([0-9]{1,3})\]:`: a Markdown footnote definition ("[^12]: ..."):
/// its number as written and the length of the marker with its colon.
pub(super) fn md_note(t: &str) -> Option<(&str, usize)> {
    let (n, len) = md_marker(t)?;
    t[len..].starts_with(':').then_some((n, len + 1))
}

/// `^[0-9]{1,4}/[0-9]{1,3}\.\s+(\S.*)$`: the title line of a resolution
/// ("72/196. Strengthening the United Nations ..."): the title.
pub(super) fn title_line(t: &str) -> Option<&str> {
    let mut c = Cursor::new(t);
    c.digits(1, 4)?;
    if !(c.lit("/") && c.digits(1, 3).is_some() && c.lit(".") && c.spaces() > 0) {
        return None;
    }
    let title = c.rest();
    (!title.is_empty() && !title.contains('\n')).then_some(title)
}

/// `^(?:Annex|ANNEX|Appendix|APPENDIX)(?:es)?(?: [IVX]+| [A-Z]| [0-9]{1,2})?$`:
/// an annex heading alone on its line ("Annex", "ANNEX II", "Appendix B").
pub(super) fn annex_heading(t: &str) -> bool {
    let mut c = Cursor::new(t);
    if !["Annex", "ANNEX", "Appendix", "APPENDIX"]
        .iter()
        .any(|w| c.lit(w))
    {
        return false;
    }
    c.lit("es");
    if c.done() {
        return true;
    }
    if !c.lit(" ") {
        return false;
    }
    let rest = c.rest();
    let roman = !rest.is_empty() && rest.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    let letter = rest.len() == 1 && rest.as_bytes()[0].is_ascii_uppercase();
    let number = (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
    roman || letter || number
}

/// `^\[?Adopted\b.*\bmeeting\b`: the closing formula of a resolution
/// ("Adopted at the 8th plenary meeting, ...").
pub(super) fn adopted_formula(t: &str) -> bool {
    let word = regex_syntax::is_word_character;
    let mut c = Cursor::new(t);
    c.lit("[");
    if !c.lit("Adopted") || c.peek().is_some_and(word) {
        return false;
    }
    // `.` stops at a line break.
    let rest = c.rest();
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let from = c.at;
    line.match_indices("meeting").any(|(i, m)| {
        let before = t[..from + i].chars().next_back();
        let after = line[i + m.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// Each function with the expression it reads, as a yes or no and the
    /// part it returns.
    type Reader = fn(&str) -> Option<String>;

    fn readers() -> Vec<(&'static str, Reader)> {
        fn yes(b: bool) -> Option<String> {
            b.then(String::new)
        }
        vec![
            (
                r"^(?:GE\.)?[0-9]{2}-[0-9]{5}\s*(?:\([A-Z]\))?(?:\s+[0-9]{6}){0,2}\s*(?:\*[0-9]+\*)?$",
                |t| yes(job_number(t)),
            ),
            (r"^\*[0-9]{6,}\*$", |t| yes(barcode(t))),
            (
                r"^(?:[0-9]{1,3}/[0-9]{1,3}|[Pp]age [0-9]{1,3}(?: of [0-9]{1,3})?)$",
                |t| yes(page_number(t)),
            ),
            (
                r"^(?:A|S|E|A/HRC|E/CN\.[0-9]+)(?:/[A-Za-z0-9.\-]+)+(?:\s*\([0-9]{4}\))?\*?$",
                |t| yes(symbol(t)),
            ),
            (r"^_{5,}$", |t| yes(separator(t))),
            (r"^(?:-{3,}|\*(?:\s*\*){2,})$", |t| yes(rule(t))),
            (r"^([0-9]{1,3})(?:\s+|\s*$)", |t| {
                note_number(t).map(str::to_string)
            }),
            (r"^\$\^\{(?:\^\{)?([0-9]{1,3})\}\}?\$", |t| {
                latex_note(t).map(|(n, len)| format!("{n} {len}"))
            }),
            (r"^\[\^([0-9]{1,3})\]:", |t| {
                md_note(t).map(|(n, len)| format!("{n} {len}"))
            }),
            (r"^[0-9]{1,4}/[0-9]{1,3}\.\s+(\S.*)$", |t| {
                title_line(t).map(str::to_string)
            }),
            (
                r"^(?:Annex|ANNEX|Appendix|APPENDIX)(?:es)?(?: [IVX]+| [A-Z]| [0-9]{1,2})?$",
                |t| yes(annex_heading(t)),
            ),
            (r"^\[?Adopted\b.*\bmeeting\b", |t| yes(adopted_formula(t))),
            (r"^\[\^([0-9]{1,3})\]", |t| {
                md_marker(t).map(|(n, len)| format!("{n} {len}"))
            }),
        ]
    }

    /// What the expression says of `t`, in the form of [`Reader`]: the
    /// first group if it has one (with the match's length where the
    /// function gives it), else an empty string for a match.
    fn by_expression(re: &Regex, i: usize, t: &str) -> Option<String> {
        let c = re.captures(t)?;
        Some(match (c.get(1), i) {
            (Some(g), 7 | 8 | 12) => format!("{} {}", g.as_str(), c.get(0)?.end()),
            (Some(g), _) => g.as_str().to_string(),
            (None, _) => String::new(),
        })
    }

    fn compiled() -> Vec<(Regex, Reader)> {
        readers()
            .into_iter()
            .map(|(e, f)| (Regex::new(e).expect("a valid expression"), f))
            .collect()
    }

    /// The pieces lines are made of in the tests: what the expressions
    /// look for, near misses, and spaces and letters beyond ASCII.
    const PIECES: &[&str] = &[
        "0",
        "7",
        "12",
        "123",
        "1234",
        "17-22977",
        "123456",
        "1722977",
        "/",
        "-",
        ".",
        "*",
        "(",
        ")",
        "(E)",
        "(2018)",
        "$",
        "^",
        "{",
        "}",
        "$^{",
        "^{",
        "}$",
        "[^",
        "]",
        ":",
        "[",
        "_",
        "_____",
        "---",
        "A",
        "S",
        "E",
        "G",
        "GE.",
        "A/RES/72/196",
        "/HRC",
        "E/CN.7",
        "/L.3",
        "Page",
        "page",
        "age",
        " of ",
        "Annex",
        "ANNEX",
        "Appendix",
        "APPENDIX",
        "es",
        "I",
        "V",
        "X",
        "B",
        "Adopted",
        "meeting",
        "meetings",
        "at the 8th plenary",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{a0}",
        "\u{2003}",
        "\u{3000}",
        "\u{85}",
        "\u{200b}",
        "é",
        "\u{301}",
        "²",
        "ß",
        "_x",
    ];

    /// How the lines start: as one of the expressions would have them, or
    /// with any piece.
    const HEADS: &[&str] = &[
        "",
        "GE.17-22977",
        "17-22977 ",
        "17-22977(E)",
        "*",
        "3/12",
        "Page 3",
        "A/RES/72",
        "E/CN.7/2018",
        "$^{",
        "$^{12}",
        "$^{^{1",
        "[^",
        "[^12]",
        "12 ",
        "72/196. ",
        "Annex",
        "APPENDIX ",
        "Adopted ",
        "[Adopted at the 1st ",
    ];

    fn line() -> impl Strategy<Value = String> {
        (
            prop::sample::select(HEADS),
            prop::collection::vec(prop::sample::select(PIECES), 0..8),
        )
            .prop_map(|(head, v)| format!("{head}{}", v.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn each_reader_says_what_its_expression_says(t in line()) {
            for (i, (re, f)) in compiled().iter().enumerate() {
                prop_assert_eq!(f(&t), by_expression(re, i, &t), "{} on {:?}", re.as_str(), t);
            }
        }
    }

    #[test]
    fn each_reader_finds_its_lines_and_refuses_near_misses() {
        // (reader index, line, matches)
        let cases: &[(usize, &str, bool)] = &[
            (0, "17-22977 (E)  201217", true),
            (0, "GE.17-22977 (E) 201217 211217 *1722977*", true),
            (0, "17-22977", true),
            (0, "17-22977(E)201217", false),
            (0, "17-22977 201217 211217 221217", false),
            (0, "17-229771", false),
            (1, "*1722977*", true),
            (1, "*12345*", false),
            (2, "3/12", true),
            (2, "Page 3 of 12", true),
            (2, "page 3", true),
            (2, "Page 3 of", false),
            (2, "1234/5", false),
            (3, "A/RES/72/196", true),
            (3, "E/CN.7/2018/L.3 (2018)*", true),
            (3, "A/HRC/RES/35/1\u{a0}(2017)", true),
            (3, "A/RES/72/196 *", false),
            (3, "A", false),
            (3, "B/RES/1", false),
            (4, "_____", true),
            (4, "____", false),
            (5, "---", true),
            (5, "--", false),
            (5, "*  *  *", true),
            (5, "* *", false),
            (5, "*  * x *", false),
            (6, "12  See", true),
            (6, "12", true),
            (6, "1234 See", false),
            (6, "12See", false),
            (7, "$^{23}$ text", true),
            (7, "$^{^{23}}$", true),
            (7, "$^{23}}}$", false),
            (8, "[^12]: text", true),
            (8, "[^12] text", false),
            (12, "[^12] text", true),
            (12, "[^1234]", false),
            (9, "72/196. Strengthening the United Nations", true),
            (9, "72/196.Strengthening", false),
            (9, "72/196.   ", false),
            (10, "Annex", true),
            (10, "ANNEX II", true),
            (10, "Appendix B", true),
            (10, "Annexes 12", true),
            (10, "Annex 123", false),
            (10, "Annex to the resolution", false),
            (
                11,
                "Adopted at the 8th plenary meeting, 14 December 2017",
                true,
            ),
            (11, "[Adopted by the Council at its 1st meeting]", true),
            (11, "Adopted at the 8th plenary meetings", false),
            (11, "Adoptedx at the meeting", false),
            (11, "Adopted at the\nmeeting", false),
        ];
        let all = compiled();
        for &(i, t, expected) in cases {
            let (re, f) = &all[i];
            assert_eq!(f(t).is_some(), expected, "{} on {t:?}", re.as_str());
            assert_eq!(f(t), by_expression(re, i, t), "{} on {t:?}", re.as_str());
        }
        // Every reader has a line it takes and one it refuses above.
        for i in 0..all.len() {
            assert!(cases.iter().any(|c| c.0 == i && c.2), "{i}");
            assert!(cases.iter().any(|c| c.0 == i && !c.2), "{i}");
        }
    }
}
