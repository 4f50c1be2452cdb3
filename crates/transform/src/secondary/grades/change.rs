//! Grades stated as a change of grade: "have been upgraded to 'good'", "were downgraded by
//! Ofsted to 'inadequate'", "have improved from 'inadequate' to 'requires improvement'",
//! "has moved up a grade to good", "its rating fell to inadequate", "Ofsted has upgraded
//! the council's children's services to 'outstanding'". The grade after "to" is the new one
//! and is framed like "rated"; the grade after "from" is an earlier inspection's and is not
//! read at all.

use super::{GRADE_ALT, Hit, Sentence};
use crate::{Lazy, re};
use std::sync::LazyLock;

/// An optional agent ("by Ofsted") and earlier grade ("from 'inadequate' in 2019"), then
/// "to" and the new grade's opening quote.
const TAIL: &str = r#"(?:\s+(?:by|from)\s+(?:ofsted|inspectors|the\s+(?:inspectorate|regulator|watchdog)))?(?:\s+(?:all\s+the\s+way\s+)?from\s+[‘'“"]?(?:GRADES)[’'”"]?(?:\s+(?:in|at)\s+[^,;.]{1,30}?)?)?\s+(?:up\s+)?to\s*[‘'“"]?\s*$"#;

/// A change verb right before the new grade: a verb that takes the graded object
/// ("upgraded <object> to"), a verb of moving ("improved", "fell", "moved up a grade",
/// "improved its rating"), or one that needs "from" ("went from ... to"); then [`TAIL`].
static CHANGE_RE: Lazy = LazyLock::new(|| {
    let tail = TAIL.replace("GRADES", GRADE_ALT);
    let transitive = r"(?:upgraded|upgrades?|upgrading|downgraded|downgrades?|downgrading|raised|raises|lifted|lifts|promoted|promotes|demoted|demotes)(?:\s+(?P<obj>[^,;:.]{1,60}?))?";
    let moving = r"(?:improved|improves|moved|moves|move|rose|risen|rises|climbed|climbs|jumped|jumps|dropped|drops|fell|fallen|falls|slipped|slips|declined|declines|sank|sunk|sinks|returned|returns|bounced)(?:\s+(?:up|down|back|straight))?(?:\s+(?:by\s+)?(?:a|one|two|three)\s+(?:grades?|notch(?:es)?|levels?|steps?|places?))?(?:\s+(?:its|their|the|our)\s+(?:overall\s+)?(?:ratings?|grades?|gradings?|judge?ments?))?";
    let going = format!(
        r#"(?:gone|went|goes|come|came|comes)(?:\s+all\s+the\s+way)?\s+from\s+[‘'“"]?(?:{GRADE_ALT})[’'”"]?(?:\s+(?:in|at)\s+[^,;.]{{1,30}}?)?"#
    );
    crate::rx::new(&format!(r"(?i)\b(?:{transitive}|{moving}|{going}){tail}")).ok()
});

/// "from <grade>" ended right before a grade word.
static FROM_RE: Lazy = LazyLock::new(|| crate::rx::new(r#"(?i)\bfrom\s*[‘'“"]?\s*$"#).ok());

/// What joins an earlier grade to the new one: "' to '", "' in 2019 to '".
static TO_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(r#"(?i)^[’'”"]?(?:\s+(?:in|at)\s+[^,;.]{1,30}?)?\s+(?:up\s+)?to\s+[‘'“"]?$"#)
        .ok()
});

/// "its rating", "'s overall grade" ending an object: the rating named, not its holder.
static RATING_TAIL_RE: Lazy = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)(?:\s+(?:overall\s+)?(?:ratings?|grades?|gradings?|judge?ments?)\s*)?(?:\s+(?:by|from)\s+(?:ofsted|inspectors|the\s+(?:inspectorate|regulator|watchdog))\s*)?$",
    )
    .ok()
});

/// The change verb at the end of `clause` (the text up to the new grade): its start, and
/// the span of the object of a verb that takes one ("upgraded the council's rating"),
/// without a rating noun or agent at its end (relative to `clause`).
pub(super) fn frame(clause: &str) -> Option<(usize, Option<(usize, usize)>)> {
    let c = re(&CHANGE_RE)?.captures(clause)?;
    let start = c.get(0)?.start();
    let object = c.name("obj").and_then(|o| {
        let tail = re(&RATING_TAIL_RE)?.find(o.as_str())?;
        (tail.start() > 0).then_some((o.start(), o.start() + tail.start()))
    });
    Some((start, object))
}

/// Whether the `i`th grade word of the sentence is the earlier grade of "from <grade> to
/// <grade>": a history, not a judgement of the inspection.
pub(super) fn is_from(sn: &Sentence<'_>, i: usize) -> bool {
    let (Some(&hit), Some(&next)) = (sn.hits.get(i), sn.hits.get(i + 1)) else {
        return false;
    };
    from_to(sn.body, hit, next)
}

fn from_to(body: &str, hit: Hit, next: Hit) -> bool {
    let before = body.get(..hit.start).unwrap_or("");
    let between = body.get(hit.end..next.start).unwrap_or("");
    re(&FROM_RE).is_some_and(|r| r.is_match(before))
        && re(&TO_RE).is_some_and(|r| r.is_match(between))
}

crate::rx::register!(CHANGE_RE, FROM_RE, TO_RE, RATING_TAIL_RE);
