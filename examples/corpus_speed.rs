//! Extraction speed per corpus document, slowest first:
//! `cargo run --release --example corpus_speed -- [DIR]`.

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus").to_string());
    let rules = resolute::RuleSet::defaults();
    let mut rows = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder of documents")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let n = 5;
        let mut best = f64::INFINITY;
        for _ in 0..n {
            let t = Instant::now();
            let src = resolute::Source::from_text("x", text.clone());
            std::hint::black_box(
                resolute::extract(&src, rules, &resolute::Options::default()).ok(),
            );
            best = best.min(t.elapsed().as_secs_f64());
        }
        rows.push((
            text.len() as f64 / best / 1e6,
            text.len(),
            best,
            p.file_name().unwrap().to_string_lossy().to_string(),
        ));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let bytes: usize = rows.iter().map(|r| r.1).sum();
    let secs: f64 = rows.iter().map(|r| r.2).sum();
    println!(
        "corpus: {:.1} MB/s over {} documents",
        bytes as f64 / secs / 1e6,
        rows.len()
    );
    for r in rows.iter().take(15) {
        println!(
            "{:8.1} MB/s {:8} bytes {:7.2} ms  {}",
            r.0,
            r.1,
            r.2 * 1e3,
            r.3
        );
    }
}
