//! Addressees: which actors a clause names, from the text between its verb
//! phrase and its action, with the actor rules: names and aliases, States by
//! name, anaphora resolved to the nearest earlier mention, misspellings
//! close to a known name, and any other named addressee as `other`.

use crate::model::ActorId;
use crate::offsets::Span;
use crate::rules::lexicon::{Token, fold, tokenize};
use crate::rules::{ActorRef, RuleSet};

/// Mentions of actors that anaphora may point back to, in text order,
/// found the first time an anaphor needs them (most clauses name their
/// addressees in full).
#[derive(Debug)]
pub struct Mentions<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    actors: std::cell::OnceCell<Vec<(usize, ActorRef)>>,
    countries: std::cell::OnceCell<Vec<(usize, ActorRef)>>,
}

/// The mentions of a document's clean text.
pub fn scan<'a>(rules: &'a RuleSet, text: &'a str) -> Mentions<'a> {
    Mentions {
        rules,
        text,
        actors: std::cell::OnceCell::new(),
        countries: std::cell::OnceCell::new(),
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
    ) -> Option<(usize, &ActorRef)> {
        let (cell, names) = if country {
            (&self.countries, &self.rules.country_mentions)
        } else {
            (&self.actors, &self.rules.actor_mentions)
        };
        let list = cell.get_or_init(|| {
            names
                .find_all(self.text)
                .map(|(s, _, r)| (s, r.clone()))
                .collect()
        });
        let end = list.partition_point(|(p, _)| *p < pos);
        list[..end]
            .iter()
            .rev()
            .find(|(_, r)| ok(r))
            .map(|(p, r)| (*p, r))
    }
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
            (toks[i + n - 1].end == open - 2).then(|| r.clone())
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
        || ctx
            .rules
            .actor_lexicon
            .longest(&toks, i)
            .is_some_and(|(_, r)| !matches!(r, ActorRef::Named(_)))
}

/// Modal verbs between a subject and its action ("that all States shall
/// ...").
pub const MODALS: &[&str] = &["shall", "should", "must", "will", "may"];

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

/// Words that may follow an addressee's name without being part of it.
const BOUNDARY: &[&str] = &[
    ",",
    ";",
    "and",
    "or",
    "that",
    "which",
    "who",
    "whose",
    "where",
    "in",
    "within",
    "with",
    "as",
    "when",
    "upon",
    "on",
    "at",
    "through",
    "including",
    "especially",
    "particularly",
    "inter",
    "(",
    "of",
    "concerned",
    "also",
    "while",
    "to",
    "for",
    "from",
    "among",
    "acting",
    "not",
    "individually",
    "collectively",
    "jointly",
    "together",
    "themselves",
    "itself",
    "both",
    "alike",
    "are",
    "is",
    "if",
    "wherever",
    "whenever",
    "by",
];

/// Words that open a phrase which names no addressee (qualifiers, partners,
/// circumstances): "when appropriate", "in cooperation with ...".
const NOT_ADDRESSEE: &[&str] = &[
    "in",
    "within",
    "when",
    "where",
    "as",
    "upon",
    "on",
    "at",
    "including",
    "through",
    "while",
    "with",
    "without",
    "by",
    "for",
    "inter",
    "if",
    "bearing",
    "taking",
    "also",
    "acting",
    "after",
    "before",
    "consistent",
    "pursuant",
    "subject",
    "particularly",
    "especially",
    "notably",
    "inter alia",
    "once",
    "again",
    "further",
    "strongly",
    "urgently",
    "therefore",
    "to",
];

fn is_boundary(t: Option<&Token<'_>>) -> bool {
    t.is_none_or(|t| BOUNDARY.contains(&t.text) || t.text == ":")
}

/// A span of tokens inside a bracket or relative clause.
fn inside(ranges: &[Span], pos: usize) -> bool {
    ranges.iter().any(|r| r.start <= pos && pos < r.end)
}

/// Reads the addressees in `head` (clean-text offset `base`); `groups` and
/// `relatives` are clean-text ranges from the clause grammar. `previous`
/// resolves pronouns ("requests them to").
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
        if t.text == "as"
            && toks.get(i + 1).is_some_and(|x| x.text == "well")
            && toks.get(i + 2).is_some_and(|x| x.text == "as")
        {
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
        if ctx.rules.partners.longest(&toks, i).is_some() {
            // Partners run to the action: "in close collaboration with A, B
            // and C, to organize ..." names no addressee after "with".
            break;
        }
        if NOT_ADDRESSEE.iter().any(|w| w.eq_ignore_ascii_case(t.text))
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
                // "resolutions 1267 (1999) and 2253 (2015)"
                || toks.get(k + 1).is_some_and(Token::is_number))
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

/// Kinds of organization named by coordinated adjectives before one noun:
/// "other relevant subregional, regional and international organizations",
/// "regional, intergovernmental and non-governmental organizations". Returns
/// where the phrase ends and the actor ids it names.
fn coordinated_organizations(
    toks: &[Token<'_>],
    i: usize,
    top_sep: &impl Fn(&Token<'_>) -> bool,
) -> Option<(usize, Vec<&'static str>)> {
    const NOUNS: &[&str] = &[
        "organizations",
        "organisations",
        "bodies",
        "institutions",
        "entities",
        "agencies",
    ];
    const ADJECTIVES: &[&str] = &[
        "international",
        "regional",
        "subregional",
        "intergovernmental",
        "non-governmental",
        "nongovernmental",
        "multilateral",
        "interregional",
        "national",
        "local",
        "relevant",
        "other",
        "concerned",
        "competent",
        "all",
        "the",
        "specialized",
        "financial",
        "humanitarian",
        "development",
    ];
    let mut k = i;
    let mut adjectives = 0;
    let mut joins = 0;
    while let Some(t) = toks.get(k) {
        if NOUNS.contains(&t.text) {
            break;
        }
        if matches!(t.text, "," | "and" | "or") {
            joins += 1;
        } else if ADJECTIVES.contains(&t.text) {
            adjectives += 1;
        } else {
            return None;
        }
        if top_sep(t)
            && !toks
                .get(k + 1)
                .is_some_and(|n| n.text.chars().all(|c| c.is_lowercase() || c == '-'))
        {
            return None;
        }
        k += 1;
    }
    if joins == 0 || adjectives < 2 || k >= toks.len() {
        return None;
    }
    let words: Vec<&str> = toks[i..k].iter().map(|t| t.text).collect();
    let has = |w: &str| words.contains(&w);
    let mut kinds = Vec::new();
    if [
        "international",
        "regional",
        "subregional",
        "intergovernmental",
        "multilateral",
        "interregional",
    ]
    .iter()
    .any(|w| has(w))
    {
        kinds.push("international-organizations");
    }
    if has("non-governmental") || has("nongovernmental") || has("civil") {
        kinds.push("civil-society");
    }
    (!kinds.is_empty()).then_some((k + 1, kinds))
}

/// The end of an unknown noun phrase starting at `i`: the next separator
/// (or "and") outside relative clauses.
fn unknown_end(
    toks: &[Token<'_>],
    i: usize,
    top_sep: &impl Fn(&Token<'_>) -> bool,
    relatives: &[Span],
    rules: &RuleSet,
) -> usize {
    let mut k = i;
    while k < toks.len() {
        let t = &toks[k];
        // "and" between capitalised words inside a name ("Office on Drugs
        // and Crime") does not divide it.
        let names_next = rules
            .actor_lexicon
            .longest(toks, k + 1)
            .is_some_and(|(n, _)| is_boundary(toks.get(k + 1 + n)));
        let inner_and = k > i
            && ((toks[k - 1].is_capitalized()
                && toks.get(k + 1).is_some_and(|n| n.is_capitalized())
                && !names_next)
                // "troop- and police-contributing countries"
                || toks[k - 1].text.ends_with('-')
                // "pursuant to resolutions 1267 (1999) and 2253 (2015)"
                || toks.get(k + 1).is_some_and(Token::is_number));
        if top_sep(t)
            || (matches!(t.text, "and" | "or") && !inside(relatives, t.start) && !inner_and)
        {
            break;
        }
        if k > i && matches!(t.text, "that" | "which" | "who") {
            break;
        }
        k += 1;
    }
    k.max(i + 1)
}

/// An addressee not in the rules: a misspelling of a known name, or another
/// named addressee (`other`) when the phrase looks like a name.
fn unknown(
    toks: &[Token<'_>],
    span: Span,
    text: String,
    condition: Option<(String, String)>,
    ctx: &Context<'_>,
) -> Option<Addressee> {
    let mut j = 0;
    if let Some((n, _)) = ctx.rules.determiners.longest(toks, 0) {
        j = n;
    }
    let core = &toks[j.min(toks.len())..];
    if core.is_empty() {
        return None;
    }
    if let Some((actor, name)) = fuzzy(core, ctx.rules) {
        return Some(Addressee {
            actor,
            text,
            span,
            how: format!("fuzzy: close to \"{name}\""),
            condition,
            instrument: None,
            antecedent: None,
        });
    }
    let words: Vec<&Token<'_>> = core.iter().filter(|t| !t.is_punct()).collect();
    let first = core[0];
    if words.is_empty()
        || words.len() > 14
        || first.is_punct()
        || first.text.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    // The head noun: the last word before "of", "in" or the end.
    let head = core
        .iter()
        .position(|t| {
            matches!(
                t.text,
                "of" | "in" | "from" | "with" | "that" | "which" | "who"
            )
        })
        .filter(|&p| p > 0)
        .map_or(words.last().copied(), |p| {
            core[..p].iter().rev().find(|t| !t.is_punct())
        });
    let head_is = |lex: &crate::rules::lexicon::Lexicon<()>| {
        head.is_some_and(|h| lex.longest(std::slice::from_ref(h), 0).is_some())
    };
    // "neighbouring States", "troop-contributing countries": States.
    if head_is(&ctx.rules.state_nouns) {
        return Some(Addressee {
            actor: ActorId::new("member-states"),
            text,
            span,
            how: "a kind of State (rules: state_nouns)".into(),
            condition,
            instrument: None,
            antecedent: None,
        });
    }
    let named = first.is_capitalized() || j > 0 || head_is(&ctx.rules.addressee_nouns);
    if !named {
        return None;
    }
    Some(Addressee {
        actor: ActorId::other(),
        text,
        span,
        how: "other: a named addressee not in the rules".into(),
        condition,
        instrument: None,
        antecedent: None,
    })
}

/// A known actor named at token `i`: its end, id, how it was found and the
/// instrument of "States parties to ...".
fn match_actor(
    toks: &[Token<'_>],
    i: usize,
    ctx: &Context<'_>,
) -> Option<(usize, ActorId, String, Option<String>)> {
    let rules = ctx.rules;
    // Anaphora ("the Office") resolve to the nearest earlier mention.
    if let Some((n, cands)) = rules.anaphora.longest(toks, i)
        && anaphor_ends(toks, i + n)
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
                let id = rules.actor_id(r);
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
        && anaphor_ends(toks, i + n)
        && let Some((_, r)) = ctx
            .mentions
            .latest(toks[i].start, true, |r| matches!(r, ActorRef::Country(_)))
    {
        let id = rules.actor_id(r);
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
        Some((n, r)) => (n, r.clone()),
        None => {
            let (n, r) = doc_alias(toks, j, ctx)?;
            (n, r)
        }
    };
    let mut end = j + n;
    let id = rules.actor_id(&r);
    let how = match r {
        ActorRef::Actor(_) => format!("actors/{id}"),
        ActorRef::Country(_) => format!("countries/{}", &id[8..]),
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
        || !is_boundary(toks.get(end))
            && toks.get(end).is_some_and(|t| t.is_punct() && t.text != ",")
    {
        return None;
    }
    Some((end, ActorId::new(id), how, instrument))
}

/// An abbreviation the document declared ("the Central African Republic
/// (CAR)") at token `j`.
fn doc_alias(toks: &[Token<'_>], j: usize, ctx: &Context<'_>) -> Option<(usize, ActorRef)> {
    let t = toks.get(j)?;
    ctx.aliases
        .iter()
        .find(|(a, _)| a == t.text)
        .map(|(_, r)| (1, r.clone()))
}

/// The position an anaphora explanation carries ("... @1234").
fn antecedent_of(how: &str) -> Option<usize> {
    how.rsplit_once(" @").and_then(|(_, n)| n.parse().ok())
}

/// An anaphor must end its phrase: "the Office" but not "the Office of
/// Counter-Terrorism".
fn anaphor_ends(toks: &[Token<'_>], k: usize) -> bool {
    match toks.get(k) {
        None => true,
        Some(t) if t.text == "of" => !toks
            .get(k + 1)
            .is_some_and(|n| n.is_capitalized() || n.text == "the"),
        Some(t) => !t.is_capitalized() && (is_boundary(Some(t)) || t.is_punct()),
    }
}

/// The instrument named after "States parties to": a known treaty name, or
/// the capitalised title that follows ("the Protocol against the Illicit
/// Manufacturing of and Trafficking in Firearms, Their Parts ...").
fn instrument_after(toks: &[Token<'_>], k: usize, ctx: &Context<'_>) -> (usize, String) {
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
        let treaty_noun = |w: &str| {
            matches!(
                w,
                "conventions"
                    | "convention"
                    | "protocols"
                    | "protocol"
                    | "instruments"
                    | "instrument"
                    | "treaties"
                    | "treaty"
                    | "agreements"
            )
        };
        // "those conventions and protocols", "the Protocols thereto"
        let plural = treaty_noun(t.text)
            || (t.text == "thereto" && end > j)
            || (t.text == "and"
                && end > j
                && toks.get(end + 1).is_some_and(|n| treaty_noun(n.text)));
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

fn span_text(toks: &[Token<'_>], from: usize, to: usize, clean: &str) -> String {
    if from >= to || to > toks.len() {
        return String::new();
    }
    clean[toks[from].start..toks[to - 1].end].to_string()
}

/// A known actor whose name is misspelled in `core`: one word missing,
/// added or changed in a name of four words or more ("the United Office on
/// Drugs and Crime"), or, in a shorter name, a letter or two ("Members
/// States").
fn fuzzy(core: &[Token<'_>], rules: &RuleSet) -> Option<(ActorId, String)> {
    let words: Vec<String> = core
        .iter()
        .filter(|t| !t.is_punct())
        .map(|t| fold(t.text))
        .collect();
    if words.len() < 2 || !core[0].is_capitalized() {
        return None;
    }
    // Candidates in a fixed order (the lexicon is a hash map): closest
    // first, then the longest name, then alphabetical.
    let mut found: Vec<(usize, std::cmp::Reverse<usize>, String, ActorId)> = Vec::new();
    // Only names one word shorter or longer, or as long, can be close.
    let candidates = (words.len() - 1..=words.len() + 1)
        .filter_map(|n| rules.names_by_length.get(n))
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
fn letter_distance(a: &[String], b: &[String]) -> usize {
    let mut total = 0;
    for (x, y) in a.iter().zip(b) {
        if x == y {
            continue;
        }
        if x.len().abs_diff(y.len()) > 1 || x.chars().count() < 5 || y.chars().count() < 5 {
            return usize::MAX;
        }
        let d = char_distance(x, y);
        if d > 1 {
            return usize::MAX;
        }
        total += d;
    }
    total
}

fn char_distance(a: &str, b: &str) -> usize {
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

/// Edit distance between two word sequences, counting whole words.
fn word_distance(a: &[String], b: &[String]) -> usize {
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
fn condition_of(text: &str, relative: Option<&str>, rules: &RuleSet) -> Option<(String, String)> {
    for c in &rules.conditions {
        if let Some(m) = c.regex.find(text) {
            let value = c.kind.clone().unwrap_or_else(|| m.as_str().to_string());
            return Some((value, format!("conditions/{}", c.id)));
        }
    }
    relative.map(|r| (r.to_string(), "relative clause".to_string()))
}

/// A subject named by a head noun of the rules, after its determiners and
/// up to three lowercase words: "other organizations", "armed groups",
/// "the exporting States". Its end (in tokens), actor and rule.
fn noun_subject(toks: &[Token<'_>], ctx: &Context<'_>) -> Option<(usize, ActorId, String)> {
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
        MODALS.contains(&t.text)
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

    #[test]
    fn words_distance() {
        let a: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let b: Vec<String> = ["a", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(word_distance(&a, &b), 1);
    }
}
