use super::*;
use std::path::PathBuf;

#[test]
fn regexes_compile() {
    for f in REPORT_FEATURES
        .iter()
        .chain(LETTER_FEATURES)
        .chain(COMMITTEE_FEATURES)
        .chain(NEWS_FEATURES)
    {
        assert!(f.re.is_some());
    }
    assert!(HEADLINE_VERB.is_some() && DATELINE.is_some());
    assert!(INSPECTORATE_ADDRESS.is_some() && INSPECTION_WORD.is_some());
}

#[test]
fn ilacs_report() {
    let t = "Inspection of Barset local authority children’s services\n\nInspection dates: 1 to 5 May 2023\n\nLead inspector: A Person, His Majesty’s Inspector\n\nJudgement\tGrade\nOverall effectiveness\tGood\n\nChildren in Barset receive good help.\n\nWhat needs to improve?\n\n- Plans.\n\nThe experiences and progress of children in care: good\n\n1. Children are helped.\n2. Leaders know.\n";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::InspectionReport);
}

#[test]
fn sif_and_older_reports() {
    for title in [
        "Inspection of services for children in need of help and protection, children looked after and care leavers",
        "Inspection of safeguarding and looked after children services",
        "Inspection of looked after children services",
        "Inspection of children’s social care services",
    ] {
        let t = format!(
            "Barset County Council\n\n{title}\n\nInspection date: 1 May 2013\n\nThe overall judgement is good\n\n1. Something was found.\n2. Another.\n\nOfsted"
        );
        assert_eq!(
            classify(&CleanDoc::from_text(&t)),
            DocType::InspectionReport,
            "{title}"
        );
    }
}

#[test]
fn letters() {
    let fv = "12 March 2024\n\nJane Smith\nDirector of Children's Services\nBarset County Council\n\nDear Jane\n\nFocused visit to Barset children's services\n\nThis letter summarises the findings of the focused visit to Barset children's services on 1 and 2 February 2024.\n\nInspectors looked at the front door.\n\nYours sincerely\n\nA Person\nHis Majesty's Inspector";
    assert_eq!(
        classify(&CleanDoc::from_text(fv)),
        DocType::InspectionLetter
    );
    let mv = "Dear Mr Jones\n\nMonitoring visit to Barset children's services\n\nThis letter summarises the findings of the monitoring visit.\n\nYours sincerely\n\nA Person\nHMI";
    assert_eq!(
        classify(&CleanDoc::from_text(mv)),
        DocType::InspectionLetter
    );
}

/// A minister's or a council's letter is not an inspection letter, however letter-like.
#[test]
fn letters_not_from_an_inspectorate() {
    let minister = "Minister of State for Local Government\n2 Marsham Street\nLondon\n\n16 December 2024\n\nDear Leaders\n\nThe white paper published today sets out how the Government plans to reorganise councils.\n\nI intend to ask for interim plans by March 2025.\n\nYours sincerely\n\nA Minister MP";
    assert_eq!(classify(&CleanDoc::from_text(minister)), DocType::Other);
    let council = "Dear Parent\n\nThe council's new school transport policy starts in September.\n\nYours faithfully\n\nDirector of Education";
    assert_ne!(
        classify(&CleanDoc::from_text(council)),
        DocType::InspectionLetter
    );
}

#[test]
fn committee_paper() {
    let t = "BARSET COUNCIL\tWARDS: ALL\nREPORT TITLE Ofsted Inspection of Children's Services\t\nREPORT OF Director of Children's Services\t\nFOR SUBMISSION TO Scrutiny Committee\tDATE 3 July 2024\n\n1. Purpose of Report\n\n1.1. This report gives the Committee an overview of the inspection.\n\n2. Finance Comments of the Director\n\nThis report has no financial implications.\n\nREPORT ENDS";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::CommitteeReport);
    let t2 = "Agenda item 7\n\nChildren and Young People Scrutiny Panel\n\nDate of meeting: 4 March 2019\n\nPurpose of the report\n\nTo inform members of the outcome of the Ofsted inspection of children's services.\n\nRecommendations\n\nThe panel is asked to note the report.\n\nLegal implications\n\nNone.";
    assert_eq!(classify(&CleanDoc::from_text(t2)), DocType::CommitteeReport);
    // minutes opened by "Minutes of the … held on", with "Present:" and "Resolved that"
    let t3 = "Minutes of the Children's Services Scrutiny Committee held on 12 November 2019\n\nPresent: Councillors Ahmed (Chair) and Brooke\n\n34. Ofsted monitoring visit\n\nThe Committee received a report on the monitoring visit by Ofsted.\n\nResolved that the report be noted.";
    assert_eq!(classify(&CleanDoc::from_text(t3)), DocType::CommitteeReport);
}

/// Short news items: a headline, a lead paragraph and a spokesperson or officer who "said".
#[test]
fn short_news_items() {
    for t in [
        "Progress noted for Barset children's services\n\nThe recent monitoring visit found that Barset's children's services have made steady progress with children in need.\n\nA spokesperson for Barset Council said the service remained committed to improving further.",
        "No priority actions for Barset after unannounced Ofsted visit\n\nInspectors found no areas for priority action when they carried out an unannounced inspection in Barset in November 2009.\n\nThe council's director of children's services said the findings showed staff were keeping children safe.",
    ] {
        assert_eq!(
            classify(&CleanDoc::from_text(t)),
            DocType::NewsArticle,
            "{t}"
        );
    }
}

#[test]
fn news_article() {
    let t = "Barset children’s services rated good by Ofsted\n\nOfsted has praised children’s services in Barset, rating them overall as good.\n\n“Leaders know their services well,” said the report. Inspectors found that children are safe.\n\nThe council’s leader said she was delighted.\n\nRead more\nPrivacy policy | Contact us";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::NewsArticle);
}

#[test]
fn other_text() {
    assert_eq!(classify(&CleanDoc::from_text("")), DocType::Other);
    assert_eq!(
        classify(&CleanDoc::from_text("Shopping list\n\neggs, milk, bread.")),
        DocType::Other
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,600}") {
        let _ = classify(&CleanDoc::from_text(&s));
    }
}

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

#[test]
fn seed_samples() {
    let want = [
        ("000_", DocType::InspectionReport),
        ("001_", DocType::NewsArticle),
        ("002_", DocType::CommitteeReport),
        ("003_", DocType::InspectionLetter),
        ("004_", DocType::InspectionReport),
    ];
    let rd = std::fs::read_dir(seeds_dir()).expect("data/ is part of the repository");
    let files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    for (prefix, ty) in want {
        let Some(p) = files.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let d = CleanDoc::from_text(&text);
        assert_eq!(classify(&d), ty, "{prefix}: {:?}", scores(&d));
    }
}

/// Developer check over a directory of cleaned texts (`OFSTED_CLEAN_DIR`, default
/// `/tmp/clean`, files `*.text`): prints type, scores and paragraph counts. Run with
/// `cargo test --release -p ofsted-transform corpus_dump -- --ignored --nocapture`.
#[test]
#[ignore = "developer check over extracted texts"]
fn corpus_dump() {
    let dir = std::env::var("OFSTED_CLEAN_DIR").unwrap_or_else(|_| "/tmp/clean".into());
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skip: {dir} absent");
        return;
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "text"))
        .collect();
    files.sort();
    let opts = ofsted_extract::ExtractOptions::default();
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let d = ofsted_extract::clean_text(&text, &opts);
        let ps = crate::sections::paragraphs(&d);
        let numbered = ps.iter().filter(|x| x.number.is_some()).count();
        let with_area = ps.iter().filter(|x| x.area.is_some()).count();
        eprintln!(
            "{:<60} {:<18} {:?} paras={} numbered={} with_area={}",
            p.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            classify(&d).as_str(),
            scores(&d).map(|x| x.1),
            ps.len(),
            numbered,
            with_area
        );
    }
}

/// Short news items: a headline with a verdict, a dateline before the story, and an
/// opening that names Ofsted (modelled on council press releases and local news).
#[test]
fn news_with_dateline_or_short_story() {
    let t = "Ofsted rates Barset children's services good\n\nPublished: 14 July 2023\n\nOfsted has rated Barset Council's children's services as good following an inspection in June 2023.\n\nThe leader of the council thanked staff.\n";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::NewsArticle);
    let t = "Looked after children services in Barset rated good\n\nOfsted carried out an inspection of looked after children services in Barset in June 2012.\n\nThe overall effectiveness of the service was judged to be good.\n";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::NewsArticle);
    // A headline without a verdict and without Ofsted in the story stays below the bar.
    let t = "Barset budget set for next year\n\nPublished: 2 March 2025\n\nThe council agreed its budget for the coming year after a long debate in the chamber.\n";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::Other);
}

/// Regression (real pages): a modern.gov issue page and a council's news-desk release.
#[test]
fn modern_gov_issue_page_and_council_release() {
    let t = "Issue - meetings\n\nOfsted Inspection of Childrens Services\n\nMeeting: 03/11/2022 - Children and Young People Scrutiny Committee (Item 20)\n\n20 Ofsted Inspection of Childrens Services pdf icon PDF 195 KB\n\nAdditional documents:\n\nMinutes:\n\nThe Portfolio Holder attended the meeting to discuss the recent inspection.";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::CommitteeReport);
    let t = "Barset News Centre\n\nPositive report following joint targeted area inspection\n\n19 July 2017\n\nA multi-agency inspection into how Barset Borough Council and its partners respond to neglect has found well established partnerships.\n\nBarset children's services have been praised by inspectors.";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::NewsArticle);
}

/// Regression (real pages): a council's story that opens on the rating ("to be rated
/// Outstanding"), a modern.gov decision page and minutes of an agenda item ("To consider
/// …", "attended to provide …").
#[test]
fn verdict_openings_decision_pages_and_agenda_items() {
    let news = "Barset has become one of only three places to be rated Outstanding for its services for children, following an inspection by Ofsted.\n\nOfsted has published its report today, following an inspection in March.";
    assert_eq!(classify(&CleanDoc::from_text(news)), DocType::NewsArticle);
    let decision = "Reference: D12345\nDecision status: Recommendations Approved\nIs Key decision?: No\nIs subject to call in?: Yes\nThe Director submitted a report on the recent Ofsted inspection.";
    assert_eq!(
        classify(&CleanDoc::from_text(decision)),
        DocType::CommitteeReport
    );
    let item = "To consider the action plan resulting from the inspection of contact and referral arrangements in Barset.\nMinutes:\nThe Director of Children’s Services attended to provide an overview of the inspection.";
    assert_eq!(
        classify(&CleanDoc::from_text(item)),
        DocType::CommitteeReport
    );
}

/// Regression (real page): an ombudsman's decision has numbered paragraphs, a word about
/// Ofsted and recommendations, and is still no Ofsted report.
#[test]
fn a_formal_paper_without_a_report_title_or_dates_is_no_report() {
    let t = "Barset County Council (24 000 000)\n\nDecision : Upheld\n\nThe complaint\n\n1. Mrs F complained the Council delayed an assessment.\n2. The Council agreed to apologise.\n3. Ofsted registers the provider.\n\nRecommendations\n\n4. The Council should pay Mrs F.\n";
    assert_ne!(classify(&CleanDoc::from_text(t)), DocType::InspectionReport);
}

/// Regression (real page): minutes that speak only in the minute-taker's idiom ("submitted
/// a report (previously circulated)", "Members agreed").
#[test]
fn minutes_idiom_and_published_line() {
    let minutes = "Report of the Director\nThe Director submitted a report (previously circulated) to update Members on the recent Ofsted inspection of services in Barset.\nDiscussion ensued on the report and Members agreed that it was an excellent report.";
    assert_eq!(
        classify(&CleanDoc::from_text(minutes)),
        DocType::CommitteeReport
    );
}

/// Regression (real page): a story whose headline stands over a "• Published" line and
/// whose council "says" it is pleased.
#[test]
fn headline_over_a_published_line() {
    let t = "Ofsted rates Barset children's services inadequate\n\n  • Published\n\nThe services that look after vulnerable children in Barset have been found to fall short, according to an inspection report by Ofsted.\n\nThe city council says it is disappointed by the findings.\n";
    assert_eq!(classify(&CleanDoc::from_text(t)), DocType::NewsArticle);
}
