//! How letters (focused and monitoring visits, JTAI) print their findings lists beyond
//! the plain bulleted list after one heading:
//! - the improvement points printed as plain paragraphs, with no bullet or number
//!   ([`paragraph_list`]);
//! - topic subheadings between groups of bullets ("Identifying and managing risk of harm
//!   at the 'front door'", "Leadership and management"), which do not end the list
//!   ([`is_topic_subheading`]); the letter's own sections ("Findings", "Main findings",
//!   "Strengths", "Practice study: …", "Next steps") do ([`is_section`]), also when the
//!   PDF's box glyph before them reads as a bullet;
//! - page furniture left between items by a page break (Ofsted's address, telephone and
//!   web lines, "Page 3 of 6", a bare page number), skipped ([`is_furniture`]);
//! - a list that says there is nothing in it ("There are no areas for priority action"),
//!   which has no items ([`is_none_statement`]);
//! - a heading that names an agency ("Police: areas for improvement", "Areas for
//!   improvement: health") in JTAI letters with several agencies, or a heading split over
//!   two blocks by a page break ([`heading_at`]).

use super::{BULLET_RE, Entry, EntryKind, NUMBERED_RE, heading_kind, looks_like_heading};
use crate::report::text::Line;
use crate::squash;
use ofsted_model::vocab::FindingKind;
use regex::Regex;
use std::sync::LazyLock;

/// A letter's own sections: they end any list before them.
static SECTION_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:(?:main|headline|key|summary\s+of)\s+)?findings(?:\s+and\s+evaluation\s+of\s+progress)?\s*:?\s*$|^(?:(?:key|multi-agency)\s+)?strengths\s*:?\s*$|^(?:case|practice)\s+study\b|^places\s+and\s+spaces\b|^(?:overview|context|background|next\s+steps|evaluation\s+of\s+progress|areas\s+covered\s+by\s+the\s+visit)\s*:?\s*$|^yours\s+(?:sincerely|faithfully)").ok()
});

/// Sentences that close a letter's last list.
static CLOSING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:ofsted\s+will\s+take\s+the\s+findings|we\s+will\s+take\s+the\s+findings|i\s+am\s+copying\s+this\s+letter|if\s+you\s+have\s+any\s+questions|yours\s+(?:sincerely|faithfully)|the\s+(?:director|local\s+authority)\b.{0,80}\bshould\s+prepare\s+a\s+written\s+statement)").ok()
});

/// "There are no areas for priority action", "None identified".
static NONE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:there\s+(?:are|were)\s+no\s+(?:areas?\s+for\s+priority\s+action|priority\s+actions?|areas?\s+for\s+improvement)|no\s+(?:areas?\s+for\s+priority\s+action|priority\s+actions?)\s+(?:were\s+)?(?:identified|found)|none(?:\s+identified)?)\s*\.?$").ok()
});

/// Page furniture a page break can leave between two items.
static FURNITURE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$|^(?:t|tel|telephone)\b[\s:.]*0\d{3}\s?\d{3}\s?\d{4}\b|\benquiries@ofsted\.gov\.uk\b|^www\.ofsted\.gov\.uk$|^(?:aviation\s+house|piccadilly\s+gate|agora|clive\s+house|store\s+street|ofsted\s*$)").ok()
});

/// An improvement heading naming an agency before or after it.
static AGENCY_HEADING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:[A-Z][\w’'&,() -]{1,60}?\s*[:–—-]\s*(?:what\s+needs\s+to\s+improve|areas?\s+for\s+improvement)|(?:what\s+needs\s+to\s+improve|areas?\s+for\s+improvement)\s*(?:[:–—-]|\s+(?:for|by)\s+(?:the\s+)?)\s*[A-Z][\w’'&,() -]{1,60})\s*[?:.]?\s*$").ok()
});

/// Other wordings of a letter's improvement heading: "What needs to be improved", "What
/// needs to improve further", "... in this area of social care practice", "Areas that
/// need to improve", "What the partnership needs to do to improve".
static IMPROVE_HEADING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:what\s+needs\s+(?:to\s+(?:improve|be\s+improved)|improving)(?:\s+further)?(?:\s+in\s+this\s+area(?:\s+of\s+(?:(?:social\s+(?:work|care)|multi-agency)\s+)?practice)?)?|areas?\s+(?:that\s+needs?\s+to\s+improve|needing\s+improvement|requiring\s+improvement|for\s+further\s+improvement)|what\s+the\s+(?:local\s+)?(?:authority|partnership|partners)\s+needs?\s+to\s+(?:do\s+to\s+)?improve)\s*[?:.]?\s*\d{0,2}\s*$").ok()
});

/// Other wordings of a letter's priority-action heading: "Areas requiring priority
/// action", "Priority actions", "Areas for immediate action".
static PRIORITY_HEADING_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:areas?\s+(?:requiring|needing|of)\s+priority\s+action|priority\s+actions?|areas?\s+for\s+(?:immediate|urgent)\s+action)\s*[?:.]?\s*\d{0,2}\s*$").ok()
});

/// A findings heading in one of a letter's other wordings.
fn letter_heading_kind(t: &str) -> Option<FindingKind> {
    if IMPROVE_HEADING_RE.as_ref().is_some_and(|re| re.is_match(t)) {
        return Some(FindingKind::Improvement);
    }
    PRIORITY_HEADING_RE
        .as_ref()
        .is_some_and(|re| re.is_match(t))
        .then_some(FindingKind::PriorityAction)
}

/// Whether `t` is one of the letter's own section headings (bare, or after a bullet
/// glyph).
pub(super) fn is_section(t: &str) -> bool {
    let bare = bullet_body(t).unwrap_or(t);
    SECTION_RE.as_ref().is_some_and(|re| re.is_match(bare))
}

/// Whether `t` is a sentence that closes the letter's last list.
fn is_closing(t: &str) -> bool {
    CLOSING_RE.as_ref().is_some_and(|re| re.is_match(t))
}

/// Whether an item says the list is empty.
pub(super) fn is_none_statement(t: &str) -> bool {
    NONE_RE.as_ref().is_some_and(|re| re.is_match(t.trim()))
}

/// Whether `t` is page furniture (an address, telephone or web line, a page number).
pub(super) fn is_furniture(t: &str) -> bool {
    FURNITURE_RE
        .as_ref()
        .is_some_and(|re| re.is_match(t.trim()))
}

/// The text after a bullet glyph, if `t` is a bullet line.
fn bullet_body(t: &str) -> Option<&str> {
    BULLET_RE
        .as_ref()?
        .captures(t)
        .and_then(|c| c.get(2))
        .map(|b| b.as_str())
}

fn is_bullet(t: &str) -> bool {
    bullet_body(t).is_some()
}

fn is_numbered(t: &str) -> bool {
    NUMBERED_RE.as_ref().is_some_and(|re| re.is_match(t))
}

/// The next line after `from` that is neither blank nor page furniture.
fn next_content<'a>(ls: &'a [Line<'a>], from: usize) -> Option<&'a Line<'a>> {
    ls.iter()
        .skip(from)
        .find(|l| !l.is_blank() && !is_furniture(l.text))
}

/// Whether line `i`, inside a bulleted list, is a topic subheading: a heading that is
/// neither a findings heading nor one of the letter's sections, followed by more bullets.
pub(super) fn is_topic_subheading(ls: &[Line<'_>], i: usize) -> bool {
    let Some(t) = ls.get(i).map(|l| l.text) else {
        return false;
    };
    looks_like_heading(t)
        && !t.ends_with([':', '?'])
        && !is_section(t)
        && heading_at(ls, i).is_none()
        && next_content(ls, i + 1).is_some_and(|n| is_bullet(n.text))
}

/// A list printed as plain paragraphs from line `from`: each paragraph one item, up to a
/// heading, a closing sentence or the letter's end. `None` when a bullet or numbered
/// line comes first (the paragraphs were an introduction) or no paragraph was found.
pub(super) fn paragraph_list(ls: &[Line<'_>], from: usize) -> Option<(Vec<Entry>, usize)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut i = from;
    while let Some(l) = ls.get(i) {
        let t = l.text;
        if l.is_blank() || is_furniture(t) {
            i += 1;
            continue;
        }
        if is_bullet(t) || is_numbered(t) {
            return None;
        }
        if is_closing(t) || is_section(t) || heading_kind(t).is_some() || looks_like_heading(t) {
            break;
        }
        if t.ends_with(':') {
            // an introduction to a list that follows
            return None;
        }
        entries.push(Entry::new(EntryKind::Bullet('\0'), t, l.start, l.end));
        i += 1;
    }
    (!entries.is_empty()).then_some((entries, i))
}

/// A findings heading at line `i` in a letter: as [`heading_kind`] reads it, one that names
/// an agency, or one split over two blocks by a page break ("What needs to improve in this
/// area of social work" + "practice?"). Returns the kind, the heading as printed and the
/// index of its last line.
pub(super) fn heading_at(ls: &[Line<'_>], i: usize) -> Option<(FindingKind, String, usize)> {
    let t = ls.get(i)?.text;
    if let Some(k) = heading_kind(t).or_else(|| letter_heading_kind(t)) {
        return Some((k, t.to_owned(), i));
    }
    if let Some(h) = split_heading(ls, i) {
        return Some(h);
    }
    let agency = AGENCY_HEADING_RE.as_ref().is_some_and(|re| re.is_match(t));
    (agency && !is_section(t) && t.split_whitespace().count() <= 14)
        .then(|| (FindingKind::Improvement, t.to_owned(), i))
}

/// A findings heading whose last words went to the next block.
fn split_heading(ls: &[Line<'_>], i: usize) -> Option<(FindingKind, String, usize)> {
    let t = ls.get(i)?.text;
    let low = t.to_lowercase();
    let opens = [
        "what needs to improve",
        "areas for priority",
        "what does the local",
    ];
    if !opens.iter().any(|o| low.starts_with(o)) || t.ends_with(['.', '?', ':']) {
        return None;
    }
    let (j, next) = ls
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, l)| !l.is_blank() && !is_furniture(l.text))?;
    if next.text.split_whitespace().count() > 4 {
        return None;
    }
    let joined = squash(&format!("{t} {}", next.text));
    heading_kind(&joined).map(|k| (k, joined, j))
}

crate::rx::register!(
    SECTION_RE,
    CLOSING_RE,
    NONE_RE,
    FURNITURE_RE,
    AGENCY_HEADING_RE,
    IMPROVE_HEADING_RE,
    PRIORITY_HEADING_RE
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::lines;
    use ofsted_model::doc::CleanDoc;

    /// A focused-visit letter around `body`.
    fn visit(body: &str) -> String {
        format!(
            "Ofsted\nPiccadilly Gate\n\n1 March 2019\n\nDear Ms Smith\n\nFocused visit to Barset local authority children’s services\n\nThis letter summarises the findings of a focused visit to Barset local authority children’s services on 5 and 6 February 2019. His Majesty’s Inspectors for this visit were Ann Brown and Carl Dee.\n\n{body}\n\nYours sincerely\n\nAnn Brown\n\nHis Majesty’s Inspector\n"
        )
    }

    /// A JTAI letter around `body`.
    fn jtai(body: &str) -> String {
        format!(
            "Ofsted\nPiccadilly Gate\n\n1 March 2019\n\nDear local partnership\n\nJoint targeted area inspection of the multi-agency response to abuse and neglect in Barset\n\nBetween 4 and 8 February 2019, Ofsted, the Care Quality Commission (CQC), HMI Constabulary and Fire & Rescue Services (HMICFRS) and HMI Probation (HMIP) undertook a joint inspection.\n\n{body}\n\nNext steps\n\nThe local authority should prepare a written statement of proposed action.\n\nYours sincerely\n\nAnn Brown\n"
        )
    }

    fn items(t: &str) -> Vec<(FindingKind, String)> {
        let doc = CleanDoc::from_text(t.to_owned());
        super::super::find_findings(&doc)
            .into_iter()
            .filter(|f| f.kind != FindingKind::Strength)
            .map(|f| (f.kind, f.text))
            .collect()
    }

    fn texts(t: &str) -> Vec<String> {
        items(t).into_iter().map(|(_, s)| s).collect()
    }

    /// Older JTAI letters group their areas for improvement under topic subheadings.
    #[test]
    fn topic_subheadings_between_bullets_do_not_end_the_list() {
        let t = jtai(
            "Areas for improvement\n\nResponding to risk at the ‘front door’\n\n- Referrals from schools lack detail.\n\n- Strategy meetings start late.\n\nWork with families\n\n- Plans do not say who does what.\n\nThe Local Safeguarding Children Board\n\n- The board does not check the effect of its training.\n\nCase study: area for improvement\n\nOne child waited too long for a visit.",
        );
        assert_eq!(
            texts(&t),
            vec![
                "Referrals from schools lack detail.",
                "Strategy meetings start late.",
                "Plans do not say who does what.",
                "The board does not check the effect of its training.",
            ]
        );
    }

    /// Improvement points printed as paragraphs, without bullets; the closing sentence is
    /// not one of them.
    #[test]
    fn paragraph_items() {
        let t = visit(
            "Findings\n\nSocial workers visit children often.\n\nWhat needs to improve in this area of social work practice\n\nAssessments do not describe how needs change over time.\n\nSupervision is regular, but it does not help workers reflect. Actions agreed are not followed up.\n\nOfsted will take the findings from this focused visit into account when planning your next inspection or visit.",
        );
        assert_eq!(
            texts(&t),
            vec![
                "Assessments do not describe how needs change over time.",
                "Supervision is regular, but it does not help workers reflect. Actions agreed are not followed up.",
            ]
        );
        // an introduction before bullets is still an introduction
        let t = visit(
            "What needs to improve in this area of social work practice\n\nIn addition to the weaknesses found at the inspection, this visit found these areas for improvement:\n\n- The timeliness of assessments.\n\n- Management oversight.\n\nFindings\n\n- Children are seen often.",
        );
        assert_eq!(
            texts(&t),
            vec!["The timeliness of assessments.", "Management oversight."]
        );
    }

    /// A section heading whose box glyph reads as a bullet ends the list; so does the
    /// letter's "Findings" section printed as bullets.
    #[test]
    fn bulleted_section_heading_ends_the_list() {
        let t = visit(
            "What needs to improve in this area of social work practice?\n\n- The quality of plans.\n\n- The reach of early help.\n\n- Main findings\n\nLeaders know their services well.",
        );
        assert_eq!(
            texts(&t),
            vec!["The quality of plans.", "The reach of early help."]
        );
    }

    /// A page break leaves the inspectorate's address between two items.
    #[test]
    fn page_furniture_between_items_is_skipped() {
        let t = visit(
            "What needs to improve in this area of social work practice:\n\n- The recording of strategy discussions.\n\nAviation House 125 Kingsway London\tWC2B 6SE\n\nT\t0300 123 1231 enquiries@ofsted.gov.uk www.ofsted.gov.uk\n\n- Caseloads in the assessment teams.\n\n3\n\n- The use of chronologies.\n\nFindings\n\n- Children are seen.",
        );
        assert_eq!(texts(&t).len(), 3, "{:?}", texts(&t));
    }

    /// "There are no areas for priority action" is not a priority action.
    #[test]
    fn none_statement_is_no_item() {
        let t = jtai(
            "Areas for priority action\n\n- There are no areas for priority action\n\nAreas for improvement\n\n- Health visitors see too many families.",
        );
        assert_eq!(
            items(&t),
            vec![(
                FindingKind::Improvement,
                "Health visitors see too many families.".to_owned()
            )]
        );
    }

    /// JTAI letters with a list per agency: every list is the letter's.
    #[test]
    fn one_list_per_agency() {
        let t = jtai(
            "Areas for improvement\n\n- Partners do not share minutes.\n\nPolice: areas for improvement\n\n- Officers do not record the child’s voice.\n\nAreas for improvement: health services\n\n- School nurses are not trained in this area.\n\n- Partners do not share minutes.",
        );
        assert_eq!(
            texts(&t),
            vec![
                "Partners do not share minutes.",
                "Officers do not record the child’s voice.",
                "School nurses are not trained in this area.",
            ]
        );
    }

    /// Numbered improvement points in the forms "1)" and "(2)"; a heading split by a page
    /// break.
    #[test]
    fn numbered_forms_and_split_heading() {
        let t = visit(
            "What needs to improve in this area of social work\n\n2\n\npractice\n\n1) The quality of return home interviews.\n\n(2) The use of the exploitation screening tool.\n\nMain findings\n\nText.",
        );
        assert_eq!(
            texts(&t),
            vec![
                "The quality of return home interviews.",
                "The use of the exploitation screening tool.",
            ]
        );
    }

    #[test]
    fn regexes_compile() {
        for r in [
            &SECTION_RE,
            &CLOSING_RE,
            &NONE_RE,
            &FURNITURE_RE,
            &AGENCY_HEADING_RE,
            &IMPROVE_HEADING_RE,
            &PRIORITY_HEADING_RE,
        ] {
            assert!(r.is_some());
        }
    }

    #[test]
    fn sections_furniture_and_none() {
        for t in [
            "Main findings",
            "- Main findings",
            "Findings",
            "Key Strengths",
            "Practice\tstudy: area(s) for improvement",
            "- Practice study: area for improvement",
            "Next steps",
        ] {
            assert!(is_section(t), "{t}");
        }
        for t in ["Leadership and management", "Response to children at risk"] {
            assert!(!is_section(t), "{t}");
        }
        for t in [
            "7",
            "Page 3 of 8",
            "T\t0300 123 1231 enquiries@ofsted.gov.uk www.ofsted.gov.uk",
            "Aviation House 125 Kingsway London\tWC2B 6SE",
        ] {
            assert!(is_furniture(t), "{t}");
        }
        assert!(!is_furniture("12 children were seen."));
        assert!(is_none_statement("There are no areas for priority action"));
        assert!(is_none_statement("None."));
        assert!(!is_none_statement(
            "There are no plans for children who return home."
        ));
    }

    #[test]
    fn agency_and_split_headings() {
        let ls = lines(
            "Police: areas for improvement\n\nAreas for improvement: health services\n\nWhat needs to improve in this area of social work\n\n4\n\npractice?\n\n- Item.",
        );
        assert_eq!(
            heading_at(&ls, 0).map(|h| h.0),
            Some(FindingKind::Improvement)
        );
        assert_eq!(
            heading_at(&ls, 2).map(|h| h.0),
            Some(FindingKind::Improvement)
        );
        let h = heading_at(&ls, 4).expect("split heading");
        assert_eq!(
            h.1,
            "What needs to improve in this area of social work practice?"
        );
        assert_eq!(h.2, 8);
        for (t, k) in [
            ("What needs to be improved", FindingKind::Improvement),
            (
                "What needs to improve further in this area of social care practice?",
                FindingKind::Improvement,
            ),
            (
                "What the partnership needs to do to improve",
                FindingKind::Improvement,
            ),
            (
                "Areas requiring priority action",
                FindingKind::PriorityAction,
            ),
            ("Priority actions:", FindingKind::PriorityAction),
        ] {
            assert_eq!(heading_at(&lines(t), 0).map(|h| h.0), Some(k), "{t}");
        }
        let ls = lines("Case study: area for improvement\n\nPractice study: areas for improvement");
        assert!(heading_at(&ls, 0).is_none() && heading_at(&ls, 2).is_none());
    }
}
