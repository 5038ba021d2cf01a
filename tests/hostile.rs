//! Inputs built to break the tool, each a regression test: the shapes that
//! structured fuzzing found (see `examples/fuzz.rs`). Each must give a
//! clean result or a clear error, and lose no text.

use resolute::{Options, RuleSet, Source, extract};

fn doc(text: &str) -> resolute::Document {
    extract(
        &Source::from_text("hostile.txt", text),
        RuleSet::defaults(),
        &Options::default(),
    )
    .expect("a resolution")
}

#[test]
fn paragraph_numbers_of_any_size() {
    let mut text = String::from("The General Assembly,\n\nRecalling its resolutions,\n\n");
    for i in 1..=1205 {
        text.push_str(&format!(
            "{i}. Requests the Secretary-General to report on item {i};\n\n"
        ));
    }
    let d = doc(&text);
    assert_eq!(d.operative.len(), 1205);
    assert_eq!(d.operative.last().unwrap().number, 1205);
    assert_eq!(d.obligations.len(), 1205);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn lettered_steps_past_z() {
    let mut text = String::from("The Security Council,\n\n1. Decides that all States shall:\n\n");
    let labels: Vec<String> = (b'a'..=b'z')
        .map(|c| (c as char).to_string())
        .chain(["aa", "bb", "cc"].map(String::from))
        .collect();
    for l in &labels {
        text.push_str(&format!("({l}) Prevent act {l};\n\n"));
    }
    let d = doc(&text);
    let steps: Vec<&str> = d.obligations[0]
        .steps
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(steps, labels);
}
