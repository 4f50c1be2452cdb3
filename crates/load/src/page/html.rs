//! Small HTML building blocks: escaping, URL encoding, tables with real header markup.

use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a relative path for an `href`, keeping `/` separators.
pub(crate) fn url_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A safe fragment id from arbitrary text (ids are hex hashes in practice).
pub(crate) fn anchor(prefix: &str, id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{clean}")
}

/// One table cell: already-rendered HTML, and whether it is numeric (right-aligned).
pub(crate) struct Cell {
    pub(crate) html: String,
    pub(crate) numeric: bool,
}

impl Cell {
    /// A text cell (escaped).
    pub(crate) fn text(s: &str) -> Cell {
        Cell {
            html: esc(s),
            numeric: false,
        }
    }

    /// A number cell.
    pub(crate) fn num(n: impl std::fmt::Display) -> Cell {
        Cell {
            html: n.to_string(),
            numeric: true,
        }
    }

    /// A cell of trusted HTML (built by this module's callers from escaped parts).
    pub(crate) fn html(html: String) -> Cell {
        Cell {
            html,
            numeric: false,
        }
    }
}

/// A data table: caption, column headers (`scope="col"`), and rows whose first cell is a
/// row header (`scope="row"`).
pub(crate) fn table(
    out: &mut String,
    class: &str,
    caption: &str,
    head: &[&str],
    rows: Vec<Vec<Cell>>,
) {
    let _ = write!(
        out,
        "<table class=\"{class}\"><caption>{}</caption><thead><tr>",
        esc(caption)
    );
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, c) in row.into_iter().enumerate() {
            let num = if c.numeric { " class=\"num\"" } else { "" };
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\"{num}>{}</th>", c.html);
            } else {
                let _ = write!(out, "<td{num}>{}</td>", c.html);
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// A paragraph of escaped text.
pub(crate) fn para(out: &mut String, class: &str, text: &str) {
    let _ = writeln!(out, "<p class=\"{class}\">{}</p>", esc(text));
}

/// A percentage with no decimals, from a part and a whole (0 when the whole is 0).
pub(crate) fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_encodes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url_path("dev/A b#1.pdf"), "dev/A%20b%231.pdf");
        assert_eq!(anchor("i", "ab:c"), "i-ab-c");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }
}
