//! `resolute extract`: the obligations of documents as JSON, JSON Lines,
//! YAML, text or Akoma Ntoso XML, for one file or a batch.

use anyhow::Result;

use resolute::Options;

use super::args::{ExtractArgs, ExtractFormat};
use std::collections::BTreeSet;

use super::input::{Outcome, documents, load_rules, read_with};
use super::output::{OutputError, Sink, UsageError, exit, note, progress, write_output};

/// A document as JSON, written into a buffer made at about its size (the
/// JSON of the corpus is 1.6 times its text) so that it seldom grows.
fn json(doc: &resolute::Document, text_len: usize, pretty: bool) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text_len.saturating_mul(if pretty { 3 } else { 2 }) + 4096);
    if pretty {
        resolute::json::to_writer_pretty(&mut out, doc)?;
    } else {
        resolute::json::to_writer(&mut out, doc)?;
    }
    Ok(out)
}

/// The file name of a document's Akoma Ntoso in a folder: its stem and
/// `.xml`, numbered when two inputs share a stem.
fn xml_name(path: &std::path::Path, taken: &mut BTreeSet<String>) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let stem = if stem == "-" {
        "stdin".to_string()
    } else {
        stem
    };
    let mut name = format!("{stem}.xml");
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{stem}-{n}.xml");
    }
    name
}

pub fn run(a: ExtractArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let opts = Options { explain: a.explain };
    let inputs = documents(&a.files, &a.batch)?;
    let single = inputs.len() == 1 && !inputs[0].walked;
    let format = a.format;
    // Akoma Ntoso is one XML document per resolution: several go to files
    // in a folder.
    let akn_dir = match (&a.output, format == ExtractFormat::Akn && !single) {
        (_, false) => None,
        (Some(dir), true) => {
            std::fs::create_dir_all(dir).map_err(|error| OutputError {
                path: dir.display().to_string(),
                error,
            })?;
            Some(dir.clone())
        }
        (None, true) => {
            return Err(UsageError(
                "several documents in Akoma Ntoso need a folder: -o DIR (one .xml file each)"
                    .into(),
            )
            .into());
        }
    };
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut sink = Sink::new(if akn_dir.is_some() {
        None
    } else {
        a.output.as_deref()
    })?;
    let pb = progress(inputs.len());
    let mut failed: Vec<String> = Vec::new();
    let mut written = 0usize;
    if format == ExtractFormat::Json && !single {
        sink.write("[\n")?;
    }
    let max = a.common.max_bytes;
    let explain = a.explain;
    resolute::batch::run(
        &inputs,
        a.batch.jobs_for(inputs.len()),
        64,
        |input| {
            let text = read_with(&input.path, rules, &opts, max).and_then(|(src, doc)| {
                Ok(match format {
                    ExtractFormat::Json => json(&doc, src.text.len(), true)?,
                    ExtractFormat::Jsonl => json(&doc, src.text.len(), false)?,
                    ExtractFormat::Yaml => serde_saphyr::to_string(&doc)?.into_bytes(),
                    ExtractFormat::Text => {
                        resolute::render::text::summary(&doc, explain).into_bytes()
                    }
                    ExtractFormat::Akn => resolute::akn::export(&doc, &src, rules)?.into_bytes(),
                })
            });
            Outcome::of(input, text)
        },
        |i, r| {
            pb.inc(1);
            match r {
                Outcome::Done(text) if akn_dir.is_some() => {
                    let dir = akn_dir.as_deref().unwrap_or(std::path::Path::new("."));
                    let name = xml_name(&inputs[i].path, &mut names);
                    if let Err(e) = write_output(&dir.join(&name), &text) {
                        pb.suspend(|| super::output::error(format!("{e:#}")));
                        failed.push(inputs[i].path.display().to_string());
                    } else {
                        written += 1;
                    }
                }
                Outcome::Done(text) => {
                    let sep = match format {
                        ExtractFormat::Json if !single && written > 0 => ",\n",
                        ExtractFormat::Yaml if written > 0 => "---\n",
                        ExtractFormat::Text if written > 0 => "\n",
                        _ => "",
                    };
                    sink.write(sep)?;
                    sink.write(&text)?;
                    if !text.ends_with(b"\n") {
                        sink.write("\n")?;
                    }
                    written += 1;
                }
                Outcome::Skipped(why) => pb.suspend(|| note(format!("skipped {why}"))),
                Outcome::Failed(e) => {
                    pb.suspend(|| super::output::error(&e));
                    failed.push(inputs[i].path.display().to_string());
                }
            }
            Ok(())
        },
    )
    .map_err(|e| OutputError {
        path: a
            .output
            .as_ref()
            .map_or_else(|| "standard output".into(), |p| p.display().to_string()),
        error: e,
    })?;
    if format == ExtractFormat::Json && !single {
        sink.write("]\n")?;
    }
    pb.finish_and_clear();
    sink.finish()?;
    if let Some(out) = &a.output {
        let docs = if written == 1 {
            "document"
        } else {
            "documents"
        };
        note(format!("wrote {written} {docs} to {}", out.display()));
    }
    if !failed.is_empty() {
        eprintln!(
            "{} of {} documents could not be processed:",
            failed.len(),
            inputs.len()
        );
        for f in &failed {
            eprintln!("  {f}");
        }
        return Ok(exit::INPUT);
    }
    Ok(exit::OK)
}
