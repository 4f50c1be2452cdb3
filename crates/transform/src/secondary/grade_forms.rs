//! Grade forms of news stories and council pages that put the grade before what it grades,
//! or name the grade as a noun:
//!
//! - areas after the grade: "rated the council as outstanding for the impact of leaders …,
//!   for the experiences and progress of children in care, and for …", "rated as good in
//!   relation to the experiences and progress of children who need help and protection";
//! - a grade noun: "an overall judgement of inadequate", "an overall effectiveness rating
//!   of 'Good'", "achieved an overall good rating", "with overall effectiveness as
//!   inadequate", "received the lower 'requires improvement' rating for the experiences and
//!   progress of children in care".
//!
//! Negation, alternatives and the grades' attribution to an inspection are the caller's
//! ([`super::grades`], [`super`]).

use crate::areas::{AreaHit, AreaWord, GRADE_RE, GRADE_WORDS, find_areas, parse_grade};
use crate::{Lazy, re};
use ofsted_model::vocab::Grade;
use std::sync::LazyLock;

/// What may stand between a grade and the areas it grades: a grade noun, then "for",
/// "in relation to", "in respect of", "in", "across".
static AREAS_AFTER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^[’'”\x22]?\s*,?\s*(?:(?:rating|judge?ment|grading|grade)s?\s+)?(?:for|in\s+relation\s+to|in\s+respect\s+of|in|across)\s+",
    )
    .ok()
});

/// Where the areas after a grade stop: another clause.
static AREAS_STOP_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?i)[;:]|\b(?:while|whilst|whereas|but|although|however|which)\b").ok()
});

/// The overall grade as a noun phrase; group `g` is the grade.
static OVERALL_NOUN_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\boverall\s+(?:effectiveness\s+)?(?:(?:judge?ment|rating|assessment|grade|grading|verdict)\s+(?:of|as|was)\s+|(?:was\s+)?(?:judged|rated|assessed)\s+(?:to\s+be\s+|as\s+)?|as\s+)[‘'“\x22]?(?P<g>{GRADE_WORDS})\b|\b(?:an?|its|their|the)\s+overall\s+[‘'“\x22]?(?P<g2>{GRADE_WORDS})[’'”\x22]?\s+(?:rating|judge?ment|grade|grading)\b"
    ))
    .ok()
});

/// A grade named as a noun with the areas after it ("the lower 'requires improvement'
/// rating for …"); group `g` is the grade.
static GRADE_NOUN_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)[‘'“\x22]?\b(?P<g>{GRADE_WORDS})[’'”\x22]?\s+(?:rating|judge?ment|grading|grade)s?\s+(?:for|in)\s+"
    ))
    .ok()
});

/// A grade of every judgement: "requires improvement in all areas", "all five areas
/// inspected were given a 'good' grading"; group `g` (or `g2`) is the grade.
static ALL_AREAS_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(?P<g>{GRADE_WORDS})[’'”\x22]?\s+(?:in|across|for)\s+(?:all|every|each\s+of)\s+(?:(?:the|four|five|six|its|key|main)\s+){{0,3}}(?:areas?|judge?ments?|categories|aspects)\b|\b(?:all|each\s+of\s+the)\s+(?:(?:four|five|six|key|main)\s+){{0,2}}(?:areas|judge?ments|categories)(?:\s+inspected)?\s+(?:were|was|have\s+been)\s+(?:all\s+)?(?:given\s+an?\s+|rated\s+(?:as\s+)?|judged\s+(?:to\s+be\s+|as\s+)?)?[‘'“\x22]?(?P<g2>{GRADE_WORDS})\b"
    ))
    .ok()
});

/// A list line "label – grade" ("- Impact of leaders on social work practice – Good",
/// "Overall effectiveness: Outstanding"): group `label` and grade `g`.
static LIST_ROW_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?im)^[ \t\-•·*]*(?P<label>[^\n–—:]{{6,160}}?)\s*(?:\s[–—-]|:)\s*[‘'“\x22]?(?P<g>{GRADE_WORDS})[’'”\x22]?\s*\.?\s*$"
    ))
    .ok()
});

/// The named judgement areas right after a grade that ends at `grade_end` (relative to
/// `sentence`), up to the next grade or clause; spans relative to `sentence`. The authority's
/// services as a whole ("its services for children") are not an area here.
pub(crate) fn areas_after(sentence: &str, grade_end: usize) -> Vec<AreaHit> {
    let rest = sentence.get(grade_end..).unwrap_or("");
    let Some(lead) = re(&AREAS_AFTER_RE).and_then(|r| r.find(rest)) else {
        return Vec::new();
    };
    let tail = rest.get(lead.end()..).unwrap_or("");
    let stop = [
        re(&GRADE_RE).and_then(|r| r.find(tail)).map(|m| m.start()),
        re(&AREAS_STOP_RE)
            .and_then(|r| r.find(tail))
            .map(|m| m.start()),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(tail.len());
    let from = grade_end + lead.end();
    find_areas(tail.get(..stop).unwrap_or(""))
        .into_iter()
        .filter(|a| a.word != AreaWord::ChildrensServices)
        .map(|a| AreaHit {
            word: a.word,
            start: from + a.start,
            end: from + a.end,
        })
        .collect()
}

/// A grade read from a noun form: area, grade, and (relative to the sentence) the evidence
/// span and the grade word's span.
pub(crate) struct NounGrade {
    pub word: AreaWord,
    pub area_start: usize,
    pub area_end: usize,
    pub grade: Grade,
    pub grade_start: usize,
    pub grade_end: usize,
}

/// The grades of `sentence` in noun forms (see the module doc).
pub(crate) fn noun_grades(sentence: &str) -> Vec<NounGrade> {
    let mut out = Vec::new();
    if let Some(r) = re(&OVERALL_NOUN_RE) {
        for c in r.captures_iter(sentence) {
            let (Some(all), Some(g)) = (c.get(0), c.name("g").or_else(|| c.name("g2"))) else {
                continue;
            };
            if let Some(grade) = parse_grade(g.as_str()) {
                out.push(NounGrade {
                    word: AreaWord::Overall,
                    area_start: all.start(),
                    area_end: all.end(),
                    grade,
                    grade_start: g.start(),
                    grade_end: g.end(),
                });
            }
        }
    }
    if let Some(r) = re(&LIST_ROW_RE) {
        for c in r.captures_iter(sentence) {
            let (Some(label), Some(g)) = (c.name("label"), c.name("g")) else {
                continue;
            };
            let hit = find_areas(label.as_str())
                .into_iter()
                .find(|a| a.word != AreaWord::ChildrensServices);
            if let (Some(a), Some(grade)) = (hit, parse_grade(g.as_str())) {
                out.push(NounGrade {
                    word: a.word,
                    area_start: label.start() + a.start,
                    area_end: label.start() + a.end,
                    grade,
                    grade_start: g.start(),
                    grade_end: g.end(),
                });
            }
        }
    }
    if let Some(r) = re(&ALL_AREAS_RE) {
        for c in r.captures_iter(sentence) {
            let (Some(all), Some(g)) = (c.get(0), c.name("g").or_else(|| c.name("g2"))) else {
                continue;
            };
            if let Some(grade) = parse_grade(g.as_str()) {
                out.push(NounGrade {
                    word: AreaWord::AllAreas,
                    area_start: all.start(),
                    area_end: all.end(),
                    grade,
                    grade_start: g.start(),
                    grade_end: g.end(),
                });
            }
        }
    }
    if let Some(r) = re(&GRADE_NOUN_RE) {
        for c in r.captures_iter(sentence) {
            let Some(g) = c.name("g") else { continue };
            let Some(grade) = parse_grade(g.as_str()) else {
                continue;
            };
            for a in areas_after(sentence, g.end()) {
                out.push(NounGrade {
                    word: a.word,
                    area_start: a.start,
                    area_end: a.end,
                    grade,
                    grade_start: g.start(),
                    grade_end: g.end(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn all_regexes() -> Vec<&'static Lazy> {
    vec![
        &AREAS_AFTER_RE,
        &AREAS_STOP_RE,
        &OVERALL_NOUN_RE,
        &GRADE_NOUN_RE,
        &ALL_AREAS_RE,
        &LIST_ROW_RE,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nouns(t: &str) -> Vec<(AreaWord, Grade)> {
        noun_grades(t)
            .into_iter()
            .map(|n| (n.word, n.grade))
            .collect()
    }

    #[test]
    fn overall_nouns() {
        for (t, g) in [
            (
                "Today the report has been published with an overall judgement of inadequate.",
                Grade::Inadequate,
            ),
            (
                "Ofsted have given an overall assessment of inadequate.",
                Grade::Inadequate,
            ),
            (
                "The report gave the council an overall rating of ‘Good’, with four areas good.",
                Grade::Good,
            ),
            (
                "Children’s services were given an overall effectiveness rating of ‘Good’.",
                Grade::Good,
            ),
            (
                "The council has achieved an overall good rating despite challenges.",
                Grade::Good,
            ),
            (
                "Their overall effectiveness was judged as ‘requires improvement to be good’.",
                Grade::RequiresImprovement,
            ),
        ] {
            assert_eq!(nouns(t), vec![(AreaWord::Overall, g)], "{t}");
        }
    }

    #[test]
    fn list_lines() {
        assert_eq!(
            nouns("- Impact of leaders on social work practice with children and families – Good"),
            vec![(AreaWord::ImpactOfLeaders, Grade::Good)]
        );
        assert_eq!(
            nouns("Experiences and progress of care leavers: Outstanding"),
            vec![(AreaWord::CareLeavers, Grade::Outstanding)]
        );
        assert!(nouns("The new office – good").is_empty());
    }

    #[test]
    fn every_area() {
        for (t, g) in [
            (
                "The watchdog said the authority requires improvement in all areas of its children's services.",
                Grade::RequiresImprovement,
            ),
            (
                "In the report all five areas inspected were given a 'good' grading.",
                Grade::Good,
            ),
            ("Barset was rated good in all four areas.", Grade::Good),
        ] {
            assert!(
                nouns(t).contains(&(AreaWord::AllAreas, g)),
                "{t}: {:?}",
                nouns(t)
            );
        }
    }

    #[test]
    fn a_grade_noun_with_areas_after_it() {
        assert_eq!(
            nouns(
                "But it received the lower 'requires improvement' rating for the experiences and progress of children in care."
            ),
            vec![(AreaWord::InCare, Grade::RequiresImprovement)]
        );
        assert!(nouns("Staff provide good support to families.").is_empty());
    }

    #[test]
    fn areas_after_a_grade() {
        let t = "Ofsted inspectors rated Barset City Council as Outstanding for the impact of leaders on social work practice with children and families, for the experiences and progress of children in care, and for the experiences and progress of care leavers.";
        let end = t.find("Outstanding").map_or(0, |i| i + "Outstanding".len());
        let words: Vec<AreaWord> = areas_after(t, end).into_iter().map(|a| a.word).collect();
        assert_eq!(
            words,
            vec![
                AreaWord::ImpactOfLeaders,
                AreaWord::InCare,
                AreaWord::CareLeavers
            ]
        );
        // another grade ends the list
        let t = "rated as inadequate for the impact of leaders, but good for adoption";
        let end = t.find("inadequate").map_or(0, |i| i + "inadequate".len());
        assert_eq!(areas_after(t, end).len(), 1);
    }
}
