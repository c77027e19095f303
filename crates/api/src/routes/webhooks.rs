//! `/webhooks`: endpoints that receive orderhub's events, signed per the
//! Standard Webhooks specification; their delivery log and redelivery.

use crate::AppState;
use crate::auth::Principal;
use crate::egress;
use crate::extract::ApiJson;
use crate::idempotency::SecretFields;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use orderhub_channels::outbound::{Endpoint, EndpointPatch, Message, NewEndpoint, secret_from};
use orderhub_domain::Capability;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_endpoints, create_endpoint))
        .routes(routes!(get_endpoint, update_endpoint, delete_endpoint))
        .routes(routes!(rotate_secret))
        .routes(routes!(endpoint_messages))
        .routes(routes!(redeliver))
}

/// Operators see every endpoint; a supplier its own.
fn may_subscribe(p: &Principal) -> Result<(), ApiError> {
    let needed = match p.scope.supplier() {
        Some(_) => Capability::WorkTasks,
        None => Capability::ManageCatalog,
    };
    p.require(needed)
}

#[utoipa::path(get, path = "/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<Endpoint>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list_endpoints(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Endpoint>>, ApiError> {
    may_subscribe(&p)?;
    Ok(Json(s.store.list_endpoints(&p.scope).await?))
}

/// Subscribes a URL to event types. Deliveries are POSTs of
/// `{"type", "timestamp", "data"}` with `webhook-id`, `webhook-timestamp`
/// and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
/// `id.timestamp.body` under the `secret` answered here, once). Retried
/// after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then given up. A
/// supplier's endpoint receives its own tasks' events only.
#[utoipa::path(post, path = "/webhooks", tag = "webhooks", request_body = NewEndpoint,
    responses((status = 201, body = Endpoint, description = "with its secret, shown once"),
              (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_endpoint(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewEndpoint>,
) -> Result<Response, ApiError> {
    may_subscribe(&p)?;
    let allow = s.config.allow_private_targets;
    egress::check_all([("url", Some(new.url.as_str()))], allow).await?;
    let secret = secret_from(rand::random());
    let endpoint = s
        .store
        .create_endpoint(&p.actor, &p.scope, new, secret)
        .await?;
    Ok(secret_once(
        (StatusCode::CREATED, Json(endpoint)).into_response(),
    ))
}

/// An answer carrying a secret: an idempotent replay leaves it out.
fn secret_once(mut res: Response) -> Response {
    res.extensions_mut().insert(SecretFields(&["secret"]));
    res
}

#[utoipa::path(get, path = "/webhooks/{id}", tag = "webhooks",
    responses((status = 200, body = Endpoint), (status = 404, body = Problem)))]
async fn get_endpoint(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Endpoint>, ApiError> {
    may_subscribe(&p)?;
    Ok(Json(s.store.get_endpoint(&id, &p.scope).await?))
}

/// Changes the URL, the event types (replaced) or `active` (`false`
/// pauses deliveries; they wait and go when it is `true` again).
#[utoipa::path(patch, path = "/webhooks/{id}", tag = "webhooks", request_body = EndpointPatch,
    responses((status = 200, body = Endpoint), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_endpoint(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<EndpointPatch>,
) -> Result<Json<Endpoint>, ApiError> {
    may_subscribe(&p)?;
    let allow = s.config.allow_private_targets;
    egress::check_all([("url", patch.url.as_deref())], allow).await?;
    Ok(Json(s.store.update_endpoint(&id, &p.scope, patch).await?))
}

/// Removes the endpoint, its subscriptions and its delivery log.
#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks",
    responses((status = 204, description = "removed"), (status = 404, body = Problem)))]
async fn delete_endpoint(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    may_subscribe(&p)?;
    s.store.delete_endpoint(&id, &p.scope).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new signing secret, answered once; every delivery from now on is
/// signed with it (the old one stops at once: update the receiver first
/// to accept both, as Standard Webhooks receivers may).
#[utoipa::path(post, path = "/webhooks/{id}/secret", tag = "webhooks",
    responses((status = 200, body = Endpoint, description = "with its new secret, shown once"), (status = 404, body = Problem)))]
async fn rotate_secret(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    may_subscribe(&p)?;
    let secret = secret_from(rand::random());
    let endpoint = s.store.rotate_secret(&id, &p.scope, secret).await?;
    Ok(secret_once(Json(endpoint).into_response()))
}

/// The delivery log: the endpoint's latest 200 messages, each with its
/// status, attempts and the receiver's last answer.
#[utoipa::path(get, path = "/webhooks/{id}/messages", tag = "webhooks",
    responses((status = 200, body = Vec<Message>), (status = 404, body = Problem)))]
async fn endpoint_messages(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Message>>, ApiError> {
    may_subscribe(&p)?;
    Ok(Json(s.store.endpoint_messages(&id, &p.scope).await?))
}

/// Sends a message again (delivered, failed or waiting for its retry).
#[utoipa::path(post, path = "/webhooks/{id}/messages/{message}/redeliver", tag = "webhooks",
    params(("id" = String, Path), ("message" = String, Path)),
    responses((status = 202, description = "queued"), (status = 404, body = Problem)))]
async fn redeliver(
    State(s): State<AppState>,
    p: Principal,
    Path((id, message)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    may_subscribe(&p)?;
    s.store.redeliver(&id, &message, &p.scope).await?;
    Ok(StatusCode::ACCEPTED)
}
