//! `resolute registry`: build a registry from documents (only the changed
//! ones re-read, in one transaction) and query it.

use std::io::Read;

use anyhow::{Context, Result};

use resolute::registry::{self, Entry, Row};
use resolute::render::checklist::csv_cell;
use resolute::{Options, Source};

use super::args::{RegistryCommand, RegistryFormat};
use super::input::{Outcome, documents, load_rules, tracked};
use super::output::{error, note, print_stdout};

pub fn run(c: RegistryCommand) -> Result<u8> {
    match c {
        RegistryCommand::Build {
            files,
            output,
            batch,
            common,
        } => {
            let rules = load_rules(common.rules.as_deref())?;
            let inputs = documents(&files, &batch)?;
            let mut conn = registry::open(&output)?;
            let fingerprint = resolute::rules::fingerprint(common.rules.as_deref());
            let mut known = registry::hashes(&conn)
                .with_context(|| format!("{}: cannot read the registry", output.display()))?;
            // Other rules or another version of resolute read documents
            // differently: every file is read again.
            let before = registry::built_with(&conn)
                .with_context(|| format!("{}: cannot read the registry", output.display()))?;
            if !known.is_empty() && before.as_deref() != Some(fingerprint.as_str()) {
                note(format!(
                    "{}: built with {}; now {}: every file is read again",
                    output.display(),
                    before.as_deref().unwrap_or("an earlier schema"),
                    fingerprint
                ));
                known.clear();
            }
            let max = common.max_bytes;
            // Each input: unchanged (its hash is known), extracted, skipped
            // or failed; taken in input order.
            let read = |input: &resolute::batch::Input| -> Result<Option<Entry>> {
                let source = input.path.display().to_string();
                // Read once, at most one byte over the limit
                // (`from_bytes_tracked` refuses a larger file).
                let mut bytes = Vec::new();
                std::fs::File::open(&input.path)
                    .and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes))
                    .with_context(|| format!("{source}: cannot read the file"))?;
                let hash = registry::content_hash(&bytes);
                if known.get(&source) == Some(&hash) {
                    return Ok(None);
                }
                let src = Source::from_bytes_tracked(source.clone(), bytes, max, tracked())?;
                let doc = resolute::extract(&src, rules, &Options::default())?;
                Ok(Some(Entry {
                    source,
                    hash,
                    doc,
                    text: src.text,
                }))
            };
            let mut entries = Vec::new();
            let mut unchanged = Vec::new();
            let mut failed = 0usize;
            resolute::batch::run(
                &inputs,
                batch.jobs_for(inputs.len()),
                64,
                |input| Outcome::of(input, read(input)),
                |i, r| {
                    let source = inputs[i].path.display().to_string();
                    match r {
                        Outcome::Done(Some(e)) => entries.push(e),
                        Outcome::Done(None) => unchanged.push(source),
                        Outcome::Skipped(why) => note(format!("skipped {why}")),
                        Outcome::Failed(e) => {
                            failed += 1;
                            // A document that fails keeps its earlier entry.
                            if known.contains_key(&source) {
                                unchanged.push(source);
                            }
                            error(e);
                        }
                    }
                    Ok(())
                },
            )?;
            let stats = registry::store(&mut conn, &entries, &unchanged, rules, &fingerprint)
                .with_context(|| format!("{}: cannot write the registry", output.display()))?;
            note(format!(
                "{}: {} added, {} updated, {} unchanged, {} removed; {} obligations written",
                output.display(),
                stats.added,
                stats.updated,
                stats.unchanged,
                stats.removed,
                stats.obligations
            ));
            Ok(if failed > 0 {
                super::output::exit::INPUT
            } else {
                0
            })
        }
        RegistryCommand::Query {
            registry: path,
            filter,
            format,
        } => {
            let conn = open_existing(&path)?;
            let rows = registry::query(&conn, &filter.into())
                .with_context(|| format!("{}: cannot query the registry", path.display()))?;
            print_stdout(&render(&rows, format))?;
            Ok(0)
        }
        RegistryCommand::Site {
            registry: path,
            output,
            templates,
            common,
        } => {
            let conn = open_existing(&path)?;
            let rules = load_rules(common.rules.as_deref())?;
            let templates = resolute::render::checklist::Templates::load(templates.as_deref())?;
            let files = resolute::registry::site::build(&conn, rules, &templates)
                .with_context(|| format!("{}: cannot make the site", path.display()))?;
            resolute::io::write_tree(&output, &files)
                .with_context(|| format!("{}: cannot write the site", output.display()))?;
            note(format!(
                "{}: {} pages written; open {}",
                output.display(),
                files.len(),
                output.join("index.html").display()
            ));
            Ok(0)
        }
        RegistryCommand::Summary {
            registry: path,
            format,
        } => {
            let conn = open_existing(&path)?;
            let s = registry::summary(&conn)
                .with_context(|| format!("{}: cannot read the registry", path.display()))?;
            print_stdout(&render_summary(&s, format))?;
            Ok(0)
        }
    }
}

/// An existing registry, opened (and brought up to this schema): reading
/// commands do not create one where a name was mistyped.
pub fn open_existing(path: &std::path::Path) -> Result<rusqlite::Connection> {
    if !path.is_file() {
        anyhow::bail!("{}: no such registry file", path.display());
    }
    Ok(registry::open(path)?)
}

/// The summary's tables, each with a title and column names.
fn render_summary(s: &registry::Summary, format: RegistryFormat) -> String {
    let tables: [(&str, &str, &[&str], &[registry::Count]); 6] = [
        (
            "mandates_per_actor_and_session",
            "Mandates per actor and session",
            &["session", "actor", "mandates"],
            &s.mandates_per_actor_and_session,
        ),
        (
            "reports_per_session",
            "Reports requested per session",
            &["session", "reports"],
            &s.reports_per_session,
        ),
        (
            "recurring_without_review",
            "Recurring obligations of resolutions with no review, sunset or end date",
            &["actor", "recurrence", "obligations"],
            &s.recurring_without_review,
        ),
        (
            "documents_by_review",
            "Documents by review clause",
            &["review", "documents"],
            &s.documents_by_review,
        ),
        (
            "overlaps_per_actor",
            "Near-duplicate obligations in different documents (pairs), per actor",
            &["actor", "pairs"],
            &s.overlaps_per_actor,
        ),
        (
            "lineage_per_series",
            "New and renewed obligations against the document before, per series",
            &["series", "lineage", "obligations"],
            &s.lineage_per_series,
        ),
    ];
    let row = |c: &registry::Count| -> Vec<String> {
        c.keys
            .iter()
            .cloned()
            .chain(std::iter::once(c.count.to_string()))
            .collect()
    };
    let mut out = String::new();
    match format {
        RegistryFormat::Jsonl => {
            for (table, _, cols, counts) in tables {
                for c in counts {
                    let mut o = serde_json::Map::new();
                    o.insert("table".into(), table.into());
                    for (k, v) in cols.iter().zip(row(c)) {
                        o.insert((*k).into(), v.into());
                    }
                    out.push_str(&serde_json::Value::Object(o).to_string());
                    out.push('\n');
                }
            }
        }
        RegistryFormat::Csv => {
            out.push_str("table,key1,key2,count\r\n");
            for (table, _, _, counts) in tables {
                for c in counts {
                    let k1 = c.keys.first().map_or("", String::as_str);
                    let k2 = c.keys.get(1).map_or("", String::as_str);
                    out.push_str(&format!(
                        "{table},{},{},{}\r\n",
                        csv_cell(k1),
                        csv_cell(k2),
                        c.count
                    ));
                }
            }
        }
        RegistryFormat::Md => {
            for (_, title, cols, counts) in tables {
                out.push_str(&format!(
                    "## {title}\n\n| {} |\n|{}\n",
                    cols.join(" | "),
                    " --- |".repeat(cols.len())
                ));
                for c in counts {
                    let cells: Vec<String> = row(c).iter().map(|x| x.replace('|', "\\|")).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                out.push('\n');
            }
        }
        RegistryFormat::Table => {
            for (_, title, cols, counts) in tables {
                out.push_str(&format!("{title}\n"));
                let rows: Vec<Vec<String>> =
                    std::iter::once(cols.iter().map(|c| c.to_string()).collect())
                        .chain(counts.iter().map(row))
                        .collect();
                let widths: Vec<usize> = (0..cols.len())
                    .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                    .collect();
                for r in &rows {
                    let line: Vec<String> = r
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| format!("{c:<w$}"))
                        .collect();
                    out.push_str(&format!("  {}\n", line.join("  ").trim_end()));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn render(rows: &[Row], format: RegistryFormat) -> String {
    let cells = |r: &Row| -> Vec<String> {
        vec![
            r.symbol.clone().unwrap_or_else(|| r.source.clone()),
            r.date.clone().unwrap_or_default(),
            r.paragraph.to_string(),
            r.actor.clone(),
            r.strength.clone(),
            r.verb.clone(),
            r.action.clone(),
            r.deadline.clone().unwrap_or_default(),
            r.kind.clone().unwrap_or_default(),
            r.recurs.clone().unwrap_or_default(),
            r.entity.clone().unwrap_or_default(),
            r.lineage.clone().unwrap_or_default(),
            r.annex.clone().unwrap_or_default(),
        ]
    };
    let header = [
        "document",
        "date",
        "paragraph",
        "actor",
        "strength",
        "verb",
        "action",
        "deadline",
        "kind",
        "recurs",
        "entity",
        "lineage",
        "annex",
    ];
    let mut out = String::new();
    match format {
        RegistryFormat::Jsonl => {
            for r in rows {
                out.push_str(&serde_json::to_string(r).unwrap_or_default());
                out.push('\n');
            }
        }
        RegistryFormat::Csv => {
            out.push_str(&header.join(","));
            out.push_str("\r\n");
            for r in rows {
                let line: Vec<String> = cells(r).iter().map(|c| csv_cell(c)).collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
        }
        RegistryFormat::Md => {
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
            for r in rows {
                let line: Vec<String> = cells(r)
                    .iter()
                    .map(|c| c.replace('|', "\\|").replace('\n', " "))
                    .collect();
                out.push_str(&format!("| {} |\n", line.join(" | ")));
            }
        }
        RegistryFormat::Table => {
            for r in rows {
                let c = cells(r);
                let action: String = c[6].chars().take(90).collect();
                let place = if c[12].is_empty() {
                    format!("OP {}", c[2])
                } else {
                    format!("{} ¶{}", c[12], c[2])
                };
                out.push_str(&format!(
                    "{:<16} {:<10} {:<7} {:<22} {:<9} {:<11} {}{}\n",
                    c[0],
                    c[1],
                    place,
                    if c[10].is_empty() { &c[3] } else { &c[10] },
                    c[4],
                    c[8],
                    action,
                    if c[6].chars().count() > 90 { "..." } else { "" }
                ));
            }
            out.push_str(&format!("{} obligations\n", rows.len()));
        }
    }
    out
}
