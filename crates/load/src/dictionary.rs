//! The data dictionary, generated from the table schemas in `ofsted-model`: the README's
//! "Tables" section and `schema.json` both come from here.

use crate::parquet_out::arrow_type;
use ofsted_model::rows::{ALL_TABLES, RunRow};
use ofsted_model::schema::{Row, TableSchema};

fn tables() -> impl Iterator<Item = &'static TableSchema> {
    ALL_TABLES.iter().chain(std::iter::once(&RunRow::SCHEMA))
}

/// Markdown: one section per table with a column table (name, type, nullable, description).
pub fn markdown() -> String {
    let mut s = String::new();
    for t in tables() {
        s.push_str(&format!("### `{}`\n\n{}\n\n", t.name, t.description));
        s.push_str("| column | type | null | description |\n|---|---|---|---|\n");
        for c in t.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.ty.name(),
                if c.nullable { "yes" } else { "no" },
                c.description().replace('|', "\\|")
            ));
        }
        s.push_str(&format!(
            "\nRows sorted by: {}.\n\n",
            t.sort_key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// JSON: `{"schema_version": .., "tables": [{"name", "description", "sort_key",
/// "columns": [{"name", "type", "arrow_type", "nullable", "description"}]}]}`.
pub fn json() -> String {
    let mut s = format!(
        "{{\"schema_version\": {}, \"tables\": [",
        esc(ofsted_model::SCHEMA_VERSION)
    );
    for (i, t) in tables().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!(
            "{{\"name\": {}, \"description\": {}, \"sort_key\": [{}], \"columns\": [",
            esc(t.name),
            esc(t.description),
            t.sort_key
                .iter()
                .map(|k| esc(k))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for (j, c) in t.columns.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!(
                "{{\"name\": {}, \"type\": {}, \"arrow_type\": {}, \"nullable\": {}, \"description\": {}}}",
                esc(c.name),
                esc(c.ty.name()),
                esc(&arrow_type(c.ty).to_string()),
                c.nullable,
                esc(&c.description())
            ));
        }
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_column_is_documented() {
        let md = markdown();
        for t in tables() {
            assert!(md.contains(&format!("### `{}`", t.name)));
            for c in t.columns {
                assert!(md.contains(&format!("| `{}` |", c.name)));
            }
        }
        assert!(json().contains("\"arrow_type\": \"Date32\""));
    }
}
