//! Registry benchmark: `resolute registry build` over the corpus and over
//! 10 copies of it (a first build into a new registry, then a second with
//! nothing changed), and `resolute registry site` of the result.
//!
//! ```text
//! cargo bench --bench registry                      # tests/corpus, 1× and 10×
//! cargo bench --bench registry -- DIR [COPIES...]   # another corpus or other sizes
//! ```
//!
//! Each figure is the release binary as a user runs it (best of three
//! wall-clock times; 10× and more once), with the peak resident memory of
//! the process (from `wait4`) and the registry's size on disk.

mod common;

use std::ffi::OsStr;
use std::path::Path;

fn fail(e: String) -> ! {
    eprintln!("{e}");
    std::process::exit(1)
}

fn main() {
    let (src, sizes) = common::corpus_and_sizes(&[1, 10]);
    let bin = env!("CARGO_BIN_EXE_resolute");
    println!(
        "registry: resolute registry build DIR -o FILE (2 jobs), then again unchanged, then registry site; corpus {}",
        src.display()
    );
    println!(
        "{:>6} {:>6} {:>7} {:>8} {:>9} {:>9} {:>10} {:>9} {:>9}",
        "copies", "docs", "MB", "build s", "peak MB", "again s", "registry MB", "site s", "site MB"
    );
    for &copies in &sizes {
        let corpus = common::replicate(&src, copies).unwrap_or_else(|e| {
            fail(format!(
                "cannot build {copies}× corpus from {}: {e}",
                src.display()
            ))
        });
        let tries = if copies >= 10 { 1 } else { 3 };
        let db = corpus.dir.path().join("registry.sqlite");
        let site = corpus.dir.path().join("site");
        let build: [&OsStr; 6] = [
            "registry".as_ref(),
            "build".as_ref(),
            "-q".as_ref(),
            corpus.dir.path().as_os_str(),
            "-o".as_ref(),
            db.as_os_str(),
        ];
        let mut first: Option<common::Run> = None;
        for _ in 0..tries {
            // A first build: into a new registry each time.
            let _ = std::fs::remove_file(&db);
            let r = common::run(bin, &build).unwrap_or_else(|e| fail(e));
            if first.as_ref().is_none_or(|b| r.wall < b.wall) {
                first = Some(r);
            }
        }
        let first = first.unwrap_or_else(|| fail("no run".into()));
        let again = (0..tries)
            .map(|_| common::run(bin, &build).unwrap_or_else(|e| fail(e)).wall)
            .min()
            .unwrap_or_default();
        let size = std::fs::metadata(&db).map_or(0, |m| m.len());
        let site_args: [&OsStr; 6] = [
            "registry".as_ref(),
            "site".as_ref(),
            "-q".as_ref(),
            db.as_os_str(),
            "-o".as_ref(),
            site.as_os_str(),
        ];
        let s = common::run(bin, &site_args).unwrap_or_else(|e| fail(e));
        let site_bytes: u64 = walk_size(&site);
        println!(
            "{:>5}× {:>6} {:>7.1} {:>8.3} {:>9.1} {:>9.3} {:>10.1} {:>9.3} {:>9.1}",
            copies,
            corpus.docs,
            corpus.bytes as f64 / 1e6,
            first.wall.as_secs_f64(),
            first.peak_rss_kib as f64 / 1024.0,
            again.as_secs_f64(),
            size as f64 / 1e6,
            s.wall.as_secs_f64(),
            site_bytes as f64 / 1e6,
        );
    }
}

/// The bytes of every file under `dir`.
fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_size(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}
