//! The summary page, `report/index.html`: one more sink over the same rows as the Parquet
//! and CSV writers, written into every generation so the page always matches its tables.
//!
//! The page is self-contained (inline CSS and SVG, no script, no network), accessible (real
//! table markup with captions and header scopes, a text alternative for every chart, grade
//! patterns and printed numbers so nothing depends on colour), and deterministic: it is a
//! function of the tables and [`PageOptions`] only — no clock time, stable order.

mod chart;
mod grades;
mod html;
mod inspections;
mod quality;
mod recent;
mod view;

use html::{Cell, esc, table};
use ofsted_model::schema::TableData;
use ofsted_model::vocab::{Area, Framework, Grade};
use std::fmt::Write as _;
use std::path::{Component, Path};
use view::Tables;

/// Path of the page inside a generation (and through the `report` link of the output).
pub const PAGE_PATH: &str = "report/index.html";

/// What the page needs besides the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// URL prefix (ending in `/`) from the page's folder to the input folder, used to link
    /// each document's `source_path`; `None` shows the paths without links.
    pub source_base: Option<String>,
}

/// Renders the page from one generation's tables.
pub fn render(tables: &[TableData], opts: &PageOptions) -> String {
    render_counted(tables, None, opts)
}

/// Renders the page, with the rows per table from `counts` when given (for tables whose
/// rows were written in chunks and are not all in `tables`).
pub fn render_counted(
    tables: &[TableData],
    counts: Option<&[(&'static str, usize)]>,
    opts: &PageOptions,
) -> String {
    let t = Tables::counted(tables, counts);
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out);
    out.push_str(&chart::pattern_defs());
    overview(&mut out, t);
    grades::section(&mut out, t);
    recent::latest(&mut out, t);
    recent::changes(&mut out, t);
    inspections::section(&mut out, t, opts);
    quality::section(&mut out, t, opts);
    out.push_str("</main></body></html>\n");
    out
}

/// The URL prefix from `page_dir` to `input_dir` (both absolute, symlinks resolved), or
/// `None` when either is not absolute or not UTF-8.
pub fn relative_base(page_dir: &Path, input_dir: &Path) -> Option<String> {
    let names = |p: &Path| -> Option<Vec<String>> {
        if !p.is_absolute() {
            return None;
        }
        p.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect()
    };
    let (from, to) = (names(page_dir)?, names(input_dir)?);
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    let mut base = parts.join("/");
    if !base.is_empty() {
        base.push('/');
    }
    Some(base)
}

const CSS: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;background:#fff;margin:0}\
main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}\
h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2.5rem;border-bottom:2px solid #222;padding-bottom:.2rem}\
h3{font-size:1.1rem;margin:1.2rem 0 .4rem;display:inline-block}\
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}\
caption{text-align:left;font-weight:600;padding:.2rem 0}\
th,td{border:1px solid #999;padding:.2rem .45rem;vertical-align:top;text-align:left}\
thead th{background:#eee}tbody th{font-weight:normal}.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1rem 0 2rem}.charts{display:flex;flex-wrap:wrap;gap:1.5rem;overflow-x:auto}\
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none}\
.legend svg{vertical-align:-2px}.note,.empty{color:#444}\
svg .tick,svg .xl2{font-size:10px;fill:#333}svg .xl{font-size:11px;fill:#111}\
svg .seg{font-size:11px;font-weight:700;fill:#000;stroke:#fff;stroke-width:3px;paint-order:stroke}\
svg.defs{position:absolute;width:0;height:0}\
details.rows{margin:.3rem 0}details.rows>summary{cursor:pointer}\
a{color:#0645ad}code{font-size:.85em}\
@media print{details{display:block}}";

fn head(out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"generator\" content=\"ofsted-etl {}\">\
<title>Ofsted children's services inspections: summary</title><style>{CSS}</style></head>\n<body><main>\n",
        ofsted_model::PIPELINE_VERSION
    );
}

/// Title, what the page is, the row counts of every table, and the contents.
fn overview(out: &mut String, t: Tables<'_>) {
    out.push_str("<header><h1>Ofsted children's services inspections: summary</h1>\n");
    let authorities: std::collections::BTreeSet<&str> = t
        .rows("inspections")
        .iter()
        .filter_map(|r| r.str("local_authority"))
        .collect();
    let _ = writeln!(
        out,
        "<p>What the published tables of this generation hold: {} inspections of {} local authorities, read from {} documents ({} inputs rejected). Written by ofsted-etl {} together with the tables beside it (<a href=\"../parquet/\">parquet</a>, <a href=\"../csv/\">csv</a>).</p>",
        t.rows("inspections").len(),
        authorities.len(),
        t.rows("documents").len(),
        t.rows("rejects").len(),
        esc(ofsted_model::PIPELINE_VERSION)
    );
    out.push_str("<nav aria-label=\"Contents\"><ul><li><a href=\"#grades\">Grades by year and framework</a></li><li><a href=\"#latest\">Latest inspection by region</a></li><li><a href=\"#changes\">Changes since the previous run</a></li><li><a href=\"#inspections\">Inspections</a></li><li><a href=\"#quality\">Data quality</a></li></ul></nav>\n");
    out.push_str("<details><summary>Rows per table</summary>");
    let rows = t
        .counts()
        .into_iter()
        .map(|(name, n)| vec![Cell::html(format!("<code>{name}</code>")), Cell::num(n)])
        .collect();
    table(
        out,
        "tables",
        "Rows per table in this generation",
        &["Table", "Rows"],
        rows,
    );
    out.push_str("</details></header>\n");
}

/// Display name of a framework (its [`Framework::label`]; a name outside the vocabulary
/// as it is).
pub(crate) fn framework_label(fw: &str) -> &str {
    Framework::parse(fw).map_or(fw, |f| f.label())
}

/// Sort rank of a framework (the vocabulary's order; unknown names last).
pub(crate) fn framework_rank(fw: &str) -> usize {
    Framework::ALL
        .iter()
        .position(|f| f.as_str() == fw)
        .unwrap_or(usize::MAX)
}

/// Display name of a grade ([`Grade::label`]).
pub(crate) fn grade_label(g: &str) -> String {
    Grade::parse(g).map_or_else(|| g.replace('_', " "), |g| g.label().to_owned())
}

/// Display name of a judgement area ([`Area::label`]: `other:foo_bar` → "Other: foo bar").
pub(crate) fn area_label(area: &str) -> String {
    Area::parse(area).map_or_else(|| area.to_owned(), |a| a.label())
}

#[cfg(test)]
mod tests;
