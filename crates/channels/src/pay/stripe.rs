//! Stripe Checkout (docs.stripe.com/api/checkout/sessions/create) and its
//! signed webhooks (docs.stripe.com/webhooks#verify-manually).
//!
//! A checkout is a `POST /v1/checkout/sessions` of form fields; the buyer
//! pays on the session's `url`. Stripe then posts `checkout.session.completed`
//! with a `Stripe-Signature` header `t=<unix time>,v1=<hex>`, the HMAC-SHA256
//! of `<t>.<raw body>` under the endpoint's signing secret (`whsec_…`, used
//! as it is, not decoded). A signature older than five minutes is refused,
//! so a captured notification cannot be replayed later.

use super::{Notice, NoticeRefused, from_minor, to_minor};
use hmac::{Hmac, KeyInit, Mac};
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::Sha256;

/// How far a signature's time may be from ours, in seconds (Stripe's
/// libraries' default).
pub const TOLERANCE_SECONDS: i64 = 300;

/// What a checkout asks Stripe for.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    /// Our checkout's id: Stripe's `client_reference_id`.
    pub checkout_id: &'a str,
    pub amount: Decimal,
    pub currency: &'a str,
    /// The invoice number and what it bills, shown on Stripe's page.
    pub description: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    /// When the session stops taking payment (unix seconds; Stripe
    /// accepts 30 minutes to 24 hours ahead).
    pub expires_at: i64,
}

/// The form fields of `POST /v1/checkout/sessions`; `None` when the amount
/// cannot be said in the currency's minor units.
pub fn session_form(r: &CheckoutRequest<'_>) -> Option<Vec<(String, String)>> {
    let units = to_minor(r.amount, r.currency)?;
    let item = "line_items[0]";
    Some(vec![
        ("mode".into(), "payment".into()),
        ("client_reference_id".into(), r.checkout_id.into()),
        ("metadata[checkout_id]".into(), r.checkout_id.into()),
        ("success_url".into(), r.success_url.into()),
        ("cancel_url".into(), r.cancel_url.into()),
        ("expires_at".into(), r.expires_at.to_string()),
        (format!("{item}[quantity]"), "1".into()),
        (
            format!("{item}[price_data][currency]"),
            r.currency.to_ascii_lowercase(),
        ),
        (
            format!("{item}[price_data][unit_amount]"),
            units.to_string(),
        ),
        (
            format!("{item}[price_data][product_data][name]"),
            r.description.into(),
        ),
    ])
}

/// The parts of Stripe's answer to a session's creation we keep.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    pub id: String,
    pub url: Option<String>,
}

/// `t` and every `v1` of a `Stripe-Signature` header.
fn parse_header(header: &str) -> Option<(i64, Vec<Vec<u8>>)> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "t" => t = v.parse().ok(),
            "v1" => v1.push(hex::decode(v).ok()?),
            _ => {}
        }
    }
    Some((t?, v1))
}

/// The signature Stripe makes of `body` at time `t` (hex), for tests and
/// fakes that sign as Stripe does.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Deserialize)]
struct EventData {
    object: SessionObject,
}

#[derive(Deserialize)]
struct SessionObject {
    id: String,
    payment_status: Option<String>,
    amount_total: Option<i64>,
    currency: Option<String>,
    client_reference_id: Option<String>,
}

/// Verifies a webhook (`header` is `Stripe-Signature`, `body` the raw
/// bytes, `now` unix seconds) and reads the payment it reports.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> Result<Notice, NoticeRefused> {
    let (t, signatures) = parse_header(header).ok_or(NoticeRefused::BadSignature)?;
    let good = signatures.iter().any(|s| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        mac.verify_slice(s).is_ok()
    });
    if !good {
        return Err(NoticeRefused::BadSignature);
    }
    if (now - t).abs() > TOLERANCE_SECONDS {
        return Err(NoticeRefused::Stale);
    }
    let event: Event =
        serde_json::from_slice(body).map_err(|e| NoticeRefused::Malformed(e.to_string()))?;
    let paid_events = [
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
    ];
    if !paid_events.contains(&event.kind.as_str()) {
        return Err(NoticeRefused::NotAPayment(event.kind));
    }
    let s = event.data.object;
    if s.payment_status.as_deref() != Some("paid") {
        return Err(NoticeRefused::NotAPayment(format!(
            "payment_status {}",
            s.payment_status.unwrap_or_default()
        )));
    }
    let missing = |what: &str| NoticeRefused::Malformed(format!("no {what}"));
    let currency = s
        .currency
        .ok_or_else(|| missing("currency"))?
        .to_ascii_uppercase();
    let units = s.amount_total.ok_or_else(|| missing("amount_total"))?;
    Ok(Notice {
        checkout_id: s
            .client_reference_id
            .ok_or_else(|| missing("client_reference_id"))?,
        provider_ref: s.id,
        amount: from_minor(units, &currency),
        currency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    fn event(kind: &str, status: &str, total: i64) -> Vec<u8> {
        serde_json::json!({
            "id": "evt_1", "type": kind,
            "data": {"object": {"id": "cs_test_1", "object": "checkout.session", "payment_status": status,
                "amount_total": total, "currency": "eur", "client_reference_id": "chk-1"}}
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_signed_completed_session_is_a_payment() {
        let body = event("checkout.session.completed", "paid", 16500);
        let header = format!("t=1700000000,v1={}", sign(SECRET, 1_700_000_000, &body));
        let notice = verify(SECRET, &header, &body, 1_700_000_100).unwrap();
        assert_eq!(notice.amount, "165.00".parse::<Decimal>().unwrap());
        assert_eq!(
            (notice.currency.as_str(), notice.checkout_id.as_str()),
            ("EUR", "chk-1")
        );
        assert_eq!(notice.provider_ref, "cs_test_1");
        // a rolled secret: one of several signatures verifies
        let two = format!(
            "t=1700000000,v1={},v1={}",
            "00".repeat(32),
            sign(SECRET, 1_700_000_000, &body)
        );
        assert!(verify(SECRET, &two, &body, 1_700_000_000).is_ok());
    }

    #[test]
    fn forged_stale_and_unpaid_notifications_are_refused() {
        let body = event("checkout.session.completed", "paid", 16500);
        let signed = format!("t=1700000000,v1={}", sign(SECRET, 1_700_000_000, &body));
        let other = format!(
            "t=1700000000,v1={}",
            sign("whsec_other", 1_700_000_000, &body)
        );
        assert_eq!(
            verify(SECRET, &other, &body, 1_700_000_000),
            Err(NoticeRefused::BadSignature)
        );
        let mut tampered = body.clone();
        tampered[10] ^= 1;
        assert_eq!(
            verify(SECRET, &signed, &tampered, 1_700_000_000),
            Err(NoticeRefused::BadSignature)
        );
        assert_eq!(
            verify(SECRET, "v1=abc", &body, 1_700_000_000),
            Err(NoticeRefused::BadSignature)
        );
        assert_eq!(
            verify(SECRET, &signed, &body, 1_700_000_301),
            Err(NoticeRefused::Stale)
        );
        let unpaid = event("checkout.session.completed", "unpaid", 16500);
        let header = format!("t=1700000000,v1={}", sign(SECRET, 1_700_000_000, &unpaid));
        assert!(matches!(
            verify(SECRET, &header, &unpaid, 1_700_000_000),
            Err(NoticeRefused::NotAPayment(_))
        ));
        let expired = event("checkout.session.expired", "unpaid", 16500);
        let header = format!("t=1700000000,v1={}", sign(SECRET, 1_700_000_000, &expired));
        assert!(matches!(
            verify(SECRET, &header, &expired, 1_700_000_000),
            Err(NoticeRefused::NotAPayment(_))
        ));
    }

    #[test]
    fn the_session_asks_for_the_amount_in_minor_units() {
        let r = CheckoutRequest {
            checkout_id: "chk-1",
            amount: "165.00".parse().unwrap(),
            currency: "EUR",
            description: "INV-1001-SZB-1",
            success_url: "https://o.example/contracts/c#billing",
            cancel_url: "https://o.example/contracts/c#billing",
            expires_at: 1_700_003_600,
        };
        let form = session_form(&r).unwrap();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("16500"));
        assert_eq!(get("line_items[0][price_data][currency]"), Some("eur"));
        assert_eq!(get("client_reference_id"), Some("chk-1"));
        let odd = CheckoutRequest {
            amount: "1.005".parse().unwrap(),
            ..r
        };
        assert!(session_form(&odd).is_none());
    }
}
