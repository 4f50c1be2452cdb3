//! Segmentation of cleaned text into paragraphs, table rows and sentences (byte spans).

/// A paragraph of running text or one table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// Cells (byte spans) when the unit is a table row (a line with `\t`).
    pub cells: Vec<(usize, usize)>,
}

impl Unit {
    /// True for a table row.
    pub fn is_row(&self) -> bool {
        !self.cells.is_empty()
    }
}

/// Paragraphs (runs of non-blank lines without tabs) and table rows (lines with tabs), in
/// text order.
pub(crate) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut para: Option<(usize, usize)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        if body.trim().is_empty() || body.contains('\t') {
            if let Some((s, e)) = para.take() {
                out.push(Unit {
                    start: s,
                    end: e,
                    cells: Vec::new(),
                });
            }
            if body.contains('\t') {
                let mut cells = Vec::new();
                let mut cs = start;
                for cell in body.split('\t') {
                    let ce = cs + cell.len();
                    if !cell.trim().is_empty() {
                        cells.push((cs, ce));
                    }
                    cs = ce + 1;
                }
                if !cells.is_empty() {
                    out.push(Unit { start, end, cells });
                }
            }
            continue;
        }
        para = Some(match para {
            Some((s, _)) => (s, end),
            None => (start, end),
        });
    }
    if let Some((s, e)) = para {
        out.push(Unit {
            start: s,
            end: e,
            cells: Vec::new(),
        });
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "no", "st", "etc", "cllr",
];

/// Sentences of `text[start..end]` as byte spans (trimmed). Splits after `.!?` followed by
/// space and a capital, quote or digit, at line breaks that end a sentence, and at HTML
/// paragraph tags left in the text.
pub(crate) fn sentences(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (sentence end, next start) relative
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (bi, c) = chars.get(i).copied().unwrap_or((0, ' '));
        if c == '<' {
            // <p>, </p>, <br> ...
            if let Some(close) = slice.get(bi..).and_then(|s| s.find('>'))
                && close <= 6
                && slice
                    .get(bi + 1..bi + close)
                    .is_some_and(|t| t.chars().all(|ch| ch == '/' || ch.is_ascii_alphabetic()))
            {
                cuts.push((bi, bi + close + 1));
                while i < chars.len() && chars.get(i).is_some_and(|(b, _)| *b < bi + close + 1) {
                    i += 1;
                }
                continue;
            }
        }
        if matches!(c, '.' | '!' | '?') {
            // include closing quotes/brackets
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|(_, ch)| matches!(ch, '\'' | '"' | '’' | '”' | ')' | ']'))
            {
                j += 1;
            }
            let end_b = chars.get(j).map_or(slice.len(), |(b, _)| *b);
            let mut k = j;
            let mut saw_space = false;
            while chars.get(k).is_some_and(|(_, ch)| ch.is_whitespace()) {
                saw_space = true;
                k += 1;
            }
            let next = chars.get(k).map(|(_, ch)| *ch);
            let word_before: String = slice
                .get(..bi)
                .unwrap_or("")
                .chars()
                .rev()
                .take_while(|ch| ch.is_alphanumeric() || *ch == '.')
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
                .to_lowercase();
            let is_abbrev = c == '.' && ABBREVIATIONS.contains(&word_before.as_str());
            let starts_new = match next {
                None => true,
                Some(n) => {
                    saw_space
                        && (n.is_uppercase()
                            || n.is_ascii_digit()
                            || matches!(n, '\'' | '"' | '‘' | '“' | '(' | '<' | '-' | '•'))
                }
            };
            if starts_new && !is_abbrev {
                let next_b = chars.get(k).map_or(slice.len(), |(b, _)| *b);
                cuts.push((end_b, next_b));
                i = k;
                continue;
            }
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut s = 0;
    for (e, n) in cuts {
        push_trimmed(slice, start, s, e, &mut out);
        s = n;
    }
    push_trimmed(slice, start, s, slice.len(), &mut out);
    out
}

fn push_trimmed(slice: &str, base: usize, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let Some(part) = slice.get(s..e) else { return };
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    if part.trim().is_empty() {
        return;
    }
    out.push((base + s + lead, base + e - trail));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t, 0, t.len())
            .into_iter()
            .filter_map(|(s, e)| t.get(s..e))
            .collect()
    }

    #[test]
    fn splits_sentences() {
        assert_eq!(
            texts("It was ‘good’. At this inspection, e.g. here. 2. Next"),
            vec![
                "It was ‘good’.",
                "At this inspection, e.g. here.",
                "2.",
                "Next"
            ]
        );
        assert_eq!(
            texts("<p>SUMMARY</p> <p>An inspection took place.</p>"),
            vec!["SUMMARY", "An inspection took place."]
        );
    }

    #[test]
    fn units_split_rows() {
        let t = "Para one\nline two\n\nA\tGood\nB\tOutstanding\n\nLast";
        let u = units(t);
        assert_eq!(u.len(), 4);
        assert!(u.get(1).is_some_and(Unit::is_row));
        assert_eq!(
            u.first().and_then(|x| t.get(x.start..x.end)),
            Some("Para one\nline two")
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", ".", "<", "<p", "é.É", "a.\u{2019}", "\t\n\t"] {
            let _ = sentences(t, 0, t.len());
            let _ = units(t);
        }
    }
}
