//! Document type classification by weighted features of the text.
//!
//! Each type collects evidence from general features of its genre (an Ofsted report's
//! title, inspection dates and numbered judgement sections; a letter's salutation and
//! sign-off; a committee paper's report furniture; a news article's reported speech and
//! publisher furniture). The type with the highest score wins if it reaches a minimum;
//! otherwise the document is `other`. The extract stage may strip boilerplate (addresses,
//! footers), so no single feature is required.

use crate::{Lazy, re};
use ofsted_model::doc::CleanDoc;
use ofsted_model::vocab::DocType;
use std::sync::LazyLock;

/// A feature: where to look, pattern, weight per hit, maximum hits counted.
struct Feature {
    /// Look only in the first this many bytes (`usize::MAX`: everywhere).
    within: usize,
    re: &'static Lazy,
    weight: i32,
    max_hits: usize,
}

macro_rules! lazy_re {
    ($name:ident, $pat:expr) => {
        static $name: Lazy = LazyLock::new(|| crate::rx::new($pat).ok());
    };
}

// ---- inspection report
// The name inside a title is matched with ASCII word characters: a Unicode `\w` repeated
// 80 times compiled to an automaton that took 90 ms to build, every run.
lazy_re!(
    REPORT_TITLE,
    r"(?im)^\s*(?:inspection\s+of\s+(?:[0-9A-Za-z_ ,.&'’()-]{1,80}?\s)?(?:local\s+authority\s+)?children['’]s\s+(?:social\s+care\s+)?services\s*$|(?:re-?\s?)?inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help|area\s+SEND\s+(?:full\s+)?(?:re-?)?inspection\s+of\b|inspection\s+of\s+[0-9A-Za-z_ ,.&'’()-]{1,60}?\s(?:children(?:['’]s)?\s+(?:and\s+families\s+|services\s+)?trust|children\s+first|together\s+for\s+children)\b|inspection\s+of\s+safeguarding\s+and\s+looked[\s-]+after\s+children|inspection\s+of\s+looked[\s-]+after\s+children|review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding)"
);
lazy_re!(
    INSPECTION_DATES,
    r"(?im)^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection|inspection\s+date\(s\))\s*:?"
);
lazy_re!(
    LEAD_INSPECTOR,
    r"(?im)^\s*lead\s+inspector\b|\breport\s+published\s*:"
);
lazy_re!(
    JUDGEMENT_TABLE,
    r"(?im)^\s*judgements?\s*\t\s*grade|^\s*overall\s+effectiveness\s*\t|^\s*the\s+overall\s+judgement\s+is\b|^\s*overall\s+effectiveness\s*:?\s*(?:grade\s*\d|outstanding|good|inadequate|requires)"
);
lazy_re!(
    NEEDS_IMPROVE,
    r"(?im)^\s*(?:what\s+needs\s+to\s+improve|what\s+does\s+the\s+local\s+authority\s+need\s+to\s+improve|areas\s+for\s+improvement|recommendations)\b[^\n]{0,30}$"
);
lazy_re!(
    SECTION_GRADE,
    r"(?im)^\s*the\s+experiences\s+and\s+progress\s+of\s+[^\n]{5,80}:\s*(?:outstanding|good|requires|inadequate)|^\s*(?:children\s+who\s+need\s+help\s+and\s+protection|children\s+looked\s+after\s+and\s+achieving\s+permanence|leadership,\s+management\s+and\s+governance)\b"
);
lazy_re!(NUMBERED_PARA, r"(?m)^\s*\d{1,3}\.\s+[A-Z]");
lazy_re!(
    OFSTED,
    r"\bOfsted\b|Office\s+for\s+Standards\s+in\s+Education"
);
lazy_re!(
    HMI,
    r"(?i)\b(?:Her|His)\s+Majesty['’]?s\s+Inspector|\bHMI\b"
);

// ---- letter
lazy_re!(
    DEAR,
    r"(?m)^\s*Dear\s+(?:Mr|Mrs|Ms|Miss|Dr|Sir|Madam|Councillor|Cllr|Professor|[A-Z][a-z]+)\b"
);
lazy_re!(SIGN_OFF, r"(?im)^\s*yours\s+(?:sincerely|faithfully)\b");
lazy_re!(
    LETTER_TITLE,
    r"(?im)^\s*(?:focused\s+visit\s+to|monitoring\s+visit\s+(?:to|of)|annual\s+unannounced\s+inspection|unannounced\s+inspection\s+of|joint\s+targeted\s+area\s+inspection)\b"
);
lazy_re!(
    LETTER_BODY,
    r"(?i)\bthis\s+letter\s+(?:summarises|sets\s+out|outlines)\b|\bthank\s+you\s+for\b|\bI\s+would\s+like\s+to\s+thank\b"
);
lazy_re!(
    OFSTED_ADDRESS,
    r"(?i)\bPiccadilly\s+Gate\b|\bAviation\s+House\b|\bFreshford\s+House\b|\bAgora\b|enquiries@ofsted\.gov\.uk|\bcopy\s*:|\bcc\s*:"
);
lazy_re!(
    DATE_LINE,
    r"(?m)^\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\s*$"
);

lazy_re!(
    INSPECTORATE_ADDRESS,
    r"(?i)\bPiccadilly\s+Gate\b|\bAviation\s+House\b|\bFreshford\s+House\b|\bAgora\b|enquiries@ofsted\.gov\.uk|\bofsted\.gov\.uk\b|\b(?:CQC|Care\s+Quality\s+Commission|HMICFRS|HMI\s*Probation|HM\s+Inspectorate)\b"
);
lazy_re!(
    INSPECTION_WORD,
    r"(?i)\b(?:inspection|inspectors?|inspected|visit)\b"
);

// ---- committee paper
lazy_re!(
    COMMITTEE_FURNITURE,
    r"(?m)\bREPORT\s+TITLE\b|\bREPORT\s+OF\b|\bFOR\s+SUBMISSION\s+TO\b|\bREPORT\s+ENDS\b|\bWARDS?\s*:|\bAgenda\s+(?:item|Item|ITEM)\b|\bAGENDA\s+ITEM\b|\bReport\s+author\b|\bContact\s+[Oo]fficer\b|\bKey\s+decision\b|\bExempt\s+information\b|\bBackground\s+papers\b|\bPortfolio\s+[Hh]older\b|\bCabinet\s+Member\b|(?:^|\n)\s*Minutes\s*:?\s*\n|\bRESOLVED\b|(?:^|\n)[ \t]*(?:Minutes\s+of\s+(?:the|a)\s|Report\s+to\s*:|Present\s*:|Resolved\s+that\b|Meeting\s*:\s*\d)|\bIssue\s+-\s+meetings\b|\bDecision\s+status\s*:|\bIs\s+[Kk]ey\s+decision\?|\bIs\s+subject\s+to\s+call\s+in\?|(?:^|\n)[ \t]*To\s+(?:consider|receive|note)\s+(?:the|a|an)\s|\battended\s+(?:the\s+meeting\s+)?to\s+(?:present|provide|update|introduce|answer)\b|\bpdf\s+icon\s+PDF\b|\bAdditional\s+documents\s*:|\bFurther\s+to\s+minute\b|\(Item\s+\d+\)|\(previously\s+circulated\)|\bsubmitted\s+a\s+(?:joint\s+)?report\b|\bDiscussion\s+ensued\b|\bMembers\s+(?:agreed|noted|queried|were\s+(?:informed|advised|pleased))\b"
);
lazy_re!(
    COMMITTEE_WORD,
    r"(?i)\b(?:committee|cabinet|scrutiny|panel|council\s+meeting|members\s+are\s+asked|the\s+committee\s+is\s+asked)\b"
);
lazy_re!(
    PURPOSE,
    r"(?im)^\s*(?:\d+\.?\s*)?(?:purpose\s+of\s+(?:the\s+)?report|executive\s+summary|summary\s+of\s+report|recommendations?|reasons?\s+for\s+(?:the\s+)?recommendations?|background)\s*:?\s*$|<p>\s*(?:summary\s+of\s+report|recommendations)"
);
lazy_re!(
    IMPLICATIONS,
    r"(?i)\b(?:financial|legal|environmental|equalit(?:y|ies)|risk|HR|resource)\s+implications\b|\b(?:finance|legal)\s+comments\b|\bcomments\s+of\s+the\s+(?:borough\s+solicitor|executive\s+director)|\bdate\s+of\s+meeting\b|\bmeeting\s+date\b"
);
lazy_re!(DECIMAL_PARA, r"(?m)^\s*\d{1,2}\.\d{1,2}\.?\s+[A-Z]");

// ---- news article
lazy_re!(
    REPORTED_SPEECH,
    r"(?i)\b(?:said\s+the\s+report|the\s+report\s+(?:said|says|found|finds|states|stated|noted|added|recommends|concluded)|inspectors\s+(?:said|found|say|noted|praised|highlighted|added)|said\s+inspectors|according\s+to\s+(?:the\s+)?(?:report|inspectors|ofsted)|(?:he|she|they)\s+said|said\s+(?:Mr|Mrs|Ms|Dr|Councillor|Cllr)\b|told\s+(?:the|this)\b|\b(?:spokes(?:wo)?man|spokesperson|leader|director|(?:cabinet|lead|executive|portfolio)\s+(?:member|holder)|chief\s+executive|mayor|councillor|cllr)\b[^.\n]{0,80}?\bsaid\b|\b(?:the\s+)?(?:council|authority)\s+(?:said|says)\b|\bsaid\s*:\s*[\x22“])"
);
lazy_re!(
    PUBLISHER,
    r"(?i)\bregistered\s+(?:address|office)\b|\ball\s+rights\s+reserved\b|\bprivacy\s+policy\b|\bcookies?\b|\bcontact\s+us\b|\bwebsite\s+design\b|\bsubscribe\b|\bshare\s+this\b|\bposted\s+(?:on|by)\b|\bread\s+more\b|\breport\s+available\s+here\b|\bclick\s+here\b|\bnewsletter\b|\b(?:by|written\s+by)\s+[A-Z][a-z]+\s+[A-Z][a-z]+\s*$"
);
lazy_re!(
    DATELINE,
    r"(?i)^(?:[•·]\s*(?:published|posted|updated)\s*$|(?:published|posted|updated|last\s+updated|date)\b\s*(?:on\s*)?:?\s*(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4}|(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4}|by\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\b[^.]{0,40}$"
);
lazy_re!(CURLY_QUOTE, r"[“”]|\u{201C}");
lazy_re!(
    HEADLINE_VERB,
    r"(?i)\b(?:praised|praises?|judged|rated|rates?|slammed|criticised|hails?|hailed|celebrates?|branded|ranked|says|requires?\s+improvement|inadequate|outstanding|progress)\b"
);
lazy_re!(
    HAS_PRAISED,
    r"(?i)\b(?:Ofsted|inspectors|the\s+watchdog)\s+(?:has|have)\s+(?:praised|rated|judged|criticised|found)\b"
);

lazy_re!(
    OPENING_VERDICT,
    r"(?i)\b(?:has|have)\s+(?:now\s+)?been\s+(?:rated|judged|graded|told|praised|lifted|criticised|branded)\b|\b(?:to\s+be|was|were)\s+(?:rated|judged|graded)\s+(?:as\s+)?[\x22'‘“]?(?:outstanding|good|inadequate|requires|adequate)|\b(?:has|have)\s+(?:rated|judged|graded)\s+(?:it|them|the\s+\w+)\s+(?:as\s+)?[\x22'‘“]?(?:outstanding|good|inadequate|requires|adequate)|\b(?:has|have)\s+(?:received|achieved|retained|kept)\s+(?:an?\s+|its\s+|their\s+)?(?:first\s+|second\s+|third\s+)?[\x22'‘“]?(?:outstanding|good|inadequate|requires|rating)"
);
lazy_re!(
    NEWS_DESK,
    r"(?i)\bpress\s+releases?\b|\bnews\s+(?:release|centre|home\s+page|room)\b|\bmedia\s+(?:release|enquiries)\b|\bdate\s+released\b"
);
lazy_re!(
    TODAY,
    r"(?i)\b(?:published|announced|released|revealed)\b[^.\n]{0,60}\btoday\b|\btoday\s*\(\s*(?:[a-z]+day)?,?\s*\d{1,2}|\b(?:has|have)\s+today\s+(?:published|announced|released)\b"
);

const HEAD: usize = 1500;
const ALL: usize = usize::MAX;

const REPORT_FEATURES: &[Feature] = &[
    Feature {
        within: HEAD,
        re: &REPORT_TITLE,
        weight: 6,
        max_hits: 1,
    },
    Feature {
        within: 4000,
        re: &INSPECTION_DATES,
        weight: 3,
        max_hits: 1,
    },
    Feature {
        within: 4000,
        re: &LEAD_INSPECTOR,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &JUDGEMENT_TABLE,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &NEEDS_IMPROVE,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &SECTION_GRADE,
        weight: 2,
        max_hits: 2,
    },
    Feature {
        within: ALL,
        re: &NUMBERED_PARA,
        weight: 1,
        max_hits: 3,
    },
    Feature {
        within: ALL,
        re: &OFSTED,
        weight: 1,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &HMI,
        weight: 1,
        max_hits: 1,
    },
];

/// The features only an Ofsted report has (its title, dates, lead inspector, judgements),
/// each with how far into the text it is looked for.
const STRONG_REPORT_FEATURES: &[(&Lazy, usize)] = &[
    (&REPORT_TITLE, HEAD),
    (&INSPECTION_DATES, 4000),
    (&LEAD_INSPECTOR, 4000),
    (&JUDGEMENT_TABLE, ALL),
    (&SECTION_GRADE, ALL),
];

const LETTER_FEATURES: &[Feature] = &[
    Feature {
        within: 3000,
        re: &DEAR,
        weight: 4,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &SIGN_OFF,
        weight: 4,
        max_hits: 1,
    },
    Feature {
        within: 4000,
        re: &LETTER_TITLE,
        weight: 3,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &LETTER_BODY,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &OFSTED_ADDRESS,
        weight: 1,
        max_hits: 2,
    },
    Feature {
        within: HEAD,
        re: &DATE_LINE,
        weight: 1,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &HMI,
        weight: 1,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &OFSTED,
        weight: 1,
        max_hits: 1,
    },
];

const COMMITTEE_FEATURES: &[Feature] = &[
    Feature {
        within: ALL,
        re: &COMMITTEE_FURNITURE,
        weight: 2,
        max_hits: 4,
    },
    Feature {
        within: ALL,
        re: &COMMITTEE_WORD,
        weight: 1,
        max_hits: 3,
    },
    Feature {
        within: ALL,
        re: &PURPOSE,
        weight: 2,
        max_hits: 2,
    },
    Feature {
        within: ALL,
        re: &IMPLICATIONS,
        weight: 2,
        max_hits: 2,
    },
    Feature {
        within: ALL,
        re: &DECIMAL_PARA,
        weight: 1,
        max_hits: 2,
    },
];

const NEWS_FEATURES: &[Feature] = &[
    Feature {
        within: ALL,
        re: &REPORTED_SPEECH,
        weight: 2,
        max_hits: 3,
    },
    Feature {
        within: ALL,
        re: &PUBLISHER,
        weight: 1,
        max_hits: 3,
    },
    Feature {
        within: ALL,
        re: &CURLY_QUOTE,
        weight: 1,
        max_hits: 2,
    },
    Feature {
        within: 600,
        re: &HAS_PRAISED,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: 900,
        re: &OPENING_VERDICT,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: ALL,
        re: &NEWS_DESK,
        weight: 2,
        max_hits: 1,
    },
    Feature {
        within: 2000,
        re: &TODAY,
        weight: 2,
        max_hits: 1,
    },
];

fn head(text: &str, within: usize) -> &str {
    text.get(..crate::floor_boundary(text, within))
        .unwrap_or("")
}

fn score(text: &str, features: &[Feature]) -> i32 {
    features
        .iter()
        .map(|f| {
            let hits = re(f.re).map_or(0, |r| {
                r.find_iter(head(text, f.within)).take(f.max_hits).count()
            });
            f.weight * i32::try_from(hits).unwrap_or(0)
        })
        .sum()
}

/// A headline: the first non-empty line is short, has no closing full stop and is
/// followed by prose, perhaps after a dateline or byline ("Published: 14 July 2023",
/// "By Jo Bloggs"); journalistic when it carries a verdict verb, and more so when the
/// story's opening names Ofsted.
fn headline_score(text: &str) -> i32 {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .collect();
    // a byline, dateline or section label may stand above the headline
    (0..3)
        .map(|skip| headline_at(lines.get(skip..).unwrap_or(&[])))
        .max()
        .unwrap_or(0)
}

/// [`headline_score`] with the headline the first of `lines`.
fn headline_at(lines: &[&str]) -> i32 {
    let mut lines = lines.iter().copied();
    let Some(first) = lines.next() else {
        return 0;
    };
    let dateline = |l: &&str| re(&DATELINE).is_some_and(|r| r.is_match(l));
    let Some(second) = lines.by_ref().take(3).find(|l| !dateline(l)) else {
        return 0;
    };
    let short = first.len() <= 140 && !first.ends_with(['.', ':']) && !first.contains('\t');
    let prose = second.len() >= 60 && second.ends_with(['.', '"', '”', '’']);
    let mut s = 0;
    if short && prose {
        s += 1;
        if re(&HEADLINE_VERB).is_some_and(|r| r.is_match(first)) {
            s += 2;
            if re(&OFSTED).is_some_and(|r| r.is_match(second)) {
                s += 1;
            }
        }
    }
    s
}

/// Whether a letter-like document was sent by Ofsted or the joint inspectorates: signed by
/// one of His/Her Majesty's Inspectors, titled as a visit or inspection letter, on an
/// inspectorate's address, or speaking of Ofsted and an inspection or visit.
fn from_inspectorate(text: &str) -> bool {
    let has = |r: &'static Lazy| re(r).is_some_and(|r| r.is_match(text));
    has(&HMI)
        || re(&LETTER_TITLE).is_some_and(|r| r.is_match(head(text, 4000)))
        || has(&INSPECTORATE_ADDRESS)
        || (has(&OFSTED) && has(&INSPECTION_WORD))
}

/// Scores per type (report, letter, committee, news), for diagnostics and tests.
pub fn scores(doc: &CleanDoc) -> [(DocType, i32); 4] {
    let text = doc.text.as_str();
    let mut report = score(text, REPORT_FEATURES);
    let strong = STRONG_REPORT_FEATURES
        .iter()
        .any(|&(r, within)| re(r).is_some_and(|r| r.is_match(head(text, within))));
    if !strong {
        // numbered paragraphs, "Recommendations" and a word about Ofsted are any formal
        // paper's (an ombudsman's decision): an Ofsted report has a title, dates, a lead
        // inspector or judgements of its own
        report = report.min(THRESHOLD - 1);
    }
    let mut letter = score(text, LETTER_FEATURES);
    let committee = score(text, COMMITTEE_FEATURES);
    let mut news = score(text, NEWS_FEATURES) + headline_score(text);
    // a letter's salutation and sign-off make it a letter, whatever else it quotes
    let salutation = re(&DEAR).is_some_and(|r| r.is_match(head(text, 3000)))
        && re(&SIGN_OFF).is_some_and(|r| r.is_match(text));
    if salutation {
        report -= 4;
        news -= 2;
    } else {
        letter -= 3;
    }
    // an inspection letter is one an inspectorate sent: a minister's or a council's letter
    // is typed by its other features (committee paper, news) or is `other`
    if !from_inspectorate(text) {
        letter = 0;
    }
    [
        (DocType::InspectionReport, report),
        (DocType::InspectionLetter, letter),
        (DocType::CommitteeReport, committee),
        (DocType::NewsArticle, news),
    ]
}

/// Minimum score for a type to be chosen.
const THRESHOLD: i32 = 4;

/// What kind of document this is.
pub fn classify(doc: &CleanDoc) -> DocType {
    let s = scores(doc);
    let mut best = (DocType::Other, THRESHOLD - 1);
    for (t, v) in s {
        if v > best.1 {
            best = (t, v);
        }
    }
    best.0
}

crate::rx::register!(
    REPORT_TITLE,
    INSPECTION_DATES,
    LEAD_INSPECTOR,
    JUDGEMENT_TABLE,
    NEEDS_IMPROVE,
    SECTION_GRADE,
    NUMBERED_PARA,
    OFSTED,
    HMI,
    DEAR,
    SIGN_OFF,
    LETTER_TITLE,
    LETTER_BODY,
    OFSTED_ADDRESS,
    DATE_LINE,
    INSPECTORATE_ADDRESS,
    INSPECTION_WORD,
    COMMITTEE_FURNITURE,
    COMMITTEE_WORD,
    PURPOSE,
    IMPLICATIONS,
    DECIMAL_PARA,
    REPORTED_SPEECH,
    PUBLISHER,
    DATELINE,
    CURLY_QUOTE,
    HEADLINE_VERB,
    HAS_PRAISED,
    OPENING_VERDICT,
    NEWS_DESK,
    TODAY
);

#[cfg(test)]
mod tests;
