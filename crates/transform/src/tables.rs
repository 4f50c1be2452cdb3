//! From one document's analysis to its table rows (before cross-document linking).
//!
//! A [`DocResult`] holds everything one input contributes, with spans already converted to
//! code-point offsets. It is what incremental runs cache per input: linking
//! ([`crate::link`]) needs only these, never the text again.

use crate::{DocAnalysis, InspectionMention, Spanned};
use chrono::NaiveDate;
use ofsted_model::doc::{CleanDoc, Note, SourceFormat};
use ofsted_model::rows::{
    AcronymRow, DocumentRow, FindingRow, InspectorateRow, JudgementRow, ParagraphRow, PersonRow,
    ProvenanceRow, QualityRow, TextRow,
};
use ofsted_model::span::CharMap;
use ofsted_model::vocab::{
    DocType, EntityTable, Framework, InspectionType, ParagraphKind, QualityStage, Relation, Theme,
    TypeBasis,
};
use serde::{Deserialize, Serialize};

/// Identity of an input, known before analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// Document id (content hash).
    pub doc_id: String,
    /// Path relative to the input directory.
    pub source_path: String,
    /// Detected format.
    pub format: SourceFormat,
    /// Full SHA-256 of the bytes.
    pub sha256: String,
}

/// A value of an inspection field with the code-point span of its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The `inspections` column it fills.
    pub field: String,
    /// The value as written.
    pub value: String,
    /// Start (code points).
    pub char_start: i64,
    /// End (code points).
    pub char_end: i64,
}

/// One document's view of one inspection, ready for linking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The mentioning document.
    pub doc_id: String,
    /// Position among the document's mentions.
    pub idx: usize,
    /// Whether the document is this inspection's own report or letter.
    pub is_primary: bool,
    /// The mentioning document's type.
    pub doc_type: DocType,
    /// Authority name.
    pub local_authority: Option<String>,
    /// GSS code.
    pub la_gss_code: Option<String>,
    /// Framework.
    pub framework: Framework,
    /// ILACS type.
    pub inspection_type: Option<InspectionType>,
    /// How the type was found.
    pub type_basis: Option<TypeBasis>,
    /// First day on site.
    pub start: Option<NaiveDate>,
    /// Last day on site.
    pub end: Option<NaiveDate>,
    /// Vague date (`YYYY-MM` or `YYYY`).
    pub period: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Lead inspector.
    pub lead_inspector: Option<String>,
    /// Judgements, with `inspection_id` still empty.
    pub judgements: Vec<JudgementRow>,
    /// Evidence of the scalar fields.
    pub evidence: Vec<Evidence>,
    /// Focus of a visit or JTAI as a theme key (letters only).
    #[serde(default)]
    pub theme: Option<Theme>,
    /// Focus as printed.
    #[serde(default)]
    pub theme_verbatim: Option<String>,
    /// Inspectorates taking part, with `inspection_id` still empty.
    #[serde(default)]
    pub inspectorates: Vec<InspectorateRow>,
    /// Area SEND outcome (`"<n>: <statement>"`).
    #[serde(default)]
    pub send_outcome: Option<String>,
    /// How the document relates to the inspection (`primary` when `is_primary`).
    #[serde(default = "default_relation")]
    pub relation: Relation,
    /// Code-point span of the words naming the inspection (and its date, when close).
    #[serde(default)]
    pub anchor: (i64, i64),
}

fn default_relation() -> Relation {
    Relation::Mentions
}

impl MentionRecord {
    /// The year the mention is dated to, from its start date or period.
    pub fn year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.start.map(|d| d.year()).or_else(|| {
            self.period
                .as_deref()
                .and_then(|p| p.get(..4))
                .and_then(|y| y.parse().ok())
        })
    }

    /// The month (`YYYY-MM`) the mention is dated to, when known.
    pub fn month(&self) -> Option<String> {
        self.start
            .map(|d| d.format("%Y-%m").to_string())
            .or_else(|| self.period.clone().filter(|p| p.len() == 7))
    }
}

/// Everything one input contributes to the tables before linking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocResult {
    /// The `documents` row.
    pub document: DocumentRow,
    /// The `texts` row.
    pub text: TextRow,
    /// Paragraph rows.
    pub paragraphs: Vec<ParagraphRow>,
    /// People rows.
    pub people: Vec<PersonRow>,
    /// Acronym rows.
    pub acronyms: Vec<AcronymRow>,
    /// Quality rows from extract and transform.
    pub quality: Vec<QualityRow>,
    /// Provenance of the `documents` row's values.
    pub provenance: Vec<ProvenanceRow>,
    /// Findings with the index of the mention they belong to (`inspection_id` empty).
    pub findings: Vec<(Option<usize>, FindingRow)>,
    /// Inspections described or mentioned.
    pub mentions: Vec<MentionRecord>,
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn quality_row(doc_id: &str, stage: QualityStage, n: &Note, map: &CharMap) -> QualityRow {
    let span = n.span.map(|(s, e)| map.span(s, e));
    QualityRow {
        doc_id: Some(doc_id.to_owned()),
        stage,
        severity: n.severity,
        code: n.code.clone(),
        message: n.message.clone(),
        char_start: span.map(|s| s.0),
        char_end: span.map(|s| s.1),
    }
}

fn evidence<T>(field: &str, s: &Spanned<T>, value: String, map: &CharMap) -> Evidence {
    let (a, b) = map.span(s.start, s.end);
    Evidence {
        field: field.to_owned(),
        value,
        char_start: a,
        char_end: b,
    }
}

fn mention_record(
    doc_id: &str,
    doc_type: DocType,
    idx: usize,
    m: &InspectionMention,
    letter: Option<&crate::letter::LetterFacts>,
    map: &CharMap,
) -> MentionRecord {
    let letter = letter.filter(|_| m.is_primary);
    let theme = letter.and_then(|l| l.theme.as_ref());
    let theme_verbatim = letter.and_then(|l| l.theme_verbatim.as_ref());
    let mut ev = Vec::new();
    if let Some(s) = theme {
        ev.push(evidence("theme", s, s.value.to_string(), map));
    }
    if let Some(s) = theme_verbatim {
        ev.push(evidence("theme_verbatim", s, s.value.clone(), map));
    }
    let inspectorates = letter
        .map(|l| inspectorate_rows(doc_id, l, map))
        .unwrap_or_default();
    ev.extend(mention_evidence(m, map));
    MentionRecord {
        doc_id: doc_id.to_owned(),
        idx,
        is_primary: m.is_primary,
        doc_type,
        local_authority: m.la.as_ref().map(|l| l.value.name.clone()),
        la_gss_code: m.la.as_ref().and_then(|l| l.value.gss.clone()),
        framework: m.framework.value,
        inspection_type: m.inspection_type,
        type_basis: m.type_basis,
        start: m.start.as_ref().map(|s| s.value),
        end: m.end.as_ref().map(|s| s.value),
        period: m.period.as_ref().map(|s| s.value.clone()),
        published: m.published.as_ref().map(|s| s.value),
        lead_inspector: m.lead_inspector.as_ref().map(|s| s.value.clone()),
        judgements: judgement_rows(doc_id, m, map),
        evidence: ev,
        theme: theme.map(|s| s.value.clone()),
        theme_verbatim: theme_verbatim.map(|s| s.value.clone()),
        inspectorates,
        send_outcome: m.send_outcome.as_ref().map(|s| s.value.clone()),
        relation: if m.is_primary {
            Relation::Primary
        } else {
            m.relation
        },
        anchor: anchor_span(m, map),
    }
}

/// The inspectorates a letter names, as rows with `inspection_id` still empty.
fn inspectorate_rows(
    doc_id: &str,
    letter: &crate::letter::LetterFacts,
    map: &CharMap,
) -> Vec<InspectorateRow> {
    letter
        .inspectorates
        .iter()
        .map(|i| {
            let (a, b) = map.span(i.start, i.end);
            InspectorateRow {
                inspection_id: String::new(),
                doc_id: doc_id.to_owned(),
                inspectorate: i.inspectorate,
                name_verbatim: i.verbatim.clone(),
                char_start: a,
                char_end: b,
            }
        })
        .collect()
}

/// Evidence of a mention's scalar fields, framework first.
fn mention_evidence(m: &InspectionMention, map: &CharMap) -> Vec<Evidence> {
    let mut ev = vec![evidence(
        "framework",
        &m.framework,
        m.framework.value.as_str().to_owned(),
        map,
    )];
    if let Some(la) = &m.la {
        ev.push(evidence("local_authority", la, la.value.name.clone(), map));
    }
    if let Some(s) = &m.start {
        ev.push(evidence("start_date", s, s.value.to_string(), map));
    }
    if let Some(s) = &m.end {
        ev.push(evidence("end_date", s, s.value.to_string(), map));
    }
    if let Some(s) = &m.period {
        ev.push(evidence("period", s, s.value.clone(), map));
    }
    if let Some(s) = &m.published {
        ev.push(evidence("published_date", s, s.value.to_string(), map));
    }
    if let Some(s) = &m.lead_inspector {
        ev.push(evidence("lead_inspector", s, s.value.clone(), map));
    }
    if let Some(s) = &m.send_outcome {
        ev.push(evidence("send_outcome", s, s.value.clone(), map));
    }
    ev
}

/// A mention's judgements as rows with `inspection_id` still empty.
fn judgement_rows(doc_id: &str, m: &InspectionMention, map: &CharMap) -> Vec<JudgementRow> {
    m.judgements
        .iter()
        .map(|j| {
            let (a, b) = map.span(j.start, j.end);
            JudgementRow {
                inspection_id: String::new(),
                doc_id: doc_id.to_owned(),
                area: j.area.clone(),
                area_verbatim: j.area_verbatim.clone(),
                grade: j.grade,
                grade_verbatim: j.grade_verbatim.clone(),
                grade_code: j.grade.code(),
                source: j.source,
                is_primary: m.is_primary,
                char_start: a,
                char_end: b,
            }
        })
        .collect()
}

/// The words naming a mention's inspection: its framework evidence, joined with its date
/// when the two are close (within a sentence or so).
fn anchor_span(m: &InspectionMention, map: &CharMap) -> (i64, i64) {
    let (mut a, mut b) = (m.framework.start, m.framework.end);
    let date = m
        .start
        .as_ref()
        .map(|d| (d.start, d.end))
        .or_else(|| m.period.as_ref().map(|p| (p.start, p.end)));
    if let Some((s, e)) = date
        && s.abs_diff(b).min(a.abs_diff(e)) <= 200
    {
        a = a.min(s);
        b = b.max(e);
    }
    map.span(a, b)
}

/// Builds one document's rows from its cleaned text and analysis.
pub fn doc_result(meta: &DocMeta, doc: &CleanDoc, a: &DocAnalysis) -> DocResult {
    let map = CharMap::new(&doc.text);
    let id = meta.doc_id.as_str();
    let paragraphs = paragraph_rows(id, doc, a, &map);
    let provenance = provenance_rows(id, a, &map);
    let quality = quality_rows(id, doc, a, &map);
    let findings = finding_rows(id, a, &map);
    DocResult {
        document: document_row(meta, doc, a, paragraphs.len()),
        text: TextRow {
            doc_id: id.to_owned(),
            text: doc.text.clone(),
        },
        paragraphs,
        people: person_rows(id, a, &map),
        acronyms: acronym_rows(id, a, &map),
        quality,
        provenance,
        findings,
        mentions: a
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| mention_record(id, a.doc_type, i, m, a.letter.as_ref(), &map))
            .collect(),
    }
}

/// The `documents` row: the input's identity and the document-level facts of its analysis.
fn document_row(
    meta: &DocMeta,
    doc: &CleanDoc,
    a: &DocAnalysis,
    n_paragraphs: usize,
) -> DocumentRow {
    let la = a.la.as_ref().map(|l| &l.value);
    DocumentRow {
        doc_id: meta.doc_id.clone(),
        source_path: meta.source_path.clone(),
        source_format: meta.format,
        sha256: meta.sha256.clone(),
        doc_type: a.doc_type,
        title: a.title.as_ref().map(|t| t.value.clone()),
        local_authority: la.map(|l| l.name.clone()),
        la_gss_code: la.and_then(|l| l.gss.clone()),
        la_dfe_code: la.and_then(|l| l.dfe),
        ofsted_urn: la.and_then(|l| l.urn),
        document_date: a.document_date.as_ref().map(|d| d.value),
        committee: a.committee.as_ref().map(|c| c.value.clone()),
        published_date: a.published_date.as_ref().map(|d| d.value),
        n_pages: doc.pages.and_then(|p| i32::try_from(p).ok()),
        n_paragraphs: i32::try_from(n_paragraphs).unwrap_or(i32::MAX),
        n_words: i64::try_from(words(&doc.text)).unwrap_or(i64::MAX),
    }
}

/// Paragraph rows, numbered from 1 in reading order, with their text and word counts.
fn paragraph_rows(id: &str, doc: &CleanDoc, a: &DocAnalysis, map: &CharMap) -> Vec<ParagraphRow> {
    a.paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (cs, ce) = map.span(p.start, p.end);
            let text = doc.text.get(p.start..p.end).unwrap_or("").to_owned();
            ParagraphRow {
                doc_id: id.to_owned(),
                seq: i32::try_from(i + 1).unwrap_or(i32::MAX),
                number: p.number.clone(),
                kind: if p.is_list_item {
                    ParagraphKind::ListItem
                } else {
                    ParagraphKind::Paragraph
                },
                section: p.section.clone(),
                area: p.area.clone(),
                n_words: i32::try_from(words(&text)).unwrap_or(i32::MAX),
                text,
                char_start: cs,
                char_end: ce,
            }
        })
        .collect()
}

/// Provenance of the `documents` row's title, authority, dates and committee.
fn provenance_rows(id: &str, a: &DocAnalysis, map: &CharMap) -> Vec<ProvenanceRow> {
    let mut provenance = Vec::new();
    let mut prov = |field: &str, value: String, s: usize, e: usize| {
        let (cs, ce) = map.span(s, e);
        provenance.push(ProvenanceRow {
            entity_table: EntityTable::Documents,
            entity_id: id.to_owned(),
            field: field.to_owned(),
            value,
            doc_id: id.to_owned(),
            char_start: cs,
            char_end: ce,
        });
    };
    if let Some(t) = &a.title {
        prov("title", t.value.clone(), t.start, t.end);
    }
    if let Some(la) = &a.la {
        prov("local_authority", la.value.name.clone(), la.start, la.end);
    }
    if let Some(d) = &a.document_date {
        prov("document_date", d.value.to_string(), d.start, d.end);
    }
    if let Some(c) = &a.committee {
        prov("committee", c.value.clone(), c.start, c.end);
    }
    if let Some(d) = &a.published_date {
        prov("published_date", d.value.to_string(), d.start, d.end);
    }
    provenance
}

/// Quality rows: the extract stage's notes, then the transform stage's.
fn quality_rows(id: &str, doc: &CleanDoc, a: &DocAnalysis, map: &CharMap) -> Vec<QualityRow> {
    let mut quality: Vec<QualityRow> = doc
        .notes
        .iter()
        .map(|n| quality_row(id, QualityStage::Extract, n, map))
        .collect();
    quality.extend(
        a.notes
            .iter()
            .map(|n| quality_row(id, QualityStage::Transform, n, map)),
    );
    quality
}

/// Finding rows, numbered per kind, with the index of the mention each belongs to.
fn finding_rows(id: &str, a: &DocAnalysis, map: &CharMap) -> Vec<(Option<usize>, FindingRow)> {
    let mut seqs = std::collections::HashMap::new();
    a.findings
        .iter()
        .map(|f| {
            let seq = seqs.entry(f.kind).or_insert(0i32);
            *seq += 1;
            let (cs, ce) = map.span(f.start, f.end);
            (
                f.mention,
                FindingRow {
                    doc_id: id.to_owned(),
                    inspection_id: None,
                    seq: *seq,
                    kind: f.kind,
                    heading: f.heading.clone(),
                    text: f.text.clone(),
                    char_start: cs,
                    char_end: ce,
                },
            )
        })
        .collect()
}

/// People rows.
fn person_rows(id: &str, a: &DocAnalysis, map: &CharMap) -> Vec<PersonRow> {
    a.people
        .iter()
        .map(|p| {
            let (cs, ce) = map.span(p.start, p.end);
            PersonRow {
                doc_id: id.to_owned(),
                name: p.name.clone(),
                role: p.role.clone(),
                organisation: p.organisation.clone(),
                char_start: cs,
                char_end: ce,
            }
        })
        .collect()
}

/// Acronym rows.
fn acronym_rows(id: &str, a: &DocAnalysis, map: &CharMap) -> Vec<AcronymRow> {
    a.acronyms
        .iter()
        .map(|x| {
            let (cs, ce) = map.span(x.start, x.end);
            AcronymRow {
                doc_id: id.to_owned(),
                acronym: x.acronym.clone(),
                expansion: x.expansion.clone(),
                char_start: cs,
                char_end: ce,
            }
        })
        .collect()
}
