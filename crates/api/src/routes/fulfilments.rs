//! After a parcel leaves: reporting it to the marketplace — how a channel
//! does it (`/channels/{id}/fulfilment`), where each report of an order
//! stands, trying a failed one again ([`crate::fulfil`] is the worker) —
//! and following it to delivery (`/tasks/{id}/tracking`, [`crate::tracker`]).

use crate::AppState;
use crate::actions::sheets::SheetRequest;
use crate::auth::Principal;
use crate::egress;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use orderhub_channels::fulfil::{PushSettings, PushSettingsView};
use orderhub_domain::Capability;
use orderhub_domain::carrier::tracking::TrackingEvent;
use orderhub_domain::model::Fulfilment;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_push, set_push))
        .routes(routes!(order_fulfilments))
        .routes(routes!(retry_fulfilment))
        .routes(routes!(task_tracking))
        .routes(routes!(print_sheet))
}

/// Prints tasks (a supplier its own, staff any; 1 to 200, in the order
/// given) as one PDF in English or Chinese: `production_sheet` (each task
/// as a card — its SKU as a QR code, product, personalisation, quantity,
/// due date, the product's picture), `packing_slip` (a page per order, no
/// prices: it travels in the parcel), `pick_list` (what to take off the
/// shelves, by product) or `shipping_label` (a page per order with the
/// address block, until the carrier's own label is printed). 503
/// `pdf_font_missing` without a CJK font.
#[utoipa::path(post, path = "/documents/sheets", tag = "tasks", request_body = SheetRequest,
    responses((status = 200, description = "the PDF", content((Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem), (status = 422, body = Problem), (status = 503, body = Problem)))]
async fn print_sheet(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(req): ApiJson<SheetRequest>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let file = req.sheet.file();
    let pdf = crate::actions::sheets::print(&s, &p, req).await?;
    Ok(crate::actions::proofs::pdf_download(pdf.into(), file, None))
}

/// A task's parcel as the carrier reports it.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Tracking {
    carrier: Option<String>,
    tracking_number: Option<String>,
    tracking_url: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    delivered_at: Option<time::OffsetDateTime>,
    /// Each scan, oldest first (when a tracking provider is set up).
    events: Vec<TrackingEvent>,
}

/// Where a task's parcel is: its scans from the tracking provider and
/// when it was delivered (its supplier sees its own tasks', staff all).
#[utoipa::path(get, path = "/tasks/{id}/tracking", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = Tracking), (status = 404, body = Problem)))]
async fn task_tracking(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Tracking>, ApiError> {
    p.require(Capability::WorkTasks)?;
    let task = s.store.get_task(&id, &p.scope).await?;
    Ok(Json(Tracking {
        events: s.store.tracking_events(&task.id).await?,
        carrier: task.carrier,
        tracking_number: task.tracking_number,
        tracking_url: task.tracking_url,
        delivered_at: task.delivered_at,
    }))
}

/// How a channel reports shipments to its marketplace (no secrets).
#[utoipa::path(get, path = "/channels/{id}/fulfilment", tag = "channels", params(("id" = String, Path)),
    responses((status = 200, body = PushSettingsView), (status = 404, body = Problem, description = "no such channel, or it does not report")))]
async fn get_push(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<PushSettingsView>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    s.store.get_channel(&id).await?;
    Ok(Json(s.store.get_push(&id).await?.view()))
}

/// Sets how a channel reports shipments: when a task of one of its
/// orders ships, the marketplace gets the carrier and tracking number
/// (Shopify: a fulfilment of the line's fulfilment-order items; Etsy:
/// `createReceiptShipment`; Amazon: `confirmShipment`; WooCommerce: a
/// note to the buyer, the Shipment Tracking item, and the order completed
/// once all of it shipped). Shopify and WooCommerce need credentials
/// here; Etsy and Amazon use the channel's poll access.
#[utoipa::path(put, path = "/channels/{id}/fulfilment", tag = "channels", params(("id" = String, Path)), request_body = PushSettings,
    responses((status = 200, body = PushSettingsView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_push(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(settings): ApiJson<PushSettings>,
) -> Result<Json<PushSettingsView>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let channel = s.store.get_channel(&id).await?;
    egress::check_all(
        [("api_base", settings.api_base.as_deref())],
        s.config.allow_private_targets,
    )
    .await?;
    Ok(Json(s.store.set_push(&channel, settings).await?.view()))
}

/// An order's shipments as reported to its marketplace: sent, waiting
/// for a retry (with the last error), or failed.
#[utoipa::path(get, path = "/orders/{id}/fulfilments", tag = "orders", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Fulfilment>), (status = 404, body = Problem)))]
async fn order_fulfilments(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Fulfilment>>, ApiError> {
    p.require(Capability::ManageOrders)?;
    s.store.get_order(&id, &p.scope).await?;
    Ok(Json(s.store.order_fulfilments(&id).await?))
}

/// Tries a fulfilment that failed (or waits for a retry) again now.
#[utoipa::path(post, path = "/fulfilments/{id}/retry", tag = "orders", params(("id" = String, Path)),
    responses((status = 200, body = Fulfilment), (status = 404, body = Problem), (status = 409, body = Problem, description = "sent already")))]
async fn retry_fulfilment(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Fulfilment>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.retry_fulfilment(&p.actor, &id).await?))
}
