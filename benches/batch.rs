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

use std::ffi::OsString;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Corpus {
    dir: tempfile::TempDir,
    docs: usize,
    bytes: u64,
}

/// The corpus files (*.txt, *.md) of `src`, `copies` times, in numbered
/// sub-folders.
fn replicate(src: &Path, copies: usize) -> std::io::Result<Corpus> {
    let mut files: Vec<PathBuf> = fs::read_dir(src)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        // The corpus's own description is not a resolution.
        .filter(|p| !p.ends_with("SOURCES.md") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    let dir = tempfile::tempdir()?;
    let mut bytes = 0;
    for c in 0..copies {
        let sub = dir.path().join(format!("{c:04}"));
        fs::create_dir(&sub)?;
        for f in &files {
            let to = sub.join(f.file_name().unwrap_or_default());
            if fs::hard_link(f, &to).is_err() {
                fs::copy(f, &to)?;
            }
            bytes += fs::metadata(f)?.len();
        }
    }
    Ok(Corpus {
        dir,
        docs: files.len() * copies,
        bytes,
    })
}

struct Run {
    wall: Duration,
    peak_rss_kib: i64,
}

/// Runs the binary on `dir` with `jobs` threads; wall time and peak RSS.
fn run(bin: &str, dir: &Path, jobs: usize) -> Result<Run, String> {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(["extract", "--format", "jsonl", "-j", &jobs.to_string()])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are
    // valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let status = std::process::ExitStatus::from_raw(status);
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!("extract failed ({status}): {err}"));
    }
    Ok(Run {
        wall,
        peak_rss_kib: usage.ru_maxrss,
    })
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
    // `cargo bench` passes "--bench"; everything else is ours.
    let args: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|a| !a.to_string_lossy().starts_with("--"))
        .collect();
    let src = args.first().map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
        PathBuf::from,
    );
    let sizes: Vec<usize> = if args.len() > 1 {
        args[1..]
            .iter()
            .filter_map(|a| a.to_str()?.parse().ok())
            .collect()
    } else {
        vec![1, 10, 100]
    };
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
