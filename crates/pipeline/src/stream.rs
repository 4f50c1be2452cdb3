//! A run's tables in bounded memory.
//!
//! While inputs are processed, each document's full result goes to the state store and
//! only its `documents` row ([`stub`]) stays in memory. Once every input is done, the
//! [`lean`] form of each is read back ([`lean_from_store`]): the `documents` row, the
//! mentions, findings without their text and the opening of the text — what linking, the
//! inspection summary and the manifest read. After linking, the large per-document tables ([`STREAMED`]) are
//! written document by document in `doc_id` order, each document's full result read back
//! from the store, the rows linking made for those tables (link notes, inspection
//! provenance) merged in at their place in the sort order. Every table's first sort column
//! is the document's id (`entity_id` for provenance), so sorting each document's rows
//! gives the whole table's order: the files are those of sorting the whole table.

use crate::process::Outcome;
use crate::run::RunError;
use crate::state::State;
use ofsted_load::stream::{Staging, TableSink};
use ofsted_model::rows::{
    AcronymRow, DocumentRow, FindingRow, ParagraphRow, PersonRow, ProvenanceRow, QualityRow,
    TextRow,
};
use ofsted_model::schema::{Row, TableData, TableSchema, Value};
use ofsted_transform::coverage::{OPENING_CHARS, reads_opening};
use ofsted_transform::link::Tables;
use ofsted_transform::tables::{DocResult, MentionRecord};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::{BTreeMap, HashMap};

/// The tables written document by document, in this order in [`DocTables`].
pub const STREAMED: [TableSchema; 7] = [
    TextRow::SCHEMA,
    FindingRow::SCHEMA,
    ParagraphRow::SCHEMA,
    PersonRow::SCHEMA,
    AcronymRow::SCHEMA,
    ProvenanceRow::SCHEMA,
    QualityRow::SCHEMA,
];
const FINDINGS: usize = 1;
const QUALITY: usize = 6;

/// Documents whose full results are read back at a time.
const WINDOW: usize = 32;

/// A document's result as linking needs it: its large rows dropped, its findings without
/// their text, its text cut to the opening, or dropped when coverage does not read it
/// ([`reads_opening`]). Lean twice is lean once.
pub fn lean(d: DocResult) -> DocResult {
    let opening = reads_opening(&d);
    let DocResult {
        document,
        mut text,
        findings,
        mentions,
        ..
    } = d;
    if !opening {
        text.text = String::new();
    } else if let Some((cut, _)) = text.text.char_indices().nth(OPENING_CHARS) {
        text.text.truncate(cut);
        // truncating keeps the whole text's allocation: give it back
        text.text.shrink_to_fit();
    }
    let mut findings: Vec<_> = findings
        .into_iter()
        .map(|(m, mut f)| {
            f.text = String::new();
            f.heading = None;
            (m, f)
        })
        .collect();
    findings.shrink_to_fit();
    for_linking(document, text, findings, mentions)
}

/// A result with only the parts linking reads; the other tables' rows empty.
fn for_linking(
    document: DocumentRow,
    text: TextRow,
    findings: Vec<(Option<usize>, FindingRow)>,
    mentions: Vec<MentionRecord>,
) -> DocResult {
    DocResult {
        document,
        text,
        paragraphs: Vec::new(),
        people: Vec::new(),
        acronyms: Vec::new(),
        quality: Vec::new(),
        provenance: Vec::new(),
        findings,
        mentions,
    }
}

/// What a run keeps of a document while the others are processed: its `documents` row
/// alone (the id, the content hash, the path). Its full result is in the state store and
/// [`lean_from_store`] reads what linking needs back once every input is done, so no
/// per-document data piles up on the heaps of the threads that read the inputs.
pub fn stub(d: DocResult) -> DocResult {
    stub_of(d.document)
}

/// The [`stub`] of a document with this `documents` row.
fn stub_of(document: DocumentRow) -> DocResult {
    let text = TextRow {
        doc_id: document.doc_id.clone(),
        text: String::new(),
    };
    for_linking(document, text, Vec::new(), Vec::new())
}

/// A stored [`Outcome`] read through a view: `D`, the fields of a document wanted (the
/// others are skipped, not built), and `R` for a reject.
#[derive(Deserialize)]
enum Stored<D, R> {
    Document(Box<D>),
    Rejected(R),
}

/// The fields of a stored [`DocResult`] that [`lean`] keeps.
#[derive(Deserialize)]
struct LeanParts {
    document: DocumentRow,
    text: TextRow,
    findings: Vec<(Option<usize>, FindingRow)>,
    mentions: Vec<MentionRecord>,
}

impl LeanParts {
    fn into_doc(self) -> DocResult {
        for_linking(self.document, self.text, self.findings, self.mentions)
    }
}

/// [`stub`] for an outcome.
pub fn stub_outcome(o: Outcome) -> Outcome {
    match o {
        Outcome::Document(d) => Outcome::Document(Box::new(stub(*d))),
        r => r,
    }
}

/// The field of a stored [`DocResult`] that [`stub`] keeps.
#[derive(Deserialize)]
struct StubParts {
    document: DocumentRow,
}

/// The [`stub_outcome`] of the outcome stored for content `sha`, read without building the
/// rest of the result (a sharded run's reduce, whose maps left every result in the store).
pub fn stored_stub(state: &State, sha: &str) -> Option<Outcome> {
    Some(
        match state.cached_as::<Stored<StubParts, crate::process::Reject>>(sha)? {
            Stored::Document(p) => Outcome::Document(Box::new(stub_of(p.document))),
            Stored::Rejected(r) => Outcome::Rejected(r),
        },
    )
}

/// The [`lean`] form of each document, read from its full result in `state` (the
/// documents themselves may be [`stub`]s: only their content hash and path are used), in
/// the same order.
pub fn lean_from_store(state: &State, docs: Vec<DocResult>) -> Result<Vec<DocResult>, RunError> {
    docs.into_par_iter()
        .map(|d| {
            let sha = d.document.sha256.as_str();
            let Some(Stored::<LeanParts, IgnoredAny>::Document(parts)) = state.cached_as(sha)
            else {
                return Err(RunError::Stream(format!(
                    "the stored result of document {} (content {sha}) is missing or unreadable",
                    d.document.doc_id
                )));
            };
            let mut l = lean((*parts).into_doc());
            // the store is keyed by content: the path is this run's
            l.document.source_path = d.document.source_path;
            Ok(l)
        })
        .collect()
}

/// One document's rows of the [`STREAMED`] tables, each sorted.
type DocTables = Vec<TableData>;

/// What writing a document's rows needs of its (lean) result: its id, the key of its
/// full result in the state store and how many findings it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    /// `doc_id`.
    pub doc_id: String,
    /// Content hash: the key of the full result in the state store.
    pub sha256: String,
    /// Number of findings (linking returns them in document order).
    pub n_findings: usize,
}

/// The [`DocKey`]s of `docs`, in the same order.
pub fn doc_keys(docs: &[DocResult]) -> Vec<DocKey> {
    docs.iter()
        .map(|d| DocKey {
            doc_id: d.document.doc_id.clone(),
            sha256: d.document.sha256.clone(),
            n_findings: d.findings.len(),
        })
        .collect()
}

/// What writing the streamed tables needs of linking's output: the inspection of each
/// finding (in document order) and linking's own rows of the streamed tables. The rest of
/// [`Tables`] is written whole and can be dropped first.
pub struct Linked {
    /// `findings.inspection_id` of every finding linking returned, in order.
    finding_inspections: Vec<Option<String>>,
    /// Linking's rows of each streamed table, as rows (see [`extras`]).
    extras: Vec<TableData>,
    /// Linking's `quality` rows per code.
    warnings: BTreeMap<String, usize>,
}

impl Linked {
    /// Takes from `t` what writing the streamed tables needs.
    pub fn take(t: &mut Tables) -> Linked {
        let mut warnings = BTreeMap::new();
        for q in &t.quality {
            *warnings.entry(q.code.clone()).or_default() += 1;
        }
        let extras = extras(t);
        t.quality = Vec::new();
        t.provenance = Vec::new();
        // not `into_iter().map().collect()`: that reuses the findings' buffer in place,
        // keeping memory for every whole finding row through the write
        let finding_inspections = t
            .findings
            .iter_mut()
            .map(|f| f.inspection_id.take())
            .collect();
        t.findings = Vec::new();
        Linked {
            finding_inspections,
            extras,
            warnings,
        }
    }
}

fn doc_tables(full: DocResult, inspections: &[Option<String>]) -> DocTables {
    let findings: Vec<FindingRow> = full
        .findings
        .into_iter()
        .zip(inspections)
        .map(|((_, mut f), inspection)| {
            f.inspection_id = inspection.clone();
            f
        })
        .collect();
    vec![
        TableData::from_rows(std::slice::from_ref(&full.text)),
        TableData::from_rows(&findings),
        TableData::from_rows(&full.paragraphs),
        TableData::from_rows(&full.people),
        TableData::from_rows(&full.acronyms),
        TableData::from_rows(&full.provenance),
        TableData::from_rows(&full.quality),
    ]
}

/// Merges the rows linking made for one table into the document-by-document stream.
struct Merger {
    extras: std::vec::IntoIter<Vec<Value>>,
    peeked: Option<Vec<Value>>,
    key_col: usize,
}

/// The column of a table's first sort key (the document's id in every streamed table).
fn key_col(schema: &TableSchema) -> usize {
    schema
        .sort_key
        .first()
        .and_then(|k| schema.index_of(k))
        .unwrap_or(0)
}

impl Merger {
    fn new(mut extras: TableData) -> Self {
        extras.sort();
        let key_col = key_col(&extras.schema);
        let mut it = extras.rows.into_iter();
        let peeked = it.next();
        Merger {
            extras: it,
            peeked,
            key_col,
        }
    }

    /// The rows to write for document `key`: linking's rows that sort before it, then its
    /// own rows with linking's rows of the same key, sorted.
    fn chunk(&mut self, key: &Value, mut rows: TableData) -> Vec<Vec<Value>> {
        let mut out = Vec::new();
        let mut same = false;
        let k = self.key_col;
        while let Some(first) = self.peeked.as_ref().and_then(|r| r.get(k)) {
            if first > key {
                break;
            }
            let Some(row) = self.peeked.take() else { break };
            if row.get(k) == Some(key) {
                rows.rows.push(row);
                same = true;
            } else {
                out.push(row);
            }
            self.peeked = self.extras.next();
        }
        if same {
            rows.sort();
        }
        out.append(&mut rows.rows);
        out
    }

    fn rest(mut self) -> Vec<Vec<Value>> {
        self.peeked.take().into_iter().chain(self.extras).collect()
    }
}

/// What writing the streamed tables yielded, for the workbook, the page and the manifest.
pub struct Streamed {
    /// Rows written per streamed table.
    pub counts: Vec<(&'static str, usize)>,
    /// Every `quality` row (the page and the workbook show them).
    pub quality: TableData,
    /// Every `findings` row when `keep_findings` (the workbook's sheet), else none.
    pub findings: TableData,
    /// Quality rows per code, before duplicates are dropped (as the manifest counts them).
    pub warnings: BTreeMap<String, usize>,
}

/// Key of every row of one document in the streamed tables: its id.
fn check_keys(doc_id: &str, tables: &DocTables) -> Result<(), RunError> {
    let key = Value::Str(doc_id.to_owned());
    for t in tables {
        let k = key_col(&t.schema);
        if t.rows.iter().any(|r| r.get(k) != Some(&key)) {
            return Err(RunError::Stream(format!(
                "table {}: a row of document {doc_id} is keyed by another id",
                t.schema.name
            )));
        }
    }
    Ok(())
}

/// Writes the [`STREAMED`] tables of `docs` (linked into `linked`) into `sinks` (one per
/// streamed table, in order; `None` only counts rows), reading each document's full result
/// from `state`.
pub fn write_docs(
    state: &State,
    docs: &[DocKey],
    linked: Linked,
    mut sinks: Option<&mut [TableSink]>,
    keep_findings: bool,
) -> Result<Streamed, RunError> {
    let Linked {
        finding_inspections,
        extras,
        warnings,
    } = linked;
    let light = light_findings(docs, &finding_inspections);
    let mut order: Vec<&DocKey> = docs.iter().collect();
    order.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
    let mut mergers: Vec<Merger> = extras.into_iter().map(Merger::new).collect();
    let mut out = Streamed {
        counts: STREAMED.iter().map(|s| (s.name, 0)).collect(),
        quality: TableData::from_rows::<QualityRow>(&[]),
        findings: TableData::from_rows::<FindingRow>(&[]),
        warnings,
    };
    // each window is read from the state store while the one before it is written
    let mut windows = order.chunks(WINDOW);
    let mut pending: Vec<ReadDoc> = Vec::new();
    loop {
        let next = windows.next();
        let written = std::mem::take(&mut pending);
        let (read, emitted) = rayon::join(
            || {
                next.map_or(Ok(Vec::new()), |w| {
                    w.par_iter()
                        .map(|d| read_doc(state, d, &light))
                        .collect::<Result<Vec<_>, RunError>>()
                })
            },
            || {
                // the window's rows, table by table, go to the sinks in one step
                let mut rows: Vec<Vec<Vec<Value>>> = vec![Vec::new(); mergers.len()];
                for doc in written {
                    for (all, r) in rows.iter_mut().zip(merge_doc(&mut out, &mut mergers, doc)) {
                        all.extend(r);
                    }
                }
                emit(&mut out, sinks.as_deref_mut(), rows, keep_findings)
            },
        );
        emitted?;
        pending = read?;
        if next.is_none() {
            break;
        }
    }
    let rest: Vec<Vec<Vec<Value>>> = mergers.into_iter().map(Merger::rest).collect();
    emit(&mut out, sinks, rest, keep_findings)?;
    Ok(out)
}

/// One document's key, streamed tables and warning codes, as read from the state store.
type ReadDoc = (Value, DocTables, Vec<String>);

/// One document's tables merged with linking's rows (per streamed table); counts its
/// warning codes.
fn merge_doc(
    out: &mut Streamed,
    mergers: &mut [Merger],
    (key, tables, codes): ReadDoc,
) -> Vec<Vec<Vec<Value>>> {
    for c in codes {
        *out.warnings.entry(c).or_default() += 1;
    }
    mergers
        .iter_mut()
        .zip(tables)
        .map(|(m, t)| m.chunk(&key, t))
        .collect()
}

/// Hands one step's rows (per streamed table) to the sinks and the kept tables.
fn emit(
    out: &mut Streamed,
    sinks: Option<&mut [TableSink]>,
    rows: Vec<Vec<Vec<Value>>>,
    keep_findings: bool,
) -> Result<(), RunError> {
    for (i, r) in rows.iter().enumerate() {
        if let Some(c) = out.counts.get_mut(i) {
            c.1 += r.len();
        }
    }
    if let Some(r) = rows.get(QUALITY) {
        out.quality.rows.extend(r.iter().cloned());
    }
    if keep_findings && let Some(r) = rows.get(FINDINGS) {
        out.findings.rows.extend(r.iter().cloned());
    }
    if let Some(sinks) = sinks {
        sinks
            .par_iter_mut()
            .zip(rows)
            .try_for_each(|(s, r)| s.push(r))?;
    }
    Ok(())
}

fn read_doc(
    state: &State,
    d: &DocKey,
    light: &HashMap<&str, &[Option<String>]>,
) -> Result<ReadDoc, RunError> {
    let id = d.doc_id.as_str();
    let sha = d.sha256.as_str();
    let Some(Outcome::Document(full)) = state.cached(sha) else {
        return Err(RunError::Stream(format!(
            "the stored result of document {id} (content {sha}) is missing or unreadable"
        )));
    };
    let codes = full.quality.iter().map(|q| q.code.clone()).collect();
    let lf = light.get(id).copied().unwrap_or(&[]);
    if lf.len() != full.findings.len() {
        return Err(RunError::Stream(format!(
            "document {id}: {} stored findings but {} linked",
            full.findings.len(),
            lf.len()
        )));
    }
    let tables = doc_tables(*full, lf);
    check_keys(id, &tables)?;
    Ok((Value::Str(id.to_owned()), tables, codes))
}

/// The inspection of each document's findings as linking returned them, in order.
fn light_findings<'a>(
    docs: &'a [DocKey],
    linked: &'a [Option<String>],
) -> HashMap<&'a str, &'a [Option<String>]> {
    let mut out = HashMap::new();
    let mut at = 0;
    for d in docs {
        let n = d.n_findings;
        let rows = linked.get(at..at + n).unwrap_or(&[]);
        out.insert(d.doc_id.as_str(), rows);
        at += n;
    }
    out
}

/// The rows linking made for the streamed tables (of lean documents: only its own).
fn extras(linked: &Tables) -> Vec<TableData> {
    STREAMED
        .iter()
        .map(|s| match s.name {
            n if n == QualityRow::SCHEMA.name => TableData::from_rows(&linked.quality),
            n if n == ProvenanceRow::SCHEMA.name => TableData::from_rows(&linked.provenance),
            _ => TableData {
                schema: *s,
                rows: Vec::new(),
            },
        })
        .collect()
}

/// Opens one sink per streamed table.
pub fn sinks(staging: &Staging) -> Result<Vec<TableSink>, RunError> {
    STREAMED
        .iter()
        .map(|s| staging.sink(*s).map_err(RunError::Output))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::vocab::{QualityStage, Severity};

    fn q(doc: Option<&str>, code: &str) -> QualityRow {
        QualityRow::note(
            doc,
            QualityStage::Link,
            Severity::Warning,
            code,
            format!("{code} of {doc:?}"),
        )
    }

    #[test]
    fn merged_stream_is_the_sorted_table() {
        let docs = ["b", "d", "f"];
        let own: Vec<Vec<QualityRow>> = docs
            .iter()
            .map(|d| vec![q(Some(d), "z"), q(Some(d), "a"), q(Some(d), "a")])
            .collect();
        let extras = vec![
            q(None, "n"),
            q(Some("a"), "x"),
            q(Some("d"), "m"),
            q(Some("d"), "a"),
            q(Some("e"), "x"),
            q(Some("g"), "x"),
        ];
        let mut m = Merger::new(TableData::from_rows(&extras));
        let mut got = Vec::new();
        for (d, rows) in docs.iter().zip(&own) {
            got.extend(m.chunk(&Value::Str((*d).into()), TableData::from_rows(rows)));
        }
        got.extend(m.rest());
        let all: Vec<QualityRow> = own.into_iter().flatten().chain(extras).collect();
        assert_eq!(got, TableData::from_rows(&all).rows);
    }

    #[test]
    fn lean_read_back_from_the_store_is_lean_of_the_full_result() {
        let bytes = include_bytes!("../../../data/000_26166e069228efdc.txt");
        let opts = ofsted_extract::ExtractOptions::default();
        let (outcome, _) = crate::process::process("old/name.txt", bytes, &opts);
        let Outcome::Document(full) = outcome.clone() else {
            panic!("the sample is a document");
        };
        assert!(!full.mentions.is_empty() && !full.paragraphs.is_empty());
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(dir.path(), "k");
        state.store(&full.document.sha256, &outcome).unwrap();
        let mut kept = stub(*full.clone());
        assert!(kept.mentions.is_empty() && kept.text.text.is_empty());
        let sha = full.document.sha256.as_str();
        assert_eq!(
            stored_stub(&state, sha),
            Some(Outcome::Document(Box::new(kept.clone())))
        );
        kept.document.source_path = "new/name.txt".into();
        let got = lean_from_store(&state, vec![kept]).unwrap();
        let mut want = lean(*full);
        want.document.source_path = "new/name.txt".into();
        assert_eq!(got, vec![want]);
        // a result missing from the store is an error, not a silently empty document
        let mut gone = got[0].clone();
        gone.document.sha256 = "00ff".into();
        assert!(lean_from_store(&state, vec![gone]).is_err());
    }

    #[test]
    fn lean_keeps_the_opening_only_where_coverage_reads_it() {
        use ofsted_transform::coverage::{outcome, trace_row};
        let bytes = include_bytes!("../../../data/000_26166e069228efdc.txt");
        let opts = ofsted_extract::ExtractOptions::default();
        let Outcome::Document(full) = crate::process::process("a.txt", bytes, &opts).0 else {
            panic!("the sample is a document");
        };
        // with its mentions, the document's outcome does not depend on its text
        let l = lean(*full.clone());
        assert!(l.text.text.is_empty());
        assert_eq!(outcome(&l), outcome(&full));
        // without mentions, type or title, the opening decides: kept, and the same verdict
        let mut bare = *full;
        bare.mentions.clear();
        bare.document.doc_type = ofsted_model::vocab::DocType::Other;
        bare.document.title = None;
        for named in [false, true] {
            if named {
                bare.text.text.insert_str(0, "Ofsted ");
            }
            let l = lean(bare.clone());
            assert_eq!(l.text.text.chars().count(), OPENING_CHARS);
            assert_eq!(outcome(&l), outcome(&bare));
            assert_eq!(trace_row(&l), trace_row(&bare));
        }
    }

    #[test]
    fn linked_keeps_no_finding_rows() {
        use ofsted_model::vocab::FindingKind;
        let finding = |i: i32| FindingRow {
            doc_id: "d".into(),
            inspection_id: Some(format!("i{i}")),
            seq: i,
            kind: FindingKind::Improvement,
            heading: Some("What needs to improve".into()),
            text: "x".repeat(200),
            char_start: 0,
            char_end: 1,
        };
        let mut t = Tables {
            findings: (0..1000).map(finding).collect(),
            ..Tables::default()
        };
        let l = Linked::take(&mut t);
        assert!(t.findings.is_empty());
        assert_eq!(l.finding_inspections.len(), 1000);
        assert_eq!(l.finding_inspections[7].as_deref(), Some("i7"));
        // a buffer the size of the finding rows would be kept by an in-place collect
        assert!(l.finding_inspections.capacity() < 1100);
    }

    #[test]
    fn provenance_is_keyed_by_entity() {
        assert_eq!(key_col(&ProvenanceRow::SCHEMA), 1);
        for s in STREAMED {
            assert!(!s.sort_key.is_empty(), "{}", s.name);
        }
    }
}
