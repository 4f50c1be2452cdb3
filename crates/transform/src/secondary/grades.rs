//! Grades that a secondary document states in prose ("rated adoption as outstanding",
//! "the overall effectiveness of services was judged to be 'outstanding'", "rated the
//! council as outstanding for the impact of leaders ...", "an overall rating of 'good'"),
//! in list rows ("Impact of leaders – Good") or in a judgement table ("label\tgrade" rows).
//!
//! A sentence is read one grade word at a time ([`read_grade`]): the clause before the
//! grade ([`Clause`]) must frame it as a judgement ([`accept`]); the graded areas are the
//! ones named before it, else the ones right after it ([`after`]), else the authority's
//! services as a whole ([`whole`]). Rating nouns ("an overall judgement of inadequate", "a
//! 'good' rating for its children's services") are read by [`noun`]; list rows and "Areas
//! where ... was good:" lists by [`rows`]. Precision first: grades of schools, nurseries and
//! homes, alternatives ("good or outstanding"), adjectives ("good progress") and negated
//! grades give nothing. Grades of an earlier time are returned: the caller attributes them.

mod accept;
mod after;
mod anaphor;
mod change;
mod every;
mod noun;
mod paired;
mod rows;

use super::text::Unit;
use super::{scope, whole};
use crate::areas::{AreaHit, AreaWord, find_areas, parse_grade};
use crate::{Lazy, re};
use accept::{Accepted, Clause};
use ofsted_model::vocab::{Grade, JudgementSource};
use std::sync::LazyLock;

/// A grade read from the text, before it is attributed to an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawGrade {
    /// Area as named ([`AreaWord::AllAreas`]: every judgement of the framework).
    pub word: AreaWord,
    /// Area text as printed.
    pub area_verbatim: String,
    /// Grade.
    pub grade: Grade,
    /// Grade text as printed.
    pub grade_verbatim: String,
    /// Where it was read.
    pub source: JudgementSource,
    /// Evidence span (bytes): the area and the grade.
    pub start: usize,
    /// Evidence span end.
    pub end: usize,
    /// With [`AreaWord::AllAreas`]: the judgements it leaves out ("all areas except care
    /// leavers").
    pub except: Except,
}

/// The judgements an "all areas" grade leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Except {
    /// None: every judgement.
    #[default]
    None,
    /// These ("except care leavers"): every judgement but these and the overall one.
    Named(Vec<AreaWord>),
    /// So many, not yet named ("all but one area"): resolved within the sentence.
    Count(usize),
}

/// Grade words of running text: the shared grade words and their verb forms ("required
/// improvement", "requiring improvement in order to be good", "require improvements").
pub(super) const GRADE_ALT: &str = r"requir(?:es?|ed|ing)\s+improvements?(?:\s+(?:in\s+order\s+)?to\s+be\s+good)?|outstanding|inadequate|adequate|good";

/// [`GRADE_ALT`] in running text.
static SENTENCE_GRADE_RE: Lazy =
    LazyLock::new(|| crate::rx::new(&format!(r"(?i)\b(?:{GRADE_ALT})\b")).ok());

/// "rated as 'outstanding' the council's leadership, ...": the graded object follows.
static RATED_AS_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r#"(?i)\b(?:rated|judged|graded|assessed)\s+as\s*[‘'“"]?\s*$"#).ok()
});

/// "a few areas that were judged overall as good": "overall" of some areas, not the
/// authority's overall grade.
static PARTIAL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:areas?|aspects?|parts?|elements?|categories|services)\s+(?:that|which)\s*$",
    )
    .ok()
});

/// Words that may follow a grade that is a predicate ("... as good while ...").
const FOLLOWERS: &[&str] = &[
    "and",
    "while",
    "whilst",
    "whereas",
    "but",
    "with",
    "at",
    "in",
    "by",
    "for",
    "overall",
    "since",
    "following",
    "when",
    "across",
    "on",
    "from",
    "after",
    "which",
    "where",
    "said",
    "says",
    "say",
    "according",
    "inspectors",
    "again",
    "once",
    "too",
    "also",
    "last",
    "previously",
    "then",
    "under",
    "ofsted",
    "both",
    "because",
    "although",
    "though",
    "this",
    "during",
    "as",
];

/// A grade word of a sentence (offsets relative to the sentence).
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    grade: Grade,
    /// "require(s/d) improvement": a verb, needing no frame.
    ri_verb: bool,
}

/// The sentence being read: `text[s..e]` and its grade words.
struct Sentence<'a> {
    text: &'a str,
    s: usize,
    e: usize,
    body: &'a str,
    hits: Vec<Hit>,
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str, s: usize, e: usize) -> Option<Self> {
        let body = text.get(s..e)?;
        let hits = re(&SENTENCE_GRADE_RE)?
            .find_iter(body)
            .filter_map(|m| {
                let lower = m.as_str().to_lowercase();
                let grade = if lower.starts_with("requir") {
                    Grade::RequiresImprovement
                } else {
                    parse_grade(m.as_str())?
                };
                let ri_verb = lower.starts_with("require") && !lower.starts_with("requiring");
                Some(Hit {
                    start: m.start(),
                    end: m.end(),
                    grade,
                    ri_verb,
                })
            })
            .collect();
        Some(Sentence {
            text,
            s,
            e,
            body,
            hits,
        })
    }

    /// The grade's end, after a closing quote ("judged to be 'good'").
    fn grade_end(&self, h: Hit) -> usize {
        let quote = self
            .body
            .get(h.end..)
            .and_then(|r| r.chars().next())
            .filter(|c| matches!(c, '\'' | '"' | '’' | '”'));
        h.end + quote.map_or(0, char::len_utf8)
    }

    /// The grade `h` of the area printed at `area` (offsets relative to the sentence; an
    /// area may lie after the sentence, in a list that follows it).
    fn raw(
        &self,
        word: AreaWord,
        area: (usize, usize),
        h: Hit,
        source: JudgementSource,
    ) -> RawGrade {
        let gend = self.grade_end(h);
        RawGrade {
            word,
            area_verbatim: self
                .text
                .get(self.s + area.0..self.s + area.1)
                .unwrap_or("")
                .to_owned(),
            grade: h.grade,
            grade_verbatim: self.body.get(h.start..h.end).unwrap_or("").to_owned(),
            source,
            start: self.s + area.0.min(h.start),
            end: self.s + area.1.max(gend),
            except: Except::None,
        }
    }

    /// The grade `h` of the named `areas`: each specific one, else the first
    /// children's-services phrase as the overall grade.
    fn graded(&self, areas: &[AreaHit], h: Hit, source: JudgementSource) -> Vec<RawGrade> {
        let specific: Vec<RawGrade> = areas
            .iter()
            .filter(|a| a.word != AreaWord::ChildrensServices)
            .map(|a| self.raw(a.word, (a.start, a.end), h, source))
            .collect();
        if !specific.is_empty() {
            return specific;
        }
        areas
            .first()
            .map(|a| self.raw(AreaWord::Overall, (a.start, a.end), h, source))
            .into_iter()
            .collect()
    }
}

/// What the previous grade word of the sentence left for the next one.
#[derive(Debug, Clone, Copy, Default)]
struct Prev {
    /// Where its words end: the next clause starts after this.
    end: usize,
    /// Its areas followed it ("... as outstanding for A").
    areas_after: bool,
    /// It was read as a grade: a second grade may share its frame ([`paired`]).
    accepted: bool,
}

/// Grades stated in the sentence `text[s..e]`.
pub(crate) fn sentence_grades(text: &str, s: usize, e: usize) -> Vec<RawGrade> {
    let Some(sn) = Sentence::new(text, s, e) else {
        return Vec::new();
    };
    let mut out = read_sentence(&sn);
    if out.is_empty() {
        out = anaphor::grades(&sn);
    }
    out
}

/// The grades the sentence `text[s..e]` states in its own grade words.
fn stated_grades(text: &str, s: usize, e: usize) -> Vec<RawGrade> {
    Sentence::new(text, s, e).map_or_else(Vec::new, |sn| read_sentence(&sn))
}

/// The grades of the sentence's grade words.
fn read_sentence(sn: &Sentence<'_>) -> Vec<RawGrade> {
    let (mut out, listed) = rows::list_grades(sn);
    let mut prev = Prev::default();
    for (i, hit) in sn.hits.iter().enumerate() {
        if listed.contains(&i) {
            prev = Prev {
                end: hit.end,
                areas_after: false,
                accepted: false,
            };
            continue;
        }
        let (found, p) = read_grade(sn, i, prev);
        let accepted = !found.is_empty();
        out.extend(found);
        prev = Prev { accepted, ..p };
    }
    every::resolve(out)
}

/// The grades the `i`th grade word of the sentence states.
fn read_grade(sn: &Sentence<'_>, i: usize, prev: Prev) -> (Vec<RawGrade>, Prev) {
    let Some(&hit) = sn.hits.get(i) else {
        return (Vec::new(), prev);
    };
    let next = sn.hits.get(i + 1).map_or(sn.body.len(), |h| h.start);
    let skip = Prev {
        end: hit.end,
        areas_after: false,
        accepted: false,
    };
    if change::is_from(sn, i) {
        // "from 'inadequate' to 'good'": the next grade's clause keeps the change verb
        return (Vec::new(), prev);
    }
    if is_alternative(sn.body, hit) {
        return (Vec::new(), skip);
    }
    let clause = Clause::before(sn.body, prev.end, hit);
    if clause.negated() || clause.hypothetical() {
        return (Vec::new(), skip);
    }
    if let Some(found) = noun::rating(sn, hit, &clause, next) {
        return found;
    }
    if let Some(found) = paired::attributive(sn, hit, prev, next) {
        return found;
    }
    let followed = followed_ok(sn.body, hit.end);
    let object_after = !followed && re(&RATED_AS_RE).is_some_and(|r| r.is_match(clause.text));
    if !followed && !object_after {
        return (Vec::new(), skip);
    }
    let Some(acc) = accept::accept(sn, hit, &clause, prev) else {
        return (Vec::new(), skip);
    };
    let acc = Accepted {
        object_after,
        ..acc
    };
    let (found, areas_after) = choose(sn, hit, &clause, &acc, next);
    let end = hit.end;
    let accepted = false;
    (
        found,
        Prev {
            end,
            areas_after,
            accepted,
        },
    )
}

fn next_word(text: &str, pos: usize) -> (Option<char>, String) {
    let rest = text.get(pos..).unwrap_or("");
    let rest = rest.trim_start_matches(['\'', '"', '’', '”', '`']);
    let first = rest.chars().next();
    let trimmed = rest.trim_start();
    let word: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    (first, word)
}

/// Whether what follows the grade at `end` lets it be a predicate ("good.", "good while").
fn followed_ok(body: &str, end: usize) -> bool {
    let (first, word) = next_word(body, end);
    match first {
        None => true,
        Some(c) if c.is_whitespace() => word.is_empty() || FOLLOWERS.contains(&word.as_str()),
        Some(c) => matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?'),
    }
}

/// "good or outstanding", "good and outstanding", "'requires improvement' and
/// 'inadequate'": alternatives or a history, not a judgement.
fn is_alternative(body: &str, hit: Hit) -> bool {
    let (_, word) = next_word(body, hit.end);
    if word == "or" || word == "and" && paired_with_next(body, hit.end) {
        return true;
    }
    let pre = body
        .get(..hit.start)
        .unwrap_or("")
        .trim_end_matches(['\'', '"', '‘', '“', ' ']);
    let Some(p) = pre.strip_suffix(" and").or_else(|| pre.strip_suffix(" or")) else {
        return false;
    };
    pre.ends_with(" or")
        || re(&SENTENCE_GRADE_RE).is_some_and(|g| {
            g.find_iter(p)
                .last()
                .is_some_and(|x| x.end() + 2 >= p.len())
        })
}

/// Whether "and" after the grade at `end` is followed right away by another grade.
fn paired_with_next(body: &str, end: usize) -> bool {
    let rest = body
        .get(end..)
        .unwrap_or("")
        .trim_start_matches(['\'', '"', '’', '”', ' ']);
    let Some(rest) = rest.strip_prefix("and") else {
        return false;
    };
    let rest = rest.trim_start_matches(['\'', '"', '‘', '“', ' ']);
    re(&SENTENCE_GRADE_RE).is_some_and(|g| g.find(rest).is_some_and(|m| m.start() == 0))
}

/// `hits` moved by `by` bytes.
fn shifted(hits: Vec<AreaHit>, by: usize) -> Vec<AreaHit> {
    hits.into_iter()
        .map(|a| AreaHit {
            start: a.start + by,
            end: a.end + by,
            ..a
        })
        .collect()
}

/// The areas a grade accepted by `acc` is of: the ones named after it when none are named
/// before it, else the ones before, else overall. Returns the grades and whether they came
/// from after the grade.
fn choose(
    sn: &Sentence<'_>,
    hit: Hit,
    clause: &Clause<'_>,
    acc: &Accepted,
    next: usize,
) -> (Vec<RawGrade>, bool) {
    let apposed = (acc.object_from.is_none() && clause.areas().is_empty())
        .then(|| accept::appositive(sn.body, acc.frame_start))
        .flatten();
    if let Some((start, end)) = apposed {
        // the subject before ", rated 'inadequate' in 2017, ": its clause is the grade's
        let subject = Clause::span(sn.body, start, end);
        let acc = Accepted {
            frame_start: end,
            ..*acc
        };
        return choose_in(sn, hit, &subject, &acc, next);
    }
    choose_in(sn, hit, clause, acc, next)
}

/// [`choose`] in the grade's clause.
fn choose_in(
    sn: &Sentence<'_>,
    hit: Hit,
    clause: &Clause<'_>,
    acc: &Accepted,
    next: usize,
) -> (Vec<RawGrade>, bool) {
    let mut before = clause.areas();
    if let Some(from) = acc.object_from {
        before.retain(|a| a.start >= from);
    }
    if before.is_empty() && clause.after_which {
        before = accept::antecedent(sn.body, clause);
    }
    let source = if acc.statement {
        JudgementSource::Statement
    } else {
        JudgementSource::Prose
    };
    let named_before = before.iter().any(|a| a.word != AreaWord::ChildrensServices);
    let follows = acc.parallel || acc.object_after;
    if follows || !named_before {
        if let Some(found) = after::areas(sn, hit.end, next, !acc.object_after) {
            if found.is_all() && !follows && before.is_empty() && !subject_named(sn, clause, acc) {
                // "the fostering service was rated good in all areas": not the authority's
                return (Vec::new(), false);
            }
            let mut out = found.grades(sn, hit, source);
            out.extend(same_overall(sn, hit, next, source));
            return (out, true);
        }
        if follows {
            return (Vec::new(), false);
        }
    }
    let mut out = before_grades(sn, hit, clause, acc, &before, source);
    out.extend(same_overall(sn, hit, next, source));
    (out, false)
}

/// Whether the grade's subject (or object) is the authority, its services or a name
/// ("Barset was rated good in every area"), or what "which" stands for.
fn subject_named(sn: &Sentence<'_>, clause: &Clause<'_>, acc: &Accepted) -> bool {
    let from = acc.object_from.unwrap_or(clause.start);
    clause.after_which
        || whole::subject_span(sn.body, from, acc.frame_start, true).is_some()
        || sn
            .body
            .get(from..acc.frame_start)
            .is_some_and(|subject| pronoun_for_services(sn, subject))
}

/// How far back the sentence a pronoun subject stands for is looked for (bytes).
const ANTECEDENT_REACH: usize = 400;

/// "It was rated inadequate in ..." where the sentences before name the children's
/// services and no other service: the pronoun stands for them.
fn pronoun_for_services(sn: &Sentence<'_>, subject: &str) -> bool {
    let lower = subject.trim().to_lowercase();
    if !matches!(lower.as_str(), "it" | "they") {
        return false;
    }
    let from = crate::floor_boundary(sn.text, sn.s.saturating_sub(ANTECEDENT_REACH));
    let before = sn.text.get(from..sn.s).unwrap_or("");
    scope::names_childrens_services(before) && !scope::names_other_service(before)
}

/// "..., resulting in the same grading for the service overall": the overall grade too.
fn same_overall(
    sn: &Sentence<'_>,
    hit: Hit,
    next: usize,
    source: JudgementSource,
) -> Option<RawGrade> {
    let span = after::same_overall(sn.body, hit.end, next)?;
    Some(sn.raw(AreaWord::Overall, span, hit, source))
}

/// The grade of the areas named before it, else of the authority as a whole.
fn before_grades(
    sn: &Sentence<'_>,
    hit: Hit,
    clause: &Clause<'_>,
    acc: &Accepted,
    before: &[AreaHit],
    source: JudgementSource,
) -> Vec<RawGrade> {
    let specific = before.iter().any(|a| a.word != AreaWord::ChildrensServices);
    if !specific && let Some(all) = all_subject(sn, clause, acc) {
        let span = all.span;
        return vec![RawGrade {
            except: all.except,
            ..sn.raw(AreaWord::AllAreas, span, hit, source)
        }];
    }
    if !specific && whole::partial_after(sn.body, hit.end) {
        // "children's services were rated good in most areas": a part, no overall grade
        return Vec::new();
    }
    if !before.is_empty() {
        return sn.graded(before, hit, source);
    }
    let partial =
        re(&PARTIAL_RE).is_some_and(|r| r.is_match(sn.body.get(..clause.start).unwrap_or("")));
    if acc.overall_frame && !partial {
        let frame = sn.body.get(acc.frame_start..hit.start).unwrap_or("");
        let at = frame.to_lowercase().find("overall").unwrap_or(0) + acc.frame_start;
        let span = (at, at + "overall".len());
        return vec![sn.raw(AreaWord::Overall, span, hit, source)];
    }
    // no judgement named: the authority's services as a whole, or nothing
    whole::subject(sn.body, clause.start, acc.frame_start, hit.end)
        .map(|span| sn.raw(AreaWord::Overall, span, hit, source))
        .into_iter()
        .collect()
}

/// "All five areas ... were judged": every judgement as the subject of the verb frame (or
/// the object of "rated"); its span relative to the sentence.
fn all_subject(sn: &Sentence<'_>, clause: &Clause<'_>, acc: &Accepted) -> Option<every::Every> {
    let from = acc.object_from.unwrap_or(clause.start).max(clause.start);
    let all = every::subject(sn.body.get(from..acc.frame_start)?)?;
    let (s, e) = all.span;
    Some(every::Every {
        span: (from + s, from + e),
        ..all
    })
}

/// Grades of a run of table rows ("label\tgrade"); rows whose label names no judgement
/// area are skipped.
pub(crate) fn table_grades(text: &str, rows: &[&Unit]) -> Vec<RawGrade> {
    let mut graded: Vec<(usize, usize, usize, usize, Grade, Option<AreaWord>)> = Vec::new();
    for row in rows {
        let (Some(first), Some(last)) = (row.cells.first(), row.cells.last()) else {
            continue;
        };
        if row.cells.len() < 2 {
            continue;
        }
        let Some(grade) = text.get(last.0..last.1).and_then(parse_grade) else {
            continue;
        };
        let label = text.get(first.0..first.1).unwrap_or("");
        let hits = find_areas(label);
        let word = hits
            .iter()
            .find(|a| a.word != AreaWord::ChildrensServices)
            .or_else(|| hits.first())
            .map(|a| {
                if a.word == AreaWord::ChildrensServices {
                    AreaWord::Overall
                } else {
                    a.word
                }
            });
        graded.push((first.0, first.1, last.0, last.1, grade, word));
    }
    graded
        .into_iter()
        .filter_map(|(ls, le, gs, ge, grade, word)| {
            let word = word?;
            Some(RawGrade {
                word,
                area_verbatim: text.get(ls..le).unwrap_or("").trim().to_owned(),
                grade,
                grade_verbatim: text.get(gs..ge).unwrap_or("").trim().to_owned(),
                source: JudgementSource::Table,
                start: ls,
                end: ge,
                except: Except::None,
            })
        })
        .collect()
}

crate::rx::register!(SENTENCE_GRADE_RE, RATED_AS_RE, PARTIAL_RE; accept, after, anaphor, change, every, noun, paired, rows);

#[cfg(test)]
mod tests;
