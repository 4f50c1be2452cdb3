//! The cleaned document that `extract` hands to `transform`.

use serde::{Deserialize, Serialize};

pub use crate::vocab::{Severity, SourceFormat};

/// What a block of cleaned text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading line ("What needs to improve?", "Strengths").
    Heading,
    /// A paragraph of running text, numbered ("12. ...") or not.
    Paragraph,
    /// One item of a bulleted list.
    ListItem,
    /// One row of a table; its cells are separated by `\t` in the cleaned text.
    TableRow,
}

/// A typed run of the cleaned text. Spans are **byte** offsets into [`CleanDoc::text`]
/// (half-open, on UTF-8 boundaries); tables publish them as character offsets via
/// [`crate::span::CharMap`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The paragraph number as printed ("12", "3.1"), without its trailing dot; `None` if
    /// the block is not numbered.
    pub number: Option<String>,
    /// Start of the block's text (after any number or bullet), byte offset.
    pub start: usize,
    /// End of the block's text, byte offset (exclusive).
    pub end: usize,
    /// 1-based page of the source on which the block starts, when the source had pages.
    pub page: Option<u32>,
}

/// A doubt, repair or conflict found by a stage, destined for the `quality` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// How serious it is.
    pub severity: Severity,
    /// A stable snake_case code (`damage_marker`, `paragraph_number_gap`, `grade_conflict`).
    pub code: String,
    /// A sentence for a person, naming the values involved.
    pub message: String,
    /// Byte span into the cleaned text, when the note is about a place in it.
    pub span: Option<(usize, usize)>,
}

impl Note {
    /// A note without a place in the text.
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Note {
            severity,
            code: code.to_owned(),
            message: message.into(),
            span: None,
        }
    }

    /// A note about the byte span `start..end` of the cleaned text.
    pub fn at(
        severity: Severity,
        code: &str,
        message: impl Into<String>,
        start: usize,
        end: usize,
    ) -> Self {
        Note {
            severity,
            code: code.to_owned(),
            message: message.into(),
            span: Some((start, end)),
        }
    }
}

/// A document after extraction and cleanup: the text every span points into, its blocks in
/// reading order, and the notes the cleanup wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanDoc {
    /// The cleaned text: NFC-normalised, `\n` line ends, blocks separated by a blank line,
    /// table cells separated by `\t`, no page furniture.
    pub text: String,
    /// Blocks in reading order; they do not overlap and lie on the text's boundaries.
    pub blocks: Vec<Block>,
    /// Repairs, damage and doubts found while cleaning.
    pub notes: Vec<Note>,
    /// Number of pages of the source, when it had pages.
    pub pages: Option<u32>,
    /// Running header and footer lines removed from the text that a reader may still need
    /// for their dates: an example of the removed lines, then each distinct one that
    /// carries a date (at most four). A report's footer can date it when its title page
    /// does not, or contradict it.
    #[serde(default)]
    pub removed_furniture: Vec<String>,
}

impl CleanDoc {
    /// A document of `text` alone: no blocks, notes, pages or removed furniture (plain
    /// text inputs read this way, and every test that starts from a sentence).
    pub fn from_text(text: impl Into<String>) -> Self {
        CleanDoc {
            text: text.into(),
            ..CleanDoc::default()
        }
    }

    /// The text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        self.text.get(block.start..block.end).unwrap_or("")
    }
}
