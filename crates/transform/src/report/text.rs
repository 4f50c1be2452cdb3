//! Small text helpers shared by the report, framework, judgement and findings readers:
//! trimmed lines with byte spans, block starts and the day/range view of
//! [`crate::dates`]. (Grade words: [`crate::areas`].)

use crate::dates::DateExpr;
use crate::floor_boundary;
use chrono::NaiveDate;

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

/// A report's inspection, publication or letter date range never spans more than this.
const MAX_RANGE_DAYS: i64 = 120;

/// Every day range and single day in `text` ([`crate::dates::find_dates`]), in text order.
/// Months and bare years are left out (a report's dates are days), and so are ranges longer
/// than [`MAX_RANGE_DAYS`].
pub(crate) fn find_dates(text: &str) -> Vec<DateHit> {
    crate::dates::find_dates(text)
        .into_iter()
        .filter_map(|s| {
            let (from, to) = match s.value {
                DateExpr::Day(d) => (d, d),
                DateExpr::Range(a, b) => (a, b),
                DateExpr::Month(..) | DateExpr::Year(_) => return None,
            };
            ((to - from).num_days() <= MAX_RANGE_DAYS).then_some(DateHit {
                from,
                to,
                start: s.start,
                end: s.end,
            })
        })
        .collect()
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn regexes_compile() {
        assert!(!find_dates("1 May 2020").is_empty());
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
        assert!(find_dates("1 January to 30 June 2014").is_empty());
        assert!(find_dates("March 2014, in 2015").is_empty());
        let h = find_dates("Report published: 8 August 2014");
        assert_eq!(h[0].from, d(2014, 8, 8));
    }
}
