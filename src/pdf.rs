//! Stage 0 for PDF files: the bytes of an official UN PDF -> the text the
//! pipeline reads, one paragraph per line, with the offset where each page
//! starts.
//!
//! The characters, their positions and fonts come from `pdf_oxide` (a
//! pure-Rust reader); the layout is read here:
//!
//! - lines are the pieces of text that share a baseline, left to right;
//! - the body size is the font size most of the text is set in; a piece of
//!   digits in a much smaller size is a footnote marker and becomes
//!   superscript digits ("thereto,¹ the"), never glued to the next word;
//! - a line of underscores opens the page's footnotes; their text goes to
//!   the end of the document, after one separator, each footnote on its own
//!   line, in order;
//! - page furniture is dropped: the running title and symbol above the
//!   body of every page after the first, page numbers ("2/27"), job numbers
//!   ("25-20947 (E)") and bar codes ("*2520947*") at the foot;
//! - a paragraph starts where a line is indented or after a wider gap than
//!   the text's line spacing, and continues across a page break otherwise;
//!   the lines of a paragraph are joined with a space, or with nothing after
//!   a hyphen (the UN's PDFs do not hyphenate words, so a hyphen at the end
//!   of a line is part of the word: "child-" + "sensitive").
//!
//! Reading runs on a thread of its own with a time limit, so that a file
//! that sends the reader into a loop gives an error, not a hang; a panic in
//! the reader is caught and reported as a bad file.

use std::time::Duration;

use crate::normalize::{superscript, superscript_digit};

/// How long reading one PDF may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The text of a PDF and where its pages start.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfText {
    pub text: String,
    /// Byte offset in `text` where each page's body starts (page 1 first).
    pub pages: Vec<usize>,
}

/// Why a PDF cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Encrypted with a password.
    Encrypted,
    /// Pages but no text on them: a scan.
    NoText { pages: usize },
    /// The reader gave up: a damaged or unsupported file.
    Broken(String),
    /// The reader ran past [`TIME_LIMIT`].
    TimedOut,
}

/// A run of text in one font at one place, as the reader gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    /// Left and right edges and the baseline (points, y up).
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
}

/// Reads the text of a PDF file's bytes.
#[cfg(feature = "pdf")]
pub fn read(bytes: Vec<u8>) -> Result<PdfText, PdfError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("pdf".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(move || pages_of(bytes));
            let _ = tx.send(r);
        })
        .map_err(|e| PdfError::Broken(e.to_string()))?;
    match rx.recv_timeout(TIME_LIMIT) {
        // An encrypted file read without its key gives no text.
        Ok(Ok(Ok((pages, encrypted)))) => match layout(pages) {
            Err(PdfError::NoText { .. }) if encrypted => Err(PdfError::Encrypted),
            r => r,
        },
        Ok(Ok(Err(e))) => Err(e),
        Ok(Err(_)) => Err(PdfError::Broken("the PDF reader failed on it".into())),
        Err(_) => Err(PdfError::TimedOut),
    }
}

/// The pieces of each page, in the reader's order, and whether the file
/// is encrypted.
#[cfg(feature = "pdf")]
fn pages_of(bytes: Vec<u8>) -> Result<(Vec<Vec<Piece>>, bool), PdfError> {
    use pdf_oxide::PdfDocument;
    let broken = |e: pdf_oxide::error::Error| match e {
        pdf_oxide::error::Error::EncryptedPdf => PdfError::Encrypted,
        e => PdfError::Broken(e.to_string()),
    };
    let doc = PdfDocument::from_bytes(bytes).map_err(broken)?;
    let n = doc.page_count().map_err(broken)?;
    let mut pages = Vec::with_capacity(n);
    for p in 0..n {
        let spans = doc.extract_spans(p).map_err(broken)?;
        pages.push(
            spans
                .into_iter()
                .map(|s| Piece {
                    text: s.text,
                    x0: s.bbox.x,
                    x1: s.bbox.x + s.bbox.width,
                    y: s.bbox.y,
                    size: s.font_size,
                })
                .collect(),
        );
    }
    Ok((pages, doc.is_encrypted()))
}

/// Without the `pdf` feature: PDF files are refused.
#[cfg(not(feature = "pdf"))]
pub fn read(_bytes: Vec<u8>) -> Result<PdfText, PdfError> {
    Err(PdfError::Broken(
        "this build reads no PDF (built without the `pdf` feature)".into(),
    ))
}

/// One line of a page: its pieces left to right.
#[derive(Debug, Clone)]
struct Line {
    y: f32,
    x0: f32,
    /// Largest font size on the line.
    size: f32,
    text: String,
}

/// Where a line belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Body,
    Footnote,
    Furniture,
}

/// The text of the pages, read as described in the module documentation.
pub fn layout(pages: Vec<Vec<Piece>>) -> Result<PdfText, PdfError> {
    let count = pages.len();
    let body = body_size(&pages).ok_or(PdfError::NoText { pages: count })?;
    let pages: Vec<Vec<Line>> = pages.into_iter().map(|p| lines(p, body)).collect();
    let pitch = line_pitch(&pages, body);
    let mut out = Writer::default();
    let mut notes: Vec<String> = Vec::new();
    let mut starts = Vec::with_capacity(count);
    for (n, page) in pages.iter().enumerate() {
        let roles = roles(page, n, body);
        let margin = margin(page, &roles, body);
        starts.push(out.text.len());
        let mut last: Option<&Line> = None;
        for (l, r) in page.iter().zip(&roles) {
            match r {
                Role::Furniture => {}
                Role::Footnote => footnote_line(&mut notes, l),
                Role::Body => {
                    // Indented (a first line) or outdented (a header line),
                    // unless it wraps the line above: same edge, lower case
                    // ("human rights" / "questions, including ...").
                    let wraps = last.is_some_and(|p| {
                        (p.x0 - l.x0).abs() < 1.0 && l.text.starts_with(|c: char| c.is_lowercase())
                    });
                    let off_margin = (l.x0 - margin).abs() > 0.8 * body && !wraps;
                    let gap = last.is_some_and(|p| p.y - l.y > pitch * 1.3);
                    let resized = last.is_some_and(|p| (p.size - l.size).abs() > 0.5);
                    if off_margin || gap || resized {
                        out.paragraph();
                    }
                    out.line(&l.text);
                    last = Some(l);
                }
            }
        }
    }
    if !notes.is_empty() {
        out.paragraph();
        out.line("_______________");
        for note in notes {
            out.paragraph_tight();
            out.line(&note);
        }
    }
    let mut text = out.text;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if text.trim().is_empty() {
        return Err(PdfError::NoText { pages: count });
    }
    Ok(PdfText {
        text,
        pages: starts,
    })
}

/// The left edge of a page's text column: where most body lines start.
fn margin(page: &[Line], roles: &[Role], body: f32) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for (l, r) in page.iter().zip(roles) {
        if *r == Role::Body && is_body(l, body) {
            *counts.entry(l.x0.round() as i32).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(x, n)| (n, -x))
        .map_or(0.0, |(x, _)| x as f32)
}

/// The font size most characters are set in (to a quarter point).
fn body_size(pages: &[Vec<Piece>]) -> Option<f32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for p in pages.iter().flatten() {
        let n = p.text.chars().filter(|c| !c.is_whitespace()).count();
        if n > 0 && p.size.is_finite() && p.size > 0.0 {
            *counts.entry((p.size * 4.0).round() as i32).or_default() += n;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map(|(size, _)| size as f32 / 4.0)
}

fn is_body(l: &Line, body: f32) -> bool {
    (l.size - body).abs() < 0.3
}

/// A footnote marker: digits in a size well below the body's.
fn is_marker(p: &Piece, body: f32) -> bool {
    let t = p.text.trim();
    p.size < body * 0.8
        && !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
}

/// The lines of a page, top to bottom.
fn lines(mut pieces: Vec<Piece>, body: f32) -> Vec<Line> {
    pieces.retain(|p| p.y.is_finite() && p.x0.is_finite() && !p.text.is_empty());
    pieces.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    for p in pieces {
        match groups.last_mut() {
            // Same line when the baselines are within 40% of the larger
            // size (a raised footnote marker stays on its line).
            Some(g) if (g[0].y - p.y).abs() <= 0.4 * g[0].size.max(p.size) => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    groups
        .into_iter()
        .filter_map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let text = join_pieces(&g, body);
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return None;
            }
            let first = g.iter().find(|p| !p.text.trim().is_empty())?;
            let size = g
                .iter()
                .filter(|p| !p.text.trim().is_empty() && !is_marker(p, body))
                .map(|p| p.size)
                .fold(0.0, f32::max);
            Some(Line {
                y: g.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max),
                x0: first.x0,
                size: if size > 0.0 { size } else { first.size },
                text: trimmed.to_string(),
            })
        })
        .collect()
}

/// The pieces of a line joined: a space where they stand apart, a tab
/// across a wide gap ("1.<tab>Urges"), markers as superscript digits.
fn join_pieces(g: &[Piece], body: f32) -> String {
    let mut s = String::new();
    let mut prev_x1: Option<f32> = None;
    for p in g {
        if p.text.trim().is_empty() {
            if !s.ends_with([' ', '\t']) && !s.is_empty() {
                s.push(' ');
            }
            prev_x1 = Some(p.x1);
            continue;
        }
        let marker = is_marker(p, body);
        if let Some(x1) = prev_x1 {
            let gap = p.x0 - x1;
            let apart = !s.ends_with([' ', '\t']) && !p.text.starts_with(' ');
            // "1.<tab>Urges": the gap after a paragraph number is a
            // tab stop, wider than any space between words.
            if gap > 1.2 * body && !marker {
                while s.ends_with(' ') {
                    s.pop();
                }
                s.push('\t');
            } else if apart && gap > 0.2 * p.size.min(body) && !marker {
                s.push(' ');
            }
        }
        if marker {
            while s.ends_with(' ') && s.trim_end().ends_with(|c: char| !c.is_alphanumeric()) {
                s.pop();
            }
            s.extend(p.text.trim().chars().map(superscript));
        } else if s.ends_with([' ', '\t']) {
            s.push_str(p.text.trim_start());
        } else {
            s.push_str(&p.text);
        }
        prev_x1 = Some(p.x1);
    }
    // Spaces inside a piece run together as in the source; one is enough.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && out.ends_with([' ', '\t']) {
            continue;
        }
        out.push(c);
    }
    out
}

/// "¹" -> '1'; any other character as it is.
fn plain_digit(c: char) -> char {
    superscript_digit(c).map_or(c, |d| char::from(b'0' + d as u8))
}

/// The most common distance between consecutive body lines.
fn line_pitch(pages: &[Vec<Line>], body: f32) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for page in pages {
        for w in page.windows(2) {
            if is_body(&w[0], body) && is_body(&w[1], body) {
                let d = w[0].y - w[1].y;
                if d > 0.0 {
                    *counts.entry((d * 2.0).round() as i32).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(d, n)| (n, -d))
        .map_or(body * 1.2, |(d, _)| d as f32 / 2.0)
}

/// The role of each line of page `n` (0-based).
fn roles(page: &[Line], n: usize, body: f32) -> Vec<Role> {
    let mut roles = vec![Role::Body; page.len()];
    // Above the first body line of a later page: the running title and
    // the symbol, set smaller than the body.
    if n > 0 {
        for (i, l) in page.iter().enumerate() {
            if is_body(l, body) || l.size > body {
                break;
            }
            roles[i] = Role::Furniture;
        }
    }
    let mut notes = false;
    let len = page.len();
    for (i, l) in page.iter().enumerate() {
        if roles[i] == Role::Furniture {
            continue;
        }
        // Page and job numbers and bar codes stand at the head or foot.
        if (i < 3 || i + 3 >= len) && is_furniture(&l.text) {
            roles[i] = Role::Furniture;
        } else if l.text.len() >= 5 && l.text.chars().all(|c| c == '_') {
            roles[i] = Role::Furniture;
            notes = true;
        } else if notes {
            roles[i] = Role::Footnote;
        }
    }
    roles
}

/// Page numbers ("2/27"), job numbers ("25-20947 (E)", "25-20947"), bar
/// codes ("*2520947*") and the recycling mark.
fn is_furniture(line: &str) -> bool {
    // "25-20947<tab>11/27": a job number and a page number on one line.
    if line.contains('\t') {
        return line.split('\t').all(is_furniture);
    }
    // A job number set small may have been read as a footnote marker.
    let plain: String = line.chars().map(plain_digit).collect();
    let t = plain.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((a, b)) = t.split_once('/')
        && digits(a)
        && digits(b)
    {
        return true;
    }
    // "25-17763 (E) 111125": the job number, the language, a date code.
    let job = match t.rsplit_once(' ') {
        Some((head, code)) if code.len() == 6 && digits(code) => head.trim(),
        _ => t,
    };
    let job = job.strip_suffix("(E)").unwrap_or(job).trim();
    if let Some((a, b)) = job.split_once('-')
        && a.len() == 2
        && digits(a)
        && (4..=6).contains(&b.len())
        && digits(b)
    {
        return true;
    }
    if let Some(inner) = t.strip_prefix('*').and_then(|s| s.strip_suffix('*'))
        && digits(inner)
    {
        return true;
    }
    t == "Please recycle"
}

/// Adds a footnote line: a marker opens a footnote, a line without one
/// continues the last.
fn footnote_line(notes: &mut Vec<String>, l: &Line) {
    let t = l.text.trim();
    let opens = t.starts_with(|c| superscript_digit(c).is_some());
    match notes.last_mut() {
        Some(last) if !opens => {
            if !last.ends_with('-') {
                last.push(' ');
            }
            last.push_str(t);
        }
        // "1 United Nations, ...": the number in plain digits, as in the
        // footnote areas of converted text.
        _ => {
            let rest = t.trim_start_matches(|c| superscript_digit(c).is_some());
            let number: String = t[..t.len() - rest.len()].chars().map(plain_digit).collect();
            notes.push(format!("{number} {}", rest.trim_start()).trim().to_string());
        }
    }
}

/// Builds the text: lines of one paragraph joined, paragraphs apart.
#[derive(Default)]
struct Writer {
    text: String,
    open: bool,
}

impl Writer {
    /// Ends the current paragraph (a blank line follows).
    fn paragraph(&mut self) {
        if self.open {
            self.text.push_str("\n\n");
            self.open = false;
        }
    }

    /// Ends the current paragraph with a single line break.
    fn paragraph_tight(&mut self) {
        if self.open {
            self.text.push('\n');
            self.open = false;
        }
    }

    fn line(&mut self, line: &str) {
        if self.open {
            // A hyphen at the end of a line is part of the word.
            if !self.text.ends_with('-') {
                self.text.push(' ');
            }
        }
        self.text.push_str(line);
        self.open = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, x0: f32, y: f32, size: f32) -> Piece {
        let width = text.chars().count() as f32 * size * 0.45;
        Piece {
            text: text.into(),
            x0,
            x1: x0 + width,
            y,
            size,
        }
    }

    #[test]
    fn markers_become_superscripts_and_paragraphs_are_joined() {
        let page = vec![
            piece("The General Assembly,", 147.0, 700.0, 10.0),
            piece("Recalling the Convention,", 147.0, 682.0, 10.0),
            piece("1", 260.0, 682.0, 6.5),
            piece("the Protocols and the child-", 270.0, 682.0, 10.0),
            piece("sensitive measures, and other", 123.0, 670.0, 10.0),
            piece("texts,", 123.0, 658.0, 10.0),
            piece("1.", 147.0, 640.0, 10.0),
            piece("Urges", 171.0, 640.0, 10.0),
            piece("Member States to act on", 200.0, 640.0, 10.0),
            piece("all matters;", 123.0, 628.0, 10.0),
            piece("_______________", 100.0, 100.0, 9.0),
            piece("1", 117.0, 93.0, 5.5),
            piece(
                "United Nations, Treaty Series, vol. 2225.",
                123.0,
                90.0,
                8.5,
            ),
            piece("2/27", 60.0, 37.0, 8.5),
            piece("25-20947 (E)", 60.0, 42.0, 10.0),
        ];
        let r = layout(vec![page]).unwrap();
        assert_eq!(
            r.text,
            "The General Assembly,\n\nRecalling the Convention,¹ the Protocols and the child-sensitive measures, and other texts,\n\n1.\tUrges Member States to act on all matters;\n\n_______________\n1 United Nations, Treaty Series, vol. 2225.\n"
        );
        assert_eq!(r.pages, vec![0]);
    }

    #[test]
    fn later_pages_lose_their_running_header_and_continue_the_paragraph() {
        let p1 = vec![
            piece("The General Assembly,", 147.0, 700.0, 10.0),
            piece("Recalling its resolutions of", 147.0, 682.0, 10.0),
            piece("many years, of many", 123.0, 670.0, 10.0),
            piece("sessions,", 123.0, 658.0, 10.0),
        ];
        let p2 = vec![
            piece("Strengthening the programme", 60.0, 742.0, 8.5),
            piece("A/RES/80/229", 60.0, 733.0, 8.5),
            piece("and of this year,", 123.0, 705.0, 10.0),
            piece("Noting the report,", 147.0, 687.0, 10.0),
            piece("with thanks,", 123.0, 675.0, 10.0),
        ];
        let r = layout(vec![p1, p2]).unwrap();
        assert_eq!(
            r.text,
            "The General Assembly,\n\nRecalling its resolutions of many years, of many sessions, and of this year,\n\nNoting the report, with thanks,\n"
        );
        assert_eq!(r.pages.len(), 2);
        assert!(r.text[r.pages[1]..].starts_with(" and of this year"));
    }

    #[test]
    fn pages_without_text_are_a_scan() {
        assert_eq!(
            layout(vec![vec![], vec![piece("   ", 1.0, 1.0, 10.0)]]),
            Err(PdfError::NoText { pages: 2 })
        );
    }

    #[test]
    fn furniture_lines() {
        for t in [
            "2/27",
            "25-20947 (E)",
            "25-20947",
            "*2520947*",
            "25-17763 (E) 111125",
            "²⁵-17763\t3/3",
        ] {
            assert!(is_furniture(t), "{t}");
        }
        for t in ["80/229.", "1. Urges", "2025-2030", "A/RES/80/229"] {
            assert!(!is_furniture(t), "{t}");
        }
    }
}
