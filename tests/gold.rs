//! Accuracy on the reference annotations in tests/gold.

mod common;

use resolute::eval::{Gold, score, summarize};
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

fn scores() -> Vec<resolute::eval::DocScore> {
    let dir = common::data().join("gold");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("gold files are needed at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five gold documents");
    files
        .iter()
        .map(|g| {
            let gold = Gold::read(g).unwrap();
            let src = Source::read(
                &common::data().join("corpus").join(&gold.document),
                DEFAULT_MAX_BYTES,
            )
            .unwrap();
            let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
            score(&gold, &doc)
        })
        .collect()
}

#[test]
fn reference_document_is_exact() {
    let all = scores();
    let s = all
        .iter()
        .find(|s| s.document == "ga72-c3-crime-prevention-draft.txt")
        .expect("the reference document is annotated");
    assert_eq!(
        (s.gold, s.matched),
        (60, 60),
        "missed {:?} extra {:?}",
        s.missed,
        s.extra
    );
    assert_eq!(s.extracted, 60, "extra: {:?}", s.extra);
    assert!(
        s.fields.is_empty(),
        "counts or header fields differ: {:?}",
        s.fields
    );
}

#[test]
fn all_gold_documents_above_threshold() {
    let all = scores();
    for s in &all {
        println!(
            "{}: P {:.3} R {:.3} F1 {:.3}",
            s.document, s.precision, s.recall, s.f1
        );
        assert!(
            s.f1 >= 0.98,
            "{}: F1 {:.3}; missed {:?}; extra {:?}",
            s.document,
            s.f1,
            s.missed,
            s.extra
        );
    }
    for s in &all {
        assert!(
            s.fields.is_empty(),
            "{}: counts or header fields differ: {:?}",
            s.document,
            s.fields
        );
    }
    let sum = summarize(&all);
    assert!(sum.f1 >= 0.98, "overall F1 {:.3}", sum.f1);
    assert!(
        sum.strength_accuracy >= 0.98,
        "strength accuracy {:.3}",
        sum.strength_accuracy
    );
}
