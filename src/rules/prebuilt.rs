//! Searches of the built-in rules compiled ahead of time.
//!
//! Compiling the combined searches of the rules (qualifiers, elaborations,
//! deadlines) is most of what loading the built-in rules used to cost, and
//! compiling the expressions of the qualifiers found at the start of an
//! action, of the conditions on an addressee, or of the references, most
//! of what a first document did. These searches are kept compiled, as dense DFAs
//! (regex-automata, forward and reverse, little-endian), in
//! `src/rules/prebuilt/`, and read in place at start-up, without building
//! anything. Each is used only when the rules loaded give exactly the
//! patterns it was compiled from (kept beside it, one per line): a user's
//! rule file, or a machine that reads the bytes otherwise, gets the search
//! compiled as before (or, for those that only say whether a rule can
//! match, none). A test fails when the files are not those the rules give;
//! they are written again with
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

static ALL: [Prebuilt; 6] = [
    prebuilt!("qualifiers"),
    prebuilt!("elaborations"),
    prebuilt!("deadlines"),
    prebuilt!("at-start"),
    prebuilt!("conditions"),
    prebuilt!("references"),
];

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
    // SAFETY: the bytes are those `compile` wrote with the version of
    // regex-automata the project is built with: they are part of the
    // source, and the test suite compiles the same patterns again and
    // compares the bytes (`the_prebuilt_searches_are_those_the_rules_give`)
    // and reads them with every check (`every_prebuilt_search_is_valid`).
    // What is still checked here (label, byte order, format version, sizes)
    // turns bytes of another machine or version into no search. Checking
    // the transition tables at each start would cost 3.7 M instructions, a
    // fifth of a start-up.
    let (forward, _) = unsafe { dense::DFA::from_bytes_unchecked(&p.forward.0) }.ok()?;
    let (reverse, _) = unsafe { dense::DFA::from_bytes_unchecked(&p.reverse.0) }.ok()?;
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
    fn every_prebuilt_search_is_valid() {
        for p in &ALL {
            for bytes in [&p.forward.0, &p.reverse.0] {
                let (dfa, read) = dense::DFA::from_bytes(bytes)
                    .unwrap_or_else(|e| panic!("src/rules/prebuilt/{}: {e}", p.what));
                assert_eq!(read, bytes.len(), "{}", p.what);
                // What the unchecked read gives is the same DFA.
                // SAFETY: the same bytes passed every check just above.
                let (unchecked, _) = unsafe { dense::DFA::from_bytes_unchecked(bytes) }.unwrap();
                assert_eq!(dfa.memory_usage(), unchecked.memory_usage(), "{}", p.what);
            }
        }
    }

    #[test]
    fn other_patterns_get_no_prebuilt_search() {
        assert!(find("qualifiers", &["as appropriate"]).is_none());
        assert!(find("deadlines", &[]).is_none());
        assert!(find("no such search", &[]).is_none());
    }
}
