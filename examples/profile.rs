//! Extracts a document (by default the bundled example) many times, for
//! profilers:
//! `cargo run --release --example profile -- [ITERATIONS [FILE]]`.

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let path = std::env::args().nth(2).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/ga72-c3-crime-prevention-draft.txt"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).expect("a readable document");
    let rules = resolute::RuleSet::defaults();
    let mut obligations = 0;
    for _ in 0..n {
        let src = resolute::Source::from_text("ref.txt", text.clone());
        obligations += resolute::extract(&src, rules, &resolute::Options::default())
            .map_or(0, |d| d.obligations.len());
    }
    println!("{obligations} obligations in {n} runs");
}
