//! Alipay computer-website payment (电脑网站支付, `alipay.trade.page.pay`)
//! and its asynchronous notification (异步通知), as Alipay's open platform
//! documents them.
//!
//! The buyer is sent to the gateway with the request's parameters signed
//! RSA2 (SHA256withRSA) by the merchant's application private key: every
//! parameter but `sign`, non-empty, sorted by name, joined `k=v` with `&`.
//! Alipay then posts the trade's state to `notify_url` as a form, signed
//! by Alipay's own key over every parameter but `sign` and `sign_type`,
//! the same way; orderhub answers `success`, or Alipay tries again (over
//! about 25 hours), so a notification is taken once per `trade_no`.

use super::rsa::{KeyError, PrivateKey, PublicKey};
use super::{Notice, NoticeRefused};
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::macros::{format_description, offset};

/// What a merchant's Alipay application is.
#[derive(Clone)]
pub struct AlipayKeys {
    pub app_id: String,
    /// The application's private key (signs requests).
    pub app_key: std::sync::Arc<PrivateKey>,
    /// Alipay's public key (verifies notifications).
    pub alipay_key: PublicKey,
}

/// What a page payment asks for.
pub struct PagePay<'a> {
    pub checkout_id: &'a str,
    /// In yuan (CNY only).
    pub amount: Decimal,
    pub subject: &'a str,
    pub notify_url: &'a str,
    pub return_url: &'a str,
    pub expires_at: OffsetDateTime,
    pub now: OffsetDateTime,
}

/// Alipay's times are Beijing time, `yyyy-MM-dd HH:mm:ss`.
fn beijing(t: OffsetDateTime) -> String {
    t.to_offset(offset!(+8))
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

/// The text Alipay signs: parameters but `skip`, non-empty, sorted, `k=v`
/// joined with `&`.
pub fn signing_text(params: &[(String, String)], skip: &[&str]) -> String {
    let mut kept: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, v)| !v.is_empty() && !skip.contains(&k.as_str()))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The gateway address the buyer is sent to (GET), signed.
pub fn page_pay_url(gateway: &str, keys: &AlipayKeys, r: &PagePay<'_>) -> Result<String, KeyError> {
    let biz = serde_json::json!({
        "out_trade_no": r.checkout_id,
        "product_code": "FAST_INSTANT_TRADE_PAY",
        "total_amount": orderhub_domain::money::plain(r.amount, "CNY"),
        "subject": r.subject,
        "time_expire": beijing(r.expires_at),
    });
    let mut params: Vec<(String, String)> = [
        ("app_id", keys.app_id.as_str()),
        ("method", "alipay.trade.page.pay"),
        ("format", "JSON"),
        ("charset", "utf-8"),
        ("sign_type", "RSA2"),
        ("version", "1.0"),
        ("notify_url", r.notify_url),
        ("return_url", r.return_url),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    params.push(("timestamp".into(), beijing(r.now)));
    params.push(("biz_content".into(), biz.to_string()));
    let sign = keys
        .app_key
        .sign(signing_text(&params, &["sign"]).as_bytes())?;
    params.push(("sign".into(), sign));
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    Ok(format!("{gateway}?{query}"))
}

/// Signs a notification's parameters as Alipay does (for fakes and tests).
pub fn sign_notification(
    key: &PrivateKey,
    params: &[(String, String)],
) -> Result<String, KeyError> {
    key.sign(signing_text(params, &["sign", "sign_type"]).as_bytes())
}

/// Verifies an asynchronous notification (the form's fields, decoded) and
/// reads the payment it reports: a trade of our application that
/// succeeded or finished.
pub fn verify(keys: &AlipayKeys, params: &[(String, String)]) -> Result<Notice, NoticeRefused> {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let sign = get("sign").ok_or(NoticeRefused::BadSignature)?;
    if get("sign_type").is_some_and(|t| t != "RSA2") {
        return Err(NoticeRefused::BadSignature);
    }
    let text = signing_text(params, &["sign", "sign_type"]);
    if !keys.alipay_key.verifies(text.as_bytes(), sign) {
        return Err(NoticeRefused::BadSignature);
    }
    if get("app_id") != Some(keys.app_id.as_str()) {
        return Err(NoticeRefused::Malformed(
            "another application's trade".into(),
        ));
    }
    let status = get("trade_status").unwrap_or_default();
    if !matches!(status, "TRADE_SUCCESS" | "TRADE_FINISHED") {
        return Err(NoticeRefused::NotAPayment(format!("trade_status {status}")));
    }
    let missing = |what: &str| NoticeRefused::Malformed(format!("no {what}"));
    let amount: Decimal = get("total_amount")
        .ok_or_else(|| missing("total_amount"))?
        .parse()
        .map_err(|_| missing("total_amount as a number"))?;
    Ok(Notice {
        checkout_id: get("out_trade_no")
            .ok_or_else(|| missing("out_trade_no"))?
            .to_owned(),
        provider_ref: get("trade_no")
            .ok_or_else(|| missing("trade_no"))?
            .to_owned(),
        amount,
        currency: "CNY".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = include_str!("../../../../tests/fixtures/pay/alipay_app_private.pem");
    const APP_PUBLIC: &str = include_str!("../../../../tests/fixtures/pay/alipay_app_public.pem");
    const ALIPAY: &str = include_str!("../../../../tests/fixtures/pay/alipay_platform_private.pem");
    const ALIPAY_PUBLIC: &str =
        include_str!("../../../../tests/fixtures/pay/alipay_platform_public.pem");

    fn keys() -> AlipayKeys {
        AlipayKeys {
            app_id: "2021000000000001".into(),
            app_key: std::sync::Arc::new(PrivateKey::from_pem(APP).unwrap()),
            alipay_key: PublicKey::from_pem(ALIPAY_PUBLIC).unwrap(),
        }
    }

    fn notification(status: &str, amount: &str) -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = [
            ("notify_time", "2026-12-04 20:00:00"),
            ("notify_type", "trade_status_sync"),
            ("notify_id", "ac05099524730693a8b330c5ecf72da9786"),
            ("app_id", "2021000000000001"),
            ("charset", "utf-8"),
            ("version", "1.0"),
            ("trade_no", "2026120422001400000000000001"),
            ("out_trade_no", "chk-1"),
            ("trade_status", status),
            ("total_amount", amount),
            ("subject", "INV-1001-JDZ-1 发票"),
            ("gmt_payment", "2026-12-04 19:59:58"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let sign = sign_notification(&PrivateKey::from_pem(ALIPAY).unwrap(), &p).unwrap();
        p.push(("sign_type".into(), "RSA2".into()));
        p.push(("sign".into(), sign));
        p
    }

    #[test]
    fn a_signed_successful_trade_is_a_payment() {
        let n = verify(&keys(), &notification("TRADE_SUCCESS", "1880.00")).unwrap();
        assert_eq!(n.amount, "1880.00".parse::<Decimal>().unwrap());
        assert_eq!(
            (n.checkout_id.as_str(), n.currency.as_str()),
            ("chk-1", "CNY")
        );
        assert_eq!(n.provider_ref, "2026120422001400000000000001");
    }

    #[test]
    fn forged_foreign_and_unpaid_notifications_are_refused() {
        let mut forged = notification("TRADE_SUCCESS", "1880.00");
        forged
            .iter_mut()
            .find(|(k, _)| k == "total_amount")
            .unwrap()
            .1 = "1.00".into();
        assert_eq!(verify(&keys(), &forged), Err(NoticeRefused::BadSignature));
        let mut unsigned = notification("TRADE_SUCCESS", "1880.00");
        unsigned.retain(|(k, _)| k != "sign");
        assert_eq!(verify(&keys(), &unsigned), Err(NoticeRefused::BadSignature));
        let waiting = notification("WAIT_BUYER_PAY", "1880.00");
        assert!(matches!(
            verify(&keys(), &waiting),
            Err(NoticeRefused::NotAPayment(_))
        ));
        let mut other_app = keys();
        other_app.app_id = "2021000000000002".into();
        assert!(matches!(
            verify(&other_app, &notification("TRADE_SUCCESS", "1.00")),
            Err(NoticeRefused::Malformed(_))
        ));
    }

    #[test]
    fn the_page_payment_is_signed_by_the_application() {
        let now = OffsetDateTime::from_unix_timestamp(1_764_849_600).unwrap();
        let r = PagePay {
            checkout_id: "chk-1",
            amount: "1880".parse().unwrap(),
            subject: "INV-1001-JDZ-1",
            notify_url: "https://o.example/api/v1/payments/alipay/notify",
            return_url: "https://o.example/contracts",
            expires_at: now + time::Duration::hours(1),
            now,
        };
        let url = page_pay_url("https://openapi.alipay.com/gateway.do", &keys(), &r).unwrap();
        let query = url.split_once('?').unwrap().1;
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
        assert_eq!(get("timestamp"), "2025-12-04 20:00:00", "Beijing time");
        assert!(get("biz_content").contains("\"total_amount\":\"1880.00\""));
        let app_public = PublicKey::from_pem(APP_PUBLIC).unwrap();
        assert!(app_public.verifies(signing_text(&params, &["sign"]).as_bytes(), &get("sign")));
    }
}
