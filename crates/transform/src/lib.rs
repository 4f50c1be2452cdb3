//! Stage 2 of ofsted-etl: find the facts in a [`CleanDoc`] and link documents into
//! inspections.
//!
//! What it is for: per document ([`analyse`]): document type, local authority (via the
//! built-in [`gazetteer`]), dates, framework and inspection type, lead inspector, judgement
//! grades (tables, headings, statements, prose), findings lists, paragraphs with their
//! sections, people with roles, acronyms; across documents ([`link`]): merging the
//! inspections that several documents describe into one event and building the table rows.
//!
//! What it is not for: reading files or bytes (`ofsted-extract`) or writing tables
//! (`ofsted-load`). All spans here are byte offsets into `CleanDoc::text`.

pub mod acronyms;
pub(crate) mod areas;
pub mod authorities;
pub mod coverage;
pub mod dates;
pub mod doctype;
pub mod findings;
pub mod framework;
pub mod gazetteer;
pub mod judgements;
pub mod letter;
pub mod link;
pub mod people;
pub mod report;
pub(crate) use ofsted_text::rx;
pub mod secondary;
pub mod sections;
pub mod summary;
pub mod tables;

use chrono::NaiveDate;
use ofsted_model::doc::{CleanDoc, Note};
use ofsted_model::vocab::{
    Area, DocType, FindingKind, Framework, Grade, InspectionType, JudgementSource, Relation,
    TypeBasis,
};
use regex::Regex;
use std::sync::LazyLock;

/// A lazily compiled regex; `None` only if the pattern is invalid (tests check they all
/// compile), so callers treat `None` as "no match" instead of panicking.
pub(crate) type Lazy = LazyLock<Option<Regex>>;

/// The compiled regex, if it compiled.
pub(crate) fn re(r: &'static Lazy) -> Option<&'static Regex> {
    r.as_ref()
}

/// The largest char boundary of `text` at or below `i` (`text.len()` when `i` is past the
/// end).
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or above `i` (`text.len()` when `i` is past
/// the end).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The text from byte `start` to byte `end`, widened to whole characters (`start` moves
/// back and `end` forward to a char boundary) and clamped to the text; empty when
/// `start >= end`. Rules that look a fixed number of bytes around a match use it: `str::get` on an
/// offset inside a curly quote or a dash gives `None`, and the whole window, with what the
/// rule would have found in it, would silently disappear.
pub(crate) fn window(text: &str, start: usize, end: usize) -> &str {
    let lo = floor_boundary(text, start);
    let hi = ceil_boundary(text, end);
    text.get(lo..hi.max(lo)).unwrap_or("")
}

/// Collapses every run of whitespace to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value with the byte span of its evidence in the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Byte offset of the evidence's start.
    pub start: usize,
    /// Byte offset of the evidence's end (exclusive).
    pub end: usize,
}

/// A local authority as resolved by the gazetteer for a given date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaRef {
    /// Canonical name ("Camden", "City of London").
    pub name: String,
    /// GSS code valid at the date used for resolution.
    pub gss: Option<String>,
    /// DfE three-digit code.
    pub dfe: Option<i32>,
    /// Ofsted URN.
    pub urn: Option<i64>,
}

/// One graded judgement read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// Canonical area key.
    pub area: Area,
    /// Label as printed.
    pub area_verbatim: String,
    /// Grade.
    pub grade: Grade,
    /// Grade as printed.
    pub grade_verbatim: String,
    /// Where it was read.
    pub source: JudgementSource,
    /// Evidence span (bytes).
    pub start: usize,
    /// Evidence span end (bytes, exclusive).
    pub end: usize,
}

/// An inspection as one document describes or mentions it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionMention {
    /// True when this document is the Ofsted report or letter of this inspection.
    pub is_primary: bool,
    /// `Primary` for the report or letter itself; for other documents, `ReportsOn` when
    /// the inspection is the document's subject, `Mentions` for a passing reference.
    pub relation: Relation,
    /// The inspected authority.
    pub la: Option<Spanned<LaRef>>,
    /// Framework.
    pub framework: Spanned<Framework>,
    /// ILACS standard/short, when known.
    pub inspection_type: Option<InspectionType>,
    /// How the type was established.
    pub type_basis: Option<TypeBasis>,
    /// First day on site.
    pub start: Option<Spanned<NaiveDate>>,
    /// Last day on site.
    pub end: Option<Spanned<NaiveDate>>,
    /// Vaguer date ("2025-03", "2022") when exact dates are unknown.
    pub period: Option<Spanned<String>>,
    /// Publication date, when printed.
    pub published: Option<Spanned<NaiveDate>>,
    /// Lead inspector's name.
    pub lead_inspector: Option<Spanned<String>>,
    /// Graded judgements this document gives for this inspection.
    pub judgements: Vec<Judgement>,
    /// Area SEND only: the inspection outcome, `"<n>: <statement as printed>"`.
    pub send_outcome: Option<Spanned<String>>,
}

/// One item of a findings list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Kind of list.
    pub kind: FindingKind,
    /// The list's heading as printed.
    pub heading: Option<String>,
    /// Item text.
    pub text: String,
    /// Index into [`DocAnalysis::mentions`] of the inspection the list belongs to.
    pub mention: Option<usize>,
    /// Span (bytes).
    pub start: usize,
    /// Span end (bytes, exclusive).
    pub end: usize,
}

/// A paragraph or list item of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Number as printed.
    pub number: Option<String>,
    /// True for list items.
    pub is_list_item: bool,
    /// Heading it sits under.
    pub section: Option<String>,
    /// Judgement area of that section.
    pub area: Option<Area>,
    /// Span (bytes).
    pub start: usize,
    /// Span end (bytes, exclusive).
    pub end: usize,
}

/// A person named with a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Name without title.
    pub name: String,
    /// Role as printed.
    pub role: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Span (bytes).
    pub start: usize,
    /// Span end (bytes, exclusive).
    pub end: usize,
}

/// An acronym definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acronym {
    /// The acronym.
    pub acronym: String,
    /// Its expansion.
    pub expansion: String,
    /// Span (bytes).
    pub start: usize,
    /// Span end (bytes, exclusive).
    pub end: usize,
}

/// Everything found in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocAnalysis {
    /// Document type.
    pub doc_type: DocType,
    /// Title as printed.
    pub title: Option<Spanned<String>>,
    /// The authority the document is about.
    pub la: Option<Spanned<LaRef>>,
    /// The date the document carries.
    pub document_date: Option<Spanned<NaiveDate>>,
    /// Committee reports and minutes: the committee, from the paper's heading.
    pub committee: Option<Spanned<String>>,
    /// Publication date, when printed.
    pub published_date: Option<Spanned<NaiveDate>>,
    /// Inspections described (primary) or mentioned (secondary).
    pub mentions: Vec<InspectionMention>,
    /// Findings lists.
    pub findings: Vec<Finding>,
    /// Paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// People.
    pub people: Vec<Person>,
    /// Acronyms.
    pub acronyms: Vec<Acronym>,
    /// Doubts and conflicts.
    pub notes: Vec<Note>,
    /// What a focused visit, monitoring visit or JTAI letter adds about its inspection
    /// (theme, inspectorates).
    pub letter: Option<letter::LetterFacts>,
}

/// Adds the people a letter reader found (addressees with organisation) to those of
/// [`people::find_people`]: a person found by both at the same place keeps the letter
/// reader's role and organisation, and another name read inside a letter reader's entry
/// ("Young People" of "Executive Director for Children and Young People") is dropped.
fn merge_people(people: &mut Vec<Person>, from_letter: &[Person]) {
    people.retain(|p| {
        !from_letter
            .iter()
            .any(|lp| lp.name != p.name && p.start < lp.end && lp.start < p.end)
    });
    for lp in from_letter {
        let same = people
            .iter_mut()
            .find(|p| p.name == lp.name && p.start < lp.end && lp.start < p.end);
        match same {
            Some(p) => {
                if lp.role.is_some() {
                    p.role.clone_from(&lp.role);
                }
                if lp.organisation.is_some() {
                    p.organisation.clone_from(&lp.organisation);
                }
            }
            None => people.push(lp.clone()),
        }
    }
    people.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
}

/// Gives a mention's authority the codes valid on the inspection's first day (or in its
/// period: first of the month, or 1 July for a bare year), so an inspection before a
/// recode keeps the code of its time.
fn redate_la(m: &mut InspectionMention) {
    let date = m.start.as_ref().map(|s| s.value).or_else(|| {
        m.period.as_ref().and_then(|p| {
            let v = &p.value;
            let full = if v.len() == 4 {
                format!("{v}-07-01")
            } else {
                format!("{v}-01")
            };
            NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()
        })
    });
    let Some(date) = date else { return };
    if let Some(la) = m.la.as_mut()
        && let Some(r) = gazetteer::lookup(&la.value.name, Some(date))
    {
        la.value = r;
    }
}

/// Analyses one cleaned document: runs every per-document finder and assembles the result.
pub fn analyse(doc: &CleanDoc) -> DocAnalysis {
    let doc_type = doctype::classify(doc);
    let mut notes = Vec::new();
    // First pass without a date: the authority's codes are re-resolved below once the
    // inspection or document date is known.
    let mut la = gazetteer::detect(&doc.text, None);
    let mut report = report::analyse_report(doc, la.as_ref());
    let letter = letter::read(doc, &mut report);
    notes.extend(report.notes.iter().cloned());
    let date = report
        .inspection
        .as_ref()
        .and_then(|m| m.start.as_ref().map(|s| s.value))
        .or_else(|| report.document_date.as_ref().map(|d| d.value));
    if date.is_some() {
        la = gazetteer::detect(&doc.text, date).or(la);
    }
    if la.is_none() {
        notes.push(Note::new(
            ofsted_model::doc::Severity::Warning,
            "la_not_found",
            "no English local authority with children's services could be identified",
        ));
    }
    let mut mentions = Vec::new();
    if let Some(mut own) = report.inspection {
        if own.la.is_none() {
            own.la = la.clone();
        }
        mentions.push(own);
    }
    let document_date = report.document_date.or_else(|| match doc_type {
        DocType::CommitteeReport | DocType::NewsArticle | DocType::Other => {
            secondary::document_date(doc, doc_type)
        }
        _ => None,
    });
    let (secondary, sec_notes) =
        secondary::find_mentions(doc, doc_type, la.as_ref(), document_date.as_ref());
    mentions.extend(secondary);
    for m in &mut mentions {
        redate_la(m);
    }
    notes.extend(sec_notes);
    let own_idx = mentions.iter().position(|m| m.is_primary);
    let mut people = people::find_people(doc);
    if let Some(l) = &letter {
        merge_people(&mut people, &l.people);
    }
    let mut findings = findings::find_findings(doc);
    for f in &mut findings {
        f.mention = own_idx;
    }
    DocAnalysis {
        doc_type,
        title: report.title,
        la,
        document_date,
        committee: (doc_type == DocType::CommitteeReport)
            .then(|| secondary::committee(doc))
            .flatten(),
        published_date: report.published,
        mentions,
        findings,
        paragraphs: sections::paragraphs(doc),
        people,
        acronyms: acronyms::find_acronyms(&doc.text),
        notes,
        letter,
    }
}

crate::rx::register!(; acronyms, areas, dates, doctype, findings, framework, gazetteer, judgements, letter, people, report, secondary, sections);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    crate::rx::patterns_test!();

    #[test]
    fn a_window_keeps_whole_characters() {
        let t = "“Yours sincerely” – Ann";
        // byte 1 is inside the opening quote, byte 19 inside the closing one
        assert_eq!(window(t, 1, 19), "“Yours sincerely”");
        assert_eq!(window(t, 0, 3), "“");
        assert_eq!(window(t, 5, 2), "");
        assert_eq!(window(t, 0, usize::MAX), t);
        assert_eq!(window("", 3, 9), "");
        assert_eq!((floor_boundary("a’b", 2), ceil_boundary("a’b", 2)), (1, 4));
    }

    /// A SIF re-inspection (2017–18 form) is the SIF report of its authority, and an
    /// inspection before a recode keeps the code of its time (Buckinghamshire until March
    /// 2020).
    #[test]
    fn sif_reinspection_before_a_recode() {
        let t = "Buckinghamshire County Council\n\nRe-inspection of services for children in need of help and protection, children looked after and care leavers\n\nInspection date: 13 November 2017 to 24 November 2017\n\nReport published: 29 January 2018\n\nChildren’s services in Buckinghamshire require improvement to be good\n\n1. Children who need help and protection\tRequires improvement\n\nLead inspector: Jane Doe\n";
        let a = analyse(&CleanDoc::from_text(t));
        assert_eq!(a.doc_type, DocType::InspectionReport);
        let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
        assert_eq!(m.framework.value, Framework::Sif);
        assert_eq!(
            m.la.as_ref().unwrap().value.gss.as_deref(),
            Some("E10000002")
        );
        assert_eq!(a.la.unwrap().value.gss.as_deref(), Some("E10000002"));
        assert!(
            a.title
                .unwrap()
                .value
                .starts_with("Re-inspection of services")
        );
    }

    /// An Area SEND report: its own framework, the Ofsted lead from the team list, the
    /// outcome as an info note, and no children's-services judgement.
    #[test]
    fn area_send_report() {
        let t = "Local area partnership report\n\nArea SEND inspection of Kingston upon Hull Local Area Partnership\n\nInspection dates: 20 to 24 November 2023\n\nDate of previous inspection: 15 to 17 October 2019\n\nInspection outcome\n\nThe local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people with special educational needs and/or disabilities (SEND). The local area partnership must work jointly to make improvements. The next full area SEND inspection will be within approximately three years.\n\nWhat is it like to be a child or young person with SEND in this area?\n\nChildren’s experiences are good in early years but leadership is inadequate in places.\n\nAreas for improvement\n\nLeaders should improve the timeliness of plans.\n\nInspection team\n\nOfsted\n\nDavid Mills, Ofsted HMI lead inspector\n\nCare Quality Commission\n\nJane Roe, CQC lead inspector\n";
        let a = analyse(&CleanDoc::from_text(t));
        assert_eq!(a.doc_type, DocType::InspectionReport);
        let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
        assert_eq!(m.framework.value, Framework::AreaSend);
        assert!(m.judgements.is_empty());
        assert_eq!(m.lead_inspector.as_ref().unwrap().value, "David Mills");
        assert_eq!(m.start.as_ref().unwrap().value.to_string(), "2023-11-20");
        assert_eq!(m.la.as_ref().unwrap().value.name, "Kingston upon Hull");
        let n = m.send_outcome.as_ref().unwrap();
        assert!(
            n.value
                .starts_with("2: The local area partnership’s arrangements")
        );
        assert!(!a.notes.iter().any(|n| n.code == "lead_inspector_not_found"));
    }

    /// A trust running an authority's children's services is inspected as that authority.
    #[test]
    fn trust_maps_to_its_authority() {
        let t = "Inspection of Bradford Children and Families Trust\n\nInspection dates: 12 to 23 January 2026\n\nLead inspector: Catherine Heron, His Majesty’s Inspector\n\nJudgement\tGrade\n\nThe impact of leaders on social work practice with children and families\tGood\n\nThe experiences and progress of children care leavers\tGood\n\nOverall effectiveness\tRequires improvement to be good\n";
        let a = analyse(&CleanDoc::from_text(t));
        let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
        assert_eq!(m.framework.value, Framework::Ilacs);
        assert_eq!(m.la.as_ref().unwrap().value.name, "Bradford");
        assert!(m.judgements.iter().any(|j| j.area == Area::CareLeavers));
    }
}
