//! Areas named right after a grade: "rated the council as outstanding for the impact of
//! leaders ..., for ... and for ...", "rated as Good in relation to ...", "Good ratings were
//! received for ...", "'good' judgements in each of the three key service areas of A, B
//! and C", "requires improvement in all areas", "being rated as 'Good' — A; B; C", "rated
//! as 'outstanding' the council's leadership, ...".

use super::accept::FRAME_RE;
use super::every::{self, Every};
use super::{Except, Hit, RawGrade, Sentence};
use crate::areas::{AreaHit, AreaWord, find_areas};
use crate::secondary::scope;
use crate::{Lazy, re};
use ofsted_model::vocab::JudgementSource;
use std::sync::LazyLock;

/// How the areas are introduced: group 1 a preposition, group 2 a dash or colon (a list).
static INTRO_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)^[\s’'”",]*(?:(?:overall|again|also|too|once\s+again)\s+)?(?:(?:by|from)\s+(?:the\s+)?(?:ofsted|inspectorate|inspectors?|regulator|watchdog)(?:\s+inspectors)?\s*,?\s*)?(?:(?:(?:was|were|has\s+been|have\s+been)\s+)?(?:received|given|awarded|achieved|gained|secured)\s+)?(?:(for|in\s+relation\s+to|in\s+respect\s+of|in|across)\b|([—–:-]))"#,
    )
    .ok()
});

/// Where the list of areas ends: another clause.
static CUT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i),\s*with\b|\b(?:while|whilst|whereas|but|although|though|however|which|where|when|that|because|meaning|putting|resulting|following|since|having|said)\b",
    )
    .ok()
});

/// "resulting in the same grading for the service overall": the overall grade is the same.
static SAME_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:resulting\s+in|leading\s+to|giving|with|and)\s+(?:the\s+)?same\s+(?:grade|grading|rating|judgement|judgment)\s+(?:(?:for|of)\s+(?:the\s+)?(?:service|services|council|authority)\s+)?(?:overall|as\s+a\s+whole)\b",
    )
    .ok()
});

/// An outcome graded for a group of children (the Every Child Matters outcomes of the
/// 2009–2013 inspections: "being healthy", "staying safe", "enjoying and achieving",
/// "making a positive contribution", "economic well-being"), named before the group.
static OUTCOME_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:economic\s+(?:well[\s-]?being|prospects)|being\s+healthy|staying\s+safe|enjoying\s+and\s+achieving|(?:making\s+a\s+)?positive\s+contribution)\b",
    )
    .ok()
});

/// Farthest the first area may start after the preposition ("in each of the three key
/// service areas of child protection": 38 bytes).
const FIRST_AREA: usize = 70;

/// Longest gap between two areas of the list (", as well as its ").
const AREA_GAP: usize = 40;

/// The areas after a grade.
pub(super) struct After {
    hits: Vec<AreaHit>,
    /// "all areas" (span relative to the sentence), perhaps with exceptions.
    all: Option<Every>,
}

impl After {
    /// "all areas": every judgement, not named ones.
    pub(super) fn is_all(&self) -> bool {
        self.all.is_some()
    }

    /// The grades `h` states of these areas.
    pub(super) fn grades(
        &self,
        sn: &Sentence<'_>,
        h: Hit,
        source: JudgementSource,
    ) -> Vec<RawGrade> {
        match &self.all {
            Some(all) => vec![RawGrade {
                except: all.except.clone(),
                ..sn.raw(AreaWord::AllAreas, all.span, h, source)
            }],
            None => sn.graded(&self.hits, h, source),
        }
    }
}

/// The areas named in `sn.body[from..to]` right after a grade, introduced by a preposition
/// or a dash (or by nothing when `intro` is false: "rated as 'outstanding' the council's
/// leadership"). `None` when none are, or the sentence names a school or other service.
pub(super) fn areas(sn: &Sentence<'_>, from: usize, to: usize, intro: bool) -> Option<After> {
    let span = sn.body.get(from..to)?;
    let (skip, list, across) = if intro {
        let c = re(&INTRO_RE)?.captures(span)?;
        let across = c
            .get(1)
            .is_some_and(|p| p.as_str().eq_ignore_ascii_case("across"));
        (c.get(0)?.end(), c.get(2).is_some(), across)
    } else {
        (0, false, false)
    };
    let base = from + skip;
    let whole = span.get(skip..)?;
    let cut = list_end(whole, list);
    let rest = whole.get(..cut)?;
    if scope::names_other_service(sn.body.get(..base + rest.len())?) {
        return None;
    }
    // "all but one area" holds a cut word: the phrase need only start before the cut
    if let Some(all) = all_after(whole, across).filter(|a| a.span.0 < cut) {
        let (s, e) = all.span;
        let span = (base + s, base + e);
        return Some(After {
            hits: Vec::new(),
            all: Some(Every { span, ..all }),
        });
    }
    let hits = chained(rest);
    // "inadequate in the economic prospects for looked-after children": the grade is of an
    // outcome of the group, not of the group's judgement
    if let Some(first) = hits.first()
        && rest
            .get(..first.start)
            .is_some_and(|gap| re(&OUTCOME_RE).is_some_and(|r| r.is_match(gap)))
    {
        return None;
    }
    (!hits.is_empty()).then(|| After {
        hits: super::shifted(hits, base),
        all: None,
    })
}

/// Where the list of areas in `rest` ends: the next clause, or a semicolon unless the list
/// is a dash list ("— A; B; and C").
fn list_end(rest: &str, list: bool) -> usize {
    let cut = re(&CUT_RE)
        .and_then(|r| r.find(rest))
        .map_or(rest.len(), |m| m.start());
    let semi = if list { None } else { rest.find(';') };
    semi.map_or(cut, |s| s.min(cut))
}

/// The area phrases of `rest` that form one list from its start; the last is dropped when
/// it is the subject of a later verb frame ("for A and B as ..." : B is the next grade's).
fn chained(rest: &str) -> Vec<AreaHit> {
    let mut out: Vec<AreaHit> = Vec::new();
    for a in find_areas(rest) {
        let edge = out.last().map_or(0, |p| p.end);
        let limit = if out.is_empty() { FIRST_AREA } else { AREA_GAP };
        if a.start.saturating_sub(edge) > limit {
            break;
        }
        out.push(a);
    }
    let frame = re(&FRAME_RE).and_then(|f| f.find(rest));
    if let (Some(f), Some(last)) = (frame, out.last())
        && f.start().saturating_sub(last.end) <= 25
        && f.start() >= last.end
    {
        out.pop();
    }
    out
}

/// "all areas", "all but one area" near the start of `rest`, or "the board" right after
/// "across" (spans relative to `rest`).
fn all_after(rest: &str, across: bool) -> Option<Every> {
    if across && let Some(span) = every::across_board(rest) {
        return Some(Every {
            span,
            except: Except::None,
        });
    }
    every::every(rest).filter(|a| a.span.0 <= AREA_GAP)
}

/// "..., resulting in the same grading for the service overall" in `body[from..to]`.
pub(super) fn same_overall(body: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let m = re(&SAME_RE)?.find(body.get(from..to)?)?;
    Some((from + m.start(), from + m.end()))
}

crate::rx::register!(INTRO_RE, CUT_RE, SAME_RE, OUTCOME_RE);
