//! Paying an invoice online: a checkout opened for what the invoice still
//! waits for, and the provider asked for the page the buyer pays on —
//! Stripe's Checkout Session and WeChat Pay's Native order over HTTPS,
//! each with its own authentication; Alipay's page payment needs no call
//! (the buyer takes the signed request to the gateway).

use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use axum::http::StatusCode;
use orderhub_channels::pay::{alipay, stripe, wechat};
use orderhub_domain::b2b::invoice::PayMethod;
use orderhub_domain::{Capability, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) fn provider_failed(provider: PayMethod, detail: String) -> ApiError {
    tracing::warn!(%provider, %detail, "checkout not opened");
    ApiError::new(StatusCode::BAD_GATEWAY, ErrorCode::ProviderFailed, detail)
}

/// Asks WeChat Pay for a Native order's `code_url` (the QR code's
/// content), its answer checked under the platform key.
pub(crate) async fn native_code_url(
    cfg: &crate::WechatConfig,
    order: &wechat::NativeOrder<'_>,
) -> Result<String, ApiError> {
    let failed = |detail: String| provider_failed(PayMethod::WechatPay, detail);
    let body = wechat::native_body(&cfg.keys, order)
        .ok_or_else(|| failed("the amount is not whole fen".into()))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    let auth = wechat::authorization(&cfg.keys, ("POST", wechat::NATIVE_PATH, &body), now, &nonce)
        .map_err(|e| failed(e.to_string()))?;
    let client = crate::http_client()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let res = client
        .post(format!("{}{}", cfg.api_base, wechat::NATIVE_PATH))
        .header("authorization", auth)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| failed(format!("WeChat Pay could not be reached: {e}")))?;
    let status = res.status();
    let headers = res.headers().clone();
    let answer = res.bytes().await.map_err(|e| failed(e.to_string()))?;
    if !status.is_success() {
        let shown = String::from_utf8_lossy(&answer[..answer.len().min(300)]).into_owned();
        return Err(failed(format!("WeChat Pay answered {status}: {shown}")));
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (timestamp, nonce, signature) = (
        header("wechatpay-timestamp"),
        header("wechatpay-nonce"),
        header("wechatpay-signature"),
    );
    let signed = wechat::Signed {
        timestamp: &timestamp,
        nonce: &nonce,
        signature: &signature,
    };
    wechat::verify_signed(&cfg.keys.platform_key, &signed, &answer, now)
        .map_err(|e| failed(format!("WeChat Pay's answer: {e}")))?;
    #[derive(Deserialize)]
    struct Native {
        code_url: String,
    }
    let native: Native =
        serde_json::from_slice(&answer).map_err(|e| failed(format!("WeChat Pay's answer: {e}")))?;
    Ok(native.code_url)
}

/// `POST {api}/v1/checkout/sessions` with the secret key.
pub(crate) async fn create_session(
    cfg: &crate::StripeConfig,
    form: &[(String, String)],
) -> Result<stripe::Session, ApiError> {
    let failed = |detail: String| provider_failed(PayMethod::Stripe, detail);
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

/// How long a checkout takes payment, in minutes.
pub(crate) const CHECKOUT_MINUTES: i64 = 60;

/// Where the buyer pays.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckoutOpened {
    pub(crate) checkout_id: String,
    pub(crate) provider: PayMethod,
    #[schema(value_type = String)]
    pub(crate) amount: rust_decimal::Decimal,
    pub(crate) currency: String,
    /// The provider's payment page.
    pub(crate) url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) expires_at: time::OffsetDateTime,
}

/// A provider this server does not take (422 on the checkout's
/// `provider`).
pub(crate) fn not_configured(provider: PayMethod) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ProviderNotConfigured,
        format!("{provider} is not set up on this server (docs/api.md, \"Paying online\")"),
    )
    .field("provider")
}

/// A provider's notification address on a server that does not take it:
/// there is nothing here (404).
pub(crate) fn no_such_endpoint(provider: PayMethod) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::ProviderNotConfigured,
        format!("{provider} is not set up on this server: it has no notification address"),
    )
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
        PayMethod::WechatPay => s.config.wechat.is_some() && s.config.public_url.is_some(),
        _ => false,
    };
    if !configured {
        return Err(not_configured(provider));
    }
    // another party's invoice is not found before anything is asked
    let invoice = s.store.get_invoice(id, &p.scope).await?;
    let yuan_only = matches!(provider, PayMethod::Alipay | PayMethod::WechatPay);
    if yuan_only && invoice.currency != "CNY" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::CurrencyNotSupported,
            format!(
                "{provider} takes CNY; this invoice is in {}",
                invoice.currency
            ),
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
        (_, _, PayMethod::WechatPay) => {
            let cfg = s
                .config
                .wechat
                .as_ref()
                .ok_or_else(|| not_configured(provider))?;
            let order = wechat::NativeOrder {
                checkout_id: &c.id,
                amount: c.amount,
                description: &c.invoice_number,
                notify_url: &format!("{site}/api/v1/payments/wechat/notify"),
                expires_at: c.expires_at,
            };
            (c.id.clone(), native_code_url(cfg, &order).await?)
        }
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
