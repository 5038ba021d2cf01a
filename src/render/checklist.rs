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

use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera};

use crate::checklist::{Checklist, Item};

/// The default templates: (file name, text).
pub const TEMPLATES: &[(&str, &str)] = &[
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

/// The loaded templates.
pub struct Templates {
    tera: Tera,
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
                if !file.ends_with(".tera") && !file.ends_with(".html") && !file.ends_with(".md") {
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
        // Add one by one so an error names its template.
        for (name, text) in &sources {
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError {
                    name: name.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(Templates { tera })
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
        self.tera.render(name, &ctx).map_err(|e| TemplateError {
            name: name.to_string(),
            message: e.to_string(),
        })
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
fn csv_cell(s: &str) -> String {
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
    fn default_templates_load() {
        Templates::load(None).unwrap_or_else(|e| panic!("{e}"));
    }
}
