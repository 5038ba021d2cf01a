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
    for what in resolute::rules::prebuilt::names() {
        let patterns = rules.search_patterns(what);
        let (text, forward, reverse) = resolute::rules::prebuilt::compile(&patterns)?;
        std::fs::write(dir.join(format!("{what}.patterns")), text)?;
        std::fs::write(dir.join(format!("{what}.forward.dfa")), &forward)?;
        std::fs::write(dir.join(format!("{what}.reverse.dfa")), &reverse)?;
        eprintln!(
            "{what}: {} patterns, {} + {} bytes",
            patterns.len(),
            forward.len(),
            reverse.len()
        );
    }
    Ok(())
}
