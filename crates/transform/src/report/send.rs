//! Area SEND inspection reports (Ofsted and CQC inspections of a local area partnership's
//! arrangements for children with special educational needs and disabilities, 2023
//! framework): the Ofsted lead inspector, printed in the team list as "Name, Ofsted lead
//! inspector", and the inspection outcome, one of three printed statements.
//!
//! These reports give no graded judgements: the caller keeps none, and records the outcome
//! as `inspections.send_outcome`, `"<n>: <statement as printed>"` (n = 1 positive,
//! 2 inconsistent, 3 widespread or systemic failings), with the span of the statement.

use crate::{Spanned, floor_boundary, squash};
use regex::Regex;
use std::sync::LazyLock;

static OFSTED_LEAD_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i),[ \t]*Ofsted\s+(?:HMI\s+)?lead\s+inspector\b").ok());

/// Column headings of the two-column team list that the text may run into the name
/// ("Ofsted\tCare Quality Commission David Mills, Ofsted HMI lead inspector").
const TEAM_HEADINGS: &[&str] = &[
    "inspection team",
    "care quality commission",
    "ofsted",
    "cqc",
];

static OUTCOME_HEAD_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?im)^[ \t]*inspection\s+outcome[ \t]*$").ok());

/// The three outcome statements of the 2023 framework, by their distinctive wording.
const OUTCOMES: &[(u8, &str)] = &[
    (1, "typically lead to positive experiences"),
    (2, "lead to inconsistent experiences"),
    (3, "widespread and/or systemic failings"),
];

/// The Ofsted lead inspector of the team list ("Mr Charlie Fordham, Ofsted lead
/// inspector"), without honorific.
pub(crate) fn ofsted_lead(text: &str) -> Option<Spanned<String>> {
    let m = OFSTED_LEAD_RE.as_ref()?.find(text)?;
    let before = text.get(..m.start())?;
    let seg_start = before.rfind(['\t', '\n']).map_or(0, |i| i + 1);
    let mut seg = before.get(seg_start..)?;
    // drop the column headings printed before the first name
    loop {
        let t = seg.trim_start();
        let low = t.to_lowercase();
        match TEAM_HEADINGS.iter().find(|h| low.starts_with(*h)) {
            Some(h) => seg = t.get(h.len()..)?,
            None => break,
        }
    }
    let name = super::clean_name(seg)?;
    if name.split_whitespace().count() < 2 {
        return None;
    }
    let first = name.split_whitespace().next()?;
    let start = m.start() - seg.len() + seg.find(first)?;
    Some(Spanned {
        end: (start + name.len()).min(m.start()),
        value: name,
        start,
    })
}

/// The sentences of `s` with their byte offsets (a sentence ends at ". " or the end).
fn sentences(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let b = s.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w[0] == b'.' && (w[1] == b' ' || w[1] == b'\n') {
            out.push((from, s.get(from..=i).unwrap_or("")));
            from = i + 2;
        }
    }
    if from < s.len() {
        out.push((from, s.get(from..).unwrap_or("")));
    }
    out
}

/// The outcome statement under the "Inspection outcome" heading: `"<n>: <statement>"`.
pub(crate) fn outcome(text: &str) -> Option<Spanned<String>> {
    let h = OUTCOME_HEAD_RE.as_ref()?.find(text)?;
    let body_start =
        h.end() + (text.get(h.end()..)?.len() - text.get(h.end()..)?.trim_start().len());
    let win = text.get(body_start..floor_boundary(text, body_start + 1500))?;
    let sents = sentences(win);
    let (first_off, first) = *sents.first()?;
    let n = OUTCOMES
        .iter()
        .find(|(_, w)| squash(first).contains(w))
        .map(|(n, _)| *n)?;
    // the statement goes on while its sentences are about the partnership
    let mut end = first_off + first.len();
    for (off, s) in sents.iter().skip(1) {
        if !s.trim_start().starts_with("The local area partnership") {
            break;
        }
        end = off + s.len();
    }
    let statement = squash(win.get(first_off..end)?);
    Some(Spanned {
        value: format!("{n}: {statement}"),
        start: body_start + first_off,
        end: body_start + end,
    })
}

crate::rx::register!(OFSTED_LEAD_RE, OUTCOME_HEAD_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        assert!(OFSTED_LEAD_RE.is_some());
        assert!(OUTCOME_HEAD_RE.is_some());
    }

    #[test]
    fn lead_in_two_column_team_list() {
        let t = "Inspection team\n\nOfsted\tCare Quality Commission\n\nMr Charlie Fordham, Ofsted lead inspector\tDaniel Carrick, CQC lead inspector\n";
        let l = ofsted_lead(t).unwrap();
        assert_eq!(l.value, "Charlie Fordham");
        assert_eq!(&t[l.start..l.end], "Charlie Fordham");
        let t2 = "Ofsted\n\nHelen Forrest, Ofsted Lead inspector\n\nWayne Simner, Ofsted HMI\n";
        assert_eq!(ofsted_lead(t2).unwrap().value, "Helen Forrest");
        let t3 = "Inspection team\n\nOfsted\tCare Quality Commission David Mills, Ofsted HMI lead inspector\tClaire Mason, CQC lead inspector\n";
        let l = ofsted_lead(t3).unwrap();
        assert_eq!(l.value, "David Mills");
        assert_eq!(&t3[l.start..l.end], "David Mills");
        assert!(ofsted_lead("Daniel Carrick, CQC lead inspector\n").is_none());
    }

    #[test]
    fn outcomes_of_the_three_kinds() {
        let t = "Inspection outcome\n\nThe local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people with special educational needs and/or disabilities (SEND). The local area partnership must work jointly to make improvements. The next full area SEND inspection will be within approximately three years.\n";
        let n = outcome(t).unwrap();
        assert!(
            n.value
                .starts_with("2: The local area partnership’s arrangements")
        );
        assert!(n.value.ends_with("must work jointly to make improvements."));
        let t3 = "Inspection outcome\n\nThere are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with special educational needs and/or disabilities (SEND), which the local area partnership must address urgently. A monitoring inspection will be carried out within approximately 18 months.\n";
        let n = outcome(t3).unwrap();
        assert!(n.value.starts_with("3: There are widespread"));
        assert!(n.value.ends_with("must address urgently."));
        let (s, e) = (n.start, n.end);
        assert!(t3[s..e].starts_with("There are"));
        assert!(outcome("Inspection outcome\n\nSomething else.\n").is_none());
    }
}
