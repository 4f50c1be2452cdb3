//! Monitoring visits to authorities judged inadequate. Ofsted writes them in the form of
//! focused-visit letters ("This letter summarises the findings of the monitoring visit to
//! ... on 12 and 13 March 2019"; "This visit was the third monitoring visit since the
//! local authority was judged inadequate"), so the same rules read them; the framework is
//! recognised from the letter's own words by [`crate::framework`].

use super::LetterFacts;
use crate::report::ReportFacts;
use ofsted_model::doc::CleanDoc;

/// Reads a monitoring-visit letter (see [`super`]).
pub fn read(doc: &CleanDoc, report: &mut ReportFacts) -> LetterFacts {
    super::read_visit_letter(doc, report)
}
