//! Every refusal is an RFC 9457 `application/problem+json` body with a
//! stable `code` and, where there is one, the offending `field`. All error
//! mapping to HTTP happens in this file.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use orderhub_store::StoreError;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem document (RFC 9457) with orderhub's extensions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:orderhub:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable, machine-readable.
    pub code: ErrorCode,
    /// JSON path of the offending field, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Extra members, e.g. `current` and `allowed` for a refused transition.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub extra: Map<String, Value>,
}

/// An error on its way to becoming a problem response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Boxed: errors travel through every `Result` of the handlers.
    pub problem: Box<Problem>,
    retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error").to_owned();
        Self {
            status,
            problem: Box::new(Problem {
                kind: format!("urn:orderhub:problem:{code}"),
                title,
                status: status.as_u16(),
                detail: detail.into(),
                code,
                field: None,
                extra: Map::new(),
            }),
            retry_after: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let f: String = field.into();
        self.problem.field = (!f.is_empty()).then_some(f);
        self
    }

    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        self.problem.extra.insert(
            key.to_owned(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
        self
    }

    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The most specific code: a refusal's access rule (e.g.
    /// `supplier_task_fields`) rather than plain `forbidden`.
    pub fn reason_code(&self) -> &str {
        self.problem
            .extra
            .get("rule")
            .and_then(Value::as_str)
            .unwrap_or(self.problem.code.as_str())
    }

    pub fn unauthorized(detail: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, detail)
    }

    /// A failure of ours: `what` is logged, the caller gets the usual 500.
    pub fn failed(what: impl std::fmt::Display) -> Self {
        tracing::error!(error = %what, "internal error");
        Self::internal()
    }

    pub(crate) fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "something went wrong on our side; it has been logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.problem)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

impl From<orderhub_channels::MappingError> for ApiError {
    fn from(e: orderhub_channels::MappingError) -> Self {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidPayload,
            format!("the platform's order cannot be read: {}", e.detail),
        )
        .field(e.field)
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.detail).field(e.field)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity, id } => {
                ApiError::not_found(format!("{entity} {id} not found"))
            }
            StoreError::Invalid(v) => v.into(),
            StoreError::Transition(t) => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::InvalidTransition,
                t.to_string(),
            )
            .field("to")
            .with("current", &t.from)
            .with("requested", &t.to)
            .with("allowed", &t.allowed),
            StoreError::Forbidden(f) => f.into(),
            StoreError::InvalidCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidCredentials,
                "the e-mail or password is wrong",
            ),
            StoreError::Throttled { retry_after } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyAttempts,
                format!("too many failed logins; try again in {retry_after} seconds"),
            )
            .retry_after(u32::try_from(retry_after).unwrap_or(u32::MAX)),
            StoreError::Conflict {
                code,
                field,
                detail,
            } => ApiError::new(StatusCode::CONFLICT, code, detail).field(field.unwrap_or_default()),
            StoreError::Busy => {
                tracing::warn!("database pool timed out");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the database is busy; retry shortly",
                )
                .retry_after(1)
            }
            StoreError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the database cannot be reached; retry shortly",
                )
                .retry_after(2)
            }
            StoreError::FilesUnavailable(e) => {
                tracing::warn!(error = %e, "file store unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the file store cannot be reached; retry shortly",
                )
                .retry_after(2)
            }
            other => {
                tracing::error!(error = %other, "request failed");
                ApiError::internal()
            }
        }
    }
}

impl From<orderhub_domain::Forbidden> for ApiError {
    fn from(f: orderhub_domain::Forbidden) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, f.detail).with("rule", f.rule)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        let text = e.body_text();
        let field = text
            .split_once(": ")
            .and_then(|(_, rest)| rest.split_once(':'))
            .map(|(f, _)| f.trim().to_owned())
            .unwrap_or_default();
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidQuery, text).field(field)
    }
}

/// Turns a serde error at `path` into the right problem.
pub fn json_data_error(path: String, message: &str) -> ApiError {
    // serde_path_to_error's path ends at the unknown field itself, but at
    // the parent of a missing one.
    let (code, field) = if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        (
            ErrorCode::UnknownField,
            if path.is_empty() {
                name.to_owned()
            } else {
                path
            },
        )
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        (ErrorCode::MissingField, join_path(&path, name))
    } else if message.starts_with("unknown variant") {
        (ErrorCode::InvalidValue, path)
    } else {
        (ErrorCode::InvalidType, path)
    };
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message.to_owned()).field(field)
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Outermost middleware: any error response that is not yet a problem
/// document (axum's 405, the timeout's 503, …) becomes one, so clients can
/// rely on problem+json for every refusal.
pub async fn ensure_problem(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    // Web pages show their refusals as pages.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem || is_page {
        return res;
    }
    let (code, detail) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this route does not take that method; see /api/docs",
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Unavailable,
            "the request took too long; retry shortly",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "the body is larger than this endpoint takes (2 MiB; a product upload 64 MB, a picture on the web 8 MB)",
        ),
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such route; see /api/docs"),
        _ => (
            ErrorCode::HttpError,
            status.canonical_reason().unwrap_or("request refused"),
        ),
    };
    let mut problem = ApiError::new(status, code, detail);
    if let Some(allow) = res.headers().get(header::ALLOW).cloned() {
        let mut out = problem.into_response();
        out.headers_mut().insert(header::ALLOW, allow);
        return out;
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        problem = problem.retry_after(1);
    }
    problem.into_response()
}
