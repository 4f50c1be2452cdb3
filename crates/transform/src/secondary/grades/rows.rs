//! Grades in list form inside running text: "label – grade" lines ("- Impact of leaders on
//! social work practice with children and families – Good", "Overall effectiveness: Good",
//! a printed label and its grade with only a space between), and a header naming a grade
//! ("Areas where the council was good:") followed by bullet lines that are judgement labels.

use super::{GRADE_ALT, Hit, RawGrade, Sentence};
use crate::areas::{AreaHit, AreaWord, find_areas};
use crate::{Lazy, re};
use ofsted_model::vocab::JudgementSource;
use std::sync::LazyLock;

/// A "label – grade" line. Groups: label, grade.
static ROW_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r#"(?i)^[ \t]*(?:[-•*·▪◦–—]\s*)?(?P<label>[^\n]*?[^\s–—:-])\s*(?:[–—:\t]|\s-)\s*[‘'“"]?(?P<grade>{GRADE_ALT})[’'”"]?\s*[.;]?\s*$"#
    ))
    .ok()
});

/// A printed judgement label and its grade with only a space between ("The experiences and
/// progress of children in care Good": a table row flattened to one line). Groups: label,
/// grade.
static SPACED_ROW_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r#"(?i)^[ \t]*(?:[-•*·▪◦]\s*)?(?P<label>[^\n]*?\S)[ \t]+[‘'“"]?(?P<grade>{GRADE_ALT})[’'”"]?\s*[.;]?\s*$"#
    ))
    .ok()
});

/// One "label – grade" item of a list run into one line ("overall effectiveness - good;
/// help and protection - good"), or "label (grade)". Groups: label, grade (or pgrade).
static INLINE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r#"(?i)(?P<label>[^;:\n–—()‘'“"’”]+?)(?:\s*(?:[–—:]|\s-)\s*[‘'“"]?(?P<grade>{GRADE_ALT})[’'”"]?|\s*\(\s*[‘'“"]?(?P<pgrade>{GRADE_ALT})[’'”"]?\s*\))"#
    ))
    .ok()
});

/// What opens an item's label after the one before: "and", a comma.
static ITEM_LEAD_RE: Lazy = LazyLock::new(|| crate::rx::new(r"(?i)^[\s,;.]*(?:and\s+)?").ok());

/// Fewest items that make a line a list.
const MIN_ITEMS: usize = 2;

/// A header line whose list items share a grade ("Areas where the Trust was good:",
/// "The following areas were judged outstanding:"). Group: grade.
static HEADER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r#"(?i)^[ \t]*(?:(?:the\s+)?(?:areas?|judgements?|judgments?|aspects?)\s+(?:where|in\s+which|that)\s+[^\n:]{{0,60}}?\s+(?:was|were|is|are)\s+(?:(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?)?|(?:the\s+)?following\s+(?:areas|judgements|judgments)\s+(?:was|were|are)\s+(?:(?:judged|rated|graded)\s+(?:as\s+)?)?)[‘'“"]?(?P<grade>{GRADE_ALT})[’'”"]?\s*(?:includes?|included|were|are)?\s*:\s*$"#
    ))
    .ok()
});

/// A bullet line. Group: the item.
static BULLET_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"^[ \t]*[-•*·▪◦–—]\s*(?P<item>.+?)\s*[.;]?\s*$").ok());

/// Least share of a label's letters its area phrases must cover.
const LABEL_COVER: f64 = 0.6;

/// Bullet lines read after a header that ends the sentence.
const MAX_BULLETS: usize = 12;

/// The grades of the sentence's list rows and header lists, and the indices of the grade
/// words they used (the prose reader skips those).
pub(super) fn list_grades(sn: &Sentence<'_>) -> (Vec<RawGrade>, Vec<usize>) {
    let mut out = Vec::new();
    let mut used = Vec::new();
    let lines = lines_of(sn.body, 0);
    for (k, &(ls, line)) in lines.iter().enumerate() {
        if let Some(items) = inline_items(sn, ls, line) {
            for (i, hit, label) in items {
                out.extend(label_grades(sn, &label, hit, JudgementSource::Table));
                used.push(i);
            }
        } else if let Some((i, hit, label)) = row(sn, ls, line) {
            out.extend(label_grades(sn, &label, hit, JudgementSource::Table));
            used.push(i);
        } else if let Some((i, hit)) = header(sn, ls, line) {
            used.push(i);
            let rest = lines.get(k + 1..).unwrap_or(&[]);
            let items = if rest.is_empty() {
                following_lines(sn)
            } else {
                rest.to_vec()
            };
            out.extend(bullet_grades(sn, &items, hit));
        }
    }
    (out, used)
}

/// The lines of `text` with their offsets (plus `base`).
fn lines_of(text: &str, base: usize) -> Vec<(usize, &str)> {
    let mut pos = base;
    text.split('\n')
        .map(|l| {
            let at = pos;
            pos += l.len() + 1;
            (at, l)
        })
        .collect()
}

/// The grade word at sentence offset `at`, with its index.
fn hit_at(sn: &Sentence<'_>, at: usize) -> Option<(usize, Hit)> {
    sn.hits
        .iter()
        .enumerate()
        .find(|(_, h)| h.start == at)
        .map(|(i, h)| (i, *h))
}

/// A "label – grade" line at sentence offset `ls`: its grade word and the label's areas.
fn row(sn: &Sentence<'_>, ls: usize, line: &str) -> Option<(usize, Hit, Vec<AreaHit>)> {
    let c = re(&ROW_RE)?.captures(line).or_else(|| {
        // no separator: the label must be a printed judgement label, whole
        let c = re(&SPACED_ROW_RE)?.captures(line)?;
        let label = c.name("label")?.as_str();
        crate::areas::label_at(label, 0)
            .is_some_and(|(_, end)| end == label.len())
            .then_some(c)
    })?;
    let label = c.name("label")?;
    let areas = label_areas(label.as_str())?;
    let (i, hit) = hit_at(sn, ls + c.name("grade")?.start())?;
    Some((i, hit, super::shifted(areas, ls + label.start())))
}

/// The items of a list run into the line at sentence offset `ls` ("A - good; B -
/// outstanding"), when at least [`MIN_ITEMS`] of them are judgement labels; the first may
/// have words before its label ("Ofsted rated its overall effectiveness (good), ...").
fn inline_items(
    sn: &Sentence<'_>,
    ls: usize,
    line: &str,
) -> Option<Vec<(usize, Hit, Vec<AreaHit>)>> {
    let mut items = Vec::new();
    for c in re(&INLINE_RE)?.captures_iter(line) {
        let (Some(label), Some(grade)) = (c.name("label"), c.name("grade").or(c.name("pgrade")))
        else {
            continue;
        };
        if c.name("grade").is_some() && !item_ends(line, grade.end()) {
            continue;
        }
        let lead = re(&ITEM_LEAD_RE)
            .and_then(|r| r.find(label.as_str()))
            .map_or(0, |m| m.end());
        let text = label.as_str().get(lead..).unwrap_or("");
        let areas = label_areas(text).or_else(|| trailing_areas(text).filter(|_| items.is_empty()));
        let Some(areas) = areas else { continue };
        let Some((i, hit)) = hit_at(sn, ls + grade.start()) else {
            continue;
        };
        items.push((i, hit, super::shifted(areas, ls + label.start() + lead)));
    }
    (items.len() >= MIN_ITEMS).then_some(items)
}

/// Whether a list item's grade ending at `end` ends the item: a separator, "and", a
/// bracket or the line's end follow.
fn item_ends(line: &str, end: usize) -> bool {
    let rest = line
        .get(end..)
        .unwrap_or("")
        .trim_start_matches(['’', '\'', '”', '"', ')', ' ']);
    rest.is_empty()
        || rest.starts_with([';', ',', '.', '('])
        || rest.to_lowercase().starts_with("and ")
}

/// The area phrases that end `label` ("... Kent's overall effectiveness"), joined by "and"
/// or commas.
fn trailing_areas(label: &str) -> Option<Vec<AreaHit>> {
    let hits = find_areas(label);
    let mut edge = label.trim_end().len();
    let mut out: Vec<AreaHit> = Vec::new();
    for a in hits.into_iter().rev() {
        let gap = label.get(a.end..edge)?.trim().trim_matches(',').trim();
        let joined = if out.is_empty() {
            gap.is_empty()
        } else {
            gap.eq_ignore_ascii_case("and") || gap.is_empty()
        };
        if !joined || a.word == AreaWord::ChildrensServices {
            break;
        }
        edge = a.start;
        out.insert(0, a);
    }
    (!out.is_empty()).then_some(out)
}

/// A header line at sentence offset `ls`: its grade word.
fn header(sn: &Sentence<'_>, ls: usize, line: &str) -> Option<(usize, Hit)> {
    let c = re(&HEADER_RE)?.captures(line)?;
    hit_at(sn, ls + c.name("grade")?.start())
}

/// The lines after the sentence (offsets relative to it) up to the first line that is
/// neither blank nor a bullet.
fn following_lines<'a>(sn: &Sentence<'a>) -> Vec<(usize, &'a str)> {
    let rest = sn.text.get(sn.e..).unwrap_or("");
    let mut out = Vec::new();
    for (at, line) in lines_of(rest, sn.e - sn.s).into_iter().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        if out.len() >= MAX_BULLETS || !re(&BULLET_RE).is_some_and(|r| r.is_match(line)) {
            break;
        }
        out.push((at, line));
    }
    out
}

/// The grade `hit` of every bullet item that is a judgement label.
fn bullet_grades(sn: &Sentence<'_>, items: &[(usize, &str)], hit: Hit) -> Vec<RawGrade> {
    let mut out = Vec::new();
    for &(at, line) in items {
        let Some(c) = re(&BULLET_RE).and_then(|r| r.captures(line)) else {
            break;
        };
        let Some(item) = c.name("item") else { continue };
        if let Some(areas) = label_areas(item.as_str()) {
            let areas = super::shifted(areas, at + item.start());
            out.extend(label_grades(sn, &areas, hit, JudgementSource::Prose));
        }
    }
    out
}

/// The grades of a label's areas.
fn label_grades(
    sn: &Sentence<'_>,
    areas: &[AreaHit],
    hit: Hit,
    source: JudgementSource,
) -> Vec<RawGrade> {
    let specific: Vec<&AreaHit> = areas
        .iter()
        .filter(|a| a.word != AreaWord::ChildrensServices)
        .collect();
    match specific.as_slice() {
        [] => areas
            .first()
            .map(|a| sn.raw(AreaWord::Overall, (a.start, a.end), hit, source))
            .into_iter()
            .collect(),
        some => some
            .iter()
            .map(|a| sn.raw(a.word, (a.start, a.end), hit, source))
            .collect(),
    }
}

/// The area phrases of `label` when it is a judgement label: they cover most of its
/// letters ("Experiences and progress of children in care"; not "Care leavers are well
/// supported by their personal advisers").
fn label_areas(label: &str) -> Option<Vec<AreaHit>> {
    let hits = find_areas(label);
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    let total = letters(label);
    let covered: usize = hits
        .iter()
        .map(|a| letters(label.get(a.start..a.end).unwrap_or("")))
        .sum();
    let enough = total > 0 && covered as f64 >= LABEL_COVER * total as f64;
    (enough && !hits.is_empty()).then_some(hits)
}

crate::rx::register!(
    ROW_RE,
    SPACED_ROW_RE,
    INLINE_RE,
    ITEM_LEAD_RE,
    HEADER_RE,
    BULLET_RE
);
