//! `resolute checklist`: one addressee's checklist (or every addressee's,
//! with an index) in Markdown, HTML, JSON or CSV.

use anyhow::Result;

use resolute::checklist::{self, Checklist, Profile};
use resolute::model::Document;
use resolute::render::checklist::Templates;
use resolute::rules::RuleSet;

use super::args::{ChecklistArgs, ChecklistFormat};
use super::input::{Outcome, documents, load_rules, read_and_extract};
use super::output::{
    OutputError, UsageError, error, exit, note, print_stdout, warning, write_output,
};

pub fn run(a: ChecklistArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let templates = Templates::load(a.templates.as_deref())?;
    let profile = match &a.profile {
        Some(p) => Some(Profile::read(p, rules)?),
        None => None,
    };
    let file = match a.files.as_slice() {
        [one] if !one.is_dir() && a.registry.is_none() => one.clone(),
        _ => return combined(&a, rules, &templates, profile.as_ref()),
    };
    let (src, doc) = read_and_extract(&file, rules, a.common.max_bytes)?;
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
        a.actor
            .iter()
            .map(|id| actor_id(id, rules, &[&doc], &file))
            .collect::<Result<_, _>>()?
    };
    if actors.len() > 1 && a.output.is_none() && a.format == ChecklistFormat::Html {
        return Err(UsageError(
            "several HTML checklists need -o DIR (one page each, and an index)".into(),
        )
        .into());
    }
    let lists: Vec<Checklist> = actors
        .iter()
        .map(|id| checklist::build(&doc, &src.text, id, rules, profile.as_ref()))
        .collect();
    warn_unknown_items(profile.as_ref(), a.profile.as_deref(), &lists);
    // Render everything before writing anything: an error leaves no file.
    let rendered: Vec<String> = lists
        .iter()
        .map(|c| render_checklist(c, a.format, a.excel, &templates))
        .collect::<Result<_>>()?;
    let several = a.all_actors || lists.len() > 1;
    match (&a.output, several) {
        (None, false) => print_stdout(&rendered[0])?,
        (None, true) => {
            match a.format {
                ChecklistFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&lists)?;
                    s.push('\n');
                    print_stdout(&s)?;
                }
                // One table: a header, and every actor's rows.
                ChecklistFormat::Csv => {
                    print_stdout(&resolute::render::checklist::csv(&lists, a.excel))?
                }
                ChecklistFormat::Ics => print_stdout(&resolute::render::checklist::ics(&lists))?,
                _ => print_stdout(&rendered.join("\n"))?,
            }
        }
        (Some(out), false) if !out.is_dir() => {
            write_output(out, &rendered[0])?;
            let c = &lists[0];
            note(format!(
                "wrote {}: {} items for {}",
                out.display(),
                c.summary.total,
                c.actor.name
            ));
        }
        (Some(dir), _) => {
            let stem = file.file_stem().map_or_else(
                || "document".to_string(),
                |s| s.to_string_lossy().to_string(),
            );
            let ext = a.format.ext();
            let name = |id: &str| format!("{stem}.{}.{ext}", actor_slug(id));
            let mut entries = Vec::new();
            let mut files = Vec::new();
            for (c, text) in lists.iter().zip(rendered) {
                let file = name(&c.actor.id);
                entries.push(serde_json::json!({"id": c.actor.id, "name": c.actor.name, "count": c.summary.total, "file": file}));
                files.push((file, text.into_bytes()));
            }
            let index = serde_json::json!({"document": doc.document, "entries": entries});
            let index_text = match a.format {
                ChecklistFormat::Md => Some(templates.render("index.md", &index)?),
                ChecklistFormat::Html => Some(templates.render("index.html", &index)?),
                ChecklistFormat::Json => {
                    Some(format!("{}\n", serde_json::to_string_pretty(&index)?))
                }
                ChecklistFormat::Csv | ChecklistFormat::Ics => None,
            };
            if let Some(t) = index_text {
                files.push((format!("index.{ext}"), t.into_bytes()));
            }
            // The checklists an earlier run of this document made for
            // addressees this run no longer has are replaced too: removed.
            let stale: Vec<String> = known_actor_ids(rules, &[&doc])
                .iter()
                .map(|id| name(id))
                .collect();
            let (written, removed) =
                resolute::io::write_set(dir, &files, &stale).map_err(|e| OutputError {
                    path: dir.display().to_string(),
                    error: e,
                })?;
            note(format!(
                "wrote {} files to {}",
                written.len(),
                dir.display()
            ));
            for r in removed {
                note(format!(
                    "removed {} (an addressee no longer named)",
                    r.display()
                ));
            }
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
    excel: bool,
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
        ChecklistFormat::Csv => resolute::render::checklist::csv(std::slice::from_ref(c), excel),
        ChecklistFormat::Ics => resolute::render::checklist::ics(std::slice::from_ref(c)),
    })
}

/// Says which item ids of a profile none of `lists` has (a paragraph
/// renumbered or dropped), rather than dropping their statuses silently.
fn warn_unknown_items(
    profile: Option<&Profile>,
    path: Option<&std::path::Path>,
    lists: &[Checklist],
) {
    let (Some(p), Some(path)) = (profile, path) else {
        return;
    };
    let known = |id: &str| {
        lists.iter().any(|c| {
            c.items.iter().any(|i| {
                i.id == id
                    || id
                        .strip_prefix(c.document_key.as_str())
                        .and_then(|r| r.strip_prefix('#'))
                        == Some(i.id.as_str())
            })
        })
    };
    let gone: Vec<&str> = p
        .items
        .keys()
        .map(String::as_str)
        .filter(|id| !known(id))
        .collect();
    if !gone.is_empty() {
        warning(format!(
            "{}: {} item id{} of the profile {} not in this checklist (a paragraph renumbered or dropped?): {}",
            path.display(),
            gone.len(),
            if gone.len() == 1 { "" } else { "s" },
            if gone.len() == 1 { "is" } else { "are" },
            gone.join(", ")
        ));
    }
}

/// One actor's checklist over the documents of several files or folders:
/// a section per document. A file that cannot be read is reported and the
/// others are still made into the checklist (exit code 2 then).
fn combined(
    a: &ChecklistArgs,
    rules: &RuleSet,
    templates: &Templates,
    profile: Option<&Profile>,
) -> Result<u8> {
    if a.all_actors || a.actor.len() > 1 {
        return Err(UsageError(
            "a checklist over several documents is for one actor: give one --actor".into(),
        )
        .into());
    }
    // The actor is checked first: every id a document can give is one of
    // the rules' (an actor, a State, a named body) or `other`.
    let typed = a.actor.first().map_or("member-states", String::as_str);
    let first = a
        .registry
        .as_deref()
        .or(a.files.first().map(|p| p.as_path()))
        .unwrap_or(std::path::Path::new("-"));
    let actor = actor_id(typed, rules, &[], first)?;
    let mut lists: Vec<Checklist> = Vec::new();
    let mut failed = false;
    if let Some(path) = &a.registry {
        lists = from_registry(path, &actor, rules, profile)?;
        if lists.is_empty() {
            anyhow::bail!(
                "{}: no document of the registry asks anything of {}",
                path.display(),
                checklist::actor_name(&actor, rules)
            );
        }
    } else {
        // Each document is made into its checklist where it is read, so
        // that only the checklists are kept, in input order.
        let inputs = documents(&a.files, &a.batch)?;
        resolute::batch::run(
            &inputs,
            a.batch.jobs_for(inputs.len()),
            64,
            |input| {
                let list = read_and_extract(&input.path, rules, a.common.max_bytes)
                    .map(|(src, doc)| checklist::build(&doc, &src.text, &actor, rules, profile));
                Outcome::of(input, list)
            },
            |_, r| {
                match r {
                    Outcome::Done(c) => lists.push(c),
                    Outcome::Skipped(why) => note(format!("skipped {why}")),
                    Outcome::Failed(e) => {
                        failed = true;
                        error(e);
                    }
                }
                Ok(())
            },
        )?;
    }
    if lists.is_empty() {
        anyhow::bail!("no document could be read");
    }
    warn_unknown_items(profile, a.profile.as_deref(), &lists);
    let items: usize = lists.iter().map(|c| c.items.len()).sum();
    let asking = lists.iter().filter(|c| !c.items.is_empty()).count();
    let read = lists.len();
    let text = match a.format {
        ChecklistFormat::Csv => resolute::render::checklist::csv(&lists, a.excel),
        ChecklistFormat::Ics => resolute::render::checklist::ics(&lists),
        format => {
            let c = checklist::combine(lists)
                .ok_or_else(|| anyhow::anyhow!("no document could be read"))?;
            match format {
                ChecklistFormat::Md => templates.render("combined.md", &c)?,
                ChecklistFormat::Html => templates.render("combined.html", &c)?,
                _ => {
                    let mut s = serde_json::to_string_pretty(&c)?;
                    s.push('\n');
                    s
                }
            }
        }
    };
    match &a.output {
        Some(out) => {
            write_output(out, &text)?;
            note(format!(
                "wrote {}: {items} items for {} from {asking} of {} documents",
                out.display(),
                checklist::actor_name(&actor, rules),
                read
            ));
        }
        None => print_stdout(&text)?,
    }
    Ok(if failed { exit::INPUT } else { exit::OK })
}

/// The checklists of `actor` over the documents of a registry that ask
/// something of it, in date order.
fn from_registry(
    path: &std::path::Path,
    actor: &str,
    rules: &RuleSet,
    profile: Option<&Profile>,
) -> Result<Vec<Checklist>> {
    use anyhow::Context;
    let conn = super::registry::open_existing(path)?;
    let stored = resolute::registry::stored(&conn)
        .with_context(|| format!("{}: cannot read the registry", path.display()))?;
    Ok(stored
        .iter()
        .map(|s| checklist::build(&s.doc, &s.text, actor, rules, profile))
        .filter(|c| !c.items.is_empty())
        .collect())
}

/// Every actor id: those of the rules, `other`, every country's, and any
/// other the documents use.
fn known_actor_ids(rules: &RuleSet, docs: &[&Document]) -> Vec<String> {
    let mut known: Vec<String> = rules.actors.iter().map(|a| a.id.clone()).collect();
    known.push("other".into());
    known.extend(rules.named_bodies.iter().map(|b| b.id.clone()));
    known.extend(rules.countries.iter().map(|c| format!("country:{}", c.id)));
    known.extend(
        docs.iter()
            .flat_map(|d| d.obligations.iter().map(|o| o.actor.0.clone())),
    );
    known.sort();
    known.dedup();
    known
}

/// The actor id a user typed, in any case (`UNODC`, `Country:Italy`), as
/// the rules spell it; an unknown one is a usage error that suggests the
/// closest id and names the command that lists the document's addressees.
fn actor_id(
    typed: &str,
    rules: &RuleSet,
    docs: &[&Document],
    file: &std::path::Path,
) -> Result<String, UsageError> {
    let known = known_actor_ids(rules, docs);
    let want = typed.trim().to_lowercase();
    if let Some(id) = known.iter().find(|k| k.to_lowercase() == want) {
        return Ok(id.clone());
    }
    // The actors of the rules before the bodies of `named_bodies` at the
    // same distance ("unocd" is UNODC before UNOCT).
    let best = known
        .iter()
        .map(|k| {
            let body = rules.named_bodies.iter().any(|b| &b.id == k);
            (
                strsim::damerau_levenshtein(&want, &k.to_lowercase()),
                body,
                k,
            )
        })
        .min()
        .map(|(d, _, k)| (d, k));
    let hint = match best {
        Some((d, k)) if d <= 2.max(want.len() / 3) => format!(" did you mean `{k}`?"),
        _ => String::new(),
    };
    Err(UsageError(format!(
        "unknown actor id {typed:?};{hint} `resolute actors {}` lists the addressees of the document",
        file.display()
    )))
}
