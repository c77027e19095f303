//! `/contracts`: signed contracts and their delivery in the web app — the
//! list in the reader's scope, a contract's page (lines, shipments with
//! tracking, receipt, returns) and the forms of each side: the supplier
//! ships in parts and answers returns; the purchaser inspects each
//! shipment and asks for returns with photos. The rules are
//! `orderhub_domain::b2b`'s; a refusal comes back as a flash.

use super::delivery_view::{DeliveryView, methods, view};
use super::flash::{Flash, back_to, refuse_value};
use super::posted::{Posted, field, fields, keep, line_numbers, number, text};
use super::rfq_view::party;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::proofs::store_files;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::b2b::delivery::{
    NewShipment, NewShipmentLine, ReplacementShipment, ShipMethod,
};
use orderhub_domain::b2b::receipt::{NewReceipt, ReceiptLine};
use orderhub_domain::b2b::returns::{NewReturn, ReturnAnswer, ReturnKind, ReturnLine, ReturnStep};
use orderhub_domain::b2b::{Contract, ContractStatus};
use orderhub_domain::{Capability, ErrorCode};
use std::collections::HashMap;

/// One contract in the list.
pub(super) struct ContractRow {
    pub id: String,
    pub number: String,
    pub version: i64,
    pub buyer: String,
    pub seller: String,
    pub total: String,
    pub status: String,
    pub status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "contracts.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ContractRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "contract.html")]
struct ContractPage {
    layout: Layout,
    d: DeliveryView,
    b: super::billing_view::BillingView,
    methods: Vec<(&'static str, &'static str)>,
    today: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "contract_unsigned.html")]
struct UnsignedPage {
    layout: Layout,
    number: String,
    rfq_id: String,
}

/// The latest version of each bid's contract, in force or to sign.
fn latest(contracts: Vec<Contract>) -> Vec<Contract> {
    let mut out: Vec<Contract> = Vec::new();
    for c in contracts {
        match out.iter_mut().find(|o| o.bid_id == c.bid_id) {
            Some(o) if o.terms.version < c.terms.version => *o = c,
            Some(_) => {}
            None => out.push(c),
        }
    }
    out.reverse();
    out
}

/// `/contracts`: the reader's contracts, newest first, each with where its
/// delivery stands in the reader's words.
pub async fn list(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let lang = layout.lang;
    let mut rows = Vec::new();
    for c in latest(s.store.list_contracts(&p.scope, None).await?) {
        let delivered = s.store.contract_delivery(&c.id, &p.scope).await.ok();
        let (status, status_class) = match &delivered {
            Some(d) => (
                layout
                    .t(&format!("label-{}", d.status_label.as_str()))
                    .to_owned(),
                d.order_status.family().as_str(),
            ),
            None => (
                lang.t(&format!("contract-{}", c.status.as_str()))
                    .to_owned(),
                "waiting",
            ),
        };
        rows.push(ContractRow {
            id: c.id.clone(),
            number: c.terms.number.clone(),
            version: c.terms.version,
            buyer: c.terms.buyer.name.clone(),
            seller: c.terms.seller.name.clone(),
            total: super::numbers::money(lang, c.terms.total, &c.terms.currency),
            status,
            status_class,
        });
    }
    Ok(ListPage { layout, rows }.into_response())
}

/// `/contracts/{id}`: a contract's delivery.
pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let Some(c) = super::found(s.store.get_contract(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    if c.status == ContractStatus::AwaitingSignatures && c.terms.version == 1 {
        let number = c.terms.number.clone();
        return Ok(UnsignedPage {
            layout,
            number,
            rfq_id: c.rfq_id,
        }
        .into_response());
    }
    let d = s.store.contract_delivery(&id, &p.scope).await?;
    // the page reads the version in force, whichever version was asked
    let c = match d.contract_id == c.id {
        true => c,
        false => s.store.get_contract(&d.contract_id, &p.scope).await?,
    };
    let account = s.store.contract_account(&id, &p.scope).await?;
    let side = party(&p);
    let buyer = side == orderhub_domain::b2b::BidParty::Purchaser;
    Ok(ContractPage {
        b: super::billing_view::view(&layout, &account, (!buyer, buyer), &online(&s)),
        d: view(&layout, &c, &d, side),
        methods: methods(&layout),
        today: time::OffsetDateTime::now_utc().date().to_string(),
        layout,
    }
    .into_response())
}

/// The units typed per line in `qty_<n>` (blank or 0: none).
fn quantities(form: &HashMap<String, String>) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut out = Vec::new();
    for no in line_numbers(form, "qty_") {
        if let Some(q) = number::<i64>(form, &format!("qty_{no}"))?.filter(|q| *q != 0) {
            out.push((no, q));
        }
    }
    Ok(out)
}

/// The supplier (or staff) sends part of the contract.
pub async fn ship(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Deliver)?;
    let back = format!("/contracts/{id}");
    let Some(method) = ShipMethod::parse(field(&form, "method")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "method",
            ErrorCode::InvalidValue,
        ));
    };
    let lines = match quantities(&form) {
        Ok(l) => l,
        Err(e) => {
            return back_to(
                &s,
                &layout,
                &back,
                Err::<(), _>(e),
                |_| Flash::done(""),
                |f| keep(f, "ship", &form),
            );
        }
    };
    let new = NewShipment {
        method,
        carrier: field(&form, "carrier").to_owned(),
        tracking_number: field(&form, "tracking_number").to_owned(),
        shipped_on: text(&form, "shipped_on"),
        expected_on: text(&form, "expected_on"),
        note: text(&form, "note"),
        lines: lines
            .into_iter()
            .map(|(line_no, quantity)| NewShipmentLine { line_no, quantity })
            .collect(),
    };
    let result = s.store.ship_contract(&p.actor, &p.scope, &id, new).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |sh| Flash::done(lang.fill("delivery-done_shipped", &[("n", sh.number.into())])),
        |f| keep(f, "ship", &form),
    )
}

/// The purchaser inspects shipment `number`.
pub async fn receive(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, shipment)): Path<(String, i64)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Purchase)?;
    let back = format!("/contracts/{id}");
    let mut lines = Vec::new();
    for no in line_numbers(&form, "accepted_") {
        let count = |name: &str| number::<i64>(&form, &format!("{name}_{no}"));
        let (accepted, rejected) = match (count("accepted"), count("rejected")) {
            (Ok(a), Ok(r)) => (a.unwrap_or(0), r.unwrap_or(0)),
            (Err(e), _) | (_, Err(e)) => {
                return back_to(
                    &s,
                    &layout,
                    &back,
                    Err::<(), _>(e),
                    |_| Flash::done(""),
                    |f| f,
                );
            }
        };
        lines.push(ReceiptLine {
            line_no: no,
            accepted,
            rejected,
            reason: text(&form, &format!("reason_{no}")),
        });
    }
    let receipt = NewReceipt {
        lines,
        note: text(&form, "note"),
    };
    let result = s
        .store
        .receive_shipment(&p.actor, &p.scope, &id, shipment, receipt)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |_| Flash::done(lang.fill("delivery-done_received", &[("n", shipment.into())])),
        |f| keep(f, &format!("receive-{shipment}"), &form),
    )
}

/// The purchaser asks for a return or exchange, with photos: every file
/// is checked before anything is written.
pub async fn request_return(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let back = format!("/contracts/{id}");
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    p.require(Capability::Purchase)?;
    let texts: HashMap<String, String> = form.texts.clone();
    let Some(kind) = ReturnKind::parse(&form.text("kind")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "kind",
            ErrorCode::InvalidValue,
        ));
    };
    let result = async {
        let lines = quantities(&texts)?
            .into_iter()
            .map(|(line_no, quantity)| ReturnLine { line_no, quantity })
            .collect();
        let new = NewReturn {
            kind,
            reason: form.text("reason"),
            lines,
        };
        let files = store_files(&s, form.files).await?;
        let r = s.store.request_return(&p.actor, &p.scope, &id, new).await?;
        if files.is_empty() {
            return Ok(r);
        }
        let names = files.into_iter().map(|f| f.name).collect();
        Ok::<_, ApiError>(s.store.add_return_files(&p.scope, &r.id, names).await?)
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |r| Flash::done(lang.fill("delivery-done_return", &[("n", r.number.into())])),
        |f| keep(f, "return", &texts),
    )
}

/// A step on a return: the supplier's answer or the purchaser's withdrawal.
pub async fn return_step(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, ret)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ReadRfqs)?;
    let back = format!("/contracts/{id}");
    let Some(step) = ReturnStep::parse(field(&form, "step")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "step",
            ErrorCode::InvalidValue,
        ));
    };
    let shipment = match (step, ShipMethod::parse(field(&form, "method"))) {
        (ReturnStep::ShipReplacement, Some(method)) => Some(ReplacementShipment {
            method,
            carrier: field(&form, "carrier").to_owned(),
            tracking_number: field(&form, "tracking_number").to_owned(),
            shipped_on: None,
            expected_on: text(&form, "expected_on"),
            note: None,
        }),
        (ReturnStep::ShipReplacement, None) => {
            return Ok(refuse_value(
                &s,
                &layout,
                &back,
                "method",
                ErrorCode::InvalidValue,
            ));
        }
        _ => None,
    };
    let answer = ReturnAnswer {
        step,
        reason: text(&form, "reason"),
        shipment,
    };
    let result = s
        .store
        .answer_return(&p.actor, &p.scope, &ret, answer)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |r| Flash::done(lang.fill("delivery-done_step", &[("n", r.number.into())])),
        |f| keep(f, &format!("return-{ret}"), &form),
    )
}

/// The providers invoices may be paid online with on this server.
fn online(s: &AppState) -> Vec<orderhub_domain::b2b::invoice::PayMethod> {
    let mut out = Vec::new();
    if s.config.stripe.is_some() {
        out.push(orderhub_domain::b2b::invoice::PayMethod::Stripe);
    }
    if s.config.alipay.is_some() && s.config.public_url.is_some() {
        out.push(orderhub_domain::b2b::invoice::PayMethod::Alipay);
    }
    if s.config.wechat.is_some() && s.config.public_url.is_some() {
        out.push(orderhub_domain::b2b::invoice::PayMethod::WechatPay);
    }
    out
}
