//! Writes the JSON of the built-in rules (`src/rules/builtin.json`) from
//! the YAML files of `rules/`:
//!
//! ```text
//! cargo run --example builtin_rules > src/rules/builtin.json
//! ```

fn main() -> anyhow::Result<()> {
    print!("{}", resolute::rules::builtin::generate()?);
    Ok(())
}
