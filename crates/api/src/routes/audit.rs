//! `/audit`: the security log (admins only).

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use orderhub_domain::Capability;
use orderhub_domain::model::{AuditEvent, Page};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// e.g. `login_failed`.
    #[serde(default, deserialize_with = "empty_as_none")]
    kind: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// Security events, newest first: logins, failed and throttled logins,
/// logouts, password changes, users created, role changes, tokens created
/// and revoked.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEvent>), (status = 403, body = Problem)))]
async fn list_audit(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Page<AuditEvent>>, ApiError> {
    p.require(Capability::ReadAudit)?;
    let limit = page_limit(q.limit)?;
    Ok(Json(
        s.store
            .list_audit(q.kind.as_deref(), limit, q.cursor.as_deref())
            .await?,
    ))
}
