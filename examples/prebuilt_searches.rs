//! Writes the searches of the built-in rules compiled ahead of time
//! (`src/rules/prebuilt/`, see `resolute::rules::prebuilt`) from the rules
//! as they load:
//!
//! ```text
//! cargo run --example prebuilt_searches
//! ```

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/prebuilt");
    std::fs::create_dir_all(&dir)?;
    let rules = resolute::RuleSet::defaults();
    for (what, file) in resolute::rules::prebuilt::names() {
        let patterns = rules.search_patterns(what);
        let (text, forward, reverse) = resolute::rules::prebuilt::compile(&patterns)?;
        std::fs::write(dir.join(format!("{file}.patterns")), text)?;
        std::fs::write(dir.join(format!("{file}.forward.dfa")), &forward)?;
        std::fs::write(dir.join(format!("{file}.reverse.dfa")), &reverse)?;
        eprintln!(
            "{file}: {} patterns, {} + {} bytes",
            patterns.len(),
            forward.len(),
            reverse.len()
        );
    }
    Ok(())
}
