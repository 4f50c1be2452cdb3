//! Findings lists: what needs to improve, recommendations, strengths, areas for development.
//! (Owner: reports helper.)
//!
//! A list starts at a heading line ("What needs to improve?", "What does the local
//! authority need to improve?", "Areas for improvement", "Recommendations", "Strengths",
//! "Areas for development", "The service meets the requirements of statutory guidance in
//! the following areas") and runs over numbered paragraphs or bullets. Items are the
//! numbered paragraphs when the list is numbered (bullets inside them are sub-points and
//! are merged), else the bullets (a numbered introduction such as "In order to improve
//! ... the local authority should take the following action" is dropped). Subheadings
//! ("Priority and immediate action", "Areas for improvement", "Immediately:", "Within
//! three months:", topic subheadings between numbered items) don't end the list; any other
//! heading or plain paragraph does. Only the first improvement/recommendations list of a
//! report is its own (an LSCB's later list is not); letters' lists are all kept. How
//! letters print their lists otherwise (paragraphs, topic subheadings, page furniture,
//! agency headings) is read by [`letter`].

mod letter;

use crate::Finding;
use crate::report::text::{Line, lines};
use crate::report::{OwnKind, own_kind};
use crate::squash;
use ofsted_model::doc::CleanDoc;
use ofsted_model::vocab::FindingKind;
use regex::Regex;
use std::sync::LazyLock;

static HEADINGS: LazyLock<Vec<(FindingKind, Regex)>> = LazyLock::new(|| {
    [
        (
            FindingKind::Improvement,
            r"(?i)^(?:what\s+needs\s+to\s+improve(?:\s+in\s+this\s+area\s+of\s+(?:social\s+work\s+)?practice)?|what\s+does\s+the\s+local\s+authority\s+need\s+to\s+improve|what\s+the\s+local\s+authority\s+needs\s+to\s+improve|areas\s+for\s+improvement)\s*[?:.]?\s*\d{0,2}\s*$",
        ),
        (
            FindingKind::PriorityAction,
            r"(?i)^areas?\s+for\s+priority\s+action\s*[?:.]?\s*\d{0,2}\s*$",
        ),
        (FindingKind::Recommendation, r"(?i)^recommendations\s*:?\s*$"),
        (FindingKind::Strength, r"(?i)^(?:key\s+)?strengths\s*:?\s*$"),
        (
            FindingKind::AreaForDevelopment,
            r"(?i)^areas?\s+for\s+development\s*:?\s*$",
        ),
        (
            FindingKind::MeetsRequirements,
            r"(?i)^the\s+service\s+meets\s+the\s+requirements\s+of\s+statutory\s+guidance\b.*$",
        ),
    ]
    .into_iter()
    .filter_map(|(k, p)| crate::rx::new(p).ok().map(|r| (k, r)))
    .collect()
});

/// Subheadings that may sit inside a list without ending it.
static SUBHEADING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:priority\s+and\s+immediate\s+actions?|areas\s+for\s+(?:priority\s+)?(?:improvement|action)|immediately|within\s+(?:the\s+next\s+)?\w+\s+(?:months?|weeks?)|in\s+the\s+(?:longer|medium|short)\s+term|longer\s+term)\s*[:.]?\s*$").ok()
});

/// Headings that always end a list (the start of another part of the report).
static STOP_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)strength|summary|information\s+about|judgement|section\s+\d|experiences\s+and\s+progress|effectiveness|safeguarding\s+children\s+board|\blscb\b|contents|annex|record\s+of\s+main|outcomes\s+for|what\s+the\s+inspection|the\s+impact\s+of\s+leaders|yours\s+(?:sincerely|faithfully)").ok()
});

/// Headings of letters that always end a list ("Case study: area for improvement").
static LIST_END_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)^(?:case\s+study\b|next\s+steps\s*$)").ok());

/// "12. Text", and the forms letters use for short lists: "1) Text", "(1) Text".
static NUMBERED_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"^(?:(\d{1,3})[.)]|\((\d{1,3})\))\s+(\S.*)$").ok());

static BULLET_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"^([•◼▪●■◦○\-–—*\u{f0b7}\u{f0a7}\u{f06e}\u{f02d}\u{f0be}\u{f0d8}\u{f076}\u{25aa}\u{25cf}\u{2212}\u{2043}\u{2023}\u{2219}])\s*(\S.*)$").ok()
});

static INTRO_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)following\s+actions?|should\s+take\s+the\s+following|take\s+the\s+following",
    )
    .ok()
});

/// Words a sentence cannot end on: a bullet after one continues the item (page break).
const OPEN_ENDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "at", "by", "from",
    "between", "that", "which", "as", "is", "are", "be", "their", "its", "this", "these",
];

#[derive(Debug, Clone)]
enum EntryKind {
    Numbered,
    Bullet(char),
}

#[derive(Debug, Clone)]
struct Entry {
    kind: EntryKind,
    /// Text pieces (first piece without its marker).
    pieces: Vec<String>,
    start: usize,
    end: usize,
    /// Bullet entries merged into this one as sub-points.
    has_sub: bool,
    /// A numbered introduction to a bulleted list, not an item.
    intro: bool,
}

impl Entry {
    /// A new item of one piece spanning `start..end` (no sub-points, not an introduction).
    fn new(kind: EntryKind, piece: &str, start: usize, end: usize) -> Self {
        Entry {
            kind,
            pieces: vec![piece.to_owned()],
            start,
            end,
            has_sub: false,
            intro: false,
        }
    }

    fn text(&self) -> String {
        join_pieces(&self.pieces)
    }
}

/// Joins wrapped pieces with a space, keeping a line-end hyphen glued ("multi-" + "agency").
fn join_pieces(pieces: &[String]) -> String {
    let mut out = String::new();
    for p in pieces {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let glue = out.is_empty()
            || (out.ends_with('-') && p.chars().next().is_some_and(|c| c.is_lowercase()));
        if !glue {
            out.push(' ');
        }
        out.push_str(p);
    }
    squash(&out)
}

/// A letter heading that ends a list, also when the PDF's box glyph before it was read as
/// a bullet ("- Case study: area for improvement").
fn ends_list(t: &str) -> bool {
    let bare = BULLET_RE
        .as_ref()
        .and_then(|re| re.captures(t))
        .and_then(|c| c.get(2))
        .map_or(t, |b| b.as_str());
    LIST_END_RE
        .as_ref()
        .is_some_and(|re| re.is_match(t) || re.is_match(bare))
}

fn heading_kind(t: &str) -> Option<FindingKind> {
    HEADINGS
        .iter()
        .find(|(_, re)| re.is_match(t))
        .map(|(k, _)| *k)
}

fn is_subheading(t: &str) -> bool {
    SUBHEADING_RE.as_ref().is_some_and(|re| re.is_match(t))
}

fn looks_like_heading(t: &str) -> bool {
    let words = t.split_whitespace().count();
    words <= 12
        && !t.ends_with(['.', ';', ','])
        && t.chars().next().is_some_and(|c| c.is_uppercase())
}

fn ends_open(t: &str) -> bool {
    let last = t
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    OPEN_ENDS.contains(&last.as_str()) || t.trim_end().ends_with(['-', ','])
}

/// What kind of document a findings list is read from.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    kind: OwnKind,
    area_send: bool,
}

impl Ctx {
    fn letter(self) -> bool {
        self.kind == OwnKind::Letter
    }

    /// Whether a list of kind `k` is read here, `have_improvement` telling whether the
    /// document's improvement list was read already.
    fn reads(self, k: FindingKind, have_improvement: bool) -> bool {
        let own_list = is_own_list(k);
        if k == FindingKind::PriorityAction && self.kind == OwnKind::Report && !self.area_send {
            // reports print priority actions inside their recommendations list
            return false;
        }
        if own_list && have_improvement && !self.letter() {
            // a report's later list is another body's (LSCB)
            return false;
        }
        let send_priorities = self.area_send && k == FindingKind::PriorityAction;
        // strengths etc. are read from letters only
        own_list || self.letter() || send_priorities
    }
}

fn is_own_list(k: FindingKind) -> bool {
    matches!(k, FindingKind::Improvement | FindingKind::Recommendation)
}

/// Every findings-list item in `doc`, in text order (`mention` left `None`; the caller
/// attaches it to the document's own inspection).
pub fn find_findings(doc: &CleanDoc) -> Vec<Finding> {
    let text = doc.text.as_str();
    let Some(kind) = own_kind(text) else {
        return Vec::new();
    };
    let ls = lines(text);
    let ctx = Ctx {
        kind,
        area_send: crate::report::is_area_send(text),
    };
    let mut out: Vec<Finding> = Vec::new();
    let mut have_improvement = false;
    let mut i = 0;
    while i < ls.len() {
        let Some((k, printed, last)) = heading_at(&ls, i, ctx) else {
            i += 1;
            continue;
        };
        if !ctx.reads(k, have_improvement) {
            i = last + 1;
            continue;
        }
        let (entries, next) = read_section(&ls, last + 1, k, ctx);
        if !entries.is_empty() {
            have_improvement |= is_own_list(k);
            let heading = heading_text(&printed);
            for e in entries {
                let text = e.text();
                if ctx.letter() && out.iter().any(|f| f.kind == k && f.text == text) {
                    // a letter that prints the same point twice
                    continue;
                }
                out.push(Finding {
                    kind: k,
                    heading: Some(heading.clone()),
                    text,
                    mention: None,
                    start: e.start,
                    end: e.end,
                });
            }
        }
        i = next.max(last + 1);
    }
    out
}

/// The findings heading at line `i`: its kind, the heading as printed and its last line.
fn heading_at(ls: &[Line<'_>], i: usize, ctx: Ctx) -> Option<(FindingKind, String, usize)> {
    if ctx.letter() {
        return letter::heading_at(ls, i);
    }
    let t = ls.get(i)?.text;
    heading_kind(t).map(|k| (k, t.to_owned(), i))
}

/// The items of the list of kind `k` whose heading ends before line `from`.
fn read_section(ls: &[Line<'_>], from: usize, k: FindingKind, ctx: Ctx) -> (Vec<Entry>, usize) {
    if ctx.area_send && k == FindingKind::PriorityAction {
        return read_send_priorities(ls, from);
    }
    let improvement = matches!(k, FindingKind::Improvement | FindingKind::PriorityAction);
    if ctx.letter()
        && improvement
        && let Some(found) = letter::paragraph_list(ls, from)
    {
        return found;
    }
    read_list(ls, from, k, ctx.area_send, ctx.letter())
}

/// A list heading as printed, without a footnote marker glued to its end ("What needs to
/// improve?1", reformed ILACS 2026).
fn heading_text(t: &str) -> String {
    let bare = t.trim_end().trim_end_matches(|c: char| c.is_ascii_digit());
    if bare.len() < t.trim_end().len() && bare.ends_with(['?', ':', '.']) {
        squash(bare)
    } else {
        squash(t)
    }
}

/// Whether a plain paragraph may be an item of a list printed as plain paragraphs (Area
/// SEND "Areas for improvement"): prose that ends a sentence, not a heading or table row.
fn is_paragraph_item(t: &str) -> bool {
    let t = t.trim_end();
    !t.contains('\t')
        && (t.ends_with(':') && t.split_whitespace().count() >= 3
            || !looks_like_heading(t) && t.ends_with(['.', ')', '”', '’']))
}

/// Area SEND "Areas for priority action": a table of "Responsible body" and the action,
/// read as lines: the body's cell (lines that end no sentence: "Suffolk County",
/// "Council, NHS Suffolk ... ICB") separates the actions; an action runs over paragraphs
/// and bullets, joined. Without body cells, the list is read as plain paragraphs.
fn read_send_priorities(ls: &[Line<'_>], from: usize) -> (Vec<Entry>, usize) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut open = false;
    let mut bodies = 0;
    let mut i = from;
    while let Some(l) = ls.get(i).filter(|_| i < from + 80) {
        let t = l.text.trim();
        let low = t.to_lowercase();
        if heading_kind(t).is_some() || low.starts_with("local area partnership details") {
            break;
        }
        i += 1;
        if t.is_empty() || low.starts_with("responsible body") {
            continue;
        }
        let bullet = BULLET_RE.as_ref().and_then(|re| re.captures(t));
        let piece = bullet
            .as_ref()
            .and_then(|c| c.get(2))
            .map_or(t, |b| b.as_str());
        if bullet.is_none() && !t.ends_with(['.', ':', ';', '!', '?', ')', '”', '’']) {
            bodies += 1;
            open = false;
            continue;
        }
        match entries.last_mut() {
            Some(e) if open => {
                e.pieces.push(piece.to_owned());
                e.end = l.end;
            }
            _ => entries.push(Entry::new(
                EntryKind::Bullet('\0'),
                piece,
                l.start + (l.text.len() - l.text.trim_start().len()),
                l.end,
            )),
        }
        open = true;
    }
    if bodies == 0 {
        return read_list(ls, from, FindingKind::PriorityAction, true, false);
    }
    (entries, i)
}

/// Reads the list starting at line `from`; returns its items and the index of the line
/// after it. With `paragraph_items`, plain paragraphs are items too (Area SEND reports
/// print their areas for improvement that way). In a `letter`, page furniture is skipped,
/// the letter's sections end the list and topic subheadings between bullets do not
/// ([`letter`]).
fn read_list(
    ls: &[Line<'_>],
    from: usize,
    kind: FindingKind,
    paragraph_items: bool,
    in_letter: bool,
) -> (Vec<Entry>, usize) {
    let mut st = ListState {
        kind,
        paragraph_items,
        in_letter,
        from,
        entries: Vec::new(),
        after_blank: true,
        last_num: None,
        seen_bullet: false,
    };
    let mut i = from;
    while let Some(l) = ls.get(i) {
        match st.line(ls, i, l) {
            Step::Next => i += 1,
            Step::SkipParagraph => {
                i += 1;
                while ls.get(i).is_some_and(|n| !n.is_blank()) {
                    i += 1;
                }
            }
            Step::End => break,
        }
    }
    (shape(st.entries), i)
}

/// What a line does to the list being read.
enum Step {
    /// Go on with the next line.
    Next,
    /// Skip the rest of this paragraph (an introduction before the first item).
    SkipParagraph,
    /// The list ended before this line.
    End,
}

/// [`read_list`]'s state between lines.
struct ListState {
    kind: FindingKind,
    paragraph_items: bool,
    in_letter: bool,
    /// The list's first line.
    from: usize,
    entries: Vec<Entry>,
    after_blank: bool,
    last_num: Option<u32>,
    seen_bullet: bool,
}

impl ListState {
    /// Reads line `i` (`l`).
    fn line(&mut self, ls: &[Line<'_>], i: usize, l: &Line<'_>) -> Step {
        if l.is_blank() {
            self.after_blank = true;
            return Step::Next;
        }
        let t = l.text;
        if self.in_letter && letter::is_furniture(t) {
            return Step::Next;
        }
        if ends_list(t) || self.in_letter && letter::is_section(t) {
            return Step::End;
        }
        let other = heading_kind(t);
        if other.is_some() && !is_subheading(t) || splits_priority(self.kind, other) {
            // another list starts (letters), or the report's next list
            return Step::End;
        }
        if is_subheading(t) {
            self.after_blank = true;
            return Step::Next;
        }
        if let Some((n, body)) = numbered(t)
            && self.last_num.is_none_or(|p| n > p && n <= p + 3)
        {
            return self.numbered_line(l, n, body);
        }
        if let Some(c) = BULLET_RE.as_ref().and_then(|re| re.captures(t))
            && let (Some(b), Some(body)) = (c.get(1), c.get(2))
        {
            let bch = b.as_str().chars().next().unwrap_or('-');
            self.bullet_line(l, bch, body);
            return Step::Next;
        }
        self.plain_line(ls, i, l)
    }

    /// A numbered item ("12. Text").
    fn numbered_line(&mut self, l: &Line<'_>, n: u32, body: regex::Match<'_>) -> Step {
        if self.seen_bullet && self.last_num.is_none() {
            // numbered paragraphs after a bulleted list: the report goes on
            return Step::End;
        }
        self.last_num = Some(n);
        self.entries.push(Entry::new(
            EntryKind::Numbered,
            body.as_str(),
            l.start + body.start(),
            l.end,
        ));
        self.after_blank = false;
        Step::Next
    }

    /// A bullet: a new item, or a sub-point or continuation merged into the previous one.
    fn bullet_line(&mut self, l: &Line<'_>, bch: char, body: regex::Match<'_>) {
        let body_t = body.as_str();
        let lower = body_t.chars().next().is_some_and(|c| c.is_lowercase());
        if let [only] = self.entries.as_mut_slice()
            && matches!(only.kind, EntryKind::Numbered)
            && only.pieces.len() == 1
            && INTRO_RE
                .as_ref()
                .is_some_and(|re| re.is_match(&only.text()))
        {
            only.intro = true;
        }
        let merge = match self.entries.last() {
            Some(prev) if prev.intro => false,
            Some(prev) => match prev.kind {
                EntryKind::Numbered => true,
                EntryKind::Bullet(pc) => {
                    // the glyph is kept for debugging; every glyph merges alike
                    let _ = pc;
                    let prev_text = prev.pieces.last().map(String::as_str).unwrap_or("");
                    lower
                        && (prev_text.trim_end().ends_with(':')
                            || prev.has_sub
                            || ends_open(prev_text))
                }
            },
            None => false,
        };
        self.seen_bullet = true;
        self.after_blank = false;
        if merge && let Some(prev) = self.entries.last_mut() {
            prev.pieces.push(body_t.to_owned());
            prev.end = l.end;
            if bch != '\0' {
                let prev_ends_colon = prev
                    .pieces
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|p| p.trim_end().ends_with(':'));
                prev.has_sub = prev.has_sub || prev_ends_colon;
            }
            return;
        }
        self.entries.push(Entry::new(
            EntryKind::Bullet(bch),
            body_t,
            l.start + body.start(),
            l.end,
        ));
    }

    /// A plain line: a wrapped piece of the previous item, an item of a list printed as
    /// paragraphs, an introduction before the first item, a subheading, or the list's end.
    fn plain_line(&mut self, ls: &[Line<'_>], i: usize, l: &Line<'_>) -> Step {
        let t = l.text;
        let lower = t.chars().next().is_some_and(|c| c.is_lowercase());
        let after_blank = self.after_blank;
        if let Some(prev) = self.entries.last_mut()
            && (!after_blank
                || lower
                || ends_open(prev.pieces.last().map(String::as_str).unwrap_or("")))
        {
            prev.pieces.push(t.to_owned());
            prev.end = l.end;
            self.after_blank = false;
            return Step::Next;
        }
        let letter_list = matches!(
            self.kind,
            FindingKind::Strength
                | FindingKind::MeetsRequirements
                | FindingKind::AreaForDevelopment
        );
        let first_point = self.entries.is_empty() && letter_list && !looks_like_heading(t);
        if self.paragraph_items && is_paragraph_item(t) || first_point {
            // a paragraph item, or a letter's first point whose bullet glyph was lost
            self.entries
                .push(Entry::new(EntryKind::Bullet('\0'), t, l.start, l.end));
            self.after_blank = false;
            return Step::Next;
        }
        if self.entries.is_empty() {
            // introduction text before the first item ("The inspection did not find any
            // areas for priority and immediate action.")
            let stop = looks_like_heading(t) && STOP_RE.as_ref().is_some_and(|re| re.is_match(t));
            return if stop || i > self.from + 40 {
                Step::End
            } else {
                Step::SkipParagraph
            };
        }
        if self.subheading_inside(ls, i, t) {
            self.after_blank = true;
            return Step::Next;
        }
        Step::End
    }

    /// A topic subheading between items: inside a numbered list when the numbering goes
    /// on, or between a letter's bullets ([`letter::is_topic_subheading`]).
    fn subheading_inside(&self, ls: &[Line<'_>], i: usize, t: &str) -> bool {
        if let Some(n) = self.last_num {
            return looks_like_heading(t)
                && !STOP_RE.as_ref().is_some_and(|re| re.is_match(t))
                && next_numbered(ls, i + 1) == Some(n + 1);
        }
        self.in_letter && letter::is_topic_subheading(ls, i)
    }
}

/// True when a letter's "areas for priority action" list meets its improvement list (or
/// the other way round): two lists, not a subheading inside one.
fn splits_priority(kind: FindingKind, other: Option<FindingKind>) -> bool {
    let Some(other) = other else { return false };
    other != kind && (kind == FindingKind::PriorityAction || other == FindingKind::PriorityAction)
}

/// The number of the next numbered line after `from` (skipping blanks), if the next
/// non-blank line is numbered.
fn next_numbered(ls: &[Line<'_>], from: usize) -> Option<u32> {
    let l = ls.iter().skip(from).find(|l| !l.is_blank())?;
    numbered(l.text).map(|(n, _)| n)
}

/// The number and the text after it of a numbered line ("12. Text", "1) Text").
fn numbered(t: &str) -> Option<(u32, regex::Match<'_>)> {
    let c = NUMBERED_RE.as_ref()?.captures(t)?;
    let n = c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()?;
    Some((n, c.get(3)?))
}

/// Drops a numbered introduction to a bulleted list, and an item that says the list is
/// empty ("There are no areas for priority action").
fn shape(entries: Vec<Entry>) -> Vec<Entry> {
    entries
        .into_iter()
        .filter(|e| !e.intro && !letter::is_none_statement(&e.text()))
        .collect()
}

crate::rx::register!(HEADINGS, SUBHEADING_RE, STOP_RE, LIST_END_RE, NUMBERED_RE, BULLET_RE, INTRO_RE; letter);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn items(t: &str) -> Vec<(FindingKind, String)> {
        let doc = CleanDoc::from_text(t);
        find_findings(&doc)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    const HEAD: &str = "Inspection of Camden local authority children's services\n\nInspection dates: 25 to 29 April 2022\n\n";

    #[test]
    fn regexes_compile() {
        assert_eq!(HEADINGS.len(), 6);
        for r in [
            &SUBHEADING_RE,
            &STOP_RE,
            &LIST_END_RE,
            &NUMBERED_RE,
            &BULLET_RE,
            &INTRO_RE,
        ] {
            assert!(r.is_some());
        }
    }

    #[test]
    fn same_dash_sub_bullets() {
        let t = format!(
            "{HEAD}What needs to improve?\n\n- The routine inclusion of partners.\n\n- The quality of oversight and monitoring of:\n\n- the pre-proceedings process\n\n- private fostering.\n\n- Caseloads in the teams.\n\nThe experiences and progress of children who need help and protection: good\n"
        );
        let v = items(&t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(
            v[1].1,
            "The quality of oversight and monitoring of: the pre-proceedings process private fostering."
        );
    }

    #[test]
    fn minus_sign_sub_bullets() {
        let t = format!(
            "{HEAD}What needs to improve?\n\n- The routine inclusion of partners.\n\n•\tThe quality of oversight and monitoring of:\n\n\u{2212}\tthe pre-proceedings process\n\n\u{2212}\tprivate fostering.\n\n•\tCaseloads in the teams.\n\nThe experiences and progress of children who need help and protection: good\n"
        );
        let v = items(&t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(
            v[1].1,
            "The quality of oversight and monitoring of: the pre-proceedings process private fostering."
        );
    }

    #[test]
    fn ilacs_bullets() {
        let t = format!(
            "{HEAD}What needs to improve?\n\n- The execution of the local authority designated officer (LADO) duties.\n- Support from social workers in the\nemergency duty team.\n\nThe experiences and progress of children who need help and protection: good\n\n1. Children are well.\n"
        );
        let v = items(&t);
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[1].1,
            "Support from social workers in the emergency duty team."
        );
        assert_eq!(v[0].0, FindingKind::Improvement);
    }

    #[test]
    fn sub_bullets_merge() {
        let t = format!(
            "{HEAD}What needs to improve?\n\n◼ The routine inclusion of partners.\n\n◼ The quality of oversight and monitoring of:\n– the pre-proceedings process\n– permanence for children\n– private fostering.\n\n◼ Caseloads in the teams.\n\nThe experiences and progress of children who need help and protection: good\n"
        );
        let v = items(&t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(
            v[1].1,
            "The quality of oversight and monitoring of: the pre-proceedings process permanence for children private fostering."
        );
    }

    #[test]
    fn sif_numbered_with_subheadings() {
        let t = format!(
            "{HEAD}What does the local authority need to improve?\n\nPriority and immediate action\n\nThe inspection did not find any areas for priority and immediate action.\n\nAreas for improvement\n\n10. The local authority and its partners need to build upon\nthe strategy.\n\n11. All professionals need:\n- advice\n- training.\n\nSocial work practice\n\n12. Improve plans.\n\nThe local authority has the following strengths:\n\n13. Good things.\n\nWhat does the LSCB need to improve?\n\nAreas for improvement\n\n140. LSCB item.\n"
        );
        let v = items(&t);
        let texts: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The local authority and its partners need to build upon the strategy.",
                "All professionals need: advice training.",
                "Improve plans."
            ]
        );
    }

    #[test]
    fn lac_intro_and_timescales() {
        let t = format!(
            "{HEAD}Areas for improvement\n\n22. In order to improve the quality of provision, the local authority should take the following action.\n\nImmediately:\n\n\u{f0a7} improve the quality of supervision in\ncasework\n\n\u{f0a7} improve assessments\n\nWithin three months:\n\n\u{f0a7} review the 16+ service.\n\nOutcomes for looked after children and young people\n\n23. Text.\n"
        );
        let v = items(&t);
        let texts: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "improve the quality of supervision in casework",
                "improve assessments",
                "review the 16+ service."
            ]
        );
    }

    #[test]
    fn recommendations_stop_at_heading() {
        let t = format!(
            "{HEAD}Recommendations\n\n1. Ensure things (Para 31)\n\n2. Review cases.\n\nSummary for children and young people\n\n- Something.\n\nRecommendations\n\n1. LSCB item.\n"
        );
        let v = items(&t);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].0, FindingKind::Recommendation);
    }

    #[test]
    fn letter_lists_and_page_break_bullet() {
        let t = "8 December 2010\n\nDear Ms Baxter\n\nAnnual unannounced inspection of contact, referral and assessment arrangements\n\nText.\n\nStrengths\n\n\u{f0b7} Good arrangements, with good examples of joint working between\n\n- the two services. The duty team can call on expertise.\n- Strong partnership work is evident.\n\nThe service meets the requirements of statutory guidance in the following areas\n\n- All interpreters are checked.\n\nAreas for development\n\n\u{f0b7} Administrators prioritise contacts.\n\nThe area for development identified above will be considered.\n\nYours sincerely\n\nIan Young Her Majesty's Inspector\n";
        let v = items(t);
        assert_eq!(v.len(), 4, "{v:?}");
        assert_eq!(v[0], (FindingKind::Strength, "Good arrangements, with good examples of joint working between the two services. The duty team can call on expertise.".to_owned()));
        assert_eq!(v[2].0, FindingKind::MeetsRequirements);
        assert_eq!(v[3].0, FindingKind::AreaForDevelopment);
    }

    #[test]
    fn not_for_other_documents() {
        assert!(items("News\n\nRecommendations\n\n1. Something.\n").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,400}", pre in proptest::sample::select(vec![
            "", "Inspection of X local authority children's services\n\nInspection dates: 1 to 5 May 2022\n\n",
            "Dear Sir\n\nFocused visit\n\nYours sincerely\n\nA B HMI\n",
        ]), mid in proptest::sample::select(vec![
            "What needs to improve?\n", "Recommendations\n\n1. ", "Strengths\n\n- ", "Areas for improvement\n\n22. following action\n\n- ",
            "Overall effectiveness\t", "Children's services in X are ", "The overall judgement is ", "\n\n•\t", "Inspection dates: 3 and ",
        ])) {
            let text = format!("{pre}{mid}{s}{mid}{s}");
            let doc = CleanDoc::from_text(text);
            let _ = find_findings(&doc);
            let r = crate::report::analyse_report(&doc, None);
            if let Some(m) = r.inspection {
                for j in m.judgements {
                    assert!(j.start <= j.end && j.end <= doc.text.len());
                }
            }
            let _ = crate::judgements::find_judgements(&doc.text);
        }
    }

    /// Reformed ILACS (2026): the heading carries a footnote marker, the items keep their
    /// cross-reference to the national framework.
    #[test]
    fn reformed_ilacs_heading_with_footnote_marker() {
        let t = format!(
            "{HEAD}What needs to improve?1\n\n- The arrangements to identify, track and respond to children missing education. (National Framework, Outcome 1)\n\n- Support to care leavers over 21 years old in custody. (outcome 2, national framework)\n\nThe experiences and progress of children who need help and protection: good\n"
        );
        let doc = CleanDoc::from_text(t);
        let f = find_findings(&doc);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].heading.as_deref(), Some("What needs to improve?"));
        assert!(f[0].text.ends_with("(National Framework, Outcome 1)"));
        assert!(f[1].text.ends_with("(outcome 2, national framework)"));
    }

    /// Area SEND: priority actions are not the improvement list; the areas for improvement
    /// are plain paragraphs (the heading printed twice), sub-bullets joined.
    #[test]
    fn area_send_improvements_are_paragraphs() {
        let t = "Area SEND inspection of Suffolk Local Area Partnership\n\nInspection dates: 13 to 17 November 2023\n\nAreas for priority action\n\nThe LAP should work more collaboratively.\n\n- the robustness and impact of governance\n\nAreas for improvement\n\nAreas for improvement\n\nLeaders should use performance data effectively.\n\nLeaders should ensure that:\n\n- all services gather accurate data\n\n- waiting times fall.\n\nThe partnership should engage widely with families.\n\nLocal area partnership details\n\nLocal authority\tIntegrated care board\n";
        let v = items(t);
        assert_eq!(
            v.iter()
                .filter(|(k, _)| *k == FindingKind::Improvement)
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>(),
            vec![
                "Leaders should use performance data effectively.",
                "Leaders should ensure that: all services gather accurate data waiting times fall.",
                "The partnership should engage widely with families.",
            ]
        );
    }

    /// Area SEND priority actions printed as a table: the responsible body's cell lines
    /// separate the actions, each action's paragraphs and bullets are one item.
    #[test]
    fn area_send_priority_action_table() {
        let t = "Area SEND inspection of Barset Local Area Partnership\n\nInspection dates: 13 to 17 November 2023\n\nAreas for priority action\n\nResponsible body Areas for priority action\n\nBarset County\n\nCouncil and NHS Barset ICB\n\nThe partnership should urgently address waiting times for:\n\n- therapy; and\n\n- assessments.\n\nLeaders should support families while they wait.\n\nBarset County\n\nCouncil\n\nThe partnership should develop co-production.\n\nAreas for improvement\n\nAreas for improvement\n\nLeaders should use data.\n\nLocal area partnership details\n";
        let v = items(t);
        assert_eq!(
            v,
            vec![
                (FindingKind::PriorityAction, "The partnership should urgently address waiting times for: therapy; and assessments. Leaders should support families while they wait.".to_owned()),
                (FindingKind::PriorityAction, "The partnership should develop co-production.".to_owned()),
                (FindingKind::Improvement, "Leaders should use data.".to_owned()),
            ]
        );
    }

    /// A letter's boxed case study whose box glyph reads as a bullet ends the list.
    #[test]
    fn case_study_box_ends_the_list() {
        let t = "Ofsted\nPiccadilly Gate\n\n23 August 2019\n\nDear local partnership\n\nJoint targeted area inspection of the multi-agency response to child exploitation\n\nAreas for improvement\n\n- Screening tools are not used well.\n\n- Supervision is not regular.\n\n- Case study: area for improvement\n\nFor one child, concerns were raised.\n\nNext steps\n\nYours sincerely\n";
        let v = items(t);
        assert_eq!(v.len(), 2, "{v:?}");
    }
}
