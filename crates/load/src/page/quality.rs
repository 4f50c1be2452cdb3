//! "Data quality": rejected inputs with their reasons, error and warning rows of `quality`
//! by code, and documents that no inspection was linked to.

use super::PageOptions;
use super::html::{Cell, esc, para, table};
use super::inspections::doc_link;
use super::view::Tables;
use ofsted_model::vocab::Severity;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Writes the section.
pub(crate) fn section(out: &mut String, t: Tables<'_>, opts: &PageOptions) {
    out.push_str("<section id=\"quality\" aria-labelledby=\"quality-h\"><h2 id=\"quality-h\">Data quality</h2>\n");
    rejects(out, t);
    by_code(out, t);
    unlinked(out, t, opts);
    out.push_str("</section>\n");
}

fn rejects(out: &mut String, t: Tables<'_>) {
    out.push_str("<h3 id=\"rejects-h\">Rejected inputs</h3>\n");
    let rows: Vec<Vec<Cell>> = t
        .rows("rejects")
        .iter()
        .map(|r| {
            vec![
                Cell::html(format!("<code>{}</code>", esc(&r.text("source_path")))),
                Cell::text(&r.text("reason")),
                Cell::text(&r.text("stage")),
                Cell::text(&r.text("message")),
            ]
        })
        .collect();
    if rows.is_empty() {
        para(out, "empty", "No input was rejected.");
        return;
    }
    table(
        out,
        "rejects",
        &format!("{} inputs could not be read (table rejects)", rows.len()),
        &["Input", "Reason", "Stage", "What was wrong"],
        rows,
    );
}

/// Error and warning rows of `quality`, counted by severity and code.
fn by_code(out: &mut String, t: Tables<'_>) {
    out.push_str("<h3 id=\"codes-h\">Errors and warnings by code</h3>\n");
    let mut counts: BTreeMap<(u8, &str), (usize, BTreeSet<&str>, &str)> = BTreeMap::new();
    let mut info = 0usize;
    for r in t.rows("quality") {
        let rank = match r.str("severity").and_then(Severity::parse) {
            Some(Severity::Error) => 0,
            Some(Severity::Warning) => 1,
            _ => {
                info += 1;
                continue;
            }
        };
        let e = counts
            .entry((rank, r.str("code").unwrap_or("")))
            .or_insert((0, BTreeSet::new(), r.str("message").unwrap_or("")));
        e.0 += 1;
        if let Some(d) = r.str("doc_id") {
            e.1.insert(d);
        }
    }
    let rows: Vec<Vec<Cell>> = counts
        .iter()
        .map(|((rank, code), (n, docs, example))| {
            vec![
                Cell::html(format!("<code>{}</code>", esc(code))),
                Cell::text(if *rank == 0 {
                    Severity::Error.as_str()
                } else {
                    Severity::Warning.as_str()
                }),
                Cell::num(n),
                Cell::num(docs.len()),
                Cell::text(example),
            ]
        })
        .collect();
    if rows.is_empty() {
        para(out, "empty", "No error or warning rows.");
    } else {
        table(
            out,
            "codes",
            "Rows of table quality with severity error or warning, by code",
            &["Code", "Severity", "Rows", "Documents", "First message"],
            rows,
        );
    }
    let _ = writeln!(
        out,
        "<p>{info} further rows of <code>quality</code> are repairs (severity info).</p>"
    );
}

/// Documents that are no inspection's report and gave no judgement, finding or value of
/// any inspection.
fn unlinked(out: &mut String, t: Tables<'_>, opts: &PageOptions) {
    out.push_str("<h3 id=\"unlinked-h\">Documents without an inspection</h3>\n");
    let mut linked: BTreeSet<&str> = BTreeSet::new();
    linked.extend(
        t.rows("inspections")
            .iter()
            .filter_map(|r| r.str("primary_doc_id")),
    );
    linked.extend(t.rows("judgements").iter().filter_map(|r| r.str("doc_id")));
    for r in t.rows("findings") {
        if r.str("inspection_id").is_some() {
            linked.extend(r.str("doc_id"));
        }
    }
    for r in t.rows("provenance") {
        if r.str("entity_table") == Some("inspections") {
            linked.extend(r.str("doc_id"));
        }
    }
    let rows: Vec<Vec<Cell>> = t
        .rows("documents")
        .iter()
        .filter(|r| r.str("doc_id").is_some_and(|d| !linked.contains(d)))
        .map(|r| {
            vec![
                Cell::html(doc_link(opts, &r.text("source_path"))),
                Cell::text(&r.text("doc_type")),
                Cell::text(&r.text("title")),
                Cell::text(&r.text("local_authority")),
            ]
        })
        .collect();
    if rows.is_empty() {
        para(out, "empty", "Every document is linked to an inspection.");
        return;
    }
    table(
        out,
        "unlinked",
        &format!("{} documents are not linked to any inspection", rows.len()),
        &["Document", "Type", "Title", "Authority"],
        rows,
    );
}
