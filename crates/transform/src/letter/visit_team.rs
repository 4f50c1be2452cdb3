//! The inspectors of a focused or monitoring visit, as the letter's opening names them:
//! "Her Majesty’s Inspectors for this visit were Julie Knight, Dominic Stevens and Nick
//! Bennison.", "The inspectors were Margaret Burke, HMI, and Nick Stacey, HMI.", "The
//! visit was conducted by Donna Marriott, Maire Atherton and Caroline Walsh, three of Her
//! Majesty’s Inspectors." Each becomes a person with the role printed after the name, else
//! the sentence's ("Her Majesty’s Inspector", singular).

use super::addressees::bare_name;
use crate::{Person, floor_boundary, squash};
use regex::Regex;
use std::sync::LazyLock;

static TEAM_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?:(?P<r1>(?:Her|His)\s+Majesty['’]s\s+Inspector)s\s+for\s+this\s+visit\s+were|[Tt]he\s+inspectors\s+were|[Tt]he\s+visit\s+was\s+(?:conducted|carried\s+out)\s+by)\s+(?P<list>[^.]+?)(?:,\s+(?:two|three|four|five)\s+of\s+(?P<r2>(?:Her|His)\s+Majesty['’]s\s+Inspector)s)?\.").ok()
});

static SPLIT_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r",\s*(?:and\s+)?|\s+and\s+").ok());

/// How far after the salutation the sentence may be (bytes).
const WINDOW: usize = 3000;

fn is_inspector_role(s: &str) -> bool {
    s.contains("Inspector") || s.split_whitespace().any(|w| w == "HMI" || w == "(HMI)")
}

/// The visit's inspectors named in the letter's opening (after `from`).
pub fn find(text: &str, from: usize) -> Vec<Person> {
    let hi = floor_boundary(text, from + WINDOW);
    let Some(win) = text.get(from..hi) else {
        return Vec::new();
    };
    let (Some(re), Some(split)) = (TEAM_RE.as_ref(), SPLIT_RE.as_ref()) else {
        return Vec::new();
    };
    let Some(c) = re.captures(win) else {
        return Vec::new();
    };
    let Some(list) = c.name("list") else {
        return Vec::new();
    };
    let default_role = c
        .name("r1")
        .or_else(|| c.name("r2"))
        .map(|m| squash(m.as_str()));
    let base = from + list.start();
    let s = list.as_str();
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for m in split.find_iter(s) {
        parts.push((at, m.start()));
        at = m.end();
    }
    parts.push((at, s.len()));
    let mut out: Vec<Person> = Vec::new();
    for (a, b) in parts {
        let part = s.get(a..b).unwrap_or("").trim();
        // a role is checked first: "Her Majesty's Inspector" also looks like a name
        if is_inspector_role(part) {
            if let Some(p) = out.last_mut() {
                p.role = Some(squash(part));
                p.end = base + b;
            }
        } else if let Some(name) = bare_name(part) {
            out.push(Person {
                name,
                role: default_role.clone(),
                organisation: None,
                start: base + a,
                end: base + b,
            });
        }
    }
    out
}

crate::rx::register!(TEAM_RE, SPLIT_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn got(t: &str) -> Vec<(String, Option<String>)> {
        find(t, 0).into_iter().map(|p| (p.name, p.role)).collect()
    }

    #[test]
    fn regexes_compile() {
        assert!(TEAM_RE.is_some() && SPLIT_RE.is_some());
    }

    #[test]
    fn team_sentences() {
        let hmi = Some("Her Majesty’s Inspector".to_owned());
        assert_eq!(
            got(
                "Dear Ann\n\nHer Majesty’s Inspectors for this visit were Ann Lee, Bob Hart and Carol King.\n"
            ),
            vec![
                ("Ann Lee".into(), hmi.clone()),
                ("Bob Hart".into(), hmi.clone()),
                ("Carol King".into(), hmi.clone())
            ]
        );
        assert_eq!(
            got(
                "The inspectors were Ann Lee, HMI, and Bob Hart, Her Majesty’s Inspector. Inspectors were on site."
            ),
            vec![
                ("Ann Lee".into(), Some("HMI".into())),
                ("Bob Hart".into(), hmi.clone())
            ]
        );
        assert_eq!(
            got(
                "The visit was conducted by Ann Lee, Bob Hart and Carol King, three of Her Majesty’s Inspectors."
            ),
            vec![
                ("Ann Lee".into(), hmi.clone()),
                ("Bob Hart".into(), hmi.clone()),
                ("Carol King".into(), hmi)
            ]
        );
    }
}
