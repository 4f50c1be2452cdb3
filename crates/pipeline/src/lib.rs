//! Orchestration of ofsted-etl: configuration, input discovery, per-input isolation,
//! incremental runs over a state store, one-run-at-a-time locking, atomic publication,
//! and the run manifest. Evaluation against gold is the `ofsted-eval` crate.
//!
//! What it is for: everything between the command line and the three stage crates —
//! deciding which inputs to read, running `ofsted-extract` and `ofsted-transform` on each in
//! parallel (rayon) so that no input can stop the others, linking, handing tables to
//! `ofsted-load`, and recording what happened; and what one document yields, for
//! `inspect` ([`inspect`]).
//!
//! What it is not for: parsing text (stage crates) or printing (the binary turns
//! [`run::Event`]s into a progress bar or log lines, and errors into exit codes).

pub mod changes;
pub mod config;
pub mod discover;
pub mod inspect;
pub mod lock;
pub mod manifest;
pub mod process;
pub mod publications;
pub mod rerun;
pub mod run;
pub mod shard;
pub mod state;
pub mod stream;
