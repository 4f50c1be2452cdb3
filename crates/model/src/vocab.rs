//! Closed vocabularies of the tables. Each enum's `as_str` is the exact value written to
//! the tables; the README lists them.

use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The value written to the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            /// Parses a table value back.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab! {
    /// What kind of document an input is.
    DocType {
        /// An Ofsted inspection report.
        InspectionReport => "inspection_report",
        /// An Ofsted letter (unannounced inspections, focused and monitoring visits).
        InspectionLetter => "inspection_letter",
        /// A council committee paper about an inspection.
        CommitteeReport => "committee_report",
        /// A news article.
        NewsArticle => "news_article",
        /// Anything else.
        Other => "other",
    }
}

vocab! {
    /// The inspection framework of an inspection event.
    Framework {
        /// Inspection of local authority children's services (2018+).
        Ilacs => "ilacs",
        /// Single inspection framework (2013–2018).
        Sif => "sif",
        /// Inspection of looked after children services (2013).
        LacOnly => "lac_only",
        /// Inspection of safeguarding and looked after children services (to 2013).
        SafeguardingAndLac => "safeguarding_and_lac",
        /// Annual unannounced inspection of contact, referral and assessment (2009–2012).
        UnannouncedCra => "unannounced_cra",
        /// An ILACS focused visit.
        FocusedVisit => "focused_visit",
        /// A monitoring visit to an authority judged inadequate.
        MonitoringVisit => "monitoring_visit",
        /// A joint targeted area inspection.
        Jtai => "jtai",
        /// An Area SEND inspection of a local area partnership (Ofsted and CQC, special
        /// educational needs and disabilities): never any children's-services judgements.
        AreaSend => "area_send",
        /// Not determined.
        Unknown => "unknown",
    }
}

vocab! {
    /// How a document relates to an inspection (`document_inspections.relation`).
    Relation {
        /// The Ofsted report or letter of the inspection.
        Primary => "primary",
        /// A paper or article whose subject is the inspection.
        ReportsOn => "reports_on",
        /// A passing reference (the previous inspection, a visit in between).
        Mentions => "mentions",
    }
}

vocab! {
    /// How a document was tied to an inspection (`document_inspections.match_basis`).
    MatchBasis {
        /// The inspection's own Ofsted report or letter.
        OwnDocument => "own_document",
        /// Same authority and framework, overlapping days.
        LaAndDate => "la_and_date",
        /// Same authority and framework, same month or year.
        LaAndPeriod => "la_and_period",
        /// Same authority and framework, no date, the grades agree.
        LaAndGrade => "la_and_grade",
        /// Same authority, the only inspection of that framework, nothing else to compare.
        LaAndFramework => "la_and_framework",
        /// No Ofsted document in the inputs: made from the papers themselves.
        SecondaryEvidence => "secondary_evidence",
    }
}

vocab! {
    /// What an inspection row rests on (`inspections.evidence`).
    Evidence {
        /// Its Ofsted report or letter is among the inputs.
        OfstedDocument => "ofsted_document",
        /// Only council papers or news articles describe it.
        SecondaryOnly => "secondary_only",
    }
}

vocab! {
    /// ILACS inspection type.
    InspectionType {
        /// A standard inspection (about two weeks on site).
        Standard => "standard",
        /// A short inspection (about one week on site).
        Short => "short",
    }
}

vocab! {
    /// How the inspection type was established.
    TypeBasis {
        /// The document says so.
        Stated => "stated",
        /// Inferred from the number of days on site.
        InferredFromDuration => "inferred_from_duration",
        /// Inferred from surrounding context (e.g. a previous grade).
        InferredFromContext => "inferred_from_context",
    }
}

vocab! {
    /// Judgement grade.
    Grade {
        /// Outstanding (code 1).
        Outstanding => "outstanding",
        /// Good (code 2).
        Good => "good",
        /// Requires improvement (to be good) (code 3).
        RequiresImprovement => "requires_improvement",
        /// Adequate, older frameworks (code 3).
        Adequate => "adequate",
        /// Inadequate (code 4).
        Inadequate => "inadequate",
    }
}

impl Grade {
    /// Ofsted's numeric grade: 1 outstanding, 2 good, 3 requires improvement or adequate,
    /// 4 inadequate.
    pub fn code(self) -> i32 {
        match self {
            Grade::Outstanding => 1,
            Grade::Good => 2,
            Grade::RequiresImprovement | Grade::Adequate => 3,
            Grade::Inadequate => 4,
        }
    }
}

vocab! {
    /// Where in the document a judgement was read.
    JudgementSource {
        /// A judgement table row.
        Table => "table",
        /// A section heading ("...: good").
        Heading => "heading",
        /// A headline statement ("The overall judgement is inadequate").
        Statement => "statement",
        /// Running prose ("rated ... as outstanding").
        Prose => "prose",
    }
}

vocab! {
    /// Kind of a finding list item.
    FindingKind {
        /// What needs to improve / areas for improvement.
        Improvement => "improvement",
        /// Strengths.
        Strength => "strength",
        /// Areas that meet statutory requirements.
        MeetsRequirements => "meets_requirements",
        /// Areas for development.
        AreaForDevelopment => "area_for_development",
        /// Recommendations (priority and immediate actions).
        Recommendation => "recommendation",
        /// A letter's "areas for priority action".
        PriorityAction => "priority_action",
    }
}

vocab! {
    /// An inspectorate taking part in a (joint) inspection.
    Inspectorate {
        /// Ofsted.
        Ofsted => "ofsted",
        /// The Care Quality Commission.
        Cqc => "cqc",
        /// His/Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services.
        Hmicfrs => "hmicfrs",
        /// His/Her Majesty's Inspectorate of Probation.
        HmiProbation => "hmi_probation",
    }
}

/// The focus of a focused or monitoring visit or JTAI (`inspections.theme`): one of these
/// keys, or `other:<snake_case>`. Ofsted's official statistics' "Visit Theme" values map
/// onto them ("Front door", "Children in need/subject to a plan", "Children in care",
/// "Care leavers", "Achieving permanence"; "Vulnerable adolescents" is
/// `other:vulnerable_adolescents`).
pub mod theme {
    /// Contacts, referrals, the multi-agency safeguarding hub, initial need and risk.
    pub const FRONT_DOOR: &str = "front_door";
    /// Children in need and children subject to a child protection plan.
    pub const CHILDREN_IN_NEED_OR_PLAN: &str = "children_in_need_or_plan";
    /// Children in care.
    pub const CHILDREN_IN_CARE: &str = "children_in_care";
    /// Care leavers.
    pub const CARE_LEAVERS: &str = "care_leavers";
    /// Planning and achieving permanence.
    pub const ACHIEVING_PERMANENCE: &str = "achieving_permanence";
    /// Disabled children.
    pub const DISABLED_CHILDREN: &str = "disabled_children";
    /// The response to the COVID-19 pandemic (autumn 2020 visits).
    pub const PANDEMIC_RESPONSE: &str = "pandemic_response";
    /// Leadership and management.
    pub const LEADERSHIP_AND_MANAGEMENT: &str = "leadership_and_management";

    /// Every fixed key (without the open-ended `other:` family).
    pub const ALL: &[&str] = &[
        FRONT_DOOR,
        CHILDREN_IN_NEED_OR_PLAN,
        CHILDREN_IN_CARE,
        CARE_LEAVERS,
        ACHIEVING_PERMANENCE,
        DISABLED_CHILDREN,
        PANDEMIC_RESPONSE,
        LEADERSHIP_AND_MANAGEMENT,
    ];
}

/// Canonical judgement area keys (see `../shared/corpus/README.md`). Older frameworks'
/// other graded judgements use `other:<snake_case>` and are not listed here.
pub mod area {
    /// Overall effectiveness.
    pub const OVERALL_EFFECTIVENESS: &str = "overall_effectiveness";
    /// ILACS: impact of leaders on social work practice.
    pub const IMPACT_OF_LEADERS: &str = "impact_of_leaders";
    /// Children who need help and protection.
    pub const HELP_AND_PROTECTION: &str = "help_and_protection";
    /// ILACS until early 2023: children in care and care leavers, combined.
    pub const CHILDREN_IN_CARE_AND_CARE_LEAVERS: &str = "children_in_care_and_care_leavers";
    /// ILACS from 2023: children in care.
    pub const CHILDREN_IN_CARE: &str = "children_in_care";
    /// Care leavers.
    pub const CARE_LEAVERS: &str = "care_leavers";
    /// SIF: children looked after and achieving permanence.
    pub const LOOKED_AFTER_AND_PERMANENCE: &str = "looked_after_and_permanence";
    /// SIF: adoption performance.
    pub const ADOPTION: &str = "adoption";
    /// SIF: leadership, management and governance.
    pub const LEADERSHIP_MANAGEMENT_GOVERNANCE: &str = "leadership_management_governance";
    /// SIF: effectiveness of the LSCB.
    pub const LSCB: &str = "lscb";
    /// Older frameworks: capacity to improve.
    pub const CAPACITY_FOR_IMPROVEMENT: &str = "capacity_for_improvement";

    /// Every canonical key (without the open-ended `other:` family).
    pub const ALL: &[&str] = &[
        OVERALL_EFFECTIVENESS,
        IMPACT_OF_LEADERS,
        HELP_AND_PROTECTION,
        CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        CHILDREN_IN_CARE,
        CARE_LEAVERS,
        LOOKED_AFTER_AND_PERMANENCE,
        ADOPTION,
        LEADERSHIP_MANAGEMENT_GOVERNANCE,
        LSCB,
        CAPACITY_FOR_IMPROVEMENT,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocab_round_trips() {
        for f in Framework::ALL {
            assert_eq!(Framework::parse(f.as_str()), Some(*f));
        }
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.as_str()), Some(*g));
        }
        assert_eq!(Grade::Adequate.code(), Grade::RequiresImprovement.code());
    }
}
