//! Lines to typed blocks: list items, numbered paragraphs, table rows, headings,
//! paragraphs; wrapped lines joined; paragraphs split by a page break rejoined.

use crate::layout::join_wrapped;
use crate::normalize::BULLET;
use ofsted_model::doc::{Block, BlockKind};
use regex::Regex;
use std::sync::LazyLock;

/// A line of the document with its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SrcLine {
    /// Trimmed text.
    pub text: String,
    /// Leading spaces in the source.
    pub indent: usize,
    /// 1-based page, when the source had pages.
    pub page: Option<u32>,
}

/// Consecutive non-blank lines, and what separated them from the previous group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// The lines.
    pub lines: Vec<SrcLine>,
    /// Blank lines before the group.
    pub blanks_before: usize,
    /// A page boundary lies between this group and the previous one.
    pub page_break_before: bool,
}

/// A line, a blank line, or a page boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A non-blank line.
    Line(SrcLine),
    /// A blank line.
    Blank,
    /// The boundary between two pages.
    PageBreak,
}

/// Groups tokens into runs of non-blank lines.
pub(crate) fn group(toks: impl IntoIterator<Item = Tok>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut cur: Option<Group> = None;
    let mut blanks = 0usize;
    let mut page_break = false;
    for t in toks {
        match t {
            Tok::Line(l) => match cur.as_mut() {
                Some(g) => g.lines.push(l),
                None => {
                    cur = Some(Group {
                        lines: vec![l],
                        blanks_before: blanks,
                        page_break_before: page_break,
                    });
                    blanks = 0;
                    page_break = false;
                }
            },
            Tok::Blank | Tok::PageBreak => {
                if let Some(g) = cur.take() {
                    groups.push(g);
                }
                if t == Tok::PageBreak {
                    page_break = true;
                } else {
                    blanks += 1;
                }
            }
        }
    }
    if let Some(g) = cur {
        groups.push(g);
    }
    groups
}

/// Document-wide facts the line rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ctx {
    /// Typical length (chars) of a full line: the 90th percentile of line lengths.
    pub wrap_width: usize,
    /// Source is a PDF (leading spaces are layout noise there).
    pub pdf: bool,
}

impl Ctx {
    /// Computes the wrap width of `groups`.
    pub(crate) fn new(groups: &[Group], pdf: bool) -> Self {
        let mut lens: Vec<usize> = groups
            .iter()
            .flat_map(|g| g.lines.iter().map(|l| l.text.chars().count()))
            .collect();
        lens.sort_unstable();
        let p90 = lens.get(lens.len() * 9 / 10).copied().unwrap_or(80);
        Ctx {
            wrap_width: p90.max(20),
            pdf,
        }
    }

    fn is_long(&self, s: &str) -> bool {
        s.chars().count() * 4 >= self.wrap_width * 3
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    List,
    Table,
}

/// A block before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub shape: Shape,
    /// (as printed incl. trailing dot, normalised without it)
    pub number: Option<(String, String)>,
    pub body: String,
    pub page: Option<u32>,
    pub blanks_before: usize,
    pub page_break_before: bool,
}

impl Unit {
    fn new(shape: Shape, body: String, page: Option<u32>) -> Self {
        Unit {
            shape,
            number: None,
            body,
            page,
            blanks_before: 0,
            page_break_before: false,
        }
    }
}

static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"^(\d{1,3}(?:\.\d{1,3}){0,3})(\.?)\s+([A-Z‘“'\x22(\[].*)$").ok()
});

/// A paragraph number at the start of `s`: (printed, normalised, rest).
fn number_marker(s: &str) -> Option<(String, String, String)> {
    let c = NUMBER.as_ref()?.captures(s)?;
    let num = c.get(1)?.as_str();
    let dot = c.get(2).map_or("", |m| m.as_str());
    if dot.is_empty() && !num.contains('.') {
        return None; // "1 Ofsted produces" (footnote), "12 children"
    }
    let rest = c.get(3)?.as_str().trim_start().to_owned();
    Some((format!("{num}{dot}"), num.to_owned(), rest))
}

/// A bullet at the start of `s`: the text after it.
fn bullet_marker(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix(BULLET) {
        return Some(rest.trim_start_matches([BULLET, ' ', '\t']));
    }
    for dash in ["- ", "* ", "· "] {
        if let Some(rest) = s.strip_prefix(dash) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    for dash in ['–', '—', '−', '─', '‒'] {
        if let Some(rest) = s.strip_prefix(dash)
            && rest.starts_with([' ', '\t'])
        {
            let rest = rest.trim_start();
            let first = rest.chars().next().unwrap_or(' ');
            if first.is_alphabetic() || matches!(first, '(' | '‘' | '“' | '\'' | '"') {
                return Some(rest);
            }
        }
    }
    None
}

/// Sentence-final punctuation (optionally followed by a closing quote or bracket).
pub(crate) fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end_matches(['’', '”', '"', '\'', ')', ']', '*']);
    t.ends_with(['.', '?', '!', ':', ';', '…'])
}

const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "that",
    "which",
    "whose",
    "their",
    "its",
    "into",
    "than",
    "including",
    "such",
    "between",
    "within",
    "across",
    "our",
    "if",
    "when",
    "where",
    "while",
    "via",
    "per",
    "under",
    "over",
    "through",
    "upon",
    "about",
    "is",
    "are",
    "was",
    "were",
];

/// Whether `s` ends with a comma, dash, or a word that cannot end a sentence or title.
fn ends_open(s: &str) -> bool {
    if ends_terminal(s) {
        return false;
    }
    if s.ends_with([',', '–', '—', '&', '/']) {
        return true;
    }
    let last = s
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    FUNCTION_WORDS.contains(&last.to_lowercase().as_str())
}

fn ends_hyphen(s: &str) -> bool {
    s.ends_with('-') && s.chars().rev().nth(1).is_some_and(char::is_alphabetic)
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether `s` has a gap of 2+ spaces that separates table cells (not after a colon or the
/// end of a sentence).
static GAP: LazyLock<Option<Regex>> = LazyLock::new(|| crate::rx::new(r" {2,}|\t").ok());

fn cell_gaps(s: &str) -> Vec<(usize, usize)> {
    let Some(re) = GAP.as_ref() else {
        return Vec::new();
    };
    re.find_iter(s)
        .filter(|m| {
            let before = s.get(..m.start()).and_then(|b| b.chars().next_back());
            !matches!(before, Some('.' | ':' | ';' | '?' | '!' | ',') | None)
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

fn squeeze_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' || c == '\t' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A table row from a tab-separated line (text inputs and HTML tables).
fn tab_row(line: &SrcLine) -> Unit {
    let (number, text) = match number_marker(&line.text) {
        Some((printed, norm, rest)) if rest.contains('\t') => (Some((printed, norm)), rest),
        _ => (None, line.text.clone()),
    };
    let mut cells: Vec<String> = text.split('\t').map(squeeze_spaces).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    let mut u = Unit::new(Shape::Table, cells.join("\t"), line.page);
    u.number = number;
    u
}

/// A short group whose lines have cell gaps ("…families  Good", "Requires improvement" /
/// "to be good" on the next line) becomes one row; its lines are joined and the gaps become
/// tabs.
fn gap_table(lines: &[SrcLine], ctx: &Ctx) -> Option<Unit> {
    if lines.is_empty() || lines.len() > 6 {
        return None;
    }
    let first = lines.first()?;
    if lines.iter().any(|l| bullet_marker(&l.text).is_some()) {
        return None;
    }
    let (number, first_text) = match number_marker(&first.text) {
        Some((p, n, rest)) => (Some((p, n)), rest),
        None => (None, first.text.clone()),
    };
    let mut texts: Vec<String> = vec![first_text];
    texts.extend(lines.iter().skip(1).map(|l| l.text.clone()));
    let limit = (ctx.wrap_width * 9 / 10).max(40);
    if texts
        .iter()
        .any(|t| t.chars().count() > limit && cell_gaps(t).is_empty())
    {
        return None;
    }
    let total: usize = texts.iter().map(|t| t.chars().count()).sum();
    if total > 300 || !texts.iter().any(|t| !cell_gaps(t).is_empty()) {
        return None;
    }
    if texts.last().is_some_and(|t| t.ends_with('.')) && total > 100 {
        return None;
    }
    let mut cells: Vec<String> = vec![String::new()];
    for t in &texts {
        let mut from = 0;
        for (gs, ge) in cell_gaps(t) {
            if let (Some(part), Some(cell)) = (t.get(from..gs), cells.last_mut()) {
                join_wrapped(cell, &squeeze_spaces(part));
            }
            cells.push(String::new());
            from = ge;
        }
        if let (Some(part), Some(cell)) = (t.get(from..), cells.last_mut()) {
            join_wrapped(cell, &squeeze_spaces(part));
        }
    }
    cells.retain(|c| !c.is_empty());
    let mut u = Unit::new(Shape::Table, cells.join("\t"), first.page);
    u.number = number;
    Some(u)
}

/// A numbered table row whose cells are on separate lines without a gap (PDF):
/// "2.  Children looked after and achieving" / "permanence" / " Requires" /
/// "improvement to be" / "good". The one place where a capitalised line follows a line
/// that does not end a sentence is the cell boundary.
fn line_cell_row(lines: &[SrcLine], ctx: &Ctx) -> Option<Unit> {
    if !ctx.pdf || lines.len() < 2 || lines.len() > 6 {
        return None;
    }
    let first = lines.first()?;
    let (printed, norm, first_text) = number_marker(&first.text)?;
    let mut texts: Vec<String> = vec![first_text];
    texts.extend(lines.iter().skip(1).map(|l| l.text.clone()));
    let total: usize = texts.iter().map(|t| t.chars().count()).sum();
    if total > 200 || texts.iter().any(|t| ends_terminal(t) || ctx.is_long(t)) {
        return None;
    }
    let boundaries: Vec<usize> = (1..texts.len())
        .filter(|&i| {
            texts
                .get(i)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_uppercase)
        })
        .collect();
    let [cut] = boundaries.as_slice() else {
        return None;
    };
    let mut label = String::new();
    let mut grade = String::new();
    for (i, t) in texts.iter().enumerate() {
        join_wrapped(
            if i < *cut { &mut label } else { &mut grade },
            &squeeze_spaces(t),
        );
    }
    let mut u = Unit::new(Shape::Table, format!("{label}\t{grade}"), first.page);
    u.number = Some((printed, norm));
    Some(u)
}

/// Whether line `b` continues the line `a` of the same group.
fn continues(a: &str, b: &str, ctx: &Ctx) -> bool {
    let hyphen = a.ends_with('-') && a.chars().rev().nth(1).is_some_and(char::is_alphabetic);
    if hyphen || starts_lower(b) || ends_open(a) {
        return true;
    }
    let first = b.chars().next().unwrap_or(' ');
    if !ends_terminal(a) && matches!(first, '(' | '%' | '&') {
        return true;
    }
    ctx.is_long(a)
}

/// Splits the lines of one group into units.
fn split_lines(lines: &[&SrcLine], ctx: &Ctx, units: &mut Vec<Unit>) {
    let mut current: Option<Unit> = None;
    let mut last_line = String::new();
    for line in lines {
        let text = line.text.as_str();
        let mut start: Option<Unit> = None;
        if text.chars().all(|c| c == BULLET || c.is_whitespace()) {
            // a bullet glyph alone on its line: its text follows on the next line
            if let Some(done) = current.take() {
                units.push(done);
            }
            current = Some(Unit::new(Shape::List, String::new(), line.page));
            last_line.clear();
            continue;
        }
        if let Some(rest) = bullet_marker(text) {
            start = Some(Unit::new(Shape::List, rest.to_owned(), line.page));
        } else if let Some((printed, norm, rest)) = number_marker(text).filter(|_| {
            // "…reduced from 60 to\n36. During…" is a wrapped sentence, not paragraph 36
            current.is_none() || !(ends_open(&last_line) || ends_hyphen(&last_line))
        }) {
            let mut u = Unit::new(Shape::Text, rest, line.page);
            u.number = Some((printed, norm));
            start = Some(u);
        } else if line.indent == 1 && text.chars().next().is_some_and(char::is_uppercase) {
            // a bullet glyph lost in extraction leaves a single leading space
            let prev = current.as_ref().or(units.last());
            let lost = prev.is_some_and(|p| {
                (p.shape == Shape::List && ends_terminal(&p.body))
                    || (!ctx.pdf
                        && p.shape == Shape::Text
                        && p.number.is_none()
                        && is_heading(&p.body))
            });
            if lost {
                start = Some(Unit::new(Shape::List, text.to_owned(), line.page));
            }
        }
        match (start, current.as_mut()) {
            (Some(u), _) => {
                if let Some(done) = current.take() {
                    units.push(done);
                }
                current = Some(u);
            }
            (None, Some(cur)) if cur.body.is_empty() || continues(&last_line, text, ctx) => {
                join_wrapped(&mut cur.body, text);
            }
            (None, _) => {
                if let Some(done) = current.take() {
                    units.push(done);
                }
                current = Some(Unit::new(Shape::Text, text.to_owned(), line.page));
            }
        }
        last_line = text.to_owned();
    }
    if let Some(done) = current {
        units.push(done);
    }
}

/// Splits one group into units.
fn split_group(g: &Group, ctx: &Ctx, units: &mut Vec<Unit>) {
    if g.lines.iter().any(|l| l.text.contains('\t')) {
        let mut run: Vec<&SrcLine> = Vec::new();
        for l in &g.lines {
            if l.text.contains('\t') {
                split_lines(&run, ctx, units);
                run.clear();
                units.push(tab_row(l));
            } else {
                run.push(l);
            }
        }
        split_lines(&run, ctx, units);
        return;
    }
    if let Some(u) = gap_table(&g.lines, ctx).or_else(|| line_cell_row(&g.lines, ctx)) {
        units.push(u);
        return;
    }
    let refs: Vec<&SrcLine> = g.lines.iter().collect();
    split_lines(&refs, ctx, units);
}

/// Builds units from groups, then rejoins units that a page break (or a stray blank line)
/// split.
pub(crate) fn build_units(groups: &[Group], ctx: &Ctx) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for g in groups {
        let first = units.len();
        split_group(g, ctx, &mut units);
        if let Some(u) = units.get_mut(first) {
            u.blanks_before = g.blanks_before;
            u.page_break_before = g.page_break_before;
        }
    }
    for u in &mut units {
        if u.shape != Shape::Table {
            u.body = squeeze_spaces(&u.body);
        }
    }
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        if u.body.is_empty() && u.number.is_none() {
            continue;
        }
        if let Some(prev) = out.last_mut()
            && continues_across(prev, &u, ctx)
        {
            join_wrapped(&mut prev.body, &u.body);
            continue;
        }
        out.push(u);
    }
    for u in &mut out {
        canonicalise(u);
    }
    out
}

/// Makes a text unit whose joined body starts like a list item or numbered paragraph into
/// one, so that cleaning the rendered text again reads it the same way.
fn canonicalise(u: &mut Unit) {
    if u.number.is_some() {
        return;
    }
    if u.shape == Shape::Table {
        if let Some((printed, norm, rest)) = number_marker(&u.body)
            && rest.contains('\t')
        {
            u.body = rest;
            u.number = Some((printed, norm));
        }
        return;
    }
    if u.shape != Shape::Text {
        return;
    }
    if let Some(rest) = bullet_marker(&u.body) {
        u.body = rest.to_owned();
        u.shape = Shape::List;
    } else if let Some((printed, norm, rest)) = number_marker(&u.body) {
        u.body = rest;
        u.number = Some((printed, norm));
    }
}

/// Whether `u` continues `prev` across a blank line or page break: `prev` does not end a
/// sentence and `u` starts in lower case (a "- " item in a text source counts only across a
/// page break or a run of 3+ blank lines, never a PDF bullet), or a page break cut after a
/// comma or function word, or `prev` ends with "and"/"or".
fn continues_across(prev: &Unit, u: &Unit, ctx: &Ctx) -> bool {
    if u.number.is_some() || u.shape == Shape::Table || prev.shape == Shape::Table {
        return false;
    }
    if u.blanks_before == 0 && !u.page_break_before {
        return false;
    }
    if ends_terminal(&prev.body) {
        return false;
    }
    // a title set in lines of its own: "…care leavers" / "And" / "Review of…"
    let lone = if u.body.len() <= 3 {
        u.body.to_lowercase()
    } else {
        String::new()
    };
    if matches!(lone.as_str(), "and" | "or" | "&")
        && u.shape == Shape::Text
        && prev.shape == Shape::Text
    {
        return true;
    }
    if title_like(&prev.body) {
        return false;
    }
    let hyphen = prev.body.ends_with('-')
        && prev
            .body
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic);
    if starts_lower(&u.body) || hyphen {
        // a real bullet glyph on a PDF page is a real item; in text converted from a PDF a
        // page break can fake a "- " item after a run of blank lines
        return u.shape == Shape::Text
            || (!ctx.pdf && (u.page_break_before || u.blanks_before >= 3));
    }
    if u.shape != Shape::Text {
        return false;
    }
    // "…care leavers and" / "Review of the effectiveness…" (title lines set apart)
    let last = prev.body.rsplit(' ').next().unwrap_or("").to_lowercase();
    (u.page_break_before && ends_open(&prev.body)) || matches!(last.as_str(), "and" | "or" | "&")
}

/// A short line in title case ("Areas for development", "Strengths").
fn title_like(s: &str) -> bool {
    if s.len() > 320 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 || s.chars().count() > 80 {
        return false;
    }
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let caps = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !long.is_empty() && caps * 2 >= long.len()
}

static SENTENCE_INSIDE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"[a-z)]{2}[.!?] +[A-Z(‘“]").ok());

/// A heading: a short line that does not end like a sentence, starts with a capital, and
/// is not a "Label: value, with details" line.
pub(crate) fn is_heading(s: &str) -> bool {
    if s.len() > 600 {
        return false;
    }
    let n = s.chars().count();
    if n == 0 || n > 150 || s.contains('\t') || s.split_whitespace().count() > 22 {
        return false;
    }
    if s.ends_with(['.', ',', ';']) || s.ends_with(".”") || s.ends_with(".’") || ends_open(s) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '‘' | '“' | '\'' | '"'))
    {
        return false;
    }
    if SENTENCE_INSIDE.as_ref().is_some_and(|re| re.is_match(s)) {
        return false;
    }
    // "11 Source: DfE …" is a footnote, not a heading
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) && s.chars().nth(digits) == Some(' ') {
        return false;
    }
    if s.matches(',').count() > 1 || s.contains('@') || s.contains("www.") || s.contains("://") {
        return false;
    }
    if let Some((_, value)) = s.split_once(':') {
        let value = value.trim();
        if !value.is_empty() && value.contains(|c: char| c.is_ascii_digit() || c == ',') {
            return false;
        }
    }
    true
}

/// The block kind of a unit.
fn kind_of(u: &Unit) -> BlockKind {
    match u.shape {
        Shape::Table => BlockKind::TableRow,
        Shape::List => BlockKind::ListItem,
        Shape::Text => {
            let numbered_title = u.body.chars().count() <= 60 && title_like(&u.body);
            if is_heading(&u.body) && (u.number.is_none() || numbered_title) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            }
        }
    }
}

/// Renders units as text (blocks separated by a blank line) and blocks with byte spans.
/// List items are written "- text", numbered blocks "12. text"; spans cover the text after
/// the marker.
pub(crate) fn render(units: &[Unit]) -> (String, Vec<Block>) {
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(units.len());
    for u in units {
        if u.body.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        if u.shape == Shape::List {
            text.push_str("- ");
        }
        if let Some((printed, _)) = &u.number {
            text.push_str(printed);
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&u.body);
        blocks.push(Block {
            kind: kind_of(u),
            number: u.number.as_ref().map(|(_, n)| n.clone()),
            start,
            end: text.len(),
            page: u.page,
        });
    }
    (text, blocks)
}

crate::rx::register!(NUMBER, GAP, SENTENCE_INSIDE);

#[cfg(test)]
mod tests {
    use super::*;

    fn groups_of(s: &str) -> Vec<Group> {
        let toks = s.split('\n').map(|raw| {
            let t = raw.trim_start_matches(' ');
            let indent = raw.len() - t.len();
            let t = t.trim_end();
            if t.is_empty() {
                Tok::Blank
            } else {
                Tok::Line(SrcLine {
                    text: t.to_owned(),
                    indent,
                    page: None,
                })
            }
        });
        group(toks)
    }

    #[test]
    fn number_markers() {
        assert_eq!(
            number_marker("1.  Children"),
            Some(("1.".into(), "1".into(), "Children".into()))
        );
        assert_eq!(
            number_marker("1.1. This report"),
            Some(("1.1.".into(), "1.1".into(), "This report".into()))
        );
        assert_eq!(
            number_marker("2.1 Adoption"),
            Some(("2.1".into(), "2.1".into(), "Adoption".into()))
        );
        assert_eq!(number_marker("1 Ofsted produces"), None);
        assert_eq!(number_marker("1.5 million"), None);
        assert_eq!(number_marker("2018. The"), None);
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet_marker("•  The quality"), Some("The quality"));
        assert_eq!(bullet_marker("- the two"), Some("the two"));
        assert_eq!(bullet_marker("– 25 June 2014"), None);
        assert_eq!(
            bullet_marker("─  in primary schools"),
            Some("in primary schools")
        );
        assert_eq!(
            bullet_marker("− the pre-proceedings"),
            Some("the pre-proceedings")
        );
        assert_eq!(bullet_marker("-1"), None);
    }

    #[test]
    fn headings() {
        assert!(is_heading("What needs to improve?"));
        assert!(is_heading("Strengths"));
        assert!(is_heading(
            "The experiences and progress of children who need help and protection: good"
        ));
        assert!(!is_heading("Inspection dates: 25 to 29 April 2022"));
        assert!(!is_heading("Children are seen regularly."));
        assert!(!is_heading("the two services"));
    }

    #[test]
    fn gap_table_row() {
        let g = groups_of(
            "The experiences and progress of children who need help and \nprotection  Requires improvement \nto be good ",
        );
        let ctx = Ctx {
            wrap_width: 88,
            pdf: true,
        };
        let units = build_units(&g, &ctx);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].shape, Shape::Table);
        assert_eq!(
            units[0].body,
            "The experiences and progress of children who need help and protection\tRequires improvement to be good"
        );
    }

    #[test]
    fn grouping_counts_blanks_and_breaks() {
        let g = group(vec![
            Tok::Line(SrcLine {
                text: "a".into(),
                indent: 0,
                page: Some(1),
            }),
            Tok::Blank,
            Tok::PageBreak,
            Tok::Blank,
            Tok::Line(SrcLine {
                text: "b".into(),
                indent: 0,
                page: Some(2),
            }),
            Tok::Line(SrcLine {
                text: "c".into(),
                indent: 0,
                page: Some(2),
            }),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].blanks_before, 2);
        assert!(g[1].page_break_before);
        assert_eq!(g[1].lines.len(), 2);
    }
}
