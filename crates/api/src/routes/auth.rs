//! `/auth`: browser sign-in with a session cookie, sign-out, who am I,
//! password change.

use crate::AppState;
use crate::actions::cookies::{device_cookie, set_cookie};
use crate::auth::{DEVICE_COOKIE, Principal, check_origin, client_ip, cookie};
use crate::extract::ApiJson;
use crate::idempotency::SecretFields;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::{Login, Me, PasswordChange, User};
use orderhub_store::{ABSOLUTE_MS, NewSession};
use std::net::SocketAddr;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

/// Signs in with e-mail and password and sets the session cookie
/// (`HttpOnly`, `SameSite=Lax`, `Secure`). A new session id every time; an
/// earlier session of this browser ends. Unknown e-mail and wrong password
/// get the same 401; too many failures for the account or the address get
/// 429 with `Retry-After`.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = Login, security(()),
    responses((status = 200, body = Me, description = "signed in; the cookie is set"),
              (status = 401, body = Problem), (status = 429, body = Problem)))]
async fn login(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<Login>,
) -> Result<Response, ApiError> {
    check_origin(&headers, &s.config)?;
    let ip = client_ip(&headers, addr, &s.config);
    let device = cookie(&headers, DEVICE_COOKIE);
    let (user, device) = s
        .store
        .login(&req.email, &req.password, &ip, device.as_deref())
        .await?;
    let session = crate::actions::accounts::start_session(&s, &headers, &user, &ip).await?;
    let mut res = with_session(
        &s,
        &session,
        me_for_user(user, Some(session.csrf_token.clone())),
    );
    res.headers_mut()
        .append(header::SET_COOKIE, device_cookie(&s, &device));
    Ok(res)
}

/// Ends the session: the cookie is worthless afterwards, wherever a copy is.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 204, description = "signed out"), (status = 401, body = Problem)))]
async fn logout(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    p: Principal,
) -> Result<Response, ApiError> {
    if let Some((id, _)) = &p.session {
        s.store
            .close_session(id, &p.actor.label, &client_ip(&headers, addr, &s.config))
            .await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&s, "", 0));
    Ok(res)
}

/// Who the caller is; for sessions, with the CSRF token to send back as
/// `X-CSRF-Token`.
#[utoipa::path(get, path = "/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
async fn me(p: Principal) -> Json<Me> {
    Json(Me {
        actor: p.actor.label.clone(),
        role: p.role,
        supplier_id: p.scope.supplier().map(str::to_owned),
        buyer_org_id: p.user.as_ref().and_then(|u| u.buyer_org_id.clone()),
        csrf_token: p.session.as_ref().map(|(_, csrf)| csrf.clone()),
        user: p.user,
    })
}

/// Changes your own password (signed in with a session). Every session of
/// the account ends; this browser gets a new one.
#[utoipa::path(post, path = "/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 200, body = Me), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn change_password(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    p: Principal,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<Response, ApiError> {
    let (user, session) = crate::actions::accounts::change_password(
        &s,
        &p,
        &client_ip(&headers, addr, &s.config),
        &headers,
        req,
    )
    .await?;
    Ok(with_session(
        &s,
        &session,
        me_for_user(user, Some(session.csrf_token.clone())),
    ))
}

fn me_for_user(user: User, csrf_token: Option<String>) -> Me {
    Me {
        actor: format!("user:{}", user.email),
        role: user.role,
        supplier_id: user.supplier_id.clone(),
        buyer_org_id: user.buyer_org_id.clone(),
        csrf_token,
        user: Some(user),
    }
}

fn with_session(s: &AppState, session: &NewSession, me: Me) -> Response {
    let mut res = Json(me).into_response();
    res.extensions_mut().insert(SecretFields(&["csrf_token"]));
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(s, &session.id, ABSOLUTE_MS / 1000),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
