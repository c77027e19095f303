//! Paying invoices online: `POST /invoices/{id}/checkout` opens a
//! checkout with a provider for what the invoice still waits for and
//! answers where the buyer pays; the provider's notification (verified by
//! its signature, within its time window) records the payment as
//! confirmed, once per provider transaction: Stripe Checkout, Alipay
//! page payment, WeChat Pay Native.

use crate::AppState;
use crate::actions::checkout::{CheckoutOpened, no_such_endpoint, open_checkout};
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orderhub_channels::pay::{NoticeRefused, alipay, stripe, wechat};
use orderhub_domain::ErrorCode;
use orderhub_domain::b2b::invoice::PayMethod;
use orderhub_store::Recorded;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkout))
        .routes(routes!(stripe_webhook))
        .routes(routes!(alipay_notify))
        .routes(routes!(wechat_notify))
}

/// `POST /invoices/{id}/checkout`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckoutAsked {
    /// `stripe` (`alipay` and `wechat_pay` come next).
    provider: PayMethod,
}

/// The purchaser pays an invoice online: a checkout for all the invoice
/// still waits for, open an hour; the answer's `url` is the provider's
/// payment page. The payment is recorded when the provider notifies it.
/// 422 `provider_not_configured`; 409 `nothing_to_pay`; 502
/// `provider_failed` when the provider would not open it.
#[utoipa::path(post, path = "/invoices/{id}/checkout", tag = "b2b", params(("id" = String, Path)),
    request_body = CheckoutAsked,
    responses((status = 201, body = CheckoutOpened), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem)))]
async fn checkout(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(asked): ApiJson<CheckoutAsked>,
) -> Result<(StatusCode, Json<CheckoutOpened>), ApiError> {
    let opened = open_checkout(&s, &p, &id, asked.provider).await?;
    Ok((StatusCode::CREATED, Json(opened)))
}

/// Received.
#[derive(Debug, Serialize, ToSchema)]
struct Acknowledged {
    received: bool,
    /// `recorded`, `recorded_late` (after the checkout expired or the
    /// invoice was settled: refund it), `already_recorded`, `ignored`.
    outcome: &'static str,
}

/// Stripe's webhook: `checkout.session.completed` (and
/// `async_payment_succeeded`) signed with the endpoint's secret records
/// the payment. 401 `invalid_signature`, `stale_notification` (signed more
/// than 5 minutes away: a replay); 409 `amount_mismatch` (another amount
/// than was asked: nothing is recorded); other events are acknowledged
/// and ignored.
#[utoipa::path(post, path = "/payments/stripe/webhook", tag = "b2b",
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = Acknowledged), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 404, body = Problem)),
    security(()))]
async fn stripe_webhook(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Acknowledged>, ApiError> {
    let cfg = s
        .config
        .stripe
        .clone()
        .ok_or_else(|| no_such_endpoint(PayMethod::Stripe))?;
    let header = headers
        .get("stripe-signature")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let notice = match stripe::verify(&cfg.webhook_secret, header, &body, now) {
        Ok(n) => n,
        Err(NoticeRefused::NotAPayment(_)) => {
            return Ok(Json(Acknowledged {
                received: true,
                outcome: "ignored",
            }));
        }
        Err(e) => return Err(refused(e)),
    };
    let outcome = match s
        .store
        .record_online_payment(PayMethod::Stripe, &notice)
        .await?
    {
        Recorded::New { late: false } => "recorded",
        Recorded::New { late: true } => "recorded_late",
        Recorded::Again => "already_recorded",
    };
    Ok(Json(Acknowledged {
        received: true,
        outcome,
    }))
}

/// Alipay's asynchronous notification (a form, signed RSA2 by Alipay):
/// a trade that succeeded records the payment; the answer is the text
/// `success`, which stops Alipay's retries. A refused one (401
/// `invalid_signature`, 409 `amount_mismatch`, 404 an unknown checkout)
/// records nothing, and Alipay tries again later.
#[utoipa::path(post, path = "/payments/alipay/notify", tag = "b2b",
    request_body(content = String, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "`success`", body = String), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 404, body = Problem)),
    security(()))]
async fn alipay_notify(State(s): State<AppState>, body: Bytes) -> Result<&'static str, ApiError> {
    let cfg = s
        .config
        .alipay
        .clone()
        .ok_or_else(|| no_such_endpoint(PayMethod::Alipay))?;
    let params: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    match alipay::verify(&cfg.keys, &params) {
        Ok(notice) => {
            s.store
                .record_online_payment(PayMethod::Alipay, &notice)
                .await?;
            Ok("success")
        }
        // verified, but nothing to record (a trade still waiting, closed)
        Err(NoticeRefused::NotAPayment(_)) => Ok("success"),
        Err(e) => Err(refused(e)),
    }
}

/// WeChat Pay's payment notification (JSON, signed by the platform key in
/// `Wechatpay-*` headers, the transaction encrypted under the APIv3 key):
/// a `SUCCESS` transaction records the payment; 204 stops WeChat Pay's
/// retries. Refused (nothing recorded, WeChat Pay tries again): 401
/// `invalid_signature`, `stale_notification`; 409 `amount_mismatch`; 404
/// an unknown checkout.
#[utoipa::path(post, path = "/payments/wechat/notify", tag = "b2b",
    request_body(content = String, content_type = "application/json"),
    responses((status = 204, description = "recorded"), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 404, body = Problem)),
    security(()))]
async fn wechat_notify(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let cfg = s
        .config
        .wechat
        .clone()
        .ok_or_else(|| no_such_endpoint(PayMethod::WechatPay))?;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
    };
    let signed = wechat::Signed {
        timestamp: header("wechatpay-timestamp"),
        nonce: header("wechatpay-nonce"),
        signature: header("wechatpay-signature"),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match wechat::verify_notification(&cfg.keys, &signed, &body, now) {
        Ok(notice) => {
            s.store
                .record_online_payment(PayMethod::WechatPay, &notice)
                .await?;
            Ok(StatusCode::NO_CONTENT)
        }
        Err(NoticeRefused::NotAPayment(_)) => Ok(StatusCode::NO_CONTENT),
        Err(e) => Err(refused(e)),
    }
}

/// A notification refused, as the provider should see it.
fn refused(e: NoticeRefused) -> ApiError {
    let (status, code) = match e {
        NoticeRefused::BadSignature => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidSignature),
        NoticeRefused::Stale => (StatusCode::UNAUTHORIZED, ErrorCode::StaleNotification),
        NoticeRefused::Malformed(_) | NoticeRefused::NotAPayment(_) => {
            (StatusCode::BAD_REQUEST, ErrorCode::MalformedJson)
        }
    };
    tracing::warn!(error = %e, "payment notification refused");
    ApiError::new(status, code, e.to_string())
}
