//! `/orders`: intake, reading, listing, transitions, timeline.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::OrderStatus;
use orderhub_domain::model::{
    Event, NewOrder, NewPayment, Order, OrderPatch, OrderTransition, Page, Payment, Sort,
};
use orderhub_domain::review::Awaiting;
use orderhub_domain::validate;
use orderhub_store::OrderFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders, create_order))
        .routes(routes!(get_order, edit_order, delete_order))
        .routes(routes!(export_orders))
        .routes(routes!(transition_order))
        .routes(routes!(order_events))
        .routes(routes!(list_payments, record_payment))
}

/// Takes an order in: 201 when new, 200 with the stored order when the
/// same (platform, external_number) was received before. With
/// `status: purchasing` it is released at once: every line becomes a task
/// or gets a reason, in the same transaction.
#[utoipa::path(post, path = "/orders", tag = "orders", request_body = NewOrder,
    params(("Idempotency-Key" = Option<String>, Header, description = "replays the first response for 24 hours")),
    responses((status = 201, body = Order, description = "created"),
              (status = 200, body = Order, description = "already received; nothing changed"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn create_order(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewOrder>,
) -> Result<(StatusCode, HeaderMap, Json<Order>), ApiError> {
    p.require(Capability::ManageOrders)?;
    let (order, created) = s.store.create_order(&p.actor, new).await?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/orders/{}", order.id)) {
        headers.insert(header::LOCATION, v);
    }
    if created {
        crate::metrics::orders_created(&order.platform, crate::metrics::Intake::Api, 1);
        Ok((StatusCode::CREATED, headers, Json(order)))
    } else {
        Ok((StatusCode::OK, headers, Json(order)))
    }
}

/// One order with its lines and tasks.
#[utoipa::path(get, path = "/orders/{id}", tag = "orders",
    responses((status = 200, body = Order), (status = 404, body = Problem)))]
async fn get_order(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ReadOrders)?;
    Ok(Json(s.store.get_order(&id, &p.scope).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct OrderQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    status: Option<OrderStatus>,
    #[serde(default, deserialize_with = "empty_as_none")]
    platform: Option<String>,
    /// Orders with a line classified into this category (at release).
    #[serde(default, deserialize_with = "empty_as_none")]
    category_id: Option<String>,
    /// Orders with a task for this supplier.
    #[serde(default, deserialize_with = "empty_as_none")]
    supplier_id: Option<String>,
    /// Received on or after this day (UTC), `YYYY-MM-DD`.
    #[param(format = Date)]
    #[serde(default, deserialize_with = "empty_as_none")]
    from: Option<String>,
    /// Received on or before this day (UTC), `YYYY-MM-DD`.
    #[param(format = Date)]
    #[serde(default, deserialize_with = "empty_as_none")]
    to: Option<String>,
    /// `held`: pending orders whose release by policy waits on the review;
    /// `approval`: pending orders waiting for an approver (staff only).
    #[param(inline)]
    #[serde(default, deserialize_with = "empty_as_none")]
    awaiting: Option<Awaiting>,
    /// `newest` (default) or `oldest` received first.
    #[param(inline)]
    #[serde(default, deserialize_with = "empty_as_none")]
    sort: Option<Sort>,
    /// Searches order number, customer and product titles (any case); an
    /// exact order number finds that order through its index.
    #[serde(default, deserialize_with = "empty_as_none")]
    q: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// Orders, newest received first (or oldest), keyset-paginated.
#[utoipa::path(get, path = "/orders", tag = "orders", params(OrderQuery),
    responses((status = 200, body = Page<Order>), (status = 400, body = Problem)))]
async fn list_orders(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> Result<Json<Page<Order>>, ApiError> {
    p.require(Capability::ReadOrders)?;
    // from the replica, when there is one: a list may be a moment behind
    let reports = s.store.for_reports();
    Ok(Json(reports.list_orders(&q.filter()?, &p.scope).await?))
}

impl OrderQuery {
    fn filter(self) -> Result<OrderFilter, ApiError> {
        let date = |field, v: Option<String>| v.map(|v| validate::date(field, &v)).transpose();
        Ok(OrderFilter {
            status: self.status,
            platform: self.platform,
            category_id: self.category_id,
            supplier_id: self.supplier_id,
            received_from: date("from", self.from)?,
            received_to: date("to", self.to)?,
            awaiting: self.awaiting,
            sort: self.sort.unwrap_or_default(),
            q: self.q,
            limit: page_limit(self.limit)?,
            cursor: self.cursor,
        })
    }
}

/// The orders the same filters find (all pages, up to 100,000; the
/// `Orderhub-Export-Truncated: true` header says when there were more), as
/// CSV (UTF-8 with a BOM) or XLSX. Suppliers get their orders without
/// prices or customer e-mail, as in the list.
#[utoipa::path(get, path = "/orders/export/{format}", tag = "orders",
    params(("format" = inline(crate::export::Format), Path, description = "`csv` or `xlsx`"), OrderQuery),
    responses((status = 200, description = "the file",
                content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn export_orders(
    State(s): State<AppState>,
    p: Principal,
    Path(format): Path<crate::export::Format>,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadOrders)?;
    crate::export::orders(&s, &p, q.filter()?)
        .await?
        .into_response(format)
}

/// Moves an order: `purchasing` releases it (or retries routing after
/// `needs_attention`), `cancelled` cancels it and its open tasks. Other
/// moves happen by themselves as tasks progress; a refused move answers
/// 409 with the current state and the allowed ones.
#[utoipa::path(post, path = "/orders/{id}/transitions", tag = "orders", request_body = OrderTransition,
    responses((status = 200, body = Order), (status = 404, body = Problem),
              (status = 409, body = Problem, description = "not allowed from the current state")))]
async fn transition_order(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<OrderTransition>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.transition_order(&p.actor, &id, req).await?))
}

/// The order's timeline: its events and its tasks' events, oldest first,
/// including every routing decision with its strategy and candidates.
#[utoipa::path(get, path = "/orders/{id}/events", tag = "orders",
    responses((status = 200, body = Vec<Event>), (status = 404, body = Problem)))]
async fn order_events(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Event>>, ApiError> {
    p.require(Capability::ReadOrders)?;
    Ok(Json(s.store.order_events(&id, &p.scope).await?))
}

/// Records a payment or a refund (a bank transfer, a cheque, cash on
/// delivery) and sets the order's payment state from what is recorded:
/// `paid` once the total is covered, `partially_refunded` / `refunded`
/// after refunds. A payment past the order's total answers 422
/// `payment_exceeds_total`, a refund past what was received 422
/// `refund_exceeds_paid`; nothing is written then.
#[utoipa::path(post, path = "/orders/{id}/payments", tag = "orders", request_body = NewPayment,
    responses((status = 201, body = Order, description = "recorded; the order with its payment state"),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn record_payment(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewPayment>,
) -> Result<(StatusCode, Json<Order>), ApiError> {
    p.require(Capability::ManageOrders)?;
    let order = s.store.record_payment(&p.actor, &id, new).await?;
    Ok((StatusCode::CREATED, Json(order)))
}

/// The payments and refunds recorded on the order, oldest first (staff).
#[utoipa::path(get, path = "/orders/{id}/payments", tag = "orders",
    responses((status = 200, body = Vec<Payment>), (status = 404, body = Problem)))]
async fn list_payments(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Payment>>, ApiError> {
    p.require(Capability::ManageOrders)?;
    s.store.get_order(&id, &p.scope).await?;
    Ok(Json(s.store.payments(&id).await?))
}

/// Deletes an order that never reached a supplier (no task ever made, no
/// money recorded, not from a channel); otherwise 409 `order_released`,
/// `order_has_payments` or `channel_order`: cancel it instead.
#[utoipa::path(delete, path = "/orders/{id}", tag = "orders",
    responses((status = 204, description = "deleted"), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn delete_order(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    p.require(Capability::ManageOrders)?;
    s.store.delete_order(&p.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes an order: its buyer, address, note, total and lines while it
/// is open. Send the `version` you read: if the order
/// changed since (another person, a marketplace update), 409
/// `version_conflict` names the current one and nothing is written. Lines
/// of a released order change as their tasks allow: a line whose task is
/// still `assigned` changes (the task too) or goes (its task cancelled);
/// one whose supplier accepted it is put to the supplier as an amendment
/// (`amendment` on the task) it accepts or refuses; a shipped line: 409
/// `line_shipped`; a new line after shipping: 409 `order_shipped`. A
/// cancelled or completed order: 409 `order_closed`. One `order.edited`
/// event holds each change.
#[utoipa::path(patch, path = "/orders/{id}", tag = "orders", request_body = OrderPatch,
    responses((status = 200, body = Order), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn edit_order(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<OrderPatch>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.edit_order(&p.actor, &id, patch).await?))
}
