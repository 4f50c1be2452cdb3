//! Boilerplate: Ofsted's back page (and the copyright page of older reports) and publisher
//! footers at the end of news pages, recognised by general features.

use regex::Regex;
use std::sync::LazyLock;

/// Phrases that only occur in boilerplate, wherever the block is.
static STRONG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?ix)
        regulates\s+and\s+inspects\s+to\s+achieve\s+excellence
        | if\s+you\s+would\s+like\s+a\s+copy\s+of\s+this\s+document\s+in\s+a\s+different\s+format
        | you\s+may\s+reuse\s+this\s+information
        | this\s+document\s+may\s+be\s+reproduced\s+in\s+whole\s+or\s+in\s+part
        | further\s+copies\s+of\s+this\s+report\s+are\s+obtainable
        | (?:©|\(c\)|copyright)\s*(?:crown\s+copyright|\d{4})
        | crown\s+copyright
        | interested\s+in\s+our\s+work\?
        | subscribe\s+to\s+our\s+(?:monthly\s+)?newsletter
        | piccadilly\s+gate
        | textphone
        | open\s+government\s+licence
        | all\s+rights\s+reserved
        | website\s+design\s+by
        | registered\s+(?:address|office)
        | registered\s+in\s+england
        ",
    )
    .ok()
});

/// Features of lines of addresses, contacts, credits and site furniture.
static WEAK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?ix)
        \b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}\b          # UK postcode
        | \b(?:tel|telephone|phone|fax|email|e-mail)\s*[:.]
        | ^\s*(?:t|e|w|f|web|website)\s*:
        | \b0\d{2,4}\s?\d{3}\s?\d{3,4}\b                       # UK phone number
        | [\w.+-]+@[\w-]+\.[\w.]+                              # e-mail
        | https?://\S+ | \bwww\.\S+
        | \bcontact\s+us\b | \bprivacy\b | \bcookies?\b | \bterms\s+(?:and|&)\s+conditions\b
        | \bsitemap\b | \baccessibility\b | \bfollow\s+us\b | \bshare\s+this\b
        | \bcopyright\b | © | \bpowered\s+by\b | \bdesign(?:ed)?\s+by\b | \ball\s+rights\b
        | \bthis\s+(?:report|publication)\s+is\s+available\s+at\b
        | \bno\.\s*\d{5,}\b | \breference\s+no\b | \bstore\s+street\b
        | \blondon\s+[A-Z]{1,2}\d
        ",
    )
    .ok()
});

/// Whether a group of lines is boilerplate on its own (a strong phrase).
pub(crate) fn is_strong(lines: &[&str]) -> bool {
    let Some(re) = STRONG.as_ref() else {
        return false;
    };
    let joined = lines.join(" ");
    re.is_match(&joined)
}

/// Whether a group of lines is dominated by address/contact/copyright/credit features:
/// at least half its lines show one, and the group is not running prose.
pub(crate) fn is_weak(lines: &[&str]) -> bool {
    let Some(re) = WEAK.as_ref() else {
        return false;
    };
    if lines.is_empty() {
        return false;
    }
    let hits = lines.iter().filter(|l| re.is_match(l)).count();
    let long_prose = lines
        .iter()
        .filter(|l| l.chars().count() > 120 && l.ends_with('.'))
        .count();
    hits * 2 >= lines.len() && long_prose == 0
}

crate::rx::register!(STRONG, WEAK);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofsted_back_page() {
        assert!(is_strong(&[
            "The Office for Standards in Education, Children's Services and Skills (Ofsted) regulates and inspects to achieve excellence in the care of children"
        ]));
        assert!(is_strong(&["© Crown copyright 2022"]));
        assert!(is_weak(&[
            "Piccadilly Gate",
            "Store Street",
            "Manchester",
            "M1 2WD"
        ]));
        assert!(is_weak(&[
            "T: 0300 123 1231",
            "Textphone: 0161 618 8524",
            "E: enquiries@ofsted.gov.uk",
            "W: www.gov.uk/ofsted"
        ]));
    }

    #[test]
    fn publisher_footer() {
        assert!(is_weak(&[
            "Delivering a diverse, reliable range of services to children and their families across the UK",
            "Registered Address:",
            "Speed Medical House, Matrix Park, Chorley, Lancashire, England, PR7 7NA",
            "Tel: 01206 878178Contact Us",
        ]));
        assert!(is_weak(&[
            "A Mackman Group collaboration - market research by Mackman Research | website design by Mackman"
        ]));
    }

    #[test]
    fn prose_is_not_boilerplate() {
        assert!(!is_weak(&["Camden inspection report available here"]));
        assert!(!is_strong(&[
            "Children in care are well supported by their social workers."
        ]));
        assert!(!is_weak(&["Children were seen regularly."]));
    }
}
