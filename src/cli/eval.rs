//! `resolute eval`: extraction scored against reference annotations.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use resolute::{Options, eval};

use super::args::{EvalArgs, EvalFormat};
use super::input::{extract_file, load_rules};
use super::output::{exit, print_stdout};

fn gold_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        v.sort();
        if v.is_empty() {
            bail!("{}: no gold files (*.yaml) in this folder", path.display());
        }
        Ok(v)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

fn find_doc(name: &str, gold: &Path, docs: Option<&Path>) -> Option<PathBuf> {
    let gold_dir = gold.parent().unwrap_or(Path::new("."));
    let mut places = Vec::new();
    if let Some(d) = docs {
        places.push(d.to_path_buf());
    }
    places.push(gold_dir.to_path_buf());
    places.push(gold_dir.join("..").join("corpus"));
    places
        .into_iter()
        .map(|p| p.join(name))
        .find(|p| p.is_file())
}

pub fn run(a: EvalArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let disputes = match &a.disputes {
        Some(p) => eval::Dispute::read_all(p)?,
        None => Vec::new(),
    };
    let mut scores = Vec::new();
    let mut failed = 0;
    for g in gold_files(&a.gold)? {
        let gold = match eval::Gold::read(&g) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        let Some(doc_path) = find_doc(&gold.document, &g, a.docs.as_deref()) else {
            eprintln!(
                "error: {}: document {} not found (use --docs DIR)",
                g.display(),
                gold.document
            );
            failed += 1;
            continue;
        };
        match extract_file(&doc_path, rules, &Options::default(), a.common.max_bytes) {
            Ok(doc) => scores.push(eval::score_disputed(&gold, &doc, &disputes)),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    let summary = eval::summarize(&scores);
    let out = match a.format {
        EvalFormat::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({
                "summary": summary,
                "documents": scores,
                "disputes": disputes,
            }))?;
            s.push('\n');
            s
        }
        EvalFormat::Text => {
            let mut o = eval_text(&scores, &summary);
            if let Some(p) = &a.disputes {
                use std::fmt::Write as _;
                let _ = writeln!(
                    o,
                    "with the {} disputed annotations of {} set aside: fields: {}; rows right in every field {}",
                    disputes.len(),
                    p.display(),
                    field_line(&summary.fields_set_aside),
                    share(summary.rows_right_set_aside, summary.rows)
                );
            }
            o
        }
    };
    print_stdout(&out)?;
    if failed > 0 {
        return Ok(exit::INPUT);
    }
    let mut below = Vec::new();
    if let Some(p) = &a.disputes {
        for x in eval::Dispute::stale(&disputes, &scores) {
            below.push(format!(
                "{}: the dispute of {} para. {} {} {} (gold {:?}, extracted {:?}) no longer matches a wrong field",
                p.display(),
                x.document,
                x.para,
                x.actor,
                x.field,
                x.gold,
                x.extracted
            ));
        }
    }
    // With disputes, the field thresholds hold the figures set aside.
    let (fields, row_accuracy) = if a.disputes.is_some() {
        (&summary.fields_set_aside, summary.row_accuracy_set_aside)
    } else {
        (&summary.fields, summary.row_accuracy)
    };
    if let Some(min) = a.min_f1
        && summary.f1 < min
    {
        below.push(format!("F1 {:.3} is under the threshold {min}", summary.f1));
    }
    if let Some(min) = a.min_field {
        for f in fields.iter().filter(|f| f.accuracy < min) {
            below.push(format!(
                "{} {:.3} is under the threshold {min}",
                f.field, f.accuracy
            ));
        }
    }
    if let Some(min) = a.min_rows
        && row_accuracy < min
    {
        below.push(format!(
            "rows right in every field {row_accuracy:.3} is under the threshold {min}"
        ));
    }
    for b in &below {
        super::output::error(b);
    }
    Ok(if below.is_empty() {
        exit::OK
    } else {
        exit::BELOW_THRESHOLD
    })
}

/// The figures of `scores`, and their wrong fields (the disputed ones
/// marked so).
fn eval_text(scores: &[eval::DocScore], s: &eval::Summary) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for d in scores {
        let _ = writeln!(
            o,
            "{}: P {:.3}  R {:.3}  F1 {:.3}  (gold {}, extracted {}, matched {}, optional {}; strength {}/{})",
            d.document,
            d.precision,
            d.recall,
            d.f1,
            d.gold,
            d.extracted,
            d.matched,
            d.optional,
            d.strength_agree,
            d.strength_pairs
        );
        for (what, g, e) in &d.fields {
            let _ = writeln!(o, "  {what}: gold {g}, extracted {e}");
        }
        let _ = writeln!(
            o,
            "  fields: {}; rows right in every field {}",
            field_line(&d.obligation_fields),
            share(d.rows_right, d.rows)
        );
        let misses = d.field_misses.iter().map(|m| ("field   ", m));
        for (what, m) in misses.chain(d.disputed.iter().map(|m| ("disputed", m))) {
            let _ = writeln!(
                o,
                "  {what} OP {:>3} {:<34} {}: gold {:?}, extracted {:?}",
                m.para, m.actor, m.field, m.gold, m.extracted
            );
        }
        for r in &d.missed {
            let _ = writeln!(
                o,
                "  missed  OP {:>3} {:<34} {:<11} {}",
                r.para,
                r.actor,
                r.strength.as_str(),
                r.text
            );
        }
        for r in &d.extra {
            let _ = writeln!(
                o,
                "  extra   OP {:>3} {:<34} {:<11} {}",
                r.para,
                r.actor,
                r.strength.as_str(),
                r.text
            );
        }
    }
    let _ = writeln!(
        o,
        "overall ({} documents): P {:.3}  R {:.3}  F1 {:.3}  strength accuracy {:.3}  (gold {}, extracted {}, matched {})",
        s.documents,
        s.precision,
        s.recall,
        s.f1,
        s.strength_accuracy,
        s.gold,
        s.extracted,
        s.matched
    );
    let _ = writeln!(
        o,
        "fields: {}; rows right in every field {}",
        field_line(&s.fields),
        share(s.rows_right, s.rows)
    );
    o
}

/// "0.978 (45/46)"
fn share(right: usize, of: usize) -> String {
    let r = if of == 0 {
        1.0
    } else {
        right as f64 / of as f64
    };
    format!("{r:.3} ({right}/{of})")
}

fn field_line(fields: &[eval::fields::FieldScore]) -> String {
    fields
        .iter()
        .map(|f| format!("{} {}", f.field, share(f.right, f.scored)))
        .collect::<Vec<_>>()
        .join(", ")
}
