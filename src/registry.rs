//! The mandate registry: extracted documents -> one SQLite database of
//! every obligation across resolutions, years and bodies.
//!
//! [`store`] adds the documents it is given (`registry build` re-reads
//! only those whose content changed, by a hash of their bytes, see
//! [`hashes`]), keeps the unchanged ones and removes those no longer
//! given, all in one transaction: a build that is interrupted leaves the
//! previous registry as it was. [`query`] selects obligations by actor,
//! body, year, strength and text. The schema is [`SCHEMA`]; its version is
//! kept in `meta` and [`open`] upgrades an older registry or refuses a
//! newer one.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::mandate;

pub mod lineage;
pub mod site;
use crate::model::Document;
use crate::rules::RuleSet;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 4;

/// The tables (see the README for what each column holds).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  symbol TEXT,
  body TEXT,
  session INTEGER,
  date TEXT,
  year INTEGER,
  kind TEXT,
  title TEXT,
  paragraphs INTEGER NOT NULL,
  obligations INTEGER NOT NULL,
  review TEXT,
  review_paragraph INTEGER,
  review_text TEXT,
  series TEXT,
  extraction TEXT,
  text TEXT
);
CREATE TABLE IF NOT EXISTS paragraphs (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  part TEXT,
  text TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS obligations (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  paragraph INTEGER NOT NULL,
  part TEXT,
  subparagraph TEXT,
  clause INTEGER NOT NULL,
  verb TEXT NOT NULL,
  strength TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_text TEXT NOT NULL,
  action TEXT NOT NULL,
  condition TEXT,
  deadline TEXT,
  due TEXT,
  recurrence TEXT,
  kind TEXT,
  recurs TEXT,
  entity TEXT,
  lineage TEXT,
  renews TEXT,
  annex TEXT,
  instrument TEXT,
  page INTEGER,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS qualifiers (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  obligation TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cites (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  symbol TEXT NOT NULL,
  part TEXT NOT NULL,
  paragraph INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS overlaps (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  obligation TEXT NOT NULL,
  other_document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  other_obligation TEXT NOT NULL,
  actor TEXT NOT NULL,
  similarity REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS refs (
  document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  obligation TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  target TEXT
);
";

/// The indexes, made once the columns they use exist.
const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS obligations_actor ON obligations(actor);
CREATE INDEX IF NOT EXISTS obligations_entity ON obligations(entity);
CREATE INDEX IF NOT EXISTS obligations_kind ON obligations(kind);
CREATE INDEX IF NOT EXISTS obligations_document ON obligations(document);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document);
CREATE INDEX IF NOT EXISTS qualifiers_document ON qualifiers(document);
CREATE INDEX IF NOT EXISTS refs_document ON refs(document);
CREATE INDEX IF NOT EXISTS cites_document ON cites(document);
CREATE INDEX IF NOT EXISTS cites_symbol ON cites(symbol);
CREATE INDEX IF NOT EXISTS overlaps_document ON overlaps(document);
";

/// Version 1 -> 2: the kind of mandate, its recurrence and entity, and the
/// document's review clause. Their values come from re-reading the files:
/// every document is marked changed, so the next build reads it again.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE documents ADD COLUMN review TEXT;
ALTER TABLE documents ADD COLUMN review_paragraph INTEGER;
ALTER TABLE documents ADD COLUMN review_text TEXT;
ALTER TABLE documents ADD COLUMN series TEXT;
ALTER TABLE obligations ADD COLUMN kind TEXT;
ALTER TABLE obligations ADD COLUMN recurs TEXT;
ALTER TABLE obligations ADD COLUMN entity TEXT;
ALTER TABLE obligations ADD COLUMN lineage TEXT;
ALTER TABLE obligations ADD COLUMN renews TEXT;
UPDATE documents SET hash = '';
";

/// Version 2 -> 3: each document's whole extraction and the text it was
/// read from (for checklists made from the registry); filled by the next
/// build, which reads every document again.
const MIGRATE_2_TO_3: &str = "
ALTER TABLE documents ADD COLUMN extraction TEXT;
ALTER TABLE documents ADD COLUMN text TEXT;
UPDATE documents SET hash = '';
";

/// Version 3 -> 4: the adopted text or annex an obligation stands in (a
/// declaration's asks are read since this version); filled by the next
/// build, which reads every document again.
const MIGRATE_3_TO_4: &str = "
ALTER TABLE obligations ADD COLUMN annex TEXT;
UPDATE documents SET hash = '';
";

/// Why the registry cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{path}: {error}")]
    Sqlite {
        path: String,
        error: rusqlite::Error,
    },
    #[error(
        "{path}: the registry has schema version {found}, newer than this build's {SCHEMA_VERSION}; use a newer resolute"
    )]
    Newer { path: String, found: u32 },
}

/// Opens (or creates) a registry and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection, RegistryError> {
    let name = path.display().to_string();
    let err = |error| RegistryError::Sqlite {
        path: name.clone(),
        error,
    };
    let conn = Connection::open(path).map_err(err)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE;")
        .map_err(err)?;
    conn.execute_batch(SCHEMA).map_err(err)?;
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(err)?;
    let found: u32 = found.and_then(|v| v.parse().ok()).unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(RegistryError::Newer { path: name, found });
    }
    // Version 0 is a registry just created (with every column); an older
    // one is brought up one version at a time.
    if found == 1 {
        conn.execute_batch(&format!("BEGIN; {MIGRATE_1_TO_2} COMMIT;"))
            .map_err(err)?;
    }
    if (1..=2).contains(&found) {
        conn.execute_batch(&format!("BEGIN; {MIGRATE_2_TO_3} COMMIT;"))
            .map_err(err)?;
    }
    if (1..=3).contains(&found) {
        conn.execute_batch(&format!("BEGIN; {MIGRATE_3_TO_4} COMMIT;"))
            .map_err(err)?;
    }
    conn.execute_batch(INDEXES).map_err(err)?;
    if found < SCHEMA_VERSION {
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
            params![SCHEMA_VERSION.to_string()],
        )
        .map_err(err)?;
    }
    Ok(conn)
}

/// A stable hash of a file's bytes (64-bit FNV-1a, in hex): the same bytes
/// give the same hash in every build, so a registry can tell a changed file.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What the registry was built with (`resolute <version>; rules <hash>`),
/// if it says.
pub fn built_with(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = 'built_with'", [], |r| {
        r.get(0)
    })
    .optional()
}

/// The hash a registry holds for each source.
pub fn hashes(conn: &Connection) -> rusqlite::Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT source, hash FROM documents")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// What a build did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildStats {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub obligations: usize,
}

/// One document to store: its source name, content hash, extraction and
/// the text it was read from (what the spans point into).
pub struct Entry {
    pub source: String,
    pub hash: String,
    pub doc: Document,
    pub text: String,
}

/// Stores `entries` (new or changed documents), keeps the `unchanged`
/// sources and removes every other source, in one transaction.
pub fn store(
    conn: &mut Connection,
    entries: &[Entry],
    unchanged: &[String],
    rules: &RuleSet,
    built_with: &str,
) -> rusqlite::Result<BuildStats> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('built_with', ?1)",
        params![built_with],
    )?;
    let mut stats = BuildStats {
        unchanged: unchanged.len(),
        ..BuildStats::default()
    };
    let keep: std::collections::HashSet<&str> = entries
        .iter()
        .map(|e| e.source.as_str())
        .chain(unchanged.iter().map(String::as_str))
        .collect();
    let existing: Vec<String> = {
        let mut stmt = tx.prepare("SELECT source FROM documents")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for source in &existing {
        if !keep.contains(source.as_str()) {
            tx.execute("DELETE FROM documents WHERE source = ?1", params![source])?;
            stats.removed += 1;
        }
    }
    for e in entries {
        let replaced = tx.execute("DELETE FROM documents WHERE source = ?1", params![e.source])?;
        if replaced > 0 {
            stats.updated += 1;
        } else {
            stats.added += 1;
        }
        insert(&tx, e, rules)?;
        stats.obligations += e.doc.obligations.len();
    }
    // What depends on the whole registry (series, renewed obligations,
    // overlaps) is computed again over all of it, when anything changed.
    if stats.added + stats.updated + stats.removed > 0 {
        lineage::relate(&tx)?;
    }
    tx.commit()?;
    Ok(stats)
}

fn insert(tx: &rusqlite::Transaction<'_>, e: &Entry, rules: &RuleSet) -> rusqlite::Result<()> {
    let d = &e.doc.document;
    let year: Option<i64> = d
        .date
        .as_deref()
        .and_then(|s| s.get(..4))
        .and_then(|y| y.parse().ok());
    let review = mandate::review(&e.doc, rules);
    tx.execute(
        "INSERT INTO documents(source, hash, symbol, body, session, date, year, kind, title, paragraphs, obligations,
           review, review_paragraph, review_text, series, extraction, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            e.source,
            e.hash,
            d.symbol,
            d.body,
            d.session,
            d.date,
            year,
            d.kind,
            d.title,
            e.doc.operative.len() as i64,
            e.doc.obligations.len() as i64,
            review.as_ref().map(|r| r.rule.clone()),
            review.as_ref().map(|r| r.paragraph),
            review.as_ref().map(|r| r.text.clone()),
            lineage::series_key(d),
            serde_json::to_string(&e.doc).unwrap_or_default(),
            e.text,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut cite = tx.prepare_cached(
        "INSERT INTO cites(document, symbol, part, paragraph) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (symbol, part, paragraph) in lineage::citations(&e.doc, rules) {
        cite.execute(params![id, symbol, part, paragraph])?;
    }
    let mut para = tx.prepare_cached(
        "INSERT INTO paragraphs(document, number, part, text, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in &e.doc.operative {
        para.execute(params![
            id,
            p.number,
            p.part,
            p.text,
            p.span.start as i64,
            p.span.end as i64
        ])?;
    }
    let mut ob = tx.prepare_cached(
        "INSERT INTO obligations(document, id, paragraph, part, subparagraph, clause, verb, strength, actor, actor_text, action,
           condition, deadline, due, recurrence, kind, recurs, entity, instrument, page, span_start, span_end, json, annex)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?;
    let mut qual = tx.prepare_cached(
        "INSERT INTO qualifiers(document, obligation, kind, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut refs = tx.prepare_cached(
        "INSERT INTO refs(document, obligation, kind, text, target) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for o in &e.doc.obligations {
        let json = serde_json::to_string(o).unwrap_or_default();
        let deadline = o.deadline.as_ref();
        ob.execute(params![
            id,
            o.id.0,
            o.paragraph,
            o.part,
            o.subparagraph,
            o.clause,
            o.verb,
            json_str(&o.strength),
            o.actor.to_string(),
            o.actor_text,
            o.action,
            json_str(&o.condition),
            deadline.map(|d| d.text.clone()),
            deadline.and_then(|d| d.due.clone()),
            deadline.and_then(|d| d.recurrence.clone()),
            mandate::kind(o, rules),
            mandate::recurrence(o, rules),
            o.entity,
            o.instrument,
            o.page,
            o.span.start as i64,
            o.span.end as i64,
            json,
            o.annex,
        ])?;
        for q in &o.qualifiers {
            qual.execute(params![id, o.id.0, json_str(&q.kind), q.text])?;
        }
        for r in &o.references {
            refs.execute(params![id, o.id.0, json_str(&r.kind), r.text, r.id])?;
        }
    }
    Ok(())
}

/// A field as the JSON contract writes it: a string as it is, anything
/// else as JSON text, null as none.
fn json_str<T: serde::Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        Ok(serde_json::Value::Null) | Err(_) => None,
        Ok(v) => Some(v.to_string()),
    }
}

/// A document as the registry keeps it: its extraction and the text it
/// was read from.
pub struct Stored {
    pub doc: Document,
    pub text: String,
}

/// Why a stored document cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "{file}: the registry holds no extraction of it; build the registry again with this version"
    )]
    Missing { file: String },
    #[error("{file}: its extraction in the registry cannot be read: {error}")]
    Json {
        file: String,
        error: serde_json::Error,
    },
}

/// Every document of the registry, read back, in date order (undated
/// last).
pub fn stored(conn: &Connection) -> Result<Vec<Stored>, StoredError> {
    let mut stmt = conn.prepare(
        "SELECT source, extraction, text FROM documents ORDER BY date IS NULL, date, symbol, source",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (source, json, text) = row?;
        let (Some(json), Some(text)) = (json, text) else {
            return Err(StoredError::Missing { file: source });
        };
        let doc = serde_json::from_str(&json).map_err(|error| StoredError::Json {
            file: source.clone(),
            error,
        })?;
        out.push(Stored { doc, text });
    }
    Ok(out)
}

/// What to select.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub actor: Option<String>,
    pub body: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub strength: Option<String>,
    /// Words the action must contain (any case).
    pub text: Option<String>,
    /// Kind of mandate (rules/mandates.yaml).
    pub kind: Option<String>,
    /// Only obligations that recur.
    pub recurring: bool,
    /// Only obligations of documents with no review, sunset or end date.
    pub no_review: bool,
    /// `new` or `renewed` (against the document before in its series).
    pub lineage: Option<String>,
}

/// The recurrence values of obligations that do not recur.
const NOT_RECURRING: &str = "('one-off', 'open-ended')";

/// One obligation of a query's result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub symbol: Option<String>,
    pub body: Option<String>,
    pub date: Option<String>,
    pub source: String,
    pub id: String,
    pub paragraph: u32,
    /// The adopted text or annex the paragraph stands in ("Annex I").
    pub annex: Option<String>,
    pub actor: String,
    pub strength: String,
    pub verb: String,
    pub action: String,
    pub deadline: Option<String>,
    pub kind: Option<String>,
    pub recurs: Option<String>,
    pub entity: Option<String>,
    pub lineage: Option<String>,
    pub renews: Option<String>,
}

/// The obligations that pass `f`, by date, document and position.
pub fn query(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Row>> {
    let mut sql = String::from(
        "SELECT d.symbol, d.body, d.date, d.source, o.id, o.paragraph, o.actor, o.strength, o.verb, o.action, o.deadline,
           o.kind, o.recurs, o.entity, o.lineage, o.renews, o.annex
         FROM obligations o JOIN documents d ON d.id = o.document WHERE 1 = 1",
    );
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut add = |clause: &str, v: Box<dyn rusqlite::ToSql>| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(a) = &f.actor {
        // An actor id, or a body's own id (its entity).
        add(" AND ? IN (o.actor, o.entity)", Box::new(a.clone()));
    }
    if let Some(k) = &f.kind {
        add(" AND o.kind = ?", Box::new(k.clone()));
    }
    if let Some(l) = &f.lineage {
        add(" AND o.lineage = ?", Box::new(l.clone()));
    }

    if let Some(b) = &f.body {
        add(" AND d.body = ? COLLATE NOCASE", Box::new(b.clone()));
    }
    if let Some(y) = f.since {
        add(" AND d.year >= ?", Box::new(y));
    }
    if let Some(y) = f.until {
        add(" AND d.year <= ?", Box::new(y));
    }
    if let Some(s) = &f.strength {
        add(" AND o.strength = ?", Box::new(s.clone()));
    }
    if let Some(t) = &f.text {
        add(
            " AND instr(lower(o.action), lower(?)) > 0",
            Box::new(t.clone()),
        );
    }
    if f.recurring {
        sql.push_str(&format!(" AND o.recurs NOT IN {NOT_RECURRING}"));
    }
    if f.no_review {
        sql.push_str(" AND d.review IS NULL");
    }
    sql.push_str(" ORDER BY d.date, d.source, o.rowid");
    let mut stmt = conn.prepare(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok(Row {
            symbol: r.get(0)?,
            body: r.get(1)?,
            date: r.get(2)?,
            source: r.get(3)?,
            id: r.get(4)?,
            paragraph: r.get(5)?,
            actor: r.get(6)?,
            strength: r.get(7)?,
            verb: r.get(8)?,
            action: r.get(9)?,
            deadline: r.get(10)?,
            kind: r.get(11)?,
            recurs: r.get(12)?,
            entity: r.get(13)?,
            lineage: r.get(14)?,
            renews: r.get(15)?,
            annex: r.get(16)?,
        })
    })?;
    rows.collect()
}

/// One line of a summary table: its keys and a count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    pub keys: Vec<String>,
    pub count: i64,
}

/// The counts across a registry that `registry summary` prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Mandates (strength `mandate` or `binding`, not the adopting body's
    /// own) per actor (or entity) and session: [body, session, actor].
    pub mandates_per_actor_and_session: Vec<Count>,
    /// Report requests per session: [body, session].
    pub reports_per_session: Vec<Count>,
    /// Recurring obligations of documents that set no review, sunset or
    /// end date, per actor: [actor, recurrence].
    pub recurring_without_review: Vec<Count>,
    /// Documents with and without a review, sunset or end date:
    /// [`review`, `sunset` or `none`].
    pub documents_by_review: Vec<Count>,
    /// Pairs of near-duplicate obligations in different documents, per
    /// actor: `[actor]`.
    pub overlaps_per_actor: Vec<Count>,
    /// Obligations new or renewed against the document before in the
    /// series, per series: [series, `new` or `renewed`].
    pub lineage_per_series: Vec<Count>,
}

/// The session of a document as a person names it ("General Assembly 72").
const SESSION: &str = "coalesce(d.body, '?') || ' ' || coalesce(d.session, d.year, '?')";

/// The counts of `registry summary`.
pub fn summary(conn: &Connection) -> rusqlite::Result<Summary> {
    let counts = |sql: &str, keys: usize| -> rusqlite::Result<Vec<Count>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let mut k = Vec::with_capacity(keys);
            for i in 0..keys {
                let v: Option<String> = r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                    rusqlite::types::Value::Integer(n) => Some(n.to_string()),
                    rusqlite::types::Value::Text(t) => Some(t),
                    rusqlite::types::Value::Real(x) => Some(x.to_string()),
                    _ => None,
                })?;
                k.push(v.unwrap_or_default());
            }
            Ok(Count {
                keys: k,
                count: r.get(keys)?,
            })
        })?;
        rows.collect()
    };
    let own = "(d.id IS NOT NULL AND o.actor NOT IN ('general-assembly', 'security-council', 'ecosoc', 'human-rights-council'))";
    Ok(Summary {
        mandates_per_actor_and_session: counts(
            &format!(
                "SELECT {SESSION}, coalesce(o.entity, o.actor), count(*) FROM obligations o JOIN documents d ON d.id = o.document
                 WHERE o.strength IN ('mandate', 'binding') AND {own}
                 GROUP BY 1, 2 ORDER BY min(d.date), 1, 3 DESC, 2"
            ),
            2,
        )?,
        reports_per_session: counts(
            &format!(
                "SELECT {SESSION}, count(*) FROM obligations o JOIN documents d ON d.id = o.document
                 WHERE o.kind = 'report' GROUP BY 1 ORDER BY min(d.date), 1"
            ),
            1,
        )?,
        recurring_without_review: counts(
            &format!(
                "SELECT coalesce(o.entity, o.actor), o.recurs, count(*) FROM obligations o JOIN documents d ON d.id = o.document
                 WHERE o.recurs NOT IN {NOT_RECURRING} AND d.review IS NULL
                 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
            ),
            2,
        )?,
        documents_by_review: counts(
            "SELECT coalesce(review, 'none'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC",
            1,
        )?,
        overlaps_per_actor: counts(
            "SELECT actor, count(*) FROM overlaps GROUP BY 1 ORDER BY 2 DESC, 1",
            1,
        )?,
        lineage_per_series: counts(
            "SELECT d.series, o.lineage, count(*) FROM obligations o JOIN documents d ON d.id = o.document
             WHERE o.lineage IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
            2,
        )?,
    })
}
