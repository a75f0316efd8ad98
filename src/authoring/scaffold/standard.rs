//! `init --standard 乡镇`: the catalogue's front matter from the 基层政务公开标准目录.
//! The statutory columns first (《条例》第二十条、第二十一条), then one category per
//! domain with one per 公开事项 below it, each naming its item (`standard:`), so the
//! category pages show the item's 公开时限 and `check` counts item by item.

use std::fmt::Write as _;

use crate::source::placeholder::TO_FILL_IN;
use crate::standard::{Item, Level, Standard};

/// What `init` was asked for: a level and, optionally, only some domains.
#[derive(Debug, Clone)]
pub struct Choice {
    pub level: Level,
    /// Empty: every domain. Otherwise these apply and the rest are marked not applicable.
    pub domains: Vec<String>,
}

/// A column: code, name, extra YAML fields.
type Column = (&'static str, &'static str, &'static str);

/// The statutory columns every catalogue starts with, per level, with their children.
fn statutory(level: Level) -> Vec<(&'static str, &'static str, &'static str, Vec<Column>)> {
    // A decision's 公示 is due in 7 working days (the standard's rows for 行政许可、行政处罚:
    // “应自作出行政决定之日起7个工作日内公示”).
    const DECISION: &str = "time_limit: 7个工作日, description: \"行政许可、行政处罚决定自作出之日起7个工作日内公示。\"";
    let mut v = vec![
        ("01", "机构职能", "", vec![]),
        (
            "02",
            "政策文件",
            "",
            vec![
                ("0201", "行政规范性文件", "normative: true"),
                ("0202", "其他文件", ""),
            ],
        ),
        ("03", "规划信息", "", vec![]),
        ("04", "统计信息", "", vec![]),
        (
            "06",
            "行政执法",
            "",
            vec![
                ("0601", "行政许可", DECISION),
                ("0602", "行政处罚", DECISION),
                ("0603", "行政强制", ""),
            ],
        ),
    ];
    match level {
        // 《条例》第二十一条: what 乡（镇）人民政府 publish besides.
        Level::Township => v.extend([
            ("08", "宅基地使用情况审核", "", vec![]),
            ("10", "筹资筹劳", "", vec![]),
        ]),
        Level::Street => {}
        // 《条例》第二十条（十）（八）: fees and procurement of departments.
        Level::CountyDepartment => v.extend([
            ("07", "行政事业性收费", "", vec![]),
            ("08", "政府采购", "", vec![]),
        ]),
    }
    v.extend([
        ("13", "人事信息", "", vec![]),
        ("14", "政府信息公开制度", "", vec![]),
    ]);
    v
}

/// The catalogue's front matter (without the `---` fences).
pub fn front_matter(standard: &Standard, choice: &Choice) -> String {
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# 政府信息公开目录：按{level}基层政务公开标准目录生成（gongkai init --standard {level}）。\n\
         # 前面是《条例》规定的法定主动公开栏目，后面是标准目录的各个领域和公开事项。\n\
         # standard: 写明分类对应的标准目录事项，分类页面据此显示公开时限，gongkai check 据此逐项检查。\n\
         # 本机关不涉及的领域，从 categories 中删去，写进 not_applicable 并说明理由（发布在“未涉及领域事项说明”页面）。\n\
         # 栏目暂时没有信息的，加 note: 说明原因（显示在栏目页面，检查时不算空白栏目）。\n\
         # 已经有条目的分类不要改代码（条目里写的是分类代码）。",
        level = choice.level.name()
    );
    let _ = writeln!(y, "standard: {}", choice.level.name());
    let _ = writeln!(y, "index_format: \"{{code}}/{{year}}-{{seq:05}}\"");
    let views = standard.level(choice.level);
    let chosen = |name: &str| choice.domains.is_empty() || choice.domains.iter().any(|d| d == name);
    let skipped: Vec<&str> = views
        .iter()
        .map(|v| v.domain.name.as_str())
        .filter(|n| !chosen(n))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(y, "not_applicable:");
        for name in &skipped {
            let _ = writeln!(
                y,
                "  {name}: {}",
                q(&format!("{TO_FILL_IN}本机关不涉及这一领域的原因"))
            );
        }
    }
    let _ = writeln!(y, "categories:");
    for (code, name, extra, children) in statutory(choice.level) {
        if children.is_empty() {
            let _ = writeln!(y, "  - {{ code: \"{code}\", name: {name}{} }}", with(extra));
            continue;
        }
        let _ = writeln!(y, "  - code: \"{code}\"\n    name: {name}\n    children:");
        for (c, n, e) in children {
            let _ = writeln!(y, "      - {{ code: \"{c}\", name: {n}{} }}", with(e));
        }
    }
    for (number, view) in views.iter().enumerate() {
        if !chosen(&view.domain.name) {
            continue;
        }
        let code = format!("S{:02}", number + 1);
        let _ = writeln!(
            y,
            "  - code: \"{code}\"\n    name: {}\n    standard: {}",
            q(&view.domain.name),
            q(&view.domain.name)
        );
        let items: Vec<&Item> = view.items().iter().collect();
        if !items.is_empty() {
            let _ = writeln!(y, "    children:");
            tree(&mut y, &code, &view.domain.name, &items, 0, 3);
        }
    }
    let _ = writeln!(y, "  - {{ code: \"99\", name: 其他 }}");
    y
}

fn with(extra: &str) -> String {
    if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    }
}

/// The categories for `items` below `parent` (all sharing `path[..depth]`).
fn tree(y: &mut String, code: &str, parent: &str, items: &[&Item], depth: usize, indent: usize) {
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let pad = "  ".repeat(indent);
    let mut groups: Vec<(&str, Vec<&Item>)> = Vec::new();
    for item in items {
        let name = item.path[depth].as_str();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(item),
            None => groups.push((name, vec![item])),
        }
    }
    let mut n = 0;
    for (name, list) in groups {
        // A group named like its parent (财政预决算 › 财政预决算 › 政府预算) adds nothing.
        if name == parent && list.iter().all(|i| i.path.len() > depth + 1) {
            tree(y, code, parent, &list, depth + 1, indent);
            continue;
        }
        n += 1;
        let child = format!("{code}{n:02}");
        let leaf = match &list[..] {
            [one] if one.path.len() == depth + 1 => Some(*one),
            // 出生登记 › 出生登记: one item named like its group.
            [one] if one.path.len() == depth + 2 && one.path[depth + 1] == name => Some(*one),
            _ => None,
        };
        match leaf {
            Some(item) => {
                let _ = writeln!(
                    y,
                    "{pad}- {{ code: \"{child}\", name: {}, standard: {} }}",
                    q(name),
                    q(&item.key())
                );
            }
            None => {
                let _ = writeln!(
                    y,
                    "{pad}- code: \"{child}\"\n{pad}  name: {}\n{pad}  children:",
                    q(name)
                );
                tree(y, &child, name, &list, depth + 1, indent + 2);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_a_category_and_the_yaml_parses() {
        let s = Standard::builtin();
        for level in Level::ALL {
            let y = front_matter(
                s,
                &Choice {
                    level,
                    domains: vec![],
                },
            );
            let mut out = Vec::new();
            let v: serde_json::Value =
                crate::source::yaml::parse_file(std::path::Path::new("catalogue.md"), &y, &mut out)
                    .unwrap_or_else(|| panic!("{level:?}: {out:?}\n{y}"));
            let mut named = Vec::new();
            fn walk(v: &serde_json::Value, named: &mut Vec<String>) {
                for c in v.as_array().into_iter().flatten() {
                    if let Some(s) = c["standard"].as_str() {
                        named.push(s.to_string());
                    }
                    walk(&c["children"], named);
                }
            }
            walk(&v["categories"], &mut named);
            for d in s.level(level) {
                assert!(
                    named.contains(&d.domain.name),
                    "{level:?} {}",
                    d.domain.name
                );
                for item in d.items() {
                    assert!(
                        named.contains(&item.key()),
                        "{level:?}: no category for {}\n{y}",
                        item.key()
                    );
                }
            }
        }
        let y = front_matter(
            s,
            &Choice {
                level: Level::CountyDepartment,
                domains: vec!["社会救助".into(), "养老服务".into()],
            },
        );
        assert!(
            y.contains("not_applicable:\n  重大建设项目: \"【请填写】"),
            "{y}"
        );
        assert!(!y.contains("name: \"重大建设项目\""), "{y}");
        assert!(y.contains("name: \"社会救助\""), "{y}");
    }
}
