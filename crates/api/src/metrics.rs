//! Prometheus metrics: request counts and latencies by route, plus the
//! business counters handlers record.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// The process-wide recorder (installed once, shared by every app in the
/// process, e.g. in tests).
pub fn handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed; then ours renders empty.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(req.method()).to_owned();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    res
}

/// The ways orders come in, as the `source` label of
/// `orderhub_orders_created_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// `POST /api/v1/orders`.
    Api,
    /// The web app's order form.
    Web,
    /// A channel's signed webhook (Shopify, WooCommerce).
    Webhook,
    /// `POST /channels/{id}/import`.
    ChannelImport,
    /// The Etsy/Amazon poller.
    Poll,
    /// A spreadsheet (API or web app).
    Spreadsheet,
}

impl Intake {
    fn as_str(self) -> &'static str {
        match self {
            Intake::Api => "api",
            Intake::Web => "web",
            Intake::Webhook => "webhook",
            Intake::ChannelImport => "channel_import",
            Intake::Poll => "poll",
            Intake::Spreadsheet => "spreadsheet",
        }
    }
}

/// Counts `n` orders taken in from `platform` by `source`.
pub fn orders_created(platform: &str, source: Intake, n: u64) {
    if n == 0 {
        return;
    }
    let labels = [
        ("platform", platform.to_owned()),
        ("source", source.as_str().to_owned()),
    ];
    metrics::counter!("orderhub_orders_created_total", &labels).increment(n);
}

/// A method as a metrics label: the standard ones by name, anything else
/// `other`, so random method names cannot grow the series without bound.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method as M;
    match *method {
        M::GET => "GET",
        M::HEAD => "HEAD",
        M::POST => "POST",
        M::PUT => "PUT",
        M::PATCH => "PATCH",
        M::DELETE => "DELETE",
        M::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_methods_share_one_label() {
        let m = |s: &str| axum::http::Method::from_bytes(s.as_bytes()).unwrap();
        assert_eq!(super::method_label(&m("PATCH")), "PATCH");
        assert_eq!(super::method_label(&m("XYZZY123")), "other");
        assert_eq!(super::method_label(&m("TRACE")), "other");
    }
}
