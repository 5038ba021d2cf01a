//! `resolute check`: structure checks of documents (numbering, footnotes,
//! text lost), one report line per document with findings.

use std::io::Write;

use anyhow::Result;

use resolute::Options;

use super::args::CheckArgs;
use super::input::{Outcome, documents, extract_file, load_rules};
use super::output::{exit, note, progress};

pub fn run(a: CheckArgs) -> Result<u8> {
    use resolute::model::Severity;
    let rules = load_rules(a.common.rules.as_deref())?;
    let inputs = documents(&a.files, &a.batch)?;
    let pb = progress(inputs.len());
    let max = a.common.max_bytes;
    let mut broken = 0usize;
    let mut with_notes = 0usize;
    let mut skipped = 0usize;
    let mut out = std::io::stdout().lock();
    resolute::batch::run(
        &inputs,
        a.batch.jobs_for(inputs.len()),
        64,
        |input| {
            let doc = extract_file(&input.path, rules, &Options::default(), max);
            Outcome::of(input, doc)
        },
        |i, r| {
            pb.inc(1);
            let name = inputs[i].path.display().to_string();
            let report = match r {
                Outcome::Skipped(why) => {
                    skipped += 1;
                    pb.suspend(|| note(format!("skipped {why}")));
                    String::new()
                }
                Outcome::Failed(e) => {
                    broken += 1;
                    format!("FAIL {name}\n  {e}\n")
                }
                Outcome::Done(doc) => {
                    let serious: Vec<_> = doc
                        .diagnostics
                        .iter()
                        .filter(|d| {
                            d.severity == Severity::Warning
                                && (d.code.starts_with("numbering") || d.code == "text-lost")
                        })
                        .collect();
                    let notes: Vec<_> = doc
                        .diagnostics
                        .iter()
                        .filter(|d| !serious.contains(d))
                        .collect();
                    let head = format!("{name}: {}", resolute::render::text::counts(&doc));
                    let mut s = String::new();
                    if !serious.is_empty() {
                        broken += 1;
                        s.push_str(&format!("FAIL {head}\n"));
                    } else if !notes.is_empty() || a.verbose {
                        s.push_str(&format!("ok   {head}\n"));
                    }
                    if !notes.is_empty() {
                        with_notes += 1;
                    }
                    for d in serious.iter().chain(notes.iter()) {
                        let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                        s.push_str(&format!(
                            "  {:?} {}: {}{line}\n",
                            d.severity, d.code, d.message
                        ));
                    }
                    s
                }
            };
            if !report.is_empty() {
                pb.suspend(|| out.write_all(report.as_bytes()))?;
            }
            Ok(())
        },
    )?;
    pb.finish_and_clear();
    let skipped_note = match skipped {
        0 => String::new(),
        n => format!("; {n} files skipped (not resolutions)"),
    };
    let _ = writeln!(
        out,
        "{} documents checked: {} with problems, {} with notes{skipped_note}",
        inputs.len() - skipped,
        broken,
        with_notes
    );
    Ok(if broken > 0 { exit::INPUT } else { exit::OK })
}
