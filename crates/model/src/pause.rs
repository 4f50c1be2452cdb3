//! Test hook for crash-safety tests: `OFSTED_ETL_PAUSE_AT=<point>` makes the process print
//! `paused at <point>` to stderr and sleep at that point, so a test can SIGKILL it exactly
//! there. Points: `extract` (after the first document is processed), `write` (tables written
//! to a staging directory, not yet renamed), `publish` (new generation in place, links not
//! yet switched). Without the variable this does nothing.

/// Pauses at `point` if `OFSTED_ETL_PAUSE_AT` names it.
pub fn pause_at(point: &str) {
    if std::env::var("OFSTED_ETL_PAUSE_AT").is_ok_and(|p| p == point) {
        eprintln!("paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
}
