//! The judgement vocabulary shared by every reader of the crate: judgement-area labels and
//! phrases with their canonical area keys, and grade words.
//!
//! - [`label_at`]: a printed judgement label (table cell, heading) starting at a position,
//!   as the report readers use it ("The experiences and progress of children in care").
//! - [`find_areas`]: every area phrase in running text or a heading, before the framework
//!   is known ([`AreaWord`]); the printed labels plus the prose synonyms news and committee
//!   papers use ("child protection", "children requiring permanence").
//! - [`GRADE_WORDS`], [`GRADE_RE`], [`parse_grade`]: grade words and whole grade phrases
//!   ("Requires improvement to be good", "Grade 3 (Adequate)", "Inadequate Grade 4").

use crate::{Lazy, re};
use ofsted_model::vocab::{Area, Framework, Grade};
use regex::Regex;
use std::sync::LazyLock;

/// A judgement area as named in a document, before the framework is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AreaWord {
    /// Overall effectiveness / overall judgement.
    Overall,
    /// "in all areas", "all five judgements": every judgement of the inspection's framework
    /// (the caller expands it; alone it reads as the overall judgement).
    AllAreas,
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
    /// Older looked-after-children frameworks: outcomes for looked after children and young
    /// people (printed label only).
    OutcomesLac,
    /// Older frameworks: quality of provision (printed label only).
    QualityOfProvision,
    /// Older frameworks: leadership and management (printed label only).
    LeadershipAndManagement,
}

impl AreaWord {
    /// Canonical area key (SIF vocabulary when `sif_like`).
    pub(crate) fn key(self, sif_like: bool) -> Area {
        match self {
            AreaWord::Overall | AreaWord::ChildrensServices | AreaWord::AllAreas => {
                Area::OverallEffectiveness
            }
            AreaWord::ImpactOfLeaders => Area::ImpactOfLeaders,
            AreaWord::Lmg => Area::LeadershipManagementGovernance,
            AreaWord::Leadership => {
                if sif_like {
                    Area::LeadershipManagementGovernance
                } else {
                    Area::ImpactOfLeaders
                }
            }
            AreaWord::HelpProtection => Area::HelpAndProtection,
            AreaWord::InCareAndLeavers => Area::ChildrenInCareAndCareLeavers,
            AreaWord::InCare => {
                if sif_like {
                    Area::LookedAfterAndPermanence
                } else {
                    Area::ChildrenInCare
                }
            }
            AreaWord::Permanence => Area::LookedAfterAndPermanence,
            AreaWord::CareLeavers => Area::CareLeavers,
            AreaWord::Adoption => Area::Adoption,
            AreaWord::Lscb => Area::Lscb,
            AreaWord::Capacity => Area::CapacityForImprovement,
            AreaWord::OutcomesLac => {
                Area::Other("outcomes_for_looked_after_children_and_young_people".into())
            }
            AreaWord::QualityOfProvision => Area::Other("quality_of_provision".into()),
            AreaWord::LeadershipAndManagement => Area::Other("leadership_and_management".into()),
        }
    }

    /// The framework whose vocabulary this word belongs to, when it is specific to one.
    /// Word-level, unlike [`Area::framework`] (key-level): the word "children in care"
    /// ([`AreaWord::InCare`]) is shared, a SIF report's is `looked_after_and_permanence`,
    /// so it hints at no framework, while its ILACS key `children_in_care` implies ILACS.
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

/// Printed judgement labels as they open a table cell or heading, in priority order (the
/// first that matches at a position wins, so longer labels come first). Keys are read with
/// `sif_like = false`: "children in care" here is the ILACS label.
const LABELS: &[(AreaWord, &str)] = &[
    (
        AreaWord::ImpactOfLeaders,
        r"(?:the\s+)?impact\s+of\s+leaders\s+on\s+social\s+work\s+practice(?:\s+with\s+children\s+and\s+families)?",
    ),
    (
        AreaWord::InCareAndLeavers,
        r"(?:the\s+)?experiences?\s+and\s+progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers",
    ),
    (
        AreaWord::HelpProtection,
        r"(?:the\s+)?experiences?\s+and\s+progress\s+of\s+children\s+who\s+need\s+help\s+and\s+protection",
    ),
    (
        AreaWord::InCare,
        r"(?:the\s+)?experiences?\s+and\s+progress\s+of\s+children\s+in\s+care",
    ),
    (
        AreaWord::CareLeavers,
        // "of children care leavers" is a printed variant (Bradford 2026)
        r"(?:the\s+)?experiences?\s+and\s+progress\s+of\s+(?:children\s+)?care\s+leavers",
    ),
    (
        AreaWord::HelpProtection,
        r"children\s+who\s+need\s+help\s+and\s+protection",
    ),
    (
        AreaWord::Permanence,
        r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
    ),
    (AreaWord::Adoption, r"adoption\s+performance"),
    (
        AreaWord::Lmg,
        r"leadership,?\s+management\s+and\s+governance",
    ),
    (AreaWord::Overall, r"overall\s+effectiveness"),
    (
        AreaWord::Lscb,
        r"(?:the\s+)?effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s*\(lscb\))?",
    ),
    (
        AreaWord::Capacity,
        r"capacity\s+(?:to|for)\s+improve(?:ment)?",
    ),
    (
        AreaWord::OutcomesLac,
        r"outcomes\s+for\s+looked\s+after\s+children\s+and\s+young\s+people",
    ),
    (AreaWord::QualityOfProvision, r"quality\s+of\s+provision"),
    (
        AreaWord::LeadershipAndManagement,
        r"leadership\s+and\s+management",
    ),
];

static LABEL_RES: LazyLock<Vec<(AreaWord, Regex)>> = LazyLock::new(|| {
    LABELS
        .iter()
        .filter_map(|(w, p)| {
            crate::rx::new(&format!(r"(?i)^(?:{p})\b"))
                .ok()
                .map(|r| (*w, r))
        })
        .collect()
});

/// The canonical area of the printed judgement label starting at byte `p` of `text`, and
/// the byte offset where the label ends.
pub(crate) fn label_at(text: &str, p: usize) -> Option<(Area, usize)> {
    let rest = text.get(p..)?;
    LABEL_RES
        .iter()
        .find_map(|(w, re)| re.find(rest).map(|m| (w.key(false), p + m.end())))
}

/// Area phrases of running text and headings, longest and most specific first
/// (leftmost-first alternation): the label forms, then the prose synonyms of the same area
/// (news and committee papers: "child protection", "children requiring permanence", "care
/// leaving services"). Each row is tried as `labels|synonyms` in this order.
const PHRASES: &[(AreaWord, &str, Option<&str>)] = &[
    (
        AreaWord::Overall,
        r"overall\s+effectiveness",
        Some(r"overall\s+judgement|overall\s+grade"),
    ),
    (
        AreaWord::ImpactOfLeaders,
        r"impact\s+of\s+(?:the\s+)?(?:senior\s+)?leaders(?:\s+on\s+social\s+work\s+practice(?:\s+with\s+children\s+and\s+families)?)?",
        None,
    ),
    (
        AreaWord::Lmg,
        r"leadership,?\s+management,?\s+and\s+governance",
        None,
    ),
    (
        AreaWord::InCareAndLeavers,
        r#"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?(?:children\s+in\s+care|looked[\s-]+after[’”'"]?\s+children|children\s+looked\s+after)\s+and\s+care\s+leavers"#,
        None,
    ),
    (
        AreaWord::Permanence,
        r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
        Some(
            r"children\s+(?:requiring|needing|who\s+need|who\s+require)\s+permanence|(?:achieving\s+)?permanence",
        ),
    ),
    (
        AreaWord::HelpProtection,
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?children\s+(?:who\s+need|in\s+need\s+of|needing|who\s+require)\s+help\s+and\s+protection|help\s+and\s+protection",
        Some(r"child\s+protection"),
    ),
    (
        AreaWord::CareLeavers,
        r"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+(?:children\s+)?)?care\s+leavers",
        Some(
            r"(?:(?:the\s+)?experiences\s+(?:and\s+progress\s+)?of\s+)?(?:children|young\s+people)\s+leaving\s+care|care\s+leaving\s+services?|leaving\s+care\s+services?",
        ),
    ),
    (
        AreaWord::InCare,
        r#"(?:(?:the\s+)?experiences\s+and\s+progress\s+of\s+)?(?:children\s+in\s+care|looked[\s-]+after[’”'"]?\s+children|children\s+looked\s+after)"#,
        None,
    ),
    (AreaWord::Adoption, r"adoption(?:\s+performance)?", None),
    (
        AreaWord::Lscb,
        r"(?:(?:the\s+)?effectiveness\s+of\s+the\s+)?(?:local\s+)?safeguarding\s+children(?:['’]s)?\s+board(?:\s*\(LSCB\))?|LSCB",
        None,
    ),
    (
        AreaWord::Capacity,
        r"capacity\s+(?:to|for)\s+improve(?:ment)?",
        None,
    ),
    (AreaWord::Leadership, r"leadership", None),
    (
        AreaWord::ChildrensServices,
        r"children['’]s\s+services?|children['’]s\s+social\s+care(?:\s+services)?|children\s+and\s+famil(?:y|ies)(?:['’]s?)?\s+services?",
        // a CHILDREN_GROUP_RE group after it is the group's area, not the services
        Some(
            r"services\s+for\s+(?:vulnerable\s+)?children(?:\s+and\s+(?:young\s+people|families))?",
        ),
    ),
];

static AREA_RE: Lazy = LazyLock::new(|| {
    let alts: Vec<String> = PHRASES
        .iter()
        .map(|(_, p, syn)| match syn {
            Some(s) => format!("({p}|{s})"),
            None => format!("({p})"),
        })
        .collect();
    crate::rx::new(&format!(r"(?i)\b(?:{})\b", alts.join("|"))).ok()
});

/// What may follow "services for children" and make the children a judged group ("services
/// for children in care", "... who need help and protection").
static CHILDREN_GROUP_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s+(?:in\s+care|in\s+need|who\b|looked|needing|requiring|and\s+care\s+leavers|leaving\s+care)",
    )
    .ok()
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
    let mut pos = 0;
    while let Some(caps) = r.captures_at(text, pos) {
        let Some(m) = caps.get(0) else { break };
        pos = m.end().max(m.start() + 1);
        let word = PHRASES
            .iter()
            .enumerate()
            .find(|(i, _)| caps.get(i + 1).is_some())
            .map(|(_, (w, _, _))| *w);
        if let Some(restart) = children_group(text, m.start(), m.end(), word) {
            pos = restart;
            continue;
        }
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

/// "services for children in care": where to read again (at "children") when a
/// children's-services hit `start..end` is followed by a judged group of children.
fn children_group(text: &str, start: usize, end: usize, word: Option<AreaWord>) -> Option<usize> {
    if word != Some(AreaWord::ChildrensServices) {
        return None;
    }
    let hit = text.get(start..end)?;
    if !hit.to_lowercase().starts_with("services") {
        return None;
    }
    let after = text.get(end..)?;
    re(&CHILDREN_GROUP_RE)?.is_match(after).then_some(())?;
    hit.to_lowercase().find("children").map(|i| start + i)
}

/// Grade words as a regex alternation (no anchors, no group).
pub(crate) const GRADE_WORDS: &str =
    r"requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good";

/// Grade words in running text.
pub(crate) static GRADE_RE: Lazy =
    LazyLock::new(|| crate::rx::new(&format!(r"(?i)\b(?:{GRADE_WORDS})\b")).ok());

static GRADE_NUM_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)\(?\s*grade\s*[1-4]\s*\)?|\(\s*|\s*\)").ok());

/// Parses a whole grade cell or phrase ("Outstanding", "Requires improvement to be good",
/// "Requires\nimprovement to be\ngood", "Inadequate Grade 4", "Grade 3 (Adequate)",
/// "'good'"); `None` for anything else ("good services").
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

crate::rx::register!(
    LABEL_RES,
    AREA_RE,
    CHILDREN_GROUP_RE,
    GRADE_RE,
    GRADE_NUM_RE
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        assert_eq!(LABEL_RES.len(), LABELS.len());
    }

    #[test]
    fn grades_parse() {
        assert_eq!(parse_grade("Outstanding"), Some(Grade::Outstanding));
        assert_eq!(parse_grade(" ‘good’ "), Some(Grade::Good));
        assert_eq!(
            parse_grade("Requires improvement to be good"),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(
            parse_grade("Requires\nimprovement to be\ngood"),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(
            parse_grade("require improvement"),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(parse_grade("Inadequate Grade 4"), Some(Grade::Inadequate));
        assert_eq!(parse_grade("Grade 3 (Adequate)"), Some(Grade::Adequate));
        assert_eq!(parse_grade("Good (grade 2)"), Some(Grade::Good));
        assert_eq!(parse_grade("Adequate"), Some(Grade::Adequate));
        assert_eq!(parse_grade("Grade"), None);
        assert_eq!(parse_grade("nothing"), None);
        assert_eq!(parse_grade("good services"), None);
    }

    #[test]
    fn labels_map_to_keys() {
        let t = "The experiences and progress of children in care\tGood";
        assert_eq!(label_at(t, 0).map(|x| x.0), Some(Area::ChildrenInCare));
        let t = "Leadership and management  Good";
        assert_eq!(
            label_at(t, 0).map(|x| x.0),
            Some(Area::Other("leadership_and_management".into()))
        );
        assert_eq!(label_at("Adoption services", 0), None);
    }

    #[test]
    fn services_for_children_and_prose_variants() {
        let words = |t: &str| find_areas(t).iter().map(|h| h.word).collect::<Vec<_>>();
        assert_eq!(
            words("services for children and families in Barset"),
            vec![AreaWord::ChildrensServices]
        );
        assert_eq!(
            words("its services for vulnerable children"),
            vec![AreaWord::ChildrensServices]
        );
        // a judged group of children is its own area, not the services
        assert_eq!(
            words("Services for children in care and for care leavers"),
            vec![AreaWord::InCare, AreaWord::CareLeavers]
        );
        assert_eq!(
            words("services for children who need help and protection"),
            vec![AreaWord::HelpProtection]
        );
        assert_eq!(
            words("the first children’s service to be moved"),
            vec![AreaWord::ChildrensServices]
        );
        assert_eq!(
            words("The impact of senior leaders on social work practice"),
            vec![AreaWord::ImpactOfLeaders]
        );
        assert_eq!(words("“looked after” children"), vec![AreaWord::InCare]);
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
        // printed with a stray "children" in a 2026 judgement table
        let t = "The experiences and progress of children care leavers";
        assert_eq!(
            find_areas(t).first().map(|h| h.word),
            Some(AreaWord::CareLeavers)
        );
        assert_eq!(label_at(t, 0), Some((Area::CareLeavers, t.len())));
    }
}
