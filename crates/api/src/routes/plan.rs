//! Production plans (`/plan`): each supplier's booked units against its
//! capacity, day by day or week by week; the tasks booked on the next
//! days; and a task moved to another day. Staff see every supplier; a
//! supplier its own.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use orderhub_domain::Capability;
use orderhub_domain::capacity::{Plan, PlanView, PlannedTask};
use orderhub_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(plan))
        .routes(routes!(planned_tasks))
        .routes(routes!(replan))
}

/// `?view=week&from=2026-12-07&supplier=…`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// `day` (3 days), `week` (21 days, the default) or `quarter` (13
    /// weeks, week by week).
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    #[param(inline)]
    pub view: Option<PlanView>,
    /// The first day, `YYYY-MM-DD` (default today, UTC).
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub from: Option<String>,
    /// One supplier (staff); a supplier always sees its own.
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub supplier: Option<String>,
}

impl PlanQuery {
    /// The view, its first and last day, and days per column.
    pub fn read(&self) -> Result<(PlanView, i64, i64, i64), ApiError> {
        let view = self.view.unwrap_or(PlanView::Week);
        let from = match &self.from {
            Some(f) => orderhub_domain::stats::day(orderhub_domain::validate::date("from", f)?),
            None => Store::today(),
        };
        let (days, span) = view.days_and_span();
        Ok((view, from, from + days - 1, span))
    }
}

/// Booked units against capacity per supplier and category, per day (or
/// per week in the `quarter` view). A day whose bookings exceed capacity
/// is overloaded; a day off has capacity 0.
#[utoipa::path(get, path = "/plan", tag = "plan", params(PlanQuery),
    responses((status = 200, body = Plan), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn plan(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<Plan>, ApiError> {
    p.require(Capability::PlanCapacity)?;
    let (_, from, to, span) = q.read()?;
    let plan = s
        .store
        .plan(&p.scope, q.supplier.as_deref(), from, to, span)
        .await?;
    Ok(Json(plan))
}

/// The tasks a supplier has booked on the days of the view, day by day,
/// most urgent first (`supplier` is required of staff).
#[utoipa::path(get, path = "/plan/tasks", tag = "plan", params(PlanQuery),
    responses((status = 200, body = Vec<PlannedTask>), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn planned_tasks(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<Vec<PlannedTask>>, ApiError> {
    p.require(Capability::PlanCapacity)?;
    let (_, from, to, _) = q.read()?;
    // a supplier asking for another's is refused by the store (404)
    let supplier = match (&p.scope, &q.supplier) {
        (_, Some(s)) => s.clone(),
        (orderhub_domain::Scope::Supplier(own), None) => own.clone(),
        (_, None) => {
            return Err(orderhub_domain::ValidationError::new(
                "supplier",
                orderhub_domain::ErrorCode::Required,
                "name the supplier whose tasks to list",
            )
            .into());
        }
    };
    let tasks = s.store.planned_tasks(&p.scope, &supplier, from, to).await?;
    Ok(Json(tasks))
}

/// `PUT /tasks/{id}/plan`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Replan {
    /// The working day to start from, `YYYY-MM-DD` on the supplier's clock.
    start: String,
}

/// The days a task is booked on.
#[derive(Debug, Serialize, ToSchema)]
struct Booked {
    /// `(day, units)`, in order.
    days: Vec<BookedDay>,
}

#[derive(Debug, Serialize, ToSchema)]
struct BookedDay {
    #[schema(format = Date)]
    day: String,
    units: i64,
}

/// Moves a task's plan: its units are booked again from `start` into the
/// supplier's days with room (its due date stays). Refused on a day off
/// (`day_off`), in the past (`out_of_range`), without room within a year
/// (`no_room`) or once the task is made (`task_not_open`).
#[utoipa::path(put, path = "/tasks/{id}/plan", tag = "plan", request_body = Replan,
    responses((status = 200, body = Booked), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn replan(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Replan>,
) -> Result<Json<Booked>, ApiError> {
    p.require(Capability::PlanCapacity)?;
    let start = orderhub_domain::stats::day(orderhub_domain::validate::date("start", &body.start)?);
    let days = s.store.replan_task(&p.actor, &p.scope, &id, start).await?;
    Ok(Json(Booked {
        days: days
            .into_iter()
            .map(|(d, units)| BookedDay {
                day: orderhub_domain::stats::iso(d),
                units,
            })
            .collect(),
    }))
}
