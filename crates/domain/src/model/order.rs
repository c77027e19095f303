//! Orders and their lines, as taken in and as stored.

use super::payment::PaymentStatus;
use super::priority::Priority;
use super::task::Task;
use super::unrouted::Unrouted;
use crate::ErrorCode;
use crate::lifecycle::OrderStatus;
use crate::money;
use crate::validate::{ValidationError, email, in_range, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Largest quantity on one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

// -------------------------------------------------------------------- orders

/// The buyer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The marketplace's id of the buyer (Shopify's customer, Etsy's
    /// buyer user, WooCommerce's customer): with it, one buyer is one
    /// customer whatever name or address an order carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Where the goods go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    pub region: Option<String>,
    pub city: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
}

/// Why a line makes no supplier task: it is money on the order but no
/// product to make or ship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoTask {
    /// Nothing to ship (Shopify `requires_shipping: false`: shipping
    /// protection, services).
    NotShipped,
    /// A tip to the seller.
    Tip,
    /// A gift card.
    GiftCard,
    /// A fee (WooCommerce `fee_lines`: gift wrap, rush handling…).
    Fee,
    /// A digital download (Etsy `is_digital`).
    Digital,
}

impl NoTask {
    pub const ALL: &'static [NoTask] = &[
        NoTask::NotShipped,
        NoTask::Tip,
        NoTask::GiftCard,
        NoTask::Fee,
        NoTask::Digital,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoTask::NotShipped => "not_shipped",
            NoTask::Tip => "tip",
            NoTask::GiftCard => "gift_card",
            NoTask::Fee => "fee",
            NoTask::Digital => "digital",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// One line of a new order.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLine {
    pub title: String,
    /// Category id or name; when absent the title's keywords decide.
    pub category: Option<String>,
    pub quantity: i64,
    #[schema(value_type = String, example = "12.50")]
    pub unit_price: Decimal,
    /// The marketplace's SKU of the product, kept as given.
    #[serde(default)]
    pub platform_sku: Option<String>,
    /// Personalisation kept exactly as given (engraving text, image URL, size…).
    pub customization: Option<Value>,
    /// Set for a line that is money but nothing to make (a tip, a fee, a
    /// gift card…): it stays on the order and gets no supplier task.
    #[serde(default)]
    pub no_task: Option<NoTask>,
    /// What the line costs in all, when that is not exactly unit price ×
    /// quantity (a discount spread over the items; ¥2,900 for 3 is not
    /// 3 × a price in yen): kept exact, the unit price is then rounded.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "2900")]
    pub line_total: Option<Decimal>,
}

/// `POST /orders`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// `amazon`, `etsy`, `shopify`, `woocommerce`, `manual`, `csv`, …
    pub platform: String,
    /// The platform's order number; unique per platform.
    pub external_number: String,
    /// ISO 4217 code.
    pub currency: String,
    #[schema(value_type = Option<String>, example = "25.00")]
    pub total_amount: Option<Decimal>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub placed_at: Option<OffsetDateTime>,
    /// The latest time the channel promised to ship by (Amazon's
    /// `LatestShipDate`, Etsy's `expected_ship_date`): tasks are due then,
    /// and a category that never goes above capacity routes only to
    /// suppliers that can make it.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ship_by: Option<OffsetDateTime>,
    /// `pending` (default) or `purchasing` to release it at once.
    pub status: Option<OrderStatus>,
    /// `unpaid` when not given. A channel releases an order only when it
    /// is `paid` or `authorized`.
    #[serde(default)]
    pub payment_status: Option<PaymentStatus>,
    /// `normal` when not given; `urgent` sorts first for everyone.
    #[serde(default)]
    pub priority: Option<Priority>,
    pub customer: Customer,
    pub shipping_address: Option<Address>,
    pub lines: Vec<NewLine>,
    /// The buyer's message or the seller's remark (up to 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// Words to sort by (`VIP`, `wholesale`): at most 20, each once.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What the lines come to, for an order whose source gives no total (an
/// API call, a spreadsheet): each line's exact total or price × quantity.
/// `None` when it comes to nothing (Amazon's pending orders carry prices
/// of 0.00 until paid) or past what an amount may be.
fn lines_total(lines: &[NewLine]) -> Option<Decimal> {
    let sum: Decimal = lines
        .iter()
        .filter_map(|l| money::line_amount(Some(l.unit_price), l.quantity, l.line_total))
        .sum();
    Some(sum).filter(|s| !s.is_zero() && *s <= money::MAX_AMOUNT)
}

fn platform(p: &str) -> Result<String, ValidationError> {
    let p = p.trim().to_ascii_lowercase();
    let ok = !p.is_empty()
        && p.len() <= 32
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(ValidationError::new(
            "platform",
            ErrorCode::InvalidPlatform,
            "1 to 32 characters of a-z 0-9 _ -",
        ));
    }
    Ok(p)
}

impl Customer {
    fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            name: required_text("name", &self.name, limits::NAME)?,
            email: email("email", self.email.as_deref())?,
            phone: optional_text("phone", self.phone.as_deref(), limits::SHORT)?,
            id: optional_text("id", self.id.as_deref(), limits::SHORT)?,
        })
    }
}

impl Address {
    /// The address as an envelope has it: street lines, then postal code,
    /// city and region on one line, then the country.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = [&self.line1, &self.line2]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let place: Vec<&str> = [&self.postal_code, &self.city, &self.region]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .filter(|v| !v.is_empty())
            .collect();
        if !place.is_empty() {
            out.push(place.join(" "));
        }
        out.push(self.country.clone());
        out
    }

    /// The address on one line, street first, country last (a printed
    /// contract, a page's summary).
    pub fn one_line(&self) -> String {
        [
            self.line1.as_deref(),
            self.line2.as_deref(),
            self.postal_code.as_deref(),
            self.city.as_deref(),
            self.region.as_deref(),
            Some(self.country.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// Cleans the address: an ISO country code, trimmed parts.
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ValidationError::new(
                "country",
                ErrorCode::InvalidCountry,
                "must be an ISO 3166-1 alpha-2 code such as US or CN",
            ));
        }
        let text = |f: &str, v: Option<String>| optional_text(f, v.as_deref(), limits::NAME);
        Ok(Self {
            country,
            region: text("region", self.region)?,
            city: text("city", self.city)?,
            line1: text("line1", self.line1)?,
            line2: text("line2", self.line2)?,
            postal_code: optional_text("postal_code", self.postal_code.as_deref(), limits::SHORT)?,
        })
    }
}

impl NewLine {
    fn normalize(self, currency: &str) -> Result<Self, ValidationError> {
        if let Some(c) = &self.customization {
            let size = serde_json::to_vec(c).map_or(usize::MAX, |v| v.len());
            if size > limits::CUSTOMIZATION_BYTES {
                return Err(ValidationError::new(
                    "customization",
                    ErrorCode::TooLarge,
                    format!("at most {} bytes of JSON", limits::CUSTOMIZATION_BYTES),
                ));
            }
        }
        Ok(Self {
            title: required_text("title", &self.title, limits::NAME)?,
            category: optional_text("category", self.category.as_deref(), limits::SHORT)?,
            quantity: in_range("quantity", self.quantity, 1, MAX_QUANTITY)?,
            unit_price: money::amount("unit_price", self.unit_price, currency)?,
            platform_sku: optional_text(
                "platform_sku",
                self.platform_sku.as_deref(),
                limits::SHORT,
            )?,
            customization: self.customization.filter(|c| !c.is_null()),
            no_task: self.no_task,
            line_total: self
                .line_total
                .map(|t| money::amount("line_total", t, currency))
                .transpose()?,
        })
    }
}

impl NewOrder {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let currency = money::currency("currency", &self.currency)?;
        let status = self.status.unwrap_or(OrderStatus::Pending);
        if !matches!(status, OrderStatus::Pending | OrderStatus::Purchasing) {
            return Err(ValidationError::new(
                "status",
                ErrorCode::InvalidInitialStatus,
                "a new order is pending or purchasing",
            ));
        }
        if self.lines.is_empty() || self.lines.len() > limits::LINES {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::InvalidLineCount,
                format!("an order has 1 to {} lines", limits::LINES),
            ));
        }
        let lines: Vec<NewLine> = self
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                l.normalize(&currency)
                    .map_err(|e| e.within(&format!("lines[{i}]")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            platform: platform(&self.platform)?,
            external_number: required_text(
                "external_number",
                &self.external_number,
                limits::SHORT,
            )?,
            total_amount: match self.total_amount {
                Some(a) => Some(money::amount("total_amount", a, &currency)?),
                None => lines_total(&lines),
            },
            placed_at: self.placed_at,
            ship_by: self.ship_by,
            status: Some(status),
            payment_status: Some(self.payment_status.unwrap_or(PaymentStatus::Unpaid)),
            priority: Some(self.priority.unwrap_or_default()),
            customer: self
                .customer
                .normalize()
                .map_err(|e| e.within("customer"))?,
            shipping_address: self
                .shipping_address
                .map(|a| a.normalize().map_err(|e| e.within("shipping_address")))
                .transpose()?,
            lines,
            currency,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
            tags: super::tags::normalize("tags", self.tags)?,
        })
    }
}

/// One product line of an order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Line {
    pub id: String,
    /// 1-based position in the order.
    pub line_no: i64,
    pub title: String,
    pub category_id: Option<String>,
    pub quantity: i64,
    /// Absent (`null`) for suppliers, who never see prices.
    #[schema(value_type = Option<String>, example = "12.50")]
    pub unit_price: Option<Decimal>,
    /// The marketplace's SKU of the product.
    pub platform_sku: Option<String>,
    pub customization: Option<Value>,
    /// Set while the line could not be routed.
    pub unrouted: Option<Unrouted>,
    /// Set for a line that gets no supplier task (a tip, a fee…).
    pub no_task: Option<NoTask>,
    /// The line's exact total, when it is not unit price × quantity.
    /// Absent for suppliers.
    #[schema(value_type = Option<String>)]
    pub line_total: Option<Decimal>,
    /// Removed by a change after release; kept for the record.
    #[serde(default)]
    pub removed: bool,
}

/// A customer order with its lines and tasks.
impl Line {
    /// The line as it would be sent again (in an edit that keeps it).
    pub fn as_new(&self) -> NewLine {
        NewLine {
            title: self.title.clone(),
            category: self.category_id.clone(),
            quantity: self.quantity,
            unit_price: self.unit_price.unwrap_or_default(),
            platform_sku: self.platform_sku.clone(),
            customization: self.customization.clone(),
            no_task: self.no_task,
            line_total: self.line_total,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: String,
    pub platform: String,
    pub external_number: String,
    pub status: OrderStatus,
    /// The status in the caller's own words: the platform's, the
    /// supplier's or the buyer's (`to_pay`, `to_receive`…; see `labels`).
    pub status_label: crate::labels::StatusLabel,
    /// Changes with every write; an edit sends it back (`OrderPatch`).
    pub version: i64,
    pub payment_status: PaymentStatus,
    pub priority: Priority,
    /// Where the order stands with an approval rule; absent when none
    /// applies (or for suppliers).
    pub approval: Option<crate::review::ApprovalState>,
    /// While an order waits to be released by itself (a channel set to
    /// release at once), the review checks it waits on; empty otherwise.
    pub hold: Vec<crate::review::Check>,
    /// What needs a person now, each with its fixes (staff only; empty
    /// for suppliers): see `attention`.
    pub attention: Vec<crate::attention::Attention>,
    /// How much of it has left its suppliers (the parent follows its
    /// children): `unshipped`, `partially_shipped`, `shipped`.
    pub fulfilment: crate::supplier_order::Fulfilment,
    /// Each supplier's share, a child purchase order (a supplier sees
    /// only its own).
    pub supplier_orders: Vec<crate::supplier_order::SupplierOrder>,
    pub currency: String,
    #[schema(value_type = Option<String>, example = "25.00")]
    pub total_amount: Option<Decimal>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub placed_at: Option<OffsetDateTime>,
    /// The time the channel promised to ship by, when it gave one.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ship_by: Option<OffsetDateTime>,
    pub customer: Customer,
    pub shipping_address: Option<Address>,
    /// The buyer's message or the seller's remark; absent for suppliers.
    pub note: Option<String>,
    /// Words to sort by (a marketplace's, a person's, a rule's).
    pub tags: Vec<String>,
    pub lines: Vec<Line>,
    pub tasks: Vec<Task>,
    /// The sales channel it came through; none when entered by hand, by
    /// the API or from a spreadsheet. Order numbers are unique per channel
    /// (two stores of one platform both have a `#1001`).
    pub channel_id: Option<String>,
    /// The marketplace's own id of the order (Shopify's 18-digit id,
    /// Etsy's receipt id, Amazon's order id), when it came through a channel.
    pub upstream_id: Option<String>,
    /// The order in the marketplace's admin, when the address is known.
    pub upstream_url: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `PATCH /orders/{id}`: what staff change on an order. `version` is the
/// order's `version` as it was read: when the order changed since, the
/// edit is refused (409 `version_conflict`) rather than lost. The buyer,
/// address, note and total change while the order is open; the lines only
/// before release (409 `order_released` after: cancel its task instead).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderPatch {
    pub version: i64,
    #[serde(default)]
    pub customer: Option<Customer>,
    #[serde(default)]
    pub shipping_address: Option<Address>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "120.00")]
    pub total_amount: Option<Decimal>,
    #[serde(default)]
    pub lines: Option<Vec<NewLine>>,
    /// Changes at any time until the order is closed; its tasks follow.
    #[serde(default)]
    pub priority: Option<Priority>,
}

/// `POST /orders/{id}/transitions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderTransition {
    pub to: OrderStatus,
    /// Kept in the event (e.g. why it was cancelled).
    pub reason: Option<String>,
}

impl OrderTransition {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            to: self.to,
            reason: optional_text("reason", self.reason.as_deref(), limits::TEXT)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn order(v: Value) -> Result<NewOrder, ValidationError> {
        serde_json::from_value::<NewOrder>(v)
            .expect("shape")
            .normalize()
    }

    fn base() -> Value {
        json!({
            "platform": "Etsy", "external_number": " 1001 ", "currency": "usd",
            "customer": {"name": "Ada"},
            "lines": [{"title": "Mug", "quantity": 2, "unit_price": "12.50"}]
        })
    }

    #[test]
    fn a_good_order_is_cleaned() {
        let o = order(base()).unwrap();
        assert_eq!(o.platform, "etsy");
        assert_eq!(o.external_number, "1001");
        assert_eq!(o.currency, "USD");
        assert_eq!(o.status, Some(OrderStatus::Pending));
        assert_eq!(o.lines[0].unit_price.to_string(), "12.50");
    }

    #[test]
    fn prices_as_numbers_are_exact() {
        let mut v = base();
        v["lines"][0]["unit_price"] = json!(0.1);
        assert_eq!(order(v).unwrap().lines[0].unit_price.to_string(), "0.10");
    }

    #[test]
    fn bad_fields_are_named() {
        let cases = [
            (
                "/lines/0/quantity",
                json!(0),
                "lines[0].quantity",
                "out_of_range",
            ),
            (
                "/lines/0/unit_price",
                json!("-1"),
                "lines[0].unit_price",
                "negative",
            ),
            ("/currency", json!("ZZZ"), "currency", "unknown_currency"),
            ("/customer/name", json!(" "), "customer.name", "required"),
            (
                "/status",
                json!("shipped"),
                "status",
                "invalid_initial_status",
            ),
            ("/lines", json!([]), "lines", "invalid_line_count"),
            (
                "/external_number",
                json!("x".repeat(65)),
                "external_number",
                "too_long",
            ),
            ("/platform", json!("a b"), "platform", "invalid_platform"),
        ];
        for (ptr, value, field, code) in cases {
            let mut v = base();
            let (parent, key) = ptr.rsplit_once('/').unwrap();
            let parent = v.pointer_mut(parent).unwrap();
            match key.parse::<usize>() {
                Ok(i) => parent[i] = value,
                Err(_) => parent[key] = value,
            }
            let e = order(v).unwrap_err();
            assert_eq!((e.field.as_str(), e.code.as_str()), (field, code), "{ptr}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut v = base();
        v["surprise"] = json!(1);
        assert!(serde_json::from_value::<NewOrder>(v).is_err());
    }
}
