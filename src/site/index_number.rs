//! Index numbers (索引号): the agency's `index_format`, checking an entry's number against
//! it, the sequence inside a number, and the page address derived from a number.

use std::fmt::Write as _;

/// The national default: 9-character org code / year - 5-digit sequence.
pub const DEFAULT_FORMAT: &str = "{code}/{year}-{seq:05}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Code,
    Category,
    Year,
    Month,
    /// Zero-padded to this width (0 = no padding).
    Seq(usize),
}

/// A parsed `index_format` such as `{code}/{year}-{seq:05}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFormat {
    source: String,
    parts: Vec<Part>,
}

/// What an index number is made of, for one entry.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub code: &'a str,
    pub category: &'a str,
    pub year: i32,
    pub month: u32,
}

impl IndexFormat {
    /// Parses a format; the error is a Chinese sentence naming the problem.
    pub fn parse(source: &str) -> Result<IndexFormat, String> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("`{{` 没有对应的 `}}`：{source}"))?;
            let name = &rest[open + 1..open + close];
            parts.push(match name {
                "code" => Part::Code,
                "category" => Part::Category,
                "year" => Part::Year,
                "month" => Part::Month,
                "seq" => Part::Seq(0),
                _ => match name.strip_prefix("seq:") {
                    Some(w) if w.starts_with('0') && w.len() > 1 => Part::Seq(
                        w[1..]
                            .parse()
                            .ok()
                            .filter(|n| (1..=12).contains(n))
                            .ok_or_else(|| format!("序号宽度 `{{{name}}}` 无效，应为 {{seq:05}} 这样的写法"))?,
                    ),
                    _ => {
                        return Err(format!(
                            "不认识的占位符 `{{{name}}}`；可用：{{code}} {{category}} {{year}} {{month}} {{seq}} {{seq:05}}"
                        ));
                    }
                },
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        let seqs = parts.iter().filter(|p| matches!(p, Part::Seq(_))).count();
        if seqs != 1 {
            return Err("索引号格式必须包含且只包含一个流水号占位符 {seq} 或 {seq:05}".into());
        }
        if parts
            .iter()
            .any(|p| matches!(p, Part::Literal(l) if l.contains(char::is_whitespace)))
        {
            return Err("索引号格式中不能有空格".into());
        }
        Ok(IndexFormat {
            source: source.to_string(),
            parts,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn uses_category(&self) -> bool {
        self.parts.contains(&Part::Category)
    }

    pub fn uses_month(&self) -> bool {
        self.parts.contains(&Part::Month)
    }

    /// The number with the given sequence, e.g. for `new` and `import`.
    pub fn format(&self, facts: Facts, seq: u64) -> String {
        let mut s = String::new();
        for p in &self.parts {
            write_part(&mut s, p, facts, seq);
        }
        s
    }

    /// The pattern an entry's number must follow, shown in messages: `11320100MB1234567X/2024-NNNNN`.
    pub fn expected(&self, facts: Facts) -> String {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Seq(w) => s.push_str(&"N".repeat((*w).max(1))),
                other => write_part(&mut s, other, facts, 0),
            }
        }
        s
    }

    /// The sequence number if `index` follows this format for `facts`, else `None`.
    pub fn sequence(&self, index: &str, facts: Facts) -> Option<u64> {
        let mut rest = index;
        let mut seq = None;
        for (i, p) in self.parts.iter().enumerate() {
            match p {
                Part::Seq(width) => {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    // A sequence longer than its width is allowed (the count outgrew it).
                    let min = (*width).max(1);
                    // Stop before digits that the next literal needs (e.g. `{seq}{year}`).
                    let tail = self.parts[i + 1..]
                        .iter()
                        .filter(|p| !matches!(p, Part::Literal(_)))
                        .count();
                    if digits < min || (tail > 0 && digits == rest.len()) {
                        return None;
                    }
                    let (d, r) = rest.split_at(digits);
                    if *width == 0 && d.len() > 1 && d.starts_with('0') {
                        return None;
                    }
                    seq = d.parse().ok();
                    rest = r;
                }
                other => {
                    let mut want = String::new();
                    write_part(&mut want, other, facts, 0);
                    rest = rest.strip_prefix(want.as_str())?;
                }
            }
        }
        if rest.is_empty() { seq } else { None }
    }
}

fn write_part(s: &mut String, part: &Part, facts: Facts, seq: u64) {
    let _ = match part {
        Part::Literal(l) => write!(s, "{l}"),
        Part::Code => write!(s, "{}", facts.code),
        Part::Category => write!(s, "{}", facts.category),
        Part::Year => write!(s, "{:04}", facts.year),
        Part::Month => write!(s, "{:02}", facts.month),
        Part::Seq(w) => write!(s, "{seq:0w$}"),
    };
}

/// Characters an index number kept from an old system may hold besides letters and
/// digits: what real old numbers use (`014320144/2014-00083`, `tcxzf-/2016-1117091`,
/// `0142768-8/2022-00185`), nothing that needs escaping in a page or a file name.
pub const LEGACY_PUNCTUATION: &str = "-/_.()[]:";

/// Whether an index number kept verbatim from an old system is safe to publish as is;
/// the error says why not, in Chinese.
pub fn check_legacy(index: &str) -> Result<(), String> {
    if index.chars().count() > 100 {
        return Err("超过 100 个字符".into());
    }
    if !index.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err("不含字母或数字".into());
    }
    // A path that climbs (`../`) is no old system's number, whatever it was meant for.
    if index.contains("..") {
        return Err("含有“..”".into());
    }
    match index
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !LEGACY_PUNCTUATION.contains(*c))
    {
        Some(c) if c.is_whitespace() => Err("含有空格".into()),
        Some(c) => Err(format!("含有字符「{c}」")),
        None => Ok(()),
    }
}

/// An `index_format` that old numbers follow, if one does: `<prefix>{year}<sep>{seq}`
/// with the year of each number's `created` date, e.g. `014320144/{year}-{seq:05}` for
/// `014320144/2014-00083`, `{code}` where the prefix is the agency's code. `numbers` are
/// (number, year of `created`); `None` unless every one follows the same format.
pub fn infer_format(numbers: &[(&str, i32)], code: &str) -> Option<String> {
    let mut shape: Option<(String, String)> = None;
    let mut width: Option<usize> = None;
    for &(index, year) in numbers {
        let digits = index.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (head, seq) = index.split_at(index.len() - digits);
        let at = head.rfind(&format!("{year:04}"))?;
        let (before, between) = (&head[..at], &head[at + 4..]);
        if seq.is_empty() || between.is_empty() {
            return None;
        }
        let this = (before.to_string(), between.to_string());
        if shape.get_or_insert_with(|| this.clone()) != &this {
            return None;
        }
        if seq.len() > 1 && seq.starts_with('0') && *width.get_or_insert(seq.len()) != seq.len() {
            return None;
        }
    }
    let (before, between) = shape?;
    let before = match before.strip_prefix(code) {
        Some(rest) if !code.is_empty() => format!("{{code}}{rest}"),
        _ => before,
    };
    let seq = width.map_or("{seq}".to_string(), |w| format!("{{seq:0{w}}}"));
    let format = format!("{before}{{year}}{between}{seq}");
    let parsed = IndexFormat::parse(&format).ok()?;
    numbers
        .iter()
        .all(|&(index, year)| {
            let facts = Facts {
                code,
                category: "",
                year,
                month: 1,
            };
            parsed.sequence(index, facts).is_some()
        })
        .then_some(format)
}

/// An entry's page address segment: every character outside `A-Z a-z 0-9 . _ -` becomes `-`.
pub fn slug(index: &str) -> String {
    index
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts<'static> {
        Facts {
            code: "11320100MB1234567X",
            category: "0201",
            year: 2024,
            month: 3,
        }
    }

    #[test]
    fn national_default() {
        let f = IndexFormat::parse(DEFAULT_FORMAT).unwrap();
        assert_eq!(f.format(facts(), 12), "11320100MB1234567X/2024-00012");
        assert_eq!(
            f.sequence("11320100MB1234567X/2024-00012", facts()),
            Some(12)
        );
        assert_eq!(
            f.sequence("11320100MB1234567X/2024-123456", facts()),
            Some(123456)
        );
        assert_eq!(f.sequence("11320100MB1234567X/2023-00012", facts()), None);
        assert_eq!(f.sequence("11320100MB1234567X/2024-0012", facts()), None);
        assert_eq!(f.sequence("11320100MB1234567X/2024-00012x", facts()), None);
        assert_eq!(f.expected(facts()), "11320100MB1234567X/2024-NNNNN");
    }

    #[test]
    fn category_month_and_unpadded_sequence() {
        let f = IndexFormat::parse("{code}-{category}-{year}{month}-{seq}").unwrap();
        assert!(f.uses_category() && f.uses_month());
        assert_eq!(f.format(facts(), 7), "11320100MB1234567X-0201-202403-7");
        assert_eq!(
            f.sequence("11320100MB1234567X-0201-202403-7", facts()),
            Some(7)
        );
        assert_eq!(
            f.sequence("11320100MB1234567X-0201-202403-07", facts()),
            None
        );
    }

    #[test]
    fn rejects_bad_formats() {
        assert!(IndexFormat::parse("{code}/{year}").is_err());
        assert!(IndexFormat::parse("{code}/{yaer}-{seq}").is_err());
        assert!(IndexFormat::parse("{code}/{year}-{seq:5}").is_err());
        assert!(IndexFormat::parse("{code}/{year-{seq}").is_err());
    }

    #[test]
    fn legacy_numbers_of_real_systems_are_kept_and_unsafe_ones_refused() {
        // 宿迁, 郯城 and a hyphenated org code (domain.md §3.2).
        for ok in [
            "014320144/2014-00083",
            "tcxzf-/2016-1117091",
            "0142768-8/2022-00185",
        ] {
            assert_eq!(check_legacy(ok), Ok(()), "{ok}");
        }
        assert!(check_legacy("../..").is_err());
        assert!(
            check_legacy("../../etc/2024-00001")
                .unwrap_err()
                .contains("..")
        );
        assert!(check_legacy("2021 00001").unwrap_err().contains("空格"));
        assert!(check_legacy("a<b").unwrap_err().contains("<"));
        assert!(check_legacy("苏政办/2014-1").is_err());
        assert!(check_legacy(&"1".repeat(101)).is_err());
    }

    #[test]
    fn the_format_old_numbers_follow_is_found() {
        // 宿迁: 9-character org code, 5-digit sequence.
        assert_eq!(
            infer_format(
                &[
                    ("014320144/2014-00083", 2014),
                    ("014320144/2015-00002", 2015)
                ],
                "11321300014320144X"
            )
            .as_deref(),
            Some("014320144/{year}-{seq:05}")
        );
        // 郯城: unpadded 7-digit sequence after a dash.
        assert_eq!(
            infer_format(&[("tcxzf-/2016-1117091", 2016)], "x").as_deref(),
            Some("tcxzf-/{year}-{seq}")
        );
        // The agency's own code becomes {code}.
        assert_eq!(
            infer_format(
                &[("113201009876543210/2021-00001", 2021)],
                "113201009876543210"
            )
            .as_deref(),
            Some("{code}/{year}-{seq:05}")
        );
        // Two shapes, or no year in the number: no single format.
        assert_eq!(
            infer_format(&[("A/2021-00001", 2021), ("B/2021-00002", 2021)], "x"),
            None
        );
        assert_eq!(infer_format(&[("A-00001", 2021)], "x"), None);
    }

    #[test]
    fn slug_keeps_only_safe_characters() {
        assert_eq!(
            slug("11320100MB1234567X/2024-00012"),
            "11320100MB1234567X-2024-00012"
        );
        assert_eq!(slug("0142768-8/2022-00185"), "0142768-8-2022-00185");
        assert_eq!(slug("示例 1"), "---1");
    }
}
