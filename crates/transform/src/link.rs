//! Cross-document linking: which mentions describe the same inspection event, and the
//! final table rows.
//!
//! Rules (general, in this order):
//! 1. Every *primary* mention (a report or letter describing its own inspection) is an
//!    inspection keyed by authority, framework and start date (or month, or year); two
//!    copies of the same report fall on the same key and merge.
//! 2. A *secondary* mention (a paper or article about an inspection) joins a primary
//!    inspection of the same authority when the framework agrees (or is unknown) and its
//!    date agrees as far as it goes (same year, same month when it gives a month, same start
//!    when it gives one). Exactly one candidate: linked. Several: not linked, and a
//!    `quality` row says it was ambiguous. None: it becomes its own inspection.
//! 3. Unlinked secondary mentions with the same authority, framework and date merge; a
//!    mention without any date stays on its own (never merged on a guess).
//!
//! The candidate search is a relational join of mentions against primary inspections,
//! done with polars; the per-inspection merge of fields is plain Rust over the few
//! mentions of each event.

use crate::tables::{DocResult, MentionRecord};
use ofsted_model::id::key_id;
use ofsted_model::rows::{
    AcronymRow, DocumentRow, FindingRow, InspectionRow, InspectorateRow, JudgementRow,
    ParagraphRow, PersonRow, ProvenanceRow, QualityRow, TextRow,
};
use ofsted_model::vocab::{Framework, JudgementSource};
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

fn inspection_key(m: &MentionRecord) -> String {
    key_id("insp_", &[&la_key(m), m.framework.as_str(), &date_key(m)])
}

/// For each secondary mention (by index into `all`), the primary inspection ids it could
/// be. The join and the compatibility filter run in polars.
fn candidates(
    all: &[&MentionRecord],
    primary_ids: &[Option<String>],
) -> Result<BTreeMap<u32, BTreeSet<String>>, LinkError> {
    let mut idx = Vec::new();
    let mut la = Vec::new();
    let mut fw = Vec::new();
    let mut year: Vec<Option<i32>> = Vec::new();
    let mut month: Vec<Option<String>> = Vec::new();
    let mut start: Vec<Option<String>> = Vec::new();
    let mut pid: Vec<Option<String>> = Vec::new();
    for (i, m) in all.iter().enumerate() {
        idx.push(u32::try_from(i).unwrap_or(u32::MAX));
        // the authority's name, not its code: a mention without a date carries today's
        // code while the inspection it is about may predate a recode
        la.push(m.local_authority.clone().unwrap_or_else(|| la_key(m)));
        fw.push(m.framework.as_str().to_owned());
        year.push(m.year());
        month.push(m.month());
        start.push(m.start.map(|d| d.to_string()));
        pid.push(primary_ids.get(i).cloned().flatten());
    }
    let df = df!(
        "m" => idx,
        "la" => la,
        "framework" => fw,
        "year" => year,
        "month" => month,
        "start" => start,
        "pid" => pid,
    )?;
    let is_primary = df.column("pid")?.is_not_null();
    let primaries = df.filter(&is_primary)?;
    let secondaries = df.filter(&!is_primary)?;
    if primaries.height() == 0 || secondaries.height() == 0 {
        return Ok(BTreeMap::new());
    }
    // every (secondary, primary) pair of the same authority
    let pairs = secondaries.inner_join(&primaries, ["la"], ["la"])?;
    let s_fw = pairs.column("framework")?.str()?.clone();
    let p_fw = pairs.column("framework_right")?.str()?.clone();
    let s_year = pairs.column("year")?.i32()?.clone();
    let p_year = pairs.column("year_right")?.i32()?.clone();
    let s_month = pairs.column("month")?.str()?.clone();
    let p_month = pairs.column("month_right")?.str()?.clone();
    let s_start = pairs.column("start")?.str()?.clone();
    let p_start = pairs.column("start_right")?.str()?.clone();
    // compatible when each part the secondary states agrees with the primary
    let unknown = Framework::Unknown.as_str();
    let fw_ok: BooleanChunked = s_fw
        .iter()
        .zip(p_fw.iter())
        .map(|(s, p)| Some(s == Some(unknown) || s == p))
        .collect();
    let agree = |a: Option<&str>, b: Option<&str>| a.is_none() || a == b;
    let year_ok: BooleanChunked = s_year
        .iter()
        .zip(p_year.iter())
        .map(|(s, p)| Some(s.is_none() || s == p))
        .collect();
    let month_ok: BooleanChunked = s_month
        .iter()
        .zip(p_month.iter())
        .map(|(s, p)| Some(agree(s, p)))
        .collect();
    let start_ok: BooleanChunked = s_start
        .iter()
        .zip(p_start.iter())
        .map(|(s, p)| Some(agree(s, p)))
        .collect();
    let keep = &(&(&fw_ok & &year_ok) & &month_ok) & &start_ok;
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

fn source_rank(s: &str) -> u8 {
    match JudgementSource::parse(s) {
        Some(JudgementSource::Table) => 0,
        Some(JudgementSource::Heading) => 1,
        Some(JudgementSource::Statement) => 2,
        Some(JudgementSource::Prose) => 3,
        None => 4,
    }
}

fn link_note(doc_id: &str, severity: &str, code: &str, message: String) -> QualityRow {
    QualityRow {
        doc_id: Some(doc_id.to_owned()),
        stage: "link".to_owned(),
        severity: severity.to_owned(),
        code: code.to_owned(),
        message,
        char_start: None,
        char_end: None,
    }
}

/// Links every document's mentions into inspections and assembles the tables.
pub fn link(results: &[DocResult]) -> Result<Tables, LinkError> {
    let mut t = Tables::default();
    let mut all: Vec<&MentionRecord> = results.iter().flat_map(|r| r.mentions.iter()).collect();
    // primaries first, then by document, so merges prefer the Ofsted report
    all.sort_by(|a, b| (!a.is_primary, &a.doc_id, a.idx).cmp(&(!b.is_primary, &b.doc_id, b.idx)));
    let primary_ids: Vec<Option<String>> = all
        .iter()
        .map(|m| m.is_primary.then(|| inspection_key(m)))
        .collect();
    let cands = candidates(&all, &primary_ids)?;
    let mut assigned: Vec<String> = Vec::with_capacity(all.len());
    for (i, m) in all.iter().enumerate() {
        if let Some(Some(p)) = primary_ids.get(i) {
            assigned.push(p.clone());
            continue;
        }
        let key = u32::try_from(i).unwrap_or(u32::MAX);
        match cands.get(&key) {
            Some(c) if c.len() == 1 => assigned.push(
                c.iter()
                    .next()
                    .cloned()
                    .unwrap_or_else(|| inspection_key(m)),
            ),
            Some(c) if c.len() > 1 => {
                t.quality.push(link_note(
                    &m.doc_id,
                    "warning",
                    "ambiguous_link",
                    format!(
                        "a {} inspection of {} mentioned here could be any of {} reported inspections; kept separate",
                        m.framework,
                        m.local_authority.as_deref().unwrap_or("an unknown authority"),
                        c.len()
                    ),
                ));
                assigned.push(inspection_key(m));
            }
            _ => assigned.push(inspection_key(m)),
        }
    }
    // group mentions per inspection (BTreeMap: deterministic order)
    let mut groups: BTreeMap<String, Vec<&MentionRecord>> = BTreeMap::new();
    for (m, id) in all.iter().zip(&assigned) {
        groups.entry(id.clone()).or_default().push(m);
    }
    let mut by_mention: HashMap<(String, usize), String> = HashMap::new();
    for (id, ms) in &groups {
        for m in ms {
            by_mention.insert((m.doc_id.clone(), m.idx), id.clone());
        }
        merge_inspection(id, ms, &mut t);
    }
    for r in results {
        t.documents.push(r.document.clone());
        t.texts.push(r.text.clone());
        t.paragraphs.extend(r.paragraphs.iter().cloned());
        t.people.extend(r.people.iter().cloned());
        t.acronyms.extend(r.acronyms.iter().cloned());
        t.quality.extend(r.quality.iter().cloned());
        t.quality.extend(crate::coverage::trace_row(r));
        t.provenance.extend(r.provenance.iter().cloned());
        for (mention, f) in &r.findings {
            let mut f = f.clone();
            f.inspection_id =
                mention.and_then(|i| by_mention.get(&(r.document.doc_id.clone(), i)).cloned());
            t.findings.push(f);
        }
    }
    Ok(t)
}

/// Merges the mentions of one inspection into its row, its judgements and provenance.
fn merge_inspection(id: &str, ms: &[&MentionRecord], t: &mut Tables) {
    fn first<T: Clone>(
        ms: &[&MentionRecord],
        f: impl Fn(&MentionRecord) -> Option<T>,
    ) -> Option<T> {
        ms.iter().find_map(|m| f(m))
    }
    let primary = ms.iter().find(|m| m.is_primary);
    // judgements: one per (document, area), best source first
    let mut per_doc_area: BTreeMap<(String, String), JudgementRow> = BTreeMap::new();
    for m in ms {
        let mut js = m.judgements.clone();
        js.sort_by_key(|j| source_rank(&j.source));
        for mut j in js {
            j.inspection_id = id.to_owned();
            let key = (j.doc_id.clone(), j.area.clone());
            match per_doc_area.get(&key) {
                Some(kept) if kept.grade != j.grade => t.quality.push(QualityRow {
                    doc_id: Some(j.doc_id.clone()),
                    stage: "link".to_owned(),
                    severity: "warning".to_owned(),
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
    // conflicts between documents on the same area
    let mut by_area: BTreeMap<&str, Vec<&JudgementRow>> = BTreeMap::new();
    for j in per_doc_area.values() {
        by_area.entry(j.area.as_str()).or_default().push(j);
    }
    for (area, js) in &by_area {
        let grades: BTreeSet<&str> = js.iter().map(|j| j.grade.as_str()).collect();
        if grades.len() > 1 {
            let detail: Vec<String> = js
                .iter()
                .map(|j| format!("{} says {}", j.doc_id, j.grade))
                .collect();
            for j in js.iter().filter(|j| !j.is_primary) {
                t.quality.push(QualityRow {
                    doc_id: Some(j.doc_id.clone()),
                    stage: "link".to_owned(),
                    severity: "warning".to_owned(),
                    code: "grade_conflict".to_owned(),
                    message: format!("{area}: documents disagree ({})", detail.join("; ")),
                    char_start: Some(j.char_start),
                    char_end: Some(j.char_end),
                });
            }
        }
    }
    let overall = by_area
        .get(ofsted_model::vocab::area::OVERALL_EFFECTIVENESS)
        .and_then(|js| {
            js.iter()
                .find(|j| j.is_primary)
                .or_else(|| js.first())
                .map(|j| j.grade.clone())
        });
    t.judgements.extend(per_doc_area.into_values());

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
        .or_else(|| ms.iter().find(|m| m.inspection_type.is_some()))
        .map(|m| (m.inspection_type, m.type_basis))
        .unwrap_or((None, None));
    let row = InspectionRow {
        inspection_id: id.to_owned(),
        local_authority: first(ms, |m| m.local_authority.clone()),
        la_gss_code: first(ms, |m| m.la_gss_code.clone()),
        framework: framework.as_str().to_owned(),
        inspection_type: inspection_type.map(|x| x.as_str().to_owned()),
        type_basis: type_basis.map(|x| x.as_str().to_owned()),
        start_date: first(ms, |m| m.start),
        end_date: first(ms, |m| m.end),
        period: if ms.iter().any(|m| m.start.is_some()) {
            None
        } else {
            // the most precise period any document gives
            ms.iter()
                .filter_map(|m| m.period.clone())
                .max_by_key(|p| (p.len(), p.clone()))
        },
        published_date: first(ms, |m| m.published),
        lead_inspector: first(ms, |m| m.lead_inspector.clone()),
        theme: primary
            .and_then(|m| m.theme.clone())
            .or_else(|| first(ms, |m| m.theme.clone())),
        theme_verbatim: primary
            .and_then(|m| m.theme_verbatim.clone())
            .or_else(|| first(ms, |m| m.theme_verbatim.clone())),
        send_outcome: primary
            .and_then(|m| m.send_outcome.clone())
            .or_else(|| first(ms, |m| m.send_outcome.clone())),
        overall_effectiveness: overall,
        primary_doc_id: primary.map(|m| m.doc_id.clone()),
        n_documents: i32::try_from(docs.len()).unwrap_or(i32::MAX),
    };
    // provenance: for each field of the row, the evidence of the mention that supplied it
    let mut seen_insp: BTreeSet<(String, String)> = BTreeSet::new();
    for m in ms {
        for r in &m.inspectorates {
            if seen_insp.insert((r.inspectorate.clone(), r.doc_id.clone())) {
                let mut r = r.clone();
                r.inspection_id = id.to_owned();
                t.inspectorates.push(r);
            }
        }
    }
    let fields: [(&str, Option<String>); 10] = [
        ("framework", Some(row.framework.clone())),
        ("local_authority", row.local_authority.clone()),
        ("start_date", row.start_date.map(|d| d.to_string())),
        ("end_date", row.end_date.map(|d| d.to_string())),
        ("period", row.period.clone()),
        ("published_date", row.published_date.map(|d| d.to_string())),
        ("lead_inspector", row.lead_inspector.clone()),
        ("theme", row.theme.clone()),
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
                t.provenance.push(ProvenanceRow {
                    entity_table: "inspections".to_owned(),
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
    // date conflicts between documents
    let starts: BTreeSet<_> = ms.iter().filter_map(|m| m.start).collect();
    if starts.len() > 1 {
        let list: Vec<String> = starts.iter().map(|d| d.to_string()).collect();
        t.quality.push(link_note(
            primary.map(|m| m.doc_id.as_str()).unwrap_or(""),
            "warning",
            "date_conflict",
            format!(
                "documents give different start dates for one inspection ({}); kept {}",
                list.join(", "),
                row.start_date.map(|d| d.to_string()).unwrap_or_default()
            ),
        ));
    }
    t.inspections.push(row);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use ofsted_model::vocab::{DocType, InspectionType, TypeBasis};

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
        }
    }

    fn judgement(doc: &str, area: &str, grade: &str, primary: bool) -> JudgementRow {
        JudgementRow {
            inspection_id: String::new(),
            doc_id: doc.into(),
            area: area.into(),
            area_verbatim: area.into(),
            grade: grade.into(),
            grade_verbatim: grade.into(),
            grade_code: 1,
            source: "table".into(),
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
                source_format: "text".into(),
                sha256: doc.into(),
                doc_type: "other".into(),
                title: None,
                local_authority: None,
                la_gss_code: None,
                la_dfe_code: None,
                ofsted_urn: None,
                document_date: None,
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
            .find(|i| i.framework == "ilacs")
            .unwrap();
        assert_eq!(main.n_documents, 2);
        assert_eq!(main.primary_doc_id.as_deref(), Some("a"));
        assert_eq!(main.overall_effectiveness.as_deref(), Some("outstanding"));
        assert!(
            t.judgements
                .iter()
                .all(|j| j.inspection_id == main.inspection_id)
        );
        let fv = t
            .inspections
            .iter()
            .find(|i| i.framework == "focused_visit")
            .unwrap();
        assert_eq!(fv.period.as_deref(), Some("2023-10"));
        assert_eq!(fv.start_date, None);
    }

    #[test]
    fn undated_secondary_of_other_framework_stays_separate() {
        let mut p = mention("a", true, Framework::Ilacs);
        p.start = d(2022, 4, 25);
        let s = mention("b", false, Framework::Sif);
        let t = link(&[result("a", vec![p]), result("b", vec![s])]).unwrap();
        assert_eq!(t.inspections.len(), 2);
        let sif = t.inspections.iter().find(|i| i.framework == "sif").unwrap();
        assert_eq!(sif.start_date, None);
        assert_eq!(sif.period, None);
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
}
