//! `resolute templates dump`: the built-in templates written out.

use std::path::Path;

use anyhow::Result;

use super::output::report_written;

pub fn dump(dir: &Path, force: bool) -> Result<u8> {
    report_written(dir, resolute::render::checklist::dump(dir, force))
}
