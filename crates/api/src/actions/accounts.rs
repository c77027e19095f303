//! A signed-in user's own account: changing their password (from the API
//! or their profile page).

use crate::AppState;
use crate::auth::{DEVICE_COOKIE, Principal, cookie};
use crate::problem::ApiError;
use axum::http::{HeaderMap, StatusCode};
use orderhub_domain::model::{PasswordChange, User};
use orderhub_domain::{ErrorCode, ValidationError};
use orderhub_store::{NewSession, StoreError};

/// Checks the current password, sets the new one and opens a new session
/// for this browser: every other session of the account has ended.
/// A wrong current password counts as a failed login (and is throttled
/// like one), so a stolen session cannot guess it at leisure.
pub(crate) async fn change_password(
    s: &AppState,
    p: &Principal,
    ip: &str,
    headers: &HeaderMap,
    req: PasswordChange,
) -> Result<(User, NewSession), ApiError> {
    let user = p.user.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "tokens have no password; sign in to change yours",
        )
        .with("rule", "session_only")
    })?;
    let device = cookie(headers, DEVICE_COOKIE);
    let checked = s
        .store
        .authenticate(
            &user.email,
            &req.current_password,
            ip,
            "password_confirmed",
            device.as_deref(),
        )
        .await;
    match checked {
        Ok(_) => {}
        Err(StoreError::InvalidCredentials) => {
            return Err(ValidationError::new(
                "current_password",
                ErrorCode::WrongPassword,
                "the current password is wrong",
            )
            .into());
        }
        Err(other) => return Err(other.into()),
    }
    s.store
        .set_password(&p.actor, &user.id, req.new_password)
        .await
        .map_err(|e| match e {
            StoreError::Invalid(v) if v.field == "password" => ApiError::from(ValidationError {
                field: "new_password".into(),
                ..v
            }),
            other => other.into(),
        })?;
    let session = s
        .store
        .open_session(&user.id, crate::auth::origin(headers, ip))
        .await?;
    Ok((user, session))
}

/// A new session for `user` signing in from this browser; the session the
/// browser held before (if any) ends, so a cookie fixed before sign-in is
/// worthless after it.
pub(crate) async fn start_session(
    s: &AppState,
    headers: &HeaderMap,
    user: &User,
    ip: &str,
) -> Result<NewSession, ApiError> {
    if let Some(old) = cookie(headers, crate::auth::SESSION_COOKIE) {
        s.store
            .close_session(&old, &format!("user:{}", user.email), ip)
            .await?;
    }
    Ok(s.store
        .open_session(&user.id, crate::auth::origin(headers, ip))
        .await?)
}
