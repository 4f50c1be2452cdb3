//! Offline tests of `ofsted-etl sync` against a stand-in site on 127.0.0.1 (see
//! `tests/site/mod.rs`): paging, faults, layout changes, resumption, conditional requests,
//! robots.txt, dry runs, the real saved provider page, and the pipeline's use of the ledger.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod site;

use ofsted_model::ledger::{Ledger, PubStatus, STATE_DIR};
use ofsted_model::vocab::PublicationKind;
use ofsted_sync::{Sleeper, SyncError, SyncOptions};
use site::{Fault, Site, State};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Records the waits asked for instead of sleeping.
#[derive(Default)]
struct Waits(Mutex<Vec<Duration>>);

impl Sleeper for Waits {
    fn sleep(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
}

fn options(site: &Site, into: &Path) -> (SyncOptions, Arc<Waits>) {
    let waits = Arc::new(Waits::default());
    let mut o = SyncOptions::new(&site.base, into.to_path_buf());
    o.min_interval = Duration::ZERO;
    o.timeout = Duration::from_secs(5);
    o.page_rows = site.with(|s| s.page_rows);
    o.jitter_seed = 7;
    o.sleeper = waits.clone();
    (o, waits)
}

fn sync(o: &SyncOptions) -> Result<ofsted_sync::Summary, SyncError> {
    ofsted_sync::sync(o, &mut |m| eprintln!("  {m}"))
}

fn ledger(into: &Path) -> Ledger {
    let text = std::fs::read_to_string(into.join(STATE_DIR).join("ledger.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every visible file under `into` (outside the state folder), relative, sorted.
fn visible(into: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(into).unwrap().flatten() {
        if d.file_name() == STATE_DIR {
            continue;
        }
        for f in std::fs::read_dir(d.path()).unwrap().flatten() {
            out.push(format!(
                "{}/{}",
                d.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            ));
        }
    }
    out.sort();
    out
}

fn served(site: &Site, id: &str) -> Vec<u8> {
    site.with(|s| {
        s.providers
            .iter()
            .flat_map(|p| &p.pubs)
            .find(|p| p.file_id == id)
            .unwrap()
            .pdf
            .to_vec()
    })
}

fn small_site(rows: usize) -> Site {
    let mut st = site::standin(7, 12);
    st.page_rows = rows;
    Site::start(st)
}

#[test]
fn standin_site_is_synced_once_then_costs_only_conditional_requests() {
    let mut st = site::standin(150, 200);
    st.page_rows = 100;
    let site = Site::start(st);
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    let t = Instant::now();
    let s = sync(&o).unwrap();
    let first = t.elapsed();
    eprintln!("stand-in first sync: {first:?}; {}", s.line());
    assert_eq!(
        (s.providers, s.listed, s.new, s.downloaded),
        (150, 200, 200, 200)
    );
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert!(first < Duration::from_secs(10), "first sync took {first:?}");
    let l = ledger(dir.path());
    assert_eq!(l.publications.len(), 200);
    for e in l.publications.values() {
        assert_eq!(e.status, PubStatus::Held, "{}", e.file_id);
        let held = std::fs::read(dir.path().join(e.local_path.as_ref().unwrap())).unwrap();
        assert_eq!(held, served(&site, &e.file_id), "{} differs", e.file_id);
        assert_eq!(e.bytes, Some(held.len() as u64));
    }
    assert_eq!(visible(dir.path()).len(), 200);
    assert!(visible(dir.path()).iter().all(|p| p.ends_with(".pdf")));
    let log = site.take_log();
    assert!(log.iter().all(|r| {
        r.header("user-agent")
            .is_some_and(|u| u.starts_with("ofsted-etl/"))
    }));
    assert_eq!(log.iter().filter(|r| r.path == "/robots.txt").count(), 1);

    let t = Instant::now();
    let s = sync(&o).unwrap();
    eprintln!("stand-in no-change resync: {:?}; {}", t.elapsed(), s.line());
    let log = site.take_log();
    assert_eq!(
        log.iter().filter(|r| r.is_file()).count(),
        0,
        "a no-change resync fetched files"
    );
    let pages: Vec<_> = log
        .iter()
        .filter(|r| r.path.starts_with("/provider/"))
        .collect();
    assert_eq!(pages.len(), 150);
    assert!(pages.iter().all(|r| r.header("if-none-match").is_some()));
    assert_eq!(s.requests.not_modified, 152, "{}", s.line());
    assert_eq!((s.new, s.downloaded, s.withdrawn), (0, 0, 0));
}

#[test]
fn search_pages_are_followed_until_none_is_left() {
    let site = small_site(3);
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    let s = sync(&o).unwrap();
    assert_eq!((s.providers, s.listed, s.downloaded), (7, 12, 12));
    let starts: Vec<String> = site
        .log()
        .iter()
        .filter(|r| r.path.starts_with("/search"))
        .map(|r| r.path.split("start=").nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(starts, ["0&rows=3", "3&rows=3", "6&rows=3"]);
    // Names, labels and dates from the pages; relative and absolute links both followed.
    let l = ledger(dir.path());
    let e = &l.publications["5000003"];
    assert_eq!(e.label, "Single inspection of LA children's services");
    assert_eq!(e.kind, PublicationKind::Sif);
    assert_eq!(e.authority, "Authority 3 Council");
    assert_eq!(
        e.local_path.as_deref(),
        Some(
            "80403_authority-3-council/2013-04-04_single-inspection-of-la-childrens-services_5000003.pdf"
        )
    );
    // No `time[pubdate]`: the label's date is used.
    assert_eq!(
        l.publications["5000002"]
            .published_date
            .unwrap()
            .to_string(),
        "2012-03-03"
    );
}

#[test]
fn faults_are_retried_politely_and_bad_bodies_never_saved() {
    let site = small_site(100);
    site.fault("/search", Fault::Status(429, Some("2".into())));
    site.fault("/provider/44/80401", Fault::Status(503, None));
    site.fault("/provider/44/80402", Fault::Status(500, None));
    site.fault(
        "/v1/file/5000000",
        Fault::Delay(Duration::from_millis(1500)),
    );
    site.fault("/v1/file/5000001", Fault::CutShort);
    site.fault("/v1/file/5000002", Fault::Html200);
    for _ in 0..5 {
        site.fault("/provider/44/80406", Fault::Status(502, None));
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut o, waits) = options(&site, dir.path());
    o.timeout = Duration::from_millis(500);
    let s = sync(&o).unwrap();
    eprintln!("{}", s.line());
    let w = waits.0.lock().unwrap().clone();
    assert_eq!(
        w[0],
        Duration::from_secs(2),
        "Retry-After not honoured: {w:?}"
    );
    // Backoff: base 1 s doubled per attempt, jitter in [0.5, 1).
    assert!(
        w[1..]
            .iter()
            .all(|d| *d >= Duration::from_millis(500) && *d < Duration::from_secs(16)),
        "{w:?}"
    );
    let l = ledger(dir.path());
    let st = |id: &str| l.publications.get(id).map(|e| e.status);
    assert_eq!(st("5000000"), Some(PubStatus::Held), "timeout then success");
    assert_eq!(
        st("5000001"),
        Some(PubStatus::Held),
        "cut short then success"
    );
    assert_eq!(st("5000002"), Some(PubStatus::Failed));
    assert!(
        l.publications["5000002"]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("not_a_pdf")
    );
    assert!(visible(dir.path()).iter().all(|p| !p.contains("5000002")));
    // 80406 failed all 5 tries (1 + 4 retries): its publications are not listed now, not withdrawn.
    let reasons = s.reasons();
    assert_eq!(reasons.get("not_a_pdf"), Some(&1));
    assert_eq!(reasons.get("http_502"), Some(&1));
    assert_eq!(s.withdrawn, 0);
    for e in l.publications.values() {
        assert_ne!(e.urn, 80406);
    }
    let held_before = visible(dir.path());
    for f in &held_before {
        let e = l
            .publications
            .values()
            .find(|e| e.local_path.as_deref() == Some(f.as_str()))
            .unwrap();
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            served(&site, &e.file_id)
        );
    }
    // The next sync retries what failed and fetches nothing held.
    site.take_log();
    let s = sync(&o).unwrap();
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    let files: Vec<String> = site
        .log()
        .iter()
        .filter(|r| r.is_file())
        .map(|r| r.path.clone())
        .collect();
    let mut expected: Vec<String> = ["/v1/file/5000002", "/v1/file/5000006"]
        .map(String::from)
        .to_vec();
    expected.sort();
    let mut got = files.clone();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(visible(dir.path()).len(), 12);
}

#[test]
fn changed_layout_fails_loudly_and_touches_nothing() {
    let site = small_site(100);
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    sync(&o).unwrap();
    let before: Vec<(String, Vec<u8>)> = visible(dir.path())
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(dir.path().join(&p)).unwrap()))
        .collect();
    // Provider pages without the timeline markup.
    site.with(|s| {
        s.changed_layout = true;
        s.etags = false;
    });
    match sync(&o) {
        Err(SyncError::LayoutChanged { url, what }) => {
            assert!(url.ends_with("/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=0&rows=100"), "{url}");
            assert!(what.contains("no providers"), "{what}");
        }
        other => panic!("expected a layout error, got {other:?}"),
    }
    // Search as before, provider pages changed.
    site.with(|s| s.changed_layout = false);
    site.with(|s| {
        for p in &s.providers.clone() {
            let path = format!("/provider/44/{}", p.urn);
            s.raw_pages.insert(path, format!("<html><h1 class=\"title-block__heading\">{}</h1><div class=\"reports\"></div></html>", p.name));
        }
    });
    let e = sync(&o).unwrap_err();
    assert!(
        matches!(&e, SyncError::LayoutChanged { url, .. } if url.contains("/provider/44/")),
        "{e}"
    );
    assert!(e.to_string().contains("layout may have changed"), "{e}");
    // Most publications gone at once: also a layout alarm, not a mass withdrawal.
    site.with(|s| {
        s.raw_pages.clear();
        for p in &mut s.providers {
            p.pubs.truncate(1);
        }
    });
    let e = sync(&o).unwrap_err();
    assert!(
        matches!(&e, SyncError::LayoutChanged { what, .. } if what.contains("publications")),
        "{e}"
    );
    let after: Vec<(String, Vec<u8>)> = visible(dir.path())
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(dir.path().join(&p)).unwrap()))
        .collect();
    assert_eq!(before, after);
    assert!(
        ledger(dir.path())
            .publications
            .values()
            .all(|e| e.status == PubStatus::Held)
    );
}

#[test]
fn empty_search_on_first_sync_is_a_layout_change() {
    let site = Site::start(State {
        page_rows: 100,
        ..State::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    assert!(matches!(sync(&o), Err(SyncError::LayoutChanged { .. })));
}

#[test]
fn withdrawn_publication_is_marked_and_its_file_kept() {
    let site = small_site(100);
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    sync(&o).unwrap();
    site.with(|s| s.providers[0].pubs.retain(|p| p.file_id != "5000007"));
    let s = sync(&o).unwrap();
    assert_eq!(s.withdrawn, 1);
    let l = ledger(dir.path());
    let e = &l.publications["5000007"];
    assert_eq!(e.status, PubStatus::WithdrawnSeen);
    assert!(dir.path().join(e.local_path.as_ref().unwrap()).is_file());
}

#[test]
fn robots_txt_is_read_once_and_honoured() {
    let site = small_site(100);
    site.with(|s| {
        s.robots =
            "User-agent: *\nDisallow: /v1/file/5000004\nDisallow: /provider/44/80405\n".into()
    });
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    let s = sync(&o).unwrap();
    let log = site.log();
    assert_eq!(log.iter().filter(|r| r.path == "/robots.txt").count(), 1);
    assert!(
        !log.iter()
            .any(|r| r.path == "/v1/file/5000004" || r.path == "/provider/44/80405")
    );
    assert_eq!(s.skipped_robots, 2, "{}", s.line());
    assert_eq!(
        ledger(dir.path()).publications["5000004"].status,
        PubStatus::SkippedRobots
    );
}

#[test]
fn dry_run_lists_and_writes_nothing() {
    let site = small_site(100);
    let dir = tempfile::tempdir().unwrap();
    let (mut o, _) = options(&site, dir.path());
    o.dry_run = true;
    let s = sync(&o).unwrap();
    assert_eq!(s.would_download.len(), 12);
    assert_eq!(s.downloaded, 0);
    assert!(!site.log().iter().any(|r| r.is_file()));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn max_downloads_limits_one_sync() {
    let site = small_site(100);
    let dir = tempfile::tempdir().unwrap();
    let (mut o, _) = options(&site, dir.path());
    o.max_downloads = Some(5);
    assert_eq!(sync(&o).unwrap().downloaded, 5);
    o.max_downloads = None;
    assert_eq!(sync(&o).unwrap().downloaded, 7);
}

#[test]
#[ignore = "needs ../shared"]
fn the_real_saved_provider_page_is_read() {
    let shared = site::need_shared();
    let real =
        std::fs::read_to_string(shared.join("reference/ofsted-site/provider-page.html")).unwrap();
    let pdfs = site::corpus_pdfs();
    let mut st = site::standin(1, 0);
    st.page_rows = 100;
    let site = Site::start(st);
    let page = real.replace("https://files.ofsted.gov.uk", &site.base);
    let ids = [
        "50276206", "50233913", "2777285", "2347589", "1929463", "927437", "816425", "766407",
    ];
    site.with(|s| {
        s.raw_pages.insert("/provider/44/80400".into(), page);
        for (i, id) in ids.iter().enumerate() {
            s.providers[0].pubs.push(site::Publication {
                file_id: (*id).into(),
                nonvisual: String::new(),
                link_text: String::new(),
                pubdate: String::new(),
                timeline: String::new(),
                relative: true,
                pdf: Arc::new(pdfs[i % pdfs.len()].clone()),
            });
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = options(&site, dir.path());
    let s = sync(&o).unwrap();
    assert_eq!((s.listed, s.downloaded), (8, 8), "{}", s.line());
    let l = ledger(dir.path());
    let e = &l.publications["50276206"];
    assert_eq!(e.label, "School inspection");
    assert_eq!(e.authority, "Abberley Parochial VC Primary School");
    assert_eq!(e.published_date.unwrap().to_string(), "2025-05-06");
    assert_eq!(e.timeline_date.unwrap().to_string(), "2025-03-18");
    assert_eq!(l.publications["2347589"].label, "Full inspection");
    for (i, id) in ids.iter().enumerate() {
        let p = l.publications[*id].local_path.clone().unwrap();
        assert_eq!(
            std::fs::read(dir.path().join(p)).unwrap(),
            pdfs[i % pdfs.len()]
        );
    }
}

fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ofsted-etl"));
    c.env("CI", "true");
    c
}

/// A project folder with a pipeline.toml that syncs into data/ofsted without pauses.
fn project(site: &Site) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pipeline.toml"),
        format!("[input]\ndir = \"data\"\n[sync]\nbase_url = \"{}\"\nmin_interval_ms = 0\ntimeout_s = 20\n", site.base),
    )
    .unwrap();
    dir
}

#[test]
fn a_sync_killed_mid_download_resumes_where_it_stopped() {
    let site = small_site(100);
    site.fault("/v1/file/5000005", Fault::Hang);
    let dir = project(&site);
    let into = dir.path().join("data/ofsted");
    let cfg = dir.path().join("pipeline.toml");
    let mut child = bin()
        .arg("sync")
        .arg("--config")
        .arg(&cfg)
        .arg("--quiet")
        .spawn()
        .unwrap();
    let part = into.join(STATE_DIR).join("5000005.part");
    let t = Instant::now();
    while !(part.is_file() && site.log().iter().any(|r| r.path == "/v1/file/5000005")) {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the download never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    child.kill().unwrap();
    child.wait().unwrap();
    let held: Vec<String> = visible(&into);
    assert!(!held.is_empty() && held.len() < 12, "{held:?}");
    assert!(
        held.iter()
            .all(|p| p.ends_with(".pdf") && !p.contains("5000005")),
        "{held:?}"
    );
    let l = ledger(&into);
    for p in &held {
        let e = l
            .publications
            .values()
            .find(|e| e.local_path.as_deref() == Some(p.as_str()))
            .unwrap();
        assert_eq!(e.status, PubStatus::Held);
        assert_eq!(
            std::fs::read(into.join(p)).unwrap(),
            served(&site, &e.file_id)
        );
    }
    site.take_log();
    let o = bin()
        .arg("sync")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("removed 1 partial download"), "{err}");
    let fetched = site.log().iter().filter(|r| r.is_file()).count();
    assert_eq!(fetched, 12 - held.len(), "held files fetched again");
    assert_eq!(visible(&into).len(), 12);
    assert!(!part.exists());
    assert!(
        ledger(&into)
            .publications
            .values()
            .all(|e| e.status == PubStatus::Held)
    );
}

#[test]
fn cli_dry_run_lists_and_layout_change_exits_8() {
    let site = small_site(100);
    let dir = project(&site);
    let cfg = dir.path().join("pipeline.toml");
    let o = bin()
        .args(["sync", "--dry-run", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("would download "))
            .count(),
        12,
        "{out}"
    );
    assert!(out.contains("would download 5000003  URN 80403  Authority 3 Council  Single inspection of LA children's services  published 2013-04-04"), "{out}");
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("sync: 7 providers, 12 publications listed, 12 new, 0 downloaded")
    );
    assert!(!dir.path().join("data").exists());
    site.with(|s| s.changed_layout = true);
    let o = bin().args(["sync", "--config"]).arg(&cfg).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("layout may have changed"));
}

#[test]
#[ignore = "needs ../shared"]
fn the_pipeline_reads_the_ledger_into_publications() {
    site::need_shared();
    let site = small_site(100);
    site.fault("/v1/file/5000011", Fault::Html200);
    let dir = project(&site);
    let cfg = dir.path().join("pipeline.toml");
    let o = bin()
        .args(["sync", "--quiet", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(9),
        "one file failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(dir.path().join("output/csv/publications.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12);
    let failed = rows
        .iter()
        .find(|x| &x[col("file_id")] == "5000011")
        .unwrap();
    assert_eq!(&failed[col("status")], "failed");
    assert_eq!(&failed[col("doc_id")], "");
    let with_doc = rows.iter().filter(|x| !x[col("doc_id")].is_empty()).count();
    assert!(with_doc >= 10, "{csv}");
    let quality = std::fs::read_to_string(dir.path().join("output/csv/quality.csv")).unwrap();
    assert!(
        quality.contains("site_label_disagrees"),
        "a focused-visit label on a full report must be flagged"
    );
}
