//! Odd word spacing: some PDFs separate the words of running text with tab characters or
//! wide runs of spaces ("Inspection\tof\tservices\tfor\tchildren"), which would otherwise
//! read as table cells. A line is repaired (every gap becomes one space) when it has at
//! least three gaps, mostly not an ordinary single space, and reads as prose: one of
//! its words is a small function word ("of", "and", "the", ...). Table rows keep their
//! cells: their gaps separate multi-word cells, or their cells are not prose.
//! (Precisely: at least three odd gaps, and at least half of all gaps odd.)

/// Words that occur in running text and almost never as a table cell of their own.
const FUNCTION_WORDS: &[&str] = &[
    "of", "and", "the", "for", "in", "to", "a", "an", "with", "who", "is", "are", "by", "on", "at",
    "that", "this", "from", "or",
];

/// Whether a whitespace run between two words is an odd one (a tab, or two or more
/// spaces).
fn is_odd_gap(gap: &str) -> bool {
    gap.contains('\t') || gap.chars().count() >= 2
}

/// The line with each gap made one space, when its spacing is odd throughout.
fn repair_line(line: &str) -> Option<String> {
    let body = line.trim_matches([' ', '\t']);
    let words: Vec<&str> = body.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    if words.len() < 4 {
        return None;
    }
    // the gaps between words, in order
    let mut gaps: Vec<&str> = Vec::new();
    let mut rest = body;
    for w in &words {
        let at = rest.find(w)?;
        if !gaps.is_empty() || at > 0 {
            gaps.push(rest.get(..at)?);
        }
        rest = rest.get(at + w.len()..)?;
    }
    let odd = gaps.iter().filter(|g| is_odd_gap(g)).count();
    if odd < 3 || odd * 2 < gaps.len() {
        return None;
    }
    let prose = words
        .iter()
        .any(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()));
    prose.then(|| words.join(" "))
}

/// Repairs every oddly spaced line of a page; returns the text and how many lines changed.
pub(crate) fn repair_word_spacing(page: &str) -> (String, usize) {
    if !page.contains('\t') && !page.contains("  ") {
        return (page.to_owned(), 0);
    }
    let mut n = 0;
    let lines: Vec<String> = page
        .split('\n')
        .map(|l| match repair_line(l) {
            Some(r) => {
                n += 1;
                let indent = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
                format!("{}{r}", " ".repeat(indent.chars().count()))
            }
            None => l.to_owned(),
        })
        .collect();
    (lines.join("\n"), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_words_become_prose() {
        let (t, n) = repair_word_spacing(
            "Inspection\tof\tservices\tfor\tchildren\tin\tneed\tof\thelp\tand\tprotection\nplain line",
        );
        assert_eq!(
            t,
            "Inspection of services for children in need of help and protection\nplain line"
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn wide_spaces_between_words() {
        let (t, n) = repair_word_spacing("Inspection   of   looked   after   children");
        assert_eq!(t, "Inspection of looked after children");
        assert_eq!(n, 1);
    }

    #[test]
    fn table_rows_keep_their_cells() {
        for row in [
            "Overall effectiveness\tRequires improvement to be good",
            "Judgement\tGrade",
            "2019\t2020\t2021\t2022",
            "Children who need help and protection    Good",
            "Leadership\tGood\tOutstanding\tInadequate",
            "Inspection dates: 12 to 23 January 2026",
        ] {
            let (t, n) = repair_word_spacing(row);
            assert_eq!(t, row);
            assert_eq!(n, 0);
        }
    }

    #[test]
    fn mixed_single_spaces_are_left_alone() {
        let row = "The local authority\tand\tits partners work well";
        assert_eq!(repair_word_spacing(row).1, 0);
    }
}
