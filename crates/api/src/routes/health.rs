//! Liveness, readiness and metrics.

use crate::AppState;
use crate::problem::ApiError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use orderhub_domain::Role;
use orderhub_store::hash_token;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

/// `{"status":"ok"}` when the database answers.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}

/// Prometheus's text format. Not public unless the deployment says so
/// (`--public-metrics`): a scraper sends the metrics token
/// (`--metrics-token`) or an admin API token as a bearer token.
async fn metrics(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if !state.config.public_metrics {
        let bearer = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        if !may_scrape(&state, bearer).await? {
            return Err(ApiError::unauthorized(
                "send the metrics token or an admin API token as a bearer token",
            ));
        }
    }
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        crate::metrics::handle().render(),
    ))
}

async fn may_scrape(state: &AppState, bearer: &str) -> Result<bool, ApiError> {
    if bearer.is_empty() {
        return Ok(false);
    }
    if let Some(token) = &state.config.metrics_token {
        // compared as hashes: equal length, no early exit on the secret
        if hash_token(token) == hash_token(bearer) {
            return Ok(true);
        }
    }
    let info = state.store.verify_token(bearer).await?;
    Ok(info.is_some_and(|i| i.role == Role::Admin))
}
