//! Suppliers: the makers, and the categories they serve.

use super::category::default_code;
use crate::ErrorCode;
use crate::sku;
use crate::validate::{ValidationError, email, in_range, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

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
    /// Whether its people see the customer's phone on their orders
    /// (default no: the address is what shipping needs).
    pub sees_customer_phone: bool,
    /// The seller's own workshop (自产, in-house), not a partner.
    #[serde(default)]
    pub internal: bool,
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
    /// Show the customer's phone to this supplier (default `false`).
    #[serde(default)]
    pub sees_customer_phone: Option<bool>,
    /// The seller's own workshop (default `false`: a partner).
    #[serde(default)]
    pub internal: Option<bool>,
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
    pub sees_customer_phone: Option<bool>,
    pub internal: Option<bool>,
}

fn supplier_code(c: &str) -> Result<String, ValidationError> {
    let c = c.trim();
    if c.is_empty() || c.chars().count() > 16 || !c.chars().all(sku::is_sku_char) {
        return Err(ValidationError::new(
            "code",
            ErrorCode::InvalidCode,
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
            sees_customer_phone: Some(self.sees_customer_phone.unwrap_or(false)),
            internal: Some(self.internal.unwrap_or(false)),
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
            sees_customer_phone: self.sees_customer_phone,
            internal: self.internal,
        })
    }
}
