//! Byte offsets inside the pipeline, character offsets in the tables.
//!
//! Rust slices strings by byte; notebooks (Python, Polars, DuckDB) slice by Unicode code
//! point. Every `char_start`/`char_end` column is a code-point offset into the document's
//! cleaned text (`texts.text`), so `text[char_start:char_end]` in Python gives the value's
//! source. [`CharMap`] converts once per document in O(log n) per lookup.

/// Maps byte offsets of one string to code-point offsets.
#[derive(Debug, Clone)]
pub struct CharMap {
    /// Byte offsets of every non-ASCII char start; enough to count chars before any offset.
    non_ascii: Vec<(usize, usize)>,
}

impl CharMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        // (byte offset just after a multi-byte char, extra bytes accumulated so far)
        let mut non_ascii = Vec::new();
        let mut extra = 0usize;
        for (i, c) in text.char_indices() {
            let n = c.len_utf8();
            if n > 1 {
                extra += n - 1;
                non_ascii.push((i + n, extra));
            }
        }
        CharMap { non_ascii }
    }

    /// The code-point offset of byte offset `byte` (which should lie on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        // number of extra bytes of all multi-byte chars that end at or before `byte`
        let idx = self.non_ascii.partition_point(|&(end, _)| end <= byte);
        let extra = if idx == 0 {
            0
        } else {
            self.non_ascii[idx - 1].1
        };
        byte - extra
    }

    /// Converts a byte span to a code-point span.
    pub fn span(&self, start: usize, end: usize) -> (i64, i64) {
        (self.char_offset(start) as i64, self.char_offset(end) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let m = CharMap::new("hello world");
        assert_eq!(m.char_offset(0), 0);
        assert_eq!(m.char_offset(5), 5);
        assert_eq!(m.char_offset(11), 11);
    }

    #[test]
    fn multibyte_counts_code_points() {
        let s = "a’b©c€d";
        let m = CharMap::new(s);
        for (ci, (bi, _)) in s.char_indices().enumerate() {
            assert_eq!(m.char_offset(bi), ci, "byte {bi}");
        }
        assert_eq!(m.char_offset(s.len()), s.chars().count());
    }
}
