//! Reviewed snapshots of the reference document's output (JSON and text).
//! A change of output fails here until the new snapshot is reviewed
//! (`cargo insta review`); CI never accepts snapshots.

mod common;

use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

fn reference() -> resolute::Document {
    let src = Source::read(&common::example(), DEFAULT_MAX_BYTES).unwrap();
    extract(&src, RuleSet::defaults(), &Options::default()).unwrap()
}

#[test]
fn reference_json() {
    insta::assert_json_snapshot!("reference_json", reference());
}

#[test]
fn reference_text() {
    insta::assert_snapshot!(
        "reference_text",
        resolute::render::text::summary(&reference(), false)
    );
}

#[test]
fn reference_explain_text() {
    let src = Source::read(&common::example(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options { explain: true }).unwrap();
    let text = resolute::render::text::summary(&doc, true);
    // The explanations of paragraph 21 and 34: anaphora and a misspelled name.
    let op21: String = text
        .split("\nOP ")
        .find(|s| s.starts_with("21:"))
        .unwrap()
        .to_string();
    let op34: String = text
        .split("\nOP ")
        .find(|s| s.starts_with("34:"))
        .unwrap()
        .to_string();
    insta::assert_snapshot!("reference_explain_21_34", format!("OP {op21}\nOP {op34}"));
}
