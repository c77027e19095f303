//! `/stock`: inventory (库存) — locations, items with on hand, reserved
//! and available, the movement history, and every way stock moves:
//! receipts (入库), issues (出库), transfers, stocktakes (盘点) and
//! reservations. Staff only.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::inventory::{
    Location, LocationPatch, Movement, MovementKind, NewIssue, NewLocation, NewReceipt,
    NewReservation, NewStocktake, NewTransfer, Reservation, SetThreshold, StockItem, Stocktake,
};
use orderhub_domain::model::Page;
use orderhub_store::{MovementFilter, StockFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_locations, create_location))
        .routes(routes!(update_location))
        .routes(routes!(list_items))
        .routes(routes!(get_item))
        .routes(routes!(set_threshold))
        .routes(routes!(list_movements))
        .routes(routes!(receive))
        .routes(routes!(issue))
        .routes(routes!(transfer))
        .routes(routes!(stocktake))
        .routes(routes!(list_reservations, reserve))
        .routes(routes!(release))
        .routes(routes!(ship))
}

/// Stock locations, by code.
#[utoipa::path(get, path = "/stock/locations", tag = "stock",
    responses((status = 200, body = Vec<Location>), (status = 403, body = Problem)))]
async fn list_locations(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Location>>, ApiError> {
    p.require(Capability::ManageStock)?;
    Ok(Json(s.store.stock_locations().await?))
}

/// Adds a stock location (`duplicate_code` when its code is taken, any
/// case).
#[utoipa::path(post, path = "/stock/locations", tag = "stock", request_body = NewLocation,
    responses((status = 201, body = Location), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_location(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewLocation>,
) -> Result<(StatusCode, Json<Location>), ApiError> {
    p.require(Capability::ManageStock)?;
    let loc = s.store.create_stock_location(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(loc)))
}

/// Renames a location or sets who picks and ships from it (`""`: nobody;
/// its stock is then not for orders).
#[utoipa::path(patch, path = "/stock/locations/{id}", tag = "stock", request_body = LocationPatch,
    responses((status = 200, body = Location), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_location(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LocationPatch>,
) -> Result<Json<Location>, ApiError> {
    p.require(Capability::ManageStock)?;
    Ok(Json(
        s.store.update_stock_location(&p.actor, &id, body).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ItemQuery {
    /// Part of the SKU or title, any case.
    #[serde(default, deserialize_with = "empty_as_none")]
    q: Option<String>,
    /// A location's code.
    #[serde(default, deserialize_with = "empty_as_none")]
    location: Option<String>,
    /// Only items at or below their low-stock threshold.
    #[serde(default)]
    low: bool,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// Stock items by SKU then location, with on hand, reserved, available
/// and whether each is low.
#[utoipa::path(get, path = "/stock", tag = "stock", params(ItemQuery),
    responses((status = 200, body = Page<StockItem>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_items(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ItemQuery>,
) -> Result<Json<Page<StockItem>>, ApiError> {
    p.require(Capability::ManageStock)?;
    let f = StockFilter {
        q: q.q,
        location: q.location,
        low: q.low,
        limit: page_limit(q.limit)?,
        cursor: q.cursor,
    };
    Ok(Json(s.store.stock_items(&f).await?))
}

/// One stock item with its held reservations.
#[derive(Debug, Serialize, ToSchema)]
struct ItemDetail {
    item: StockItem,
    reservations: Vec<Reservation>,
}

/// A stock item and the reservations holding its units.
#[utoipa::path(get, path = "/stock/items/{id}", tag = "stock",
    responses((status = 200, body = ItemDetail), (status = 404, body = Problem)))]
async fn get_item(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<ItemDetail>, ApiError> {
    p.require(Capability::ManageStock)?;
    let item = s.store.stock_item(&id).await?;
    let reservations = s.store.stock_reservations(Some(&id), None, false).await?;
    Ok(Json(ItemDetail { item, reservations }))
}

/// Sets (or clears, with `null`) the level at which an item is low: a
/// `stock.low` event is raised when available falls to it.
#[utoipa::path(put, path = "/stock/items/{id}/threshold", tag = "stock", request_body = SetThreshold,
    responses((status = 200, body = StockItem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_threshold(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SetThreshold>,
) -> Result<Json<StockItem>, ApiError> {
    p.require(Capability::ManageStock)?;
    Ok(Json(s.store.set_stock_threshold(&id, body).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MovementQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    item_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    sku: Option<String>,
    /// A location's code.
    #[serde(default, deserialize_with = "empty_as_none")]
    location: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(inline)]
    kind: Option<MovementKind>,
    #[serde(default, deserialize_with = "empty_as_none")]
    order_id: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// The movement history (append-only), newest first: each line with the
/// figures it left.
#[utoipa::path(get, path = "/stock/movements", tag = "stock", params(MovementQuery),
    responses((status = 200, body = Page<Movement>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_movements(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<MovementQuery>,
) -> Result<Json<Page<Movement>>, ApiError> {
    p.require(Capability::ManageStock)?;
    let f = MovementFilter {
        item_id: q.item_id,
        sku: q.sku,
        location: q.location,
        kind: q.kind,
        order_id: q.order_id,
        limit: page_limit(q.limit)?,
        cursor: q.cursor,
    };
    Ok(Json(s.store.stock_movements(&f).await?))
}

/// Units came in (入库); the item is created on its first receipt.
#[utoipa::path(post, path = "/stock/receipts", tag = "stock", request_body = NewReceipt,
    responses((status = 201, body = StockItem), (status = 422, body = Problem)))]
async fn receive(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewReceipt>,
) -> Result<(StatusCode, Json<StockItem>), ApiError> {
    p.require(Capability::ManageStock)?;
    let item = s.store.receive_stock(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Units went out not against a reservation (出库): refused with
/// `short_stock` beyond what is available.
#[utoipa::path(post, path = "/stock/issues", tag = "stock", request_body = NewIssue,
    responses((status = 201, body = StockItem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn issue(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewIssue>,
) -> Result<(StatusCode, Json<StockItem>), ApiError> {
    p.require(Capability::ManageStock)?;
    let item = s.store.issue_stock(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Both ends of a transfer.
#[derive(Debug, Serialize, ToSchema)]
struct Transferred {
    from: StockItem,
    to: StockItem,
}

/// Units move between locations (both movements share a
/// `transfer_id`).
#[utoipa::path(post, path = "/stock/transfers", tag = "stock", request_body = NewTransfer,
    responses((status = 201, body = Transferred), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn transfer(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewTransfer>,
) -> Result<(StatusCode, Json<Transferred>), ApiError> {
    p.require(Capability::ManageStock)?;
    let (from, to) = s.store.transfer_stock(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(Transferred { from, to })))
}

/// A stocktake (盘点): what was counted at a location. Each difference
/// is recorded as an adjustment with the reason; a count below what is
/// reserved is refused (`below_reserved`) and nothing is recorded.
#[utoipa::path(post, path = "/stock/stocktakes", tag = "stock", request_body = NewStocktake,
    responses((status = 201, body = Stocktake), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn stocktake(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewStocktake>,
) -> Result<(StatusCode, Json<Stocktake>), ApiError> {
    p.require(Capability::ManageStock)?;
    let done = s.store.count_stock(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(done)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ReservationQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    item_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    order_id: Option<String>,
    /// Shipped and released ones too (at most 500, newest first).
    #[serde(default)]
    all: bool,
}

/// Reservations of an item or an order, held ones unless `all`.
#[utoipa::path(get, path = "/stock/reservations", tag = "stock", params(ReservationQuery),
    responses((status = 200, body = Vec<Reservation>), (status = 403, body = Problem)))]
async fn list_reservations(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ReservationQuery>,
) -> Result<Json<Vec<Reservation>>, ApiError> {
    p.require(Capability::ManageStock)?;
    let found = s
        .store
        .stock_reservations(q.item_id.as_deref(), q.order_id.as_deref(), q.all)
        .await?;
    Ok(Json(found))
}

/// Sets units aside. Never more than is available, however many ask at
/// once: the loser gets `short_stock` (409).
#[utoipa::path(post, path = "/stock/reservations", tag = "stock", request_body = NewReservation,
    responses((status = 201, body = Reservation), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reserve(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewReservation>,
) -> Result<(StatusCode, Json<Reservation>), ApiError> {
    p.require(Capability::ManageStock)?;
    let r = s.store.reserve_stock(&p.actor, body).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Lets a held reservation go: its units are available again.
#[utoipa::path(post, path = "/stock/reservations/{id}/release", tag = "stock",
    responses((status = 200, body = Reservation), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn release(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Reservation>, ApiError> {
    p.require(Capability::ManageStock)?;
    let r = s
        .store
        .close_reservation(&p.actor, &id, MovementKind::Release)
        .await?;
    Ok(Json(r))
}

/// Ships a held reservation's units: on hand and reserved both fall.
#[utoipa::path(post, path = "/stock/reservations/{id}/ship", tag = "stock",
    responses((status = 200, body = Reservation), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn ship(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Reservation>, ApiError> {
    p.require(Capability::ManageStock)?;
    let r = s
        .store
        .close_reservation(&p.actor, &id, MovementKind::Shipment)
        .await?;
    Ok(Json(r))
}
