//! `/products`: suppliers' catalogues, their pictures, and the bulk upload
//! of a zip (the sheet plus its pictures). A supplier manages only its own.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::heavy;
use crate::problem::{ApiError, Problem};
use crate::routes::imports::{refused, store_refusals};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_channels::catalogue;
use orderhub_domain::Capability;
use orderhub_domain::model::{
    MAX_EXTRA_IMAGES, NewProduct, Page, Product, ProductPatch, is_image_name,
};
use orderhub_store::{ProductFilter, ProductUpload, image_name};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
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

/// Checks a picture sent as the body (a `main` one needs its white
/// background too) and stores it; its name.
async fn store_picture(s: &AppState, body: Bytes, main: bool) -> Result<String, ApiError> {
    let field = |e: orderhub_domain::ValidationError| ApiError::from(e).field("body");
    catalogue::jpeg(&body).map_err(field)?;
    if main {
        let bytes = body.clone();
        heavy::run(catalogue::decode_cost(&body), move |_| {
            catalogue::white_background(&bytes)
        })
        .await?
        .map_err(field)?;
    }
    Ok(s.store.put_image(body.to_vec()).await?)
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

/// Makes the picture in `body` the product's main one.
pub(crate) async fn set_main(
    s: &AppState,
    p: &Principal,
    id: &str,
    body: Bytes,
) -> Result<Product, ApiError> {
    let current = s.store.get_product(id, &p.scope).await?;
    let name = store_picture(s, body, true).await?;
    let extras = &current.extra_images;
    Ok(s.store
        .set_product_images(&p.actor, &p.scope, id, Some(&name), extras)
        .await?)
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

/// Adds the picture in `body` to the product's extra ones.
pub(crate) async fn add_extra(
    s: &AppState,
    p: &Principal,
    id: &str,
    body: Bytes,
) -> Result<Product, ApiError> {
    let current = s.store.get_product(id, &p.scope).await?;
    if current.extra_images.len() >= MAX_EXTRA_IMAGES {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many",
            format!("a product has at most {MAX_EXTRA_IMAGES} extra images"),
        )
        .field("body"));
    }
    let name = store_picture(s, body, false).await?;
    let mut extras = current.extra_images;
    if !extras.contains(&name) {
        extras.push(name);
    }
    let main = current.main_image.as_deref();
    Ok(s.store
        .set_product_images(&p.actor, &p.scope, id, main, &extras)
        .await?)
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

/// Takes the picture `name` off the product.
pub(crate) async fn remove_picture(
    s: &AppState,
    p: &Principal,
    id: &str,
    name: &str,
) -> Result<Product, ApiError> {
    let current = s.store.get_product(id, &p.scope).await?;
    if current.main_image.as_deref() != Some(name)
        && !current.extra_images.iter().any(|e| e == name)
    {
        return Err(ApiError::not_found(format!(
            "product {id} has no image {name}"
        )));
    }
    let main = current.main_image.filter(|m| m != name);
    let extras: Vec<String> = current
        .extra_images
        .into_iter()
        .filter(|e| e != name)
        .collect();
    Ok(s.store
        .set_product_images(&p.actor, &p.scope, id, main.as_deref(), &extras)
        .await?)
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
    let bytes = s.store.read_image(&name).await?;
    Ok(picture(bytes))
}

/// A stored picture as a response that a browser shows and does nothing
/// else with.
pub(crate) fn picture(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox",
            ),
            (header::CONTENT_DISPOSITION, "inline"),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable",
            ),
        ],
        bytes,
    )
        .into_response()
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

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct UploadQuery {
    /// Whose products (staff); a supplier uploads its own.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub supplier_id: Option<String>,
    /// For rows without a currency column (default `USD`).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub currency: Option<String>,
    /// Check and report; write nothing.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

/// What a product upload found or did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductUploadReport {
    pub dry_run: bool,
    /// The sheet's path inside the zip.
    pub sheet: String,
    pub encoding: String,
    pub products: usize,
    /// Distinct pictures the products use.
    pub images: usize,
    pub created: usize,
    pub updated: usize,
    /// Rows identical to what is stored already.
    pub unchanged: usize,
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

/// Reads, checks and (unless a dry run) takes a product zip.
pub(crate) async fn upload(
    s: &AppState,
    p: &Principal,
    q: &UploadQuery,
    body: Bytes,
) -> Result<ProductUploadReport, ApiError> {
    let supplier = match (p.scope.supplier(), &q.supplier_id) {
        (Some(own), None) => own.to_owned(),
        (Some(own), Some(s)) if s == own => own.to_owned(),
        (Some(_), Some(_)) => {
            return Err(orderhub_domain::Forbidden::new(
                "own_products_only",
                "a supplier adds products to its own catalogue only",
            )
            .into());
        }
        (None, Some(s)) => s.clone(),
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "required",
                "name the supplier whose products these are",
            )
            .field("supplier_id"));
        }
    };
    let currency = q.currency.clone().unwrap_or_else(|| "USD".into());
    // The zip, the pictures it names, and one picture decoded at a time
    // (at worst a progressive JPEG of the largest size taken).
    let cost = body.len().saturating_mul(3) + orderhub_domain::model::MAX_IMAGE_PIXELS * 6;
    let read = heavy::run(cost, move |stop| {
        catalogue::upload_until(&body, &currency, &|| stop.requested())
    })
    .await?;
    let up = read.map_err(|e| refused(vec![e]))?;
    if !up.errors.is_empty() {
        return Err(refused(up.errors));
    }
    let dry_run = q.dry_run.unwrap_or(false);
    let names: HashMap<&String, String> = up
        .images
        .iter()
        .map(|(path, bytes)| (path, image_name(bytes)))
        .collect();
    let rows: Vec<ProductUpload> = up
        .rows
        .into_iter()
        .map(|r| ProductUpload {
            row: r.row,
            main_image: names[&r.main_image].clone(),
            extra_images: r.extra_images.iter().map(|e| names[e].clone()).collect(),
            product: r.product,
        })
        .collect();
    let images = names.len();
    let counts = s
        .store
        .upload_products(
            &p.actor,
            &supplier,
            &rows,
            up.images.into_values().collect(),
            dry_run,
        )
        .await?
        .map_err(|refusals| refused(store_refusals(refusals)))?;
    Ok(ProductUploadReport {
        dry_run,
        sheet: up.sheet,
        encoding: up.encoding.to_owned(),
        products: rows.len(),
        images,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
    })
}
