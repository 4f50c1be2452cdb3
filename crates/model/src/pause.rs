//! Test hooks for crash-safety tests: `OFSTED_ETL_PAUSE_AT=<point>` makes the process print
//! `paused at <point>` to stderr and sleep at that point, so a test can SIGKILL it exactly
//! there. Points: `extract` (after the first document is processed), `write` (tables written
//! to a staging directory, not yet renamed), `publish` (new generation in place, links not
//! yet switched). Without the variable this does nothing. `OFSTED_ETL_PANIC_AT=<point>`
//! panics there instead (point `start`: a bug outside any document's processing).
//!
//! Only in builds with the cargo feature `test-hooks` (the root package turns it on through
//! its dev-dependency on this crate, so `cargo test` builds the binary with it and
//! `cargo build` does not): otherwise [`pause_at`] is empty and the environment is never read.

/// Pauses at `point` if `OFSTED_ETL_PAUSE_AT` names it.
#[cfg(feature = "test-hooks")]
pub fn pause_at(point: &str) {
    if std::env::var("OFSTED_ETL_PAUSE_AT").is_ok_and(|p| p == point) {
        eprintln!("paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
}

/// Does nothing: this build has no test hooks (cargo feature `test-hooks`).
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_at(_point: &str) {}

/// Panics at `point` if `OFSTED_ETL_PANIC_AT` names it (a stand-in for a bug).
#[cfg(feature = "test-hooks")]
#[allow(clippy::panic)]
pub fn panic_at(point: &str) {
    if std::env::var("OFSTED_ETL_PANIC_AT").is_ok_and(|p| p == point) {
        panic!("test panic at {point}");
    }
}

/// Does nothing: this build has no test hooks (cargo feature `test-hooks`).
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn panic_at(_point: &str) {}
