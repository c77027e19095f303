//! `/tokens`: API tokens for integrations. Admins manage all; a supplier
//! manages its own supplier tokens.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::idempotency::SecretFields;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{ApiToken, CreatedToken, NewToken};
use orderhub_domain::{Capability, Forbidden, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// Tokens (never their secrets), newest first.
#[utoipa::path(get, path = "/tokens", tag = "tokens",
    responses((status = 200, body = Vec<ApiToken>), (status = 403, body = Problem)))]
async fn list_tokens(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    p.require(Capability::ManageTokens)?;
    Ok(Json(s.store.list_tokens(&p.scope).await?))
}

/// Creates a token; the answer holds its secret, shown this once.
#[utoipa::path(post, path = "/tokens", tag = "tokens", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_token(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewToken>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageTokens)?;
    // A supplier makes tokens while signed in, so that a leaked token
    // cannot breed new ones, and leaving the company revokes them.
    if p.role == Role::Supplier && p.user.is_none() {
        return Err(Forbidden::new(
            ErrorCode::SessionOnly,
            "a supplier creates tokens while signed in, not with another token",
        )
        .into());
    }
    let creator = p.user.as_ref().map(|u| u.id.as_str());
    let created = s
        .store
        .create_token(&p.actor, &p.scope, creator, new)
        .await?;
    let mut res = (StatusCode::CREATED, Json(created)).into_response();
    res.extensions_mut().insert(SecretFields(&["token"]));
    Ok(res)
}

/// Revokes a token at once.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "tokens",
    responses((status = 200, body = ApiToken), (status = 404, body = Problem)))]
async fn revoke_token(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<ApiToken>, ApiError> {
    p.require(Capability::ManageTokens)?;
    Ok(Json(s.store.revoke_token(&p.actor, &p.scope, &id).await?))
}
