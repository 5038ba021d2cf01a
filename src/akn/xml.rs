//! A thin layer over quick-xml's writer for the Akoma Ntoso export:
//! elements with attributes, escaped text, line breaks between block
//! elements only (never inside mixed content, where white space is text),
//! and the text of a paragraph with its inline marks.
//!
//! Invariants: every opened element is closed by the caller; text and
//! attribute values are escaped by quick-xml, and characters XML 1.0 does
//! not allow (control characters other than tab, line feed and carriage
//! return) are left out.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written to memory.
pub struct Xml {
    w: Writer<Vec<u8>>,
    depth: usize,
    /// The first write error (writing to memory does not fail; kept so
    /// that nothing is unwrapped).
    err: Option<io::Error>,
}

/// Drops the characters XML 1.0 does not allow.
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if s.chars().any(bad) {
        s.chars().filter(|&c| !bad(c)).collect::<String>().into()
    } else {
        s.into()
    }
}

impl Xml {
    pub fn new() -> Xml {
        let mut x = Xml {
            w: Writer::new(Vec::new()),
            depth: 0,
            err: None,
        };
        let decl = BytesDecl::new("1.0", Some("UTF-8"), None);
        x.event(Event::Decl(decl));
        x
    }

    fn event(&mut self, e: Event<'_>) {
        if self.err.is_none()
            && let Err(e) = self.w.write_event(e)
        {
            self.err = Some(e);
        }
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut s = BytesStart::new(name);
        for (k, v) in attrs {
            let v = clean(v);
            s.push_attribute((*k, v.as_ref()));
        }
        s
    }

    /// A line break and indentation: between block elements only.
    pub fn nl(&mut self) {
        let s = format!("\n{}", "  ".repeat(self.depth));
        self.event(Event::Text(BytesText::from_escaped(s)));
    }

    /// Opens a block element on a new line.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.nl();
        self.open_inline(name, attrs);
        self.depth += 1;
    }

    /// Closes a block element on a new line.
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.nl();
        self.close_inline(name);
    }

    /// An empty block element on a new line.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.nl();
        self.event(Event::Empty(Self::start(name, attrs)));
    }

    /// Opens an element where white space counts (no line break before).
    pub fn open_inline(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    pub fn close_inline(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) {
        let s = clean(s);
        self.event(Event::Text(BytesText::new(&s)));
    }

    /// A block element holding only text, on a new line.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.nl();
        self.open_inline(name, attrs);
        self.text(text);
        self.close_inline(name);
    }

    /// The document, with a final line break.
    pub fn finish(mut self) -> io::Result<String> {
        self.event(Event::Text(BytesText::from_escaped("\n")));
        if let Some(e) = self.err {
            return Err(e);
        }
        String::from_utf8(self.w.into_inner()).map_err(io::Error::other)
    }
}

impl Default for Xml {
    fn default() -> Self {
        Xml::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_drops_control_characters() {
        let mut x = Xml::new();
        x.open("a", &[("title", "\"<x>\" & y")]);
        x.leaf("p", &[], "<script>&\u{0c}");
        x.close("a");
        let s = x.finish().unwrap();
        assert!(
            s.contains(r#"title="&quot;&lt;x&gt;&quot; &amp; y""#),
            "{s}"
        );
        assert!(s.contains("<p>&lt;script&gt;&amp;</p>"), "{s}");
    }
}
