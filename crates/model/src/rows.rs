//! The output tables, one declaration each. Column order here is the order in the files.
//!
//! Conventions: every `char_start`/`char_end` is a Unicode code-point offset into
//! `texts.text` of the same `doc_id` (half-open), so `text[char_start:char_end]` in Python
//! or `str.slice` in Polars returns the evidence. Ids are content hashes.

use crate::schema::{Row, TableSchema};
use crate::table;
use crate::vocab::{
    Area, Change, Direction, DocType, EntityTable, Evidence, FindingKind, Framework, Grade,
    InspectionType, Inspectorate, JudgementSource, LaStatus, MatchBasis, ParagraphKind, PubStatus,
    PublicationKind, QualityStage, RejectReason, RejectStage, Relation, Severity, SourceFormat,
    Theme, TypeBasis,
};
use chrono::NaiveDate;

table! {
    /// One row per input document that was read.
    DocumentRow, "documents", "One row per input document that was read successfully.",
    sort = ["doc_id"], primary = ["doc_id"] {
        doc_id: String => "Stable id: first 16 hex digits of the SHA-256 of the file's bytes.",
        source_path: String => "Path of the input, relative to the input directory, with `/` separators.",
        source_format: SourceFormat => "Format detected from the bytes: {or}.",
        sha256: String => "SHA-256 of the file's bytes (hex).",
        doc_type: DocType => "{or}.",
        title: Option<String> => "The document's title as printed (one line), if found.",
        local_authority: Option<String> => "The local authority the document is about, as the gazetteer names it.",
        la_gss_code: Option<String> => "GSS (ONS) code of the authority, valid at the document's inspection or document date.",
        la_dfe_code: Option<i32> => "DfE three-digit local authority code.",
        ofsted_urn: Option<i64> => "Ofsted's unique reference number for the authority.",
        document_date: Option<NaiveDate> => "The date the document carries (letter date, committee date); null if none is printed.",
        committee: Option<String> => "Committee reports and minutes: the committee or body the paper was written for, as its heading names it (\"Report to: …\", \"Minutes of the … held on …\", a heading line such as \"Corporate Parenting Panel\"); null for other document types or when the heading names none.",
        published_date: Option<NaiveDate> => "Publication date printed in the document; null if not printed.",
        n_pages: Option<i32> => "Number of pages of the source (PDF only).",
        n_paragraphs: i32 => "Number of rows this document has in `paragraphs`.",
        n_words: i64 => "Number of words in the cleaned text.",
    }
}

table! {
    /// The cleaned text of each document.
    TextRow, "texts", "The cleaned text of each document: every span of every table points into it.",
    sort = ["doc_id"], primary = ["doc_id"] {
        doc_id: String [documents.doc_id] => "Document id.",
        text: String => "Cleaned text (NFC, `\\n` line ends, blocks separated by a blank line, table cells by tab).",
    }
}

table! {
    /// One inspection event, merged across the documents that mention it.
    InspectionRow, "inspections", "One row per inspection event, merged across all documents that describe or mention it.",
    sort = ["la_gss_code", "start_date", "period", "framework", "inspection_id"], primary = ["inspection_id"] {
        inspection_id: String => "Stable id: hash of authority, framework and dates (or of the mentioning document when the date is unknown).",
        local_authority: Option<String> => "The inspected authority (gazetteer name).",
        la_gss_code: Option<String> => "GSS code of the authority valid at the inspection date.",
        framework: Framework => "{or}.",
        inspection_type: Option<InspectionType> => "ILACS only: {or}; null when not known.",
        type_basis: Option<TypeBasis> => "How `inspection_type` was found: {or}.",
        start_date: Option<NaiveDate> => "First day on site; null if no document gives it.",
        end_date: Option<NaiveDate> => "Last day on site; null if no document gives it.",
        period: Option<String> => "The vaguest date the documents give when exact dates are unknown: `YYYY-MM` or `YYYY`.",
        published_date: Option<NaiveDate> => "Publication date of the report, when printed.",
        lead_inspector: Option<String> => "Lead inspector's name (without role).",
        theme: Option<Theme> => "Focused or monitoring visit, JTAI: the focus, {list} or {open}; null for other inspections or when unsure.",
        theme_verbatim: Option<String> => "The visit's or JTAI's focus as the letter prints it.",
        send_outcome: Option<String> => "Area SEND only: the inspection outcome as `<n>: <statement as printed>`, n = 1 (arrangements typically lead to positive experiences and outcomes), 2 (inconsistent experiences and outcomes) or 3 (widespread and/or systemic failings); null for other frameworks or when not found.",
        overall_effectiveness: Option<Grade> => "Overall effectiveness grade, preferring the Ofsted report over secondary documents.",
        primary_doc_id: Option<String> [documents.doc_id] => "The Ofsted report or letter that describes this inspection, when present.",
        evidence: Evidence => "{semi} (analysts can keep or drop these rows).",
        n_documents: i32 => "Number of documents that describe or mention this inspection (its rows in `document_inspections`).",
    }
}

table! {
    /// Which document is about which inspection, and how the link was made.
    DocumentInspectionRow, "document_inspections", "One row per document and inspection it describes, reports on or mentions, with the evidence and how the link was matched.",
    sort = ["inspection_id", "doc_id"], primary = ["inspection_id", "doc_id"] {
        doc_id: String [documents.doc_id] => "The document.",
        inspection_id: String [inspections.inspection_id] => "The inspection it is about.",
        relation: Relation => "{or}.",
        match_basis: MatchBasis => "How the document was tied to the inspection: {or}.",
        char_start: i64 => "Start of the evidence (the words naming the inspection) in the document's cleaned text (code points).",
        char_end: i64 => "End of the evidence (exclusive).",
    }
}

table! {
    /// A graded judgement, per inspection, document and area.
    JudgementRow, "judgements", "One row per inspection, document and judgement area: what each document says the grade was.",
    sort = ["inspection_id", "doc_id", "area"], primary = ["inspection_id", "doc_id", "area"] {
        inspection_id: String [inspections.inspection_id] => "The inspection judged.",
        doc_id: String [documents.doc_id] => "The document the grade was read from.",
        area: Area => "Canonical judgement area ({list}, or {open}).",
        area_verbatim: String => "The judgement label as printed.",
        grade: Grade => "{or}.",
        grade_verbatim: String => "The grade as printed.",
        grade_code: i32 => "1 outstanding, 2 good, 3 requires improvement or adequate, 4 inadequate.",
        source: JudgementSource => "Where it was read: {or}.",
        is_primary: bool => "True when the document is the Ofsted report of this inspection; false for papers and articles about it.",
        char_start: i64 => "Start of the evidence in the document's cleaned text (code points).",
        char_end: i64 => "End of the evidence (exclusive).",
    }
}

table! {
    /// An item of a findings list.
    FindingRow, "findings", "One row per item of a document's findings lists (what needs to improve, strengths, ...).",
    sort = ["doc_id", "kind", "seq"], primary = ["doc_id", "kind", "seq"] {
        doc_id: String [documents.doc_id] => "Document id.",
        inspection_id: Option<String> [inspections.inspection_id] => "The inspection the list belongs to.",
        seq: i32 => "1-based position within the list of this kind in this document.",
        kind: FindingKind => "{or}.",
        heading: Option<String> => "The heading of the list as printed.",
        text: String => "The item's text, bullet and paragraph number removed.",
        char_start: i64 => "Start of the item in the cleaned text.",
        char_end: i64 => "End of the item (exclusive).",
    }
}

table! {
    /// An inspectorate taking part in an inspection, as a letter names it.
    InspectorateRow, "inspectorates", "One row per inspection and inspectorate taking part in it (JTAI letters name several; focused and monitoring visits are Ofsted's).",
    sort = ["inspection_id", "inspectorate", "doc_id"] {
        inspection_id: String => "The inspection.",
        doc_id: String => "The document naming the inspectorate.",
        inspectorate: Inspectorate => "{or}.",
        name_verbatim: String => "The inspectorate's name as printed.",
        char_start: i64 => "Start of the name in the document's cleaned text.",
        char_end: i64 => "End (exclusive).",
    }
}

table! {
    /// A block of running text.
    ParagraphRow, "paragraphs", "One row per paragraph or list item of running text (headings and table rows excluded).",
    sort = ["doc_id", "seq"], primary = ["doc_id", "seq"] {
        doc_id: String [documents.doc_id] => "Document id.",
        seq: i32 => "1-based position in the document.",
        number: Option<String> => "Paragraph number as printed (\"12\", \"3.1\"); null if unnumbered.",
        kind: ParagraphKind => "{or}.",
        section: Option<String> => "The heading the paragraph sits under.",
        area: Option<Area> => "The judgement area that section covers, if any.",
        text: String => "The paragraph's text.",
        n_words: i32 => "Words in the paragraph.",
        char_start: i64 => "Start in the cleaned text.",
        char_end: i64 => "End (exclusive).",
    }
}

table! {
    /// A named person.
    PersonRow, "people", "One row per person named with a role.",
    sort = ["doc_id", "char_start", "name"] {
        doc_id: String [documents.doc_id] => "Document id.",
        name: String => "The person's name, without title or role.",
        role: Option<String> => "Role as printed (\"Lead inspector\", \"Chief Executive\").",
        organisation: Option<String> => "Organisation, when printed with the role.",
        char_start: i64 => "Start of the mention in the cleaned text.",
        char_end: i64 => "End (exclusive).",
    }
}

table! {
    /// An acronym with its expansion.
    AcronymRow, "acronyms", "One row per acronym defined in a document, with its expansion.",
    sort = ["doc_id", "acronym", "char_start"] {
        doc_id: String [documents.doc_id] => "Document id.",
        acronym: String => "The acronym (\"LADO\").",
        expansion: String => "Its expansion as printed (\"local authority designated officer\").",
        char_start: i64 => "Start of the definition in the cleaned text.",
        char_end: i64 => "End (exclusive).",
    }
}

table! {
    /// Where a scalar value of `documents` or `inspections` was read.
    ProvenanceRow, "provenance", "Where each scalar value of `documents` and `inspections` was read: document and span.",
    sort = ["entity_id", "field", "doc_id", "char_start"] {
        entity_table: EntityTable => "{or}.",
        entity_id: String => "The `doc_id` or `inspection_id` of the row described.",
        field: String => "The column the value fills.",
        value: String => "The value as written to that column.",
        doc_id: String => "The document it was read from (or that it describes, for a value from the site: see the empty span).",
        char_start: i64 => "Start of the evidence in that document's cleaned text; an empty span (0, 0) marks a value taken from Ofsted's site listing (sync ledger), not the text.",
        char_end: i64 => "End (exclusive).",
    }
}

table! {
    /// A doubt, repair or conflict.
    QualityRow, "quality", "One row per doubt, repair or conflict worth a person's look.",
    sort = ["doc_id", "stage", "char_start", "code", "message"] {
        doc_id: Option<String> => "Document id; null for run-level notes.",
        stage: QualityStage => "{or}.",
        severity: Severity => "{or}.",
        code: String => "Stable snake_case code, e.g. `damage_marker`, `paragraph_number_gap`, `grade_conflict`.",
        message: String => "What was found, naming the values involved.",
        char_start: Option<i64> => "Start of the place in the cleaned text, when there is one.",
        char_end: Option<i64> => "End (exclusive).",
    }
}

impl QualityRow {
    /// A note on document `doc_id` (`None` for a run-level note) with no place in the
    /// text: `char_start` and `char_end` are null until [`QualityRow::at`] gives them.
    pub fn note(
        doc_id: Option<&str>,
        stage: QualityStage,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            doc_id: doc_id.map(str::to_owned),
            stage,
            severity,
            code: code.to_owned(),
            message: message.into(),
            char_start: None,
            char_end: None,
        }
    }

    /// The same note placed at characters `start..end` of the cleaned text.
    pub fn at(self, start: i64, end: i64) -> Self {
        Self {
            char_start: Some(start),
            char_end: Some(end),
            ..self
        }
    }
}

table! {
    /// An input that could not be read.
    RejectRow, "rejects", "One row per input that could not be turned into a document, with the reason.",
    sort = ["source_path"], primary = ["source_path"] {
        source_path: String => "Path of the input, relative to the input directory.",
        sha256: Option<String> => "SHA-256 of the bytes, when they could be read.",
        stage: RejectStage => "{or}.",
        reason: RejectReason => "Stable snake_case reason: {list}.",
        message: String => "What exactly was wrong, for a person.",
    }
}

table! {
    /// One publication listed on Ofsted's site, from the ledgers of `ofsted-etl sync`.
    PublicationRow, "publications", "One row per publication in a sync ledger (`.ofsted-sync/ledger.json`) under the input directory: what Ofsted's site lists.",
    sort = ["file_id", "local_path"] {
        file_id: String => "Ofsted's file id (last path segment of the file URL).",
        ofsted_urn: i64 => "Ofsted's provider URN of the local authority.",
        local_authority: String => "The authority as the site names it.",
        label: String => "Ofsted's label for the publication, as printed (\"Children's services focused visit\").",
        kind: PublicationKind => "What the label maps to: {or}.",
        timeline_date: Option<NaiveDate> => "The date the site's timeline shows (the inspection or visit).",
        published_date: Option<NaiveDate> => "The publication date the site gives.",
        url: String => "The file's URL.",
        local_path: Option<String> => "Path of the downloaded file relative to the input directory; null until held.",
        status: PubStatus => "{or}.",
        doc_id: Option<String> => "The `documents` row of the file, once processed.",
    }
}

table! {
    /// One pipeline run (from the run manifests; kept beside them in `output/runs/`,
    /// outside the data tables so that those stay byte-identical between runs).
    RunRow, "runs", "One row per pipeline run, from the run manifests in `output/runs/`.",
    sort = ["started_at", "run_id"] {
        run_id: String => "Run id (UTC start time and process id).",
        started_at: String => "UTC start time, RFC 3339.",
        finished_at: String => "UTC end time, RFC 3339.",
        pipeline_version: String => "Version of ofsted-etl.",
        config_hash: String => "Hash of the options that change results.",
        mode: String => "`incremental` or `full`; `sharded:<run id>x<shards>` for the `reduce` of a sharded run.",
        inputs_seen: i64 => "Input files found.",
        inputs_processed: i64 => "Inputs read and analysed in this run.",
        inputs_unchanged: i64 => "Inputs skipped because a cached result for their bytes existed.",
        inputs_rejected: i64 => "Inputs in `rejects`.",
        generation: String => "Id of the published generation of tables.",
        published: bool => "False when the run did not publish (e.g. reject rate exceeded).",
        duration_ms: i64 => "Wall-clock duration in milliseconds.",
    }
}

table! {
    /// One inspection with its primary document, flattened for analysts.
    InspectionSummaryRow, "inspection_summary", "One row per inspection that has a primary document (Ofsted report or letter): codes, dates, one column per judgement area, findings counts and the previous inspection of the same kind.",
    sort = ["local_authority", "start_date", "published_date", "framework", "inspection_id"], primary = ["inspection_id"] {
        inspection_id: String [inspections.inspection_id] => "The inspection (as in `inspections`).",
        local_authority: Option<String> => "The inspected authority (gazetteer name).",
        la_gss_code: Option<String> => "GSS code of the authority valid at the inspection date.",
        la_dfe_code: Option<i32> => "DfE three-digit local authority code.",
        ofsted_urn: Option<i64> => "Ofsted's unique reference number for the authority.",
        region: Option<String> => "English region of the authority (ONS region name, e.g. `North West`).",
        framework: Framework => "Inspection framework (as in `inspections.framework`).",
        inspection_type: Option<InspectionType> => "ILACS only: {or}.",
        type_basis: Option<TypeBasis> => "How `inspection_type` was found: {or}.",
        start_date: Option<NaiveDate> => "First day on site.",
        end_date: Option<NaiveDate> => "Last day on site.",
        published_date: Option<NaiveDate> => "Publication date of the report, when printed.",
        lead_inspector: Option<String> => "Lead inspector's name.",
        theme: Option<Theme> => "Focused and monitoring visits, JTAI: the visit's theme (as in `inspections.theme`); null for full inspections.",
        overall_effectiveness: Option<Grade> => "Overall effectiveness grade from the primary document; null where not judged.",
        impact_of_leaders: Option<Grade> => "Grade for the impact of leaders on social work practice (ILACS); null where not judged.",
        help_and_protection: Option<Grade> => "Grade for the experiences and progress of children who need help and protection; null where not judged.",
        children_in_care_and_care_leavers: Option<Grade> => "ILACS 2018–2023: grade for children in care and care leavers; null where not judged.",
        children_in_care: Option<Grade> => "ILACS from 2023: grade for children in care; null where not judged.",
        care_leavers: Option<Grade> => "Grade for care leavers (ILACS from 2023, SIF sub-judgement); null where not judged.",
        looked_after_and_permanence: Option<Grade> => "SIF: grade for children looked after and achieving permanence; null where not judged.",
        adoption: Option<Grade> => "SIF: grade for adoption performance; null where not judged.",
        leadership_management_governance: Option<Grade> => "SIF: grade for leadership, management and governance; null where not judged.",
        lscb: Option<Grade> => "SIF: grade for the Local Safeguarding Children Board review; null where not judged.",
        capacity_for_improvement: Option<Grade> => "2009–2012 frameworks: grade for capacity for improvement; null where not judged.",
        n_improvements: i32 => "Number of `improvement` findings of the primary document.",
        n_priority_actions: i32 => "Number of `priority_action` findings of the primary document.",
        previous_inspection_id: Option<String> => "The same authority's previous inspection of the same kind (ILACS and SIF count as one kind, full inspections; other frameworks only match themselves), by start date.",
        previous_start_date: Option<NaiveDate> => "Start date of the previous inspection.",
        previous_overall_effectiveness: Option<Grade> => "Overall effectiveness of the previous inspection.",
        direction: Option<Direction> => "Overall effectiveness against the previous inspection: {or}; null when either grade is missing.",
        is_latest: bool => "True on the authority's latest full inspection (ILACS or SIF) by start date.",
        source_path: Option<String> => "Input path of the primary document.",
    }
}

table! {
    /// One authority during one period of stable codes (the built-in gazetteer).
    LocalAuthorityRow, "local_authorities", "The gazetteer: one row per English local authority with children's services (2009 to today) and period during which its codes were stable.",
    sort = ["name", "valid_from", "la_gss_code"] {
        name: String => "Canonical name, as the other tables write `local_authority`.",
        la_gss_code: Option<String> => "GSS (ONS) code in this period; null for authorities abolished in 2009, before GSS codes.",
        valid_from: Option<NaiveDate> => "First day of this period; null when already in place on 1 April 2009.",
        valid_to: Option<NaiveDate> => "Last day of this period; null while current.",
        la_dfe_code: i32 => "DfE three-digit local authority code.",
        ofsted_urn: Option<i64> => "Ofsted's unique reference number for the authority; null where not known.",
        region_code: String => "ONS region code (`E12000001` to `E12000009`).",
        region: String => "ONS region name.",
        aliases: Option<String> => "Other names the matcher recognises, `|`-separated.",
        status: LaStatus => "{or}.",
        successors: Option<String> => "For `recoded` and `abolished` rows: the authorities that took over, `|`-separated.",
    }
}

table! {
    /// One difference between this run's tables and the previously published generation.
    ChangeRow, "changes", "What this run changed against the previously published generation, one row per new inspection, changed value or inspection gone (compared on `inspection_summary`). Empty when nothing changed.",
    sort = ["change", "local_authority", "inspection_id", "field"] {
        change: Change => "{or}.",
        inspection_id: String => "The inspection.",
        local_authority: Option<String> => "Its authority.",
        framework: Framework => "Its framework.",
        start_date: Option<NaiveDate> => "Its start date.",
        field: Option<String> => "For `changed`: the `inspection_summary` column that differs.",
        old_value: Option<String> => "For `changed`: the previous value as text (null when it was null).",
        new_value: Option<String> => "For `changed`: the new value as text (null when it is null).",
    }
}

/// Every table's schema, in output order.
pub const ALL_TABLES: &[TableSchema] = &[
    DocumentRow::SCHEMA,
    TextRow::SCHEMA,
    InspectionRow::SCHEMA,
    DocumentInspectionRow::SCHEMA,
    JudgementRow::SCHEMA,
    FindingRow::SCHEMA,
    InspectorateRow::SCHEMA,
    ParagraphRow::SCHEMA,
    PersonRow::SCHEMA,
    AcronymRow::SCHEMA,
    ProvenanceRow::SCHEMA,
    QualityRow::SCHEMA,
    RejectRow::SCHEMA,
    PublicationRow::SCHEMA,
    InspectionSummaryRow::SCHEMA,
    LocalAuthorityRow::SCHEMA,
    ChangeRow::SCHEMA,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_names_unique_and_columns_described() {
        let mut names = HashSet::new();
        for t in ALL_TABLES {
            assert!(names.insert(t.name), "duplicate table {}", t.name);
            for c in t.columns {
                assert!(!c.template.is_empty(), "{}.{}", t.name, c.name);
            }
            for k in t.sort_key {
                assert!(t.index_of(k).is_some(), "{}: sort key {k}", t.name);
            }
        }
    }

    fn every_table() -> impl Iterator<Item = &'static TableSchema> {
        ALL_TABLES.iter().chain(std::iter::once(&RunRow::SCHEMA))
    }

    /// A column's allowed values come from its type only: its description has no
    /// placeholder left and never spells out a value of its vocabulary by hand.
    #[test]
    fn vocabularies_are_listed_from_the_types() {
        for t in every_table() {
            for c in t.columns {
                let d = c.description();
                assert!(
                    !d.contains("{or}")
                        && !d.contains("{list}")
                        && !d.contains("{semi}")
                        && !d.contains("{open}"),
                    "{}.{}: {d}",
                    t.name,
                    c.name
                );
                let Some(v) = c.vocab else {
                    assert!(
                        !c.template.contains('{'),
                        "{}.{}: placeholder without a vocabulary",
                        t.name,
                        c.name
                    );
                    continue;
                };
                for value in v.values().chain(v.open) {
                    assert!(
                        !c.template.contains(&format!("`{value}`")),
                        "{}.{}: `{value}` typed by hand; use a placeholder",
                        t.name,
                        c.name
                    );
                }
            }
        }
        let s = InspectionRow::SCHEMA;
        let f = s.columns[s.index_of("framework").unwrap()];
        assert!(f.description().contains("`area_send` or `unknown`."));
    }

    #[test]
    fn keys_name_real_columns() {
        let find = |n: &str| every_table().find(|t| t.name == n);
        for t in every_table() {
            for k in t.primary_key {
                let i = t
                    .index_of(k)
                    .unwrap_or_else(|| panic!("{}: key {k}", t.name));
                assert!(!t.columns[i].nullable, "{}.{k} is nullable", t.name);
            }
            for c in t.columns {
                if let Some(fk) = c.references {
                    let rt = find(fk.table).unwrap_or_else(|| panic!("{}.{}", t.name, c.name));
                    let rc = rt.index_of(fk.column).map(|i| rt.columns[i]).unwrap();
                    assert_eq!(rt.primary_key, &[fk.column], "{}.{}", t.name, c.name);
                    assert_eq!(rc.ty, c.ty);
                }
            }
        }
    }

    #[test]
    fn values_follow_column_order() {
        let r = AcronymRow {
            doc_id: "d".into(),
            acronym: "LADO".into(),
            expansion: "local authority designated officer".into(),
            char_start: 1,
            char_end: 2,
        };
        let v = r.values();
        assert_eq!(v.len(), AcronymRow::SCHEMA.columns.len());
        assert_eq!(v[1], crate::schema::Value::Str("LADO".into()));
    }
}
