//! `resolute diff` and `resolute extract --format akn` as a user runs them:
//! formats, output files, series of versions, errors.

mod common;

use common::run;

const DRAFT: &str = "tests/corpus/ga72-c3-crime-prevention-draft.txt";
const ADOPTED: &str = "tests/corpus/A-RES-72-196.txt";
const Y2015: &str = "tests/corpus/A-RES-70-182.txt";
const Y2021: &str = "tests/corpus/A-RES-76-188.txt";

#[test]
fn diff_of_a_draft_and_its_resolution_in_each_format() {
    let (code, md, err) = run(&["diff", DRAFT, ADOPTED]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# Changes: "), "{md}");
    assert!(md.contains("A/RES/72/196"), "{md}");
    assert!(md.contains("## Strength drift"), "{md}");

    let (code, json, err) = run(&["diff", "--format", "json", DRAFT, ADOPTED]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["old"]["source"], DRAFT);
    assert_eq!(v["new"]["symbol"], "A/RES/72/196");
    let paragraphs = v["operative"].as_array().expect("operative paragraphs");
    assert!(paragraphs.len() >= 55);

    let (code, html, err) = run(&["diff", "--format", "html", DRAFT, ADOPTED]);
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..200]);
    assert!(!html.contains("<script src"), "self-contained");
}

#[test]
fn diff_writes_its_output_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("changes.md");
    let out = out.to_str().unwrap();
    let (code, printed, err) = run(&["diff", "-o", out, Y2015, Y2021]);
    assert_eq!(code, 0, "{err}");
    assert!(printed.is_empty());
    let written = std::fs::read_to_string(out).unwrap();
    assert!(
        written.starts_with("# Changes: A/RES/70/182 → A/RES/76/188"),
        "{written}"
    );
    // A failing run leaves the file as it was.
    let (code, _, err) = run(&["diff", "-o", out, Y2015, "no-such-file.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("no-such-file.txt"), "{err}");
    assert_eq!(std::fs::read_to_string(out).unwrap(), written);
}

#[test]
fn three_versions_give_the_history_of_each_paragraph() {
    let (code, md, err) = run(&["diff", Y2015, Y2021, ADOPTED]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# History of 3 versions"), "{md}");
    assert!(md.contains("| 1 → 2 |") && md.contains("| 2 → 3 |"), "{md}");
}

#[test]
fn diff_needs_two_versions() {
    let (code, _, err) = run(&["diff", DRAFT]);
    assert_eq!(code, 2, "{err}");
    // Not a resolution: the error names the file.
    let (code, _, err) = run(&["diff", DRAFT, "tests/corpus/SOURCES.md"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("SOURCES.md"), "{err}");
}

#[test]
fn akoma_ntoso_for_one_document_and_for_a_folder() {
    let (code, xml, err) = run(&["extract", "--format", "akn", ADOPTED]);
    assert_eq!(code, 0, "{err}");
    assert!(xml.starts_with("<?xml"), "{}", &xml[..100]);
    assert!(xml.contains("<statement name=\"resolution\""));

    // Several documents are several XML files: a folder is needed.
    let (code, _, err) = run(&["extract", "--format", "akn", DRAFT, ADOPTED]);
    assert_eq!(code, 2);
    assert!(err.contains("-o DIR"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("akn");
    // The same file name in two folders: both kept.
    let twin = dir.path().join("twin");
    std::fs::create_dir(&twin).unwrap();
    std::fs::copy(ADOPTED, twin.join("A-RES-72-196.txt")).unwrap();
    let twin = twin.join("A-RES-72-196.txt");
    let (code, _, err) = run(&[
        "extract",
        "--format",
        "akn",
        "-o",
        out.to_str().unwrap(),
        DRAFT,
        ADOPTED,
        twin.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "A-RES-72-196-2.xml",
            "A-RES-72-196.xml",
            "ga72-c3-crime-prevention-draft.xml"
        ]
    );
    let one = std::fs::read_to_string(out.join("A-RES-72-196.xml")).unwrap();
    assert_eq!(one, xml);
}
