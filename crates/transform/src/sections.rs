//! Paragraphs with the section heading they sit under and the judgement area it covers.
//!
//! Works on the extract stage's blocks (headings, paragraphs, list items, table rows).
//! A paragraph split by a page break (an unnumbered block that starts in lower case right
//! after a block that ends mid-sentence) is joined back to the block it continues. When a
//! document comes without blocks, [`blocks_from_text`] derives them from the blank-line
//! layout of the text.

use crate::Paragraph;
use crate::areas::{AreaWord, GRADE_RE, find_areas, parse_grade};
use crate::{Lazy, re};
use ofsted_model::doc::{Block, BlockKind, CleanDoc};
use ofsted_model::vocab::Area;
use std::sync::LazyLock;

/// Paragraphs and list items of running text in reading order.
pub fn paragraphs(doc: &CleanDoc) -> Vec<Paragraph> {
    let derived;
    let blocks: &[Block] = if doc.blocks.is_empty() {
        derived = blocks_from_text(&doc.text);
        &derived
    } else {
        &doc.blocks
    };
    let mut out: Vec<Paragraph> = Vec::new();
    let mut section: Option<String> = None;
    let mut section_area: Option<Area> = None;
    // true while the last running-text block is the one just before (no heading between)
    let mut can_continue = false;
    for (i, b) in blocks.iter().enumerate() {
        let txt = doc.block_text(b);
        match b.kind {
            BlockKind::Heading => {
                let h = crate::squash(txt);
                if h.is_empty() {
                    continue;
                }
                section_area = match heading_area(&h) {
                    Some(a) => Some(a),
                    None if is_subheading(&h) => section_area,
                    None => None,
                };
                section = Some(h);
                can_continue = false;
            }
            BlockKind::TableRow => {
                // a lone "label\tgrade" row opens a judgement section (SIF layout); a
                // judgement table of several rows does not
                let prev_row = i > 0
                    && blocks
                        .get(i - 1)
                        .is_some_and(|x| x.kind == BlockKind::TableRow);
                let next_row = blocks
                    .get(i + 1)
                    .is_some_and(|x| x.kind == BlockKind::TableRow);
                if !prev_row
                    && !next_row
                    && let Some(a) = row_area(txt)
                {
                    section_area = Some(a);
                }
                can_continue = false;
            }
            BlockKind::Paragraph | BlockKind::ListItem => {
                if txt.trim().is_empty() {
                    continue;
                }
                let is_list = b.kind == BlockKind::ListItem;
                if can_continue
                    && b.number.is_none()
                    && let Some(prev) = out.last_mut()
                    && continues(doc, prev, txt, is_list)
                {
                    prev.end = prev.end.max(b.end);
                    continue;
                }
                out.push(Paragraph {
                    number: b.number.clone(),
                    is_list_item: is_list,
                    section: section.clone(),
                    area: section_area.clone(),
                    start: b.start,
                    end: b.end,
                });
                can_continue = true;
            }
        }
    }
    out
}

/// Whether block text `txt` continues paragraph `prev` across a page or column break.
fn continues(doc: &CleanDoc, prev: &Paragraph, txt: &str, is_list: bool) -> bool {
    let Some(first) = txt.trim_start().chars().next() else {
        return false;
    };
    if !first.is_lowercase() {
        return false;
    }
    let prev_text = doc.text.get(prev.start..prev.end).unwrap_or("").trim_end();
    let ended = prev_text
        .trim_end_matches(['\'', '"', '’', '”', ')'])
        .ends_with(['.', '!', '?', ':', ';']);
    // a new list item in lower case after a short item is a list without full stops
    !ended && (!is_list || prev_text.len() >= 60)
}

static TITLE_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r"(?i)^\s*(?:inspection\s+of|review\s+of|report\s+of|summary\s+of|focused\s+visit|monitoring\s+visit)\b")
        .ok()
});

static GRADED_JUDGEMENT_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"(?i)^\s*the\s+graded\s+judgement\b").ok());

/// Generic subheadings inside a judgement section: they keep the section's area.
static SUBHEADING_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)^\s*(?:executive\s+summary|summary|inspection\s+findings\b.*|key\s+findings|findings|recommendations?|areas?\s+for\s+(?:improvement|development|priority\s+action)|strengths|what\s+needs\s+to\s+improve.*|grade\s+\d.*|(?:immediately|within\s+\w+\s+months)\s*:?)\s*$",
    )
    .ok()
});

fn is_subheading(h: &str) -> bool {
    re(&SUBHEADING_RE).is_some_and(|r| r.is_match(h))
}

/// The canonical area of a lone judgement row ("label\tgrade").
fn row_area(row: &str) -> Option<Area> {
    let mut cells = row.split('\t').map(str::trim).filter(|c| !c.is_empty());
    let label = cells.next()?;
    let grade = cells.next_back()?;
    parse_grade(grade)?;
    single_area(label).map(|(k, _)| k)
}

/// The one section area named in `text` (with the bytes its phrases cover), if exactly one.
fn single_area(text: &str) -> Option<(Area, usize)> {
    let hits = find_areas(text);
    let mut keys: Vec<Area> = Vec::new();
    let mut covered = 0;
    for h in &hits {
        if matches!(
            h.word,
            AreaWord::ChildrensServices
                | AreaWord::Leadership
                | AreaWord::Overall
                | AreaWord::Capacity
        ) {
            continue;
        }
        covered += h.end - h.start;
        let k = h.word.key(false);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    match <[Area; 1]>::try_from(keys) {
        Ok([one]) => Some((one, covered)),
        Err(_) => None,
    }
}

/// The canonical judgement area a section heading covers ("The experiences and progress
/// of children who need help and protection: good" -> `help_and_protection`, "The graded
/// judgement for adoption performance is that it is inadequate" -> `adoption`), or `None`
/// for other headings: titles, "What needs to improve?", headings naming several areas,
/// and headings that merely contain an area phrase ("Children looked after in this area").
/// A heading maps when it carries a grade or consists of the area's label.
pub fn heading_area(heading: &str) -> Option<Area> {
    if heading.len() > 200 || re(&TITLE_RE).is_some_and(|r| r.is_match(heading)) {
        return None;
    }
    let (key, covered) = single_area(heading)?;
    let graded = re(&GRADE_RE).is_some_and(|r| r.is_match(heading))
        || re(&GRADED_JUDGEMENT_RE).is_some_and(|r| r.is_match(heading));
    if graded {
        return Some(key);
    }
    let core: String = heading
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .trim_end_matches([':', '.', ' '])
        .to_owned();
    let core = core
        .strip_prefix("The ")
        .or_else(|| core.strip_prefix("the "))
        .unwrap_or(&core);
    let covered = covered.min(core.len());
    (covered * 10 >= core.len() * 8).then_some(key)
}

static NUMBER_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s+").ok());
static BULLET_RE: Lazy =
    LazyLock::new(|| crate::rx::new(r"^\s*(?:[-•*▪◦–·]|\u{F0B7}|\u{F0A7}|\u{F0D8})\s+").ok());

/// Blocks derived from the text layout alone, for documents that come without blocks:
/// table rows are lines with tabs, list items start with a bullet, numbered paragraphs
/// with "12." / "3.1.", and a short single line without closing punctuation is a heading.
pub fn blocks_from_text(text: &str) -> Vec<Block> {
    let mut reader = LayoutReader {
        text,
        out: Vec::new(),
        open: None,
        chunk_started: true,
    };
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        reader.read_line(start, line);
    }
    reader.flush(true);
    reader.out
}

/// A block still being read by [`LayoutReader`].
struct OpenBlock {
    /// The block so far.
    block: Block,
    /// How many lines it has.
    lines: usize,
    /// Whether it began its blank-line chunk.
    chunk_first: bool,
}

/// The state of [`blocks_from_text`] while it reads the text line by line.
struct LayoutReader<'a> {
    /// The whole text.
    text: &'a str,
    /// Blocks finished so far.
    out: Vec<Block>,
    /// The block the next line may continue.
    open: Option<OpenBlock>,
    /// Whether the next line is the first of its blank-line chunk.
    chunk_started: bool,
}

impl LayoutReader<'_> {
    /// Reads one line (with its line break) that starts at byte `start`.
    fn read_line(&mut self, start: usize, line: &str) {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            self.flush(true);
            self.chunk_started = true;
            return;
        }
        let lead = body.len() - body.trim_start().len();
        let end = start + body.trim_end().len();
        if body.contains('\t') {
            self.flush(false);
            self.chunk_started = false;
            self.out.push(Block {
                kind: BlockKind::TableRow,
                number: None,
                start: start + lead,
                end,
                page: None,
            });
            return;
        }
        match (marked_block(body, start, end), self.open.as_mut()) {
            (Some(b), _) => {
                self.flush(false);
                self.open = Some(OpenBlock {
                    block: b,
                    lines: 1,
                    chunk_first: self.chunk_started,
                });
            }
            (None, Some(o)) => {
                o.block.end = end;
                o.lines += 1;
            }
            (None, None) => {
                self.open = Some(OpenBlock {
                    block: Block {
                        kind: BlockKind::Paragraph,
                        number: None,
                        start: start + lead,
                        end,
                        page: None,
                    },
                    lines: 1,
                    chunk_first: self.chunk_started,
                });
            }
        }
        self.chunk_started = false;
    }

    /// Finishes the open block; when it is the `whole_chunk` between blank lines and a
    /// single line that looks like a heading, it becomes one.
    fn flush(&mut self, whole_chunk: bool) {
        if let Some(OpenBlock {
            block: mut b,
            lines,
            chunk_first,
        }) = self.open.take()
        {
            if whole_chunk
                && chunk_first
                && lines == 1
                && b.kind == BlockKind::Paragraph
                && looks_like_heading(self.text, &b)
            {
                b.kind = BlockKind::Heading;
            }
            self.out.push(b);
        }
    }
}

/// The block a line opens by its marker: a list item after a bullet, a numbered
/// paragraph after "12." / "3.1." (`None` for an unmarked line). `body` starts at byte
/// `start` and its text ends at byte `end`.
fn marked_block(body: &str, start: usize, end: usize) -> Option<Block> {
    let bullet = re(&BULLET_RE).and_then(|r| r.find(body));
    let number = re(&NUMBER_RE).and_then(|r| r.captures(body));
    if let Some(m) = bullet {
        Some(Block {
            kind: BlockKind::ListItem,
            number: None,
            start: start + m.end(),
            end,
            page: None,
        })
    } else if let Some(c) = number
        && let (Some(all), Some(n)) = (c.get(0), c.get(1))
    {
        Some(Block {
            kind: BlockKind::Paragraph,
            number: Some(n.as_str().to_owned()),
            start: start + all.end(),
            end,
            page: None,
        })
    } else {
        None
    }
}

fn looks_like_heading(text: &str, b: &Block) -> bool {
    let t = text.get(b.start..b.end).unwrap_or("").trim();
    let words = t.split_whitespace().count();
    let first_ok = t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    first_ok
        && words <= 16
        && !t.contains(". ")
        && t.len() <= 160
        && !t.ends_with(['.', ',', ';'])
        && !t.contains('\n')
}

crate::rx::register!(
    TITLE_RE,
    GRADED_JUDGEMENT_RE,
    SUBHEADING_RE,
    NUMBER_RE,
    BULLET_RE
);

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::vocab::Area;

    #[test]
    fn regexes_compile() {
        for r in [
            &TITLE_RE,
            &NUMBER_RE,
            &BULLET_RE,
            &GRADED_JUDGEMENT_RE,
            &SUBHEADING_RE,
        ] {
            assert!(r.is_some());
        }
    }

    #[test]
    fn heading_areas() {
        let cases = [
            (
                "The experiences and progress of children who need help and protection: good",
                Some(Area::HelpAndProtection),
            ),
            (
                "The experiences and progress of children in care and care leavers: outstanding",
                Some(Area::ChildrenInCareAndCareLeavers),
            ),
            (
                "The experiences and progress of children in care: good",
                Some(Area::ChildrenInCare),
            ),
            (
                "The experiences and progress of care leavers: requires improvement to be good",
                Some(Area::CareLeavers),
            ),
            (
                "The impact of leaders on social work practice with children and families: outstanding",
                Some(Area::ImpactOfLeaders),
            ),
            (
                "Children looked after and achieving permanence",
                Some(Area::LookedAfterAndPermanence),
            ),
            ("Children looked after in this area", None),
            ("Child protection in this area", None),
            (
                "The graded judgement for adoption performance is that it is inadequate",
                Some(Area::Adoption),
            ),
            (
                "The Local Safeguarding Children Board is inadequate",
                Some(Area::Lscb),
            ),
            ("Adoption performance", Some(Area::Adoption)),
            (
                "Leadership, management and governance",
                Some(Area::LeadershipManagementGovernance),
            ),
            (
                "The effectiveness of the Local Safeguarding Children Board (LSCB)",
                Some(Area::Lscb),
            ),
            (
                "Inspection of services for children in need of help and protection, children looked after and care leavers",
                None,
            ),
            ("What needs to improve?", None),
            ("Information about this inspection", None),
        ];
        for (h, want) in cases {
            assert_eq!(heading_area(h), want, "{h}");
        }
    }

    #[test]
    fn report_layout() {
        let t = "Inspection of Barset local authority children's services\n\nJudgement\tGrade\nOverall effectiveness\tGood\n\nChildren in Barset benefit from good help.\n\nWhat needs to improve?\n\n- The timeliness of plans.\n- Supervision records.\n\nThe experiences and progress of children who need help and protection: good\n\n1. Children are helped quickly. Strategy meetings had become\n\ncustomary in most cases.\n\n2. Second point.\n\nThe impact of leaders on social work practice with children and families: good\n\n3. Leaders know the service.";
        let d = CleanDoc::from_text(t);
        let ps = paragraphs(&d);
        let nums: Vec<Option<&str>> = ps.iter().map(|p| p.number.as_deref()).collect();
        assert_eq!(
            nums,
            vec![None, None, None, Some("1"), Some("2"), Some("3")]
        );
        let p1 = ps.get(3).map(|p| t.get(p.start..p.end).unwrap_or(""));
        assert_eq!(
            p1,
            Some(
                "Children are helped quickly. Strategy meetings had become\n\ncustomary in most cases."
            )
        );
        assert_eq!(ps.get(1).map(|p| p.is_list_item), Some(true));
        assert_eq!(
            ps.get(1).and_then(|p| p.section.as_deref()),
            Some("What needs to improve?")
        );
        assert_eq!(
            ps.get(4).and_then(|p| p.area.clone()),
            Some(Area::HelpAndProtection)
        );
        assert_eq!(
            ps.get(5).and_then(|p| p.area.clone()),
            Some(Area::ImpactOfLeaders)
        );
        assert_eq!(ps.first().and_then(|p| p.area.clone()), None);
    }

    #[test]
    fn uses_extract_blocks_when_present() {
        let t = "Heading\n\n12. Text one\n\nmore text.";
        let d = CleanDoc {
            text: t.to_owned(),
            blocks: vec![
                Block {
                    kind: BlockKind::Heading,
                    number: None,
                    start: 0,
                    end: 7,
                    page: Some(1),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    number: Some("12".into()),
                    start: 13,
                    end: 21,
                    page: Some(1),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    number: None,
                    start: 23,
                    end: 33,
                    page: Some(2),
                },
            ],
            ..CleanDoc::default()
        };
        let ps = paragraphs(&d);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps.first().map(|p| (p.start, p.end)), Some((13, 33)));
        assert_eq!(
            ps.first().and_then(|p| p.section.as_deref()),
            Some("Heading")
        );
    }

    /// SIF layout: a lone judgement row opens the section, "Summary" and "Inspection
    /// findings" subheadings keep its area, an unrelated heading ends it.
    #[test]
    fn sif_lone_row_opens_section() {
        let t = "Judgement\tGrade\n\nOverall effectiveness\tInadequate\n\nAdoption performance\tInadequate\n\nChildren looked after in this area\n\n- 575 children are looked after.\n\nThe experiences and progress of children who need help and protection\tInadequate\n\nSummary\n\nServices are weak.\n\nInspection findings\n\n28. Children wait.\n\nInformation about this inspection\n\nInspectors looked at cases.";
        let ps = paragraphs(&CleanDoc::from_text(t));
        let areas: Vec<Option<Area>> = ps.iter().map(|p| p.area.clone()).collect();
        assert_eq!(
            areas,
            vec![
                None,
                Some(Area::HelpAndProtection),
                Some(Area::HelpAndProtection),
                None
            ]
        );
        assert_eq!(
            ps.get(2).and_then(|p| p.section.as_deref()),
            Some("Inspection findings")
        );
    }

    #[test]
    fn short_lowercase_list_items_stay_apart() {
        let t = "Areas:\n\n- help and protection\n- care leavers";
        let ps = paragraphs(&CleanDoc::from_text(t));
        assert_eq!(ps.len(), 2);
    }

    fn seed(prefix: &str) -> Option<String> {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let p = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
            })?;
        std::fs::read_to_string(p).ok()
    }

    /// The ILACS samples: every numbered paragraph found once, in order, under its
    /// judgement section.
    #[test]
    fn seed_reports_numbered_paragraphs() {
        for (prefix, n) in [("000_", 44usize), ("004_", 37)] {
            let raw = seed(prefix).expect("data/ is part of the repository");
            let d = ofsted_extract::clean_text(&raw, &ofsted_extract::ExtractOptions::default());
            let ps = paragraphs(&d);
            let numbers: Vec<String> = ps.iter().filter_map(|p| p.number.clone()).collect();
            let want: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
            assert_eq!(numbers, want, "{prefix}");
            assert!(
                ps.iter()
                    .filter(|p| p.number.is_some())
                    .all(|p| p.area.is_some() && p.section.is_some()),
                "{prefix}"
            );
            let first = ps.iter().find(|p| p.number.as_deref() == Some("1"));
            assert_eq!(
                first.and_then(|p| p.area.clone()),
                Some(Area::HelpAndProtection)
            );
            let last = ps.iter().rev().find(|p| p.number.is_some());
            assert_eq!(
                last.and_then(|p| p.area.clone()),
                Some(Area::ImpactOfLeaders)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,400}") {
            let _ = paragraphs(&CleanDoc::from_text(&s));
            let _ = heading_area(&s);
        }

        #[test]
        fn never_panics_layout(s in "[a-zA-Z0-9 .:\t\n•-]{0,300}") {
            let d = CleanDoc::from_text(&s);
            for p in paragraphs(&d) {
                proptest::prop_assert!(s.get(p.start..p.end).is_some());
            }
        }
    }
}
