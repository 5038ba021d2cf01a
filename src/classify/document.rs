//! Document assembly: the parsed items of each part -> preambular
//! paragraphs, operative paragraphs (with their sub-paragraphs, headings,
//! lines without a number) and annexes, with the diagnostics of numbering
//! (gaps, duplicates, order) and coverage (text that landed nowhere).

use super::*;

impl Extractor<'_> {
    /// Preambular paragraphs, operative paragraphs and annexes of the AST,
    /// with unnumbered operative parts numbered in order.
    pub(super) fn structure(&mut self) -> (Vec<Span>, Vec<Para>, Vec<Annex>) {
        let clean = self.clean();
        let mut preamble = Vec::new();
        let mut paras: Vec<Para> = Vec::new();
        let several = self.ast.parts.len() > 1;
        // The first part's letter stands in the front matter ("A" just
        // before "The Security Council,").
        let first_label = self
            .ast
            .header
            .last()
            .map(|s| s.of(clean))
            .filter(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_string);
        for (pi, part) in self.ast.parts.iter().enumerate() {
            let label = match (several, pi) {
                (false, _) => None,
                (true, 0) => part.label.clone().or_else(|| first_label.clone()),
                (true, _) => part.label.clone(),
            };
            let numbered = part.operative.iter().any(|i| {
                matches!(
                    i,
                    Item::Paragraph {
                        number: Some(_),
                        ..
                    }
                )
            });
            if numbered {
                for it in &part.preamble {
                    self.push_preamble(&mut preamble, it);
                }
                self.numbered_part(&part.operative, label, &mut paras);
            } else {
                self.unnumbered_part(part, label, &mut preamble, &mut paras);
            }
        }
        let annexes = self.annexes(&mut paras);
        (preamble, paras, annexes)
    }

    /// The operative paragraphs of a part whose paragraphs are numbered,
    /// with their sub-paragraphs, headings and lines without a number; a
    /// number misread by OCR is read; a numbered list inside a paragraph
    /// ("11. Approves the following agenda:" then "1. Opening ...") stays
    /// in it.
    fn numbered_part(&mut self, items: &[Item], label: Option<String>, paras: &mut Vec<Para>) {
        let clean = self.clean();
        let first_of_part = paras.len();
        let mut section: Option<String> = None;
        // (parent, next item) of a numbered list inside a paragraph.
        let mut nested: Option<(u32, u32)> = None;
        for it in items {
            let numbered = match it {
                Item::Paragraph {
                    number: Some(n),
                    line,
                    text,
                } => Some((*n, *line, *text)),
                other => self.ocr_number(other, paras[first_of_part..].last().map(|p| p.number)),
            };
            let Some((n, line, text)) = numbered else {
                attach(paras, it, &mut section);
                continue;
            };
            if let Some(last) = paras[first_of_part..].last_mut() {
                let opens_list = n == 1 && last.number >= 1 && ends_with_colon(last, clean);
                match nested {
                    Some((_, next)) if n == next => {}
                    Some((parent, _)) if n == parent + 1 => nested = None,
                    Some(_) => nested = None,
                    None if opens_list => nested = Some((last.number, 1)),
                    None => {}
                }
                if let Some((_, next)) = nested.as_mut()
                    && n == *next
                {
                    last.subs.push((n.to_string(), line, text));
                    *next += 1;
                    continue;
                }
            }
            paras.push(Para::new(n, label.clone(), section.clone(), line, text));
        }
    }

    /// A part without numbered paragraphs: the operative part starts at the
    /// first paragraph that opens with an operative verb, and its
    /// paragraphs are numbered 1, 2, ... in order (with a note).
    fn unnumbered_part(
        &mut self,
        part: &parse::Part,
        label: Option<String>,
        preamble: &mut Vec<Span>,
        paras: &mut Vec<Para>,
    ) {
        let clean = self.clean();
        let mut section: Option<String> = None;
        let all: Vec<&Item> = part.preamble.iter().chain(&part.operative).collect();
        let first_op = all.iter().position(|it| match it {
            Item::Paragraph { text, .. } => self.is_operative_start(text.of(clean)),
            _ => false,
        });
        let split = first_op.unwrap_or(all.len());
        for it in &all[..split] {
            self.push_preamble(preamble, it);
        }
        let mut n = 0;
        for it in &all[split..] {
            match it {
                Item::Paragraph { line, text, .. } if self.is_operative_start(text.of(clean)) => {
                    n += 1;
                    paras.push(Para::new(n, label.clone(), section.clone(), *line, *text));
                }
                Item::Paragraph { line, .. }
                    if paras.is_empty() || text_ends_preamble(line.of(clean)) =>
                {
                    preamble.push(*line)
                }
                other => attach(paras, other, &mut section),
            }
        }
        if first_op.is_some() {
            self.note(
                Severity::Info,
                "unnumbered",
                "the operative paragraphs are not numbered; they are numbered 1, 2, ... in order"
                    .into(),
                None,
            );
        }
    }

    /// The annexes, and the text a resolution adopts (its one paragraph,
    /// "Adopts the following Declaration:", joins `paras`).
    fn annexes(&self, paras: &mut Vec<Para>) -> Vec<Annex> {
        let clean = self.clean();
        let mut annexes = Vec::new();
        if let Some(a) = &self.ast.adoption {
            paras.push(Para::new(1, None, None, a.paragraph, a.paragraph));
            if let (Some(first), Some(last)) = (a.text.first(), a.text.last()) {
                annexes.push(Annex {
                    heading: "adopted text".into(),
                    paragraphs: a.text.len(),
                    span: self.file_span(Span::new(first.start, last.end)),
                });
            }
        }
        for a in &self.ast.annexes {
            let end = a.lines.last().map_or(a.heading.end, |l| l.end);
            annexes.push(Annex {
                heading: a.heading.of(clean).to_string(),
                paragraphs: a.lines.len(),
                span: self.file_span(Span::new(a.heading.start, end)),
            });
        }
        annexes
    }

    /// A paragraph whose number was misread by OCR ("S." for 5, "l." for
    /// one) and that stands where that number is due, opening with an
    /// operative verb.
    pub(super) fn ocr_number(&self, item: &Item, last: Option<u32>) -> Option<(u32, Span, Span)> {
        let line = match item {
            Item::Continuation(s) | Item::Heading { line: s, .. } => *s,
            _ => return None,
        };
        let t = line.of(self.clean());
        let (num, rest) = t.split_once(". ")?;
        if num.is_empty() || num.len() > 3 {
            return None;
        }
        let digits: String = num
            .chars()
            .map(|c| match c {
                'S' => '5',
                'l' | 'I' => '1',
                'O' => '0',
                c => c,
            })
            .collect();
        let n: u32 = digits.parse().ok()?;
        let due = last.map_or(1, |l| l + 1);
        let at = t.len() - rest.len();
        (n == due && num != digits && self.is_operative_start(rest))
            .then(|| (n, line, Span::new(line.start + at, line.end)))
    }

    /// Does a paragraph open with an operative verb (and not end like a
    /// preambular one)?
    pub(super) fn is_operative_start(&self, text: &str) -> bool {
        let leads = &self.rules.leads;
        if leads.longest(&leads.head_tokens(text, 0), 0).is_some() && !text_ends_operative(text) {
            return false;
        }
        verb_at(text, 0, self.rules, self.voice).is_some_and(|v| v.start == 0)
            && !text_ends_preamble(text)
    }

    /// Warns about input text that lands nowhere (see [`crate::coverage`]).
    pub(super) fn check_coverage(&mut self) {
        for r in crate::coverage::lost_text(&self.src.text, self.norm, self.ast) {
            let text: String = self.src.text[r.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let shown: String = text.chars().take(80).collect();
            let line = self.src.text.as_bytes()[..r.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            self.note(
                Severity::Warning,
                "text-lost",
                format!("{} bytes of text land in no paragraph: {shown:?}", r.len()),
                Some(line),
            );
        }
    }

    /// Warns about gaps and duplicates in paragraph numbers (per part).
    pub(super) fn check_numbering(&mut self, paras: &[Para]) {
        let mut by_part: BTreeMap<Option<String>, Vec<&Para>> = BTreeMap::new();
        for p in paras {
            by_part.entry(p.part.clone()).or_default().push(p);
        }
        for (part, ps) in by_part {
            let label = part.map(|p| format!(" in part {p}")).unwrap_or_default();
            let mut expected = 1;
            let mut seen = BTreeSet::new();
            for p in ps {
                let line = Some(self.line_of(p.line.start));
                if !seen.insert(p.number) {
                    self.note(
                        Severity::Warning,
                        "numbering-duplicate",
                        format!("paragraph {} appears twice{label}", p.number),
                        line,
                    );
                } else if p.number > expected {
                    let missing = if p.number == expected + 1 {
                        format!("paragraph {expected} is missing")
                    } else {
                        format!("paragraphs {expected} to {} are missing", p.number - 1)
                    };
                    self.note(
                        Severity::Warning,
                        "numbering-gap",
                        format!(
                            "{missing}{label} (the paragraph before {} has number {})",
                            p.number,
                            expected - 1
                        ),
                        line,
                    );
                } else if p.number < expected {
                    self.note(
                        Severity::Warning,
                        "numbering-order",
                        format!(
                            "paragraph {} comes after paragraph {}{label}",
                            p.number,
                            expected - 1
                        ),
                        line,
                    );
                }
                expected = expected.max(p.number + 1);
            }
        }
    }

    /// Adds a preamble line: a paragraph starts a new preambular
    /// paragraph; lettered items and continuations belong to the one before
    /// ("Reaffirming that the Plan was developed: (a) ..."); headings and
    /// page notes ("Participation", "* Reissued for technical reasons")
    /// are none.
    pub(super) fn push_preamble(&self, preamble: &mut Vec<Span>, it: &Item) {
        match it {
            Item::Paragraph { line, .. } => {
                let text = line.of(self.clean()).trim_start();
                // "(1990) of 25 August 1990, ...": a paragraph cut at a line
                // that the conversion started with a bracket or in lower case.
                let cut = text.starts_with(char::is_lowercase)
                    || text.starts_with('(') && text[1..].starts_with(|c: char| c.is_ascii_digit());
                match preamble.last_mut() {
                    Some(last) if cut => last.end = last.end.max(line.end),
                    _ if self.preamble_heading(text) => {}
                    _ => preamble.push(*line),
                }
            }
            Item::Sub { line, .. } | Item::Continuation(line) => {
                if let Some(last) = preamble.last_mut() {
                    last.end = last.end.max(line.end);
                }
            }
            Item::Heading { .. } | Item::Closing(_) => {}
        }
    }

    /// A line of the preamble that is a heading or a note, not a paragraph:
    /// a note mark, or a short line that neither opens with a preambular
    /// lead nor ends like a paragraph.
    pub(super) fn preamble_heading(&self, text: &str) -> bool {
        let t = text.trim();
        if t.starts_with('*') {
            return true;
        }
        let ends_like_paragraph = t.ends_with([',', ';', ':', '.']);
        if ends_like_paragraph || t.len() >= 200 {
            return false;
        }
        let leads = &self.rules.leads;
        leads.longest(&leads.head_tokens(t, 0), 0).is_none()
    }

    pub(super) fn preamble(&self, items: &[Span]) -> Vec<PreambularParagraph> {
        let clean = self.clean();
        items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let text = s.of(clean);
                PreambularParagraph {
                    index: i as u32 + 1,
                    lead: lead_of(text, self.rules),
                    // Lettered items joined to their paragraph, one space
                    // between (most paragraphs have none: one search for a
                    // line break says so).
                    text: match memchr::memchr(b'\n', text.as_bytes()) {
                        Some(_) => text.replace("\n\n", " "),
                        None => text.to_string(),
                    },
                    span: self.file_span(*s),
                }
            })
            .collect()
    }
}

/// Attaches a sub-paragraph, heading or continuation to the paragraph
/// before it.
pub(super) fn attach(paras: &mut [Para], item: &Item, section: &mut Option<String>) {
    match item {
        Item::Sub { label, line, text } => {
            if let Some(p) = paras.last_mut() {
                p.subs.push((label.clone(), *line, *text));
            }
        }
        Item::Heading { label, .. } => *section = Some(label.clone()),
        Item::Continuation(s) | Item::Paragraph { line: s, .. } => {
            if let Some(p) = paras.last_mut() {
                p.extra.push(*s);
            }
        }
        Item::Closing(_) => {}
    }
}

/// A line after a paragraph that heads the paragraphs below it
/// ("Reporting", "Asset freeze", "Libya: UNSCR proposed designations"):
/// short, capitalized and without the punctuation that ends a paragraph.
pub(super) fn heading_like(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 200
        && t.starts_with(|c: char| c.is_uppercase())
        && !t.ends_with([';', '.', ':', ','])
}

/// Does a paragraph (or its last sub-paragraph) end with a colon?
pub(super) fn ends_with_colon(p: &Para, clean: &str) -> bool {
    let last = p.subs.last().map_or(p.text, |s| s.2);
    last.of(clean).trim_end().ends_with(':')
}

/// A paragraph that reads like a preambular one: ends with a comma.
pub(super) fn text_ends_preamble(text: &str) -> bool {
    text.trim_end().ends_with(',')
}

/// Ends like an operative paragraph: ";" or ".".
pub(super) fn text_ends_operative(text: &str) -> bool {
    matches!(text.trim_end().chars().last(), Some(';' | '.' | ':'))
}

/// "(a) Requests ..." -> ("a", "Requests ...").
pub(super) fn leading_label(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('(')?;
    let close = rest.find(')')?;
    let label = &rest[..close];
    if label.is_empty() || label.len() > 5 || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    (!after.is_empty()).then(|| (label.to_string(), after))
}

/// The lead phrase of a preambular paragraph.
pub(super) fn lead_of(text: &str, rules: &RuleSet) -> String {
    let toks = rules.leads.head_tokens(text, 0);
    if let Some((n, _)) = rules.leads.longest(&toks, 0) {
        return text[..toks[n - 1].end].to_string();
    }
    text.split([' ', ',']).next().unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_labels() {
        assert_eq!(
            leading_label("(a) Requests the Secretary-General"),
            Some(("a".into(), "Requests the Secretary-General"))
        );
        assert_eq!(leading_label("(the Palermo Convention) and"), None);
    }
}
