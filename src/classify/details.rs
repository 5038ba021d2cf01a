//! What an obligation carries besides its addressee: qualifiers, deadline,
//! references (spec §5), read from the clause text with the rules.

use crate::model::{
    Deadline, Qualifier, QualifierKind, QualifierScope, Reference, ReferenceKind, ScopedQualifier,
};
use crate::rules::language::Language;
use crate::rules::schema::ReferencePatternKind;
use crate::rules::{DeadlinePattern, LazyRegex, RuleSet};

/// Qualifiers found in `text` (the clause after its verb); `action` is the
/// action text, where `at_start` rules look. Returns the qualifiers and the
/// ids of the rules that found them.
pub fn qualifiers(text: &str, action: &str, rules: &RuleSet) -> (Vec<Qualifier>, Vec<String>) {
    let q = scoped_qualifiers(text, action, text.len(), rules);
    (q.whole, q.ids)
}

/// The qualifiers of an action, sorted by scope.
#[derive(Debug, Clone, Default)]
pub struct Qualifiers {
    /// On the whole obligation, and the rules that found them.
    pub whole: Vec<Qualifier>,
    pub ids: Vec<String>,
    /// Inside a part of the action only.
    pub scoped: Vec<ScopedQualifier>,
}

/// The qualifiers in `text` (a clause, its action starting at byte
/// `action_from`): a kind found outside every elaboration of the action
/// (rules `elaborations` of `qualifiers.yaml`) is the whole obligation's;
/// one found only inside an elaboration ("including, where appropriate,
/// ...") is scoped to that part.
pub fn scoped_qualifiers(
    text: &str,
    action: &str,
    action_from: usize,
    rules: &RuleSet,
) -> Qualifiers {
    let parts = elaborations(text, action_from, rules);
    let inside = |at: usize| parts.iter().find(|(r, _)| r.contains(&at));
    // (rule index, where it matched)
    let mut found: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut scoped: Vec<ScopedQualifier> = Vec::new();
    let action = strip_leading(action);
    // One pass finds every qualifier phrase and the rule that found it.
    if let Some(search) = &rules.qualifier_search {
        for m in search.find_iter(text) {
            let k = search.rules[m.pattern().as_usize()];
            let kind = rules.qualifiers[k].kind;
            let part = inside(m.start()).map(|(_, w)| w.clone()).or_else(|| {
                let owned = matches!(
                    kind,
                    QualifierKind::Resources | QualifierKind::LegalFramework
                );
                (owned && m.start() >= action_from)
                    .then(|| owner(text, m.start(), &text[m.range()]))
                    .flatten()
            });
            if let Some(within) = part {
                if !scoped.iter().any(|s| s.kind == kind) {
                    scoped.push(ScopedQualifier {
                        kind,
                        text: text[m.range()].to_string(),
                        scope: QualifierScope::Part,
                        within,
                    });
                }
            } else if !found.iter().any(|(r, _)| rules.qualifiers[*r].kind == kind) {
                found.push((k, m.range()));
            }
        }
    }
    let mut out: Vec<Qualifier> = Vec::new();
    let mut ids = Vec::new();
    // The search of all `at_start` rules, compiled ahead of time, says
    // which matches first and where (most actions open with none of their
    // words): only the others need their own expression compiled.
    let first = rules.at_start_screen.as_ref().map(|s| s.first(action));
    for (k, q) in rules.qualifiers.iter().enumerate() {
        let m = if q.at_start {
            match &first {
                Some(None) => None,
                Some(Some((w, at))) if **w == k => Some(&action[at.clone()]),
                _ => q
                    .regex
                    .lean()
                    .and_then(|r| r.find(action))
                    .map(|m| &action[m.range()]),
            }
        } else {
            found
                .iter()
                .find(|(r, _)| *r == k)
                .map(|(_, at)| &text[at.clone()])
        };
        if let Some(m) = m {
            if out.iter().any(|o| o.kind == q.kind) {
                continue;
            }
            out.push(Qualifier {
                kind: q.kind,
                text: m.to_string(),
            });
            ids.push(["qualifiers/", q.id.as_str()].concat());
        }
    }
    scoped.retain(|s| !out.iter().any(|o| o.kind == s.kind));
    Qualifiers {
        whole: out,
        ids,
        scoped,
    }
}

/// A mandate or legal framework with "its" or "their" right after a name
/// in the action belongs to that name ("provide support to the Commissions
/// within their respective mandates"): the name, if so. (A request, "to
/// Member States, upon their request", stays the whole action's: those who
/// ask are those the action serves.)
fn owner(text: &str, at: usize, qualifier: &str) -> Option<String> {
    let possessive = qualifier
        .split(' ')
        .any(|w| w.eq_ignore_ascii_case("its") || w.eq_ignore_ascii_case("their"));
    if !possessive {
        return None;
    }
    let before = text[..at].trim_end_matches([' ', ',']);
    let word = before.rsplit(' ').next()?;
    word.starts_with(|c: char| c.is_uppercase())
        .then(|| word.to_string())
}

/// Does `before` end with a name (a capitalized word, "it" or "them")?
fn after_name(before: &str) -> bool {
    let word = crate::parse::last_word(before);
    word.starts_with(|c: char| c.is_uppercase()) || matches!(word, "it" | "them")
}

/// The elaborations of the action in `text` (from byte `from`): each runs
/// from its opening words ("including", "so as to") to the next
/// coordinated infinitive (", and to") or the end; with those words.
fn elaborations(text: &str, from: usize, rules: &RuleSet) -> Vec<(std::ops::Range<usize>, String)> {
    let Some(action) = text.get(from..) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let Some(search) = rules.elaboration_search() else {
        return parts;
    };
    // Every place where a rule matches: after each match the search goes
    // on from the next character, so that matches of different rules may
    // overlap ("by enabling them"); a rule's own matches do not.
    // Where each rule's last match ends: made at the first match (most
    // actions hold none).
    let mut ends = Vec::new();
    let mut at = 0;
    while let Some(m) = search.search(&regex_automata::Input::new(action).range(at..)) {
        at = m.start() + action[m.start()..].chars().next().map_or(1, char::len_utf8);
        ends.resize(rules.elaborations.len(), 0);
        let k = search.rules[m.pattern().as_usize()];
        let e = &rules.elaborations[k];
        if m.start() < ends[k] {
            continue;
        }
        ends[k] = m.end();
        let start = from + m.start();
        if e.rule.after_name && !after_name(&text[..start]) {
            continue;
        }
        let mut end = next_coordinated_to(&text[start..]).map_or(text.len(), |n| start + n);
        // A short aside closed by a comma ("including terrorist
        // threats,") ends there.
        let after = &text[from + m.end()..end];
        if e.rule.short_aside
            && let Some(comma) = after.find(',')
            && (1..=3).contains(&after[..comma].split_whitespace().count())
        {
            end = from + m.end() + comma;
        } else if let Some(comma) = qualifier_aside(after, &e.rule.ends_before, rules) {
            end = from + m.end() + comma;
        }
        parts.push((start..end, action[m.range()].to_string()));
    }
    parts.sort_by_key(|(r, _)| r.start);
    parts
}

/// Where the first coordinated infinitive ("; and to ", ", and to ", " and
/// to ", "; to ") of `s` starts: found by its "to " in one pass. The first
/// "to " that one of them ends with gives the first of them (no two
/// overlap: none holds "to").
fn next_coordinated_to(s: &str) -> Option<usize> {
    // The search is built once, not at each elaboration.
    static TO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("to "));
    TO.find_iter(s.as_bytes()).find_map(|to| {
        let before = &s.as_bytes()[..to];
        // The longest first: "; and to " starts before " and to ".
        ["; and ", ", and ", " and ", "; "]
            .iter()
            .find(|c| before.ends_with(c.as_bytes()))
            .map(|c| to - c.len())
    })
}

/// Where, in `part` (the words after an elaboration's opening), a comma
/// sets off a qualifier of one of `kinds` that a comma closes within a few
/// words, after more than three words of the part's own: ", when requested
/// by the State concerned,".
fn qualifier_aside(part: &str, kinds: &[QualifierKind], rules: &RuleSet) -> Option<usize> {
    use regex_automata::{Anchored, Input};
    if kinds.is_empty() {
        return None;
    }
    let search = rules.qualifier_search.as_ref()?;
    // After four words at least: where the part's fourth word starts is
    // found once (not the words before each comma counted).
    let after_four_words = four_words_before(part)?;
    static COMMA: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(", "));
    COMMA.find_iter(part.as_bytes()).find(|&c| {
        after_four_words(c)
            && search
                .search(&Input::new(&part[c + 2..]).anchored(Anchored::Yes))
                .is_some_and(|m| {
                    let rule = search.rules[m.pattern().as_usize()];
                    let tail = &part[c + 2 + m.end()..];
                    kinds.contains(&rules.qualifiers[rule].kind)
                        && tail
                            .find(',')
                            .is_some_and(|k| tail[..k].split_whitespace().count() <= 5)
                })
    })
}

/// Whether `s[..c]` holds four words or more (split at white space), for
/// any `c`: exactly where `c` is past the start of the fourth word of `s`.
/// None when `s` holds fewer.
fn four_words_before(s: &str) -> Option<impl Fn(usize) -> bool> {
    let fourth = s.split_whitespace().nth(3)?;
    let start = fourth.as_ptr() as usize - s.as_ptr() as usize;
    Some(move |c| c > start)
}

/// Drops "continue to", "also", "further" and the like before an action's
/// verb ("continue to consider").
fn strip_leading(action: &str) -> &str {
    let mut a = action.trim_start();
    loop {
        let before = a;
        for w in [
            "continue to ",
            "also ",
            "further ",
            "to ",
            "seriously ",
            "favourably ",
            "positively ",
            "duly ",
        ] {
            if let Some(r) = a.strip_prefix(w) {
                a = r;
            }
        }
        if a == before {
            return a;
        }
    }
}

/// The first deadline in `text`, and the rule that found it.
pub fn deadline(text: &str, rules: &RuleSet) -> Option<(Deadline, String)> {
    // One search of all the patterns finds the first deadline and its
    // pattern; most texts have none.
    let search = rules.deadline_search.as_ref()?;
    let m = search.find(text)?;
    let (i, j) = search.rules[m.pattern().as_usize()];
    let d = &rules.deadlines[i];
    if let Some(found) = read_deadline(d, &d.regexes[j], text, m.start(), &rules.language) {
        return Some(found);
    }
    // What it found is no deadline after all (a session that is no
    // ordinal): the first match of each pattern from there, in turn.
    let first = m.start();
    let mut best: Option<(usize, (Deadline, String))> = None;
    'rules: for d in &rules.deadlines {
        for re in &d.regexes {
            let Some(found) = re
                .with_groups()
                .and_then(|r| r.find(regex_automata::Input::new(text).range(first..)))
            else {
                continue;
            };
            if best.as_ref().is_some_and(|(p, _)| *p <= found.start()) {
                continue;
            }
            if let Some(dl) = read_deadline(d, re, text, found.start(), &rules.language) {
                best = Some((found.start(), dl));
                if found.start() == first {
                    // No later pattern can find an earlier deadline.
                    break 'rules;
                }
            }
        }
    }
    best.map(|(_, found)| found)
}

/// The deadline that pattern `re` of rule `d` matches at `at` of `text`,
/// and the rule's id; none when a session is no ordinal.
fn read_deadline(
    d: &DeadlinePattern,
    re: &LazyRegex,
    text: &str,
    at: usize,
    lang: &Language,
) -> Option<(Deadline, String)> {
    let re = re.with_groups()?;
    let mut caps = re.create_captures();
    // The match starts at `at`: the search for its groups starts there too.
    let input = regex_automata::Input::new(text)
        .range(at..)
        .anchored(regex_automata::Anchored::Yes);
    re.search_captures(&input, &mut caps);
    let whole = caps.get_match()?;
    let group = |name: &str| caps.get_group_by_name(name).map(|s| &text[s.range()]);
    let mut dl = Deadline {
        text: text[whole.range()].to_string(),
        ..Deadline::default()
    };
    if let Some(s) = group("session") {
        dl.session = Some(lang.ordinal(s)?);
    }
    if let Some(n) = group("days") {
        dl.days = lang.cardinal(n);
    }
    if let Some(n) = group("weeks") {
        dl.days = lang.cardinal(n).map(|w| w * 7);
    }
    if let Some(n) = group("months") {
        dl.months = lang.cardinal(n);
        dl.days = dl.months.map(|m| m * 30);
    }
    if let Some(n) = group("working_days") {
        dl.days = lang.cardinal(n);
        dl.working_days = true;
    }
    if let Some(d) = group("date") {
        dl.date = iso_date(d, lang);
    }
    if let Some(y) = group("year") {
        dl.year = y.parse().ok();
    }
    if let Some(r) = group("recurrence") {
        dl.recurrence = Some(r.to_lowercase());
    }
    Some((dl, format!("deadlines/{}", d.id)))
}

/// "13 October 2017" or "October 13, 2017" -> "2017-10-13".
pub fn iso_date(s: &str, lang: &Language) -> Option<String> {
    let mut parts = s.split_whitespace();
    let first = parts.next()?;
    let (day, month): (u32, u32) = match first.parse() {
        Ok(day) => (day, lang.month(parts.next()?)?),
        Err(_) => {
            let month = lang.month(first)?;
            (parts.next()?.strip_suffix(',')?.parse().ok()?, month)
        }
    };
    let year: u32 = parts.next()?.parse().ok()?;
    ((1..=31).contains(&day) && (1000..=2999).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// References in `text`: resolutions and documents by symbol, treaties by
/// name. `body` is the adopting body, to write links for "its resolution".
pub fn references(text: &str, rules: &RuleSet, body: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<(usize, Reference)> = Vec::new();
    // Symbols and resolution numbers all hold a digit; then one search of
    // all the patterns says whether any of them matches.
    let symbols = if crate::scan::next_digit(text.as_bytes()).is_some()
        && rules
            .reference_screen()
            .is_none_or(|s| s.search(&regex_automata::Input::new(text)).is_some())
    {
        &rules.references[..]
    } else {
        &[]
    };
    for r in symbols {
        for re in r.regexes.iter().filter_map(LazyRegex::with_groups) {
            for c in re.captures_iter(text) {
                let Some(m) = c
                    .get_group_by_name("ref")
                    .or_else(|| c.get_match().map(|m| m.span()))
                else {
                    continue;
                };
                let t = text[m.range()].trim().to_string();
                if out.iter().any(|(_, o)| o.text == t) {
                    continue;
                }
                let (kind, url) = match r.kind {
                    ReferencePatternKind::Document => (ReferenceKind::Document, Some(undocs(&t))),
                    ReferencePatternKind::Resolution => {
                        let before = &text[..m.start];
                        (
                            ReferenceKind::Resolution,
                            resolution_symbol(&t, before, body).map(|s| undocs(&s)),
                        )
                    }
                };
                out.push((
                    m.start,
                    Reference {
                        kind,
                        text: t,
                        id: None,
                        url,
                    },
                ));
            }
        }
    }
    for (pos, id, name) in treaties(text, rules) {
        if !out
            .iter()
            .any(|(_, o)| o.id.as_deref() == Some(id.as_str()))
        {
            out.push((
                pos,
                Reference {
                    kind: ReferenceKind::Treaty,
                    text: name,
                    id: Some(id),
                    url: None,
                },
            ));
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Treaties named in `text`: (position, instrument id, the words used).
pub fn treaties(text: &str, rules: &RuleSet) -> Vec<(usize, String, String)> {
    rules
        .instrument_names
        .find_all(text)
        .filter(|(s, _, _)| text[*s..].starts_with(|c: char| c.is_uppercase()))
        .map(|(s, e, &k)| (s, rules.instruments[k].id.clone(), text[s..e].to_string()))
        .collect()
}

fn undocs(symbol: &str) -> String {
    format!("https://undocs.org/{}", symbol.replace(' ', ""))
}

/// The symbol of a resolution cited by number: "2347 (2017)" ->
/// S/RES/2347(2017); "70/1" -> A/RES/70/1; "2017/19" -> E/RES/2017/19.
/// Commission resolutions have no symbol of their own.
fn resolution_symbol(number: &str, before: &str, body: Option<&str>) -> Option<String> {
    let context: String = before
        .chars()
        .rev()
        .take(90)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let last_clause = context.rsplit([';', '.']).next().unwrap_or("");
    if last_clause.contains("Commission") || last_clause.contains("Conference") {
        return None;
    }
    if let Some((n, rest)) = number.split_once(" (") {
        return Some(format!("S/RES/{n}({}", rest));
    }
    let (session, _) = number.split_once('/')?;
    if last_clause.contains("Human Rights Council")
        || (body == Some("Human Rights Council") && last_clause.contains("its resolution"))
    {
        return Some(format!("A/HRC/RES/{number}"));
    }
    if session.len() == 4 {
        return Some(format!("E/RES/{number}"));
    }
    let n: u32 = session
        .trim_start_matches("ES-")
        .trim_start_matches("S-")
        .parse()
        .ok()?;
    (n <= 99).then(|| format!("A/RES/{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Past the fourth word's start, and only there, a prefix holds
        /// four words: as counting the words of each prefix.
        #[test]
        fn four_words_are_before_a_place_past_the_fourth_words_start(
            s in "[ab ,\t\u{a0}\u{3000}é]{0,24}",
        ) {
            let four = four_words_before(&s);
            for c in (0..=s.len()).filter(|&c| s.is_char_boundary(c)) {
                prop_assert_eq!(
                    four.as_ref().is_some_and(|f| f(c)),
                    s[..c].split_whitespace().nth(3).is_some(),
                    "{:?} at {}", s, c
                );
            }
        }
    }

    proptest! {
        /// One pass finds where the first of the four coordinated
        /// infinitives starts, as a search for each of them would.
        #[test]
        fn the_first_coordinated_infinitive_in_one_pass(
            pieces in prop::collection::vec(
                prop::sample::select(vec![";", ",", " and", " to ", "to ", "to", " ", "and ", "x", "é"]),
                0..16,
            ),
        ) {
            let s = pieces.concat();
            let each = ["; and to ", ", and to ", " and to ", "; to "]
                .iter()
                .filter_map(|c| s.find(c))
                .min();
            prop_assert_eq!(next_coordinated_to(&s), each, "{:?}", s);
        }
    }

    #[test]
    fn numbers_in_words() {
        let lang = &RuleSet::defaults().language;
        assert_eq!(lang.ordinal("seventy-third"), Some(73));
        assert_eq!(lang.ordinal("Twenty-ninth"), Some(29));
        assert_eq!(lang.ordinal("eightieth"), Some(80));
        assert_eq!(lang.ordinal("73rd"), Some(73));
        assert_eq!(lang.ordinal("session"), None);
        assert_eq!(lang.ordinal("twenty-tenth"), None);
        assert_eq!(lang.cardinal("ninety"), Some(90));
        assert_eq!(lang.cardinal("thirty-one"), Some(31));
        assert_eq!(lang.cardinal("one-two"), None);
        assert_eq!(
            iso_date("13 October 2017", lang).as_deref(),
            Some("2017-10-13")
        );
        assert_eq!(iso_date("13 Octember 2017", lang), None);
        assert_eq!(
            iso_date("July 15, 2025", lang).as_deref(),
            Some("2025-07-15")
        );
        assert_eq!(iso_date("July 15 2025", lang), None);
        assert_eq!(iso_date("July 45, 2025", lang), None);
    }

    #[test]
    fn finds_qualifiers_of_each_kind_once() {
        let rules = RuleSet::defaults();
        let text = " Member States, as appropriate and upon request, within existing resources and, \
                    where appropriate, in accordance with their national legislation, to consider \
                    ratifying";
        let (qs, ids) = qualifiers(text, "to consider ratifying", rules);
        let got: Vec<(&str, &str)> = qs
            .iter()
            .map(|q| (q.kind.as_str(), q.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("discretion", "as appropriate"),
                ("on-request", "upon request"),
                ("resources", "within existing resources"),
                (
                    "legal-framework",
                    "in accordance with their national legislation"
                ),
                ("consider", "consider ratifying"),
            ]
        );
        assert_eq!(ids.len(), qs.len());
        assert!(ids.iter().all(|i| i.starts_with("qualifiers/")));
        assert!(
            qualifiers(" Member States to act", "to act", rules)
                .0
                .is_empty()
        );
    }

    #[test]
    fn finds_deadlines() {
        let r = RuleSet::defaults();
        let (d, _) = deadline(
            "submit a report to the General Assembly at its seventy-third session on",
            r,
        )
        .unwrap();
        assert_eq!(d.session, Some(73));
        let (d, _) = deadline(
            "report to the Committee no later than 90 days from the date of adoption",
            r,
        )
        .unwrap();
        assert_eq!(d.days, Some(90));
        let (d, _) = deadline("by 31 December 2025", r).unwrap();
        assert_eq!(d.date.as_deref(), Some("2025-12-31"));
        assert!(deadline("continue to provide technical assistance", r).is_none());
        // "its next session" names no session: the deadline is the next
        // one that does, and the rule that found it says so.
        let (d, rule) =
            deadline("report at its next session, and by 2030 at the latest", r).unwrap();
        assert_eq!(
            (d.session, d.year, d.text.as_str()),
            (None, Some(2030), "by 2030")
        );
        assert_eq!(rule, "deadlines/by-year");
        let (d, rule) = deadline("report annually, at its eightieth session", r).unwrap();
        assert_eq!(
            (d.recurrence.as_deref(), rule.as_str()),
            (Some("annually"), "deadlines/recurrence")
        );
        assert!(deadline("at its next session", r).is_none());
    }

    #[test]
    fn finds_references() {
        let r = RuleSet::defaults();
        let refs = references(
            "in accordance with resolution 70/1 and Security Council resolution 2347 (2017), see A/71/114, and the United Nations Convention against Corruption",
            r,
            Some("General Assembly"),
        );
        let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "70/1",
                "2347 (2017)",
                "A/71/114",
                "United Nations Convention against Corruption"
            ]
        );
        assert_eq!(
            refs[0].url.as_deref(),
            Some("https://undocs.org/A/RES/70/1")
        );
        assert_eq!(
            refs[1].url.as_deref(),
            Some("https://undocs.org/S/RES/2347(2017)")
        );
        assert_eq!(refs[3].id.as_deref(), Some("uncac"));
    }
}
