//! Stock movements as the API and the web forms carry them, checked.

use crate::ErrorCode;
use crate::validate::{ValidationError, in_range, limits, optional_text, required_text};
use serde::Deserialize;
use std::collections::HashSet;
use utoipa::ToSchema;

/// Units one location may hold of one SKU.
pub const MAX_UNITS: i64 = 1_000_000_000;
/// Units one movement may move.
const MAX_MOVE: i64 = 1_000_000;
/// SKUs one stocktake may count.
pub const MAX_COUNT_LINES: usize = 1_000;
/// A location's code.
const CODE: usize = 32;

/// A SKU as stock is keyed by (the catalogue keys product codes the same
/// way): trimmed, lower case.
pub fn sku_key(sku: &str) -> String {
    sku.trim().to_lowercase()
}

fn sku(field: &str, value: &str) -> Result<String, ValidationError> {
    required_text(field, value, limits::SHORT)
}

fn units(field: &str, value: i64) -> Result<i64, ValidationError> {
    in_range(field, value, 1, MAX_MOVE)
}

/// `POST /stock/locations`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLocation {
    /// Short and unique, e.g. `SZ-1`.
    pub code: String,
    pub name: String,
    /// The supplier that picks and ships from it (the seller's own
    /// warehouse team is a supplier too).
    #[serde(default)]
    pub supplier_id: Option<String>,
}

impl NewLocation {
    pub fn validate(self) -> Result<Self, ValidationError> {
        let code = required_text("code", &self.code, CODE)?;
        if code.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(
                "code",
                ErrorCode::InvalidCode,
                "a location code has no spaces (e.g. SZ-1)",
            ));
        }
        Ok(NewLocation {
            code,
            name: required_text("name", &self.name, limits::NAME)?,
            supplier_id: optional_text("supplier_id", self.supplier_id.as_deref(), limits::SHORT)?,
        })
    }
}

/// `PATCH /stock/locations/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationPatch {
    pub name: Option<String>,
    /// The supplier that picks and ships from it; `""` clears it (its
    /// stock is then not for orders).
    pub supplier_id: Option<String>,
}

impl LocationPatch {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(LocationPatch {
            name: self
                .name
                .map(|n| required_text("name", &n, limits::NAME))
                .transpose()?,
            supplier_id: self
                .supplier_id
                .map(|s| {
                    optional_text("supplier_id", Some(&s), limits::SHORT)
                        .map(Option::unwrap_or_default)
                })
                .transpose()?,
        })
    }
}

/// `POST /stock/receipts`: units came in (入库).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReceipt {
    pub sku: String,
    /// The location's code.
    pub location: String,
    pub quantity: i64,
    /// What it is (kept the first time the SKU arrives at the location).
    #[serde(default)]
    pub title: Option<String>,
    /// A delivery note or shipment number.
    #[serde(default)]
    pub reference: Option<String>,
}

impl NewReceipt {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(NewReceipt {
            sku: sku("sku", &self.sku)?,
            location: required_text("location", &self.location, CODE)?,
            quantity: units("quantity", self.quantity)?,
            title: optional_text("title", self.title.as_deref(), limits::NAME)?,
            reference: optional_text("reference", self.reference.as_deref(), limits::NAME)?,
        })
    }
}

/// `POST /stock/issues`: units went out not against an order (出库).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIssue {
    pub sku: String,
    pub location: String,
    pub quantity: i64,
    /// Why: a sample, scrap, a sale elsewhere.
    pub reason: String,
    #[serde(default)]
    pub reference: Option<String>,
}

impl NewIssue {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(NewIssue {
            sku: sku("sku", &self.sku)?,
            location: required_text("location", &self.location, CODE)?,
            quantity: units("quantity", self.quantity)?,
            reason: required_text("reason", &self.reason, limits::TEXT)?,
            reference: optional_text("reference", self.reference.as_deref(), limits::NAME)?,
        })
    }
}

/// `POST /stock/transfers`: units move between locations.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTransfer {
    pub sku: String,
    pub from: String,
    pub to: String,
    pub quantity: i64,
    #[serde(default)]
    pub reference: Option<String>,
}

impl NewTransfer {
    pub fn validate(self) -> Result<Self, ValidationError> {
        let from = required_text("from", &self.from, CODE)?;
        let to = required_text("to", &self.to, CODE)?;
        if sku_key(&from) == sku_key(&to) {
            return Err(ValidationError::new(
                "to",
                ErrorCode::Conflicting,
                "a transfer goes to another location",
            ));
        }
        Ok(NewTransfer {
            sku: sku("sku", &self.sku)?,
            from,
            to,
            quantity: units("quantity", self.quantity)?,
            reference: optional_text("reference", self.reference.as_deref(), limits::NAME)?,
        })
    }
}

/// One SKU counted on the shelf.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub sku: String,
    pub counted: i64,
}

/// `POST /stock/stocktakes`: what was counted at a location (盘点); each
/// difference is recorded as an adjustment with the reason.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStocktake {
    pub location: String,
    pub counts: Vec<Count>,
    /// Why the figures differ (a monthly count, damage found).
    pub reason: String,
}

impl NewStocktake {
    pub fn validate(self) -> Result<Self, ValidationError> {
        if self.counts.is_empty() {
            return Err(ValidationError::new(
                "counts",
                ErrorCode::Required,
                "count at least one SKU",
            ));
        }
        if self.counts.len() > MAX_COUNT_LINES {
            return Err(ValidationError::new(
                "counts",
                ErrorCode::TooMany,
                format!("at most {MAX_COUNT_LINES} SKUs per stocktake"),
            ));
        }
        let mut seen = HashSet::new();
        let mut counts = Vec::with_capacity(self.counts.len());
        for (i, c) in self.counts.into_iter().enumerate() {
            let at = |e: ValidationError| e.within(&format!("counts[{i}]"));
            let sku = sku("sku", &c.sku).map_err(at)?;
            if !seen.insert(sku_key(&sku)) {
                return Err(at(ValidationError::new(
                    "sku",
                    ErrorCode::DuplicateLine,
                    format!("{sku} is counted twice"),
                )));
            }
            let counted = in_range("counted", c.counted, 0, MAX_UNITS).map_err(at)?;
            counts.push(Count { sku, counted });
        }
        Ok(NewStocktake {
            location: required_text("location", &self.location, CODE)?,
            counts,
            reason: required_text("reason", &self.reason, limits::TEXT)?,
        })
    }
}

/// `POST /stock/reservations`: units set aside, for an order or by hand.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReservation {
    pub sku: String,
    /// The location to take from; none: the one with the most available.
    #[serde(default)]
    pub location: Option<String>,
    pub quantity: i64,
    /// The order the units are for.
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl NewReservation {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(NewReservation {
            sku: sku("sku", &self.sku)?,
            location: optional_text("location", self.location.as_deref(), CODE)?,
            quantity: units("quantity", self.quantity)?,
            order_id: optional_text("order_id", self.order_id.as_deref(), limits::SHORT)?,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
        })
    }
}

/// `PUT /stock/items/{id}/threshold`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetThreshold {
    /// Alert when available falls to this or below; none: never.
    pub low_at: Option<i64>,
}

impl SetThreshold {
    pub fn validate(self) -> Result<Self, ValidationError> {
        let low_at = match self.low_at {
            Some(t) => Some(in_range("low_at", t, 0, MAX_UNITS)?),
            None => None,
        };
        Ok(SetThreshold { low_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_checked_field_by_field() {
        let r = NewReceipt {
            sku: " MUG-11 ".into(),
            location: "SZ-1".into(),
            quantity: 0,
            title: None,
            reference: None,
        };
        assert_eq!(r.clone().validate().unwrap_err().field, "quantity");
        let ok = NewReceipt { quantity: 5, ..r }.validate().unwrap();
        assert_eq!(ok.sku, "MUG-11");
        let t = NewTransfer {
            sku: "a".into(),
            from: "SZ-1".into(),
            to: "sz-1".into(),
            quantity: 1,
            reference: None,
        };
        assert_eq!(t.validate().unwrap_err().code, ErrorCode::Conflicting);
        let loc = NewLocation {
            code: "SZ 1".into(),
            name: "x".into(),
            supplier_id: None,
        };
        assert_eq!(loc.validate().unwrap_err().code, ErrorCode::InvalidCode);
    }

    #[test]
    fn a_stocktake_counts_each_sku_once() {
        let count = |sku: &str, counted| Count {
            sku: sku.into(),
            counted,
        };
        let st = NewStocktake {
            location: "SZ-1".into(),
            counts: vec![count("A", 1), count("a ", 2)],
            reason: "monthly".into(),
        };
        let e = st.validate().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("counts[1].sku", ErrorCode::DuplicateLine)
        );
        let st = NewStocktake {
            location: "SZ-1".into(),
            counts: vec![count("A", -1)],
            reason: "monthly".into(),
        };
        assert_eq!(st.validate().unwrap_err().field, "counts[0].counted");
        let st = NewStocktake {
            location: "SZ-1".into(),
            counts: vec![],
            reason: "monthly".into(),
        };
        assert_eq!(st.validate().unwrap_err().code, ErrorCode::Required);
    }
}
