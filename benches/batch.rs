//! Batch benchmark: `resolute extract DIR --format jsonl` over a corpus and
//! over 10× and 100× copies of it, on 1 and 2 cores.
//!
//! ```text
//! cargo bench --bench batch                      # tests/corpus, 1×, 10×, 100×
//! cargo bench --bench batch -- DIR [COPIES...]   # another corpus or other sizes
//! ```
//!
//! The corpus's `SOURCES.md` and `README.md` are left out. The copies are hard links (a copy where links are not possible) in a
//! temporary folder, so 100× costs no disk space. Each run is the release
//! binary as a user runs it, output discarded; the figures are wall-clock
//! time (best of three below 100×), throughput in MB/s and documents/s,
//! and the peak resident memory of the process (from `wait4`). Memory that
//! does not grow from 1× to 100× shows the batch streams.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{Run, replicate};

/// `resolute extract DIR --format jsonl -j JOBS`, output discarded.
fn run(bin: &str, dir: &Path, jobs: usize) -> Result<Run, String> {
    let jobs = jobs.to_string();
    let args: [&OsStr; 6] = [
        "extract".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "-j".as_ref(),
        jobs.as_ref(),
        dir.as_os_str(),
    ];
    common::run(bin, &args)
}

fn best(bin: &str, dir: &Path, jobs: usize, tries: usize) -> Result<Run, String> {
    let mut best: Option<Run> = None;
    for _ in 0..tries {
        let r = run(bin, dir, jobs)?;
        if best.as_ref().is_none_or(|b| r.wall < b.wall) {
            best = Some(Run {
                peak_rss_kib: r
                    .peak_rss_kib
                    .max(best.as_ref().map_or(0, |b| b.peak_rss_kib)),
                ..r
            });
        }
    }
    best.ok_or_else(|| "no run".to_string())
}

fn main() {
    let (src, sizes) = common::corpus_and_sizes(&[1, 10, 100]);
    let bin = env!("CARGO_BIN_EXE_resolute");
    println!(
        "batch: resolute extract DIR --format jsonl (output discarded); corpus {}",
        src.display()
    );
    println!(
        "{:>6} {:>7} {:>9} {:>5} {:>9} {:>8} {:>8} {:>9} {:>9}",
        "copies", "docs", "MB", "jobs", "seconds", "MB/s", "docs/s", "peak MB", "speed-up"
    );
    for &copies in &sizes {
        let corpus = match replicate(&src, copies) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("cannot build {copies}× corpus from {}: {e}", src.display());
                std::process::exit(1);
            }
        };
        let tries = if copies >= 100 { 1 } else { 3 };
        let mut one = None;
        for jobs in [1, 2] {
            let r = match best(bin, corpus.dir.path(), jobs, tries) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            };
            let secs = r.wall.as_secs_f64();
            let mb = corpus.bytes as f64 / 1e6;
            let speedup = match one {
                Some(t1) => format!("{:.2}×", t1 / secs),
                None => String::new(),
            };
            if jobs == 1 {
                one = Some(secs);
            }
            println!(
                "{:>5}× {:>7} {:>9.1} {:>5} {:>9.3} {:>8.1} {:>8.0} {:>9.1} {:>9}",
                copies,
                corpus.docs,
                mb,
                jobs,
                secs,
                mb / secs,
                corpus.docs as f64 / secs,
                r.peak_rss_kib as f64 / 1024.0,
                speedup
            );
        }
    }
}
