//! Page furniture: running headers and footers, page numbers, contents pages, footnotes.
//!
//! Works on the lines of each page before pages are joined, so it knows where each page
//! starts and ends.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One line of a page: its text (trimmed) and how many spaces it was indented by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// Text without leading and trailing whitespace; empty for a blank line.
    pub text: String,
    /// Leading spaces (a tab counts as one).
    pub indent: usize,
}

/// A page as lines.
pub(crate) type PageLines = Vec<Line>;

/// Splits normalised page text into lines.
pub(crate) fn split_lines(page: &str) -> PageLines {
    page.split('\n')
        .map(|l| {
            let trimmed_start = l.trim_start_matches([' ', '\t']);
            let indent = l.len() - trimmed_start.len();
            Line {
                text: trimmed_start.trim_end().to_owned(),
                indent,
            }
        })
        .collect()
}

/// What furniture removal found, for notes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct FurnitureReport {
    /// Running header/footer lines removed (all pages).
    pub running: usize,
    /// Page-number lines removed.
    pub page_numbers: usize,
    /// An example of a removed running line.
    pub example: Option<String>,
    /// Distinct removed running lines that carry a date (at most a few): a footer's dates
    /// can contradict the title page's, and transform reports such conflicts.
    pub dated: Vec<String>,
    /// Lines of contents pages removed.
    pub contents: usize,
    /// Footnote markers removed from the body text.
    pub footnote_markers: usize,
}

static PAGE_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:page\s+)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$").ok()
});

/// A day-month-year date, the kind a dated running footer carries.
static DATED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:19|20)\d\d\b",
    )
    .ok()
});

/// A running line without a trailing page number of one to three digits.
fn strip_page_number(s: &str) -> &str {
    let t = s.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = &t[..t.len() - digits];
    if (1..=3).contains(&digits) && head.ends_with(char::is_whitespace) {
        head.trim_end()
    } else {
        t
    }
}

/// Lines of the page's top or bottom zone (indices of the first and last `n` non-blank).
fn zone(lines: &PageLines, n: usize) -> Vec<usize> {
    let non_blank: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut z: Vec<usize> = non_blank.iter().take(n).copied().collect();
    for &i in non_blank.iter().rev().take(n) {
        if !z.contains(&i) {
            z.push(i);
        }
    }
    z
}

/// The key under which a line counts as "the same" on different pages: lower case, digits
/// as `#`, whitespace squeezed.
fn furniture_key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !k.is_empty() {
            k.push(' ');
        }
        space = false;
        if c.is_ascii_digit() {
            if !k.ends_with('#') {
                k.push('#');
            }
        } else {
            k.extend(c.to_lowercase());
        }
    }
    k
}

/// Indices of the first `n` non-blank lines of a page.
fn first_lines(lines: &PageLines, n: usize) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.is_empty())
        .map(|(i, _)| i)
        .take(n)
        .collect()
}

/// Whether a line at the top of the first page may be the document's title: several
/// words and no digits (a running header carries a date or page number; a title that
/// recurs as the running header or footer of later pages is still the title).
fn may_be_title(s: &str) -> bool {
    s.split_whitespace().count() >= 3 && !s.chars().any(|c| c.is_ascii_digit())
}

/// Removes running headers/footers: lines in the top/bottom zone recurring (digits aside)
/// on at least half the pages. The first page's first lines are kept when they may be the
/// title ([`may_be_title`]).
pub(crate) fn remove_running_lines(pages: &mut [PageLines], report: &mut FurnitureReport) {
    const ZONE: usize = 5;
    let n_pages = pages.len();
    if n_pages >= 3 {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for page in pages.iter() {
            let mut seen: Vec<String> = zone(page, ZONE)
                .into_iter()
                .filter_map(|i| page.get(i))
                .map(|l| furniture_key(&l.text))
                .filter(|k| {
                    k.chars()
                        .filter(|c| c.is_alphanumeric() || *c == '#')
                        .count()
                        >= 2
                })
                .collect();
            seen.sort();
            seen.dedup();
            for k in seen {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
        let need = (n_pages / 2).max(3);
        for (p, page) in pages.iter_mut().enumerate() {
            let title_zone = if p == 0 {
                first_lines(page, 3)
            } else {
                Vec::new()
            };
            for i in zone(page, ZONE) {
                let Some(line) = page.get_mut(i) else {
                    continue;
                };
                if title_zone.contains(&i) && may_be_title(&line.text) {
                    continue;
                }
                let k = furniture_key(&line.text);
                if counts.get(&k).is_some_and(|&c| c >= need) {
                    if report.example.is_none() {
                        report.example = Some(line.text.clone());
                    }
                    // the same footer on every page differs only by its page number
                    let bare = strip_page_number(&line.text);
                    if report.dated.len() < 4
                        && !report.dated.iter().any(|d| d == bare)
                        && DATED.as_ref().is_some_and(|re| re.is_match(bare))
                    {
                        report.dated.push(bare.to_owned());
                    }
                    report.running += 1;
                    line.text.clear();
                }
            }
        }
    }
}

/// Whether a line is a bare page number ("12", "Page 3 of 12", "- 4 -").
fn is_page_number(s: &str) -> bool {
    PAGE_NUMBER.as_ref().is_some_and(|re| re.is_match(s))
}

/// Removes page numbers at the top or bottom of pages.
pub(crate) fn remove_page_numbers(pages: &mut [PageLines], report: &mut FurnitureReport) {
    let n_pages = pages.len();
    if n_pages >= 2
        && let Some(re) = PAGE_NUMBER.as_ref()
    {
        for page in pages.iter_mut() {
            for i in zone(page, 3) {
                let Some(line) = page.get_mut(i) else {
                    continue;
                };
                if re.is_match(&line.text) {
                    report.page_numbers += 1;
                    line.text.clear();
                }
            }
        }
    }
}

static CONTENTS_HEAD: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)^(?:table of\s+)?contents(?:\s+page)?:?$").ok());
static CONTENTS_ENTRY: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"^\S.*?(?:\s|\.{2,}|…)\s*\d{1,3}$").ok());

/// Removes a contents list: a "Contents" line followed by at least three entries that end
/// in a page number (an entry may wrap onto a second line).
pub(crate) fn remove_contents(pages: &mut [PageLines], report: &mut FurnitureReport) {
    let (Some(head), Some(entry)) = (CONTENTS_HEAD.as_ref(), CONTENTS_ENTRY.as_ref()) else {
        return;
    };
    for page in pages.iter_mut() {
        let Some(start) = page.iter().position(|l| head.is_match(&l.text)) else {
            continue;
        };
        // entries end in a page number; a few (sub-)entries may have none; the list
        // stops at running text (a long line or one ending a sentence)
        let mut entries = 0usize;
        let mut others = 0usize;
        let mut end = start + 1;
        let mut unmatched_since = 0usize;
        for (i, l) in page.iter().enumerate().skip(start + 1) {
            let t = l.text.as_str();
            if t.is_empty() {
                continue;
            }
            if entry.is_match(t) {
                entries += 1;
                others += unmatched_since;
                unmatched_since = 0;
                end = i + 1;
                continue;
            }
            if t.chars().count() >= 90 || t.ends_with(['.', '!', '?', ';']) {
                break;
            }
            unmatched_since += 1;
        }
        if entries >= 3 && entries >= others {
            for l in page.iter_mut().take(end).skip(start) {
                if !l.text.is_empty() {
                    report.contents += 1;
                    l.text.clear();
                }
            }
        }
    }
}

static FOOTNOTE_TEXT: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"^(\d{1,2}) ([A-Z‘“'\x22(].{8,})$").ok());

/// Footnotes of one page: texts moved out of the page, markers removed from the body.
///
/// A footnote is a run of lines at the bottom of a page whose first line is "N Text" with a
/// marker N earlier on the same page: a bare "N" line, or N glued to the end of a word
/// ("board1", "protection.2"). Returns the footnote texts (joined lines) in page order.
pub(crate) fn take_footnotes(page: &mut PageLines, report: &mut FurnitureReport) -> Vec<String> {
    let Some(re) = FOOTNOTE_TEXT.as_ref() else {
        return Vec::new();
    };
    let non_blank: Vec<usize> = page
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.is_empty())
        .map(|(i, _)| i)
        .collect();
    // footnotes live in the last lines of the page: scan the bottom 12 non-blank lines
    let lowest = non_blank.len().saturating_sub(12);
    let mut starts: Vec<(usize, String)> = Vec::new();
    for &i in non_blank.iter().skip(lowest) {
        let Some(line) = page.get(i) else { continue };
        if let Some(c) = re.captures(&line.text) {
            let n = c.get(1).map_or("", |m| m.as_str()).to_owned();
            starts.push((i, n));
        }
    }
    // keep footnote numbers that have a marker above the first footnote line
    let Some(&(first, _)) = starts.first() else {
        return Vec::new();
    };
    let mut found: Vec<(usize, String, Marker)> = Vec::new();
    for (i, n) in &starts {
        let marker = find_marker(page, first, n);
        found.push((*i, n.clone(), marker));
    }
    if found.iter().all(|(_, _, m)| m.is_none()) {
        return Vec::new();
    }
    // footnote run: from the first footnote with a marker to the end of the page
    let Some(run_start) = found
        .iter()
        .find(|(_, _, m)| m.is_some())
        .map(|(i, _, _)| *i)
    else {
        return Vec::new();
    };
    // every non-blank line from run_start on must be either a footnote start or short-ish
    // continuation; otherwise this is body text, not a footnote block
    let mut notes: Vec<String> = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    for idx in run_start..page.len() {
        let Some(line) = page.get(idx) else { continue };
        if line.text.is_empty() || is_page_number(&line.text) {
            continue;
        }
        taken.push(idx);
        let is_start = found.iter().any(|(i, _, _)| *i == idx);
        if is_start || notes.is_empty() {
            notes.push(line.text.clone());
        } else if let Some(last) = notes.last_mut() {
            join_wrapped(last, &line.text);
        }
    }
    for idx in taken {
        if let Some(line) = page.get_mut(idx) {
            line.text.clear();
        }
    }
    for (_, n, marker) in &found {
        if let Some((li, kind)) = marker
            && let Some(line) = page.get_mut(*li)
        {
            match kind {
                MarkerKind::Alone => line.text.clear(),
                MarkerKind::Glued(at) => {
                    if line.text.get(*at..*at + n.len()) == Some(n.as_str()) {
                        line.text.replace_range(*at..*at + n.len(), "");
                    }
                }
            }
            report.footnote_markers += 1;
        }
    }
    notes
}

/// Where a footnote's marker is: (line index, kind), if found.
type Marker = Option<(usize, MarkerKind)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    /// The number alone on its line.
    Alone,
    /// The number glued to a word at this byte offset.
    Glued(usize),
}

/// Where footnote marker `n` sits above line `before`: the last bare "n" line, or the last
/// "wordN" / "word.N" occurrence not followed by another digit.
fn find_marker(page: &PageLines, before: usize, n: &str) -> Marker {
    for i in (0..before).rev() {
        let t = page.get(i).map_or("", |l| l.text.as_str());
        if t == n {
            return Some((i, MarkerKind::Alone));
        }
        let mut search = 0;
        let mut last = None;
        while let Some(p) = t.get(search..).and_then(|s| s.find(n)).map(|p| p + search) {
            search = p + n.len();
            let prev = t.get(..p).and_then(|s| s.chars().next_back());
            let next = t.get(p + n.len()..).and_then(|s| s.chars().next());
            let glued_prev = prev.is_some_and(|c| {
                c.is_alphabetic() || matches!(c, '.' | ',' | ')' | '’' | '”' | ';' | ':')
            });
            let ends =
                next.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')'));
            let prev_word_alpha = t
                .get(..p)
                .and_then(|s| s.split_whitespace().next_back())
                .is_some_and(|w| {
                    w.chars().any(|c| c.is_alphabetic())
                        && w.chars().filter(char::is_ascii_digit).count() == 0
                });
            if glued_prev && ends && prev_word_alpha {
                last = Some(p);
            }
        }
        if let Some(p) = last {
            return Some((i, MarkerKind::Glued(p)));
        }
    }
    None
}

/// Appends a wrapped line to `acc` (keeping a line-end hyphen, no space after it).
pub(crate) fn join_wrapped(acc: &mut String, next: &str) {
    let hyphen = acc.ends_with('-')
        && acc.chars().rev().nth(1).is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_alphabetic);
    if !hyphen && !acc.is_empty() {
        acc.push(' ');
    }
    acc.push_str(next);
}

crate::rx::register!(
    PAGE_NUMBER,
    DATED,
    CONTENTS_HEAD,
    CONTENTS_ENTRY,
    FOOTNOTE_TEXT
);

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> PageLines {
        split_lines(s)
    }

    fn texts(p: &PageLines) -> Vec<&str> {
        p.iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn running_footer_and_page_numbers_are_removed() {
        let bodies = ["Alpha text.", "Beta text.", "Gamma text.", "Delta text."];
        let mut pages: Vec<PageLines> = (1..=4)
            .map(|i| {
                page(&format!(
                    "Inspection of X local authority children's services\n13 to 17 November 2023  {i}\n\n{}\n\n{i}",
                    bodies[i - 1]
                ))
            })
            .collect();
        let mut r = FurnitureReport::default();
        remove_running_lines(&mut pages, &mut r);
        remove_page_numbers(&mut pages, &mut r);
        // the first page keeps its first line: it may be the title
        assert_eq!(
            texts(&pages[0]),
            vec![
                "Inspection of X local authority children's services",
                bodies[0]
            ]
        );
        for (i, p) in pages.iter().enumerate().skip(1) {
            assert_eq!(texts(p), vec![bodies[i]]);
        }
        assert_eq!(r.running, 7);
        assert_eq!(r.page_numbers, 4);
    }

    /// A 2022 ILACS report printed its title as the running header of every later page:
    /// the title on page 1 stays, the headers go.
    #[test]
    fn title_that_is_also_the_running_header_stays() {
        let title = "Inspection of Anytown local authority children’s services";
        let mut pages: Vec<PageLines> = vec![page(&format!(
            "{title}\nInspection dates: 4 to 15 July 2022\nLead inspector: A Person, His Majesty’s Inspector\n\nBody one."
        ))];
        for i in 2..=5 {
            pages.push(page(&format!("{title}\n\nBody {i}.\n\nInspection of Anytown local authority children’s services\n4 to 15 July 2022 {i}")));
        }
        let mut r = FurnitureReport::default();
        remove_running_lines(&mut pages, &mut r);
        assert_eq!(texts(&pages[0])[0], title);
        for p in pages.iter().skip(1) {
            assert!(!texts(p).contains(&title), "{:?}", texts(p));
        }
        // a running header with a page number is furniture even on page 1
        assert!(!may_be_title("Anytown report page 1"));
        assert!(!may_be_title("OFFICIAL"));
    }

    #[test]
    fn key_squeezes_digits_and_space() {
        assert_eq!(furniture_key(" Page 12  of 3 "), "page # of #");
    }

    #[test]
    fn contents_list_is_removed() {
        let mut pages = vec![page(
            "Contents\nThe local authority  3\nSummary of findings  3\nOverall effectiveness of services for looked\nafter children  4\nWhat the inspection judgements mean  47\n\nIntroduction\nBody.",
        )];
        let mut r = FurnitureReport::default();
        remove_contents(&mut pages, &mut r);
        assert_eq!(texts(&pages[0]), vec!["Introduction", "Body."]);
        assert_eq!(r.contents, 6);
    }

    #[test]
    fn footnotes_and_markers() {
        let mut p = page(
            "Review of the effectiveness of the local safeguarding children\nboard\n1\n\nIt is our expectation that all children receive help.2\n\n1 Ofsted produces this report under its power to combine reports in\naccordance with section 152.\n2 A full description of what the judgements mean is at the end.",
        );
        let mut r = FurnitureReport::default();
        let notes = take_footnotes(&mut p, &mut r);
        assert_eq!(
            texts(&p),
            vec![
                "Review of the effectiveness of the local safeguarding children",
                "board",
                "It is our expectation that all children receive help."
            ]
        );
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("1 Ofsted produces") && notes[0].ends_with("section 152."));
        assert_eq!(r.footnote_markers, 2);
    }

    #[test]
    fn numbered_paragraph_is_not_a_footnote() {
        let mut p =
            page("Some text with 2 children.\n\n2 Children are seen regularly by social workers.");
        let mut r = FurnitureReport::default();
        assert!(take_footnotes(&mut p, &mut r).is_empty());
        assert_eq!(texts(&p).len(), 2);
    }

    #[test]
    fn hyphen_join_keeps_compound() {
        let mut a = "multi-".to_owned();
        join_wrapped(&mut a, "agency");
        assert_eq!(a, "multi-agency");
        let mut b = "2014 -".to_owned();
        join_wrapped(&mut b, "2015");
        assert_eq!(b, "2014 - 2015");
    }
}

#[cfg(test)]
mod dated_footer_tests {
    use super::strip_page_number;

    #[test]
    fn page_numbers_are_stripped_but_years_kept() {
        assert_eq!(
            strip_page_number("6 to 12 December 2024  2"),
            "6 to 12 December 2024"
        );
        assert_eq!(
            strip_page_number("6 to 12 December 2024"),
            "6 to 12 December 2024"
        );
        assert_eq!(strip_page_number("Report 12"), "Report");
        assert_eq!(strip_page_number("12"), "12");
    }
}

#[cfg(test)]
mod dated_footer_note_tests {
    use crate::{ExtractOptions, clean_pages};

    #[test]
    fn a_dated_running_footer_is_quoted_in_a_note() {
        // Regression (real 2024-25 reports): footers gave other dates than the title page.
        let pages: Vec<String> = (1..=6)
            .map(|p| {
                format!(
                    "Body text of page {p} goes on here and ends.\n\nMore text on this page.\n\nInspection of Gateshead local authority children's services\n6 to 12 December 2024  {p}\n"
                )
            })
            .collect();
        let doc = clean_pages(&pages, &ExtractOptions::default());
        let note = doc.notes.iter().find(|n| n.code == "page_furniture_dates");
        assert!(
            note.is_some_and(|n| n.message.contains("\"6 to 12 December 2024\"")),
            "{:?}",
            doc.notes
        );
        assert!(!doc.text.contains("6 to 12 December"));
        // and kept, typed, for the readers that date a report by its footer
        assert!(
            doc.removed_furniture
                .iter()
                .any(|l| l == "6 to 12 December 2024"),
            "{:?}",
            doc.removed_furniture
        );
    }
}
