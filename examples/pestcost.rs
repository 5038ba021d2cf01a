//! Cost of one clause-shape parse: `cargo run --release --example pestcost`.
fn main() {
    let texts = [
        " the Secretary-General to submit a report",
        " all States shall:",
        " Member States, when appropriate, to take into consideration the Doha Declaration",
    ];
    for t in texts {
        let n = 20000;
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(resolute::parse::clause_shape(
                std::hint::black_box(t),
                &resolute::rules::RuleSet::defaults().language,
            ));
        }
        println!(
            "{:6.2} µs  {t}",
            start.elapsed().as_secs_f64() / n as f64 * 1e6
        );
    }
    let clean = "Human Rights Council\n\nTwenty-first session\n\nAgenda item 3\n\nThe Human Rights Council,\n\nRecalling its resolution 1/2,\n\n1. Requests the Secretary-General to report.";
    let n = 20000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(resolute::parse::parse(std::hint::black_box(clean)).ok());
    }
    println!(
        "{:6.2} µs  structure + header of a small document",
        start.elapsed().as_secs_f64() / n as f64 * 1e6
    );
}
