//! The inline markup of one run of paragraph text: the operative verb of
//! each clause, the addressees it names, the references it cites, and the
//! footnotes at their markers.
//!
//! Input: the text, the marks found in it (byte ranges), and the footnote
//! markers (byte offsets). Output: the text written into an [`Xml`] with
//! the marks as elements and the footnotes as `authorialNote`s. Marks never
//! overlap (a mark that overlaps one before it is left out); a note inside
//! a mark goes after it. The text itself is written whole and unchanged.

use super::xml::Xml;

/// What a range of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// An operative verb: `<inline name="operativeVerb" refersTo="#...">`.
    Verb { concept: String },
    /// An addressee: `<organization>` or `<role>` referring to a TLC.
    Actor { element: &'static str, eid: String },
    /// A cited document: `<ref href="...">`.
    Ref { href: String },
}

/// A footnote at a place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at: usize,
    pub number: u32,
    pub eid: String,
    pub text: String,
}

/// Finds `needle` in `hay` at or after `from`, exactly or else ignoring
/// ASCII case; the byte range.
pub fn find(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    if needle.is_empty() || from > hay.len() || !hay.is_char_boundary(from) {
        return None;
    }
    if let Some(i) = hay[from..].find(needle) {
        return Some((from + i, from + i + needle.len()));
    }
    // ASCII lower-casing keeps byte offsets.
    let (h, n) = (hay.to_ascii_lowercase(), needle.to_ascii_lowercase());
    h[from..]
        .find(&n)
        .map(|i| (from + i, from + i + needle.len()))
}

/// Writes `text` with its marks and notes.
pub fn write(x: &mut Xml, text: &str, marks: &mut [(usize, usize, Mark)], notes: &mut [Note]) {
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let mut kept: Vec<&(usize, usize, Mark)> = Vec::new();
    for m in marks.iter() {
        let ok = m.0 < m.1
            && m.1 <= text.len()
            && text.is_char_boundary(m.0)
            && text.is_char_boundary(m.1)
            && kept.last().is_none_or(|k| k.1 <= m.0);
        if ok {
            kept.push(m);
        }
    }
    // A note inside a mark goes after it.
    for n in notes.iter_mut() {
        n.at = n.at.min(text.len());
        while !text.is_char_boundary(n.at) {
            n.at += 1;
        }
        if let Some(k) = kept.iter().find(|k| k.0 < n.at && n.at < k.1) {
            n.at = k.1;
        }
    }
    notes.sort_by_key(|n| n.at);
    let mut pos = 0;
    let mut ni = 0;
    for k in kept {
        plain(x, text, pos, k.0, notes, &mut ni);
        let (element, attr, value) = match &k.2 {
            Mark::Verb { concept } => ("inline", "refersTo", format!("#{concept}")),
            Mark::Actor { element, eid } => (*element, "refersTo", format!("#{eid}")),
            Mark::Ref { href } => ("ref", "href", href.clone()),
        };
        if element == "inline" {
            x.open_inline(element, &[("name", "operativeVerb"), (attr, &value)]);
        } else {
            x.open_inline(element, &[(attr, &value)]);
        }
        x.text(&text[k.0..k.1]);
        x.close_inline(element);
        pos = k.1;
    }
    plain(x, text, pos, text.len(), notes, &mut ni);
}

/// Writes `text[from..to]` with the notes (from the `ni`-th on) that stand
/// at or before `to`.
fn plain(x: &mut Xml, text: &str, from: usize, to: usize, notes: &[Note], ni: &mut usize) {
    let mut p = from;
    while *ni < notes.len() && notes[*ni].at <= to {
        let n = &notes[*ni];
        let at = n.at.max(p);
        x.text(&text[p..at]);
        let marker = n.number.to_string();
        x.open_inline(
            "authorialNote",
            &[
                ("marker", &marker),
                ("placement", "bottom"),
                ("eId", &n.eid),
            ],
        );
        x.open_inline("p", &[]);
        x.text(&n.text);
        x.close_inline("p");
        x.close_inline("authorialNote");
        p = at;
        *ni += 1;
    }
    x.text(&text[p..to]);
}
