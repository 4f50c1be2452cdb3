//! Character-level normalisation: line ends, odd spaces, ligatures, bullet glyphs, NFC.

use unicode_normalization::UnicodeNormalization;

/// The bullet every bullet glyph is mapped to before lines are read.
pub(crate) const BULLET: char = '•';

/// Whether `c` is a glyph that PDFs and word processors use as a list bullet (including
/// the Symbol/Wingdings private-use code points pdf-extract passes through).
pub(crate) fn is_bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '\u{E000}'
            ..='\u{F8FF}' // private use: Symbol/Wingdings bullets (F0B7, F06E, F0A7 ...)
        | '•' | '◦' | '‣' | '⁃' | '∙' | '●' | '○' | '◘' | '◙'
        | '■' | '□' | '▪' | '▫' | '◼' | '◻' | '◾' | '◽' | '►' | '▶' | '▸' | '➢' | '➤' | '❖'
        | '✓' | '✔' | '⦁'
    )
}

/// Normalises characters of extracted text: `\r\n`/`\r` to `\n`, form feeds kept for the
/// caller, non-breaking and other odd spaces to a space, zero-width characters and soft
/// hyphens removed, ligatures spelled out, bullet glyphs mapped to [`BULLET`], other control
/// characters dropped, then NFC.
pub(crate) fn normalize_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' | '\u{0C}' => out.push(c),
            '\u{0B}' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => out.push(' '),
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c if is_bullet_glyph(c) => out.push(BULLET),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if out.is_ascii() {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_spaces_ligatures() {
        assert_eq!(normalize_chars("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(
            normalize_chars("a\u{A0}b\u{2009}c\u{200B}d\u{AD}e"),
            "a b cde"
        );
        assert_eq!(normalize_chars("ﬁnd ﬂow"), "find flow");
        assert_eq!(normalize_chars("x\u{7}y"), "xy");
    }

    #[test]
    fn bullets_are_mapped() {
        assert_eq!(
            normalize_chars("\u{F0B7} a\n\u{F06E} b\n\u{25AA} c\n◼ d"),
            "• a\n• b\n• c\n• d"
        );
    }

    #[test]
    fn nfc() {
        assert_eq!(normalize_chars("e\u{301}"), "é");
    }

    #[test]
    fn idempotent() {
        let s = "e\u{301}\r\nﬁ\u{F0B7}\u{A0}x";
        let once = normalize_chars(s);
        assert_eq!(normalize_chars(&once), once);
    }
}
