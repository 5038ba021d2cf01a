//! `resolute extract`: the obligations of documents as JSON, JSON Lines,
//! YAML or text, for one file or a batch.

use anyhow::{Context as _, Result, bail};

use resolute::Options;

use super::args::{ExtractArgs, ExtractFormat};
use super::input::{extract_file, load_rules};
use super::output::{OutputError, Sink, exit, progress};

pub fn run(a: ExtractArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let opts = Options { explain: a.explain };
    let inputs = resolute::batch::inputs(&a.files).context("cannot list the inputs")?;
    if inputs.is_empty() {
        bail!(
            "no .txt or .md documents in {}",
            a.files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let single = inputs.len() == 1 && !a.files[0].is_dir();
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
        |path| -> std::result::Result<String, String> {
            let doc = extract_file(path, &rules, &opts, max).map_err(|e| format!("{e:#}"))?;
            let text = match format {
                ExtractFormat::Json => {
                    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
                }
                ExtractFormat::Jsonl => serde_json::to_string(&doc).map_err(|e| e.to_string())?,
                ExtractFormat::Yaml => serde_saphyr::to_string(&doc).map_err(|e| e.to_string())?,
                ExtractFormat::Text => resolute::render::text::summary(&doc, explain),
            };
            Ok(text)
        },
        |i, r| {
            pb.inc(1);
            match r {
                Ok(text) => {
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
                Err(e) => {
                    pb.suspend(|| eprintln!("error: {e}"));
                    failed.push(inputs[i].display().to_string());
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
