//! `resolute actors`: the addressees a document names, with their
//! obligation counts.

use anyhow::Result;

use resolute::checklist;

use super::args::{ActorsArgs, EvalFormat};
use super::input::{load_rules, read_and_extract};
use super::output::{exit, print_stdout};

pub fn run(a: ActorsArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let (_, doc) = read_and_extract(&a.file, rules, a.common.max_bytes)?;
    let list = checklist::actors(&doc);
    let out = match a.format {
        EvalFormat::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|(id, n)| serde_json::json!({"id": id, "name": checklist::actor_name(id.as_str(), rules), "obligations": n}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&rows)?)
        }
        EvalFormat::Text => {
            let mut s = String::new();
            for (id, n) in &list {
                let mut line = format!(
                    "{n:>4}  {:<36} {}",
                    id.as_str(),
                    checklist::actor_name(id.as_str(), rules)
                );
                if id.is_other() {
                    let texts: std::collections::BTreeSet<&str> = doc
                        .obligations
                        .iter()
                        .filter(|o| o.actor == *id)
                        .map(|o| o.actor_text.as_str())
                        .collect();
                    line.push_str(&format!(
                        ": {}",
                        texts.into_iter().collect::<Vec<_>>().join("; ")
                    ));
                }
                s.push_str(line.trim_end());
                s.push('\n');
            }
            if list.is_empty() {
                s.push_str("no obligations: this document asks nothing of anyone\n");
            }
            s
        }
    };
    print_stdout(&out)?;
    Ok(exit::OK)
}
