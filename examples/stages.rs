//! Times each stage on the bundled example: `cargo run --release --example stages`.

use std::time::Instant;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ga72-c3-crime-prevention-draft.txt"
    );
    let text = std::fs::read_to_string(path).expect("the bundled example");
    let rules = resolute::RuleSet::defaults();
    let n = 300;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(resolute::normalize::normalize(&text));
    }
    let norm = t.elapsed().as_secs_f64() / n as f64;
    let clean = resolute::normalize::normalize(&text).text;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(resolute::parse::parse(&clean).ok());
    }
    let parse = t.elapsed().as_secs_f64() / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        let src = resolute::Source::from_text("ref.txt", text.clone());
        std::hint::black_box(resolute::extract(&src, rules, &resolute::Options::default()).ok());
    }
    let all = t.elapsed().as_secs_f64() / n as f64;
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
