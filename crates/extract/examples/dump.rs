//! Writes the cleaned text of every corpus PDF (and the sample texts) to /tmp/clean, one
//! block per paragraph with its kind marked, and prints timings.
//!
//! `cargo run --release -p ofsted-extract --example dump [-- <dir-or-file>...]`

use ofsted_extract::{ExtractOptions, Extracted, extract};
use ofsted_model::doc::{Block, BlockKind, CleanDoc};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = input_files(inputs(&root));
    let out_dir = Path::new("/tmp/clean");
    let _ = std::fs::create_dir_all(out_dir);
    let opts = ExtractOptions::default();
    let total = Instant::now();
    let mut pdf_secs = 0.0;
    for f in &files {
        pdf_secs += dump_file(f, &opts, out_dir);
    }
    println!(
        "{} files in {:.2}s wall; PDFs {:.2}s",
        files.len(),
        total.elapsed().as_secs_f64(),
        pdf_secs
    );
}

/// The paths given on the command line, else the shared dev corpus and `data/`.
fn inputs(root: &Path) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        let shared = root.join("../shared/corpus/dev");
        if !shared.is_dir() {
            eprintln!("skip: ../shared absent");
        }
        inputs.push(shared);
        inputs.push(root.join("data"));
    }
    inputs
}

/// The files of `inputs`: each file itself, each directory's PDF, text and HTML files in
/// name order.
fn input_files(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for i in inputs {
        if i.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&i) {
                let mut v: Vec<PathBuf> = rd
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension()
                            .is_some_and(|e| e == "pdf" || e == "txt" || e == "html")
                    })
                    .collect();
                v.sort();
                files.extend(v);
            }
        } else {
            files.push(i);
        }
    }
    files
}

/// Extracts file `f`, writes its dump (and its text) to `out_dir` and prints a line on it;
/// returns the seconds its extraction took when it is a PDF, else 0.
fn dump_file(f: &Path, opts: &ExtractOptions, out_dir: &Path) -> f64 {
    let Ok(bytes) = std::fs::read(f) else {
        return 0.0;
    };
    let name = f
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let t = Instant::now();
    let r = extract(&bytes, &name, opts);
    let secs = t.elapsed().as_secs_f64();
    let out = match r {
        Err(e) => {
            println!("{name}: rejected ({}) {e}", e.reason());
            format!("REJECTED {}: {e}\n", e.reason())
        }
        Ok(x) => {
            let d = &x.doc;
            println!(
                "{name}: {:.3}s pages={:?} blocks={} notes={}",
                secs,
                d.pages,
                d.blocks.len(),
                d.notes.len()
            );
            let _ = std::fs::write(out_dir.join(format!("{name}.text")), &d.text);
            describe(&x)
        }
    };
    let _ = std::fs::write(out_dir.join(format!("{name}.txt")), out);
    if name.ends_with(".pdf") { secs } else { 0.0 }
}

/// The dump of an extracted document: a header line, its notes, then its blocks.
fn describe(x: &Extracted) -> String {
    let d = &x.doc;
    let mut out = format!(
        "# format={} pages={:?} blocks={} chars={}\n",
        x.format.as_str(),
        d.pages,
        d.blocks.len(),
        d.text.len()
    );
    for n in &d.notes {
        out.push_str(&format!(
            "# note {} {}: {} {:?}\n",
            n.severity.as_str(),
            n.code,
            n.message,
            n.span
        ));
    }
    out.push('\n');
    for b in &d.blocks {
        out.push_str(&block_line(d, b));
    }
    out
}

/// One block's dump: its kind, number and page, then its text (tabs shown as ⇥).
fn block_line(d: &CleanDoc, b: &Block) -> String {
    let tag = match b.kind {
        BlockKind::Heading => "H",
        BlockKind::Paragraph => "P",
        BlockKind::ListItem => "L",
        BlockKind::TableRow => "T",
    };
    let num = b
        .number
        .as_deref()
        .map(|n| format!("#{n}"))
        .unwrap_or_default();
    let page = b.page.map(|p| format!("p{p}")).unwrap_or_default();
    format!(
        "[{tag}{num} {page}] {}\n\n",
        d.block_text(b).replace('\t', " ⇥ ")
    )
}
