//! `output/datapackage.json`: a Frictionless Data Package (Tabular Data Package profile)
//! describing the published CSV files, generated from the table schemas in `ofsted-model`:
//! column types, descriptions, required columns, the closed vocabularies as `enum`
//! constraints, primary keys and foreign keys. `frictionless validate
//! output/datapackage.json` checks the CSVs against it.

use crate::LoadOptions;
use ofsted_model::rows::ALL_TABLES;
use ofsted_model::schema::{ColType, Column, Row, TableSchema};
use ofsted_model::vocab::{
    DocType, Evidence, FindingKind, Framework, Grade, InspectionType, JudgementSource, MatchBasis,
    Relation, TypeBasis,
};
use serde_json::{Value as Json, json};

/// File name in the output directory.
pub const FILE_NAME: &str = "datapackage.json";

/// Primary keys (unique, non-null column sets). Tables not listed have none that holds.
const PRIMARY_KEYS: &[(&str, &[&str])] = &[
    ("documents", &["doc_id"]),
    ("texts", &["doc_id"]),
    ("inspections", &["inspection_id"]),
    ("document_inspections", &["inspection_id", "doc_id"]),
    ("judgements", &["inspection_id", "doc_id", "area"]),
    ("findings", &["doc_id", "kind", "seq"]),
    ("paragraphs", &["doc_id", "seq"]),
    ("rejects", &["source_path"]),
    ("inspection_summary", &["inspection_id"]),
];

/// Foreign keys: (table, column, referenced table, referenced column).
const FOREIGN_KEYS: &[(&str, &str, &str, &str)] = &[
    ("texts", "doc_id", "documents", "doc_id"),
    (
        "document_inspections",
        "inspection_id",
        "inspections",
        "inspection_id",
    ),
    ("document_inspections", "doc_id", "documents", "doc_id"),
    (
        "judgements",
        "inspection_id",
        "inspections",
        "inspection_id",
    ),
    ("judgements", "doc_id", "documents", "doc_id"),
    ("findings", "doc_id", "documents", "doc_id"),
    ("findings", "inspection_id", "inspections", "inspection_id"),
    ("paragraphs", "doc_id", "documents", "doc_id"),
    ("people", "doc_id", "documents", "doc_id"),
    ("acronyms", "doc_id", "documents", "doc_id"),
    ("inspections", "primary_doc_id", "documents", "doc_id"),
    (
        "inspection_summary",
        "inspection_id",
        "inspections",
        "inspection_id",
    ),
];

fn strs<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| f(*v)).collect()
}

/// The closed vocabulary of a column, when it has one.
pub fn enum_values(table: &str, column: &str) -> Option<Vec<&'static str>> {
    let grades = || strs(Grade::ALL, Grade::as_str);
    Some(match (table, column) {
        ("documents", "source_format") => vec!["pdf", "html", "text"],
        ("documents", "doc_type") => strs(DocType::ALL, DocType::as_str),
        (_, "framework") => strs(Framework::ALL, Framework::as_str),
        (_, "inspection_type") => strs(InspectionType::ALL, InspectionType::as_str),
        (_, "type_basis") => strs(TypeBasis::ALL, TypeBasis::as_str),
        ("inspections", "evidence") => strs(Evidence::ALL, Evidence::as_str),
        ("document_inspections", "relation") => strs(Relation::ALL, Relation::as_str),
        ("document_inspections", "match_basis") => strs(MatchBasis::ALL, MatchBasis::as_str),
        ("judgements", "grade") => grades(),
        ("judgements", "source") => strs(JudgementSource::ALL, JudgementSource::as_str),
        ("findings", "kind") => strs(FindingKind::ALL, FindingKind::as_str),
        ("paragraphs", "kind") => vec!["paragraph", "list_item"],
        ("quality", "severity") => vec!["info", "warning", "error"],
        ("quality" | "rejects", "stage") => {
            vec!["discover", "extract", "transform", "link", "load"]
        }
        ("inspection_summary", "direction") => vec!["improved", "declined", "same"],
        ("inspection_summary", c) if is_grade_column(c) => grades(),
        ("local_authorities", "status") => vec!["current", "recoded", "abolished"],
        ("changes", "change") => vec!["new", "changed", "gone"],
        _ => return None,
    })
}

fn is_grade_column(c: &str) -> bool {
    let s = ofsted_model::rows::InspectionSummaryRow::SCHEMA;
    let (Some(first), Some(last)) = (
        s.index_of("overall_effectiveness"),
        s.index_of("capacity_for_improvement"),
    ) else {
        return false;
    };
    s.index_of(c).is_some_and(|i| (first..=last).contains(&i))
        || c == "previous_overall_effectiveness"
}

fn field(table: &str, c: &Column) -> Json {
    let mut f = json!({
        "name": c.name,
        "description": c.description,
        "type": match c.ty {
            ColType::Str => "string",
            ColType::I64 | ColType::I32 => "integer",
            ColType::Date => "date",
            ColType::Bool => "boolean",
        },
    });
    let mut constraints = serde_json::Map::new();
    if !c.nullable {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(values) = enum_values(table, c.name) {
        constraints.insert("enum".into(), json!(values));
    }
    if c.ty == ColType::Date {
        f["format"] = json!("%Y-%m-%d");
    }
    if c.ty == ColType::Bool {
        f["trueValues"] = json!(["true"]);
        f["falseValues"] = json!(["false"]);
    }
    if !constraints.is_empty() {
        f["constraints"] = Json::Object(constraints);
    }
    f
}

fn resource(t: &TableSchema, opts: &LoadOptions) -> Json {
    let fields: Vec<Json> = t.columns.iter().map(|c| field(t.name, c)).collect();
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    if let Some((_, pk)) = PRIMARY_KEYS.iter().find(|(n, _)| *n == t.name) {
        schema["primaryKey"] = json!(pk);
    }
    let fks: Vec<Json> = FOREIGN_KEYS
        .iter()
        .filter(|(n, ..)| *n == t.name)
        .map(|(_, col, rt, rc)| json!({"fields": [col], "reference": {"resource": rt, "fields": [rc]}}))
        .collect();
    if !fks.is_empty() {
        schema["foreignKeys"] = json!(fks);
    }
    json!({
        "name": t.name,
        "path": format!("csv/{}.csv", t.name),
        "profile": "tabular-data-resource",
        "description": t.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": if opts.csv_bom { "utf-8-sig" } else { "utf-8" },
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true, "lineTerminator": "\n"},
        "schema": schema,
    })
}

/// The package as pretty JSON (keys sorted: the same schema always gives the same bytes).
pub fn json(opts: &LoadOptions) -> String {
    let resources: Vec<Json> = ALL_TABLES.iter().map(|t| resource(t, opts)).collect();
    let pkg = json!({
        "profile": "tabular-data-package",
        "name": "ofsted-etl",
        "title": "Ofsted inspections of English local authorities' children's services",
        "description": "Tables extracted by ofsted-etl from Ofsted inspection reports, council papers and news. Text cells of the CSV files that a spreadsheet would run as a formula start with an apostrophe when output.csv_formula_guard is on (the default); the Parquet files keep the exact text.",
        "version": ofsted_model::SCHEMA_VERSION,
        "licenses": [{"name": "OGL-UK-3.0", "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "title": "Open Government Licence v3.0"}],
        "resources": resources,
    });
    let mut s = serde_json::to_string_pretty(&pkg).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_real_columns() {
        let find = |n: &str| ALL_TABLES.iter().find(|t| t.name == n);
        for (t, cols) in PRIMARY_KEYS {
            let s = find(t).unwrap();
            for c in *cols {
                assert!(!s.columns[s.index_of(c).unwrap()].nullable, "{t}.{c}");
            }
        }
        for (t, c, rt, rc) in FOREIGN_KEYS {
            assert!(find(t).unwrap().index_of(c).is_some(), "{t}.{c}");
            assert!(find(rt).unwrap().index_of(rc).is_some(), "{rt}.{rc}");
        }
        let j = json(&LoadOptions::default());
        assert!(j.contains("\"primaryKey\""));
        assert!(is_grade_column("help_and_protection") && !is_grade_column("region"));
    }
}
