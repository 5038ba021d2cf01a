//! Aligning the paragraphs of two versions by what they say, not by their
//! numbers.
//!
//! Input: two lists of paragraph texts. Output: an [`Alignment`]: pairs
//! (old index, new index) that keep the order of both lists, pairs that
//! cross the others (moves), and the indices left over on each side.
//!
//! The similarity of two paragraphs is the Dice coefficient of their sets
//! of word pairs (two-word shingles, lower-cased): 2·|A∩B| / (|A|+|B|).
//! Word pairs rather than single words because the paragraphs of one
//! resolution share most of their vocabulary ("Member States", "United
//! Nations Office on Drugs and Crime" are everywhere); pairs keep some word
//! order, so two paragraphs on different subjects in the same words score
//! low, while a paragraph with a clause inserted keeps every pair outside
//! the insertion. Dice rather than Jaccard because it is gentler on a
//! paragraph that grew: a text that doubled in length still scores 0.67
//! against its old self (Jaccard: 0.5). Sets rather than multisets because
//! repetition inside a paragraph says little about its identity.
//!
//! The order-preserving pairs are those of greatest total similarity (a
//! longest-common-subsequence style dynamic programme over the similarity
//! matrix, where only pairs at or above [`MATCH_MIN`] may be matched).
//! Among the paragraphs left over, the most similar pairs at or above
//! [`MATCH_MIN`] are taken, greedily, as moves. Ties are broken by
//! position, so the result is deterministic.

/// Least similarity for two paragraphs to count as versions of each other.
///
/// Measured on the corpus pairs: the true pairs of the draft and the
/// adopted text of A/RES/72/196 all score 0.77 or more (the lowest, OP 7,
/// had a sentence replaced), while a paragraph with no counterpart scores
/// at most 0.26 against any other. In the rewrite of A/RES/70/182 as
/// A/RES/76/188, paragraphs on one subject reworded from "Notes with
/// concern ..." to "Invites Member States ..." score 0.32 to 0.39.
pub const MATCH_MIN: f64 = 0.3;

/// The shingles of a text: hashes of its lower-cased word pairs, sorted
/// and without repeats (a single word when the text has only one).
#[derive(Debug, Clone, Default)]
pub struct Shingles(Vec<u64>);

impl Shingles {
    pub fn of(text: &str) -> Shingles {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut h: Vec<u64> = if words.len() == 1 {
            vec![hash(&words[0], "")]
        } else {
            words.windows(2).map(|w| hash(&w[0], &w[1])).collect()
        };
        h.sort_unstable();
        h.dedup();
        Shingles(h)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The Dice coefficient of two shingle sets (0 when both are empty).
    pub fn dice(&self, other: &Shingles) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() && b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * common as f64 / (a.len() + b.len()) as f64
    }
}

/// FNV-1a over the two words with a separator: stable across runs and
/// platforms (the standard hasher is seeded per process).
fn hash(a: &str, b: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0u8]).chain(b.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// How two lists of paragraphs correspond.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Pairs in the order of both lists: (old, new, similarity).
    pub pairs: Vec<(usize, usize, f64)>,
    /// Pairs found among the paragraphs the ordered pairs left over.
    pub moves: Vec<(usize, usize, f64)>,
    /// Old paragraphs with no counterpart, in order.
    pub dropped: Vec<usize>,
    /// New paragraphs with no counterpart, in order.
    pub added: Vec<usize>,
}

/// Aligns `old` with `new` (shingle sets of their paragraphs).
pub fn align(old: &[Shingles], new: &[Shingles]) -> Alignment {
    let (n, m) = (old.len(), new.len());
    let sim: Vec<f64> = old
        .iter()
        .flat_map(|a| new.iter().map(move |b| a.dice(b)))
        .collect();
    let s = |i: usize, j: usize| sim[i * m + j];
    // best[i][j]: greatest total similarity of ordered pairs within
    // old[i..] × new[j..].
    let w = m + 1;
    let mut best = vec![0.0f64; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[(i + 1) * w + j].max(best[i * w + j + 1]);
            let take = if s(i, j) >= MATCH_MIN {
                s(i, j) + best[(i + 1) * w + j + 1]
            } else {
                f64::NEG_INFINITY
            };
            best[i * w + j] = skip.max(take);
        }
    }
    let mut a = Alignment::default();
    let (mut i, mut j) = (0, 0);
    let mut old_used = vec![false; n];
    let mut new_used = vec![false; m];
    while i < n && j < m {
        let here = best[i * w + j];
        if s(i, j) >= MATCH_MIN && here == s(i, j) + best[(i + 1) * w + j + 1] {
            a.pairs.push((i, j, s(i, j)));
            old_used[i] = true;
            new_used[j] = true;
            i += 1;
            j += 1;
        } else if here == best[(i + 1) * w + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    // Moves: the most similar of the remaining pairs first.
    let mut rest: Vec<(usize, usize, f64)> = (0..n)
        .filter(|&i| !old_used[i])
        .flat_map(|i| {
            let new_used = &new_used;
            (0..m)
                .filter(move |&j| !new_used[j])
                .map(move |j| (i, j, s(i, j)))
        })
        .filter(|&(_, _, x)| x >= MATCH_MIN)
        .collect();
    rest.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    for (i, j, x) in rest {
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            a.moves.push((i, j, x));
        }
    }
    a.moves.sort_by_key(|&(i, j, _)| (j, i));
    a.dropped = (0..n).filter(|&i| !old_used[i]).collect();
    a.added = (0..m).filter(|&j| !new_used[j]).collect();
    a
}

/// The best similarity of each paragraph of `of` against any of `against`
/// (0 when `against` is empty): what the threshold is measured with.
pub fn best_scores(of: &[Shingles], against: &[Shingles]) -> Vec<f64> {
    of.iter()
        .map(|a| against.iter().map(|b| a.dice(b)).fold(0.0, f64::max))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(texts: &[&str]) -> Vec<Shingles> {
        texts.iter().map(|t| Shingles::of(t)).collect()
    }

    #[test]
    fn dice_of_equal_and_disjoint_texts() {
        let a = Shingles::of("Requests the Secretary-General to report");
        assert_eq!(a.dice(&a), 1.0);
        let b = Shingles::of("Decides to remain seized of the matter");
        assert_eq!(a.dice(&b), 0.0);
        assert_eq!(Shingles::of("").dice(&Shingles::of("")), 0.0);
        // Case and punctuation do not count.
        assert_eq!(
            a.dice(&Shingles::of("REQUESTS the Secretary General, to report;")),
            1.0
        );
    }

    #[test]
    fn renumbered_paragraphs_align_by_content() {
        let old = sh(&[
            "Takes note of the report of the Secretary-General",
            "Urges Member States to ratify the Convention against Corruption",
            "Requests the Office to continue to provide technical assistance",
        ]);
        let new = sh(&[
            "Reaffirms its commitment to the rule of law at all levels",
            "Takes note with appreciation of the report of the Secretary-General",
            "Requests the Office to continue to provide technical assistance",
        ]);
        let a = align(&old, &new);
        let pairs: Vec<(usize, usize)> = a.pairs.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(pairs, vec![(0, 1), (2, 2)]);
        assert_eq!(a.dropped, vec![1]);
        assert_eq!(a.added, vec![0]);
        assert!(a.moves.is_empty());
    }

    #[test]
    fn a_paragraph_that_moved_is_found() {
        let old = sh(&[
            "Decides to include in the provisional agenda of its next session the item",
            "Urges Member States to ratify the Convention against Corruption",
            "Requests the Office to continue to provide technical assistance",
            "Invites Member States to contribute to the Fund",
        ]);
        let new = sh(&[
            "Urges Member States to ratify the Convention against Corruption",
            "Requests the Office to continue to provide technical assistance",
            "Invites Member States to contribute to the Fund",
            "Decides to include in the provisional agenda of its next session the item",
        ]);
        let a = align(&old, &new);
        assert_eq!(a.pairs.len(), 3);
        assert_eq!(a.moves.len(), 1);
        assert_eq!((a.moves[0].0, a.moves[0].1), (0, 3));
        assert!(a.dropped.is_empty() && a.added.is_empty());
    }

    #[test]
    fn empty_sides() {
        let one = sh(&["Notes the report"]);
        let a = align(&[], &one);
        assert_eq!(a.added, vec![0]);
        let a = align(&one, &[]);
        assert_eq!(a.dropped, vec![0]);
    }
}
