//! Joint targeted area inspection (JTAI) letters (2016–): Ofsted with the CQC, HMICFRS and
//! sometimes HMI Probation inspect the multi-agency response to one theme in an area and
//! write to every local partner.
//!
//! Read here: the theme ("... joint targeted area inspection (JTAI) of the multi-agency
//! response to identification of initial need and risk (often referred to as ...) in
//! Rochdale", or the older subject line "Joint targeted area inspection of the
//! multi-agency response to abuse and neglect in Bristol City Council"), the inspectorates,
//! the addressees (one "Name, Role, Organisation" line each) and the signatories. The
//! letters are signed by each inspectorate's director, not by a lead inspector: a
//! signatory is not taken as the lead inspector.

use super::{LetterFacts, salutation};
use crate::report::ReportFacts;
use crate::{Spanned, floor_boundary, squash};
use ofsted_model::doc::{CleanDoc, Note, Severity};
use ofsted_model::vocab::Theme;
use regex::Regex;
use std::sync::LazyLock;

static THEME_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i:joint\s+targeted\s+area\s+inspection)\s+(?:\(JTAI\)\s+)?(?:of|into)\s+(?P<t>(?i:the\s+multi-agency)\s+(?:[^.\n(]|\n[ \t]*[a-z])+?)(?:\s+\(|\s+in\s+(?:the\s+)?[A-Z]|\.|\n[ \t]*(?:\n|[A-Z0-9])|$)").ok()
});

/// The theme where the letter names no "joint targeted area inspection of" it: "...
/// undertook a joint inspection of the multi-agency response to ...", "This inspection
/// evaluated the multi-agency response to ...".
static THEME_FALLBACK_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i:\b(?:joint\s+)?inspection\s+(?:\(JTAI\)\s+)?(?:of|into)|\b(?:evaluated|looked\s+at|considered|examined|reviewed))\s+(?P<t>(?i:the\s+multi-agency)\s+(?i:response|identification|arrangements)(?:[^.\n(]|\n[ \t]*[a-z])+?)(?:\s+\(|\s+in\s+(?:the\s+)?[A-Z]|\.|,\s+(?:which|including|with)\b|\n[ \t]*(?:\n|[A-Z0-9])|$)").ok()
});

static DEEP_DIVE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)deep\s+dive['’]?\s+(?:focus\s+|evaluation\s+)?(?:on|into|of)\s+(?P<d>[^.]{3,250})",
    )
    .ok()
});

static SIGN_OFF_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)\byours?\s+(?:sincerely|faithfully)\b").ok());

/// The JTAI theme as printed, searched from `from`.
pub fn theme_verbatim(text: &str, from: usize) -> Option<Spanned<String>> {
    let hi = floor_boundary(text, from + 3000);
    let win = text.get(from..hi)?;
    let c = [THEME_RE.as_ref(), THEME_FALLBACK_RE.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|re| re.captures(win))?;
    let t = c.name("t")?;
    Some(Spanned {
        value: squash(t.as_str()),
        start: from + t.start(),
        end: from + t.end(),
    })
}

/// JTAIs of 2016–18 under the umbrella title "the multi-agency response to abuse and
/// neglect" each had a thematic "deep dive" (neglect, domestic abuse, sexual abuse in the
/// family): its theme, when the opening names it.
fn umbrella_theme(text: &str, from: usize, verbatim: &str) -> Option<Theme> {
    if !verbatim.to_lowercase().contains("abuse and neglect") {
        return None;
    }
    let hi = floor_boundary(text, from + 3000);
    let win = text.get(from..hi)?;
    let c = DEEP_DIVE_RE.as_ref()?.captures(win)?;
    let dive = c.name("d")?.as_str().to_lowercase();
    let key = if dive.contains("domestic abuse") {
        "domestic_abuse"
    } else if dive.contains("sexual abuse") {
        "child_sexual_abuse"
    } else if dive.contains("neglect") {
        "neglect"
    } else {
        return None;
    };
    Some(Theme::Other(key.to_owned()))
}

/// Reads a JTAI letter (see [`super`]).
pub fn read(doc: &CleanDoc, report: &mut ReportFacts) -> LetterFacts {
    let text = doc.text.as_str();
    super::apply_letter_date(text, report);
    super::apply_visit_dates(text, report);
    let dear = salutation(text).unwrap_or(0);
    // a signatory is each inspectorate's director, not the lead inspector
    let sign_off = SIGN_OFF_RE
        .as_ref()
        .and_then(|re| re.find(text))
        .map_or(usize::MAX, |m| m.start());
    if let Some(insp) = report.inspection.as_mut()
        && insp
            .lead_inspector
            .as_ref()
            .is_some_and(|l| l.start >= sign_off)
    {
        insp.lead_inspector = None;
        report
            .notes
            .retain(|n| n.code != "lead_inspector_not_found");
        report.notes.push(Note::new(
            Severity::Info,
            "no_lead_inspector",
            "a JTAI letter is signed by the inspectorates' directors; no lead inspector is named",
        ));
    }
    let verbatim = theme_verbatim(text, 0);
    if verbatim.is_none() {
        report.notes.push(Note::new(
            Severity::Warning,
            "theme_not_found",
            "the JTAI letter does not name its theme as 'the multi-agency response to ...'; theme left empty",
        ));
    }
    let theme = verbatim.as_ref().map(|v| Spanned {
        value: umbrella_theme(text, dear, &v.value)
            .unwrap_or_else(|| super::theme::classify_jtai(&v.value)),
        start: v.start,
        end: v.end,
    });
    let inspectorates = super::inspectorates::find(text, dear);
    let mut people = super::addressees::addressee_lines(text, dear);
    people.extend(super::signatories::find(text, &inspectorates));
    LetterFacts {
        theme,
        theme_verbatim: verbatim,
        inspectorates,
        people,
    }
}

crate::rx::register!(THEME_RE, THEME_FALLBACK_RE, DEEP_DIVE_RE, SIGN_OFF_RE);

#[cfg(test)]
mod tests {
    use super::*;

    fn th(t: &str) -> Option<String> {
        theme_verbatim(t, 0).map(|s| s.value)
    }

    #[test]
    fn regexes_compile() {
        assert!(
            THEME_RE.is_some()
                && THEME_FALLBACK_RE.is_some()
                && SIGN_OFF_RE.is_some()
                && DEEP_DIVE_RE.is_some()
        );
    }

    #[test]
    fn umbrella_title_takes_the_deep_dive() {
        let t = "Dear local partnership\nJoint targeted area inspection of the multi-agency response to abuse and\nneglect in Hounslow\nThe JTAI also included a ‘deep dive’ focus on the response to children living with domestic abuse.";
        let v = theme_verbatim(t, 0).unwrap();
        assert_eq!(
            umbrella_theme(t, 0, &v.value),
            Some(Theme::Other("domestic_abuse".into()))
        );
    }

    /// A letter whose subject line names only the area: the theme from the opening's
    /// "joint inspection of" or "evaluated".
    #[test]
    fn theme_without_the_jtai_phrase() {
        assert_eq!(
            th("Dear local partnership\nJoint targeted area inspection of Barset\nIn March 2024, Ofsted, the CQC and HMICFRS undertook a joint inspection of the multi-agency response to children at risk of criminal exploitation in Barset.").as_deref(),
            Some("the multi-agency response to children at risk of criminal exploitation")
        );
        assert_eq!(
            th("Dear partners\nThe inspection evaluated the multi-agency response to domestic abuse, which included a deep dive.").as_deref(),
            Some("the multi-agency response to domestic abuse")
        );
    }

    #[test]
    fn theme_forms() {
        assert_eq!(
            th("Dear Rochdale Local Safeguarding Partnership\nJoint targeted area inspection of Rochdale\nThis letter summarises the findings of the joint targeted area inspection (JTAI) of the\nmulti-agency response to identification of initial need and risk (often referred to as\nthe ‘front door’) in Rochdale.").as_deref(),
            Some("the multi-agency response to identification of initial need and risk")
        );
        assert_eq!(
            th("Dear local partnership\nJoint targeted area inspection of the multi-agency response to abuse and\nneglect in Bristol City Council\nBetween 16 and 20 October 2017").as_deref(),
            Some("the multi-agency response to abuse and neglect")
        );
        assert_eq!(
            th("Dear local partnership\nJoint targeted area inspection of the multi-agency response to child sexual\nexploitation, children associated with gangs and at risk of exploitation and\nchildren missing from home, care or education\nBetween 12 and 16 February 2018, Ofsted").as_deref(),
            Some("the multi-agency response to child sexual exploitation, children associated with gangs and at risk of exploitation and children missing from home, care or education")
        );
        assert_eq!(
            th("summarises the findings of the joint targeted area inspection (JTAI) of the multi-agency response to serious youth violence in Leeds.").as_deref(),
            Some("the multi-agency response to serious youth violence")
        );
    }
}
