//! A readable per-paragraph summary of an extraction, for a person at a
//! terminal (`extract --format text`).

use std::fmt::Write;

use crate::model::{Document, Obligation, Strength};

/// Renders the summary of one document.
pub fn summary(doc: &Document, explain: bool) -> String {
    let mut s = String::new();
    let d = &doc.document;
    let _ = writeln!(s, "{}", d.source);
    if let Some(t) = &d.title {
        let _ = writeln!(s, "  {t}");
    }
    let mut facts = Vec::new();
    if let Some(b) = &d.body {
        facts.push(b.clone());
    }
    if let Some(n) = d.session {
        facts.push(format!("session {n}"));
    }
    if let Some(c) = &d.committee {
        facts.push(c.clone());
    }
    if let Some(k) = &d.kind {
        facts.push(k.clone());
    }
    if let Some(x) = &d.symbol {
        facts.push(x.clone());
    }
    if let Some(x) = &d.date {
        facts.push(x.clone());
    }
    if !facts.is_empty() {
        let _ = writeln!(s, "  {}", facts.join(" · "));
    }
    let _ = writeln!(s, "  {}", counts(doc));
    let mut counts: Vec<String> = Vec::new();
    for k in Strength::ALL {
        let n = doc.obligations.iter().filter(|o| o.strength == k).count();
        if n > 0 {
            counts.push(format!("{n} {k}"));
        }
    }
    if !counts.is_empty() {
        let _ = writeln!(s, "  by strength: {}", counts.join(", "));
    }
    for p in &doc.operative {
        let obs: Vec<_> = doc
            .obligations
            .iter()
            .filter(|o| o.annex.is_none() && o.paragraph == p.number && o.part == p.part)
            .collect();
        let verbs: Vec<String> = p
            .clauses
            .iter()
            .map(|c| format!("{} ({})", c.verb, c.strength))
            .collect();
        let part = p
            .part
            .as_ref()
            .map(|l| format!("{l}, "))
            .unwrap_or_default();
        let _ = writeln!(s, "\n{part}OP {}: {}", p.number, verbs.join("; "));
        for o in obs {
            write_obligation(&mut s, o, explain);
        }
    }
    // The asks of an adopted text or annex, by paragraph.
    let mut last: Option<(&str, u32)> = None;
    for o in &doc.obligations {
        let Some(annex) = o.annex.as_deref() else {
            continue;
        };
        if last != Some((annex, o.paragraph)) {
            let _ = writeln!(s, "\n{annex}, para. {}:", o.paragraph);
            last = Some((annex, o.paragraph));
        }
        write_obligation(&mut s, o, explain);
    }
    if !doc.diagnostics.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for d in &doc.diagnostics {
            let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let _ = writeln!(s, "  {:?} {}: {}{line}", d.severity, d.code, d.message);
        }
    }
    s
}

fn shorten(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// "60 preambular and 55 operative paragraphs, 29 footnotes, 61 obligations"
pub fn counts(doc: &Document) -> String {
    format!(
        "{} preambular and {} operative paragraphs, {} footnotes, {} obligations",
        doc.preamble.len(),
        doc.operative.len(),
        doc.footnotes.len(),
        doc.obligations.len()
    )
}

/// One obligation's lines: strength, verb, addressee, action and tags.
fn write_obligation(s: &mut String, o: &Obligation, explain: bool) {
    let sub = o
        .subparagraph
        .as_ref()
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "  [{}]{sub} {} -> {} ({})",
        o.strength, o.verb, o.actor, o.actor_text
    );
    let _ = writeln!(s, "      {}", shorten(&o.action, 160));
    let mut tags: Vec<String> = o.qualifiers.iter().map(|q| q.kind.to_string()).collect();
    if let Some(c) = &o.condition {
        tags.push(format!("condition: {c}"));
    }
    if let Some(d) = &o.deadline {
        tags.push(format!("deadline: {}", d.text));
    }
    if !o.steps.is_empty() {
        tags.push(format!("{} steps", o.steps.len()));
    }
    if !tags.is_empty() {
        let _ = writeln!(s, "      {}", tags.join(" | "));
    }
    if explain && let Some(e) = &o.explain {
        let _ = writeln!(s, "      why: verb {}; actor {}", e.verb, e.actor);
        let _ = writeln!(s, "           form {}", e.form);
        for q in &e.qualifiers {
            let _ = writeln!(s, "           qualifier {q}");
        }
        if let Some(c) = &e.condition {
            let _ = writeln!(s, "           condition {c}");
        }
        if let Some(d) = &e.deadline {
            let _ = writeln!(s, "           deadline {d}");
        }
    }
}
