//! Dev tool: prints the cleaned text `ofsted_extract::extract` makes of a file, then what
//! the report reader and the findings reader find in it.
//!
//! `cargo run --release -p ofsted-transform --example dump_clean -- <file>`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

fn main() {
    let path = std::env::args().nth(1).expect("file");
    let bytes = std::fs::read(&path).expect("read");
    let x = ofsted_extract::extract(&bytes, &path, &ofsted_extract::ExtractOptions::default())
        .expect("extract");
    println!("{}\n==========", x.doc.text);
    for n in &x.doc.notes {
        println!("NOTE {} {}", n.code, n.message);
    }
    let r = ofsted_transform::report::analyse_report(&x.doc, None);
    println!("{r:#?}");
    for f in ofsted_transform::findings::find_findings(&x.doc) {
        println!("{:?} | {:?} | {}", f.kind, f.heading, f.text);
    }
}
