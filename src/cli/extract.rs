//! `resolute extract`: the obligations of documents as JSON, JSON Lines,
//! YAML or text, for one file or a batch.

use anyhow::Result;

use resolute::Options;

use super::args::{ExtractArgs, ExtractFormat};
use super::input::{Outcome, documents, extract_file, load_rules};
use super::output::{OutputError, Sink, exit, note, progress};

pub fn run(a: ExtractArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let opts = Options { explain: a.explain };
    let inputs = documents(&a.files, &a.batch)?;
    let single = inputs.len() == 1 && !inputs[0].walked;
    let mut sink = Sink::new(a.output.as_deref())?;
    let pb = progress(inputs.len());
    let mut failed: Vec<String> = Vec::new();
    let mut written = 0usize;
    let format = a.format;
    if format == ExtractFormat::Json && !single {
        sink.write("[\n")?;
    }
    let max = a.common.max_bytes;
    let explain = a.explain;
    resolute::batch::run(
        &inputs,
        a.batch.jobs(),
        64,
        |input| {
            let text = extract_file(&input.path, &rules, &opts, max).and_then(|doc| {
                Ok(match format {
                    ExtractFormat::Json => serde_json::to_string_pretty(&doc)?,
                    ExtractFormat::Jsonl => serde_json::to_string(&doc)?,
                    ExtractFormat::Yaml => serde_saphyr::to_string(&doc)?,
                    ExtractFormat::Text => resolute::render::text::summary(&doc, explain),
                })
            });
            Outcome::of(input, text)
        },
        |i, r| {
            pb.inc(1);
            match r {
                Outcome::Done(text) => {
                    let sep = match format {
                        ExtractFormat::Json if !single && written > 0 => ",\n",
                        ExtractFormat::Yaml if written > 0 => "---\n",
                        ExtractFormat::Text if written > 0 => "\n",
                        _ => "",
                    };
                    sink.write(sep)?;
                    sink.write(&text)?;
                    if !text.ends_with('\n') {
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
