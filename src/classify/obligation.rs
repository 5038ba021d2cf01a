//! Obligation assembly: a target and its clause -> an [`Obligation`] with a
//! stable id, its action text, details (qualifiers, condition, deadline,
//! references, treaties meant) and, with `--explain`, the rules that fired.

use super::*;

impl Extractor<'_> {
    /// The obligations of `targets` (addressees and their actions) in one
    /// clause.
    pub(super) fn obligations_of(
        &self,
        at: &ClauseAt<'_>,
        targets: Vec<Target>,
    ) -> Vec<(Addressee, Obligation)> {
        let v = at.v;
        let clean = self.clean();
        let verb = &self.rules.verbs[v.rule];
        // "Calls for the immediate release of ...": only known addressees.
        let targets: Vec<Target> = if verb.named_only {
            targets
                .into_iter()
                .filter(|t| !t.who.actor.is_other())
                .collect()
        } else {
            targets
        };
        let partners = self.partners(at.cspan);
        // Addressees of one clause mostly share their action: read its
        // qualifiers, deadline and references once.
        let mut cache: HashMap<(Span, String), Details> = HashMap::new();
        let shared = targets.len() > 1;
        // Which obligation of its actor in the clause each is: the second
        // of an actor has an id of its own ("op3.1.member-states-2").
        let numbers = if shared {
            let mut seen: HashMap<&str, u32> = HashMap::with_capacity(targets.len());
            targets
                .iter()
                .map(|t| {
                    let n = seen.entry(t.who.actor.as_str()).or_insert(0);
                    *n += 1;
                    *n
                })
                .collect()
        } else {
            Vec::new()
        };
        targets
            .into_iter()
            .enumerate()
            .map(|(k, t)| {
                let action_text = match t.action.as_slice() {
                    [one] => clean_action(one.of(clean)),
                    parts => clean_action(
                        &parts
                            .iter()
                            .map(|s| s.of(clean).trim())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                };
                // "States in a position to do so to contribute": the
                // action is to contribute, for those in a position to.
                let in_position = ["do so to ", "do so, to "]
                    .iter()
                    .find_map(|p| action_text.strip_prefix(p))
                    .map(str::to_string);
                let (action_text, in_position) = match in_position {
                    Some(rest) => (rest, true),
                    None => (self.undo_do_so(at, &t.who, action_text), false),
                };
                // "Establishes a commission ...": "establish a commission".
                let action_text = match &verb.rule.act {
                    Some(act) if t.form == Form::SelfAction => {
                        format!("{act} {action_text}").trim_end().to_string()
                    }
                    _ => action_text,
                };
                let read = || {
                    let from = t.action.first().map_or(t.scope.end, |a| a.start);
                    self.details(at.cspan, t.scope, from, &action_text)
                };
                let details = if shared {
                    cache
                        .entry((t.scope, action_text.clone()))
                        .or_insert_with(read)
                        .clone()
                } else {
                    read()
                };
                let n = numbers.get(k).copied().unwrap_or(1);
                let mut o = self.obligation(at, &t, action_text, details, n);
                o.partners.clone_from(&partners);
                if in_position && o.condition.is_none() {
                    o.condition = Some("in a position to do so".to_string());
                }
                (t.who, o)
            })
            .collect()
    }

    /// "States that have not yet established programmes to do so": an
    /// action "do so" stands for what the addressee's description names
    /// ("establish programmes"), or else for the first infinitive or "will"
    /// of the nearest sentence before the clause in its paragraph ("We are
    /// determined to address X. We will do so without prejudice to ...").
    /// Without either, the action stays as written.
    fn undo_do_so(&self, at: &ClauseAt<'_>, who: &Addressee, action: String) -> String {
        let rest = match action.strip_prefix("do so") {
            Some(r) if r.is_empty() || r.starts_with([' ', ',', ';']) => r,
            _ => return action,
        };
        let Some(antecedent) = self
            .antecedent_in_addressee(&who.text)
            .or_else(|| self.antecedent_before(at))
        else {
            return action;
        };
        let antecedent = trim_end_punct(antecedent.trim_end());
        if rest.is_empty() {
            antecedent.to_string()
        } else if rest.starts_with([',', ';']) {
            format!("{antecedent}{rest}")
        } else {
            format!("{antecedent} {}", rest.trim_start())
        }
    }

    /// What "that have yet to sign the Treaty" or "that have not yet signed
    /// or ratified the Treaty" leaves undone: "sign the Treaty", "sign or
    /// ratify the Treaty" (participles in their base form, `rules/
    /// language.yaml`). Nothing for "that have not yet done so".
    fn antecedent_in_addressee(&self, who: &str) -> Option<String> {
        let lower = who.to_lowercase();
        for rel in ["that", "which", "who"] {
            for have in ["have", "has"] {
                let yet_to = format!(" {rel} {have} yet to ");
                if let Some(i) = lower.find(&yet_to) {
                    let vp = &who[i + yet_to.len()..];
                    return (!vp.starts_with("do so")).then(|| vp.to_string());
                }
                for not in ["not yet", "not"] {
                    let not = format!(" {rel} {have} {not} ");
                    if let Some(i) = lower.find(&not) {
                        let vp = &who[i + not.len()..];
                        return self.base_forms_of(vp);
                    }
                }
            }
        }
        None
    }

    /// "signed, ratified or acceded to the Convention" -> "sign, ratify or
    /// accede to the Convention": the participles that open `vp` (joined by
    /// commas, "and", "or", "and/or") in their base form.
    fn base_forms_of(&self, vp: &str) -> Option<String> {
        let lang = &self.rules.language;
        let toks = tokenize(vp, 0);
        let first = toks.first()?;
        if first.text == "done" {
            return None;
        }
        let mut out = String::new();
        let mut from = 0;
        let mut k = 0;
        while let Some(t) = toks.get(k) {
            let base = lang.base_form(t.text);
            if base == t.text {
                break;
            }
            out.push_str(&vp[from..t.start]);
            out.push_str(&base);
            from = t.end;
            k += 1;
            match toks.get(k).map(|t| t.text) {
                Some("," | "and" | "or" | "and/or") => k += 1,
                Some("/") if toks.get(k + 1).is_some_and(|t| t.text == "or") => k += 2,
                _ => break,
            }
        }
        if out.is_empty() {
            return None;
        }
        out.push_str(&vp[from..]);
        Some(out)
    }

    /// The first infinitive ("to address ...") or "will" of the nearest
    /// sentence before clause `at` in its paragraph that has one, to that
    /// sentence's end.
    fn antecedent_before(&self, at: &ClauseAt<'_>) -> Option<String> {
        let text = at.p.text;
        if at.cspan.start <= text.start || at.cspan.start > text.end {
            return None;
        }
        let lang = &self.rules.language;
        let prior = &self.clean()[text.start..at.cspan.start];
        for (a, b) in super::declaration::sentences(prior).into_iter().rev() {
            let sentence = &prior[a..b];
            let toks = tokenize(sentence, 0);
            let opens = toks.windows(2).find(|w| {
                let verb = w[1].text;
                matches!(w[0].text, "to" | "will")
                    && verb.starts_with(|c: char| c.is_lowercase())
                    && verb.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !matches!(verb, "do" | "be" | "have")
                    && !lang.to_prepositions.contains(verb)
                    && !parse::participle(verb, lang)
            });
            if let Some(w) = opens {
                let vp = &sentence[w[1].start..];
                let end = vp.find([';', ':']).unwrap_or(vp.len());
                return Some(vp[..end].to_string());
            }
        }
        None
    }

    /// The bodies a clause names after a partner phrase of `partners`
    /// (`rules/actors.yaml`: "in cooperation with UNDP and UNICEF", "with
    /// the support of the Office"), up to the next comma, semicolon or
    /// infinitive. A means ("through", "via") names no partner.
    fn partners(&self, cspan: Span) -> Vec<Partner> {
        let clean = self.clean();
        let text = cspan.of(clean);
        // No phrase starts before `from`: the tokens start there (a word's
        // start, where the tokens of the whole text start too).
        let Some(from) = self.rules.partners.may_occur_from(text) else {
            return Vec::new();
        };
        let toks = tokenize(&text[from..], cspan.start + from);
        let ctx = actors::Context {
            rules: self.rules,
            clean,
            mentions: &self.mentions,
            aliases: &self.aliases,
        };
        let lang = &self.rules.language;
        let mut out: Vec<Partner> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let Some((n, _)) = self.rules.partners.longest(&toks, i) else {
                i += 1;
                continue;
            };
            i += n;
            if matches!(toks[i - 1].text, "through" | "via") {
                continue;
            }
            let from = i;
            // The names end at punctuation, an infinitive, a purpose ("in
            // order to", "so as to", "with a view to"), a participle
            // ("taking into consideration") or another partner phrase or
            // means ("through").
            let ends = |k: usize| {
                let t = toks[k].text;
                let next = toks.get(k + 1).map_or("", |w| w.text);
                matches!(t, "," | ";" | ":" | "(")
                    || (t == "to"
                        && next.starts_with(|c: char| c.is_lowercase())
                        && !lang.to_prepositions.contains(next))
                    || matches!((t, next), ("in", "order") | ("so", "as") | ("with", "a"))
                    || (t.len() > 4
                        && t.ends_with("ing")
                        && t.starts_with(|c: char| c.is_lowercase()))
                    || self.rules.partners.longest(&toks, k).is_some()
            };
            while i < toks.len() && !ends(i) {
                i += 1;
            }
            let (Some(first), Some(last)) = (toks.get(from), toks.get(i.max(from + 1) - 1)) else {
                continue;
            };
            let span = Span::new(first.start, last.end);
            for a in actors::addressees(span.of(clean), span.start, &[], &[], &ctx, &[]) {
                let named = !a.actor.is_other() || actors::starts_with_name(&a.text, &ctx);
                if named && !out.iter().any(|p| p.text == a.text) {
                    out.push(Partner {
                        actor: a.actor,
                        text: tidy_actor_text(&a.text),
                    });
                }
            }
        }
        out
    }

    /// The qualifiers (read in `scope`), deadline and references of an
    /// action, with the footnotes marked in clause `cspan`.
    pub(super) fn details(
        &self,
        cspan: Span,
        scope: Span,
        action_from: usize,
        action_text: &str,
    ) -> Details {
        let q = details::scoped_qualifiers(
            scope.of(self.clean()),
            action_text,
            action_from.saturating_sub(scope.start),
            self.rules,
        );
        let deadline = details::deadline(action_text, self.rules);
        let mut references = details::references(action_text, self.rules, self.body_name());
        for m in &self.norm.markers {
            if m.at > cspan.start
                && m.at <= cspan.end
                && !references.iter().any(|r| {
                    r.kind == ReferenceKind::Footnote
                        && r.id.as_deref() == Some(&m.number.to_string())
                })
            {
                let text = self
                    .norm
                    .footnotes
                    .iter()
                    .find(|f| f.number == m.number)
                    .map_or_else(String::new, |f| f.text.clone());
                references.push(Reference {
                    kind: ReferenceKind::Footnote,
                    text,
                    id: Some(m.number.to_string()),
                    url: None,
                });
            }
        }
        Details {
            qualifiers: q.whole,
            qids: q.ids,
            scoped_qualifiers: q.scoped,
            deadline,
            references,
        }
    }

    /// One obligation: `t`'s addressee and action in clause `index`, the
    /// `n`th of its actor in the clause.
    pub(super) fn obligation(
        &self,
        at: &ClauseAt<'_>,
        t: &Target,
        action_text: String,
        details: Details,
        n: u32,
    ) -> Obligation {
        let &ClauseAt {
            p,
            prefix,
            sub,
            index,
            v,
            cspan,
            ..
        } = at;
        let verb = &self.rules.verbs[v.rule];
        let a = &t.who;
        let Details {
            qualifiers,
            qids,
            scoped_qualifiers,
            deadline,
            references,
        } = details;
        // A paragraph of an adopted text or annex is not an operative one.
        let kind = if p.annex.is_some() { "p" } else { "op" };
        // "op13.1.unodc", "A.op2.1.member-states-2": made at its size,
        // piece by piece (the formatting machinery costs more than the
        // pieces).
        let mut id = String::with_capacity(prefix.len() + a.actor.0.len() + 36);
        id.push_str(prefix);
        id.push_str(kind);
        push_number(&mut id, p.number);
        id.push('.');
        push_number(&mut id, index);
        id.push('.');
        id.push_str(a.actor.as_str());
        if n > 1 {
            id.push('-');
            push_number(&mut id, n);
        }
        let explain = self.opts.explain.then(|| Explain {
            verb: self.origin("verbs", &verb.id),
            actor: match (a.antecedent, a.how.rsplit_once(" @")) {
                (Some(at), Some((how, _))) => {
                    format!("{how} (last named on line {})", self.line_of(at))
                }
                _ => a.how.clone(),
            },
            form: self.form_of(t),
            qualifiers: qids.clone(),
            condition: a.condition.as_ref().map(|(_, r)| r.clone()),
            deadline: deadline.as_ref().map(|(_, r)| r.clone()),
        });
        let instruments = if a.actor.as_str() == "states-parties" {
            self.instruments_meant(a.instrument.as_deref(), &references, p)
        } else {
            Vec::new()
        };
        let span = self.file_span(cspan);
        Obligation {
            id: ObligationId(id),
            paragraph: p.number,
            annex: p.annex.as_ref().map(|a| a.heading.clone()),
            part: (!prefix.is_empty()).then(|| p.part.clone()).flatten(),
            subparagraph: sub.map(str::to_string),
            clause: index,
            verb: v.verb.clone(),
            strength: verb.strength,
            actor: a.actor.clone(),
            actor_text: tidy_actor_text(&a.text),
            entity: a
                .actor
                .is_other()
                .then(|| self.entity_of(&a.text, a.span.start))
                .flatten(),
            action: action_text,
            qualifiers,
            scoped_qualifiers,
            partners: Vec::new(),
            condition: a.condition.as_ref().map(|(c, _)| c.clone()),
            deadline: deadline.as_ref().map(|(d, _)| d.clone()),
            references,
            steps: Vec::new(),
            instrument: a.instrument.clone(),
            instruments,
            span,
            page: self.src.page_of(span.start),
            explain,
        }
    }

    /// How a target's clause was read, naming the language lists that
    /// decided (for `--explain`).
    fn form_of(&self, t: &Target) -> String {
        let clean = self.clean();
        let lang = &self.rules.language;
        let start = t.action.first().map_or(t.scope.end, |a| a.start);
        let mut s = match t.form {
            Form::Infinitive => "infinitive: addressee, then \"to\" and the action".to_string(),
            Form::Gapped => {
                "infinitive inserted with \"and for\": addressee, then \"to\"".to_string()
            }
            Form::SelfAction => "the adopting body itself: \"to\" right after the verb".into(),
            Form::Nominal => "nominal: \"to\" and the addressee, then what is recommended".into(),
            Form::Shared => "addressee sharing the next clause's action".into(),
            Form::Subjunctive | Form::WithoutThat => {
                let kind = if t.form == Form::WithoutThat {
                    "that-clause without \"that\""
                } else {
                    "that-clause"
                };
                let between = clean.get(t.who.span.end..start).unwrap_or("");
                match between
                    .split(|c: char| !c.is_alphabetic())
                    .find(|w| lang.modals.contains(w))
                {
                    Some(m) => {
                        format!("{kind}: subject, then the modal \"{m}\" (language/modals)")
                    }
                    None => format!(
                        "{kind}: subject, then its verb (no word of \
                         language/statement_verbs or language/not_action_starts)"
                    ),
                }
            }
        };
        if matches!(t.form, Form::Infinitive | Form::Gapped) {
            let head = clean.get(t.scope.start..start).unwrap_or("");
            for (word, list) in parse::prepositional_to(head, lang).into_iter().take(3) {
                s.push_str(&format!("; \"to {word}\" a preposition (language/{list})"));
            }
        }
        s
    }

    /// The treaties a `states-parties` addressee means: named with it, else
    /// named in the clause, else named in the paragraph.
    pub(super) fn instruments_meant(
        &self,
        named: Option<&str>,
        refs: &[Reference],
        p: &Para,
    ) -> Vec<String> {
        let ids = |text: &str| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for (_, id, _) in details::treaties(text, self.rules) {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
            v
        };
        if let Some(n) = named {
            let v = ids(n);
            if !v.is_empty() {
                return v;
            }
        }
        let v: Vec<String> = refs
            .iter()
            .filter(|r| r.kind == ReferenceKind::Treaty)
            .filter_map(|r| r.id.clone())
            .collect();
        if !v.is_empty() {
            return v;
        }
        self.paragraph_treaties
            .borrow_mut()
            .entry(p.text)
            .or_insert_with(|| ids(p.text.of(self.clean())))
            .clone()
    }
}

/// What an action carries besides its words.
#[derive(Debug, Clone)]
pub(super) struct Details {
    pub(super) qualifiers: Vec<crate::model::Qualifier>,
    /// The qualifier rules that fired (for `--explain`).
    pub(super) qids: Vec<String>,
    pub(super) scoped_qualifiers: Vec<crate::model::ScopedQualifier>,
    pub(super) deadline: Option<(crate::model::Deadline, String)>,
    pub(super) references: Vec<Reference>,
}

/// An action as the checklist shows it: without its leading "to", and
/// without the paragraph's closing punctuation.
/// An addressee's words without what the action left behind: "all
/// States to" (before "to: (a) ..."), "the European Union (".
pub(super) fn tidy_actor_text(s: &str) -> String {
    // "Reminds States of their duty to ...": the addressee's own duty is
    // no part of its name.
    let duty = [
        "duty",
        "duties",
        "obligation",
        "responsibilit",
        "commitment",
    ];
    let s = [" of their ", " of its "]
        .iter()
        .filter_map(|w| {
            memchr::memmem::find(s.as_bytes(), w.as_bytes()).map(|at| (at, &s[at + w.len()..]))
        })
        .filter(|(_, rest)| duty.iter().any(|d| rest.starts_with(d)))
        .map(|(at, _)| at)
        .min()
        .map_or(s, |at| &s[..at]);
    let mut t = s.trim_end();
    loop {
        let before = t;
        t = t.trim_end_matches([',', '(', ' ']);
        t = t.strip_suffix(" to").unwrap_or(t);
        if t == before {
            return t.to_string();
        }
    }
}

pub(super) fn clean_action(s: &str) -> String {
    let t = s.trim();
    let t = t
        .strip_prefix("to ")
        .or_else(|| t.strip_prefix("To "))
        .unwrap_or(t);
    let t = t.strip_prefix(':').unwrap_or(t).trim_start();
    trim_end_punct(t).to_string()
}

/// Writes `n` in decimal digits at the end of `out`.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_texts_lose_what_the_action_left() {
        assert_eq!(tidy_actor_text("all States to"), "all States");
        assert_eq!(
            tidy_actor_text("the European Union ("),
            "the European Union"
        );
        assert_eq!(tidy_actor_text("States parties to"), "States parties");
        assert_eq!(tidy_actor_text("the Office"), "the Office");
        assert_eq!(tidy_actor_text("States of their duty"), "States");
    }

    proptest::proptest! {
        /// A number written by digits is the number as `Display` writes it,
        /// after what the string held.
        #[test]
        fn numbers_are_written_as_display_writes_them(n: u32, before in "[a-z.]{0,4}") {
            let mut s = before.clone();
            push_number(&mut s, n);
            proptest::prop_assert_eq!(s, format!("{before}{n}"));
        }
    }

    #[test]
    fn actions_lose_their_infinitive_and_end() {
        assert_eq!(clean_action("to submit a report."), "submit a report");
    }
}
