//! One actor at a token: the name rules (names, aliases, anaphora, States
//! by name and "States parties to" an instrument), close misspellings, and
//! the subject of a "that" clause -> the actor's id, its extent and how it
//! was found.

use super::*;

/// A known actor named at token `i`: its end, id, how it was found and the
/// instrument of "States parties to ...".
// Long on purpose: one pass over the tokens that tries each kind of name in
// order of precedence (anaphora, aliases, actor names, States by name,
// "States parties to"); the order is the logic, kept in one place.
pub(super) fn match_actor(
    toks: &[Token<'_>],
    i: usize,
    ctx: &Context<'_>,
) -> Option<(usize, ActorId, String, Option<String>)> {
    let rules = ctx.rules;
    // Anaphora ("the Office") resolve to the nearest earlier mention.
    if let Some((n, cands)) = rules.anaphora.longest(toks, i)
        && anaphor_ends(toks, i + n, rules)
    {
        let pos = toks[i].start;
        let found = ctx.mentions.latest(
            pos,
            false,
            |r| matches!(r, ActorRef::Actor(k) if cands.contains(k)),
        );
        let phrase = span_text(toks, i, i + n, ctx.clean);
        return Some(match found {
            Some((at, r)) => {
                let id = rules.actor_id(&r);
                let how = format!("anaphora: {phrase} -> {id} @{at}");
                (i + n, ActorId::new(id), how, None)
            }
            None if cands.len() == 1 => {
                let id = rules.actors[cands[0]].id.clone();
                let how = format!("anaphora: {phrase} -> {id} (the only actor so called)");
                (i + n, ActorId::new(id), how, None)
            }
            None => (
                i + n,
                ActorId::other(),
                format!("anaphora: {phrase} (no earlier mention)"),
                None,
            ),
        });
    }
    if let Some((n, _)) = rules.country_anaphora.longest(toks, i)
        && anaphor_ends(toks, i + n, rules)
        && let Some((_, r)) = ctx
            .mentions
            .latest(toks[i].start, true, |r| matches!(r, ActorRef::Country(_)))
    {
        let id = rules.actor_id(&r);
        let phrase = span_text(toks, i, i + n, ctx.clean);
        return Some((
            i + n,
            ActorId::new(id.clone()),
            format!("anaphora: {phrase} -> {id}"),
            None,
        ));
    }
    let mut j = i;
    // "the Government of (the) Sudan"
    if let Some((n, _)) = rules.country_prefixes.longest(toks, j) {
        let k = j + n + usize::from(toks.get(j + n).is_some_and(|t| t.text == "the"));
        if let Some((m, r @ ActorRef::Country(_))) = rules.actor_lexicon.longest(toks, k) {
            let id = rules.actor_id(r);
            return Some((
                k + m,
                ActorId::new(id.clone()),
                format!("countries/{}", &id[8..]),
                None,
            ));
        }
        if let Some((m, r)) = doc_alias(toks, k, ctx) {
            let id = rules.actor_id(&r);
            return Some((
                k + m,
                ActorId::new(id.clone()),
                format!("abbreviation declared in the text -> {id}"),
                None,
            ));
        }
    }
    // A name may include its determiner ("all parties"); else determiners
    // may stand before it ("all the relevant").
    let mut direct = rules.actor_lexicon.longest(toks, j);
    if let Some((n, _)) = rules.determiners.longest(toks, j) {
        let mut k = j + n;
        if let Some((n2, _)) = rules.determiners.longest(toks, k) {
            k += n2;
        }
        // "all parties to the conflict": the longer name after the
        // determiner wins over "all parties".
        let after = rules.actor_lexicon.longest(toks, k);
        match (direct, after) {
            (None, _) => j = k,
            (Some((d, _)), Some((a, _))) if k + a > j + d => {
                j = k;
                direct = None;
            }
            _ => {}
        }
    }
    // "the Libyan authorities", "the CAR Government": a demonym or an
    // abbreviation the text declared, then a noun that names the State.
    let state_word = rules
        .demonyms
        .longest(toks, j)
        .map(|(n, &c)| (n, ActorRef::Country(c), "demonym"))
        .or_else(|| {
            doc_alias(toks, j, ctx).map(|(n, r)| (n, r, "abbreviation declared in the text"))
        });
    if let Some((n, r, how)) = state_word
        && let Some((m, _)) = rules.country_nouns.longest(toks, j + n)
        && matches!(r, ActorRef::Country(_))
    {
        let id = rules.actor_id(&r);
        let end = j + n + m;
        return Some((
            end,
            ActorId::new(id.clone()),
            format!("{how} -> {id}"),
            None,
        ));
    }
    let (n, r) = match direct.or_else(|| rules.actor_lexicon.longest(toks, j)) {
        Some((n, r)) => (n, *r),
        None => {
            let (n, r) = doc_alias(toks, j, ctx)?;
            (n, r)
        }
    };
    let mut end = j + n;
    let id = rules.actor_id(&r);
    let how = match r {
        ActorRef::Actor(_) => ["actors/", id.as_str()].concat(),
        ActorRef::Country(_) => ["countries/", &id[8..]].concat(),
        ActorRef::Named(k) => format!("actors/named-bodies: {}", rules.named_bodies[k].name),
    };
    // "the Sudanese Government", "Iraq's authorities"
    if matches!(r, ActorRef::Country(_))
        && let Some((m, _)) = rules.country_nouns.longest(toks, end)
    {
        end += m;
    }
    let mut instrument = None;
    if let ActorRef::Actor(k) = r
        && rules.actors[k].instrument
        && toks.get(end).is_some_and(|t| t.text == "to")
    {
        let (iend, text) = instrument_after(toks, end + 1, ctx);
        if iend > end + 1 {
            instrument = Some(text);
            end = iend;
        }
    }
    // A capitalised word right after the name means the name is only the
    // start of a longer one ("Security Council Committee").
    if toks.get(end).is_some_and(|t| t.is_capitalized())
        || !is_boundary(toks.get(end), ctx.rules)
            && toks.get(end).is_some_and(|t| t.is_punct() && t.text != ",")
    {
        return None;
    }
    Some((end, ActorId::new(id), how, instrument))
}

/// An abbreviation the document declared ("the Central African Republic
/// (CAR)") at token `j`.
pub(super) fn doc_alias(
    toks: &[Token<'_>],
    j: usize,
    ctx: &Context<'_>,
) -> Option<(usize, ActorRef)> {
    let t = toks.get(j)?;
    ctx.aliases
        .iter()
        .find(|(a, _)| a == t.text)
        .map(|(_, r)| (1, *r))
}

/// The position an anaphora explanation carries ("... @1234").
pub(super) fn antecedent_of(how: &str) -> Option<usize> {
    // The last " @": its "@" found from the end, with no search built.
    let b = how.as_bytes();
    let at = memchr::memrchr_iter(b'@', b).find(|&k| k > 0 && b[k - 1] == b' ')?;
    how[at + 1..].parse().ok()
}

/// An anaphor must end its phrase: "the Office" but not "the Office of
/// Counter-Terrorism".
pub(super) fn anaphor_ends(toks: &[Token<'_>], k: usize, rules: &RuleSet) -> bool {
    match toks.get(k) {
        None => true,
        Some(t) if t.text == "of" => !toks
            .get(k + 1)
            .is_some_and(|n| n.is_capitalized() || n.text == "the"),
        Some(t) => !t.is_capitalized() && (is_boundary(Some(t), rules) || t.is_punct()),
    }
}

/// The instrument named after "States parties to": a known treaty name, or
/// the capitalised title that follows ("the Protocol against the Illicit
/// Manufacturing of and Trafficking in Firearms, Their Parts ...").
pub(super) fn instrument_after(toks: &[Token<'_>], k: usize, ctx: &Context<'_>) -> (usize, String) {
    let mut j = k;
    if toks
        .get(j)
        .is_some_and(|t| matches!(t.text, "the" | "those" | "these" | "that" | "this"))
    {
        j += 1;
    }
    if let Some((n, _)) = ctx.rules.instrument_lexicon.longest(toks, j) {
        return (j + n, span_text(toks, k, j + n, ctx.clean));
    }
    // A title: capitalised words with small words between them.
    let small = [
        "of",
        "and",
        "in",
        "on",
        "against",
        "the",
        "for",
        "to",
        "its",
        "their",
        "thereto",
        "Protocols",
    ];
    let mut end = j;
    while let Some(t) = toks.get(end) {
        let next_cap = toks.get(end + 1).is_some_and(|n| n.is_capitalized());
        // "those conventions and protocols", "the Protocols thereto"
        let plural = (treaty_word(t.text) && !t.is_capitalized())
            || (t.text == "thereto" && end > j)
            || (t.text == "and"
                && end > j
                && toks.get(end + 1).is_some_and(|n| treaty_word(n.text)));
        // "the Convention and Member States": a title ends before an
        // addressee.
        if matches!(t.text, "and" | ",") && names_addressee(toks, end + 1, ctx.rules) {
            break;
        }
        if t.is_capitalized()
            || (small.contains(&t.text) && next_cap)
            || (t.text == "," && next_cap)
            || plural
        {
            end += 1;
        } else {
            break;
        }
    }
    if end == j {
        return (k, String::new());
    }
    (end, span_text(toks, k, end, ctx.clean))
}

/// After the treaty of a "States parties to" phrase ending at token `k`:
/// the end of the next treaty of its list ("..., the Convention against
/// Corruption", "and the Protocols thereto"), with a year that follows a
/// name ("of 1988"); none when the list goes on with anything else.
pub(super) fn further_instrument(toks: &[Token<'_>], k: usize, ctx: &Context<'_>) -> Option<usize> {
    let year = |j: usize| {
        if toks.get(j).is_some_and(|t| t.text == "of")
            && toks.get(j + 1).is_some_and(Token::is_number)
        {
            j + 2
        } else {
            j
        }
    };
    let mut j = year(k);
    let start = j;
    while toks
        .get(j)
        .is_some_and(|t| matches!(t.text, "," | "and" | "or"))
    {
        j += 1;
    }
    if j == start || j >= toks.len() {
        return (start > k).then_some(start);
    }
    let (end, text) = instrument_after(toks, j, ctx);
    let known = {
        let mut at = j;
        if toks.get(at).is_some_and(|t| t.text == "the") {
            at += 1;
        }
        ctx.rules.instrument_lexicon.longest(toks, at).is_some()
    };
    let treaty = text
        .split_whitespace()
        .any(|w| treaty_word(w.trim_matches(|c: char| !c.is_alphanumeric())));
    (end > j && (known || treaty)).then(|| year(end))
}

/// Whether an addressee's name (not a treaty's) starts at token `at`,
/// after a determiner ("the", "all"): a look at the lexicons only.
fn names_addressee(toks: &[Token<'_>], at: usize, rules: &RuleSet) -> bool {
    let at = at + rules.determiners.longest(toks, at).map_or(0, |(n, _)| n);
    rules.actor_lexicon.longest(toks, at).is_some()
        && rules.instrument_lexicon.longest(toks, at).is_none()
        && !toks
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take(8)
            .take_while(|t| t.is_capitalized() || matches!(t.text, "of" | "against" | "on" | "the"))
            .any(|t| treaty_word(t.text))
}

/// A word that names a kind of treaty ("Convention", "protocols"), in any
/// case.
fn treaty_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "convention"
            | "conventions"
            | "protocol"
            | "protocols"
            | "covenant"
            | "covenants"
            | "treaty"
            | "treaties"
            | "statute"
            | "charter"
            | "agreement"
            | "agreements"
            | "instrument"
            | "instruments"
    )
}

pub(super) fn span_text(toks: &[Token<'_>], from: usize, to: usize, clean: &str) -> String {
    if from >= to || to > toks.len() {
        return String::new();
    }
    clean[toks[from].start..toks[to - 1].end].to_string()
}

/// A known actor whose name is misspelled in `core`: one word missing,
/// added or changed in a name of four words or more ("the United Office on
/// Drugs and Crime"), or, in a shorter name, a letter or two ("Members
/// States").
pub(super) fn fuzzy(core: &[Token<'_>], rules: &RuleSet) -> Option<(ActorId, String)> {
    if !core.first()?.is_capitalized() {
        return None;
    }
    let words: Vec<String> = core
        .iter()
        .filter(|t| !t.is_punct())
        .map(|t| fold(t.text))
        .collect();
    if words.len() < 2 {
        return None;
    }
    // Candidates in a fixed order (the lexicon is a hash map): closest
    // first, then the longest name, then alphabetical.
    let mut found: Vec<(usize, std::cmp::Reverse<usize>, String, ActorId)> = Vec::new();
    // Only names one word shorter or longer, or as long, can be close.
    let candidates = (words.len() - 1..=words.len() + 1)
        .filter_map(|n| rules.names_by_length().get(n))
        .flatten();
    for (name, r) in candidates {
        let d = if name.len() >= 4 && words.len() >= 3 && name.len().abs_diff(words.len()) <= 1 {
            word_distance(name, &words)
        } else if name.len() == words.len() && (2..4).contains(&name.len()) {
            letter_distance(name, &words)
        } else {
            continue;
        };
        if d <= 1 || (d == 2 && name.len() < 4) {
            found.push((
                d,
                std::cmp::Reverse(name.len()),
                name.join(" "),
                ActorId::new(rules.actor_id(r)),
            ));
        }
    }
    found.sort();
    let first = found.first()?;
    // Two different actors equally close: too ambiguous to guess.
    if found.iter().any(|f| f.0 == first.0 && f.3 != first.3) {
        return None;
    }
    Some((first.3.clone(), first.2.clone()))
}

/// Letters changed between two names of the same number of words, each word
/// at most one letter off and at least five letters long ("Members States"
/// -> "Member States" is 1); `usize::MAX` when they are further apart.
pub(super) fn letter_distance(a: &[String], b: &[String]) -> usize {
    let mut total = 0;
    for (x, y) in a.iter().zip(b) {
        if x == y {
            continue;
        }
        if x.len().abs_diff(y.len()) > 1
            || x.chars().count() < 5
            || y.chars().count() < 5
            || !one_letter_apart(x, y)
        {
            return usize::MAX;
        }
        total += 1;
    }
    total
}

/// Whether two words are one letter apart (an edit distance of one): a
/// letter changed, added or dropped. After their common start, what is
/// left of them is the same once that letter is passed over.
pub(super) fn one_letter_apart(a: &str, b: &str) -> bool {
    let Some(i) = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map(|((i, _), _)| i)
    else {
        // One starts with the whole other: one letter more, or none.
        return a.chars().count().abs_diff(b.chars().count()) == 1;
    };
    // The common start is the same bytes in both.
    let (a, b) = (&a[i..], &b[i..]);
    fn past_first(s: &str) -> &str {
        let mut c = s.chars();
        c.next();
        c.as_str()
    }
    past_first(a) == past_first(b) || past_first(a) == b || a == past_first(b)
}

/// Edit distance between two word sequences, counting whole words.
pub(super) fn word_distance(a: &[String], b: &[String]) -> usize {
    // One edit leaves all but one word of the shorter name in the longer:
    // most names fail this cheap test.
    let common = a.iter().filter(|w| b.contains(w)).count();
    if common + 1 < a.len().min(b.len()) {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The condition on an addressee: a condition rule's kind (or its words),
/// else the words of a relative clause restricting it.
pub(super) fn condition_of(
    text: &str,
    relative: Option<&str>,
    rules: &RuleSet,
) -> Option<(String, String)> {
    let relative = || relative.map(|r| (r.to_string(), "relative clause".to_string()));
    // The search of all the rules, compiled ahead of time, says which rule
    // matches first and where (most addressees have no condition): only
    // the rules before it need their own expression compiled.
    let first = rules.condition_screen.as_ref().map(|s| s.first(text));
    if let Some(None) = first {
        return relative();
    }
    for (k, c) in rules.conditions.iter().enumerate() {
        let found = match &first {
            Some(Some((w, at))) if **w == k => Some(at.clone()),
            _ => c.regex.lean().and_then(|r| r.find(text)).map(|m| m.range()),
        };
        if let Some(at) = found {
            let value = c.kind.clone().unwrap_or_else(|| text[at].to_string());
            return Some((value, format!("conditions/{}", c.id)));
        }
    }
    relative()
}

/// A subject named by a head noun of the rules, after its determiners and
/// up to three lowercase words: "other organizations", "armed groups",
/// "the exporting States". Its end (in tokens), actor and rule.
pub(super) fn noun_subject(
    toks: &[Token<'_>],
    ctx: &Context<'_>,
) -> Option<(usize, ActorId, String)> {
    let rules = ctx.rules;
    let mut j = 0;
    while let Some((n, _)) = rules.determiners.longest(toks, j) {
        j += n;
    }
    // "the operations ... should proceed": a bare noun after "the" is a
    // thing as often as an addressee.
    let weak = j == 0
        || (j == 1
            && matches!(
                toks[0].text,
                "the" | "The" | "its" | "their" | "these" | "those"
            ));
    for (k, t) in toks.iter().enumerate().skip(j).take(4) {
        let word = !t.is_punct() && t.text.starts_with(|c: char| c.is_lowercase());
        if k == j && weak {
            if !word {
                return None;
            }
            continue;
        }
        let one = std::slice::from_ref(t);
        if rules.state_nouns.longest(one, 0).is_some() {
            let how = "a kind of State (rules: state_nouns)".to_string();
            return Some((k + 1, ActorId::new("member-states"), how));
        }
        if rules.addressee_nouns.longest(one, 0).is_some() {
            let how = "other: a named addressee not in the rules".to_string();
            return Some((k + 1, ActorId::other(), how));
        }
        if !word {
            return None;
        }
    }
    None
}

/// The subject of a subjunctive clause ("that Member States, as appropriate,
/// adopt ..."): the addressee and where its action starts in `text`.
// Long on purpose: a subject's extent, its condition and where its action
// starts are read in one scan of the tokens after "that".
pub fn subject(text: &str, base: usize, ctx: &Context<'_>) -> Option<(Addressee, usize)> {
    let toks = tokenize(text, base);
    if toks.is_empty() {
        return None;
    }
    let (end, actor, how, instrument) = match match_actor(&toks, 0, ctx) {
        Some(m) => m,
        None => {
            // A named subject not in the rules: capitalised words with small
            // words between them ("the Special Committee").
            let mut k = usize::from(toks[0].text == "the");
            let start = k;
            let cap = |k: usize| toks.get(k).is_some_and(|n| n.is_capitalized());
            while toks.get(k).is_some_and(|t| {
                t.is_capitalized()
                    || matches!(t.text, "of" | "on" | "for" | "and" | "the")
                        && (cap(k + 1)
                            || toks.get(k + 1).is_some_and(|n| n.text == "the") && cap(k + 2))
            }) {
                k += 1;
            }
            if k == start || !toks[start].is_capitalized() {
                let (end, actor, how) = noun_subject(&toks, ctx)?;
                (end, actor, how, None)
            } else if let Some((id, name)) = fuzzy(&toks[start..k], ctx.rules) {
                (k, id, format!("fuzzy: close to \"{name}\""), None)
            } else {
                (
                    k,
                    ActorId::other(),
                    "other: a named addressee not in the rules".into(),
                    None,
                )
            }
        }
    };
    let span = Span::new(toks[0].start, toks[end - 1].end);
    let text_of = span.of(ctx.clean).to_string();
    let condition = condition_of(&text_of, None, ctx.rules);
    // Skip a parenthetical and a modal: ", as appropriate, adopt", "shall:".
    let mut k = end;
    // A parenthetical is closed by a comma and names no one: ", relevant
    // United Nations bodies, ..." and ", and ..." continue a list instead.
    if toks.get(k).is_some_and(|t| t.text == ",")
        && let Some(close) = toks[k + 1..].iter().position(|t| t.text == ",")
        && !toks
            .get(k + 1)
            .is_some_and(|t| matches!(t.text, "and" | "or"))
        && !starts_with_name(&ctx.clean[toks[k].end..toks[k + 1 + close].start], ctx)
    {
        k += close + 2;
    }
    while toks.get(k).is_some_and(|t| {
        ctx.rules.language.modals.contains(t.text)
            || matches!(t.text, "immediately" | "also" | "further" | "urgently")
    }) {
        k += 1;
    }
    // "shall immediately and completely cease": the adverbs stay together
    // in the action.
    if k > end
        && toks.get(k).is_some_and(|t| t.text == "and")
        && toks.get(k + 1).is_some_and(|t| t.text.ends_with("ly"))
        && matches!(toks[k - 1].text, "immediately" | "urgently")
    {
        k -= 1;
    }
    let action_at = toks.get(k).map_or(text.len() + base, |t| t.start) - base;
    Some((
        Addressee {
            antecedent: antecedent_of(&how),
            actor,
            text: text_of,
            span,
            how,
            condition,
            instrument,
        },
        action_at,
    ))
}
