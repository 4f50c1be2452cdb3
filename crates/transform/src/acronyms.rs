//! Acronym definitions: "local authority designated officer (LADO)", and the reverse form
//! "LADO (local authority designated officer)".
//!
//! The expansion is chosen by matching the acronym's letters to the initials of the words
//! before the parenthesis, from the right: each word gives its initial; a hyphenated word
//! ("multi-agency") may give the initial of each part (M, A) or only the first; small words
//! (of, and, the, for, in, ...) may give their initial or nothing; a word may also give its
//! first two letters when the acronym needs them ("Ofsted"-style coinages are ignored: an
//! acronym needs at least two capitals). The expansion starts at the word giving the first
//! letter, so it never swallows the words before it. When no exact match exists, the
//! nearest word with the right initial is accepted if most letters were matched.
//! Only the first definition of each acronym is kept.

use crate::Acronym;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

const SMALL: &[&str] = &[
    "of", "and", "the", "for", "in", "to", "on", "with", "a", "an", "at", "by", "&", "or",
];

static PAREN: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"\(\s*(?P<acr>[A-Za-z][A-Za-z0-9&]{1,11})\s*\)").ok());

static REVERSE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"\b(?P<acr>[A-Z][A-Za-z0-9&]{1,11})\s*\((?P<exp>[A-Za-z][A-Za-z'’ -]{3,100})\)")
        .ok()
});

/// The letters an acronym stands for (upper case), without a plural "s".
fn letters(acr: &str) -> Option<Vec<char>> {
    let upper = acr.chars().filter(|c| c.is_uppercase()).count();
    if upper < 2 {
        return None;
    }
    let bare = match acr.strip_suffix('s') {
        Some(b) if b.chars().last().is_some_and(char::is_uppercase) => b,
        _ => acr,
    };
    Some(
        bare.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// A word of the candidate expansion with its byte offset.
struct Word<'a> {
    start: usize,
    text: &'a str,
}

fn options(w: &str) -> Vec<Vec<char>> {
    let lw = w.to_lowercase();
    let mut opts: Vec<Vec<char>> = Vec::new();
    let parts: Vec<&str> = w.split(['-', '/']).filter(|p| !p.is_empty()).collect();
    let initial = |s: &str| {
        s.chars()
            .next()
            .map(|c| c.to_uppercase().collect::<Vec<char>>())
    };
    if let Some(i) = initial(w) {
        opts.push(i.clone());
        let mut two = i;
        if let Some(c2) = w.chars().nth(1).filter(|c| c.is_alphabetic()) {
            two.extend(c2.to_uppercase());
            opts.push(two);
        }
    }
    if parts.len() > 1 {
        let all: Vec<char> = parts.iter().filter_map(|p| initial(p)).flatten().collect();
        opts.push(all);
    }
    if SMALL.contains(&lw.as_str()) {
        opts.push(Vec::new());
    }
    opts.sort_by_key(|o| std::cmp::Reverse(o.len()));
    opts
}

/// Can `words` (all of them) produce exactly `target`? Words giving nothing are allowed
/// only for small words; the first word must give the first letter.
fn matches(words: &[Word<'_>], target: &[char]) -> bool {
    fn go(words: &[Word<'_>], target: &[char], first: bool) -> bool {
        match words.split_first() {
            None => target.is_empty(),
            Some((w, rest)) => options(w.text).into_iter().any(|o| {
                if first && o.is_empty() {
                    return false;
                }
                target.starts_with(&o) && go(rest, target.get(o.len()..).unwrap_or(&[]), false)
            }),
        }
    }
    go(words, target, true)
}

/// Words before `end` in the same clause (stops at punctuation that ends a phrase).
fn words_before(text: &str, end: usize, max: usize) -> Vec<Word<'_>> {
    let head = text.get(..end).unwrap_or("");
    let clause_start = head
        .rfind([
            '.', ';', ':', '(', ')', ',', '"', '“', '”', '\n', '\t', '!', '?',
        ])
        .map_or(0, |i| i + 1);
    // allow one line break inside an expansion
    let clause_start = if head.get(clause_start.saturating_sub(1)..clause_start) == Some("\n") {
        head.get(..clause_start.saturating_sub(1))
            .and_then(|h| {
                h.rfind([
                    '.', ';', ':', '(', ')', ',', '"', '“', '”', '\n', '\t', '!', '?',
                ])
            })
            .map_or(0, |i| i + 1)
    } else {
        clause_start
    };
    let clause = head.get(clause_start..).unwrap_or("");
    let mut words: Vec<Word<'_>> = Vec::new();
    let mut pos = 0;
    for w in clause.split_whitespace() {
        let off = clause
            .get(pos..)
            .and_then(|r| r.find(w))
            .map_or(pos, |i| pos + i);
        pos = off + w.len();
        words.push(Word {
            start: clause_start + off,
            text: w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'),
        });
    }
    words.retain(|w| !w.text.is_empty());
    let n = words.len();
    words.split_off(n.saturating_sub(max))
}

fn expansion_before(text: &str, paren_start: usize, target: &[char]) -> Option<usize> {
    let words = words_before(text, paren_start, target.len() * 2 + 3);
    let n = words.len();
    // Exact: the shortest suffix of words that spells the acronym.
    for k in 1..=n {
        let suffix = words.get(n - k..)?;
        if matches(suffix, target) {
            return suffix.first().map(|w| w.start);
        }
    }
    // Fallback: nearest word with the first letter, if most letters appear as initials.
    let first = *target.first()?;
    for k in 1..=n.min(target.len() + 2) {
        let suffix = words.get(n - k..)?;
        let w = suffix.first()?;
        if w.text.chars().next().and_then(|c| c.to_uppercase().next()) != Some(first)
            || SMALL.contains(&w.text.to_lowercase().as_str())
        {
            continue;
        }
        let initials: Vec<char> = suffix
            .iter()
            .flat_map(|w| w.text.split(['-', '/']).filter_map(|p| p.chars().next()))
            .flat_map(char::to_uppercase)
            .collect();
        let mut ti = 0;
        for c in &initials {
            if target.get(ti) == Some(c) {
                ti += 1;
            }
        }
        let content = suffix
            .iter()
            .filter(|w| !SMALL.contains(&w.text.to_lowercase().as_str()))
            .count();
        if k >= target.len().saturating_sub(1)
            && ti * 10 >= target.len() * 6
            && content <= target.len() + 1
        {
            return Some(w.start);
        }
    }
    None
}

/// Every acronym defined in `text` with its expansion, first definition of each acronym.
pub fn find_acronyms(text: &str) -> Vec<Acronym> {
    let mut out: Vec<Acronym> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut found: Vec<Acronym> = Vec::new();
    if let Some(re) = PAREN.as_ref() {
        for c in re.captures_iter(text) {
            let (Some(all), Some(acr)) = (c.get(0), c.name("acr")) else {
                continue;
            };
            let Some(target) = letters(acr.as_str()) else {
                continue;
            };
            let Some(start) = expansion_before(text, all.start(), &target) else {
                continue;
            };
            let Some(exp) = text.get(start..all.start()) else {
                continue;
            };
            let expansion = crate::squash(exp);
            if expansion.is_empty() {
                continue;
            }
            found.push(Acronym {
                acronym: acr.as_str().to_owned(),
                expansion,
                start,
                end: all.end(),
            });
        }
    }
    if let Some(re) = REVERSE.as_ref() {
        for c in re.captures_iter(text) {
            let (Some(all), Some(acr), Some(exp)) = (c.get(0), c.name("acr"), c.name("exp")) else {
                continue;
            };
            let Some(target) = letters(acr.as_str()) else {
                continue;
            };
            let words: Vec<Word<'_>> = exp
                .as_str()
                .split_whitespace()
                .map(|w| Word { start: 0, text: w })
                .collect();
            // The expansion must be lower-case or title-case words, not another acronym.
            if words.len() < 2 || !matches(&words, &target) {
                continue;
            }
            found.push(Acronym {
                acronym: acr.as_str().to_owned(),
                expansion: exp
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                start: all.start(),
                end: all.end(),
            });
        }
    }
    found.sort_by_key(|a| a.start);
    for a in found {
        let key = a.acronym.to_uppercase();
        if seen.insert(key) {
            out.push(a);
        }
    }
    out
}

crate::rx::register!(PAREN, REVERSE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn defs(t: &str) -> Vec<(String, String)> {
        find_acronyms(t)
            .into_iter()
            .map(|a| (a.acronym, a.expansion))
            .collect()
    }

    fn d(a: &str, e: &str) -> (String, String) {
        (a.to_owned(), e.to_owned())
    }

    #[test]
    fn forward_definitions() {
        assert_eq!(
            defs("The execution of the local authority designated officer (LADO) duties."),
            [d("LADO", "local authority designated officer")]
        );
        assert_eq!(
            defs("Support from social workers in the emergency duty team (EDT) to children."),
            [d("EDT", "emergency duty team")]
        );
        assert_eq!(
            defs("decision-making in an effective multi-agency safeguarding hub (MASH), which"),
            [d("MASH", "multi-agency safeguarding hub")]
        );
        assert_eq!(
            defs("The effectiveness of the Local Safeguarding Children Board (LSCB) requires"),
            [d("LSCB", "Local Safeguarding Children Board")]
        );
        assert_eq!(
            defs("widespread use of the common assessment framework (CAF) to inform"),
            [d("CAF", "common assessment framework")]
        );
        assert_eq!(
            defs("child and adolescent mental health services (CAMHs) and"),
            [d("CAMHs", "child and adolescent mental health services")]
        );
        assert_eq!(
            defs("supported by their personal advisers (PAs) in a service"),
            [d("PAs", "personal advisers")]
        );
        assert_eq!(
            defs("Inspection of Local Authority Children's Services (ILACS) short inspection"),
            [d(
                "ILACS",
                "Inspection of Local Authority Children's Services"
            )]
        );
        assert_eq!(
            defs(
                "between the multi-agency public protection panel (MAPPA) and the multi-agency risk assessment conference (MARAC)"
            ),
            [
                d("MAPPA", "multi-agency public protection panel"),
                d("MARAC", "multi-agency risk assessment conference")
            ]
        );
        assert_eq!(
            defs("seven of Her Majesty’s Inspectors (HMIs) from"),
            [d("HMIs", "Her Majesty’s Inspectors")]
        );
    }

    #[test]
    fn reverse_and_first_only() {
        assert_eq!(
            defs(
                "The LADO (local authority designated officer) is good. Later the local authority designated officer (LADO) again."
            ),
            [d("LADO", "local authority designated officer")]
        );
    }

    #[test]
    fn ignores_non_definitions() {
        assert!(defs("The Office for Standards in Education, Children's Services and Skills (Ofsted) regulates").is_empty());
        assert!(defs("as seen (see paragraph 12) and (HMI)").is_empty());
        assert!(defs("").is_empty());
    }

    #[test]
    fn span_starts_at_expansion() {
        let t = "Children benefit from the emergency duty team (EDT).";
        let a = &find_acronyms(t)[0];
        assert_eq!(&t[a.start..a.end], "emergency duty team (EDT)");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(multi-agency |local |authority |of |the |\\(|\\)|LADO|MASH|é|’|\\n| ){0,16}") {
            for a in find_acronyms(&s) {
                proptest::prop_assert!(s.get(a.start..a.end).is_some());
            }
        }

        #[test]
        fn never_panics_arbitrary(s in "\\PC{0,100}") {
            for a in find_acronyms(&s) {
                proptest::prop_assert!(s.get(a.start..a.end).is_some());
            }
        }
    }
}
