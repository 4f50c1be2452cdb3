//! `ofsted-etl sync`: arguments, options from `[sync]`, log lines and the summary.

use crate::{ConfigArg, exit, load_config};
use clap::Args;
use ofsted_pipeline::config::{ConfigError, ConfigIssue};
use ofsted_sync::{SyncError, SyncOptions};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Site root (overrides sync.base_url).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Folder receiving the PDFs (overrides sync.into; default <input.dir>/ofsted).
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// List each publication that would be downloaded; download and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Download at most N files this time (the rest at the next sync).
    #[arg(long, value_name = "N")]
    max_downloads: Option<usize>,
    /// Only the summary line (and errors).
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn options(a: &SyncArgs) -> anyhow::Result<SyncOptions> {
    let (cfg, base) = load_config(&a.config)?;
    let s = &cfg.sync;
    let url = a
        .base_url
        .clone()
        .unwrap_or_else(|| s.base_url.get_ref().clone());
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        anyhow::bail!(ConfigError::Invalid {
            path: PathBuf::from("--base-url"),
            issues: vec![ConfigIssue {
                key: "sync.base_url".into(),
                line: None,
                message: format!("{url:?} is not an http(s) URL"),
            }],
        });
    }
    let into = a
        .into
        .clone()
        .or_else(|| s.into.as_ref().map(|p| base.join(p)))
        .unwrap_or_else(|| base.join(&cfg.input.dir).join("ofsted"));
    let mut o = SyncOptions::new(&url, into);
    o.min_interval = Duration::from_millis(s.min_interval_ms);
    o.timeout = Duration::from_secs(*s.timeout_s.get_ref());
    o.retries = *s.retries.get_ref();
    if let Some(ua) = &s.user_agent {
        o.user_agent = ua.get_ref().clone();
    }
    o.dry_run = a.dry_run;
    o.max_downloads = a.max_downloads;
    Ok(o)
}

pub fn cmd_sync(a: SyncArgs) -> anyhow::Result<u8> {
    let o = options(&a)?;
    let quiet = a.quiet;
    let mut log = |m: &str| {
        if !quiet {
            eprintln!("{m}");
        }
    };
    log(&format!(
        "sync from {} into {}{}",
        o.base_url,
        o.into.display(),
        if o.dry_run { " (dry run)" } else { "" }
    ));
    let summary = ofsted_sync::sync(&o, &mut log)?;
    for e in &summary.would_download {
        println!(
            "would download {}  URN {}  {}  {}  published {}",
            e.file_id,
            e.urn,
            e.authority,
            e.label,
            e.published_date
                .map_or_else(|| "unknown".into(), |d| d.to_string())
        );
    }
    eprintln!("{}", summary.line());
    if summary.failed.is_empty() {
        Ok(exit::OK)
    } else {
        Ok(exit::SYNC_INCOMPLETE)
    }
}

/// Exit code of a sync error.
pub fn exit_code(e: &SyncError) -> u8 {
    match e {
        SyncError::LayoutChanged { .. } => exit::LAYOUT_CHANGED,
        SyncError::Site { .. } => exit::SYNC_INCOMPLETE,
        SyncError::Io { .. } | SyncError::Ledger { .. } => exit::OUTPUT,
    }
}
