//! HTML to text: block elements become paragraph breaks, `<br>` a line break, table cells
//! tabs, entities decoded, script/style/head and navigation menus dropped.

use regex::Regex;
use std::sync::LazyLock;

/// Elements whose content is never text.
/// `nav` holds a site's menus and breadcrumbs, never the document's own words.
const DROP: &[&str] = &[
    "script", "style", "head", "noscript", "template", "svg", "iframe", "object", "select", "nav",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "form",
    "main",
    "figure",
    "figcaption",
    "address",
    "caption",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
    "center",
    "title",
];

/// Converts an HTML document or fragment to text with blank lines between blocks.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut pre = 0usize;
    while let Some(lt) = rest.find('<') {
        let (text, tail) = rest.split_at(lt);
        push_text(&mut out, text, pre > 0);
        let after = tail.get(1..).unwrap_or("");
        if !starts_tag(after) {
            // a '<' that is text ("a < b")
            push_text(&mut out, "<", pre > 0);
            rest = after;
            continue;
        }
        if tail.starts_with("<!--") {
            rest = after_comment(tail);
            continue;
        }
        let Some(gt) = tail.find('>') else {
            // an unclosed tag at the end: keep it as text
            push_text(&mut out, tail, pre > 0);
            rest = "";
            break;
        };
        let tag = tail.get(1..gt).unwrap_or("");
        rest = tail.get(gt + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name = tag_name(tag);
        if name.is_empty() {
            // <!DOCTYPE ...>, <?xml ...?>, </>
            continue;
        }
        if !closing && DROP.contains(&name.as_str()) && !tag.ends_with('/') {
            rest = after_element(rest, &name);
            continue;
        }
        push_tag_break(&mut out, &name, closing, &mut pre);
    }
    push_text(&mut out, rest, pre > 0);
    tidy(&out)
}

/// Whether the text right after a '<' starts a tag (a letter, '/', '!' or '?'), not a
/// '<' of the text.
fn starts_tag(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// What follows the comment `tail` starts with (nothing when it is not closed).
fn after_comment(tail: &str) -> &str {
    match tail.find("-->") {
        Some(e) => tail.get(e + 3..).unwrap_or(""),
        None => "",
    }
}

/// The lowercased element name of the inside of a tag (`/p class=x` gives `p`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// What follows the closing tag of a dropped element `name` whose content is `rest`
/// (nothing when it is not closed).
fn after_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    let lower_rest = rest.to_ascii_lowercase();
    match lower_rest.find(&close) {
        Some(p) => {
            let after = rest.get(p..).unwrap_or("");
            match after.find('>') {
                Some(g) => after.get(g + 1..).unwrap_or(""),
                None => "",
            }
        }
        None => "",
    }
}

/// Appends the break a tag makes (line, paragraph, list item, row or cell), and counts
/// the `<pre>` elements open in `pre`.
fn push_tag_break(out: &mut String, name: &str, closing: bool, pre: &mut usize) {
    match name {
        "br" => out.push('\n'),
        "li" => out.push_str(if closing { "\n\n" } else { "\n\n- " }),
        "tr" if !closing => {
            out.push('\n');
        }
        "td" | "th" if !closing => {
            out.push('\t');
        }
        "pre" => {
            out.push_str("\n\n");
            *pre = if closing {
                pre.saturating_sub(1)
            } else {
                *pre + 1
            };
        }
        n if BLOCK.contains(&n) => out.push_str("\n\n"),
        _ => {}
    }
}

/// Appends decoded text, collapsing whitespace runs outside `<pre>`.
fn push_text(out: &mut String, raw: &str, pre: bool) {
    if raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    if pre {
        out.push_str(&decoded);
        return;
    }
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{A0}' {
            if !out.ends_with([' ', '\n', '\t']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Removes spaces around line breaks and cells, and squeezes blank-line runs.
fn tidy(s: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in s.split('\n') {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let mut l = cells.join("\t");
        // a leading tab is the first cell separator of a row: drop it
        while l.starts_with('\t') {
            l.remove(0);
        }
        lines.push(l.trim_end().to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut blanks = 0;
    for l in lines {
        if l.is_empty() {
            blanks += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blanks > 0 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        out.push_str(&l);
    }
    out
}

static ENTITY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?").ok()
});

/// Decodes character references (`&amp;`, `&#8217;`, `&#x2019;` and common named ones).
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let Some(re) = ENTITY.as_ref() else {
        return s.to_owned();
    };
    re.replace_all(s, |caps: &regex::Captures<'_>| {
        let whole = caps.get(0).map_or("", |m| m.as_str());
        let body = caps.get(1).map_or("", |m| m.as_str());
        entity(body).map_or_else(|| whole.to_owned(), |c| c.to_string())
    })
    .into_owned()
}

fn entity(body: &str) -> Option<String> {
    if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        // HTML maps C1 code points to Windows-1252
        let c = match code {
            0x92 => '’',
            0x91 => '‘',
            0x93 => '“',
            0x94 => '”',
            0x96 => '–',
            0x97 => '—',
            0 => '\u{FFFD}',
            _ => char::from_u32(code)?,
        };
        return Some(c.to_string());
    }
    let s = match body {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "ndash" => "–",
        "mdash" => "—",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "hellip" => "…",
        "pound" => "£",
        "euro" => "€",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "bull" => "•",
        "middot" => "·",
        "laquo" => "«",
        "raquo" => "»",
        "shy" => "\u{AD}",
        "deg" => "°",
        "frac12" => "½",
        "times" => "×",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "acirc" => "â",
        "ecirc" => "ê",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "ouml" => "ö",
        "uuml" => "ü",
        "auml" => "ä",
        "ccedil" => "ç",
        "ntilde" => "ñ",
        "szlig" => "ß",
        "thinsp" | "ensp" | "emsp" => " ",
        "zwnj" | "zwj" => "",
        _ => return None,
    };
    Some(s.to_owned())
}

static TEXT_TAG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::rx::new(
        r"(?i)</?(p|div|br|span|b|i|u|em|strong|li|ul|ol|h[1-6]|a|table|tr|td|th|tbody|thead|section|article|blockquote|font|sup|sub|small|hr|center)(?:\s[^<>]{0,300})?/?>",
    )
    .ok()
});

/// Removes HTML tags that leaked into a text file (`<p>…</p>`): block tags become
/// paragraph breaks, `<br>` a line break, inline tags nothing; entities are decoded when
/// tags were found. Returns the text and how many tags were removed.
pub(crate) fn strip_tags_in_text(s: &str) -> (String, usize) {
    let Some(re) = TEXT_TAG.as_ref() else {
        return (s.to_owned(), 0);
    };
    let mut n = 0usize;
    let out = re.replace_all(s, |caps: &regex::Captures<'_>| {
        n += 1;
        let whole = caps.get(0).map_or("", |m| m.as_str());
        let name = caps
            .get(1)
            .map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
        let closing = whole.starts_with("</");
        match name.as_str() {
            "br" => "\n".to_owned(),
            "li" => (if closing { "\n\n" } else { "\n\n- " }).to_owned(),
            "td" | "th" => (if closing { "" } else { "\t" }).to_owned(),
            "tr" => "\n".to_owned(),
            "span" | "b" | "i" | "u" | "em" | "strong" | "a" | "font" | "sup" | "sub" | "small" => {
                String::new()
            }
            _ => "\n\n".to_owned(),
        }
    });
    if n == 0 {
        return (s.to_owned(), 0);
    }
    (decode_entities(&out), n)
}

crate::rx::register!(ENTITY, TEXT_TAG);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_breaks_entities() {
        let h = "<html><head><title>T</title><style>p{}</style></head><body>\
                 <h1>Title</h1><p>One &amp; two&nbsp;three<br>next</p>\
                 <script>var x = '<p>';</script><ul><li>a</li><li>b &#8217; &#x2019;</li></ul></body></html>";
        let t = html_to_text(h);
        assert_eq!(t, "Title\n\nOne & two\u{A0}three\nnext\n\n- a\n\n- b ’ ’");
    }

    #[test]
    fn tables_become_tab_rows() {
        let t = html_to_text(
            "<table><tr><th>Judgement</th><th>Grade</th></tr><tr><td>Overall effectiveness</td><td>Good</td></tr></table>",
        );
        assert_eq!(t, "Judgement\tGrade\nOverall effectiveness\tGood");
    }

    #[test]
    fn lone_lt_and_unclosed() {
        assert_eq!(html_to_text("a < b and c"), "a < b and c");
        assert_eq!(html_to_text("x <p"), "x <p");
        assert_eq!(html_to_text("<p>a<!-- hidden"), "a");
    }

    #[test]
    fn text_with_p_tags() {
        let (t, n) = strip_tags_in_text("<p>SUMMARY</p> <p>An &amp; b</p>\tx");
        assert_eq!(n, 4);
        assert!(!t.contains("<p>"));
        assert!(t.contains("SUMMARY\n\n \n\nAn & b"));
        assert_eq!(strip_tags_in_text("a <b c").1, 0);
    }
}
