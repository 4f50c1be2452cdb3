//! A stand-in for Ofsted's report site on 127.0.0.1, for the offline sync tests: search
//! pages, provider pages (hand-written markup with the structure of the real pages, or the
//! real saved page from ../shared when present), files, robots.txt, ETags, and faults
//! injected per path.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub struct Publication {
    pub file_id: String,
    /// Text of `span.nonvisual`, e.g. "Children's services inspection, PDF - 06 May 2025".
    pub nonvisual: String,
    pub link_text: String,
    /// "07 May 2025", or empty for no `time[pubdate]`.
    pub pubdate: String,
    pub timeline: String,
    pub relative: bool,
    pub pdf: Arc<Vec<u8>>,
}

#[derive(Clone)]
pub struct Provider {
    pub urn: i64,
    pub name: String,
    pub pubs: Vec<Publication>,
}

/// A fault served instead of (or before) the normal answer, once per entry.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Status with an optional Retry-After value and an HTML body.
    Status(u16, Option<String>),
    /// Wait, then answer normally (a client timeout shorter than this times out).
    Delay(Duration),
    /// Claim the full length, send half, close.
    CutShort,
    /// An HTML page with status 200.
    Html200,
    /// Claim the full length, send half, then hang for a minute (for kill tests).
    Hang,
}

#[derive(Clone, Debug)]
pub struct Req {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn is_file(&self) -> bool {
        self.path.starts_with("/v1/file/")
    }
}

#[derive(Default)]
pub struct State {
    pub providers: Vec<Provider>,
    pub page_rows: usize,
    /// Empty: robots.txt answers 404.
    pub robots: String,
    pub faults: HashMap<String, VecDeque<Fault>>,
    /// Pages served as given (path → HTML), e.g. the real saved provider page.
    pub raw_pages: HashMap<String, String>,
    /// Serve pages of another layout (no timeline, different provider links).
    pub changed_layout: bool,
    pub etags: bool,
    pub log: Vec<Req>,
    /// The server's own root URL (set by `Site::start`).
    pub base: String,
}

pub struct Site {
    pub base: String,
    pub state: Arc<Mutex<State>>,
}

impl Site {
    pub fn start(state: State) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut state = state;
        state.base = base.clone();
        let state = Arc::new(Mutex::new(state));
        let s2 = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let s = s2.clone();
                std::thread::spawn(move || {
                    let _ = serve(conn, &s);
                });
            }
        });
        Site { base, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    pub fn fault(&self, path: &str, fault: Fault) {
        self.with(|s| {
            s.faults
                .entry(path.to_owned())
                .or_default()
                .push_back(fault)
        });
    }

    pub fn take_log(&self) -> Vec<Req> {
        self.with(|s| std::mem::take(&mut s.log))
    }

    pub fn log(&self) -> Vec<Req> {
        self.with(|s| s.log.clone())
    }
}

/// `../shared` beside the repository, if present.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("corpus").is_dir().then_some(p)
}

/// `../shared`, for a test marked `#[ignore = "needs ../shared"]`: a failure saying so when
/// it is absent.
pub fn need_shared() -> PathBuf {
    shared().unwrap_or_else(|| {
        panic!("../shared/corpus not found beside the repository: this test needs it")
    })
}

/// Real PDFs of the corpus (empty when ../shared is absent).
pub fn corpus_pdfs() -> Vec<Vec<u8>> {
    let Some(sh) = shared() else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(sh.join("corpus/dev"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.starts_with(b"%PDF-"))
        .collect()
}

/// A small synthetic PDF-looking file (enough for the download checks).
pub fn fake_pdf(n: usize) -> Vec<u8> {
    let mut v = format!("%PDF-1.4\n% stand-in file {n}\n").into_bytes();
    v.extend(std::iter::repeat_n(b'x', 2000 + n % 97));
    v.extend_from_slice(b"\n%%EOF\n");
    v
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn date_text(n: usize) -> String {
    format!("{:02} {} {}", 1 + n % 28, MONTHS[n % 12], 2010 + n % 15)
}

/// `n_providers` authorities with `n_pubs` publications spread over them; real PDFs
/// (made unique per file id) when the corpus is present, synthetic ones otherwise.
pub fn standin(n_providers: usize, n_pubs: usize) -> State {
    let real = corpus_pdfs();
    let labels = [
        "Children's services inspection",
        "Children's services focused visit",
        "Joint area child protection inspection",
        "Single inspection of LA children's services",
    ];
    let mut providers: Vec<Provider> = (0..n_providers)
        .map(|i| Provider {
            urn: 80400 + i as i64,
            name: format!("Authority {i} Council"),
            pubs: Vec::new(),
        })
        .collect();
    for k in 0..n_pubs {
        let mut pdf = match real.get(k % real.len().max(1)) {
            Some(b) if !real.is_empty() => b.clone(),
            _ => fake_pdf(k),
        };
        pdf.extend_from_slice(format!("\n% stand-in copy {k}\n").as_bytes());
        let label = labels[k % labels.len()];
        let pubdate = date_text(k);
        let nonvisual = if k % 4 == 3 {
            format!("{label} as PDF - {pubdate}")
        } else if k % 5 == 1 {
            format!("{label},  pdf - {pubdate}")
        } else {
            format!("{label}, PDF - {pubdate}")
        };
        providers[k % n_providers].pubs.push(Publication {
            file_id: format!("{}", 5_000_000 + k),
            nonvisual,
            link_text: label.to_owned(),
            pubdate: if k % 7 == 2 { String::new() } else { pubdate },
            timeline: date_text(k + 3),
            relative: k % 2 == 0,
            pdf: Arc::new(pdf),
        });
    }
    State {
        providers,
        page_rows: 100,
        etags: true,
        ..State::default()
    }
}

fn serve(conn: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let req = Req { path, headers };
    let (fault, answer) = {
        let mut s = state.lock().unwrap();
        s.log.push(req.clone());
        let key = req.path.split('?').next().unwrap_or("").to_owned();
        let fault = s.faults.get_mut(&key).and_then(VecDeque::pop_front);
        (fault, answer(&s, &req))
    };
    respond(conn, fault, answer)
}

struct Answer {
    status: u16,
    ctype: &'static str,
    body: Vec<u8>,
    etag: Option<String>,
}

fn respond(mut conn: TcpStream, fault: Option<Fault>, a: Answer) -> std::io::Result<()> {
    let head = |status: u16, ctype: &str, len: usize, extra: &str| {
        format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\nConnection: close\r\n{extra}\r\n"
        )
    };
    match fault {
        Some(Fault::Status(code, retry)) => {
            let body = b"<html><body>Busy</body></html>";
            let extra = retry
                .map(|r| format!("Retry-After: {r}\r\n"))
                .unwrap_or_default();
            conn.write_all(head(code, "text/html", body.len(), &extra).as_bytes())?;
            conn.write_all(body)?;
        }
        Some(Fault::Html200) => {
            let body = b"<!DOCTYPE html><html><body>File not found</body></html>";
            conn.write_all(head(200, "text/html", body.len(), "").as_bytes())?;
            conn.write_all(body)?;
        }
        Some(Fault::CutShort) | Some(Fault::Hang) => {
            conn.write_all(head(a.status, a.ctype, a.body.len(), "").as_bytes())?;
            conn.write_all(&a.body[..a.body.len() / 2])?;
            conn.flush()?;
            if matches!(fault, Some(Fault::Hang)) {
                std::thread::sleep(Duration::from_secs(60));
            }
        }
        Some(Fault::Delay(d)) => {
            std::thread::sleep(d);
            return respond(conn, None, a);
        }
        None => {
            let extra = a.etag.map(|e| format!("ETag: {e}\r\n")).unwrap_or_default();
            conn.write_all(head(a.status, a.ctype, a.body.len(), &extra).as_bytes())?;
            conn.write_all(&a.body)?;
        }
    }
    conn.flush()
}

fn query(path: &str, key: &str) -> Option<usize> {
    let q = path.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
}

fn answer(s: &State, req: &Req) -> Answer {
    let path = req.path.as_str();
    let html = |body: String| Answer {
        status: 200,
        ctype: "text/html; charset=utf-8",
        body: body.into_bytes(),
        etag: None,
    };
    let not_found = Answer {
        status: 404,
        ctype: "text/html",
        body: b"<html>not found</html>".to_vec(),
        etag: None,
    };
    let mut a = if path == "/robots.txt" {
        if s.robots.is_empty() {
            return not_found;
        }
        Answer {
            status: 200,
            ctype: "text/plain",
            body: s.robots.clone().into_bytes(),
            etag: None,
        }
    } else if let Some(raw) = s.raw_pages.get(path) {
        html(raw.clone())
    } else if path.starts_with("/search?") {
        html(search_page(s, path))
    } else if let Some(urn) = path.strip_prefix("/provider/44/") {
        match s.providers.iter().find(|p| p.urn.to_string() == urn) {
            Some(p) => html(provider_page(s, p)),
            None => return not_found,
        }
    } else if let Some(id) = path.strip_prefix("/v1/file/") {
        let pdf = s
            .providers
            .iter()
            .flat_map(|p| &p.pubs)
            .find(|x| x.file_id == id);
        match pdf {
            Some(x) => {
                return Answer {
                    status: 200,
                    ctype: "application/pdf",
                    body: x.pdf.to_vec(),
                    etag: None,
                };
            }
            None => return not_found,
        }
    } else {
        return not_found;
    };
    if s.etags {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        a.body.hash(&mut h);
        let tag = format!("\"{:x}\"", h.finish());
        if req.header("if-none-match") == Some(tag.as_str()) {
            return Answer {
                status: 304,
                ctype: "text/html",
                body: Vec::new(),
                etag: Some(tag),
            };
        }
        a.etag = Some(tag);
    }
    a
}

fn search_page(s: &State, path: &str) -> String {
    let start = query(path, "start").unwrap_or(0);
    let rows = query(path, "rows").unwrap_or(100).min(s.page_rows);
    let items: String = s
        .providers
        .iter()
        .skip(start)
        .take(rows)
        .map(|p| {
            let href = if s.changed_layout {
                format!("/providers/la/{}", p.urn)
            } else {
                format!("/provider/44/{}", p.urn)
            };
            format!(
                "<li class=\"search-result\"><h3 class=\"search-result__title\"><a href=\"{href}\">{}</a></h3><p>Local authority children's services</p></li>\n",
                p.name
            )
        })
        .collect();
    let next = if start + rows < s.providers.len() {
        format!(
            "<div class=\"pagination\"><a class=\"pagination__next\" href=\"/search?start={}&amp;rows={rows}\">Next page</a></div>",
            start + rows
        )
    } else {
        String::new()
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Search</title></head><body><main>\n<strong class=\"results-count\">{}</strong> results\n<ul class=\"results-list\">\n{items}</ul>\n{next}</main></body></html>",
        s.providers.len()
    )
}

fn provider_page(s: &State, p: &Provider) -> String {
    let days: String = p
        .pubs
        .iter()
        .map(|x| {
            let href = if x.relative {
                format!("/v1/file/{}", x.file_id)
            } else {
                format!("{}/v1/file/{}", s.base, x.file_id)
            };
            let pubdate = if x.pubdate.is_empty() {
                String::new()
            } else {
                format!(" Published <time pubdate>{}</time>", x.pubdate)
            };
            format!(
                "  <li class=\"timeline__day  \">\n    <div class=\"event\"><p class=\"timeline__date\"><time>{}</time></p>\n      <span class=\"event__title heading--sub\"><a class=\"publication-link\" target=\"_blank\" href=\"{href}\">\n        {}  <span class=\"nonvisual\">{}</span></a><div class=\"event__metadata\"><span class=\"filetype\">PDF</span> &ndash;{pubdate}</div></span></div>\n  </li>\n",
                x.timeline, x.link_text, x.nonvisual
            )
        })
        .collect();
    let list = if s.changed_layout {
        format!("<div class=\"reports-list\">{days}</div>")
    } else {
        format!(
            "<ol class=\"timeline\">\n{days}  <li class=\"timeline__day timeline__day--opened\"><p class=\"timeline__date\"><time>01 April 2009</time></p><p>Provider opened</p></li>\n</ol>"
        )
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{name}</title><link rel=\"canonical\" href=\"/provider/44/{urn}\"></head><body>\n<div class=\"module title-block\"><h1 class=\"heading--title title-block__heading\">{name}</h1>\n<p class=\"heading--main title-block__subheading\">URN: {urn}</p></div>\n<h2 class=\"timeline__title heading--sub\">All reports</h2>\n{list}\n</body></html>",
        name = p.name,
        urn = p.urn
    )
}
