//! `/categories`: product types, keywords, SKU templates, strategies.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::model::{Category, CategoryPatch, NewCategory, SkuPreview, SkuPreviewRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(get_category, update_category))
        .routes(routes!(sku_preview))
}

/// All categories, by name.
#[utoipa::path(get, path = "/categories", tag = "categories",
    responses((status = 200, body = Vec<Category>), (status = 401, body = Problem)))]
async fn list_categories(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Category>>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.list_categories().await?))
}

/// Creates a category. The SKU template is validated (422 with the reason).
#[utoipa::path(post, path = "/categories", tag = "categories", request_body = NewCategory,
    responses((status = 201, body = Category), (status = 409, body = Problem, description = "name taken"),
              (status = 422, body = Problem)))]
async fn create_category(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewCategory>,
) -> Result<(StatusCode, Json<Category>), ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_category(&p.actor, new).await?),
    ))
}

#[utoipa::path(get, path = "/categories/{id}", tag = "categories",
    responses((status = 200, body = Category), (status = 404, body = Problem)))]
async fn get_category(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Category>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.get_category(&id).await?))
}

/// Changes only the fields given.
#[utoipa::path(patch, path = "/categories/{id}", tag = "categories", request_body = CategoryPatch,
    responses((status = 200, body = Category), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_category(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<CategoryPatch>,
) -> Result<Json<Category>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.update_category(&p.actor, &id, patch).await?))
}

/// The next SKU the category would generate — with a template to try, or
/// its own. Nothing is saved and no counter moves.
#[utoipa::path(post, path = "/categories/{id}/sku-preview", tag = "categories", request_body = SkuPreviewRequest,
    responses((status = 200, body = SkuPreview), (status = 404, body = Problem),
              (status = 422, body = Problem, description = "invalid template, with the reason")))]
async fn sku_preview(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SkuPreviewRequest>,
) -> Result<Json<SkuPreview>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.sku_preview(&id, req.template, None).await?))
}
