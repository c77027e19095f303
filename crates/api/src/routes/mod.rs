//! One module per resource; each handler carries its OpenAPI annotation.

mod attachments;
mod audit;
pub(crate) mod auth;
mod cases;
mod catalogue;
mod categories;
pub(crate) mod channels;
mod classifier;
pub(crate) mod contracts;
mod fulfilments;
pub mod health;
pub(crate) mod imports;
mod invoices;
pub(crate) mod jobs;
mod lifecycles;
pub(crate) mod notifications;
mod orders;
mod organisations;
pub(crate) mod payments;
pub(crate) mod plan;
pub(crate) mod products;
mod proofs;
mod returns;
pub(crate) mod review;
mod rfqs;
mod rules;
pub(crate) mod scripts;
mod statistics;
mod stock;
mod suppliers;
mod tasks;
mod tokens;
mod users;
mod webhooks;

use crate::AppState;
use crate::problem::ApiError;
use utoipa_axum::router::OpenApiRouter;

/// Every `/api/v1` route.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(categories::router())
        .merge(channels::router())
        .merge(cases::router())
        .merge(fulfilments::router())
        .merge(suppliers::router())
        .merge(orders::router())
        .merge(review::router())
        .merge(tasks::router())
        .merge(proofs::router())
        .merge(lifecycles::router())
        .merge(auth::router())
        .merge(users::router())
        .merge(tokens::router())
        .merge(audit::router())
        .merge(imports::router())
        .merge(webhooks::router())
        .merge(products::router())
        .merge(organisations::router())
        .merge(catalogue::router())
        .merge(rfqs::router())
        .merge(attachments::router())
        .merge(contracts::router())
        .merge(returns::router())
        .merge(invoices::router())
        .merge(statistics::router())
        .merge(plan::router())
        .merge(stock::router())
        .merge(notifications::router())
        .merge(jobs::router())
        .merge(rules::router())
        .merge(scripts::router())
        .merge(classifier::router())
        .merge(payments::router())
}

pub async fn no_route() -> ApiError {
    ApiError::not_found("no such route; see /api/docs")
}

/// Page size: default 50, at most 200.
pub(crate) fn page_limit(limit: Option<i64>) -> Result<i64, ApiError> {
    let limit = limit.unwrap_or(50);
    orderhub_domain::validate::in_range("limit", limit, 1, 200).map_err(ApiError::from)
}
