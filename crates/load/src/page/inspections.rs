//! "Inspections": every inspection with its authority, framework, dates and overall grade,
//! a link to its source document and a link to its rows (judgements and findings), which
//! follow in one collapsible block per inspection.

use super::html::{Cell, anchor, esc, table, url_path};
use super::view::{Rec, Tables};
use super::{PageOptions, area_label, framework_label, grade_label};
use ofsted_model::vocab::FindingKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the page needs of one document.
struct Doc<'a> {
    path: &'a str,
    title: Option<&'a str>,
}

fn docs(t: Tables<'_>) -> BTreeMap<&str, Doc<'_>> {
    t.rows("documents")
        .into_iter()
        .filter_map(|r| {
            Some((
                r.str("doc_id")?,
                Doc {
                    path: r.str("source_path")?,
                    title: r.str("title"),
                },
            ))
        })
        .collect()
}

/// The inspections in page order: authority, then date, then id.
fn ordered(t: Tables<'_>) -> Vec<Rec<'_>> {
    let mut rows = t.rows("inspections");
    rows.sort_by_key(|r| {
        (
            r.str("local_authority").map(str::to_owned),
            r.date("start_date"),
            r.str("period").map(str::to_owned),
            r.text("inspection_id"),
        )
    });
    rows
}

/// A link to a source document (its path as text when the input folder is not known).
pub(crate) fn doc_link(opts: &PageOptions, path: &str) -> String {
    match &opts.source_base {
        Some(base) => format!(
            "<a href=\"{}{}\">{}</a>",
            esc(base),
            esc(&url_path(path)),
            esc(path)
        ),
        None => format!("<code>{}</code>", esc(path)),
    }
}

fn dates(r: &Rec<'_>) -> String {
    match (r.date("start_date"), r.date("end_date")) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.to_string(),
        (None, _) => r.str("period").unwrap_or("date not known").to_owned(),
    }
}

fn title(r: &Rec<'_>) -> String {
    format!(
        "{}, {}, {}",
        r.str("local_authority").unwrap_or("Authority not known"),
        framework_label(r.str("framework").unwrap_or("unknown")),
        dates(r)
    )
}

/// Writes the list of inspections and the rows of each.
pub(crate) fn section(out: &mut String, t: Tables<'_>, opts: &PageOptions) {
    let docs = docs(t);
    let insp = ordered(t);
    out.push_str("<section id=\"inspections\" aria-labelledby=\"inspections-h\"><h2 id=\"inspections-h\">Inspections</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} inspections, by authority and date. “Source” opens the Ofsted report (or the document that mentions the inspection); “Rows” shows what the tables hold for it. All rows: <a href=\"../csv/inspections.csv\">inspections.csv</a>, <a href=\"../csv/judgements.csv\">judgements.csv</a>, <a href=\"../csv/findings.csv\">findings.csv</a> (and the same in <code>../parquet/</code>).</p>",
        insp.len()
    );
    let rows = insp.iter().map(|r| list_row(r, &docs, opts)).collect();
    table(
        out,
        "inspections",
        "Every inspection, with its source document and its rows",
        &[
            "Authority",
            "Framework",
            "Dates",
            "Overall effectiveness",
            "Source",
            "Rows",
        ],
        rows,
    );
    out.push_str("<h3 id=\"rows-h\">Rows of each inspection</h3>\n");
    let judgements = by_inspection(t, "judgements");
    let findings = by_inspection(t, "findings");
    for r in &insp {
        let id = r.text("inspection_id");
        rows_block(
            out,
            r,
            judgements.get(id.as_str()),
            findings.get(id.as_str()),
            &docs,
        );
    }
    out.push_str("</section>\n");
}

fn list_row(r: &Rec<'_>, docs: &BTreeMap<&str, Doc<'_>>, opts: &PageOptions) -> Vec<Cell> {
    let id = r.text("inspection_id");
    let source = r
        .str("primary_doc_id")
        .and_then(|d| docs.get(d))
        .map(|d| doc_link(opts, d.path))
        .unwrap_or_else(|| "no Ofsted report in the inputs".into());
    vec![
        Cell::text(r.str("local_authority").unwrap_or("not known")),
        Cell::text(framework_label(r.str("framework").unwrap_or("unknown"))),
        Cell::text(&dates(r)),
        Cell::text(
            &r.str("overall_effectiveness")
                .map(grade_label)
                .unwrap_or_default(),
        ),
        Cell::html(source),
        Cell::html(format!("<a href=\"#{}\">rows</a>", anchor("rows", &id))),
    ]
}

fn by_inspection<'a>(t: Tables<'a>, table: &str) -> BTreeMap<&'a str, Vec<Rec<'a>>> {
    let mut m: BTreeMap<&str, Vec<Rec<'_>>> = BTreeMap::new();
    for r in t.rows(table) {
        if let Some(id) = r.str("inspection_id") {
            m.entry(id).or_default().push(r);
        }
    }
    m
}

fn rows_block(
    out: &mut String,
    r: &Rec<'_>,
    judgements: Option<&Vec<Rec<'_>>>,
    findings: Option<&Vec<Rec<'_>>>,
    docs: &BTreeMap<&str, Doc<'_>>,
) {
    let id = r.text("inspection_id");
    let _ = write!(
        out,
        "<details class=\"rows\" id=\"{}\"><summary>{}</summary><p>inspection_id <code>{}</code>; lead inspector: {}; published: {}; documents: {}.</p>",
        anchor("rows", &id),
        esc(&title(r)),
        esc(&id),
        esc(r.str("lead_inspector").unwrap_or("not known")),
        esc(&r
            .date("published_date")
            .map(|d| d.to_string())
            .unwrap_or_else(|| "not printed".into())),
        r.int("n_documents").unwrap_or(0)
    );
    let rows: Vec<Vec<Cell>> = judgements
        .map(|js| js.iter().map(|j| judgement_row(j, docs)).collect())
        .unwrap_or_default();
    if rows.is_empty() {
        out.push_str("<p>No graded judgements.</p>");
    } else {
        table(
            out,
            "judgements",
            "Judgements (one row per document and area)",
            &["Area", "Grade", "As printed", "Read from", "Document"],
            rows,
        );
    }
    findings_summary(out, findings);
    out.push_str("</details>\n");
}

fn judgement_row(j: &Rec<'_>, docs: &BTreeMap<&str, Doc<'_>>) -> Vec<Cell> {
    let doc = j
        .str("doc_id")
        .map(|d| {
            let name = docs.get(d).map(|x| x.title.unwrap_or(x.path)).unwrap_or(d);
            let kind = if j.bool("is_primary") == Some(true) {
                "Ofsted report"
            } else {
                "secondary"
            };
            format!("{name} ({kind})")
        })
        .unwrap_or_default();
    vec![
        Cell::text(&area_label(j.str("area").unwrap_or(""))),
        Cell::text(&j.str("grade").map(grade_label).unwrap_or_default()),
        Cell::text(j.str("grade_verbatim").unwrap_or("")),
        Cell::text(j.str("source").unwrap_or("")),
        Cell::text(&doc),
    ]
}

fn findings_summary(out: &mut String, findings: Option<&Vec<Rec<'_>>>) {
    let Some(fs) = findings else {
        out.push_str("<p>No findings lists.</p>");
        return;
    };
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in fs {
        *kinds.entry(f.str("kind").unwrap_or("other")).or_default() += 1;
    }
    let list: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
        .collect();
    let _ = write!(out, "<p>Findings: {}.</p>", esc(&list.join(", ")));
    let improvements: Vec<&Rec<'_>> = fs
        .iter()
        .filter(|f| f.str("kind") == Some(FindingKind::Improvement.as_str()))
        .collect();
    if !improvements.is_empty() {
        out.push_str("<p>What needs to improve:</p><ol class=\"findings\">");
        for f in improvements {
            let _ = write!(out, "<li>{}</li>", esc(f.str("text").unwrap_or("")));
        }
        out.push_str("</ol>");
    }
}
