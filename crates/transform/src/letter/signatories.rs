//! The signatories of a JTAI letter: one director or chief inspector per inspectorate,
//! printed after "Yours sincerely" as a name line followed by role lines, in one column
//! ("Yvette Stanley\nNational Director Regulation and Social Care, Ofsted\nDr Sean
//! O’Kelly BSc MB ChB ...\nChief Inspector of Health Care, CQC") or in two, under column
//! headings naming the inspectorates ("Ofsted\tCare Quality Commission\nYvette
//! Stanley\nNational Director, Social Care\nUrsula Gallagher\n...").
//!
//! The organisation of each is its inspectorate: the one its role lines name, else, when
//! there is one signatory per inspectorate taking part, the inspectorate of the same rank
//! (letters sign in the order Ofsted, CQC, HMICFRS, HMI Probation, the order of
//! [`Inspectorate::ALL`]).

use super::NamedInspectorate;
use super::addressees::{bare_name, block_lines};
use crate::{Person, floor_boundary, squash};
use ofsted_model::vocab::Inspectorate;
use regex::Regex;
use std::sync::LazyLock;

static SIGN_OFF_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)\byours\s+(?:sincerely|faithfully)\b").ok());

/// An inspectorate's name alone (a column heading or the end of a role line).
static INSPECTORATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)^(?:the\s+)?(?:ofsted|cqc|care\s+quality\s+commission|hmicfrs|hmi\s+constabulary(?:\s+and\s+fire\s+&\s+rescue\s+services)?|hmi\s+probation|hmip)$").ok()
});

/// How far after the sign-off the signatures may run (bytes).
const WINDOW: usize = 1500;

/// The inspectorate a piece of text names, if exactly that.
fn inspectorate_of(s: &str) -> Option<Inspectorate> {
    let s = s.trim().to_lowercase();
    if !INSPECTORATE_RE.as_ref()?.is_match(&s) {
        return None;
    }
    Some(if s.contains("ofsted") {
        Inspectorate::Ofsted
    } else if s.contains("cqc") || s.contains("care quality") {
        Inspectorate::Cqc
    } else if s.contains("probation") || s == "hmip" {
        Inspectorate::HmiProbation
    } else {
        Inspectorate::Hmicfrs
    })
}

/// The organisation column's name of an inspectorate.
fn display(i: Inspectorate) -> &'static str {
    match i {
        Inspectorate::Ofsted => "Ofsted",
        Inspectorate::Cqc => "Care Quality Commission",
        Inspectorate::Hmicfrs => "HMICFRS",
        Inspectorate::HmiProbation => "HMI Probation",
    }
}

/// A signature's name line: "Wendy Williams, CBE", "Dr Sean O’Kelly BSc MB ChB", or two
/// words glued by the PDF ("YvetteStanley").
fn signature_name(line: &str) -> Option<String> {
    let head = line.split(',').next().unwrap_or(line).trim();
    if let Some(n) = bare_name(head) {
        return Some(n);
    }
    let glued = !head.contains(' ')
        && head.chars().next().is_some_and(char::is_uppercase)
        && head.chars().filter(char::is_ascii_uppercase).count() == 2;
    if !glued {
        return None;
    }
    let cut = head
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())?
        .0;
    let (a, b) = (head.get(..cut)?, head.get(cut..)?);
    let prev_lower = a.chars().last().is_some_and(char::is_lowercase);
    (prev_lower && a.len() > 2).then(|| bare_name(&format!("{a} {b}")))?
}

struct Signature {
    name: String,
    roles: Vec<String>,
    start: usize,
    end: usize,
}

impl Signature {
    /// Role lines joined (a line continuing a wrapped one is glued with a space) and the
    /// inspectorate a trailing ", Ofsted" names, which leaves the role.
    fn role_and_inspectorate(&self) -> (Option<String>, Option<Inspectorate>) {
        let mut role = String::new();
        for r in &self.roles {
            let continues = r.split_whitespace().count() == 1
                || role.ends_with('&')
                || role.ends_with(" and")
                || role.ends_with(" of");
            if !role.is_empty() {
                role.push_str(if continues { " " } else { ", " });
            }
            role.push_str(r);
        }
        let mut found = None;
        if let Some((head, tail)) = role.rsplit_once(',')
            && let Some(i) = inspectorate_of(tail)
        {
            found = Some(i);
            role = head.to_owned();
        }
        ((!role.is_empty()).then(|| squash(&role)), found)
    }
}

/// The signatures after the sign-off: a name line, then role lines up to the next name.
fn signatures(text: &str) -> Vec<Signature> {
    let Some(m) = SIGN_OFF_RE.as_ref().and_then(|re| re.find(text)) else {
        return Vec::new();
    };
    let hi = floor_boundary(text, m.end() + WINDOW);
    let mut out: Vec<Signature> = Vec::new();
    for (s, e, line) in block_lines(text, m.end(), hi) {
        if line.split_whitespace().count() > 14 {
            break;
        }
        if line.contains('\t') || inspectorate_of(line).is_some() {
            continue; // column headings
        }
        if let Some(name) = signature_name(line) {
            out.push(Signature {
                name,
                roles: Vec::new(),
                start: s,
                end: e,
            });
        } else if let Some(last) = out.last_mut() {
            last.roles.push(line.to_owned());
            last.end = e;
        }
    }
    out
}

/// The signatories of a JTAI letter with role and inspectorate (see the module header).
pub fn find(text: &str, inspectorates: &[NamedInspectorate]) -> Vec<Person> {
    let sigs = signatures(text);
    let mut taking_part: Vec<Inspectorate> = inspectorates.iter().map(|i| i.inspectorate).collect();
    taking_part.sort_by_key(|i| Inspectorate::ALL.iter().position(|a| a == i));
    taking_part.dedup();
    let by_rank = sigs.len() == taking_part.len();
    sigs.iter()
        .enumerate()
        .map(|(k, sig)| {
            let (role, named) = sig.role_and_inspectorate();
            let org = named.or_else(|| taking_part.get(k).copied().filter(|_| by_rank));
            Person {
                name: sig.name.clone(),
                role,
                organisation: org.map(|i| display(i).to_owned()),
                start: sig.start,
                end: sig.end,
            }
        })
        .collect()
}

crate::rx::register!(SIGN_OFF_RE, INSPECTORATE_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn named(i: Inspectorate) -> NamedInspectorate {
        NamedInspectorate {
            inspectorate: i,
            verbatim: String::new(),
            start: 0,
            end: 0,
        }
    }

    fn got(t: &str, n: usize) -> Vec<(String, Option<String>, Option<String>)> {
        let all = [
            named(Inspectorate::Ofsted),
            named(Inspectorate::Cqc),
            named(Inspectorate::Hmicfrs),
            named(Inspectorate::HmiProbation),
        ];
        find(t, all.get(..n).unwrap())
            .into_iter()
            .map(|p| (p.name, p.role, p.organisation))
            .collect()
    }

    #[test]
    fn regexes_compile() {
        assert!(SIGN_OFF_RE.is_some() && INSPECTORATE_RE.is_some());
    }

    #[test]
    fn one_column() {
        let t = "Next steps\n\nYours sincerely\n\nYvette Stanley\n\nNational Director Regulation and Social Care, Ofsted\n\nDr Sean O’Kelly BSc MB ChB MSc DCH FRCA\n\nChief Inspector of Health Care, CQC\n\nMichelle Skeer, OBE QPM\n\nHis Majesty’s Inspector of Constabulary\n\nHis Majesty’s Inspector of Fire & Rescue Services\n";
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got(t, 3),
            vec![
                (
                    "Yvette Stanley".into(),
                    s("National Director Regulation and Social Care"),
                    s("Ofsted")
                ),
                (
                    "Sean O’Kelly".into(),
                    s("Chief Inspector of Health Care"),
                    s("Care Quality Commission")
                ),
                (
                    "Michelle Skeer".into(),
                    s(
                        "His Majesty’s Inspector of Constabulary, His Majesty’s Inspector of Fire & Rescue Services"
                    ),
                    s("HMICFRS")
                ),
            ]
        );
    }

    #[test]
    fn two_columns_with_headings_and_glued_name() {
        let t = "Yours sincerely\n\nOfsted\tCare Quality Commission\n\nYvetteStanley\n\nNational Director, Social Care\n\nUrsula Gallagher\n\nDeputy Chief Inspector\n\nHMI Constabulary and Fire & Rescue Services\tHMI Probation\n\nWendy Williams\n\nHMI Constabulary and Fire & Rescue\n\nServices\n\nHelen Davies\n\nAssistant Chief Inspector\n\n1 The Children Act 2004 (Joint Area Reviews) Regulations 2015 enable Ofsted’s chief inspector to determine which agency should make the written statement.\n";
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got(t, 4),
            vec![
                (
                    "Yvette Stanley".into(),
                    s("National Director, Social Care"),
                    s("Ofsted")
                ),
                (
                    "Ursula Gallagher".into(),
                    s("Deputy Chief Inspector"),
                    s("Care Quality Commission")
                ),
                (
                    "Wendy Williams".into(),
                    s("HMI Constabulary and Fire & Rescue Services"),
                    s("HMICFRS")
                ),
                (
                    "Helen Davies".into(),
                    s("Assistant Chief Inspector"),
                    s("HMI Probation")
                ),
            ]
        );
    }
}
