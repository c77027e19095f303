//! Paying an invoice online with Stripe Checkout, against a local fake of
//! Stripe's API that answers as its documentation says; the webhooks are
//! signed exactly as Stripe signs them. A forged, stale, replayed or
//! wrong-amount notification records nothing more; a late one is recorded
//! and marked.

use crate::b2b::{id, people};
use crate::b2b_contracts::has_cjk_font;
use crate::helpers::TestApp;
use axum::extract::State;
use axum::http::HeaderMap;
use orderhub_channels::pay::stripe::sign;
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

crate::on_both_backends!(
    an_invoice_is_paid_with_stripe_checkout,
    an_invoice_is_paid_with_alipay
);

const KEY: &str = "sk_test_fake_key";
const SECRET: &str = "whsec_fake_endpoint_secret";

/// The checkout sessions the fake was asked for: the form fields of each.
type Sessions = Arc<Mutex<Vec<Vec<(String, String)>>>>;

async fn create_session(
    State(seen): State<Sessions>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> (axum::http::StatusCode, axum::Json<Value>) {
    if headers.get("authorization").and_then(|h| h.to_str().ok()) != Some(&format!("Bearer {KEY}"))
    {
        let error = json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}});
        return (axum::http::StatusCode::UNAUTHORIZED, axum::Json(error));
    }
    let mut s = seen.lock().unwrap();
    s.push(form);
    let id = format!("cs_test_{}", s.len());
    let url = format!("https://checkout.stripe.com/c/pay/{id}");
    (
        axum::http::StatusCode::OK,
        axum::Json(json!({"id": id, "object": "checkout.session", "url": url})),
    )
}

async fn fake_stripe(seen: Sessions) -> String {
    let app = axum::Router::new()
        .route("/v1/checkout/sessions", axum::routing::post(create_session))
        .with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// `checkout.session.completed` for session `session` of checkout
/// `checkout`, paid `cents`.
fn completed(session: &str, checkout: &str, cents: i64) -> String {
    json!({"id": format!("evt_{session}"), "object": "event", "type": "checkout.session.completed",
        "data": {"object": {"id": session, "object": "checkout.session", "payment_status": "paid",
            "amount_total": cents, "currency": "eur", "client_reference_id": checkout}}})
    .to_string()
}

/// Posts `body` to the webhook signed at `t` with `secret`.
async fn notify(app: &TestApp, body: &str, secret: &str, t: i64) -> crate::helpers::Res {
    let header = format!("t={t},v1={}", sign(secret, t, body.as_bytes()));
    let res = app
        .client
        .post(format!("{}/api/v1/payments/stripe/webhook", app.base))
        .header("stripe-signature", header)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    crate::helpers::read(res).await
}

async fn an_invoice_is_paid_with_stripe_checkout(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let seen = Sessions::default();
    let stripe = orderhub_api::StripeConfig {
        secret_key: KEY.into(),
        webhook_secret: SECRET.into(),
        api_base: fake_stripe(seen.clone()).await,
    };
    let app = app
        .with_config(orderhub_api::ApiConfig {
            stripe: Some(stripe),
            ..Default::default()
        })
        .await;
    let p = people(&app).await;
    let cid = crate::b2b_receipt::shipped(&app, &p).await;
    let invoices = format!("/contracts/{cid}/invoices");
    let inv = app
        .as_(
            &p.a,
            Method::POST,
            &invoices,
            Some(json!({"percent": "30"})),
        )
        .await;
    let invoice = id(inv.ok(201));
    let checkout = format!("/invoices/{invoice}/checkout");
    // only the purchaser pays; a provider not set up says so
    app.as_(
        &p.a,
        Method::POST,
        &checkout,
        Some(json!({"provider": "stripe"})),
    )
    .await
    .forbidden("purchasers_only");
    app.as_(
        &p.buyer,
        Method::POST,
        &checkout,
        Some(json!({"provider": "alipay"})),
    )
    .await
    .problem(422, "provider_not_configured");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &checkout,
            Some(json!({"provider": "stripe"})),
        )
        .await;
    let opened = res.ok(201).clone();
    assert_eq!(opened["url"], "https://checkout.stripe.com/c/pay/cs_test_1");
    assert_eq!(opened["amount"], "165.00");
    let form = seen.lock().unwrap()[0].clone();
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        field("line_items[0][price_data][unit_amount]").as_deref(),
        Some("16500")
    );
    let checkout_id = opened["checkout_id"].as_str().unwrap().to_owned();
    assert_eq!(field("client_reference_id"), Some(checkout_id.clone()));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let paid = completed("cs_test_1", &checkout_id, 16500);
    // forged, stale and wrong-amount notifications record nothing
    notify(&app, &paid, "whsec_someone_else", now)
        .await
        .problem(401, "invalid_signature");
    notify(&app, &paid, SECRET, now - 3600)
        .await
        .problem(401, "stale_notification");
    let cheaper = completed("cs_test_1", &checkout_id, 100);
    notify(&app, &cheaper, SECRET, now)
        .await
        .problem(409, "amount_mismatch");
    let read = app
        .as_(&p.buyer, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    assert_eq!(read.ok(200)["payments"].as_array().unwrap().len(), 0);
    // the real one: recorded, confirmed by the provider; its retry is not counted twice
    let res = notify(&app, &paid, SECRET, now).await;
    assert_eq!(res.ok(200)["outcome"], "recorded");
    let res = notify(&app, &paid, SECRET, now + 5).await;
    assert_eq!(res.ok(200)["outcome"], "already_recorded");
    let read = app
        .as_(&p.a, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    let read = read.ok(200).clone();
    assert_eq!(
        (read["status"].as_str(), read["paid"].as_str()),
        (Some("paid"), Some("165.00"))
    );
    let payment = &read["payments"][0];
    assert_eq!(
        (
            payment["method"].as_str(),
            payment["state"].as_str(),
            payment["reference"].as_str()
        ),
        (Some("stripe"), Some("confirmed"), Some("cs_test_1"))
    );
    // nothing left on this invoice: no new checkout
    app.as_(
        &p.buyer,
        Method::POST,
        &checkout,
        Some(json!({"provider": "stripe"})),
    )
    .await
    .problem(409, "nothing_to_pay");
    // a second invoice paid by transfer while its checkout was open: the
    // card payment that arrives after is recorded, marked late
    let inv = app
        .as_(
            &p.a,
            Method::POST,
            &invoices,
            Some(json!({"amount": "10.00"})),
        )
        .await;
    let second = id(inv.ok(201));
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/invoices/{second}/checkout"),
            Some(json!({"provider": "stripe"})),
        )
        .await;
    let late_checkout = res.ok(201)["checkout_id"].as_str().unwrap().to_owned();
    let pay = json!({"method": "bank_transfer", "amount": "10.00", "reference": "T-1"});
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/invoices/{second}/payments"),
            Some(pay),
        )
        .await;
    let transfer = id(&res.ok(201)["payments"][0]);
    let answer = format!("/invoices/{second}/payments/{transfer}/answer");
    app.as_(
        &p.a,
        Method::POST,
        &answer,
        Some(json!({"decision": "confirm"})),
    )
    .await
    .ok(200);
    let res = notify(
        &app,
        &completed("cs_test_2", &late_checkout, 1000),
        SECRET,
        now,
    )
    .await;
    assert_eq!(res.ok(200)["outcome"], "recorded_late");
    // other events are acknowledged and ignored
    let expired = json!({"id": "evt_x", "type": "checkout.session.expired",
        "data": {"object": {"id": "cs_test_9", "payment_status": "unpaid"}}})
    .to_string();
    assert_eq!(
        notify(&app, &expired, SECRET, now).await.ok(200)["outcome"],
        "ignored"
    );
}

const ALIPAY_APP: &str = include_str!("../../../../tests/fixtures/pay/alipay_app_private.pem");
const ALIPAY_APP_PUBLIC: &str =
    include_str!("../../../../tests/fixtures/pay/alipay_app_public.pem");
const ALIPAY: &str = include_str!("../../../../tests/fixtures/pay/alipay_platform_private.pem");
const ALIPAY_PUBLIC: &str =
    include_str!("../../../../tests/fixtures/pay/alipay_platform_public.pem");

/// Alipay's notification of trade `trade_no` for checkout `checkout`,
/// signed with `key` as Alipay signs.
fn alipay_notice(key: &str, checkout: &str, trade_no: &str, amount: &str) -> String {
    use orderhub_channels::pay::{alipay, rsa::PrivateKey};
    let mut p: Vec<(String, String)> = [
        ("notify_time", "2026-12-04 20:00:00"),
        ("notify_type", "trade_status_sync"),
        ("notify_id", "ac05099524730693a8b330c5ecf72da9786"),
        ("app_id", "2021000000000001"),
        ("charset", "utf-8"),
        ("version", "1.0"),
        ("trade_no", trade_no),
        ("out_trade_no", checkout),
        ("trade_status", "TRADE_SUCCESS"),
        ("total_amount", amount),
        ("subject", "发票"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let sign = alipay::sign_notification(&PrivateKey::from_pem(key).unwrap(), &p).unwrap();
    p.push(("sign_type".into(), "RSA2".into()));
    p.push(("sign".into(), sign));
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&p)
        .finish()
}

async fn alipay_notify(app: &TestApp, form: String) -> (u16, String) {
    let res = app
        .client
        .post(format!("{}/api/v1/payments/alipay/notify", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn an_invoice_is_paid_with_alipay(app: TestApp) {
    use orderhub_channels::pay::{alipay, rsa};
    if !has_cjk_font() {
        return;
    }
    let keys = alipay::AlipayKeys {
        app_id: "2021000000000001".into(),
        app_key: Arc::new(rsa::PrivateKey::from_pem(ALIPAY_APP).unwrap()),
        alipay_key: rsa::PublicKey::from_pem(ALIPAY_PUBLIC).unwrap(),
    };
    let app = app
        .with_config(orderhub_api::ApiConfig {
            alipay: Some(orderhub_api::AlipayConfig {
                keys,
                gateway: "https://openapi.alipay.com/gateway.do".into(),
            }),
            public_url: Some("https://orders.example.com".into()),
            ..Default::default()
        })
        .await;
    let p = people(&app).await;
    let invoice = half_invoiced(&app, &p).await;
    let checkout = format!("/invoices/{invoice}/checkout");
    let alipay_asked = json!({"provider": "alipay"});
    app.as_(
        &p.buyer,
        Method::POST,
        &checkout,
        Some(alipay_asked.clone()),
    )
    .await
    .problem(409, "currency_not_supported");
    // Alipay takes yuan: the fixture's organisation buys in euros, so
    // this invoice is turned into one in CNY
    app.sql("UPDATE invoices SET currency = 'CNY'").await;
    let res = app
        .as_(&p.buyer, Method::POST, &checkout, Some(alipay_asked))
        .await;
    let opened = res.ok(201).clone();
    let checkout_id = opened["checkout_id"].as_str().unwrap().to_owned();
    // the buyer goes to Alipay's gateway with a request the application signed
    let url = opened["url"].as_str().unwrap();
    let (gateway, query) = url.split_once('?').unwrap();
    assert_eq!(gateway, "https://openapi.alipay.com/gateway.do");
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("method"), "alipay.trade.page.pay");
    assert_eq!(
        get("notify_url"),
        "https://orders.example.com/api/v1/payments/alipay/notify"
    );
    assert!(get("biz_content").contains(&format!("\"out_trade_no\":\"{checkout_id}\"")));
    assert!(
        get("biz_content").contains("\"total_amount\":\"275.00\""),
        "{}",
        get("biz_content")
    );
    let signed = alipay::signing_text(&params, &["sign"]);
    let app_public = rsa::PublicKey::from_pem(ALIPAY_APP_PUBLIC).unwrap();
    assert!(app_public.verifies(signed.as_bytes(), &get("sign")));
    // forged and wrong-amount notifications record nothing
    let forged = alipay_notice(ALIPAY_APP, &checkout_id, "2026120422001", "275.00");
    assert_eq!(alipay_notify(&app, forged).await.0, 401);
    let cheaper = alipay_notice(ALIPAY, &checkout_id, "2026120422001", "1.00");
    assert_eq!(alipay_notify(&app, cheaper).await.0, 409);
    let read = app
        .as_(&p.buyer, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    assert_eq!(read.ok(200)["payments"].as_array().unwrap().len(), 0);
    // the real one, and Alipay's retry of it: one payment
    let paid = alipay_notice(ALIPAY, &checkout_id, "2026120422001", "275.00");
    assert_eq!(
        alipay_notify(&app, paid.clone()).await,
        (200, "success".to_owned())
    );
    assert_eq!(alipay_notify(&app, paid).await, (200, "success".to_owned()));
    let read = app
        .as_(&p.a, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    let read = read.ok(200).clone();
    assert_eq!(read["payments"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            read["status"].as_str(),
            read["payments"][0]["method"].as_str(),
            read["payments"][0]["reference"].as_str()
        ),
        (Some("paid"), Some("alipay"), Some("2026120422001"))
    );
}

/// A delivered contract invoiced at half (EUR 275.00): the invoice's id.
pub async fn half_invoiced(app: &TestApp, p: &crate::b2b::People) -> String {
    let cid = crate::b2b_receipt::shipped(app, p).await;
    let invoices = format!("/contracts/{cid}/invoices");
    let half = Some(json!({"percent": "50"}));
    let inv = app.as_(&p.a, Method::POST, &invoices, half).await;
    id(inv.ok(201))
}
