//! `/catalogue`: the products suppliers published, as purchasers (and
//! staff) browse them.

use super::page_limit;
use super::products::picture;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::b2b::CatalogueItem;
use orderhub_domain::model::{Page, is_image_name};
use orderhub_store::CatalogueFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(browse))
        .routes(routes!(item))
        .routes(routes!(item_image))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CatalogueQuery {
    /// Part of the title or specifications, any case.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub q: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub category_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub supplier_id: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub cursor: Option<String>,
}

impl CatalogueQuery {
    pub(crate) fn filter(self) -> Result<CatalogueFilter, ApiError> {
        Ok(CatalogueFilter {
            q: self.q,
            category_id: self.category_id,
            supplier_id: self.supplier_id,
            limit: page_limit(self.limit)?,
            cursor: self.cursor,
        })
    }
}

/// Published products of active suppliers, newest first: title,
/// specifications, pictures, the supply price (none: price on request)
/// and the minimum order quantity.
#[utoipa::path(get, path = "/catalogue", tag = "b2b", params(CatalogueQuery),
    responses((status = 200, body = Page<CatalogueItem>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn browse(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<Json<Page<CatalogueItem>>, ApiError> {
    p.require(Capability::BrowseCatalogue)?;
    Ok(Json(s.store.catalogue(&q.filter()?).await?))
}

/// One published product; an unpublished one is not found.
#[utoipa::path(get, path = "/catalogue/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = CatalogueItem), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn item(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<CatalogueItem>, ApiError> {
    p.require(Capability::BrowseCatalogue)?;
    Ok(Json(s.store.catalogue_item(&id).await?))
}

/// A published product's picture.
#[utoipa::path(get, path = "/catalogue/{id}/images/{name}", tag = "b2b",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the picture", content_type = "image/jpeg", body = Vec<u8>),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn item_image(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::BrowseCatalogue)?;
    let item = s.store.catalogue_item(&id).await?;
    if !item.images.contains(&name) || !is_image_name(&name) {
        return Err(ApiError::not_found(format!(
            "product {id} has no image {name}"
        )));
    }
    Ok(picture(s.store.open_image(&name).await?))
}
