//! Stacked bar charts as inline SVG: one bar per (year, framework), one segment per grade.
//! Each grade has a colour *and* a fill pattern (defined once in [`pattern_defs`]), the
//! count is printed on every segment tall enough, every segment has a tooltip, and the
//! chart carries a `<title>` and a `<desc>` that states every number as text.

use super::html::{esc, percent};
use ofsted_model::vocab::Grade;
use std::fmt::Write as _;

/// Grades in stacking order (bottom first), with their colour (names and labels come
/// from [`Grade`]).
pub(crate) const GRADES: &[(Grade, &str)] = &[
    (Grade::Outstanding, "#1b7837"),
    (Grade::Good, "#a6dba0"),
    (Grade::RequiresImprovement, "#fdb863"),
    (Grade::Adequate, "#fee0b6"),
    (Grade::Inadequate, "#b2182b"),
];

/// Position of a grade (its table value) in [`GRADES`].
pub(crate) fn grade_index(grade: &str) -> Option<usize> {
    GRADES.iter().position(|g| g.0.as_str() == grade)
}

/// One bar: its label lines and the number of inspections with each grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    pub(crate) year: String,
    pub(crate) framework: String,
    pub(crate) counts: [usize; 5],
}

impl Bar {
    pub(crate) fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn name(&self) -> String {
        format!("{} {}", self.year, self.framework)
    }
}

const BAR_W: f64 = 30.0;
const GAP: f64 = 14.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 10.0;
const PLOT_H: f64 = 160.0;
const BOTTOM: f64 = 40.0;

/// The fill patterns of the grades, in a zero-size SVG placed once at the top of the page.
pub(crate) fn pattern_defs() -> String {
    let mut s = String::from(
        "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>",
    );
    let marks = [
        "",
        "<path d=\"M0 0L0 6\" stroke=\"#000\" stroke-opacity=\".45\" stroke-width=\"1.5\"/>",
        "<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#000\" fill-opacity=\".5\"/>",
        "<path d=\"M0 3L6 3\" stroke=\"#000\" stroke-opacity=\".45\" stroke-width=\"1.2\"/>",
        "<path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#fff\" stroke-opacity=\".6\" stroke-width=\"1.2\"/>",
    ];
    for ((grade, colour), mark) in GRADES.iter().zip(marks) {
        let key = grade.as_str();
        let rot = if *grade == Grade::Good {
            " patternTransform=\"rotate(45)\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<pattern id=\"pat-{key}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{rot}><rect width=\"6\" height=\"6\" fill=\"{colour}\"/>{mark}</pattern>"
        );
    }
    s.push_str("</defs></svg>\n");
    s
}

/// The legend: a swatch with each grade's pattern and its name.
pub(crate) fn legend() -> String {
    let mut s = String::from("<ul class=\"legend\" aria-label=\"Grades\">");
    for (grade, _) in GRADES {
        let (key, label) = (grade.as_str(), grade.label());
        let _ = write!(
            s,
            "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"url(#pat-{key})\" stroke=\"#222\" stroke-width=\"0.5\"/></svg> {label}</li>"
        );
    }
    s.push_str("</ul>\n");
    s
}

/// A stacked bar chart. With `shares`, each bar is scaled to 100%.
pub(crate) fn stacked_bars(id: &str, title: &str, bars: &[Bar], shares: bool) -> String {
    let width = LEFT + bars.len() as f64 * (BAR_W + GAP) + GAP;
    let height = TOP + PLOT_H + BOTTOM;
    let max = bars.iter().map(Bar::total).max().unwrap_or(0).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" data-bars=\"{}\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        bars.len(),
        esc(title),
        esc(&describe(bars))
    );
    axis(&mut s, width, max, shares);
    for (i, bar) in bars.iter().enumerate() {
        let x = LEFT + GAP + i as f64 * (BAR_W + GAP);
        let scale = if shares { bar.total().max(1) } else { max };
        column(&mut s, x, bar, scale, shares);
    }
    s.push_str("</svg>");
    s
}

/// Axis line and three labelled ticks.
fn axis(s: &mut String, width: f64, max: usize, shares: bool) {
    let base = TOP + PLOT_H;
    let ticks: Vec<(usize, String)> = if shares {
        vec![(0, "0%".into()), (1, "50%".into()), (2, "100%".into())]
    } else if max.is_multiple_of(2) {
        vec![
            (0, "0".into()),
            (1, (max / 2).to_string()),
            (2, max.to_string()),
        ]
    } else {
        vec![(0, "0".into()), (2, max.to_string())]
    };
    for (k, label) in ticks {
        let y = base - PLOT_H * k as f64 / 2.0;
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{width:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#bbb\" stroke-width=\"0.5\"/><text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" class=\"tick\">{label}</text>",
            LEFT - 4.0,
            y + 4.0
        );
    }
}

/// One bar's segments, bottom up, and its two label lines.
fn column(s: &mut String, x: f64, bar: &Bar, scale: usize, shares: bool) {
    let total = bar.total();
    let mut y = TOP + PLOT_H;
    for ((grade, _), &n) in GRADES.iter().zip(&bar.counts) {
        if n == 0 {
            continue;
        }
        let (key, label) = (grade.as_str(), grade.label());
        let h = PLOT_H * n as f64 / scale as f64;
        y -= h;
        let tip = format!(
            "{}: {label} {n} of {total} ({}%)",
            bar.name(),
            percent(n, total)
        );
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BAR_W}\" height=\"{h:.1}\" fill=\"url(#pat-{key})\" stroke=\"#222\" stroke-width=\"0.5\"><title>{}</title></rect>",
            esc(&tip)
        );
        if h >= 13.0 {
            let text = if shares {
                format!("{}%", percent(n, total))
            } else {
                n.to_string()
            };
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"seg\">{text}</text>",
                x + BAR_W / 2.0,
                y + h / 2.0 + 4.0
            );
        }
    }
    let cx = x + BAR_W / 2.0;
    let base = TOP + PLOT_H;
    let _ = write!(
        s,
        "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"xl\">{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"xl2\">{}</text>",
        base + 14.0,
        esc(&bar.year),
        base + 28.0,
        esc(&bar.framework)
    );
}

/// Every bar's numbers as one sentence per bar (the chart's text alternative).
fn describe(bars: &[Bar]) -> String {
    let mut parts = Vec::new();
    for bar in bars {
        let grades: Vec<String> = GRADES
            .iter()
            .zip(&bar.counts)
            .filter(|(_, n)| **n > 0)
            .map(|((grade, _), n)| format!("{} {n}", grade.label()))
            .collect();
        parts.push(format!(
            "{}: {} ({} inspections)",
            bar.name(),
            grades.join(", "),
            bar.total()
        ));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_states_its_numbers_and_is_stable() {
        let bars = vec![Bar {
            year: "2019".into(),
            framework: "ILACS".into(),
            counts: [1, 2, 0, 0, 1],
        }];
        let a = stacked_bars("c1", "Overall", &bars, false);
        assert_eq!(a, stacked_bars("c1", "Overall", &bars, false));
        assert!(a.contains("2019 ILACS: Outstanding 1, Good 2, Inadequate 1 (4 inspections)"));
        assert_eq!(a.matches("<rect").count(), 3);
        assert!(stacked_bars("c2", "Overall", &bars, true).contains("50%"));
    }
}
