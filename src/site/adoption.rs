//! How an agency's catalogue adopts the standard (`standard: 乡镇` in `catalogue.md`):
//! which domains and items apply, which category holds each item, and which the office
//! marked as not applying (`not_applicable:`).
//!
//! A category holds what its `standard:` names: an item, a group (`领域/一级事项`) or a
//! whole domain. Each item is held by the categories that name it most closely, so a
//! catalogue with one category per item is counted item by item, and one with a
//! category per domain is counted per domain.

use super::catalogue::{Catalogue, NotApplicable, StandardRef};
use crate::standard::{Item, Level, LevelDomain, Standard, TimeRule};

#[derive(Debug)]
pub struct Adoption<'a> {
    pub level: Level,
    pub domains: Vec<AdoptedDomain<'a>>,
    /// Per category: the item it names exactly, if any (the first, if it names several).
    pub category_item: Vec<Option<&'a Item>>,
    /// References that name nothing in the level's standard.
    pub unknown: Vec<Unknown<'a>>,
}

#[derive(Debug)]
pub struct AdoptedDomain<'a> {
    pub view: LevelDomain<'a>,
    /// Set when the whole domain is marked as not applying.
    pub not_applicable: Option<&'a NotApplicable>,
    pub items: Vec<AdoptedItem<'a>>,
    /// Categories naming the domain as a whole (`standard: 社会救助`).
    pub categories: Vec<usize>,
}

#[derive(Debug)]
pub struct AdoptedItem<'a> {
    pub item: &'a Item,
    /// The mark that takes it out: its own, its group's or its domain's.
    pub not_applicable: Option<&'a NotApplicable>,
    /// The categories holding it (those naming it most closely); empty if none does.
    pub categories: Vec<usize>,
}

impl AdoptedItem<'_> {
    pub fn applies(&self) -> bool {
        self.not_applicable.is_none()
    }
}

/// A `standard:` or `not_applicable:` name the standard does not have.
#[derive(Debug)]
pub enum Unknown<'a> {
    Category(usize, &'a StandardRef),
    NotApplicable(&'a NotApplicable),
}

impl<'a> Adoption<'a> {
    /// `None` when the catalogue does not follow the standard.
    pub fn of(standard: &'a Standard, catalogue: &'a Catalogue) -> Option<Adoption<'a>> {
        let (level, _) = catalogue.standard?;
        let cats = &catalogue.categories;
        let names_something = |key: &str| {
            let domain = key.split('/').next().unwrap_or("").trim();
            let view = standard
                .level(level)
                .into_iter()
                .find(|d| d.domain.name == domain);
            view.is_some_and(|v| {
                !key.contains('/') || v.items().iter().any(|i| i.named_by(key).is_some())
            })
        };
        let mut unknown = Vec::new();
        for (c, cat) in cats.iter().enumerate() {
            for r in &cat.standard {
                if !names_something(&r.key) {
                    unknown.push(Unknown::Category(c, r));
                }
            }
        }
        for na in &catalogue.not_applicable {
            if !names_something(&na.key) {
                unknown.push(Unknown::NotApplicable(na));
            }
        }
        let mut category_item = vec![None; cats.len()];
        let domains = standard
            .level(level)
            .into_iter()
            .map(|view| {
                let domain_mark = catalogue
                    .not_applicable
                    .iter()
                    .find(|na| na.key == view.domain.name);
                let items = view
                    .items()
                    .iter()
                    .map(|item| {
                        // The closest mark and the closest categories win.
                        let not_applicable = catalogue
                            .not_applicable
                            .iter()
                            .filter_map(|na| item.named_by(&na.key).map(|d| (d, na)))
                            .max_by_key(|(d, _)| *d)
                            .map(|(_, na)| na);
                        let naming: Vec<(usize, usize)> = (0..cats.len())
                            .flat_map(|c| {
                                cats[c]
                                    .standard
                                    .iter()
                                    .filter_map(move |r| item.named_by(&r.key).map(|d| (c, d)))
                            })
                            .filter(|&(_, d)| d > 0)
                            .collect();
                        let closest = naming.iter().map(|&(_, d)| d).max();
                        let mut categories: Vec<usize> = naming
                            .iter()
                            .filter(|&&(_, d)| Some(d) == closest)
                            .map(|&(c, _)| c)
                            .collect();
                        categories.dedup();
                        for &(c, d) in &naming {
                            if d == item.path.len() && category_item[c].is_none() {
                                category_item[c] = Some(item);
                            }
                        }
                        AdoptedItem {
                            item,
                            not_applicable,
                            categories,
                        }
                    })
                    .collect::<Vec<_>>();
                let whole: Vec<usize> = (0..cats.len())
                    .filter(|&c| {
                        cats[c]
                            .standard
                            .iter()
                            .any(|r| r.key.trim() == view.domain.name)
                    })
                    .collect();
                let mut items = items;
                // Items no closer category holds are held by the domain's categories.
                for it in &mut items {
                    if it.categories.is_empty() {
                        it.categories = whole.clone();
                    }
                }
                AdoptedDomain {
                    view,
                    not_applicable: domain_mark,
                    items,
                    categories: whole,
                }
            })
            .collect();
        Some(Adoption {
            level,
            domains,
            category_item,
            unknown,
        })
    }

    /// The 公开时限 an entry in `category` is held to, and where it comes from: the
    /// category's own `time_limit`, else the item it (or the nearest parent) names,
    /// else `None` (Art. 26 applies).
    pub fn rule_for(
        catalogue: &'a Catalogue,
        adoption: Option<&Adoption<'a>>,
        category: usize,
    ) -> Option<RuleSource<'a>> {
        let mut c = Some(category);
        while let Some(i) = c {
            let cat = &catalogue.categories[i];
            if let Some(rule) = &cat.time_limit {
                return Some(RuleSource::Category(i, rule));
            }
            if let Some(item) = adoption.and_then(|a| a.category_item[i])
                && let Some(rule) = &item.rule
            {
                return Some(RuleSource::Item(item, rule));
            }
            c = cat.parent;
        }
        None
    }

    /// The domains marked as not applying, in the standard's order.
    pub fn not_applicable(&self) -> impl Iterator<Item = (&AdoptedDomain<'a>, &'a NotApplicable)> {
        self.domains
            .iter()
            .filter_map(|d| d.not_applicable.map(|na| (d, na)))
    }
}

/// Where a 公开时限 comes from.
#[derive(Debug, Clone, Copy)]
pub enum RuleSource<'a> {
    /// The category's own `time_limit:`.
    Category(usize, &'a TimeRule),
    /// The standard item the category holds.
    Item(&'a Item, &'a TimeRule),
}

impl<'a> RuleSource<'a> {
    pub fn rule(&self) -> &'a TimeRule {
        match *self {
            RuleSource::Category(_, r) | RuleSource::Item(_, r) => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::source::yaml::Source;

    fn catalogue(yaml: &str) -> Catalogue {
        let text = format!("---\n{yaml}---\n");
        let mut out = Vec::new();
        let c = Catalogue::parse(
            &Source::new(Path::new("catalogue.md"), &text, 2),
            yaml,
            "",
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        c.unwrap()
    }

    fn held<'a>(a: &'a Adoption, key: &str) -> &'a AdoptedItem<'a> {
        a.domains
            .iter()
            .flat_map(|d| &d.items)
            .find(|it| it.item.key() == key)
            .unwrap()
    }

    #[test]
    fn the_closest_category_holds_an_item() {
        let c = catalogue(
            "standard: 乡镇\nnot_applicable:\n  养老服务: 由县民政局公开。\n  社会救助/特困人员救助供养: 本镇无特困供养机构。\ncategories:\n  - { code: \"01\", name: 政府信息公开制度 }\n  - { code: \"02\", name: 社会救助, standard: 社会救助 }\n  - { code: \"03\", name: 低保, standard: 社会救助/最低生活保障 }\n  - { code: \"04\", name: 低保审核, standard: 社会救助/最低生活保障/审核信息, time_limit: 5个工作日 }\n  - { code: \"05\", name: 低保审批, standard: 社会救助/最低生活保障/审批信息 }\n",
        );
        let s = Standard::builtin();
        let a = Adoption::of(s, &c).unwrap();
        assert!(a.unknown.is_empty());
        assert_eq!(held(&a, "社会救助/最低生活保障/审核信息").categories, [3]);
        assert_eq!(
            held(&a, "社会救助/最低生活保障/办事指南").categories,
            [2],
            "the group's column"
        );
        assert_eq!(
            held(&a, "社会救助/综合业务/监督检查").categories,
            [1],
            "the domain's column"
        );
        let special = held(&a, "社会救助/特困人员救助供养/政策");
        assert!(!special.applies(), "marked with its group");
        assert!(
            !held(
                &a,
                "养老服务/养老服务政策/国家和地方层面养老服务相关法律、法规、政策文件"
            )
            .applies()
        );
        assert_eq!(a.not_applicable().count(), 1, "one whole domain");
        // 公开时限: the category's own, else its item's, else none (Art. 26 applies).
        let rule = |cat| Adoption::rule_for(&c, Some(&a), cat).map(|r| r.rule().to_string());
        assert_eq!(rule(3).as_deref(), Some("5个工作日"));
        assert_eq!(rule(4).as_deref(), Some("10个工作日，公示7个工作日"));
        assert_eq!(rule(1), None);
        assert!(
            Adoption::of(
                s,
                &catalogue("categories:\n  - { code: \"01\", name: 政府信息公开制度 }\n")
            )
            .is_none()
        );
    }
}
