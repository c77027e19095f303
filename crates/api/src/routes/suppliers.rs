//! `/suppliers`: the makers and the categories they serve.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::Capability;
use orderhub_domain::capacity::SupplierCapacity;
use orderhub_domain::model::{NewSupplier, Supplier, SupplierPatch};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_suppliers, create_supplier))
        .routes(routes!(get_supplier, update_supplier))
        .routes(routes!(get_capacity, set_capacity))
}

/// All suppliers, by name.
#[utoipa::path(get, path = "/suppliers", tag = "suppliers",
    responses((status = 200, body = Vec<Supplier>), (status = 401, body = Problem)))]
async fn list_suppliers(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Supplier>>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.list_suppliers().await?))
}

/// Creates a supplier; `categories` are ids or names. It joins each
/// category's rotation at the end.
#[utoipa::path(post, path = "/suppliers", tag = "suppliers", request_body = NewSupplier,
    responses((status = 201, body = Supplier), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_supplier(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewSupplier>,
) -> Result<(StatusCode, Json<Supplier>), ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_supplier(&p.actor, new).await?),
    ))
}

#[utoipa::path(get, path = "/suppliers/{id}", tag = "suppliers",
    responses((status = 200, body = Supplier), (status = 404, body = Problem)))]
async fn get_supplier(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Supplier>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.get_supplier(&id).await?))
}

/// Changes only the fields given; `categories` replaces the list.
#[utoipa::path(patch, path = "/suppliers/{id}", tag = "suppliers", request_body = SupplierPatch,
    responses((status = 200, body = Supplier), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_supplier(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<SupplierPatch>,
) -> Result<Json<Supplier>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.update_supplier(&p.actor, &id, patch).await?))
}

/// A supplier's working calendar and its capacity in each category it
/// serves: units per working day, lead time, cut-off (staff any; a
/// supplier its own).
#[utoipa::path(get, path = "/suppliers/{id}/capacity", tag = "suppliers",
    responses((status = 200, body = SupplierCapacity), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_capacity(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<SupplierCapacity>, ApiError> {
    p.require(Capability::PlanCapacity)?;
    Ok(Json(s.store.supplier_capacity(&id, &p.scope).await?))
}

/// Replaces the calendar, and the capacity in the categories listed (a
/// category left out keeps its own). Tasks routed from now on are booked
/// against it; tasks booked already keep their days.
#[utoipa::path(put, path = "/suppliers/{id}/capacity", tag = "suppliers", request_body = SupplierCapacity,
    responses((status = 200, body = SupplierCapacity), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_capacity(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<SupplierCapacity>,
) -> Result<Json<SupplierCapacity>, ApiError> {
    p.require(Capability::PlanCapacity)?;
    Ok(Json(
        s.store
            .set_supplier_capacity(&p.actor, &id, &p.scope, new)
            .await?,
    ))
}
