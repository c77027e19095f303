//! The page behind an invitation link: the invited person chooses a
//! password and is signed in. The link works once; an expired or used one
//! says to ask for a new link.

use super::Layout;
use super::flash::{self, Flash};
use super::i18n::Lang;
use crate::AppState;
use crate::auth::{check_origin, client_ip};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_store::StoreError;
use std::net::SocketAddr;

#[derive(Template, WebTemplate)]
#[template(path = "invite.html")]
pub struct InvitePage {
    layout: Layout,
    /// Whose account; empty when the link does not work (any more).
    email: String,
    error: Option<String>,
}

fn page(headers: &HeaderMap, email: String, error: Option<String>) -> InvitePage {
    InvitePage {
        layout: Layout::anonymous(headers),
        email,
        error,
    }
}

pub async fn invite(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Ok(match s.store.invited(&token).await? {
        Some(user) => page(&headers, user.email, None).into_response(),
        None => (StatusCode::GONE, page(&headers, String::new(), None)).into_response(),
    })
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// Sets the password and signs in; a refused password comes back with the
/// reason, the link still working.
pub async fn accept(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, ApiError> {
    check_origin(&headers, &s.config)?;
    let lang = Lang::of(&headers);
    let user = match s.store.accept_invite(&token, form.password).await {
        Ok(user) => user,
        Err(StoreError::InvalidCredentials) => {
            return Ok((StatusCode::GONE, page(&headers, String::new(), None)).into_response());
        }
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            let email = s
                .store
                .invited(&token)
                .await?
                .map(|u| u.email)
                .unwrap_or_default();
            let why = super::catalog::message(lang, &e).1;
            return Ok((e.status, page(&headers, email, Some(why))).into_response());
        }
    };
    let ip = client_ip(&headers, addr, &s.config);
    let session = crate::actions::accounts::start_session(&s, &headers, &user, &ip).await?;
    let done = Flash::done(lang.fill("invite-welcome", &[("email", (&user.email).into())]));
    // straight to their first page (a supplier's is its tasks)
    let home = match user.role {
        orderhub_domain::Role::Supplier => "/tasks",
        _ => "/",
    };
    let mut res = flash::redirect_for(&s, &session.csrf_token, home, done);
    let cookie =
        crate::actions::cookies::set_cookie(&s, &session.id, orderhub_store::ABSOLUTE_MS / 1000);
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}
