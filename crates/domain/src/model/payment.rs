//! Whether an order is paid. Marketplaces say it in their own words
//! (Shopify `financial_status`, WooCommerce's status, Etsy `is_paid`,
//! Amazon `Pending` vs `Unshipped`); each channel's reader turns them into
//! this one vocabulary, which decides whether a channel may release the
//! order to suppliers.

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

#[cfg(test)]
mod tests {
    use super::*;

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
