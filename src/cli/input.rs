//! Reading what the commands work on: the rules (built in, or from a
//! folder), the documents named on the command line or found in its
//! folders, each read and extracted by the library, and what became of
//! each in a batch.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use resolute::batch::{self, Filter, Input};
use resolute::model::Document;
use resolute::rules::{self, RuleSet};
use resolute::source::{InputError, Source};
use resolute::{ExtractError, Options, extract};

use super::args::BatchArgs;
use super::output::UsageError;

/// The rules of a command: the built-in ones, or those of `dir` over them.
/// They last as long as the process: the built-in ones are the shared
/// [`RuleSet::defaults`], and a user's are loaded once and never dropped
/// (a copy of the rule set, or dropping it at exit, costs a tenth of a
/// start-up).
pub fn load_rules(dir: Option<&Path>) -> Result<&'static RuleSet> {
    match dir {
        None => {
            let rules = RuleSet::defaults();
            // The shared set is empty only if the built-in rules failed to
            // load (a build defect the tests catch): say why, rather than
            // find nothing.
            if rules.verbs.is_empty() {
                rules::load(None)?;
            }
            Ok(rules)
        }
        Some(d) => {
            let rules = rules::load(Some(d))?;
            for n in &rules.notes {
                super::output::note(n);
            }
            Ok(Box::leak(Box::new(rules)))
        }
    }
}

/// The documents of a batch: the files named, and those of the folders
/// named that the `--glob` patterns (or the default extensions) take.
pub fn documents(files: &[PathBuf], args: &BatchArgs) -> Result<Vec<Input>> {
    let filter =
        Filter::new(&args.glob).map_err(|e| UsageError(format!("bad --glob pattern: {e}")))?;
    let inputs = batch::inputs(files, &filter).context("cannot list the inputs")?;
    if inputs.is_empty() {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        let what = if args.glob.is_empty() {
            format!("*.{}", batch::DOCUMENT_EXTENSIONS.join(" or *."))
        } else {
            args.glob.join(", ")
        };
        bail!("no documents ({what}) in {}", names.join(", "));
    }
    Ok(inputs)
}

/// `--original`: read Word files as they were before their tracked
/// changes. Set once, from the command line, before any file is read.
static ORIGINAL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_original(on: bool) {
    ORIGINAL.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// How Word files' tracked changes are read (`--original`).
pub fn tracked() -> resolute::docx::Tracked {
    if ORIGINAL.load(std::sync::atomic::Ordering::Relaxed) {
        resolute::docx::Tracked::Original
    } else {
        resolute::docx::Tracked::Accept
    }
}

/// Reads a document as the command line asks (`--original`).
pub fn read_source(path: &Path, max: usize) -> Result<Source> {
    Ok(Source::read_tracked(path, max, tracked())?)
}

/// Reads and extracts one file.
pub fn extract_file(path: &Path, rules: &RuleSet, opts: &Options, max: usize) -> Result<Document> {
    Ok(read_with(path, rules, opts, max)?.1)
}

/// Reads a document and extracts it with `opts`; keeps its text.
pub fn read_with(
    path: &Path,
    rules: &RuleSet,
    opts: &Options,
    max: usize,
) -> Result<(Source, Document)> {
    let src = read_source(path, max)?;
    let doc = extract(&src, rules, opts)?;
    Ok((src, doc))
}

/// Reads a document and extracts it; keeps its text for verbatim sources.
pub fn read_and_extract(path: &Path, rules: &RuleSet, max: usize) -> Result<(Source, Document)> {
    read_with(path, rules, &Options::default(), max)
}

/// What became of one document of a batch.
pub enum Outcome<T> {
    Done(T),
    /// A file found in a folder that is no resolution: a note, not a
    /// failure (the message says why).
    Skipped(String),
    Failed(String),
}

impl<T> Outcome<T> {
    /// Sorts a result: an error on a file found in a folder that says the
    /// file is no resolution (empty, blank, no operative paragraphs) skips
    /// it; any other error, and every error on a file named, fails it.
    pub fn of(input: &Input, r: Result<T>) -> Outcome<T> {
        match r {
            Ok(x) => Outcome::Done(x),
            Err(e) if input.walked && is_not_a_resolution(&e) => Outcome::Skipped(e.to_string()),
            Err(e) => Outcome::Failed(format!("{e:#}")),
        }
    }
}

fn is_not_a_resolution(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<ExtractError>(),
        Some(ExtractError::NotAResolution { .. })
    ) || matches!(
        e.downcast_ref::<InputError>(),
        Some(InputError::Empty { .. } | InputError::Blank { .. })
    )
}
