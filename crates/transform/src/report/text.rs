//! Small text helpers shared by the report, framework, judgement and findings readers:
//! trimmed lines with byte spans, whitespace squashing and a private English
//! date reader. (Grade words: [`crate::areas`].)

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// One line of the cleaned text, trimmed, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// Byte offset of the first non-blank character.
    pub start: usize,
    /// Byte offset just past the last non-blank character.
    pub end: usize,
    /// The trimmed text.
    pub text: &'a str,
}

impl Line<'_> {
    /// True when the line holds only whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Every line of `text` (split on `\n`), trimmed of surrounding whitespace.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let start = pos + lead;
        out.push(Line {
            start,
            end: start + trimmed.len(),
            text: trimmed,
        });
        pos += raw.len() + 1;
    }
    out
}

/// Collapses every run of whitespace to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number (1-12) of an English month name or its three-letter abbreviation.
pub(crate) fn month_of(s: &str) -> Option<u32> {
    let l = s.to_lowercase();
    let l = l.trim_end_matches('.');
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == l || (l.len() == 3 && m.starts_with(l)) || (l == "sept" && *m == "september")
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

const MONTH_RE: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

/// A day range or a single day with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateHit {
    /// First day.
    pub from: NaiveDate,
    /// Last day (equal to `from` for a single day).
    pub to: NaiveDate,
    /// Byte span start.
    pub start: usize,
    /// Byte span end.
    pub end: usize,
}

static RANGE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let m = MONTH_RE;
    let p = format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({m}))?(?:,?\s+(\d{{4}}))?\s*(?:to|until|and|-|–|—|‒)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+({m}),?\s+(\d{{4}})\b"
    );
    Regex::new(&p).ok()
});

static DAY_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let m = MONTH_RE;
    let p = format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({m}),?\s+(\d{{4}})\b");
    Regex::new(&p).ok()
});

fn num(s: Option<regex::Match<'_>>) -> Option<u32> {
    s.and_then(|m| m.as_str().parse().ok())
}

fn year(s: Option<regex::Match<'_>>) -> Option<i32> {
    s.and_then(|m| m.as_str().parse().ok())
}

/// Every date range and single date in `text`, in text order, ranges preferred.
pub(crate) fn find_dates(text: &str) -> Vec<DateHit> {
    let mut out: Vec<DateHit> = Vec::new();
    if let Some(re) = RANGE_RE.as_ref() {
        for c in re.captures_iter(text) {
            let Some(all) = c.get(0) else { continue };
            let (Some(d2), Some(m2), Some(y2)) = (
                num(c.get(4)),
                c.get(5).and_then(|m| month_of(m.as_str())),
                year(c.get(6)),
            ) else {
                continue;
            };
            let Some(d1) = num(c.get(1)) else { continue };
            let m1 = c.get(2).and_then(|m| month_of(m.as_str())).unwrap_or(m2);
            let y1 = year(c.get(3)).unwrap_or(if m1 > m2 { y2 - 1 } else { y2 });
            let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(y1, m1, d1),
                NaiveDate::from_ymd_opt(y2, m2, d2),
            ) else {
                continue;
            };
            if to < from || (to - from).num_days() > 120 {
                continue;
            }
            out.push(DateHit {
                from,
                to,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    if let Some(re) = DAY_RE.as_ref() {
        for c in re.captures_iter(text) {
            let Some(all) = c.get(0) else { continue };
            if out
                .iter()
                .any(|h| h.start <= all.start() && all.end() <= h.end)
            {
                continue;
            }
            let (Some(d), Some(m), Some(y)) = (
                num(c.get(1)),
                c.get(2).and_then(|m| month_of(m.as_str())),
                year(c.get(3)),
            ) else {
                continue;
            };
            let Some(day) = NaiveDate::from_ymd_opt(y, m, d) else {
                continue;
            };
            out.push(DateHit {
                from: day,
                to: day,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// The byte offset of the start of the block (blank-line separated) holding `pos`,
/// looking back at most `cap` bytes.
pub(crate) fn block_start(text: &str, pos: usize, cap: usize) -> usize {
    let lo = floor_boundary(text, pos.saturating_sub(cap));
    let hay = text.get(lo..pos).unwrap_or("");
    // skip trailing blank space so that a cluster's own leading blank lines don't count
    let trimmed = hay.trim_end();
    match trimmed.rfind("\n\n").or_else(|| find_blank_line(trimmed)) {
        Some(i) => lo + i,
        None => lo,
    }
}

fn find_blank_line(s: &str) -> Option<usize> {
    // a line holding only spaces/tabs counts as blank
    let mut last = None;
    let mut pos = 0;
    let mut prev_blank_end = None;
    for l in s.split('\n') {
        if l.trim().is_empty() {
            prev_blank_end = Some(pos);
        } else if let Some(b) = prev_blank_end.take() {
            last = Some(b);
        }
        pos += l.len() + 1;
    }
    last
}

/// The largest char boundary of `text` at or below `i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn regexes_compile() {
        assert!(RANGE_RE.is_some() && DAY_RE.is_some());
    }

    #[test]
    fn ranges() {
        let cases = [
            ("25 to 29 April 2022", d(2022, 4, 25), d(2022, 4, 29)),
            ("2 June 2014 – 25 June 2014", d(2014, 6, 2), d(2014, 6, 25)),
            (
                "14 January – 5 February 2014",
                d(2014, 1, 14),
                d(2014, 2, 5),
            ),
            ("15 – 19 July 2013", d(2013, 7, 15), d(2013, 7, 19)),
            ("15-19 July 2013", d(2013, 7, 15), d(2013, 7, 19)),
            ("18 February to 1 March 2019", d(2019, 2, 18), d(2019, 3, 1)),
            ("9 and 10 November 2010", d(2010, 11, 9), d(2010, 11, 10)),
            (
                "29 November to 10 December 2021",
                d(2021, 11, 29),
                d(2021, 12, 10),
            ),
            (
                "30 December to 3 January 2020",
                d(2019, 12, 30),
                d(2020, 1, 3),
            ),
        ];
        for (s, a, b) in cases {
            let h = find_dates(s);
            assert_eq!(h.len(), 1, "{s}");
            assert_eq!((h[0].from, h[0].to), (a, b), "{s}");
        }
        let h = find_dates("Report published: 8 August 2014");
        assert_eq!(h[0].from, d(2014, 8, 8));
    }
}
