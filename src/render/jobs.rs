//! Every file the build writes, as a flat list of jobs run in parallel.

use chrono::NaiveDate;

use crate::output::layout;
use crate::site::Site;
use crate::site::listing::Listings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    SiteHome,
    AgencyHome(usize),
    Guide(usize),
    Catalogue(usize),
    /// The 未涉及领域事项说明 of an agency that marks domains of the standard as not applying.
    NotApplicable(usize),
    /// One page of a category listing; `page` counts from 1.
    Category {
        agency: usize,
        category: usize,
        page: usize,
    },
    Entry(usize),
    /// The search page (the index itself is written by `search`).
    Search,
    /// An agency's plain list of index numbers (works without JavaScript).
    IndexNumbers(usize),
    Reports(usize),
    Report {
        agency: usize,
        report: usize,
    },
    /// The site-wide comparison of one year's reports (sites with several agencies).
    ReportsOverview(i32),
    NotFound,
    Sitemap,
    /// An Atom feed: the site's (`None`) or an agency's.
    Feed(Option<usize>),
    Robots,
    /// The public catalogue as open data: the site's (`None`) or an agency's, as CSV or
    /// JSON (see `open_data`).
    OpenData {
        agency: Option<usize>,
        json: bool,
    },
}

impl Job {
    /// The address the job writes (see `layout`).
    pub fn url(&self, site: &Site) -> String {
        let a = |i: usize| &site.agencies[i];
        match *self {
            Job::SiteHome => layout::site_home(),
            Job::AgencyHome(i) => layout::agency_home(&a(i).url),
            Job::Guide(i) => layout::guide(&a(i).url),
            Job::Catalogue(i) => layout::catalogue(&a(i).url),
            Job::NotApplicable(i) => layout::not_applicable(&a(i).url),
            Job::Category {
                agency,
                category,
                page,
            } => layout::category(
                &a(agency).url,
                &a(agency).catalogue.categories[category].slug,
                page,
            ),
            Job::Entry(e) => layout::entry(&site.entries[e].slug),
            Job::Search => layout::search(),
            Job::IndexNumbers(i) => layout::index_numbers(&a(i).url),
            Job::Reports(i) => layout::reports(&a(i).url),
            Job::Report { agency, report } => {
                layout::report(&a(agency).url, a(agency).reports[report].year)
            }
            Job::ReportsOverview(year) => layout::reports_overview(year),
            Job::NotFound => layout::not_found(),
            Job::Sitemap => layout::sitemap(),
            Job::Feed(None) => layout::site_feed(),
            Job::Feed(Some(i)) => layout::agency_feed(&a(i).url),
            Job::Robots => layout::robots(),
            Job::OpenData { agency, json } => layout::open_data(
                agency.map(|i| a(i).url.as_str()),
                if json { "json" } else { "csv" },
            ),
        }
    }

    /// When the page last changed, as far as the sources say (the sitemap's `<lastmod>`):
    /// an entry's page on its 公开日期, a listing when its newest entry was published, the
    /// guide on its `updated` date, a report on its 公布日期.
    pub fn last_modified(&self, site: &Site, listings: &Listings) -> Option<NaiveDate> {
        let newest = |list: &[usize]| list.first().map(|&e| site.entries[e].published);
        let a = |i: usize| &site.agencies[i];
        let reports = |i: usize| a(i).reports.iter().filter_map(|r| r.published).max();
        match *self {
            Job::SiteHome => newest(&listings.all),
            Job::AgencyHome(i) | Job::Catalogue(i) | Job::IndexNumbers(i) => {
                newest(&listings.agencies[i].entries)
            }
            Job::Category {
                agency, category, ..
            } => newest(&listings.agencies[agency].by_category[category]),
            Job::Entry(e) => Some(site.entries[e].published),
            Job::Guide(i) => a(i).guide.updated,
            Job::Reports(i) => reports(i),
            Job::Report { agency, report } => a(agency).reports[report].published,
            Job::ReportsOverview(year) => (0..site.agencies.len())
                .flat_map(|i| a(i).reports.iter())
                .filter(|r| r.year == year)
                .filter_map(|r| r.published)
                .max(),
            _ => None,
        }
    }

    /// Pages a visitor (and the sitemap) sees; feeds, robots and the 404 page are not.
    pub fn is_page(&self) -> bool {
        !matches!(
            self,
            Job::NotFound | Job::Sitemap | Job::Feed(_) | Job::Robots | Job::OpenData { .. }
        )
    }
}

/// Number of listing pages for `count` rows (an empty category still has its page).
pub fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page).max(1)
}

/// All jobs of a full build.
pub fn plan(site: &Site, listings: &Listings) -> Vec<Job> {
    let mut jobs = vec![
        Job::SiteHome,
        Job::NotFound,
        Job::Search,
        Job::Sitemap,
        Job::Feed(None),
        Job::Robots,
        Job::OpenData {
            agency: None,
            json: false,
        },
        Job::OpenData {
            agency: None,
            json: true,
        },
    ];
    for (i, a) in site.agencies.iter().enumerate() {
        // The root agency's home and feed are the site's (same address).
        if !a.is_root() {
            jobs.extend([Job::AgencyHome(i), Job::Feed(Some(i))]);
        }
        jobs.extend([
            Job::Guide(i),
            Job::Catalogue(i),
            Job::IndexNumbers(i),
            Job::Reports(i),
            Job::OpenData {
                agency: Some(i),
                json: false,
            },
            Job::OpenData {
                agency: Some(i),
                json: true,
            },
        ]);
        if a.catalogue.has_not_applicable_page() {
            jobs.push(Job::NotApplicable(i));
        }
        for (category, list) in listings.agencies[i].by_category.iter().enumerate() {
            for page in 1..=page_count(list.len(), site.config.per_page) {
                jobs.push(Job::Category {
                    agency: i,
                    category,
                    page,
                });
            }
        }
        jobs.extend((0..a.reports.len()).map(|report| Job::Report { agency: i, report }));
    }
    if site.agencies.len() > 1 {
        let years: std::collections::BTreeSet<i32> = site
            .agencies
            .iter()
            .flat_map(|a| a.reports.iter().map(|r| r.year))
            .collect();
        jobs.extend(years.into_iter().map(Job::ReportsOverview));
    }
    jobs.extend(listings.all.iter().map(|&e| Job::Entry(e)));
    jobs
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_job_has_its_own_address() {
        let t = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = t.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w(
            "site.yaml",
            "title: 测试\nbase_url: https://example.gov.cn/\n",
        );
        w(
            "content/guide.md",
            "---\nagency: 测试镇\ncode: \"1\"\noffice: 办公室\naddress: 路\nhours: 全天\nphone: \"1\"\nemail: a@b.cn\n---\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n",
        );
        w(
            "content/catalogue.md",
            "---\ncategories:\n  - { code: \"01\", name: 机构职能 }\n---\n",
        );
        let site = crate::validate::load(t.path(), &Default::default())
            .site
            .expect("loads");
        let listings = crate::site::listing::Listings::new(&site);
        let jobs = super::plan(&site, &listings);
        let mut urls: Vec<String> = jobs.iter().map(|j| j.url(&site)).collect();
        urls.sort();
        let before = urls.len();
        urls.dedup();
        assert_eq!(before, urls.len(), "two jobs write the same file: {urls:?}");
    }

    #[test]
    fn pages_split_at_per_page() {
        assert_eq!(super::page_count(0, 10), 1);
        assert_eq!(super::page_count(10, 10), 1);
        assert_eq!(super::page_count(11, 10), 2);
    }
}
