//! Framework and inspection type of a report or letter.
//! (Owner: reports helper.)
//!
//! The framework is read from the title ("(Re-)inspection of services for children in need
//! of help and protection..." and "Review of the effectiveness of the Local Safeguarding
//! Children Board" = SIF, "Area SEND inspection of ... Local Area Partnership" = Area SEND,
//! "Inspection of looked after children services" = LAC only, "Inspection of safeguarding and looked after children services", "... local
//! authority children's services" = ILACS), from a letter's wording (unannounced
//! inspection of contact, referral and assessment, focused visit, monitoring visit, joint
//! targeted area inspection), and failing those from the judgement labels. The ILACS type
//! is stated ("standard inspection", "short inspection") or inferred from the days on site.

use crate::Spanned;
use chrono::NaiveDate;
use ofsted_model::vocab::{Area, Framework, InspectionType, TypeBasis};
use regex::Regex;
use std::sync::LazyLock;

struct Rule {
    framework: Framework,
    re: Regex,
}

fn rules(list: &[(Framework, &str)]) -> Vec<Rule> {
    list.iter()
        .filter_map(|(f, p)| {
            crate::rx::new(&format!("(?i){p}"))
                .ok()
                .map(|re| Rule { framework: *f, re })
        })
        .collect()
}

/// Title wordings of reports.
static TITLE_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    rules(&[
        (
            Framework::Sif,
            r"services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection",
        ),
        (
            Framework::AreaSend,
            r"\barea\s+SEND\s+(?:full\s+)?(?:re-?)?inspection|\blocal\s+area\s+partnership\b",
        ),
        // a separate review of the LSCB belongs to the single inspection framework
        (
            Framework::Sif,
            r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board",
        ),
        (
            Framework::SafeguardingAndLac,
            r"inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children",
        ),
        (
            Framework::LacOnly,
            r"inspection\s+of\s+(?:services\s+for\s+)?looked\s+after\s+children",
        ),
        (
            Framework::Ilacs,
            r"local\s+authority\s+children[’']?s\s+services|children[’']?s\s+social\s+care\s+services|children[’']?s?\s+(?:and\s+families\s+|services\s+)?trust\b|\bchildren\s+first\b|\btogether\s+for\s+children\b",
        ),
        (Framework::Jtai, r"joint\s+targeted\s+area\s+inspection"),
    ])
});

/// Letter wordings.
static LETTER_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    rules(&[
        (
            Framework::UnannouncedCra,
            r"unannounced\s+inspection\s+of\s+(?:local\s+authority\s+)?contact,?\s+referral\s+and\s+assessment",
        ),
        (Framework::FocusedVisit, r"\bfocused\s+visit\b"),
        (Framework::MonitoringVisit, r"\bmonitoring\s+visit\b"),
        (Framework::Jtai, r"joint\s+targeted\s+area\s+inspection"),
    ])
});

static STATED_TYPE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\bthis\s+(?:was|is)\s+an?\s+(standard|short)\s+(?:ILACS\s+)?inspection\b|\b(?:during\s+)?this\s+(standard|short)\s+(?:ILACS\s+)?inspection\b|\b(?:a|the)\s+(standard|short)\s+inspection\s+under\s+the\s+ILACS\b").ok()
});

/// The framework a title (or heading text) names, with the span of the words, relative
/// to `text`.
pub fn framework_from_title(text: &str) -> Option<Spanned<Framework>> {
    TITLE_RULES.iter().find_map(|r| {
        r.re.find(text).map(|m| Spanned {
            value: r.framework,
            start: m.start(),
            end: m.end(),
        })
    })
}

/// The framework a letter's wording names (first match in `text`), with its span.
pub fn framework_from_letter(text: &str) -> Option<Spanned<Framework>> {
    let mut best: Option<Spanned<Framework>> = None;
    for r in LETTER_RULES.iter() {
        if let Some(m) = r.re.find(text)
            && best.as_ref().is_none_or(|b| m.start() < b.start)
        {
            best = Some(Spanned {
                value: r.framework,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    best
}

/// The framework the judgement areas imply ([`Area::framework`]), when the title said
/// nothing: an ILACS area wins over SIF ones.
pub fn framework_from_areas<'a>(areas: impl IntoIterator<Item = &'a Area>) -> Option<Framework> {
    let mut out = None;
    for a in areas {
        match a.framework() {
            Some(Framework::Ilacs) => return Some(Framework::Ilacs),
            Some(f) => out = Some(f),
            None => {}
        }
    }
    out
}

/// The ILACS inspection type: stated in `text`, else inferred from the days on site
/// (up to 7 calendar days = short, 8 or more = standard).
pub fn inspection_type(
    text: &str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<(InspectionType, TypeBasis)> {
    if let Some(c) = STATED_TYPE_RE.as_ref().and_then(|re| re.captures(text)) {
        let w = c
            .get(1)
            .or_else(|| c.get(2))
            .or_else(|| c.get(3))
            .map(|m| m.as_str().to_lowercase());
        match w.as_deref() {
            Some("standard") => return Some((InspectionType::Standard, TypeBasis::Stated)),
            Some("short") => return Some((InspectionType::Short, TypeBasis::Stated)),
            _ => {}
        }
    }
    let (s, e) = (start?, end?);
    let days = (e - s).num_days() + 1;
    if days <= 0 {
        return None;
    }
    let t = if days <= 7 {
        InspectionType::Short
    } else {
        InspectionType::Standard
    };
    Some((t, TypeBasis::InferredFromDuration))
}

crate::rx::register!(STATED_TYPE_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        assert!(STATED_TYPE_RE.is_some());
        assert_eq!(TITLE_RULES.len(), 7);
        assert_eq!(LETTER_RULES.len(), 4);
    }

    #[test]
    fn titles() {
        let f = |s: &str| framework_from_title(s).map(|x| x.value);
        assert_eq!(
            f(
                "Inspection of services for children in need of help and\nprotection, children looked after and care leavers"
            ),
            Some(Framework::Sif)
        );
        assert_eq!(
            f("Inspection of looked after children services"),
            Some(Framework::LacOnly)
        );
        assert_eq!(
            f("Inspection of safeguarding and looked after children services"),
            Some(Framework::SafeguardingAndLac)
        );
        assert_eq!(
            f("Inspection of Camden local authority children’s services"),
            Some(Framework::Ilacs)
        );
        assert_eq!(
            f("Inspection of children’s social care services"),
            Some(Framework::Ilacs)
        );
        assert_eq!(f("Something else"), None);
        // a trust that runs an authority's children's services is inspected under ILACS
        assert_eq!(
            f("Inspection of Bradford Children and\nFamilies Trust"),
            Some(Framework::Ilacs)
        );
        assert_eq!(
            f("Inspection of Sandwell Children’s Trust"),
            Some(Framework::Ilacs)
        );
        // SIF re-inspections and separate LSCB reviews stay SIF
        assert_eq!(
            f(
                "Re-inspection of services for children in need of help and protection, children looked after and care leavers"
            ),
            Some(Framework::Sif)
        );
        assert_eq!(
            f("Review of the effectiveness of the Local Safeguarding Children Board"),
            Some(Framework::Sif)
        );
        assert_eq!(
            f("Area SEND inspection of Suffolk Local\nArea Partnership"),
            Some(Framework::AreaSend)
        );
    }

    #[test]
    fn letters() {
        let f = |s: &str| framework_from_letter(s).map(|x| x.value);
        assert_eq!(
            f("Annual unannounced inspection of contact, referral and assessment arrangements"),
            Some(Framework::UnannouncedCra)
        );
        assert_eq!(
            f("Focused visit to Camden local authority children’s services"),
            Some(Framework::FocusedVisit)
        );
        assert_eq!(
            f("Monitoring visit of Sandwell children’s services"),
            Some(Framework::MonitoringVisit)
        );
    }

    #[test]
    fn types() {
        let d = |m, day| NaiveDate::from_ymd_opt(2022, m, day);
        assert_eq!(
            inspection_type("", d(4, 25), d(4, 29)),
            Some((InspectionType::Short, TypeBasis::InferredFromDuration))
        );
        assert_eq!(
            inspection_type("", d(10, 3), d(10, 14)),
            Some((InspectionType::Standard, TypeBasis::InferredFromDuration))
        );
        assert_eq!(
            inspection_type(
                "This was a short inspection of the local authority.",
                d(10, 3),
                d(10, 14)
            ),
            Some((InspectionType::Short, TypeBasis::Stated))
        );
        assert_eq!(inspection_type("", None, d(1, 1)), None);
        // an earlier short inspection mentioned in passing states nothing about this one
        assert_eq!(
            inspection_type(
                "The previous short inspection was in 2019.",
                d(10, 3),
                d(10, 14)
            ),
            Some((InspectionType::Standard, TypeBasis::InferredFromDuration))
        );
    }
}
