//! A site opened to add entries (`new`, `import`): its agencies' guides and catalogues,
//! the index numbers in use, and the lock that keeps other writers out until the new
//! files are written. Unlike `validate::load` it works on a site that does not build yet:
//! only the agency that receives entries has to be readable.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::authoring::numbering::{NumberingAgency, Numbers, SiteLock};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::site::{self, Catalogue, Guide, SiteConfig, entry};
use crate::source::placeholder::TO_FILL_IN;

pub struct OpenAgency {
    /// The folder on disk.
    pub dir: PathBuf,
    /// The folder relative to `content/`, with `/` separators (`""` for `content/`).
    pub rel: String,
    pub guide: Guide,
    pub catalogue: Catalogue,
}

impl OpenAgency {
    /// How the agency is named to the user: `xihe/nongjizhan（西河镇农业技术推广站）`.
    pub fn label(&self) -> String {
        let folder = if self.rel.is_empty() {
            "content/"
        } else {
            &self.rel
        };
        format!("{folder}（{}）", self.guide.agency)
    }
}

pub struct Workspace {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// In content-scan order; `None` where the guide or catalogue has errors.
    pub agencies: Vec<Option<OpenAgency>>,
    /// Each agency's folder relative to `content/`, indexed like `agencies`.
    folders: Vec<String>,
    /// The problems of each unreadable agency, indexed like `agencies`.
    problems: Vec<Vec<Diagnostic>>,
    pub numbers: Numbers,
    pub today: NaiveDate,
    _lock: SiteLock,
}

impl Workspace {
    /// Opens the site at `root` and waits for the site lock.
    pub fn open(root: &Path) -> Result<Workspace, Diagnostics> {
        let mut out = Vec::new();
        let config_path = root.join("site.yaml");
        if !config_path.is_file() {
            return Err(fail(
                Diagnostic::error("site.yaml", format!("在 {} 找不到 site.yaml", root.display()))
                    .hint("在站点文件夹里运行，或用 --root 指定站点文件夹；新建站点请用 `gongkai init 文件夹名`"),
            ));
        }
        let config = match crate::source::read_text(root, &config_path) {
            Ok(text) => SiteConfig::parse(Path::new("site.yaml"), &text, &mut out),
            Err(d) => {
                out.push(d);
                None
            }
        };
        let Some(config) = config.filter(|_| !out.iter().any(Diagnostic::is_error)) else {
            return Err(out.into_iter().collect());
        };
        let content = root.join("content");
        if !content.is_dir() {
            return Err(fail(
                Diagnostic::error("content", "找不到 content/ 文件夹")
                    .hint("站点的机构、指南、目录和条目都放在 site.yaml 旁边的 content/ 文件夹里"),
            ));
        }
        let lock = SiteLock::acquire(root).map_err(|e| {
            fail(
                Diagnostic::error(
                    crate::authoring::numbering::LOCK_FILE,
                    format!("无法锁定站点：{}", crate::diagnostics::os_error(&e)),
                )
                .hint("检查站点文件夹是否可写"),
            )
        })?;
        let policy = site::link_policy(root, Some(&config));
        let scan = site::scan(root, &content, &policy, &mut Vec::new());
        let mut agencies = Vec::with_capacity(scan.agencies.len());
        let mut problems = Vec::with_capacity(scan.agencies.len());
        let mut folders = Vec::with_capacity(scan.agencies.len());
        for dir in &scan.agencies {
            let rel = dir
                .strip_prefix(&content)
                .unwrap_or(dir)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let mut d = Vec::new();
            let read = site::read_agency(root, dir, &mut d);
            let readable = !d.iter().any(Diagnostic::is_error);
            agencies.push(
                read.filter(|_| readable)
                    .map(|(guide, catalogue)| OpenAgency {
                        rel: rel.clone(),
                        dir: dir.clone(),
                        guide,
                        catalogue,
                    }),
            );
            folders.push(rel);
            problems.push(d);
        }
        let numbering: Vec<Option<NumberingAgency>> = agencies
            .iter()
            .map(|a| {
                a.as_ref().map(|a| NumberingAgency {
                    code: &a.guide.code,
                    catalogue: &a.catalogue,
                })
            })
            .collect();
        let numbers = Numbers::scan(root, &scan.entries, &numbering);
        Ok(Workspace {
            root: root.to_path_buf(),
            config,
            agencies,
            folders,
            problems,
            numbers,
            today: chrono::Local::now().date_naive(),
            _lock: lock,
        })
    }

    /// Finds an agency by folder (relative to `content/`) or by name; without `spec`,
    /// the site's only agency.
    pub fn find_agency(&self, spec: Option<&str>) -> Result<usize, Diagnostics> {
        let list = || {
            self.agencies
                .iter()
                .flatten()
                .map(OpenAgency::label)
                .collect::<Vec<_>>()
                .join("、")
        };
        let found = match spec {
            None if self.agencies.len() == 1 => Some(0),
            None => {
                return Err(fail(
                    Diagnostic::error("content", "站点有多个机构，请用 --agency 指明是哪一个")
                        .hint(format!("可用的机构：{}", list())),
                ));
            }
            Some(spec) => self.lookup_agency(spec),
        };
        let Some(i) = found else {
            return Err(fail(
                Diagnostic::error(
                    "content",
                    format!("找不到机构 `{}`", spec.unwrap_or_default()),
                )
                .hint(format!(
                    "--agency 写机构文件夹（相对于 content/）或机构全称。可用的机构：{}",
                    list()
                )),
            ));
        };
        if self.agencies[i].is_none() {
            let mut d: Diagnostics = self.problems[i].iter().cloned().collect();
            d.push(
                Diagnostic::error("content", "这个机构的指南或目录有错误，无法新增条目")
                    .hint("先按上面的提示修改 guide.md 和 catalogue.md"),
            );
            return Err(d);
        }
        Ok(i)
    }

    /// The agency whose folder (relative to the site root or to `content/`) or full
    /// name is `spec`; `content` or an empty `spec` is `content/` itself.
    pub fn lookup_agency(&self, spec: &str) -> Option<usize> {
        let spec = spec.trim();
        let path = spec.replace('\\', "/");
        let path = path.trim_start_matches("./").trim_matches('/');
        let rel = match path {
            "content" | "." => "",
            p => p.strip_prefix("content/").unwrap_or(p),
        };
        (0..self.agencies.len()).find(|&i| {
            self.folders[i] == rel
                || self.agencies[i]
                    .as_ref()
                    .is_some_and(|a| a.guide.agency == spec)
        })
    }

    /// Why agency `i` cannot be given index numbers yet: its code (part of every number)
    /// is still the scaffold's 【请填写】 mark. A number made from it would be published
    /// as the entry's permanent address.
    pub fn numbering_blocked(&self, i: usize) -> Option<Diagnostic> {
        let a = self.agency(i);
        if !a.guide.code.contains(TO_FILL_IN) {
            return None;
        }
        let file = display_path(&self.root, &a.dir.join("guide.md"));
        let text = std::fs::read_to_string(a.dir.join("guide.md")).unwrap_or_default();
        let line = text.lines().position(|l| l.starts_with("code:"));
        let d = Diagnostic::error(&file, "机构代码（code）还没有填写，无法编排索引号")
            .field("code")
            .hint("索引号由机构代码开头，一经公开就是条目永久的网址；先把 code 改成本机关的统一社会信用代码，再运行本命令");
        Some(match line {
            Some(l) => d.at(l + 1, 1).quote(&text),
            None => d,
        })
    }

    pub fn agency(&self, i: usize) -> &OpenAgency {
        self.agencies[i]
            .as_ref()
            .expect("find_agency returns readable agencies only")
    }

    /// Checks the text of an entry file as the build will (attachments aside): the
    /// problems found, with the file shown at `path`.
    pub fn check_entry(&self, agency: usize, path: &Path, text: &str) -> Vec<Diagnostic> {
        let a = self.agency(agency);
        let roots = site::attachment_roots(&self.root, Some(&self.config));
        let ctx = entry::Context {
            agency,
            agency_name: &a.guide.agency,
            code: Some(&a.guide.code),
            catalogue: Some(&a.catalogue),
            require_review: self.config.require_review,
            today: self.today,
            attachment_roots: &roots,
            sanitize_html: self.config.sanitize_html,
        };
        let shown = display_path(&self.root, path);
        let mut out = Vec::new();
        match crate::source::yaml::split_front_matter(text) {
            Ok(doc) => {
                let src = crate::source::yaml::Source::new(&shown, text, doc.yaml_line);
                entry::Entry::parse(&ctx, &src, path, doc.yaml, doc.body, &mut out);
            }
            Err(_) => out.push(Diagnostic::error(&shown, "前置信息写出有误")),
        }
        out
    }
}

fn fail(d: Diagnostic) -> Diagnostics {
    std::iter::once(d).collect()
}
