//! `/rfqs` and `/bids`: requests for quotation and the negotiation of
//! each supplier's bid (`orderhub_domain::b2b` holds the rules). A
//! purchaser sees its organisation's requests, a supplier those sent to
//! it and only its own bid, staff everything.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::b2b::{
    Acceptance, AddSuppliers, BidAction, BidMessage, CounterOffer, NewBidMessage, NewQuote, NewRfq,
    Reason, Rfq, RfqDecision, RfqStatus,
};
use orderhub_domain::model::{Event, Page};
use orderhub_domain::{Capability, ErrorCode, ValidationError};
use orderhub_store::RfqFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rfqs, create_rfq))
        .routes(routes!(get_rfq))
        .routes(routes!(rfq_events))
        .routes(routes!(decide))
        .routes(routes!(add_suppliers))
        .routes(routes!(cancel))
        .routes(routes!(quote))
        .routes(routes!(reject))
        .routes(routes!(counter))
        .routes(routes!(accept))
        .routes(routes!(decline))
        .routes(routes!(messages, post_message))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct RfqQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    status: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// Requests in the caller's scope, newest first, with their bids.
#[utoipa::path(get, path = "/rfqs", tag = "b2b", params(RfqQuery),
    responses((status = 200, body = Page<Rfq>), (status = 422, body = Problem)))]
async fn list_rfqs(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<RfqQuery>,
) -> Result<Json<Page<Rfq>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let status = q
        .status
        .map(|t| {
            RfqStatus::parse(&t).ok_or_else(|| {
                ValidationError::new(
                    "status",
                    ErrorCode::InvalidStatus,
                    format!("no status {t:?}"),
                )
            })
        })
        .transpose()?;
    let filter = RfqFilter {
        status,
        limit: page_limit(q.limit)?,
        cursor: q.cursor,
    };
    Ok(Json(s.store.list_rfqs(&filter, &p.scope).await?))
}

/// A purchaser's request for quotation (采购订单): catalogue products
/// (`product_id`) or free-text items, each with quantity, specs, quality
/// and date; where the goods go (default: the organisation's delivery
/// address); the suppliers to ask (ids or codes; a catalogue line asks its
/// supplier too; none: staff choose). It goes out at once, or waits for an
/// approver when its estimate reaches the organisation's limit.
#[utoipa::path(post, path = "/rfqs", tag = "b2b", request_body = NewRfq,
    responses((status = 201, body = Rfq), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_rfq(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(new): ApiJson<NewRfq>,
) -> Result<(StatusCode, Json<Rfq>), ApiError> {
    p.require(Capability::Purchase)?;
    let rfq = s
        .store
        .create_rfq(&p.actor, &p.scope, p.is_approver(), new)
        .await?;
    Ok((StatusCode::CREATED, Json(rfq)))
}

/// One request as the caller sees it: a supplier gets no target prices,
/// no estimate and only its own bid; another party's request is not
/// found.
#[utoipa::path(get, path = "/rfqs/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Rfq), (status = 404, body = Problem)))]
async fn get_rfq(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.get_rfq(&id, &p.scope).await?))
}

/// The request's history, oldest first (a supplier: its own bid's events,
/// the other side's people shown as `counterparty`).
#[utoipa::path(get, path = "/rfqs/{id}/events", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = Problem)))]
async fn rfq_events(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Event>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.rfq_events(&id, &p.scope).await?))
}

/// An approver of the organisation approves a waiting request (it goes
/// to its suppliers) or refuses it with a `comment` (it is cancelled):
/// 403 `not_an_approver`, 409 `nothing_to_approve`.
#[utoipa::path(post, path = "/rfqs/{id}/approval", tag = "b2b", params(("id" = String, Path)),
    request_body = RfqDecision,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn decide(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<RfqDecision>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Purchase)?;
    let rfq = s
        .store
        .decide_rfq(&p.actor, &p.scope, p.is_approver(), &id, decision)
        .await?;
    Ok(Json(rfq))
}

/// Asks more suppliers on an open request: its purchaser, or staff
/// routing a request that named none (409 `rfq_closed` once it is not
/// open).
#[utoipa::path(post, path = "/rfqs/{id}/suppliers", tag = "b2b", params(("id" = String, Path)),
    request_body = AddSuppliers,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn add_suppliers(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(add): ApiJson<AddSuppliers>,
) -> Result<Json<Rfq>, ApiError> {
    if !p.role.is_staff() {
        p.require(Capability::Purchase)?;
    }
    let rfq = s
        .store
        .add_rfq_suppliers(&p.actor, &p.scope, &id, &add.suppliers)
        .await?;
    Ok(Json(rfq))
}

/// Withdraws a request not yet agreed (its purchaser, or staff), with a
/// `reason` the suppliers are told.
#[utoipa::path(post, path = "/rfqs/{id}/cancel", tag = "b2b", params(("id" = String, Path)),
    request_body = Reason,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn cancel(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(reason): ApiJson<Reason>,
) -> Result<Json<Rfq>, ApiError> {
    if !p.role.is_staff() {
        p.require(Capability::Purchase)?;
    }
    let reason = reason.required()?;
    Ok(Json(
        s.store.cancel_rfq(&p.actor, &p.scope, &id, reason).await?,
    ))
}

/// One step on a bid, by the caller.
async fn on_bid(
    s: &AppState,
    p: &Principal,
    id: &str,
    action: BidAction,
) -> Result<Json<Rfq>, ApiError> {
    Ok(Json(
        s.store.bid_step(&p.actor, &p.scope, id, action).await?,
    ))
}

/// The supplier quotes (报价单), or quotes again: per line the unit price
/// (quantity defaults to the one asked), lead time, delivery date and
/// quality; shipping, payment terms and the last day it holds. Each quote
/// is a new numbered version.
#[utoipa::path(post, path = "/bids/{id}/quotes", tag = "b2b", params(("id" = String, Path)),
    request_body = NewQuote,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn quote(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(q): ApiJson<NewQuote>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Quote)?;
    on_bid(&s, &p, &id, BidAction::Quote(q)).await
}

/// The supplier will not quote (stock, capacity…) or will not take the
/// counter-offer; the `reason` is required and the purchaser sees it.
#[utoipa::path(post, path = "/bids/{id}/reject", tag = "b2b", params(("id" = String, Path)),
    request_body = Reason,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reject(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(reason): ApiJson<Reason>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Quote)?;
    on_bid(&s, &p, &id, BidAction::Reject(reason.required()?)).await
}

/// The purchaser counter-offers: per line a price, quantity, date or
/// quality standard; shipping or terms. A new numbered version the
/// supplier answers.
#[utoipa::path(post, path = "/bids/{id}/counter", tag = "b2b", params(("id" = String, Path)),
    request_body = CounterOffer,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn counter(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(c): ApiJson<CounterOffer>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Purchase)?;
    on_bid(&s, &p, &id, BidAction::Counter(c)).await
}

/// Accepts the other side's latest version, named by the `version` read
/// (409 `version_superseded` otherwise): the purchaser a quote (409
/// `quote_expired` after its last day; `line_awarded` when another
/// supplier has a line), the supplier a counter-offer.
#[utoipa::path(post, path = "/bids/{id}/accept", tag = "b2b", params(("id" = String, Path)),
    request_body = Acceptance,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn accept(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<Acceptance>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    if p.role.is_staff() {
        p.require(Capability::Purchase)?;
    }
    on_bid(&s, &p, &id, BidAction::Accept(a.version)).await
}

/// The purchaser turns the quote down (`reason` optional).
#[utoipa::path(post, path = "/bids/{id}/decline", tag = "b2b", params(("id" = String, Path)),
    request_body = Reason,
    responses((status = 200, body = Rfq), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn decline(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(reason): ApiJson<Reason>,
) -> Result<Json<Rfq>, ApiError> {
    p.require(Capability::Purchase)?;
    let reason = orderhub_domain::validate::optional_text(
        "reason",
        reason.reason.as_deref(),
        orderhub_domain::validate::limits::TEXT,
    )?;
    on_bid(&s, &p, &id, BidAction::Decline(reason)).await
}

/// The bid's thread (洽谈), oldest first.
#[utoipa::path(get, path = "/bids/{id}/messages", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Vec<BidMessage>), (status = 404, body = Problem)))]
async fn messages(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<BidMessage>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.bid_messages(&p.scope, &id).await?))
}

/// Writes in the bid's thread; the other side is told (`bid.message`).
#[utoipa::path(post, path = "/bids/{id}/messages", tag = "b2b", params(("id" = String, Path)),
    request_body = NewBidMessage,
    responses((status = 201, body = BidMessage), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn post_message(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(m): ApiJson<NewBidMessage>,
) -> Result<(StatusCode, Json<BidMessage>), ApiError> {
    p.require(Capability::ReadRfqs)?;
    let body = m.body()?;
    let message = s
        .store
        .post_bid_message(&p.actor, &p.scope, &id, (body, Vec::new()))
        .await?;
    Ok((StatusCode::CREATED, Json(message)))
}
