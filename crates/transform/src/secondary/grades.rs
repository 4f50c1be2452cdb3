//! Grades that a secondary document states in prose ("rated adoption as outstanding",
//! "the overall effectiveness of services was judged to be 'outstanding'") or in a
//! judgement table ("label\tgrade" rows).

use super::grade_forms;
use super::text::Unit;
use super::whole;
use crate::areas::{AreaHit, AreaWord, GRADE_RE, find_areas, parse_grade};
use crate::{Lazy, re};
use ofsted_model::vocab::{Grade, JudgementSource};
use std::sync::LazyLock;

/// A grade read from the text, before it is attributed to an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawGrade {
    /// Area as named.
    pub word: AreaWord,
    /// Area text as printed.
    pub area_verbatim: String,
    /// Grade.
    pub grade: Grade,
    /// Grade text as printed.
    pub grade_verbatim: String,
    /// Where it was read.
    pub source: JudgementSource,
    /// Evidence span (bytes).
    pub start: usize,
    /// Evidence span end.
    pub end: usize,
}

/// A verb frame right before a grade word: "is", "were judged to be", "rated ... as".
static FRAME_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)(?:\b(?:is|are|was|were|been|be|being|remains?|remained|judged|rated|rating|graded|assessed|deemed|found|considered|described|confirmed|confirming)\b|\bas\b|\boverall\b)(?:\s+(?:now|still|also|again|both|all|overall|judged|rated|graded|assessed|deemed|found|considered|described|to|be|as|being))*\s*[‘’'`“”]?\s*$",
    )
    .ok()
});

/// Verbs that grade (as opposed to a bare copula).
static RATING_VERB_RE: Lazy = LazyLock::new(|| {
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
    "according",
    "inspectors",
    "again",
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

/// Grades stated in the sentence `text[s..e]`.
pub(crate) fn sentence_grades(text: &str, s: usize, e: usize) -> Vec<RawGrade> {
    let mut out = Vec::new();
    let (Some(grade_re), Some(sentence)) = (re(&GRADE_RE), text.get(s..e)) else {
        return out;
    };
    let mut prev_end = 0usize; // relative to sentence
    let mut used: Vec<usize> = Vec::new(); // grade words read (relative)
    for m in grade_re.find_iter(sentence) {
        let Some(grade) = parse_grade(m.as_str()) else {
            continue;
        };
        let (first, word) = next_word(sentence, m.end());
        let followed_ok = match first {
            None => true,
            Some(c) if c.is_whitespace() => word.is_empty() || FOLLOWERS.contains(&word.as_str()),
            Some(c) => matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?'),
        };
        let pre_all = sentence.get(..m.start()).unwrap_or("");
        let tail: String = pre_all.chars().rev().take(12).collect::<String>();
        let tail: String = tail.chars().rev().collect::<String>().to_lowercase();
        // "good or outstanding", "good and outstanding": alternatives, not a judgement
        let alternative = word == "or"
            || tail
                .trim_end_matches(['\'', '"', '‘', '“', ' '])
                .ends_with(" or")
            || (re(&GRADE_RE).is_some_and(|g| {
                pre_all
                    .trim_end_matches(['\'', '"', '‘', '“', ' '])
                    .strip_suffix(" and")
                    .or_else(|| {
                        pre_all
                            .trim_end_matches(['\'', '"', '‘', '“', ' '])
                            .strip_suffix(" or")
                    })
                    .is_some_and(|p| {
                        g.find_iter(p)
                            .last()
                            .is_some_and(|x| x.end() + 2 >= p.len())
                    })
            }));
        let this_end = m.end();
        if !followed_ok || alternative {
            prev_end = this_end;
            continue;
        }
        // clause start
        let window_start = prev_end.max(m.start().saturating_sub(300));
        let mut clause_start = crate::floor_boundary(sentence, window_start);
        if let Some(b) = re(&BOUNDARY_RE)
            && let Some(region) = sentence.get(clause_start..m.start())
            && let Some(last) = b.find_iter(region).last()
        {
            clause_start += last.end();
        }
        let clause = sentence.get(clause_start..m.start()).unwrap_or("");
        let near_tail_start = crate::floor_boundary(clause, clause.len().saturating_sub(30));
        if re(&NEGATION_RE).is_some_and(|n| n.is_match(clause.get(near_tail_start..).unwrap_or("")))
        {
            prev_end = this_end;
            continue;
        }
        let is_ri_verb = m.as_str().to_lowercase().starts_with("require");
        let frame = re(&FRAME_RE).and_then(|f| f.find(clause));
        let rating_verb = re(&RATING_VERB_RE).is_some_and(|r| r.is_match(clause));
        let mut areas: Vec<AreaHit> = find_areas(clause);
        let frame_text = frame.map(|f| f.as_str().to_lowercase()).unwrap_or_default();
        let frame_start = frame.map_or(clause.len(), |f| f.start());
        let frame_words: Vec<&str> = frame_text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let has_judging_word = frame_words.iter().any(|w| {
            matches!(
                *w,
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
        });
        let only_as =
            !frame_words.is_empty() && frame_words.iter().all(|w| matches!(*w, "as" | "overall"));
        let mut object_from = None;
        let accepted = if is_ri_verb && frame.is_none() {
            // "Children's services in X require improvement to be good"
            areas
                .last()
                .is_some_and(|a| clause.len().saturating_sub(a.end) <= 40)
        } else if frame.is_none() {
            false
        } else if only_as {
            rating_verb
        } else if has_judging_word {
            true
        } else {
            // bare copula: the area must be the subject right before the verb, or the
            // object of a rating verb before the infinitive
            let adjacent = areas
                .last()
                .is_some_and(|a| frame_start.saturating_sub(a.end) <= 25);
            object_from = rated_object(clause, &areas, frame_start);
            adjacent || object_from.is_some()
        };
        if !accepted {
            prev_end = this_end;
            continue;
        }
        // "judged <object> to be": the object is what is graded, not the clause's subject
        if let Some(from) = object_from {
            areas.retain(|a| a.start >= from);
        }
        let specific: Vec<&AreaHit> = areas
            .iter()
            .filter(|a| a.word != AreaWord::ChildrensServices)
            .collect();
        let source = if frame_text.contains("judged to be") {
            JudgementSource::Statement
        } else {
            JudgementSource::Prose
        };
        let abs = |rel: usize| s + clause_start + rel;
        let grade_verbatim = m.as_str().to_owned();
        // the evidence ends after a closing quote ("judged to be 'good'")
        let quote = sentence
            .get(m.end()..)
            .and_then(|r| r.chars().next())
            .filter(|c| matches!(c, '\'' | '"' | '’' | '”'));
        let gend = s + m.end() + quote.map_or(0, char::len_utf8);
        let after = if specific.is_empty() {
            grade_forms::areas_after(sentence, m.end())
        } else {
            Vec::new()
        };
        used.push(m.start());
        if !after.is_empty() {
            // "rated … as outstanding for the impact of leaders, for …"
            for a in after {
                out.push(RawGrade {
                    word: a.word,
                    area_verbatim: sentence.get(a.start..a.end).unwrap_or("").to_owned(),
                    grade,
                    grade_verbatim: grade_verbatim.clone(),
                    source,
                    start: s + m.start(),
                    end: s + a.end,
                });
            }
        } else if !specific.is_empty() {
            for a in specific {
                out.push(RawGrade {
                    word: a.word,
                    area_verbatim: clause.get(a.start..a.end).unwrap_or("").to_owned(),
                    grade,
                    grade_verbatim: grade_verbatim.clone(),
                    source,
                    start: abs(a.start),
                    end: gend,
                });
            }
        } else if let Some(a) = areas.first() {
            out.push(RawGrade {
                word: AreaWord::Overall,
                area_verbatim: clause.get(a.start..a.end).unwrap_or("").to_owned(),
                grade,
                grade_verbatim,
                source,
                start: abs(a.start),
                end: gend,
            });
        } else if frame_words.contains(&"overall") {
            out.push(RawGrade {
                word: AreaWord::Overall,
                area_verbatim: "overall".to_owned(),
                grade,
                grade_verbatim,
                source,
                start: abs(frame_start),
                end: gend,
            });
        } else if let Some((a, b)) =
            whole::subject(sentence, clause_start, clause_start + frame_start, m.end())
        {
            // no judgement named: the authority's services as a whole, or nothing
            out.push(RawGrade {
                word: AreaWord::Overall,
                area_verbatim: sentence.get(a..b).unwrap_or("").to_owned(),
                grade,
                grade_verbatim,
                source,
                start: s + a,
                end: gend,
            });
        }
        prev_end = this_end;
    }
    out.extend(noun_form_grades(sentence, s, &used));
    out
}

/// The noun-form grades of `sentence` (at `s` in the text) whose grade word no other form
/// has read ([`grade_forms::noun_grades`]).
fn noun_form_grades(sentence: &str, s: usize, used: &[usize]) -> Vec<RawGrade> {
    grade_forms::noun_grades(sentence)
        .into_iter()
        .filter(|n| n.word == AreaWord::AllAreas || !used.contains(&n.grade_start))
        .filter(|n| {
            let before = sentence.get(..n.grade_start).unwrap_or("");
            let near = crate::floor_boundary(before, before.len().saturating_sub(30));
            !re(&NEGATION_RE).is_some_and(|r| r.is_match(before.get(near..).unwrap_or("")))
        })
        .map(|n| RawGrade {
            word: n.word,
            area_verbatim: sentence
                .get(n.area_start..n.area_end)
                .unwrap_or("")
                .to_owned(),
            grade: n.grade,
            grade_verbatim: sentence
                .get(n.grade_start..n.grade_end)
                .unwrap_or("")
                .to_owned(),
            source: JudgementSource::Prose,
            start: s + n.area_start.min(n.grade_start),
            end: s + n.area_end.max(n.grade_end),
        })
        .collect()
}

/// Longest object between a rating verb and its infinitive ("judged the overall
/// effectiveness of safeguarding services to be ...": 57 bytes of object).
const MAX_OBJECT: usize = 90;

/// "judged <judgement> to be <grade>": a rating verb, right after it (an article or
/// possessive at most) a named judgement, and the object ends in "to" before the frame.
/// Returns where the object starts.
fn rated_object(clause: &str, areas: &[AreaHit], frame_start: usize) -> Option<usize> {
    let before = clause.get(..frame_start).unwrap_or("");
    let trimmed = before.trim_end();
    let to_infinitive = trimmed
        .get(trimmed.len().saturating_sub(3)..)
        .is_some_and(|t| t.eq_ignore_ascii_case(" to"));
    let verb = re(&RATING_VERB_RE).and_then(|r| r.find_iter(before).last())?;
    let named = areas.iter().any(|a| {
        a.start >= verb.end()
            && clause
                .get(verb.end()..a.start)
                .is_some_and(|gap| gap.split_whitespace().count() <= 2)
    });
    (to_infinitive && named && frame_start.saturating_sub(verb.end()) <= MAX_OBJECT)
        .then_some(verb.end())
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
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) fn all_regexes() -> Vec<&'static Lazy> {
    vec![&FRAME_RE, &RATING_VERB_RE, &BOUNDARY_RE, &NEGATION_RE]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: &str) -> Vec<(AreaWord, Grade, JudgementSource)> {
        sentence_grades(t, 0, t.len())
            .into_iter()
            .map(|r| (r.word, r.grade, r.source))
            .collect()
    }

    #[test]
    fn list_with_rated_as() {
        let t = "An inspection of the council rated leadership, management and governance and adoption services as outstanding while child protection, children requiring permanence and care leavers services were rated as good.";
        let p = JudgementSource::Prose;
        assert_eq!(
            g(t),
            vec![
                (AreaWord::Lmg, Grade::Outstanding, p),
                (AreaWord::Adoption, Grade::Outstanding, p),
                (AreaWord::HelpProtection, Grade::Good, p),
                (AreaWord::Permanence, Grade::Good, p),
                (AreaWord::CareLeavers, Grade::Good, p),
            ]
        );
    }

    #[test]
    fn overall_forms() {
        assert_eq!(
            g("Ofsted has praised children’s services in Barset, rating them overall as good."),
            vec![(AreaWord::Overall, Grade::Good, JudgementSource::Prose)]
        );
        assert_eq!(
            g(
                "The last inspection took place in 2022 where the overall effectiveness of services was judged to be ‘outstanding’."
            ),
            vec![(
                AreaWord::Overall,
                Grade::Outstanding,
                JudgementSource::Statement
            )]
        );
        assert_eq!(
            g(
                "At this inspection ‘the experiences and progress of children who need help and protection’ were judged to be ‘good’ and two areas were recommended."
            ),
            vec![(
                AreaWord::HelpProtection,
                Grade::Good,
                JudgementSource::Statement
            )]
        );
        assert_eq!(
            g("Children’s services in Barset require improvement to be good."),
            vec![(
                AreaWord::Overall,
                Grade::RequiresImprovement,
                JudgementSource::Prose
            )]
        );
    }

    #[test]
    fn judgement_as_object_of_a_rating_verb() {
        let t = "An inspection carried out by Ofsted between 8 and 19 March 2010 judged the overall effectiveness of safeguarding services to be adequate.";
        assert_eq!(
            g(t),
            vec![(AreaWord::Overall, Grade::Adequate, JudgementSource::Prose)]
        );
        // the rated object must be a named judgement, not any noun
        assert!(g("Inspectors judged the new office to be good.").is_empty());
        // the subject's own area is not the object's grade
        let t = "The inspection of looked after children services judged the overall effectiveness of services to be good.";
        assert_eq!(
            g(t),
            vec![(AreaWord::Overall, Grade::Good, JudgementSource::Prose)]
        );
    }

    #[test]
    fn copula_needs_adjacent_subject() {
        assert_eq!(
            g("Adoption performance is outstanding, although more work is needed."),
            vec![(
                AreaWord::Adoption,
                Grade::Outstanding,
                JudgementSource::Prose
            )]
        );
        assert!(g("Care leavers live in safe, good-quality accommodation.").is_empty());
        assert!(g("For care leavers the council said the offer is good.").is_empty());
    }

    #[test]
    fn generic_and_adjectival_uses_give_nothing() {
        for t in [
            "Ofsted inspect local authorities based on their most recent inspection judgement, with local authorities judged to be good or outstanding at their most recent inspection usually receiving a short inspection.",
            "Children benefit from good and outstanding services.",
            "Inspectors identified that the previously ‘good’ services to children in need of help and protection are now even stronger.",
            "Children in care make good progress.",
            "Help and protection was not judged to be good.",
            "with outstanding services to care experienced young people",
        ] {
            assert!(g(t).is_empty(), "{t}");
        }
    }

    /// A grade whose sentence names no judgement is the overall grade only when its
    /// subject is the authority's services as a whole; otherwise nothing.
    #[test]
    fn whole_authority_subjects() {
        let ov = |t: &str| {
            g(t).into_iter()
                .map(|(a, gr, _)| (a, gr))
                .collect::<Vec<_>>()
        };
        for (t, grade) in [
            (
                "Children's services were judged to require improvement.",
                Grade::RequiresImprovement,
            ),
            (
                "Ofsted rated the council's children's services as good.",
                Grade::Good,
            ),
            (
                "Ofsted rated the council as good following its inspection.",
                Grade::Good,
            ),
            (
                "The council was rated inadequate overall.",
                Grade::Inadequate,
            ),
            (
                "Barset was rated inadequate overall in 2020.",
                Grade::Inadequate,
            ),
            (
                "Barset County Council has been judged 'outstanding' by Ofsted.",
                Grade::Outstanding,
            ),
            ("Its services were rated good.", Grade::Good),
            (
                "Services for children and families in Barset have been rated ‘good’ by Ofsted, two years after an improvement drive.",
                Grade::Good,
            ),
            (
                "Barset's children's services were last inspected in 2017, when they were judged to require improvement to be good.",
                Grade::RequiresImprovement,
            ),
        ] {
            assert_eq!(ov(t), vec![(AreaWord::Overall, grade)], "{t}");
        }
        for t in [
            "The school was judged good.",
            "A school run by the council was rated good.",
            "It was judged good.",
            "The fostering service was judged good.",
            "Barset was rated good.",
            "The nursery was rated outstanding overall.",
            "The council was rated inadequate in some areas.",
            "St Mary's Academy was judged to be good by Ofsted.",
        ] {
            assert!(g(t).is_empty(), "{t}: {:?}", g(t));
        }
    }

    /// Regression (real news): the areas a grade names after it ("rated … as good for
    /// adoption", "as outstanding for the impact of leaders …, and for …").
    #[test]
    fn areas_after_the_grade() {
        let p = JudgementSource::Prose;
        assert_eq!(
            g("The council was rated good for adoption."),
            vec![(AreaWord::Adoption, Grade::Good, p)]
        );
        assert_eq!(
            g(
                "Ofsted rated the local authority’s children’s services as inadequate for the impact of leaders on social work practice with children and families, and the experiences and progress of children who need help and protection."
            ),
            vec![
                (AreaWord::ImpactOfLeaders, Grade::Inadequate, p),
                (AreaWord::HelpProtection, Grade::Inadequate, p)
            ]
        );
        assert_eq!(
            g(
                "Barset City Council was also rated as Good in relation to the experiences and progress of children who need help and protection."
            ),
            vec![(AreaWord::HelpProtection, Grade::Good, p)]
        );
        assert_eq!(
            g("Ofsted have given an overall assessment of inadequate."),
            vec![(AreaWord::Overall, Grade::Inadequate, p)]
        );
    }

    #[test]
    fn table_rows() {
        let t = "Judgement\tGrade\nThe experiences and progress of children in care\tOutstanding\nOverall effectiveness\tRequires improvement to be good\n";
        let us = super::super::text::units(t);
        let rows: Vec<&Unit> = us.iter().filter(|u| u.is_row()).collect();
        let v: Vec<(AreaWord, Grade)> = table_grades(t, &rows)
            .into_iter()
            .map(|r| (r.word, r.grade))
            .collect();
        assert_eq!(
            v,
            vec![
                (AreaWord::InCare, Grade::Outstanding),
                (AreaWord::Overall, Grade::RequiresImprovement)
            ]
        );
    }
}
