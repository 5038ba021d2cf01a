//! Header fields and footnotes: the parsed front matter and closing lines ->
//! [`DocumentInfo`] (body, session, committee, date, symbol, title, ...);
//! the normalized footnotes -> [`Footnote`]s, with markers checked against
//! definitions.

use super::*;

impl Extractor<'_> {
    pub(super) fn footnotes(&mut self) -> Vec<Footnote> {
        let defined: BTreeSet<u32> = self.norm.footnotes.iter().map(|f| f.number).collect();
        let cited: BTreeSet<u32> = self.norm.markers.iter().map(|m| m.number).collect();
        if !defined.is_empty() {
            let undefined: Vec<String> =
                cited.difference(&defined).map(|n| n.to_string()).collect();
            if !undefined.is_empty() {
                self.note(
                    Severity::Warning,
                    "footnote-undefined",
                    format!(
                        "footnote markers without a definition: {}",
                        undefined.join(", ")
                    ),
                    None,
                );
            }
            let unused: Vec<String> = defined.difference(&cited).map(|n| n.to_string()).collect();
            if !unused.is_empty() {
                self.note(
                    Severity::Info,
                    "footnote-uncited",
                    format!(
                        "footnotes defined but not cited in the text: {}",
                        unused.join(", ")
                    ),
                    None,
                );
            }
        }
        self.norm
            .footnotes
            .iter()
            .map(|f| Footnote {
                number: f.number,
                text: f.text.clone(),
                span: Span::new(
                    self.src.file_offset(f.span.start),
                    self.src.file_offset(f.span.end),
                ),
            })
            .collect()
    }

    // Long on purpose: one field after the other, each a few lines with its
    // fallbacks; split, the order of the fallbacks would be harder to see.
    pub(super) fn info(&self) -> DocumentInfo {
        let f = &self.ast.fields;
        let clean = self.clean();
        let lang = &self.rules.language;
        let body = self.body.as_ref().map(|(_, n)| n.clone());
        let session = f.session.as_deref().and_then(|s| {
            s.parse::<u32>()
                .ok()
                .or_else(|| lang.ordinal(s))
                .or_else(|| lang.ordinal(&s.to_lowercase()))
        });
        let session = session.or_else(|| {
            f.resolution_number
                .as_deref()
                .and_then(|n| n.split('/').next())
                .and_then(|s| s.parse().ok())
        });
        // The adoption date: in the header, else in the closing lines
        // ("92nd plenary meeting" / "19 December 1994"); else the date of
        // distribution, else a date standing alone in the header.
        let closing = || {
            let items = self.ast.parts.iter().flat_map(|p| &p.operative);
            let closings = items.filter_map(|i| match i {
                Item::Closing(s) => Some(*s),
                _ => None,
            });
            let adoption = self
                .ast
                .adoption
                .iter()
                .flat_map(|a| a.closing.iter().copied());
            closings
                .chain(adoption)
                .chain(self.ast.trailing.iter().copied())
                .flat_map(|t| t.of(clean).lines())
                .find_map(|l| {
                    // "65th plenary meeting 19 December 2016" or the date alone
                    let l = l.trim();
                    let date = l.find(" meeting ").map_or(l, |at| l[at + 9..].trim());
                    (date.split_whitespace().count() == 3)
                        .then(|| details::iso_date(date, lang))
                        .flatten()
                })
        };
        // A draft is not adopted yet: its date is its distribution date.
        let distributed = || {
            f.distribution_date
                .as_deref()
                .and_then(|d| details::iso_date(d, lang))
        };
        let draft = f.kind.as_deref().is_some_and(|k| k.contains("draft"));
        let date = f
            .adoption_date
            .as_deref()
            .and_then(|d| details::iso_date(d, lang))
            .or_else(|| if draft { distributed() } else { None })
            .or_else(closing)
            .or_else(distributed)
            .or_else(|| {
                f.line_date
                    .as_deref()
                    .and_then(|d| details::iso_date(d, lang))
            });
        let symbol = f
            .symbol
            .clone()
            .filter(|s| s.contains("/RES/") || s.contains("/L."))
            .or_else(|| {
                let body = body.as_deref()?;
                if let Some((n, y)) = &f.sc_resolution {
                    return Some(format!("S/RES/{n} ({y})"));
                }
                let number = f.resolution_number.as_deref()?;
                Some(match body {
                    "General Assembly" => format!("A/RES/{number}"),
                    "Human Rights Council" => format!("A/HRC/RES/{number}"),
                    "Economic and Social Council" => format!("E/RES/{number}"),
                    _ => return None,
                })
            });
        let kind = f.kind.clone().or_else(|| {
            (f.adoption_date.is_some()
                || f.resolution_number.is_some()
                || f.sc_resolution.is_some())
            .then(|| "resolution".to_string())
        });
        DocumentInfo {
            source: self.src.name.clone(),
            body,
            session,
            committee: f.committee.clone(),
            agenda_item: f.agenda_item.clone(),
            sponsors: f.sponsors.clone(),
            kind,
            date,
            symbol,
            title: f.title.map(|t| t.of(clean).trim().to_string()),
            body_actor: self.body.as_ref().map(|(a, _)| a.clone()),
            distribution: f.distribution.as_ref().map(|d| d.to_lowercase()),
        }
    }
}

/// The actor id of the adopting body.
pub(super) fn body_actor(name: &str, rules: &RuleSet) -> ActorId {
    let toks = tokenize(name, 0);
    match rules.actor_lexicon.longest(&toks, 0) {
        Some((n, r)) if n == toks.len() => ActorId::new(rules.actor_id(r)),
        _ => {
            let _ = ActorRef::Actor(0);
            ActorId::other()
        }
    }
}
