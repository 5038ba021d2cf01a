//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The project's test data: `tests/corpus` (the resolutions and their
/// originals) and `tests/gold` (the reference annotations).
pub fn data() -> PathBuf {
    // Relative to the package root, where tests run, so that outputs that
    // show the path as given (`document.source`) do not depend on where
    // the project is checked out.
    PathBuf::from("tests")
}

/// All corpus files, sorted. Fails (never skips) when the corpus is absent.
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = data().join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus is needed at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 170,
        "expected the whole corpus, found {} files",
        files.len()
    );
    files
}

/// The corpus files and the texts among its originals in their source
/// format (`original/*.txt`, `original/*.md`: raw PDF text, Markdown with
/// `[^n]` footnotes), sorted.
pub fn corpus_documents() -> Vec<PathBuf> {
    let mut files = corpus_files();
    let dir = data().join("corpus").join("original");
    let mut originals: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus originals are needed at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    originals.sort();
    assert!(originals.len() >= 3, "expected the original texts");
    files.extend(originals);
    files
}

/// The bundled example.
pub fn example() -> PathBuf {
    // Relative to the package root, where tests run: the path a user gives
    // and the output shows as `document.source`.
    PathBuf::from("examples/ga72-c3-crime-prevention-draft.txt")
}

/// Runs the binary; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the binary with `input` on its standard input; returns (exit code,
/// stdout, stderr).
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let input = input.to_vec();
    // Written from a thread, so that a large input cannot block while the
    // child fills its output pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary ends");
    let _ = writer.join();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The first span of a document's obligations, operative and preambular
/// paragraphs that is not a range of `text` on character boundaries.
pub fn bad_span(doc: &resolute::Document, text: &str) -> Option<resolute::offsets::Span> {
    doc.obligations
        .iter()
        .map(|o| o.span)
        .chain(doc.operative.iter().map(|p| p.span))
        .chain(doc.preamble.iter().map(|p| p.span))
        .find(|s| {
            s.start > s.end
                || s.end > text.len()
                || !text.is_char_boundary(s.start)
                || !text.is_char_boundary(s.end)
        })
}

/// Damaged copies of a file: `base` cut at seven points, and `count`
/// copies with `flips` bytes changed at spread positions (after the first
/// `keep` bytes), by a fixed pseudo-random walk from `seed`.
pub fn damaged(base: &[u8], keep: usize, count: usize, flips: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut cases: Vec<Vec<u8>> = (1..8)
        .map(|k| base[..base.len() * k / 8].to_vec())
        .collect();
    let mut x = seed.max(1);
    for _ in 0..count {
        let mut m = base.to_vec();
        for _ in 0..flips {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let at = keep + (x as usize) % (m.len() - keep);
            m[at] = (x >> 40) as u8;
        }
        cases.push(m);
    }
    cases
}

/// The files of `dir` whose extension is `ext`, sorted. Fails (never
/// skips) when the folder is absent.
pub fn files_in(dir: &std::path::Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("test data is needed at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
}
