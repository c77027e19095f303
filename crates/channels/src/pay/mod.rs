//! Online payment providers (集成支付宝/微信支付, and Stripe), each as its
//! published API describes it: how a checkout is asked for, and how a
//! provider's notification is verified and read. No I/O: the server sends
//! what these build and hands over what it received.
//!
//! A verified notification becomes a [`Notice`]; what it pays for, and
//! whether its amount is the one asked, is the store's to check (it knows
//! the checkout).

pub mod alipay;
pub mod rsa;
pub mod stripe;
pub mod wechat;

use rust_decimal::Decimal;

/// What a provider says was paid, once its signature is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Our checkout's id, as we gave it to the provider (`out_trade_no`,
    /// `client_reference_id`).
    pub checkout_id: String,
    /// The provider's own id of the payment (its transaction or session):
    /// a payment is recorded once per id, whatever the retries.
    pub provider_ref: String,
    /// In major units (12.50), in `currency`.
    pub amount: Decimal,
    /// ISO 4217, upper case.
    pub currency: String,
}

/// Why a notification was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeRefused {
    /// No signature, or not one the provider's key or secret made.
    #[error("the notification's signature does not verify")]
    BadSignature,
    /// Signed too long ago (or in the future): a replay.
    #[error("the notification was signed outside the accepted time window")]
    Stale,
    /// Verified, but not a payment that succeeded (another event type, a
    /// session not paid): acknowledged, nothing recorded.
    #[error("the notification is not a completed payment: {0}")]
    NotAPayment(String),
    /// Verified, but not readable as the provider documents it.
    #[error("the notification cannot be read: {0}")]
    Malformed(String),
}

/// An amount in a currency's minor units (Stripe's `amount_total`,
/// WeChat Pay's `total` in fen) as a decimal.
pub fn from_minor(units: i64, currency: &str) -> Decimal {
    Decimal::new(units, orderhub_domain::money::minor_unit(currency))
}

/// A decimal amount in minor units, when it has no finer part.
pub fn to_minor(amount: Decimal, currency: &str) -> Option<i64> {
    let scaled = amount * Decimal::from(10_i64.pow(orderhub_domain::money::minor_unit(currency)));
    if scaled.fract().is_zero() {
        i64::try_from(scaled.trunc()).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_follow_the_currency() {
        assert_eq!(
            from_minor(12_50, "EUR"),
            "12.50".parse::<Decimal>().unwrap()
        );
        assert_eq!(from_minor(2900, "JPY"), Decimal::from(2900));
        assert_eq!(to_minor("12.50".parse().unwrap(), "EUR"), Some(1250));
        assert_eq!(to_minor(Decimal::from(2900), "JPY"), Some(2900));
        assert_eq!(to_minor("0.005".parse().unwrap(), "EUR"), None);
    }
}
