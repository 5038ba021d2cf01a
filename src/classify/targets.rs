//! The addressees of one clause: its verb phrase and the text after it ->
//! targets (an addressee and the stretches of its action), by the shape the
//! clause grammar finds: the infinitive form ("requests the Office to"),
//! "that"-subjects, a noun action ("recommends to the Assembly the
//! adoption"), and gapped addressees ("and the Secretary-General to").

use super::*;

impl Extractor<'_> {
    /// The obligations of one clause (clean span `cspan`), with the
    /// addressee of each.
    // Long on purpose: one branch per clause shape of the grammar (self
    // action, infinitive form, "that" subjects, noun action), each short;
    // they share the clause's context.
    pub(super) fn clause_obligations(
        &self,
        at: &ClauseAt<'_>,
        previous: &[Addressee],
    ) -> (Vec<(Addressee, Obligation)>, bool) {
        let &ClauseAt { v, cspan, .. } = at;
        let clean = self.clean();
        let verb = &self.rules.verbs[v.rule];
        let mut awaits_action = false;
        let verb_end = cspan.start + (v.end - v.start);
        let rest_span = Span::new(verb_end.min(cspan.end), cspan.end);
        let rest = rest_span.of(clean);
        let ctx = Context {
            rules: self.rules,
            clean,
            mentions: &self.mentions,
            aliases: &self.aliases,
        };
        let body_addressee = || {
            self.body.as_ref().map(|(id, name)| Addressee {
                actor: id.clone(),
                text: name.clone(),
                span: Span::new(cspan.start, cspan.start),
                how: format!(
                    "the adopting body acting itself (verbs/{} allows it)",
                    verb.id
                ),
                condition: None,
                instrument: None,
                antecedent: None,
            })
        };
        // The addressees and the start of the action stand near the verb;
        // a longer reach would only find what is not there.
        // "Governments are invited to ...", "Landlocked developing countries
        // should ..." (in a declaration), "(b) The Committee shall ..."
        // (after "Decides the following:"): the subject before the verb
        // names the addressees: known actors, a kind of addressee
        // ("development partners") or a body ("The Committee").
        if at.subject_first {
            let subject = Span::new(cspan.start, cspan.start + (v.verb_start - v.start));
            let list =
                actors::addressees(subject.of(clean), subject.start, &[], &[], &ctx, previous);
            // "should, under the guidance of the Committee, continue ...".
            let lead = rest.len() - rest.trim_start_matches([' ', ',']).len();
            let action = Span::new(rest_span.start + lead, rest_span.end);
            let targets = list
                .into_iter()
                .filter(|a| {
                    !a.actor.is_other()
                        || actors::names_a_kind(&a.text, &ctx)
                        || actors::names_a_body(&a.text, &ctx)
                })
                .map(|who| Target {
                    who,
                    action: vec![action],
                    scope: rest_span,
                    form: Form::Subjunctive,
                })
                .collect();
            return (self.obligations_of(at, targets), false);
        }
        // "Reiterates its request that all States report ...": the verb
        // phrase holds the "that".
        if clean[..rest_span.start].ends_with(" that") {
            let targets = subjunctive(rest_span, &ctx);
            return (self.obligations_of(at, targets), false);
        }
        let head_reach = &rest[..floor(rest, 400)];
        let mut form = Form::Infinitive;
        // "We will protect ...", "We commit to ...": the adopting body's own
        // undertaking, whose action follows the verb at once.
        let commitment = verb.strength == Strength::Commitment && verb.self_action;
        // "demands Member States stop providing arms ...": "that" left out.
        if !commitment && let Some(targets) = without_that(rest_span, &ctx) {
            return (self.obligations_of(at, targets), false);
        }
        // "Establishes a commission ...": the body's own act (the verb's
        // word opens the action, see `obligations_of`), where the verb opens
        // the paragraph or follows "and"; after a mere comma it may go on a
        // relative clause ("a process that, within six months, establishes
        // ...").
        let opens = at.index == 1 || clean[..cspan.start].trim_end().ends_with(" and");
        if verb.rule.act.is_some() && opens {
            let lead = rest.len() - rest.trim_start_matches([' ', ',']).len();
            let targets = body_addressee()
                .map(|who| Target {
                    who,
                    action: vec![Span::new(rest_span.start + lead, rest_span.end)],
                    scope: rest_span,
                    form: Form::SelfAction,
                })
                .into_iter()
                .collect();
            return (self.obligations_of(at, targets), false);
        }
        // "We resolve to encourage the Committee to continue ...": an
        // undertaking to ask is the ask.
        if commitment && let Some(ask) = self.ask_in_commitment(at, rest) {
            let asked = self.clause_obligations(&ClauseAt { v: &ask, ..*at }, previous);
            // "We resolve to encourage greater investment": no one is asked;
            // the undertaking stands.
            if !asked.0.is_empty() {
                return asked;
            }
        }
        let (who, action): (Vec<Addressee>, Span) = if commitment {
            form = Form::SelfAction;
            // "We commit, by 2030, to:" then lettered items: the items are
            // the action (see `attach_steps`).
            let action = if let Some(colon) = rest.trim_end().strip_suffix(':') {
                Span::new(rest_span.start + colon.len(), rest_span.end)
            } else {
                rest_span
            };
            (body_addressee().into_iter().collect(), action)
        } else {
            match parse::clause_shape(head_reach, &ctx.rules.language) {
                ClauseShape::SelfAction { action } if verb.self_action => {
                    form = Form::SelfAction;
                    (
                        body_addressee().into_iter().collect(),
                        Span::new(rest_span.start + action, rest_span.end),
                    )
                }
                ClauseShape::Subjunctive { subject } => {
                    let s = Span::new(rest_span.start + subject, rest_span.end);
                    let targets = subjunctive(s, &ctx);
                    return (self.obligations_of(at, targets), false);
                }
                ClauseShape::Infinitive { head, action } => {
                    let head_text = &head_reach[..head.end];
                    if verb.nominal && head_text.trim_start().starts_with("to ") {
                        form = Form::Nominal;
                        self.nominal(rest_span, &ctx)
                    } else {
                        let shift = |s: &Span| {
                            Span::new(s.start + rest_span.start, s.end + rest_span.start)
                        };
                        let groups: Vec<Span> = head.groups.iter().map(shift).collect();
                        let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
                        let from = head.lead.map_or(0, |l| l.end);
                        let list = actors::addressees(
                            &head_text[from.min(head_text.len())..],
                            rest_span.start + from,
                            &groups,
                            &relatives,
                            &ctx,
                            previous,
                        );
                        let list = if list.is_empty() && verb.self_action && head.lead.is_some() {
                            body_addressee().into_iter().collect()
                        } else {
                            list
                        };
                        let action = past_passive_modifier(rest, action, &ctx.rules.language);
                        (list, Span::new(rest_span.start + action, rest_span.end))
                    }
                }
                ClauseShape::Nominal { .. } if verb.nominal => {
                    form = Form::Nominal;
                    self.nominal(rest_span, &ctx)
                }
                // "Requests the Office, and invites the Board, to assist ...":
                // addressees whose action is the next clause's (empty here).
                ClauseShape::Nominal { head } if !verb.named_only => {
                    let shift =
                        |s: &Span| Span::new(s.start + rest_span.start, s.end + rest_span.start);
                    let groups: Vec<Span> = head.groups.iter().map(shift).collect();
                    let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
                    let list = actors::addressees(
                        rest,
                        rest_span.start,
                        &groups,
                        &relatives,
                        &ctx,
                        previous,
                    );
                    // Only names: "Calls for the cessation of ..., and urges"
                    // names a thing, not an addressee.
                    let list = list
                        .into_iter()
                        .filter(|a| actors::starts_with_name(&a.text, &ctx))
                        .collect();
                    awaits_action = true;
                    form = Form::Shared;
                    (list, Span::new(rest_span.end, rest_span.end))
                }
                _ => (Vec::new(), rest_span),
            }
        };
        let mut targets: Vec<Target> = Vec::new();
        let mut action = vec![action];
        if !who.is_empty() {
            // "to consider ratifying ..., and for States parties to implement ...":
            // a second addressee with its own action.
            let (own, more) = gapped(action[0], &ctx, previous);
            action = own;
            targets.extend(who.into_iter().map(|a| Target {
                who: a,
                action: action.clone(),
                scope: rest_span,
                form,
            }));
            targets.extend(more);
        }
        (self.obligations_of(at, targets), awaits_action)
    }

    /// The ask that opens the action of a commitment ("encourage" of "We
    /// resolve to encourage the Committee to ..."): the first-person phrase
    /// of a verb rule that asks something of someone (not a commitment, not
    /// declaratory), as a verb phrase that runs on to it.
    fn ask_in_commitment(&self, at: &ClauseAt<'_>, rest: &str) -> Option<VerbMatch> {
        let v = at.v;
        let trimmed = rest.trim_start();
        // "We resolve: ... 15. To encourage the Committee to ..."
        let body = ["to ", "To "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p))
            .unwrap_or(trimmed);
        let lead = rest.len() - body.len();
        // The phrase and the word after it stand in the first words.
        let toks = tokenize(&body[..floor(body, 200)], 0);
        let (n, &rule) = self.rules.first_person_lexicon.longest(&toks, 0)?;
        let asks = !matches!(
            self.rules.verbs[rule].strength,
            Strength::Commitment | Strength::Declaratory
        );
        // The phrase is followed by its addressee, not by "to" or a comma.
        let next = toks.get(n).map(|t| t.text);
        if !asks || matches!(next, None | Some("to" | "," | ";" | ":")) {
            return None;
        }
        let phrase_end = lead + toks[n - 1].end;
        Some(VerbMatch {
            rule,
            start: v.start,
            verb_start: v.verb_start,
            end: v.end + phrase_end,
            verb: format!("{} {}", v.verb, &body[..toks[n - 1].end].to_lowercase()),
        })
    }

    /// "Recommends to the General Assembly the adoption of ...": the
    /// addressee after "to", the action a noun phrase.
    pub(super) fn nominal(&self, rest: Span, ctx: &Context<'_>) -> (Vec<Addressee>, Span) {
        let text = rest.of(ctx.clean);
        let Some(at) = text.find("to ") else {
            return (Vec::new(), rest);
        };
        let s = Span::new(rest.start + at + 3, rest.end);
        match actors::subject(s.of(ctx.clean), s.start, ctx) {
            Some((a, action)) => (vec![a], Span::new(s.start + action, s.end)),
            None => (Vec::new(), rest),
        }
    }
}

/// An addressee of a clause and its action (one or more clean-text
/// stretches, joined), with the text its qualifiers are read from.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub(super) who: Addressee,
    pub(super) action: Vec<Span>,
    pub(super) scope: Span,
    pub(super) form: Form,
}

/// How a clause named its addressee (said by `--explain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// "Requests the Secretary-General to submit ...".
    Infinitive,
    /// "... and for States parties to implement ...".
    Gapped,
    /// "Decides that all States shall ...".
    Subjunctive,
    /// "Demands Member States stop ...": a that-clause without "that".
    WithoutThat,
    /// "Decides to remain seized ...": the adopting body itself.
    SelfAction,
    /// "Recommends to the General Assembly the adoption of ...".
    Nominal,
    /// "Requests the Office, and invites the Board, to ...": the action is
    /// the next clause's.
    Shared,
}

/// What opens a second addressee whose verb is left out: "..., and for
/// the Office to ...".
const GAPS: &[&str] = &[
    ", and for ",
    ", and upon ",
    ", and on ",
    " and upon ",
    " and for ",
];

/// Whether `text` may hold one of [`GAPS`]: each holds "and " then "for ",
/// "upon " or "on ", and an action without them (most) is not read byte by
/// byte for the patterns.
fn may_gap(text: &str) -> bool {
    // The search is built once, not at each action.
    static AND: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("and "));
    let b = text.as_bytes();
    AND.find_iter(b).any(|i| {
        let r = &b[i + 4..];
        r.starts_with(b"for ") || r.starts_with(b"upon ") || r.starts_with(b"on ")
    })
}

/// "to consider ratifying or acceding to, and for States parties to
/// effectively implement, the Protocol": a second addressee introduced by
/// "and for", "and upon" or "and on" with its own infinitive. Returns the
/// first addressee's action (without the insertion) and the others.
// Long on purpose: one scan for "and for"/"and upon" insertions and the
// addressees inside them, with the first addressee's action cut around each.
pub(super) fn gapped(
    action: Span,
    ctx: &Context<'_>,
    previous: &[Addressee],
) -> (Vec<Span>, Vec<Target>) {
    let clean = ctx.clean;
    let text = action.of(clean);
    let found = if may_gap(text) {
        find_top(text, GAPS)
    } else {
        None
    };
    let Some((at, len)) = found else {
        return (vec![action], Vec::new());
    };
    let from = action.start + at + len;
    let rest = &clean[from..action.end];
    // "and for the prosecution of smugglers": no name, no addressee.
    if !actors::starts_with_name(&rest[..floor(rest, 80)], ctx) {
        return (vec![action], Vec::new());
    }
    let reach = &rest[..floor(rest, 400)];
    let ClauseShape::Infinitive { head, action: act } =
        parse::clause_shape(reach, &ctx.rules.language)
    else {
        return (vec![action], Vec::new());
    };
    let shift = |s: &Span| Span::new(s.start + from, s.end + from);
    let groups: Vec<Span> = head.groups.iter().map(shift).collect();
    let relatives: Vec<Span> = head.relatives.iter().map(shift).collect();
    let head_text = reach[..head.end].trim_end();
    // "for the Congress itself in a timely manner in order to enable":
    // an infinitive of purpose, not an action.
    if head_text.ends_with(" in order") || head_text.ends_with(" so as") {
        return (vec![action], Vec::new());
    }
    let who: Vec<Addressee> =
        actors::addressees(&reach[..head.end], from, &groups, &relatives, ctx, previous)
            .into_iter()
            .filter(|a| actors::starts_with_name(&a.text, ctx))
            .collect();
    if who.is_empty() {
        return (vec![action], Vec::new());
    }
    let second = Span::new(from + act, action.end);
    let before = Span::new(action.start, action.start + at);
    // "acceding to, and for X to implement, the Protocol": the insertion
    // ends at the next comma and both share what follows it.
    let dangling = before
        .of(clean)
        .rsplit(' ')
        .next()
        .is_some_and(|w| matches!(w, "to" | "of" | "with" | "on" | "for" | "into" | "in"));
    let second_text = second.of(clean);
    let (mine, theirs) = if !dangling {
        (vec![before], vec![second])
    } else if let Some((c, _)) = find_top(
        second_text,
        &[", the ", ", a ", ", an ", ", their ", ", its ", ", all "],
    ) {
        // "..., and for X to implement, the Protocol ...": the object
        // after the insertion is shared.
        let tail = Span::new(second.start + c + 2, action.end);
        (
            vec![before, tail],
            vec![Span::new(second.start, second.start + c), tail],
        )
    } else if let Some(c) = second_text.find(" the ") {
        // "... acceding to, and for X to implement the Protocol ...": the
        // first addressee's object is the second's.
        (
            vec![before, Span::new(second.start + c + 1, action.end)],
            vec![second],
        )
    } else {
        (vec![before], vec![second])
    };
    let scope = Span::new(action.start + at, action.end);
    let more = who
        .into_iter()
        .map(|who| Target {
            who,
            action: theirs.clone(),
            scope,
            form: Form::Gapped,
        })
        .collect();
    (mine, more)
}

/// "Requests the working group to be established under paragraph 1, to
/// report ...": a passive infinitive right after the addressee describes
/// it; the action is the infinitive after the next comma. Returns where the
/// action starts in `rest` (`action` when there is no such modifier).
fn past_passive_modifier(
    rest: &str,
    action: usize,
    lang: &crate::rules::language::Language,
) -> usize {
    let Some(after) = rest.get(action..).and_then(|t| t.strip_prefix("to ")) else {
        return action;
    };
    if !passive(after, lang) {
        return action;
    }
    let mut from = action + 3;
    while let Some(k) = rest[from..].find(", to ") {
        let to = from + k + 2;
        let next = rest[to + 3..].split(' ').next().unwrap_or("");
        let verb = next.starts_with(|c: char| c.is_lowercase())
            && !lang.to_prepositions.contains(next)
            && !passive(&rest[to + 3..], lang);
        if verb {
            return to;
        }
        from = to + 3;
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The screen passes every text in which a gap is found.
        #[test]
        fn the_screen_passes_every_gap(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    ",", " ", "and", " and ", "for", "for ", "upon ", "on ", "(", ")", "x",
                ]),
                0..16,
            ),
        ) {
            let text = pieces.concat();
            if find_top(&text, GAPS).is_some() {
                prop_assert!(may_gap(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn the_screen_passes_each_gap() {
        for gap in GAPS {
            let text = format!("to assist States{gap}the Office to report");
            assert!(may_gap(&text) && find_top(&text, GAPS).is_some(), "{text}");
        }
        assert!(!may_gap("to assist States and the Office, for the record"));
    }
}
