//! Every judgement at once: "in all areas", "in every area", "in each of the five areas",
//! "across all five judgements", "across the board", and the same with exceptions: "in all
//! areas except care leavers", "in every area apart from leadership", "in all but one
//! area", "in three of the four inspected categories". An exception is a judgement the
//! sentence grades apart; a counted exception ("all but one", "three of the four") is
//! resolved against the sentence's other grades ([`resolve`]), or the grade is dropped.

use super::{Except, RawGrade};
use crate::areas::{AreaWord, find_areas};
use crate::{Lazy, re};
use std::sync::LazyLock;

/// Words that count or qualify the judgements ("all five key areas", "each of its areas").
const COUNTED: &str = r"(?:of\s+)?(?:(?:the|its|their)\s+)?(?:(?:three|four|five|six|seven|key|main|judgement|judgment|inspected|assessed)\s+){0,3}";

/// What the judgements are called.
const NOUNS: &str = r"(?:areas?|judge?ments?|categories|category|domains?|aspects?)";

/// "all (five) areas", "every area", "each of the judgements". Group 1: a word before that
/// makes it fewer ("almost all").
static ALL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)(\b(?:almost|nearly|virtually|practically|not)\s+)?\b(?:all|every|each)(?:\s+(?:single|one))?\s+{COUNTED}{NOUNS}\b"
    ))
    .ok()
});

/// "all but one area", "all areas but one", "every judgement except two". Group `n`: how
/// many are excepted.
static ALL_BUT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(?:all|every|each)(?:\s+{COUNTED}{NOUNS})?\s+(?:but|bar|except|save|apart\s+from)\s+(?:for\s+)?(?P<n>one|two|three|1|2|3)\b(?:\s+(?:of\s+(?:them|the\s+(?:areas|judge?ments))|{NOUNS}))?"
    ))
    .ok()
});

/// "three of the four inspected categories", "four out of five areas": all but the
/// difference. Groups `k` and `m`: how many of how many.
static K_OF_M_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(?P<k>one|two|three|four|five|six)\s+(?:out\s+)?of\s+(?:the|its|their)?\s*(?P<m>two|three|four|five|six|seven)\s+(?:(?:key|main|judgement|judgment|inspected|assessed)\s+){{0,2}}{NOUNS}\b"
    ))
    .ok()
});

/// A count word's value ("three" -> 3).
fn count_word(w: &str) -> Option<usize> {
    let words = ["one", "two", "three", "four", "five", "six", "seven"];
    let w = w.to_lowercase();
    words.iter().position(|x| *x == w).map(|i| i + 1)
}

/// "three of the four areas": an "all but one" phrase ([`Except::Count`]).
fn k_of_m(text: &str) -> Option<Every> {
    let c = re(&K_OF_M_RE)?.captures(text)?;
    let m = c.get(0)?;
    // "in three out of four categories, including overall effectiveness": the areas of the
    // three follow; no exception is meant
    let rest = text.get(m.end()..)?.trim_start_matches([',', ' ']);
    if rest.starts_with("including") {
        return None;
    }
    let k = count_word(c.name("k")?.as_str())?;
    let of = count_word(c.name("m")?.as_str())?;
    (of > k).then_some(Every {
        span: (m.start(), m.end()),
        except: Except::Count(of - k),
    })
}

/// After "all areas": the words that name exceptions ("except", "apart from", ...).
static EXCEPT_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*,?\s*(?:except(?:\s+for)?|apart\s+from|other\s+than|bar|save\s+for|but|excluding|with\s+the\s+exception\s+of)\s+(?:(?:the|its|their)\s+)?",
    )
    .ok()
});

/// What may stand before "all areas" as the subject ("Ofsted said that all five areas").
static SUBJECT_LEAD_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*(?:(?:ofsted|inspectors|the\s+(?:report|inspectorate|regulator|watchdog)|it)\s+(?:said|says|found|finds|reported|reports)\s+)?(?:that\s+)?(?:the\s+)?$",
    )
    .ok()
});

/// Longest text between a subject "all areas" and its verb ("of the council's children's
/// services inspected").
const SUBJECT_GAP: usize = 60;

/// "the board" after "across": every judgement.
static BOARD_RE: Lazy = LazyLock::new(|| crate::rx::new(r"(?i)^\s*(the\s+board)\b").ok());

/// Farthest an exception may start after "except" and the gap between two exceptions.
const EXCEPTION_GAP: usize = 12;

/// Every judgement, perhaps but some, named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Every {
    /// Span (relative to the text searched).
    pub(super) span: (usize, usize),
    pub(super) except: Except,
}

/// The first "all areas" phrase of `text`, with its exceptions; `None` when there is none
/// or it is made fewer ("almost all areas") or its exceptions name no judgement.
pub(super) fn every(text: &str) -> Option<Every> {
    let but = re(&ALL_BUT_RE)
        .and_then(|r| r.captures(text))
        .and_then(|c| {
            let m = c.get(0)?;
            let n = match c.name("n")?.as_str().to_lowercase().as_str() {
                "one" | "1" => 1,
                "two" | "2" => 2,
                _ => 3,
            };
            Some(Every {
                span: (m.start(), m.end()),
                except: Except::Count(n),
            })
        });
    let but = match (but, k_of_m(text)) {
        (Some(b), Some(k)) => Some(if k.span.0 < b.span.0 { k } else { b }),
        (b, k) => b.or(k),
    };
    let all = re(&ALL_RE).and_then(|r| r.captures(text));
    let Some(all) = all else { return but };
    let m = all.get(0)?;
    if but.as_ref().is_some_and(|b| b.span.0 <= m.start()) {
        return but;
    }
    if all.get(1).is_some() {
        return None;
    }
    let except = named_exceptions(text.get(m.end()..)?)?;
    Some(Every {
        span: (m.start(), m.end()),
        except,
    })
}

/// The exceptions named right after "all areas" ("except care leavers and leadership");
/// `Some(Except::None)` when none are; `None` when an exception word names no judgement.
fn named_exceptions(rest: &str) -> Option<Except> {
    let Some(m) = re(&EXCEPT_RE).and_then(|r| r.find(rest)) else {
        return Some(Except::None);
    };
    let list = rest.get(m.end()..)?;
    let mut words = Vec::new();
    let mut edge = 0;
    for a in find_areas(list) {
        if a.start.saturating_sub(edge) > EXCEPTION_GAP || a.word == AreaWord::ChildrensServices {
            break;
        }
        words.push(a.word);
        edge = a.end;
    }
    (!words.is_empty()).then_some(Except::Named(words))
}

/// "All five areas (of its children's services) were judged": `region` is the text from
/// the clause's start to the verb frame; the phrase must open it and end near the frame,
/// with no comma and no other judgement between.
pub(super) fn subject(region: &str) -> Option<Every> {
    let all = every(region)?;
    let lead = region.get(..all.span.0)?;
    let gap = region.get(all.span.1..)?;
    let others = find_areas(gap)
        .iter()
        .any(|a| a.word != AreaWord::ChildrensServices);
    let ok = re(&SUBJECT_LEAD_RE).is_some_and(|r| r.is_match(lead))
        && gap.len() <= SUBJECT_GAP
        && !gap.contains([',', ';'])
        && !others;
    ok.then_some(all)
}

/// "the board" at the start of `rest` (after "across"): its span.
pub(super) fn across_board(rest: &str) -> Option<(usize, usize)> {
    let m = re(&BOARD_RE)?.captures(rest)?.get(1)?;
    Some((m.start(), m.end()))
}

/// The sentence's "all but one area" grades with their exception found: the judgements the
/// sentence grades otherwise, when there are as many as it says; else the grade is dropped.
pub(super) fn resolve(grades: Vec<RawGrade>) -> Vec<RawGrade> {
    let others: Vec<RawGrade> = grades
        .iter()
        .filter(|g| g.word != AreaWord::AllAreas && g.word != AreaWord::ChildrensServices)
        .cloned()
        .collect();
    grades
        .into_iter()
        .filter_map(|g| {
            let Except::Count(n) = g.except else {
                return Some(g);
            };
            let mut apart: Vec<AreaWord> = others
                .iter()
                .filter(|o| o.grade != g.grade)
                .map(|o| o.word)
                .collect();
            apart.dedup();
            (apart.len() == n).then_some(RawGrade {
                except: Except::Named(apart),
                ..g
            })
        })
        .collect()
}

crate::rx::register!(
    ALL_RE,
    ALL_BUT_RE,
    K_OF_M_RE,
    EXCEPT_RE,
    SUBJECT_LEAD_RE,
    BOARD_RE
);
