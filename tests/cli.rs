//! The command line as a user meets it: output formats, errors on bad
//! input (named file and place, non-zero exit, no panic), batches that go
//! on past a bad file, help with examples.

mod common;

use common::{run, run_with_stdin};

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
    // Field by field.
    assert!(out.contains("fields: action start"), "{out}");
    assert!(out.contains("rows right in every field"), "{out}");
    let g = gold.to_str().unwrap();
    let (code, _, _) = run(&["eval", "--gold", g, "--min-field", "0", "--min-rows", "0"]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&["eval", "--gold", g, "--min-field", "1.01"]);
    assert_eq!(code, 4);
    assert!(
        err.contains("action start") && err.contains("under the threshold"),
        "{err}"
    );
    let (code, _, err) = run(&["eval", "--gold", g, "--min-rows", "1.01"]);
    assert_eq!(code, 4);
    assert!(err.contains("rows right in every field"), "{err}");
}

#[test]
fn eval_sets_disputed_annotations_aside_and_fails_on_a_stale_dispute() {
    let gold = common::data().join("gold");
    let g = gold.to_str().unwrap();
    let disputes = common::data().join("disputes.yaml");
    let d = disputes.to_str().unwrap();
    let (code, out, err) = run(&[
        "eval",
        "--gold",
        g,
        "--disputes",
        d,
        "--min-field",
        "0.97",
        "--min-rows",
        "0.97",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // Both ways: every wrong field counted, then the disputed ones set aside.
    assert!(out.contains("\nfields: action start"), "{out}");
    assert!(
        out.contains("disputed annotations of tests/disputes.yaml set aside: fields:"),
        "{out}"
    );
    assert!(
        out.contains("  disputed OP  42 member-states") && !out.contains("  field   OP  42"),
        "{out}"
    );
    // The same thresholds fail on the figures with every field counted.
    let (code, _, err) = run(&["eval", "--gold", g, "--min-field", "0.97"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("qualifier kinds"), "{err}");

    // A dispute that matches no wrong field fails the run.
    let (_dir, stale) = temp_file(
        "disputes.yaml",
        br#"- {document: A-RES-72-196.txt, para: 25, actor: secretary-general,
   field: qualifier kinds, gold: "", extracted: discretion, reason: "made up"}
"#,
    );
    let (code, _, err) = run(&["eval", "--gold", g, "--disputes", &stale]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("A-RES-72-196.txt para. 25") && err.contains("no longer matches"),
        "{err}"
    );

    // A dispute without a reason, or of a field eval does not score, is
    // refused with the file named.
    for (body, says) in [
        (
            &br#"- {document: a.txt, para: 1, actor: x, field: qualifier kinds, gold: "", extracted: "", reason: " "}"#[..],
            "no reason given",
        ),
        (
            br#"- {document: a.txt, para: 1, actor: x, field: colour, gold: "", extracted: "", reason: "r"}"#,
            "unknown field \"colour\"",
        ),
    ] {
        let (_dir, bad) = temp_file("bad.yaml", body);
        let (code, _, err) = run(&["eval", "--gold", g, "--disputes", &bad]);
        assert_ne!(code, 0);
        assert!(err.contains("bad.yaml") && err.contains(says), "{err}");
    }
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

/// A folder with two resolutions, a README and notes, as users keep them.
fn folder_with_notes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ex = std::fs::read(common::example()).unwrap();
    std::fs::write(dir.path().join("a.txt"), &ex).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.md"), &ex).unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "# My resolutions\n\nDownloaded from the UN documents system.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "").unwrap();
    std::fs::write(dir.path().join("index.tsv"), "a\tb\n").unwrap();
    dir
}

#[test]
fn folder_walks_skip_files_that_are_not_resolutions() {
    let dir = folder_with_notes();
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["extract", "--format", "jsonl", d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "a.txt and sub/b.md");
    assert!(
        err.contains("note: skipped") && err.contains("README.md") && err.contains("notes.txt"),
        "{err}"
    );
    assert!(
        !err.contains("index.tsv"),
        "not a document extension: {err}"
    );
    let (code, out, err) = run(&["check", d]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 documents checked: 0 with problems") && out.contains("2 files skipped"),
        "{out}"
    );
    // --quiet silences the notes, not the results.
    let (code, out, err) = run(&["--quiet", "extract", "--format", "jsonl", d]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);
    assert_eq!(err, "", "nothing on standard error with --quiet");
    // Named explicitly, the same file fails.
    let readme = dir.path().join("README.md");
    let (code, _, err) = run(&["extract", readme.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error:") && err.contains("README.md"), "{err}");
}

#[test]
fn glob_chooses_the_files_of_a_folder() {
    let dir = folder_with_notes();
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["extract", "--format", "jsonl", "--glob", "*.md", d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().count(),
        1,
        "sub/b.md only (README.md is skipped)"
    );
    assert!(out.contains("b.md"), "{out}");
    let (code, out, _) = run(&[
        "extract", "--format", "jsonl", "-g", "*.txt", "-g", "!notes*", d,
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "a.txt only");
    let (code, _, err) = run(&["extract", "--glob", "*.pdf", d]);
    assert_eq!(code, 1);
    assert!(err.contains("no documents (*.pdf)"), "{err}");
    let (code, _, err) = run(&["extract", "--glob", "[", d]);
    assert_eq!(code, 2, "a bad pattern is a usage error: {err}");
}

#[test]
fn a_symbolic_link_loop_is_walked_once() {
    let dir = folder_with_notes();
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    let (code, out, err) = run(&["extract", "--format", "jsonl", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "each folder once");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = std::fs::read(common::example()).unwrap();
    let (code, out, err) = run_with_stdin(&["extract", "-"], &text);
    assert_eq!(code, 0, "{err}");
    let from_stdin: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (_, out, _) = run(&["extract", common::example().to_str().unwrap()]);
    let from_file: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(from_stdin["obligations"], from_file["obligations"]);
    assert_eq!(from_stdin["document"]["source"], "-");
    let (code, out, err) = run_with_stdin(&["checklist", "--actor", "unodc", "-"], &text);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("United Nations Office on Drugs and Crime"),
        "{out}"
    );
    // The size limit applies to a stream too.
    let (code, _, err) = run_with_stdin(&["extract", "--max-bytes", "1000", "-"], &text);
    assert_eq!(code, 1);
    assert!(err.contains("over the limit of 1000 bytes"), "{err}");
}

#[test]
fn a_device_is_read_only_up_to_the_limit() {
    let (code, _, err) = run(&["extract", "--max-bytes", "100000", "/dev/zero"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/dev/zero") && err.contains("over the limit"),
        "{err}"
    );
}

#[test]
fn completions_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains("checklist") && out.contains("all-actors"),
            "{shell}"
        );
    }
    let (code, _, _) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    let (code, out, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH resolute"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["man", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for page in ["resolute.1", "resolute-extract.1", "resolute-checklist.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let text = std::fs::read_to_string(dir.path().join("resolute-checklist.1")).unwrap();
    assert!(text.contains("all\\-actors"), "{text}");
}

#[test]
fn dumps_refuse_a_folder_with_files_unless_forced() {
    for what in ["rules", "templates"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let mine = dir.path().join("verbs.yaml");
        std::fs::write(&mine, "mine").unwrap();
        let (code, _, err) = run(&[what, "dump", d]);
        assert_eq!(code, 5, "{what}: {err}");
        assert!(
            err.contains("not empty") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing written"
        );
        let (code, out, err) = run(&[what, "dump", "--force", d]);
        assert_eq!(code, 0, "{what}: {err}");
        assert!(out.contains("wrote"), "{out}");
        // Into a new folder, no --force is needed.
        let fresh = dir.path().join("fresh");
        let (code, _, err) = run(&[what, "dump", fresh.to_str().unwrap()]);
        assert_eq!(code, 0, "{what}: {err}");
    }
}

#[test]
fn all_actors_needs_an_output_folder() {
    let ex = common::example();
    let (code, _, err) = run(&["checklist", "--all-actors", ex.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn csv_has_a_document_column_and_excel_gets_a_byte_order_mark() {
    let ex = common::example();
    let ex = ex.to_str().unwrap();
    let (code, out, _) = run(&["checklist", "--format", "csv", ex]);
    assert_eq!(code, 0);
    assert!(out.starts_with("document,item_id,"), "{out}");
    assert!(out.lines().nth(1).unwrap().starts_with(&format!("{ex},op")));
    let (code, out, _) = run(&["checklist", "--format", "csv", "--excel", ex]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("\u{feff}document,"),
        "a UTF-8 byte-order mark"
    );
    // Two actors to standard output: one table.
    let (code, out, _) = run(&[
        "checklist",
        "--format",
        "csv",
        "--actor",
        "unodc",
        "--actor",
        "member-states",
        ex,
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.matches("document,item_id").count(), 1, "{out}");
    assert!(out.contains(",unodc,") && out.contains(",member-states,"));
}

#[test]
fn color_is_chosen_by_the_user() {
    let (_, _, err) = run(&["--color", "always", "extract", "/no/such/file.txt"]);
    assert!(err.contains("\u{1b}["), "colored: {err:?}");
    let (_, _, err) = run(&["--color", "never", "extract", "/no/such/file.txt"]);
    assert!(
        !err.contains('\u{1b}') && err.starts_with("error: "),
        "{err:?}"
    );
    // Not a terminal: no color by default.
    let (_, _, err) = run(&["extract", "/no/such/file.txt"]);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn help_examples_are_whole_lines() {
    // Help is never wrapped: each example is one line that can be pasted.
    let (code, out, _) = run(&["checklist", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.trim()
            == "resolute checklist --profile examples/profile-italy.yaml --format html -o italy.html examples/ga72-c3-crime-prevention-draft.txt"),
        "{out}"
    );
}

fn temps_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".resolute-"))
        .collect()
}

/// A named pipe `name` in `dir`.
fn fifo(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    p
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path(), "slow.txt");
    let out = dir.path().join("out.json");
    // The output's temporary file is made first; then reading the pipe
    // blocks, since nobody writes to it.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args([
            "extract",
            "-o",
            out.to_str().unwrap(),
            fifo.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while temps_in(dir.path()).is_empty() {
        assert!(start.elapsed().as_secs() < 20, "no temporary file appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(128 + libc::SIGTERM));
    assert!(
        temps_in(dir.path()).is_empty(),
        "{:?}",
        temps_in(dir.path())
    );
    assert!(!out.exists());
}

/// `-o` naming a pipe (or a device: `-o /dev/null`) writes into it, which
/// stays a pipe: output files are replaced by a rename, which would put a
/// file in place of the pipe or device.
#[test]
fn output_to_a_pipe_goes_into_the_pipe() {
    use std::io::Read as _;
    use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
    let (_keep, input) = temp_file(
        "r.txt",
        b"The General Assembly,\n\n1. Requests the Secretary-General to report.\n",
    );
    for args in [
        vec!["extract", "--format", "jsonl"],
        vec!["checklist", "--actor", "secretary-general"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let fifo = fifo(dir.path(), "out");
        // A reader that does not wait for the writer.
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        let mut all: Vec<&str> = args.clone();
        all.extend(["-o", fifo.to_str().unwrap(), input.as_str()]);
        let (code, _, err) = run(&all);
        assert_eq!(code, 0, "{args:?}: {err}");
        let mut got = String::new();
        let _ = reader.read_to_string(&mut got);
        assert!(got.contains("report"), "{args:?}: {got:?}");
        assert!(
            std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "{args:?}: the pipe was replaced"
        );
        assert!(temps_in(dir.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn temporary_files_of_dead_runs_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    // No process can have this id (it is over the kernel's largest).
    let dead = dir.path().join(".resolute-4194305-a1b2c3.tmp");
    std::fs::write(&dead, "half a file").unwrap();
    std::fs::create_dir(dir.path().join(".resolute-4194305-d4e5f6.tmp")).unwrap();
    // This test's own process is alive: its files stay.
    let alive = dir
        .path()
        .join(format!(".resolute-{}-x.tmp", std::process::id()));
    std::fs::write(&alive, "in use").unwrap();
    let out = dir.path().join("out.json");
    let (code, _, err) = run(&[
        "extract",
        "-o",
        out.to_str().unwrap(),
        common::example().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.exists());
    let left = temps_in(dir.path());
    assert_eq!(
        left,
        vec![alive.file_name().unwrap().to_str().unwrap().to_string()]
    );
}

#[test]
fn all_actors_replaces_the_set_of_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let ex = common::example();
    let stem = "ga72-c3-crime-prevention-draft";
    // An earlier run made a checklist for an addressee this text does
    // not name; a file of the user's stays.
    let gone = dir.path().join(format!("{stem}.country-iraq.md"));
    std::fs::write(&gone, "old").unwrap();
    let mine = dir.path().join(format!("{stem}.my-notes.md"));
    std::fs::write(&mine, "mine").unwrap();
    let (code, _, err) = run(&["checklist", "--all-actors", "-o", d, ex.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!gone.exists(), "{err}");
    assert!(
        err.contains("removed") && err.contains("country-iraq"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    assert!(dir.path().join("index.md").exists());
    assert!(dir.path().join(format!("{stem}.unodc.md")).exists());
    assert!(temps_in(dir.path()).is_empty());
}
