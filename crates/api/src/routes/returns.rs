//! `/returns`: return and exchange requests of a contract's goods (退换货):
//! the purchaser's photos and documents, the supplier's answer, the
//! purchaser's withdrawal.

use crate::AppState;
use crate::actions::proofs::{
    MAX_ROUND_BYTES, multipart_expected, read_form, served, stored_names,
};
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::b2b::returns::{ReturnAnswer, ReturnRequest};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(add_files))
        .layer(DefaultBodyLimit::max(MAX_ROUND_BYTES));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(get_return))
        .routes(routes!(answer))
        .routes(routes!(file))
}

/// The multipart form of a return's evidence.
#[derive(ToSchema)]
#[allow(dead_code)]
struct EvidenceUpload {
    /// 1 to 5 files: JPEG, PNG or PDF by content, 10 MB each at most;
    /// pictures at most 10,000 px on a side and 25 megapixels.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// One return, as its purchaser, its supplier and staff see it, with the
/// steps the caller may take.
#[utoipa::path(get, path = "/returns/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = ReturnRequest), (status = 404, body = Problem)))]
async fn get_return(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<ReturnRequest>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.get_return(&id, &p.scope).await?))
}

/// The purchaser adds photos or documents to its return while the
/// supplier has not answered (at most 10 in all). Each file is judged by
/// its content (422 `unsupported_file`, `file_too_large`,
/// `image_dimensions_too_large`, `unsafe_pdf`, naming `file[i]`).
#[utoipa::path(post, path = "/returns/{id}/files", tag = "b2b", params(("id" = String, Path)),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ReturnRequest), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem),
              (status = 422, body = Problem)))]
async fn add_files(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<ReturnRequest>, ApiError> {
    p.require(Capability::Purchase)?;
    // another party's return is not found, whatever was sent
    s.store.get_return(&id, &p.scope).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    let names = stored_names(&s, form, "a photo or document").await?;
    Ok(Json(s.store.add_return_files(&p.scope, &id, names).await?))
}

/// A step on a return: the supplier (or staff for it) `replace`s,
/// `credit`s (the contract's price of the units) or `refuse`s with a
/// `reason`, then ships the replacement (`ship_replacement` with its
/// `shipment`); the purchaser may `withdraw`. 409 `invalid_transition`;
/// 403 `not_a_party` for the other side's step.
#[utoipa::path(post, path = "/returns/{id}/steps", tag = "b2b", params(("id" = String, Path)),
    request_body = ReturnAnswer,
    responses((status = 200, body = ReturnRequest), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn answer(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<ReturnAnswer>,
) -> Result<Json<ReturnRequest>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(
        s.store.answer_return(&p.actor, &p.scope, &id, a).await?,
    ))
}

/// A photo or document of a return: a picture shown, a PDF downloaded.
#[utoipa::path(get, path = "/returns/{id}/files/{name}", tag = "b2b",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let r = s.store.get_return(&id, &p.scope).await?;
    if !r.files.contains(&name) {
        return Err(ApiError::not_found("the return has no such file"));
    }
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}
