//! What each page shows: the template it uses and the context it gets.

use chrono::Datelike;
use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use super::jobs::{Job, page_count};
use crate::diagnostics::Diagnostic;
use crate::output::layout;
use crate::source::markdown;

/// Rows on an agency's home page and the site's home page.
pub(crate) const LATEST: usize = 10;
pub(crate) const SITE_LATEST: usize = 20;

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct SearchPage {
    bundle_url: String,
    lookup_url: String,
    /// `false` when `site.yaml` turned the full-text index off (lookup only).
    full_text: bool,
    filters: Vec<SearchFilter>,
    /// Whether any filter is `useful`.
    any_filter: bool,
}

#[derive(Serialize)]
struct SearchFilter {
    key: &'static str,
    label: &'static str,
    /// The values to choose from, with how many entries have each.
    values: Vec<FilterValue>,
    /// A filter with one value cannot narrow anything (e.g. the agency of a one-office
    /// site), so it is not shown.
    useful: bool,
}

#[derive(Serialize)]
struct FilterValue {
    value: String,
    count: usize,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    rows: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    /// A window of page numbers around the current one (first and last always shown).
    pages: Vec<PageLink>,
}

impl Renderer<'_> {
    /// The template and context of an HTML page job.
    pub(super) fn page(&self, job: &Job, url: &str) -> Result<(&'static str, Context), Diagnostic> {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("root", &layout::root_prefix(url));
        ctx.insert("page_url", url);
        let (template, title, crumbs) = match *job {
            Job::SiteHome => {
                let latest: Vec<Value> = self
                    .listings
                    .all
                    .iter()
                    .take(SITE_LATEST)
                    .map(|&e| self.entry(e))
                    .collect();
                ctx.insert("latest", &latest);
                // A single-office site: `content/` is the agency and its home is this page.
                if site.root_agency().is_some() {
                    self.agency_context(&mut ctx, 0);
                }
                ("index.html", site.config.title.clone(), vec![])
            }
            Job::AgencyHome(a) => {
                self.agency_context(&mut ctx, a);
                let latest: Vec<Value> = self.listings.agencies[a]
                    .entries
                    .iter()
                    .take(LATEST)
                    .map(|&e| self.entry(e))
                    .collect();
                ctx.insert("latest", &latest);
                (
                    "agency.html",
                    site.agencies[a].name().to_string(),
                    self.agency_crumbs(a, false),
                )
            }
            Job::Guide(a) => {
                self.agency_context(&mut ctx, a);
                let g = &site.agencies[a].guide;
                ctx.insert(
                    "body",
                    &markdown::to_html(&g.body, site.config.sanitize_html),
                );
                ("guide.html", g.title.clone(), self.agency_crumbs(a, true))
            }
            Job::Catalogue(a) => {
                self.agency_context(&mut ctx, a);
                let c = &site.agencies[a].catalogue;
                ctx.insert(
                    "body",
                    &markdown::to_html(&c.body, site.config.sanitize_html),
                );
                ctx.insert_value("categories", self.values.category_trees[a].clone());
                ctx.insert("entry_count", &self.listings.agencies[a].entries.len());
                let fields: Vec<[&str; 3]> = super::open_data::FIELDS
                    .iter()
                    .map(|f| [f.name, f.key, f.about])
                    .collect();
                ctx.insert("open_data_fields", &fields);
                (
                    "catalogue.html",
                    c.title.clone(),
                    self.agency_crumbs(a, true),
                )
            }
            Job::NotApplicable(a) => {
                self.agency_context(&mut ctx, a);
                self.not_applicable_page(&mut ctx, a);
                let agency = &site.agencies[a];
                let mut crumbs = self.agency_crumbs(a, true);
                crumbs.push(Crumb {
                    title: agency.catalogue.title.clone(),
                    url: layout::catalogue(&agency.url),
                });
                (
                    "not_applicable.html",
                    "未涉及领域事项说明".to_string(),
                    crumbs,
                )
            }
            Job::Category {
                agency,
                category,
                page,
            } => {
                self.agency_context(&mut ctx, agency);
                let agency_ref = &site.agencies[agency];
                let list = &self.listings.agencies[agency].by_category[category];
                let per = site.config.per_page;
                let rows: Vec<Value> = list
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|&e| self.entry(e))
                    .collect();
                ctx.insert("entries", &rows);
                ctx.insert_value("category", self.values.categories[agency][category].clone());
                let subs: Vec<Value> = (0..agency_ref.catalogue.categories.len())
                    .filter(|&c| agency_ref.catalogue.categories[c].parent == Some(category))
                    .map(|c| self.values.categories[agency][c].clone())
                    .collect();
                ctx.insert("subcategories", &subs);
                let total = page_count(list.len(), per);
                let cat = &agency_ref.catalogue.categories[category];
                let link = |n: usize| layout::category(&agency_ref.url, &cat.slug, n);
                ctx.insert(
                    "pagination",
                    &Pagination {
                        current: page,
                        total,
                        rows: list.len(),
                        prev_url: (page > 1).then(|| link(page - 1)),
                        next_url: (page < total).then(|| link(page + 1)),
                        pages: (1..=total)
                            .filter(|&n| n == 1 || n == total || n.abs_diff(page) <= 2)
                            .map(|n| PageLink {
                                number: n,
                                url: link(n),
                            })
                            .collect(),
                    },
                );
                let mut crumbs = self.agency_crumbs(agency, true);
                crumbs.extend(self.category_crumbs(agency, category));
                crumbs.pop();
                let title = if page > 1 {
                    format!("{}（第{page}页）", cat.name)
                } else {
                    cat.name.clone()
                };
                ("category.html", title, crumbs)
            }
            Job::Entry(e) => {
                let entry = &site.entries[e];
                self.agency_context(&mut ctx, entry.agency);
                ctx.insert_value("entry", self.entry(e));
                ctx.insert(
                    "body",
                    &markdown::to_html(&site.published_body(entry)?, site.config.sanitize_html),
                );
                let n = self.listings.neighbours[e];
                ctx.insert_value("newer", n.newer.map_or(Value::none(), |i| self.entry(i)));
                ctx.insert_value("older", n.older.map_or(Value::none(), |i| self.entry(i)));
                let mut crumbs = self.agency_crumbs(entry.agency, true);
                crumbs.extend(self.category_crumbs(entry.agency, entry.category));
                ("entry.html", entry.title.clone(), crumbs)
            }
            Job::Search => {
                ctx.insert_value("agencies", Value::from(self.values.agencies.clone()));
                let filters: Vec<SearchFilter> =
                    crate::search::filter_options(site, &self.listings)
                        .into_iter()
                        .map(|f| SearchFilter {
                            key: f.key,
                            label: f.label,
                            useful: f.values.len() > 1,
                            values: f
                                .values
                                .into_iter()
                                .map(|(value, count)| FilterValue { value, count })
                                .collect(),
                        })
                        .collect();
                ctx.insert(
                    "search",
                    &SearchPage {
                        bundle_url: layout::search_bundle(),
                        lookup_url: layout::search_lookup(),
                        full_text: site.config.search.full_text,
                        any_filter: filters.iter().any(|f| f.useful),
                        filters,
                    },
                );
                let home = Crumb {
                    title: "首页".into(),
                    url: layout::site_home(),
                };
                ("search.html", "站内搜索".to_string(), vec![home])
            }
            Job::IndexNumbers(a) => {
                self.agency_context(&mut ctx, a);
                // By index number, grouped by the year the entry was made (newest year
                // first), so any number is two clicks from the search page: agency, year.
                let mut list = self.listings.agencies[a].entries.clone();
                let made = |e: usize| std::cmp::Reverse(site.entries[e].created.year());
                list.sort_by(|&x, &y| {
                    (made(x), &site.entries[x].index).cmp(&(made(y), &site.entries[y].index))
                });
                let rows: Vec<Value> = list.iter().map(|&e| self.entry(e)).collect();
                let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
                for (&e, row) in list.iter().zip(&rows) {
                    let year = site.entries[e].created.year();
                    match years.last_mut() {
                        Some((y, rows)) if *y == year => rows.push(row.clone()),
                        _ => years.push((year, vec![row.clone()])),
                    }
                }
                #[derive(Serialize)]
                struct Year {
                    year: i32,
                    entries: Vec<Value>,
                }
                let years: Vec<Year> = years
                    .into_iter()
                    .map(|(year, entries)| Year { year, entries })
                    .collect();
                ctx.insert("entries", &rows);
                ctx.insert("years", &years);
                (
                    "index_numbers.html",
                    "索引号一览".to_string(),
                    self.agency_crumbs(a, true),
                )
            }
            Job::Reports(a) => {
                self.agency_context(&mut ctx, a);
                self.reports_index(&mut ctx, a);
                (
                    "reports.html",
                    "政府信息公开年报".to_string(),
                    self.agency_crumbs(a, true),
                )
            }
            Job::Report { agency, report } => {
                self.agency_context(&mut ctx, agency);
                self.report_page(&mut ctx, agency, report);
                let a = &site.agencies[agency];
                let r = &a.reports[report];
                let mut crumbs = self.agency_crumbs(agency, true);
                crumbs.push(Crumb {
                    title: "政府信息公开年报".into(),
                    url: layout::reports(&a.url),
                });
                ("report.html", r.title(a.name()), crumbs)
            }
            Job::ReportsOverview(year) => {
                let title = self.reports_overview(&mut ctx, year);
                let home = Crumb {
                    title: "首页".into(),
                    url: layout::site_home(),
                };
                ("reports_overview.html", title, vec![home])
            }
            Job::NotFound => {
                // Served at any depth, so links start from the site's absolute path.
                ctx.insert("root", &site.config.base_path);
                ("404.html", "页面不存在".to_string(), vec![])
            }
            Job::Sitemap | Job::Feed(_) | Job::Robots | Job::OpenData { .. } => {
                unreachable!("not an HTML page")
            }
        };
        ctx.insert("title", &title);
        ctx.insert("breadcrumbs", &crumbs);
        Ok((template, ctx))
    }

    /// The domains (and items) of the standard the agency marks as not applying, in the
    /// standard's order, with the office's reasons.
    fn not_applicable_page(&self, ctx: &mut Context, a: usize) {
        #[derive(Serialize)]
        struct Row<'a> {
            name: String,
            reason: &'a str,
        }
        let site = self.site;
        let catalogue = &site.agencies[a].catalogue;
        let Some(adoption) = crate::site::adoption::Adoption::of(&site.standard, catalogue) else {
            return;
        };
        let mut domains = Vec::new();
        let mut items = Vec::new();
        for d in &adoption.domains {
            if let Some(na) = d.not_applicable {
                domains.push(Row {
                    name: d.view.domain.name.clone(),
                    reason: &na.reason,
                });
                continue;
            }
            // Marks on groups or items within an applicable domain, each mark once.
            let mut seen: Vec<*const crate::site::catalogue::NotApplicable> = Vec::new();
            for it in &d.items {
                if let Some(na) = it.not_applicable
                    && !seen.contains(&std::ptr::from_ref(na))
                {
                    seen.push(std::ptr::from_ref(na));
                    items.push(Row {
                        name: na.key.clone(),
                        reason: &na.reason,
                    });
                }
            }
        }
        #[derive(Serialize)]
        struct Group<'a> {
            caption: String,
            header: &'static str,
            rows: Vec<Row<'a>>,
        }
        let groups: Vec<Group> = [("领域", "个", domains), ("事项", "项", items)]
            .into_iter()
            .filter(|(_, _, rows)| !rows.is_empty())
            .map(|(header, unit, rows)| Group {
                caption: format!("不涉及的{header}（{} {unit}）", rows.len()),
                header,
                rows,
            })
            .collect();
        ctx.insert("level", adoption.level.name());
        ctx.insert("groups", &groups);
    }

    fn entry(&self, e: usize) -> Value {
        self.values.entry(self.site, e)
    }

    fn agency_context(&self, ctx: &mut Context, a: usize) {
        ctx.insert_value("agency", self.values.agencies[a].clone());
    }

    /// 首页 › parent agencies › the agency (linked when `include_self`).
    fn agency_crumbs(&self, a: usize, include_self: bool) -> Vec<Crumb> {
        let site = self.site;
        let mut chain = Vec::new();
        let mut cur = if include_self {
            Some(a)
        } else {
            site.agencies[a].parent
        };
        while let Some(i) = cur {
            if !site.agencies[i].is_root() {
                chain.push(Crumb {
                    title: site.agencies[i].name().to_string(),
                    url: layout::agency_home(&site.agencies[i].url),
                });
            }
            cur = site.agencies[i].parent;
        }
        chain.push(Crumb {
            title: "首页".into(),
            url: layout::site_home(),
        });
        chain.reverse();
        chain
    }

    /// 政府信息公开目录 › category path.
    fn category_crumbs(&self, a: usize, category: usize) -> Vec<Crumb> {
        let agency = &self.site.agencies[a];
        let mut crumbs = vec![Crumb {
            title: agency.catalogue.title.clone(),
            url: layout::catalogue(&agency.url),
        }];
        crumbs.extend(agency.catalogue.path_to(category).into_iter().map(|c| {
            let cat = &agency.catalogue.categories[c];
            Crumb {
                title: cat.name.clone(),
                url: layout::category(&agency.url, &cat.slug, 1),
            }
        }));
        crumbs
    }
}
