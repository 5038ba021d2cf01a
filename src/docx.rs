//! Stage 0 for Word files: the bytes of a `.docx` -> the text the pipeline
//! reads, one paragraph per line.
//!
//! A `.docx` is a zip of XML parts; three are read besides the document:
//!
//! - **numbering** (`word/numbering.xml`): Word's automatic paragraph
//!   numbers ("1.", "(a)") are not in the text; they are counted here per
//!   list and level, from the paragraph's own numbering or the one its style
//!   (or a style it is based on) gives (`word/styles.xml`). Numbers typed as
//!   text ("1.`<tab>`Urges ...") are text already;
//! - **footnotes** (`word/footnotes.xml`): each reference becomes a
//!   superscript number, numbered in the order of reference, and the
//!   footnotes follow the text after a separator line, "N text" each;
//! - **tracked changes**: by default the text as it would be if every change
//!   were accepted (inserted text read, deleted text never); with
//!   [`Tracked::Original`], the text before the changes. Either way the
//!   result says whether the file had tracked changes.
//!
//! The zip is read with bounds: at most [`MAX_PART`] bytes from any part,
//! so a zip bomb is an error, not an exhausted memory.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use crate::normalize::superscript;

/// Largest uncompressed part read (bytes).
pub const MAX_PART: u64 = 64 << 20;

/// Which text of a file with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tracked {
    /// Every change accepted.
    #[default]
    Accept,
    /// The text before the changes.
    Original,
}

/// The text of a Word file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxText {
    pub text: String,
    /// The file had insertions or deletions tracked.
    pub tracked_changes: bool,
}

/// Reads the text of a `.docx` file's bytes; an error says what is wrong.
pub fn read(bytes: &[u8], tracked: Tracked) -> Result<DocxText, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable Word file (zip): {e}"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("not a Word document: it has no word/document.xml")?;
    let styles = part(&mut zip, "word/styles.xml")?.unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?.unwrap_or_default();
    let footnotes = part(&mut zip, "word/footnotes.xml")?.unwrap_or_default();
    let styles = read_styles(&styles).map_err(|e| format!("word/styles.xml: {e}"))?;
    let numbering = read_numbering(&numbering).map_err(|e| format!("word/numbering.xml: {e}"))?;
    let notes =
        read_footnotes(&footnotes, tracked).map_err(|e| format!("word/footnotes.xml: {e}"))?;
    let body = read_body(&document, tracked).map_err(|e| format!("word/document.xml: {e}"))?;
    let mut counters = Counters::default();
    let mut text = String::new();
    let mut order: Vec<String> = Vec::new();
    for p in &body.paragraphs {
        let mut line = String::new();
        // A paragraph's own numbering wins over its style's; list 0 is
        // "no numbering".
        let num = match &p.num {
            Some((id, _)) if id == "0" => None,
            Some(n) => Some(n.clone()),
            None => styles.num_of(p.style.as_deref()),
        };
        if let Some((id, level)) = num
            && let Some(label) = counters.next(&numbering, &id, level)
        {
            line.push_str(&label);
            line.push('\t');
        }
        for piece in &p.pieces {
            match piece {
                Piece::Text(t) => line.push_str(t),
                Piece::Note(id) => {
                    let n = match order.iter().position(|x| x == id) {
                        Some(i) => i + 1,
                        None => {
                            order.push(id.clone());
                            order.len()
                        }
                    };
                    line.extend(n.to_string().chars().map(superscript));
                }
            }
        }
        let line = line.trim();
        if !line.is_empty() {
            text.push_str(line);
            text.push_str("\n\n");
        }
    }
    if !order.is_empty() {
        text.push_str("_______________\n");
        for (i, id) in order.iter().enumerate() {
            let note = notes.get(id).map_or("", String::as_str);
            text.push_str(&format!("{} {}\n", i + 1, note.trim()));
        }
    }
    Ok(DocxText {
        text,
        tracked_changes: body.tracked,
    })
}

/// A part of the zip, read up to [`MAX_PART`] bytes; `None` if absent.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut buf = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if buf.len() as u64 > MAX_PART {
        return Err(format!(
            "{name} is over {} MiB uncompressed",
            MAX_PART >> 20
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|e| format!("{name}: not UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// The value of attribute `w:{name}` of an element.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        (local(key) == name).then(|| a.value.into_owned())
    })
}

/// The local name of an element ("p" of "w:p").
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

// ---- the document body --------------------------------------------------

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    /// A footnote reference (the footnote's id).
    Note(String),
}

#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    /// (list id, level) of its own numbering.
    num: Option<(String, usize)>,
    pieces: Vec<Piece>,
}

#[derive(Debug, Default)]
struct Body {
    paragraphs: Vec<Paragraph>,
    tracked: bool,
}

/// Reads the paragraphs of a body (document.xml) or of one footnote.
// Long on purpose: one pass over the XML events, with the state of the
// paragraph, the run and the tracked change being read.
fn read_body(xml: &str, tracked: Tracked) -> Result<Body, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut body = Body::default();
    let mut p: Option<Paragraph> = None;
    // Depth inside deleted (w:del, w:moveFrom) and inserted (w:ins,
    // w:moveTo) stretches.
    let (mut deleted, mut inserted) = (0usize, 0usize);
    let mut in_text = false;
    let mut num_id: Option<String> = None;
    let mut ilvl = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        let skip = match tracked {
            Tracked::Accept => deleted > 0,
            Tracked::Original => inserted > 0,
        };
        let push = |p: &mut Option<Paragraph>, piece: Piece| {
            if let Some(p) = p.as_mut() {
                p.pieces.push(piece);
            }
        };
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                "p" => {
                    p = Some(Paragraph::default());
                    ilvl = 0;
                }
                "del" | "moveFrom" => {
                    body.tracked = true;
                    deleted += 1;
                }
                "ins" | "moveTo" => {
                    body.tracked = true;
                    inserted += 1;
                }
                "t" | "delText" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "pStyle" => {
                    if let Some(p) = p.as_mut() {
                        p.style = attr(&e, "val");
                    }
                }
                "numId" => num_id = attr(&e, "val"),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                "tab" if !skip => push(&mut p, Piece::Text("\t".into())),
                "br" | "cr" if !skip => push(&mut p, Piece::Text(" ".into())),
                "footnoteReference" if !skip => {
                    if let Some(id) = attr(&e, "id") {
                        push(&mut p, Piece::Note(id));
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "p" => body.paragraphs.extend(p.take()),
                "numPr" => {
                    if let (Some(p), Some(id)) = (p.as_mut(), num_id.take()) {
                        p.num = Some((id, ilvl));
                    }
                }
                "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                "ins" | "moveTo" => inserted = inserted.saturating_sub(1),
                "t" | "delText" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text && !skip => {
                push(&mut p, Piece::Text(t.xml10_content().into_owned()));
            }
            Event::GeneralRef(r) if in_text && !skip => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    }
                    .to_string(),
                };
                push(&mut p, Piece::Text(c));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body)
}

// ---- styles and numbering -------------------------------------------------

/// Paragraph styles: the numbering each gives, and what it is based on.
#[derive(Debug, Default)]
struct Styles {
    num: HashMap<String, (String, usize)>,
    based_on: HashMap<String, String>,
}

impl Styles {
    /// The numbering of style `id`, its own or inherited.
    fn num_of(&self, id: Option<&str>) -> Option<(String, usize)> {
        let mut id = id?;
        for _ in 0..32 {
            if let Some(n) = self.num.get(id) {
                return (n.0 != "0").then(|| n.clone());
            }
            id = self.based_on.get(id)?;
        }
        None
    }
}

fn read_styles(xml: &str) -> Result<Styles, String> {
    let mut styles = Styles::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut style: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut ilvl = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    style = attr(&e, "styleId");
                    num_id = None;
                    ilvl = 0;
                }
                "basedOn" => {
                    if let (Some(s), Some(b)) = (style.clone(), attr(&e, "val")) {
                        styles.based_on.insert(s, b);
                    }
                }
                "numId" => num_id = attr(&e, "val"),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => {
                if let (Some(s), Some(n)) = (style.take(), num_id.take()) {
                    styles.num.insert(s, (n, ilvl));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// One level of a list: its start, format and label pattern ("%1.").
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// Abstract list id -> its levels.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List id -> (abstract list id, start overrides per level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
}

fn read_numbering(xml: &str) -> Result<Numbering, String> {
    let mut n = Numbering::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut abs: Option<String> = None;
    let mut num: Option<String> = None;
    let mut level: Option<(usize, Level)> = None;
    let mut override_level: Option<usize> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "abstractNum" => abs = attr(&e, "abstractNumId"),
                "num" => num = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(id), Some(a)) = (num.clone(), attr(&e, "val")) {
                        n.nums.insert(id, (a, HashMap::new()));
                    }
                }
                "lvlOverride" => {
                    override_level = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                }
                "startOverride" => {
                    if let (Some(id), Some(l), Some(v)) = (
                        num.as_ref(),
                        override_level,
                        attr(&e, "val").and_then(|v| v.parse().ok()),
                    ) && let Some(entry) = n.nums.get_mut(id)
                    {
                        entry.1.insert(l, v);
                    }
                }
                "lvl" if abs.is_some() => {
                    let ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            text: format!("%{}.", ilvl + 1),
                        },
                    ));
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) =
                        (level.as_mut(), attr(&e, "val").and_then(|v| v.parse().ok()))
                    {
                        l.start = v;
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "val")) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "val")) {
                        l.text = v;
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "lvl" => {
                    if let (Some(a), Some((i, l))) = (abs.clone(), level.take()) {
                        n.abstracts.entry(a).or_default().insert(i, l);
                    }
                }
                "abstractNum" => abs = None,
                "num" => num = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(n)
}

/// The counters of every list, as paragraphs are numbered in order.
#[derive(Debug, Default)]
struct Counters {
    /// List id -> the current number per level.
    lists: HashMap<String, Vec<Option<u32>>>,
}

impl Counters {
    /// The label of the next paragraph of list `id` at `level` ("3.",
    /// "(b)"); `None` for bullets and unknown lists.
    fn next(&mut self, n: &Numbering, id: &str, level: usize) -> Option<String> {
        let (abs, starts) = n.nums.get(id)?;
        let levels = n.abstracts.get(abs)?;
        let lvl = levels.get(&level)?;
        let counts = self.lists.entry(id.to_string()).or_default();
        if counts.len() <= level {
            counts.resize(level + 1, None);
        }
        let start = starts.get(&level).copied().unwrap_or(lvl.start);
        counts[level] = Some(counts[level].map_or(start, |c| c + 1));
        // A deeper level starts again under each new number.
        counts.truncate(level + 1);
        if lvl.format == "bullet" || lvl.format == "none" {
            return None;
        }
        let mut label = lvl.text.clone();
        for (i, c) in counts.iter().enumerate() {
            let value = c.unwrap_or(levels.get(&i).map_or(1, |l| l.start));
            let fmt = levels.get(&i).map_or("decimal", |l| l.format.as_str());
            label = label.replace(&format!("%{}", i + 1), &format_number(value, fmt));
        }
        Some(label)
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        _ => n.to_string(),
    }
}

/// 1 -> "a", 26 -> "z", 27 -> "aa" (Word's letter numbering).
fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

// ---- footnotes ------------------------------------------------------------

/// Footnote id -> its text (the separators Word keeps as footnotes -1 and
/// 0, typed `separator` and `continuationSeparator`, are left out).
fn read_footnotes(xml: &str, tracked: Tracked) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    if xml.is_empty() {
        return Ok(out);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<(String, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if local(e.name().as_ref()) == "footnote" => {
                let separator = attr(&e, "type").is_some_and(|t| t.contains("eparator"));
                current = attr(&e, "id").filter(|_| !separator).map(|id| (id, before));
            }
            Event::End(e) if local(e.name().as_ref()) == "footnote" => {
                if let Some((id, from)) = current.take() {
                    let end = reader.buffer_position() as usize;
                    let body = read_body(&xml[from..end.min(xml.len())], tracked)?;
                    let text: Vec<String> = body
                        .paragraphs
                        .iter()
                        .map(|p| {
                            p.pieces
                                .iter()
                                .filter_map(|x| match x {
                                    Piece::Text(t) => Some(t.as_str()),
                                    Piece::Note(_) => None,
                                })
                                .collect::<String>()
                        })
                        .collect();
                    out.insert(
                        id,
                        text.join(" ")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
