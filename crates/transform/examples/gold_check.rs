//! Dev tool: scores the report reader against the hand-checked gold of the development
//! corpus and prints every disagreement.
//!
//! `cargo run --release -p ofsted-transform --example gold_check [-- <name-filter>]`
//!
//! Text comes from `ofsted_extract::extract` on `../shared/corpus/dev/*.pdf` when that
//! works, else from `/tmp/clean/<stem>.txt`, else from `/tmp/raw/<stem>.txt`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ofsted_model::doc::CleanDoc;
use ofsted_model::vocab::{Framework, TypeBasis};
use ofsted_transform::{findings, report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ---------- a minimal JSON reader (the crate has no JSON dependency) ----------
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool,
    Num,
    Str(String),
    Arr(Vec<J>),
    Obj(BTreeMap<String, J>),
}

impl J {
    fn get(&self, k: &str) -> &J {
        match self {
            J::Obj(m) => m.get(k).unwrap_or(&J::Null),
            _ => &J::Null,
        }
    }
    fn s(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    fn arr(&self) -> &[J] {
        match self {
            J::Arr(v) => v,
            _ => &[],
        }
    }
}

struct P<'a> {
    b: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && (self.b[self.i] as char).is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn val(&mut self) -> J {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b'}' {
                        self.i += 1;
                        break;
                    }
                    let k = match self.val() {
                        J::Str(s) => s,
                        _ => panic!("key"),
                    };
                    self.ws();
                    assert_eq!(self.b[self.i], b':');
                    self.i += 1;
                    let v = self.val();
                    m.insert(k, v);
                    self.ws();
                    if self.b[self.i] == b',' {
                        self.i += 1;
                    }
                }
                J::Obj(m)
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b']' {
                        self.i += 1;
                        break;
                    }
                    v.push(self.val());
                    self.ws();
                    if self.b[self.i] == b',' {
                        self.i += 1;
                    }
                }
                J::Arr(v)
            }
            b'"' => {
                self.i += 1;
                let mut out: Vec<u8> = Vec::new();
                loop {
                    let c = self.b[self.i];
                    self.i += 1;
                    match c {
                        b'"' => break,
                        b'\\' => {
                            let e = self.b[self.i];
                            self.i += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b't' => out.push(b'\t'),
                                b'r' => out.push(b'\r'),
                                b'u' => {
                                    let h =
                                        std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
                                    self.i += 4;
                                    let mut cp = u32::from_str_radix(h, 16).unwrap();
                                    if (0xD800..0xDC00).contains(&cp) {
                                        let h2 =
                                            std::str::from_utf8(&self.b[self.i + 2..self.i + 6])
                                                .unwrap();
                                        self.i += 6;
                                        let lo = u32::from_str_radix(h2, 16).unwrap();
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                    }
                                    let ch = char::from_u32(cp).unwrap_or('?');
                                    let mut buf = [0u8; 4];
                                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                                }
                                other => out.push(other),
                            }
                        }
                        c => out.push(c),
                    }
                }
                J::Str(String::from_utf8(out).unwrap())
            }
            b't' => {
                self.i += 4;
                J::Bool
            }
            b'f' => {
                self.i += 5;
                J::Bool
            }
            b'n' => {
                self.i += 4;
                J::Null
            }
            _ => {
                let s = self.i;
                while self.i < self.b.len() && b"+-0123456789.eE".contains(&self.b[self.i]) {
                    self.i += 1;
                }
                let _ = s;
                J::Num
            }
        }
    }
}

fn parse_json(s: &str) -> J {
    P {
        b: s.as_bytes(),
        i: 0,
    }
    .val()
}

// ---------- helpers ----------
fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace(['–', '—'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn no_hyphen(s: &str) -> String {
    norm(s).replace(['-', ' '], "").to_lowercase()
}

fn load_text(pdf: &Path) -> Option<(CleanDoc, &'static str)> {
    let stem = pdf.file_stem()?.to_string_lossy().to_string();
    if std::env::var("GOLD_SOURCE").as_deref() != Ok("raw") {
        if let Ok(bytes) = std::fs::read(pdf)
            && let Ok(x) = ofsted_extract::extract(
                &bytes,
                &pdf.file_name()?.to_string_lossy(),
                &ofsted_extract::ExtractOptions::default(),
            )
        {
            return Some((x.doc, "extract"));
        }
        if let Ok(t) = std::fs::read_to_string(format!("/tmp/clean/{stem}.txt")) {
            return Some((
                CleanDoc {
                    text: t,
                    ..Default::default()
                },
                "clean",
            ));
        }
    }
    let t = std::fs::read_to_string(format!("/tmp/raw/{stem}.txt")).ok()?;
    let t: String = t
        .lines()
        .filter(|l| !l.starts_with("=====PAGE"))
        .collect::<Vec<_>>()
        .join("\n");
    Some((
        CleanDoc {
            text: t,
            ..Default::default()
        },
        "raw",
    ))
}

#[derive(Default)]
struct Score {
    n: usize,
    ok: usize,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.n += 1;
        self.ok += ok as usize;
    }
    fn pct(&self) -> String {
        if self.n == 0 {
            "n/a".into()
        } else {
            format!(
                "{}/{} = {:.1}%",
                self.ok,
                self.n,
                100.0 * self.ok as f64 / self.n as f64
            )
        }
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let root = if root.exists() {
        root
    } else {
        PathBuf::from("/work/shared/corpus")
    };
    let filter = std::env::args().nth(1).unwrap_or_default();
    let mut golds: Vec<PathBuf> = std::fs::read_dir(root.join("dev-gold"))
        .expect("gold dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.to_string_lossy().contains(&filter))
        .collect();
    golds.sort();
    let mut s_fw = Score::default();
    let mut s_title = Score::default();
    let mut s_start = Score::default();
    let mut s_end = Score::default();
    let mut s_pub = Score::default();
    let mut s_lead = Score::default();
    let mut s_jrep = Score::default();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut s_count = Score::default();
    let mut s_items = Score::default();
    let mut s_items_hy = Score::default();
    let mut s_head = Score::default();
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for gp in golds {
        let g = parse_json(&std::fs::read_to_string(&gp).unwrap());
        if g.get("expected_outcome").s() == Some("reject") {
            continue;
        }
        let file = g.get("file").s().unwrap_or("").to_owned();
        let Some((doc, src)) = load_text(&root.join("dev").join(&file)) else {
            println!("!! {file}: no text");
            continue;
        };
        *sources.entry(src).or_default() += 1;
        if std::env::var("GOLD_DUMP").is_ok() {
            let _ = std::fs::create_dir_all("/tmp/mine");
            let stem = file.trim_end_matches(".pdf");
            let _ = std::fs::write(format!("/tmp/mine/{stem}.txt"), &doc.text);
        }
        let facts = report::analyse_report(&doc, None);
        let finds = findings::find_findings(&doc);
        let mut dis: Vec<String> = Vec::new();
        let m = facts.inspection.as_ref();
        // framework
        let fw = m.map(|m| match m.framework.value {
            Framework::Ilacs => match (m.inspection_type, m.type_basis) {
                (Some(t), Some(TypeBasis::Stated)) => format!("ilacs_{}", t.as_str()),
                _ => "ilacs_unknown".to_owned(),
            },
            f => f.as_str().to_owned(),
        });
        let gfw = g.get("framework").s().map(str::to_owned);
        s_fw.add(fw == gfw);
        if fw != gfw {
            dis.push(format!("framework: got {fw:?} want {gfw:?}"));
        }
        // title
        let t = facts.title.as_ref().map(|t| norm(&t.value));
        let gt = g.get("report_title").s().map(norm);
        s_title.add(t == gt);
        if t != gt {
            dis.push(format!("title: got {t:?}\n        want {gt:?}"));
        }
        // dates
        let st = m
            .and_then(|m| m.start.as_ref())
            .map(|d| d.value.to_string());
        let en = m.and_then(|m| m.end.as_ref()).map(|d| d.value.to_string());
        let gst = g.get("inspection_start").s().map(str::to_owned);
        let gen_ = g.get("inspection_end").s().map(str::to_owned);
        s_start.add(st == gst);
        s_end.add(en == gen_);
        if st != gst || en != gen_ {
            dis.push(format!("dates: got {st:?}..{en:?} want {gst:?}..{gen_:?}"));
        }
        let pb = facts.published.as_ref().map(|d| d.value.to_string());
        let gpb = g.get("published").s().map(str::to_owned);
        s_pub.add(pb == gpb);
        if pb != gpb {
            dis.push(format!("published: got {pb:?} want {gpb:?}"));
        }
        let li = m
            .and_then(|m| m.lead_inspector.as_ref())
            .map(|l| norm(&l.value));
        let gli = g.get("lead_inspector").s().map(norm);
        s_lead.add(li == gli);
        if li != gli {
            dis.push(format!("lead: got {li:?} want {gli:?}"));
        }
        // judgements
        let mine: Vec<(String, String)> = m
            .map(|m| {
                m.judgements
                    .iter()
                    .map(|j| (j.area.clone(), j.grade.as_str().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let gold: Vec<(String, String)> = g
            .get("judgements")
            .arr()
            .iter()
            .map(|j| {
                (
                    j.get("area").s().unwrap_or("").to_owned(),
                    j.get("grade").s().unwrap_or("").to_owned(),
                )
            })
            .collect();
        let mut all_ok = true;
        for x in &mine {
            if gold.contains(x) {
                tp += 1;
            } else {
                fp += 1;
                all_ok = false;
                dis.push(format!("judgement extra: {x:?}"));
            }
        }
        for x in &gold {
            if !mine.contains(x) {
                fneg += 1;
                all_ok = false;
                dis.push(format!("judgement missing: {x:?}"));
            }
        }
        s_jrep.add(all_ok);
        // findings
        let gold_items: Vec<String> = g
            .get("what_needs_to_improve")
            .arr()
            .iter()
            .filter_map(|x| x.s().map(norm))
            .collect();
        let my_items: Vec<&ofsted_transform::Finding> = finds
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    ofsted_model::vocab::FindingKind::Improvement
                        | ofsted_model::vocab::FindingKind::Recommendation
                )
            })
            .collect();
        s_count.add(my_items.len() == gold_items.len());
        if my_items.len() != gold_items.len() {
            dis.push(format!(
                "improvement count: got {} want {}",
                my_items.len(),
                gold_items.len()
            ));
        }
        let gh = g.get("recommendations_section_heading").s().map(norm);
        let mh = my_items
            .first()
            .and_then(|f| f.heading.as_deref())
            .map(norm);
        s_head.add(gh == mh);
        if gh != mh {
            dis.push(format!("heading: got {mh:?} want {gh:?}"));
        }
        for (k, gi) in gold_items.iter().enumerate() {
            let mi = my_items.get(k).map(|f| norm(&f.text));
            let ok = mi.as_deref() == Some(gi.as_str());
            let ok_hy = mi.as_deref().is_some_and(|m| no_hyphen(m) == no_hyphen(gi));
            s_items.add(ok);
            s_items_hy.add(ok_hy);
            if !ok {
                dis.push(format!(
                    "item {k}{}:\n        got  {:?}\n        want {gi:?}",
                    if ok_hy { " (hyphen/space only)" } else { "" },
                    mi.unwrap_or_default()
                ));
            }
        }
        for n in &facts.notes {
            if n.code == "grade_conflict" || n.code == "date_conflict" {
                dis.push(format!("note {}: {}", n.code, n.message));
            }
        }
        if !dis.is_empty() {
            println!("== {file} [{src}]");
            for d in dis {
                println!("    {d}");
            }
        }
    }
    let prec = tp as f64 / (tp + fp).max(1) as f64;
    let rec = tp as f64 / (tp + fneg).max(1) as f64;
    let f1 = if prec + rec > 0.0 {
        2.0 * prec * rec / (prec + rec)
    } else {
        0.0
    };
    println!("\nsources: {sources:?}");
    println!("framework        {}", s_fw.pct());
    println!("title            {}", s_title.pct());
    println!("start            {}", s_start.pct());
    println!("end              {}", s_end.pct());
    println!("published        {}", s_pub.pct());
    println!("lead inspector   {}", s_lead.pct());
    println!(
        "judgements       tp {tp} fp {fp} fn {fneg}  P {:.3} R {:.3} F1 {:.3}",
        prec, rec, f1
    );
    println!("reports all-judgements-right {}", s_jrep.pct());
    println!("improvement count exact      {}", s_count.pct());
    println!("improvement heading          {}", s_head.pct());
    println!("improvement items exact      {}", s_items.pct());
    println!("improvement items mod hyphen {}", s_items_hy.pct());
}
