//! Structured fuzzing with the budget of the test suite: a few hundred
//! generated resolution-shaped documents (`tests/common/generate.rs`: headers,
//! clause chains, brackets, footnote markers, page furniture, fragments
//! repeated many times). The offline run of the same generator, with its
//! time and memory bounds, is `cargo run --release --example fuzz`.
//!
//! Each case must end (within a minute, on the 2 MiB stack of a batch
//! worker) in a document or a clean error, with every span inside the input
//! and on character boundaries, every obligation in a paragraph the
//! document has, and the same result when read twice.

mod common;
#[path = "common/generate.rs"]
mod generate;

use generate::{Rng, Shape, document};
use resolute::{Options, RuleSet, Source, extract};

/// Cases in the suite; `FUZZ_CASES` runs more.
fn cases(default: u64) -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Checks one generated document; returns whether it was read as a
/// resolution.
fn check(seed: u64, shape: Shape) -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let text = document(&mut Rng::new(seed), shape);
            let src = Source::from_text("fuzz.txt", text.clone());
            let first = extract(&src, RuleSet::defaults(), &Options::default());
            let again = extract(&src, RuleSet::defaults(), &Options::default());
            tx.send((text, first, again)).ok();
        })
        .expect("a thread");
    let (text, first, again) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("seed {seed}: extraction did not end ({e})"));
    let doc = match (first, again) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "seed {seed}: two readings differ"
            );
            a
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "seed {seed}");
            return false;
        }
        _ => panic!("seed {seed}: one reading failed, the other did not"),
    };
    if let Some(s) = common::bad_span(&doc, &text) {
        panic!(
            "seed {seed}: span {s:?} outside the input of {} bytes",
            text.len()
        );
    }
    for o in &doc.obligations {
        // An operative paragraph the document has, or an adopted text or
        // annex it lists.
        let there = match &o.annex {
            None => doc.operative.iter().any(|p| p.number == o.paragraph),
            Some(a) => doc.annexes.iter().any(|x| &x.heading == a),
        };
        assert!(
            there,
            "seed {seed}: {} names a paragraph the document lacks",
            o.id
        );
    }
    true
}

#[test]
fn small_generated_documents() {
    let n = cases(300);
    let read = (0..n).filter(|&seed| check(seed, Shape::SMALL)).count();
    // The generator makes resolutions: most are read as such.
    assert!(
        read as u64 * 2 > n,
        "only {read} of {n} read as resolutions"
    );
}

/// Larger documents (up to about a megabyte, fragments repeated up to
/// 3,000 times); `Shape::LARGE`, up to tens of megabytes, is for the
/// offline run.
const MEDIUM: Shape = Shape {
    paragraphs: 30,
    clauses: 8,
    repeat: 3_000,
};

#[test]
fn larger_generated_documents() {
    let n = cases(300) / 15;
    for seed in 0..n {
        check(1_000_000 + seed, MEDIUM);
    }
}
