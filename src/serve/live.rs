//! What `serve` adds to HTML responses (never to `build` output): a small script that
//! reloads the page when the site was rebuilt, and an overlay listing the errors while the
//! sources are broken.

use crate::diagnostics::Diagnostics;
use crate::render::feeds::xml_escape;

/// The websocket the script listens on.
pub const LIVE_PATH: &str = "/__gongkai/live";

/// The server sends its current version on connect and after every rebuild; a page built
/// for another version saves its scroll position and reloads. Reconnects after a restart.
const SCRIPT: &str = r#"<script data-gongkai-serve>
(function () {
  "use strict";
  var version = "__VERSION__";
  var key = "gongkai-serve-scroll:" + location.pathname + location.search;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      var restore = function () { window.scrollTo(0, Number(y)); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) {}
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  var wait = 300;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "__LIVE__");
    ws.onopen = function () { wait = 300; };
    ws.onmessage = function (m) { if (m.data !== version) reload(); };
    ws.onclose = function () { setTimeout(connect, wait); wait = Math.min(wait * 2, 5000); };
  }
  connect();
})();
</script>"#;

/// Adds the reload script (and the error overlay, if any) before `</body>`.
pub fn inject(html: &str, version: &str, overlay: Option<&str>) -> String {
    let script = SCRIPT
        .replace("__VERSION__", version)
        .replace("__LIVE__", LIVE_PATH);
    let extra = format!("{}{script}", overlay.unwrap_or(""));
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// The errors of a failed rebuild, over the last good page. The text is what the terminal
/// shows: message, file, line, the quoted line and the hint.
pub fn overlay(diagnostics: &Diagnostics) -> String {
    let count = diagnostics.error_count();
    box_of(
        &format!("网站没有更新：发现 {count} 个错误"),
        "下面仍是上一次成功生成的网站。按提示改正文件并保存后，本页会自动刷新。",
        diagnostics,
    )
}

/// What `build` would refuse to publish (places still marked 【请填写】), over a preview
/// that is otherwise up to date.
pub fn unpublishable(diagnostics: &Diagnostics) -> String {
    let count = diagnostics.error_count();
    box_of(
        &format!("还有 {count} 处标着【请填写】：gongkai build 不会发布这样的网站"),
        "预览照常显示；填写实际内容并保存后，本提示自动消失。",
        diagnostics,
    )
}

fn box_of(heading: &str, note: &str, diagnostics: &Diagnostics) -> String {
    let errors: Diagnostics = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let warnings = diagnostics.warning_count();
    let more = if warnings > 0 {
        format!("另有 {warnings} 个警告，见终端。")
    } else {
        String::new()
    };
    format!(
        r#"<div id="gongkai-serve-errors" role="alert" style="position:fixed;top:0;left:0;right:0;max-height:80vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #c4161c;box-shadow:0 4px 16px rgba(0,0,0,.3);padding:16px 20px;font:16px/1.6 system-ui,'Microsoft YaHei','PingFang SC',sans-serif;text-align:left">
<div style="display:flex;justify-content:space-between;align-items:flex-start;gap:1em">
<strong style="color:#c4161c;font-size:18px">{heading}</strong>
<button type="button" onclick="this.closest('#gongkai-serve-errors').remove()" style="font:inherit;padding:2px 12px;cursor:pointer">关闭</button>
</div>
<p style="margin:.4em 0">{note}{more}</p>
<pre style="white-space:pre-wrap;word-break:break-all;margin:0;padding:12px;background:#fff;border:1px solid #e5b5b5;font:14px/1.5 ui-monospace,Consolas,monospace">{text}</pre>
</div>"#,
        heading = xml_escape(heading),
        text = xml_escape(errors.render().trim_end()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn script_goes_before_body_end() {
        let html = inject(
            "<html><body><p>x</p></body></html>",
            "v1",
            Some("<div>o</div>"),
        );
        assert!(html.starts_with("<html><body><p>x</p><div>o</div><script"));
        assert!(html.ends_with("</script></body></html>"));
        assert!(html.contains(r#"var version = "v1";"#));
        assert!(inject("plain", "v", None).starts_with("plain<script"));
    }

    #[test]
    fn overlay_escapes_and_locates() {
        let d: Diagnostics = [
            Diagnostic::error("content/a.md", "目录中没有分类 `<9999>`")
                .at(5, 11)
                .hint("是否想写 `0201`？"),
            Diagnostic::warning("content/b.md", "内容概述为空"),
        ]
        .into_iter()
        .collect();
        let o = overlay(&d);
        assert!(o.contains("发现 1 个错误"), "{o}");
        assert!(o.contains("content/a.md:5:11"), "{o}");
        assert!(o.contains("`&lt;9999&gt;`"), "{o}");
        assert!(o.contains("另有 1 个警告"), "{o}");
        assert!(!o.contains("内容概述为空"), "warnings stay in the terminal");
    }
}
