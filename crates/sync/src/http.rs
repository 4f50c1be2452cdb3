//! The polite HTTP client: one request at a time, a pause between requests, robots.txt per
//! host, the User-Agent always sent, `Retry-After` honoured for 429/503, exponential
//! backoff with jitter for other 5xx and timeouts, conditional requests for pages.

use crate::robots::Robots;
use crate::{Sleeper, SyncOptions};
use ofsted_model::ledger::PageRecord;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use ureq::http::Response;

/// Why a request failed, as a stable snake_case reason plus detail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {detail}")]
pub struct FetchError {
    /// `http_<status>`, `timeout`, `connection`, `not_a_pdf`, `short_body`,
    /// `retry_after_too_long`, `robots`, `io_error`, `too_large`.
    pub reason: String,
    /// For a person.
    pub detail: String,
}

fn fail(reason: &str, detail: impl Into<String>) -> FetchError {
    FetchError {
        reason: reason.to_owned(),
        detail: detail.into(),
    }
}

/// A page answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// 200 with the body and its validators.
    Fresh {
        /// The HTML.
        body: String,
        /// `ETag`.
        etag: Option<String>,
        /// `Last-Modified`.
        last_modified: Option<String>,
    },
    /// 304: unchanged since the validators sent.
    NotModified,
}

/// A file written to the temporary path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Got {
    /// Bytes written.
    pub bytes: u64,
    /// SHA-256 (hex).
    pub sha256: String,
}

/// Requests made, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Page requests sent (search, provider pages, robots.txt), retries included.
    pub pages: usize,
    /// Of which answered 304.
    pub not_modified: usize,
    /// File requests sent, retries included.
    pub files: usize,
}

/// The client.
pub struct Client {
    agent: ureq::Agent,
    min_interval: Duration,
    retries: u32,
    backoff_base: Duration,
    max_wait: Duration,
    max_file_bytes: u64,
    sleeper: Arc<dyn Sleeper>,
    last: Option<Instant>,
    rng: u64,
    robots: HashMap<String, Robots>,
    /// Requests made so far.
    pub counts: Counts,
}

/// The robots.txt product token.
pub const AGENT_TOKEN: &str = "ofsted-etl";

impl Client {
    /// A client for the options.
    pub fn new(o: &SyncOptions) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(o.timeout))
            .http_status_as_error(false)
            .user_agent(o.user_agent.as_str())
            .max_redirects(5)
            .build();
        Client {
            agent: config.into(),
            min_interval: o.min_interval,
            retries: o.retries,
            backoff_base: o.backoff_base,
            max_wait: o.max_wait,
            max_file_bytes: o.max_file_bytes,
            sleeper: o.sleeper.clone(),
            last: None,
            rng: o.jitter_seed | 1,
            robots: HashMap::new(),
            counts: Counts::default(),
        }
    }

    /// Whether robots.txt of the URL's host allows it (read once per host per sync).
    pub fn allowed(&mut self, url: &str) -> bool {
        let (origin, path) = split_origin(url);
        if !self.robots.contains_key(&origin) {
            let robots = self.read_robots(&origin);
            self.robots.insert(origin.clone(), robots);
        }
        self.robots.get(&origin).is_none_or(|r| r.allowed(&path))
    }

    fn read_robots(&mut self, origin: &str) -> Robots {
        let url = format!("{origin}/robots.txt");
        self.counts.pages += 1;
        match self.send(&url, &[]) {
            Ok(mut r) if r.status().is_success() => {
                let text = r
                    .body_mut()
                    .with_config()
                    .limit(512 * 1024)
                    .read_to_string()
                    .unwrap_or_default();
                Robots::parse(&text, AGENT_TOKEN)
            }
            Ok(r) if r.status().is_client_error() => Robots::allow_all(),
            _ => Robots::disallow_all(),
        }
    }

    /// Fetches a page, conditionally when `prev` holds validators.
    pub fn page(&mut self, url: &str, prev: Option<&PageRecord>) -> Result<Page, FetchError> {
        let mut headers: Vec<(&str, String)> = Vec::new();
        if let Some(p) = prev {
            if let Some(e) = &p.etag {
                headers.push(("If-None-Match", e.clone()));
            }
            if let Some(m) = &p.last_modified {
                headers.push(("If-Modified-Since", m.clone()));
            }
        }
        self.counts.pages += 1;
        let mut r = self.send(url, &headers)?;
        let status = r.status().as_u16();
        if status == 304 && prev.is_some() {
            self.counts.not_modified += 1;
            return Ok(Page::NotModified);
        }
        if status != 200 {
            return Err(fail(
                &format!("http_{status}"),
                format!("{url} answered {status}"),
            ));
        }
        let header = |n: &str| {
            r.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        let body = r
            .body_mut()
            .with_config()
            .limit(20 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| classify(&e, url))?;
        Ok(Page::Fresh {
            body,
            etag,
            last_modified,
        })
    }

    /// Downloads a file into `tmp`, checking that it is a whole PDF. A body cut short or a
    /// transport error is retried like a failed request.
    pub fn file(&mut self, url: &str, tmp: &Path) -> Result<Got, FetchError> {
        let mut attempt = 0;
        loop {
            self.counts.files += 1;
            match self.file_once(url, tmp) {
                Err(e) if is_transient(&e) && attempt < self.retries => {
                    let wait = self.backoff(attempt);
                    self.sleeper.sleep(wait);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn file_once(&mut self, url: &str, tmp: &Path) -> Result<Got, FetchError> {
        let mut r = self.send(url, &[])?;
        let status = r.status().as_u16();
        if status != 200 {
            return Err(fail(
                &format!("http_{status}"),
                format!("{url} answered {status}"),
            ));
        }
        let expected: Option<u64> = r
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        if expected.is_some_and(|n| n > self.max_file_bytes) {
            return Err(fail("too_large", format!("{url}: {expected:?} bytes")));
        }
        let mut reader = r.body_mut().as_reader();
        let got = write_checked(&mut reader, tmp, self.max_file_bytes).map_err(|e| match e {
            CopyError::Read(e) => fail(
                if e.kind() == std::io::ErrorKind::TimedOut {
                    "timeout"
                } else {
                    "short_body"
                },
                format!("{url}: {e}"),
            ),
            CopyError::Write(e) => fail("io_error", format!("{}: {e}", tmp.display())),
            CopyError::TooLarge => fail(
                "too_large",
                format!("{url}: over {} bytes", self.max_file_bytes),
            ),
        })?;
        if let Some(n) = expected.filter(|n| *n != got.0) {
            return Err(fail("short_body", format!("{url}: {} of {n} bytes", got.0)));
        }
        if !got.2.starts_with(b"%PDF-") {
            let what = String::from_utf8_lossy(&got.2)
                .trim()
                .chars()
                .take(20)
                .collect::<String>();
            return Err(fail(
                "not_a_pdf",
                format!("{url}: body starts {what:?}, not %PDF-"),
            ));
        }
        Ok(Got {
            bytes: got.0,
            sha256: got.1,
        })
    }

    /// Sends one GET, retrying 429/503 (after `Retry-After` or backoff), other 5xx and
    /// timeouts up to `retries` times. Returns the last answer (any status) or error.
    fn send(
        &mut self,
        url: &str,
        headers: &[(&str, String)],
    ) -> Result<Response<ureq::Body>, FetchError> {
        let mut attempt = 0;
        loop {
            self.pace();
            let mut req = self.agent.get(url);
            for (k, v) in headers {
                req = req.header(*k, v.as_str());
            }
            let result = req.call();
            self.last = Some(Instant::now());
            let wait = match &result {
                Ok(r) => match r.status().as_u16() {
                    429 | 503 => Some(self.retry_after(r, attempt)?),
                    500..=599 => Some(self.backoff(attempt)),
                    _ => None,
                },
                Err(e) if is_transient(&classify(e, url)) => Some(self.backoff(attempt)),
                Err(_) => None,
            };
            match wait {
                Some(w) if attempt < self.retries => {
                    self.sleeper.sleep(w);
                    attempt += 1;
                }
                _ => return result.map_err(|e| classify(&e, url)),
            }
        }
    }

    /// Waits until `min_interval` has passed since the previous request.
    fn pace(&self) {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < self.min_interval {
                self.sleeper.sleep(self.min_interval - since);
            }
        }
    }

    fn retry_after(
        &mut self,
        r: &Response<ureq::Body>,
        attempt: u32,
    ) -> Result<Duration, FetchError> {
        let value = r.headers().get("retry-after").and_then(|v| v.to_str().ok());
        let Some(wait) = value.and_then(parse_retry_after) else {
            return Ok(self.backoff(attempt));
        };
        if wait > self.max_wait {
            return Err(fail(
                "retry_after_too_long",
                format!(
                    "the site asked to wait {} s (more than {} s)",
                    wait.as_secs(),
                    self.max_wait.as_secs()
                ),
            ));
        }
        Ok(wait)
    }

    /// `backoff_base · 2^attempt`, at most 60 s, times a jitter factor in [0.5, 1).
    pub fn backoff(&mut self, attempt: u32) -> Duration {
        let base = self.backoff_base.saturating_mul(1u32 << attempt.min(16));
        let base = base.min(Duration::from_secs(60));
        // xorshift64*: deterministic for a given seed.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        let r = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let frac = 0.5 + (r >> 11) as f64 / (1u64 << 53) as f64 / 2.0;
        base.mul_f64(frac)
    }
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

fn is_transient(e: &FetchError) -> bool {
    matches!(e.reason.as_str(), "timeout" | "connection" | "short_body")
}

fn classify(e: &ureq::Error, url: &str) -> FetchError {
    let reason = match e {
        ureq::Error::Timeout(_) => "timeout",
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => "timeout",
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Protocol(_)
        | ureq::Error::BodyStalled => "connection",
        ureq::Error::BodyExceedsLimit(_) => "too_large",
        _ => "request_error",
    };
    fail(reason, format!("{url}: {e}"))
}

/// `scheme://host[:port]` and the path with query.
fn split_origin(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("/")),
        None => (rest, "/"),
    };
    (format!("{scheme}://{host}"), path.to_owned())
}

enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
    TooLarge,
}

/// Copies the body into `tmp` (fsynced), returning length, SHA-256 and the first bytes.
fn write_checked(
    r: &mut dyn Read,
    tmp: &Path,
    max: u64,
) -> Result<(u64, String, Vec<u8>), CopyError> {
    let mut f = std::fs::File::create(tmp).map_err(CopyError::Write)?;
    let mut hash = Sha256::new();
    let mut head = Vec::new();
    let mut n: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let k = r.read(&mut buf).map_err(CopyError::Read)?;
        if k == 0 {
            break;
        }
        let chunk = buf.get(..k).unwrap_or(&[]);
        if head.len() < 64 {
            head.extend(chunk.iter().take(64 - head.len()));
        }
        hash.update(chunk);
        f.write_all(chunk).map_err(CopyError::Write)?;
        n += k as u64;
        if n > max {
            return Err(CopyError::TooLarge);
        }
    }
    f.sync_all().map_err(CopyError::Write)?;
    let hex = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((n, hex, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn origins() {
        assert_eq!(
            split_origin("http://127.0.0.1:8/search?q=1"),
            ("http://127.0.0.1:8".into(), "/search?q=1".into())
        );
        assert_eq!(split_origin("https://h"), ("https://h".into(), "/".into()));
    }
}
