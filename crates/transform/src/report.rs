//! The facts an Ofsted report or letter gives about its own inspection: title, framework
//! and inspection type, dates on site, publication date, lead inspector and judgements.
//! (Owner: reports helper.)
//!
//! A document counts as an Ofsted **report** when a line near its top starts with
//! "Inspection of ..." (or "Review of ...") and an "Inspection date(s)" / "Lead inspector" /
//! "Reporting inspector" line follows it closely; as an Ofsted **letter** when it opens
//! with a "Dear ..." salutation, names one of the letter frameworks (unannounced inspection
//! of contact, referral and assessment, focused visit, monitoring visit, joint targeted
//! area inspection) and is signed by an inspector. Anything else (news, committee papers)
//! gets no own inspection here: `secondary` reads those.

mod send;
pub(crate) mod text;

use crate::framework;
use crate::judgements;
use crate::{InspectionMention, Spanned};
use crate::{floor_boundary, squash};
use chrono::NaiveDate;
use ofsted_model::doc::{CleanDoc, Note, Severity};
use ofsted_model::vocab::{Area, Framework, InspectionType, TypeBasis};
use regex::Regex;
use std::sync::LazyLock;
use text::{DateHit, Line, find_dates, lines};

/// What a report says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFacts {
    /// Title as printed (one line).
    pub title: Option<Spanned<String>>,
    /// The report's own inspection (`is_primary == true`), if this is an Ofsted report or letter.
    pub inspection: Option<InspectionMention>,
    /// The date the document carries (letter date).
    pub document_date: Option<Spanned<NaiveDate>>,
    /// Publication date when printed.
    pub published: Option<Spanned<NaiveDate>>,
    /// Doubts and conflicts.
    pub notes: Vec<Note>,
}

/// The kind of Ofsted document, as far as this module can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnKind {
    /// An inspection report with a title page.
    Report,
    /// A letter (unannounced inspection, focused or monitoring visit).
    Letter,
}

/// How far into the text the title page may reach (bytes).
const TOP: usize = 4000;

static TITLE_START_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"^(?:Inspection|Re-?\s?inspection|Review|Area\s+SEND\s+(?:full\s+)?(?:re-?)?inspection)\s+of\b").ok()
});

static TITLE_PAGE_LABEL_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?im)^[ \t]*(?:inspection\s+dates?|lead\s+inspector|reporting\s+inspector|report\s+published)\b").ok()
});

static INSPECTION_DATES_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)\binspection\s+dates?\s*:?").ok());

static PUBLISHED_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?im)(?:^[ \t]*(?:report\s+)?(?:published|publication\s+date)\s*:?|\b(?:report\s+)?(?:published|publication\s+date)\s*:)[ \t]*").ok()
});

static LEAD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?im)^[ \t]*(?:lead|reporting)\s+inspector\s*:?[ \t]+([^\n]+)").ok()
});

static DEAR_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?m)^[ \t]*Dear\s+\S").ok());

static SIGN_OFF_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)\byours?\s+(?:sincerely|faithfully)\b").ok());

static LETTER_DATES_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:conducted|carried\s+out|took\s+place|undertaken|visited|visit\s+(?:was\s+)?(?:on|from|between)|inspected|held)\b").ok()
});

/// Titles printed before a name and not part of it.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr"];

/// Words that end a name (roles and titles printed after it).
const NAME_STOP: &[&str] = &[
    "hmi",
    "her",
    "his",
    "ofsted",
    "oi",
    "ai",
    "lead",
    "inspector",
    "senior",
    "regional",
    "director",
    "social",
    "care",
    "additional",
    "associate",
    "deputy",
    "team",
];

/// Tells whether `doc` is an Ofsted report or letter (`None`: something else).
pub fn own_kind(text: &str) -> Option<OwnKind> {
    if title_line(text).is_some() {
        return Some(OwnKind::Report);
    }
    let top = head(text, TOP);
    let dear = DEAR_RE.as_ref().and_then(|re| re.find(top))?;
    let after = text.get(dear.start()..).unwrap_or("");
    // signed ("Yours sincerely", misprinted "Your sincerely"), or a letter in its own words
    let signed = SIGN_OFF_RE.as_ref().is_some_and(|re| re.is_match(after))
        || after.contains("This letter summarises");
    let named = framework::framework_from_letter(head(after, 3000)).is_some();
    let ofsted = text.contains("Majesty") || text.to_lowercase().contains("ofsted");
    (signed && named && ofsted).then_some(OwnKind::Letter)
}

/// Whether `text` is an Area SEND report (its title names that framework).
pub(crate) fn is_area_send(text: &str) -> bool {
    report_title(text)
        .and_then(|t| framework::framework_from_title(&t.value))
        .is_some_and(|f| f.value == Framework::AreaSend)
}

/// The first `n` bytes of `text` (on a char boundary).
fn head(text: &str, n: usize) -> &str {
    text.get(..floor_boundary(text, n)).unwrap_or(text)
}

/// Index (into `lines`) of the report's title line, if the document has a title page.
fn title_line(text: &str) -> Option<usize> {
    let ls = lines(text);
    let re = TITLE_START_RE.as_ref()?;
    let label = TITLE_PAGE_LABEL_RE.as_ref()?;
    for (i, l) in ls.iter().enumerate() {
        if l.start > TOP {
            break;
        }
        if re.is_match(l.text) {
            let window = text.get(l.start..floor_boundary(text, l.start + 1500))?;
            if label.is_match(window) {
                return Some(i);
            }
        }
    }
    None
}

/// Strips a footnote marker glued to the end of a word ("board1" -> "board").
fn strip_footnote(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| c.is_ascii_digit());
    if t.len() < s.len() && s.len() - t.len() <= 2 && t.ends_with(|c: char| c.is_alphabetic()) {
        t
    } else {
        s
    }
}

fn is_council_line(t: &str) -> bool {
    let l = t.to_lowercase();
    ["council", "borough", "county", "city of", "royal borough"]
        .iter()
        .any(|w| l.contains(w))
}

fn is_title_page_label(t: &str) -> bool {
    TITLE_PAGE_LABEL_RE
        .as_ref()
        .is_some_and(|re| re.is_match(t))
        || t.to_lowercase().starts_with("published")
        || t.to_lowercase().starts_with("age group")
}

/// The title of a report: its "Inspection of ..." line and the lines that continue it.
fn report_title(text: &str) -> Option<Spanned<String>> {
    let ls = lines(text);
    let i = title_line(text)?;
    let first = ls.get(i)?;
    let mut parts: Vec<&str> = vec![strip_footnote(first.text)];
    let mut end = first.end;
    let mut blanks = 0;
    for l in ls.iter().skip(i + 1) {
        if l.is_blank() {
            blanks += 1;
            if blanks > 3 {
                break;
            }
            continue;
        }
        let t = l.text;
        if t.chars().all(|c| c.is_ascii_digit()) {
            // footnote marker on its own line
            continue;
        }
        if is_title_page_label(t) || !find_dates(t).is_empty() {
            break;
        }
        let prev = parts.last().copied().unwrap_or("");
        let prev_l = prev.to_lowercase();
        let starts_lower = t.chars().next().is_some_and(|c| c.is_lowercase());
        let joiner = t.eq_ignore_ascii_case("and")
            || t.to_lowercase().starts_with("and ")
            || prev_l == "and"
            || prev_l.ends_with(" and")
            || prev_l.ends_with(" of")
            || prev_l.ends_with(" the")
            || prev_l.ends_with(',');
        let short_tail = t.split_whitespace().count() <= 3
            && !is_council_line(t)
            && !prev.ends_with(['.', ':', ')']);
        if starts_lower || joiner || short_tail {
            if is_council_line(t) && !starts_lower && !joiner {
                break;
            }
            parts.push(strip_footnote(t));
            end = l.end;
        } else {
            break;
        }
    }
    Some(Spanned {
        value: squash(&parts.join(" ")),
        start: first.start,
        end,
    })
}

/// The subject line of a letter: the first non-blank line after the salutation.
fn letter_title(text: &str) -> Option<Spanned<String>> {
    let dear = DEAR_RE.as_ref()?.find(head(text, TOP))?;
    let ls = lines(text);
    let mut it = ls
        .iter()
        .filter(|l| l.start > dear.start() && !l.is_blank());
    let l = it.next()?;
    if l.text.len() > 300 {
        return None;
    }
    Some(Spanned {
        value: squash(l.text),
        start: l.start,
        end: l.end,
    })
}

fn to_spanned(h: &DateHit, base: usize) -> (Spanned<NaiveDate>, Spanned<NaiveDate>) {
    (
        Spanned {
            value: h.from,
            start: base + h.start,
            end: base + h.end,
        },
        Spanned {
            value: h.to,
            start: base + h.start,
            end: base + h.end,
        },
    )
}

/// The "Inspection date(s): ..." range of a report.
fn labelled_dates(text: &str) -> Option<DateHit> {
    let re = INSPECTION_DATES_RE.as_ref()?;
    for m in re.find_iter(text) {
        let hi = floor_boundary(text, m.end() + 90);
        let win = text.get(m.end()..hi).unwrap_or("");
        // the dates follow the label directly (same or next line)
        let lead = win.len() - win.trim_start().len();
        if let Some(h) = find_dates(win).into_iter().find(|h| h.start <= lead + 2) {
            return Some(DateHit {
                start: m.end() + h.start,
                end: m.end() + h.end,
                ..h
            });
        }
    }
    None
}

/// Running headers/footers and other short lines that carry an inspection date range.
fn furniture_ranges(text: &str) -> Vec<DateHit> {
    let mut out = Vec::new();
    for l in lines(text) {
        if l.text.len() > 160 || l.is_blank() {
            continue;
        }
        for h in find_dates(l.text) {
            if h.from == h.to {
                continue;
            }
            let rest = format!(
                "{}{}",
                l.text.get(..h.start).unwrap_or(""),
                l.text.get(h.end..).unwrap_or("")
            );
            let rest_l = rest.to_lowercase();
            let only_date = rest
                .trim_matches(|c: char| {
                    c.is_whitespace() || c.is_ascii_digit() || "()|-–".contains(c)
                })
                .is_empty();
            if only_date || rest_l.trim_start().starts_with("inspection of") {
                out.push(DateHit {
                    start: l.start + h.start,
                    end: l.start + h.end,
                    ..h
                });
            }
        }
    }
    out
}

fn fmt_range(h: &DateHit) -> String {
    if h.from == h.to {
        h.from.to_string()
    } else {
        format!("{} to {}", h.from, h.to)
    }
}

/// Cleans a name read after "Lead inspector:" or above a sign-off.
fn clean_name(raw: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for tok in raw.split([' ', '\t', '\u{a0}']).filter(|t| !t.is_empty()) {
        let bare = tok.trim_matches(|c: char| c == ',' || c == ';' || c == '(' || c == ')');
        let low = bare.to_lowercase();
        if NAME_STOP.contains(&low.as_str()) || low.contains("majesty") || bare.is_empty() {
            break;
        }
        if !bare.chars().next().is_some_and(|c| c.is_uppercase()) {
            break;
        }
        if out.is_empty() && HONORIFICS.contains(&low.trim_end_matches('.')) {
            continue;
        }
        out.push(bare);
        if tok.ends_with(',') || out.len() >= 5 {
            break;
        }
    }
    if out.is_empty() || out.len() > 5 {
        return None;
    }
    Some(out.join(" "))
}

fn lead_inspector(text: &str) -> Option<Spanned<String>> {
    let re = LEAD_RE.as_ref()?;
    for c in re.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        if let Some(name) = clean_name(m.as_str())
            && name.split_whitespace().count() >= 2
        {
            let start = m.start();
            return Some(Spanned {
                end: start + name.len().min(m.len()),
                value: name,
                start,
            });
        }
    }
    None
}

fn signed_inspector(text: &str) -> Option<Spanned<String>> {
    let m = SIGN_OFF_RE.as_ref()?.find(text)?;
    let ls = lines(text);
    let after: Vec<&Line<'_>> = ls
        .iter()
        .filter(|l| l.start >= m.end() && !l.is_blank())
        .take(2)
        .collect();
    let l = after.first()?;
    let name = clean_name(l.text)?;
    if name.split_whitespace().count() < 2 {
        return None;
    }
    // the role must follow on the same or the next line
    let role_here = l.text.to_lowercase();
    let role_next = after
        .get(1)
        .map(|n| n.text.to_lowercase())
        .unwrap_or_default();
    let is_role = |s: &str| s.contains("majesty") || s.contains("hmi") || s.contains("inspector");
    if !(is_role(&role_here) || is_role(&role_next)) {
        return None;
    }
    Some(Spanned {
        start: l.start,
        end: l.start + name.len().min(l.text.len()),
        value: name,
    })
}

/// The first line of the letter head that is a date alone ("8 December 2010").
fn letter_date(text: &str) -> Option<Spanned<NaiveDate>> {
    let dear = DEAR_RE.as_ref()?.find(head(text, TOP))?;
    for l in lines(text) {
        if l.start >= dear.start() {
            break;
        }
        let hits = find_dates(l.text);
        if let [h] = hits.as_slice()
            && h.from == h.to
            && l.text.len() - (h.end - h.start) <= 4
        {
            return Some(Spanned {
                value: h.from,
                start: l.start + h.start,
                end: l.start + h.end,
            });
        }
    }
    None
}

/// Reads the report's own facts. `la` is the authority already detected.
pub fn analyse_report(doc: &CleanDoc, la: Option<&Spanned<crate::LaRef>>) -> ReportFacts {
    let text = doc.text.as_str();
    match own_kind(text) {
        Some(OwnKind::Report) => analyse_own_report(text, &doc.removed_furniture, la),
        Some(OwnKind::Letter) => analyse_letter(text, la),
        None => ReportFacts::default(),
    }
}

fn analyse_own_report(
    text: &str,
    removed_furniture: &[String],
    la: Option<&Spanned<crate::LaRef>>,
) -> ReportFacts {
    let mut notes = Vec::new();
    let title = report_title(text);
    let chosen = report_dates(text, removed_furniture, &mut notes);
    let (start, end) = date_spans(chosen.as_ref());
    let published = published_date(text);

    let lead = lead_inspector(text);
    if lead.is_none() {
        notes.push(Note::new(
            Severity::Warning,
            "lead_inspector_not_found",
            "no 'Lead inspector' or 'Reporting inspector' line found; lead inspector left empty",
        ));
    }

    let (judgements, jnotes) = judgements::find_judgements(text);
    notes.extend(jnotes);
    let fw = report_framework(text, title.as_ref(), &judgements, &mut notes);
    let (inspection_type, type_basis) = if fw.value == Framework::Ilacs {
        ilacs_type(text, start.as_ref(), end.as_ref())
    } else {
        (None, None)
    };

    let mut judgements = judgements;
    let mut lead = lead;
    let send_outcome = settle_judgements(text, fw.value, &mut judgements, &mut lead, &mut notes);

    let inspection = InspectionMention {
        is_primary: true,
        relation: ofsted_model::vocab::Relation::Primary,
        la: la.cloned(),
        framework: fw,
        inspection_type,
        type_basis,
        start,
        end,
        period: None,
        published: published.clone(),
        lead_inspector: lead,
        judgements,
        send_outcome,
    };
    ReportFacts {
        title,
        inspection: Some(inspection),
        document_date: published.clone(),
        published,
        notes,
    }
}

/// A report's dates on site: the "Inspection date(s)" range, else the first range of a
/// running header/footer, else the first range near the top. Notes each other range the
/// headers/footers give (or that none was found) into `notes`.
fn report_dates(
    text: &str,
    removed_furniture: &[String],
    notes: &mut Vec<Note>,
) -> Option<DateHit> {
    let labelled = labelled_dates(text);
    let furniture = all_furniture_ranges(text, removed_furniture);
    let chosen = labelled.or_else(|| furniture.first().copied()).or_else(|| {
        find_dates(head(text, TOP))
            .into_iter()
            .find(|h| h.from != h.to)
    });
    if let Some(c) = &chosen {
        notes.extend(date_conflicts(c, &furniture));
    } else {
        notes.push(Note::new(
            Severity::Warning,
            "dates_not_found",
            "no inspection dates found on the title page; start and end left empty",
        ));
    }
    chosen
}

/// The date ranges of running headers/footers: those left in the text, then those extract
/// removed (without a span).
fn all_furniture_ranges(text: &str, removed_furniture: &[String]) -> Vec<DateHit> {
    let mut furniture = furniture_ranges(text);
    // running headers/footers removed by extract, with their dates
    for line in removed_furniture {
        furniture.extend(
            find_dates(line)
                .into_iter()
                .filter(|h| h.from != h.to)
                .map(|h| DateHit {
                    start: 0,
                    end: 0,
                    ..h
                }),
        );
    }
    furniture
}

/// One `date_conflict` note for each distinct header/footer range that differs from the
/// `chosen` dates.
fn date_conflicts(chosen: &DateHit, furniture: &[DateHit]) -> Vec<Note> {
    let c = chosen;
    let mut notes = Vec::new();
    let mut seen: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for f in furniture {
        if (f.from, f.to) != (c.from, c.to) && !seen.contains(&(f.from, f.to)) {
            seen.push((f.from, f.to));
            let mut note = Note::at(
                Severity::Warning,
                "date_conflict",
                format!(
                    "inspection dates read as {} (title page) but {} elsewhere (running header/footer); kept {}",
                    fmt_range(c),
                    fmt_range(f),
                    fmt_range(c)
                ),
                f.start,
                f.end,
            );
            if f.start == f.end {
                note.span = None;
            }
            notes.push(note);
        }
    }
    notes
}

/// The first and last day on site of a chosen date range (both `None` without one).
fn date_spans(
    chosen: Option<&DateHit>,
) -> (Option<Spanned<NaiveDate>>, Option<Spanned<NaiveDate>>) {
    match chosen {
        Some(h) => {
            let (s, e) = to_spanned(h, 0);
            (Some(s), Some(e))
        }
        None => (None, None),
    }
}

/// The publication date printed after "Published" / "Publication date".
fn published_date(text: &str) -> Option<Spanned<NaiveDate>> {
    PUBLISHED_RE.as_ref().and_then(|re| {
        re.find_iter(text).find_map(|m| {
            let hi = floor_boundary(text, m.end() + 40);
            let win = text.get(m.end()..hi).unwrap_or("");
            find_dates(win)
                .into_iter()
                .find(|h| h.start <= 2 && h.from == h.to)
                .map(|h| Spanned {
                    value: h.from,
                    start: m.end() + h.start,
                    end: m.end() + h.end,
                })
        })
    })
}

/// A report's framework: from its title wording, else from its judgement labels, else
/// `Unknown` (noted into `notes`).
fn report_framework(
    text: &str,
    title: Option<&Spanned<String>>,
    judgements: &[crate::Judgement],
    notes: &mut Vec<Note>,
) -> Spanned<Framework> {
    title
        .and_then(|t| {
            let s = text.get(t.start..t.end).unwrap_or("");
            framework::framework_from_title(s).map(|f| Spanned {
                value: f.value,
                start: t.start + f.start,
                end: t.start + f.end,
            })
        })
        .or_else(|| {
            framework::framework_from_areas(judgements.iter().map(|j| &j.area)).map(|f| {
                let (s, e) = judgements.first().map_or((0, 0), |j| (j.start, j.end));
                Spanned {
                    value: f,
                    start: s,
                    end: e,
                }
            })
        })
        .unwrap_or_else(|| {
            notes.push(Note::new(
                Severity::Warning,
                "framework_unknown",
                "the title and the judgement labels name no known inspection framework",
            ));
            Spanned {
                value: Framework::Unknown,
                start: 0,
                end: 0,
            }
        })
}

/// The ILACS inspection type (standard/short) and how it was found, from the text and the
/// dates on site.
fn ilacs_type(
    text: &str,
    start: Option<&Spanned<NaiveDate>>,
    end: Option<&Spanned<NaiveDate>>,
) -> (Option<InspectionType>, Option<TypeBasis>) {
    match framework::inspection_type(text, start.map(|s| s.value), end.map(|s| s.value)) {
        Some((t, b)) => (Some(t), Some(b)),
        None => (None, None),
    }
}

/// Applies [`area_send_facts`] to an Area SEND report and returns its outcome; for other
/// reports notes when no judgement, or no overall effectiveness grade, was found.
fn settle_judgements(
    text: &str,
    fw: Framework,
    judgements: &mut Vec<crate::Judgement>,
    lead: &mut Option<Spanned<String>>,
    notes: &mut Vec<Note>,
) -> Option<Spanned<String>> {
    if fw == Framework::AreaSend {
        return area_send_facts(text, judgements, lead, notes);
    }
    if judgements.is_empty() {
        notes.push(Note::new(
            Severity::Info,
            "no_judgements",
            "no graded judgement of this inspection was found in the report",
        ));
    } else if fw != Framework::Unknown
        && !judgements
            .iter()
            .any(|j| j.area == Area::OverallEffectiveness)
    {
        notes.push(Note::new(
            Severity::Info,
            "no_overall_effectiveness",
            "the report gives no overall effectiveness grade",
        ));
    }
    None
}

/// What an Area SEND report adds or takes away: never a children's-services judgement
/// (any grade words read are dropped, with a note), the lead from the team list, and the
/// inspection outcome (see [`send`]), returned.
fn area_send_facts(
    text: &str,
    judgements: &mut Vec<crate::Judgement>,
    lead: &mut Option<Spanned<String>>,
    notes: &mut Vec<Note>,
) -> Option<Spanned<String>> {
    if !judgements.is_empty() {
        notes.push(Note::new(
            Severity::Info,
            "area_send_grades_dropped",
            format!(
                "an Area SEND report grades no children's services; {} grade(s) read from its text were not kept",
                judgements.len()
            ),
        ));
        judgements.clear();
    }
    if let Some(l) = send::ofsted_lead(text) {
        notes.retain(|n| n.code != "lead_inspector_not_found");
        *lead = Some(l);
    }
    let outcome = send::outcome(text);
    if outcome.is_none() {
        notes.push(Note::new(
            Severity::Warning,
            "area_send_outcome_not_found",
            "no inspection outcome statement of the Area SEND framework was found",
        ));
    }
    outcome
}

fn analyse_letter(text: &str, la: Option<&Spanned<crate::LaRef>>) -> ReportFacts {
    let mut notes = Vec::new();
    let title = letter_title(text);
    let dear = salutation_start(text);
    let body = text.get(dear..).unwrap_or("");
    let fw = letter_framework(body, dear);

    let chosen = letter_dates(text, body, dear);
    if chosen.is_none() {
        notes.push(Note::new(
            Severity::Warning,
            "dates_not_found",
            "the letter gives no dates of the visit; start and end left empty",
        ));
    }
    let (start, end) = date_spans(chosen.as_ref());
    let lead = lead_inspector(text).or_else(|| signed_inspector(text));
    if lead.is_none() {
        notes.push(Note::new(
            Severity::Warning,
            "lead_inspector_not_found",
            "no inspector's name found in the letter's sign-off; lead inspector left empty",
        ));
    }
    let document_date = letter_date(text);
    let inspection = InspectionMention {
        is_primary: true,
        relation: ofsted_model::vocab::Relation::Primary,
        la: la.cloned(),
        framework: fw,
        inspection_type: None,
        type_basis: None,
        start,
        end,
        period: None,
        published: None,
        lead_inspector: lead,
        judgements: Vec::new(),
        send_outcome: None,
    };
    ReportFacts {
        title,
        inspection: Some(inspection),
        document_date,
        published: None,
        notes,
    }
}

/// Byte offset of a letter's "Dear ..." salutation (0 without one near the top).
fn salutation_start(text: &str) -> usize {
    DEAR_RE
        .as_ref()
        .and_then(|re| re.find(head(text, TOP)))
        .map_or(0, |m| m.start())
}

/// The framework a letter's opening names (`Unknown` when none); `body` starts at byte
/// `dear` of the text.
fn letter_framework(body: &str, dear: usize) -> Spanned<Framework> {
    framework::framework_from_letter(head(body, 3000))
        .map(|f| Spanned {
            value: f.value,
            start: dear + f.start,
            end: dear + f.end,
        })
        .unwrap_or(Spanned {
            value: Framework::Unknown,
            start: 0,
            end: 0,
        })
}

/// A letter's dates on site: the "Inspection date(s)" range, else the first date after a
/// verb of visiting, else the first range of the opening paragraphs.
fn letter_dates(text: &str, body: &str, dear: usize) -> Option<DateHit> {
    labelled_dates(text)
        .or_else(|| dates_after_visit_verb(body, dear))
        .or_else(|| first_range_of_opening(body, dear))
}

/// The first range (or "on <day>") after a verb of visiting in `body` (which starts at
/// byte `dear` of the text).
fn dates_after_visit_verb(body: &str, dear: usize) -> Option<DateHit> {
    let re = LETTER_DATES_RE.as_ref()?;
    for m in re.find_iter(body) {
        let hi = floor_boundary(body, m.end() + 60);
        let win = body.get(m.end()..hi).unwrap_or("");
        if let Some(h) = find_dates(win).into_iter().next() {
            return Some(DateHit {
                start: dear + m.end() + h.start,
                end: dear + m.end() + h.end,
                ..h
            });
        }
    }
    None
}

/// The first date range in the letter's opening paragraphs (`body` starts at byte `dear`).
fn first_range_of_opening(body: &str, dear: usize) -> Option<DateHit> {
    let hi = floor_boundary(body, 2500);
    find_dates(body.get(..hi).unwrap_or(""))
        .into_iter()
        .find(|h| h.from != h.to)
        .map(|h| DateHit {
            start: dear + h.start,
            end: dear + h.end,
            ..h
        })
}

crate::rx::register!(TITLE_START_RE, TITLE_PAGE_LABEL_RE, INSPECTION_DATES_RE, PUBLISHED_RE, LEAD_RE, DEAR_RE, SIGN_OFF_RE, LETTER_DATES_RE; send);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ofsted_model::vocab::{Grade, InspectionType, TypeBasis};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn regexes_compile() {
        for r in [
            &TITLE_START_RE,
            &TITLE_PAGE_LABEL_RE,
            &INSPECTION_DATES_RE,
            &PUBLISHED_RE,
            &LEAD_RE,
            &DEAR_RE,
            &SIGN_OFF_RE,
            &LETTER_DATES_RE,
        ] {
            assert!(r.is_some());
        }
    }

    #[test]
    fn published_after_other_cell() {
        let t = "Inspection of looked after children services\n\nInspection dates: 15 – 19 July 2013\n\nReporting inspector\tHelen Cawston HMI\n\nAge group: All Published: 23 August 2013\n";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        assert_eq!(r.published.unwrap().value, d(2013, 8, 23));
    }

    #[test]
    fn ilacs_title_page() {
        let t = "Inspection of Camden local authority children's services\n\nInspection dates: 25 to 29 April 2022\n\nLead inspector: Steve Lowe, Her Majesty's Inspector\n\nJudgement\tGrade\nOverall effectiveness\tOutstanding\n\nText.";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        let m = r.inspection.unwrap();
        assert_eq!(
            r.title.unwrap().value,
            "Inspection of Camden local authority children's services"
        );
        assert_eq!(m.framework.value, Framework::Ilacs);
        assert_eq!(m.start.unwrap().value, d(2022, 4, 25));
        assert_eq!(m.end.unwrap().value, d(2022, 4, 29));
        assert_eq!(m.lead_inspector.unwrap().value, "Steve Lowe");
        assert_eq!(m.inspection_type, Some(InspectionType::Short));
        assert_eq!(m.type_basis, Some(TypeBasis::InferredFromDuration));
        assert_eq!(m.judgements.len(), 1);
        assert_eq!(m.judgements[0].grade, Grade::Outstanding);
        assert!(r.published.is_none());
    }

    #[test]
    fn sif_title_over_lines() {
        let t = "Bury Borough Council\n\nInspection of services for children in need of help and\nprotection, children looked after and care leavers\n\nAnd\n\nReview of the effectiveness of the Local Safeguarding Children\nBoard\n1\n\nInspection dates: 22 February 2016 – 17 March 2016\n\nReport published: 16 May 2016\n\nChildren’s services in Bury require improvement to be good\n\n1. Children who need help and protection  Good\n\nThe inspection team\n\nLead inspector: Sheena Doyle\n\nDeputy lead inspector: Nick Stacey\n";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        assert_eq!(
            r.title.unwrap().value,
            "Inspection of services for children in need of help and protection, children looked after and care leavers And Review of the effectiveness of the Local Safeguarding Children Board"
        );
        let m = r.inspection.unwrap();
        assert_eq!(m.framework.value, Framework::Sif);
        assert_eq!(m.inspection_type, None);
        assert_eq!(m.start.unwrap().value, d(2016, 2, 22));
        assert_eq!(m.end.unwrap().value, d(2016, 3, 17));
        assert_eq!(r.published.unwrap().value, d(2016, 5, 16));
        assert_eq!(m.lead_inspector.unwrap().value, "Sheena Doyle");
        assert_eq!(m.judgements.len(), 2);
    }

    #[test]
    fn lac_title_drops_council_line() {
        let t = "Inspection of looked after children\nservices\nKent County Council\n\nInspection dates:  15 – 19 July 2013\n\nReporting inspector  Helen Cawston HMI\n\nAge group: All\nPublished:  23 August 2013\n";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        assert_eq!(
            r.title.unwrap().value,
            "Inspection of looked after children services"
        );
        let m = r.inspection.unwrap();
        assert_eq!(m.framework.value, Framework::LacOnly);
        assert_eq!(m.lead_inspector.unwrap().value, "Helen Cawston");
        assert_eq!(r.published.unwrap().value, d(2013, 8, 23));
    }

    #[test]
    fn footer_dates_conflict() {
        let t = "Inspection of Gateshead local authority\nchildren’s services\n\nInspection dates: 2 to 6 December 2024\n\nLead inspector: Rachel Fairhurst, His Majesty’s Inspector\n\nText.\n\nInspection of Gateshead local authority children’s services\n6 to 12 December 2024 2\n\nMore text.";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        let m = r.inspection.unwrap();
        assert_eq!(m.start.unwrap().value, d(2024, 12, 2));
        assert!(
            r.notes.iter().any(
                |n| n.code == "date_conflict" && n.message.contains("2024-12-06 to 2024-12-12")
            )
        );
        assert_eq!(
            r.title.unwrap().value,
            "Inspection of Gateshead local authority children’s services"
        );
    }

    #[test]
    fn footer_dates_conflict_from_the_removed_furniture() {
        let t = "Inspection of Westminster local authority children’s services\n\nInspection dates: 11 to 15 November 2024\n\nLead inspector: Naintara Khosla, His Majesty’s Inspector\n";
        let mut d0 = CleanDoc::from_text(t);
        d0.removed_furniture = vec![
            "Inspection of Westminster local authority children’s services 11 to 15 November 2025"
                .into(),
        ];
        let r = analyse_report(&d0, None);
        assert_eq!(r.inspection.unwrap().start.unwrap().value, d(2024, 11, 11));
        assert!(
            r.notes
                .iter()
                .any(|n| n.code == "date_conflict" && n.span.is_none())
        );
    }

    #[test]
    fn lead_inspector_on_two_lines() {
        let t = "London Borough of Newham\n\nInspection of children’s social care services\n\nInspection dates: 11 February 2019 to 22 February 2019\n\nLead inspector:   Dawn Godfrey\nHer Majesty’s Inspector\n";
        let m = analyse_report(&CleanDoc::from_text(t), None)
            .inspection
            .unwrap();
        assert_eq!(m.lead_inspector.unwrap().value, "Dawn Godfrey");
        assert_eq!(m.inspection_type, Some(InspectionType::Standard));
    }

    #[test]
    fn cra_letter() {
        let t = "Ofsted address line\n\n8 December 2010\n\nMs A Person\nDirector\n\nDear Ms Person\n\nAnnual unannounced inspection of contact, referral and assessment arrangements within the London Borough of Camden children's services\n\nThis letter summarises the findings of the recent unannounced inspection of contact, referral and assessment arrangements in Camden which was conducted on 9 and 10 November 2010.\n\nStrengths\n\n- Good things.\n\nYours sincerely\n\nIan Young Her Majesty's Inspector\n";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        let m = r.inspection.unwrap();
        assert_eq!(m.framework.value, Framework::UnannouncedCra);
        assert_eq!(m.start.unwrap().value, d(2010, 11, 9));
        assert_eq!(m.end.unwrap().value, d(2010, 11, 10));
        assert_eq!(m.lead_inspector.unwrap().value, "Ian Young");
        assert_eq!(r.document_date.unwrap().value, d(2010, 12, 8));
        assert!(m.judgements.is_empty());
        assert!(
            r.title
                .unwrap()
                .value
                .starts_with("Annual unannounced inspection")
        );
    }

    #[test]
    fn monitoring_letter_dates_and_signature_on_two_lines() {
        let t = "12 April 2019\n\nDear Mr Smith\n\nMonitoring visit of Sandwell children’s services\n\nThis letter summarises the findings of the monitoring visit to Sandwell children’s services on 12 to 13 March 2019.\n\nYours sincerely\n\nDr Jane Smith\nHer Majesty’s Inspector\n";
        let r = analyse_report(&CleanDoc::from_text(t), None);
        let m = r.inspection.unwrap();
        assert_eq!(m.framework.value, Framework::MonitoringVisit);
        assert_eq!(m.start.unwrap().value, d(2019, 3, 12));
        assert_eq!(m.end.unwrap().value, d(2019, 3, 13));
        assert_eq!(m.lead_inspector.unwrap().value, "Jane Smith");
        assert_eq!(r.document_date.unwrap().value, d(2019, 4, 12));
    }

    #[test]
    fn seeds_in_repo() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let entries = std::fs::read_dir(&dir).expect("data/ is part of the repository");
        let mut seen = 0;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            let d0 = CleanDoc::from_text(&text);
            let r = analyse_report(&d0, None);
            let f = crate::findings::find_findings(&d0);
            if name.starts_with("000_") {
                seen += 1;
                let m = r.inspection.clone().unwrap();
                assert_eq!(m.lead_inspector.unwrap().value, "Steve Lowe");
                assert_eq!(m.judgements.len(), 4);
                assert_eq!(f.len(), 2);
            } else if name.starts_with("004_") {
                seen += 1;
                let m = r.inspection.clone().unwrap();
                assert_eq!(m.framework.value, Framework::Ilacs);
                assert_eq!(m.start.unwrap().value, d(2020, 3, 2));
                assert_eq!(f.len(), 2);
            } else if name.starts_with("003_") {
                seen += 1;
                let m = r.inspection.clone().unwrap();
                assert_eq!(m.framework.value, Framework::UnannouncedCra);
                assert_eq!(m.lead_inspector.unwrap().value, "Ian Young");
                assert!(m.judgements.is_empty());
                let first = f.first().unwrap();
                assert!(first.text.ends_with("joint working between the two services. The duty team can call on the expertise of a dedicated approved social worker when required."), "{}", first.text);
            } else if name.starts_with("001_") || name.starts_with("002_") {
                seen += 1;
                assert!(r.inspection.is_none(), "{name}");
                assert!(f.is_empty(), "{name}");
            }
        }
        assert_eq!(seen, 5);
    }

    #[test]
    fn seed_letter_through_extract() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/003_f5ce33e2aef282f2.txt");
        let bytes = std::fs::read(&path).expect("data/ is part of the repository");
        let x = ofsted_extract::extract(&bytes, "003.txt", &Default::default())
            .expect("the sample extracts");
        let f = crate::findings::find_findings(&x.doc);
        let first = f.first().unwrap();
        assert!(
            first
                .text
                .contains("joint working between the two services. The duty team")
        );
        assert_eq!(f.len(), 16);
        let r = analyse_report(&x.doc, None);
        assert_eq!(
            r.inspection.unwrap().lead_inspector.unwrap().value,
            "Ian Young"
        );
    }

    #[test]
    fn news_is_not_own() {
        let t = "Camden praised\n\nAn inspection of the London Borough rated leadership as outstanding.";
        assert!(
            analyse_report(&CleanDoc::from_text(t), None)
                .inspection
                .is_none()
        );
    }
}
