//! Security headers on every answer (tower-http layers): no MIME sniffing,
//! no framing, no referrer to other sites, a strict Content-Security-Policy
//! on the app's pages and API (scripts, styles and pictures from this site
//! only), `Cache-Control: no-store` unless an answer says otherwise (pages
//! and API answers carry customer data), and HSTS when the public URL is
//! HTTPS. An answer that sets one of these itself keeps its own (product
//! pictures have a sandbox policy, assets a cache lifetime).

use crate::ApiConfig;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The pages' policy: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers for everything, the API docs page included.
pub fn common(router: Router, config: &ApiConfig) -> Router {
    let mut headers = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    let https = config
        .public_url
        .as_deref()
        .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"));
    if https {
        headers.push((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
    }
    with(router, headers)
}

/// Headers for the app's pages and the API (not the Swagger UI, which
/// styles itself inline).
pub fn app(router: Router) -> Router {
    with(
        router,
        vec![
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::CACHE_CONTROL, "no-store"),
        ],
    )
}

fn with(mut router: Router, headers: Vec<(HeaderName, &'static str)>) -> Router {
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}
