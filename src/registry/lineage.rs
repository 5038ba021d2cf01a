//! What the registry knows across documents: which resolutions a document
//! cites, which documents form a series (the same title at later
//! sessions), whether an obligation renews one of the document before it in
//! its series or is new, and which obligations to one actor in different
//! documents are near-duplicates.
//!
//! Near-duplicates: the Jaccard similarity of the sets of word pairs of two
//! actions (lower case, words of letters and digits), at least [`NEAR`].
//! Word pairs keep word order, which a bag of words loses ("report to the
//! Council" against "the Council to report"), and tolerate the small edits
//! of a text renewed from year to year (a date, a session, a word added).
//! Candidates come from an index of word pairs that leaves out pairs found
//! in more than `COMMON` actions, so the comparison stays near linear.

use std::collections::{HashMap, HashSet};

use rusqlite::{Transaction, params};

use crate::classify::details::references;
use crate::model::{Document, DocumentInfo, ReferenceKind};
use crate::rules::RuleSet;

/// Actions at least this similar are near-duplicates.
pub const NEAR: f64 = 0.6;

/// Word pairs in more actions than this are too common to find candidates.
const COMMON: usize = 200;

/// Actions of fewer words are not compared for overlaps: short ones
/// ("remain actively seized of the matter", "consider doing so as a matter
/// of priority") are formulas whose sense is in their context.
const SHORT: usize = 8;

/// The series a document belongs to: its title in lower case, words joined
/// by `-` ("strengthening-the-united-nations-crime-prevention-..."); none
/// without a title of two words or more.
pub fn series_key(d: &DocumentInfo) -> Option<String> {
    let title = d.title.as_deref()?;
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (words.len() >= 2).then(|| words.join("-"))
}

/// The resolutions a document cites, by symbol (`A/RES/72/196`), with the
/// part (`preamble` or `operative`) and the paragraph where first cited.
pub fn citations(doc: &Document, rules: &RuleSet) -> Vec<(String, &'static str, u32)> {
    let body = doc.document.body.as_deref();
    let texts = doc
        .preamble
        .iter()
        .map(|p| ("preamble", p.index, p.text.as_str()))
        .chain(
            doc.operative
                .iter()
                .map(|p| ("operative", p.number, p.text.as_str())),
        );
    let mut out: Vec<(String, &'static str, u32)> = Vec::new();
    for (part, number, text) in texts {
        for r in references(text, rules, body) {
            let symbol = match (r.kind, r.url.as_deref()) {
                (ReferenceKind::Resolution, Some(url)) => {
                    url.trim_start_matches("https://undocs.org/").to_string()
                }
                _ => continue,
            };
            if doc.document.symbol.as_deref() != Some(symbol.as_str())
                && !out.iter().any(|(s, p, _)| *s == symbol && *p == part)
            {
                out.push((symbol, part, number));
            }
        }
    }
    out
}

/// The word pairs of an action, hashed (single words for a one-word action).
fn shingles(action: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = action
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hash = |parts: &[String]| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        parts.hash(&mut h);
        h.finish()
    };
    if words.len() < 2 {
        return words
            .iter()
            .map(|w| hash(std::slice::from_ref(w)))
            .collect();
    }
    words.windows(2).map(hash).collect()
}

/// The Jaccard similarity of two sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// The similarity of two actions (see the module's introduction).
pub fn similarity(a: &str, b: &str) -> f64 {
    jaccard(&shingles(a), &shingles(b))
}

struct Ob {
    /// Words of the action.
    words: usize,
    rowid: i64,
    document: i64,
    id: String,
    who: String,
    shingles: HashSet<u64>,
}

/// Computes again, over the whole registry, the renewed or new obligations
/// of each series and the overlaps between documents.
pub fn relate(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DELETE FROM overlaps; UPDATE obligations SET lineage = NULL, renews = NULL;",
    )?;
    let obs: Vec<Ob> = {
        let mut stmt = tx.prepare(
            "SELECT rowid, document, id, coalesce(entity, actor), action FROM obligations ORDER BY rowid",
        )?;
        stmt.query_map([], |r| {
            let action: String = r.get(4)?;
            Ok(Ob {
                words: action.split_whitespace().count(),
                rowid: r.get(0)?,
                document: r.get(1)?,
                id: r.get(2)?,
                who: r.get(3)?,
                shingles: shingles(&action),
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    // Overlaps: near-duplicate actions to one actor in two documents.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, o) in obs.iter().enumerate() {
        for s in &o.shingles {
            index.entry(*s).or_default().push(i);
        }
    }
    let mut near: Vec<(usize, usize, f64)> = Vec::new();
    for (i, o) in obs.iter().enumerate().filter(|(_, o)| o.words >= SHORT) {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for s in &o.shingles {
            let Some(list) = index.get(s).filter(|l| l.len() <= COMMON) else {
                continue;
            };
            for &j in list.iter().filter(|&&j| j > i) {
                *shared.entry(j).or_default() += 1;
            }
        }
        for (j, n) in shared {
            let p = &obs[j];
            if p.document == o.document || p.who != o.who || n < 2 || p.words < SHORT {
                continue;
            }
            let sim = jaccard(&o.shingles, &p.shingles);
            if sim >= NEAR {
                near.push((i, j, sim));
            }
        }
    }
    near.sort_by_key(|a| (a.0, a.1));
    let mut ins = tx.prepare(
        "INSERT INTO overlaps(document, obligation, other_document, other_obligation, actor, similarity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for &(i, j, sim) in &near {
        let (a, b) = (&obs[i], &obs[j]);
        ins.execute(params![
            a.document,
            a.id,
            b.document,
            b.id,
            a.who,
            (sim * 1000.0).round() / 1000.0
        ])?;
    }
    // Renewed or new: each document against the one before it in its
    // series (the latest earlier date).
    let docs: Vec<(i64, Option<String>, Option<String>, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, series, date, coalesce(symbol, source) FROM documents WHERE series IS NOT NULL ORDER BY series, date, id",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut by_doc: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, o) in obs.iter().enumerate() {
        by_doc.entry(o.document).or_default().push(i);
    }
    let mut set =
        tx.prepare("UPDATE obligations SET lineage = ?1, renews = ?2 WHERE rowid = ?3")?;
    for pair in docs.windows(2) {
        let (prev, cur) = (&pair[0], &pair[1]);
        if prev.1 != cur.1 || prev.2.is_none() || prev.2 == cur.2 {
            continue;
        }
        let before = by_doc.get(&prev.0).map_or(&[][..], Vec::as_slice);
        for &i in by_doc.get(&cur.0).map_or(&[][..], Vec::as_slice) {
            let o = &obs[i];
            let best = before
                .iter()
                .map(|&j| &obs[j])
                .filter(|p| p.who == o.who)
                .map(|p| (jaccard(&o.shingles, &p.shingles), p))
                .filter(|(s, _)| *s >= NEAR)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((_, p)) => {
                    set.execute(params!["renewed", format!("{}#{}", prev.3, p.id), o.rowid])?
                }
                None => set.execute(params!["new", Option::<String>::None, o.rowid])?,
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_by_word_pairs() {
        let a = "submit a report on the implementation of the present resolution to the General Assembly at its seventy-third session";
        let b = "submit a report on the implementation of the present resolution to the General Assembly at its seventy-fifth session";
        assert!(similarity(a, b) >= NEAR, "{}", similarity(a, b));
        let c = "provide technical assistance to Member States, upon request";
        assert!(similarity(a, c) < 0.1);
        // Word order counts.
        assert!(similarity("report to the Council", "the Council to report") < NEAR);
    }

    #[test]
    fn series_keys_from_titles() {
        let d = DocumentInfo {
            title: Some("Strengthening the United Nations crime prevention programme".into()),
            ..DocumentInfo::default()
        };
        assert_eq!(
            series_key(&d).as_deref(),
            Some("strengthening-the-united-nations-crime-prevention-programme")
        );
        assert_eq!(series_key(&DocumentInfo::default()), None);
    }
}
