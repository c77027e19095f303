//! A product's pictures: checked (JPEG, size, a white background for the
//! main one), stored by content, and set on the product.

use crate::AppState;
use crate::auth::Principal;
use crate::heavy;
use crate::problem::ApiError;
use axum::body::Bytes;
use axum::http::StatusCode;
use orderhub_channels::catalogue;
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{MAX_EXTRA_IMAGES, Product};

/// Checks a picture sent as the body (a `main` one needs its white
/// background too) and stores it; its name.
pub(crate) async fn store_picture(
    s: &AppState,
    body: Bytes,
    main: bool,
) -> Result<String, ApiError> {
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
            ErrorCode::TooMany,
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
