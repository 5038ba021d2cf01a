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

/// A registry of the whole corpus, in a folder removed when dropped.
fn corpus_registry() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let corpus = common::data().join("corpus");
    let (code, out) = build(&[corpus.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    (dir, db)
}

/// The one value `sql` selects from the registry `db`.
fn scalar<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
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
    // ...with the obligations extract finds in it, and its whole
    // extraction and text, read back as they were.
    let conn = resolute::registry::open(&db).unwrap();
    let stored = resolute::registry::stored(&conn).unwrap();
    assert_eq!(stored.len(), files.len());
    for f in &files {
        let src = Source::read(f, 16 << 20).unwrap();
        let doc = resolute::extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
        let name = f.display().to_string();
        assert_eq!(
            counts.get(&name).copied(),
            Some(doc.obligations.len() as i64),
            "{name}"
        );
        let back = stored
            .iter()
            .find(|s| s.doc.document.source == name)
            .unwrap_or_else(|| panic!("{name}: not stored"));
        assert!(back.doc == doc, "{name}: the stored extraction differs");
        assert_eq!(back.text, src.text, "{name}");
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
    let (_dir, db) = corpus_registry();
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
        Some(
            "document,date,paragraph,actor,strength,verb,action,deadline,kind,recurs,entity,lineage,annex"
        )
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

#[test]
fn kinds_recurrence_reviews_and_the_summary() {
    let (_dir, db) = corpus_registry();
    let db_arg = db.to_str().unwrap();
    let count = |sql: &str| -> i64 { scalar(&db, sql) };
    let jsonl = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["registry"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "jsonl"]);
        let (code, out, err) = common::run(&all);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    // Every obligation has a kind and a recurrence.
    assert_eq!(
        count("SELECT count(*) FROM obligations WHERE kind IS NULL OR recurs IS NULL"),
        0
    );
    // Report requests: what the query gives is what SQL counts, and each
    // asks for a report, an update, a briefing or information.
    let reports = jsonl(&[
        "query",
        db_arg,
        "--actor",
        "secretary-general",
        "--kind",
        "report",
    ]);
    assert_eq!(
        reports.len() as i64,
        count(
            "SELECT count(*) FROM obligations WHERE kind = 'report' AND 'secretary-general' IN (actor, entity)"
        )
    );
    assert!(reports.len() > 40, "{}", reports.len());
    for r in &reports {
        let a = r["action"].as_str().unwrap().to_lowercase();
        assert!(
            ["report", "update", "brief", "inform"]
                .iter()
                .any(|w| a.contains(w)),
            "{a}"
        );
    }
    // A body's own id selects its entity.
    let iaea = jsonl(&["query", db_arg, "--actor", "iaea"]);
    assert!(iaea.len() >= 5, "{}", iaea.len());
    assert!(
        iaea.iter()
            .all(|r| r["entity"] == "iaea" && r["actor"] == "other")
    );
    // Recurring obligations of documents with no review clause.
    let rec = jsonl(&["query", db_arg, "--recurring", "--no-review"]);
    assert!(!rec.is_empty());
    assert!(
        rec.iter()
            .all(|r| !matches!(r["recurs"].as_str(), Some("one-off" | "open-ended")))
    );
    assert_eq!(
        rec.len() as i64,
        count(
            "SELECT count(*) FROM obligations o JOIN documents d ON d.id = o.document WHERE o.recurs NOT IN ('one-off', 'open-ended') AND d.review IS NULL"
        )
    );
    // The summary adds up.
    let summary = jsonl(&["summary", db_arg]);
    let total = |table: &str, col: &str| -> i64 {
        summary
            .iter()
            .filter(|r| r["table"] == table)
            .map(|r| r[col].as_str().unwrap().parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(
        total("reports_per_session", "reports"),
        count("SELECT count(*) FROM obligations WHERE kind = 'report'")
    );
    assert_eq!(
        total("documents_by_review", "documents"),
        count("SELECT count(*) FROM documents")
    );
    assert_eq!(
        total("recurring_without_review", "obligations"),
        rec.len() as i64
    );
    assert!(count("SELECT count(*) FROM documents WHERE review IS NOT NULL") > 10);
    let (code, md, err) = common::run(&["registry", "summary", db_arg, "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("## Reports requested per session"), "{md}");
    assert!(md.contains("| General Assembly 72 |"), "{md}");
}

/// The tables of schema version 1, as the first registries were made.
const SCHEMA_V1: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, symbol TEXT, body TEXT,
  session INTEGER, date TEXT, year INTEGER, kind TEXT, title TEXT, paragraphs INTEGER NOT NULL, obligations INTEGER NOT NULL);
CREATE TABLE paragraphs (document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, number INTEGER NOT NULL,
  part TEXT, text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
CREATE TABLE obligations (document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
  paragraph INTEGER NOT NULL, part TEXT, subparagraph TEXT, clause INTEGER NOT NULL, verb TEXT NOT NULL, strength TEXT NOT NULL,
  actor TEXT NOT NULL, actor_text TEXT NOT NULL, action TEXT NOT NULL, condition TEXT, deadline TEXT, due TEXT, recurrence TEXT,
  instrument TEXT, page INTEGER, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE qualifiers (document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, obligation TEXT NOT NULL,
  kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE refs (document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, obligation TEXT NOT NULL,
  kind TEXT NOT NULL, text TEXT NOT NULL, target TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
";

#[test]
fn a_version_1_registry_is_upgraded_and_its_documents_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let doc = common::data().join("corpus").join("S-RES-2231-2015.txt");
    let source = doc.display().to_string();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(SCHEMA_V1).unwrap();
        // The file as version 1 stored it: its hash, no kinds.
        let bytes = std::fs::read(&doc).unwrap();
        conn.execute(
            "INSERT INTO documents(source, hash, paragraphs, obligations) VALUES (?1, ?2, 0, 0)",
            rusqlite::params![source, resolute::registry::content_hash(&bytes)],
        )
        .unwrap();
    }
    let (code, out) = build(&[doc.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 added, 1 updated, 0 unchanged"), "{out}");
    let version: String = scalar(&db, "SELECT value FROM meta WHERE key = 'schema_version'");
    assert_eq!(version, resolute::registry::SCHEMA_VERSION.to_string());
    let iaea: i64 = scalar(
        &db,
        "SELECT count(*) FROM obligations WHERE entity = 'iaea' AND kind IS NOT NULL",
    );
    assert_eq!(iaea, 5);
}

#[test]
fn other_rules_read_every_document_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let doc = common::data().join("corpus").join("S-RES-2231-2015.txt");
    let doc_arg = doc.to_str().unwrap();
    let (code, out) = build(&[doc_arg], &db);
    assert_eq!(code, 0, "{out}");
    let (code, out) = build(&[doc_arg], &db);
    assert!(code == 0 && out.contains("1 unchanged"), "{out}");
    // A rules folder that adds a kind of mandate.
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("mandates.yaml"),
        "kinds:\n  - id: verification\n    patterns: ['\\bverification\\b']\n",
    )
    .unwrap();
    let mut kinds = vec!["registry", "build", doc_arg, "-o", db.to_str().unwrap()];
    kinds.extend_from_slice(&["--rules", rules.to_str().unwrap()]);
    let (code, out, err) = common::run(&kinds);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("every file is read again"), "{err}{out}");
    assert!(err.contains("1 updated"), "{err}");
    let n: i64 = scalar(
        &db,
        "SELECT count(*) FROM obligations WHERE kind = 'verification'",
    );
    assert!(n >= 1, "{n}");
}

#[test]
fn series_renewed_obligations_citations_and_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let corpus = common::data().join("corpus");
    let files: Vec<String> = ["A-RES-72-196.txt", "A-RES-78-229.txt", "A-RES-78-223.txt"]
        .iter()
        .map(|f| corpus.join(f).display().to_string())
        .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out) = build(&args, &db);
    assert_eq!(code, 0, "{out}");
    let n = |sql: &str| -> i64 { scalar(&db, sql) };
    // A/RES/72/196 and A/RES/78/229 share a title: one series; 72/196 is
    // first, so its obligations are neither new nor renewed.
    assert_eq!(
        n(
            "SELECT count(DISTINCT series) FROM documents WHERE symbol IN ('A/RES/72/196', 'A/RES/78/229')"
        ),
        1
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM obligations o JOIN documents d ON d.id = o.document WHERE d.symbol = 'A/RES/72/196' AND lineage IS NOT NULL"
        ),
        0
    );
    // In 78/229 every obligation is new or renewed; a renewed one names
    // the obligation of 72/196 it repeats, to the same actor, with an action
    // at least as similar as the threshold.
    assert_eq!(
        n(
            "SELECT count(*) FROM obligations o JOIN documents d ON d.id = o.document WHERE d.symbol = 'A/RES/78/229' AND lineage IS NULL"
        ),
        0
    );
    let renewed = n("SELECT count(*) FROM obligations WHERE lineage = 'renewed'");
    let new = n("SELECT count(*) FROM obligations WHERE lineage = 'new'");
    assert!(renewed > 20 && new > 20, "{renewed} renewed, {new} new");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT o.action, p.action, o.actor, p.actor FROM obligations o
             JOIN documents pd ON pd.symbol = substr(o.renews, 1, instr(o.renews, '#') - 1)
             JOIN obligations p ON p.document = pd.id AND p.id = substr(o.renews, instr(o.renews, '#') + 1)
             WHERE o.lineage = 'renewed'",
        )
        .unwrap();
    let pairs: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        pairs.len() as i64,
        renewed,
        "every renewed obligation names one that exists"
    );
    for (a, b, x, y) in &pairs {
        assert_eq!(x, y);
        assert!(
            resolute::registry::lineage::similarity(a, b) >= resolute::registry::lineage::NEAR,
            "{a} / {b}"
        );
    }
    // Citations: 78/223 recalls resolutions, 70/1 among them.
    assert!(
        n(
            "SELECT count(*) FROM cites c JOIN documents d ON d.id = c.document WHERE d.symbol = 'A/RES/78/223' AND c.symbol = 'A/RES/70/1'"
        ) > 0
    );
    // Overlaps join two documents, one actor, similar enough.
    assert!(n("SELECT count(*) FROM overlaps") > 0);
    assert_eq!(
        n("SELECT count(*) FROM overlaps WHERE document = other_document OR similarity < 0.6"),
        0
    );
    // The query and the summary say it.
    let (code, out, err) = common::run(&[
        "registry",
        "query",
        db.to_str().unwrap(),
        "--lineage",
        "new",
        "--format",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count() as i64, new);
    let (code, out, err) = common::run(&["registry", "summary", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("New and renewed obligations"), "{out}");
}

#[test]
fn the_site_has_a_page_per_actor_document_and_series_and_escapes_text() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in ["A-RES-72-196.txt", "A-RES-78-229.txt"] {
        std::fs::copy(common::data().join("corpus").join(f), docs.join(f)).unwrap();
    }
    std::fs::write(
        docs.join("hostile.txt"),
        "The General Assembly,\n\n1. Requests the Secretary-General to report on <script>alert(1)</script> matters;\n",
    )
    .unwrap();
    let db = dir.path().join("r.sqlite");
    let (code, out) = build(&[docs.to_str().unwrap()], &db);
    assert_eq!(code, 0, "{out}");
    let site = dir.path().join("site");
    let site_arg = site.to_str().unwrap();
    let (code, _, err) = common::run(&["registry", "site", db.to_str().unwrap(), "-o", site_arg]);
    assert_eq!(code, 0, "{err}");
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    let index = read("index.html");
    assert!(index.contains(r#"href="documents/a-res-72-196.html""#));
    assert!(index.contains(r#"href="actors/secretary-general.html""#));
    let page = read("actors/secretary-general.html");
    // Every obligation of the actor, from the three documents.
    let want: i64 = scalar(
        &db,
        "SELECT count(*) FROM obligations WHERE coalesce(entity, actor) = 'secretary-general'",
    );
    assert_eq!(page.matches(r#"<li class="ob""#).count() as i64, want);
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!page.contains("<script>alert"));
    let series = std::fs::read_dir(site.join("series")).unwrap().count();
    assert_eq!(series, 1, "72/196 and 78/229 form one series");
    let doc = read("documents/a-res-78-229.html");
    assert!(
        doc.contains(r#"<a href="../documents/a-res-72-196.html">A/RES/72/196</a>"#),
        "cites link to the registry's page"
    );

    // Written again over the earlier site: replaced whole.
    std::fs::write(site.join("stale.html"), "old").unwrap();
    let (code, _, err) = common::run(&["registry", "site", db.to_str().unwrap(), "-o", site_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(!site.join("stale.html").exists());
    assert!(site.join("index.html").is_file());

    // A folder that is not a site is left alone.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep").unwrap();
    let (code, _, err) = common::run(&[
        "registry",
        "site",
        db.to_str().unwrap(),
        "-o",
        mine.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("not made by resolute"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep"
    );
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".resolute-"))
        .collect();
    assert!(left.is_empty(), "no temporary folder is left behind");
}

#[test]
fn a_checklist_from_the_registry_is_the_checklist_over_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = [
        "A-RES-72-196.txt",
        "S-RES-2231-2015.txt",
        "A-RES-78-229.txt",
    ]
    .iter()
    .map(|f| common::data().join("corpus").join(f).display().to_string())
    .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let db = dir.path().join("r.sqlite");
    let (code, out) = build(&args, &db);
    assert_eq!(code, 0, "{out}");
    let db = db.to_str().unwrap();
    for actor in ["unodc", "member-states", "iaea"] {
        let mut over_files = vec!["checklist", "--actor", actor, "--format", "csv"];
        over_files.extend(&args);
        let (code, want, err) = common::run(&over_files);
        assert_eq!(code, 0, "{err}");
        let (code, got, err) = common::run(&[
            "checklist",
            "--registry",
            db,
            "--actor",
            actor,
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{err}");
        // The same rows; the registry gives them in date order.
        let rows = |s: &str| {
            let mut v: Vec<String> = s.lines().map(str::to_string).collect();
            v.sort();
            v
        };
        assert!(got.lines().count() > 1, "{actor}: {got}");
        assert_eq!(rows(&got), rows(&want), "{actor}");
    }
    // The Markdown names the documents in date order: 2015, 2017, 2023.
    let (code, md, err) = common::run(&["checklist", "--registry", db, "--actor", "member-states"]);
    assert_eq!(code, 0, "{err}");
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s} not in {md}"));
    assert!(at("S/RES/2231") < at("A/RES/72/196") && at("A/RES/72/196") < at("A/RES/78/229"));
    // An actor no document asks anything of, and files with --registry.
    let (code, _, err) = common::run(&["checklist", "--registry", db, "--actor", "unicef"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("no document of the registry asks anything"),
        "{err}"
    );
    let (code, _, err) = common::run(&["checklist", "--registry", db, &files[0]]);
    assert_eq!(code, 2, "{err}");
    // A registry without the stored extractions says to build it again.
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("UPDATE documents SET extraction = NULL", [])
        .unwrap();
    drop(conn);
    let (code, _, err) = common::run(&["checklist", "--registry", db, "--actor", "unodc"]);
    assert_eq!(code, 1);
    assert!(err.contains("build the registry again"), "{err}");
}
