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
    parse_listing_keys(src, yaml, known, out)
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
    let raw = err.without_snippet().to_string();
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
    } else if matches!(
        err.without_snippet(),
        serde_saphyr::Error::NullIntoString { .. }
    ) {
        (
            "这里需要填写内容，不能留空".to_string(),
            "填写内容，或删除这一行".to_string(),
        )
    } else if raw.contains("duplicate") {
        (
            format!("同一个字段写了两次（{raw}）"),
            "删除重复的那一行".to_string(),
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
