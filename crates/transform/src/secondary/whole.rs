//! Grades stated of the authority's children's services as a whole, in sentences that name
//! no judgement: "the council was judged to require improvement", "Ofsted rated the council
//! as good", "its services were rated inadequate overall", "…, when they were judged to
//! require improvement to be good".
//!
//! Such a grade is the overall effectiveness grade only when the grade's subject is the
//! authority itself, its (children's) services or department, a pronoun standing for them,
//! or a name with "overall" after the grade; never when the sentence names a school,
//! nursery, children's home or another service, and never when the words after the grade
//! narrow it ("good for adoption", "inadequate in some areas"). Precision before recall: a
//! sub-judgement is never guessed, the grade is dropped instead.

use super::scope;
use crate::{Lazy, re};
use std::sync::LazyLock;

/// The grade's subject at the end of the text before its verb frame: the authority, its
/// services or department, a pronoun, or a name; then auxiliaries. Groups: 1 authority,
/// 2 services, 3 pronoun, 4 name.
static SUBJECT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?:^|[\s,(])(?:((?:(?i:the|its|their)\s+)?(?:(?:[A-Z][\w’'-]*\s+){0,3}(?i:county\s+|borough\s+|city\s+|district\s+|metropolitan\s+)?(?i:council)|(?i:local\s+)?(?i:authority))(?:['’]s)?)|((?i:the|its|their)\s+(?:(?i:council|authority)['’]s\s+)?(?:(?i:whole|entire)\s+)?(?i:department|services?)(?:\s+(?i:for\s+children)(?:\s+(?i:and)\s+(?i:young\s+people|families))?)?|(?i:services\s+for\s+children)(?:\s+(?i:and)\s+(?i:young\s+people|families))?(?:\s+(?i:in|at)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})?)|\b((?i:it|they))|([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}(?:['’]s)?))(?:\s+(?i:is|are|was|were|has|have|had|been|being|now|still|previously|also|again|last|once|originally|subsequently|then|currently|overall|judged|rated))*\s*[‘'“"]?\s*$"#,
    )
    .ok()
});

/// Words before a pronoun's clause that it may stand for.
static ANTECEDENT_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)\b(?:council|authority|department|services)\b").ok());

/// Right after a grade: a part of the services, not all of them ("good in most areas",
/// "inadequate across some services").
static PART_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)^[’'”"]?\s*(?:in|across|for|on)\s+(?:the\s+)?(?:some|most|many|several|a\s+few|a\s+number\s+of|certain|other|parts?|half|majority|minority|one|two|three|four)\b"#,
    )
    .ok()
});

/// "for the first time", "for a third consecutive time": "for" that narrows nothing.
static NTH_TIME_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*for\s+(?:the|a)\s+(?:(?:first|second|third|fourth|fifth|sixth)\s+|(?:\w+\s+)?(?:consecutive|successive|straight)\s+)+time\b",
    )
    .ok()
});

/// A word right after the grade that narrows it to a part ("for", "across", …).
const NARROWING: &[&str] = &[
    "for", "across", "on", "with", "under", "from", "among", "within",
];

/// The span (relative to `sentence`) of the subject that makes a grade at `grade_end` the
/// authority's overall grade; `clause_start..frame_start` is the text before the grade's
/// verb frame. `None` when the subject is not the authority's services as a whole.
pub(crate) fn subject(
    sentence: &str,
    clause_start: usize,
    frame_start: usize,
    grade_end: usize,
) -> Option<(usize, usize)> {
    let up_to_grade = sentence.get(..grade_end)?;
    if scope::names_other_service(up_to_grade) {
        return None;
    }
    let after = sentence
        .get(grade_end..)?
        .trim_start_matches(['\'', '"', '’', '”']);
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if NARROWING.contains(&next.as_str()) && !re(&NTH_TIME_RE).is_some_and(|r| r.is_match(after)) {
        return None;
    }
    if next == "in" {
        let rest = after.trim_start().get(2..).unwrap_or("").trim_start();
        let dated = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            || crate::dates::month_number(rest.split_whitespace().next().unwrap_or("")).is_some();
        if !dated {
            return None;
        }
    }
    let overall_after = next == "overall" || after.trim_start().starts_with("as a whole");
    subject_span(sentence, clause_start, frame_start, overall_after)
}

/// Whether the words right after the grade ending at `grade_end` narrow it to a part of
/// the services ([`PART_RE`]): then it is no grade of the services as a whole.
pub(crate) fn partial_after(sentence: &str, grade_end: usize) -> bool {
    let after = sentence.get(grade_end..).unwrap_or("");
    re(&PART_RE).is_some_and(|r| r.is_match(after))
}

/// The authority, its services or department, or a pronoun standing for them, at the end
/// of `sentence[clause_start..frame_start]` (auxiliaries after it allowed); a bare name
/// counts only when `name_ok`. Whatever follows the grade is the caller's business.
pub(crate) fn subject_span(
    sentence: &str,
    clause_start: usize,
    frame_start: usize,
    name_ok: bool,
) -> Option<(usize, usize)> {
    subject_kind(sentence, clause_start, frame_start, name_ok).map(|(span, _)| span)
}

/// The authority itself ("the council", "Barset County Council"; no pronoun, no bare
/// services) at the end of `sentence[start..end]`: its span.
pub(crate) fn authority_span(sentence: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    subject_kind(sentence, start, end, false)
        .filter(|&(_, kind)| kind == 1)
        .map(|(span, _)| span)
}

/// [`subject_span`] with the kind of subject (the group of [`SUBJECT_RE`]).
fn subject_kind(
    sentence: &str,
    clause_start: usize,
    frame_start: usize,
    name_ok: bool,
) -> Option<((usize, usize), usize)> {
    let before_frame = sentence.get(clause_start..frame_start)?;
    let c = re(&SUBJECT_RE)?.captures(before_frame)?;
    let (g, kind) = (1..=4).find_map(|i| c.get(i).map(|g| (g, i)))?;
    let ok = match kind {
        1 | 2 => true,
        3 => {
            let earlier = sentence.get(..clause_start + g.start()).unwrap_or("");
            scope::names_childrens_services(earlier)
                || re(&ANTECEDENT_RE).is_some_and(|r| r.is_match(earlier))
        }
        _ => name_ok,
    };
    ok.then_some(((clause_start + g.start(), clause_start + g.end()), kind))
}

crate::rx::register!(SUBJECT_RE, ANTECEDENT_RE, PART_RE, NTH_TIME_RE);
