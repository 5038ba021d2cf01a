//! Scaling benchmark: extraction time on inputs of one shape at growing
//! sizes, and the exponent it grows with (1.0 is linear).
//!
//! ```text
//! cargo bench --bench scaling                  # every shape, sizes ×1, ×4, ×16
//! cargo bench --bench scaling -- chain         # the shapes whose name holds "chain"
//! cargo bench --bench scaling -- --instructions  # counted, not timed
//! ```
//!
//! Each time is the processor time of the best of three runs of
//! `resolute::extract` in this process (rules compiled before the clock
//! starts). The exponent between two sizes is log(t2 / t1) / log(n2 / n1),
//! n the document's bytes; the table gives it for the two largest steps,
//! where fixed costs no longer hide the trend.
//!
//! On a shared machine a time moves by several percent from one run to
//! the next, and so does an exponent (by up to 0.1 at these sizes). With
//! `--instructions` each size is instead the instructions callgrind counts
//! for the whole `resolute extract FILE` process less those of a
//! one-paragraph file (its start-up): the same on every run, so an
//! exponent over 1.0 there is work that grows faster than the input. It
//! needs valgrind, and takes a few minutes.

#[path = "common/mod.rs"]
mod common;

use common::{cpu, instructions};
use resolute::{Options, RuleSet, Source, extract};
use std::ffi::OsStr;

/// A shape: a name and the document of size `n` (in its own units).
struct Shape {
    name: &'static str,
    unit: &'static str,
    make: fn(usize) -> String,
    base: usize,
}

const HEAD: &str = "The General Assembly,\n\nRecalling its resolutions,\n\n";

fn clause_chain(n: usize) -> String {
    let mut s = format!("{HEAD}1.\tRequests the Secretary-General to report on item 0");
    for i in 1..n {
        s.push_str(&format!(
            ", and urges Member States that have not yet done so to consider ratifying the United Nations Convention against Corruption and to act on item {i}"
        ));
    }
    s.push_str(";\n");
    s
}

fn that_chain(n: usize) -> String {
    format!(
        "{HEAD}1.\tDecides that{};\n",
        " and that all States shall report on the measures taken".repeat(n)
    )
}

fn huge_paragraph(n: usize) -> String {
    format!(
        "{HEAD}1.\tRequests the Secretary-General to report on {};\n",
        "the situation of the region, as appropriate, within existing resources ".repeat(n)
    )
}

fn many_paragraphs(n: usize) -> String {
    let mut s = String::from(HEAD);
    for i in 1..=n {
        s.push_str(&format!(
            "{i}.\tRequests the Secretary-General to report on item {i}, upon request, by 2030;\n\n"
        ));
    }
    s
}

/// A declaration the resolution adopts, read sentence by sentence: asks,
/// commitments with lettered items, and a programme's "should".
fn declaration(n: usize) -> String {
    let mut s = String::from(
        "The General Assembly\n\nAdopts the following Declaration:\n\nDeclaration\n\n",
    );
    for i in 1..=n {
        s.push_str(&format!(
            "{i}.\tWe recognize the progress made. We request the Secretary-General to report on item {i}, and we invite Member States to act. Landlocked developing countries should develop policies. We decide to:\n\n(a)\tProtect civilians;\n\n(b)\tInvite the Commission to advise us.\n\n"
        ));
    }
    s
}

fn nested_brackets(n: usize) -> String {
    format!(
        "{HEAD}1.\tRequests the Secretary-General to act on {}x{};\n",
        "(".repeat(n),
        ")".repeat(n)
    )
}

fn unclosed_brackets(n: usize) -> String {
    format!(
        "{HEAD}1.\tRequests the Secretary-General to act on {}x;\n",
        "( “".repeat(n)
    )
}

fn name_list(n: usize) -> String {
    let names = ["Austria", "Belgium", "Chile", "Denmark", "Egypt", "France"];
    let list: Vec<&str> = (0..n).map(|i| names[i % names.len()]).collect();
    format!(
        "{HEAD}1.\tCalls upon {} and the United Nations Office on Drugs and Crime to cooperate;\n",
        list.join(", ")
    )
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "clause chain",
        unit: "clauses",
        make: clause_chain,
        base: 250,
    },
    Shape {
        name: "\"and that\" chain",
        unit: "clauses",
        make: that_chain,
        base: 250,
    },
    Shape {
        name: "one huge paragraph",
        unit: "phrases",
        make: huge_paragraph,
        base: 1_000,
    },
    Shape {
        name: "many paragraphs",
        unit: "paragraphs",
        make: many_paragraphs,
        base: 625,
    },
    Shape {
        name: "declaration",
        unit: "paragraphs",
        make: declaration,
        base: 250,
    },
    Shape {
        name: "nested brackets",
        unit: "levels",
        make: nested_brackets,
        // Each level costs little: at fewer, the work beyond the
        // start-up is a tenth of a million instructions, below what the
        // start-up itself varies by from one document to another.
        base: 16_000,
    },
    Shape {
        name: "unclosed brackets",
        unit: "brackets",
        make: unclosed_brackets,
        // As for the nested brackets.
        base: 4_000,
    },
    Shape {
        name: "list of names",
        unit: "names",
        make: name_list,
        base: 250,
    },
];

/// Best of three: seconds of processor time for one extraction.
fn time(text: &str) -> f64 {
    let src = Source::from_text("bench.txt", text.to_string());
    (0..3)
        .map(|_| {
            let start = cpu();
            let doc = extract(&src, RuleSet::defaults(), &Options::default());
            let t = cpu() - start;
            std::hint::black_box(doc.ok());
            t
        })
        .fold(f64::INFINITY, f64::min)
}

/// Counts instead of times: the instructions of `resolute extract` on
/// files written to a temporary folder, less the start-up's.
struct Counter {
    dir: tempfile::TempDir,
    startup: u64,
}

impl Counter {
    fn new() -> Counter {
        let dir = tempfile::tempdir().unwrap_or_else(|e| fail(format!("temporary folder: {e}")));
        let mut c = Counter { dir, startup: 0 };
        c.startup = c.whole(&format!(
            "{HEAD}1.\tRequests the Secretary-General to submit a report.\n"
        ));
        c
    }

    /// The instructions of the whole process on `text`.
    fn whole(&self, text: &str) -> u64 {
        let file = self.dir.path().join("shape.txt");
        std::fs::write(&file, text).unwrap_or_else(|e| fail(format!("{}: {e}", file.display())));
        let args: [&OsStr; 2] = ["extract".as_ref(), file.as_os_str()];
        instructions(env!("CARGO_BIN_EXE_resolute"), &args).unwrap_or_else(|e| fail(e))
    }

    /// The instructions beyond the start-up, in millions.
    fn work(&self, text: &str) -> f64 {
        self.whole(text).saturating_sub(self.startup) as f64 / 1e6
    }
}

fn fail(e: String) -> ! {
    eprintln!("scaling: {e}");
    std::process::exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let counted = args.iter().any(|a| a == "--instructions");
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let counter = counted.then(Counter::new);
    match &counter {
        Some(c) => println!(
            "instructions of `resolute extract FILE` (callgrind) less the start-up's ({:.1} M)",
            c.startup as f64 / 1e6
        ),
        // Timed in this process: the rules compiled before any clock starts.
        None => {
            let _ = RuleSet::defaults();
        }
    }
    println!(
        "{:<20} {:>24} {:>24} {:>24}  exponent",
        "shape", "×1", "×4", "×16"
    );
    for s in SHAPES {
        if !filter.is_empty() && !filter.iter().any(|f| s.name.contains(f.as_str())) {
            continue;
        }
        let sizes = [s.base, s.base * 4, s.base * 16];
        let runs: Vec<(usize, usize, f64)> = sizes
            .iter()
            .map(|&n| {
                let text = (s.make)(n);
                let cost = match &counter {
                    Some(c) => c.work(&text),
                    None => time(&text),
                };
                (n, text.len(), cost)
            })
            .collect();
        let cells: Vec<String> = runs
            .iter()
            .map(|(n, bytes, cost)| {
                let cost = match counter {
                    Some(_) => format!("{cost:.1} M"),
                    None => format!("{:.1} ms", cost * 1e3),
                };
                format!("{n} {} {:.0} kB {cost}", s.unit, *bytes as f64 / 1e3)
            })
            .collect();
        let exponent = |a: &(usize, usize, f64), b: &(usize, usize, f64)| {
            (b.2 / a.2).ln() / (b.1 as f64 / a.1 as f64).ln()
        };
        println!(
            "{:<20} {:>24} {:>24} {:>24}  {:.2}, {:.2}",
            s.name,
            cells[0],
            cells[1],
            cells[2],
            exponent(&runs[0], &runs[1]),
            exponent(&runs[1], &runs[2])
        );
    }
}
