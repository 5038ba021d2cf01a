//! The text of the resolution in Akoma Ntoso: `preface`, `preamble` and
//! `mainBody`, with the inline marks of [`super::inline`].
//!
//! Input: the document, its clean text (for footnote markers), the rules
//! (for references) and the addressees. Output: the elements written into
//! the XML. eIds follow the Akoma Ntoso naming convention: `para_8`,
//! `para_8__list_1__point_a`, `para_8__list_1__point_a__list_1__point_i`,
//! `part_A__para_1`, `sec_II__para_12`, `container_3`,
//! `para_3__authorialNote_6`; [`super::Ids`] keeps them unique.

use super::inline::{self, Mark, Note, find};
use super::xml::Xml;
use super::{Actors, Ids, markers_in, strength_eid};
use crate::classify::details;
use crate::model::{Document, OperativeParagraph, SubParagraph};
use crate::normalize::Normalized;
use crate::rules::RuleSet;

/// What the body writers read.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub norm: &'a Normalized,
    pub rules: &'a RuleSet,
    pub actors: &'a Actors,
}

/// The eIds of the operative paragraphs and of the parts and sections they
/// stand in, decided before anything is written (the `analysis` in `meta`
/// points at the paragraphs).
pub struct Plan {
    /// Per operative paragraph: (part eId, section eId, paragraph eId).
    pub paras: Vec<(Option<String>, Option<String>, String)>,
    keys: Vec<(u32, Option<String>)>,
}

impl Plan {
    pub fn eid_of(&self, number: u32, part: Option<&str>) -> Option<&str> {
        self.keys
            .iter()
            .position(|(n, p)| *n == number && p.as_deref() == part)
            .map(|i| self.paras[i].2.as_str())
    }
}

/// Letters, digits, `-` and `_` of a label, for an eId.
fn id_part(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

pub fn plan(doc: &Document, ids: &mut Ids) -> Plan {
    let mut paras = Vec::new();
    let mut keys = Vec::new();
    let mut cur: (Option<&str>, Option<&str>) = (None, None);
    let (mut part_eid, mut sec_eid): (Option<String>, Option<String>) = (None, None);
    for p in &doc.operative {
        let (part, sec) = (p.part.as_deref(), p.section.as_deref());
        if part != cur.0 || paras.is_empty() {
            part_eid = part.map(|l| ids.take(format!("part_{}", id_part(l))));
            sec_eid = None;
            cur = (part, None);
        }
        if sec != cur.1 {
            let prefix = part_eid
                .as_ref()
                .map(|e| format!("{e}__"))
                .unwrap_or_default();
            sec_eid = sec.map(|l| ids.take(format!("{prefix}sec_{}", id_part(l))));
            cur.1 = sec;
        }
        let prefix = sec_eid
            .as_ref()
            .or(part_eid.as_ref())
            .map(|e| format!("{e}__"))
            .unwrap_or_default();
        let eid = ids.take(format!("{prefix}para_{}", p.number));
        paras.push((part_eid.clone(), sec_eid.clone(), eid));
        keys.push((p.number, p.part.clone()));
    }
    Plan { paras, keys }
}

pub fn preface(x: &mut Xml, doc: &Document) {
    let d = &doc.document;
    x.open("preface", &[]);
    if let Some(k) = &d.kind {
        x.nl();
        x.open_inline("p", &[]);
        x.open_inline("docType", &[]);
        x.text(k);
        x.close_inline("docType");
        x.close_inline("p");
    }
    if let Some(s) = &d.symbol {
        x.nl();
        x.open_inline("p", &[]);
        x.open_inline("docNumber", &[]);
        x.text(s);
        x.close_inline("docNumber");
        x.close_inline("p");
    }
    x.nl();
    x.open_inline("p", &[]);
    x.open_inline("docTitle", &[]);
    x.text(d.title.as_deref().unwrap_or(&d.source));
    x.close_inline("docTitle");
    x.close_inline("p");
    if let Some(date) = &d.date {
        x.nl();
        x.open_inline("p", &[]);
        x.open_inline("docDate", &[("date", date)]);
        x.text(date);
        x.close_inline("docDate");
        x.close_inline("p");
    }
    x.close("preface");
}

/// A run of text with its references and footnotes marked (and the marks
/// given), written as one `<p>`.
fn para_text(
    x: &mut Xml,
    ctx: &Context<'_>,
    ids: &mut Ids,
    owner: &str,
    text: &str,
    hint_file: usize,
    mut marks: Vec<(usize, usize, Mark)>,
) {
    let body = ctx.doc.document.body.as_deref();
    for r in details::references(text, ctx.rules, body) {
        if let (Some(url), Some((s, e))) = (&r.url, find(text, &r.text, 0)) {
            marks.push((s, e, Mark::Ref { href: url.clone() }));
        }
    }
    let hint = ctx.norm.map.to_derived(hint_file);
    let mut notes: Vec<Note> = markers_in(ctx.norm, hint, text)
        .into_iter()
        .map(|(at, number)| Note {
            at,
            number,
            eid: ids.take(format!("{owner}__authorialNote_{number}")),
            text: ctx
                .doc
                .footnotes
                .iter()
                .find(|f| f.number == number)
                .map_or_else(String::new, |f| f.text.clone()),
        })
        .collect();
    x.nl();
    x.open_inline("p", &[]);
    inline::write(x, text, &mut marks, &mut notes);
    x.close_inline("p");
}

pub fn preamble(x: &mut Xml, ctx: &Context<'_>, ids: &mut Ids) {
    let d = &ctx.doc.document;
    if ctx.doc.preamble.is_empty() && d.body.is_none() {
        return;
    }
    x.open("preamble", &[]);
    if let Some(b) = &d.body {
        let eid = ids.take("formula_1".into());
        x.open("formula", &[("name", "enactingFormula"), ("eId", &eid)]);
        x.leaf("p", &[], &format!("The {b},"));
        x.close("formula");
    }
    for p in &ctx.doc.preamble {
        let eid = ids.take(format!("container_{}", p.index));
        x.open(
            "container",
            &[("name", "preambularParagraph"), ("eId", &eid)],
        );
        para_text(x, ctx, ids, &eid, &p.text, p.span.start, Vec::new());
        x.close("container");
    }
    x.close("preamble");
}

/// The verb and addressee marks of each run (lead text, then each
/// sub-paragraph) of an operative paragraph. Clauses are looked for in
/// order, each after the one before.
fn clause_marks(
    ctx: &Context<'_>,
    p: &OperativeParagraph,
    runs: &[&str],
) -> Vec<Vec<(usize, usize, Mark)>> {
    let mut out: Vec<Vec<(usize, usize, Mark)>> = vec![Vec::new(); runs.len()];
    let (mut run, mut from) = (0, 0);
    for c in &p.clauses {
        let found = (run..runs.len()).find_map(|r| {
            let start = if r == run { from } else { 0 };
            find(runs[r], &c.verb, start).map(|(s, e)| (r, s, e))
        });
        let Some((r, s, e)) = found else { continue };
        out[r].push((
            s,
            e,
            Mark::Verb {
                concept: strength_eid(c.strength),
            },
        ));
        (run, from) = (r, e);
        let mut after = e;
        for o in ctx.doc.obligations.iter().filter(|o| {
            o.annex.is_none() && o.paragraph == p.number && o.part == p.part && o.clause == c.index
        }) {
            let Some(a) = ctx.actors.get(&o.actor, &o.actor_text) else {
                continue;
            };
            if let Some((s, e)) = find(runs[r], &o.actor_text, after) {
                out[r].push((
                    s,
                    e,
                    Mark::Actor {
                        element: a.2,
                        eid: a.0.clone(),
                    },
                ));
                after = e;
            }
        }
    }
    out
}

/// The value of a lower-case roman numeral, if the label is one.
fn roman(label: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    let ds: Vec<u32> = label.chars().map(digit).collect::<Option<_>>()?;
    let mut v = 0;
    for (i, d) in ds.iter().enumerate() {
        if ds.get(i + 1).is_some_and(|n| n > d) {
            v -= *d as i64;
        } else {
            v += *d as i64;
        }
    }
    u32::try_from(v).ok().filter(|v| *v > 0)
}

/// Sub-paragraphs as a tree: lettered items, each with the roman items
/// under it ("(a) ... (i) ... (ii) ... (b)"). An "(i)" right after "(h)"
/// is a letter.
fn tree(subs: &[SubParagraph]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        let nested = match out.last() {
            None => false,
            Some((top, kids)) => match kids.last() {
                Some(&k) => {
                    roman(&s.label).is_some_and(|v| Some(v) == roman(&subs[k].label).map(|x| x + 1))
                }
                None => s.label == "i" && subs[*top].label != "h",
            },
        };
        match out.last_mut() {
            Some((_, kids)) if nested => kids.push(i),
            _ => out.push((i, Vec::new())),
        }
    }
    out
}

pub fn main(x: &mut Xml, ctx: &Context<'_>, plan: &Plan, ids: &mut Ids) {
    x.open("mainBody", &[]);
    let (mut part, mut sec): (Option<&str>, Option<&str>) = (None, None);
    for (p, (pe, se, eid)) in ctx.doc.operative.iter().zip(&plan.paras) {
        if pe.as_deref() != part {
            if sec.take().is_some() {
                x.close("section");
            }
            if part.is_some() {
                x.close("part");
            }
            part = pe.as_deref();
            if let (Some(e), Some(l)) = (part, &p.part) {
                x.open("part", &[("eId", e)]);
                x.leaf("num", &[], l);
            }
        }
        if se.as_deref() != sec {
            if sec.is_some() {
                x.close("section");
            }
            sec = se.as_deref();
            if let (Some(e), Some(l)) = (sec, &p.section) {
                x.open("section", &[("eId", e)]);
                x.leaf("num", &[], l);
            }
        }
        paragraph(x, ctx, ids, p, eid);
    }
    if sec.is_some() {
        x.close("section");
    }
    if part.is_some() {
        x.close("part");
    }
    x.close("mainBody");
}

fn paragraph(x: &mut Xml, ctx: &Context<'_>, ids: &mut Ids, p: &OperativeParagraph, eid: &str) {
    let runs: Vec<&str> = std::iter::once(p.text.as_str())
        .chain(p.subparagraphs.iter().map(|s| s.text.as_str()))
        .collect();
    let mut marks = clause_marks(ctx, p, &runs).into_iter();
    x.open("paragraph", &[("eId", eid)]);
    x.leaf("num", &[], &format!("{}.", p.number));
    let lead = marks.next().unwrap_or_default();
    if p.subparagraphs.is_empty() {
        x.open("content", &[]);
        para_text(x, ctx, ids, eid, &p.text, p.span.start, lead);
        x.close("content");
    } else {
        let sub_marks: Vec<_> = marks.collect();
        let list = ids.take(format!("{eid}__list_1"));
        x.open("list", &[("eId", &list)]);
        x.open("intro", &[]);
        para_text(x, ctx, ids, &list, &p.text, p.span.start, lead);
        x.close("intro");
        for (top, kids) in tree(&p.subparagraphs) {
            point(x, ctx, ids, &list, p, top, &kids, &sub_marks);
        }
        x.close("list");
    }
    x.close("paragraph");
}

/// One lettered item, with its roman items as a list inside it.
#[allow(clippy::too_many_arguments)]
fn point(
    x: &mut Xml,
    ctx: &Context<'_>,
    ids: &mut Ids,
    list: &str,
    p: &OperativeParagraph,
    i: usize,
    kids: &[usize],
    marks: &[Vec<(usize, usize, Mark)>],
) {
    let s = &p.subparagraphs[i];
    let eid = ids.take(format!("{list}__point_{}", id_part(&s.label)));
    let m = marks.get(i).cloned().unwrap_or_default();
    x.open("point", &[("eId", &eid)]);
    x.leaf("num", &[], &format!("({})", s.label));
    if kids.is_empty() {
        x.open("content", &[]);
        para_text(x, ctx, ids, &eid, &s.text, s.span.start, m);
        x.close("content");
    } else {
        let inner = ids.take(format!("{eid}__list_1"));
        x.open("list", &[("eId", &inner)]);
        x.open("intro", &[]);
        para_text(x, ctx, ids, &eid, &s.text, s.span.start, m);
        x.close("intro");
        for &k in kids {
            point(x, ctx, ids, &inner, p, k, &[], marks);
        }
        x.close("list");
    }
    x.close("point");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::Span;

    fn subs(labels: &[&str]) -> Vec<SubParagraph> {
        labels
            .iter()
            .map(|l| SubParagraph {
                label: l.to_string(),
                text: String::new(),
                span: Span::new(0, 0),
            })
            .collect()
    }

    #[test]
    fn roman_items_nest_under_letters() {
        let t = tree(&subs(&[
            "a", "i", "ii", "b", "c", "i", "ii", "iii", "iv", "v", "d",
        ]));
        assert_eq!(
            t,
            vec![
                (0, vec![1, 2]),
                (3, vec![]),
                (4, vec![5, 6, 7, 8, 9]),
                (10, vec![])
            ]
        );
        // "(i)" after "(h)" is the ninth letter.
        let letters = subs(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
        assert_eq!(tree(&letters).len(), 10);
        assert_eq!(roman("xiv"), Some(14));
        assert_eq!(roman("b"), None);
    }
}
