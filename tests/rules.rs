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

#[test]
fn a_word_added_to_the_language_file_changes_extraction() {
    // "becomes" is no statement verb by default: the clause reads as an ask.
    let doc = "The General Assembly,\n\n1. Decides that the Committee becomes responsible for the review;\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("decision.txt");
    std::fs::write(&file, doc).unwrap();
    let file = file.to_str().unwrap();
    let (code, before, err) = common::run(&["extract", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        before.contains("\"action\": \"becomes responsible"),
        "{before}"
    );

    let mut words: Vec<&str> = RuleSet::defaults()
        .language
        .statement_verbs
        .iter()
        .collect();
    words.push("becomes");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("language.yaml"),
        format!("statement_verbs: [{}]\n", words.join(", ")),
    )
    .unwrap();
    let (code, after, err) = common::run(&["extract", file, "--rules", rules.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(after.contains("\"obligations\": []"), "{after}");
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
