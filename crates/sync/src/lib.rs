//! `ofsted-etl sync`: finds every publication of English local authorities' children's
//! services on Ofsted's report site and downloads the new ones, politely and resumably.
//!
//! What it is for:
//! - [`parse`]: reading the search results and the providers' timelines with a real HTML
//!   parser;
//! - [`http`]: the polite client (robots.txt, pause between requests, User-Agent,
//!   `Retry-After`, backoff with jitter, conditional requests, checked downloads);
//! - [`store`]: the ledger on disk, written atomically;
//! - [`run`]: one whole sync.
//!
//! What it is not for: reading the documents (the pipeline does that). It depends on
//! `ofsted-model` only; the ledger's format lives there ([`ofsted_model::ledger`]) because
//! the pipeline reads it too.

pub mod http;
pub mod parse;
pub mod robots;
pub mod run;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use run::{Summary, sync};

/// The default site.
pub const DEFAULT_BASE_URL: &str = "https://reports.ofsted.gov.uk";

/// The default User-Agent: names the tool, its version and its home page.
pub fn default_user_agent() -> String {
    format!(
        "ofsted-etl/{} (+https://example.invalid/ofsted-etl)",
        ofsted_model::PIPELINE_VERSION
    )
}

/// Something that waits (a real sleep, or a recorder in tests).
pub trait Sleeper: Send + Sync {
    /// Waits for `d`.
    fn sleep(&self, d: Duration);
}

/// Sleeps for real.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealSleep;

impl Sleeper for RealSleep {
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// How to sync.
#[derive(Clone)]
pub struct SyncOptions {
    /// Site root, e.g. `https://reports.ofsted.gov.uk`.
    pub base_url: String,
    /// Folder receiving `<urn>_<la-slug>/…pdf` and the hidden `.ofsted-sync/`.
    pub into: PathBuf,
    /// Pause between requests.
    pub min_interval: Duration,
    /// Time one request may take.
    pub timeout: Duration,
    /// Retries of a failed request (429, 5xx, timeout, body cut short).
    pub retries: u32,
    /// User-Agent header.
    pub user_agent: String,
    /// List what would be downloaded; download nothing and write nothing.
    pub dry_run: bool,
    /// Download at most this many files.
    pub max_downloads: Option<usize>,
    /// Rows per search page (the site allows at most 100).
    pub page_rows: usize,
    /// First backoff delay (doubled at each retry, at most 60 s, times jitter in [0.5, 1)).
    pub backoff_base: Duration,
    /// Longest `Retry-After` honoured; a longer one fails the request.
    pub max_wait: Duration,
    /// Largest file accepted.
    pub max_file_bytes: u64,
    /// Seed of the backoff jitter.
    pub jitter_seed: u64,
    /// How to wait.
    pub sleeper: Arc<dyn Sleeper>,
}

impl SyncOptions {
    /// The defaults of `[sync]` for a site and folder.
    pub fn new(base_url: &str, into: PathBuf) -> SyncOptions {
        SyncOptions {
            base_url: base_url.trim_end_matches('/').to_owned(),
            into,
            min_interval: Duration::from_millis(1000),
            timeout: Duration::from_secs(30),
            retries: 4,
            user_agent: default_user_agent(),
            dry_run: false,
            max_downloads: None,
            page_rows: 100,
            backoff_base: Duration::from_secs(1),
            max_wait: Duration::from_secs(300),
            max_file_bytes: 200 * 1024 * 1024,
            jitter_seed: std::process::id() as u64 ^ 0x9E37_79B9_7F4A_7C15,
            sleeper: Arc::new(RealSleep),
        }
    }
}

/// Errors that stop a sync. Failed downloads do not: they are recorded in the ledger and
/// the [`Summary`].
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The site's pages no longer look as expected. Nothing held was touched.
    #[error(
        "the site's layout may have changed: {what} (shown by {url}); nothing held was deleted or rewritten"
    )]
    LayoutChanged {
        /// The page that showed it.
        url: String,
        /// What was wrong.
        what: String,
    },
    /// The search could not be read (after retries, or robots.txt forbids it).
    #[error("cannot read the site: {url}: {reason}")]
    Site {
        /// The page.
        url: String,
        /// Why.
        reason: String,
    },
    /// A file or folder could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The ledger is unreadable.
    #[error("ledger {path}: {message}")]
    Ledger {
        /// Its path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
