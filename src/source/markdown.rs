//! Markdown bodies to HTML: CommonMark plus tables, footnotes and strikethrough.
//!
//! Safety without the cost of an HTML parser on every page: Markdown text is escaped
//! by pulldown-cmark itself, and link targets are filtered here. Only bodies that
//! really contain raw HTML go through the sanitiser (ammonia).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, html};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders `md` to HTML. With `sanitize`, raw HTML is cleaned of scripts, event
/// handlers and `javascript:` URLs; headings are shifted so the page's own `<h1>`
/// stays the only one.
pub fn to_html(md: &str, sanitize: bool) -> String {
    // Whether to demote headings depends on the whole text, so when the text could hold
    // a level-1 heading at all, its events are collected first (one parse, not two).
    let could_have_h1 = md.contains('#') || md.contains("\n=");
    let collected: Vec<Event> = if could_have_h1 {
        Parser::new_ext(md, options()).collect()
    } else {
        Vec::new()
    };
    let has_h1 = collected.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let source: Box<dyn Iterator<Item = Event>> = if could_have_h1 {
        Box::new(collected.into_iter())
    } else {
        Box::new(Parser::new_ext(md, options()))
    };
    let mut raw_html = false;
    let events = source.map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => {
            raw_html = true;
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) if has_h1 => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(pulldown_cmark::TagEnd::Heading(level)) if has_h1 => {
            Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    if raw_html && sanitize {
        // The sanitiser's parser costs the square of the nesting depth: cap it first.
        let capped = super::raw_html::cap(&out);
        out = sanitizer()
            .clean(capped.as_deref().unwrap_or(&out))
            .to_string();
    }
    accessible_tables(out)
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Drops link targets that would run code (`javascript:`, `vbscript:`, `data:` except images).
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    if scheme.starts_with("javascript:")
        || scheme.starts_with("vbscript:")
        || scheme.starts_with("data:text")
    {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "align", "colspan", "rowspan", "scope"]);
        b
    })
}

/// Header cells get `scope="col"`, and wide tables scroll inside their own box on phones,
/// a region the keyboard can focus (and so scroll).
fn accessible_tables(html: String) -> String {
    if !html.contains("<table") {
        return html;
    }
    html.replace("<table>", TABLE_OPEN)
        .replace("</table>", "</table></div>")
        .replace("<th>", "<th scope=\"col\">")
        .replace("<th style=", "<th scope=\"col\" style=")
}

const TABLE_OPEN: &str =
    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table>";

/// The text of every heading of a Markdown body, in order.
pub fn headings(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut open {
                    h.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// Plain text of a Markdown body (for excerpts and the search index).
pub fn to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(tag) if !is_inline(tag) && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// A link or image in a body: the file line it is on and its destination as written
/// (for `check`, which resolves it against the built site).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub line: usize,
    pub url: String,
}

/// The links and images of a body that starts on line `first_line` of its file.
pub fn links(md: &str, first_line: usize) -> Vec<Link> {
    let mut line = first_line;
    let mut counted = 0;
    offsets_of_links(md)
        .into_iter()
        .map(|(offset, url)| {
            // Events come in document order: count each newline once.
            line += md.as_bytes()[counted..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = offset;
            Link { line, url }
        })
        .collect()
}

/// The targets of a body's links and images, with their byte offsets in `md`.
fn offsets_of_links(md: &str) -> Vec<(usize, String)> {
    // Every link or image needs a `]` (inline, reference) or a `<` (autolink, raw HTML):
    // most bodies have neither and need no parse.
    if !md.contains(']') && !md.contains('<') {
        return Vec::new();
    }
    Parser::new_ext(md, options())
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((range.start, dest_url.into_string()))
            }
            _ => None,
        })
        .collect()
}

fn is_inline(tag: pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd::*;
    matches!(
        tag,
        Emphasis | Strong | Strikethrough | Link | Image | Superscript | Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_footnotes_strikethrough() {
        let h = to_html(
            "| 项目 | 标准 |\n|---|---|\n| 城市 | 800元 |\n\n~~旧~~ 注[^1]\n\n[^1]: 说明\n",
            true,
        );
        assert!(h.contains(TABLE_OPEN), "{h}");
        assert!(h.contains("<th scope=\"col\">项目</th>"), "{h}");
        assert!(h.contains("<del>旧</del>"), "{h}");
        assert!(h.contains("footnote"), "{h}");
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let h = to_html(
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">段落</p>\n\n[点我](javascript:alert(1)) <a href=\"javascript:alert(2)\">a</a>",
            true,
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("段落"), "{h}");
    }

    #[test]
    fn markdown_links_are_filtered_even_without_raw_html() {
        let h = to_html("[x]( JavaScript:alert(1))", true);
        assert!(!h.to_lowercase().contains("javascript"), "{h}");
    }

    #[test]
    fn opting_out_keeps_raw_html() {
        let h = to_html("<iframe src=\"https://map.example\"></iframe>", false);
        assert!(h.contains("<iframe"), "{h}");
    }

    #[test]
    fn h1_in_body_is_demoted() {
        assert!(to_html("# 一\n\n## 二", true).contains("<h2>一</h2>\n<h3>二</h3>"));
        assert!(to_html("## 二", true).contains("<h2>二</h2>"));
    }

    #[test]
    fn links_with_their_lines() {
        let md = "见[通知](../a/)。\n\n![图](图.png \"t\")\n\n[甲](a) [乙](b)\n";
        let l = |url: &str, line| Link {
            line,
            url: url.into(),
        };
        assert_eq!(
            links(md, 7),
            [l("../a/", 7), l("图.png", 9), l("a", 11), l("b", 11)]
        );
        assert_eq!(links("没有链接。\n", 3), []);
    }

    #[test]
    fn plain_text() {
        assert_eq!(to_html("", true), "");
        assert_eq!(to_text("## 标题\n\n正文**加粗**。"), "标题 正文加粗。");
    }
}
