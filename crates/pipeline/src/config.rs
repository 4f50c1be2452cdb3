//! `pipeline.toml`: the typed configuration, its defaults and its validation.
//!
//! Unknown keys are errors (`deny_unknown_fields`); every bad value is reported with its
//! TOML key and line, all at once, so a person fixes the file in one pass.

pub use ofsted_extract::PdfEngine;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[input]`: where documents are read from.
    pub input: InputConfig,
    /// `[output]`: where tables are written.
    pub output: OutputConfig,
    /// `[extract]`: text extraction and cleanup.
    pub extract: ExtractConfig,
    /// `[transform]`: fact extraction.
    pub transform: TransformConfig,
    /// `[run]`: parallelism and failure policy.
    pub run: RunConfig,
    /// `[sync]`: downloading publications from Ofsted's site (`ofsted-etl sync`).
    pub sync: SyncConfig,
}

/// `[input]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Directory to read (relative to the config file's directory).
    pub dir: PathBuf,
    /// Glob patterns (relative to `dir`, `/` separators; `*`, `?`, `**`) of files to read.
    pub include: Vec<String>,
    /// Glob patterns of files to skip even if included.
    pub exclude: Vec<String>,
    /// Files larger than this many MiB are rejected as `too_large` without being read.
    pub max_file_mb: Spanned<u64>,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            dir: PathBuf::from("data"),
            include: vec![
                "**/*.pdf".into(),
                "**/*.txt".into(),
                "**/*.html".into(),
                "**/*.htm".into(),
            ],
            exclude: vec!["**/README.md".into()],
            max_file_mb: Spanned::new(0..0, 100),
        }
    }
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Output directory (relative to the config file's directory).
    pub dir: PathBuf,
    /// Formats to write: any of `"parquet"` (one file per table), `"csv"`, `"xlsx"`,
    /// `"dataset"` (a folder of Parquet part files per table, with `_SUCCESS` markers).
    pub formats: Spanned<Vec<String>>,
    /// zstd compression level of Parquet files (1–22).
    pub zstd_level: Spanned<i32>,
    /// Prefix `'` to CSV text cells that a spreadsheet would run as a formula.
    pub csv_formula_guard: bool,
    /// Start each CSV file with a UTF-8 byte-order mark.
    pub csv_bom: bool,
}

/// The formats `output.formats` accepts.
pub const FORMATS: &[&str] = &["parquet", "csv", "xlsx", "dataset"];

/// The formats written when `output.formats` is not given.
pub const DEFAULT_FORMATS: &[&str] = &["parquet", "csv", "xlsx"];

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("output"),
            formats: Spanned::new(
                0..0,
                DEFAULT_FORMATS.iter().map(|f| (*f).to_owned()).collect(),
            ),
            zstd_level: Spanned::new(0..0, 3),
            csv_formula_guard: true,
            csv_bom: false,
        }
    }
}

/// `[extract]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Milliseconds one document may take (extract and transform together) before it is
    /// rejected as `timeout`.
    pub time_budget_ms: Spanned<u64>,
    /// Remove Ofsted back pages, addresses, copyright lines and publisher footers.
    pub strip_boilerplate: bool,
    /// The PDF text engine: `"pdf-extract"` or `"hayro"` ([`PdfEngine`]); any other name
    /// is a configuration error.
    pub pdf_engine: Spanned<PdfEngine>,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            time_budget_ms: Spanned::new(0..0, 60_000),
            strip_boilerplate: true,
            pdf_engine: Spanned::new(0..0, PdfEngine::default()),
        }
    }
}

impl ExtractConfig {
    /// The configured PDF engine.
    pub fn engine(&self) -> PdfEngine {
        *self.pdf_engine.get_ref()
    }
}

/// `[transform]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransformConfig {
    /// Infer ILACS standard/short from days on site when the report does not say
    /// (recorded as `inferred_from_duration`).
    pub infer_inspection_type: bool,
}

impl Default for TransformConfig {
    fn default() -> Self {
        TransformConfig {
            infer_inspection_type: true,
        }
    }
}

/// `[run]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunConfig {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Fail the run (exit 5) when rejects exceed this fraction of inputs (0–1); off if absent.
    pub max_reject_rate: Option<Spanned<f64>>,
}

/// `[sync]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// Root URL of Ofsted's report site.
    pub base_url: Spanned<String>,
    /// Folder receiving the PDFs (relative to the config file's directory); default
    /// `<input.dir>/ofsted`.
    pub into: Option<PathBuf>,
    /// Pause between two requests, in milliseconds.
    pub min_interval_ms: u64,
    /// Seconds one request may take.
    pub timeout_s: Spanned<u64>,
    /// Retries of a failed request (429, 503, other 5xx, timeout, body cut short).
    pub retries: Spanned<u32>,
    /// User-Agent header sent with every request.
    pub user_agent: Option<Spanned<String>>,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            base_url: Spanned::new(0..0, "https://reports.ofsted.gov.uk".into()),
            into: None,
            min_interval_ms: 1000,
            timeout_s: Spanned::new(0..0, 30),
            retries: Spanned::new(0..0, 4),
            user_agent: None,
        }
    }
}

/// The options that change results: hashed into the state so that changing one makes the
/// next run re-process everything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultOptions {
    /// `[extract] strip_boilerplate`.
    pub strip_boilerplate: bool,
    /// `[transform] infer_inspection_type`.
    pub infer_inspection_type: bool,
    /// `[extract] pdf_engine`, left out for pdf-extract so that results cached before the
    /// key existed stay valid; hayro is named with its fallback, so that results cached
    /// when hayro had none are not reused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf_engine: Option<&'static str>,
}

impl Config {
    /// The options that change per-document results.
    pub fn result_options(&self) -> ResultOptions {
        ResultOptions {
            strip_boilerplate: self.extract.strip_boilerplate,
            infer_inspection_type: self.transform.infer_inspection_type,
            pdf_engine: match self.extract.engine() {
                PdfEngine::PdfExtract => None,
                PdfEngine::Hayro => Some("hayro, falling back to pdf-extract"),
            },
        }
    }

    /// Hash of [`Self::result_options`] (hex), stored with every cached result.
    pub fn result_hash(&self) -> String {
        let json = serde_json::to_string(&self.result_options()).unwrap_or_default();
        ofsted_model::id::sha256_hex(json.as_bytes())[..16].to_owned()
    }
}

/// One problem in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// Dotted TOML key (`output.zstd_level`), or empty for syntax errors.
    pub key: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.key.is_empty(), self.line) {
            (false, Some(l)) => write!(f, "line {l}: {}: {}", self.key, self.message),
            (false, None) => write!(f, "{}: {}", self.key, self.message),
            (true, Some(l)) => write!(f, "line {l}: {}", self.message),
            (true, None) => write!(f, "{}", self.message),
        }
    }
}

/// Errors loading a configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file has one or more problems.
    #[error("invalid config {path}:\n{}", issues.iter().map(|i| format!("  - {i}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        issues: Vec<ConfigIssue>,
    },
}

fn line_of(src: &str, offset: usize) -> Option<usize> {
    if offset == 0 && src.is_empty() {
        return None;
    }
    Some(src.get(..offset)?.matches('\n').count() + 1)
}

impl Config {
    /// Reads and validates a config file. A missing file is an error; use
    /// [`Config::default`] for the built-in defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let src = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&src).map_err(|issues| ConfigError::Invalid {
            path: path.to_path_buf(),
            issues,
        })
    }

    /// Parses and validates TOML text, returning every issue found: syntax errors first (the
    /// file cannot be read further), then every unknown key and wrongly typed value (each
    /// key is checked on its own, so one bad value hides no other problem), then every
    /// value out of range.
    pub fn parse(src: &str) -> Result<Config, Vec<ConfigIssue>> {
        let doc: toml::Table = toml::from_str(src).map_err(|e| vec![syntax_issue(src, &e)])?;
        let mut issues = key_issues(src, &doc);
        // Range checks run on what remains once the keys that failed are left out.
        let text = if issues.is_empty() {
            src.to_owned()
        } else {
            toml::to_string(&without(&doc, &issues)).unwrap_or_default()
        };
        match toml::from_str::<Config>(&text) {
            Ok(cfg) => {
                issues.extend(cfg.validate(src));
                if issues.is_empty() {
                    return Ok(cfg);
                }
            }
            Err(e) => issues.push(syntax_issue(src, &e)),
        }
        issues.sort_by_key(|i| i.line.unwrap_or(usize::MAX));
        Err(issues)
    }

    fn validate(&self, src: &str) -> Vec<ConfigIssue> {
        let mut issues = Vec::new();
        let mut push = |key: &str, _span: std::ops::Range<usize>, message: String| {
            issues.push(ConfigIssue {
                key: key.to_owned(),
                line: line_of_key(src, key),
                message,
            });
        };
        for f in self.output.formats.get_ref() {
            if !FORMATS.contains(&f.as_str()) {
                push(
                    "output.formats",
                    self.output.formats.span(),
                    format!("unknown format {f:?}: allowed are {FORMATS:?}"),
                );
            }
        }
        if self.output.formats.get_ref().is_empty() {
            push(
                "output.formats",
                self.output.formats.span(),
                format!("at least one format is needed ({FORMATS:?})"),
            );
        }
        let z = *self.output.zstd_level.get_ref();
        if !(1..=22).contains(&z) {
            push(
                "output.zstd_level",
                self.output.zstd_level.span(),
                format!("{z} is out of range: zstd levels are 1 to 22"),
            );
        }
        if *self.extract.time_budget_ms.get_ref() == 0 {
            push(
                "extract.time_budget_ms",
                self.extract.time_budget_ms.span(),
                "must be at least 1 millisecond".into(),
            );
        }
        if *self.input.max_file_mb.get_ref() == 0 {
            push(
                "input.max_file_mb",
                self.input.max_file_mb.span(),
                "must be at least 1".into(),
            );
        }
        if let Some(rate) = &self.run.max_reject_rate {
            let r = *rate.get_ref();
            if !(0.0..=1.0).contains(&r) {
                push(
                    "run.max_reject_rate",
                    rate.span(),
                    format!("{r} is not a fraction between 0 and 1"),
                );
            }
        }
        for (key, pats) in [
            ("input.include", &self.input.include),
            ("input.exclude", &self.input.exclude),
        ] {
            for p in pats {
                if let Err(e) = crate::discover::Glob::new(p) {
                    push(key, 0..0, e);
                }
            }
        }
        self.validate_sync(&mut push);
        if self.input.include.is_empty() {
            push(
                "input.include",
                0..0,
                "no patterns: nothing would be read".into(),
            );
        }
        issues
    }
}

fn syntax_issue(src: &str, e: &toml::de::Error) -> ConfigIssue {
    let line = e.span().and_then(|s| line_of(src, s.start));
    ConfigIssue {
        key: key_at(src, line),
        line,
        message: e.message().trim().to_owned(),
    }
}

/// Checks each top-level key and each key of each section on its own against [`Config`].
fn key_issues(src: &str, doc: &toml::Table) -> Vec<ConfigIssue> {
    let mut issues = Vec::new();
    for (section, value) in doc {
        let pieces: Vec<(String, toml::Table)> = match value {
            toml::Value::Table(t) if !t.is_empty() => t
                .iter()
                .map(|(k, v)| {
                    let inner = toml::Table::from_iter([(k.clone(), v.clone())]);
                    let one =
                        toml::Table::from_iter([(section.clone(), toml::Value::Table(inner))]);
                    (format!("{section}.{k}"), one)
                })
                .collect(),
            v => vec![(
                section.clone(),
                toml::Table::from_iter([(section.clone(), v.clone())]),
            )],
        };
        for (key, one) in pieces {
            let text = toml::to_string(&one).unwrap_or_default();
            if let Err(e) = toml::from_str::<Config>(&text) {
                let unknown = e.message().starts_with("unknown field");
                // An unknown section is reported once, at its header.
                let key = if unknown && !known_section(section) {
                    section.clone()
                } else {
                    key
                };
                if issues.iter().any(|i: &ConfigIssue| i.key == key) {
                    continue;
                }
                issues.push(ConfigIssue {
                    line: line_of_key(src, &key),
                    key,
                    message: e.message().trim().to_owned(),
                });
            }
        }
    }
    issues.sort_by_key(|i| i.line.unwrap_or(usize::MAX));
    issues
}

/// `doc` without the keys (and sections) that `issues` name.
fn without(doc: &toml::Table, issues: &[ConfigIssue]) -> toml::Table {
    let mut out = doc.clone();
    for i in issues {
        match i.key.split_once('.') {
            Some((section, key)) => {
                if let Some(toml::Value::Table(t)) = out.get_mut(section) {
                    t.remove(key);
                }
            }
            None => {
                out.remove(&i.key);
            }
        }
    }
    out
}

fn known_section(name: &str) -> bool {
    ["input", "output", "extract", "transform", "run", "sync"].contains(&name)
}

/// The 1-based line that sets a dotted key (`output.zstd_level`) or opens a section.
fn line_of_key(src: &str, key: &str) -> Option<usize> {
    let (section, name) = match key.split_once('.') {
        Some((s, n)) => (s, Some(n)),
        None => (key, None),
    };
    let mut table = String::new();
    for (i, l) in src.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
            if name.is_none() && table == section {
                return Some(i + 1);
            }
            continue;
        }
        let Some((k, _)) = t.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"');
        let full = if table.is_empty() {
            k.to_owned()
        } else {
            format!("{table}.{k}")
        };
        if full == key || (name.is_none() && full.starts_with(&format!("{section}."))) {
            return Some(i + 1);
        }
    }
    None
}

impl Config {
    fn validate_sync(&self, push: &mut dyn FnMut(&str, std::ops::Range<usize>, String)) {
        let s = &self.sync;
        let url = s.base_url.get_ref();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 9 {
            push(
                "sync.base_url",
                s.base_url.span(),
                format!("{url:?} is not an http(s) URL"),
            );
        }
        if *s.timeout_s.get_ref() == 0 {
            push(
                "sync.timeout_s",
                s.timeout_s.span(),
                "must be at least 1 second".into(),
            );
        }
        if *s.retries.get_ref() > 10 {
            push(
                "sync.retries",
                s.retries.span(),
                format!("{} retries is too many (at most 10)", s.retries.get_ref()),
            );
        }
        if let Some(ua) = &s.user_agent {
            let v = ua.get_ref();
            if v.trim().is_empty() || v.chars().any(char::is_control) {
                push(
                    "sync.user_agent",
                    ua.span(),
                    "must be non-empty text on one line".into(),
                );
            }
        }
    }
}

/// The dotted key on a given line, for syntax errors (best effort).
fn key_at(src: &str, line: Option<usize>) -> String {
    let Some(line) = line else {
        return String::new();
    };
    let mut table = String::new();
    for (i, l) in src.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
        }
        if i + 1 == line {
            if let Some((k, _)) = t.split_once('=') {
                let k = k.trim();
                return if table.is_empty() {
                    k.to_owned()
                } else {
                    format!("{table}.{k}")
                };
            }
            return table;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        let c = Config::parse("").unwrap();
        assert_eq!(*c.output.zstd_level.get_ref(), 3);
        assert_eq!(c.input.dir, PathBuf::from("data"));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = Config::parse("[output]\ndir = \"out\"\nzstd = 3\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(3));
        assert!(e[0].message.contains("zstd"), "{}", e[0].message);
        assert_eq!(e[0].key, "output.zstd");
    }

    #[test]
    fn every_bad_value_is_reported() {
        let src = "[output]\nformats = [\"xls\"]\nzstd_level = 99\n[extract]\ntime_budget_ms = 0\n";
        let e = Config::parse(src).unwrap_err();
        let keys: Vec<_> = e.iter().map(|i| (i.key.as_str(), i.line)).collect();
        assert_eq!(
            keys,
            vec![
                ("output.formats", Some(2)),
                ("output.zstd_level", Some(3)),
                ("extract.time_budget_ms", Some(5))
            ]
        );
    }

    #[test]
    fn a_type_error_hides_no_unknown_section() {
        let src = "[input]\nmax_file_mb = -5\n\n[outptu]\ndir = \"x\"\n[run]\nthreads = \"two\"\n[output]\nzstd_level = 99\n";
        let e = Config::parse(src).unwrap_err();
        let keys: Vec<_> = e.iter().map(|i| (i.key.as_str(), i.line)).collect();
        assert_eq!(
            keys,
            vec![
                ("input.max_file_mb", Some(2)),
                ("outptu", Some(4)),
                ("run.threads", Some(7)),
                ("output.zstd_level", Some(9))
            ],
            "{e:?}"
        );
        assert!(e[1].message.contains("outptu"), "{}", e[1].message);
    }

    #[test]
    fn wrong_type_is_reported_with_line() {
        let e = Config::parse("[run]\nthreads = \"two\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(2));
        assert_eq!(e[0].key, "run.threads");
    }

    #[test]
    fn sync_section_is_validated() {
        let c = Config::parse("[sync]\nmin_interval_ms = 0\n").unwrap();
        assert_eq!(c.sync.min_interval_ms, 0);
        assert_eq!(*c.sync.retries.get_ref(), 4);
        let src =
            "[sync]\nbase_url = \"ftp://x\"\ntimeout_s = 0\nretries = 99\nuser_agent = \"\"\n";
        let e = Config::parse(src).unwrap_err();
        let keys: Vec<_> = e.iter().map(|i| (i.key.as_str(), i.line)).collect();
        assert_eq!(
            keys,
            vec![
                ("sync.base_url", Some(2)),
                ("sync.timeout_s", Some(3)),
                ("sync.retries", Some(4)),
                ("sync.user_agent", Some(5))
            ]
        );
        let e = Config::parse("[sync]\nmin_intervall_ms = 0\n").unwrap_err();
        assert_eq!(e[0].key, "sync.min_intervall_ms");
    }

    #[test]
    fn result_hash_changes_with_result_options_only() {
        let a = Config::parse("").unwrap();
        let b = Config::parse("[run]\nthreads = 1\n").unwrap();
        let c = Config::parse("[extract]\nstrip_boilerplate = false\n").unwrap();
        assert_eq!(a.result_hash(), b.result_hash());
        assert_ne!(a.result_hash(), c.result_hash());
        let pe = Config::parse("[extract]\npdf_engine = \"pdf-extract\"\n").unwrap();
        let h = Config::parse("[extract]\npdf_engine = \"hayro\"\n").unwrap();
        // hayro is the default; pdf-extract keeps the hash of results cached before
        // the key existed
        assert_eq!(h.result_hash(), a.result_hash());
        assert_ne!(pe.result_hash(), a.result_hash());
        assert_eq!(a.extract.engine(), PdfEngine::Hayro);
    }

    #[test]
    fn pdf_engine_is_validated() {
        let c = Config::parse("[extract]\npdf_engine = \"hayro\"\n").unwrap();
        assert_eq!(c.extract.engine(), PdfEngine::Hayro);
        let e = Config::parse("[extract]\npdf_engine = \"mupdf\"\n").unwrap_err();
        assert_eq!(e[0].key, "extract.pdf_engine");
        assert_eq!(e[0].line, Some(2));
        assert!(e[0].message.contains("hayro"), "{}", e[0].message);
        // every engine's configuration name is the one serde reads
        for engine in PdfEngine::ALL {
            let c = Config::parse(&format!("[extract]\npdf_engine = {:?}\n", engine.name()));
            assert_eq!(c.unwrap().extract.engine(), engine);
        }
        // an unknown name next to another bad value: both reported
        let e = Config::parse("[output]\nzstd_level = 99\n[extract]\npdf_engine = \"x\"\n")
            .unwrap_err();
        let keys: Vec<&str> = e.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["output.zstd_level", "extract.pdf_engine"]);
    }
}
