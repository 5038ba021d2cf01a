//! Checklists as Markdown and HTML through tera templates, and as JSON and
//! CSV through serde.
//!
//! The default templates (`templates/*.tera`) are compiled into the binary;
//! a folder given with `--templates` overrides them by name. Template names
//! drop the `.tera` suffix, so `checklist.html.tera` is the template
//! `checklist.html`, which tera escapes automatically (names ending in
//! `.html`). Markdown templates escape document text with the `md` filter
//! (and `md_cell` inside table cells), so that a `|` or `*` in a clause
//! cannot break a table or a list.
//!
//! A template from a user's folder is a program: it could loop for hours or
//! write gigabytes. Rendering is bounded in time ([`RENDER_TIME_LIMIT`])
//! and in output size ([`RENDER_SIZE_LIMIT`]); past either, it is an error
//! that names the template.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tera::{Context, Kwargs, State, Tera};

use crate::checklist::{Checklist, Item};

/// The default templates: (file name, text).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "_checklist.css.tera",
        include_str!("../../templates/_checklist.css.tera"),
    ),
    (
        "_item.html.tera",
        include_str!("../../templates/_item.html.tera"),
    ),
    (
        "_script.html.tera",
        include_str!("../../templates/_script.html.tera"),
    ),
    (
        "combined.md.tera",
        include_str!("../../templates/combined.md.tera"),
    ),
    (
        "combined.html.tera",
        include_str!("../../templates/combined.html.tera"),
    ),
    (
        "checklist.md.tera",
        include_str!("../../templates/checklist.md.tera"),
    ),
    (
        "checklist.html.tera",
        include_str!("../../templates/checklist.html.tera"),
    ),
    (
        "index.md.tera",
        include_str!("../../templates/index.md.tera"),
    ),
    (
        "index.html.tera",
        include_str!("../../templates/index.html.tera"),
    ),
    ("diff.md.tera", include_str!("../../templates/diff.md.tera")),
    (
        "diff.html.tera",
        include_str!("../../templates/diff.html.tera"),
    ),
    (
        "series.md.tera",
        include_str!("../../templates/series.md.tera"),
    ),
    (
        "series.html.tera",
        include_str!("../../templates/series.html.tera"),
    ),
    (
        "_site.css.tera",
        include_str!("../../templates/_site.css.tera"),
    ),
    (
        "_site_script.html.tera",
        include_str!("../../templates/_site_script.html.tera"),
    ),
    (
        "site-index.html.tera",
        include_str!("../../templates/site-index.html.tera"),
    ),
    (
        "site-page.html.tera",
        include_str!("../../templates/site-page.html.tera"),
    ),
];

/// A problem with a template: which one and what (tera's report names the
/// line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct TemplateError {
    pub name: String,
    pub message: String,
}

/// Escapes Markdown: characters that would start emphasis, code, links,
/// headings, lists, tables or HTML.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_line_start = true;
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => {
                out.push(' ');
                at_line_start = false;
                continue;
            }
            _ => out.push(c),
        }
        at_line_start = false;
    }
    out
}

fn md_filter(val: &str, _: Kwargs, _: &State) -> String {
    md_escape(val)
}

/// Escapes a table cell: Markdown escapes, and no line breaks.
fn md_cell_filter(val: &str, _: Kwargs, _: &State) -> String {
    md_escape(val).replace(['\n', '\r'], " ")
}

/// The longest a template may take to render. The built-in templates take
/// milliseconds; a user's template past this loops too much.
pub const RENDER_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The most a template may write (bytes).
pub const RENDER_SIZE_LIMIT: usize = 256 << 20;

/// The loaded templates.
pub struct Templates {
    tera: Arc<Tera>,
}

/// A writer that refuses to grow past a limit (and remembers it did:
/// tera reports the write error without its message).
struct Bounded {
    buf: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.limit {
            self.over = true;
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Templates {
    /// The default templates, overridden by the files of `dir` (by name).
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut sources: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(f, t)| (f.trim_end_matches(".tera").to_string(), t.to_string()))
            .collect();
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
                name: dir.display().to_string(),
                message: format!("cannot read the templates folder: {e}"),
            })?;
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                let Some(file) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !file.ends_with(".tera")
                    && !file.ends_with(".html")
                    && !file.ends_with(".md")
                    && !file.ends_with(".css")
                {
                    continue;
                }
                let name = file.trim_end_matches(".tera").to_string();
                let text = std::fs::read_to_string(&p).map_err(|e| TemplateError {
                    name: p.display().to_string(),
                    message: format!("cannot read: {e}"),
                })?;
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(s) => s.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        let mut tera = Tera::new();
        tera.register_filter("md", md_filter);
        tera.register_filter("md_cell", md_cell_filter);
        // Add one by one so an error names its template; the parts other
        // templates include (names starting with `_`) first.
        sources.sort_by_key(|(name, _)| !name.starts_with('_'));
        for (name, text) in &sources {
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError {
                    name: name.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(Templates {
            tera: Arc::new(tera),
        })
    }

    /// Renders template `name` with `value` as its context.
    pub fn render(
        &self,
        name: &str,
        value: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        let ctx = Context::from_serialize(value).map_err(|e| TemplateError {
            name: name.to_string(),
            message: e.to_string(),
        })?;
        self.render_bounded(name, ctx, RENDER_TIME_LIMIT, RENDER_SIZE_LIMIT)
    }

    /// Renders on a thread of its own, waiting at most `time`: tera has no
    /// step limit, and a thread cannot be stopped, so one that runs over is
    /// left to finish (or to end with the process) and its result dropped.
    fn render_bounded(
        &self,
        name: &str,
        ctx: Context,
        time: Duration,
        size: usize,
    ) -> Result<String, TemplateError> {
        let error = |message: String| TemplateError {
            name: name.to_string(),
            message,
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let tera = Arc::clone(&self.tera);
        let template = name.to_string();
        std::thread::Builder::new()
            .name("render".into())
            .spawn(move || {
                let mut out = Bounded {
                    buf: Vec::new(),
                    limit: size,
                    over: false,
                };
                let r = match tera.render_to(&template, &ctx, &mut out) {
                    Ok(()) => Ok(out.buf),
                    Err(_) if out.over => Err(format!(
                        "the output is over {} MiB; the template writes too much",
                        size >> 20
                    )),
                    Err(e) => Err(e.to_string()),
                };
                let _ = tx.send(r);
            })
            .map_err(|e| error(format!("cannot start rendering: {e}")))?;
        match rx.recv_timeout(time) {
            Ok(Ok(bytes)) => String::from_utf8(bytes).map_err(|e| error(e.to_string())),
            Ok(Err(e)) => Err(error(e)),
            Err(_) => Err(error(format!(
                "rendering took over {} s; the template loops too much",
                time.as_secs()
            ))),
        }
    }
}

/// Writes the default templates into `dir`: a new or empty folder, or any
/// folder with `replace` (see [`crate::io::write_files`]).
pub fn dump(dir: &Path, replace: bool) -> std::io::Result<Vec<PathBuf>> {
    crate::io::write_files(dir, TEMPLATES, replace)
}

/// Checklists as one CSV table: a header, then one row per item, the
/// document (its symbol, else its file) in the first column. `excel`
/// starts the text with a UTF-8 byte-order mark, without which Excel reads
/// the file in the local code page and garbles curly quotes and
/// footnote marks.
pub fn csv(lists: &[Checklist], excel: bool) -> String {
    let mut out = String::new();
    if excel {
        out.push('\u{feff}');
    }
    let header = [
        "document",
        "item_id",
        "reference",
        "paragraph",
        "subparagraph",
        "strength",
        "verb",
        "actor",
        "actor_text",
        "action",
        "steps",
        "qualifiers",
        "condition",
        "deadline",
        "deadline_when",
        "references",
        "applicability",
        "status",
        "notes",
        "source",
    ];
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for c in lists {
        let document = c.document.symbol.as_ref().unwrap_or(&c.document.source);
        for i in &c.items {
            csv_row(&mut out, document, i);
        }
    }
    out
}

/// The items with a due date, as an iCalendar file (RFC 5545): one
/// all-day event per item on the day it falls due (a session's or a
/// year's deadline on the first or last day of its window, said in the
/// description). Lines end in CRLF and fold at 75 octets; text is escaped.
/// The same checklist gives the same file: each event's UID is its item id
/// and document key, and DTSTAMP is the document's date.
pub fn ics(lists: &[Checklist]) -> String {
    let mut out = String::new();
    let mut line = |s: String| fold_line(&mut out, &s);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//resolute//{}//EN",
        lists.first().map_or("resolute", |c| c.generator.as_str())
    ));
    line("CALSCALE:GREGORIAN".into());
    for c in lists {
        let stamp = c
            .document
            .date
            .as_deref()
            .map_or_else(|| "19700101".to_string(), |d| d.replace('-', ""));
        let document = c.document.symbol.as_ref().unwrap_or(&c.document.source);
        for i in &c.items {
            let Some(d) = &i.deadline else { continue };
            let Some(day) = d.due.as_ref().or(d.due_to.as_ref()) else {
                continue;
            };
            let action: String = i.action.chars().take(100).collect();
            line("BEGIN:VEVENT".into());
            let uid: String = format!("{}-{}-{}", c.document_key, c.actor.id, i.id)
                .chars()
                .map(|ch| {
                    if ch.is_ascii_alphanumeric() || ch == '.' {
                        ch
                    } else {
                        '-'
                    }
                })
                .collect();
            line(format!("UID:{uid}@resolute"));
            line(format!("DTSTAMP:{stamp}T000000Z"));
            line(format!("DTSTART;VALUE=DATE:{}", day.replace('-', "")));
            line(format!(
                "SUMMARY:{}",
                ics_text(&format!("{document} {}: {action}", i.reference))
            ));
            line(format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "{} ({}), {}.\nDue: {}.\n{}",
                    c.actor.name, i.strength_label, i.reference, d.when, i.action
                ))
            ));
            line("END:VEVENT".into());
        }
    }
    line("END:VCALENDAR".into());
    out
}

/// Escapes text for an iCalendar value: backslash, ";", "," and line
/// breaks.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so that no line is longer than 75
/// octets (a fold is CRLF and a space, never inside a character).
fn fold_line(out: &mut String, s: &str) {
    let mut width = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn csv_row(out: &mut String, document: &str, i: &Item) {
    let row = [
        document.to_string(),
        i.id.clone(),
        i.reference.clone(),
        i.paragraph.to_string(),
        i.subparagraph.clone().unwrap_or_default(),
        i.strength.to_string(),
        i.verb.clone(),
        i.actor.clone(),
        i.actor_text.clone(),
        i.action.clone(),
        i.steps
            .iter()
            .map(|s| format!("({}) {}", s.label, s.text))
            .collect::<Vec<_>>()
            .join(" "),
        i.qualifiers
            .iter()
            .map(|q| format!("{}: {}", q.kind, q.text))
            .collect::<Vec<_>>()
            .join("; "),
        i.condition.clone().unwrap_or_default(),
        i.deadline
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_default(),
        i.deadline
            .as_ref()
            .map(|d| d.when.clone())
            .unwrap_or_default(),
        i.references
            .iter()
            .map(|r| r.url.clone().unwrap_or_else(|| r.text.clone()))
            .collect::<Vec<_>>()
            .join("; "),
        i.applicability
            .as_ref()
            .map(|a| a.note.clone())
            .unwrap_or_default(),
        i.status
            .map(|s| {
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .unwrap_or_default(),
        i.notes.clone().unwrap_or_default(),
        i.source.clone(),
    ];
    let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// A CSV cell (RFC 4180), with a leading `'` before text a spreadsheet
/// would run as a formula: one that starts with `=`, `+`, `-`, `@`, or a
/// tab or carriage return (which spreadsheets skip before reading one).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            md_escape("a | b *c* _d_ [e](f) <g>"),
            r"a \| b \*c\* \_d\_ \[e\](f) \<g\>"
        );
        assert_eq!(md_escape("# not a heading"), r"\# not a heading");
        assert_eq!(md_escape("1\n2"), "1 2");
    }

    #[test]
    fn csv_cells() {
        assert_eq!(csv_cell("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("\t=HYPERLINK(1)"), "'\t=HYPERLINK(1)");
        assert_eq!(csv_cell("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn a_template_that_loops_too_long_or_writes_too_much_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("slow.md.tera"),
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("big.md.tera"),
            "{% for i in range(end=100000) %}{{ i }} and some more text to fill{% endfor %}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let start = std::time::Instant::now();
        let e = t
            .render_bounded(
                "slow.md",
                Context::new(),
                Duration::from_millis(300),
                1 << 20,
            )
            .unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(e.name, "slow.md");
        assert!(e.message.contains("loops too much"), "{e}");
        let e = t
            .render_bounded("big.md", Context::new(), Duration::from_secs(30), 1 << 20)
            .unwrap_err();
        assert!(e.message.contains("writes too much"), "{e}");
        let ok = t
            .render_bounded("big.md", Context::new(), Duration::from_secs(30), 64 << 20)
            .unwrap();
        assert!(ok.ends_with("99999 and some more text to fill"));
    }

    #[test]
    fn default_templates_load() {
        Templates::load(None).unwrap_or_else(|e| panic!("{e}"));
    }
}
