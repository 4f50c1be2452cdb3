//! Is an inspection word about an Ofsted inspection of an authority's children's services?
//!
//! Council papers use "inspection", "inspector" and "visit" for many things: a planning
//! inspector's examination of a local plan, Ofsted inspections of schools and early-years
//! settings, CQC or HMI Probation inspections of other services, Area SEND inspections (a
//! framework of their own), audits, highway and tunnel inspections. Only an Ofsted
//! inspection or visit of the authority's children's services (ILACS, SIF, safeguarding and
//! looked after children, unannounced contact/referral/assessment, focused or monitoring
//! visit, JTAI) may become an inspection.
//!
//! The decision is per sentence: a framework name that only children's services have (ILACS,
//! SIF, a focused visit, a JTAI, "inspection of safeguarding and looked after children")
//! is in scope; any other inspection word needs children's-services words in its sentence
//! or the paragraph before it, and is out of scope when the words nearest to it name
//! something else.

use super::Kind;
use crate::{Lazy, re};
use std::sync::LazyLock;

/// The scope of one anchor group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// An Ofsted inspection or visit of the authority's children's services.
    ChildrensServices,
    /// Another kind of inspection: what it is about.
    Other(&'static str),
    /// No word says what is inspected.
    Unclear,
}

/// Words that tie an inspection to children's social care.
static CHILDRENS_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\bchildren['’]?s?\s+(?:social\s+care\s+)?services\b|\bchildren['’]s\s+social\s+(?:care|work)\b|\bsocial\s+care\s+(?:services\s+)?for\s+children\b|\bservices\s+for\s+children\b|\bchildren\s+and\s+famil(?:y|ies)(?:['’]s?)?\s+services?\b|\bsafeguarding\s+(?:and|&)\s+looked\b|\blooked[\s-]+after\s+children\b|\bchildren\s+in\s+care\b|\bcare\s+leavers?\b|\bchild\s+protection\b|\bchildren\s+in\s+need\b|\bhelp\s+and\s+protection\b|\bILACS\b|\bsingle\s+inspection\s+framework\b|\bcontact,?\s+referral\s+and\s+assessment\b|\bfront\s+door\b|\bMASH\b|\bfocused\s+visit\b|\bjoint\s+targeted\s+area\b",
    )
    .ok()
});

/// Inspections and inspectors of anything else, each with a short label for the note.
static OTHER_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)(\bplanning\s+inspector(?:ate)?\b|\binspector['’]?s?\s+report\s+on\s+the\s+examination\b|\bexamination\s+(?:in\s+public|of\s+the\s+(?:local\s+)?plan)\b|\blocal\s+plan\b|\bappointed\s+by\s+the\s+secretary\s+of\s+state\b)|(\bschools?\b|\bacadem(?:y|ies)\b|\bpupils?\b|\bheadteachers?\b|\bcolleges?\b|\bfurther\s+education\b|\breport\s+cards?\b|\beducation\s+settings?\b)|(\bearly[\s-]+years\b|\bnurser(?:y|ies)\b|\bchildminders?\b|\bpre-?schools?\b)|(\bCQC\b|\bCare\s+Quality\s+Commission\b|\bHMI\s*Probation\b|\bHMIP\b|\bprobation\b|\bprisons?\b|\bHMICFRS\b|\bconstabulary\b|\bfire\s+and\s+rescue\b|\badult\s+social\s+care\b|\bcare\s+homes?\b|\bhospitals?\b|\bGP\s+practices?\b)|(\barea\s+SEND\b|\bSEND\s+(?:re-?)?inspections?\b|\blocal\s+area\s+partnership\b|\bspecial\s+educational\s+needs\b)|(\baudits?\b|\bauditors?\b|\bhighways?\b|\btunnels?\b|\bbridges?\b|\bdefects?\b|\bstatutory\s+inspections\b|\bfood\s+(?:hygiene|safety)\b|\btrading\s+standards\b|\blicen[cs]ing\b|\bbuilding\s+control\b|\bfire\s+safety\b|\bhealth\s+and\s+safety\b|\basbestos\b|\bvehicles?\b|\bRC\s+inspectors?\b|\bpublic\s+rights?\s+of\s+way\b)|(\bchildren['’]s\s+(?:residential\s+)?homes?\b|\bresidential\s+homes?\b|\bfostering\s+agenc(?:y|ies)\b|\bsecure\s+(?:children['’]s\s+)?homes?\b|\bresidential\s+(?:special\s+)?schools?\b|\bproviders?\b)",
    )
    .ok()
});

const OTHER_LABELS: [&str; 7] = [
    "planning inspector",
    "school or college inspection",
    "early-years inspection",
    "inspection by another inspectorate or of another service",
    "Area SEND inspection",
    "audit or inspection of something else",
    "inspection of a children's home or provider",
];

/// Frameworks that exist only for an authority's children's services.
fn kind_is_specific(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::FocusedVisit
            | Kind::Jtai
            | Kind::Ilacs
            | Kind::Sif
            | Kind::SafeguardingLac
            | Kind::LacOnly
    )
}

/// The nearest out-of-scope match to `pos` in `text` (offsets relative to `text`), with its
/// label and distance.
fn nearest_other(text: &str, pos: usize) -> Option<(&'static str, usize)> {
    let r = re(&OTHER_RE)?;
    r.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let label_idx = (1..=OTHER_LABELS.len()).find(|&i| c.get(i).is_some())?;
            let label = OTHER_LABELS.get(label_idx - 1)?;
            Some((*label, distance(m.start(), m.end(), pos)))
        })
        .min_by_key(|x| x.1)
}

fn nearest_childrens(text: &str, pos: usize) -> Option<usize> {
    let r = re(&CHILDRENS_RE)?;
    r.find_iter(text)
        .map(|m| distance(m.start(), m.end(), pos))
        .min()
}

fn distance(start: usize, end: usize, pos: usize) -> usize {
    if pos < start {
        start - pos
    } else {
        pos.saturating_sub(end)
    }
}

/// The scope of an anchor of `kind` at byte `pos` of `sentence` (offsets relative to it),
/// with `context` the text before the sentence in its paragraph (may be empty).
pub(crate) fn scope_of(sentence: &str, pos: usize, kind: Kind, context: &str) -> Scope {
    let other = nearest_other(sentence, pos);
    let childrens = nearest_childrens(sentence, pos);
    if kind_is_specific(kind) {
        return Scope::ChildrensServices;
    }
    match (childrens, other) {
        (Some(c), Some((label, o))) => {
            if c <= o {
                Scope::ChildrensServices
            } else {
                Scope::Other(label)
            }
        }
        (Some(_), None) => Scope::ChildrensServices,
        (None, Some((label, _))) => Scope::Other(label),
        (None, None) => {
            if title_names_other(context) {
                Scope::Other(OTHER_LABELS[6])
            } else if re(&CHILDRENS_RE).is_some_and(|r| r.is_match(context)) {
                Scope::ChildrensServices
            } else {
                Scope::Unclear
            }
        }
    }
}

/// The inspection of a regulated service or a school as a paper's or story's title
/// ("Ofsted Inspection Report of the Fostering Service", "... adoption agency rated good").
static OTHER_TITLE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\binspection(?:\s+report)?\s+of\s+(?:the\s+|an?\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?(?:fostering|adoption)\s+(?:service|agency)\b|\b(?:fostering|adoption)\s+agenc(?:y|ies)\b|\bchildren['’]s\s+(?:residential\s+)?homes?\b|\bresidential\s+homes?\b|\bschools?\b|\bnurser(?:y|ies)\b|\bacadem(?:y|ies)\b",
    )
    .ok()
});

/// How many of a document's first lines make its title (a label such as "Agenda item" may
/// stand above it).
const TITLE_LINES: usize = 3;

/// Whether one of the document's title lines (the start of `context`) names another
/// service's inspection and not an authority's children's services.
fn title_names_other(context: &str) -> bool {
    context
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .any(|l| {
            re(&OTHER_TITLE_RE).is_some_and(|r| r.is_match(l))
                && !re(&CHILDRENS_RE).is_some_and(|r| r.is_match(l))
        })
}

/// Whether `text` names another kind of inspected service or body (a school, nursery,
/// children's home, hospital, …): a grade whose sentence does so may be that one's.
pub(crate) fn names_other_service(text: &str) -> bool {
    re(&OTHER_RE).is_some_and(|r| r.is_match(text))
}

/// Whether `text` names an authority's children's services (or its social care words).
pub(crate) fn names_childrens_services(text: &str) -> bool {
    re(&CHILDRENS_RE).is_some_and(|r| r.is_match(text))
}

static OFSTED_RE: Lazy = LazyLock::new(|| crate::rx::new(r"\bOfsted\b|\bOFSTED\b").ok());

/// Whether the document as a whole speaks of an authority's children's services and
/// Ofsted: needed before grades without any named inspection make one.
pub(crate) fn document_in_scope(text: &str) -> bool {
    let childrens = re(&CHILDRENS_RE).is_some_and(|r| r.is_match(text));
    let ofsted = re(&OFSTED_RE).is_some_and(|r| r.is_match(text));
    childrens && ofsted
}

crate::rx::register!(CHILDRENS_RE, OTHER_RE, OTHER_TITLE_RE, OFSTED_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn at(s: &str, word: &str, kind: Kind) -> Scope {
        let pos = s.find(word).unwrap();
        scope_of(s, pos, kind, "")
    }

    #[test]
    fn planning_inspector_is_out() {
        let s = "On 10 September 2024, the Planning Inspector convened public hearings on the local plan.";
        assert_eq!(
            at(s, "Inspector", Kind::Generic),
            Scope::Other("planning inspector")
        );
    }

    #[test]
    fn school_inspections_are_out() {
        let s = "From 1st September 2024, Ofsted inspections of state-funded schools no longer include a grade.";
        assert_eq!(
            at(s, "inspections", Kind::Generic),
            Scope::Other("school or college inspection")
        );
    }

    #[test]
    fn childrens_services_inspection_is_in() {
        let s = "Ofsted inspected the council's children's services in March 2025.";
        assert_eq!(at(s, "inspected", Kind::Generic), Scope::ChildrensServices);
        let s2 = "The ILACS inspection of schools and social care";
        assert_eq!(at(s2, "ILACS", Kind::Ilacs), Scope::ChildrensServices);
    }

    #[test]
    fn nearest_words_decide() {
        let s = "Children's services were praised, while the CQC inspection of the hospital found problems.";
        assert!(matches!(
            at(s, "inspection", Kind::Generic),
            Scope::Other(_)
        ));
    }

    #[test]
    fn context_helps_bare_words() {
        let s = "Inspectors visited in May 2019.";
        assert_eq!(
            scope_of(s, 0, Kind::Generic, "Children's social care in Barset"),
            Scope::ChildrensServices
        );
        assert_eq!(scope_of(s, 0, Kind::Generic, ""), Scope::Unclear);
    }

    #[test]
    fn document_scope() {
        assert!(document_in_scope(
            "Ofsted rated Barset's children's services good."
        ));
        assert!(!document_in_scope(
            "Ofsted inspections of schools changed in 2024."
        ));
    }
}
