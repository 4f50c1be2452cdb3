//! Page text from placed glyphs: the text assembler behind the hayro engine.
//!
//! Glyphs arrive in content-stream order (for the word-processor PDFs of this corpus that
//! is reading order: text blocks top to bottom, table cells row by row) with their origin,
//! the end of their advance and their size, in page space with y growing downwards. The
//! assembler writes them as pdf-extract's plain-text output does, so the cleaning that
//! follows sees the same shapes:
//!
//! - a line break when the baseline moves by more than half the glyph size while the pen
//!   moves back left (a wrapped or new line), and one more (a blank line) when the
//!   baseline moves by more than one and a half sizes (a paragraph gap or a new text
//!   block); only between runs (text-showing operations, `Tj`/`TJ`): the glyphs of one
//!   run stay on one line even when the run is rotated (a "Page 1" stamp up the margin);
//! - one space when a glyph starts more than a tenth of its size after the end of the
//!   previous one (the word gaps of PDFs that position words instead of writing spaces).
//!   After a written space the gap is read by where the glyph comes from: inside one
//!   text-showing operation (`Tj`/`TJ`, a "run") it is word spacing widening that space
//!   (justified text), so no second space; at the start of a new run it is a tab stop or
//!   a column gap, and a second space is written, as pdf-extract writes it: the cleaning
//!   reads two spaces as a table-cell gap ("protection  Good").
//! - everything else verbatim: hyphens at line ends, private-use bullet glyphs and
//!   ligatures as the font's Unicode mapping gives them (the cleaning maps bullets and
//!   keeps line-end hyphens).

/// A page's text, built glyph by glyph.
#[derive(Debug, Clone)]
pub(crate) struct PageText {
    out: String,
    /// Where the previous glyph's advance ended (x), far right before the first glyph.
    last_end: f64,
    /// The previous glyph's baseline (y, downwards), the page top before the first glyph.
    last_y: f64,
}

/// A glyph placed on the page: origin `(x, y)` (y downwards), the end of its advance
/// `end` (x) and its size (the font size in page units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// Origin x.
    pub x: f64,
    /// Baseline y, growing downwards.
    pub y: f64,
    /// x where the glyph's advance ends.
    pub end: f64,
    /// Font size in page units (always positive).
    pub size: f64,
}

impl Default for PageText {
    fn default() -> Self {
        PageText {
            out: String::new(),
            last_end: 100_000.0,
            last_y: 0.0,
        }
    }
}

impl PageText {
    /// Adds one glyph whose Unicode text is `text` (empty for a glyph without a mapping,
    /// which still moves the pen); `run_start` when it is the first glyph of a
    /// text-showing operation.
    pub(crate) fn push(&mut self, g: Placed, text: &str, run_start: bool) {
        if !(g.x.is_finite() && g.y.is_finite() && g.end.is_finite() && g.size.is_finite()) {
            self.out.push_str(text);
            return;
        }
        // a run is written on one line: rotated or stepped glyphs inside it do not break it
        let dy = (g.y - self.last_y).abs();
        if run_start && dy > g.size * 1.5 {
            self.out.push('\n');
        }
        if run_start && g.x < self.last_end && dy > g.size * 0.5 {
            self.out.push('\n');
        }
        if g.x > self.last_end + g.size * 0.1 && (run_start || !self.out.ends_with(' ')) {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.last_y = g.y;
        self.last_end = g.end;
    }

    /// The page's text.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `words` on one baseline `y`, each glyph 6 units wide at size 12, with
    /// `gap` units between words and none between letters.
    /// (one run: one text-showing operation).
    fn line(p: &mut PageText, y: f64, x0: f64, gap: f64, words: &[&str]) -> f64 {
        let mut x = x0;
        let mut first = true;
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                x += gap;
            }
            for c in w.chars() {
                let g = Placed {
                    x,
                    y,
                    end: x + 6.0,
                    size: 12.0,
                };
                p.push(g, &c.to_string(), first);
                first = false;
                x += 6.0;
            }
        }
        x
    }

    #[test]
    fn gaps_between_glyphs_become_single_spaces() {
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 3.0, &["Children", "in", "care"]);
        assert_eq!(p.finish(), "\n\nChildren in care");
    }

    #[test]
    fn tiny_gaps_kerning_are_not_spaces() {
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 1.0, &["Chil", "dren"]);
        assert_eq!(p.finish().trim(), "Children");
    }

    #[test]
    fn word_spacing_after_a_written_space_is_one_space() {
        // justified text: "Tw" widens each written space inside one run
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 4.0, &["Good ", "work ", "done"]);
        assert_eq!(p.finish().trim(), "Good work done");
    }

    #[test]
    fn a_new_run_after_a_written_space_and_a_gap_is_a_cell_gap() {
        let mut p = PageText::default();
        let x = line(&mut p, 100.0, 72.0, 0.0, &["1. "]);
        let x = line(&mut p, 100.0, x + 8.0, 3.0, &["Children", "in", "care "]);
        line(&mut p, 100.0, x + 80.0, 3.0, &["Good"]);
        assert_eq!(p.finish().trim(), "1.  Children in care  Good");
    }

    #[test]
    fn wrapped_lines_break_once_and_paragraphs_twice() {
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 3.0, &["first", "line"]);
        line(&mut p, 114.0, 72.0, 3.0, &["second", "line"]);
        line(&mut p, 150.0, 72.0, 3.0, &["new", "paragraph"]);
        assert_eq!(
            p.finish().trim_start(),
            "first line\nsecond line\n\nnew paragraph"
        );
    }

    #[test]
    fn lines_follow_content_order_and_superscripts_stay_inline() {
        let mut p = PageText::default();
        let x = line(&mut p, 100.0, 72.0, 3.0, &["board"]);
        // a footnote marker raised by a third of the size, right after the word
        let marker = Placed {
            x,
            y: 96.0,
            end: x + 4.0,
            size: 8.0,
        };
        p.push(marker, "1", true);
        line(&mut p, 100.0, x + 7.0, 3.0, &["met"]);
        assert_eq!(p.finish().trim_start(), "board1 met");
    }

    #[test]
    fn line_end_hyphens_and_bullet_glyphs_pass_through() {
        let mut p = PageText::default();
        line(&mut p, 100.0, 90.0, 3.0, &["multi-"]);
        line(&mut p, 114.0, 72.0, 3.0, &["\u{F0B7}", "agency", "work"]);
        assert_eq!(p.finish().trim_start(), "multi-\n\u{F0B7} agency work");
    }

    #[test]
    fn a_column_to_the_right_on_the_same_line_is_spaced_not_broken() {
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 3.0, &["Overall", "effectiveness"]);
        line(&mut p, 100.0, 400.0, 3.0, &["Good"]);
        assert_eq!(p.finish().trim_start(), "Overall effectiveness Good");
    }

    #[test]
    fn a_rotated_run_stays_on_one_line() {
        // regression (Kent council papers in the negatives corpus): a "Page 5" stamp
        // written up the margin, each glyph above the previous one, read "Pa\nge 5"
        let mut p = PageText::default();
        line(&mut p, 100.0, 72.0, 3.0, &["Agenda"]);
        for (i, c) in "Page".chars().enumerate() {
            let y = 700.0 - 7.0 * i as f64;
            // turned a quarter: the pen moves up, the advance hardly moves x
            let g = Placed {
                x: 20.0,
                y,
                end: 20.5,
                size: 12.0,
            };
            p.push(g, &c.to_string(), i == 0);
        }
        assert_eq!(p.finish().trim_start(), "Agenda\n\nPage");
    }

    #[test]
    fn non_finite_positions_do_not_panic() {
        let mut p = PageText::default();
        let bad = Placed {
            x: f64::NAN,
            y: f64::INFINITY,
            end: 0.0,
            size: 0.0,
        };
        p.push(bad, "x", true);
        assert_eq!(p.finish(), "x");
    }
}
