//! The steps of [`find_mentions`](super::find_mentions): the sentences of each unit, the
//! inspection events their anchors name, the grades the text gives and the events they go
//! to, and the mentions made of those events.

use super::grades::{self, RawGrade};
use super::text::{self, Unit};
use super::{
    Attr, Event, Group, HEAD, Kind, MentionContext, Ref, attach_dated, attribute, bounds,
    headline_verdict, nearest_compatible, new_event, principal_event, refs_generic_span,
    sentence_groups, subject_event, to_mention, unnamed_current, when,
};
use crate::{InspectionMention, LaRef, Spanned};
use chrono::NaiveDate;
use ofsted_model::doc::{Note, Severity};
use ofsted_model::vocab::Relation;

/// The sentences of each unit, in unit order (a table row's cells count as prose too).
pub(super) fn unit_sentences(text: &str, units: &[Unit]) -> Vec<Vec<(usize, usize)>> {
    let mut unit_sentences: Vec<Vec<(usize, usize)>> = Vec::new();
    for u in units {
        let mut ss = Vec::new();
        if u.is_row() {
            for &(cs, ce) in &u.cells {
                ss.extend(text::sentences(text, cs, ce));
            }
        } else {
            ss = text::sentences(text, u.start, u.end);
        }
        unit_sentences.push(ss);
    }
    unit_sentences
}

/// The inspection events a document's anchors name, the references to them from the text,
/// and the undated anchor groups not yet placed.
pub(super) struct Anchored {
    pub(super) events: Vec<Event>,
    pub(super) refs: Vec<Ref>,
    undated: Vec<Group>,
}

impl Anchored {
    /// Pass 1: the events of the dated anchor groups of every sentence (an undated,
    /// not generic group is kept for [`Anchored::place_undated`]).
    pub(super) fn read(
        text: &str,
        units: &[Unit],
        unit_sentences: &[Vec<(usize, usize)>],
        dates: (Option<&Spanned<NaiveDate>>, Option<when::YearRef>),
        notes: &mut Vec<Note>,
    ) -> Anchored {
        let mut found = Anchored {
            events: Vec::new(),
            refs: Vec::new(),
            undated: Vec::new(),
        };
        let head = text.get(..crate::floor_boundary(text, HEAD)).unwrap_or("");
        for (u, ss) in units.iter().zip(unit_sentences) {
            for &(s, e) in ss {
                let before = text.get(u.start.min(s)..s).unwrap_or("");
                let context = format!("{head}\n{before}");
                for g in sentence_groups(text, (s, e), &context, dates, notes) {
                    if g.date.is_some() {
                        let idx = attach_dated(&mut found.events, &found.refs, &g);
                        found.refs.push(Ref {
                            pos: g.pos,
                            event: idx,
                        });
                    } else if !g.generic {
                        found.undated.push(g);
                    }
                }
            }
        }
        found
    }

    /// Undated specific anchors refer to the nearest compatible event (in the document's
    /// opening, else the one current event of no named kind), or start one.
    pub(super) fn place_undated(&mut self, now: Option<NaiveDate>) {
        for g in &self.undated {
            if g.kind == Kind::Generic {
                continue;
            }
            let target = nearest_compatible(&self.events, &self.refs, g).or_else(|| {
                (g.pos < HEAD)
                    .then(|| unnamed_current(&self.events, now))
                    .flatten()
            });
            let idx = match target {
                Some(i) => {
                    if let Some(ev) = self.events.get_mut(i).filter(|ev| ev.kind == Kind::Generic) {
                        ev.kind = g.kind;
                        ev.kind_span = g.kind_span;
                    }
                    i
                }
                None => {
                    self.events.push(new_event(g));
                    self.events.len() - 1
                }
            };
            self.refs.push(Ref {
                pos: g.pos,
                event: idx,
            });
        }
    }

    /// Without a current event, the inspection a verdict in the headline names
    /// ([`headline_verdict`]) becomes one.
    pub(super) fn add_headline_verdict(&mut self, text: &str, now: Option<NaiveDate>) {
        if subject_event(&self.events, now).is_none()
            && let Some(g) = headline_verdict(text, &self.undated)
        {
            self.events.push(new_event(g));
            self.refs.push(Ref {
                pos: g.pos,
                event: self.events.len() - 1,
            });
        }
    }
}

/// Pass 2: what reads the grades of a document and says where each goes.
pub(super) struct GradeReader<'a> {
    pub(super) text: &'a str,
    pub(super) units: &'a [Unit],
    pub(super) unit_sentences: &'a [Vec<(usize, usize)>],
    /// References to the events, in text order.
    pub(super) refs: &'a [Ref],
    pub(super) events: &'a [Event],
    pub(super) years: Option<when::YearRef>,
}

impl GradeReader<'_> {
    /// The grades of every unit in text order, each with where it goes.
    pub(super) fn read(&self) -> Vec<(RawGrade, Attr)> {
        let mut pending: Vec<(RawGrade, Attr)> = Vec::new();
        let mut i = 0;
        while i < self.units.len() {
            let Some(u) = self.units.get(i) else { break };
            if u.is_row() {
                let mut j = i;
                while self.units.get(j).is_some_and(Unit::is_row) {
                    j += 1;
                }
                self.table(i, j, &mut pending);
                i = j;
                continue;
            }
            self.prose(i, &mut pending);
            i += 1;
        }
        pending
    }

    /// The grades of the table of rows `units[i..j]`, given to the inspection the preceding
    /// paragraph talks about; a table without table grades is read row by row as prose.
    fn table(&self, i: usize, j: usize, pending: &mut Vec<(RawGrade, Attr)>) {
        let rows: Vec<&Unit> = self.units.get(i..j).unwrap_or(&[]).iter().collect();
        let found = grades::table_grades(self.text, &rows);
        if found.is_empty() {
            for k in i..j {
                self.prose(k, pending);
            }
            return;
        }
        // the inspection the preceding paragraph talks about
        let target = (0..i)
            .rev()
            .find_map(|k| self.units.get(k).filter(|x| !x.is_row()))
            .and_then(|p| {
                self.refs
                    .iter()
                    .rev()
                    .find(|r| r.pos >= p.start && r.pos < p.end)
                    .map(|r| r.event)
            });
        for g in found {
            pending.push((g, target.map_or(Attr::Unknown, Attr::Event)));
        }
    }

    /// The grades of the sentences of unit `k`, each attributed ([`attribute`]).
    fn prose(&self, k: usize, pending: &mut Vec<(RawGrade, Attr)>) {
        let text = self.text;
        for &(s, e) in self.unit_sentences.get(k).map_or(&[][..], |v| v.as_slice()) {
            for g in grades::sentence_grades(text, s, e) {
                let t = attribute(
                    text,
                    self.refs,
                    self.events,
                    (s, e),
                    g.end,
                    self.units.get(k),
                    self.years,
                );
                pending.push((g, t));
            }
        }
    }
}

/// Gives each pending grade to its event; a grade the text does not place goes to the
/// inspection the document reports on, else (past the opening) its principal event, else
/// to one new undated event. A grade of an unnamed earlier inspection is noted and dropped.
pub(super) fn assign_grades(
    text: &str,
    events: &mut Vec<Event>,
    pending: Vec<(RawGrade, Attr)>,
    now: Option<NaiveDate>,
    notes: &mut Vec<Note>,
) {
    let principal = principal_event(events);
    // visits and JTAIs give no grades: an unplaced grade is never theirs
    let graded_kind = |i: &usize| events.get(*i).is_some_and(|e| !e.kind.is_visit());
    let current = subject_event(events, now).filter(graded_kind);
    let principal = principal.filter(graded_kind);
    let mut undated_idx: Option<usize> = None;
    for (g, t) in pending {
        let t = match t {
            Attr::Event(x) => Some(x),
            Attr::Unknown => None,
            Attr::Drop => {
                notes.push(unnamed_inspection_note(&g));
                continue;
            }
        };
        // a grade the text does not place: the inspection the document reports on; in the
        // opening of a document that names no current one, a new (undated) one
        let fallback = current.or(principal.filter(|_| g.start >= HEAD));
        let idx = match t.or(fallback) {
            Some(x) => x,
            None => match undated_idx {
                Some(x) => x,
                None => {
                    // grades without any dated or named inspection: one undated event
                    events.push(undated_event(text, &g));
                    undated_idx = Some(events.len() - 1);
                    events.len() - 1
                }
            },
        };
        if let Some(ev) = events.get_mut(idx) {
            ev.grades.push(g);
        }
    }
}

/// The note on grade `g` of an earlier inspection the document does not name.
fn unnamed_inspection_note(g: &RawGrade) -> Note {
    Note::at(
        Severity::Info,
        "grade_of_unnamed_inspection",
        format!(
            "{} for {} belongs to an earlier inspection the document does not name: not recorded",
            g.grade.as_str(),
            g.area_verbatim
        ),
        g.start,
        g.end,
    )
}

/// The undated event of grades no dated or named inspection takes, its evidence the first
/// "inspection" word of the text (else grade `g` itself).
fn undated_event(text: &str, g: &RawGrade) -> Event {
    let kind_span = refs_generic_span(text).unwrap_or((g.start, g.end));
    Event {
        kind: Kind::Generic,
        kind_span,
        itype: None,
        date: None,
        first_pos: kind_span.0,
        previous: false,
        grades: Vec::new(),
    }
}

/// The mentions of `events` in text order; the `subject` event is the one the document
/// reports on, the others it mentions.
pub(super) fn ordered_mentions(
    events: &[Event],
    subject: Option<usize>,
    la: Option<&Spanned<LaRef>>,
    doc_date: Option<&Spanned<NaiveDate>>,
    notes: &mut Vec<Note>,
) -> Vec<InspectionMention> {
    let after = latest_earlier(events);
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&k| events.get(k).map_or(usize::MAX, |e| e.first_pos));
    order
        .into_iter()
        .filter_map(|k| {
            let relation = if Some(k) == subject {
                Relation::ReportsOn
            } else {
                Relation::Mentions
            };
            events.get(k).map(|ev| (ev, relation))
        })
        .map(|(ev, relation)| {
            let ctx = MentionContext {
                relation,
                la,
                doc_date,
                after: after.as_ref(),
            };
            to_mention(ev, &ctx, notes)
        })
        .collect()
}

/// The first day (with the date's span) of the latest dated event the document calls
/// earlier ("the last inspection in 2021").
fn latest_earlier(events: &[Event]) -> Option<Spanned<NaiveDate>> {
    events
        .iter()
        .filter(|e| e.previous)
        .filter_map(|e| {
            let d = e.date.as_ref()?;
            let (first, _) = bounds(&d.value)?;
            Some(Spanned {
                value: first,
                start: d.start,
                end: d.end,
            })
        })
        .max_by_key(|d| (d.value, d.start))
}
