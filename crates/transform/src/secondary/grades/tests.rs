use super::*;

fn g(t: &str) -> Vec<(AreaWord, Grade, JudgementSource)> {
    sentence_grades(t, 0, t.len())
        .into_iter()
        .map(|r| (r.word, r.grade, r.source))
        .collect()
}

#[test]
fn list_with_rated_as() {
    let t = "An inspection of the council rated leadership, management and governance and adoption services as outstanding while child protection, children requiring permanence and care leavers services were rated as good.";
    let p = JudgementSource::Prose;
    assert_eq!(
        g(t),
        vec![
            (AreaWord::Lmg, Grade::Outstanding, p),
            (AreaWord::Adoption, Grade::Outstanding, p),
            (AreaWord::HelpProtection, Grade::Good, p),
            (AreaWord::Permanence, Grade::Good, p),
            (AreaWord::CareLeavers, Grade::Good, p),
        ]
    );
}

#[test]
fn overall_forms() {
    assert_eq!(
        g("Ofsted has praised children’s services in Barset, rating them overall as good."),
        vec![(AreaWord::Overall, Grade::Good, JudgementSource::Prose)]
    );
    assert_eq!(
        g(
            "The last inspection took place in 2022 where the overall effectiveness of services was judged to be ‘outstanding’."
        ),
        vec![(
            AreaWord::Overall,
            Grade::Outstanding,
            JudgementSource::Statement
        )]
    );
    assert_eq!(
        g(
            "At this inspection ‘the experiences and progress of children who need help and protection’ were judged to be ‘good’ and two areas were recommended."
        ),
        vec![(
            AreaWord::HelpProtection,
            Grade::Good,
            JudgementSource::Statement
        )]
    );
    assert_eq!(
        g("Children’s services in Barset require improvement to be good."),
        vec![(
            AreaWord::Overall,
            Grade::RequiresImprovement,
            JudgementSource::Prose
        )]
    );
}

#[test]
fn judgement_as_object_of_a_rating_verb() {
    let t = "An inspection carried out by Ofsted between 8 and 19 March 2010 judged the overall effectiveness of safeguarding services to be adequate.";
    assert_eq!(
        g(t),
        vec![(AreaWord::Overall, Grade::Adequate, JudgementSource::Prose)]
    );
    // the rated object must be a named judgement, not any noun
    assert!(g("Inspectors judged the new office to be good.").is_empty());
    // the subject's own area is not the object's grade
    let t = "The inspection of looked after children services judged the overall effectiveness of services to be good.";
    assert_eq!(
        g(t),
        vec![(AreaWord::Overall, Grade::Good, JudgementSource::Prose)]
    );
}

#[test]
fn copula_needs_adjacent_subject() {
    assert_eq!(
        g("Adoption performance is outstanding, although more work is needed."),
        vec![(
            AreaWord::Adoption,
            Grade::Outstanding,
            JudgementSource::Prose
        )]
    );
    assert!(g("Care leavers live in safe, good-quality accommodation.").is_empty());
    assert!(g("For care leavers the council said the offer is good.").is_empty());
}

#[test]
fn generic_and_adjectival_uses_give_nothing() {
    for t in [
        "Ofsted inspect local authorities based on their most recent inspection judgement, with local authorities judged to be good or outstanding at their most recent inspection usually receiving a short inspection.",
        "Children benefit from good and outstanding services.",
        "Inspectors identified that the previously ‘good’ services to children in need of help and protection are now even stronger.",
        "Children in care make good progress.",
        "Help and protection was not judged to be good.",
        "with outstanding services to care experienced young people",
    ] {
        assert!(g(t).is_empty(), "{t}");
    }
}

/// A grade whose sentence names no judgement is the overall grade only when its
/// subject is the authority's services as a whole; otherwise nothing.
#[test]
fn whole_authority_subjects() {
    let ov = |t: &str| {
        g(t).into_iter()
            .map(|(a, gr, _)| (a, gr))
            .collect::<Vec<_>>()
    };
    for (t, grade) in [
        (
            "Children's services were judged to require improvement.",
            Grade::RequiresImprovement,
        ),
        (
            "Ofsted rated the council's children's services as good.",
            Grade::Good,
        ),
        (
            "Ofsted rated the council as good following its inspection.",
            Grade::Good,
        ),
        (
            "The council was rated inadequate overall.",
            Grade::Inadequate,
        ),
        (
            "Barset was rated inadequate overall in 2020.",
            Grade::Inadequate,
        ),
        (
            "Barset County Council has been judged 'outstanding' by Ofsted.",
            Grade::Outstanding,
        ),
        ("Its services were rated good.", Grade::Good),
        (
            "Barset's children's services were last inspected in 2017, when they were judged to require improvement to be good.",
            Grade::RequiresImprovement,
        ),
    ] {
        assert_eq!(ov(t), vec![(AreaWord::Overall, grade)], "{t}");
    }
    for t in [
        "The school was judged good.",
        "A school run by the council was rated good.",
        "It was judged good.",
        "The fostering service was judged good.",
        "Barset was rated good.",
        "The nursery was rated outstanding overall.",
        "The council was rated inadequate in some areas.",
        "St Mary's Academy was judged to be good by Ofsted.",
    ] {
        assert!(g(t).is_empty(), "{t}: {:?}", g(t));
    }
}

#[test]
fn table_rows() {
    let t = "Judgement\tGrade\nThe experiences and progress of children in care\tOutstanding\nOverall effectiveness\tRequires improvement to be good\n";
    let us = super::super::text::units(t);
    let rows: Vec<&Unit> = us.iter().filter(|u| u.is_row()).collect();
    let v: Vec<(AreaWord, Grade)> = table_grades(t, &rows)
        .into_iter()
        .map(|r| (r.word, r.grade))
        .collect();
    assert_eq!(
        v,
        vec![
            (AreaWord::InCare, Grade::Outstanding),
            (AreaWord::Overall, Grade::RequiresImprovement)
        ]
    );
}

/// The areas and grades of `t`, without sources.
fn ag(t: &str) -> Vec<(AreaWord, Grade)> {
    g(t).into_iter().map(|(a, gr, _)| (a, gr)).collect()
}

fn nothing(texts: &[&str]) {
    for t in texts {
        assert!(g(t).is_empty(), "{t}: {:?}", g(t));
    }
}

use AreaWord as A;
use Grade as G;
use ofsted_model::vocab::Area;

#[test]
fn narrowing_words_name_the_area_not_the_whole() {
    // "for adoption" is the adoption grade, never the overall one
    assert_eq!(
        ag("The council was rated good for adoption."),
        vec![(A::Adoption, G::Good)]
    );
}

#[test]
fn grade_before_its_areas() {
    assert_eq!(
        ag(
            "Inspectors rated Barset Council as Outstanding for the impact of leaders on social work practice with children and families, for the experiences and progress of children in care, and for the experiences and progress of care leavers."
        ),
        vec![
            (A::ImpactOfLeaders, G::Outstanding),
            (A::InCare, G::Outstanding),
            (A::CareLeavers, G::Outstanding)
        ]
    );
    assert_eq!(
        ag(
            "Barset was also rated as Good in relation to the experiences and progress of children who need help and protection."
        ),
        vec![(A::HelpProtection, G::Good)]
    );
    assert_eq!(
        ag(
            "Ofsted rated the local authority's children's services as inadequate for the impact of leaders on social work practice and the experiences and progress of children who need help and protection."
        ),
        vec![
            (A::ImpactOfLeaders, G::Inadequate),
            (A::HelpProtection, G::Inadequate)
        ]
    );
    assert_eq!(
        ag(
            "Inspectors have rated as \"outstanding\" the council's leadership, support for children in care and care leavers as well as its overall effectiveness."
        ),
        vec![
            (A::Leadership, G::Outstanding),
            (A::InCareAndLeavers, G::Outstanding),
            (A::Overall, G::Outstanding)
        ]
    );
    assert_eq!(
        ag(
            "The county received “good” judgements from inspectors in each of the three key service areas of child protection, looked-after children, and leadership, management and governance."
        ),
        vec![
            (A::HelpProtection, G::Good),
            (A::InCare, G::Good),
            (A::Lmg, G::Good)
        ]
    );
    assert_eq!(
        ag(
            "But Barset received the lower 'requires improvement' rating for the experiences and progress of children in care."
        ),
        vec![(A::InCare, G::RequiresImprovement)]
    );
    assert_eq!(
        ag(
            "The council received the second-highest 'good' rating in almost all categories, including care leavers."
        ),
        vec![(A::CareLeavers, G::Good)]
    );
    assert_eq!(
        ag(
            "Barset was judged to be outstanding in overall effectiveness, placing it among the best."
        ),
        vec![(A::Overall, G::Outstanding)]
    );
}

#[test]
fn grades_in_parallel_and_absolute_clauses() {
    assert_eq!(
        ag(
            "The council was judged to be requires improvement to be good for the experiences and progress of children in care and care leavers, with overall effectiveness as inadequate."
        ),
        vec![
            (A::InCareAndLeavers, G::RequiresImprovement),
            (A::Overall, G::Inadequate)
        ]
    );
    assert_eq!(
        ag(
            "Barset was judged ‘requires improvement to be good’ in the domain of the impact of leaders and ‘inadequate’ in the domain of the experiences and progress of children who need help and protection."
        ),
        vec![
            (A::ImpactOfLeaders, G::RequiresImprovement),
            (A::HelpProtection, G::Inadequate)
        ]
    );
}

#[test]
fn overall_rating_nouns() {
    for t in [
        "The report on Barset was published today with an overall judgement of inadequate.",
        "Ofsted have given Barset an overall assessment of inadequate.",
    ] {
        assert_eq!(ag(t), vec![(A::Overall, G::Inadequate)], "{t}");
    }
    for t in [
        "Children's services in Barset were given an overall effectiveness rating of 'Good'.",
        "Ofsted said that the council has achieved an overall good rating despite rising demand.",
        "Barset Council has received its first 'good' rating for its children's services department.",
    ] {
        assert_eq!(ag(t), vec![(A::Overall, G::Good)], "{t}");
    }
    assert_eq!(
        ag(
            "The final report gave the council an overall rating of ‘Good,’ with three of the key areas also being rated as ‘Good’ — Adoption; Care Leavers; and Leadership, Management and Governance."
        ),
        vec![
            (A::Overall, G::Good),
            (A::Adoption, G::Good),
            (A::CareLeavers, G::Good),
            (A::Lmg, G::Good)
        ]
    );
    assert_eq!(
        ag("Their overall effectiveness was judged as ‘requires improvement to be good’."),
        vec![(A::Overall, G::RequiresImprovement)]
    );
    assert_eq!(
        ag(
            "The overall conclusion was that the council's services for vulnerable children were now judged as ‘Requiring improvement to be good’;"
        ),
        vec![(A::Overall, G::RequiresImprovement)]
    );
    assert_eq!(
        ag(
            "Members heard that the overall judgement was that the service required improvement, with a few areas that were judged overall as good."
        ),
        vec![(A::Overall, G::RequiresImprovement)]
    );
    assert_eq!(
        ag("Barset had an ‘inadequate’ child protection rating, inspectors said."),
        vec![(A::HelpProtection, G::Inadequate)]
    );
}

#[test]
fn whole_service_subjects() {
    for (t, grade) in [
        (
            "Children's services at Barset Council have been judged \"good\" by Ofsted.",
            G::Good,
        ),
        (
            "Barset has become one of three cities to be rated Outstanding for its services for children.",
            G::Outstanding,
        ),
        (
            "Services for children and families in Barset have been rated ‘good’ by Ofsted.",
            G::Good,
        ),
        (
            "Barset Council has been told that its services for children and young people are inadequate.",
            G::Inadequate,
        ),
        (
            "Ofsted says Children's Services in Barset are \"good\"",
            G::Good,
        ),
        (
            "Councillors were pleased that Ofsted graded our children’s services ‘good’.",
            G::Good,
        ),
        (
            "The first children’s service to be taken out of council control has been rated ‘inadequate’ by Ofsted.",
            G::Inadequate,
        ),
    ] {
        assert_eq!(ag(t), vec![(A::Overall, grade)], "{t}");
    }
}

#[test]
fn lists_of_areas() {
    let ri = G::RequiresImprovement;
    assert_eq!(
        ag(
            "Parts of the service – children who need help and protection, “looked after” children, care leavers and leadership – were all rated as “requires improvement”, resulting in the same grading for the service overall."
        ),
        vec![
            (A::HelpProtection, ri),
            (A::InCare, ri),
            (A::CareLeavers, ri),
            (A::Leadership, ri),
            (A::Overall, ri)
        ]
    );
    assert_eq!(
        ag(
            "‘Help and protection’, ‘children looked after and achieving permanence’ and ‘leadership, management and governance’ are judged as inadequate."
        ),
        vec![
            (A::HelpProtection, G::Inadequate),
            (A::Permanence, G::Inadequate),
            (A::Lmg, G::Inadequate)
        ]
    );
    assert_eq!(
        ag(
            "The report judges Barset's children's services in three areas, impact of leaders, judged requires improvement, experiences of children in care, also judged to require improvement and experiences and progress of children who need help and protection, which is judged inadequate."
        ),
        vec![
            (A::ImpactOfLeaders, ri),
            (A::InCare, ri),
            (A::HelpProtection, G::Inadequate)
        ]
    );
    assert_eq!(
        ag(
            "There was praise for the leadership, management and governance of children’s services, which inspectors say is now good."
        ),
        vec![(A::Lmg, G::Good)]
    );
}

/// "all areas": [`AreaWord::AllAreas`], expanded by whoever knows the framework.
#[test]
fn every_area() {
    assert_eq!(
        ag(
            "The watchdog said the council requires improvement in all areas of its children's services."
        ),
        vec![(A::AllAreas, G::RequiresImprovement)]
    );
    assert_eq!(
        ag("In the report published today all five areas inspected were given a 'good' grading."),
        vec![(A::AllAreas, G::Good)]
    );
    // unexpanded, "all areas" reads as the overall judgement
    assert_eq!(A::AllAreas.key(false), Area::OverallEffectiveness);
    nothing(&[
        "Almost all areas were given a 'good' rating.",
        "The nursery was rated inadequate in all areas.",
        "The council was rated inadequate in some areas.",
    ]);
}

#[test]
fn list_rows() {
    let t = "Children's services were given an overall effectiveness rating of ‘Good’, broken down as follows:\n- Impact of leaders on social work practice with children and families – Good\n- Experiences and progress of children who need help and protection – Good\n- Experiences and progress of care leavers – Outstanding";
    let tb = JudgementSource::Table;
    assert_eq!(
        g(t),
        vec![
            (A::ImpactOfLeaders, G::Good, tb),
            (A::HelpProtection, G::Good, tb),
            (A::CareLeavers, G::Outstanding, tb),
            (A::Overall, G::Good, JudgementSource::Prose),
        ]
    );
    let t = "Overall effectiveness: Requires improvement to be good\nLeadership, management and governance: Good";
    assert_eq!(
        ag(t),
        vec![(A::Overall, G::RequiresImprovement), (A::Lmg, G::Good)]
    );
    // a finding is not a label
    nothing(&["- Care leavers are helped by their personal advisers to find good homes – good"]);
}

#[test]
fn header_and_bullet_labels() {
    let t = "Areas where Barset was good:\n• Impact of leaders on social work practice with children and families\n• Experiences and progress of care leavers";
    assert_eq!(
        ag(t),
        vec![(A::ImpactOfLeaders, G::Good), (A::CareLeavers, G::Good)]
    );
    // the bullets may be paragraphs after the header's sentence; findings are skipped
    let t = "Areas where the trust was good:\n\n  • The experiences and progress of children in care\n\n  • Most social workers have manageable caseloads\n\nThe report also found weaknesses.";
    let e = t.find(':').map_or(0, |i| i + 1);
    let v: Vec<(AreaWord, Grade)> = sentence_grades(t, 0, e)
        .into_iter()
        .map(|r| (r.word, r.grade))
        .collect();
    assert_eq!(v, vec![(A::InCare, G::Good)]);
    // the header alone is no grade of the authority
    nothing(&[
        "Areas where the council was judged good:\n• Social workers know their children well",
    ]);
}

#[test]
fn verbs_with_their_object() {
    assert_eq!(
        ag("An inspection of Barset's trust found its child protection provision ‘inadequate’."),
        vec![(A::HelpProtection, G::Inadequate)]
    );
    assert_eq!(
        ag("Improvements were made, but child protection has been judged 'inadequate'"),
        vec![(A::HelpProtection, G::Inadequate)]
    );
    assert_eq!(
        ag("Meanwhile, child protection work is rated \"good\"."),
        vec![(A::HelpProtection, G::Good)]
    );
    assert_eq!(
        ag(
            "Adoption and fostering services were rated ‘good’, while care leavers services improved."
        ),
        vec![(A::Adoption, G::Good)]
    );
    nothing(&["Inspectors found care leavers' accommodation safe and good."]);
}

/// Grades of an earlier inspection are still read: the caller attributes them.
#[test]
fn earlier_grades_are_read() {
    for (t, grade) in [
        (
            "Inspectors found services much improved since its ‘inadequate’ judgement in September 2017.",
            G::Inadequate,
        ),
        ("Barset lost its previously 'good' rating.", G::Good),
        ("The council was rated 'Inadequate' in 2010.", G::Inadequate),
        (
            "Inspectors said services had improved since the council’s previous ‘good’ rating in 2020.",
            G::Good,
        ),
    ] {
        assert_eq!(ag(t), vec![(A::Overall, grade)], "{t}");
    }
}

#[test]
fn new_forms_keep_their_negatives() {
    nothing(&[
        "The school received a 'good' rating from Ofsted.",
        "Barset's children's homes were rated good for their care leavers.",
        "A nursery run by the council received an 'outstanding' rating for its leadership.",
        "Local authorities rated good or outstanding at their last inspection get a short inspection.",
        "Most councils achieved a good or outstanding rating.",
        "Care leavers make good progress.",
        "Children live in good-quality homes.",
        "Leaders have a good understanding of their care leavers.",
        "Child protection was not judged good.",
        "Barset is no longer rated inadequate for help and protection.",
        "Barset has not received a good rating for adoption.",
        "It received a good rating.",
        "Leaders show good judgement.",
        "The issues requiring improvement include care leavers.",
    ]);
}

#[test]
fn two_grades_joined_by_and_are_a_history() {
    nothing(&[
        "Care remains inconsistent after years of its children’s services being deemed as ‘requiring improvement’ and ‘inadequate’ by Ofsted.",
    ]);
}

/// Forms that landed on main beside this reader (real news and council pages): each must
/// still read the same way through [`sentence_grades`].
mod main_forms {
    use super::*;

    fn ov(t: &str) -> Vec<(AreaWord, Grade)> {
        ag(t)
    }

    #[test]
    fn whole_authority_subjects_from_real_pages() {
        for (t, grade) in [
            (
                "Services for children and families in Barset have been rated ‘good’ by Ofsted, two years after an improvement drive.",
                Grade::Good,
            ),
            (
                "Barset's children's services were last inspected in 2017, when they were judged to require improvement to be good.",
                Grade::RequiresImprovement,
            ),
            (
                "Barset County Council has been judged 'outstanding' by Ofsted.",
                Grade::Outstanding,
            ),
            (
                "The council was rated inadequate overall.",
                Grade::Inadequate,
            ),
        ] {
            assert_eq!(ov(t), vec![(AreaWord::Overall, grade)], "{t}");
        }
        nothing(&[
            "The fostering service was judged good.",
            "The nursery was rated outstanding overall.",
            "St Mary's Academy was judged to be good by Ofsted.",
        ]);
    }

    #[test]
    fn areas_after_the_grade() {
        assert_eq!(
            ov("The council was rated good for adoption."),
            vec![(AreaWord::Adoption, Grade::Good)]
        );
        assert_eq!(
            ov(
                "Ofsted rated the local authority’s children’s services as inadequate for the impact of leaders on social work practice with children and families, and the experiences and progress of children who need help and protection."
            ),
            vec![
                (AreaWord::ImpactOfLeaders, Grade::Inadequate),
                (AreaWord::HelpProtection, Grade::Inadequate)
            ]
        );
        assert_eq!(
            ov(
                "Barset City Council was also rated as Good in relation to the experiences and progress of children who need help and protection."
            ),
            vec![(AreaWord::HelpProtection, Grade::Good)]
        );
        assert_eq!(
            ov(
                "Ofsted inspectors rated Barset City Council as Outstanding for the impact of leaders on social work practice with children and families, for the experiences and progress of children in care, and for the experiences and progress of care leavers."
            ),
            vec![
                (AreaWord::ImpactOfLeaders, Grade::Outstanding),
                (AreaWord::InCare, Grade::Outstanding),
                (AreaWord::CareLeavers, Grade::Outstanding)
            ]
        );
    }

    #[test]
    fn overall_nouns() {
        for (t, g) in [
            (
                "Today the report has been published with an overall judgement of inadequate.",
                Grade::Inadequate,
            ),
            (
                "Ofsted have given an overall assessment of inadequate.",
                Grade::Inadequate,
            ),
            (
                "The report gave the council an overall rating of ‘Good’, with four areas good.",
                Grade::Good,
            ),
            (
                "Children’s services were given an overall effectiveness rating of ‘Good’.",
                Grade::Good,
            ),
            (
                "The council has achieved an overall good rating despite challenges.",
                Grade::Good,
            ),
            (
                "Their overall effectiveness was judged as ‘requires improvement to be good’.",
                Grade::RequiresImprovement,
            ),
        ] {
            assert!(ov(t).contains(&(AreaWord::Overall, g)), "{t}: {:?}", ov(t));
        }
    }

    #[test]
    fn list_lines_and_nouns_with_areas() {
        assert_eq!(
            ov("- Impact of leaders on social work practice with children and families – Good"),
            vec![(AreaWord::ImpactOfLeaders, Grade::Good)]
        );
        assert_eq!(
            ov("Experiences and progress of care leavers: Outstanding"),
            vec![(AreaWord::CareLeavers, Grade::Outstanding)]
        );
        assert!(ov("The new office – good").is_empty());
        assert_eq!(
            ov(
                "But it received the lower 'requires improvement' rating for the experiences and progress of children in care."
            ),
            vec![(AreaWord::InCare, Grade::RequiresImprovement)]
        );
        assert!(ov("Staff provide good support to families.").is_empty());
        assert!(
            ov("rated as inadequate for the impact of leaders, but good for adoption").len() <= 2
        );
    }

    #[test]
    fn every_area_forms() {
        for (t, g) in [
            (
                "The watchdog said the authority requires improvement in all areas of its children's services.",
                Grade::RequiresImprovement,
            ),
            (
                "In the report all five areas inspected were given a 'good' grading.",
                Grade::Good,
            ),
            ("Barset was rated good in all four areas.", Grade::Good),
        ] {
            assert!(ov(t).contains(&(AreaWord::AllAreas, g)), "{t}: {:?}", ov(t));
        }
    }
}
/// "upgraded to", "downgraded by Ofsted to", "improved from X to Y": the new grade;
/// the grade after "from" is an earlier inspection's and is not read.
#[test]
fn change_of_grade() {
    for (t, grade) in [
        (
            "Children's services in Barset have been upgraded to 'good' by Ofsted.",
            G::Good,
        ),
        (
            "Barset's children's services were downgraded by the regulator to 'inadequate' last month.",
            G::Inadequate,
        ),
        (
            "The council's children's services have improved from 'inadequate' to 'requires improvement', inspectors said.",
            G::RequiresImprovement,
        ),
        (
            "Barset's services for children have gone from inadequate in 2018 to good.",
            G::Good,
        ),
        (
            "Children's services in Barset moved up a grade to good after the inspection.",
            G::Good,
        ),
        (
            "The council's rating for children's services fell to 'inadequate'.",
            G::Inadequate,
        ),
        (
            "Inspectors have upgraded Barset's children's services to 'outstanding'.",
            G::Outstanding,
        ),
        (
            "Barset County Council has improved its rating to 'good'.",
            G::Good,
        ),
        (
            "Ofsted has raised the council's rating from inadequate to requires improvement.",
            G::RequiresImprovement,
        ),
        ("Inspectors upgraded the council to 'good'.", G::Good),
    ] {
        assert_eq!(ag(t), vec![(A::Overall, grade)], "{t}");
    }
    assert_eq!(
        ag("Help and protection improved from 'requires improvement' to 'good'."),
        vec![(A::HelpProtection, G::Good)]
    );
    nothing(&[
        "A Barset children's home was upgraded to 'outstanding' by Ofsted.",
        "The council's nursery has been downgraded to 'requires improvement'.",
        "Barset's children's services have improved from 'inadequate', inspectors said.",
        "Barset's children's services were downgraded from 'good' after the inspection.",
        "Attendance improved to good levels across the county.",
        "Ofsted upgraded the Barset academy to 'good'.",
        "Ofsted upgraded Barset to 'good'.",
    ]);
}

/// "has achieved 'outstanding'", "retained 'good'", "was awarded 'outstanding'": a verb
/// of attaining before a bare grade.
#[test]
fn attaining_a_bare_grade() {
    for (t, grade) in [
        (
            "Barset County Council has achieved 'outstanding' for the first time.",
            G::Outstanding,
        ),
        (
            "Barset's children's services have retained 'good' after the inspection.",
            G::Good,
        ),
        (
            "The council's children's services were awarded 'outstanding' by inspectors.",
            G::Outstanding,
        ),
        ("Ofsted awarded the council 'good' this week.", G::Good),
    ] {
        assert_eq!(ag(t), vec![(A::Overall, grade)], "{t}");
    }
    nothing(&[
        "Barset's children's services achieved good outcomes for care leavers.",
        "The council retained good social workers.",
        "Barset's children's services aim to achieve 'outstanding' next time.",
        "The council has set a target of achieving 'outstanding'.",
    ]);
}

/// "Ofsted has awarded the council an 'outstanding' rating", "gave Barset's children's
/// services the top rating of 'good'": the recipient of a giving verb holds the rating.
#[test]
fn rating_given_to_a_recipient() {
    for (t, grade) in [
        (
            "Ofsted has awarded Barset's children's services the top rating of 'outstanding'.",
            G::Outstanding,
        ),
        (
            "Inspectors have awarded Barset County Council an 'outstanding' rating.",
            G::Outstanding,
        ),
        (
            "Ofsted gave the council a rating of 'requires improvement to be good'.",
            G::RequiresImprovement,
        ),
        (
            "Ofsted has given Barset's children's services its highest rating, 'outstanding'.",
            G::Outstanding,
        ),
        (
            "Inspectors handed the council the lowest rating – 'inadequate' – after their visit.",
            G::Inadequate,
        ),
    ] {
        assert_eq!(ag(t), vec![(A::Overall, grade)], "{t}");
    }
    assert_eq!(
        ag("Inspectors gave help and protection a 'good' rating."),
        vec![(A::HelpProtection, G::Good)]
    );
    nothing(&[
        "Foster carers gave the service a 'good' rating in a survey.",
        "Ofsted gave the school a 'good' rating.",
        "Parents gave Barset a good rating.",
        "Parents gave the council's children's services a 'good' rating in a survey.",
    ]);
}

/// "in every area", "in each of the five areas", "across the board", "All five areas ...
/// were judged": every judgement ([`AreaWord::AllAreas`]).
#[test]
fn every_area_variants() {
    for t in [
        "Barset was rated 'good' in every area by inspectors.",
        "Inspectors judged Barset's children's services to be good in each of the five areas inspected.",
        "Barset's children's services were rated good across the board.",
        "Barset's children's services were judged 'good' across all four judgements.",
        "All five areas of Barset's children's services were judged 'good' by Ofsted.",
        "Ofsted said that every judgement was good.",
        "Inspectors rated all four areas 'good'.",
    ] {
        assert_eq!(ag(t), vec![(A::AllAreas, G::Good)], "{t}");
    }
    nothing(&[
        "Barset was rated good in almost every area.",
        "Social workers in all areas were rated good.",
        "The nursery was rated good across the board.",
        "Barset's fostering service was rated 'good' in every area.",
        "Leaders said practice was good in all areas.",
    ]);
    // a part of the services is no grade of the whole
    nothing(&["Barset's children's services were rated good in most areas."]);
}

/// "in every area except care leavers", "in all but one area, with care leavers judged
/// to require improvement": every judgement but the named exception; a counted exception
/// is the judgement the sentence grades otherwise, else nothing.
#[test]
fn every_area_with_exceptions() {
    let all_but = |t: &str| {
        sentence_grades(t, 0, t.len())
            .into_iter()
            .map(|r| (r.word, r.grade, r.except))
            .collect::<Vec<_>>()
    };
    let named = |w: Vec<AreaWord>| Except::Named(w);
    assert_eq!(
        all_but(
            "Barset was rated 'good' in all but one area, with care leavers judged to require improvement."
        ),
        vec![
            (A::AllAreas, G::Good, named(vec![A::CareLeavers])),
            (A::CareLeavers, G::RequiresImprovement, Except::None)
        ]
    );
    assert_eq!(
        all_but(
            "Barset's children's services were rated 'good' in every area except care leavers, which was judged to require improvement."
        ),
        vec![
            (A::AllAreas, G::Good, named(vec![A::CareLeavers])),
            (A::CareLeavers, G::RequiresImprovement, Except::None)
        ]
    );
    assert_eq!(
        all_but(
            "Barset's children's services were judged good in all areas apart from leadership, which requires improvement."
        ),
        vec![
            (A::AllAreas, G::Good, named(vec![A::Leadership])),
            (A::Leadership, G::RequiresImprovement, Except::None)
        ]
    );
    // the exception is not named, or there are not as many as said: nothing of "all"
    nothing(&["Barset's children's services were rated 'outstanding' in all but one area."]);
    assert_eq!(
        ag(
            "Barset was rated 'good' in all but two areas, with care leavers judged to require improvement."
        ),
        vec![(A::CareLeavers, G::RequiresImprovement)]
    );
    // a cut word after a grade for one area does not start "all areas"
    assert_eq!(
        ag("Barset was rated good for adoption but inadequate in all areas of its work."),
        vec![(A::Adoption, G::Good)]
    );
}

/// The second grade of a pair shares the first one's frame: "judged A as 'requires
/// improvement' and B as 'good'", "judged A 'outstanding' and B 'good'", "'good' overall
/// and 'outstanding' for A", "'good' with 'outstanding' leadership".
#[test]
fn second_grade_of_a_pair() {
    assert_eq!(
        ag(
            "Ofsted judged Barset's services for children in care as 'requires improvement' and its help and protection services as 'good'."
        ),
        vec![
            (A::InCare, G::RequiresImprovement),
            (A::HelpProtection, G::Good)
        ]
    );
    assert_eq!(
        ag(
            "Inspectors judged Barset's leadership 'outstanding' and its help and protection 'good'."
        ),
        vec![
            (A::Leadership, G::Outstanding),
            (A::HelpProtection, G::Good)
        ]
    );
    assert_eq!(
        ag(
            "Barset County Council was rated 'good' overall and 'outstanding' for the impact of leaders."
        ),
        vec![(A::Overall, G::Good), (A::ImpactOfLeaders, G::Outstanding)]
    );
    assert_eq!(
        ag(
            "Ofsted rated Barset's children's services as requires improvement to be good overall, but good for leadership."
        ),
        vec![
            (A::Overall, G::RequiresImprovement),
            (A::Leadership, G::Good)
        ]
    );
    assert_eq!(
        ag(
            "The inspection found Barset's children's services to be 'good' with 'outstanding' leadership."
        ),
        vec![(A::Overall, G::Good), (A::Leadership, G::Outstanding)]
    );
    assert_eq!(
        ag(
            "Ofsted found Barset's children's services 'good', with 'outstanding' leadership and 'good' help and protection."
        ),
        vec![
            (A::Overall, G::Good),
            (A::Leadership, G::Outstanding),
            (A::HelpProtection, G::Good)
        ]
    );
    assert_eq!(
        ag("Barset's children's services were judged good overall, with outstanding leadership."),
        vec![(A::Overall, G::Good), (A::Leadership, G::Outstanding)]
    );
    // no second grade: an adjective, an object that is no judgement, no first grade
    for t in [
        "Barset's children's services were judged good with outstanding features.",
        "Inspectors judged Barset's leadership 'outstanding' and its new offices 'good'.",
        "Barset's children's services were judged good, and care leavers make good progress.",
    ] {
        assert_eq!(ag(t).len(), 1, "{t}: {:?}", ag(t));
    }
    nothing(&["Children benefit from good and outstanding leadership."]);
}

/// A list run into one line: "overall effectiveness - good; help and protection - good",
/// with colons, dashes, en dashes or brackets, and words before the first label.
#[test]
fn lists_in_one_line() {
    let ri = G::RequiresImprovement;
    assert_eq!(
        ag(
            "Barset County Council children's services: overall effectiveness - good; help and protection - good; children in care - outstanding; leadership - outstanding (Ofsted inspection, June 2023)."
        ),
        vec![
            (A::Overall, G::Good),
            (A::HelpProtection, G::Good),
            (A::InCare, G::Outstanding),
            (A::Leadership, G::Outstanding)
        ]
    );
    assert_eq!(
        ag(
            "Ofsted's judgements for Barset: overall effectiveness: good; impact of leaders: outstanding; care leavers: requires improvement."
        ),
        vec![
            (A::Overall, G::Good),
            (A::ImpactOfLeaders, G::Outstanding),
            (A::CareLeavers, ri)
        ]
    );
    assert_eq!(
        ag(
            "Barset inspection, February 2024 – overall effectiveness – Requires Improvement to be Good, help and protection – good, care leavers – good."
        ),
        vec![
            (A::Overall, ri),
            (A::HelpProtection, G::Good),
            (A::CareLeavers, G::Good)
        ]
    );
    assert_eq!(
        ag(
            "Ofsted rated Barset's overall effectiveness (good), help and protection (good) and care leavers (outstanding) after its inspection."
        ),
        vec![
            (A::Overall, G::Good),
            (A::HelpProtection, G::Good),
            (A::CareLeavers, G::Outstanding)
        ]
    );
    nothing(&[
        "Barset results: St Anne's - good; Hill Road - outstanding.",
        "Our visit (good) was short; the weather (outstanding) helped.",
    ]);
}

/// "Barset's children's services, rated 'inadequate' in 2017, are now 'good'": the
/// subject before a participle clause set off by commas.
#[test]
fn subject_before_a_participle_clause() {
    assert_eq!(
        ag("Barset's children's services, rated 'inadequate' in 2017, are now 'good'."),
        vec![(A::Overall, G::Inadequate), (A::Overall, G::Good)]
    );
    assert_eq!(
        ag("Help and protection, judged 'good' in 2019, has been rated 'inadequate'."),
        vec![
            (A::HelpProtection, G::Good),
            (A::HelpProtection, G::Inadequate)
        ]
    );
    assert_eq!(
        ag("The school, rated 'inadequate' in 2017, is now 'good'."),
        vec![]
    );
}

/// A grade wished for or foreseen is not given.
#[test]
fn wished_for_or_foreseen_grades() {
    nothing(&[
        "Barset's children's services aim to be 'outstanding' by the next inspection.",
        "Barset wants its children's services to be rated 'outstanding'.",
        "Barset's children's services could be upgraded to 'good' at the next inspection.",
        "Barset's children's services should be rated 'good' in every area next time.",
        "Barset's children's services would have been good with outstanding leadership.",
        "Barset's children's services are working hard to be good.",
        "Barset's children's services hope to improve to 'good'.",
        "Barset's children's services are on track to be rated 'good'.",
        "Barset's children's services have the potential to be outstanding.",
    ]);
    // the month is no modal; a modal set off by commas is another clause's
    assert_eq!(
        ag("In May 2023 Barset's children's services were judged 'good'."),
        vec![(A::Overall, G::Good)]
    );
    assert_eq!(
        ag("Barset's children's services, which will be inspected again, were rated 'good'."),
        vec![(A::Overall, G::Good)]
    );
}

/// "The council also earned this accolade for A", "It received the same rating for B":
/// the previous sentence's last grade, for the areas after the reference.
#[test]
fn grade_named_by_reference() {
    let second = |t: &str| {
        let s = t.find(". ").map_or(0, |i| i + 2);
        sentence_grades(t, s, t.len())
            .into_iter()
            .map(|r| (r.word, r.grade))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        second(
            "Services were judged to be outstanding overall. The council also earned this accolade for the impact of leaders and for help and protection."
        ),
        vec![
            (A::ImpactOfLeaders, G::Outstanding),
            (A::HelpProtection, G::Outstanding)
        ]
    );
    assert_eq!(
        second("Barset was rated good overall. It received the same rating for care leavers."),
        vec![(A::CareLeavers, G::Good)]
    );
    for t in [
        // another paragraph, no grade before, a school, negated, no area after
        "Barset was rated good overall.\n\nIt received the same rating for care leavers.",
        "Barset held a meeting. It received the same rating for care leavers.",
        "Barset was rated good overall. Its school received the same rating for leadership.",
        "Barset was rated good overall. It did not receive the same rating for care leavers.",
        "Barset was rated good overall. It received this rating for the first time.",
    ] {
        let s = t.find(". ").or_else(|| t.find("\n\n")).map_or(0, |i| i + 2);
        assert!(sentence_grades(t, s, t.len()).is_empty(), "{t}");
    }
}

#[test]
fn authority_is_grade_for_area() {
    let p = JudgementSource::Prose;
    assert_eq!(
        g(
            "Inspectors concluded that the council is ‘outstanding’ for leadership, management and governance, and ‘outstanding’ for adoption performance."
        ),
        vec![
            (AreaWord::Lmg, Grade::Outstanding, p),
            (AreaWord::Adoption, Grade::Outstanding, p),
        ]
    );
    // a bare copula with the authority and no judgement after it is no grade
    assert_eq!(g("The council is good for families."), vec![]);
}

#[test]
fn children_leaving_care_is_care_leavers() {
    assert_eq!(
        g("Barset was judged ‘good’ for the experiences of young people leaving care."),
        vec![(AreaWord::CareLeavers, Grade::Good, JudgementSource::Prose)]
    );
}

#[test]
fn ratings_received_for_areas() {
    let p = JudgementSource::Prose;
    assert_eq!(
        g(
            "Members heard that Good ratings were received for help and protection and overall effectiveness."
        ),
        vec![
            (AreaWord::HelpProtection, Grade::Good, p),
            (AreaWord::Overall, Grade::Good, p),
        ]
    );
}

#[test]
fn k_of_m_areas() {
    let t = "The council was rated inadequate in three of the four inspected categories, with the impact of leaders rated as requires improvement.";
    let got: Vec<_> = sentence_grades(t, 0, t.len())
        .into_iter()
        .map(|r| (r.word, r.grade, r.except))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                AreaWord::AllAreas,
                Grade::Inadequate,
                Except::Named(vec![AreaWord::ImpactOfLeaders])
            ),
            (
                AreaWord::ImpactOfLeaders,
                Grade::RequiresImprovement,
                Except::None
            ),
        ]
    );
    // no grade of its own for the one left over: the count cannot be resolved
    assert_eq!(
        g("Barset was rated inadequate in two of the four areas."),
        vec![]
    );
}

#[test]
fn pronoun_all_areas_after_the_services() {
    let t = "Children's services in Barset have been graded inadequate. It was rated inadequate in all areas.";
    let s = t.find("It was").unwrap_or(0);
    let got: Vec<_> = sentence_grades(t, s, t.len())
        .into_iter()
        .map(|r| (r.word, r.grade))
        .collect();
    assert_eq!(got, vec![(AreaWord::AllAreas, Grade::Inadequate)]);
    // after a school, "it" is the school
    let t = "Barset Primary School was inspected in May. It was rated inadequate in all areas.";
    let s = t.find("It was").unwrap_or(0);
    assert!(sentence_grades(t, s, t.len()).is_empty());
    // "three out of four, including ...": the areas of the three follow
    let t = "Services were judged to be outstanding in three out of four categories, including overall effectiveness.";
    assert_eq!(
        g(t),
        vec![(
            AreaWord::Overall,
            Grade::Outstanding,
            JudgementSource::Statement
        )]
    );
}

#[test]
fn rating_noun_with_copula() {
    let p = JudgementSource::Prose;
    assert_eq!(
        g("In the latest report, the council’s official rating is “adequate”."),
        vec![(AreaWord::Overall, Grade::Adequate, p)]
    );
    assert_eq!(
        g("The Ofsted rating was good news for the council."),
        vec![]
    );
    assert_eq!(g("Barset Primary School’s rating is ‘good’."), vec![]);
}

#[test]
fn outcome_of_a_group_is_no_judgement() {
    // an Every Child Matters outcome for looked-after children (2009–2013), not their
    // judgement
    assert_eq!(
        g(
            "The council was found to be “inadequate” in the economic prospects for looked-after children."
        ),
        vec![]
    );
    assert_eq!(
        g("The council was rated “good” for looked-after children."),
        vec![(AreaWord::InCare, Grade::Good, JudgementSource::Prose)]
    );
}

#[test]
fn printed_label_and_grade_with_only_a_space() {
    let t = "The individual judgements are below:\nThe experiences and progress of children in care Good\nThe experiences and progress of care leavers Outstanding\nChildren in care were seen Good";
    let t_table = JudgementSource::Table;
    assert_eq!(
        g(t),
        vec![
            (AreaWord::InCare, Grade::Good, t_table),
            (AreaWord::CareLeavers, Grade::Outstanding, t_table),
        ]
    );
}

#[test]
fn verbless_headline() {
    let o = vec![(AreaWord::Overall, Grade::Inadequate, JudgementSource::Prose)];
    assert_eq!(
        g("Barset Council’s children's services ‘inadequate’, Ofsted warn"),
        o
    );
    assert_eq!(g("Barset Children's Services 'inadequate' says Ofsted"), o);
    assert_eq!(
        g("Barset children's services 'inadequate' in some areas, report finds"),
        vec![]
    );
    assert_eq!(g("Barset schools 'inadequate', Ofsted warns"), vec![]);
    // in running text a bare quoted grade after the services is no verdict
    assert_eq!(
        g("The children's services ‘inadequate’ label was dropped. It went."),
        vec![]
    );
}
