//! Word input: typed and automatic paragraph numbers (own and from the
//! style), footnotes in order of reference, tracked changes accepted or
//! not, and bad files refused by name. Each case builds its `.docx`.

mod common;

use std::io::Write;

use resolute::docx::Tracked;
use resolute::source::{InputError, Source};
use resolute::{Options, RuleSet};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A `.docx` with `body` as the content of `w:body`, and the other parts
/// given (`styles`, `numbering`, `footnotes`: contents of their root).
#[derive(Default)]
struct Docx {
    body: String,
    styles: Option<String>,
    numbering: Option<String>,
    footnotes: Option<String>,
}

impl Docx {
    fn paragraph(mut self, xml: &str) -> Docx {
        self.body.push_str(&format!("<w:p>{xml}</w:p>"));
        self
    }

    /// A paragraph of plain text runs (`\t` a tab).
    fn text(self, text: &str) -> Docx {
        let runs: Vec<String> = text.split('\t').map(run).collect();
        self.paragraph(&runs.join("<w:r><w:tab/></w:r>"))
    }

    fn bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut add = |name: &str, root: &str, inner: &str| {
            zip.start_file(name, opts).unwrap();
            write!(
                zip,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:{root} xmlns:w=\"{W}\">{inner}</w:{root}>"
            )
            .unwrap();
        };
        add(
            "word/document.xml",
            "document",
            &format!("<w:body>{}</w:body>", self.body),
        );
        if let Some(s) = &self.styles {
            add("word/styles.xml", "styles", s);
        }
        if let Some(n) = &self.numbering {
            add("word/numbering.xml", "numbering", n);
        }
        if let Some(f) = &self.footnotes {
            add("word/footnotes.xml", "footnotes", f);
        }
        zip.finish().unwrap().into_inner()
    }
}

fn run(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r>")
}

fn read(d: &Docx, tracked: Tracked) -> Source {
    Source::from_bytes_tracked("draft.docx".into(), d.bytes(), 16 << 20, tracked)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn opening() -> Docx {
    Docx::default()
        .text("The General Assembly,")
        .text("Recalling its resolution 72/196,")
}

/// A numbering part: list 1 uses abstract list 0, "%1." decimal at level 0
/// and "(%2)" letters at level 1.
fn numbering() -> String {
    "<w:abstractNum w:abstractNumId=\"0\">\
       <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
       <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>\
     </w:abstractNum>\
     <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
        .into()
}

fn numbered(level: usize, text: &str) -> String {
    format!(
        "<w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{}",
        run(text)
    )
}

#[test]
fn typed_numbers_with_a_tab_are_read() {
    let d = opening()
        .text("1.\tRequests the Secretary-General to submit a report;")
        .text("2.\tUrges Member States to act;");
    let src = read(&d, Tracked::Accept);
    assert!(
        src.text.contains("\n\n1.\tRequests the Secretary-General"),
        "{}",
        src.text
    );
    let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let numbers: Vec<u32> = doc.operative.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(doc.obligations.len(), 2);
}

#[test]
fn automatic_numbers_are_counted_per_level() {
    let mut d = opening();
    d.numbering = Some(numbering());
    let d = d
        .paragraph(&numbered(
            0,
            "Requests the Secretary-General to submit a report;",
        ))
        .paragraph(&numbered(0, "Decides that all States shall:"))
        .paragraph(&numbered(1, "Freeze the funds;"))
        .paragraph(&numbered(1, "Report to the Committee;"))
        .paragraph(&numbered(0, "Urges Member States to act;"));
    let src = read(&d, Tracked::Accept);
    for line in [
        "1.\tRequests",
        "2.\tDecides",
        "(a)\tFreeze",
        "(b)\tReport",
        "3.\tUrges",
    ] {
        assert!(
            src.text.contains(&format!("\n{line}")),
            "{line}: {}",
            src.text
        );
    }
    let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let numbers: Vec<u32> = doc.operative.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(doc.operative[1].subparagraphs.len(), 2);
}

#[test]
fn numbering_inherited_from_the_paragraph_style_is_counted() {
    let mut d = opening();
    d.numbering = Some(numbering());
    // "OperativePara" is based on "ListPara", which carries list 1.
    d.styles = Some(
        "<w:style w:type=\"paragraph\" w:styleId=\"ListPara\"><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"OperativePara\"><w:basedOn w:val=\"ListPara\"/></w:style>"
            .into(),
    );
    let styled = |t: &str| {
        format!(
            "<w:pPr><w:pStyle w:val=\"OperativePara\"/></w:pPr>{}",
            run(t)
        )
    };
    let d = d
        .paragraph(&styled("Requests the Office to assist;"))
        .paragraph(&styled("Invites Member States to contribute;"));
    let src = read(&d, Tracked::Accept);
    assert!(
        src.text.contains("\n1.\tRequests the Office"),
        "{}",
        src.text
    );
    assert!(
        src.text.contains("\n2.\tInvites Member States"),
        "{}",
        src.text
    );
}

#[test]
fn footnotes_are_numbered_in_order_of_reference() {
    let mut d = opening();
    // Word's own ids (7, 3) are not the numbers a reader sees (1, 2).
    d.footnotes = Some(
        "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:id=\"3\"><w:p><w:r><w:t>Resolution 55/25, annex I.</w:t></w:r></w:p></w:footnote>\
         <w:footnote w:id=\"7\"><w:p><w:r><w:t>United Nations, Treaty Series, vol. 2225.</w:t></w:r></w:p></w:footnote>"
            .into(),
    );
    let d = d.paragraph(&format!(
        "{}<w:r><w:footnoteReference w:id=\"7\"/></w:r>{}<w:r><w:footnoteReference w:id=\"3\"/></w:r>{}",
        run("1.\tUrges States to ratify the Convention,"),
        run(" and the Protocols"),
        run(";")
    ));
    let src = read(&d, Tracked::Accept);
    assert!(
        src.text.contains("Convention,¹ and the Protocols²;"),
        "{}",
        src.text
    );
    assert!(
        src.text.contains("_______________\n1 United Nations, Treaty Series, vol. 2225.\n2 Resolution 55/25, annex I.\n"),
        "{}",
        src.text
    );
    let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    assert_eq!(doc.footnotes.len(), 2);
    assert_eq!(
        doc.footnotes[0].text,
        "United Nations, Treaty Series, vol. 2225."
    );
}

#[test]
fn tracked_changes_are_accepted_unless_the_original_is_asked_for() {
    let d = opening().paragraph(&format!(
        "{}<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>Invites</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"A\">{}</w:ins>{}",
        run("1.\t"),
        run("Urges"),
        run(" Member States to act;")
    ));
    let accepted = read(&d, Tracked::Accept);
    assert!(
        accepted.text.contains("1.\tUrges Member States"),
        "{}",
        accepted.text
    );
    assert!(!accepted.text.contains("Invites"), "{}", accepted.text);
    let doc = resolute::extract(&accepted, RuleSet::defaults(), &Options::default()).unwrap();
    assert_eq!(doc.obligations[0].verb, "urges");
    assert!(
        doc.diagnostics.iter().any(|d| d.code == "tracked-changes"),
        "{:?}",
        doc.diagnostics
    );

    let original = read(&d, Tracked::Original);
    assert!(
        original.text.contains("1.\tInvites Member States"),
        "{}",
        original.text
    );
    assert!(!original.text.contains("Urges"), "{}", original.text);

    // From the command line, with --original.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draft.docx");
    std::fs::write(&file, d.bytes()).unwrap();
    let file = file.to_str().unwrap();
    let (code, out, err) = common::run(&["text", file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Urges Member States"), "{out}");
    let (code, out, err) = common::run(&["text", "--original", file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Invites Member States"), "{out}");
    let (code, out, err) = common::run(&["extract", file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"code\": \"tracked-changes\""), "{out}");
}

#[test]
fn bad_word_files_are_refused_by_name() {
    let good = opening().text("1.\tUrges Member States to act;").bytes();
    let read = |bytes: Vec<u8>| Source::from_bytes("draft.docx".into(), bytes, 16 << 20);
    // A zip without a document part.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    let not_word = zip.finish().unwrap().into_inner();
    let err = read(not_word).unwrap_err();
    assert!(matches!(err, InputError::Docx { .. }), "{err}");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
    // Truncated and mutated files: text or a clean error, never a panic.
    let cases = common::damaged(&good, 4, 30, 6, 0x2545_F491_4F6C_DD1D);
    for (i, bytes) in cases.into_iter().enumerate() {
        if let Err(e) = read(bytes) {
            assert!(e.to_string().starts_with("draft.docx: "), "case {i}: {e}");
        }
    }
}
