//! The people a letter is addressed to, with role and organisation.
//!
//! The addressee block sits between the letter date and the salutation. Focused and
//! monitoring visit letters print one addressee over lines: name, role, organisation and
//! postal address ("Andy Smith\nStrategic Director of People Services\nThe Council
//! House\n..."); when no line of the block names an organisation, the subject line's
//! "Focused visit to Derby City Council children's services" gives it. JTAI letters print
//! one addressee a line, "Name, Role, Organisation" ("Sharon Hubber, Director of
//! Children's Services, Rochdale local authority"), a long organisation wrapped onto the
//! next line; the organisation is the part from the first segment that reads as one
//! (council, police, board, partnership, group, team, ...).

use crate::{Person, squash};
use regex::Regex;
use std::sync::LazyLock;

/// Titles printed before names.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Sir",
    "Dame",
    "Professor",
    "Prof",
    "Cllr",
    "Councillor",
    "Lord",
    "Lady",
    "Baroness",
];

/// Words that make a segment an organisation.
const ORG_WORDS: &[&str] = &[
    "council",
    "borough",
    "county",
    "authority",
    "police",
    "constabulary",
    "board",
    "group",
    "team",
    "partnership",
    "service",
    "services",
    "company",
    "nhs",
    "ccg",
    "trust",
    "commission",
    "directorate",
    "department",
    "office",
    "icb",
    "city",
    "probation",
];

/// Words inside a role or organisation after which no name starts.
const JOINING: &[&str] = &["and", "of", "for", "the", "in", "with", "to", "&"];

/// Words of a postal address line ("The Council House", "Town Hall", "1 Friargate").
const ADDRESS_WORDS: &[&str] = &[
    "house",
    "street",
    "road",
    "square",
    "lane",
    "avenue",
    "place",
    "hall",
    "centre",
    "box",
    "way",
    "court",
    "park",
    "buildings",
    "building",
    "gate",
    "floor",
    "offices",
];

/// Words that make a line a role.
const ROLE_WORDS: &[&str] = &[
    "director",
    "manager",
    "chief",
    "head",
    "chair",
    "commissioner",
    "executive",
    "officer",
    "lead",
    "nurse",
    "mayor",
    "constable",
    "ceo",
    "president",
    "leader",
    "member",
    "dcs",
];

static NAME_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"^(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.?)(?:\s+(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.?)){1,3}$")
        .ok()
});

static SUBJECT_ORG_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"(?i)\b(?:focused|monitoring)\s+visit\s+(?:to|of)\s+(.+?)\s+(?:local\s+authority\s+)?children['’]s\s+services").ok()
});

fn words_in(s: &str, list: &[&str]) -> bool {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| list.contains(&w))
}

fn is_org(s: &str) -> bool {
    words_in(s, ORG_WORDS)
}

fn is_role(s: &str) -> bool {
    words_in(s, ROLE_WORDS)
}

/// A department of a council: its only organisation words are "department",
/// "directorate", "service" or "services".
fn is_department(s: &str) -> bool {
    const DEPT: &[&str] = &["department", "directorate", "service", "services"];
    let low = s.to_lowercase();
    let words: Vec<&str> = low.split(|c: char| !c.is_alphanumeric()).collect();
    words.iter().any(|w| DEPT.contains(w))
        && !words
            .iter()
            .any(|w| ORG_WORDS.contains(w) && !DEPT.contains(w))
}

/// A local authority's area named alone ("Gloucestershire", "Richmond Upon Thames").
fn is_place(s: &str) -> bool {
    !is_role(s) && crate::gazetteer::lookup(s.trim(), None).is_some()
}

/// Drops titles before and post-nominals (all-capital tokens: CBE, QPM, BSc) after a name.
pub(super) fn bare_name(raw: &str) -> Option<String> {
    let toks: Vec<&str> = raw.split_whitespace().collect();
    let mut i = 0;
    while toks
        .get(i)
        .is_some_and(|t| TITLES.contains(&t.trim_end_matches('.')))
    {
        i += 1;
    }
    let mut out: Vec<&str> = Vec::new();
    for t in toks.iter().skip(i) {
        let post = t.len() >= 2 && t.chars().all(|c| c.is_ascii_uppercase()) || {
            let caps = t.chars().filter(char::is_ascii_uppercase).count();
            caps >= 2 && t.chars().filter(|c| c.is_ascii_lowercase()).count() <= 1
        };
        if post && out.len() >= 2 {
            break;
        }
        out.push(t);
    }
    let name = out.join(" ");
    (out.len() >= 2
        && out.len() <= 4
        && !is_org(&name)
        && !is_role(&name)
        && NAME_RE.as_ref().is_some_and(|re| re.is_match(&name)))
    .then_some(name)
}

/// Non-blank lines of `text[from..to]` with their byte spans.
pub(super) fn block_lines(text: &str, from: usize, to: usize) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut pos = from;
    let Some(block) = text.get(from..to) else {
        return out;
    };
    for raw in block.split_inclusive('\n') {
        let t = raw.trim();
        if !t.is_empty() {
            let lead = raw.len() - raw.trim_start().len();
            out.push((pos + lead, pos + lead + t.len(), t));
        }
        pos += raw.len();
    }
    out
}

/// The organisation named in a visit letter's subject line.
fn subject_org(text: &str, dear: usize) -> Option<String> {
    let after = text.get(dear..crate::floor_boundary(text, dear + 400))?;
    let c = SUBJECT_ORG_RE.as_ref()?.captures(after)?;
    let org = squash(c.get(1)?.as_str());
    is_org(&org).then_some(org)
}

/// A focused or monitoring visit letter's addressee: the name line of the block before
/// the salutation (`dear`) that `block_from` starts, with the role on the next line and the
/// organisation on the line after it (or from the subject line).
pub fn addressee_block(text: &str, dear: usize) -> Option<Person> {
    let from = block_start(text, dear);
    let ls = block_lines(text, from, dear);
    for (i, &(s, e, t)) in ls.iter().enumerate() {
        if t.contains(',') {
            continue;
        }
        let Some(name) = bare_name(t) else { continue };
        let Some(&(_, re_, role)) = ls.get(i + 1) else {
            continue;
        };
        if !is_role(role) {
            if is_org(role) && !words_in(role, ADDRESS_WORDS) {
                // "Sally Rowe\nWalsall Metropolitan Borough Council": no role printed
                return Some(Person {
                    name,
                    role: None,
                    organisation: Some(squash(role)),
                    start: s,
                    end: re_,
                });
            }
            continue;
        }
        let org_line = ls.get(i + 2).filter(|(_, _, o)| {
            (is_org(o) || is_place(o))
                && !is_role(o)
                && !words_in(o, ADDRESS_WORDS)
                && !o.chars().any(|c| c.is_ascii_digit())
        });
        // a department of the council ("Children’s Services Department") gives way to
        // the council the subject line names
        let department = org_line.is_some_and(|(_, _, o)| is_department(o));
        let organisation = match (org_line, department) {
            (Some((_, _, o)), false) => Some(squash(o)),
            (Some((_, _, o)), true) => subject_org(text, dear).or_else(|| Some(squash(o))),
            (None, _) => subject_org(text, dear),
        };
        return Some(Person {
            name,
            role: Some(squash(role)),
            organisation,
            start: s,
            end: org_line.map_or(re_, |o| o.1).max(e),
        });
    }
    None
}

/// Where the addressee block starts: after the last line of Ofsted's own address
/// ("www.gov.uk/ofsted") or the letter date line, before `dear`.
fn block_start(text: &str, dear: usize) -> usize {
    let head = text.get(..dear).unwrap_or("");
    let after_web = ["gov.uk/ofsted", "ofsted.gov.uk", "Textphone"]
        .iter()
        .filter_map(|k| head.rfind(k))
        .max()
        .map_or(0, |i| {
            head.get(i..)
                .and_then(|r| r.find('\n'))
                .map_or(i, |j| i + j)
        });
    let date_line = crate::report::text::find_dates(head)
        .into_iter()
        .filter(|h| h.from == h.to && h.start >= after_web)
        .map(|h| {
            head.get(h.end..)
                .and_then(|r| r.find('\n'))
                .map_or(h.end, |j| h.end + j)
        })
        .next();
    date_line.unwrap_or(after_web)
}

/// Splits "Role, Organisation" segments: the organisation starts at the first segment
/// (after the first) that reads as one; else a first segment "Role of [the] Organisation"
/// or "Police and Crime Commissioner [for] Area" is split (see [`split_role`]), and the
/// segments after it stay with the organisation.
fn role_org(rest: &str) -> (Option<String>, Option<String>) {
    let segs: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(first) = segs.first() else {
        return (None, None);
    };
    let cut = segs.iter().skip(1).position(|s| is_org(s)).map(|p| p + 1);
    if let Some(mut c) = cut {
        // places before the body are part of its name ("Bristol, Gloucestershire,
        // Somerset and Wiltshire Community Rehabilitation Company")
        while c > 1 && segs.get(c - 1).is_some_and(|s| is_place(s)) {
            c -= 1;
        }
        return (
            Some(squash(&segs.get(..c).unwrap_or(&[]).join(", "))),
            Some(squash(&segs.get(c..).unwrap_or(&[]).join(", "))),
        );
    }
    match split_role(first) {
        Some((role, org)) => {
            let mut org = vec![org];
            org.extend(segs.iter().skip(1).map(|s| (*s).to_owned()));
            (Some(squash(&role)), Some(squash(&org.join(", "))))
        }
        None => (Some(squash(&segs.join(", "))), None),
    }
}

/// Words that make a title-case phrase after "of" or "for" a named body ("Commissioner of
/// the Metropolitan Police Service", "Executive Lead for the CCG"); "services" is not one
/// ("Director of Children's Services" is a role).
const BODY_WORDS: &[&str] = &[
    "police",
    "constabulary",
    "council",
    "probation",
    "board",
    "trust",
    "nhs",
    "ccg",
    "commission",
    "company",
    "partnership",
];

const PCC: &str = "police and crime commissioner";

/// "Role of [the] Body" → (role, body) when the body is a title-case name with a body
/// word; "[Area] Police and Crime Commissioner [for] [Area]" → (the role, the area).
fn split_role(seg: &str) -> Option<(String, String)> {
    let low = seg.to_lowercase();
    if let Some(p) = low.find(PCC) {
        let before = seg.get(..p)?.trim();
        let after = seg.get(p + PCC.len()..)?.trim();
        let after = after.strip_prefix("for ").unwrap_or(after).trim();
        let role = seg.get(p..p + PCC.len())?.to_owned();
        return match (before.is_empty(), after.is_empty()) {
            (true, false) => Some((role, after.to_owned())),
            (false, true) => Some((role, before.to_owned())),
            _ => None,
        };
    }
    for sep in [" of the ", " for the ", " of ", " for "] {
        let Some(p) = seg.find(sep) else { continue };
        let (role, body) = (seg.get(..p)?, seg.get(p + sep.len()..)?);
        let title_case = body
            .split_whitespace()
            .all(|w| matches!(w, "and" | "of") || w.chars().next().is_some_and(char::is_uppercase));
        if title_case && words_in(body, BODY_WORDS) && is_role(role) {
            return Some((role.to_owned(), body.to_owned()));
        }
    }
    None
}

/// A JTAI letter's addressees: "Name, Role, Organisation" each, before the salutation at
/// `dear`. The cleaned text may join the lines into one paragraph, so a new addressee is
/// recognised where a name (optional title, two capitalised words, optional
/// post-nominals) is followed by a comma or by a role word ("John Wiseman Probation
/// Director, ...").
pub fn addressee_lines(text: &str, dear: usize) -> Vec<Person> {
    let from = block_start(text, dear);
    let Some(block) = text.get(from..dear) else {
        return Vec::new();
    };
    let toks: Vec<(usize, &str)> = block
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - block.as_ptr() as usize, t))
        .collect();
    // (token index where the entry starts, index of the first token after the name, name)
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match name_at(&toks, i) {
            // lines joined into one paragraph: the last word of the previous entry
            // ("... for Halton Michelle Creed, ...") is not a first name when the next
            // two words make a name followed by a comma
            Some((_, _, false)) if name_at(&toks, i + 1).is_some_and(|n| n.2) => i += 1,
            Some((after, name, _)) => {
                starts.push((i, after, name));
                i = after;
            }
            None => i += 1,
        }
    }
    let mut out = Vec::new();
    for (k, (si, after, name)) in starts.iter().enumerate() {
        let end_tok = starts.get(k + 1).map_or(toks.len(), |n| n.0);
        let rest: Vec<&str> = toks
            .get(*after..end_tok)
            .unwrap_or(&[])
            .iter()
            .map(|t| t.1)
            .collect();
        let rest = rest.join(" ");
        let (role, organisation) = role_org(rest.trim_start_matches(',').trim());
        let start = from + toks.get(*si).map_or(0, |t| t.0);
        let end = toks
            .get(end_tok.saturating_sub(1))
            .map_or(start, |t| from + t.0 + t.1.len());
        out.push(Person {
            name: name.clone(),
            role,
            organisation,
            start,
            end,
        });
    }
    out
}

/// A name starting at token `i`: returns the index of the token after it (post-nominals
/// skipped), the bare name and whether a comma ends it, when a comma or a role word
/// follows. A name never follows a joining word ("Children and Young People," is the end
/// of a role).
fn name_at(toks: &[(usize, &str)], i: usize) -> Option<(usize, String, bool)> {
    if i > 0 && toks.get(i - 1).is_some_and(|t| JOINING.contains(&t.1)) {
        return None;
    }
    let mut j = i;
    if toks
        .get(j)
        .is_some_and(|t| TITLES.contains(&t.1.trim_end_matches('.')))
    {
        j += 1;
    }
    let a = toks.get(j)?.1;
    let b = toks.get(j + 1)?.1;
    let b_bare = b.trim_end_matches(',');
    let name = bare_name(&format!("{a} {b_bare}"))?;
    if a.ends_with(',') {
        return None;
    }
    let mut k = j + 2;
    if b.ends_with(',') {
        return Some((k, name, true));
    }
    // post-nominals ("CBE QPM,")
    while let Some(t) = toks.get(k).map(|t| t.1) {
        let bare = t.trim_end_matches(',');
        if bare.len() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase()) {
            k += 1;
            if t.ends_with(',') {
                return Some((k, name, true));
            }
        } else {
            break;
        }
    }
    // a role follows without a comma ("John Wiseman Probation Director, ...")
    let next = toks.get(k)?.1;
    let role_soon = is_role(next) || toks.get(k + 1).is_some_and(|t| is_role(t.1));
    (next.chars().next().is_some_and(char::is_uppercase) && role_soon).then_some((k, name, false))
}

crate::rx::register!(NAME_RE, SUBJECT_ORG_RE);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn regexes_compile() {
        assert!(NAME_RE.is_some() && SUBJECT_ORG_RE.is_some());
    }

    #[test]
    fn visit_letter_block() {
        let t = "www.gov.uk/ofsted\n\n12 January 2024\n\nGrainne Siggins\n\nExecutive Director, People\n\nBracknell Forest Council\n\nTime Square, Market Street\n\nDear Ms Siggins\n\nFocused visit to Bracknell Forest local authority children’s services\n";
        let dear = t.find("Dear").unwrap();
        let p = addressee_block(t, dear).unwrap();
        assert_eq!(p.name, "Grainne Siggins");
        assert_eq!(p.role.as_deref(), Some("Executive Director, People"));
        assert_eq!(p.organisation.as_deref(), Some("Bracknell Forest Council"));
        // organisation from the subject line
        let t = "9 August 2021\nAndy Smith\nStrategic Director of People Services\nThe Council House\nCorporation Street\n\nDear Mr Smith\nFocused visit to Derby City Council children’s services\n";
        let p = addressee_block(t, t.find("Dear").unwrap()).unwrap();
        assert_eq!(p.name, "Andy Smith");
        assert_eq!(p.organisation.as_deref(), Some("Derby City Council"));
        // a department line gives way to the council of the subject line
        let t = "5 November 2018\nSteve Crocker\nDirector of Children’s Services\nChildren’s Services Department\n3rd Floor, Elizabeth II Court North\n\nDear Steve,\nFocused visit to Hampshire County Council children’s services\n";
        let p = addressee_block(t, t.find("Dear").unwrap()).unwrap();
        assert_eq!(p.organisation.as_deref(), Some("Hampshire County Council"));
        // an authority's name alone after the role is the organisation
        let t = "7 May 2019\nJames Thomas\nInterim Director of Children’s Services\nRichmond Upon Thames\n42 York Street\n\nDear Mr Thomas\nFocused visit to Richmond Upon Thames local authority children’s services\n";
        let p = addressee_block(t, t.find("Dear").unwrap()).unwrap();
        assert_eq!(p.organisation.as_deref(), Some("Richmond Upon Thames"));
    }

    #[test]
    fn jtai_lines() {
        let t = "12 July 2024\n\nSharon Hubber, Director of Children’s Services, Rochdale local authority\nSir Richard Leese, Executive lead, NHS Greater Manchester Integrated Care Board\nSue Mountstevens, Police and Crime Commissioner\nAnne Morris, Director of Nursing and Quality, Bristol North Somerset and South\nGloucestershire Clinical Commissioning Group\nCressida Dick CBE QPM, Commissioner of the Metropolitan Police\nJohn Wiseman Probation Director, Bristol Community Rehabilitation Company\n\nDear Rochdale Local Safeguarding Partnership\n";
        let ps = addressee_lines(t, t.find("Dear").unwrap());
        let got: Vec<(String, Option<String>, Option<String>)> = ps
            .into_iter()
            .map(|p| (p.name, p.role, p.organisation))
            .collect();
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got,
            vec![
                (
                    "Sharon Hubber".into(),
                    s("Director of Children’s Services"),
                    s("Rochdale local authority")
                ),
                (
                    "Richard Leese".into(),
                    s("Executive lead"),
                    s("NHS Greater Manchester Integrated Care Board")
                ),
                (
                    "Sue Mountstevens".into(),
                    s("Police and Crime Commissioner"),
                    None
                ),
                (
                    "Anne Morris".into(),
                    s("Director of Nursing and Quality"),
                    s(
                        "Bristol North Somerset and South Gloucestershire Clinical Commissioning Group"
                    )
                ),
                (
                    "Cressida Dick".into(),
                    s("Commissioner"),
                    s("Metropolitan Police")
                ),
                (
                    "John Wiseman".into(),
                    s("Probation Director"),
                    s("Bristol Community Rehabilitation Company")
                ),
            ]
        );
    }

    /// Lines the cleaned text joined into one paragraph: the last word of an entry is not
    /// a first name, and "and Young People," ends a role; "of the Body" and a police and
    /// crime commissioner's area are the organisation.
    #[test]
    fn jtai_joined_lines_and_split_roles() {
        let t = "1 May 2023\n\nAnn Lee, Executive Director for Children and Young People, Barset Council Bob Hart, Executive lead of the CCG with responsibility for Barset Carol King, Chief Constable, Barset Police\n\nDan Moss, Police and Crime Commissioner for Barset Vale\n\nEve Fox, Commissioner of the Metropolitan Police Service\n\nFay Dunn, Barsetshire Police and Crime Commissioner\n\nGus Hill, Executive Director of Children’s Services, Royal Borough of Barset\nand Wold Hal Ince, Director, Barset Trust\n\nIan Kay, Probation Director, Bristol, Gloucestershire, Wessex Community Rehabilitation Company\n\nDear local partnership\n";
        let got: Vec<(String, Option<String>, Option<String>)> =
            addressee_lines(t, t.find("Dear").unwrap())
                .into_iter()
                .map(|p| (p.name, p.role, p.organisation))
                .collect();
        let s = |x: &str| Some(x.to_owned());
        let want = vec![
            (
                "Ann Lee".into(),
                s("Executive Director for Children and Young People"),
                s("Barset Council"),
            ),
            (
                "Bob Hart".into(),
                s("Executive lead of the CCG with responsibility for Barset"),
                None,
            ),
            (
                "Carol King".into(),
                s("Chief Constable"),
                s("Barset Police"),
            ),
            (
                "Dan Moss".into(),
                s("Police and Crime Commissioner"),
                s("Barset Vale"),
            ),
            (
                "Eve Fox".into(),
                s("Commissioner"),
                s("Metropolitan Police Service"),
            ),
            (
                "Fay Dunn".into(),
                s("Police and Crime Commissioner"),
                s("Barsetshire"),
            ),
            (
                "Gus Hill".into(),
                s("Executive Director of Children’s Services"),
                s("Royal Borough of Barset and Wold"),
            ),
            ("Hal Ince".into(), s("Director"), s("Barset Trust")),
            (
                "Ian Kay".into(),
                s("Probation Director"),
                s("Bristol, Gloucestershire, Wessex Community Rehabilitation Company"),
            ),
        ];
        assert_eq!(got, want);
    }
}
