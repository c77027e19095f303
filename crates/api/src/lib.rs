//! orderhub's HTTP layer: the REST API under `/api/v1`, problem+json
//! errors, bearer-token auth, idempotency keys, metrics and the OpenAPI
//! document generated from the handlers.

mod actions;
mod auth;
mod egress;
mod export;
mod extract;
mod folder;
mod fulfil;
mod headers;
mod heavy;
mod http;
mod idempotency;
mod listen;
mod metrics;
pub mod notifier;
mod openapi;
mod outbox;
mod poller;
pub mod problem;
mod routes;
pub mod scheduler;
pub mod timeouts;
mod tracker;
pub mod web;

pub use http::http_client;
pub use listen::ConnectionLimits;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use orderhub_store::Store;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Milliseconds since the epoch, as the store keeps times.
pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: ApiConfig,
    /// The dashboard's last figures (web app).
    pub dashboard: web::DashboardCache,
    /// The font documents are set in, loaded on first use.
    pub pdf_font: std::sync::Arc<std::sync::OnceLock<Result<orderhub_documents::PdfFont, String>>>,
}

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Mark the session cookie `Secure` (browsers then send it only over
    /// HTTPS, or to localhost). Turn off only behind plain-HTTP proxies on
    /// a private network.
    pub secure_cookies: bool,
    /// The address browsers use (e.g. `https://orders.example.com`), when
    /// a proxy in front rewrites `Host`: the `Origin` check compares with it.
    pub public_url: Option<String>,
    /// Take the client's address from `X-Forwarded-For` (its last entry):
    /// only behind a proxy that sets it, or clients could pick their own.
    pub trust_proxy: bool,
    /// Connections at once, and how long a client may take over its
    /// request headers or sit idle between requests.
    pub connections: ConnectionLimits,
    /// Let webhook endpoints and marketplace API addresses be on this
    /// machine or a private network (self-hosted receivers). Off: only
    /// public addresses are called.
    pub allow_private_targets: bool,
    /// Serve `/metrics` to anyone. Off: a scraper sends `metrics_token`
    /// or an admin API token as a bearer token.
    pub public_metrics: bool,
    /// A token for Prometheus to scrape `/metrics` with.
    pub metrics_token: Option<String>,
    /// Cancel orders still pending and unpaid this long after they were
    /// placed ([`timeouts`]); `None` keeps them.
    pub cancel_unpaid_after: Option<std::time::Duration>,
    /// Complete orders this long after they shipped, when nobody confirmed
    /// receipt ([`timeouts`]); `None` waits for a person.
    pub confirm_receipt_after: Option<std::time::Duration>,
    /// The font contracts are printed in (`path`, or `path#face` in a
    /// collection); none: the first CJK font found on the system.
    pub pdf_font: Option<String>,
    /// Stripe, when invoices may be paid online with it.
    pub stripe: Option<StripeConfig>,
    /// Alipay, when invoices may be paid online with it.
    pub alipay: Option<AlipayConfig>,
    /// WeChat Pay, when invoices may be paid online with it.
    pub wechat: Option<WechatConfig>,
    /// A tracking provider, when shipped parcels are followed to delivery.
    pub tracking: Option<TrackingConfig>,
    /// The SMTP server notifications are e-mailed through; none: e-mail
    /// is off (the inbox and robots still work).
    pub mail: Option<notifier::MailConfig>,
    /// Remind a supplier of a task not accepted this long after it was
    /// assigned (default 24 h; sooner when its category's time to accept
    /// is shorter).
    pub remind_accept_after: std::time::Duration,
    /// How long a stored file no row names is kept before the sweeper
    /// removes it (default 24 h: instances may be writing it now).
    pub files_grace: std::time::Duration,
}

/// Where parcels are followed ([`tracker`] and
/// `orderhub_channels::tracking` for the protocol).
#[derive(Clone)]
pub struct TrackingConfig {
    pub url: String,
    /// Sent as `authorization: Bearer <key>`.
    pub key: Option<String>,
    /// How long between two looks at one parcel.
    pub every: std::time::Duration,
}

impl std::fmt::Debug for TrackingConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackingConfig")
            .field("url", &self.url)
            .field("every", &self.every)
            .finish_non_exhaustive()
    }
}

/// How orderhub reaches WeChat Pay (docs/api.md, "Paying online").
#[derive(Clone)]
pub struct WechatConfig {
    /// The merchant's ids and keys.
    pub keys: orderhub_channels::pay::wechat::WechatKeys,
    /// Where the API v3 answers (`https://api.mch.weixin.qq.com`).
    pub api_base: String,
}

impl std::fmt::Debug for WechatConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatConfig")
            .field("mchid", &self.keys.mchid)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// How orderhub reaches Alipay (docs/api.md, "Paying online").
#[derive(Clone)]
pub struct AlipayConfig {
    /// The application's id and keys.
    pub keys: orderhub_channels::pay::alipay::AlipayKeys,
    /// The gateway buyers are sent to (`https://openapi.alipay.com/gateway.do`).
    pub gateway: String,
}

impl std::fmt::Debug for AlipayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlipayConfig")
            .field("app_id", &self.keys.app_id)
            .field("gateway", &self.gateway)
            .finish_non_exhaustive()
    }
}

/// How orderhub reaches Stripe (docs/api.md, "Paying online").
#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// The secret API key (`sk_live_…`, `sk_test_…`).
    pub secret_key: String,
    /// The webhook endpoint's signing secret (`whsec_…`).
    pub webhook_secret: String,
    /// Where Stripe's API answers (`https://api.stripe.com`).
    pub api_base: String,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            public_url: None,
            trust_proxy: false,
            connections: ConnectionLimits::default(),
            allow_private_targets: false,
            public_metrics: false,
            metrics_token: None,
            cancel_unpaid_after: None,
            confirm_receipt_after: None,
            pdf_font: None,
            stripe: None,
            alipay: None,
            wechat: None,
            tracking: None,
            mail: None,
            remind_accept_after: std::time::Duration::from_secs(24 * 3600),
            files_grace: std::time::Duration::from_secs(24 * 3600),
        }
    }
}

/// The whole application: API, OpenAPI document and docs page, health and
/// metrics.
pub fn app(store: Store, config: ApiConfig) -> Router {
    metrics::handle(); // install the recorder before the first request is counted
    let state = AppState {
        store,
        config,
        dashboard: Default::default(),
        pdf_font: Default::default(),
    };
    let (api, openapi) = routes::api().split_for_parts();
    // Layers run outside-in in the reverse order of these calls.
    let api = api
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(from_fn_with_state(state.clone(), idempotency::idempotent))
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        .layer(from_fn(extract::refuse_control_characters))
        .fallback(routes::no_route)
        .with_state(state.clone());
    let config = state.config.clone();
    let own = Router::new()
        .nest("/api/v1", api)
        .merge(routes::health::router().with_state(state.clone()))
        .merge(web::router(state))
        .fallback(routes::no_route);
    let all = headers::app(own).merge(openapi::docs(openapi));
    headers::common(all, &config)
        .layer(DefaultBodyLimit::max(idempotency::MAX_BODY))
        .layer(from_fn(problem::ensure_problem))
        .layer(from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
}

/// The OpenAPI document, as served at `/api/openapi.json`.
pub fn openapi_json() -> String {
    let (_, openapi) = routes::api().split_for_parts();
    serde_json::to_string_pretty(&openapi::finish(openapi)).unwrap_or_default()
}

/// Serves `app` on `listener` until `shutdown` completes, then lets
/// in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    config: ApiConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    outbox::start(store.clone(), config.allow_private_targets);
    poller::start(store.clone(), config.allow_private_targets);
    fulfil::start(store.clone(), config.allow_private_targets);
    folder::start(store.clone());
    if let Some(tracking) = &config.tracking {
        tracker::start(
            store.clone(),
            tracking.clone(),
            config.allow_private_targets,
        );
    }
    scheduler::start(
        store.clone(),
        scheduler::Schedule {
            cancel_unpaid_after: config.cancel_unpaid_after,
            confirm_receipt_after: config.confirm_receipt_after,
            remind_accept_after: config.remind_accept_after,
            files_grace: config.files_grace,
        },
    );
    notifier::start(
        store.clone(),
        config.mail.clone(),
        config.public_url.clone(),
        config.allow_private_targets,
    );
    let limits = config.connections;
    listen::run(listener, app(store, config), limits, shutdown).await
}
