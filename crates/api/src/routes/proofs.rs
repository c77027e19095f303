//! `/tasks/{id}/proofs` and `/tasks/{id}/proof/…`: the mock-up a custom
//! task needs approved before production.

use crate::AppState;
use crate::actions::links::base_url;
use crate::actions::proofs::{MAX_ROUND_BYTES, multipart_expected, read_form, served, submit};
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::model::Task;
use orderhub_domain::proof::{BuyerLink, BuyerLinkRequest, ProofDecision, ProofRound};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(submit_round))
        .layer(DefaultBodyLimit::max(MAX_ROUND_BYTES));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(list_rounds))
        .routes(routes!(proof_file))
        .routes(routes!(answer_proof))
        .routes(routes!(buyer_link))
}

/// The multipart form of a round.
#[derive(ToSchema)]
#[allow(dead_code)]
struct ProofUpload {
    /// 1 to 5 files: JPEG, PNG or PDF by content, 10 MB each at most;
    /// pictures at most 10,000 px on a side and 25 megapixels.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
    /// What the supplier says about the round.
    note: Option<String>,
}

/// Every round of the task's proof, oldest first, with its files and
/// answer.
#[utoipa::path(get, path = "/tasks/{id}/proofs", tag = "proofs",
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<ProofRound>), (status = 404, body = Problem)))]
async fn list_rounds(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<ProofRound>>, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(Json(s.store.proof_rounds(&id, &p.scope).await?))
}

/// The task's supplier (or an operator for it) submits a round: the task
/// must need a proof (409 `no_proof`), be assigned or accepted, and not
/// wait on an earlier round (409 `proof_not_expected`). Each file is
/// judged by its content (422 `unsupported_file`, `file_too_large`,
/// `image_dimensions_too_large`, `unsafe_pdf`, naming `file[i]`).
#[utoipa::path(post, path = "/tasks/{id}/proofs", tag = "proofs",
    params(("id" = String, Path)),
    request_body(content = ProofUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Task), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 413, body = Problem),
              (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn submit_round(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Task>), ApiError> {
    p.require(Capability::WorkTasks)?;
    // another party's task is not found, whatever was sent
    s.store.get_task(&id, &p.scope).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    Ok((StatusCode::CREATED, Json(submit(&s, &p, &id, form).await?)))
}

/// A file of one of the task's rounds: a picture shown, a PDF downloaded.
#[utoipa::path(get, path = "/tasks/{id}/proofs/files/{name}", tag = "proofs",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn proof_file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    s.store.proof_file_of(&id, &p.scope, &name).await?;
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}

/// An operator answers the waiting round: `approve` (production may
/// start) or `request_changes` with a `comment` (the supplier submits
/// another round). Also for a buyer who answered by other means.
#[utoipa::path(post, path = "/tasks/{id}/proof/answer", tag = "proofs",
    params(("id" = String, Path)), request_body = ProofDecision,
    responses((status = 200, body = Task), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn answer_proof(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<ProofDecision>,
) -> Result<Json<Task>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.answer_proof(&p.actor, &id, decision).await?))
}

/// An operator sends the waiting round to the buyer: a link to a page
/// where the buyer approves or asks for changes without an account,
/// working `days` days (1–30, default 7). The link is shown only in this
/// answer; sending again replaces it.
#[utoipa::path(post, path = "/tasks/{id}/proof/buyer-link", tag = "proofs",
    params(("id" = String, Path)), request_body = BuyerLinkRequest,
    responses((status = 201, body = BuyerLink), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn buyer_link(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<BuyerLinkRequest>,
) -> Result<(StatusCode, Json<BuyerLink>), ApiError> {
    p.require(Capability::ManageOrders)?;
    let days = request.days().map_err(ApiError::from)?;
    let (token, expires_at) = s.store.send_proof(&p.actor, &id, days).await?;
    let url = format!("{}/proof/{token}", base_url(&s, &headers));
    Ok((StatusCode::CREATED, Json(BuyerLink { url, expires_at })))
}
