//! Date expressions for the secondary-document finders: the shared finder
//! ([`crate::dates::find_dates`]), in one place so the finders can be re-pointed.

use crate::Spanned;
use crate::dates::DateExpr;

/// Every date expression in `text`, in text order.
pub(crate) fn find(text: &str) -> Vec<Spanned<DateExpr>> {
    crate::dates::find_dates(text)
}
