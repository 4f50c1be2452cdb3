//! ILACS focused visits (2018–): a letter to the director of children's services after one
//! or two days on site, with the visit's focus, headline findings, "What needs to improve
//! in this area of social work practice" and, when practice is weak, "Areas for priority
//! action".

use super::LetterFacts;
use crate::report::ReportFacts;
use ofsted_model::doc::CleanDoc;

/// Reads a focused-visit letter (see [`super`]).
pub fn read(doc: &CleanDoc, report: &mut ReportFacts) -> LetterFacts {
    super::read_visit_letter(doc, report)
}
