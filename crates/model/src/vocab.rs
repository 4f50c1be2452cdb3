//! Closed vocabularies of the tables: one enum per column whose values are fixed. Each
//! enum's `as_str` is the exact value written to the tables, `parse` reads it back, its
//! serde form is that same string, and its [`Vocab`] (the values with their glosses) is
//! what the column descriptions, the data package's `enum` constraints and the README
//! list, so no list of values is typed twice. `label` is the name the summary page shows.
//!
//! Judgement areas ([`Area`]) and visit themes ([`Theme`]) are open: a fixed set of
//! canonical keys plus `other:<snake_case>` for anything else.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// One value of a vocabulary as the data dictionary shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The value written to the tables.
    pub value: &'static str,
    /// What it means, when the column description says so (printed after the value).
    pub gloss: Option<&'static str>,
}

/// The allowed values of a column: what its type declares and every writer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vocab {
    /// The Rust type (`Framework`).
    pub name: &'static str,
    /// The fixed values, in declaration order.
    pub terms: &'static [Term],
    /// The pattern of the other values of an open vocabulary (`other:<snake_case>`).
    pub open: Option<&'static str>,
}

impl Vocab {
    /// The fixed values, in declaration order.
    pub fn values(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.terms.iter().map(|t| t.value)
    }

    fn term(t: &Term, sep: &str) -> String {
        match t.gloss {
            Some(g) if sep == "; " => format!("`{}` {g}", t.value),
            Some(g) => format!("`{}` ({g})", t.value),
            None => format!("`{}`", t.value),
        }
    }

    /// The fixed values as a description lists them: ``"`a`, `b` or `c`"`` (`{or}`),
    /// ``"`a`, `b`, `c`"`` (`{list}`) or ``"`a` gloss; `b` gloss"`` (`{semi}`); glosses in
    /// brackets after their value in the first two.
    pub fn render(&self, placeholder: &str) -> Option<String> {
        let terms: Vec<&Term> = self.terms.iter().collect();
        let item =
            |sep: &str| -> Vec<String> { terms.iter().map(|t| Vocab::term(t, sep)).collect() };
        Some(match placeholder {
            "{or}" => {
                let items = item(", ");
                match items.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => items.join(""),
                }
            }
            "{list}" => item(", ").join(", "),
            "{semi}" => item("; ").join("; "),
            "{open}" => format!("`{}`", self.open?),
            _ => return None,
        })
    }

    /// A column description template with its placeholders (`{or}`, `{list}`, `{semi}`,
    /// `{open}`) replaced by this vocabulary's values.
    pub fn describe(&self, template: &str) -> String {
        let mut out = template.to_owned();
        for p in ["{or}", "{list}", "{semi}", "{open}"] {
            if out.contains(p)
                && let Some(r) = self.render(p)
            {
                out = out.replace(p, &r);
            }
        }
        out
    }
}

macro_rules! vocab_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Cow::<'de, str>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown {} `{s}`: expected one of {}",
                        stringify!($name),
                        $name::VOCAB.values().collect::<Vec<_>>().join(", ")
                    ))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.as_str())
            }
        }

        impl $crate::schema::ColumnValue for $name {
            const TYPE: $crate::schema::ColType = $crate::schema::ColType::Str;
            const NULLABLE: bool = false;
            const VOCAB: Option<&'static Vocab> = Some(&$name::VOCAB);
            fn to_value(&self) -> $crate::schema::Value {
                $crate::schema::Value::Str(self.as_str().into_owned_string())
            }
        }

        impl $crate::schema::ColumnValue for Option<$name> {
            const TYPE: $crate::schema::ColType = $crate::schema::ColType::Str;
            const NULLABLE: bool = true;
            const VOCAB: Option<&'static Vocab> = Some(&$name::VOCAB);
            fn to_value(&self) -> $crate::schema::Value {
                match self {
                    Some(x) => $crate::schema::ColumnValue::to_value(x),
                    None => $crate::schema::Value::Null,
                }
            }
        }
    };
}

/// `&'static str` and `Cow<str>` alike to an owned `String` (for the two kinds of `as_str`).
trait IntoOwnedString {
    fn into_owned_string(self) -> String;
}

impl IntoOwnedString for &str {
    fn into_owned_string(self) -> String {
        self.to_owned()
    }
}

impl IntoOwnedString for Cow<'_, str> {
    fn into_owned_string(self) -> String {
        self.into_owned()
    }
}

macro_rules! vocab_pick {
    ($x:literal ; $default:expr) => {
        $x
    };
    (; $default:expr) => {
        $default
    };
}

macro_rules! vocab_opt {
    ($x:literal) => {
        Some($x)
    };
    () => {
        None
    };
}

/// Declares a closed vocabulary: `Variant => "value"`, optionally followed by
/// `(label = "Page label", gloss = "what the description says of it")`.
macro_rules! vocab {
    ($(#[$m:meta])* $name:ident {
        $($(#[$vm:meta])* $v:ident => $s:literal
            $(( $(label = $label:literal)? $(,)? $(gloss = $gloss:literal)? ))?
        ),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The values with their glosses, as the data dictionary lists them.
            pub const VOCAB: Vocab = Vocab {
                name: stringify!($name),
                terms: &[$(Term { value: $s, gloss: vocab_opt!($($($gloss)?)?) }),+],
                open: None,
            };

            /// The value written to the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            /// The name the summary page shows.
            pub fn label(self) -> &'static str {
                match self { $($name::$v => vocab_pick!($($($label)?)? ; $s)),+ }
            }

            /// Parses a table value back.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        vocab_serde!($name);
    };
}

/// Declares an open vocabulary: fixed keys plus `Other(name)` for `other:<name>`.
macro_rules! open_vocab {
    ($(#[$m:meta])* $name:ident {
        $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $v,)+
            /// Any other value, `other:<snake_case>`; holds the snake_case name.
            Other(String),
        }

        impl $name {
            /// Every fixed key, in declaration order (without the open `other:` family).
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The fixed keys and the pattern of the others.
            pub const VOCAB: Vocab = Vocab {
                name: stringify!($name),
                terms: &[$(Term { value: $s, gloss: None }),+],
                open: Some("other:<snake_case>"),
            };

            /// The value written to the tables (`other:<name>` for [`Self::Other`]).
            pub fn as_str(&self) -> Cow<'static, str> {
                match self {
                    $($name::$v => Cow::Borrowed($s),)+
                    $name::Other(name) => Cow::Owned(format!("other:{name}")),
                }
            }

            /// Parses a table value back: a fixed key, or `other:<name>` (any name, so
            /// that every value written reads back).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($s => Some($name::$v),)+
                    _ => s.strip_prefix("other:").map(|n| $name::Other(n.to_owned())),
                }
            }

            /// The fixed key, if this is one.
            pub fn fixed(&self) -> Option<&'static str> {
                match self {
                    $($name::$v => Some($s),)+
                    $name::Other(_) => None,
                }
            }

            /// The name the summary page shows: the key's words, capitalised
            /// (`help_and_protection` → "Help and protection"); `other:foo_bar` →
            /// "Other: foo bar".
            pub fn label(&self) -> String {
                let (prefix, rest) = match self {
                    $name::Other(name) => ("Other: ", name.as_str()),
                    _ => ("", self.fixed().unwrap_or_default()),
                };
                let words = rest.replace('_', " ");
                let mut chars = words.chars();
                let cap = match chars.next() {
                    Some(c) if prefix.is_empty() => c.to_uppercase().chain(chars).collect(),
                    _ => words.clone(),
                };
                format!("{prefix}{cap}")
            }
        }

        vocab_serde!($name);
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
    /// The format of an input, detected from its bytes (never from its file name).
    SourceFormat {
        /// A PDF file (starts with `%PDF-`).
        Pdf => "pdf",
        /// An HTML page.
        Html => "html",
        /// Plain UTF-8 (or repaired) text.
        Text => "text",
    }
}

vocab! {
    /// The inspection framework of an inspection event.
    Framework {
        /// Inspection of local authority children's services (2018+).
        Ilacs => "ilacs" (label = "ILACS"),
        /// Single inspection framework (2013–2018).
        Sif => "sif" (label = "SIF"),
        /// Inspection of looked after children services (2013).
        LacOnly => "lac_only" (label = "LAC"),
        /// Inspection of safeguarding and looked after children services (to 2013).
        SafeguardingAndLac => "safeguarding_and_lac" (label = "Safeguarding & LAC"),
        /// Annual unannounced inspection of contact, referral and assessment (2009–2012).
        UnannouncedCra => "unannounced_cra" (label = "CRA"),
        /// An ILACS focused visit.
        FocusedVisit => "focused_visit" (label = "Focused visit"),
        /// A monitoring visit to an authority judged inadequate.
        MonitoringVisit => "monitoring_visit" (label = "Monitoring visit"),
        /// A joint targeted area inspection.
        Jtai => "jtai" (label = "JTAI"),
        /// An Area SEND inspection of a local area partnership (Ofsted and CQC, special
        /// educational needs and disabilities): never any children's-services judgements.
        AreaSend => "area_send" (label = "Area SEND"),
        /// Not determined.
        Unknown => "unknown" (label = "Unknown"),
    }
}

impl Framework {
    /// ILACS and SIF: the full inspections, graded on the same four-point overall scale
    /// (`inspection_summary` compares them with each other; other frameworks only match
    /// themselves).
    pub fn is_full_inspection(self) -> bool {
        matches!(self, Framework::Ilacs | Framework::Sif)
    }
}

vocab! {
    /// How a document relates to an inspection (`document_inspections.relation`).
    Relation {
        /// The Ofsted report or letter of the inspection.
        Primary => "primary" (gloss = "the Ofsted report or letter of this inspection"),
        /// A paper or article whose subject is the inspection.
        ReportsOn => "reports_on" (gloss = "a council paper or article whose subject is this inspection"),
        /// A passing reference (the previous inspection, a visit in between).
        Mentions => "mentions" (gloss = "a passing reference, such as the previous inspection"),
    }
}

vocab! {
    /// How a document was tied to an inspection (`document_inspections.match_basis`).
    MatchBasis {
        /// The inspection's own Ofsted report or letter.
        OwnDocument => "own_document" (gloss = "its Ofsted report or letter"),
        /// Same authority and framework, overlapping days.
        LaAndDate => "la_and_date" (gloss = "same authority and framework, overlapping days"),
        /// Same authority and framework, same month or year.
        LaAndPeriod => "la_and_period" (gloss = "same authority and framework, same month or year"),
        /// Same authority and framework, no date, the grades agree.
        LaAndGrade => "la_and_grade" (gloss = "same authority and framework, no date, the grades agree"),
        /// Same authority, the only inspection of that framework, nothing else to compare.
        LaAndFramework => "la_and_framework" (gloss = "same authority, the only inspection of that framework"),
        /// No Ofsted document in the inputs: made from the papers themselves.
        SecondaryEvidence => "secondary_evidence" (gloss = "no Ofsted document in the inputs: the inspection is made from the papers themselves"),
    }
}

vocab! {
    /// What an inspection row rests on (`inspections.evidence`).
    Evidence {
        /// Its Ofsted report or letter is among the inputs.
        OfstedDocument => "ofsted_document" (gloss = "when an Ofsted report or letter of this inspection is among the inputs"),
        /// Only council papers or news articles describe it.
        SecondaryOnly => "secondary_only" (gloss = "when only council papers or news articles describe it"),
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
        Outstanding => "outstanding" (label = "Outstanding"),
        /// Good (code 2).
        Good => "good" (label = "Good"),
        /// Requires improvement (to be good) (code 3).
        RequiresImprovement => "requires_improvement" (label = "Requires improvement"),
        /// Adequate, older frameworks (code 3).
        Adequate => "adequate" (label = "Adequate"),
        /// Inadequate (code 4).
        Inadequate => "inadequate" (label = "Inadequate"),
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
    /// Overall effectiveness against the previous inspection of the same kind
    /// (`inspection_summary.direction`).
    Direction {
        /// A better grade than before.
        Improved => "improved",
        /// A worse grade than before.
        Declined => "declined",
        /// The same grade code.
        Same => "same" (gloss = "requires improvement and adequate count as the same grade"),
    }
}

impl Direction {
    /// The direction of grade `now` against grade `before` (by [`Grade::code`]).
    pub fn of(now: Grade, before: Grade) -> Direction {
        match now.code().cmp(&before.code()) {
            std::cmp::Ordering::Less => Direction::Improved,
            std::cmp::Ordering::Greater => Direction::Declined,
            std::cmp::Ordering::Equal => Direction::Same,
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
        PriorityAction => "priority_action" (gloss = "a letter's \"areas for priority action\""),
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

vocab! {
    /// What a `paragraphs` row is.
    ParagraphKind {
        /// A paragraph of running text.
        Paragraph => "paragraph",
        /// An item of a bulleted or numbered list.
        ListItem => "list_item",
    }
}

vocab! {
    /// Which table a `provenance` row describes.
    EntityTable {
        /// A `documents` row (`entity_id` is its `doc_id`).
        Documents => "documents",
        /// An `inspections` row (`entity_id` is its `inspection_id`).
        Inspections => "inspections",
    }
}

vocab! {
    /// Severity of a note (`quality.severity`).
    Severity {
        /// Something repaired or worth knowing; the value is trustworthy.
        Info => "info" (gloss = "repaired"),
        /// A doubt: a value was left null or chosen between conflicting sources.
        Warning => "warning" (gloss = "doubt; value left null or chosen"),
        /// Damage or a conflict that makes part of the document unusable.
        Error => "error" (gloss = "damage"),
    }
}

vocab! {
    /// The stage that wrote a `quality` row.
    QualityStage {
        /// Reading the bytes and cleaning the text.
        Extract => "extract",
        /// Reading one document's facts.
        Transform => "transform",
        /// Linking documents into inspections.
        Link => "link",
        /// Writing the tables.
        Load => "load",
    }
}

vocab! {
    /// The stage that rejected an input (`rejects.stage`).
    RejectStage {
        /// Finding and reading the input files.
        Discover => "discover",
        /// Reading the bytes and cleaning the text.
        Extract => "extract",
        /// Reading the document's facts.
        Transform => "transform",
        /// Writing the tables.
        Load => "load",
    }
}

vocab! {
    /// Why an input was rejected (`rejects.reason`).
    RejectReason {
        /// The name says PDF, the bytes are not (an HTML error page saved as `.pdf`).
        NotAPdf => "not_a_pdf",
        /// Zero bytes.
        EmptyFile => "empty_file",
        /// Binary data that is neither PDF nor text.
        BinaryFile => "binary_file",
        /// Over `input.max_file_mb`.
        TooLarge => "too_large",
        /// An encrypted PDF.
        EncryptedPdf => "encrypted_pdf",
        /// The PDF parser failed.
        PdfParseError => "pdf_parse_error",
        /// A PDF cut short that no engine could read.
        TruncatedPdf => "truncated_pdf",
        /// Over the per-document time budget (`extract.time_budget_ms`).
        Timeout => "timeout",
        /// The reading or analysis panicked.
        Panic => "panic",
        /// The file could not be read.
        IoError => "io_error",
        /// Read fine, but no text came out (scanned images, blank).
        NoText => "no_text",
        /// The same bytes as another input, which is in the tables.
        Duplicate => "duplicate" (gloss = "the same bytes as another input, which is in the tables"),
    }
}

impl RejectReason {
    /// Whether the same bytes and options may give another outcome next time (a time-out
    /// or a panic), so the reject is not cached.
    pub fn may_recur_differently(self) -> bool {
        matches!(self, RejectReason::Timeout | RejectReason::Panic)
    }
}

vocab! {
    /// What kind of publication Ofsted's label names (`publications.kind`).
    PublicationKind {
        /// A children's services inspection (ILACS or SIF).
        IlacsOrSif => "ilacs_or_sif",
        /// A single inspection.
        Sif => "sif",
        /// A focused visit.
        FocusedVisit => "focused_visit",
        /// A monitoring visit.
        MonitoringVisit => "monitoring_visit",
        /// A joint targeted area inspection (or joint area child protection inspection).
        Jtai => "jtai",
        /// An Area SEND inspection.
        AreaSend => "area_send",
        /// A safeguarding and looked after children inspection.
        Slac => "slac",
        /// Any other label.
        Other => "other",
    }
}

impl PublicationKind {
    /// The frameworks a document of this kind may have; `None` when the label says
    /// nothing checkable.
    pub fn frameworks(self) -> Option<&'static [Framework]> {
        Some(match self {
            PublicationKind::IlacsOrSif => &[Framework::Ilacs, Framework::Sif],
            PublicationKind::Sif => &[Framework::Sif],
            PublicationKind::FocusedVisit => &[Framework::FocusedVisit],
            PublicationKind::MonitoringVisit => &[Framework::MonitoringVisit],
            PublicationKind::Jtai => &[Framework::Jtai],
            PublicationKind::Slac => &[Framework::SafeguardingAndLac, Framework::LacOnly],
            PublicationKind::AreaSend | PublicationKind::Other => return None,
        })
    }
}

vocab! {
    /// Status of a publication in the sync ledger (`publications.status`).
    PubStatus {
        /// Listed on the site, not downloaded yet (new, or the sync stopped first).
        Listed => "listed",
        /// Downloaded, checked and renamed into place.
        Held => "held",
        /// The last download attempt failed (`last_error` says why); retried at the next sync.
        Failed => "failed",
        /// Listed before, gone from the site since; the file (if held) is kept.
        WithdrawnSeen => "withdrawn_seen" (gloss = "gone from the site; file kept"),
        /// robots.txt forbids fetching the file.
        SkippedRobots => "skipped_robots",
    }
}

vocab! {
    /// Whether a `local_authorities` row's codes are still in use.
    LaStatus {
        /// Codes in use today.
        Current => "current" (gloss = "codes in use today"),
        /// The same authority continues under another code.
        Recoded => "recoded" (gloss = "the same authority continues under another code"),
        /// The authority no longer exists.
        Abolished => "abolished",
    }
}

vocab! {
    /// What a `changes` row records.
    Change {
        /// An inspection not published before.
        New => "new" (gloss = "inspection not published before"),
        /// A value of an inspection differs.
        Changed => "changed" (gloss = "a value differs"),
        /// An inspection no longer in the tables.
        Gone => "gone" (gloss = "inspection no longer in the tables"),
    }
}

open_vocab! {
    /// A judgement area (`judgements.area`): the canonical keys (see
    /// `../shared/corpus/README.md`), or `other:<snake_case>` for the other graded
    /// judgements of older frameworks.
    Area {
        /// Overall effectiveness.
        OverallEffectiveness => "overall_effectiveness",
        /// ILACS: impact of leaders on social work practice.
        ImpactOfLeaders => "impact_of_leaders",
        /// Children who need help and protection.
        HelpAndProtection => "help_and_protection",
        /// ILACS until early 2023: children in care and care leavers, combined.
        ChildrenInCareAndCareLeavers => "children_in_care_and_care_leavers",
        /// ILACS from 2023: children in care (a SIF report's children in care are
        /// [`Area::LookedAfterAndPermanence`]).
        ChildrenInCare => "children_in_care",
        /// Care leavers (ILACS from 2023; a SIF sub-judgement).
        CareLeavers => "care_leavers",
        /// SIF: children looked after and achieving permanence.
        LookedAfterAndPermanence => "looked_after_and_permanence",
        /// SIF: adoption performance.
        Adoption => "adoption",
        /// SIF: leadership, management and governance.
        LeadershipManagementGovernance => "leadership_management_governance",
        /// SIF: effectiveness of the LSCB.
        Lscb => "lscb",
        /// Older frameworks: capacity to improve.
        CapacityForImprovement => "capacity_for_improvement",
    }
}

impl Area {
    /// The framework a report judging this area must be, when only one has it: the ILACS
    /// areas (impact of leaders, children in care and care leavers, children in care) and
    /// the SIF ones (looked after and permanence, adoption, LSCB, leadership, management
    /// and governance). Overall effectiveness, help and protection and care leavers are
    /// judged by both.
    pub fn framework(&self) -> Option<Framework> {
        match self {
            Area::ImpactOfLeaders | Area::ChildrenInCareAndCareLeavers | Area::ChildrenInCare => {
                Some(Framework::Ilacs)
            }
            Area::LookedAfterAndPermanence
            | Area::Adoption
            | Area::Lscb
            | Area::LeadershipManagementGovernance => Some(Framework::Sif),
            _ => None,
        }
    }
}

open_vocab! {
    /// The focus of a focused or monitoring visit or JTAI (`inspections.theme`): one of
    /// these keys, or `other:<snake_case>`. Ofsted's official statistics' "Visit Theme"
    /// values map onto them ("Front door", "Children in need/subject to a plan", "Children
    /// in care", "Care leavers", "Achieving permanence"; "Vulnerable adolescents" is
    /// `other:vulnerable_adolescents`).
    Theme {
        /// Contacts, referrals, the multi-agency safeguarding hub, initial need and risk.
        FrontDoor => "front_door",
        /// Children in need and children subject to a child protection plan.
        ChildrenInNeedOrPlan => "children_in_need_or_plan",
        /// Children in care.
        ChildrenInCare => "children_in_care",
        /// Care leavers.
        CareLeavers => "care_leavers",
        /// Planning and achieving permanence.
        AchievingPermanence => "achieving_permanence",
        /// Disabled children.
        DisabledChildren => "disabled_children",
        /// The response to the COVID-19 pandemic (autumn 2020 visits).
        PandemicResponse => "pandemic_response",
        /// Leadership and management.
        LeadershipAndManagement => "leadership_and_management",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocab_round_trips() {
        for f in Framework::ALL {
            assert_eq!(Framework::parse(f.as_str()), Some(*f));
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
            assert_eq!(serde_json::from_str::<Framework>(&json).unwrap(), *f);
        }
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.as_str()), Some(*g));
        }
        assert_eq!(Grade::Adequate.code(), Grade::RequiresImprovement.code());
        let e = serde_json::from_str::<Grade>("\"great\"").unwrap_err();
        assert!(e.to_string().contains("unknown Grade `great`"), "{e}");
    }

    #[test]
    fn open_vocabularies_read_back_every_value() {
        for a in Area::ALL {
            assert_eq!(Area::parse(&a.as_str()).as_ref(), Some(a));
        }
        let o = Area::parse("other:quality_of_provision").unwrap();
        assert_eq!(o, Area::Other("quality_of_provision".into()));
        assert_eq!(o.as_str(), "other:quality_of_provision");
        assert_eq!(o.label(), "Other: quality of provision");
        assert_eq!(Area::HelpAndProtection.label(), "Help and protection");
        assert_eq!(Theme::parse("other:"), Some(Theme::Other(String::new())));
        assert_eq!(Theme::parse("front door"), None);
        let json = serde_json::to_string(&Theme::Other("neglect".into())).unwrap();
        assert_eq!(json, "\"other:neglect\"");
    }

    #[test]
    fn descriptions_list_the_values() {
        let v = Relation::VOCAB;
        assert_eq!(
            v.describe("{or}."),
            "`primary` (the Ofsted report or letter of this inspection), `reports_on` (a council paper or article whose subject is this inspection) or `mentions` (a passing reference, such as the previous inspection)."
        );
        assert_eq!(
            InspectionType::VOCAB.describe("x: {list}; {or}"),
            "x: `standard`, `short`; `standard` or `short`"
        );
        assert_eq!(
            Area::VOCAB.render("{open}").unwrap(),
            "`other:<snake_case>`"
        );
        assert_eq!(Grade::VOCAB.render("{open}"), None);
        assert_eq!(Framework::AreaSend.label(), "Area SEND");
        assert_eq!(Severity::Info.label(), "info");
    }
}
