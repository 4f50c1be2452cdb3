//! Words of the judgement vocabulary shared by the secondary-document finders and the
//! section mapper: grade words, judgement-area phrases and their canonical keys.
//!
//! Interim private copy: the reports helper's `judgements` module will own the canonical
//! label -> area mapping and grade parsing; switch to it once it exists.

use ofsted_model::vocab::{Framework, Grade, area};
use regex::Regex;
use std::sync::LazyLock;

/// A lazily compiled regex; `None` only if the pattern is invalid (a test checks they all
/// compile), so callers treat `None` as "no match" instead of panicking.
pub(crate) type Lazy = LazyLock<Option<Regex>>;

/// The compiled regex, if it compiled.
pub(crate) fn re(r: &'static Lazy) -> Option<&'static Regex> {
    r.as_ref()
}

/// A judgement area as named in prose, before the framework is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AreaWord {
    /// Overall effectiveness / overall judgement.
    Overall,
    /// ILACS impact of leaders.
    ImpactOfLeaders,
    /// SIF leadership, management and governance.
    Lmg,
    /// "leadership" alone: SIF LMG or ILACS impact of leaders.
    Leadership,
    /// Children who need help and protection / child protection.
    HelpProtection,
    /// ILACS combined children in care and care leavers.
    InCareAndLeavers,
    /// Children in care / looked after children (framework-dependent).
    InCare,
    /// SIF children looked after and achieving permanence.
    Permanence,
    /// Care leavers.
    CareLeavers,
    /// SIF adoption performance.
    Adoption,
    /// SIF Local Safeguarding Children Board.
    Lscb,
    /// Older frameworks' capacity to improve.
    Capacity,
    /// "children's services": the overall judgement when no other area is named.
    ChildrensServices,
}

impl AreaWord {
    /// Canonical area key under `framework` (SIF vocabulary when `sif_like`).
    pub(crate) fn key(self, sif_like: bool) -> &'static str {
        match self {
            AreaWord::Overall | AreaWord::ChildrensServices => area::OVERALL_EFFECTIVENESS,
            AreaWord::ImpactOfLeaders => area::IMPACT_OF_LEADERS,
            AreaWord::Lmg => area::LEADERSHIP_MANAGEMENT_GOVERNANCE,
            AreaWord::Leadership => {
                if sif_like {
                    area::LEADERSHIP_MANAGEMENT_GOVERNANCE
                } else {
                    area::IMPACT_OF_LEADERS
                }
            }
            AreaWord::HelpProtection => area::HELP_AND_PROTECTION,
            AreaWord::InCareAndLeavers => area::CHILDREN_IN_CARE_AND_CARE_LEAVERS,
            AreaWord::InCare => {
                if sif_like {
                    area::LOOKED_AFTER_AND_PERMANENCE
                } else {
                    area::CHILDREN_IN_CARE
                }
            }
            AreaWord::Permanence => area::LOOKED_AFTER_AND_PERMANENCE,
            AreaWord::CareLeavers => area::CARE_LEAVERS,
            AreaWord::Adoption => area::ADOPTION,
            AreaWord::Lscb => area::LSCB,
            AreaWord::Capacity => area::CAPACITY_FOR_IMPROVEMENT,
        }
    }

    /// The framework whose vocabulary this word belongs to, when it is specific to one.
    pub(crate) fn framework_hint(self) -> Option<Framework> {
        match self {
            AreaWord::Lmg | AreaWord::Permanence | AreaWord::Adoption | AreaWord::Lscb => {
                Some(Framework::Sif)
            }
            AreaWord::ImpactOfLeaders | AreaWord::InCareAndLeavers => Some(Framework::Ilacs),
            _ => None,
        }
    }
}

/// Area phrases, longest and most specific first (leftmost-first alternation).
const AREA_PATTERNS: &[(&str, AreaWord)] = &[
    (
        r"overall\s+effectiveness|overall\s+judgement|overall\s+grade",
        AreaWord::Overall,
    ),
    (
        r"impact\s+of\s+(?:the\s+)?leaders(?:\s+on\s+social\s+work\s+practice(?:\s+with\s+children\s+and\s+families)?)?",
        AreaWord::ImpactOfLeaders,
    ),
    (
        r"leadership,?\s+management,?\s+and\s+governance",
        AreaWord::Lmg,
    ),
    (
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?(?:children\s+in\s+care|looked[\s-]+after\s+children|children\s+looked\s+after)\s+and\s+care\s+leavers",
        AreaWord::InCareAndLeavers,
    ),
    (
        r"children\s+looked\s+after\s+and\s+achieving\s+permanence|children\s+(?:requiring|needing|who\s+need|who\s+require)\s+permanence|(?:achieving\s+)?permanence",
        AreaWord::Permanence,
    ),
    (
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?children\s+(?:who\s+need|in\s+need\s+of|needing|who\s+require)\s+help\s+and\s+protection|help\s+and\s+protection|child\s+protection",
        AreaWord::HelpProtection,
    ),
    (
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?care\s+leavers|care\s+leaving\s+services?|leaving\s+care\s+services?",
        AreaWord::CareLeavers,
    ),
    (
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?(?:children\s+in\s+care|looked[\s-]+after\s+children|children\s+looked\s+after)",
        AreaWord::InCare,
    ),
    (r"adoption(?:\s+performance)?", AreaWord::Adoption),
    (
        r"(?:(?:the\s+)?effectiveness\s+of\s+the\s+)?(?:local\s+)?safeguarding\s+children(?:['’]s)?\s+board(?:\s*\(LSCB\))?|LSCB",
        AreaWord::Lscb,
    ),
    (
        r"capacity\s+(?:to|for)\s+improve(?:ment)?",
        AreaWord::Capacity,
    ),
    (r"leadership", AreaWord::Leadership),
    (
        r"children['’]s\s+services|children['’]s\s+social\s+care(?:\s+services)?",
        AreaWord::ChildrensServices,
    ),
];

static AREA_RE: Lazy = LazyLock::new(|| {
    let alts: Vec<String> = AREA_PATTERNS
        .iter()
        .map(|(p, _)| format!("({p})"))
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", alts.join("|"))).ok()
});

/// One area phrase found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AreaHit {
    /// Which area.
    pub word: AreaWord,
    /// Byte span (relative to the searched text).
    pub start: usize,
    /// Span end.
    pub end: usize,
}

/// Every non-overlapping area phrase in `text`, in order.
pub(crate) fn find_areas(text: &str) -> Vec<AreaHit> {
    let Some(r) = re(&AREA_RE) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for caps in r.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        let word = AREA_PATTERNS
            .iter()
            .enumerate()
            .find(|(i, _)| caps.get(i + 1).is_some())
            .map(|(_, (_, w))| *w);
        if let Some(word) = word {
            out.push(AreaHit {
                word,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

/// Grade words in running text.
pub(crate) static GRADE_RE: Lazy = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|adequate)\b",
    )
    .ok()
});

static GRADE_NUM_RE: Lazy =
    LazyLock::new(|| Regex::new(r"(?i)\(?\s*grade\s*[1-4]\s*\)?|\(\s*|\s*\)").ok());

/// Parses a whole grade cell or phrase ("Outstanding", "Requires improvement to be good",
/// "Inadequate Grade 4", "Grade 3 (Adequate)", "'good'").
pub(crate) fn parse_grade(s: &str) -> Option<Grade> {
    let stripped = match re(&GRADE_NUM_RE) {
        Some(r) => r.replace_all(s, " ").into_owned(),
        None => s.to_owned(),
    };
    let norm: String = stripped
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = norm.split_whitespace().collect();
    match words.as_slice() {
        ["outstanding"] => Some(Grade::Outstanding),
        ["good"] => Some(Grade::Good),
        ["adequate"] => Some(Grade::Adequate),
        ["inadequate"] => Some(Grade::Inadequate),
        ["requires" | "require", "improvement"]
        | ["requires" | "require", "improvement", "to", "be", "good"] => {
            Some(Grade::RequiresImprovement)
        }
        _ => None,
    }
}

/// Every regex of this module (for the compile test).
#[cfg(test)]
pub(crate) fn all_regexes() -> Vec<&'static Lazy> {
    vec![&AREA_RE, &GRADE_RE, &GRADE_NUM_RE]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        for r in all_regexes() {
            assert!(r.is_some());
        }
    }

    #[test]
    fn grades_parse() {
        assert_eq!(parse_grade("Outstanding"), Some(Grade::Outstanding));
        assert_eq!(parse_grade(" ‘good’ "), Some(Grade::Good));
        assert_eq!(
            parse_grade("Requires improvement to be good"),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(parse_grade("Inadequate Grade 4"), Some(Grade::Inadequate));
        assert_eq!(parse_grade("Grade 3 (Adequate)"), Some(Grade::Adequate));
        assert_eq!(parse_grade("Grade"), None);
        assert_eq!(parse_grade("good services"), None);
    }

    #[test]
    fn areas_longest_first() {
        let t = "rated leadership, management and governance and adoption services as outstanding while child protection, children requiring permanence and care leavers services";
        let w: Vec<AreaWord> = find_areas(t).iter().map(|h| h.word).collect();
        assert_eq!(
            w,
            vec![
                AreaWord::Lmg,
                AreaWord::Adoption,
                AreaWord::HelpProtection,
                AreaWord::Permanence,
                AreaWord::CareLeavers
            ]
        );
        let t = "The experiences and progress of children in care and care leavers";
        assert_eq!(
            find_areas(t).first().map(|h| h.word),
            Some(AreaWord::InCareAndLeavers)
        );
        let t = "The experiences and progress of children in care";
        assert_eq!(
            find_areas(t).first().map(|h| h.word),
            Some(AreaWord::InCare)
        );
    }
}
