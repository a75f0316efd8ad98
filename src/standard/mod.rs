//! The 基层政务公开标准目录 as data: the 26 pilot domains (国办发〔2019〕54号) and, per
//! jurisdiction level (乡镇, 街道, 县级部门) and domain, the 公开事项 with their elements
//! (公开内容, 依据, 时限, 主体, 渠道, 对象, 方式, 层级), each with its source.
//!
//! The built-in data (`data/`, embedded in the binary) is transcribed from published
//! township and county catalogues, of which only the opening rows could be read; every
//! file and item that is incomplete says so (`partial`). A site's `standard/*.yaml`
//! files, in the same format, replace or extend it (`read.rs`).

mod read;
pub mod rule;

use std::path::PathBuf;
use std::sync::OnceLock;

pub use rule::TimeRule;

use crate::diagnostics::Diagnostic;

/// The jurisdiction levels whose catalogues the data holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Township,
    Street,
    CountyDepartment,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Township, Level::Street, Level::CountyDepartment];

    pub fn name(self) -> &'static str {
        match self {
            Level::Township => "乡镇",
            Level::Street => "街道",
            Level::CountyDepartment => "县级部门",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == text.trim())
    }

    /// 乡镇 and 街道 are both the 乡级 tier (their catalogues mark 公开层级 "乡级"): where
    /// one has no rows for a domain, the other's are used.
    pub fn sibling(self) -> Option<Level> {
        match self {
            Level::Township => Some(Level::Street),
            Level::Street => Some(Level::Township),
            Level::CountyDepartment => None,
        }
    }
}

/// Where an item or domain was transcribed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDoc {
    pub title: String,
    pub url: Option<String>,
    /// On a `*.gov.cn` site (官方), not a copy elsewhere (镜像).
    pub official: bool,
}

/// One of the domains (领域), with the State Council department's guide.
#[derive(Debug, Clone)]
pub struct Domain {
    pub name: String,
    /// Other names catalogues use (城乡规划 / 国土空间规划).
    pub aliases: Vec<String>,
    /// The national guide: issuing department and document number, as far as known.
    pub guide: Option<String>,
    /// How far the guide was verified.
    pub status: Option<String>,
    /// What is known of the guide's structure (numbers of 一级/二级事项 …).
    pub structure: Option<String>,
    pub note: Option<String>,
    pub source: Option<SourceDoc>,
}

/// How often an item recurs (an annotation of gongkai's, not a column of the standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// 每年 (budgets and final accounts).
    Yearly,
}

/// One 公开事项.
#[derive(Debug, Clone)]
pub struct Item {
    pub domain: String,
    /// 一级事项, 二级事项 and 三级事项 where the catalogue has them.
    pub path: Vec<String>,
    /// 公开内容（要素）
    pub content: Option<String>,
    /// 公开依据
    pub basis: Option<String>,
    /// 公开时限 as the source words it.
    pub time_limit: Option<String>,
    /// The same, as a rule gongkai computes.
    pub rule: Option<TimeRule>,
    pub period: Option<Period>,
    /// 公开主体
    pub subject: Option<String>,
    /// 公开渠道和载体
    pub channels: Vec<String>,
    /// 公开对象
    pub audience: Option<String>,
    /// 公开方式
    pub mode: Option<String>,
    /// 公开层级
    pub levels: Vec<String>,
    pub sources: Vec<SourceDoc>,
    /// Why the item is incomplete, when it is.
    pub partial: Option<String>,
    /// The file that defines it (`（内置标准目录）/乡镇/社会救助.yaml` or a site file) and line.
    pub file: PathBuf,
    pub line: usize,
}

impl Item {
    /// `社会救助/最低生活保障/审核信息`: how catalogues name the item.
    pub fn key(&self) -> String {
        std::iter::once(self.domain.as_str())
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// How closely `key` (`领域[/一级事项[/二级事项…]]`) names this item: the number of
    /// levels it gives (0 for the whole domain), or `None` if it names something else.
    pub fn named_by(&self, key: &str) -> Option<usize> {
        let mut parts = key.split('/').map(str::trim);
        if parts.next()? != self.domain {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        (rest.len() <= self.path.len() && rest.iter().zip(&self.path).all(|(a, b)| a == b))
            .then_some(rest.len())
    }

    /// The item's own name (its last level).
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// One level's items in one domain: one file of the data.
#[derive(Debug, Clone)]
pub struct DomainFile {
    pub level: Level,
    pub domain: String,
    /// Why the file is incomplete (every built-in file is: only opening rows were read).
    pub partial: Option<String>,
    pub note: Option<String>,
    pub items: Vec<Item>,
    pub file: PathBuf,
}

/// The whole standard: domains and files.
#[derive(Debug, Clone, Default)]
pub struct Standard {
    pub domains: Vec<Domain>,
    pub files: Vec<DomainFile>,
}

/// A domain as one level sees it.
#[derive(Debug, Clone, Copy)]
pub struct LevelDomain<'a> {
    pub domain: &'a Domain,
    /// The level's items; `None` when no catalogue of the level (or its sibling) was found.
    pub file: Option<&'a DomainFile>,
    /// Set when the items are the sibling level's (街道 ↔ 乡镇).
    pub borrowed_from: Option<Level>,
}

impl<'a> LevelDomain<'a> {
    pub fn items(&self) -> &'a [Item] {
        self.file.map_or(&[], |f| &f.items)
    }
}

impl Standard {
    /// The built-in data, read once per process.
    pub fn builtin() -> &'static Standard {
        static BUILTIN: OnceLock<Standard> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut out = Vec::new();
            let s = read::builtin(&mut out);
            debug_assert!(out.is_empty(), "built-in standard is valid: {out:?}");
            s
        })
    }

    /// The built-in data with the site's `standard/*.yaml` laid over it.
    pub fn for_site(root: &std::path::Path, out: &mut Vec<Diagnostic>) -> Standard {
        let mut s = Standard::builtin().clone();
        read::site_files(root, &mut s, out);
        s
    }

    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }

    fn file(&self, level: Level, domain: &str) -> Option<&DomainFile> {
        self.files
            .iter()
            .find(|f| f.level == level && f.domain == domain)
    }

    /// Every domain, in order, with the level's items.
    pub fn level(&self, level: Level) -> Vec<LevelDomain<'_>> {
        self.domains
            .iter()
            .map(|domain| {
                if let Some(file) = self.file(level, &domain.name) {
                    return LevelDomain {
                        domain,
                        file: Some(file),
                        borrowed_from: None,
                    };
                }
                let sibling = level
                    .sibling()
                    .and_then(|s| self.file(s, &domain.name).map(|f| (s, f)));
                LevelDomain {
                    domain,
                    file: sibling.map(|(_, f)| f),
                    borrowed_from: sibling.map(|(s, _)| s),
                }
            })
            .collect()
    }

    /// Every name a catalogue may use for `level` (for suggestions): domains, groups, items.
    pub fn keys(&self, level: Level) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for d in self.level(level) {
            keys.push(d.domain.name.clone());
            for item in d.items() {
                for depth in 1..=item.path.len() {
                    let key = format!("{}/{}", d.domain.name, item.path[..depth].join("/"));
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_parses_and_every_item_names_a_source() {
        let mut out = Vec::new();
        let s = read::builtin(&mut out);
        assert!(out.is_empty(), "{out:#?}");
        assert_eq!(s.domains.len(), 26, "the 26 pilot domains");
        let items: Vec<&Item> = s.files.iter().flat_map(|f| &f.items).collect();
        assert!(items.len() > 90, "{} items", items.len());
        for item in &items {
            assert!(!item.sources.is_empty(), "{} has no source", item.key());
            assert!(
                item.time_limit.is_some() || item.partial.is_some(),
                "{}: no 公开时限 and not marked partial",
                item.key()
            );
            if let (Some(rule), Some(text)) = (&item.rule, &item.time_limit) {
                // The rule reads the source's own words: its numbers and keywords are there.
                let word = match rule.span() {
                    Some(span) => format!(
                        "{}{}",
                        span.days,
                        if span.working { "个工作日" } else { "日" }
                    ),
                    None => rule.to_string(),
                };
                assert!(
                    word == "其他" || text.contains(&word),
                    "{}: rule {rule} not in 公开时限 “{text}”",
                    item.key()
                );
                if let Some(p) = rule.posting {
                    assert!(text.contains(&format!("公示{p}")), "{}", item.key());
                }
            }
        }
        for f in &s.files {
            assert!(
                s.domain(&f.domain).is_some(),
                "{}: unknown domain",
                f.file.display()
            );
            assert!(
                f.partial.is_some(),
                "{}: built-in files are all partial",
                f.file.display()
            );
        }
    }

    #[test]
    fn levels_borrow_from_their_sibling_and_names_resolve() {
        let s = Standard::builtin();
        let street = s.level(Level::Street);
        let aid = street.iter().find(|d| d.domain.name == "社会救助").unwrap();
        assert_eq!(aid.borrowed_from, Some(Level::Township));
        let own = street.iter().find(|d| d.domain.name == "义务教育").unwrap();
        assert_eq!(own.borrowed_from, None);
        let none = s
            .level(Level::CountyDepartment)
            .into_iter()
            .find(|d| d.domain.name == "城乡规划")
            .unwrap();
        assert!(none.file.is_none());

        let t = Level::Township;
        let aid = s
            .level(t)
            .into_iter()
            .find(|d| d.domain.name == "社会救助")
            .unwrap();
        let vetted = &aid.items()[4];
        assert_eq!(vetted.key(), "社会救助/最低生活保障/审核信息");
        assert_eq!(vetted.named_by("社会救助/最低生活保障/审核信息"), Some(2));
        assert_eq!(vetted.named_by("社会救助/最低生活保障"), Some(1));
        assert_eq!(vetted.named_by("社会救助"), Some(0));
        assert_eq!(vetted.named_by("社会救助/综合业务"), None);
        assert_eq!(vetted.named_by("养老服务"), None);
        let keys = s.keys(t);
        assert!(keys.contains(&"社会救助/最低生活保障".to_string()));
        assert!(keys.contains(&"户籍管理/户籍管理领域/出生登记/出生登记".to_string()));
    }
}
