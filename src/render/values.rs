//! Template values, built once per build and shared by every page that shows them.
//!
//! Tera values are reference-counted, so an entry's value built here is the same
//! allocation on its own page, in every listing row and as a neighbour link.
//! Entry values are built when a page first asks for one: `check` renders one page of
//! each kind and so builds a handful, not one per entry.

use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use crate::output::layout;
use crate::site::adoption::Adoption;
use crate::site::listing::Listings;
use crate::site::{Agency, Entry, Site};

/// Everything pages share: one value per entry, agency and category.
pub struct Values {
    pub site: Value,
    /// Per entry, built on first use (see `entry`).
    entries: Vec<OnceLock<Value>>,
    pub agencies: Vec<Value>,
    /// Per agency, per category: `{code, name, url, count, …}`.
    pub categories: Vec<Vec<Value>>,
    /// Per agency: the category tree with counts, for the catalogue page.
    pub category_trees: Vec<Value>,
    /// Per agency, and per agency and category: the link each entry value shares.
    agency_links: Vec<Value>,
    category_links: Vec<Vec<Value>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    sponsor: Option<&'a str>,
    site_code: Option<&'a str>,
    icp_record: Option<&'a str>,
    police_record: Option<&'a str>,
    extra: &'a serde_json::Value,
    agencies: Vec<AgencyRow<'a>>,
    feed_url: String,
    /// The whole catalogue as open data (`open_data`).
    data_csv_url: String,
    data_json_url: String,
    search_url: String,
    /// Whether the site has full-text search (`search.full_text` in site.yaml).
    full_text_search: bool,
    multi_agency: bool,
}

#[derive(Serialize)]
struct AgencyRow<'a> {
    name: &'a str,
    url: String,
    depth: usize,
    entry_count: usize,
}

#[derive(Serialize)]
struct GuideFacts<'a> {
    title: &'a str,
    agency: &'a str,
    code: &'a str,
    office: &'a str,
    address: &'a str,
    hours: &'a str,
    phone: &'a str,
    fax: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    postcode: Option<&'a str>,
    updated: Option<String>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct AgencyValue<'a> {
    name: &'a str,
    code: &'a str,
    url: String,
    guide_url: String,
    catalogue_url: String,
    catalogue_title: &'a str,
    /// The 未涉及领域事项说明, when the agency publishes one.
    not_applicable_url: Option<String>,
    /// The 政府信息公开制度 column: its category, else the catalogue.
    rules_url: String,
    reports_url: String,
    index_numbers_url: String,
    feed_url: String,
    /// The agency's catalogue as open data (`open_data`).
    data_csv_url: String,
    data_json_url: String,
    is_root: bool,
    parent: Option<Link<'a>>,
    children: Vec<Link<'a>>,
    reports: Vec<ReportLink>,
    guide: GuideFacts<'a>,
    entry_count: usize,
}

#[derive(Serialize)]
struct ReportLink {
    year: i32,
    url: String,
}

#[derive(Serialize)]
struct CategoryValue<'a> {
    code: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    url: String,
    count: usize,
    depth: usize,
    normative: bool,
    /// Why the column is empty (`note:`).
    note: Option<&'a str>,
    /// The column's own 公开时限 (`time_limit:`), as a rule.
    time_limit: Option<String>,
    /// The standard item (or domain) the column holds.
    standard: Option<StandardValue<'a>>,
}

/// What the standard says of a column's item: its 公开时限 and 公开依据 above all.
#[derive(Serialize)]
struct StandardValue<'a> {
    /// `社会救助/最低生活保障/审核信息`, or the domain's name.
    key: String,
    level: &'static str,
    domain: &'a str,
    /// The domain's national guide (标准指引).
    guide: Option<&'a str>,
    content: Option<&'a str>,
    basis: Option<&'a str>,
    time_limit: Option<&'a str>,
    /// `每年` for yearly items.
    period: Option<&'static str>,
}

#[derive(Serialize)]
struct CategoryNode<'a> {
    #[serde(flatten)]
    category: CategoryValue<'a>,
    children: Vec<CategoryNode<'a>>,
}

#[derive(Serialize)]
struct AttachmentValue<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    size: String,
}

#[derive(Serialize)]
struct EntryValue<'a> {
    index: &'a str,
    url: String,
    title: &'a str,
    summary: &'a str,
    /// `{title, url}`, one value per category shared by all its entries.
    category: Value,
    category_code: &'a str,
    created: String,
    published: String,
    year: i32,
    publisher: &'a str,
    doc_number: Option<&'a str>,
    keywords: &'a [String],
    validity: &'static str,
    /// When a 废止/失效 document stopped being in force.
    repealed: Option<String>,
    disclosure: &'static str,
    on_request: bool,
    attachments: Vec<AttachmentValue<'a>>,
    /// `{title, url}`, one value per agency shared by all its entries.
    agency: Value,
    extra: &'a serde_json::Value,
    /// Why the entry is not published (`草稿`, `未审核`, `未到公开日期`): only a
    /// `serve --drafts` preview shows such entries, under a banner saying so.
    unpublished: Option<&'static str>,
}

impl Values {
    pub fn new(site: &Site, listings: &Listings) -> Values {
        let (agency_links, category_links) = links(site);
        let mut values = Values {
            site: Value::none(),
            entries: (0..site.entries.len()).map(|_| OnceLock::new()).collect(),
            agencies: Vec::new(),
            categories: Vec::new(),
            category_trees: Vec::new(),
            agency_links,
            category_links,
        };
        values.refresh_counts(site, listings);
        values
    }

    /// The value of entry `e`; none for an entry that is not published.
    pub fn entry(&self, site: &Site, e: usize) -> Value {
        self.entries[e]
            .get_or_init(|| self.build_entry(site, e))
            .clone()
    }

    /// Makes `keep[i] == false` entries go away and the `changed` ones be built afresh
    /// (`serve`, after entries were added, removed or edited; `keep` is by old position).
    pub fn rearrange_entries(&mut self, keep: &[bool], len: usize, changed: &[bool]) {
        let mut kept = keep.iter();
        self.entries
            .retain(|_| kept.next().copied().unwrap_or(true));
        self.entries.resize_with(len, OnceLock::new);
        for (slot, _) in self.entries.iter_mut().zip(changed).filter(|(_, c)| **c) {
            *slot = OnceLock::new();
        }
    }

    fn build_entry(&self, site: &Site, e: usize) -> Value {
        let e = &site.entries[e];
        if site.shows(e) {
            Value::from_serializable(&entry_value(
                site,
                &site.agencies[e.agency],
                e,
                self.agency_links[e.agency].clone(),
                self.category_links[e.agency][e.category].clone(),
            ))
        } else {
            Value::none()
        }
    }

    /// Rebuilds the values that carry counts (the site, agencies, categories): cheap, and
    /// all that changes besides the entries' own values when entries change (`serve`).
    pub fn refresh_counts(&mut self, site: &Site, listings: &Listings) {
        let agencies_rows = site
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| AgencyRow {
                name: a.name(),
                url: layout::agency_home(&a.url),
                depth: a.depth,
                entry_count: listings.agencies[i].entries.len(),
            })
            .collect();
        let c = &site.config;
        self.site = Value::from_serializable(&SiteValue {
            title: &c.title,
            base_url: &c.base_url,
            language: &c.language,
            sponsor: c.sponsor.as_deref(),
            site_code: c.site_code.as_deref(),
            icp_record: c.icp_record.as_deref(),
            police_record: c.police_record.as_deref(),
            extra: &c.extra,
            agencies: agencies_rows,
            feed_url: layout::site_feed(),
            data_csv_url: layout::open_data(None, "csv"),
            data_json_url: layout::open_data(None, "json"),
            search_url: layout::search(),
            full_text_search: c.search.full_text,
            multi_agency: site.agencies.len() > 1,
        });
        self.agencies = site
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| {
                Value::from_serializable(&agency_value(site, a, listings.agencies[i].entries.len()))
            })
            .collect();
        let adoptions: Vec<Option<Adoption>> = site
            .agencies
            .iter()
            .map(|a| Adoption::of(&site.standard, &a.catalogue))
            .collect();
        self.categories = site
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| {
                (0..a.catalogue.categories.len())
                    .map(|c| {
                        Value::from_serializable(&category_value(
                            a,
                            adoptions[i].as_ref(),
                            c,
                            listings.agencies[i].by_category[c].len(),
                        ))
                    })
                    .collect()
            })
            .collect();
        self.category_trees = site
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| {
                Value::from_serializable(&category_tree(
                    a,
                    adoptions[i].as_ref(),
                    &listings.agencies[i].by_category,
                    None,
                ))
            })
            .collect();
    }
}

fn agency_value<'a>(site: &'a Site, a: &'a Agency, entry_count: usize) -> AgencyValue<'a> {
    let g = &a.guide;
    let link = |i: usize| Link {
        title: site.agencies[i].name(),
        url: layout::agency_home(&site.agencies[i].url),
    };
    AgencyValue {
        name: a.name(),
        code: &g.code,
        url: layout::agency_home(&a.url),
        guide_url: layout::guide(&a.url),
        catalogue_url: layout::catalogue(&a.url),
        catalogue_title: &a.catalogue.title,
        not_applicable_url: a
            .catalogue
            .has_not_applicable_page()
            .then(|| layout::not_applicable(&a.url)),
        rules_url: match a.catalogue.rules() {
            Some(c) => layout::category(&a.url, &a.catalogue.categories[c].slug, 1),
            None => layout::catalogue(&a.url),
        },
        reports_url: layout::reports(&a.url),
        index_numbers_url: layout::index_numbers(&a.url),
        feed_url: layout::agency_feed(&a.url),
        data_csv_url: layout::open_data(Some(&a.url), "csv"),
        data_json_url: layout::open_data(Some(&a.url), "json"),
        is_root: a.is_root(),
        parent: a.parent.map(link),
        children: a.children.iter().map(|&c| link(c)).collect(),
        reports: a
            .reports
            .iter()
            .rev()
            .map(|r| ReportLink {
                year: r.year,
                url: layout::report(&a.url, r.year),
            })
            .collect(),
        guide: GuideFacts {
            title: &g.title,
            agency: &g.agency,
            code: &g.code,
            office: &g.office,
            address: &g.address,
            hours: &g.hours,
            phone: &g.phone,
            fax: g.fax.as_deref(),
            email: g.email.as_deref(),
            website: g.website.as_deref(),
            postcode: g.postcode.as_deref(),
            updated: g.updated.map(|d| d.to_string()),
            extra: &g.extra,
        },
        entry_count,
    }
}

fn category_value<'a>(
    a: &'a Agency,
    adoption: Option<&Adoption<'a>>,
    c: usize,
    count: usize,
) -> CategoryValue<'a> {
    let cat = &a.catalogue.categories[c];
    CategoryValue {
        code: &cat.code,
        name: &cat.name,
        description: cat.description.as_deref(),
        url: layout::category(&a.url, &cat.slug, 1),
        count,
        depth: cat.depth,
        normative: cat.normative,
        note: cat.note.as_deref(),
        time_limit: cat.time_limit.as_ref().map(|r| r.to_string()),
        standard: adoption.and_then(|ad| standard_value(ad, cat)),
    }
}

/// The item the category names exactly, else the domain it names as a whole.
fn standard_value<'a>(ad: &Adoption<'a>, cat: &crate::site::Category) -> Option<StandardValue<'a>> {
    let level = ad.level.name();
    let item = cat.standard.iter().find_map(|r| {
        ad.domains
            .iter()
            .flat_map(|d| d.items.iter().map(move |it| (d, it.item)))
            .find(|(_, i)| i.named_by(&r.key) == Some(i.path.len()))
    });
    if let Some((d, i)) = item {
        return Some(StandardValue {
            key: i.key(),
            level,
            domain: &d.view.domain.name,
            guide: d.view.domain.guide.as_deref(),
            content: i.content.as_deref(),
            basis: i.basis.as_deref(),
            time_limit: i.time_limit.as_deref(),
            period: i.period.map(|_| "每年"),
        });
    }
    let d = ad.domains.iter().find(|d| {
        cat.standard
            .iter()
            .any(|r| r.key.trim() == d.view.domain.name)
    })?;
    Some(StandardValue {
        key: d.view.domain.name.clone(),
        level,
        domain: &d.view.domain.name,
        guide: d.view.domain.guide.as_deref(),
        content: None,
        basis: None,
        time_limit: None,
        period: None,
    })
}

fn category_tree<'a>(
    a: &'a Agency,
    adoption: Option<&Adoption<'a>>,
    lists: &[Vec<usize>],
    parent: Option<usize>,
) -> Vec<CategoryNode<'a>> {
    (0..a.catalogue.categories.len())
        .filter(|&c| a.catalogue.categories[c].parent == parent)
        .map(|c| CategoryNode {
            category: category_value(a, adoption, c, lists[c].len()),
            children: category_tree(a, adoption, lists, Some(c)),
        })
        .collect()
}

fn entry_value<'a>(
    site: &'a Site,
    a: &'a Agency,
    e: &'a Entry,
    agency: Value,
    category: Value,
) -> EntryValue<'a> {
    let cat = &a.catalogue.categories[e.category];
    EntryValue {
        index: &e.index,
        url: layout::entry(&e.slug),
        title: &e.title,
        summary: &e.summary,
        category,
        category_code: &cat.code,
        created: e.created.to_string(),
        published: e.published.to_string(),
        year: e.year(),
        publisher: &e.publisher,
        doc_number: e.doc_number.as_deref(),
        keywords: &e.keywords,
        validity: e.validity.label(),
        repealed: e.repealed.map(|d| d.to_string()),
        disclosure: e.disclosure.label(),
        on_request: e.disclosure == crate::site::Disclosure::OnRequest,
        attachments: site
            .published_attachments(e)
            .iter()
            .map(|f| AttachmentValue {
                title: &f.title,
                url: layout::attachment(&e.slug, &f.name),
                kind: &f.kind,
                size: crate::output::size_text(f.size),
            })
            .collect(),
        agency,
        extra: &e.extra,
        unpublished: e.status.unpublished_label(),
    }
}

/// The links every entry of an agency or category shows: built once, shared by all
/// (Tera copies a `Value` inside a serialised struct by reference count).
fn links(site: &Site) -> (Vec<Value>, Vec<Vec<Value>>) {
    let agency_links = site
        .agencies
        .iter()
        .map(|a| {
            Value::from_serializable(&Link {
                title: a.name(),
                url: layout::agency_home(&a.url),
            })
        })
        .collect();
    let category_links = site
        .agencies
        .iter()
        .map(|a| {
            a.catalogue
                .categories
                .iter()
                .map(|cat| {
                    Value::from_serializable(&Link {
                        title: &cat.name,
                        url: layout::category(&a.url, &cat.slug, 1),
                    })
                })
                .collect()
        })
        .collect();
    (agency_links, category_links)
}
