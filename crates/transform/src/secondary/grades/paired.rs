//! The second grade of a pair, after a grade the sentence has already stated: "rated A as
//! 'requires improvement' and B as 'good'", "judged A 'outstanding' and B 'good'", "rated
//! 'good' overall and 'outstanding' for the impact of leaders", "found them to be 'good'
//! with 'outstanding' leadership". The first grade's verb frames the second.

use super::accept::{Accepted, OBJECT_TAIL};
use super::{Hit, Prev, RawGrade, Sentence, after, shifted};
use crate::areas::{AreaHit, AreaWord, find_areas};
use crate::secondary::scope;
use crate::{Lazy, re};
use ofsted_model::vocab::JudgementSource;
use std::sync::LazyLock;

/// Between the grades: "overall" perhaps, then a conjunction ("' overall and '", "', but '").
static CONJ_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)^[’'”"]?\s*(?:(?:overall|as\s+a\s+whole)\s*)?(?:,\s*(?:(?:and|but|while|whilst|whereas|with)\s*)?|(?:and|but|while|whilst|whereas|with)\s*)[‘'“"]?\s*$"#,
    )
    .ok()
});

/// Between the grades: a conjunction and the second object ("' and its help and protection
/// services as '"). Group `obj`: the object.
static CONJ_OBJECT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)^[’'”"]?\s*,?\s*(?:and|but|while|whilst|whereas|with)\s+(?:(?:the|its|their|our)\s+)?(?P<obj>[^,;:.‘'“"]{2,90}?)\s+(?:(?:as|being)\s+)?[‘'“"]?\s*$"#,
    )
    .ok()
});

/// Between the grades of "'good' with 'outstanding' leadership": "with" or "and".
static WITH_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r#"(?i)^[’'”"]?\s*(?:(?:overall|as\s+a\s+whole)\s*)?,?\s*(?:with|and)\s+(?:an?\s+)?[‘'“"]?\s*$"#).ok()
});

/// What may join two areas after an attributive grade ("leadership and management").
const AREA_JOIN: usize = 6;

/// The second grade of a pair with its areas after it ("... overall and 'outstanding' for
/// A") or its object before it ("... and B as 'good'"), when the previous grade was read.
pub(super) fn second(sn: &Sentence<'_>, hit: Hit, prev: Prev) -> Option<Accepted> {
    if !prev.accepted {
        return None;
    }
    let gap = sn.body.get(prev.end..hit.start)?;
    let next = sn
        .hits
        .iter()
        .find(|h| h.start > hit.start)
        .map_or(sn.body.len(), |h| h.start);
    if re(&CONJ_RE).is_some_and(|r| r.is_match(gap))
        && after::areas(sn, hit.end, next, true).is_some()
    {
        return Some(Accepted {
            parallel: true,
            ..Accepted::at(hit.start)
        });
    }
    let obj = re(&CONJ_OBJECT_RE)?.captures(gap)?.name("obj")?;
    area_object(obj.as_str())?;
    let from = prev.end + obj.start();
    Some(Accepted {
        object_from: Some(from),
        ..Accepted::at(prev.end + obj.end())
    })
}

/// The areas of an object that is nothing but area phrases and a tail word ("its help and
/// protection services"), starting near its start.
fn area_object(object: &str) -> Option<Vec<AreaHit>> {
    let areas = find_areas(object);
    let (first, last) = (areas.first()?, areas.last()?);
    let tail = object.get(last.end..)?.trim().to_lowercase();
    let tail_ok = tail.split_whitespace().all(|w| OBJECT_TAIL.contains(&w));
    let specific = areas.iter().any(|a| a.word != AreaWord::ChildrensServices);
    (first.start <= 25 && tail_ok && specific).then_some(areas)
}

/// "'good' with 'outstanding' leadership": after a grade already read, "with" (or "and")
/// and a grade right before the areas it grades. Returns the grades and where their words
/// end.
pub(super) fn attributive(
    sn: &Sentence<'_>,
    hit: Hit,
    prev: Prev,
    next: usize,
) -> Option<(Vec<RawGrade>, Prev)> {
    if !prev.accepted {
        return None;
    }
    let gap = sn.body.get(prev.end..hit.start)?;
    re(&WITH_RE)?.is_match(gap).then_some(())?;
    let from = sn.grade_end(hit);
    let rest = sn.body.get(from..next)?;
    let areas = leading_areas(rest)?;
    let end = from + areas.last()?.end;
    if scope::names_other_service(sn.body.get(..end)?) || !ends_phrase(sn.body, end) {
        return None;
    }
    let found = sn.graded(&shifted(areas, from), hit, JudgementSource::Prose);
    let done = Prev {
        end,
        areas_after: false,
        accepted: true,
    };
    Some((found, done))
}

/// The area phrases that open `rest` ("leadership", "help and protection"), joined by
/// "and" or a comma.
fn leading_areas(rest: &str) -> Option<Vec<AreaHit>> {
    let mut out: Vec<AreaHit> = Vec::new();
    for a in find_areas(rest) {
        let edge = out.last().map_or(0, |p| p.end);
        let gap = rest
            .get(edge..a.start)?
            .trim()
            .trim_start_matches(',')
            .trim();
        let joined = if out.is_empty() {
            gap.is_empty()
        } else {
            gap.len() <= AREA_JOIN && matches!(gap.to_lowercase().as_str(), "and" | "")
        };
        if !joined || a.word == AreaWord::ChildrensServices {
            break;
        }
        out.push(a);
    }
    (!out.is_empty()).then_some(out)
}

/// Whether the area phrase ending at `end` ends the grade's words: a tail word ("leadership
/// practice"), or what may follow a predicate grade (punctuation, "and", "after").
fn ends_phrase(body: &str, end: usize) -> bool {
    let (_, word) = super::next_word(body, end);
    super::followed_ok(body, end) || OBJECT_TAIL.contains(&word.as_str())
}

crate::rx::register!(CONJ_RE, CONJ_OBJECT_RE, WITH_RE);
