//! Marketplace formats. Each platform's order, exactly as its API or
//! webhook delivers it, becomes an orderhub [`NewOrder`] plus what is needed
//! to apply it in the right order: the platform's stable id, the moment it
//! was last updated upstream, and whether it is open, cancelled or refunded.
//! Pure: no I/O. The field names follow each platform's published
//! documentation (FORMATS-*.md beside this crate cite it); the fixtures in
//! `tests/fixtures/` are payloads shaped like the real ones.

mod amazon;
mod amazon_2026;
pub mod catalogue;
mod config;
mod etsy;
pub mod fulfil;
pub mod outbound;
pub mod pay;
pub mod poll;
mod read;
pub mod robots;
mod shopify;
pub mod signature;
pub mod spreadsheet;
mod table;
pub mod tracking;
mod woocommerce;

use orderhub_domain::OrderStatus;
use orderhub_domain::model::NewOrder;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use time::OffsetDateTime;

pub use config::{Channel, ChannelPatch, NewChannel};
pub use read::MappingError;

/// The platforms orderhub takes orders from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Shopify,
    Woocommerce,
    Etsy,
    Amazon,
}

impl ChannelKind {
    pub const ALL: &'static [ChannelKind] = &[
        ChannelKind::Shopify,
        ChannelKind::Woocommerce,
        ChannelKind::Etsy,
        ChannelKind::Amazon,
    ];

    /// The name, also the `platform` of the orders it brings.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Shopify => "shopify",
            ChannelKind::Woocommerce => "woocommerce",
            ChannelKind::Etsy => "etsy",
            ChannelKind::Amazon => "amazon",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Where a seller sees an order in the platform's own admin:
    /// Shopify `https://<shop>/admin/orders/<id>`, WooCommerce
    /// `<site>/wp-admin/post.php?post=<id>&action=edit` (both need the
    /// store's address), Etsy's sold-orders page, Amazon Seller Central.
    pub fn admin_url(self, store_url: Option<&str>, upstream_id: &str) -> Option<String> {
        let id = percent_encode(upstream_id);
        let store = store_url.map(|s| s.trim_end_matches('/'));
        match self {
            ChannelKind::Shopify => store.map(|s| format!("{s}/admin/orders/{id}")),
            ChannelKind::Woocommerce => {
                store.map(|s| format!("{s}/wp-admin/post.php?post={id}&action=edit"))
            }
            ChannelKind::Etsy => Some(format!(
                "https://www.etsy.com/your/orders/sold?order_id={id}"
            )),
            ChannelKind::Amazon => Some(format!(
                "https://sellercentral.amazon.com/orders-v3/order/{id}"
            )),
        }
    }

    /// The store's address as a webhook's headers tell it: Shopify's
    /// `X-Shopify-Shop-Domain`, WooCommerce's `X-WC-Webhook-Source`.
    pub fn store_url_from(self, header: impl Fn(&str) -> Option<String>) -> Option<String> {
        let (name, prefix) = match self {
            ChannelKind::Shopify => ("x-shopify-shop-domain", "https://"),
            ChannelKind::Woocommerce => ("x-wc-webhook-source", ""),
            _ => return None,
        };
        let value = header(name)?;
        let value = value.trim().trim_end_matches('/');
        let safe = !value.is_empty()
            && value.len() <= 200
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:/".contains(c));
        let url = format!("{prefix}{value}");
        (safe && (url.starts_with("https://") || url.starts_with("http://"))).then_some(url)
    }

    /// Whether the platform pushes signed order webhooks (Etsy and Amazon
    /// do not: their orders are imported or polled).
    pub fn has_webhooks(self) -> bool {
        matches!(self, ChannelKind::Shopify | ChannelKind::Woocommerce)
    }

    /// Maps one order as the platform's API returns it. Amazon's is an
    /// Orders v2026-01-01 `Order` (bare, or `{"order": …}` as `getOrder`
    /// answers), or v0's `{"order": <getOrder>, "items": <getOrderItems>}`.
    pub fn map(self, payload: &Value, settings: &Settings) -> Result<Upstream, MappingError> {
        let mut upstream = match self {
            ChannelKind::Shopify => shopify::order(payload)?,
            ChannelKind::Woocommerce => woocommerce::order(payload)?,
            ChannelKind::Etsy => etsy::receipt(payload)?,
            ChannelKind::Amazon if amazon_2026::is_2026(payload) => amazon_2026::order(payload)?,
            ChannelKind::Amazon => amazon::order(payload)?,
        };
        settings.apply(&mut upstream.order);
        Ok(upstream)
    }
}

/// Where an order stands on its platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpstreamState {
    Open,
    Cancelled,
    Refunded,
    /// The platform says the buyer has the goods (Shopify: every
    /// fulfillment's `shipment_status` is `delivered`): an order shipped
    /// here completes, as if the buyer confirmed receipt.
    Delivered,
}

impl UpstreamState {
    pub fn as_str(self) -> &'static str {
        match self {
            UpstreamState::Open => "open",
            UpstreamState::Cancelled => "cancelled",
            UpstreamState::Refunded => "refunded",
            UpstreamState::Delivered => "delivered",
        }
    }
}

/// What a delivery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new order.
    Created,
    /// A known order: its upstream change is on the timeline.
    Updated,
    /// Cancelled upstream: cancelled here with its open tasks.
    Cancelled,
    /// Cancelled or refunded upstream when that can no longer be undone
    /// here (shipped, completed): flagged on the timeline for a person.
    Flagged,
    /// Delivered upstream: the order, shipped here, completed.
    Completed,
    /// Older than what was applied already: ignored.
    Stale,
    /// A delivery taken before (a platform's retry): ignored.
    Replayed,
    /// Not about an order's content (a ping, a deletion notice, another
    /// topic): acknowledged, nothing done.
    Ignored,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Cancelled => "cancelled",
            Outcome::Flagged => "flagged",
            Outcome::Completed => "completed",
            Outcome::Stale => "stale",
            Outcome::Replayed => "replayed",
            Outcome::Ignored => "ignored",
        }
    }
}

/// One order as its platform last described it.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// The platform's own id of the order (stable; the number shown to
    /// people may differ).
    pub id: String,
    /// When the platform last changed it: a delivery older than what was
    /// applied already is stale.
    pub updated_at: OffsetDateTime,
    pub state: UpstreamState,
    pub order: NewOrder,
    /// Where each of `order.lines` sits in the payload
    /// (`line_items[2]`), so a refusal names the platform's field.
    pub line_paths: Vec<String>,
    /// The platform's id of each of `order.lines` (Shopify line item,
    /// Etsy transaction, Amazon OrderItemId, WooCommerce line item): what
    /// a fulfilment reported back names.
    pub line_ids: Vec<Option<String>>,
    /// Refunds the marketplace made (its after-sales): each opens a case.
    pub refunds: Vec<UpstreamRefund>,
}

/// A refund the marketplace reports in the order.
#[derive(Debug, Clone, PartialEq)]
pub struct UpstreamRefund {
    /// Stable within the order: the platform's refund id (and line).
    pub id: String,
    /// The platform's id of the refunded line; none for a refund of the
    /// whole order.
    pub line_id: Option<String>,
    pub quantity: Option<i64>,
    pub amount: Option<rust_decimal::Decimal>,
    pub reason: String,
}

impl Upstream {
    /// Checks the order as orderhub will take it (`NewOrder::normalize`),
    /// naming a refused field as the platform's payload does
    /// (`line_items[2].price`, not `lines[1].unit_price`).
    pub fn check(&self, kind: ChannelKind) -> Result<(), orderhub_domain::ValidationError> {
        self.order.clone().normalize().map(drop).map_err(|mut e| {
            e.field = self.payload_field(kind, &e.field);
            e
        })
    }

    fn payload_field(&self, kind: ChannelKind, field: &str) -> String {
        if let Some((i, tail)) = field
            .strip_prefix("lines[")
            .and_then(|rest| rest.split_once(']'))
        {
            let path = i.parse::<usize>().ok().and_then(|i| self.line_paths.get(i));
            let tail = tail.trim_start_matches('.');
            return match (path, tail) {
                (Some(p), "") => p.clone(),
                (Some(p), t) => format!("{p}.{}", line_field(kind, t)),
                (None, _) => field.to_owned(),
            };
        }
        order_field(kind, field).unwrap_or(field).to_owned()
    }
}

/// A line's field as each platform's payload names it.
fn line_field(kind: ChannelKind, field: &str) -> &str {
    use ChannelKind::*;
    match (kind, field) {
        (Amazon, "quantity") => "QuantityOrdered",
        (Shopify | Etsy, "unit_price") => "price",
        (Woocommerce, "unit_price" | "line_total") => "total",
        (Amazon, "unit_price" | "line_total") => "ItemPrice.Amount",
        (Shopify, "line_total") => "discount_allocations",
        (Woocommerce, "title") => "name",
        (Amazon, "title") => "Title",
        (Amazon, "platform_sku") => "SellerSKU",
        (_, "platform_sku") => "sku",
        (Shopify, "customization") => "properties",
        (Woocommerce, "customization") => "meta_data",
        (Etsy, "customization") => "variations",
        (_, other) => other,
    }
}

/// An order's field as each platform's payload names it.
fn order_field(kind: ChannelKind, field: &str) -> Option<&'static str> {
    use ChannelKind::*;
    Some(match (kind, field) {
        (Etsy, "currency") => "grandtotal.currency_code",
        (Amazon, "currency") => "order.OrderTotal.CurrencyCode",
        (_, "currency") => "currency",
        (Shopify, "total_amount") => "total_price",
        (Woocommerce, "total_amount") => "total",
        (Etsy, "total_amount") => "grandtotal",
        (Amazon, "total_amount") => "order.OrderTotal.Amount",
        (Shopify, "external_number") => "name",
        (Woocommerce, "external_number") => "number",
        (Etsy, "external_number") => "receipt_id",
        (Amazon, "external_number") => "order.AmazonOrderId",
        (Shopify, "customer.email") => "email",
        (Woocommerce, "customer.email") => "billing.email",
        (Etsy, "customer.email") => "buyer_email",
        (Amazon, "customer.email") => "order.BuyerInfo.BuyerEmail",
        (Shopify, "shipping_address.country") => "shipping_address.country_code",
        (Woocommerce, "shipping_address.country") => "shipping.country",
        (Etsy, "shipping_address.country") => "country_iso",
        (Amazon, "shipping_address.country") => "order.ShippingAddress.CountryCode",
        (Etsy, "lines") => "transactions",
        (Amazon, "lines") => "items.OrderItems",
        (_, "lines") => "line_items",
        _ => return None,
    })
}

/// A channel's settings that shape the orders it brings.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `pending` (an operator releases) or `purchasing` (released at once).
    pub default_status: Option<OrderStatus>,
    /// A line's platform SKU, or its title, to a category (id or name);
    /// lines not in the map are classified by their title's keywords.
    pub category_map: BTreeMap<String, String>,
}

impl Settings {
    /// A channel set to release at once asks for every order's release;
    /// the review gate holds what is not paid, has no address, … (the
    /// store runs `orderhub_domain::review` on it).
    fn apply(&self, order: &mut NewOrder) {
        order.status = Some(self.default_status.unwrap_or(OrderStatus::Pending));
        for line in &mut order.lines {
            let by_sku = line
                .platform_sku
                .as_ref()
                .and_then(|s| self.category_map.get(s));
            if let Some(category) = by_sku.or_else(|| self.category_map.get(&line.title)) {
                line.category = Some(category.clone());
            }
        }
    }
}

/// Percent-encodes a URL query or path value (RFC 3986: unreserved
/// characters kept, every other byte `%XX`).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
