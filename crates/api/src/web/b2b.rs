//! The B2B pages' routes (source document 002): the catalogue, requests
//! for quotation with their bids and contracts, the contracts' delivery
//! (shipments, receipt, returns) and, for staff, the purchaser
//! organisations.

use super::{billing, deliveries, organisations, rfq_contracts, rfq_form, rfqs};
use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Every B2B page and form post.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/rfqs", get(rfqs::list).post(rfq_form::create))
        .route("/rfqs/new", get(rfq_form::new_form))
        .route("/rfqs/{id}", get(rfqs::page))
        .route("/rfqs/{id}/approval", post(rfqs::decide))
        .route("/rfqs/{id}/suppliers", post(rfqs::add_suppliers))
        .route(
            "/rfqs/{id}/bids/{bid}/messages",
            post(rfqs::post_message).layer(axum::extract::DefaultBodyLimit::max(
                crate::actions::proofs::MAX_ROUND_BYTES,
            )),
        )
        .route(
            "/rfqs/{id}/files",
            post(rfqs::add_files).layer(axum::extract::DefaultBodyLimit::max(
                crate::actions::proofs::MAX_ROUND_BYTES,
            )),
        )
        .route("/rfqs/{id}/bids/{bid}/{step}", post(rfqs::bid_step))
        .route(
            "/rfqs/{id}/contracts/{contract}/sign",
            post(rfq_contracts::sign),
        )
        .route(
            "/rfqs/{id}/contracts/{contract}/revise",
            post(rfq_contracts::revise),
        )
        .route("/catalogue", get(rfq_form::catalogue))
        .route(
            "/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route("/organisations/{id}", get(organisations::page))
        .route("/organisations/{id}/members", post(organisations::invite))
        .route("/contracts", get(deliveries::list))
        .route("/contracts/{id}", get(deliveries::page))
        .route("/contracts/{id}/ship", post(deliveries::ship))
        .route(
            "/contracts/{id}/shipments/{number}/receive",
            post(deliveries::receive),
        )
        .route(
            "/contracts/{id}/returns",
            post(deliveries::request_return).layer(axum::extract::DefaultBodyLimit::max(
                crate::actions::proofs::MAX_ROUND_BYTES,
            )),
        )
        .route(
            "/contracts/{id}/returns/{ret}/step",
            post(deliveries::return_step),
        )
        .route("/contracts/{id}/invoices", post(billing::issue))
        .route(
            "/contracts/{id}/invoices/{invoice}/payments",
            post(billing::pay).layer(axum::extract::DefaultBodyLimit::max(
                crate::actions::proofs::MAX_ROUND_BYTES,
            )),
        )
        .route(
            "/contracts/{id}/invoices/{invoice}/payments/{payment}/answer",
            post(billing::answer),
        )
        .route(
            "/contracts/{id}/invoices/{invoice}/cancel",
            post(billing::cancel),
        )
        .route(
            "/contracts/{id}/invoices/{invoice}/online",
            post(billing::pay_online),
        )
}
