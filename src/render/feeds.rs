//! Machine-read files: `sitemap.xml`, Atom feeds, `robots.txt`.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::site::Site;

/// Rows in a feed.
pub(crate) const FEED_ROWS: usize = 20;

pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An absolute URL for a site address, percent-encoding what a URL may not hold raw.
pub fn absolute(site: &Site, url: &str) -> String {
    let mut out = site.config.base_url.clone();
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The sitemap protocol allows 50,000 URLs per file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml`, each address with its `<lastmod>` where known; past the limit, an
/// index pointing at `sitemap-N.xml` parts.
pub fn sitemaps(site: &Site, urls: &[(String, Option<NaiveDate>)]) -> Vec<(String, String)> {
    let urlset = |chunk: &[(String, Option<NaiveDate>)]| {
        let mut s = String::with_capacity(chunk.len() * 120 + 200);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (u, modified) in chunk {
            let _ = write!(s, "  <url><loc>{}</loc>", xml_escape(&absolute(site, u)));
            if let Some(d) = modified {
                let _ = write!(s, "<lastmod>{d}</lastmod>");
            }
            s.push_str("</url>\n");
        }
        s.push_str("</urlset>\n");
        s
    };
    if urls.len() <= SITEMAP_LIMIT {
        return vec![(crate::output::layout::sitemap(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let _ = write!(
            index,
            "  <sitemap><loc>{}</loc>",
            xml_escape(&absolute(site, &name))
        );
        if let Some(d) = chunk.iter().filter_map(|(_, m)| *m).max() {
            let _ = write!(index, "<lastmod>{d}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((crate::output::layout::sitemap(), index));
    files
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        absolute(site, &crate::output::layout::sitemap())
    )
}

/// An Atom feed of the newest entries in `list` (already newest first).
pub fn atom(site: &Site, title: &str, self_url: &str, home_url: &str, list: &[usize]) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let updated = list
        .first()
        .map_or(site.today, |&e| site.entries[e].published);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}T00:00:00+08:00</updated>\n",
        xml_escape(title),
        xml_escape(&absolute(site, self_url)),
        xml_escape(&absolute(site, self_url)),
        xml_escape(&absolute(site, home_url)),
        updated
    );
    for &i in list.iter().take(FEED_ROWS) {
        let e = &site.entries[i];
        let link = absolute(site, &crate::output::layout::entry(&e.slug));
        let _ = write!(
            s,
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{}T00:00:00+08:00</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&e.title),
            xml_escape(&link),
            xml_escape(&link),
            e.published,
            xml_escape(&e.publisher),
            xml_escape(&e.summary)
        );
    }
    s.push_str("</feed>\n");
    s
}
