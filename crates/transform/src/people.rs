//! People named with roles (inspectors, addressees, copy lists, report authors).
//!
//! Layouts read (all general, none keyed on a document):
//! - labelled lines and lists: "Lead inspector: Steve Lowe, Her Majesty's Inspector",
//!   "Lead inspector:   Joy Howick\nHer Majesty's Inspector", "Reporting inspector  Helen
//!   Cawston HMI", "Team inspectors: Pauline Higham (HMI), Karen Wareing (HMI) Fiona Millns
//!   (OI)", "Quality assurance manager: Christine Williams, Senior HMI", "Contact Officer:
//!   Lucy Sawyer Principal Policy and Project Officer London Borough of Camden, 5 Pancras
//!   Square ...". The role is the label (singular, as printed) plus the designation printed
//!   after the name: ", HMI" or " (HMI)" as printed.
//! - letter sign-offs: "Yours sincerely\n\nIan Young Her Majesty's Inspector".
//! - addressee blocks: "Ms Ann Baxter\nDirector of Children, Schools and Families\nLondon
//!   Borough of Camden".
//! - "Name, Role[, Organisation]" lines (copy lists, signatures, committee papers), with a
//!   role broken over lines ("London Borough of\nCamden").
//! - news prose: "said Jane Smith, director of children's services".
//!
//! Names are returned without titles (Ms, Mr, Dr, Councillor). The organisation is split
//! from the role when it is printed as its own part (a council, department, board, trust,
//! ...). Spans cover the name and its role.

use crate::{Person, gazetteer, squash};
use ofsted_model::doc::CleanDoc;
use regex::Regex;
use std::sync::LazyLock;

/// Titles dropped from names.
const TITLE: &str =
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Councillor|Cllr|Rev|Revd)\.?\s+)";

/// One name token: "Lowe", "McEntee", "O’Brien", "Thomson-Jones", "Ellender-Gele".
const TOKEN: &str = r"(?:[A-Z][a-zA-Z'’]*[a-z][a-zA-Z'’]*(?:-[A-Z][a-zA-Z'’]*[a-z][a-zA-Z'’]*)*)";

/// Words that are never part of a personal name in these documents.
const NOT_NAME: &[&str] = &[
    "Her",
    "His",
    "Majesty",
    "Majesty's",
    "Majesty’s",
    "Inspector",
    "Inspectors",
    "Senior",
    "Lead",
    "Deputy",
    "Team",
    "Shadow",
    "Quality",
    "Children",
    "Children's",
    "Children’s",
    "Council",
    "Borough",
    "London",
    "Director",
    "Chief",
    "Executive",
    "Department",
    "Education",
    "Ofsted",
    "Local",
    "Authority",
    "Services",
    "Service",
    "Social",
    "Care",
    "Board",
    "Safeguarding",
    "Member",
    "Chair",
    "Independent",
    "Head",
    "Manager",
    "Officer",
    "Assistant",
    "Principal",
    "Policy",
    "Project",
    "The",
    "And",
    "Of",
    "For",
    "In",
    "On",
    "Inspection",
    "Report",
    "Date",
    "Dates",
    "Signed",
    "Yours",
    "Dear",
    "Copy",
    "Judgement",
    "Grade",
    "Strengths",
    "Areas",
    "Additional",
    "Designated",
    "Associate",
    "Data",
    "Analyst",
    "Assurance",
    "Corporate",
    "Strategic",
    "Cabinet",
    "Portfolio",
    "Family",
    "Families",
    "Schools",
    "Learning",
    "People",
    "City",
    "County",
    "Royal",
    "Metropolitan",
    "Annual",
    "Unannounced",
    "Contact",
    "Overall",
    "Effectiveness",
    "Good",
    "Outstanding",
    "Inadequate",
    "Requires",
    "Improvement",
    "Published",
    "Age",
    "Group",
    "All",
    "Reporting",
    "Review",
    "Committee",
    "Scrutiny",
    "Cabinet",
    "Partnership",
    "Health",
    "Early",
    "Leaders",
    "Managers",
    "Workers",
    "Practitioners",
    "Councillors",
    "Office",
    "Government",
    "Secretary",
    "State",
    "Minister",
    "Agency",
    "Police",
    "Trust",
    "House",
    "Street",
    "Square",
    "Road",
    "Avenue",
    "Centre",
    "Telephone",
    "Email",
    "Tel",
    "Fax",
    "Website",
    "Page",
    "Appendix",
    "Section",
    "Table",
    "Summary",
    "Recommendations",
    "Purpose",
    "Background",
    "Finance",
    "Legal",
    "Comments",
    "Crown",
    "Copyright",
    "Strategy",
    "Plan",
    "Act",
    "Framework",
    "Adoption",
    "Fostering",
    "Leaving",
    "Virtual",
    "School",
    "College",
    "University",
    "National",
    "Regional",
    "Inspections",
    "Judgements",
    "What",
    "Next",
    "Steps",
    "Findings",
    "January",
    "February",
    "March",
    "July",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "HMI",
    "Cafcass",
    "Registered",
    "Address",
    "Medical",
    "Matrix",
];

/// Words that make a phrase a role.
static ROLE_WORD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)\b(?:director|chief|executive|head|manager|officer|member|chair|chairman|chairperson|chairwoman|leader|lead|councillor|inspector|assistant|deputy|commissioner|secretary|minister|principal|adviser|advisor|co-?ordinator|president|analyst|consultant|governor|mayor|cabinet|portfolio|worker|practitioner|solicitor|treasurer|clerk|trustee|superintendent|commander|editor|reporter|correspondent|spokes(?:person|man|woman)|hmi|shmi|dcs)\b",
    )
    .ok()
});

/// Words that make a phrase an organisation (when it has no role word).
static ORG_WORD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"\b(?:Council|Borough|Department|Board|Trust|Partnership|Police|Constabulary|Commission|Agency|Ofsted|NHS|CCG|ICB|University|College|Authority|Corporation|Cafcass|Government|Office|Association|Foundation|Society|Barnardo['’]s|NSPCC|Institute|Group|Ltd|Limited|plc)\b",
    )
    .ok()
});

fn has_role_word(s: &str) -> bool {
    ROLE_WORD.as_ref().is_some_and(|r| r.is_match(s))
}

fn is_org(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    if ORG_WORD.as_ref().is_some_and(|r| r.is_match(t)) && !starts_with_role(t) {
        return true;
    }
    // A bare authority name ("Camden").
    let found = gazetteer::find_all(t, None);
    matches!(found.as_slice(), [m] if m.start == 0 && m.end == t.len())
}

/// True when the phrase opens with a role word ("Chief Executive of ...").
fn starts_with_role(s: &str) -> bool {
    let Some(re) = ROLE_WORD.as_ref() else {
        return false;
    };
    re.find(s).is_some_and(|m| {
        s.get(..m.start())
            .is_some_and(|pre| pre.split_whitespace().count() <= 2)
    })
}

/// A regex matching a name at the start of the haystack; `sep` is the pattern allowed
/// between name tokens.
fn name_regex(sep: &str) -> Option<Regex> {
    crate::rx::new(&format!(
        r"^{TITLE}?(?P<name>{TOKEN}(?:{sep}(?:[A-Z]\.?{sep})*{TOKEN}){{1,3}})"
    ))
    .ok()
}

static NAME_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| name_regex(r"[ \u{a0}]"));
static NAME_WRAP: LazyLock<Option<Regex>> =
    LazyLock::new(|| name_regex(r"(?:[ \u{a0}]*\n[ \u{a0}]*|[ \u{a0}]+)"));

/// Cuts a matched name at its first non-name word; `None` when fewer than two words stay.
fn trim_name(name: &str) -> Option<&str> {
    let mut end = 0;
    let mut words = 0;
    let mut real_words = 0;
    for (i, w) in word_spans(name) {
        let bare = w.trim_end_matches('.');
        if NOT_NAME.contains(&bare) || has_role_word(bare) && bare.len() > 1 {
            break;
        }
        words += 1;
        if bare.len() > 1 {
            real_words += 1;
        }
        end = i + w.len();
    }
    if words < 2 || real_words < 2 {
        return None;
    }
    let n = name.get(..end)?;
    // Place names are not people.
    let la = gazetteer::find_all(n, None);
    if la.iter().any(|m| m.end - m.start >= n.len() / 2) {
        return None;
    }
    Some(n)
}

fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take()
                && let Some(w) = s.get(st..i)
            {
                out.push((st, w));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start
        && let Some(w) = s.get(st..)
    {
        out.push((st, w));
    }
    out
}

struct Found {
    /// Which reader found it (lower wins on ties).
    prio: u8,
    name: String,
    role: Option<String>,
    org: Option<String>,
    start: usize,
    end: usize,
}

/// Designations printed after an inspector's name.
static DESIG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"^[ \t\u{a0}]*(?:\n[ \t\u{a0}]*)?(?:(?P<paren>\([^()\n]{1,60}\))|,?[ \t\u{a0}]*(?:\n[ \t\u{a0}]*)?(?P<word>(?:Senior[ \t]+|Designated[ \t]+)?(?:(?:Her|His)[ \t]+Majesty['’]s[ \t]+Inspector(?:[ \t]*\((?:S?HMI)\))?|HMI|SHMI|AI|OI|additional[ \t]+inspector|Additional[ \t]+Inspector|associate[ \t]+inspector|Associate[ \t]+Inspector|Ofsted[ \t]+[Ii]nspector|social[ \t]+care[ \t]+regulatory[ \t]+inspector)))",
    )
    .ok()
});

/// Labels of inspection-team lines.
static LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?m)(?:^|<p>|\t)[ \t\u{a0}]*(?P<label>(?i:deputy[ \t]+lead[ \t]+inspector|lead[ \t]+inspector|team[ \t]+inspectors?|shadow[ \t]+inspectors?|senior[ \t]+data[ \t]+analysts?|data[ \t]+analysts?|quality[ \t]+assurance[ \t]+managers?|reporting[ \t]+inspector|additional[ \t]+inspectors?|contact[ \t]+officer|report[ \t]+author|author))(?:[ \t\u{a0}]*:[ \t\u{a0}]*(?:</?p>[ \t]*)*(?:\n[ \t\u{a0}]*)?|\t+[ \t\u{a0}]*|[ \u{a0}]{2,})",
    )
    .ok()
});

fn singular(label: &str) -> String {
    let l = squash(label);
    match l.strip_suffix('s') {
        Some(s)
            if s.to_lowercase().ends_with("inspector")
                || s.to_lowercase().ends_with("analyst")
                || s.to_lowercase().ends_with("manager") =>
        {
            s.to_owned()
        }
        _ => l,
    }
}

/// End of a labelled region: the first blank line or the next label, at most 700 bytes
/// (to the end of the character there).
fn region_end(text: &str, from: usize) -> usize {
    // whole characters: a limit inside a curly quote would leave no window to read
    let rest = crate::window(text, from, from + 700);
    let limit = from + rest.len();
    let mut end = limit;
    let mut seen_text = false;
    let mut pos = from;
    for line in rest.split_inclusive('\n') {
        if line.trim().is_empty() && seen_text {
            end = pos;
            break;
        }
        if !line.trim().is_empty() {
            seen_text = true;
        }
        pos += line.len();
    }
    if let Some(re) = LABEL.as_ref()
        && let Some(hay) = text.get(from..end)
        && let Some(m) = re.find_iter(hay).find(|m| m.start() > 0)
    {
        end = from + m.start();
    }
    // Stop at a floor-char boundary.
    crate::floor_boundary(text, end).max(from)
}

/// Reads "Name [designation], Name [designation] and Name ..." from `text[from..end]`.
fn read_list(text: &str, from: usize, end: usize, label: &str, out: &mut Vec<Found>) {
    let (Some(name_re), Some(desig_re)) = (NAME_WRAP.as_ref(), DESIG.as_ref()) else {
        return;
    };
    let mut pos = from;
    let first = out.len();
    let role_base = singular(label);
    for _ in 0..30 {
        let Some(found) = listed_person(text, pos, end, &role_base, name_re, desig_re) else {
            break;
        };
        pos = found.end;
        out.push(found);
        // A trailing full stop ends the list.
        if text
            .get(pos..end)
            .is_some_and(|r| r.trim_start().starts_with('.'))
        {
            break;
        }
    }
    if out.len() == first + 1
        && let Some(last) = out.last_mut()
    {
        designation_below(text, end, &role_base, desig_re, last);
    }
}

/// The next person of a list at `pos`: separators (",", ";", "&", "and") skipped, a
/// name, and the designation printed after it added to the role.
fn listed_person(
    text: &str,
    pos: usize,
    end: usize,
    role_base: &str,
    name_re: &Regex,
    desig_re: &Regex,
) -> Option<Found> {
    let mut pos = pos;
    // separators
    let rest = text.get(pos..end)?;
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '&'))
            .len();
    pos += skipped;
    let mut rest = text.get(pos..end)?;
    if let Some(r) = rest.strip_prefix("and ") {
        pos += 4;
        rest = r;
    }
    let c = name_re.captures(rest)?;
    let nm = c.name("name")?;
    let name = trim_name(nm.as_str())?;
    let name_start = pos + nm.start();
    let mut after = name_start + name.len();
    let mut role = role_base.to_owned();
    if let Some(tail) = text.get(after..end)
        && let Some(d) = desig_re.captures(tail)
        && let Some(all) = d.get(0)
    {
        if let Some(p) = d.name("paren") {
            role = format!("{role_base} {}", squash(p.as_str()));
        } else if let Some(w) = d.name("word") {
            role = format!("{role_base}, {}", squash(w.as_str()));
        }
        after += all.end();
    }
    Some(Found {
        prio: 0,
        name: squash(name),
        role: Some(role),
        org: None,
        start: name_start,
        end: after,
    })
}

/// "Lead inspector: Matt Reed\n\nHer Majesty's Inspector": a designation printed alone
/// in the next block belongs to the single person read from the label (`last`, still
/// with the bare label as role).
fn designation_below(text: &str, end: usize, role_base: &str, desig_re: &Regex, last: &mut Found) {
    if last.role.as_deref() != Some(role_base)
        || !text.get(last.end..end).is_some_and(|r| r.trim().is_empty())
    {
        return;
    }
    let after = text.get(end..).unwrap_or("");
    let lead = after.len() - after.trim_start().len();
    let line = after.trim_start().lines().next().unwrap_or("");
    if let Some(d) = desig_re.captures(line)
        && let Some(all) = d.get(0)
        && line.get(all.end()..).is_some_and(|r| r.trim().is_empty())
        && let Some(w) = d.name("word").or_else(|| d.name("paren"))
    {
        let sep = if d.name("paren").is_some() { " " } else { ", " };
        last.role = Some(format!("{role_base}{sep}{}", squash(w.as_str())));
        last.end = end + lead + line.trim_end().len();
    }
}

/// Splits "Role words Organisation, address ..." into role and organisation; also returns
/// how many bytes of `rest` the two cover.
fn role_and_org(rest: &str) -> (Option<String>, Option<String>, usize) {
    // cut at an e-mail address, postcode-like token, or a digit (street number)
    let cut = rest
        .find(|c: char| c.is_ascii_digit() || c == '@' || c == '<')
        .unwrap_or(rest.len());
    let head = rest.get(..cut).unwrap_or(rest);
    let la = gazetteer::find_all(head, None);
    if let Some(m) = la.first() {
        let role = head
            .get(..m.start)
            .map(|r| r.trim().trim_end_matches(',').trim());
        let org = head.get(m.start..m.end).map(squash);
        return (role.filter(|r| has_role_word(r)).map(squash), org, m.end);
    }
    if let Some(os) = ORG_WORD
        .as_ref()
        .and_then(|r| r.find(head))
        .map(|m| m.start())
    {
        let before = head.get(..os).unwrap_or("");
        let role = before.trim().trim_end_matches(',').trim();
        let org_full = head.get(os..).unwrap_or("");
        let org = org_full.split(',').next().unwrap_or("");
        if has_role_word(role) {
            let org_t = org.trim_end();
            return (
                Some(squash(role)),
                (!org_t.is_empty()).then(|| squash(org_t)),
                os + org_t.len(),
            );
        }
    }
    let role = head.split(',').next().unwrap_or("");
    let role_t = role.trim_end();
    if has_role_word(role_t) {
        (Some(squash(role_t)), None, role_t.len())
    } else {
        (None, None, 0)
    }
}

fn labelled(text: &str, out: &mut Vec<Found>) {
    let Some(re) = LABEL.as_ref() else { return };
    for c in re.captures_iter(text) {
        let (Some(all), Some(label)) = (c.get(0), c.name("label")) else {
            continue;
        };
        let from = all.end();
        let end = region_end(text, from);
        let l = label.as_str().to_lowercase();
        if l.contains("contact") || l.contains("author") {
            single_with_role(text, from, end, out);
        } else {
            read_list(text, from, end, label.as_str(), out);
        }
    }
}

/// "Lucy Sawyer Principal Policy and Project Officer London Borough of Camden, ...".
fn single_with_role(text: &str, from: usize, end: usize, out: &mut Vec<Found>) {
    let Some(name_re) = NAME_LINE.as_ref() else {
        return;
    };
    let Some(rest) = text.get(from..end) else {
        return;
    };
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let Some(c) = name_re.captures(rest) else {
        return;
    };
    let Some(nm) = c.name("name") else { return };
    let Some(name) = trim_name(nm.as_str()) else {
        return;
    };
    let start = from + lead + nm.start();
    let tail_start = start + name.len();
    let tail = text.get(tail_start..end).unwrap_or("");
    let tail = tail.trim_start_matches([',', ' ', '\u{a0}', '\t', '\n']);
    let tail_off = text
        .get(tail_start..end)
        .map_or(0, |t0| t0.len() - tail.len());
    let (role, org, used) = role_and_org(tail);
    if role.is_none() && org.is_none() {
        return;
    }
    let ev_end = end.min(tail_start + tail_off + used);
    out.push(Found {
        prio: 0,
        name: squash(name),
        role,
        org,
        start,
        end: ev_end.max(tail_start),
    });
}

/// Line spans (start, end) of `text`, without the newline.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        out.push((pos, pos + body.len()));
        pos += l.len();
    }
    out
}

static COPY_PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"^[ \t\u{a0}]*(?:(?:Copy|Copies|cc|CC|Cc)(?:[ \t]+to)?[ \t]*:?[ \t]*|Signed:?[ \t]*|[-•·▪][ \t]*)?")
        .ok()
});

/// "Name, Role[, Organisation]" on one line (continued when it ends with "of", "and", ...).
fn name_comma_lines(text: &str, out: &mut Vec<Found>) {
    let (Some(name_re), Some(pre_re)) = (NAME_LINE.as_ref(), COPY_PREFIX.as_ref()) else {
        return;
    };
    let ls = lines(text);
    let mut i = 0;
    while i < ls.len() {
        let Some(&(s, e)) = ls.get(i) else { break };
        i += 1;
        let Some(line) = text.get(s..e) else { continue };
        let Some((name_at, name, rest)) = comma_line_name(line, pre_re, name_re) else {
            continue;
        };
        let (full, end) = continued_role(text, &ls, &mut i, rest, e);
        let Some((role, org)) = comma_role_and_org(&full, name_re) else {
            continue;
        };
        out.push(Found {
            prio: 3,
            name: squash(name),
            role,
            org,
            start: s + name_at,
            end,
        });
    }
}

/// The name opening a line (after a copy-list prefix) and followed by a comma or a tab:
/// its offset in the line, the name, and the text after the separator.
fn comma_line_name<'a>(
    line: &'a str,
    pre_re: &Regex,
    name_re: &Regex,
) -> Option<(usize, &'a str, &'a str)> {
    if line.len() > 200 {
        return None;
    }
    let skip = pre_re.find(line).map_or(0, |m| m.end());
    let body = line.get(skip..)?;
    let c = name_re.captures(body)?;
    let nm = c.name("name")?;
    let name = trim_name(nm.as_str())?;
    let after_name = skip + nm.start() + name.len();
    let after = line.get(after_name..)?;
    let rest = after
        .strip_prefix(',')
        .or_else(|| after.strip_prefix('\t'))?;
    Some((skip + nm.start(), name, rest))
}

/// Continuation: the role/organisation after the name, with the next lines (from line
/// `i`, which moves past them) while it ends with "of", "and", "for" or a comma; also
/// where it ends.
fn continued_role(
    text: &str,
    ls: &[(usize, usize)],
    i: &mut usize,
    rest: &str,
    e: usize,
) -> (String, usize) {
    let mut end = e;
    let mut full = rest.to_owned();
    while full.trim_end().ends_with(" of")
        || full.trim_end().ends_with(" and")
        || full.trim_end().ends_with(" for")
        || full.trim_end().ends_with(',')
    {
        let Some(&(ns, ne)) = ls.get(*i) else { break };
        let Some(next) = text.get(ns..ne) else { break };
        if next.trim().is_empty() || next.len() > 120 {
            break;
        }
        full.push(' ');
        full.push_str(next.trim());
        end = ne;
        *i += 1;
    }
    (full, end)
}

/// The comma-separated parts of what follows a name; `None` for a sentence, too many
/// parts, or a list of names.
fn comma_parts<'a>(full: &'a str, name_re: &Regex) -> Option<Vec<&'a str>> {
    if full.contains(". ") || full.trim_end().ends_with('.') && full.split_whitespace().count() > 12
    {
        return None; // a sentence, not a role
    }
    let parts: Vec<&str> = full
        .split([',', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 5 {
        return None;
    }
    // "Janet Fraser, Gary Lamb (additional inspector)": a list of names, not a role.
    if parts.iter().any(|p| {
        name_re
            .captures(p)
            .and_then(|c| c.name("name"))
            .and_then(|m| trim_name(m.as_str()))
            .is_some_and(|n| {
                !has_role_word(p.get(..n.len()).unwrap_or("")) && n.split_whitespace().count() >= 2
            })
            && !is_org(p)
    }) {
        return None;
    }
    Some(parts)
}

/// The role and organisation printed after a name ("Role[, Organisation]"); `None` when
/// they are not a role we can read.
fn comma_role_and_org(full: &str, name_re: &Regex) -> Option<(Option<String>, Option<String>)> {
    let parts = comma_parts(full, name_re)?;
    let mut role_parts: Vec<&str> = Vec::new();
    let mut org: Option<String> = None;
    for (k, p) in parts.iter().enumerate() {
        if org.is_none() && is_org(p) && !has_role_word(p) {
            org = Some(squash(&parts[k..].join(", ")));
            break;
        }
        role_parts.push(p);
    }
    let role = (!role_parts.is_empty()).then(|| squash(&role_parts.join(", ")));
    let role_ok = role.as_deref().is_some_and(has_role_word);
    if !role_ok && org.is_none() {
        return None;
    }
    if !role_ok && role.is_some() {
        return None; // "Name, something, Organisation": not a role we can read
    }
    let org = org.or_else(|| role.as_deref().and_then(embedded_org));
    Some((role, org))
}

/// "Independent Chair of Camden Safeguarding Children Board" -> the board.
fn embedded_org(role: &str) -> Option<String> {
    let idx = role.find(" of ").or_else(|| role.find(" at "))?;
    let tail = role.get(idx + 4..)?.trim();
    let tail = tail.strip_prefix("the ").unwrap_or(tail);
    (is_org(tail) && tail.chars().next().is_some_and(char::is_uppercase)).then(|| squash(tail))
}

/// A line that is a titled name ("Ms Ann Baxter").
static ADDRESSEE_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(r"^[ \t]*{TITLE}(?P<name>{TOKEN}(?:[ \u{{a0}}](?:[A-Z]\.?[ \u{{a0}}])*{TOKEN}){{1,3}})[ \t]*$")).ok()
});

/// Addressee blocks: "Ms Ann Baxter\nDirector of ...\nLondon Borough of Camden".
fn addressees(text: &str, out: &mut Vec<Found>) {
    let Some(re) = ADDRESSEE_NAME.as_ref() else {
        return;
    };
    // Non-empty lines with the number of blank lines before each: the cleaned text puts
    // every line of an address block in its own block ("Ms Ann Baxter\n\nDirector ...").
    let ls: Vec<(usize, usize, usize)> = {
        let mut v = Vec::new();
        let mut blanks = 0;
        for (s, e) in lines(text) {
            if text.get(s..e).is_none_or(|l| l.trim().is_empty()) {
                blanks += 1;
            } else {
                v.push((s, e, blanks));
                blanks = 0;
            }
        }
        v
    };
    for (i, &(s, e, _)) in ls.iter().enumerate() {
        let Some(line) = text.get(s..e) else { continue };
        let Some(c) = re.captures(line) else { continue };
        let Some(nm) = c.name("name") else { continue };
        let Some(name) = trim_name(nm.as_str()) else {
            continue;
        };
        let Some(&(rs, re_, gap)) = ls.get(i + 1) else {
            continue;
        };
        let Some(role_line) = text.get(rs..re_) else {
            continue;
        };
        let role_line = role_line.trim();
        if gap > 1 || role_line.is_empty() || !has_role_word(role_line) || role_line.len() > 120 {
            continue;
        }
        let mut end = re_;
        let mut org = None;
        if let Some(&(os, oe, ogap)) = ls.get(i + 2)
            && ogap <= 1
            && let Some(ol) = text.get(os..oe)
            && is_org(ol.trim())
            && !has_role_word(ol)
        {
            org = Some(squash(ol));
            end = oe;
        }
        let (role, org) = match org {
            Some(o) => (squash(role_line), Some(o)),
            None => {
                let (r, o) = split_role_org(role_line);
                (r, o)
            }
        };
        out.push(Found {
            prio: 2,
            name: squash(name),
            role: Some(role),
            org,
            start: s + nm.start(),
            end,
        });
    }
}

/// "Chief Executive, London Borough of Camden" -> (role, org).
fn split_role_org(s: &str) -> (String, Option<String>) {
    if let Some((r, o)) = s.rsplit_once(',')
        && is_org(o)
        && !has_role_word(o)
    {
        return (squash(r), Some(squash(o)));
    }
    (squash(s), None)
}

/// "Yours sincerely" and "Yours faithfully".
static SIGN_OFF: LazyLock<Option<Regex>> =
    LazyLock::new(|| crate::rx::new(r"(?i)yours?[ \t]+(?:sincerely|faithfully)[ \t]*,?").ok());

/// "Yours sincerely\n\nIan Young Her Majesty's Inspector".
fn signoffs(text: &str, out: &mut Vec<Found>) {
    let (Some(re), Some(name_re)) = (SIGN_OFF.as_ref(), NAME_LINE.as_ref()) else {
        return;
    };
    for m in re.find_iter(text) {
        let from = m.end();
        // whole characters: a limit inside a curly quote would drop the sign-off
        let rest = crate::window(text, from, from + 400);
        let mut pos = from;
        let mut nonempty = 0;
        for l in rest.split_inclusive('\n') {
            let body = l.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let t = body.trim();
            if !t.is_empty() {
                nonempty += 1;
                if nonempty > 2 || t.starts_with("Copy") || t.to_lowercase().starts_with("cc") {
                    break;
                }
                let t = t.strip_prefix("Signed").map(str::trim).unwrap_or(t);
                if let Some(c) = name_re.captures(t)
                    && let Some(nm) = c.name("name")
                    && let Some(name) = trim_name(nm.as_str())
                {
                    let off = body.trim_start().len() - t.len();
                    let start = pos + lead + off + nm.start();
                    let tail = t
                        .get(nm.start() + name.len()..)
                        .unwrap_or("")
                        .trim_start_matches([',', ' ']);
                    let mut end = start + name.len();
                    let mut role = tail.trim().to_owned();
                    if role.is_empty() {
                        // role on the next line
                        let next_start = pos + l.len();
                        if let Some(nl) = text.get(next_start..).and_then(|r| r.lines().next())
                            && has_role_word(nl)
                            && nl.len() < 120
                        {
                            role = nl.trim().to_owned();
                            end = next_start + nl.len();
                        }
                    } else {
                        end = pos + body.len();
                    }
                    if !role.is_empty() && has_role_word(&role) {
                        let (r, o) = split_role_org(&role);
                        out.push(Found {
                            prio: 1,
                            name: squash(name),
                            role: Some(r),
                            org: o,
                            start,
                            end,
                        });
                    }
                    break;
                }
            }
            pos += l.len();
        }
    }
}

static SAID: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"\b(?:said|says|according to)[ \t]+{TITLE}?(?P<name>{TOKEN}(?:[ \u{{a0}}](?:[A-Z]\.?[ \u{{a0}}])*{TOKEN}){{1,2}}),[ \t]+(?P<role>[^,.;:\n()“”]{{3,100}})"
    ))
    .ok()
});
static SAID_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(&format!(
        r"(?:^|[.!?“”\x22]\s+|\n)(?:{TITLE})?(?P<name>{TOKEN}(?:[ \u{{a0}}](?:[A-Z]\.?[ \u{{a0}}])*{TOKEN}){{1,2}}),[ \t]+(?P<role>[^,.;:\n()“”]{{3,100}}),[ \t]+(?:said|says|added)\b"
    ))
    .ok()
});

/// News prose: "said Jane Smith, director of children's services" / "Jane Smith, the
/// council's cabinet member for children, said".
fn prose(text: &str, out: &mut Vec<Found>) {
    for re in [SAID.as_ref(), SAID_AFTER.as_ref()].into_iter().flatten() {
        for c in re.captures_iter(text) {
            let (Some(nm), Some(role)) = (c.name("name"), c.name("role")) else {
                continue;
            };
            let Some(name) = trim_name(nm.as_str()) else {
                continue;
            };
            let r = role.as_str().trim();
            if !has_role_word(r) {
                continue;
            }
            let (r2, org) = match r.find(" at ") {
                Some(i) if is_org(r.get(i + 4..).unwrap_or("")) => (
                    r.get(..i).unwrap_or(r).to_owned(),
                    r.get(i + 4..).map(squash),
                ),
                _ => (r.to_owned(), None),
            };
            out.push(Found {
                prio: 4,
                name: squash(name),
                role: Some(squash(&r2)),
                org: org.or_else(|| embedded_org(&r2)),
                start: nm.start(),
                end: role.end(),
            });
        }
    }
}

/// Every person named with a role, in text order, deduplicated by (name, role).
pub fn find_people(doc: &CleanDoc) -> Vec<Person> {
    let text = doc.text.as_str();
    let mut found = Vec::new();
    labelled(text, &mut found);
    signoffs(text, &mut found);
    addressees(text, &mut found);
    name_comma_lines(text, &mut found);
    prose(text, &mut found);
    found.sort_by_key(|f| (f.start, f.prio));
    let mut out: Vec<Person> = Vec::new();
    for f in found {
        if f.role.is_none() && f.org.is_none() {
            continue;
        }
        // Same person and role found by two readers (or overlapping): keep the first.
        if out
            .iter()
            .any(|p| p.name == f.name && (p.role == f.role || (f.start < p.end && p.start < f.end)))
        {
            continue;
        }
        if text.get(f.start..f.end).is_none() {
            continue;
        }
        out.push(Person {
            name: f.name,
            role: f.role,
            organisation: f.org,
            start: f.start,
            end: f.end,
        });
    }
    out
}

crate::rx::register!(
    ROLE_WORD,
    ORG_WORD,
    NAME_WRAP,
    DESIG,
    LABEL,
    COPY_PREFIX,
    ADDRESSEE_NAME,
    SIGN_OFF,
    SAID,
    SAID_AFTER
);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn people(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        find_people(&CleanDoc::from_text(text))
            .into_iter()
            .map(|p| (p.name, p.role, p.organisation))
            .collect()
    }

    fn p(n: &str, r: Option<&str>, o: Option<&str>) -> (String, Option<String>, Option<String>) {
        (n.to_owned(), r.map(str::to_owned), o.map(str::to_owned))
    }

    #[test]
    fn ilacs_lead_inspector() {
        assert_eq!(
            people(
                "Inspection dates: 25 to 29 April 2022\n\nLead inspector: Steve Lowe, Her Majesty's Inspector\n\nJudgement\tGrade\n"
            ),
            [p(
                "Steve Lowe",
                Some("Lead inspector, Her Majesty's Inspector"),
                None
            )]
        );
        assert_eq!(
            people("Lead inspector: Matt Reed\nHer Majesty's Inspector\n\nJudgement\tGrade"),
            [p(
                "Matt Reed",
                Some("Lead inspector, Her Majesty's Inspector"),
                None
            )]
        );
        assert_eq!(
            people("Lead inspector:   Joy Howick \nHer Majesty’s Inspector \n"),
            [p(
                "Joy Howick",
                Some("Lead inspector, Her Majesty’s Inspector"),
                None
            )]
        );
        assert_eq!(
            people("Lead inspector: Neil Penswick HMI\n\nJudgement"),
            [p("Neil Penswick", Some("Lead inspector, HMI"), None)]
        );
        assert_eq!(
            people(
                "Inspection dates:  15 – 19 July 2013\n\nReporting inspector  Helen Cawston HMI\n"
            ),
            [p("Helen Cawston", Some("Reporting inspector, HMI"), None)]
        );
    }

    #[test]
    fn sif_team_lists() {
        let t = "The inspection team\n\nLead inspector: Sheena Doyle\n\nDeputy lead inspector: Nick Stacey\n\nTeam inspectors: Peter McEntee, Susan Myers, Jenny Turnross, Tracey Zimmerman,\nJanet Fraser, Gary Lamb (additional inspector)\n\nShadow inspectors: Stella Elliot, Melanie Davies\n\nSenior data analyst: Hywel Benbow\n\nQuality assurance manager: Christine Williams, Senior HMI\n";
        let got = people(t);
        let want = [
            p("Sheena Doyle", Some("Lead inspector"), None),
            p("Nick Stacey", Some("Deputy lead inspector"), None),
            p("Peter McEntee", Some("Team inspector"), None),
            p("Susan Myers", Some("Team inspector"), None),
            p("Jenny Turnross", Some("Team inspector"), None),
            p("Tracey Zimmerman", Some("Team inspector"), None),
            p("Janet Fraser", Some("Team inspector"), None),
            p(
                "Gary Lamb",
                Some("Team inspector (additional inspector)"),
                None,
            ),
            p("Stella Elliot", Some("Shadow inspector"), None),
            p("Melanie Davies", Some("Shadow inspector"), None),
            p("Hywel Benbow", Some("Senior data analyst"), None),
            p(
                "Christine Williams",
                Some("Quality assurance manager, Senior HMI"),
                None,
            ),
        ];
        assert_eq!(got, want);
        let t2 = "Team inspectors: Pauline Higham (HMI), Karen Wareing (HMI) Fiona Millns (OI)\nFiona Insley (OI) Claire Brown (HMI), Matthew Reed (HMI)\n\nQuality assurance manager: Sarah Urding, Senior Her Majesty's Inspector (SHMI)\n";
        let got2 = people(t2);
        assert_eq!(got2.len(), 7, "{got2:?}");
        assert_eq!(
            got2[2],
            p("Fiona Millns", Some("Team inspector (OI)"), None)
        );
        assert_eq!(
            got2[3],
            p("Fiona Insley", Some("Team inspector (OI)"), None)
        );
        assert_eq!(
            got2[6],
            p(
                "Sarah Urding",
                Some("Quality assurance manager, Senior Her Majesty's Inspector (SHMI)"),
                None
            )
        );
        let t3 = "Team inspectors: Stephanie Murray HMI, Fiona Parker HMI, Marianick\nEllender-Gele HMI, Nick Stacy AI, Nancy Meehan AI and Paul Johnson AI.\n\nQuality assurance manager: John Gregg Senior Her Majesty’s Inspector.\n";
        let got3 = people(t3);
        assert_eq!(
            got3[2],
            p("Marianick Ellender-Gele", Some("Team inspector, HMI"), None)
        );
        assert_eq!(got3[5], p("Paul Johnson", Some("Team inspector, AI"), None));
        assert_eq!(
            got3[6],
            p(
                "John Gregg",
                Some("Quality assurance manager, Senior Her Majesty’s Inspector"),
                None
            )
        );
        let t4 = "Team inspectors: Brenda Mclaughlin HMI, Mark\nShackleton HMI and Michael McCracken additional inspector\n \nShadow inspectors: Margaret Burke Designated HMI\n";
        let got4 = people(t4);
        assert_eq!(
            got4[1],
            p("Mark Shackleton", Some("Team inspector, HMI"), None)
        );
        assert_eq!(
            got4[2],
            p(
                "Michael McCracken",
                Some("Team inspector, additional inspector"),
                None
            )
        );
        assert_eq!(
            got4[3],
            p(
                "Margaret Burke",
                Some("Shadow inspector, Designated HMI"),
                None
            )
        );
        let t5 = "Lead inspector: Fiona J Millns\n\nDeputy lead inspector: Dick O’Brien\n";
        let got5 = people(t5);
        assert_eq!(got5[0].0, "Fiona J Millns");
        assert_eq!(got5[1].0, "Dick O’Brien");
    }

    #[test]
    fn letter_addressee_signoff_and_copy_list() {
        let t = "8 December 2010\n\nMs Ann Baxter\nDirector of Children, Schools and Families\nLondon Borough of Camden\nCrowndale Centre\n\nDear Ms Baxter\n\nText.\n\nYours sincerely\n\nIan Young Her Majesty's Inspector\n\nCopy: Moira Gibb, Chief Executive, London Borough of Camden\nDominic Clout, Independent Chair of Camden Safeguarding Children Board\nHeather Johnson, Lead Member for Children's Services, London Borough of\nCamden\n\nAndrew Spencer, Department for Education";
        let got = people(t);
        assert_eq!(
            got,
            [
                p(
                    "Ann Baxter",
                    Some("Director of Children, Schools and Families"),
                    Some("London Borough of Camden")
                ),
                p("Ian Young", Some("Her Majesty's Inspector"), None),
                p(
                    "Moira Gibb",
                    Some("Chief Executive"),
                    Some("London Borough of Camden")
                ),
                p(
                    "Dominic Clout",
                    Some("Independent Chair of Camden Safeguarding Children Board"),
                    Some("Camden Safeguarding Children Board")
                ),
                p(
                    "Heather Johnson",
                    Some("Lead Member for Children's Services"),
                    Some("London Borough of Camden")
                ),
                p("Andrew Spencer", None, Some("Department for Education")),
            ]
        );
    }

    /// The cleaned text puts each line of a letter's address block and a lone designation
    /// in blocks of their own.
    #[test]
    fn blank_line_separated_blocks() {
        assert_eq!(
            people("Lead inspector: Matt Reed\n\nHer Majesty's Inspector\n\nJudgement\tGrade\n"),
            [p(
                "Matt Reed",
                Some("Lead inspector, Her Majesty's Inspector"),
                None
            )]
        );
        assert_eq!(
            people(
                "8 December 2010\n\nMs Ann Baxter\n\nDirector of Children, Schools and Families\n\nLondon Borough of Camden\n\nCrowndale Centre 218 Eversholt Street\n\nDear Ms Baxter\n"
            ),
            [p(
                "Ann Baxter",
                Some("Director of Children, Schools and Families"),
                Some("London Borough of Camden")
            )]
        );
        assert_eq!(
            people("Lead inspector: Jansy Kelly\n\nTeam inspectors: Lynn Radley, Sarah Urding\n"),
            [
                p("Jansy Kelly", Some("Lead inspector"), None),
                p("Lynn Radley", Some("Team inspector"), None),
                p("Sarah Urding", Some("Team inspector"), None)
            ]
        );
    }

    #[test]
    fn committee_paper() {
        let t = "LONDON BOROUGH OF CAMDEN\tWARDS: ALL\nREPORT OF Executive Director, Children and Learning\t\n<p>Contact Officer:</p> <p>Lucy Sawyer Principal Policy and Project Officer London Borough of Camden, 5 Pancras Square, London N1C 4AG lucy.sawyer@camden.gov.uk</p>\t\n\nSigned:\n\n\n\nTim Aldridge, Executive Director, Children and Learning\n\nDate: 11th June 2025\n";
        let got = people(t);
        assert_eq!(
            got,
            [
                p(
                    "Lucy Sawyer",
                    Some("Principal Policy and Project Officer"),
                    Some("London Borough of Camden")
                ),
                p(
                    "Tim Aldridge",
                    Some("Executive Director, Children and Learning"),
                    None
                ),
            ]
        );
    }

    #[test]
    fn news_prose() {
        let t = "“It is good,” said Jane Smith, director of children's services at Camden Council. Later.";
        assert_eq!(
            people(t),
            [p(
                "Jane Smith",
                Some("director of children's services"),
                Some("Camden Council")
            )]
        );
    }

    #[test]
    fn no_false_people() {
        for t in [
            "Children, young people and families are well supported by the director.",
            "Tower Hamlets, Chief Executive",
            "The experiences and progress of children who need help and protection: good",
            "Early Help, social workers and managers work well.",
            "Piccadilly Gate\nStore Street\nManchester\nM1 2WD",
            "Lead inspector:\n\nJudgement\tGrade",
        ] {
            assert!(people(t).is_empty(), "{t}: {:?}", people(t));
        }
    }

    /// The repository's sample documents name these people.
    #[test]
    fn repository_samples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let entries = std::fs::read_dir(&dir).expect("data/ is part of the repository");
        let mut by_prefix = std::collections::HashMap::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".txt") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                by_prefix.insert(name.get(..3).unwrap_or("").to_owned(), people(&text));
            }
        }
        let has = |k: &str, n: &str, r: Option<&str>, o: Option<&str>| {
            let ps = by_prefix.get(k).cloned().unwrap_or_default();
            assert!(ps.contains(&p(n, r, o)), "{k}: {n} not in {ps:?}");
        };
        has(
            "000",
            "Steve Lowe",
            Some("Lead inspector, Her Majesty's Inspector"),
            None,
        );
        has(
            "002",
            "Tim Aldridge",
            Some("Executive Director, Children and Learning"),
            None,
        );
        has(
            "002",
            "Lucy Sawyer",
            Some("Principal Policy and Project Officer"),
            Some("London Borough of Camden"),
        );
        has(
            "003",
            "Ann Baxter",
            Some("Director of Children, Schools and Families"),
            Some("London Borough of Camden"),
        );
        has("003", "Ian Young", Some("Her Majesty's Inspector"), None);
        has(
            "003",
            "Moira Gibb",
            Some("Chief Executive"),
            Some("London Borough of Camden"),
        );
        has(
            "003",
            "Andrew Spencer",
            None,
            Some("Department for Education"),
        );
        has(
            "004",
            "Matt Reed",
            Some("Lead inspector, Her Majesty's Inspector"),
            None,
        );
        assert_eq!(by_prefix.get("003").map(Vec::len), Some(6));
        assert_eq!(by_prefix.get("001").map(Vec::len), Some(0));
    }

    #[test]
    fn spans_cover_the_evidence() {
        let t = "Lead inspector: Steve Lowe, Her Majesty's Inspector\n";
        let ps = find_people(&CleanDoc::from_text(t));
        assert_eq!(
            &t[ps[0].start..ps[0].end],
            "Steve Lowe, Her Majesty's Inspector"
        );
    }

    /// A curly quote across the sign-off's 400-byte window edge: `text.get` of the old
    /// byte window gave `None` and the sign-off was dropped.
    #[test]
    fn signoff_with_a_curly_quote_at_the_window_edge() {
        let head = "Yours sincerely\n\nIan Young\nHer Majesty’s Inspector\n\n";
        let from = "Yours sincerely".len();
        // a ’ (3 bytes) starting one byte before the window's edge
        let t = format!("{head}{}’s\n", "x".repeat(from + 400 - 1 - head.len()));
        assert!(!t.is_char_boundary(from + 400));
        assert_eq!(
            people(&t),
            [p("Ian Young", Some("Her Majesty’s Inspector"), None)]
        );
    }

    /// A curly quote across a labelled region's 700-byte window edge: the old byte window
    /// was empty, so the region did not stop at its blank line and the name in the next
    /// block was read as a second lead inspector.
    #[test]
    fn labelled_region_with_a_curly_quote_at_the_window_edge() {
        let head =
            "Lead inspector: Peter McEntee\n\nJane Smith\nDirector of Children’s Services\n\n";
        let from = "Lead inspector: ".len();
        let t = format!("{head}{}’s\n", "x".repeat(from + 700 - 1 - head.len()));
        assert!(!t.is_char_boundary(from + 700));
        assert_eq!(
            people(&t),
            [p("Peter McEntee", Some("Lead inspector"), None)]
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(Lead inspector: |Team inspectors: |Yours sincerely\\n|Copy: |Ms |Ann Baxter|Ian Young|, |\\n|HMI|\\(|\\)|é|’|Director|Council|<p>){0,14}") {
            for p in find_people(&CleanDoc::from_text(&s)) {
                proptest::prop_assert!(s.get(p.start..p.end).is_some());
            }
        }

        #[test]
        fn never_panics_arbitrary(s in "\\PC{0,100}") {
            for p in find_people(&CleanDoc::from_text(&s)) {
                proptest::prop_assert!(s.get(p.start..p.end).is_some());
            }
        }
    }
}
