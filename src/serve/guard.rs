//! Who may talk to the preview. Any web page the user visits can make the browser send
//! requests to `127.0.0.1:1111`, and with DNS rebinding (a name of the attacker's that
//! first resolves to their server, then to 127.0.0.1) read the answers as its own. So a
//! request is answered only when its `Host` is a name the preview is reached by — an IP
//! address (which no rebinding can produce), `localhost`, or a name given with
//! `--allow-host` — and the live-reload websocket also checks the page's `Origin`. The
//! number of open websockets is capped, so a page cannot tie up memory by opening
//! thousands.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many live-reload websockets at once (one per open preview tab).
pub const MAX_SOCKETS: usize = 64;

pub struct Guard {
    /// Extra names (`--allow-host`), lower case.
    names: Vec<String>,
    sockets: Arc<AtomicUsize>,
}

/// One open websocket, counted until dropped.
pub struct Socket(Arc<AtomicUsize>);

impl Drop for Socket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Guard {
    pub fn new(names: &[String]) -> Guard {
        Guard {
            names: names
                .iter()
                .map(|n| n.trim().to_ascii_lowercase())
                .collect(),
            sockets: Arc::default(),
        }
    }

    /// Whether a request with this `Host` header (`name` or `name:port`) is answered.
    /// A request without one (HTTP/1.0 tools) is: browsers always send it.
    pub fn host(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let host = host.trim().to_ascii_lowercase();
        let name = match host.strip_prefix('[') {
            // `[::1]:1111`
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n),
        };
        name.parse::<IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.names.iter().any(|n| n == name)
    }

    /// Whether a websocket from a page of this `Origin` is accepted: pages of the
    /// preview itself, and clients that are not browsers (no `Origin`).
    pub fn origin(&self, origin: Option<&str>) -> bool {
        let Some(origin) = origin else {
            return true;
        };
        let rest = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        match rest {
            Some(authority) => self.host(Some(authority.split('/').next().unwrap_or_default())),
            // `null` (a sandboxed frame, a file:// page) and anything else.
            None => false,
        }
    }

    /// A place for one more websocket, if fewer than `MAX_SOCKETS` are open.
    pub fn socket(&self) -> Option<Socket> {
        let before = self.sockets.fetch_add(1, Ordering::SeqCst);
        let permit = Socket(Arc::clone(&self.sockets));
        (before < MAX_SOCKETS).then_some(permit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_origins() {
        let g = Guard::new(&["Xxgk.Example.Gov.cn".to_string()]);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "192.168.1.20:1111",
            "app.localhost:8080",
            "xxgk.example.gov.cn:1111",
        ] {
            assert!(g.host(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "",
        ] {
            assert!(!g.host(Some(bad)), "{bad}");
        }
        assert!(g.origin(Some("http://127.0.0.1:1111")));
        assert!(g.origin(None));
        assert!(!g.origin(Some("http://evil.example")));
        assert!(!g.origin(Some("null")));
    }

    #[test]
    fn sockets_are_capped_and_counted_back() {
        let g = Guard::new(&[]);
        let open: Vec<_> = (0..MAX_SOCKETS).map(|_| g.socket().unwrap()).collect();
        assert!(g.socket().is_none());
        drop(open);
        assert!(g.socket().is_some());
    }
}
