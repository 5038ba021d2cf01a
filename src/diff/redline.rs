//! Word-level redline of two texts: the old text's words that were
//! deleted, the new text's words that were inserted, and those they share,
//! in reading order.
//!
//! Input: two strings. Output: a list of [`Edit`]s whose `same` and
//! `insert` parts, read in order, give back the new text exactly (white
//! space included), and whose `same` and `delete` parts give back the old
//! text's tokens (shared tokens carry the new text's spacing). Words are
//! compared as written (case and punctuation count), except that curly
//! and straight quotes are one character ([`fold_quotes`]): converters
//! produce either. The shared part is a longest common subsequence of
//! tokens, so a rewording shows as the few words that changed and not as
//! a whole sentence replaced.

use std::borrow::Cow;

use serde::Serialize;

/// What happened to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EditOp {
    Same,
    Delete,
    Insert,
}

/// A run of text of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub op: EditOp,
    pub text: String,
}

/// Largest table (old tokens × new tokens, after the common ends are
/// trimmed) the longest-common-subsequence search fills; past it the
/// middle is shown as deleted and inserted whole. Operative paragraphs
/// stay far below it (the longest of the corpus has about 1,500 tokens).
const MAX_CELLS: usize = 16 << 20;

/// A token: a word, a number, or one other character, with the white
/// space that follows it (kept so the texts come back exactly).
#[derive(Debug, Clone)]
struct Token<'a> {
    /// What is compared: the token without its white space, quotes folded.
    core: Cow<'a, str>,
    full: &'a str,
}

/// Curly, low and prime quotes as the straight `"` and `'`.
pub fn fold_quotes(s: &str) -> Cow<'_, str> {
    let fold = |c: char| match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
        c => c,
    };
    if s.chars().all(|c| fold(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(fold).collect())
    }
}

fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    // White space before the first token belongs to no word: keep it as a
    // token of its own, with an empty core.
    let lead = s.len() - s.trim_start().len();
    if lead > 0 {
        out.push(Token {
            core: Cow::Borrowed(""),
            full: &s[..lead],
        });
        while chars.peek().is_some_and(|&(i, _)| i < lead) {
            chars.next();
        }
    }
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        let core_end = end;
        while let Some(&(i, d)) = chars.peek() {
            if d.is_whitespace() {
                end = i + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(Token {
            core: fold_quotes(&s[start..core_end]),
            full: &s[start..end],
        });
    }
    out
}

/// The redline of `old` against `new`.
pub fn redline(old: &str, new: &str) -> Vec<Edit> {
    let a = tokens(old);
    let b = tokens(new);
    let mut ops: Vec<Op<'_>> = Vec::with_capacity(a.len().max(b.len()));
    let prefix = a
        .iter()
        .zip(&b)
        .take_while(|(x, y)| x.core == y.core)
        .count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x.core == y.core)
        .count();
    // The shared ends take the new text's spacing: the redline reads as the
    // new text with the old words struck through.
    for (x, y) in a[..prefix].iter().zip(&b[..prefix]) {
        ops.push((EditOp::Same, y.full, x.full));
    }
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    middle(ma, mb, &mut ops);
    for (x, y) in a[a.len() - suffix..].iter().zip(&b[b.len() - suffix..]) {
        ops.push((EditOp::Same, y.full, x.full));
    }
    merge(ops)
}

/// What happened to a token: the op, the token as written on its side (the
/// new side for shared tokens), and for a shared token the old side's.
type Op<'a> = (EditOp, &'a str, &'a str);

/// The edits between two token runs that share no first and no last token.
fn middle<'a>(a: &[Token<'a>], b: &[Token<'a>], ops: &mut Vec<Op<'a>>) {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_CELLS {
        ops.extend(a.iter().map(|t| (EditOp::Delete, t.full, "")));
        ops.extend(b.iter().map(|t| (EditOp::Insert, t.full, "")));
        return;
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..], b[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i].core == b[j].core {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i].core == b[j].core {
            ops.push((EditOp::Same, b[j].full, a[i].full));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            ops.push((EditOp::Delete, a[i].full, ""));
            i += 1;
        } else {
            ops.push((EditOp::Insert, b[j].full, ""));
            j += 1;
        }
    }
    ops.extend(a[i..].iter().map(|t| (EditOp::Delete, t.full, "")));
    ops.extend(b[j..].iter().map(|t| (EditOp::Insert, t.full, "")));
}

/// Joins neighbouring runs of the same kind, and puts each deletion before
/// the insertion it sits with ("[-old-]{+new+}", never the other way). A
/// deletion after a shared word that had a space after it in the old text
/// only ("64/293 of 30 July 2010," -> "64/293,") starts with that space, so
/// the deleted words do not run into the word before them.
fn merge(ops: Vec<Op<'_>>) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let flush = |out: &mut Vec<Edit>, del: &mut String, ins: &mut String| {
        for (op, s) in [(EditOp::Delete, del), (EditOp::Insert, ins)] {
            if !s.is_empty() {
                out.push(Edit {
                    op,
                    text: std::mem::take(s),
                });
            }
        }
    };
    let mut lost_space = "";
    for (op, s, old) in ops {
        match op {
            EditOp::Delete => {
                if del.is_empty() {
                    del.push_str(lost_space);
                }
                lost_space = "";
                del.push_str(s)
            }
            EditOp::Insert => ins.push_str(s),
            EditOp::Same => {
                let trimmed = old.trim_end();
                lost_space = if s.trim_end().len() == s.len() {
                    &old[trimmed.len()..]
                } else {
                    ""
                };
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(e) if e.op == EditOp::Same => e.text.push_str(s),
                    _ => out.push(Edit {
                        op: EditOp::Same,
                        text: s.to_string(),
                    }),
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The number of words (runs of letters and digits: "seventy-third" is
/// two) deleted and inserted.
pub fn changed_words(edits: &[Edit]) -> (usize, usize) {
    let count = |op| {
        edits
            .iter()
            .filter(|e| e.op == op)
            .map(|e| {
                tokens(&e.text)
                    .iter()
                    .filter(|t| t.core.starts_with(char::is_alphanumeric))
                    .count()
            })
            .sum()
    };
    (count(EditOp::Delete), count(EditOp::Insert))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(edits: &[Edit]) -> String {
        edits
            .iter()
            .map(|e| match e.op {
                EditOp::Same => e.text.clone(),
                EditOp::Delete => format!("[-{}-]", e.text),
                EditOp::Insert => format!("{{+{}+}}", e.text),
            })
            .collect()
    }

    fn side(edits: &[Edit], keep: EditOp) -> String {
        edits
            .iter()
            .filter(|e| e.op == EditOp::Same || e.op == keep)
            .map(|e| e.text.as_str())
            .collect()
    }

    #[test]
    fn one_word_changed() {
        let e = redline(
            "Encourages Member States to provide support;",
            "Urges Member States to provide support;",
        );
        assert_eq!(
            show(&e),
            "[-Encourages -]{+Urges +}Member States to provide support;"
        );
    }

    #[test]
    fn words_added_in_the_middle_and_at_the_end() {
        let old = "Requests the Secretary-General to submit a report;";
        let new = "Requests the Secretary-General to submit, within existing resources, a report at its seventy-third session;";
        let e = redline(old, new);
        assert_eq!(side(&e, EditOp::Insert), new);
        assert_eq!(
            show(&e),
            "Requests the Secretary-General to submit{+, within existing resources, +}a report {+at its seventy-third session+};"
        );
        assert_eq!(changed_words(&e), (0, 8));
    }

    #[test]
    fn both_sides_come_back_exactly() {
        let old = "  Notes  the report,\nand welcomes it;";
        let new = "Notes with appreciation the report; welcomes it.";
        let e = redline(old, new);
        assert_eq!(side(&e, EditOp::Insert), new);
        // The old side keeps its own words; shared words carry the new
        // spacing, so only the words are compared.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words(&side(&e, EditOp::Delete)).replace(' ', ""),
            words(old).replace(' ', "")
        );
    }

    #[test]
    fn deleted_words_keep_the_space_before_them() {
        let e = redline(
            "resolutions 64/293 of 30 July 2010, 69/199",
            "resolutions 64/293, 69/199",
        );
        assert_eq!(show(&e), "resolutions 64/293[- of 30 July 2010-], 69/199");
    }

    #[test]
    fn empty_sides() {
        assert_eq!(show(&redline("", "New text")), "{+New text+}");
        assert_eq!(show(&redline("Old text", "")), "[-Old text-]");
        assert!(redline("", "").is_empty());
    }

    #[test]
    fn unicode_words() {
        let e = redline("Côte d’Ivoire et São Tomé", "Côte d’Ivoire and São Tomé");
        assert_eq!(show(&e), "Côte d’Ivoire [-et -]{+and +}São Tomé");
    }
}
