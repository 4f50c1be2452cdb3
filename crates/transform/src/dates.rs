//! Dates, date ranges and periods in English prose ("25 to 29 April 2022",
//! "14 January – 5 February 2014", "23rd June 2025", "March 2025").
//!
//! Recognised forms (longest wins at each place): full ranges with two years ("30 December
//! 2019 to 10 January 2020"), ranges across months ("29 November – 10 December 2021",
//! "2 March to 13 March 2020"), ranges within a month ("25 to 29 April 2022", "4–15 March
//! 2019", "9 and 10 November 2010"), single days with or without ordinals ("23rd June 2025",
//! "23 rd June 2025", "June 23, 2025", "Monday 23 June 2025" is read from the day), UK
//! day-first numeric dates ("23/06/2025", "23.06.2025"), months ("March 2025", "Sept 2024")
//! and bare years (1900–2099, only when standing alone: not inside numbers, codes,
//! financial years such as "2014/15" or amounts). Range separators: hyphen, en/em/figure dash,
//! "to", "and", "until", "till". Invalid days (31 February) are not dates. Month names must
//! be capitalised (or in capitals) so that "may" the verb is not a month.

use crate::Spanned;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// A date expression found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateExpr {
    /// A single day.
    Day(NaiveDate),
    /// An inclusive range of days.
    Range(NaiveDate, NaiveDate),
    /// A month (year, month).
    Month(i32, u32),
    /// A year.
    Year(i32),
}

impl DateExpr {
    /// First day covered.
    pub fn first_day(&self) -> Option<NaiveDate> {
        match *self {
            DateExpr::Day(d) | DateExpr::Range(d, _) => Some(d),
            DateExpr::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            DateExpr::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
        }
    }

    /// Last day covered.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match *self {
            DateExpr::Day(d) | DateExpr::Range(_, d) => Some(d),
            DateExpr::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
            }
            DateExpr::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
        }
    }
}

pub(crate) const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";
pub(crate) const DAY: &str = r"(?:[0-3]?[0-9])(?:\s?(?:st|nd|rd|th))?";
pub(crate) const YEAR: &str = r"(?:19|20)[0-9]{2}";
const SEP: &str = r"\s*(?:-|–|—|‒|(?-u:\b)to(?-u:\b)|(?-u:\b)and(?-u:\b)|(?-u:\b)until(?-u:\b)|(?-u:\b)till(?-u:\b))\s*";

pub(crate) fn month_number(s: &str) -> Option<u32> {
    let t = s.trim_end_matches('.').to_lowercase();
    let m = match t.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn day_number(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Builds a value from one pattern's captures.
type Builder = fn(&regex::Captures<'_>) -> Option<DateExpr>;

struct Pattern {
    re: Regex,
    build: Builder,
}

fn cap<'a>(c: &regex::Captures<'a>, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, month_number(m)?, day_number(d)?)
}

fn range(a: NaiveDate, b: NaiveDate) -> Option<DateExpr> {
    (a <= b && (b - a).num_days() <= 366).then_some(DateExpr::Range(a, b))
}

fn build_full_range(c: &regex::Captures<'_>) -> Option<DateExpr> {
    let a = ymd(cap(c, "y1")?, cap(c, "m1")?, cap(c, "d1")?)?;
    let b = ymd(cap(c, "y2")?, cap(c, "m2")?, cap(c, "d2")?)?;
    range(a, b)
}

fn build_month_range(c: &regex::Captures<'_>) -> Option<DateExpr> {
    let y: i32 = cap(c, "y")?.parse().ok()?;
    let m1 = month_number(cap(c, "m1")?)?;
    let m2 = month_number(cap(c, "m2")?)?;
    let y1 = if m1 > m2 { y - 1 } else { y };
    let a = NaiveDate::from_ymd_opt(y1, m1, day_number(cap(c, "d1")?)?)?;
    let b = NaiveDate::from_ymd_opt(y, m2, day_number(cap(c, "d2")?)?)?;
    range(a, b)
}

fn build_day_range(c: &regex::Captures<'_>) -> Option<DateExpr> {
    let y = cap(c, "y")?;
    let m = cap(c, "m")?;
    let a = ymd(y, m, cap(c, "d1")?)?;
    let b = ymd(y, m, cap(c, "d2")?)?;
    range(a, b)
}

fn build_day(c: &regex::Captures<'_>) -> Option<DateExpr> {
    ymd(cap(c, "y")?, cap(c, "m")?, cap(c, "d")?).map(DateExpr::Day)
}

fn build_numeric(c: &regex::Captures<'_>) -> Option<DateExpr> {
    let d: u32 = cap(c, "d")?.parse().ok()?;
    let m: u32 = cap(c, "m").or_else(|| cap(c, "m2"))?.parse().ok()?;
    let y: i32 = cap(c, "y")?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).map(DateExpr::Day)
}

fn build_month(c: &regex::Captures<'_>) -> Option<DateExpr> {
    let y: i32 = cap(c, "y")?.parse().ok()?;
    Some(DateExpr::Month(y, month_number(cap(c, "m")?)?))
}

fn build_year(c: &regex::Captures<'_>) -> Option<DateExpr> {
    Some(DateExpr::Year(cap(c, "y")?.parse().ok()?))
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let specs: Vec<(String, Builder)> = vec![
        (
            format!(
                r"(?-u:\b)(?P<d1>{DAY})\s+(?P<m1>{MONTH}),?\s+(?P<y1>{YEAR}){SEP}(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})(?-u:\b)"
            ),
            build_full_range,
        ),
        (
            format!(
                r"(?-u:\b)(?P<d1>{DAY})\s+(?P<m1>{MONTH}){SEP}(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y>{YEAR})(?-u:\b)"
            ),
            build_month_range,
        ),
        (
            format!(r"(?-u:\b)(?P<d1>{DAY}){SEP}(?P<d2>{DAY})\s+(?P<m>{MONTH}),?\s+(?P<y>{YEAR})(?-u:\b)"),
            build_day_range,
        ),
        (
            format!(r"(?-u:\b)(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MONTH}),?\s+(?P<y>{YEAR})(?-u:\b)"),
            build_day,
        ),
        (
            format!(r"(?-u:\b)(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})(?-u:\b)"),
            build_day,
        ),
        (
            r"(?-u:\b)(?P<d>[0-3]?[0-9])(?:/(?P<m>[01]?[0-9])/|\.(?P<m2>[01]?[0-9])\.)(?P<y>(?:19|20)[0-9]{2})(?-u:\b)"
                .to_owned(),
            build_numeric,
        ),
        (format!(r"(?-u:\b)(?P<m>{MONTH}),?\s+(?P<y>{YEAR})(?-u:\b)"), build_month),
        (format!(r"(?-u:\b)(?P<y>{YEAR})(?-u:\b)"), build_year),
    ];
    specs
        .into_iter()
        .filter_map(|(p, build)| crate::rx::new(&p).ok().map(|re| Pattern { re, build }))
        .collect()
});

/// True when a bare year at `start..end` stands alone (not part of a number, code,
/// financial year, amount or percentage).
fn year_stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let prev = before.chars().next_back();
    if prev.is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                '/' | '-' | '–' | '.' | ',' | '£' | '$' | '€' | '#' | ':' | '_' | '+'
            )
    }) {
        return false;
    }
    let mut it = after.chars();
    let n1 = it.next();
    let n2 = it.next();
    match n1 {
        Some(c) if c.is_alphanumeric() || matches!(c, '%' | '/' | '_' | '@') => return false,
        Some('-' | '–' | '.' | ',' | ':') if n2.is_some_and(|c| c.is_ascii_digit()) => {
            return false;
        }
        _ => {}
    }
    true
}

/// Every date expression in `text`, longest match first at each place, in text order.
pub fn find_dates(text: &str) -> Vec<Spanned<DateExpr>> {
    let mut cands: Vec<Spanned<DateExpr>> = Vec::new();
    for p in PATTERNS.iter() {
        for c in p.re.captures_iter(text) {
            let Some(all) = c.get(0) else { continue };
            let Some(value) = (p.build)(&c) else { continue };
            if matches!(value, DateExpr::Year(_))
                && !year_stands_alone(text, all.start(), all.end())
            {
                continue;
            }
            if all
                .as_str()
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
            {
                // numeric dates must not sit inside longer codes ("1.2.2020.3")
                let after = text.get(all.end()..).unwrap_or("");
                let before = text.get(..all.start()).unwrap_or("");
                if after.starts_with(['/', '.'])
                    && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
                    || before.ends_with(['/', '.'])
                        && before.chars().next_back().is_some()
                        && before
                            .chars()
                            .rev()
                            .nth(1)
                            .is_some_and(|c| c.is_ascii_digit())
                {
                    continue;
                }
            }
            cands.push(Spanned {
                value,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    // Longest first at each start; then keep non-overlapping in text order.
    cands.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut out: Vec<Spanned<DateExpr>> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // Prefer longer spans when they overlap a shorter one starting earlier.
    let mut by_len: Vec<&Spanned<DateExpr>> = cands.iter().collect();
    by_len.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    for c in by_len {
        if taken.iter().all(|&(s, e)| c.end <= s || c.start >= e) {
            taken.push((c.start, c.end));
            out.push(c.clone());
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// Parses one whole string as a date expression (leading/trailing space allowed).
pub fn parse(s: &str) -> Option<DateExpr> {
    let t = s.trim();
    let found = find_dates(t);
    match found.as_slice() {
        [one] if one.start == 0 && one.end == t.len() => Some(one.value.clone()),
        _ => None,
    }
}

/// The year of a [`DateExpr`].
pub fn year_of(e: &DateExpr) -> i32 {
    match *e {
        DateExpr::Day(d) | DateExpr::Range(d, _) => d.year(),
        DateExpr::Month(y, _) | DateExpr::Year(y) => y,
    }
}

crate::rx::register!(PATTERNS);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }

    fn p(s: &str) -> Option<DateExpr> {
        parse(s)
    }

    #[test]
    fn ranges() {
        assert_eq!(
            p("25 to 29 April 2022"),
            Some(DateExpr::Range(d(2022, 4, 25), d(2022, 4, 29)))
        );
        assert_eq!(
            p("14 January – 5 February 2014"),
            Some(DateExpr::Range(d(2014, 1, 14), d(2014, 2, 5)))
        );
        assert_eq!(
            p("9 and 10 November 2010"),
            Some(DateExpr::Range(d(2010, 11, 9), d(2010, 11, 10)))
        );
        assert_eq!(
            p("2 March to 13 March 2020"),
            Some(DateExpr::Range(d(2020, 3, 2), d(2020, 3, 13)))
        );
        assert_eq!(
            p("4\u{2012}15 March 2019"),
            Some(DateExpr::Range(d(2019, 3, 4), d(2019, 3, 15)))
        );
        assert_eq!(
            p("4–15 March 2019"),
            Some(DateExpr::Range(d(2019, 3, 4), d(2019, 3, 15)))
        );
        assert_eq!(
            p("15-19 July 2013"),
            Some(DateExpr::Range(d(2013, 7, 15), d(2013, 7, 19)))
        );
        assert_eq!(
            p("15 – 19 July 2013"),
            Some(DateExpr::Range(d(2013, 7, 15), d(2013, 7, 19)))
        );
        assert_eq!(
            p("29 November – 10 December 2021"),
            Some(DateExpr::Range(d(2021, 11, 29), d(2021, 12, 10)))
        );
        assert_eq!(
            p("30 December 2019 to 10 January 2020"),
            Some(DateExpr::Range(d(2019, 12, 30), d(2020, 1, 10)))
        );
        assert_eq!(
            p("30 December to 10 January 2020"),
            Some(DateExpr::Range(d(2019, 12, 30), d(2020, 1, 10)))
        );
        assert_eq!(
            p("2 June 2014 – 25 June 2014"),
            Some(DateExpr::Range(d(2014, 6, 2), d(2014, 6, 25)))
        );
        assert_eq!(
            p("2 March 2020 to 6 March 2020"),
            Some(DateExpr::Range(d(2020, 3, 2), d(2020, 3, 6)))
        );
        assert_eq!(
            p("18 March to 22 March 2024"),
            Some(DateExpr::Range(d(2024, 3, 18), d(2024, 3, 22)))
        );
    }

    #[test]
    fn days_months_years() {
        assert_eq!(p("23rd June 2025"), Some(DateExpr::Day(d(2025, 6, 23))));
        assert_eq!(p("23 rd June 2025"), Some(DateExpr::Day(d(2025, 6, 23))));
        assert_eq!(p("11th June 2025"), Some(DateExpr::Day(d(2025, 6, 11))));
        assert_eq!(p("8 December 2010"), Some(DateExpr::Day(d(2010, 12, 8))));
        assert_eq!(p("June 23, 2025"), Some(DateExpr::Day(d(2025, 6, 23))));
        assert_eq!(p("1st of May 2024"), Some(DateExpr::Day(d(2024, 5, 1))));
        assert_eq!(p("23/06/2025"), Some(DateExpr::Day(d(2025, 6, 23))));
        assert_eq!(p("03.02.2020"), Some(DateExpr::Day(d(2020, 2, 3))));
        assert_eq!(p("March 2025"), Some(DateExpr::Month(2025, 3)));
        assert_eq!(p("Sept 2024"), Some(DateExpr::Month(2024, 9)));
        assert_eq!(p("2022"), Some(DateExpr::Year(2022)));
        assert_eq!(p("31 February 2020"), None);
        assert_eq!(p("31/02/2020"), None);
        assert_eq!(p("may 2020"), None);
    }

    #[test]
    fn find_in_text_with_byte_spans() {
        let t = "Date: 11th June 2025 — in 2022 and in October 2023, “25 to 29 April 2022”.";
        let f = find_dates(t);
        let got: Vec<(&str, DateExpr)> = f
            .iter()
            .map(|s| (&t[s.start..s.end], s.value.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("11th June 2025", DateExpr::Day(d(2025, 6, 11))),
                ("2022", DateExpr::Year(2022)),
                ("October 2023", DateExpr::Month(2023, 10)),
                (
                    "25 to 29 April 2022",
                    DateExpr::Range(d(2022, 4, 25), d(2022, 4, 29))
                ),
            ]
        );
        let t2 = "DATE 23 rd June 2025\nInspection dates: 2 March 2020 to 6 March 2020";
        let f2 = find_dates(t2);
        assert_eq!(f2.len(), 2);
        assert_eq!(&t2[f2[1].start..f2[1].end], "2 March 2020 to 6 March 2020");
    }

    #[test]
    fn conservative_years() {
        for s in [
            "call 0300 123 1231",
            "ref 12019",
            "2014/15 budget",
            "£2019",
            "2019-20",
            "25/26 year",
            "E09000007",
            "a score of 2020.5",
            "NW1 2019X",
        ] {
            let years: Vec<_> = find_dates(s)
                .into_iter()
                .filter(|f| matches!(f.value, DateExpr::Year(_)))
                .collect();
            assert!(years.is_empty(), "{s}: {years:?}");
        }
        assert_eq!(find_dates("Education and Inspections Act 2006.").len(), 1);
        assert_eq!(find_dates("(2019)").len(), 1);
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_on_boundaries(s in "\\PC{0,80}") {
            for f in find_dates(&s) {
                prop_assert!(s.is_char_boundary(f.start));
                prop_assert!(s.is_char_boundary(f.end));
                prop_assert!(f.start < f.end && f.end <= s.len());
            }
            let _ = parse(&s);
        }

        #[test]
        fn date_like_noise_never_panics(s in "[0-9 /.a-zA-Z–-]{0,40}(January|May|Dec)?[0-9 ]{0,8}") {
            for f in find_dates(&s) {
                prop_assert!(s.get(f.start..f.end).is_some());
            }
        }
    }
}
