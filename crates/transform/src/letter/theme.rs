//! The focus of a visit or joint inspection: as printed, and as a theme key.
//!
//! Focused and monitoring visits say it in their opening: "Inspectors looked at (considered,
//! evaluated, reviewed) the local authority's arrangements for <focus>." The focus ends at
//! the sentence end or before ", with a particular focus on", ", assessing ...", ", in
//! accordance with ...". When that focus is the framework's generic "children who need help
//! and protection", the next sentence's "Specifically, inspectors looked at <focus>" is
//! the real one. Visits of 2020–21 without such a sentence that open with Ofsted's work on
//! the COVID-19 pandemic have the theme `pandemic_response`. JTAI letters name the theme
//! after "joint targeted area inspection (JTAI) of" or in their subject line ("Joint
//! targeted area inspection of the multi-agency response to abuse and neglect in ...").
//!
//! Other wordings ("This visit looked at ...", "The focus of the visit was ...", a focus
//! printed as a list, a heading naming it) are read by [`forms`].
//!
//! Keys follow Ofsted's official statistics' "Visit Theme" values: "Front door",
//! "Children in need/subject to a plan", "Children in care", "Care leavers", "Achieving
//! permanence" and "Vulnerable adolescents" (`other:vulnerable_adolescents`).

mod forms;

use crate::{Spanned, floor_boundary, squash};
use ofsted_model::vocab::Theme;
use regex::Regex;
use std::sync::LazyLock;

/// Who looks at the focus: "Inspectors", "This (focused, monitoring) visit".
const SUBJECT: &str = r"(?:inspectors|(?:this|the)\s+(?:focused\s+|monitoring\s+)?visit)";

/// How the opening says it: "looked at", "evaluated", "explored", "scrutinised", ...
const VERB: &str = r"(?:looked\s+(?:closely\s+)?at|considered|evaluated|reviewed|focus(?:s)?ed\s+on|concentrated\s+on|examined|explored|assessed|scrutini[sz]ed)";

/// "the progress made (by the local authority) (since the last inspection) in (relation
/// to)", "the local authority's progress in" (monitoring visits).
const PROGRESS: &str = r"(?:the\s+local\s+authority['’]s\s+|the\s+)?progress\s+(?:made\s+)?(?:by\s+the\s+local\s+authority\s+)?(?:since\s+the\s+(?:last\s+)?inspection\s+)?(?:in\s+relation\s+to|in|for|on|with)\s+";

/// "the local authority's arrangements for".
const ARRANGEMENTS: &str =
    r"the\s+local\s+authority['’]s\s+arrangements\s+(?:for|at|in\s+relation\s+to)\s+";

static FOCUS_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b{SUBJECT}\s+{VERB}\s+(?:{PROGRESS}(?:{ARRANGEMENTS})?|{ARRANGEMENTS})"
    ))
    .ok()
});

/// The plainer openings some visits use instead of "the local authority's arrangements
/// for": "Inspectors looked at the arrangements for contacts and referrals …",
/// "Inspectors evaluated the quality of care planning for children in care …". Tried only
/// when [`FOCUS_RE`] and the pandemic opening find nothing.
static LOOSE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b{SUBJECT}\s+{VERB}\s+(?:{PROGRESS})?(?:the\s+arrangements\s+(?:for|at|in\s+relation\s+to)\s+)?"
    ))
    .ok()
});

static SPECIFIC_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\bSpecifically,\s+(?:the\s+)?inspectors\s+(?:looked\s+at|considered|evaluated|reviewed)\s+").ok()
});

static CUT_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i),?\s+(?:with\s+(?:a|the)\s+(?:particular|specific|specified)\s+focus|assessing\b|in\s+accordance\s+with|namely\b|specifically\s*:)|:|\.(?:\s|$)|\n[ \t]*\n").ok()
});

static PANDEMIC_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)how\s+England['’]s\s+social\s+care\s+system\s+has\s+delivered\s+[^.]{0,300}?\b(?:COVID-19|coronavirus)(?:\s+\(coronavirus\))?\s+pandemic").ok()
});

/// How far after the salutation the focus may be (bytes).
const WINDOW: usize = 3000;

/// The text from `at` to the end of the focus phrase.
fn focus_at(text: &str, at: usize) -> Option<Spanned<String>> {
    let hi = floor_boundary(text, at + 600);
    let rest = text.get(at..hi)?;
    let end = CUT_RE
        .as_ref()
        .and_then(|re| re.find(rest))
        .map_or(rest.len(), |m| m.start());
    let raw = rest.get(..end)?.trim_end_matches([',', ';', ' ', '\n']);
    let value = squash(raw);
    if value.is_empty() || value.split_whitespace().count() > 60 {
        return None;
    }
    Some(Spanned {
        value,
        start: at,
        end: at + raw.len(),
    })
}

/// A focused or monitoring visit's focus as printed, searched after `from`: the first of
/// the forms below that the opening uses.
pub fn visit_focus(text: &str, from: usize) -> Option<Spanned<String>> {
    let hi = floor_boundary(text, from + WINDOW);
    let win = text.get(from..hi)?;
    arrangements_focus(text, from, win)
        .or_else(|| forms::focus_of_visit(text, from, win))
        .or_else(|| pandemic_focus(from, win))
        .or_else(|| loose_focus(text, from, win))
        .or_else(|| forms::listed_focus(text, from, win))
        .or_else(|| forms::heading_focus(text, from, win))
}

/// "Inspectors looked at the local authority's arrangements for <focus>", with the
/// "Specifically, ..." sentence after a generic focus.
fn arrangements_focus(text: &str, from: usize, win: &str) -> Option<Spanned<String>> {
    let m = FOCUS_RE.as_ref()?.find(win)?;
    let first = focus_at(text, from + m.end())?;
    if forms::is_list_intro(&first.value) || forms::is_generic(&first.value) {
        return None;
    }
    let generic = first
        .value
        .to_lowercase()
        .starts_with("children who need help and protection");
    if generic
        && let Some(s) = SPECIFIC_RE.as_ref().and_then(|re| re.find(win))
        && let Some(spec) = focus_at_including(text, from + s.end())
    {
        return Some(spec);
    }
    Some(cut_including(text, first, true))
}

/// The pandemic visits of 2020–21 ("... how England's social care system has delivered
/// child-centred practice and care ... during the COVID-19 pandemic").
fn pandemic_focus(from: usize, win: &str) -> Option<Spanned<String>> {
    let m = PANDEMIC_RE.as_ref()?.find(win)?;
    Some(Spanned {
        value: squash(m.as_str()),
        start: from + m.start(),
        end: from + m.end(),
    })
}

/// A plainer opening: "Inspectors evaluated the quality of care planning for ...", "This
/// visit looked at children in care"; sentences about the evidence seen are passed over.
fn loose_focus(text: &str, from: usize, win: &str) -> Option<Spanned<String>> {
    for m in LOOSE_RE.as_ref()?.find_iter(win) {
        let Some(first) = focus_at(text, from + m.end()) else {
            continue;
        };
        if let Some(f) = forms::focus_after_generic(text, &first) {
            return Some(f);
        }
        if forms::is_list_intro(&first.value)
            || forms::is_method(&first.value)
            || forms::is_generic(&first.value)
        {
            continue;
        }
        return Some(cut_including(text, first, true));
    }
    None
}

/// Like [`focus_at`] but also ending before ", including" (the "Specifically, ..."
/// sentence goes on with details).
fn focus_at_including(text: &str, at: usize) -> Option<Spanned<String>> {
    let f = focus_at(text, at)?;
    Some(cut_including(text, f, false))
}

/// The focus without its ", including ..." tail: always (`only_lists` false), or only
/// when the tail lists several aspects looked at, itself split by commas ("care leavers
/// aged 18 to 25 years old, including support into adulthood, ‘staying close’ and in
/// touch, and care leavers with specific needs"); a single qualifier stays part of the
/// focus ("children in care, including disabled children").
fn cut_including(text: &str, f: Spanned<String>, only_lists: bool) -> Spanned<String> {
    const INCL: &str = ", including";
    let Some(i) = f.value.find(INCL) else {
        return f;
    };
    let tail = f.value.get(i + INCL.len()..).unwrap_or("");
    if only_lists && !tail.contains(',') {
        return f;
    }
    let Some(value) = f.value.get(..i).map(str::to_owned) else {
        return f;
    };
    let end = text
        .get(f.start..f.end)
        .and_then(|raw| raw.find(INCL))
        .map_or(f.end, |j| f.start + j);
    Spanned {
        value,
        start: f.start,
        end,
    }
}

fn has(t: &str, words: &[&str]) -> bool {
    words.iter().any(|w| t.contains(w))
}

/// `other:<snake_case>` of a short phrase.
fn other(phrase: &str) -> Theme {
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "of" | "s"))
        .take(6)
        .collect();
    Theme::Other(words.join("_"))
}

/// Words of the focus on harm outside the family (Ofsted's "vulnerable children at
/// extra-familial risk"), which wins over "children in need".
const EXTRA_FAMILIAL: &[&str] = &[
    "extra-familial",
    "extra familial",
    "outside the home",
    "outside their home",
    "outside of the home",
    "contextual safeguarding",
    "vulnerable adolescents",
];

/// The theme key of a visit's focus as printed.
pub fn classify(verbatim: &str) -> Theme {
    let t = verbatim
        .to_lowercase()
        .replace('’', "'")
        .replace("front-door", "front door");
    if has(
        &t,
        &[
            "front door",
            "contacts and referrals",
            "contact and referral",
            "point of contact",
            "initial need and risk",
            "multi-agency safeguarding hub",
        ],
    ) {
        Theme::FrontDoor
    } else if has(
        &t,
        &[
            "care leaver",
            "care experienced",
            "care-experienced",
            "leaving care",
        ],
    ) {
        Theme::CareLeavers
    } else if has(&t, &["permanence", "permanency"]) {
        Theme::AchievingPermanence
    } else if has(&t, EXTRA_FAMILIAL) {
        // "vulnerable children at risk of extra-familial harm", also when they are
        // children in need
        Theme::Other("vulnerable_adolescents".into())
    } else if has(
        &t,
        &[
            "children in need",
            "protection plan",
            "subject to a plan",
            "help and protection",
            "pre-proceedings",
            "before proceedings",
            "public law outline",
            "child protection",
        ],
    ) {
        Theme::ChildrenInNeedOrPlan
    } else if has(
        &t,
        &[
            "children in care",
            "in care",
            "looked after",
            "placement",
            "unaccompanied",
            "foster",
        ],
    ) {
        Theme::ChildrenInCare
    } else if has(&t, &["disabled children", "disabilities", "disability"]) {
        Theme::DisabledChildren
    } else if has(&t, &["covid", "pandemic"]) {
        Theme::PandemicResponse
    } else if has(&t, &["adolescen", "exploitation", "missing from home"]) {
        Theme::Other("vulnerable_adolescents".into())
    } else if has(&t, &["leadership", "leaders"]) {
        Theme::LeadershipAndManagement
    } else {
        other(&t)
    }
}

/// The theme key of a JTAI's theme as printed ("the multi-agency response to ...").
pub fn classify_jtai(verbatim: &str) -> Theme {
    let t = verbatim.to_lowercase().replace('’', "'");
    let key = |name: &str| Theme::Other(name.into());
    let named: &[(&[&str], Theme)] = &[
        (&["initial need and risk", "front door"], Theme::FrontDoor),
        (
            &["child sexual exploitation"],
            key("child_sexual_exploitation"),
        ),
        (&["sexual abuse"], key("child_sexual_abuse")),
        (&["neglect"], key("neglect")),
        (&["domestic abuse"], key("domestic_abuse")),
        (&["mental health"], key("childrens_mental_health")),
        (&["serious youth violence"], key("serious_youth_violence")),
        (
            &[
                "criminal exploitation",
                "child exploitation",
                "exploitation",
            ],
            key("child_exploitation"),
        ),
        (
            &["who need help", "need help"],
            key("children_who_need_help"),
        ),
    ];
    for (words, key) in named {
        if has(&t, words) {
            return key.clone();
        }
    }
    let tail = t.split_once("response to ").map_or(t.as_str(), |(_, r)| r);
    other(tail)
}

/// A visit's theme with the span of its printed focus.
pub fn classify_spanned(v: &Spanned<String>) -> Spanned<Theme> {
    Spanned {
        value: classify(&v.value),
        start: v.start,
        end: v.end,
    }
}

crate::rx::register!(FOCUS_RE, LOOSE_RE, SPECIFIC_RE, CUT_RE, PANDEMIC_RE; forms);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        assert!(
            FOCUS_RE.is_some()
                && SPECIFIC_RE.is_some()
                && CUT_RE.is_some()
                && PANDEMIC_RE.is_some()
                && LOOSE_RE.is_some()
        );
    }

    fn focus(t: &str) -> Option<String> {
        visit_focus(t, 0).map(|s| s.value)
    }

    /// Regressions from real focused-visit letters (2018, 2024) whose opening does not say
    /// "the local authority's arrangements for": the theme was left empty.
    #[test]
    fn plainer_openings_still_give_the_focus() {
        let t = "Dear Ms A\n\nThis letter summarises the findings of a focused visit. His Majesty’s Inspectors for this visit were A B and C D.\n\nInspectors looked at the arrangements for contacts and referrals in the multi-agency safeguarding hub (MASH). Inspectors reviewed the threshold application.";
        let f = focus(t);
        assert_eq!(
            f.as_deref(),
            Some("contacts and referrals in the multi-agency safeguarding hub (MASH)")
        );
        assert_eq!(classify(&f.unwrap_or_default()), Theme::FrontDoor);
        let t = "The inspectors were A B and C D, two of Her Majesty’s Inspectors.\n\nInspectors evaluated the quality of care planning for children in care. They measured progress.";
        let f = focus(t);
        assert_eq!(
            f.as_deref(),
            Some("the quality of care planning for children in care")
        );
        assert_eq!(classify(&f.unwrap_or_default()), Theme::ChildrenInCare);
        // The stricter form still wins where both occur.
        let t = "Inspectors reviewed the records. Inspectors looked at the local authority’s arrangements for care leavers.";
        assert_eq!(focus(t).as_deref(), Some("care leavers"));
    }

    #[test]
    fn focus_forms() {
        let cases = [
            (
                "Inspectors looked at the local authority’s arrangements for children in care, with a\nparticular focus on:\n◼ Decision-making",
                "children in care",
                Theme::ChildrenInCare,
            ),
            (
                "Inspectors considered the local authority’s arrangements for children in care, including disabled children in care.",
                "children in care, including disabled children in care",
                Theme::ChildrenInCare,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for care leavers aged 18 to\n25 years old, including support into adulthood, ‘staying close’ and in touch, and care\nleavers with specific needs.",
                "care leavers aged 18 to 25 years old",
                Theme::CareLeavers,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for children in care, assessing the quality of practice.",
                "children in care",
                Theme::ChildrenInCare,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for care leavers aged 18 to 25 years old.",
                "care leavers aged 18 to 25 years old",
                Theme::CareLeavers,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for the ‘front door’.",
                "the ‘front door’",
                Theme::FrontDoor,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for identifying and\nresponding to children’s needs for permanence. The effectiveness",
                "identifying and responding to children’s needs for permanence",
                Theme::AchievingPermanence,
            ),
            (
                "During this visit, inspectors evaluated the local authority’s arrangements for children subject to a child protection plan, including the quality and impact of pre-proceedings intervention under the Public Law Outline (PLO).",
                "children subject to a child protection plan, including the quality and impact of pre-proceedings intervention under the Public Law Outline (PLO)",
                Theme::ChildrenInNeedOrPlan,
            ),
            (
                "Inspectors reviewed the local authority’s arrangements for contacts and referrals in the multi-agency safeguarding hub (MASH) and thresholds for early help, children in need and those in need of protection.",
                "contacts and referrals in the multi-agency safeguarding hub (MASH) and thresholds for early help, children in need and those in need of protection",
                Theme::FrontDoor,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for children who need help and protection, in accordance with the Inspection of Local Authority Children’s Services framework. Specifically, inspectors looked at the ‘front door’ arrangements for the service that considers contacts and referrals, including decision-making in the MASH.",
                "the ‘front door’ arrangements for the service that considers contacts and referrals",
                Theme::FrontDoor,
            ),
            (
                "Inspectors looked at the local authority’s arrangements for protecting vulnerable adolescents.",
                "protecting vulnerable adolescents",
                Theme::Other("vulnerable_adolescents".into()),
            ),
            // monitoring visits
            (
                "Inspectors reviewed the progress made in the local authority’s arrangements for children in need and children subject to a child protection plan.",
                "children in need and children subject to a child protection plan",
                Theme::ChildrenInNeedOrPlan,
            ),
            (
                "Inspectors reviewed the progress made in relation to services for care leavers, with a particular focus on pathway plans.",
                "services for care leavers",
                Theme::CareLeavers,
            ),
        ];
        for (t, v, k) in cases {
            assert_eq!(focus(t).as_deref(), Some(v), "{t}");
            assert_eq!(classify(v), k, "{v}");
        }
    }

    #[test]
    fn pandemic_visit() {
        let t = "Her Majesty’s Chief Inspector of Education, Children’s Services and Skills is leading\nOfsted’s work into how England’s social care system has delivered child-centred\npractice and care within the context of the restrictions placed on society during the\nCOVID-19 (coronavirus) pandemic.\nThe methodology for this visit";
        let f = focus(t).unwrap();
        assert_eq!(classify(&f), Theme::PandemicResponse);
    }

    /// Foci printed in other words map onto the same themes.
    #[test]
    fn classification_variants() {
        let cases = [
            ("the ‘front-door’ service", Theme::FrontDoor),
            ("the single point of contact for families", Theme::FrontDoor),
            (
                "children subject to child protection enquiries",
                Theme::ChildrenInNeedOrPlan,
            ),
            (
                "the use of the public law outline",
                Theme::ChildrenInNeedOrPlan,
            ),
            (
                "unaccompanied asylum-seeking children",
                Theme::ChildrenInCare,
            ),
            ("children living with foster carers", Theme::ChildrenInCare),
            (
                "children at risk of extra-familial harm",
                Theme::Other("vulnerable_adolescents".into()),
            ),
            (
                "children in need who are at risk of harm outside the home",
                Theme::Other("vulnerable_adolescents".into()),
            ),
            (
                "the response to adolescents who go missing",
                Theme::Other("vulnerable_adolescents".into()),
            ),
        ];
        for (v, k) in cases {
            assert_eq!(classify(v), k, "{v}");
        }
        assert_eq!(
            classify_jtai("the multi-agency response to sexual abuse in the family"),
            Theme::Other("child_sexual_abuse".into())
        );
        assert_eq!(
            classify_jtai("the multi-agency response to children at risk of exploitation"),
            Theme::Other("child_exploitation".into())
        );
    }

    #[test]
    fn jtai_themes() {
        assert_eq!(
            classify_jtai("the multi-agency response to identification of initial need and risk"),
            Theme::FrontDoor
        );
        assert_eq!(
            classify_jtai("the multi-agency response to abuse and neglect"),
            Theme::Other("neglect".into())
        );
        assert_eq!(
            classify_jtai(
                "the multi-agency response to child sexual exploitation, children associated with gangs and at risk of exploitation and children missing from home, care or education"
            ),
            Theme::Other("child_sexual_exploitation".into())
        );
        assert_eq!(
            classify_jtai("the multi-agency response to children’s mental health"),
            Theme::Other("childrens_mental_health".into())
        );
        assert_eq!(
            classify_jtai("the multi-agency response to child exploitation"),
            Theme::Other("child_exploitation".into())
        );
        assert_eq!(
            classify_jtai("the multi-agency response to serious youth violence"),
            Theme::Other("serious_youth_violence".into())
        );
    }
}
