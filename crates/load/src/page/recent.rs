//! "Latest inspections by region" and "What changed since the previous run": both read the
//! rows `inspection_summary` and `changes` already hold (this page recomputes neither).

use super::html::{Cell, anchor, esc, para, table};
use super::view::{Rec, Tables, cell_text};
use super::{framework_label, grade_label};
use ofsted_model::vocab::Direction;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Most rows of `changes` listed on the page (the table has them all).
const MAX_CHANGES: usize = 500;

/// Writes the latest full inspection of every authority, grouped by region.
pub(crate) fn latest(out: &mut String, t: Tables<'_>) {
    out.push_str("<section id=\"latest\" aria-labelledby=\"latest-h\"><h2 id=\"latest-h\">Latest full inspection of every authority, by region</h2>\n");
    if t.get("inspection_summary").is_none() {
        para(
            out,
            "empty",
            "This generation has no inspection_summary table, which this section is drawn from.",
        );
        out.push_str("</section>\n");
        return;
    }
    let mut regions: BTreeMap<String, Vec<Rec<'_>>> = BTreeMap::new();
    for r in t.rows("inspection_summary") {
        if r.bool("is_latest") == Some(true) {
            let region = r.str("region").unwrap_or("Region not known").to_owned();
            regions.entry(region).or_default().push(r);
        }
    }
    let n: usize = regions.values().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "<p>{n} authorities. “Change” compares the overall grade with the authority's previous inspection of the same kind (from <code>inspection_summary</code>).</p>"
    );
    for (region, mut rows) in regions {
        rows.sort_by_key(|r| r.text("local_authority"));
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{}</h3>",
            anchor("region", &region),
            esc(&region)
        );
        let cells = rows.iter().map(latest_row).collect();
        table(
            out,
            "latest",
            &format!("{region}: latest full inspection of each authority"),
            &[
                "Authority",
                "Framework",
                "Start date",
                "Overall effectiveness",
                "Previous",
                "Change",
            ],
            cells,
        );
    }
    out.push_str("</section>\n");
}

fn latest_row(r: &Rec<'_>) -> Vec<Cell> {
    let prev = match (
        r.date("previous_start_date"),
        r.str("previous_overall_effectiveness"),
    ) {
        (Some(d), Some(g)) => format!("{} ({d})", grade_label(g)),
        (Some(d), None) => format!("not graded ({d})"),
        _ => "none in the data".into(),
    };
    vec![
        Cell::html(format!(
            "<a href=\"#{}\">{}</a>",
            anchor("rows", &r.text("inspection_id")),
            esc(r.str("local_authority").unwrap_or("not known"))
        )),
        Cell::text(framework_label(r.str("framework").unwrap_or("unknown"))),
        Cell::text(&r.text("start_date")),
        Cell::text(
            &r.str("overall_effectiveness")
                .map(grade_label)
                .unwrap_or_default(),
        ),
        Cell::text(&prev),
        Cell::text(&direction(r.str("direction"))),
    ]
}

/// The direction of change in words and a sign, so it reads without colour.
fn direction(d: Option<&str>) -> String {
    let Some(d) = d else {
        return "–".into();
    };
    match Direction::parse(d) {
        Some(x) => {
            let sign = match x {
                Direction::Improved => "▲",
                Direction::Declined => "▼",
                Direction::Same => "=",
            };
            format!("{sign} {}", x.label())
        }
        None => d.to_owned(),
    }
}

/// Writes what this run changed against the previously published generation.
pub(crate) fn changes(out: &mut String, t: Tables<'_>) {
    out.push_str("<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">What changed since the previous run</h2>\n");
    let Some(table_data) = t.get("changes") else {
        para(
            out,
            "empty",
            "This generation has no changes table, which this section is drawn from.",
        );
        out.push_str("</section>\n");
        return;
    };
    if table_data.rows.is_empty() {
        para(out, "empty", "Nothing changed since the previous run.");
        out.push_str("</section>\n");
        return;
    }
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for r in super::view::records(table_data) {
        *kinds.entry(r.text("change")).or_default() += 1;
    }
    let summary: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        out,
        "<p>Against the previously published generation: {}.</p>",
        esc(&summary.join(", "))
    );
    let cols: Vec<&str> = table_data.schema.columns.iter().map(|c| c.name).collect();
    let rows = super::view::records(table_data)
        .iter()
        .take(MAX_CHANGES)
        .map(|r| {
            cols.iter()
                .map(|c| Cell::text(&cell_text(r.value(c))))
                .collect()
        })
        .collect();
    let shown = table_data.rows.len().min(MAX_CHANGES);
    table(
        out,
        "changes",
        &format!(
            "{} changes (table changes), {shown} shown",
            table_data.rows.len()
        ),
        &cols,
        rows,
    );
    out.push_str("</section>\n");
}
