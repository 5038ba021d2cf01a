//! Reading what the commands work on: the rules (built in, or from a
//! folder) and documents, read and extracted by the library.

use std::path::Path;

use anyhow::Result;

use resolute::model::Document;
use resolute::rules::{self, RuleSet};
use resolute::source::Source;
use resolute::{Options, extract};

pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet> {
    match dir {
        None => Ok(RuleSet::defaults().clone()),
        Some(d) => Ok(rules::load(Some(d))?),
    }
}

/// Reads and extracts one file.
pub fn extract_file(path: &Path, rules: &RuleSet, opts: &Options, max: usize) -> Result<Document> {
    let src = Source::read(path, max)?;
    Ok(extract(&src, rules, opts)?)
}

/// Reads a document and extracts it; keeps its text for verbatim sources.
pub fn read_and_extract(path: &Path, rules: &RuleSet, max: usize) -> Result<(Source, Document)> {
    let src = Source::read(path, max)?;
    let doc = extract(&src, rules, &Options::default())?;
    Ok((src, doc))
}
