use super::*;

const MERCHANT: &str =
    include_str!("../../../../../tests/fixtures/pay/wechat_merchant_private.pem");
const MERCHANT_PUBLIC: &str =
    include_str!("../../../../../tests/fixtures/pay/wechat_merchant_public.pem");
const PLATFORM: &str =
    include_str!("../../../../../tests/fixtures/pay/wechat_platform_private.pem");
const PLATFORM_PUBLIC: &str =
    include_str!("../../../../../tests/fixtures/pay/wechat_platform_public.pem");
const V3_KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

fn keys() -> WechatKeys {
    WechatKeys {
        mchid: "1900000001".into(),
        appid: "wxd678efh567hg6787".into(),
        serial_no: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(),
        merchant_key: std::sync::Arc::new(PrivateKey::from_pem(MERCHANT).unwrap()),
        platform_key: PublicKey::from_pem(PLATFORM_PUBLIC).unwrap(),
        api_v3_key: *V3_KEY,
    }
}

/// A notification as WeChat Pay sends it: the body and its headers.
fn notification(state: &str, total: i64, t: i64, key: &str) -> (String, String, String) {
    let transaction = serde_json::json!({"mchid": "1900000001", "appid": "wxd678efh567hg6787",
        "out_trade_no": "chk-1", "transaction_id": "4200000000202612040000000001",
        "trade_type": "NATIVE", "trade_state": state, "success_time": "2026-12-04T20:00:00+08:00",
        "amount": {"total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"}});
    let body = serde_json::json!({"id": "EV-1", "create_time": "2026-12-04T20:00:01+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": encrypt(V3_KEY, b"fdasflkja484", "transaction", &transaction.to_string()),
            "associated_data": "transaction", "nonce": "fdasflkja484"}})
    .to_string();
    let nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS".to_owned();
    let sig = PrivateKey::from_pem(key)
        .unwrap()
        .sign(platform_message(t, &nonce, &body).as_bytes())
        .unwrap();
    (body, nonce, sig)
}

fn check(body: &str, nonce: &str, sig: &str, t: i64, now: i64) -> Result<Notice, NoticeRefused> {
    let ts = t.to_string();
    let signed = Signed {
        timestamp: &ts,
        nonce,
        signature: sig,
    };
    verify_notification(&keys(), &signed, body.as_bytes(), now)
}

#[test]
fn a_signed_encrypted_success_is_a_payment() {
    let (body, nonce, sig) = notification("SUCCESS", 27500, 1_764_849_600, PLATFORM);
    let n = check(&body, &nonce, &sig, 1_764_849_600, 1_764_849_610).unwrap();
    assert_eq!(n.amount, "275.00".parse::<Decimal>().unwrap());
    assert_eq!(
        (n.checkout_id.as_str(), n.currency.as_str()),
        ("chk-1", "CNY")
    );
    assert_eq!(n.provider_ref, "4200000000202612040000000001");
}

#[test]
fn forged_stale_undecryptable_and_unpaid_notifications_are_refused() {
    let (body, nonce, sig) = notification("SUCCESS", 27500, 1_764_849_600, MERCHANT);
    assert_eq!(
        check(&body, &nonce, &sig, 1_764_849_600, 1_764_849_600),
        Err(NoticeRefused::BadSignature)
    );
    let (body, nonce, sig) = notification("SUCCESS", 27500, 1_764_849_600, PLATFORM);
    assert_eq!(
        check(&body, &nonce, &sig, 1_764_849_600, 1_764_850_000),
        Err(NoticeRefused::Stale)
    );
    let tampered = body.replace("\"EV-1\"", "\"EV-2\"");
    assert_eq!(
        check(&tampered, &nonce, &sig, 1_764_849_600, 1_764_849_600),
        Err(NoticeRefused::BadSignature)
    );
    // sealed under another APIv3 key: it does not open
    let mut other = keys();
    other.api_v3_key = *b"ffffffffffffffffffffffffffffffff";
    let ts = "1764849600".to_owned();
    let signed = Signed {
        timestamp: &ts,
        nonce: &nonce,
        signature: &sig,
    };
    assert_eq!(
        verify_notification(&other, &signed, body.as_bytes(), 1_764_849_600),
        Err(NoticeRefused::BadSignature)
    );
    let (body, nonce, sig) = notification("NOTPAY", 27500, 1_764_849_600, PLATFORM);
    assert!(matches!(
        check(&body, &nonce, &sig, 1_764_849_600, 1_764_849_600),
        Err(NoticeRefused::NotAPayment(_))
    ));
}

#[test]
fn the_native_order_is_signed_by_the_merchant() {
    let expires = OffsetDateTime::from_unix_timestamp(1_764_853_200).unwrap();
    let order = NativeOrder {
        checkout_id: "chk-1",
        amount: "275".parse().unwrap(),
        description: "INV-1001-JDZ-1",
        notify_url: "https://o.example/api/v1/payments/wechat/notify",
        expires_at: expires,
    };
    let body = native_body(&keys(), &order).unwrap();
    assert!(
        body.contains("\"total\":27500") && body.contains("2025-12-04T21:00:00+08:00"),
        "{body}"
    );
    let auth = authorization(&keys(), ("POST", NATIVE_PATH, &body), 1_764_849_600, "abc").unwrap();
    let signature = auth
        .split("signature=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let message = format!("POST\n{NATIVE_PATH}\n1764849600\nabc\n{body}\n");
    assert!(
        PublicKey::from_pem(MERCHANT_PUBLIC)
            .unwrap()
            .verifies(message.as_bytes(), signature)
    );
    assert!(auth.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\""));
}
