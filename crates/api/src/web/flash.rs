//! Flash messages: what the last action did, shown once on the page a form
//! redirects to. Every form that changes something answers 303 See Other
//! (post/redirect/get), so a reload never repeats it; the flash carries
//! the outcome across that redirect, and on a refusal also what the user
//! typed, so the form can be filled again.
//!
//! It travels in a short-lived cookie rather than a table: no write per
//! page view, and it follows the browser to whichever instance answers
//! the redirect. The cookie is signed with the session's CSRF secret, so
//! another site (or another session) cannot plant a message.

use super::Layout;
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_channels::signature;
use std::collections::BTreeMap;

/// The cookie's name.
const COOKIE: &str = "orderhub_flash";
/// A flash lives this long if never shown (a redirect is followed at once).
const MAX_AGE_SECS: u32 = 120;
/// Longest typed value carried back; longer ones are not kept.
const MAX_VALUE: usize = 500;
/// Most bytes of message and values together (the cookie is hex, twice
/// this, under the 4 KB browsers keep).
const MAX_BYTES: usize = 1_600;

/// How a flash reads: done, refused, or done with something to look at.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// The action was done.
    Done,
    /// Nothing was changed: the reason is the text.
    Refused,
    /// Done, but it did not achieve what was wanted (retry routed nothing).
    Warning,
}

/// One action's outcome, for the next page.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct Flash {
    pub tone: Tone,
    pub text: String,
    /// The field a refusal is about (empty: the whole form).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// Which form the values belong to (a task's id on the board, where
    /// many forms share field names).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub form: String,
    /// A value shown this once beside the text, to copy (a new signing
    /// secret); the signed cookie is cleared as the page shows it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub once: String,
    /// What the user typed, to fill the form again after a refusal.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
}

impl Flash {
    pub fn done(text: impl Into<String>) -> Self {
        Self::new(Tone::Done, text)
    }

    pub fn refused(text: impl Into<String>) -> Self {
        Self::new(Tone::Refused, text)
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Self::new(Tone::Warning, text)
    }

    fn new(tone: Tone, text: impl Into<String>) -> Self {
        Self {
            tone,
            text: text.into(),
            field: String::new(),
            form: String::new(),
            once: String::new(),
            values: BTreeMap::new(),
        }
    }

    pub fn once(mut self, value: impl Into<String>) -> Self {
        self.once = value.into();
        self
    }

    /// Keeps what was typed in `form`'s fields (secrets and tokens are
    /// never passed here).
    pub fn keeping<'a>(
        mut self,
        form: &str,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        self.form = form.to_owned();
        for (k, v) in values {
            if !v.is_empty() && v.len() <= MAX_VALUE {
                self.values.insert(k.to_owned(), v.to_owned());
            }
        }
        self
    }

    pub fn about(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// The CSS class and ARIA role of the message.
    pub fn class(&self) -> &'static str {
        match self.tone {
            Tone::Done => "flash done",
            Tone::Refused => "flash refused",
            Tone::Warning => "flash warning",
        }
    }

    pub fn role(&self) -> &'static str {
        match self.tone {
            Tone::Done => "status",
            _ => "alert",
        }
    }

    /// What was typed in `field` of `form`, when this flash kept it.
    pub fn value(&self, form: &str, field: &str) -> &str {
        match self.form == form {
            true => self.values.get(field).map(String::as_str).unwrap_or(""),
            false => "",
        }
    }

    /// The cookie's value: hex JSON, a dot, the signature under `key`.
    fn seal(mut self, key: &str) -> String {
        let mut json = serde_json::to_vec(&self).unwrap_or_default();
        if json.len() > MAX_BYTES {
            self.values.clear();
            self.text = self.text.chars().take(MAX_BYTES / 4).collect();
            json = serde_json::to_vec(&self).unwrap_or_default();
        }
        let mac = hex::encode(signature::sign(key.as_bytes(), &json));
        format!("{}.{mac}", hex::encode(&json))
    }

    /// The flash in `value` when it was sealed under `key`.
    fn open(value: &str, key: &str) -> Option<Self> {
        let (body, mac) = value.split_once('.')?;
        let json = hex::decode(body).ok()?;
        let mac = String::from_utf8(hex::decode(mac).ok()?).ok()?;
        if key.is_empty() || !signature::verify(key.as_bytes(), &json, &mac) {
            return None;
        }
        serde_json::from_slice(&json).ok()
    }
}

/// The flash this request carries for the session whose CSRF secret is
/// `key`, if any.
pub(super) fn read(headers: &HeaderMap, key: &str) -> Option<Flash> {
    crate::auth::cookie(headers, COOKIE).and_then(|v| Flash::open(&v, key))
}

/// 303 See Other to `to`, carrying `flash` for the next page.
pub(crate) fn redirect(s: &AppState, layout: &Layout, to: &str, flash: Flash) -> Response {
    redirect_for(s, &layout.csrf(), to, flash)
}

/// [`redirect`] for the session whose CSRF secret is `key` (a session
/// just opened, as after a password change).
pub(crate) fn redirect_for(s: &AppState, key: &str, to: &str, flash: Flash) -> Response {
    let mut res = Redirect::to(to).into_response();
    let value = flash.seal(key);
    let secure = if s.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text =
        format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={MAX_AGE_SECS}{secure}");
    if let Ok(v) = HeaderValue::from_str(&text) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// Clears a flash once a page has shown it: any full page (not an htmx
/// fragment, not a redirect that may set a new one) answered to a request
/// that carried one.
pub(super) async fn clear_shown(req: Request, next: Next) -> Response {
    let carried = crate::auth::cookie(req.headers(), COOKIE).is_some();
    let fragment = req.headers().contains_key("hx-request");
    let mut res = next.run(req).await;
    if carried && !fragment && !res.status().is_redirection() {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("orderhub_flash=; Path=/; Max-Age=0"),
        );
    }
    res
}

/// Where a form post goes next — always a 303, so a reload never repeats
/// it: `back` with a flash saying what was done (`done`) or, when refused,
/// why in the user's language, keeping what was typed (`typed`); a server
/// failure stays an error.
pub(crate) fn back_to<T, E: Into<ApiError>>(
    s: &AppState,
    layout: &Layout,
    back: &str,
    result: Result<T, E>,
    done: impl FnOnce(&T) -> Flash,
    typed: impl FnOnce(Flash) -> Flash,
) -> Result<Response, ApiError> {
    let flash = match result.map_err(Into::into) {
        Ok(v) => done(&v),
        Err(e) if e.status.is_server_error() => return Err(e),
        Err(e) => typed(refused(layout, &e)),
    };
    Ok(redirect(s, layout, back, flash))
}

/// Back to `back` with a form value refused before anything was asked of
/// the store (a choice that is none of the form's choices).
pub(crate) fn refuse_value(
    s: &AppState,
    layout: &Layout,
    back: &str,
    field: &'static str,
    code: orderhub_domain::ErrorCode,
) -> Response {
    let e = ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        code,
        "not one of the choices",
    )
    .field(field);
    redirect(s, layout, back, refused(layout, &e))
}

/// A refusal as a flash: the reason in the user's language, about its field.
pub(crate) fn refused(layout: &Layout, e: &ApiError) -> Flash {
    let (field, text) = super::catalog::message(layout.lang, e);
    Flash::refused(format!("{}: {text}", layout.t("error-refused"))).about(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_opens_only_under_its_sessions_key() {
        let sealed = Flash::refused("Tracking number is missing")
            .about("tracking_number")
            .keeping("t-1", [("carrier", "UPS"), ("tracking_number", "")])
            .seal("csrf-a");
        let open = Flash::open(&sealed, "csrf-a").expect("opens");
        assert_eq!(open.tone, Tone::Refused);
        assert_eq!(open.value("t-1", "carrier"), "UPS");
        assert_eq!(open.value("t-2", "carrier"), "", "another form's value");
        assert!(!open.values.contains_key("tracking_number"), "empty kept");
        assert!(Flash::open(&sealed, "csrf-b").is_none(), "other session");
        assert!(Flash::open(&sealed, "").is_none(), "no session");
        let (body, mac) = sealed.split_once('.').unwrap();
        let forged = hex::encode(br#"{"tone":"done","text":"Visit evil.example"}"#);
        assert!(Flash::open(&format!("{forged}.{mac}"), "csrf-a").is_none());
        assert!(Flash::open(body, "csrf-a").is_none(), "unsigned");
    }

    #[test]
    fn a_flash_too_big_for_a_cookie_drops_what_was_typed() {
        let big = "x".repeat(MAX_VALUE);
        let values: Vec<(String, String)> =
            (0..20).map(|i| (format!("f{i}"), big.clone())).collect();
        let sealed = Flash::refused("no")
            .keeping("f", values.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .seal("k");
        assert!(sealed.len() < 4_000, "{}", sealed.len());
        assert!(Flash::open(&sealed, "k").unwrap().values.is_empty());
    }
}
