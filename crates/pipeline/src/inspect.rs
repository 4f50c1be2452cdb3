//! `inspect`: what one document yields, table by table, without writing anything. The
//! document is processed and linked alone, in memory, and every table row is shown as
//! `column=value` pairs (nulls left out, long text cut).

use crate::config::Config;
use ofsted_model::rows::RejectRow;
use ofsted_model::schema::Value;
use ofsted_transform::link::LinkError;
use std::fmt::Write as _;

/// The tables `inspect` leaves out: the gazetteer and the run's changes say nothing about
/// one document.
const NOT_SHOWN: [&str; 2] = ["local_authorities", "changes"];

/// One table of one document, as `inspect` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownTable {
    /// The table's name.
    pub name: &'static str,
    /// Each row's non-null cells: (column, value as shown).
    pub rows: Vec<Vec<(&'static str, String)>>,
}

/// What one document yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The document's reject, when it was rejected.
    pub rejects: Vec<RejectRow>,
    /// Every table (`texts` only when asked for).
    pub tables: Vec<ShownTable>,
}

impl Inspection {
    /// The plain text `ofsted-etl inspect` prints: `REJECTED` lines, then each table as
    /// `== name (n rows)` and one indented line a row.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for r in &self.rejects {
            let _ = writeln!(
                s,
                "REJECTED {}: {} ({})",
                r.source_path, r.reason, r.message
            );
        }
        for t in &self.tables {
            let _ = writeln!(s, "== {} ({} rows)", t.name, t.rows.len());
            for row in &t.rows {
                let cells: Vec<String> = row.iter().map(|(c, v)| format!("{c}={v}")).collect();
                let _ = writeln!(s, "  {}", cells.join("  "));
            }
        }
        s
    }
}

/// Processes and links the document `bytes` (named `name`) alone with the options of
/// `cfg`; `with_text` keeps the `texts` table (the cleaned text).
pub fn inspect(
    cfg: &Config,
    name: &str,
    bytes: &[u8],
    with_text: bool,
) -> Result<Inspection, LinkError> {
    let (docs, rejects) = crate::run::process_single(cfg, name, bytes);
    let tables = ofsted_transform::link::link(&docs)?;
    let data = crate::run::table_data(&tables, &rejects, &[]);
    let tables = data
        .iter()
        .filter(|t| (with_text || t.schema.name != "texts") && !NOT_SHOWN.contains(&t.schema.name))
        .map(|t| ShownTable {
            name: t.schema.name,
            rows: t
                .rows
                .iter()
                .map(|row| {
                    t.schema
                        .columns
                        .iter()
                        .zip(row)
                        .filter(|(_, v)| !matches!(v, Value::Null))
                        .map(|(c, v)| (c.name, show(v)))
                        .collect()
                })
                .collect(),
        })
        .collect();
    Ok(Inspection { rejects, tables })
}

/// A cell on one line: text quoted with line breaks as `⏎` and cut after 120 characters.
fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Str(s) => {
            let one_line: String = s.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect();
            if one_line.chars().count() > 120 {
                format!("{:?}…", one_line.chars().take(120).collect::<String>())
            } else {
                format!("{one_line:?}")
            }
        }
        Value::Int(i) => i.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_document_is_shown_table_by_table() {
        let text = "Inspection of Barset children's services\n\nInspection dates: 4 to 8 March 2019\n\nLead inspector: Jane Smith\n";
        let i = inspect(&Config::default(), "barset.txt", text.as_bytes(), false)
            .expect("one document links");
        assert!(i.rejects.is_empty());
        let names: Vec<&str> = i.tables.iter().map(|t| t.name).collect();
        assert!(names.contains(&"documents"), "{names:?}");
        assert!(!names.contains(&"texts") && !names.contains(&"changes"));
        let out = i.render();
        assert!(out.starts_with("== "), "{out}");
        assert!(out.contains("source_path=\"barset.txt\""), "{out}");
        let with_text = inspect(&Config::default(), "barset.txt", text.as_bytes(), true)
            .expect("one document links");
        assert!(with_text.tables.iter().any(|t| t.name == "texts"));
    }

    #[test]
    fn a_rejected_document_says_so_first() {
        let i = inspect(
            &Config::default(),
            "x.pdf",
            b"<html>not a pdf</html>",
            false,
        )
        .expect("no document to link");
        assert_eq!(i.rejects.len(), 1);
        assert!(i.render().starts_with("REJECTED x.pdf: "), "{}", i.render());
    }

    #[test]
    fn long_text_is_cut_and_kept_on_one_line() {
        assert_eq!(show(&Value::Str("a\nb".into())), "\"a⏎b\"");
        let long = "x".repeat(130);
        assert_eq!(show(&Value::Str(long)), format!("{:?}…", "x".repeat(120)));
        assert_eq!(show(&Value::Int(3)), "3");
    }
}
