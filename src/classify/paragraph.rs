//! One operative paragraph: its text and sub-paragraphs -> clause segments
//! (the main text, sub-paragraphs with a verb of their own, lines without a
//! number), the clauses of each, and their obligations in order, with
//! lettered steps attached and addressees without an action given the
//! action of the clause after them.

use super::*;

impl Extractor<'_> {
    /// One operative paragraph: its clauses and obligations.
    pub(super) fn paragraph(
        &mut self,
        p: &Para,
        multi_part: bool,
    ) -> (OperativeParagraph, Vec<Obligation>) {
        let clean = self.clean();
        // "58. (a) Requests ...": the paragraph's text is its first
        // sub-paragraph.
        let mut subs = p.subs.clone();
        let mut main = p.text;
        if let Some((label, rest)) = leading_label(main.of(clean)) {
            let start = main.end - rest.len();
            subs.insert(0, (label, main, Span::new(start, main.end)));
            main = Span::new(main.start, main.start);
        }
        let Segments {
            segments,
            steps,
            target,
            leads,
        } = if p.annex.is_some() {
            self.declaration_segments(p, main, &subs)
        } else {
            self.segments(p, main, &subs)
        };
        let prefix = match (&p.annex, &p.part, multi_part) {
            (Some(a), _, _) => [a.key.as_str(), "."].concat(),
            (None, Some(l), true) => [l.as_str(), "."].concat(),
            _ => String::new(),
        };
        let mut r = Reading::default();
        for (si, (label, seg)) in segments.iter().enumerate() {
            let at = SegmentAt {
                p,
                prefix: &prefix,
                label: label.as_deref(),
                seg: *seg,
                main: target == Some(si),
                lead: leads.iter().find(|(i, _)| *i == si).map(|(_, l)| l),
            };
            self.read_segment(&at, &mut r);
        }
        if !steps.is_empty()
            && let Some((a, b)) = r.step_target
        {
            self.attach_steps(&steps, &mut r.obligations[a..b]);
        }
        // An addressee whose clause found no action to share is no
        // obligation ("Calls upon the Office, and notes ...").
        let unfilled: BTreeSet<usize> = r.unfilled.iter().copied().collect();
        let mut i = 0;
        r.obligations.retain(|_| {
            i += 1;
            !unfilled.contains(&(i - 1))
        });
        // "Decides that:" whose items each name their own subject, or a
        // declaration's "We resolve therefore:" whose items did not come:
        // the announcing clause asks nothing itself.
        r.obligations.retain(|o| !o.action.is_empty());
        let op = self.operative_record(p, &subs, r.clauses, multi_part);
        (op, r.obligations)
    }

    /// The clause segments of a paragraph (its main text, sub-paragraphs
    /// that open with their own verb or, after "Decides the following:",
    /// with their own subject, lines without a number that open with a
    /// verb), in text order, the steps (sub-paragraphs without a verb of
    /// their own, before any that has one, which belong to the main text),
    /// and the segments whose verb is the paragraph's.
    fn segments(&mut self, p: &Para, main: Span, subs: &[(String, Span, Span)]) -> Segments {
        let clean = self.clean();
        let mut segments: Vec<(Option<String>, Span)> = Vec::new();
        let mut leads = Vec::new();
        if !main.is_empty() {
            segments.push((None, main));
        }
        // "Decides the following: (a) the Government shall ...; (b) the
        // Secretary-General shall ...": each item has its own subject.
        let main_text = main.of(clean).trim_end();
        let announces = ["the following:", "as follows:", "that:"]
            .iter()
            .any(|e| main_text.ends_with(e));
        let main_verb = verb_at(main_text, 0, self.rules, self.voice).filter(|_| announces);
        let mut steps: Vec<Step> = Vec::new();
        for (label, _, text) in subs {
            let t = text.of(clean);
            if verb_at(t, 0, self.rules, self.voice).is_some_and(|v| v.start == 0) {
                segments.push((Some(label.clone()), *text));
            } else if let Some(v) = &main_verb
                && let Some(subject) = self.subject_and_modal(t)
            {
                // "(a) The State of Palestine may submit ...": allowed, not
                // required (the first `permission` verb rule).
                let may = &t[subject.0..subject.1] == "may";
                let rule = may
                    .then(|| {
                        self.rules
                            .verbs
                            .iter()
                            .position(|r| r.strength == Strength::Permission)
                    })
                    .flatten()
                    .unwrap_or(v.rule);
                leads.push((
                    text.start,
                    Lead {
                        rule,
                        verb: v.verb.clone(),
                        subject: Some(subject),
                    },
                ));
                segments.push((Some(label.clone()), *text));
            } else if segments.len() <= 1 {
                steps.push(Step {
                    label: label.clone(),
                    text: trim_end_punct(text.of(clean)).to_string(),
                });
            }
        }
        // A line without a number after the paragraph (a number the
        // conversion lost): read with the paragraph, its clauses too when it
        // opens with an operative verb.
        for e in &p.extra {
            let t = e.of(clean);
            if self.is_operative_start(t) {
                segments.push((None, *e));
                let shown: String = t.chars().take(60).collect();
                let line = Some(self.line_of(e.start));
                self.note(
                    Severity::Warning,
                    "unnumbered-paragraph",
                    format!(
                        "a line opens with an operative verb but has no number; it is read as part of paragraph {}: {shown:?}",
                        p.number
                    ),
                    line,
                );
            }
        }
        segments.sort_by_key(|(_, s)| s.start);
        // The leads by the index their segment now has.
        let leads = leads
            .into_iter()
            .filter_map(|(start, l)| {
                let i = segments.iter().position(|(_, s)| s.start == start)?;
                Some((i, l))
            })
            .collect();
        let target = segments.first().and_then(|(l, _)| l.is_none().then_some(0));
        Segments {
            segments,
            steps,
            target,
            leads,
        }
    }

    /// Reads the clauses of one segment into `r`: each clause, the
    /// obligations of those that ask something, and addressees that share
    /// the action of the clause after them.
    fn read_segment(&self, at: &SegmentAt<'_>, r: &mut Reading) {
        let seg = at.seg;
        let text = seg.of(self.clean());
        let mut starts = clause_starts(text, self.rules, self.voice);
        if let Some(lead) = at.lead {
            let (from, to) = lead.subject.unwrap_or((0, 0));
            // A subject-first clause is one ask: "The international
            // community should, as appropriate, encourage and help States
            // to ..." asks it, not States.
            starts.retain(|v| lead.subject.is_none() && v.start > to);
            starts.insert(
                0,
                VerbMatch {
                    rule: lead.rule,
                    start: 0,
                    verb_start: from,
                    end: to,
                    verb: lead.verb.clone(),
                },
            );
        }
        if at.p.annex.is_some() {
            // In a declaration, "will", "commit to", ... are the adopting
            // States' own only right after "we" (a segment's start): "(a)
            // Shall institute ..." of an annexed convention is not.
            let rules = self.rules;
            starts.retain(|v| {
                rules.verbs[v.rule].strength != Strength::Commitment
                    || (at.label.is_none() && v.start == 0)
            });
        }
        let mut pending: Option<(usize, usize)> = None;
        let first_clause = r.clauses.len();
        for (k, v) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(text.len(), |n| n.start);
            let body = trim_clause_end(&text[v.start..end]);
            let cspan = Span::new(seg.start + v.start, seg.start + v.start + body.len());
            let verb = &self.rules.verbs[v.rule];
            let index = r.clauses.len() as u32 + 1;
            r.clauses.push(Clause {
                index,
                // Given below, once the obligations have their copies.
                verb: String::new(),
                strength: verb.strength,
                rule: ["verbs/", verb.id.as_str()].concat(),
                span: self.file_span(cspan),
            });
            if verb.strength == Strength::Declaratory {
                continue;
            }
            let first = r.obligations.len();
            let clause = ClauseAt {
                p: at.p,
                prefix: at.prefix,
                sub: at.label,
                index,
                v,
                cspan,
                subject_first: k == 0 && at.lead.is_some_and(|l| l.subject.is_some()),
            };
            let (found, awaits_action) = self.clause_obligations(&clause, &r.previous);
            let has_action = found.iter().any(|(_, o)| !o.action.is_empty());
            // The addressees found are the next clause's previous ones.
            if !found.is_empty() {
                r.previous.clear();
            }
            for (a, o) in found {
                r.previous.push(a);
                r.obligations.push(o);
            }
            // "Requests the Office, and invites the Board, to assist ...":
            // the addressees of a clause without an action share the
            // action of the clause that follows it.
            if let Some((a, b)) = pending.take()
                && has_action
            {
                share_action(&mut r.obligations, a..b, first);
                r.unfilled.retain(|i| !(a..b).contains(i));
            }
            let now = r.obligations.len();
            if awaits_action && now > first && k + 1 < starts.len() {
                pending = Some((first, now));
            }
            if awaits_action {
                r.unfilled.extend(first..now);
            }
            if at.main {
                r.step_target = Some((first, now));
            }
        }
        // Each clause's verb, as its start read it: one clause to each.
        for (c, v) in r.clauses[first_clause..].iter_mut().zip(starts) {
            c.verb = v.verb;
        }
    }

    /// Gives the lettered steps to the obligations of the paragraph's main
    /// clause, with the qualifiers, deadline and references read in them.
    fn attach_steps(&self, steps: &[Step], obligations: &mut [Obligation]) {
        if obligations.is_empty() {
            return;
        }
        let steps_text: String = steps
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // What the steps say, read once for all the obligations.
        let (qs, ids) = details::qualifiers(&steps_text, "", self.rules);
        let deadline = obligations
            .iter()
            .any(|o| o.deadline.is_none())
            .then(|| details::deadline(&steps_text, self.rules).map(|(d, _)| d))
            .flatten();
        let references = details::references(&steps_text, self.rules, self.body_name());
        for o in obligations {
            o.steps = steps.to_vec();
            if o.action.is_empty() {
                o.action = steps
                    .iter()
                    .map(|s| format!("({}) {}", s.label, s.text))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            for (q, id) in qs.iter().zip(&ids) {
                if !o.qualifiers.iter().any(|x| x.kind == q.kind) {
                    if let Some(e) = o.explain.as_mut() {
                        e.qualifiers.push(id.clone());
                    }
                    o.qualifiers.push(q.clone());
                }
            }
            if o.deadline.is_none() {
                o.deadline.clone_from(&deadline);
            }
            for r in &references {
                if !o.references.iter().any(|x| x.text == r.text) {
                    o.references.push(r.clone());
                }
            }
        }
    }

    /// The paragraph as the output gives it: its text (with lines that
    /// lost their number, headings left out), sub-paragraphs and clauses.
    fn operative_record(
        &self,
        p: &Para,
        subs: &[(String, Span, Span)],
        clauses: Vec<Clause>,
        multi_part: bool,
    ) -> OperativeParagraph {
        let clean = self.clean();
        let last = subs
            .last()
            .map_or(p.line.end, |(_, l, _)| l.end)
            .max(p.extra.last().map_or(0, |e| e.end));
        OperativeParagraph {
            number: p.number,
            part: if multi_part { p.part.clone() } else { None },
            section: p.section.clone(),
            text: std::iter::once(p.text)
                .chain(p.extra.iter().copied())
                .map(|s| s.of(clean))
                .filter(|t| !heading_like(t) || self.is_operative_start(t))
                .collect::<Vec<_>>()
                .join(" "),
            subparagraphs: subs
                .iter()
                .map(|(label, line, text)| SubParagraph {
                    label: label.clone(),
                    text: text.of(clean).to_string(),
                    span: self.file_span(*line),
                })
                .collect(),
            clauses,
            span: self.file_span(Span::new(p.line.start, last)),
        }
    }
}

/// A paragraph's clause segments, its steps and the segment whose
/// obligations the steps belong to.
pub(super) struct Segments {
    pub(super) segments: Vec<(Option<String>, Span)>,
    pub(super) steps: Vec<Step>,
    pub(super) target: Option<usize>,
    /// The segments whose verb stands outside them or after their subject
    /// (by index).
    pub(super) leads: Vec<(usize, Lead)>,
}

/// What a paragraph's clauses have given so far.
#[derive(Default)]
pub(super) struct Reading {
    pub(super) clauses: Vec<Clause>,
    pub(super) obligations: Vec<Obligation>,
    /// The addressees of the last clause that had any (for gapped ones).
    pub(super) previous: Vec<Addressee>,
    /// The obligations of the main clause, which lettered steps belong to.
    pub(super) step_target: Option<(usize, usize)>,
    /// Obligations still waiting for the action of a clause after them.
    pub(super) unfilled: Vec<usize>,
}

/// One clause segment of a paragraph: the paragraph, the part prefix of
/// ids, the sub-paragraph label, the clean-text range, and whether it is
/// the paragraph's own text (the clause that steps belong to).
pub(super) struct SegmentAt<'a> {
    pub(super) p: &'a Para,
    pub(super) prefix: &'a str,
    pub(super) label: Option<&'a str>,
    pub(super) seg: Span,
    pub(super) main: bool,
    /// The verb of a declaration's leading line ("we hereby pledge to:"),
    /// which opens this segment: its whole text is the action.
    pub(super) lead: Option<&'a Lead>,
}

/// Where a clause stands: its paragraph, the part prefix of ids ("B."),
/// its sub-paragraph, its index in the paragraph, its verb and its
/// clean-text range.
#[derive(Clone, Copy)]
pub(super) struct ClauseAt<'a> {
    pub(super) p: &'a Para,
    pub(super) prefix: &'a str,
    pub(super) sub: Option<&'a str>,
    pub(super) index: u32,
    pub(super) v: &'a VerbMatch,
    pub(super) cspan: Span,
    /// The clause opens with its subject, before the verb phrase
    /// ("Governments are invited to ...", in a declaration).
    pub(super) subject_first: bool,
}

/// Gives the obligations in `pending` the action, qualifiers, deadline and
/// references of the first obligation from `from` on that has an action.
pub(super) fn share_action(
    obligations: &mut [Obligation],
    pending: std::ops::Range<usize>,
    from: usize,
) {
    let Some(src) = obligations[from..]
        .iter()
        .find(|o| !o.action.is_empty())
        .cloned()
    else {
        return;
    };
    for o in &mut obligations[pending] {
        o.action = src.action.clone();
        for q in &src.qualifiers {
            if !o.qualifiers.iter().any(|x| x.kind == q.kind) {
                o.qualifiers.push(q.clone());
            }
        }
        if o.deadline.is_none() {
            o.deadline = src.deadline.clone();
        }
        for r in &src.references {
            if !o.references.contains(r) {
                o.references.push(r.clone());
            }
        }
        if let (Some(e), Some(se)) = (o.explain.as_mut(), src.explain.as_ref()) {
            e.qualifiers.extend(se.qualifiers.iter().cloned());
            if e.deadline.is_none() {
                e.deadline = se.deadline.clone();
            }
        }
    }
}

/// A clause's text without the separator that ends it (", and", ";").
pub(super) fn trim_clause_end(s: &str) -> &str {
    let mut t = s.trim_end();
    loop {
        let before = t;
        t = t.trim_end_matches([',', ';', ' ']);
        if let Some(x) = t.strip_suffix(" and") {
            t = x;
        }
        if t == before {
            return t;
        }
    }
}

pub(super) fn trim_end_punct(s: &str) -> &str {
    let t = s.trim_end();
    let t = t
        .strip_suffix("; and")
        .or_else(|| t.strip_suffix("; or"))
        .unwrap_or(t);
    t.trim_end_matches([';', '.', ',', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_end_before_their_connective() {
        assert_eq!(trim_clause_end("to act, and "), "to act");
    }
}
