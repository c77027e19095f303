//! The stock check (确认库存): whether what is available covers the lines
//! whose SKUs are stocked, so an order is never promised goods that are
//! not there.

use super::{Facts, LineFacts, Problem};
use crate::inventory::sku_key;
use rust_decimal::Decimal;
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

    #[cfg(test)]
    fn short(&self, facts: &Facts<'_>) -> Vec<Problem> {
        self.fill(facts).0
    }

    /// The lines short of stock, as a release would fill them (each line
    /// from the first location with all of it, earlier lines' units
    /// taken), and the lines that will be made: a SKU nobody stocks, or a
    /// short line a person releases.
    pub(super) fn fill<'f>(&self, facts: &'f Facts<'f>) -> (Vec<Problem>, Vec<&'f LineFacts<'f>>) {
        let mut left = self.0.clone();
        let mut short = Vec::new();
        let mut made = Vec::new();
        for line in facts.lines.iter().filter(|l| !l.no_task) {
            let places = line
                .platform_sku
                .and_then(|sku| left.get_mut(&sku_key(sku)));
            let Some(places) = places else {
                made.push(line);
                continue;
            };
            let quantity = line.quantity;
            if let Some(place) = places.iter_mut().find(|a| **a >= quantity) {
                *place -= quantity;
                continue;
            }
            short.push(Problem::ShortStock {
                line_no: line.line_no,
                sku: line.platform_sku.unwrap_or_default().to_owned(),
                quantity,
                available: places.iter().copied().max().unwrap_or(0),
            });
            made.push(line);
        }
        (short, made)
    }
}

/// Products' materials (by product code) and the materials in stock.
#[derive(Debug, Clone, Default)]
pub struct MaterialNeeds {
    per_product: HashMap<String, Vec<(String, Decimal)>>,
    available: HashMap<String, i64>,
}

impl MaterialNeeds {
    /// Product `code` uses `per_unit` of material `sku` per unit.
    pub fn add_use(&mut self, code: &str, sku: &str, per_unit: Decimal) {
        let uses = self.per_product.entry(sku_key(code)).or_default();
        uses.push((sku.to_owned(), per_unit));
    }

    /// `available` units of material `sku` are in stock (anywhere).
    pub fn add_stock(&mut self, sku: &str, available: i64) {
        *self.available.entry(sku_key(sku)).or_default() += available;
    }

    /// Materials the lines to be made need more of than is in stock,
    /// each once with the total the order needs.
    pub(super) fn short(&self, made: &[&LineFacts<'_>]) -> Vec<Problem> {
        let mut need: Vec<(String, i64)> = Vec::new();
        for line in made {
            let Some(uses) = line
                .platform_sku
                .and_then(|code| self.per_product.get(&sku_key(code)))
            else {
                continue;
            };
            for (sku, per_unit) in uses {
                let n = crate::inventory::needed(*per_unit, line.quantity);
                match need.iter_mut().find(|(s, _)| sku_key(s) == sku_key(sku)) {
                    Some((_, total)) => *total += n,
                    None => need.push((sku.clone(), n)),
                }
            }
        }
        need.into_iter()
            .filter_map(|(sku, needed)| {
                let available = self.available.get(&sku_key(&sku)).copied().unwrap_or(0);
                (needed > available).then_some(Problem::ShortMaterial {
                    sku,
                    needed,
                    available,
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
            holds: Vec::new(),
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

    #[test]
    fn materials_count_only_what_will_be_made() {
        let mut stock = StockLevels::default();
        stock.add("BOOT-1", 1);
        let mut materials = MaterialNeeds::default();
        materials.add_use("boot-1", "LEATHER", "0.5".parse().unwrap());
        materials.add_use("BOOT-1", "SOLE", "2".parse().unwrap());
        materials.add_stock("leather", 2);
        materials.add_stock("SOLE", 10);
        // 1 from stock, 2 × 3 made: 3 m of leather (2 in stock), 6 soles
        let f = facts(&[("BOOT-1", 1), ("boot-1", 3), ("BOOT-1", 2)]);
        let (short, made) = stock.fill(&f);
        assert_eq!(short.len(), 2, "the two made lines are short of boots");
        assert_eq!(made.len(), 2);
        assert_eq!(
            materials.short(&made),
            [Problem::ShortMaterial {
                sku: "LEATHER".into(),
                needed: 3,
                available: 2
            }]
        );
    }
}
