//! Addressees: which actors a clause names, from the text between its verb
//! phrase and its action, with the actor rules: names and aliases, States by
//! name, anaphora resolved to the nearest earlier mention, misspellings
//! close to a known name, and any other named addressee as `other`.

use std::collections::HashMap;

use crate::model::ActorId;
use crate::offsets::Span;
use crate::rules::lexicon::{Token, fold, tokenize};
use crate::rules::{ActorRef, RuleSet};

mod matching;
mod unnamed;

pub use matching::subject;
use matching::*;
use unnamed::*;
pub use unnamed::{names_a_body, names_a_kind};

/// Mentions of actors that anaphora may point back to, in text order,
/// found the first time an anaphor needs them (most clauses name their
/// addressees in full).
#[derive(Debug)]
pub struct Mentions<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    actors: std::cell::RefCell<Scanned>,
    countries: std::cell::RefCell<Scanned>,
    entities: std::cell::OnceCell<Vec<(usize, usize, usize)>>,
    /// Titled mentions of a head noun ("Special Rapporteur on ..."), by
    /// head, for [`Mentions::latest_entity`].
    titled: std::cell::RefCell<HashMap<String, Heads>>,
}

/// The mentions of actors or States found so far, from the start of the
/// text: the text is read only as far as a question asks (the last anaphor
/// is often far from the end).
#[derive(Debug, Default)]
struct Scanned {
    /// (start, what it names), in text order.
    found: Vec<(usize, ActorRef)>,
    /// Where the scan stopped: every mention that starts before it is found.
    upto: usize,
}

/// The mentions of a document's clean text.
pub fn scan<'a>(rules: &'a RuleSet, text: &'a str) -> Mentions<'a> {
    Mentions {
        rules,
        text,
        actors: Default::default(),
        countries: Default::default(),
        entities: std::cell::OnceCell::new(),
        titled: Default::default(),
    }
}

impl Mentions<'_> {
    /// The latest mention before `pos` of an actor (`country` false) or a
    /// State (`country` true) that `ok` accepts.
    fn latest(
        &self,
        pos: usize,
        country: bool,
        ok: impl Fn(&ActorRef) -> bool,
    ) -> Option<(usize, ActorRef)> {
        let (cell, names) = if country {
            (&self.countries, &self.rules.country_mentions)
        } else {
            (&self.actors, &self.rules.actor_mentions)
        };
        let mut scanned = cell.borrow_mut();
        if scanned.upto < pos.min(self.text.len()) {
            let (more, upto) = names.find_between(self.text, scanned.upto, pos);
            scanned.found.extend(more.map(|(s, _, &r)| (s, r)));
            scanned.upto = upto;
        }
        let list = &scanned.found;
        let end = list.partition_point(|(p, _)| *p < pos);
        list[..end].iter().rev().find(|(_, r)| ok(r)).copied()
    }
}

impl Mentions<'_> {
    /// The latest mention before `pos` of one of the named bodies `cands`
    /// (indexes into `named_bodies`) that `head` ("Committee") may refer
    /// back to. None when a body of that kind the rules do not list was
    /// named since ("the Special Rapporteur on the situation of human
    /// rights in Myanmar"): the anaphor may mean that one.
    pub fn latest_entity(&self, pos: usize, head: &str, cands: &[usize]) -> Option<usize> {
        let list = self.entities.get_or_init(|| {
            self.rules
                .entity_mentions
                .find_all(self.text)
                .map(|(s, e, &i)| (s, e, i))
                .collect()
        });
        let mut titled = self.titled.borrow_mut();
        let heads = titled
            .entry(head.to_string())
            .or_insert_with(|| titled_mentions(self.text, head, list));
        let end = list.partition_point(|(p, _, _)| *p < pos);
        let &(_, stop, k) = list[..end]
            .iter()
            .rev()
            .find(|(_, _, i)| cands.contains(i) && !heads.contrasted.contains(i))?;
        let later = heads.titled.partition_point(|p| *p < stop);
        let unlisted = heads.titled.get(later).is_some_and(|p| *p < pos);
        (!unlisted).then_some(k)
    }
}

/// The mentions of a head noun outside the listed names.
#[derive(Debug, Default)]
struct Heads {
    /// Starts of mentions with a title of their own.
    titled: Vec<usize>,
    /// Bodies named beside the bare anaphor, after it in one paragraph
    /// ("cooperation among the Committee, the Counter-Terrorism Committee
    /// and the Committee established pursuant to resolution 1540 (2004)"):
    /// the document's "the Committee" is another one.
    contrasted: Vec<usize>,
}

/// Where `head` ("Special Rapporteur") is named with a title of its own
/// ("Special Rapporteur on ...", "Libya Sanctions Committee") outside the
/// names in `listed` (start, end, body): the start of each such mention.
fn titled_mentions(text: &str, head: &str, listed: &[(usize, usize, usize)]) -> Heads {
    const AFTER: &[&str] = &[
        " on ",
        " of ",
        " for ",
        " established",
        " pursuant",
        " against ",
        " concerning ",
    ];
    let mut out = Heads::default();
    let mut bare: Vec<usize> = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), head) {
        let inside = {
            let i = listed.partition_point(|(s, _, _)| *s <= at);
            i > 0 && listed[i - 1].1 > at
        };
        if inside {
            continue;
        }
        let rest = &text[at + head.len()..];
        let before = text[..at].trim_end();
        let word_before = before.split_whitespace().next_back().unwrap_or("");
        let named_before = word_before.chars().next().is_some_and(char::is_uppercase)
            && !matches!(word_before, "The" | "the");
        // "Special Rapporteur on the situation of human rights in Myanmar",
        // not "the Forum on the implementation of ...": a title names
        // something (a capital or a number) before the phrase ends.
        let titled_after = |a: &&str| {
            let Some(tail) = rest.strip_prefix(*a) else {
                return false;
            };
            if !a.ends_with(' ') {
                return true;
            }
            let mut words = tail
                .split([',', ';', '.', '('])
                .next()
                .unwrap_or("")
                .split(' ')
                .take_while(|w| *w != "to")
                .take(8);
            let named = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            // "Commission of Inquiry", not "the provision by the
            // Commission of advice and remarks to the General Assembly".
            if *a == " of " {
                words.next().is_some_and(named)
            } else {
                words.any(named)
            }
        };
        if AFTER.iter().any(titled_after) || named_before {
            out.titled.push(at);
        } else if matches!(word_before, "the" | "The") {
            bare.push(at);
        }
    }
    for &(start, _, k) in listed {
        let line = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let i = bare.partition_point(|p| *p < line);
        let Some(&b) = bare.get(i).filter(|p| **p < start) else {
            continue;
        };
        // "the secretariat of the Forum, ..., the United Nations Forum on
        // Forests" names the body the anaphor already meant: no contrast.
        let before = listed.partition_point(|(s, _, _)| *s < b);
        let meant = before.checked_sub(1).map(|j| listed[j].2);
        if meant != Some(k) && !out.contrasted.contains(&k) {
            out.contrasted.push(k);
        }
    }
    out
}

/// The entity id of an addressee text of actor `other` at clean-text
/// position `pos`: a named body named in it ("the Director General of the
/// IAEA"), else the body an anaphor ("the Committee") refers back to.
pub fn entity_of(
    text: &str,
    pos: usize,
    rules: &RuleSet,
    mentions: &Mentions<'_>,
) -> Option<String> {
    let toks = tokenize(text, 0);
    for i in 0..toks.len() {
        if let Some((_, ActorRef::Named(k))) = rules.actor_lexicon.longest(&toks, i) {
            return Some(rules.named_bodies[*k].id.clone());
        }
    }
    let mut i = 0;
    while let Some((n, _)) = rules.determiners.longest(&toks, i) {
        i += n;
    }
    // Only an anaphor that is the whole addressee ("the Committee", not
    // "the Committee on the Rights of the Child").
    for from in [0, i] {
        if let Some((n, cands)) = rules.entity_anaphora.longest(&toks, from)
            && from + n == toks.len()
        {
            let head = toks[from..]
                .iter()
                .skip_while(|t| !t.is_capitalized())
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ");
            // "the committee" in lower case names no body: a common noun.
            if head.is_empty() {
                return None;
            }
            let k = mentions.latest_entity(pos, &head, cands)?;
            return Some(rules.named_bodies[k].id.clone());
        }
    }
    None
}

/// What the classifier knows about the document while it reads addressees.
pub struct Context<'a> {
    pub rules: &'a RuleSet,
    pub clean: &'a str,
    pub mentions: &'a Mentions<'a>,
    /// Abbreviations the document declares: ("CAR", the Central African
    /// Republic).
    pub aliases: &'a [(String, ActorRef)],
}

/// The abbreviations a document declares after a known name: "the Central
/// African Republic (CAR)", "the United Nations Office on Drugs and Crime
/// (UNODC)".
pub fn declared_aliases(text: &str, rules: &RuleSet) -> Vec<(String, ActorRef)> {
    let mut out: Vec<(String, ActorRef)> = Vec::new();
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'(', &b[from..]) {
        let open = from + k + 1;
        from = open;
        // Only "Name (ABBR)", with a space before the bracket.
        if open < 2 || b[open - 2] != b' ' {
            continue;
        }
        // An abbreviation of 2 to 10 characters: look no further for ")".
        let near = &b[open..(open + 11).min(b.len())];
        let close = match near.iter().position(|&c| c == b')') {
            Some(c) if c >= 2 => open + c,
            _ => continue,
        };
        let abbr = &text[open..close];
        if !abbr.chars().all(|c| c.is_ascii_uppercase() || c == '-')
            || out.iter().any(|(a, _)| a == abbr)
        {
            continue;
        }
        // The known name that ends right before " (".
        let start = crate::offsets::floor_boundary(text, (open - 2).saturating_sub(90));
        let window = &text[start..open - 2];
        let toks = tokenize(window, start);
        let found = (0..toks.len()).find_map(|i| {
            let (n, r) = rules.actor_lexicon.longest(&toks, i)?;
            (toks[i + n - 1].end == open - 2).then_some(*r)
        });
        if let Some(r) = found
            && !matches!(r, ActorRef::Named(_))
        {
            out.push((abbr.to_string(), r));
        }
    }
    out
}

/// Does `text` (an addressee phrase) start, after its determiners, with a
/// name: a capitalised word or a name the rules know ("civil society")?
pub fn starts_with_name(text: &str, ctx: &Context<'_>) -> bool {
    let toks = tokenize(text, 0);
    let mut i = 0;
    while let Some((n, _)) = ctx.rules.determiners.longest(&toks, i) {
        i += n;
    }
    toks.get(i).is_some_and(|t| t.is_capitalized())
        // "1540 Committee experts"
        || toks.get(i).is_some_and(Token::is_number)
            && toks.get(i + 1).is_some_and(|t| t.is_capitalized())
        || ctx
            .rules
            .actor_lexicon
            .longest(&toks, i)
            .is_some_and(|(_, r)| !matches!(r, ActorRef::Named(_)))
}

/// One addressee of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub actor: ActorId,
    pub text: String,
    /// Clean-text range of the addressee phrase.
    pub span: Span,
    /// Which rule named it (for `--explain`).
    pub how: String,
    /// `not-yet-done`, or the words of a restriction; and the rule.
    pub condition: Option<(String, String)>,
    /// The instrument of `States parties to <instrument>`.
    pub instrument: Option<String>,
    /// For anaphora: where the actor meant was last named (clean offset).
    pub antecedent: Option<usize>,
}

/// Does the token after a name (none: the end) end the name?
fn is_boundary(t: Option<&Token<'_>>, rules: &RuleSet) -> bool {
    t.is_none_or(|t| rules.language.addressee_boundaries.contains(t.text) || t.text == ":")
}

/// Whether "as well as" starts at token `k`.
fn as_well_as(toks: &[Token<'_>], k: usize) -> bool {
    toks.get(k..k + 3)
        .is_some_and(|w| w[0].text == "as" && w[1].text == "well" && w[2].text == "as")
}

/// A span of tokens inside a bracket or relative clause.
fn inside(ranges: &[Span], pos: usize) -> bool {
    ranges.iter().any(|r| r.start <= pos && pos < r.end)
}

/// Reads the addressees in `head` (clean-text offset `base`); `groups` and
/// `relatives` are clean-text ranges from the clause grammar. `previous`
/// resolves pronouns ("requests them to").
// Long on purpose: one left-to-right scan of the addressee phrase whose state
// (the current addressee, separators, brackets, relative clauses) every step
// reads; split up, each part would take and return all of it.
pub fn addressees(
    head: &str,
    base: usize,
    groups: &[Span],
    relatives: &[Span],
    ctx: &Context<'_>,
    previous: &[Addressee],
) -> Vec<Addressee> {
    let toks = tokenize(head, base);
    let mut out: Vec<Addressee> = Vec::new();
    let mut i = 0;
    let top_sep = |t: &Token<'_>| {
        matches!(t.text, "," | ";")
            && !inside(groups, t.start)
            && !inside(relatives, t.start)
            // "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)": a
            // comma before a number divides the references of one name.
            && !toks
                .binary_search_by_key(&t.start, |x| x.start)
                .is_ok_and(|k| toks.get(k + 1).is_some_and(Token::is_number))
    };
    let skip_to_comma = |mut i: usize| {
        while i < toks.len() && !top_sep(&toks[i]) {
            i += 1;
        }
        i
    };
    while i < toks.len() {
        let t = toks[i];
        if matches!(t.text, "," | ";" | "and" | "or") || inside(relatives, t.start) {
            i += 1;
            continue;
        }
        // "..., as well as civil society": another addressee.
        if as_well_as(&toks, i) {
            i += 3;
            continue;
        }
        if inside(groups, t.start) || t.text == "(" {
            // A parenthesis names no new addressee.
            i += 1;
            continue;
        }
        if ctx.rules.addressee_ends.longest(&toks, i).is_some() {
            break;
        }
        if matches!(t.text, "them" | "it" | "him" | "her" | "those")
            && (i + 1 == toks.len() || top_sep(&toks[i + 1]))
        {
            for p in previous {
                let mut a = p.clone();
                a.text = t.text.to_string();
                a.span = Span::new(t.start, t.end);
                a.how = format!("pronoun: {} -> {}", t.text, p.actor);
                out.push(a);
            }
            i += 1;
            continue;
        }
        if let Some((n, _)) = ctx.rules.partners.longest(&toks, i) {
            // A means ends at the next comma, and an addressee added with
            // "as well as" may follow it: "Member States, including through
            // central authorities, as well as the Office, to share ...".
            let means = matches!(toks[i + n - 1].text, "through" | "via");
            let j = skip_to_comma(i);
            if means && as_well_as(&toks, j + 1) {
                i = j;
                continue;
            }
            // Partners run to the action: "in close collaboration with A, B
            // and C, to organize ..." names no addressee after "with".
            break;
        }
        if ctx
            .rules
            .language
            .not_addressee_starts
            .contains_any_case(t.text)
            || (t.text.ends_with("ing") && !t.is_capitalized())
        {
            i = skip_to_comma(i);
            continue;
        }
        // "regional, intergovernmental and non-governmental organizations":
        // adjectives joined before one noun name one group.
        if let Some((k, kinds)) = coordinated_organizations(&toks, i, &top_sep) {
            let span = Span::new(toks[i].start, toks[k - 1].end);
            let text = span.of(ctx.clean).trim().to_string();
            for id in kinds {
                out.push(Addressee {
                    actor: ActorId::new(id),
                    text: text.clone(),
                    span,
                    how: format!("organizations named by their kinds -> {id}"),
                    condition: None,
                    instrument: None,
                    antecedent: None,
                });
            }
            i = k;
            continue;
        }
        let (end, found) = match match_actor(&toks, i, ctx) {
            Some((k, actor, how, instrument)) => (k, Some((actor, how, instrument))),
            None => (unknown_end(&toks, i, &top_sep, relatives, ctx.rules), None),
        };
        // The phrase runs on to the next separator: relative clauses and
        // lowercase words that restrict it ("Member States that have not yet
        // done so", "countries affected").
        let mut k = end;
        // "all parties to armed conflict in the CAR", "the secretariat of the
        // Trust Fund": a name after "in", "of" or "from" belongs to the
        // phrase, up to its last capitalised word.
        let mut in_name = false;
        while k < toks.len()
            && !top_sep(&toks[k])
            && (!matches!(toks[k].text, "and" | "or")
                || inside(relatives, toks[k].start)
                || in_name
                // "resolutions 1267 (1999) and 2253 (2015)", not "CTED and
                // 1540 Committee experts"
                || toks.get(k + 1).is_some_and(Token::is_number)
                    && !toks.get(k + 2).is_some_and(Token::is_capitalized))
        {
            let place = |j: usize| {
                j > 0 && matches!(toks[j - 1].text, "in" | "of" | "from" | "within" | "on")
            };
            let t = &toks[k];
            if t.is_capitalized() {
                in_name |= place(k) || (k > 0 && toks[k - 1].text == "the" && place(k - 1));
                if !in_name && !inside(relatives, t.start) && found.is_some() {
                    break;
                }
            } else if !matches!(t.text, "of" | "and" | "the" | "for" | "on" | "-") {
                in_name = false;
            } else if in_name
                && !toks
                    .get(k + 1)
                    .is_some_and(|n| n.is_capitalized() || n.text == "the")
            {
                // "... of the Trust Fund and Member States": the name ends.
                in_name = false;
                if matches!(t.text, "and") {
                    break;
                }
            }
            k += 1;
        }
        // "States parties to A of 1988, B and C": the treaties listed after
        // the first belong to the phrase; they are not addressees.
        if matches!(&found, Some((_, _, Some(_)))) {
            while let Some(next) = matching::further_instrument(&toks, k, ctx) {
                k = next;
            }
        }
        let span = Span::new(toks[i].start, toks[k.max(i + 1) - 1].end);
        let text = span.of(ctx.clean).trim().to_string();
        let rel_text = relatives
            .iter()
            .find(|r| r.start >= span.start && r.start < span.end)
            .map(|r| r.of(ctx.clean).trim_end_matches([',', ' ']).to_string());
        let condition = condition_of(&text, rel_text.as_deref(), ctx.rules);
        match found {
            Some((actor, how, instrument)) => out.push(Addressee {
                antecedent: antecedent_of(&how),
                actor,
                text,
                span,
                how,
                condition,
                instrument,
            }),
            None => {
                if let Some(a) = unknown(&toks[i..end.max(i + 1)], span, text, condition, ctx) {
                    out.push(a);
                }
            }
        }
        i = k.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(head: &str) -> Vec<(String, String)> {
        let rules = RuleSet::defaults();
        let mentions = scan(rules, head);
        let ctx = Context {
            rules,
            clean: head,
            mentions: &mentions,
            aliases: &[],
        };
        addressees(head, 0, &[], &[], &ctx, &[])
            .into_iter()
            .map(|a| (a.actor.0, a.text))
            .collect()
    }

    #[test]
    fn splits_and_names_addressees() {
        assert_eq!(
            names(
                "Member States and relevant international organizations, in cooperation with the United Nations crime prevention programme,"
            ),
            [
                ("member-states".to_string(), "Member States".to_string()),
                (
                    "international-organizations".to_string(),
                    "relevant international organizations".to_string()
                )
            ]
        );
        assert_eq!(names("the Secretary-General")[0].0, "secretary-general");
        assert_eq!(names("the United Office on Drugs and Crime")[0].0, "unodc");
        assert_eq!(names("States and other interested parties")[1].0, "other");
        assert_eq!(names("the Government of Iraq")[0].0, "country:iraq");
        assert_eq!(
            names(
                "the international community, regional organizations and the United Nations system"
            )
            .into_iter()
            .map(|a| a.0)
            .collect::<Vec<_>>(),
            ["other", "international-organizations", "un-system"]
        );
    }

    #[test]
    fn anaphora_resolve_to_the_nearest_mention() {
        let text = "the United Nations Office on Drugs and Crime did well; the Office";
        let rules = RuleSet::defaults();
        let mentions = scan(rules, text);
        let ctx = Context {
            rules,
            clean: text,
            mentions: &mentions,
            aliases: &[],
        };
        let at = text.rfind("the Office").unwrap();
        let a = addressees(&text[at..], at, &[], &[], &ctx, &[]);
        assert_eq!(a[0].actor.0, "unodc");
        assert!(a[0].how.starts_with("anaphora"));
    }

    #[test]
    fn security_council_committee_is_not_the_council() {
        assert_eq!(
            names("the Security Council Committee established pursuant to resolution 1267 (1999)")
                [0]
            .0,
            "other"
        );
    }

    /// The edit distance of two words, letter by letter: what
    /// [`matching::one_letter_apart`] answers for a distance of one.
    fn edit_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(x != y))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        /// The antecedent's place is the number after the last " @", as
        /// splitting at it reads it.
        #[test]
        fn the_antecedent_is_read_after_the_last_space_and_at(
            parts in proptest::collection::vec("[a@ é]{0,3}|[0-9]{1,3}| @[0-9]{0,3}", 0..6),
        ) {
            let how = parts.concat();
            proptest::prop_assert_eq!(
                matching::antecedent_of(&how),
                how.rsplit_once(" @").and_then(|(_, n)| n.parse::<usize>().ok()),
                "{:?}", how
            );
        }

        #[test]
        fn one_letter_apart_is_an_edit_distance_of_one(
            a in "[abé’]{0,7}",
            b in "[abé’]{0,7}",
        ) {
            proptest::prop_assert_eq!(
                matching::one_letter_apart(&a, &b),
                edit_distance(&a, &b) == 1,
                "{:?} {:?}", a, b
            );
        }
    }

    #[test]
    fn words_distance() {
        let a: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let b: Vec<String> = ["a", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(word_distance(&a, &b), 1);
    }
}
