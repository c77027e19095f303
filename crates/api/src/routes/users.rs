//! `/users`: accounts and roles (admins only).

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::model::{NewUser, PasswordReset, User, UserPatch};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(reset_password))
}

#[utoipa::path(get, path = "/users", tag = "users",
    responses((status = 200, body = Vec<User>), (status = 403, body = Problem)))]
async fn list_users(State(s): State<AppState>, p: Principal) -> Result<Json<Vec<User>>, ApiError> {
    p.require(Capability::ManageUsers)?;
    Ok(Json(s.store.list_users().await?))
}

/// Creates an account. The password must have 12+ characters, not be a
/// common one and not contain the e-mail; it is stored as Argon2id.
#[utoipa::path(post, path = "/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = User), (status = 409, body = Problem, description = "e-mail taken"),
              (status = 422, body = Problem)))]
async fn create_user(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    p.require(Capability::ManageUsers)?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_user(&p.actor, new).await?),
    ))
}

#[utoipa::path(get, path = "/users/{id}", tag = "users",
    responses((status = 200, body = User), (status = 404, body = Problem)))]
async fn get_user(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<User>, ApiError> {
    p.require(Capability::ManageUsers)?;
    Ok(Json(s.store.get_user(&id).await?))
}

/// Changes name, role (with its supplier or buyer) or the active flag. A
/// role change or deactivation ends the user's sessions; both are audited.
#[utoipa::path(patch, path = "/users/{id}", tag = "users", request_body = UserPatch,
    responses((status = 200, body = User), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_user(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<UserPatch>,
) -> Result<Json<User>, ApiError> {
    p.require(Capability::ManageUsers)?;
    Ok(Json(s.store.update_user(&p.actor, &id, patch).await?))
}

/// Sets a new password for the account and ends its sessions.
#[utoipa::path(post, path = "/users/{id}/password", tag = "users", request_body = PasswordReset,
    responses((status = 204, description = "changed"), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn reset_password(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    p.require(Capability::ManageUsers)?;
    s.store.set_password(&p.actor, &id, req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
