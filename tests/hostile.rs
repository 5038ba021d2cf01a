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

/// Runs `f` on a thread with a small stack and fails if it has not ended
/// after a minute: a guard against hangs, far above the milliseconds these
/// inputs take.
fn ends<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || tx.send(f()).ok())
        .expect("a thread");
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("extraction ended")
}

fn one_clause(clause: String) -> resolute::Document {
    ends(move || {
        doc(&format!(
            "The General Assembly,\n\n1.\tRequests {clause};\n"
        ))
    })
}

#[test]
fn unclosed_brackets_and_quotes_are_read_in_one_pass() {
    // Each unclosed "(" once doubled the work of the clause grammar.
    for open in ["(", "[", "“", "\"", "( “"] {
        // Between the addressee and its verb, where the grammar looks for
        // the end of an aside (read up to 400 bytes): 24 of these once took
        // 13 seconds.
        let d = one_clause(format!(
            "the Secretary-General, {}x, to act",
            open.repeat(60)
        ));
        assert_eq!(d.obligations.len(), 1, "{open}");
        assert_eq!(d.obligations[0].actor.as_str(), "secretary-general");
        assert_eq!(d.obligations[0].action, "act");
        // In the action itself.
        let d = one_clause(format!(
            "the Secretary-General to act on {}x",
            open.repeat(2000)
        ));
        assert_eq!(d.obligations.len(), 1, "{open}");
        assert_eq!(d.obligations[0].actor.as_str(), "secretary-general");
        assert!(d.obligations[0].action.starts_with("act on "), "{open}");
    }
}

#[test]
fn deeply_nested_brackets_end() {
    for depth in [198, 50_000] {
        let d = one_clause(format!(
            "the Secretary-General to act on {}x{}",
            "(".repeat(depth),
            ")".repeat(depth)
        ));
        assert_eq!(d.obligations.len(), 1, "depth {depth}");
    }
}

#[test]
fn a_long_chain_of_that_clauses_keeps_every_subject() {
    let n = 15_000;
    let text = format!(
        "The General Assembly,\n\n1.\tDecides that{};\n",
        " and that States shall report".repeat(n)
    );
    let d = ends(move || doc(&text));
    // The first "that" has no subject of its own; each later one does.
    assert!(d.obligations.len() >= n - 1, "{}", d.obligations.len());
    assert!(
        d.obligations
            .iter()
            .all(|o| o.actor.as_str() == "member-states")
    );
}

#[test]
fn an_unnumbered_operative_line_is_read_with_the_paragraph_before_it() {
    // A converter that drops a paragraph number leaves the paragraph on a
    // line of its own.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/ga72-c3-crime-prevention-draft.txt"
    );
    let original = std::fs::read_to_string(path).expect("the reference document");
    let at = original.find("\n6. *Recalls*").expect("paragraph 6") + 1;
    let line = "Requests the Secretary-General to do CONTTEXT by 2020;\n";
    let text = format!("{}{line}{}", &original[..at], &original[at..]);
    let before = doc(&original);
    let d = doc(&text);
    assert_eq!(d.operative.len(), before.operative.len());
    let p5 = d
        .operative
        .iter()
        .find(|p| p.number == 5)
        .expect("paragraph 5");
    assert!(p5.text.ends_with(line.trim_end()), "{}", p5.text);
    let o = d
        .obligations
        .iter()
        .find(|o| o.action.contains("CONTTEXT"))
        .expect("the obligation of the unnumbered line");
    assert_eq!((o.paragraph, o.actor.as_str()), (5, "secretary-general"));
    assert_eq!(o.deadline.as_ref().and_then(|d| d.year), Some(2020));
    assert_eq!(o.span.of(&text), line.trim_end_matches([';', '\n']));
    assert_eq!(d.obligations.len(), before.obligations.len() + 1);
    let notes: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|n| n.code == "unnumbered-paragraph")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", d.diagnostics);
    assert_eq!(notes[0].line, Some(text[..at].lines().count() + 1));
}

#[test]
fn a_heading_between_paragraphs_is_not_paragraph_text() {
    let d = doc("The Security Council,\n\n\
         1. Decides to remain seized of the matter;\n\n\
         Asset freeze\n\n\
         2. Decides that all States shall freeze funds;\n\n\
         the funds of persons listed;\n");
    assert_eq!(
        d.operative[0].text,
        "Decides to remain seized of the matter;"
    );
    assert_eq!(
        d.operative[1].text,
        "Decides that all States shall freeze funds; the funds of persons listed;"
    );
    assert!(
        d.diagnostics
            .iter()
            .all(|n| n.code != "unnumbered-paragraph")
    );
}
