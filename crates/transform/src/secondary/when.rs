//! Date expressions for the secondary-document finders: the shared finder
//! ([`crate::dates::find_dates`]), in one place so the finders can be re-pointed, plus the
//! forms news and council pages use that Ofsted's own documents do not:
//!
//! - month-first ranges with one year ("between June 30 and July 4, 2025", "June 3-7, 2019");
//! - with the document's date known, dates without a year, read as the latest such date on
//!   or before the document's ("10-14 June", "in March", "in September and October",
//!   "in October and November last year").
//!
//! A yearless month counts only after a preposition ("in", "during", "between", "from",
//! "throughout") so that a month named as a label is not taken.

use crate::dates::{DAY, DateExpr, MONTH, YEAR, month_number};
use crate::{Lazy, Spanned, re};
use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;

/// Every date expression in `text`, in text order: the shared finder's and ISO days
/// ("2018-08-17", as web pages print their own date).
pub(crate) fn find(text: &str) -> Vec<Spanned<DateExpr>> {
    let mut out = crate::dates::find_dates(text);
    let Some(r) = re(&ISO_RE) else {
        return out;
    };
    for c in r.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (num("y"), num("m"), num("d")) else {
            continue;
        };
        let Some(day) = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        else {
            continue;
        };
        out.retain(|o| !(o.start >= all.start() && o.end <= all.end()));
        if out
            .iter()
            .all(|o| o.end <= all.start() || o.start >= all.end())
        {
            out.push(Spanned {
                value: DateExpr::Day(day),
                start: all.start(),
                end: all.end(),
            });
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// "2018-08-17".
static ISO_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?-u:\b)(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?-u:\b)")
        .ok()
});

/// "June 30 and July 4, 2025", "June 3-7, 2019": month first, one year at the end.
static MONTH_FIRST_RANGE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?-u:\b)(?P<m1>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|–|—|to|and|until)\s*(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY}),?\s+(?P<y>{YEAR})(?-u:\b)"
    ))
    .ok()
});

/// "10-14 June", "30 June to 4 July": a range of days without a year.
static YEARLESS_RANGE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?-u:\b)(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH}))?\s*(?:-|–|—|to|and|until)\s*(?P<d2>{DAY})\s+(?P<m2>{MONTH})(?-u:\b)"
    ))
    .ok()
});

/// "on 8 January", "on Tuesday 8 January", "on January 8": one day without a year, after
/// "on".
static YEARLESS_DAY_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?-u:\b)on\s+(?:[A-Z][a-z]+day,?\s+)?(?:(?P<d1>{DAY})\s+(?P<m1>{MONTH})|(?P<m2>{MONTH})\s+(?P<d2>{DAY}))(?-u:\b)"
    ))
    .ok()
});

/// "in March", "during September and October", "in October and November last year".
static YEARLESS_MONTH_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?-u:\b)(?:in|during|between|from|throughout)\s+(?:(?:late|early|mid)[\s-]+)?(?P<m1>{MONTH})(?:\s+(?:and|to|-|–|into)\s+(?P<m2>{MONTH}))?(?P<last>\s+last\s+year)?(?-u:\b)"
    ))
    .ok()
});

/// A year (or day) right after a match: the date is complete and the shared finder has it.
static YEAR_AFTER_RE: Lazy =
    LazyLock::new(|| crate::rx::new(&format!(r"^,?\s*(?:{DAY},?\s+)?{YEAR}")).ok());

/// What gives a yearless date ("in March", "10-14 June") its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    /// The document's date: the latest such day on or before it.
    Document(NaiveDate),
    /// An undated document: the latest date it names (an earlier visit, "since October
    /// 2019"); the first such day after it, since what the page reports came later.
    After(NaiveDate),
}

impl YearRef {
    /// The document's date, else the latest date the text names.
    pub(crate) fn of(doc: Option<NaiveDate>, latest_named: Option<NaiveDate>) -> Option<Self> {
        doc.map(YearRef::Document)
            .or_else(|| latest_named.map(YearRef::After))
    }

    /// The year of month `m` (1–12).
    fn year_of(self, m: u32) -> i32 {
        match self {
            YearRef::Document(doc) => year_before(doc, m),
            YearRef::After(floor) if m > floor.month() => floor.year(),
            YearRef::After(floor) => floor.year() + 1,
        }
    }
}

/// Every date expression in `text` (see the module doc): the shared finder's, those of the
/// month-first ranges, and, with `years` (the document's date or the latest date it names),
/// the yearless ones. A longer form replaces the shorter ones it covers.
pub(crate) fn find_in(text: &str, years: Option<YearRef>) -> Vec<Spanned<DateExpr>> {
    let mut out = find(text);
    let mut extra = month_first_ranges(text);
    if let Some(y) = years {
        extra.extend(yearless(text, y));
    }
    for x in extra {
        out.retain(|o| !(o.start >= x.start && o.end <= x.end));
        if out.iter().all(|o| o.end <= x.start || o.start >= x.end) {
            out.push(x);
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

fn ymd(y: i32, m: &str, d: &str) -> Option<NaiveDate> {
    let day: u32 = d
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    NaiveDate::from_ymd_opt(y, month_number(m)?, day)
}

fn range(a: NaiveDate, b: NaiveDate) -> Option<DateExpr> {
    (a <= b && (b - a).num_days() <= 60).then_some(DateExpr::Range(a, b))
}

fn month_first_ranges(text: &str) -> Vec<Spanned<DateExpr>> {
    let Some(r) = re(&MONTH_FIRST_RANGE_RE) else {
        return Vec::new();
    };
    r.captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let y: i32 = c.name("y")?.as_str().parse().ok()?;
            let m1 = c.name("m1")?.as_str();
            let m2 = c.name("m2").map_or(m1, |m| m.as_str());
            let y1 = if month_number(m1)? > month_number(m2)? {
                y - 1
            } else {
                y
            };
            let a = ymd(y1, m1, c.name("d1")?.as_str())?;
            let b = ymd(y, m2, c.name("d2")?.as_str())?;
            Some(Spanned {
                value: range(a, b)?,
                start: all.start(),
                end: all.end(),
            })
        })
        .collect()
}

/// The year of month `m` (1–12) as the latest such month on or before `doc`.
fn year_before(doc: NaiveDate, m: u32) -> i32 {
    if m <= doc.month() {
        doc.year()
    } else {
        doc.year() - 1
    }
}

/// Whether `start..end` overlaps a date already found.
fn overlaps(found: &[Spanned<DateExpr>], start: usize, end: usize) -> bool {
    found.iter().any(|o| o.start < end && start < o.end)
}

fn complete(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    re(&YEAR_AFTER_RE).is_some_and(|r| r.is_match(after))
}

/// The yearless dates of `text`: day ranges ("10-14 June"), then days and months that
/// overlap no date found before them, each given its year by `years`.
fn yearless(text: &str, years: YearRef) -> Vec<Spanned<DateExpr>> {
    let mut out = yearless_ranges(text, years);
    yearless_days(text, years, &mut out);
    yearless_months(text, years, &mut out);
    out
}

/// Yearless day ranges ("10-14 June", "30 June to 4 July") not followed by a year.
fn yearless_ranges(text: &str, years: YearRef) -> Vec<Spanned<DateExpr>> {
    let mut out = Vec::new();
    let Some(r) = re(&YEARLESS_RANGE_RE) else {
        return out;
    };
    for c in r.captures_iter(text) {
        let Some(all) = c.get(0).filter(|m| !complete(text, m.end())) else {
            continue;
        };
        let Some(m2) = c.name("m2").map(|m| m.as_str()) else {
            continue;
        };
        let m1 = c.name("m1").map_or(m2, |m| m.as_str());
        let (Some(n1), Some(n2)) = (month_number(m1), month_number(m2)) else {
            continue;
        };
        let y2 = years.year_of(n2);
        let y1 = if n1 > n2 { y2 - 1 } else { y2 };
        let value = c
            .name("d1")
            .zip(c.name("d2"))
            .and_then(|(d1, d2)| range(ymd(y1, m1, d1.as_str())?, ymd(y2, m2, d2.as_str())?));
        if let Some(value) = value {
            out.push(Spanned {
                value,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    out
}

/// Adds the yearless days ("on 8 January") not followed by a year and overlapping no
/// date in `out`.
fn yearless_days(text: &str, years: YearRef, out: &mut Vec<Spanned<DateExpr>>) {
    let Some(r) = re(&YEARLESS_DAY_RE) else {
        return;
    };
    for c in r.captures_iter(text) {
        let day_month = c.name("d1").zip(c.name("m1"));
        let (Some(all), Some((d1, m1))) = (
            c.get(0),
            day_month.or_else(|| c.name("d2").zip(c.name("m2"))),
        ) else {
            continue;
        };
        if complete(text, all.end()) || overlaps(out, all.start(), all.end()) {
            continue;
        }
        let Some(day) =
            month_number(m1.as_str()).and_then(|n| ymd(years.year_of(n), m1.as_str(), d1.as_str()))
        else {
            continue;
        };
        out.push(Spanned {
            value: DateExpr::Day(day),
            start: d1.start().min(m1.start()),
            end: all.end(),
        });
    }
}

/// Adds the yearless months ("in March", "in October and November last year") not
/// followed by a year and overlapping no date in `out`.
fn yearless_months(text: &str, years: YearRef, out: &mut Vec<Spanned<DateExpr>>) {
    let Some(r) = re(&YEARLESS_MONTH_RE) else {
        return;
    };
    for c in r.captures_iter(text) {
        let (Some(all), Some(m1)) = (c.get(0), c.name("m1")) else {
            continue;
        };
        if complete(text, all.end()) || overlaps(out, all.start(), all.end()) {
            continue;
        }
        let Some(n1) = month_number(m1.as_str()) else {
            continue;
        };
        let n_last = c
            .name("m2")
            .and_then(|m| month_number(m.as_str()))
            .unwrap_or(n1);
        let y_last = match (c.name("last"), years) {
            (Some(_), YearRef::Document(doc)) => doc.year() - 1,
            // "last year" of an undated page: no year to count from
            (Some(_), YearRef::After(_)) => continue,
            (None, _) => years.year_of(n_last),
        };
        let y = if n1 > n_last { y_last - 1 } else { y_last };
        out.push(Spanned {
            value: DateExpr::Month(y, n1),
            start: m1.start(),
            end: all.end(),
        });
    }
}

crate::rx::register!(
    ISO_RE,
    MONTH_FIRST_RANGE_RE,
    YEARLESS_RANGE_RE,
    YEARLESS_DAY_RE,
    YEARLESS_MONTH_RE,
    YEAR_AFTER_RE
);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn values(t: &str, doc: Option<NaiveDate>) -> Vec<DateExpr> {
        find_in(t, doc.map(YearRef::Document))
            .into_iter()
            .map(|s| s.value)
            .collect()
    }

    /// An undated page whose latest date is an earlier event's: its yearless dates come
    /// after that date.
    #[test]
    fn yearless_dates_of_an_undated_page_follow_its_earlier_date() {
        let after = Some(YearRef::After(d(2019, 10, 31)));
        let v =
            |t: &str| -> Vec<DateExpr> { find_in(t, after).into_iter().map(|s| s.value).collect() };
        assert_eq!(
            v("The visit took place on 8 January and found"),
            vec![DateExpr::Day(d(2020, 1, 8))]
        );
        assert_eq!(
            v("Inspectors visited in December and"),
            vec![DateExpr::Month(2019, 12)]
        );
        assert_eq!(
            v("carried out a monitoring visit on January 8."),
            vec![DateExpr::Day(d(2020, 1, 8))]
        );
        assert!(v("Inspectors visited in October and November last year").is_empty());
    }

    #[test]
    fn iso_days() {
        assert_eq!(
            values(" date 2018-08-17 Barset", None),
            vec![DateExpr::Day(d(2018, 8, 17))]
        );
    }

    #[test]
    fn month_first_range_with_one_year() {
        assert_eq!(
            values("carried out between June 30 and July 4, 2025.", None),
            vec![DateExpr::Range(d(2025, 6, 30), d(2025, 7, 4))]
        );
        assert_eq!(
            values("visited on June 3-7, 2019", None),
            vec![DateExpr::Range(d(2019, 6, 3), d(2019, 6, 7))]
        );
    }

    #[test]
    fn yearless_dates_take_the_year_before_the_document() {
        let doc = Some(d(2015, 11, 27));
        assert_eq!(
            values("Inspectors visited in September and October and", doc),
            vec![DateExpr::Month(2015, 9)]
        );
        assert_eq!(
            values("Inspectors visited in December.", doc),
            vec![DateExpr::Month(2014, 12)]
        );
        assert_eq!(
            values(
                "carried out in October and November last year",
                Some(d(2015, 1, 9))
            ),
            vec![DateExpr::Month(2014, 10)]
        );
        assert_eq!(
            values("visited between 10-14 June and rated", Some(d(2024, 7, 19))),
            vec![DateExpr::Range(d(2024, 6, 10), d(2024, 6, 14))]
        );
    }

    #[test]
    fn complete_dates_and_no_document_date_add_nothing() {
        assert_eq!(
            values("in March 2019", Some(d(2020, 1, 1))),
            vec![DateExpr::Month(2019, 3)]
        );
        assert!(values("in March", None).is_empty());
        assert!(values("it may be in may", Some(d(2020, 1, 1))).is_empty());
    }
}
