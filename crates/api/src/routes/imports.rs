//! `/imports/orders`: a spreadsheet of orders, checked (dry run) or taken
//! whole — never in part.

use crate::AppState;
use crate::actions::imports::{
    ImportQuery, ImportReport, ShipmentImportReport, SupplierImportReport, run, run_suppliers,
    run_waybills,
};
use crate::auth::Principal;
use crate::extract::ApiQuery;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use orderhub_domain::Capability;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_orders))
        .routes(routes!(import_suppliers))
        .routes(routes!(import_shipments))
}

/// Ships many tasks from a spreadsheet sent as the body (批量发货), one
/// row per task: its SKU (or task id), carrier and tracking number;
/// headers in English or Chinese (商品编码, 快递公司, 运单号). A supplier
/// ships its own tasks, staff any. Each row moves its task on to shipped
/// as its own ship move would (a task accepted or in production is marked
/// produced on the way); tracking numbers are checked against the
/// carrier's format. Any refused row refuses the file: 422 `invalid_rows`
/// with every row's reason, and nothing is shipped.
#[utoipa::path(post, path = "/imports/shipments", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "the file (CSV, TSV or XLSX)", content_type = "application/octet-stream"),
    responses((status = 200, body = ShipmentImportReport), (status = 422, body = Problem, description = "rows refused (`errors`)")))]
async fn import_shipments(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<Json<ShipmentImportReport>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(run_waybills(&s, &p, &q, &body).await?))
}

/// Orders from a spreadsheet sent as the body: one row per line item,
/// grouped by order number; headers in English or Chinese (订单号, 客户,
/// 产品, 数量, 单价, …); any common encoding. Any refused row refuses the
/// file: 422 `invalid_rows` with every row's number, column and reason, and
/// nothing is written. Taken in one transaction; orders already stored are
/// not taken twice.
#[utoipa::path(post, path = "/imports/orders", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "the file (CSV, TSV or XLSX)", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 422, body = Problem, description = "rows refused (`errors`)")))]
async fn import_orders(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(run(&s, &p, &q, &body).await?))
}

/// Suppliers from a spreadsheet sent as the body, one per row: name
/// (required), code, contact, e-mail, phone, categories (names, separated
/// by `,` `，` `、`), weight, active (yes/no, 是/否); headers in English or
/// Chinese. Any refused row refuses the file (422 `invalid_rows`); a
/// supplier whose name is stored already is skipped.
#[utoipa::path(post, path = "/imports/suppliers", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "the file (CSV, TSV or XLSX)", content_type = "application/octet-stream"),
    responses((status = 200, body = SupplierImportReport), (status = 422, body = Problem, description = "rows refused (`errors`)")))]
async fn import_suppliers(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<Json<SupplierImportReport>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(run_suppliers(&s, &p, &q, &body).await?))
}
