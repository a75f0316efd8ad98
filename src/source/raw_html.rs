//! Raw HTML in Markdown bodies: how deep its tags nest, and a cap on it.
//!
//! An HTML parser keeps a stack of open elements and searches it for many tags, so
//! nesting N deep costs about N² (a 1 MB body of 100,000 nested `<div>`s took a minute
//! to sanitise). One linear pass drops the tags beyond `MAX_DEPTH` — their text stays —
//! before the sanitiser sees the HTML, so its cost stays linear in the body's size.
//! Real documents nest a few dozen levels at most (tables in tables in lists).
//!
//! The pass only counts; the sanitiser still decides what is allowed. Elements whose end
//! tag may be left out (`<li>`, `<p>`, `<td>`, `<tr>` …) close their open siblings as a
//! browser would, so long lists and tables written without end tags are not counted as
//! nesting.

/// Deeper tags than this are dropped (their text is kept).
pub const MAX_DEPTH: usize = 128;

/// How deep the tags of `html` nest (as this module counts them).
pub fn depth(html: &str) -> usize {
    let mut max = 0;
    walk(html, |_, _, depth| {
        max = max.max(depth);
        true
    });
    max
}

/// `html` without the tags nested deeper than `MAX_DEPTH` (`None`: nothing to drop).
pub fn cap(html: &str) -> Option<String> {
    if depth(html) <= MAX_DEPTH {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    walk(html, |start, end, depth| {
        if depth > MAX_DEPTH {
            out.push_str(&html[last..start]);
            last = end;
        }
        true
    });
    out.push_str(&html[last..]);
    Some(out)
}

/// Elements that never have content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is text, not tags.
const RAW_TEXT: [&str; 9] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Open elements that a start tag of `name` closes first (end tags that may be left out).
fn closes(name: &str, open: &str) -> bool {
    match name {
        "li" => matches!(open, "li" | "p"),
        "dt" | "dd" => matches!(open, "dt" | "dd" | "p"),
        "tr" => matches!(open, "tr" | "td" | "th"),
        "td" | "th" => matches!(open, "td" | "th"),
        "thead" | "tbody" | "tfoot" => {
            matches!(open, "thead" | "tbody" | "tfoot" | "tr" | "td" | "th")
        }
        "option" => open == "option",
        "optgroup" => matches!(open, "optgroup" | "option"),
        "rb" | "rt" | "rp" | "rtc" => matches!(open, "rb" | "rt" | "rp"),
        "p" | "div" | "ul" | "ol" | "dl" | "table" | "blockquote" | "pre" | "section"
        | "article" | "aside" | "header" | "footer" | "nav" | "main" | "figure" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "hr" | "form" | "fieldset" | "address" | "details" => {
            open == "p"
        }
        _ => false,
    }
}

/// How far down the stack an end tag looks for its element (misnested HTML); further
/// than that it is left to the parser, so this pass stays linear.
const END_TAG_REACH: usize = 32;

/// Calls `tag(start, end, depth)` for every start and end tag of an element that nests,
/// with the depth of the element it opens or closes (1 = top level).
fn walk(html: &str, mut tag: impl FnMut(usize, usize, usize) -> bool) {
    let b = html.as_bytes();
    // Open elements: name and depth.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let start = i + off;
        i = start + 1;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        let (is_end, name_at) = if b.get(start + 1) == Some(&b'/') {
            (true, start + 2)
        } else {
            (false, start + 1)
        };
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            continue; // `<` as text, `<!doctype>`, `<?pi>`
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let end = tag_end(b, name_at + name_len);
        i = end;
        if is_end {
            let found = stack
                .iter()
                .rev()
                .take(END_TAG_REACH)
                .position(|(n, _)| *n == name);
            if let Some(up) = found {
                let at = stack.len() - 1 - up;
                let depth = stack[at].1;
                stack.truncate(at);
                if !tag(start, end, depth) {
                    return;
                }
            }
            continue;
        }
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        while stack.last().is_some_and(|(open, _)| closes(&name, open)) {
            stack.pop();
        }
        let depth = stack.last().map_or(1, |(_, d)| d + 1);
        if !tag(start, end, depth) {
            return;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Its text runs to its end tag; the end tag is seen by the next round.
            i = end_tag(b, end, name.as_bytes());
        }
        stack.push((name, depth));
    }
}

/// Where `</name` (any case) starts at or after `from`; the end of the text if nowhere.
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    while let Some(off) = memchr_lt(&b[k..]) {
        let at = k + off;
        let candidate = b.get(at + 2..at + 2 + name.len());
        if b.get(at + 1) == Some(&b'/') && candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return at;
        }
        k = at + 1;
    }
    b.len()
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Where the tag whose name ends at `from` ends (after `>`), skipping quoted values.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return from + k + 1,
            None => {}
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_as_a_browser_would() {
        assert_eq!(depth("<div><p>a</p><p>b</p></div>"), 2);
        assert_eq!(
            depth("<ul><li>a<li>b<li>c</ul>"),
            2,
            "siblings without end tags"
        );
        let rows = "<tr><td>a<td>b".repeat(1000);
        assert_eq!(depth(&format!("<table>{rows}</table>")), 3);
        assert_eq!(depth("<p>a<br>b<img src=x><hr/></p>"), 1);
        assert_eq!(depth("<div title='a>b'><span>x</span></div>"), 2);
        assert_eq!(depth("<script>if (a<b) {}</script><b>x</b>"), 1);
        assert_eq!(depth("<!-- <div><div> --><i>x</i>"), 1);
        assert_eq!(depth("1 < 2 and <3"), 0);
    }

    #[test]
    fn caps_deep_nesting_and_keeps_the_text() {
        let html = format!("{}深处{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let capped = cap(&html).unwrap();
        assert_eq!(depth(&capped), MAX_DEPTH);
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert!(capped.contains("深处"));
        assert_eq!(cap("<div>浅</div>"), None);
    }
}
