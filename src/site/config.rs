//! `site.yaml`: the site's settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, nearest};
use crate::source::fields;
use crate::source::yaml::{self, Located, Source};

/// What `site.yaml` may contain; every key is optional at this level and checked below.
#[derive(Deserialize)]
struct Raw {
    title: Option<Located<String>>,
    base_url: Option<Located<String>>,
    language: Option<Located<String>>,
    per_page: Option<Located<String>>,
    require_review: Option<Located<String>>,
    /// Extension: `false` keeps raw HTML in Markdown as written (trusted authors only).
    sanitize_html: Option<Located<String>>,
    /// Extension: footer facts government sites show.
    sponsor: Option<Located<String>>,
    site_code: Option<Located<String>>,
    icp_record: Option<Located<String>>,
    police_record: Option<Located<String>>,
    /// Extension: the yearly report's publication deadline, `MM-DD` (default `01-31`).
    report_deadline: Option<Located<String>>,
    /// Extension: how the search index is built (keys: `SEARCH_KEYS`).
    search: Option<BTreeMap<String, Located<String>>>,
    /// Extension: folders outside the site that symbolic links in it may point into.
    shared_folders: Option<Vec<Located<String>>>,
    extra: Option<yaml::Value>,
}

const SEARCH_KEYS: [&str; 3] = ["full_text", "body_chars", "bundle_size"];

/// `search:` in `site.yaml`: what the full-text index holds. Every entry's catalogue
/// fields (title, summary, 文号, index number, keywords, category, agency) are always
/// indexed; these settings decide how much of the body, and whether there is a
/// full-text index at all (the index-number and 文号 lookup is always built).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SearchSettings {
    pub full_text: bool,
    pub body_chars: BodyChars,
    /// At most this many entries in one index bundle (the index is split so that
    /// building it needs bounded memory; see `search`).
    pub bundle_size: Option<usize>,
}

/// How many characters of each entry's body go into the full-text index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyChars {
    /// Whole bodies (the default; `auto`, the old default budget, now means this too, so
    /// a site.yaml written for it still builds and indexes everything).
    All,
    /// The first N characters (0: none).
    First(usize),
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            full_text: true,
            body_chars: BodyChars::All,
            bundle_size: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/xxgk/` (used where relative links cannot be).
    pub base_path: String,
    pub language: String,
    pub per_page: usize,
    pub require_review: bool,
    pub sanitize_html: bool,
    pub sponsor: Option<String>,
    pub site_code: Option<String>,
    pub icp_record: Option<String>,
    pub police_record: Option<String>,
    /// (month, day) by which a year's report is due.
    #[serde(skip)]
    pub report_deadline: (u32, u32),
    pub search: SearchSettings,
    /// Folders outside the site that its symbolic links may point into, as written
    /// (relative to the site folder, or absolute). Never shown to templates.
    #[serde(skip)]
    pub shared_folders: Vec<Located<String>>,
    pub extra: yaml::Value,
}

pub const DEFAULT_PER_PAGE: usize = 20;

impl SiteConfig {
    /// Parses `site.yaml`'s text. `None` when the file cannot be used at all.
    pub fn parse(file: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
        let raw: Raw = yaml::parse_file(file, text, out)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let src = Source::new(file, text, 1);
        let title = fields::required(&src, raw.title, "title", "示例镇人民政府信息公开", out);
        let base_url = fields::required(
            &src,
            raw.base_url,
            "base_url",
            "https://www.example.gov.cn/xxgk/",
            out,
        )
        .and_then(|u| check_base_url(&src, &u, out));
        let per_page = match &raw.per_page {
            Some(v) => fields::positive(&src, v, "per_page", out).unwrap_or(DEFAULT_PER_PAGE),
            None => DEFAULT_PER_PAGE,
        };
        let flag = |v: &Option<Located<String>>, name, default, out: &mut Vec<Diagnostic>| match v {
            Some(v) => fields::flag(&src, v, name, out).unwrap_or(default),
            None => default,
        };
        let require_review = flag(&raw.require_review, "require_review", false, out);
        let sanitize_html = flag(&raw.sanitize_html, "sanitize_html", true, out);
        let report_deadline = match &raw.report_deadline {
            Some(v) => parse_month_day(&v.value).unwrap_or_else(|| {
                out.push(
                    src.error(
                        v,
                        "report_deadline",
                        format!("年报截止日期 `{}` 无法识别", v.value),
                    )
                    .hint("写成 月-日，例如 `report_deadline: 01-31`"),
                );
                (1, 31)
            }),
            None => (1, 31),
        };
        let search = raw
            .search
            .map(|r| search_settings(&src, r, out))
            .unwrap_or_default();
        let (title, (base_url, base_path)) = (title?, base_url?);
        Some(SiteConfig {
            title: title.value,
            base_url,
            base_path,
            language: fields::optional(raw.language).unwrap_or_else(|| "zh-CN".into()),
            per_page,
            require_review,
            sanitize_html,
            sponsor: fields::optional(raw.sponsor),
            site_code: fields::optional(raw.site_code),
            icp_record: fields::optional(raw.icp_record),
            police_record: fields::optional(raw.police_record),
            report_deadline,
            search,
            shared_folders: raw.shared_folders.unwrap_or_default(),
            extra: raw.extra.unwrap_or(yaml::Value::Null),
        })
    }

    /// Replaces `base_url` (from `--base-url`), keeping the same checks.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = split_base_url(url).ok_or_else(|| {
            format!("网站地址 `{url}` 无效：应以 http:// 或 https:// 开头，例如 https://www.example.gov.cn/xxgk/")
        })?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

fn check_base_url(
    src: &Source,
    v: &Located<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    let split = split_base_url(&v.value);
    if split.is_none() {
        out.push(
            src.error(v, "base_url", format!("网站地址 `{}` 无效", v.value))
                .hint("应以 http:// 或 https:// 开头，例如 `base_url: https://www.example.gov.cn/xxgk/`"),
        );
    }
    split
}

/// `https://host/sub` → (`https://host/sub/`, `/sub/`).
fn split_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 || rest.contains(char::is_whitespace) {
        return None;
    }
    let mut path = rest[host_end..].to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let base = format!("{}{}", &url[..url.len() - rest.len() + host_end], path);
    Some((base, path))
}

fn search_settings(
    src: &Source,
    mut raw: BTreeMap<String, Located<String>>,
    out: &mut Vec<Diagnostic>,
) -> SearchSettings {
    let mut settings = SearchSettings::default();
    for (key, v) in raw
        .iter()
        .filter(|(k, _)| !SEARCH_KEYS.contains(&k.as_str()))
    {
        let mut d = src
            .error(v, key, format!("`search` 下的未知字段 `{key}`"))
            .hint(format!("`search` 下可用的字段：{}", SEARCH_KEYS.join("、")));
        if let Some(near) = nearest(key, SEARCH_KEYS.iter().copied()) {
            d = d.hint(format!("是否想写 `{near}`？"));
        }
        out.push(d);
    }
    if let Some(v) = &raw.remove("full_text") {
        settings.full_text = fields::flag(src, v, "full_text", out).unwrap_or(true);
    }
    if let Some(v) = &raw.remove("body_chars") {
        let text = v.value.trim();
        settings.body_chars = match text {
            "all" | "全部" | "auto" | "自动" => BodyChars::All,
            _ => match text.parse::<usize>() {
                Ok(n) => BodyChars::First(n),
                Err(_) => {
                    out.push(
                        src.error(
                            v,
                            "body_chars",
                            format!("正文编入字数（`body_chars`）不能是 `{text}`"),
                        )
                        .hint("写 all（正文全部编入，默认）或一个字数，例如 `body_chars: 300`；0 表示不编入正文"),
                    );
                    BodyChars::All
                }
            },
        };
    }
    if let Some(v) = &raw.remove("bundle_size") {
        settings.bundle_size = fields::positive(src, v, "bundle_size", out);
    }
    settings
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_reference_lists_every_setting() {
        use crate::source::format_reference::assert_documented;
        assert_documented("`site.yaml`", yaml::known_keys::<Raw>());
        assert_documented("`search:` 下的字段", &SEARCH_KEYS);
    }

    #[test]
    fn base_url_gets_trailing_slash_and_path() {
        assert_eq!(
            split_base_url("https://host.gov.cn/xxgk"),
            Some(("https://host.gov.cn/xxgk/".into(), "/xxgk/".into()))
        );
        assert_eq!(
            split_base_url("http://h"),
            Some(("http://h/".into(), "/".into()))
        );
        assert_eq!(split_base_url("www.example.gov.cn"), None);
    }

    #[test]
    fn reports_every_bad_setting() {
        let mut out = Vec::new();
        let cfg = SiteConfig::parse(
            Path::new("site.yaml"),
            "title: 示例\nbase_url: ftp://x\nper_page: 0\nrequire_reveiw: true\n",
            &mut out,
        );
        assert!(cfg.is_none());
        let msgs: Vec<_> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(out.len(), 3, "{msgs:?}");
        assert!(
            out.iter()
                .any(|d| d.hint.as_deref().unwrap_or("").contains("require_review"))
        );
    }
}
