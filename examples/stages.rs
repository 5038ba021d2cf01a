//! Times each stage on a document, by default the bundled example (best of
//! several batches, to see past a noisy machine):
//! `cargo run --release --example stages -- [FILE]`.

use std::time::Instant;

fn best(batches: usize, n: usize, mut f: impl FnMut()) -> f64 {
    (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed().as_secs_f64() / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/ga72-c3-crime-prevention-draft.txt"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).expect("a readable document");
    let rules = resolute::RuleSet::defaults();
    let norm = best(7, 100, || {
        std::hint::black_box(resolute::normalize::normalize(&text));
    });
    let clean = resolute::normalize::normalize(&text).text;
    let parse = best(7, 100, || {
        std::hint::black_box(resolute::parse::parse(&clean).ok());
    });
    let all = best(7, 100, || {
        let src = resolute::Source::from_text("ref.txt", text.clone());
        std::hint::black_box(resolute::extract(&src, rules, &resolute::Options::default()).ok());
    });
    let mb = text.len() as f64 / 1e6;
    println!(
        "normalize {:.2} ms ({:.0} MB/s), parse {:.2} ms, classify {:.2} ms; total {:.2} ms = {:.1} MB/s",
        norm * 1e3,
        mb / norm,
        parse * 1e3,
        (all - norm - parse) * 1e3,
        all * 1e3,
        mb / all
    );
}
