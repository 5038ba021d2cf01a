//! Shared by the benchmarks: the processor time of the running thread;
//! copies of a corpus; a command's wall time and peak memory; the
//! instructions of a command (callgrind).

// Each benchmark uses a part of this module.
#![allow(dead_code)]

/// The processor time of this thread, in seconds: what a run costs,
/// whatever else the machine is doing.
pub fn cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Copies of a corpus in a temporary folder.
pub struct Corpus {
    pub dir: tempfile::TempDir,
    pub docs: usize,
    pub bytes: u64,
}

/// The corpus files (*.txt, *.md) of `src`, `copies` times, in numbered
/// sub-folders, as hard links (copies where links are not possible).
pub fn replicate(src: &Path, copies: usize) -> std::io::Result<Corpus> {
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

/// What one run of a command cost.
pub struct Run {
    pub wall: Duration,
    /// Processor time, user and system.
    pub cpu: Duration,
    pub peak_rss_kib: i64,
}

/// Runs `bin` with `args`, output discarded; its wall time, processor time
/// and peak resident memory (from `wait4`). A failure is an error with its stderr.
pub fn run(bin: &str, args: &[&std::ffi::OsStr]) -> Result<Run, String> {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
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
        return Err(format!("{args:?} failed ({status}): {err}"));
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Ok(Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_rss_kib: usage.ru_maxrss,
    })
}

/// The corpus folder and the numbers of copies a benchmark was given
/// (`cargo bench --bench NAME -- DIR [COPIES...]`), else `tests/corpus` and
/// `default`. `cargo bench` passes "--bench"; everything else is ours.
pub fn corpus_and_sizes(default: &[usize]) -> (PathBuf, Vec<usize>) {
    let args: Vec<std::ffi::OsString> = std::env::args_os()
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
        default.to_vec()
    };
    (src, sizes)
}

/// The instructions callgrind counts for one run of `bin` with `args`.
pub fn instructions(bin: &str, args: &[&std::ffi::OsStr]) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            "--",
            bin,
        ])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| {
            format!("cannot start valgrind ({e}); install it: apt-get install valgrind")
        })?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "valgrind {bin} {args:?} failed ({}):\n{err}",
            out.status
        ));
    }
    // "==123== Collected : 44612345"
    err.lines()
        .find_map(|l| {
            l.split_once("Collected :")
                .map(|(_, n)| n.trim().to_string())
        })
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no instruction count in callgrind's report:\n{err}"))
}
