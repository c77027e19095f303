//! The learning classifier: what it knows and its threshold
//! (`/classifier`), a title tried against the keywords and the model
//! (`/classifier/check`), examples taught in bulk (`/classifier/examples`),
//! and, on an order, the suggestions for lines the keywords missed and a
//! person filing a line (`/orders/{id}/lines/{line_id}/category`), which
//! teaches the model. Staff only.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use orderhub_domain::Capability;
use orderhub_domain::classify::{
    ClassifierSettings, ClassifierState, Examples, LineFiling, LineSuggestions, TitleCheck,
};
use orderhub_domain::model::Order;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(state, settings))
        .routes(routes!(check))
        .routes(routes!(teach))
        .routes(routes!(suggestions))
        .routes(routes!(file_line))
}

/// What the classifier knows: examples per category, the latest ones, and
/// the threshold above which it files lines without a person.
#[utoipa::path(get, path = "/classifier", tag = "classifier",
    responses((status = 200, body = ClassifierState), (status = 403, body = Problem)))]
async fn state(State(s): State<AppState>, p: Principal) -> Result<Json<ClassifierState>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.classifier_state().await?))
}

/// Sets the threshold: `{"auto_accept": 90}` files a line the keywords
/// miss under a suggestion of 90 % or more; `null`, never (a person
/// decides). 50 to 100 (`out_of_range`).
#[utoipa::path(put, path = "/classifier", tag = "classifier", request_body = ClassifierSettings,
    responses((status = 200, body = ClassifierState), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn settings(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<ClassifierSettings>,
) -> Result<Json<ClassifierState>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.set_classifier(&p.actor, body).await?))
}

/// `POST /classifier/check`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleToCheck {
    pub title: String,
}

/// What the keywords and the model make of a title, without filing
/// anything.
#[utoipa::path(post, path = "/classifier/check", tag = "classifier", request_body = TitleToCheck,
    responses((status = 200, body = TitleCheck), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn check(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<TitleToCheck>,
) -> Result<Json<TitleCheck>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.check_title(&body.title).await?))
}

/// How many examples were taught.
#[derive(Debug, Serialize, ToSchema)]
pub struct Taught {
    pub taught: usize,
}

/// Teaches titles with their categories (up to 1,000 at once, all or
/// none): a product list, last year's orders. Each is an example, as if
/// a person had filed a line with that title.
#[utoipa::path(post, path = "/classifier/examples", tag = "classifier", request_body = Examples,
    responses((status = 200, body = Taught), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn teach(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<Examples>,
) -> Result<Json<Taught>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let taught = s.store.teach_examples(&p.actor, body).await?;
    Ok(Json(Taught { taught }))
}

/// The classifier's suggestions for the order's lines that have neither a
/// category nor a live task (best first, at most three each).
#[utoipa::path(get, path = "/orders/{id}/suggestions", tag = "classifier",
    responses((status = 200, body = Vec<LineSuggestions>), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn suggestions(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<LineSuggestions>>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(s.store.line_suggestions(&id).await?))
}

/// Files a line under a category (by id or name): the line is routed in
/// it (an order that needed attention is released again) and the model
/// learns the title. `source: "suggestion"` records that the person took
/// the classifier's suggestion. A line with a live task is refused
/// (`line_has_task`: cancel or reassign the task first).
#[utoipa::path(put, path = "/orders/{id}/lines/{line_id}/category", tag = "classifier", request_body = LineFiling,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn file_line(
    State(s): State<AppState>,
    p: Principal,
    Path((id, line_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<LineFiling>,
) -> Result<Json<Order>, ApiError> {
    p.require(Capability::ManageOrders)?;
    Ok(Json(
        s.store.file_line(&p.actor, &id, &line_id, body).await?,
    ))
}
