//! The signed-in user's own account: name, default language, time zone,
//! password, and their sessions with "sign out everywhere else". A
//! language picked from the menu is that browser's choice; the one saved
//! here is the default on every other browser.

use super::flash::{self, Flash};
use super::zone::Zone;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::auth::{SESSION_COOKIE, client_ip, cookie};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::PasswordChange;
use orderhub_store::SessionInfo;
use std::net::SocketAddr;

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    layout: Layout,
    email: String,
    role: &'static str,
    form: PreferencesForm,
    zones: Vec<String>,
    sessions: Vec<SessionRow>,
    /// A refusal: (field, why).
    error: Option<(String, String)>,
}

impl AccountPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

/// One session as the list shows it.
pub struct SessionRow {
    started: String,
    last_seen: String,
    browser: String,
    ip: String,
    current: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct PreferencesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    display_name: String,
    /// `en`, `zh-CN`, or empty: the browser's.
    #[serde(default)]
    language: String,
    /// An IANA zone, or empty: the browser's.
    #[serde(default)]
    time_zone: String,
}

/// The page, with the form as stored or as typed.
async fn page(
    s: &AppState,
    p: &crate::auth::Principal,
    headers: &HeaderMap,
    layout: Layout,
    form: Option<PreferencesForm>,
    error: Option<(String, String)>,
) -> Result<Response, ApiError> {
    let Some(user) = p.user.clone() else {
        return Ok(super::not_found(layout));
    };
    let current = cookie(headers, SESSION_COOKIE).unwrap_or_default();
    let sessions = s.store.list_sessions(&user.id, &current).await?;
    let form = form.unwrap_or(PreferencesForm {
        csrf: String::new(),
        display_name: user.display_name.clone(),
        language: user.language.clone().unwrap_or_default(),
        time_zone: user.time_zone.clone().unwrap_or_default(),
    });
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = AccountPage {
        email: user.email.clone(),
        role: layout.t(&format!("role-{}", user.role.as_str())),
        form,
        zones: Zone::names(),
        sessions: sessions.iter().map(|x| session_row(&layout, x)).collect(),
        error,
        layout,
    };
    Ok((status, page).into_response())
}

fn session_row(layout: &Layout, x: &SessionInfo) -> SessionRow {
    SessionRow {
        started: layout.zone.show(x.created_at),
        last_seen: layout.zone.show(x.last_seen_at),
        browser: browser_name(&x.user_agent),
        ip: x.ip.clone(),
        current: x.current,
    }
}

/// A browser's name and system from its User-Agent, enough to tell
/// sessions apart ("Chrome on Android"); the raw string when unknown.
fn browser_name(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("MicroMessenger", "WeChat"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(k, _)| agent.contains(k))
    .map(|(_, n)| *n);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| agent.contains(k))
    .map(|(_, n)| *n);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => agent.chars().take(60).collect(),
    }
}

pub async fn account(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    page(&s, &p, &headers, layout, None, None).await
}

/// Saves name, default language and time zone. This browser's own
/// language choice is cleared, so the saved default shows here at once.
pub async fn save_preferences(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<PreferencesForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(user) = p.user.clone() else {
        return Ok(super::not_found(layout));
    };
    let zone = match form.time_zone.trim() {
        "" => None,
        name => match Zone::named(name) {
            Some(z) => Some(z.name().to_owned()),
            None => {
                let error = (
                    "time_zone".to_owned(),
                    layout.t("account-no_such_zone").to_owned(),
                );
                return page(&s, &p, &headers, layout, Some(form), Some(error)).await;
            }
        },
    };
    let language = super::i18n::Lang::parse(&form.language).map(|l| l.code());
    let saved = s
        .store
        .set_preferences(&user.id, &form.display_name, language, zone.as_deref())
        .await;
    match saved {
        Ok(_) => {
            let done = Flash::done(layout.t("account-saved"));
            let mut res = flash::redirect(&s, &layout, "/account", done);
            res.headers_mut().append(
                header::SET_COOKIE,
                HeaderValue::from_static("lang=; Path=/; Max-Age=0"),
            );
            Ok(res)
        }
        Err(e) => {
            let (_, error) = super::catalog::refusal(layout.lang, e)?;
            page(&s, &p, &headers, layout, Some(form), Some(error)).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// Changes the password: every other session ends, this browser gets a
/// new one. A refusal comes back beside its field (passwords are never
/// put back in the form).
pub async fn change_password(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<PasswordForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let ip = client_ip(&headers, addr, &s.config);
    let req = PasswordChange {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    match crate::actions::accounts::change_password(&s, &p, &ip, &headers, req).await {
        Ok((_, session)) => {
            let done = Flash::done(layout.t("account-password_changed"));
            // the flash is sealed for the new session, which reads it
            let mut res = flash::redirect_for(&s, &session.csrf_token, "/account", done);
            let cookie = crate::actions::cookies::set_cookie(
                &s,
                &session.id,
                orderhub_store::ABSOLUTE_MS / 1000,
            );
            res.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(res)
        }
        Err(e) if e.status.is_server_error() => Err(e),
        Err(e) => {
            let error = super::catalog::message(layout.lang, &e);
            page(&s, &p, &headers, layout, None, Some(error)).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    pub(super) csrf: String,
}

/// Signs the account out of every other browser and device.
pub async fn end_other_sessions(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let (Some(user), Some(current)) = (p.user.as_ref(), cookie(&headers, SESSION_COOKIE)) else {
        return Ok(super::not_found(layout));
    };
    let ended = s.store.close_other_sessions(&user.id, &current).await?;
    let done = layout
        .lang
        .fill("account-ended_others", &[("count", ended.into())]);
    Ok(flash::redirect(&s, &layout, "/account", Flash::done(done)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sessions_are_told_apart_by_browser_and_system() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        assert_eq!(super::browser_name(android), "Chrome · Android");
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
        assert_eq!(super::browser_name(mac), "Safari · macOS");
        let wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47";
        assert_eq!(super::browser_name(wechat), "WeChat · iPhone");
        assert_eq!(super::browser_name(""), "");
    }
}
