//! Every document of the corpus (and the original texts kept in their
//! source format) extracts without error, its operative
//! paragraphs are numbered 1..N in each part (annexes excluded), no text is
//! lost, every span lies inside its input, and the JSON writer gives
//! serde_json's bytes. Prints the documents with the most warnings.

mod common;

use std::collections::BTreeMap;

use resolute::model::Severity;
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

#[test]
fn whole_corpus_extracts_with_exact_numbering() {
    let rules = RuleSet::defaults();
    let mut problems = Vec::new();
    let mut warnings: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut total_obligations = 0;
    for path in common::corpus_documents() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let src = match Source::read(&path, DEFAULT_MAX_BYTES) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let doc = match extract(&src, rules, &Options::default()) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        total_obligations += doc.obligations.len();
        // Numbering: 1..N without gaps or duplicates, per part.
        let mut parts: BTreeMap<Option<String>, Vec<u32>> = BTreeMap::new();
        for p in &doc.operative {
            parts.entry(p.part.clone()).or_default().push(p.number);
        }
        for (part, numbers) in parts {
            let want: Vec<u32> = (1..=numbers.len() as u32).collect();
            if numbers != want {
                problems.push(format!(
                    "{name} part {part:?}: operative numbers {numbers:?}"
                ));
            }
        }
        // Spans lie inside the input, on character boundaries.
        let len = src.text.len();
        if let Some(s) = common::bad_span(&doc, &src.text) {
            problems.push(format!(
                "{name}: span {s:?} outside the input of {len} bytes"
            ));
        }
        // The JSON writer gives serde_json's bytes, compact and indented.
        let mut ours = Vec::new();
        resolute::json::to_writer(&mut ours, &doc).unwrap();
        if ours != serde_json::to_vec(&doc).unwrap() {
            problems.push(format!("{name}: the JSON differs from serde_json's"));
        }
        ours.clear();
        resolute::json::to_writer_pretty(&mut ours, &doc).unwrap();
        if ours != serde_json::to_vec_pretty(&doc).unwrap() {
            problems.push(format!(
                "{name}: the indented JSON differs from serde_json's"
            ));
        }
        // No text lost: every input byte outside page furniture lands in
        // some paragraph, footnote, header line or annex.
        for d in doc.diagnostics.iter().filter(|d| d.code == "text-lost") {
            problems.push(format!("{name}: line {:?}: {}", d.line, d.message));
        }
        let w: Vec<String> = doc
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        if !w.is_empty() {
            warnings.push((w.len(), name, w));
        }
    }
    warnings.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!("{total_obligations} obligations in the corpus");
    println!("documents with warnings ({}):", warnings.len());
    for (n, name, w) in warnings.iter().take(15) {
        println!("  {name}: {n} warnings, e.g. {}", w[0]);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The words of `text` in lower case, with ’ as ': letters, digits,
/// hyphens and apostrophes.
fn folded_words(text: &str) -> Vec<String> {
    text.replace('’', "'")
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn each_clause_has_the_verb_its_text_opens_with() {
    let mut problems = Vec::new();
    let mut clauses = 0;
    for path in common::corpus_documents() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        for p in &doc.operative {
            for (k, c) in p.clauses.iter().enumerate() {
                clauses += 1;
                if c.index as usize != k + 1 {
                    problems.push(format!("{name} OP {}: clause {} at {k}", p.number, c.index));
                }
                // The verb's words, in order, among the clause's first
                // words (connectives and adverbs may come before and
                // between them); or, for an item with its own subject
                // after "Decides:" ("(a) The Board shall ..."), the verb of
                // the paragraph's first clause.
                let text = &src.text[c.span.start..c.span.end];
                let words = folded_words(text);
                let mut rest = words.iter().take(12);
                let verb = folded_words(&c.verb);
                let read = !verb.is_empty() && verb.iter().all(|v| rest.any(|w| w == v));
                if !read && (k == 0 || c.verb != p.clauses[0].verb) {
                    problems.push(format!(
                        "{name} OP {} clause {}: verb {:?} in {:?}",
                        p.number,
                        c.index,
                        c.verb,
                        text.chars().take(80).collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(clauses > 4000, "{clauses} clauses");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn actions_and_addressee_texts_are_clean_across_the_corpus() {
    let mut problems = Vec::new();
    for path in common::corpus_documents() {
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        for o in &doc.obligations {
            // "States in a position to do so to contribute": the action is
            // to contribute; "States that have not yet established
            // programmes to do so": to establish programmes.
            if o.action.starts_with("do so") {
                problems.push(format!("{}: action {:?}", o.id, o.action));
            }
            let t = o.actor_text.trim_end();
            if t.ends_with(" to") || t.ends_with('(') || t.ends_with(" of") {
                problems.push(format!("{}: actor text {:?}", o.id, o.actor_text));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_document_without_obligations_says_why() {
    let mut silent = Vec::new();
    let mut listed = Vec::new();
    for path in common::corpus_documents() {
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        let said = doc.diagnostics.iter().find(|d| d.code == "no-obligations");
        match (doc.obligations.is_empty(), said) {
            (true, Some(d)) => listed.push(format!("{}: {}", path.display(), d.message)),
            (true, None) => silent.push(path.display().to_string()),
            (false, Some(_)) => silent.push(format!("{} (has obligations)", path.display())),
            (false, None) => {}
        }
    }
    assert!(silent.is_empty(), "{silent:?}");
    // Every corpus document asks something, the declarations and outcome
    // documents included (their asks stand in the text they adopt).
    assert!(listed.is_empty(), "{}", listed.join("\n"));
    // A resolution that only takes note, and adopts a text that asks
    // nothing, says why it gives nothing.
    let text = "The General Assembly,\n\n1. Takes note of the report;\n\n2. Adopts the programme annexed to the present resolution.\n\nAnnex\n\n1. Priority should be given to rural areas.\n";
    let doc = extract(
        &Source::from_text("notes.txt", text.to_string()),
        RuleSet::defaults(),
        &Options::default(),
    )
    .unwrap();
    assert!(doc.obligations.is_empty(), "{:?}", doc.obligations);
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "no-obligations")
        .expect("a no-obligations diagnostic");
    assert!(d.message.contains("ask nothing"), "{}", d.message);
    assert!(d.message.contains("adopts or annexes"), "{}", d.message);
}

/// The asks of one corpus document's adopted text and annexes, as
/// (annex, paragraph, actor, strength).
fn annex_asks(name: &str) -> Vec<(String, u32, String, String)> {
    let path = common::data().join("corpus").join(name);
    let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    doc.obligations
        .into_iter()
        .filter_map(|o| {
            let annex = o.annex?;
            Some((annex, o.paragraph, o.actor.0, o.strength.to_string()))
        })
        .collect()
}

#[test]
fn declarations_and_outcome_documents_give_their_asks() {
    // The eleven documents whose asks all stand in the text they adopt or
    // endorse, each with an ask of another party and, where the adopting
    // States speak ("We commit ...", "We will ..."), their commitments.
    for (name, commitments) in [
        ("A-RES-79-1.txt", true),
        ("A-RES-70-1.txt", true),
        ("A-RES-60-1.txt", true),
        ("A-RES-55-2.txt", true),
        ("A-RES-80-5.txt", true),
        ("A-RES-80-3.txt", true),
        ("A-RES-80-9.txt", true),
        ("A-RES-75-1.txt", true),
        ("A-RES-71-1.txt", true),
        ("A-RES-69-137.txt", false),
        ("E-RES-2013-1.txt", false),
    ] {
        let asks = annex_asks(name);
        let own = asks.iter().filter(|a| a.3 == "commitment").count();
        let others = asks.len() - own;
        assert!(others > 0, "{name}: no ask of another party: {asks:?}");
        assert_eq!(own > 0, commitments, "{name}: {own} commitments");
        assert!(
            asks.iter()
                .filter(|a| a.3 == "commitment")
                .all(|a| a.2 == "member-states"),
            "{name}: a commitment of someone else than the adopting States"
        );
    }
}

#[test]
fn the_pact_for_the_futures_requests_to_the_secretary_general_are_found() {
    // Counted by hand in A/RES/79/1, 19 requests: "request the
    // Secretary-General to" (17 times), "request that the Secretary-General
    // update" (the Pact, para. 78) and "request the Secretary-General keep
    // Member States updated" (para. 78 (c), where the text has no "to").
    let mut found: Vec<(String, u32)> = annex_asks("A-RES-79-1.txt")
        .into_iter()
        .filter(|a| a.2 == "secretary-general" && a.3 == "mandate")
        .map(|a| (a.0, a.1))
        .collect();
    found.sort();
    let mut expected: Vec<(String, u32)> = [34, 41, 42, 48, 57, 63, 63, 74, 77, 78, 78, 81, 82, 83]
        .into_iter()
        .map(|p| ("adopted text".to_string(), p))
        .chain([63, 66, 71, 72].map(|p| ("Annex I".to_string(), p)))
        .chain([("Annex II".to_string(), 32)])
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn obligation_ids_are_unique_in_every_corpus_document() {
    let mut problems = Vec::new();
    for path in common::corpus_documents() {
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for o in &doc.obligations {
            if !seen.insert(o.id.0.as_str()) {
                problems.push(format!("{}: {}", path.display(), o.id.0));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deadlines_are_dated_from_the_adoption_and_the_session_calendars() {
    let read = |name: &str| {
        let path = common::data().join("corpus").join(name);
        let src = Source::read(&path, DEFAULT_MAX_BYTES).unwrap();
        extract(&src, RuleSet::defaults(), &Options::default()).unwrap()
    };
    // S/RES/1373 (2001), adopted on 28 September 2001: States report
    // "no later than 90 days from the date of adoption".
    let doc = read("S-RES-1373-2001.txt");
    assert_eq!(doc.document.date.as_deref(), Some("2001-09-28"));
    let d = doc
        .obligations
        .iter()
        .find_map(|o| o.deadline.as_ref().filter(|d| d.days == Some(90)))
        .expect("the 90-day deadline");
    assert_eq!(d.due.as_deref(), Some("2001-12-27"));
    // A/RES/72/196 asks for a report at the seventy-third session of the
    // General Assembly.
    let doc = read("A-RES-72-196.txt");
    let d = doc
        .obligations
        .iter()
        .find_map(|o| o.deadline.as_ref().filter(|d| d.session == Some(73)))
        .expect("the session deadline");
    assert_eq!(d.session_of.as_deref(), Some("General Assembly"));
    assert_eq!(
        (d.due.as_deref(), d.due_to.as_deref()),
        (Some("2018-09-01"), Some("2019-08-31"))
    );
}
