//! Compares the PDF engines on a corpus, on one thread: CPU time per report for reading
//! (`pdf-extract`, `hayro`) and for `pdftotext` and `mutool draw -F txt` when installed,
//! word recall of each engine against `pdftotext` (hyphen-neutral), and the files whose
//! cleaned texts differ. Raw page texts (pages separated by form feeds) and cleaned texts
//! go to `/tmp/engines/<engine>/`.
//!
//! `cargo run --release -p ofsted-extract --example engines -- <dir-or-file>...`

use ofsted_extract::{ExtractOptions, PdfEngine, detect_format, extract, read_pdf_pages};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// CPU seconds of this process (all threads, `self`) or of its waited-for children.
fn cpu_secs(children: bool) -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // fields after the command name in parentheses; utime is field 14 (index 11 here)
    let tail = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = tail
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    let at = if children { 13 } else { 11 };
    let ticks = f.get(at).unwrap_or(&0.0) + f.get(at + 1).unwrap_or(&0.0);
    ticks / 100.0
}

/// Words of a text for recall: lower case, line-end hyphens joined, other hyphens dropped.
fn words(text: &str) -> HashMap<String, usize> {
    let mut joined = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' {
            // "multi-\n  agency" and "multi-agency" both read "multiagency"
            while chars.peek().is_some_and(|n| n.is_whitespace() && *n != ' ')
                || chars.peek() == Some(&' ') && joined.ends_with(char::is_alphanumeric)
            {
                chars.next();
            }
            continue;
        }
        joined.push(c);
    }
    let mut m = HashMap::new();
    for w in joined.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
    }
    m
}

/// Share of the reference's words (with multiplicity) found in `got`.
fn recall(reference: &HashMap<String, usize>, got: &HashMap<String, usize>) -> (usize, usize) {
    let total: usize = reference.values().sum();
    let hit: usize = reference
        .iter()
        .map(|(w, n)| (*n).min(*got.get(w).unwrap_or(&0)))
        .sum();
    (hit, total)
}

fn pdf_files(args: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for a in args {
        let p = PathBuf::from(a);
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                let mut v: Vec<PathBuf> = rd
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                    .collect();
                v.sort();
                files.extend(v);
            }
        } else {
            files.push(p);
        }
    }
    files
}

/// Runs an external text extractor (`argv`, the file, then `tail`) over every file,
/// keeping its standard output; its CPU seconds and texts, or None when it is absent.
fn external(
    files: &[(PathBuf, Vec<u8>)],
    argv: &[&str],
    tail: &[&str],
) -> Option<(f64, Vec<String>)> {
    let (prog, rest) = argv.split_first()?;
    let c0 = cpu_secs(true);
    let mut texts = Vec::new();
    for (f, _) in files {
        let out = Command::new(prog)
            .args(rest)
            .arg(f)
            .args(tail)
            .output()
            .ok()?;
        texts.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    Some((cpu_secs(true) - c0, texts))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<(PathBuf, Vec<u8>)> = pdf_files(&args)
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok().map(|b| (f, b)))
        .filter(|(f, b)| detect_format(b, &f.to_string_lossy()).is_ok())
        .collect();
    let n = files.len().max(1) as f64;
    println!("{} PDF files", files.len());
    let out_root = Path::new("/tmp/engines");
    let mut cleaned: HashMap<&str, Vec<String>> = HashMap::new();
    let mut raws: HashMap<&str, Vec<String>> = HashMap::new();
    for engine in PdfEngine::ALL {
        let opts = ExtractOptions {
            pdf_engine: engine,
            ..ExtractOptions::default()
        };
        let dir = out_root.join(engine.name());
        let _ = std::fs::create_dir_all(&dir);
        let (c0, t0) = (cpu_secs(false), Instant::now());
        let mut failures = 0;
        let mut raw = Vec::new();
        for (_, b) in &files {
            match read_pdf_pages(b, &opts) {
                Ok(p) => raw.push(p.join("\u{0C}")),
                Err(e) => {
                    failures += 1;
                    raw.push(format!("ERROR {e}"));
                }
            }
        }
        let (cpu, wall) = (cpu_secs(false) - c0, t0.elapsed().as_secs_f64());
        println!(
            "{:12} read: {:6.1} ms/report CPU, {:6.1} ms wall, {failures} failed",
            engine.name(),
            cpu * 1000.0 / n,
            wall * 1000.0 / n
        );
        let mut texts = Vec::new();
        for ((f, b), r) in files.iter().zip(&raw) {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let text = match extract(b, &name, &opts) {
                Ok(x) => x.doc.text,
                Err(e) => format!("ERROR {e}"),
            };
            let _ = std::fs::write(dir.join(format!("{name}.raw")), r);
            let _ = std::fs::write(dir.join(format!("{name}.text")), &text);
            texts.push(text);
        }
        cleaned.insert(engine.name(), texts);
        raws.insert(engine.name(), raw);
    }
    let poppler = external(&files, &["pdftotext", "-q", "-enc", "UTF-8"], &["-"]);
    match &poppler {
        Some((cpu, _)) => println!(
            "{:12} text: {:6.1} ms/report CPU",
            "pdftotext",
            cpu * 1000.0 / n
        ),
        None => println!("skip: pdftotext is not installed"),
    }
    let mutool = external(
        &files,
        &["mutool", "draw", "-q", "-F", "txt", "-o", "-"],
        &[],
    );
    match &mutool {
        Some((cpu, _)) => println!(
            "{:12} text: {:6.1} ms/report CPU",
            "mutool",
            cpu * 1000.0 / n
        ),
        None => println!("skip: mutool is not installed"),
    }
    let Some((_, reference)) = poppler else {
        return;
    };
    report_recall(&files, &reference, &raws, &cleaned);
}

/// Word recall of each engine's raw text against pdftotext, per file where it is below
/// 0.999, and the files whose cleaned texts differ between the engines.
fn report_recall(
    files: &[(PathBuf, Vec<u8>)],
    reference: &[String],
    raws: &HashMap<&str, Vec<String>>,
    cleaned: &HashMap<&str, Vec<String>>,
) {
    for engine in PdfEngine::ALL {
        let Some(raw) = raws.get(engine.name()) else {
            continue;
        };
        let (mut hit, mut total) = (0, 0);
        for (((f, _), r), t) in files.iter().zip(reference).zip(raw) {
            let (h, n) = recall(&words(r), &words(t));
            hit += h;
            total += n;
            let share = h as f64 / n.max(1) as f64;
            if share < 0.999 {
                println!("  {} recall {share:.4} {}", engine.name(), f.display());
            }
        }
        println!(
            "{:12} word recall vs pdftotext: {:.4} ({hit}/{total})",
            engine.name(),
            hit as f64 / total.max(1) as f64
        );
    }
    let (Some(a), Some(b)) = (cleaned.get("pdf-extract"), cleaned.get("hayro")) else {
        return;
    };
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    println!("cleaned texts identical: {same} of {}", a.len());
}
