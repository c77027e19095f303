//! Materials (BOM-light, 物料): what one unit of a product uses — leather,
//! soles, thread, beads — so the review can say whether the materials in
//! stock cover what an order needs made.

use super::sku_key;
use crate::ErrorCode;
use crate::validate::{ValidationError, limits, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::ToSchema;

/// Materials one product may list.
pub const MAX_MATERIALS: usize = 50;

/// One material and how much of it a unit of the product uses (in the
/// material's stock unit: pieces, metres, grams).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub sku: String,
    /// Up to 4 decimals, e.g. `0.25` (a quarter metre).
    #[schema(value_type = String)]
    pub per_unit: Decimal,
}

/// `PUT /products/{id}/materials`: the whole list (empty clears it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Materials {
    pub materials: Vec<Material>,
}

impl Materials {
    /// At most [`MAX_MATERIALS`], each SKU once, each amount above 0 and
    /// at most 1,000,000 with 4 decimals.
    pub fn validate(self) -> Result<Self, ValidationError> {
        if self.materials.len() > MAX_MATERIALS {
            return Err(ValidationError::new(
                "materials",
                ErrorCode::TooMany,
                format!("at most {MAX_MATERIALS} materials per product"),
            ));
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(self.materials.len());
        for (i, m) in self.materials.into_iter().enumerate() {
            let at = |e: ValidationError| e.within(&format!("materials[{i}]"));
            let sku = required_text("sku", &m.sku, limits::SHORT).map_err(at)?;
            if !seen.insert(sku_key(&sku)) {
                let e = ValidationError::new(
                    "sku",
                    ErrorCode::DuplicateLine,
                    format!("{sku} is listed twice"),
                );
                return Err(at(e));
            }
            let most = Decimal::from(1_000_000);
            if m.per_unit <= Decimal::ZERO || m.per_unit > most || m.per_unit.scale() > 4 {
                let e = ValidationError::new(
                    "per_unit",
                    ErrorCode::OutOfRange,
                    "above 0, at most 1,000,000, with at most 4 decimals",
                );
                return Err(at(e));
            }
            out.push(Material {
                sku,
                per_unit: m.per_unit.normalize(),
            });
        }
        Ok(Materials { materials: out })
    }
}

/// Units of material a line of `quantity` units uses, rounded up (a
/// quarter metre each for 3 units takes 1 metre off the roll).
pub fn needed(per_unit: Decimal, quantity: i64) -> i64 {
    let total = per_unit * Decimal::from(quantity);
    i64::try_from(total.ceil()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(sku: &str, per_unit: &str) -> Material {
        Material {
            sku: sku.into(),
            per_unit: per_unit.parse().unwrap(),
        }
    }

    #[test]
    fn a_list_is_checked_and_amounts_round_up() {
        let ok = Materials {
            materials: vec![m(" LEATHER ", "0.2500"), m("SOLE-42", "2")],
        }
        .validate()
        .unwrap();
        assert_eq!(ok.materials[0], m("LEATHER", "0.25"));
        let twice = Materials {
            materials: vec![m("a", "1"), m("A ", "1")],
        };
        let e = twice.validate().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("materials[1].sku", ErrorCode::DuplicateLine)
        );
        for bad in ["0", "-1", "0.00001", "1000001"] {
            let e = Materials {
                materials: vec![m("a", bad)],
            }
            .validate()
            .unwrap_err();
            assert_eq!(e.field, "materials[0].per_unit", "{bad}");
        }
        assert_eq!(needed("0.25".parse().unwrap(), 3), 1);
        assert_eq!(needed("0.25".parse().unwrap(), 4), 1);
        assert_eq!(needed("2".parse().unwrap(), 5), 10);
    }
}
