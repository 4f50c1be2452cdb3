//! No document without a trace: every document that was read ends as the primary
//! document of an inspection, a secondary document linked to inspections, or with an
//! error-severity `quality` row saying why nothing was found. (Inputs that could not be
//! read are in `rejects`.)

use crate::tables::DocResult;
use ofsted_model::rows::QualityRow;
use ofsted_model::vocab::{DocType, QualityStage, Severity};

/// What became of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// The Ofsted report or letter of an inspection.
    Primary,
    /// A paper or article that mentions inspections (linked to them).
    Secondary,
    /// An Ofsted report or letter (or a document naming Ofsted at its top) from which no
    /// inspection was read.
    NoInspectionFound,
    /// Anything else that mentions no inspection.
    Unrecognised,
}

impl Outcome {
    /// Every outcome of a document that was read, in report order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Primary,
        Outcome::Secondary,
        Outcome::NoInspectionFound,
        Outcome::Unrecognised,
    ];

    /// Stable key: `primary`, `secondary`, `no_inspection_found`, `unrecognised_document`
    /// (the last two are also the codes of their `quality` rows).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Primary => "primary",
            Outcome::Secondary => "secondary",
            Outcome::NoInspectionFound => "no_inspection_found",
            Outcome::Unrecognised => "unrecognised_document",
        }
    }
}

/// The outcome of one analysed document.
pub fn outcome(r: &DocResult) -> Outcome {
    if r.mentions.iter().any(|m| m.is_primary) {
        Outcome::Primary
    } else if !r.mentions.is_empty() {
        Outcome::Secondary
    } else if looks_like_ofsted(r) {
        Outcome::NoInspectionFound
    } else {
        Outcome::Unrecognised
    }
}

/// How many characters of a document's text count as its opening: all that
/// [`outcome`] and [`trace_row`] read of the text.
pub const OPENING_CHARS: usize = 1000;

fn names_ofsted(s: &str) -> bool {
    s.to_lowercase().contains("ofsted")
}

/// An Ofsted report or letter by type, or a document that names Ofsted in its title.
fn ofsted_by_type_or_title(r: &DocResult) -> bool {
    matches!(
        r.document.doc_type,
        DocType::InspectionReport | DocType::InspectionLetter
    ) || r.document.title.as_deref().is_some_and(names_ofsted)
}

/// Whether [`outcome`] (and so [`trace_row`]) reads the document's text: only when no
/// mention, type or title settles it. Documents kept for linking can drop their text
/// when it does not.
pub fn reads_opening(r: &DocResult) -> bool {
    r.mentions.is_empty() && !ofsted_by_type_or_title(r)
}

/// An Ofsted report or letter by type, or a document that names Ofsted in its title or
/// opening (first [`OPENING_CHARS`] characters).
fn looks_like_ofsted(r: &DocResult) -> bool {
    ofsted_by_type_or_title(r)
        || names_ofsted(&r.text.text.chars().take(OPENING_CHARS).collect::<String>())
}

/// The error row of a document that yielded no inspection and no link, else `None`.
pub fn trace_row(r: &DocResult) -> Option<QualityRow> {
    let d = &r.document;
    let title = d.title.as_deref().unwrap_or("untitled");
    let la = d
        .local_authority
        .as_deref()
        .unwrap_or("no authority recognised");
    let message = match outcome(r) {
        Outcome::Primary | Outcome::Secondary => return None,
        Outcome::NoInspectionFound => format!(
            "{} \"{title}\" ({la}) looks like an Ofsted document but yielded no inspection",
            d.doc_type
        ),
        Outcome::Unrecognised => format!(
            "{} \"{title}\" ({la}) was not recognised as an Ofsted report or letter and mentions no inspection: nothing linked",
            d.doc_type
        ),
    };
    Some(QualityRow::note(
        Some(&d.doc_id),
        QualityStage::Link,
        Severity::Error,
        outcome(r).as_str(),
        message,
    ))
}
