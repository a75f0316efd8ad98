//! The report's body: split into the six parts, and read for the figures it quotes.
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
    /// A part opened twice: (part, file line of the second heading). Its text is appended.
    pub repeated: Vec<(usize, usize)>,
}

/// Splits `body`, whose first line is line `first_line` of the file.
pub fn split(body: &str, first_line: usize) -> Narrative {
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
    // (part, heading start, heading end)
    let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
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
                    cuts.push((part, start, range.end));
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
    for (k, &(part, _, end)) in cuts.iter().enumerate() {
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
                })
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

/// A figure the narrative states, that a table or the catalogue also knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoted {
    /// 收到/受理/新收 … 申请 N件 → table 三 一 (总计).
    Received,
    /// 上年结转 N件 → table 三 二.
    CarriedOver,
    /// 办结/答复 N件 → table 三 三（七）总计.
    Handled,
    /// 结转下年度 N件 → table 三 四.
    CarriedForward,
    /// 行政复议 N件 → table 四 行政复议 总计.
    Reviews,
    /// 行政诉讼 N件 → table 四 both litigation groups' 总计.
    Lawsuits,
    /// 制发/印发 … 规范性文件 N件 → table 二 normative documents issued.
    NormativeIssued,
    /// 主动公开 … 信息 N条 → the catalogue (entries disclosed that year).
    Disclosed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub what: Quoted,
    pub value: i64,
    /// The words quoted, for the message.
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// Stops a figure's context: a figure is described by the words just before it.
const CLAUSE_END: &[char] = &[
    '，', '。', '；', '、', ',', ';', '：', ':', '（', '(', '）', ')', '\n', '！', '？', '!', '?',
];
const UNITS: &[char] = &['件', '条', '起'];

/// The figures a chunk quotes, found as "words + number + 件/条/起" within a clause,
/// plus clauses that state none (未收到政府信息公开申请 → 0).
pub fn quotes(chunk: &Chunk) -> Vec<Quote> {
    let text = &chunk.text;
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut clause_start = 0;
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if CLAUSE_END.contains(&c) {
            clause_start = at + c.len_utf8();
            k += 1;
            continue;
        }
        let run = chars[k..].iter().take_while(|(_, c)| is_digit(*c)).count();
        if run == 0 {
            k += 1;
            continue;
        }
        let end = k + run;
        let unit = chars.get(end).map(|&(_, c)| c);
        let number: String = chars[k..end].iter().map(|&(_, c)| c).collect();
        match (unit, number_value(&number)) {
            (Some(u), Some(value)) if UNITS.contains(&u) => {
                let context = &text[clause_start..at];
                if let Some(what) = classify(context) {
                    let stop = chars[end].0 + u.len_utf8();
                    found.push(quote(chunk, what, value, &text[clause_start..stop], at));
                }
                clause_start = chars[end].0 + u.len_utf8();
                k = end + 1;
            }
            _ => k = end,
        }
    }
    found.extend(stated_none(chunk));
    found.sort_by_key(|q| (q.line, q.column));
    found
}

fn quote(chunk: &Chunk, what: Quoted, value: i64, words: &str, at: usize) -> Quote {
    let before = &chunk.text[..at];
    let line = chunk.line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Quote {
        what,
        value,
        text: words.trim().to_string(),
        line,
        column,
    }
}

/// Words that mark a figure about something else (petitions, suggestions, licences …).
const OTHER_MATTERS: &[&str] = &[
    "信访", "来信", "来访", "建议", "提案", "咨询", "留言", "热线", "许可", "处罚", "审批",
];

/// What the words before a figure say it counts. Deliberately strict: an error here
/// stops the build, so only unambiguous phrasings are read.
fn classify(context: &str) -> Option<Quoted> {
    let has = |words: &[&str]| words.iter().any(|w| context.contains(w));
    if has(OTHER_MATTERS) {
        return None;
    }
    if has(&["结转"]) {
        if has(&["上年", "上一年"]) {
            return Some(Quoted::CarriedOver);
        }
        if has(&["下年", "下一年"]) {
            return Some(Quoted::CarriedForward);
        }
        return None;
    }
    // As the respondent ("被申请", "提起"), not as the review body ("办理行政复议案件").
    let respondent = has(&["公开", "被申请", "被提起", "被起诉", "提起"]);
    if has(&["行政复议"]) {
        return respondent.then_some(Quoted::Reviews);
    }
    if has(&["行政诉讼"]) {
        return respondent.then_some(Quoted::Lawsuits);
    }
    if has(&["规范性文件"]) {
        return has(&["制发", "印发", "出台", "制定"]).then_some(Quoted::NormativeIssued);
    }
    if has(&["申请"]) && has(&["公开"]) && has(&["收到", "受理", "新收"]) {
        return Some(Quoted::Received);
    }
    // "办结5件" right after the requests, or "答复政府信息公开申请5件".
    if has(&["办结", "办理完毕", "答复"]) && (has(&["公开"]) || context.chars().count() <= 6)
    {
        return Some(Quoted::Handled);
    }
    if has(&[
        "主动公开政府信息",
        "主动公开各类政府信息",
        "主动公开信息",
        "主动公开各类信息",
    ]) {
        return Some(Quoted::Disclosed);
    }
    None
}

/// "未收到政府信息公开申请", "未发生……行政复议、行政诉讼": zero, said in words.
fn stated_none(chunk: &Chunk) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut start = 0;
    for clause in chunk
        .text
        .split_inclusive(['，', '。', '；', ',', ';', '\n'])
    {
        let negated = clause.contains('未') || clause.contains("没有");
        let counted = clause
            .chars()
            .zip(clause.chars().skip(1))
            .any(|(a, b)| is_digit(a) && UNITS.contains(&b));
        let other = OTHER_MATTERS.iter().any(|w| clause.contains(w));
        if negated && !counted && !other {
            let mut push = |what| out.push(quote(chunk, what, 0, clause, start));
            if clause.contains("公开申请") && ["收到", "受理"].iter().any(|w| clause.contains(w))
            {
                push(Quoted::Received);
            }
            if clause.contains("行政复议") {
                push(Quoted::Reviews);
            }
            if clause.contains("行政诉讼") {
                push(Quoted::Lawsuits);
            }
        }
        start += clause.len();
    }
    out
}

const CHINESE_DIGITS: &str = "零〇一二两三四五六七八九";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || CHINESE_DIGITS.contains(c)
        || "十百千".contains(c)
}

/// `12`, `１２`, `十二`, `一百零五` → the number.
fn number_value(s: &str) -> Option<i64> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    if ascii.bytes().all(|b| b.is_ascii_digit()) {
        return ascii.parse().ok();
    }
    if ascii.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let (mut total, mut current) = (0i64, 0i64);
    let mut pending = false;
    for c in ascii.chars() {
        if let Some(d) = digit(c) {
            current = d;
            pending = true;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += if pending || current > 0 { current } else { 1 } * unit;
        current = 0;
        pending = false;
    }
    Some(total + current)
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
    fn finds_quoted_figures() {
        let chunk = Chunk {
            text: "2024年，本镇共收到政府信息公开申请3件（其中自然人2件），上年结转1件，已全部办结4件，结转下年度继续办理0件。\n全年主动公开政府信息二十四条，制发行政规范性文件2件。因政府信息公开被申请行政复议1件、提起行政诉讼0件。另收到人大代表建议5件。".into(),
            line: 10,
        };
        let q: Vec<(Quoted, i64, usize)> = quotes(&chunk)
            .iter()
            .map(|q| (q.what, q.value, q.line))
            .collect();
        assert_eq!(
            q,
            vec![
                (Quoted::Received, 3, 10),
                (Quoted::CarriedOver, 1, 10),
                (Quoted::Handled, 4, 10),
                (Quoted::CarriedForward, 0, 10),
                (Quoted::Disclosed, 24, 11),
                (Quoted::NormativeIssued, 2, 11),
                (Quoted::Reviews, 1, 11),
                (Quoted::Lawsuits, 0, 11),
            ]
        );
        assert_eq!(quotes(&chunk)[0].text, "本镇共收到政府信息公开申请3件");
    }

    #[test]
    fn figures_about_other_matters_are_not_read() {
        let negated = Chunk {
            text: "本年度未受理行政许可申请，未收到人大代表建议。".into(),
            line: 1,
        };
        assert_eq!(quotes(&negated), vec![]);
        let chunk = Chunk {
            text: "全年受理行政许可申请41件，办理行政复议案件3件，答复群众来信来访15件，办结行政许可事项40件，主动公开财政预决算信息5条，办理人大代表建议2件，收到人大代表建议5件，上年结转资金120万元。".into(),
            line: 1,
        };
        assert_eq!(quotes(&chunk), vec![]);
    }

    #[test]
    fn zero_said_in_words() {
        let chunk = Chunk {
            text: "本年度未收到政府信息公开申请，未发生政府信息公开行政复议、行政诉讼案件。".into(),
            line: 1,
        };
        let q: Vec<(Quoted, i64)> = quotes(&chunk).iter().map(|q| (q.what, q.value)).collect();
        assert_eq!(
            q,
            vec![
                (Quoted::Received, 0),
                (Quoted::Reviews, 0),
                (Quoted::Lawsuits, 0)
            ]
        );
    }

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("一百零五", 105),
            ("两", 2),
            ("１２", 12),
            ("零", 0),
        ] {
            assert_eq!(number_value(s), Some(n), "{s}");
        }
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
