//! Diffs and series as Markdown and HTML through tera templates
//! (`templates/diff.*.tera`, `templates/series.*.tera`), and as JSON
//! through serde: the JSON is the context the templates receive.

use crate::diff::Diff;
use crate::diff::series::Series;
use crate::render::checklist::{TemplateError, Templates};

/// The formats a diff is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Md,
    Html,
    Json,
}

fn json(value: &impl serde::Serialize, name: &str) -> Result<String, TemplateError> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| TemplateError {
            name: name.to_string(),
            message: e.to_string(),
        })
}

/// Two versions compared.
pub fn diff(d: &Diff, format: DiffFormat, t: &Templates) -> Result<String, TemplateError> {
    match format {
        DiffFormat::Md => t.render("diff.md", d),
        DiffFormat::Html => t.render("diff.html", d),
        DiffFormat::Json => json(d, "diff.json"),
    }
}

/// Three or more versions in turn.
pub fn series(s: &Series, format: DiffFormat, t: &Templates) -> Result<String, TemplateError> {
    match format {
        DiffFormat::Md => t.render("series.md", s),
        DiffFormat::Html => t.render("series.html", s),
        DiffFormat::Json => json(s, "series.json"),
    }
}
