//! Facts from Ofsted's site: the ledgers `ofsted-etl sync` keeps under the input directory
//! (`<folder>/.ofsted-sync/ledger.json`). They give the `publications` table, the
//! publication date of a document that prints none, and Ofsted's label to check the
//! framework read from the document against.

use ofsted_model::ledger::{LEDGER_FILE, Ledger, LedgerEntry, STATE_DIR, label_agrees};
use ofsted_model::rows::{DocumentRow, ProvenanceRow, PublicationRow, QualityRow};
use ofsted_model::vocab::{EntityTable, QualityStage, Severity};
use ofsted_transform::tables::DocResult;
use std::collections::HashMap;
use std::path::Path;

/// Every ledger entry found, with its file's path relative to the input directory.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    /// `(path relative to the input directory, entry)`; the path is `None` until held.
    pub entries: Vec<(Option<String>, LedgerEntry)>,
}

/// Reads every ledger under `input`. Returns the facts and one message per unreadable
/// ledger (never fatal: the documents are still processed).
pub fn read_ledgers(input: &Path) -> (SiteFacts, Vec<String>) {
    let mut facts = SiteFacts::default();
    let mut problems = Vec::new();
    walk(input, "", 0, &mut facts, &mut problems);
    facts
        .entries
        .sort_by(|a, b| (&a.1.file_id, &a.0).cmp(&(&b.1.file_id, &b.0)));
    (facts, problems)
}

fn walk(dir: &Path, rel: &str, depth: usize, facts: &mut SiteFacts, problems: &mut Vec<String>) {
    if depth > 8 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<(String, std::path::PathBuf)> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    subdirs.sort();
    for (name, path) in subdirs {
        if name == STATE_DIR {
            read_one(&path.join(LEDGER_FILE), rel, facts, problems);
        } else if !name.starts_with('.') {
            let sub = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            walk(&path, &sub, depth + 1, facts, problems);
        }
    }
}

fn read_one(path: &Path, rel: &str, facts: &mut SiteFacts, problems: &mut Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    match serde_json::from_str::<Ledger>(&text) {
        Ok(l) => {
            for e in l.publications.into_values() {
                let local = e.local_path.as_ref().map(|p| {
                    if rel.is_empty() {
                        p.clone()
                    } else {
                        format!("{rel}/{p}")
                    }
                });
                facts.entries.push((local, e));
            }
        }
        Err(e) => problems.push(format!("sync ledger {} ignored: {e}", path.display())),
    }
}

impl SiteFacts {
    fn by_path(&self) -> HashMap<&str, &LedgerEntry> {
        self.entries
            .iter()
            .filter_map(|(p, e)| p.as_deref().map(|p| (p, e)))
            .collect()
    }

    /// Fills what the documents fetched by sync do not print (publication date, with a
    /// provenance row of empty span and an `info` note) and warns when Ofsted's label and
    /// the framework read from the document disagree.
    pub fn apply(&self, docs: &mut [DocResult]) {
        let by_path = self.by_path();
        for d in docs {
            if let Some(e) = by_path.get(d.document.source_path.as_str()) {
                fill_published(d, e);
                check_label(d, e);
            }
        }
    }

    /// The `publications` rows, with `doc_id` where the held file was processed.
    pub fn rows(&self, documents: &[DocumentRow]) -> Vec<PublicationRow> {
        let by_path: HashMap<&str, &str> = documents
            .iter()
            .map(|d| (d.source_path.as_str(), d.doc_id.as_str()))
            .collect();
        let by_sha: HashMap<&str, &str> = documents
            .iter()
            .map(|d| (d.sha256.as_str(), d.doc_id.as_str()))
            .collect();
        self.entries
            .iter()
            .map(|(path, e)| {
                let doc_id = path
                    .as_deref()
                    .and_then(|p| by_path.get(p))
                    .or_else(|| e.sha256.as_deref().and_then(|s| by_sha.get(s)))
                    .map(|s| (*s).to_owned());
                PublicationRow {
                    file_id: e.file_id.clone(),
                    ofsted_urn: e.urn,
                    local_authority: e.authority.clone(),
                    label: e.label.clone(),
                    kind: e.kind,
                    timeline_date: e.timeline_date,
                    published_date: e.published_date,
                    url: e.url.clone(),
                    local_path: path.clone(),
                    status: e.status,
                    doc_id,
                }
            })
            .collect()
    }
}

fn note(doc_id: &str, severity: Severity, code: &str, message: String) -> QualityRow {
    QualityRow::note(
        Some(doc_id),
        QualityStage::Transform,
        severity,
        code,
        message,
    )
}

fn fill_published(d: &mut DocResult, e: &LedgerEntry) {
    let Some(date) = e.published_date else {
        return;
    };
    if d.document.published_date.is_some() {
        return;
    }
    let doc_id = d.document.doc_id.clone();
    d.document.published_date = Some(date);
    for m in d
        .mentions
        .iter_mut()
        .filter(|m| m.is_primary && m.published.is_none())
    {
        m.published = Some(date);
    }
    d.provenance.push(ProvenanceRow {
        entity_table: EntityTable::Documents,
        entity_id: doc_id.clone(),
        field: "published_date".into(),
        value: date.to_string(),
        doc_id: doc_id.clone(),
        char_start: 0,
        char_end: 0,
    });
    d.quality.push(note(
        &doc_id,
        Severity::Info,
        "published_date_from_site",
        format!(
            "the document prints no publication date: {date} taken from Ofsted's site (file {}, sync ledger)",
            e.file_id
        ),
    ));
}

fn check_label(d: &mut DocResult, e: &LedgerEntry) {
    let Some(m) = d.mentions.iter().find(|m| m.is_primary) else {
        return;
    };
    let framework = m.framework;
    if label_agrees(e.kind, framework) == Some(false) {
        let doc_id = d.document.doc_id.clone();
        d.quality.push(note(
            &doc_id,
            Severity::Warning,
            "site_label_disagrees",
            format!(
                "Ofsted's site labels file {} {:?} ({}), but the document reads as framework {framework}",
                e.file_id, e.label, e.kind
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use chrono::NaiveDate;
    use ofsted_model::ledger::PubStatus;
    use ofsted_model::vocab::PublicationKind;

    fn entry(kind: &str, date: Option<NaiveDate>) -> LedgerEntry {
        LedgerEntry {
            file_id: "501".into(),
            urn: 80429,
            authority: "Birmingham".into(),
            label: "Children's services focused visit".into(),
            kind: PublicationKind::parse(kind).unwrap(),
            timeline_date: None,
            published_date: date,
            url: "https://files.example/v1/file/501".into(),
            local_path: Some("80429_birmingham/x_501.txt".into()),
            bytes: Some(10),
            sha256: Some("ab".into()),
            first_seen: "2026-01-01T00:00:00Z".into(),
            status: PubStatus::Held,
            last_error: None,
        }
    }

    #[test]
    fn site_date_fills_a_missing_publication_date_with_provenance() {
        let text =
            b"Birmingham City Council\n\nThe council's services for children were reviewed.\n";
        let path = "ofsted/80429_birmingham/x_501.txt"; // text: a .pdf name needs PDF bytes
        let (mut docs, _) = crate::run::process_single(&Config::default(), path, text);
        assert_eq!(docs[0].document.published_date, None);
        let date = NaiveDate::from_ymd_opt(2024, 2, 6);
        let facts = SiteFacts {
            entries: vec![(Some(path.into()), entry("focused_visit", date))],
        };
        facts.apply(&mut docs);
        let d = &docs[0];
        assert_eq!(d.document.published_date, date);
        let p = d
            .provenance
            .iter()
            .find(|p| p.field == "published_date")
            .unwrap();
        assert_eq!(
            (p.value.as_str(), p.char_start, p.char_end),
            ("2024-02-06", 0, 0)
        );
        assert!(
            d.quality
                .iter()
                .any(|q| q.code == "published_date_from_site")
        );
        let rows = facts.rows(std::slice::from_ref(&d.document));
        assert_eq!(rows[0].doc_id.as_deref(), Some(d.document.doc_id.as_str()));
        assert_eq!(rows[0].status, PubStatus::Held);
    }

    #[test]
    fn ledgers_are_found_under_the_input_folder() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("ofsted").join(STATE_DIR);
        std::fs::create_dir_all(&state).unwrap();
        let mut l = Ledger::new("https://x");
        l.publications
            .insert("501".into(), entry("focused_visit", None));
        std::fs::write(state.join(LEDGER_FILE), serde_json::to_vec(&l).unwrap()).unwrap();
        std::fs::create_dir_all(dir.path().join("bad").join(STATE_DIR)).unwrap();
        std::fs::write(
            dir.path().join("bad").join(STATE_DIR).join(LEDGER_FILE),
            "{",
        )
        .unwrap();
        let (facts, problems) = read_ledgers(dir.path());
        assert_eq!(facts.entries.len(), 1);
        assert_eq!(
            facts.entries[0].0.as_deref(),
            Some("ofsted/80429_birmingham/x_501.txt")
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
