//! Finding the inputs: a sorted walk of the input directory filtered by glob patterns.

use std::path::{Path, PathBuf};

/// A compiled glob pattern: `*` matches within one path segment, `?` one character of a
/// segment, `**` any number of whole segments. Matching ignores ASCII case, so `*.pdf`
/// also takes `REPORT.PDF`, as downloads often have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    segments: Vec<String>,
}

impl Glob {
    /// Compiles a pattern; errors name what is wrong.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        if pattern.is_empty() {
            return Err("empty pattern".into());
        }
        if pattern.starts_with('/') {
            return Err(format!(
                "pattern {pattern:?} is absolute: patterns are relative to input.dir"
            ));
        }
        if pattern.contains('\\') {
            return Err(format!("pattern {pattern:?}: use '/' as the separator"));
        }
        let segments: Vec<String> = pattern.split('/').map(str::to_owned).collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(format!("pattern {pattern:?} has an empty path segment"));
        }
        for s in &segments {
            if s.contains("**") && s != "**" {
                return Err(format!(
                    "pattern {pattern:?}: '**' must be a whole path segment"
                ));
            }
        }
        Ok(Glob { segments })
    }

    /// Whether a relative path (with `/` separators) matches.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        match_segments(&self.segments, &parts)
    }
}

fn match_segments(pat: &[String], parts: &[&str]) -> bool {
    match pat.split_first() {
        None => parts.is_empty(),
        Some((p, rest)) if p == "**" => {
            (0..=parts.len()).any(|i| match_segments(rest, parts.get(i..).unwrap_or(&[])))
        }
        Some((p, rest)) => match parts.split_first() {
            Some((first, others)) => {
                match_segment(p.as_bytes(), first.as_bytes()) && match_segments(rest, others)
            }
            None => false,
        },
    }
}

fn match_segment(p: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard matching with backtracking on the last '*': linear-ish, no
    // recursion, so no pattern can blow the stack.
    let (mut pi, mut si) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while si < s.len() {
        match p.get(pi) {
            Some(b'?') => {
                pi += 1;
                si += 1;
            }
            Some(b'*') => {
                star = Some(pi);
                pi += 1;
                mark = si;
            }
            Some(&c) if eq_byte(c, s[si]) => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some(sp) => {
                    pi = sp + 1;
                    mark += 1;
                    si = mark;
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&b'*') {
        pi += 1;
    }
    pi == p.len()
}

fn eq_byte(a: u8, b: u8) -> bool {
    a.eq_ignore_ascii_case(&b)
}

/// Files found, and paths that could not be read with why (`(path, problem)`).
pub type Discovered = (Vec<InputFile>, Vec<(String, String)>);

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path relative to the input directory, `/` separators (the `source_path` column).
    pub rel_path: String,
    /// Full path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
}

/// Errors finding inputs.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The input directory is missing or unreadable.
    #[error("input directory {path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Lists the files under `dir` that match one of `include` and none of `exclude`, sorted
/// by relative path. Hidden files and directories (starting with `.`) are skipped; symbolic
/// links are followed, to files and to directories, but a directory already walked (a link
/// loop, or two links to one folder) is not walked again. Unreadable subdirectories and
/// broken links are returned as `(path, error)`.
pub fn discover(
    dir: &Path,
    include: &[Glob],
    exclude: &[Glob],
) -> Result<Discovered, DiscoverError> {
    let meta = std::fs::metadata(dir).map_err(|source| DiscoverError::Dir {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(DiscoverError::Dir {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"),
        });
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    let mut walked = std::collections::HashSet::new();
    while let Some((abs, rel)) = stack.pop() {
        // The real path: a directory reached twice (through links) is walked once.
        if let Ok(real) = std::fs::canonicalize(&abs)
            && !walked.insert(real)
        {
            continue;
        }
        let entries = match std::fs::read_dir(&abs) {
            Ok(e) => e,
            Err(e) => {
                problems.push((rel.clone(), e.to_string()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let path = entry.path();
            let Ok(m) = std::fs::metadata(&path) else {
                problems.push((rel_path, "cannot stat (broken link?)".into()));
                continue;
            };
            if m.is_dir() {
                stack.push((path, rel_path));
                continue;
            }
            if !m.is_file() {
                continue;
            }
            if include.iter().any(|g| g.matches(&rel_path))
                && !exclude.iter().any(|g| g.matches(&rel_path))
            {
                files.push(InputFile {
                    rel_path,
                    path,
                    size: m.len(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    problems.sort();
    Ok((files, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str) -> Glob {
        Glob::new(p).unwrap()
    }

    #[test]
    fn glob_rules() {
        assert!(g("*.pdf").matches("a.pdf"));
        assert!(g("*.pdf").matches("A.PDF"));
        assert!(!g("*.pdf").matches("x/a.pdf"));
        assert!(g("**/*.pdf").matches("a.pdf"));
        assert!(g("**/*.pdf").matches("x/y/a.pdf"));
        assert!(g("x/**").matches("x/y/z"));
        assert!(g("a?c.txt").matches("abc.txt"));
        assert!(!g("a?c.txt").matches("ac.txt"));
        assert!(g("*a*b*c").matches("xxaxxbxxc"));
        assert!(!g("*a*b*c").matches("xxaxxcxxb"));
    }

    #[test]
    fn bad_patterns_are_explained() {
        assert!(Glob::new("/abs/*.pdf").is_err());
        assert!(Glob::new("a**b").is_err());
        assert!(Glob::new("a//b").is_err());
    }

    #[test]
    fn walk_is_sorted_and_filtered() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("sub")).unwrap();
        for f in ["b.pdf", "a.txt", "sub/c.pdf", "skip.doc", ".hidden.pdf"] {
            std::fs::write(d.path().join(f), b"x").unwrap();
        }
        let (files, problems) =
            discover(d.path(), &[g("**/*.pdf"), g("**/*.txt")], &[g("sub/**")]).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(names, vec!["a.txt", "b.pdf"]);
        assert!(problems.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn linked_folders_are_followed_once() {
        let d = tempfile::tempdir().unwrap();
        let (real, input) = (d.path().join("real"), d.path().join("in"));
        std::fs::create_dir_all(real.join("sub")).unwrap();
        std::fs::create_dir_all(&input).unwrap();
        std::fs::write(real.join("sub/a.pdf"), b"x").unwrap();
        std::os::unix::fs::symlink(&real, input.join("linked")).unwrap();
        // a loop: real/sub/back -> real
        std::os::unix::fs::symlink(&real, real.join("sub/back")).unwrap();
        let (files, _) = discover(&input, &[g("**/*.pdf")], &[]).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(names, vec!["linked/sub/a.pdf"]);
    }
}
