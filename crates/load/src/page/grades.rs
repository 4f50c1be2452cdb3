//! "Grades by year and framework": for every judgement area, the grades of the Ofsted
//! reports (primary documents only) per inspection year and framework, as counts and as
//! shares, each chart followed by the same numbers in a table.

use super::chart::{self, Bar, GRADES, grade_index};
use super::html::{Cell, esc, percent, table};
use super::view::{Tables, inspection_year};
use super::{area_label, framework_label, framework_rank};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Sort key of a bar: year (undated last), framework rank, framework.
type BarKey = (i32, usize, String);

/// Area → bar → counts per grade, one count per inspection and area.
fn tally(t: Tables<'_>) -> BTreeMap<(usize, String), BTreeMap<BarKey, [usize; 5]>> {
    let mut when: BTreeMap<&str, BarKey> = BTreeMap::new();
    for r in t.rows("inspections") {
        if let Some(id) = r.str("inspection_id") {
            let fw = r.str("framework").unwrap_or("unknown");
            let year = inspection_year(&r).unwrap_or(i32::MAX);
            when.insert(id, (year, framework_rank(fw), fw.to_owned()));
        }
    }
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut out: BTreeMap<(usize, String), BTreeMap<BarKey, [usize; 5]>> = BTreeMap::new();
    for r in t.rows("judgements") {
        if r.bool("is_primary") != Some(true) {
            continue;
        }
        let (Some(id), Some(area), Some(g)) = (
            r.str("inspection_id"),
            r.str("area"),
            r.str("grade").and_then(grade_index),
        ) else {
            continue;
        };
        let Some(key) = when.get(id) else { continue };
        if !seen.insert((id, area)) {
            continue;
        }
        let bars = out.entry((area_rank(area), area.to_owned())).or_default();
        bars.entry(key.clone()).or_insert([0; 5])[g] += 1;
    }
    out
}

/// Canonical areas first, in the vocabulary's order, then the others.
fn area_rank(area: &str) -> usize {
    ofsted_model::vocab::Area::ALL
        .iter()
        .position(|a| a.as_str() == area)
        .unwrap_or(usize::MAX)
}

fn bars(counts: &BTreeMap<BarKey, [usize; 5]>) -> Vec<Bar> {
    counts
        .iter()
        .map(|((year, _, fw), c)| Bar {
            year: if *year == i32::MAX {
                "no date".into()
            } else {
                year.to_string()
            },
            framework: framework_label(fw).to_owned(),
            counts: *c,
        })
        .collect()
}

/// Writes the section.
pub(crate) fn section(out: &mut String, t: Tables<'_>) {
    out.push_str("<section id=\"grades\" aria-labelledby=\"grades-h\"><h2 id=\"grades-h\">Grades by year and framework</h2>\n");
    out.push_str("<p>Each bar counts the inspections of one year (first day on site) and framework by the grade the Ofsted report gave; the second chart shows the same bars as shares. Grades read from council papers and news are not counted. Numbers are printed on the segments and listed in the table under each chart.</p>\n");
    out.push_str(&chart::legend());
    let areas = tally(t);
    if areas.is_empty() {
        out.push_str("<p class=\"empty\">No graded judgements in this generation.</p>\n");
    }
    for (i, ((_, area), counts)) in areas.iter().enumerate() {
        area_figure(out, i, area, &bars(counts));
    }
    out.push_str("</section>\n");
}

fn area_figure(out: &mut String, i: usize, area: &str, bars: &[Bar]) {
    let label = area_label(area);
    let n: usize = bars.iter().map(Bar::total).sum();
    let _ = write!(
        out,
        "<figure class=\"area\" id=\"area-{i}\"><figcaption><h3>{}</h3> <span class=\"note\">{n} graded inspections</span></figcaption><div class=\"charts\">",
        esc(&label)
    );
    out.push_str(&chart::stacked_bars(
        &format!("c{i}n"),
        &format!("{label}: number of inspections by grade, year and framework"),
        bars,
        false,
    ));
    out.push_str(&chart::stacked_bars(
        &format!("c{i}s"),
        &format!("{label}: share of inspections by grade, year and framework"),
        bars,
        true,
    ));
    out.push_str("</div><details><summary>The numbers as a table</summary>");
    counts_table(out, &label, bars);
    out.push_str("</details></figure>\n");
}

fn counts_table(out: &mut String, label: &str, bars: &[Bar]) {
    let mut head = vec!["Year and framework"];
    head.extend(GRADES.iter().map(|g| g.0.label()));
    head.push("Total");
    let rows = bars
        .iter()
        .map(|b| {
            let total = b.total();
            let mut row = vec![Cell::text(&format!("{} {}", b.year, b.framework))];
            row.extend(b.counts.iter().map(|&n| {
                if n == 0 {
                    Cell::num("0")
                } else {
                    Cell::num(format!("{n} ({}%)", percent(n, total)))
                }
            }));
            row.push(Cell::num(total));
            row
        })
        .collect();
    table(
        out,
        "counts",
        &format!("{label}: inspections by grade (share of the year and framework)"),
        &head,
        rows,
    );
}
