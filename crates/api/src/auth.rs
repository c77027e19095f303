//! Bearer-token authentication for `/api/v1`.

use crate::AppState;
use crate::extract::Principal;
use crate::problem::ApiError;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use orderhub_domain::Party;
use orderhub_domain::model::Actor;

/// Refuses requests without a valid token (401 problem) and records who
/// the caller is for the handlers and the event log.
pub async fn require_token(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("send Authorization: Bearer <token>"))?;
    let info = state
        .store
        .verify_token(token)
        .await?
        .ok_or_else(|| ApiError::unauthorized("the token is unknown, revoked or expired"))?;
    let party = match info.role.as_str() {
        "supplier" => Party::Supplier,
        _ => Party::Operator,
    };
    req.extensions_mut().insert(Principal {
        actor: Actor {
            label: format!("token:{}", info.name),
            party,
        },
        id: format!("token:{}", info.id),
    });
    Ok(next.run(req).await)
}
