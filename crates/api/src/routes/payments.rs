//! Paying invoices online: `POST /invoices/{id}/checkout` opens a
//! checkout with a provider for what the invoice still waits for and
//! answers where the buyer pays; the provider's notification (verified by
//! its signature, within its time window) records the payment as
//! confirmed, once per provider transaction. Stripe Checkout today;
//! Alipay and WeChat Pay join through the same checkout and recording.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orderhub_channels::pay::{NoticeRefused, alipay, stripe};
use orderhub_domain::b2b::invoice::PayMethod;
use orderhub_domain::{Capability, ErrorCode};
use orderhub_store::Recorded;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How long a checkout takes payment, in minutes.
const CHECKOUT_MINUTES: i64 = 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkout))
        .routes(routes!(stripe_webhook))
        .routes(routes!(alipay_notify))
}

/// `POST /invoices/{id}/checkout`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckoutAsked {
    /// `stripe` (`alipay` and `wechat_pay` come next).
    provider: PayMethod,
}

/// Where the buyer pays.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckoutOpened {
    checkout_id: String,
    provider: PayMethod,
    #[schema(value_type = String)]
    amount: rust_decimal::Decimal,
    currency: String,
    /// The provider's payment page.
    pub(crate) url: String,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: time::OffsetDateTime,
}

fn not_configured(provider: PayMethod) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::ProviderNotConfigured,
        format!("{provider} is not set up on this server (docs/api.md, \"Paying online\")"),
    )
    .field("provider")
}

/// The purchaser pays an invoice online: a checkout for all the invoice
/// still waits for, open an hour; the answer's `url` is the provider's
/// payment page. The payment is recorded when the provider notifies it.
/// 503 `provider_not_configured`; 409 `nothing_to_pay`; 502
/// `provider_failed` when the provider would not open it.
#[utoipa::path(post, path = "/invoices/{id}/checkout", tag = "b2b", params(("id" = String, Path)),
    request_body = CheckoutAsked,
    responses((status = 201, body = CheckoutOpened), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn checkout(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(asked): ApiJson<CheckoutAsked>,
) -> Result<(StatusCode, Json<CheckoutOpened>), ApiError> {
    let opened = open_checkout(&s, &p, &id, asked.provider).await?;
    Ok((StatusCode::CREATED, Json(opened)))
}

/// Opens a checkout of invoice `id` with `provider` for the purchaser `p`
/// (the API's and the web page's "Pay online").
pub(crate) async fn open_checkout(
    s: &AppState,
    p: &Principal,
    id: &str,
    provider: PayMethod,
) -> Result<CheckoutOpened, ApiError> {
    p.require(Capability::Purchase)?;
    let configured = match provider {
        PayMethod::Stripe => s.config.stripe.is_some(),
        PayMethod::Alipay => s.config.alipay.is_some() && s.config.public_url.is_some(),
        _ => false,
    };
    if !configured {
        return Err(not_configured(provider));
    }
    // another party's invoice is not found before anything is asked
    let invoice = s.store.get_invoice(id, &p.scope).await?;
    if provider == PayMethod::Alipay && invoice.currency != "CNY" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::CurrencyNotSupported,
            format!("Alipay takes CNY; this invoice is in {}", invoice.currency),
        )
        .field("provider"));
    }
    let c = s
        .store
        .open_checkout(&p.actor, &p.scope, id, provider, CHECKOUT_MINUTES)
        .await?;
    let site = s
        .config
        .public_url
        .as_deref()
        .unwrap_or("http://localhost:8080")
        .trim_end_matches('/')
        .to_owned();
    let back = format!("{site}/contracts");
    let (session, url) = match (&s.config.stripe, &s.config.alipay, provider) {
        (Some(cfg), _, PayMethod::Stripe) => {
            let request = stripe::CheckoutRequest {
                checkout_id: &c.id,
                amount: c.amount,
                currency: &c.currency,
                description: &c.invoice_number,
                success_url: &back,
                cancel_url: &back,
                expires_at: c.expires_at.unix_timestamp(),
            };
            let form = stripe::session_form(&request).ok_or_else(|| {
                ApiError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::TooPrecise,
                    "the amount is finer than the currency's smallest unit",
                )
            })?;
            let session = create_session(cfg, &form).await?;
            (session.id, session.url.unwrap_or_default())
        }
        (_, Some(cfg), PayMethod::Alipay) => {
            let r = alipay::PagePay {
                checkout_id: &c.id,
                amount: c.amount,
                subject: &c.invoice_number,
                notify_url: &format!("{site}/api/v1/payments/alipay/notify"),
                return_url: &back,
                expires_at: c.expires_at,
                now: time::OffsetDateTime::now_utc(),
            };
            let url =
                alipay::page_pay_url(&cfg.gateway, &cfg.keys, &r).map_err(ApiError::failed)?;
            (c.id.clone(), url)
        }
        _ => return Err(not_configured(provider)),
    };
    s.store.set_checkout_session(&c.id, &session, &url).await?;
    Ok(CheckoutOpened {
        checkout_id: c.id,
        provider,
        amount: c.amount,
        currency: c.currency,
        url,
        expires_at: c.expires_at,
    })
}

/// `POST {api}/v1/checkout/sessions` with the secret key.
async fn create_session(
    cfg: &crate::StripeConfig,
    form: &[(String, String)],
) -> Result<stripe::Session, ApiError> {
    let failed = |detail: String| {
        tracing::warn!(%detail, "stripe: checkout session not created");
        ApiError::new(StatusCode::BAD_GATEWAY, ErrorCode::ProviderFailed, detail)
    };
    let client = crate::http_client()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let res = client
        .post(format!("{}/v1/checkout/sessions", cfg.api_base))
        .bearer_auth(&cfg.secret_key)
        .form(form)
        .send()
        .await
        .map_err(|e| failed(format!("Stripe could not be reached: {e}")))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| failed(e.to_string()))?;
    if !status.is_success() {
        let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
        return Err(failed(format!("Stripe answered {status}: {shown}")));
    }
    serde_json::from_slice(&body).map_err(|e| failed(format!("Stripe's answer: {e}")))
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
              (status = 409, body = Problem), (status = 503, body = Problem)),
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
        .ok_or_else(|| not_configured(PayMethod::Stripe))?;
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
              (status = 503, body = Problem)),
    security(()))]
async fn alipay_notify(State(s): State<AppState>, body: Bytes) -> Result<&'static str, ApiError> {
    let cfg = s
        .config
        .alipay
        .clone()
        .ok_or_else(|| not_configured(PayMethod::Alipay))?;
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
