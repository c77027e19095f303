//! `/products`: suppliers' catalogues, their pictures, and the bulk upload
//! of a zip (the sheet plus its pictures). A supplier manages only its own.

use super::page_limit;
use crate::AppState;
use crate::actions::pictures::{add_extra, remove_picture, set_main};
use crate::actions::uploads::{ProductUploadReport, UploadQuery, upload};
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_channels::catalogue;
use orderhub_domain::Capability;
use orderhub_domain::inventory::Materials;
use orderhub_domain::model::{NewProduct, Page, Product, ProductPatch, is_image_name};
use orderhub_store::ProductFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload_products))
        .layer(DefaultBodyLimit::max(catalogue::MAX_UPLOAD_BYTES));
    OpenApiRouter::new()
        .routes(routes!(list_products, create_product))
        .routes(routes!(upload_template))
        .routes(routes!(get_product, update_product))
        .routes(routes!(get_materials, set_materials))
        .routes(routes!(set_main_image))
        .routes(routes!(add_image))
        .routes(routes!(get_image, remove_image))
        .merge(uploads)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ProductQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    supplier_id: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    category_id: Option<String>,
    /// Part of the title or code, any case.
    #[serde(default, deserialize_with = "empty_as_none")]
    q: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

impl ProductQuery {
    pub(crate) fn filter(self) -> Result<ProductFilter, ApiError> {
        Ok(ProductFilter {
            supplier_id: self.supplier_id,
            category_id: self.category_id,
            q: self.q,
            limit: page_limit(self.limit)?,
            cursor: self.cursor,
        })
    }
}

/// Products, newest first, keyset-paginated; a supplier sees its own.
#[utoipa::path(get, path = "/products", tag = "products", params(ProductQuery),
    responses((status = 200, body = Page<Product>), (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn list_products(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> Result<Json<Page<Product>>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(s.store.list_products(&q.filter()?, &p.scope).await?))
}

/// Adds a product. Staff name its `supplier_id`; a supplier adds to its
/// own catalogue. `category` is a category's id or name. Pictures are
/// added afterwards (`PUT /products/{id}/images/main`).
#[utoipa::path(post, path = "/products", tag = "products", request_body = NewProduct,
    responses((status = 201, body = Product), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_product(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewProduct>,
) -> Result<(StatusCode, Json<Product>), ApiError> {
    p.require(Capability::ManageProducts)?;
    let product = s.store.create_product(&p.actor, &p.scope, new).await?;
    Ok((StatusCode::CREATED, Json(product)))
}

/// What one unit of the product uses (BOM-light); another supplier's
/// product is not found.
#[utoipa::path(get, path = "/products/{id}/materials", tag = "products", params(("id" = String, Path)),
    responses((status = 200, body = Materials), (status = 404, body = Problem)))]
async fn get_materials(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Materials>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(s.store.product_materials(&p.scope, &id).await?))
}

/// Replaces the product's materials (`[]` clears them). The review then
/// checks that the materials in stock cover the lines to be made.
#[utoipa::path(put, path = "/products/{id}/materials", tag = "products", params(("id" = String, Path)),
    request_body = Materials,
    responses((status = 200, body = Materials), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_materials(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Materials>,
) -> Result<Json<Materials>, ApiError> {
    p.require(Capability::ManageProducts)?;
    let saved = s
        .store
        .set_product_materials(&p.actor, &p.scope, &id, body)
        .await?;
    Ok(Json(saved))
}

/// One product; another supplier's is not found.
#[utoipa::path(get, path = "/products/{id}", tag = "products", params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 404, body = Problem)))]
async fn get_product(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Product>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(s.store.get_product(&id, &p.scope).await?))
}

/// Changes the fields given; the code (the product's key) stays.
#[utoipa::path(patch, path = "/products/{id}", tag = "products", params(("id" = String, Path)), request_body = ProductPatch,
    responses((status = 200, body = Product), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_product(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ProductPatch>,
) -> Result<Json<Product>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(
        s.store
            .update_product(&p.actor, &p.scope, &id, patch)
            .await?,
    ))
}

/// Sets the main picture: a JPEG of at least 600×600 and at most 1 MB,
/// sent as the body.
#[utoipa::path(put, path = "/products/{id}/images/main", tag = "products", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 200, body = Product), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_main_image(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Product>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(set_main(&s, &p, &id, body).await?))
}

/// Adds an extra picture (the same rules; at most 20).
#[utoipa::path(post, path = "/products/{id}/images", tag = "products", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 200, body = Product), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn add_image(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Product>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(add_extra(&s, &p, &id, body).await?))
}

/// Takes a picture off the product (main or extra).
#[utoipa::path(delete, path = "/products/{id}/images/{name}", tag = "products",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = Product), (status = 404, body = Problem)))]
async fn remove_image(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Json<Product>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(remove_picture(&s, &p, &id, &name).await?))
}

/// A product's picture, as stored: served as `image/jpeg`, never sniffed
/// or run as anything else.
#[utoipa::path(get, path = "/products/{id}/images/{name}", tag = "products",
    params(("id" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the picture", content_type = "image/jpeg", body = Vec<u8>),
              (status = 404, body = Problem)))]
async fn get_image(
    State(s): State<AppState>,
    p: Principal,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageProducts)?;
    let product = s.store.get_product(&id, &p.scope).await?;
    let listed =
        product.main_image.as_deref() == Some(&name) || product.extra_images.contains(&name);
    if !listed || !is_image_name(&name) {
        return Err(ApiError::not_found(format!(
            "product {id} has no image {name}"
        )));
    }
    Ok(picture(s.store.open_image(&name).await?))
}

/// A stored picture as a response that a browser shows and does nothing
/// else with.
pub(crate) fn picture(body: orderhub_store::FileBody) -> Response {
    crate::actions::proofs::stored(body, "image/jpeg", "inline".into(), true)
}

/// A sheet to start from: the columns orderhub reads and one example row.
#[utoipa::path(get, path = "/products/upload/template.csv", tag = "products",
    responses((status = 200, description = "the template", content_type = "text/csv", body = String)))]
async fn upload_template(p: Principal) -> Result<Response, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"products-template.csv\"",
            ),
        ],
        catalogue::TEMPLATE_CSV,
    )
        .into_response())
}

/// Bulk upload: one `.zip` holding the product sheet (CSV, TSV or XLSX,
/// any encoding, headers in English or Chinese: 货号, 标题, 类目, 规格,
/// 供货价, 建议零售价, 主图, 附加图) and the JPEG pictures it names
/// (main image required; extras separated by commas; each at least
/// 600×600 and at most 1 MB). Every violation is reported with its row
/// and column (422 `invalid_rows`) and nothing is written; otherwise all
/// products are taken in one transaction, keyed by code (a second upload
/// updates). Unsafe names in the zip (`../`, absolute, links) and zip
/// bombs are refused. At most 64 MB zipped.
#[utoipa::path(post, path = "/products/upload", tag = "products", params(UploadQuery),
    request_body(content = Vec<u8>, description = "the zip (sent as any content type: application/zip, application/octet-stream…)", content_type = "application/octet-stream"),
    responses((status = 200, body = ProductUploadReport), (status = 403, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem, description = "rows refused (`errors`)")))]
async fn upload_products(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Bytes,
) -> Result<Json<ProductUploadReport>, ApiError> {
    p.require(Capability::ManageProducts)?;
    Ok(Json(upload(&s, &p, &q, body).await?))
}
