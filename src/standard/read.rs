//! Reading the standard's files: the built-in `data/` (embedded) and a site's
//! `standard/*.yaml`, which replace or extend the built-in items of the same level and
//! domain. Every problem names the file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Deserialize;

use super::{Domain, DomainFile, Item, Level, Period, SourceDoc, Standard, TimeRule};
use crate::diagnostics::{Diagnostic, nearest};
use crate::source::yaml::{self, Located, Source};

static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/standard/data");

/// How built-in files are named in messages.
pub const BUILTIN_DIR: &str = "（内置标准目录）";
const DOMAINS_FILE: &str = "领域.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomains {
    domains: Vec<RawDomain>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    name: String,
    aliases: Option<Vec<String>>,
    guide: Option<String>,
    status: Option<String>,
    structure: Option<String>,
    note: Option<String>,
    source: Option<RawSource>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: Option<String>,
    official: Option<bool>,
}

impl RawSource {
    fn doc(&self) -> SourceDoc {
        SourceDoc {
            title: self.title.trim().to_string(),
            url: self.url.clone().filter(|u| !u.trim().is_empty()),
            official: self.official.unwrap_or(false),
        }
    }
}

#[derive(Deserialize)]
struct RawFile {
    level: Option<Located<String>>,
    domain: Option<Located<String>>,
    partial: Option<String>,
    note: Option<String>,
    /// For a domain the built-in data does not have: its national guide.
    guide: Option<String>,
    /// `true`: the file's items replace the built-in ones instead of extending them.
    replace: Option<Located<String>>,
    sources: Option<BTreeMap<String, RawSource>>,
    items: Option<Vec<Located<RawItem>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    first: Option<String>,
    second: Option<String>,
    third: Option<String>,
    content: Option<String>,
    basis: Option<String>,
    time_limit: Option<String>,
    rule: Option<Located<String>>,
    period: Option<Located<String>>,
    subject: Option<String>,
    channels: Option<Vec<String>>,
    audience: Option<String>,
    mode: Option<String>,
    levels: Option<Vec<String>>,
    sources: Option<Vec<Located<String>>>,
    partial: Option<String>,
}

/// The built-in data.
pub fn builtin(out: &mut Vec<Diagnostic>) -> Standard {
    let mut s = Standard::default();
    let domains = DATA
        .get_file(DOMAINS_FILE)
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default();
    let shown = Path::new(BUILTIN_DIR).join(DOMAINS_FILE);
    if let Some(raw) = yaml::parse_file::<RawDomains>(&shown, domains, out) {
        s.domains = raw.domains.into_iter().map(domain).collect();
    }
    let mut files: Vec<&include_dir::File> = DATA
        .dirs()
        .flat_map(|d| d.files())
        .filter(|f| f.path().extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort_by_key(|f| f.path());
    for f in files {
        let shown = Path::new(BUILTIN_DIR).join(f.path());
        if let Some((file, _)) = domain_file(&shown, f.contents_utf8().unwrap_or_default(), out) {
            s.files.push(file);
        }
    }
    s
}

/// Lays the site's `standard/**/*.yaml` over `s`.
pub fn site_files(root: &Path, s: &mut Standard, out: &mut Vec<Diagnostic>) {
    let dir = root.join("standard");
    if !dir.is_dir() {
        return;
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter(|p| {
            // Editors' backups and hidden folders are not standard files.
            !p.strip_prefix(&dir)
                .unwrap_or(p)
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = match crate::source::read_text(root, &path) {
            Ok(t) => t,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        let Some((file, extra)) = domain_file(&shown, &text, out) else {
            continue;
        };
        if s.domain(&file.domain).is_none() {
            s.domains.push(Domain {
                name: file.domain.clone(),
                aliases: Vec::new(),
                guide: extra.guide,
                status: None,
                structure: None,
                note: None,
                source: None,
            });
        }
        match s
            .files
            .iter_mut()
            .find(|f| f.level == file.level && f.domain == file.domain)
        {
            Some(built) if !extra.replace => {
                for item in file.items {
                    match built.items.iter_mut().find(|i| i.path == item.path) {
                        Some(same) => *same = item,
                        None => built.items.push(item),
                    }
                }
                if file.partial.is_some() {
                    built.partial = file.partial;
                }
                if file.note.is_some() {
                    built.note = file.note;
                }
                built.file = file.file;
            }
            Some(built) => *built = file,
            None => s.files.push(file),
        }
    }
}

fn domain(raw: RawDomain) -> Domain {
    Domain {
        name: raw.name.trim().to_string(),
        aliases: raw.aliases.unwrap_or_default(),
        guide: raw.guide,
        status: raw.status,
        structure: raw.structure,
        note: raw.note,
        source: raw.source.as_ref().map(RawSource::doc),
    }
}

/// What a site file says beyond its items.
struct Extra {
    guide: Option<String>,
    replace: bool,
}

fn domain_file(shown: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Option<(DomainFile, Extra)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let src = Source::new(shown, text, 1);
    let raw: RawFile = yaml::parse(&src, text, out)?;
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
    let level = match &raw.level {
        Some(l) => match Level::parse(&l.value) {
            Some(level) => Some(level),
            None => {
                out.push(
                    src.error(
                        l,
                        "level",
                        format!("`{}` 不是标准目录的层级", l.value.trim()),
                    )
                    .hint(format!("可选：{}", levels.join(" | "))),
                );
                None
            }
        },
        None => {
            out.push(
                src.file_error("缺少 `level`（这份标准目录属于哪一级）")
                    .field("level")
                    .hint(format!("例如 `level: 乡镇`；可选：{}", levels.join(" | "))),
            );
            None
        }
    };
    let domain = crate::source::fields::required(&src, raw.domain, "domain", "社会救助", out);
    let replace = match &raw.replace {
        Some(v) => crate::source::fields::flag(&src, v, "replace", out).unwrap_or(false),
        None => false,
    };
    let sources: BTreeMap<String, SourceDoc> = raw
        .sources
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.doc()))
        .collect();
    let domain = domain?.value;
    let mut items: Vec<Item> = Vec::new();
    for loc in raw.items.unwrap_or_default() {
        let line = loc.line;
        if let Some(item) = item(&src, &domain, loc, &sources, out) {
            if items.iter().any(|i| i.path == item.path) {
                out.push(
                    src.error_at(
                        line,
                        1,
                        format!("事项「{}」在本文件中出现了两次", item.key()),
                    )
                    .field("items")
                    .hint("同一个事项只写一次；一级、二级事项名称相同的，用三级事项（third）区分"),
                );
                continue;
            }
            items.push(item);
        }
    }
    Some((
        DomainFile {
            level: level?,
            domain,
            partial: text_of(raw.partial),
            note: text_of(raw.note),
            items,
            file: shown.to_path_buf(),
        },
        Extra {
            guide: text_of(raw.guide),
            replace,
        },
    ))
}

fn text_of(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn item(
    src: &Source,
    domain: &str,
    loc: Located<RawItem>,
    sources: &BTreeMap<String, SourceDoc>,
    out: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let (raw, line) = (loc.value, loc.line);
    let at = |message: String| src.error_at(line, loc.column, message).field("items");
    let path: Vec<String> = [raw.first, raw.second, raw.third]
        .into_iter()
        .map(text_of)
        .take_while(Option::is_some)
        .flatten()
        .collect();
    if path.is_empty() {
        out.push(
            at("事项缺少一级事项名称（`first`）".into())
                .hint("例如：`- first: 最低生活保障`，下面写 `second: 审核信息`"),
        );
        return None;
    }
    let name = format!("{domain}/{}", path.join("/"));
    if let Some(bad) = path.iter().find(|p| p.contains('/')) {
        out.push(
            at(format!("事项名称「{bad}」含有 `/`"))
                .hint("目录用 `/` 分隔各级事项，名称里请改用“、”或“或”"),
        );
        return None;
    }
    let rule = raw
        .rule
        .as_ref()
        .and_then(|r| match TimeRule::parse(&r.value) {
            Ok(rule) => Some(rule),
            Err(msg) => {
                out.push(src.error(r, "rule", format!("事项「{name}」的公开时限规则：{msg}")));
                None
            }
        });
    let period = raw.period.as_ref().and_then(|p| match p.value.trim() {
        "每年" => Some(Period::Yearly),
        other => {
            out.push(
                src.error(p, "period", format!("`period: {other}` 无法识别"))
                    .hint("目前只支持 `period: 每年`"),
            );
            None
        }
    });
    let mut docs = Vec::new();
    for key in raw.sources.unwrap_or_default() {
        match sources.get(key.value.trim()) {
            Some(doc) => docs.push(doc.clone()),
            None => {
                let mut d = src.error(
                    &key,
                    "sources",
                    format!(
                        "来源 `{}` 没有在文件开头的 `sources:` 中定义",
                        key.value.trim()
                    ),
                );
                if let Some(near) = nearest(key.value.trim(), sources.keys().map(String::as_str)) {
                    d = d.hint(format!("是否想写 `{near}`？"));
                }
                out.push(d);
            }
        }
    }
    if docs.is_empty() {
        out.push(
            at(format!("事项「{name}」没有写明来源（`sources`）"))
                .hint("每个事项都要注明出自哪一份目录：在文件开头的 `sources:` 中定义来源，在事项下写 `sources: [来源]`"),
        );
        return None;
    }
    let partial = text_of(raw.partial);
    let time_limit = text_of(raw.time_limit);
    if time_limit.is_none() && partial.is_none() {
        out.push(
            at(format!("事项「{name}」没有公开时限（`time_limit`）"))
                .hint("照来源写上公开时限；来源中没有的，用 `partial:` 说明缺了什么"),
        );
    }
    if time_limit.is_some() && raw.rule.is_none() {
        out.push(
            at(format!("事项「{name}」有公开时限却没有 `rule`"))
                .hint("写上可以计算的规则，例如 `rule: 20个工作日`、`rule: 批准后20日`、`rule: 实时`；不能按天数核对的写 `rule: 其他`"),
        );
    }
    Some(Item {
        domain: domain.to_string(),
        path,
        content: text_of(raw.content),
        basis: text_of(raw.basis),
        time_limit,
        rule,
        period,
        subject: text_of(raw.subject),
        channels: raw.channels.unwrap_or_default(),
        audience: text_of(raw.audience),
        mode: text_of(raw.mode),
        levels: raw.levels.unwrap_or_default(),
        sources: docs,
        partial,
        file: src.path(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_sit_in_their_level_folder() {
        for dir in DATA.dirs() {
            let folder = dir.path().to_string_lossy().to_string();
            assert!(
                Level::parse(&folder).is_some(),
                "unexpected folder {folder}"
            );
            for f in dir.files() {
                let text = f.contents_utf8().unwrap();
                let stem = f.path().file_stem().unwrap().to_string_lossy().to_string();
                assert!(
                    text.contains(&format!("\nlevel: {folder}\n")),
                    "{}",
                    f.path().display()
                );
                assert!(
                    text.contains(&format!("\ndomain: {stem}\n")),
                    "{}",
                    f.path().display()
                );
            }
        }
    }

    #[test]
    fn a_site_file_overrides_extends_and_adds() {
        let t = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = t.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w(
            "standard/养老.yaml",
            "level: 乡镇\ndomain: 养老服务\nsources:\n  local: { title: 本县目录 }\nitems:\n  - first: 养老服务政策\n    second: 国家和地方层面养老服务相关法律、法规、政策文件\n    time_limit: 制定或获取文件之日起10个工作日内\n    rule: 10个工作日\n    sources: [local]\n  - first: 新事项\n    time_limit: 20个工作日\n    rule: 20个工作日\n    sources: [local]\n",
        );
        w(
            "standard/自然资源.yaml",
            "level: 乡镇\ndomain: 自然资源\nguide: 本省指引\nsources:\n  local: { title: 本县目录 }\nitems:\n  - { first: 国土空间规划, time_limit: 实时公开, rule: 实时, sources: [local] }\n",
        );
        w(
            "standard/bad.yaml",
            "level: 镇\ndomain: 救灾\nitems:\n  - { first: 甲, rule: 二十天, sources: [nowhere] }\n",
        );
        let mut out = Vec::new();
        let s = Standard::for_site(t.path(), &mut out);
        let msgs: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(out.len(), 4, "{msgs:#?}");
        assert!(msgs[0].contains("不是标准目录的层级"), "{msgs:?}");
        assert!(out.iter().all(|d| d.file == Path::new("standard/bad.yaml")));
        let care = s
            .level(Level::Township)
            .into_iter()
            .find(|d| d.domain.name == "养老服务")
            .unwrap();
        let first = &care.items()[0];
        assert_eq!(first.rule.as_ref().unwrap().span().unwrap().days, 10);
        assert_eq!(first.sources[0].title, "本县目录");
        assert_eq!(care.items().len(), 4, "three built-in items, one new");
        assert_eq!(
            s.domain("自然资源").unwrap().guide.as_deref(),
            Some("本省指引")
        );
        assert_eq!(
            Standard::builtin().domains.len(),
            26,
            "the built-in data is untouched"
        );
    }
}
