//! `resolute checklist`: one addressee's checklist (or every addressee's,
//! with an index) in Markdown, HTML, JSON or CSV.

use anyhow::{Context as _, Result, bail};

use resolute::checklist::{self, Checklist, Profile};
use resolute::render::checklist::Templates;

use super::args::{ChecklistArgs, ChecklistFormat};
use super::input::{load_rules, read_and_extract};
use super::output::{OutputError, exit, print_stdout, write_output};

pub fn run(a: ChecklistArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let templates = Templates::load(a.templates.as_deref())?;
    let profile = match &a.profile {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the profile {}", p.display()))?;
            Some(Profile::parse(&text, &p.display().to_string(), &rules)?)
        }
        None => None,
    };
    let (src, doc) = read_and_extract(&a.file, &rules, a.common.max_bytes)?;
    let actors: Vec<String> = if a.all_actors {
        let mut v: Vec<String> = checklist::actors(&doc)
            .into_iter()
            .map(|(id, _)| id.0)
            .collect();
        // The Member States checklist comes first and always, since it also
        // carries the States parties' items.
        v.retain(|x| x != "member-states");
        v.insert(0, "member-states".into());
        v
    } else if a.actor.is_empty() {
        vec!["member-states".into()]
    } else {
        a.actor.clone()
    };
    for id in &actors {
        let known = id == "other"
            || rules.actor_index(id).is_some()
            || (id.starts_with("country:")
                && rules
                    .countries
                    .iter()
                    .any(|c| format!("country:{}", c.id) == *id));
        if !known {
            bail!(
                "unknown actor id {id:?}; `resolute actors {}` lists the document's addressees",
                a.file.display()
            );
        }
    }
    let lists: Vec<Checklist> = actors
        .iter()
        .map(|id| checklist::build(&doc, &src.text, id, &rules, profile.as_ref()))
        .collect();
    // Render everything before writing anything: an error leaves no file.
    let rendered: Vec<String> = lists
        .iter()
        .map(|c| render_checklist(c, a.format, &templates))
        .collect::<Result<_>>()?;
    let several = a.all_actors || lists.len() > 1;
    match (&a.output, several) {
        (None, false) => print_stdout(&rendered[0])?,
        (None, true) => {
            if a.format == ChecklistFormat::Json {
                let mut s = serde_json::to_string_pretty(&lists)?;
                s.push('\n');
                print_stdout(&s)?;
            } else {
                print_stdout(&rendered.join("\n"))?;
            }
        }
        (Some(out), false) if !out.is_dir() => write_output(out, &rendered[0])?,
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).map_err(|e| OutputError {
                path: dir.display().to_string(),
                error: e,
            })?;
            let stem = a.file.file_stem().map_or_else(
                || "document".to_string(),
                |s| s.to_string_lossy().to_string(),
            );
            let ext = a.format.ext();
            let mut entries = Vec::new();
            let mut files = Vec::new();
            for (c, text) in lists.iter().zip(&rendered) {
                let name = format!("{stem}.{}.{ext}", actor_slug(&c.actor.id));
                entries.push(serde_json::json!({"id": c.actor.id, "name": c.actor.name, "count": c.summary.total, "file": name}));
                files.push((dir.join(&name), text.clone()));
            }
            let index = serde_json::json!({"document": doc.document, "entries": entries});
            let index_text = match a.format {
                ChecklistFormat::Md => Some(templates.render("index.md", &index)?),
                ChecklistFormat::Html => Some(templates.render("index.html", &index)?),
                ChecklistFormat::Json => {
                    Some(format!("{}\n", serde_json::to_string_pretty(&index)?))
                }
                ChecklistFormat::Csv => None,
            };
            if let Some(t) = index_text {
                files.push((dir.join(format!("index.{ext}")), t));
            }
            for (path, text) in &files {
                write_output(path, text)?;
            }
            eprintln!("wrote {} files to {}", files.len(), dir.display());
        }
    }
    Ok(exit::OK)
}

/// A file name part for an actor id ("country:iraq" -> "country-iraq").
fn actor_slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn render_checklist(
    c: &Checklist,
    format: ChecklistFormat,
    templates: &Templates,
) -> Result<String> {
    Ok(match format {
        ChecklistFormat::Md => templates.render("checklist.md", c)?,
        ChecklistFormat::Html => templates.render("checklist.html", c)?,
        ChecklistFormat::Json => {
            let mut s = serde_json::to_string_pretty(c)?;
            s.push('\n');
            s
        }
        ChecklistFormat::Csv => resolute::render::checklist::csv(c),
    })
}
