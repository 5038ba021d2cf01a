//! Versions benchmark: comparing the corpus pairs (a draft and its
//! resolution, a resolution and its renewal) and exporting Akoma Ntoso.
//!
//! ```text
//! cargo bench --bench versions
//! ```
//!
//! The documents are read and extracted before the clock starts; each
//! figure is the best of ten runs (processor time of this thread): the
//! comparison of one pair, and the Akoma Ntoso export of every corpus
//! document in MB/s of input.

#[path = "common/mod.rs"]
mod common;

use common::cpu;
use std::path::Path;

use resolute::diff::compare;
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Document, Options, RuleSet, extract};

fn best(mut f: impl FnMut()) -> f64 {
    (0..10)
        .map(|_| {
            let start = cpu();
            f();
            cpu() - start
        })
        .fold(f64::INFINITY, f64::min)
}

fn read(path: &Path) -> Option<(Source, Document)> {
    let src = Source::read(path, DEFAULT_MAX_BYTES).ok()?;
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).ok()?;
    Some((src, doc))
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let pairs = [
        ("ga72-c3-crime-prevention-draft.txt", "A-RES-72-196.txt"),
        ("A-RES-70-182.txt", "A-RES-76-188.txt"),
    ];
    println!("{:<58} {:>10}", "comparison", "time");
    for (old, new) in pairs {
        let (Some((_, a)), Some((_, b))) = (read(&corpus.join(old)), read(&corpus.join(new)))
        else {
            panic!("the corpus pair {old} and {new}");
        };
        let t = best(|| {
            std::hint::black_box(compare(&a, &b));
        });
        println!("{:<58} {:>7.2} ms", format!("{old} → {new}"), t * 1e3);
    }

    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("tests/corpus") {
        let path = entry.expect("a corpus entry").path();
        if path.extension().is_some_and(|e| e == "txt")
            && let Some(d) = read(&path)
        {
            docs.push(d);
        }
    }
    let bytes: usize = docs.iter().map(|(s, _)| s.text.len()).sum();
    let t = best(|| {
        for (src, doc) in &docs {
            let xml = resolute::akn::export(doc, src, RuleSet::defaults());
            std::hint::black_box(xml.ok());
        }
    });
    println!(
        "Akoma Ntoso export of {} corpus documents ({:.1} MB): {:.0} ms, {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        t * 1e3,
        bytes as f64 / 1e6 / t
    );
}
