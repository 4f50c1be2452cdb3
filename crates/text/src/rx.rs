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
//! It is also the registry of built-in patterns. Each pattern is a `static` compiled once,
//! in a `LazyLock`, by [`new`]; each module lists its pattern statics (and its submodules)
//! in one [`register!`] line, which gives the module a test-only `registered_patterns()`.
//! A crate's root test forces every registered pattern with [`check_all`], which names each
//! one that does not compile, and a source scan ([`unregistered`]) names any pattern static
//! left out of its module's line. A pattern that does not compile therefore fails a test
//! instead of silently never matching.
//!
//! What it is not for: anything else about patterns (`\w`, `\s` and case folding stay
//! Unicode-aware).

use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::sync::Mutex;
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
        if let Ok(mut failed) = FAILED.lock() {
            failed.push(format!("{pattern:?}: {e}"));
        }
    }
    compiled
}

/// Every pattern [`new`] failed to compile in this process, with its error.
static FAILED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// One registered pattern static: its path (`module::NAME`) and how to force it.
#[derive(Debug, Clone, Copy)]
pub struct Registered {
    /// `module_path!()::NAME` of the static.
    pub name: &'static str,
    /// Forces the static's `LazyLock` (compiling its pattern or patterns through [`new`]).
    pub force: fn(),
}

/// Lists a module's pattern statics and its submodules that have some, as a test-only
/// `pub(crate) fn registered_patterns() -> Vec<Registered>` for [`check_all`]:
/// `register!(A_RE, B_RE; child, other_child);` (either list may be empty). A submodule
/// with patterns left out of its parent's line leaves its own function unused, which the
/// `dead_code` lint reports.
#[macro_export]
macro_rules! register {
    ($($pattern:ident),* $(,)?) => { $crate::register!($($pattern),* ;); };
    ($($pattern:ident),* ; $($module:ident),* $(,)?) => {
        /// This module's built-in patterns and its submodules' (see `ofsted_text::rx`).
        #[cfg(test)]
        pub(crate) fn registered_patterns() -> Vec<$crate::rx::Registered> {
            #[allow(unused_mut)]
            let mut all: Vec<$crate::rx::Registered> = vec![$($crate::rx::Registered {
                name: concat!(module_path!(), "::", stringify!($pattern)),
                force: || {
                    std::sync::LazyLock::force(&$pattern);
                },
            }),*];
            $(all.extend($module::registered_patterns());)*
            all
        }
    };
}
pub use crate::register;

/// A crate's root test of its patterns, `ofsted_text::rx::patterns_test!();` inside its
/// `#[cfg(test)]` module: [`check_crate`] over the crate's `registered_patterns()` and
/// its `src` directory must find no problem.
#[macro_export]
#[allow(clippy::crate_in_macro_def)] // the calling crate's `registered_patterns()`, on purpose
macro_rules! patterns_test {
    () => {
        /// Every built-in pattern of the crate compiles and every pattern static is in
        /// its module's `register!` line (`ofsted_text::rx::check_crate`).
        #[test]
        fn every_built_in_pattern_compiles_and_is_registered() {
            let src = ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            let problems = $crate::rx::check_crate(
                &crate::registered_patterns(),
                &src,
                env!("CARGO_CRATE_NAME"),
            );
            assert!(
                problems.is_empty(),
                "built-in patterns:\n{}",
                problems.join("\n")
            );
        }
    };
}

pub use crate::patterns_test;

/// Forces every pattern in `registered` and returns one line per pattern that did not
/// compile: the static's name with the pattern and its error, or (for one that an earlier
/// caller already forced) the pattern and its error alone. Empty when all compile.
pub fn check_all(registered: &[Registered]) -> Vec<String> {
    let failed = || FAILED.lock().map(|f| f.clone()).unwrap_or_default();
    let before = failed();
    let mut named = Vec::new();
    for r in registered {
        let was = failed().len();
        (r.force)();
        named.extend(failed()[was..].iter().map(|f| format!("{}: {f}", r.name)));
    }
    named.extend(before);
    named
}

/// Pattern statics in `source` (one Rust file's text, whose module path is `module`)
/// that its `register!` line leaves out, as `module::NAME`. A pattern static is a
/// top-level `static` (at the start of a line: statics of test modules are indented) whose
/// initialiser calls `rx::new` or `rx::builder`, or a `lazy_re!(NAME, …)`.
pub fn unregistered(module: &str, source: &str) -> Vec<String> {
    let listed: Vec<&str> = source
        .find("register!(")
        .and_then(|at| source[at + "register!(".len()..].split(')').next())
        .map(|list| {
            list.split([',', ';'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect()
        })
        .unwrap_or_default();
    pattern_statics(source)
        .into_iter()
        .filter(|name| !listed.contains(name))
        .map(|name| format!("{module}::{name}"))
        .collect()
}

/// A crate's whole pattern check, for its root test: [`check_all`] over its
/// `registered_patterns()` and [`unregistered_in`] over its `src` directory, one line per
/// problem (empty when every pattern compiles and is registered; a crate registering none
/// is a problem too).
pub fn check_crate(
    registered: &[Registered],
    src: &std::path::Path,
    crate_name: &str,
) -> Vec<String> {
    let mut problems = check_all(registered);
    if registered.is_empty() {
        problems.push(format!("{crate_name}: no pattern registered"));
    }
    problems.extend(
        unregistered_in(src, crate_name).into_iter().map(|name| {
            format!("{name}: a pattern static missing from its module's register! line")
        }),
    );
    problems
}

/// [`unregistered`] over every file of a crate's `src` directory (its module path from
/// the file's path under `crate_name`), leaving out test-module files (`tests.rs`). A file
/// that cannot be read is named too, so the check cannot pass by reading nothing.
pub fn unregistered_in(src: &std::path::Path, crate_name: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    let mut files = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            found.push(format!("{}: cannot be read", dir.display()));
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                files += 1;
                match std::fs::read_to_string(&path) {
                    Ok(code) => {
                        found.extend(unregistered(&module_of(src, &path, crate_name), &code))
                    }
                    Err(e) => found.push(format!("{}: {e}", path.display())),
                }
            }
        }
    }
    if files == 0 {
        found.push(format!("{}: no Rust files", src.display()));
    }
    found.sort();
    found
}

/// `crate_name::a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; `crate_name` for `src/lib.rs`.
fn module_of(src: &std::path::Path, file: &std::path::Path, crate_name: &str) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut path = vec![crate_name.to_owned()];
    path.extend(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .filter(|c| c != "lib" && c != "mod"),
    );
    path.join("::")
}

/// The item that starts `rest`: up to its first line that ends in `;`, either its own
/// first line or one starting at the line's first column (`});`).
fn statement_at(rest: &str) -> &str {
    let mut end = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        end += line.len();
        let line = line.trim_end();
        if line.ends_with(';') && (i == 0 || !line.starts_with(char::is_whitespace)) {
            break;
        }
    }
    &rest[..end]
}

/// The names of the pattern statics of `code` (see [`unregistered`]).
fn pattern_statics(code: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices('\n') {
        let rest = &code[at + 1..];
        if let Some(after) = rest.strip_prefix("lazy_re!(") {
            names.push(after.split(',').next().unwrap_or("").trim());
            continue;
        }
        let decl = ["pub(crate) static ", "pub static ", "static "]
            .iter()
            .find_map(|p| rest.strip_prefix(p));
        let Some(decl) = decl else { continue };
        let statement = statement_at(rest);
        if statement.contains("rx::new(") || statement.contains("rx::builder(") {
            names.push(decl.split(':').next().unwrap_or("").trim());
        }
    }
    names.retain(|n| !n.is_empty());
    names
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
    use std::sync::LazyLock;

    static BAD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| new(r"(unclosed").ok());
    static GOOD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| new(r"\bclosed\b").ok());
    crate::register!(BAD_RE, GOOD_RE);

    #[test]
    fn check_all_names_the_pattern_that_does_not_compile() {
        // (other tests of this process may have failed on the same text unnamed)
        let failed = check_all(&registered_patterns());
        let named = "ofsted_text::rx::tests::BAD_RE: \"(unclosed\": regex parse error";
        assert!(failed.iter().any(|f| f.starts_with(named)), "{failed:?}");
        assert!(failed.iter().all(|f| !f.contains("GOOD_RE")), "{failed:?}");
    }

    #[test]
    fn unregistered_names_a_pattern_static_left_out() {
        let source = "use x;\nstatic A_RE: Lazy = LazyLock::new(|| crate::rx::new(r\"a\").ok());\n\
             static B_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {\n    let alt = 1;\n    crate::rx::new(\n        r\"b\",\n    ).ok()\n});\n\
             static N: usize = 3;\nlazy_re!(\n    C_RE,\n    r\"c\"\n);\ncrate::rx::register!(A_RE; child);\n\
             #[cfg(test)]\nmod tests {\n    static T_RE: Lazy = LazyLock::new(|| crate::rx::new(r\"t\").ok());\n}\n";
        assert_eq!(unregistered("m", source), ["m::B_RE", "m::C_RE"]);
    }

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
