//! DNS-rebinding protection of development mode. Its secrets are published, so a web page
//! whose name an attacker rebinds to 127.0.0.1 could otherwise drive the helpdesk from a
//! browser. Such requests still name the attacker's host in `Host`: only loopback names are
//! served (`localhost`, `127.0.0.1`, `[::1]`, any port); anything else gets 421.

use std::net::Ipv6Addr;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use helpline_protocol::ErrorBody;

use crate::errors::error_response;

/// Serves requests naming a loopback host; answers the others 421 Misdirected Request.
pub(crate) async fn loopback_only(req: Request, next: Next) -> Response {
    // HTTP/1.1 names the host in `Host`; a request in absolute form names it in its URI.
    let named = match req.headers().get(header::HOST) {
        Some(value) => value.to_str().ok().is_some_and(is_loopback),
        None => req.uri().authority().is_some_and(|a| is_loopback(a.as_str())),
    };
    if named {
        return next.run(req).await;
    }
    tracing::info!(host = ?req.headers().get(header::HOST), "refused a request for another host (development mode)");
    let body = ErrorBody::new(
        "MisdirectedRequest",
        "This development helpdesk answers requests for localhost, 127.0.0.1 or [::1] only",
    );
    error_response(StatusCode::MISDIRECTED_REQUEST, &body)
}

/// `host[:port]` naming a loopback host: `localhost`, `127.0.0.1` or `[::1]`, with or
/// without a port.
fn is_loopback(value: &str) -> bool {
    let value = value.trim();
    let port_ok = |port: &str| !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    match value.strip_prefix('[') {
        Some(bracketed) => {
            let Some((ip, rest)) = bracketed.split_once(']') else { return false };
            let port_fine = rest.is_empty() || rest.strip_prefix(':').is_some_and(port_ok);
            port_fine && ip.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
        }
        None => {
            let (name, port) = value.split_once(':').map_or((value, None), |(name, port)| (name, Some(port)));
            port.is_none_or(port_ok) && (name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_only() {
        for good in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:443", "[0::1]"] {
            assert!(is_loopback(good), "{good}");
        }
        for bad in [
            "",
            "evil.example",
            "localhost.evil.example",
            "evil.example:8080",
            "127.0.0.2",
            "0.0.0.0",
            "[::2]:80",
            "user@localhost",
            "localhost:abc",
            "localhost:",
            "[::1]x",
            "[::1",
            "::1",
        ] {
            assert!(!is_loopback(bad), "{bad}");
        }
    }
}
