//! The HTTP side (axum): the output held in memory, served with the right types, and the
//! live-reload websocket. Request paths are only ever looked up in the in-memory output,
//! never joined to a folder, so nothing outside the site can be reached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use super::guard::Guard;
use super::live::{self, LIVE_PATH};
use super::preview::Update;
use crate::output::MemFile;

/// What the server shows: the last good output, and the errors of a failed rebuild.
#[derive(Default)]
pub struct Served {
    files: HashMap<PathBuf, Item>,
    /// HTML of the error overlay while the sources are broken.
    overlay: Option<String>,
    /// Changes with every rebuild; pages built for another version reload.
    version: String,
    /// The path of `base_url` (`/xxgk/`): the site also answers under it.
    base_path: String,
}

#[derive(Clone)]
enum Item {
    Bytes(Bytes),
    /// Read from disk when requested (attachments, `static/`).
    Copy(PathBuf),
}

impl From<MemFile> for Item {
    fn from(file: MemFile) -> Item {
        match file {
            MemFile::Bytes(b) => Item::Bytes(Bytes::from(b)),
            MemFile::Copy(p) => Item::Copy(p),
        }
    }
}

impl Served {
    /// Applies a successful rebuild; `overlay` replaces the error overlay (a notice of
    /// what `build` would still refuse, or nothing).
    pub fn apply(
        &mut self,
        update: Update,
        base_path: &str,
        version: String,
        overlay: Option<String>,
    ) {
        if update.full {
            self.files.clear();
        }
        for r in &update.removed {
            self.files.remove(r);
        }
        for (path, file) in update.files {
            self.files.insert(path, Item::from(file));
        }
        self.overlay = overlay;
        self.base_path = base_path.to_string();
        self.version = version;
    }

    /// Adds or replaces files, leaving the version as it is: the whole-site files that
    /// follow an update of the pages (`Preview::follow_up`).
    pub fn add(&mut self, files: HashMap<PathBuf, MemFile>) {
        for (path, file) in files {
            self.files.insert(path, Item::from(file));
        }
    }

    /// Keeps the output and shows `overlay` over it.
    pub fn fail(&mut self, overlay: String, version: String) {
        self.overlay = Some(overlay);
        self.version = version;
    }

    /// Swaps in a freshly built search index, dropping every file of the previous one.
    pub fn replace_search(&mut self, files: HashMap<PathBuf, MemFile>) {
        self.files
            .retain(|path, _| !super::preview::is_search_file(path));
        for (path, file) in files {
            self.files.insert(path, Item::from(file));
        }
    }

    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }

    fn lookup(&self, raw: &str) -> Lookup {
        let Some(segments) = decode(raw) else {
            return Lookup::Missing;
        };
        let base: Vec<&str> = self
            .base_path
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let dir = raw.ends_with('/');
        let mut tries = vec![&segments[..]];
        if !base.is_empty() && segments.len() >= base.len() && segments[..base.len()] == base[..] {
            // Under the base path first: the 404 page, feeds and sitemap link there.
            tries.insert(0, &segments[base.len()..]);
        }
        for segs in tries {
            if segs.is_empty() && !dir {
                return Lookup::Redirect(format!("{raw}/"));
            }
            let mut key: PathBuf = segs.iter().collect();
            if dir || segs.is_empty() {
                key.push("index.html");
            }
            if let Some(item) = self.files.get(&key) {
                return Lookup::Found(key, item.clone());
            }
            if !dir && self.files.contains_key(&key.join("index.html")) {
                return Lookup::Redirect(format!("{raw}/"));
            }
        }
        Lookup::Missing
    }
}

enum Lookup {
    Found(PathBuf, Item),
    Redirect(String),
    Missing,
}

/// Decoded path segments; `None` for anything that tries to leave the site (`..`,
/// `%2e%2e`, encoded slashes or backslashes) or is not UTF-8.
fn decode(raw: &str) -> Option<Vec<String>> {
    raw.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let d = percent_decode_str(s).decode_utf8().ok()?;
            let bad = d == "." || d == ".." || d.contains(['/', '\\', '\0']);
            (!bad).then(|| d.into_owned())
        })
        .collect()
}

/// The state shared by the server, its websockets and the rebuild thread.
pub struct Shared {
    pub served: RwLock<Served>,
    /// The current version, for the websockets.
    pub version: watch::Sender<String>,
    /// Becomes true on Ctrl-C.
    pub stop: watch::Receiver<bool>,
    /// Which hosts and pages may talk to the preview; the websocket cap.
    pub guard: Guard,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(LIVE_PATH, get(live_socket))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            known_host,
        ))
        .with_state(shared)
}

/// Answers only requests addressed to a name the preview is reached by (`guard`).
async fn known_host(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if shared.guard.host(host) {
        return next.run(request).await;
    }
    refuse(
        StatusCode::FORBIDDEN,
        "本地预览只接受通过 localhost、127.0.0.1 或本机 IP 地址的访问。要用其他名称访问，请在启动时加上 --allow-host 该名称。",
    )
}

async fn live_socket(
    ws: WebSocketUpgrade,
    State(shared): State<Arc<Shared>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or("null"));
    if !shared.guard.origin(origin) {
        return refuse(
            StatusCode::FORBIDDEN,
            "只有本地预览的页面可以连接自动刷新。",
        );
    }
    let Some(permit) = shared.guard.socket() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "打开的预览页面太多，请关闭一些标签页后刷新。",
        );
    };
    ws.on_upgrade(move |socket| async move {
        talk(socket, shared).await;
        drop(permit);
    })
}

/// A short page saying why a request was refused.
fn refuse(status: StatusCode, why: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>无法访问</title></head><body><h1>无法访问</h1><p>{why}</p></body></html>"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// Sends the current version now and after every rebuild, until the page goes or the
/// server stops.
async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut version = shared.version.subscribe();
    let stop = stopped(shared.stop.clone());
    tokio::pin!(stop);
    let first = version.borrow_and_update().clone();
    if socket.send(Message::Text(first.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = version.changed() => {
                if changed.is_err() {
                    break;
                }
                let v = version.borrow_and_update().clone();
                if socket.send(Message::Text(v.into())).await.is_err() {
                    return;
                }
            }
            msg = socket.recv() => match msg {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
            _ = &mut stop => break,
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}

/// Resolves when the server is told to stop.
pub async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "只支持 GET 和 HEAD 请求",
        )
            .into_response();
    }
    let (lookup, not_found, overlay, version, has_site) = {
        let s = shared.served.read().unwrap_or_else(|e| e.into_inner());
        (
            s.lookup(uri.path()),
            s.files.get(Path::new("404.html")).cloned(),
            s.overlay.clone(),
            s.version.clone(),
            s.has_site(),
        )
    };
    let page = |status: StatusCode, key: &Path, bytes: Bytes| {
        respond(status, key, bytes, &version, overlay.as_deref())
    };
    match lookup {
        Lookup::Found(key, item) => {
            if let Some(bytes) = read(item).await {
                return page(StatusCode::OK, &key, bytes);
            }
        }
        Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
        }
        Lookup::Missing => {}
    }
    if let Some(bytes) = match not_found {
        Some(item) => read(item).await,
        None => None,
    } {
        return page(StatusCode::NOT_FOUND, Path::new("404.html"), bytes);
    }
    // No site yet (the first build failed) or no 404 page: a bare page for the overlay.
    let (status, text) = if has_site {
        (StatusCode::NOT_FOUND, "页面不存在")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "网站还没有成功生成，请按提示修改文件",
        )
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{text}</title></head><body><h1>{text}</h1></body></html>"
    );
    page(status, Path::new("error.html"), Bytes::from(html))
}

async fn read(item: Item) -> Option<Bytes> {
    match item {
        Item::Bytes(b) => Some(b),
        Item::Copy(p) => tokio::fs::read(p).await.ok().map(Bytes::from),
    }
}

fn respond(
    status: StatusCode,
    key: &Path,
    bytes: Bytes,
    version: &str,
    overlay: Option<&str>,
) -> Response {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        Body::from(live::inject(
            &String::from_utf8_lossy(&bytes),
            version,
            overlay,
        ))
    } else {
        Body::from(bytes)
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// The type by extension; text types say they are UTF-8 (everything gongkai writes is).
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == "text"
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(files: &[&str], base_path: &str) -> Served {
        Served {
            files: files
                .iter()
                .map(|f| (PathBuf::from(f), Item::Bytes(Bytes::from_static(b"x"))))
                .collect(),
            overlay: None,
            version: "v".into(),
            base_path: base_path.into(),
        }
    }

    fn found(s: &Served, raw: &str) -> Option<String> {
        match s.lookup(raw) {
            Lookup::Found(k, _) => Some(k.to_string_lossy().into_owned()),
            Lookup::Redirect(to) => Some(format!("-> {to}")),
            Lookup::Missing => None,
        }
    }

    #[test]
    fn directories_base_path_and_redirects() {
        let s = served(
            &["index.html", "entry/a-1/index.html", "附件.pdf"],
            "/xxgk/",
        );
        assert_eq!(found(&s, "/").as_deref(), Some("index.html"));
        assert_eq!(
            found(&s, "/entry/a-1/").as_deref(),
            Some("entry/a-1/index.html")
        );
        assert_eq!(found(&s, "/entry/a-1").as_deref(), Some("-> /entry/a-1/"));
        assert_eq!(
            found(&s, "/xxgk/entry/a-1/").as_deref(),
            Some("entry/a-1/index.html")
        );
        assert_eq!(found(&s, "/xxgk").as_deref(), Some("-> /xxgk/"));
        assert_eq!(
            found(&s, "/%E9%99%84%E4%BB%B6.pdf").as_deref(),
            Some("附件.pdf")
        );
        assert_eq!(
            found(&s, "/entry/a-1/index.html").as_deref(),
            Some("entry/a-1/index.html")
        );
        assert_eq!(found(&s, "/missing/"), None);
    }

    #[test]
    fn nothing_outside_the_site() {
        let s = served(&["index.html", "entry/a-1/index.html"], "/");
        for raw in [
            "/../index.html",
            "/entry/../index.html",
            "/%2e%2e/index.html",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/entry%2Fa-1/index.html",
            "/..%5cindex.html",
            "/%ff",
            "/./index.html",
        ] {
            assert_eq!(found(&s, raw), None, "{raw}");
        }
    }

    #[test]
    fn content_types() {
        for (file, kind) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("gongkai.js", "text/javascript; charset=utf-8"),
            ("logo.svg", "image/svg+xml; charset=utf-8"),
            ("atom.xml", "text/xml; charset=utf-8"),
            ("index.json", "application/json; charset=utf-8"),
            ("方案.pdf", "application/pdf"),
            ("通知.doc", "application/msword"),
            (
                "通知.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("表.xls", "application/vnd.ms-excel"),
            (
                "表.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("search.wasm", "application/wasm"),
            ("x.unknown", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), kind, "{file}");
        }
    }
}
