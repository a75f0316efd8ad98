//! A `base_url` still pointing at the example address. (What `init` left marked
//! 【请填写】 is `validate::unfilled`, shared with `build`.)

use std::path::Path;

use super::at_field;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// The scaffold's example address would put wrong links into the sitemap and feeds.
pub fn base_url(site: &Site) -> Vec<Diagnostic> {
    let url = &site.config.base_url;
    if !url.contains("://www.example.gov.cn/") {
        return Vec::new();
    }
    let d = Diagnostic::warning("site.yaml", format!("网站地址 `{url}` 还是示例地址"))
        .hint("把 base_url 改成网站的正式地址；站点地图和订阅源里的链接都用这个地址");
    vec![at_field(site, Path::new("site.yaml"), "base_url", d)]
}
