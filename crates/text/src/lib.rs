//! The small shared machinery under ofsted-etl's two text stages (`ofsted-extract` and
//! `ofsted-transform`), so that neither depends on the other for it.
//!
//! What it is for:
//! - [`rx`]: the one place every built-in regex is compiled (ASCII word boundaries, for
//!   the regex crate's fast engine) and registered, so that a test can compile them all
//!   and fail naming any pattern that does not compile ([`rx::check_all`]);
//! - [`worker`]: long-lived worker threads that run a job under a time budget (the PDF
//!   engines, and each document of a run).
//!
//! What it is not for: knowing about documents, inspections or tables (that is `model`,
//! `extract`, `transform` and `load`), or holding any pattern itself.

pub mod rx;
pub mod worker;
