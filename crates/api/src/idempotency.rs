//! `Idempotency-Key` on any POST: the first response is saved and replayed
//! for 24 hours; a different body under the same key is refused (422).

use crate::AppState;
use crate::auth::Principal;
use crate::problem::{ApiError, PROBLEM_JSON};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use orderhub_domain::ErrorCode;
use orderhub_store::IdempotencyStart;
use sha2::{Digest, Sha256};

/// Marks a response whose listed top-level fields are secrets shown once
/// (a new token, a session's CSRF token): a replay carries the rest of the
/// answer, never the secret, which is not stored.
#[derive(Clone, Copy)]
pub struct SecretFields(pub &'static [&'static str]);

/// Bodies above this are refused before hashing (the API's body limit).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

pub async fn idempotent(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(key) = req.headers().get("idempotency-key").cloned() else {
        return Ok(next.run(req).await);
    };
    if req.method() != Method::POST {
        return Ok(next.run(req).await);
    }
    let key = key
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidIdempotencyKey,
                "Idempotency-Key takes 1 to 255 visible ASCII characters",
            )
            .field("Idempotency-Key")
        })?
        .to_owned();
    // Keys belong to a caller in its current role and scope; anonymous
    // requests (a login) are not replayed at all.
    let Some(principal) = req
        .extensions()
        .get::<Principal>()
        .map(|p| format!("{}:{}:{:?}", p.id, p.role, p.scope))
    else {
        return Ok(next.run(req).await);
    };
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            "the body is larger than 2 MiB",
        )
    })?;
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str());
    hasher.update(b" ");
    hasher.update(parts.uri.path());
    hasher.update(b"\n");
    hasher.update(&bytes);
    let hash = hex::encode(hasher.finalize());
    match state
        .store
        .idempotency_start(&principal, &key, &hash)
        .await?
    {
        IdempotencyStart::Proceed => {}
        IdempotencyStart::Replay { status, body } => return Ok(replay(status, body)),
        IdempotencyStart::Mismatch => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request; use a new key",
            )
            .field("Idempotency-Key"));
        }
        IdempotencyStart::InFlight => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::IdempotencyKeyInFlight,
                "the first request with this Idempotency-Key is still running",
            )
            .field("Idempotency-Key")
            .retry_after(1));
        }
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (parts, body) = res.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    // The change is committed (or refused) already: whatever happens to the
    // bookkeeping below, the client gets the real answer. A key left
    // claimed becomes reclaimable after a minute.
    let saved = if parts.status.is_server_error() {
        state.store.idempotency_release(&principal, &key).await
    } else {
        let text = match parts.extensions.get::<SecretFields>() {
            Some(secret) => redact(&body, secret.0),
            None => String::from_utf8_lossy(&body).into_owned(),
        };
        state
            .store
            .idempotency_finish(&principal, &key, parts.status.as_u16(), &text)
            .await
    };
    if let Err(e) = saved {
        tracing::warn!(error = %e, "could not save the response for an Idempotency-Key");
    }
    Ok(Response::from_parts(parts, Body::from(body)))
}

/// The body without the secret fields (replaced by `null`).
fn redact(body: &[u8], fields: &[&str]) -> String {
    let mut value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        for f in fields {
            if obj.contains_key(*f) {
                obj.insert((*f).to_owned(), serde_json::Value::Null);
            }
        }
    }
    value.to_string()
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        PROBLEM_JSON
    };
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut()
        .insert("idempotency-replayed", HeaderValue::from_static("true"));
    res
}
