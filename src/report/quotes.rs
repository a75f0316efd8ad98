//! The figures the report's prose states (in 一、总体情况) that a table or the catalogue
//! also knows, read as "words + number + 件/条/起" within a clause (R7).
//!
//! Reading is deliberately narrow: a figure is only read when the words just before it
//! say what it counts. How sure the reading is decides what a mismatch does (`rules`):
//! - 收到/新收 … 申请 N件 means the new requests (表三 一);
//! - 受理 … 申请 N件 is used by real reports both for the new requests and for the new
//!   plus the carried-over ones. When the sentence itself splits the figure
//!   ("121件（其中本年度新收申请数112件，上年结转申请数9件）") it is the sum and the
//!   parts are read as well; otherwise either reading is accepted.

use super::narrative::Chunk;

/// What a quoted figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoted {
    /// 收到/新收 … 申请 N件 → table 三 一 (总计).
    Received,
    /// 受理 … 申请 N件 → table 三 一, or 一 + 二.
    Accepted,
    /// 上年结转 N件 → table 三 二.
    CarriedOver,
    /// 办结/答复 N件 → table 三 三（七）总计.
    Handled,
    /// 结转下年度 N件 → table 三 四.
    CarriedForward,
    /// 予以公开 / 同意公开 N件 → （一）.
    Granted,
    /// 部分公开 N件 → （二）.
    PartlyGranted,
    /// 予以公开及部分公开 N件 → （一） + （二）.
    GrantedOrPartly,
    /// 不予公开 / 不同意公开 N件 → （三）, all eight reasons.
    Withheld,
    /// 无法提供 N件 → （四）.
    Unable,
    /// 不予处理 N件 → （五）.
    NotProcessed,
    /// 其他处理 N件 → （六）.
    OtherHandling,
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
    /// The same sentence splits this total into parts, one of them 上年结转
    /// ("其中…上年结转…"): it counts the new and the carried-over requests.
    pub with_carried_over: bool,
}

/// Stops a figure's context: a figure is described by the words just before it.
const CLAUSE_END: &[char] = &[
    '，', '。', '；', '、', ',', ';', '：', ':', '（', '(', '）', ')', '\n', '！', '？', '!', '?',
];
const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?', '\n'];
const UNITS: &[char] = &['件', '条', '起'];

/// A figure found, with where it sits (byte offsets into the chunk).
struct Found {
    quote: Quote,
    start: usize,
    end: usize,
    sentence: usize,
    paragraph: usize,
}

/// The figures a chunk quotes, plus clauses that state none (未收到政府信息公开申请 → 0).
pub fn quotes(chunk: &Chunk) -> Vec<Quote> {
    let text = &chunk.text;
    let mut found: Vec<Found> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut clause_start, mut sentence, mut paragraph) = (0, 0, 0);
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if CLAUSE_END.contains(&c) {
            clause_start = at + c.len_utf8();
            sentence += usize::from(SENTENCE_END.contains(&c));
            paragraph += usize::from(c == '\n');
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
                let stop = chars[end].0 + u.len_utf8();
                // "行政复议7件，诉讼9件": a bare 诉讼 right after the reviews.
                let after_reviews = found
                    .last()
                    .is_some_and(|f| f.paragraph == paragraph && f.quote.what == Quoted::Reviews);
                let what = classify(context).or_else(|| {
                    (after_reviews && context.contains("诉讼") && !has_other_matters(context))
                        .then_some(Quoted::Lawsuits)
                });
                if let Some(what) = what {
                    found.push(Found {
                        quote: quote(chunk, what, value, &text[clause_start..stop], at),
                        start: clause_start,
                        end: stop,
                        sentence,
                        paragraph,
                    });
                }
                clause_start = stop;
                k = end + 1;
            }
            _ => k = end,
        }
    }
    mark_split_totals(text, &mut found);
    let mut out: Vec<Quote> = found.into_iter().map(|f| f.quote).collect();
    out.extend(stated_none(chunk));
    out.sort_by_key(|q| (q.line, q.column));
    out
}

/// A requests total followed, in the same sentence, by "其中 …" (or "含 …") parts of
/// which one is 上年结转 counts the carried-over requests too.
fn mark_split_totals(text: &str, found: &mut [Found]) {
    for i in 0..found.len() {
        if !matches!(found[i].quote.what, Quoted::Received | Quoted::Accepted) {
            continue;
        }
        // Only parts (本年新收 …) may come between the total and its 上年结转 part.
        let part = found[i + 1..]
            .iter()
            .take_while(|f| f.sentence == found[i].sentence)
            .find(|f| f.quote.what != Quoted::Received)
            .filter(|f| f.quote.what == Quoted::CarriedOver);
        let Some(part) = part else { continue };
        let between = &text[found[i].end..part.start];
        let opened = ["其中", "含", "包括"]
            .iter()
            .filter_map(|w| between.rfind(w))
            .max();
        // The parts are listed after 其中 and before any closing bracket.
        let split = opened.is_some_and(|o| !between[o..].contains(['）', ')']));
        found[i].quote.with_carried_over = split;
    }
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
        with_carried_over: false,
    }
}

/// Words that mark a figure about something else (petitions, suggestions, licences …).
const OTHER_MATTERS: &[&str] = &[
    "信访", "来信", "来访", "建议", "提案", "咨询", "留言", "热线", "许可", "处罚", "审批",
];

/// Words that make a figure a part by kind of applicant ("其中自然人2件").
const APPLICANT_KINDS: &[&str] = &["自然人", "法人", "企业", "科研", "公益", "律师", "法律服务"];

fn has_other_matters(context: &str) -> bool {
    OTHER_MATTERS.iter().any(|w| context.contains(w))
}

/// What the words before a figure say it counts. Deliberately strict: an error here
/// stops the build, so only unambiguous phrasings are read.
fn classify(context: &str) -> Option<Quoted> {
    let has = |words: &[&str]| words.iter().any(|w| context.contains(w));
    if has_other_matters(context) {
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
    if has(APPLICANT_KINDS) {
        return None;
    }
    if let Some(outcome) = outcome(context) {
        return Some(outcome);
    }
    if has(&["申请"]) {
        if has(&["新收"]) || (has(&["公开"]) && has(&["收到"])) {
            return Some(Quoted::Received);
        }
        if has(&["公开"]) && has(&["受理"]) {
            return Some(Quoted::Accepted);
        }
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

/// The outcome a figure's words end with: "予以公开2件", "属于同意公开的60件",
/// "因本机关不掌握等原因无法提供265件", "予以公开及部分公开258件".
fn outcome(context: &str) -> Option<Quoted> {
    let words =
        context.trim_end_matches(['的', '为', '共', '计', '合', '有', '了', '申', '请', ' ']);
    let ends = |list: &[&str]| list.iter().any(|w| words.ends_with(w));
    Some(
        if ends(&["予以公开及部分公开", "予以公开和部分公开", "全部或部分公开"])
        {
            Quoted::GrantedOrPartly
        } else if ends(&["部分公开"]) {
            Quoted::PartlyGranted
        } else if ends(&["不予公开", "不同意公开"]) {
            Quoted::Withheld
        } else if ends(&["予以公开", "同意公开", "全部公开"]) {
            Quoted::Granted
        } else if ends(&["无法提供"]) {
            Quoted::Unable
        } else if ends(&["不予处理"]) {
            Quoted::NotProcessed
        } else if ends(&["其他处理"]) {
            Quoted::OtherHandling
        } else {
            return None;
        },
    )
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
        let other = has_other_matters(clause);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn read(text: &str) -> Vec<(Quoted, i64, bool)> {
        let chunk = Chunk {
            text: text.into(),
            line: 1,
        };
        quotes(&chunk)
            .iter()
            .map(|q| (q.what, q.value, q.with_carried_over))
            .collect()
    }

    #[test]
    fn a_total_split_in_its_sentence_counts_new_and_carried_over_requests() {
        // 深圳市市场监督管理局龙华监管局2023年信息公开年度报告, 一（二）and 一（三）.
        let q = read(
            "2023年共受理政府信息依申请公开121件（其中本年度新收申请数112件，上年结转申请数9件），已答复119件，属于同意公开的60件，部分公开13件，不同意公开的6件，无法提供的26件，不予处理3件，其他处理11件，另2件结转下一年处理。\n2023年我局因政府信息公开被行政复议7件，其中结果维持6件、结果纠正0件、其他结果0件、尚未审结1件。2023年度收到诉讼为3件，其中未经复议直接起诉2件，均尚未审结。复议后起诉1件，结果维持。",
        );
        use Quoted::*;
        assert_eq!(
            q,
            [
                (Accepted, 121, true),
                (Received, 112, false),
                (CarriedOver, 9, false),
                (Handled, 119, false),
                (Granted, 60, false),
                (PartlyGranted, 13, false),
                (Withheld, 6, false),
                (Unable, 26, false),
                (NotProcessed, 3, false),
                (OtherHandling, 11, false),
                (Reviews, 7, false),
                (Lawsuits, 3, false),
            ]
        );
    }

    #[test]
    fn outcomes_and_a_bare_lawsuit_count_after_the_reviews() {
        // 2019年上海市人民政府办公厅政府信息公开工作年度报告, 一（二）.
        let q = read(
            "市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。信息公开类行政复议7件，诉讼9件，均获维持。",
        );
        use Quoted::*;
        assert_eq!(
            q,
            [
                // 含…上年度结转 belongs to 805, not to 859.
                (Accepted, 859, false),
                (Handled, 805, false),
                (CarriedOver, 18, false),
                (GrantedOrPartly, 258, false),
                (Withheld, 35, false),
                (Unable, 265, false),
                (NotProcessed, 158, false),
                (OtherHandling, 0, false),
                (Reviews, 7, false),
                (Lawsuits, 9, false),
            ]
        );
        // A bare 诉讼 elsewhere is not read; nor an applicant's share of an outcome.
        assert_eq!(read("参与行政诉讼案件代理3件。其中自然人予以公开2件。"), []);
        assert_eq!(read("收到诉讼3件。"), []);
        assert_eq!(
            read("共受理政府信息公开申请1件，其中予以公开1件。"),
            [(Accepted, 1, false), (Granted, 1, false)]
        );
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
}
