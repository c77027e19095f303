//! `/tasks`: supplier work.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use orderhub_domain::Capability;
use orderhub_domain::TaskStatus;
use orderhub_domain::amend::AmendmentDecision;
use orderhub_domain::model::{Order, Page, Reassignment, Task, TaskPatch, TaskTransition};
use orderhub_store::TaskFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tasks))
        .routes(routes!(export_tasks))
        .routes(routes!(get_task, update_task))
        .routes(routes!(transition_task))
        .routes(routes!(decide_amendment))
        .routes(routes!(keep_refused))
        .routes(routes!(confirm_share))
        .routes(routes!(reassign_task))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TaskQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    status: Option<TaskStatus>,
    #[serde(default, deserialize_with = "empty_as_none")]
    supplier_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    order_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    category_id: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// Tasks, newest first, keyset-paginated.
#[utoipa::path(get, path = "/tasks", tag = "tasks", params(TaskQuery),
    responses((status = 200, body = Page<Task>), (status = 400, body = Problem)))]
async fn list_tasks(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> Result<Json<Page<Task>>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(s.store.list_tasks(&q.filter()?, &p.scope).await?))
}

impl TaskQuery {
    fn filter(self) -> Result<TaskFilter, ApiError> {
        Ok(TaskFilter {
            status: self.status,
            supplier_id: self.supplier_id,
            order_id: self.order_id,
            category_id: self.category_id,
            limit: page_limit(self.limit)?,
            cursor: self.cursor,
        })
    }
}

/// The tasks the same filters find (all pages, up to 100,000; see
/// `Orderhub-Export-Truncated`), as CSV (UTF-8 with a BOM) or XLSX. A
/// supplier exports its own tasks.
#[utoipa::path(get, path = "/tasks/export/{format}", tag = "tasks",
    params(("format" = inline(crate::export::Format), Path, description = "`csv` or `xlsx`"), TaskQuery),
    responses((status = 200, description = "the file",
                content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn export_tasks(
    State(s): State<AppState>,
    p: Principal,
    Path(format): Path<crate::export::Format>,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> Result<axum::response::Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    crate::export::tasks(&s, &p, q.filter()?)
        .await?
        .into_response(format)
}

#[utoipa::path(get, path = "/tasks/{id}", tag = "tasks",
    responses((status = 200, body = Task), (status = 404, body = Problem)))]
async fn get_task(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(s.store.get_task(&id, &p.scope).await?))
}

/// Edits production times, due date, carrier, tracking number and note;
/// `""` clears a text field.
#[utoipa::path(patch, path = "/tasks/{id}", tag = "tasks", request_body = TaskPatch,
    responses((status = 200, body = Task), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_task(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<TaskPatch>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(
        s.store.update_task(&p.actor, &p.scope, &id, patch).await?,
    ))
}

/// Moves a task along its lifecycle. `rejected` needs a `reason` and hands
/// the line to the next supplier; `shipped` needs `carrier` and
/// `tracking_number`. The order follows its tasks.
#[utoipa::path(post, path = "/tasks/{id}/transitions", tag = "tasks", request_body = TaskTransition,
    responses((status = 200, body = Task), (status = 404, body = Problem),
              (status = 409, body = Problem, description = "not allowed from the current state"),
              (status = 422, body = Problem, description = "reason, carrier or tracking number missing")))]
async fn transition_task(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<TaskTransition>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(
        s.store
            .transition_task(&p.actor, &p.scope, &id, req)
            .await?,
    ))
}

/// The task's supplier (or an operator for it) answers a change of its
/// line made after it accepted the task (`amendment` on the task):
/// `accept` applies it (a removed line's task is cancelled), `refuse`
/// (with a `reason`) keeps the task as it was and flags the order for the
/// operator. Until it answers, the task cannot go into production or
/// further (409 `amendment_pending`). No change waiting: 409 `no_amendment`.
#[utoipa::path(post, path = "/tasks/{id}/amendment", tag = "tasks", request_body = AmendmentDecision,
    responses((status = 200, body = Task), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn decide_amendment(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<AmendmentDecision>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(
        s.store
            .decide_amendment(&p.actor, &p.scope, &id, decision)
            .await?,
    ))
}

/// Staff settle a change the task's supplier refused by keeping the task
/// as the supplier has it (the line stays as it was): the order's
/// `amendment_refused` attention goes away. Only the task's latest
/// change, and only a refused one: 409 `no_amendment` otherwise. Answers
/// with the order.
#[utoipa::path(post, path = "/tasks/{id}/amendments/{amendment_id}/keep", tag = "tasks",
    params(("id" = String, Path), ("amendment_id" = String, Path)),
    responses((status = 200, body = Order), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn keep_refused(
    State(s): State<AppState>,
    p: Principal,
    Path((id, amendment_id)): Path<(String, String)>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(
        s.store.keep_refused(&p.actor, &id, &amendment_id).await?,
    ))
}

/// A supplier confirms its share of an order (its child purchase order,
/// `supplier_orders` on the order) as a whole: every line of it still
/// `assigned` is accepted, in one go — all or none. A supplier confirms
/// only its own (another's is 404); staff may for any. Nothing waiting:
/// 409 `nothing_to_confirm`. Lines one by one: each task's transition.
#[utoipa::path(post, path = "/orders/{id}/suppliers/{supplier_id}/confirm", tag = "tasks",
    params(("id" = String, Path), ("supplier_id" = String, Path)),
    responses((status = 200, body = Order), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn confirm_share(
    State(s): State<AppState>,
    p: Principal,
    Path((id, supplier_id)): Path<(String, String)>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(
        s.store
            .confirm_share(&p.actor, &p.scope, &id, &supplier_id)
            .await?,
    ))
}

/// An operator gives the task's line to another supplier: the task is
/// cancelled and a new one is routed to `supplier_id` (which must serve
/// the category, be active and not have rejected the line). The rotation
/// does not move. Answers with the new task.
#[utoipa::path(post, path = "/tasks/{id}/reassign", tag = "tasks", request_body = Reassignment,
    responses((status = 200, body = Task, description = "the new task"), (status = 403, body = Problem),
              (status = 404, body = Problem),
              (status = 409, body = Problem, description = "the task can no longer be cancelled"),
              (status = 422, body = Problem, description = "the supplier cannot take it")))]
async fn reassign_task(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Reassignment>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(
        s.store
            .reassign_task(&p.actor, &id, &req.supplier_id, req.reason)
            .await?,
    ))
}
