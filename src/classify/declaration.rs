//! The texts a resolution adopts or annexes (a declaration, an outcome
//! document, a programme of action) -> their asks: "We request the
//! Secretary-General to ...", "We call upon Member States to ...", and the
//! adopting States' own commitments ("We commit to ...", "We will ...").
//!
//! Their paragraphs are numbered on their own, and an ask may stand in mid-
//! paragraph after other sentences, so each paragraph is read sentence by
//! sentence: every "we" that opens a sentence or a clause opens a segment,
//! read with the first-person verb phrases of `rules/verbs.yaml`
//! (`first_person`) and "We" as the adopting States. Lettered items under
//! "We decide to:" are steps of that commitment; an ask inside one ("(c)
//! Ensure ... and request the Secretary-General to ...") is read too.

use super::*;
use crate::rules::lexicon::{Token, tokens};

impl Extractor<'_> {
    /// The obligations of the adopted text and the annexes.
    pub(super) fn declarations(&mut self) -> Vec<Obligation> {
        if self.ast.adoption.is_none() && self.ast.annexes.is_empty() {
            return Vec::new();
        }
        let voice = std::mem::replace(&mut self.voice, Voice::FirstPerson);
        let paras = self.declaration_paras();
        let body = self.body.take();
        self.body = Some((ActorId::new("member-states"), "We".to_string()));
        let mut out = Vec::new();
        for p in &paras {
            let (_, obs) = self.paragraph(p, false);
            out.extend(obs);
        }
        self.voice = voice;
        self.body = body;
        out
    }

    /// The numbered paragraphs of the adopted text and of each annex, with
    /// their lettered items and the lines that continue them. Headings
    /// ("II. Peace and security", "Action 11. We will ...") end a
    /// paragraph; lines before the first number (a title, "We, the Heads of
    /// State ...") belong to none.
    fn declaration_paras(&self) -> Vec<Para> {
        let clean = self.clean();
        let mut texts: Vec<(AnnexAt, &[Span])> = Vec::new();
        if let Some(a) = &self.ast.adoption {
            let at = AnnexAt {
                heading: "adopted text".into(),
                key: "adopted".into(),
            };
            texts.push((at, &a.text));
        }
        let mut keys: BTreeMap<String, u32> = BTreeMap::new();
        for a in &self.ast.annexes {
            let heading = a.heading.of(clean);
            let word = id_part(heading.split([' ', ':']).next().unwrap_or(""));
            let word = if word.is_empty() {
                "annex".into()
            } else {
                word
            };
            let mut key = match a.label.as_deref().map(id_part) {
                Some(l) if !l.is_empty() => format!("{word}-{l}"),
                _ => word,
            };
            let n = keys.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                key = format!("{key}-{n}");
            }
            let at = AnnexAt {
                heading: heading.to_string(),
                key,
            };
            texts.push((at, &a.lines));
        }
        let mut paras = Vec::new();
        for (at, lines) in texts {
            // Numbering that restarts (a list of objectives before the
            // paragraphs, a programme of action in sections) makes runs;
            // the longest keeps the text's id prefix, the others add their
            // place ("annex-i.1.p3...").
            let mut runs: Vec<Vec<Para>> = Vec::new();
            let mut current: Option<Para> = None;
            let mut last = 0;
            let mut lead: Option<Lead> = None;
            for line in lines {
                let t = line.of(clean);
                if let Some(l) = self.leading_line(t) {
                    if let Some(run) = runs.last_mut() {
                        run.extend(current.take());
                    }
                    current = None;
                    lead = Some(l);
                } else if let Some((n, rest)) = numbered(t) {
                    if n <= last || runs.is_empty() {
                        runs.push(Vec::new());
                    }
                    let run = runs.last_mut().expect("a run was pushed");
                    run.extend(current.take());
                    last = n;
                    let text = Span::new(line.end - rest.len(), line.end);
                    let mut p = Para::new(n, None, None, *line, text);
                    p.annex = Some(at.clone());
                    // A principle ("1. The maintenance of peace must be
                    // promoted") after "we will observe the following
                    // principles:" is no action of the lead.
                    p.lead = lead.clone().filter(|_| !self.opens_noun_phrase(rest));
                    current = Some(p);
                } else if heading_like(t) || titled_number(t) {
                    if let Some(run) = runs.last_mut() {
                        run.extend(current.take());
                    }
                    current = None;
                    lead = None;
                } else if let Some(p) = current.as_mut() {
                    if let Some((label, rest)) = leading_label(t).or_else(|| bullet(t)) {
                        let text = Span::new(line.end - rest.len(), line.end);
                        p.subs.push((label, *line, text));
                    } else {
                        p.extra.push(*line);
                    }
                }
            }
            if let Some(run) = runs.last_mut() {
                run.extend(current);
            }
            let longest = (0..runs.len()).max_by_key(|&i| (runs[i].len(), std::cmp::Reverse(i)));
            for (i, run) in runs.into_iter().enumerate() {
                for mut p in run {
                    if Some(i) != longest
                        && let Some(a) = p.annex.as_mut()
                    {
                        a.key = format!("{}.{}", a.key, i + 1);
                    }
                    paras.push(p);
                }
            }
        }
        paras
    }

    /// A line without a number that leads the numbered paragraphs after
    /// it ("Guided by these principles, we hereby pledge to:"): its
    /// commitment verb.
    fn leading_line(&self, t: &str) -> Option<Lead> {
        if !t.trim_end().ends_with(':') || numbered(t).is_some() || leading_label(t).is_some() {
            return None;
        }
        we_clauses(t).into_iter().find_map(|(a, b)| {
            let v = verb_at(&t[a..b], 0, self.rules, self.voice)?;
            (v.start == 0 && self.rules.verbs[v.rule].strength == Strength::Commitment).then_some(
                Lead {
                    rule: v.rule,
                    verb: v.verb,
                    subject: None,
                },
            )
        })
    }

    /// "Landlocked developing countries should develop ...", "Governments
    /// are invited to ...": a sentence that opens with its subject, then a
    /// phrase of `after_subject` (`rules/verbs.yaml`) within its first
    /// words. A passive ("Priority should be given ...") asks nothing.
    fn subject_first(&self, t: &str) -> Option<Lead> {
        let lexicon = &self.rules.after_subject_lexicon;
        // Most sentences hold none of the phrases: told by the lexicon's
        // screen, without splitting the words `subject_then` reads.
        lexicon.may_occur_from(&t[..floor(t, 200)])?;
        let (from, to, rule) = self.subject_then(t, lexicon.max_words(), |toks, i| {
            lexicon.longest(toks, i).map(|(n, &r)| (n, r))
        })?;
        Some(Lead {
            rule,
            verb: t[from..to].to_lowercase(),
            subject: Some((from, to)),
        })
    }

    /// "The Government of Iraq shall cooperate ...": where the modal after
    /// the subject of a lettered item stands (see `subject_then`).
    pub(super) fn subject_and_modal(&self, t: &str) -> Option<(usize, usize)> {
        let modals = &self.rules.language.modals;
        self.subject_then(t, 1, |toks, i| {
            modals.contains(toks[i].text).then_some((1, ()))
        })
        .map(|(from, to, ())| (from, to))
    }

    /// A subject, then a phrase `phrase` finds (its length in words, at most
    /// `longest`, and what it says) within the first words of `t`, before
    /// any comma: where the phrase starts and ends. No subject holds "is"
    /// or "has" outside a relative clause ("Information is made available
    /// ..."), a possessive or "whether", and no ask follows that is a
    /// passive or a state ("should be given", "should have access").
    fn subject_then<R>(
        &self,
        t: &str,
        longest: usize,
        phrase: impl Fn(&[Token<'_>], usize) -> Option<(usize, R)>,
    ) -> Option<(usize, usize, R)> {
        // The phrase starts within the first 16 tokens, before the first
        // comma after the first token, and holds at most `longest` tokens:
        // the text is split into tokens no further than that.
        let mut rest = tokens(&t[..floor(t, 200)], 0);
        let mut toks = Vec::with_capacity(16 + longest);
        for tok in rest.by_ref() {
            let comma = !toks.is_empty() && matches!(tok.text, "," | ";" | ":");
            toks.push(tok);
            if comma || toks.len() == 16 {
                break;
            }
        }
        toks.extend(rest.take(longest));
        let (i, n, found) = (1..toks.len().min(16))
            .take_while(|&i| !matches!(toks[i].text, "," | ";" | ":"))
            .find_map(|i| phrase(&toks, i).map(|(n, r)| (i, n, r)))?;
        let (from, to) = (toks[i].start, toks[i + n - 1].end);
        let lang = &self.rules.language;
        // "These States’ opinions on whether the request should be granted":
        // a possessive or a question names no addressee.
        let subject = &t[..from];
        if subject.contains("’ ") || subject.contains("' ") || subject.contains("’s ") {
            return None;
        }
        if toks[..i]
            .iter()
            .take_while(|w| !matches!(w.text, "that" | "which" | "who"))
            .any(|w| {
                lang.statement_verbs.contains(w.text) || matches!(w.text, "whether" | "if" | "how")
            })
        {
            return None;
        }
        let after: Vec<&str> = t[to..]
            .split_whitespace()
            .filter(|w| !(w.len() > 4 && w.ends_with("ly")))
            .take(2)
            .collect();
        if passive(&after.join(" "), lang)
            || after
                .first()
                .is_some_and(|w| lang.statement_verbs.contains(w))
        {
            return None;
        }
        Some((from, to, found))
    }

    /// Does `t` open with an article or determiner ("The maintenance ...",
    /// "A clean environment ...")?
    fn opens_noun_phrase(&self, t: &str) -> bool {
        let d = &self.rules.determiners;
        let first = t.split(' ').next().unwrap_or("");
        ["a", "an", "our"].contains(&first.to_lowercase().as_str())
            || d.longest(&d.head_tokens(t, 0), 0).is_some()
    }

    /// The clause segments of a declaration's paragraph: one per "we" with
    /// its verb (the paragraph's text and the lines that continue it), each
    /// lettered item that opens with a verb, and the asks inside the other
    /// items; those others are the steps of the paragraph's last sentence
    /// when it ends with a colon ("We decide to:"). Returns the segments,
    /// the steps and which segment the steps belong to.
    pub(super) fn declaration_segments(
        &self,
        p: &Para,
        main: Span,
        subs: &[(String, Span, Span)],
    ) -> Segments {
        let clean = self.clean();
        let mut segments: Vec<(Option<String>, Span)> = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        let mut target = None;
        let mut leads = Vec::new();
        // "11. Promote ..." after "we hereby pledge to:": the paragraph is
        // that commitment's action.
        if let Some(l) = &p.lead {
            segments.push((None, main));
            leads.push((0, l.clone()));
            target = Some(0);
        }
        // Where the paragraph's lead clause ends: at the first later
        // sentence with a "we" of its own ("15. To encourage the Committee
        // to ... . In this regard, we encourage States to ...").
        let mut lead_end = None;
        for part in std::iter::once(main).chain(p.extra.iter().copied()) {
            let text = part.of(clean);
            for (s, e) in sentences(text) {
                let we = we_clauses(&text[s..e]);
                if s > 0 && !we.is_empty() && part == main {
                    lead_end.get_or_insert(part.start + s);
                }
                if we.is_empty()
                    && p.lead.is_none()
                    && let Some(l) = self.subject_first(&text[s..e])
                {
                    leads.push((segments.len(), l));
                    segments.push((None, Span::new(part.start + s, part.start + e)));
                }
                for (a, b) in we {
                    segments.push((None, Span::new(part.start + s + a, part.start + s + b)));
                }
            }
            if text.trim_end().ends_with(':')
                && segments
                    .last()
                    .is_some_and(|(_, seg)| seg.end + 2 >= part.end)
            {
                target = Some(segments.len() - 1);
            }
        }
        if p.lead.is_some()
            && let Some(end) = lead_end
        {
            let first = &mut segments[0].1;
            *first = Span::new(first.start, end.max(first.start));
        }
        for (label, _, text) in subs {
            // "(c) To make the fight against corruption a priority ... . We
            // urge all States ...": a later sentence's "we" is a clause of
            // its own, and ends the item.
            let mut own = Vec::new();
            let mut end = text.end;
            let whole = text.of(clean);
            for (s, e) in sentences(whole) {
                let we = we_clauses(&whole[s..e]);
                if s > 0 && !we.is_empty() {
                    end = end.min(text.start + s);
                    for (a, b) in we {
                        own.push((
                            Some(label.clone()),
                            Span::new(text.start + s + a, text.start + s + b),
                        ));
                    }
                }
            }
            let text = Span::new(text.start, end);
            let t = text.of(clean).trim_end();
            if let Some(l) = self.subject_first(t) {
                leads.push((segments.len(), l));
                segments.push((Some(label.clone()), text));
            } else {
                let first = clause_starts(t, self.rules, self.voice)
                    .first()
                    .map(|v| v.start);
                if let Some(v) = first {
                    segments.push((Some(label.clone()), Span::new(text.start + v, text.end)));
                }
                if first != Some(0) {
                    steps.push(Step {
                        label: label.clone(),
                        text: trim_end_punct(t).to_string(),
                    });
                }
            }
            segments.extend(own);
        }
        if target.is_none() {
            steps.clear();
        }
        Segments {
            segments,
            steps,
            target,
            leads,
        }
    }
}

/// Lower-case ASCII letters and digits of `s`, for an id ("Appendix-II"
/// -> "appendixii").
fn id_part(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// "57. We recognize ..." / "63.\tWe emphasize ...": the number and the
/// text after it.
fn numbered(t: &str) -> Option<(u32, &str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = t[digits..].strip_prefix('.')?;
    let text = rest.trim_start();
    if text.len() == rest.len() || text.is_empty() {
        return None;
    }
    Some((t[..digits].parse().ok()?, text))
}

/// "• To strengthen ...": an item marked by a bullet, labelled "•".
fn bullet(t: &str) -> Option<(String, &str)> {
    let rest = t
        .strip_prefix('•')
        .or_else(|| t.strip_prefix("- "))
        .or_else(|| t.strip_prefix("– "))?
        .trim_start();
    (!rest.is_empty()).then(|| ("•".to_string(), rest))
}

/// "Action 11. We will ...", "Goal 1. End poverty ...": a titled number
/// that heads the paragraphs after it.
fn titled_number(t: &str) -> bool {
    let Some((word, rest)) = t.split_once(' ') else {
        return false;
    };
    word.chars().all(char::is_alphabetic)
        && word.starts_with(|c: char| c.is_uppercase())
        && numbered(rest).is_some()
}

/// Byte ranges of the sentences of `text`: a sentence ends at ". " (or
/// "? ", "! ") before a capital letter or a digit, unless the word before
/// the point is an abbreviation ("No.", "e.g.", "para.", "A.").
pub(super) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'.', b'?', b'!', b) {
        let next = text[i + 1..].strip_prefix(' ');
        let opens = next.is_some_and(|n| {
            n.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '“')
        });
        if !opens {
            continue;
        }
        let word = text[..i].rsplit([' ', '(']).next().unwrap_or("");
        let abbreviation = word.is_empty()
            || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_uppercase()))
            || word.contains('.')
            || [
                "No", "Nos", "para", "paras", "art", "Art", "vol", "Vol", "Mr", "Ms", "Dr", "St",
            ]
            .contains(&word);
        if abbreviation {
            continue;
        }
        out.push((start, i + 1));
        start = i + 2;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// In one sentence, the stretch after each "we" that opens it or a clause
/// of it ("We request ...", "To this end, we request ...", "..., and we
/// call upon ..."), up to the next such "we".
fn we_clauses(sentence: &str) -> Vec<(usize, usize)> {
    let b = sentence.as_bytes();
    let mut starts = Vec::new();
    for i in memchr::memchr2_iter(b'W', b'w', b) {
        if !sentence[i + 1..].starts_with("e ") {
            continue;
        }
        let before = sentence[..i].trim_end();
        let opens = before.is_empty()
            || before.ends_with([',', ';', ':'])
            || before.ends_with(" and")
            || before == "and";
        if opens {
            starts.push((i, i + 3));
        }
    }
    let mut out = Vec::new();
    for (k, &(_, from)) in starts.iter().enumerate() {
        let to = starts.get(k + 1).map_or(sentence.len(), |&(w, _)| w);
        let stretch = sentence[from..to].trim_end();
        let stretch = stretch.strip_suffix(" and").unwrap_or(stretch);
        if !stretch.trim().is_empty() {
            out.push((from, from + stretch.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_a_point_before_a_capital() {
        let t = "We note the report. We request the Secretary-General to act. We welcome it.";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            [
                "We note the report.",
                "We request the Secretary-General to act.",
                "We welcome it."
            ]
        );
        let t = "See resolution No. 5 and art. 3. We act.";
        assert_eq!(sentences(t).len(), 2);
    }

    #[test]
    fn we_opens_a_clause_at_the_start_or_after_a_separator() {
        let t =
            "To this end, we request the Secretary-General to act, and we invite States to help";
        let s: Vec<&str> = we_clauses(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            [
                "request the Secretary-General to act,",
                "invite States to help"
            ]
        );
        assert!(we_clauses("the future we want").is_empty());
    }

    #[test]
    fn numbered_paragraphs_and_titled_numbers() {
        assert_eq!(numbered("57. We recognize"), Some((57, "We recognize")));
        assert_eq!(numbered("63.\tWe emphasize"), Some((63, "We emphasize")));
        assert_eq!(numbered("2025 Political Declaration"), None);
        assert!(titled_number("Action 11. We will protect culture."));
        assert!(!titled_number("Action will be taken."));
    }
}
