//! The only module that knows the YAML crate (serde-saphyr) and the front-matter layout.
//!
//! Files are parsed in two passes over the (small) front matter: the first lists the
//! top-level keys with their lines, so *every* unknown key is reported with a
//! suggestion; the second deserialises into the caller's raw struct, whose scalar fields
//! are `Located<String>` so that dates, enums and numbers are interpreted — and their
//! errors worded — by the model, in Chinese, all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, nearest};

/// A value with the line and column (1-based, within the YAML text) it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Located {
            value: s.value,
            line: s.referenced.line() as usize,
            column: s.referenced.column() as usize,
        })
    }
}

/// Free-form YAML passed to templates as is (`extra:`).
pub type Value = serde_json::Value;

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML text starts.
    pub yaml_line: usize,
    pub body: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Splits `---\n<yaml>\n---\n<body>`. Accepts CRLF and a closing `...`.
pub fn split_front_matter(text: &str) -> Result<Document<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Err(SplitError::Missing),
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Document {
                yaml: &text[start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// Where a YAML text came from, to turn YAML-relative positions into file positions.
pub struct Source<'a> {
    /// Path shown to the user (relative to the site root).
    pub file: &'a Path,
    /// The whole file, to quote lines from.
    pub text: &'a str,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a Path, text: &'a str, yaml_line: usize) -> Self {
        Source {
            file,
            text,
            yaml_line,
        }
    }

    /// An error at a YAML position.
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let line = if line == 0 {
            0
        } else {
            line + self.yaml_line - 1
        };
        Diagnostic::error(self.file, message)
            .at(line, column)
            .quote(self.text)
    }

    /// An error about a located value, naming its field.
    pub fn error<T>(
        &self,
        loc: &Located<T>,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.error_at(loc.line, loc.column, message).field(field)
    }

    /// A warning about a located value.
    pub fn warning<T>(
        &self,
        loc: &Located<T>,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.error(loc, field, message).into_warning()
    }

    /// An error about the file as a whole (e.g. a missing field).
    pub fn file_error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message)
    }

    pub fn path(&self) -> PathBuf {
        self.file.to_path_buf()
    }
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        // Codes such as 0523 or 011080691 must keep their spelling in free-form values.
        leading_zero_numbers_as_strings: true,
        strict_booleans: false,
    }
}

/// Parses front matter into `T`, pushing every problem into `out`.
/// Returns `None` when the YAML is unreadable or does not fit `T`'s shape.
pub fn parse<T: DeserializeOwned>(
    src: &Source,
    yaml: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    // Only structs have a fixed set of keys; free-form values (maps, `Value`) have none.
    let known = known_keys::<T>();
    // Fast path, one pass instead of two: when every top-level key is plainly known,
    // the key listing below could report nothing. Anything unusual — or any error —
    // takes the full path, so the diagnostics are the same either way.
    if !known.is_empty()
        && plain_known_keys(yaml, known)
        && let Ok(v) = serde_saphyr::from_str_with_options::<T>(yaml, options())
    {
        return Some(v);
    }
    let before = out.len();
    let parsed = parse_listing_keys(src, yaml, known, out);
    if out.len() == before && parsed.is_some() {
        return parsed;
    }
    // The parser's messages for a full-width colon, a tab or a full-width space are
    // English and often a line off: say what is wrong where it is instead.
    let lints = lint(src, yaml);
    if lints.is_empty() {
        return parsed;
    }
    let lint_lines: Vec<Option<usize>> = lints.iter().map(|d| d.line).collect();
    let kept: Vec<Diagnostic> = out
        .drain(before..)
        .filter(|d| parsed.is_some() && !lint_lines.contains(&d.line))
        .collect();
    out.extend(kept);
    out.extend(lints);
    None
}

/// Mistakes of hand-typed YAML the parser words badly, each named on its own line:
/// a full-width colon or space, a tab in the indentation, no space after a colon.
pub fn lint(src: &Source, yaml: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let n = i + 1;
        let at = |column: usize, message: String, hint: &str| {
            src.error_at(n, column, message).hint(hint.to_string())
        };
        let indent: String = line
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
            .collect();
        let shown = n + src.yaml_line - 1;
        if indent.contains('\t') {
            found.push(at(
                1,
                format!("第{shown}行用制表符（Tab）缩进，YAML 只能用空格缩进"),
                "把这一行开头的制表符换成空格，与同一层的其他字段对齐",
            ));
            continue;
        }
        if let Some(k) = indent.chars().position(|c| c == '\u{3000}') {
            found.push(at(
                k + 1,
                format!("第{shown}行开头有全角空格“　”"),
                "删除这个全角空格；需要缩进时用半角空格",
            ));
            continue;
        }
        // A key: ASCII letters, digits and `_` after the indentation (and a list's `- `).
        let rest = &line[indent.len()..];
        let rest = rest.strip_prefix("- ").unwrap_or(rest);
        let key_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if key_len == 0 || rest.starts_with('#') {
            continue;
        }
        let column = line.len() - rest.len() + key_len;
        let column = line[..column].chars().count() + 1;
        let after = &rest[key_len..];
        let after_spaces = after.trim_start_matches(' ');
        if after_spaces.starts_with('：') {
            found.push(at(
                column,
                format!("第{shown}行使用了全角冒号“：”，请改为半角冒号“:”"),
                "字段名后面写半角冒号和一个空格，例如 `title: 关于……的通知`",
            ));
        } else if after_spaces.starts_with('\u{3000}') {
            found.push(at(
                column,
                format!("第{shown}行的字段名后面有全角空格“　”"),
                "删除这个全角空格，字段名后面直接写半角冒号“:”",
            ));
        } else if let Some(value) = after.strip_prefix(':') {
            if value.starts_with('\u{3000}') {
                found.push(at(
                    column,
                    format!("第{shown}行冒号后面是全角空格“　”，请改为半角空格"),
                    "冒号和值之间用一个半角空格，例如 `title: 关于……的通知`",
                ));
            } else if value.starts_with('\t') {
                found.push(at(
                    column,
                    format!("第{shown}行冒号后面是制表符（Tab），请改为半角空格"),
                    "冒号和值之间用一个半角空格，例如 `title: 关于……的通知`",
                ));
            } else if !value.is_empty() && !value.starts_with([' ', '/']) && indent.is_empty() {
                found.push(at(
                    column,
                    format!("第{shown}行冒号后面缺少空格"),
                    "冒号和值之间要有一个半角空格，例如 `title: 关于……的通知`",
                ));
            }
        }
    }
    found
}

/// The full path: list the top-level keys (reporting every unknown one), then deserialise.
fn parse_listing_keys<T: DeserializeOwned>(
    src: &Source,
    yaml: &str,
    known: &[&str],
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let keys: TopKeys = match serde_saphyr::from_str_with_options(yaml, options()) {
        Ok(k) => k,
        Err(e) => {
            out.push(translate(src, &e));
            return None;
        }
    };
    for key in keys.0.iter().filter(|_| !known.is_empty()) {
        if !known.contains(&key.value.as_str()) {
            let mut d = src
                .error(key, &key.value, format!("未知字段 `{}`", key.value))
                .hint("只能使用格式说明中列出的字段；自定义数据请放在 `extra:` 下面");
            if let Some(near) = nearest(&key.value, known.iter().copied()) {
                d = d.hint(format!(
                    "是否想写 `{near}`？（字段名区分大小写，用英文小写加下划线）"
                ));
            }
            out.push(d);
        }
    }
    match serde_saphyr::from_str_with_options::<T>(yaml, options()) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(translate(src, &e));
            None
        }
    }
}

/// Whether every line that starts in column 0 is a comment or a `key:` with a key from
/// `known`. In a valid block mapping every top-level key starts a line in column 0, so
/// then no top-level key is unknown. Quoted or unusual keys, flow mappings, `?` keys and
/// document markers return `false` (the caller then lists the keys with the parser).
fn plain_known_keys(yaml: &str, known: &[&str]) -> bool {
    yaml.lines().all(|line| {
        let first = line.as_bytes().first();
        match first {
            None | Some(b' ' | b'\t' | b'#') => true,
            // An entry of a sequence written without indentation (`keywords:` then `- a`).
            Some(b'-') if line == "-" || line.starts_with("- ") => true,
            Some(_) => line.split_once(':').is_some_and(|(key, rest)| {
                (rest.is_empty() || rest.starts_with([' ', '\t'])) && known.contains(&key)
            }),
        }
    })
}

/// Parses a standalone YAML file (e.g. `site.yaml`), which has no `---` fences.
pub fn parse_file<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse(&Source::new(file, text, 1), text, out)
}

/// Serialises a value to YAML (for files the tool writes: `new`, `import`, `init`).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| e.to_string())
}

/// Wrappers that keep a list (`[a, b]`) or a small map (`{file: a, title: b}`) on one line.
pub use serde_saphyr::{FlowMap, FlowSeq};

/// Front-matter fields holding dates, written unquoted (`created: 2024-03-01`) as people do.
const DATE_FIELDS: [&str; 4] = ["created", "published", "reviewed", "updated"];

/// Serialises front matter the way people write it by hand: one line per field (no
/// folded or literal blocks), list items indented under their key, dates unquoted.
/// Everything else is quoted exactly when YAML needs it, so the text reads back as written.
pub fn to_front_matter<T: Serialize>(value: &T) -> Result<String, String> {
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
        compact_list_indent: false,
    };
    let text = serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())?;
    // The serialiser quotes ISO dates (YAML 1.1 timestamps); the model reads dates as
    // text either way, so the documented unquoted form is safe for the date fields.
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let unquoted = line.split_once(": \"").and_then(|(key, rest)| {
            let date = rest.trim_end().strip_suffix('"')?;
            let is_date = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            (DATE_FIELDS.contains(&key) && is_date).then(|| format!("{key}: {date}\n"))
        });
        match unquoted {
            Some(l) => out.push_str(&l),
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// Turns the YAML crate's error into a Chinese diagnostic with a place.
fn translate(src: &Source, err: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = err
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let raw = original(err).to_string();
    // The crate appends " at line X column Y"; the location is shown separately.
    let raw = raw
        .split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim()
        .to_string();
    let between_ticks = |s: &str| s.split('`').nth(1).map(str::to_string);
    let (message, hint): (String, String) = if raw.starts_with("unknown field") {
        let field = between_ticks(&raw).unwrap_or_default();
        let expected: Vec<String> = raw
            .split("expected")
            .nth(1)
            .map(|rest| {
                rest.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let hint = match nearest(&field, expected.iter().map(String::as_str)) {
            Some(n) => format!("是否想写 `{n}`？"),
            None => format!("这里可用的字段：{}", expected.join("、")),
        };
        (format!("未知字段 `{field}`"), hint)
    } else if raw.starts_with("missing field") {
        let field = between_ticks(&raw).unwrap_or_default();
        (
            format!("缺少必填字段 `{field}`"),
            format!("请补上 `{field}: …` 一行"),
        )
    } else if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        (
            format!("字段的值类型不对（{raw}）"),
            "检查这一行的写法：列表用 `- 项目` 或 `[a, b]`，成组的字段用缩进".to_string(),
        )
    } else if matches!(original(err), serde_saphyr::Error::NullIntoString { .. }) {
        (
            "这里需要填写内容，不能留空".to_string(),
            "填写内容，或删除这一行".to_string(),
        )
    } else if let serde_saphyr::Error::DuplicateMappingKey { key, .. } = original(err) {
        let key = key.clone().unwrap_or_default();
        let first = first_line_of_key(src.text, src.yaml_line, &key, line + src.yaml_line - 1);
        let message = match first {
            Some(f) => format!(
                "字段 `{key}` 写了两次（第{f}行和第{}行）",
                line + src.yaml_line - 1
            ),
            None => format!("字段 `{key}` 写了两次"),
        };
        (message, "删除其中一行，只保留正确的那个".to_string())
    } else if matches!(
        original(err),
        serde_saphyr::Error::Budget { .. }
            | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
            | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
            | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
            | serde_saphyr::Error::AliasReplayCounterOverflow { .. }
    ) {
        (
            "前置信息太大或嵌套太深：锚点和别名（`&名称`、`*名称`）展开后的内容超过了上限，已拒绝读取".to_string(),
            "不要用 `&` 和 `*` 重复引用内容，直接写出需要的值；前置信息只写目录字段，长内容请写在正文里".to_string(),
        )
    } else if matches!(original(err), serde_saphyr::Error::UnknownAnchor { .. }) {
        (
            "引用了不存在的锚点（`*名称`）".to_string(),
            "删除这个 `*` 引用，直接写出需要的值".to_string(),
        )
    } else if let Some(chinese) = scanner_message(&raw) {
        (
            format!("YAML 格式错误：{chinese}"),
            "检查缩进是否对齐、冒号后是否有空格；含有冒号、井号或以特殊符号开头的值请用英文引号括起来"
                .to_string(),
        )
    } else {
        (
            format!("YAML 格式错误：{raw}"),
            "检查缩进是否对齐、冒号后是否有空格；含有冒号、井号或以特殊符号开头的值请用英文引号括起来"
                .to_string(),
        )
    };
    src.error_at(line, column, message).hint(hint)
}

/// The error itself, without the wrappers that add a snippet or an alias's places.
fn original(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = err
    {
        err = error;
    }
    err
}

/// The YAML scanner's and parser's common messages in Chinese (the rest stay as they are).
fn scanner_message(raw: &str) -> Option<&'static str> {
    let known: [(&str, &str); 15] = [
        (
            "unexpected character",
            "这里有 YAML 不允许的字符（例如看不见的控制字符）：删除它，或把整个值用英文引号括起来",
        ),
        ("simple key expected", "这一行缺少字段名后面的冒号“:”"),
        (
            "mapping values are not allowed",
            "这一行多了一个冒号：值里含有“: ”时，请把整个值用英文引号括起来",
        ),
        (
            "did not find expected key",
            "缩进没有对齐：同一层的字段要从同一列开始",
        ),
        (
            "did not find expected node content",
            "这里缺少内容（例如 `- ` 后面没有写值）",
        ),
        (
            "did not find expected ',' or ']'",
            "方括号列表 `[…]` 没有写完：缺少逗号或右方括号“]”",
        ),
        (
            "did not find expected ',' or '}'",
            "花括号 `{…}` 没有写完：缺少逗号或右花括号“}”",
        ),
        (
            "found unexpected end of stream",
            "引号或括号没有成对，直到前置信息结束都没有找到另一半",
        ),
        (
            "found a tab character",
            "这里有制表符（Tab），YAML 只能用空格缩进",
        ),
        ("found a tab", "这里有制表符（Tab），YAML 只能用空格缩进"),
        (
            "found character that cannot start any token",
            "这一行以 YAML 不允许的符号开头（例如 @ 或 `）：请把值用英文引号括起来",
        ),
        (
            "block sequence entries are not allowed",
            "列表项 `- ` 不能写在这里：列表要另起一行，写在字段下面并缩进",
        ),
        (
            "invalid indentation",
            "缩进不对：同一层的字段要从同一列开始",
        ),
        ("unclosed quoted", "引号没有成对：缺少结尾的英文引号"),
        (
            "found unknown escape character",
            "双引号里的反斜杠“\\”后面的字符不能转义：改用单引号括起来，或把“\\”写成“\\\\”",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| raw.contains(en))
        .map(|(_, zh)| *zh)
}

/// The file line of the first `key:` before file line `before` (for duplicate keys).
fn first_line_of_key(text: &str, yaml_line: usize, key: &str, before: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(yaml_line - 1)
        .take(before.saturating_sub(yaml_line))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
}

/// The top-level keys of a mapping, in order, with their positions.
struct TopKeys(Vec<Located<String>>);

impl<'de> Deserialize<'de> for TopKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TopKeys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<Located<String>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(TopKeys(keys))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TopKeys, E> {
                Ok(TopKeys(Vec::new()))
            }
        }
        d.deserialize_map(V)
    }
}

/// The field names a derived `Deserialize` struct accepts, read from serde itself so
/// the list of known keys can never drift from the struct.
pub fn known_keys<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;
    impl fmt::Display for Stop {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("probe")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Stop
        }
    }

    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)] // `keywords` is only there for the known-keys test
    struct Raw {
        index: Option<Located<String>>,
        code: Option<Located<String>>,
        created: Option<Located<String>>,
        keywords: Option<Located<Vec<String>>>,
    }

    fn run(yaml: &str) -> (Option<Raw>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let path = PathBuf::from("a.md");
        let text = format!("---\n{yaml}---\nbody");
        let r = parse::<Raw>(&Source::new(&path, &text, 2), yaml, &mut out);
        (r, out)
    }

    #[test]
    fn splits_front_matter_with_bom_and_crlf() {
        let d = split_front_matter("\u{feff}---\r\ntitle: 标题\r\n---\r\n正文\r\n").unwrap();
        assert_eq!(d.yaml, "title: 标题\r\n");
        assert_eq!(d.body, "正文\r\n");
        assert_eq!(
            split_front_matter("no fences").unwrap_err(),
            SplitError::Missing
        );
        assert_eq!(
            split_front_matter("---\na: 1\n").unwrap_err(),
            SplitError::Unclosed
        );
    }

    #[test]
    fn lists_are_written_either_way() {
        #[derive(Deserialize)]
        struct Raw {
            keywords: Option<crate::source::fields::ListOrText>,
        }
        let items = |yaml: &str| {
            let mut out = Vec::new();
            let path = PathBuf::from("a.md");
            let r = parse::<Raw>(&Source::new(&path, yaml, 2), yaml, &mut out);
            (r.and_then(|r| r.keywords).map(|k| k.into_items()), out)
        };
        let two = Some(vec!["乡村振兴".to_string(), "0523".to_string()]);
        assert_eq!(items("keywords: [乡村振兴, 0523]\n").0, two);
        assert_eq!(items("keywords:\n  - 乡村振兴\n  - \"0523\"\n").0, two);
        assert_eq!(items("keywords: 乡村振兴、0523\n").0, two);
        assert_eq!(items("keywords: 2024\n").0, Some(vec!["2024".into()]));
        assert_eq!(items("keywords:\n").0, None);
        let (r, out) = items("keywords:\n  a: b\n");
        assert_eq!(r, None);
        assert!(out[0].message.contains("值类型不对"), "{out:?}");
    }

    #[test]
    fn scalars_keep_their_spelling() {
        let (r, out) = run("index: 000014349/2018-00222\ncode: 0523\ncreated: 2024-03-01\n");
        assert!(out.is_empty(), "{out:?}");
        let r = r.unwrap();
        assert_eq!(r.index.unwrap().value, "000014349/2018-00222");
        assert_eq!(r.code.unwrap().value, "0523");
        assert_eq!(r.created.unwrap().value, "2024-03-01");
    }

    #[test]
    fn one_pass_fast_path_reports_exactly_what_the_full_path_does() {
        let cases = [
            "index: a\ncode: \"0523\"\n",
            "index: a\nkeywords:\n- x\n- y\n",
            "index: a\n# comment\ncreated:\n",
            "index: a\nindex: b\n",
            "index: a\ncode: [unclosed\n",
            "index: a\nkeywords: 5\n",
            "index: a\ncode: \"x\ndco_number: y\"\n",
            "\"index\": a\ndco_number: x\n",
            "- a\n- b\n",
            "plain scalar\n",
            "",
        ];
        let known = known_keys::<Raw>();
        let path = PathBuf::from("a.md");
        for yaml in cases {
            let text = format!("---\n{yaml}---\n");
            let src = Source::new(&path, &text, 2);
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            let a = parse::<Raw>(&src, yaml, &mut fast);
            let b = parse_listing_keys::<Raw>(&src, yaml, known, &mut full);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{yaml}");
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{yaml}");
        }
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_file_line() {
        let (r, out) = run("index: a\ndco_number: x\ncreatd: 2024-01-01\n");
        assert!(r.is_some());
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].line, Some(3));
        assert!(out[0].message.contains("dco_number"));
        assert_eq!(out[1].line, Some(4));
        assert!(out[1].hint.as_deref().unwrap().contains("created"));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let (r, out) = run("index: a\ncode: [unclosed\n");
        assert!(r.is_none());
        assert_eq!(out.len(), 1);
        assert!(out[0].line.is_some(), "{out:?}");
        assert!(out[0].message.contains("YAML"), "{out:?}");
    }

    #[test]
    fn reads_known_keys_from_the_struct() {
        assert_eq!(
            known_keys::<Raw>(),
            &["index", "code", "created", "keywords"]
        );
    }
}
