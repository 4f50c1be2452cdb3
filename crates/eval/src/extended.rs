//! Scoring the fields of the extended gold format (letters, newer reports, Area SEND):
//! letter date, theme, addressees, priority actions, JTAI inspectorates, SEND outcome.
//!
//! Columns that other parts of the pipeline add (`inspections.theme`,
//! `inspections.theme_verbatim`, the `inspectorates` table,
//! `inspections.send_outcome`) are read by name, so a column that does not exist yet is
//! scored as missed instead of failing the build.

use super::{DocScore, Field, findings_of, inspection_column, norm};
use ofsted_model::rows::{DocumentRow, InspectionRow};
use ofsted_model::vocab::{DocType, FindingKind, Framework};
use ofsted_transform::link::Tables;
use std::collections::BTreeSet;

/// How a gold string is compared with a column's value.
#[derive(Clone, Copy)]
enum Cmp {
    /// Equal as keys.
    Exact,
    /// Equal after [`norm`].
    Text,
}

impl DocScore<'_> {
    /// Scores the extended fields of one document.
    pub(super) fn extended(
        &mut self,
        doc: &DocumentRow,
        insp: Option<&InspectionRow>,
        tables: &Tables,
    ) {
        let g = self.g;
        let framework = g.framework.as_deref().unwrap_or("");
        if g.document_kind.as_deref() == Some(DocType::InspectionLetter.as_str()) {
            let got = doc.document_date.map(|d| d.to_string());
            self.field(
                Field::LetterDate,
                g.letter_date == got,
                g.letter_date.clone().unwrap_or_default(),
                got.unwrap_or_default(),
            );
            self.column(
                Field::VisitTheme,
                "theme",
                g.visit_theme.as_deref(),
                insp,
                Cmp::Exact,
            );
            let verbatim = if framework == Framework::Jtai.as_str() {
                g.jtai_theme_verbatim.as_deref()
            } else {
                g.visit_theme_verbatim.as_deref()
            };
            self.column(
                Field::ThemeVerbatim,
                "theme_verbatim",
                verbatim,
                insp,
                Cmp::Text,
            );
            self.addressee(doc, tables);
        }
        let ours = findings_of(tables, doc, &[FindingKind::PriorityAction]);
        let (count, items) = self.list(
            FindingKind::PriorityAction.as_str(),
            &g.priority_actions,
            &ours,
        );
        self.r.add_field(Field::PriorityActionCount, count);
        self.r.add_field(Field::PriorityActionItems, items);
        if framework == Framework::Jtai.as_str() {
            self.inspectorates(insp, tables);
            self.addressees(doc, tables);
        }
        if framework == Framework::AreaSend.as_str() {
            self.column(
                Field::SendOutcome,
                "send_outcome",
                g.send_outcome.as_deref(),
                insp,
                Cmp::Text,
            );
            let n = tables
                .judgements
                .iter()
                .filter(|j| j.doc_id == doc.doc_id)
                .count();
            self.field(
                Field::AreaSendWithoutJudgements,
                n == 0,
                "0".into(),
                n.to_string(),
            );
        }
    }

    /// Scores a gold value against an `inspections` column read by name.
    fn column(
        &mut self,
        name: Field,
        column: &str,
        want: Option<&str>,
        insp: Option<&InspectionRow>,
        cmp: Cmp,
    ) {
        let got = match insp.map(|i| inspection_column(i, column)) {
            None => Err("(no inspection)".to_owned()),
            Some(None) => Err(format!("(no column inspections.{column})")),
            Some(Some(v)) => Ok(v),
        };
        let ok = match (&got, cmp) {
            (Err(_), _) => false,
            (Ok(v), Cmp::Exact) => v.as_deref() == want,
            (Ok(v), Cmp::Text) => v.as_deref().map(norm) == want.map(norm),
        };
        let shown = match got {
            Err(e) => e,
            Ok(v) => v.unwrap_or_default(),
        };
        self.field(name, ok, want.unwrap_or("").to_owned(), shown);
    }

    fn addressee(&mut self, doc: &DocumentRow, tables: &Tables) {
        let g = self.g;
        let Some(a) = &g.addressee else { return };
        let ours = tables
            .people
            .iter()
            .find(|p| p.doc_id == doc.doc_id && norm(&p.name) == norm(&a.name));
        self.field(
            Field::Addressee,
            ours.is_some(),
            a.name.clone(),
            String::new(),
        );
        let Some(p) = ours else { return };
        let text = |s: &Option<String>| s.as_deref().map(norm);
        self.field(
            Field::AddresseeRole,
            text(&a.role) == text(&p.role),
            a.role.clone().unwrap_or_default(),
            p.role.clone().unwrap_or_default(),
        );
        self.field(
            Field::AddresseeOrganisation,
            text(&a.organisation) == text(&p.organisation),
            a.organisation.clone().unwrap_or_default(),
            p.organisation.clone().unwrap_or_default(),
        );
    }

    /// JTAI: every addressee found by name in the document's `people`, and the
    /// organisation of those found.
    fn addressees(&mut self, doc: &DocumentRow, tables: &Tables) {
        let g = self.g;
        for a in &g.addressees {
            let found = tables
                .people
                .iter()
                .find(|p| p.doc_id == doc.doc_id && norm(&p.name) == norm(&a.name));
            self.field(
                Field::JtaiAddresseesFound,
                found.is_some(),
                a.name.clone(),
                String::new(),
            );
            let Some(p) = found else { continue };
            let org = |s: &Option<String>| s.as_deref().map(norm);
            self.field(
                Field::JtaiAddresseeOrganisation,
                org(&a.organisation) == org(&p.organisation),
                format!("{}: {}", a.name, a.organisation.clone().unwrap_or_default()),
                p.organisation.clone().unwrap_or_default(),
            );
        }
    }

    /// JTAI: the set of inspectorates, from the `inspectorates` rows of the inspection.
    fn inspectorates(&mut self, insp: Option<&InspectionRow>, tables: &Tables) {
        let g = self.g;
        let Some(want) = &g.inspectorates else { return };
        let want: BTreeSet<String> = want.iter().map(|s| s.to_lowercase()).collect();
        let got: BTreeSet<String> = insp
            .map(|i| {
                tables
                    .inspectorates
                    .iter()
                    .filter(|r| r.inspection_id == i.inspection_id)
                    .map(|r| r.inspectorate.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let ok = got == want;
        let shown = got.into_iter().collect::<Vec<_>>().join(";");
        let want = want.into_iter().collect::<Vec<_>>().join(";");
        self.field(Field::Inspectorates, ok, want, shown);
    }
}
