//! Links orderhub hands out to be used elsewhere (a webhook address for a
//! marketplace, an invitation for a person): absolute, on the configured
//! public URL, else on the host the request came to.

use crate::AppState;
use axum::http::HeaderMap;

/// `https://orders.example.com` (no trailing slash).
pub(crate) fn base_url(s: &AppState, headers: &HeaderMap) -> String {
    let base = s.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        // behind a trusted proxy that ended TLS, the link is https too
        let https = s.config.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| {
                    p.split(',')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .eq_ignore_ascii_case("https")
                });
        let scheme = if https { "https" } else { "http" };
        format!("{scheme}://{host}")
    });
    base.trim_end_matches('/').to_owned()
}
