//! The review gate over HTTP: an order's checks, approvers' decisions and
//! the approval rules (`orderhub_domain::review` holds the rules of it).

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::model::Order;
use orderhub_domain::review::{ApprovalDecision, ApprovalRule, NewApprovalRule, Review};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(order_review))
        .routes(routes!(decide_approval))
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(replace_rule))
}

/// The order's review as it stands now (staff): each check — `paid`,
/// `address`, `prices`, `approval` — passed or failed with what it found,
/// and the approval rule that applies. A channel set to release at once
/// holds an order while any check fails (`hold` on the order says which);
/// an operator's release goes past failed checks, recording them, but
/// never past a missing approval.
#[utoipa::path(get, path = "/orders/{id}/review", tag = "review",
    responses((status = 200, body = Review), (status = 404, body = Problem)))]
async fn order_review(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Review>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.order_review(&id).await?))
}

/// An approver approves a pending order (it is released at once) or
/// refuses it (it is cancelled; `comment` is required and becomes the
/// reason). Only the role the rule names may decide (an admin always):
/// 403 `not_your_approval`; an order no rule waits on: 409
/// `nothing_to_approve`.
#[utoipa::path(post, path = "/orders/{id}/approval", tag = "review", request_body = ApprovalDecision,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn decide_approval(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<ApprovalDecision>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(
        s.store
            .decide_approval(&p.actor, p.role, &id, decision)
            .await?,
    ))
}

/// Every approval rule, by name (staff).
#[utoipa::path(get, path = "/approval-rules", tag = "review",
    responses((status = 200, body = Vec<ApprovalRule>)))]
async fn list_rules(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<ApprovalRule>>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.approval_rules().await?))
}

/// Adds an approval rule (admins): orders matching every condition given
/// (total at least `min_amount` in `currency`, `platform`, `customer_email`)
/// wait for the `approver`'s approval before release. Pending orders are
/// assessed again at once.
#[utoipa::path(post, path = "/approval-rules", tag = "review", request_body = NewApprovalRule,
    responses((status = 201, body = ApprovalRule), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_rule(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewApprovalRule>,
) -> Result<(StatusCode, Json<ApprovalRule>), ApiError> {
    p.require(Capability::ManageApprovals)?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.save_approval_rule(None, new).await?),
    ))
}

/// Replaces an approval rule (admins); `active: false` switches it off.
#[utoipa::path(put, path = "/approval-rules/{id}", tag = "review", request_body = NewApprovalRule,
    responses((status = 200, body = ApprovalRule), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn replace_rule(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewApprovalRule>,
) -> Result<Json<ApprovalRule>, ApiError> {
    p.require(Capability::ManageApprovals)?;
    Ok(Json(s.store.save_approval_rule(Some(&id), new).await?))
}
