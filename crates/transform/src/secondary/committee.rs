//! The committee a council paper was written for, or whose minutes it is: "Report to:
//! Cabinet", "FOR SUBMISSION TO Scrutiny Committee", "Meeting: 23/01/2020 - Children and
//! Families Scrutiny Panel (Item 25)", "Minutes of the Corporate Parenting Panel held on
//! …", or a heading line that is the body's name ("Children and Young People Scrutiny
//! Committee").
//!
//! Only the paper's heading counts: the cells of its first lines, before the running text.
//! A committee named in the body ("the report will go to Cabinet in July") is not the
//! paper's committee. The name is kept as printed (without a leading "the", a trailing date
//! or item number) with its span.

use crate::{Lazy, Spanned, re};
use std::sync::LazyLock;

/// How many non-empty lines the heading may have, and how far into the text it may reach.
const HEAD_LINES: usize = 25;
const HEAD_BYTES: usize = 3000;

/// A labelled heading cell: "Report to: …", "Meeting: …", "Committee: …".
static LABEL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*(?:report\s+to|for\s+submission\s+to|submitted\s+to|name\s+of\s+(?:the\s+)?(?:committee|meeting|body)|decision[\s-]+(?:maker|taker)|meeting\s+of|committee|meeting|forum|board)\b\s*(?:[:\-–]\s*|\s)(?:the\s+)?",
    )
    .ok()
});

/// "Minutes of the … held on …", "Minutes of a meeting of the … held at …".
static MINUTES_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*(?:the\s+)?minutes\s+of\s+(?:the\s+|a\s+)?(?:(?:special\s+|extraordinary\s+)?(?:meeting|proceedings)\s+of\s+(?:the\s+)?)?(.+?)\s+(?:meeting\s+)?held\b",
    )
    .ok()
});

/// The noun that ends a committee's name.
static BODY_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:committee|sub-committee|panel|board|cabinet|forum|executive|assembly|commission|full\s+council)\s*$|^\s*council\s*$",
    )
    .ok()
});

/// Leading date and dash of a labelled value ("23/01/2020 - "), a trailing "(Item 25)",
/// date or time.
static LEAD_DATE_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"^\s*[0-9][0-9/.\-]*[0-9]\s*[-–]\s*").ok());
static TAIL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)(?:\s*\((?:item|agenda)[^)]*\)|\s*[,\-–]?\s*(?:on\s+|held\s+on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}.*|\s*[,\-–]\s*\d[0-9/.]*\d.*|\s+meeting)\s*$",
    )
    .ok()
});

/// Words a title-case heading may have in lower case.
const CONNECTORS: &[&str] = &["and", "of", "for", "the", "&", "on", "in", "with", "to"];

/// The committee of a committee report or minutes, read from its heading.
pub(crate) fn committee(text: &str) -> Option<Spanned<String>> {
    let head = text.get(..crate::floor_boundary(text, HEAD_BYTES))?;
    let cells = heading_cells(head);
    // labelled cells first, then minutes openings, then bare heading lines
    cells
        .iter()
        .find_map(|&(s, e)| labelled(head, s, e))
        .or_else(|| cells.iter().find_map(|&(s, e)| minutes(head, s, e)))
        .or_else(|| cells.iter().find_map(|&(s, e)| bare(head, s, e)))
}

/// Byte spans of the cells (tab-separated parts) of the heading's non-empty lines.
fn heading_cells(head: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut lines = 0;
    for line in head.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        lines += 1;
        if lines > HEAD_LINES {
            break;
        }
        let mut cs = start;
        for cell in body.split('\t') {
            if !cell.trim().is_empty() {
                out.push((cs, cs + cell.len()));
            }
            cs += cell.len() + 1;
        }
    }
    out
}

fn labelled(head: &str, s: usize, e: usize) -> Option<Spanned<String>> {
    let cell = head.get(s..e)?;
    let m = re(&LABEL_RE)?.find(cell)?;
    let mut from = s + m.end();
    if let Some(d) = head.get(from..e).and_then(|v| re(&LEAD_DATE_RE)?.find(v)) {
        from += d.end();
    }
    let value = head.get(from..e)?;
    // "Meeting date: …", "Committee report": a label, not a name
    if value.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "date" | "held" | "venue" | "report" | "item"
        )
    }) {
        return None;
    }
    name_at(head, from, e)
}

fn minutes(head: &str, s: usize, e: usize) -> Option<Spanned<String>> {
    let cell = head.get(s..e)?;
    let g = re(&MINUTES_RE)?.captures(cell)?.get(1)?;
    name_at(head, s + g.start(), s + g.end())
}

/// A heading line that is a committee's name: short, in title case, ending in a body noun.
fn bare(head: &str, s: usize, e: usize) -> Option<Spanned<String>> {
    let cell = head.get(s..e)?.trim();
    let words: Vec<&str> = cell.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || cell.ends_with('.') {
        return None;
    }
    let title_case = words.iter().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '\'' | '’' | ':'));
        w.is_empty()
            || CONNECTORS.contains(&w)
            || w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    if !title_case {
        return None;
    }
    name_at(head, s, e)
}

/// The trimmed name in `head[s..e]` when it ends in a body noun.
fn name_at(head: &str, s: usize, e: usize) -> Option<Spanned<String>> {
    let raw = head.get(s..e)?;
    let mut end = raw.len();
    if let Some(t) = re(&TAIL_RE).and_then(|r| r.find(raw)) {
        end = t.start();
    }
    let kept = raw.get(..end)?;
    let lead = kept.len() - kept.trim_start().len();
    let mut name = kept
        .trim()
        .trim_end_matches([',', ':', '-', '–'])
        .trim_end();
    let mut start = s + lead;
    if let Some(rest) = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
    {
        start += name.len() - rest.len();
        name = rest;
    }
    if name.is_empty() || name.len() > 120 || !re(&BODY_RE).is_some_and(|r| r.is_match(name)) {
        return None;
    }
    Some(Spanned {
        value: name.to_owned(),
        start,
        end: start + name.len(),
    })
}

crate::rx::register!(LABEL_RE, MINUTES_RE, BODY_RE, LEAD_DATE_RE, TAIL_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn c(t: &str) -> Option<String> {
        let got = committee(t)?;
        assert_eq!(t.get(got.start..got.end), Some(got.value.as_str()));
        Some(got.value)
    }

    #[test]
    fn labelled_headings() {
        assert_eq!(
            c("BARSET COUNCIL\tWARDS: ALL\nREPORT TITLE Ofsted\t\nFOR SUBMISSION TO Scrutiny Committee\tDATE 23rd June 2025\n").as_deref(),
            Some("Scrutiny Committee")
        );
        assert_eq!(
            c("Report to: Cabinet\nDate: 4 March 2019\n").as_deref(),
            Some("Cabinet")
        );
        assert_eq!(
            c("Issue - meetings\n\nMeeting: 23/01/2020 - Children and Families Scrutiny Panel (Item 25)\n").as_deref(),
            Some("Children and Families Scrutiny Panel")
        );
        assert_eq!(
            c("Report to the Corporate Parenting Panel on 8 May 2025\n").as_deref(),
            Some("Corporate Parenting Panel")
        );
    }

    #[test]
    fn minutes_and_bare_lines() {
        assert_eq!(
            c("Minutes of the Children's Services Scrutiny Sub-Committee held on 5 March 2019\n")
                .as_deref(),
            Some("Children's Services Scrutiny Sub-Committee")
        );
        assert_eq!(
            c("RUTLAND COUNTY COUNCIL\n\nAgenda Item 9\n\nChildren and Young People Scrutiny Panel\n\nDate of meeting: 8 May 2025\n").as_deref(),
            Some("Children and Young People Scrutiny Panel")
        );
        assert_eq!(
            c("Agenda and minutes\n\nChildren, Young People and Families Policy and Performance Board\nMonday 25 September 2017 10.00 am\n").as_deref(),
            Some("Children, Young People and Families Policy and Performance Board")
        );
    }

    #[test]
    fn no_committee() {
        for t in [
            "Barset children's services rated good\n\nOfsted has praised the council. The report will go to Cabinet.\n",
            "RUTLAND COUNTY COUNCIL\n\nMeeting date: 8 May 2025\n",
            "The Board noted the report.\n",
            "",
        ] {
            assert_eq!(c(t), None, "{t}");
        }
    }
}
