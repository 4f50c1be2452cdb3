//! Inspections mentioned by documents that are not the inspection's own report:
//! committee papers, news articles (and documents of unknown type).
//!
//! A mention is an inspection event the document talks about: a dated reference ("the
//! ILACS short inspection ... in March 2025", "a focused visit in October 2023", "the last
//! inspection in 2022") or, when the document gives grades without a date, one undated
//! event. Habitual or generic talk ("local authorities ... usually receive a short
//! inspection", "the ILACS framework focuses on ...") creates nothing. Grades are attributed
//! to the inspection the sentence, paragraph or table talks about.
//!
//! Ofsted reports and letters get no secondary mentions here: grades they quote from
//! earlier inspections are not judgements of their own inspection.

mod committee;
mod docdate;
mod grades;
mod mentions;
mod scope;
mod text;
mod when;
mod whole;

use crate::areas::AreaWord;
use crate::dates::DateExpr;
use crate::{InspectionMention, Judgement, LaRef, Spanned};
use crate::{Lazy, re};
use chrono::{Datelike, NaiveDate};
use grades::RawGrade;
use ofsted_model::doc::{CleanDoc, Note, Severity};
use ofsted_model::vocab::{
    Area, DocType, Framework, Grade, InspectionType, JudgementSource, Relation, TypeBasis,
};
use std::sync::LazyLock;
use text::Unit;

pub use docdate::document_date;

/// The committee of a committee report or minutes, read from its heading ([`committee`]).
pub fn committee(doc: &CleanDoc) -> Option<Spanned<String>> {
    committee::committee(&doc.text)
}

/// Kind of inspection an anchor phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FocusedVisit,
    Jtai,
    Monitoring,
    Ilacs,
    Sif,
    SafeguardingLac,
    LacOnly,
    Cra,
    Generic,
}

impl Kind {
    fn framework(self) -> Framework {
        match self {
            Kind::FocusedVisit => Framework::FocusedVisit,
            Kind::Jtai => Framework::Jtai,
            Kind::Monitoring => Framework::MonitoringVisit,
            Kind::Ilacs => Framework::Ilacs,
            Kind::Sif => Framework::Sif,
            Kind::SafeguardingLac => Framework::SafeguardingAndLac,
            Kind::LacOnly => Framework::LacOnly,
            Kind::Cra => Framework::UnannouncedCra,
            Kind::Generic => Framework::Unknown,
        }
    }

    /// Specificity rank: a group of anchors takes its most specific kind.
    fn rank(self) -> u8 {
        match self {
            Kind::Generic => 0,
            Kind::Ilacs => 1,
            _ => 2,
        }
    }

    /// Visits and joint inspections: they give no grades.
    fn is_visit(self) -> bool {
        matches!(self, Kind::FocusedVisit | Kind::Monitoring | Kind::Jtai)
    }

    fn compatible(self, other: Kind) -> bool {
        self == other || self == Kind::Generic || other == Kind::Generic
    }
}

static ANCHOR_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:(focused\s+visits?)|(joint\s+targeted\s+area\s+inspections?|JTAIs?|joint\s+inspections?)|(monitoring\s+(?:visits?|inspections?|letters?))|(ILACS|inspections?\s+of\s+local\s+authority\s+children['’]s\s+services)|(single\s+inspection\s+framework|SIF|inspections?\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection)|(inspections?\s+of\s+safeguarding\s+and\s+(?:looked[\s-]+after\s+children|children\s+in\s+care)(?:['’]s)?(?:\s+services)?|safeguarding\s+and\s+looked[\s-]+after\s+children(?:['’]s)?\s+(?:services\s+)?inspections?)|(inspections?\s+of\s+(?:services\s+for\s+)?looked[\s-]+after\s+children(?:['’]s)?(?:\s+services)?)|(unannounced\s+inspections?(?:\s+of\s+contact,?\s+referral\s+and\s+assessment)?)|((short|standard)\s+inspections?)|(re-?inspections?|inspections?|inspected|inspectors?|Ofsted|visits?))\b",
    )
    .ok()
});

/// Habitual, hypothetical or framework talk: an undated anchor in such a sentence is not
/// an inspection event.
static GENERIC_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:usually|typically|normally|generally|will|would|may|might|can|could|should|expected\s+to|once\s+every|every|each|framework|frameworks|future|next|between\s+inspections|inspections\s+of\s+local\s+authorities|local\s+authorities\s+(?:are|judged|rated|receive))\b",
    )
    .ok()
});

/// Future or planned events: even a dated anchor here is not a past inspection.
static FUTURE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:will|next|due|expected|planned|scheduled|upcoming|forthcoming)\b")
        .ok()
});

/// Words just before a date that make it not an inspection date.
static NOT_INSPECTION_DATE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:publish(?:ed|es)?|publication|dated|letter|meeting|committee|submission|update|shared|signed|act|regulations?|introduced|launched|since\s+(?:at\s+least|before))\b[^.;]{0,25}$",
    )
    .ok()
});

/// A year alone must follow one of these to be an inspection date ("in 2022").
static YEAR_PREP_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)\b(?:in|since|during|of|from|until|between)\s*$").ok());

/// "the last / previous inspection": the anchor refers to an earlier event.
static PREVIOUS_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:last|previous(?:ly)?|prior|earlier|preceding|former(?:ly)?)\b[^.;]{0,30}$",
    )
    .ok()
});

/// "previously judged", "at the last inspection": a grade of an earlier inspection.
static EARLIER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:previous(?:ly)?|prior|earlier|formerly|last\s+(?:inspected|inspection|judged|rated|full)|at\s+(?:the|its|their)\s+(?:last|previous))\b",
    )
    .ok()
});

/// "… judged good at its last inspection": the grade, said after it, is an earlier one's.
static EARLIER_AFTER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^[^.;]{0,30}?\b(?:at|in|during|following|after)\s+(?:the|its|their)\s+(?:last|previous|prior|earlier|preceding)\b",
    )
    .ok()
});

/// "this inspection", "that visit": the sentence continues the previous reference.
static BACKREF_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:this|that|the\s+same)\s+(?:inspection|visit|report)s?\b").ok()
});

/// How far into a document its title and opening reach (bytes): the context of every
/// sentence, and where the inspection a paper reports on is named.
const HEAD: usize = 1500;

/// One anchor group of a sentence: anchors sharing one (or no) date.
#[derive(Debug, Clone)]
struct Group {
    kind: Kind,
    kind_span: (usize, usize),
    itype: Option<InspectionType>,
    date: Option<Spanned<DateExpr>>,
    pos: usize,
    previous: bool,
    generic: bool,
}

/// An inspection event being assembled.
#[derive(Debug, Clone)]
struct Event {
    kind: Kind,
    kind_span: (usize, usize),
    itype: Option<(InspectionType, usize, usize)>,
    date: Option<Spanned<DateExpr>>,
    first_pos: usize,
    previous: bool,
    grades: Vec<RawGrade>,
}

fn precision(d: &DateExpr) -> u8 {
    match d {
        DateExpr::Year(_) => 0,
        DateExpr::Month(..) => 1,
        DateExpr::Day(_) => 2,
        DateExpr::Range(..) => 3,
    }
}

/// (first day, last day) an expression covers.
fn bounds(d: &DateExpr) -> Option<(NaiveDate, NaiveDate)> {
    match d {
        DateExpr::Day(x) => Some((*x, *x)),
        DateExpr::Range(a, b) => Some((*a, *b)),
        DateExpr::Month(y, m) => {
            let a = NaiveDate::from_ymd_opt(*y, *m, 1)?;
            let b = if *m == 12 {
                NaiveDate::from_ymd_opt(*y, 12, 31)?
            } else {
                NaiveDate::from_ymd_opt(*y, *m + 1, 1)?.pred_opt()?
            };
            Some((a, b))
        }
        DateExpr::Year(y) => Some((
            NaiveDate::from_ymd_opt(*y, 1, 1)?,
            NaiveDate::from_ymd_opt(*y, 12, 31)?,
        )),
    }
}

fn dates_compatible(a: &DateExpr, b: &DateExpr) -> bool {
    match (bounds(a), bounds(b)) {
        (Some((a0, a1)), Some((b0, b1))) => {
            // overlap, with a fortnight's slack between precise dates
            let slack = if precision(a) >= 2 && precision(b) >= 2 {
                14
            } else {
                0
            };
            a0 <= b1 + chrono::Duration::days(slack) && b0 <= a1 + chrono::Duration::days(slack)
        }
        _ => false,
    }
}

fn kind_of(caps: &regex::Captures<'_>) -> (Kind, Option<InspectionType>) {
    let kinds = [
        Kind::FocusedVisit,
        Kind::Jtai,
        Kind::Monitoring,
        Kind::Ilacs,
        Kind::Sif,
        Kind::SafeguardingLac,
        Kind::LacOnly,
        Kind::Cra,
    ];
    for (i, k) in kinds.iter().enumerate() {
        if caps.get(i + 1).is_some() {
            return (*k, None);
        }
    }
    if let Some(t) = caps.get(10) {
        let it = if t.as_str().eq_ignore_ascii_case("short") {
            InspectionType::Short
        } else {
            InspectionType::Standard
        };
        return (Kind::Ilacs, Some(it));
    }
    (Kind::Generic, None)
}

/// An anchor phrase: its start and end in the text, its kind and the inspection type it
/// names ("short inspection").
type Anchor = (usize, usize, Kind, Option<InspectionType>);

/// The anchors of sentence `text[s..e]` that refer to an inspection of children's services
/// ([`scope`]); `context` is what precedes the sentence in its paragraph and the document's
/// head. A rejected anchor that names another kind of inspection is noted (info).
fn scoped_anchors(
    text: &str,
    s: usize,
    e: usize,
    context: &str,
    notes: &mut Vec<Note>,
) -> Vec<Anchor> {
    let (Some(sentence), Some(anchor_re)) = (text.get(s..e), re(&ANCHOR_RE)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in anchor_re.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let (k, t) = kind_of(&c);
        let after = sentence.get(m.end()..).unwrap_or("");
        if k == Kind::Jtai && names_send(after) {
            continue;
        }
        if k == Kind::Generic && re(&SYSTEM_TALK_RE).is_some_and(|r| r.is_match(after)) {
            continue;
        }
        match scope::scope_of(sentence, m.start(), k, context) {
            scope::Scope::ChildrensServices => out.push((s + m.start(), s + m.end(), k, t)),
            scope::Scope::Other(what) => {
                if k != Kind::Generic || !when::find(sentence).is_empty() {
                    notes.push(Note::at(
                        Severity::Info,
                        "out_of_scope_inspection",
                        format!(
                            "\"{}\" refers to a {what}, not an Ofsted inspection of children's services: no inspection made",
                            m.as_str()
                        ),
                        s + m.start(),
                        s + m.end(),
                    ));
                }
            }
            scope::Scope::Unclear => {}
        }
    }
    out
}

/// "… of special educational needs", "… of SEND" right after a joint inspection: an area
/// SEND inspection, not a JTAI.
fn names_send(after: &str) -> bool {
    let window = after.get(..crate::floor_boundary(after, 60)).unwrap_or("");
    re(&SEND_RE).is_some_and(|r| r.is_match(window))
}

/// Right after a generic anchor, words that make it talk of the inspection system, not an
/// event: "under this inspection regime", "the Ofsted framework", "inspection criteria".
static SYSTEM_TALK_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s+(?:regimes?|frameworks?|systems?|methodology|handbooks?|criteria|guidance)\b",
    )
    .ok()
});

static SEND_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?i)\bSEND\b|special\s+educational|local\s+area\b|disabilit").ok()
});

/// The previous visit right before a date: "a report after the last visit in October 2019".
static LAST_VISIT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:last|previous|most\s+recent|latest)\s+(?:monitoring\s+|focused\s+)?visit\b[^.;]{0,30}$",
    )
    .ok()
});

/// A date an earlier inspection is counted from ("since its 'inadequate' judgement in
/// September 2017", "its previous rating in 2014"): the words right before the date.
static DATE_EARLIER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:since|last|previous(?:ly)?|prior|earlier|preceding|former(?:ly)?|back)\b[^.;]{0,60}$",
    )
    .ok()
});

/// Between an anchor and a date after it: a clause that counts from an earlier event ("a
/// second monitoring visit since the council was judged inadequate in July 2017", "the
/// first full inspection since 2017", "a visit after it was rated inadequate in 2019").
/// The date is that event's, not the anchor's.
static SINCE_CLAUSE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\bsince\b|\b(?:after|following)\b[^.;]{0,60}\b(?:judged|rated|graded|found|judgements?|ratings?|inspected)\b",
    )
    .ok()
});

/// Whether the words between an anchor's end and a date's start count from an earlier
/// event ([`SINCE_CLAUSE_RE`]).
fn since_between(text: &str, anchor_end: usize, date_start: usize) -> bool {
    text.get(anchor_end..date_start)
        .is_some_and(|between| re(&SINCE_CLAUSE_RE).is_some_and(|r| r.is_match(between)))
}

/// `sentence` with the dates found in it replaced by spaces (byte offsets kept).
fn blank_dates(sentence: &str, dates: &[Spanned<DateExpr>]) -> String {
    let mut spans: Vec<(usize, usize)> = dates.iter().map(|d| (d.start, d.end)).collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(sentence.len());
    let mut at = 0;
    for (a, b) in spans {
        let (Some(keep), Some(date)) = (sentence.get(at..a), sentence.get(a..b)) else {
            continue;
        };
        out.push_str(keep);
        out.extend(std::iter::repeat_n(' ', date.len()));
        at = b;
    }
    out.push_str(sentence.get(at..).unwrap_or(""));
    out
}

/// Anchor groups of one sentence `text[s..e]` (see [`scoped_anchors`] for `context`).
fn sentence_groups(
    text: &str,
    (s, e): (usize, usize),
    context: &str,
    (doc_date, years): (Option<&Spanned<NaiveDate>>, Option<when::YearRef>),
    notes: &mut Vec<Note>,
) -> Vec<Group> {
    let Some(sentence) = text.get(s..e) else {
        return Vec::new();
    };
    let anchors = scoped_anchors(text, s, e, context, notes);
    if anchors.is_empty() {
        return Vec::new();
    }
    let found = when::find_in(sentence, years);
    // the month May is no modal "may": habit and future words are read with dates blanked
    let words = blank_dates(sentence, &found);
    let future = re(&FUTURE_RE).is_some_and(|r| r.is_match(&words));
    let generic = re(&GENERIC_RE).is_some_and(|r| r.is_match(&words));
    let dates = inspection_dates(sentence, s, found, doc_date.map(|d| d.start));
    // segment anchors by dates: anchors before date i (after date i-1) own date i; a date
    // with no anchors before it takes the anchors after it that are nearer to it than to
    // the next date.
    let mut groups = Vec::new();
    let mut used = vec![false; anchors.len()];
    let mut prev_date_end = s;
    for (di, d) in dates.iter().enumerate() {
        let next = dates.get(di + 1).map(|x| x.start);
        let members = date_members(text, &anchors, &used, (prev_date_end, e), d, next);
        prev_date_end = d.end;
        if members.is_empty() || future {
            continue;
        }
        for &i in &members {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
        let mut g = make_group(text, &anchors, &members, Some(d.clone()), false);
        let before_date = text.get(s..d.start).unwrap_or("");
        g.previous |= re(&DATE_EARLIER_RE).is_some_and(|r| r.is_match(before_date));
        groups.push(g);
    }
    let rest: Vec<usize> = (0..anchors.len())
        .filter(|&i| !used.get(i).copied().unwrap_or(true))
        .collect();
    if !rest.is_empty() {
        groups.push(make_group(text, &anchors, &rest, None, generic || future));
    }
    groups
}

/// The dates `found` in `sentence` (which starts at `s`) that can be an inspection's, with
/// their spans made document offsets: not the document's own date (starting at
/// `doc_start`), not after words such as "published", and a year alone only after "in",
/// "since" and the like.
fn inspection_dates(
    sentence: &str,
    s: usize,
    found: Vec<Spanned<DateExpr>>,
    doc_start: Option<usize>,
) -> Vec<Spanned<DateExpr>> {
    found
        .into_iter()
        .filter(|d| {
            // the document's own date is not an inspection's
            if doc_start == Some(s + d.start) {
                return false;
            }
            let before = sentence.get(..d.start).unwrap_or("");
            if re(&NOT_INSPECTION_DATE_RE).is_some_and(|r| r.is_match(before)) {
                return false;
            }
            if matches!(d.value, DateExpr::Year(_)) {
                return re(&YEAR_PREP_RE).is_some_and(|r| r.is_match(before));
            }
            true
        })
        .map(|d| Spanned {
            value: d.value,
            start: s + d.start,
            end: s + d.end,
        })
        .collect()
}

/// The anchors (indices into `anchors`, not yet `used`) that own date `d`: those between
/// the previous date's end and `d`, except those counted from an earlier event; when there
/// are none before it, those after it up to the `next` date (else the sentence end `e`)
/// that are nearer to `d` than to that next date.
fn date_members(
    text: &str,
    anchors: &[Anchor],
    used: &[bool],
    (prev_date_end, e): (usize, usize),
    d: &Spanned<DateExpr>,
    next: Option<usize>,
) -> Vec<usize> {
    let free = |i: usize| !used.get(i).copied().unwrap_or(true);
    let before: Vec<usize> = (0..anchors.len())
        .filter(|&i| {
            free(i)
                && anchors
                    .get(i)
                    .is_some_and(|a| a.0 >= prev_date_end && a.1 <= d.start)
        })
        .collect();
    if !before.is_empty() {
        // anchors before a date counted from an earlier event do not own it, and the
        // anchors after it do not take it over
        return before
            .into_iter()
            .filter(|&i| {
                anchors
                    .get(i)
                    .is_some_and(|a| !since_between(text, a.1, d.start))
            })
            .collect();
    }
    // anchors after it, up to the next date: those nearer the next date are its own
    // ("rated inadequate in 2017, now good after an inspection in January 2022")
    let next_start = next.unwrap_or(e);
    (0..anchors.len())
        .filter(|&i| {
            free(i)
                && anchors.get(i).is_some_and(|a| {
                    a.0 >= d.end && a.1 <= next_start && next.is_none_or(|n| a.0 - d.end <= n - a.1)
                })
        })
        .collect()
}

fn make_group(
    text: &str,
    anchors: &[Anchor],
    members: &[usize],
    date: Option<Spanned<DateExpr>>,
    generic: bool,
) -> Group {
    let mut kind = Kind::Generic;
    let mut kind_span = (0, 0);
    let mut itype = None;
    let mut pos = usize::MAX;
    for &i in members {
        let Some(&(a, b, k, t)) = anchors.get(i) else {
            continue;
        };
        pos = pos.min(a);
        if k.rank() > kind.rank() || kind_span == (0, 0) {
            kind = k;
            kind_span = (a, b);
        }
        if t.is_some() {
            itype = t;
        }
    }
    let pos = if pos == usize::MAX { 0 } else { pos };
    let line_start = text
        .get(..pos)
        .and_then(|t| t.rfind(['.', '\n']))
        .map_or(0, |x| x + 1);
    let before = text.get(line_start..pos).unwrap_or("");
    let previous = re(&PREVIOUS_RE).is_some_and(|r| r.is_match(before));
    Group {
        kind,
        kind_span,
        itype,
        date,
        pos,
        previous,
        generic,
    }
}

/// A reference from the text to an event, for attributing grades.
#[derive(Debug, Clone, Copy)]
struct Ref {
    pos: usize,
    event: usize,
}

/// Secondary mentions (`is_primary == false`) of inspections in `doc`, with the grades the
/// document attributes to each, plus notes on anything doubtful.
pub fn find_mentions(
    doc: &CleanDoc,
    doc_type: DocType,
    la: Option<&Spanned<LaRef>>,
    doc_date: Option<&Spanned<NaiveDate>>,
) -> (Vec<InspectionMention>, Vec<Note>) {
    if matches!(
        doc_type,
        DocType::InspectionReport | DocType::InspectionLetter
    ) {
        return (Vec::new(), Vec::new());
    }
    let text = doc.text.as_str();
    let doc = doc_date.map(|d| d.value);
    // what is current is judged against the document's date, else the latest date it names
    let named = latest_named(text);
    let now = doc.or_else(|| named.map(|(d, _)| d));
    let years = year_ref(doc, named);
    let units = text::units(text);
    let mut notes = Vec::new();
    let unit_sentences = mentions::unit_sentences(text, &units);
    // pass 1: events from anchor groups
    let mut anchored =
        mentions::Anchored::read(text, &units, &unit_sentences, (doc_date, years), &mut notes);
    anchored.place_undated(now);
    // an undated page's yearless dates were read as after its latest (earlier) date: what
    // is current is judged against them too
    let now = match years {
        Some(when::YearRef::After(_)) => now.max(latest_event_day(&anchored.events)),
        _ => now,
    };
    anchored.add_headline_verdict(text, now);
    anchored.refs.sort_by_key(|r| r.pos);
    // pass 2: grades, attributed to events
    let pending = mentions::GradeReader {
        text,
        units: &units,
        unit_sentences: &unit_sentences,
        refs: &anchored.refs,
        events: &anchored.events,
        years,
    }
    .read();
    let mut events = anchored.events;
    if events.is_empty() && (pending.is_empty() || !scope::document_in_scope(text)) {
        return (Vec::new(), notes);
    }
    mentions::assign_grades(text, &mut events, pending, now, &mut notes);
    // without an authority (a round-up of several councils) no inspection is the subject
    let subject = la.and_then(|_| subject_event(&events, now));
    let mentions = mentions::ordered_mentions(&events, subject, la, doc_date, &mut notes);
    (mentions, notes)
}

/// How far into a document its headline and standfirst reach (bytes).
const HEADLINE: usize = 400;

/// A verdict in the headline or standfirst ("Ofsted praises 'outstanding' Barset
/// children's services"): an undated anchor of an inspection of children's services there,
/// in a sentence that names a grade. The story is about that inspection even when it gives
/// neither its date nor its kind.
fn headline_verdict<'g>(text: &str, undated: &'g [Group]) -> Option<&'g Group> {
    let grade_re = re(&crate::areas::GRADE_RE)?;
    undated.iter().find(|g| {
        g.pos < HEADLINE && !g.previous && {
            let from = text
                .get(..g.pos)
                .and_then(|t| t.rfind(['.', '\n']))
                .map_or(0, |i| i + 1);
            let to = text
                .get(g.pos..)
                .and_then(|t| t.find(['.', '\n']))
                .map_or(text.len(), |i| g.pos + i);
            text.get(from..to).is_some_and(|sentence| {
                grade_re.find_iter(sentence).any(|m| {
                    let after = sentence.get(m.end()..).unwrap_or("").trim_start();
                    !after.starts_with("or ") && !after.starts_with("and ")
                })
            })
        }
    })
}

/// Span of the first concrete "inspection" word, as evidence of an undated event.
fn refs_generic_span(text: &str) -> Option<(usize, usize)> {
    let r = re(&ANCHOR_RE)?;
    let m = r.find(text)?;
    Some((m.start(), m.end()))
}

fn new_event(g: &Group) -> Event {
    Event {
        kind: g.kind,
        kind_span: g.kind_span,
        itype: g.itype.map(|t| (t, g.kind_span.0, g.kind_span.1)),
        date: g.date.clone(),
        first_pos: g.pos,
        previous: g.previous,
        grades: Vec::new(),
    }
}

fn attach_dated(events: &mut Vec<Event>, refs: &[Ref], g: &Group) -> usize {
    let Some(d) = g.date.as_ref() else {
        events.push(new_event(g));
        return events.len() - 1;
    };
    let compatible: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, ev)| {
            ev.kind.compatible(g.kind)
                && ev
                    .date
                    .as_ref()
                    .is_some_and(|x| dates_compatible(&x.value, &d.value))
                && !(ev.itype.is_some() && g.itype.is_some() && ev.itype.map(|t| t.0) != g.itype)
        })
        .map(|(i, _)| i)
        .collect();
    let chosen = if compatible.len() <= 1 {
        compatible.first().copied()
    } else {
        // the most recently referenced one
        refs.iter()
            .rev()
            .find(|r| compatible.contains(&r.event))
            .map(|r| r.event)
            .or(compatible.first().copied())
    };
    match chosen.and_then(|i| events.get_mut(i).map(|ev| (i, ev))) {
        Some((i, ev)) => {
            if ev.kind == Kind::Generic && g.kind != Kind::Generic {
                ev.kind = g.kind;
                ev.kind_span = g.kind_span;
            }
            if ev.itype.is_none()
                && let Some(t) = g.itype
            {
                ev.itype = Some((t, g.kind_span.0, g.kind_span.1));
            }
            if ev
                .date
                .as_ref()
                .is_none_or(|x| precision(&d.value) > precision(&x.value))
            {
                ev.date = Some(d.clone());
            }
            i
        }
        None => {
            events.push(new_event(g));
            events.len() - 1
        }
    }
}

/// The one current dated event whose kind the text has not named (see [`is_current`]): the
/// inspection an opening's "monitoring visit" or "focused visit" names.
fn unnamed_current(events: &[Event], doc: Option<NaiveDate>) -> Option<usize> {
    let mut it = events
        .iter()
        .enumerate()
        .filter(|(_, ev)| ev.kind == Kind::Generic && ev.date.is_some() && is_current(ev, doc));
    let first = it.next()?.0;
    it.next().is_none().then_some(first)
}

fn nearest_compatible(events: &[Event], refs: &[Ref], g: &Group) -> Option<usize> {
    // an anchor not itself introduced as earlier never names an earlier inspection
    let ok = |i: usize| {
        events
            .get(i)
            .is_some_and(|e| e.kind == g.kind && (g.previous || !e.previous))
    };
    let pos = g.pos;
    refs.iter()
        .filter(|r| r.pos <= pos && ok(r.event))
        .max_by_key(|r| r.pos)
        .or_else(|| refs.iter().filter(|r| ok(r.event)).min_by_key(|r| r.pos))
        .map(|r| r.event)
}

/// The event the document is mainly about: the first one not introduced as "last" or
/// "previous".
fn principal_event(events: &[Event]) -> Option<usize> {
    let mut idx: Vec<usize> = (0..events.len()).collect();
    idx.sort_by_key(|&i| events.get(i).map_or(usize::MAX, |e| e.first_pos));
    idx.iter()
        .copied()
        .find(|&i| events.get(i).is_some_and(|e| !e.previous))
        .or(idx.first().copied())
}

/// The event a grade in sentence `s..e` belongs to, if the text says.
fn attribute(
    text: &str,
    refs: &[Ref],
    events: &[Event],
    (s, e): (usize, usize),
    grade_end: usize,
    unit: Option<&Unit>,
    years: Option<when::YearRef>,
) -> Attr {
    // 1. a reference in the same sentence, the closest before the grade, else after
    //    (unless the grade is dated right after it: "rated inadequate in 2017, now good
    //    after an inspection in 2022")
    let in_sentence: Vec<&Ref> = refs.iter().filter(|r| r.pos >= s && r.pos < e).collect();
    let before = in_sentence
        .iter()
        .filter(|r| r.pos < grade_end)
        .max_by_key(|r| r.pos);
    if let Some(r) = before {
        return Attr::Event(r.event);
    }
    let after_grade = text.get(grade_end.clamp(s, e)..e).unwrap_or("");
    if let Some(d) = dated_right_after(after_grade, years) {
        return events
            .iter()
            .position(|ev| {
                ev.date
                    .as_ref()
                    .is_some_and(|x| dates_compatible(&x.value, &d))
            })
            .map_or(Attr::Drop, Attr::Event);
    }
    // "…, once rated 'outstanding', …": an earlier grade, not the inspection named after it
    let sentence = text.get(s..e).unwrap_or("");
    let before_grade = text.get(s..grade_end.clamp(s, e)).unwrap_or("");
    if re(&ONCE_RE).is_some_and(|r| r.is_match(grade_lead(before_grade))) {
        return Attr::Drop;
    }
    if let Some(r) = in_sentence.first() {
        return Attr::Event(r.event);
    }
    // 2. a date or "previously" without an inspection word: that dated event, or none
    if let Some(a) = earlier_inspection(sentence, (before_grade, after_grade), events, years) {
        return a;
    }
    // 3. "this inspection": the last reference before the sentence
    if re(&BACKREF_RE).is_some_and(|b| b.is_match(sentence)) {
        return refs
            .iter()
            .rev()
            .find(|r| r.pos < s)
            .map_or(Attr::Unknown, |r| Attr::Event(r.event));
    }
    // 4. the last reference earlier in the same paragraph
    let Some(u) = unit else {
        return Attr::Unknown;
    };
    refs.iter()
        .rev()
        .find(|r| r.pos >= u.start && r.pos < s)
        .map_or(Attr::Unknown, |r| Attr::Event(r.event))
}

/// The date right after a grade ("inadequate in 2017", "good in March 2019"): within a
/// few words, after "in" or "since".
fn dated_right_after(after_grade: &str, years: Option<when::YearRef>) -> Option<DateExpr> {
    let window = after_grade
        .get(..crate::floor_boundary(after_grade, 40))
        .unwrap_or("");
    let d = when::find_in(window, years)
        .into_iter()
        .min_by_key(|d| d.start)?;
    let between = window.get(..d.start)?;
    re(&GRADE_DATED_RE)
        .is_some_and(|r| r.is_match(between))
        .then_some(d.value)
}

/// Right before a grade: a verb frame that calls it earlier ("once rated", "formerly
/// judged as"; not "once again rated").
static ONCE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r#"(?i)\b(?:once|formerly|previously|originally)\s+(?:been\s+)?(?:rated|judged|graded|deemed|branded|described|labell?ed)\s+(?:as\s+)?(?:being\s+)?[‘'“"]?\s*$"#,
    )
    .ok()
});

/// The text before a grade up to the grade word itself (its grade words cut off).
fn grade_lead(before_grade: &str) -> &str {
    let cut = re(&crate::areas::GRADE_RE)
        .and_then(|r| r.find_iter(before_grade).last())
        .map_or(before_grade.len(), |m| m.start());
    before_grade.get(..cut).unwrap_or("")
}

/// What may stand between a grade and its date: a closing quote, "overall", "in", "back in".
static GRADE_DATED_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r#"(?i)^[’'”"]?\s*(?:overall\s+)?(?:back\s+)?(?:in|since|during)\s*$"#).ok()
});

/// Where a grade goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    /// To this event.
    Event(usize),
    /// Nowhere: it is a grade of an inspection the document does not name.
    Drop,
    /// The text does not say: the document's main event.
    Unknown,
}

/// "previously judged inadequate", "rated good in 2019": a sentence without an inspection
/// word that dates its grade, or calls it earlier before the grade. The grade goes to the event of that date,
/// else nowhere, never to the inspection the paragraph is about.
fn earlier_inspection(
    sentence: &str,
    (before_grade, after_grade): (&str, &str),
    events: &[Event],
    years: Option<when::YearRef>,
) -> Option<Attr> {
    let dates: Vec<DateExpr> = when::find_in(sentence, years)
        .into_iter()
        .filter(|d| {
            let before = sentence.get(..d.start).unwrap_or("");
            !re(&NOT_INSPECTION_DATE_RE).is_some_and(|r| r.is_match(before))
                && (!matches!(d.value, DateExpr::Year(_))
                    || re(&YEAR_PREP_RE).is_some_and(|r| r.is_match(before)))
        })
        .map(|d| d.value)
        .collect();
    let earlier = re(&EARLIER_RE).is_some_and(|r| r.is_match(before_grade))
        || re(&EARLIER_AFTER_RE).is_some_and(|r| r.is_match(after_grade));
    if dates.is_empty() && !earlier {
        return None;
    }
    for d in &dates {
        if let Some(i) = events.iter().position(|ev| {
            ev.date
                .as_ref()
                .is_some_and(|x| dates_compatible(&x.value, d))
        }) {
            return Some(Attr::Event(i));
        }
    }
    Some(Attr::Drop)
}

/// How long before the document's date (days) an inspection may have happened and still be
/// the one the document reports on: about fifteen months, the time from an inspection to the
/// last committee that reads its report.
const CURRENT_DAYS: i64 = 456;

/// Whether `ev` can be the inspection the document reports on: not introduced as earlier,
/// named in the document's opening or given grades, and (with the document's date `doc`)
/// neither after that date nor more than [`CURRENT_DAYS`] before it.
fn is_current(ev: &Event, doc: Option<NaiveDate>) -> bool {
    if ev.previous || (ev.first_pos >= 2 * HEAD && ev.grades.is_empty()) {
        return false;
    }
    let (Some(doc), Some((first, last))) = (doc, ev.date.as_ref().and_then(|d| bounds(&d.value)))
    else {
        return true;
    };
    first <= doc + chrono::Duration::days(31) && (doc - last).num_days() <= CURRENT_DAYS
}

/// The event the document reports on: among the current events ([`is_current`]), the
/// latest dated one, else the first undated one.
fn subject_event(events: &[Event], doc: Option<NaiveDate>) -> Option<usize> {
    let current = || {
        events
            .iter()
            .enumerate()
            .filter(|(_, ev)| is_current(ev, doc))
    };
    let dated = current()
        .filter_map(|(i, ev)| Some((i, ev.date.as_ref().and_then(|d| bounds(&d.value))?.0, ev)))
        .max_by_key(|&(_, first, ev)| (first, std::cmp::Reverse(ev.first_pos)))
        .map(|(i, _, _)| i);
    dated.or_else(|| current().min_by_key(|(_, ev)| ev.first_pos).map(|(i, _)| i))
}

/// The last day of the latest past date `text` names (a date after future words such as
/// "next" or "expected" in its sentence does not count): a floor for a document whose own
/// date is not printed; and whether the words before it call it the previous visit ("the
/// last visit in October 2019").
fn latest_named(text: &str) -> Option<(NaiveDate, bool)> {
    when::find(text)
        .into_iter()
        .filter_map(|d| {
            let before = text.get(..d.start).unwrap_or("");
            let from = before.rfind(['.', '\n']).map_or(0, |i| i + 1);
            let clause = before.get(from..).unwrap_or("");
            if re(&FUTURE_RE).is_some_and(|r| r.is_match(clause)) {
                return None;
            }
            let earlier = re(&LAST_VISIT_RE).is_some_and(|r| r.is_match(clause));
            Some((d.value.last_day()?, earlier))
        })
        .max()
}

/// What gives the page's yearless dates their year: its own date, else (an undated page)
/// the latest date it names when the page calls that date the previous visit (visits come
/// months apart, so what the page reports is the first such day after it; a full
/// inspection years earlier, "since its judgement in 2017", fixes no year). Otherwise
/// none: a yearless date of an undated page stays undated.
fn year_ref(
    doc: Option<NaiveDate>,
    latest_named: Option<(NaiveDate, bool)>,
) -> Option<when::YearRef> {
    let floor = latest_named.and_then(|(d, earlier)| earlier.then_some(d));
    when::YearRef::of(doc, floor)
}

/// The last day of the latest dated event.
fn latest_event_day(events: &[Event]) -> Option<NaiveDate> {
    events
        .iter()
        .filter_map(|e| e.date.as_ref().and_then(|d| bounds(&d.value)).map(|b| b.1))
        .max()
}

/// What a mention needs from its document beside its event.
struct MentionContext<'a> {
    relation: Relation,
    la: Option<&'a Spanned<LaRef>>,
    doc_date: Option<&'a Spanned<NaiveDate>>,
    /// The first day of the latest dated inspection the document calls earlier ("since
    /// the last inspection in 2021"): the inspection it reports on came after it.
    after: Option<&'a Spanned<NaiveDate>>,
}

/// The framework in force for a full inspection of an authority's children's services
/// on `first..=last`: from November 2013 to 2017 SIF, from 2018 ILACS, before November
/// 2013 the inspections of safeguarding and looked after children services. `None` when the
/// span straddles a change.
fn framework_in_force(first: NaiveDate, last: NaiveDate) -> Option<Framework> {
    let sif_from = NaiveDate::from_ymd_opt(2013, 11, 1)?;
    let ilacs_from = NaiveDate::from_ymd_opt(2018, 1, 1)?;
    let older_from = NaiveDate::from_ymd_opt(2009, 6, 1)?;
    if first >= ilacs_from {
        Some(Framework::Ilacs)
    } else if first >= sif_from && last < ilacs_from {
        Some(Framework::Sif)
    } else if first >= older_from && last < sif_from {
        Some(Framework::SafeguardingAndLac)
    } else {
        None
    }
}

/// Which date a framework inferred from a date rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateBasis {
    /// The inspection's own date.
    Own,
    /// The document's date.
    Document,
    /// The date of the earlier inspection it follows ([`MentionContext::after`]).
    Earlier,
}

impl DateBasis {
    fn words(self) -> &'static str {
        match self {
            DateBasis::Own => "its date",
            DateBasis::Document => "the document's date",
            DateBasis::Earlier => "the date of the earlier inspection it follows",
        }
    }
}

/// A graded inspection, or the inspection a document reports on, whose framework is not
/// named: the framework in force at its date, else at the document's date (see
/// [`framework_in_force`]), else, for the inspection the document reports on, ILACS when
/// the earlier inspection it follows ("since the last inspection in 2021") was in 2018 or
/// later (every full inspection after that is one). The older frameworks' "adequate" never
/// makes a SIF or ILACS. The older framework is inferred only for a graded event (the
/// unannounced inspections of the same years gave no grades), from the document's date
/// only when that date is at least half a year inside the framework's years (a paper of
/// mid-2009 may still report a joint area review). Returns the framework, the span of the
/// date it rests on, and which date that is.
fn framework_from_date(
    ev: &Event,
    ctx: &MentionContext<'_>,
) -> Option<(Framework, (usize, usize), DateBasis)> {
    let graded = !ev.grades.is_empty();
    let subject = ctx.relation == Relation::ReportsOn;
    if !graded && !subject {
        return None;
    }
    let (first, last, span, basis) = match (&ev.date, ctx.doc_date, ctx.after) {
        (Some(d), _, _) => {
            let (a, b) = bounds(&d.value)?;
            (a, b, (d.start, d.end), DateBasis::Own)
        }
        (None, Some(d), _) => (d.value, d.value, (d.start, d.end), DateBasis::Document),
        (None, None, Some(p)) if subject => {
            // only an ILACS is followed by nothing but ILACS inspections
            if framework_in_force(p.value, p.value) != Some(Framework::Ilacs) {
                return None;
            }
            (p.value, p.value, (p.start, p.end), DateBasis::Earlier)
        }
        (None, None, _) => return None,
    };
    let fw = framework_in_force(first, last)?;
    let adequate = ev.grades.iter().any(|g| g.grade == Grade::Adequate);
    let older = fw == Framework::SafeguardingAndLac;
    let settled_older = NaiveDate::from_ymd_opt(2010, 1, 1)?;
    let from_doc = basis == DateBasis::Document;
    if adequate && !older || older && (!graded || from_doc && first < settled_older) {
        return None;
    }
    Some((fw, span, basis))
}

/// The mention's framework: named, else from the judgement vocabulary, else from the date
/// ([`framework_from_date`]); each inference is noted (info).
fn mention_framework(
    ev: &Event,
    ctx: &MentionContext<'_>,
    notes: &mut Vec<Note>,
) -> (Framework, (usize, usize)) {
    let framework = ev.kind.framework();
    if framework != Framework::Unknown {
        return (framework, ev.kind_span);
    }
    if let Some((fw, g)) = ev
        .grades
        .iter()
        .find_map(|g| g.word.framework_hint().map(|f| (f, g)))
    {
        let conflicting = ev
            .grades
            .iter()
            .filter_map(|g| g.word.framework_hint())
            .any(|f| f != fw);
        if !conflicting {
            notes.push(Note::at(
                Severity::Info,
                "framework_from_vocabulary",
                format!(
                    "framework {} of a mentioned inspection inferred from its judgement areas",
                    fw.as_str()
                ),
                g.start,
                g.end,
            ));
            return (fw, (g.start, g.end));
        }
    }
    if let Some((fw, span, basis)) = framework_from_date(ev, ctx) {
        let whose = basis.words();
        notes.push(Note::at(
            Severity::Info,
            "framework_from_date",
            format!(
                "framework {} of an inspection of children's services inferred from {whose}",
                fw.as_str()
            ),
            span.0,
            span.1,
        ));
        return (fw, span);
    }
    (Framework::Unknown, ev.kind_span)
}

/// The judgements "all areas" (as printed: `named`) means in an inspection of `framework`
/// in `year`: ILACS from 2023 judges children in care and care leavers apart. An ILACS of
/// unknown year: all five when the phrase counts five (only the framework of 2023 has
/// five), the four of 2018 when it counts four and not five, else the three judgements
/// both versions have.
fn every_area(framework: Framework, year: Option<i32>, named: &str) -> &'static [AreaWord] {
    use AreaWord::{
        Adoption, CareLeavers, HelpProtection, ImpactOfLeaders, InCare, InCareAndLeavers, Lmg,
        Overall,
    };
    let counts = |n: &str, d: &str| {
        named
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(n) || w == d)
    };
    let five = counts("five", "5");
    let four = !five && counts("four", "4");
    match framework {
        Framework::Ilacs if year.map_or(five, |y| y >= 2023) => &[
            Overall,
            ImpactOfLeaders,
            HelpProtection,
            InCare,
            CareLeavers,
        ],
        Framework::Ilacs if year.is_some() || four => {
            &[Overall, ImpactOfLeaders, HelpProtection, InCareAndLeavers]
        }
        Framework::Ilacs => &[Overall, ImpactOfLeaders, HelpProtection],
        Framework::Sif => &[Overall, HelpProtection, InCare, Adoption, CareLeavers, Lmg],
        _ => &[Overall],
    }
}

/// `grades` with each "all areas" grade given to every judgement of the framework
/// ([`every_area`]); one with exceptions ("all areas except care leavers") to every
/// judgement but the overall one and those, and to none when the framework's judgements
/// are not known.
fn expand_all_areas(grades: &[RawGrade], framework: Framework, year: Option<i32>) -> Vec<RawGrade> {
    grades
        .iter()
        .flat_map(|g| {
            if g.word != AreaWord::AllAreas {
                return vec![g.clone()];
            }
            let all = every_area(framework, year, &g.area_verbatim);
            let words: Vec<AreaWord> = match &g.except {
                grades::Except::None => all.to_vec(),
                grades::Except::Named(apart) if all.len() > 1 => all
                    .iter()
                    .copied()
                    .filter(|w| {
                        *w != AreaWord::Overall && !apart.iter().any(|a| same_judgement(*a, *w))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            words
                .into_iter()
                .map(|w| RawGrade {
                    word: w,
                    except: grades::Except::None,
                    ..g.clone()
                })
                .collect()
        })
        .collect()
}

/// Whether the area word `named` names the judgement `w` of a framework's list: the same
/// key, leadership for the leaders' judgement, and children in care or care leavers for
/// the judgement of both.
fn same_judgement(named: AreaWord, w: AreaWord) -> bool {
    use AreaWord::{CareLeavers, ImpactOfLeaders, InCare, InCareAndLeavers, Leadership, Lmg};
    let care = |x: AreaWord| matches!(x, InCare | CareLeavers | InCareAndLeavers);
    let leaders = |x: AreaWord| matches!(x, Leadership | ImpactOfLeaders | Lmg);
    named == w
        || (w == InCareAndLeavers && care(named))
        || (named == InCareAndLeavers && care(w))
        || (leaders(named) && leaders(w))
}

/// One judgement per area (table > statement > heading > prose, then text order), in
/// text order; a conflicting grade for an area is noted. Visits and JTAIs are not graded:
/// a grade in their sentence is an earlier inspection's, noted and not recorded.
fn mention_judgements(
    ev: &Event,
    framework: Framework,
    year: Option<i32>,
    notes: &mut Vec<Note>,
) -> Vec<Judgement> {
    let sif_like = matches!(
        framework,
        Framework::Sif | Framework::SafeguardingAndLac | Framework::LacOnly
    );
    let rank = |s: JudgementSource| match s {
        JudgementSource::Table => 0,
        JudgementSource::Statement => 1,
        JudgementSource::Heading => 2,
        JudgementSource::Prose => 3,
    };
    let grades = expand_all_areas(&ev.grades, framework, year);
    let mut sorted: Vec<&RawGrade> = grades.iter().collect();
    sorted.sort_by_key(|g| (rank(g.source), g.start));
    let mut judgements: Vec<Judgement> = Vec::new();
    for g in sorted {
        let key = area_key(g.word, framework, sif_like, year);
        if let Some(existing) = judgements.iter().find(|j| j.area == key) {
            if existing.grade != g.grade {
                notes.push(Note::at(
                    Severity::Warning,
                    "grade_conflict",
                    format!(
                        "{key}: kept {} ({}), the document also says {} ({})",
                        existing.grade.as_str(),
                        existing.source.as_str(),
                        g.grade.as_str(),
                        g.source.as_str()
                    ),
                    g.start,
                    g.end,
                ));
            }
            continue;
        }
        judgements.push(Judgement {
            area: key,
            area_verbatim: g.area_verbatim.clone(),
            grade: g.grade,
            grade_verbatim: g.grade_verbatim.clone(),
            source: g.source,
            start: g.start,
            end: g.end,
        });
    }
    judgements.sort_by_key(|j| j.start);
    if matches!(
        framework,
        Framework::FocusedVisit | Framework::MonitoringVisit | Framework::Jtai
    ) {
        for j in judgements.drain(..) {
            notes.push(Note::at(
                Severity::Info,
                "grade_of_unnamed_inspection",
                format!(
                    "{} for {}: a {} gives no grades, so this is an earlier inspection's; not recorded",
                    j.grade.as_str(),
                    j.area_verbatim,
                    framework.as_str()
                ),
                j.start,
                j.end,
            ));
        }
    }
    judgements
}

/// Start, end and period of a mention (start and end with their spans).
type MentionDates = (
    Option<Spanned<NaiveDate>>,
    Option<Spanned<NaiveDate>>,
    Option<Spanned<String>>,
);

/// The event's own date as start/end/period; an undated inspection a document reports on
/// takes the year of the document's date as its period (noted: inferred).
fn mention_dates(ev: &Event, ctx: &MentionContext<'_>, notes: &mut Vec<Note>) -> MentionDates {
    let Some(d) = &ev.date else {
        let Some(dd) = ctx.doc_date.filter(|_| ctx.relation == Relation::ReportsOn) else {
            return (None, None, None);
        };
        let year = format!("{:04}", dd.value.year());
        notes.push(Note::at(
            Severity::Info,
            "period_from_document_date",
            format!(
                "the inspection the document reports on is undated: period {year} taken from the document's date"
            ),
            dd.start,
            dd.end,
        ));
        let period = Spanned {
            value: year,
            start: dd.start,
            end: dd.end,
        };
        return (None, None, Some(period));
    };
    match &d.value {
        DateExpr::Day(x) => (Some(at(*x, d)), None, None),
        DateExpr::Range(a, b) => (Some(at(*a, d)), Some(at(*b, d)), None),
        DateExpr::Month(y, m) => (None, None, Some(at(format!("{y:04}-{m:02}"), d))),
        DateExpr::Year(y) => (None, None, Some(at(format!("{y:04}"), d))),
    }
}

/// `value` with the span of `d`.
fn at<T>(value: T, d: &Spanned<DateExpr>) -> Spanned<T> {
    Spanned {
        value,
        start: d.start,
        end: d.end,
    }
}

fn to_mention(ev: &Event, ctx: &MentionContext<'_>, notes: &mut Vec<Note>) -> InspectionMention {
    let (framework, fw_span) = mention_framework(ev, ctx, notes);
    let year = ev
        .date
        .as_ref()
        .map(|d| crate::dates::year_of(&d.value))
        .or_else(|| ctx.doc_date.map(|d| d.value.year()));
    let judgements = mention_judgements(ev, framework, year, notes);
    let (start, end, period) = mention_dates(ev, ctx, notes);
    InspectionMention {
        is_primary: false,
        relation: ctx.relation,
        la: ctx.la.cloned(),
        framework: Spanned {
            value: framework,
            start: fw_span.0,
            end: fw_span.1,
        },
        inspection_type: ev.itype.map(|t| t.0),
        type_basis: ev.itype.map(|_| TypeBasis::Stated),
        start,
        end,
        period,
        published: None,
        lead_inspector: None,
        judgements,
        send_outcome: None,
    }
}

/// The judgement a graded area names in an inspection of `framework`. A looked-after
/// children inspection (2009–2013) judges those services as a whole, so "looked after
/// children services ... rated good" is its overall effectiveness, not a SIF area. An
/// ILACS inspection before 2023 judged children in care and care leavers together, so
/// "children in care" then names that judgement.
fn area_key(
    word: crate::areas::AreaWord,
    framework: Framework,
    sif_like: bool,
    year: Option<i32>,
) -> Area {
    let key = word.key(sif_like);
    if framework == Framework::LacOnly && key == Area::LookedAfterAndPermanence {
        return Area::OverallEffectiveness;
    }
    if framework == Framework::Ilacs
        && year.is_some_and(|y| y < 2023)
        && key == Area::ChildrenInCare
    {
        return Area::ChildrenInCareAndCareLeavers;
    }
    key
}

crate::rx::register!(ANCHOR_RE, GENERIC_RE, FUTURE_RE, NOT_INSPECTION_DATE_RE, YEAR_PREP_RE, PREVIOUS_RE, EARLIER_RE, EARLIER_AFTER_RE, BACKREF_RE, SYSTEM_TALK_RE, SEND_RE, LAST_VISIT_RE, DATE_EARLIER_RE, SINCE_CLAUSE_RE, ONCE_RE, GRADE_DATED_RE; committee, docdate, grades, scope, when, whole);

#[cfg(test)]
mod tests;
