//! The history of each operative paragraph across three or more versions.
//!
//! Input: the extracted [`Document`]s of the versions, oldest first.
//! Output: a [`Series`]: the diff of each version against the one before
//! it, and one [`History`] per paragraph lineage (a paragraph and its
//! counterparts in the later versions): in which version it appeared, what
//! it was called and how strong its clauses were in each, what changed at
//! each step, and when it was dropped.
//!
//! Invariants: every operative paragraph of every version belongs to
//! exactly one lineage; lineages follow the order of the latest version,
//! a dropped one standing after the paragraph it followed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::obligations::{Change, Direction};
use super::{DIFF_SCHEMA_VERSION, Diff, Status, Version, compare};
use crate::model::{Document, Strength};

/// One paragraph in one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// "OP 13".
    pub label: String,
    /// What became of it since the version before (`None` in the first).
    pub status: Option<Status>,
    /// Strengths of its clauses.
    pub strengths: Vec<Strength>,
    /// The obligation changes since the version before.
    pub changes: Vec<Change>,
    /// Up, down, or both ways in this step (`None`: no strength changed).
    pub drift: Option<Drift>,
}

/// Which way the strengths of a paragraph moved in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Drift {
    Up,
    Down,
    Mixed,
}

/// A paragraph and its counterparts, version by version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// The version it appeared in (0-based).
    pub appeared: usize,
    /// The version it was dropped in, if it was.
    pub dropped: Option<usize>,
    /// One cell per version (`None` where the paragraph is absent).
    pub versions: Vec<Option<Cell>>,
}

/// The versions of a resolution, compared in turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub schema_version: u32,
    pub versions: Vec<Version>,
    /// The history of each operative paragraph.
    pub paragraphs: Vec<History>,
    /// The diff of each version against the one before it.
    pub steps: Vec<Diff>,
    /// How many obligations changed strength, over all steps.
    pub drifts: usize,
    pub generator: String,
}

fn drift(changes: &[Change]) -> Option<Drift> {
    let up = changes.iter().any(|c| c.drift() == Some(Direction::Up));
    let down = changes.iter().any(|c| c.drift() == Some(Direction::Down));
    match (up, down) {
        (true, true) => Some(Drift::Mixed),
        (true, false) => Some(Drift::Up),
        (false, true) => Some(Drift::Down),
        (false, false) => None,
    }
}

/// Compares the versions in turn and follows each paragraph through them.
pub fn series(docs: &[&Document]) -> Series {
    let n = docs.len();
    let steps: Vec<Diff> = docs.windows(2).map(|w| compare(w[0], w[1])).collect();
    let mut lineages: Vec<History> = Vec::new();
    // (version, index of the paragraph in it) -> lineage.
    let mut at: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut order: Vec<usize> = Vec::new();
    for (k, step) in steps.iter().enumerate() {
        let mut seq = Vec::new();
        for p in &step.operative {
            let lineage = match &p.old {
                Some(o) => match at.get(&(k, o.index)) {
                    Some(&l) => l,
                    None => {
                        // A paragraph of the first version.
                        lineages.push(History {
                            appeared: k,
                            dropped: None,
                            versions: vec![None; n],
                        });
                        let l = lineages.len() - 1;
                        lineages[l].versions[k] = Some(Cell {
                            label: o.label.clone(),
                            status: None,
                            strengths: o.strengths.clone(),
                            changes: Vec::new(),
                            drift: None,
                        });
                        at.insert((k, o.index), l);
                        l
                    }
                },
                None => {
                    lineages.push(History {
                        appeared: k + 1,
                        dropped: None,
                        versions: vec![None; n],
                    });
                    lineages.len() - 1
                }
            };
            match &p.new {
                Some(s) => {
                    lineages[lineage].versions[k + 1] = Some(Cell {
                        label: s.label.clone(),
                        status: Some(p.status),
                        strengths: s.strengths.clone(),
                        changes: p.changes.clone(),
                        drift: drift(&p.changes),
                    });
                    at.insert((k + 1, s.index), lineage);
                }
                None => lineages[lineage].dropped = Some(k + 1),
            }
            seq.push(lineage);
        }
        order = merge_order(&order, seq);
    }
    if n == 1 {
        // One version: every paragraph is a lineage of one cell.
        for p in &docs[0].operative {
            let mut versions = vec![None; 1];
            versions[0] = Some(Cell {
                label: super::op_label(p),
                status: None,
                strengths: p.clauses.iter().map(|c| c.strength).collect(),
                changes: Vec::new(),
                drift: None,
            });
            lineages.push(History {
                appeared: 0,
                dropped: None,
                versions,
            });
        }
        order = (0..lineages.len()).collect();
    }
    let mut slots: Vec<Option<History>> = lineages.into_iter().map(Some).collect();
    let paragraphs = order.into_iter().filter_map(|l| slots[l].take()).collect();
    let drifts = steps.iter().map(|s| s.drifts().count()).sum();
    Series {
        schema_version: DIFF_SCHEMA_VERSION,
        drifts,
        versions: docs.iter().map(|d| Version::of(&d.document)).collect(),
        paragraphs,
        steps,
        generator: format!("resolute {}", env!("CARGO_PKG_VERSION")),
    }
}

/// The order of a step's lineages, with the lineages dropped in earlier
/// steps kept after the one they followed.
fn merge_order(previous: &[usize], step: Vec<usize>) -> Vec<usize> {
    let mut out = step;
    let mut anchor: Option<usize> = None;
    for &l in previous {
        if out.contains(&l) {
            anchor = Some(l);
            continue;
        }
        let pos = anchor
            .and_then(|a| out.iter().position(|&x| x == a))
            .map_or(0, |p| p + 1);
        out.insert(pos, l);
        anchor = Some(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_lineages_keep_their_place() {
        // Step 1 dropped lineage 1 (between 0 and 2); step 2 knows only 0, 2, 3.
        assert_eq!(merge_order(&[0, 1, 2], vec![0, 2, 3]), vec![0, 1, 2, 3]);
        assert_eq!(merge_order(&[5, 0], vec![0]), vec![5, 0]);
        assert_eq!(merge_order(&[], vec![0, 1]), vec![0, 1]);
    }
}
