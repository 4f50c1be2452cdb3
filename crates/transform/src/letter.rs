//! Ofsted letters about an inspection or visit: focused visits, monitoring visits of
//! authorities judged inadequate, and joint targeted area inspections (JTAI).
//!
//! The report reader ([`crate::report`]) recognises a letter (salutation, framework words,
//! sign-off) and reads what every letter shares; this module reads what letters say in
//! their own ways, one module per kind, each with one entry point:
//! [`focused_visit::read`], [`monitoring_visit::read`] and [`jtai::read`]. They give
//! - the days on site from the letter's opening ("on 21 and 22 November 2023", "on 23
//!   November 2023", "Between 16 and 20 October 2017", "from 22 April to 26 April 2024",
//!   "on the 15 and 16 of May 2018", a missing year taken from the letter date, an end
//!   before the start repaired with a `quality` row) ([`visit_dates`]);
//! - the focus ("Inspectors looked at the local authority's arrangements for ...", the
//!   JTAI's "multi-agency response to ...") as printed and mapped onto the theme
//!   vocabulary ([`theme`]);
//! - the inspectorates taking part (JTAI: Ofsted, CQC, HMICFRS, HMI Probation)
//!   ([`inspectorates`]);
//! - the addressees with their organisation ([`addressees`]) and a JTAI letter's
//!   signatories with their inspectorate ([`signatories`]);
//! - a visit's inspectors as the opening names them ([`visit_team`]).
//!
//! Findings lists ("What needs to improve in this area of social work practice", "Areas
//! for priority action", "Areas for improvement") are read by [`crate::findings`].

pub mod addressees;
pub mod focused_visit;
pub mod inspectorates;
pub mod jtai;
pub mod monitoring_visit;
pub mod signatories;
pub mod theme;
pub mod visit_dates;
pub mod visit_team;

use crate::report::ReportFacts;
use crate::{Person, Spanned, floor_boundary};
use ofsted_model::doc::{CleanDoc, Note, Severity};
use ofsted_model::vocab::{Framework, Inspectorate, Theme};
use regex::Regex;
use std::sync::LazyLock;

/// What a letter adds to the facts every Ofsted document gives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LetterFacts {
    /// The focus, as a theme key (`front_door`, ..., `other:<snake_case>`).
    pub theme: Option<Spanned<Theme>>,
    /// The focus as printed.
    pub theme_verbatim: Option<Spanned<String>>,
    /// Inspectorates taking part.
    pub inspectorates: Vec<NamedInspectorate>,
    /// Addressees and signatories with organisation, to merge into `people`.
    pub people: Vec<Person>,
}

/// An inspectorate as a letter names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedInspectorate {
    /// Which inspectorate.
    pub inspectorate: Inspectorate,
    /// Its name as printed (one line).
    pub verbatim: String,
    /// Byte span of the name.
    pub start: usize,
    /// Byte span end (exclusive).
    pub end: usize,
}

static DEAR_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?m)^[ \t]*Dear\s+\S").ok());

/// Byte offset of the salutation ("Dear ..."), if the letter has one near its top.
pub(crate) fn salutation(text: &str) -> Option<usize> {
    let top = text.get(..floor_boundary(text, 6000)).unwrap_or(text);
    DEAR_RE.as_ref()?.find(top).map(|m| m.start())
}

/// Reads a letter's own facts, correcting `report` (the facts every letter shares) where
/// the letter's wording says more: dates on site, lead inspector. `None` when the document
/// is not a focused visit, monitoring visit or JTAI letter.
pub fn read(doc: &CleanDoc, report: &mut ReportFacts) -> Option<LetterFacts> {
    let fw = report.inspection.as_ref()?.framework.value;
    match fw {
        Framework::FocusedVisit => Some(focused_visit::read(doc, report)),
        Framework::MonitoringVisit => Some(monitoring_visit::read(doc, report)),
        Framework::Jtai => Some(jtai::read(doc, report)),
        _ => None,
    }
}

/// Sets the visit dates of `report`'s inspection from the letter's opening, when found;
/// notes a repaired typo or a missing date.
pub(crate) fn apply_visit_dates(text: &str, report: &mut ReportFacts) {
    let from = salutation(text).unwrap_or(0);
    let letter_date = report
        .document_date
        .as_ref()
        .map(|d| d.value)
        .or_else(|| month_of_letter(text, from));
    let found = visit_dates::find(text, from, letter_date);
    let Some(insp) = report.inspection.as_mut() else {
        return;
    };
    if let Some(v) = found {
        if let Some(n) = v.note {
            report.notes.push(n);
        }
        report.notes.retain(|n| n.code != "dates_not_found");
        insp.start = Some(Spanned {
            value: v.start,
            start: v.span.0,
            end: v.span.1,
        });
        insp.end = Some(Spanned {
            value: v.end,
            start: v.span.0,
            end: v.span.1,
        });
    }
}

/// The last day of the month a damaged letter date still shows ("February 2018" whose day
/// was lost): a reference for visit dates printed without a year.
fn month_of_letter(text: &str, dear: usize) -> Option<chrono::NaiveDate> {
    let head = text.get(..dear)?;
    crate::dates::find_dates(head)
        .into_iter()
        .find_map(|d| match d.value {
            crate::dates::DateExpr::Month(y, m) => {
                let first = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
                first.checked_add_months(chrono::Months::new(1))?.pred_opt()
            }
            _ => None,
        })
}

/// The letter date when the report reader found none: the first date alone on a line
/// before the salutation, or a date at the start of an addressee line.
pub(crate) fn apply_letter_date(text: &str, report: &mut ReportFacts) {
    if report.document_date.is_some() {
        return;
    }
    let end = salutation(text).unwrap_or(0);
    let head = text.get(..end).unwrap_or("");
    for h in crate::report::text::find_dates(head) {
        let line_start = head
            .get(..h.start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = head.get(line_start..h.start).unwrap_or("").trim();
        if before.is_empty() && h.from == h.to {
            report.document_date = Some(Spanned {
                value: h.from,
                start: h.start,
                end: h.end,
            });
            return;
        }
    }
}

/// A warning note with a place.
pub(crate) fn warn(code: &str, msg: String, span: (usize, usize)) -> Note {
    Note::at(Severity::Warning, code, msg, span.0, span.1)
}

/// The text shared by focused and monitoring visit letters.
pub(crate) fn read_visit_letter(doc: &CleanDoc, report: &mut ReportFacts) -> LetterFacts {
    let text = doc.text.as_str();
    apply_letter_date(text, report);
    apply_visit_dates(text, report);
    let from = salutation(text).unwrap_or(0);
    let (theme, theme_verbatim) = match theme::visit_focus(text, from) {
        Some(v) => (Some(theme::classify_spanned(&v)), Some(v)),
        None => {
            report.notes.push(Note::new(
                Severity::Warning,
                "theme_not_found",
                "the letter does not say which part of children's services the visit looked at in a recognised way; theme left empty",
            ));
            (None, None)
        }
    };
    let mut inspectorates = inspectorates::find(text, from);
    if inspectorates.is_empty()
        && let Some(i) = text.find("Ofsted")
    {
        inspectorates.push(NamedInspectorate {
            inspectorate: Inspectorate::Ofsted,
            verbatim: "Ofsted".to_owned(),
            start: i,
            end: i + "Ofsted".len(),
        });
    }
    LetterFacts {
        theme,
        theme_verbatim,
        inspectorates,
        people: addressees::addressee_block(text, from)
            .into_iter()
            .chain(visit_team::find(text, from))
            .collect(),
    }
}

crate::rx::register!(DEAR_RE; addressees, inspectorates, jtai, signatories, theme, visit_dates, visit_team);

#[cfg(test)]
mod tests;
