//! The days on site as a letter's opening gives them.
//!
//! Forms read: "on 21 and 22 November 2023", "on 23 November 2023", "on 30 June and 1 July
//! 2021", "on the 15 and 16 of May 2018", "Between 16 and 20 October 2017", "Between 18
//! November 2019 and 22 November 2019", "from 22 April to 26 April 2024", "on 1 to 2 March
//! 2023", "on 30 and 31 January" (year from the letter date). The first such phrase in a
//! sentence about the visit or inspection wins ("This letter summarises the findings of
//! the focused visit to ... on ...", "This inspection took place from ..."), else the
//! first in the letter's opening.
//!
//! Typos get the most plausible reading and a `visit_dates_repaired` warning: an end
//! before the start ("30 to 1 July": 30 June to 1 July; otherwise the two days swapped),
//! a range over a year ("24 October 2022 to 25 October 2023": both days in the year that
//! puts them just before the letter date), a visit after the letter date (a year too
//! late).

use crate::dates::month_number;
use crate::floor_boundary;
use chrono::{Datelike, NaiveDate};
use ofsted_model::doc::Note;
use regex::Regex;
use std::sync::LazyLock;

/// The visit's days with the span of the phrase and a note when a typo was repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitDates {
    /// First day on site.
    pub start: NaiveDate,
    /// Last day on site.
    pub end: NaiveDate,
    /// Byte span of the phrase.
    pub span: (usize, usize),
    /// A `visit_dates_repaired` warning when the printed dates needed a repair.
    pub note: Option<Note>,
}

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

static PHRASE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(?:on|between|from|during)\s+(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<m1>{MONTHS}))?(?:,?\s+(?P<y1>(?:19|20)\d\d))?(?:\s*(?:and|to|until|-|–|—)\s*(?:the\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<m2>{MONTHS})\b(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
    ))
    .ok()
});

static CONTEXT_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)summaris|findings\s+of|took\s+place|carried\s+out|undertook|undertaken|conducted|visit(?:ed)?\s+(?:to|was|on|took)|inspection\s+of|inspected\s+on").ok()
});

/// How far after the salutation the visit phrase may be (bytes).
const WINDOW: usize = 3500;

struct Raw {
    d1: u32,
    m1: Option<u32>,
    y1: Option<i32>,
    d2: Option<u32>,
    m2: u32,
    y2: Option<i32>,
    span: (usize, usize),
}

fn num<T: std::str::FromStr>(c: &regex::Captures<'_>, k: &str) -> Option<T> {
    c.name(k).and_then(|m| m.as_str().parse().ok())
}

fn raw_phrases(text: &str, from: usize) -> Vec<(Raw, bool)> {
    let Some(re) = PHRASE_RE.as_ref() else {
        return Vec::new();
    };
    let hi = floor_boundary(text, from + WINDOW);
    let win = text.get(from..hi).unwrap_or("");
    let mut out = Vec::new();
    for c in re.captures_iter(win) {
        let (Some(all), Some(d1), Some(m2)) = (
            c.get(0),
            num::<u32>(&c, "d1"),
            c.name("m2").and_then(|m| month_number(m.as_str())),
        ) else {
            continue;
        };
        let sentence_start = win
            .get(..all.start())
            .and_then(|s| s.rfind(". "))
            .map_or(0, |i| i + 2);
        let context = win.get(sentence_start..all.start()).unwrap_or("");
        let in_context = CONTEXT_RE.as_ref().is_some_and(|r| r.is_match(context));
        out.push((
            Raw {
                d1,
                m1: c.name("m1").and_then(|m| month_number(m.as_str())),
                y1: num(&c, "y1"),
                d2: num(&c, "d2"),
                m2,
                y2: num(&c, "y2"),
                span: (from + all.start(), from + all.end()),
            },
            in_context,
        ));
    }
    out
}

/// The year of a date printed without one: the letter's year, or the year before when
/// the month comes after the letter's month.
fn infer_year(month: u32, letter: Option<NaiveDate>) -> Option<i32> {
    let l = letter?;
    Some(if month > l.month() {
        l.year() - 1
    } else {
        l.year()
    })
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn resolve(r: &Raw, letter: Option<NaiveDate>) -> Option<VisitDates> {
    let y2 = r.y2.or_else(|| infer_year(r.m2, letter))?;
    let m1 = r.m1.unwrap_or(r.m2);
    let y1 = r.y1.unwrap_or(if m1 > r.m2 { y2 - 1 } else { y2 });
    let end_day = r.d2.unwrap_or(r.d1);
    let mut start = ymd(y1, m1, r.d1)?;
    let mut end = if r.d2.is_some() || r.m1.is_some() {
        ymd(y2, r.m2, end_day)?
    } else {
        start
    };
    let mut why = None;
    if end < start {
        let prev_month = start
            .checked_sub_months(chrono::Months::new(1))
            .filter(|p| r.m1.is_none() && (end - *p).num_days() <= 14 && *p <= end);
        if let Some(p) = prev_month {
            why = Some(format!(
                "the end ({end}) is before the start ({start}); read the start in the month before"
            ));
            start = p;
        } else {
            why = Some(format!(
                "the end ({end}) is before the start ({start}); read the two days swapped"
            ));
            std::mem::swap(&mut start, &mut end);
        }
    } else if (end - start).num_days() > 60
        && let Some(s2) = ymd(y2, m1, r.d1).filter(|s| *s <= end && (end - *s).num_days() <= 60)
    {
        why = Some(format!(
            "the visit would last {} days ({start} to {end}); read both days in {}",
            (end - start).num_days() + 1,
            end.year()
        ));
        start = s2;
    }
    if let Some(l) = letter
        && start > l
        && let (Some(s), Some(e)) = (
            start.checked_sub_months(chrono::Months::new(12)),
            end.checked_sub_months(chrono::Months::new(12)),
        )
        && e <= l
    {
        why = Some(format!(
            "the visit ({start}) would come after the letter date ({l}); read it a year earlier"
        ));
        start = s;
        end = e;
    }
    if let Some(l) = letter
        && end > l
    {
        // still after the letter: not the visit
        return None;
    }
    Some(VisitDates {
        start,
        end,
        span: r.span,
        note: why.map(|w| {
            super::warn(
                "visit_dates_repaired",
                format!("the letter's visit dates look mistyped: {w}"),
                r.span,
            )
        }),
    })
}

/// The visit's days: the first date phrase after `from` (the salutation) in a sentence
/// about the visit, else the first at all; `letter` is the letter date (for missing years
/// and plausibility).
pub fn find(text: &str, from: usize, letter: Option<NaiveDate>) -> Option<VisitDates> {
    let phrases = raw_phrases(text, from);
    let pick = |want_context: bool| {
        phrases
            .iter()
            .filter(|(_, c)| *c || !want_context)
            .find_map(|(r, _)| resolve(r, letter))
    };
    pick(true).or_else(|| pick(false))
}

crate::rx::register!(PHRASE_RE, CONTEXT_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn get(t: &str, letter: Option<NaiveDate>) -> (NaiveDate, NaiveDate, bool) {
        let v = find(t, 0, letter).unwrap();
        (v.start, v.end, v.note.is_some())
    }

    #[test]
    fn regexes_compile() {
        assert!(PHRASE_RE.is_some() && CONTEXT_RE.is_some());
    }

    #[test]
    fn forms_of_the_visit_phrase() {
        let l = Some(d(2025, 1, 1));
        let cases: &[(&str, NaiveDate, NaiveDate)] = &[
            (
                "This letter summarises the findings of the focused visit to Bracknell Forest local\nauthority children’s services on 21 and 22 November 2023. His Majesty’s",
                d(2023, 11, 21),
                d(2023, 11, 22),
            ),
            (
                "This letter summarises the findings of a focused visit to Gateshead children’s services on 20 March 2018.",
                d(2018, 3, 20),
                d(2018, 3, 20),
            ),
            (
                "This letter summarises the findings of a focused visit to Derby City Council children’s\nservices on 30 June and 1 July 2021.",
                d(2021, 6, 30),
                d(2021, 7, 1),
            ),
            (
                "the findings of a focused visit to Camden children’s services\non the 15 and 16 of May 2018. The inspectors",
                d(2018, 5, 15),
                d(2018, 5, 16),
            ),
            (
                "Between 16 and 20 October 2017, Ofsted, the Care Quality Commission (CQC) undertook",
                d(2017, 10, 16),
                d(2017, 10, 20),
            ),
            (
                "This inspection took place from 22 April to 26 April 2024. It was carried out",
                d(2024, 4, 22),
                d(2024, 4, 26),
            ),
            (
                "Between 18 November 2019 and 22 November 2019, Ofsted",
                d(2019, 11, 18),
                d(2019, 11, 22),
            ),
            (
                "findings of a focused visit to Coventry City Council\nchildren’s services on 30 and 31 December. The inspectors",
                d(2024, 12, 30),
                d(2024, 12, 31),
            ),
        ];
        for (t, s, e) in cases {
            assert_eq!(get(t, l), (*s, *e, false), "{t}");
        }
    }

    #[test]
    fn context_sentence_wins_over_earlier_dates() {
        let t = "Dear Ms X\n\nOn 3 March 2019 the council changed. This letter summarises the findings of the monitoring visit to X children’s services on 12 and 13 March 2019.";
        assert_eq!(
            get(t, Some(d(2019, 4, 12))),
            (d(2019, 3, 12), d(2019, 3, 13), false)
        );
    }

    #[test]
    fn typos_repaired_with_a_note() {
        // a year too long (real form: "on 24 October 2022 to 25 October 2023")
        let t = "findings of the focused visit to Darlington children’s services on 24 October 2022 to 25 October 2023.";
        assert_eq!(
            get(t, Some(d(2023, 11, 28))),
            (d(2023, 10, 24), d(2023, 10, 25), true)
        );
        // end before start in one month
        let t = "findings of the focused visit to X on 30 to 1 July 2021.";
        assert_eq!(
            get(t, Some(d(2021, 8, 1))),
            (d(2021, 6, 30), d(2021, 7, 1), true)
        );
        // swapped days
        let t = "findings of the focused visit to X on 22 June to 21 June 2021.";
        assert_eq!(
            get(t, Some(d(2021, 8, 1))),
            (d(2021, 6, 21), d(2021, 6, 22), true)
        );
        // a year after the letter
        let t = "findings of the focused visit to X on 5 and 6 December 2020.";
        assert_eq!(
            get(t, Some(d(2020, 1, 20))),
            (d(2019, 12, 5), d(2019, 12, 6), true)
        );
    }
}
