//! The built-in rules are valid, every example a rule carries behaves as
//! the rule says, and the rules written out by `rules dump` load back to the
//! same rule set.

mod common;

use resolute::RuleSet;
use resolute::classify::examples;
use resolute::rules;

#[test]
fn builtin_rules_load() {
    let r = rules::load(None).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.verbs.len() >= 20);
    assert!(r.countries.len() >= 195);
}

#[test]
fn rule_examples_pass() {
    let (failures, count) = examples::check(RuleSet::defaults());
    assert!(count > 80, "only {count} examples");
    assert!(
        failures.is_empty(),
        "{} examples fail:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn dumped_rules_reload_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("rules");
    let (code, out, err) = common::run(&["rules", "dump", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("verbs.yaml"));
    let (code, out, err) = common::run(&["rules", "check", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("examples pass"), "{out}");
    // Dumping again refuses to overwrite.
    let (code, _, err) = common::run(&["rules", "dump", target.to_str().unwrap()]);
    assert_eq!(code, 5, "{err}");
}

#[test]
fn a_broken_rule_file_is_reported_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("actors.yaml"),
        "actors:\n  - id: unodc\n    names: [UNODC]\n    nmes: [typo]\n",
    )
    .unwrap();
    let (code, _, err) = common::run(&["rules", "check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(err.contains("actors.yaml:4"), "{err}");
    assert!(err.contains("nmes"), "{err}");
}

#[test]
fn user_rules_extend_the_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.yaml"),
        "verbs:\n  - id: beseeches\n    description: A plea.\n    strength: urge\n    phrases: [beseeches]\n",
    )
    .unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        "The General Assembly,\n\n1. Beseeches Member States to act.\n",
    )
    .unwrap();
    let (code, out, err) = common::run(&[
        "extract",
        "--rules",
        dir.path().to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["obligations"][0]["strength"], "urge");
    assert_eq!(v["obligations"][0]["actor"], "member-states");
}

#[test]
fn a_rule_is_switched_off_by_its_id_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.yaml"),
        "verbs:\n  - id: invites\n    enabled: false\n",
    )
    .unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        "The General Assembly,\n\n1. Invites Member States to act;\n\n2. Urges Member States to act.\n",
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, err) = common::run(&["extract", "--rules", dir_arg, doc.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let obligations = v["obligations"].as_array().unwrap();
    assert_eq!(obligations.len(), 1, "{out}");
    assert_eq!(obligations[0]["verb"], "urges");
    // Without the rules folder, both paragraphs give an obligation.
    let (_, out, _) = common::run(&["extract", doc.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["obligations"].as_array().unwrap().len(), 2);
}

#[test]
fn a_new_rule_without_its_strength_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.yaml"),
        "verbs:\n  - id: entreats\n    phrases: [entreats]\n",
    )
    .unwrap();
    let (code, _, err) = common::run(&["rules", "check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(err.contains("verbs.yaml:2"), "{err}");
    assert!(err.contains("entreats"), "{err}");
    assert!(err.contains("missing field `strength`"), "{err}");
}

#[test]
fn an_act_needs_the_body_as_its_actor() {
    rejected(
        "verbs:\n  - id: sets-up\n    phrases: [sets up]\n    act: set up\n    strength: binding\n",
        "verbs.yaml:2",
        "`act` needs `self: true`",
    );
}

#[test]
fn a_verb_phrase_of_two_rules_or_of_no_word_is_an_error() {
    // The same words in another case and spacing are the same phrase.
    rejected(
        "verbs:\n  - id: entreats\n    phrases: [entreats earnestly]\n    strength: binding\n  - id: beseeches\n    phrases: [beseeches, 'Entreats  Earnestly']\n    strength: binding\n",
        "verbs.yaml:5",
        "phrase \"Entreats  Earnestly\" of `phrases` is also in rule `entreats`",
    );
    rejected(
        "verbs:\n  - id: entreats\n    phrases: [entreats]\n    first_person: ['  ']\n    strength: binding\n",
        "verbs.yaml:2",
        "empty phrase in `first_person`",
    );
}

#[test]
fn a_rule_id_given_twice_is_an_error() {
    rejected(
        "verbs:\n  - id: entreats\n    phrases: [entreats]\n    strength: binding\n  - id: entreats\n    phrases: [beseeches]\n    strength: binding\n",
        "verbs.yaml:5",
        "duplicate rule id",
    );
}

/// `rules check` of a folder holding `verbs.yaml` fails on it, naming
/// `place` and saying `message`.
fn rejected(verbs: &str, place: &str, message: &str) {
    let (code, _, err) = check_folder(&[("verbs.yaml", verbs)]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(place), "{err}");
    assert!(err.contains(message), "{err}");
}

/// Runs `rules check` on a folder holding these files.
fn check_folder(files: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    common::run(&["rules", "check", dir.path().to_str().unwrap()])
}

#[test]
fn a_yaml_error_gives_its_place_once() {
    let (code, _, err) = check_folder(&[("verbs.yaml", "verbs:\n  - id: x\n   bad: [\n")]);
    assert_eq!(code, 3);
    assert!(err.contains("verbs.yaml:3:4: "), "{err}");
    assert!(!err.contains("line 3"), "{err}");
}

#[test]
fn a_pattern_too_large_is_named_not_echoed() {
    let words: Vec<String> = (0..200_000).map(|i| format!("w{i:06}")).collect();
    let file = format!(
        "qualifiers:\n  - id: big\n    kind: discretion\n    description: x\n    patterns:\n      - '(?:{})'\n",
        words.join("|")
    );
    let (code, _, err) = check_folder(&[("qualifiers.yaml", &file)]);
    assert_eq!(code, 3);
    assert!(err.contains("qualifiers.yaml:2: rule `big`"), "{err}");
    assert!(err.contains("too large"), "{err}");
    assert!(err.len() < 400, "{} bytes: {}", err.len(), &err[..400]);
}

#[test]
fn a_failing_example_says_what_was_found_in_words() {
    let (code, out, err) = check_folder(&[
        (
            "verbs.yaml",
            "verbs:\n  - id: urges\n    description: x\n    phrases: [urges]\n    strength: urge\n    examples:\n      match: [\"Notes the report\", \"x\"]\n",
        ),
        (
            "actors.yaml",
            "actors:\n  - id: unodc\n    description: x\n    names: [UNODC]\n    examples:\n      match: [\"nobody at all\"]\n",
        ),
    ]);
    assert_ne!(code, 0, "{out}");
    let all = format!("{out}{err}");
    assert!(all.contains("no clause is found"), "{all}");
    assert!(all.contains("the first clause is read by `verbs/"), "{all}");
    assert!(all.contains("resolves to no actor"), "{all}");
    assert!(!all.contains("None") && !all.contains("Some("), "{all}");
}

#[test]
fn files_a_rules_folder_cannot_use_are_named() {
    let (code, _, err) =
        check_folder(&[("verbs.yaml", "# nothing yet\n"), ("notes.txt", "my notes")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("notes.txt: not a rule file"), "{err}");
    assert!(err.contains("verbs.yaml: holds no rules"), "{err}");
}

/// Extracts `doc` with the built-in rules, then with a rules folder whose
/// `language.yaml` adds `word` to the list `list`; gives the two JSON
/// outputs, the file and the rules folder (kept alive by the temp dir).
fn with_a_language_word(
    doc: &str,
    list: &str,
    word: &str,
) -> (String, String, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resolution.txt");
    std::fs::write(&file, doc).unwrap();
    let file = file.to_str().unwrap().to_string();
    let (code, before, err) = common::run(&["extract", &file]);
    assert_eq!(code, 0, "{err}");
    let lang = &RuleSet::defaults().language;
    let words = match list {
        "statement_verbs" => &lang.statement_verbs,
        "to_prepositions" => &lang.to_prepositions,
        other => panic!("no list {other} in this test"),
    };
    let mut words: Vec<&str> = words.iter().collect();
    words.push(word);
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("language.yaml"),
        format!("{list}: [{}]\n", words.join(", ")),
    )
    .unwrap();
    let rules = rules.to_str().unwrap().to_string();
    let (code, after, err) = common::run(&["extract", &file, "--rules", &rules]);
    assert_eq!(code, 0, "{err}");
    (before, after, file, rules, dir)
}

#[test]
fn a_word_added_to_the_language_file_changes_extraction() {
    // "becomes" is no statement verb by default: the clause reads as an ask.
    let (before, after, ..) = with_a_language_word(
        "The General Assembly,\n\n1. Decides that the Committee becomes responsible for the review;\n",
        "statement_verbs",
        "becomes",
    );
    assert!(
        before.contains("\"action\": \"becomes responsible"),
        "{before}"
    );
    assert!(after.contains("\"obligations\": []"), "{after}");
}

#[test]
fn a_preposition_added_after_to_moves_the_action_and_explain_names_the_list() {
    // "to regional organizations": "regional" is no word of
    // `to_prepositions`, so "to regional" reads as the start of the action.
    let (before, after, file, rules, _dir) = with_a_language_word(
        "The General Assembly,\n\n1. Requests the Office to regional organizations to provide support;\n",
        "to_prepositions",
        "regional",
    );
    assert!(
        before.contains("\"action\": \"regional organizations to provide support\""),
        "{before}"
    );
    assert!(after.contains("\"action\": \"provide support\""), "{after}");
    let (code, text, err) = common::run(&[
        "extract",
        &file,
        "--rules",
        &rules,
        "--format",
        "text",
        "--explain",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("\"to regional\" a preposition (language/to_prepositions)"),
        "{text}"
    );
}

#[test]
fn a_bad_language_file_names_the_list() {
    let (code, _, err) = check_folder(&[("language.yaml", "modals: []\n")]);
    assert_eq!(code, 3);
    assert!(
        err.contains("language.yaml") && err.contains("`modals`"),
        "{err}"
    );
    let (code, _, err) = check_folder(&[("language.yaml", "modal: [can]\n")]);
    assert_eq!(code, 3);
    assert!(
        err.contains("language.yaml:1:1") && err.contains("modal"),
        "{err}"
    );
    let (code, _, err) = check_folder(&[("language.yaml", "months: [january]\n")]);
    assert_eq!(code, 3);
    assert!(err.contains("12 months"), "{err}");
}

#[test]
fn a_named_body_whose_entity_id_is_taken_is_named() {
    let (code, _, err) = check_folder(&[(
        "actors.yaml",
        "named_bodies:\n  - {name: Board of Tea Tasting}\n  - {id: unodc, name: United Nations Tea Office}\n",
    )]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("actors.yaml:3"), "{err}");
    assert!(err.contains("\"unodc\""), "{err}");
}

#[test]
fn a_named_body_added_by_a_user_gets_its_checklist() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("actors.yaml"),
        "named_bodies:\n  - {id: tea-board, name: Board of Tea Tasting, anaphora: [the Board]}\n",
    )
    .unwrap();
    let doc = dir.path().join("r.txt");
    std::fs::write(
        &doc,
        "The General Assembly,\n\n1. Welcomes the work of the Board of Tea Tasting;\n\n2. Requests the Board to report on its tastings;\n",
    )
    .unwrap();
    let (code, out, err) = common::run(&[
        "checklist",
        "--rules",
        dir.path().to_str().unwrap(),
        "--actor",
        "tea-board",
        "--format",
        "json",
        doc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["actor"]["name"], "Board of Tea Tasting");
    assert_eq!(c["items"].as_array().unwrap().len(), 1, "{out}");
    assert_eq!(c["items"][0]["entity"], "tea-board");
}

#[test]
fn user_rules_add_a_declarations_first_person_verb() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.yaml"),
        "verbs:\n  - id: beseeches\n    description: A plea.\n    strength: urge\n    phrases: [beseeches]\n    first_person: [beseech]\n",
    )
    .unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        "The General Assembly\n\nAdopts the following Declaration:\n\n1. We beseech Member States to act.\n",
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, err) = common::run(&["extract", "--rules", dir_arg, doc.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["obligations"][0]["id"], "adopted.p1.1.member-states");
    assert_eq!(v["obligations"][0]["strength"], "urge");
    assert_eq!(v["obligations"][0]["annex"], "adopted text");
    // Without the rule, "beseech" asks nothing.
    let (_, out, _) = common::run(&["extract", doc.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["obligations"].as_array().unwrap().len(), 0, "{out}");
}

#[test]
fn a_first_person_phrase_in_two_rules_is_named() {
    let (code, _, err) = check_folder(&[(
        "verbs.yaml",
        "verbs:\n  - id: asks-kindly\n    description: A request.\n    strength: mandate\n    phrases: [asks kindly]\n    first_person: [request]\n",
    )]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("verbs.yaml"), "{err}");
    assert!(err.contains("`first_person`"), "{err}");
    assert!(err.contains("request"), "{err}");
}
