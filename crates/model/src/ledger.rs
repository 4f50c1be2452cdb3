//! The sync ledger: what `ofsted-etl sync` found on Ofsted's site and what it holds.
//!
//! Written by `ofsted-sync` as `<into>/.ofsted-sync/ledger.json` (atomically, after every
//! file) and read by the pipeline to fill the `publications` table and to supply facts the
//! documents do not print (publication date, Ofsted's own label). Defined here because it
//! is a contract between the two crates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::vocab::PubStatus;
use crate::vocab::{Framework, PublicationKind};

/// Folder (inside the sync target folder) holding the ledger and temporary downloads.
pub const STATE_DIR: &str = ".ofsted-sync";
/// File name of the ledger inside [`STATE_DIR`].
pub const LEDGER_FILE: &str = "ledger.json";
/// Version of the ledger format.
pub const LEDGER_VERSION: u32 = 1;

/// One publication of a provider's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    /// Ofsted's file id (last path segment of the file URL).
    pub file_id: String,
    /// Provider URN of the local authority.
    pub urn: i64,
    /// The authority as the provider page names it.
    pub authority: String,
    /// Ofsted's label, as printed (text of the link before the comma).
    pub label: String,
    /// The kind the label maps to (see [`label_kind`]).
    pub kind: PublicationKind,
    /// The date shown on the timeline (the inspection or visit).
    pub timeline_date: Option<NaiveDate>,
    /// The publication date the site gives.
    pub published_date: Option<NaiveDate>,
    /// The file URL as followed.
    pub url: String,
    /// Path of the held file relative to the sync folder (`/` separators), once held.
    pub local_path: Option<String>,
    /// Size of the held file in bytes.
    pub bytes: Option<u64>,
    /// SHA-256 of the held file (hex).
    pub sha256: Option<String>,
    /// When sync first listed it (UTC, RFC 3339).
    pub first_seen: String,
    /// Current status.
    pub status: PubStatus,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
}

/// Validators and parsed content of a page seen before, for conditional requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRecord {
    /// `ETag` sent with the page.
    pub etag: Option<String>,
    /// `Last-Modified` sent with the page.
    pub last_modified: Option<String>,
    /// What the page listed: provider URNs (search pages) or file ids (provider pages),
    /// so that a `304 Not Modified` answer needs no page body.
    pub items: Vec<String>,
    /// Search pages: whether a next page was announced. Provider pages: unused.
    pub has_next: bool,
    /// Provider pages: the provider's name.
    pub name: Option<String>,
}

/// The whole ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Format version ([`LEDGER_VERSION`]).
    pub version: u32,
    /// Site the publications came from.
    pub base_url: String,
    /// Providers found by the last complete search: URN → name.
    pub providers: BTreeMap<i64, String>,
    /// Publications by file id.
    pub publications: BTreeMap<String, LedgerEntry>,
    /// Pages by URL.
    pub pages: BTreeMap<String, PageRecord>,
}

impl Ledger {
    /// An empty ledger for a site.
    pub fn new(base_url: &str) -> Ledger {
        Ledger {
            version: LEDGER_VERSION,
            base_url: base_url.to_owned(),
            providers: BTreeMap::new(),
            publications: BTreeMap::new(),
            pages: BTreeMap::new(),
        }
    }
}

/// The kind of document an Ofsted label names.
pub fn label_kind(label: &str) -> PublicationKind {
    let l = label.to_lowercase();
    let has = |s: &str| l.contains(s);
    if has("focused visit") {
        PublicationKind::FocusedVisit
    } else if has("monitoring visit") {
        PublicationKind::MonitoringVisit
    } else if has("joint") && (has("child protection") || has("targeted")) {
        PublicationKind::Jtai
    } else if has("send") {
        PublicationKind::AreaSend
    } else if has("single inspection") {
        PublicationKind::Sif
    } else if has("safeguarding") || has("looked after") {
        PublicationKind::Slac
    } else if has("children's services inspection") || has("children’s services inspection") {
        PublicationKind::IlacsOrSif
    } else {
        PublicationKind::Other
    }
}

/// Whether a framework read from a document (`inspections.framework`) agrees with the kind
/// of its Ofsted label. `None` when the label says nothing checkable (`other`, `area_send`)
/// or the framework is unknown.
pub fn label_agrees(kind: PublicationKind, framework: Framework) -> Option<bool> {
    let allowed = kind.frameworks()?;
    if framework == Framework::Unknown {
        return None;
    }
    Some(allowed.contains(&framework))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_kinds() {
        use PublicationKind as K;
        assert_eq!(label_kind("Children's services inspection"), K::IlacsOrSif);
        assert_eq!(
            label_kind("Children's services focused visit"),
            K::FocusedVisit
        );
        assert_eq!(
            label_kind("Single inspection of LA children's services"),
            K::Sif
        );
        assert_eq!(
            label_kind("Joint area child protection inspection"),
            K::Jtai
        );
        assert_eq!(label_kind("Area SEND full inspection"), K::AreaSend);
        assert_eq!(label_kind("Something new"), K::Other);
    }

    #[test]
    fn agreement() {
        use Framework as F;
        use PublicationKind as K;
        assert_eq!(label_agrees(K::FocusedVisit, F::Ilacs), Some(false));
        assert_eq!(label_agrees(K::IlacsOrSif, F::Sif), Some(true));
        assert_eq!(label_agrees(K::Other, F::Ilacs), None);
        assert_eq!(label_agrees(K::IlacsOrSif, F::Unknown), None);
    }
}
