//! Files attached to B2B requests and to their bids' threads (drawings,
//! specifications, photos of samples): each checked by its content (JPEG,
//! PNG or PDF within the proof files' limits), stored by its hash, served
//! sandboxed to whoever may read the request or the bid.

use crate::AppState;
use crate::actions::proofs::{
    MAX_ROUND_BYTES, multipart_expected, read_form, served, stored_names,
};
use crate::auth::Principal;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::b2b::{BidMessage, NewBidMessage, Rfq};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(add_rfq_files))
        .routes(routes!(post_message_with_files))
        .layer(DefaultBodyLimit::max(MAX_ROUND_BYTES));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(rfq_file))
        .routes(routes!(message_file))
}

/// The purchaser attaches drawings or specifications to its request while
/// it waits for approval or is open (multipart `file` parts: JPEG, PNG or
/// PDF by content; 10 per request). 409 `rfq_closed`.
#[utoipa::path(post, path = "/rfqs/{id}/files", tag = "b2b", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem),
              (status = 422, body = Problem)))]
async fn add_rfq_files(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Purchase)?;
    s.store.get_rfq(&id, &p.scope).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    let names = stored_names(&s, form, "a drawing or specification").await?;
    Ok(Json(s.store.add_rfq_files(&p.scope, &id, names).await?))
}

/// A file of a request, for its purchasers, the suppliers asked and staff.
#[utoipa::path(get, path = "/rfqs/{id}/files/{name}", tag = "b2b",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn rfq_file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let rfq = s.store.get_rfq(&id, &p.scope).await?;
    if !rfq.files.contains(&name) {
        return Err(ApiError::not_found("the request has no such file"));
    }
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}

/// A message with files in the bid's thread (multipart: `body`, which may
/// be empty, and `file` parts: JPEG, PNG or PDF by content).
#[utoipa::path(post, path = "/bids/{id}/messages/files", tag = "b2b", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses((status = 201, body = BidMessage), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn post_message_with_files(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<BidMessage>), ApiError> {
    p.require(Capability::ReadRfqs)?;
    s.store.bid_messages(&p.scope, &id).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    let body = NewBidMessage {
        body: form.text("body"),
    }
    .caption()?;
    let names = stored_names(&s, form, "a file").await?;
    let m = s
        .store
        .post_bid_message(&p.actor, &p.scope, &id, (body, names))
        .await?;
    Ok((StatusCode::CREATED, Json(m)))
}

/// A file of a bid's thread, for the two sides and staff.
#[utoipa::path(get, path = "/bids/{id}/messages/files/{name}", tag = "b2b",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn message_file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    if !s.store.bid_has_file(&p.scope, &id, &name).await? {
        return Err(ApiError::not_found("the thread has no such file"));
    }
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}
