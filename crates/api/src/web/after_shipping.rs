//! The web app's routes for what happens after a task ships: shipping
//! many tasks from a waybill file, printing work sheets, reporting
//! shipments to the marketplaces, and after-sales cases.

use super::{bulk, cases, fulfilments, ship_file};
use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/tasks/ship-file",
            get(ship_file::form).post(ship_file::post),
        )
        .route("/tasks/print", post(bulk::bulk_print))
        .route("/cases", get(cases::list))
        .route("/cases/{id}", get(cases::page))
        .route("/cases/{id}/steps", post(cases::step))
        .route("/cases/{id}/files", post(cases::add_files))
        .route("/cases/{id}/files/{name}", get(cases::file))
        .route("/orders/{id}/cases", post(cases::open))
        .route(
            "/orders/{id}/fulfilments/{fulfilment}/retry",
            post(fulfilments::retry),
        )
        .route("/channels/{id}/fulfilment", post(fulfilments::set_push))
}
