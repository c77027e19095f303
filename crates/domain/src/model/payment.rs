//! Whether an order is paid. Marketplaces say it in their own words
//! (Shopify `financial_status`, WooCommerce's status, Etsy `is_paid`,
//! Amazon `Pending` vs `Unshipped`); each channel's reader turns them into
//! this one vocabulary, which decides whether a channel may release the
//! order to suppliers. Operators record payments and refunds by hand
//! (a bank transfer, a cheque, cash on delivery); [`record`] decides what
//! one may be and what the order's state becomes.

use crate::ErrorCode;
use crate::money;
use crate::validate::{ValidationError, limits, optional_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// An order's payment state.
    PaymentStatus {
        /// Nothing received yet (a marketplace's pending order, an
        /// operator's order not yet paid).
        Unpaid => "unpaid",
        /// Authorised, to be captured: the buyer's money is held.
        Authorized => "authorized",
        Paid => "paid",
        PartiallyRefunded => "partially_refunded",
        Refunded => "refunded",
    }
);

impl PaymentStatus {
    /// A channel releases an order to suppliers only in these states: the
    /// money is there, or held for it. An unpaid marketplace order waits
    /// (Amazon's `Pending` has no address and no prices yet).
    pub fn releasable(self) -> bool {
        matches!(self, PaymentStatus::Authorized | PaymentStatus::Paid)
    }
}

vocabulary!(
    /// How money moved.
    PaymentMethod {
        /// A card or wallet online (a payment link, the shop's checkout).
        Online => "online",
        BankTransfer => "bank_transfer",
        Cheque => "cheque",
        CashOnDelivery => "cash_on_delivery",
        /// Collected by the marketplace, paid out to the seller.
        Marketplace => "marketplace",
    }
);

vocabulary!(
    /// Money in, or money back.
    PaymentKind {
        Payment => "payment",
        Refund => "refund",
    }
);

/// A payment or refund as an operator records it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    /// In the order's currency.
    #[schema(value_type = String, example = "120.00")]
    pub amount: Decimal,
    /// The bank's or the cheque's reference.
    #[serde(default)]
    pub reference: Option<String>,
}

/// A recorded payment or refund.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Payment {
    pub id: String,
    pub order_id: String,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    #[schema(value_type = String, example = "120.00")]
    pub amount: Decimal,
    pub reference: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// What the payments recorded on an order add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaymentSums {
    pub paid: Decimal,
    pub refunded: Decimal,
}

impl PaymentSums {
    /// The sums once `p` is added.
    pub fn with(self, kind: PaymentKind, amount: Decimal) -> Self {
        match kind {
            PaymentKind::Payment => Self {
                paid: self.paid + amount,
                ..self
            },
            PaymentKind::Refund => Self {
                refunded: self.refunded + amount,
                ..self
            },
        }
    }

    /// The state these sums mean for an order of `total`: a refund of all
    /// that was paid is `refunded`, of part of it `partially_refunded`;
    /// otherwise `paid` once the total is covered (or anything is paid
    /// when the total is unknown), else `unpaid`.
    pub fn status(self, total: Option<Decimal>) -> PaymentStatus {
        let net = self.paid - self.refunded;
        if !self.refunded.is_zero() {
            return match net.is_zero() || net.is_sign_negative() {
                true => PaymentStatus::Refunded,
                false => PaymentStatus::PartiallyRefunded,
            };
        }
        match total {
            Some(t) if net >= t && !net.is_zero() => PaymentStatus::Paid,
            None if net > Decimal::ZERO => PaymentStatus::Paid,
            _ => PaymentStatus::Unpaid,
        }
    }
}

/// Checks a payment to record on an order of `total` in `currency` that has
/// `sums` recorded already, and returns it cleaned with the sums after it:
/// a payment may not take what was received past the total, a refund may
/// not give back more than was received.
pub fn record(
    new: NewPayment,
    currency: &str,
    total: Option<Decimal>,
    sums: PaymentSums,
) -> Result<(NewPayment, PaymentSums), ValidationError> {
    let amount = money::amount("amount", new.amount, currency)?;
    if amount.is_zero() {
        return Err(ValidationError::new(
            "amount",
            ErrorCode::OutOfRange,
            "a payment is more than 0",
        ));
    }
    let after = sums.with(new.kind, amount);
    match new.kind {
        PaymentKind::Payment => {
            if let Some(total) = total.filter(|t| after.paid - after.refunded > *t) {
                return Err(ValidationError::new(
                    "amount",
                    ErrorCode::PaymentExceedsTotal,
                    format!(
                        "{} received with this, the order's total is {}",
                        after.paid - after.refunded,
                        total
                    ),
                ));
            }
        }
        PaymentKind::Refund if after.refunded > after.paid => {
            return Err(ValidationError::new(
                "amount",
                ErrorCode::RefundExceedsPaid,
                format!(
                    "{} refunded with this, {} was received",
                    after.refunded, after.paid
                ),
            ));
        }
        PaymentKind::Refund => {}
    }
    let reference = optional_text("reference", new.reference.as_deref(), limits::SHORT)?;
    Ok((
        NewPayment {
            amount,
            reference,
            ..new
        },
        after,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(kind: PaymentKind, amount: i64) -> NewPayment {
        NewPayment {
            kind,
            method: PaymentMethod::BankTransfer,
            amount: Decimal::from(amount),
            reference: Some(" TT-2291 ".into()),
        }
    }

    #[test]
    fn payments_add_up_to_the_total_and_refunds_to_what_was_paid() {
        use PaymentKind::*;
        let total = Some(Decimal::from(100));
        let (p, sums) = record(pay(Payment, 40), "USD", total, PaymentSums::default()).unwrap();
        assert_eq!(p.reference.as_deref(), Some("TT-2291"));
        assert_eq!(sums.status(total), PaymentStatus::Unpaid, "40 of 100");
        let (_, sums) = record(pay(Payment, 60), "USD", total, sums).unwrap();
        assert_eq!(sums.status(total), PaymentStatus::Paid);
        let over = record(pay(Payment, 1), "USD", total, sums).unwrap_err();
        assert_eq!(
            (over.field.as_str(), over.code),
            ("amount", ErrorCode::PaymentExceedsTotal)
        );
        let (_, part) = record(pay(Refund, 30), "USD", total, sums).unwrap();
        assert_eq!(part.status(total), PaymentStatus::PartiallyRefunded);
        let too_much = record(pay(Refund, 71), "USD", total, part).unwrap_err();
        assert_eq!(too_much.code, ErrorCode::RefundExceedsPaid);
        let (_, all) = record(pay(Refund, 70), "USD", total, part).unwrap();
        assert_eq!(all.status(total), PaymentStatus::Refunded);
        assert_eq!(
            record(pay(Payment, 0), "USD", total, all).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        let cents = NewPayment {
            amount: Decimal::new(1005, 3),
            ..pay(Payment, 0)
        };
        assert_eq!(
            record(cents, "JPY", None, PaymentSums::default())
                .unwrap_err()
                .code,
            ErrorCode::TooPrecise
        );
        // no total known: anything received is paid
        let (_, some) = record(pay(Payment, 5), "USD", None, PaymentSums::default()).unwrap();
        assert_eq!(some.status(None), PaymentStatus::Paid);
    }

    #[test]
    fn only_money_in_hand_releases() {
        let releasable: Vec<_> = PaymentStatus::ALL
            .iter()
            .filter(|p| p.releasable())
            .collect();
        assert_eq!(
            releasable,
            [&PaymentStatus::Authorized, &PaymentStatus::Paid]
        );
        assert_eq!(
            PaymentStatus::parse("partially_refunded"),
            Some(PaymentStatus::PartiallyRefunded)
        );
    }
}
