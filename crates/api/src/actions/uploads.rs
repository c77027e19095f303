//! The product upload: a zip of a sheet and the pictures it names.

use crate::AppState;
use crate::actions::imports::{refused, store_refusals};
use crate::auth::Principal;
use crate::extract::empty_as_none;
use crate::heavy;
use crate::problem::ApiError;
use axum::body::Bytes;
use axum::http::StatusCode;
use orderhub_channels::catalogue;
use orderhub_domain::ErrorCode;
use orderhub_store::{ProductUpload, image_name};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

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
                ErrorCode::OwnProductsOnly,
                "a supplier adds products to its own catalogue only",
            )
            .into());
        }
        (None, Some(s)) => s.clone(),
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Required,
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
