//! The command line as a user meets it: output formats, errors on bad
//! input (named file and place, non-zero exit, no panic), batches that go
//! on past a bad file, help with examples.

mod common;

use common::run;

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    (dir, p.to_str().unwrap().to_string())
}

#[test]
fn extract_prints_the_json_contract() {
    let (code, out, err) = run(&["extract", common::example().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    for key in [
        "source",
        "body",
        "session",
        "committee",
        "agenda_item",
        "sponsors",
        "kind",
        "date",
        "symbol",
        "title",
    ] {
        assert!(v["document"].get(key).is_some(), "document.{key}");
    }
    let o = &v["obligations"][0];
    for key in [
        "id",
        "paragraph",
        "clause",
        "verb",
        "strength",
        "actor",
        "actor_text",
        "action",
        "qualifiers",
        "condition",
        "deadline",
        "references",
        "span",
    ] {
        assert!(o.get(key).is_some(), "obligations[].{key}");
    }
    assert_eq!(v["document"]["session"], 72);
    assert_eq!(
        v["document"]["sponsors"],
        serde_json::json!(["Hungary", "Italy"])
    );
}

#[test]
fn spans_point_into_the_file_as_given() {
    let path = common::example();
    let text = std::fs::read_to_string(&path).unwrap();
    let (_, out, _) = run(&["extract", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let o = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "op13.1.unodc")
        .expect("op13.1.unodc");
    let (s, e) = (
        o["span"]["start"].as_u64().unwrap() as usize,
        o["span"]["end"].as_u64().unwrap() as usize,
    );
    assert!(
        text[s..e].starts_with("Requests* the United Nations Office on Drugs and Crime"),
        "{}",
        &text[s..e]
    );
    assert!(text[s..e].ends_with("Rule of Law Coordination and Resource Group"));
}

#[test]
fn several_files_give_an_array_and_a_bad_one_does_not_stop_the_others() {
    let (_d, bad) = temp_file("bad.txt", b"\xff\xfe\x00oops");
    let ex = common::example();
    let (code, out, err) = run(&["extract", ex.to_str().unwrap(), &bad, ex.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(err.contains("bad.txt"), "{err}");
}

#[test]
fn bad_inputs_are_named_with_their_place() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "is empty"),
        ("binary.txt", b"abc\0def", "binary"),
        (
            "latin1.txt",
            b"The General Assembly,\n\n1. Requests caf\xe9 to act.\n",
            "line 3, column",
        ),
        (
            "prose.txt",
            b"Hello there.\n\nThis is a letter, not a resolution.\n",
            "no operative paragraphs",
        ),
        ("blank.txt", b"\n  \n\t\n", "only white space"),
    ];
    for (name, bytes, want) in cases {
        let (_d, p) = temp_file(name, bytes);
        let (code, _, err) = run(&["extract", &p]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = run(&["extract", "/no/such/file.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("/no/such/file.txt"), "{err}");
}

#[test]
fn oversized_input_is_refused() {
    let (_d, p) = temp_file("big.txt", &vec![b'a'; 5000]);
    let (code, _, err) = run(&["extract", "--max-bytes", "1000", &p]);
    assert_eq!(code, 1);
    assert!(err.contains("over the limit"), "{err}");
}

#[test]
fn utf16_with_bom_is_decoded() {
    let text = "The General Assembly,\n\n1. Requests the Secretary-General to report.\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (_d, p) = temp_file("utf16.txt", &bytes);
    let (code, out, err) = run(&["extract", &p]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["obligations"][0]["actor"], "secretary-general");
    // The span is in bytes of the UTF-16 file.
    let start = v["obligations"][0]["span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(start, 2 + 2 * text.find("Requests").unwrap());
}

#[test]
fn text_and_yaml_formats() {
    let ex = common::example();
    let (code, out, _) = run(&[
        "extract",
        "--format",
        "text",
        "--explain",
        ex.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("OP 13: requests (mandate)"), "{out}");
    assert!(out.contains("why: verb verbs/requests"), "{out}");
    let (code, out, _) = run(&["extract", "--format", "yaml", ex.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("schema_version: 1"));
}

#[test]
fn eval_reports_and_enforces_a_threshold() {
    let gold = common::data().join("gold");
    let (code, out, err) = run(&["eval", "--gold", gold.to_str().unwrap(), "--min-f1", "0.97"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("overall (5 documents)"), "{out}");
    let (code, _, _) = run(&["eval", "--gold", gold.to_str().unwrap(), "--min-f1", "1.01"]);
    assert_eq!(code, 4);
}

#[test]
fn every_command_explains_itself_with_an_example() {
    for cmd in [
        &["extract", "--help"][..],
        &["eval", "--help"],
        &["rules", "check", "--help"],
        &["rules", "dump", "--help"],
    ] {
        let (code, out, _) = run(cmd);
        assert_eq!(code, 0);
        assert!(out.contains("Example"), "{cmd:?}: {out}");
    }
    let (code, _, err) = run(&["extract"]);
    assert_eq!(code, 2, "{err}");
}
