//! The JSON of every corpus document, with and without `--explain`, is
//! valid against the published schema, docs/obligations.schema.json, and
//! the schema itself says what it must (it rejects what the contract
//! forbids).

mod common;

use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

fn validator() -> jsonschema::Validator {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/obligations.schema.json");
    let text = std::fs::read_to_string(&path).expect("the schema is in docs/");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

fn problems(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_corpus_document_is_valid_against_the_schema() {
    let v = validator();
    let mut checked = 0;
    for path in common::corpus_documents() {
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        for explain in [false, true] {
            let doc = extract(&src, RuleSet::defaults(), &Options { explain }).unwrap();
            let json = serde_json::to_value(&doc).unwrap();
            let p = problems(&v, &json);
            assert!(
                p.is_empty(),
                "{} (explain {explain}): {p:#?}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 2 * 170, "{checked}");
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    let v = validator();
    let src = Source::read(&common::example(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let good = serde_json::to_value(&doc).unwrap();
    assert!(problems(&v, &good).is_empty());
    type Breaks = fn(&mut serde_json::Value);
    let broken: Vec<(&str, Breaks)> = vec![
        ("no schema_version", |d| {
            d.as_object_mut().unwrap().remove("schema_version");
        }),
        ("another schema_version", |d| d["schema_version"] = 2.into()),
        ("an obligation without actor", |d| {
            d["obligations"][0].as_object_mut().unwrap().remove("actor");
        }),
        ("a declaratory obligation", |d| {
            d["obligations"][0]["strength"] = "declaratory".into()
        }),
        ("an unknown qualifier kind", |d| {
            d["obligations"][0]["qualifiers"] = serde_json::json!([{"kind": "maybe", "text": "x"}])
        }),
        ("a field nobody documented", |d| {
            d["obligations"][0]["mood"] = "hopeful".into()
        }),
        ("a span as a string", |d| {
            d["obligations"][0]["span"] = "1-2".into()
        }),
        ("a document without symbol", |d| {
            d["document"].as_object_mut().unwrap().remove("symbol");
        }),
        ("a date that is no date", |d| {
            d["document"]["date"] = "13 October 2017".into()
        }),
    ];
    for (what, breaks) in broken {
        let mut d = good.clone();
        breaks(&mut d);
        assert!(!problems(&v, &d).is_empty(), "the schema accepts {what}");
    }
}
