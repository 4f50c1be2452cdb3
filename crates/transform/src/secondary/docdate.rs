//! The date a committee paper or news article carries at its top: "Date of meeting ...",
//! "DATE 23rd June 2025", "Published: 3 May 2016", "Minutes of the … held on 5 March 2019",
//! or a dateline of its own near the top.
//!
//! A label counts only where it opens a line or a table cell (after a separator such as
//! "|" at most): "the letter was published on 2 April 2019" in running text is not the
//! document's date. For committee papers and minutes only heading positions count: the
//! labelled meeting date anywhere in the first part, other labels and bare datelines only
//! in the heading (the lines before the running text), so the date of a letter quoted in
//! minutes without a meeting date is never taken.

use super::when;
use crate::dates::DateExpr;
use crate::{Lazy, Spanned, re};
use chrono::NaiveDate;
use ofsted_model::doc::CleanDoc;
use ofsted_model::vocab::DocType;
use std::sync::LazyLock;

/// Labels before a document date: 1 the meeting's date, 2 publication, 3 a bare "Date".
/// Each must open a line or cell.
static DOC_DATE_LABEL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?im)(?:^|\t)[ \t|•·]*(?:(date\s+of\s+(?:the\s+)?meeting\b|meeting\s+date\b|meeting\s*:|(?:the\s+)?minutes\s+of\s+[^\n\t]{0,150}?\bheld\b[^\n\t]{0,60}?\bon\b)|(date\s+(?:of\s+)?publi(?:shed|cation)|published(?:\s+on)?|posted(?:\s+on)?|last\s+updated(?:\s+on)?)\b|(date)\b)\s*[:\-–]?[ \t]*",
    )
    .ok()
});

/// A weekday before a date ("Tuesday, 8 May 2025").
static WEEKDAY_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+").ok());

/// How far into a document its date is looked for (bytes).
const HEAD: usize = 4000;

/// The date `doc` carries at its top (see the module doc); `None` when no full day date is
/// in a position that counts.
pub fn document_date(doc: &CleanDoc, doc_type: DocType) -> Option<Spanned<NaiveDate>> {
    let text = doc.text.as_str();
    let head = text.get(..crate::floor_boundary(text, HEAD))?;
    let committee = doc_type == DocType::CommitteeReport;
    let heading_end = if committee {
        heading_end(head)
    } else {
        head.len()
    };
    if let Some(r) = re(&DOC_DATE_LABEL_RE) {
        for group in 1..=3 {
            for c in r.captures_iter(head) {
                let (Some(m), Some(g)) = (c.get(0), c.get(group)) else {
                    continue;
                };
                if group > 1 && g.start() >= heading_end {
                    continue;
                }
                if let Some(d) = day_after(head, m.end()) {
                    return Some(d);
                }
            }
        }
    }
    if !committee && let Some(d) = today_dated(head) {
        return Some(d);
    }
    dateline(head, heading_end)
}

/// "… published its report today (Friday 31 March, 2017)": a news story or press release
/// that dates its own "today" in the text.
static TODAY_RE: Lazy = LazyLock::new(|| crate::rx::new(r"(?i)\btoday\s*[(,]\s*").ok());

fn today_dated(head: &str) -> Option<Spanned<NaiveDate>> {
    let r = re(&TODAY_RE)?;
    r.find_iter(head).find_map(|m| day_after(head, m.end()))
}

/// A day date starting right at `from` (after an optional weekday).
fn day_after(head: &str, from: usize) -> Option<Spanned<NaiveDate>> {
    let to = crate::floor_boundary(head, from + 50).max(from);
    let window = head.get(from..to)?;
    let skip = re(&WEEKDAY_RE)
        .and_then(|r| r.find(window))
        .map_or(0, |m| m.end());
    let d = when::find(window.get(skip..)?).into_iter().next()?;
    if d.start > 2 {
        return None;
    }
    match d.value {
        DateExpr::Day(x) => Some(Spanned {
            value: x,
            start: from + skip + d.start,
            end: from + skip + d.end,
        }),
        _ => None,
    }
}

/// A short line near the top, before `limit`, that is a date with at most a byline or
/// publisher beside it ("Norfolk County Council, 13 January 2023 00:00").
fn dateline(head: &str, limit: usize) -> Option<Spanned<NaiveDate>> {
    let mut pos = 0;
    for line in head.split_inclusive('\n').take(30) {
        if pos >= limit {
            break;
        }
        let body = line.trim();
        if !body.is_empty() && body.len() <= 70 && !body.ends_with('.') {
            let lead = line.len() - line.trim_start().len();
            if let Some(d) = when::find(body).into_iter().next()
                && let DateExpr::Day(x) = d.value
                && body.len() - (d.end - d.start) <= 45
            {
                return Some(Spanned {
                    value: x,
                    start: pos + lead + d.start,
                    end: pos + lead + d.end,
                });
            }
        }
        pos += line.len();
    }
    None
}

/// Where a paper's heading ends: the start of its first line of running text (a long line,
/// or a sentence of eight words or more).
fn heading_end(head: &str) -> usize {
    let mut pos = 0;
    for line in head.split_inclusive('\n') {
        let body = line.trim();
        let words = body.split_whitespace().count();
        let sentence = words >= 8 && body.ends_with(['.', ':']) && !body.contains('\t');
        if body.len() > 150 || sentence {
            return pos;
        }
        pos += line.len();
    }
    head.len()
}

crate::rx::register!(DOC_DATE_LABEL_RE, WEEKDAY_RE, TODAY_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(t: &str, ty: DocType) -> Option<NaiveDate> {
        let doc = CleanDoc::from_text(t.to_owned());
        document_date(&doc, ty).map(|d| d.value)
    }

    fn ymd(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn meeting_dates() {
        let c = DocType::CommitteeReport;
        assert_eq!(
            d("Cabinet\nDate of meeting: Tuesday, 4 March 2019\n", c),
            ymd(2019, 3, 4)
        );
        assert_eq!(
            d(
                "Minutes of the Corporate Parenting Panel held at County Hall on 5 March 2019\n\nPresent: ...",
                c
            ),
            ymd(2019, 3, 5)
        );
        assert_eq!(
            d(
                "Issue - meetings\n\nMeeting: 23/01/2020 - Children and Families Scrutiny Panel (Item 25)\n",
                c
            ),
            ymd(2020, 1, 23)
        );
    }

    /// A press release that dates its own "today" in the text.
    #[test]
    fn a_news_story_dates_its_today() {
        let n = DocType::NewsArticle;
        let t = "Barset's services for children are good\n\nThe four-week inspection took place from 9 to 27 January 2017. Ofsted published its report today (Friday 24 March, 2017) and judged the services good.\n";
        assert_eq!(d(t, n), ymd(2017, 3, 24));
        // no year: no date
        let t = "Barset rated good\n\nOfsted has today (16 March) published Barset's new rating.\n";
        assert_eq!(d(t, n), None);
        // minutes keep their heading rule
        let t = "Agenda item\n\nMinutes:\n\nThe Director said the report was published today (Friday 24 March, 2017) and members welcomed it.\n";
        assert_eq!(d(t, DocType::CommitteeReport), None);
    }

    /// Minutes without a meeting date: the date of the letter they quote, or of its
    /// publication in running text, is not the document's date.
    #[test]
    fn minutes_without_a_meeting_date_take_no_quoted_date() {
        let c = DocType::CommitteeReport;
        let t = "Agenda item\n\nOfsted Focused Visit\n\nMinutes:\n\nThe Board considered the letter from Ofsted that followed the focused visit to children's services.\n\n12 March 2019\n\nDear Ms Smith\n\nDate: 12 March 2019\n\nThe letter confirming the outcome was published on 2nd April 2019.\n";
        assert_eq!(d(t, c), None);
        assert_eq!(
            d(
                "Ofsted praises Barset\n\nThe letter was published on 2 April 2019 by Ofsted.\n",
                DocType::NewsArticle
            ),
            None
        );
    }
}
