//! The gazetteer as a table (`local_authorities`) and the facts the tables add to it:
//! each authority's English region (from `data/regions.tsv`, by DfE code) and, for
//! authorities abolished since 2009, their successors (`data/successors.tsv`).

use crate::gazetteer::{Authority, authorities};
use chrono::NaiveDate;
use ofsted_model::rows::LocalAuthorityRow;
use ofsted_model::vocab::LaStatus;
use std::sync::LazyLock;

const REGIONS: &str = include_str!("../data/regions.tsv");
const SUCCESSORS: &str = include_str!("../data/successors.tsv");

/// An ONS region: code and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// `E12000001` to `E12000009`.
    pub code: &'static str,
    /// "North West".
    pub name: &'static str,
}

struct RegionRange {
    from: i32,
    to: i32,
    region: Region,
}

/// Data lines of a bundled TSV (comments and the header skipped), split into columns.
fn data_lines(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

static RANGES: LazyLock<Vec<RegionRange>> = LazyLock::new(|| {
    data_lines(REGIONS)
        .filter_map(|c| {
            Some(RegionRange {
                from: c.first()?.parse().ok()?,
                to: c.get(1)?.parse().ok()?,
                region: Region {
                    code: c.get(2)?,
                    name: c.get(3)?,
                },
            })
        })
        .collect()
});

/// The region of the authority with this DfE code.
pub fn region_of_dfe(dfe: i32) -> Option<Region> {
    RANGES
        .iter()
        .find(|r| r.from <= dfe && dfe <= r.to)
        .map(|r| r.region)
}

/// The gazetteer row of an authority: by GSS code when given, else by name (the row valid
/// on `date` when there is one, else the latest).
pub fn find(
    name: Option<&str>,
    gss: Option<&str>,
    date: Option<NaiveDate>,
) -> Option<&'static Authority> {
    let rows = authorities();
    if let Some(g) = gss
        && let Some(a) = rows.iter().find(|a| a.gss.as_deref() == Some(g))
    {
        return Some(a);
    }
    let name = name?;
    let mut named = rows.iter().filter(|a| a.name == name);
    match date {
        Some(d) => named
            .clone()
            .find(|a| a.valid_on(d))
            .or_else(|| named.next_back()),
        None => named.next_back(),
    }
}

/// Successors of an abolished authority (the row ending on `valid_to`).
fn abolished_successors(name: &str, valid_to: Option<NaiveDate>) -> Option<String> {
    let to = valid_to?.format("%Y-%m-%d").to_string();
    data_lines(SUCCESSORS)
        .find(|c| c.first() == Some(&name) && c.get(1) == Some(&to.as_str()))
        .and_then(|c| c.get(2).map(|s| (*s).to_owned()))
}

fn status_and_successors(a: &Authority) -> (LaStatus, Option<String>) {
    if a.valid_to.is_none() {
        return (LaStatus::Current, None);
    }
    if let Some(s) = abolished_successors(&a.name, a.valid_to) {
        return (LaStatus::Abolished, Some(s));
    }
    let continues = authorities()
        .iter()
        .any(|b| b.name == a.name && b.valid_from > a.valid_to);
    if continues {
        (LaStatus::Recoded, Some(a.name.clone()))
    } else {
        (LaStatus::Abolished, None)
    }
}

/// The `local_authorities` table: one row per gazetteer row.
pub fn local_authority_rows() -> Vec<LocalAuthorityRow> {
    authorities()
        .iter()
        .map(|a| {
            let region = a.dfe.and_then(region_of_dfe);
            let (status, successors) = status_and_successors(a);
            LocalAuthorityRow {
                name: a.name.clone(),
                la_gss_code: a.gss.clone(),
                valid_from: a.valid_from,
                valid_to: a.valid_to,
                la_dfe_code: a.dfe.unwrap_or_default(),
                ofsted_urn: a.urn,
                region_code: region.map(|r| r.code).unwrap_or_default().to_owned(),
                region: region.map(|r| r.name).unwrap_or_default().to_owned(),
                aliases: (!a.aliases.is_empty()).then(|| a.aliases.join("|")),
                status,
                successors,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_authority_has_a_region_and_dfe_code() {
        for a in authorities() {
            let dfe = a.dfe.unwrap_or_default();
            assert!(region_of_dfe(dfe).is_some(), "{} ({dfe})", a.name);
        }
        assert_eq!(region_of_dfe(352).map(|r| r.name), Some("North West"));
        assert_eq!(region_of_dfe(826).map(|r| r.name), Some("South East"));
    }

    #[test]
    fn statuses_and_successors() {
        let rows = local_authority_rows();
        let get = |name: &str, status: LaStatus| {
            rows.iter()
                .find(|r| r.name == name && r.status == status)
                .map(|r| r.successors.clone())
        };
        assert_eq!(
            get("Cumbria", LaStatus::Abolished),
            Some(Some("Cumberland|Westmorland and Furness".into()))
        );
        assert_eq!(
            get("Gateshead", LaStatus::Recoded),
            Some(Some("Gateshead".into()))
        );
        assert_eq!(get("Gateshead", LaStatus::Current), Some(None));
        // every successor is an authority of the gazetteer
        for r in &rows {
            for s in r.successors.iter().flat_map(|s| s.split('|')) {
                assert!(rows.iter().any(|x| x.name == s), "{} -> {s}", r.name);
            }
        }
    }
}
