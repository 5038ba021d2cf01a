//! The mandate registry: counts equal those of `extract`, incremental
//! builds, an interrupted build leaves the previous registry intact, and
//! queries select what they say.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use resolute::{Options, RuleSet, Source};

fn build(files: &[&str], db: &Path) -> (i32, String) {
    let mut args = vec!["registry", "build"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["-o", db.to_str().unwrap()]);
    let (code, out, err) = common::run(&args);
    (code, format!("{out}{err}"))
}

/// Obligations per document source, as the registry holds them.
fn registry_counts(db: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.source, count(o.id), d.obligations FROM documents d LEFT JOIN obligations o ON o.document = d.id GROUP BY d.id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let (source, n, stored): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        assert_eq!(n, stored, "{source}");
        Ok((source, n))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_registry_of_the_corpus_holds_what_extract_finds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite");
    let corpus = common::data().join("corpus");
    let (code, out) = build(&[corpus.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    let counts = registry_counts(&db);
    // Every resolution of the folder (and of its `original` folder) is in
    // the registry...
    let files = common::corpus_documents();
    assert_eq!(counts.len(), files.len(), "{out}");
    // ...with the obligations extract finds in it.
    for f in &files {
        let src = Source::read(f, 16 << 20).unwrap();
        let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        let name = f.display().to_string();
        assert_eq!(
            counts.get(&name).copied(),
            Some(doc.obligations.len() as i64),
            "{name}"
        );
    }
    // Qualifiers and references are there too, tied to their obligations.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM qualifiers q WHERE NOT EXISTS (SELECT 1 FROM obligations o WHERE o.document = q.document AND o.id = q.obligation)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let quals: i64 = conn
        .query_row("SELECT count(*) FROM qualifiers", [], |r| r.get(0))
        .unwrap();
    assert!(quals > 500, "{quals} qualifiers");
}

#[test]
fn a_second_build_reads_only_what_changed_and_drops_what_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let corpus = common::data().join("corpus");
    for name in [
        "A-RES-72-196.txt",
        "A-RES-78-223.txt",
        "S-RES-1373-2001.txt",
    ] {
        std::fs::copy(corpus.join(name), docs.join(name)).unwrap();
    }
    let db = dir.path().join("r.sqlite");
    let docs_arg = docs.to_str().unwrap();
    let (code, out) = build(&[docs_arg], &db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("3 added, 0 updated, 0 unchanged, 0 removed"),
        "{out}"
    );
    let (code, out) = build(&[docs_arg], &db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 added, 0 updated, 3 unchanged, 0 removed; 0 obligations"),
        "{out}"
    );

    // One file changed (a paragraph added), one gone.
    let path = docs.join("A-RES-78-223.txt");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n25. Requests the Secretary-General to report on this resolution;\n");
    std::fs::write(&path, text).unwrap();
    std::fs::remove_file(docs.join("S-RES-1373-2001.txt")).unwrap();
    let before = registry_counts(&db);
    let (code, out) = build(&[docs_arg], &db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 added, 1 updated, 1 unchanged, 1 removed"),
        "{out}"
    );
    let after = registry_counts(&db);
    assert_eq!(after.len(), 2);
    let key = path.display().to_string();
    assert_eq!(after[&key], before[&key] + 1);
}

#[test]
fn an_interrupted_build_leaves_the_previous_registry_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let corpus = common::data().join("corpus");
    let one = corpus.join("A-RES-72-196.txt");
    let (code, out) = build(&[one.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    let small = registry_counts(&db);
    // Builds of the whole corpus killed at growing delays: each time the
    // registry opens, passes SQLite's integrity check and holds either the
    // previous build or the whole new one, never a part.
    let mut interrupted = 0;
    for delay_ms in [50u64, 150, 300, 600, 1000, 1500, 2500] {
        std::fs::remove_file(&db).ok();
        build(&[one.to_str().unwrap()], &db);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
            .args(["registry", "build", corpus.to_str().unwrap(), "-o"])
            .arg(&db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        drop(conn);
        let counts = registry_counts(&db);
        assert!(
            counts == small || counts.len() > 170,
            "after {delay_ms} ms: {} documents",
            counts.len()
        );
    }
    assert!(interrupted > 0, "no build was interrupted");
}

#[test]
fn queries_select_by_actor_body_year_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let corpus = common::data().join("corpus");
    let (code, out) = build(&[corpus.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    let db_arg = db.to_str().unwrap();
    let (code, out, err) = common::run(&[
        "registry", "query", db_arg, "--actor", "unodc", "--since", "2015", "--format", "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() > 20, "{} rows", rows.len());
    for r in &rows {
        assert_eq!(r["actor"], "unodc");
        let year: i64 = r["date"].as_str().unwrap()[..4].parse().unwrap();
        assert!(year >= 2015, "{r}");
    }
    // The same count by plain SQL.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM obligations o JOIN documents d ON d.id = o.document WHERE o.actor = 'unodc' AND d.year >= 2015",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows.len() as i64, n);

    let (code, out, err) = common::run(&[
        "registry",
        "query",
        db_arg,
        "--body",
        "security council",
        "--text",
        "report",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("document,date,paragraph,actor,strength,verb,action,deadline")
    );
    let body: Vec<&str> = lines.collect();
    assert!(!body.is_empty());
    assert!(body.iter().all(|l| l.starts_with("S/RES/")), "{out}");
}

#[test]
fn a_registry_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');",
    )
    .unwrap();
    drop(conn);
    let (code, _, err) = common::run(&["registry", "query", db.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("schema version 99"), "{err}");
    let (code, _, err) = common::run(&["registry", "query", "/nonexistent/r.sqlite"]);
    assert_ne!(code, 0);
    assert!(err.contains("no such registry file"), "{err}");
}
