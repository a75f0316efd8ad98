//! Old systems keep entry bodies as the HTML their editors wrote; gongkai keeps
//! Markdown. `import` turns such bodies into Markdown with htmd, keeping headings,
//! lists, emphasis, links, images and tables, and dropping styling, scripts and the
//! `&nbsp;` indentation of Word pastes.

use std::rc::Rc;

use htmd::HtmlToMarkdown;
use htmd::options::{BulletListMarker, Options};
use html5ever::LocalName;
use markup5ever_rcdom::{Node, NodeData};

/// Whether a body is HTML markup rather than Markdown or plain text: it starts with
/// an element old editors write (`<p>`, `<div>`, `<table>` …).
pub fn is_html(body: &str) -> bool {
    let start = body.trim_start().to_ascii_lowercase();
    const OPENERS: [&str; 16] = [
        "<p", "<div", "<table", "<span", "<font", "<br", "<h1", "<h2", "<h3", "<h4", "<ul", "<ol",
        "<center", "<strong", "<section", "<!--",
    ];
    OPENERS.iter().any(|o| {
        start
            .strip_prefix(o)
            .is_some_and(|rest| rest.starts_with(['>', ' ', '/', '\n', '\t']) || *o == "<!--")
    })
}

/// The Markdown of an HTML body.
pub fn to_markdown(html: &str) -> String {
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .skip_tags(vec!["script", "style", "head", "iframe", "object", "embed"])
        .build();
    let Ok(tree) = converter.html_to_tree(html) else {
        return html.to_string();
    };
    give_tables_headers(&tree);
    let md = converter.tree_to_markdown(&tree);
    tidy(&md)
}

/// Old tables have no `<th>`: their first row is the header. Markdown tables need one,
/// so that row's cells become header cells (else the table would be flattened to text).
fn give_tables_headers(node: &Rc<Node>) {
    let children: Vec<Rc<Node>> = node.children.borrow().clone();
    if tag(node) == Some("table") && !has_header(node) {
        let first_row = rows(node).into_iter().next();
        if let Some(tr) = first_row {
            let cells: Vec<Rc<Node>> = tr.children.borrow().clone();
            let renamed = cells
                .into_iter()
                .map(|cell| match (&cell.data, tag(&cell)) {
                    (NodeData::Element { name, attrs, .. }, Some("td")) => {
                        let mut name = name.clone();
                        name.local = LocalName::from("th");
                        let th = Node::new(NodeData::Element {
                            name,
                            attrs: attrs.clone(),
                            template_contents: Default::default(),
                            mathml_annotation_xml_integration_point: false,
                        });
                        let inner: Vec<Rc<Node>> = cell.children.borrow().clone();
                        for c in &inner {
                            c.parent.set(Some(Rc::downgrade(&th)));
                        }
                        *th.children.borrow_mut() = inner;
                        th.parent.set(Some(Rc::downgrade(&tr)));
                        th
                    }
                    _ => cell,
                })
                .collect();
            *tr.children.borrow_mut() = renamed;
        }
    }
    for c in &children {
        give_tables_headers(c);
    }
}

fn tag(node: &Node) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.as_ref()),
        _ => None,
    }
}

/// The rows of a table, not of tables nested in it.
fn rows(table: &Rc<Node>) -> Vec<Rc<Node>> {
    let mut out = Vec::new();
    for c in table.children.borrow().iter() {
        match tag(c) {
            Some("tr") => out.push(Rc::clone(c)),
            Some("thead" | "tbody" | "tfoot") => out.extend(
                c.children
                    .borrow()
                    .iter()
                    .filter(|r| tag(r) == Some("tr"))
                    .cloned(),
            ),
            _ => {}
        }
    }
    out
}

fn has_header(table: &Rc<Node>) -> bool {
    table
        .children
        .borrow()
        .iter()
        .any(|c| tag(c) == Some("thead"))
        || rows(table)
            .iter()
            .any(|r| r.children.borrow().iter().any(|c| tag(c) == Some("th")))
}

/// Word-paste indentation (`&nbsp;`, spaces) off each line but list items, trailing
/// spaces kept only as line breaks, runs of blank lines folded into one.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.replace('\u{a0}', " ").lines() {
        let hard_break = line.ends_with("  ") && !line.trim().is_empty();
        let line = line.trim_end();
        let text = line.trim_start_matches(' ');
        // A nested list item keeps its indentation; anything else is a paste's.
        let item = text.starts_with("- ")
            || text
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let line = if item { line } else { text };
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
        if hard_break {
            out.push_str("  ");
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_cms_body_becomes_clean_markdown() {
        let html = r#"<p style="text-indent:2em;"><span style="font-family:仿宋">各村（社区）：</span></p><p>&nbsp;&nbsp;现将有关事项通知如下：</p>
<table border="1" cellspacing="0"><tbody><tr><td>村名</td><td>金额（元）</td></tr><tr><td>红星村</td><td>1,200</td></tr></tbody></table>
<p>详见<a href="http://www.example.gov.cn/a.pdf" target="_blank">附件</a>。<br/>联系人：张三</p>
<div><strong>一、工作目标</strong></div><ul><li>第一项<ul><li>细项</li></ul></li><li>第二项</li></ul><script>alert(1)</script>"#;
        assert!(is_html(html));
        let md = to_markdown(html);
        assert_eq!(
            md,
            "各村（社区）：\n\n现将有关事项通知如下：\n\n| 村名  | 金额（元） |\n| --- | ----- |\n| 红星村 | 1,200 |\n\n详见[附件](http://www.example.gov.cn/a.pdf)。  \n联系人：张三\n\n**一、工作目标**\n\n- 第一项\n  - 细项\n- 第二项\n"
        );
    }

    #[test]
    fn markdown_and_plain_text_are_not_html() {
        assert!(!is_html("## 一、总体情况\n\n正文"));
        assert!(!is_html("根据《条例》<第十二条>……"));
        assert!(!is_html("<paragraph> is not a tag old editors write"));
        assert!(is_html("  <P>大写的标签</P>"));
    }
}
