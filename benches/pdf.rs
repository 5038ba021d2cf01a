//! PDF benchmark: reading the text of the official PDFs in `tests/pdf/`,
//! or of the folders given, on one thread and on two.
//!
//! ```text
//! cargo bench --bench pdf
//! cargo bench --bench pdf -- ~/un-pdfs/
//! ```
//!
//! Each figure is the best of five runs: pages and megabytes of PDF read
//! per second of wall time, with the processor time of the whole process
//! beside it (the reader runs on threads of its own).

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use resolute::source::{DEFAULT_MAX_BYTES, Source};

/// Processor time of the whole process, in seconds.
fn process_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

fn pages(path: &Path) -> usize {
    match Source::read(path, DEFAULT_MAX_BYTES) {
        Ok(src) => src.pages.len(),
        Err(_) => 0,
    }
}

fn main() {
    // Folders named after `--` (cargo passes `--bench` too: not a folder).
    let mut dirs: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if dirs.is_empty() {
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf"));
    }
    for dir in &dirs {
        let label = dir.display();
        let files = pdfs(dir);
        if files.is_empty() {
            println!("{label}: no PDF files here");
            continue;
        }
        let bytes: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        let mb = bytes as f64 / 1e6;
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            let mut best = (f64::INFINITY, 0.0, 0usize);
            for _ in 0..5 {
                let (wall, cpu) = (Instant::now(), process_cpu());
                let n: usize = pool.install(|| files.par_iter().map(|f| pages(f)).sum());
                let w = wall.elapsed().as_secs_f64();
                if w < best.0 {
                    best = (w, process_cpu() - cpu, n);
                }
            }
            let (wall, cpu, n) = best;
            println!(
                "{label}: {} files, {n} pages, {mb:.1} MB on {threads} thread(s): {:.0} ms wall ({:.0} ms CPU), {:.0} pages/s, {:.2} MB/s",
                files.len(),
                wall * 1e3,
                cpu * 1e3,
                n as f64 / wall,
                mb / wall
            );
        }
    }
}
