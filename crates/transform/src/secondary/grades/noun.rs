//! Grades stated through a rating noun: "an overall judgement of inadequate", "given an
//! overall effectiveness rating of 'Good'", "achieved an overall good rating", "an
//! 'inadequate' child protection rating", "received the lower 'requires improvement' rating
//! for ...", "its 'inadequate' judgement in September 2017", "the council's official rating
//! is 'adequate'", "Barset Council has received its first 'good' rating", "all five areas
//! inspected were given a 'good' grading".
//!
//! The rating's area is, in this order: an area between grade and noun, "overall", the
//! areas after it ([`super::after`]), or the holder of the rating: a possessive ("its", "the
//! council's"), or the subject of "received", "achieved", "was given" (the authority, its
//! services, or "all areas"). Without any of these the noun is not read.

use super::{Clause, Except, Hit, Prev, RawGrade, Sentence, after, every};
use crate::areas::{AreaHit, AreaWord, find_areas};
use crate::secondary::{scope, whole};
use crate::{Lazy, re};
use ofsted_model::vocab::JudgementSource;
use std::sync::LazyLock;

/// After a grade: an optional "overall", words (group 2), a rating noun.
static ATTRIBUTIVE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)^[’'”"]?\s*(?:(overall)\s+)?((?:[a-z’'-]+\s+){0,8}?)(?:ratings?|judge?ments?|grad(?:e|es|ing|ings)|assessments?|verdicts?)\b"#,
    )
    .ok()
});

/// Before a grade: "overall" (group 1) and a rating noun with "of", set off by a comma or
/// dash before a quoted grade ("its highest rating, 'outstanding'"), or with "is" ("the
/// council's official rating is 'adequate'").
static NOUN_OF_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)(?:\b(overall)\s+(?:effectiveness\s+)?)?\b(?:ratings?|judge?ments?|assessments?|grad(?:e|ing)|verdict|outcome|conclusion)(?:\s+of\s*(?:being\s+)?[‘'“"]?|\s*[,–—]\s*[‘'“"]|\s+(?:is|was|remains|remained)\s*[‘'“"]?)\s*$"#,
    )
    .ok()
});

/// "overall" right before a grade ("an overall good rating").
static OVERALL_BEFORE_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r#"(?i)\b(overall)\s+[‘'“"]?\s*$"#).ok());

/// Determiners and adjectives before a rating ("its first", "the council's previous",
/// "an Ofsted").
static DETERMINERS_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)(?:\b(?:a|an|the|its|their|our|this|first|second|third|fourth|fifth|new|latest|lower|higher|highest|lowest|second-highest|second-lowest|previous|previously|former|earlier|last|same|top|current|recent|most|overall|successive|consecutive|another|official|ofsted['’]?s?|[a-z]+['’]s)\s+)*[‘'“"]?\s*$"#,
    )
    .ok()
});

/// A verb of holding a rating at the end of the text before the determiners.
static HOLD_VERB_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:(?:has|have|had|was|were|been|being|is|are|also|now|again|once|still|recently|just|today|first|finally|then)\s+)*(?:received|receives|receive|receiving|achieved|achieves|achieve|achieving|gained|gains|gain|secured|secures|secure|retained|retains|retain|kept|keeps|given|gave|awarded|got|gets|earned|earns|maintained|maintains|holds|held|lost|loses)\s*$",
    )
    .ok()
});

/// A verb that gives a rating to a recipient named right after it ("Ofsted has awarded
/// the council an 'outstanding' rating", "gave Barset's children's services the top
/// rating of 'good'"). Group `r`: the recipient.
static GIVE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:gave|given|give|gives|giving|awarded|awards|award|awarding|handed|hands|granted|grants|assigned|assigns)\s+(?P<r>[^,;:.]{2,80}?)\s*$",
    )
    .ok()
});

/// Who may give a rating, at the end of the text before the giving verb: the inspectorate,
/// its inspectors or report, a pronoun for them, or nobody named (a passive, a clause
/// start).
static GIVER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)(?:^|\b(?:ofsted(?:['’]s\s+inspectors)?|(?:the\s+)?(?:lead\s+)?inspectors?|the\s+(?:inspectorate|regulator|watchdog|report|inspection)|it|they|who|which|and)\b)[\s,]*(?:(?:has|have|had|was|were|been|is|are|then|also|now|just|recently|finally)\s+)*$",
    )
    .ok()
});

/// Words that may end the area phrase between grade and noun ("child protection work").
const AREA_TAIL: &[&str] = &["service", "services", "work", "practice"];

/// A rating noun around a grade.
struct Rating {
    /// Where the rating's words end (relative to the sentence): the areas may follow.
    end: usize,
    /// Where the determiners before it are looked for (relative to the sentence).
    lead: usize,
    /// Areas between the grade and the noun.
    inner: Vec<AreaHit>,
    /// "overall" (span relative to the sentence).
    overall: Option<(usize, usize)>,
}

/// The grades of a rating noun at `hit`, and what the next grade word inherits; `None`
/// when there is no rating noun or it says nothing of whose rating it is.
pub(super) fn rating(
    sn: &Sentence<'_>,
    hit: Hit,
    clause: &Clause<'_>,
    next: usize,
) -> Option<(Vec<RawGrade>, Prev)> {
    let r = attributive(sn.body, hit, next).or_else(|| noun_of(clause, hit))?;
    let done = Prev {
        end: r.end,
        areas_after: false,
        accepted: false,
    };
    if scope::names_other_service(sn.body.get(..r.end)?) {
        return Some((Vec::new(), done));
    }
    let source = JudgementSource::Prose;
    if !r.inner.is_empty() {
        return Some((sn.graded(&r.inner, hit, source), done));
    }
    if let Some(span) = r.overall {
        return Some((vec![sn.raw(AreaWord::Overall, span, hit, source)], done));
    }
    if let Some(found) = after::areas(sn, r.end, next, true) {
        let areas_after = true;
        let prev = Prev {
            areas_after,
            ..done
        };
        return Some((found.grades(sn, hit, source), prev));
    }
    let (word, span) = holder(sn.body, clause, r.lead)?;
    Some((vec![sn.raw(word, span, hit, source)], done))
}

/// "good rating", "'inadequate' child protection rating", "overall good rating".
fn attributive(body: &str, hit: Hit, next: usize) -> Option<Rating> {
    let after = body.get(hit.end..next)?;
    let c = re(&ATTRIBUTIVE_RE)?.captures(after)?;
    let end = hit.end + c.get(0)?.end();
    let mid = c.get(2).map_or((0, 0), |m| (m.start(), m.end()));
    let mid_text = after.get(mid.0..mid.1)?;
    let inner = if mid_text.trim().is_empty() {
        Vec::new()
    } else {
        super::shifted(area_phrase(mid_text)?, hit.end + mid.0)
    };
    let overall = c
        .get(1)
        .map(|m| (hit.end + m.start(), hit.end + m.end()))
        .or_else(|| overall_before(body, hit.start));
    Some(Rating {
        end,
        lead: hit.start,
        inner,
        overall,
    })
}

/// The area hits of `text` when it is nothing but area phrases (and a tail word).
fn area_phrase(text: &str) -> Option<Vec<AreaHit>> {
    let hits = find_areas(text);
    let first = hits.first()?;
    let last = hits.last()?;
    let lead_ok = text.get(..first.start)?.trim().is_empty();
    let tail = text.get(last.end..)?.trim().to_lowercase();
    let tail_ok = tail.split_whitespace().all(|w| AREA_TAIL.contains(&w));
    (lead_ok && tail_ok).then_some(hits)
}

fn overall_before(body: &str, at: usize) -> Option<(usize, usize)> {
    let m = re(&OVERALL_BEFORE_RE)?.captures(body.get(..at)?)?.get(1)?;
    Some((m.start(), m.end()))
}

/// "an overall judgement of inadequate", "the lowest rating of 'inadequate'".
fn noun_of(clause: &Clause<'_>, hit: Hit) -> Option<Rating> {
    let c = re(&NOUN_OF_RE)?.captures(clause.text)?;
    let m = c.get(0)?;
    let overall = c
        .get(1)
        .map(|o| (clause.start + o.start(), clause.start + o.end()));
    Some(Rating {
        end: hit.end,
        lead: clause.start + m.start(),
        inner: Vec::new(),
        overall,
    })
}

/// Whose rating it is: a possessive before it ("its", "the council's"), or the subject of
/// a holding verb ("Barset Council has received", "all five areas ... were given").
fn holder(body: &str, clause: &Clause<'_>, lead: usize) -> Option<(AreaWord, (usize, usize))> {
    let pre = body.get(clause.start..lead)?;
    let det = re(&DETERMINERS_RE)?.find(pre)?;
    let det_start = clause.start + det.start();
    if let Some(p) = possessive(det.as_str()) {
        let span = (det_start + p.0, det_start + p.1);
        return Some((AreaWord::Overall, span));
    }
    let held = pre.get(..det.start())?;
    let Some(verb) = re(&HOLD_VERB_RE)?.find(held) else {
        return recipient(body, clause.start, held);
    };
    let verb_at = clause.start + verb.start();
    let subject = body.get(clause.start..verb_at)?;
    if let Some(all) = every::every(subject).filter(|a| a.except == Except::None) {
        let span = (clause.start + all.span.0, clause.start + all.span.1);
        return Some((AreaWord::AllAreas, span));
    }
    let span = whole::subject_span(body, clause.start, verb_at, false)?;
    Some((AreaWord::Overall, span))
}

/// The recipient of a giving verb at the end of `held` (which starts at `at` in the
/// sentence): the judgement it names, the children's services (overall), or the authority.
fn recipient(body: &str, at: usize, held: &str) -> Option<(AreaWord, (usize, usize))> {
    let c = re(&GIVE_RE)?.captures(held)?;
    let giver = held.get(..c.get(0)?.start())?;
    re(&GIVER_RE)?.is_match(giver).then_some(())?;
    let r = c.name("r")?;
    let (from, to) = (at + r.start(), at + r.end());
    let areas = find_areas(r.as_str());
    if let Some(a) = areas.iter().find(|a| a.word != AreaWord::ChildrensServices) {
        return Some((a.word, (from + a.start, from + a.end)));
    }
    if let Some(a) = areas.first() {
        return Some((AreaWord::Overall, (from + a.start, from + a.end)));
    }
    whole::authority_span(body, from, to).map(|span| (AreaWord::Overall, span))
}

/// A possessive determiner in `dets` ("its", "their", "the council's"; not "Ofsted's").
fn possessive(dets: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    for w in dets.split_inclusive(char::is_whitespace) {
        let word = w.trim().to_lowercase();
        let start = pos;
        pos += w.len();
        let owner = word.ends_with("'s") || word.ends_with("’s");
        let pronoun = matches!(word.as_str(), "its" | "their" | "our");
        if pronoun || owner && !word.starts_with("ofsted") {
            return Some((start, start + w.trim_end().len()));
        }
    }
    None
}

crate::rx::register!(
    ATTRIBUTIVE_RE,
    NOUN_OF_RE,
    OVERALL_BEFORE_RE,
    DETERMINERS_RE,
    HOLD_VERB_RE,
    GIVE_RE,
    GIVER_RE
);
