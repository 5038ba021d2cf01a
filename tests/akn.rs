//! Akoma Ntoso export of every corpus document: well-formed, unique eIds,
//! every `#reference` names an element of the document; and, with
//! xmllint, valid against the Akoma Ntoso 3.0 schema vendored in
//! tests/akn/.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

fn export(path: &Path) -> String {
    let src = Source::read(path, DEFAULT_MAX_BYTES).unwrap();
    let doc =
        extract(&src, RuleSet::defaults(), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    resolute::akn::export(&doc, &src, RuleSet::defaults()).unwrap_or_else(|e| panic!("{e}"))
}

/// (eIds, `#` references, text of the body) of an AKN document.
fn read(xml: &str) -> (Vec<String>, Vec<(String, String)>, String) {
    let mut r = Reader::from_str(xml);
    let (mut eids, mut refs, mut text) = (Vec::new(), Vec::new(), String::new());
    let (mut in_body, mut in_note) = (0, 0);
    loop {
        match r
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}"))
        {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                match e.name().as_ref() {
                    "mainBody" => in_body += 1,
                    "authorialNote" => in_note += 1,
                    _ => {}
                }
                for a in e.attributes() {
                    let a = a.unwrap();
                    let key = a.key.as_ref().to_string();
                    let value = a
                        .normalized_value(XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned();
                    if key == "eId" {
                        eids.push(value);
                    } else {
                        for v in value.split_whitespace().filter(|v| v.starts_with('#')) {
                            refs.push((key.clone(), v[1..].to_string()));
                        }
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "mainBody" => in_body -= 1,
            Event::End(e) if e.name().as_ref() == "authorialNote" => in_note -= 1,
            Event::Text(t) if in_body > 0 && in_note == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_body > 0 && in_note == 0 => {
                let name: &str = r.as_ref();
                text.push(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().ok().flatten().unwrap_or('?'),
                });
            }
            _ => {}
        }
    }
    (eids, refs, text)
}

#[test]
fn every_corpus_document_has_unique_eids_and_resolved_references() {
    let mut checked = 0;
    for path in common::corpus_files() {
        let xml = export(&path);
        let (eids, refs, _) = read(&xml);
        let unique: BTreeSet<&String> = eids.iter().collect();
        assert_eq!(
            unique.len(),
            eids.len(),
            "{}: duplicate eIds",
            path.display()
        );
        for (attr, r) in &refs {
            assert!(
                unique.contains(r),
                "{}: {attr}=\"#{r}\" names no element",
                path.display()
            );
        }
        assert!(
            refs.len() > 3,
            "{}: the references are there",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 170);
}

#[test]
fn reference_document_structure() {
    let xml = export(&common::example());
    let (eids, refs, _) = read(&xml);
    let src = Source::read(&common::example(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    assert!(xml.contains(r#"<statement name="resolution" contains="originalVersion">"#));
    for want in ["para_1", "para_55", "container_60", "formula_1"] {
        assert!(eids.iter().any(|e| e == want), "{want}");
    }
    // 55 operative paragraphs, one eId each.
    assert_eq!(
        eids.iter()
            .filter(|e| e.starts_with("para_") && !e.contains("__"))
            .count(),
        55
    );
    // Every obligation in the analysis, pointing at its paragraph.
    assert_eq!(
        xml.matches("<res:obligation ").count(),
        doc.obligations.len()
    );
    assert!(refs.iter().any(|(a, r)| a == "paragraph" && r == "para_13"));
    // Footnotes as authorial notes, one at each marker (29 footnotes, some
    // cited more than once), each where its marker was.
    let markers = resolute::normalize::normalize(&src.text).markers.len();
    assert_eq!(xml.matches("<authorialNote ").count(), markers);
    assert!(
        xml.contains("thereto,<authorialNote marker=\"1\""),
        "marker after \"thereto,\""
    );
    // Verbs and addressees inline.
    assert!(xml.contains(r##"<inline name="operativeVerb" refersTo="#strength-mandate">Requests</inline> <organization refersTo="#unodc">"##) || xml.contains(r##"refersTo="#strength-mandate">Requests</inline> the <organization refersTo="#unodc">"##), "a request to UNODC marked");
    assert!(xml.contains(r##"<role refersTo="#secretary-general">the Secretary-General</role>"##));
    assert!(xml.contains(r#"<ref href="https://undocs.org/"#));
}

#[test]
fn body_text_is_written_whole() {
    // The text of the main body, marks and notes aside, is the operative
    // text: every paragraph's words in order.
    let path = common::data().join("corpus/A-RES-72-196.txt");
    let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let xml = resolute::akn::export(&doc, &src, RuleSet::defaults()).unwrap();
    let (_, _, text) = read(&xml);
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let body = squash(&text);
    let mut at = 0;
    for p in &doc.operative {
        let w = squash(&p.text);
        let i = body[at..]
            .find(&w)
            .unwrap_or_else(|| panic!("OP {} whole", p.number));
        at += i + w.len();
    }
}

#[test]
#[ignore = "needs xmllint (Debian libxml2-utils); .ci/run runs it"]
fn every_corpus_document_is_valid_akoma_ntoso() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for path in common::corpus_files() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let out = dir.path().join(format!("{name}.xml"));
        std::fs::write(&out, export(&path)).unwrap();
        files.push(out);
    }
    let schema = common::data().join("akn/akomantoso30.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .args(&files)
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let valid = stderr.lines().filter(|l| l.ends_with(" validates")).count();
    assert!(
        out.status.success(),
        "{}",
        &stderr[..stderr.len().min(20_000)]
    );
    assert_eq!(valid, files.len(), "{stderr}");
    println!("{valid} documents valid against {}", schema.display());
}
