//! The other ways a visit letter names its focus, tried after the usual "Inspectors looked
//! at the local authority's arrangements for ...":
//! - "The focus of the (monitoring) visit was <focus>" ([`focus_of_visit`]);
//! - a list after the opening's verb: "Inspectors looked at the local authority's
//!   arrangements for:" or "... reviewed the progress made in the following areas:" and
//!   bullets ([`listed_focus`]);
//! - a heading that names it: "Focus of the visit: care leavers", "Areas covered by the
//!   visit" over a short paragraph or a list, or the subject line "Focused visit to ...:
//!   children in care" ([`heading_focus`]).

use super::{ARRANGEMENTS, LOOSE_RE, PROGRESS, cut_including, focus_at};
use crate::{Spanned, floor_boundary, squash};
use regex::Regex;
use std::sync::LazyLock;

static FOCUS_OF_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?i)\b(?:the\s+focus\s+of\s+(?:the|this)\s+(?:focused\s+|monitoring\s+)?visit|the\s+(?:focused\s+|monitoring\s+)?visit['’]s\s+focus|this\s+(?:focused\s+|monitoring\s+)?visit\s+was\s+(?:about|on))\s+(?:(?:was|were|is)\s+(?:on\s+)?)?(?:{PROGRESS})?(?:{ARRANGEMENTS})?"
    ))
    .ok()
});

/// Headings that name the focus, with the focus after a colon or in the next block.
static HEADING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?im)^[ \t]*(?:(?:the\s+)?focus\s+of\s+(?:the|this)\s+visit|visit\s+focus|areas?\s+covered(?:\s+(?:by|during)\s+(?:the|this)\s+visit)?|themes?\s+of\s+(?:the|this)\s+visit)[ \t]*(?::[ \t]*(?P<rest>[^\n]*))?$").ok()
});

/// The letter's subject line with the focus after a colon or dash.
static SUBJECT_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?im)^[ \t]*(?:focused|monitoring)\s+visit\s+(?:to|of)\s+[^\n:–—]+?\s*(?::|\s[–—-])\s*(?P<rest>[^\n]+)$").ok()
});

/// Sentences about the evidence seen, not the focus ("a range of evidence", "children's
/// case records").
static METHOD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:a\s+(?:range|sample|number)\s+of|evidence|(?:children['’]s\s+)?case\s+(?:records|files)|records|the\s+(?:records|case\s+files|evidence|local\s+authority['’]s\s+(?:self-evaluation|performance\s+information))|performance\s+information|information\s+from)\b").ok()
});

/// "with a (particular) focus on", "focusing on" after a generic phrase.
static FOCUS_ON_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:with\s+(?:a|the)\s+(?:particular\s+|specific\s+|specified\s+|main\s+)?focus\s+on|focus(?:s)?ing\s+(?:in\s+particular\s+)?on)\s+").ok()
});

/// "the progress made since the last inspection": progress in nothing named yet.
static GENERIC_PROGRESS_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:the\s+)?(?:local\s+authority['’]s\s+)?progress(?:\s+(?:made|achieved))?(?:\s+(?:by\s+the\s+local\s+authority|since\s+the\s+(?:last|previous)\s+(?:inspection|visit|monitoring\s+visit)))*$").ok()
});

/// For a generic phrase ("the progress made since the last inspection"), the focus named
/// after it in the same sentence ("..., with a particular focus on care leavers").
pub(super) fn focus_after_generic(text: &str, f: &Spanned<String>) -> Option<Spanned<String>> {
    let rest = text.get(f.start..floor_boundary(text, f.start + 400))?;
    let sentence = rest
        .find(". ")
        .map_or(rest, |e| rest.get(..e).unwrap_or(rest));
    let m = FOCUS_ON_RE.as_ref()?.find(sentence)?;
    let before = squash(
        sentence
            .get(..m.start())?
            .trim_end_matches([',', ' ', '\n']),
    );
    if !GENERIC_PROGRESS_RE.as_ref()?.is_match(&before) {
        return None;
    }
    focus_at(text, f.start + m.end())
}

/// Whether a focus is a generic phrase that names no part of the service.
pub(super) fn is_generic(v: &str) -> bool {
    GENERIC_PROGRESS_RE
        .as_ref()
        .is_some_and(|re| re.is_match(v))
}

/// Words a focus cannot end on: the phrase introduces a list ("arrangements for:").
const OPEN_ENDS: &[&str] = &[
    "for",
    "in",
    "of",
    "on",
    "to",
    "at",
    "with",
    "including",
    "regarding",
    "areas",
    "following",
];

/// Whether a focus read after the verb only introduces a list ("the following areas",
/// "the local authority's arrangements for").
pub(super) fn is_list_intro(v: &str) -> bool {
    let low = v.to_lowercase();
    let last = low.split_whitespace().last().unwrap_or("");
    low.starts_with("the following") || low.contains(" the following ") || OPEN_ENDS.contains(&last)
}

/// Whether a phrase after "inspectors reviewed ..." is about the evidence, not the focus.
pub(super) fn is_method(v: &str) -> bool {
    METHOD_RE.as_ref().is_some_and(|re| re.is_match(v))
}

/// "The focus of the visit was <focus>", "The visit's focus was ...".
pub(super) fn focus_of_visit(text: &str, from: usize, win: &str) -> Option<Spanned<String>> {
    let m = FOCUS_OF_RE.as_ref()?.find(win)?;
    let first = focus_at(text, from + m.end())?;
    if is_list_intro(&first.value) {
        return None;
    }
    Some(cut_including(text, first, true))
}

/// A focus printed as a list after the opening's verb ("... arrangements for:", "... the
/// following areas of concern identified at the last inspection:"): the items joined with
/// "; ".
pub(super) fn listed_focus(text: &str, from: usize, win: &str) -> Option<Spanned<String>> {
    let verbs = [LOOSE_RE.as_ref(), FOCUS_OF_RE.as_ref()];
    for re in verbs.into_iter().flatten() {
        for m in re.find_iter(win) {
            let at = from + m.end();
            let rest = text.get(at..floor_boundary(text, at + 400))?;
            let Some(colon) = rest.find(':') else {
                continue;
            };
            let intro = rest.get(..colon).unwrap_or("");
            let listed = intro.trim().is_empty() || is_list_intro(&squash(intro));
            if listed
                && !intro.contains(". ")
                && let Some(f) = bullets_at(text, at + colon + 1)
            {
                return Some(f);
            }
        }
    }
    None
}

/// The bulleted lines from `at` (after blanks), joined with "; ", each without its
/// closing ";", "." or "; and".
fn bullets_at(text: &str, at: usize) -> Option<Spanned<String>> {
    let rest = text.get(at..floor_boundary(text, at + 2000))?;
    let mut items = Vec::new();
    let (mut start, mut end) = (None, at);
    let mut pos = at;
    for line in rest.split('\n') {
        let t = line.trim();
        let line_at = pos + (line.len() - line.trim_start().len());
        pos += line.len() + 1;
        if t.is_empty() {
            continue;
        }
        let Some(body) = t.strip_prefix("- ") else {
            break;
        };
        let item = body
            .trim_end()
            .trim_end_matches(" and")
            .trim_end_matches(" or")
            .trim_end_matches([';', '.', ',']);
        items.push(squash(item));
        start.get_or_insert(line_at + 2);
        end = line_at + t.len();
    }
    if items.is_empty() {
        return None;
    }
    Some(Spanned {
        value: items.join("; "),
        start: start?,
        end,
    })
}

/// A heading that names the focus: after its colon, or in the next block (a short
/// paragraph or a list); or the letter's subject line "Focused visit to ...: <focus>".
pub(super) fn heading_focus(text: &str, from: usize, win: &str) -> Option<Spanned<String>> {
    if let Some(c) = HEADING_RE.as_ref().and_then(|re| re.captures(win)) {
        let whole = c.get(0)?;
        if let Some(rest) = c.name("rest").filter(|r| !r.as_str().trim().is_empty()) {
            return focus_at(text, from + rest.start());
        }
        let after = from + whole.end();
        return bullets_at(text, after).or_else(|| short_block_at(text, after));
    }
    let c = SUBJECT_RE.as_ref()?.captures(win)?;
    let rest = c.name("rest")?;
    let low = rest.as_str().to_lowercase();
    if low.contains("services") || low.contains("council") {
        return None;
    }
    focus_at(text, from + rest.start())
}

/// The next block after `at`, when it is short enough to be a focus (25 words or fewer).
fn short_block_at(text: &str, at: usize) -> Option<Spanned<String>> {
    let rest = text.get(at..)?;
    let lead = rest.len() - rest.trim_start().len();
    let f = focus_at(text, at + lead)?;
    (f.value.split_whitespace().count() <= 25).then_some(f)
}

crate::rx::register!(
    FOCUS_OF_RE,
    HEADING_RE,
    SUBJECT_RE,
    METHOD_RE,
    FOCUS_ON_RE,
    GENERIC_PROGRESS_RE
);

#[cfg(test)]
mod tests {
    use super::super::{classify, visit_focus};
    use super::*;
    use ofsted_model::vocab::Theme;

    fn focus(t: &str) -> Option<String> {
        visit_focus(t, 0).map(|s| s.value)
    }

    #[test]
    fn regexes_compile() {
        assert!(
            FOCUS_OF_RE.is_some()
                && FOCUS_ON_RE.is_some()
                && GENERIC_PROGRESS_RE.is_some()
                && HEADING_RE.is_some()
                && SUBJECT_RE.is_some()
                && METHOD_RE.is_some()
        );
    }

    /// Openings that name the focus in other words than "Inspectors looked at the local
    /// authority's arrangements for".
    #[test]
    fn other_words_for_the_focus() {
        let cases = [
            (
                "This visit looked at the experiences of children in care living at a distance.",
                "the experiences of children in care living at a distance",
                Theme::ChildrenInCare,
            ),
            (
                "The focused visit explored the help given to care leavers aged 21 to 25.",
                "the help given to care leavers aged 21 to 25",
                Theme::CareLeavers,
            ),
            (
                "Inspectors scrutinised the local authority’s arrangements for permanence planning.",
                "permanence planning",
                Theme::AchievingPermanence,
            ),
            (
                "The focus of the visit was children in need and children on child protection plans, namely those at risk of harm.",
                "children in need and children on child protection plans",
                Theme::ChildrenInNeedOrPlan,
            ),
            (
                "The focus of this monitoring visit was the progress made in the local authority’s arrangements for the front door.",
                "the front door",
                Theme::FrontDoor,
            ),
            (
                "Inspectors reviewed the progress made by the local authority in improving services for young people leaving care.",
                "improving services for young people leaving care",
                Theme::CareLeavers,
            ),
            (
                "During this visit, inspectors reviewed the local authority’s progress in reducing delay for children in pre-proceedings.",
                "reducing delay for children in pre-proceedings",
                Theme::ChildrenInNeedOrPlan,
            ),
        ];
        for (t, v, k) in cases {
            assert_eq!(focus(t).as_deref(), Some(v), "{t}");
            assert_eq!(classify(v), k, "{v}");
        }
    }

    /// "the progress made since the last inspection, with a focus on X": X.
    #[test]
    fn generic_progress_with_a_focus() {
        let t = "Inspectors reviewed the progress made since the last inspection, with a focus on children in care aged 16 and 17.";
        assert_eq!(focus(t).as_deref(), Some("children in care aged 16 and 17"));
        let t = "Inspectors reviewed the progress made since the last inspection. Inspectors looked at the arrangements for disabled children.";
        assert_eq!(focus(t).as_deref(), Some("disabled children"));
    }

    /// The evidence sentence before the focus is passed over.
    #[test]
    fn evidence_sentence_is_not_the_focus() {
        let t = "Inspectors reviewed a range of evidence, including case records. Inspectors evaluated the quality of planning for disabled children.";
        assert_eq!(
            focus(t).as_deref(),
            Some("the quality of planning for disabled children")
        );
    }

    /// A focus printed as a list, after "arrangements for:" or "the following areas".
    #[test]
    fn listed_focus_forms() {
        let t = "Inspectors looked at the local authority’s arrangements for:\n\n- children in care aged 16 and 17;\n\n- care leavers.\n\nOverview";
        let f = focus(t).unwrap_or_default();
        assert_eq!(f, "children in care aged 16 and 17; care leavers");
        assert_eq!(classify(&f), Theme::CareLeavers);
        let t = "This was the third monitoring visit. Inspectors reviewed the progress made in the following areas of concern identified at the last inspection:\n\n- the quality of child protection enquiries\n\n- the timeliness of assessments for children in need.\n\nHeadline findings";
        let f = focus(t).unwrap_or_default();
        assert_eq!(
            f,
            "the quality of child protection enquiries; the timeliness of assessments for children in need"
        );
        assert_eq!(classify(&f), Theme::ChildrenInNeedOrPlan);
    }

    /// A heading that names the focus; the subject line with the focus after a colon.
    #[test]
    fn heading_names_the_focus() {
        let t = "Dear Ms A\n\nMonitoring visit to Barset children’s services\n\nAreas covered by the visit\n\nChildren in care and care leavers\n\nHeadline findings\n\nText.";
        assert_eq!(
            focus(t).as_deref(),
            Some("Children in care and care leavers")
        );
        let t = "Dear Ms A\n\nFocus of the visit: disabled children and their families\n\nText.";
        assert_eq!(
            focus(t).as_deref(),
            Some("disabled children and their families")
        );
        let t =
            "Dear Ms A\n\nFocused visit to Barset children’s services: the ‘front door’\n\nText.";
        assert_eq!(focus(t).as_deref(), Some("the ‘front door’"));
        let t = "Dear Ms A\n\nFocused visit to Barset – children’s services\n\nText.";
        assert_eq!(focus(t), None);
    }
}
