//! Checklists as a user makes them: counts per addressee on the reference
//! document (from tests/gold), national checklists with a profile,
//! escaping of hostile document text, one file per actor with an index,
//! and atomic output. Markdown and CSV output are reviewed snapshots.

mod common;

use common::run;
use resolute::checklist::{self, Profile};
use resolute::render::checklist::{Templates, csv};
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, RuleSet, extract};

fn reference() -> (Source, resolute::Document) {
    let src = Source::read(&common::example(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    (src, doc)
}

fn build(actor: &str, profile: Option<&Profile>) -> checklist::Checklist {
    let (src, doc) = reference();
    checklist::build(&doc, &src.text, actor, RuleSet::defaults(), profile)
}

#[test]
fn counts_per_addressee_match_the_reference_annotation() {
    let ms = build("member-states", None);
    let parties: Vec<_> = ms
        .items
        .iter()
        .filter(|i| i.actor == "states-parties")
        .collect();
    assert_eq!(ms.items.len() - parties.len(), 33);
    assert_eq!(parties.len(), 5);
    for p in &parties {
        let a = p
            .applicability
            .as_ref()
            .expect("states-parties items are marked");
        assert!(a.note.starts_with("Applies if party to"), "{}", a.note);
    }
    for (actor, n) in [
        ("unodc", 15),
        ("secretary-general", 3),
        ("secretariat", 1),
        ("president-of-the-general-assembly", 2),
    ] {
        assert_eq!(build(actor, None).items.len(), n, "{actor}");
    }
}

#[test]
fn items_are_grouped_by_strength_mandates_first() {
    let c = build("unodc", None);
    let order: Vec<_> = c.groups.iter().map(|g| g.strength.as_str()).collect();
    assert_eq!(order, ["mandate", "urge", "encourage"]);
    let op13 = c.items.iter().find(|i| i.id == "op13.1.unodc").unwrap();
    assert_eq!(op13.reference, "OP 13");
    assert!(
        op13.action.starts_with(
            "Continue to provide technical assistance to Member States, upon request,"
        )
    );
    assert!(op13.action.ends_with('.'));
    assert!(op13.qualifiers.iter().any(|q| q.text == "upon request"));
    assert!(
        op13.source
            .starts_with("Requests the United Nations Office on Drugs and Crime")
    );
}

#[test]
fn deadlines_read_as_sessions() {
    let c = build("secretary-general", None);
    let op55 = c.items.iter().find(|i| i.paragraph == 55).unwrap();
    let d = op55.deadline.as_ref().unwrap();
    assert_eq!(d.session, Some(73));
    assert_eq!(
        d.when,
        "73rd session of the General Assembly (2018-09-01 to 2019-08-31)"
    );
}

fn profile(party_to: &str) -> Profile {
    Profile::parse(
        &format!("country: Italy\nparty_to: [{party_to}]\n"),
        "p.yaml",
        RuleSet::defaults(),
    )
    .unwrap()
}

#[test]
fn national_checklist_marks_applicability() {
    // Party to the Convention against Corruption.
    let with = build("member-states", Some(&profile("uncac")));
    let op9 = with
        .items
        .iter()
        .find(|i| i.id == "op9.1.states-parties")
        .unwrap();
    assert_eq!(op9.applicability.as_ref().unwrap().status, "applies");
    // Not party to it.
    let without = build("member-states", Some(&profile("untoc")));
    let op9 = without
        .items
        .iter()
        .find(|i| i.id == "op9.1.states-parties")
        .unwrap();
    let a = op9.applicability.as_ref().unwrap();
    assert_eq!(a.status, "not-applicable");
    assert!(
        a.note
            .contains("United Nations Convention against Corruption"),
        "{}",
        a.note
    );
    // "consider ratifying the Protocol against the Smuggling of Migrants":
    // met for a party to it (and to the Convention it supplements).
    let p = profile("untoc, untoc-smuggling-protocol");
    let c = build("member-states", Some(&p));
    let op32 = c
        .items
        .iter()
        .find(|i| i.id == "op32.1.member-states")
        .unwrap();
    assert_eq!(op32.applicability.as_ref().unwrap().status, "met");
    let c = build("member-states", Some(&profile("uncac")));
    let op32 = c
        .items
        .iter()
        .find(|i| i.id == "op32.1.member-states")
        .unwrap();
    assert_eq!(op32.applicability.as_ref().unwrap().status, "applies");
    assert_eq!(
        c.summary.not_applicable + c.summary.applicable + c.summary.already_met,
        c.items.len()
    );
}

#[test]
fn national_checklist_includes_obligations_addressed_to_the_country() {
    let text = "The Security Council,\n\n1. Demands that Iraq withdraw immediately;\n\n2. Calls upon Member States to assist.\n";
    let src = Source::from_text("t.txt", text);
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let p = Profile::parse("country: Iraq\n", "p.yaml", RuleSet::defaults()).unwrap();
    let c = checklist::build(
        &doc,
        &src.text,
        "member-states",
        RuleSet::defaults(),
        Some(&p),
    );
    let ids: Vec<_> = c.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["op1.1.country:iraq", "op2.1.member-states"]);
    assert_eq!(c.actor.name, "Iraq");
    // Without the profile the Iraq item is not the Member States' business.
    let c = checklist::build(&doc, &src.text, "member-states", RuleSet::defaults(), None);
    assert_eq!(c.items.len(), 1);
}

#[test]
fn profile_statuses_carry_over_by_item_id() {
    let p = Profile::parse(
        "country: Italy\nitems:\n  op12.1.member-states: {status: done, notes: adopted}\n",
        "p.yaml",
        RuleSet::defaults(),
    )
    .unwrap();
    let c = build("member-states", Some(&p));
    let op12 = c
        .items
        .iter()
        .find(|i| i.id == "op12.1.member-states")
        .unwrap();
    assert_eq!(op12.notes.as_deref(), Some("adopted"));
    let md = Templates::load(None)
        .unwrap()
        .render("checklist.md", &c)
        .unwrap();
    assert!(md.contains("- [x] **OP 12**"), "a done item is ticked");
}

const HOSTILE: &str = "The General Assembly,\n\n1. Requests the Secretary-General to report on <script>alert(1)</script> and </textarea> with \"quotes\" | pipes | and *stars* and _under_ [link](javascript:x);\n\n2. Urges Member States to act on <img src=x onerror=\"alert(2)\"> at once;\n";

#[test]
fn hostile_text_is_escaped() {
    let src = Source::from_text("hostile.txt", HOSTILE);
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let t = Templates::load(None).unwrap();
    for actor in ["secretary-general", "member-states"] {
        let c = checklist::build(&doc, &src.text, actor, RuleSet::defaults(), None);
        assert_eq!(c.items.len(), 1, "{actor}");
        let html = t.render("checklist.html", &c).unwrap();
        assert!(
            !html.contains("<script>alert"),
            "no document script in HTML"
        );
        assert!(!html.contains("<img src=x"), "no document tag in HTML");
        // The only closing textarea tags are those of the notes fields.
        assert_eq!(
            html.matches("</textarea>").count(),
            html.matches("<textarea ").count()
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || html.contains("&lt;img src=x")
        );
        let md = t.render("checklist.md", &c).unwrap();
        // Every item stays one list item: no table or list syntax leaks.
        let item_lines = md.lines().filter(|l| l.starts_with("- [")).count();
        assert_eq!(item_lines, 1, "{md}");
        // Every "<" of document text is escaped.
        let bare_lt = md
            .match_indices('<')
            .filter(|&(i, _)| i == 0 || &md[i - 1..i] != "\\")
            .count();
        assert_eq!(bare_lt, 0, "{md}");
        if actor == "secretary-general" {
            assert!(md.contains(r"\| pipes \|"), "{md}");
            assert!(md.contains(r"\_under\_"), "{md}");
        } else {
            assert!(md.contains(r"\<img src=x"), "{md}");
        }
    }
}

#[test]
fn reference_markdown_html_and_csv() {
    let t = Templates::load(None).unwrap();
    for actor in ["member-states", "unodc"] {
        let c = build(actor, None);
        insta::assert_snapshot!(
            format!("checklist_{actor}_md"),
            t.render("checklist.md", &c).unwrap()
        );
        insta::assert_snapshot!(
            format!("checklist_{actor}_html"),
            t.render("checklist.html", &c).unwrap()
        );
        insta::assert_snapshot!(
            format!("checklist_{actor}_csv"),
            csv(std::slice::from_ref(&c), false)
        );
    }
}

#[test]
fn all_actors_write_one_file_each_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lists");
    let (code, _, err) = run(&[
        "checklist",
        "--all-actors",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
        common::example().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(names.contains(&"index.html".to_string()));
    assert!(names.contains(&"ga72-c3-crime-prevention-draft.member-states.html".to_string()));
    assert!(names.contains(&"ga72-c3-crime-prevention-draft.unodc.html".to_string()));
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("ga72-c3-crime-prevention-draft.unodc.html"));
}

#[test]
fn a_failing_render_writes_nothing_and_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    // A template that fails when rendered (an undefined field).
    std::fs::write(templates.join("checklist.md.tera"), "{{ actor.nope }}\n").unwrap();
    let target = dir.path().join("out.md");
    std::fs::write(&target, "previous content\n").unwrap();
    let (code, _, err) = run(&[
        "checklist",
        "--templates",
        templates.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
        common::example().to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("checklist.md"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "previous content\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file is left");
}

#[test]
fn a_broken_template_is_reported_with_its_name_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("checklist.md.tera"),
        "line one\n{% for x in %}\n",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "checklist",
        "--templates",
        dir.path().to_str().unwrap(),
        common::example().to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("checklist.md") && err.contains(":2:"), "{err}");
}

#[test]
fn actors_lists_addressees_with_counts() {
    let (code, out, _) = run(&["actors", common::example().to_str().unwrap()]);
    assert_eq!(code, 0);
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("33") && first.contains("member-states"),
        "{out}"
    );
    assert!(out.contains("other interested parties"), "{out}");
}

#[test]
fn unknown_actor_is_a_usage_error_with_a_suggestion() {
    let ex = common::example();
    let ex = ex.to_str().unwrap();
    let (code, _, err) = run(&["checklist", "--actor", "unicorns", ex]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unicorns"), "{err}");
    assert!(err.contains(&format!("`resolute actors {ex}`")), "{err}");
    // A typo gets the closest id.
    let (code, _, err) = run(&["checklist", "--actor", "unocd", ex]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `unodc`?"), "{err}");
}

#[test]
fn actor_ids_are_case_insensitive() {
    let ex = common::example();
    let ex = ex.to_str().unwrap();
    let (code, lower, err) = run(&["checklist", "--actor", "unodc", ex]);
    assert_eq!(code, 0, "{err}");
    for typed in ["UNODC", "Unodc"] {
        let (code, out, err) = run(&["checklist", "--actor", typed, ex]);
        assert_eq!(code, 0, "{typed}: {err}");
        assert_eq!(out, lower, "{typed}");
    }
}

#[test]
fn a_missing_profile_is_a_configuration_error() {
    let (code, _, err) = run(&[
        "checklist",
        "--profile",
        "no-such-profile.yaml",
        common::example().to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no-such-profile.yaml"), "{err}");
}

#[test]
fn a_profile_error_names_the_file_and_the_line() {
    let text = "country: Italy\nparty_to:\n  - uncac\n  - Treaty of Atlantis\n";
    let e = Profile::parse(text, "italy.yaml", RuleSet::defaults()).unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    assert!(
        e.to_string()
            .starts_with("italy.yaml:4: unknown instrument"),
        "{e}"
    );
    let e = Profile::parse("country: Atlantis\n", "x.yaml", RuleSet::defaults()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.yaml:1: unknown country \"Atlantis\" (see rules/countries.yaml for names and ids)"
    );
}

/// Reads an iCalendar text strictly (RFC 5545): CRLF line ends, folded
/// lines of at most 75 octets, `NAME[;PARAMS]:VALUE` content lines,
/// components that open and close in order. Returns the events' properties.
fn read_ics(text: &str) -> Vec<Vec<(String, String)>> {
    assert!(text.ends_with("\r\n"), "CRLF at the end");
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(
            !raw.contains('\n') && !raw.contains('\r'),
            "bare line break: {raw:?}"
        );
        assert!(raw.len() <= 75, "{} octets: {raw:?}", raw.len());
        match raw.strip_prefix(' ') {
            Some(more) => lines.last_mut().expect("a line to continue").push_str(more),
            None => lines.push(raw.to_string()),
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    for l in lines {
        let (name, value) = l.split_once(':').expect("NAME:VALUE");
        match name {
            "BEGIN" => {
                stack.push(value.to_string());
                if value == "VEVENT" {
                    events.push(Vec::new());
                }
            }
            "END" => assert_eq!(stack.pop().as_deref(), Some(value)),
            _ => {
                assert!(!stack.is_empty(), "a property outside a component");
                if stack.last().map(String::as_str) == Some("VEVENT") {
                    events
                        .last_mut()
                        .unwrap()
                        .push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    events
}

#[test]
fn due_dates_go_to_a_calendar() {
    let (code, out, err) = run(&[
        "checklist",
        "--format",
        "ics",
        "tests/corpus/S-RES-1373-2001.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    let events = read_ics(&out);
    assert!(!events.is_empty());
    let get = |e: &Vec<(String, String)>, k: &str| {
        e.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    // "no later than 90 days from the date of adoption" (28 September 2001).
    let report = events
        .iter()
        .find(|e| get(e, "UID").contains("op6.2.member-states"))
        .expect("the report of OP 6");
    assert_eq!(get(report, "DTSTART;VALUE=DATE"), "20011227");
    assert!(
        get(report, "SUMMARY").starts_with("S/RES/1373 (2001) OP 6: Report to the Committee\\,")
    );
    // Every UID is unique and stable.
    let uids: std::collections::BTreeSet<String> = events.iter().map(|e| get(e, "UID")).collect();
    assert_eq!(uids.len(), events.len());
    let (_, again, _) = run(&[
        "checklist",
        "--format",
        "ics",
        "tests/corpus/S-RES-1373-2001.txt",
    ]);
    assert_eq!(again, out);
}

#[test]
fn keeping_a_matter_on_the_agenda_is_no_checklist_item() {
    let path = "tests/corpus/S-RES-1373-2001.txt";
    let src = Source::read(path.as_ref(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    // The JSON keeps "Decides to remain seized of this matter" ...
    assert!(
        doc.obligations.iter().any(
            |o| o.actor.as_str() == "security-council" && o.action.starts_with("remain seized")
        )
    );
    // ... the Council's checklist does not; its other decision stays.
    let c = checklist::build(&doc, path, "security-council", RuleSet::defaults(), None);
    let actions: Vec<&str> = c.items.iter().map(|i| i.action.as_str()).collect();
    assert!(
        actions.iter().all(|a| !a.starts_with("Remain seized")),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| a.starts_with("Establish")),
        "{actions:?}"
    );
}

#[test]
fn already_met_only_when_ratifying_is_all_that_is_asked() {
    // OP 34 asks to consider ratifying the Trafficking Protocol "as well as
    // to strengthen national efforts ... to protect and assist the
    // victims": a party to the Protocol still has the rest to do.
    let p = profile("untoc, untoc-trafficking-protocol, untoc-smuggling-protocol");
    let c = build("member-states", Some(&p));
    let item = |id: &str| c.items.iter().find(|i| i.id == id).unwrap();
    let op34 = item("op34.3.member-states");
    assert!(
        op34.action.contains("as well as to strengthen"),
        "{}",
        op34.action
    );
    let a = op34.applicability.as_ref().unwrap();
    assert_eq!(a.status, "applies", "{}", a.note);
    assert!(a.note.starts_with("Partly met"), "{}", a.note);
    // OP 32 asks for ratification alone ("to reinforce ..." is its purpose).
    assert_eq!(
        item("op32.1.member-states")
            .applicability
            .as_ref()
            .unwrap()
            .status,
        "met"
    );
    // Every item marked met asks nothing but to ratify.
    for i in c
        .items
        .iter()
        .filter(|i| i.applicability.as_ref().is_some_and(|a| a.status == "met"))
    {
        assert!(!i.action.contains(" and to "), "{}", i.action);
    }
}

fn corpus_checklist(file: &str, actor: &str) -> checklist::Checklist {
    let path = format!("tests/corpus/{file}");
    let src = Source::read(path.as_ref(), DEFAULT_MAX_BYTES).unwrap();
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    checklist::build(&doc, &src.text, actor, RuleSet::defaults(), None)
}

#[test]
fn other_addressees_are_named_on_every_item() {
    let c = corpus_checklist("S-RES-2231-2015.txt", "other");
    assert!(c.items.len() >= 10, "{}", c.items.len());
    for i in &c.items {
        let who = i.addressee.as_deref().unwrap_or_default();
        assert!(!who.is_empty(), "{} names no addressee", i.id);
        assert_eq!(who, i.actor_text);
    }
    // The bodies the rules know carry their own id.
    let entity = |text: &str| {
        c.items
            .iter()
            .find(|i| i.actor_text == text)
            .and_then(|i| i.entity.clone())
    };
    assert_eq!(
        entity("the Director General of the IAEA").as_deref(),
        Some("iaea")
    );
    assert_eq!(
        entity("the Joint Commission").as_deref(),
        Some("jcpoa-joint-commission")
    );
    // "within 30 days of the notification referred to above" is not
    // counted from the adoption.
    let op11 = c.items.iter().find(|i| i.id == "op11.2.other").unwrap();
    let d = op11.deadline.as_ref().unwrap();
    assert_eq!(d.due, None, "{}", d.when);
    assert!(
        d.when.contains("from the event the text names"),
        "{}",
        d.when
    );
    // The summary lists them, and the Markdown names each item's addressee.
    assert!(
        c.summary
            .addressees
            .iter()
            .any(|a| a.text == "the Joint Commission" && a.count >= 4)
    );
    let md = Templates::load(None)
        .unwrap()
        .render("checklist.md", &c)
        .unwrap();
    assert!(
        md.contains("· requests · the Joint Commission: Provide its recommendations"),
        "{md}"
    );
    assert!(
        md.contains("· requests · the Director General of the IAEA: Undertake"),
        "{md}"
    );
    // No two items say the same thing to the same addressee.
    let mut seen = std::collections::HashSet::new();
    for i in &c.items {
        assert!(
            seen.insert((i.paragraph, i.actor_text.clone(), i.action.clone())),
            "{} twice",
            i.id
        );
    }
}

#[test]
fn a_body_of_the_rules_has_a_checklist_of_its_own() {
    let (code, out, err) = run(&[
        "checklist",
        "tests/corpus/S-RES-2231-2015.txt",
        "--actor",
        "IAEA",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["actor"]["id"], "iaea");
    assert_eq!(c["actor"]["name"], "International Atomic Energy Agency");
    let items = c["items"].as_array().unwrap();
    let refs: Vec<&str> = items
        .iter()
        .map(|i| i["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["OP 3", "OP 4", "OP 5", "OP 6", "OP 19"]);
    // "the Committee" of S/RES/1373 is the Counter-Terrorism Committee it
    // establishes.
    let c = corpus_checklist("S-RES-1373-2001.txt", "ctc");
    assert_eq!(c.items.len(), 1);
    assert!(
        c.items[0].action.starts_with("Delineate its tasks"),
        "{}",
        c.items[0].action
    );
}

#[test]
fn two_profiles_of_one_document_have_their_own_storage() {
    let it = build("member-states", Some(&profile("uncac")));
    let fr = build(
        "member-states",
        Some(&Profile::parse("country: France\n", "f.yaml", RuleSet::defaults()).unwrap()),
    );
    let none = build("member-states", None);
    let unodc = build("unodc", None);
    let keys = [
        &it.storage_key,
        &fr.storage_key,
        &none.storage_key,
        &unodc.storage_key,
    ];
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(it.document_key, fr.document_key);
}

#[test]
fn progress_exported_as_csv_is_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("progress.csv");
    std::fs::write(
        &file,
        "id,status,notes\r\nop12.1.member-states,done,\"Adopted, at last; \"\"Law 12\"\"\"\r\nop15.1.member-states,in-progress,'=not a formula\r\n",
    )
    .unwrap();
    let p = Profile::read(&file, RuleSet::defaults()).unwrap();
    let c = build("member-states", Some(&p));
    let item = |id: &str| c.items.iter().find(|i| i.id == id).unwrap();
    assert_eq!(
        item("op12.1.member-states").status,
        Some(checklist::Status::Done)
    );
    assert_eq!(
        item("op12.1.member-states").notes.as_deref(),
        Some("Adopted, at last; \"Law 12\"")
    );
    assert_eq!(
        item("op15.1.member-states").notes.as_deref(),
        Some("=not a formula")
    );
    // A status-only profile names no country: no item is marked for one.
    assert!(c.profile.is_none());
    assert!(c.items.iter().all(|i| {
        i.applicability
            .as_ref()
            .is_none_or(|a| a.status != "met" && a.status != "not-applicable")
    }));
    // A bad status names the line.
    std::fs::write(&file, "id,status\nop12.1.member-states,finished\n").unwrap();
    let e = Profile::read(&file, RuleSet::defaults()).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("finished"), "{}", e.message);
}

#[test]
fn profile_items_no_longer_in_the_checklist_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    std::fs::write(
        &file,
        "country: Italy\nitems:\n  op12.1.member-states: {status: done}\n  op99.1.member-states: {status: done}\n",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "checklist",
        "--profile",
        file.to_str().unwrap(),
        "examples/ga72-c3-crime-prevention-draft.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning:"), "{err}");
    assert!(err.contains("op99.1.member-states"), "{err}");
    assert!(!err.contains("op12.1.member-states"), "{err}");
}

#[test]
fn quotations_leave_footnote_text_out() {
    let c = build("member-states", None);
    let op30 = c.items.iter().find(|i| i.reference == "OP 30").unwrap();
    assert!(
        !op30.source.contains("Resolution 65/229"),
        "{}",
        op30.source
    );
    assert!(
        op30.source.ends_with("shortest appropriate period of time"),
        "{}",
        op30.source
    );
}

#[test]
fn one_checklist_over_several_documents() {
    let files = [
        "tests/corpus/A-RES-72-196.txt",
        "tests/corpus/A-RES-76-188.txt",
        "tests/corpus/S-RES-2231-2015.txt",
    ];
    let mut args = vec!["checklist", "--actor", "unodc", "--format", "json"];
    args.extend_from_slice(&files);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Each document's items are those of its own checklist.
    let docs = c["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "S/RES/2231 asks nothing of UNODC");
    assert_eq!(
        c["asking_nothing"],
        serde_json::json!(["S/RES/2231 (2015)"])
    );
    let mut total = 0;
    for (d, file) in docs.iter().zip(files) {
        let one = corpus_checklist(file.trim_start_matches("tests/corpus/"), "unodc");
        let ids: Vec<&str> = d["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = one.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, want, "{file}");
        total += ids.len();
    }
    assert_eq!(c["summary"]["total"], total);
    // Markdown: a section per document, ids qualified by the document.
    let mut args = vec!["checklist", "--actor", "unodc"];
    args.extend_from_slice(&files);
    let (code, md, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("## A/RES/72/196: "), "{md}");
    assert!(md.contains("## A/RES/76/188: "), "{md}");
    assert!(md.contains("(`A/RES/72/196#op"), "{md}");
    assert_eq!(
        md.matches("\n- [ ] ").count() + md.matches("\n- [x] ").count(),
        total
    );
    // CSV: one table, with the document of each row.
    let mut args = vec!["checklist", "--actor", "unodc", "--format", "csv"];
    args.extend_from_slice(&files);
    let (code, csv_out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = csv_out.lines().skip(1).collect();
    assert_eq!(rows.len(), total);
    assert!(rows.iter().any(|r| r.starts_with("A/RES/76/188,")));
}

#[test]
fn statuses_of_several_documents_are_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.yaml");
    // Both documents have an item op33.2.unodc; only one is done.
    std::fs::write(
        &profile,
        "items:\n  \"A/RES/76/188#op33.2.unodc\": {status: done, notes: only this one}\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "checklist",
        "--actor",
        "unodc",
        "--format",
        "json",
        "--profile",
        profile.to_str().unwrap(),
        "tests/corpus/A-RES-72-196.txt",
        "tests/corpus/A-RES-76-188.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    let done: Vec<(String, String)> = c["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            let key = d["document_key"].as_str().unwrap().to_string();
            d["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["status"] == "done")
                .map(move |i| (key.clone(), i["id"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        done,
        [("A/RES/76/188".to_string(), "op33.2.unodc".to_string())]
    );
}

#[test]
fn a_bad_file_among_several_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let (code, out, err) = run(&[
        "checklist",
        "--actor",
        "unodc",
        bad.to_str().unwrap(),
        "tests/corpus/A-RES-72-196.txt",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.txt"), "{err}");
    assert!(out.contains("## A/RES/72/196"), "{out}");
    // Several actors at once are for one document only.
    let (code, _, err) = run(&[
        "checklist",
        "--actor",
        "unodc",
        "--actor",
        "member-states",
        "tests/corpus/A-RES-72-196.txt",
        "tests/corpus/A-RES-76-188.txt",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("one --actor"), "{err}");
}

#[test]
fn several_documents_markdown_and_csv() {
    // Three documents in the order given; the third asks nothing of UNODC.
    let files = [
        "tests/corpus/S-RES-1904-2009.txt",
        "tests/corpus/A-RES-67-187.txt",
        "tests/corpus/A-RES-70-291.txt",
        "tests/corpus/S-RES-2231-2015.txt",
    ];
    for (format, name) in [("md", "combined_unodc_md"), ("csv", "combined_unodc_csv")] {
        let mut args = vec!["checklist", "--actor", "unodc", "--format", format];
        args.extend_from_slice(&files);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn one_resolution_in_two_files_keeps_item_ids_apart() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::copy("tests/corpus/A-RES-67-187.txt", &a).unwrap();
    std::fs::copy("tests/corpus/A-RES-67-187.txt", &b).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let (code, html, err) = run(&["checklist", "--actor", "unodc", "--format", "html", a, b]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(i, _)| {
            let rest = &html[i + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "every id of the page is unique");
    assert!(
        html.contains(&format!("A/RES/67/187 ({b})#op6.1.unodc")),
        "the second copy's key names its file"
    );
}
