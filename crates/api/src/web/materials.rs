//! A product's materials as a form on its page: one `SKU amount` per
//! line (BOM-light).

use super::flash::{Flash, back_to};
use super::posted::{Posted, checked, field, keep, sku_lines};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::inventory::{MAX_MATERIALS, Material, Materials};

/// The materials as the form shows them (or as typed before a refusal).
pub(super) fn shown(layout: &Layout, m: &Materials) -> String {
    let stored: Vec<String> = m
        .materials
        .iter()
        .map(|m| format!("{} {}", m.sku, m.per_unit))
        .collect();
    let stored = stored.join("\n");
    layout
        .typed_or("materials", "materials", &stored)
        .to_owned()
}

/// `SKU amount` per line.
fn read(typed: &str) -> Result<Materials, ApiError> {
    let lines = sku_lines(typed, MAX_MATERIALS, "materials", "LEATHER 0.25")?;
    let materials = lines
        .into_iter()
        .map(|(sku, per_unit)| Material { sku, per_unit })
        .collect();
    Ok(Materials { materials })
}

/// `POST /products/{id}/materials`.
pub async fn save(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageProducts)?;
    let result = async {
        let new = read(field(&form, "materials"))?;
        let saved = s
            .store
            .set_product_materials(&p.actor, &p.scope, &id, new)
            .await?;
        Ok::<_, ApiError>(saved)
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/products/{id}"),
        result,
        |_| Flash::done(lang.t("flash-materials").to_owned()),
        |f| keep(f, "materials", &form),
    )
}
