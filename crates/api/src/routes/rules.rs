//! `/rules`: automation rules (trigger → conditions → actions), each
//! change a new version with who made it. Staff only. What fired, and
//! why, is in the automation history (`rule.fired` events).

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::rules::{NewRule, Rule, RuleVersion};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(get_rule, update_rule, delete_rule))
        .routes(routes!(rule_versions))
}

/// Every rule, by trigger and position.
#[utoipa::path(get, path = "/rules", tag = "rules",
    responses((status = 200, body = Vec<Rule>), (status = 403, body = Problem)))]
async fn list_rules(State(s): State<AppState>, p: Principal) -> Result<Json<Vec<Rule>>, ApiError> {
    p.require(Capability::ManageRules)?;
    Ok(Json(s.store.list_rules().await?))
}

/// A new rule, e.g. orders over 500 USD from Amazon go to review:
/// `{"name": "Big Amazon orders", "trigger": "order_received",
/// "conditions": [{"field": "platform", "op": "eq", "value": "amazon"},
/// {"field": "total", "op": "gt", "value": "500 USD"}],
/// "actions": [{"do": "hold", "reason": "check the buyer"}]}`. A refused
/// part is named (`conditions[1]`, `actions[0]`).
#[utoipa::path(post, path = "/rules", tag = "rules", request_body = NewRule,
    responses((status = 201, body = Rule), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_rule(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewRule>,
) -> Result<(StatusCode, Json<Rule>), ApiError> {
    p.require(Capability::ManageRules)?;
    let rule = s.store.create_rule(&p.actor, body.validate()?).await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

#[utoipa::path(get, path = "/rules/{id}", tag = "rules",
    responses((status = 200, body = Rule), (status = 404, body = Problem)))]
async fn get_rule(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Rule>, ApiError> {
    p.require(Capability::ManageRules)?;
    Ok(Json(s.store.get_rule(&id).await?))
}

/// Replaces a rule: its next version.
#[utoipa::path(put, path = "/rules/{id}", tag = "rules", request_body = NewRule,
    responses((status = 200, body = Rule), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_rule(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewRule>,
) -> Result<Json<Rule>, ApiError> {
    p.require(Capability::ManageRules)?;
    Ok(Json(
        s.store.update_rule(&p.actor, &id, body.validate()?).await?,
    ))
}

/// Removes a rule (its versions and firings stay).
#[utoipa::path(delete, path = "/rules/{id}", tag = "rules",
    responses((status = 204), (status = 404, body = Problem)))]
async fn delete_rule(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    p.require(Capability::ManageRules)?;
    s.store.delete_rule(&p.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A rule's versions, newest first: what each said, who saved it, when.
#[utoipa::path(get, path = "/rules/{id}/versions", tag = "rules",
    responses((status = 200, body = Vec<RuleVersion>), (status = 404, body = Problem)))]
async fn rule_versions(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<RuleVersion>>, ApiError> {
    p.require(Capability::ManageRules)?;
    Ok(Json(s.store.rule_versions(&id).await?))
}
