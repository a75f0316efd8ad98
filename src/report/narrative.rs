//! The report's body split into the six parts (the figures it quotes: `quotes`).
//!
//! How the body maps onto the parts: a level-1 or level-2 heading (`#` or `##`) whose
//! text starts with the part's number (`一、` … `六、`, also `一.`/`一．`) or is the
//! part's title without its number (`总体情况`) opens that part; the page prints the
//! official heading in its place. Text before the first such heading is the preamble.
//! Every other heading (`### （一）主动公开`) stays inside its part. Parts 二, 三 and 四
//! are tables; text written under their headings is shown below the table.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::schema::SECTIONS;

/// A piece of the body with the file line it starts on.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Narrative {
    pub preamble: Chunk,
    pub sections: [Option<Chunk>; 6],
    /// Each part's heading as written (its first heading, when opened twice).
    pub headings: [Option<String>; 6],
    /// A part opened twice: (part, file line of the second heading). Its text is appended.
    pub repeated: Vec<(usize, usize)>,
}

/// Splits `body`, whose first line is line `first_line` of the file.
pub fn split(body: &str, first_line: usize) -> Narrative {
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
    // (part, heading start, heading end, heading text)
    let mut cuts: Vec<(usize, usize, usize, String)> = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    for (event, range) in
        Parser::new_ext(body, crate::source::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1 | HeadingLevel::H2,
                ..
            }) => heading = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1 | HeadingLevel::H2)) => {
                if let Some((start, text)) = heading.take()
                    && let Some(part) = section_of(&text)
                {
                    cuts.push((part, start, range.end, text.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    let mut n = Narrative::default();
    let first_cut = cuts.first().map_or(body.len(), |c| c.1);
    n.preamble = Chunk {
        text: body[..first_cut].to_string(),
        line: first_line,
    };
    for (k, (part, _, end, heading)) in cuts.iter().enumerate() {
        let (part, end) = (*part, *end);
        let next = cuts.get(k + 1).map_or(body.len(), |c| c.1);
        let text = &body[end..next];
        match &mut n.sections[part] {
            Some(existing) => {
                n.repeated.push((part, line_at(cuts[k].1)));
                existing.text.push_str("\n\n");
                existing.text.push_str(text);
            }
            slot @ None => {
                *slot = Some(Chunk {
                    text: text.to_string(),
                    line: line_at(end),
                });
                n.headings[part] = Some(heading.clone());
            }
        }
    }
    n
}

/// The part a heading opens, if it is one of the six.
pub fn section_of(heading: &str) -> Option<usize> {
    let h = heading.trim();
    SECTIONS.iter().position(|s| {
        let (number, title) = s.split_once('、').expect("numbered heading");
        let numbered = ['、', '.', '．', ' ', '　']
            .iter()
            .any(|sep| h.starts_with(&format!("{number}{sep}")));
        numbered || h == title
    })
}

/// Years named in the body's 统计期限 sentence ("统计期限为2024年1月1日至12月31日").
pub fn period_years(body: &str, first_line: usize) -> Vec<(i32, usize)> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        for marker in ["统计期限", "统计时限", "统计期间", "统计时段"] {
            let Some(at) = line.find(marker) else {
                continue;
            };
            let rest: String = line[at..].chars().take(30).collect();
            let mut digits = String::new();
            for c in rest.chars() {
                if c.is_ascii_digit() {
                    digits.push(c);
                    continue;
                }
                if c == '年'
                    && digits.len() == 4
                    && let Ok(y) = digits.parse()
                {
                    out.push((y, first_line + n));
                }
                digits.clear();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_body_by_part_headings() {
        let body = "前言。\n\n## 一、总体情况\n\n### （一）主动公开\n\n正文一。\n\n## 五、政府信息公开工作存在的主要问题及改进情况\n\n问题。\n\n# 其他需要报告的事项\n\n无。\n\n## 附：说明\n\n附言。\n";
        let n = split(body, 20);
        assert_eq!(n.preamble.text.trim(), "前言。");
        let one = n.sections[0].as_ref().unwrap();
        assert!(one.text.contains("### （一）主动公开") && one.text.contains("正文一。"));
        assert_eq!(one.line, 23, "the line after the heading");
        assert!(n.sections[1].is_none());
        assert_eq!(n.sections[4].as_ref().unwrap().text.trim(), "问题。");
        assert_eq!(
            n.headings[4].as_deref(),
            Some("五、政府信息公开工作存在的主要问题及改进情况"),
            "the heading as written"
        );
        assert_eq!(n.headings[5].as_deref(), Some("其他需要报告的事项"));
        let six = n.sections[5].as_ref().unwrap();
        assert!(
            six.text.contains("无。") && six.text.contains("## 附：说明"),
            "unknown headings stay inside"
        );
    }

    #[test]
    fn a_body_without_part_headings_is_all_preamble() {
        let n = split("### 一、总体情况\n\n正文", 5);
        assert!(n.sections.iter().all(Option::is_none));
        assert!(n.preamble.text.contains("正文"));
    }

    #[test]
    fn period_years_are_read() {
        let y = period_years(
            "本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。",
            7,
        );
        assert_eq!(y, vec![(2023, 7), (2023, 7)]);
    }
}
