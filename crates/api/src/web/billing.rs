//! The money forms of a contract's page: the supplier issues an invoice,
//! withdraws one nobody paid, and confirms or rejects a reported payment;
//! the purchaser records a payment with its proof. The rules are
//! `orderhub_domain::b2b::invoice`'s; a refusal comes back as a flash.

use super::flash::{Flash, back_to, refuse_value, refused};
use super::posted::{Posted, field, fields, keep, number, text};
use super::{Session, check_post};
use crate::AppState;
use crate::actions::proofs::store_files;
use crate::problem::ApiError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::b2b::invoice::{
    NewInvoice, NewPayment, PayMethod, PaymentAnswer, PaymentDecision,
};
use orderhub_domain::{Capability, ErrorCode};
use rust_decimal::Decimal;

/// The supplier (or staff) invoices the contract.
pub async fn issue(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Deliver)?;
    let back = format!("/contracts/{id}#billing");
    let amounts = (
        number::<Decimal>(&form, "amount"),
        number::<Decimal>(&form, "percent"),
    );
    let (amount, percent) = match amounts {
        (Ok(a), Ok(p)) => (a, p),
        (Err(e), _) | (_, Err(e)) => {
            let flash = keep(refused(&layout, &e), "invoice", &form);
            return Ok(super::flash::redirect(&s, &layout, &back, flash));
        }
    };
    let new = NewInvoice {
        milestone: text(&form, "milestone"),
        amount,
        percent,
        due_on: text(&form, "due_on"),
        pay_to: text(&form, "pay_to"),
        note: text(&form, "note"),
    };
    let result = s.store.issue_invoice(&p.actor, &p.scope, &id, new).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |i| {
            Flash::done(lang.fill(
                "billing-done_issued",
                &[("number", i.number.clone().into())],
            ))
        },
        |f| keep(f, "invoice", &form),
    )
}

/// The purchaser records a payment of an invoice, with its proof: the
/// files are checked before anything is written.
pub async fn pay(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, invoice)): Path<(String, String)>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let back = format!("/contracts/{id}#billing");
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    p.require(Capability::Purchase)?;
    let texts = form.texts.clone();
    let Some(method) = PayMethod::parse(&form.text("method")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "method",
            ErrorCode::InvalidValue,
        ));
    };
    let result = async {
        let amount = number::<Decimal>(&texts, "amount")?.unwrap_or_default();
        let new = NewPayment {
            method,
            amount,
            reference: form.text("reference"),
            paid_on: Some(form.text("paid_on")),
            note: None,
        };
        let files = store_files(&s, form.files).await?;
        let i = s
            .store
            .report_payment(&p.actor, &p.scope, &invoice, new)
            .await?;
        let Some(payment) = i.payments.last().filter(|_| !files.is_empty()) else {
            return Ok(i);
        };
        let names = files.into_iter().map(|f| f.name).collect();
        Ok::<_, ApiError>(
            s.store
                .add_payment_files(&p.scope, &invoice, &payment.id, names)
                .await?,
        )
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |i| Flash::done(lang.fill("billing-done_paid", &[("number", i.number.clone().into())])),
        |f| keep(f, &format!("pay-{invoice}"), &texts),
    )
}

/// The supplier (or staff) confirms the funds of a payment arrived, or
/// says they did not.
pub async fn answer(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, invoice, payment)): Path<(String, String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Deliver)?;
    let back = format!("/contracts/{id}#billing");
    let Some(decision) = PaymentDecision::parse(field(&form, "decision")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "decision",
            ErrorCode::InvalidValue,
        ));
    };
    let answer = PaymentAnswer {
        decision,
        reason: text(&form, "reason"),
    };
    let result = s
        .store
        .answer_payment(&p.actor, &p.scope, &invoice, &payment, answer)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |i| {
            Flash::done(lang.fill(
                "billing-done_answered",
                &[("number", i.number.clone().into())],
            ))
        },
        |f| f,
    )
}

/// The supplier withdraws an invoice nobody paid.
pub async fn cancel(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, invoice)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Deliver)?;
    let result = s.store.cancel_invoice(&p.actor, &p.scope, &invoice).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/contracts/{id}#billing"),
        result,
        |i| {
            Flash::done(lang.fill(
                "billing-done_cancelled",
                &[("number", i.number.clone().into())],
            ))
        },
        |f| f,
    )
}

/// The purchaser pays an invoice online: a checkout with the provider, and
/// the browser goes to the provider's payment page.
pub async fn pay_online(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, invoice)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    let back = format!("/contracts/{id}#billing");
    let Some(provider) = PayMethod::parse(field(&form, "provider")) else {
        return Ok(refuse_value(
            &s,
            &layout,
            &back,
            "provider",
            ErrorCode::InvalidValue,
        ));
    };
    match crate::actions::checkout::open_checkout(&s, &p, &invoice, provider).await {
        // WeChat Pay Native is paid by scanning: the page shows the code
        Ok(opened) if provider == PayMethod::WechatPay => Ok(WechatPage {
            qr: qr_svg(&opened.url),
            amount: super::numbers::money(layout.lang, opened.amount, &opened.currency),
            expires: layout.when(Some(opened.expires_at)),
            back,
            layout,
        }
        .into_response()),
        Ok(opened) => Ok(axum::response::Redirect::to(&opened.url).into_response()),
        // a provider that would not open it is said on the page
        Err(e) if e.status.is_server_error() && e.status != axum::http::StatusCode::BAD_GATEWAY => {
            Err(e)
        }
        Err(e) => Ok(super::flash::redirect(
            &s,
            &layout,
            &back,
            refused(&layout, &e),
        )),
    }
}

/// The WeChat Pay page: the Native order's code to scan.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "pay_wechat.html")]
struct WechatPage {
    layout: super::Layout,
    /// The code as SVG, drawn from the provider's `code_url` only.
    qr: String,
    amount: String,
    expires: String,
    back: String,
}

/// `content` as a QR code in SVG (black on white, 4 px a module).
fn qr_svg(content: &str) -> String {
    match qrcode::QrCode::new(content.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .build(),
        Err(_) => String::new(),
    }
}
