//! `/rfqs`: requests for quotation in the web app — the list in the
//! reader's scope, a request's page with each bid's versions, thread and
//! contract, and the forms of each step (the rules are
//! `orderhub_domain::b2b`'s; a refusal comes back as a flash).

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, keep, line_numbers, number, text, ticked};
use super::rfq_view::{RfqView, party, side, view};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::proofs::stored_names;
use crate::problem::ApiError;
use crate::routes::contracts::rendered;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::b2b::quote::{CounterLine, NewQuoteLine};
use orderhub_domain::b2b::{BidAction, CounterOffer, NewQuote, RfqDecision, RfqStatus};
use orderhub_domain::{Capability, ErrorCode, Role};
use orderhub_store::RfqFilter;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One request in the list.
pub(super) struct RfqRow {
    pub id: String,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub organisation: String,
    pub needed_by: String,
    pub bids: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "rfqs.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<RfqRow>,
    purchaser: bool,
}

/// `/rfqs`: the requests the reader may see, newest first.
pub async fn list(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let filter = RfqFilter {
        status: None,
        limit: 100,
        cursor: None,
    };
    let lang = layout.lang;
    let party = side(party(&p));
    let rows = s
        .store
        .list_rfqs(&filter, &p.scope)
        .await?
        .items
        .iter()
        .map(|r| {
            let quoted = r.bids.iter().filter(|b| !b.quotes.is_empty()).count();
            RfqRow {
                id: r.id.clone(),
                number: r.number.clone(),
                title: r.title.clone(),
                status: match (party, r.bids.first()) {
                    ("supplier", Some(b)) => lang.t(&format!("bid-{}-supplier", b.status.as_str())),
                    _ => lang.t(&format!("rfq-{}", r.status.as_str())),
                },
                organisation: r.organisation_name.clone(),
                needed_by: r.needed_by.clone(),
                bids: lang.fill(
                    "rfq-bids_summary",
                    &[
                        ("asked", (r.bids.len() as i64).into()),
                        ("quoted", (quoted as i64).into()),
                    ],
                ),
            }
        })
        .collect();
    Ok(ListPage {
        purchaser: p.role == Role::Purchaser,
        layout,
        rows,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "rfq.html")]
struct RequestPage {
    layout: Layout,
    rfq: RfqView,
    supplier: bool,
    today: String,
    /// Quotes side by side (the buyer and staff).
    comparison: Option<super::rfq_compare::Comparison>,
    /// (id, name) of the suppliers the reader may still ask, while the
    /// request is open (the buyer: those with published products; staff:
    /// every active supplier).
    more_suppliers: Vec<(String, String)>,
    /// The purchaser may attach files (the request is still negotiated).
    can_attach: bool,
}

/// The suppliers not asked yet that the reader may add to an open request.
async fn not_asked(
    s: &AppState,
    p: &crate::auth::Principal,
    rfq: &orderhub_domain::b2b::Rfq,
) -> Result<Vec<(String, String)>, ApiError> {
    if rfq.status != RfqStatus::Open || p.role == Role::Supplier {
        return Ok(Vec::new());
    }
    let asked = |id: &str| rfq.bids.iter().any(|b| b.supplier_id == id);
    let mut out: Vec<(String, String)> = match p.role {
        Role::Purchaser => {
            let listed = s
                .store
                .catalogue(&orderhub_store::CatalogueFilter {
                    limit: 200,
                    ..Default::default()
                })
                .await?;
            listed
                .items
                .into_iter()
                .map(|i| (i.supplier_id, i.supplier_name))
                .collect()
        }
        _ => s
            .store
            .list_suppliers()
            .await?
            .into_iter()
            .filter(|x| x.active)
            .map(|x| (x.id, x.name))
            .collect(),
    };
    out.retain(|(id, _)| !asked(id));
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

/// Asks more suppliers on an open request (its buyer, or staff routing it).
pub async fn add_suppliers(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    if !p.role.is_staff() {
        p.require(Capability::Purchase)?;
    }
    let chosen: Vec<String> = ticked(&form, "supplier_");
    let result = s
        .store
        .add_rfq_suppliers(&p.actor, &p.scope, &id, &chosen)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |_| Flash::done(lang.t("rfq-done_asked")),
        |f| f,
    )
}

/// `/rfqs/{id}`: one request as the reader sees it.
pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let Some(rfq) = super::found(s.store.get_rfq(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let mut threads = Vec::with_capacity(rfq.bids.len());
    for b in &rfq.bids {
        threads.push(s.store.bid_messages(&p.scope, &b.id).await?);
    }
    let mut contracts = Vec::new();
    for c in s.store.list_contracts(&p.scope, Some(&id)).await? {
        // a PDF not rendered yet is rendered now, so its hash can be signed;
        // without a font the page still shows the contract
        contracts.push(match c.pdf_sha256 {
            Some(_) => c,
            None => rendered(&s, &p, &c.id).await.unwrap_or(c),
        });
    }
    let approver = p.is_approver();
    let party = party(&p);
    let comparison = match p.role {
        Role::Supplier => None,
        _ => super::rfq_compare::compare(layout.lang, &rfq),
    };
    let more_suppliers = not_asked(&s, &p, &rfq).await?;
    let can_attach = p.role == Role::Purchaser
        && matches!(rfq.status, RfqStatus::AwaitingApproval | RfqStatus::Open);
    let rfq = view(&layout, &rfq, party, approver, &threads, &contracts);
    Ok(RequestPage {
        can_attach,
        supplier: p.role == Role::Supplier,
        today: time::OffsetDateTime::now_utc().date().to_string(),
        comparison,
        more_suppliers,
        layout,
        rfq,
    }
    .into_response())
}

fn quote_of(form: &HashMap<String, String>) -> Result<NewQuote, ApiError> {
    let mut lines = Vec::new();
    for no in line_numbers(form, "price_") {
        // a line left blank is not quoted
        let Some(price) = number::<Decimal>(form, &format!("price_{no}"))? else {
            continue;
        };
        lines.push(NewQuoteLine {
            line_no: no,
            unit_price: price,
            quantity: number(form, &format!("quantity_{no}"))?,
            lead_time_days: number(form, &format!("lead_{no}"))?,
            delivery_date: text(form, &format!("date_{no}")),
            quality: text(form, &format!("quality_{no}")),
            note: None,
        });
    }
    Ok(NewQuote {
        lines,
        shipping_cost: number(form, "shipping")?,
        payment_terms: text(form, "terms"),
        valid_until: field(form, "valid_until").to_owned(),
        note: text(form, "note"),
    })
}

fn counter_of(form: &HashMap<String, String>) -> Result<CounterOffer, ApiError> {
    let mut lines = Vec::new();
    for no in line_numbers(form, "price_") {
        lines.push(CounterLine {
            line_no: no,
            unit_price: number(form, &format!("price_{no}"))?,
            quantity: number(form, &format!("quantity_{no}"))?,
            delivery_date: None,
            quality: None,
        });
    }
    Ok(CounterOffer {
        lines,
        shipping_cost: None,
        payment_terms: None,
        note: text(form, "note"),
    })
}

/// One step on a bid from the request page: `step` is `quote`, `reject`,
/// `counter`, `accept` or `decline`.
pub async fn bid_step(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, bid, step)): Path<(String, String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    let back = format!("/rfqs/{id}");
    // as the API: suppliers (or staff for them) quote and reject, buyers
    // counter and decline, the side that did not write the offer accepts
    let needs = match step.as_str() {
        "quote" | "reject" => Capability::Quote,
        "accept" if !p.role.is_staff() => Capability::ReadRfqs,
        _ => Capability::Purchase,
    };
    p.require(needs)?;
    let action = match step.as_str() {
        "quote" => quote_of(&form).map(BidAction::Quote),
        "counter" => counter_of(&form).map(BidAction::Counter),
        "reject" => Ok(BidAction::Reject(field(&form, "reason").to_owned())),
        "decline" => Ok(BidAction::Decline(text(&form, "reason"))),
        "accept" => number::<i64>(&form, "version").map(|v| BidAction::Accept(v.unwrap_or(0))),
        _ => return Ok(super::not_found(layout)),
    };
    let action = match action {
        Ok(BidAction::Reject(r)) if r.is_empty() => Err(ApiError::from(
            orderhub_domain::ValidationError::new("reason", ErrorCode::ReasonRequired, "say why"),
        )),
        other => other,
    };
    let result = match action {
        Ok(a) => s
            .store
            .bid_step(&p.actor, &p.scope, &bid, a)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |_| Flash::done(lang.t(&format!("rfq-done_{step}"))),
        |f| keep(f, &format!("bid-{bid}-{step}"), &form),
    )
}

/// A message in a bid's thread.
pub async fn post_message(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, bid)): Path<(String, String)>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    p.require(Capability::ReadRfqs)?;
    let result = async {
        let text = orderhub_domain::b2b::NewBidMessage {
            body: form.text("body"),
        };
        let body = match form.files.is_empty() {
            true => text.body()?,
            false => text.caption()?,
        };
        let names = match form.files.is_empty() {
            true => Vec::new(),
            false => stored_names(&s, form, "a file").await?,
        };
        Ok::<_, ApiError>(
            s.store
                .post_bid_message(&p.actor, &p.scope, &bid, (body, names))
                .await?,
        )
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |_| Flash::done(lang.t("rfq-done_message")),
        |f| f,
    )
}

/// The purchaser attaches drawings or specifications to its request.
pub async fn add_files(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    p.require(Capability::Purchase)?;
    let result = async {
        let names = stored_names(&s, form, "a drawing or specification").await?;
        Ok::<_, ApiError>(s.store.add_rfq_files(&p.scope, &id, names).await?)
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |_| Flash::done(lang.t("rfq-done_files")),
        |f| f,
    )
}

/// An approver's decision on a waiting request.
pub async fn decide(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Purchase)?;
    let approver = p.is_approver();
    let decision = RfqDecision {
        approve: field(&form, "decision") == "approve",
        comment: text(&form, "comment"),
    };
    let result = s
        .store
        .decide_rfq(&p.actor, &p.scope, approver, &id, decision)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |r| match r.status {
            RfqStatus::Cancelled => Flash::done(lang.t("rfq-done_refused")),
            _ => Flash::done(lang.t("rfq-done_approved")),
        },
        |f| f,
    )
}
