//! One whole sync: search pages → provider pages → ledger → downloads.

use crate::http::{Client, Counts, FetchError, Page};
use crate::parse::{self, Listing};
use crate::{SyncError, SyncOptions, store};
use ofsted_model::ledger::{Ledger, LedgerEntry, PageRecord, PubStatus, STATE_DIR, label_kind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a sync did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Providers found by the search.
    pub providers: usize,
    /// Publications listed on the provider pages read (or unchanged since last time).
    pub listed: usize,
    /// Publications listed for the first time.
    pub new: usize,
    /// Files downloaded and renamed into place.
    pub downloaded: usize,
    /// Failures: (file id or page URL, reason).
    pub failed: Vec<(String, String)>,
    /// Pages and files robots.txt forbids.
    pub skipped_robots: usize,
    /// Publications newly marked `withdrawn_seen`.
    pub withdrawn: usize,
    /// Dry run: what would be downloaded.
    pub would_download: Vec<LedgerEntry>,
    /// Requests made.
    pub requests: Counts,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl Summary {
    /// Failures counted by reason.
    pub fn reasons(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for (_, r) in &self.failed {
            *m.entry(r.clone()).or_insert(0) += 1;
        }
        m
    }

    /// The one-line summary every sync ends with.
    pub fn line(&self) -> String {
        let reasons = self.reasons();
        let failed = if reasons.is_empty() {
            "0 failed".to_owned()
        } else {
            let r: Vec<String> = reasons.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            format!("{} failed ({})", self.failed.len(), r.join(", "))
        };
        format!(
            "sync: {} providers, {} publications listed, {} new, {} downloaded, {failed}, {} skipped by robots.txt, {} withdrawn; {} page requests ({} not modified), {} file requests in {:.1}s",
            self.providers,
            self.listed,
            self.new,
            self.downloaded,
            self.skipped_robots,
            self.withdrawn,
            self.requests.pages,
            self.requests.not_modified,
            self.requests.files,
            self.elapsed.as_secs_f64()
        )
    }
}

/// What the provider pages showed.
#[derive(Default)]
struct Listed {
    /// Fresh listings: file id → (URN, authority, listing).
    fresh: BTreeMap<String, (i64, String, Listing)>,
    /// File ids of pages answered 304.
    unchanged: BTreeSet<String>,
    /// Providers whose page could not be read (their entries are left as they are).
    unknown: BTreeSet<i64>,
}

impl Listed {
    fn count(&self) -> usize {
        self.fresh.len() + self.unchanged.len()
    }
}

/// Runs one sync. `log` receives one line per notable event.
pub fn sync(o: &SyncOptions, log: &mut dyn FnMut(&str)) -> Result<Summary, SyncError> {
    let t0 = Instant::now();
    let state_dir = o.into.join(STATE_DIR);
    let mut ledger = store::load(&state_dir, &o.base_url)?;
    if !o.dry_run {
        std::fs::create_dir_all(&state_dir).map_err(|e| io(&state_dir, e))?;
        let n = store::clean_leftovers(&state_dir)?;
        if n > 0 {
            log(&format!(
                "removed {n} partial download(s) of an interrupted sync"
            ));
        }
    }
    let mut c = Client::new(o);
    let mut sum = Summary::default();
    let providers = discover(&mut c, &mut ledger, o)?;
    check_providers(&providers, &ledger, o)?;
    sum.providers = providers.len();
    let listed = read_providers(&mut c, &mut ledger, o, &providers, &mut sum, log)?;
    check_publications(&listed, &ledger, o)?;
    sum.listed = listed.count();
    merge(&mut ledger, &listed, &providers, &mut sum, log);
    ledger.providers = providers;
    if o.dry_run {
        sum.would_download = candidates(&ledger).into_iter().cloned().collect();
    } else {
        store::save(&state_dir, &ledger)?;
        download_all(&mut c, &mut ledger, o, &mut sum, log)?;
    }
    sum.requests = c.counts;
    sum.elapsed = t0.elapsed();
    Ok(sum)
}

fn io(path: &Path, source: std::io::Error) -> SyncError {
    SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The search URL for local-authority children's services, from row `start`.
pub fn search_url(o: &SyncOptions, start: usize) -> String {
    format!(
        "{}/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start={start}&rows={}",
        o.base_url, o.page_rows
    )
}

/// Follows the search pages until none is left: URN → name.
fn discover(
    c: &mut Client,
    ledger: &mut Ledger,
    o: &SyncOptions,
) -> Result<BTreeMap<i64, String>, SyncError> {
    let mut found: BTreeMap<i64, String> = BTreeMap::new();
    let mut start = 0;
    for _ in 0..1000 {
        let url = search_url(o, start);
        if !c.allowed(&url) {
            return Err(SyncError::Site {
                url,
                reason: "robots.txt forbids the search".into(),
            });
        }
        let prev = ledger.pages.get(&url).cloned();
        let (rec, names) = match c.page(&url, prev.as_ref()) {
            Ok(Page::NotModified) => (prev.unwrap_or_default(), Vec::new()),
            Ok(Page::Fresh {
                body,
                etag,
                last_modified,
            }) => {
                let p = parse::search_page(&body);
                let rec = PageRecord {
                    etag,
                    last_modified,
                    items: p.urns.iter().map(i64::to_string).collect(),
                    has_next: p.has_next,
                    name: None,
                };
                (rec, p.urns.into_iter().zip(p.names).collect())
            }
            Err(e) => {
                return Err(SyncError::Site {
                    url,
                    reason: e.to_string(),
                });
            }
        };
        if start == 0 && rec.items.is_empty() {
            return Err(SyncError::LayoutChanged {
                url,
                what: "the search lists no providers (no links to /provider/44/<URN>)".into(),
            });
        }
        let names: BTreeMap<i64, String> = names.into_iter().collect();
        let mut added = 0;
        for urn in rec.items.iter().filter_map(|s| s.parse::<i64>().ok()) {
            if found.contains_key(&urn) {
                continue;
            }
            let name = names
                .get(&urn)
                .filter(|n| !n.is_empty())
                .or_else(|| ledger.providers.get(&urn))
                .cloned()
                .unwrap_or_default();
            found.insert(urn, name);
            added += 1;
        }
        let more = rec.has_next || rec.items.len() >= o.page_rows;
        ledger.pages.insert(url, rec);
        if added == 0 || !more {
            break;
        }
        start += o.page_rows;
    }
    Ok(found)
}

/// Fewer than 90% of the providers the ledger knows: the search has probably changed.
fn check_providers(
    found: &BTreeMap<i64, String>,
    ledger: &Ledger,
    o: &SyncOptions,
) -> Result<(), SyncError> {
    let before = ledger.providers.len();
    if found.len() * 10 < before * 9 {
        return Err(SyncError::LayoutChanged {
            url: search_url(o, 0),
            what: format!(
                "the search lists {} providers, the ledger {before}",
                found.len()
            ),
        });
    }
    Ok(())
}

fn provider_url(o: &SyncOptions, urn: i64) -> String {
    format!("{}/provider/44/{urn}", o.base_url)
}

fn read_providers(
    c: &mut Client,
    ledger: &mut Ledger,
    o: &SyncOptions,
    providers: &BTreeMap<i64, String>,
    sum: &mut Summary,
    log: &mut dyn FnMut(&str),
) -> Result<Listed, SyncError> {
    let mut listed = Listed::default();
    for (&urn, search_name) in providers {
        let url = provider_url(o, urn);
        if !c.allowed(&url) {
            sum.skipped_robots += 1;
            listed.unknown.insert(urn);
            continue;
        }
        let prev = ledger.pages.get(&url).cloned();
        match c.page(&url, prev.as_ref()) {
            Ok(Page::NotModified) => {
                listed
                    .unchanged
                    .extend(prev.map(|p| p.items).unwrap_or_default());
            }
            Ok(Page::Fresh {
                body,
                etag,
                last_modified,
            }) => {
                let page =
                    parse::provider_page(&body, &url).map_err(|what| SyncError::LayoutChanged {
                        url: url.clone(),
                        what,
                    })?;
                let name = page.name.clone().unwrap_or_else(|| search_name.clone());
                let rec = PageRecord {
                    etag,
                    last_modified,
                    items: page.listings.iter().map(|l| l.file_id.clone()).collect(),
                    has_next: false,
                    name: Some(name.clone()),
                };
                for l in page.listings {
                    listed
                        .fresh
                        .insert(l.file_id.clone(), (urn, name.clone(), l));
                }
                ledger.pages.insert(url, rec);
            }
            Err(e) => {
                log(&format!("provider page failed: {e}"));
                sum.failed.push((url, e.reason));
                listed.unknown.insert(urn);
            }
        }
    }
    Ok(listed)
}

/// Fewer than 90% of the publications the ledger holds as listed: the provider pages have
/// probably changed.
fn check_publications(listed: &Listed, ledger: &Ledger, o: &SyncOptions) -> Result<(), SyncError> {
    let active = |e: &&LedgerEntry| e.status != PubStatus::WithdrawnSeen;
    let before = ledger.publications.values().filter(active).count();
    let kept = ledger
        .publications
        .values()
        .filter(active)
        .filter(|e| listed.unknown.contains(&e.urn))
        .count();
    let now = listed.count() + kept;
    if now * 10 >= before * 9 {
        return Ok(());
    }
    let mut worst: Option<(usize, i64)> = None;
    for urn in ledger.providers.keys() {
        let had = ledger
            .publications
            .values()
            .filter(active)
            .filter(|e| e.urn == *urn)
            .count();
        let has = listed.fresh.values().filter(|(u, ..)| u == urn).count();
        let drop = had.saturating_sub(has);
        if drop > worst.map_or(0, |w| w.0)
            && !listed
                .unchanged
                .iter()
                .any(|id| ledger.publications.get(id).is_some_and(|e| e.urn == *urn))
        {
            worst = Some((drop, *urn));
        }
    }
    Err(SyncError::LayoutChanged {
        url: worst.map_or_else(|| search_url(o, 0), |(_, urn)| provider_url(o, urn)),
        what: format!("the provider pages list {now} publications, the ledger {before}"),
    })
}

fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Folds what the pages listed into the ledger; marks what disappeared `withdrawn_seen`.
fn merge(
    ledger: &mut Ledger,
    listed: &Listed,
    providers: &BTreeMap<i64, String>,
    sum: &mut Summary,
    log: &mut dyn FnMut(&str),
) {
    let now = now_utc();
    for (id, (urn, name, l)) in &listed.fresh {
        let kind = label_kind(&l.label).to_owned();
        match ledger.publications.get_mut(id) {
            Some(e) => {
                e.urn = *urn;
                e.authority.clone_from(name);
                e.label.clone_from(&l.label);
                e.kind = kind;
                e.timeline_date = l.timeline_date;
                e.published_date = l.published_date;
                e.url.clone_from(&l.url);
                restore(e);
            }
            None => {
                sum.new += 1;
                ledger.publications.insert(
                    id.clone(),
                    LedgerEntry {
                        file_id: id.clone(),
                        urn: *urn,
                        authority: name.clone(),
                        label: l.label.clone(),
                        kind,
                        timeline_date: l.timeline_date,
                        published_date: l.published_date,
                        url: l.url.clone(),
                        local_path: None,
                        bytes: None,
                        sha256: None,
                        first_seen: now.clone(),
                        status: PubStatus::Listed,
                        last_error: None,
                    },
                );
            }
        }
    }
    for (id, e) in ledger.publications.iter_mut() {
        if listed.unchanged.contains(id) {
            restore(e);
            continue;
        }
        let seen = listed.fresh.contains_key(id);
        let unknown = listed.unknown.contains(&e.urn) && providers.contains_key(&e.urn);
        if !seen && !unknown && e.status != PubStatus::WithdrawnSeen {
            log(&format!(
                "no longer listed: {} ({}, {}); file kept",
                id, e.authority, e.label
            ));
            e.status = PubStatus::WithdrawnSeen;
            sum.withdrawn += 1;
        }
    }
}

/// A withdrawn publication listed again.
fn restore(e: &mut LedgerEntry) {
    if e.status == PubStatus::WithdrawnSeen {
        e.status = if e.local_path.is_some() {
            PubStatus::Held
        } else {
            PubStatus::Listed
        };
    }
}

fn candidates(ledger: &Ledger) -> Vec<&LedgerEntry> {
    let mut v: Vec<&LedgerEntry> = ledger
        .publications
        .values()
        .filter(|e| {
            matches!(
                e.status,
                PubStatus::Listed | PubStatus::Failed | PubStatus::SkippedRobots
            )
        })
        .collect();
    v.sort_by(|a, b| (a.urn, &a.file_id).cmp(&(b.urn, &b.file_id)));
    v
}

/// The held file's path relative to the sync folder.
pub fn local_path(e: &LedgerEntry) -> String {
    let date = e
        .published_date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string());
    format!(
        "{}_{}/{date}_{}_{}.pdf",
        e.urn,
        parse::slug(&e.authority),
        parse::slug(&e.label),
        parse::slug(&e.file_id)
    )
}

fn download_all(
    c: &mut Client,
    ledger: &mut Ledger,
    o: &SyncOptions,
    sum: &mut Summary,
    log: &mut dyn FnMut(&str),
) -> Result<(), SyncError> {
    let state_dir = o.into.join(STATE_DIR);
    let todo: Vec<String> = candidates(ledger)
        .iter()
        .map(|e| e.file_id.clone())
        .collect();
    for id in todo.iter().take(o.max_downloads.unwrap_or(usize::MAX)) {
        let Some(entry) = ledger.publications.get_mut(id) else {
            continue;
        };
        if !c.allowed(&entry.url) {
            entry.status = PubStatus::SkippedRobots;
            sum.skipped_robots += 1;
            continue;
        }
        match download(c, entry, o, &state_dir) {
            Ok(()) => sum.downloaded += 1,
            Err(DownloadError::Fetch(e)) => {
                log(&format!(
                    "download failed: {id} ({}, {}): {e}",
                    entry.authority, entry.label
                ));
                entry.status = PubStatus::Failed;
                entry.last_error = Some(e.to_string());
                sum.failed.push((id.clone(), e.reason));
            }
            Err(DownloadError::Io(e)) => return Err(e),
        }
        store::save(&state_dir, ledger)?;
    }
    Ok(())
}

enum DownloadError {
    Fetch(FetchError),
    Io(SyncError),
}

/// Fetches one file into the state folder and renames it into place.
fn download(
    c: &mut Client,
    e: &mut LedgerEntry,
    o: &SyncOptions,
    state_dir: &Path,
) -> Result<(), DownloadError> {
    let tmp = state_dir.join(format!("{}.part", parse::slug(&e.file_id)));
    let got = match c.file(&e.url, &tmp) {
        Ok(g) => g,
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(DownloadError::Fetch(err));
        }
    };
    let rel = local_path(e);
    let dest = o.into.join(&rel);
    let dir = dest.parent().unwrap_or(&o.into).to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|err| DownloadError::Io(io(&dir, err)))?;
    std::fs::rename(&tmp, &dest).map_err(|err| DownloadError::Io(io(&dest, err)))?;
    store::sync_dir(&dir);
    e.local_path = Some(rel);
    e.bytes = Some(got.bytes);
    e.sha256 = Some(got.sha256);
    e.status = PubStatus::Held;
    e.last_error = None;
    Ok(())
}
