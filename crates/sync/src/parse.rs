//! Reading Ofsted's pages with a real HTML parser (`scraper`): the search results and a
//! provider's timeline of publications.

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};

/// What one search page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// Provider URNs linked as `/provider/44/<URN>`, in page order, without repeats.
    pub urns: Vec<i64>,
    /// Names shown for them (same order).
    pub names: Vec<String>,
    /// Whether the page announces a next page.
    pub has_next: bool,
}

/// One publication of a provider's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Last path segment of the file URL.
    pub file_id: String,
    /// Absolute file URL.
    pub url: String,
    /// Ofsted's label (before the comma / "PDF").
    pub label: String,
    /// Publication date (`time[pubdate]`, else the label's date).
    pub published_date: Option<NaiveDate>,
    /// The date shown on the timeline.
    pub timeline_date: Option<NaiveDate>,
}

/// A provider page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderPage {
    /// `h1.title-block__heading`, when present.
    pub name: Option<String>,
    /// The publications, in page order.
    pub listings: Vec<Listing>,
}

/// The selectors are constants of this module, all exercised by the unit tests.
#[allow(clippy::expect_used)]
fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("constant CSS selector")
}

fn text_of(e: ElementRef<'_>) -> String {
    squash(&e.text().collect::<String>())
}

/// Collapses runs of white space to one space and trims.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Resolves `href` against the page URL (absolute, scheme-relative, root-relative or
/// relative links).
pub fn resolve(page_url: &str, href: &str) -> String {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_owned();
    }
    let (scheme, rest) = page_url.split_once("://").unwrap_or(("https", page_url));
    if let Some(h) = href.strip_prefix("//") {
        return format!("{scheme}://{h}");
    }
    let host = rest.split('/').next().unwrap_or(rest);
    if href.starts_with('/') {
        return format!("{scheme}://{host}{href}");
    }
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let dir = path.rsplit_once('/').map_or(host, |(d, _)| d);
    format!("{scheme}://{dir}/{href}")
}

/// The last non-empty path segment of a URL (without query or fragment).
pub fn last_segment(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let after_host = path.split_once("://").map_or(path, |(_, r)| r);
    let seg = after_host
        .split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .last()?;
    Some(seg.to_owned())
}

/// Reads a search page: provider links `/provider/44/<URN>` and the pagination.
pub fn search_page(html: &str) -> SearchPage {
    let doc = Html::parse_document(html);
    let mut out = SearchPage {
        urns: Vec::new(),
        names: Vec::new(),
        has_next: false,
    };
    for a in doc.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap_or("");
        let Some(urn) = provider_urn(href) else {
            continue;
        };
        if !out.urns.contains(&urn) {
            out.urns.push(urn);
            out.names.push(text_of(a));
        }
    }
    out.has_next = doc
        .select(&sel("a.pagination__next, link[rel=next], a[rel=next]"))
        .next()
        .is_some();
    out
}

/// The URN of a local-authority children's services provider link.
fn provider_urn(href: &str) -> Option<i64> {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let path = path
        .split_once("://")
        .map_or(path, |(_, r)| r.split_once('/').map_or("", |x| x.1));
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["provider", "44", urn] => urn.parse().ok(),
        _ => None,
    }
}

/// Reads a provider page. `Err` names the markup that is missing (a layout change).
pub fn provider_page(html: &str, page_url: &str) -> Result<ProviderPage, String> {
    let doc = Html::parse_document(html);
    let name = doc
        .select(&sel("h1.title-block__heading"))
        .next()
        .map(text_of)
        .filter(|n| !n.is_empty());
    let timelines: Vec<ElementRef<'_>> = doc.select(&sel("ol.timeline")).collect();
    if timelines.is_empty() {
        return Err("no timeline (ol.timeline) on the provider page".into());
    }
    let days = sel("li.timeline__day");
    let mut listings: Vec<Listing> = Vec::new();
    for timeline in timelines {
        for l in timeline
            .child_elements()
            .filter(|li| days.matches(li))
            .filter(|li| !li.value().classes().any(|c| c == "timeline__day--opened"))
            .filter_map(|li| listing(li, page_url))
        {
            if !listings.iter().any(|x| x.file_id == l.file_id) {
                listings.push(l);
            }
        }
    }
    Ok(ProviderPage { name, listings })
}

fn listing(li: ElementRef<'_>, page_url: &str) -> Option<Listing> {
    let a = li.select(&sel("a.publication-link[href]")).next()?;
    let url = resolve(page_url, a.value().attr("href")?);
    let file_id = last_segment(&url)?;
    let nonvisual = a.select(&sel("span.nonvisual")).next().map(text_of);
    let (label, label_date) = match &nonvisual {
        Some(t) => split_label(t),
        None => (text_of(a), None),
    };
    let pubdate = li
        .select(&sel("time[pubdate]"))
        .next()
        .and_then(|t| parse_date(&text_of(t)));
    let timeline_date = li
        .select(&sel("p.timeline__date time"))
        .next()
        .and_then(|t| {
            t.value()
                .attr("datetime")
                .and_then(parse_date)
                .or_else(|| parse_date(&text_of(t)))
        });
    Some(Listing {
        file_id,
        url,
        label,
        published_date: pubdate.or(label_date),
        timeline_date,
    })
}

/// Splits "Children's services inspection, PDF - 09 May 2025" (any case of "pdf", any
/// spacing, or "… as PDF - …") into the label and the date.
pub fn split_label(text: &str) -> (String, Option<NaiveDate>) {
    let t = squash(text);
    let lower = t.to_lowercase();
    let Some(at) = lower.rfind("pdf") else {
        let label = t.split(',').next().unwrap_or(&t).trim().to_owned();
        return (label, None);
    };
    let before = t.get(..at).unwrap_or("").trim_end();
    let before = before.trim_end_matches(',').trim_end();
    let before = match before.len().checked_sub(3) {
        Some(i)
            if before
                .get(i..)
                .is_some_and(|s| s.eq_ignore_ascii_case(" as")) =>
        {
            before.get(..i).unwrap_or(before)
        }
        _ => before,
    };
    let after = t.get(at + 3..).unwrap_or("");
    let date = parse_date(after.trim_start_matches([' ', '-', '–']).trim());
    (before.trim().to_owned(), date)
}

/// Parses "06 May 2025", "6 May 2025" or ISO "2025-05-06".
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = squash(s);
    NaiveDate::parse_from_str(&s, "%d %B %Y")
        .or_else(|_| NaiveDate::parse_from_str(&s, "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(s.get(..10).unwrap_or(""), "%Y-%m-%d"))
        .ok()
}

/// A file-name-safe slug: lower-case ASCII letters and digits joined by `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            '’' | '\'' => continue,
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    let out = out.trim_end_matches('-');
    let cut: String = out.chars().take(60).collect();
    if cut.is_empty() {
        "x".into()
    } else {
        cut.trim_end_matches('-').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let d = NaiveDate::from_ymd_opt(2013, 8, 16);
        assert_eq!(
            split_label("Children's services inspection,  pdf - 16 August 2013"),
            ("Children's services inspection".into(), d)
        );
        assert_eq!(
            split_label("Single inspection of LA children's services as PDF - 10 February 2015").0,
            "Single inspection of LA children's services"
        );
        assert_eq!(
            split_label("Focused visit, PDF - 07 November 2023").0,
            "Focused visit"
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            resolve("http://h:1/provider/44/1", "/v1/file/9"),
            "http://h:1/v1/file/9"
        );
        assert_eq!(
            resolve("http://h:1/provider/44/1", "f/9"),
            "http://h:1/provider/44/f/9"
        );
        assert_eq!(resolve("https://a/b", "https://x/y"), "https://x/y");
        assert_eq!(
            last_segment("https://x/v1/file/123?a=1").as_deref(),
            Some("123")
        );
        assert_eq!(provider_urn("/provider/44/80429"), Some(80429));
        assert_eq!(provider_urn("https://r/provider/44/80429/"), Some(80429));
        assert_eq!(provider_urn("/provider/21/1"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Children's services inspection"),
            "childrens-services-inspection"
        );
        assert_eq!(slug("Barking and Dagenham"), "barking-and-dagenham");
    }

    #[test]
    fn timeline() {
        let html = r#"<html><h1 class="title-block__heading"> Somewhere  Council </h1>
        <ol class="timeline">
          <li class="timeline__day"><p class="timeline__date"><time>18 March 2025</time></p>
            <span class="event__title"><a class="publication-link" href="/v1/file/501">
              Children's services inspection <span class="nonvisual">Children's services inspection, PDF - 06 May 2025</span></a>
              <div class="event__metadata">Published <time pubdate>07 May 2025</time></div></span></li>
          <li class="timeline__day timeline__day--opened"><p>opened</p></li>
          <li class="timeline__day"><a class="publication-link" href="https://f/v1/file/502">
              Focused visit <span class="nonvisual">Focused visit, pdf - 01 June 2020</span></a></li>
        </ol></html>"#;
        let p = provider_page(html, "http://h/provider/44/9").unwrap();
        assert_eq!(p.name.as_deref(), Some("Somewhere Council"));
        assert_eq!(p.listings.len(), 2);
        assert_eq!(p.listings[0].url, "http://h/v1/file/501");
        assert_eq!(
            p.listings[0].published_date,
            NaiveDate::from_ymd_opt(2025, 5, 7)
        );
        assert_eq!(
            p.listings[0].timeline_date,
            NaiveDate::from_ymd_opt(2025, 3, 18)
        );
        assert_eq!(
            p.listings[1].published_date,
            NaiveDate::from_ymd_opt(2020, 6, 1)
        );
        assert_eq!(p.listings[1].file_id, "502");
        assert!(provider_page("<p>gone</p>", "http://h/").is_err());
    }
}
