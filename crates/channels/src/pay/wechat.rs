//! WeChat Pay API v3, Native payment (Native支付): the merchant asks
//! `POST /v3/pay/transactions/native` for a `code_url` the buyer scans, and
//! WeChat Pay notifies the result (支付通知).
//!
//! Every request carries `Authorization: WECHATPAY2-SHA256-RSA2048 …`, the
//! merchant key's SHA256withRSA signature of `METHOD\nPATH\nTIMESTAMP\n
//! NONCE\nBODY\n`. WeChat Pay's answers and notifications carry
//! `Wechatpay-Timestamp`, `-Nonce` and `-Signature`, its platform key's
//! signature of `TIMESTAMP\nNONCE\nBODY\n`; a notification's transaction
//! is encrypted (`AEAD_AES_256_GCM` under the merchant's APIv3 key, the
//! resource's `nonce` and `associated_data`). A signature more than five
//! minutes from our clock is refused, so a captured notification cannot be
//! replayed later.

use super::rsa::{KeyError, PrivateKey, PublicKey};
use super::{Notice, NoticeRefused, from_minor, to_minor};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use rust_decimal::Decimal;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::offset;

/// How far a signature's time may be from ours, in seconds.
pub const TOLERANCE_SECONDS: i64 = 300;

/// A merchant's WeChat Pay account.
#[derive(Clone)]
pub struct WechatKeys {
    /// 商户号.
    pub mchid: String,
    /// The app (公众号, 小程序 or 移动应用) the payment is made in.
    pub appid: String,
    /// The merchant certificate's serial number (商户证书序列号).
    pub serial_no: String,
    pub merchant_key: std::sync::Arc<PrivateKey>,
    /// WeChat Pay's platform public key (微信支付公钥).
    pub platform_key: PublicKey,
    /// The APIv3 key (32 characters), which encrypts notifications.
    pub api_v3_key: [u8; 32],
}

/// What a Native payment asks for.
pub struct NativeOrder<'a> {
    pub checkout_id: &'a str,
    /// In yuan (CNY only).
    pub amount: Decimal,
    pub description: &'a str,
    pub notify_url: &'a str,
    pub expires_at: OffsetDateTime,
}

/// The path of the Native order request.
pub const NATIVE_PATH: &str = "/v3/pay/transactions/native";

/// The JSON body of a Native order; `None` when the amount is not whole
/// fen.
pub fn native_body(keys: &WechatKeys, o: &NativeOrder<'_>) -> Option<String> {
    let total = to_minor(o.amount, "CNY")?;
    let expire = o.expires_at.to_offset(offset!(+8)).format(&Rfc3339).ok()?;
    Some(
        serde_json::json!({
            "appid": keys.appid, "mchid": keys.mchid, "description": o.description,
            "out_trade_no": o.checkout_id, "time_expire": expire, "notify_url": o.notify_url,
            "amount": {"total": total, "currency": "CNY"}
        })
        .to_string(),
    )
}

/// The `Authorization` header of a request.
pub fn authorization(
    keys: &WechatKeys,
    (method, path, body): (&str, &str, &str),
    timestamp: i64,
    nonce: &str,
) -> Result<String, KeyError> {
    let message = format!("{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n");
    let signature = keys.merchant_key.sign(message.as_bytes())?;
    Ok(format!(
        "WECHATPAY2-SHA256-RSA2048 mchid=\"{}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{}\"",
        keys.mchid, keys.serial_no
    ))
}

/// WeChat Pay's signature headers of an answer or a notification.
pub struct Signed<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
}

/// Checks a WeChat Pay answer or notification is signed by its platform
/// key, within [`TOLERANCE_SECONDS`] of `now`.
pub fn verify_signed(
    key: &PublicKey,
    s: &Signed<'_>,
    body: &[u8],
    now: i64,
) -> Result<(), NoticeRefused> {
    let mut message = format!("{}\n{}\n", s.timestamp, s.nonce).into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    if !key.verifies(&message, s.signature) {
        return Err(NoticeRefused::BadSignature);
    }
    let t: i64 = s
        .timestamp
        .parse()
        .map_err(|_| NoticeRefused::BadSignature)?;
    if (now - t).abs() > TOLERANCE_SECONDS {
        return Err(NoticeRefused::Stale);
    }
    Ok(())
}

/// The message a platform key signs (for fakes and tests).
pub fn platform_message(timestamp: i64, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

#[derive(Deserialize)]
struct Notification {
    event_type: String,
    resource: Resource,
}

#[derive(Deserialize)]
struct Resource {
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: String,
    nonce: String,
}

#[derive(Deserialize)]
struct Transaction {
    mchid: String,
    out_trade_no: String,
    transaction_id: String,
    trade_state: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct Amount {
    total: i64,
    #[serde(default = "cny")]
    currency: String,
}

fn cny() -> String {
    "CNY".into()
}

fn gcm_key(api_v3_key: &[u8; 32]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, api_v3_key).expect("32 bytes"))
}

/// Encrypts a resource as WeChat Pay does (for fakes and tests): the
/// base64 of ciphertext and tag.
pub fn encrypt(api_v3_key: &[u8; 32], nonce: &[u8; 12], aad: &str, plain: &str) -> String {
    let mut data = plain.as_bytes().to_vec();
    gcm_key(api_v3_key)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad.as_bytes()),
            &mut data,
        )
        .expect("sealed");
    STANDARD.encode(data)
}

fn decrypt(api_v3_key: &[u8; 32], r: &Resource) -> Result<Vec<u8>, NoticeRefused> {
    let bad = |what: &str| NoticeRefused::Malformed(what.to_owned());
    if r.algorithm != "AEAD_AES_256_GCM" {
        return Err(bad("another algorithm than AEAD_AES_256_GCM"));
    }
    let nonce: [u8; 12] = r
        .nonce
        .as_bytes()
        .try_into()
        .map_err(|_| bad("a nonce of another length than 12"))?;
    let mut data = STANDARD
        .decode(&r.ciphertext)
        .map_err(|_| bad("ciphertext not base64"))?;
    let plain = gcm_key(api_v3_key)
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(r.associated_data.as_bytes()),
            &mut data,
        )
        // a resource that does not decrypt was not sealed with our key
        .map_err(|_| NoticeRefused::BadSignature)?;
    Ok(plain.to_vec())
}

/// Verifies a payment notification (its signature headers and raw body,
/// `now` unix seconds), decrypts its transaction and reads the payment:
/// our merchant's, `SUCCESS`.
pub fn verify_notification(
    keys: &WechatKeys,
    signed: &Signed<'_>,
    body: &[u8],
    now: i64,
) -> Result<Notice, NoticeRefused> {
    verify_signed(&keys.platform_key, signed, body, now)?;
    let n: Notification =
        serde_json::from_slice(body).map_err(|e| NoticeRefused::Malformed(e.to_string()))?;
    if n.event_type != "TRANSACTION.SUCCESS" {
        return Err(NoticeRefused::NotAPayment(n.event_type));
    }
    let plain = decrypt(&keys.api_v3_key, &n.resource)?;
    let t: Transaction =
        serde_json::from_slice(&plain).map_err(|e| NoticeRefused::Malformed(e.to_string()))?;
    if t.mchid != keys.mchid {
        return Err(NoticeRefused::Malformed(
            "another merchant's transaction".into(),
        ));
    }
    if t.trade_state != "SUCCESS" {
        return Err(NoticeRefused::NotAPayment(format!(
            "trade_state {}",
            t.trade_state
        )));
    }
    Ok(Notice {
        checkout_id: t.out_trade_no,
        provider_ref: t.transaction_id,
        amount: from_minor(t.amount.total, &t.amount.currency),
        currency: t.amount.currency,
    })
}

#[cfg(test)]
mod tests;
