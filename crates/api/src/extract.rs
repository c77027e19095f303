//! Request extractors that answer bad input with problems.

use crate::problem::{ApiError, json_data_error};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header};
use orderhub_domain::ErrorCode;
use serde::de::DeserializeOwned;

/// A JSON body. Refuses a missing content type (415), malformed JSON (400),
/// and wrong types, missing or unknown fields (422, naming the field).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("application/json")
                    || v.to_ascii_lowercase().ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::new(
                e.status(),
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ErrorCode::PayloadTooLarge
                } else {
                    ErrorCode::UnreadableBody
                },
                e.body_text(),
            )
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses JSON with the path of the first offending field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let malformed = |e: serde_json::Error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {e}"),
        )
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => json_data_error(
                if path == "." { String::new() } else { path },
                &inner.to_string(),
            ),
            _ => malformed(inner),
        }
    })?;
    de.end().map_err(malformed)?;
    Ok(value)
}

/// Query string parameters, refused as a 400 problem when malformed.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// For query parameters: an empty value (`?status=`, as HTML forms send)
/// means the parameter is absent.
pub fn empty_as_none<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    match Option::<String>::deserialize(de)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => T::deserialize(s.into_deserializer()).map(Some),
    }
}

/// Like [`empty_as_none`], for numbers (query strings carry them as text).
pub fn empty_as_none_num<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    use serde::Deserialize;
    match Option::<String>::deserialize(de)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// Refuses a path or query carrying control characters (raw or
/// percent-encoded, e.g. `%00`): no id, filter or cursor has them, and
/// PostgreSQL refuses NUL in text.
pub async fn refuse_control_characters(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, ApiError> {
    let uri = req.uri();
    let raw = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    if percent_decoded(raw).any(|b| b < 0x20 || b == 0x7f) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidCharacters,
            "the URL contains control characters",
        ));
    }
    Ok(next.run(req).await)
}

/// The bytes of `s` with `%XX` escapes decoded.
fn percent_decoded(s: &str) -> impl Iterator<Item = u8> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let b = *bytes.get(i)?;
        let hex = |c: u8| (c as char).to_digit(16);
        let digit = |at: usize| bytes.get(at).and_then(|c| hex(*c));
        if let (b'%', Some(h), Some(l)) = (b, digit(i + 1), digit(i + 2)) {
            i += 3;
            return Some(u8::try_from(h * 16 + l).unwrap_or(0));
        }
        i += 1;
        Some(b)
    })
}
