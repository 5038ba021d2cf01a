//! The offline fuzzer: extracts millions of generated resolution-shaped
//! documents (`tests/common/generate.rs`) and checks, for each, that
//! extraction ends in a result or a clean error (no panic; a crash ends
//! the run with the seed printed before it), that every span lies in the
//! input, and that it stays inside the per-document bounds the README
//! documents: processor time (of the case's thread, so that a busy machine
//! does not count) under `--ms-per-mb` per megabyte (plus `--base-ms`),
//! memory allocated at once under `--mem-ratio` times the input (plus 16
//! MiB).
//!
//! ```sh
//! cargo run --release --example fuzz -- --cases 1000000
//! cargo run --release --example fuzz -- --cases 2000 --shape large --seed 7
//! cargo run --release --example fuzz -- --dump 1000002 > case.txt
//! ```
//!
//! `--dump SEED` writes the document of one case (the seed a failure
//! names) to standard output, to run `resolute` on it.
//!
//! Each case runs on a thread with the 2 MiB stack of the batch's worker
//! threads, so deep recursion shows as it would in a batch.

#[path = "../tests/common/generate.rs"]
mod generate;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use generate::{Rng, Shape, document};
use resolute::{Options, RuleSet, Source, extract};

/// Counts the bytes allocated now and the most at once since the last reset.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, size) };
        if !q.is_null() {
            if size > l.size() {
                let now = NOW.fetch_add(size - l.size(), Ordering::Relaxed) + size - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(l.size() - size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

struct Args {
    cases: u64,
    seed: u64,
    shape: Shape,
    ms_per_mb: f64,
    base_ms: f64,
    mem_ratio: f64,
    dump: Option<u64>,
}

fn args() -> Args {
    let mut a = Args {
        cases: 10_000,
        seed: 1,
        shape: Shape::LARGE,
        ms_per_mb: 1000.0,
        base_ms: 50.0,
        mem_ratio: 64.0,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--cases" => a.cases = v().parse().expect("--cases N"),
            "--seed" => a.seed = v().parse().expect("--seed N"),
            "--shape" => {
                a.shape = match v().as_str() {
                    "small" => Shape::SMALL,
                    _ => Shape::LARGE,
                }
            }
            "--ms-per-mb" => a.ms_per_mb = v().parse().expect("--ms-per-mb X"),
            "--base-ms" => a.base_ms = v().parse().expect("--base-ms X"),
            "--mem-ratio" => a.mem_ratio = v().parse().expect("--mem-ratio X"),
            "--dump" => a.dump = Some(v().parse().expect("--dump SEED")),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// What one case did.
struct Case {
    bytes: usize,
    ms: f64,
    peak: usize,
    ok: bool,
    problem: Option<String>,
}

/// The processor time of this thread, in milliseconds: what the case
/// costs, whatever else the machine is doing.
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

fn run_case(seed: u64, shape: Shape) -> Case {
    let text = document(&mut Rng::new(seed), shape);
    let bytes = text.len();
    let src = Source::from_text("fuzz.txt", text);
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = thread_cpu_ms();
    let r = std::panic::catch_unwind(|| extract(&src, RuleSet::defaults(), &Options::default()));
    let ms = thread_cpu_ms() - start;
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let (ok, problem) = match r {
        Err(_) => (false, Some("panic".to_string())),
        Ok(Err(_)) => (false, None),
        Ok(Ok(doc)) => {
            let outside = doc
                .obligations
                .iter()
                .map(|o| o.span)
                .chain(doc.operative.iter().map(|p| p.span))
                .find(|s| s.start > s.end || s.end > bytes);
            (
                true,
                outside.map(|s| format!("span {s:?} outside the input")),
            )
        }
    };
    Case {
        bytes,
        ms,
        peak,
        ok,
        problem,
    }
}

fn main() {
    let a = args();
    if let Some(seed) = a.dump {
        print!("{}", document(&mut Rng::new(seed), a.shape));
        return;
    }
    // Rules are compiled once, before the clock starts.
    let _ = RuleSet::defaults();
    let started = Instant::now();
    let (mut total, mut results, mut errors) = (0usize, 0u64, 0u64);
    let (mut worst_ms_per_mb, mut worst_ms, mut worst_ratio, mut largest) = (0f64, 0f64, 0f64, 0);
    let mut failures = Vec::new();
    for i in 0..a.cases {
        let seed = a.seed.wrapping_mul(1_000_003).wrapping_add(i);
        let shape = a.shape;
        // Printed before the case, so that a crash leaves its seed.
        if i % 10_000 == 0 {
            eprintln!(
                "{i} cases, {:.0} s, next seed {seed}",
                started.elapsed().as_secs_f64()
            );
        }
        let c = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || run_case(seed, shape))
            .expect("a thread")
            .join()
            .expect("the case thread ends");
        total += c.bytes;
        largest = largest.max(c.bytes);
        if c.ok {
            results += 1;
        } else {
            errors += 1;
        }
        let mb = c.bytes as f64 / 1e6;
        let limit_ms = a.base_ms + a.ms_per_mb * mb;
        let limit_mem = a.mem_ratio * c.bytes as f64 + (16 << 20) as f64;
        worst_ms = worst_ms.max(c.ms);
        if c.bytes >= 100_000 {
            worst_ms_per_mb = worst_ms_per_mb.max(c.ms / mb);
        }
        if c.bytes >= 100_000 {
            worst_ratio = worst_ratio.max(c.peak as f64 / c.bytes as f64);
        }
        let mut problem = c.problem;
        if c.ms > limit_ms {
            problem = Some(format!(
                "{:.0} ms for {} bytes (limit {limit_ms:.0} ms)",
                c.ms, c.bytes
            ));
        } else if c.peak as f64 > limit_mem {
            problem = Some(format!(
                "{} bytes allocated at once for {} bytes",
                c.peak, c.bytes
            ));
        }
        if let Some(p) = problem {
            eprintln!("FAIL seed {seed}: {p}");
            failures.push(seed);
        }
    }
    println!(
        "{} cases ({} results, {} clean errors), {:.1} MB, largest {} bytes, in {:.0} s",
        a.cases,
        results,
        errors,
        total as f64 / 1e6,
        largest,
        started.elapsed().as_secs_f64()
    );
    println!(
        "slowest case {worst_ms:.1} ms of processor time; slowest per MB (cases of 100 kB and more) {worst_ms_per_mb:.0} ms/MB; most memory at once (cases of 100 kB and more) {worst_ratio:.1} × the input"
    );
    println!(
        "{} failures{}",
        failures.len(),
        if failures.is_empty() {
            String::new()
        } else {
            format!(": seeds {failures:?}")
        }
    );
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
