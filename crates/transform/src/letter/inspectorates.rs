//! The inspectorates a letter names as taking part: "carried out by inspectors from
//! Ofsted, the Care Quality Commission (CQC), His Majesty's Inspectorate of Constabulary and
//! Fire & Rescue Services (HMICFRS) and His Majesty's Inspectorate of Probation (HMIP)";
//! older JTAI letters: "Ofsted, the Care Quality Commission (CQC), HMI Constabulary
//! (HMICFRS) and HMI Probation (HMI Prob) undertook a joint inspection".
//!
//! Read from the sentence of the letter's opening that says who inspected (the first
//! sentence after the salutation naming the CQC or a constabulary inspectorate); each
//! inspectorate once, at its first name in that sentence.

use super::NamedInspectorate;
use crate::{floor_boundary, squash};
use ofsted_model::vocab::Inspectorate;
use regex::Regex;
use std::sync::LazyLock;

static NAMES: LazyLock<Vec<(Inspectorate, Regex)>> = LazyLock::new(|| {
    [
        (Inspectorate::Ofsted, r"\bOfsted\b"),
        (Inspectorate::Cqc, r"(?i)\bcare\s+quality\s+commission\b|\bCQC\b"),
        (
            Inspectorate::Hmicfrs,
            r"(?i)\b(?:her|his)\s+majesty['’]s\s+inspectorate\s+of\s+constabulary\b|\bHMI\s+Constabulary\b|\bHMICFRS\b|\bHMIC\b",
        ),
        (
            Inspectorate::HmiProbation,
            r"(?i)\b(?:her|his)\s+majesty['’]s\s+inspectorate\s+of\s+probation\b|\bHMI\s+Probation\b|\bHMIP\b",
        ),
    ]
    .into_iter()
    .filter_map(|(i, p)| crate::rx::new(p).ok().map(|r| (i, r)))
    .collect()
});

/// How far after the salutation the sentence may be (bytes).
const WINDOW: usize = 2500;

/// The byte range of the sentence holding `pos` within `win`.
fn sentence(win: &str, pos: usize) -> (usize, usize) {
    let start = win
        .get(..pos)
        .and_then(|s| s.rfind(". "))
        .map_or(0, |i| i + 2);
    let end = win
        .get(pos..)
        .and_then(|s| s.find(". "))
        .map_or(win.len(), |i| pos + i + 1);
    (start, end)
}

/// The inspectorates named as taking part, in the order of [`Inspectorate::ALL`].
pub fn find(text: &str, from: usize) -> Vec<NamedInspectorate> {
    let hi = floor_boundary(text, from + WINDOW);
    let Some(win) = text.get(from..hi) else {
        return Vec::new();
    };
    let Some(cqc) = NAMES
        .iter()
        .filter(|(i, _)| *i == Inspectorate::Cqc || *i == Inspectorate::Hmicfrs)
        .filter_map(|(_, re)| re.find(win).map(|m| m.start()))
        .min()
    else {
        return Vec::new();
    };
    let (s, e) = sentence(win, cqc);
    let Some(sent) = win.get(s..e) else {
        return Vec::new();
    };
    NAMES
        .iter()
        .filter_map(|(i, re)| {
            re.find(sent).map(|m| NamedInspectorate {
                inspectorate: *i,
                verbatim: squash(m.as_str()),
                start: from + s + m.start(),
                end: from + s + m.end(),
            })
        })
        .collect()
}

crate::rx::register!(NAMES);

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<&'static str> {
        find(t, 0)
            .into_iter()
            .map(|s| s.inspectorate.as_str())
            .collect()
    }

    #[test]
    fn regexes_compile() {
        assert_eq!(NAMES.len(), 4);
    }

    #[test]
    fn forms() {
        assert_eq!(
            names(
                "This inspection took place from 22 April to 26 April 2024. It was carried out by\ninspectors from Ofsted, the Care Quality Commission (CQC) and His Majesty’s\nInspectorate of Constabulary and Fire & Rescue Services (HMICFRS).\nHeadline findings"
            ),
            ["ofsted", "cqc", "hmicfrs"]
        );
        assert_eq!(
            names(
                "Between 16 and 20 October 2017, Ofsted, the Care Quality Commission (CQC), HMI\nConstabulary (HMICFRS) and HMI Probation (HMI Prob) undertook a joint inspection"
            ),
            ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
        );
        assert_eq!(
            names(
                "carried out by inspectors from Ofsted, the Care Quality Commission (CQC), His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) and His Majesty’s Inspectorate of Probation (HMIP)."
            ),
            ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
        );
        assert!(names("A focused visit by Ofsted.").is_empty());
    }
}
