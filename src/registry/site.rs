//! A registry as a static HTML site: an index, a page per actor, per
//! document and per series, each listing its obligations with filters
//! (body, session, strength, kind, recurring, no review clause) and a
//! search box. The pages are rendered by the templates `site-index.html`
//! and `site-page.html` (tera escapes every value); their style and script
//! are inline, so the site makes no network request and works from the
//! file system.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use crate::checklist::{actor_name, capitalized};
use crate::render::checklist::{TemplateError, Templates};
use crate::rules::RuleSet;

/// Why a site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot read the registry: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Template(#[from] TemplateError),
}

/// A link: its text and its address from the site's root.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// A document of the registry, as its pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    pub label: String,
    pub href: String,
    pub source: String,
    pub symbol: Option<String>,
    pub body: Option<String>,
    pub session: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub paragraphs: i64,
    pub obligations: i64,
    /// `review`, `sunset`, ... or none.
    pub review: Option<String>,
    pub review_paragraph: Option<i64>,
    pub review_text: Option<String>,
    pub series: Option<Link>,
    /// The resolutions it cites that the registry holds.
    pub cites: Vec<Link>,
    /// Those it cites that the registry does not hold.
    pub cites_elsewhere: Vec<String>,
    pub cited_by: Vec<Link>,
}

/// One obligation on a page.
#[derive(Debug, Clone, Serialize)]
pub struct Ob {
    pub anchor: String,
    pub document: Link,
    /// "OP 5", "Annex I, para. 63".
    pub place: String,
    pub paragraph: i64,
    pub subparagraph: Option<String>,
    pub verb: String,
    pub strength: String,
    pub actor: Link,
    pub actor_text: String,
    pub action: String,
    pub condition: Option<String>,
    pub deadline: Option<String>,
    pub due: Option<String>,
    pub kind: String,
    pub recurs: String,
    pub recurring: bool,
    pub qualifiers: Vec<String>,
    pub lineage: Option<String>,
    pub renews: Option<Link>,
    pub overlaps: Vec<Link>,
    pub body: String,
    pub session: String,
    pub review: bool,
}

/// A filter's choices: value and count, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub count: usize,
}

/// The filters of a page: the values its obligations take.
#[derive(Debug, Clone, Serialize)]
pub struct Filters {
    pub bodies: Vec<Choice>,
    pub sessions: Vec<Choice>,
    pub strengths: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub recurring: usize,
    pub no_review: usize,
}

/// A page of obligations (an actor's, a document's or a series').
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// `actor`, `document` or `series`.
    pub kind: &'static str,
    pub title: String,
    pub generator: String,
    /// The way back to the site's root from this page (`../`).
    pub root: &'static str,
    pub document: Option<Doc>,
    /// The documents of a series, in date order.
    pub documents: Vec<Doc>,
    pub filters: Filters,
    pub obligations: Vec<Ob>,
}

/// A line of the index: a page and its counts.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub link: Link,
    pub obligations: usize,
    pub mandates: usize,
    /// Obligations renewed from the document before (series).
    pub renewed: usize,
    pub documents: usize,
    pub note: String,
}

/// The index page.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    pub title: String,
    pub generator: String,
    pub root: &'static str,
    pub built_with: Option<String>,
    pub total_documents: usize,
    pub total_obligations: usize,
    pub actors: Vec<Entry>,
    pub series: Vec<Entry>,
    pub documents: Vec<Doc>,
}

/// A file name part: lower-case letters and digits, other runs as `-`
/// (as the Akoma Ntoso names), never empty.
pub fn slug(s: &str) -> String {
    let out = crate::akn::slug(s);
    if out.is_empty() { "x".into() } else { out }
}

/// A slug no other page of the kind has taken (`-2`, `-3`, ... after it).
fn unique(taken: &mut std::collections::HashSet<String>, base: String) -> String {
    let mut s = base.clone();
    let mut n = 2;
    while !taken.insert(s.clone()) {
        s = format!("{base}-{n}");
        n += 1;
    }
    s
}

/// One row of `obligations`, as the site reads it.
struct ObRow {
    document: i64,
    id: String,
    paragraph: i64,
    annex: Option<String>,
    subparagraph: Option<String>,
    verb: String,
    strength: String,
    actor: String,
    actor_text: String,
    action: String,
    condition: Option<String>,
    deadline: Option<String>,
    due: Option<String>,
    kind: Option<String>,
    recurs: Option<String>,
    entity: Option<String>,
    lineage: Option<String>,
    renews: Option<String>,
}

struct DocRow {
    id: i64,
    doc: Doc,
    series_key: Option<String>,
    date: Option<String>,
}

/// The site's files: (path from the site's root, bytes), the index first.
pub fn build(
    conn: &Connection,
    rules: &RuleSet,
    templates: &Templates,
) -> Result<Vec<(String, Vec<u8>)>, SiteError> {
    let generator = format!("resolute {}", env!("CARGO_PKG_VERSION"));
    let built_with = crate::registry::built_with(conn)?;

    // Documents, in date order.
    let mut taken = std::collections::HashSet::new();
    let mut docs: Vec<DocRow> = {
        let mut stmt = conn.prepare(
            "SELECT id, source, symbol, body, session, date, year, title, paragraphs, obligations,
               review, review_paragraph, review_text, series
             FROM documents ORDER BY date IS NULL, date, symbol, source",
        )?;
        let rows = stmt.query_map([], |r| {
            let source: String = r.get("source")?;
            let symbol: Option<String> = r.get("symbol")?;
            let body: Option<String> = r.get("body")?;
            let date: Option<String> = r.get("date")?;
            let file = std::path::Path::new(&source)
                .file_name()
                .map_or(source.clone(), |f| f.to_string_lossy().into_owned());
            let label = symbol.clone().unwrap_or(file);
            let key = unique(&mut taken, slug(&label));
            Ok(DocRow {
                id: r.get("id")?,
                series_key: r.get("series")?,
                date: date.clone(),
                doc: Doc {
                    href: format!("documents/{key}.html"),
                    label,
                    source,
                    symbol,
                    session: session_name(body.as_deref(), r.get("session")?, r.get("year")?),
                    body,
                    date,
                    title: r.get("title")?,
                    paragraphs: r.get("paragraphs")?,
                    obligations: r.get("obligations")?,
                    review: r.get("review")?,
                    review_paragraph: r.get("review_paragraph")?,
                    review_text: r.get("review_text")?,
                    series: None,
                    cites: Vec::new(),
                    cites_elsewhere: Vec::new(),
                    cited_by: Vec::new(),
                },
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let by_id: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let by_symbol: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.doc.symbol.clone().map(|s| (s, i)))
        .collect();

    // Series of two documents or more.
    let mut series: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(k) = &d.series_key {
            series.entry(k.clone()).or_default().push(i);
        }
    }
    series.retain(|_, v| v.len() > 1);
    let mut series_taken = std::collections::HashSet::new();
    let series_links: BTreeMap<String, Link> = series
        .iter()
        .map(|(k, members)| {
            let title = members
                .iter()
                .rev()
                .find_map(|&i| docs[i].doc.title.clone())
                .unwrap_or_else(|| k.clone());
            let mut base = slug(k);
            base.truncate(80);
            let key = unique(&mut series_taken, slug(&base));
            (
                k.clone(),
                Link {
                    text: title,
                    href: format!("series/{key}.html"),
                },
            )
        })
        .collect();
    for d in &mut docs {
        d.doc.series = d
            .series_key
            .as_ref()
            .and_then(|k| series_links.get(k))
            .cloned();
    }

    // Citations, both ways.
    {
        let mut stmt = conn.prepare(
            "SELECT document, symbol FROM cites WHERE part = 'preamble' OR part = 'operative' ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut pairs = Vec::new();
        for row in rows {
            pairs.push(row?);
        }
        for (doc, symbol) in pairs {
            let Some(&i) = by_id.get(&doc) else { continue };
            if docs[i].doc.cites.iter().any(|l| l.text == symbol)
                || docs[i].doc.cites_elsewhere.contains(&symbol)
            {
                continue;
            }
            match by_symbol.get(&symbol) {
                Some(&j) => {
                    let href = docs[j].doc.href.clone();
                    docs[i].doc.cites.push(Link {
                        text: symbol.clone(),
                        href,
                    });
                    let back = Link {
                        text: docs[i].doc.label.clone(),
                        href: docs[i].doc.href.clone(),
                    };
                    docs[j].doc.cited_by.push(back);
                }
                None => docs[i].doc.cites_elsewhere.push(symbol),
            }
        }
    }

    // Qualifiers and overlaps, by (document, obligation).
    let mut qualifiers: HashMap<(i64, String), Vec<String>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT document, obligation, kind FROM qualifiers ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        for row in rows {
            let (d, o, k): (i64, String, String) = row?;
            let v = qualifiers.entry((d, o)).or_default();
            if !v.contains(&k) {
                v.push(k);
            }
        }
    }
    let ob_href = |doc: usize, id: &str| format!("{}#ob-{}", docs[doc].doc.href, slug(id));
    let mut overlaps: HashMap<(i64, String), Vec<Link>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT document, obligation, other_document, other_obligation, similarity FROM overlaps ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, f64>(4)?,
            ))
        })?;
        for row in rows {
            let (a, ao, b, bo, sim) = row?;
            let (Some(&ai), Some(&bi)) = (by_id.get(&a), by_id.get(&b)) else {
                continue;
            };
            let link = |doc: usize, ob: &str, para: &str| Link {
                text: format!(
                    "{} {} ({:.0} % alike)",
                    docs[doc].doc.label,
                    para,
                    sim * 100.0
                ),
                href: ob_href(doc, ob),
            };
            let bp = paragraph_of(&bo);
            let ap = paragraph_of(&ao);
            overlaps
                .entry((a, ao.clone()))
                .or_default()
                .push(link(bi, &bo, &bp));
            overlaps
                .entry((b, bo.clone()))
                .or_default()
                .push(link(ai, &ao, &ap));
        }
    }

    // Obligations, in document order.
    let mut actor_names: BTreeMap<String, String> = BTreeMap::new();
    let mut obs: Vec<(usize, Ob)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT document, id, paragraph, annex, subparagraph, verb, strength, actor, actor_text, action, condition,
               deadline, due, kind, recurs, entity, lineage, renews
             FROM obligations ORDER BY document, rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ObRow {
                document: r.get("document")?,
                id: r.get("id")?,
                paragraph: r.get("paragraph")?,
                annex: r.get("annex")?,
                subparagraph: r.get("subparagraph")?,
                verb: r.get("verb")?,
                strength: r.get("strength")?,
                actor: r.get("actor")?,
                actor_text: r.get("actor_text")?,
                action: r.get("action")?,
                condition: r.get("condition")?,
                deadline: r.get("deadline")?,
                due: r.get("due")?,
                kind: r.get("kind")?,
                recurs: r.get("recurs")?,
                entity: r.get("entity")?,
                lineage: r.get("lineage")?,
                renews: r.get("renews")?,
            })
        })?;
        for row in rows {
            let ObRow {
                document: doc,
                id,
                paragraph,
                annex,
                subparagraph,
                verb,
                strength,
                actor,
                actor_text,
                action,
                condition,
                deadline,
                due,
                kind,
                recurs,
                entity,
                lineage,
                renews,
            } = row?;
            let Some(&di) = by_id.get(&doc) else { continue };
            let who = entity.unwrap_or(actor);
            let name = actor_names
                .entry(who.clone())
                .or_insert_with(|| capitalized(&actor_name(&who, rules)))
                .clone();
            let renews = renews.and_then(|r| {
                let (symbol, ob) = r.split_once('#')?;
                let text = format!("{symbol} {}", paragraph_of(ob));
                Some(match by_symbol.get(symbol) {
                    Some(&j) => Link {
                        text,
                        href: ob_href(j, ob),
                    },
                    None => Link {
                        text,
                        href: String::new(),
                    },
                })
            });
            let recurs = recurs.unwrap_or_else(|| "one-off".into());
            let d = &docs[di].doc;
            obs.push((
                di,
                Ob {
                    anchor: format!("ob-{}", slug(&id)),
                    document: Link {
                        text: d.label.clone(),
                        href: ob_href(di, &id),
                    },
                    place: match &annex {
                        Some(a) => format!("{}, para. {paragraph}", capitalized(a)),
                        None => format!("OP {paragraph}"),
                    },
                    paragraph,
                    subparagraph,
                    verb,
                    strength,
                    actor: Link {
                        text: name,
                        href: format!("actors/{}.html", slug(&who)),
                    },
                    actor_text,
                    action,
                    condition,
                    deadline,
                    due,
                    kind: kind.unwrap_or_else(|| "other".into()),
                    recurring: recurs != "one-off" && recurs != "open-ended",
                    recurs,
                    qualifiers: qualifiers.remove(&(doc, id.clone())).unwrap_or_default(),
                    lineage,
                    renews,
                    overlaps: overlaps.remove(&(doc, id)).unwrap_or_default(),
                    body: d.body.clone().unwrap_or_else(|| "(no body)".into()),
                    session: d.session.clone(),
                    review: d.review.is_some(),
                },
            ));
        }
    }

    // In date order of their documents.
    obs.sort_by_key(|(di, _)| *di);

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let page = |kind: &'static str,
                title: String,
                document: Option<Doc>,
                documents: Vec<Doc>,
                obligations: Vec<Ob>|
     -> Result<Vec<u8>, SiteError> {
        let p = Page {
            kind,
            title,
            generator: generator.clone(),
            root: "../",
            document,
            documents,
            filters: filters(&obligations),
            obligations,
        };
        Ok(templates.render("site-page.html", &p)?.into_bytes())
    };

    // A page per actor.
    let mut actors: BTreeMap<String, Vec<Ob>> = BTreeMap::new();
    for (_, o) in &obs {
        actors
            .entry(o.actor.href.clone())
            .or_default()
            .push(o.clone());
    }
    let mut actor_entries = Vec::new();
    for (href, list) in actors {
        let name = list[0].actor.text.clone();
        let mut in_docs: Vec<&str> = list.iter().map(|o| o.document.text.as_str()).collect();
        in_docs.sort_unstable();
        in_docs.dedup();
        actor_entries.push(Entry {
            link: Link {
                text: name.clone(),
                href: href.clone(),
            },
            obligations: list.len(),
            mandates: list
                .iter()
                .filter(|o| o.strength == "mandate" || o.strength == "binding")
                .count(),
            renewed: 0,
            documents: in_docs.len(),
            note: String::new(),
        });
        files.push((href, page("actor", name, None, Vec::new(), list)?));
    }
    actor_entries.sort_by(|a, b| {
        b.obligations
            .cmp(&a.obligations)
            .then(a.link.text.cmp(&b.link.text))
    });

    // A page per document.
    let mut per_doc: Vec<Vec<Ob>> = vec![Vec::new(); docs.len()];
    for (di, o) in &obs {
        per_doc[*di].push(o.clone());
    }
    for (d, list) in docs.iter().zip(per_doc) {
        let title = match &d.doc.title {
            Some(t) => format!("{}: {t}", d.doc.label),
            None => d.doc.label.clone(),
        };
        files.push((
            d.doc.href.clone(),
            page("document", title, Some(d.doc.clone()), Vec::new(), list)?,
        ));
    }

    // A page per series.
    let mut series_entries = Vec::new();
    for (key, members) in &series {
        let link = &series_links[key];
        let list: Vec<Ob> = obs
            .iter()
            .filter(|(di, _)| members.contains(di))
            .map(|(_, o)| o.clone())
            .collect();
        let dates: Vec<&str> = members
            .iter()
            .filter_map(|&i| docs[i].date.as_deref())
            .collect();
        series_entries.push(Entry {
            link: link.clone(),
            obligations: list.len(),
            mandates: list
                .iter()
                .filter(|o| o.strength == "mandate" || o.strength == "binding")
                .count(),
            renewed: list
                .iter()
                .filter(|o| o.lineage.as_deref() == Some("renewed"))
                .count(),
            documents: members.len(),
            note: match (dates.first(), dates.last()) {
                (Some(a), Some(b)) if a != b => {
                    format!("{} to {}", &a[..4.min(a.len())], &b[..4.min(b.len())])
                }
                (Some(a), _) => a[..4.min(a.len())].to_string(),
                _ => String::new(),
            },
        });
        let documents = members.iter().map(|&i| docs[i].doc.clone()).collect();
        files.push((
            link.href.clone(),
            page("series", link.text.clone(), None, documents, list)?,
        ));
    }

    let index = Index {
        title: "Mandate registry".into(),
        generator: generator.clone(),
        root: "",
        built_with,
        total_documents: docs.len(),
        total_obligations: obs.len(),
        actors: actor_entries,
        series: series_entries,
        documents: docs.into_iter().map(|d| d.doc).collect(),
    };
    files.insert(
        0,
        (
            "index.html".into(),
            templates.render("site-index.html", &index)?.into_bytes(),
        ),
    );
    Ok(files)
}

/// "General Assembly 72" (or the year when the session is not known).
fn session_name(body: Option<&str>, session: Option<i64>, year: Option<i64>) -> String {
    let when = session
        .or(year)
        .map_or_else(|| "?".to_string(), |n| n.to_string());
    format!("{} {when}", body.unwrap_or("?"))
}

/// "OP 5" from an obligation id ("op5.1.member-states"), "annex-i para. 63"
/// from one of an annex ("annex-i.p63.1.secretary-general"); the id itself
/// when it has another form.
fn paragraph_of(id: &str) -> String {
    let parts: Vec<&str> = id.split('.').collect();
    let number = |s: &str, prefix: &str| {
        s.strip_prefix(prefix)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
    };
    if let Some(n) = parts.first().and_then(|h| number(h, "op")) {
        return format!("OP {n}");
    }
    match parts.iter().position(|s| number(s, "p").is_some()) {
        Some(k) if k > 0 => format!("{} para. {}", parts[..k].join("."), &parts[k][1..]),
        _ => id.to_string(),
    }
}

/// The values a page's obligations take, for its filters.
fn filters(obs: &[Ob]) -> Filters {
    let count = |f: &dyn Fn(&Ob) -> &str, order: &[&str]| -> Vec<Choice> {
        let mut m: Vec<Choice> = Vec::new();
        for o in obs {
            let v = f(o);
            match m.iter_mut().find(|c| c.value == v) {
                Some(c) => c.count += 1,
                None => m.push(Choice {
                    value: v.to_string(),
                    count: 1,
                }),
            }
        }
        if !order.is_empty() {
            m.sort_by_key(|c| {
                order
                    .iter()
                    .position(|o| *o == c.value)
                    .unwrap_or(order.len())
            });
        } else {
            m.sort_by(|a, b| a.value.cmp(&b.value));
        }
        m
    };
    Filters {
        bodies: count(&|o| &o.body, &[]),
        sessions: count(&|o| &o.session, &[]),
        strengths: count(
            &|o| &o.strength,
            &[
                "binding",
                "mandate",
                "urge",
                "encourage",
                "permission",
                "declaratory",
            ],
        ),
        kinds: count(&|o| &o.kind, &[]),
        recurring: obs.iter().filter(|o| o.recurring).count(),
        no_review: obs.iter().filter(|o| !o.review).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("A/RES/72/196"), "a-res-72-196");
        assert_eq!(slug("country:italy"), "country-italy");
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("///"), "x");
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique(&mut taken, "a".into()), "a");
        assert_eq!(unique(&mut taken, "a".into()), "a-2");
        assert_eq!(unique(&mut taken, "a".into()), "a-3");
    }

    #[test]
    fn paragraph_numbers_from_ids() {
        assert_eq!(paragraph_of("op12.1.member-states"), "OP 12");
        assert_eq!(
            paragraph_of("annex-i.p63.1.secretary-general"),
            "annex-i para. 63"
        );
        assert_eq!(paragraph_of("annex-3.1"), "annex-3.1");
    }
}
