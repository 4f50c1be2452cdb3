//! A grade named by reference to the one before it: "The council also earned this
//! accolade for the impact of leaders", "It received the same rating for care leavers".
//! The grade is the last one the previous sentence of the paragraph states; the areas
//! follow the reference as they follow a grade ([`super::after`]).

use super::{Clause, Hit, RawGrade, Sentence, after, stated_grades};
use crate::{Lazy, re};
use ofsted_model::vocab::JudgementSource;
use std::sync::LazyLock;

/// "this accolade", "the same rating", "an identical grade".
static REF_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:this|that|the\s+same|an\s+identical)\s+(?:accolade|rating|grade|grading|judge?ment|verdict)\b",
    )
    .ok()
});

/// How far back the previous sentence may start (bytes).
const PREVIOUS: usize = 600;

/// The grades `sn` states by reference to the previous sentence's last grade.
pub(super) fn grades(sn: &Sentence<'_>) -> Vec<RawGrade> {
    let Some(m) = re(&REF_RE).and_then(|r| r.find(sn.body)) else {
        return Vec::new();
    };
    let Some(grade) = previous_grade(sn.text, sn.s) else {
        return Vec::new();
    };
    let hit = Hit {
        start: m.start(),
        end: m.end(),
        grade,
        ri_verb: false,
    };
    let clause = Clause::before(sn.body, 0, hit);
    if clause.negated() || clause.hypothetical() {
        return Vec::new();
    }
    after::areas(sn, m.end(), sn.body.len(), true)
        .filter(|found| !found.is_all())
        .map(|found| found.grades(sn, hit, JudgementSource::Prose))
        .unwrap_or_default()
}

/// The last grade the sentence before `s` states, in the same paragraph.
fn previous_grade(text: &str, s: usize) -> Option<ofsted_model::vocab::Grade> {
    let head = text.get(..s)?.trim_end();
    if head.is_empty() || text.get(head.len()..s)?.contains("\n\n") {
        return None;
    }
    let body = head.get(..head.len().saturating_sub(1))?;
    let from = crate::floor_boundary(body, body.len().saturating_sub(PREVIOUS));
    let start = body
        .get(from..)?
        .rfind(['.', '!', '?', '\n'])
        .map_or(from, |i| from + i + 1);
    stated_grades(text, start, head.len())
        .into_iter()
        .max_by_key(|g| g.start)
        .map(|g| g.grade)
}

crate::rx::register!(REF_RE);
