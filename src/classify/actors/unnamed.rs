//! Addressees no actor rule names: lists of organizations ("the United
//! Nations Development Programme, the World Bank and ...") and any other
//! named body before the action -> `other` addressees with their words.

use super::*;

/// Kinds of organization named by coordinated adjectives before one noun:
/// "other relevant subregional, regional and international organizations",
/// "regional, intergovernmental and non-governmental organizations". Returns
/// where the phrase ends and the actor ids it names.
// Long on purpose: one scan of the adjective list and its noun, with the
// actor id each adjective gives.
pub(super) fn coordinated_organizations(
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
pub(super) fn unknown_end(
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
            .is_some_and(|(n, _)| is_boundary(toks.get(k + 1 + n), rules));
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
pub(super) fn unknown(
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
    // "1540 Committee experts": a number that opens a name.
    let numbered_name = first.is_number() && core.get(1).is_some_and(|t| t.is_capitalized());
    if words.is_empty()
        || words.len() > 14
        || first.is_punct()
        || first.text.chars().all(|c| c.is_ascii_digit()) && !numbered_name
    {
        return None;
    }
    let head = head_noun(core);
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
    // "the adoption of measures", "the training of personnel": an action;
    // "Decides the following:" announces what follows.
    if head.is_some_and(|h| {
        ctx.rules.language.action_nouns.contains_any_case(h.text) || h.text == "following"
    }) {
        return None;
    }
    let named =
        first.is_capitalized() || numbered_name || j > 0 || head_is(&ctx.rules.addressee_nouns);
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

/// The head noun of a phrase: its last word before "of", "in" (and the
/// like) or its end.
fn head_noun<'a, 't>(core: &'a [Token<'t>]) -> Option<&'a Token<'t>> {
    core.iter()
        .position(|t| {
            matches!(
                t.text,
                "of" | "in" | "from" | "with" | "that" | "which" | "who"
            )
        })
        .filter(|&p| p > 0)
        .map_or_else(
            || core.iter().rev().find(|t| !t.is_punct()),
            |p| core[..p].iter().rev().find(|t| !t.is_punct()),
        )
}

/// Does an addressee's text name a kind of addressee ("development
/// partners", "standard-setting bodies": its head noun is one of
/// `addressee_nouns`)?
pub fn names_a_kind(text: &str, ctx: &Context<'_>) -> bool {
    let toks = tokenize(text, 0);
    head_noun(&toks).is_some_and(|h| {
        ctx.rules
            .addressee_nouns
            .longest(std::slice::from_ref(h), 0)
            .is_some()
    })
}

/// Does an addressee's text name a body after a determiner ("The
/// Committee", "the Monitoring Team"), rather than open a sentence with a
/// capital ("Support from developing countries")?
pub fn names_a_body(text: &str, ctx: &Context<'_>) -> bool {
    let toks = tokenize(text, 0);
    let mut i = 0;
    while let Some((n, _)) = ctx.rules.determiners.longest(&toks, i) {
        i += n;
    }
    i > 0 && toks.get(i).is_some_and(|t| t.is_capitalized())
}
