//! `output/datapackage.json`: a Frictionless Data Package (Tabular Data Package profile)
//! describing the published CSV files, generated from the table schemas in `ofsted-model`:
//! column types, descriptions, required columns, the closed vocabularies as `enum`
//! constraints, primary keys and foreign keys. `frictionless validate
//! output/datapackage.json` checks the CSVs against it.

use crate::LoadOptions;
use ofsted_model::rows::ALL_TABLES;
use ofsted_model::schema::{ColType, Column, TableSchema};
use serde_json::{Value as Json, json};

/// File name in the output directory.
pub const FILE_NAME: &str = "datapackage.json";

/// The closed vocabulary of a column, from its type (`None` for free text and for the
/// open vocabularies, whose `other:<snake_case>` values an `enum` cannot list).
pub fn enum_values(c: &Column) -> Option<Vec<&'static str>> {
    c.vocab
        .filter(|v| v.open.is_none())
        .map(|v| v.values().collect())
}

fn field(c: &Column) -> Json {
    let mut f = json!({
        "name": c.name,
        "description": c.description(),
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
    if let Some(values) = enum_values(c) {
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
    let fields: Vec<Json> = t.columns.iter().map(field).collect();
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    if !t.primary_key.is_empty() {
        schema["primaryKey"] = json!(t.primary_key);
    }
    let fks: Vec<Json> = t
        .columns
        .iter()
        .filter_map(|c| Some((c.name, c.references?)))
        .map(|(col, r)| json!({"fields": [col], "reference": {"resource": r.table, "fields": [r.column]}}))
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
    fn keys_and_vocabularies_come_from_the_schema() {
        let j: Json = serde_json::from_str(&json(&LoadOptions::default())).unwrap();
        let res = |n: &str| {
            j["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == n)
                .unwrap()
                .clone()
        };
        let di = res("document_inspections");
        assert_eq!(
            di["schema"]["primaryKey"],
            json!(["inspection_id", "doc_id"])
        );
        assert_eq!(di["schema"]["foreignKeys"].as_array().unwrap().len(), 2);
        let field = |r: &Json, c: &str| {
            r["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == c)
                .unwrap()
                .clone()
        };
        let fw = field(&res("changes"), "framework");
        assert!(
            fw["constraints"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("area_send"))
        );
        let hp = field(&res("inspection_summary"), "help_and_protection");
        assert_eq!(hp["constraints"]["enum"].as_array().unwrap().len(), 5);
        assert!(field(&res("judgements"), "area")["constraints"]["enum"].is_null());
        assert!(field(&res("inspection_summary"), "region")["constraints"].is_null());
    }
}
