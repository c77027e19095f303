//! A product's materials as a form on its page: one `SKU amount` per
//! line (BOM-light).

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, keep};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use orderhub_domain::inventory::{MAX_MATERIALS, Material, Materials};
use orderhub_domain::{Capability, ErrorCode};

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

/// `SKU amount` per line (a space, tab or comma between).
fn read(typed: &str) -> Result<Materials, ApiError> {
    let bad = |n: usize| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRows,
            format!(
                "line {n}: write a material's SKU and how much one unit uses, e.g. LEATHER 0.25"
            ),
        )
        .field("materials")
    };
    let lines = typed.lines().map(str::trim).enumerate();
    let lines = lines.filter(|(_, l)| !l.is_empty()).take(MAX_MATERIALS + 1);
    let materials = lines
        .map(|(i, l)| {
            let (sku, n) = l
                .rsplit_once([' ', '\t', ',', '，'])
                .ok_or_else(|| bad(i + 1))?;
            Ok(Material {
                sku: sku.trim().trim_end_matches(',').to_owned(),
                per_unit: n.trim().parse().map_err(|_| bad(i + 1))?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
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
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
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
