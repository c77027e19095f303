//! The cookies of a web session and of a known device.

use crate::AppState;
use crate::auth::{DEVICE_COOKIE, SESSION_COOKIE};
use axum::http::HeaderValue;

/// The `Set-Cookie` value of the device cookie: a year, like the devices
/// the store remembers.
pub(crate) fn device_cookie(s: &AppState, value: &str) -> HeaderValue {
    let secure = if s.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = orderhub_store::DEVICE_TTL_MS / 1000;
    let text =
        format!("{DEVICE_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("orderhub_device="))
}

/// The `Set-Cookie` value of the session cookie.
pub(crate) fn set_cookie(s: &AppState, value: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if s.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&text)
        .unwrap_or_else(|_| HeaderValue::from_static("orderhub_session=; Max-Age=0"))
}
