//! Stage 1 of ofsted-etl: turn an input's bytes into a [`CleanDoc`].
//!
//! What it is for: detecting the format from the bytes (PDF, HTML, text; anything else is
//! an [`ExtractError`] naming why), reading PDF text with `pdf-extract` or
//! `hayro-interpret` ([`PdfEngine`]) inside a panic guard and a time budget, stripping
//! HTML, and cleaning the text (Unicode normalisation, line-break and hyphenation repair, page furniture and boilerplate removal, bullet glyphs,
//! split ordinals, damage markers) into typed blocks with byte spans. Its patterns are
//! compiled and registered through `ofsted_text::rx`.
//!
//! What it is not for: knowing anything about inspections (local authorities, grades,
//! dates are `ofsted-transform`'s job) or writing tables.
//!
//! # The cleaned text (what `transform` can rely on)
//!
//! - Blocks are separated by exactly one blank line (`"\n\n"`); no block contains `"\n"`;
//!   `CleanDoc::blocks` lists every block, in order, with spans that cover its text.
//! - List item: written `"- "` + text; the span starts after `"- "`. Every bullet glyph
//!   (private-use Symbol/Wingdings code points, `•`, `◼`, `▪`, `─`, `−` …) becomes `"- "`.
//!   A line that lost its bullet (one leading space then a capital) inside a list, or after a
//!   heading in a text source, is an item too. Nested items are flat items.
//! - Numbered block: written with its number as printed (`"12. "`, `"1.1. "`, `"2.1 "`);
//!   `Block::number` is the number without its trailing dot; the span starts after it.
//! - Table row: cells separated by `"\t"`; PDF judgement tables give one row per judgement
//!   with the wrapped label and grade lines joined ("…help and protection\tRequires
//!   improvement to be good"); numbered rows keep their number like paragraphs.
//! - Heading: a short line without a terminal full stop (numbered only when title-like).
//! - Wrapped lines are joined with one space; a line-end hyphen is kept ("multi-agency").
//!   Paragraphs and items split by a page break (or, in text, by blank lines) are joined
//!   when the first does not end a sentence and the second starts in lower case.
//! - Words separated by tabs or wide runs of spaces in running text ("Inspection\tof\t…")
//!   are read as single spaces (info note `word_spacing_repaired`); table rows keep tabs.
//! - Removed, each with an info note: running headers/footers, page numbers, contents
//!   lists, Ofsted back/copyright pages and publisher footers (when
//!   `strip_boilerplate`); footnotes are moved to the end as paragraphs `"N text"` and
//!   their markers removed.
//! - Damage markers (`< truncated 42 characters >`) stay in the text verbatim, with an
//!   error note spanning them; skipped paragraph numbers give a warning note spanning the
//!   block after the gap.

mod blocks;
mod boiler;
mod detect;
mod fallback;
mod html;
mod layout;
mod normalize;
mod pdf;
mod spacing;
mod truncated;

pub(crate) use ofsted_text::{rx, worker};

use blocks::{Ctx, Group, Shape, SrcLine, Tok, Unit};
use ofsted_model::doc::{Block, BlockKind, CleanDoc, Note, Severity, SourceFormat};
use ofsted_model::vocab::RejectReason;
use regex::Regex;
use std::sync::LazyLock;
use std::time::Duration;

/// Options for extraction (from `[extract]` in `pipeline.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractOptions {
    /// Wall-clock budget for reading one PDF; past it the input is rejected as `timeout`.
    pub pdf_timeout: Duration,
    /// Remove Ofsted back pages, addresses, copyright lines and publisher footers.
    pub strip_boilerplate: bool,
    /// The engine that reads PDF text.
    pub pdf_engine: PdfEngine,
}

/// The engine that reads a PDF's page texts (`extract.pdf_engine`). Both give the text
/// of each page in content order with line breaks and word spaces from glyph positions;
/// the cleaning after them is the same. Deserialized from its configuration name, so an
/// unknown name is a configuration error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum PdfEngine {
    /// `pdf-extract` (vendored, with a per-document font cache): `"pdf-extract"`.
    #[serde(rename = "pdf-extract")]
    PdfExtract,
    /// `hayro-interpret` with our own text assembler, falling back to pdf-extract on a
    /// PDF it cannot read: `"hayro"` (the default: about twice as fast).
    #[default]
    #[serde(rename = "hayro")]
    Hayro,
}

impl PdfEngine {
    /// Every engine, in the order the configuration documents them.
    pub const ALL: [PdfEngine; 2] = [PdfEngine::PdfExtract, PdfEngine::Hayro];

    /// The configuration name (`"pdf-extract"`, `"hayro"`).
    pub fn name(self) -> &'static str {
        match self {
            PdfEngine::PdfExtract => "pdf-extract",
            PdfEngine::Hayro => "hayro",
        }
    }

    /// The engine with configuration name `name`, if any.
    pub fn from_name(name: &str) -> Option<PdfEngine> {
        PdfEngine::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The engine that reads a PDF this one cannot read (parse error, panic, no text).
    pub fn fallback(self) -> Option<PdfEngine> {
        match self {
            PdfEngine::Hayro => Some(PdfEngine::PdfExtract),
            PdfEngine::PdfExtract => None,
        }
    }
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            pdf_timeout: Duration::from_secs(60),
            strip_boilerplate: true,
            pdf_engine: PdfEngine::default(),
        }
    }
}

/// Why an input could not be extracted. Each variant maps to a stable `rejects.reason`.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Zero bytes.
    #[error("empty file (0 bytes)")]
    Empty,
    /// The bytes claim to be a PDF by name but are not (e.g. an HTML error page).
    #[error("not a PDF: {0}")]
    NotAPdf(String),
    /// Binary data that is neither PDF nor text.
    #[error("binary file of unsupported format: {0}")]
    Binary(String),
    /// Encrypted PDF.
    #[error("encrypted PDF: {0}")]
    Encrypted(String),
    /// The PDF parser failed.
    #[error("PDF could not be parsed: {0}")]
    PdfParse(String),
    /// The PDF engine panicked.
    #[error("PDF engine panicked: {0}")]
    Panic(String),
    /// Reading took longer than the budget.
    #[error("extraction exceeded the time budget of {0:?}")]
    Timeout(Duration),
    /// Read fine, but no text came out (scanned images, blank).
    #[error("no text could be extracted ({0})")]
    NoText(String),
    /// A PDF cut short (no `%%EOF` at its end) that no engine could read.
    #[error("truncated PDF: {0}")]
    Truncated(String),
}

impl ExtractError {
    /// The stable `rejects.reason` code.
    pub fn reason(&self) -> RejectReason {
        match self {
            ExtractError::Empty => RejectReason::EmptyFile,
            ExtractError::NotAPdf(_) => RejectReason::NotAPdf,
            ExtractError::Binary(_) => RejectReason::BinaryFile,
            ExtractError::Encrypted(_) => RejectReason::EncryptedPdf,
            ExtractError::PdfParse(_) => RejectReason::PdfParseError,
            ExtractError::Panic(_) => RejectReason::Panic,
            ExtractError::Timeout(_) => RejectReason::Timeout,
            ExtractError::NoText(_) => RejectReason::NoText,
            ExtractError::Truncated(_) => RejectReason::TruncatedPdf,
        }
    }
}

/// The result of extracting one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Format detected from the bytes.
    pub format: SourceFormat,
    /// The cleaned document.
    pub doc: CleanDoc,
}

/// Detects the format of `bytes` without reading the whole input: PDF by its `%PDF-`
/// signature, HTML by its opening tag, else text. Errors as [`extract`] would give them
/// before reading (empty, binary, HTML or text under a `.pdf` name).
pub fn detect_format(bytes: &[u8], name_hint: &str) -> Result<SourceFormat, ExtractError> {
    Ok(match detect::sniff(bytes, name_hint)? {
        detect::Sniffed::Pdf => SourceFormat::Pdf,
        detect::Sniffed::Html => SourceFormat::Html,
        detect::Sniffed::Text => SourceFormat::Text,
    })
}

/// Extracts and cleans one input. `name_hint` is the file name, used only to word error
/// messages (a `.pdf` name on HTML bytes gives [`ExtractError::NotAPdf`]), never to choose
/// the format.
///
/// Never panics; the PDF engine runs on a worker thread inside `catch_unwind` and is given
/// `opts.pdf_timeout` (on timeout the worker is left to finish in the background). A PDF
/// the engine cannot read is read again with its fallback engine
/// ([`PdfEngine::fallback`]), with a `pdf_engine_fallback` warning note.
pub fn extract(
    bytes: &[u8],
    name_hint: &str,
    opts: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    let format = detect_format(bytes, name_hint)?;
    let doc = match format {
        SourceFormat::Pdf => fallback::with_fallback(opts.pdf_engine, |e| read_pdf(bytes, opts, e))
            .map_err(|e| unreadable_pdf(bytes, e))?,
        SourceFormat::Html => {
            let mut notes = Vec::new();
            let raw = detect::decode_text(bytes, &mut notes);
            let text = html::html_to_text(&raw);
            let mut doc = clean(vec![text], false, false, opts);
            notes.append(&mut doc.notes);
            doc.notes = notes;
            doc
        }
        SourceFormat::Text => {
            let mut notes = Vec::new();
            let raw = detect::decode_text(bytes, &mut notes);
            let mut doc = clean_text(&raw, opts);
            notes.append(&mut doc.notes);
            doc.notes = notes;
            doc
        }
    };
    if doc.text.trim().is_empty() {
        return Err(ExtractError::NoText(
            "the file contains only whitespace or markup".to_owned(),
        ));
    }
    Ok(Extracted { format, doc })
}

/// A PDF's read error, as [`ExtractError::Truncated`] when the file was cut short and the
/// engines failed to parse it or found no text.
fn unreadable_pdf(bytes: &[u8], e: ExtractError) -> ExtractError {
    let unreadable = matches!(
        e,
        ExtractError::PdfParse(_) | ExtractError::Panic(_) | ExtractError::NoText(_)
    );
    match truncated::Truncation::of(bytes) {
        Some(t) if unreadable => t.reject(&e),
        _ => e,
    }
}

/// The cleaned text of a PDF read with `engine` (no fallback); a PDF cut short and read
/// in part gets an error note `truncated_pdf` naming the pages lost.
fn read_pdf(
    bytes: &[u8],
    opts: &ExtractOptions,
    engine: PdfEngine,
) -> Result<CleanDoc, ExtractError> {
    let pages = read_pdf_pages(
        bytes,
        &ExtractOptions {
            pdf_engine: engine,
            ..opts.clone()
        },
    )?;
    let n = pages.len();
    let mut doc = clean_pages(&pages, opts);
    if doc.text.trim().is_empty() {
        return Err(ExtractError::NoText(format!(
            "{n} page(s) but no extractable text; probably scanned images"
        )));
    }
    if let Some(t) = truncated::Truncation::of(bytes) {
        doc.notes.insert(0, t.note(&pages));
    }
    Ok(doc)
}

/// The raw page texts of a PDF as the engine `opts.pdf_engine` reads them (before any
/// cleaning), with the same guards as [`extract`]: for comparing engines and measuring
/// their speed. Errors as [`extract`] gives them for a PDF, without its fallback engine.
pub fn read_pdf_pages(bytes: &[u8], opts: &ExtractOptions) -> Result<Vec<String>, ExtractError> {
    if pdf::has_encrypt_entry(bytes) {
        return Err(ExtractError::Encrypted(
            "the trailer names an /Encrypt dictionary".to_owned(),
        ));
    }
    pdf::read_pages(bytes, opts.pdf_timeout, opts.pdf_engine)
}

/// Cleans plain text (a text file's content, already decoded) into a [`CleanDoc`]. HTML tags
/// that leaked into the text (`<p>`, `<br>`) are removed; form feeds (`\f`) separate pages.
/// Cleaning the `text` of the result again gives the same text.
pub fn clean_text(text: &str, opts: &ExtractOptions) -> CleanDoc {
    let (stripped, tags) = html::strip_tags_in_text(text);
    let paged = stripped.contains('\u{0C}');
    let pages: Vec<String> = if paged {
        stripped.split('\u{0C}').map(str::to_owned).collect()
    } else {
        vec![stripped]
    };
    let mut doc = clean(pages, paged, false, opts);
    if tags > 0 {
        doc.notes.insert(
            0,
            Note::new(
                Severity::Info,
                "html_tags_removed",
                format!("removed {tags} HTML tag(s) found in the text"),
            ),
        );
    }
    doc
}

/// Cleans the page texts of a PDF (page 1 first) into a [`CleanDoc`] with page numbers.
pub fn clean_pages(pages: &[String], opts: &ExtractOptions) -> CleanDoc {
    clean(pages.to_vec(), true, true, opts)
}

/// Converts an HTML document to text (block elements to blank lines, `<br>` to a newline,
/// table cells to tabs, entities decoded, script/style dropped), before cleaning.
pub fn html_to_text(html: &str) -> String {
    html::html_to_text(html)
}

static SPLIT_ORDINAL: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"\b(\d{1,3}) (st|nd|rd|th)\b").ok());

/// "23 rd June" -> "23rd June", when the suffix is the right one for the number.
fn join_split_ordinals(s: &str) -> String {
    let Some(re) = SPLIT_ORDINAL.as_ref() else {
        return s.to_owned();
    };
    if !s.contains(" st") && !s.contains(" nd") && !s.contains(" rd") && !s.contains(" th") {
        return s.to_owned();
    }
    re.replace_all(s, |c: &regex::Captures<'_>| {
        let whole = c.get(0).map_or("", |m| m.as_str()).to_owned();
        let (Some(n), Some(suf)) = (c.get(1), c.get(2)) else {
            return whole;
        };
        let Ok(v) = n.as_str().parse::<u32>() else {
            return whole;
        };
        let want = match (v % 100, v % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        if suf.as_str() == want {
            format!("{}{}", n.as_str(), want)
        } else {
            whole
        }
    })
    .into_owned()
}

static DAMAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?ix)
        <\s*truncated\s+\d+\s+(?:characters?|chars?|bytes?|lines?|words?)\s*>
        | \[\s*(?:\.{3}\s*)?(?:truncated|text\s+truncated|content\s+truncated|omitted|text\s+missing)[^\[\]\n]{0,40}\]
        | <\s*(?:text|content)\s+(?:truncated|omitted|missing)[^<>\n]{0,40}>
        ",
    )
    .ok()
});

/// The shared cleanup pipeline.
fn clean(pages: Vec<String>, paged: bool, pdf: bool, opts: &ExtractOptions) -> CleanDoc {
    let mut notes: Vec<Note> = Vec::new();
    let mut page_lines = normalized_page_lines(&pages, &mut notes);
    let mut report = layout::FurnitureReport::default();
    let footnotes = remove_page_furniture(&mut page_lines, paged, &mut report);
    let mut groups = blocks::group(page_tokens(page_lines, paged));
    if opts.strip_boilerplate {
        strip_boilerplate(&mut groups, &mut notes);
    }
    let ctx = Ctx::new(&groups, pdf);
    let mut units = blocks::build_units(&groups, &ctx);
    let n_footnotes = footnotes.len();
    for (page, f) in footnotes {
        units.push(footnote_unit(page, &f));
    }
    let (text, blocks) = blocks::render(&units);
    furniture_notes(&report, n_footnotes, &mut notes);
    damage_notes(&text, &mut notes);
    gap_notes(&blocks, &mut notes);
    let removed_furniture = removed_furniture(&report);
    CleanDoc {
        text,
        blocks,
        notes,
        pages: if paged {
            u32::try_from(pages.len()).ok()
        } else {
            None
        },
        removed_furniture,
    }
}

/// Normalises each page's characters, word spacing and split ordinals and splits it into
/// lines, noting how many lines had their words respaced.
fn normalized_page_lines(pages: &[String], notes: &mut Vec<Note>) -> Vec<layout::PageLines> {
    let mut respaced = 0;
    let page_lines: Vec<layout::PageLines> = pages
        .iter()
        .map(|p| {
            let n = normalize::normalize_chars(p).replace('\u{0C}', "\n");
            let (n, k) = spacing::repair_word_spacing(&n);
            respaced += k;
            layout::split_lines(&join_split_ordinals(&n))
        })
        .collect();
    if respaced > 0 {
        notes.push(Note::new(
            Severity::Info,
            "word_spacing_repaired",
            format!("{respaced} line(s) separated their words with tabs or wide spaces; read as single spaces"),
        ));
    }
    page_lines
}

/// Removes running lines, contents lists, footnotes and page numbers from documents of two
/// or more pages, recording them in `report`; returns the footnotes with their pages.
fn remove_page_furniture(
    page_lines: &mut [layout::PageLines],
    paged: bool,
    report: &mut layout::FurnitureReport,
) -> Vec<(Option<u32>, String)> {
    let mut footnotes: Vec<(Option<u32>, String)> = Vec::new();
    if page_lines.len() >= 2 {
        layout::remove_running_lines(page_lines, report);
        layout::remove_contents(page_lines, report);
        for (i, p) in page_lines.iter_mut().enumerate() {
            for f in layout::take_footnotes(p, report) {
                footnotes.push((page_no(paged, i), f));
            }
        }
        layout::remove_page_numbers(page_lines, report);
    }
    footnotes
}

/// Turns the pages' lines into tokens: a line, a blank, or a break between pages.
fn page_tokens(page_lines: Vec<layout::PageLines>, paged: bool) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    for (i, p) in page_lines.into_iter().enumerate() {
        if i > 0 {
            toks.push(Tok::PageBreak);
        }
        for l in p {
            if l.text.is_empty() {
                toks.push(Tok::Blank);
            } else {
                toks.push(Tok::Line(SrcLine {
                    text: l.text,
                    indent: l.indent,
                    page: page_no(paged, i),
                }));
            }
        }
    }
    toks
}

/// A moved footnote as a text paragraph with its whitespace collapsed.
fn footnote_unit(page: Option<u32>, f: &str) -> Unit {
    let mut u = Unit {
        shape: Shape::Text,
        number: None,
        body: f.split_whitespace().collect::<Vec<_>>().join(" "),
        page,
        blanks_before: 1,
        page_break_before: false,
    };
    u.body = u.body.trim().to_owned();
    u
}

/// The removed header/footer lines worth naming: the running example (when running lines
/// were removed) and the dated lines.
fn removed_furniture(report: &layout::FurnitureReport) -> Vec<String> {
    report
        .example
        .iter()
        .filter(|_| report.running > 0)
        .chain(&report.dated)
        .cloned()
        .collect()
}

fn page_no(paged: bool, i: usize) -> Option<u32> {
    if paged {
        u32::try_from(i + 1).ok()
    } else {
        None
    }
}

/// Removes boilerplate groups: whole boilerplate pages (copyright page, back page), groups
/// with a phrase only boilerplate has, and the trailing run of address/contact/credit
/// groups.
fn strip_boilerplate(groups: &mut Vec<Group>, notes: &mut Vec<Note>) {
    let strong = classify_groups(groups, boiler::is_strong);
    let weak = classify_groups(groups, boiler::is_weak);
    let mut remove = strong.clone();
    mark_boilerplate_pages(groups, &strong, &weak, &mut remove);
    mark_trailing_run(&strong, &weak, &mut remove);
    let (lines, example) = drop_marked_groups(groups, remove);
    if lines > 0 {
        notes.push(Note::new(
            Severity::Info,
            "boilerplate_removed",
            format!(
                "removed {lines} line(s) of boilerplate (back page, copyright, address, \
                 publisher footer), starting with {:?}",
                example.unwrap_or_default()
            ),
        ));
    }
}

/// Whether each group's lines pass `test` (a strong or weak boilerplate test).
fn classify_groups(groups: &[Group], test: fn(&[&str]) -> bool) -> Vec<bool> {
    groups
        .iter()
        .map(|g| {
            let t: Vec<String> = g.lines.iter().map(|l| l.text.clone()).collect();
            let r: Vec<&str> = t.iter().map(String::as_str).collect();
            test(&r)
        })
        .collect()
}

/// Marks every group of a page that is mostly boilerplate: at least two strong groups and
/// at least three fifths strong or weak.
fn mark_boilerplate_pages(groups: &[Group], strong: &[bool], weak: &[bool], remove: &mut [bool]) {
    let mut by_page: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, g) in groups.iter().enumerate() {
        if let Some(p) = g.lines.first().and_then(|l| l.page) {
            by_page.entry(p).or_default().push(i);
        }
    }
    for idx in by_page.values() {
        let s = idx
            .iter()
            .filter(|&&i| strong.get(i) == Some(&true))
            .count();
        let w = idx
            .iter()
            .filter(|&&i| strong.get(i) == Some(&true) || weak.get(i) == Some(&true))
            .count();
        if s >= 2 && w * 5 >= idx.len() * 3 {
            for &i in idx {
                if let Some(r) = remove.get_mut(i) {
                    *r = true;
                }
            }
        }
    }
}

/// Marks the trailing run of groups that are strong, weak or already marked.
fn mark_trailing_run(strong: &[bool], weak: &[bool], remove: &mut [bool]) {
    for i in (0..remove.len()).rev() {
        if strong.get(i) == Some(&true)
            || weak.get(i) == Some(&true)
            || remove.get(i) == Some(&true)
        {
            if let Some(r) = remove.get_mut(i) {
                *r = true;
            }
        } else {
            break;
        }
    }
}

/// Drops the marked groups; returns how many lines went and the opening of the first.
fn drop_marked_groups(groups: &mut Vec<Group>, remove: Vec<bool>) -> (usize, Option<String>) {
    let mut lines = 0usize;
    let mut example: Option<String> = None;
    let mut kept = Vec::with_capacity(groups.len());
    for (g, r) in groups.drain(..).zip(remove) {
        if r {
            lines += g.lines.len();
            if example.is_none() {
                example = g.lines.first().map(|l| l.text.chars().take(60).collect());
            }
        } else {
            kept.push(g);
        }
    }
    *groups = kept;
    (lines, example)
}

fn furniture_notes(r: &layout::FurnitureReport, footnotes: usize, notes: &mut Vec<Note>) {
    if r.running + r.page_numbers > 0 {
        notes.push(Note::new(
            Severity::Info,
            "page_furniture_removed",
            format!(
                "removed {} running header/footer line(s){} and {} page number(s)",
                r.running,
                r.example
                    .as_ref()
                    .map(|e| format!(" such as {e:?}"))
                    .unwrap_or_default(),
                r.page_numbers
            ),
        ));
    }
    if !r.dated.is_empty() {
        let quoted: Vec<String> = r.dated.iter().map(|l| format!("{l:?}")).collect();
        notes.push(Note::new(
            Severity::Info,
            "page_furniture_dates",
            format!(
                "removed running header/footer lines carry dates: {}",
                quoted.join("; ")
            ),
        ));
    }
    if r.contents > 0 {
        notes.push(Note::new(
            Severity::Info,
            "contents_removed",
            format!("removed a contents list of {} line(s)", r.contents),
        ));
    }
    if footnotes > 0 {
        notes.push(Note::new(
            Severity::Info,
            "footnotes_moved",
            format!(
                "moved {footnotes} footnote(s) to the end of the text and removed {} marker(s)",
                r.footnote_markers
            ),
        ));
    }
}

/// A note for each damage marker ("< truncated 42 characters >") left in the text.
fn damage_notes(text: &str, notes: &mut Vec<Note>) {
    let Some(re) = DAMAGE.as_ref() else {
        return;
    };
    for m in re.find_iter(text) {
        notes.push(Note::at(
            Severity::Error,
            "damage_marker",
            format!(
                "the source text is damaged here: it contains the marker {:?}; text around it is missing",
                m.as_str()
            ),
            m.start(),
            m.end(),
        ));
    }
}

/// A note where numbered paragraphs skip numbers (12 then 14).
fn gap_notes(blocks: &[Block], notes: &mut Vec<Note>) {
    let mut prev: Option<u32> = None;
    for b in blocks {
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading) {
            continue;
        }
        let Some(n) = b.number.as_deref().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if let Some(p) = prev
            && n > p + 1
            && n <= p + 10
        {
            let missing = if n == p + 2 {
                format!("{} is missing", p + 1)
            } else {
                format!("{} to {} are missing", p + 1, n - 1)
            };
            notes.push(Note::at(
                Severity::Warning,
                "paragraph_number_gap",
                format!("numbered paragraphs jump from {p} to {n}: {missing}"),
                b.start,
                b.end,
            ));
        }
        prev = Some(n);
    }
}

crate::rx::register!(SPLIT_ORDINAL, DAMAGE; blocks, boiler, html, layout);

#[cfg(test)]
mod tests;
