//! The only module that knows Tera: the embedded default theme, a site's
//! `templates/` overrides, and turning template errors into diagnostics.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;

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
}

impl Templates {
    /// The embedded theme with the site's `templates/` laid over it by name.
    pub fn load(site_root: &Path) -> Result<Templates, Vec<Diagnostic>> {
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
            let walk = walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !crate::site::is_hidden(e.file_name()));
            for item in walk {
                let Ok(item) = item else { continue };
                if !item.file_type().is_file() {
                    continue;
                }
                let name = slash_name(item.path().strip_prefix(&dir).unwrap_or(item.path()));
                match crate::source::read_text(site_root, item.path()) {
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
        if let Err(e) = tera.add_raw_templates(sources) {
            let templates = Templates { tera, overridden };
            return Err(vec![templates.error("模板有语法错误", &e)]);
        }
        Ok(Templates { tera, overridden })
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

    fn error(&self, what: &str, e: &tera::Error) -> Diagnostic {
        // Tera's own message carries the template name, line and column.
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            detail.push_str(&format!("\n{s}"));
            source = s.source();
        }
        let custom = self.overridden.iter().find(|n| detail.contains(n.as_str()));
        let file = match custom {
            Some(n) => PathBuf::from("templates").join(n),
            None => PathBuf::from("（内置主题）"),
        };
        Diagnostic::error(file, format!("{what}：{detail}")).hint(match custom {
            Some(_) => "检查 templates/ 中自定义模板的这一行；删除该文件即可恢复使用内置模板",
            None => "内置主题出错，请向 gongkai 报告这个问题",
        })
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
