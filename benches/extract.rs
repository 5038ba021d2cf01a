//! End-to-end extraction throughput (decode -> normalize -> parse ->
//! classify) on the reference document and on the whole corpus, one core,
//! in MB/s (decimal); and what one run of the command pays before and for
//! its first document: loading the built-in rules, and loading them then
//! extracting the reference document (the patterns compiled on first use
//! included). Run: `cargo bench --bench extract`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use resolute::{Options, RuleSet, Source, extract};

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus is needed at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn startup(c: &mut Criterion) {
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ga72-c3-crime-prevention-draft.txt"),
    )
    .unwrap();
    let mut g = c.benchmark_group("startup");
    g.bench_function("rules-ready", |b| {
        b.iter(|| resolute::rules::load(None).unwrap())
    });
    g.bench_function("rules-and-first-document", |b| {
        b.iter(|| {
            let rules = resolute::rules::load(None).unwrap();
            let src = Source::from_text("ref.txt", black_box(reference.clone()));
            extract(&src, &rules, &Options::default()).unwrap()
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let rules = RuleSet::defaults();
    let opts = Options::default();
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ga72-c3-crime-prevention-draft.txt"),
    )
    .unwrap();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::BytesDecimal(reference.len() as u64));
    g.bench_function("reference-document", |b| {
        b.iter(|| {
            let src = Source::from_text("ref.txt", black_box(reference.clone()));
            extract(&src, rules, &opts).unwrap()
        })
    });
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    g.throughput(Throughput::BytesDecimal(bytes as u64));
    g.bench_function("whole-corpus", |b| {
        b.iter(|| {
            let mut n = 0;
            for (name, text) in &docs {
                let src = Source::from_text(name.clone(), text.clone());
                n += extract(&src, rules, &opts).map_or(0, |d| d.obligations.len());
            }
            n
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
}

criterion_group! { name = benches; config = config(); targets = startup, bench }
criterion_main!(benches);
