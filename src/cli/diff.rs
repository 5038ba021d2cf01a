//! `resolute diff`: two versions of a resolution compared paragraph by
//! paragraph and obligation by obligation, or three or more as the history
//! of each paragraph, in Markdown, HTML or JSON.

use anyhow::Result;

use resolute::diff::{compare, series::series};
use resolute::model::Document;
use resolute::render::checklist::Templates;
use resolute::render::diff::{self as render, DiffFormat};

use super::args::{DiffArgs, DiffFormatArg};
use super::input::{load_rules, read_and_extract};
use super::output::{exit, print_stdout, write_output};

pub fn run(a: DiffArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let templates = Templates::load(a.templates.as_deref())?;
    let docs: Vec<Document> = a
        .files
        .iter()
        .map(|f| read_and_extract(f, rules, a.common.max_bytes).map(|(_, d)| d))
        .collect::<Result<_>>()?;
    let format = match a.format {
        DiffFormatArg::Md => DiffFormat::Md,
        DiffFormatArg::Html => DiffFormat::Html,
        DiffFormatArg::Json => DiffFormat::Json,
    };
    let text = match docs.as_slice() {
        [old, new] => render::diff(&compare(old, new), format, &templates)?,
        many => {
            let refs: Vec<&Document> = many.iter().collect();
            render::series(&series(&refs), format, &templates)?
        }
    };
    match &a.output {
        Some(path) => write_output(path, &text)?,
        None => print_stdout(&text)?,
    }
    Ok(exit::OK)
}
