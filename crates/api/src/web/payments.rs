//! The order page's payments card (staff who manage orders): what was
//! received and refunded, and a form to record a bank transfer, a cheque
//! or cash on delivery. The rules are the domain's ([`record`]); a
//! refusal comes back as a flash keeping what was typed.
//!
//! [`record`]: orderhub_domain::model::record

use super::flash::{Flash, back_to};
use super::i18n::Lang;
use super::numbers::money;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use orderhub_domain::model::{NewPayment, Order, Payment, PaymentKind, PaymentMethod};
use orderhub_domain::{Capability, ErrorCode};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The form's key for keeping what was typed.
const FORM: &str = "payment";

/// One recorded payment as the card lists it.
pub(super) struct PaymentRow {
    pub when: String,
    pub kind: &'static str,
    pub method: &'static str,
    pub amount: String,
    pub reference: String,
    pub by: String,
}

/// The card: the payments so far and the pick-lists of the form.
pub(super) struct PaymentsCard {
    pub rows: Vec<PaymentRow>,
    /// (value, label, chosen) of each kind and method.
    pub kinds: Vec<(&'static str, &'static str, bool)>,
    pub methods: Vec<(&'static str, &'static str, bool)>,
    /// What was typed, when a refusal brought the form back.
    pub amount: String,
    pub reference: String,
}

/// The card for `order`, or `None` for someone who may not record money.
pub(super) async fn card(
    s: &AppState,
    layout: &Layout,
    can: bool,
    order: &Order,
) -> Result<Option<PaymentsCard>, ApiError> {
    if !can {
        return Ok(None);
    }
    let lang = layout.lang;
    let rows = s
        .store
        .payments(&order.id)
        .await?
        .iter()
        .map(|p| row(layout, p, &order.currency))
        .collect();
    let typed = |field| layout.typed(FORM, field).to_owned();
    let (kind, method) = (typed("kind"), typed("method"));
    Ok(Some(PaymentsCard {
        rows,
        kinds: PaymentKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str(),
                    label(lang, "kind", k.as_str()),
                    kind == k.as_str(),
                )
            })
            .collect(),
        methods: PaymentMethod::ALL
            .iter()
            .map(|m| {
                (
                    m.as_str(),
                    label(lang, "method", m.as_str()),
                    method == m.as_str(),
                )
            })
            .collect(),
        amount: typed("amount"),
        reference: typed("reference"),
    }))
}

fn label(lang: Lang, what: &str, value: &str) -> &'static str {
    lang.t(&format!("payment-{what}_{value}"))
}

fn row(layout: &Layout, p: &Payment, currency: &str) -> PaymentRow {
    PaymentRow {
        when: layout.when(Some(p.recorded_at)),
        kind: label(layout.lang, "kind", p.kind.as_str()),
        method: label(layout.lang, "method", p.method.as_str()),
        amount: money(layout.lang, p.amount, currency),
        reference: p.reference.clone().unwrap_or_default(),
        by: p.recorded_by.clone(),
    }
}

/// The form as posted.
#[derive(serde::Deserialize)]
pub struct PaymentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reference: String,
}

/// Records a payment or refund from the order page.
pub async fn record_payment(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<PaymentForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let back = format!("/orders/{id}");
    let typed = [
        ("kind", form.kind.as_str()),
        ("method", form.method.as_str()),
        ("amount", form.amount.as_str()),
        ("reference", form.reference.as_str()),
    ];
    let new = parse(&form).map_err(|(field, code)| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, "see the field").field(field)
    });
    let result = match new {
        Ok(new) => s
            .store
            .record_payment(&p.actor, &id, new)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let lang = layout.lang;
    let amount = form.amount.trim().to_owned();
    back_to(
        &s,
        &layout,
        &back,
        result,
        |o: &Order| {
            let status = lang.t(&format!("payment-{}", o.payment_status.as_str()));
            let amount =
                Decimal::from_str(&amount).map_or(amount.clone(), |a| money(lang, a, &o.currency));
            Flash::done(lang.fill(
                "flash-payment_recorded",
                &[("amount", amount.into()), ("status", status.into())],
            ))
        },
        |f| f.keeping(FORM, typed),
    )
}

fn parse(form: &PaymentForm) -> Result<NewPayment, (&'static str, ErrorCode)> {
    let kind = PaymentKind::parse(&form.kind).ok_or(("kind", ErrorCode::Required))?;
    let method = PaymentMethod::parse(&form.method).ok_or(("method", ErrorCode::Required))?;
    let amount =
        Decimal::from_str(form.amount.trim()).map_err(|_| ("amount", ErrorCode::InvalidNumber))?;
    Ok(NewPayment {
        kind,
        method,
        amount,
        reference: Some(form.reference.trim().to_owned()).filter(|r| !r.is_empty()),
    })
}
