//! The subjects of a "that" clause: "decides that all States shall ..." ->
//! one target per subject with its action, across lists of subjects,
//! leading phrases, modals and chains of "and that"; statements and
//! passives that ask nothing give none.

use super::*;
use crate::rules::language::Language;
use crate::rules::lexicon::{Token, first_tokens};

/// Does `text` (what follows a subject) read as the action of a
/// subjunctive or modal clause ("shall cease", "respect", "will undertake")?
pub(super) fn reads_as_action(text: &str, lang: &Language) -> bool {
    let text = text.trim_start_matches([' ', ',']);
    // "shall: (a) ...": the steps are the action.
    if text.is_empty() || text.starts_with(':') {
        return true;
    }
    let word = text
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_lowercase)
        && !lang.statement_verbs.contains(word)
        && !lang.not_action_starts.contains(word)
}

/// Where a pattern of `pats` first occurs in `text` outside brackets: its
/// offset and length.
pub(super) fn find_top(text: &str, pats: &[&str]) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0i32;
    for i in 0..b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            // Every pattern starts with punctuation or a space.
            b' ' | b',' | b';' if depth <= 0 => {
                let rest = &b[i..];
                // The second byte rules out nearly every place at once.
                if let Some(p) = pats.iter().find(|p| {
                    let p = p.as_bytes();
                    p.get(1).is_none_or(|c| rest.get(1) == Some(c)) && rest.starts_with(p)
                }) {
                    return Some((i, p.len()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The subjects of a subjunctive clause and their actions: "that Iraq and
/// Kuwait respect ...", "that, in furtherance of ..., Iraq shall extend
/// ...", "that the Jamahiriya shall cease ... and that all Member States
/// shall prohibit ...". `s` is the clean-text range after "that".
pub(super) fn subjunctive(s: Span, ctx: &Context<'_>) -> Vec<Target> {
    let mut out = Vec::new();
    let mut rest = Some(s);
    // A second "and that" opens another subject with its own action (read
    // in a loop: a paragraph may chain thousands of them).
    while let Some(s) = rest {
        let text = s.of(ctx.clean);
        let first = match find_top(text, &[", and that ", "; and that ", " and that "]) {
            Some((at, len)) => {
                rest = Some(Span::new(s.start + at + len, s.end));
                Span::new(s.start, s.start + at)
            }
            None => {
                rest = None;
                s
            }
        };
        out.extend(subjects(first, ctx));
    }
    out
}

/// A clause whose "that" is left out: "demands Member States stop
/// providing arms ...", "request the Secretary-General keep ...". Only a
/// known actor, followed at once by a word that reads as a bare verb (in
/// lower case; not a function word, adverb, participle or third-person
/// form), opens one; "Requests the Secretary-General to ..." does not.
pub(super) fn without_that(s: Span, ctx: &Context<'_>) -> Option<Vec<Target>> {
    let clean = ctx.clean;
    let lang = &ctx.rules.language;
    let text = s.of(clean);
    let lead = text.len() - text.trim_start().len();
    let p = s.start + lead;
    if first_word(&clean[p..s.end]).eq_ignore_ascii_case("that") {
        return None;
    }
    // The subject stands at the start: a short head is enough to read it.
    let head = &clean[p..s.end];
    let head = &head[..floor(head, 200)];
    // Most clauses go on to their infinitive or a comma within a few
    // words ("the Secretary-General to submit", "Member States, ..."):
    // then no verb follows a subject at once, and there is no need to
    // look the subject up (see `name_goes_on` below).
    if infinitive_or_comma(&leading_tokens(head, p, 8), 8, lang) {
        return None;
    }
    let (a, act) = actors::subject(head, p, ctx)?;
    if a.actor.is_other() || a.antecedent.is_some() {
        return None;
    }
    let after = &clean[a.span.end..s.end];
    let rest = after.strip_prefix(' ')?;
    let word = rest
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .next()
        .unwrap_or("");
    let third_person = word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us");
    let bare = word.len() > 1
        && word.chars().all(|c| c.is_lowercase() || c == '-')
        && !word.ends_with("ly")
        && !third_person
        && !is_participle(word)
        && !word.ends_with("ed")
        && !lang.addressee_boundaries.contains(word)
        && !lang.not_addressee_starts.contains_any_case(word)
        && !lang.not_action_starts.contains(word)
        && !lang.statement_verbs.contains(word)
        && !lang.noun_followers.contains(word)
        && !lang.to_prepositions.contains(word)
        && !lang.inner_to_after.contains(word);
    // "the United Nations country teams, under ..., to improve", "the
    // Myanmar military to cease": a name goes on to its infinitive; a
    // verb's object ("stop providing arms to the Houthis") does not.
    let name_goes_on = || {
        let toks = leading_tokens(rest, a.span.end + 1, 11);
        infinitive_or_comma(toks.get(1..).unwrap_or_default(), 10, lang)
    };
    if !bare || word.len() < 3 || name_goes_on() {
        return None;
    }
    let mut targets = subject_targets(a, p + act, true, Span::new(p, s.end), ctx)?;
    for t in &mut targets {
        t.form = Form::WithoutThat;
    }
    Some(targets)
}

/// The first tokens of `text` that [`infinitive_or_comma`] reads to answer
/// for its first `n`: those and the one after them.
fn leading_tokens(text: &str, base: usize, n: usize) -> Vec<Token<'_>> {
    first_tokens(text, base, n + 1)
}

/// Whether one of the first `n` tokens is a comma (or ";", ":", "(") or
/// the "to" of an infinitive.
fn infinitive_or_comma(toks: &[Token<'_>], n: usize, lang: &Language) -> bool {
    toks.iter().take(n).enumerate().any(|(i, t)| {
        matches!(t.text, "," | ";" | ":" | "(")
            || t.text == "to"
                && toks.get(i + 1).is_some_and(|n| {
                    n.text.starts_with(|c: char| c.is_lowercase())
                        && !lang.to_prepositions.contains(n.text)
                })
    })
}

pub(super) fn first_word(text: &str) -> &str {
    text.trim_start_matches([' ', ','])
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
}

/// The subject (or subjects joined by "and") of one "that" clause, at its
/// start or after a leading phrase set off by commas.
pub(super) fn subjects(s: Span, ctx: &Context<'_>) -> Vec<Target> {
    let clean = ctx.clean;
    let text = s.of(clean);
    let reach = floor(text, 500);
    let mut starts = vec![0];
    // Later starts only after a leading phrase ("as soon as ..., the
    // Director General ...").
    if ctx.rules.language.leading_words.contains(first_word(text)) {
        let mut depth = 0i32;
        for (i, c) in text[..reach].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth <= 0 => starts.push(i + 1),
                _ => {}
            }
        }
    }
    for at in starts {
        let mut p = s.start + at;
        let lead = clean[p..s.end].len() - clean[p..s.end].trim_start().len();
        p += lead;
        if clean[p..s.end].starts_with("then ") {
            p += 5;
        }
        let Some((a, act)) = actors::subject(&clean[p..s.end], p, ctx) else {
            continue;
        };
        // "that MINUSCA's mandate is designed ...": a possessive names
        // something of the actor's, not the actor.
        if a.text.ends_with("'s") || a.text.ends_with("’s") {
            continue;
        }
        if let Some(t) = subject_targets(a, p + act, at == 0, s, ctx) {
            return t;
        }
    }
    Vec::new()
}

/// Decides whether subject `a`, whose action would start at `action_at`,
/// is the subject of an ask, and finds the other subjects joined to it and
/// where their action starts.
// Long on purpose: the tests that decide whether a subject is asked something
// run in order, each narrowing where the action starts; they share that
// position.
pub(super) fn subject_targets(
    a: Addressee,
    action_at: usize,
    first: bool,
    s: Span,
    ctx: &Context<'_>,
) -> Option<Vec<Target>> {
    let clean = ctx.clean;
    let lang = &ctx.rules.language;
    let mut a = a;
    let mut action_at = action_at;
    let mut modal = clean[a.span.end..action_at]
        .split(|c: char| !c.is_alphabetic())
        .any(|w| lang.modals.contains(w));
    let base = a.span.end;
    let after = &clean[base..s.end];
    if !modal && let Some((end, action)) = name_to_modal(after, lang) {
        if matches!(first_word(after), "of" | "for") && after[..end].contains(char::is_uppercase) {
            // "the secretariat of the Office of the Register of Damage
            // shall provide ...": a longer name names someone else.
            let span = Span::new(a.span.start, a.span.end + end);
            a = Addressee {
                actor: ActorId::other(),
                text: span.of(clean).to_string(),
                span,
                how: "other: a named addressee not in the rules".into(),
                condition: None,
                instrument: None,
                antecedent: None,
            };
        }
        // "all parties in Syria shall cooperate"
        action_at = (base + action).min(s.end);
        modal = true;
    } else if !modal
        && first
        && (after.trim_start().starts_with(',')
            || lang.subject_prepositions.contains(first_word(after))
            || matches!(first_word(after), "and" | "or")
            || is_participle(first_word(after)))
        && let Some(m) = modal_ahead(after, lang)
    {
        // "Member States, in order to prevent ISIL ..., shall take ...",
        // "the Governments of all States, and the Government of Libya, shall"
        action_at = base + m;
        modal = true;
    }
    let mut list = vec![a];
    // "Iraq and Kuwait respect ...", "Iraq, Kuwait and Saudi Arabia shall
    // ...", "all States, relevant United Nations bodies and, as
    // appropriate, other organizations report ..."
    while let Some(skip) = list_separator(&clean[action_at..s.end]) {
        let from = action_at + skip;
        let Some((b, act2)) = actors::subject(&clean[from..s.end], from, ctx) else {
            break;
        };
        let after_b = &clean[from + act2..s.end];
        let more = list_separator(after_b).is_some();
        if !(more || reads_as_action(after_b, lang)) {
            break;
        }
        modal |= clean[b.span.end..from + act2]
            .split(|c: char| !c.is_alphabetic())
            .any(|w| lang.modals.contains(w));
        list.push(b);
        action_at = from + act2;
    }
    // "all parties to armed conflict in the Central African Republic end
    // ...": a place after the subject belongs to it.
    if !modal
        && list.len() == 1
        && let Some(n) = place_phrase(&clean[action_at..s.end])
        && reads_as_action(&clean[action_at + n..s.end], lang)
    {
        let a = &mut list[0];
        a.span = Span::new(a.span.start, action_at + n);
        a.text = a.span.of(clean).trim().to_string();
        action_at += n;
    }
    let after = &clean[action_at..s.end];
    // "the individuals and entities listed in Annex II shall be subject to
    // the asset freeze": a measure, not an ask.
    if after.trim_start().starts_with("be subject to") || passive(after, lang) {
        return None;
    }
    let word = first_word(after);
    // "the Committee on the Rights of the Child and other relevant treaty
    // bodies give ...", "all States in the region cooperate ...": the
    // subject stands, though the rules cannot say where the verb is.
    let loose = first && (matches!(word, "and" | "or") || lang.subject_prepositions.contains(word));
    if !modal && !loose && !reads_as_action(after, lang) {
        return None;
    }
    let action = Span::new(action_at, s.end);
    Some(
        list.into_iter()
            .map(|who| Target {
                who,
                action: vec![action],
                scope: s,
                form: Form::Subjunctive,
            })
            .collect(),
    )
}

/// "be reorganized", "be assisted by": a passive says what is to be done
/// to the subject, not what it is to do ("be empowered to", "be guided by"
/// still ask something of it).
pub(super) fn passive(action: &str, lang: &Language) -> bool {
    let mut words = action.trim_start().split(' ');
    words.next() == Some("be")
        && words.next().is_some_and(|w| {
            let w = w.trim_end_matches([',', ';', ':', '.']);
            is_participle(w) && !w.ends_with("ing") && !lang.active_participles.contains(w)
        })
}

/// The length of a place at the start of `text`: " in the Central African
/// Republic", " in Syria", " of the region".
pub(super) fn place_phrase(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let rest = ["in the ", "in ", "of the ", "from the ", "within "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let mut end = t.len() - rest.len();
    let mut words = rest.split(' ').peekable();
    let mut any = false;
    while let Some(w) = words.next() {
        // "of the Forum:": the name ends at punctuation.
        let bare = w.trim_end_matches([',', ':', ';', '.']);
        let name = bare.starts_with(|c: char| c.is_uppercase());
        let small = matches!(w, "of" | "and" | "the")
            && words
                .peek()
                .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
        if !(name || small) {
            break;
        }
        any |= name;
        end += bare.len() + 1;
        if bare.len() < w.len() {
            break;
        }
    }
    any.then(|| lead + end - 1)
}

/// "listed", "providing": a participle that starts a phrase describing
/// the subject ("the individuals listed in Annex II shall ...").
pub(super) fn is_participle(word: &str) -> bool {
    word.len() > 4
        && word.starts_with(|c: char| c.is_lowercase())
        && (word.ends_with("ing") || word.ends_with("ed") && !word.ends_with("eed"))
}

/// The length of a separator between two subjects at the start of
/// `text`: ", ", " and ", ", and ", or ", and, as appropriate, " (with the
/// parenthetical).
pub(super) fn list_separator(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(' ');
    let lead = text.len() - t.len();
    for p in [", and, ", ", or, ", "and, ", "or, "] {
        if let Some(rest) = t.strip_prefix(p) {
            let close = rest.find(", ")?;
            return Some(lead + p.len() + close + 2);
        }
    }
    [", and ", ", or ", "and ", "or ", ", "]
        .iter()
        .find(|p| t.starts_with(*p))
        .map(|p| lead + p.len())
}

/// The first modal verb of `text` within `reach` bytes, before any of
/// `stops`: where it starts and where the action after it starts.
pub(super) fn find_modal(
    text: &str,
    reach: usize,
    stops: &[char],
    lang: &Language,
) -> Option<(usize, usize)> {
    let mut at: usize = 0;
    for w in text[..floor(text, reach)].split(' ') {
        if w.contains(stops) {
            return None;
        }
        if lang.modals.contains(w) {
            return Some((at, (at + w.len() + 1).min(text.len())));
        }
        at += w.len() + 1;
    }
    None
}

/// Where the action starts after the first modal of `text` ("..., shall
/// take"), when one comes within 600 bytes and before any ";" or ":".
pub(super) fn modal_ahead(text: &str, lang: &Language) -> Option<usize> {
    find_modal(text, 600, &[';', ':'], lang).map(|(_, action)| action)
}

/// After a name, "of the Office of the Register of Damage shall provide":
/// where the longer phrase ends and where the action after the modal starts
/// (offsets of `text`), when it continues with a preposition and reaches a
/// modal with no punctuation between.
pub(super) fn name_to_modal(text: &str, lang: &Language) -> Option<(usize, usize)> {
    if !lang.subject_prepositions.contains(first_word(text)) || text.starts_with(',') {
        return None;
    }
    find_modal(text, 150, &[',', ';', ':', '('], lang)
        .map(|(modal, action)| (modal.saturating_sub(1), action))
}

#[cfg(test)]
mod tests {
    use super::find_top;

    #[test]
    fn a_pattern_is_found_outside_brackets_only() {
        let pats = [", and that ", "; and that ", " and that "];
        let text = "Iraq (which, and that is all) respect; and that Kuwait, and that";
        assert_eq!(find_top(text, &pats), Some((37, 11)));
        assert_eq!(find_top("a and thatb", &pats), None);
        // A pattern of one byte has no second byte to compare.
        assert_eq!(find_top("(x;y) z;w", &[";"]), Some((7, 1)));
        assert_eq!(find_top("x, y", &[", z", ","]), Some((1, 1)));
    }
}
