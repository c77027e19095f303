//! What changes in the stored sums when an order's facts change.

use super::Grain;
use super::facts::{CustomerKind, OrderFacts};
use super::period::month_of;
use std::collections::BTreeMap;

/// The dimensions of a sales sum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct SalesKey {
    pub platform: String,
    pub channel: String,
    pub country: String,
    pub region: String,
    pub currency: String,
}

/// The dimensions of a product sum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct LineKey {
    pub category: String,
    pub product: String,
    pub currency: String,
    pub cost_currency: String,
}

/// A customer's orders of one kind on one day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct CustomerDay {
    pub customer: String,
    pub kind: CustomerKind,
    pub day: i64,
}

/// One stored sum to change. The sums are, in order:
/// - `Sales`: orders, paid orders, cancelled orders, amount of paid
///   orders, refunded;
/// - `Amount`: paid orders in the bucket;
/// - `Line`: lines, quantity, amount, cost, amount of the lines costed;
/// - `Customer`: the customer's orders that day (a day, not a period:
///   the store keeps who came back when).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Delta {
    Sales(Grain, i64, SalesKey),
    Amount(Grain, i64, String, i64),
    Line(Grain, i64, LineKey),
    Customer(CustomerDay),
}

/// Changes to make, in one order (a store applies them sorted, so two
/// transactions lock shared rows in the same order and cannot deadlock).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deltas {
    pub sums: BTreeMap<Delta, [i64; 5]>,
    /// Product key → the name to show for it.
    pub labels: BTreeMap<String, String>,
}

impl Deltas {
    fn add(&mut self, key: Delta, values: [i64; 5], sign: i64) {
        let slot = self.sums.entry(key).or_default();
        for (s, v) in slot.iter_mut().zip(values) {
            *s += sign * v;
        }
    }

    /// Adds (`sign` 1) or takes back (`sign` -1) what `f` adds, once per
    /// grain.
    pub fn apply(&mut self, f: &OrderFacts, sign: i64) {
        let paid = i64::from(f.paid);
        for (grain, period) in [(Grain::Day, f.day), (Grain::Month, month_of(f.day))] {
            let key = SalesKey {
                platform: f.platform.clone(),
                channel: f.channel.clone(),
                country: f.country.clone(),
                region: f.region.clone(),
                currency: f.currency.clone(),
            };
            let values = [
                1,
                paid,
                i64::from(f.cancelled),
                paid * f.amount,
                paid * f.refunded,
            ];
            self.add(Delta::Sales(grain, period, key), values, sign);
            if f.paid {
                self.add(
                    Delta::Amount(grain, period, f.currency.clone(), f.bucket),
                    [1, 0, 0, 0, 0],
                    sign,
                );
            }
            for l in &f.lines {
                let key = LineKey {
                    category: l.category.clone(),
                    product: l.product.clone(),
                    currency: f.currency.clone(),
                    cost_currency: l.cost_currency.clone(),
                };
                let costed = if l.cost_currency.is_empty() {
                    0
                } else {
                    l.amount
                };
                self.add(
                    Delta::Line(grain, period, key),
                    [1, l.quantity, l.amount, l.cost, costed],
                    sign,
                );
                if sign > 0 {
                    self.labels.insert(l.product.clone(), l.label.clone());
                }
            }
        }
        if let Some(customer) = &f.customer {
            let mut kinds = vec![CustomerKind::Ordered];
            if f.paid {
                kinds.push(CustomerKind::Paid);
            }
            for kind in kinds {
                let day = CustomerDay {
                    customer: customer.clone(),
                    kind,
                    day: f.day,
                };
                self.add(Delta::Customer(day), [1, 0, 0, 0, 0], sign);
            }
        }
    }

    /// Drops the sums that do not change.
    pub fn settle(mut self) -> Self {
        self.sums.retain(|_, v| v.iter().any(|n| *n != 0));
        self
    }
}

/// What changes when an order's facts go from `before` to `after` (either
/// may be absent: a new order, or one the figures no longer count).
pub fn diff(before: Option<&OrderFacts>, after: Option<&OrderFacts>) -> Deltas {
    let mut d = Deltas::default();
    if let Some(b) = before {
        d.apply(b, -1);
    }
    if let Some(a) = after {
        d.apply(a, 1);
    }
    d.settle()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::LineFact;

    fn facts(paid: bool, refunded: i64) -> OrderFacts {
        OrderFacts {
            day: 20_000,
            platform: "etsy".into(),
            channel: "".into(),
            country: "US".into(),
            region: "CA".into(),
            currency: "USD".into(),
            customer: Some("c".into()),
            paid,
            cancelled: false,
            amount: 25_000,
            refunded,
            bucket: 25_000,
            lines: vec![LineFact {
                category: "k".into(),
                product: "t:mug".into(),
                label: "Mug".into(),
                quantity: 2,
                amount: 25_000,
                cost_currency: "".into(),
                cost: 0,
            }],
        }
    }

    #[test]
    fn an_unchanged_order_changes_nothing() {
        assert!(
            diff(Some(&facts(true, 0)), Some(&facts(true, 0)))
                .sums
                .is_empty()
        );
    }

    #[test]
    fn a_refund_changes_only_the_refunded_sums() {
        let d = diff(Some(&facts(true, 0)), Some(&facts(true, 5_000)));
        assert_eq!(d.sums.len(), 2, "one per grain: {d:?}");
        assert!(d.sums.values().all(|v| *v == [0, 0, 0, 0, 5_000]));
    }

    #[test]
    fn a_new_paid_order_counts_in_each_grain_and_for_its_customer() {
        let d = diff(None, Some(&facts(true, 0)));
        let customers = d
            .sums
            .keys()
            .filter(|k| matches!(k, Delta::Customer(_)))
            .count();
        assert_eq!(customers, 2, "ordered and paid");
        assert_eq!(d.sums.len(), 2 * 3 + 2);
        assert_eq!(d.labels["t:mug"], "Mug");
    }
}
