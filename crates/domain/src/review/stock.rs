//! The stock check (确认库存): whether what is available covers the lines
//! whose SKUs are stocked, so an order is never promised goods that are
//! not there.

use super::{Facts, Problem};
use crate::inventory::sku_key;
use std::collections::HashMap;

/// Units available per SKU key at each location that ships orders, in the
/// order a release offers them.
#[derive(Debug, Clone, Default)]
pub struct StockLevels(HashMap<String, Vec<i64>>);

impl StockLevels {
    /// Adds a location holding `available` units of `sku` (any case).
    pub fn add(&mut self, sku: &str, available: i64) {
        self.0.entry(sku_key(sku)).or_default().push(available);
    }

    /// The lines short of stock, as a release would fill them: each line
    /// from the first location with all of it, earlier lines' units
    /// taken. A SKU nobody stocks is made: not short.
    pub(super) fn short(&self, facts: &Facts<'_>) -> Vec<Problem> {
        let mut left = self.0.clone();
        facts
            .lines
            .iter()
            .filter(|l| !l.no_task)
            .filter_map(|line| {
                let sku = line.platform_sku?;
                let places = left.get_mut(&sku_key(sku))?;
                let quantity = line.quantity;
                if let Some(place) = places.iter_mut().find(|a| **a >= quantity) {
                    *place -= quantity;
                    return None;
                }
                Some(Problem::ShortStock {
                    line_no: line.line_no,
                    sku: sku.to_owned(),
                    quantity,
                    available: places.iter().copied().max().unwrap_or(0),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaymentStatus;
    use crate::review::LineFacts;

    fn facts<'a>(lines: &[(&'a str, i64)]) -> Facts<'a> {
        Facts {
            payment: PaymentStatus::Paid,
            address: None,
            platform: "etsy",
            currency: "USD",
            total: None,
            customer_email: None,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, (sku, quantity))| LineFacts {
                    line_no: i as i64 + 1,
                    unit_price: None,
                    platform_sku: Some(sku),
                    quantity: *quantity,
                    no_task: false,
                })
                .collect(),
        }
    }

    #[test]
    fn lines_of_one_sku_share_its_units_and_unstocked_skus_pass() {
        let mut levels = StockLevels::default();
        levels.add("MUG-11", 5);
        levels.add("mug-11 ", 2);
        assert!(
            levels
                .short(&facts(&[("mug-11", 5), ("TEE-1", 9)]))
                .is_empty()
        );
        assert!(
            levels
                .short(&facts(&[("mug-11", 5), ("MUG-11", 2)]))
                .is_empty()
        );
        // 6 in all, but no location has 6: the release would make it
        assert_eq!(levels.short(&facts(&[("MUG-11", 6)])).len(), 1);
        let short = levels.short(&facts(&[("MUG-11", 4), ("Mug-11", 3)]));
        assert_eq!(
            short,
            [Problem::ShortStock {
                line_no: 2,
                sku: "Mug-11".into(),
                quantity: 3,
                available: 2
            }]
        );
        assert!(short[0].to_string().contains("wait for stock"));
    }
}
