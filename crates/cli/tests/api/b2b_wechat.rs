//! Paying a CNY invoice with WeChat Pay Native, against a local fake of
//! WeChat Pay's API v3 that checks the merchant's signature and signs its
//! answer; notifications are signed and encrypted as WeChat Pay does.

use crate::b2b::people;
use crate::b2b_contracts::has_cjk_font;
use crate::helpers::TestApp;
use axum::http::HeaderMap;
use orderhub_channels::pay::rsa::{PrivateKey, PublicKey};
use orderhub_channels::pay::wechat::{self, WechatKeys};
use reqwest::Method;
use serde_json::json;
use std::sync::Arc;

crate::on_both_backends!(an_invoice_is_paid_with_wechat_pay);

const MERCHANT: &str = include_str!("../../../../tests/fixtures/pay/wechat_merchant_private.pem");
const MERCHANT_PUBLIC: &str =
    include_str!("../../../../tests/fixtures/pay/wechat_merchant_public.pem");
const PLATFORM: &str = include_str!("../../../../tests/fixtures/pay/wechat_platform_private.pem");
const PLATFORM_PUBLIC: &str =
    include_str!("../../../../tests/fixtures/pay/wechat_platform_public.pem");
const V3_KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The headers WeChat Pay signs `body` with (platform key `key`, time `t`).
fn platform_signed(key: &str, t: i64, body: &str) -> [(String, String); 4] {
    let nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
    let sig = PrivateKey::from_pem(key)
        .unwrap()
        .sign(wechat::platform_message(t, nonce, body).as_bytes())
        .unwrap();
    [
        ("wechatpay-timestamp".into(), t.to_string()),
        ("wechatpay-nonce".into(), nonce.into()),
        ("wechatpay-signature".into(), sig),
        (
            "wechatpay-serial".into(),
            "PUB_KEY_ID_0000000000000024101100397200000006".into(),
        ),
    ]
}

/// The fake's Native order: the merchant's signature must verify.
async fn native(headers: HeaderMap, body: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    let auth = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let part = |k: &str| {
        auth.split(&format!("{k}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_owned()
    };
    let message = format!(
        "POST\n{}\n{}\n{}\n{body}\n",
        wechat::NATIVE_PATH,
        part("timestamp"),
        part("nonce_str")
    );
    let merchant = PublicKey::from_pem(MERCHANT_PUBLIC).unwrap();
    if !auth.starts_with("WECHATPAY2-SHA256-RSA2048")
        || !merchant.verifies(message.as_bytes(), &part("signature"))
    {
        let error = json!({"code": "SIGN_ERROR", "message": "签名错误"}).to_string();
        return (axum::http::StatusCode::UNAUTHORIZED, error).into_response();
    }
    let answer = json!({"code_url": "weixin://wxpay/bizpayurl?pr=fake0001"}).to_string();
    let signed = platform_signed(PLATFORM, now(), &answer);
    let mut res = (axum::http::StatusCode::OK, answer).into_response();
    for (k, v) in signed {
        res.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    res
}

async fn fake_wechat() -> String {
    let app = axum::Router::new().route(wechat::NATIVE_PATH, axum::routing::post(native));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// A `TRANSACTION.SUCCESS` notification of `checkout` for `fen`, sealed
/// under `v3` and signed by `key` at `t`.
fn success(
    checkout: &str,
    fen: i64,
    v3: &[u8; 32],
    key: &str,
    t: i64,
) -> (String, [(String, String); 4]) {
    let transaction = json!({"mchid": "1900000001", "appid": "wxd678efh567hg6787", "out_trade_no": checkout,
        "transaction_id": "4200000000202612040000000001", "trade_type": "NATIVE", "trade_state": "SUCCESS",
        "success_time": "2026-12-04T20:00:00+08:00",
        "amount": {"total": fen, "payer_total": fen, "currency": "CNY", "payer_currency": "CNY"}});
    let body = json!({"id": "EV-1", "create_time": "2026-12-04T20:00:01+08:00", "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "associated_data": "transaction",
            "nonce": "fdasflkja484", "ciphertext": wechat::encrypt(v3, b"fdasflkja484", "transaction", &transaction.to_string())}})
    .to_string();
    let headers = platform_signed(key, t, &body);
    (body, headers)
}

async fn notify(app: &TestApp, (body, headers): (String, [(String, String); 4])) -> u16 {
    let mut req = app
        .client
        .post(format!("{}/api/v1/payments/wechat/notify", app.base))
        .header("content-type", "application/json")
        .body(body);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn an_invoice_is_paid_with_wechat_pay(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let keys = WechatKeys {
        mchid: "1900000001".into(),
        appid: "wxd678efh567hg6787".into(),
        serial_no: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(),
        merchant_key: Arc::new(PrivateKey::from_pem(MERCHANT).unwrap()),
        platform_key: PublicKey::from_pem(PLATFORM_PUBLIC).unwrap(),
        api_v3_key: *V3_KEY,
    };
    let app = app
        .with_config(orderhub_api::ApiConfig {
            wechat: Some(orderhub_api::WechatConfig {
                keys,
                api_base: fake_wechat().await,
            }),
            public_url: Some("https://orders.example.com".into()),
            ..Default::default()
        })
        .await;
    let p = people(&app).await;
    let invoice = crate::b2b_online::half_invoiced(&app, &p).await;
    // WeChat Pay takes yuan: the fixture's organisation buys in euros, so
    // this invoice is turned into one in CNY
    app.sql("UPDATE invoices SET currency = 'CNY'").await;
    // on the contract's page, "Pay online: WeChat Pay" shows the code to scan
    let contract = app
        .as_(&p.buyer, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    let cid = contract.ok(200)["contract_id"].as_str().unwrap().to_owned();
    let crate::helpers::Auth::Session { cookie, csrf } = &p.buyer else {
        panic!("the buyer signs in")
    };
    let cookie = format!("orderhub_session={cookie}");
    let page = app
        .client
        .get(format!("{}/contracts/{cid}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Pay online: WeChat Pay"),
        "the button is offered"
    );
    let path = format!("/contracts/{cid}/invoices/{invoice}/online");
    let res = crate::web::post_form(&app, &cookie, csrf, &path, vec![("provider", "wechat_pay")])
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<svg") && page.contains("Scan this code with WeChat"),
        "{page}"
    );
    let checkout = format!("/invoices/{invoice}/checkout");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &checkout,
            Some(json!({"provider": "wechat_pay"})),
        )
        .await;
    let opened = res.ok(201).clone();
    assert_eq!(
        opened["url"], "weixin://wxpay/bizpayurl?pr=fake0001",
        "the QR code's content"
    );
    let checkout_id = opened["checkout_id"].as_str().unwrap().to_owned();
    // forged, stale, sealed under another key, or another amount: nothing recorded
    let t = now();
    assert_eq!(
        notify(&app, success(&checkout_id, 27500, V3_KEY, MERCHANT, t)).await,
        401
    );
    assert_eq!(
        notify(
            &app,
            success(&checkout_id, 27500, V3_KEY, PLATFORM, t - 900)
        )
        .await,
        401
    );
    let other_key = b"ffffffffffffffffffffffffffffffff";
    assert_eq!(
        notify(&app, success(&checkout_id, 27500, other_key, PLATFORM, t)).await,
        401
    );
    assert_eq!(
        notify(&app, success(&checkout_id, 100, V3_KEY, PLATFORM, t)).await,
        409
    );
    let read = app
        .as_(&p.buyer, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    assert_eq!(read.ok(200)["payments"].as_array().unwrap().len(), 0);
    // the real one and WeChat Pay's retry of it: one payment
    assert_eq!(
        notify(&app, success(&checkout_id, 27500, V3_KEY, PLATFORM, t)).await,
        204
    );
    assert_eq!(
        notify(&app, success(&checkout_id, 27500, V3_KEY, PLATFORM, t + 60)).await,
        204
    );
    let read = app
        .as_(&p.a, Method::GET, &format!("/invoices/{invoice}"), None)
        .await;
    let read = read.ok(200).clone();
    assert_eq!(read["payments"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            read["status"].as_str(),
            read["payments"][0]["method"].as_str()
        ),
        (Some("paid"), Some("wechat_pay"))
    );
}
