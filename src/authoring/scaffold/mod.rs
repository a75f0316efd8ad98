//! The files `gongkai init` writes: real files under `src/authoring/scaffold/site/`, embedded in
//! the binary. `@@name@@` markers in paths and texts are filled in when writing.

pub mod standard;

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::source::placeholder::TO_FILL_IN;
use include_dir::{Dir, include_dir};

static SITE: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/authoring/scaffold/site");

/// What `init` was told about the agency.
pub struct Settings {
    pub agency: Option<String>,
    pub code: Option<String>,
    pub today: NaiveDate,
    /// `--standard`: the catalogue comes from the 基层政务公开标准目录.
    pub standard: Option<standard::Choice>,
}

impl Settings {
    pub fn agency(&self) -> String {
        self.agency
            .clone()
            .unwrap_or_else(|| format!("{TO_FILL_IN}机构全称"))
    }

    pub fn code(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| format!("{TO_FILL_IN}统一社会信用代码"))
    }

    /// The site's title as such sites name themselves: 示例镇人民政府信息公开.
    pub fn title(&self) -> String {
        let agency = self.agency();
        if agency.ends_with("政府") {
            format!("{agency}信息公开")
        } else {
            format!("{agency}政府信息公开")
        }
    }

    fn fill(&self, text: &str) -> String {
        // JSON strings are valid YAML double-quoted scalars: safe for any name.
        let yaml = |s: String| serde_json::Value::String(s).to_string();
        text.replace("@@agency_yaml@@", &yaml(self.agency()))
            .replace("@@code_yaml@@", &yaml(self.code()))
            .replace("@@title_yaml@@", &yaml(self.title()))
            .replace("@@agency@@", &self.agency())
            .replace("@@today@@", &self.today.format("%Y-%m-%d").to_string())
            // The CI recipes install the release that wrote them.
            .replace("@@version@@", env!("CARGO_PKG_VERSION"))
            .replace("@@last_year@@", &(self.today.year() - 1).to_string())
            .replace("@@this_year@@", &self.today.year().to_string())
    }
}

/// Every scaffold file as (path relative to the new site, text), markers filled in.
pub fn files(settings: &Settings) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    collect(&SITE, settings, &mut out);
    out.sort();
    out
}

fn collect(dir: &Dir<'static>, settings: &Settings, out: &mut Vec<(PathBuf, String)>) {
    for f in dir.files() {
        let path = settings.fill(&f.path().to_string_lossy());
        let mut text = f
            .contents_utf8()
            .expect("scaffold files are UTF-8")
            .to_string();
        if let Some(choice) = &settings.standard
            && f.path().ends_with("content/catalogue.md")
        {
            // The same body (编排体系); the categories from the standard.
            let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
            let fm = standard::front_matter(crate::standard::Standard::builtin(), choice);
            text = format!("---\n{fm}---\n{body}");
        }
        out.push((PathBuf::from(path), settings.fill(&text)));
    }
    for d in dir.dirs() {
        collect(d, settings, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(agency: Option<&str>) -> Settings {
        Settings {
            agency: agency.map(str::to_string),
            code: Some("11320100MB1234567X".into()),
            today: NaiveDate::from_ymd_opt(2025, 5, 6).unwrap(),
            standard: None,
        }
    }

    #[test]
    fn markers_are_filled_in_paths_and_texts() {
        let files = files(&settings(Some("示例镇人民政府")));
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
            .collect();
        for want in [
            ".github/workflows/gongkai.yml",
            ".gitlab-ci.yml",
            ".gitignore",
            "calendar.yaml",
            "site.yaml",
            "content/guide.md",
            "content/catalogue.md",
            "content/reports/2024.md",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        for (path, text) in &files {
            assert!(
                !text.contains("@@"),
                "unfilled marker in {}",
                path.display()
            );
        }
        let site = &files
            .iter()
            .find(|(p, _)| p.ends_with("site.yaml"))
            .unwrap()
            .1;
        assert!(site.contains("title: \"示例镇人民政府信息公开\""), "{site}");
    }

    #[test]
    fn ci_recipes_install_this_release_from_pypi() {
        let files = files(&settings(None));
        let version = env!("CARGO_PKG_VERSION");
        for name in [".github/workflows/gongkai.yml", ".gitlab-ci.yml"] {
            let text = &files.iter().find(|(p, _)| p.ends_with(name)).unwrap().1;
            assert!(
                text.contains(&format!("GONGKAI_VERSION: \"{version}\"")),
                "{name} pins {version}"
            );
            assert!(
                text.contains("\"gongkai==$GONGKAI_VERSION\""),
                "{name} installs the pinned wheel"
            );
            // The cache is keyed by the version, so an upgrade installs anew.
            assert!(
                text.contains("GONGKAI_VERSION }}")
                    || text.contains("key: gongkai-$GONGKAI_VERSION")
            );
            assert!(
                text.contains("cargo install --locked --path ."),
                "{name}: from-source note"
            );
            assert!(
                !text.contains("cargo install --locked gongkai"),
                "{name}: no unpublished crate"
            );
        }
    }

    #[test]
    fn yaml_files_parse() {
        for (path, text) in files(&settings(Some("名称: 带\"引号\"的机构"))) {
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("yml" | "yaml") => text.as_str(),
                Some("md") if path.starts_with("content") => {
                    crate::source::yaml::split_front_matter(&text).unwrap().yaml
                }
                _ => continue,
            };
            let mut out = Vec::new();
            let v: Option<crate::source::yaml::Value> =
                crate::source::yaml::parse_file(&path, yaml, &mut out);
            assert!(v.is_some() && out.is_empty(), "{}: {out:?}", path.display());
        }
    }
}
