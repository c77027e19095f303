//! `/cases`: after-sales cases (售后) — opened by staff on an order line,
//! answered by the supplier that made it, taken through their remedy;
//! with photos and documents.

use crate::AppState;
use crate::actions::proofs::{
    MAX_ROUND_BYTES, multipart_expected, read_form, served, stored_names,
};
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::aftersales::{Case, CaseStatus, NewCase, NewStep};
use orderhub_store::CaseFilter;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(add_files))
        .layer(DefaultBodyLimit::max(MAX_ROUND_BYTES));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(order_cases, open_case))
        .routes(routes!(list_cases))
        .routes(routes!(get_case))
        .routes(routes!(take_step))
        .routes(routes!(file))
}

/// Opens a case on an order line (staff): return, exchange, reshipment,
/// refund, remake or complaint, with the reason and what the buyer asks
/// for. It goes to the supplier of the task that made the line, which
/// answers within 48 hours; it is settled within 7 days (`late` says which
/// was missed). 409 `not_shipped` (the line has not shipped: change or
/// cancel its task), `line_cancelled`; 422 `exceeds_shipped` (more units
/// than shipped, less those other cases claim), `unknown_line`.
#[utoipa::path(post, path = "/orders/{id}/cases", tag = "cases", params(("id" = String, Path)),
    request_body = NewCase,
    responses((status = 201, body = Case), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn open_case(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewCase>,
) -> Result<(StatusCode, Json<Case>), ApiError> {
    p.require(Capability::ManageOrders)?;
    s.store.get_order(&id, &p.scope).await?;
    let case = s.store.open_case(&p.actor, &id, new, None).await?;
    Ok((StatusCode::CREATED, Json(case)))
}

/// An order's cases, newest first (staff).
#[utoipa::path(get, path = "/orders/{id}/cases", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Case>), (status = 404, body = Problem)))]
async fn order_cases(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Case>>, ApiError> {
    p.require(Capability::ManageOrders)?;
    s.store.get_order(&id, &p.scope).await?;
    let filter = CaseFilter {
        order_id: Some(id),
        limit: 500,
        ..Default::default()
    };
    Ok(Json(s.store.list_cases(&p.scope, &filter).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CaseQuery {
    status: Option<CaseStatus>,
    /// Only cases not yet resolved or closed.
    #[serde(default)]
    open: Option<bool>,
    /// At most this many (default 100, at most 500).
    limit: Option<i64>,
}

/// Cases, newest first: staff see all, a supplier its own.
#[utoipa::path(get, path = "/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = Vec<Case>)))]
async fn list_cases(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Result<Json<Vec<Case>>, ApiError> {
    p.require(Capability::WorkTasks)?;
    let filter = CaseFilter {
        status: q.status,
        open: q.open.unwrap_or(false),
        limit: q.limit.unwrap_or(100),
        ..Default::default()
    };
    Ok(Json(s.store.list_cases(&p.scope, &filter).await?))
}

/// One case with its timeline, files and the steps the caller may take
/// (a supplier sees its own cases, without refund amounts).
#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = Case), (status = 404, body = Problem)))]
async fn get_case(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Case>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(s.store.get_case(&id, &p.scope).await?))
}

/// A step on a case. The supplier `accept`s or `dispute`s (`reason`);
/// staff `uphold` a disputed case. Then, by kind: a return or exchange
/// comes back (`return_shipped` with `carrier` and `tracking_number`,
/// `receive`, `inspect` with `passed` and `note` — 退货质检), a return and
/// a refund are refunded (`refund`, `amount` at most what the units cost),
/// an exchange, reshipment or remake is made or sent again (`reship`,
/// optionally to another `supplier_id` of the category: a new task linked
/// to the case, whose shipment resolves it), a complaint is `resolve`d
/// (`note`). Staff may `charge_back` an `amount` to the supplier and
/// `close` a case (`reason`) at any time. 409 `invalid_transition`;
/// 403 (rule `staff_only`) for a supplier taking a staff step.
#[utoipa::path(post, path = "/cases/{id}/steps", tag = "cases", params(("id" = String, Path)),
    request_body = NewStep,
    responses((status = 200, body = Case), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn take_step(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(step): ApiJson<NewStep>,
) -> Result<Json<Case>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(
        s.store.case_step(&p.actor, &p.scope, &id, step).await?,
    ))
}

/// The multipart form of a case's photos.
#[derive(ToSchema)]
#[allow(dead_code)]
struct CaseUpload {
    /// 1 to 5 files: JPEG, PNG or PDF by content, 10 MB each at most.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// Adds photos or documents to a case (staff, or its supplier: the
/// returned goods as received). Each file is judged by its content (422
/// `unsupported_file`, `file_too_large`, `image_dimensions_too_large`).
#[utoipa::path(post, path = "/cases/{id}/files", tag = "cases", params(("id" = String, Path)),
    request_body(content = CaseUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = Case), (status = 404, body = Problem), (status = 413, body = Problem),
              (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn add_files(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<Case>, ApiError> {
    p.require(Capability::WorkTasks)?;
    s.store.get_case(&id, &p.scope).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    let names = stored_names(&s, form, "a photo or document").await?;
    Ok(Json(
        s.store
            .add_case_files(&p.actor, &p.scope, &id, &names)
            .await?,
    ))
}

/// A photo or document of a case: a picture shown, a PDF downloaded.
#[utoipa::path(get, path = "/cases/{id}/files/{name}", tag = "cases",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let (body, kind) = s.store.case_file(&p.scope, &id, &name).await?;
    Ok(served(body, kind))
}
