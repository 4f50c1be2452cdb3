//! Cross-document linking: which mentions describe the same inspection event, and the
//! final table rows.
//!
//! The decisions (which inspection a mention is about, and on what basis) are in
//! [`choose`]: an Ofsted report or letter is its inspection; a council paper or article
//! joins the report's inspection it is compatible with (same authority, framework, dates,
//! period or grades), else papers about the same event make one `secondary_only`
//! inspection. Every (document, inspection) pair becomes a `document_inspections` row, and
//! an inspection's `n_documents` counts those rows.
//!
//! The candidate search is a relational join of mentions against primary inspections,
//! done with polars; the per-inspection merge of fields is plain Rust over the few
//! mentions of each event.

mod choose;

use crate::tables::{DocResult, MentionRecord};
use choose::Assignment;
use chrono::{Datelike, NaiveDate};
use ofsted_model::id::key_id;
use ofsted_model::rows::{
    AcronymRow, DocumentInspectionRow, DocumentRow, FindingRow, InspectionRow, InspectorateRow,
    JudgementRow, ParagraphRow, PersonRow, ProvenanceRow, QualityRow, TextRow,
};
use ofsted_model::vocab::{
    Area, EntityTable, Evidence, Framework, Grade, Inspectorate, QualityStage, Relation, Severity,
    Theme,
};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Errors of linking (only internal data-frame failures; no input can cause one).
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A polars operation failed.
    #[error("linking inspections: {0}")]
    Polars(#[from] PolarsError),
}

/// All output tables except `rejects` (which the pipeline owns).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    /// `documents`.
    pub documents: Vec<DocumentRow>,
    /// `texts`.
    pub texts: Vec<TextRow>,
    /// `inspections`.
    pub inspections: Vec<InspectionRow>,
    /// `document_inspections`.
    pub document_inspections: Vec<DocumentInspectionRow>,
    /// `judgements`.
    pub judgements: Vec<JudgementRow>,
    /// `findings`.
    pub findings: Vec<FindingRow>,
    /// `inspectorates`.
    pub inspectorates: Vec<InspectorateRow>,
    /// `paragraphs`.
    pub paragraphs: Vec<ParagraphRow>,
    /// `people`.
    pub people: Vec<PersonRow>,
    /// `acronyms`.
    pub acronyms: Vec<AcronymRow>,
    /// `provenance`.
    pub provenance: Vec<ProvenanceRow>,
    /// `quality`.
    pub quality: Vec<QualityRow>,
}

fn la_key(m: &MentionRecord) -> String {
    m.la_gss_code
        .clone()
        .or_else(|| m.local_authority.clone())
        .unwrap_or_else(|| "?".to_owned())
}

fn date_key(m: &MentionRecord) -> String {
    if let Some(s) = m.start {
        s.to_string()
    } else if let Some(p) = &m.period {
        p.clone()
    } else {
        format!("doc:{}:{}", m.doc_id, m.idx)
    }
}

pub(crate) fn inspection_key(m: &MentionRecord) -> String {
    key_id("insp_", &[&la_key(m), m.framework.as_str(), &date_key(m)])
}

/// Day number of a date (for the join's columns).
fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// For each secondary mention (by index into `all`), the primary inspection ids it could
/// be. The join on the authority runs in polars; the compatibility filter (framework,
/// overlapping dates: [`choose::dates_overlap`]) over the joined pairs.
fn candidates(
    all: &[&MentionRecord],
    primary_ids: &[Option<String>],
) -> Result<BTreeMap<u32, BTreeSet<String>>, LinkError> {
    let df = mention_frame(all, primary_ids)?;
    let is_primary = df.column("pid")?.is_not_null();
    let primaries = df.filter(&is_primary)?;
    let secondaries = df.filter(&!is_primary)?;
    if primaries.height() == 0 || secondaries.height() == 0 {
        return Ok(BTreeMap::new());
    }
    // every (secondary, primary) pair of the same authority
    let pairs = secondaries.inner_join(&primaries, ["la"], ["la"])?;
    let keep = compatible_pairs(&pairs)?;
    let matched = pairs.filter(&keep)?;
    let ms = matched.column("m")?.u32()?.clone();
    let pids = matched.column("pid_right")?.str()?.clone();
    let mut out: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for (m, p) in ms.iter().zip(pids.iter()) {
        if let (Some(m), Some(p)) = (m, p) {
            out.entry(m).or_default().insert(p.to_owned());
        }
    }
    Ok(out)
}

/// One row per mention: its index, authority, framework, date extent (as day numbers)
/// and, for a primary mention, its inspection id.
fn mention_frame(
    all: &[&MentionRecord],
    primary_ids: &[Option<String>],
) -> Result<DataFrame, LinkError> {
    let mut idx = Vec::new();
    let mut la = Vec::new();
    let mut fw = Vec::new();
    let mut first: Vec<Option<i32>> = Vec::new();
    let mut last: Vec<Option<i32>> = Vec::new();
    let mut exact: Vec<bool> = Vec::new();
    let mut pid: Vec<Option<String>> = Vec::new();
    for (i, m) in all.iter().enumerate() {
        idx.push(u32::try_from(i).unwrap_or(u32::MAX));
        // the authority's name, not its code: a mention without a date carries today's
        // code while the inspection it is about may predate a recode
        la.push(m.local_authority.clone().unwrap_or_else(|| la_key(m)));
        fw.push(m.framework.as_str().to_owned());
        let b = choose::bounds(m);
        first.push(b.map(|x| day(x.0)));
        last.push(b.map(|x| day(x.1)));
        exact.push(b.is_some_and(|x| x.2));
        pid.push(primary_ids.get(i).cloned().flatten());
    }
    Ok(df!(
        "m" => idx,
        "la" => la,
        "framework" => fw,
        "first" => first,
        "last" => last,
        "exact" => exact,
        "pid" => pid,
    )?)
}

/// A date extent as [`choose::bounds`] gives it.
type Extent = Option<(NaiveDate, NaiveDate, bool)>;

/// The date extent of each joined pair's side, read from its first, last and exact
/// columns.
fn pair_extents(pairs: &DataFrame, f: &str, l: &str, e: &str) -> Result<Vec<Extent>, LinkError> {
    let f = pairs.column(f)?.i32()?.clone();
    let l = pairs.column(l)?.i32()?.clone();
    let e = pairs.column(e)?.bool()?.clone();
    Ok(f.iter()
        .zip(l.iter())
        .zip(e.iter())
        .map(|((f, l), e)| {
            let f = f.and_then(NaiveDate::from_num_days_from_ce_opt)?;
            let l = l.and_then(NaiveDate::from_num_days_from_ce_opt)?;
            Some((f, l, e.unwrap_or(false)))
        })
        .collect())
}

/// Which joined (secondary, primary) pairs are compatible: the framework agrees (or the
/// paper names none) and the dates overlap.
fn compatible_pairs(pairs: &DataFrame) -> Result<BooleanChunked, LinkError> {
    let s_fw = pairs.column("framework")?.str()?.clone();
    let p_fw = pairs.column("framework_right")?.str()?.clone();
    let s_ext = pair_extents(pairs, "first", "last", "exact")?;
    let p_ext = pair_extents(pairs, "first_right", "last_right", "exact_right")?;
    let unknown = Framework::Unknown.as_str();
    Ok(s_fw
        .iter()
        .zip(p_fw.iter())
        .zip(s_ext.iter().zip(p_ext.iter()))
        .map(|((s, p), (se, pe))| {
            let fw_ok = s == Some(unknown) || s == p;
            // an undated paper is compatible with any date; a dated one needs a dated report
            let date_ok = se.is_none() || (pe.is_some() && choose::dates_overlap(*se, *pe));
            Some(fw_ok && date_ok)
        })
        .collect())
}

pub(crate) fn link_note(
    doc_id: &str,
    severity: Severity,
    code: &str,
    message: String,
) -> QualityRow {
    QualityRow {
        doc_id: Some(doc_id.to_owned()),
        stage: QualityStage::Link,
        severity,
        code: code.to_owned(),
        message,
        char_start: None,
        char_end: None,
    }
}

/// Links every document's mentions into inspections and assembles the tables.
pub fn link(results: &[DocResult]) -> Result<Tables, LinkError> {
    let (mut t, by_mention) = link_inspections(results)?;
    for r in results {
        add_document(&mut t, r.clone(), &by_mention);
    }
    Ok(t)
}

/// [`link`] taking the documents: their rows move into the tables instead of being
/// copied, so a run holds one copy of them, not two.
pub fn link_owned(results: Vec<DocResult>) -> Result<Tables, LinkError> {
    let (mut t, by_mention) = link_inspections(&results)?;
    for r in results {
        add_document(&mut t, r, &by_mention);
    }
    Ok(t)
}

/// The inspection of each (document, mention index) that makes one.
type ByMention = HashMap<(String, usize), String>;

/// Links the mentions into inspections: the `inspections`, `document_inspections`,
/// `judgements`, `inspectorates` rows and linking's own provenance and quality rows.
fn link_inspections(results: &[DocResult]) -> Result<(Tables, ByMention), LinkError> {
    let mut t = Tables::default();
    let mut all: Vec<&MentionRecord> = results.iter().flat_map(|r| r.mentions.iter()).collect();
    // primaries first, then by document, so merges prefer the Ofsted report
    all.sort_by(|a, b| (!a.is_primary, &a.doc_id, a.idx).cmp(&(!b.is_primary, &b.doc_id, b.idx)));
    let primary_ids: Vec<Option<String>> = all
        .iter()
        .map(|m| m.is_primary.then(|| inspection_key(m)))
        .collect();
    let cands = candidates(&all, &primary_ids)?;
    let assigned = choose::assign(&all, &primary_ids, &cands, &mut t.quality);
    // mentions that make no inspection (choose rule 4) leave the join here
    let (all, assigned): (Vec<&MentionRecord>, Vec<Assignment>) = all
        .into_iter()
        .zip(assigned)
        .filter_map(|(m, a)| a.map(|a| (m, a)))
        .unzip();
    t.document_inspections = document_links(&all, &assigned);
    // group mentions per inspection (BTreeMap: deterministic order)
    let mut groups: BTreeMap<String, Vec<&MentionRecord>> = BTreeMap::new();
    for (m, a) in all.iter().zip(&assigned) {
        groups.entry(a.id.clone()).or_default().push(m);
    }
    let mut by_mention = ByMention::new();
    for (id, ms) in &groups {
        for m in ms {
            by_mention.insert((m.doc_id.clone(), m.idx), id.clone());
        }
        merge_inspection(id, ms, &mut t);
    }
    Ok((t, by_mention))
}

/// Adds one document's own rows to the tables, its findings given their inspection.
fn add_document(t: &mut Tables, r: DocResult, by_mention: &ByMention) {
    let trace = crate::coverage::trace_row(&r);
    let DocResult {
        document,
        text,
        paragraphs,
        people,
        acronyms,
        quality,
        provenance,
        findings,
        mentions: _,
    } = r;
    for (mention, mut f) in findings {
        f.inspection_id =
            mention.and_then(|i| by_mention.get(&(document.doc_id.clone(), i)).cloned());
        t.findings.push(f);
    }
    t.documents.push(document);
    t.texts.push(text);
    t.paragraphs.extend(paragraphs);
    t.people.extend(people);
    t.acronyms.extend(acronyms);
    t.quality.extend(quality);
    t.quality.extend(trace);
    t.provenance.extend(provenance);
}

/// The `document_inspections` rows: one per document and inspection, keeping the
/// strongest relation (primary, then reports on, then mentions) and its evidence.
fn document_links(all: &[&MentionRecord], assigned: &[Assignment]) -> Vec<DocumentInspectionRow> {
    let mut best: BTreeMap<(String, String), (Relation, &Assignment, &MentionRecord)> =
        BTreeMap::new();
    for (m, a) in all.iter().zip(assigned) {
        let relation = if m.is_primary {
            Relation::Primary
        } else {
            m.relation
        };
        let key = (a.id.clone(), m.doc_id.clone());
        let stronger = best.get(&key).is_none_or(|(r, _, _)| relation < *r);
        if stronger {
            best.insert(key, (relation, a, m));
        }
    }
    best.into_iter()
        .map(|((id, doc), (relation, a, m))| DocumentInspectionRow {
            doc_id: doc,
            inspection_id: id,
            relation,
            match_basis: a.basis,
            char_start: m.anchor.0,
            char_end: m.anchor.1,
        })
        .collect()
}

/// Merges the mentions of one inspection into its row, its judgements and provenance.
fn merge_inspection(id: &str, ms: &[&MentionRecord], t: &mut Tables) {
    let primary = ms.iter().copied().find(|m| m.is_primary);
    let per_doc_area = judgements_per_doc_area(id, ms, &mut t.quality);
    let overall = {
        let by_area = judgements_by_area(&per_doc_area);
        note_area_conflicts(&by_area, &mut t.quality);
        overall_grade(&by_area)
    };
    t.judgements.extend(per_doc_area.into_values());
    let row = inspection_row(id, ms, primary, overall);
    add_inspectorates(id, ms, &mut t.inspectorates);
    add_field_provenance(id, ms, &row, &mut t.provenance);
    note_date_conflict(ms, primary, &row, &mut t.quality);
    t.inspections.push(row);
}

/// The first value `f` gives over the mentions, in their order.
fn first_of<T: Clone>(ms: &[&MentionRecord], f: impl Fn(&MentionRecord) -> Option<T>) -> Option<T> {
    ms.iter().find_map(|m| f(m))
}

/// The judgements of an inspection, one per (document, area) with the best source first;
/// a different grade from the same document for an area is noted as a conflict.
fn judgements_per_doc_area(
    id: &str,
    ms: &[&MentionRecord],
    quality: &mut Vec<QualityRow>,
) -> BTreeMap<(String, String), JudgementRow> {
    let mut per_doc_area: BTreeMap<(String, String), JudgementRow> = BTreeMap::new();
    for m in ms {
        let mut js = m.judgements.clone();
        js.sort_by_key(|j| crate::judgements::source_rank(j.source));
        for mut j in js {
            j.inspection_id = id.to_owned();
            let key = (j.doc_id.clone(), j.area.to_string());
            match per_doc_area.get(&key) {
                Some(kept) if kept.grade != j.grade => quality.push(QualityRow {
                    doc_id: Some(j.doc_id.clone()),
                    stage: QualityStage::Link,
                    severity: Severity::Warning,
                    code: "grade_conflict".to_owned(),
                    message: format!(
                        "{}: kept {} ({}) over {} ({}) from the same document",
                        j.area, kept.grade, kept.source, j.grade, j.source
                    ),
                    char_start: Some(j.char_start),
                    char_end: Some(j.char_end),
                }),
                Some(_) => {}
                None => {
                    per_doc_area.insert(key, j);
                }
            }
        }
    }
    per_doc_area
}

/// The kept judgements grouped by area (documents in key order).
type ByArea<'a> = BTreeMap<std::borrow::Cow<'a, str>, Vec<&'a JudgementRow>>;

/// Groups the kept judgements by area.
fn judgements_by_area(per_doc_area: &BTreeMap<(String, String), JudgementRow>) -> ByArea<'_> {
    let mut by_area: ByArea<'_> = BTreeMap::new();
    for j in per_doc_area.values() {
        by_area.entry(j.area.as_str()).or_default().push(j);
    }
    by_area
}

/// Notes, on each secondary document's judgement, an area the documents grade differently.
fn note_area_conflicts(by_area: &ByArea<'_>, quality: &mut Vec<QualityRow>) {
    for (area, js) in by_area {
        let grades: BTreeSet<Grade> = js.iter().map(|j| j.grade).collect();
        if grades.len() > 1 {
            let detail: Vec<String> = js
                .iter()
                .map(|j| format!("{} says {}", j.doc_id, j.grade))
                .collect();
            for j in js.iter().filter(|j| !j.is_primary) {
                quality.push(QualityRow {
                    doc_id: Some(j.doc_id.clone()),
                    stage: QualityStage::Link,
                    severity: Severity::Warning,
                    code: "grade_conflict".to_owned(),
                    message: format!("{area}: documents disagree ({})", detail.join("; ")),
                    char_start: Some(j.char_start),
                    char_end: Some(j.char_end),
                });
            }
        }
    }
}

/// The inspection's overall effectiveness: the report's grade, else the first document's.
fn overall_grade(by_area: &ByArea<'_>) -> Option<Grade> {
    by_area
        .get(Area::OverallEffectiveness.as_str().as_ref())
        .and_then(|js| {
            js.iter()
                .find(|j| j.is_primary)
                .or_else(|| js.first())
                .map(|j| j.grade)
        })
}

/// The inspection's row: each field from the report when it gives one, else from the
/// first mention that does.
fn inspection_row(
    id: &str,
    ms: &[&MentionRecord],
    primary: Option<&MentionRecord>,
    overall: Option<Grade>,
) -> InspectionRow {
    let docs: BTreeSet<&str> = ms.iter().map(|m| m.doc_id.as_str()).collect();
    let framework = primary
        .map(|m| m.framework)
        .or_else(|| {
            ms.iter()
                .map(|m| m.framework)
                .find(|f| *f != Framework::Unknown)
        })
        .unwrap_or(Framework::Unknown);
    let (inspection_type, type_basis) = primary
        .filter(|m| m.inspection_type.is_some())
        .or_else(|| ms.iter().copied().find(|m| m.inspection_type.is_some()))
        .map(|m| (m.inspection_type, m.type_basis))
        .unwrap_or((None, None));
    InspectionRow {
        inspection_id: id.to_owned(),
        local_authority: first_of(ms, |m| m.local_authority.clone()),
        la_gss_code: first_of(ms, |m| m.la_gss_code.clone()),
        framework,
        inspection_type,
        type_basis,
        start_date: first_of(ms, |m| m.start),
        end_date: first_of(ms, |m| m.end),
        period: if ms.iter().any(|m| m.start.is_some()) {
            None
        } else {
            // the most precise period any document gives
            ms.iter()
                .filter_map(|m| m.period.clone())
                .max_by_key(|p| (p.len(), p.clone()))
        },
        published_date: first_of(ms, |m| m.published),
        lead_inspector: first_of(ms, |m| m.lead_inspector.clone()),
        theme: primary
            .and_then(|m| m.theme.clone())
            .or_else(|| first_of(ms, |m| m.theme.clone())),
        theme_verbatim: primary
            .and_then(|m| m.theme_verbatim.clone())
            .or_else(|| first_of(ms, |m| m.theme_verbatim.clone())),
        send_outcome: primary
            .and_then(|m| m.send_outcome.clone())
            .or_else(|| first_of(ms, |m| m.send_outcome.clone())),
        overall_effectiveness: overall,
        primary_doc_id: primary.map(|m| m.doc_id.clone()),
        evidence: if primary.is_some() {
            Evidence::OfstedDocument
        } else {
            Evidence::SecondaryOnly
        },
        n_documents: i32::try_from(docs.len()).unwrap_or(i32::MAX),
    }
}

/// Adds the inspectorates the mentions name, one per (inspectorate, document).
fn add_inspectorates(id: &str, ms: &[&MentionRecord], inspectorates: &mut Vec<InspectorateRow>) {
    let mut seen_insp: BTreeSet<(Inspectorate, String)> = BTreeSet::new();
    for m in ms {
        for r in &m.inspectorates {
            if seen_insp.insert((r.inspectorate, r.doc_id.clone())) {
                let mut r = r.clone();
                r.inspection_id = id.to_owned();
                inspectorates.push(r);
            }
        }
    }
}

/// Adds provenance: for each field of the row, the evidence of every mention that gives
/// the kept value.
fn add_field_provenance(
    id: &str,
    ms: &[&MentionRecord],
    row: &InspectionRow,
    provenance: &mut Vec<ProvenanceRow>,
) {
    let fields: [(&str, Option<String>); 10] = [
        ("framework", Some(row.framework.as_str().to_owned())),
        ("local_authority", row.local_authority.clone()),
        ("start_date", row.start_date.map(|d| d.to_string())),
        ("end_date", row.end_date.map(|d| d.to_string())),
        ("period", row.period.clone()),
        ("published_date", row.published_date.map(|d| d.to_string())),
        ("lead_inspector", row.lead_inspector.clone()),
        ("theme", row.theme.as_ref().map(Theme::to_string)),
        ("theme_verbatim", row.theme_verbatim.clone()),
        ("send_outcome", row.send_outcome.clone()),
    ];
    for (field, value) in fields {
        let Some(value) = value else { continue };
        for m in ms {
            if let Some(e) = m
                .evidence
                .iter()
                .find(|e| e.field == field && e.value == value)
            {
                provenance.push(ProvenanceRow {
                    entity_table: EntityTable::Inspections,
                    entity_id: id.to_owned(),
                    field: field.to_owned(),
                    value: value.clone(),
                    doc_id: m.doc_id.clone(),
                    char_start: e.char_start,
                    char_end: e.char_end,
                });
            }
        }
    }
}

/// Notes documents that give different start dates for one inspection.
fn note_date_conflict(
    ms: &[&MentionRecord],
    primary: Option<&MentionRecord>,
    row: &InspectionRow,
    quality: &mut Vec<QualityRow>,
) {
    let starts: BTreeSet<_> = ms.iter().filter_map(|m| m.start).collect();
    if starts.len() > 1 {
        let list: Vec<String> = starts.iter().map(|d| d.to_string()).collect();
        quality.push(link_note(
            primary.map(|m| m.doc_id.as_str()).unwrap_or(""),
            Severity::Warning,
            "date_conflict",
            format!(
                "documents give different start dates for one inspection ({}); kept {}",
                list.join(", "),
                row.start_date.map(|d| d.to_string()).unwrap_or_default()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::vocab::{
        DocType, InspectionType, JudgementSource, MatchBasis, SourceFormat, TypeBasis,
    };

    fn mention(doc: &str, primary: bool, fw: Framework) -> MentionRecord {
        MentionRecord {
            doc_id: doc.into(),
            idx: 0,
            is_primary: primary,
            doc_type: if primary {
                DocType::InspectionReport
            } else {
                DocType::CommitteeReport
            },
            local_authority: Some("Camden".into()),
            la_gss_code: Some("E09000007".into()),
            framework: fw,
            inspection_type: None,
            type_basis: None,
            start: None,
            end: None,
            period: None,
            published: None,
            lead_inspector: None,
            judgements: vec![],
            evidence: vec![],
            theme: None,
            theme_verbatim: None,
            inspectorates: vec![],
            send_outcome: None,
            relation: if primary {
                Relation::Primary
            } else {
                Relation::ReportsOn
            },
            anchor: (0, 1),
        }
    }

    fn judgement(doc: &str, area: &str, grade: &str, primary: bool) -> JudgementRow {
        JudgementRow {
            inspection_id: String::new(),
            doc_id: doc.into(),
            area: Area::parse(area).unwrap(),
            area_verbatim: area.into(),
            grade: Grade::parse(grade).unwrap(),
            grade_verbatim: grade.into(),
            grade_code: 1,
            source: JudgementSource::Table,
            is_primary: primary,
            char_start: 0,
            char_end: 1,
        }
    }

    fn result(doc: &str, mentions: Vec<MentionRecord>) -> DocResult {
        DocResult {
            document: DocumentRow {
                doc_id: doc.into(),
                source_path: format!("{doc}.txt"),
                source_format: SourceFormat::Text,
                sha256: doc.into(),
                doc_type: DocType::Other,
                title: None,
                local_authority: None,
                la_gss_code: None,
                la_dfe_code: None,
                ofsted_urn: None,
                document_date: None,
                committee: None,
                published_date: None,
                n_pages: None,
                n_paragraphs: 0,
                n_words: 0,
            },
            text: TextRow {
                doc_id: doc.into(),
                text: String::new(),
            },
            paragraphs: vec![],
            people: vec![],
            acronyms: vec![],
            quality: vec![],
            provenance: vec![],
            findings: vec![],
            mentions,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn secondary_with_year_links_to_primary() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        p.end = d(2022, 4, 29);
        p.inspection_type = Some(InspectionType::Short);
        p.type_basis = Some(TypeBasis::InferredFromDuration);
        p.judgements = vec![judgement("a", "overall_effectiveness", "outstanding", true)];
        let mut s = mention("b", false, Framework::Ilacs);
        s.period = Some("2022".into());
        s.judgements = vec![judgement(
            "b",
            "overall_effectiveness",
            "outstanding",
            false,
        )];
        let mut fv = mention("b", false, Framework::FocusedVisit);
        fv.idx = 1;
        fv.period = Some("2023-10".into());
        let t = link(&[result("a", vec![p]), result("b", vec![s, fv])]).unwrap();
        assert_eq!(t.inspections.len(), 2);
        let main = t
            .inspections
            .iter()
            .find(|i| i.framework == Framework::Ilacs)
            .unwrap();
        assert_eq!(main.n_documents, 2);
        assert_eq!(main.primary_doc_id.as_deref(), Some("a"));
        assert_eq!(main.overall_effectiveness, Some(Grade::Outstanding));
        assert!(
            t.judgements
                .iter()
                .all(|j| j.inspection_id == main.inspection_id)
        );
        let fv = t
            .inspections
            .iter()
            .find(|i| i.framework == Framework::FocusedVisit)
            .unwrap();
        assert_eq!(fv.period.as_deref(), Some("2023-10"));
        assert_eq!(fv.start_date, None);
    }

    #[test]
    fn undated_secondary_of_other_framework_stays_separate() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        let mut s = mention("b", false, Framework::Sif);
        s.judgements = vec![judgement("b", "overall_effectiveness", "good", false)];
        let t = link(&[result("a", vec![p]), result("b", vec![s])]).unwrap();
        assert_eq!(t.inspections.len(), 2);
        let sif = t
            .inspections
            .iter()
            .find(|i| i.framework == Framework::Sif)
            .unwrap();
        assert_eq!(sif.start_date, None);
        assert_eq!(sif.period, None);
    }

    /// "a focused visit" with no date and no grade: joins the one compatible inspection of
    /// its authority, and otherwise makes none (an info row says so).
    #[test]
    fn undated_framework_only_mention_makes_no_inspection() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        let mut s = mention("b", false, Framework::FocusedVisit);
        s.relation = Relation::Mentions;
        let t = link(&[result("a", vec![p.clone()]), result("b", vec![s.clone()])]).unwrap();
        assert_eq!(t.inspections.len(), 1);
        assert!(t.document_inspections.iter().all(|l| l.doc_id == "a"));
        assert!(
            t.quality
                .iter()
                .any(|q| q.doc_id.as_deref() == Some("b") && q.code == "undated_mention_unlinked")
        );
        // one focused visit of the authority in the inputs: linked to it
        let mut fv = mention("c", true, Framework::FocusedVisit);
        fv.start = d(2023, 10, 3);
        let t = link(&[
            result("a", vec![p.clone()]),
            result("b", vec![s.clone()]),
            result("c", vec![fv.clone()]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 2);
        let l = t
            .document_inspections
            .iter()
            .find(|l| l.doc_id == "b")
            .unwrap();
        assert_eq!(l.match_basis, MatchBasis::LaAndFramework);
        // two: ambiguous, none made
        let mut fv2 = mention("e", true, Framework::FocusedVisit);
        fv2.start = d(2020, 1, 14);
        let t = link(&[
            result("a", vec![p]),
            result("b", vec![s]),
            result("c", vec![fv]),
            result("e", vec![fv2]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 3);
        assert!(t.document_inspections.iter().all(|l| l.doc_id != "b"));
    }

    /// Regression (real news): "the sixth monitoring visit since … March 2017" and the
    /// visit the story reports on are two events of one document; the undated one does not
    /// join the earlier one, and as the story's subject it is an inspection of its own.
    #[test]
    fn a_documents_own_mentions_stay_apart() {
        let mut earlier = mention("b", false, Framework::MonitoringVisit);
        earlier.period = Some("2017-03".into());
        earlier.relation = Relation::Mentions;
        let mut now = mention("b", false, Framework::MonitoringVisit);
        now.idx = 1;
        let t = link(&[result("b", vec![earlier, now])]).unwrap();
        assert_eq!(t.inspections.len(), 2);
        let subject = t
            .document_inspections
            .iter()
            .find(|l| l.relation == Relation::ReportsOn)
            .unwrap();
        let i = t
            .inspections
            .iter()
            .find(|i| i.inspection_id == subject.inspection_id)
            .unwrap();
        assert_eq!((i.start_date, i.period.as_deref()), (None, None));
        assert!(
            t.quality
                .iter()
                .any(|q| q.code == "undated_subject_inspection")
        );
    }

    /// The undated visit a story reports on: joins the one report of its kind in the
    /// inputs, makes its own inspection when there is none, and makes none when it could be
    /// any of several.
    #[test]
    fn undated_subject_of_a_story() {
        let s = mention("b", false, Framework::FocusedVisit);
        let t = link(&[result("b", vec![s.clone()])]).unwrap();
        assert_eq!(t.inspections.len(), 1);
        assert_eq!(t.inspections[0].evidence, Evidence::SecondaryOnly);
        let mut fv = mention("c", true, Framework::FocusedVisit);
        fv.start = d(2023, 10, 3);
        let t = link(&[result("b", vec![s.clone()]), result("c", vec![fv.clone()])]).unwrap();
        assert_eq!(t.inspections.len(), 1);
        assert_eq!(t.document_inspections.len(), 2);
        let mut fv2 = mention("e", true, Framework::FocusedVisit);
        fv2.start = d(2020, 1, 14);
        let t = link(&[
            result("b", vec![s]),
            result("c", vec![fv]),
            result("e", vec![fv2]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 2);
        assert!(t.document_inspections.iter().all(|l| l.doc_id != "b"));
        assert!(t.quality.iter().any(|q| q.code == "ambiguous_link"));
    }

    #[test]
    fn ambiguous_secondary_is_flagged() {
        let mut p1 = mention("a", true, Framework::Ilacs);
        p1.start = d(2022, 4, 25);
        let mut p2 = mention("c", true, Framework::Ilacs);
        p2.start = d(2022, 11, 7);
        let mut s = mention("b", false, Framework::Ilacs);
        s.period = Some("2022".into());
        let t = link(&[
            result("a", vec![p1]),
            result("b", vec![s]),
            result("c", vec![p2]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 3);
        assert!(t.quality.iter().any(|q| q.code == "ambiguous_link"));
    }

    #[test]
    fn conflicting_grades_are_reported() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        p.judgements = vec![judgement("a", "help_and_protection", "good", true)];
        let mut s = mention("b", false, Framework::Ilacs);
        s.period = Some("2022-04".into());
        s.judgements = vec![judgement("b", "help_and_protection", "outstanding", false)];
        let t = link(&[result("a", vec![p]), result("b", vec![s])]).unwrap();
        assert_eq!(t.inspections.len(), 1);
        assert!(t.quality.iter().any(|q| q.code == "grade_conflict"));
    }

    /// Two papers about one event whose report is absent make one `secondary_only`
    /// inspection: the exact dates found it, the month joins it.
    #[test]
    fn papers_about_one_unreported_event_merge() {
        let mut a = mention("a", false, Framework::Sif);
        a.start = d(2013, 1, 14);
        a.end = d(2013, 1, 25);
        let mut b = mention("b", false, Framework::Unknown);
        b.period = Some("2013-01".into());
        let mut c = mention("c", false, Framework::Sif);
        c.period = Some("2016".into());
        let t = link(&[
            result("b", vec![b]),
            result("a", vec![a]),
            result("c", vec![c]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 2);
        let one = t
            .inspections
            .iter()
            .find(|i| i.start_date == d(2013, 1, 14))
            .unwrap();
        assert_eq!(one.n_documents, 2);
        assert_eq!(one.evidence, Evidence::SecondaryOnly);
        assert_eq!(one.framework, Framework::Sif);
        let bases: Vec<_> = t
            .document_inspections
            .iter()
            .filter(|l| l.inspection_id == one.inspection_id)
            .map(|l| (l.doc_id.as_str(), l.match_basis.as_str()))
            .collect();
        assert_eq!(
            bases,
            vec![("a", "secondary_evidence"), ("b", "la_and_period")]
        );
    }

    /// An undated paper whose overall grade differs from the only report's is about
    /// another inspection; one whose grade agrees links by grade.
    #[test]
    fn undated_paper_links_only_when_grades_agree() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        p.judgements = vec![judgement("a", "overall_effectiveness", "good", true)];
        let mut agree = mention("b", false, Framework::Unknown);
        agree.judgements = vec![judgement("b", "overall_effectiveness", "good", false)];
        let mut differ = mention("c", false, Framework::Unknown);
        differ.judgements = vec![judgement("c", "overall_effectiveness", "inadequate", false)];
        let t = link(&[
            result("a", vec![p]),
            result("b", vec![agree]),
            result("c", vec![differ]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 2);
        let main = t
            .inspections
            .iter()
            .find(|i| i.primary_doc_id.is_some())
            .unwrap();
        assert_eq!(main.evidence, Evidence::OfstedDocument);
        let b = t
            .document_inspections
            .iter()
            .find(|l| l.doc_id == "b")
            .unwrap();
        assert_eq!(b.inspection_id, main.inspection_id);
        assert_eq!(b.match_basis, MatchBasis::LaAndGrade);
        let c = t
            .document_inspections
            .iter()
            .find(|l| l.doc_id == "c")
            .unwrap();
        assert_ne!(c.inspection_id, main.inspection_id);
        let a = t
            .document_inspections
            .iter()
            .find(|l| l.doc_id == "a")
            .unwrap();
        assert_eq!(
            (a.relation.as_str(), a.match_basis.as_str()),
            ("primary", "own_document")
        );
    }

    /// A paper giving the first day of an inspection a few days off the report's still
    /// links (a week's slack between exact days).
    #[test]
    fn exact_days_link_with_slack() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2025, 2, 24);
        p.end = d(2025, 3, 7);
        let mut s = mention("b", false, Framework::Ilacs);
        s.period = Some("2025-03".into());
        let mut s2 = mention("c", false, Framework::Ilacs);
        s2.start = d(2025, 3, 3);
        let t = link(&[
            result("a", vec![p]),
            result("b", vec![s]),
            result("c", vec![s2]),
        ])
        .unwrap();
        assert_eq!(t.inspections.len(), 1);
        assert_eq!(t.inspections[0].n_documents, 3);
        assert_eq!(t.document_inspections.len(), 3);
    }
}
