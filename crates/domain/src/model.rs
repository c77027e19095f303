//! The model (DESIGN.md, "The model"): what the API accepts and returns.
//!
//! Request types deny unknown fields and are cleaned by `normalize`, which
//! trims text, applies limits and defaults, and names the offending field in
//! its error. Response types are what storage returns.

use crate::lifecycle::{OrderStatus, Party, TaskStatus};
use crate::money;
use crate::routing::Strategy;
use crate::sku::{self, DEFAULT_TEMPLATE, SkuTemplate};
use crate::validate::{ValidationError, email, in_range, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Largest quantity on one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

// ---------------------------------------------------------------- categories

/// A product type and how its orders are routed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Words that classify a product title into this category (any language).
    pub keywords: Vec<String>,
    pub sku_prefix: String,
    pub sku_template: String,
    pub strategy: Strategy,
    /// Suppliers serving the category, in rotation order.
    pub supplier_ids: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /categories`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    pub name: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Defaults to the name's first letters, upper case.
    pub sku_prefix: Option<String>,
    /// Defaults to `SKU{rand:8}`.
    pub sku_template: Option<String>,
    pub strategy: Option<Strategy>,
}

/// `PATCH /categories/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub sku_prefix: Option<String>,
    pub sku_template: Option<String>,
    pub strategy: Option<Strategy>,
}

impl NewCategory {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let name = required_text("name", &self.name, limits::SHORT)?;
        let sku_prefix = match self.sku_prefix {
            Some(p) => sku_prefix(&p)?,
            None => default_code(&name, "CAT"),
        };
        let sku_template = sku_template(self.sku_template.as_deref().unwrap_or(DEFAULT_TEMPLATE))?;
        Ok(Self {
            keywords: keywords(self.keywords)?,
            name,
            sku_prefix: Some(sku_prefix),
            sku_template: Some(sku_template),
            strategy: Some(self.strategy.unwrap_or_default()),
        })
    }
}

impl CategoryPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            name: self
                .name
                .map(|n| required_text("name", &n, limits::SHORT))
                .transpose()?,
            keywords: self.keywords.map(keywords).transpose()?,
            sku_prefix: self.sku_prefix.map(|p| sku_prefix(&p)).transpose()?,
            sku_template: self.sku_template.map(|t| sku_template(&t)).transpose()?,
            strategy: self.strategy,
        })
    }
}

fn keywords(list: Vec<String>) -> Result<Vec<String>, ValidationError> {
    if list.len() > limits::KEYWORDS {
        return Err(ValidationError::new(
            "keywords",
            "too_many",
            format!("at most {} keywords", limits::KEYWORDS),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let k =
            required_text("", k, limits::SHORT).map_err(|e| e.within(&format!("keywords[{i}]")))?;
        if !out.iter().any(|o| o.to_lowercase() == k.to_lowercase()) {
            out.push(k);
        }
    }
    Ok(out)
}

fn sku_prefix(p: &str) -> Result<String, ValidationError> {
    let p = p.trim();
    if p.chars().count() > 16 || !p.chars().all(sku::is_sku_char) {
        return Err(ValidationError::new(
            "sku_prefix",
            "invalid_sku_prefix",
            "at most 16 characters of A-Z a-z 0-9 - _ . /",
        ));
    }
    Ok(p.to_owned())
}

/// `POST /categories/{id}/sku-preview`: try a template before saving it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkuPreviewRequest {
    /// A template to try; the category's own when absent.
    pub template: Option<String>,
}

/// What the next SKU of a category would look like.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SkuPreview {
    pub template: String,
    pub sku: String,
}

/// Validates a SKU template, answering with the grammar's reason.
pub fn sku_template(t: &str) -> Result<String, ValidationError> {
    SkuTemplate::parse(t.trim())
        .map(|t| t.as_str().to_owned())
        .map_err(|e| ValidationError::new("sku_template", "invalid_sku_template", e.to_string()))
}

/// Upper-case ASCII letters and digits of `name`, at most 6, or `fallback`.
pub fn default_code(name: &str, fallback: &str) -> String {
    let code: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(6)
        .collect::<String>()
        .to_ascii_uppercase();
    if code.is_empty() {
        fallback.to_owned()
    } else {
        code
    }
}

// ----------------------------------------------------------------- suppliers

/// A maker that serves one or more categories.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Supplier {
    pub id: String,
    pub name: String,
    /// Short code used by the `{supplier}` SKU token.
    pub code: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub weight: i64,
    /// Category ids, in the order the supplier joined them.
    pub categories: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /suppliers`. `categories` are category ids or names.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSupplier {
    pub name: String,
    pub code: Option<String>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    pub active: Option<bool>,
    /// Share of tasks under the `weighted` strategy (0–1000, default 1).
    pub weight: Option<i64>,
}

/// `PATCH /suppliers/{id}`: only the fields given change; `categories`
/// replaces the whole list (a supplier keeps its rotation place in the
/// categories it stays in).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierPatch {
    pub name: Option<String>,
    pub code: Option<String>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub categories: Option<Vec<String>>,
    pub active: Option<bool>,
    pub weight: Option<i64>,
}

fn supplier_code(c: &str) -> Result<String, ValidationError> {
    let c = c.trim();
    if c.is_empty() || c.chars().count() > 16 || !c.chars().all(sku::is_sku_char) {
        return Err(ValidationError::new(
            "code",
            "invalid_code",
            "1 to 16 characters of A-Z a-z 0-9 - _ . /",
        ));
    }
    Ok(c.to_owned())
}

fn category_refs(list: Vec<String>) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let c = required_text("", c, limits::SHORT)
            .map_err(|e| e.within(&format!("categories[{i}]")))?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

impl NewSupplier {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let name = required_text("name", &self.name, limits::NAME)?;
        let code = match self.code {
            Some(c) => supplier_code(&c)?,
            None => default_code(&name, "SUP"),
        };
        Ok(Self {
            code: Some(code),
            contact: optional_text("contact", self.contact.as_deref(), limits::NAME)?,
            email: email("email", self.email.as_deref())?,
            phone: optional_text("phone", self.phone.as_deref(), limits::SHORT)?,
            categories: category_refs(self.categories)?,
            active: Some(self.active.unwrap_or(true)),
            weight: Some(in_range("weight", self.weight.unwrap_or(1), 0, 1000)?),
            name,
        })
    }
}

impl SupplierPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            name: self
                .name
                .map(|n| required_text("name", &n, limits::NAME))
                .transpose()?,
            code: self.code.map(|c| supplier_code(&c)).transpose()?,
            contact: self
                .contact
                .map(|c| {
                    optional_text("contact", Some(&c), limits::NAME).map(Option::unwrap_or_default)
                })
                .transpose()?,
            email: self
                .email
                .map(|e| email("email", Some(&e)).map(Option::unwrap_or_default))
                .transpose()?,
            phone: self
                .phone
                .map(|p| {
                    optional_text("phone", Some(&p), limits::SHORT).map(Option::unwrap_or_default)
                })
                .transpose()?,
            categories: self.categories.map(category_refs).transpose()?,
            active: self.active,
            weight: self
                .weight
                .map(|w| in_range("weight", w, 0, 1000))
                .transpose()?,
        })
    }
}

// -------------------------------------------------------------------- orders

/// The buyer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Where the goods go.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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

/// One product line of a new order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLine {
    pub title: String,
    /// Category id or name; when absent the title's keywords decide.
    pub category: Option<String>,
    pub quantity: i64,
    #[schema(value_type = String, example = "12.50")]
    pub unit_price: Decimal,
    /// Personalisation kept exactly as given (engraving text, image URL, size…).
    pub customization: Option<Value>,
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
    /// `pending` (default) or `purchasing` to release it at once.
    pub status: Option<OrderStatus>,
    pub customer: Customer,
    pub shipping_address: Option<Address>,
    pub lines: Vec<NewLine>,
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
            "invalid_platform",
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
        })
    }
}

impl Address {
    fn normalize(self) -> Result<Self, ValidationError> {
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ValidationError::new(
                "country",
                "invalid_country",
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
                    "too_large",
                    format!("at most {} bytes of JSON", limits::CUSTOMIZATION_BYTES),
                ));
            }
        }
        Ok(Self {
            title: required_text("title", &self.title, limits::NAME)?,
            category: optional_text("category", self.category.as_deref(), limits::SHORT)?,
            quantity: in_range("quantity", self.quantity, 1, MAX_QUANTITY)?,
            unit_price: money::amount("unit_price", self.unit_price, currency)?,
            customization: self.customization.filter(|c| !c.is_null()),
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
                "invalid_initial_status",
                "a new order is pending or purchasing",
            ));
        }
        if self.lines.is_empty() || self.lines.len() > limits::LINES {
            return Err(ValidationError::new(
                "lines",
                "invalid_line_count",
                format!("an order has 1 to {} lines", limits::LINES),
            ));
        }
        let lines = self
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
            total_amount: self
                .total_amount
                .map(|a| money::amount("total_amount", a, &currency))
                .transpose()?,
            placed_at: self.placed_at,
            status: Some(status),
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
        })
    }
}

/// Why a line has no task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Unrouted {
    /// `no_category_matched`, `ambiguous_category`, `unknown_category`,
    /// `no_supplier`, `no_active_supplier`, `all_suppliers_rejected`,
    /// `task_cancelled`.
    pub code: String,
    pub detail: String,
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
    #[schema(value_type = String, example = "12.50")]
    pub unit_price: Decimal,
    pub customization: Option<Value>,
    /// Set while the line could not be routed.
    pub unrouted: Option<Unrouted>,
}

/// A customer order with its lines and tasks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: String,
    pub platform: String,
    pub external_number: String,
    pub status: OrderStatus,
    pub currency: String,
    #[schema(value_type = Option<String>, example = "25.00")]
    pub total_amount: Option<Decimal>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub placed_at: Option<OffsetDateTime>,
    pub customer: Customer,
    pub shipping_address: Option<Address>,
    pub lines: Vec<Line>,
    pub tasks: Vec<Task>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

// --------------------------------------------------------------------- tasks

/// One line routed to one supplier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Task {
    pub id: String,
    pub order_id: String,
    pub line_id: String,
    pub supplier_id: String,
    pub category_id: String,
    pub sku: String,
    pub status: TaskStatus,
    pub quantity: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub production_started_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub produced_at: Option<OffsetDateTime>,
    /// Logistics platform.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub note: Option<String>,
    pub reject_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `PATCH /tasks/{id}`: only the fields given change; `""` clears a text.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub production_started_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub produced_at: Option<OffsetDateTime>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub note: Option<String>,
}

impl TaskPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let text = |f: &str, v: Option<String>, max| {
            v.map(|v| optional_text(f, Some(&v), max).map(Option::unwrap_or_default))
                .transpose()
        };
        Ok(Self {
            carrier: text("carrier", self.carrier, limits::SHORT)?,
            tracking_number: text("tracking_number", self.tracking_number, limits::SHORT)?,
            note: text("note", self.note, limits::TEXT)?,
            ..self
        })
    }

    pub fn is_empty(&self) -> bool {
        self.due_at.is_none()
            && self.production_started_at.is_none()
            && self.produced_at.is_none()
            && self.carrier.is_none()
            && self.tracking_number.is_none()
            && self.note.is_none()
    }
}

/// `POST /tasks/{id}/transitions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskTransition {
    pub to: TaskStatus,
    /// Required to reject.
    pub reason: Option<String>,
    /// Required to ship (unless already set on the task).
    pub carrier: Option<String>,
    /// Required to ship (unless already set on the task).
    pub tracking_number: Option<String>,
}

impl TaskTransition {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            to: self.to,
            reason: optional_text("reason", self.reason.as_deref(), limits::TEXT)?,
            carrier: optional_text("carrier", self.carrier.as_deref(), limits::SHORT)?,
            tracking_number: optional_text(
                "tracking_number",
                self.tracking_number.as_deref(),
                limits::SHORT,
            )?,
        })
    }
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

// ---------------------------------------------------------------------- lists

/// One page of a keyset-paginated list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

// --------------------------------------------------------------------- actors

/// Who is making a change; recorded in every event it causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// e.g. `token:bootstrap`, `user:ada@example.com`, `system`.
    pub label: String,
    pub party: Party,
}

impl Actor {
    /// orderhub's own automation.
    pub fn system() -> Self {
        Self {
            label: "system".into(),
            party: Party::System,
        }
    }
}

// -------------------------------------------------------------------- events

/// An append-only record of a change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub order_id: Option<String>,
    pub task_id: Option<String>,
    /// e.g. `order.created`, `order.status_changed`, `task.routed`.
    pub kind: String,
    /// `token:<name>`, `system`, …
    pub actor: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub details: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
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
            assert_eq!((e.field.as_str(), e.code), (field, code), "{ptr}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut v = base();
        v["surprise"] = json!(1);
        assert!(serde_json::from_value::<NewOrder>(v).is_err());
    }

    #[test]
    fn category_defaults() {
        let c: NewCategory = serde_json::from_value(json!({"name": "Phone cases"})).unwrap();
        let c = c.normalize().unwrap();
        assert_eq!(c.sku_prefix.as_deref(), Some("PHONEC"));
        assert_eq!(c.sku_template.as_deref(), Some(DEFAULT_TEMPLATE));
        assert_eq!(c.strategy, Some(Strategy::RoundRobin));
        let c: NewCategory =
            serde_json::from_value(json!({"name": "杯子", "sku_template": "X{rand:2}"})).unwrap();
        assert_eq!(c.normalize().unwrap_err().code, "invalid_sku_template");
    }
}
