//! Whether the clause before a grade word frames it as a judgement: a verb frame ("were
//! judged to be", "is", "rated ... as"), a verb with its object ("found its child
//! protection provision 'inadequate'"), "require(s) improvement" after its subject, the
//! second grade of a parallel list, or an absolute "with <area> as <grade>".

use super::{Hit, Prev, Sentence, change, every, paired, shifted, whole};
use crate::areas::{AreaHit, find_areas};
use crate::{Lazy, re};
use std::sync::LazyLock;

/// A verb frame right before a grade word: "is", "were judged to be", "rated ... as".
pub(super) static FRAME_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)(?:\b(?:is|are|was|were|been|be|being|remains?|remained|judged|rated|rating|graded|assessed|deemed|found|considered|described|confirmed|confirming)\b|\bas\b|\boverall\b)(?:\s+(?:now|still|also|again|both|all|overall|judged|rated|graded|assessed|deemed|found|considered|described|to|be|as|being))*\s*[‘’'`“”"]?\s*$"#,
    )
    .ok()
});

/// A verb of attaining right before a bare grade: "has achieved 'outstanding'", "retained
/// 'good'", "was awarded 'outstanding'".
static ATTAIN_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)\b(?:achieved|achieves|achieving|achieve|retained|retains|retaining|retain|secured|secures|securing|earned|earns|earning|gained|gains|gaining|regained|regains|regaining|maintained|maintains|maintaining|kept|keeps|received|receives|awarded)\s+(?:(?:an?\s+)?overall\s+)?[‘'“"]?\s*$"#,
    )
    .ok()
});

/// Verbs that grade (as opposed to a bare copula).
pub(super) static RATING_VERB_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:rat(?:ed|ing|es?)|judg(?:ed|ing|es?)|grad(?:ed|ing|es?)|confirm(?:ed|ing|s)?|assess(?:ed|ing|es)?|describ(?:ed|ing|es?)|deem(?:ed|ing|s)?|found)\b",
    )
    .ok()
});

/// Where a clause starts: the grade's subject lies after the last of these.
static BOUNDARY_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)[;:]|\b(?:while|whereas|but|although|though|however|which|where|when|that|because|whilst)\b",
    )
    .ok()
});

/// Negation shortly before a grade.
static NEGATION_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)\b(?:not|no\s+longer|never)\b|n['’]t\b").ok());

/// A grade wished for or foreseen, not given: a modal ("could be upgraded to", "would have
/// been"), a verb or noun of aim ("aims to be", "working hard to be", "a target of
/// achieving", "on track to"). Lower-case "may" only: the month is no modal.
static HYPOTHETICAL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"\b(?i:will|would|could|should|might|must|shall|can|cannot)\b|\bmay\b|(?i)\b(?:aims?|aimed|aiming|wants?|wanted|wanting|hopes?|hoped|hoping|plans?|planned|planning|intends?|intended|intending|expects?|expected|expecting)\s+(?:[\w’']+\s+){0,4}?(?:to|towards)\b|(?i)\b(?:strives?|striving|seeks?|seeking|aspires?|aspiring|determined|committed|likely|unlikely|set|bid|efforts?|push|drive|journey|ready|working\s+hard|work\s+hard|working|on\s+track|potential|chance|opportunity|ambition|aspiration)\s+(?:to|towards)\b|(?i)\b(?:targets?|goals?|aims?|ambitions?|aspirations?|hopes?|prospects?|chances?|possibility)\s+of\b",
    )
    .ok()
});

/// How far before the grade [`HYPOTHETICAL_RE`] is looked for (bytes).
const HYPOTHETICAL_REACH: usize = 60;

/// Between two grades of a parallel list ("'requires improvement' in A and 'inadequate' in
/// B"): the second takes its areas from after it, as the first did.
static PARALLEL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r#"(?i)(?:,|\band\b|\bwhile\b|\bwhilst\b|\bas\s+well\s+as\b)\s*[‘'“"]?\s*$"#)
        .ok()
});

/// ", rated 'inadequate' in 2017, " or ", once judged 'outstanding', " right before a verb
/// frame: a participle clause set off by commas between a subject and its verb.
static APPOSITIVE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i),\s*(?:(?:once|previously|formerly|then|last|first|originally|earlier)\s+)?(?:rated|judged|graded|found|deemed|branded|described|labell?ed)\b[^,;]{1,60},\s*(?:(?:have|has|had|are|were|is|was|been|now|since|also|still)\s+)*$",
    )
    .ok()
});

/// "with": an absolute clause ("..., with overall effectiveness as inadequate").
static WITH_RE: Lazy = LazyLock::new(|| crate::rx::new(r"(?i)\bwith\b").ok());

/// "found its child protection provision 'inadequate'", "graded our children's services
/// 'good'": a rating verb, its object, the grade. Group 1: the object.
static OBJECT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)\b(?:rated|rates|judged|judges|graded|grades|found|finds|deemed|deems|considered|considers|awarded|awards)\s+(?:(?:the|its|their|our|his|her|this)\s+)?([^,;:.]{2,90}?)\s*[‘'“"]?\s*$"#,
    )
    .ok()
});

/// Words that may end a graded object after its area ("child protection provision").
pub(super) const OBJECT_TAIL: &[&str] = &[
    "provision",
    "service",
    "services",
    "work",
    "practice",
    "arrangements",
    "department",
    "offer",
];

/// The clause before a grade: from the last clause boundary (or the previous grade's
/// words) to the grade.
pub(super) struct Clause<'a> {
    /// Start (relative to the sentence).
    pub(super) start: usize,
    /// Text up to the grade.
    pub(super) text: &'a str,
    /// It opens with "which": its subject is the phrase before ("A, which is judged good").
    pub(super) after_which: bool,
}

impl<'a> Clause<'a> {
    pub(super) fn before(body: &'a str, from: usize, hit: Hit) -> Self {
        let window_start = from.max(hit.start.saturating_sub(300));
        let mut start = crate::floor_boundary(body, window_start);
        let mut after_which = false;
        if let Some(b) = re(&BOUNDARY_RE)
            && let Some(region) = body.get(start..hit.start)
            && let Some(last) = b.find_iter(region).last()
        {
            after_which = last.as_str().eq_ignore_ascii_case("which");
            start += last.end();
        }
        Clause {
            start,
            text: body.get(start..hit.start).unwrap_or(""),
            after_which,
        }
    }

    /// The clause `body[start..end]`.
    pub(super) fn span(body: &'a str, start: usize, end: usize) -> Self {
        Clause {
            start,
            text: body.get(start..end).unwrap_or(""),
            after_which: false,
        }
    }

    /// A negation in its last 30 bytes ("not judged good", "no longer rated inadequate").
    pub(super) fn negated(&self) -> bool {
        let tail = crate::floor_boundary(self.text, self.text.len().saturating_sub(30));
        re(&NEGATION_RE).is_some_and(|n| n.is_match(self.text.get(tail..).unwrap_or("")))
    }

    /// A grade wished for or foreseen ([`HYPOTHETICAL_RE`]) in its last
    /// [`HYPOTHETICAL_REACH`] bytes, with no comma between ("could be upgraded to", "aims to
    /// be"; not "Kent, which will be inspected next year, was rated").
    pub(super) fn hypothetical(&self) -> bool {
        let from = crate::floor_boundary(
            self.text,
            self.text.len().saturating_sub(HYPOTHETICAL_REACH),
        );
        let tail = self.text.get(from..).unwrap_or("");
        re(&HYPOTHETICAL_RE).is_some_and(|r| {
            r.find_iter(tail)
                .any(|m| !tail.get(m.end()..).unwrap_or("").contains([',', ';']))
        })
    }

    /// Its area phrases (offsets relative to the sentence).
    pub(super) fn areas(&self) -> Vec<AreaHit> {
        shifted(find_areas(self.text), self.start)
    }
}

/// The verb frame at the end of a clause.
struct Frame {
    /// Start (relative to the sentence).
    start: usize,
    words: Vec<String>,
    /// A frame that grades by itself: a change of grade ("upgraded to", "improved from ...
    /// to") or a verb of attaining ("achieved").
    grading: bool,
    /// The object of a change verb ("upgraded the council to"; relative to the sentence).
    object: Option<(usize, usize)>,
}

impl Frame {
    fn of(clause: &Clause<'_>) -> Option<Self> {
        let attain = || {
            re(&ATTAIN_RE)
                .and_then(|r| r.find(clause.text))
                .map(|m| m.start())
        };
        // a change first: "improved its rating to" is no "rating to" frame
        let framed = || {
            re(&FRAME_RE)
                .and_then(|r| r.find(clause.text))
                .map(|f| f.start())
        };
        let (at, grading, object) = match change::frame(clause.text) {
            Some((at, object)) => (at, true, object),
            None => match framed() {
                Some(at) => (at, false, None),
                None => (attain()?, true, None),
            },
        };
        let words = clause
            .text
            .get(at..)?
            .to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Some(Frame {
            start: clause.start + at,
            words,
            grading,
            object: object.map(|(a, b)| (clause.start + a, clause.start + b)),
        })
    }

    fn has(&self, w: &str) -> bool {
        self.words.iter().any(|x| x == w)
    }

    /// A word that grades ("judged", "rated"), not a bare copula.
    fn judging(&self) -> bool {
        self.grading
            || self.words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "judged"
                        | "rated"
                        | "rating"
                        | "graded"
                        | "assessed"
                        | "deemed"
                        | "found"
                        | "considered"
                        | "described"
                        | "confirmed"
                        | "confirming"
                )
            })
    }

    /// Only "as" / "overall": needs a rating verb earlier ("rated the council as").
    fn only_as(&self) -> bool {
        !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|w| matches!(w.as_str(), "as" | "overall"))
    }

    /// "judged to be": the wording of a report's own statement.
    fn statement(&self) -> bool {
        self.words
            .windows(3)
            .any(|w| matches!(w, [a, b, c] if a == "judged" && b == "to" && c == "be"))
    }
}

/// Why a grade was accepted as a judgement, and where its areas are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Accepted {
    /// Where the verb frame starts (relative to the sentence).
    pub(super) frame_start: usize,
    /// Only areas from here on are graded ("judged <object> to be", "with <area> as").
    pub(super) object_from: Option<usize>,
    /// The frame has "overall".
    pub(super) overall_frame: bool,
    /// "judged to be".
    pub(super) statement: bool,
    /// The second grade of a parallel list: its areas follow it.
    pub(super) parallel: bool,
    /// "rated as <grade> <object>": the areas follow without a preposition.
    pub(super) object_after: bool,
}

impl Accepted {
    pub(super) fn at(frame_start: usize) -> Self {
        Accepted {
            frame_start,
            object_from: None,
            overall_frame: false,
            statement: false,
            parallel: false,
            object_after: false,
        }
    }
}

/// Whether the clause frames the grade as a judgement.
pub(super) fn accept(
    sn: &Sentence<'_>,
    hit: Hit,
    clause: &Clause<'_>,
    prev: Prev,
) -> Option<Accepted> {
    let gap = sn.body.get(prev.end..hit.start).unwrap_or("");
    if prev.areas_after && re(&PARALLEL_RE).is_some_and(|r| r.is_match(gap)) {
        return Some(Accepted {
            parallel: true,
            ..Accepted::at(hit.start)
        });
    }
    if let Some(acc) = paired::second(sn, hit, prev) {
        return Some(acc);
    }
    match Frame::of(clause) {
        Some(f) => accept_framed(sn, hit, clause, &f),
        None => accept_unframed(sn, hit, clause),
    }
}

/// A grade with no verb frame: "Children's services in X require improvement", "found its
/// child protection provision 'inadequate'".
fn accept_unframed(sn: &Sentence<'_>, hit: Hit, clause: &Clause<'_>) -> Option<Accepted> {
    if hit.ri_verb {
        let adjacent = clause
            .areas()
            .last()
            .is_some_and(|a| hit.start.saturating_sub(a.end) <= 40);
        let subject = whole::subject_span(sn.body, clause.start, hit.start, true).is_some();
        let which = clause.after_which && !antecedent(sn.body, clause).is_empty();
        return (adjacent || subject || which).then(|| Accepted::at(hit.start));
    }
    if headline_verdict(sn, hit, clause) {
        return Some(Accepted::at(hit.start));
    }
    let (from, to) = graded_object(sn.body, clause)?;
    Some(Accepted {
        object_from: Some(from),
        ..Accepted::at(to)
    })
}

/// How far into a document a verbless headline is looked for (bytes).
const HEADLINE_REACH: usize = 400;

/// A verbless headline: "Barset Council's children's services 'inadequate', Ofsted warns".
/// The quoted grade follows an area phrase with nothing between, on a line near the top
/// with no full stop.
fn headline_verdict(sn: &Sentence<'_>, hit: Hit, clause: &Clause<'_>) -> bool {
    let at = sn.s + hit.start;
    let line_start = sn
        .text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = sn
        .text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(sn.text.len(), |i| at + i);
    let line = sn.text.get(line_start..line_end).unwrap_or("");
    let quoted = sn
        .body
        .get(..hit.start)
        .is_some_and(|b| b.ends_with(['‘', '\'', '“', '"']));
    let adjacent = clause.areas().last().is_some_and(|a| {
        sn.body
            .get(a.end..hit.start)
            .is_some_and(|gap| gap.trim_matches(['‘', '\'', '“', '"', ' ']).is_empty())
    });
    at < HEADLINE_REACH
        && quoted
        && adjacent
        && !line.contains(". ")
        && !line.trim_end().ends_with('.')
}

/// The object of "found <object> 'grade'": an area phrase (with "provision", "services",
/// ... after it) or the authority. Returns its span (relative to the sentence).
fn graded_object(body: &str, clause: &Clause<'_>) -> Option<(usize, usize)> {
    let g = re(&OBJECT_RE)?.captures(clause.text)?.get(1)?;
    let (from, to) = (clause.start + g.start(), clause.start + g.end());
    let object = g.as_str();
    if every::subject(object).is_some() {
        return Some((from, to));
    }
    let areas = find_areas(object);
    if let (Some(first), Some(last)) = (areas.first(), areas.last()) {
        let tail = object.get(last.end..).unwrap_or("").trim().to_lowercase();
        let tail_ok = tail.split_whitespace().all(|w| OBJECT_TAIL.contains(&w));
        return (first.start <= 25 && tail_ok).then_some((from, to));
    }
    whole::subject_span(body, from, to, false).map(|_| (from, to))
}

/// A grade after a verb frame.
fn accept_framed(sn: &Sentence<'_>, hit: Hit, clause: &Clause<'_>, f: &Frame) -> Option<Accepted> {
    let acc = Accepted {
        overall_frame: f.has("overall"),
        statement: f.statement(),
        ..Accepted::at(f.start)
    };
    if f.only_as() {
        if re(&RATING_VERB_RE).is_some_and(|r| r.is_match(clause.text)) {
            return Some(acc);
        }
        let from = with_as(sn.body, clause, f.start)?;
        return Some(Accepted {
            object_from: Some(from),
            ..acc
        });
    }
    if let Some((from, to)) = f.object
        && whole::authority_span(sn.body, from, to).is_some()
    {
        // "Ofsted upgraded the council('s rating) to": the authority is the graded one
        return Some(Accepted {
            object_from: Some(from),
            ..Accepted::at(to)
        });
    }
    if f.judging() {
        return Some(acc);
    }
    // bare copula: the area must be the subject right before the verb, the object of a
    // rating verb before the infinitive, or what "which" stands for
    let areas = clause.areas();
    let adjacent = areas
        .last()
        .is_some_and(|a| f.start.saturating_sub(a.end) <= 25);
    let object_from = rated_object(sn.body, clause, &areas, f.start);
    let antecedent = clause.after_which && !antecedent(sn.body, clause).is_empty();
    let apposed = appositive(sn.body, f.start).is_some();
    let every = sn
        .body
        .get(clause.start..f.start)
        .and_then(every::subject)
        .is_some();
    let authority_for = whole::authority_span(sn.body, clause.start, f.start).is_some()
        && for_area(sn.body.get(hit.end..).unwrap_or(""));
    (adjacent || object_from.is_some() || antecedent || apposed || every || authority_for)
        .then_some(Accepted { object_from, ..acc })
}

/// "for leadership, management and governance" right after a grade: the judgement the
/// authority's grade is of ("the authority is 'outstanding' for ...").
fn for_area(after_grade: &str) -> bool {
    let rest = after_grade
        .trim_start_matches(['\'', '"', '’', '”'])
        .trim_start();
    let Some(tail) = rest.strip_prefix("for ") else {
        return false;
    };
    find_areas(tail).first().is_some_and(|a| a.start <= 20)
}

/// "Barset's children's services, rated 'inadequate' in 2017, are now 'good'": the subject
/// before a participle clause that ends right before the verb frame at `frame_start`, when
/// it is an area or the authority. Returns the subject's clause (relative to the sentence).
pub(super) fn appositive(body: &str, frame_start: usize) -> Option<(usize, usize)> {
    let m = re(&APPOSITIVE_RE)?.find(body.get(..frame_start)?)?;
    let end = m.start();
    let head = body.get(..end)?;
    let from = crate::floor_boundary(head, end.saturating_sub(300));
    let start = re(&BOUNDARY_RE)
        .and_then(|b| b.find_iter(head.get(from..)?).last())
        .map_or(from, |b| from + b.end());
    let region = body.get(start..end)?;
    let adjacent = find_areas(region)
        .last()
        .is_some_and(|a| region.len().saturating_sub(a.end) <= 25);
    let subject = whole::subject_span(body, start, end, false).is_some();
    (adjacent || subject).then_some((start, end))
}

/// "..., with overall effectiveness as inadequate" after a rating verb earlier in the
/// sentence: where the graded area starts (after "with"), when it ends right before "as".
fn with_as(body: &str, clause: &Clause<'_>, frame_start: usize) -> Option<usize> {
    let before = body.get(..clause.start)?;
    re(&RATING_VERB_RE)?.is_match(before).then_some(())?;
    let w = re(&WITH_RE)?.find_iter(clause.text).last()?;
    let from = clause.start + w.end();
    clause
        .areas()
        .iter()
        .any(|a| a.start >= from && frame_start.saturating_sub(a.end) <= 25)
        .then_some(from)
}

/// Longest object between a rating verb and its infinitive ("judged the overall
/// effectiveness of safeguarding services to be ...": 57 bytes of object).
const MAX_OBJECT: usize = 90;

/// "judged <judgement> to be <grade>": a rating verb, right after it (an article or
/// possessive at most) a named judgement, and the object ends in "to" before the frame.
/// Returns where the object starts (offsets relative to the sentence).
fn rated_object(
    body: &str,
    clause: &Clause<'_>,
    areas: &[AreaHit],
    frame_start: usize,
) -> Option<usize> {
    let before = body.get(clause.start..frame_start)?;
    let trimmed = before.trim_end();
    let to_infinitive = trimmed
        .get(trimmed.len().saturating_sub(3)..)
        .is_some_and(|t| t.eq_ignore_ascii_case(" to"));
    let verb = re(&RATING_VERB_RE).and_then(|r| r.find_iter(before).last())?;
    let verb_end = clause.start + verb.end();
    let named = areas.iter().any(|a| {
        a.start >= verb_end
            && body
                .get(verb_end..a.start)
                .is_some_and(|gap| gap.split_whitespace().count() <= 2)
    });
    (to_infinitive && named && frame_start.saturating_sub(verb_end) <= MAX_OBJECT)
        .then_some(verb_end)
}

/// "A, which is judged inadequate": the area phrases that end right before "which",
/// joined by "of", "and" or a comma ("the leadership ... of children's services, which").
pub(super) fn antecedent(body: &str, clause: &Clause<'_>) -> Vec<AreaHit> {
    let Some(which) = clause.start.checked_sub("which".len()) else {
        return Vec::new();
    };
    let head = body
        .get(..which)
        .unwrap_or("")
        .trim_end_matches([' ', ',', '’', '\'', '”', '"']);
    let from = crate::floor_boundary(head, head.len().saturating_sub(200));
    let hits = shifted(find_areas(head.get(from..).unwrap_or("")), from);
    let mut chain: Vec<AreaHit> = Vec::new();
    let mut edge = head.len();
    for a in hits.into_iter().rev() {
        let gap = body
            .get(a.end..edge)
            .unwrap_or("")
            .trim_matches([' ', ',', '’', '\'', '‘']);
        let joined = if chain.is_empty() {
            gap.is_empty()
        } else {
            matches!(gap.to_lowercase().as_str(), "" | "of" | "and" | "of the")
        };
        if !joined {
            break;
        }
        edge = a.start;
        chain.insert(0, a);
    }
    chain
}

crate::rx::register!(
    ATTAIN_RE,
    BOUNDARY_RE,
    NEGATION_RE,
    HYPOTHETICAL_RE,
    PARALLEL_RE,
    APPOSITIVE_RE,
    WITH_RE,
    OBJECT_RE
);
