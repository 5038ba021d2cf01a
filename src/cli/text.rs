//! `resolute text`: the text a document is read as (for a PDF, the text
//! read from its layout), which the spans of `extract` point into.

use anyhow::Result;

use super::args::TextArgs;
use super::input::read_source;
use super::output::{print_stdout, write_output};

pub fn run(a: TextArgs) -> Result<u8> {
    let src = read_source(&a.file, a.common.max_bytes)?;
    match &a.output {
        Some(path) => write_output(path, &src.text)?,
        None => print_stdout(&src.text)?,
    }
    Ok(0)
}
