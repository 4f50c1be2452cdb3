//! Regex compilation for this crate and `ofsted-transform`: every pattern's word
//! boundaries (`\b`, `\B`) become ASCII ones (`(?-u:\b)`, `(?-u:\B)`).
//!
//! Why: the regex crate's fast engine (a lazy DFA) cannot evaluate a Unicode word boundary
//! once the haystack holds a non-ASCII byte, and every real report holds some (curly
//! quotes, dashes, `£`). The search then falls back to the PikeVM, which was about half of
//! the pipeline's CPU time. With ASCII boundaries the lazy DFA runs on any text. The one
//! difference: a letter outside ASCII (`é`, `ë`) no longer counts as a word character at a
//! boundary; the patterns here anchor on English words, so that does not change a match
//! on the corpus (outputs were compared byte for byte).
//!
//! What it is not for: anything else about patterns (`\w`, `\s` and case folding stay
//! Unicode-aware).

use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Patterns compiled so far by this process.
static COMPILED: AtomicUsize = AtomicUsize::new(0);

/// How many patterns this process has compiled (or started building) so far. Patterns
/// belong in statics, compiled once: a test analyses a document twice and checks the
/// second time compiles none (one compile per document cost 180 ms a corpus run).
pub fn compiled() -> usize {
    COMPILED.load(Ordering::Relaxed)
}

/// `pattern` with each `\b` / `\B` escape (not an escaped backslash followed by `b`)
/// rewritten as its ASCII form.
pub fn ascii_boundaries(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains("\\b") && !pattern.contains("\\B") {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(e);
                out.push(')');
            }
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// [`Regex::new`] with ASCII word boundaries. Every pattern is built in (compiled once,
/// in a `LazyLock`), so one that does not compile is a bug: it is reported on stderr with
/// its text and the error (once, as its `LazyLock` runs once), and the caller's rule
/// never matches.
#[allow(clippy::disallowed_methods)] // the one place that may call it
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    COMPILED.fetch_add(1, Ordering::Relaxed);
    let compiled = Regex::new(&ascii_boundaries(pattern));
    if let Err(e) = &compiled {
        eprintln!(
            "error: internal error (a bug): a built-in pattern does not compile, its rule never matches: {pattern:?}: {e}"
        );
    }
    compiled
}

/// A [`RegexBuilder`] with ASCII word boundaries.
#[allow(clippy::disallowed_methods)] // the one place that may call it
pub fn builder(pattern: &str) -> RegexBuilder {
    COMPILED.fetch_add(1, Ordering::Relaxed);
    RegexBuilder::new(&ascii_boundaries(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_pattern_is_an_error_not_a_panic() {
        assert!(new(r"(unclosed").is_err());
        assert!(new(r"\bok\b").is_ok());
    }

    #[test]
    fn rewrites_boundaries_but_not_escaped_backslashes() {
        assert_eq!(ascii_boundaries(r"\bOfsted\b"), r"(?-u:\b)Ofsted(?-u:\b)");
        assert_eq!(ascii_boundaries(r"a\Bb"), r"a(?-u:\B)b");
        assert_eq!(ascii_boundaries(r"\\b\d"), r"\\b\d");
        assert_eq!(ascii_boundaries(r"plain"), "plain");
    }

    #[test]
    fn ascii_boundary_matches_beside_non_ascii_punctuation() {
        let r = new(r"(?i)\bcouncil\b").ok();
        let text = "“The council’s £3m plan” – council.";
        let hits = r.map_or(0, |r| r.find_iter(text).count());
        assert_eq!(hits, 2);
    }
}
