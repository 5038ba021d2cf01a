//! Searches of the built-in rules compiled ahead of time.
//!
//! Compiling the combined search of the qualifier rules, and the one of the
//! elaboration rules, is most of what loading the built-in rules used to
//! cost. Both are kept compiled, as dense DFAs (regex-automata, forward and
//! reverse, little-endian), in `src/rules/prebuilt/`, and read in place at
//! start-up. Each is used only when the rules loaded give exactly the
//! patterns it was compiled from (kept beside it, one per line): a user's
//! `qualifiers.yaml`, or a machine that reads the bytes otherwise, gets the
//! search compiled as before. A test fails when the files are not those the
//! rules give; they are written again with
//!
//! ```text
//! cargo run --example prebuilt_searches
//! ```

use regex_automata::dfa::{StartKind, dense, regex::Regex};
use regex_automata::nfa::thompson;

/// Bytes aligned for a DFA to be read in place.
#[repr(C, align(4))]
struct Aligned<B: ?Sized>(B);

/// A search compiled ahead of time.
struct Prebuilt {
    /// The search (the `what` of [`super::RuleSearch`]), and the name of
    /// its files in `src/rules/prebuilt/`.
    what: &'static str,
    /// The patterns it was compiled from, one per line.
    patterns: &'static str,
    forward: &'static Aligned<[u8]>,
    reverse: &'static Aligned<[u8]>,
}

macro_rules! prebuilt {
    ($what:literal) => {
        Prebuilt {
            what: $what,
            patterns: include_str!(concat!("prebuilt/", $what, ".patterns")),
            forward: &Aligned(*include_bytes!(concat!("prebuilt/", $what, ".forward.dfa"))),
            reverse: &Aligned(*include_bytes!(concat!("prebuilt/", $what, ".reverse.dfa"))),
        }
    };
}

static ALL: [Prebuilt; 2] = [prebuilt!("qualifiers"), prebuilt!("elaborations")];

/// A search read from its bytes.
pub type DfaSearch = Regex<dense::DFA<&'static [u32]>>;

/// The searches compiled ahead of time.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|p| p.what)
}

fn same(stored: &str, patterns: &[&str]) -> bool {
    let mut lines = stored.lines();
    patterns.iter().all(|p| lines.next() == Some(*p)) && lines.next().is_none()
}

/// The search `what` compiled ahead of time, if it was compiled from these
/// `patterns` and its bytes read here.
pub fn find(what: &str, patterns: &[&str]) -> Option<DfaSearch> {
    let p = ALL.iter().find(|p| p.what == what)?;
    if !same(p.patterns, patterns) {
        return None;
    }
    let (forward, _) = dense::DFA::from_bytes(&p.forward.0).ok()?;
    let (reverse, _) = dense::DFA::from_bytes(&p.reverse.0).ok()?;
    Some(Regex::builder().build_from_dfas(forward, reverse))
}

/// Compiles `patterns` as [`find`] reads them: (the patterns file, forward
/// DFA, reverse DFA). Leftmost-first, the first pattern winning at one
/// place, as the search compiled at run time; anchored and unanchored
/// searches.
pub fn compile(
    patterns: &[&str],
) -> Result<(String, Vec<u8>, Vec<u8>), Box<regex_automata::dfa::dense::BuildError>> {
    let re = Regex::builder()
        .dense(
            dense::Config::new()
                .minimize(true)
                .start_kind(StartKind::Both),
        )
        .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .build_many(patterns)
        .map_err(Box::new)?;
    let mut text = patterns.join("\n");
    text.push('\n');
    let (forward, pad) = re.forward().to_bytes_little_endian();
    let forward = forward[pad..].to_vec();
    let (reverse, pad) = re.reverse().to_bytes_little_endian();
    let reverse = reverse[pad..].to_vec();
    Ok((text, forward, reverse))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_compared_line_by_line() {
        assert!(same("a\nb\n", &["a", "b"]));
        assert!(!same("a\nb\n", &["a"]));
        assert!(!same("a\n", &["a", "b"]));
        assert!(!same("a\nb\n", &["a\nb"]));
    }

    #[test]
    fn other_patterns_get_no_prebuilt_search() {
        assert!(find("qualifiers", &["as appropriate"]).is_none());
        assert!(find("deadlines", &[]).is_none());
    }
}
