//! The only module that knows Tera: the embedded default theme, a site's
//! `templates/` overrides, and turning template errors into diagnostics.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::source::walk::{self, LinkPolicy};

/// The default theme, compiled into the binary so a site needs no theme folder.
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The theme's static files (CSS, JS), as (path under `static/`, bytes).
pub fn theme_assets() -> Vec<(PathBuf, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = THEME.get_dir("static") {
        collect_files(dir, &mut out);
    }
    out.into_iter()
        .map(|(p, b)| (p.strip_prefix("static").unwrap_or(&p).to_path_buf(), b))
        .collect()
}

fn collect_files(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_path_buf(), f.contents()));
    }
    for d in dir.dirs() {
        collect_files(d, out);
    }
}

/// Templates are compiled once per build and shared by all render threads.
pub struct Templates {
    tera: Tera,
    overridden: Vec<String>,
    /// Of every template's name and text (the build cache's key of all pages).
    pub fingerprint: u64,
    /// The site folder (to quote a custom template's line in an error).
    root: PathBuf,
}

impl Templates {
    /// The embedded theme with the site's `templates/` laid over it by name.
    pub fn load(site_root: &Path, links: &LinkPolicy) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut embedded = Vec::new();
        if let Some(dir) = THEME.get_dir("templates") {
            collect_files(dir, &mut embedded);
        }
        for (path, bytes) in embedded {
            let name = path.strip_prefix("templates").unwrap_or(&path);
            sources.push((
                slash_name(name),
                String::from_utf8_lossy(bytes).into_owned(),
            ));
        }
        let mut problems = Vec::new();
        let mut overridden = Vec::new();
        let dir = site_root.join("templates");
        if dir.is_dir() {
            // Editors' swap and backup files (`.entry.html.swp`, `entry.html~`) are not templates.
            let mut files = walk::files(
                site_root,
                &dir,
                links,
                crate::site::is_hidden,
                &mut problems,
            );
            files.sort();
            for path in files {
                let name = slash_name(path.strip_prefix(&dir).unwrap_or(&path));
                match crate::source::read_text(site_root, &path) {
                    Ok(text) => {
                        sources.retain(|(n, _)| *n != name);
                        sources.push((name.clone(), text));
                        overridden.push(name);
                    }
                    Err(d) => problems.push(d),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let fingerprint = crate::output::cache::Fingerprint::new("templates")
            .add(&sources)
            .finish();
        let templates = |tera| Templates {
            tera,
            overridden,
            fingerprint,
            root: site_root.to_path_buf(),
        };
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![templates(Tera::new()).error("模板有语法错误", &e)]);
        }
        Ok(templates(tera))
    }

    /// Whether the site overrides any theme template (pages may then show anything in
    /// their context).
    pub fn customised(&self) -> bool {
        !self.overridden.is_empty()
    }

    /// Values every page can use (the site's settings, the agency list).
    pub fn set_global(&mut self, key: &'static str, value: tera::Value) {
        self.tera.global_context().insert_value(key, value);
    }

    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.tera
            .render_to(template, ctx, &mut *out)
            .map_err(|e| self.error(&format!("渲染模板 {template} 时出错"), &e))
    }

    /// A Tera error as a diagnostic: the template file, line and column, the line quoted,
    /// and Tera's English message in Chinese (`tera_message`).
    fn error(&self, what: &str, e: &tera::Error) -> Diagnostic {
        // The innermost located report in the chain names the template and the place.
        let mut chain: Vec<&tera::Error> = vec![e];
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            if let Some(t) = s.downcast_ref::<tera::Error>() {
                chain.push(t);
            }
            source = s.source();
        }
        let report = chain.iter().rev().find_map(|e| match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        });
        let (message, name, line, column) = match report {
            Some(r) => (
                tera_message(r.message()),
                r.filename().to_string(),
                r.span().start_line,
                r.span().start_col + 1,
            ),
            None => {
                let last = chain
                    .last()
                    .map_or_else(|| e.to_string(), |e| e.to_string());
                // Some errors carry the report as text: `error: …` then ` --> name:line:col`.
                let place = last.lines().find_map(|l| {
                    let (name, rest) = l.trim().strip_prefix("--> ")?.split_once(':')?;
                    let (line, column) = rest.split_once(':')?;
                    Some((name.to_string(), line.parse().ok()?, column.parse().ok()?))
                });
                let first = last.lines().next().unwrap_or_default();
                let first = first.strip_prefix("error: ").unwrap_or(first);
                match place {
                    Some((name, line, column)) => (tera_message(first), name, line, column),
                    None => {
                        let name = self
                            .overridden
                            .iter()
                            .find(|n| last.contains(n.as_str()))
                            .cloned()
                            .unwrap_or_default();
                        (tera_message(&last), name, 0, 0)
                    }
                }
            }
        };
        let custom = self.overridden.contains(&name);
        let mut d = if custom {
            let file = PathBuf::from("templates").join(&name);
            let text = std::fs::read_to_string(self.root.join(&file)).unwrap_or_default();
            Diagnostic::error(file, format!("{what}：{message}"))
                .at(line, column)
                .quote(&text)
        } else {
            Diagnostic::error(
                PathBuf::from("（内置主题）").join(&name),
                format!("{what}：{message}"),
            )
            .at(line, column)
        };
        d = d.hint(if custom {
            "检查 templates/ 中自定义模板的这一行（模板语法见 Tera 2 的说明）；删除该文件即可恢复使用内置模板"
        } else {
            "内置主题出错，请向 gongkai 报告这个问题"
        });
        d
    }
}

/// Tera's messages in Chinese: the common mistakes worded for a clerk, anything else
/// kept as Tera wrote it after a Chinese label.
fn tera_message(m: &str) -> String {
    let m = m.trim();
    let ticked = |s: &str| s.split('`').nth(1).unwrap_or_default().to_string();
    let after = |s: &str, label: &str| {
        s.split_once(label)
            .map(|(_, rest)| rest.trim().trim_end_matches('.').replace(", ", "、"))
    };
    if m.starts_with("Unknown filter") {
        format!("没有名为 `{}` 的过滤器（`|` 后面的名称写错了）", ticked(m))
    } else if m.starts_with("Unknown function") {
        format!("没有名为 `{}` 的函数", ticked(m))
    } else if m.starts_with("Unknown test") {
        format!("没有名为 `{}` 的测试（`is` 后面的名称写错了）", ticked(m))
    } else if m.starts_with("Unknown tag") {
        "无法识别的模板标签：`{% … %}` 里的名称写错了，或者前面的 `{% if %}`、`{% for %}`、`{% block %}` 缺少对应的结束标签".to_string()
    } else if m.starts_with("Variable `") && m.contains("is not defined") {
        match after(m, "Available variables:") {
            Some(list) => format!("变量 `{}` 不存在；这个页面可用的变量：{list}", ticked(m)),
            None => format!("变量 `{}` 不存在", ticked(m)),
        }
    } else if m.starts_with("Field `") && m.contains("is not defined") {
        match after(m, "Available fields:") {
            Some(list) => format!("字段 `{}` 不存在；可用的字段：{list}", ticked(m)),
            None => format!("字段 `{}` 不存在", ticked(m)),
        }
    } else if m.starts_with("Unknown template") {
        format!("找不到模板 `{}`", ticked(m))
    } else if let Some(rest) = m.strip_prefix("Template '") {
        let name = rest.split('\'').next().unwrap_or_default();
        if m.contains("is inheriting from") {
            let parent = rest.split('\'').nth(2).unwrap_or_default();
            format!("模板 `{name}` 继承的 `{parent}` 不存在")
        } else {
            format!("找不到模板 `{name}`")
        }
    } else if m.contains("but was expecting `elif`, `else` or `endif`") {
        "`{% if %}` 缺少对应的 `{% endif %}`".to_string()
    } else if m.starts_with("Unexpected end of input") {
        "模板意外结束：有标签没有写完（缺少 `%}` 或 `}}`），或缺少结束标签".to_string()
    } else if m.starts_with("String opened with") {
        format!("字符串缺少结尾的引号 {}", ticked(m))
    } else if m.starts_with("Tried to render a variable that is undefined")
        || m.contains("exists but its value is undefined")
    {
        "要显示的值不存在（例如 `{{ entry.doc_number }}` 在没有文号的条目上）：可用 `{% if … %}` 先判断".to_string()
    } else if m.starts_with("Found ") && m.contains(" but expected ") {
        let (found, expected) = m["Found ".len()..]
            .split_once(" but expected ")
            .unwrap_or_default();
        format!(
            "这里应为 {}，实际是 {found}",
            expected.trim_end_matches('.')
        )
    } else {
        format!("模板错误（{m}）")
    }
}

/// Renders a page that is not part of the site (`check --html`'s score sheet) from its
/// own template, with the same escaping and error messages as the theme's pages.
pub fn render_standalone(
    name: &str,
    template: &str,
    ctx: &impl serde::Serialize,
) -> Result<String, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_template(name, template)
        .and_then(|()| tera.render(name, &Context::from_serialize(ctx)?))
        .map_err(|e| {
            let t = Templates {
                tera: Tera::new(),
                overridden: Vec::new(),
                fingerprint: 0,
                root: PathBuf::new(),
            };
            t.error(&format!("渲染 {name} 时出错"), &e)
        })
}

fn slash_name(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
