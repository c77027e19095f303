//! What one order adds to the figures, as of now.

use super::{bucket, day_of, milli};
use crate::lifecycle::OrderStatus;
use crate::model::PaymentStatus;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What a customer did on a day: ordered, or paid.
    CustomerKind {
        Ordered => "ordered",
        Paid => "paid",
    }
);

/// An order as the figures read it (the store fills it from its rows).
#[derive(Debug, Clone)]
pub struct OrderView {
    /// When it was placed (taken in, when the source gave no time), UTC ms.
    pub at_ms: i64,
    pub platform: String,
    pub channel: String,
    pub currency: String,
    /// ISO country code of the shipping address, if any.
    pub country: Option<String>,
    pub region: Option<String>,
    pub status: OrderStatus,
    pub payment: PaymentStatus,
    pub total: Option<Decimal>,
    /// What refunds recorded on the order add up to.
    pub refunds: Decimal,
    pub customer: Option<String>,
    /// Lines still on the order that are products (not tips, fees…).
    pub lines: Vec<LineView>,
}

/// A line as the figures read it.
#[derive(Debug, Clone)]
pub struct LineView {
    pub title: String,
    pub platform_sku: Option<String>,
    pub category_id: Option<String>,
    pub quantity: i64,
    /// What the line comes to (its exact total, or price × quantity).
    pub amount: Decimal,
    /// The catalogue product the line's SKU names: (id, title, currency,
    /// supplier price).
    pub product: Option<(String, String, String, Decimal)>,
}

/// What an order adds to the figures; kept on the order so that the next
/// change can take exactly this back out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub day: i64,
    pub platform: String,
    pub channel: String,
    pub country: String,
    pub region: String,
    pub currency: String,
    pub customer: Option<String>,
    pub paid: bool,
    pub cancelled: bool,
    /// The order's amount, thousandths.
    pub amount: i64,
    /// Refunded, thousandths.
    pub refunded: i64,
    /// [`bucket`] of the amount, for the distribution.
    pub bucket: i64,
    /// The product lines of a paid order (an unpaid one sold nothing yet).
    pub lines: Vec<LineFact>,
}

/// What one product line adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFact {
    /// Category id, or empty when the line routed nowhere.
    pub category: String,
    /// `p:<product id>` for a catalogue product, else `s:<sku>` or
    /// `t:<title>`, lower-cased: one best-seller row per product.
    pub product: String,
    pub label: String,
    pub quantity: i64,
    pub amount: i64,
    /// The supplier price's currency, or empty when the cost is unknown.
    pub cost_currency: String,
    pub cost: i64,
}

impl OrderView {
    /// A paid order is one whose money came in, whatever became of it
    /// since: refunds are counted apart, as refunds.
    pub fn paid(&self) -> bool {
        matches!(
            self.payment,
            PaymentStatus::Paid | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded
        )
    }

    /// What was given back: the refunds recorded, or the whole amount of
    /// an order a marketplace reports refunded without the figure.
    pub fn refunded(&self, amount: Decimal) -> Decimal {
        match self.payment {
            PaymentStatus::Refunded if self.refunds.is_zero() => amount,
            _ => self.refunds,
        }
    }

    /// The order's facts as of now.
    pub fn facts(&self) -> OrderFacts {
        let amount = self
            .total
            .unwrap_or_else(|| self.lines.iter().map(|l| l.amount).sum());
        let paid = self.paid();
        let lines = match paid {
            true => self.lines.iter().map(LineView::fact).collect(),
            false => Vec::new(),
        };
        OrderFacts {
            day: day_of(self.at_ms),
            platform: self.platform.clone(),
            channel: self.channel.clone(),
            country: norm(self.country.as_deref()),
            region: norm(self.region.as_deref()),
            currency: self.currency.clone(),
            customer: self.customer.clone(),
            paid,
            cancelled: self.status == OrderStatus::Cancelled,
            amount: milli(amount),
            refunded: milli(self.refunded(amount)),
            bucket: bucket(milli(amount)),
            lines,
        }
    }
}

impl LineView {
    fn fact(&self) -> LineFact {
        let (product, label) = match (&self.product, &self.platform_sku) {
            (Some((id, title, ..)), _) => (format!("p:{id}"), title.clone()),
            (None, Some(sku)) if !sku.trim().is_empty() => (
                format!("s:{}", sku.trim().to_lowercase()),
                self.title.clone(),
            ),
            _ => (
                format!("t:{}", self.title.trim().to_lowercase()),
                self.title.clone(),
            ),
        };
        let (cost_currency, cost) = match &self.product {
            Some((_, _, currency, price)) => (
                currency.clone(),
                milli(*price * Decimal::from(self.quantity)),
            ),
            None => (String::new(), 0),
        };
        LineFact {
            category: self.category_id.clone().unwrap_or_default(),
            product,
            label,
            quantity: self.quantity,
            amount: milli(self.amount),
            cost_currency,
            cost,
        }
    }
}

fn present(t: Option<&str>) -> Option<&str> {
    t.map(str::trim).filter(|t| !t.is_empty())
}

/// Region and country names as one spelling: trimmed, upper case.
fn norm(text: Option<&str>) -> String {
    text.map(|t| t.trim().to_uppercase()).unwrap_or_default()
}

/// Who a buyer is within one channel, most certain first: the
/// marketplace's buyer id, the e-mail address, the phone's digits, or
/// the name with the postcode. `None` when nothing identifies them (a
/// marketplace that masks the name and gives nothing else).
pub fn identity(
    buyer_id: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    name: &str,
    postal_code: Option<&str>,
) -> Option<String> {
    if let Some(id) = present(buyer_id) {
        return Some(format!("id:{id}"));
    }
    if let Some(email) = present(email) {
        return Some(format!("email:{}", email.to_lowercase()));
    }
    let digits: String = phone
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() >= 6 {
        return Some(format!("phone:{digits}"));
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    // a masked name ("J*** D.") says nothing about who it is
    if name.chars().count() < 2 || name.contains('*') {
        return None;
    }
    let postal: String = postal_code
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Some(format!(
        "name:{}|{}",
        name.to_lowercase(),
        postal.to_uppercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(payment: PaymentStatus) -> OrderView {
        OrderView {
            at_ms: 3 * super::super::DAY_MS + 5,
            platform: "etsy".into(),
            channel: "c1".into(),
            currency: "JPY".into(),
            country: Some(" jp".into()),
            region: Some("Tokyo ".into()),
            status: OrderStatus::Purchasing,
            payment,
            total: None,
            refunds: Decimal::ZERO,
            customer: Some("cu1".into()),
            lines: vec![
                LineView {
                    title: "Mug".into(),
                    platform_sku: Some(" MUG-1 ".into()),
                    category_id: Some("cat".into()),
                    quantity: 3,
                    amount: Decimal::new(2900, 0),
                    product: None,
                },
                LineView {
                    title: "Plate".into(),
                    platform_sku: None,
                    category_id: None,
                    quantity: 2,
                    amount: Decimal::new(1000, 0),
                    product: Some((
                        "p9".into(),
                        "Plate 20cm".into(),
                        "CNY".into(),
                        Decimal::new(1250, 2),
                    )),
                },
            ],
        }
    }

    #[test]
    fn a_paid_order_adds_its_lines_an_unpaid_one_only_itself() {
        let f = order(PaymentStatus::Paid).facts();
        assert_eq!(
            (f.day, f.country.as_str(), f.region.as_str()),
            (3, "JP", "TOKYO")
        );
        assert_eq!(f.amount, 3_900_000, "no total given: the lines' sum");
        assert_eq!(f.lines[0].product, "s:mug-1");
        assert_eq!(f.lines[1].product, "p:p9");
        assert_eq!(
            (f.lines[1].cost_currency.as_str(), f.lines[1].cost),
            ("CNY", 25_000)
        );
        assert_eq!(f.lines[1].category, "", "routed nowhere");
        assert!(order(PaymentStatus::Unpaid).facts().lines.is_empty());
        assert!(!order(PaymentStatus::Authorized).facts().paid);
    }

    #[test]
    fn a_refund_without_a_figure_is_the_whole_amount() {
        let f = order(PaymentStatus::Refunded).facts();
        assert!(f.paid);
        assert_eq!(f.refunded, f.amount);
        let mut o = order(PaymentStatus::PartiallyRefunded);
        o.refunds = Decimal::new(500, 0);
        assert_eq!(o.facts().refunded, 500_000);
    }

    #[test]
    fn a_buyer_is_known_by_the_surest_thing_given() {
        let id = |b, e, p, n, z| identity(b, e, p, n, z);
        assert_eq!(
            id(Some("42"), Some("a@b.c"), None, "Ann", None).unwrap(),
            "id:42"
        );
        assert_eq!(
            id(None, Some(" Ann@Example.COM "), None, "Ann", None).unwrap(),
            "email:ann@example.com"
        );
        assert_eq!(
            id(None, None, Some("+86 138-0013-8000"), "王芳", None).unwrap(),
            "phone:8613800138000"
        );
        assert_eq!(
            id(None, None, None, " Ann   Lee ", Some("sw1a 1aa")).unwrap(),
            "name:ann lee|SW1A1AA"
        );
        assert_eq!(id(None, None, None, "J*** D.", None), None);
        assert_eq!(id(None, Some("  "), Some("12"), "A", None), None);
    }
}
