//! PDF input: official UN PDFs (`tests/pdf/`) read as their text versions
//! are, and bad PDFs refused with a clear error, never a panic or a hang.
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use resolute::source::{InputError, Source};
use resolute::{Document, Options, RuleSet};

fn pdfs() -> Vec<PathBuf> {
    let files = common::files_in(&common::data().join("pdf"), "pdf");
    assert!(files.len() >= 5, "expected the test PDFs, found {files:?}");
    files
}

fn read(path: &Path) -> (Source, Document) {
    let src = Source::read(path, 16 << 20).unwrap_or_else(|e| panic!("{e}"));
    let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (src, doc)
}

/// (paragraph, actor, strength) of each obligation, counted.
fn obligations(doc: &Document) -> BTreeMap<(u32, String, String), usize> {
    let mut m = BTreeMap::new();
    for o in &doc.obligations {
        *m.entry((
            o.paragraph,
            o.actor.to_string(),
            format!("{:?}", o.strength),
        ))
        .or_default() += 1;
    }
    m
}

#[test]
fn a_pdf_gives_the_paragraphs_and_obligations_of_its_text_version() {
    for (pdf, txt) in [
        ("A_RES_78_223.pdf", "A-RES-78-223.txt"),
        ("A_RES_80_1.pdf", "A-RES-80-1.txt"),
    ] {
        let (_, from_pdf) = read(&common::data().join("pdf").join(pdf));
        let (_, from_text) = read(&common::data().join("corpus").join(txt));
        let numbers = |d: &Document| d.operative.iter().map(|p| p.number).collect::<Vec<_>>();
        assert_eq!(numbers(&from_pdf), numbers(&from_text), "{pdf}");
        assert!(!from_pdf.obligations.is_empty(), "{pdf}");
        assert_eq!(obligations(&from_pdf), obligations(&from_text), "{pdf}");
        assert_eq!(from_pdf.document.symbol, from_text.document.symbol, "{pdf}");
        assert_eq!(from_pdf.document.date, from_text.document.date, "{pdf}");
    }
}

#[test]
fn every_test_pdf_reads_cleanly() {
    let glued = regex::Regex::new(r"[a-z][,;]?\d{1,2}\s[a-z]|[a-z]{4}\d{1,2}\b").unwrap();
    for path in pdfs() {
        let name = path.display().to_string();
        let (src, doc) = read(&path);
        // Operative paragraphs numbered 1..N, nothing reported broken.
        let numbers: Vec<u32> = doc.operative.iter().map(|p| p.number).collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "{name}");
        assert!(
            doc.diagnostics
                .iter()
                .all(|d| d.severity != resolute::model::Severity::Warning),
            "{name}: {:?}",
            doc.diagnostics
        );
        // Footnotes are read, and every marker has its definition.
        assert!(!doc.footnotes.is_empty(), "{name}");
        assert!(
            !doc.diagnostics
                .iter()
                .any(|d| d.code.starts_with("footnote")),
            "{name}: {:?}",
            doc.diagnostics
        );
        // No footnote digit glued to a word: "thereto,1 the" or "Corruption5".
        let body = &src.text[..src
            .text
            .find("\n_______________\n")
            .unwrap_or(src.text.len())];
        if let Some(m) = glued.find(body) {
            panic!("{name}: a digit glued to a word: {:?}", m.as_str());
        }
        // No page furniture in the text.
        for furniture in ["(E)", "*25", "Please recycle"] {
            assert!(!body.contains(furniture), "{name}: {furniture}");
        }
        // Each obligation has its page, and its span is in the text.
        assert!(common::bad_span(&doc, &src.text).is_none(), "{name}");
        for o in &doc.obligations {
            let page = o
                .page
                .unwrap_or_else(|| panic!("{name}: {} has no page", o.id));
            assert!(page >= 1 && page as usize <= src.pages.len(), "{name}");
        }
    }
}

#[test]
fn the_page_of_an_obligation_is_where_its_paragraph_stands() {
    let path = common::data().join("pdf").join("A_RES_80_229.pdf");
    let (src, doc) = read(&path);
    assert!(src.pages.len() >= 20, "{} pages", src.pages.len());
    let first = &doc.obligations[0];
    let page = first.page.unwrap() as usize;
    // The clause starts after its page's first byte and before the next
    // page's.
    assert!(src.pages[page - 1] <= first.span.start);
    assert!(
        src.pages
            .get(page)
            .is_none_or(|&next| first.span.start < next)
    );
    // Pages run in order through the document.
    let pages: Vec<u32> = doc.obligations.iter().filter_map(|o| o.page).collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
}

#[test]
fn checklist_of_a_pdf_works_as_for_text() {
    let pdf = common::data().join("pdf").join("A_RES_80_229.pdf");
    let (code, out, err) = common::run(&["checklist", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("A/RES/80/229"), "{out}");
    assert!(out.contains("- [ ]"), "{out}");
    assert!(out.contains("Urges") || out.contains("urges"), "{out}");
    let (code, out, err) = common::run(&["text", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\n3.\tCalls upon all Member States, when appropriate,"),
        "{out}"
    );
}

#[test]
fn a_folder_of_pdfs_is_walked() {
    let dir = common::data().join("pdf");
    let (code, out, err) = common::run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("{} documents checked", pdfs().len())),
        "{out}"
    );
}

// ---- bad PDFs ----------------------------------------------------------

/// A small PDF with one page per entry of `pages`, each showing its lines
/// in Helvetica 10 pt from the top down; `extra` goes into the trailer.
fn build_pdf(pages: &[&[&str]], extra_trailer: &str) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let n = pages.len();
    // 1: catalog, 2: pages, 3: font, then a page and its content per page.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::new();
        for (k, line) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let escaped = line
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!(
                "BT /F1 10 Tf 72 {} Td ({escaped}) Tj ET\n",
                700 - 14 * k
            ));
        }
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {extra_trailer}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn from_bytes(bytes: Vec<u8>) -> Result<Source, InputError> {
    Source::from_bytes("test.pdf".into(), bytes, 16 << 20)
}

#[test]
fn a_built_pdf_reads_as_a_resolution() {
    let pdf = build_pdf(
        &[&[
            "The General Assembly,",
            "",
            "Recalling its resolution 1/1 of",
            "1 January 2000,",
            "",
            "1. Requests the Secretary-General to submit",
            "a report;",
        ]],
        "",
    );
    let src = from_bytes(pdf).unwrap();
    assert!(src.text.contains("The General Assembly,"), "{:?}", src.text);
    let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    assert_eq!(doc.obligations.len(), 1, "{:?}", src.text);
    assert_eq!(doc.obligations[0].page, Some(1));
}

#[test]
fn a_pdf_without_text_is_called_a_scan() {
    let err = from_bytes(build_pdf(&[&[], &[]], "")).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, InputError::PdfNoText { pages: 2, .. }),
        "{message}"
    );
    assert!(
        message.contains("test.pdf") && message.contains("OCR"),
        "{message}"
    );
}

#[test]
fn an_encrypted_pdf_is_refused_by_name() {
    // A standard security handler the reader cannot open without a key.
    let pdf = build_pdf(
        &[&["The General Assembly,"]],
        "/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /OE <00> /UE <00> /P -4 >> /ID [<01> <01>] ",
    );
    let err = from_bytes(pdf).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("test.pdf: "), "{message}");
    assert!(matches!(err, InputError::PdfEncrypted { .. }), "{message}");
}

#[test]
fn truncated_and_mutated_pdfs_give_text_or_a_clean_error() {
    let real = std::fs::read(common::data().join("pdf").join("A_RES_80_1.pdf")).unwrap();
    let built = build_pdf(
        &[&["The General Assembly,", "1. Requests the Office to act;"]],
        "",
    );
    let mut cases = common::damaged(&real, 9, 12, 8, 0x9E37_79B9_7F4A_7C15);
    cases.extend(common::damaged(&built, 9, 12, 8, 0x9E37_79B9_7F4A_7C15));
    for (i, bytes) in cases.into_iter().enumerate() {
        match from_bytes(bytes) {
            Ok(src) => assert!(!src.text.trim().is_empty(), "case {i}"),
            Err(e) => {
                let message = e.to_string();
                assert!(message.starts_with("test.pdf: "), "case {i}: {message}");
            }
        }
    }
}

#[test]
fn a_bad_pdf_in_a_batch_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::data().join("pdf").join("A_RES_80_1.pdf"),
        dir.path().join("good.pdf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.pdf"), b"%PDF-1.7\nnot a pdf at all").unwrap();
    let (code, out, err) =
        common::run(&["extract", "--format", "jsonl", dir.path().to_str().unwrap()]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("bad.pdf: cannot read the PDF"), "{err}");
    assert!(out.contains("A/RES/80/1"), "{out}");
}

#[test]
fn a_draft_pdf_compares_with_its_adopted_pdf() {
    let dir = common::data().join("pdf");
    let (old, new) = (dir.join("A_C.3_80_L.3.pdf"), dir.join("A_RES_80_229.pdf"));
    let (code, out, err) = common::run(&[
        "diff",
        "--format",
        "json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (_, a) = read(&old);
    let (_, b) = read(&new);
    let op = &d["summary"]["operative"];
    assert_eq!(op["old_total"], a.operative.len());
    assert_eq!(op["new_total"], b.operative.len());
    // Every paragraph is accounted for: aligned (same, changed, moved),
    // new or dropped; most of the draft stands in the resolution.
    let n = |k: &str| op[k].as_u64().unwrap() as usize;
    assert_eq!(
        n("same") + n("changed") + n("moved") + n("dropped"),
        a.operative.len()
    );
    assert_eq!(
        n("same") + n("changed") + n("moved") + n("new"),
        b.operative.len()
    );
    assert!(
        n("same") + n("changed") > a.operative.len() * 9 / 10,
        "{op}"
    );
}
