//! The whole process, counted: the instructions (callgrind) of the CLI's
//! start-up, of one document and of a batch, with the batch's instructions
//! per byte; and the processor time of one call over repeated runs.
//!
//! ```text
//! cargo bench --bench instructions                      # tests/corpus, 1× and 10×
//! cargo bench --bench instructions -- DIR [COPIES...]   # another corpus or other sizes
//! ```
//!
//! Instruction counts do not depend on what else the machine is doing: the
//! same binary on the same input gives the same count, where times on a
//! shared machine vary by 15 % and more. They need valgrind (`apt-get
//! install valgrind`); without it the benchmark says so and fails.
//!
//! - start-up: `extract` of a one-paragraph file;
//! - one document: `extract` of the reference document;
//! - one declaration: `extract` of a resolution adopting a declaration
//!   ("We ..."), whose reading needs the first person's verb phrases too;
//! - batch: `extract DIR --format jsonl -j 1` over copies of the corpus (as
//!   in the batch benchmark); per byte is (batch − start-up) / bytes read;
//! - processor time (user and system, from `wait4`) of the start-up and of
//!   one document: median and lowest of 21 runs, the two alternated.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use common::{instructions, replicate};

fn fail(e: String) -> ! {
    eprintln!("instructions: {e}");
    std::process::exit(1)
}

fn mega(n: u64) -> String {
    format!("{:.1} M", n as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Median and lowest.
fn spread(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[0])
}

fn main() {
    let (src, sizes) = common::corpus_and_sizes(&[1, 10]);
    let bin = env!("CARGO_BIN_EXE_resolute");
    let reference = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/ga72-c3-crime-prevention-draft.txt");
    let tmp = tempfile::tempdir().unwrap_or_else(|e| fail(format!("temporary folder: {e}")));
    let tiny = tmp.path().join("one-paragraph.txt");
    std::fs::write(
        &tiny,
        "Resolution adopted by the General Assembly\n\n1. Requests the Secretary-General to submit a report.\n",
    )
    .unwrap_or_else(|e| fail(format!("{}: {e}", tiny.display())));
    let startup_args: [&OsStr; 2] = ["extract".as_ref(), tiny.as_os_str()];
    let reference_args: [&OsStr; 2] = ["extract".as_ref(), reference.as_os_str()];
    let declaration = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/A-RES-75-1.txt");
    let declaration_args: [&OsStr; 2] = ["extract".as_ref(), declaration.as_os_str()];

    println!("instructions: the whole resolute process, counted by callgrind");
    let startup = instructions(bin, &startup_args).unwrap_or_else(|e| fail(e));
    println!(
        "start-up (extract of a one-paragraph file)   {:>10}",
        mega(startup)
    );
    let one = instructions(bin, &reference_args).unwrap_or_else(|e| fail(e));
    println!(
        "one document (extract of the reference doc)  {:>10}  ({} beyond the start-up)",
        mega(one),
        mega(one.saturating_sub(startup))
    );
    let declared = instructions(bin, &declaration_args).unwrap_or_else(|e| fail(e));
    println!(
        "one declaration (extract of A/RES/75/1)      {:>10}  ({} beyond the start-up)",
        mega(declared),
        mega(declared.saturating_sub(startup))
    );
    for copies in sizes {
        let corpus = replicate(&src, copies)
            .unwrap_or_else(|e| fail(format!("copying {}: {e}", src.display())));
        let args: [&OsStr; 6] = [
            "extract".as_ref(),
            "--format".as_ref(),
            "jsonl".as_ref(),
            "-j".as_ref(),
            "1".as_ref(),
            corpus.dir.path().as_os_str(),
        ];
        let n = instructions(bin, &args).unwrap_or_else(|e| fail(e));
        println!(
            "batch, corpus ×{copies} ({} documents, {:.1} MB), 1 job {:>10}  {:.0} instructions per byte ({:.0} with the start-up)",
            corpus.docs,
            corpus.bytes as f64 / 1e6,
            mega(n),
            n.saturating_sub(startup) as f64 / corpus.bytes as f64,
            n as f64 / corpus.bytes as f64,
        );
    }

    println!("\nprocessor time (user + system) of one call, 21 runs each, alternated");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..21 {
        a.push(
            common::run(bin, &startup_args)
                .unwrap_or_else(|e| fail(e))
                .cpu,
        );
        b.push(
            common::run(bin, &reference_args)
                .unwrap_or_else(|e| fail(e))
                .cpu,
        );
    }
    for (what, v) in [("start-up", a), ("one document", b)] {
        let (median, low) = spread(v);
        println!("{what:<14} median {:>8}, lowest {:>8}", ms(median), ms(low));
    }
}
