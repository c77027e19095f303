//! Signing in and out of the web app with the form: the session cookie
//! is the API's; a refusal shows the form again with the e-mail kept and
//! the reason in the user's language.

use super::i18n::Lang;
use super::{Layout, check_form, redirect_setting, signed_in};
use crate::AppState;
use crate::actions::cookies::{device_cookie, set_cookie};
use crate::auth::{DEVICE_COOKIE, SESSION_COOKIE, check_origin, client_ip, cookie};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_store::{ABSOLUTE_MS, StoreError};
use std::net::SocketAddr;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    layout: Layout,
    email: String,
    error: Option<&'static str>,
}

pub async fn login_form(headers: HeaderMap) -> LoginPage {
    LoginPage {
        layout: Layout::anonymous(&headers),
        email: String::new(),
        error: None,
    }
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

/// Signs in from the form; a refusal shows the form again with the e-mail
/// kept and the reason in the user's language.
pub async fn login(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let lang = Lang::of(&headers);
    let refuse = |status: StatusCode, key: &'static str| {
        let page = LoginPage {
            layout: Layout::anonymous(&headers),
            email: form.email.clone(),
            error: Some(lang.t(key)),
        };
        (status, page).into_response()
    };
    if check_origin(&headers, &s.config).is_err() {
        return Ok(refuse(StatusCode::FORBIDDEN, "login-refused"));
    }
    if s.config.secure_cookies && plain_http_elsewhere(&headers) {
        // the browser would drop the Secure cookie and land back here
        return Ok(refuse(StatusCode::FORBIDDEN, "login-plain_http"));
    }
    let ip = client_ip(&headers, addr, &s.config);
    let device = cookie(&headers, DEVICE_COOKIE);
    let login = s
        .store
        .login(&form.email, &form.password, &ip, device.as_deref());
    let (user, device) = match login.await {
        Ok(found) => found,
        Err(StoreError::InvalidCredentials) => {
            return Ok(refuse(StatusCode::UNAUTHORIZED, "login-failed"));
        }
        Err(StoreError::Throttled { .. }) => {
            return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, "login-throttled"));
        }
        Err(e) => return Err(e.into()),
    };
    let session = crate::actions::accounts::start_session(&s, &headers, &user, &ip).await?;
    let mut res = redirect_setting("/", set_cookie(&s, &session.id, ABSOLUTE_MS / 1000));
    res.headers_mut()
        .append(header::SET_COOKIE, device_cookie(&s, &device));
    Ok(res)
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// Signs out: needs the session's CSRF token from the form.
pub async fn logout(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ApiError> {
    check_origin(&headers, &s.config)?;
    if let Some((p, user)) = signed_in(&s, &headers).await? {
        check_form(&user.csrf, &form.csrf)?;
        let ip = client_ip(&headers, addr, &s.config);
        if let Some(id) = cookie(&headers, SESSION_COOKIE) {
            s.store.close_session(&id, &p.actor.label, &ip).await?;
        }
    }
    Ok(redirect_setting("/login", set_cookie(&s, "", 0)))
}

/// Whether the form was sent from a page opened over plain HTTP on a host
/// other than this machine: there a browser refuses a `Secure` cookie, so
/// a sign-in would seem to do nothing. (Browsers keep them for
/// `localhost` and `127.0.0.1`.)
fn plain_http_elsewhere(headers: &HeaderMap) -> bool {
    let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| o.strip_prefix("http://"))
    else {
        return false;
    };
    let host = match origin.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => origin.split(':').next().unwrap_or(""),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

#[cfg(test)]
mod plain_http_tests {
    use super::*;

    #[test]
    fn only_plain_http_away_from_this_machine() {
        let with = |origin: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, origin.parse().unwrap());
            plain_http_elsewhere(&h)
        };
        assert!(with("http://192.168.1.20:8080"));
        assert!(with("http://orders.example.com"));
        assert!(!with("https://orders.example.com"));
        assert!(!with("http://localhost:8080"));
        assert!(!with("http://127.0.0.1:8080"));
        assert!(!with("http://[::1]:8080"));
        assert!(!plain_http_elsewhere(&HeaderMap::new()));
    }
}
