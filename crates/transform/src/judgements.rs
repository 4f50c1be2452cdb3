//! Judgement grades from tables, headings and headline statements; label -> canonical area.
//! (Owner: reports helper.)
//!
//! Three readers, in order of trust:
//! - **tables and headings**: a judgement label that starts a line (after an optional
//!   number such as `2.1`) directly followed by a grade, on the same line (tab or spaces)
//!   or on the next lines; labels and grades that come out of a PDF as separate runs
//!   ("label, label, label, grade, grade, grade") are paired in order. A `label: grade`
//!   line is a section heading.
//! - **statements**: "The overall judgement is requires improvement", "Children's services
//!   in X are inadequate", "The Local Safeguarding Children Board is good".
//!
//! Grades the report quotes from an earlier inspection are skipped: a table or list whose
//! preceding paragraph talks about a previous/last/earlier inspection ("The judgements for
//! the local authority were:") is not this inspection's. The first reading of each area
//! wins; a later disagreeing one gives a `grade_conflict` note.
//!
//! Labels, their area keys and grade words come from [`crate::areas`].

use crate::Judgement;
use crate::areas::{GRADE_WORDS, label_at, parse_grade};
use crate::report::text::{block_start, lines};
use crate::squash;
use ofsted_model::doc::{Note, Severity};
use ofsted_model::vocab::{Area, JudgementSource};
use regex::Regex;
use std::sync::LazyLock;

static GRADE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)^(?:grade\s+[1-4]\s*\(\s*(?:{GRADE_WORDS})\s*\)|(?:{GRADE_WORDS})\b(?:\s+\(?grade\s+[1-4]\b\)?)?)"
    ))
    .ok()
});

/// Fillers that may sit between the items of a table: numbers, bullets, the header row.
static FILLER_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:\d{1,2}(?:\.\d{1,2})*\.?(?:[ \t]+|$)|[-•◼▪●■\u{f0b7}\u{f0a7}\u{f06e}][ \t]+|judgements?\b|grade[ \t]*(?:\n|$))").ok()
});

/// A paragraph that introduces grades from an earlier inspection.
static PREVIOUS_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:previous|last|earlier|prior|preceding)\b|\bwere\s*:|\bwas\s*:").ok()
});

static OVERALL_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(the\s+overall\s+judgement)\s+is\s+(?:that\s+)?((?:[^.\n]|\n[ \t]*\S){{0,80}}?)\b({GRADE_WORDS})\b"
    ))
    .ok()
});

static SERVICES_IN_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)(?:^|\n)[ \t]*(children[’']?s\s+services\s+in\s+(?:[^.\n]|\n[ \t]*[^\s.]){{1,80}}?)\s+(?:(?:are|is)\s+(?:judged\s+(?:to\s+be\s+)?)?({GRADE_WORDS})|(requires?\s+improvement(?:\s+to\s+be\s+good)?))\b"
    ))
    .ok()
});

static LSCB_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)(?:^|\n)[ \t]*((?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s*\(lscb\))?)\s+(?:is\s+|are\s+)?({GRADE_WORDS})[ \t]*(?:\.|\n|$)"
    ))
    .ok()
});

/// One reading of a grade, before choosing between readings.
#[derive(Debug, Clone)]
struct Reading {
    j: Judgement,
    /// Quoted from an earlier inspection.
    previous: bool,
}

/// How much a judgement's source is trusted, best first: a table, a heading, a
/// statement, prose.
pub(crate) fn source_rank(s: JudgementSource) -> u8 {
    match s {
        JudgementSource::Table => 0,
        JudgementSource::Heading => 1,
        JudgementSource::Statement => 2,
        JudgementSource::Prose => 3,
    }
}

/// Every graded judgement the document gives for its own inspection, one per area, in the
/// order of the areas' first appearance, plus notes on conflicts.
pub fn find_judgements(text: &str) -> (Vec<Judgement>, Vec<Note>) {
    let mut readings = table_readings(text);
    readings.extend(statement_readings(text));
    choose(readings)
}

fn choose(readings: Vec<Reading>) -> (Vec<Judgement>, Vec<Note>) {
    let mut notes = Vec::new();
    let mut areas: Vec<&Area> = Vec::new();
    let mut ordered: Vec<&Reading> = readings.iter().filter(|r| !r.previous).collect();
    ordered.sort_by_key(|r| r.j.start);
    for r in &ordered {
        if !areas.contains(&&r.j.area) {
            areas.push(&r.j.area);
        }
    }
    let mut out = Vec::new();
    for a in areas {
        let mut cands: Vec<&&Reading> = ordered.iter().filter(|r| r.j.area == *a).collect();
        cands.sort_by_key(|r| (source_rank(r.j.source), r.j.start));
        let Some(best) = cands.first() else { continue };
        for other in cands.iter().skip(1) {
            if other.j.grade != best.j.grade {
                notes.push(Note::at(
                    Severity::Warning,
                    "grade_conflict",
                    format!(
                        "{}: {} '{}' says {} but {} '{}' says {}; kept {}",
                        a,
                        best.j.source,
                        squash(&best.j.area_verbatim),
                        best.j.grade,
                        other.j.source,
                        squash(&other.j.area_verbatim),
                        other.j.grade,
                        best.j.grade
                    ),
                    other.j.start,
                    other.j.end,
                ));
                break;
            }
        }
        out.push(best.j.clone());
    }
    // keep the areas in the order of the best readings
    out.sort_by_key(|j| j.start);
    (out, notes)
}

#[derive(Debug, Clone)]
enum Item {
    Label {
        area: Area,
        start: usize,
        end: usize,
        colon: bool,
    },
    Grade {
        start: usize,
        end: usize,
    },
}

fn skip_ws(text: &str, mut p: usize) -> usize {
    let b = text.as_bytes();
    while let Some(&c) = b.get(p) {
        if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' {
            p += 1;
        } else if text.get(p..).is_some_and(|t| t.starts_with('\u{a0}')) {
            p += '\u{a0}'.len_utf8();
        } else {
            break;
        }
    }
    p
}

fn skip_fillers(text: &str, mut p: usize) -> usize {
    loop {
        let q = skip_ws(text, p);
        let Some(rest) = text.get(q..) else { return q };
        match FILLER_RE.as_ref().and_then(|re| re.find(rest)) {
            Some(m) if m.end() > 0 => p = q + m.end(),
            _ => return q,
        }
    }
}

fn grade_at(text: &str, p: usize) -> Option<usize> {
    let rest = text.get(p..)?;
    let m = GRADE_RE.as_ref()?.find(rest)?;
    Some(p + m.end())
}

/// After a grade: the rest of the line must be empty (or a full stop), or the next cell
/// must follow after a tab / two spaces.
fn grade_ends_cell(text: &str, end: usize) -> bool {
    let mut p = end;
    if text.get(p..).is_some_and(|t| t.starts_with('.')) {
        p += 1;
    }
    let rest = text.get(p..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    if line.trim().is_empty() {
        return true;
    }
    let after = line.trim_start();
    let gap = &line[..line.len() - after.len()];
    if gap.contains('\t') || gap.chars().count() >= 2 {
        let q = skip_fillers(text, p + gap.len());
        return label_at(text, q).is_some() || grade_at(text, q).is_some();
    }
    false
}

/// Is `p` at the start of a line (only spaces, tabs, numbers or bullets before it)?
fn at_line_start(text: &str, p: usize) -> bool {
    let before = text.get(..p).unwrap_or("");
    let line = before.rsplit('\n').next().unwrap_or("");
    line.chars().all(|c| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || c == '.'
            || matches!(
                c,
                '-' | '•' | '◼' | '▪' | '●' | '■' | '\u{f0b7}' | '\u{f0a7}' | '\u{f06e}'
            )
    })
}

fn parse_cluster(text: &str, p0: usize) -> (Vec<Item>, usize) {
    let mut items = Vec::new();
    let mut p = p0;
    loop {
        let q = skip_fillers(text, p);
        if let Some((area, lend)) = label_at(text, q) {
            if !(items.is_empty() || at_line_start(text, q) || line_gap_before(text, q)) {
                break;
            }
            // what follows the label: ":" + grade (heading), or whitespace + grade/label
            let after = text.get(lend..).unwrap_or("");
            let trimmed = after.trim_start_matches([' ', '\t']);
            if let Some(rest) = trimmed.strip_prefix(':') {
                let g0 = lend + (after.len() - rest.len());
                let g = skip_ws(text, g0);
                if let Some(gend) = grade_at(text, g)
                    && grade_ends_cell(text, gend)
                {
                    items.push(Item::Label {
                        area,
                        start: q,
                        end: lend,
                        colon: true,
                    });
                    items.push(Item::Grade {
                        start: g,
                        end: gend,
                    });
                    p = gend;
                    continue;
                }
                break;
            }
            let n = skip_fillers(text, lend);
            if n == lend && !after.is_empty() {
                // something other than whitespace follows the label: prose
                break;
            }
            if label_at(text, n).is_some()
                || grade_at(text, n).is_some_and(|e| grade_ends_cell(text, e))
            {
                items.push(Item::Label {
                    area,
                    start: q,
                    end: lend,
                    colon: false,
                });
                p = lend;
                continue;
            }
            break;
        }
        if let Some(gend) = grade_at(text, q)
            && !items.is_empty()
            && grade_ends_cell(text, gend)
        {
            items.push(Item::Grade {
                start: q,
                end: gend,
            });
            p = gend;
            continue;
        }
        break;
    }
    (items, p)
}

/// True when `p` is preceded on its line by a tab or two spaces (a new table cell).
fn line_gap_before(text: &str, p: usize) -> bool {
    let before = text.get(..p).unwrap_or("");
    before.ends_with('\t') || before.ends_with("  ")
}

fn table_readings(text: &str) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut resume = 0usize;
    for l in lines(text) {
        if l.start < resume || l.is_blank() {
            continue;
        }
        let q = skip_fillers(text, l.start);
        if q > l.end && q != l.start {
            // the line held only fillers; the cluster may start on a later line
            continue;
        }
        if label_at(text, q).is_none() {
            continue;
        }
        let (items, end) = parse_cluster(text, q);
        if !items.iter().any(|i| matches!(i, Item::Grade { .. })) {
            continue;
        }
        resume = end;
        let cstart = items.first().map_or(q, |i| match i {
            Item::Label { start, .. } | Item::Grade { start, .. } => *start,
        });
        let line_start = text
            .get(..cstart)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let bs = block_start(text, line_start, 400);
        let ctx = text.get(bs..line_start).unwrap_or("");
        let previous = PREVIOUS_RE.as_ref().is_some_and(|re| re.is_match(ctx));
        let mut pending: std::collections::VecDeque<(Area, usize, usize, bool)> =
            Default::default();
        for it in items {
            match it {
                Item::Label {
                    area,
                    start,
                    end,
                    colon,
                } => pending.push_back((area, start, end, colon)),
                Item::Grade { start, end } => {
                    let Some((area, ls, le, colon)) = pending.pop_front() else {
                        continue;
                    };
                    let gv = squash(text.get(start..end).unwrap_or(""));
                    let Some(grade) = parse_grade(&gv) else {
                        continue;
                    };
                    let heading = colon || gv.to_lowercase().starts_with("grade");
                    out.push(Reading {
                        j: Judgement {
                            area,
                            area_verbatim: squash(text.get(ls..le).unwrap_or("")),
                            grade,
                            grade_verbatim: gv,
                            source: if heading {
                                JudgementSource::Heading
                            } else {
                                JudgementSource::Table
                            },
                            start: ls.min(start),
                            end: le.max(end),
                        },
                        previous,
                    });
                }
            }
        }
    }
    out
}

fn statement_readings(text: &str) -> Vec<Reading> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Reading>, area: Area, lab: regex::Match<'_>, g: regex::Match<'_>| {
        let gv = squash(g.as_str());
        if let Some(grade) = parse_grade(&gv) {
            out.push(Reading {
                j: Judgement {
                    area,
                    area_verbatim: squash(lab.as_str()),
                    grade,
                    grade_verbatim: gv,
                    source: JudgementSource::Statement,
                    start: lab.start(),
                    end: g.end(),
                },
                previous: false,
            });
        }
    };
    if let Some(re) = OVERALL_RE.as_ref()
        && let Some(c) = re.captures(text)
        && let (Some(l), Some(g)) = (c.get(1), c.get(3))
    {
        push(&mut out, Area::OverallEffectiveness, l, g);
    }
    if let Some(re) = SERVICES_IN_RE.as_ref()
        && let Some(c) = re.captures(text)
        && let (Some(l), Some(g)) = (c.get(1), c.get(2).or_else(|| c.get(3)))
    {
        push(&mut out, Area::OverallEffectiveness, l, g);
    }
    if let Some(re) = LSCB_RE.as_ref()
        && let Some(c) = re.captures(text)
        && let (Some(l), Some(g)) = (c.get(1), c.get(2))
    {
        push(&mut out, Area::Lscb, l, g);
    }
    // the first headline wins for overall effectiveness when both forms are present
    if out
        .iter()
        .filter(|r| r.j.area == Area::OverallEffectiveness)
        .count()
        > 1
    {
        let first = out
            .iter()
            .filter(|r| r.j.area == Area::OverallEffectiveness)
            .map(|r| r.j.start)
            .min();
        out.retain(|r| r.j.area != Area::OverallEffectiveness || Some(r.j.start) == first);
    }
    out
}

crate::rx::register!(
    GRADE_RE,
    FILLER_RE,
    PREVIOUS_RE,
    OVERALL_RE,
    SERVICES_IN_RE,
    LSCB_RE
);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ofsted_model::vocab::Grade;

    fn grades(text: &str) -> Vec<(String, Grade)> {
        find_judgements(text)
            .0
            .into_iter()
            .map(|j| (j.area.to_string(), j.grade))
            .collect()
    }

    fn g(a: &str, gr: Grade) -> (String, Grade) {
        (a.to_owned(), gr)
    }

    #[test]
    fn regexes_compile() {
        for r in [
            &GRADE_RE,
            &FILLER_RE,
            &PREVIOUS_RE,
            &OVERALL_RE,
            &SERVICES_IN_RE,
            &LSCB_RE,
        ] {
            assert!(r.is_some());
        }
    }

    #[test]
    fn bulleted_previous_list_is_skipped() {
        let t = "Children's services in Darlington require improvement to be good\n\n1. Adoption performance\tGood\n\n- The previous inspection was published in 2015. The judgements for the local authority were:\n\n•\tOverall effectiveness: inadequate\n\n•\tAdoption performance: requires improvement\n";
        let (js, notes) = find_judgements(t);
        assert_eq!(js.len(), 2);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn ilacs_table_tabs() {
        let t = "Judgement\tGrade\nThe impact of leaders on social work practice with children and families\tOutstanding\nThe experiences and progress of children who need help and protection\tGood\nThe experiences and progress of children in care and care leavers\tRequires improvement to be good\nOverall effectiveness\tOutstanding\n\nChildren in Camden are good.";
        assert_eq!(
            grades(t),
            vec![
                g("impact_of_leaders", Grade::Outstanding),
                g("help_and_protection", Grade::Good),
                g(
                    "children_in_care_and_care_leavers",
                    Grade::RequiresImprovement
                ),
                g("overall_effectiveness", Grade::Outstanding),
            ]
        );
    }

    #[test]
    fn ilacs_table_separate_lines_split_grade() {
        let t = "Judgement\n\nGrade\n\nThe impact of leaders on social work\npractice with children and families\n\nRequires\nimprovement to be\ngood\n\nThe experiences and progress of\nchildren in care\n\nGood\n\nThe experiences and progress of care\nleavers\n\nInadequate\n\nOverall effectiveness\n\nRequires improvement\n\nSince the last inspection things improved.";
        assert_eq!(
            grades(t),
            vec![
                g("impact_of_leaders", Grade::RequiresImprovement),
                g("children_in_care", Grade::Good),
                g("care_leavers", Grade::Inadequate),
                g("overall_effectiveness", Grade::RequiresImprovement),
            ]
        );
    }

    #[test]
    fn scrambled_labels_then_grades() {
        let t = "1. Children who need help and protection\tGood\n\n2.1 Adoption performance\n\n2.2 Experiences and progress of care leavers\n\n3. Leadership, management and governance\n\nRequires improvement\n\nRequires improvement\n\nInadequate\n\nText.";
        assert_eq!(
            grades(t),
            vec![
                g("help_and_protection", Grade::Good),
                g("adoption", Grade::RequiresImprovement),
                g("care_leavers", Grade::RequiresImprovement),
                g("leadership_management_governance", Grade::Inadequate),
            ]
        );
    }

    #[test]
    fn sif_statements_and_lscb_heading() {
        let t = "Children’s services in Darlington Borough Council are\ninadequate\n\n1. Children who need help and protection  Inadequate\n\nSection 2\n\nThe Local Safeguarding Children Board requires improvement.\n\nText.";
        assert_eq!(
            grades(t),
            vec![
                g("overall_effectiveness", Grade::Inadequate),
                g("help_and_protection", Grade::Inadequate),
                g("lscb", Grade::RequiresImprovement),
            ]
        );
        let t = "The overall judgement is that children’s service requires improvement.\n\nThe effectiveness of the Local Safeguarding Children Board (LSCB) is\nrequires improvement\n";
        assert_eq!(
            grades(t),
            vec![
                g("overall_effectiveness", Grade::RequiresImprovement),
                g("lscb", Grade::RequiresImprovement)
            ]
        );
    }

    #[test]
    fn previous_inspection_list_is_skipped() {
        let t = "Children's services in Darlington require improvement to be\ngood\n\nPrevious Ofsted inspections\n\nThe previous single inspection was published in September 2015. The judgements for the local authority were:\n\nOverall effectiveness: inadequate\n\nChildren who need help and protection: inadequate\n\nAdoption performance: good\n";
        assert_eq!(
            grades(t),
            vec![g("overall_effectiveness", Grade::RequiresImprovement)]
        );
        let t = "At the last inspection children's services were judged good.";
        assert!(grades(t).is_empty());
    }

    #[test]
    fn heading_grades_and_conflict() {
        let t = "Overall effectiveness\tGood\n\nThe experiences and progress of children who need help and\nprotection: requires improvement to be good\n\n1. Para.\n\nOverall effectiveness: inadequate\n";
        let (js, notes) = find_judgements(t);
        assert_eq!(js.len(), 2);
        assert_eq!(js[0].grade, Grade::Good);
        assert_eq!(js[1].source, JudgementSource::Heading);
        assert_eq!(js[1].grade, Grade::RequiresImprovement);
        assert!(notes.iter().any(|n| n.code == "grade_conflict"));
    }

    #[test]
    fn prose_is_not_a_table() {
        let t = "Children who need help and protection are identified quickly and good help follows.\nOverall effectiveness is good in parts.";
        assert!(grades(t).is_empty());
    }

    #[test]
    fn lac_record_and_headings() {
        let t = "Capacity to improve\n\nGrade 2 (Good)\n\nRecord of main findings\n\nOverall effectiveness  Inadequate Grade 4\n\nCapacity to improve  Adequate Grade 3\n\nOutcomes for looked after children and\nyoung people  Inadequate Grade 4\n";
        let (js, notes) = find_judgements(t);
        let v: Vec<_> = js.iter().map(|j| (j.area.to_string(), j.grade)).collect();
        let v: Vec<(&str, Grade)> = v.iter().map(|(a, g)| (a.as_str(), *g)).collect();
        assert_eq!(
            v,
            vec![
                ("overall_effectiveness", Grade::Inadequate),
                ("capacity_for_improvement", Grade::Adequate),
                (
                    "other:outcomes_for_looked_after_children_and_young_people",
                    Grade::Inadequate
                )
            ]
        );
        assert!(notes.iter().any(|n| n.code == "grade_conflict"));
    }
}
